"""One request: send it through the shared httpx client, turn the answer into a model or
an exception. Shared by the sync and async clients: only the ``await`` differs.

``SyncHTTP.execute`` / ``AsyncHTTP.execute`` are the executors the drivers of ``_flow``
call for every request; ``_prepare`` is the one place a request's arguments are put
together (the generated ``_get_kwargs``, plus what this client sends with each request).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any, TypedDict

import attrs
import httpx

from ._flow import Call
from ._retry import MAX_RETRIES_EXTENSION, READ_BODY_EXTENSION
from .errors import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    ValidationError,
    redacted_url,
    status_error,
)

logger = logging.getLogger("ftkit")


_READ_BODY = {READ_BODY_EXTENSION: True}


class ExtraOptions(TypedDict, total=False):
    """The per-call options of ``jobs.wait`` and ``jobs.wait_all``, whose ``timeout`` is the
    time to wait for the job: ``RequestOptions`` without ``timeout``."""

    extra_headers: Mapping[str, str] | None
    extra_query: Mapping[str, object] | None
    extra_body: Mapping[str, object] | None


class RequestOptions(ExtraOptions, total=False):
    """The official SDK's per-call options, taken by every method of every resource.

    ``extra_headers`` are added to the request's headers, ``extra_query`` to its URL,
    ``extra_body`` to its JSON body (or its form fields, for an upload); ``timeout``
    (seconds or an ``httpx.Timeout``; None: no timeout) replaces the client's for this call.
    A method that sends several requests (pages, polls, an upload and a create) adds them
    to each.

    >>> client.jobs.retrieve(job.id, extra_headers={"X-Trace": "1"}, timeout=5).status
    <FineTuningJobStatus.SUCCEEDED: 'succeeded'>
    """

    timeout: float | httpx.Timeout | None


_OPTION_NAMES = frozenset({*ExtraOptions.__annotations__, *RequestOptions.__annotations__})


@attrs.frozen
class Settings:
    """What an executor adds to each request it sends: headers, query parameters, body
    fields, a timeout and a retry limit (None: the httpx client's own)."""

    headers: Mapping[str, str] = attrs.field(factory=dict)
    query: Mapping[str, object] = attrs.field(factory=dict)
    body: Mapping[str, object] = attrs.field(factory=dict)
    timeout: httpx.Timeout | None = None
    max_retries: int | None = None
    auth: httpx.Auth | None = attrs.field(default=None, eq=False)

    def __bool__(self) -> bool:
        return (
            bool(self.headers or self.query or self.body)
            or self.timeout is not None
            or self.max_retries is not None
            or self.auth is not None
        )

    def merge(self, other: Settings) -> Settings:
        """These settings with ``other``'s on top."""
        return Settings(
            headers={**self.headers, **other.headers},
            query={**self.query, **other.query},
            body={**self.body, **other.body},
            timeout=self.timeout if other.timeout is None else other.timeout,
            max_retries=self.max_retries if other.max_retries is None else other.max_retries,
            auth=self.auth if other.auth is None else other.auth,
        )


def as_timeout(value: float | httpx.Timeout | None, argument: str = "timeout") -> httpx.Timeout:
    """An ``httpx.Timeout`` from seconds, a Timeout, or None (no timeout).

    >>> as_timeout(5).read
    5.0
    """
    if isinstance(value, httpx.Timeout):
        return value
    if value is None:
        return httpx.Timeout(None)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ValidationError(argument, value, "a number of seconds > 0, an httpx.Timeout, or None (no timeout)")
    return httpx.Timeout(float(value))


def _mapping(name: str, value: object) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise ValidationError(name, value, "a dict with string keys, or None")
    return value


def call_settings(options: Mapping[str, Any]) -> Settings:
    """The settings of one call's ``RequestOptions``, checked (a ``ValidationError`` names a
    bad option; an unknown name is one too).

    >>> call_settings({"extra_query": {"limit": 1}}).query
    {'limit': 1}
    """
    unknown = sorted(set(options) - _OPTION_NAMES)
    if unknown:
        raise ValidationError(unknown[0], options[unknown[0]], f"one of the options {', '.join(sorted(_OPTION_NAMES))}")
    headers = _mapping("extra_headers", options.get("extra_headers"))
    if not all(isinstance(value, str) for value in headers.values()):
        raise ValidationError("extra_headers", headers, "a dict of header names to string values")
    return Settings(
        headers=dict(headers),
        query=dict(_mapping("extra_query", options.get("extra_query"))),
        body=dict(_mapping("extra_body", options.get("extra_body"))),
        timeout=as_timeout(options["timeout"]) if "timeout" in options else None,
    )


def _with_body(kwargs: dict[str, Any], extra: Mapping[str, object]) -> None:
    if "json" in kwargs and isinstance(kwargs["json"], dict):
        kwargs["json"] = {**kwargs["json"], **extra}
    elif "files" in kwargs:
        # An upload: the extra fields go in as form fields beside the file.
        fields = list(kwargs["files"].items() if isinstance(kwargs["files"], dict) else kwargs["files"])
        for key, value in extra.items():
            text = value if isinstance(value, str) else json.dumps(value)
            fields.append((key, (None, text.encode(), "text/plain")))
        kwargs["files"] = fields
    elif "data" in kwargs and isinstance(kwargs["data"], dict):
        kwargs["data"] = {**kwargs["data"], **extra}
    else:
        kwargs["json"] = dict(extra)


def _prepare(call: Call, settings: Settings) -> dict[str, Any]:
    """The request's arguments: the generated ``_get_kwargs`` plus what this executor adds
    (headers, query, body fields, timeout, retries: a ``with_options`` copy, a call's
    ``RequestOptions``, or a call that retries by itself). The body of every answer is
    read in the retrying transport, so a cut-off answer is retried."""
    retries = settings.max_retries if call.max_retries is None else call.max_retries
    kwargs = dict(call.kwargs)
    if settings.headers:
        kwargs["headers"] = {**(kwargs.get("headers") or {}), **settings.headers}
    if settings.query:
        kwargs["params"] = {**(kwargs.get("params") or {}), **settings.query}
    if settings.body:
        _with_body(kwargs, settings.body)
    if settings.timeout is not None:
        kwargs["timeout"] = settings.timeout
    if settings.auth is not None:
        kwargs["auth"] = settings.auth
    if call.stream:
        # A streamed answer (a download to disk) is read by its parser, chunk by chunk: the
        # transport must not read it whole first. A cut-off one fails (its file is not kept).
        if retries is not None:
            kwargs["extensions"] = {MAX_RETRIES_EXTENSION: retries}
    elif retries is not None:
        kwargs["extensions"] = {MAX_RETRIES_EXTENSION: retries, READ_BODY_EXTENSION: True}
    else:
        kwargs["extensions"] = _READ_BODY
    return kwargs


def _send_kwargs(kwargs: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """``kwargs`` split for ``build_request`` and ``send``: build_request takes no auth (an
    Azure key, a ``with_options`` key), send does."""
    return {name: value for name, value in kwargs.items() if name != "auth"}, kwargs.get(
        "auth", httpx.USE_CLIENT_DEFAULT
    )


#: How much of a streamed answer the asyncio executor keeps in memory before spilling to disk.
_SPOOL_IN_MEMORY = 1 << 20


class _SpooledStream(httpx.SyncByteStream):
    """The raw body of an answer, read back from the spool it was written to."""

    def __init__(self, spool: Any) -> None:
        self._spool = spool

    def __iter__(self) -> Any:
        while chunk := self._spool.read(1 << 16):
            yield chunk


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
            redacted_url(response.request.url),
            response.status_code,
            f" (request id {request_id})" if request_id else "",
        )
    if response.status_code >= 400:
        raise status_error(response)
    try:
        return call.parse(response)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        # A 2xx body without the documented shape: say what and where, keep the response.
        raise APIResponseValidationError(
            f"{response.request.method} {response.request.url.path} answered {response.status_code} with a body"
            f" ftkit cannot read ({type(exc).__name__}: {exc}); the raw answer is on .response",
            response=response,
        ) from exc


class SyncHTTP:
    """Executes calls on a blocking httpx client."""

    def __init__(self, client: httpx.Client, settings: Settings | None = None) -> None:
        self.client = client
        self.settings = settings or Settings()

    def with_settings(self, settings: Settings) -> SyncHTTP:
        """An executor on the same httpx client that adds ``settings`` on top of this one's."""
        return SyncHTTP(self.client, self.settings.merge(settings))

    def execute(self, call: Call) -> Any:
        kwargs = _prepare(call, self.settings)
        if call.stream:
            return self._stream(call, kwargs)
        try:
            response = self.client.request(**kwargs)
        except httpx.RequestError as exc:
            raise _transport_error(exc, kwargs) from exc
        return _finish(call, response)

    def _stream(self, call: Call, kwargs: dict[str, Any]) -> Any:
        """A call whose parser reads the body itself, chunk by chunk (memory stays bounded)."""
        try:
            request_kwargs, auth = _send_kwargs(kwargs)
            response = self.client.send(self.client.build_request(**request_kwargs), stream=True, auth=auth)
            try:
                if response.status_code >= 400:
                    response.read()
                return _finish(call, response)
            finally:
                response.close()
        except httpx.RequestError as exc:
            raise _transport_error(exc, kwargs) from exc


class AsyncHTTP:
    """Executes calls on an asyncio httpx client."""

    def __init__(self, client: httpx.AsyncClient, settings: Settings | None = None) -> None:
        self.client = client
        self.settings = settings or Settings()

    def with_settings(self, settings: Settings) -> AsyncHTTP:
        """An executor on the same httpx client that adds ``settings`` on top of this one's."""
        return AsyncHTTP(self.client, self.settings.merge(settings))

    async def execute(self, call: Call) -> Any:
        kwargs = _prepare(call, self.settings)
        if call.stream:
            return await self._stream(call, kwargs)
        try:
            response = await self.client.request(**kwargs)
        except httpx.RequestError as exc:
            raise _transport_error(exc, kwargs) from exc
        return _finish(call, response)

    async def _stream(self, call: Call, kwargs: dict[str, Any]) -> Any:
        """A call whose parser reads the body itself: the body is received chunk by chunk into
        a spool (in memory up to 1 MiB, then a temporary file) and handed to the parser, which
        is blocking code, as an answer read back from it. Memory stays bounded."""
        import tempfile

        request_kwargs, auth = _send_kwargs(kwargs)
        try:
            response = await self.client.send(self.client.build_request(**request_kwargs), stream=True, auth=auth)
            try:
                if response.status_code >= 400 or response.is_stream_consumed:
                    # An error's body is small; a body already read (a transport that answers
                    # with bytes in hand) is in memory already.
                    await response.aread()
                    return _finish(call, response)
                with tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY) as spool:
                    async for chunk in response.aiter_raw():
                        spool.write(chunk)
                    spool.seek(0)
                    # The raw bytes with the same headers: the copy decodes them as the original would.
                    copy = httpx.Response(
                        response.status_code,
                        headers=response.headers,
                        stream=_SpooledStream(spool),
                        request=response.request,
                    )
                    return _finish(call, copy)
            finally:
                await response.aclose()
        except httpx.RequestError as exc:
            raise _transport_error(exc, kwargs) from exc
