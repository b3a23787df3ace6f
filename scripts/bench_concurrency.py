"""Benchmark sections 12 and 13: many requests in flight, and creating jobs through 503s.

12. 500 ``retrieve``s in flight at once (``asyncio.gather``) against ``python -m ftkit.emulator``
    over loopback: ``ftkit.AsyncClient`` against ``openai.AsyncOpenAI`` and raw
    ``httpx.AsyncClient`` (with the SDK's pool, 1000 connections and 100 kept alive), each
    client built once and reused, rounds interleaved. httpx's default pool (100 connections,
    20 kept alive) is what made ftkit 6x slower than the SDK here; it is shown too.
13. 40 job creates against an emulator that answers half of them 503 with ``Retry-After:
    0.2`` (``--fault 'POST /fine_tuning/jobs status=503 retry_after=0.2 rate=0.5'``): ftkit's
    create (which looks for the job an ambiguous failure may have made before creating it
    again) against the SDK's (which retries blindly, and so may make two jobs where the 503
    came after the job was stored). Wall time, the 503s met, and the requests sent.

    scripts/bench --sections 12,13
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from typing import Any

import httpx
from bench_fixtures import API_KEY, emulator_process, finished_job_on, sdk_http
from bench_timing import Figure, rounds, timed

IN_FLIGHT = 500
CREATES = 40
FAULT = "POST /fine_tuning/jobs status=503 retry_after=0.2 rate=0.5"


def in_flight(quick: bool, repeats: int | None = None) -> dict[str, Figure]:
    """Section 12: the time for ``IN_FLIGHT`` retrieves at once, per contender (wall and this
    process's CPU: the server shares the machine, so the client's own cost shows in the CPU)."""
    import ftkit
    import openai

    repeats = repeats or (3 if quick else 9)
    loop = asyncio.new_event_loop()
    try:
        with emulator_process() as base_url:
            job_id = finished_job_on(base_url)
            clients: dict[str, Any] = {
                "ftkit async": ftkit.AsyncClient(api_key=API_KEY, base_url=base_url),
                "openai async": openai.AsyncOpenAI(api_key=API_KEY, base_url=base_url),
                "httpx async": httpx.AsyncClient(
                    base_url=base_url, headers={"Authorization": f"Bearer {API_KEY}"}, timeout=120,
                    limits=httpx.Limits(max_connections=1000, max_keepalive_connections=100),
                ),
                "httpx default pool": httpx.AsyncClient(
                    base_url=base_url, headers={"Authorization": f"Bearer {API_KEY}"}, timeout=120
                ),
            }  # fmt: skip

            def retrieve(name: str) -> Any:
                client = clients[name]
                if name.startswith("ftkit"):
                    return client.jobs.retrieve(job_id)
                if name.startswith("openai"):
                    return client.fine_tuning.jobs.retrieve(job_id)
                return _raw(client, job_id)

            def batch(name: str) -> Any:
                async def work() -> None:
                    answers = await asyncio.gather(*(retrieve(name) for _ in range(IN_FLIGHT)))
                    assert len(answers) == IN_FLIGHT

                return lambda: timed(lambda: loop.run_until_complete(work()))

            for name in clients:  # each checked once (and its first connections opened)
                batch(name)()
            try:
                figures = rounds({name: batch(name) for name in clients}, repeats, per=1)
            finally:
                for name, client in clients.items():
                    loop.run_until_complete(client.aclose() if name.startswith("httpx") else client.close())
    finally:
        loop.close()
    return figures


async def _raw(client: httpx.AsyncClient, job_id: str) -> Any:
    response = await client.get(f"/fine_tuning/jobs/{job_id}")
    if response.status_code != 200:
        raise RuntimeError(f"GET: {response.status_code}")
    return json.loads(response.content)


class _Counted(httpx.BaseTransport):
    """A transport that counts the requests it sends, by method and path."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.seen: Counter[str] = Counter()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.rstrip("/").rsplit("/v1", 1)[-1]
        self.seen[f"{request.method} {path}"] += 1
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def creates_through_503s() -> dict[str, Any]:
    """Section 13: ``CREATES`` creates, half of them answered 503 with Retry-After 0.2."""
    import ftkit
    import openai

    figures: dict[str, Any] = {}
    with emulator_process(extra=("--fault", FAULT)) as base_url:
        training = _training_file(base_url)
        ftkit_transport = _Counted(httpx.HTTPTransport())
        # Enough retries that no create gives up on a run of 503s (the SDK's the same).
        client = ftkit.Client(api_key=API_KEY, base_url=base_url, transport=ftkit_transport, max_retries=8)
        sdk = sdk_http()
        sdk_seen: Counter[str] = Counter()

        def hook(request: Any) -> None:
            sdk_seen[f"{request.method} {request.url.path.rsplit('/v1', 1)[-1]}"] += 1

        official = openai.OpenAI(api_key=API_KEY, base_url=base_url, max_retries=8,
                                 http_client=sdk.Client(event_hooks={"request": [hook]}))  # fmt: skip
        runs = {
            "ftkit": (lambda: client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=training),
                      ftkit_transport.seen),
            "openai": (lambda: official.fine_tuning.jobs.create(model="gpt-4o-mini-2024-07-18",
                                                                 training_file=training), sdk_seen),
        }  # fmt: skip
        for name, (create, seen) in runs.items():
            seen.clear()
            started = time.perf_counter()
            for _ in range(CREATES):
                create()
            wall = time.perf_counter() - started
            posts = seen["POST /fine_tuning/jobs"]
            figures[name] = {
                "wall_s": round(wall, 2),
                "creates": CREATES,
                "create_requests": posts,
                "503s": posts - CREATES,
                "lookups": seen["GET /fine_tuning/jobs"],
                "per_503_s": round(wall / max(1, posts - CREATES), 3),
            }
        client.close()
        official.close()
    return figures


def _training_file(base_url: str) -> str:
    line = json.dumps({"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]})
    with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {API_KEY}"}, timeout=30) as http:
        answer = http.post("/files", files={"file": ("train.jsonl", ("\n".join([line] * 10)).encode())},
                           data={"purpose": "fine-tune"})  # fmt: skip
        answer.raise_for_status()
        return str(answer.json()["id"])


def creates_table(figures: dict[str, Any]) -> str:
    lines = [f"  {'contender':<10} {'wall':>8} {'503s':>6} {'per 503':>9} {'creates sent':>13} {'look-ups':>9}"]
    for name, f in figures.items():
        lines.append(
            f"  {name:<10} {f['wall_s']:>7.2f}s {f['503s']:>6} {f['per_503_s']:>8.3f}s {f['create_requests']:>13}"
            f" {f['lookups']:>9}"
        )
    return "\n".join(lines)
