"""What every resource shares: the client's wiring, what a method gives back, and the one place
it is driven. A resource is written once, for both clients.

Its methods live in one class over ``Resource[Any]`` (``class _JobsAPI(Resource[Any])``). Each
checks its arguments and gives back what to drive, not a result:

- a :class:`Plan`: one request (:func:`send`), a flow run to its result (:func:`run`) or
  several flows at once (:func:`run_all`), then functions of the result (``Plan.then``,
  ``Plan.and_then``);
- a :class:`Listing`: a list, a page at a time (``Listing.answer``: the one page a single
  request answers);
- a :class:`Stream`: the items a flow emits.

A decorator says what the caller gets, on each client:

- ``@result``: the plan's result on ``Client``; on ``AsyncClient`` a coroutine (``await`` it);
- ``@pages``: a ``Page`` on ``Client``; an ``AsyncPager`` (``await`` it or ``async for``);
- ``@page``: a ``Page`` of one answer on ``Client``; a coroutine of an ``AsyncPage``;
- ``@items``: an ``Iterator`` on ``Client``; an ``AsyncIterator``.

The resources of the two clients are that class over a base, with no body of their own:
``class Jobs(_JobsAPI, SyncResource)`` and ``class AsyncJobs(_JobsAPI, AsyncResource)``. The
decorator hands each its twin of the method, with the method's name, docstring and parameters
(``help`` and ``inspect.signature`` show them, and a type checker sees ``Callable[P, T]`` on
one and ``Callable[P, Coroutine[Any, Any, T]]`` on the other); :class:`SyncResource` and
:class:`AsyncResource` are the only code that hands a plan to a driver, through
``Resource._driver``: the single funnel every request of every resource passes through.

Every public method takes the official SDK's per-call options (``_executor.RequestOptions``:
``extra_headers``, ``extra_query``, ``extra_body``, ``timeout``) and puts them in what it gives
back; ``_driver(options)`` asks the client's ``Wiring.with_options`` for a driver over an
executor that adds them to each request (every page of a list, every poll of a follow).

Example (a resource of both clients)::

    class _ModelsAPI(Resource[Any]):
        @result
        def retrieve(self, model: str, **options: Unpack[RequestOptions]) -> Plan[Model]:
            # (its docstring: one, for both clients)
            return send(call(retrieve_model, check_id("model", model)), options)

    class Models(_ModelsAPI, SyncResource): ...        # client.models.retrieve(name)
    class AsyncModels(_ModelsAPI, AsyncResource): ...  # await client.models.retrieve(name)
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import re
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Iterator, Mapping, Sequence
from operator import methodcaller
from types import MethodType
from typing import TYPE_CHECKING, Any, ClassVar, Concatenate, Generic, ParamSpec, TypeVar, cast, overload

import attrs

from ._flow import AsyncDriver, Call, Flow, SyncDriver, interrupted
from .pagination import AsyncPage, AsyncPager, Cursor, Page

if TYPE_CHECKING:
    from typing_extensions import Self

    from ._flow import VirtualClock
    from ._retry import RetryPolicy

T = TypeVar("T")
U = TypeVar("U")
P = ParamSpec("P")
S = TypeVar("S")
A = TypeVar("A")
D = TypeVar("D", SyncDriver, AsyncDriver)
#: A call's ``RequestOptions`` as the resource methods receive them (``**options``).
Options = Mapping[str, Any] | None


@attrs.frozen
class Wiring(Generic[D]):
    """What a resource needs from its client: the driver its requests go through, the
    retry policy (the client's, with its ``max_retries``: for flows that retry by themselves,
    such as job creation), and the virtual clock waits run on (None: real time)."""

    driver: D
    policy: RetryPolicy
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
    #: Whose rules arguments are checked by: ``openai``, ``azure`` or ``generic`` (another server:
    #: what only OpenAI's rules refuse is sent as given).
    server: str = "openai"
    #: Whether the server has the Uploads API (Azure OpenAI's v1 API has not: one request per file).
    uploads_api: bool = True


# -- what a method gives back ----------------------------------------------------------------------


class Plan(Generic[T]):
    """What a method gives back to be run to one result: how it starts (a driver's method and its
    arguments; both drivers have the same methods), the call's options, the jobs it watches
    (Ctrl-C on the blocking client then says they keep running), and the steps after it.

    >>> plan = send(Call({"method": "get", "url": "/models"}, parse=len)).then(str)
    >>> plan.start.__class__.__name__, plan.steps
    ('methodcaller', (<class 'str'>,))
    """

    # (Plain classes, not attrs: what a method gives back is made on every call, and attrs
    # classes cost a millisecond each to define when the client is imported.)
    __slots__ = ("options", "start", "steps", "watching")

    def __init__(
        self,
        start: Callable[[Any], Any],
        options: Options = None,
        watching: Sequence[str] = (),
        steps: tuple[Callable[[Any], Any], ...] = (),
    ) -> None:
        self.start = start
        self.options = options
        self.watching = watching
        #: Applied to the result in turn; a step that gives back a ``Plan`` has it driven too.
        self.steps = steps

    def then(self, step: Callable[[T], U]) -> Plan[U]:
        """This plan, then ``step`` applied to its result (``send(...).then(pick)``)."""
        return Plan(self.start, self.options, self.watching, (*self.steps, step))

    def and_then(self, step: Callable[[T], Plan[U]]) -> Plan[U]:
        """This plan, then the plan ``step`` makes of its result, driven the same way
        (``run(listing).and_then(lambda jobs: run_all(...))``)."""
        return Plan(self.start, self.options, self.watching, (*self.steps, step))


def send(call: Call, options: Options = None) -> Plan[Any]:
    """One request; its parsed answer is the result (most methods need no more).

    >>> send(Call({"method": "get", "url": "/models"}, parse=len), {"timeout": 5}).options
    {'timeout': 5}
    """
    return Plan(methodcaller("send", call), options)


def run(
    flow: Flow[T],
    on_emit: Callable[[Any], object] | None = None,
    *,
    watching: Sequence[str] = (),
    options: Options = None,
) -> Plan[T]:
    """A flow run to its result; each item it emits goes to ``on_emit`` (on the async client,
    an awaitable it gives back is awaited).

    >>> run(iter(()), watching=["ftjob-abc"]).watching
    ['ftjob-abc']
    """
    return Plan(methodcaller("run", flow, on_emit), options, watching)


def run_all(
    flows: Iterable[Flow[T]], max_in_flight: int, *, watching: Sequence[str] = (), options: Options = None
) -> Plan[list[T]]:
    """Several flows run together by the driver's engine (``_flow``: at most ``max_in_flight``
    requests out at once, flows taken as slots free); their results in order.

    >>> run_all([], 4).start
    operator.methodcaller('run_all', [], 4)
    """
    return Plan(methodcaller("run_all", flows, max_in_flight), options, watching)


class Listing(Generic[T]):
    """A list to go through a page at a time: ``make_call(after)`` asks for the page after a
    cursor (None: the first); the first page is the one after ``after``.

    >>> Listing(lambda after: Call({"method": "get", "url": "/files"}, parse=len), after="file-a").after
    'file-a'
    """

    __slots__ = ("after", "make_call", "options", "single")

    def __init__(
        self,
        make_call: Callable[[str | None], Call],
        after: str | None = None,
        options: Options = None,
        single: bool = False,
    ) -> None:
        self.make_call = make_call
        self.after = after
        self.options = options
        #: One answer and nothing after it: the page has no way to the next one.
        self.single = single

    @classmethod
    def answer(cls, call: Call, options: Options = None) -> Listing[Any]:
        """The page one request answers (a create that answers with a list); no other page is asked for.

        >>> Listing.answer(Call({"method": "post", "url": "/x"}, parse=len)).single
        True
        """
        return cls(lambda after: call, None, options, single=True)


class Stream(Generic[T]):
    """The items ``flow`` emits, handed out as they come; those that ``aside``'s test picks go to
    its callback instead (on the async client, an awaitable it gives back is awaited).

    >>> Stream(iter(()), watching=["ftjob-abc"]).aside is None
    True
    """

    __slots__ = ("aside", "flow", "options", "watching")

    def __init__(
        self,
        flow: Flow[Any],
        watching: Sequence[str] = (),
        options: Options = None,
        aside: tuple[Callable[[Any], bool], Callable[[Any], object]] | None = None,
    ) -> None:
        self.flow = flow
        self.watching = watching
        self.options = options
        self.aside = aside


# -- the bases that drive it ---------------------------------------------------------------------


class Resource(Generic[D]):
    """What both bases share: the wiring, and the choice of driver for a call's options. A
    resource's methods are written in a subclass of ``Resource[Any]``, for both clients."""

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


PageT = TypeVar("PageT", Page[Any], AsyncPage[Any])


def _page_of(
    kind: type[PageT], answer: Any, listing: Listing[Any], cursor: Cursor, fetch: Callable[[Cursor], Any]
) -> PageT | None:
    """The page ``answer`` is, for either client: its items as ``cursor`` takes them (None for a
    page repeating the cursor), and what ``fetch`` gives for the next page's cursor (nothing
    after the last page, or for a listing of one answer)."""
    data = cursor.take(answer)
    if data is None:
        return None
    after = cursor.after
    # A fresh cursor each time (a page may be asked for its next page again); moved: a page
    # repeating it ends the walk.
    more = None if cursor.ended or listing.single else (lambda: fetch(Cursor(after, moved=True)))
    # A list without has_more (Azure's files) is a single page.
    return kind(data, getattr(answer, "has_more", None) is True, more)


@contextlib.contextmanager
def _watching(job_ids: Sequence[str]) -> Iterator[None]:
    """Ctrl-C while watching jobs becomes a short KeyboardInterrupt saying they keep running."""
    try:
        yield
    except KeyboardInterrupt:
        if not job_ids:
            raise
        raise interrupted(job_ids) from None


class SyncResource(Resource[SyncDriver]):
    """Base of the blocking client's resources: drives what their methods give back with the blocking driver."""

    def _result(self, plan: Plan[T]) -> T:
        """A plan run to its result."""
        driver = self._driver(plan.options)
        with _watching(plan.watching):
            value = plan.start(driver)
        for step in plan.steps:
            value = step(value)
            if isinstance(value, Plan):
                value = self._result(value)
        return cast(T, value)

    def _pages(self, listing: Listing[T]) -> Page[T]:
        """The first page of a list, fetching the next ones on demand (with the same per-call options)."""
        page = self._page_with(self._driver(listing.options), listing, Cursor(listing.after))
        assert page is not None  # only a page asked for by the walk itself can repeat
        return page

    def _page_with(self, driver: SyncDriver, listing: Listing[Any], cursor: Cursor) -> Page[Any] | None:
        answer = driver.send(listing.make_call(cursor.after))
        return _page_of(Page, answer, listing, cursor, lambda after: self._page_with(driver, listing, after))

    def _stream(self, stream: Stream[T]) -> Iterator[T]:
        """The items of a stream, as an iterator."""
        driver = self._driver(stream.options)  # options are checked now, not at the first item
        return self._iterate_with(driver, stream)

    @staticmethod
    def _iterate_with(driver: SyncDriver, stream: Stream[Any]) -> Iterator[Any]:
        items = driver.iterate(stream.flow)
        try:
            with _watching(stream.watching):
                for item in items:
                    if stream.aside is not None and stream.aside[0](item):
                        stream.aside[1](item)
                    else:
                        yield item
        finally:
            items.close()


class AsyncResource(Resource[AsyncDriver]):
    """Base of the asyncio client's resources: drives what their methods give back with the asyncio
    driver (cancelling the task stops it; ``watching`` is the blocking client's)."""

    async def _result(self, plan: Plan[T]) -> T:
        """A plan run to its result."""
        value = await plan.start(self._driver(plan.options))
        for step in plan.steps:
            value = step(value)
            if isinstance(value, Plan):
                value = await self._result(value)
        return cast(T, value)

    def _pages(self, listing: Listing[T]) -> AsyncPager[T]:
        """A list: ``await`` it for its first page, or ``async for`` over every item of every
        page without awaiting (as the official SDK's ``AsyncPaginator``)."""
        driver = self._driver(listing.options)  # options are checked now
        return AsyncPager(lambda: self._first_with(driver, listing))

    async def _first_page(self, listing: Listing[T]) -> AsyncPage[T]:
        """The first page of a list (fetching the next ones on demand), asked for at once."""
        return await self._first_with(self._driver(listing.options), listing)

    async def _first_with(self, driver: AsyncDriver, listing: Listing[T]) -> AsyncPage[T]:
        page = await self._page_with(driver, listing, Cursor(listing.after))
        assert page is not None  # only a page asked for by the walk itself can repeat
        return page

    async def _page_with(self, driver: AsyncDriver, listing: Listing[Any], cursor: Cursor) -> AsyncPage[Any] | None:
        answer = await driver.send(listing.make_call(cursor.after))
        return _page_of(AsyncPage, answer, listing, cursor, lambda after: self._page_with(driver, listing, after))

    def _stream(self, stream: Stream[T]) -> AsyncIterator[T]:
        """The items of a stream, as an async iterator."""
        items = self._driver(stream.options).iterate(stream.flow)
        return items if stream.aside is None else _set_aside(items, *stream.aside)


class part(Generic[S, A]):
    """A resource under another (``client.jobs.checkpoints``), written as a field of its class:
    ``blocking(wiring)`` on a ``SyncResource``, ``asyncio(wiring)`` on an ``AsyncResource``, built
    on first use with the same wiring.

    >>> part(list, list)._name
    ''
    """

    def __init__(
        self, blocking: Callable[[Wiring[SyncDriver]], S], asyncio: Callable[[Wiring[AsyncDriver]], A]
    ) -> None:
        self._blocking = blocking
        self._asyncio = asyncio
        self._name = ""

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, obj: SyncResource, owner: type[Any] | None = None) -> S: ...
    @overload
    def __get__(self, obj: AsyncResource, owner: type[Any] | None = None) -> A: ...
    def __get__(self, obj: object, owner: type[Any] | None = None) -> Any:
        if obj is None:
            return self
        built = vars(obj)
        if self._name not in built:
            if isinstance(obj, AsyncResource):
                built[self._name] = self._asyncio(obj._wiring)
            elif isinstance(obj, SyncResource):
                built[self._name] = self._blocking(obj._wiring)
            else:
                raise TypeError(f"{type(obj).__name__} is neither a SyncResource nor an AsyncResource")
        return built[self._name]


async def _set_aside(
    items: AsyncIterator[Any], which: Callable[[Any], bool], callback: Callable[[Any], object]
) -> AsyncIterator[Any]:
    try:
        async for item in items:
            if which(item):
                outcome = callback(item)
                if inspect.isawaitable(outcome):
                    await outcome
            else:
                yield item
    finally:
        aclose = getattr(items, "aclose", None)
        if aclose is not None:
            await aclose()


# -- the decorators: one method, two twins ------------------------------------------------------------

_OF = re.compile(r"^\w+\[(.*)\]$")


def _twin(
    method: Callable[..., Any], signature: inspect.Signature, drive: Callable[..., Any], shown: str
) -> Callable[..., Any]:
    """``method`` as one client's resources have it: ``drive`` (a base's) runs what it gives back.
    The twin is a coroutine function when ``drive`` is one, so arguments are checked when it is
    awaited, as in any ``async def``."""
    twin: Any
    if inspect.iscoroutinefunction(drive):

        async def awaited(self: Any, *args: Any, **kwargs: Any) -> Any:
            return await drive(self, method(self, *args, **kwargs))

        twin = awaited
    else:

        def direct(self: Any, *args: Any, **kwargs: Any) -> Any:
            return drive(self, method(self, *args, **kwargs))

        twin = direct
    functools.update_wrapper(twin, method)
    # What the twin gives back, written as the method's own annotation is (a string, often).
    written = method.__annotations__.get("return")
    match = _OF.match(written) if isinstance(written, str) else None
    returns = shown.format(match.group(1)) if match else inspect.Signature.empty
    twin.__signature__ = signature.replace(return_annotation=returns)
    twin.__annotations__ = {**method.__annotations__, "return": returns}
    return cast(Callable[..., Any], twin)


class _Twins(Generic[P, S, A]):
    """A resource method written once (it gives back what to drive) and its two twins: on a
    ``SyncResource`` it gives back ``S``, on an ``AsyncResource`` ``A``. Read on a resource,
    it is that resource's twin, bound; on a class of either base, the twin itself; on the
    class it is written in, the descriptor (its ``__wrapped__`` is the method)."""

    #: The bases' methods that drive what the method gives back: (SyncResource's, AsyncResource's).
    drives: ClassVar[tuple[Callable[..., Any], Callable[..., Any]]]
    #: What each twin gives back, as its signature shows it (``{}``: the type the method's plan is of).
    shows: ClassVar[tuple[str, str]]

    def __init__(self, method: Callable[Concatenate[Any, P], Any]) -> None:
        functools.update_wrapper(cast(Any, self), method)  # the name, docstring, module; __wrapped__
        self._method = method

    @functools.cached_property
    def _pair(self) -> tuple[Callable[..., Any], Callable[..., Any]]:
        """The blocking twin and the asyncio one, made on first use (``import ftkit`` stays cheap)."""
        signature = inspect.signature(self._method)
        return (
            _twin(self._method, signature, self.drives[0], self.shows[0]),
            _twin(self._method, signature, self.drives[1], self.shows[1]),
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._method.__qualname__}>"

    @overload
    def __get__(self, obj: None, owner: type[SyncResource]) -> Callable[Concatenate[SyncResource, P], S]: ...
    @overload
    def __get__(self, obj: None, owner: type[AsyncResource]) -> Callable[Concatenate[AsyncResource, P], A]: ...
    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, obj: SyncResource, owner: type[Any] | None = None) -> Callable[P, S]: ...
    @overload
    def __get__(self, obj: AsyncResource, owner: type[Any] | None = None) -> Callable[P, A]: ...
    def __get__(self, obj: object, owner: type[Any] | None = None) -> Any:
        blocking, asyncio = self._pair
        if obj is None:
            if owner is not None and issubclass(owner, AsyncResource):
                return asyncio
            if owner is not None and issubclass(owner, SyncResource):
                return blocking
            return self
        if isinstance(obj, AsyncResource):
            return MethodType(asyncio, obj)
        if isinstance(obj, SyncResource):
            return MethodType(blocking, obj)
        raise TypeError(f"{type(obj).__name__} is neither a SyncResource nor an AsyncResource")


class result(_Twins[P, T, Coroutine[Any, Any, T]]):
    """A method that gives back a ``Plan[T]``: its result (``T``) on ``Client``, a coroutine of it
    on ``AsyncClient``."""

    drives = (SyncResource._result, AsyncResource._result)
    shows = ("{}", "{}")

    def __init__(self, method: Callable[Concatenate[Any, P], Plan[T]]) -> None:
        super().__init__(method)


class pages(_Twins[P, Page[T], AsyncPager[T]]):
    """A method that gives back a ``Listing[T]``: a ``Page[T]`` on ``Client``, an ``AsyncPager[T]``
    on ``AsyncClient`` (``await`` it for the first page, ``async for`` over every item)."""

    drives = (SyncResource._pages, AsyncResource._pages)
    shows = ("Page[{}]", "AsyncPager[{}]")

    def __init__(self, method: Callable[Concatenate[Any, P], Listing[T]]) -> None:
        super().__init__(method)


class page(_Twins[P, Page[T], Coroutine[Any, Any, AsyncPage[T]]]):
    """A method that gives back a ``Listing[T]`` whose page is asked for at once: a ``Page[T]`` on
    ``Client``, a coroutine of an ``AsyncPage[T]`` on ``AsyncClient`` (a request that must be
    sent once, such as a create, is never left to a lazy pager)."""

    drives = (SyncResource._pages, AsyncResource._first_page)
    shows = ("Page[{}]", "AsyncPage[{}]")

    def __init__(self, method: Callable[Concatenate[Any, P], Listing[T]]) -> None:
        super().__init__(method)


class items(_Twins[P, Iterator[T], AsyncIterator[T]]):
    """A method that gives back a ``Stream[T]``: an ``Iterator[T]`` on ``Client``, an
    ``AsyncIterator[T]`` on ``AsyncClient`` (``async for``)."""

    drives = (SyncResource._stream, AsyncResource._stream)
    shows = ("Iterator[{}]", "AsyncIterator[{}]")

    def __init__(self, method: Callable[Concatenate[Any, P], Stream[T]]) -> None:
        super().__init__(method)
