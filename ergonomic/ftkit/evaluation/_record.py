"""A run's directory: ``run.json`` (what was run) and ``results.jsonl`` (one line per answer).

``results.jsonl`` is appended one complete line per write, with the file opened unbuffered
(``os.write`` of the whole line), so a killed run leaves whole lines; a line cut short anyway
(the machine went down mid-write) is dropped when the file is next opened for appending.
A later line for the same example replaces an earlier one (a transient failure retried by a
rerun, a regrade): readers take each example's last line.

An index of the file (:class:`ResultIndex`) keeps, per example id, the offset of its last
line, its status and its score: arrays of a few bytes per example, not the lines themselves.

>>> import tempfile
>>> directory = tempfile.mkdtemp()
>>> with ResultWriter(results_path(directory)) as out:
...     out.write({"id": 3, "status": "answered", "score": 1.0})
>>> index = ResultIndex.scan(results_path(directory))
>>> index.status(3), index.score(3), index.status(1)
('answered', 1.0, None)
"""

from __future__ import annotations

import datetime
import json
import math
import os
import threading
from array import array
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, Final

from .._atomic import replaced
from .._version import __version__
from ..errors import FtkitError, ValidationError

__all__ = ["FORMAT", "STATUSES", "ResultIndex", "ResultWriter", "RunFormatError", "compact", "read_record",
           "read_run_json", "require_run", "results_path", "run_json_path", "write_run_json"]  # fmt: skip

#: The layout's name and version, in ``run.json``.
FORMAT: Final = "ftkit-eval/1"
#: An example's status: answered; failed for good (a 400: recorded, not sent again); failed
#: for now (its retries spent on a 429, a 5xx or the network: sent again by a rerun).
STATUSES: Final = ("answered", "failed", "retryable")
_CODES: Final = {name: code for code, name in enumerate(STATUSES, start=1)}


class RunFormatError(FtkitError):
    """A run directory that cannot be read (no ``run.json``, or a file that is not ftkit's)."""


def results_path(directory: str | os.PathLike[str]) -> Path:
    """``DIR/results.jsonl``."""
    return Path(directory) / "results.jsonl"


def run_json_path(directory: str | os.PathLike[str]) -> Path:
    """``DIR/run.json``."""
    return Path(directory) / "run.json"


def read_run_json(directory: str | os.PathLike[str]) -> dict[str, Any] | None:
    """A run directory's ``run.json``, or None when there is none; ``RunFormatError`` when it
    does not read."""
    path = run_json_path(directory)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise RunFormatError(f"cannot read {path}: {exc.strerror}") from None
    try:
        found = json.loads(text)
    except ValueError as exc:
        raise RunFormatError(f"{path} is not JSON: {exc}") from None
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        raise RunFormatError(f"{path} is not an ftkit evaluation run ({FORMAT})")
    return found


def write_run_json(directory: str | os.PathLike[str], run: Mapping[str, Any]) -> None:
    """Write ``run.json`` whole (a temporary file renamed), with the format and ftkit's version."""
    path = run_json_path(directory)
    content = {"format": FORMAT, "ftkit_version": __version__, **run}
    content.setdefault("created_at", _now())
    content["updated_at"] = _now()
    with replaced(path, "w") as out:
        out.write(json.dumps(content, indent=2, ensure_ascii=False) + "\n")


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def require_run(directory: str | os.PathLike[str], argument: str = "directory") -> dict[str, Any]:
    """The ``run.json`` of an existing run, or ``ValidationError`` naming ``argument``."""
    found = read_run_json(directory)
    if found is None:
        raise ValidationError(
            argument, os.fspath(directory), "a directory written by an evaluation run (it has run.json)"
        )
    return found


def repair(path: Path) -> None:
    """Drop a last line cut short (no newline), so the next line appended starts on its own."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    if size == 0:
        return
    with path.open("rb+") as stream:
        stream.seek(size - 1)
        if stream.read(1) == b"\n":
            return
        # Walk back to the last newline (a line is rarely long: read back in chunks).
        end = size
        while end > 0:
            start = max(0, end - (1 << 16))
            stream.seek(start)
            chunk = stream.read(end - start)
            cut = chunk.rfind(b"\n")
            if cut >= 0:
                stream.truncate(start + cut + 1)
                return
            end = start
        stream.truncate(0)


class ResultWriter:
    """Appends results to ``results.jsonl``: one complete line per ``write`` (a single
    ``os.write`` of the whole line, no buffer), safe from several threads."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        repair(self.path)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self._lock = threading.Lock()

    def write(self, record: Mapping[str, Any]) -> None:
        """Append ``record`` as one JSON line."""
        line = (json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n").encode()
        with self._lock:
            view = memoryview(line)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]

    def close(self) -> None:
        with self._lock:
            if self._fd >= 0:
                os.close(self._fd)
                self._fd = -1

    def __enter__(self) -> ResultWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def iter_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each complete line of ``results.jsonl`` with its byte offset (a line cut short, or one
    that does not read, is skipped)."""
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        return
    with stream:
        offset = 0
        for raw in stream:
            start, offset = offset, offset + len(raw)
            if not raw.endswith(b"\n"):
                return
            try:
                record = json.loads(raw)
            except ValueError:
                continue
            if isinstance(record, dict) and isinstance(record.get("id"), int) and record["id"] >= 0:
                yield start, record


def read_record(path: Path, offset: int) -> dict[str, Any]:
    """The line of ``results.jsonl`` at ``offset``."""
    with path.open("rb") as stream:
        stream.seek(offset)
        record = json.loads(stream.readline())
    if not isinstance(record, dict):  # pragma: no cover - only lines that read are indexed
        raise RunFormatError(f"{path}: no result at offset {offset}")
    return record


class ResultIndex:
    """Per example id (a line number of the data): the offset of its last line in
    ``results.jsonl``, its status and its score (NaN: none). Memory: 17 bytes an example."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._offsets: array[int] = array("q")
        self._codes = bytearray()
        self._scores: array[float] = array("d")
        self._graded_with = bytearray()  # 1 when the score is the current grader's
        #: Lines indexed (more than the examples when some were recorded twice).
        self.lines = 0

    @classmethod
    def scan(cls, path: str | os.PathLike[str], grader_sha256: str | None = None) -> ResultIndex:
        """Index ``path``; with ``grader_sha256``, only grades made by that grader count as scores."""
        index = cls(Path(path))
        for offset, record in iter_lines(index.path):
            index.add(record, offset, grader_sha256)
        return index

    def _grow(self, example_id: int) -> None:
        missing = example_id + 1 - len(self._codes)
        if missing > 0:
            self._offsets.extend([-1] * missing)
            self._codes.extend(bytes(missing))
            self._scores.extend([math.nan] * missing)
            self._graded_with.extend(bytes(missing))

    def add(self, record: Mapping[str, Any], offset: int = -1, grader_sha256: str | None = None) -> None:
        """Take ``record`` (written at ``offset``) as its example's latest line."""
        example_id = int(record["id"])
        self._grow(example_id)
        self.lines += 1
        self._offsets[example_id] = offset
        self._codes[example_id] = _CODES.get(str(record.get("status")), 0)
        score = record.get("score")
        current = grader_sha256 is None or record.get("graded_with") == grader_sha256
        valid = isinstance(score, (int, float)) and not isinstance(score, bool) and current
        self._scores[example_id] = float(score) if valid and score is not None else math.nan
        self._graded_with[example_id] = 1 if valid else 0

    def status(self, example_id: int) -> str | None:
        if example_id >= len(self._codes) or not self._codes[example_id]:
            return None
        return STATUSES[self._codes[example_id] - 1]

    def done(self, example_id: int) -> bool:
        """Whether the example is recorded for good (answered, or failed for good)."""
        return self.status(example_id) in ("answered", "failed")

    def score(self, example_id: int) -> float | None:
        if example_id >= len(self._scores) or math.isnan(self._scores[example_id]):
            return None
        return self._scores[example_id]

    def offset(self, example_id: int) -> int:
        return self._offsets[example_id] if example_id < len(self._offsets) else -1

    def ids(self) -> Iterator[int]:
        """The ids of every recorded example, in order."""
        return (i for i, code in enumerate(self._codes) if code)

    def record(self, example_id: int) -> dict[str, Any]:
        """The example's last line."""
        return read_record(self.path, self._offsets[example_id])

    def counts(self) -> dict[str, int]:
        """How many examples have each status."""
        found = dict.fromkeys(STATUSES, 0)
        for code in self._codes:
            if code:
                found[STATUSES[code - 1]] += 1
        return found

    def mean_score(self) -> float | None:
        """The mean score of the graded examples, an example that failed for good scoring 0
        (None when nothing is graded)."""
        if not self.graded():
            return None
        total, count = 0.0, 0
        for example_id, code in enumerate(self._codes):
            if code == _CODES["answered"] and not math.isnan(self._scores[example_id]):
                total += self._scores[example_id]
                count += 1
            elif code == _CODES["failed"]:
                count += 1
        return total / count if count else None

    def graded(self) -> bool:
        """Whether any example has a score."""
        return any(self._graded_with)


def compact(path: Path, index: ResultIndex) -> None:
    """Rewrite ``results.jsonl`` with each example's last line only, in id order (a temporary
    file renamed), when some example has more than one line."""
    ids = list(index.ids())
    if index.lines <= len(ids):
        return
    with path.open("rb") as source, replaced(path) as out:
        for example_id in ids:
            source.seek(index.offset(example_id))
            out.write(source.readline())
