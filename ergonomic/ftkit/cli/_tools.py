"""``ftkit validate`` and ``ftkit emulator serve``: thin wrappers over commands that exist
already (``ftkit.data.cli_main`` and ``python -m ftkit.emulator``), so each behaves the same
whichever way it is started: ``emulator serve`` takes its options from the one table in
``ftkit.emulator._options``."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..emulator._options import click_options as serve_options


@click.command(
    "validate",
    # Every argument goes to ftkit.data's own parser, --help included, so the two stay one command.
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []},
    add_help_option=False,
    short_help="Check a training file before upload: format, tokens, cost.",
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def validate(args: tuple[str, ...]) -> None:
    """Check a fine-tuning JSONL file before upload (see `ftkit validate --help`).

    Exit 0 valid, 1 invalid, 2 bad arguments.
    """
    from ..data import cli_main

    code = cli_main(list(args), stdout=sys.stdout, stderr=sys.stderr)
    if code:
        raise click.exceptions.Exit(code)


@click.group("emulator")
def emulator_group() -> None:
    """A local emulator of the fine-tuning API."""


@emulator_group.command("serve")
@serve_options
def serve(**options: Any) -> None:
    """Serve the emulator over HTTP until Ctrl-C.

    Then point any client at it, e.g. `ftkit --base-url http://127.0.0.1:8089/v1 jobs list`,
    or an SDK with OPENAI_BASE_URL. The options are those of `python -m ftkit.emulator`.
    """
    from ..emulator._options import Settings
    from ..emulator._options import serve as run

    code = run(Settings.of(options))
    if code:
        raise click.exceptions.Exit(code)
