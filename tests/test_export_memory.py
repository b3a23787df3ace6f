"""Export streams file content to disk: the client's memory stays bounded by its chunks,
whatever the file's size, with the blocking and the asyncio client alike."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import ftkit
import httpx
import pytest
from conftest_emulator import PROCESS_BOUND, served_at

# Long lines: the emulator checks the training file when the job is created, and few lines check fast.
MESSAGES = [{"role": "user", "content": "q" * 4000}, {"role": "assistant", "content": "a"}]
LINE = (json.dumps({"messages": MESSAGES}) + "\n").encode()
SIZE = 40 << 20  # a 40 MiB training file
BOUND = 12 << 20  # what export may hold at once: chunks and the asyncio client's in-memory spool


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    # In a process of its own, so that tracemalloc sees only the client's allocations.
    process = subprocess.Popen(
        [sys.executable, "-m", "ftkit.emulator", "--port", "0", "--api-key", "sk-test"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = served_at(process)
        with httpx.Client(base_url=url, headers={"authorization": "Bearer sk-test"}, timeout=PROCESS_BOUND) as http:
            content = LINE * (SIZE // len(LINE))
            uploaded = http.post("/files", files={"file": ("train.jsonl", content)}, data={"purpose": "fine-tune"})
            assert uploaded.status_code == 200, uploaded.text
            job = http.post("/fine_tuning/jobs", json={"model": "gpt-4o-mini-2024-07-18",
                                                       "training_file": uploaded.json()["id"]})  # fmt: skip
            assert job.status_code == 200, job.text
        yield url
    finally:
        process.kill()
        process.wait()


def peak_of(run: object) -> int:
    tracemalloc.start()
    try:
        run()  # type: ignore[operator]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def training_content(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file() and p.stat().st_size >= SIZE // 2)


def test_the_blocking_client_streams_an_export_to_disk(server: str, tmp_path: Path) -> None:
    with ftkit.Client(api_key="sk-test", base_url=server) as client:
        peak = peak_of(lambda: client.export(tmp_path / "export"))
    assert training_content(tmp_path / "export") >= SIZE - len(LINE)
    assert peak < BOUND, f"peak {peak / 2**20:.1f} MiB"


def test_the_asyncio_client_streams_an_export_to_disk(server: str, tmp_path: Path) -> None:
    async def export() -> None:
        async with ftkit.AsyncClient(api_key="sk-test", base_url=server) as client:
            await client.export(tmp_path / "export")

    peak = peak_of(lambda: asyncio.run(export()))
    assert training_content(tmp_path / "export") >= SIZE - len(LINE)
    assert peak < BOUND, f"peak {peak / 2**20:.1f} MiB"
