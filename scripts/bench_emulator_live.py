#!/usr/bin/env python3
"""Section 11 of scripts/bench: the emulator at real speed, its clock running (never frozen).

    .venv/bin/python scripts/bench_emulator_live.py [--quick] [--json]

1. Scale. One emulator on the wall clock (speed 1) is filled with finished jobs (10 steps each):
   a thousand are created, the clock is moved an hour on so they all run to their end (every
   milestone of every job is replayed), and so on. At 1,000 and at 100,000 finished jobs
   (10,000 with ``--quick``), with 100 more jobs running as the requests come, the section
   times, per request, median of repeats: the newest page of 100 jobs, a page of 100 from
   half-way down, and retrieving a job (a different one each time).
   Targets: each at 100,000 jobs at most 1.5x its cost at 1,000.
2. Memory per finished job: the process's resident memory as the first 10,000 finished jobs of
   the fill arrive, less what it held before, per job; and, counted by tracemalloc, what 1,000
   more finished jobs like the demo's (36 steps, a validation file) hold, per job.
   Target: at most 4 KB.
3. Under load. ``python -m ftkit.emulator`` at ``--speed 1``, in a process of its own, is given
   1,000 jobs (36 steps each: each runs about 50 s); once the last is training, eight clients
   send requests as fast as it answers them (retrieve, events, checkpoints, the jobs list, and a
   create now and then) for 30 s (15 s with ``--quick``), while the 1,000 jobs run.
   Target: every request answered in under 1 s.
4. Jobs created fast (what issue 22 saw go wrong: a request unanswered for over 60 s, 3.4 GB):
   four clients create jobs as fast as ``python -m ftkit.emulator --speed 1`` takes them, for
   60 s (20 s with ``--quick``), so that tens of thousands run at once, while a probe retrieves
   a job every 50 ms; the slowest probe, how many jobs were made, how many were running at the
   end, and the server's memory. Shown for context (no target).
"""

from __future__ import annotations

import contextlib
import gc
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ergonomic"))

from ftkit.emulator import Emulator

HEADERS = {"authorization": "Bearer sk-bench", "content-type": "application/json"}
AUTH = {"authorization": "Bearer sk-bench"}


def _lines(count: int) -> str:
    return "".join(
        json.dumps({"messages": [{"role": "user", "content": f"{i}+{i}?"}, {"role": "assistant", "content": f"{i}"}]})
        + "\n"
        for i in range(count)
    )


def _rss_kb(pid: str = "self") -> int | None:
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        return None
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return None


def _median_per(work: Callable[[int], None], count: int, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work(count)
        times.append((time.perf_counter() - started) / count)
    return statistics.median(times)


# -- 1 and 2: scale, and memory per finished job ----------------------------------------------------


def scale(quick: bool) -> dict[str, Any]:
    sizes = (1_000, 10_000) if quick else (1_000, 100_000)
    repeats = 5 if quick else 9
    emulator = Emulator(speed=1.0, seed=0)  # the wall clock: running
    upload = emulator.handle(
        "POST",
        "/v1/files",
        headers={"authorization": "Bearer k", "content-type": "multipart/form-data; boundary=b"},
        body=(
            '--b\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nfine-tune\r\n'
            '--b\r\nContent-Disposition: form-data; name="file"; filename="t.jsonl"\r\n\r\n'
            f"{_lines(10)}\r\n--b--\r\n"
        ).encode(),
    )
    file_id = json.loads(upload.content())["id"]
    method = {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 1, "batch_size": 1}}}
    body = json.dumps({"model": "gpt-4o-mini", "training_file": file_id, "method": method}).encode()
    job_ids: list[str] = []

    def create(count: int) -> None:
        for _ in range(count):
            answer = emulator.handle("POST", "/v1/fine_tuning/jobs", headers=HEADERS, body=body)
            job_ids.append(json.loads(answer.content())["id"])

    gc.collect()
    rss_start = _rss_kb()
    rss_10k: int | None = None
    finished = 0
    rows = []
    fill_started = time.perf_counter()
    for size in sizes:
        while finished < size:
            batch = min(1_000, size - finished)
            create(batch)
            emulator.advance(3_600)  # an emulated hour: the batch runs to its end on the next request
            emulator.handle("GET", "/v1/fine_tuning/jobs?limit=1", headers=HEADERS)
            finished += batch
            if finished == 10_000:
                gc.collect()
                rss_10k = _rss_kb()
        create(100)  # running while the requests come
        middle = job_ids[len(job_ids) // 2]
        chosen = random.Random(size).sample(job_ids, 200)

        def page(target: str) -> Callable[[int], None]:
            def work(count: int) -> None:
                for _ in range(count):
                    emulator.handle("GET", target, headers=HEADERS)

            return work

        def retrieve(count: int, chosen: list[str] = chosen) -> None:
            for job_id in chosen[:count]:
                emulator.handle("GET", f"/v1/fine_tuning/jobs/{job_id}", headers=HEADERS)

        rows.append(
            {
                "jobs": size,
                "page_newest_s": _median_per(page("/v1/fine_tuning/jobs?limit=100"), 20, repeats),
                "page_middle_s": _median_per(page(f"/v1/fine_tuning/jobs?limit=100&after={middle}"), 20, repeats),
                "retrieve_s": _median_per(retrieve, 200, repeats),
            }
        )
    fill_s = time.perf_counter() - fill_started
    emulator.close()
    by_size = {r["jobs"]: r for r in rows}
    keys = ("page_newest_s", "page_middle_s", "retrieve_s")
    growth = {key: by_size[sizes[-1]][key] / by_size[sizes[0]][key] for key in keys}
    per_job_rss = None if rss_start is None or rss_10k is None else (rss_10k - rss_start) * 1024 / 10_000
    return {
        "rows": rows,
        "growth": growth,
        "largest": sizes[-1],
        "fill_s": fill_s,
        "rss_per_finished_job_bytes": per_job_rss,
        "traced_per_finished_job_bytes": _traced_per_job(1_000),
    }


def _traced_per_job(count: int) -> float:
    """Bytes held per finished job like the demo's (36 steps, a validation file), by tracemalloc."""
    emulator = Emulator(speed=1.0, seed=1)
    http = httpx.Client(transport=emulator.transport(), base_url="https://api.openai.com/v1", headers=AUTH)
    files = [
        http.post("/files", files={"file": ("t.jsonl", _lines(n))}, data={"purpose": "fine-tune"}).json()["id"]
        for n in (12, 10)
    ]
    method = {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3}}}
    body = json.dumps(
        {"model": "gpt-4o-mini", "training_file": files[0], "validation_file": files[1], "method": method}
    ).encode()

    def fill(n: int) -> int:
        for _ in range(n):
            emulator.handle("POST", "/v1/fine_tuning/jobs", headers=HEADERS, body=body)
        emulator.advance(3_600)
        emulator.handle("GET", "/v1/fine_tuning/jobs?limit=1", headers=HEADERS)
        gc.collect()
        return tracemalloc.get_traced_memory()[0]

    tracemalloc.start()
    try:
        first = fill(200)  # past the jobs kept expanded, which are there at both counts
        second = fill(count)
    finally:
        tracemalloc.stop()
        http.close()
        emulator.close()
    return (second - first) / count


# -- 3: under load --------------------------------------------------------------------------------


@contextlib.contextmanager
def _served() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``python -m ftkit.emulator --speed 1`` in a process of its own: its base URL, and the process."""
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "ftkit.emulator", "--port", "0", "--speed", "1", "--log-level", "info"],
            stderr=log,
            stdout=subprocess.DEVNULL,
        )
        try:
            yield _served_at(log, server), server
        finally:
            server.terminate()
            server.wait(timeout=120)


def under_load(quick: bool, jobs: int = 1_000, clients: int = 8) -> dict[str, Any]:
    window = 15.0 if quick else 30.0
    with _served() as (base_url, server):
        with httpx.Client(base_url=base_url, headers=AUTH, timeout=60) as http:
            files = [
                http.post("/files", files={"file": ("t.jsonl", _lines(n))}, data={"purpose": "fine-tune"}).json()["id"]
                for n in (12, 10)
            ]
            method = {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3}}}
            body = {"model": "gpt-4o-mini", "training_file": files[0], "validation_file": files[1], "method": method}
            created_at = time.monotonic()
            job_ids = [http.post("/fine_tuning/jobs", json=body).json()["id"] for _ in range(jobs)]
            create_s = time.monotonic() - created_at
            while http.get(f"/fine_tuning/jobs/{job_ids[-1]}").json()["status"] != "running":
                time.sleep(0.5)
            running_at_start = _running(http)
            latencies: list[tuple[float, str]] = []
            lock = threading.Lock()
            deadline = time.monotonic() + window

            def client(number: int) -> None:
                pick = random.Random(number)
                with httpx.Client(base_url=base_url, headers=AUTH, timeout=60) as own:
                    while time.monotonic() < deadline:
                        job_id = pick.choice(job_ids)
                        kinds = ("retrieve", "events", "checkpoints", "list", "create")
                        kind = pick.choices(kinds, (5, 3, 1, 1, 0.2))[0]
                        started = time.perf_counter()
                        if kind == "retrieve":
                            answer = own.get(f"/fine_tuning/jobs/{job_id}")
                        elif kind == "events":
                            answer = own.get(f"/fine_tuning/jobs/{job_id}/events", params={"limit": 20})
                        elif kind == "checkpoints":
                            answer = own.get(f"/fine_tuning/jobs/{job_id}/checkpoints")
                        elif kind == "list":
                            answer = own.get("/fine_tuning/jobs", params={"limit": 20})
                        else:
                            answer = own.post("/fine_tuning/jobs", json=body)
                        took = time.perf_counter() - started
                        assert answer.status_code == 200, answer.text
                        with lock:
                            latencies.append((took, kind))

            threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            running_at_end = _running(http)
        rss = _rss_kb(str(server.pid))
    times = sorted(t for t, _ in latencies)
    slowest = max(latencies)
    return {
        "jobs": jobs,
        "clients": clients,
        "window_s": window,
        "create_s": create_s,
        "running_at_start": running_at_start,
        "running_at_end": running_at_end,
        "requests": len(times),
        "p50_s": times[len(times) // 2],
        "p99_s": times[int(len(times) * 0.99)],
        "max_s": slowest[0],
        "slowest_kind": slowest[1],
        "server_rss_mb": None if rss is None else rss / 1024,
    }


def created_fast(quick: bool, creators: int = 4) -> dict[str, Any]:
    window = 20.0 if quick else 60.0
    with _served() as (base_url, server):
        with httpx.Client(base_url=base_url, headers=AUTH, timeout=600) as http:
            file_id = http.post("/files", files={"file": ("t.jsonl", _lines(12))}, data={"purpose": "fine-tune"})
            method = {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3}}}
            body = {"model": "gpt-4o-mini", "training_file": file_id.json()["id"], "method": method}
            first = http.post("/fine_tuning/jobs", json=body).json()["id"]
            created = [1]
            probes: list[float] = []
            deadline = time.monotonic() + window

            def creator() -> None:
                with httpx.Client(base_url=base_url, headers=AUTH, timeout=600) as own:
                    while time.monotonic() < deadline:
                        assert own.post("/fine_tuning/jobs", json=body).status_code == 200
                        created[0] += 1

            def probe() -> None:
                with httpx.Client(base_url=base_url, headers=AUTH, timeout=600) as own:
                    while time.monotonic() < deadline:
                        started = time.perf_counter()
                        assert own.get(f"/fine_tuning/jobs/{first}").status_code == 200
                        probes.append(time.perf_counter() - started)
                        time.sleep(0.05)

            threads = [threading.Thread(target=creator) for _ in range(creators)]
            threads.append(threading.Thread(target=probe))
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            started = time.perf_counter()
            running = _running(http)
            counted_s = time.perf_counter() - started
        rss = _rss_kb(str(server.pid))
    return {
        "window_s": window,
        "creators": creators,
        "created": created[0],
        "running_at_end": running,
        "listing_every_job_s": counted_s,
        "probes": len(probes),
        "slowest_probe_s": max(probes),
        "server_rss_mb": None if rss is None else rss / 1024,
    }


def _served_at(log: Any, server: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        log.seek(0)
        found = re.search(rb"serving at (http://\S+)", log.read())
        if found:
            return found.group(1).decode()
        time.sleep(0.05)
    raise RuntimeError("the emulator did not start")


def _running(http: httpx.Client) -> int:
    count: int = 0
    after = None
    while True:
        page = http.get("/fine_tuning/jobs", params={"limit": 1000, **({"after": after} if after else {})}).json()
        count += sum(1 for job in page["data"] if job["status"] == "running")
        if not page["has_more"]:
            return count
        after = page["data"][-1]["id"]


# -- the section ----------------------------------------------------------------------------------


def run(quick: bool = False) -> dict[str, Any]:
    """Every figure of the section, as plain JSON-able values."""
    return {"scale": scale(quick), "load": under_load(quick), "created_fast": created_fast(quick)}


def checks(figures: dict[str, Any]) -> list[tuple[str, float, float]]:
    """(target, measured, limit): each passes when measured <= limit."""
    scaled, load = figures["scale"], figures["load"]
    largest = f"{scaled['largest']:,}"
    found = [(f"{key.removesuffix('_s')} at {largest} jobs / at 1,000", v, 1.5) for key, v in scaled["growth"].items()]
    traced, rss = scaled["traced_per_finished_job_bytes"], scaled["rss_per_finished_job_bytes"]
    found.append(("memory per finished job, KB (tracemalloc)", traced / 1024, 4.0))
    if rss is not None:
        found.append(("memory per finished job, KB (process, 10,000 jobs)", rss / 1024, 4.0))
    found.append((f"slowest request with {load['running_at_start']:,} jobs running, s", load["max_s"], 1.0))
    return found


def table(figures: dict[str, Any]) -> str:
    """The section as text."""
    scaled, load = figures["scale"], figures["load"]
    lines = [f"  {'finished jobs':>14} {'page, newest':>13} {'page, middle':>13} {'retrieve':>10}  (clock running)"]
    for r in scaled["rows"]:
        lines.append(
            f"  {r['jobs']:>14,} {r['page_newest_s'] * 1e6:>10.1f} µs {r['page_middle_s'] * 1e6:>10.1f} µs"
            f" {r['retrieve_s'] * 1e6:>7.1f} µs"
        )
    lines.append(f"  filling to {scaled['largest']:,} finished jobs (every milestone run): {scaled['fill_s']:.0f} s")
    lines.append(
        f"  under load: {load['jobs']:,} jobs of 36 steps on python -m ftkit.emulator --speed 1"
        f" ({load['running_at_start']:,} running at the start, {load['running_at_end']:,} at the end);"
        f" {load['clients']} clients, {load['requests']:,} requests in {load['window_s']:.0f} s:"
        f" p50 {load['p50_s'] * 1e3:.1f} ms, p99 {load['p99_s'] * 1e3:.1f} ms,"
        f" slowest {load['max_s'] * 1e3:.0f} ms ({load['slowest_kind']})"
    )
    if load["server_rss_mb"] is not None:
        lines.append(f"  the server's memory at the end: {load['server_rss_mb']:.0f} MB")
    fast = figures["created_fast"]
    memory = "" if fast["server_rss_mb"] is None else f", the server's memory {fast['server_rss_mb']:.0f} MB"
    lines.append(
        f"  created fast: {fast['creators']} clients made {fast['created']:,} jobs in {fast['window_s']:.0f} s"
        f" ({fast['running_at_end']:,} running at the end); the slowest of {fast['probes']:,} probes"
        f" {fast['slowest_probe_s'] * 1e3:.0f} ms{memory}"
    )
    for target, value, limit in checks(figures):
        lines.append(f"  {'PASS' if value <= limit else 'MISS'} {target}: {value:.2f} (limit {limit:g})")
    return "\n".join(lines)


if __name__ == "__main__":
    from bench_fixtures import standalone

    raise SystemExit(standalone(__doc__, run, table))
