"""Decide once, drive twice.

Every operation of ftkit that needs more than one step (create a job without ever
creating two, follow events, wait for a job, page through a list) is written once as a
*flow*: a generator that yields what it needs done (``Call`` an endpoint, ``Sleep``, ask
the time with ``Now``, hand out an item with ``Emit``, drive flows side by side with
``Parallel``) and receives the answer. Two
drivers run flows: :class:`SyncDriver` with blocking I/O and :class:`AsyncDriver` with
asyncio; they are the only code that sleeps, sends a request or starts a program, so the sync and async
clients differ in nothing else. Each driver runs a flow in one of three ways: ``run`` (to
its result, emitted items to a callback), ``iterate`` (the emitted items as an iterator)
and ``run_all`` (several flows together, a bound on the requests in flight); ``call``
sends a single request without a flow (most methods need no more). Whatever way a driver
stops (result, error, Ctrl-C, the consumer walking away), it closes the flow, so the
flow's ``finally`` blocks run.

Example (a flow that reads a job twice, a second apart)::

    from ftkit._calls import call
    from ftkit_api.api.fine_tuning import retrieve_fine_tuning_job

    def twice(job_id):
        first = yield call(retrieve_fine_tuning_job, job_id)
        yield Sleep(1.0)
        return first, (yield call(retrieve_fine_tuning_job, job_id))

    first, second = SyncDriver(client_http).run(twice("ftjob-abc"))

Ctrl-C while watching jobs is turned into a short ``KeyboardInterrupt`` that says the jobs
keep running (:func:`interrupted`; the resources raise it, from the method the user called).
"""

from __future__ import annotations

import heapq
import inspect
import itertools
import logging
import threading
import time
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

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
    """Drive these flows, at most ``max_in_flight`` at a time; the flow receives their results, in order.

    ``flows`` is taken lazily, one flow as a slot frees, so a flow may carry a large buffer
    (a part of a file) without more than ``max_in_flight`` of them existing at once. The
    driver calls ``on_done(index, result)`` from its own thread (the flow's) as each one
    finishes. The first flow that raises stops the taking of new ones and its error is
    thrown into the flow that yielded this action; the flows still running stop before their
    next action (the blocking driver's threads) or are cancelled (the asyncio driver's tasks).
    The flows may yield ``Call``, ``Sleep``, ``Now`` and ``Subprocess``. The sync driver runs
    them on threads, the async driver as tasks.

    ``keep_results=False`` streams: no result is kept once ``on_done`` has had it, and the
    flow receives the number of flows run instead of their results (memory stays flat in
    the number of flows: an evaluation of a million examples).
    """

    flows: Iterable[Flow[Any]]
    max_in_flight: int
    on_done: Callable[[int, Any], object] | None = None
    keep_results: bool = True


class Cancelled(FtkitError):
    """Thrown into a flow run by :class:`Parallel` when a sibling failed or the run was
    interrupted: it stops before its next action (nothing new is sent)."""


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


Action = Call | Sleep | Now | Emit | Parallel | Subprocess
Flow = Generator[Action, Any, T]


class SyncExecutor(Protocol):
    """What the sync driver needs to send a request (``_http.SyncHTTP``)."""

    def execute(self, call: Call) -> Any: ...


class AsyncExecutor(Protocol):
    """What the async driver needs to send a request (``_http.AsyncHTTP``)."""

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
        if not isinstance(action, (Call, Sleep, Now, Emit, Parallel, Subprocess)):
            raise TypeError(f"a flow yielded {action!r}, which is not an action")
        return action



class SyncDriver:
    """Runs calls and flows with blocking I/O on one executor (the client's ``_http.SyncHTTP``).

    >>> SyncDriver(client_http).call(call(retrieve_fine_tuning_job, "ftjob-abc"))  # doctest: +SKIP
    FineTuningJob(id='ftjob-abc', ...)
    """

    def __init__(self, http: SyncExecutor, cancelled: threading.Event | None = None) -> None:
        self.http = http
        #: Set by the ``Parallel`` that runs this driver's flow when that flow must stop.
        self._cancelled = cancelled

    def call(self, call: Call) -> Any:
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
                if self._cancelled is not None and self._cancelled.is_set():
                    stepper.error = Cancelled("stopped: another flow of the same run failed, or it was interrupted")
                    continue
                try:
                    if isinstance(action, Call):
                        stepper.value = self.http.execute(action)
                    elif isinstance(action, Sleep) and self._cancelled is not None:
                        self._cancelled.wait(max(0.0, action.seconds))  # woken early to stop
                    elif isinstance(action, Sleep):
                        time.sleep(max(0.0, action.seconds))
                    elif isinstance(action, Parallel):
                        stepper.value = self._parallel(action)
                    elif isinstance(action, Subprocess):
                        stepper.value = run_process(action)
                    else:
                        stepper.value = time.monotonic()
                except (FtkitError, KeyboardInterrupt, OSError) as exc:
                    # Ctrl-C too: a flow may clean up with a last request (cancel an Upload) before it goes.
                    stepper.error = exc
        finally:
            flow.close()

    def _parallel(self, action: Parallel) -> list[Any] | int:
        results: dict[int, Any] = {}
        done = 0
        source = enumerate(action.flows)
        running: dict[Future[Any], int] = {}
        cancelled = threading.Event()
        pool = ThreadPoolExecutor(max_workers=action.max_in_flight, thread_name_prefix="ftkit-parallel")
        try:
            while True:
                # A flow is taken only when a slot is free: it may hold a buffer from its creation.
                while len(running) < action.max_in_flight:
                    taken = next(source, None)
                    if taken is None:
                        break
                    index, flow = taken
                    running[pool.submit(SyncDriver(self.http, cancelled).run, flow)] = index
                if not running:
                    return [results[i] for i in range(done)] if action.keep_results else done
                finished, _ = wait_futures(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    index = running.pop(future)
                    value = future.result()
                    done += 1
                    if action.keep_results:
                        results[index] = value
                    if action.on_done is not None:
                        action.on_done(index, value)
        except BaseException:
            cancelled.set()  # the flows still running stop before their next action
            raise
        finally:
            # Nothing new starts; the requests already out are waited for (a second Ctrl-C stops
            # that), so the flow's clean-up (cancelling an Upload) comes after them.
            pool.shutdown(wait=True, cancel_futures=True)

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

    def run_all(self, flows: Sequence[Flow[T]], max_in_flight: int) -> list[T]:
        """Drive several flows together from this thread; their results in the same order.

        A small scheduler, the blocking counterpart of asyncio tasks: while one flow sleeps the
        others run, and at most ``max_in_flight`` requests are out at once (sent from a pool of
        that many threads). The first flow that raises stops the others (they are closed) and
        its error propagates. The flows may not emit.
        """
        results: list[Any] = [None] * len(flows)
        unfinished = len(flows)
        # (flow index, value to send, error to throw)
        ready: deque[tuple[int, Any, BaseException | None]] = deque((i, None, None) for i in range(len(flows)))
        sleepers: list[tuple[float, int, int]] = []  # heap of (wake-up time, tie-breaker, flow index)
        order = itertools.count()
        waiting: deque[tuple[int, Call | Subprocess]] = deque()
        running: dict[Future[Any], int] = {}
        pool = ThreadPoolExecutor(max_workers=max_in_flight, thread_name_prefix="ftkit")
        try:
            while unfinished:
                while ready:
                    index, value, error = ready.popleft()
                    flow = flows[index]
                    try:
                        action = flow.send(value) if error is None else flow.throw(error)
                    except StopIteration as stop:
                        results[index] = stop.value
                        unfinished -= 1
                        continue
                    if isinstance(action, (Call, Subprocess)):
                        waiting.append((index, action))
                    elif isinstance(action, Sleep):
                        heapq.heappush(sleepers, (time.monotonic() + max(0.0, action.seconds), next(order), index))
                    elif isinstance(action, Now):
                        ready.append((index, time.monotonic(), None))
                    else:
                        raise TypeError(
                            f"a flow run with others yielded {action!r};"
                            " only Call, Subprocess, Sleep and Now are allowed"
                        )
                while waiting and len(running) < max_in_flight:
                    index, work = waiting.popleft()
                    if isinstance(work, Subprocess):
                        running[pool.submit(run_process, work)] = index
                    else:
                        running[pool.submit(self.http.execute, work)] = index
                now = time.monotonic()
                while sleepers and sleepers[0][0] <= now:
                    ready.append((heapq.heappop(sleepers)[2], None, None))
                if ready or not unfinished:
                    continue
                if running:
                    until_wake = sleepers[0][0] - now if sleepers else None
                    finished, _ = wait_futures(running, timeout=until_wake, return_when=FIRST_COMPLETED)
                    for future in finished:
                        index = running.pop(future)
                        try:
                            ready.append((index, future.result(), None))
                        except (FtkitError, OSError) as exc:
                            ready.append((index, None, exc))
                elif sleepers:
                    time.sleep(max(0.0, sleepers[0][0] - now))
        finally:
            # Requests already sent finish in their threads; nothing new starts.
            pool.shutdown(wait=False, cancel_futures=True)
            for flow in flows:
                flow.close()
        return results


class _Bounded:
    """An executor that lets at most as many requests (and programs) out as the semaphore allows."""

    def __init__(self, http: AsyncExecutor, semaphore: asyncio.Semaphore) -> None:
        self._http = http
        self._semaphore = semaphore

    async def execute(self, call: Call) -> Any:
        async with self._semaphore:
            return await self._http.execute(call)

    async def run_process(self, action: Subprocess) -> Finished:
        async with self._semaphore:
            return await run_process_async(action)


class AsyncDriver:
    """Runs calls and flows with asyncio on one executor (the client's ``_http.AsyncHTTP``).

    >>> await AsyncDriver(client_http).call(call(retrieve_fine_tuning_job, "ftjob-abc"))  # doctest: +SKIP
    FineTuningJob(id='ftjob-abc', ...)
    """

    def __init__(self, http: AsyncExecutor) -> None:
        self.http = http

    async def call(self, call: Call) -> Any:
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
                        stepper.value = await self._parallel(action)
                    elif isinstance(action, Subprocess):
                        bounded = getattr(self.http, "run_process", None)
                        stepper.value = await (bounded(action) if bounded else run_process_async(action))
                    else:
                        stepper.value = time.monotonic()
                except (FtkitError, KeyboardInterrupt, OSError, _asyncio().CancelledError) as exc:
                    # Cancellation too: a flow may clean up with a last request (cancel an Upload) before it goes.
                    stepper.error = exc
        finally:
            flow.close()

    async def _parallel(self, action: Parallel) -> list[Any] | int:
        aio = _asyncio()
        results: dict[int, Any] = {}
        slots = aio.Semaphore(action.max_in_flight)
        # The tasks not yet collected: a finished one is dropped once its outcome is read, so
        # memory follows the flows in flight, not the flows run.
        tasks: set[asyncio.Task[None]] = set()
        taken_count = 0

        async def drive(index: int, flow: Flow[Any]) -> None:
            try:
                value = await self.run(flow)
            finally:
                slots.release()
            if action.keep_results:
                results[index] = value
            if action.on_done is not None:
                action.on_done(index, value)

        source = enumerate(action.flows)
        try:
            while True:
                # A flow is taken only when a slot is free: it may hold a buffer from its creation.
                await slots.acquire()
                for task in [task for task in tasks if task.done()]:
                    tasks.discard(task)
                    task.result()  # the first failure stops the taking
                taken = next(source, None)
                if taken is None:
                    break
                tasks.add(aio.ensure_future(drive(*taken)))
                taken_count += 1
            await aio.gather(*tasks)
            return [results[i] for i in range(taken_count)] if action.keep_results else taken_count
        finally:
            pending = [task for task in tasks if not task.done()]
            for task in pending:
                task.cancel()
            if pending:
                await aio.gather(*pending, return_exceptions=True)
            for task in tasks:
                if not task.cancelled():
                    task.exception()  # retrieved: the first failure is the one that propagates

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

    async def run_all(self, flows: Sequence[Flow[T]], max_in_flight: int) -> list[T]:
        """Drive several flows as asyncio tasks, at most ``max_in_flight`` requests out at once.

        Results come in the order of ``flows``. The first flow that raises cancels the others
        and its error propagates; cancelling this coroutine cancels them all.
        """
        asyncio = _asyncio()
        bounded = AsyncDriver(_Bounded(self.http, asyncio.Semaphore(max_in_flight)))
        tasks = [asyncio.ensure_future(bounded.run(flow)) for flow in flows]
        try:
            return list(await asyncio.gather(*tasks))
        finally:
            pending = [task for task in tasks if not task.done()]
            for task in pending:
                task.cancel()
            if pending:
                # Let the cancelled tasks close their flows before we go (and collect their errors).
                await asyncio.gather(*pending, return_exceptions=True)


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

