"""How the CLI shows things: rich tables for people, JSON for scripts.

Server text (event messages, file names) can contain square brackets, which rich would
read as markup; every console here has markup off and styles are given explicitly.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

import click
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .._checks import json_form

F = TypeVar("F", bound=Callable[..., Any])

#: Width of tables when stdout is not a terminal (a pipe, a file): wide enough that ids
#: and model names are never folded, so `grep` finds them whole.
PIPE_WIDTH = 200

Cell = str | Text | None


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # rich would exit 1 here; the command decides (a reader that left early is no failure).
        raise BrokenPipeError


def console(*, stderr: bool = False) -> Console:
    """A console on the current stdout (or stderr), looked up now so test runners that
    swap ``sys.stdout`` see the output."""
    stream = sys.stderr if stderr else sys.stdout
    out = _Console(file=stream, markup=False, highlight=False, emoji=False)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out.width = PIPE_WIDTH
    return out


def json_option(function: F) -> F:
    """The ``--json`` flag of every command that prints data."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(function)


def print_json(data: Any) -> None:
    """Pretty JSON on stdout, generated models as the API sent them (timestamps stay Unix seconds)."""
    click.echo(json.dumps(json_form(data), indent=2, default=str))


def print_json_line(data: Any) -> None:
    """One compact JSON document on one line (for streams: ``jobs follow --json``)."""
    click.echo(json.dumps(json_form(data), default=str), nl=True)


def when(timestamp: Any, *, time_only: bool = False) -> str:
    """A Unix timestamp in local time; empty when there is none."""
    if not isinstance(timestamp, (int, float)) or isinstance(timestamp, bool) or timestamp <= 0:
        return ""
    moment = datetime.fromtimestamp(timestamp)
    return moment.strftime("%H:%M:%S" if time_only else "%Y-%m-%d %H:%M:%S")


def size(count: Any) -> str:
    """A byte count for people: ``2.4 kB``."""
    if not isinstance(count, int):
        return ""
    value = float(count)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{count} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{count} B"  # pragma: no cover - the loop always returns


def counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural unless there is one.

    >>> counted(1, "job"), counted(3, "job")
    ('1 job', '3 jobs')
    """
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def number(value: Any, digits: int = 4) -> str:
    """A metric value, or empty when absent."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    return f"{value:.{digits}g}" if isinstance(value, float) else str(value)


STATUS_STYLES: Mapping[str, str] = {
    "succeeded": "green",
    "failed": "red",
    "cancelled": "yellow",
    "running": "cyan",
    "paused": "yellow",
    "queued": "blue",
    "validating_files": "blue",
    "processed": "green",
    "error": "red",
}


def status_text(status: Any) -> Text:
    """A job (or file) status, coloured by what it means."""
    name = str(getattr(status, "value", status) or "")
    return Text(name, style=STATUS_STYLES.get(name, ""))


def table(columns: Sequence[str], rows: Iterable[Sequence[Cell]], *, title: str | None = None) -> Table:
    """A table for people: a header line, no borders, ids never folded."""
    out = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left", pad_edge=False, show_edge=False)
    for name in columns:
        out.add_column(name, no_wrap=name in ("ID", "MODEL", "FINE-TUNED MODEL", "CHECKPOINT"), overflow="fold")
    for row in rows:
        out.add_row(*(cell if isinstance(cell, Text) else Text(cell or "") for cell in row))
    return out


def details(pairs: Iterable[tuple[str, Cell]]) -> Table:
    """Key-value lines (``jobs get``, ``files get``); empty values are left out."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for key, value in pairs:
        if value is None or (isinstance(value, (str, Text)) and not str(value)):
            continue
        grid.add_row(Text(key), value if isinstance(value, Text) else Text(value))
    return grid


def show(renderable: Any) -> None:
    """Print a table or text on stdout."""
    console().print(renderable)
