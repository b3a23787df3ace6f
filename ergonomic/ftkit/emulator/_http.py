"""What the emulator's core speaks at its edges: the response, the request body, and the body decoders.

Bodies are read with bounded memory whatever their size: a :class:`Body` keeps the first
megabyte in memory and spills the rest to a file, and :func:`read_multipart` streams file parts
straight to where they are stored. JSON bodies are refused with a 400 when they nest too deeply
or hold numbers no JSON parser on the other side could keep.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from email.message import Message
from email.parser import HeaderParser
from typing import IO, Any
from urllib.parse import parse_qsl

from ._errors import EmulatorError, bad_request, too_large

#: Bodies up to this size stay in memory; larger ones go to a temporary file.
SPILL_AT = 1 << 20
#: Request bodies nested deeper than this are refused (the API's own limit is not documented).
MAX_JSON_DEPTH = 64
#: Integers with more digits than this are refused: past int64, no SDK can hold them.
MAX_INT_DIGITS = 20
#: A multipart text field or the headers of one part, at most.
MAX_FIELD_BYTES = 1 << 20
MAX_PART_HEADER_BYTES = 16 << 10
MAX_PARTS = 100


@dataclass
class Response:
    """What the core answers; ``delay`` and ``drop`` tell the edge (transport or server) how to deliver it.

    A file's content is not loaded: ``file`` names it (path, offset, length) and the edge streams
    it; ``body`` is then empty.

    >>> Response(200, {"content-type": "application/json"}, b"{}").status
    200
    """

    status: int
    headers: dict[str, str]
    body: bytes
    delay: float = 0.0
    drop: bool = False
    file: FileSlice | None = None

    @property
    def length(self) -> int:
        """How many bytes the body has, streamed file included."""
        return self.file.length if self.file is not None else len(self.body)

    def chunks(self, size: int = 256 << 10) -> Iterator[bytes]:
        """The body in pieces of at most ``size`` bytes, reading a file as it goes.

        >>> list(Response(200, {}, b"abc").chunks())
        [b'abc']
        """
        if self.file is None:
            if self.body:
                yield self.body
            return
        yield from self.file.chunks(size)

    def content(self) -> bytes:
        """The whole body in memory (tests and small answers).

        >>> Response(200, {}, b"abc").content()
        b'abc'
        """
        return b"".join(self.chunks())


@dataclass(frozen=True)
class FileSlice:
    """``length`` bytes of the file at ``path`` from ``offset``: a stored file the edge streams out."""

    path: str
    offset: int
    length: int

    def chunks(self, size: int = 256 << 10) -> Iterator[bytes]:
        """The bytes, ``size`` at a time."""
        left = self.length
        with open(self.path, "rb") as handle:
            handle.seek(self.offset)
            while left > 0:
                piece = handle.read(min(size, left))
                if not piece:
                    raise OSError(f"{self.path} ended {left} bytes early")
                left -= len(piece)
                yield piece


class Body:
    """A request body as it arrives: in memory while small, in a temporary file past :data:`SPILL_AT`.

    >>> body = Body.of(b'{"a": 1}')
    >>> body.size, body.read()
    (8, b'{"a": 1}')
    """

    def __init__(self, spill_dir: str | None = None, spill_at: int = SPILL_AT) -> None:
        self._memory = bytearray()
        self._file: IO[bytes] | None = None
        self._spill_dir = spill_dir
        self._spill_at = spill_at
        self.size = 0

    @classmethod
    def of(cls, data: bytes) -> Body:
        """A body holding ``data``."""
        body = cls()
        body.write(data)
        return body

    def write(self, data: bytes) -> None:
        """Append ``data``."""
        self.size += len(data)
        if self._file is not None:
            self._file.write(data)
            return
        self._memory += data
        if len(self._memory) > self._spill_at:
            if self._spill_dir is not None:
                os.makedirs(self._spill_dir, exist_ok=True)
            self._file = tempfile.TemporaryFile(dir=self._spill_dir, prefix="body-")  # noqa: SIM115  (closed by close())
            self._file.write(self._memory)
            self._memory = bytearray()

    def read(self, limit: int | None = None) -> bytes:
        """The whole body; a 413 if it is over ``limit`` bytes (so a huge JSON body is never loaded).

        >>> Body.of(b"12345").read(limit=3)
        Traceback (most recent call last):
          ...
        ftkit.emulator._errors.EmulatorError: The request body is too large (5 bytes); the maximum is 3 bytes.
        """
        if limit is not None and self.size > limit:
            raise too_large(self.size, limit)
        if self._file is None:
            return bytes(self._memory)
        return b"".join(self.chunks())

    def chunks(self, size: int = 1 << 20) -> Iterator[bytes]:
        """The body from the start, ``size`` bytes at a time."""
        if self._file is None:
            for start in range(0, len(self._memory), size):
                yield bytes(self._memory[start : start + size])
            return
        self._file.seek(0)
        while piece := self._file.read(size):
            yield piece

    def close(self) -> None:
        """Free the memory or the temporary file."""
        if self._file is not None:
            self._file.close()
            self._file = None
        self._memory = bytearray()


def json_response(status: int, payload: Any, headers: Mapping[str, str] | None = None) -> Response:
    """A JSON response.

    >>> json_response(200, {"ok": True}).body
    b'{"ok": true}'
    """
    all_headers = {"content-type": "application/json"}
    all_headers.update(headers or {})
    return Response(status, all_headers, json.dumps(payload).encode())


def error_response(error: EmulatorError) -> Response:
    """The API's error body for ``error`` with its status and headers.

    >>> error_response(EmulatorError(404, "gone")).status
    404
    """
    return json_response(error.status, error.body(), error.headers)


def parse_query(query: str | bytes) -> list[tuple[str, str]]:
    """Query pairs in order, keeping blanks and repeats.

    >>> parse_query("limit=2&metadata%5Bk%5D=v")
    [('limit', '2'), ('metadata[k]', 'v')]
    """
    text = query.decode("latin-1") if isinstance(query, bytes) else query
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError as exc:
        raise bad_request(f"The query string is not valid UTF-8: {exc}") from exc


_NOT_JSON = (
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your "
    "HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)"
)


class _Refused(ValueError):
    """A JSON value the emulator will not take, with the sentence that says why."""


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(f"the number {text[:4]}... is too large (at most {MAX_INT_DIGITS} digits)")
    return int(text)


def _decimal(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _Refused(f"the number {text[:24]} is out of range")
    return value


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not valid JSON")


def parse_json_object(body: bytes) -> dict[str, Any]:
    """The request body as a JSON object, or the API's 400 for anything else.

    Deeply nested values, huge numbers and ``NaN`` are refused with a 400 too, before any
    handler sees them.

    >>> parse_json_object(b'{"a": 1}')
    {'a': 1}
    >>> parse_json_object(b'{"seed": 1' + b'0' * 30 + b'}')
    Traceback (most recent call last):
      ...
    ftkit.emulator._errors.EmulatorError: Invalid JSON body: the number 1000... is too large (at most 20 digits).
    """
    try:
        value = json.loads(body.decode("utf-8"), parse_int=_integer, parse_float=_decimal, parse_constant=_constant)
    except _Refused as exc:
        raise bad_request(f"Invalid JSON body: {exc}.") from None
    except RecursionError:
        raise bad_request(f"Invalid JSON body: nested deeper than {MAX_JSON_DEPTH} levels.") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise bad_request(_NOT_JSON) from None
    if not isinstance(value, dict):
        raise bad_request(f"The request body must be a JSON object, got {type(value).__name__}.")
    _check_depth(value)
    return value


def _check_depth(value: Any) -> None:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise bad_request(f"Invalid JSON body: nested deeper than {MAX_JSON_DEPTH} levels.")
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)


# -- multipart/form-data, streamed ----------------------------------------------------------------


@dataclass
class UploadedFile:
    """One file part of a multipart body, already written by the sink it was given to."""

    filename: str
    content_type: str
    size: int
    stored: Any = None  # whatever the caller's sink factory returned as its handle


@dataclass
class Form:
    """A decoded ``multipart/form-data`` body: text fields (a name may repeat) and file parts."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, list[UploadedFile]] = field(default_factory=dict)


class FileSink:
    """Where a file part's bytes go: ``write`` as they arrive, ``finish`` at the end of the part.

    ``handle`` is kept on the :class:`UploadedFile`; ``discard`` is called instead of ``finish``
    when the body turns out to be malformed.
    """

    handle: Any = None

    def write(self, data: bytes) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """The part is complete."""

    def discard(self) -> None:
        """The body was malformed: drop what was written."""


class _Discard(FileSink):
    def write(self, data: bytes) -> None:
        pass


def read_multipart(
    content_type: str,
    chunks: Iterable[bytes],
    open_file: Callable[[str, str, str], FileSink] | None = None,
) -> Form:
    """Decode a ``multipart/form-data`` body streamed as ``chunks``, with bounded memory.

    Each file part goes to the sink ``open_file(name, filename, content_type)`` returns (discarded
    when no factory is given); text fields are kept, up to 1 MB each.

    >>> ct = 'multipart/form-data; boundary=X'
    >>> body = b'--X\\r\\nContent-Disposition: form-data; name="purpose"\\r\\n\\r\\nfine-tune\\r\\n--X--\\r\\n'
    >>> read_multipart(ct, [body[:10], body[10:]]).fields
    {'purpose': ['fine-tune']}
    """
    boundary = _boundary(content_type)
    stream = _Stream(chunks)
    delimiter = b"\r\n--" + boundary
    form = Form()
    opened: list[FileSink] = []
    try:
        if not stream.skip_until(delimiter):
            raise bad_request("The multipart/form-data body has no part (its boundary never appears).")
        for _ in range(MAX_PARTS + 1):
            ending = stream.read_exact(2)
            if ending == b"--":
                for sink in opened:
                    sink.finish()
                return form
            if ending != b"\r\n":
                raise bad_request("The multipart/form-data body is malformed after a boundary.")
            headers = _part_headers(stream)
            name, filename, part_type = _disposition(headers)
            if filename is None:
                text = stream.collect_until(delimiter, MAX_FIELD_BYTES)
                charset = headers.get_content_charset() or "utf-8"
                try:
                    form.fields.setdefault(name, []).append(text.decode(charset))
                except (LookupError, UnicodeDecodeError) as exc:
                    raise bad_request(f"The form field {name!r} is not valid text.", name) from exc
                continue
            sink = open_file(name, filename, part_type) if open_file is not None else _Discard()
            opened.append(sink)
            size = stream.pipe_until(delimiter, sink.write)
            form.files.setdefault(name, []).append(UploadedFile(filename, part_type, size, sink.handle))
        raise bad_request(f"The multipart/form-data body has more than {MAX_PARTS} parts.")
    except BaseException:
        for sink in opened:
            sink.discard()
        raise


def _boundary(content_type: str) -> bytes:
    message = Message()
    message["content-type"] = content_type
    if message.get_content_type() != "multipart/form-data":
        raise EmulatorError(415, f"Expected a multipart/form-data body, got content type {content_type or 'none'!r}.")
    boundary = message.get_param("boundary")
    if not isinstance(boundary, str) or not 1 <= len(boundary) <= 200:
        raise bad_request("The multipart/form-data content type has no usable boundary parameter.")
    return boundary.encode("latin-1")


def _part_headers(stream: _Stream) -> Message:
    raw = stream.collect_until(b"\r\n\r\n", MAX_PART_HEADER_BYTES, empty_first=b"\r\n")
    return HeaderParser().parsestr(raw.decode("latin-1"))


def _disposition(headers: Message) -> tuple[str, str | None, str]:
    name = headers.get_param("name", header="content-disposition")
    if not isinstance(name, str):
        raise bad_request("A multipart part has no name in its Content-Disposition header.")
    filename = headers.get_filename()
    return name, filename, headers.get_content_type() if "content-type" in headers else "application/octet-stream"


class _Stream:
    """Pull-reading over an iterable of byte chunks, keeping at most a chunk and a delimiter in memory."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        # A leading CRLF lets the first boundary, at the very start, match the CRLF-prefixed delimiter.
        self._buffer = bytearray(b"\r\n")

    def _fill(self) -> bool:
        for chunk in self._chunks:
            if chunk:
                self._buffer += chunk
                return True
        return False

    def read_exact(self, n: int) -> bytes:
        while len(self._buffer) < n:
            if not self._fill():
                raise bad_request("The multipart/form-data body ends early.")
        data = bytes(self._buffer[:n])
        del self._buffer[:n]
        return data

    def pipe_until(self, delimiter: bytes, write: Callable[[bytes], None], limit: int | None = None) -> int:
        """Hand every byte before ``delimiter`` to ``write``, consume the delimiter; the count handed."""
        sent = 0
        keep = len(delimiter) - 1
        while True:
            found = self._buffer.find(delimiter)
            if found >= 0:
                if found:
                    write(bytes(self._buffer[:found]))
                sent += found
                del self._buffer[: found + len(delimiter)]
                return sent
            ready = len(self._buffer) - keep
            if ready > 0:
                sent += ready
                if limit is not None and sent > limit:
                    raise too_large(None, limit, "A multipart form field")
                write(bytes(self._buffer[:ready]))
                del self._buffer[:ready]
            if not self._fill():
                raise bad_request("The multipart/form-data body ends before its closing boundary.")

    def collect_until(self, delimiter: bytes, limit: int, empty_first: bytes | None = None) -> bytes:
        if empty_first is not None:
            while len(self._buffer) < len(empty_first) and self._fill():
                pass
            if self._buffer.startswith(empty_first):
                del self._buffer[: len(empty_first)]
                return b""
        parts: list[bytes] = []
        self.pipe_until(delimiter, parts.append, limit)
        return b"".join(parts)

    def skip_until(self, delimiter: bytes) -> bool:
        try:
            self.pipe_until(delimiter, lambda _: None)
        except EmulatorError:
            return False
        return True
