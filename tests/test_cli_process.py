"""The ``ftkit`` command as a real process: the demo end to end, the emulator server, Ctrl-C."""

from __future__ import annotations

import datetime
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest_emulator import PROCESS_BOUND, served_at
from ftkit.cli._demo import DEMO_SPEED
from ftkit.emulator import Emulator, EmulatorServer

ROOT = Path(__file__).resolve().parents[1]
RETRIEVE = "GET /fine_tuning/jobs/{fine_tuning_job_id}"


def environment() -> dict[str, str]:
    """This environment without any OpenAI settings (the demo must not find a key) and
    with the source tree first on the path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "ergonomic"), str(ROOT / "generated"), env.get("PYTHONPATH", "")])
    env["NO_COLOR"] = "1"
    return env


def ftkit(*args: str) -> list[str]:
    return [sys.executable, "-m", "ftkit.cli", *args]


@pytest.fixture
def emulator_server() -> Iterator[EmulatorServer]:
    with Emulator(clock="manual", seed=0).serve() as served:
        yield served


def test_demo_runs_a_whole_job_offline_and_writes_the_plot(tmp_path: Path) -> None:
    done = subprocess.run(
        ftkit("demo", "--out", str(tmp_path), "--speed", "1000"),
        capture_output=True,
        text=True,
        env=environment(),
        timeout=PROCESS_BOUND,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "in-process emulator" in out
    assert re.search(r"Fine-tuned model: ft:gpt-4o-mini-2024-07-18:emulator:ftkit-demo:\w+", out), out
    assert "Step 36/36: training loss=" in out, "one line per event when stdout is not a terminal"
    for figure in ("final train loss", "lowest train loss", "final valid loss"):
        assert figure in out
    assert f"Loss plot: {tmp_path / 'loss.png'}" in out
    png = (tmp_path / "loss.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    assert (tmp_path / "train.jsonl").exists() and (tmp_path / "valid.jsonl").exists()
    assert "Traceback" not in done.stderr
    # The README's "about 5 seconds": the job's emulated minute at the demo's default speed.
    stamps = [datetime.datetime.strptime(s, "%H:%M:%S") for s in re.findall(r"^(\d\d:\d\d:\d\d) ", out, re.M)]
    span = (stamps[-1] - stamps[0]).total_seconds() % 86400
    assert len(stamps) > 36 and span / DEMO_SPEED <= 6, f"{span} emulated seconds take {span / DEMO_SPEED:.1f} s"


def test_emulator_serve_until_interrupted() -> None:
    process = subprocess.Popen(
        ftkit("emulator", "serve", "--port", "0", "--speed", "5"),
        stderr=subprocess.PIPE,
        text=True,
        env=environment(),
    )
    try:
        base_url = served_at(process)
        listed = subprocess.run(
            ftkit("--base-url", base_url, "--api-key", "sk-any", "jobs", "list", "--json"),
            capture_output=True,
            text=True,
            env=environment(),
            timeout=PROCESS_BOUND,
        )
        assert listed.returncode == 0 and listed.stdout.strip() == "[]", listed.stderr
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=PROCESS_BOUND) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


def test_ctrl_c_while_waiting_exits_130_and_leaves_the_job(emulator_server: EmulatorServer) -> None:
    emulator = emulator_server.emulator
    with httpx.Client(base_url=emulator_server.base_url, headers={"Authorization": "Bearer k"}) as http:
        lines = "".join('{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}\n'
                        for _ in range(10))  # fmt: skip
        file_id = http.post("/files", files={"file": ("t.jsonl", lines)}, data={"purpose": "fine-tune"}).json()["id"]
        job_id = http.post("/fine_tuning/jobs", json={"model": "gpt-4o-mini", "training_file": file_id}).json()["id"]
    wait = ("jobs", "wait", job_id, "--poll-interval", "0.1")
    process = subprocess.Popen(
        ftkit("--base-url", emulator_server.base_url, "--api-key", "k", *wait),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(),
    )
    try:
        # The manual clock never moves, so the wait polls until interrupted.
        deadline = time.monotonic() + PROCESS_BOUND
        while emulator.request_count(RETRIEVE) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert emulator.request_count(RETRIEVE) >= 3, "the wait never polled"
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=PROCESS_BOUND)
        assert process.returncode == 130
        assert f"stopped watching {job_id}" in err and f"ftkit jobs cancel {job_id}" in err
        assert "Traceback" not in err
        assert emulator.request_count("POST /fine_tuning/jobs/{fine_tuning_job_id}/cancel") == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_scripts_demo_stays_offline_whatever_the_environment(tmp_path: Path) -> None:
    # The README's first command runs against the built-in emulator even when the caller's
    # environment points at a real server: it must never try to bill a job.
    env = {**os.environ, "OPENAI_API_KEY": "sk-not-a-real-key", "OPENAI_BASE_URL": "https://example.invalid/v1"}
    done = subprocess.run(
        [str(ROOT / "scripts" / "demo"), "--out", str(tmp_path), "--speed", "1000"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.search(r"Fine-tuned model: ft:gpt-4o-mini-2024-07-18:\S+", done.stdout)
    assert (tmp_path / "loss.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
