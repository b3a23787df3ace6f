"""Pages of list results.

Every list call returns a page: ``.data`` (this page's items), ``.has_more``, and
``.next_page()``. Iterating a page yields every item of it and of every following page,
fetched lazily, one request per page (``async for`` on the async client's pages). The
async client's lists return an ``AsyncPager``: awaited, the first page; ``async for``
over it without awaiting, every item.

Example::

    page = client.jobs.list(limit=100)
    first_hundred = page.data
    for job in page:              # this page, then the next ones as needed
        print(job.id, job.status)
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")
F = TypeVar("F")
logger = logging.getLogger("ftkit")

__all__ = ["AsyncPage", "AsyncPager", "Cursor", "Page", "items_of", "link_pages", "next_page"]


def _field(value: Any, name: str) -> Any:
    """A field of an answer read into a model, or of one kept as JSON (export keeps them so)."""
    return value.get(name) if isinstance(value, dict) else getattr(value, name, None)


def items_of(answer: Any) -> list[Any]:
    """The ``data`` of a list answer as a list; an answer without one (left out, null, not
    a list) raises ``ftkit.APIResponseValidationError`` naming the field.

    >>> class Answer:
    ...     data = None
    >>> items_of(Answer())
    Traceback (most recent call last):
    ...
    ftkit.errors.ResponseFieldError: Answer.data: ...
    """
    data = _field(answer, "data")
    if not isinstance(data, list):
        from .errors import ResponseFieldError

        raise ResponseFieldError(type(answer).__name__, "data", TypeError(f"expected a list, got {data!r:.80}"))
    return list(data)


def link_pages(first: Any, call_for: Callable[[str], Any]) -> Generator[Any, Any, list[Any]]:
    """Every item of a list paged by links (Azure Resource Manager's ``nextLink``), as a flow:
    it yields ``first``, then ``call_for(link)`` per following page; each answer is ``(items,
    next link or None)``. A link seen before is a server repeating itself: it ends the list.
    (The API's own lists are paged by cursor: :class:`Cursor`.)

    >>> pages = {"p2": (["b"], "p3"), "p3": (["c"], "p2")}
    >>> walk = link_pages("p1", lambda link: link)
    >>> asked = next(walk)
    >>> try:
    ...     page = (["a"], "p2")
    ...     while True:
    ...         asked = walk.send(page)
    ...         page = pages[asked]
    ... except StopIteration as done:
    ...     print(done.value)
    ['a', 'b', 'c']
    """
    found: list[Any] = []
    seen: set[str] = set()
    page = yield first
    while True:
        found.extend(page[0])
        link = page[1]
        if link is None or link in seen:
            return found
        seen.add(link)
        page = yield call_for(link)


class Cursor:
    """Where a walk through a cursor-paged list stands, and the one place its rules live (every
    list ftkit reads, a page object's or a flow's, moves on here).

    The API's cursor is the id of the last item of a page: the next page is the one ``after``
    it, while the answer says ``has_more`` (an answer without the field, such as Azure's file
    list, is a single page). A page asked for with a cursor that ends on that same item is a
    server repeating itself: it ends the walk, and its items are not handed out again. The
    first page is the one after ``after`` (None: the start of the list).

    >>> cursor = Cursor()
    >>> cursor.take({"data": [{"id": "ftjob-2"}], "has_more": True}), cursor.after
    ([{'id': 'ftjob-2'}], 'ftjob-2')
    >>> cursor.take({"data": [{"id": "ftjob-2"}], "has_more": True}) is None, cursor.ended
    (True, True)
    """

    __slots__ = ("after", "ended", "moved")

    def __init__(self, after: str | None = None, *, moved: bool = False) -> None:
        self.after = after
        self.ended = False
        #: Whether ``after`` came from a page of this walk (then a page repeating it ends the walk).
        self.moved = moved

    def take(self, answer: Any) -> list[Any] | None:
        """The items of the page answered for ``after``, the cursor moved on to the next page
        (or ``ended``); None when the page repeats the cursor."""
        data = items_of(answer)
        if self.moved and self.after is not None and data and _field(data[-1], "id") == self.after:
            logger.warning(
                "the server answered after=%s with a page ending on %s again; stopping the iteration",
                self.after,
                self.after,
            )
            self.ended = True
            return None
        last = _field(data[-1], "id") if data else None
        following = last if _field(answer, "has_more") is True and isinstance(last, str) else None
        self.after, self.moved, self.ended = following, True, following is None
        return data


def next_page(make_call: Callable[[str | None], Any], cursor: Cursor) -> Generator[Any, Any, list[Any] | None]:
    """A flow step: the items of the next page of a list (``make_call(after)`` asks for the
    page after a cursor), or None once the list has ended. A flow walks a list so::

        cursor = Cursor()
        while (jobs := (yield from next_page(make_call, cursor))) is not None:
            ...

    >>> step = next_page(lambda after: ("GET /fine_tuning/jobs", after), Cursor())
    >>> next(step)
    ('GET /fine_tuning/jobs', None)
    """
    if cursor.ended:
        return None
    return cursor.take((yield make_call(cursor.after)))


class _PageBase(Generic[T, F]):
    """What a page of either client is: ``.data``, ``.has_more``, and what fetches the next
    page (``F``: a ``Page`` or an awaitable ``AsyncPage``, None after the last; None: nothing follows)."""

    def __init__(self, data: list[T], has_more: bool, fetch: Callable[[], F] | None = None) -> None:
        self.data = data
        self.has_more = has_more
        self._fetch = fetch

    def __repr__(self) -> str:
        return f"{type(self).__name__}(items={len(self.data)}, has_more={self.has_more})"

    def has_next_page(self) -> bool:
        return self._fetch is not None


class _AsyncItems(Generic[T]):
    """``async for`` over every item of every page (``iter_pages`` says which pages)."""

    def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        raise NotImplementedError

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


class Page(_PageBase[T, "Page[T] | None"]):
    """One page of a list, with lazy iteration over every later page."""

    def next_page(self) -> Page[T] | None:
        """The following page (one request), or None after the last page."""
        return None if self._fetch is None else self._fetch()

    def iter_pages(self) -> Iterator[Page[T]]:
        """This page and every following one, each fetched when reached."""
        page: Page[T] | None = self
        while page is not None:
            yield page
            page = page.next_page()

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.data


class AsyncPage(_PageBase[T, "Awaitable[AsyncPage[T] | None]"], _AsyncItems[T]):
    """One page of a list on the async client; ``async for`` goes through every page."""

    async def next_page(self) -> AsyncPage[T] | None:
        """The following page (one request), or None after the last page."""
        return None if self._fetch is None else await self._fetch()

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        page: AsyncPage[T] | None = self
        while page is not None:
            yield page
            page = await page.next_page()


class AsyncPager(_AsyncItems[T]):
    """What a list method of the async client returns: ``await`` it for the first page, or
    ``async for`` over it, without awaiting, for every item of every page (as the official
    SDK's ``AsyncPaginator``). Nothing is requested until one of the two happens; each
    ``await`` or ``async for`` starts from the first page again.

    >>> import asyncio
    >>> async def main():
    ...     async with ftkit.AsyncClient(api_key="sk-test", transport=emulator.transport()) as client:
    ...         page = await client.jobs.list(limit=1)
    ...         ids = [found.id async for found in client.jobs.list(limit=100)]
    ...         return len(page.data), job.id in ids
    >>> asyncio.run(main())
    (1, True)
    """

    def __init__(self, first_page: Callable[[], Awaitable[AsyncPage[T]]]) -> None:
        self._first_page = first_page

    def __repr__(self) -> str:
        return "AsyncPager(await it for the first page, or async for over every item)"

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self._get().__await__()

    async def _get(self) -> AsyncPage[T]:
        return await self._first_page()

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        """Every page, the first one fetched when the iteration starts."""
        page = await self._first_page()
        async for each in page.iter_pages():
            yield each
