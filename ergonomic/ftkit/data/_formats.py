"""One checker per fine-tuning method: what a line of its training file must look like.

A checker takes one parsed line (a JSON object) and its line number, reports problems to
the collector and returns what the example measured, or ``None`` when it is invalid.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from ..errors import ValidationError
from ._chat import Count, check_messages, check_tools, type_name
from ._collect import Collector
from ._images import MAX_IMAGES_PER_EXAMPLE
from ._tokens import LEGACY_COMPLETION_MODELS, base_model

METHODS = ("supervised", "dpo", "reinforcement")


class Measure(NamedTuple):
    """What one valid example measured. ``messages`` is 0 for prompt/completion lines."""

    messages: int
    tokens: int
    assistant_tokens: int
    has_system: bool
    has_user: bool
    images: int = 0


Checker = Callable[[dict[str, Any], int], "Measure | None"]

_SUPERVISED_KEYS = frozenset({"messages", "tools", "functions", "parallel_tool_calls"})
_COMPLETION_KEYS = frozenset({"prompt", "completion"})
_DPO_KEYS = frozenset({"input", "preferred_output", "non_preferred_output"})
_DPO_INPUT_KEYS = frozenset({"messages", "tools", "functions", "parallel_tool_calls"})

# {{item.field}} or {{ item.field.sub }} in any string of a grader.
_ITEM_TEMPLATE = re.compile(r"\{\{\s*item\.([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\s*\}\}")


def grader_item_fields(grader: Mapping[str, Any]) -> tuple[str, ...]:
    """The example fields a grader reads through ``{{item.…}}`` templates, in order.

    Every string anywhere in the grader is searched, so nested graders (``multi``) and
    model graders' input messages are covered. Python graders' source code is not
    analysed.

    >>> grader_item_fields({"type": "string_check", "name": "g", "input": "{{sample.output_text}}",
    ...                     "reference": "{{ item.answer }}", "operation": "eq"})
    ('answer',)
    """
    if not isinstance(grader, Mapping):
        raise TypeError(f"grader must be a dict in the API's JSON shape, got {type(grader).__name__}")
    found: dict[str, None] = {}
    stack: list[Any] = [grader]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            for match in _ITEM_TEMPLATE.finditer(value):
                found.setdefault(match.group(1))
        elif isinstance(value, Mapping):
            stack.extend(reversed(list(value.values())))
        elif isinstance(value, (list, tuple)):
            stack.extend(reversed(value))
    return tuple(found)


def make_checker(
    method: str,
    out: Collector,
    count: Count,
    *,
    model: str | None = None,
    grader_fields: tuple[str, ...] = (),
    max_images: int = MAX_IMAGES_PER_EXAMPLE,
) -> Checker:
    """The checker for ``method`` (one of :data:`METHODS`), reporting to ``out``.

    ``max_images`` is the most images one example may hold.

    >>> out = Collector(5)
    >>> check = make_checker("supervised", out, len)
    >>> check({"prompt": "a", "completion": "b"}, 1).tokens
    2
    """
    if method == "supervised":
        return _Supervised(out, count, model, max_images)
    if method == "dpo":
        return _Dpo(out, count, max_images)
    if method == "reinforcement":
        return ReinforcementChecker(out, count, grader_fields, max_images)
    raise ValidationError("method", method, f"one of {', '.join(map(repr, METHODS))}")


def _unknown_keys(example: dict[str, Any], allowed: frozenset[str], prefix: str, line: int, out: Collector) -> None:
    # A misspelt field is ignored by the API, so the data it meant to carry is lost:
    # worth a warning, not a rejection.
    if not example.keys() <= allowed:
        dot = f"{prefix}." if prefix else ""
        for key in sorted(example.keys() - allowed):
            out.warning(
                line, f"{dot}{key}", "unknown_field", f"field {key!r} is not part of this format and is ignored"
            )


class _Supervised:
    """Chat lines, or legacy prompt/completion lines; one format per file."""

    __slots__ = ("count", "file_format", "first_line", "max_images", "model_format", "model_reported", "out")

    def __init__(self, out: Collector, count: Count, model: str | None, max_images: int) -> None:
        self.out = out
        self.count = count
        self.max_images = max_images
        self.file_format: str | None = None
        self.first_line = 0
        self.model_format: str | None = None
        self.model_reported = False
        if model is not None:
            self.model_format = "completion" if base_model(model) in LEGACY_COMPLETION_MODELS else "chat"

    def __call__(self, example: dict[str, Any], line: int) -> Measure | None:
        out = self.out
        if "messages" in example:
            fmt = "chat"
        elif "prompt" in example or "completion" in example:
            fmt = "completion"
        else:
            out.error(
                line, "messages", "missing_field", "a supervised example needs messages (or prompt and completion)"
            )
            return None
        if self.file_format is None:
            self.file_format, self.first_line = fmt, line
        elif fmt != self.file_format:
            out.error(
                line,
                "",
                "mixed_formats",
                f"this line is in {fmt} format but line {self.first_line} is in {self.file_format} format",
            )
            return None
        if self.model_format is not None and fmt != self.model_format and not self.model_reported:
            self.model_reported = True  # once per file: every line would say the same
            need = "prompt/completion" if self.model_format == "completion" else "chat (messages)"
            out.error(
                line, "", "wrong_format_for_model", f"the model needs {need} examples, this file has {fmt} examples"
            )
        return self._chat(example, line) if fmt == "chat" else self._completion(example, line)

    def _chat(self, example: dict[str, Any], line: int) -> Measure | None:
        out = self.out
        _unknown_keys(example, _SUPERVISED_KEYS, "", line, out)
        conv = check_messages(example["messages"], "messages", line, out, self.count, max_images=self.max_images)
        tool_tokens = check_tools(example, "", line, out, self.count)
        if conv is None or tool_tokens < 0:
            return None
        if not conv.has_assistant:
            out.error(line, "messages", "missing_assistant_message", "a supervised example needs an assistant message")
            return None
        if not conv.trained_assistant:
            out.warning(
                line, "messages", "no_trained_message", "every assistant message has weight 0: nothing to learn"
            )
        return Measure(
            conv.messages, conv.tokens + tool_tokens, conv.assistant_tokens, conv.has_system, conv.has_user, conv.images
        )

    def _completion(self, example: dict[str, Any], line: int) -> Measure | None:
        out = self.out
        _unknown_keys(example, _COMPLETION_KEYS, "", line, out)
        ok = True
        for key in ("prompt", "completion"):
            value = example.get(key)
            if not isinstance(value, str):
                if value is None:
                    out.error(line, key, "missing_field", f"a prompt/completion example needs {key}")
                else:
                    out.error(line, key, "invalid_type", f"must be a string, got {type_name(value)}")
                ok = False
        if not ok:
            return None
        completion_tokens = self.count(example["completion"])
        if not example["completion"]:
            out.warning(line, "completion", "empty_content", "the completion is empty")
        return Measure(0, self.count(example["prompt"]) + completion_tokens, completion_tokens, True, True)


class _Dpo:
    """Preference lines: an input conversation, a preferred and a non-preferred output."""

    __slots__ = ("count", "max_images", "out")

    def __init__(self, out: Collector, count: Count, max_images: int) -> None:
        self.out = out
        self.count = count
        self.max_images = max_images

    def __call__(self, example: dict[str, Any], line: int) -> Measure | None:
        out = self.out
        count = self.count
        _unknown_keys(example, _DPO_KEYS, "", line, out)
        ok = True
        conv = None
        tool_tokens = 0
        given = example.get("input")
        if not isinstance(given, dict):
            if given is None:
                out.error(line, "input", "missing_field", "a DPO example needs input (an object with messages)")
            else:
                out.error(line, "input", "invalid_type", f"must be an object with messages, got {type_name(given)}")
            ok = False
        elif "messages" not in given:
            out.error(line, "input.messages", "missing_field", "input needs messages")
            ok = False
        else:
            _unknown_keys(given, _DPO_INPUT_KEYS, "input", line, out)
            conv = check_messages(given["messages"], "input.messages", line, out, count, max_images=self.max_images)
            tool_tokens = check_tools(given, "input", line, out, count)
            ok = conv is not None and tool_tokens >= 0
        outputs: list[Any] = []
        for key in ("preferred_output", "non_preferred_output"):
            if key not in example:
                out.error(line, key, "missing_field", f"a DPO example needs {key} (an array of assistant messages)")
                ok = False
                continue
            result = check_messages(example[key], key, line, out, count, only_role="assistant")
            if result is None:
                ok = False
            else:
                outputs.append(result)
        if not ok or conv is None:
            return None
        preferred, non_preferred = outputs
        if example["preferred_output"] == example["non_preferred_output"]:
            out.warning(
                line,
                "non_preferred_output",
                "identical_outputs",
                "the preferred and non-preferred outputs are the same",
            )
        # Each output list carries its own reply priming; the example is one prompt plus both replies.
        tokens = conv.tokens + tool_tokens + preferred.tokens + non_preferred.tokens
        assistant = preferred.assistant_tokens + non_preferred.assistant_tokens
        return Measure(
            conv.messages + preferred.messages + non_preferred.messages,
            tokens,
            assistant,
            conv.has_system,
            conv.has_user,
            conv.images,
        )


class ReinforcementChecker:
    """Reinforcement lines: messages and tools, plus any reference fields the grader reads."""

    __slots__ = ("count", "fields", "max_images", "out", "present")

    def __init__(self, out: Collector, count: Count, grader_fields: tuple[str, ...], max_images: int) -> None:
        self.out = out
        self.count = count
        self.max_images = max_images
        self.fields = tuple((name, tuple(name.split("."))) for name in grader_fields)
        # Examples that have each field, to tell a field no example has (an error: every
        # grade would read nothing) from one some examples lack (a warning on each).
        self.present = [0] * len(self.fields)

    def fields_never_present(self) -> list[str]:
        """The grader's ``{{item.…}}`` fields that no example checked so far has."""
        return [name for (name, _), seen in zip(self.fields, self.present, strict=True) if not seen]

    def __call__(self, example: dict[str, Any], line: int) -> Measure | None:
        out = self.out
        if "messages" not in example:
            out.error(line, "messages", "missing_field", "a reinforcement example needs messages")
            return None
        conv = check_messages(example["messages"], "messages", line, out, self.count, max_images=self.max_images)
        tool_tokens = check_tools({"tools": example["tools"]} if "tools" in example else {}, "", line, out, self.count)
        for k, (name, parts) in enumerate(self.fields):
            if _has_path(example, parts):
                self.present[k] += 1
            else:
                out.warning(
                    line,
                    name,
                    "grader_field_missing",
                    f"the grader reads {{{{item.{name}}}}} but this example has no {name!r}",
                )
        if conv is None or tool_tokens < 0:
            return None
        return Measure(
            conv.messages, conv.tokens + tool_tokens, conv.assistant_tokens, conv.has_system, conv.has_user, conv.images
        )


def _has_path(example: dict[str, Any], parts: tuple[str, ...]) -> bool:
    value: Any = example
    for part in parts:
        if not isinstance(value, dict) or part not in value:
            return False
        value = value[part]
    return True
