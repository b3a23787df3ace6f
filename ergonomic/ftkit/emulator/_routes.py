"""The routing table: which handler answers which method and path, and how large a body it takes.

A new endpoint is one :class:`Route` in a list handed to :class:`Router` (see ``_handlers.ROUTES``);
path templates name their parameters in braces, as the spec does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from ._errors import EmulatorError, not_found

#: The body a JSON endpoint accepts, at most (the API's own limit is not documented).
JSON_BODY_LIMIT = 16 << 20


@dataclass(frozen=True)
class Route:
    """One endpoint: ``"POST"``, ``"/fine_tuning/jobs/{fine_tuning_job_id}/cancel"``, its handler.

    ``max_body`` is the largest request body in bytes, or a callable of the emulator's settings
    for limits that depend on them (uploads).
    """

    method: str
    template: str
    handler: Callable[..., Any]
    max_body: int | Callable[[Any], int] = JSON_BODY_LIMIT

    @property
    def endpoint(self) -> str:
        """The name fault injection and the request log use, e.g. ``"POST /fine_tuning/jobs"``."""
        return f"{self.method} {self.template}"


@dataclass(frozen=True)
class Match:
    """A request matched to its route, with the path's parameters."""

    route: Route
    params: dict[str, str]


class Router:
    """Matches ``(method, path)`` to a route; a 404 or a 405 (with ``allow``) otherwise.

    Paths may carry the API's ``/v1`` prefix or not; another ``prefix`` (Azure's ``/openai``)
    may be made ``required``, so that a path without it is a 404.

    >>> router = Router([Route("GET", "/files/{file_id}", print)])
    >>> router.match("GET", "/v1/files/file-1").params
    {'file_id': 'file-1'}
    >>> router.match("DELETE", "/files/file-1")
    Traceback (most recent call last):
      ...
    ftkit.emulator._errors.EmulatorError: Method DELETE is not allowed for /files/file-1; allowed: GET.
    """

    def __init__(self, routes: Sequence[Route], prefix: str = "/v1", *, required: bool = False) -> None:
        self.routes = tuple(routes)
        self.prefix = prefix
        self.required = required
        self._by_length: dict[int, list[tuple[Route, tuple[str, ...]]]] = {}
        for route in self.routes:
            parts = tuple(route.template.strip("/").split("/"))
            self._by_length.setdefault(len(parts), []).append((route, parts))

    @property
    def endpoints(self) -> tuple[str, ...]:
        """Every endpoint's name, in table order."""
        return tuple(route.endpoint for route in self.routes)

    def match(self, method: str, path: str) -> Match:
        """The route for this request, or an :class:`EmulatorError` (404, or 405 with an ``allow`` header)."""
        prefix = self.prefix
        if path == prefix or path.startswith(prefix + "/"):
            relative = path[len(prefix) :]
        elif self.required:
            raise not_found(f"Invalid URL ({method} {path}): paths start with {prefix}/")
        else:
            relative = path
        stripped = relative.strip("/")
        segments = stripped.split("/") if stripped else []
        allowed: list[str] = []
        for route, parts in self._by_length.get(len(segments), ()):
            params = _bind(parts, segments)
            if params is None:
                continue
            if route.method == method:
                return Match(route, params)
            allowed.append(route.method)
        if allowed:
            raise EmulatorError(
                405,
                f"Method {method} is not allowed for {path}; allowed: {', '.join(allowed)}.",
                headers={"allow": ", ".join(allowed)},
            )
        raise not_found(f"Invalid URL ({method} {path})")


def _bind(parts: tuple[str, ...], segments: list[str]) -> dict[str, str] | None:
    params: dict[str, str] = {}
    for part, segment in zip(parts, segments, strict=True):
        if part.startswith("{"):
            if not segment:
                return None
            params[part[1:-1]] = unquote(segment)
        elif part != segment:
            return None
    return params
