"""The examples of an evaluation, read from a training-format file one line at a time.

A line of any format ``ftkit validate`` accepts is one example:

- **supervised** (``{"messages": [...]}``): the prompt is the messages before the last
  assistant message, and that message is the reference (its text; its tool calls, if any,
  in ``item["reference_tool_calls"]``);
- **reinforcement** (messages with no assistant message, plus fields of its own): the
  prompt is every message, and the other fields are the grader's ``item``;
- **DPO** (``{"input": ..., "preferred_output": ..., "non_preferred_output": ...}``): the
  prompt is the input's messages, the preferred output is the reference (the other is
  ``item["non_preferred"]``).

An example's id is its line number in the file (the file's sha256 is recorded with the run,
so a line number names the same example in every run of that file). Lines are read as they
are needed: memory does not grow with the file.

The grader sees ``item`` with the prompt (``messages``) and the reference (``reference``)
added, unless the line has fields of those names: ``{{item.reference}}`` is the expected
answer of a supervised or DPO example.

>>> import json, os, tempfile
>>> line = {"messages": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}]}
>>> with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
...     _ = f.write(json.dumps(line) + "\\n")
>>> [(e.id, e.kind, e.reference) for e in read_examples(f.name)]
[(1, 'supervised', '4')]
>>> os.unlink(f.name)
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from ..errors import ValidationError
from ..grading._templates import content_text

__all__ = ["KINDS", "Example", "file_digest", "grader_item", "read_examples"]

#: The formats a line can be in.
KINDS: Final = ("supervised", "reinforcement", "dpo")
_CHAT_KEYS: Final = frozenset({"messages", "tools", "functions", "parallel_tool_calls"})
_DPO_KEYS: Final = frozenset({"input", "preferred_output", "non_preferred_output"})
_CHUNK: Final = 1 << 20


@dataclass(frozen=True)
class Example:
    """One example: its ``id`` (line number), its format, the prompt, the reference answer's
    text (None when the line has none) and the fields the grader's ``item`` reads."""

    id: int
    kind: str
    messages: list[Any]
    reference: str | None
    item: dict[str, Any] = field(default_factory=dict)
    tools: list[Any] | None = None
    parallel_tool_calls: bool | None = None


def file_digest(path: str | os.PathLike[str]) -> str:
    """The sha256 of a file, read in chunks.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile(delete=False) as f:
    ...     _ = f.write(b"abc")
    >>> file_digest(f.name)[:16]
    'ba7816bf8f01cfea'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def grader_item(messages: list[Any], reference: str | None, item: Mapping[str, Any]) -> dict[str, Any]:
    """What a grader's ``{{item.…}}`` templates read for an example: its fields, with the
    prompt as ``messages`` and the reference as ``reference`` when the line has no field of
    that name.

    >>> grader_item([{"role": "user", "content": "Hi"}], "Hello", {"answer": "Hello"})["reference"]
    'Hello'
    """
    combined = dict(item)
    combined.setdefault("messages", messages)
    combined.setdefault("reference", reference)
    return combined


def read_examples(path: str | os.PathLike[str], limit: int | None = None) -> Iterator[Example]:
    """The examples of the file at ``path``, one per non-blank line, in order (the first
    ``limit`` of them). A line that is not an example raises ``ValidationError`` naming
    the line.

    >>> list(read_examples(os.devnull))
    []
    """
    count = 0
    with open(path, "rb") as lines:
        for number, raw in enumerate(lines, start=1):
            if limit is not None and count >= limit:
                return
            if not raw.strip():
                continue
            yield parse_line(raw, number, os.fspath(path))
            count += 1


def _refuse(where: str, number: int, problem: str) -> ValidationError:
    return ValidationError("data", f"{where}:{number}", f"an example in a format ftkit validate accepts ({problem})")


def parse_line(raw: bytes | str, number: int, where: str = "data") -> Example:
    """One line of a data file as an :class:`Example` (``number`` is its line number).

    >>> parse_line('{"input": {"messages": [{"role": "user", "content": "Hi"}]}, '
    ...            '"preferred_output": [{"role": "assistant", "content": "Hello!"}], '
    ...            '"non_preferred_output": [{"role": "assistant", "content": "Go away."}]}', 3).item
    {'non_preferred': 'Go away.'}
    """
    try:
        line = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise _refuse(where, number, f"the line is not JSON: {exc}") from None
    if not isinstance(line, dict):
        raise _refuse(where, number, "the line is not a JSON object")
    if "input" in line or "preferred_output" in line:
        return _dpo(line, number, where)
    if "prompt" in line and "messages" not in line:
        raise _refuse(where, number, "prompt/completion lines are for babbage-002 and davinci-002, which chat"
                                     " completions do not serve; use the chat format")  # fmt: skip
    messages = line.get("messages")
    if not isinstance(messages, list) or not messages or not all(isinstance(m, dict) for m in messages):
        raise _refuse(where, number, "'messages' must be a non-empty list of messages")
    tools = _tools(line, where, number)
    extra = {key: value for key, value in line.items() if key not in _CHAT_KEYS}
    last = max((i for i, m in enumerate(messages) if m.get("role") == "assistant"), default=None)
    if last is None:
        return Example(number, "reinforcement", messages, None, extra, tools, _parallel(line))
    if last == 0:
        raise _refuse(where, number, "the first message is the assistant's: there is no prompt to ask")
    answer = messages[last]
    if isinstance(answer.get("tool_calls"), list):
        extra["reference_tool_calls"] = answer["tool_calls"]
    return Example(
        number, "supervised", messages[:last], content_text(answer.get("content")), extra, tools, _parallel(line)
    )


def _dpo(line: dict[str, Any], number: int, where: str) -> Example:
    given = line.get("input")
    messages = given.get("messages") if isinstance(given, dict) else None
    if not isinstance(messages, list) or not messages or not all(isinstance(m, dict) for m in messages):
        raise _refuse(where, number, "a DPO line's 'input.messages' must be a non-empty list of messages")
    preferred = line.get("preferred_output")
    if not isinstance(preferred, list) or not preferred or not isinstance(preferred[-1], dict):
        raise _refuse(where, number, "a DPO line's 'preferred_output' must be a list of messages")
    item = {key: value for key, value in line.items() if key not in _DPO_KEYS}
    rejected = line.get("non_preferred_output")
    if isinstance(rejected, list) and rejected and isinstance(rejected[-1], dict):
        item["non_preferred"] = content_text(rejected[-1].get("content"))
    assert isinstance(given, dict)
    reference = content_text(preferred[-1].get("content"))
    return Example(number, "dpo", messages, reference, item, _tools(given, where, number), _parallel(given))


def _tools(line: Mapping[str, Any], where: str, number: int) -> list[Any] | None:
    tools = line.get("tools")
    if tools is None:
        functions = line.get("functions")
        if isinstance(functions, list):  # the legacy form: each function becomes a tool
            return [{"type": "function", "function": f} for f in functions]
        return None
    if not isinstance(tools, list):
        raise _refuse(where, number, "'tools' must be a list")
    return tools


def _parallel(line: Mapping[str, Any]) -> bool | None:
    value = line.get("parallel_tool_calls")
    return value if isinstance(value, bool) else None
