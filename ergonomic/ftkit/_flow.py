"""Decide once, drive twice.

Every operation of ftkit that needs more than one request, or a wait (create a job without
ever creating two, follow events, wait for a job, upload a file in parts, export, grade), is
written once as a *flow*: a generator that yields what it needs done (``Call`` an endpoint,
``Sleep``, ask the time with ``Now``, hand out an item with ``Emit``, drive other flows side
by side with ``Parallel``, run a program with ``Subprocess``, run blocking code such as a file
read with ``Blocking``) and receives the answer. Two
drivers run flows: :class:`SyncDriver` with blocking I/O and :class:`AsyncDriver` with
asyncio; they are the only code that sleeps, sends a request or starts a program, so the
sync and async clients differ in nothing else. A driver sends one request (``send``), runs a
flow to its result (``run``, emitted items to a callback) or as an iterator of the items it
emits (``iterate``), and runs many flows together (``run_all``, ``as_completed``, and
``Parallel`` inside a flow). Whatever way a driver stops (result, error, Ctrl-C, the consumer
walking away), it closes the flow, so the flow's ``finally`` blocks run.

**One engine runs flows together**, with one contract, whoever asks (``Parallel``,
``run_all``, ``as_completed``; ``jobs.wait_all``, ``export``, an Upload's parts):

- *bounded*: at most ``max_in_flight`` requests (and programs: a ``Subprocess`` takes a slot
  too) out at once (the blocking driver sends them from a pool of that many threads; the
  asyncio one as that many tasks at most);
- *lazy*: a flow is taken from ``flows`` (any iterable, a generator included) only when a
  request slot is free and no flow already taken is waiting for one. Flows that send one
  request after another (an Upload's parts, export's jobs) are so about ``max_in_flight`` at
  a time, and may carry a buffer from their creation; flows that mostly wait (``wait_all``)
  free their slot while they sleep, so all of them are watched;
- *the first failure cancels the rest*: a flow that raises stops the taking of new ones,
  the others are closed, and its error propagates (into the flow that yielded
  ``Parallel``, which may clean up with a last request);
- *waits for what is in flight*: before that error (or Ctrl-C, or the consumer walking
  away) propagates, the requests already sent are waited for and their answers handed to
  their flows, which stop at their next request (the blocking driver; a second Ctrl-C stops
  that wait), or cancelled and awaited (asyncio: their answers are dropped), so nothing is
  left running;
- *streams*: ``on_done(index, result)`` hears each result as it comes (in the driver's own
  thread, so it needs no lock), ``as_completed`` hands out ``(index, result)`` pairs as they
  come, and an item a flow emits reaches the consumer as it is emitted; with
  ``Parallel(keep_results=False)`` (the parent receives their number) or ``as_completed`` no
  result is kept, so neither the flows nor their results are held in memory, whatever their
  number (an evaluation of a million examples).

The flows run together may yield every action; a ``Parallel`` among them runs as one piece
of work in a slot of its own. Their steps run in the driver's thread, one at a time, and the
request a flow asks for goes out (a slot free) before the next flow steps: a flow that moves
a virtual clock (an evaluation's budget) does not move it under a request asked before it.

Example (a flow that reads a job twice, a second apart)::

    from ftkit._calls import call
    from ftkit_api.api.fine_tuning import retrieve_fine_tuning_job

    def twice(job_id):
        first = yield call(retrieve_fine_tuning_job, job_id)
        yield Sleep(1.0)
        return first, (yield call(retrieve_fine_tuning_job, job_id))

    first, second = SyncDriver(executor).run(twice("ftjob-abc"))

Ctrl-C while watching jobs is turned into a short ``KeyboardInterrupt`` that says the jobs
keep running (:func:`interrupted`; the resources raise it, from the method the user called).
"""

from __future__ import annotations

import heapq
import inspect
import itertools
import logging
import time
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

if TYPE_CHECKING:
    import asyncio

import attrs
import httpx

from .errors import FtkitError

T = TypeVar("T")
logger = logging.getLogger("ftkit")


@attrs.define
class Call:
    """Send one request (``kwargs`` of a generated ``_get_kwargs``) and parse its answer.

    The flow receives ``parse(response)``, or has the API error thrown into it.
    """

    kwargs: dict[str, Any]
    parse: Callable[[httpx.Response], Any]
    #: Overrides the client's retry limit for this request (0: the flow retries itself).
    max_retries: int | None = None
    #: Hand ``parse`` the answer unread, to stream its body (a download to disk); the blocking
    #: executor streams it, the asyncio one spools it (memory bounded either way).
    stream: bool = False


@attrs.frozen
class Sleep:
    """Wait this many seconds (time.sleep or asyncio.sleep, per driver)."""

    seconds: float


@attrs.frozen
class Now:
    """Ask the driver for the current monotonic time (so flows stay testable)."""


@attrs.frozen
class Emit:
    """Hand ``item`` to the consumer: the next item of an iterator, or a callback's argument.

    The flow receives None and goes on when the consumer asks for the next item.
    """

    item: Any


@attrs.frozen
class Parallel:
    """Drive these flows together (the engine: see the module doc); the flow receives their
    results in order, or with ``keep_results=False`` only how many there were.

    ``flows`` is taken lazily, as request slots free, so a flow may carry a large buffer (a
    part of a file). ``on_done(index, result)`` is called in the driver's thread as each one
    finishes. The first flow that raises stops the others and its error is thrown into the
    flow that yielded this action, once the requests already out are done.
    """

    flows: Iterable[Flow[Any]]
    max_in_flight: int
    on_done: Callable[[int, Any], object] | None = None
    #: Whether to keep the results (False: only ``on_done`` and the items emitted see them, and
    #: the flow receives the number of flows run).
    keep_results: bool = True


@attrs.frozen
class Subprocess:
    """Run a program to its end: ``argv``, with ``stdin`` on its standard input, killed after
    ``timeout`` seconds (wall clock). The flow receives a :class:`Finished`. The blocking
    driver runs it with :mod:`subprocess`, the asyncio driver with asyncio's subprocesses; a
    program that cannot start is an ``OSError`` thrown into the flow."""

    argv: Sequence[str]
    stdin: bytes
    timeout: float


@attrs.frozen
class Finished:
    """How a :class:`Subprocess` ended: its exit status (None if killed at its timeout), its
    output and error output, and whether the timeout killed it."""

    returncode: int | None
    stdout: bytes
    stderr: bytes
    timed_out: bool


@attrs.frozen
class Blocking:
    """Run ``fn()``, blocking code (reading a part of a file), where it holds up no event loop:
    the blocking driver calls it on its own thread (a pool thread, among other flows), the
    asyncio driver on a worker thread. The flow receives its result, or has its error (an
    ``FtkitError`` or ``OSError``) thrown in; in the engine it takes a slot, as a request does."""

    fn: Callable[[], Any]


Action = Call | Sleep | Now | Emit | Parallel | Subprocess | Blocking
Flow = Generator[Action, Any, T]
#: What takes a slot of the engine: a request, a program, blocking code, or a nested ``Parallel``.
_Work = Call | Subprocess | Parallel | Blocking
#: What the driver throws into a flow when its work fails: the API's errors, a program that cannot start.
_THROWN = (FtkitError, OSError)


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


def pause(seconds: float, clock: VirtualClock | None = None) -> Flow[None]:
    """A flow step: wait ``seconds``; the driver sleeps, or a virtual ``clock`` is advanced.

    >>> list(pause(2.0))
    [Sleep(seconds=2.0)]
    """
    if clock is not None:
        clock.advance(seconds)
        return
    yield Sleep(seconds)


def monotonic(clock: VirtualClock | None = None) -> Flow[float]:
    """A flow step: the time now, for measuring waits (the driver's monotonic clock, or the virtual one).

    >>> next(monotonic())
    Now()
    """
    if clock is not None:
        return clock.now()
    now: float = yield Now()
    return now


class SyncExecutor(Protocol):
    """What the sync driver needs to send a request (``_executor.SyncHTTP``)."""

    def execute(self, call: Call) -> Any: ...


class AsyncExecutor(Protocol):
    """What the async driver needs to send a request (``_executor.AsyncHTTP``)."""

    async def execute(self, call: Call) -> Any: ...


@attrs.frozen
class _Done:
    """The last item of ``_drive_async``: the flow's result (async generators cannot return one)."""

    value: Any


class _Stepper:
    """The part of driving a flow that is the same for both drivers: hand it the last
    answer (or error) and get its next action, or ``_Done`` with its result."""

    def __init__(self, flow: Flow[Any]) -> None:
        self.flow = flow
        self.value: Any = None
        self.error: BaseException | None = None

    def next(self) -> Action | _Done:
        try:
            action = self.flow.send(self.value) if self.error is None else self.flow.throw(self.error)
        except StopIteration as stop:
            return _Done(stop.value)
        self.value, self.error = None, None
        if not isinstance(action, (Call, Sleep, Now, Emit, Parallel, Subprocess, Blocking)):
            raise TypeError(f"a flow yielded {action!r}, which is not an action")
        return action


# -- the engine: flows together, decided once for both drivers ---------------------------------------


@attrs.frozen
class _Finished:
    """A flow of the group returned ``value``; ``index`` is its place in ``flows``."""

    index: int
    value: Any


class _Member:
    __slots__ = ("flow", "index")

    def __init__(self, index: int, flow: Flow[Any]) -> None:
        self.index = index
        self.flow = flow


class _Group:
    """Flows driven together, without I/O: which flow steps next, which request may start,
    who sleeps until when. A driver starts the work ``step`` gives, waits for it (or for
    ``until_wake``), and reports each answer with ``answered``; what the flows emit and
    return collects in ``events`` (``Emit`` items, and ``_Finished``)."""

    def __init__(self, flows: Iterable[Flow[Any]], max_in_flight: int) -> None:
        self._source: Iterator[Flow[Any]] | None = iter(flows)
        self._taken = 0
        self.max_in_flight = max_in_flight
        self.in_flight = 0
        self._live: dict[int, _Member] = {}
        self._ready: deque[tuple[_Member, Any, BaseException | None]] = deque()
        self._queued: deque[tuple[_Member, _Work]] = deque()
        self._sleeping: list[tuple[float, int, _Member]] = []
        self._order = itertools.count()
        self._stopping = False
        #: What the flows emitted (the items) and returned (``_Finished``), in order; a driver
        #: hands them on after each step (a deque: a nested Parallel adds from its own thread).
        self.events: deque[Any] = deque()

    @property
    def finished(self) -> bool:
        return self._source is None and not self._live

    def until_wake(self, now: float) -> float | None:
        """Seconds until the next sleeping flow wakes (None: none sleeps)."""
        return max(0.0, self._sleeping[0][0] - now) if self._sleeping else None

    def answered(self, member: _Member, value: Any = None, error: BaseException | None = None) -> None:
        """A request (or nested Parallel) of ``member`` is done: its slot frees, and the flow
        receives ``value`` or has ``error`` thrown into it at the next step."""
        self.in_flight -= 1
        self._ready.append((member, value, error))

    def step(self, now: float) -> tuple[_Member, _Work] | None:
        """Run the flows that can run, taking new flows as slots free, until one asks for work
        a free slot can take: that work, to start now (before any other flow runs: a flow may
        move a virtual clock, and the request asked before it must go out at its own time).
        None when every flow waits (for an answer, a slot or a wake-up). A flow that raises
        raises here: the first failure."""
        while self._sleeping and self._sleeping[0][0] <= now:
            self._ready.append((heapq.heappop(self._sleeping)[2], None, None))
        while True:
            if self._queued and self.in_flight < self.max_in_flight:
                self.in_flight += 1
                return self._queued.popleft()
            if self._ready:
                self._advance(*self._ready.popleft(), now)
                continue
            if self._queued or self.in_flight >= self.max_in_flight or self._source is None:
                return None
            flow = next(self._source, None)  # taken only now: it may hold a buffer from its creation
            if flow is None:
                self._source = None
                return None
            member = self._live[self._taken] = _Member(self._taken, flow)
            self._taken += 1
            self._ready.append((member, None, None))

    def _advance(self, member: _Member, value: Any, error: BaseException | None, now: float) -> None:
        try:
            action = member.flow.send(value) if error is None else member.flow.throw(error)
        except StopIteration as stop:
            del self._live[member.index]
            self.events.append(_Finished(member.index, stop.value))
            return
        except Exception:
            del self._live[member.index]  # it is over; the others are closed by the driver
            if self._stopping:
                logger.debug("a flow failed while the others stopped", exc_info=True)
                return  # the first failure is the one that propagates
            raise
        except BaseException:
            del self._live[member.index]
            raise
        if self._stopping and not isinstance(action, (Emit, Now)):
            del self._live[member.index]  # it stops before its next request (or wait)
            member.flow.close()
            return
        if isinstance(action, Emit):
            self.events.append(action.item)
            self._ready.append((member, None, None))
        elif isinstance(action, Sleep):
            heapq.heappush(self._sleeping, (now + max(0.0, action.seconds), next(self._order), member))
        elif isinstance(action, Now):
            self._ready.append((member, now, None))
        elif isinstance(action, (Call, Subprocess, Parallel, Blocking)):
            self._queued.append((member, action))
        else:
            del self._live[member.index]
            member.flow.close()
            raise TypeError(f"a flow yielded {action!r}, which is not an action")

    def stop(self) -> None:
        """Stop: no flow is taken and no work starts any more; the flows not waiting for an
        answer are closed now, and those whose request is out stop at their next request
        (or wait) once the driver hands them its answer (``answered``, then ``step``)."""
        self._stopping = True
        self._source = None
        waiting = {id(member) for member, _ in self._queued}
        waiting.update(id(entry[2]) for entry in self._sleeping)
        self._queued.clear()
        self._sleeping.clear()
        for member in [m for m in self._live.values() if id(m) in waiting]:
            del self._live[member.index]
            member.flow.close()

    def close(self) -> None:
        """Close every flow still open (their ``finally`` blocks run)."""
        live, self._live = list(self._live.values()), {}
        self._source = None
        for member in live:
            member.flow.close()


class _Gathered:
    """What a driver does with the flows of a ``Parallel`` as they finish: keep each result
    (unless ``keep`` is False) and call ``on_done``."""

    def __init__(self, action: Parallel) -> None:
        self.on_done = action.on_done
        self.kept: dict[int, Any] | None = {} if action.keep_results else None
        self.count = 0

    def add(self, finished: _Finished) -> None:
        self.count += 1
        if self.kept is not None:
            self.kept[finished.index] = finished.value
        if self.on_done is not None:
            self.on_done(finished.index, finished.value)

    def results(self) -> list[Any] | int:
        return self.count if self.kept is None else [self.kept[i] for i in range(len(self.kept))]


class SyncDriver:
    """Runs calls and flows with blocking I/O on one executor (the client's ``_executor.SyncHTTP``).

    >>> from ftkit._calls import call, endpoint
    >>> retrieve_fine_tuning_job = endpoint("fine_tuning.retrieve_fine_tuning_job")
    >>> SyncDriver(executor).send(call(retrieve_fine_tuning_job, job.id))  # doctest: +ELLIPSIS
    FineTuningJob(id='ftjob-...', ...)
    """

    def __init__(self, http: SyncExecutor) -> None:
        self.http = http

    def send(self, call: Call) -> Any:
        """Send one request and return its parsed answer (no flow to drive: the common case)."""
        return self.http.execute(call)

    def iterate(self, flow: Flow[T]) -> Generator[Any, None, T]:
        """Drive a flow, yielding each item it emits; returns the flow's result."""
        stepper = _Stepper(flow)
        try:
            while True:
                action = stepper.next()
                if isinstance(action, _Done):
                    result: T = action.value
                    return result
                if isinstance(action, Emit):
                    yield action.item
                    continue
                try:
                    if isinstance(action, Call):
                        stepper.value = self.http.execute(action)
                    elif isinstance(action, Sleep):
                        time.sleep(max(0.0, action.seconds))
                    elif isinstance(action, Parallel):
                        stepper.value = yield from self._parallel(action)
                    elif isinstance(action, Subprocess):
                        stepper.value = run_process(action)
                    elif isinstance(action, Blocking):
                        stepper.value = action.fn()
                    else:
                        stepper.value = time.monotonic()
                except (*_THROWN, KeyboardInterrupt) as exc:
                    # Ctrl-C too: a flow may clean up with a last request (cancel an Upload) before it goes.
                    stepper.error = exc
        finally:
            flow.close()

    def run(self, flow: Flow[T], on_emit: Callable[[Any], object] | None = None) -> T:
        """Drive a flow to its result; emitted items go to ``on_emit`` (dropped without it)."""
        driver = self.iterate(flow)
        try:
            while True:
                try:
                    item = next(driver)
                except StopIteration as stop:
                    result: T = stop.value
                    return result
                if on_emit is not None:
                    on_emit(item)
        finally:
            driver.close()

    def run_all(
        self,
        flows: Iterable[Flow[T]],
        max_in_flight: int,
        on_done: Callable[[int, T], object] | None = None,
        on_emit: Callable[[Any], object] | None = None,
    ) -> list[T]:
        """Drive several flows together (the engine, see the module doc); their results in
        the order of ``flows``. Emitted items go to ``on_emit``, each result to ``on_done``."""
        results = self.run(_together(Parallel(flows, max_in_flight, on_done)), on_emit)
        assert isinstance(results, list)
        return results

    def as_completed(
        self, flows: Iterable[Flow[T]], max_in_flight: int, on_emit: Callable[[Any], object] | None = None
    ) -> Iterator[tuple[int, T]]:
        """Drive several flows together, handing out ``(index, result)`` as each finishes (no
        result is kept). Leaving the loop early stops the others (after the requests out)."""
        events = self._events(flows, max_in_flight)
        try:
            for event in events:
                if isinstance(event, _Finished):
                    yield event.index, event.value
                elif on_emit is not None:
                    on_emit(event)
        finally:
            events.close()

    def _parallel(self, action: Parallel) -> Generator[Any, None, list[Any] | int]:
        gathered = _Gathered(action)
        events = self._events(action.flows, action.max_in_flight)
        try:
            for event in events:
                if isinstance(event, _Finished):
                    gathered.add(event)
                else:
                    yield event
        finally:
            events.close()
        return gathered.results()

    def _events(self, flows: Iterable[Flow[Any]], max_in_flight: int) -> Generator[Any, None, None]:
        """The engine on threads: what the flows emit and ``_Finished`` for each, in order."""
        group = _Group(flows, max_in_flight)
        running: dict[Future[Any], _Member] = {}
        pool = ThreadPoolExecutor(max_workers=max_in_flight, thread_name_prefix="ftkit")
        try:
            while True:
                now = time.monotonic()
                started = group.step(now)
                if started is not None:
                    member, work = started
                    running[pool.submit(self._perform, work, group.events.append)] = member
                while group.events:
                    yield group.events.popleft()
                if group.finished:
                    return
                if started is not None:
                    continue  # the other flows may run on
                if running:
                    done, _ = wait_futures(running, timeout=group.until_wake(now), return_when=FIRST_COMPLETED)
                    for future in done:
                        member = running.pop(future)
                        try:
                            group.answered(member, future.result())
                        except _THROWN as exc:
                            group.answered(member, error=exc)
                else:
                    time.sleep(group.until_wake(now) or 0.0)
        except BaseException:
            # The first failure, Ctrl-C, or the consumer walking away: nothing new starts; the
            # requests already out are waited for (a second Ctrl-C stops that) and their answers
            # reach their flows, which stop at their next request (an evaluation records them).
            group.stop()
            self._drain(group, running)
            raise
        finally:
            try:
                pool.shutdown(wait=True, cancel_futures=True)
            finally:
                group.close()

    @staticmethod
    def _drain(group: _Group, running: dict[Future[Any], _Member]) -> None:
        while running:
            done, _ = wait_futures(running, return_when=FIRST_COMPLETED)
            for future in done:
                member = running.pop(future)
                try:
                    value = future.result()
                except Exception as exc:  # thrown into its flow, which stops (the first failure wins)
                    group.answered(member, error=exc)
                else:
                    group.answered(member, value)
            group.step(time.monotonic())

    def _perform(self, work: _Work, emit: Callable[[Any], object]) -> Any:
        """One piece of work of the engine, on a pool thread: a request, a program, or a nested
        Parallel (its items reach the consumer when the engine next wakes)."""
        if isinstance(work, Call):
            return self.http.execute(work)
        if isinstance(work, Subprocess):
            return run_process(work)
        if isinstance(work, Blocking):
            return work.fn()
        return SyncDriver(self.http).run(_together(work), emit)


def _together(action: Parallel) -> Flow[Any]:
    """A flow that is only ``action``: what ``run_all`` drives."""
    results = yield action
    return results


class AsyncDriver:
    """Runs calls and flows with asyncio on one executor (the client's ``_executor.AsyncHTTP``).

    >>> import asyncio
    >>> from ftkit._calls import call, endpoint
    >>> retrieve_fine_tuning_job = endpoint("fine_tuning.retrieve_fine_tuning_job")
    >>> asyncio.run(AsyncDriver(async_executor).send(call(retrieve_fine_tuning_job, job.id)))  # doctest: +ELLIPSIS
    FineTuningJob(id='ftjob-...', ...)
    """

    def __init__(self, http: AsyncExecutor) -> None:
        self.http = http

    async def send(self, call: Call) -> Any:
        """Send one request and return its parsed answer."""
        return await self.http.execute(call)

    async def _drive(self, flow: Flow[Any]) -> AsyncGenerator[Any, None]:
        stepper = _Stepper(flow)
        try:
            while True:
                action = stepper.next()
                if isinstance(action, _Done):
                    yield action
                    return
                if isinstance(action, Emit):
                    yield action.item
                    continue
                try:
                    if isinstance(action, Call):
                        stepper.value = await self.http.execute(action)
                    elif isinstance(action, Sleep):
                        await _asyncio().sleep(max(0.0, action.seconds))
                    elif isinstance(action, Parallel):
                        gathered = _Gathered(action)
                        events = self._events(action.flows, action.max_in_flight)
                        try:
                            async for event in events:
                                if isinstance(event, _Finished):
                                    gathered.add(event)
                                else:
                                    yield event
                        finally:
                            await events.aclose()
                        stepper.value = gathered.results()
                    elif isinstance(action, Subprocess):
                        stepper.value = await run_process_async(action)
                    elif isinstance(action, Blocking):
                        stepper.value = await _asyncio().to_thread(action.fn)
                    else:
                        stepper.value = time.monotonic()
                except (*_THROWN, KeyboardInterrupt, _asyncio().CancelledError) as exc:
                    # Cancellation too: a flow may clean up with a last request (cancel an Upload) before it goes.
                    stepper.error = exc
        finally:
            flow.close()

    async def run(self, flow: Flow[T], on_emit: Callable[[Any], object] | None = None) -> T:
        """Drive a flow to its result; emitted items go to ``on_emit`` (awaited if it returns an awaitable)."""
        driver = self._drive(flow)
        try:
            async for item in driver:
                if isinstance(item, _Done):
                    result: T = item.value
                    return result
                if on_emit is not None:
                    outcome = on_emit(item)
                    if inspect.isawaitable(outcome):
                        await outcome
            raise RuntimeError("the flow driver stopped without a result")  # pragma: no cover
        finally:
            await driver.aclose()

    async def iterate(self, flow: Flow[Any]) -> AsyncIterator[Any]:
        """Drive a flow as an async iterator of the items it emits (its result is dropped)."""
        driver = self._drive(flow)
        try:
            async for item in driver:
                if isinstance(item, _Done):
                    return
                yield item
        finally:
            await driver.aclose()

    async def run_all(
        self,
        flows: Iterable[Flow[T]],
        max_in_flight: int,
        on_done: Callable[[int, T], object] | None = None,
        on_emit: Callable[[Any], object] | None = None,
    ) -> list[T]:
        """Drive several flows together (the engine, see the module doc); their results in
        the order of ``flows``. Cancelling this coroutine cancels them all."""
        results = await self.run(_together(Parallel(flows, max_in_flight, on_done)), on_emit)
        assert isinstance(results, list)
        return results

    async def as_completed(
        self, flows: Iterable[Flow[T]], max_in_flight: int, on_emit: Callable[[Any], object] | None = None
    ) -> AsyncIterator[tuple[int, T]]:
        """Drive several flows together, handing out ``(index, result)`` as each finishes (no
        result is kept); ``on_emit`` may return an awaitable."""
        events = self._events(flows, max_in_flight)
        try:
            async for event in events:
                if isinstance(event, _Finished):
                    yield event.index, event.value
                elif on_emit is not None:
                    outcome = on_emit(event)
                    if inspect.isawaitable(outcome):
                        await outcome
        finally:
            await events.aclose()

    async def _events(self, flows: Iterable[Flow[Any]], max_in_flight: int) -> AsyncGenerator[Any, None]:
        """The engine on asyncio: what the flows emit and ``_Finished`` for each, in order."""
        aio = _asyncio()
        group = _Group(flows, max_in_flight)
        running: dict[asyncio.Future[Any], _Member] = {}
        try:
            while True:
                now = time.monotonic()
                started = group.step(now)
                if started is not None:
                    member, work = started
                    running[aio.ensure_future(self._perform(work, group.events.append))] = member
                while group.events:
                    yield group.events.popleft()
                if group.finished:
                    return
                if started is not None:
                    await aio.sleep(0)  # the request goes out now, before the other flows run on
                    continue
                if running:
                    done, _ = await aio.wait(running, timeout=group.until_wake(now), return_when=aio.FIRST_COMPLETED)
                    for task in done:
                        member = running.pop(task)
                        error = task.exception()
                        if error is not None and not isinstance(error, _THROWN):
                            raise error
                        group.answered(member, None if error is not None else task.result(), error)
                else:
                    await aio.sleep(group.until_wake(now) or 0.0)
        finally:
            # Nothing new starts; the requests already out are cancelled and awaited, so nothing
            # is left running when the error (or the cancellation) propagates.
            try:
                for task in running:
                    task.cancel()
                if running:
                    await aio.gather(*running, return_exceptions=True)
            finally:
                group.close()

    async def _perform(self, work: _Work, emit: Callable[[Any], object]) -> Any:
        if isinstance(work, Call):
            return await self.http.execute(work)
        if isinstance(work, Subprocess):
            return await run_process_async(work)
        if isinstance(work, Blocking):
            return await _asyncio().to_thread(work.fn)
        return await AsyncDriver(self.http).run(_together(work), emit)


def run_process(action: Subprocess) -> Finished:
    """Run ``action``'s program with blocking I/O (the blocking driver's way)."""
    import subprocess

    with subprocess.Popen(
        list(action.argv), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        try:
            stdout, stderr = process.communicate(action.stdin, timeout=action.timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
            return Finished(None, stdout, stderr, True)
        except BaseException:
            process.kill()  # Ctrl-C: the program goes too
            raise
    return Finished(process.returncode, stdout, stderr, False)


async def run_process_async(action: Subprocess) -> Finished:
    """Run ``action``'s program with asyncio (the asyncio driver's way); cancelling kills it."""
    asyncio = _asyncio()
    process = await asyncio.create_subprocess_exec(
        *action.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(action.stdin), timeout=action.timeout)
    except asyncio.TimeoutError:
        process.kill()
        stdout, stderr = await process.communicate()
        return Finished(None, stdout, stderr, True)
    except BaseException:
        if process.returncode is None:
            process.kill()
            await process.wait()
        raise
    return Finished(process.returncode, stdout, stderr, False)


def _asyncio() -> ModuleType:
    # asyncio is imported by the async client's first wait, not by `import ftkit` (start-up time).
    import asyncio

    return asyncio


def interrupted(job_ids: Sequence[str]) -> KeyboardInterrupt:
    """The KeyboardInterrupt to raise (``from None``) when Ctrl-C stops a follow or a wait.

    The job itself is left alone; the message says so.

    >>> str(interrupted(["ftjob-a"]))
    'stopped watching ftjob-a; the job keeps running (client.jobs.cancel stops it)'
    """
    shown = ", ".join(job_ids) if len(job_ids) <= 3 else f"{job_ids[0]} and {len(job_ids) - 1} other jobs"
    plural = "s keep" if len(job_ids) > 1 else " keeps"
    logger.info("interrupted while watching %s", shown)
    return KeyboardInterrupt(f"stopped watching {shown}; the job{plural} running (client.jobs.cancel stops it)")
