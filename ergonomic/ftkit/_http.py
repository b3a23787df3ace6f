"""One request: send it through the shared httpx client, turn the answer into a model or
an exception. Shared by the sync and async clients: only the ``await`` differs.

``SyncHTTP.execute`` / ``AsyncHTTP.execute`` are the executors the drivers of ``_flow``
call for every request; ``_prepare`` is the one place a request's arguments are put
together (the generated ``_get_kwargs``, plus what this client sends with each request).
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from ._flow import Call
from ._transport import MAX_RETRIES_EXTENSION, READ_BODY_EXTENSION
from .errors import APIConnectionError, APIResponseValidationError, APITimeoutError, status_error

logger = logging.getLogger("ftkit")


_READ_BODY = {READ_BODY_EXTENSION: True}


def _prepare(call: Call, max_retries: int | None, timeout: httpx.Timeout | None) -> dict[str, Any]:
    """The request's arguments; retries and timeout only where they differ from the httpx
    client's own (a ``with_options`` copy, or a call that retries by itself). The body of
    every answer is read in the retrying transport, so a cut-off answer is retried."""
    retries = max_retries if call.max_retries is None else call.max_retries
    kwargs = dict(call.kwargs)
    if timeout is not None:
        kwargs["timeout"] = timeout
    if retries is not None:
        kwargs["extensions"] = {MAX_RETRIES_EXTENSION: retries, READ_BODY_EXTENSION: True}
    else:
        kwargs["extensions"] = _READ_BODY
    return kwargs


def _transport_error(exc: httpx.RequestError, kwargs: dict[str, Any]) -> APIConnectionError:
    request = getattr(exc, "_request", None)
    where = f"{kwargs.get('method', '').upper()} {kwargs.get('url', '')}"
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"Request timed out: {where}", request=request)
    if not isinstance(exc, httpx.TransportError):
        # A body that cannot be decoded (a broken gzip stream), too many redirects: no answer to read.
        return APIConnectionError(f"No readable answer to {where}: {exc or type(exc).__name__}", request=request)
    return APIConnectionError(f"Connection error on {where}: {exc or type(exc).__name__}", request=request)


def _finish(call: Call, response: httpx.Response) -> Any:
    if logger.isEnabledFor(logging.DEBUG):
        request_id = response.headers.get("x-request-id")
        logger.debug(
            "%s %s -> %d%s",
            response.request.method,
            response.request.url,
            response.status_code,
            f" (request id {request_id})" if request_id else "",
        )
    if response.status_code >= 400:
        raise status_error(response)
    try:
        return call.parse(response)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        # A 2xx body without the documented shape: say what and where, keep the response.
        raise APIResponseValidationError(
            f"{response.request.method} {response.request.url.path} answered {response.status_code} with a body"
            f" ftkit cannot read ({type(exc).__name__}: {exc}); the raw answer is on .response",
            response=response,
        ) from exc


class SyncHTTP:
    """Executes calls on a blocking httpx client."""

    def __init__(
        self, client: httpx.Client, *, max_retries: int | None = None, timeout: httpx.Timeout | None = None
    ) -> None:
        self.client = client
        self.max_retries = max_retries
        self.timeout = timeout

    def execute(self, call: Call) -> Any:
        kwargs = _prepare(call, self.max_retries, self.timeout)
        try:
            response = self.client.request(**kwargs)
        except httpx.RequestError as exc:
            raise _transport_error(exc, kwargs) from exc
        return _finish(call, response)


class AsyncHTTP:
    """Executes calls on an asyncio httpx client."""

    def __init__(
        self, client: httpx.AsyncClient, *, max_retries: int | None = None, timeout: httpx.Timeout | None = None
    ) -> None:
        self.client = client
        self.max_retries = max_retries
        self.timeout = timeout

    async def execute(self, call: Call) -> Any:
        kwargs = _prepare(call, self.max_retries, self.timeout)
        try:
            response = await self.client.request(**kwargs)
        except httpx.RequestError as exc:
            raise _transport_error(exc, kwargs) from exc
        return _finish(call, response)
