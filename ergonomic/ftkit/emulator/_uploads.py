"""The Uploads API: a large file sent in parts, then assembled into an ordinary stored file.

The rules, with their sources (the spec's descriptions of ``/uploads``, "documented" below):

- an Upload accepts at most 8 GB in total (documented; taken as 8 GiB) and expires an hour
  after it was created (documented), on the emulator's clock; a sped-up clock (``speed``) does
  not shorten that hour: at ``speed=S`` it lasts ``S`` emulated hours, an hour of real time
  still, so that the parts of a large file have the time a client needs to send them;
- a Part is at most 64 MB (documented; taken as 64 MiB); Parts may be added in parallel and
  their order is given at completion by the list of their ids (documented);
- on completion the bytes of the listed Parts must add up to the ``bytes`` declared at
  creation (documented), and an ``md5`` given must match them (documented as "to verify");
- no Part may be added after completion or cancellation (documented);
- the wording and statuses of the refusals (400, 404; 413 for a Part over the limit) are
  guesses in the API's error shape, as is answering a second cancel with the cancelled
  Upload, and a fine-tune Upload needing a ``.jsonl`` name (as ``POST /files`` does).

Parts go to the emulator's store as they arrive (bounded memory); completion concatenates
them into one stored file, hashing as it copies, outside the state lock.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._errors import bad_request, not_found, too_large
from ._http import MAX_FIELD_BYTES, FileSink, read_multipart
from ._request_checks import expect_string, is_int, reject_unknown
from ._state import State, StoredFile
from ._store import StoreSink

if TYPE_CHECKING:
    from ._handlers import Request

#: Documented: "an Upload can accept at most 8 GB in total".
MAX_UPLOAD_BYTES = 8 << 30
#: Documented: "Each Part can be at most 64 MB".
MAX_PART_BYTES = 64 << 20
#: Documented: an Upload "expires after an hour after you create it".
UPLOAD_LIFETIME = 3600
#: The purposes the spec's CreateUploadRequest lists.
UPLOAD_PURPOSES = ("assistants", "batch", "fine-tune", "vision")


@dataclass
class StoredPart:
    """One Part: its bytes in the store."""

    id: str
    path: str
    size: int
    created_at: float


@dataclass
class StoredUpload:
    """One Upload and its Parts."""

    id: str
    filename: str
    purpose: str
    size: int
    mime_type: str
    created_at: float
    status: str = "pending"
    parts: dict[str, StoredPart] = field(default_factory=dict)
    file: StoredFile | None = None
    file_lifetime: int | None = None
    lifetime: float = UPLOAD_LIFETIME

    @property
    def expires_at(self) -> float:
        return self.created_at + self.lifetime

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": self.id,
            "object": "upload",
            "bytes": self.size,
            "created_at": int(self.created_at),
            "filename": self.filename,
            "purpose": self.purpose,
            "status": self.status,
            "expires_at": int(self.expires_at),
            "file": self.file.to_json() if self.file is not None else None,
        }
        return body


def _uploads(state: State) -> dict[str, StoredUpload]:
    return state.uploads


def _drop_parts(state: State, upload: StoredUpload) -> None:
    for part in upload.parts.values():
        state.store.remove(part.path)
    upload.parts.clear()


def _upload(state: State, upload_id: str) -> StoredUpload:
    """The Upload (inside ``state.current()``), expired now if its hour has passed."""
    upload = _uploads(state).get(upload_id)
    if upload is None:
        raise not_found(f"No such Upload object: {upload_id}", "upload_id")
    if upload.status == "pending" and state.now >= upload.expires_at:
        upload.status = "expired"
        _drop_parts(state, upload)
    return upload


def _pending(upload: StoredUpload, action: str) -> None:
    if upload.status != "pending":
        raise bad_request(
            f"Cannot {action} Upload {upload.id}: its status is {upload.status!r} (only a pending Upload can).",
            "upload_id",
        )


def create_upload(state: State, request: Request) -> Any:
    body = request.json()
    reject_unknown(body, ("filename", "purpose", "bytes", "mime_type", "expires_after"))
    for required in ("filename", "purpose", "bytes", "mime_type"):
        if required not in body:
            raise bad_request(f"Missing required parameter: '{required}'.", required)
    filename = expect_string(body["filename"], "filename", min_length=1)
    purpose = expect_string(body["purpose"], "purpose")
    if purpose not in UPLOAD_PURPOSES:
        raise bad_request(
            f"Invalid value for 'purpose': {purpose!r}. Expected one of {', '.join(UPLOAD_PURPOSES)}.", "purpose"
        )
    size = body["bytes"]
    if not is_int(size) or size < 1:
        raise bad_request("Invalid 'bytes': expected a positive integer.", "bytes")
    if size > MAX_UPLOAD_BYTES:
        raise bad_request(f"Invalid 'bytes': an Upload can accept at most {MAX_UPLOAD_BYTES} bytes.", "bytes")
    mime_type = expect_string(body["mime_type"], "mime_type", min_length=1)
    if purpose == "fine-tune" and not filename.lower().endswith(".jsonl"):
        raise bad_request(f"Invalid file format for Fine-Tuning API. Must be .jsonl (got {filename!r}).", "filename")
    lifetime = _file_lifetime(body.get("expires_after"))
    with state.current():
        upload = StoredUpload(state.new_id("upload_", 24), filename, purpose, size, mime_type, state.now)
        upload.file_lifetime = lifetime
        upload.lifetime = UPLOAD_LIFETIME * max(1.0, state.speed)
        _uploads(state)[upload.id] = upload
        return upload.to_json()


def _file_lifetime(policy: Any) -> int | None:
    if policy is None:
        return None
    if not isinstance(policy, dict) or policy.get("anchor") != "created_at":
        raise bad_request("Invalid 'expires_after': expected {'anchor': 'created_at', 'seconds': N}.", "expires_after")
    seconds = policy.get("seconds")
    if not is_int(seconds) or not 3600 <= int(seconds) <= 2_592_000:  # type: ignore[arg-type]
        raise bad_request("Invalid 'expires_after.seconds': expected 3600 to 2592000.", "expires_after")
    return int(seconds)  # type: ignore[arg-type]


class _PartSink(FileSink):
    """A Part going to the store, refused with a 413 once it passes 64 MB."""

    def __init__(self, inner: StoreSink) -> None:
        self.inner = inner
        self.handle = inner.handle
        self.size = 0

    def write(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > MAX_PART_BYTES:
            raise too_large(None, MAX_PART_BYTES, "The Part")
        self.inner.write(data)

    def finish(self) -> None:
        self.inner.finish()

    def discard(self) -> None:
        self.inner.discard()


def add_part(state: State, request: Request) -> Any:
    upload_id = request.params["upload_id"]
    with state.current():
        _pending(_upload(state, upload_id), "add a Part to")
    sinks: list[_PartSink] = []

    def open_file(name: str, filename: str, content_type: str) -> FileSink:
        sink = _PartSink(state.store.sink())
        sinks.append(sink)
        return sink

    form = read_multipart(request.content_type, request.body.chunks(), open_file)
    kept: str | None = None
    try:
        reject_unknown({**form.fields, **form.files}, ("data",))
        data = form.files.get("data")
        if not data:
            raise bad_request("Missing required parameter: 'data'.", "data")
        received = data[-1]
        with state.current():
            upload = _upload(state, upload_id)
            _pending(upload, "add a Part to")
            total = sum(p.size for p in upload.parts.values()) + received.size
            if total > MAX_UPLOAD_BYTES:
                raise bad_request(f"This Part would take the Upload past {MAX_UPLOAD_BYTES} bytes.", "data")
            part = StoredPart(state.new_id("part_", 24), str(received.stored), received.size, state.now)
            upload.parts[part.id] = part
            kept = part.path
            return {"id": part.id, "object": "upload.part", "created_at": int(part.created_at), "upload_id": upload_id}
    finally:
        for sink in sinks:
            if sink.handle != kept:
                state.store.remove(str(sink.handle))


def complete_upload(state: State, request: Request) -> Any:
    upload_id = request.params["upload_id"]
    body = request.json()
    reject_unknown(body, ("part_ids", "md5"))
    if "part_ids" not in body:
        raise bad_request("Missing required parameter: 'part_ids'.", "part_ids")
    part_ids = body["part_ids"]
    if not isinstance(part_ids, list) or not all(isinstance(p, str) for p in part_ids):
        raise bad_request("Invalid 'part_ids': expected an array of Part ids.", "part_ids")
    if len(set(part_ids)) != len(part_ids):
        raise bad_request("Invalid 'part_ids': a Part is listed twice.", "part_ids")
    md5 = body.get("md5")
    if md5 is not None:
        md5 = expect_string(md5, "md5")
    with state.current():
        upload = _upload(state, upload_id)
        _pending(upload, "complete")
        parts = []
        for part_id in part_ids:
            part = upload.parts.get(part_id)
            if part is None:
                raise bad_request(f"Invalid 'part_ids': {part_id!r} is not a Part of Upload {upload_id}.", "part_ids")
            parts.append(part)
        received = sum(p.size for p in parts)
        if received != upload.size:
            raise bad_request(
                f"The Parts listed hold {received} bytes; the Upload was created for {upload.size} bytes.", "part_ids"
            )
    # The copy (up to 8 GB) runs outside the lock: the parts' files do not change once stored.
    sink = state.store.sink()
    digest = hashlib.md5(usedforsecurity=False)
    try:
        for part in parts:
            with open(part.path, "rb") as source:
                while chunk := source.read(1 << 20):
                    digest.update(chunk)
                    sink.write(chunk)
        sink.finish()
    except BaseException:
        sink.discard()
        raise
    kept = False
    try:
        if md5 is not None and md5.lower() != digest.hexdigest():
            raise bad_request(f"The md5 given ({md5}) does not match the Parts' bytes ({digest.hexdigest()}).", "md5")
        with state.current():
            upload = _upload(state, upload_id)
            _pending(upload, "complete")
            stored = StoredFile(
                state.new_id("file-", 22), upload.filename, upload.purpose, received, state.now, path=str(sink.handle)
            )
            if upload.file_lifetime is not None:
                stored.expires_at = int(state.now) + upload.file_lifetime
            state.keep_file(stored)
            kept = True
            upload.file = stored
            upload.status = "completed"
            _drop_parts(state, upload)
            return upload.to_json()
    finally:
        if not kept:
            with contextlib.suppress(OSError):
                sink.discard()


def cancel_upload(state: State, request: Request) -> Any:
    with state.current():
        upload = _upload(state, request.params["upload_id"])
        if upload.status != "cancelled":
            _pending(upload, "cancel")
            upload.status = "cancelled"
            _drop_parts(state, upload)
        return upload.to_json()


def part_limit(max_file_size: int | None) -> int:
    """The largest body ``POST /uploads/{upload_id}/parts`` takes: a Part and its multipart framing.

    The emulator's ``max_file_size`` (the Files API's cap) does not apply to Uploads.

    >>> part_limit(None) > MAX_PART_BYTES
    True
    """
    return MAX_PART_BYTES + MAX_FIELD_BYTES * 4


__all__ = ["MAX_PART_BYTES", "MAX_UPLOAD_BYTES", "UPLOAD_LIFETIME", "StoredUpload"]
