"""The pytest plugin: registered by the package's entry point, and working exactly as docs/testing.md shows."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from importlib.metadata import entry_points
from pathlib import Path

import httpx
import pytest
from ftkit.emulator import Emulator, EmulatorServer

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "testing.md"


def doc_files() -> dict[str, str]:
    """The doc's Python blocks that start with a ``# <file name>`` line, by file name."""
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    files = {}
    for block in blocks:
        first, _, rest = block.partition("\n")
        if first.startswith("# ") and first.endswith(".py"):
            files[first[2:]] = rest
    return files


def test_the_plugin_is_an_entry_point_of_the_package() -> None:
    found = {e.name: e.value for e in entry_points(group="pytest11")}
    assert found.get("ftkit_emulator") == "ftkit.emulator.pytest_plugin"


STRICT_MARKS = ("-W", "error::pytest.PytestUnknownMarkWarning")


def test_the_documented_tests_pass_in_a_project_of_their_own(tmp_path: Path) -> None:
    files = doc_files()
    assert set(files) == {"pipeline.py", "test_pipeline.py", "test_azure_pipeline.py"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    # A fresh pytest in a directory of its own: only the installed entry point brings the fixtures.
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *STRICT_MARKS],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    tests = sum(len(re.findall(r"^def test_", text, flags=re.MULTILINE)) for text in files.values())
    tests += len(re.findall(r"pytest\.param\(", files["test_azure_pipeline.py"])) - 1  # parametrized: one per flavour
    assert f"{tests} passed" in done.stdout, done.stdout[-2000:]


def test_the_fixtures_share_one_emulator_on_a_manual_clock(
    ftkit_emulator: Emulator, ftkit_emulator_server: EmulatorServer
) -> None:
    assert ftkit_emulator_server.emulator is ftkit_emulator
    before = ftkit_emulator.now()
    assert ftkit_emulator.now() == before  # the clock moves only when told
    ftkit_emulator_server.advance(30)
    assert ftkit_emulator.now() == before + 30
    assert ftkit_emulator_server.environ["OPENAI_BASE_URL"] == ftkit_emulator_server.base_url
    headers = {"Authorization": "Bearer sk-test"}
    assert httpx.get(f"{ftkit_emulator_server.base_url}/fine_tuning/jobs", headers=headers).json()["data"] == []


@pytest.mark.ftkit_emulator(seed=5, speed=1000, api_key="sk-only")
def test_the_marker_sets_the_emulator(ftkit_emulator: Emulator) -> None:
    assert (ftkit_emulator.seed, ftkit_emulator.api_key, ftkit_emulator.clock.speed) == (5, "sk-only", 1000)
    before = ftkit_emulator.now()
    time.sleep(0.02)
    assert ftkit_emulator.now() - before >= 10  # a running clock, 1000 times real time
