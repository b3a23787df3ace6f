"""The grader endpoints: ``POST /fine_tuning/alpha/graders/validate`` checks a grader's shape,
``POST /fine_tuning/alpha/graders/run`` grades one sample with the library's grader engine
(``ftkit.grading``), the emulator answering what a grader needs: a model grader's judge is the
emulator's own simulated chat completion (labelled simulated in the answer's metadata), a
``cosine`` grader's embeddings its simulated vectors, and a ``python`` grader's source really
runs, in a separate process with the API's documented limits (2 minutes, 2 GB).
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..grading._engine import (
    EmbeddingsRequest,
    Failed,
    Grade,
    GradingOptions,
    JudgeRequest,
    PythonRequest,
    grade_steps,
    run_steps,
)
from ..grading._formula import problem as formula_problem
from ..grading._metrics import METRICS, MissingDependencyError
from ..grading._python import PythonLimits, command, outcome, payload
from ..grading._templates import text_sample
from ._chat import complete, embed
from ._errors import EmulatorError, bad_request
from ._request_checks import expect_object, expect_string, is_number, reject_unknown

if TYPE_CHECKING:
    from ._handlers import Request
    from ._state import State

TOP_LEVEL_TYPES = ("string_check", "text_similarity", "python", "score_model", "multi")
_OPERATIONS = ("eq", "ne", "like", "ilike")
_ROLES = ("user", "assistant", "system", "developer")
_TEMPLATE = re.compile(r"\{\{\s*(.*?)\s*\}\}")
_REFERENCE = re.compile(r"(item|sample)(\.[^\s.\[\]{}]+(\[\d+\])*)+")
#: Documented (graders guide): "the grading execution itself cannot exceed 2 minutes", 2 GB of memory.
PYTHON_LIMITS = PythonLimits()


def check_grader(raw: Any, param: str = "grader", *, nested: bool = False) -> dict[str, Any]:
    """``raw`` if it is a grader the API accepts (a multi grader's graders as a map), else a
    400 naming the first problem.

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
        return _check_multi(grader, param)
    return grader


def _one_of(value: Any, choices: tuple[str, ...], param: str) -> None:
    if value not in choices:
        raise bad_request(f"Invalid '{param}': expected one of {', '.join(choices)}, got {value!r}.", param)


def _template(value: Any, param: str) -> None:
    text = expect_string(value, param)
    for variable in _TEMPLATE.findall(text):
        if not _REFERENCE.fullmatch(variable):
            raise bad_request(
                f"Invalid '{param}': template variable {{{{{variable}}}}} must name a field of 'item' or 'sample' "
                "(for example {{item.label}} or {{sample.output_text}}).",
                param,
                "invalid_variable_error",
            )


def _check_python(grader: dict[str, Any], param: str) -> None:
    import ast

    source = expect_string(grader.get("source"), f"{param}.source")
    if "image_tag" in grader:
        expect_string(grader["image_tag"], f"{param}.image_tag")
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


def _check_multi(grader: dict[str, Any], param: str) -> dict[str, Any]:
    graders = expect_object(grader.get("graders"), f"{param}.graders")
    # The spec types `graders` as one grader; the API takes a map of name -> grader. Accept both.
    if isinstance(graders.get("type"), str):
        graders = {str(graders.get("name") or graders["type"]): graders}
    if not graders:
        raise bad_request(f"Invalid '{param}.graders': expected at least one grader.", f"{param}.graders")
    checked = {name: check_grader(sub, f"{param}.graders.{name}", nested=True) for name, sub in graders.items()}
    formula = expect_string(grader.get("calculate_output"), f"{param}.calculate_output")
    found = formula_problem(formula, list(checked))
    if found:
        raise bad_request(f"Invalid '{param}.calculate_output': {found}.", f"{param}.calculate_output")
    return {**grader, "graders": checked}


def run_python(need: PythonRequest) -> Any:
    """Run a python grader's source in its own process (the engine's command and limits)."""
    limits = need.limits
    try:
        done = subprocess.run(
            command(limits), input=payload(need.source, need.sample, need.item, limits),
            capture_output=True, timeout=limits.timeout, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return outcome(None, b"", b"", True, limits)
    except OSError as error:
        return Failed(f"the grader's process did not start ({error})")
    return outcome(done.returncode, done.stdout, done.stderr, False, limits)


def responder(state: State, python: Callable[[PythonRequest], Any] = run_python) -> Callable[[Any], Any]:
    """What answers the engine's requests in the emulator: the simulated judge and embeddings,
    and the python grader's process."""

    def respond(need: Any) -> Any:
        try:
            if isinstance(need, JudgeRequest):
                return complete(state, need.body, any_base=True)
            if isinstance(need, EmbeddingsRequest):
                return embed(state, need.body)
        except EmulatorError as error:
            return Failed(f"{error.status}: {error.message}")
        return python(need)

    return respond


def grade(state: State, grader: dict[str, Any], item: dict[str, Any], sample: dict[str, Any]) -> Grade:
    """``grader`` (checked) on one sample, graded by the engine with the emulator's answers."""
    options = GradingOptions(python=PYTHON_LIMITS, wordnet_required=False)
    try:
        return run_steps(grade_steps(grader, item, sample, options), responder(state))
    except MissingDependencyError as error:
        raise EmulatorError(
            500, f"The emulator cannot compute this grader here: {error}.", code="server_error"
        ) from None


# -- the endpoints (stateless: never under the lock) ----------------------------------------------


def validate_grader(state: State, request: Request) -> Any:
    body = request.json()
    reject_unknown(body, ("grader",))
    if "grader" not in body:
        raise bad_request("Missing required parameter: 'grader'.", "grader")
    check_grader(body["grader"])
    return {"grader": body["grader"]}


def run_grader(state: State, request: Request) -> Any:
    body = request.json()
    reject_unknown(body, ("grader", "item", "model_sample"))
    for required in ("grader", "model_sample"):
        if required not in body:
            raise bad_request(f"Missing required parameter: '{required}'.", required)
    grader = check_grader(body["grader"])
    item = expect_object(body.get("item", {}), "item")
    sample = text_sample(expect_string(body["model_sample"], "model_sample"))
    started = time.perf_counter()
    result = grade(state, grader, item, sample)
    answer = result.run_answer(time.perf_counter() - started)
    if result.usage:
        # The judge is the emulator's simulated chat completion: say so.
        answer["metadata"]["simulated"] = True
    return answer
