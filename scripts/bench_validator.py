#!/usr/bin/env python3
"""Benchmark: ``ftkit.data.validate`` next to the load-every-line-then-check approach.

Generates chat JSONL files of two sizes (a quarter of ``size_mb`` and ``size_mb``), then
runs each approach in a fresh Python process per measurement and reports throughput
(MB/s, median of the repeats) and peak resident memory (the child's own ``ru_maxrss``).
Also measures the duplicate table's bytes per example (``tracemalloc``): ftkit's
``LineIndex`` next to a Python ``set`` of the same 64-bit hashes, the structure it replaced.
The baseline is honest: it runs ftkit's own per-example checks, duplicate detection and
statistics, only over a list of every line and then a list of every parsed example,
the way most ad-hoc validators do. Both approaches count tokens with the estimator so the
comparison measures validation, not tiktoken.

    python scripts/bench_validator.py            # 50 MB and 200 MB, 3 repeats
    python scripts/bench_validator.py --quick    # 5 MB and 20 MB, 1 repeat
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ERGONOMIC = ROOT / "ergonomic"
# "ftkit-nodups" is validate(check_duplicates=False): without the one set that grows with
# the number of distinct examples, peak memory is flat.
APPROACHES = ("ftkit", "ftkit-nodups", "naive")

_VOCABULARY = (
    "the model should answer briefly and politely when a customer asks about an order refund "
    "shipping delay invoice account password reset product warranty return policy store hours "
    "please thank you we are sorry for the trouble here is what you can do next step check"
)
_WORDS = tuple(_VOCABULARY.split())


def generate(path: Path, size_mb: float, seed: int = 7) -> int:
    """Write a chat-format training file of about ``size_mb`` MB; return its size in bytes.

    Examples vary in length (a few hundred bytes to a few KB) and in shape (with and
    without system message, one or two turns); one line in 2,000 is a duplicate, so the
    duplicate check has work to do.
    """
    rng = random.Random(seed)
    sentences = [" ".join(rng.choices(_WORDS, k=rng.randint(6, 40))) for _ in range(2_000)]

    def text(n: int) -> str:
        return " ".join(rng.choices(sentences, k=n))

    target = int(size_mb * 1_000_000)
    written = 0
    previous = ""
    with open(path, "w", encoding="utf-8") as f:
        while written < target:
            if previous and rng.random() < 0.0005:
                line = previous
            else:
                messages: list[dict[str, Any]] = []
                if rng.random() < 0.9:
                    messages.append({"role": "system", "content": text(1)})
                for _ in range(rng.choice((1, 1, 1, 2))):
                    messages.append({"role": "user", "content": text(rng.randint(1, 6))})
                    messages.append({"role": "assistant", "content": text(rng.randint(1, 8))})
                line = json.dumps({"messages": messages}) + "\n"
            previous = line
            f.write(line)
            written += len(line.encode("utf-8"))
    return written


def naive_validate(path: str) -> dict[str, Any]:
    """The baseline: every line into a list, every example parsed into a list, then the
    same checks, duplicate detection and statistics as ftkit, over the lists."""
    from ftkit.data._collect import Collector
    from ftkit.data._formats import make_checker
    from ftkit.data._tokens import get_counter

    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    out = Collector(20)
    out.file = path
    parsed: list[tuple[int, Any]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            parsed.append((number, json.loads(line)))
        except ValueError as exc:
            out.error(number, "", "invalid_json", str(exc))
    check = make_checker("supervised", out, get_counter("o200k_base", "estimate").count)
    tokens: list[int] = []
    assistant: list[int] = []
    messages: list[int] = []
    seen: set[int] = set()
    duplicates = 0
    for number, example in parsed:
        if not isinstance(example, dict):
            out.error(number, "", "not_an_object", "not an object")
            continue
        m = check(example, number)
        if m is None:
            continue
        tokens.append(m.tokens)
        assistant.append(m.assistant_tokens)
        messages.append(m.messages)
        key = hash(lines[number - 1])
        if key in seen:
            duplicates += 1
        seen.add(key)
    summary = {}
    for name, values in (("tokens", tokens), ("assistant", assistant), ("messages", messages)):
        if values:
            cuts = statistics.quantiles(values, n=20, method="inclusive")
            summary[name] = (min(values), cuts[0], statistics.median(values), cuts[-1], max(values))
    return {"examples": len(tokens), "errors": sum(out.error_counts.values()), "duplicates": duplicates}


def table_bytes(n: int, seed: int = 3) -> dict[str, float]:
    """Bytes per example of a duplicate table holding ``n`` distinct line hashes.

    ``line_index`` is ftkit's table (keys and slots, as ``validate`` fills it, line by line,
    growing as it goes: the case of a pipe, where the size is not known up front);
    ``python_set`` a ``set`` of the same hashes, each a Python int (what ftkit kept before).
    Each is measured alone, with ``tracemalloc``, as what it holds once filled.
    """
    sys.path.insert(0, str(ERGONOMIC))
    from ftkit.data import LineIndex

    rng = random.Random(seed)
    keys = [rng.getrandbits(64) - (1 << 63) for _ in range(n)]
    result: dict[str, float] = {"examples": n}
    tracemalloc.start()
    index = LineIndex()
    for number, key in enumerate(keys, 1):
        index.add(number, key)
    result["line_index"] = round(tracemalloc.get_traced_memory()[0] / n, 1)
    tracemalloc.stop()
    del index
    tracemalloc.start()
    seen: set[int] = set()
    for key in keys:
        seen.add(key + 0)  # a new int object, as hash() returns one per line
    result["python_set"] = round(tracemalloc.get_traced_memory()[0] / n, 1)
    tracemalloc.stop()
    return result


_CHILD = """
import json, resource, sys, time
sys.path[:0] = [{ergonomic!r}, {scripts!r}]
approach, path = sys.argv[1], sys.argv[2]
import ftkit.data, bench_validator
start, cpu_start = time.perf_counter(), time.process_time()
if approach == "ftkit":
    r = ftkit.data.validate(path, tokens="estimate")
    result = {{"examples": r.stats.examples, "errors": r.error_total,
              "duplicates": r.warning_counts.get("duplicate_example", 0)}}
elif approach == "ftkit-nodups":
    r = ftkit.data.validate(path, tokens="estimate", check_duplicates=False)
    result = {{"examples": r.stats.examples, "errors": r.error_total, "duplicates": 0}}
elif approach == "naive":
    result = bench_validator.naive_validate(path)
else:
    result = {{}}
result["seconds"] = time.perf_counter() - start
result["cpu_seconds"] = time.process_time() - cpu_start
result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
"""


def _child(approach: str, path: Path) -> dict[str, Any]:
    code = _CHILD.format(ergonomic=str(ERGONOMIC), scripts=str(Path(__file__).resolve().parent))
    done = subprocess.run(
        [sys.executable, "-c", code, approach, str(path)], capture_output=True, text=True, check=True, timeout=1800
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(size_mb: int = 200, quick: bool = False) -> dict[str, Any]:
    """Measure both approaches at ``size_mb / 4`` and ``size_mb`` MB; return the figures.

    ``quick`` uses 5 and 20 MB and one repeat, for a smoke run. The answer has, per size
    and approach, ``mb_per_s`` (median), ``peak_rss_mb`` (largest of the repeats), the
    interpreter's own baseline RSS, and the examples each approach counted (they must
    agree).

    >>> figures = run(quick=True)  # doctest: +SKIP
    >>> figures["sizes"]["20"]["ftkit"]["mb_per_s"] > figures["sizes"]["20"]["naive"]["mb_per_s"]  # doctest: +SKIP
    True
    """
    sizes = (5, 20) if quick else (max(1, size_mb // 4), size_mb)
    repeats = 1 if quick else 3
    figures: dict[str, Any] = {"repeats": repeats, "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="ftkit-bench-") as tmp:
        for size in sizes:
            path = Path(tmp) / f"chat_{size}mb.jsonl"
            nbytes = generate(path, size)
            mb = nbytes / 1_000_000
            entry: dict[str, Any] = {
                "file_mb": round(mb, 1),
                "baseline_rss_mb": round(_child("none", path)["maxrss_mb"], 1),
            }
            for approach in APPROACHES:
                runs = [_child(approach, path) for _ in range(repeats)]
                entry[approach] = {
                    "mb_per_s": round(mb / statistics.median(r["seconds"] for r in runs), 1),
                    "seconds": round(statistics.median(r["seconds"] for r in runs), 2),
                    "cpu_mb_per_s": round(mb / statistics.median(r["cpu_seconds"] for r in runs), 1),
                    "peak_rss_mb": round(max(r["maxrss_mb"] for r in runs), 1),
                    "examples": runs[0]["examples"],
                    "duplicates": runs[0]["duplicates"],
                }
            entry["speedup"] = round(entry["ftkit"]["mb_per_s"] / entry["naive"]["mb_per_s"], 2)
            entry["cpu_speedup"] = round(entry["ftkit"]["cpu_mb_per_s"] / entry["naive"]["cpu_mb_per_s"], 2)
            figures["sizes"][str(size)] = entry
            os.remove(path)
    small, large = (figures["sizes"][str(s)] for s in sizes)
    figures["duplicate_table"] = table_bytes(large["ftkit"]["examples"])
    share = large["ftkit"]["peak_rss_mb"] - large["ftkit-nodups"]["peak_rss_mb"]
    figures["duplicate_rss_mb"] = round(share, 1)
    figures["duplicate_rss_bytes_per_example"] = round(share * 1_048_576 / large["ftkit"]["examples"], 1)
    figures["ftkit_rss_growth_mb"] = round(large["ftkit"]["peak_rss_mb"] - small["ftkit"]["peak_rss_mb"], 1)
    figures["ftkit_nodups_rss_growth_mb"] = round(
        large["ftkit-nodups"]["peak_rss_mb"] - small["ftkit-nodups"]["peak_rss_mb"], 1
    )
    figures["naive_rss_growth_mb"] = round(large["naive"]["peak_rss_mb"] - small["naive"]["peak_rss_mb"], 1)
    return figures


def _table(figures: dict[str, Any]) -> str:
    header = ("file", "approach", "MB/s", "CPU MB/s", "seconds", "peak RSS MB", "examples")
    rows = ["{:>8}  {:<12}  {:>7}  {:>8}  {:>7}  {:>11}  {:>9}".format(*header)]
    for entry in figures["sizes"].values():
        for approach in APPROACHES:
            a = entry[approach]
            rows.append(
                f"{entry['file_mb']:>6.0f}MB  {approach:<12}  {a['mb_per_s']:>7.1f}  {a['cpu_mb_per_s']:>8.1f}  "
                f"{a['seconds']:>7.2f}  {a['peak_rss_mb']:>11.1f}  {a['examples']:>9,}"
            )
        rows.append(
            f"{'':>8}  ftkit speed-up over naive {entry['speedup']}x (CPU time {entry['cpu_speedup']}x); "
            f"interpreter baseline {entry['baseline_rss_mb']} MB"
        )
    rows.append(
        f"peak RSS growth from the small to the large file: ftkit {figures['ftkit_rss_growth_mb']} MB "
        f"(ftkit-nodups {figures['ftkit_nodups_rss_growth_mb']} MB), naive {figures['naive_rss_growth_mb']} MB; "
        f"speed is the median of {figures['repeats']} runs"
    )
    table = figures["duplicate_table"]
    rows.append(
        f"duplicate table, {table['examples']:,} examples: ftkit's LineIndex {table['line_index']} bytes/example, "
        f"a Python set of the hashes (ftkit before) {table['python_set']} bytes/example; in the peak RSS of the "
        f"large file: {figures['duplicate_rss_mb']} MB ({figures['duplicate_rss_bytes_per_example']} bytes/example)"
    )
    return "\n".join(rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--size-mb", type=int, default=200, help="larger file size (the smaller is a quarter)")
    parser.add_argument("--quick", action="store_true", help="5 and 20 MB, one repeat")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    started = time.perf_counter()
    result = run(args.size_mb, quick=args.quick)
    print(json.dumps(result, indent=2) if args.json else _table(result))
    print(f"(benchmark took {time.perf_counter() - started:.0f}s)", file=sys.stderr)
