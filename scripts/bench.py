#!/usr/bin/env python3
"""Benchmarks: ftkit against the official ``openai`` SDK and raw httpx, in one run.

    scripts/bench                 # the full run (a few minutes)
    scripts/bench --quick         # the short run (well under two minutes)
    scripts/bench --json out.json # also write every figure to out.json (--json alone: to stdout,
                                  # and the table to stderr)
    scripts/bench --sections 2,5  # some sections only

Sections (all in the same run, same machine; every figure is a median of repeats):

1. import time: ``import ftkit`` against ``import openai``, each in a fresh interpreter
2. per-request client overhead: retrieve one job 2,000 times through an in-process
   transport that hands every client the same prepared answer
3. the same over loopback against ``python -m ftkit.emulator`` (keep-alive on)
4. listing 10,000 jobs by auto-pagination, 100 a page, from prepared in-process pages (not
   the emulator, whose own costs would blur the clients' differences; section 7 times those)
5. parsing one page of 100 full job objects into models
6. the training-file validator (``scripts/bench_validator.py``)
7. the emulator's cost per request from 100 to 100,000 jobs (``scripts/bench_emulator.py``)
8. a 1 GiB upload to the served emulator, ftkit's ``files.upload`` against the SDK's
   ``uploads.upload_file_chunked``: MiB/s and each client's peak RSS, each upload in a
   process of its own (``scripts/bench_uploads.py``; 256 MiB with ``--quick``)
9. export of 200 finished jobs over loopback: ``client.export`` against the same fetches with
   raw httpx and with the openai SDK, and a second export that has nothing new to fetch
   (``scripts/bench_export.py``)
10. an evaluation run of 1,000 examples at concurrency 16 against the served emulator:
   ``client.evaluation.run`` (sync and async) against a hand-written asyncio loop over the
   official ``AsyncOpenAI``, each in a process of its own; and ftkit's peak RSS at 10,000
   examples (memory flat in the number of examples; ``scripts/bench_eval.py``)
11. the emulator at real speed, its clock running: page and retrieve costs at 1,000 and 100,000
   finished jobs, memory per finished job, and the slowest request while 1,000 jobs run
   (``scripts/bench_emulator_live.py``)
12. 500 retrieves in flight at once with the async clients against the served emulator:
    ftkit, the SDK and raw httpx with the SDK's pool, and httpx's default pool
    (``scripts/bench_concurrency.py``)
13. 40 job creates through 503s with ``Retry-After: 0.2`` (half of them), ftkit and the SDK:
    wall time, 503s met, requests (``scripts/bench_concurrency.py``)

Then PASS/MISS against the targets of issues 9, 15 and 22 and a summary line of ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_clients
import bench_fixtures
import bench_import
import bench_parse
from bench_timing import Figure, fmt_time, rounds

OUT = sys.stdout


def say(text: str = "") -> None:
    print(text, file=OUT, flush=True)


# -- configuration --------------------------------------------------------------------------------


class Plan:
    """How much of each section to run."""

    def __init__(self, quick: bool, repeats: int | None) -> None:
        self.quick = quick
        self.import_repeats = repeats or (5 if quick else 21)
        self.request_repeats = repeats or (5 if quick else 15)
        self.requests = 2_000
        self.loopback_requests = 500 if quick else 2_000
        self.loopback_repeats = repeats or (5 if quick else 7)
        self.list_total, self.per_page = 10_000, 100
        self.list_repeats = repeats or (3 if quick else 9)
        self.parse_repeats = repeats or (7 if quick else 21)
        self.parse_loops = 10 if quick else 40
        self.in_flight_repeats = repeats


# -- tables ---------------------------------------------------------------------------------------


def table(title: str, figures: dict[str, Figure], unit: str) -> None:
    """One section's table, each row with its ratios to the rows it is compared with."""
    say(f"\n{title}")
    say(f"  {'contender':<15} {unit:>11} {'cpu':>10} {'best':>10} {'spread':>7}  ratios")
    for name, fig in figures.items():
        ratios = [f"{fig.median / figures[o].median:.2f}x {o}" for o in _compared_with(name) if o in figures]
        say(
            f"  {name:<15} {fmt_time(fig.median):>11} {fmt_time(fig.cpu_median):>10} {fmt_time(fig.best):>10}"
            f" {fig.spread:>6.0%}  {', '.join(ratios)}"
        )
        if fig.note:
            say(f"  {'':<15} ({fig.note})")


def _compared_with(name: str) -> list[str]:
    """ftkit against openai and raw httpx of the same kind (sync/async); others against the floor."""
    kind = name.split()[1] if " " in name else ""
    if name == "ftkit":
        return ["openai", "openai strict", "json.loads"]
    if name.startswith("ftkit "):
        return [f"openai {kind}", f"httpx {kind}"]
    if name.startswith("openai"):
        return ["json.loads", f"httpx {kind}"]
    return []


# -- sections -------------------------------------------------------------------------------------


def section_import(plan: Plan, results: dict[str, Any]) -> None:
    with bench_fixtures.emulator_process() as base_url:
        figures = bench_import.run(plan.import_repeats, base_url, bench_fixtures.finished_job_on(base_url))
    results["import"] = figures
    say(f"\n1. import time, fresh interpreter, median of {plan.import_repeats} (timed inside the child)")
    say(f"  {'statement':<18} {'median':>10} {'best':>10} {'spread':>7}  {'-X importtime':>14} {'modules':>8}")
    for name, f in figures.items():
        say(
            f"  {name:<18} {fmt_time(f['median_s']):>10} {fmt_time(f['best_s']):>10} {f['spread']:>6.0%}"
            f"  {fmt_time(f['importtime_total_us'] / 1e6):>14} {f['importtime_modules']:>8}"
        )
    for name in ("ftkit ready", "openai ready"):
        heaviest = ", ".join(f"{m} {us / 1000:.1f} ms" for m, us in figures[name]["importtime_top_self_us"].items())
        say(f"  heaviest modules (self time) for {name}: {heaviest}")
    say("  ('ready' = import, build a client, reach its jobs resource: what a program pays before a request;")
    say("   '1st request': up to a refused connection; '1st retrieve': a job read from the emulator on loopback)")


def section_retrieve(plan: Plan, results: dict[str, Any]) -> None:
    setup = bench_clients.Setup(bench_fixtures.BASE_URL, body=bench_fixtures.job_body())
    try:
        figures = rounds(bench_clients.retrieve_contenders(setup, plan.requests), plan.request_repeats, plan.requests)
    finally:
        setup.close()
    results["retrieve_in_process"] = {k: f.as_dict() for k, f in figures.items()}
    results["_retrieve_in_process"] = figures
    table(
        f"2. client overhead: retrieve one job {plan.requests:,} times in-process (per request, median of "
        f"{plan.request_repeats})",
        figures,
        "per request",
    )


def section_loopback(plan: Plan, results: dict[str, Any]) -> None:
    with bench_fixtures.emulator_process() as base_url:
        job_id = bench_fixtures.finished_job_on(base_url)
        setup = bench_clients.Setup(base_url)
        try:
            figures = rounds(
                bench_clients.retrieve_contenders(setup, plan.loopback_requests, job_id),
                plan.loopback_repeats,
                plan.loopback_requests,
            )
        finally:
            setup.close()
    results["retrieve_loopback"] = {k: f.as_dict() for k, f in figures.items()}
    results["_retrieve_loopback"] = figures
    table(
        f"3. the same over loopback against python -m ftkit.emulator, keep-alive ({plan.loopback_requests:,}"
        f" requests, median of {plan.loopback_repeats}; the server runs on the same 2 cores)",
        figures,
        "per request",
    )


def section_list(plan: Plan, results: dict[str, Any]) -> None:
    pages = bench_fixtures.Pages(plan.list_total, plan.per_page)
    setup = bench_clients.Setup(bench_fixtures.BASE_URL, pages=pages)
    try:
        figures = rounds(bench_clients.list_contenders(setup, plan.list_total, plan.per_page), plan.list_repeats, per=1)
    finally:
        setup.close()
    results["list"] = {k: f.as_dict() for k, f in figures.items()}
    results["_list"] = figures
    table(
        f"4. list {plan.list_total:,} jobs by auto-pagination, {plan.per_page} a page, in-process "
        f"({plan.list_total // plan.per_page} requests; whole listing, median of {plan.list_repeats})",
        figures,
        "10k jobs",
    )


def section_parse(plan: Plan, results: dict[str, Any]) -> None:
    figures = bench_parse.run(plan.parse_repeats, plan.parse_loops)
    results["parse"] = {k: f.as_dict() for k, f in figures.items()}
    results["_parse"] = figures
    table(
        f"5. parse one page of {bench_parse.PAGE_JOBS} full job objects from bytes (per page, median of "
        f"{plan.parse_repeats} x {plan.parse_loops})",
        figures,
        "per page",
    )


def section_validator(plan: Plan, results: dict[str, Any]) -> None:
    import bench_validator

    # run() in a small child process: on Linux a process's peak-RSS figure (ru_maxrss) carries
    # over from fork into exec, so the validator's own children, started from this process
    # (big by now, with openai loaded), would all report this process's size as their peak.
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import bench_validator; "
        "print(json.dumps(bench_validator.run(quick=sys.argv[2] == 'quick')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).resolve().parent), "quick" if plan.quick else "full"],
        capture_output=True,
        text=True,
        check=True,
        timeout=3600,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    results["validator"] = figures
    say(f"\n6. training-file validator (scripts/bench_validator.py{' --quick' if plan.quick else ''})")
    for line in bench_validator._table(figures).splitlines():
        say(f"  {line}")


def section_emulator(plan: Plan, results: dict[str, Any]) -> None:
    import bench_emulator

    figures = bench_emulator.run(quick=plan.quick)
    results["emulator"] = figures
    quick = " --quick" if plan.quick else ""
    say(f"\n7. the emulator as its state grows (scripts/bench_emulator.py{quick}; per request)")
    say(bench_emulator.table(figures))


def section_export(plan: Plan, results: dict[str, Any]) -> None:
    import bench_export

    jobs, repeats = 200, 1 if plan.quick else 3
    figures = bench_export.run(jobs, repeats)
    results["export"] = figures
    say(
        f"\n9. export {jobs} finished jobs over loopback to python -m ftkit.emulator (job, events, checkpoints,"
        f" result file, training files, models; median of {repeats}; scripts/bench_export.py)"
    )
    say(bench_export.table(figures))


def section_emulator_live(plan: Plan, results: dict[str, Any]) -> None:
    import bench_emulator_live

    figures = bench_emulator_live.run(quick=plan.quick)
    results["emulator_live"] = figures
    quick = " --quick" if plan.quick else ""
    say(f"\n11. the emulator at real speed, its clock running (scripts/bench_emulator_live.py{quick})")
    say(bench_emulator_live.table(figures))


def section_uploads(plan: Plan, results: dict[str, Any]) -> None:
    import bench_uploads

    figures = bench_uploads.run(quick=plan.quick)
    results["uploads"] = figures
    say(
        f"\n8. upload of a {figures['size_mib']} MiB file to the served emulator, each client at its default"
        f" settings (scripts/bench_uploads.py; median of {figures['repeats']}, each upload in its own process)"
    )
    say(bench_uploads.table(figures))


def section_eval(plan: Plan, results: dict[str, Any]) -> None:
    import bench_eval

    large = 5_000 if plan.quick else 10_000
    repeats = 1 if plan.quick else 3
    figures = bench_eval.run(examples=1_000, large=large, concurrency=16, repeats=repeats)
    results["eval"] = figures
    say(
        f"\n10. eval run of 1,000 examples at concurrency 16 over loopback to python -m ftkit.emulator, and"
        f" {large:,} for memory (median of {repeats}; each run a process of its own; scripts/bench_eval.py)"
    )
    say(bench_eval.table(figures))


def section_in_flight(plan: Plan, results: dict[str, Any]) -> None:
    import bench_concurrency

    figures = bench_concurrency.in_flight(plan.quick, plan.in_flight_repeats)
    results["in_flight"] = {k: f.as_dict() for k, f in figures.items()}
    results["_in_flight"] = figures
    say(
        f"\n12. {bench_concurrency.IN_FLIGHT} retrieves in flight at once, async clients, over loopback to"
        f" python -m ftkit.emulator (per batch, median of {len(next(iter(figures.values())).walls)};"
        " the server shares the 2 cores, cpu is the client's own; scripts/bench_concurrency.py)"
    )
    say(f"  {'contender':<20} {'batch':>10} {'cpu':>10} {'best':>10} {'spread':>7}  ratios")
    ours = figures["ftkit async"]
    for name, fig in figures.items():
        ratio = (
            f"ftkit {ours.median / fig.median:.2f}x this (cpu {ours.cpu_median / fig.cpu_median:.2f}x)"
            if name != "ftkit async"
            else ""
        )
        say(
            f"  {name:<20} {fmt_time(fig.median):>10} {fmt_time(fig.cpu_median):>10} {fmt_time(fig.best):>10}"
            f" {fig.spread:>6.0%}  {ratio}"
        )


def section_creates(plan: Plan, results: dict[str, Any]) -> None:
    import bench_concurrency

    figures = bench_concurrency.creates_through_503s()
    results["creates_503"] = figures
    say(
        f"\n13. {bench_concurrency.CREATES} job creates, half answered 503 with Retry-After 0.2"
        f" (--fault '{bench_concurrency.FAULT}'; scripts/bench_concurrency.py)"
    )
    say(bench_concurrency.creates_table(figures))


SECTIONS = {
    1: section_import,
    2: section_retrieve,
    3: section_loopback,
    4: section_list,
    5: section_parse,
    6: section_validator,
    7: section_emulator,
    8: section_uploads,
    9: section_export,
    10: section_eval,
    11: section_emulator_live,
    12: section_in_flight,
    13: section_creates,
}


# -- targets --------------------------------------------------------------------------------------


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target of issue 9 that the sections run can judge, with its figures."""
    checks: list[dict[str, Any]] = []

    def check(name: str, value: float, limit: float, against: str, info: bool = False) -> None:
        checks.append(
            {
                "target": name,
                "ratio": round(value, 3),
                "limit": limit,
                "against": against,
                "pass": value <= limit,
                "info": info,
            }
        )

    if "import" in results:
        imp = results["import"]
        check(
            "import ftkit < 1/3 of import openai",
            imp["import ftkit"]["median_s"] / imp["import openai"]["median_s"],
            1 / 3,
            "import openai",
        )
        # Issue 15: `import ftkit; ftkit.Client()` at most a third of openai's.
        check(
            "ready (import + client + jobs) < 1/3 of openai's",
            imp["ftkit ready"]["median_s"] / imp["openai ready"]["median_s"],
            1 / 3,
            "openai ready",
        )
        if "ftkit 1st request" in imp:
            # Shown for context: the connection pool ftkit builds on the first request.
            check(
                "import + client + first request < 1/3 of openai's",
                imp["ftkit 1st request"]["median_s"] / imp["openai 1st request"]["median_s"],
                1 / 3,
                "openai 1st request",
                info=True,
            )
        if "ftkit 1st retrieve" in imp:
            # Issue 22: the time to the first request, a retrieve answered, at most a third of openai's.
            check(
                "import + client + first retrieve answered <= 1/3 of openai's",
                imp["ftkit 1st retrieve"]["median_s"] / imp["openai 1st retrieve"]["median_s"],
                1 / 3,
                "openai 1st retrieve",
            )
    for key, label in (
        ("_retrieve_in_process", "retrieve in-process"),
        ("_retrieve_loopback", "retrieve loopback"),
        ("_list", "list 10k"),
    ):
        if key not in results:
            continue
        figs: dict[str, Figure] = results[key]
        for mode in ("sync", "async"):
            ours = figs[f"ftkit {mode}"].median
            check(f"{label} {mode} <= 0.8x openai", ours / figs[f"openai {mode}"].median, 0.8, f"openai {mode}")
            check(f"{label} {mode} <= 1.3x httpx", ours / figs[f"httpx {mode}"].median, 1.3, f"httpx {mode}")
    if "emulator_live" in results:
        # Issue 22: the served emulator at real speed (absolute targets, shown as a share of each).
        import bench_emulator_live

        for name, value, limit in bench_emulator_live.checks(results["emulator_live"]):
            check(f"{name} <= {limit:g}", value / limit, 1.0, f"{limit:g}")
    if "eval" in results:
        ev = results["eval"]
        small, large = ev[str(ev["examples"])], ev[str(ev["large"])]
        loop = small["openai asyncio loop"]["seconds"]
        check("eval run (sync) <= 1.0x an asyncio loop over AsyncOpenAI",
              small["ftkit eval run (sync)"]["seconds"] / loop, 1.0, "openai asyncio loop")  # fmt: skip
        check("eval run (async) <= 1.0x an asyncio loop over AsyncOpenAI",
              small["ftkit eval run (async)"]["seconds"] / loop, 1.0, "openai asyncio loop")  # fmt: skip
        growth = large["ftkit eval run (sync)"]["peak_rss_mib"] - small["ftkit eval run (sync)"]["peak_rss_mib"]
        check(f"eval run peak RSS growth {ev['examples']:,} -> {ev['large']:,} examples <= 5 MiB", growth, 5.0,
              "MiB")  # fmt: skip
    if "_in_flight" in results:
        figs = results["_in_flight"]
        # Issue 22, item 13: 500 requests in flight at most 0.8x the SDK's time.
        check(
            "500 in flight, async <= 0.8x openai",
            figs["ftkit async"].median / figs["openai async"].median,
            0.8,
            "openai async",
        )
        # Shown for context: the client's own CPU for the batch (the server shares the cores).
        check(
            "500 in flight, async client CPU <= 0.8x openai's",
            figs["ftkit async"].cpu_median / figs["openai async"].cpu_median,
            0.8,
            "openai async",
            info=True,
        )
    if "creates_503" in results:
        f = results["creates_503"]["ftkit"]
        # Issue 22, item 10: a 503 with Retry-After 0.2 costs about what it asks, not 5 s.
        check("create through a 503 (Retry-After 0.2) < 0.5 s per 503", f["per_503_s"] / 0.5, 1.0, "0.5 s")
    if "uploads" in results:
        # Issue 22: a large upload at the default settings, next to the official SDK's.
        local = results["uploads"]["local"]
        # Throughput at least openai's: the time of the same upload at most openai's.
        check(
            "upload time (local) <= 1.0x openai's",
            local["ftkit"]["seconds"] / local["openai"]["seconds"],
            1.0,
            "openai seconds",
        )
        check(
            "upload peak RSS <= 1.2x openai's",
            local["ftkit"]["peak_rss_mb"] / local["openai"]["peak_rss_mb"],
            1.2,
            "openai peak RSS",
        )
    if "_parse" in results:
        figs = results["_parse"]
        check(
            "page parsing (every field read) <= openai",
            figs["ftkit, every field read"].median / figs["openai"].median,
            1.0,
            "openai (SDK default path)",
        )
    return checks


def report_targets(checks: list[dict[str, Any]]) -> None:
    say("\ntargets (issues 9, 15 and 22; 'info' lines are shown for context and not counted)")
    for c in checks:
        verdict = ("PASS" if c["pass"] else "MISS") + (" (info)" if c["info"] else "")
        unit = " MiB" if c["against"] == "MiB" else "x"
        say(f"  {verdict:<11} {c['target']:<48} {c['ratio']:.2f}{unit} (limit {c['limit']:.2f}{unit})")


def summary(results: dict[str, Any], checks: list[dict[str, Any]]) -> str:
    parts = []
    if "import" in results:
        imp = results["import"]
        parts.append(
            f"import {imp['import ftkit']['median_s'] / imp['import openai']['median_s']:.2f}x openai"
            f" (ready {imp['ftkit ready']['median_s'] / imp['openai ready']['median_s']:.2f}x)"
        )
    for key, label in (("_retrieve_in_process", "request"), ("_retrieve_loopback", "loopback"), ("_list", "list")):
        if key in results:
            f = results[key]
            parts.append(
                f"{label} {f['ftkit sync'].median / f['openai sync'].median:.2f}x openai"
                f" {f['ftkit sync'].median / f['httpx sync'].median:.2f}x httpx"
                f" (async {f['ftkit async'].median / f['openai async'].median:.2f}x"
                f"/{f['ftkit async'].median / f['httpx async'].median:.2f}x)"
            )
    if "_parse" in results:
        f = results["_parse"]
        parts.append(
            f"parse {f['ftkit, every field read'].median / f['openai'].median:.2f}x openai (every field read;"
            f" {f['ftkit'].median / f['openai'].median:.2f}x as parsed)"
            f" ({f['ftkit'].median / f['openai strict'].median:.2f}x strict)"
            f" {f['ftkit'].median / f['json.loads'].median:.1f}x json.loads"
        )
    if "validator" in results:
        sizes = results["validator"]["sizes"]
        largest = sizes[max(sizes, key=int)]
        parts.append(f"validator {largest['speedup']}x naive")
    counted = [c for c in checks if not c["info"]]
    parts.append(f"targets {sum(c['pass'] for c in counted)}/{len(counted)} PASS")
    return "summary: " + " | ".join(parts)


# -- main -----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a short run: fewer repeats, small validator files")
    parser.add_argument(
        "--json",
        nargs="?",
        const="-",
        metavar="PATH",
        help="also write the figures as JSON to PATH (no PATH: JSON to stdout, table to stderr)",
    )
    parser.add_argument("--sections", default="1,2,3,4,5,6,7,8,9,10,11,12,13", help="which sections to run, e.g. 2,4")
    parser.add_argument("--repeats", type=int, default=None, help="override the number of repeats of every section")
    args = parser.parse_args(argv)
    if args.json == "-":
        OUT = sys.stderr
    plan = Plan(args.quick, args.repeats)
    chosen = sorted({int(s) for s in args.sections.split(",") if s.strip()})
    started = time.perf_counter()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    say(
        f"ftkit benchmark ({'quick' if args.quick else 'full'}): Python {platform.python_version()},"
        f" {os.cpu_count()} CPUs, load average {load:.2f} at start"
    )
    say(f"  versions: {_versions()}")
    say(
        "  columns: median wall time; cpu = median CPU time of this process; best = fastest repeat;"
        " spread = (slowest - fastest) / median, the noise of the machine"
    )
    results: dict[str, Any] = {"quick": args.quick, "versions": _versions(), "load_at_start": load}
    for number in chosen:
        SECTIONS[number](plan, results)
    checks = targets(results)
    report_targets(checks)
    elapsed = time.perf_counter() - started
    load_end = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    say(f"\n(took {elapsed:.0f} s; load average {load_end:.2f} at the end)")
    line = summary(results, checks)
    say(line)
    if args.json:
        dump = {k: v for k, v in results.items() if not k.startswith("_")}
        dump.update(targets=checks, summary=line, seconds=round(elapsed, 1), load_at_end=load_end)
        text = json.dumps(dump, indent=2, default=str)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
            say(f"figures written to {args.json}")
    return 0


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    found = {}
    for name in ("ftkit", "openai", "httpx", "httpx2", "attrs", "pydantic"):
        try:
            found[name] = version(name)
        except Exception:
            found[name] = "?"
    return found


if __name__ == "__main__":
    sys.exit(main())
