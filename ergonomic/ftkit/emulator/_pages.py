"""Cursor pages and the query parameters that drive them."""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from ._errors import bad_request

Query = dict[str, str]
T = TypeVar("T")

#: The largest integer a query parameter takes when the endpoint sets no maximum (a 64-bit integer:
#: a guess, the API does not say). Beyond it a number is not even read (Python refuses to read one
#: of more than 4,300 digits at all).
MAX_QUERY_INTEGER = 2**63 - 1


def query_dict(pairs: Sequence[tuple[str, str]]) -> Query:
    """The query as a dict; every parameter of these endpoints takes one value, so a repeat is a 400.

    >>> query_dict([("limit", "1"), ("after", "x")])
    {'limit': '1', 'after': 'x'}
    """
    query: Query = {}
    for name, value in pairs:
        if name in query:
            raise bad_request(f"Invalid query: the parameter {name!r} was given more than once.", name)
        query[name] = value
    return query


def query_integer(raw: str) -> int | None:
    """``raw`` read as a decimal integer, or None when it is not written as one; a number of more
    than 19 digits reads as 10**19 (or its negative), beyond every range the endpoints take.

    >>> query_integer(" 7 "), query_integer("x"), query_integer("9" * 5000) == 10**19
    (7, None, True)
    """
    text = raw.strip()
    if not re.fullmatch(r"[+-]?\d+", text):
        return None
    digits = text.lstrip("+-").lstrip("0") or "0"
    negative = text.startswith("-")
    if len(digits) > 19:
        return -(10**19) if negative else 10**19
    return -int(digits) if negative else int(digits)


def shown(raw: str) -> str:
    """A query value as an error message quotes it: whole if short, else its start.

    >>> shown("9" * 5000)
    '99999999999999999999...'
    """
    return raw if len(raw) <= 24 else raw[:20] + "..."


def query_limit(query: Query, default: int, maximum: int | None = None) -> int:
    """The ``limit`` parameter, checked: an integer from 1 (to ``maximum`` if given).

    >>> query_limit({"limit": "5"}, 20)
    5
    """
    raw = query.get("limit")
    if raw is None:
        return default
    value = query_integer(raw)
    if value is None:
        raise bad_request(f"Invalid 'limit': expected an integer, but got {shown(raw)!r} instead.", "limit")
    upper = MAX_QUERY_INTEGER if maximum is None else maximum
    if not 1 <= value <= upper:
        raise bad_request(
            f"Invalid 'limit': {shown(raw.strip())} is out of range; it must be at least 1 and at most {upper}.",
            "limit",
        )
    return value


def query_choice(query: Query, name: str, choices: tuple[str, ...], default: str) -> str:
    """An enumerated query parameter, checked.

    >>> query_choice({}, "order", ("asc", "desc"), "desc")
    'desc'
    """
    value = query.get(name, default)
    if value not in choices:
        raise bad_request(f"Invalid '{name}': expected one of {', '.join(choices)}, but got {value!r}.", name)
    return value


def page(items: list[dict[str, Any]], after: str | None, limit: int) -> tuple[list[dict[str, Any]], bool]:
    """The ``limit`` items of a short list following the one whose id is ``after``, and has_more.

    An ``after`` that names no item gives an empty page, the way a stale cursor reads.

    >>> page([{"id": "a"}, {"id": "b"}, {"id": "c"}], "a", 1)
    ([{'id': 'b'}], True)
    """
    start = 0
    if after is not None:
        ids = [item["id"] for item in items]
        if after not in ids:
            return [], False
        start = ids.index(after) + 1
    chunk = items[start : start + limit]
    return chunk, start + limit < len(items)


def cut(items: Iterable[T], limit: int) -> tuple[list[T], bool]:
    """The first ``limit`` of ``items`` and whether more follow, reading at most one past the page.

    Pages are cut from a lazy sequence before anything is serialized, so a page costs the same
    however many objects the emulator holds.

    >>> cut(iter(range(10**9)), 3)
    ([0, 1, 2], True)
    """
    # A limit past what islice takes (limit=10**30 in a query) reads as "all of them".
    taken = list(itertools.islice(items, min(limit, sys.maxsize - 1) + 1))
    return taken[:limit], len(taken) > limit


def list_body(data: list[dict[str, Any]], has_more: bool, *, with_ids: bool) -> dict[str, Any]:
    """The ``{"object": "list", ...}`` envelope; ``with_ids`` adds first_id and last_id.

    >>> list_body([{"id": "a"}], False, with_ids=True)["last_id"]
    'a'
    """
    body: dict[str, Any] = {"object": "list", "data": data, "has_more": has_more}
    if with_ids:
        body["first_id"] = data[0]["id"] if data else None
        body["last_id"] = data[-1]["id"] if data else None
    return body
