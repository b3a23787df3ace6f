"""The HTTP edge: ``python -m ftkit.emulator``, its ``main(argv)``, and HTTP details of the server."""

from __future__ import annotations

import json
import os
import re
import selectors
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest_emulator import emulator_fixture, emulator_server_fixture  # noqa: F401  (fixtures, used by name)
from ftkit.emulator import Emulator, EmulatorServer
from ftkit.emulator.__main__ import build_parser, main

ROOT = Path(__file__).resolve().parents[1]


def test_module_serves_until_interrupted() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "ergonomic"), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ftkit.emulator",
            "--port",
            "0",
            "--api-key",
            "sk-secret",
            "--speed",
            "5",
            "--seed",
            "3",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stderr is not None
        selector = selectors.DefaultSelector()
        selector.register(process.stderr, selectors.EVENT_READ)
        base_url = None
        deadline = time.monotonic() + 15
        while base_url is None and time.monotonic() < deadline:
            if selector.select(timeout=0.5):
                line = process.stderr.readline()
                found = re.search(r"serving at (http://\S+/v1)", line)
                base_url = found.group(1) if found else None
        assert base_url, "the server never said where it listens"
        with httpx.Client(base_url=base_url) as client:
            wrong = client.get("/fine_tuning/jobs", headers={"Authorization": "Bearer sk-wrong"})
            assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_api_key"
            right = client.get("/fine_tuning/jobs", headers={"Authorization": "Bearer sk-secret"})
            assert right.status_code == 200 and right.json()["data"] == []
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


def test_main_rejects_a_bad_speed() -> None:
    assert main(["--speed", "0"]) == 2


def test_main_reports_a_busy_port(emulator_server: EmulatorServer) -> None:
    assert main(["--port", str(emulator_server.port)]) == 1


def test_undeclared_methods_get_405_with_allow(emulator_server: EmulatorServer) -> None:
    headers = {"Authorization": "Bearer k"}
    with httpx.Client(base_url=emulator_server.base_url, headers=headers) as client:
        for method in ("PATCH", "QUERY", "HEAD"):
            response = client.request(method, "/files")
            assert response.status_code == 405, method
            assert response.headers["allow"] == "GET, POST"
        assert client.request("HEAD", "/files").content == b""
        assert client.get("/files").status_code == 200  # the kept-alive connection is still usable


def test_chunked_bodies_are_read(emulator_server: EmulatorServer) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"grader": {"type": "string_check", "name": "x", "input": "{{sample.output_text}}", '
        yield b'"reference": "a", "operation": "eq"}}'

    with httpx.Client(base_url=emulator_server.base_url, headers={"Authorization": "Bearer k"}) as client:
        response = client.post("/fine_tuning/alpha/graders/validate", content=chunks())
        assert response.request.headers["transfer-encoding"] == "chunked"
        assert response.status_code == 200, response.text
        assert response.json()["grader"]["name"] == "x"
        assert client.get("/files").status_code == 200  # the kept-alive connection serves on


def test_kept_alive_answers_are_fast(emulator_server: EmulatorServer) -> None:
    # Guards against the ~40 ms Nagle/delayed-ACK stall per answer on a kept-alive connection.
    with httpx.Client(base_url=emulator_server.base_url, headers={"Authorization": "Bearer k"}) as client:
        client.get("/files")
        started = time.perf_counter()
        for _ in range(100):
            assert client.get("/fine_tuning/jobs").status_code == 200
        assert time.perf_counter() - started < 2.0


def test_server_and_transport_share_one_state(emulator: Emulator, emulator_server: EmulatorServer) -> None:
    headers = {"Authorization": "Bearer k"}
    with (
        httpx.Client(base_url=emulator_server.base_url, headers=headers) as remote,
        httpx.Client(transport=emulator.transport(), base_url="http://local/v1", headers=headers) as local,
    ):
        uploaded = remote.post("/files", files={"file": ("a.jsonl", b"{}")}, data={"purpose": "user_data"}).json()
        assert local.get(f"/files/{uploaded['id']}").json() == uploaded


def test_server_base_url_and_close() -> None:
    server = Emulator(clock="manual").serve()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/v1", server.base_url)
    server.close()
    with pytest.raises(httpx.ConnectError):
        httpx.get(server.base_url + "/files", timeout=1)


def raw_exchange(port: int, request: bytes) -> bytes:
    """Send bytes no HTTP client would send; read until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_unreadable_content_length_is_a_json_400(emulator_server: EmulatorServer) -> None:
    answer = raw_exchange(
        emulator_server.port,
        b"POST /v1/files HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nContent-Length: ten\r\n\r\n",
    )
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400")
    assert b"content-type: application/json" in head.lower()
    error = json.loads(body)["error"]
    assert error["type"] == "invalid_request_error" and "Content-Length" in error["message"]


def test_one_definition_of_the_serve_options() -> None:
    from ftkit.cli._tools import serve
    from ftkit.emulator._options import OPTIONS

    module_flags = {a.option_strings[0] for a in build_parser()._actions if a.option_strings[0] != "-h"}
    click_flags = {p.opts[0] for p in serve.params if p.opts[0] != "--help"}
    assert module_flags == click_flags == {o.flag for o in OPTIONS}
