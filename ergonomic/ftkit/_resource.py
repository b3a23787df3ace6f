"""What every resource shares: the client's wiring, and the one way requests go out.

A resource method checks its arguments, builds a ``Call`` (``_calls``) or a flow
(``watch``, ``metrics``, ``create``), and hands it to one of the base class's methods:
``_call`` (one request), ``_run`` (a flow to its result), ``_iterate`` (a flow's emitted
items), ``_run_all`` (several flows at once) or ``_page`` (a list page). Those are the
only code that reaches the driver, through :meth:`SyncResource._driver`: the single
funnel every request of every resource passes through.

Example (a resource of the blocking client)::

    class Models(SyncResource):
        def retrieve(self, model: str) -> Model:
            return self._call(call(retrieve_model, check_id("model", model)), Model)
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

import attrs

from ._flow import AsyncDriver, Call, Flow, SyncDriver, interrupted
from .pagination import AsyncPage, Page, items_of

if TYPE_CHECKING:
    from ._transport import RetryPolicy
    from .watch import VirtualClock

T = TypeVar("T")
D = TypeVar("D", SyncDriver, AsyncDriver)


class _ListAnswer(Protocol):
    """What every generated list response has."""

    data: list[Any]
    has_more: bool


@attrs.frozen
class Wiring(Generic[D]):
    """What a resource needs from its client: the driver its requests go through, the
    retry policy and limit (for flows that retry by themselves, such as job creation),
    and the virtual clock waits run on (None: real time)."""

    driver: D
    policy: RetryPolicy
    max_retries: int
    clock: VirtualClock | None = None


class SyncResource:
    """Base of the sync resources: sends calls and drives flows with the blocking driver."""

    def __init__(self, wiring: Wiring[SyncDriver]) -> None:
        self._wiring = wiring

    def _driver(self) -> SyncDriver:
        """The driver of this resource's requests (the one place per-request settings would join)."""
        return self._wiring.driver

    def _call(self, call: Call, returns: type[T]) -> T:
        """A one-request operation: sent directly, no flow to drive (the common case)."""
        return cast(T, self._driver().call(call))

    def _run(self, flow: Flow[T], on_emit: Callable[[Any], object] | None = None, *, watching: Sequence[str] = ()) -> T:
        """Drive ``flow`` to its result; Ctrl-C while ``watching`` jobs says they keep running."""
        try:
            return self._driver().run(flow, on_emit)
        except KeyboardInterrupt:
            if not watching:
                raise
            raise interrupted(watching) from None

    def _iterate(self, flow: Flow[Any], *, watching: Sequence[str] = ()) -> Iterator[Any]:
        """The items ``flow`` emits, as an iterator; Ctrl-C while ``watching`` jobs says they keep running."""
        try:
            yield from self._driver().iterate(flow)
        except KeyboardInterrupt:
            if not watching:
                raise
            raise interrupted(watching) from None

    def _run_all(self, flows: Sequence[Flow[T]], max_in_flight: int, *, watching: Sequence[str] = ()) -> list[T]:
        """Drive several flows together; their results in order."""
        try:
            return self._driver().run_all(flows, max_in_flight)
        except KeyboardInterrupt:
            if not watching:
                raise
            raise interrupted(watching) from None

    def _page(self, make_call: Callable[[str | None], Call], after: str | None = None) -> Page[Any]:
        """The page of a list that starts after ``after``, fetching the next ones on demand."""
        answer = cast(_ListAnswer, self._call(make_call(after), object))
        return Page(items_of(answer), bool(answer.has_more), lambda cursor: self._page(make_call, cursor))


class AsyncResource:
    """Base of the async resources: sends calls and drives flows with the asyncio driver."""

    def __init__(self, wiring: Wiring[AsyncDriver]) -> None:
        self._wiring = wiring

    def _driver(self) -> AsyncDriver:
        """The driver of this resource's requests (the one place per-request settings would join)."""
        return self._wiring.driver

    async def _call(self, call: Call, returns: type[T]) -> T:
        """A one-request operation: sent directly, no flow to drive (the common case)."""
        return cast(T, await self._driver().call(call))

    async def _run(self, flow: Flow[T], on_emit: Callable[[Any], object] | None = None) -> T:
        """Drive ``flow`` to its result (cancelling the task stops it)."""
        return await self._driver().run(flow, on_emit)

    def _iterate(self, flow: Flow[Any]) -> AsyncIterator[Any]:
        """The items ``flow`` emits, as an async iterator."""
        return self._driver().iterate(flow)

    async def _run_all(self, flows: Sequence[Flow[T]], max_in_flight: int) -> list[T]:
        """Drive several flows as tasks; their results in order."""
        return await self._driver().run_all(flows, max_in_flight)

    async def _page(self, make_call: Callable[[str | None], Call], after: str | None = None) -> AsyncPage[Any]:
        """The page of a list that starts after ``after``, fetching the next ones on demand."""
        answer = cast(_ListAnswer, await self._call(make_call(after), object))
        return AsyncPage(items_of(answer), bool(answer.has_more), lambda cursor: self._page(make_call, cursor))
