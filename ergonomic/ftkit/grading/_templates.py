"""Graders' templates: ``{{item.<path>}}`` and ``{{sample.<variable>}}`` filled from one sample.

Documented (OpenAI's graders guide, "Templating"): a ``{{ }}`` reference names a namespace
and a variable, ``{{ namespace.variable }}``; "the only supported namespaces are item and
sample"; nested variables are read "with JSON path like syntax". The sample namespace holds
``output_text`` (the model's output as a string), ``output_json`` (the output as a JSON
object, only when the sample had a ``response_format``), ``output_tools`` (the tool calls, as
in chat completions), ``choices`` (the output choices, as in chat completions) and
``output_audio``.

Ours (guesses, the guide does not say): a string value is put in as it is, any other value
as JSON; a reference that names nothing is a missing variable (the grader's
``invalid_variable_error``); ``output_json`` is the output parsed as JSON whenever it parses
(the run endpoint takes no ``response_format``), else None.

>>> render("Q: {{ item.question }} A: {{sample.output_text}}", {"question": "2+2?"}, text_sample("4"))
('Q: 2+2? A: 4', [])
>>> render("{{item.answers[1].text}}", {"answers": [{"text": "a"}, {"text": "b"}]}, text_sample(""))
('b', [])
>>> render("{{item.missing}}", {}, text_sample(""))
('', ['item.missing'])
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

__all__ = ["SAMPLE_VARIABLES", "completion_sample", "lookup", "render", "text_sample"]

SAMPLE_VARIABLES: Final = ("output_text", "output_json", "output_tools", "choices", "output_audio")
_REFERENCE: Final = re.compile(r"\{\{\s*(.*?)\s*\}\}")
_STEP: Final = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_MISSING: Final = object()


def lookup(reference: str, item: Mapping[str, Any], sample: Mapping[str, Any]) -> Any:
    """The value ``reference`` (``item.a.b[0]``, ``sample.output_json.x``) names; ``KeyError``
    naming the reference when it names nothing.

    >>> lookup("sample.output_json.score", {}, {"output_json": {"score": 3}})
    3
    """
    namespace, _, path = reference.partition(".")
    roots: dict[str, Any] = {"item": item, "sample": sample}
    if namespace not in roots or not path:
        raise KeyError(reference)
    value: Any = roots[namespace]
    for name, index in _STEP.findall(path):
        if name:
            if not isinstance(value, Mapping) or name not in value:
                raise KeyError(reference)
            value = value[name]
        else:
            position = int(index)
            if not isinstance(value, Sequence) or isinstance(value, str) or position >= len(value):
                raise KeyError(reference)
            value = value[position]
    return value


def as_text(value: Any) -> str:
    """A value as a template puts it in: a string as it is, anything else as JSON.

    >>> as_text({"a": 1}), as_text("x")
    ('{"a": 1}', 'x')
    """
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def content_text(content: Any) -> str:
    """A chat message's ``content`` as text: a string as it is, a list of parts as its text
    parts joined (image, audio and file parts have none), anything else as "".

    >>> content_text([{"type": "text", "text": "Paris"}, {"type": "image_url"}, {"type": "text", "text": "."}])
    'Paris.'
    """
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, Mapping))
    return ""


def render(template: str, item: Mapping[str, Any], sample: Mapping[str, Any]) -> tuple[str, list[str]]:
    """``template`` with its references filled, and the references that named nothing."""
    missing: list[str] = []

    def fill(match: re.Match[str]) -> str:
        try:
            return as_text(lookup(match.group(1), item, sample))
        except KeyError:
            missing.append(match.group(1))
            return ""

    return _REFERENCE.sub(fill, template), missing


def text_sample(output_text: str) -> dict[str, Any]:
    """The sample namespace of a model output given as text (``graders run``'s ``model_sample``).

    >>> text_sample('{"answer": 4}')["output_json"]
    {'answer': 4}
    """
    return {"output_text": output_text, "output_json": parse_json(output_text), "output_tools": [], "choices": []}


def completion_sample(completion: Mapping[str, Any], choice: int = 0) -> dict[str, Any]:
    """The sample namespace of a chat completion (its JSON): the ``choice``'s text, its JSON,
    its tool calls, and every choice.

    >>> completion = {"choices": [{"index": 0, "finish_reason": "stop",
    ...                            "message": {"role": "assistant", "content": "Paris"}}]}
    >>> completion_sample(completion)["output_text"]
    'Paris'
    """
    choices = completion.get("choices")
    choices = list(choices) if isinstance(choices, Sequence) and not isinstance(choices, str) else []
    message: Any = (
        choices[choice].get("message") if choice < len(choices) and isinstance(choices[choice], Mapping) else {}
    )
    message = message if isinstance(message, Mapping) else {}
    text = message.get("content")
    text = text if isinstance(text, str) else ""
    tools = message.get("tool_calls")
    return {
        "output_text": text,
        "output_json": parse_json(text),
        "output_tools": list(tools) if isinstance(tools, Sequence) and not isinstance(tools, str) else [],
        "choices": choices,
    }


def parse_json(text: str) -> Any:
    """``text`` parsed as JSON, or None when it is not JSON."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None
