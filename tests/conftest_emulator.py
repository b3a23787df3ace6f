"""Shared fixtures and helpers for tests that talk to the emulator.

Fixtures: ``emulator``, ``emulator_client``, ``emulator_server``. A test module imports the ones
it uses (``from conftest_emulator import emulator_fixture``); ``tests/conftest.py`` can instead
make them global with ``pytest_plugins = ["conftest_emulator"]``.

``emulator`` runs on a manual clock (time moves only with ``emulator.advance``), so a test sees
exactly the job states it asks for; ``emulator_server`` serves that same emulator over real HTTP.
"""

from __future__ import annotations

import asyncio
import json
import re
import selectors
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from ftkit.emulator import Emulator, EmulatorServer

API_KEY = "sk-emulator-test"

#: Seconds a subprocess may take to start, answer or stop. Generous: a busy machine is slow, and
#: how long a process takes is never what a test asserts (one that hangs still fails its test).
PROCESS_BOUND = 120.0


#: A job as the API answers it, with its required fields only (for hand-written answers).
JOB = {
    "object": "fine_tuning.job",
    "id": "ftjob-1",
    "model": "m",
    "created_at": 1,
    "fine_tuned_model": None,
    "organization_id": "org",
    "result_files": [],
    "status": "queued",
    "validation_file": None,
    "training_file": "file-1",
}


def served_at(process: subprocess.Popen[str], pattern: str = r"serving at (http://\S+/v1)") -> str:
    """What ``pattern`` captures in the line a served emulator (``python -m ftkit.emulator``,
    ``ftkit emulator serve``) prints on stderr once it listens: its base URL by default.
    Kills the process and fails if it exits or stays silent for ``PROCESS_BOUND`` seconds."""
    assert process.stderr is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stderr, selectors.EVENT_READ)
    deadline = time.monotonic() + PROCESS_BOUND
    while process.poll() is None and time.monotonic() < deadline:
        if selector.select(timeout=1.0):
            found = re.search(pattern, process.stderr.readline())
            if found:
                return found.group(1)
    process.kill()
    raise AssertionError(f"the emulator never said where it listens (exit status {process.wait()})")


class InFlight(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Wraps a transport (the emulator's), holding each request ``hold`` seconds, and counts how
    many are out at once (``now``, at most ``most``), how many were sent and how many came back.

    With ``expected``, requests are first held until ``expected`` are out together (so reaching a
    bound does not depend on how threads or tasks happen to be scheduled), at most
    ``PROCESS_BOUND`` seconds for a driver that never sends them side by side; after that, each
    for ``hold`` seconds, so more than the bound would show too.
    """

    def __init__(self, inner: Any, hold: float = 0.01, expected: int | None = None) -> None:
        self.inner = inner
        self.hold = hold
        self.expected = expected
        self.now = self.most = self.sent = self.done = 0
        self.lock = threading.Lock()
        self.reached = threading.Event()
        if expected is None:
            self.reached.set()

    def _enter(self) -> float:
        with self.lock:
            self.now += 1
            self.sent += 1
            self.most = max(self.most, self.now)
            if self.expected is not None and self.now >= self.expected:
                self.reached.set()
        return 0.0 if self.reached.is_set() else PROCESS_BOUND

    def _leave(self) -> None:
        with self.lock:
            self.now -= 1
            self.done += 1

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.reached.wait(self._enter())
        try:
            time.sleep(self.hold)
            response: httpx.Response = self.inner.handle_request(request)
            return response
        finally:
            self._leave()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        deadline = time.monotonic() + self._enter()
        try:
            while not self.reached.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.001)
            await asyncio.sleep(self.hold)
            response: httpx.Response = await self.inner.handle_async_request(request)
            return response
        finally:
            self._leave()


def chat_line(question: str = "What is 2+2?", answer: str = "4") -> dict[str, Any]:
    """One supervised (chat) training example."""
    return {"messages": [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]}


def preference_line(n: int = 0) -> dict[str, Any]:
    """One DPO (preference) training example."""
    return {
        "input": {"messages": [{"role": "user", "content": f"Say hi #{n}"}]},
        "preferred_output": [{"role": "assistant", "content": "Hi!"}],
        "non_preferred_output": [{"role": "assistant", "content": "Go away."}],
    }


def jsonl(examples: list[dict[str, Any]]) -> bytes:
    """Examples as JSONL bytes."""
    return "".join(json.dumps(e) + "\n" for e in examples).encode()


def training_file(n: int = 10) -> bytes:
    """A valid supervised training file of ``n`` examples (the API needs at least 10)."""
    return jsonl([chat_line(f"What is {i}+{i}?", str(2 * i)) for i in range(n)])


def upload(client: httpx.Client, content: bytes, filename: str = "train.jsonl", purpose: str = "fine-tune") -> str:
    """Upload ``content`` and return the file id."""
    response = client.post("/files", files={"file": (filename, content)}, data={"purpose": purpose})
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


def create_job(client: httpx.Client, **body: Any) -> dict[str, Any]:
    """Create a job (uploading a default training file unless one is given) and return it."""
    body.setdefault("model", "gpt-4o-mini")
    if "training_file" not in body:
        body["training_file"] = upload(client, training_file())
    response = client.post("/fine_tuning/jobs", json=body)
    assert response.status_code == 200, response.text
    job: dict[str, Any] = response.json()
    return job


# Each fixture is defined under a *_fixture name and registered under its short name, so a test
# module can import it (``from conftest_emulator import emulator_fixture``) without the import
# being shadowed by the test's parameter of the same name.


@pytest.fixture(name="emulator")
def emulator_fixture() -> Iterator[Emulator]:
    """A fresh emulator on a manual clock, seed 0 (its uploads are removed from disk afterwards)."""
    with Emulator(clock="manual", seed=0) as emulator:
        yield emulator


@pytest.fixture(name="emulator_client")
def emulator_client_fixture(emulator: Emulator) -> Iterator[httpx.Client]:
    """An httpx client wired to ``emulator`` in-process."""
    with httpx.Client(
        transport=emulator.transport(),
        base_url="https://api.openai.com/v1",
        headers={"Authorization": f"Bearer {API_KEY}"},
    ) as http:
        yield http


@pytest.fixture(name="emulator_server")
def emulator_server_fixture(emulator: Emulator) -> Iterator[EmulatorServer]:
    """``emulator`` served over HTTP on a free port; ``.base_url`` ends in /v1."""
    with emulator.serve() as server:
        yield server
