"""Follow a job's events and wait for jobs to finish, written once as flows.

``client.jobs.follow``, ``wait``, ``wait_all`` (and the async client's) only drive the
flows of this module. The flows decide what to ask next; the drivers of ``_flow`` do the
requests and the sleeping. This module sits under the resources: it builds its requests
with ``_calls`` and knows nothing of the client.

How a follow stays exact: events are listed newest first, so each poll reads the first
page and pages back (``after`` = the last id of the page) until it meets the newest event
already handed out; then it hands out what it collected, oldest first. A poll that fails
half-way hands out nothing, so resuming with ``after_event=<last event you got>`` neither
loses nor repeats an event. The job is read *before* its events: once the job is seen in
a terminal status, the events read next include its last ones.

How often to poll is the :class:`Poller`'s decision: quick at first, slower as a job gets
old, sooner when ``estimated_finish`` says the end is near, never faster than ``floor``.
Give it a *virtual clock* (any object with ``now()`` in Unix seconds and
``advance(seconds)``, such as ``ftkit.emulator.Emulator``) and waiting advances that clock
instead of sleeping: tests of long jobs run in milliseconds. A client whose transport is an
emulator on a manual clock (``Emulator(clock="manual").transport()``) does that by default.

Example::

    for event in client.jobs.follow(job.id):
        print(event.created_at, event.message)
    job = client.jobs.wait(job.id, timeout=3600)
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Generator, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import httpx
from ftkit_api.types import UNSET, Unset

from ._calls import call, endpoint, parser
from ._checks import check_id, check_timeout
from ._flow import Action, Call, Emit, Flow, VirtualClock, monotonic, pause
from ._retry import RetryPolicy, retried
from .errors import (
    APIError,
    APIResponseValidationError,
    JobFailedError,
    ResponseFieldError,
    ValidationError,
    WaitTimeoutError,
)
from .pagination import Cursor, next_page

if TYPE_CHECKING:
    from ftkit_api.models.fine_tuning_job import FineTuningJob
    from ftkit_api.models.fine_tuning_job_event import FineTuningJobEvent

# Imported on first use, not with the client (start-up time): see _calls.endpoint.
list_fine_tuning_events = endpoint("fine_tuning.list_fine_tuning_events")
retrieve_fine_tuning_job = endpoint("fine_tuning.retrieve_fine_tuning_job")

__all__ = [
    "DEFAULT_PATIENCE",
    "EVENTS_PAGE_SIZE",
    "MALFORMED_ANSWERS",
    "TERMINAL_STATUSES",
    "Poller",
    "VirtualClock",
    "as_poller",
    "events_since",
    "follow_flow",
    "status_of",
    "wait_all_flows",
    "wait_flow",
]

logger = logging.getLogger("ftkit")
T = TypeVar("T")

#: A job in one of these statuses will not change again.
TERMINAL_STATUSES = frozenset({"succeeded", "failed", "cancelled"})
#: Events asked per request when paging back (the API's maximum).
EVENTS_PAGE_SIZE = 100


#: How long follow, wait and wait_all keep polling through an outage, in seconds.
DEFAULT_PATIENCE = 600.0
#: How many answers in a row to a job's read may be malformed (no job, another job, no known
#: status) before a watch raises ``APIResponseValidationError`` instead of polling on.
MALFORMED_ANSWERS = 3


def _non_negative(name: str) -> Any:
    def check(_instance: Any, _attribute: Any, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf:
            raise ValidationError(name, value, "a finite number of seconds >= 0")

    return check


def _positive(name: str) -> Any:
    def check(_instance: Any, _attribute: Any, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < math.inf:
            raise ValidationError(name, value, "a finite number of seconds > 0")

    return check


@attrs.frozen
class Poller:
    """When to poll a job next, and on which clock to wait.

    The interval grows with the job's age (``stretch`` times its age since
    ``created_at``), from ``initial`` up to ``maximum``. When the job reports an
    ``estimated_finish``, the next poll comes no later than that moment, and soon after it
    while the job is overdue. No interval is ever shorter than ``floor``.

    ``clock=None`` waits in real time (``time.sleep`` / ``asyncio.sleep``); a
    :class:`VirtualClock` is advanced instead, and timeouts are measured on it (tests,
    simulations: ``Poller(clock=emulator)`` watches an emulated job without sleeping).
    Waits sharing one virtual clock (``wait_all``) each advance it, so it runs faster than
    any single one of them asks: fine for tests, which only need time to move.

    ``patience`` is how long a watch rides out an outage: a poll that fails for want of an
    answer (a failure the client's ``RetryPolicy`` retries: connection refused or dropped,
    timeout, 408, 429, 5xx, once the transport's own retries are spent) is tried again, with
    the policy's growing waits, until the server answers or ``patience`` seconds (default
    600) have passed since the first failure; then the error is raised. The job itself is
    not affected by an outage on the way to it.

    >>> poller = Poller(initial=1.0, floor=0.5, maximum=30.0)
    >>> poller.interval(age=5.0), poller.interval(age=3600.0), poller.interval(age=3600.0, remaining=4.0)
    (1.0, 30.0, 4.0)
    """

    initial: float = attrs.field(default=1.0, validator=_positive("initial"))
    floor: float = attrs.field(default=0.5, validator=_positive("floor"))
    maximum: float = attrs.field(default=30.0, validator=_positive("maximum"))
    #: The interval as a fraction of the job's age: with 0.1, a two-minute-old job is polled every 12 s.
    stretch: float = attrs.field(default=0.1, validator=_positive("stretch"))
    clock: VirtualClock | None = attrs.field(default=None, eq=False)
    #: Seconds a watch keeps trying through an outage (connection errors, timeouts, 408,
    #: 429, 5xx after the transport's own retries) before raising its error; 0 gives up at once.
    patience: float = attrs.field(default=DEFAULT_PATIENCE, validator=_non_negative("patience"))

    def __attrs_post_init__(self) -> None:
        if self.maximum < self.floor:
            raise ValidationError("maximum", self.maximum, f"a number of seconds >= floor ({self.floor:g})")
        if self.clock is not None and not isinstance(self.clock, VirtualClock):
            raise ValidationError("clock", self.clock, "None or an object with now() and advance(seconds)")

    @classmethod
    def fixed(cls, seconds: float, clock: VirtualClock | None = None, patience: float = DEFAULT_PATIENCE) -> Poller:
        """A poller that always waits ``seconds`` (which is then also its floor).

        >>> Poller.fixed(2.0).interval(age=10_000.0)
        2.0
        """
        return cls(initial=seconds, floor=seconds, maximum=seconds, clock=clock, patience=patience)

    def interval(self, *, age: float, remaining: float | None = None) -> float:
        """Seconds to wait before the next poll of a job ``age`` seconds old, whose
        ``estimated_finish`` is ``remaining`` seconds away (negative: overdue; None: unknown).

        >>> Poller().interval(age=60.0, remaining=-1.0)
        1.0
        """
        wait = min(self.maximum, max(self.initial, age * self.stretch))
        if remaining is not None and remaining > 0:
            wait = min(wait, remaining)
        elif remaining is not None:
            # Overdue: look again soon, backing off as the estimate proves wrong.
            wait = min(wait, max(self.initial, -remaining * self.stretch))
        return max(self.floor, wait)

    def _unix_time(self) -> float:
        return self.clock.now() if self.clock is not None else time.time()

    def _monotonic(self) -> Generator[Action, Any, float]:
        """A flow step: now, for measuring timeouts (the driver's monotonic clock, or the virtual one)."""
        return (yield from monotonic(self.clock))

    def _sleep(self, seconds: float) -> Generator[Action, Any, None]:
        """A flow step: wait ``seconds`` (the driver sleeps, or the virtual clock advances)."""
        yield from pause(seconds, self.clock)

    def next_wait(self, job: FineTuningJob) -> float:
        """Seconds to wait before polling ``job`` again, from its age and ``estimated_finish``.

        >>> Poller(clock=emulator).next_wait(running_job)
        1.0
        """
        now = self._unix_time()
        age = max(0.0, now - job.created_at) if isinstance(job.created_at, (int, float)) else 0.0
        finish = job.estimated_finish
        remaining = finish - now if isinstance(finish, (int, float)) and finish > 0 else None
        return self.interval(age=age, remaining=remaining)


def as_poller(poll_interval: float | Poller | None, clock: VirtualClock | None = None) -> Poller:
    """The :class:`Poller` for a ``poll_interval`` argument: None is the default policy,
    a number a fixed interval in seconds, a ``Poller`` itself. ``clock`` is the clock the
    first two wait on (None: real time); a ``Poller`` keeps its own.

    >>> as_poller(5).maximum
    5.0
    """
    if poll_interval is None:
        return Poller(clock=clock)
    if isinstance(poll_interval, Poller):
        return poll_interval
    if isinstance(poll_interval, bool) or not isinstance(poll_interval, (int, float)):
        raise ValidationError("poll_interval", poll_interval, "None, a number of seconds > 0, or a Poller")
    try:
        return Poller.fixed(float(poll_interval), clock=clock)
    except ValidationError:
        raise ValidationError("poll_interval", poll_interval, "None, a number of seconds > 0, or a Poller") from None


def status_of(job: FineTuningJob) -> str:
    """A job's status as a plain string (the generated enum keeps unknown values as members).

    >>> from ftkit_api.models.fine_tuning_job_status import FineTuningJobStatus
    >>> class Job:
    ...     status = FineTuningJobStatus.SUCCEEDED
    >>> status_of(Job())
    'succeeded'
    """
    return str(getattr(job.status, "value", job.status))


class _Seen:
    """Where a follow stands: the newest event handed out, and every id handed out."""

    def __init__(self, after_event: str | None) -> None:
        self.last = after_event
        #: The user's after_event has not been met yet (it might name no event of this job).
        self.unconfirmed = after_event is not None
        self.seen: set[str] = set()


def events_since(job_id: str, seen: _Seen | None = None) -> Flow[list[FineTuningJobEvent]]:
    """The job's events newer than ``seen.last`` (all of them without it), oldest first.

    Pages back from the newest event until it meets ``seen.last``; updates ``seen``.

    >>> from ftkit._flow import SyncDriver
    >>> every_event = SyncDriver(executor).run(events_since(job.id))
    >>> every_event[0].message == f"Created fine-tuning job: {job.id}", every_event[-1].message
    (True, 'Fine tuning job successfully completed')
    """
    collected: list[FineTuningJobEvent] = []
    last = None if seen is None else seen.last
    met = last is None
    pages = Cursor()

    def page_after(after: str | None) -> Call:
        return call(list_fine_tuning_events, job_id, limit=EVENTS_PAGE_SIZE, after=UNSET if after is None else after)

    while (data := (yield from next_page(page_after, pages))) is not None:
        stop = next((i for i, event in enumerate(data) if last is not None and event.id == last), len(data))
        collected.extend(data[:stop])
        if stop < len(data):
            met = True
            break
    if seen is None:
        collected.reverse()
        return collected
    if not met:
        if seen.unconfirmed:
            raise ValidationError("after_event", seen.last, f"the id of an event of job {job_id}")
        # The newest event we handed out is gone from the list (the server trimmed it?):
        # every event is new unless we handed it out already.
        logger.warning("event %s of job %s is no longer listed; skipping the events already seen", seen.last, job_id)
    seen.unconfirmed = False
    for event in collected:
        if not isinstance(event.id, str):
            bad = TypeError(f"expected a string, got {event.id!r:.80}")
            raise ResponseFieldError(type(event).__name__, "id", bad)
    fresh = [event for event in reversed(collected) if event.id not in seen.seen]
    if fresh:
        seen.last = fresh[-1].id
        seen.seen.update(event.id for event in fresh)
    return fresh


def _ride_out(flow: Flow[T], poller: Poller, policy: RetryPolicy, deadline: float | None = None) -> Flow[T]:
    """``flow``, with each of its requests that fails for an outage tried again as ``policy``
    says, for ``Poller.patience`` seconds (and never past ``deadline`` on the poller's clock)
    instead of ending it; other errors reach ``flow`` as usual."""
    reply: Any = None
    error: BaseException | None = None
    try:
        while True:
            try:
                action = flow.throw(error) if error is not None else flow.send(reply)
            except StopIteration as stop:
                result: T = stop.value
                return result
            reply, error = None, None
            if not isinstance(action, Call):
                reply = yield action
                continue
            try:
                reply = yield from retried(
                    action, policy, clock=poller.clock, patience=poller.patience, deadline=deadline
                )
            except APIError as exc:
                error = exc
    finally:
        flow.close()


_KNOWN_STATUSES: frozenset[str] = frozenset()


def _known_statuses() -> frozenset[str]:
    global _KNOWN_STATUSES
    if not _KNOWN_STATUSES:
        from ftkit_api.models.fine_tuning_job_status import FineTuningJobStatus

        _KNOWN_STATUSES = frozenset(member.value for member in FineTuningJobStatus)
    return _KNOWN_STATUSES


def _wrong_in(job: FineTuningJob, job_id: str) -> str | None:
    """What keeps ``job`` from being a read of job ``job_id``: another id or none, a status
    missing, null or not one the API documents; None when it is fine."""
    if job.id != job_id:
        if isinstance(job.id, str) and job.id:
            return f"it is job {job.id!r:.80}, not {job_id!r}"
        fields = ", ".join(sorted(job.to_dict())) or "none"
        return f"it has no job id (its fields: {fields:.200})"
    status = job.status
    if isinstance(status, Unset) or status is None:
        return f"its status is {'missing' if isinstance(status, Unset) else 'null'}"
    if status_of(job) not in _known_statuses():
        known = ", ".join(sorted(_known_statuses()))
        return f"its status {status_of(job)!r:.80} is none the API documents ({known})"
    return None


def _read_job(job_id: str) -> Call:
    """The poll of a watch: the job, or a ``ValueError`` saying what is wrong with the answer
    (the executor makes it an ``APIResponseValidationError`` with the answer on ``.response``)."""
    parse = parser(retrieve_fine_tuning_job)

    def read(response: httpx.Response) -> FineTuningJob:
        job: FineTuningJob = parse(response)
        wrong = _wrong_in(job, job_id)
        if wrong is not None:
            raise ValueError(f"not a read of job {job_id}: {wrong}")
        return job

    return Call(retrieve_fine_tuning_job._get_kwargs(job_id), read)


def _malformed(job_id: str, count: int, last: APIResponseValidationError) -> APIResponseValidationError:
    if getattr(last, "response", None) is None:
        return last
    return APIResponseValidationError(
        f"{count} answers in a row to reading job {job_id} were not that job; the last: {last}", response=last.response
    )


def _watch(
    job_id: str,
    *,
    events: bool,
    jobs: bool,
    after_event: str | None,
    poller: Poller,
    policy: RetryPolicy,
    timeout: float | None,
    since: list[float] | None = None,
) -> Flow[FineTuningJob]:
    if not since:
        # The watch starts now; the watches of one wait_all share the first one's start.
        since = since if since is not None else []
        since.append((yield from poller._monotonic()))
    started = since[0]
    deadline = None if timeout is None else started + timeout
    polls = _polls(job_id, events, jobs, after_event, poller, timeout, started)
    return (yield from _ride_out(polls, poller, policy, deadline))


def _polls(
    job_id: str,
    events: bool,
    jobs: bool,
    after_event: str | None,
    poller: Poller,
    timeout: float | None,
    started: float,
) -> Flow[FineTuningJob]:
    seen = _Seen(after_event)
    malformed = 0
    while True:
        try:
            job: FineTuningJob = yield _read_job(job_id)
        except APIResponseValidationError as exc:
            # A server answering 200 with something that is not this job: never poll forever.
            malformed += 1
            if malformed >= MALFORMED_ANSWERS:
                raise _malformed(job_id, malformed, exc) from exc
            wait = poller.interval(age=0.0)
        else:
            malformed = 0
            if jobs:
                yield Emit(job)
            if events:
                for event in (yield from events_since(job_id, seen)):
                    yield Emit(event)
            status = status_of(job)
            if status in TERMINAL_STATUSES:
                return job
            wait = poller.next_wait(job)
        if timeout is not None:
            left = started + timeout - (yield from poller._monotonic())
            if left <= 0:
                raise WaitTimeoutError(job_id, timeout, "unknown" if malformed else status)
            # The last poll lands on the deadline, so a job finishing just in time is seen.
            wait = min(wait, left)
        logger.debug("job %s: polling again in %.1f s", job_id, wait)
        yield from poller._sleep(wait)


def follow_flow(
    job_id: str,
    after_event: str | None = None,
    poller: Poller | None = None,
    *,
    jobs: bool = False,
    policy: RetryPolicy | None = None,
) -> Flow[FineTuningJob]:
    """The flow of ``jobs.follow``: emits each new event once, oldest first, until the job
    is terminal and its last events are out; returns the final job.

    ``jobs=True`` also emits the job each time it is read (once a poll, before that poll's
    events), for a display that shows its status without asking for it again. ``policy`` is
    the client's ``RetryPolicy`` (an outage is ridden out as it says). Arguments are checked
    now, not at the first step.

    >>> from ftkit._flow import SyncDriver
    >>> events = list(SyncDriver(executor).iterate(follow_flow(job.id)))
    >>> len(events), events[-1].message
    (101, 'Fine tuning job successfully completed')
    """
    check_id("job_id", job_id)
    if after_event is not None:
        check_id("after_event", after_event)
    return _watch(
        job_id, events=True, jobs=jobs, after_event=after_event, poller=poller or Poller(),
        policy=policy or RetryPolicy(), timeout=None,
    )  # fmt: skip


def wait_flow(
    job_id: str,
    *,
    timeout: float | None = None,
    events: bool = False,
    jobs: bool = False,
    raise_on_failure: bool = True,
    poller: Poller | None = None,
    policy: RetryPolicy | None = None,
) -> Flow[FineTuningJob]:
    """The flow of ``jobs.wait``: polls until the job is terminal and returns it.

    ``events=True`` also emits the job's events (for ``on_event``), ``jobs=True`` the job
    each time it is read (for ``on_job``). Raises ``WaitTimeoutError`` after ``timeout``
    seconds (the job is left alone), with ``raise_on_failure`` ``JobFailedError`` for a
    failed job, and ``APIResponseValidationError`` after ``MALFORMED_ANSWERS`` answers in a
    row that are not this job with a status the API documents.

    >>> from ftkit._flow import SyncDriver
    >>> SyncDriver(executor).run(wait_flow(running_job.id, timeout=3600, poller=Poller(clock=emulator))).status
    <FineTuningJobStatus.SUCCEEDED: 'succeeded'>
    """
    check_id("job_id", job_id)
    checked_timeout = check_timeout(timeout)
    return _wait(job_id, checked_timeout, events, jobs, raise_on_failure, poller or Poller(), policy or RetryPolicy())


def wait_all_flows(
    job_ids: Sequence[str],
    *,
    timeout: float | None = None,
    raise_on_failure: bool = True,
    poller: Poller | None = None,
    policy: RetryPolicy | None = None,
) -> Iterator[Flow[FineTuningJob]]:
    """The flows of ``jobs.wait_all``, one per job, each made when the engine takes it; their
    ``timeout`` counts from the start of the first, for all of them.

    >>> from ftkit._flow import SyncDriver
    >>> flows = wait_all_flows([job.id, running_job.id], poller=Poller(clock=emulator))
    >>> [j.status for j in SyncDriver(executor).run_all(flows, 4)]
    [<FineTuningJobStatus.SUCCEEDED: 'succeeded'>, <FineTuningJobStatus.SUCCEEDED: 'succeeded'>]
    """
    ids = [check_id("job_id", job_id) for job_id in job_ids]
    checked_timeout = check_timeout(timeout)
    watching, retrying = poller or Poller(), policy or RetryPolicy()
    since: list[float] = []
    return (_wait(job_id, checked_timeout, False, False, raise_on_failure, watching, retrying, since) for job_id in ids)


def _wait(
    job_id: str,
    timeout: float | None,
    events: bool,
    jobs: bool,
    raise_on_failure: bool,
    poller: Poller,
    policy: RetryPolicy,
    since: list[float] | None = None,
) -> Flow[FineTuningJob]:
    job = yield from _watch(
        job_id, events=events, jobs=jobs, after_event=None, poller=poller, policy=policy, timeout=timeout, since=since
    )
    if raise_on_failure and status_of(job) == "failed":
        raise JobFailedError(job)
    return job
