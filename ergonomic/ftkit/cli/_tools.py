"""``ftkit emulator serve``: the same command as ``python -m ftkit.emulator``, its options
taken from the one table in ``ftkit.emulator._options``, so it behaves the same whichever
way it is started."""

from __future__ import annotations

from typing import Any

import click

from ..emulator._options import click_options as serve_options


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
    from ._env import error_line

    code = run(Settings.of(options), report=error_line)
    if code:
        raise click.exceptions.Exit(code)
