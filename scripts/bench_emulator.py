#!/usr/bin/env python3
"""Section 7 of scripts/bench: the emulator's cost per request as its state grows.

    .venv/bin/python scripts/bench_emulator.py [--quick] [--json]

One emulator (manual clock) is filled with jobs; at 100, 1,000, 10,000 and 100,000 jobs the
section times, per request, median of repeats:

- creating a job: in the emulator's handler alone, and through an httpx client on its
  in-process transport (what a test suite pays);
- reading the newest page of 100 jobs, and a page of 100 from half-way down (``after=``);
- retrieving one job.

Then the time to create the first 10,000 jobs from empty, in-process through httpx, against
the target of 2 s, and whether create and page costs stay flat (100,000 jobs within 1.5x of
1,000). The process's memory after the fill is reported too.
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ergonomic"))

from ftkit.emulator import Emulator

HEADERS = {"authorization": "Bearer sk-bench", "content-type": "application/json"}
JSON = {"content-type": "application/json"}
LINE = json.dumps({"messages": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}]})


def _median_per(work: Callable[[int], None], count: int, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        work(count)
        times.append((time.perf_counter() - started) / count)
    return statistics.median(times)


def _rss_mb() -> float | None:
    status = Path("/proc/self/status")
    if not status.exists():
        return None
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def run(quick: bool = False) -> dict[str, Any]:
    """Every figure of the section, as plain JSON-able values."""
    sizes = (100, 1_000, 10_000, 100_000)
    repeats = 5 if quick else 9
    creates = 50 if quick else 200

    def new_emulator() -> tuple[Emulator, httpx.Client, bytes]:
        emulator = Emulator(clock="manual", seed=0)
        client = httpx.Client(
            transport=emulator.transport(), base_url="https://api.openai.com/v1", headers={"authorization": "Bearer k"}
        )
        content = (LINE + "\n") * 10
        upload = client.post("/files", files={"file": ("train.jsonl", content)}, data={"purpose": "fine-tune"})
        body = json.dumps({"model": "gpt-4o-mini", "training_file": upload.json()["id"]}).encode()
        return emulator, client, body

    # The first 10,000 creates from empty, as a test suite would make them.
    emulator, client, body = new_emulator()
    started = time.perf_counter()
    for _ in range(10_000):
        client.post("/fine_tuning/jobs", content=body, headers=JSON)
    first_10k = time.perf_counter() - started
    client.close()
    emulator.close()

    emulator, client, body = new_emulator()

    def create_in_handler(count: int) -> None:
        for _ in range(count):
            emulator.handle("POST", "/v1/fine_tuning/jobs", headers=HEADERS, body=body)

    def create_through_httpx(count: int) -> None:
        for _ in range(count):
            client.post("/fine_tuning/jobs", content=body, headers=JSON)

    def requests(target: str) -> Callable[[int], None]:
        def work(count: int) -> None:
            for _ in range(count):
                emulator.handle("GET", target, headers=HEADERS)

        return work

    rows = []
    held = 0
    for size in sizes:
        create_in_handler(size - held)
        held = size
        newest = json.loads(emulator.handle("GET", "/v1/fine_tuning/jobs?limit=1", headers=HEADERS).content())
        middle = _middle(emulator, size)
        row = {
            "jobs": size,
            "page_newest_s": _median_per(requests("/v1/fine_tuning/jobs?limit=100"), 20, repeats),
            "page_middle_s": _median_per(requests(f"/v1/fine_tuning/jobs?limit=100&after={middle}"), 20, repeats),
            "retrieve_s": _median_per(requests(f"/v1/fine_tuning/jobs/{newest['data'][0]['id']}"), 200, repeats),
            "create_handler_s": _median_per(create_in_handler, creates, repeats),
            "create_httpx_s": _median_per(create_through_httpx, creates, repeats),
        }
        held += 2 * creates * repeats
        rows.append(row)
    rss = _rss_mb()
    client.close()
    emulator.close()
    by_size = {r["jobs"]: r for r in rows}
    keys = ("create_handler_s", "create_httpx_s", "page_newest_s", "page_middle_s", "retrieve_s")
    growth = {key: by_size[100_000][key] / by_size[1_000][key] for key in keys}
    return {"rows": rows, "first_10k_creates_s": first_10k, "growth_1k_to_100k": growth, "rss_mb_after": rss}


def _middle(emulator: Emulator, size: int) -> str:
    """The id of the job half-way down the list (pages of 10,000 from the handler reach it in a few requests)."""
    after = None
    position = 0
    target = size // 2
    while True:
        query = "limit=10000" + (f"&after={after}" if after else "")
        page = json.loads(emulator.handle("GET", f"/v1/fine_tuning/jobs?{query}", headers=HEADERS).content())["data"]
        if position + len(page) > target:
            return str(page[target - position]["id"])
        position += len(page)
        after = page[-1]["id"]


def table(figures: dict[str, Any]) -> str:
    """The section as text."""
    lines = [
        f"  {'jobs':>8} {'create (core)':>14} {'create (httpx)':>15} {'page, newest':>13} {'page, middle':>13}"
        f" {'retrieve':>10}"
    ]
    for r in figures["rows"]:
        lines.append(
            f"  {r['jobs']:>8,} {r['create_handler_s'] * 1e6:>11.1f} µs {r['create_httpx_s'] * 1e6:>12.1f} µs"
            f" {r['page_newest_s'] * 1e6:>10.1f} µs {r['page_middle_s'] * 1e6:>10.1f} µs"
            f" {r['retrieve_s'] * 1e6:>7.1f} µs"
        )
    growth = ", ".join(f"{k.removesuffix('_s')} {v:.2f}x" for k, v in figures["growth_1k_to_100k"].items())
    lines.append(f"  cost at 100,000 jobs / at 1,000: {growth}")
    first = figures["first_10k_creates_s"]
    lines.append(
        f"  first 10,000 creates in-process through httpx: {first:.2f} s [{'PASS' if first < 2.0 else 'MISS'} < 2 s]"
    )
    flat = all(v <= 1.5 for v in figures["growth_1k_to_100k"].values())
    lines.append(f"  flat from 1,000 to 100,000 jobs (every ratio <= 1.5): {'PASS' if flat else 'MISS'}")
    if figures["rss_mb_after"] is not None:
        lines.append(f"  process memory with ~{figures['rows'][-1]['jobs']:,} jobs: {figures['rss_mb_after']:.0f} MB")
    return "\n".join(lines)


if __name__ == "__main__":
    from bench_fixtures import standalone

    raise SystemExit(standalone(__doc__, run, table))
