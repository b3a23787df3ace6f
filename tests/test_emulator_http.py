"""The served emulator as an HTTP server: streamed and chunked bodies with bounded memory, slow
clients, bursts, oversized and malformed requests, errors always in the API's JSON shape, and
the official Node SDK's streamed upload."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest_emulator import (  # noqa: F401  (fixtures, used by name)
    PROCESS_BOUND,
    emulator_fixture,
    emulator_server_fixture,
    served_at,
    training_file,
)
from ftkit.emulator import Emulator, EmulatorServer, Response

ROOT = Path(__file__).resolve().parents[1]
AUTH = {"Authorization": "Bearer sk-test"}
BOUNDARY = "ftkit-test-boundary"


def multipart(content: Iterator[bytes], filename: str = "train.jsonl", purpose: str = "fine-tune") -> Iterator[bytes]:
    """A multipart/form-data body, generated as it is sent (no length known: httpx sends it chunked)."""
    yield (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\n{purpose}\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    yield from content
    yield f"\r\n--{BOUNDARY}--\r\n".encode()


def exchange(port: int, request: bytes, *, timeout: float = PROCESS_BOUND) -> tuple[bytes, dict[str, object]]:
    """Send raw bytes no HTTP client would send; the status line and headers, and the JSON body."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        length = int(re.search(rb"content-length: (\d+)", head, re.IGNORECASE).group(1))  # type: ignore[union-attr]
        while len(body) < length:
            body += sock.recv(65536)
    return head, json.loads(body)


# -- bodies ---------------------------------------------------------------------------------------


def test_a_chunked_multipart_upload_is_stored_whole(emulator_server: EmulatorServer) -> None:
    content = training_file(200)
    # Pieces of awkward sizes, so the boundary and the part headers fall across chunk borders.
    pieces = [content[i : i + 7] for i in range(0, len(content), 7)]
    with httpx.Client(base_url=emulator_server.base_url, headers=AUTH) as client:
        response = client.post(
            "/files",
            content=multipart(iter(pieces)),
            headers={"content-type": f"multipart/form-data; boundary={BOUNDARY}"},
        )
        assert response.request.headers["transfer-encoding"] == "chunked"
        assert response.status_code == 200, response.text
        uploaded = response.json()
        assert (uploaded["bytes"], uploaded["filename"]) == (len(content), "train.jsonl")
        assert uploaded["purpose"] == "fine-tune"
        assert client.get(f"/files/{uploaded['id']}/content").content == content
        job = client.post("/fine_tuning/jobs", json={"model": "gpt-4o-mini", "training_file": uploaded["id"]})
        assert job.status_code == 200


def _serve_subprocess(*args: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "ftkit.emulator", "--port", "0", *args], stderr=subprocess.PIPE, text=True
    )
    return process, served_at(process)


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM in /proc")


@pytest.mark.heavy
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc (Linux)")
def test_a_600_mb_upload_streams_to_disk_with_the_server_memory_bounded() -> None:
    size = 600 * 1024 * 1024
    messages = [{"role": "user", "content": "x" * 200}, {"role": "assistant", "content": "y"}]
    line = json.dumps({"messages": messages}).encode() + b"\n"
    block = line * ((1 << 20) // len(line))

    def content() -> Iterator[bytes]:
        sent = 0
        while sent < size:
            piece = block[: size - sent]
            sent += len(piece)
            yield piece

    # The API takes files up to 512 MB; the limit is raised for this one.
    process, base_url = _serve_subprocess("--max-file-size", "1G")
    try:
        response = httpx.post(
            f"{base_url}/files",
            content=multipart(content(), "big.jsonl"),
            headers={**AUTH, "content-type": f"multipart/form-data; boundary={BOUNDARY}"},
            timeout=PROCESS_BOUND,
        )
        assert response.status_code == 200, response.text
        assert response.json()["bytes"] == size
        peak = _peak_rss_mb(process.pid)
        assert peak < 150, f"the server's peak memory was {peak:.0f} MB for a 600 MB upload"
    finally:
        process.send_signal(signal.SIGINT)
        # Removing the 600 MB it stored is slow on a busy disk (seen past 20 s).
        assert process.wait(timeout=PROCESS_BOUND) == 0
        assert process.stderr is not None
        process.stderr.close()


def test_a_body_over_the_limit_is_refused_by_its_declared_length(emulator_server: EmulatorServer) -> None:
    # Content-Length: 10**13 is answered at once, before any of the body is sent.
    for target, length in (("/v1/files", 10**13), ("/v1/files", 600 * 1024 * 1024), ("/v1/fine_tuning/jobs", 10**13)):
        head, body = exchange(
            emulator_server.port,
            f"POST {target} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nContent-Length: {length}\r\n"
            "Content-Type: application/json\r\n\r\n".encode(),
        )
        assert head.startswith(b"HTTP/1.1 413"), head
        assert b"content-type: application/json" in head.lower()
        assert body["error"]["code"] == "request_too_large"  # type: ignore[index]
        assert str(length) in body["error"]["message"]  # type: ignore[index]
    assert emulator_server.emulator.requests[-1].status == 413


def test_a_chunked_body_over_the_limit_gets_413_as_it_passes_it() -> None:
    emulator = Emulator(clock="manual", max_file_size=1 << 20)
    with emulator.serve() as server, httpx.Client(base_url=server.base_url, headers=AUTH) as client:
        response = client.post(
            "/files",
            content=multipart(iter([b"x" * (1 << 20)] * 3)),
            headers={"content-type": f"multipart/form-data; boundary={BOUNDARY}"},
        )
        assert response.status_code == 413 and response.json()["error"]["code"] == "request_too_large"
        assert client.get("/files").json()["data"] == []
    emulator.close()


def test_expect_100_continue_is_answered(emulator_server: EmulatorServer) -> None:
    body = b'{"grader": {"type": "string_check", "name": "x", "input": "a", "reference": "a", "operation": "eq"}}'
    with socket.create_connection(("127.0.0.1", emulator_server.port), timeout=PROCESS_BOUND) as sock:
        sock.sendall(
            b"POST /v1/fine_tuning/alpha/graders/validate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n"
            b"Content-Type: application/json\r\nExpect: 100-continue\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
        )
        assert sock.recv(1024).startswith(b"HTTP/1.1 100")
        sock.sendall(body)
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")


# -- slow clients, bursts, long requests ----------------------------------------------------------


def test_a_client_sending_its_headers_a_byte_at_a_time_delays_no_one(emulator_server: EmulatorServer) -> None:
    request = b"GET /v1/files HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n\r\n"
    emulator = emulator_server.emulator
    with socket.create_connection(("127.0.0.1", emulator_server.port), timeout=PROCESS_BOUND) as slow:
        # Between two bytes of the slow client's head, other clients are answered, each on a
        # fresh connection (accepting must not wait either). Were the server held up by the
        # slow client, they would wait for its head to end, which comes only after them.
        for byte in request[:3]:
            slow.sendall(bytes([byte]))
            for _ in range(5):
                with httpx.Client(base_url=emulator_server.base_url, headers=AUTH, timeout=PROCESS_BOUND) as client:
                    assert client.get("/files").status_code == 200
        assert emulator.request_count("GET /files") == 15
        slow.sendall(request[3:])
        assert slow.recv(65536).startswith(b"HTTP/1.1 200")
    assert emulator.request_count("GET /files") == 16


class _Grading(Emulator):
    """The emulator, telling when a grader run enters its handler and when it leaves it (the
    handler itself runs unchanged)."""

    def __init__(self) -> None:
        super().__init__(clock="manual")
        self.entered, self.left = threading.Event(), threading.Event()

    def handle(self, method: str, path: str, *args: Any, **kwargs: Any) -> Response:
        grading = path.endswith("/graders/run")
        if grading:
            self.entered.set()
        try:
            return super().handle(method, path, *args, **kwargs)
        finally:
            if grading:
                self.left.set()


def test_a_long_grader_request_holds_up_no_one() -> None:
    words = " ".join(f"w{i % 997}" for i in range(1500))  # rouge_l on these: a fraction of a second of work
    grader = {
        "type": "text_similarity",
        "name": "slow",
        "input": "{{sample.output_text}}",
        "reference": "{{item.reference}}",
        "evaluation_metric": "rouge_l",
    }
    answered: list[int] = []

    def long_request() -> None:
        with httpx.Client(base_url=server.base_url, headers=AUTH, timeout=PROCESS_BOUND) as slow_client:
            body = {"grader": grader, "item": {"reference": words[::-1]}, "model_sample": words}
            assert slow_client.post("/fine_tuning/alpha/graders/run", json=body).status_code == 200

    emulator = _Grading()
    with emulator, emulator.serve() as server, httpx.Client(base_url=server.base_url, headers=AUTH) as client:
        thread = threading.Thread(target=long_request)
        thread.start()
        assert emulator.entered.wait(PROCESS_BOUND), "the grader request never reached the emulator"
        # Short requests (each takes the state lock), counted while the grader run is in its handler.
        while not emulator.left.is_set():
            assert client.get("/fine_tuning/jobs").status_code == 200
            answered.append(int(not emulator.left.is_set()))
        thread.join()
    # Held up, the first one would have waited for the whole run and been answered after it.
    assert sum(answered) >= 3, f"only {sum(answered)} short requests were answered while a grader ran"


def test_the_listen_backlog_holds_a_burst_of_50_connections() -> None:
    emulator = Emulator(clock="manual")
    server = EmulatorServer(emulator)  # listening, not yet accepting: the kernel queues the burst
    sockets = []
    try:
        for _ in range(50):
            sockets.append(socket.create_connection(("127.0.0.1", server.port), timeout=PROCESS_BOUND))
        server.start()
        for sock in sockets:
            sock.sendall(b"GET /v1/files HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n\r\n")
        for sock in sockets:
            assert sock.recv(65536).startswith(b"HTTP/1.1 200")
    finally:
        for sock in sockets:
            sock.close()
        server.close()
        emulator.close()


# -- malformed requests: JSON errors, never HTML ---------------------------------------------------


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"NOT A REQUEST\r\n\r\n", 400),
        (b"GET /v1/files HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (70 << 10) + b"\r\n\r\n", 431),
        (b"POST /v1/files HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked, br\r\n\r\n", 501),
        (b"GET /v1/nowhere HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n\r\n", 404),
        (b"PATCH /v1/files HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n\r\n", 405),
        (b"GET /v1/files HTTP/1.1\r\nHost: x\r\n\r\n", 401),
    ],
)
def test_errors_are_json_in_the_api_shape(emulator_server: EmulatorServer, request_bytes: bytes, status: int) -> None:
    head, body = exchange(emulator_server.port, request_bytes)
    assert head.startswith(f"HTTP/1.1 {status}".encode()), head
    assert b"content-type: application/json" in head.lower()
    assert set(body["error"]) == {"message", "type", "param", "code"}  # type: ignore[arg-type]


def test_deeply_nested_json_and_huge_numbers_get_400(emulator_server: EmulatorServer) -> None:
    nested = b'{"grader": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    bodies = [
        nested,
        b'{"grader": ' + b'{"a": ' * 70 + b"1" + b"}" * 70 + b"}",
        b'{"model": "gpt-4o-mini", "training_file": "file-x", "seed": ' + b"9" * 5000 + b"}",
        b'{"model": "gpt-4o-mini", "training_file": "file-x", "seed": 1e999}',
        b'{"model": "gpt-4o-mini", "training_file": "file-x", "seed": NaN}',
    ]
    with httpx.Client(base_url=emulator_server.base_url, headers={**AUTH, "content-type": "application/json"}) as c:
        for body in bodies:
            for path in ("/fine_tuning/jobs", "/fine_tuning/alpha/graders/validate"):
                response = c.post(path, content=body)
                assert response.status_code == 400, (path, body[:60], response.text)
                assert response.json()["error"]["type"] == "invalid_request_error"
        assert c.get("/files").status_code == 200


@pytest.mark.parametrize("flavor", ["openai", "azure"])
def test_a_limit_of_5000_digits_is_a_400_in_both_flavours(flavor: str) -> None:
    # Python reads no integer of more than 4,300 digits: that must not become a 500.
    emulator = Emulator(clock="manual", flavor=flavor)
    headers = {"Authorization": "Bearer k", "api-key": "k"}
    version = "&api-version=2024-10-21" if flavor == "azure" else ""
    prefix = emulator.flavor.prefix
    for path in ("/fine_tuning/jobs", "/files", "/fine_tuning/jobs/ftjob-x/events"):
        for digits in ("9" * 5000, "-" + "9" * 5000):
            answer = emulator.handle("GET", f"{prefix}{path}?limit={digits}{version}", headers=headers)
            assert answer.status == 400, (flavor, path, answer.body[:200])
            message = json.loads(answer.body)["error"]["message"]
            assert "'limit'" in message and len(message) < 200
    for path in ("/fine_tuning/jobs", "/files"):  # leading zeros: it is 5
        answer = emulator.handle("GET", f"{prefix}{path}?limit={'0' * 5000}5{version}", headers=headers)
        assert answer.status == 200, (flavor, path, answer.body[:200])


def test_a_body_that_never_arrives_gets_408_after_the_read_timeout() -> None:
    emulator = Emulator(clock="manual")
    with emulator.serve(read_timeout=0.3) as server:
        head, body = exchange(
            server.port,
            b"POST /v1/fine_tuning/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
        )
        assert head.startswith(b"HTTP/1.1 408"), head
        assert "did not arrive" in body["error"]["message"]  # type: ignore[index]
        assert emulator.requests[-1].status == 408
        # A chunked body that stops coming gets the same.
        head, _ = exchange(
            server.port,
            b"POST /v1/files HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n5\r\nab",
        )
        assert head.startswith(b"HTTP/1.1 408"), head
    with pytest.raises(ValueError, match="read_timeout"):
        EmulatorServer(emulator, read_timeout=0)
    emulator.close()


def test_a_chunk_announced_larger_than_the_limit_is_refused_before_its_bytes() -> None:
    # The server would otherwise wait for 2**72 bytes; the read timeout is long, so an answer
    # at all (within the socket's 5 s) shows it came before the wait.
    emulator = Emulator(clock="manual")
    with emulator.serve(read_timeout=600) as server:
        for chunk in (b"", b"abc"):
            head, body = exchange(
                server.port,
                b"POST /v1/files HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n" + f"{2**72:x}".encode() + b"\r\n" + chunk,
            )
            assert head.startswith(b"HTTP/1.1 413"), head
            assert body["error"]["code"] == "request_too_large"  # type: ignore[index]
    emulator.close()


def test_a_second_start_is_refused_and_close_is_quiet(
    capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    emulator = Emulator(clock="manual")
    server = emulator.serve()
    with pytest.raises(RuntimeError, match="already serving"):
        server.start()
    with pytest.raises(RuntimeError, match="already serving"):
        server.serve_forever()
    # A connection still open, and one mid-body, while the server closes.
    idle = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    busy = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    busy.sendall(b"POST /v1/files HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nContent-Length: 9\r\n\r\nab")
    assert httpx.get(server.base_url + "/files", headers=AUTH).status_code == 200
    server.close()
    server.close()
    idle.close()
    busy.close()
    with pytest.raises(httpx.ConnectError):
        httpx.get(server.base_url + "/files", timeout=1)
    with pytest.raises(RuntimeError, match="closed"):
        server.start()
    emulator.close()
    captured = capfd.readouterr()
    assert "Error" not in captured.err and "Traceback" not in captured.err, captured.err
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.records


# -- command line ---------------------------------------------------------------------------------


def test_a_bad_log_level_is_a_usage_error_not_a_traceback() -> None:
    for command in ([sys.executable, "-m", "ftkit.emulator"], [sys.executable, "-m", "ftkit.cli"]):
        args = [*command, "--log-level", "bogus"] if "ftkit.emulator" in command else [
            *command, "emulator", "serve", "--log-level", "bogus"
        ]  # fmt: skip
        done = subprocess.run(args, capture_output=True, text=True, timeout=PROCESS_BOUND)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and "bogus" in done.stderr and "DEBUG" in done.stderr


def test_faults_from_the_shell() -> None:
    faults = ("--fault", "GET /files status=503 times=1", "--fault", "GET /fine_tuning/jobs drop")
    process, base_url = _serve_subprocess(*faults)
    try:
        with httpx.Client(base_url=base_url, headers=AUTH) as client:
            assert client.get("/files").status_code == 503
            assert client.get("/files").status_code == 200  # times=1
            with pytest.raises(httpx.RemoteProtocolError):
                client.get("/fine_tuning/jobs")
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=PROCESS_BOUND) == 0
        assert process.stderr is not None
        process.stderr.close()


# -- the official Node SDK ------------------------------------------------------------------------

NODE_UPLOAD = """
const OpenAI = require(process.env.FTKIT_OPENAI_MODULE);
const fs = require("fs");
(async () => {
  const client = new OpenAI();
  const file = await client.files.create({ file: fs.createReadStream(process.argv[1]), purpose: "fine-tune" });
  const job = await client.fineTuning.jobs.create({ model: "gpt-4o-mini", training_file: file.id });
  console.log(JSON.stringify({ file, job }));
})().catch((error) => { console.error(error); process.exit(1); });
"""


def test_the_node_sdk_streams_an_upload(emulator: Emulator, emulator_server: EmulatorServer, tmp_path: Path) -> None:
    node = shutil.which("node")
    module = ROOT / "node_modules" / "openai"
    if node is None or not module.exists():
        pytest.fail("Node and the openai npm package are needed: run ./scripts/test, which installs them with npm")
    path = tmp_path / "train.jsonl"
    path.write_bytes(training_file(12))
    env = {**os.environ, **emulator_server.environ, "FTKIT_OPENAI_MODULE": str(module)}
    done = subprocess.run(
        [node, "-e", NODE_UPLOAD, str(path)], env=env, capture_output=True, text=True, timeout=PROCESS_BOUND
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["file"]["bytes"] == path.stat().st_size
    assert result["job"]["status"] == "validating_files"
    assert emulator.run_until(result["job"]["id"])["status"] == "succeeded"
