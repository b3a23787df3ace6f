"""``Parallel``: results streamed as flows finish (``keep_results=False``), and a failure stopping
the other flows before their next request, on both drivers (requests counted on the emulator)."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator
from typing import Any

import ftkit
import pytest
from ftkit._calls import call, endpoint
from ftkit._flow import AsyncDriver, Blocking, Flow, Parallel, Sleep, SyncDriver
from ftkit.emulator import Emulator

list_models = endpoint("models.list_models")


def _count(emulator: Emulator) -> int:
    return emulator.request_count("GET /models")


def _ask_twice(number: int, fail: bool = False) -> Flow[int]:
    yield call(list_models)
    if fail:
        raise RuntimeError(f"flow {number} failed")
    yield Sleep(30)  # the failure is seen while the others wait here: they are woken to stop
    yield call(list_models)
    return number


def test_streamed_results_reach_on_done_and_only_their_count_is_kept() -> None:
    emulator = Emulator(clock="manual")
    client = ftkit.Client(api_key="sk-test", transport=emulator.transport())
    seen: list[tuple[int, int]] = []
    created = 0

    def flows() -> Iterator[Flow[int]]:
        nonlocal created
        for number in range(6):
            created += 1
            yield _one(number)

    def _one(number: int) -> Flow[int]:
        yield call(list_models)
        return number * 10

    def parent() -> Flow[Any]:
        return (yield Parallel(flows(), 2, lambda index, value: seen.append((index, value)), keep_results=False))

    assert SyncDriver(client._http).run(parent()) == 6
    assert sorted(seen) == [(i, i * 10) for i in range(6)] and created == 6 and _count(emulator) == 6


def test_a_failure_stops_the_other_flows_before_their_next_request_sync() -> None:
    # The engine steps every flow in the driver's own thread (its requests go out from a pool):
    # the three first requests are out at once, and no flow waits on another.
    emulator = Emulator(clock="manual")
    client = ftkit.Client(api_key="sk-test", transport=emulator.transport())
    flows = [_ask_twice(0, fail=True), _ask_twice(1), _ask_twice(2)]

    def parent() -> Flow[Any]:
        return (yield Parallel(iter(flows), 3, keep_results=False))

    with pytest.raises(RuntimeError, match="flow 0 failed"):
        SyncDriver(client._http).run(parent())
    # Each flow asked once; none asked a second time after the failure (nor slept its 30 s).
    assert _count(emulator) == 3


def test_a_failure_stops_the_other_flows_before_their_next_request_async() -> None:
    emulator = Emulator(clock="manual")

    async def main() -> None:
        client = ftkit.AsyncClient(api_key="sk-test", transport=emulator.transport())
        flows = [_ask_twice(0, fail=True), _ask_twice(1), _ask_twice(2)]

        def parent() -> Flow[Any]:
            return (yield Parallel(iter(flows), 3, keep_results=False))

        with pytest.raises(RuntimeError, match="flow 0 failed"):
            await AsyncDriver(client._http).run(parent())
        await client.close()

    asyncio.run(main())
    assert _count(emulator) <= 3  # the others are cancelled, before or after their first request


def test_the_async_driver_keeps_no_finished_task() -> None:
    # Memory follows the flows in flight, not the flows run: finished tasks are let go. Every
    # task is watched through a weak reference (a task factory), so counting the live ones
    # needs no walk over every object of the process.
    emulator = Emulator(clock="manual")
    alive: list[int] = []
    tasks: list[weakref.ref[asyncio.Task[Any]]] = []

    def watched(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> asyncio.Task[Any]:
        task = asyncio.Task(coro, loop=loop, **kwargs)
        tasks.append(weakref.ref(task))
        return task

    async def main() -> int:
        asyncio.get_running_loop().set_task_factory(watched)
        client = ftkit.AsyncClient(api_key="sk-test", transport=emulator.transport())

        def one(number: int) -> Flow[int]:
            yield call(list_models)
            gc.collect(0)
            alive.append(sum(1 for ref in tasks if ref() is not None))
            return number

        def parent() -> Flow[Any]:
            return (yield Parallel((one(i) for i in range(16)), 2, keep_results=False))

        done: int = await AsyncDriver(client._http).run(parent())
        await client.close()
        return done

    assert asyncio.run(main()) == 16
    assert len(tasks) >= 16  # every flow ran as a task of its own
    assert max(alive) <= 2 + 2  # the flows in flight, the main task, one finishing


def _read_twice(fail: bool) -> Flow[Any]:
    """Blocking code twice: its result comes back, its OSError is thrown in."""
    import threading

    first = yield Blocking(threading.current_thread)
    try:
        yield Blocking(lambda: (_ for _ in ()).throw(OSError("disk gone")) if fail else None)
    except OSError as exc:
        return first, str(exc)
    return first, None


def test_blocking_code_runs_on_the_blocking_drivers_thread_and_off_the_event_loop() -> None:
    import threading

    client = ftkit.Client(api_key="sk-test", transport=Emulator(clock="manual").transport())
    # The blocking driver: on its own thread (a pool thread inside Parallel).
    assert SyncDriver(client._http).run(_read_twice(False)) == (threading.current_thread(), None)
    assert SyncDriver(client._http).run(_read_twice(True))[1] == "disk gone"
    in_parallel = SyncDriver(client._http).run_all([_read_twice(False) for _ in range(3)], 2)
    assert all(thread is not threading.current_thread() for thread, _ in in_parallel)

    async def main() -> list[Any]:
        aclient = ftkit.AsyncClient(api_key="sk-test", transport=Emulator(clock="manual").transport())
        driver = AsyncDriver(aclient._http)
        alone = await driver.run(_read_twice(True))
        together = await driver.run_all([_read_twice(False) for _ in range(3)], 2)
        return [alone, *together]

    results = asyncio.run(main())
    # asyncio: on worker threads, never the event loop's (this thread), errors thrown in.
    assert all(thread is not threading.current_thread() for thread, _ in results)
    assert results[0][1] == "disk gone"
