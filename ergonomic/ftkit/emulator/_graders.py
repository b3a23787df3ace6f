"""The grader endpoints: check a grader's shape, and run it on one sample.

``string_check`` and ``text_similarity`` compute real rewards; the graders that would need a
model or a Python sandbox give a deterministic stand-in derived from their inputs.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._errors import bad_request
from ._request_checks import expect_object, expect_string, is_number
from ._similarity import METRICS, FormulaError, check_formula, evaluate_formula, similarity

TOP_LEVEL_TYPES = ("string_check", "text_similarity", "python", "score_model", "multi")
_OPERATIONS = ("eq", "ne", "like", "ilike")
_ROLES = ("user", "assistant", "system", "developer")
_TEMPLATE = re.compile(r"\{\{\s*(.*?)\s*\}\}")
_ERROR_FLAGS = (
    "formula_parse_error", "sample_parse_error", "truncated_observation_error", "unresponsive_reward_error",
    "invalid_variable_error", "other_error", "python_grader_server_error", "python_grader_runtime_error",
    "model_grader_server_error", "model_grader_refusal_error", "model_grader_parse_error",
)  # fmt: skip


def check_grader(raw: Any, param: str = "grader", *, nested: bool = False) -> dict[str, Any]:
    """``raw`` if it is a grader the API accepts, else a 400 naming the first problem.

    >>> g = {"type": "string_check", "name": "x", "input": "{{sample.output_text}}", "reference": "a"}
    >>> check_grader({**g, "operation": "eq"})["operation"]
    'eq'
    """
    grader = expect_object(raw, param)
    kind = grader.get("type")
    allowed = (*TOP_LEVEL_TYPES[:-1], "label_model") if nested else TOP_LEVEL_TYPES
    if kind not in allowed:
        raise bad_request(
            f"Invalid '{param}.type': expected one of {', '.join(allowed)}, got {kind!r}.", f"{param}.type"
        )
    expect_string(grader.get("name"), f"{param}.name")
    if kind == "string_check":
        _template(grader.get("input"), f"{param}.input")
        _template(grader.get("reference"), f"{param}.reference")
        _one_of(grader.get("operation"), _OPERATIONS, f"{param}.operation")
    elif kind == "text_similarity":
        _template(grader.get("input"), f"{param}.input")
        _template(grader.get("reference"), f"{param}.reference")
        _one_of(grader.get("evaluation_metric"), METRICS, f"{param}.evaluation_metric")
    elif kind == "python":
        _check_python(grader, param)
    elif kind in ("score_model", "label_model"):
        _check_model_grader(grader, param)
    else:
        _check_multi(grader, param)
    return grader


def _one_of(value: Any, choices: tuple[str, ...], param: str) -> None:
    if value not in choices:
        raise bad_request(f"Invalid '{param}': expected one of {', '.join(choices)}, got {value!r}.", param)


def _template(value: Any, param: str) -> None:
    text = expect_string(value, param)
    for variable in _TEMPLATE.findall(text):
        if not re.fullmatch(r"(item|sample)(\.[A-Za-z0-9_]+)+", variable):
            raise bad_request(
                f"Invalid '{param}': template variable {{{{{variable}}}}} must name a field of 'item' or 'sample' "
                "(for example {{item.label}} or {{sample.output_text}}).",
                param,
                "invalid_variable_error",
            )


def _check_python(grader: dict[str, Any], param: str) -> None:
    source = expect_string(grader.get("source"), f"{param}.source")
    if "image_tag" in grader:
        expect_string(grader["image_tag"], f"{param}.image_tag")
    # Parsed, never run: the emulator only checks that a grade() function is there.
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise bad_request(
            f"Invalid '{param}.source': the Python source does not parse: {exc.msg}.", f"{param}.source"
        ) from exc
    if not any(isinstance(node, ast.FunctionDef) and node.name == "grade" for node in tree.body):
        raise bad_request(
            f"Invalid '{param}.source': the source must define grade(sample, item) -> float.", f"{param}.source"
        )


def _check_model_grader(grader: dict[str, Any], param: str) -> None:
    expect_string(grader.get("model"), f"{param}.model", min_length=1)
    messages = grader.get("input")
    if not isinstance(messages, list) or not messages:
        raise bad_request(f"Invalid '{param}.input': expected a non-empty array of messages.", f"{param}.input")
    for i, message in enumerate(messages):
        where = f"{param}.input[{i}]"
        expect_object(message, where)
        _one_of(message.get("role"), _ROLES, f"{where}.role")
        if message.get("type", "message") != "message":
            raise bad_request(f"Invalid '{where}.type': expected 'message'.", f"{where}.type")
        for text in _content_texts(message.get("content"), f"{where}.content"):
            _template(text, f"{where}.content")
    if grader["type"] == "label_model":
        labels = grader.get("labels")
        passing = grader.get("passing_labels")
        for value, name in ((labels, "labels"), (passing, "passing_labels")):
            if not isinstance(value, list) or not value or not all(isinstance(x, str) for x in value):
                raise bad_request(
                    f"Invalid '{param}.{name}': expected a non-empty array of strings.", f"{param}.{name}"
                )
        if not set(passing or []) <= set(labels or []):
            raise bad_request(
                f"Invalid '{param}.passing_labels': must be a subset of labels.", f"{param}.passing_labels"
            )
    elif "range" in grader:
        bounds = grader["range"]
        if not (isinstance(bounds, list) and len(bounds) == 2 and all(is_number(b) for b in bounds)):
            raise bad_request(f"Invalid '{param}.range': expected two numbers [min, max].", f"{param}.range")
        if bounds[0] >= bounds[1]:
            raise bad_request(f"Invalid '{param}.range': the minimum must be below the maximum.", f"{param}.range")
    if "sampling_params" in grader:
        expect_object(grader["sampling_params"], f"{param}.sampling_params")


def _content_texts(content: Any, param: str) -> list[str]:
    items = content if isinstance(content, list) else [content]
    texts = []
    for item in items:
        if isinstance(item, str):
            texts.append(item)
            continue
        part = expect_object(item, param)
        kind = part.get("type")
        if kind in ("input_text", "output_text"):
            texts.append(expect_string(part.get("text"), f"{param}.text"))
        elif kind == "input_image":
            texts.append(expect_string(part.get("image_url"), f"{param}.image_url"))
        elif kind == "input_audio":
            audio = expect_object(part.get("input_audio"), f"{param}.input_audio")
            texts.append(expect_string(audio.get("data"), f"{param}.input_audio.data"))
            _one_of(audio.get("format"), ("mp3", "wav"), f"{param}.input_audio.format")
        else:
            raise bad_request(
                f"Invalid '{param}': content parts are input_text, output_text, input_image or input_audio.", param
            )
    return texts


def sub_graders(grader: dict[str, Any], param: str = "grader") -> dict[str, Any]:
    """A multi grader's graders by name (accepting the spec's one-grader shape too).

    >>> list(sub_graders({"type": "multi", "graders": {"a": {"type": "python", "name": "a"}}}))
    ['a']
    """
    graders = expect_object(grader.get("graders"), f"{param}.graders")
    # The spec types `graders` as one grader; the API takes a map of name -> grader. Accept both.
    if isinstance(graders.get("type"), str):
        return {str(graders.get("name") or graders["type"]): graders}
    return graders


def _check_multi(grader: dict[str, Any], param: str) -> None:
    graders = sub_graders(grader, param)
    if not graders:
        raise bad_request(f"Invalid '{param}.graders': expected at least one grader.", f"{param}.graders")
    for name, sub in graders.items():
        check_grader(sub, f"{param}.graders.{name}", nested=True)
    formula = expect_string(grader.get("calculate_output"), f"{param}.calculate_output")
    try:
        check_formula(formula, set(graders))
    except FormulaError as exc:
        raise bad_request(f"Invalid '{param}.calculate_output': {exc}.", f"{param}.calculate_output") from exc


#: Graders the emulator cannot really run (they need a model or a Python sandbox): their
#: scores are stand-ins, and everything that reports them says so.
SIMULATED_TYPES = ("score_model", "label_model", "python")

StandIn = Callable[[dict[str, Any], dict[str, Any]], float]


@dataclass
class Evaluation:
    """One grader run on one sample: the reward, each named sub-grader's score, flags and token usage."""

    reward: float
    scores: dict[str, float] = field(default_factory=dict)
    errors: dict[str, Any] = field(default_factory=dict)
    usage: dict[str, Any] = field(default_factory=dict)


def evaluate(
    grader: dict[str, Any], item: dict[str, Any], sample: dict[str, Any], stand_in: StandIn | None = None
) -> Evaluation:
    """Run a checked grader on ``sample`` (``output_text`` and ``output_json``) for ``item``.

    ``string_check``, ``text_similarity`` and ``multi`` formulas are computed; the graders in
    :data:`SIMULATED_TYPES` take their unit score from ``stand_in(grader, context)`` (by default
    a hash of their inputs, so reruns agree).

    >>> g = {"type": "string_check", "name": "x", "input": "{{sample.output_text}}",
    ...      "reference": "{{item.label}}", "operation": "eq"}
    >>> evaluate(g, {"label": "yes"}, {"output_text": "yes", "output_json": None}).reward
    1.0
    """
    errors: dict[str, Any] = dict.fromkeys(_ERROR_FLAGS, False)
    errors.update(
        python_grader_server_error_type=None,
        python_grader_runtime_error_details=None,
        model_grader_server_error_details=None,
    )
    result = Evaluation(0.0, errors=errors)
    context = {"item": item, "sample": sample}
    result.reward = _reward(grader, context, errors, result.scores, result.usage, stand_in or _stable_unit)
    return result


def run_grader(grader: dict[str, Any], item: dict[str, Any], model_sample: str) -> dict[str, Any]:
    """The ``POST /fine_tuning/alpha/graders/run`` answer for a checked grader.

    >>> g = {"type": "string_check", "name": "x", "input": "{{sample.output_text}}",
    ...      "reference": "{{item.label}}", "operation": "eq"}
    >>> run_grader(g, {"label": "yes"}, "yes")["reward"]
    1.0
    """
    started = time.perf_counter()
    sample: dict[str, Any] = {"output_text": model_sample}
    try:
        sample["output_json"] = json.loads(model_sample)
    except (ValueError, RecursionError):
        sample["output_json"] = None
    result = evaluate(grader, item, sample)
    usage = result.usage
    sampled = next(iter(usage), None)
    return {
        "reward": result.reward,
        "metadata": {
            "name": grader["name"],
            "type": grader["type"],
            "errors": result.errors,
            "execution_time": time.perf_counter() - started,
            "scores": result.scores,
            "token_usage": sum(u["total_tokens"] for u in usage.values()) if usage else None,
            "sampled_model_name": sampled,
        },
        "sub_rewards": result.scores if grader["type"] == "multi" else {},
        "model_grader_token_usage_per_model": usage,
    }


def _reward(
    grader: dict[str, Any],
    context: dict[str, Any],
    errors: dict[str, Any],
    scores: dict[str, float],
    usage: dict[str, Any],
    stand_in: StandIn,
) -> float:
    kind = grader["type"]
    if kind == "string_check":
        text = render_template(grader["input"], context, errors)
        reference = render_template(grader["reference"], context, errors)
        passed = {
            "eq": text == reference,
            "ne": text != reference,
            "like": reference in text,
            "ilike": reference.lower() in text.lower(),
        }[grader["operation"]]
        return 1.0 if passed else 0.0
    if kind == "text_similarity":
        text = render_template(grader["input"], context, errors)
        return similarity(grader["evaluation_metric"], text, render_template(grader["reference"], context, errors))
    if kind == "multi":
        graders = sub_graders(grader, "grader")
        for name, sub in graders.items():
            scores[name] = _reward(sub, context, errors, {}, usage, stand_in)
        try:
            return evaluate_formula(check_formula(grader["calculate_output"], set(graders)), scores)
        except (FormulaError, ArithmeticError, ValueError):
            errors["formula_parse_error"] = True
            return 0.0
    unit = stand_in(grader, context)
    if kind == "python":
        return unit
    prompt = " ".join(
        render_template(t, context, errors) for m in grader["input"] for t in _content_texts(m["content"], "input")
    )
    prompt_tokens = max(1, len(prompt) // 4)
    usage[grader["model"]] = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": 1,
        "total_tokens": prompt_tokens + 1,
        "cached_tokens": 0,
    }
    if kind == "label_model":
        label = grader["labels"][int(unit * len(grader["labels"])) % len(grader["labels"])]
        return 1.0 if label in grader["passing_labels"] else 0.0
    low, high = grader.get("range", [0, 1])
    return float(low + unit * (high - low))


def render_template(template: str, context: dict[str, Any], errors: dict[str, Any]) -> str:
    """``template`` with each ``{{item.x}}``/``{{sample.y}}`` filled from ``context``; a missing one flags an error.

    >>> render_template("A: {{item.a}}", {"item": {"a": "yes"}}, {})
    'A: yes'
    """

    def substitute(match: re.Match[str]) -> str:
        value: Any = context
        for key in match.group(1).split("."):
            if not isinstance(value, dict) or key not in value:
                errors["invalid_variable_error"] = True
                return ""
            value = value[key]
        return value if isinstance(value, str) else json.dumps(value)

    return _TEMPLATE.sub(substitute, template)


def _stable_unit(grader: dict[str, Any], context: dict[str, Any]) -> float:
    # A reward that depends only on the inputs, so reruns agree without a model or a sandbox.
    digest = hashlib.sha256(json.dumps([grader, context], sort_keys=True, default=str).encode()).digest()
    return int.from_bytes(digest[:6], "big") / float(1 << 48)
