#!/usr/bin/env python3
"""A large upload to the served emulator: ftkit's ``files.upload`` (an Upload, parts in
parallel) against the official SDK's ``client.uploads.upload_file_chunked`` (parts one
after another), in the same run, each at its default settings (ftkit: 32 MiB parts, four at a
time; the SDK: 64 MiB parts, one at a time).

    python scripts/bench_uploads.py              # a 1 GiB file, 3 repeats each
    python scripts/bench_uploads.py --quick      # 256 MiB, 1 repeat

Each upload runs in a fresh interpreter of its own, so one client's memory does not count
against the other's: the figure is the child's peak resident set (``VmHWM``, which exec
resets; ``ru_maxrss`` would carry the parent's over). The file has real bytes (random, made
once, kept in the page cache). ftkit computes the md5 while reading and sends it (the server
checks it); the SDK sends none unless given one, and runs as documented, without. The emulator
(``python -m ftkit.emulator``) runs on the same machine, so its cost of taking the parts is
in both figures; each stored file is deleted after its run. Two scenarios: the emulator
answering as fast as it can (on the same 2 cores as the client: the server's own cost
dominates), and each part answered half a second later (``--fault ... delay=0.5``), as a
distant server does, where sending parts side by side pays.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

MiB = 1 << 20
KEY = "sk-bench"


def _peak_rss_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def child(client: str, base_url: str, path: str, md5: str, part_size: int) -> dict[str, Any]:
    """One upload in this (fresh) process; its time, throughput and peak memory. ``part_size``
    0: the client's default."""
    size = os.path.getsize(path)
    sizes: dict[str, Any] = {"part_size": part_size} if part_size else {}
    if client == "ftkit":
        import ftkit

        with ftkit.Client(api_key=KEY, base_url=base_url) as c:
            started = time.perf_counter()
            uploaded = c.files.upload(path, state_file=None, **sizes)
            seconds = time.perf_counter() - started
            file_id, stored = uploaded.id, uploaded.bytes_
            c.files.delete(file_id)
    else:
        import openai

        with openai.OpenAI(api_key=KEY, base_url=base_url) as c:
            started = time.perf_counter()
            # As documented, without an md5 unless given one; ftkit always computes and sends it.
            extra: dict[str, Any] = {"md5": md5} if md5 != "-" else {}
            upload = c.uploads.upload_file_chunked(
                file=Path(path), mime_type="text/jsonl", purpose="fine-tune", **sizes, **extra
            )
            seconds = time.perf_counter() - started
            assert upload.file is not None
            file_id, stored = upload.file.id, upload.file.bytes
            c.files.delete(file_id)
    assert stored == size, (stored, size)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "seconds": seconds,
        "mb_per_s": size / MiB / seconds,
        "peak_rss_mb": _peak_rss_mb(),
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
    }


def make_file(path: Path, size: int) -> str:
    """Random bytes in lines (a JSONL name, content that does not compress); its md5."""
    digest = hashlib.md5(usedforsecurity=False)
    block = os.urandom(4 * MiB)
    with path.open("wb") as f:
        written = 0
        while written < size:
            piece = block[: min(len(block), size - written)]
            f.write(piece)
            digest.update(piece)
            written += len(piece)
    return digest.hexdigest()


#: The second scenario: the server takes this long to answer each part, as a distant API does
#: (the round trip, the server's own work); the emulator holds each answer back that long.
PART_LATENCY = 0.5


def _scenario(path: Path, size: int, part_size: int, repeats: int, extra: list[str]) -> dict[str, Any]:
    import bench_fixtures

    runs: dict[str, list[dict[str, Any]]] = {"ftkit": [], "openai": []}
    # Real speed: at the fixtures' usual 1000x, an Upload's hour would pass in 3.6 seconds.
    with bench_fixtures.emulator_process(speed=1.0, extra=extra) as base_url:
        for _ in range(repeats):
            for client in ("ftkit", "openai"):
                done = subprocess.run(
                    [sys.executable, __file__, "--child", client, base_url, str(path), "-", str(part_size)],
                    capture_output=True,
                    text=True,
                    timeout=3600,
                )
                if done.returncode != 0:
                    raise RuntimeError(f"the {client} upload failed:\n{done.stderr[-3000:]}")
                runs[client].append(json.loads(done.stdout.strip().splitlines()[-1]))
    figures: dict[str, Any] = {}
    for client, results in runs.items():
        figures[client] = {
            "mb_per_s": statistics.median(r["mb_per_s"] for r in results),
            "seconds": statistics.median(r["seconds"] for r in results),
            "cpu_seconds": statistics.median(r["cpu_seconds"] for r in results),
            "peak_rss_mb": max(r["peak_rss_mb"] or 0.0 for r in results),
            "runs": results,
        }
    figures["speed_ratio"] = figures["ftkit"]["mb_per_s"] / figures["openai"]["mb_per_s"]
    return figures


def run(quick: bool = False, size_mib: int | None = None, repeats: int | None = None) -> dict[str, Any]:
    """Both clients, alternating, ``repeats`` times each, in two scenarios; medians."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    size = (size_mib or (256 if quick else 1024)) * MiB
    repeats = repeats or (1 if quick else 3)
    part_size = 0  # each client's default
    latency = ["--fault", f"POST /uploads/{{upload_id}}/parts delay={PART_LATENCY}"]
    with tempfile.TemporaryDirectory(prefix="ftkit-bench-upload-") as directory:
        path = Path(directory) / "large.jsonl"
        make_file(path, size)
        return {
            "size_mib": size // MiB,
            "repeats": repeats,
            "part_latency_s": PART_LATENCY,
            "local": _scenario(path, size, part_size, repeats, []),
            "latency": _scenario(path, size, part_size, repeats, latency),
        }


def table(figures: dict[str, Any]) -> str:
    lines = [f"  {'client':<30} {'MiB/s':>8} {'seconds':>8} {'client cpu':>11} {'peak RSS':>10}"]
    names = {"ftkit": "ftkit files.upload", "openai": "openai upload_file_chunked"}
    titles = {
        "local": "the emulator answering as fast as it can (same 2 cores)",
        "latency": f"each part answered {figures['part_latency_s']} s later (a distant server)",
    }
    for scenario in ("local", "latency"):
        lines.append(f"  {titles[scenario]}:")
        for client in ("ftkit", "openai"):
            f = figures[scenario][client]
            lines.append(
                f"    {names[client]:<28} {f['mb_per_s']:8.1f} {f['seconds']:8.2f} {f['cpu_seconds']:9.2f} s"
                f" {f['peak_rss_mb']:7.0f} MB"
            )
        ratio = figures[scenario]["ftkit"]["peak_rss_mb"] / figures[scenario]["openai"]["peak_rss_mb"]
        lines.append(f"    ftkit / openai throughput: {figures[scenario]['speed_ratio']:.2f}x, peak RSS: {ratio:.2f}x")
    return "\n".join(lines)


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        client, base_url, path, md5, part_size = sys.argv[2:7]
        print(json.dumps(child(client, base_url, path, md5, int(part_size))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--size-mib", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=None)
    args = parser.parse_args()
    figures = run(args.quick, args.size_mib, args.repeats)
    print(
        f"upload of a {figures['size_mib']} MiB file, each client at its default settings, median of "
        f"{figures['repeats']} (each in its own process; the emulator serves on the same machine)"
    )
    print(table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
