"""The root ``ftkit`` group: global options, the client, and how errors become exit codes.

Every failure ends the same way: one line on stderr, ``ftkit: error: ...`` (with the
request id when the server gave one), and an exit code a script can branch on. Only
``--debug`` shows tracebacks (and logs every request).
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from .._version import __version__
from ..errors import APIResponseValidationError, APIStatusError, FtkitError, MissingAPIKeyError, ValidationError
from ._env import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, Env, error_line

#: Emulated seconds per real second of the in-process emulator of ``--emulator``: a default
#: job (about a minute of emulated time) then takes a few seconds.
EMULATOR_SPEED = 20.0


# click 8.2+ shows a group's help through this error when the group is called bare; that
# help must come out whole, not folded onto one line.
_HELP_ERRORS: tuple[type[BaseException], ...] = tuple(
    error for error in (getattr(click.exceptions, "NoArgsIsHelpError", None),) if error is not None
)


def _click_error(exc: click.ClickException) -> click.exceptions.Exit:
    """One line for click's own errors (bad options and the like), instead of its usage block."""
    message = exc.format_message()
    if isinstance(exc, click.UsageError) and exc.ctx is not None:
        message += f" (see '{exc.ctx.command_path} --help')"
    error_line(message)
    return click.exceptions.Exit(exc.exit_code)


class _Root(click.Group):
    """The ``ftkit`` group, which turns exceptions into one line on stderr and an exit code."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except _HELP_ERRORS:
            raise
        except click.ClickException as exc:
            raise _click_error(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.Exit:
            raise
        except _HELP_ERRORS:
            raise
        except click.ClickException as exc:
            raise _click_error(exc) from None
        except (KeyboardInterrupt, click.exceptions.Abort) as exc:
            # Abort is how click reports Ctrl-C (or end of input) inside a prompt.
            detail = str(exc) if isinstance(exc, KeyboardInterrupt) else ""
            error_line(f"interrupted{': ' + detail if detail else ''}", prefix="ftkit: ")
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            # `ftkit jobs list | head`: the reader left; nothing more to say to it.
            sys.stderr.close()
            raise click.exceptions.Exit(EXIT_FAILED) from None
        except Exception as exc:
            env = ctx.find_object(Env)
            if env is not None and env.debug:
                raise
            code, message = _describe(exc)
            error_line(message)
            raise click.exceptions.Exit(code) from None


def _describe(exc: Exception) -> tuple[int, str]:
    """The exit code and the one-line message for an exception that ended a command."""
    if isinstance(exc, ValidationError):
        # Bad input caught before any request: a usage error, named by the argument.
        return EXIT_USAGE, str(exc)
    if isinstance(exc, MissingAPIKeyError):
        return EXIT_USAGE, f"{exc} (or use --api-key; --emulator runs against a local emulator without a key)"
    if isinstance(exc, APIStatusError):
        # str() already carries the request id.
        return EXIT_FAILED, str(exc)
    if isinstance(exc, APIResponseValidationError):
        request_id = f" (request id {exc.request_id})" if exc.request_id else ""
        return EXIT_FAILED, f"{exc.message}{request_id}"
    if isinstance(exc, FtkitError):
        # A refused connection, a failed job, a wait that timed out: the message says which.
        return EXIT_FAILED, str(exc)
    if isinstance(exc, ImportError):
        # An optional dependency (matplotlib for plots, ...): its message says what to install.
        return EXIT_FAILED, str(exc)
    if isinstance(exc, OSError):
        return EXIT_FAILED, f"{exc.strerror or exc}{': ' + str(exc.filename) if exc.filename else ''}"
    return EXIT_FAILED, f"unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback)"


@click.group(cls=_Root, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--api-key",
    metavar="KEY",
    help="API key (default: the OPENAI_API_KEY environment variable).",
)
@click.option(
    "--base-url",
    metavar="URL",
    help="API base URL (default: OPENAI_BASE_URL, else https://api.openai.com/v1).",
)
@click.option(
    "--azure-endpoint",
    metavar="URL",
    help="Talk to Azure OpenAI at this resource endpoint (default: AZURE_OPENAI_ENDPOINT); --api-key is then"
    " the Azure key (default: AZURE_OPENAI_API_KEY).",
)
@click.option(
    "--api-version",
    metavar="VERSION",
    help="Azure OpenAI's api-version, e.g. 2024-10-21 (default: OPENAI_API_VERSION).",
)
@click.option(
    "--emulator",
    is_flag=True,
    help="Run against a fresh in-process emulator (no key, no network); it lives as long as the command.",
)
@click.option(
    "--emulator-speed",
    type=click.FloatRange(min=0, min_open=True),
    default=EMULATOR_SPEED,
    show_default=True,
    help="Emulated seconds per real second of --emulator.",
)
@click.option("--debug", is_flag=True, help="Log every request and show tracebacks.")
@click.version_option(__version__, prog_name="ftkit")
@click.pass_context
def cli(
    ctx: click.Context,
    api_key: str | None,
    base_url: str | None,
    azure_endpoint: str | None,
    api_version: str | None,
    emulator: bool,
    emulator_speed: float,
    debug: bool,
) -> None:
    """ftkit: fine-tune OpenAI models from the command line (OpenAI or Azure OpenAI).

    Start with `ftkit demo`: a whole fine-tuning job against a local emulator, in seconds.
    Every command that prints data takes --json. Exit codes: 0 done, 1 job failed or
    data invalid, 2 usage error, 130 interrupted.
    """
    if debug:
        _log_requests(ctx)
    if emulator and base_url:
        raise click.UsageError("--emulator and --base-url both say where to send requests; give one")
    if azure_endpoint and (emulator or base_url):
        given = "--emulator" if emulator else "--base-url"
        raise click.UsageError(f"--azure-endpoint and {given} both say where to send requests; give one")
    env = Env(
        api_key=api_key,
        base_url=base_url,
        emulator=emulator,
        emulator_speed=emulator_speed,
        debug=debug,
        azure_endpoint=azure_endpoint,
        api_version=api_version,
    )
    ctx.obj = env
    ctx.call_on_close(env.close)


def _log_requests(ctx: click.Context) -> None:
    """Send ftkit's debug log (every request, with its request id) to stderr for this command."""
    logger = logging.getLogger("ftkit")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)

    def restore() -> None:
        # Commands also run inside other programs (tests, notebooks): leave logging as found.
        logger.removeHandler(handler)
        logger.setLevel(previous)

    ctx.call_on_close(restore)


def _register() -> None:
    # The subcommands live in their own modules; imported here so `cli` is complete on import.
    from ._demo import demo
    from ._files import files
    from ._graders import graders
    from ._jobs import jobs
    from ._lifecycle import export, replay
    from ._models import models
    from ._tools import emulator_group
    from ._validate import validate

    for command in (validate, files, jobs, graders, emulator_group, demo):
        cli.add_command(command)
    for command in (models, export):
        cli.add_command(command)
    jobs.add_command(replay)


_register()

__all__ = ["EMULATOR_SPEED", "cli"]
