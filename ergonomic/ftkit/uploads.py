"""Uploading a file of any size: one request up to a threshold, the Uploads API above it.

**Small files** (up to ``threshold``, 100 MiB by default) go to ``POST /files`` in one
streamed request. That request is never retried blindly: after an ambiguous failure
(``RetryPolicy.ambiguous``: a timeout, a dropped connection, 408, 409, a 5xx: the server may
have stored the file) the flow first looks for the file among the newest files (same name,
same size, created since the first attempt) for as long as ``RetryPolicy.lookup_time``
says, and returns it if it is there; only otherwise does it send again. So a retried upload
leaves one file, not two or three. Completing an Upload is guarded the same way.

**Large files** go through an Upload: create it (name, size, purpose), send the file in
parts of ``part_size`` bytes (32 MiB by default, 64 MiB the API's largest) at most
``max_in_flight`` at a time, each part read from the file at its offset when its turn comes,
away from the event loop (memory: the parts in flight, never the whole file) and retried on
its own by the transport, then complete it with the part ids in the file's order and the
file's md5, computed from those same reads in the file's order (one pass over the file).
Every request retries as the client's ``RetryPolicy`` says (its ``max_retries`` included):
parts and the cancel in the transport, create and complete as above. The API's limits are
checked before anything is sent: an Upload holds at most 8 GiB; a file above ``threshold``
but the Files API's 512 MiB cap cannot take the single-request path.

**Resuming.** For a path, the Upload's id and the id of every part the server has are
kept in a small JSON state file, rewritten after each part. A rerun within the Upload's
hour (the server says when it expires) sends only the parts that are missing; a state
file that no longer matches the file (size, modification time, part size) or an Upload
the server no longer takes is set aside and a new Upload starts. By default the state
files live in the user's cache directory (``$XDG_CACHE_HOME/ftkit/uploads``, else
``~/.cache/ftkit/uploads``; ``%LOCALAPPDATA%\\ftkit\\uploads`` on Windows), named by a hash
of the file's absolute path, size and modification time; ``state_file=`` names another
file, and ``state_file=None`` turns resuming off. An upload that cannot be resumed (no
state file, or bytes and file objects rather than a path) cancels its Upload when it is
interrupted (Ctrl-C, a failure), so no half-sent Upload lingers for its hour.

Example::

    with ftkit.Client() as client:
        uploaded = client.files.upload("big.jsonl", on_progress=lambda p: print(p.fraction))
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Union

import attrs
from ftkit_api.types import UNSET, File

from ._atomic import replaced
from ._calls import PURPOSES, FileInput, call, endpoint, upload_request
from ._checks import check_max_in_flight
from ._flow import Blocking, Call, Flow, Parallel
from ._retry import RetryPolicy, retried
from .errors import APIError, APIStatusError, FtkitError, ValidationError

if TYPE_CHECKING:
    from ftkit_api.models.open_ai_file import OpenAIFile
    from ftkit_api.models.upload import Upload

    from ._flow import VirtualClock

# The endpoints and request models of the Uploads API are imported on first use
# (``_calls.endpoint``, imports inside the flows): building a client loads none of them.
list_files = endpoint("files.list_files")
add_upload_part = endpoint("uploads.add_upload_part")
cancel_upload = endpoint("uploads.cancel_upload")
complete_upload = endpoint("uploads.complete_upload")
create_upload = endpoint("uploads.create_upload")

__all__ = [
    "DEFAULT_MAX_IN_FLIGHT",
    "DEFAULT_PART_SIZE",
    "DEFAULT_THRESHOLD",
    "FILES_API_MAX_BYTES",
    "PART_MAX_BYTES",
    "UPLOAD_MAX_BYTES",
    "UploadProgress",
    "default_state_dir",
    "file_upload_flow",
]

MiB = 1 << 20
#: The Files API's cap on one file ("Individual files can be up to 512 MB").
FILES_API_MAX_BYTES = 512 * MiB
#: The Uploads API's cap on an Upload ("at most 8 GB in total").
UPLOAD_MAX_BYTES = 8 << 30
#: The Uploads API's cap on a part ("Each Part can be at most 64 MB").
PART_MAX_BYTES = 64 * MiB
DEFAULT_THRESHOLD = 100 * MiB
#: 32 MiB parts, four at a time: about 128 MiB of the file in memory, less than the official
#: SDK's peak with its 64 MiB parts one at a time, as fast on a near server and faster on a
#: distant one (``scripts/bench`` section 8); 64 MiB parts four at a time took 1.6 times its memory.
DEFAULT_PART_SIZE = 32 * MiB
DEFAULT_MAX_IN_FLIGHT = 4
#: How far back (seconds) a file found after an ambiguous failure may have been created.
_LOOKUP_SLACK = 300.0
_STATE_VERSION = 1

#: ``state_file=`` of ``files.upload``: "auto" (the cache directory), a path, or None (no resuming).
StateFile = Union[str, "os.PathLike[str]", None]


@attrs.frozen
class UploadProgress:
    """How far an upload has gone, handed to ``on_progress`` after each part (and at the end).

    ``bytes_sent`` counts what the server has, parts sent by an earlier, interrupted run
    included (``resumed_bytes`` of them). A single-request upload reports as it streams.
    """

    filename: str
    bytes_sent: int
    bytes_total: int
    parts_done: int = 0
    parts_total: int = 0
    upload_id: str | None = None
    resumed_bytes: int = 0

    @property
    def fraction(self) -> float:
        """``bytes_sent / bytes_total`` (1.0 for an empty file)."""
        return self.bytes_sent / self.bytes_total if self.bytes_total else 1.0


OnProgress = Callable[[UploadProgress], object]


def default_state_dir() -> Path:
    """Where resumable uploads keep their state files unless told otherwise.

    >>> default_state_dir().name
    'uploads'
    """
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"])
    elif os.environ.get("XDG_CACHE_HOME"):
        base = Path(os.environ["XDG_CACHE_HOME"])
    else:
        base = Path.home() / ".cache"
    return base / "ftkit" / "uploads"


@attrs.frozen
class _Source:
    """What is being uploaded: its name, its size (None: unknown), and how to read it again."""

    name: str
    size: int | None
    path: Path | None = None
    data: bytes | None = None
    stream: IO[bytes] | None = None
    start: int = 0  # where a seekable stream started
    mtime_ns: int = 0

    def open(self) -> IO[bytes]:
        """A binary file object at the start of the content (a new one for a path or bytes)."""
        if self.path is not None:
            try:
                return self.path.open("rb")
            except OSError as exc:
                allowed = f"a file this process can read ({exc.strerror})"
                raise ValidationError("file", str(self.path), allowed) from None
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.stream is not None
        if self.size is not None:
            self.stream.seek(self.start)
        return self.stream

    @property
    def owned(self) -> bool:
        """Whether :meth:`open` gives a new file object (to be closed by the caller)."""
        return self.stream is None


def _source(file: FileInput) -> _Source:
    if isinstance(file, (str, os.PathLike)):
        path = Path(file)
        if not path.is_file():
            raise ValidationError("file", str(file), "a path to an existing file, bytes, or a binary file object")
        stat = path.stat()
        return _Source(path.name, stat.st_size, path=path, mtime_ns=stat.st_mtime_ns)
    if isinstance(file, (bytes, bytearray, memoryview)):
        data = bytes(file)
        return _Source("upload.jsonl", len(data), data=data)
    if hasattr(file, "read"):
        if isinstance(file, io.TextIOBase):
            raise ValidationError("file", file, "a file opened in binary mode ('rb'), not text mode")
        name = os.path.basename(str(getattr(file, "name", "") or "upload.jsonl"))
        size: int | None = None
        start = 0
        try:
            if file.seekable():
                start = file.tell()
                size = file.seek(0, os.SEEK_END) - start
                file.seek(start)
        except (AttributeError, OSError, ValueError):
            size = None
        return _Source(name, size, stream=file, start=start)
    raise ValidationError("file", file, "a path, bytes, or a binary file object")


def _check_int(argument: str, value: object, low: int, high: int, allowed: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(argument, value, allowed)
    return value


def file_upload_flow(
    file: FileInput,
    purpose: str,
    *,
    policy: RetryPolicy,
    clock: VirtualClock | None = None,
    threshold: int | None = DEFAULT_THRESHOLD,
    part_size: int = DEFAULT_PART_SIZE,
    max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
    state_file: StateFile = "auto",
    on_progress: OnProgress | None = None,
) -> Flow[OpenAIFile]:
    """The flow of ``files.upload``: one request or an Upload in parts (see the module doc).

    Every argument, and the file's size against the API's caps, is checked now, before the
    first step. ``threshold=None`` never uses an Upload. ``policy`` is the client's
    ``RetryPolicy``; ``clock`` a virtual clock its waits run on (None: real time).

    >>> from ftkit._flow import SyncDriver
    >>> flow = file_upload_flow("train.jsonl", "fine-tune", policy=RetryPolicy(), threshold=4096, part_size=4096)
    >>> uploaded = SyncDriver(executor).run(flow)
    >>> uploaded.filename, uploaded.bytes_
    ('train.jsonl', 7070)
    """
    if purpose not in PURPOSES:
        raise ValidationError("purpose", purpose, f"one of {', '.join(PURPOSES)}")
    if threshold is not None:
        _check_int(
            "threshold",
            threshold,
            1,
            FILES_API_MAX_BYTES,
            f"an int of bytes from 1 to {FILES_API_MAX_BYTES} "
            "(the Files API's cap; larger files go through an Upload), or None (never an Upload)",
        )
    _check_int("part_size", part_size, 1, PART_MAX_BYTES, f"an int of bytes from 1 to {PART_MAX_BYTES} (the API's cap)")
    check_max_in_flight(max_in_flight)
    if state_file is not None and not isinstance(state_file, (str, os.PathLike)):
        raise ValidationError("state_file", state_file, "'auto', a path, or None (no resuming)")
    if on_progress is not None and not callable(on_progress):
        raise ValidationError("on_progress", on_progress, "a callable taking an UploadProgress, or None")
    source = _source(file)
    size = source.size
    if threshold is None or size is None or size <= threshold:
        if size is not None and size > FILES_API_MAX_BYTES:
            raise ValidationError(
                "file",
                f"{source.path or source.name} ({size} bytes)",
                f"at most {FILES_API_MAX_BYTES} bytes in one request (the Files API's cap); "
                "leave threshold set to send it through an Upload",
            )
        return _plain_flow(source, purpose, policy, clock, on_progress)
    if size > UPLOAD_MAX_BYTES:
        allowed = f"at most {UPLOAD_MAX_BYTES} bytes (the Uploads API's cap)"
        raise ValidationError("file", f"{source.path or source.name} ({size} bytes)", allowed)
    if not PURPOSES[purpose]:
        in_parts = ", ".join(name for name, parts in PURPOSES.items() if parts)
        raise ValidationError("purpose", purpose, f"one of {in_parts} for a file above threshold")
    state_path = _state_path(source, purpose, part_size, state_file)
    return _parts_flow(source, size, purpose, part_size, max_in_flight, state_path, policy, clock, on_progress)


# -- one request, never two files ------------------------------------------------------------------


class _Counting(io.RawIOBase):
    """A file object reporting how much of it was read (the progress of a streamed upload)."""

    def __init__(self, inner: IO[bytes], report: Callable[[int], object]) -> None:
        self.inner = inner
        self.report = report
        self.read_so_far = 0
        self.name = getattr(inner, "name", "upload")

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self.inner.seekable()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        position = self.inner.seek(offset, whence)
        if whence == os.SEEK_SET:
            self.read_so_far = 0
        return position

    def tell(self) -> int:
        return self.inner.tell()

    def read(self, size: int = -1) -> bytes:
        data = self.inner.read(size)
        if data:
            self.read_so_far += len(data)
            self.report(self.read_so_far)
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _lookup_call(purpose: str) -> Call:
    from ftkit_api.models.list_files_order import ListFilesOrder

    return call(list_files, purpose=purpose, order=ListFilesOrder.DESC, limit=100)


def _found(answer: Any, name: str, size: int | None, since: float) -> OpenAIFile | None:
    for candidate in answer.data:
        if candidate.filename == name and candidate.bytes_ == size and candidate.created_at >= since - _LOOKUP_SLACK:
            found: OpenAIFile = candidate
            return found
    return None


def _once(
    send: Callable[[], Call], name: str, size: int | None, purpose: str, policy: RetryPolicy, clock: VirtualClock | None
) -> Flow[Any]:
    """Send a request that creates a file, retrying as ``policy`` says without ever creating a
    second one: an ambiguous failure is looked for among the newest files first."""
    since = clock.now() if clock is not None else time.time()

    def find() -> Flow[OpenAIFile | None]:
        return _found((yield _lookup_call(purpose)), name, size, since)

    return (yield from retried(send, policy, clock=clock, once=True, find=find))


def _plain_flow(
    source: _Source, purpose: str, policy: RetryPolicy, clock: VirtualClock | None, on_progress: OnProgress | None
) -> Flow[OpenAIFile]:
    opened: list[IO[bytes]] = []
    total = source.size or 0

    def send() -> Call:
        payload = source.open()
        if source.owned:
            opened.append(payload)
        if on_progress is not None:
            payload = _Counting(payload, lambda n: on_progress(UploadProgress(source.name, min(n, total), total)))  # type: ignore[assignment]
        return upload_request(payload, source.name, purpose)

    can_resend = source.stream is None or source.size is not None
    try:
        uploaded: OpenAIFile = yield from _once(
            send, source.name, source.size, purpose, policy if can_resend else attrs.evolve(policy, max_retries=0),
            clock,
        )  # fmt: skip
        return uploaded
    finally:
        for handle in opened:
            handle.close()


# -- an Upload in parts ----------------------------------------------------------------------------


def _state_path(source: _Source, purpose: str, part_size: int, state_file: StateFile) -> Path | None:
    if source.path is None or state_file is None:
        return None  # bytes and file objects cannot be read again by a later run
    if str(state_file) != "auto":
        return Path(state_file)
    identity = f"{source.path.resolve()}\0{source.size}\0{source.mtime_ns}\0{purpose}\0{part_size}"
    return default_state_dir() / f"{hashlib.sha256(identity.encode()).hexdigest()[:32]}.json"


@attrs.define
class _State:
    """The resumable part of an Upload: which one, and the parts the server has (index → part id)."""

    identity: dict[str, Any]
    upload_id: str | None = None
    expires_at: int = 0
    parts: dict[int, str] = attrs.field(factory=dict)

    @classmethod
    def load(cls, path: Path | None, identity: dict[str, Any]) -> _State:
        if path is None:
            return cls(identity)
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            if saved.get("version") != _STATE_VERSION or saved.get("identity") != identity:
                return cls(identity)
            if int(saved["expires_at"]) <= time.time() + 60:
                return cls(identity)  # expired, or about to: a new Upload
            parts = {int(k): str(v) for k, v in saved["parts"].items()}
            return cls(identity, str(saved["upload_id"]), int(saved["expires_at"]), parts)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(identity)

    def save(self, path: Path | None) -> None:
        if path is None:
            return
        body = {
            "version": _STATE_VERSION,
            "identity": self.identity,
            "upload_id": self.upload_id,
            "expires_at": self.expires_at,
            "parts": {str(k): v for k, v in sorted(self.parts.items())},
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        with replaced(path, "w") as out:
            out.write(json.dumps(body))

    @staticmethod
    def remove(path: Path | None) -> None:
        if path is not None:
            for leftover in (path, path.with_name(path.name + ".tmp")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()


class _Payload:
    """A part's bytes as the file httpx streams in a multipart body: handed out in slices of
    256 KiB (views, not copies; fewer writes than httpx's 64 KiB reads, while h11's copy of
    each stays small), back to the start on a retry, and let go of on :meth:`close` (httpx's
    request and response refer to each other: a cycle that lives until the cyclic collector
    runs, which large buffers do not hasten; memory stays bounded by the parts in flight)."""

    SLICE = 1 << 18

    def __init__(self, data: bytes) -> None:
        self._view = memoryview(data)
        self._position = 0

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._position, os.SEEK_END: len(self._view)}[whence]
        self._position = max(0, min(len(self._view), base + offset))
        return self._position

    def tell(self) -> int:
        return self._position

    def read(self, size: int = -1) -> memoryview:
        end = len(self._view) if size < 0 else min(len(self._view), self._position + max(size, self.SLICE))
        piece = self._view[self._position : end]
        self._position = end
        return piece

    def close(self) -> None:
        self._view = memoryview(b"")


class _Parts:
    """The parts of a file: each read when its flow starts (``Blocking``: off the event loop),
    and the file's md5 computed from those same reads, in the file's order (a part read before
    the one ahead of it waits for it, by reference): one pass over the file."""

    def __init__(self, handle: IO[bytes], size: int, part_size: int) -> None:
        self._handle = handle
        self._size = size
        self._part_size = part_size
        self._reading = threading.Lock()  # one file object: a seek and its read go together
        self._hashing = threading.Lock()
        self._digest = hashlib.md5(usedforsecurity=False)
        self._next = 0
        self._ahead: dict[int, bytes] = {}

    def read(self, index: int) -> bytes:
        """Part ``index``'s bytes (its md5 counted once the parts before it are)."""
        offset = index * self._part_size
        length = min(self._part_size, self._size - offset)
        with self._reading:
            self._handle.seek(offset)
            data = self._handle.read(length)
        if len(data) != length:
            raise _shrunk(self._handle)
        with self._hashing:
            self._ahead[index] = data
            while self._next in self._ahead:
                self._digest.update(self._ahead.pop(self._next))
                self._next += 1
        return data

    def md5(self) -> str:
        """The file's md5, once every part has been read."""
        assert not self._ahead and self._next * self._part_size >= self._size
        return self._digest.hexdigest()


def _part_flow(upload_id: str, index: int, parts: _Parts, sent: str | None) -> Flow[tuple[int, str] | None]:
    """Part ``index``: read (and counted into the md5), then sent; a part a previous run sent
    (``sent``: its id) is read for the md5 only (None)."""
    data = yield Blocking(functools.partial(parts.read, index))
    if sent is not None:
        return None
    payload = _Payload(data)
    del data  # the payload has it: the flow holds no second reference
    data_file = File(payload=payload, file_name=f"part-{index}", mime_type="application/octet-stream")  # type: ignore[arg-type]
    from ftkit_api.models.add_upload_part_request import AddUploadPartRequest

    body = AddUploadPartRequest(data=data_file)
    try:
        part = yield call(add_upload_part, upload_id, body=body)
    finally:
        payload.close()
    return index, completion_id(part)


def completion_id(part: Any) -> str:
    """What the completion lists for ``part``: its ``azure_block_id`` when the answer has one
    (Azure OpenAI's example completes an Upload with its parts' block ids), else its id.

    >>> from ftkit_api.models.upload_part import UploadPart
    >>> completion_id(UploadPart.from_dict({"id": "part_abc", "azure_block_id": "LnmictL3p0u4LH/ko343nw=="}))
    'LnmictL3p0u4LH/ko343nw=='
    """
    block = part.additional_properties.get("azure_block_id")
    return block if isinstance(block, str) and block else str(part.id)


def _shrunk(handle: IO[bytes]) -> ValidationError:
    return ValidationError("file", getattr(handle, "name", handle), "a file that does not shrink while it is sent")


def _part_flows(
    upload_id: str, n_parts: int, parts: _Parts, done: dict[int, str]
) -> Iterator[Flow[tuple[int, str] | None]]:
    """Every part's flow, in order (taken by the engine as slots free, so at most
    ``max_in_flight`` parts are in memory); the parts sent before are read for the md5 only."""
    for index in range(n_parts):
        yield _part_flow(upload_id, index, parts, done.get(index))


@attrs.define
class _Recorder:
    """Called by the driver as each part is done: keep its id (state file) and report progress."""

    state: _State
    path: Path | None
    filename: str
    size: int
    part_size: int
    on_progress: OnProgress | None
    resumed: int = 0

    def sent(self) -> int:
        return sum(min(self.part_size, self.size - i * self.part_size) for i in self.state.parts)

    def __attrs_post_init__(self) -> None:
        self.resumed = self.sent()

    def __call__(self, position: int, finished: tuple[int, str] | None) -> None:
        if finished is None:
            return  # a part sent before, read again for the md5
        index, part_id = finished
        self.state.parts[index] = part_id
        self.state.save(self.path)
        if self.on_progress is not None:
            n_parts = (self.size + self.part_size - 1) // self.part_size
            done = len(self.state.parts)
            upload_id = self.state.upload_id
            self.on_progress(
                UploadProgress(self.filename, self.sent(), self.size, done, n_parts, upload_id, self.resumed)
            )


def _parts_flow(
    source: _Source,
    size: int,
    purpose: str,
    part_size: int,
    max_in_flight: int,
    state_path: Path | None,
    policy: RetryPolicy,
    clock: VirtualClock | None,
    on_progress: OnProgress | None,
) -> Flow[OpenAIFile]:
    identity = {
        "path": str(source.path.resolve()) if source.path is not None else None,
        "size": size,
        "mtime_ns": source.mtime_ns,
        "purpose": purpose,
        "part_size": part_size,
    }
    state = _State.load(state_path, identity)
    resumable = state_path is not None
    n_parts = (size + part_size - 1) // part_size
    handle = source.open()
    upload_id: str | None = None
    fresh_start = state.upload_id is None
    try:
        while True:
            if state.upload_id is None:
                from ftkit_api.models.create_upload_request import CreateUploadRequest
                from ftkit_api.models.create_upload_request_purpose import CreateUploadRequestPurpose

                request = CreateUploadRequest(
                    filename=source.name,
                    purpose=CreateUploadRequestPurpose(purpose),
                    bytes_=size,
                    mime_type="text/jsonl" if source.name.lower().endswith(".jsonl") else "application/octet-stream",
                )
                upload: Upload = yield call(create_upload, body=request)
                state = _State(identity, upload.id, int(upload.expires_at), {})
                state.save(state_path)
            uid = upload_id = state.upload_id
            assert uid is not None

            report = _Recorder(state, state_path, source.name, size, part_size, on_progress)
            parts = _Parts(handle, size, part_size)
            try:
                yield Parallel(_part_flows(uid, n_parts, parts, dict(state.parts)), max_in_flight, report)
            except APIStatusError as exc:
                # A resumed Upload the server no longer takes (expired, cancelled, unknown): start afresh, once.
                if fresh_start or exc.status_code not in (400, 404):
                    raise
                fresh_start = True
                state = _State(identity)
                continue
            break
        ordered = [state.parts[i] for i in range(n_parts)]
        from ftkit_api.models.complete_upload_request import CompleteUploadRequest

        completion = CompleteUploadRequest(part_ids=ordered, md5=parts.md5())
        done: Any = yield from _once(
            lambda: call(complete_upload, uid, body=completion), source.name, size, purpose, policy, clock
        )
        upload_id = None  # completed: nothing to cancel
        _State.remove(state_path)
        from ftkit_api.models.open_ai_file import OpenAIFile

        uploaded = done if isinstance(done, OpenAIFile) else done.file
        if uploaded is UNSET or uploaded is None:
            raise APIError(f"the completed Upload {state.upload_id} has no file in the answer")
        if on_progress is not None:
            on_progress(UploadProgress(source.name, size, size, n_parts, n_parts, state.upload_id))
        return uploaded
    except GeneratorExit:
        raise
    except BaseException as exc:
        # An Upload nobody can resume is cancelled, not left for its hour. A 400 on complete
        # (bytes or md5 refused) means the parts are wrong: no resuming either.
        refused = isinstance(exc, APIStatusError) and exc.status_code == 400 and upload_id is not None
        if upload_id is not None and (not resumable or refused):
            _State.remove(state_path)
            with contextlib.suppress(FtkitError):
                yield call(cancel_upload, upload_id)
        raise
    finally:
        if source.owned:
            handle.close()
