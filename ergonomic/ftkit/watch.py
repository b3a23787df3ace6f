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
import warnings
from collections.abc import Generator, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

import attrs
from ftkit_api.types import UNSET

from . import _checks, _flow
from ._calls import call, endpoint
from ._checks import check_id, check_timeout
from ._flow import Action, Call, Emit, Flow, Now, Sleep
from .errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    JobFailedError,
    ResponseFieldError,
    ValidationError,
    WaitTimeoutError,
)
from .pagination import items_of, next_cursor, repeats

if TYPE_CHECKING:
    from ftkit_api.models.fine_tuning_job import FineTuningJob
    from ftkit_api.models.fine_tuning_job_event import FineTuningJobEvent
    from ftkit_api.models.list_fine_tuning_job_events_response import ListFineTuningJobEventsResponse

# Imported on first use, not with the client (start-up time): see _calls.endpoint.
list_fine_tuning_events = endpoint("fine_tuning.list_fine_tuning_events")
retrieve_fine_tuning_job = endpoint("fine_tuning.retrieve_fine_tuning_job")

__all__ = [
    "DEFAULT_PATIENCE",
    "EVENTS_PAGE_SIZE",
    "TERMINAL_STATUSES",
    "Poller",
    "VirtualClock",
    "as_poller",
    "events_since",
    "follow_flow",
    "status_of",
    "wait_flow",
]

logger = logging.getLogger("ftkit")
T = TypeVar("T")

#: A job in one of these statuses will not change again.
TERMINAL_STATUSES = frozenset({"succeeded", "failed", "cancelled"})
#: Events asked per request when paging back (the API's maximum).
EVENTS_PAGE_SIZE = 100


@runtime_checkable
class VirtualClock(Protocol):
    """A clock a wait can run on instead of real time (``ftkit.emulator.Emulator`` is one).

    ``now()`` is Unix time in seconds (compared with a job's ``created_at`` and
    ``estimated_finish``); ``advance(seconds)`` moves it forward at once, without sleeping.

    >>> from ftkit.emulator import Emulator
    >>> isinstance(Emulator(clock="manual"), VirtualClock)
    True
    """

    def now(self) -> float: ...

    def advance(self, seconds: float) -> None: ...


#: How long follow, wait and wait_all keep polling through an outage, in seconds.
DEFAULT_PATIENCE = 600.0


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
    answer (connection refused or dropped, timeout, 408, 429, 5xx, once the transport's own
    retries are spent) is tried again, with growing waits, until the server answers or
    ``patience`` seconds (default 600) have passed since the first failure; then the error
    is raised. The job itself is not affected by an outage on the way to it.

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
        if self.clock is not None:
            return self.clock.now()
        now: float = yield Now()
        return now

    def _sleep(self, seconds: float) -> Generator[Action, Any, None]:
        """A flow step: wait ``seconds`` (the driver sleeps, or the virtual clock advances)."""
        if self.clock is not None:
            self.clock.advance(seconds)
            return
        yield Sleep(seconds)

    def next_wait(self, job: FineTuningJob) -> float:
        """Seconds to wait before polling ``job`` again, from its age and ``estimated_finish``.

        >>> Poller().next_wait(client.jobs.retrieve("ftjob-abc"))  # doctest: +SKIP
        12.5
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


class _EventCursor:
    """Where a follow stands: the newest event handed out, and every id handed out."""

    def __init__(self, after_event: str | None) -> None:
        self.last = after_event
        #: The user's after_event has not been met yet (it might name no event of this job).
        self.unconfirmed = after_event is not None
        self.seen: set[str] = set()


def events_since(job_id: str, cursor: _EventCursor | None = None) -> Flow[list[FineTuningJobEvent]]:
    """The job's events newer than ``cursor.last`` (all of them without a cursor), oldest first.

    Pages back from the newest event until it meets ``cursor.last``; updates the cursor.

    >>> from ftkit._flow import SyncDriver
    >>> every_event = SyncDriver(client_http).run(events_since("ftjob-abc"))  # doctest: +SKIP
    """
    collected: list[FineTuningJobEvent] = []
    after: str | None = None
    met = cursor is None or cursor.last is None
    while True:
        page: ListFineTuningJobEventsResponse = yield call(
            list_fine_tuning_events, job_id, limit=EVENTS_PAGE_SIZE, after=UNSET if after is None else after
        )
        data = items_of(page)
        if after is not None and repeats(data, after):
            break
        stop = len(data)
        if cursor is not None and cursor.last is not None:
            for i, event in enumerate(data):
                if event.id == cursor.last:
                    stop, met = i, True
                    break
        collected.extend(data[:stop])
        if met and cursor is not None and cursor.last is not None:
            break
        following = next_cursor(data, bool(page.has_more))
        if following is None:
            break
        after = following
    if cursor is None:
        collected.reverse()
        return collected
    if not met:
        if cursor.unconfirmed:
            raise ValidationError("after_event", cursor.last, f"the id of an event of job {job_id}")
        # The newest event we handed out is gone from the list (the server trimmed it?):
        # every event is new unless we handed it out already.
        logger.warning("event %s of job %s is no longer listed; skipping the events already seen", cursor.last, job_id)
    cursor.unconfirmed = False
    for event in collected:
        if not isinstance(event.id, str):
            bad = TypeError(f"expected a string, got {event.id!r:.80}")
            raise ResponseFieldError(type(event).__name__, "id", bad)
    fresh = [event for event in reversed(collected) if event.id not in cursor.seen]
    if fresh:
        cursor.last = fresh[-1].id
        cursor.seen.update(event.id for event in fresh)
    return fresh


def _outage(error: APIError) -> bool:
    """Whether a failed poll says nothing about the job, only that the server was not reached."""
    if isinstance(error, APIConnectionError):
        return True
    return isinstance(error, APIStatusError) and (error.status_code in (408, 429) or error.status_code >= 500)


def _ride_out(flow: Flow[T], poller: Poller, deadline: float | None = None) -> Flow[T]:
    """``flow``, with each of its requests that fails for an outage tried again (see
    ``Poller.patience``, and never past ``deadline`` on the poller's clock) instead of
    ending it; other errors reach ``flow`` as usual."""
    reply: Any = None
    error: BaseException | None = None
    failing_since: float | None = None
    failures = 0
    try:
        while True:
            try:
                action = flow.throw(error) if error is not None else flow.send(reply)
            except StopIteration as stop:
                result: T = stop.value
                return result
            error = None
            if not isinstance(action, Call):
                reply = yield action
                continue
            while True:
                try:
                    reply = yield action
                    failing_since, failures = None, 0
                    break
                except APIError as exc:
                    now = yield from poller._monotonic()
                    if failing_since is None:
                        failing_since = now
                    left = failing_since + poller.patience - now
                    if deadline is not None:
                        left = min(left, deadline - now)
                    if not _outage(exc) or left <= 0:
                        error = exc
                        break
                    failures += 1
                    wait = min(poller.maximum, max(poller.floor, poller.initial * 2.0 ** (failures - 1)), left)
                    logger.info("no answer from the server (%s); trying again in %.1f s", exc, wait)
                    yield from poller._sleep(wait)
    finally:
        flow.close()


def _watch(
    job_id: str, *, events: bool, jobs: bool, after_event: str | None, poller: Poller, timeout: float | None
) -> Flow[FineTuningJob]:
    started = yield from poller._monotonic()
    deadline = None if timeout is None else started + timeout
    return (yield from _ride_out(_polls(job_id, events, jobs, after_event, poller, timeout), poller, deadline))


def _polls(
    job_id: str, events: bool, jobs: bool, after_event: str | None, poller: Poller, timeout: float | None
) -> Flow[FineTuningJob]:
    started = yield from poller._monotonic()
    cursor = _EventCursor(after_event)
    while True:
        job: FineTuningJob = yield call(retrieve_fine_tuning_job, job_id)
        if jobs:
            yield Emit(job)
        if events:
            for event in (yield from events_since(job_id, cursor)):
                yield Emit(event)
        status = status_of(job)
        if status in TERMINAL_STATUSES:
            return job
        wait = poller.next_wait(job)
        if timeout is not None:
            left = started + timeout - (yield from poller._monotonic())
            if left <= 0:
                raise WaitTimeoutError(job_id, timeout, status)
            # The last poll lands on the deadline, so a job finishing just in time is seen.
            wait = min(wait, left)
        logger.debug("job %s is %s; polling again in %.1f s", job_id, status, wait)
        yield from poller._sleep(wait)


def follow_flow(
    job_id: str, after_event: str | None = None, poller: Poller | None = None, *, jobs: bool = False
) -> Flow[FineTuningJob]:
    """The flow of ``jobs.follow``: emits each new event once, oldest first, until the job
    is terminal and its last events are out; returns the final job.

    ``jobs=True`` also emits the job each time it is read (once a poll, before that poll's
    events), for a display that shows its status without asking for it again. Arguments
    are checked now, not at the first step.

    >>> from ftkit._flow import SyncDriver
    >>> events = list(SyncDriver(client_http).iterate(follow_flow("ftjob-abc")))  # doctest: +SKIP
    """
    check_id("job_id", job_id)
    if after_event is not None:
        check_id("after_event", after_event)
    return _watch(job_id, events=True, jobs=jobs, after_event=after_event, poller=poller or Poller(), timeout=None)


def wait_flow(
    job_id: str,
    *,
    timeout: float | None = None,
    events: bool = False,
    jobs: bool = False,
    raise_on_failure: bool = True,
    poller: Poller | None = None,
) -> Flow[FineTuningJob]:
    """The flow of ``jobs.wait``: polls until the job is terminal and returns it.

    ``events=True`` also emits the job's events (for ``on_event``), ``jobs=True`` the job
    each time it is read (for ``on_job``). Raises ``WaitTimeoutError`` after ``timeout``
    seconds (the job is left alone) and, with ``raise_on_failure``, ``JobFailedError`` for
    a failed job.

    >>> from ftkit._flow import SyncDriver
    >>> job = SyncDriver(client_http).run(wait_flow("ftjob-abc", timeout=600))  # doctest: +SKIP
    """
    check_id("job_id", job_id)
    checked_timeout = check_timeout(timeout)
    return _wait(job_id, checked_timeout, events, jobs, raise_on_failure, poller or Poller())


def _wait(
    job_id: str, timeout: float | None, events: bool, jobs: bool, raise_on_failure: bool, poller: Poller
) -> Flow[FineTuningJob]:
    job = yield from _watch(job_id, events=events, jobs=jobs, after_event=None, poller=poller, timeout=timeout)
    if raise_on_failure and status_of(job) == "failed":
        raise JobFailedError(job)
    return job


def _interruptible(items: Iterator[T], job_ids: Sequence[str]) -> Iterator[T]:
    # What the deprecated ``watch.interruptible`` does; the resources now do it themselves.
    try:
        yield from items
    except KeyboardInterrupt:
        raise _flow.interrupted(job_ids) from None


# Names that moved to where they belong; the old ones keep working, with a warning.
_MOVED: dict[str, tuple[Any, str]] = {
    "check_job_ids": (_checks.check_job_ids, "ftkit._checks.check_job_ids"),
    "check_max_in_flight": (_checks.check_max_in_flight, "ftkit._checks.check_max_in_flight"),
    "interrupted": (_flow.interrupted, "ftkit._flow.interrupted"),
    "interruptible": (_interruptible, "the jobs resources (client.jobs.follow does it)"),
}


def __getattr__(name: str) -> Any:
    moved = _MOVED.get(name)
    if moved is None:
        raise AttributeError(f"module 'ftkit.watch' has no attribute {name!r}")
    value, where = moved
    warnings.warn(f"ftkit.watch.{name} is deprecated: see {where}", DeprecationWarning, stacklevel=2)
    return value
