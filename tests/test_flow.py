"""The one engine that runs flows together (``ftkit._flow``: ``Parallel``, ``run_all``,
``as_completed``), on both drivers, with the real executors against the emulator: bounded,
lazy, the first failure stops the rest, what is in flight is waited for, results stream."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conftest_emulator import InFlight
from ftkit._calls import call, endpoint
from ftkit._executor import AsyncHTTP, SyncHTTP
from ftkit._flow import AsyncDriver, Call, Emit, Flow, Parallel, Sleep, SyncDriver
from ftkit.emulator import Emulator
from ftkit.errors import NotFoundError

retrieve_model = endpoint("models.retrieve_model")
MODEL = "gpt-4o-mini-2024-07-18"


def counting(emulator: Emulator, hold: float = 0.02) -> InFlight:
    """The emulator's transport, each request held ``hold`` seconds and counted (``InFlight``)."""
    return InFlight(emulator.transport(), hold)


def sync_driver(transport: InFlight) -> SyncDriver:
    http = httpx.Client(transport=transport, base_url="https://api.openai.com/v1/",
                        headers={"Authorization": "Bearer sk-test"})  # fmt: skip
    return SyncDriver(SyncHTTP(http))


def async_driver(transport: InFlight) -> AsyncDriver:
    http = httpx.AsyncClient(transport=transport, base_url="https://api.openai.com/v1/",
                             headers={"Authorization": "Bearer sk-test"})  # fmt: skip
    return AsyncDriver(AsyncHTTP(http))


def model_call(name: str = MODEL) -> Call:
    return call(retrieve_model, name)


class Made:
    """Flows made on demand, counting how many exist at once (made and not yet closed)."""

    def __init__(self) -> None:
        self.alive = self.most_alive = self.made = self.closed = 0

    def flow(self, index: int, reads: int = 1, fail: bool = False, sleep: float = 0.0) -> Flow[int]:
        self.made += 1
        self.alive += 1
        self.most_alive = max(self.most_alive, self.alive)
        return self._body(index, reads, fail, sleep)

    def _body(self, index: int, reads: int, fail: bool, sleep: float) -> Flow[int]:
        try:
            for _ in range(reads):
                yield model_call("no-such-model" if fail else MODEL)
            if sleep:
                yield Sleep(sleep)
            return index
        finally:
            self.alive -= 1
            self.closed += 1

    def many(self, count: int, **kwargs: Any) -> Iterator[Flow[int]]:
        return (self.flow(i, **kwargs) for i in range(count))


@pytest.fixture
def emulator() -> Emulator:
    return Emulator(clock="manual")


# -- bounded and lazy ---------------------------------------------------------------------------------


def test_at_most_max_in_flight_requests_and_flows_taken_as_slots_free(emulator: Emulator) -> None:
    network, made = counting(emulator), Made()
    results = sync_driver(network).run_all(made.many(20, reads=2), max_in_flight=3)
    assert results == list(range(20))  # in the order given
    assert network.most == 3 and network.sent == 40
    # Flows that send one request after another are taken about max_in_flight at a time.
    assert made.most_alive <= 4 and made.alive == 0


async def test_async_at_most_max_in_flight_and_lazy(emulator: Emulator) -> None:
    network, made = counting(emulator), Made()
    results = await async_driver(network).run_all(made.many(20, reads=2), max_in_flight=3)
    assert results == list(range(20))
    assert network.most == 3 and network.sent == 40 and made.most_alive <= 4


def test_flows_that_sleep_free_their_slot(emulator: Emulator) -> None:
    # wait_all's case: every flow is taken while the others sleep, the requests stay bounded.
    network, made = counting(emulator, hold=0.0), Made()
    results = sync_driver(network).run_all(made.many(12, sleep=0.05), max_in_flight=2)
    assert results == list(range(12)) and made.most_alive == 12 and network.most <= 2


# -- the first failure --------------------------------------------------------------------------------


def test_the_first_failure_stops_the_rest_after_what_is_in_flight(emulator: Emulator) -> None:
    network, made = counting(emulator, hold=0.05), Made()
    flows = (made.flow(i, reads=3, fail=i == 1) for i in range(50))
    with pytest.raises(NotFoundError):
        sync_driver(network).run_all(flows, max_in_flight=4)
    assert network.now == 0 and network.sent == network.done  # nothing left running
    assert made.alive == 0 and made.closed == made.made  # every flow taken was closed
    assert made.made < 50  # no new flow was taken after the failure


async def test_async_first_failure_cancels_the_rest_and_leaves_nothing_running(emulator: Emulator) -> None:
    network, made = counting(emulator, hold=0.05), Made()
    flows = (made.flow(i, reads=3, fail=i == 1) for i in range(50))
    with pytest.raises(NotFoundError):
        await async_driver(network).run_all(flows, max_in_flight=4)
    assert network.now == 0 and made.alive == 0 and made.made < 50


def test_a_failure_reaches_the_flow_that_yielded_parallel_after_the_requests_out(emulator: Emulator) -> None:
    network, made = counting(emulator, hold=0.05), Made()
    seen: list[Any] = []

    def parent() -> Flow[str]:
        try:
            yield Parallel((made.flow(i, fail=i == 2) for i in range(10)), 4)
        except NotFoundError:
            seen.append((network.now, made.alive))  # what was out is back, the others closed
            yield model_call()  # a last request to clean up, as an Upload's cancel
            return "cleaned up"
        return "not reached"

    assert sync_driver(network).run(parent()) == "cleaned up"
    assert seen == [(0, 0)]


# -- streaming ------------------------------------------------------------------------------------------


def test_as_completed_streams_without_keeping_flows_or_results(emulator: Emulator) -> None:
    network, made = counting(emulator, hold=0.0), Made()
    count = 0
    for index, result in sync_driver(network).as_completed(made.many(500), max_in_flight=16):
        assert index == result
        count += 1
    assert count == 500 and made.most_alive <= 17


async def test_async_as_completed_and_leaving_early(emulator: Emulator) -> None:
    network, made = counting(emulator), Made()
    got = []
    completions = async_driver(network).as_completed(made.many(100), max_in_flight=8)
    async for index, _ in completions:
        got.append(index)
        if len(got) == 10:
            break
    await completions.aclose()  # type: ignore[attr-defined]
    assert network.now == 0 and made.alive == 0 and made.made < 100


def test_emitted_items_and_on_done_as_they_come(emulator: Emulator) -> None:
    # The eval runner's shape: each flow emits its result; keep_results=False holds none of them.
    network = counting(emulator, hold=0.0)
    done: list[int] = []

    def item(i: int) -> Flow[None]:
        model = yield model_call()
        yield Emit((i, model.id))

    def runner() -> Flow[Any]:
        flows = (item(i) for i in range(30))
        return (yield Parallel(flows, 5, on_done=lambda i, _: done.append(i), keep_results=False))

    items = list(sync_driver(network).iterate(runner()))
    assert sorted(items) == [(i, MODEL) for i in range(30)] and sorted(done) == list(range(30))


async def test_async_emitted_items_reach_the_consumer(emulator: Emulator) -> None:
    network = counting(emulator, hold=0.0)

    def item(i: int) -> Flow[int]:
        yield model_call()
        yield Emit(i)
        return i * 2

    def runner() -> Flow[Any]:
        return (yield Parallel((item(i) for i in range(10)), 3))

    items = [i async for i in async_driver(network).iterate(runner())]
    assert sorted(items) == list(range(10))
    assert await async_driver(network).run(runner()) == [i * 2 for i in range(10)]


def test_a_parallel_inside_flows_run_together(emulator: Emulator) -> None:
    network = counting(emulator, hold=0.0)

    def outer(i: int) -> Flow[list[int]]:
        inner = (Made().flow(10 * i + j) for j in range(3))
        results: list[int] = yield Parallel(inner, 2)
        return results

    assert sync_driver(network).run_all([outer(i) for i in range(3)], 2) == [[0, 1, 2], [10, 11, 12], [20, 21, 22]]


class Gated(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The emulator's transport, holding every request for a model named "gated" until ``gate`` opens."""

    def __init__(self, emulator: Emulator) -> None:
        self.inner, self.gate, self.sent = emulator.transport(), threading.Event(), 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        if request.url.path.endswith("/gated"):
            self.gate.wait(timeout=60)
        return self.inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        while request.url.path.endswith("/gated") and not self.gate.is_set():
            await asyncio.sleep(0.01)
        return await self.inner.handle_async_request(request)


def _gated_run(network: Gated, recorded: list[int]) -> list[Flow[Any]]:
    def failing() -> Flow[None]:
        yield model_call()  # answered while the others' requests are out
        network.gate.set()
        raise RuntimeError("boom")

    def recording(i: int) -> Flow[int]:
        try:
            yield model_call("gated")
        except NotFoundError:
            recorded.append(i)  # the answer (a 404: no such model) reached the flow
        yield model_call()  # the next request: never sent
        return i

    return [failing(), recording(1), recording(2)]


def test_on_the_blocking_driver_the_answers_out_reach_their_flows(emulator: Emulator) -> None:
    # Ctrl-C or a failure on Client: the requests already out are answered and their flows get
    # the answers (an evaluation records them), then stop before their next request.
    network, recorded = Gated(emulator), []
    http = httpx.Client(transport=network, base_url="https://api.openai.com/v1/",
                        headers={"Authorization": "Bearer sk-test"})  # fmt: skip
    with pytest.raises(RuntimeError, match="boom"):
        SyncDriver(SyncHTTP(http)).run_all(_gated_run(network, recorded), 3)
    assert sorted(recorded) == [1, 2] and network.sent == 3


async def test_on_asyncio_the_requests_out_are_cancelled(emulator: Emulator) -> None:
    network, recorded = Gated(emulator), []
    network.gate.set = lambda: None  # type: ignore[method-assign]  # never opens: cancelled while out
    http = httpx.AsyncClient(transport=network, base_url="https://api.openai.com/v1/",
                             headers={"Authorization": "Bearer sk-test"})  # fmt: skip
    with pytest.raises(RuntimeError, match="boom"):
        await AsyncDriver(AsyncHTTP(http)).run_all(_gated_run(network, recorded), 3)
    assert recorded == [] and network.sent == 3
