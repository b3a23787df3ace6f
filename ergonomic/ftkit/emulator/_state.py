"""The emulator's stored objects, the schedule of live jobs, and the lock that guards them.

Handlers (``_handlers.py``) do their slow work (parsing bodies, checking files, running graders)
outside the lock and take it only to read or change what is stored: ``with state.current():``
takes the lock and first replays every job milestone the clock has passed. The schedule is a
heap ordered by each live job's next milestone, so a request costs the same whether the emulator
holds ten jobs or a hundred thousand, and only jobs with something due do any work.

Memory stays a few kilobytes per job, running or finished: a job's events and checkpoints are
made by its twin (``_jobs.Job.twin``) when they are read (``events_of``, ``checkpoints_of``),
and the twins of the jobs read last are kept, caught up on each read (a client follows a job
by reading its new events again and again), up to ``KEPT_EVENTS`` events in all; a result file
is made from its job's curve when it is downloaded; and a checkpoint's name is found from its
job's model name rather than kept in a table.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import logging
import random
import re
import string
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ._flavors import Flavor
from ._http import FileSlice, Response
from ._jobs import Event, Job, JobScript, Timings
from ._store import FileStore
from ._training import FileCheck

logger = logging.getLogger("ftkit.emulator")

_ALPHABET = string.ascii_letters + string.digits
# Random bytes mapped onto the 62 id characters in one C call (the slight bias is of no matter here).
_ID_CHARACTERS = bytes((_ALPHABET * 5)[:256], "ascii")
_KEPT_CHECKS = 512
#: Events the twins of the jobs read last may hold in all (the twin read last is kept whatever its size).
KEPT_EVENTS = 20_000
_CHECKPOINT_NAME = re.compile(r"(.+):ckpt-step-(\d+)")


@dataclass(slots=True)
class StoredFile:
    """A file: on disk in the emulator's store (``path``); or, made here, ``data``, or made on each
    download from the curve of the job it is the result file of (``job``)."""

    id: str
    filename: str
    purpose: str
    size: int
    created_at: float
    path: str | None = None
    data: bytes | None = None
    expires_at: float | None = None
    job: Job | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``file`` object as the API sends it."""
        body: dict[str, Any] = {
            "id": self.id,
            "object": "file",
            "bytes": self.size,
            "created_at": int(self.created_at),
            "filename": self.filename,
            "purpose": self.purpose,
            "status": "processed",
        }
        if self.expires_at is not None:
            body["expires_at"] = int(self.expires_at)
        return body

    def response(self) -> Response:
        """The file's content as an answer, streamed from disk when it is there."""
        headers = {"content-type": "application/octet-stream"}
        if self.path is not None:
            return Response(200, headers, b"", file=FileSlice(self.path, 0, self.size))
        plan = None if self.job is None else self.job.plan
        if plan is not None:
            return Response(200, headers, plan.curve.csv())
        return Response(200, headers, self.data or b"")

    def live(self, now: float) -> bool:
        """False once the file has expired."""
        return self.expires_at is None or self.expires_at > now


class State:
    """Files, jobs, checkpoint permissions and the job schedule.

    Every read or change happens inside ``with state.current():``.
    """

    def __init__(
        self,
        seed: int,
        timings: Timings,
        clock: Callable[[], float],
        store: FileStore,
        flavor: Flavor | None = None,
        *,
        speed: float = 1.0,
    ) -> None:
        self.seed = seed
        #: Emulated seconds per real second of the clock (``Emulator(speed=...)``).
        self.speed = speed
        self.flavor = flavor or Flavor()
        self.timings = timings
        self.clock = clock
        self.store = store
        self.lock = threading.RLock()
        self.now = 0.0
        self._ids = random.Random(f"ids:{seed}")
        self.files: dict[str, StoredFile] = {}
        self._file_order: list[str] = []
        self._file_position: dict[str, int] = {}
        self.jobs: dict[str, Job] = {}
        self._job_order: list[Job] = []
        self._job_position: dict[str, int] = {}
        #: The model name of every job that started (its fine-tuned model's, once it succeeds).
        self.model_names: dict[str, Job] = {}
        self.deleted_models: set[str] = set()
        self.kept_events = KEPT_EVENTS
        #: Job id -> its twin, and how much of the job's history the twin has lived; the last read last.
        self._twins: OrderedDict[str, tuple[Job, int]] = OrderedDict()
        self._twin_events = 0
        #: Base model -> shutdown date (ISO) or None, over the defaults of ``_models.BASE_MODELS``.
        self.shutdown_dates: dict[str, str | None] = {}
        self.permissions: dict[str, list[dict[str, Any]]] = {}
        self.uploads: dict[str, Any] = {}  # the Uploads API's objects (_uploads.StoredUpload)
        self._schedule: list[tuple[float, int, Job]] = []
        self._scheduled: dict[str, int] = {}
        self._sequence = itertools.count()
        self.scripts: deque[JobScript] = deque()
        self._checks: OrderedDict[Hashable, FileCheck] = OrderedDict()
        self._checks_lock = threading.Lock()

    @contextmanager
    def current(self) -> Iterator[State]:
        """Hold the lock, with every milestone up to the clock's present replayed."""
        with self.lock:
            self.advance(self.clock())
            yield self

    # -- ids and time -----------------------------------------------------------------------------

    def new_id(self, prefix: str, length: int = 24) -> str:
        """A fresh id with the API's prefix, drawn from the seeded generator (32 hex digits where the flavour says)."""
        prefix = self.flavor.id_prefixes.get(prefix, prefix)
        if prefix in self.flavor.hex_ids:
            return prefix + self._ids.randbytes(16).hex()
        return prefix + self._ids.randbytes(length).translate(_ID_CHARACTERS).decode("ascii")

    def derived_id(self, prefix: str, key: str) -> str:
        """An id made from ``key`` rather than drawn, the same every time it is made (a job's events
        and checkpoints, made by its twin whenever they are read); the flavour's form, as ``new_id``'s."""
        prefix = self.flavor.id_prefixes.get(prefix, prefix)
        digest = hashlib.blake2b(f"{self.seed}:{key}".encode(), digest_size=24).digest()
        if prefix in self.flavor.hex_ids:
            return prefix + digest[:16].hex()
        return prefix + digest.translate(_ID_CHARACTERS).decode("ascii")

    def draw_seed(self) -> int:
        """A job seed for a request that gave none."""
        return self._ids.randrange(2**31)

    def advance(self, now: float) -> None:
        """Replay every job milestone due by ``now``, in time order; a milestone that raises fails its job only."""
        self.now = max(self.now, now)
        schedule = self._schedule
        while schedule and schedule[0][0] <= now:
            at, sequence, job = heapq.heappop(schedule)
            if self._scheduled.get(job.id) != sequence:
                continue  # the job was paused, cancelled or rescheduled since
            del self._scheduled[job.id]
            if job.next_at != at:
                self.schedule(job)
                continue
            try:
                job.milestone()
            except Exception as exc:
                logger.exception("emulator job %s failed on a milestone", job.id)
                job.crash(at, exc)
            self.schedule(job)

    def schedule(self, job: Job) -> None:
        """(Re)place ``job`` in the schedule at its ``next_at`` (off it when None)."""
        if job.next_at is None:
            self._scheduled.pop(job.id, None)
            return
        sequence = next(self._sequence)
        self._scheduled[job.id] = sequence
        heapq.heappush(self._schedule, (job.next_at, sequence, job))

    # -- files ------------------------------------------------------------------------------------

    def result_file(self, job: Job, at: float) -> str:
        """Store the result file of ``job``, which has just succeeded, and return its id: made from
        the job's curve on each download (once now, for its size)."""
        plan = job.plan
        assert plan is not None
        size = len(plan.curve.csv())
        stored = StoredFile(self.new_id("file-", 22), "step_metrics.csv", "fine-tune-results", size, at, job=job)
        self.keep_file(stored)
        return stored.id

    def keep_file(self, stored: StoredFile) -> None:
        """Add ``stored`` to the files, newest last."""
        self.files[stored.id] = stored
        self._file_position[stored.id] = len(self._file_order)
        self._file_order.append(stored.id)

    def drop_file(self, stored: StoredFile) -> None:
        """Delete a file (its place in the order stays, so a cursor on it still works)."""
        del self.files[stored.id]
        if stored.path is not None:
            self.store.remove(stored.path)

    def file_ids(self, after: str | None, newest_first: bool) -> Iterator[str]:
        """File ids in order from just past ``after`` (nothing if ``after`` names no file ever stored)."""
        order = self._file_order
        if after is None:
            start = len(order) - 1 if newest_first else 0
        elif after in self._file_position:
            start = self._file_position[after] + (-1 if newest_first else 1)
        else:
            return
        positions = range(start, -1, -1) if newest_first else range(start, len(order))
        for position in positions:
            yield order[position]

    # -- jobs and models --------------------------------------------------------------------------

    def keep_job(self, job: Job) -> None:
        """Store a new job and put it on the schedule."""
        self.jobs[job.id] = job
        self._job_position[job.id] = len(self._job_order)
        self._job_order.append(job)
        job.start()
        self.schedule(job)

    def jobs_newest_first(self, after: str | None) -> Iterator[Job]:
        """Jobs from newest to oldest, from just past ``after`` (nothing if it names no job)."""
        if after is None:
            start = len(self._job_order) - 1
        elif after in self._job_position:
            start = self._job_position[after] - 1
        else:
            return
        for position in range(start, -1, -1):
            job = self._job_order[position]
            if job.id in self.jobs:  # a deleted job keeps its place, unlisted
                yield job

    def fine_tuned_name(self, job: Job) -> str:
        """The name of ``job``'s fine-tuned model (and its checkpoints'), as the flavour's server makes it."""
        name = self.flavor.fine_tuned_name(job.model, job.request.suffix, job.id, self.new_id)
        self.model_names[name] = job
        return name

    def drop_job(self, job: Job) -> None:
        """Delete a finished job (its place in the order stays, so a cursor on it still works)."""
        del self.jobs[job.id]
        self._scheduled.pop(job.id, None)
        kept = self._twins.pop(job.id, None)
        if kept is not None:
            self._twin_events -= len(kept[0].events or ())

    def fine_tuned(self, name: str) -> Job | None:
        """The job whose fine-tuned model is ``name``, if it exists (not deleted)."""
        job = self.model_names.get(name)
        if job is None or job.fine_tuned_model != name or name in self.deleted_models:
            return None
        return job

    def checkpoint_job(self, name: str) -> Job | None:
        """The job that keeps the checkpoint ``name`` (``<model name>:ckpt-step-N``), if one does."""
        found = _CHECKPOINT_NAME.fullmatch(name)
        job = None if found is None else self.model_names.get(found.group(1))
        if job is None or not any(c["fine_tuned_model_checkpoint"] == name for c in self.checkpoints_of(job)):
            return None
        return job

    def fine_tuned_models(self) -> Iterator[tuple[str, Job]]:
        """Every fine-tuned model that exists, with its job."""
        for name, job in self.model_names.items():
            if job.fine_tuned_model == name and name not in self.deleted_models:
                yield name, job

    # -- a job's events and checkpoints: its twin's ----------------------------------------------

    def events_of(self, job: Job) -> tuple[list[Event], dict[str, int]]:
        """``job``'s events up to now, oldest first, and each one's position by id."""
        twin = self.twin_of(job)
        assert twin.events is not None and twin.event_index is not None
        return twin.events, twin.event_index

    def checkpoints_of(self, job: Job) -> list[dict[str, Any]]:
        """The checkpoints ``job`` keeps now, oldest first."""
        twin = self.twin_of(job)
        assert twin.checkpoints is not None
        return twin.checkpoints

    def twin_of(self, job: Job) -> Job:
        """``job``'s twin, caught up to now: kept from the last read if it still is, else made."""
        kept = self._twins.pop(job.id, None)
        twin, applied = kept if kept is not None else (job.twin(), 0)
        before = len(twin.events or ()) if kept is not None else 0
        applied = twin.catch_up(job, applied, self.now)
        self._twins[job.id] = (twin, applied)
        self._twin_events += len(twin.events or ()) - before
        while self._twin_events > self.kept_events and len(self._twins) > 1:
            _, (oldest, _) = self._twins.popitem(last=False)
            self._twin_events -= len(oldest.events or ())
        return twin

    # -- file checks, cached ----------------------------------------------------------------------

    def cached_check(self, key: Hashable) -> FileCheck | None:
        """A file check made before for the same file, method and grader (files never change)."""
        with self._checks_lock:
            found = self._checks.get(key)
            if found is not None:
                self._checks.move_to_end(key)
            return found

    def remember_check(self, key: Hashable, check: FileCheck) -> None:
        """Keep ``check`` for the next job on the same file (the most recent few hundred are kept)."""
        with self._checks_lock:
            self._checks[key] = check
            while len(self._checks) > _KEPT_CHECKS:
                self._checks.popitem(last=False)
