"""The in-process edge: an httpx transport that is both sync and async."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

import httpx

from . import _clock
from ._http import Response

if TYPE_CHECKING:
    from ._app import Emulator


class EmulatorTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers httpx requests from an :class:`~ftkit.emulator.Emulator`, without a socket.

    Injected delays honour the request's read timeout (raising ``httpx.ReadTimeout`` as a real
    connection would), and a dropped answer raises ``httpx.RemoteProtocolError`` after the
    emulator has processed the request.

    >>> from ftkit.emulator import Emulator
    >>> client = httpx.Client(transport=Emulator(clock="manual").transport(), base_url="http://x/v1",
    ...                       headers={"Authorization": "Bearer k"})
    >>> client.get("/files").status_code
    200
    """

    def __init__(self, emulator: Emulator) -> None:
        self._emulator = emulator

    @property
    def virtual_clock(self) -> Emulator | None:
        """The emulator when its clock is manual (only ``advance`` moves it), else None.

        A client given this transport waits on that clock: ``follow`` and ``wait`` advance
        it instead of sleeping for time that would never pass.

        >>> from ftkit.emulator import Emulator
        >>> Emulator(clock="manual").transport().virtual_clock is not None, Emulator().transport().virtual_clock
        (True, None)
        """
        # EmulatedClock("manual") reads the frozen source; nothing else records the choice.
        return self._emulator if self._emulator.clock._source is _clock._frozen else None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer one request synchronously (httpx calls this)."""
        answer = self._answer(request, request.read())
        wait = _wait(request, answer)
        if wait:
            time.sleep(wait)
        return _deliver(request, answer)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer one request for an ``httpx.AsyncClient`` (httpx calls this)."""
        answer = self._answer(request, await request.aread())
        wait = _wait(request, answer)
        if wait:
            await asyncio.sleep(wait)
        return _deliver(request, answer)

    def _answer(self, request: httpx.Request, body: bytes) -> Response:
        target = request.url.raw_path.decode("ascii")
        return self._emulator.handle(request.method, target, headers=dict(request.headers), body=body)


def _read_timeout(request: httpx.Request) -> float | None:
    timeout = request.extensions.get("timeout", {})
    value = timeout.get("read") if isinstance(timeout, dict) else None
    return float(value) if value is not None else None


def _wait(request: httpx.Request, answer: Response) -> float:
    limit = _read_timeout(request)
    return min(answer.delay, limit) if limit is not None else answer.delay


def _deliver(request: httpx.Request, answer: Response) -> httpx.Response:
    limit = _read_timeout(request)
    if limit is not None and answer.delay > limit:
        raise httpx.ReadTimeout(
            f"The emulator held its answer {answer.delay:g}s, over the {limit:g}s read timeout.", request=request
        )
    if answer.drop:
        raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)
    return httpx.Response(answer.status, headers=answer.headers, content=answer.body, request=request)
