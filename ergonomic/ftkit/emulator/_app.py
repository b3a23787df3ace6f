"""The :class:`Emulator`: a stateful stand-in for the fine-tuning API, one handler served two ways."""

from __future__ import annotations

import datetime
import json
import logging
import random
import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ._clock import ClockSpec, EmulatedClock
from ._errors import EmulatorError, rate_limited, server_error
from ._faults import Fault, FaultPlan
from ._flavors import Flavor, flavor_of
from ._handlers import MAX_FILE_BYTES, ROUTES, Request
from ._http import SPILL_AT, Body, Response, json_response, parse_query
from ._jobs import STATUSES, TERMINAL, JobScript, Timings
from ._pages import query_dict
from ._routes import Match, Router
from ._state import State
from ._store import FileStore

if TYPE_CHECKING:
    from ._server import EmulatorServer
    from ._transport import EmulatorTransport

logger = logging.getLogger("ftkit.emulator")


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request the emulator answered (or dropped), for tests to count and inspect.

    ``endpoint`` is the spec's name, e.g. ``"GET /fine_tuning/jobs/{fine_tuning_job_id}"``, or
    None for a URL that matched no endpoint; ``fault`` says which injected fault hit it, if any.
    """

    method: str
    path: str
    endpoint: str | None
    status: int
    fault: str | None
    at: float


class Emulator:
    """A local, stateful emulator of the OpenAI fine-tuning API.

    Jobs advance on an emulated clock: nothing runs in the background, and each request first
    replays the job milestones the clock has passed. ``speed`` multiplies the clock
    (``speed=20`` runs a 30-step job in about two seconds), ``clock="manual"`` freezes it so
    that only :meth:`advance` (or :meth:`run_until`) moves time, and ``seed`` fixes every id and
    curve. Uploads are kept on disk in a temporary directory, removed by :meth:`close`;
    ``max_file_size`` is the API's 512 MB unless you say otherwise (None: no limit).

    ``flavor="azure"`` plays Azure OpenAI instead: paths under ``/openai/...`` with an
    ``api-version`` query parameter, the ``api-key`` header, Azure's error shape and answers
    (``docs/testing.md``).

    >>> import httpx
    >>> emulator = Emulator(clock="manual")
    >>> client = httpx.Client(transport=emulator.transport(), base_url="https://api.openai.com/v1",
    ...                       headers={"Authorization": "Bearer sk-test"})
    >>> client.get("/fine_tuning/jobs").json()["data"]
    []
    """

    def __init__(
        self,
        speed: float = 1.0,
        clock: ClockSpec = "wall",
        seed: int = 0,
        *,
        api_key: str | None = None,
        timings: Timings | None = None,
        start_time: float | None = None,
        max_file_size: int | None = MAX_FILE_BYTES,
        flavor: str = "openai",
    ) -> None:
        self.flavor: Flavor = flavor_of(flavor)
        self.clock = EmulatedClock(clock, speed=speed, start=start_time)
        self.seed = seed
        self.api_key = api_key
        self.timings = timings or Timings()
        self.max_file_size = max_file_size
        self._store = FileStore()
        self._state = State(seed, self.timings, self.clock.now, self._store, self.flavor, speed=speed)
        # One router per surface the flavour has (Azure: v1, ARM, dated), most specific prefix first.
        self._surfaces = [
            (surface, Router(surface.routes(ROUTES), surface.prefix, required=surface.prefix_required))
            for surface in self.flavor.surfaces()
        ]
        self._faults = FaultPlan(seed)
        self._lock = threading.Lock()
        self._log: deque[RequestRecord] = deque(maxlen=100_000)
        self._request_ids = random.Random(f"requests:{seed}")

    # -- time -------------------------------------------------------------------------------------

    def now(self) -> float:
        """The emulated Unix time.

        >>> Emulator(clock="manual", start_time=100.0).now()
        100.0
        """
        return self.clock.now()

    def advance(self, seconds: float) -> None:
        """Move emulated time forward; jobs catch up the next time anything is read.

        >>> emulator = Emulator(clock="manual", start_time=0.0)
        >>> emulator.advance(60)
        >>> emulator.now()
        60.0
        """
        with self._state.lock:
            self.clock.advance(seconds)

    def run_until(self, job_id: str, status: str = "succeeded") -> dict[str, Any]:
        """Move time forward until job ``job_id`` has ``status``, and return the job as the API (or Azure) shows it.

        Time jumps from one of the job's milestones to the next, so this takes no real time
        whatever the clock. Raises ``ValueError`` for an unknown job or status, and
        ``RuntimeError`` when the job ends (or stops, paused) in another status.

        >>> emulator = Emulator(clock="manual")
        >>> emulator.run_until("ftjob-nope")
        Traceback (most recent call last):
          ...
        ValueError: no fine-tuning job ftjob-nope in this emulator
        """
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
        state = self._state
        while True:
            with state.current():
                job = state.jobs.get(job_id)
                if job is None:
                    raise ValueError(f"no fine-tuning job {job_id} in this emulator")
                if job.status == status:
                    return dict(self.flavor.shape(job.to_json(), "GET /fine_tuning/jobs/{fine_tuning_job_id}"))
                if job.status in TERMINAL or job.next_at is None:
                    why = f" ({job.error['code']}: {job.error['message']})" if job.error else ""
                    raise RuntimeError(f"job {job_id} is {job.status}{why} and will not become {status} by itself")
                wait = job.next_at - self.clock.now()
                self.clock.advance(max(wait, 0.0))

    # -- scripting the next job -------------------------------------------------------------------

    def script_next_job(
        self,
        *,
        error: str | None = None,
        message: str | None = None,
        param: str | None = None,
        fail_at_step: int | None = None,
        metrics: Sequence[float | Mapping[str, Any]] | None = None,
        duration: float | None = None,
    ) -> JobScript:
        """Decide what the next created job does, whatever its data says; scripts queue up, one per job.

        ``error`` fails it with that code (the API's message for the codes it documents or was seen
        to use, else ``message``), at file validation, or after step ``fail_at_step`` of training.
        ``metrics`` is its curve, one entry per step: a ``train_loss`` or a mapping of the metrics
        event's values (``{"train_reward_mean": 0.4}``; JSON, with numbers where the event's message
        shows them, else a ``ValueError``). ``duration`` is the emulated seconds from
        creation to its end. The returned script's ``job_id`` says which job took it.

        >>> emulator = Emulator(clock="manual")
        >>> emulator.script_next_job(error="invalid_n_examples").error
        'invalid_n_examples'
        """
        if fail_at_step is not None and (error is None or isinstance(fail_at_step, bool) or fail_at_step < 1):
            raise ValueError("fail_at_step needs an error code and a step number of at least 1")
        if duration is not None and not duration > 0:
            raise ValueError(f"duration must be a positive number of seconds, got {duration!r}")
        rows = None
        if metrics is not None:
            rows = [dict(m) if isinstance(m, Mapping) else {"train_loss": float(m)} for m in metrics]
            if not rows:
                raise ValueError("metrics needs at least one step")
            for step, row in enumerate(rows, 1):
                _check_metrics_row(step, row)
        script = JobScript(error, message, param, fail_at_step, rows, duration)
        with self._state.lock:
            self._state.scripts.append(script)
        return script

    def set_shutdown_date(self, model: str, date: str | None) -> None:
        """Announce (``"2027-01-14"``) or withdraw (None) the shutdown date of base ``model``;
        its fine-tuned models report the same date.

        >>> Emulator(clock="manual").set_shutdown_date("gpt-4o-mini-2024-07-18", "2026-12-01")
        """
        if date is not None:
            datetime.date.fromisoformat(date)  # a ValueError for anything but YYYY-MM-DD
        with self._state.lock:
            self._state.shutdown_dates[model] = date

    # -- faults and the request log ---------------------------------------------------------------

    def inject(
        self,
        endpoint: str | None = None,
        *,
        status: int | None = None,
        rate: float = 1.0,
        retry_after: float | None = None,
        delay: float = 0.0,
        drop: bool = False,
        times: int | None = None,
    ) -> Fault:
        """Make requests to ``endpoint`` (every endpoint if None) fail, slow down or lose their answer.

        ``status`` answers that error without processing the request (``retry_after`` seconds
        go into its ``retry-after`` and ``retry-after-ms`` headers, a 503's as a 429's);
        ``delay`` holds the answer back that many wall seconds; ``drop`` processes the request
        and then closes the connection without answering. ``rate`` is the seeded chance per
        request; ``times`` caps how often it fires.

        >>> emulator = Emulator(clock="manual")
        >>> fault = emulator.inject("POST /fine_tuning/jobs", status=429, retry_after=0.1, times=2)
        >>> fault.fired
        0
        """
        if endpoint is not None and endpoint not in self.endpoints:
            raise ValueError(f"unknown endpoint {endpoint!r}; expected one of: {', '.join(self.endpoints)}")
        fault = Fault(endpoint, status, rate, retry_after, delay, drop, times)
        with self._lock:
            return self._faults.add(fault)

    def clear_faults(self) -> None:
        """Remove every injected fault.

        >>> Emulator(clock="manual").clear_faults()
        """
        with self._lock:
            self._faults.clear()

    @property
    def endpoints(self) -> tuple[str, ...]:
        """The endpoints this emulator serves, as fault injection and the request log name them.

        >>> "POST /fine_tuning/jobs" in Emulator(clock="manual").endpoints
        True
        """
        seen: dict[str, None] = {}
        for _, router in self._surfaces:
            seen.update(dict.fromkeys(router.endpoints))
        return tuple(seen)

    @property
    def requests(self) -> list[RequestRecord]:
        """Every request answered so far (the last 100,000), oldest first.

        >>> Emulator(clock="manual").requests
        []
        """
        with self._lock:
            return list(self._log)

    def request_count(self, endpoint: str | None = None) -> int:
        """How many requests reached ``endpoint`` (all requests if None).

        >>> Emulator(clock="manual").request_count("POST /files")
        0
        """
        with self._lock:
            return sum(1 for r in self._log if endpoint is None or r.endpoint == endpoint)

    # -- the core ---------------------------------------------------------------------------------

    def handle(
        self,
        method: str,
        path: str,
        query: str | Sequence[tuple[str, str]] = "",
        headers: Mapping[str, str] | None = None,
        body: bytes | Body = b"",
    ) -> Response:
        """Answer one request; ``path`` may carry the ``/v1`` prefix and a ``?query``.

        Safe to call from many threads at once: only reading or changing stored objects is
        serialized, so a slow request (a large upload, a long grader run) holds up no one else.

        >>> emulator = Emulator(clock="manual")
        >>> emulator.handle("GET", "/v1/files", headers={"authorization": "Bearer k"}).status
        200
        """
        if "?" in path:
            path, _, raw_query = path.partition("?")
            query = query or raw_query
        lowered = {k.lower(): v for k, v in (headers or {}).items()}
        method = method.upper()
        started = time.perf_counter()
        endpoint, fault, response = self._answer(method, path, query, lowered, body)
        fault_name = None if fault is None else _describe(fault)
        self._finish(method, path, endpoint, response, started, fault_name)
        return response

    def body_limit(self, method: str, path: str) -> int:
        """The largest request body the endpoint at ``method path`` takes, in bytes (edges refuse more with a 413).

        >>> Emulator(clock="manual").body_limit("POST", "/v1/fine_tuning/jobs")
        16777216
        """
        try:
            route = self._surface(path.partition("?")[0])[1].match(method.upper(), path.partition("?")[0]).route
        except EmulatorError:
            return SPILL_AT
        return route.max_body(self.max_file_size) if callable(route.max_body) else route.max_body

    def refuse(self, method: str, path: str, error: EmulatorError) -> Response:
        """The answer an edge gives on its own (a body too large, malformed HTTP), logged like any other.

        >>> Emulator(clock="manual").refuse("POST", "/v1/files", EmulatorError(413, "too big")).status
        413
        """
        method = method.upper()
        path = path.partition("?")[0]
        surface, router = self._surface(path)
        try:
            endpoint: str | None = router.match(method, path).route.endpoint
        except EmulatorError:
            endpoint = None
        response = self.error_response(error, surface)
        self._finish(method, path, endpoint, response, time.perf_counter(), None)
        return response

    def _finish(
        self,
        method: str,
        path: str,
        endpoint: str | None,
        response: Response,
        started: float,
        fault_name: str | None,
    ) -> None:
        elapsed = int((time.perf_counter() - started) * 1000)
        with self._lock:
            request_id = f"req_{self._request_ids.getrandbits(128):032x}"
            self._log.append(RequestRecord(method, path, endpoint, response.status, fault_name, self.now()))
        response.headers.setdefault("x-request-id", request_id)
        response.headers.setdefault("openai-processing-ms", str(elapsed))
        for name, value in self.flavor.headers().items():
            response.headers.setdefault(name, value)
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("%s %s -> %s%s", method, path, response.status, f" ({fault_name})" if fault_name else "")

    def _answer(
        self,
        method: str,
        path: str,
        query: str | Sequence[tuple[str, str]],
        headers: dict[str, str],
        body: bytes | Body,
    ) -> tuple[str | None, Fault | None, Response]:
        surface, router = self._surface(path)
        try:
            match = router.match(method, path)
        except EmulatorError as error:
            return None, None, self.error_response(error, surface)
        endpoint = match.route.endpoint
        try:
            surface.check(headers, query, self.api_key)
        except EmulatorError as denied:
            return endpoint, None, self.error_response(denied, surface)
        with self._lock:
            fault = self._faults.pick(endpoint)
        if fault is not None and fault.status is not None:
            response = self.error_response(_fault_error(fault), surface)
        else:
            response = self._run(surface, match, method, path, query, headers, body)
        if fault is not None:
            response.delay, response.drop = fault.delay, fault.drop
        return endpoint, fault, response

    def _surface(self, path: str) -> tuple[Flavor, Router]:
        """The surface (flavour and router) that answers ``path``: the first whose prefix starts it, else the last."""
        for surface, router in self._surfaces[:-1]:
            if path == surface.prefix or path.startswith(surface.prefix + "/"):
                return surface, router
        return self._surfaces[-1]

    def _run(
        self,
        surface: Flavor,
        match: Match,
        method: str,
        path: str,
        query: str | Sequence[tuple[str, str]],
        headers: dict[str, str],
        body: bytes | Body,
    ) -> Response:
        owned = not isinstance(body, Body)
        content = Body.of(body) if isinstance(body, bytes) else body
        translated: Body | None = None
        try:
            pairs = parse_query(query) if isinstance(query, (str, bytes)) else list(query)
            pairs, translated = surface.translate(match.route.endpoint, pairs, content)
            request = Request(
                method,
                path,
                match.route.endpoint,
                match.params,
                query_dict(pairs),
                headers,
                translated or content,
                self.max_file_size,
            )
            result = match.route.handler(self._state, request)
            return surface.answer(match.route.endpoint, pairs, result)
        except EmulatorError as error:
            return self.error_response(error, surface)
        except Exception:
            # A bug of ours must look like the API's 500 for this request only, and change nothing.
            logger.exception("emulator failed on a request")
            return self.error_response(server_error(), surface)
        finally:
            if owned:
                content.close()
            if translated is not None:
                translated.close()

    def error_response(self, error: EmulatorError, surface: Flavor | None = None) -> Response:
        """The answer for ``error`` in this emulator's flavour (or one of its surfaces): its
        status, headers and error body.

        >>> Emulator(clock="manual", flavor="azure").error_response(EmulatorError(404, "gone")).body
        b'{"error": {"code": "notFound", "message": "gone"}}'
        """
        return json_response(error.status, (surface or self.flavor).error_body(error), error.headers)

    # -- edges and lifetime -----------------------------------------------------------------------

    def transport(self) -> EmulatorTransport:
        """An httpx transport, sync and async at once, answering from this emulator in-process.

        >>> import httpx
        >>> t = Emulator(clock="manual").transport()
        >>> isinstance(t, httpx.BaseTransport) and isinstance(t, httpx.AsyncBaseTransport)
        True
        """
        from ._transport import EmulatorTransport

        return EmulatorTransport(self)

    def serve(self, host: str = "127.0.0.1", port: int = 0, *, read_timeout: float | None = None) -> EmulatorServer:
        """Serve this emulator over HTTP on a background thread; port 0 picks a free port.

        Use it as a context manager, or call ``close()``; ``.base_url`` ends in ``/v1``.
        ``read_timeout`` (default 120) is how long a client may go quiet in the middle of a
        request's body before it gets a 408, or between requests before its connection closes.

        >>> with Emulator(clock="manual").serve() as server:
        ...     server.base_url.startswith("http://127.0.0.1:")
        True
        """
        from ._server import EmulatorServer

        if read_timeout is None:
            return EmulatorServer(self, host, port).start()
        return EmulatorServer(self, host, port, read_timeout=read_timeout).start()

    @property
    def storage_dir(self) -> str:
        """The temporary directory holding uploaded files (created on first use)."""
        return self._store.root

    def close(self) -> None:
        """Delete the uploaded files from disk; the emulator answers on, without them.

        >>> Emulator(clock="manual").close()
        """
        self._store.close()

    def __enter__(self) -> Emulator:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


#: The metrics an event's message shows as numbers (``_curves._message``).
_SHOWN_METRICS = (
    "train_loss",
    "valid_loss",
    "train_mean_reward",
    "full_valid_mean_reward",
    "full_valid_mean_parse_error",
)


def _check_metrics_row(step: int, row: dict[str, Any]) -> None:
    """A scripted step's metrics: JSON, and numbers where the event's message shows them (a job's
    events are made whenever they are read, so a row that cannot make one is refused here)."""
    for key in _SHOWN_METRICS:
        value = row.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise ValueError(f"metrics step {step}: {key} must be a number, got {value!r}")
    try:
        json.dumps(row)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"metrics step {step} is not JSON: {exc}") from None


def _fault_error(fault: Fault) -> EmulatorError:
    status = fault.status or 500
    if status == 429:
        return rate_limited(fault.retry_after)
    error = (
        server_error(status)
        if status >= 500
        else EmulatorError(status, f"Injected fault: HTTP {status}.", code="injected_fault")
    )
    if fault.retry_after is not None:
        # A 503 may say when to come back too; the same two headers as a 429's.
        error.headers.update(rate_limited(fault.retry_after).headers)
    return error


def _describe(fault: Fault) -> str:
    parts = []
    if fault.status is not None:
        parts.append(f"status={fault.status}")
    if fault.delay:
        parts.append(f"delay={fault.delay:g}")
    if fault.drop:
        parts.append("drop")
    return " ".join(parts)
