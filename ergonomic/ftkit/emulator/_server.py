"""The HTTP edge: h11 driven by an asyncio loop of our own, in front of an emulator.

h11 is the sans-I/O HTTP/1.1 library under httpx's own connection stack (so it is installed with
ftkit anyway): it parses requests (chunked bodies included) and frames responses, while this
module owns the socket. That ownership is why it is h11 and not an ASGI server: the emulator
must be able to drop a connection after processing a request (fault injection), answer
malformed HTTP and oversized bodies in the API's JSON error shape, refuse a body by its
declared length before reading it, and stream uploads to disk as they arrive.

Each connection is a task on one event loop, so a slow or stalled client costs a task and
blocks no one; the emulator's handler runs on a worker thread, so a long request (a large
upload, a slow grader) holds up only itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import http
import logging
import socket
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import TYPE_CHECKING, Any

import h11

from ._errors import EmulatorError, too_large
from ._http import Body, Response

if TYPE_CHECKING:
    from ._app import Emulator
    from ._jobs import JobScript

logger = logging.getLogger("ftkit.emulator")

#: Connections the kernel queues before the loop accepts them (a burst of clients at start-up).
BACKLOG = 1024
#: Worker threads running the emulator's handler.
WORKERS = 32
#: A request's line and headers, at most; larger ones get a 431.
MAX_HEAD = 64 << 10
#: Seconds a client may take to send a request's head, and to go quiet mid-body (then a 408) or
#: between requests (then the connection closes); the latter is ``EmulatorServer(read_timeout=...)``.
HEAD_TIMEOUT = 60.0
IDLE_TIMEOUT = 120.0
_READ = 256 << 10


class EmulatorServer:
    """An emulator served over HTTP/1.1 (keep-alive, chunked bodies) on a background thread.

    It listens as soon as it is made (so ``.port`` is known, and early clients queue), and
    serves once started. The helpers (``advance``, ``run_until``, ``script_next_job``,
    ``inject``) act on the emulator behind it.

    >>> from ftkit.emulator import Emulator
    >>> with Emulator(clock="manual").serve(port=0) as server:
    ...     server.port > 0, server.environ["OPENAI_BASE_URL"] == server.base_url
    (True, True)
    """

    def __init__(
        self,
        emulator: Emulator,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        backlog: int = BACKLOG,
        read_timeout: float = IDLE_TIMEOUT,
    ) -> None:
        if not read_timeout > 0:
            raise ValueError(f"read_timeout must be a positive number of seconds, got {read_timeout!r}")
        self.emulator = emulator
        self.host = host
        self.backlog = backlog
        #: Seconds a client may go quiet mid-body (then a 408) or between requests (then the connection closes).
        self.read_timeout = read_timeout
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self._socket = socket.create_server((host, port), family=family, backlog=backlog)
        self._socket.setblocking(False)
        self.port = int(self._socket.getsockname()[1])
        self._pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="ftkit-emulator")
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._connections: set[asyncio.Task[Any]] = set()
        self._closed = False

    @property
    def endpoint(self) -> str:
        """The server's root, e.g. ``http://127.0.0.1:8089`` (what Azure clients take as ``azure_endpoint``)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The URL to give a client as its base URL: ``http://127.0.0.1:8089/v1`` (``.../openai`` for Azure)."""
        return self.endpoint + self.emulator.flavor.prefix

    @property
    def environ(self) -> dict[str, str]:
        """Environment variables that point an SDK (or a subprocess using one) at this server.

        ``OPENAI_BASE_URL`` and ``OPENAI_API_KEY``; for the Azure flavour ``AZURE_OPENAI_ENDPOINT``,
        ``AZURE_OPENAI_API_KEY`` and ``OPENAI_API_VERSION``. The emulator takes any key unless it
        was given one.
        """
        return self.emulator.flavor.environ(self.endpoint, self.emulator.api_key)

    # -- helpers on the emulator behind ---------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Move the emulator's clock forward (see ``Emulator.advance``)."""
        self.emulator.advance(seconds)

    def run_until(self, job_id: str, status: str = "succeeded") -> dict[str, Any]:
        """Move time until the job has ``status`` (see ``Emulator.run_until``)."""
        return self.emulator.run_until(job_id, status)

    def script_next_job(self, **script: Any) -> JobScript:
        """Decide what the next created job does (see ``Emulator.script_next_job``)."""
        return self.emulator.script_next_job(**script)

    def inject(self, endpoint: str | None = None, **fault: Any) -> Any:
        """Inject a fault (see ``Emulator.inject``)."""
        return self.emulator.inject(endpoint, **fault)

    # -- lifetime ---------------------------------------------------------------------------------

    def start(self) -> EmulatorServer:
        """Serve on a daemon thread and return self; a ``RuntimeError`` if it serves already or was closed."""
        self._check_startable()
        self._thread = threading.Thread(target=self._serve, name="ftkit-emulator", daemon=True)
        self._thread.start()
        self._ready.wait()
        logger.info("emulator serving at %s", self.base_url)
        return self

    def serve_forever(self) -> None:
        """Serve on the calling thread until interrupted (what ``python -m ftkit.emulator`` does)."""
        self._check_startable()
        logger.info("emulator serving at %s", self.base_url)
        self._serve()

    def _check_startable(self) -> None:
        if self._closed:
            raise RuntimeError(f"this emulator server ({self.base_url}) is closed; serve the emulator again")
        if self._loop is not None or self._thread is not None:
            raise RuntimeError(f"this emulator server is already serving at {self.base_url}")

    def close(self) -> None:
        """Stop serving, close every connection and free the port (again: nothing more)."""
        self._closed = True
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stop.set)
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._socket.close()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> EmulatorServer:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._main())
        finally:
            loop.run_until_complete(_cancel_all())
            loop.close()
            self._socket.close()

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._connection, sock=self._socket, backlog=self.backlog)
        self._ready.set()
        async with server:
            await self._stop.wait()
            server.close()
            for task in list(self._connections):
                task.cancel()
            await asyncio.gather(*self._connections, return_exceptions=True)

    # -- one connection -------------------------------------------------------------------------

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._connections.add(task)
        raw = writer.get_extra_info("socket")
        if raw is not None and raw.family in (socket.AF_INET, socket.AF_INET6):
            # Head and body leave in separate segments for streamed answers; with Nagle on, the
            # second waits for the client's delayed ACK (about 40 ms) on a kept-alive connection.
            with contextlib.suppress(OSError):
                raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEAD)
        try:
            while True:
                event = await _receive(conn, reader, self.read_timeout, head_deadline=HEAD_TIMEOUT)
                if not isinstance(event, h11.Request):
                    break
                if not await self._exchange(conn, event, reader, writer):
                    break
                if conn.our_state is not h11.DONE or conn.their_state is not h11.DONE:
                    break
                conn.start_next_cycle()
        except h11.RemoteProtocolError as exc:
            status = exc.error_status_hint
            malformed = EmulatorError(status, f"Malformed HTTP request: {exc}.")
            await _send_raw(conn, writer, self.emulator.error_response(malformed))
        except _HeadTimeout:
            slow = EmulatorError(408, "The request's headers took too long to arrive.")
            await _send_raw(conn, writer, self.emulator.error_response(slow))
        except (ConnectionError, TimeoutError, asyncio.IncompleteReadError, OSError):
            pass
        except asyncio.CancelledError:
            pass  # the server is closing; ending quietly also spares asyncio's stream callback on 3.11
        finally:
            writer.close()
            # Cancelled here too when the server closes: end quietly (see above).
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await writer.wait_closed()
            if task is not None:
                self._connections.discard(task)

    async def _exchange(
        self, conn: h11.Connection, request: h11.Request, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        """Answer one request; False when the connection must close afterwards."""
        method = request.method.decode("ascii")
        target = request.target.decode("latin-1")
        headers: dict[str, str] = {}
        for raw_name, raw_value in request.headers:
            name, value = raw_name.decode("latin-1"), raw_value.decode("latin-1")
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        emulator = self.emulator
        if len(request.target) + sum(len(n) + len(v) + 4 for n, v in request.headers) > MAX_HEAD:
            # h11 bounds a head still arriving; one that arrived whole in a single read is checked here.
            too_big = EmulatorError(431, f"The request's headers are larger than {MAX_HEAD} bytes.")
            await _send(conn, writer, emulator.refuse(method, target, too_big), method)
            return False
        limit = emulator.body_limit(method, target)
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            # Refused by its declared size, before a byte of it is read.
            await _send(conn, writer, emulator.refuse(method, target, too_large(int(declared), limit)), method)
            return False
        body = Body()

        def check_chunk() -> None:
            # A chunk announced larger than the endpoint takes is refused before its bytes are awaited.
            if body.size + _announced(conn) > limit:
                raise _TooLarge

        try:
            if conn.they_are_waiting_for_100_continue:
                writer.write(conn.send(h11.InformationalResponse(status_code=100, headers=[])))
            while True:
                try:
                    event = await _receive(conn, reader, self.read_timeout, before_wait=check_chunk)
                except _TooLarge:
                    await _send(conn, writer, emulator.refuse(method, target, too_large(None, limit)), method)
                    return False
                except TimeoutError:
                    late = EmulatorError(
                        408, f"The request's body did not arrive: nothing came for {self.read_timeout:g} seconds."
                    )
                    await _send(conn, writer, emulator.refuse(method, target, late), method)
                    return False
                if isinstance(event, h11.Data):
                    body.write(event.data)
                    if body.size > limit:
                        await _send(conn, writer, emulator.refuse(method, target, too_large(None, limit)), method)
                        return False
                elif isinstance(event, h11.EndOfMessage):
                    break
                else:
                    return False
            loop = asyncio.get_running_loop()
            answer = await loop.run_in_executor(self._pool, emulator.handle, method, target, "", headers, body)
        finally:
            body.close()
        if answer.delay:
            await asyncio.sleep(answer.delay)
        if answer.drop:
            # The request was processed; closing without a byte is what a crashed proxy looks like.
            return False
        await _send(conn, writer, answer, method)
        return True


class _HeadTimeout(Exception):
    pass


class _ReadTimeout(Exception):
    pass


class _TooLarge(Exception):
    pass


def _announced(conn: h11.Connection) -> int:
    """The bytes of the chunk being received that have not arrived yet (0 when none, or unknown).

    h11 keeps a chunk's declared size in its reader only; should that private attribute go, the
    body is still refused once its bytes pass the limit, only later.
    """
    left = getattr(getattr(conn, "_reader", None), "_bytes_in_chunk", 0)
    return left if isinstance(left, int) else 0


async def _cancel_all() -> None:
    current = asyncio.current_task()
    tasks = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def _receive(
    conn: h11.Connection,
    reader: asyncio.StreamReader,
    timeout: float,
    head_deadline: float | None = None,
    before_wait: Callable[[], None] | None = None,
) -> Any:
    """The next h11 event, reading from the socket as needed.

    ``timeout`` bounds each wait for bytes; with ``head_deadline``, a request head that has begun
    must be complete within that many seconds of its first bytes (one byte a second is refused).
    ``before_wait`` is called before each wait for more bytes (and may raise to stop it).
    """
    loop = asyncio.get_running_loop()
    head_started: float | None = None
    while True:
        event = conn.next_event()
        if event is not h11.NEED_DATA:
            return event
        if before_wait is not None:
            before_wait()
        wait = timeout
        if head_deadline is not None and _has_started(conn):
            if head_started is None:
                head_started = loop.time()
            wait = head_deadline - (loop.time() - head_started)
            if wait <= 0:
                raise _HeadTimeout
        # A timer that fails the read, cheaper than asyncio.wait_for (a task per read on 3.10 and 3.11).
        timer = loop.call_later(wait, reader.set_exception, _ReadTimeout())
        try:
            data = await reader.read(_READ)
        except _ReadTimeout:
            if head_started is not None:
                raise _HeadTimeout from None
            raise TimeoutError from None
        finally:
            timer.cancel()
        conn.receive_data(data)


async def _drain(writer: asyncio.StreamWriter) -> None:
    # After a read timed out the reader keeps that error, and drain raises it: the answer written
    # still leaves, as the connection closes after it.
    with contextlib.suppress(_ReadTimeout):
        await writer.drain()


def _has_started(conn: h11.Connection) -> bool:
    # h11 keeps the bytes of a head it has not finished parsing in its receive buffer.
    return bool(conn.trailing_data[0])


async def _send(conn: h11.Connection, writer: asyncio.StreamWriter, answer: Response, method: str) -> None:
    headers = [(k, v) for k, v in answer.headers.items() if k.lower() != "content-length"]
    headers.append(("content-length", str(answer.length)))
    reason = _reason(answer.status)
    out = bytearray(conn.send(h11.Response(status_code=answer.status, headers=headers, reason=reason)) or b"")
    if method != "HEAD":
        for chunk in answer.chunks():
            out += conn.send(h11.Data(data=chunk)) or b""
            if len(out) >= _READ:
                writer.write(bytes(out))
                out.clear()
                await _drain(writer)
    out += conn.send(h11.EndOfMessage()) or b""
    writer.write(bytes(out))
    await _drain(writer)


async def _send_raw(conn: h11.Connection, writer: asyncio.StreamWriter, answer: Response) -> None:
    """An error for HTTP that h11 could not parse: written by hand, since h11 has given up on the exchange."""
    if conn.our_state not in (h11.IDLE, h11.SEND_RESPONSE):
        return
    head = [f"HTTP/1.1 {answer.status} {_reason(answer.status)}"]
    head += [f"{k}: {v}" for k, v in answer.headers.items()]
    head += [f"content-length: {len(answer.body)}", "connection: close", "", ""]
    with contextlib.suppress(ConnectionError, OSError):
        writer.write("\r\n".join(head).encode("latin-1") + answer.body)
        await _drain(writer)


def _reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


__all__ = ["BACKLOG", "EmulatorServer"]
