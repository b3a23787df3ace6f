#!/usr/bin/env python3
"""Export of a server's jobs: ``client.export`` against the same fetches written with raw httpx
and with the official ``openai`` SDK, over loopback to ``python -m ftkit.emulator``.

    python scripts/bench_export.py [--jobs 200] [--repeats 3]

Every contender fetches the same things for each job (the job, every event, the checkpoints,
the result file, the training file's object and content once per file) plus the models list,
and writes them to a fresh directory. The raw httpx and openai loops are sequential and write
plain JSON (no temporary names, no hashes, no manifest, no resume); ``client.export`` also
writes metrics.csv and the manifest with every file's sha256, and is run with 1 and with 4
requests in flight (c=1, c=4). The
last row is a second ``client.export`` into the finished directory: what a resume costs when
nothing changed. Figures: wall time (median of the repeats) and the requests sent.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_fixtures

API_KEY = bench_fixtures.API_KEY


def _seed(base_url: str, jobs: int) -> None:
    """``jobs`` finished jobs on the server, sharing four small training files."""
    headers = {"Authorization": f"Bearer {API_KEY}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=60) as http:
        files = []
        for f in range(4):
            lines = [
                json.dumps(
                    {
                        "messages": [
                            {"role": "user", "content": f"{f}: {n}+{n}?"},
                            {"role": "assistant", "content": str(2 * n)},
                        ]
                    }
                )
                for n in range(12)
            ]
            answer = http.post("/files", files={"file": (f"train{f}.jsonl", "\n".join(lines).encode())},
                               data={"purpose": "fine-tune"})  # fmt: skip
            answer.raise_for_status()
            files.append(answer.json()["id"])
        ids = []
        for n in range(jobs):
            body = {"model": "gpt-4o-mini-2024-07-18", "training_file": files[n % 4], "suffix": f"b{n}"}
            created = http.post("/fine_tuning/jobs", json=body)
            created.raise_for_status()
            ids.append(created.json()["id"])
        deadline = time.monotonic() + 120
        for job_id in ids:
            while http.get(f"/fine_tuning/jobs/{job_id}").json()["status"] not in ("succeeded", "failed", "cancelled"):
                if time.monotonic() > deadline:
                    raise RuntimeError("the benchmark's jobs did not finish in 120 s")
                time.sleep(0.05)


class Counter:
    def __init__(self) -> None:
        self.requests = 0

    def sync(self, request: httpx.Request) -> None:
        self.requests += 1


def _write(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value) + "\n", encoding="utf-8")


def raw_httpx(base_url: str, out: Path, counter: Counter) -> None:
    with httpx.Client(
        base_url=base_url, headers={"Authorization": f"Bearer {API_KEY}"}, timeout=60,
        event_hooks={"request": [counter.sync]},
    ) as http:  # fmt: skip

        def pages(url: str) -> list[dict[str, Any]]:
            found: list[dict[str, Any]] = []
            params: dict[str, Any] = {"limit": 100}
            while True:
                page = http.get(url, params=params).json()
                found += page["data"]
                if not page["has_more"] or not page["data"]:
                    return found
                params["after"] = page["data"][-1]["id"]

        seen: set[str] = set()
        for job in pages("/fine_tuning/jobs"):
            folder = out / "jobs" / job["id"]
            _write(folder / "job.json", job)
            _write(folder / "events.json", pages(f"/fine_tuning/jobs/{job['id']}/events")[::-1])
            _write(folder / "checkpoints.json", pages(f"/fine_tuning/jobs/{job['id']}/checkpoints"))
            for file_id in job["result_files"]:
                (folder / f"{file_id}.csv").write_bytes(http.get(f"/files/{file_id}/content").content)
            file_id = job["training_file"]
            if file_id not in seen:
                seen.add(file_id)
                _write(out / "files" / file_id / "file.json", http.get(f"/files/{file_id}").json())
                with http.stream("GET", f"/files/{file_id}/content") as response, \
                        (out / "files" / file_id / "content").open("wb") as sink:  # fmt: skip
                    for chunk in response.iter_bytes():
                        sink.write(chunk)
        _write(out / "models.json", http.get("/models").json())


def openai_sdk(base_url: str, out: Path, counter: Counter) -> None:
    import openai

    http = httpx.Client(event_hooks={"request": [counter.sync]}, timeout=60)
    client = openai.OpenAI(api_key=API_KEY, base_url=base_url, http_client=http, max_retries=2)
    try:
        seen: set[str] = set()
        for job in client.fine_tuning.jobs.list(limit=100):
            folder = out / "jobs" / job.id
            _write(folder / "job.json", job.model_dump(mode="json"))
            events = [e.model_dump(mode="json") for e in client.fine_tuning.jobs.list_events(job.id, limit=100)]
            _write(folder / "events.json", events[::-1])
            checkpoints = client.fine_tuning.jobs.checkpoints.list(job.id, limit=100)
            _write(folder / "checkpoints.json", [c.model_dump(mode="json") for c in checkpoints])
            for file_id in job.result_files:
                client.files.content(file_id).write_to_file(folder / f"{file_id}.csv")
            if job.training_file not in seen:
                seen.add(job.training_file)
                _write(out / "files" / job.training_file / "file.json",
                       client.files.retrieve(job.training_file).model_dump(mode="json"))  # fmt: skip
                client.files.content(job.training_file).write_to_file(out / "files" / job.training_file / "content")
        _write(out / "models.json", [m.model_dump(mode="json") for m in client.models.list()])
    finally:
        client.close()


def ftkit_export(concurrency: int) -> Callable[[str, Path, Counter], None]:
    def run(base_url: str, out: Path, counter: Counter) -> None:
        import ftkit

        with ftkit.Client(api_key=API_KEY, base_url=base_url) as client:
            client.http_client.event_hooks["request"].append(counter.sync)
            client.export(out, concurrency=concurrency)

    return run


def run(jobs: int = 200, repeats: int = 3) -> dict[str, dict[str, float]]:
    """Median seconds and requests of each contender exporting ``jobs`` finished jobs."""
    contenders: dict[str, Callable[[str, Path, Counter], None]] = {
        "raw httpx": raw_httpx,
        "openai": openai_sdk,
        "ftkit c=1": ftkit_export(1),
        "ftkit c=4": ftkit_export(4),
    }
    figures: dict[str, dict[str, float]] = {}
    with bench_fixtures.emulator_process(speed=100_000.0) as base_url:
        _seed(base_url, jobs)
        scratch = Path(tempfile.mkdtemp(prefix="ftkit-bench-export-"))
        try:
            times: dict[str, list[float]] = {name: [] for name in [*contenders, "ftkit again"]}
            requests: dict[str, int] = {}
            for repeat in range(repeats):
                for name, contender in contenders.items():
                    out = scratch / f"{name.replace(' ', '_')}-{repeat}"
                    counter = Counter()
                    started = time.perf_counter()
                    contender(base_url, out, counter)
                    times[name].append(time.perf_counter() - started)
                    requests[name] = counter.requests
                    if name == "ftkit c=4":
                        counter = Counter()
                        started = time.perf_counter()
                        contender(base_url, out, counter)
                        times["ftkit again"].append(time.perf_counter() - started)
                        requests["ftkit again"] = counter.requests
                    if name != "ftkit c=4":
                        shutil.rmtree(out, ignore_errors=True)
            for name, values in times.items():
                figures[name] = {"seconds": statistics.median(values), "requests": requests[name]}
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return figures


def table(figures: dict[str, dict[str, float]]) -> str:
    base = figures["raw httpx"]["seconds"]
    lines = [f"  {'contender':<12} {'seconds':>9} {'requests':>9}  vs raw httpx"]
    for name, fig in figures.items():
        lines.append(f"  {name:<12} {fig['seconds']:>9.2f} {int(fig['requests']):>9}  {fig['seconds'] / base:.2f}x")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(table(run(args.jobs, args.repeats)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
