"""Section 1: import time, each measurement in a fresh interpreter.

Two figures per library: the bare ``import`` (what the target is about) and "ready", the
import plus building a client and reaching its jobs resource, which is what a program pays
before its first request (ftkit's ``import ftkit`` is lazy, so the bare figure alone would
flatter it). ``python -X importtime`` totals are given for both: the sum of the
self-times of every module the statement imports, beyond those of an empty interpreter.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
from typing import Any

STATEMENTS = {
    "import ftkit": "import ftkit",
    "ftkit ready": "import ftkit; ftkit.Client(api_key='sk-k', base_url='http://127.0.0.1:9/v1').jobs",
    "import openai": "import openai",
    "openai ready": "import openai; openai.OpenAI(api_key='sk-k', base_url='http://127.0.0.1:9/v1').fine_tuning.jobs",
    # Up to a first request (refused at once by a closed local port): ftkit builds its
    # connection pool on the first request, so "ready" alone would hide that part.
    "ftkit 1st request": "import ftkit\ntry: ftkit.Client(api_key='sk-k', base_url='http://127.0.0.1:9/v1',"
    " max_retries=0).jobs.list()\nexcept ftkit.APIConnectionError: pass",
    "openai 1st request": "import openai\ntry: openai.OpenAI(api_key='sk-k', base_url='http://127.0.0.1:9/v1',"
    " max_retries=0).fine_tuning.jobs.list()\nexcept openai.APIConnectionError: pass",
}

#: Up to a first retrieve that is answered (a finished job read from ``python -m ftkit.emulator``
#: on loopback, started by the caller), its status read: the time to the first request a
#: program makes (issue 22's target). ``{url}`` and ``{job}`` are filled in.
ANSWERED = {
    "ftkit 1st retrieve": "import ftkit\nassert ftkit.Client(api_key='sk-k', base_url='{url}')"
    ".jobs.retrieve('{job}').status == 'succeeded'",
    "openai 1st retrieve": "import openai\nassert openai.OpenAI(api_key='sk-k', base_url='{url}')"
    ".fine_tuning.jobs.retrieve('{job}').status == 'succeeded'",
}

_TIMER = "import time; _t = time.perf_counter()\n{stmt}\nprint(time.perf_counter() - _t)"
_LINE = re.compile(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|\s?(\s*)(\S+)")


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    # -E: no PYTHON* variables from the caller's environment change what gets imported.
    return subprocess.run([sys.executable, "-E", *args], capture_output=True, text=True, check=True, timeout=120)


def import_seconds(stmt: str) -> float:
    """Seconds ``stmt`` takes in a fresh interpreter, timed inside it (start-up excluded)."""
    return float(_python("-c", _TIMER.format(stmt=stmt)).stdout.strip().splitlines()[-1])


def importtime(stmt: str) -> dict[str, Any]:
    """``-X importtime`` of ``stmt``: total self-time (µs) and count of the modules it adds."""

    def modules(code: str) -> dict[str, int]:
        found: dict[str, int] = {}
        for line in _python("-X", "importtime", "-c", code).stderr.splitlines():
            match = _LINE.match(line)
            if match:
                found[match.group(4)] = int(match.group(1))
        return found

    base = _baseline(modules)
    added = {name: us for name, us in modules(stmt).items() if name not in base}
    top = sorted(added.items(), key=lambda item: -item[1])[:5]
    return {"total_us": sum(added.values()), "modules": len(added), "top_self_us": dict(top)}


_BASE: dict[str, int] = {}


def _baseline(modules: Any) -> dict[str, int]:
    if not _BASE:
        _BASE.update(modules("pass"))
    return _BASE


def run(repeats: int, url: str | None = None, job: str | None = None) -> dict[str, Any]:
    """Median import seconds (interleaved repeats) and the -X importtime figures of each statement;
    with a served emulator's ``url`` and a finished ``job`` on it, the answered retrieves too."""
    statements = dict(STATEMENTS)
    if url is not None and job is not None:
        statements.update({name: stmt.format(url=url, job=job) for name, stmt in ANSWERED.items()})
    for stmt in statements.values():  # warm the bytecode caches
        import_seconds(stmt)
    samples: dict[str, list[float]] = {name: [] for name in statements}
    for _ in range(repeats):
        for name, stmt in statements.items():
            samples[name].append(import_seconds(stmt))
    result: dict[str, Any] = {}
    for name, stmt in statements.items():
        values = samples[name]
        runs = [importtime(stmt) for _ in range(3 if repeats >= 9 else 1)]
        totals = sorted(r["total_us"] for r in runs)
        result[name] = {
            "median_s": statistics.median(values),
            "best_s": min(values),
            "spread": (max(values) - min(values)) / statistics.median(values),
            "repeats": repeats,
            "importtime_total_us": statistics.median(totals),
            "importtime_modules": runs[0]["modules"],
            "importtime_top_self_us": runs[0]["top_self_us"],
        }
    return result
