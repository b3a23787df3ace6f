"""Files written whole or not at all: what ftkit writes that a reader or a rerun relies on
(an export's files, a run's ``run.json`` and compacted ``results.jsonl``, the HTML report,
an upload's resume state).

>>> import pathlib, tempfile
>>> target = pathlib.Path(tempfile.mkdtemp()) / "run.json"
>>> with replaced(target, "w") as out:
...     _ = out.write("{}")
>>> target.read_text()
'{}'
>>> with replaced(target, "w") as out:
...     _ = out.write('{"half": ')
...     raise OSError("disk full")
Traceback (most recent call last):
...
OSError: disk full
>>> target.read_text(), sorted(p.name for p in target.parent.iterdir())
('{}', ['run.json'])
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

__all__ = ["replaced"]


@contextmanager
def replaced(path: Path, mode: str = "wb", encoding: str | None = None) -> Iterator[IO[Any]]:
    """A file to write ``path`` through: a temporary file beside it, named for this process and
    thread (no other writer uses it; a leftover of a killed run starts with a dot and is
    overwritten by the next), renamed over ``path`` when the block ends. When the block fails,
    the temporary file is removed and the error goes on; ``path`` is left as it was."""
    if "b" not in mode and encoding is None:
        encoding = "utf-8"
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.part")
    try:
        with temporary.open(mode, encoding=encoding) as out:
            yield out
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
