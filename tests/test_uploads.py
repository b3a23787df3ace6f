"""Uploads of any size (``client.files.upload``, ``ftkit.uploads``) against the emulator: a large
file goes through the Uploads API in parts, resumes after an interruption sending only the
missing parts, is cancelled when it cannot resume, and every cap is checked before anything is
sent; a plain upload retried after an ambiguous failure leaves one file. And the emulator's
Uploads API itself: limits, md5, part order, expiry, cancel.

Large files are sparse (a few real bytes at known offsets), so a 300 MiB upload costs little
real I/O.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ftkit
import httpx
import pytest
from click.testing import CliRunner
from ftkit.cli import cli
from ftkit.emulator import Emulator
from ftkit.uploads import UploadProgress

MiB = 1 << 20
CREATE = "POST /uploads"
PART = "POST /uploads/{upload_id}/parts"
COMPLETE = "POST /uploads/{upload_id}/complete"
CANCEL = "POST /uploads/{upload_id}/cancel"
API_KEY = "sk-test"


class Stop(Exception):
    """Stands for the process being killed half-way."""


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(clock="manual", seed=0, api_key=API_KEY) as emulator:
        yield emulator


@pytest.fixture
def client(emulator: Emulator) -> Iterator[ftkit.Client]:
    with ftkit.Client(api_key=API_KEY, transport=emulator.transport()) as c:
        yield c


def sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes, mostly holes, with distinct bytes every 7 MiB (so order matters)."""
    with path.open("wb") as f:
        f.truncate(size)
        for offset in range(0, size - 64, 7 * MiB):
            f.seek(offset)
            f.write(f'{{"at": {offset}}}\n'.encode())
    return path


def sha256_of_path(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(4 * MiB):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_of_stored(client: ftkit.Client, file_id: str) -> str:
    digest = hashlib.sha256()
    with client.http_client.stream("GET", f"/files/{file_id}/content") as response:
        assert response.status_code == 200
        for chunk in response.iter_bytes(4 * MiB):
            digest.update(chunk)
    return digest.hexdigest()


def stop_after(parts: int) -> Any:
    """An ``on_progress`` that stops the upload once ``parts`` parts are done."""
    heard: list[UploadProgress] = []

    def on_progress(progress: UploadProgress) -> None:
        heard.append(progress)
        if len(heard) >= parts:
            raise Stop

    return on_progress


@pytest.mark.heavy
def test_a_300_mib_upload_killed_half_way_resumes_with_only_the_missing_parts(
    client: ftkit.Client, emulator: Emulator, tmp_path: Path
) -> None:
    source = sparse(tmp_path / "big.jsonl", 300 * MiB)
    state = tmp_path / "state.json"
    options: dict[str, Any] = {"part_size": 8 * MiB, "state_file": state}
    n_parts = 38  # 300 / 8, rounded up

    with pytest.raises(Stop):
        client.files.upload(source, on_progress=stop_after(19), **options)
    kept = json.loads(state.read_text())["parts"]
    assert len(kept) >= 19
    assert emulator.request_count(COMPLETE) == 0 and emulator.request_count(CANCEL) == 0
    sent_before = emulator.request_count(PART)

    heard: list[UploadProgress] = []
    uploaded = client.files.upload(source, on_progress=heard.append, **options)

    assert emulator.request_count(CREATE) == 1  # the same Upload, resumed
    assert emulator.request_count(PART) - sent_before == n_parts - len(kept)
    assert heard[0].resumed_bytes == len(kept) * 8 * MiB
    assert heard[-1].bytes_sent == heard[-1].bytes_total == 300 * MiB
    assert uploaded.bytes_ == 300 * MiB and uploaded.filename == "big.jsonl"
    assert sha256_of_stored(client, uploaded.id) == sha256_of_path(source)
    assert not state.exists()
    complete = next(r for r in emulator.requests if r.endpoint == COMPLETE)
    assert complete.status == 200


def test_parts_go_several_at_a_time_and_complete_sends_order_and_md5(
    client: ftkit.Client, emulator: Emulator, tmp_path: Path
) -> None:
    source = sparse(tmp_path / "mid.jsonl", 20 * MiB + 5)
    seen: list[UploadProgress] = []
    uploaded = client.files.upload(source, threshold=MiB, part_size=2 * MiB, state_file=None, on_progress=seen.append)
    assert emulator.request_count(PART) == 11 and emulator.request_count("POST /files") == 0
    assert [p.parts_done for p in seen[:-1]] == list(range(1, 12))
    assert sha256_of_stored(client, uploaded.id) == sha256_of_path(source)
    # Small files keep the one-request path.
    streamed: list[UploadProgress] = []
    small = client.files.upload(sparse(tmp_path / "small.jsonl", 300_000), threshold=MiB, on_progress=streamed.append)
    assert small.bytes_ == 300_000 and emulator.request_count("POST /files") == 1
    assert len(streamed) > 1 and streamed[-1].bytes_sent == 300_000 and streamed[-1].upload_id is None


async def test_async_upload_in_parts(emulator: Emulator, tmp_path: Path) -> None:
    source = sparse(tmp_path / "async.jsonl", 9 * MiB)
    async with ftkit.AsyncClient(api_key=API_KEY, transport=emulator.transport()) as aclient:
        with pytest.raises(Stop):
            await aclient.files.upload(
                source,
                threshold=MiB,
                part_size=MiB,
                max_in_flight=2,
                state_file=tmp_path / "s.json",
                on_progress=stop_after(3),
            )
        before = emulator.request_count(PART)
        uploaded = await aclient.files.upload(
            source, threshold=MiB, part_size=MiB, max_in_flight=2, state_file=tmp_path / "s.json"
        )
    kept_at_stop = 9 - (emulator.request_count(PART) - before)
    assert kept_at_stop >= 3 and emulator.request_count(CREATE) == 1
    with ftkit.Client(api_key=API_KEY, transport=emulator.transport()) as client:
        assert sha256_of_stored(client, uploaded.id) == sha256_of_path(source)


def test_an_upload_that_cannot_resume_is_cancelled_on_interrupt(
    client: ftkit.Client, emulator: Emulator, tmp_path: Path
) -> None:
    source = sparse(tmp_path / "big.jsonl", 12 * MiB)

    def ctrl_c(progress: UploadProgress) -> None:
        if progress.parts_done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        client.files.upload(source, threshold=MiB, part_size=2 * MiB, state_file=None, on_progress=ctrl_c)
    assert emulator.request_count(CANCEL) == 1 and emulator.request_count(COMPLETE) == 0
    # Bytes cannot be read again by a later run either: cancelled too.
    with pytest.raises(KeyboardInterrupt):
        client.files.upload(source.read_bytes(), threshold=MiB, part_size=2 * MiB, on_progress=ctrl_c)
    assert emulator.request_count(CANCEL) == 2
    cancelled = [r for r in emulator.requests if r.endpoint == CANCEL]
    assert all(r.status == 200 for r in cancelled)
    # A resumable one keeps its Upload for the rerun.
    with pytest.raises(KeyboardInterrupt):
        client.files.upload(source, threshold=MiB, part_size=2 * MiB, state_file=tmp_path / "s", on_progress=ctrl_c)
    assert emulator.request_count(CANCEL) == 2 and (tmp_path / "s").exists()


async def test_a_cancelled_async_upload_cancels_its_upload(emulator: Emulator, tmp_path: Path) -> None:
    source = sparse(tmp_path / "big.jsonl", 8 * MiB)
    async with ftkit.AsyncClient(api_key=API_KEY, transport=emulator.transport()) as aclient:
        main = asyncio.current_task()
        assert main is not None

        def cancel_me(progress: ftkit.UploadProgress) -> None:
            if progress.parts_done == 2:
                main.cancel()

        with pytest.raises(asyncio.CancelledError):
            await aclient.files.upload(source, threshold=MiB, part_size=MiB, state_file=None, on_progress=cancel_me)
    assert emulator.request_count(CANCEL) == 1 and emulator.request_count(COMPLETE) == 0


def test_an_expired_upload_is_started_again(client: ftkit.Client, emulator: Emulator, tmp_path: Path) -> None:
    source = sparse(tmp_path / "big.jsonl", 8 * MiB)
    options: dict[str, Any] = {"threshold": MiB, "part_size": MiB, "state_file": tmp_path / "s.json"}
    with pytest.raises(Stop):
        client.files.upload(source, on_progress=stop_after(2), **options)
    emulator.advance(3601)  # past the Upload's hour, on the emulator's clock
    uploaded = client.files.upload(source, **options)
    assert emulator.request_count(CREATE) == 2
    assert sha256_of_stored(client, uploaded.id) == sha256_of_path(source)


def test_the_default_state_file_is_in_the_user_cache(
    client: ftkit.Client, emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = sparse(tmp_path / "big.jsonl", 4 * MiB)
    with pytest.raises(Stop):
        client.files.upload(source, threshold=MiB, part_size=MiB, on_progress=stop_after(1))
    states = list((tmp_path / "cache" / "ftkit" / "uploads").glob("*.json"))
    assert len(states) == 1
    client.files.upload(source, threshold=MiB, part_size=MiB)
    assert emulator.request_count(CREATE) == 1 and not states[0].exists()


def test_caps_are_checked_before_any_request(client: ftkit.Client, emulator: Emulator, tmp_path: Path) -> None:
    huge = sparse(tmp_path / "huge.jsonl", (8 << 30) + 1)
    with pytest.raises(ftkit.ValidationError) as error:
        client.files.upload(huge)
    assert error.value.argument == "file" and "8589934592" in str(error.value)
    over_files_cap = sparse(tmp_path / "600.jsonl", 600 * MiB)
    with pytest.raises(ftkit.ValidationError) as error:
        client.files.upload(over_files_cap, threshold=None)
    assert error.value.argument == "file" and "512" not in str(error.value.argument)
    for name, value in [
        ("threshold", 513 * MiB),
        ("part_size", 64 * MiB + 1),
        ("part_size", 0),
        ("max_in_flight", 0),
        ("state_file", 3),
        ("on_progress", "print"),
    ]:
        with pytest.raises(ftkit.ValidationError) as error:
            client.files.upload(over_files_cap, **{name: value})
        assert error.value.argument == name
    assert emulator.request_count() == 0


@pytest.mark.parametrize(("status", "looks"), [(None, 1), (500, 5), (503, 2)])
def test_a_retried_plain_upload_leaves_one_file(
    client: ftkit.Client, emulator: Emulator, tmp_path: Path, status: int | None, looks: int
) -> None:
    # A dropped answer: the server stored the file but the client never heard (the first look
    # finds it). A 500: it did not, and the guard looks for the policy's lookup_patience (5 s:
    # at 0, 0.5, 1.5, 3.5 and 5 s) before sending again, as a job's create does. A 503 that
    # says Retry-After 0.2: it looks now and after the 0.2 s the server asks for.
    if status is None:
        emulator.inject("POST /files", drop=True, times=1)
    else:
        emulator.inject("POST /files", status=status, times=1, retry_after=0.2 if status == 503 else None)
    source = tmp_path / "train.jsonl"
    source.write_bytes(b'{"a": 1}\n' * 100)
    uploaded = client.files.upload(source)
    assert emulator.request_count("GET /files") == looks  # looked before sending again
    assert [f.id for f in client.files.list()] == [uploaded.id]
    assert emulator.request_count("POST /files") == (1 if status is None else 2)


class StoredThen(httpx.BaseTransport):
    """The emulator behind a server that stores the first upload and then answers ``status``
    (a proxy's 408, a 409): the request took effect though the answer says it failed."""

    def __init__(self, emulator: Emulator, status: int) -> None:
        self.inner, self.status, self.virtual_clock = emulator.transport(), status, emulator

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.method == "POST" and request.url.path.endswith("/files") and self.status:
            response.read()
            status, self.status = self.status, 0
            return httpx.Response(status, json={"error": {"message": f"status {status} after storing"}})
        return response


@pytest.mark.parametrize("status", [408, 409])
def test_an_upload_answered_408_or_409_after_storing_leaves_one_file(
    emulator: Emulator, tmp_path: Path, status: int
) -> None:
    # One ambiguity rule for every guard (RetryPolicy.ambiguous): a 408 or a 409 may come after
    # the request took effect, for a file as for a job.
    source = tmp_path / "train.jsonl"
    source.write_bytes(b'{"a": 1}\n' * 100)
    with ftkit.Client(api_key=API_KEY, transport=StoredThen(emulator, status)) as client:
        uploaded = client.files.upload(source)
        assert [f.id for f in client.files.list()] == [uploaded.id]
    assert emulator.request_count("POST /files") == 1


def test_parts_complete_and_cancel_retry_as_the_client_says(emulator: Emulator, tmp_path: Path) -> None:
    # Each request of an Upload gets the client's max_retries: parts, complete (2 before, whatever
    # the client said) and the cancel (1 before).
    source = sparse(tmp_path / "big.jsonl", 3 * MiB)
    with ftkit.Client(api_key=API_KEY, transport=emulator.transport(), max_retries=4) as client:
        emulator.inject(PART, status=500, times=4)
        emulator.inject(COMPLETE, status=429, times=4)
        uploaded = client.files.upload(source, threshold=MiB, part_size=MiB, state_file=None)
        assert [f.id for f in client.files.list()] == [uploaded.id]
        assert emulator.request_count(PART) == 3 + 4 and emulator.request_count(COMPLETE) == 1 + 4
        emulator.clear_faults()
        emulator.inject(COMPLETE, status=400, times=1)  # refused: the Upload is cancelled...
        emulator.inject(CANCEL, status=503, times=3)  # ...however often the cancel must be retried
        with pytest.raises(ftkit.BadRequestError):
            client.files.upload(source, threshold=MiB, part_size=MiB, state_file=None)
        assert emulator.request_count(CANCEL) == 4
        with pytest.raises(ftkit.RateLimitError):
            emulator.inject(COMPLETE, status=429, times=2)
            client.with_options(max_retries=1).files.upload(source, threshold=MiB, part_size=MiB, state_file=None)


def test_a_dropped_complete_is_found_not_repeated(client: ftkit.Client, emulator: Emulator, tmp_path: Path) -> None:
    emulator.inject(COMPLETE, drop=True, times=1)
    source = sparse(tmp_path / "big.jsonl", 3 * MiB)
    uploaded = client.files.upload(source, threshold=MiB, part_size=MiB, state_file=None)
    assert emulator.request_count(COMPLETE) == 1 and [f.id for f in client.files.list()] == [uploaded.id]


# -- the emulator's Uploads API ----------------------------------------------------------------------


@pytest.fixture
def http(emulator: Emulator) -> Iterator[httpx.Client]:
    with httpx.Client(
        transport=emulator.transport(),
        base_url="https://api.openai.com/v1",
        headers={"Authorization": f"Bearer {API_KEY}"},
    ) as http:
        yield http


def new_upload(http: httpx.Client, size: int, filename: str = "x.jsonl") -> str:
    answer = http.post(
        "/uploads", json={"filename": filename, "purpose": "fine-tune", "bytes": size, "mime_type": "text/jsonl"}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "pending"
    return str(answer.json()["id"])


def add(http: httpx.Client, upload_id: str, data: bytes) -> httpx.Response:
    return http.post(f"/uploads/{upload_id}/parts", files={"data": ("blob", data)})


def test_emulator_checks_md5_bytes_and_keeps_the_part_order(http: httpx.Client) -> None:
    upload_id = new_upload(http, 6)
    first, second = add(http, upload_id, b"abc").json()["id"], add(http, upload_id, b"def").json()["id"]
    wrong = http.post(f"/uploads/{upload_id}/complete", json={"part_ids": [first, second], "md5": "0" * 32})
    assert wrong.status_code == 400 and wrong.json()["error"]["param"] == "md5"
    short = http.post(f"/uploads/{upload_id}/complete", json={"part_ids": [second]})
    assert short.status_code == 400 and "6 bytes" in short.json()["error"]["message"]
    md5 = hashlib.md5(b"defabc").hexdigest()
    done = http.post(f"/uploads/{upload_id}/complete", json={"part_ids": [second, first], "md5": md5})
    assert done.status_code == 200 and done.json()["status"] == "completed"
    stored = done.json()["file"]
    assert stored["bytes"] == 6 and http.get(f"/files/{stored['id']}/content").content == b"defabc"
    assert add(http, upload_id, b"x").status_code == 400  # no parts after completion


def test_emulator_limits_expiry_and_cancel(http: httpx.Client, emulator: Emulator) -> None:
    too_big = http.post(
        "/uploads",
        json={"filename": "x.jsonl", "purpose": "fine-tune", "bytes": (8 << 30) + 1, "mime_type": "text/jsonl"},
    )
    assert too_big.status_code == 400 and too_big.json()["error"]["param"] == "bytes"
    upload_id = new_upload(http, 100 * MiB)
    assert add(http, upload_id, b"\0" * (64 * MiB + 1)).status_code == 413
    assert add(http, upload_id, b"\0" * (64 * MiB)).status_code == 200
    cancelled = http.post(f"/uploads/{upload_id}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert add(http, upload_id, b"x").status_code == 400
    later = new_upload(http, 1)
    emulator.advance(3600)
    assert add(http, later, b"x").status_code == 400
    assert http.post(f"/uploads/{later}/cancel").status_code == 400  # expired: nothing to cancel
    assert http.post("/uploads/upload_nope/complete", json={"part_ids": []}).status_code == 404


def test_a_sped_up_clock_keeps_an_upload_for_an_hour_of_real_time() -> None:
    # The clock's source is driven by hand: "real" seconds pass only when the test says so.
    real = [0.0]
    emulator = Emulator(speed=2000, clock=lambda: real[0], api_key=API_KEY)
    auth = {"Authorization": f"Bearer {API_KEY}"}
    base_url = "https://api.openai.com/v1"
    with emulator, httpx.Client(transport=emulator.transport(), base_url=base_url, headers=auth) as http:
        upload = http.post(
            "/uploads", json={"filename": "x.jsonl", "purpose": "fine-tune", "bytes": 2, "mime_type": "text/jsonl"}
        ).json()
        assert upload["expires_at"] - upload["created_at"] == 2000 * 3600
        real[0] = 60.0  # a minute: 33 emulated hours at this speed
        assert add(http, upload["id"], b"a").status_code == 200
        real[0] = 3599.0
        assert add(http, upload["id"], b"b").status_code == 200
        real[0] = 3601.0
        assert add(http, upload["id"], b"c").status_code == 400  # the real hour has passed


# -- the command line ------------------------------------------------------------------------------


def test_cli_uploads_in_parts_with_a_progress_bar(emulator: Emulator, tmp_path: Path) -> None:
    source = sparse(tmp_path / "big.jsonl", 3 * MiB)
    with emulator.serve() as server:
        args = ["--base-url", server.base_url, "--api-key", API_KEY, "files", "upload", str(source)]
        options = ["--threshold", "1", "--part-size", "0.5", "--parallel", "2", "--no-resume", "--json"]
        result = CliRunner().invoke(cli, [*args, *options, "--progress"], env={"COLUMNS": "100"})
        assert result.exit_code == 0, result.output
        assert emulator.request_count(PART) == 6 and emulator.request_count(CREATE) == 1
        assert "uploading big.jsonl" in result.output  # the bar (transient, but drawn at least once)
        bad = CliRunner().invoke(cli, [*args, "--part-size", "65"])
        assert bad.exit_code == 2 and "--part-size" in bad.output


def test_the_one_list_of_purposes_is_the_specs() -> None:
    # ftkit._calls writes them out (the request models are imported on first use only): every
    # purpose of a file, each marked with whether an Upload takes it.
    from ftkit._calls import PURPOSES
    from ftkit_api.models.create_file_request_purpose import CreateFileRequestPurpose
    from ftkit_api.models.create_upload_request_purpose import CreateUploadRequestPurpose

    assert tuple(PURPOSES) == tuple(sorted(p.value for p in CreateFileRequestPurpose))
    assert tuple(p for p, in_parts in PURPOSES.items() if in_parts) == tuple(
        sorted(p.value for p in CreateUploadRequestPurpose)
    )


# -- reading the parts: off the event loop, one pass, memory bounded ---------------------------------


class WatchedFile:
    """A binary file object (what ``files.upload`` also takes) that notes the thread of every read
    and how many bytes were read in all."""

    def __init__(self, data: bytes) -> None:
        import io
        import threading

        self._inner = io.BytesIO(data)
        self._threading = threading
        self.name = "watched.jsonl"
        self.readers: set[str] = set()
        self.read_bytes = 0

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._inner.seek(offset, whence)

    def tell(self) -> int:
        return self._inner.tell()

    def read(self, size: int = -1) -> bytes:
        data = self._inner.read(size)
        self.readers.add(self._threading.current_thread().name)
        self.read_bytes += len(data)
        return data


def varied(size: int) -> bytes:
    """``size`` bytes that differ everywhere (a part out of place changes the md5)."""
    block = hashlib.sha256(b"seed").digest() * (1 << 12)
    return b"".join(hashlib.sha256(block + bytes([i])).digest() * 4096 for i in range(size // (128 << 10) + 1))[:size]


async def test_async_parts_are_read_off_the_event_loop_in_one_pass(emulator: Emulator) -> None:
    import threading

    data = varied(6 * MiB + 17)
    watched = WatchedFile(data)
    async with ftkit.AsyncClient(api_key=API_KEY, transport=emulator.transport()) as aclient:
        uploaded = await aclient.files.upload(watched, threshold=MiB, part_size=MiB, max_in_flight=3)
    assert uploaded.bytes_ == len(data) and emulator.request_count(PART) == 7
    # Every part was read by a worker thread, never by the event loop's, and each byte once
    # (the md5 the emulator checked on complete came from those reads).
    assert threading.current_thread().name not in watched.readers and watched.readers
    assert watched.read_bytes == len(data)


def test_parts_read_out_of_order_still_make_the_files_md5(emulator: Emulator) -> None:
    # Eight parts at a time from one file: their reads finish in any order; the md5 the emulator
    # checks is still the file's (a wrong one is a 400 on complete).
    data = varied(5 * MiB + 3)
    watched = WatchedFile(data)
    with ftkit.Client(api_key=API_KEY, transport=emulator.transport()) as client:
        uploaded = client.files.upload(watched, threshold=1, part_size=64 << 10, max_in_flight=8)
        assert sha256_of_stored(client, uploaded.id) == hashlib.sha256(data).hexdigest()
    assert emulator.request_count(PART) == 81 and watched.read_bytes == len(data)


def test_the_md5_is_the_files_whatever_order_the_parts_are_read_in() -> None:
    import io

    from ftkit.uploads import _Parts

    data = varied(10 * 1000 + 7)
    parts = _Parts(io.BytesIO(data), len(data), 1000)
    for index in (3, 0, 10, 1, 2, 9, 4, 8, 5, 7, 6):  # every part, read in a shuffled order
        assert parts.read(index) == data[index * 1000 : (index + 1) * 1000]
    assert parts.md5() == hashlib.md5(data).hexdigest()
