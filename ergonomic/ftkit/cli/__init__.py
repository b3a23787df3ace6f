"""The ``ftkit`` command: files, jobs, graders, training-data checks, a local emulator, a demo.

Install it with the ``cli`` extra (``pip install 'ftkit[cli]'``), then::

    ftkit demo                                   # a whole fine-tuning job, offline, in seconds
    ftkit validate train.jsonl                   # check a training file before paying for it
    ftkit jobs create --model gpt-4o-mini-2024-07-18 --training-file train.jsonl --wait
    ftkit jobs list --json                       # every command that prints data has --json

``main`` is the console script; ``python -m ftkit.cli`` runs the same thing. The click group
itself is ``ftkit.cli.cli`` (for ``click.testing.CliRunner``).

Exit codes: 0 done, 1 a job failed or the data is invalid, 2 a usage error, 3 the server could
not be reached, 130 interrupted.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._app import cli as cli

__all__ = ["cli", "main"]

# What the command line needs beyond ftkit itself: the `cli` extra.
_EXTRA_MODULES = ("click", "rich")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``ftkit`` command with ``argv`` (default: the process's arguments); returns the exit code.

    >>> main(["--version"])  # doctest: +ELLIPSIS
    ftkit, version ...
    0
    """
    try:
        from ._app import cli
    except ImportError as exc:
        if exc.name not in _EXTRA_MODULES:
            raise
        print(
            f"ftkit: the command line needs {exc.name}, which is not installed: pip install 'ftkit[cli]'",
            file=sys.stderr,
        )
        return 2
    try:
        cli.main(args=None if argv is None else list(argv), prog_name="ftkit", standalone_mode=True)
    except SystemExit as exc:
        if exc.code is None:
            return 0
        return exc.code if isinstance(exc.code, int) else 1
    return 0


def __getattr__(name: str) -> Any:
    # The click group is imported on first use, so `import ftkit.cli` works without the extra.
    if name == "cli":
        from ._app import cli

        return cli
    raise AttributeError(f"module 'ftkit.cli' has no attribute {name!r}")
