"""What the benchmark serves: full job objects, cursor pages of them, prepared transports
for httpx and for the SDK's own HTTP library (httpx2 in openai 3.x), and the emulator as a
separate server process.

Every client under test gets the same bytes: a transport answers from bytes prepared once,
so a measurement counts the client's own work (building the request, going through its
transport stack, reading and parsing the answer), not a server's.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import httpx

BASE_URL = "http://bench.invalid/v1"
API_KEY = "sk-bench-0123456789"
JOB_ID = "ftjob-bench000000"

# The headers a real answer carries that a client may read (content type, request id).
ANSWER_HEADERS = {
    "content-type": "application/json",
    "x-request-id": "req_0123456789abcdef0123456789abcdef",
    "openai-processing-ms": "12",
    "openai-version": "2020-10-01",
}


def full_job(i: int = 0) -> dict[str, Any]:
    """A finished supervised job with every field the API sends, the way it sends them today.

    Includes the fields the API returns that the published spec does not list yet
    (``user_provided_suffix``, ``usage_metrics``, ``shared_with_openai``), which both
    clients must keep.
    """
    job_id = JOB_ID if i == 0 else f"ftjob-bench{i:06d}"
    created = 1_721_764_800 + i * 60
    return {
        "object": "fine_tuning.job",
        "id": job_id,
        "model": "gpt-4o-mini-2024-07-18",
        "created_at": created,
        "finished_at": created + 1_830,
        "fine_tuned_model": f"ft:gpt-4o-mini-2024-07-18:org-bench:support-bot:{i:08x}",
        "organization_id": "org-bench",
        "result_files": [f"file-result{i:06d}"],
        "status": "succeeded",
        "validation_file": f"file-valid{i:06d}",
        "training_file": f"file-train{i:06d}",
        "hyperparameters": {"n_epochs": 3, "batch_size": 8, "learning_rate_multiplier": 1.8},
        "trained_tokens": 1_245_312 + i,
        "error": None,
        "user_provided_suffix": "support-bot",
        "seed": 683_058_546 + i,
        "estimated_finish": None,
        "integrations": [
            {
                "type": "wandb",
                "wandb": {"project": "support-bot", "entity": "bench-team", "run_id": job_id, "tags": ["ft"]},
            }
        ],
        "method": {
            "type": "supervised",
            "supervised": {"hyperparameters": {"n_epochs": 3, "batch_size": 8, "learning_rate_multiplier": 1.8}},
        },
        "metadata": {"team": "support", "experiment": f"exp-{i % 7}"},
        "usage_metrics": None,
        "shared_with_openai": False,
    }


def job_body() -> bytes:
    """The answer to ``GET /fine_tuning/jobs/{id}``."""
    return json.dumps(full_job()).encode()


def page_body(first: int, count: int, has_more: bool) -> bytes:
    """One page of ``GET /fine_tuning/jobs``: ``count`` full jobs from number ``first``."""
    data = [full_job(first + k) for k in range(count)]
    return json.dumps({"object": "list", "data": data, "has_more": has_more}).encode()


class Pages:
    """``total`` jobs served ``per_page`` a page by cursor, as prepared bytes.

    ``answer(after)`` is the body for the page after the job id ``after`` (the first page
    for None), the way the API pages: newest first, the cursor is the last id of a page.
    """

    def __init__(self, total: int, per_page: int) -> None:
        self.total = total
        self.per_page = per_page
        self.bodies: list[bytes] = []
        self.after: dict[str | None, int] = {None: 0}
        for n, first in enumerate(range(0, total, per_page)):
            count = min(per_page, total - first)
            self.bodies.append(page_body(first, count, has_more=first + count < total))
            self.after[full_job(first + count - 1)["id"]] = n + 1

    def answer(self, after: str | None, limit: str | None) -> bytes:
        if limit is not None and int(limit) != self.per_page:
            raise AssertionError(f"client asked for limit={limit}, the prepared pages hold {self.per_page}")
        return self.bodies[self.after[after]]


# -- transports -------------------------------------------------------------------------------


class PreparedTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """httpx transport: every request gets ``body`` (or a page of ``pages``), nothing else runs."""

    def __init__(self, body: bytes | None = None, pages: Pages | None = None) -> None:
        self.body = body
        self.pages = pages
        self.requests = 0

    def _content(self, request: httpx.Request) -> bytes:
        self.requests += 1
        if self.pages is not None:
            params = request.url.params
            return self.pages.answer(params.get("after"), params.get("limit"))
        assert self.body is not None
        return self.body

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=ANSWER_HEADERS, content=self._content(request))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=ANSWER_HEADERS, content=self._content(request))


def sdk_http() -> Any:
    """The HTTP library module of the installed ``openai`` SDK: httpx2 for 3.x, httpx before."""
    import openai._base_client as base

    return getattr(base, "httpx2", None) or getattr(base, "httpx")  # noqa: B009


def sdk_transport(body: bytes | None = None, pages: Pages | None = None) -> Any:
    """The same prepared transport, for the SDK's own HTTP library (so its client takes it)."""
    http = sdk_http()
    if http is httpx:
        return PreparedTransport(body, pages)

    class SDKPreparedTransport(http.BaseTransport, http.AsyncBaseTransport):  # type: ignore[misc,name-defined]
        def __init__(self) -> None:
            self.requests = 0

        def _content(self, request: Any) -> bytes:
            self.requests += 1
            if pages is not None:
                params = request.url.params
                return pages.answer(params.get("after"), params.get("limit"))
            assert body is not None
            return body

        def handle_request(self, request: Any) -> Any:
            return http.Response(200, headers=ANSWER_HEADERS, content=self._content(request))

        async def handle_async_request(self, request: Any) -> Any:
            return http.Response(200, headers=ANSWER_HEADERS, content=self._content(request))

    return SDKPreparedTransport()


# -- the emulator as a server process ---------------------------------------------------------


@contextmanager
def emulator_process(speed: float = 1000.0, extra: Sequence[str] = ()) -> Iterator[str]:
    """Run ``python -m ftkit.emulator`` on a free loopback port; yields its base URL.

    ``extra`` are more options of the emulator (``--fault ...``).

    Port 0 lets the server pick the port (no race with other processes); the URL comes from
    its start-up log line. A high ``speed`` lets a created job finish in well under a second.
    """
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ftkit.emulator",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--speed",
            str(speed),
            "--log-level",
            "INFO",
            *extra,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        base_url = None
        deadline = time.monotonic() + 30
        seen: list[str] = []
        while base_url is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line:
                if process.poll() is not None:
                    break
                continue
            seen.append(line)
            found = re.search(r"serving at (http://\S+)", line)
            if found:
                base_url = found.group(1)
        if base_url is None:
            raise RuntimeError("the emulator did not start:\n" + "".join(seen[-20:]))
        # Keep reading its log so a full pipe can never block the server.
        threading.Thread(target=lambda: process.stderr.read() if process.stderr else None, daemon=True).start()
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def finished_job_on(base_url: str) -> str:
    """Upload a small training file to the emulator, start a job, wait for it to end; its id."""
    lines = [
        json.dumps(
            {
                "messages": [
                    {"role": "user", "content": f"What is {n}+{n}?"},
                    {"role": "assistant", "content": str(2 * n)},
                ]
            }
        )
        for n in range(10)
    ]
    headers = {"Authorization": f"Bearer {API_KEY}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as http:
        upload = http.post(
            "/files", files={"file": ("train.jsonl", "\n".join(lines).encode())}, data={"purpose": "fine-tune"}
        )
        upload.raise_for_status()
        created = http.post(
            "/fine_tuning/jobs", json={"model": "gpt-4o-mini-2024-07-18", "training_file": upload.json()["id"]}
        )
        created.raise_for_status()
        job_id: str = created.json()["id"]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            status = http.get(f"/fine_tuning/jobs/{job_id}").json()["status"]
            if status in ("succeeded", "failed", "cancelled"):
                return job_id
            time.sleep(0.05)
    raise RuntimeError(f"the emulator's job {job_id} did not finish in 30 s")


def standalone(doc: str | None, run: Callable[..., dict[str, Any]], table: Callable[[dict[str, Any]], str]) -> int:
    """The ``main`` of a section run on its own (``python scripts/bench_emulator.py [--quick]
    [--json]``): its figures as the section's table, or as JSON."""
    import argparse

    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    args = parser.parse_args()
    figures = run(quick=args.quick)
    print(json.dumps(figures, indent=2) if args.json else table(figures))
    return 0
