"""Retries: one policy, asked by everything that retries.

:class:`RetryPolicy` decides, for the whole client:

- whether a failure is worth another attempt: connection errors, timeouts, answers cut off
  mid-body, the statuses 408, 409, 429 and >= 500 (a server's ``x-should-retry`` overrides
  the status), and how many (``max_retries``);
- how long to wait first: backoff from ``initial_delay``, doubling up to ``max_delay``, with
  ``jitter``; the server's ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date)
  when it sends one, up to ``max_retry_after`` (a server asking for longer gets its answer
  handed back at once; a wait of 0 still backs off);
- whether a failed request may still have taken effect (:meth:`RetryPolicy.ambiguous`: a
  timeout, a connection dropped after the request went out, 408, 409, 5xx), and how long to
  look for what it may have made before sending it again (:meth:`RetryPolicy.lookup_time`:
  the wait the server asks for when it says, else ``lookup_patience``).

Two pieces drive it. :class:`RetryTransport` retries each request at the httpx level, so
every request gets retries, a generated ``ftkit_api`` function on ``client.api`` too; a
request can carry its own limit in ``request.extensions["ftkit.max_retries"]``.
:func:`retried` does the same inside a flow, for what the transport must not retry blindly:
a request that must not take effect twice (creating a job, uploading a file, completing an
Upload: the transport's retries are off for it, and an ambiguous failure is looked for
before the request is sent again), and a watch riding out an outage (tried again for a
time rather than a count).

A request marked ``request.extensions["ftkit.read_body"]`` (every request ftkit itself
sends) has its answer's body read in the transport, so an answer cut off mid-body is
retried like a dropped connection; other requests (``client.http_client.stream(...)``)
stream as usual.

Example::

    client = ftkit.Client(retry_policy=RetryPolicy(max_retries=4, lookup_patience=10.0))
"""

from __future__ import annotations

import email.utils
import logging
import math
import random
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import attrs
import httpx

from ._flow import Call, Flow, monotonic, pause
from .errors import APIConnectionError, APIError, APIStatusError, APITimeoutError, ValidationError, redacted_url

if TYPE_CHECKING:
    from ._flow import VirtualClock

__all__ = [
    "MAX_RETRIES_EXTENSION",
    "READ_BODY_EXTENSION",
    "RetryPolicy",
    "RetryTransport",
    "retried",
    "retry_after",
]

logger = logging.getLogger("ftkit")

#: Request extension key that overrides the retry limit for one request.
MAX_RETRIES_EXTENSION = "ftkit.max_retries"
#: Request extension key: read the answer's body in the transport (and retry a cut-off one).
READ_BODY_EXTENSION = "ftkit.read_body"

_RETRY_STATUSES = frozenset({408, 409, 429})
#: Statuses that may come after the request took effect: a proxy's timeout, a conflict with an
#: earlier attempt that did go through, and any 5xx.
_AMBIGUOUS_STATUSES = frozenset({408, 409})


def _seconds(name: str) -> Callable[[Any, Any, Any], None]:
    def check(_instance: Any, _attribute: Any, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf:
            raise ValidationError(name, value, "a finite number of seconds >= 0")

    return check


def _count(_instance: Any, _attribute: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError("max_retries", value, "an integer >= 0")


def _fraction(_instance: Any, _attribute: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ValidationError("jitter", value, "a number from 0 to 1")


@attrs.frozen
class RetryPolicy:
    """When to retry, how long to wait first, and how long to look for what a failed request
    may have made (see the module doc). The client's ``max_retries`` is its ``max_retries``.

    >>> policy = RetryPolicy(max_retries=2, jitter=0.0)
    >>> policy.delay(1, httpx.Headers({"retry-after": "3"}))
    3.0
    """

    max_retries: int = attrs.field(default=2, validator=_count)
    initial_delay: float = attrs.field(default=0.5, validator=_seconds("initial_delay"))
    max_delay: float = attrs.field(default=8.0, validator=_seconds("max_delay"))
    max_retry_after: float = attrs.field(default=60.0, validator=_seconds("max_retry_after"))
    jitter: float = attrs.field(default=0.25, validator=_fraction)
    #: Seconds to keep looking for what an ambiguous failure may have made (a job a server
    #: lists only some time after storing it) when the server does not say how long to wait.
    lookup_patience: float = attrs.field(default=5.0, validator=_seconds("lookup_patience"))
    #: Random source for the jitter; a test may pass a seeded ``random.Random``.
    rng: random.Random = attrs.field(factory=random.Random, eq=False, repr=False)

    def limit(self, request: httpx.Request) -> int:
        """The retry limit of ``request``: its own (``ftkit.max_retries``), else ``max_retries``."""
        value = request.extensions.get(MAX_RETRIES_EXTENSION)
        return self.max_retries if value is None else int(value)

    def should_retry_response(self, response: httpx.Response) -> bool:
        """Whether an answer with this status (and ``x-should-retry``) is worth another attempt."""
        should = response.headers.get("x-should-retry")
        if should == "true":
            return True
        if should == "false":
            return False
        return response.status_code in _RETRY_STATUSES or response.status_code >= 500

    @staticmethod
    def should_retry_error(error: BaseException) -> bool:
        """Whether a request that got no answer this way is worth another attempt."""
        if isinstance(error, APIConnectionError):
            return True
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
        base = min(self.initial_delay * 2.0 ** min(attempt - 1, 64), self.max_delay)
        return base * (1.0 - self.jitter * self.rng.random())

    def wait(self, attempt: int, outcome: httpx.Response | BaseException, limit: float) -> float | None:
        """Seconds to wait before retry number ``attempt`` after ``outcome`` (an answer, an
        httpx error, or the ftkit error it became), or None to hand the outcome back: not a
        failure worth retrying, ``limit`` retries made, or a server asking for too long.

        >>> RetryPolicy(jitter=0.0).wait(1, httpx.Response(503), limit=2)
        0.5
        >>> RetryPolicy().wait(1, httpx.Response(404), limit=2) is None
        True
        """
        if not self.retries(outcome) or attempt > limit:
            return None
        response = _response_of(outcome)
        return self.delay(attempt, response.headers if response is not None else None)

    def retries(self, outcome: httpx.Response | BaseException) -> bool:
        """Whether ``outcome`` (an answer, an httpx error, or the ftkit error it became) is a
        failure worth another attempt.

        >>> RetryPolicy().retries(httpx.Response(429)), RetryPolicy().retries(httpx.Response(400))
        (True, False)
        """
        response = _response_of(outcome)
        if response is not None:
            return self.should_retry_response(response)
        return not isinstance(outcome, httpx.Response) and self.should_retry_error(outcome)

    @staticmethod
    def ambiguous(error: APIError) -> bool:
        """Whether the server may have acted on a request that failed this way: a timeout, a
        connection dropped after the request went out, 408, 409 or a 5xx. A connection refused
        before anything was sent, and a 429, are not.

        >>> from ftkit.errors import APITimeoutError
        >>> RetryPolicy.ambiguous(APITimeoutError())
        True
        """
        if isinstance(error, APITimeoutError):
            return True
        if isinstance(error, APIConnectionError):
            return not isinstance(error.__cause__, httpx.ConnectError)
        return isinstance(error, APIStatusError) and (
            error.status_code in _AMBIGUOUS_STATUSES or error.status_code >= 500
        )

    def lookup_time(self, error: APIError) -> float:
        """Seconds to keep looking for what the failed request may have made: the wait the
        server asks for (``Retry-After``) when it says, up to ``lookup_patience``; else
        ``lookup_patience``.

        >>> from ftkit.errors import status_error
        >>> request = httpx.Request("POST", "https://api.test/v1/fine_tuning/jobs")
        >>> answer = httpx.Response(503, headers={"retry-after": "0.2"}, request=request)
        >>> RetryPolicy().lookup_time(status_error(answer))
        0.2
        """
        server = retry_after(error.response.headers) if isinstance(error, APIStatusError) else None
        return self.lookup_patience if server is None else min(server, self.lookup_patience)


def _response_of(outcome: httpx.Response | BaseException) -> httpx.Response | None:
    if isinstance(outcome, httpx.Response):
        return outcome
    return outcome.response if isinstance(outcome, APIStatusError) else None


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


def _outcome_name(outcome: httpx.Response | BaseException) -> str:
    if isinstance(outcome, httpx.Response):
        return f"status {outcome.status_code}"
    return str(outcome) if isinstance(outcome, APIError) else type(outcome).__name__


# -- in the transport: every request ------------------------------------------------------------


#: What one attempt in the transport comes to: the answer, or the error that took its place.
_Outcome = httpx.Response | httpx.TransportError


class _Attempts:
    """One request's attempts in the transport, as the policy decides them."""

    def __init__(self, policy: RetryPolicy, request: httpx.Request) -> None:
        self.policy = policy
        self.request = request
        self.limit = policy.limit(request)
        self.retries = 0

    def after(self, outcome: _Outcome) -> float | None:
        """Seconds to wait before the next attempt, or None to hand ``outcome`` back."""
        if isinstance(outcome, httpx.Response) and outcome.status_code < 400:
            return None  # the common case, decided without the policy
        self.retries += 1
        delay = self.policy.wait(self.retries, outcome, self.limit)
        if delay is not None:
            logger.debug(
                "retrying %s %s after %s in %.2f s (retry %d of %d)", self.request.method,
                redacted_url(self.request.url), _outcome_name(outcome), delay, self.retries, self.limit,
            )  # fmt: skip
        return delay


def _hand_back(outcome: _Outcome) -> httpx.Response:
    if isinstance(outcome, httpx.Response):
        return outcome
    raise outcome


def _read_here(request: httpx.Request, response: httpx.Response) -> bool:
    return bool(request.extensions.get(READ_BODY_EXTENSION)) and response.status_code < 400


class RetryTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Wraps a transport (sync, async, or one that is both) and retries per a policy. With a
    virtual ``clock`` (an emulator on a manual clock) it advances that clock instead of sleeping.

    >>> transport = RetryTransport(httpx.HTTPTransport(), policy=RetryPolicy(max_retries=3))
    >>> transport.policy.max_retries
    3
    """

    def __init__(
        self,
        inner: httpx.BaseTransport | httpx.AsyncBaseTransport,
        max_retries: int = 2,
        policy: RetryPolicy | None = None,
        clock: VirtualClock | None = None,
    ) -> None:
        self.inner = inner
        self.policy = policy if policy is not None else RetryPolicy(max_retries=max_retries)
        self.clock = clock

    def _attempt(self, request: httpx.Request) -> _Outcome:
        if not isinstance(self.inner, httpx.BaseTransport):
            raise TypeError("this transport wraps an async transport; use it with httpx.AsyncClient")
        try:
            response = self.inner.handle_request(request)
            if _read_here(request, response):
                try:
                    response.read()
                except httpx.TransportError:
                    response.close()
                    raise
        except httpx.TransportError as exc:
            return exc
        return response

    async def _attempt_async(self, request: httpx.Request) -> _Outcome:
        if not isinstance(self.inner, httpx.AsyncBaseTransport):
            raise TypeError("this transport wraps a sync transport; use it with httpx.Client")
        try:
            response = await self.inner.handle_async_request(request)
            if _read_here(request, response):
                try:
                    await response.aread()
                except httpx.TransportError:
                    await response.aclose()
                    raise
        except httpx.TransportError as exc:
            return exc
        return response

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        attempts = _Attempts(self.policy, request)
        # Each pass: one attempt; the policy says whether (and when) there is another.
        while (delay := attempts.after(outcome := self._attempt(request))) is not None:
            if isinstance(outcome, httpx.Response):
                outcome.close()
            if self.clock is not None:
                self.clock.advance(delay)
            else:
                time.sleep(delay)
        return _hand_back(outcome)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        attempts = _Attempts(self.policy, request)
        while (delay := attempts.after(outcome := await self._attempt_async(request))) is not None:
            if isinstance(outcome, httpx.Response):
                await outcome.aclose()
            await _sleep(delay, self.clock)
        return _hand_back(outcome)

    def close(self) -> None:
        if isinstance(self.inner, httpx.BaseTransport):
            self.inner.close()

    async def aclose(self) -> None:
        if isinstance(self.inner, httpx.AsyncBaseTransport):
            await self.inner.aclose()


async def _sleep(seconds: float, clock: VirtualClock | None) -> None:
    if clock is not None:
        clock.advance(seconds)
        return
    import asyncio  # here, not at the top: `import ftkit` stays free of asyncio

    await asyncio.sleep(seconds)


# -- in a flow: what the transport must not retry blindly ------------------------------------------


def retried(
    send: Call | Callable[[], Call],
    policy: RetryPolicy,
    *,
    clock: VirtualClock | None = None,
    once: bool = False,
    find: Callable[[], Flow[Any]] | None = None,
    patience: float | None = None,
    deadline: float | None = None,
) -> Flow[Any]:
    """A flow step: the answer to ``send`` (a call, or what makes one afresh for each attempt),
    its failures retried as ``policy`` says (waits on ``clock`` when it is a virtual one).

    ``once``: the request must not take effect twice. The transport does not retry it; this
    step does, at most ``policy.max_retries`` times, and after an ambiguous failure it first
    looks for what the request may have made: ``find()`` is a flow step giving that (or
    None), asked now and again for ``policy.lookup_time(error)`` seconds, and what it finds is
    the answer. Without ``find`` an ambiguous failure is raised, never sent again. The time
    spent looking counts towards the wait before the next attempt.

    ``patience`` (seconds): retry for a time instead of a count, until that long after the
    first failure (and never past ``deadline``, on the same clock): riding out an outage.
    The transport's own retries stay on.

    >>> from ftkit._calls import call, endpoint
    >>> from ftkit._flow import SyncDriver
    >>> retrieve_fine_tuning_job = endpoint("fine_tuning.retrieve_fine_tuning_job")
    >>> step = retried(call(retrieve_fine_tuning_job, job.id), RetryPolicy(max_retries=3))
    >>> SyncDriver(executor).run(step).status
    <FineTuningJobStatus.SUCCEEDED: 'succeeded'>
    """
    limit = math.inf if patience is not None else policy.max_retries
    attempt = 0
    first_failure: float | None = None
    while True:
        request = send() if callable(send) else send
        try:
            return (yield attrs.evolve(request, max_retries=0) if once else request)
        except APIError as exc:
            attempt += 1
            delay = policy.wait(attempt, exc, limit)
            looked = 0.0
            if once and policy.ambiguous(exc):
                if find is None:
                    raise  # it may have taken effect: never sent again
                found, looked = yield from _look(find, policy, policy.lookup_time(exc), clock)
                if found is not None:
                    return found
            if delay is None and patience is not None and policy.retries(exc):
                # The server asks for longer than max_retry_after: a watch waits it out all the same.
                response = _response_of(exc)
                delay = (retry_after(response.headers) if response is not None else None) or policy.max_delay
            if delay is not None and patience is not None:
                now = yield from monotonic(clock)
                first_failure = now if first_failure is None else first_failure
                left = first_failure + patience - now
                if deadline is not None:
                    left = min(left, deadline - now)
                delay = min(delay, left) if left > 0 else None
            if delay is None:
                raise
            logger.info("%s; trying again in %.1f s (retry %d)", _outcome_name(exc), delay, attempt)
            yield from pause(max(0.0, delay - looked), clock)


def _look(
    find: Callable[[], Flow[Any]], policy: RetryPolicy, window: float, clock: VirtualClock | None
) -> Flow[tuple[Any, float]]:
    """What ``find`` finds, asked now and then with growing waits until ``window`` seconds
    have passed; and the seconds waited."""
    waited, wait = 0.0, policy.initial_delay or window
    while True:
        found = yield from find()
        if found is not None or waited >= window:
            return found, waited
        step = min(wait, window - waited)
        yield from pause(step, clock)
        waited += step
        wait *= 2
