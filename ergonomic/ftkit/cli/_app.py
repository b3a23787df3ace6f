"""The root ``ftkit`` group: global options, the client, and how errors become exit codes.

Every failure ends the same way: one line on stderr, ``ftkit: error: ...`` (with the
request id when the server gave one), and an exit code a script can branch on. Only
``--debug`` shows tracebacks (and logs every request).
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from typing import Any

import click

from .._version import __version__
from ._env import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_UNREACHABLE, EXIT_USAGE, Env, error_line, is_local

#: Emulated seconds per real second of the in-process emulator of ``--emulator``: a default
#: job (about a minute of emulated time) then takes a few seconds.
EMULATOR_SPEED = 20.0
#: The levels of --log-level.
LOG_LEVELS = ("debug", "info", "warning", "error")


# click 8.2+ shows a group's help through this error when the group is called bare; that
# help must come out whole, not folded onto one line.
_HELP_ERRORS: tuple[type[BaseException], ...] = tuple(
    error for error in (getattr(click.exceptions, "NoArgsIsHelpError", None),) if error is not None
)


def _click_error(exc: click.ClickException) -> click.exceptions.Exit:
    """One line for click's own errors (bad options and the like), instead of its usage block."""
    message = exc.format_message()
    misplaced = _global_option(exc)
    if misplaced is not None and isinstance(exc, click.UsageError) and exc.ctx is not None:
        message = (
            f"{misplaced} is an option of ftkit itself: put it before the command"
            f" (ftkit {misplaced} ... {exc.ctx.command_path.split(' ', 1)[-1]} ...)"
        )
    elif isinstance(exc, click.UsageError) and exc.ctx is not None:
        message += f" (see '{exc.ctx.command_path} --help')"
    error_line(message)
    return click.exceptions.Exit(exc.exit_code)


def _global_option(exc: click.ClickException) -> str | None:
    """The option of the root group a subcommand was given (``ftkit jobs list --base-url X``), if that is the error."""
    if not isinstance(exc, click.NoSuchOption) or exc.ctx is None or exc.ctx.parent is None:
        return None
    root = exc.ctx.find_root().command
    names = {name for param in root.params for name in (*param.opts, *param.secondary_opts)}
    return exc.option_name if exc.option_name in names else None


class _Root(click.Group):
    """The ``ftkit`` group, which turns exceptions into one line on stderr and an exit code.

    Its commands are imported when one is run (or asked for its help), not before: ``ftkit
    --help`` and ``ftkit validate`` do not import the client, httpx or rich. ``lazy`` maps a
    command's name to its module, the command's name there, and its one-line help (for the
    list of commands; a test keeps it equal to the command's own).
    """

    lazy: dict[str, tuple[str, str, str]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = {}

    def add_lazy_command(self, name: str, module: str, attribute: str, short_help: str) -> None:
        """Register a command by where it lives; it is imported on first use."""
        self.lazy[name] = (module, attribute, short_help)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            module, attribute, _ = self.lazy[cmd_name]
            command = getattr(importlib.import_module(module, __package__), attribute)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in self.commands:
                command = self.commands[name]
                if command.hidden:
                    continue
                rows.append((name, command.get_short_help_str(formatter.width)))
            else:
                rows.append((name, self.lazy[name][2]))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except _HELP_ERRORS:
            raise
        except click.ClickException as exc:
            raise _click_error(exc) from None
        except BrokenPipeError:
            # `ftkit --help | head -1`
            quiet_stdout()
            raise click.exceptions.Exit(EXIT_OK) from None

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
            # `ftkit jobs list | head`: the reader left, having read what it wanted; a quiet
            # success, as for other Unix tools.
            quiet_stdout()
            raise click.exceptions.Exit(EXIT_OK) from None
        except Exception as exc:
            env = ctx.find_object(Env)
            if env is not None and env.debug:
                raise
            code, message = describe(exc, env)
            error_line(message)
            raise click.exceptions.Exit(code) from None


def describe(exc: Exception, env: Env | None = None) -> tuple[int, str]:
    """The exit code and the one-line message for an exception that ended a command."""
    from ..errors import (
        APIConnectionError,
        APIResponseValidationError,
        APIStatusError,
        AuthenticationError,
        FtkitError,
        MissingAPIKeyError,
        ValidationError,
    )

    if isinstance(exc, AuthenticationError) and env is not None and env.placeholder_key:
        # The server's own words ("Incorrect API key provided") blame a key the user never gave.
        variable = "AZURE_OPENAI_API_KEY" if env.azure() else "OPENAI_API_KEY"
        return EXIT_FAILED, (
            "the server refused the request (401): no API key was given, so ftkit sent a placeholder key,"
            " which only a server that takes any key accepts (ftkit's emulator started without --api-key);"
            f" give this server's key in {variable} (or --api-key). The server said: {exc}"
        )
    if isinstance(exc, ValidationError):
        # Bad input caught before any request: a usage error, named by the argument.
        return EXIT_USAGE, str(exc)
    if isinstance(exc, MissingAPIKeyError):
        return EXIT_USAGE, f"{exc} (or use --api-key; --emulator runs against a local emulator without a key)"
    if isinstance(exc, APIConnectionError):
        # No answer at all, after the retries (and, when watching, the patience): a script
        # may try again later; the job, if any, is not affected.
        return EXIT_UNREACHABLE, f"could not reach the server: {exc}"
    if isinstance(exc, APIStatusError) and exc.status_code >= 500:
        return EXIT_UNREACHABLE, f"the server failed to answer: {exc}"
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
    help="API key (default: the OPENAI_API_KEY environment variable, which is safer: an option is visible"
    " to other local users).",
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
    help="Azure OpenAI's API: v1 (the default), preview, or a dated api-version such as 2024-10-21"
    " (default: OPENAI_API_VERSION, else v1).",
)
@click.option(
    "--azure-ad",
    is_flag=True,
    help="Authenticate to Azure OpenAI (and Azure Resource Manager) with Microsoft Entra ID:"
    " azure-identity's DefaultAzureCredential (pip install 'ftkit[azure]').",
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
    envvar="FTKIT_EMULATOR_SPEED",
    show_envvar=True,
    help="Emulated seconds per real second of --emulator.",
)
@click.option(
    "--log-level",
    type=click.Choice(LOG_LEVELS, case_sensitive=False),
    help="Log ftkit's messages of this level and above to stderr (--debug also shows tracebacks).",
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
    azure_ad: bool,
    emulator: bool,
    emulator_speed: float,
    log_level: str | None,
    debug: bool,
) -> None:
    """ftkit: fine-tune OpenAI models from the command line (OpenAI or Azure OpenAI).

    Start with `ftkit demo`: a whole fine-tuning job against a local emulator, in seconds.
    Every command that prints data takes --json. Exit codes: 0 done, 1 job failed or
    data invalid, 2 usage error, 3 server not reached, 130 interrupted.
    """
    if debug or log_level:
        _log_to_stderr(ctx, "debug" if debug else str(log_level))
    if emulator and base_url:
        raise click.UsageError("--emulator and --base-url both say where to send requests; give one")
    if azure_endpoint and (emulator or base_url):
        given = "--emulator" if emulator else "--base-url"
        raise click.UsageError(f"--azure-endpoint and {given} both say where to send requests; give one")
    if api_key and not emulator:
        if azure_endpoint:
            _warn_about_key_option(azure_endpoint, "AZURE_OPENAI_API_KEY")
        else:
            _warn_about_key_option(base_url)
    env = Env(
        api_key=api_key,
        base_url=base_url,
        emulator=emulator,
        emulator_speed=emulator_speed,
        debug=debug,
        azure_endpoint=azure_endpoint,
        api_version=api_version,
        azure_ad=azure_ad,
    )
    ctx.obj = env
    ctx.call_on_close(env.close)


def quiet_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush to a closed pipe says nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass  # stdout is not a file descriptor (tests capture it): nothing will be flushed to a pipe


def _warn_about_key_option(base_url: str | None, variable: str = "OPENAI_API_KEY") -> None:
    """A key on the command line shows in the process list and the shell history: say so,
    unless it is for a server on this machine (the emulator takes any key)."""
    url = base_url or os.environ.get("OPENAI_BASE_URL")
    if url and is_local(url):
        return
    click.echo(
        "ftkit: warning: --api-key is visible to other users of this machine (process list, shell history);"
        f" prefer the {variable} environment variable",
        err=True,
    )


def _log_to_stderr(ctx: click.Context, level: str) -> None:
    """Send ftkit's log from ``level`` up (debug: every request, with its request id) to stderr for this command."""
    logger = logging.getLogger("ftkit")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(level.upper())

    def restore() -> None:
        # Commands also run inside other programs (tests, notebooks): leave logging as found.
        logger.removeHandler(handler)
        logger.setLevel(previous)

    ctx.call_on_close(restore)


#: The commands: name, module, the command's name there, its one-line help.
COMMANDS = (
    ("azure", "._azure", "azure", "Azure OpenAI only: deployments (Azure Resource Manager)."),
    ("checkpoints", "._checkpoints", "checkpoints", "Fine-tuned checkpoints: who may use them, copies (Azure)."),
    ("demo", "._demo", "demo", "Run a whole fine-tuning job, offline by default."),
    ("emulator", "._tools", "emulator_group", "A local emulator of the fine-tuning API."),
    ("eval", "._eval", "eval_group", "Record, grade and compare models' answers on held-out data."),
    ("export", "._lifecycle", "export", "Export jobs, events, checkpoints, metrics and files to a directory."),
    ("files", "._files", "files", "Upload, list, get, download and delete files."),
    ("graders", "._graders", "graders", "Check and run graders (reinforcement fine-tuning)."),
    ("jobs", "._jobs", "jobs", "Create, inspect, control and watch fine-tuning jobs."),
    (
        "models",
        "._models",
        "models",
        "List models (base and fine-tuned) with their shutdown dates; delete a fine-tuned model.",
    ),
    ("validate", "._validate", "validate", "Check a training file before upload: format, tokens, cost."),
)


def _register() -> None:
    # The subcommands live in their own modules, imported when a command runs (start-up time).
    root = cli
    assert isinstance(root, _Root)
    for name, module, attribute, short_help in COMMANDS:
        root.add_lazy_command(name, module, attribute, short_help)


_register()

__all__ = ["EMULATOR_SPEED", "cli"]
