"""The emulator's stored objects, the schedule of live jobs, and the lock that guards them.

Handlers (``_handlers.py``) do their slow work (parsing bodies, checking files, running graders)
outside the lock and take it only to read or change what is stored: ``with state.current():``
takes the lock and first replays every job milestone the clock has passed. The schedule is a
heap ordered by each live job's next milestone, so a request costs the same whether the emulator
holds ten jobs or a hundred thousand, and only jobs with something due do any work.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import random
import string
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ._flavors import Flavor
from ._http import FileSlice, Response
from ._jobs import Job, JobScript, Timings
from ._store import FileStore
from ._training import FileCheck

logger = logging.getLogger("ftkit.emulator")

_ALPHABET = string.ascii_letters + string.digits
# Random bytes mapped onto the 62 id characters in one C call (the slight bias is of no matter here).
_ID_CHARACTERS = bytes((_ALPHABET * 5)[:256], "ascii")
_KEPT_CHECKS = 512


@dataclass
class StoredFile:
    """An uploaded (or result) file: on disk in the emulator's store (``path``) or, if small and made here, ``data``."""

    id: str
    filename: str
    purpose: str
    size: int
    created_at: float
    path: str | None = None
    data: bytes | None = None
    expires_at: float | None = None

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
        self.models: dict[str, Job] = {}
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

    def add_file(self, filename: str, purpose: str, content: bytes, created_at: float) -> str:
        """Store a file made here (a job's result file) and return its id."""
        stored = StoredFile(self.new_id("file-", 22), filename, purpose, len(content), created_at, data=content)
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
        """The name of ``job``'s fine-tuned model, as the flavour's server makes it."""
        return self.flavor.fine_tuned_name(job.model, job.request.suffix, job.id, self.new_id)

    def drop_job(self, job: Job) -> None:
        """Delete a finished job (its place in the order stays, so a cursor on it still works)."""
        del self.jobs[job.id]
        self._scheduled.pop(job.id, None)

    def name_model(self, name: str, job: Job | None) -> None:
        """Record that ``name`` (a fine-tuned model or checkpoint) belongs to ``job``; None forgets it."""
        if job is None:
            self.models.pop(name, None)
        else:
            self.models[name] = job

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
