"""Where uploaded files live: one temporary directory per emulator, removed when it is closed.

Uploads go to disk as they arrive (never whole into memory), and the training-data validator
reads them from there: the file the emulator holds is the file it checks.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import tempfile
import threading
import weakref
from typing import IO, Any

from ._http import FileSink


class FileStore:
    """A directory of stored files, created on first use and deleted by :meth:`close` (or at exit).

    >>> store = FileStore()
    >>> sink = store.sink()
    >>> sink.write(b"hello")
    >>> sink.finish()
    >>> open(sink.handle, "rb").read()
    b'hello'
    >>> store.close()
    """

    def __init__(self) -> None:
        self._root: str | None = None
        self._names = itertools.count(1)
        self._lock = threading.Lock()
        self._finalizer: weakref.finalize[Any, Any] | None = None

    @property
    def root(self) -> str:
        """The directory, created now if needed."""
        with self._lock:
            if self._root is None:
                self._root = tempfile.mkdtemp(prefix="ftkit-emulator-")
                self._finalizer = weakref.finalize(self, shutil.rmtree, self._root, ignore_errors=True)
            return self._root

    def sink(self) -> StoreSink:
        """A new file to write an upload into; its path is the sink's ``handle``."""
        return StoreSink(os.path.join(self.root, f"file-{next(self._names)}"))

    def write(self, data: bytes) -> str:
        """Store ``data`` as a new file and return its path.

        >>> store = FileStore(); path = store.write(b"x"); os.path.getsize(path); store.close()
        1
        """
        sink = self.sink()
        sink.write(data)
        sink.finish()
        return str(sink.handle)

    def remove(self, path: str) -> None:
        """Delete a stored file (readers that already opened it keep reading)."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)

    def close(self) -> None:
        """Delete the directory and everything in it."""
        if self._finalizer is not None:
            self._finalizer()
        self._root = None


class StoreSink(FileSink):
    """An upload being written to its file in the store."""

    def __init__(self, path: str) -> None:
        self.handle = path
        self._file: IO[bytes] | None = open(path, "wb")  # noqa: SIM115  (closed by finish or discard)

    def write(self, data: bytes) -> None:
        assert self._file is not None
        self._file.write(data)

    def finish(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def discard(self) -> None:
        self.finish()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.handle)
