"""``ftkit eval`` as a new user would run it, against the emulator served over real HTTP: the
walk-through (fine-tune, record the fine-tune and its base, compare with an interval, the PNG
and the HTML), a real process killed half-way and rerun, and the commands' messages."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from ftkit.cli import cli
from ftkit.emulator import Emulator, EmulatorServer

CHAT = "POST /chat/completions"
BASE = "gpt-4o-mini-2024-07-18"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def no_openai_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    # A fast clock: `jobs create --wait` sees the job through in a fraction of a second.
    with Emulator(speed=500, seed=3) as emulator:
        yield emulator


@pytest.fixture
def server(emulator: Emulator) -> Iterator[EmulatorServer]:
    with emulator.serve() as served:
        yield served


def ftkit(server: EmulatorServer, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The ``ftkit`` command in a process of its own, as a user runs it."""
    env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "sk-user", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "ftkit.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)  # fmt: skip


def ok(done: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert done.returncode == 0, (done.args, done.stdout, done.stderr)
    return done


def results(directory: Path) -> dict[int, tuple[str, str]]:
    lines = (directory / "results.jsonl").read_text().splitlines()
    return {r["id"]: (r["answer"], r["score"]) for r in map(json.loads, lines)}


def test_the_walk_through_of_a_new_user(server: EmulatorServer, tmp_path: Path) -> None:
    ok(ftkit(server, tmp_path, "eval", "samples", "data"))
    job = json.loads(ok(ftkit(server, tmp_path, "jobs", "create", "--model", BASE, "-t", "data/train.jsonl",
                              "--wait", "--json")).stdout)  # fmt: skip
    model = job["fine_tuned_model"]
    assert job["status"] == "succeeded" and model.startswith("ft:")
    runs = []
    for name, asked in (("base", BASE), ("ft", model)):
        done = ok(ftkit(server, tmp_path, "eval", "run", "data/heldout.jsonl", "--model", asked, "--out",
                        f"runs/{name}", "--grader", "data/grader.json", "--max-cost", "1",
                        "--max-completion-tokens", "200"))  # fmt: skip
        assert "estimate: 50 examples to send" in done.stderr and "at most $0.0" in done.stderr
        assert "50 answered, 0 failed" in done.stdout
        runs.append(name)
    done = ok(ftkit(server, tmp_path, "eval", "compare", "runs/base", "runs/ft", "--plot", "compare.png",
                    "--html", "compare.html", "--json"))  # fmt: skip
    comparison = json.loads(done.stdout)
    assert comparison["paired"] == 50 and comparison["b"]["mean"] > comparison["a"]["mean"]
    low, high = comparison["interval"]
    assert 0 < low <= comparison["difference"] <= high
    assert (tmp_path / "compare.png").read_bytes().startswith(PNG)
    page = (tmp_path / "compare.html").read_text()
    assert "<script" in page and "http://" not in page and "https://" not in page  # no external asset
    shown = ok(ftkit(server, tmp_path, "eval", "compare", "runs/base", "runs/ft"))
    assert "B - A" in shown.stdout and "95% interval" in shown.stdout and "changed most" in shown.stdout
    config = ok(ftkit(server, tmp_path, "eval", "promptfoo", "runs/base", "runs/ft", "-o", "pf/promptfooconfig.yaml"))
    assert "wrote pf/promptfooconfig.yaml (50 tests, 2 providers)" in config.stdout


def test_a_killed_run_rerun_sends_only_the_missing_examples(
    emulator: Emulator, server: EmulatorServer, tmp_path: Path
) -> None:
    ok(ftkit(server, tmp_path, "eval", "samples", "data"))
    whole = ok(ftkit(server, tmp_path, "eval", "run", "data/heldout.jsonl", "--model", BASE, "--out", "whole",
                     "--grader", "data/grader.json"))  # fmt: skip
    assert "50 answered" in whole.stdout
    emulator.inject(CHAT, delay=0.1)  # slow answers, so that the kill lands half-way
    env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "sk-user"}
    process = subprocess.Popen(
        [sys.executable, "-m", "ftkit.cli", "eval", "run", "data/heldout.jsonl", "--model", BASE, "--out", "killed",
         "--grader", "data/grader.json", "--concurrency", "2"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    recorded = tmp_path / "killed" / "results.jsonl"
    try:
        deadline = time.monotonic() + 120  # a bound for a stuck process, not a measure
        while not (recorded.exists() and recorded.read_bytes().count(b"\n") >= 10):
            assert process.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, "the run recorded nothing"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    emulator.clear_faults()
    kept = recorded.read_bytes().count(b"\n")  # whole lines (a line cut short is dropped by the rerun)
    assert 10 <= kept < 50
    before = emulator.request_count(CHAT)
    rerun = ok(ftkit(server, tmp_path, "eval", "run", "data/heldout.jsonl", "--model", BASE, "--out", "killed",
                     "--grader", "data/grader.json"))  # fmt: skip
    assert emulator.request_count(CHAT) - before == 50 - kept
    assert f"{50 - kept} sent, {kept} recorded before" in rerun.stdout
    assert results(tmp_path / "killed") == results(tmp_path / "whole")


def test_a_429_storm_from_the_command_line(tmp_path: Path) -> None:
    # `ftkit emulator serve --fault ...`: the storm slows the run and no example is lost.
    port_file = tmp_path / "serve.log"
    with port_file.open("w") as log:
        serve = subprocess.Popen(
            [sys.executable, "-m", "ftkit.cli", "emulator", "serve", "--port", "0", "--fault",
             "POST /chat/completions status=429 times=30 retry_after=0.01"],
            stdout=log, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while "http://" not in port_file.read_text():
            assert serve.poll() is None, port_file.read_text()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        url = next(w for w in port_file.read_text().split() if w.startswith("http://")).rstrip(".,")
        env = {**os.environ, "OPENAI_BASE_URL": url, "OPENAI_API_KEY": "sk-user"}
        ok(subprocess.run([sys.executable, "-m", "ftkit.cli", "eval", "samples", "data"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60))  # fmt: skip
        done = ok(subprocess.run(
            [sys.executable, "-m", "ftkit.cli", "eval", "run", "data/heldout.jsonl", "--model", BASE, "--out", "run",
             "--concurrency", "6", "--json"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
        ))  # fmt: skip
        result = json.loads(done.stdout)
        assert (result["answered"], result["failed"], result["retryable"]) == (50, 0, 0)
        assert len((tmp_path / "run" / "results.jsonl").read_text().splitlines()) == 50
    finally:
        serve.terminate()
        serve.wait(timeout=30)


# -- the commands' own messages, through click's runner ------------------------------------------------


def invoke(server: EmulatorServer, *args: str) -> Result:
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        runner = CliRunner()
    return runner.invoke(cli, ["--base-url", server.base_url, "--api-key", "sk-test", *args])


@pytest.fixture
def recorded(server: EmulatorServer, tmp_path: Path) -> Path:
    assert invoke(server, "eval", "samples", str(tmp_path / "data")).exit_code == 0
    for name in ("a", "b"):
        done = invoke(server, "eval", "run", str(tmp_path / "data" / "heldout.jsonl"), "--model", BASE, "--out",
                      str(tmp_path / name), "--limit", "6", "--temperature", "0")  # fmt: skip
        assert done.exit_code == 0, done.output
    return tmp_path


def test_a_different_rerun_is_a_usage_error_naming_the_option(server: EmulatorServer, recorded: Path) -> None:
    done = invoke(server, "eval", "run", str(recorded / "data" / "heldout.jsonl"), "--model", BASE, "--out",
                  str(recorded / "a"), "--temperature", "1")  # fmt: skip
    assert done.exit_code == 2
    assert "--temperature" in done.stderr and "run.json records" in done.stderr


def test_max_cost_refuses_with_the_estimate(server: EmulatorServer, recorded: Path, emulator: Emulator) -> None:
    before = emulator.request_count(CHAT)
    done = invoke(server, "eval", "run", str(recorded / "data" / "heldout.jsonl"), "--model", BASE, "--out",
                  str(recorded / "c"), "--max-cost", "0.0001")  # fmt: skip
    assert done.exit_code == 2 and "--max-cost" in done.stderr and "may cost up to" in done.stderr
    done = invoke(server, "eval", "run", str(recorded / "data" / "heldout.jsonl"), "--model", "my-deployment",
                  "--out", str(recorded / "c"), "--max-cost", "1", "--max-completion-tokens", "20")  # fmt: skip
    assert done.exit_code == 2 and "no price is known" in done.stderr
    assert emulator.request_count(CHAT) == before


def test_grade_then_compare_with_json(server: EmulatorServer, recorded: Path) -> None:
    grader = recorded / "data" / "grader.json"
    for name in ("a", "b"):
        done = invoke(server, "eval", "grade", str(recorded / name), "--grader", str(grader), "--json")
        assert done.exit_code == 0, done.output
        assert json.loads(done.stdout)["graded"] == 6
    done = invoke(server, "eval", "compare", str(recorded / "a"), str(recorded / "b"), "--json")
    found: dict[str, Any] = json.loads(done.stdout)
    # The same model at temperature 0 on the emulator: the same answers, all ties.
    assert (found["wins"], found["ties"], found["losses"], found["difference"]) == (0, 6, 0, 0)


def test_promptfoo_lists_what_has_no_mapping(server: EmulatorServer, recorded: Path) -> None:
    grader = recorded / "multi.json"
    grader.write_text(json.dumps({
        "type": "multi", "name": "both", "calculate_output": "0.5 * exact + 0.5 * tone",
        "graders": {
            "exact": {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}",
                      "reference": "{{item.reference}}", "operation": "eq"},
            "tone": {"type": "label_model", "name": "tone", "model": "gpt-4o-mini", "labels": ["kind", "rude"],
                     "passing_labels": ["kind"], "input": [{"role": "user", "content": "{{sample.output_text}}"}]},
        },
    }))  # fmt: skip
    done = invoke(server, "eval", "promptfoo", str(recorded / "a"), str(recorded / "b"), "-o",
                  str(recorded / "pf" / "promptfooconfig.yaml"), "--grader", str(grader))  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "mapped exact: equals" in done.stdout
    assert "no mapping: tone: label_model has no Promptfoo assertion" in done.stderr
    assert "no mapping: both: the multi grader's formula" in done.stderr


def test_price_is_checked_and_used_for_the_estimate(server: EmulatorServer, recorded: Path, emulator: Emulator) -> None:
    data = str(recorded / "data" / "heldout.jsonl")
    before = emulator.request_count(CHAT)
    for bad in ("cheap", "1", "-1,2"):
        done = invoke(server, "eval", "run", data, "--model", "my-model", "--out", str(recorded / "p"), "--price", bad)
        assert done.exit_code == 2 and "--price" in done.stderr and "IN,OUT" in done.stderr
    assert emulator.request_count(CHAT) == before  # refused before anything was sent
    done = invoke(server, "eval", "run", data, "--model", BASE, "--out", str(recorded / "p"), "--limit", "2",
                  "--price", "2,8", "--max-completion-tokens", "10", "--max-cost", "1", "--json")  # fmt: skip
    assert done.exit_code == 0, done.output
    # The cost is counted at the given price ($2 in, $8 out per million tokens), not the model's own.
    result = json.loads(done.stdout)
    assert result["completion_tokens"] <= 2 * 10
    assert result["cost"] == pytest.approx((result["prompt_tokens"] * 2 + result["completion_tokens"] * 8) / 1e6)


def test_examples_that_failed_for_now_exit_1_and_say_to_run_again(
    server: EmulatorServer, recorded: Path, emulator: Emulator
) -> None:
    emulator.inject("POST /chat/completions", status=503, retry_after=0.001)
    done = invoke(server, "eval", "run", str(recorded / "data" / "heldout.jsonl"), "--model", BASE, "--out",
                  str(recorded / "later"), "--limit", "3")  # fmt: skip
    assert done.exit_code == 1
    assert "3 examples failed for now" in done.stderr and "run the same command again" in done.stderr
    emulator.clear_faults()
    again = invoke(server, "eval", "run", str(recorded / "data" / "heldout.jsonl"), "--model", BASE, "--out",
                   str(recorded / "later"), "--limit", "3", "--json")  # fmt: skip
    assert again.exit_code == 0 and json.loads(again.stdout)["answered"] == 3


def test_samples_and_promptfoo_print_json(server: EmulatorServer, recorded: Path) -> None:
    samples = invoke(server, "eval", "samples", str(recorded / "more"), "--json")
    found = json.loads(samples.stdout)
    assert samples.exit_code == 0 and Path(found["held_out"]).is_file() and found["held_out_examples"] > 0
    exported = invoke(server, "eval", "promptfoo", str(recorded / "a"), "-o", str(recorded / "pf.yaml"), "--json")
    assert exported.exit_code == 0 and json.loads(exported.stdout)["tests"] == 6
