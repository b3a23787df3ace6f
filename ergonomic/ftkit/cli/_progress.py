"""The progress bar of an upload (``ftkit files upload``), on stderr so stdout stays the answer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

from ..uploads import UploadProgress
from ._render import console

MiB = 1 << 20


@contextmanager
def upload_progress(name: str, show: bool | None) -> Iterator[Callable[[UploadProgress], None] | None]:
    """An ``on_progress`` drawing a bar on stderr while the block runs (None when not shown).

    ``show`` None: a bar only when stderr is a terminal.
    """
    out = console(stderr=True)
    if show is False or (show is None and not out.is_terminal):
        yield None
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(binary_units=True),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[parts]}"),
        console=out,
        transient=out.is_terminal,  # elsewhere (a log) the last state stays
    )
    task = bar.add_task(f"uploading {name}", total=None, parts="")

    def on_progress(progress: UploadProgress) -> None:
        parts = f"part {progress.parts_done}/{progress.parts_total}" if progress.parts_total else ""
        if progress.resumed_bytes:
            parts += f" (resumed: {progress.resumed_bytes // MiB} MiB already sent)"
        bar.update(task, completed=progress.bytes_sent, total=progress.bytes_total, parts=parts)

    with bar:
        yield on_progress
