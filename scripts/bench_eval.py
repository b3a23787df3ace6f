#!/usr/bin/env python3
"""An evaluation run: ``client.evaluation.run`` (``ftkit eval run``) against a hand-written asyncio
loop over the official ``AsyncOpenAI``, at the same concurrency, against ``python -m ftkit.emulator``
served on loopback, in the same run.

    python scripts/bench_eval.py [--examples 1000] [--large 10000] [--concurrency 16] [--repeats 3]

Every contender reads the same data file (a supervised chat line per example), asks the base
model each prompt, and appends each answer to a JSONL file as it arrives. The loop is what one
writes by hand: a coroutine per example, a semaphore of ``--concurrency``, the SDK's retries.
ftkit's run does what ``ftkit eval run`` does: reads and checks every example and estimates the
cost first, then one flow per example, results.jsonl and run.json. Each run is a process of its
own: figures are the operation's wall time (median of the repeats, the process's start-up left
out) and the process's peak RSS, at ``--examples`` and at ``--large`` examples (memory flat in the
number of examples: ftkit's peak RSS at both sizes).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_fixtures

MODEL = "gpt-4o-mini-2024-07-18"

# Each contender runs in a fresh interpreter: argv = base_url, data, out, concurrency.
_LOOP = r"""
import asyncio, json, resource, sys, time
from openai import AsyncOpenAI

base_url, data, out, concurrency = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

async def main():
    client = AsyncOpenAI(base_url=base_url, api_key="sk-bench", max_retries=8)
    gate = asyncio.Semaphore(concurrency)
    sink = open(out, "a")

    async def one(number, line):
        messages = json.loads(line)["messages"][:-1]
        async with gate:
            started = time.monotonic()
            answer = await client.chat.completions.create(model=sys.argv[5], messages=messages)
        record = {"id": number, "answer": answer.choices[0].message.content,
                  "usage": answer.usage.model_dump(), "latency_s": time.monotonic() - started}
        sink.write(json.dumps(record) + "\n")
        sink.flush()

    with open(data) as lines:
        await asyncio.gather(*(one(n, line) for n, line in enumerate(lines, start=1) if line.strip()))
    sink.close()
    await client.close()

started = time.perf_counter()
asyncio.run(main())
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_FTKIT = r"""
import asyncio, json, resource, sys, time
import ftkit

base_url, data, out, concurrency, model, side = sys.argv[1:7]

started = time.perf_counter()
if side == "sync":
    with ftkit.Client(api_key="sk-bench", base_url=base_url) as client:
        result = client.evaluation.run(data, model=model, out=out, concurrency=int(concurrency))
else:
    async def main():
        async with ftkit.AsyncClient(api_key="sk-bench", base_url=base_url) as client:
            return await client.evaluation.run(data, model=model, out=out, concurrency=int(concurrency))
    result = asyncio.run(main())
seconds = time.perf_counter() - started
assert result.answered == result.examples == result.sent, result
print(json.dumps({"seconds": seconds, "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def write_data(path: Path, examples: int) -> None:
    with path.open("w") as out:
        for n in range(examples):
            out.write(json.dumps({"messages": [
                {"role": "system", "content": "Marv is a factual chatbot that is also sarcastic."},
                {"role": "user", "content": f"What is {n % 97} plus {n % 89}? Example {n}."},
                {"role": "assistant", "content": f"{n % 97 + n % 89}. Counting is hard, I understand."},
            ]}) + "\n")  # fmt: skip


def _once(code: str, args: list[str]) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def run(examples: int = 1000, large: int = 10_000, concurrency: int = 16, repeats: int = 3) -> dict[str, Any]:
    """The figures of each contender at ``examples`` (and ftkit's and the loop's at ``large``)."""
    figures: dict[str, Any] = {"examples": examples, "large": large, "concurrency": concurrency, "repeats": repeats}
    scratch = Path(tempfile.mkdtemp(prefix="ftkit-bench-eval-"))
    contenders = {
        "openai asyncio loop": (_LOOP, ["{out}.jsonl", MODEL]),
        "ftkit eval run (sync)": (_FTKIT, ["{out}", MODEL, "sync"]),
        "ftkit eval run (async)": (_FTKIT, ["{out}", MODEL, "async"]),
    }
    with bench_fixtures.emulator_process(speed=1000.0) as base_url:
        for size in (examples, large):
            data = scratch / f"data-{size}.jsonl"
            write_data(data, size)
            rows: dict[str, dict[str, float]] = {}
            for name, (code, extra) in contenders.items():
                if size == large and name == "ftkit eval run (async)":
                    continue
                seconds, peaks = [], []
                for repeat in range(repeats if size == examples else 1):
                    out = str(scratch / f"{''.join(c if c.isalnum() else '_' for c in name)}-{size}-{repeat}")
                    args = [base_url, str(data), extra[0].format(out=out), str(concurrency), *extra[1:]]
                    if code is _LOOP:
                        args = [base_url, str(data), extra[0].format(out=out), str(concurrency), MODEL]
                    found = _once(code, args)
                    seconds.append(found["seconds"])
                    peaks.append(found["peak_rss_mib"])
                rows[name] = {"seconds": statistics.median(seconds), "peak_rss_mib": max(peaks)}
            figures[str(size)] = rows
    return figures


def table(figures: dict[str, Any]) -> str:
    lines = []
    small, large = str(figures["examples"]), str(figures["large"])
    loop = figures[small]["openai asyncio loop"]["seconds"]
    lines.append(f"  {'contender':<24} {'examples':>9} {'seconds':>9} {'ex/s':>8} {'peak RSS':>10}  vs the loop")
    for size in (small, large):
        base = figures[size]["openai asyncio loop"]["seconds"]
        for name, row in figures[size].items():
            rate = int(size) / row["seconds"]
            lines.append(f"  {name:<24} {size:>9} {row['seconds']:>9.2f} {rate:>8.0f} {row['peak_rss_mib']:>7.0f} MiB"
                         f"  {row['seconds'] / base:.2f}x")  # fmt: skip
    ours = figures[small]["ftkit eval run (sync)"]
    grown = figures[large]["ftkit eval run (sync)"]["peak_rss_mib"] - ours["peak_rss_mib"]
    lines.append(f"  ftkit's time at {small}: {ours['seconds'] / loop:.2f}x the loop's; its peak RSS grows by"
                 f" {grown:.1f} MiB from {small} to {large} examples")  # fmt: skip
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--examples", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(table(run(args.examples, args.large, args.concurrency, args.repeats)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
