"""A ``python`` grader's source, run in a separate Python process with a time and a memory limit.

Documented (OpenAI's graders guide, "Python grader"; Azure OpenAI's reinforcement
fine-tuning page states the same "technical constraints"): the source defines
``grade(sample, item) -> float``; the code is under 256 kB, runs without network access, for
at most 2 minutes, with 2 GB of memory and 1 GB of disk.

Ours: the process is ``python -I`` (no user site, no environment paths, no current
directory on ``sys.path``) fed the source, the sample and the item as JSON on stdin; it sets
its own limits first (``RLIMIT_AS`` for memory and ``RLIMIT_CPU`` as a backstop, on POSIX:
on other systems only the time limit holds), runs the source, calls ``grade`` and writes
one JSON line with the result or the error. What the grader prints is kept (up to 64 kB)
apart from that line. The caller enforces the wall-clock limit by killing the process. It is
not a security sandbox: the grader can read files and open sockets like any process of yours.

The drivers run it (``_flow.Subprocess``: ``subprocess`` when blocking, asyncio's subprocess
when async); the emulator runs it with ``subprocess`` for its graders/run endpoint. This
module only builds the command and its input and reads what came back.

>>> limits = PythonLimits(timeout=5.0, memory_bytes=512 << 20)
>>> command(limits)[1:3]
['-I', '-c']
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["MAX_SOURCE_BYTES", "PythonLimits", "PythonOutcome", "command", "outcome", "payload"]

#: Documented: "Your uploaded code must be less than 256kB".
MAX_SOURCE_BYTES: Final = 256 * 1024
_KEPT_OUTPUT: Final = 64 * 1024

# The child's program. It reads {"source", "sample", "item", "memory", "cpu"} on stdin and
# writes one line on its real stdout: {"reward": x} or {"error": kind, "details": text}.
_RUNNER: Final = r"""
import io, json, math, os, sys, traceback
KEPT = int(sys.argv[1])
request = json.loads(sys.stdin.read())
out = os.fdopen(os.dup(1), "w")
class Kept(io.StringIO):
    def write(self, text):
        if self.tell() < KEPT:
            super().write(text[: KEPT - self.tell()])
        return len(text)
printed = Kept()
sys.stdout = sys.stderr = printed
def answer(**fields):
    fields["printed"] = printed.getvalue()
    out.write(json.dumps(fields) + "\n")
    out.flush()
    os._exit(0)
try:
    import resource
    if request["memory"]:
        resource.setrlimit(resource.RLIMIT_AS, (request["memory"], request["memory"]))
    if request["cpu"]:
        resource.setrlimit(resource.RLIMIT_CPU, (request["cpu"], request["cpu"] + 1))
except (ImportError, ValueError, OSError):
    pass
try:
    namespace = {"__name__": "grader"}
    exec(compile(request["source"], "<grader>", "exec"), namespace)
    grade = namespace.get("grade")
    if not callable(grade):
        answer(error="no_grade", details="the source defines no grade(sample, item) function")
    value = grade(request["sample"], request["item"])
except MemoryError:
    answer(error="memory", details="the grader ran out of memory")
except BaseException:
    answer(error="exception", details=traceback.format_exc(limit=-8))
try:
    number = float(value) if not isinstance(value, (bool, str, bytes)) else None
except BaseException:
    number = None
if number is None or math.isnan(number) or math.isinf(number):
    answer(error="bad_return", details="grade returned {!r}, which is not a finite number".format(value))
answer(reward=number)
"""


@dataclass(frozen=True)
class PythonLimits:
    """How long and how much memory a ``python`` grader may use.

    The defaults are the API's documented limits (2 minutes, 2 GB); ``memory_bytes=None``
    sets no memory limit.

    >>> PythonLimits().timeout
    120.0
    """

    timeout: float = 120.0
    memory_bytes: int | None = 2 * 1024**3

    def __post_init__(self) -> None:
        if isinstance(self.timeout, bool) or not isinstance(self.timeout, (int, float)) or not self.timeout > 0:
            raise ValueError(f"timeout must be a positive number of seconds, got {self.timeout!r}")
        if self.memory_bytes is not None and (
            isinstance(self.memory_bytes, bool) or not isinstance(self.memory_bytes, int) or self.memory_bytes < 1 << 20
        ):
            raise ValueError(f"memory_bytes must be an integer of at least 1 MiB (or None), got {self.memory_bytes!r}")


@dataclass(frozen=True)
class PythonOutcome:
    """What a grader's process gave: its reward, or the kind of error and its details.

    ``error`` is None, ``"exception"`` (grade raised), ``"bad_return"`` (not a finite
    number), ``"no_grade"``, ``"timeout"``, ``"memory"`` or ``"crashed"`` (the process ended
    without an answer).
    """

    reward: float | None
    error: str | None = None
    details: str | None = None
    printed: str = ""


def command(limits: PythonLimits) -> list[str]:
    """The argv of the grader's process."""
    return [sys.executable, "-I", "-c", _RUNNER, str(_KEPT_OUTPUT)]


def payload(source: str, sample: Mapping[str, Any], item: Mapping[str, Any], limits: PythonLimits) -> bytes:
    """What the process reads on stdin."""
    cpu = max(1, math.ceil(limits.timeout)) + 1
    request = {"source": source, "sample": sample, "item": item, "memory": limits.memory_bytes, "cpu": cpu}
    return json.dumps(request, default=str).encode()


def outcome(
    returncode: int | None, stdout: bytes, stderr: bytes, timed_out: bool, limits: PythonLimits
) -> PythonOutcome:
    """The outcome of a finished (or killed) process.

    >>> outcome(0, b'{"reward": 0.5, "printed": ""}\\n', b"", False, PythonLimits()).reward
    0.5
    >>> outcome(None, b"", b"", True, PythonLimits(timeout=2)).details
    'the grader did not finish within 2 s'
    """
    if timed_out:
        return PythonOutcome(None, "timeout", f"the grader did not finish within {limits.timeout:g} s")
    last = stdout.strip().rsplit(b"\n", 1)[-1] if stdout.strip() else b""
    try:
        answer = json.loads(last)
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        tail = stderr.decode("utf-8", "replace")[-2000:]
        if returncode is not None and returncode < 0 and limits.memory_bytes is not None and "Memory" in tail:
            return PythonOutcome(None, "memory", "the grader ran out of memory")
        details = f"the grader's process ended without an answer (exit status {returncode})"
        return PythonOutcome(None, "crashed", f"{details}: {tail}" if tail.strip() else details)
    printed = str(answer.get("printed", ""))
    if "error" in answer:
        return PythonOutcome(None, str(answer["error"]), str(answer.get("details", "")), printed)
    return PythonOutcome(float(answer["reward"]), printed=printed)
