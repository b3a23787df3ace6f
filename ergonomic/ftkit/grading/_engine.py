"""The grader engine: every grader type the API defines, graded on one sample, without I/O.

:func:`grade_steps` is a generator: it yields what a grader needs from outside (a
:class:`JudgeRequest`, the chat completion a model grader asks its judge for; an
:class:`EmbeddingsRequest`, the two embeddings a ``cosine`` grader compares; a
:class:`PythonRequest`, a ``python`` grader's source to run) and receives the answer (the
answer's JSON, a :class:`~ftkit.grading._python.PythonOutcome`, or :class:`Failed`). It returns
a :class:`Grade`. The library drives it with the client (``ftkit.grading.grade_flow``: chat
completions and embeddings through the client's driver, the source in a separate process);
the emulator drives it with its own simulated judge and embeddings. So both grade the same way.

Sources of the rules: OpenAI's graders guide (documented), the spec's ``RunGraderResponse``
(the error flags), and guesses, each marked where it is decided.

>>> grader = {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}",
...           "reference": "{{item.answer}}", "operation": "eq"}
>>> grade_now(grader, {"answer": "Paris"}, text_sample("Paris")).reward
1.0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Union

from ._formula import FormulaError, evaluate, parse
from ._metrics import MissingDependencyError, cosine, has_nltk, similarity
from ._python import PythonLimits, PythonOutcome
from ._templates import parse_json, render, text_sample

__all__ = [
    "ERROR_FLAGS",
    "EmbeddingsRequest",
    "Failed",
    "Grade",
    "GradingOptions",
    "JudgeRequest",
    "PythonRequest",
    "drive_steps",
    "grade_now",
    "grade_steps",
    "leaf_graders",
    "needs_server",
    "run_steps",
    "text_sample",
]

#: The error flags of the API's grader answer (the spec's ``RunGraderResponse.metadata.errors``).
ERROR_FLAGS: Final = (
    "formula_parse_error", "sample_parse_error", "truncated_observation_error", "unresponsive_reward_error",
    "invalid_variable_error", "other_error", "python_grader_server_error", "python_grader_runtime_error",
    "model_grader_server_error", "model_grader_refusal_error", "model_grader_parse_error",
)  # fmt: skip
#: Documented (graders guide, text similarity): cosine uses text-embedding-3-large.
DEFAULT_EMBEDDING_MODEL: Final = "text-embedding-3-large"


@dataclass(frozen=True)
class GradingOptions:
    """How the engine reaches what graders need.

    ``models`` maps a model grader's ``model`` to the model (or Azure deployment) to ask
    instead; ``embedding_model`` is what ``cosine`` embeds with; ``python`` the limits of a
    ``python`` grader's process. ``wordnet_required=False`` lets ``meteor`` run without
    nltk's WordNet corpus (no synonym stage; the grade's ``details`` say so) where it would
    otherwise raise ``MissingDependencyError`` (the emulator's choice, offline).

    >>> GradingOptions(models={"gpt-4o-2024-08-06": "my-judge-deployment"}).judge("gpt-4o-2024-08-06")
    'my-judge-deployment'
    """

    embedding_model: str = DEFAULT_EMBEDDING_MODEL
    models: Mapping[str, str] = field(default_factory=dict)
    python: PythonLimits = field(default_factory=PythonLimits)
    wordnet_required: bool = True

    def judge(self, model: str) -> str:
        """The model asked for a grader naming ``model``."""
        return self.models.get(model, model)


@dataclass(frozen=True)
class JudgeRequest:
    """A model grader's question: the chat completions request ``body`` for its judge
    (``config`` is the grader itself, for a responder that simulates the judge)."""

    grader: str
    model: str
    body: dict[str, Any]
    config: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EmbeddingsRequest:
    """A ``cosine`` grader's embeddings request ``body`` (``input``: the text, then the reference)."""

    grader: str
    model: str
    body: dict[str, Any]


@dataclass(frozen=True)
class PythonRequest:
    """A ``python`` grader's source to run on ``sample`` and ``item`` within ``limits``."""

    grader: str
    source: str
    sample: Mapping[str, Any]
    item: Mapping[str, Any]
    limits: PythonLimits


@dataclass(frozen=True)
class Failed:
    """What the driver sends back when a request failed for good (after its retries)."""

    message: str


Request = Union[JudgeRequest, EmbeddingsRequest, PythonRequest]  # noqa: UP007 (a run-time alias on 3.10)
Steps = Generator[Request, Any, "Grade"]


@dataclass
class Grade:
    """One grader's verdict on one sample.

    ``reward`` is the score (0 when the grader failed); ``sub_rewards`` a multi grader's
    graders' scores by name; ``errors`` the API's error flags that were raised, with
    ``details`` (why, per grader name); ``usage`` the judges' token usage per model.

    >>> Grade("exact", "string_check", 1.0).to_dict()["reward"]
    1.0
    """

    name: str
    type: str
    reward: float
    sub_rewards: dict[str, float] = field(default_factory=dict)
    errors: dict[str, bool] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)
    usage: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the grader ran without any error flag."""
        return not any(self.errors.values())

    def to_dict(self) -> dict[str, Any]:
        """The grade as JSON (what ``ftkit graders run --local --json`` prints)."""
        return {
            "name": self.name,
            "type": self.type,
            "reward": self.reward,
            "sub_rewards": dict(self.sub_rewards),
            "errors": {flag: True for flag, raised in self.errors.items() if raised},
            "details": dict(self.details),
            "usage": {model: dict(counts) for model, counts in self.usage.items()},
        }

    def run_answer(self, execution_time: float) -> dict[str, Any]:
        """The grade in the shape of the API's ``POST /fine_tuning/alpha/graders/run`` answer."""
        errors: dict[str, Any] = {flag: bool(self.errors.get(flag)) for flag in ERROR_FLAGS}
        python_detail = next(
            (d for n, d in self.details.items() if self.errors.get("python_grader_runtime_error")), None
        )
        errors.update(
            python_grader_server_error_type=self.details.get("python_grader_server_error_type"),
            python_grader_runtime_error_details=python_detail,
            model_grader_server_error_details=self.details.get("model_grader_server_error_details"),
        )
        total = sum(counts.get("total_tokens", 0) for counts in self.usage.values())
        return {
            "reward": self.reward,
            "metadata": {
                "name": self.name,
                "type": self.type,
                "errors": errors,
                "execution_time": execution_time,
                "scores": dict(self.sub_rewards),
                "token_usage": total if self.usage else None,
                "sampled_model_name": next(iter(self.usage), None),
            },
            "sub_rewards": dict(self.sub_rewards),
            "model_grader_token_usage_per_model": {m: dict(c) for m, c in self.usage.items()},
        }


class _Fail(Exception):
    """A grader that cannot give a score: the flag to raise and why."""

    def __init__(self, flag: str, detail: str) -> None:
        super().__init__(detail)
        self.flag = flag
        self.detail = detail


def grade_steps(
    grader: Mapping[str, Any],
    item: Mapping[str, Any],
    sample: Mapping[str, Any],
    options: GradingOptions | None = None,
) -> Steps:
    """Grade ``sample`` (the sample namespace: :func:`text_sample`, :func:`completion_sample`)
    for ``item`` with ``grader`` (a checked grader in the API's JSON shape).

    Guess (the API's behaviour on a failing grader is not documented beyond its flags): a
    grader that fails scores 0, with its flag raised and the reason in ``details``; a multi
    grader computes its formula over its graders' scores, failed ones at 0.
    """
    options = options or GradingOptions()
    result = Grade(str(grader.get("name", "")), str(grader.get("type", "")), 0.0)
    if grader.get("type") == "multi":
        graders = grader.get("graders") or {}
        for name, sub in graders.items():
            result.sub_rewards[name] = yield from _leaf(sub, item, sample, options, result, name)
        try:
            tree = parse(str(grader.get("calculate_output", "")), list(graders))
            result.reward = evaluate(tree, result.sub_rewards)
        except FormulaError as error:
            _flag(result, "formula_parse_error", result.name, f"calculate_output: {error}")
    else:
        result.reward = yield from _leaf(grader, item, sample, options, result, result.name)
    return result


def grade_now(
    grader: Mapping[str, Any], item: Mapping[str, Any], sample: Mapping[str, Any], options: GradingOptions | None = None
) -> Grade:
    """Grade with no requests at all: for graders that need none (``string_check``,
    ``text_similarity`` but ``cosine``, and multi graders of those); ``ValueError`` otherwise."""
    steps = grade_steps(grader, item, sample, options)
    try:
        request = next(steps)
    except StopIteration as done:
        grade: Grade = done.value
        return grade
    steps.close()
    raise ValueError(f"grader {request.grader!r} needs a {type(request).__name__}, which grade_now cannot send")


def leaf_graders(grader: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The graders that score on their own: a multi grader's graders, else the grader itself.

    >>> [g["name"] for g in leaf_graders({"type": "multi", "graders": {"a": {"name": "a"}, "b": {"name": "b"}}})]
    ['a', 'b']
    """
    if grader.get("type") != "multi":
        return [grader]
    return [leaf for leaf in (grader.get("graders") or {}).values() if isinstance(leaf, Mapping)]


def needs_server(grader: Mapping[str, Any] | None) -> str | None:
    """The name of a grader (or of one of a multi grader's) that asks a server: a model grader's
    judge, ``cosine``'s embeddings; None when grading needs no server (nor a client).

    >>> needs_server({"type": "score_model", "name": "judge"}), needs_server({"type": "string_check"})
    ('judge', None)
    """
    for leaf in leaf_graders(grader or {}):
        if leaf.get("type") in ("score_model", "label_model") or leaf.get("evaluation_metric") == "cosine":
            return str(leaf.get("name"))
    return None


def drive_steps(steps: Steps, respond: Callable[[Request], Generator[Any, Any, Any]]) -> Generator[Any, Any, Grade]:
    """Answer each request of :func:`grade_steps` with what ``respond(request)`` returns,
    passing on whatever ``respond`` yields on the way (the library's :func:`grade_flow` yields
    its calls to the driver): the one loop over a grade's steps.

    >>> def at_once(need):
    ...     return PythonOutcome(0.5)
    ...     yield
    >>> grader = {"type": "python", "name": "p", "source": "..."}
    >>> next(drive_steps(grade_steps(grader, {}, text_sample("x")), at_once), None) is None
    True
    """
    answer: Any = None
    try:
        while True:
            try:
                need = steps.send(answer)
            except StopIteration as done:
                grade: Grade = done.value
                return grade
            answer = yield from respond(need)
    finally:
        steps.close()


def run_steps(steps: Steps, respond: Callable[[Request], Any]) -> Grade:
    """Drive :func:`grade_steps` with ``respond`` answering each request in turn (the
    emulator's way: its own judge, embeddings and process runner).

    >>> grader = {"type": "python", "name": "p", "source": "..."}
    >>> run_steps(grade_steps(grader, {}, text_sample("x")), lambda need: PythonOutcome(0.25)).reward
    0.25
    """

    def at_once(need: Request) -> Generator[Any, Any, Any]:
        return respond(need)
        yield  # a generator that yields nothing

    try:
        next(drive_steps(steps, at_once))
    except StopIteration as done:
        grade: Grade = done.value
        return grade
    raise AssertionError("at_once yields nothing")  # pragma: no cover


def _flag(result: Grade, flag: str, name: str, detail: str) -> None:
    result.errors[flag] = True
    result.details.setdefault(name, detail)


def _leaf(
    grader: Mapping[str, Any],
    item: Mapping[str, Any],
    sample: Mapping[str, Any],
    options: GradingOptions,
    result: Grade,
    name: str,
) -> Generator[Request, Any, float]:
    kind = grader.get("type")
    try:
        if kind == "string_check":
            return _string_check(grader, item, sample)
        if kind == "text_similarity":
            return (yield from _text_similarity(grader, item, sample, options, name, result))
        if kind == "python":
            return (yield from _python(grader, item, sample, options, name))
        if kind in ("score_model", "label_model"):
            return (yield from _model(grader, item, sample, options, name, result))
        raise _Fail("other_error", f"unknown grader type {kind!r}")
    except _Fail as failure:
        _flag(result, failure.flag, name, failure.detail)
        if failure.flag == "python_grader_server_error":
            result.details.setdefault("python_grader_server_error_type", failure.detail.split(":", 1)[0])
        if failure.flag == "model_grader_server_error":
            result.details.setdefault("model_grader_server_error_details", failure.detail)
        return 0.0


def _text(template: object, item: Mapping[str, Any], sample: Mapping[str, Any], where: str) -> str:
    text, missing = render(str(template), item, sample)
    if missing:
        # A reference into output_json of an output that is not JSON: the sample did not
        # parse (guess: the API's sample_parse_error); any other: invalid_variable_error.
        if any(m.startswith("sample.output_json") for m in missing) and sample.get("output_json") is None:
            raise _Fail("sample_parse_error", f"{where}: {{{{{missing[0]}}}}}: the sample's output is not JSON")
        raise _Fail("invalid_variable_error", f"{where}: {{{{{missing[0]}}}}} names nothing in the item or sample")
    return text


def _string_check(grader: Mapping[str, Any], item: Mapping[str, Any], sample: Mapping[str, Any]) -> float:
    # Documented (graders guide, "String check grader"): eq and ne compare exactly (case
    # sensitive); like is "input contains reference" (case sensitive), ilike the same ignoring
    # case. 1 when it holds, else 0.
    text = _text(grader.get("input"), item, sample, "input")
    reference = _text(grader.get("reference"), item, sample, "reference")
    operation = grader.get("operation")
    if operation == "eq":
        passed = text == reference
    elif operation == "ne":
        passed = text != reference
    elif operation == "like":
        passed = reference in text
    elif operation == "ilike":
        passed = reference.casefold() in text.casefold()
    else:
        raise _Fail("other_error", f"unknown operation {operation!r}")
    return 1.0 if passed else 0.0


def _text_similarity(
    grader: Mapping[str, Any],
    item: Mapping[str, Any],
    sample: Mapping[str, Any],
    options: GradingOptions,
    name: str,
    result: Grade,
) -> Generator[Request, Any, float]:
    text = _text(grader.get("input"), item, sample, "input")
    reference = _text(grader.get("reference"), item, sample, "reference")
    metric = str(grader.get("evaluation_metric"))
    if metric != "cosine":
        try:
            return similarity(metric, text, reference)
        except MissingDependencyError:
            if metric != "meteor" or options.wordnet_required or not has_nltk():
                raise
            result.details.setdefault(
                f"{name}.note", "meteor without WordNet synonyms (nltk's WordNet is not installed)"
            )
            return similarity(metric, text, reference, synonyms=False)
        except ValueError as error:
            raise _Fail("other_error", str(error)) from None
    model = options.embedding_model
    answer = yield EmbeddingsRequest(name, model, {"model": model, "input": [text, reference]})
    if isinstance(answer, Failed):
        raise _Fail("other_error", f"embeddings ({model}): {answer.message}")
    try:
        vectors = sorted(answer["data"], key=lambda entry: entry.get("index", 0))
        return cosine([float(x) for x in vectors[0]["embedding"]], [float(x) for x in vectors[1]["embedding"]])
    except (KeyError, IndexError, TypeError, ValueError) as error:
        raise _Fail("other_error", f"embeddings ({model}): an answer without two vectors ({error})") from None


def _python(
    grader: Mapping[str, Any], item: Mapping[str, Any], sample: Mapping[str, Any], options: GradingOptions, name: str
) -> Generator[Request, Any, float]:
    answer = yield PythonRequest(name, str(grader.get("source", "")), dict(sample), dict(item), options.python)
    if isinstance(answer, Failed):
        raise _Fail("python_grader_server_error", f"start: {answer.message}")
    if not isinstance(answer, PythonOutcome):
        raise TypeError(f"a python grader was answered {answer!r}")
    if answer.error in ("timeout", "memory", "crashed"):
        # Guess: the API's python_grader_server_error_type names what stopped the grader.
        raise _Fail("python_grader_server_error", f"{answer.error}: {answer.details}")
    if answer.error is not None or answer.reward is None:
        raise _Fail("python_grader_runtime_error", answer.details or str(answer.error))
    return answer.reward


# Guess: the API asks its judge for structured output (the reference says a label model
# "must support structured outputs"); these schemas are ours: the judge reasons in steps and
# gives its result, a number for a score model, one of the labels for a label model.
_STEPS: Final = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"description": {"type": "string"}, "conclusion": {"type": "string"}},
        "required": ["description", "conclusion"],
        "additionalProperties": False,
    },
}


def judge_schema(grader: Mapping[str, Any]) -> dict[str, Any]:
    """The ``response_format`` a model grader asks its judge for (ours: a guess)."""
    if grader.get("type") == "label_model":
        result: dict[str, Any] = {"type": "string", "enum": list(grader.get("labels") or [])}
        name = "label"
    else:
        low, high = _range(grader)
        result = {"type": "number", "description": f"The score, from {low:g} to {high:g}."}
        name = "score"
    schema = {
        "type": "object",
        "properties": {"steps": _STEPS, "result": result},
        "required": ["steps", "result"],
        "additionalProperties": False,
    }
    return {"type": "json_schema", "json_schema": {"name": name, "strict": True, "schema": schema}}


def _range(grader: Mapping[str, Any]) -> tuple[float, float]:
    # Documented (the spec's GraderScoreModel.range): "The range of the score. Defaults to [0, 1]."
    bounds = grader.get("range") or [0, 1]
    return float(bounds[0]), float(bounds[1])


def judge_body(
    grader: Mapping[str, Any], item: Mapping[str, Any], sample: Mapping[str, Any], options: GradingOptions
) -> dict[str, Any]:
    """The chat completions request a model grader sends its judge: its input messages with
    their templates filled, the structured output asked for, and its sampling parameters."""
    messages = [_message(m, item, sample, index) for index, m in enumerate(grader.get("input") or [])]
    body: dict[str, Any] = {
        "model": options.judge(str(grader.get("model"))),
        "messages": messages,
        "response_format": judge_schema(grader),
    }
    # Documented (the spec's GraderScoreModel.sampling_params): seed, top_p, temperature,
    # max_completions_tokens (sent as chat completions' max_completion_tokens) and
    # reasoning_effort.
    sampling = grader.get("sampling_params") or {}
    names = (
        ("temperature", "temperature"),
        ("top_p", "top_p"),
        ("seed", "seed"),
        ("max_completions_tokens", "max_completion_tokens"),
        ("reasoning_effort", "reasoning_effort"),
    )
    for ours, theirs in names:
        if sampling.get(ours) is not None:
            body[theirs] = sampling[ours]
    return body


def _message(
    message: Mapping[str, Any], item: Mapping[str, Any], sample: Mapping[str, Any], index: int
) -> dict[str, Any]:
    where = f"input[{index}]"
    content = message.get("content")
    if isinstance(content, str):
        return {"role": message.get("role"), "content": _text(content, item, sample, where)}
    parts = content if isinstance(content, list) else [content]
    converted: list[dict[str, Any]] = []
    for part in parts:
        if isinstance(part, str):
            converted.append({"type": "text", "text": _text(part, item, sample, where)})
        elif isinstance(part, Mapping) and part.get("type") in ("input_text", "output_text"):
            converted.append({"type": "text", "text": _text(part.get("text"), item, sample, where)})
        elif isinstance(part, Mapping) and part.get("type") == "input_image":
            image: dict[str, Any] = {"url": _text(part.get("image_url"), item, sample, where)}
            if part.get("detail"):
                image["detail"] = part["detail"]
            converted.append({"type": "image_url", "image_url": image})
        elif isinstance(part, Mapping) and part.get("type") == "input_audio":
            audio = part.get("input_audio") or {}
            data = _text(audio.get("data"), item, sample, where)
            converted.append({"type": "input_audio", "input_audio": {"data": data, "format": audio.get("format")}})
        else:
            raise _Fail("other_error", f"{where}: a content item the engine does not know: {part!r}")
    return {"role": message.get("role"), "content": converted}


def _model(
    grader: Mapping[str, Any],
    item: Mapping[str, Any],
    sample: Mapping[str, Any],
    options: GradingOptions,
    name: str,
    result: Grade,
) -> Generator[Request, Any, float]:
    body = judge_body(grader, item, sample, options)
    answer = yield JudgeRequest(name, body["model"], body, grader)
    if isinstance(answer, Failed):
        raise _Fail("model_grader_server_error", f"{body['model']}: {answer.message}")
    _count(result, str(answer.get("model") or body["model"]), answer.get("usage"))
    message = _first_message(answer)
    if message.get("refusal"):
        raise _Fail("model_grader_refusal_error", f"the judge refused: {message['refusal']}")
    content = message.get("content")
    parsed = parse_json(content) if isinstance(content, str) else None
    value = parsed.get("result") if isinstance(parsed, dict) else None
    if grader.get("type") == "label_model":
        labels = list(grader.get("labels") or [])
        if not isinstance(value, str) or value not in labels:
            raise _Fail("model_grader_parse_error", f"the judge answered no label of {labels}: {content!r}")
        # Documented (the spec's GraderLabelModel.passing_labels): "The labels that indicate a
        # passing result"; ours: a pass scores 1, anything else 0.
        return 1.0 if value in (grader.get("passing_labels") or []) else 0.0
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _Fail("model_grader_parse_error", f"the judge answered no score: {content!r}")
    low, high = _range(grader)
    # Guess: a score outside the range is brought back into it.
    return min(max(float(value), low), high)


def _first_message(answer: Mapping[str, Any]) -> Mapping[str, Any]:
    choices = answer.get("choices")
    if isinstance(choices, Sequence) and choices and isinstance(choices[0], Mapping):
        message = choices[0].get("message")
        if isinstance(message, Mapping):
            return message
    return {}


def _count(result: Grade, model: str, usage: Any) -> None:
    if not isinstance(usage, Mapping):
        return
    counts = result.usage.setdefault(
        model, {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0, "cached_tokens": 0}
    )
    for key in ("prompt_tokens", "completion_tokens", "total_tokens"):
        value = usage.get(key)
        if isinstance(value, int):
            counts[key] += value
    details = usage.get("prompt_tokens_details")
    if isinstance(details, Mapping) and isinstance(details.get("cached_tokens"), int):
        counts["cached_tokens"] += details["cached_tokens"]
