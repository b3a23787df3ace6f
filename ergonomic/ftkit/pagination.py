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

__all__ = ["AsyncPage", "AsyncPager", "Page", "items_of", "next_cursor", "repeats"]


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
    data = getattr(answer, "data", None)
    if not isinstance(data, list):
        from .errors import ResponseFieldError

        raise ResponseFieldError(type(answer).__name__, "data", TypeError(f"expected a list, got {data!r:.80}"))
    return list(data)


def next_cursor(data: list[Any], has_more: bool) -> str | None:
    """The ``after`` cursor of the page following one with these items, or None at the end.

    The API's cursor is the id of the last item of a page, for every list endpoint.

    >>> class Job:
    ...     id = "ftjob-2"
    >>> next_cursor([Job()], has_more=True)
    'ftjob-2'
    """
    if not has_more or not data:
        return None
    cursor = getattr(data[-1], "id", None)
    return cursor if isinstance(cursor, str) else None


def repeats(data: list[Any], after: str) -> bool:
    """Whether a page asked for with ``after`` ends on that same item: a server repeating
    itself, which would make iteration loop forever. Its items are not handed out again.

    >>> class Job:
    ...     id = "ftjob-2"
    >>> repeats([Job()], "ftjob-2"), repeats([Job()], "ftjob-1")
    (True, False)
    """
    if data and getattr(data[-1], "id", None) == after:
        logger.warning(
            "the server answered after=%s with a page ending on %s again; stopping the iteration", after, after
        )
        return True
    return False


class _PageBase(Generic[T, F]):
    """What a page of either client is: ``.data``, ``.has_more``, and how to fetch the page after
    a cursor (``F``: a ``Page`` or an awaitable ``AsyncPage``; None: nothing follows)."""

    def __init__(self, data: list[T], has_more: bool, fetch: F | None = None) -> None:
        self.data = data
        self.has_more = has_more
        self._fetch = fetch

    def __repr__(self) -> str:
        return f"{type(self).__name__}(items={len(self.data)}, has_more={self.has_more})"

    def has_next_page(self) -> bool:
        return next_cursor(self.data, self.has_more) is not None

    def _next(self) -> tuple[str, F] | None:
        """The cursor of the next page and what fetches it, or None after the last page."""
        cursor = next_cursor(self.data, self.has_more)
        return None if cursor is None or self._fetch is None else (cursor, self._fetch)


class _AsyncItems(Generic[T]):
    """``async for`` over every item of every page (``iter_pages`` says which pages)."""

    def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        raise NotImplementedError

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


class Page(_PageBase[T, "Callable[[str], Page[T]]"]):
    """One page of a list, with lazy iteration over every later page."""

    def next_page(self) -> Page[T] | None:
        """The following page (one request), or None after the last page."""
        following = self._next()
        if following is None:
            return None
        cursor, fetch = following
        page = fetch(cursor)
        return None if repeats(page.data, cursor) else page

    def iter_pages(self) -> Iterator[Page[T]]:
        """This page and every following one, each fetched when reached."""
        page: Page[T] | None = self
        while page is not None:
            yield page
            page = page.next_page()

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.data


class AsyncPage(_PageBase[T, "Callable[[str], Awaitable[AsyncPage[T]]]"], _AsyncItems[T]):
    """One page of a list on the async client; ``async for`` goes through every page."""

    async def next_page(self) -> AsyncPage[T] | None:
        """The following page (one request), or None after the last page."""
        following = self._next()
        if following is None:
            return None
        cursor, fetch = following
        page = await fetch(cursor)
        return None if repeats(page.data, cursor) else page

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

    >>> page = await client.jobs.list(limit=10)         # doctest: +SKIP
    >>> async for job in client.jobs.list(limit=100):   # doctest: +SKIP
    ...     print(job.id)
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
