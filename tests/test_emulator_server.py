"""The HTTP edge: ``python -m ftkit.emulator``, its ``main(argv)``, and HTTP details of the server."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import re
import signal
import socket
import subprocess
import sys
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
)
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
        base_url = served_at(process)
        with httpx.Client(base_url=base_url, timeout=PROCESS_BOUND) as client:
            wrong = client.get("/fine_tuning/jobs", headers={"Authorization": "Bearer sk-wrong"})
            assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_api_key"
            right = client.get("/fine_tuning/jobs", headers={"Authorization": "Bearer sk-secret"})
            assert right.status_code == 200 and right.json()["data"] == []
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=PROCESS_BOUND) == 0
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


def test_kept_alive_answers_are_not_held_back_by_nagle(emulator_server: EmulatorServer) -> None:
    # An answer leaving in two writes (head, then a streamed body) would wait for the client's
    # delayed ACK, about 40 ms, on a kept-alive connection: the server turns Nagle off on each
    # connection it accepts. Read on the server's end of this client's connection.
    with httpx.Client(base_url=emulator_server.base_url, headers={"Authorization": "Bearer k"}) as client:
        for _ in range(3):
            answer = client.get("/fine_tuning/jobs")
            assert answer.status_code == 200
        client_end = answer.extensions["network_stream"].get_extra_info("client_addr")
        ours = [s for s in _server_sockets(emulator_server.port) if s.getpeername() == client_end]
        assert len(ours) == 1, "the server's end of the connection was not found"
        assert ours[0].getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def _server_sockets(port: int) -> list[Any]:
    """The sockets of connections the in-process server accepted on ``port`` (its asyncio transports')."""
    found = []
    for obj in gc.get_objects():
        if isinstance(obj, asyncio.Transport) and not obj.is_closing():
            sock = obj.get_extra_info("socket")
            if sock is not None and sock.family == socket.AF_INET and sock.getsockname()[1] == port:
                found.append(sock)
    return found


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
        httpx.get(server.base_url + "/files", timeout=PROCESS_BOUND)


def raw_exchange(port: int, request: bytes) -> bytes:
    """Send bytes no HTTP client would send; read until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=PROCESS_BOUND) as sock:
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
