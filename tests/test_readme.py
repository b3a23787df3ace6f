"""The README's library example is true: it runs as written against a served emulator."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ftkit.emulator import Emulator

ROOT = Path(__file__).resolve().parent.parent
LINE = '{"messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "q"}, '


def library_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"## The library\n\n```python\n(.*?)```", text, re.S)
    assert match, "the README lost its library example"
    return match.group(1)


def test_library_example_runs_on_a_manual_clock_without_sleeping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], no_real_sleep: None
) -> None:
    # The README's offline set-up for tests: follow and wait advance the emulator's clock.
    code = library_example()
    assert "ftkit.Client()" in code
    code = code.replace("ftkit.Client()", 'ftkit.Client(api_key="test", transport=EMULATOR.transport())')
    (tmp_path / "train.jsonl").write_text(
        "".join(LINE + f'{{"role": "assistant", "content": "a{i}"}}]}}\n' for i in range(12)), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    emulator = Emulator(clock="manual")
    started = emulator.now()
    exec(compile(code, "README.md", "exec"), {"EMULATOR": emulator})
    assert re.search(r"ftjob-\w+ succeeded", capsys.readouterr().out)
    assert emulator.now() - started > 40  # the job's emulated time passed, and none was slept


def test_library_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"## The library\n\n```python\n(.*?)```", text, re.S)
    assert match, "the README lost its library example"
    (tmp_path / "train.jsonl").write_text(
        "".join(LINE + f'{{"role": "assistant", "content": "a{i}"}}]}}\n' for i in range(12)), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    with Emulator(speed=5000).serve() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-readme")
        exec(compile(match.group(1), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "Fine tuning job successfully completed" in out
    assert re.search(r"ftjob-\w+ succeeded", out)
    assert (tmp_path / "loss.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
