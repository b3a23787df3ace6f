"""Injected faults: error statuses, slow answers and dropped connections, in-process and over HTTP."""

from __future__ import annotations

import time

import httpx
import pytest
from conftest_emulator import (  # noqa: F401  (fixtures, used by name)
    API_KEY,
    emulator_client_fixture,
    emulator_fixture,
    emulator_server_fixture,
    training_file,
    upload,
)
from ftkit.emulator import Emulator, EmulatorServer

CREATE = "POST /fine_tuning/jobs"


def job_count(client: httpx.Client) -> int:
    return len(client.get("/fine_tuning/jobs").json()["data"])


def test_429_with_retry_after_then_success(emulator: Emulator, emulator_client: httpx.Client) -> None:
    training = upload(emulator_client, training_file())
    fault = emulator.inject(CREATE, status=429, retry_after=1.5, times=2)
    body = {"model": "gpt-4o-mini", "training_file": training}
    for _ in range(2):
        response = emulator_client.post("/fine_tuning/jobs", json=body)
        assert response.status_code == 429
        assert response.headers["retry-after"] == "1.5"
        assert response.headers["retry-after-ms"] == "1500"
        error = response.json()["error"]
        assert (error["type"], error["code"]) == ("requests", "rate_limit_exceeded")
    assert job_count(emulator_client) == 0  # a rejected request changes nothing
    assert emulator_client.post("/fine_tuning/jobs", json=body).status_code == 200
    assert fault.fired == 2 and fault.exhausted
    assert job_count(emulator_client) == 1
    faults = [r.fault for r in emulator.requests if r.endpoint == CREATE]
    assert faults == ["status=429", "status=429", None]


def test_faults_hit_only_their_endpoint(emulator: Emulator, emulator_client: httpx.Client) -> None:
    emulator.inject("GET /files", status=500)
    response = emulator_client.get("/files")
    assert response.status_code == 500
    assert response.json()["error"]["type"] == "server_error"
    assert emulator_client.get("/fine_tuning/jobs").status_code == 200


def test_fault_on_every_endpoint_and_clearing(emulator: Emulator, emulator_client: httpx.Client) -> None:
    emulator.inject(status=503)
    assert emulator_client.get("/files").status_code == 503
    assert emulator_client.get("/fine_tuning/jobs").status_code == 503
    assert emulator_client.get("/assistants").status_code == 404  # no endpoint, no fault
    emulator.clear_faults()
    assert emulator_client.get("/files").status_code == 200


def test_client_error_status_can_be_injected(emulator: Emulator, emulator_client: httpx.Client) -> None:
    emulator.inject("GET /files", status=409, times=1)
    response = emulator_client.get("/files")
    assert response.status_code == 409 and response.json()["error"]["code"] == "injected_fault"


def test_rate_is_seeded_and_roughly_right() -> None:
    def pattern(seed: int) -> list[int]:
        emulator = Emulator(clock="manual", seed=seed)
        emulator.inject("GET /files", status=500, rate=0.3)
        headers = {"Authorization": "Bearer k"}
        return [emulator.handle("GET", "/v1/files", headers=headers).status for _ in range(200)]

    first = pattern(3)
    assert first == pattern(3)
    assert first != pattern(4)
    assert 30 <= first.count(500) <= 90


def test_slow_answer(emulator: Emulator, emulator_client: httpx.Client, real_sleeps: list[float]) -> None:
    fault = emulator.inject("GET /files", delay=0.3, times=1)
    started = time.perf_counter()
    assert emulator_client.get("/files").status_code == 200
    assert time.perf_counter() - started >= 0.3
    emulator_client.get("/files")
    # Once only: the second answer was not held back.
    assert fault.fired == 1 and real_sleeps == [0.3]
    assert [r.fault for r in emulator.requests] == ["delay=0.3", None]


def test_slow_answer_past_the_read_timeout_still_changes_state(
    emulator: Emulator, emulator_client: httpx.Client, real_sleeps: list[float]
) -> None:
    training = upload(emulator_client, training_file())
    emulator.inject(CREATE, delay=5.0, times=1)
    with pytest.raises(httpx.ReadTimeout):
        emulator_client.post(
            "/fine_tuning/jobs", json={"model": "gpt-4o-mini", "training_file": training}, timeout=httpx.Timeout(0.2)
        )
    assert real_sleeps == [0.2]  # the transport gave up at the timeout, not after 5 s
    assert job_count(emulator_client) == 1  # the server had processed it: a retry would duplicate it


def test_dropped_answer_after_processing(emulator: Emulator, emulator_client: httpx.Client) -> None:
    training = upload(emulator_client, training_file())
    emulator.inject(CREATE, drop=True, times=1)
    with pytest.raises(httpx.RemoteProtocolError):
        emulator_client.post("/fine_tuning/jobs", json={"model": "gpt-4o-mini", "training_file": training})
    assert job_count(emulator_client) == 1
    assert emulator.requests[-2].fault == "drop"


async def test_async_transport_faults(emulator: Emulator) -> None:
    emulator.inject("GET /files", delay=0.2, times=1)
    emulator.inject("GET /files", drop=True, times=1)
    headers = {"Authorization": f"Bearer {API_KEY}"}
    async with httpx.AsyncClient(transport=emulator.transport(), base_url="http://x/v1", headers=headers) as client:
        started = time.perf_counter()
        assert (await client.get("/files")).status_code == 200
        assert time.perf_counter() - started >= 0.2
        with pytest.raises(httpx.RemoteProtocolError):
            await client.get("/files")
        assert (await client.get("/files")).status_code == 200


def test_server_drops_the_connection_after_processing(emulator: Emulator, emulator_server: EmulatorServer) -> None:
    headers = {"Authorization": f"Bearer {API_KEY}"}
    with httpx.Client(base_url=emulator_server.base_url, headers=headers) as client:
        training = upload(client, training_file())
        emulator.inject(CREATE, drop=True, times=1)
        with pytest.raises(httpx.RemoteProtocolError):
            client.post("/fine_tuning/jobs", json={"model": "gpt-4o-mini", "training_file": training})
        assert job_count(client) == 1  # processed, then dropped; the client reconnects fine


def test_server_slow_answer_and_timeout(emulator: Emulator, emulator_server: EmulatorServer) -> None:
    headers = {"Authorization": f"Bearer {API_KEY}"}
    with httpx.Client(base_url=emulator_server.base_url, headers=headers) as client:
        emulator.inject("GET /files", delay=0.3, times=1)
        started = time.perf_counter()
        assert client.get("/files").status_code == 200
        assert time.perf_counter() - started >= 0.3
        emulator.inject("GET /files", delay=1.0, times=1)
        with pytest.raises(httpx.ReadTimeout):
            client.get("/files", timeout=0.2)


def test_server_answers_429_with_headers(emulator: Emulator, emulator_server: EmulatorServer) -> None:
    emulator.inject("GET /fine_tuning/jobs", status=429, retry_after=2, times=1)
    with httpx.Client(base_url=emulator_server.base_url, headers={"Authorization": "Bearer k"}) as client:
        response = client.get("/fine_tuning/jobs")
        assert response.status_code == 429
        assert response.headers["retry-after"] == "2"
        assert client.get("/fine_tuning/jobs").status_code == 200


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"endpoint": "GET /nowhere", "status": 500}, "unknown endpoint"),
        ({"status": 200}, "error status"),
        ({"status": 500, "rate": 1.5}, "rate"),
        ({"delay": -1.0}, "delay"),
        ({}, "needs a status"),
    ],
)
def test_inject_rejects_bad_faults(emulator: Emulator, kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        emulator.inject(**kwargs)  # type: ignore[arg-type]
