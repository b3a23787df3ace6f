"""``client.api``: the generated ``ftkit_api`` client on the ergonomic client's connections,
and the README's "Low-level calls" example, run as written (against the emulator here,
against Azure OpenAI's description in test_azure_client.py)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import ftkit
import pytest
from ftkit.emulator import Emulator
from ftkit_api.api.fine_tuning import list_paginated_fine_tuning_jobs, retrieve_fine_tuning_job

ROOT = Path(__file__).resolve().parent.parent
LINE = b'{"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}\n'


def low_level_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"## Low-level calls\n.*?```python\n(.*?)```", text, re.S)
    assert match, "the README lost its low-level example"
    return match.group(1)


def test_the_readme_low_level_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    emulator = Emulator(clock="manual")
    with ftkit.Client(api_key="test", transport=emulator.transport()) as client:
        job = client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=client.files.upload(LINE * 10).id)
    emulator.run_until(job.id)
    code = low_level_example()
    assert "ftkit.Client()" in code and "ftjob-abc123" in code
    code = code.replace("ftkit.Client()", 'ftkit.Client(api_key="test", transport=EMULATOR.transport())')
    exec(compile(code.replace("ftjob-abc123", job.id), "README.md", "exec"), {"EMULATOR": emulator})
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("200 req_") and out[1] == f"{job.id} succeeded"
    assert len(out) == 2 + 5 and all(out[2:])  # the five newest events' messages


def test_client_api_shares_the_connections_auth_and_retries() -> None:
    emulator = Emulator(clock="manual")
    client = ftkit.Client(api_key="sk-test", transport=emulator.transport(), max_retries=3)
    assert client.api.get_httpx_client() is client.http_client
    assert client.api is client.api  # built once
    # The transport retries for the low-level calls too: three 429s (a millisecond's wait each), then the answer.
    emulator.inject("GET /fine_tuning/jobs", status=429, retry_after=0.001, times=3)
    response = list_paginated_fine_tuning_jobs.sync_detailed(client=client.api, limit=1)
    assert response.status_code == 200 and response.parsed is not None
    assert emulator.request_count("GET /fine_tuning/jobs") == 4
    missing = retrieve_fine_tuning_job.sync_detailed("ftjob-none", client=client.api)
    assert missing.status_code == 404 and missing.parsed is None
    client.close()


def test_the_async_client_api() -> None:
    emulator = Emulator(clock="manual")

    async def main() -> int:
        async with ftkit.AsyncClient(api_key="sk-test", transport=emulator.transport()) as client:
            assert client.api.get_async_httpx_client() is client.http_client
            answer = await list_paginated_fine_tuning_jobs.asyncio_detailed(client=client.api)
            return int(answer.status_code)

    assert asyncio.run(main()) == 200
