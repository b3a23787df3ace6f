"""``python -m ftkit.emulator``: serve the emulator over HTTP until interrupted.

The options are those of ``ftkit emulator serve`` (one definition, in ``_options.py``); this
entry point needs no extra beyond h11, which comes with httpx.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from ._options import Settings, argument_parser, serve


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``python -m ftkit.emulator``.

    >>> build_parser().parse_args(["--port", "9000"]).port
    9000
    """
    return argument_parser("python -m ftkit.emulator")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the server until Ctrl-C; returns the exit status (2 for a bad option, with its usage line).

    >>> main(["--speed", "0"])
    2
    """
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    return serve(Settings.of(vars(args)))


if __name__ == "__main__":
    raise SystemExit(main())
