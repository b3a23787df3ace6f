"""Retries with backoff, as an httpx transport.

Living in the transport means every request gets them, including a generated
``ftkit_api`` function called directly on the client's httpx client. The decision of
whether and how long to wait is made once, in :class:`RetryPolicy`; the transport's sync
and async methods only drive it.

Retried: connection errors and timeouts, and the statuses 408, 409, 429 and >= 500. A
``x-should-retry`` header of the server overrides that. ``retry-after-ms`` and
``Retry-After`` (seconds or an HTTP date) are honoured up to ``max_retry_after`` (60 s by
default); a server asking for longer gets its answer handed back at once (sleeping that
long inside a call helps no one), and a wait of 0 still backs off.
A request can carry its own limit in ``request.extensions["ftkit.max_retries"]``.

A request marked ``request.extensions["ftkit.read_body"]`` (every request ftkit itself
sends) has its answer's body read here, so an answer cut off mid-body is retried like a
dropped connection; other requests (``client.http_client.stream(...)``) stream as usual.

Example::

    transport = RetryTransport(httpx.HTTPTransport(), max_retries=3)
    http = httpx.Client(transport=transport)
"""

from __future__ import annotations

import email.utils
import logging
import random
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone

import attrs
import httpx

from .errors import redacted_url

logger = logging.getLogger("ftkit")

#: Request extension key that overrides the retry limit for one request.
MAX_RETRIES_EXTENSION = "ftkit.max_retries"
#: Request extension key: read the answer's body in the transport (and retry a cut-off one).
READ_BODY_EXTENSION = "ftkit.read_body"

_RETRY_STATUSES = frozenset({408, 409, 429})


@attrs.frozen
class RetryPolicy:
    """When to retry and how long to wait first.

    >>> policy = RetryPolicy(max_retries=2, jitter=0.0)
    >>> policy.delay(attempt=1, headers=httpx.Headers({"retry-after": "3"}))
    3.0
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    jitter: float = 0.25
    #: Random source for the jitter; a test may pass a seeded ``random.Random``.
    rng: random.Random = attrs.field(factory=random.Random, eq=False, repr=False)

    def limit(self, request: httpx.Request) -> int:
        value = request.extensions.get(MAX_RETRIES_EXTENSION)
        return self.max_retries if value is None else int(value)

    def should_retry_response(self, response: httpx.Response) -> bool:
        should = response.headers.get("x-should-retry")
        if should == "true":
            return True
        if should == "false":
            return False
        return response.status_code in _RETRY_STATUSES or response.status_code >= 500

    @staticmethod
    def should_retry_error(error: Exception) -> bool:
        return isinstance(error, (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError))

    def delay(self, attempt: int, headers: httpx.Headers | None = None) -> float | None:
        """Seconds to wait before retry number ``attempt`` (1 for the first retry), or None
        when the server asks for a longer wait than ``max_retry_after`` (do not retry).

        A ``Retry-After`` of 0 (or a date in the past) still backs off, as if none was given.

        >>> RetryPolicy(max_retry_after=60.0).delay(1, httpx.Headers({"retry-after": "120"})) is None
        True
        """
        server = retry_after(headers) if headers is not None else None
        if server is not None and server > self.max_retry_after:
            return None
        if server is not None and server > 0:
            return server
        base = min(self.initial_delay * 2.0 ** (attempt - 1), self.max_delay)
        return base * (1.0 - self.jitter * self.rng.random())


def retry_after(headers: httpx.Headers) -> float | None:
    """The wait the server asks for, in seconds, or None.

    >>> retry_after(httpx.Headers({"retry-after-ms": "1500"}))
    1.5
    """
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            value = float(ms) / 1000.0
            if value >= 0:
                return value
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if raw is None:
        return None
    try:
        value = float(raw)
        return value if value >= 0 else None
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


async def _sleep(seconds: float) -> None:
    import asyncio  # here, not at the top: `import ftkit` stays free of asyncio

    await asyncio.sleep(seconds)


class LazyTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """A transport built on its first request: a client that never sends one (a command
    that stops at a bad argument, ``--help``) pays neither httpcore's import nor the TLS
    context's certificates. The TLS context (the certificate bundle: tens of milliseconds)
    comes with the first ``https://`` request: ``http://`` requests (a local server, the
    emulator) go through a transport of their own whose context has no certificates at all,
    so it could verify no server and is never used for TLS.

    >>> transport = LazyTransport(httpx.HTTPTransport)
    >>> transport.built
    False
    """

    def __init__(self, build: Callable[..., httpx.BaseTransport | httpx.AsyncBaseTransport]) -> None:
        self._build = build
        self._plain: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None
        self._tls: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None
        self._lock = threading.Lock()

    @property
    def built(self) -> bool:
        return self._plain is not None or self._tls is not None

    def _transport(self, request: httpx.Request) -> httpx.BaseTransport | httpx.AsyncBaseTransport:
        tls = request.url.scheme != "http"
        inner = self._tls if tls else self._plain
        if inner is None:
            with self._lock:
                if tls:
                    if self._tls is None:
                        self._tls = self._build()
                    inner = self._tls
                else:
                    if self._plain is None:
                        import ssl

                        # Verifies nothing it could be asked to: no CA certificates loaded.
                        self._plain = self._build(verify=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
                    inner = self._plain
        return inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        inner = self._transport(request)
        if not isinstance(inner, httpx.BaseTransport):
            raise TypeError("this transport builds an async transport; use it with httpx.AsyncClient")
        return inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        inner = self._transport(request)
        if not isinstance(inner, httpx.AsyncBaseTransport):
            raise TypeError("this transport builds a sync transport; use it with httpx.Client")
        return await inner.handle_async_request(request)

    def close(self) -> None:
        for inner in (self._plain, self._tls):
            if isinstance(inner, httpx.BaseTransport):
                inner.close()

    async def aclose(self) -> None:
        for inner in (self._plain, self._tls):
            if isinstance(inner, httpx.AsyncBaseTransport):
                await inner.aclose()


class RetryTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Wraps a transport (sync, async, or one that is both) and retries per a policy."""

    def __init__(
        self,
        inner: httpx.BaseTransport | httpx.AsyncBaseTransport,
        max_retries: int = 2,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.inner = inner
        self.policy = policy if policy is not None else RetryPolicy(max_retries=max_retries)

    def _decide(
        self, request: httpx.Request, attempt: int, response: httpx.Response | None, error: Exception | None
    ) -> float | None:
        """Seconds to wait before retrying, or None to hand back this outcome."""
        limit = self.policy.limit(request)
        if response is not None:
            retry = self.policy.should_retry_response(response)
            outcome = f"status {response.status_code}"
        else:
            retry = error is not None and self.policy.should_retry_error(error)
            outcome = type(error).__name__
        if not retry or attempt >= limit:
            return None
        delay = self.policy.delay(attempt + 1, response.headers if response is not None else None)
        if delay is None:
            logger.debug(
                "not retrying %s %s after %s: the server asks for a wait over %g s",
                request.method,
                redacted_url(request.url),
                outcome,
                self.policy.max_retry_after,
            )
            return None
        logger.debug(
            "retrying %s %s after %s in %.2f s (retry %d of %d)",
            request.method,
            redacted_url(request.url),
            outcome,
            delay,
            attempt + 1,
            limit,
        )
        return delay

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(self.inner, httpx.BaseTransport):
            raise TypeError("this transport wraps an async transport; use it with httpx.AsyncClient")
        attempt = 0
        read_body = bool(request.extensions.get(READ_BODY_EXTENSION))
        while True:
            try:
                response = self.inner.handle_request(request)
                if read_body and response.status_code < 400:
                    try:
                        response.read()
                    except httpx.TransportError:
                        response.close()
                        raise
            except httpx.TransportError as exc:
                delay = self._decide(request, attempt, None, exc)
                if delay is None:
                    raise
            else:
                if response.status_code < 400:  # the common case, decided without the policy
                    return response
                delay = self._decide(request, attempt, response, None)
                if delay is None:
                    return response
                response.close()
            time.sleep(delay)
            attempt += 1

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(self.inner, httpx.AsyncBaseTransport):
            raise TypeError("this transport wraps a sync transport; use it with httpx.Client")
        attempt = 0
        read_body = bool(request.extensions.get(READ_BODY_EXTENSION))
        while True:
            try:
                response = await self.inner.handle_async_request(request)
                if read_body and response.status_code < 400:
                    try:
                        await response.aread()
                    except httpx.TransportError:
                        await response.aclose()
                        raise
            except httpx.TransportError as exc:
                delay = self._decide(request, attempt, None, exc)
                if delay is None:
                    raise
            else:
                if response.status_code < 400:  # the common case, decided without the policy
                    return response
                delay = self._decide(request, attempt, response, None)
                if delay is None:
                    return response
                await response.aclose()
            await _sleep(delay)
            attempt += 1

    def close(self) -> None:
        if isinstance(self.inner, httpx.BaseTransport):
            self.inner.close()

    async def aclose(self) -> None:
        if isinstance(self.inner, httpx.AsyncBaseTransport):
            await self.inner.aclose()
