"""How ftkit.data reads: once (pipes and streams work), in bounded memory (a line over the
limit is refused, not held), with a duplicate table of at most 16 bytes per line."""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import ftkit
import pytest
from ftkit.data import MAX_LINE_BYTES, LineIndex, Report, validate
from ftkit.data._dedup import MAX_LINE


def line(i: int) -> bytes:
    example = {
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": f"question {i}"},
            {"role": "assistant", "content": f"answer {i}"},
        ]
    }
    return json.dumps(example).encode() + b"\n"


def content(order: list[int]) -> bytes:
    return b"".join(line(i) for i in order)


def findings(report: Report) -> list[tuple[str, int | None, str, str]]:
    return [(f.file, f.line, f.kind, f.message) for f in (*report.errors, *report.warnings)]


# -- read once --------------------------------------------------------------------------------------


def _in_thread(target: Any, timeout: float = 20) -> Any:
    """Run ``target`` in a daemon thread; its result, or a failure if it is still running after ``timeout``."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = target()
        except BaseException as exc:  # handed to the test below
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "validate did not finish: it opened a pipe a second time and waits for a writer"
    if "error" in box:
        raise box["error"]
    return box["result"]


def _fill(fifo: Path, data: bytes) -> threading.Thread:
    def write() -> None:
        with open(fifo, "wb") as f:
            f.write(data)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_named_pipes_are_read_once(tmp_path: Path) -> None:
    train, valid = tmp_path / "train.fifo", tmp_path / "valid.fifo"
    os.mkfifo(train)
    os.mkfifo(valid)
    writers = [_fill(train, content([0, 1, 2, 3, 1, 4, 5, 6, 7, 8, 9, 2])), _fill(valid, content([20, 7, 20]))]
    report = _in_thread(lambda: validate(train, validation_path=valid, tokens="estimate"))
    for writer in writers:
        writer.join(5)
    assert report.valid
    assert report.stats.examples == 12
    assert findings(report) == [
        (str(train), 5, "duplicate_example", "duplicate of line 2"),
        (str(train), 12, "duplicate_example", "duplicate of line 3"),
        (str(valid), 2, "train_validation_overlap", "same example as line 9 of the training file"),
        (str(valid), 3, "duplicate_example", "duplicate of line 1"),
    ]


def test_binary_file_objects_are_read_as_they_come(tmp_path: Path) -> None:
    data = content([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 3])
    report = validate(io.BytesIO(data), tokens="estimate")
    assert report.path == "<stream>"
    assert report.valid and report.stats.examples == 11
    assert findings(report) == [("<stream>", 11, "duplicate_example", "duplicate of line 4")]
    path = tmp_path / "t.jsonl"
    path.write_bytes(data)
    with open(path, "rb", buffering=0) as raw:  # unbuffered: io.RawIOBase
        unbuffered = validate(raw, tokens="estimate", validation_path=io.BytesIO(line(5)))
        assert not raw.closed  # the caller's file stays the caller's
    assert unbuffered.path == str(path)
    assert [(f.line, f.kind) for f in unbuffered.warnings] == [
        (11, "duplicate_example"),
        (1, "train_validation_overlap"),
    ]
    read, write = os.pipe()
    os.write(write, data)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:  # like sys.stdin.buffer fed by a pipe: no size, no seeking
        assert validate(pipe, tokens="estimate").stats.examples == 11


def test_a_text_stream_is_an_argument_error() -> None:
    with pytest.raises(ftkit.ValidationError, match=r"path: .*binary file object"):
        validate(io.StringIO(line(1).decode()))
    with pytest.raises(ftkit.ValidationError, match="validation_path"):
        validate(io.BytesIO(content(list(range(10)))), validation_path=io.StringIO("{}"))


# -- bounded lines -----------------------------------------------------------------------------------


def test_a_line_over_the_limit_is_refused_and_the_next_lines_are_read(tmp_path: Path) -> None:
    ok = line(1)
    limit = len(ok) - 1  # the line without its newline fits exactly
    path = tmp_path / "t.jsonl"
    longer = ok[:-1] + b" \n"  # one byte more
    crlf = ok[:-1] + b"\r\n"  # the same line with a CRLF ending still fits
    path.write_bytes(longer + ok + crlf + ok[:-1] + b"  ")  # the last, unterminated, is over too
    report = validate(path, tokens="estimate", max_line_bytes=limit, min_examples=0)
    assert [(f.line, f.kind) for f in report.errors] == [(1, "line_too_long"), (4, "line_too_long")]
    assert report.errors[0].message == (
        f"the line is {limit + 2:,} bytes, over the {limit:,}-byte limit of one line (max_line_bytes): not read"
    )
    assert report.stats.examples == 2 and report.stats.invalid_examples == 2


def test_lines_longer_than_one_read_are_put_together(tmp_path: Path) -> None:
    text = "x" * (3 * 1024 * 1024 + 17)  # several reads of 1 MiB
    long = json.dumps({"prompt": text, "completion": "y"}).encode() + b"\n"
    path = tmp_path / "t.jsonl"
    path.write_bytes(
        long + b"".join(json.dumps({"prompt": f"p{i}", "completion": "c"}).encode() + b"\n" for i in range(9)) + long
    )
    report = validate(path, tokens="estimate")
    assert report.valid and report.stats.examples == 11
    assert [(f.line, f.message) for f in report.warnings] == [(11, "duplicate of line 1")]
    assert report.stats.tokens_per_example is not None and report.stats.tokens_per_example.max > 786_000
    refused = validate(path, tokens="estimate", max_line_bytes=2 * 1024 * 1024)
    assert [(f.line, f.kind) for f in refused.errors] == [(1, "line_too_long"), (11, "line_too_long")]


# The child's own peak: VmHWM starts afresh at exec, while ru_maxrss keeps the parent's (pytest's) peak.
_PEAK = """
import json, re, sys
from ftkit.data import validate
report = validate(sys.argv[1], tokens="estimate")
with open("/proc/self/status") as status:
    peak_kb = int(re.search(r"VmHWM:\\s+(\\d+) kB", status.read()).group(1))
print(json.dumps({"errors": [str(f) for f in report.errors], "examples": report.stats.examples,
                  "peak_mb": peak_kb / 1024}))
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="peak memory is read from /proc (Linux)")
def test_a_300_mb_line_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    size = 300_000_000
    with open(path, "wb") as f:
        f.truncate(size)  # sparse: 300 MB of NUL bytes on no disk, one line
        f.seek(size)
        f.write(b"\n" + content(list(range(10))))
    done = subprocess.run([sys.executable, "-c", _PEAK, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["errors"] == [
        f"{path}:1: the line is {size + 1:,} bytes, over the {MAX_LINE_BYTES:,}-byte limit of one line "
        "(max_line_bytes): not read [line_too_long]"
    ]
    assert result["examples"] == 10
    # At most the limit is ever held (plus the interpreter): reading the whole line took 900 MB.
    assert result["peak_mb"] < MAX_LINE_BYTES / 1_048_576 + 100, result


# -- the duplicate table -----------------------------------------------------------------------------


def test_line_index_agrees_with_a_set() -> None:
    rng = random.Random(5)
    index = LineIndex()
    seen: dict[int, int] = {}
    keys = [rng.getrandbits(64) - (1 << 63) for _ in range(20_000)]
    keys += [k * 1024 for k in range(2_000)]  # many keys on the same slots of a small table
    for number, key in enumerate(keys + keys[::7], 1):
        if number % 13 == 0:
            continue  # a line without an example
        assert index.add(number, key) == seen.get(key, 0)
        seen.setdefault(key, number)
    assert len(index) == len(seen)
    assert all(index.find(key) == first for key, first in seen.items())
    assert index.find(12345) == 0


def test_line_index_rules() -> None:
    index = LineIndex()
    index.add(5, 1)
    with pytest.raises(ValueError, match="lines must increase"):
        index.add(3, 2)
    with pytest.raises(OverflowError):
        index.add(MAX_LINE + 1, 2)
    plain, told = LineIndex(), LineIndex(expect=lambda lines: 100_000)
    sizes: dict[str, list[int]] = {"plain": [], "told": []}
    for number in range(1, 100_001):
        for name, index in (("plain", plain), ("told", told)):
            index.add(number, number * 7919)
            if not sizes[name] or sizes[name][-1] != index.capacity:
                sizes[name].append(index.capacity)
    assert len(sizes["plain"]) == 16  # 1.4 times at each step, each a rehash of every key
    assert sizes["told"] == [1024, 4096, 16384, 65536, 142858]  # up to 4 times towards 100,000 / 0.7
    assert told.find(7919 * 99_999) == 99_999


def test_line_index_keeps_at_most_16_bytes_per_line() -> None:
    rng = random.Random(1)
    index = LineIndex()
    worst = 0.0
    for number in range(1, 200_001):
        index.add(number, rng.getrandbits(64) - (1 << 63))
        if number >= 10_000 and number % 100 == 0:  # past the fixed size of a small table
            worst = max(worst, index.nbytes / number)
    assert worst <= 16  # right after a growth: 8.5 for the key, 7.5 for the slot


PEAK = """
import sys, tracemalloc
from ftkit.data import validate
path, n = sys.argv[1], int(sys.argv[2])
peaks = []
for duplicates in (True, False):
    tracemalloc.start()
    report = validate(path, tokens="estimate", check_duplicates=duplicates)
    assert report.stats.examples == n
    peaks.append(tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
print(peaks[0] - peaks[1])
"""


def test_validate_keeps_at_most_16_bytes_per_line_for_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    n = 20_000  # twice the lines a small table of the index holds; bytes per line are the same past it
    path.write_bytes(b"".join(b'{"prompt": "p%d", "completion": "c"}\n' % i for i in range(n)))
    # Measured in a process of its own: tracemalloc counts every thread's allocations, and a
    # worker that ran other tests may still have their threads (a served emulator) allocating.
    done = subprocess.run([sys.executable, "-c", PEAK, str(path), str(n)], capture_output=True, text=True, check=True)
    per_line = int(done.stdout) / n
    assert per_line <= 16, f"{per_line:.1f} bytes per line"
