"""Shared fixtures: the Prism mock servers of the spec and of Azure OpenAI's description."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

# Every test sees a pipe's environment: pytest-xdist's workers (and some shells) export the
# terminal's size, by which rich would lay out the command line's tables.
os.environ.pop("COLUMNS", None)
os.environ.pop("LINES", None)

# A suite started in the background by a script inherits SIGINT ignored, and so would every
# process a test starts (an ignored signal stays ignored across exec): the tests that interrupt
# a served emulator or a wait with SIGINT need Python's own handler back.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

ROOT = Path(__file__).resolve().parent.parent
EFFECTIVE_SPEC = ROOT / "spec" / "effective.yaml"
AZURE_SPEC_DIR = ROOT / "spec" / "azure" / "2024-10-21"
AZURE_V1_SPEC = ROOT / "spec" / "azure" / "v1" / "azure-v1-v1-generated.json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _serve_with_prism(spec: Path, log: Path, probe: str, headers: dict[str, str]) -> Iterator[str]:
    """Run ``prism mock`` on ``spec`` until the caller is done; yields its base URL."""
    prism = ROOT / "node_modules" / ".bin" / "prism"
    if not prism.exists():
        found = shutil.which("prism")
        if found is None:
            pytest.fail("Prism is not installed: run ./scripts/test, which installs it with npm")
        prism = Path(found)
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(prism), "mock", "--host", "127.0.0.1", "-p", str(port), str(spec)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_COLOR": "1"},
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"Prism exited early:\n{log.read_text(errors='replace')[-2000:]}")
            try:
                httpx.get(f"{url}{probe}", headers=headers, timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    pytest.fail("Prism did not start within 60 s")
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def prism_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a Prism mock server of spec/effective.yaml (validates every request)."""
    log = tmp_path_factory.mktemp("prism") / "prism.log"
    yield from _serve_with_prism(EFFECTIVE_SPEC, log, "/files", {"Authorization": "Bearer test"})


@pytest.fixture(scope="session")
def azure_prism_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Azure OpenAI endpoint as Prism serves Azure's description (spec/azure/2024-10-21).

    Use it as ``azure_endpoint``: requests go to ``{url}/openai/...`` (Azure's host template
    ``{endpoint}/openai``) and Prism checks each one against Azure's description: the
    ``api-version`` query parameter and the ``api-key`` header are required (422 and 401
    without them), bodies and parameters must match Azure's schemas. Answers are made up
    from Azure's schemas, not from its examples.
    """
    folder = tmp_path_factory.mktemp("azure-prism")
    spec = json.loads((AZURE_SPEC_DIR / "azureopenai.json").read_text(encoding="utf-8"))
    # Prism routes on the paths alone (it ignores basePath and x-ms-parameterized-host).
    spec["paths"] = {f"/openai{path}": item for path, item in spec["paths"].items()}
    (folder / "azureopenai.json").write_text(json.dumps(spec), encoding="utf-8")
    shutil.copytree(AZURE_SPEC_DIR / "examples", folder / "examples")
    probe = "/openai/models?api-version=2024-10-21"
    yield from _serve_with_prism(folder / "azureopenai.json", folder / "prism.log", probe, {"api-key": "test"})


@pytest.fixture(scope="session")
def azure_v1_prism_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Azure OpenAI endpoint as Prism serves Azure's v1 description (spec/azure/v1): requests
    go to ``{url}/openai/v1/...`` (its server ``{endpoint}/openai/v1``), each checked against it
    (the ``api-key`` or ``authorization`` header required, bodies and parameters as described)."""
    folder = tmp_path_factory.mktemp("azure-v1-prism")
    spec = json.loads(AZURE_V1_SPEC.read_text(encoding="utf-8"))
    # Prism routes on the paths alone (it ignores the server's {endpoint} variable).
    spec["paths"] = {f"/openai/v1{path}": item for path, item in spec["paths"].items()}
    spec.pop("servers", None)
    # DIFFERENCES.md V11: the description requires an upload's expires_after, Azure's own docs upload
    # without one (fine-tuning-rest.md), and so does ftkit (a training file must not expire under its
    # jobs): the one correction made to the description here.
    upload = spec["components"]["schemas"]["AzureCreateFileRequestMultiPart"]
    upload["required"] = [name for name in upload["required"] if name != "expires_after"]
    (folder / "v1.json").write_text(json.dumps(spec), encoding="utf-8")
    yield from _serve_with_prism(folder / "v1.json", folder / "prism.log", "/openai/v1/models", {"api-key": "test"})


@pytest.fixture
def real_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The seconds asked of every ``time.sleep`` and ``asyncio.sleep`` during the test (they still sleep).

    A test of how long something waits asserts what it slept (nothing at all, never past a
    deadline) rather than timing itself with a stopwatch, which a busy machine slows down.
    """
    slept: list[float] = []
    sleep, async_sleep = time.sleep, asyncio.sleep

    def spy(seconds: float) -> None:
        slept.append(seconds)
        sleep(seconds)

    async def async_spy(seconds: float, result: Any = None) -> Any:
        slept.append(seconds)
        return await async_sleep(seconds, result)

    monkeypatch.setattr(time, "sleep", spy)
    monkeypatch.setattr(asyncio, "sleep", async_spy)
    return slept


@pytest.fixture
def no_real_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail at once if anything sleeps in real time (``time.sleep``, ``asyncio.sleep``): a wait on
    a manual clock must advance it instead, and would otherwise hang, since that clock never moves
    by itself."""
    sleep, async_sleep = time.sleep, asyncio.sleep

    def refused(seconds: float) -> AssertionError:
        return AssertionError(f"slept {seconds:g} s of real time instead of advancing the emulator's clock")

    def spy(seconds: float) -> None:
        if seconds > 0:
            raise refused(seconds)
        sleep(0)

    async def async_spy(seconds: float, result: Any = None) -> Any:
        if seconds > 0:
            raise refused(seconds)
        return await async_sleep(0, result)

    monkeypatch.setattr(time, "sleep", spy)
    monkeypatch.setattr(asyncio, "sleep", async_spy)
