"""Graders for reinforcement fine-tuning and for graders run/validate, checked before any request.

``Grader.string_check``, ``Grader.text_similarity``, ``Grader.score_model``,
``Grader.label_model``, ``Grader.python`` and ``Grader.multi`` return the generated grader
models; ``Grader.message`` builds the input messages of the model graders. ``as_grader``
turns a builder result, a generated model or a plain dict into a checked model: builders
and dicts go through the same checks.

>>> exact = Grader.string_check("exact", "{{sample.output_text}}", "{{item.label}}", "eq")
>>> exact.to_dict()["reference"]
'{{item.label}}'
>>> Grader.string_check("exact", "{{sample.output_txt}}", "{{item.label}}", "eq")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ftkit.errors.ValidationError: grader.input: ... {{sample.output_txt}} names no variable of the sample (output_text, ...)
"""

from __future__ import annotations

import ast
import keyword
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, Final, Literal, TypeAlias, overload

from ftkit_api.models.eval_message_object import EvalMessageObject
from ftkit_api.models.eval_message_object_role import EvalMessageObjectRole
from ftkit_api.models.eval_message_object_type import EvalMessageObjectType
from ftkit_api.models.input_audio import InputAudio
from ftkit_api.models.input_audio_input_audio_format import InputAudioInputAudioFormat
from ftkit_api.models.input_image import InputImage
from ftkit_api.models.input_text import InputText
from ftkit_api.models.label_model_grader import LabelModelGrader
from ftkit_api.models.label_model_grader_type import LabelModelGraderType
from ftkit_api.models.multi_grader import MultiGrader
from ftkit_api.models.multi_grader_grader_multi_graders import MultiGraderGraderMultiGraders
from ftkit_api.models.multi_grader_type import MultiGraderType
from ftkit_api.models.output_text import OutputText
from ftkit_api.models.prompt_cache_breakpoint_mode import PromptCacheBreakpointMode
from ftkit_api.models.python_grader import PythonGrader
from ftkit_api.models.reasoning_effort_type_0 import ReasoningEffortType0
from ftkit_api.models.score_model_grader import ScoreModelGrader
from ftkit_api.models.score_model_grader_sampling_params import ScoreModelGraderSamplingParams
from ftkit_api.models.score_model_grader_type import ScoreModelGraderType
from ftkit_api.models.string_check_grader import StringCheckGrader
from ftkit_api.models.string_check_grader_operation import StringCheckGraderOperation
from ftkit_api.models.text_similarity_grader import TextSimilarityGrader
from ftkit_api.models.text_similarity_grader_evaluation_metric import TextSimilarityGraderEvaluationMetric
from ftkit_api.types import UNSET

from ._checks import MISSING, Bounds, check_choice, check_list, check_object, check_str, enum_values, json_form
from .errors import ValidationError
from .grading._formula import FORMULA_FUNCTIONS
from .grading._formula import problem as formula_problem

__all__ = [
    "AnyGraderModel",
    "ContentItemModel",
    "Grader",
    "GraderModel",
    "as_grader",
    "check_formula",
    "check_grader_source",
    "check_template",
]

GraderModel: TypeAlias = StringCheckGrader | TextSimilarityGrader | PythonGrader | ScoreModelGrader | MultiGrader
"""A grader the API takes on its own: the grader of a reinforcement method, of graders run/validate."""
AnyGraderModel: TypeAlias = GraderModel | LabelModelGrader
"""Any grader model, including ``label_model``, which the API takes only inside a multi grader."""
NestedGraderModel: TypeAlias = (
    StringCheckGrader | TextSimilarityGrader | PythonGrader | ScoreModelGrader | LabelModelGrader
)
"""A grader a multi grader takes in its map: any kind but multi."""
ContentItemModel: TypeAlias = InputText | OutputText | InputImage | InputAudio
ContentItemLike: TypeAlias = str | ContentItemModel | Mapping[str, Any]
MessageContent: TypeAlias = ContentItemLike | Sequence[ContentItemLike]
MessageLike: TypeAlias = EvalMessageObject | Mapping[str, Any]
GraderLike: TypeAlias = AnyGraderModel | Mapping[str, Any]
NestedGraderLike: TypeAlias = NestedGraderModel | Mapping[str, Any]

Operation: TypeAlias = Literal["eq", "ne", "like", "ilike"]
EvaluationMetric: TypeAlias = Literal[
    "cosine", "fuzzy_match", "bleu", "gleu", "meteor", "rouge_1", "rouge_2", "rouge_3", "rouge_4", "rouge_5", "rouge_l"
]
Role: TypeAlias = Literal["user", "assistant", "system", "developer"]

# The spec's oneOf for the grader of a reinforcement method and of graders run/validate
# lists these five; GraderMulti.graders lists the other leaf kinds plus label_model.
TOP_LEVEL_TYPES: Final = ("string_check", "text_similarity", "python", "score_model", "multi")
NESTED_TYPES: Final = ("string_check", "text_similarity", "python", "score_model", "label_model")

OPERATIONS: Final = enum_values(StringCheckGraderOperation)
EVALUATION_METRICS: Final = enum_values(TextSimilarityGraderEvaluationMetric)
ROLES: Final = enum_values(EvalMessageObjectRole)
SAMPLING_REASONING_EFFORTS: Final = enum_values(ReasoningEffortType0)
AUDIO_FORMATS: Final = enum_values(InputAudioInputAudioFormat)
# EvalItemInputImage.detail is a plain string in the spec; its description lists these.
IMAGE_DETAILS: Final = ("auto", "high", "low")

# The graders guide: "The only supported namespaces are item and sample"; the sample
# namespace holds the model's output under these names.
SAMPLE_VARIABLES: Final = ("output_text", "output_json", "output_tools", "choices", "output_audio")

_SAMPLING_SEED: Final = Bounds(integer=True)
_ANY_NUMBER: Final = Bounds(integer=False)
_MAX_COMPLETIONS_TOKENS: Final = Bounds(integer=True, minimum=1)

# A path below a namespace: dotted names, each with optional [index] parts ("JSON path like").
_SEGMENT: Final = r"[^\s.\[\]{}]+(?:\[\d+\])*"
_PATH: Final = re.compile(rf"{_SEGMENT}(?:\.{_SEGMENT})*")
# {item.x} or {item.x}}: a reference with a single opening brace, a common slip. Only
# references are looked for, so JSON in a prompt ({"a": {"b": 1}}) is left alone.
_SINGLE_BRACE: Final = re.compile(r"(?<!\{)\{\s*(?:item|sample)\.[^{}\s]*\s*\}")

_LABEL_MODEL_NOTE: Final = (
    " (a label_model grader is accepted only inside a multi grader:"
    ' Grader.multi(name, {"label": grader}, "label"); the API does not take it as the grader'
    " of a reinforcement method or of graders run/validate)"
)
_TEMPLATE_ALLOWED: Final = "text whose references are written {{item.<path>}} or {{sample.<variable>}}"


class Grader:
    """Builders of the API's graders; each returns the generated model, checked.

    >>> grader = Grader.text_similarity("close", "{{sample.output_text}}", "{{item.answer}}", "fuzzy_match")
    >>> grader.to_dict() == {"type": "text_similarity", "name": "close", "input": "{{sample.output_text}}",
    ...                      "reference": "{{item.answer}}", "evaluation_metric": "fuzzy_match"}
    True
    """

    @staticmethod
    def string_check(name: str, input: str, reference: str, operation: Operation) -> StringCheckGrader:
        """Compare ``input`` with ``reference`` (``eq``, ``ne``, ``like``, ``ilike``): 1 or 0.

        >>> Grader.string_check("exact", "{{sample.output_text}}", "{{item.label}}", "eq").operation
        <StringCheckGraderOperation.EQ: 'eq'>
        """
        raw = {"type": "string_check", "name": name, "input": input, "reference": reference, "operation": operation}
        return _string_check(raw, "grader")

    @staticmethod
    def text_similarity(
        name: str, input: str, reference: str, evaluation_metric: EvaluationMetric
    ) -> TextSimilarityGrader:
        """Score how close ``input`` is to ``reference`` with a similarity metric.

        >>> Grader.text_similarity("close", "{{sample.output_text}}", "{{item.answer}}", "bleu").name
        'close'
        """
        raw = {
            "type": "text_similarity",
            "name": name,
            "input": input,
            "reference": reference,
            "evaluation_metric": evaluation_metric,
        }
        return _text_similarity(raw, "grader")

    @staticmethod
    def score_model(
        name: str,
        model: str,
        input: Sequence[MessageLike],
        range: Sequence[float] | None = None,
        sampling_params: ScoreModelGraderSamplingParams | Mapping[str, Any] | None = None,
    ) -> ScoreModelGrader:
        """Ask ``model`` for a score of the sample, given the ``input`` messages.

        ``range`` is the score's ``[low, high]`` (the API's default is ``[0, 1]``);
        ``sampling_params`` takes ``seed``, ``top_p``, ``temperature``,
        ``max_completions_tokens`` and ``reasoning_effort``.

        >>> judge = Grader.score_model(
        ...     "judge", "gpt-4o-mini",
        ...     [Grader.message("user", "Score 0-1: {{sample.output_text}} vs {{item.answer}}")],
        ...     range=[0, 1], sampling_params={"temperature": 0},
        ... )
        >>> judge.to_dict()["sampling_params"]
        {'temperature': 0}
        """
        raw: dict[str, Any] = {"type": "score_model", "name": name, "model": model, "input": input}
        if range is not None:
            raw["range"] = range
        if sampling_params is not None:
            raw["sampling_params"] = sampling_params
        return _score_model(raw, "grader")

    @staticmethod
    def label_model(
        name: str, model: str, input: Sequence[MessageLike], labels: Sequence[str], passing_labels: Sequence[str]
    ) -> LabelModelGrader:
        """Ask ``model`` to pick one of ``labels``; the sample passes if it is in ``passing_labels``.

        The API takes a label_model grader only inside a multi grader, not as the grader of a
        reinforcement method or of graders run/validate.

        >>> Grader.label_model(
        ...     "sentiment", "gpt-4o-mini", [Grader.message("user", "Statement: {{item.response}}")],
        ...     labels=["positive", "negative"], passing_labels=["positive"],
        ... ).passing_labels
        ['positive']
        """
        raw = {
            "type": "label_model",
            "name": name,
            "model": model,
            "input": input,
            "labels": labels,
            "passing_labels": passing_labels,
        }
        return _label_model(raw, "grader")

    @staticmethod
    def python(name: str, source: str, image_tag: str | None = None) -> PythonGrader:
        """Run ``source``, which must define ``grade(sample, item)`` returning a float.

        The source is compiled here to catch syntax errors, never run.

        >>> Grader.python("exact", "def grade(sample, item):\\n    return 1.0\\n").type_
        <PythonGraderType.PYTHON: 'python'>
        """
        raw: dict[str, Any] = {"type": "python", "name": name, "source": source}
        if image_tag is not None:
            raw["image_tag"] = image_tag
        return _python(raw, "grader")

    @staticmethod
    def multi(name: str, graders: Mapping[str, NestedGraderLike], calculate_output: str) -> MultiGrader:
        """Combine ``graders`` (by name) with the formula ``calculate_output`` over those names.

        >>> Grader.multi(
        ...     "combined",
        ...     {
        ...         "exact": Grader.string_check("exact", "{{sample.output_text}}", "{{item.label}}", "eq"),
        ...         "close": Grader.text_similarity("close", "{{sample.output_text}}", "{{item.label}}", "bleu"),
        ...     },
        ...     "0.5 * exact + 0.5 * close",
        ... ).calculate_output
        '0.5 * exact + 0.5 * close'
        """
        raw = {"type": "multi", "name": name, "graders": graders, "calculate_output": calculate_output}
        return _multi(raw, "grader")

    @staticmethod
    def message(role: Role, content: MessageContent) -> EvalMessageObject:
        """An input message of a model grader: ``role`` and text (with template references),
        a content item (``{"type": "input_text", "text": ...}``, ``output_text``,
        ``input_image``, ``input_audio``) or a list of them.

        >>> Grader.message("user", "Answer: {{sample.output_text}}").to_dict()
        {'role': 'user', 'content': 'Answer: {{sample.output_text}}', 'type': 'message'}
        """
        return _message({"type": "message", "role": role, "content": content}, "message")


@overload
def as_grader(value: GraderLike, *, top_level: Literal[True] = True, argument: str = "grader") -> GraderModel: ...
@overload
def as_grader(value: GraderLike, *, top_level: bool, argument: str = "grader") -> AnyGraderModel: ...
def as_grader(value: GraderLike, *, top_level: bool = True, argument: str = "grader") -> AnyGraderModel:
    """A checked grader model from a builder result, a generated grader model or a dict.

    ``top_level`` is for the grader of a reinforcement method and of graders run/validate,
    where the API does not take ``label_model``; ``argument`` names the value in errors.

    >>> as_grader({"type": "string_check", "name": "exact", "input": "{{sample.output_text}}",
    ...            "reference": "{{item.label}}", "operation": "eq"}).name
    'exact'
    >>> as_grader({"type": "label_model", "name": "l", "model": "m", "input": [], "labels": [],
    ...            "passing_labels": []})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ftkit.errors.ValidationError: grader.type: 'label_model' is not allowed; expected one of ... (a label_model ...)
    """
    return _grader(value, argument, top_level=top_level)


def _grader(value: object, path: str, *, top_level: bool) -> AnyGraderModel:
    if not top_level:
        return _nested_grader(value, path)
    raw = _grader_mapping(value, path)
    kind = raw.get("type", MISSING)
    note = _LABEL_MODEL_NOTE if kind == "label_model" else ""
    kind = check_choice(f"{path}.type", kind, TOP_LEVEL_TYPES, note=note)
    return _multi(raw, path) if kind == "multi" else _LEAVES[kind](raw, path)


def _nested_grader(value: object, path: str) -> NestedGraderModel:
    raw = _grader_mapping(value, path)
    note = " (a multi grader cannot contain another multi grader)" if raw.get("type") == "multi" else ""
    kind = check_choice(f"{path}.type", raw.get("type", MISSING), NESTED_TYPES, note=note)
    return _LEAVES[kind](raw, path)


def _grader_mapping(value: object, path: str) -> Mapping[str, Any]:
    raw = json_form(value)
    if not isinstance(raw, Mapping):
        raise ValidationError(path, value, "a grader built with ftkit.Grader, a generated grader model or a dict")
    return raw


def _string_check(value: object, path: str) -> StringCheckGrader:
    raw = check_object(path, value, ("type", "name", "input", "reference", "operation"))
    checked = {
        "type": check_choice(f"{path}.type", raw.get("type", MISSING), ("string_check",)),
        "name": check_str(f"{path}.name", raw.get("name", MISSING)),
        "input": check_template(f"{path}.input", raw.get("input", MISSING)),
        "reference": check_template(f"{path}.reference", raw.get("reference", MISSING)),
        "operation": check_choice(f"{path}.operation", raw.get("operation", MISSING), OPERATIONS),
    }
    return StringCheckGrader.from_dict(checked)


def _text_similarity(value: object, path: str) -> TextSimilarityGrader:
    raw = check_object(path, value, ("type", "name", "input", "reference", "evaluation_metric"))
    checked = {
        "type": check_choice(f"{path}.type", raw.get("type", MISSING), ("text_similarity",)),
        "name": check_str(f"{path}.name", raw.get("name", MISSING)),
        "input": check_template(f"{path}.input", raw.get("input", MISSING)),
        "reference": check_template(f"{path}.reference", raw.get("reference", MISSING)),
        "evaluation_metric": check_choice(
            f"{path}.evaluation_metric", raw.get("evaluation_metric", MISSING), EVALUATION_METRICS
        ),
    }
    return TextSimilarityGrader.from_dict(checked)


def _python(value: object, path: str) -> PythonGrader:
    raw = check_object(path, value, ("type", "name", "source", "image_tag"))
    checked = {
        "type": check_choice(f"{path}.type", raw.get("type", MISSING), ("python",)),
        "name": check_str(f"{path}.name", raw.get("name", MISSING)),
        "source": check_grader_source(f"{path}.source", raw.get("source", MISSING)),
    }
    if "image_tag" in raw:
        checked["image_tag"] = check_str(f"{path}.image_tag", raw["image_tag"])
    return PythonGrader.from_dict(checked)


def _score_model(value: object, path: str) -> ScoreModelGrader:
    raw = check_object(path, value, ("type", "name", "model", "input", "range", "sampling_params"))
    check_choice(f"{path}.type", raw.get("type", MISSING), ("score_model",))
    grader = ScoreModelGrader(
        type_=ScoreModelGraderType.SCORE_MODEL,
        name=check_str(f"{path}.name", raw.get("name", MISSING)),
        model=check_str(f"{path}.model", raw.get("model", MISSING)),
        input_=_messages(raw.get("input", MISSING), f"{path}.input"),
    )
    if "range" in raw:
        grader.range_ = _score_range(raw["range"], f"{path}.range")
    if "sampling_params" in raw:
        grader.sampling_params = _sampling_params(raw["sampling_params"], f"{path}.sampling_params")
    return grader


def _score_range(value: object, path: str) -> list[float]:
    # The spec puts min_items/max_items on the items instead of the array, so it does not
    # say "two numbers"; its description ("Defaults to [0, 1]") does.
    what = "[low, high]: two numbers, low below high"
    pair = check_list(path, value, what=what)
    if len(pair) != 2:
        raise ValidationError(path, value, what)
    low = _ANY_NUMBER.check_number(f"{path}[0]", pair[0])
    high = _ANY_NUMBER.check_number(f"{path}[1]", pair[1])
    if not low < high:
        raise ValidationError(path, value, what)
    return [low, high]


def _sampling_params(value: object, path: str) -> ScoreModelGraderSamplingParams:
    raw = check_object(path, value, ("seed", "top_p", "temperature", "max_completions_tokens", "reasoning_effort"))
    # Every field is nullable in the spec; null is sent as given.
    checked: dict[str, Any] = {key: None for key, item in raw.items() if item is None}
    numbers = {
        "seed": _SAMPLING_SEED,
        "top_p": _ANY_NUMBER,
        "temperature": _ANY_NUMBER,
        "max_completions_tokens": _MAX_COMPLETIONS_TOKENS,
    }
    for key, bounds in numbers.items():
        if raw.get(key) is not None:
            checked[key] = bounds.check_number(f"{path}.{key}", raw[key])
    if raw.get("reasoning_effort") is not None:
        checked["reasoning_effort"] = check_choice(
            f"{path}.reasoning_effort", raw["reasoning_effort"], SAMPLING_REASONING_EFFORTS
        )
    return ScoreModelGraderSamplingParams.from_dict(checked)


def _label_model(value: object, path: str) -> LabelModelGrader:
    raw = check_object(path, value, ("type", "name", "model", "input", "labels", "passing_labels"))
    check_choice(f"{path}.type", raw.get("type", MISSING), ("label_model",))
    name = check_str(f"{path}.name", raw.get("name", MISSING))
    model = check_str(f"{path}.model", raw.get("model", MISSING))
    messages = _messages(raw.get("input", MISSING), f"{path}.input")
    labels = _labels(raw.get("labels", MISSING), f"{path}.labels")
    passing = _labels(raw.get("passing_labels", MISSING), f"{path}.passing_labels")
    outside = [label for label in passing if label not in labels]
    if outside:
        raise ValidationError(
            f"{path}.passing_labels",
            raw["passing_labels"],
            f"a subset of labels ({', '.join(labels)}); {outside[0]!r} is not one of them",
        )
    return LabelModelGrader(
        type_=LabelModelGraderType.LABEL_MODEL,
        name=name,
        model=model,
        input_=messages,
        labels=labels,
        passing_labels=passing,
    )


def _labels(value: object, path: str) -> list[str]:
    what = "a non-empty list of distinct, non-empty strings"
    labels = check_list(path, value, what=what, min_items=1)
    for index, label in enumerate(labels):
        check_str(f"{path}[{index}]", label)
    if len(set(labels)) != len(labels):
        raise ValidationError(path, value, what)
    return labels


def _multi(value: object, path: str) -> MultiGrader:
    raw = check_object(path, value, ("type", "name", "graders", "calculate_output"))
    check_choice(f"{path}.type", raw.get("type", MISSING), ("multi",))
    name = check_str(f"{path}.name", raw.get("name", MISSING))
    # The overlay makes graders a map, as the API takes it: the names are the formula's variables.
    graders = json_form(raw.get("graders", MISSING))
    what = "a non-empty map from names (usable in calculate_output) to graders"
    if not isinstance(graders, Mapping) or not graders:
        raise ValidationError(f"{path}.graders", graders, what)
    # Built entry by entry so that each nested grader goes through its own checks, with
    # an argument path that names it.
    combined = MultiGraderGraderMultiGraders()
    for key, grader in graders.items():
        if not isinstance(key, str) or not key.isidentifier() or keyword.iskeyword(key):
            raise ValidationError(f"{path}.graders", key, what)
        combined[key] = _nested_grader(grader, f"{path}.graders.{key}")
    formula = check_formula(f"{path}.calculate_output", raw.get("calculate_output", MISSING), combined.additional_keys)
    return MultiGrader(name=name, calculate_output=formula, graders=combined, type_=MultiGraderType.MULTI)


_LEAVES: Final[Mapping[str, Callable[[object, str], NestedGraderModel]]] = {
    "string_check": _string_check,
    "text_similarity": _text_similarity,
    "python": _python,
    "score_model": _score_model,
    "label_model": _label_model,
}


def _messages(value: object, path: str) -> list[EvalMessageObject]:
    messages = check_list(path, value, what="a non-empty list of messages (Grader.message(role, content))", min_items=1)
    return [_message(message, f"{path}[{index}]") for index, message in enumerate(messages)]


def _message(value: object, path: str) -> EvalMessageObject:
    raw = check_object(path, value, ("type", "role", "content"), what="a message: Grader.message(role, content)")
    role = check_choice(f"{path}.role", raw.get("role", MISSING), ROLES)
    if "type" in raw:
        check_choice(f"{path}.type", raw["type"], ("message",))
    content = json_form(raw.get("content", MISSING))
    checked: ContentItemModel | str | list[ContentItemModel | str]
    if isinstance(content, (list, tuple)):
        what = "a non-empty list of content items"
        items = check_list(f"{path}.content", content, what=what, min_items=1)
        checked = [_content_item(item, f"{path}.content[{index}]") for index, item in enumerate(items)]
    else:
        checked = _content_item(content, f"{path}.content")
    # Built per "type" so that each kind of content gets its own checks and argument path.
    return EvalMessageObject(
        role=EvalMessageObjectRole(role),
        content=checked,
        type_=EvalMessageObjectType.MESSAGE if "type" in raw else UNSET,
    )


def _content_item(value: object, path: str) -> ContentItemModel | str:
    value = json_form(value)
    if isinstance(value, str):
        return check_template(path, value)
    what = "text, or a content item: a dict with type input_text, output_text, input_image or input_audio"
    if not isinstance(value, Mapping):
        raise ValidationError(path, value, what)
    kind = check_choice(
        f"{path}.type", value.get("type", MISSING), ("input_text", "output_text", "input_image", "input_audio")
    )
    if kind == "input_text":
        raw = check_object(path, value, ("type", "text", "prompt_cache_breakpoint"))
        checked: dict[str, Any] = {"type": kind, "text": check_template(f"{path}.text", raw.get("text", MISSING))}
        if "prompt_cache_breakpoint" in raw:
            breakpoint_ = check_object(f"{path}.prompt_cache_breakpoint", raw["prompt_cache_breakpoint"], ("mode",))
            mode = check_choice(
                f"{path}.prompt_cache_breakpoint.mode",
                breakpoint_.get("mode", MISSING),
                enum_values(PromptCacheBreakpointMode),
            )
            checked["prompt_cache_breakpoint"] = {"mode": mode}
        return InputText.from_dict(checked)
    if kind == "output_text":
        raw = check_object(path, value, ("type", "text"))
        return OutputText.from_dict({"type": kind, "text": check_template(f"{path}.text", raw.get("text", MISSING))})
    if kind == "input_image":
        raw = check_object(path, value, ("type", "image_url", "detail"))
        # The URL may itself be a template ("{{item.image_url}}"), so only its references are checked.
        url = check_str(f"{path}.image_url", raw.get("image_url", MISSING))
        checked = {"type": kind, "image_url": check_template(f"{path}.image_url", url)}
        if "detail" in raw:
            checked["detail"] = check_choice(f"{path}.detail", raw["detail"], IMAGE_DETAILS)
        return InputImage.from_dict(checked)
    raw = check_object(path, value, ("type", "input_audio"))
    audio = check_object(f"{path}.input_audio", raw.get("input_audio", MISSING), ("data", "format"))
    return InputAudio.from_dict(
        {
            "type": kind,
            "input_audio": {
                "data": check_str(f"{path}.input_audio.data", audio.get("data", MISSING)),
                "format": check_choice(f"{path}.input_audio.format", audio.get("format", MISSING), AUDIO_FORMATS),
            },
        }
    )


def check_template(argument: str, text: object) -> str:
    """``text`` if its template references are well formed.

    A reference is ``{{item.<path>}}`` (a field of the dataset row, dotted, with ``[i]``
    indexes) or ``{{sample.<variable>}}`` (``output_text``, ``output_json.<path>``, ...),
    spaces inside the braces allowed. Unclosed or single braces, other namespaces and
    empty paths are errors.

    >>> check_template("input", "{{ item.answers[0].text }}")
    '{{ item.answers[0].text }}'
    >>> check_template("input", "{{item.label}")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ftkit.errors.ValidationError: input: '{{item.label}' is not allowed; ... never closed by '}}'
    """
    text = check_str(argument, text, allow_empty=True)
    position = 0
    while (start := text.find("{{", position)) != -1:
        end = text.find("}}", start + 2)
        inside = text[start + 2 : end] if end != -1 else text[start + 2 :]
        if end == -1 or "{" in inside:
            closing = "never closed by '}}'" if end == -1 else "not closed before the next '{'"
            raise ValidationError(argument, text, f"{_TEMPLATE_ALLOWED}; the '{{{{' at character {start} is {closing}")
        problem = _reference_problem(inside.strip())
        if problem:
            raise ValidationError(argument, text, f"{_TEMPLATE_ALLOWED}; {problem}")
        position = end + 2
    single = _SINGLE_BRACE.search(text)
    if single:
        raise ValidationError(argument, text, f"{_TEMPLATE_ALLOWED}; {single.group()!r} has single braces")
    return text


def _reference_problem(reference: str) -> str | None:
    shown = "{{" + reference + "}}"
    if not reference:
        return f"{shown} is empty"
    namespace, dot, path = reference.partition(".")
    if namespace not in ("item", "sample"):
        return f"{shown} uses the namespace {namespace!r}; only item and sample exist"
    if not dot or not path:
        return f"{shown} names no variable of {namespace} (write {namespace}.<name>)"
    if not _PATH.fullmatch(path):
        return f"{shown} is not a well-formed path (an empty part, a space or a stray bracket)"
    if namespace == "sample":
        variable = path.split(".", 1)[0].split("[", 1)[0]
        if variable not in SAMPLE_VARIABLES:
            return f"{shown} names no variable of the sample ({', '.join(SAMPLE_VARIABLES)})"
        if variable == "output_text" and path != "output_text":
            return f"{shown} looks inside sample.output_text, which is a string"
    return None


def check_formula(argument: str, formula: object, names: Collection[str]) -> str:
    """``formula`` if it is arithmetic over ``names`` (a multi grader's graders).

    Numbers, the names, ``+ - * /``, ``^`` (or ``**``) for powers, unary signs,
    parentheses and ``min max abs floor ceil exp sqrt log`` are allowed; the formula is
    parsed with :mod:`ast`, never evaluated.

    >>> check_formula("calculate_output", "0.7 * exact + 0.3 * max(close, 0.5)", ["exact", "close"])
    '0.7 * exact + 0.3 * max(close, 0.5)'
    >>> check_formula("calculate_output", "exact + fuzzy", ["exact", "close"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ftkit.errors.ValidationError: calculate_output: 'exact + fuzzy' ... 'fuzzy' is not one of the graders
    """
    allowed = (
        f"arithmetic over the graders {', '.join(sorted(names))} "
        f"(numbers, + - * / ^, parentheses, {' '.join(FORMULA_FUNCTIONS)})"
    )
    text = check_str(argument, formula)
    found = formula_problem(text, names)
    if found:
        raise ValidationError(argument, text, f"{allowed}; {found}")
    return text


def check_grader_source(argument: str, source: object) -> str:
    """``source`` if it compiles and defines ``grade(sample, item)`` at the top level.

    The source is compiled (which catches syntax errors and misplaced statements) but never
    executed. Extra parameters of ``grade`` must have defaults.

    >>> check_grader_source("source", "def grade(sample, item):\\n    return 1.0\\n")
    'def grade(sample, item):\\n    return 1.0\\n'
    >>> check_grader_source("source", "def score(sample, item):\\n    return 1.0\\n")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ftkit.errors.ValidationError: source: 'def score(...' is not allowed; expected ...; there is no top-level def grade
    """
    allowed = "Python source defining grade(sample, item) at the top level"
    text = check_str(argument, source)
    filename = "<python grader source>"
    try:
        tree = ast.parse(text, filename=filename, mode="exec")
        compile(tree, filename, "exec", dont_inherit=True)
    except SyntaxError as exc:
        problem = f"it does not compile (line {exc.lineno}: {exc.msg})"
        raise ValidationError(argument, text, f"{allowed}; {problem}") from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ValidationError(argument, text, f"{allowed}; it does not compile ({exc})") from None
    # The last top-level definition is the one the grader would call.
    definitions = [
        node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "grade"
    ]
    if not definitions:
        raise ValidationError(argument, text, f"{allowed}; there is no top-level def grade")
    grade = definitions[-1]
    if isinstance(grade, ast.AsyncFunctionDef):
        raise ValidationError(argument, text, f"{allowed}; grade is an async def")
    parameters = grade.args
    positional = [*parameters.posonlyargs, *parameters.args]
    required = len(positional) - len(parameters.defaults)
    names = [parameter.arg for parameter in positional[:2]]
    kw_defaults = zip(parameters.kwonlyargs, parameters.kw_defaults, strict=True)
    kw_required = [arg.arg for arg, default in kw_defaults if default is None]
    if names != ["sample", "item"] or required > 2 or kw_required:
        shown = ", ".join(parameter.arg for parameter in positional + parameters.kwonlyargs)
        raise ValidationError(argument, text, f"{allowed}; it defines grade({shown})")
    return text
