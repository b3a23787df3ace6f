"""The in-process edge: an httpx transport that is both sync and async."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import httpx

from . import _clock
from ._errors import too_large
from ._http import Body, Response

if TYPE_CHECKING:
    from ._app import Emulator


class EmulatorTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers httpx requests from an :class:`~ftkit.emulator.Emulator`, without a socket.

    Injected delays honour the request's read timeout (raising ``httpx.ReadTimeout`` as a real
    connection would), and a dropped answer raises ``httpx.RemoteProtocolError`` after the
    emulator has processed the request. Request bodies are read as they stream (a large upload
    goes to disk, not memory), and file downloads stream back the same way.

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
        body, limit, refused = self._intake(request)
        try:
            if refused is None:
                for chunk in request.stream:  # type: ignore[union-attr]
                    refused = self._take(request, body, chunk, limit)
                    if refused is not None:
                        break
            answer = refused or self._answer(request, body)
        finally:
            body.close()
        wait = _wait(request, answer)
        if wait:
            time.sleep(wait)
        return _deliver(request, answer, _SyncFile(answer))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer one request for an ``httpx.AsyncClient`` (httpx calls this)."""
        body, limit, refused = self._intake(request)
        try:
            if refused is None:
                async for chunk in request.stream:  # type: ignore[union-attr]
                    refused = self._take(request, body, chunk, limit)
                    if refused is not None:
                        break
            answer = refused or self._answer(request, body)
        finally:
            body.close()
        wait = _wait(request, answer)
        if wait:
            await asyncio.sleep(wait)
        return _deliver(request, answer, _AsyncFile(answer))

    def _intake(self, request: httpx.Request) -> tuple[Body, int, Response | None]:
        limit = self._emulator.body_limit(request.method, _target(request))
        declared = request.headers.get("content-length")
        refused = None
        if declared is not None and declared.isdigit() and int(declared) > limit:
            refused = self._emulator.refuse(request.method, _target(request), too_large(int(declared), limit))
        return Body(), limit, refused

    def _take(self, request: httpx.Request, body: Body, chunk: bytes, limit: int) -> Response | None:
        body.write(chunk)
        if body.size > limit:
            return self._emulator.refuse(request.method, _target(request), too_large(None, limit))
        return None

    def _answer(self, request: httpx.Request, body: Body) -> Response:
        headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in request.headers.raw}
        return self._emulator.handle(request.method, _target(request), headers=headers, body=body)


def _target(request: httpx.Request) -> str:
    return request.url.raw_path.decode("ascii")


def _read_timeout(request: httpx.Request) -> float | None:
    timeout = request.extensions.get("timeout", {})
    value = timeout.get("read") if isinstance(timeout, dict) else None
    return float(value) if value is not None else None


def _wait(request: httpx.Request, answer: Response) -> float:
    limit = _read_timeout(request)
    return min(answer.delay, limit) if limit is not None else answer.delay


class _SyncFile(httpx.SyncByteStream):
    def __init__(self, answer: Response) -> None:
        self._answer = answer

    def __iter__(self) -> Iterator[bytes]:
        yield from self._answer.chunks()


class _AsyncFile(httpx.AsyncByteStream):
    def __init__(self, answer: Response) -> None:
        self._answer = answer

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._answer.chunks():
            yield chunk


def _deliver(
    request: httpx.Request, answer: Response, stream: httpx.SyncByteStream | httpx.AsyncByteStream
) -> httpx.Response:
    limit = _read_timeout(request)
    if limit is not None and answer.delay > limit:
        raise httpx.ReadTimeout(
            f"The emulator held its answer {answer.delay:g}s, over the {limit:g}s read timeout.", request=request
        )
    if answer.drop:
        raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)
    if answer.file is None:
        return httpx.Response(answer.status, headers=list(answer.headers.items()), content=answer.body, request=request)
    headers = {**answer.headers, "content-length": str(answer.length)}
    return httpx.Response(answer.status, headers=headers, stream=stream, request=request)
