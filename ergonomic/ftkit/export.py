"""Export everything a server holds about your fine-tuning to a directory, readable without ftkit.

``client.export(directory)`` writes, for each job: its object, every event (oldest first),
its checkpoints, its result files and the metrics parsed from them, and the content of its
training and validation files; then the models list and a manifest (ftkit version, server,
time, counts, sha256 and size of every file). The layout is in ``docs/lifecycle.md``:

```
manifest.json                          written last: a complete export has one
models.jsonl                           GET /models, one model a line
jobs/<job id>/job.json                 the job object, written after everything else of the job
jobs/<job id>/events.jsonl             every event, oldest first
jobs/<job id>/checkpoints.jsonl        every checkpoint, newest first (the API's order)
jobs/<job id>/result_files/<id>.csv    the result files, as served
jobs/<job id>/metrics.csv              step,train_loss,train_accuracy,valid_loss,valid_accuracy,...
files/<file id>/file.json              the file object, written after its content
files/<file id>/<filename>             the file's content (training and validation files)
```

**Complete or absent.** Every file is written under a temporary name in its directory and
renamed when complete, so an interrupted export leaves whole files only; a job's
``job.json`` and a file's ``file.json`` are written last, so their presence means the rest
is there. **Resumable.** A second run lists the jobs again (it must, to see new ones) and
fetches only what is new or missing: a finished job whose ``job.json`` equals the server's
answer is skipped whole, a file already stored is not downloaded again, a running job
fetches only the events newer than those stored. **Bounded.** Downloads stream to disk
(memory does not grow with file size, with the blocking client); the jobs are exported together,
at most ``concurrency`` requests in flight.

The library prints nothing: ``on_progress`` hears of each step (:class:`ExportProgress`), one
call at a time; an exception it raises stops the export (the other jobs stop where they
are), which a later run resumes. One set of flows (``_list_flow``, ``_job_flow``) serves
``Client.export`` and ``AsyncClient.export``.

Example::

    result = client.export("backup/", since="2026-01-01", on_progress=print)
    print(result.jobs, result.fetched_jobs, result.bytes_downloaded)
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import os
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import httpx
from ftkit_api.types import UNSET, read_json

from ._atomic import replaced
from ._calls import endpoint, parser
from ._checks import check_bool, check_job_ids, check_max_in_flight
from ._flow import Call, Flow
from ._resource import AsyncResource, Plan, Resource, SyncResource, Wiring, result, run, run_all, send
from ._version import __version__
from .errors import MetricsFormatError, NotFoundError, ValidationError
from .metrics import MetricRow, from_events, parse_csv
from .pagination import Cursor, next_page
from .replay import sha256_of

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ._executor import RequestOptions

# Imported on first use (``_calls.endpoint``): building a client loads no job model.
download_file = endpoint("files.download_file")
retrieve_file = endpoint("files.retrieve_file")
list_fine_tuning_events = endpoint("fine_tuning.list_fine_tuning_events")
list_fine_tuning_job_checkpoints = endpoint("fine_tuning.list_fine_tuning_job_checkpoints")
list_paginated_fine_tuning_jobs = endpoint("fine_tuning.list_paginated_fine_tuning_jobs")
retrieve_fine_tuning_job = endpoint("fine_tuning.retrieve_fine_tuning_job")
list_models = endpoint("models.list_models")

__all__ = ["FORMAT", "METRIC_COLUMNS", "AsyncExport", "Export", "ExportProgress", "ExportResult", "write_metrics_csv"]

#: The layout's name and version, in the manifest.
FORMAT = "ftkit-export/1"
#: The fixed columns of ``metrics.csv`` (extra columns follow, sorted).
METRIC_COLUMNS = ("step", "train_loss", "train_accuracy", "valid_loss", "valid_accuracy")
_TERMINAL = frozenset({"succeeded", "failed", "cancelled"})
_CHUNK = 1 << 20
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@attrs.frozen
class ExportProgress:
    """One step of an export: ``stage`` is ``"listed"`` (``total`` jobs to look at), ``"job"``
    (job ``job_id`` done; ``skipped`` when nothing about it had changed), ``"models"`` or
    ``"manifest"``; ``done`` of ``total`` jobs so far."""

    stage: str
    done: int
    total: int
    job_id: str | None = None
    skipped: bool = False


@attrs.frozen
class ExportResult:
    """What an export did: ``jobs`` in the export, ``fetched_jobs`` of them fetched this time
    (the others were unchanged), ``files_downloaded`` and ``bytes_downloaded`` this time,
    ``missing`` (file ids the server no longer has), and the manifest's path."""

    directory: Path
    jobs: int
    fetched_jobs: int
    files_downloaded: int
    bytes_downloaded: int
    missing: tuple[str, ...]
    manifest: Path


def _json_object(response: httpx.Response) -> dict[str, Any]:
    """An answer as the server sent it (an export keeps every field, known or not)."""
    answer = read_json(response.content)
    if not isinstance(answer, dict):
        raise ValueError("the answer is not a JSON object")
    return answer


def _safe_id(value: Any) -> bool:
    """An id that can name a directory of the export."""
    return (
        isinstance(value, str) and bool(value) and "/" not in value and "\\" not in value and not value.startswith(".")
    )


def _json_page(response: httpx.Response) -> dict[str, Any]:
    """A list answer as sent, its ``data`` checked: objects with ids usable as directory names."""
    page = _json_object(response)
    data = page.get("data")
    if not isinstance(data, list) or not all(isinstance(item, dict) and _safe_id(item.get("id")) for item in data):
        raise ValueError("its 'data' is not a list of objects with ids")
    return page


def _raw(module: Any, *args: Any, **kwargs: Any) -> Call:
    """A call of a generated endpoint whose answer is kept as JSON, not read into a model."""
    return Call(module._get_kwargs(*args, **kwargs), _json_object)


def _raw_page(module: Any, *args: Any, **kwargs: Any) -> Call:
    """Likewise, for a page of a list."""
    return Call(module._get_kwargs(*args, **kwargs), _json_page)


def _data(page: dict[str, Any]) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = page["data"]  # checked by _json_page
    return data


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str) and item] if isinstance(value, list) else []


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _jsonl_bytes(values: Sequence[Any]) -> bytes:
    return b"".join((json.dumps(v, sort_keys=True) + "\n").encode("utf-8") for v in values)


def _atomic_chunks(path: Path, chunks: Iterator[bytes]) -> tuple[int, str]:
    """Write ``chunks`` to ``path`` through a temporary file renamed at the end; size and sha256."""
    if not path.parent.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    # The manifest ignores dot-files: a killed run's leftover temporary file is not listed.
    with replaced(path) as out:
        for chunk in chunks:
            out.write(chunk)
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _read_jsonl(path: Path) -> list[Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return []
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def write_metrics_csv(rows: Sequence[MetricRow]) -> bytes:
    """The ``metrics.csv`` of an export: the fixed columns, then every extra column, sorted.

    >>> write_metrics_csv([MetricRow(1, 2.5)]).decode().splitlines()
    ['step,train_loss,train_accuracy,valid_loss,valid_accuracy', '1,2.5,,,']
    """
    extra = sorted({key for row in rows for key in row.extra})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*METRIC_COLUMNS, *extra])
    for row in rows:
        fixed = [row.step, row.train_loss, row.train_accuracy, row.valid_loss, row.valid_accuracy]
        writer.writerow(["" if v is None else v for v in [*fixed, *(row.extra.get(k) for k in extra)]])
    return out.getvalue().encode("utf-8")


def _check_since(since: object) -> int | None:
    if since is None:
        return None
    if isinstance(since, datetime.datetime):
        moment = since if since.tzinfo else since.replace(tzinfo=datetime.timezone.utc)
        return int(moment.timestamp())
    if isinstance(since, datetime.date):
        return int(datetime.datetime(since.year, since.month, since.day, tzinfo=datetime.timezone.utc).timestamp())
    if isinstance(since, str):
        try:
            return _check_since(datetime.date.fromisoformat(since))
        except ValueError:
            pass
    raise ValidationError("since", since, "a date such as '2026-06-01' (UTC), a datetime.date or a datetime")


class _Export:
    """The state of one export run, shared by its job flows (stepped one at a time by the driver)."""

    def __init__(self, root: Path, with_files: bool, report: Callable[[ExportProgress], object]) -> None:
        self.root = root
        self.with_files = with_files
        self.report = report
        self.lock = threading.Lock()  # downloads are written on the blocking driver's pool threads
        self.written: dict[str, tuple[int, str]] = {}  # relative path -> (size, sha256), this run
        self.claimed: set[str] = set()  # file ids a job flow has taken on (shared training files)
        self.files_downloaded = 0
        self.bytes_downloaded = 0
        self.missing: set[str] = set()
        self.total = 0
        self.done = 0
        self.fetched = 0

    def job_done(self, job_id: str, changed: bool) -> None:
        """Count a job and tell on_progress (an exception it raises stops the export)."""
        self.done += 1
        self.fetched += changed
        self.report(ExportProgress("job", self.done, self.total, job_id, skipped=not changed))

    def wrote(self, path: Path, size: int, sha: str, downloaded: bool = False) -> None:
        with self.lock:
            self.written[path.relative_to(self.root).as_posix()] = (size, sha)
            if downloaded:
                self.files_downloaded += 1
                self.bytes_downloaded += size

    def lost(self, file_id: str) -> None:
        with self.lock:
            self.missing.add(file_id)

    def store(self, path: Path, content: bytes) -> None:
        size, sha = _atomic_chunks(path, iter((content,)))
        self.wrote(path, size, sha)


@attrs.frozen
class _Arguments:
    """An export's checked arguments."""

    root: Path
    wanted: list[str] | None
    since: int | None
    files: bool
    workers: int


def _checked(
    directory: object, jobs: Sequence[str] | None, since: object, files: object, concurrency: object
) -> _Arguments:
    """Every argument checked before any request; the directory made."""
    if not isinstance(directory, (str, os.PathLike)) or not os.fspath(directory):
        raise ValidationError("directory", directory, "a directory path")
    root = Path(directory)
    if root.exists() and not root.is_dir():
        raise ValidationError("directory", os.fspath(directory), "a directory (this is a file)")
    wanted = None if jobs is None else check_job_ids(jobs)
    for job_id in wanted or []:
        if not _safe_id(job_id):
            raise ValidationError("jobs", job_id, "job ids such as 'ftjob-abc123'")
    since_ts = _check_since(since)
    with_files = check_bool("files", files)
    workers = check_max_in_flight(concurrency, "concurrency")
    root.mkdir(parents=True, exist_ok=True)
    return _Arguments(root, wanted, since_ts, with_files, workers)


# -- the flows: what to fetch, decided once for both drivers ------------------------------------


def _after(after: str | None) -> Any:
    return UNSET if after is None else after


def _every(make: Callable[[str | None], Call]) -> Flow[list[dict[str, Any]]]:
    """Every item of a cursor-paged list."""
    found: list[dict[str, Any]] = []
    cursor = Cursor()
    while (data := (yield from next_page(make, cursor))) is not None:
        found += data
    return found


def _list_flow(checked: _Arguments) -> Flow[list[dict[str, Any]]]:
    """The jobs to export: those named, else every job (newest first) created since ``checked.since``."""
    if checked.wanted is not None:
        chosen = []
        for job_id in checked.wanted:
            chosen.append((yield _raw(retrieve_fine_tuning_job, job_id)))
        return chosen
    listed: list[dict[str, Any]] = []
    cursor = Cursor()

    def page_after(after: str | None) -> Call:
        return _raw_page(list_paginated_fine_tuning_jobs, limit=100, after=_after(after))

    while (data := (yield from next_page(page_after, cursor))) is not None:
        for job in data:
            created = job.get("created_at")
            if checked.since is not None and isinstance(created, int) and created < checked.since:
                return listed  # newest first: every later job is older still
            listed.append(job)
    return listed


def _job_flow(state: _Export, answer: dict[str, Any]) -> Flow[bool]:
    """Export one job; False when it was complete and unchanged (nothing fetched)."""
    job_id = str(answer["id"])  # checked by _json_page, or asked for by the caller
    folder = state.root / "jobs" / job_id
    stored = _read_json(folder / "job.json")
    if stored == answer and answer.get("status") in _TERMINAL:
        state.job_done(job_id, False)
        return False
    events = yield from _events_flow(job_id, folder / "events.jsonl", stored is not None)
    state.store(folder / "events.jsonl", _jsonl_bytes(events))
    checkpoints = yield from _every(
        lambda after: _raw_page(list_fine_tuning_job_checkpoints, job_id, limit=100, after=_after(after))
    )
    state.store(folder / "checkpoints.jsonl", _jsonl_bytes(checkpoints))
    rows: list[MetricRow] = []
    for file_id in _strings(answer.get("result_files")):
        target = folder / "result_files" / f"{_SAFE_NAME.sub('_', file_id)}.csv"
        if not target.is_file() and not (yield from _download_flow(state, file_id, target)):
            continue
        if not rows:
            try:
                rows = parse_csv(target.read_bytes())
            except MetricsFormatError:
                rows = []
    if not rows:
        from ftkit_api.models.fine_tuning_job_event import FineTuningJobEvent

        rows = from_events(FineTuningJobEvent.from_dict(e) for e in events)
    if rows:
        state.store(folder / "metrics.csv", write_metrics_csv(rows))
    if state.with_files:
        for maybe in (answer.get("training_file"), answer.get("validation_file")):
            if isinstance(maybe, str) and _safe_id(maybe) and maybe not in state.claimed:
                state.claimed.add(maybe)
                yield from _file_flow(state, maybe)
    # Last: its presence says the rest of the job is there.
    state.store(folder / "job.json", _json_bytes(answer))
    state.job_done(job_id, True)
    return True


def _events_flow(job_id: str, path: Path, resume: bool) -> Flow[list[dict[str, Any]]]:
    """Every event, oldest first: those stored, plus the newer ones (fetched newest first
    until the newest stored one)."""
    known = _read_jsonl(path) if resume else []
    newest_known = known[-1].get("id") if known else None
    newer: list[dict[str, Any]] = []
    cursor = Cursor()

    def page_after(after: str | None) -> Call:
        return _raw_page(list_fine_tuning_events, job_id, limit=100, after=_after(after))

    while (data := (yield from next_page(page_after, cursor))) is not None:
        for event in data:
            if newest_known is not None and event.get("id") == newest_known:
                return known + newer[::-1]
            newer.append(event)
    return newer[::-1]  # the stored events are not on the server's list: keep the server's


def _file_flow(state: _Export, file_id: str) -> Flow[None]:
    folder = state.root / "files" / file_id
    if (folder / "file.json").is_file():
        return
    try:
        answer: dict[str, Any] = yield _raw(retrieve_file, file_id)
    except NotFoundError:
        state.lost(file_id)
        return
    name = _SAFE_NAME.sub("_", str(answer.get("filename") or "")).strip(".") or "content"
    if name == "file.json":
        name = "content.jsonl"
    if (yield from _download_flow(state, file_id, folder / name)):
        state.store(folder / "file.json", _json_bytes(answer))


def _download_flow(state: _Export, file_id: str, target: Path) -> Flow[bool]:
    """Stream a file's content to ``target`` (complete or not at all); False if the server lost it."""
    check = parser(download_file)

    def save(response: httpx.Response) -> tuple[int, str]:
        if response.status_code != 200:
            check(response)  # raises for a status the endpoint does not document
        return _atomic_chunks(target, response.iter_bytes(_CHUNK))

    try:
        size, sha = yield Call(download_file._get_kwargs(file_id), save, stream=True)
    except NotFoundError:
        state.lost(file_id)
        return False
    state.wrote(target, size, sha, downloaded=True)
    return True


def _finish(state: _Export, server: str, listed: Sequence[dict[str, Any]], models: dict[str, Any]) -> ExportResult:
    """Store the models list and write the manifest; the result."""
    data = _data(models)
    state.store(state.root / "models.jsonl", _jsonl_bytes(data))
    state.report(ExportProgress("models", state.done, state.total))
    manifest = _manifest(state, server, listed, len(data))
    state.report(ExportProgress("manifest", state.done, state.total))
    return ExportResult(
        directory=state.root,
        jobs=len(listed),
        fetched_jobs=state.fetched,
        files_downloaded=state.files_downloaded,
        bytes_downloaded=state.bytes_downloaded,
        missing=tuple(sorted(state.missing)),
        manifest=manifest,
    )


def _manifest(state: _Export, server: str, listed: Sequence[dict[str, Any]], models: int) -> Path:
    root = state.root
    previous = _read_json(root / "manifest.json")
    known: dict[str, dict[str, Any]] = {}
    if isinstance(previous, dict) and isinstance(previous.get("files"), list):
        known = {e["path"]: e for e in previous["files"] if isinstance(e, dict) and "path" in e}
    entries = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        if relative == "manifest.json" or path.name.startswith("."):
            continue
        size = path.stat().st_size
        if relative in state.written:
            size, sha = state.written[relative]
        elif relative in known and known[relative].get("bytes") == size:
            sha = known[relative]["sha256"]  # unchanged since the last run: not hashed again
        else:
            sha = sha256_of(path)
        entries.append({"path": relative, "bytes": size, "sha256": sha})
    job_dirs = [p for p in (root / "jobs").glob("*") if (p / "job.json").is_file()]
    counts = {
        "jobs": len(job_dirs),
        "events": sum(_lines(p / "events.jsonl") for p in job_dirs),
        "checkpoints": sum(_lines(p / "checkpoints.jsonl") for p in job_dirs),
        "result_files": sum(len(list((p / "result_files").glob("*.csv"))) for p in job_dirs),
        "files": len([p for p in (root / "files").glob("*") if (p / "file.json").is_file()]),
        "models": models,
    }
    manifest = {
        "format": FORMAT,
        "ftkit_version": __version__,
        "server": server,
        "exported_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "counts": counts,
        "jobs_this_run": [job.get("id") for job in listed],
        "missing_files": sorted(state.missing),
        "files": entries,
    }
    target = root / "manifest.json"
    _atomic_chunks(target, iter((_json_bytes(manifest),)))
    return target


# -- the front, for both clients -----------------------------------------------------------------


class _ExportAPI(Resource[Any]):
    """``client.export``, written once for both clients (see ``_resource``)."""

    def __init__(self, wiring: Wiring[Any], server: str) -> None:
        super().__init__(wiring)
        self._server = server

    @result
    def __call__(
        self,
        directory: str | os.PathLike[str],
        *,
        jobs: Sequence[str] | None = None,
        since: str | datetime.date | None = None,
        files: bool = True,
        concurrency: int = 4,
        on_progress: Callable[[ExportProgress], object] | None = None,
        **options: Unpack[RequestOptions],
    ) -> Plan[ExportResult]:
        """Export the jobs (all, ``jobs`` by id, or those created since ``since``) to ``directory``;
        ``concurrency`` requests at once. On ``AsyncClient``: ``result = await client.export("backup/")``
        (a download is spooled, in memory up to 1 MiB then on disk, before it is written: memory
        stays bounded).

        >>> result = client.export("export/", jobs=[job.id], on_progress=print)  # doctest: +ELLIPSIS
        ExportProgress(stage='listed', done=0, total=1, job_id=None, skipped=False)
        ExportProgress(stage='job', done=1, total=1, job_id='ftjob-...', skipped=False)
        ExportProgress(stage='models', done=1, total=1, job_id=None, skipped=False)
        ExportProgress(stage='manifest', done=1, total=1, job_id=None, skipped=False)
        >>> result.jobs, result.files_downloaded
        (1, 2)
        """
        checked = _checked(directory, jobs, since, files, concurrency)
        state = _Export(checked.root, checked.files, on_progress or (lambda progress: None))

        def export_jobs(listed: list[dict[str, Any]]) -> Plan[ExportResult]:
            state.total = len(listed)
            state.report(ExportProgress("listed", 0, state.total))
            # The first failure (or an exception from on_progress) closes the other job flows: what
            # they finished stays, what they had not is fetched next time.
            flows = (_job_flow(state, job) for job in listed)  # each made when the engine takes it
            exported = run_all(flows, checked.workers, options=options)
            models = send(_raw_page(list_models), options)
            return exported.and_then(lambda _: models).then(lambda answer: _finish(state, self._server, listed, answer))

        return run(_list_flow(checked), options=options).and_then(export_jobs)


class Export(_ExportAPI, SyncResource):
    """``client.export`` (see the module doc)."""


class AsyncExport(_ExportAPI, AsyncResource):
    """``client.export`` of the async client: the same flows, awaited."""


def _lines(path: Path) -> int:
    try:
        with path.open("rb") as stream:
            return sum(1 for line in stream if line.strip())
    except OSError:
        return 0
