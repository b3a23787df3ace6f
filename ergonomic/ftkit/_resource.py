"""What every resource shares: the client's wiring, and the one way requests go out.

A resource method checks its arguments, builds a ``Call`` (``_calls``) or a flow
(``watch``, ``metrics``, ``create``), and hands it to one of the base class's methods:
``_call`` (one request), ``_run`` (a flow to its result), ``_iterate`` (a flow's emitted
items), ``_run_all`` (several flows at once) or ``_page`` (a list page). Those are the
only code that reaches the driver, through :meth:`SyncResource._driver`: the single
funnel every request of every resource passes through.

Every public method takes the official SDK's per-call options (``_http.RequestOptions``:
``extra_headers``, ``extra_query``, ``extra_body``, ``timeout``) and hands them to these
methods; ``_driver(options)`` asks the client's ``Wiring.with_options`` for a driver over
an executor that adds them to each request of the call (every page of a list, every poll
of a follow).

Example (a resource of the blocking client)::

    class Models(SyncResource):
        def retrieve(self, model: str, **options: Unpack[RequestOptions]) -> Model:
            return self._call(call(retrieve_model, check_id("model", model)), Model, options)
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

import attrs

from ._flow import AsyncDriver, Call, Flow, SyncDriver, interrupted
from .pagination import AsyncPage, AsyncPager, Page, items_of

if TYPE_CHECKING:
    from ._transport import RetryPolicy
    from .watch import VirtualClock

T = TypeVar("T")
D = TypeVar("D", SyncDriver, AsyncDriver)
#: A call's ``RequestOptions`` as the resource methods receive them (``**options``).
Options = Mapping[str, Any] | None


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
    #: Whether the server keeps a job's metadata and filters jobs by it (OpenAI does; Azure
    #: OpenAI's description has neither): the idempotency key of ``jobs.create`` needs both.
    job_metadata: bool = True
    #: Whether the server is Azure OpenAI (messages worded for it, such as a 403 on job creation).
    azure: bool = False
    #: Whether model calls (chat completions, a grader's judge and embeddings) go to
    #: ``/deployments/{model}/...``: Azure OpenAI's dated surface. Azure's v1 surface
    #: (``/openai/v1``, the deployment's name as ``model``) sets it False: the client decides it
    #: (``client._ClientBase._wiring``) from its configuration.
    deployments: bool = False
    #: The driver of a call with per-call options: built by the client, over an executor
    #: that adds them to each request (None: per-call options are refused).
    with_options: Callable[[Mapping[str, Any]], D] | None = None


class _Resource(Generic[D]):
    """What both bases share: the wiring, and the choice of driver for a call's options."""

    def __init__(self, wiring: Wiring[D]) -> None:
        self._wiring: Wiring[D] = wiring

    def _driver(self, options: Options = None) -> D:
        """The driver of this resource's requests; with per-call ``options``, one over an
        executor that adds them to every request (the one place per-request settings join)."""
        driver = self._wiring.driver
        if not options:
            return driver
        if self._wiring.with_options is None:
            raise TypeError("this resource was wired without per-call options")
        return self._wiring.with_options(options)


class SyncResource(_Resource[SyncDriver]):
    """Base of the sync resources: sends calls and drives flows with the blocking driver."""

    def _call(self, call: Call, returns: type[T], options: Options = None) -> T:
        """A one-request operation: sent directly, no flow to drive (the common case)."""
        return cast(T, self._driver(options).call(call))

    def _run(
        self,
        flow: Flow[T],
        on_emit: Callable[[Any], object] | None = None,
        *,
        watching: Sequence[str] = (),
        options: Options = None,
    ) -> T:
        """Drive ``flow`` to its result; Ctrl-C while ``watching`` jobs says they keep running."""
        driver = self._driver(options)
        try:
            return driver.run(flow, on_emit)
        except KeyboardInterrupt:
            if not watching:
                raise
            raise interrupted(watching) from None

    def _iterate(self, flow: Flow[Any], *, watching: Sequence[str] = (), options: Options = None) -> Iterator[Any]:
        """The items ``flow`` emits, as an iterator; Ctrl-C while ``watching`` jobs says they keep running."""
        driver = self._driver(options)  # options are checked now, not at the first item
        return self._iterate_with(driver, flow, watching)

    @staticmethod
    def _iterate_with(driver: SyncDriver, flow: Flow[Any], watching: Sequence[str]) -> Iterator[Any]:
        try:
            yield from driver.iterate(flow)
        except KeyboardInterrupt:
            if not watching:
                raise
            raise interrupted(watching) from None

    def _run_all(
        self, flows: Sequence[Flow[T]], max_in_flight: int, *, watching: Sequence[str] = (), options: Options = None
    ) -> list[T]:
        """Drive several flows together; their results in order."""
        driver = self._driver(options)
        try:
            return driver.run_all(flows, max_in_flight)
        except KeyboardInterrupt:
            if not watching:
                raise
            raise interrupted(watching) from None

    def _page(
        self, make_call: Callable[[str | None], Call], after: str | None = None, options: Options = None
    ) -> Page[Any]:
        """The page of a list that starts after ``after``, fetching the next ones on demand
        (with the same per-call options)."""
        return self._page_with(self._driver(options), make_call, after)

    def _page_with(self, driver: SyncDriver, make_call: Callable[[str | None], Call], after: str | None) -> Page[Any]:
        answer = cast(_ListAnswer, driver.call(make_call(after)))
        # A list without has_more (Azure's files) is a single page.
        return Page(
            items_of(answer), answer.has_more is True, lambda cursor: self._page_with(driver, make_call, cursor)
        )


class AsyncResource(_Resource[AsyncDriver]):
    """Base of the async resources: sends calls and drives flows with the asyncio driver."""

    async def _call(self, call: Call, returns: type[T], options: Options = None) -> T:
        """A one-request operation: sent directly, no flow to drive (the common case)."""
        return cast(T, await self._driver(options).call(call))

    async def _run(
        self, flow: Flow[T], on_emit: Callable[[Any], object] | None = None, *, options: Options = None
    ) -> T:
        """Drive ``flow`` to its result (cancelling the task stops it)."""
        return await self._driver(options).run(flow, on_emit)

    def _iterate(self, flow: Flow[Any], *, options: Options = None) -> AsyncIterator[Any]:
        """The items ``flow`` emits, as an async iterator."""
        return self._driver(options).iterate(flow)

    async def _run_all(self, flows: Sequence[Flow[T]], max_in_flight: int, *, options: Options = None) -> list[T]:
        """Drive several flows as tasks; their results in order."""
        return await self._driver(options).run_all(flows, max_in_flight)

    def _pager(
        self, make_call: Callable[[str | None], Call], after: str | None = None, options: Options = None
    ) -> AsyncPager[Any]:
        """A list: ``await`` it for its first page, or ``async for`` over every item of every
        page without awaiting (as the official SDK's ``AsyncPaginator``)."""
        driver = self._driver(options)  # options are checked now
        return AsyncPager(lambda: self._page_with(driver, make_call, after))

    async def _page(
        self, make_call: Callable[[str | None], Call], after: str | None = None, options: Options = None
    ) -> AsyncPage[Any]:
        """The page of a list that starts after ``after``, fetching the next ones on demand."""
        return await self._page_with(self._driver(options), make_call, after)

    async def _page_with(
        self, driver: AsyncDriver, make_call: Callable[[str | None], Call], after: str | None
    ) -> AsyncPage[Any]:
        answer = cast(_ListAnswer, await driver.call(make_call(after)))
        return AsyncPage(
            items_of(answer), answer.has_more is True, lambda cursor: self._page_with(driver, make_call, cursor)
        )
