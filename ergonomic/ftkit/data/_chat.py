"""Checks of the chat format shared by every method: messages, content, tools.

Each check walks the example once, reporting problems to a :class:`Collector` and
counting tokens on the way, so an example is never walked twice. JSON paths are only
formatted when something is wrong: the common, valid case builds no strings.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, NamedTuple

from ._collect import Collector
from ._images import MAX_IMAGES_PER_EXAMPLE, check_image_url
from ._tokens import TOKENS_PER_MESSAGE, TOKENS_PER_NAME, TOKENS_PER_REPLY

Count = Callable[[str], int]

ROLES = ("system", "developer", "user", "assistant", "tool", "function")

_COMMON = frozenset({"role", "content", "name"})
_KEYS: dict[str, frozenset[str]] = {
    "system": _COMMON,
    "developer": _COMMON,
    "user": _COMMON,
    "assistant": frozenset({"role", "content", "name", "weight", "refusal", "tool_calls", "function_call"}),
    "tool": frozenset({"role", "content", "tool_call_id"}),
    "function": _COMMON,  # legacy function-calling result
}

# Content part types each role may use. Fine-tuning accepts text and images in input
# messages only; audio and files are rejected by the API.
_PARTS: dict[str, frozenset[str]] = {
    "system": frozenset({"text"}),
    "developer": frozenset({"text"}),
    "user": frozenset({"text", "image_url"}),
    "assistant": frozenset({"text", "refusal"}),
    "tool": frozenset({"text"}),
    "function": frozenset(),
}
_UNSUPPORTED_PARTS = frozenset({"input_audio", "audio", "file", "input_file"})
_IMAGE_DETAIL = frozenset({"auto", "low", "high"})

_TOOL_KEYS = frozenset({"tools", "functions", "parallel_tool_calls"})
_PLAIN_ROLES = frozenset({"system", "developer", "user", "assistant"})

# Special tokens of the encodings fine-tunable models use (tiktoken's cl100k_base and
# o200k_base: endoftext, fim_prefix, fim_middle, fim_suffix, endofprompt). The API refuses
# an example whose text holds one: "Invalid file format. Example 6174 message contains an
# invalid token: <|fim_suffix|>." (observed 2026, on an o200k_base model, so the API's set
# is wider than the encoding's own).
RESERVED_TOKENS = ("<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>")
# The fields of an example the model reads (and so tokenizes), for every method.
_MODEL_FIELDS = (
    "messages",
    "tools",
    "functions",
    "prompt",
    "completion",
    "input",
    "preferred_output",
    "non_preferred_output",
)


class Conversation(NamedTuple):
    """What a valid list of messages measured."""

    messages: int
    tokens: int
    assistant_tokens: int
    has_system: bool
    has_user: bool
    has_assistant: bool
    trained_assistant: bool
    images: int = 0


def type_name(value: Any) -> str:
    """The JSON name of a value's type, for messages.

    >>> type_name([]), type_name(None), type_name(True)
    ('array', 'null', 'boolean')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "array"
    return "object"


def reserved_tokens(example: dict[str, Any]) -> list[tuple[str, str]]:
    """``(JSON path, token)`` for each string the model reads that holds a reserved token.

    >>> reserved_tokens({"messages": [{"role": "user", "content": "a <|endoftext|> b"}], "id": "<|fim_suffix|>"})
    [('messages[0].content', '<|endoftext|>')]
    """
    found: list[tuple[str, str]] = []
    stack: list[tuple[str, Any]] = [(key, example[key]) for key in reversed(_MODEL_FIELDS) if key in example]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if "<|" in value:
                found.extend((path, token) for token in RESERVED_TOKENS if token in value)
        elif isinstance(value, dict):
            stack.extend((f"{path}.{key}", item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item) for i, item in reversed(list(enumerate(value))))
    return found


def check_messages(
    value: Any,
    prefix: str,
    line: int,
    out: Collector,
    count: Count,
    *,
    only_role: str | None = None,
    max_images: int = MAX_IMAGES_PER_EXAMPLE,
) -> Conversation | None:
    """Check a list of chat messages at JSON path ``prefix``; ``None`` if anything is wrong.

    ``only_role`` restricts every message to one role (DPO outputs are assistant only);
    ``max_images`` is the most image parts the messages may hold together.

    >>> out = Collector(10)
    >>> conv = check_messages([{"role": "user", "content": "hi"}], "messages", 1, out, len)
    >>> conv.tokens, out.error_counts  # counting characters: 3 + 3 + len("user") + len("hi")
    (12, {})
    """
    if not isinstance(value, list):
        out.error(line, prefix, "invalid_type", f"must be an array of messages, got {type_name(value)}")
        return None
    if not value:
        out.error(line, prefix, "empty_value", "must contain at least one message")
        return None
    ok = True
    tokens = TOKENS_PER_REPLY
    assistant_tokens = 0
    has_system = has_user = has_assistant = trained = False
    call_ids: set[str] | None = None
    images = 0
    for i, msg in enumerate(value):
        if not isinstance(msg, dict):
            out.error(line, f"{prefix}[{i}]", "invalid_type", f"a message must be an object, got {type_name(msg)}")
            ok = False
            continue
        role = msg.get("role")
        if not isinstance(role, str) or role not in _KEYS:
            if "role" not in msg:
                out.error(line, f"{prefix}[{i}].role", "missing_field", "every message needs a role")
            else:
                out.error(
                    line, f"{prefix}[{i}].role", "invalid_role", f"role {role!r} is not one of {', '.join(ROLES)}"
                )
            ok = False
            continue
        allowed = _KEYS[role]
        if only_role is not None and role != only_role:
            out.error(line, f"{prefix}[{i}].role", "invalid_role", f"must be {only_role!r} here, got {role!r}")
            ok = False
            continue
        content = msg.get("content")
        if len(msg) == 2 and content.__class__ is str and role in _PLAIN_ROLES:
            # The usual shape, {"role": ..., "content": "..."}: nothing more to check, and
            # skipping the general path below is most of the speed on typical files.
            n = count(content)
            if not content and role != "assistant":
                out.warning(line, f"{prefix}[{i}].content", "empty_content", f"the {role} message's content is empty")
        else:
            if not msg.keys() <= allowed:
                for key in msg.keys() - allowed:
                    if key == "weight":
                        out.error(
                            line,
                            f"{prefix}[{i}].weight",
                            "invalid_weight",
                            f"weight is only allowed on assistant messages, not {role}",
                        )
                    else:
                        out.error(
                            line, f"{prefix}[{i}].{key}", "unknown_field", f"{role} messages have no field {key!r}"
                        )
                ok = False
            n = _message(msg, role, prefix, i, line, out, count)
            if content.__class__ is list:
                images += sum(1 for part in content if part.__class__ is dict and part.get("type") == "image_url")
            if n < 0:
                ok = False
                continue
            if "name" in msg:
                name = msg["name"]
                if not isinstance(name, str):
                    out.error(line, f"{prefix}[{i}].name", "invalid_type", f"must be a string, got {type_name(name)}")
                    ok = False
                    continue
                n += count(name) + TOKENS_PER_NAME
        tokens += n + TOKENS_PER_MESSAGE + count(role)

        if role == "assistant":
            has_assistant = True
            assistant_tokens += n
            if "weight" in msg:
                w = msg["weight"]
                if type(w) is not int or w not in (0, 1):  # bool and 1.0 are not accepted
                    out.error(line, f"{prefix}[{i}].weight", "invalid_weight", f"weight must be 0 or 1, got {w!r}")
                    ok = False
                elif w:
                    trained = True
            else:
                trained = True
            calls = msg.get("tool_calls")
            if calls:
                if call_ids is None:
                    call_ids = set()
                for call in calls:
                    call_ids.add(call["id"])
        elif role == "user":
            has_user = True
        elif role == "system" or role == "developer":
            has_system = True
        elif role == "tool":
            call_id = msg["tool_call_id"]
            if call_ids is None or call_id not in call_ids:
                out.error(
                    line,
                    f"{prefix}[{i}].tool_call_id",
                    "unmatched_tool_call_id",
                    f"no earlier assistant tool call has id {call_id!r}",
                )
                ok = False
    if images > max_images:
        out.error(
            line,
            prefix,
            "too_many_images",
            f"{images} images in one example; the limit is {max_images} (OpenAI's vision fine-tuning guide)",
        )
        ok = False
    if not ok:
        return None
    return Conversation(len(value), tokens, assistant_tokens, has_system, has_user, has_assistant, trained, images)


def _message(msg: dict[str, Any], role: str, prefix: str, i: int, line: int, out: Collector, count: Count) -> int:
    """Check one message's content and calls; its content tokens, or -1 on error."""
    ok = True
    tokens = 0
    content = msg.get("content")
    if isinstance(content, str):
        tokens = count(content)
        if not content and role != "assistant":
            out.warning(line, f"{prefix}[{i}].content", "empty_content", f"the {role} message's content is empty")
    elif isinstance(content, list):
        tokens = _parts(content, role, prefix, i, line, out, count)
        if tokens < 0:
            ok = False
            tokens = 0
    elif content is not None:
        out.error(
            line,
            f"{prefix}[{i}].content",
            "invalid_type",
            f"must be a string or an array of parts, got {type_name(content)}",
        )
        ok = False

    if role == "assistant":
        has_call = False
        if "tool_calls" in msg:
            n = _tool_calls(msg["tool_calls"], prefix, i, line, out, count)
            if n < 0:
                ok = False
            else:
                tokens += n
                has_call = True
        if "function_call" in msg:
            n = _function_call(msg["function_call"], f"{prefix}[{i}].function_call", line, out, count)
            if n < 0:
                ok = False
            else:
                tokens += n
                has_call = True
        if "refusal" in msg:
            refusal = msg["refusal"]
            if isinstance(refusal, str):
                tokens += count(refusal)
                has_call = True
            elif refusal is not None:
                out.error(line, f"{prefix}[{i}].refusal", "invalid_type", f"must be a string, got {type_name(refusal)}")
                ok = False
        if content is None and not has_call and ok:
            out.error(
                line,
                f"{prefix}[{i}].content",
                "missing_content",
                "an assistant message needs content, tool_calls, function_call or refusal",
            )
            ok = False
    elif content is None and ok:
        if "content" in msg:
            out.error(line, f"{prefix}[{i}].content", "missing_content", f"a {role} message's content can't be null")
        else:
            out.error(line, f"{prefix}[{i}].content", "missing_field", f"a {role} message needs content")
        ok = False

    if role == "tool":
        call_id = msg.get("tool_call_id")
        if not isinstance(call_id, str):
            kind, what = (
                ("missing_field", "a tool message needs") if call_id is None else ("invalid_type", "needs a string")
            )
            out.error(line, f"{prefix}[{i}].tool_call_id", kind, f"{what} tool_call_id")
            ok = False
    elif role == "function" and not isinstance(msg.get("name"), str):
        out.error(line, f"{prefix}[{i}].name", "missing_field", "a function message needs the function's name")
        ok = False
    return tokens if ok else -1


def _parts(parts: list[Any], role: str, prefix: str, i: int, line: int, out: Collector, count: Count) -> int:
    """Content parts of one message: their text tokens (images count 0), or -1 on error."""
    if not parts:
        out.error(line, f"{prefix}[{i}].content", "empty_value", "an array of content parts can't be empty")
        return -1
    allowed = _PARTS[role]
    tokens = 0
    ok = True
    for j, part in enumerate(parts):
        if not isinstance(part, dict):
            out.error(
                line, f"{prefix}[{i}].content[{j}]", "invalid_type", f"a part must be an object, got {type_name(part)}"
            )
            ok = False
            continue
        kind = part.get("type")
        if kind not in allowed:
            where = f"{prefix}[{i}].content[{j}].type"
            if "type" not in part:
                out.error(line, where, "missing_field", "a content part needs a type")
            elif kind in _UNSUPPORTED_PARTS:
                out.error(line, where, "unsupported_content", f"fine-tuning does not accept {kind} content")
            elif kind == "image_url" and role == "assistant":
                out.error(
                    line,
                    f"{prefix}[{i}].content[{j}]",
                    "image_in_assistant_message",
                    "an assistant message can't hold an image: images are inputs, in user messages",
                )
            else:
                choices = ", ".join(sorted(allowed)) or "none (content must be a string)"
                out.error(
                    line,
                    where,
                    "invalid_content_part",
                    f"a {role} message can't have a {kind!r} part; allowed: {choices}",
                )
            ok = False
            continue
        if kind == "image_url":
            image = part.get("image_url")
            url = image.get("url") if isinstance(image, dict) else None
            if not isinstance(url, str):
                out.error(
                    line, f"{prefix}[{i}].content[{j}].image_url.url", "missing_field", "an image part needs a url"
                )
                ok = False
                continue
            problem = check_image_url(url)
            if problem is not None:
                where = f"{prefix}[{i}].content[{j}].image_url.url"
                if problem.error:
                    out.error(line, where, problem.kind, problem.message)
                    ok = False
                else:
                    out.warning(line, where, problem.kind, problem.message)
            if isinstance(image, dict) and "detail" in image and image["detail"] not in _IMAGE_DETAIL:
                out.error(
                    line,
                    f"{prefix}[{i}].content[{j}].image_url.detail",
                    "invalid_value",
                    f"detail must be auto, low or high, got {image['detail']!r}",
                )
                ok = False
            continue
        field = "text" if kind == "text" else "refusal"
        text = part.get(field)
        if not isinstance(text, str):
            where = f"{prefix}[{i}].content[{j}].{field}"
            if text is None:
                out.error(line, where, "missing_field", f"a {kind} part needs {field}")
            else:
                out.error(line, where, "invalid_type", f"must be a string, got {type_name(text)}")
            ok = False
            continue
        tokens += count(text)
    return tokens if ok else -1


def _tool_calls(calls: Any, prefix: str, i: int, line: int, out: Collector, count: Count) -> int:
    where = f"{prefix}[{i}].tool_calls"
    if not isinstance(calls, list) or not calls:
        what = "an empty array" if isinstance(calls, list) else type_name(calls)
        out.error(line, where, "invalid_type", f"must be a non-empty array of tool calls, got {what}")
        return -1
    tokens = 0
    ok = True
    for j, call in enumerate(calls):
        if not isinstance(call, dict):
            out.error(line, f"{where}[{j}]", "invalid_type", f"a tool call must be an object, got {type_name(call)}")
            ok = False
            continue
        call_id = call.get("id")
        if not isinstance(call_id, str):
            kind = "missing_field" if call_id is None else "invalid_type"
            out.error(line, f"{where}[{j}].id", kind, "a tool call needs a string id")
            ok = False
        if call.get("type", "function") != "function":
            out.error(line, f"{where}[{j}].type", "invalid_value", f"type must be 'function', got {call.get('type')!r}")
            ok = False
        n = _function_call(call.get("function"), f"{where}[{j}].function", line, out, count)
        if n < 0:
            ok = False
        else:
            tokens += n
    return tokens if ok else -1


def _function_call(call: Any, where: str, line: int, out: Collector, count: Count) -> int:
    if not isinstance(call, dict):
        kind = "missing_field" if call is None else "invalid_type"
        out.error(line, where, kind, "must be an object with name and arguments")
        return -1
    name = call.get("name")
    arguments = call.get("arguments")
    ok = True
    if not isinstance(name, str) or not name:
        kind = "missing_field" if name is None else "invalid_type"
        out.error(line, f"{where}.name", kind, "needs the function's name as a non-empty string")
        ok = False
    if not isinstance(arguments, str):
        kind = "missing_field" if arguments is None else "invalid_type"
        hint = " (encode the arguments object as a JSON string)" if isinstance(arguments, dict) else ""
        out.error(line, f"{where}.arguments", kind, f"arguments must be a string{hint}")
        ok = False
    if not ok or not isinstance(name, str) or not isinstance(arguments, str):
        return -1
    return count(name) + count(arguments)


def check_tools(example: dict[str, Any], prefix: str, line: int, out: Collector, count: Count) -> int:
    """Check ``tools``, ``functions`` and ``parallel_tool_calls`` of an example (or DPO input).

    Returns the tokens the definitions add to the prompt (the JSON text, counted as the
    model would see it roughly), or -1 on error.

    >>> check_tools({"tools": [{"type": "function", "function": {"name": "f"}}]}, "", 1, Collector(5), len)
    45
    """
    if example.keys().isdisjoint(_TOOL_KEYS):
        return 0
    ok = True
    tokens = 0
    dot = f"{prefix}." if prefix else ""
    if "tools" in example:
        tools = example["tools"]
        if not isinstance(tools, list):
            out.error(line, f"{dot}tools", "invalid_type", f"must be an array of tools, got {type_name(tools)}")
            ok = False
        else:
            for j, tool in enumerate(tools):
                fn = tool.get("function") if isinstance(tool, dict) else None
                if not isinstance(tool, dict) or tool.get("type", "function") != "function":
                    out.error(line, f"{dot}tools[{j}]", "invalid_value", "a tool must be an object of type 'function'")
                    ok = False
                elif not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
                    out.error(line, f"{dot}tools[{j}].function.name", "missing_field", "a tool needs function.name")
                    ok = False
            if ok and tools:
                tokens += count(json.dumps(tools, separators=(",", ":")))
    if "functions" in example:
        functions = example["functions"]
        if not isinstance(functions, list):
            out.error(
                line, f"{dot}functions", "invalid_type", f"must be an array of functions, got {type_name(functions)}"
            )
            ok = False
        else:
            for j, fn in enumerate(functions):
                if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
                    out.error(line, f"{dot}functions[{j}].name", "missing_field", "a function needs a name")
                    ok = False
            if ok and functions:
                tokens += count(json.dumps(functions, separators=(",", ":")))
    if "parallel_tool_calls" in example and not isinstance(example["parallel_tool_calls"], bool):
        value = example["parallel_tool_calls"]
        out.error(line, f"{dot}parallel_tool_calls", "invalid_type", f"must be true or false, got {type_name(value)}")
        ok = False
    return tokens if ok else -1
