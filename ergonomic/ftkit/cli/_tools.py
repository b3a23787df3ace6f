"""``ftkit emulator serve``: a thin wrapper over ``python -m ftkit.emulator``, so it behaves
the same whichever way it is started."""

from __future__ import annotations

import click


@click.group("emulator")
def emulator_group() -> None:
    """A local emulator of the fine-tuning API."""


@emulator_group.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8089, show_default=True, help="Port; 0 picks a free one."
)
@click.option(
    "--speed",
    type=click.FloatRange(min=0, min_open=True),
    default=1.0,
    show_default=True,
    help="Emulated seconds per real second (20 runs a default job in a few seconds).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for ids and loss curves.")
@click.option("--api-key", "accept_key", metavar="KEY", help="Accept only this bearer key (default: any key).")
@click.option("--log-level", default="INFO", show_default=True, help="Logging level; DEBUG shows every request.")
def serve(host: str, port: int, speed: float, seed: int, accept_key: str | None, log_level: str) -> None:
    """Serve the emulator over HTTP until Ctrl-C.

    Then point any client at it, e.g. `ftkit --base-url http://127.0.0.1:8089/v1 jobs list`.
    """
    from ..emulator.__main__ import main

    argv = ["--host", host, "--port", str(port), "--speed", repr(speed), "--seed", str(seed), "--log-level", log_level]
    if accept_key is not None:
        argv += ["--api-key", accept_key]
    code = main(argv)
    if code:
        raise click.exceptions.Exit(code)
