"""Grader builders and checks (ftkit.grader_builders).

Every grader kind is built, compared with the JSON of the spec's examples, round-tripped
through the generated models and sent to the Prism mock of the spec (graders validate and
a reinforcement job create), which answers 422 when a request breaks the spec. Every check
is fed a bad value: the error must name the argument and the value, and no request may
leave (counted on an httpx transport under the generated client).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from typing import Any

import ftkit
import httpx
import pytest
from ftkit.errors import ValidationError
from ftkit.grader_builders import AnyGraderModel, Grader, as_grader, check_formula
from ftkit_api import AuthenticatedClient
from ftkit_api.api.fine_tuning import create_fine_tuning_job, validate_grader
from ftkit_api.models.create_fine_tuning_job_request import CreateFineTuningJobRequest
from ftkit_api.models.eval_message_object import EvalMessageObject
from ftkit_api.models.fine_tune_method import FineTuneMethod
from ftkit_api.models.fine_tune_method_type import FineTuneMethodType
from ftkit_api.models.fine_tune_reinforcement_method import FineTuneReinforcementMethod
from ftkit_api.models.label_model_grader import LabelModelGrader
from ftkit_api.models.multi_grader import MultiGrader
from ftkit_api.models.multi_grader_grader_multi_graders import MultiGraderGraderMultiGraders
from ftkit_api.models.output_text import OutputText
from ftkit_api.models.python_grader import PythonGrader
from ftkit_api.models.score_model_grader import ScoreModelGrader
from ftkit_api.models.string_check_grader import StringCheckGrader
from ftkit_api.models.string_check_grader_operation import StringCheckGraderOperation
from ftkit_api.models.string_check_grader_type import StringCheckGraderType
from ftkit_api.models.text_similarity_grader import TextSimilarityGrader
from ftkit_api.models.validate_grader_request import ValidateGraderRequest

PYTHON_SOURCE = '''def grade(sample: dict, item: dict) -> float:
    """
    Returns 1.0 if `output_text` equals `label`, otherwise 0.0.
    """
    output = sample.get("output_text")
    label = item.get("label")
    return 1.0 if output == label else 0.0
'''

# The spec's x-oaiMeta examples of each grader (GraderStringCheck, GraderTextSimilarity,
# GraderLabelModel, GraderPython, GraderScoreModel). The score model example also carries
# "file_id": null in its image item, a field its schema lacks; it is left out here.
STRING_CHECK_JSON = {
    "type": "string_check",
    "name": "Example string check grader",
    "input": "{{sample.output_text}}",
    "reference": "{{item.label}}",
    "operation": "eq",
}
TEXT_SIMILARITY_JSON = {
    "type": "text_similarity",
    "name": "Example text similarity grader",
    "input": "{{sample.output_text}}",
    "reference": "{{item.label}}",
    "evaluation_metric": "fuzzy_match",
}
LABEL_MODEL_JSON = {
    "name": "First label grader",
    "type": "label_model",
    "model": "gpt-4o-2024-08-06",
    "input": [
        {
            "type": "message",
            "role": "system",
            "content": {
                "type": "input_text",
                "text": "Classify the sentiment of the following statement as one of positive, neutral, or negative",
            },
        },
        {"type": "message", "role": "user", "content": {"type": "input_text", "text": "Statement: {{item.response}}"}},
    ],
    "passing_labels": ["positive"],
    "labels": ["positive", "neutral", "negative"],
}
PYTHON_JSON = {"type": "python", "name": "Example python grader", "image_tag": "2025-05-08", "source": PYTHON_SOURCE}
SCORE_MODEL_PROMPT = (
    "Score how close the reference answer is to the model answer. Score 1.0 if they are the same and 0.0 if they"
    " are different. Return just a floating point score\n\n Reference answer: {{item.label}}\n\n"
    " Model answer: {{sample.output_text}}"
)
SCORE_MODEL_JSON = {
    "type": "score_model",
    "name": "Example score model grader",
    "input": [
        {
            "role": "user",
            "content": [
                {"type": "input_text", "text": SCORE_MODEL_PROMPT},
                {"type": "input_image", "image_url": "https://example.com/reference.png", "detail": "auto"},
            ],
        }
    ],
    "model": "gpt-5-mini",
    "sampling_params": {
        "temperature": 1,
        "top_p": 1,
        "seed": 42,
        "max_completions_tokens": 32768,
        "reasoning_effort": "medium",
    },
}


def string_check() -> StringCheckGrader:
    return Grader.string_check("Example string check grader", "{{sample.output_text}}", "{{item.label}}", "eq")


def text_similarity() -> TextSimilarityGrader:
    return Grader.text_similarity(
        "Example text similarity grader", "{{sample.output_text}}", "{{item.label}}", "fuzzy_match"
    )


def label_model() -> LabelModelGrader:
    system = "Classify the sentiment of the following statement as one of positive, neutral, or negative"
    return Grader.label_model(
        "First label grader",
        "gpt-4o-2024-08-06",
        [
            Grader.message("system", {"type": "input_text", "text": system}),
            Grader.message("user", {"type": "input_text", "text": "Statement: {{item.response}}"}),
        ],
        labels=["positive", "neutral", "negative"],
        passing_labels=["positive"],
    )


def python() -> PythonGrader:
    return Grader.python("Example python grader", PYTHON_SOURCE, image_tag="2025-05-08")


def score_model() -> ScoreModelGrader:
    # Messages as plain dicts: the spec's example leaves out "type": "message".
    return Grader.score_model(
        "Example score model grader",
        "gpt-5-mini",
        [
            {
                "role": "user",
                "content": [
                    {"type": "input_text", "text": SCORE_MODEL_PROMPT},
                    {"type": "input_image", "image_url": "https://example.com/reference.png", "detail": "auto"},
                ],
            }
        ],
        sampling_params={
            "temperature": 1,
            "top_p": 1,
            "seed": 42,
            "max_completions_tokens": 32768,
            "reasoning_effort": "medium",
        },
    )


def multi() -> MultiGrader:
    # One grader of every kind a multi grader takes, label_model included.
    return Grader.multi(
        "example multi grader",
        {
            "exact": string_check(),
            "similarity": text_similarity(),
            "code": python(),
            "judge": score_model(),
            "sentiment": label_model(),
        },
        "0.3 * exact + 0.2 * similarity + 0.2 * max(code, judge) + 0.3 * sentiment ^ 2",
    )


def multi_json() -> dict[str, Any]:
    return {
        "type": "multi",
        "name": "example multi grader",
        "graders": {
            "exact": STRING_CHECK_JSON,
            "similarity": TEXT_SIMILARITY_JSON,
            "code": PYTHON_JSON,
            "judge": SCORE_MODEL_JSON,
            "sentiment": LABEL_MODEL_JSON,
        },
        "calculate_output": "0.3 * exact + 0.2 * similarity + 0.2 * max(code, judge) + 0.3 * sentiment ^ 2",
    }


def graders_of(grader: object) -> MultiGraderGraderMultiGraders:
    assert isinstance(grader, MultiGrader)
    assert isinstance(grader.graders, MultiGraderGraderMultiGraders)
    return grader.graders


KINDS: dict[str, tuple[Callable[[], AnyGraderModel], Callable[[], dict[str, Any]]]] = {
    "string_check": (string_check, lambda: STRING_CHECK_JSON),
    "text_similarity": (text_similarity, lambda: TEXT_SIMILARITY_JSON),
    "python": (python, lambda: PYTHON_JSON),
    "score_model": (score_model, lambda: SCORE_MODEL_JSON),
    "label_model": (label_model, lambda: LABEL_MODEL_JSON),
    "multi": (multi, multi_json),
}
TOP_LEVEL = ["string_check", "text_similarity", "python", "score_model", "multi"]


@pytest.fixture
def prism(prism_url: str) -> Iterator[AuthenticatedClient]:
    with AuthenticatedClient(base_url=prism_url, token="test") as client:
        yield client


class CountingClient:
    """A generated client whose transport counts the requests that leave."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

        def answer(request: httpx.Request) -> httpx.Response:
            self.requests.append(request)
            return httpx.Response(200, json={"grader": json.loads(request.content)["grader"]})

        self.client = AuthenticatedClient(
            base_url="https://api.example.invalid/v1",
            token="test",
            httpx_args={"transport": httpx.MockTransport(answer)},
        )

    def validate(self, grader: object) -> None:
        body = ValidateGraderRequest(grader=as_grader(grader))  # type: ignore[call-overload]
        validate_grader.sync_detailed(client=self.client, body=body)


@pytest.fixture
def counting() -> CountingClient:
    return CountingClient()


# ---------------------------------------------------------------- every kind, to the wire


@pytest.mark.parametrize("kind", list(KINDS))
def test_builder_gives_the_json_of_the_reference(kind: str) -> None:
    build, expected = KINDS[kind]
    assert build().to_dict() == expected()


@pytest.mark.parametrize("kind", KINDS)
def test_round_trip_through_the_generated_models(kind: str) -> None:
    grader = KINDS[kind][0]()
    again = type(grader).from_dict(grader.to_dict())
    assert again.to_dict() == grader.to_dict()
    assert again == grader


def test_multi_json_survives_a_round_trip_despite_the_generator_defect() -> None:
    grader = multi()
    assert MultiGrader.from_dict(grader.to_dict()).to_dict() == grader.to_dict()
    # as_grader reads the JSON back into the right classes.
    assert as_grader(grader.to_dict()) == grader
    assert isinstance(graders_of(as_grader(grader.to_dict()))["sentiment"], LabelModelGrader)


def test_output_text_content_round_trip() -> None:
    message = Grader.message("assistant", {"type": "output_text", "text": "{{sample.output_text}}"})
    assert isinstance(message.content, OutputText)
    assert EvalMessageObject.from_dict(message.to_dict()) == message


@pytest.mark.parametrize("kind", list(KINDS))
def test_dict_and_generated_model_paths_give_the_builder_result(kind: str) -> None:
    build, expected = KINDS[kind]
    grader = build()
    # top_level=False is for the graders of a multi grader: label_model yes, multi no.
    top_level = kind != "label_model"
    assert as_grader(expected(), top_level=top_level) == grader
    assert as_grader(grader, top_level=top_level) == grader


@pytest.mark.parametrize("kind", TOP_LEVEL)
def test_prism_accepts_each_grader_in_graders_validate(prism: AuthenticatedClient, kind: str) -> None:
    grader = as_grader(KINDS[kind][0]())
    response = validate_grader.sync_detailed(client=prism, body=ValidateGraderRequest(grader=grader))
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("kind", TOP_LEVEL)
def test_prism_accepts_each_grader_in_a_reinforcement_job(prism: AuthenticatedClient, kind: str) -> None:
    grader = as_grader(KINDS[kind][0]())
    method = ftkit.Method.reinforcement(grader, reasoning_effort="medium")
    body = CreateFineTuningJobRequest(model="o4-mini", training_file="file-abc", method=method)
    response = create_fine_tuning_job.sync_detailed(client=prism, body=body)
    assert response.status_code == 200, response.content


def test_prism_refuses_a_top_level_label_model(prism: AuthenticatedClient) -> None:
    # Why as_grader refuses it: the spec's top-level oneOf has no label_model.
    body = ValidateGraderRequest(grader=label_model())  # type: ignore[arg-type]
    assert validate_grader.sync_detailed(client=prism, body=body).status_code == 422


def test_every_kind_is_exported_from_ftkit() -> None:
    assert ftkit.Grader is Grader
    assert ftkit.ValidationError is ValidationError


def test_message_content_kinds() -> None:
    content: list[Any] = [
        "plain text {{item.question}}",
        {"type": "input_text", "text": "t", "prompt_cache_breakpoint": {"mode": "explicit"}},
        {"type": "output_text", "text": "{{sample.output_text}}"},
        {"type": "input_image", "image_url": "{{item.image_url}}", "detail": "low"},
        {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
    ]
    message = Grader.message("developer", content)
    assert message.to_dict() == {"type": "message", "role": "developer", "content": content}


def test_counting_transport_sees_a_good_request(counting: CountingClient) -> None:
    counting.validate(string_check())
    assert len(counting.requests) == 1


def test_python_source_is_never_run() -> None:
    source = "import sys\nsys.modules['ftkit_probe'] = True\n\ndef grade(sample, item):\n    return 1.0\n"
    Grader.python("probe", source)
    assert "ftkit_probe" not in sys.modules


def test_formula_language() -> None:
    names = ["a", "b"]
    for formula in [
        "a",
        "0.5 * a + 0.5 * b",
        "-a + +b",
        "(a - b) / 2",
        "a ** 2",
        "a ^ 2",
        "min(a, b, 1)",
        "max(a)",
        "abs(a - b)",
        "floor(a) + ceil(b)",
        "exp(a) * sqrt(b) * log(a + 1)",
        "1e-3 * a",
    ]:
        assert check_formula("f", formula, names) == formula


# ---------------------------------------------------------------- every check, no request


def _string_check_dict(**changes: Any) -> dict[str, Any]:
    return {**STRING_CHECK_JSON, **changes}


def _multi_dict(**changes: Any) -> dict[str, Any]:
    return {
        "type": "multi",
        "name": "m",
        "graders": {"exact": STRING_CHECK_JSON, "close": TEXT_SIMILARITY_JSON},
        "calculate_output": "0.5 * exact + 0.5 * close",
        **changes,
    }


def _python_dict(source: str) -> dict[str, Any]:
    return {"type": "python", "name": "p", "source": source}


def _score_dict(**changes: Any) -> dict[str, Any]:
    return {**SCORE_MODEL_JSON, **changes}


def _label_dict(**changes: Any) -> dict[str, Any]:
    return _multi_dict(graders={"label": {**LABEL_MODEL_JSON, **changes}}, calculate_output="label")


def _lenient_model() -> StringCheckGrader:
    # A generated model built by hand with a value its lenient enum let through.
    return StringCheckGrader(
        type_=StringCheckGraderType.STRING_CHECK,
        name="n",
        input_="{{sample.output_text}}",
        reference="{{item.label}}",
        operation=StringCheckGraderOperation("startswith"),
    )


def _model_with_extra_key() -> StringCheckGrader:
    grader = string_check()
    grader["operator"] = "eq"
    return grader


# (case id, grader or builder call, argument named, value named)
BAD: list[tuple[str, Callable[[], object], str, str]] = [
    ("not a grader", lambda: 42, "grader", "42"),
    ("unknown type", lambda: _string_check_dict(type="regex"), "grader.type", "'regex'"),
    ("missing type", lambda: {"name": "x"}, "grader.type", "nothing"),
    ("unknown key", lambda: _string_check_dict(operator="eq"), "grader", "'operator'"),
    (
        "missing key",
        lambda: {k: v for k, v in STRING_CHECK_JSON.items() if k != "operation"},
        "grader.operation",
        "nothing",
    ),
    ("empty name", lambda: Grader.string_check("", "a", "b", "eq"), "grader.name", "''"),
    ("operation", lambda: Grader.string_check("n", "a", "b", "equals"), "grader.operation", "'equals'"),  # type: ignore[arg-type]
    (
        "similarity metric",
        lambda: Grader.text_similarity("n", "a", "b", "rouge"),  # type: ignore[arg-type]
        "grader.evaluation_metric",
        "'rouge'",
    ),
    ("generated model, lenient enum", _lenient_model, "grader.operation", "'startswith'"),
    ("generated model, extra key", _model_with_extra_key, "grader", "'operator'"),
    ("top-level label_model", label_model, "grader.type", "'label_model'"),
    # templates
    (
        "template never closed",
        lambda: Grader.string_check("n", "{{item.label", "b", "eq"),
        "grader.input",
        "'{{item.label'",
    ),
    (
        "template single closing brace",
        lambda: Grader.string_check("n", "a", "{{item.label}", "eq"),
        "grader.reference",
        "'{{item.label}'",
    ),
    (
        "template single opening brace",
        lambda: Grader.string_check("n", "{item.label}}", "b", "eq"),
        "grader.input",
        "'{item.label}}'",
    ),
    (
        "template nested",
        lambda: Grader.string_check("n", "{{item.{{a}}}}", "b", "eq"),
        "grader.input",
        "'{{item.{{a}}}}'",
    ),
    (
        "template namespace",
        lambda: Grader.string_check("n", "{{answer.label}}", "b", "eq"),
        "grader.input",
        "'{{answer.label}}'",
    ),
    ("template empty", lambda: Grader.string_check("n", "{{ }}", "b", "eq"), "grader.input", "'{{ }}'"),
    ("template no variable", lambda: Grader.string_check("n", "{{item}}", "b", "eq"), "grader.input", "'{{item}}'"),
    (
        "template empty segment",
        lambda: Grader.string_check("n", "{{item..label}}", "b", "eq"),
        "grader.input",
        "'{{item..label}}'",
    ),
    (
        "template trailing dot",
        lambda: Grader.string_check("n", "{{sample.output_json.}}", "b", "eq"),
        "grader.input",
        "'{{sample.output_json.}}'",
    ),
    (
        "template space in path",
        lambda: Grader.string_check("n", "{{item.a b}}", "b", "eq"),
        "grader.input",
        "'{{item.a b}}'",
    ),
    (
        "template sample variable",
        lambda: Grader.string_check("n", "{{sample.output}}", "b", "eq"),
        "grader.input",
        "'{{sample.output}}'",
    ),
    (
        "template inside output_text",
        lambda: Grader.string_check("n", "{{sample.output_text.x}}", "b", "eq"),
        "grader.input",
        "'{{sample.output_text.x}}'",
    ),
    (
        "template in a message",
        lambda: _score_dict(input=[{"role": "user", "content": "{{item.x}"}]),
        "grader.input[0].content",
        "'{{item.x}'",
    ),
    (
        "template in input_text",
        lambda: _score_dict(input=[{"role": "user", "content": {"type": "input_text", "text": "{{itm.x}}"}}]),
        "grader.input[0].content.text",
        "'{{itm.x}}'",
    ),
    (
        "template in an image url",
        lambda: _score_dict(input=[{"role": "user", "content": [{"type": "input_image", "image_url": "{{item.url"}]}]),
        "grader.input[0].content[0].image_url",
        "'{{item.url'",
    ),
    # messages
    ("message role", lambda: Grader.message("robot", "hi"), "message.role", "'robot'"),  # type: ignore[arg-type]
    (
        "message type",
        lambda: _score_dict(input=[{"type": "msg", "role": "user", "content": "x"}]),
        "grader.input[0].type",
        "'msg'",
    ),
    (
        "message content type",
        lambda: Grader.message("user", {"type": "input_video", "url": "x"}),
        "message.content.type",
        "'input_video'",
    ),
    ("message content not text", lambda: Grader.message("user", 7), "message.content", "7"),  # type: ignore[arg-type]
    ("message content empty list", lambda: Grader.message("user", []), "message.content", "[]"),
    (
        "image detail",
        lambda: Grader.message("user", {"type": "input_image", "image_url": "u", "detail": "max"}),
        "message.content.detail",
        "'max'",
    ),
    (
        "audio format",
        lambda: Grader.message("user", {"type": "input_audio", "input_audio": {"data": "x", "format": "ogg"}}),
        "message.content.input_audio.format",
        "'ogg'",
    ),
    ("no messages", lambda: _score_dict(input=[]), "grader.input", "[]"),
    ("input is a string", lambda: _score_dict(input="Score this"), "grader.input", "'Score this'"),
    # score model
    ("range order", lambda: _score_dict(range=[1, 0]), "grader.range", "[1, 0]"),
    ("range length", lambda: _score_dict(range=[0, 1, 2]), "grader.range", "[0, 1, 2]"),
    ("range bool", lambda: _score_dict(range=[False, 1]), "grader.range[0]", "False"),
    (
        "sampling reasoning effort",
        lambda: _score_dict(sampling_params={"reasoning_effort": "extreme"}),
        "grader.sampling_params.reasoning_effort",
        "'extreme'",
    ),
    (
        "sampling max tokens",
        lambda: _score_dict(sampling_params={"max_completions_tokens": 0}),
        "grader.sampling_params.max_completions_tokens",
        "0",
    ),
    (
        "sampling temperature",
        lambda: _score_dict(sampling_params={"temperature": "hot"}),
        "grader.sampling_params.temperature",
        "'hot'",
    ),
    (
        "sampling unknown key",
        lambda: _score_dict(sampling_params={"max_tokens": 5}),
        "grader.sampling_params",
        "'max_tokens'",
    ),
    # label model
    (
        "passing labels subset",
        lambda: _label_dict(passing_labels=["great"]),
        "grader.graders.label.passing_labels",
        "['great']",
    ),
    ("no labels", lambda: _label_dict(labels=[], passing_labels=[]), "grader.graders.label.labels", "[]"),
    (
        "duplicate labels",
        lambda: _label_dict(labels=["a", "a"], passing_labels=["a"]),
        "grader.graders.label.labels",
        "['a', 'a']",
    ),
    # multi
    (
        "formula unknown name",
        lambda: _multi_dict(calculate_output="0.5 * exact + 0.5 * fuzzy"),
        "grader.calculate_output",
        "'0.5 * exact + 0.5 * fuzzy'",
    ),
    ("formula operator", lambda: _multi_dict(calculate_output="exact % 2"), "grader.calculate_output", "'exact % 2'"),
    (
        "formula comparison",
        lambda: _multi_dict(calculate_output="exact > close"),
        "grader.calculate_output",
        "'exact > close'",
    ),
    (
        "formula attribute",
        lambda: _multi_dict(calculate_output="exact.real"),
        "grader.calculate_output",
        "'exact.real'",
    ),
    (
        "formula function",
        lambda: _multi_dict(calculate_output="pow(exact, 2)"),
        "grader.calculate_output",
        "'pow(exact, 2)'",
    ),
    (
        "formula import",
        lambda: _multi_dict(calculate_output="__import__('os').getcwd()"),
        "grader.calculate_output",
        "__import__",
    ),
    (
        "formula syntax",
        lambda: _multi_dict(calculate_output="0.5 * (exact + close"),
        "grader.calculate_output",
        "'0.5 * (exact + close'",
    ),
    (
        "formula unbalanced (the spec's example)",
        lambda: _multi_dict(calculate_output="0.5 * exact +  0.5 * close)"),
        "grader.calculate_output",
        "'0.5 * exact +  0.5 * close)'",
    ),
    ("formula string", lambda: _multi_dict(calculate_output="'1'"), "grader.calculate_output", "\"'1'\""),
    ("formula bool", lambda: _multi_dict(calculate_output="True * exact"), "grader.calculate_output", "'True * exact'"),
    (
        "formula arity",
        lambda: _multi_dict(calculate_output="abs(exact, close)"),
        "grader.calculate_output",
        "'abs(exact, close)'",
    ),
    (
        "formula keyword",
        lambda: _multi_dict(calculate_output="max(exact, default=0)"),
        "grader.calculate_output",
        "'max(exact, default=0)'",
    ),
    ("formula empty", lambda: _multi_dict(calculate_output=""), "grader.calculate_output", "''"),
    ("graders as a list", lambda: _multi_dict(graders=[STRING_CHECK_JSON]), "grader.graders", "[{"),
    ("graders empty", lambda: _multi_dict(graders={}), "grader.graders", "{}"),
    (
        "grader name not a variable",
        lambda: _multi_dict(graders={"my grader": STRING_CHECK_JSON}, calculate_output="1"),
        "grader.graders",
        "'my grader'",
    ),
    (
        "nested multi",
        lambda: _multi_dict(graders={"inner": _multi_dict()}, calculate_output="inner"),
        "grader.graders.inner.type",
        "'multi'",
    ),
    (
        "bad grader inside multi",
        lambda: _multi_dict(graders={"exact": _string_check_dict(operation="is")}, calculate_output="exact"),
        "grader.graders.exact.operation",
        "'is'",
    ),
    # python
    (
        "python syntax",
        lambda: _python_dict("def grade(sample, item)\n    return 1.0\n"),
        "grader.source",
        "'def grade(sample, item)",
    ),
    (
        "python compile error",
        lambda: _python_dict("return 1.0\ndef grade(sample, item):\n    return 1.0\n"),
        "grader.source",
        "'return 1.0",
    ),
    (
        "python no grade",
        lambda: _python_dict("def score(sample, item):\n    return 1.0\n"),
        "grader.source",
        "'def score",
    ),
    (
        "python nested grade",
        lambda: _python_dict("class G:\n    def grade(sample, item):\n        return 1.0\n"),
        "grader.source",
        "'class G",
    ),
    (
        "python parameters",
        lambda: _python_dict("def grade(sample):\n    return 1.0\n"),
        "grader.source",
        "'def grade(sample)",
    ),
    (
        "python parameter names",
        lambda: _python_dict("def grade(item, sample):\n    return 1.0\n"),
        "grader.source",
        "'def grade(item, sample)",
    ),
    (
        "python required keyword",
        lambda: _python_dict("def grade(sample, item, *, k):\n    return 1.0\n"),
        "grader.source",
        "'def grade(sample, item, *, k)",
    ),
    (
        "python async",
        lambda: _python_dict("async def grade(sample, item):\n    return 1.0\n"),
        "grader.source",
        "'async def grade",
    ),
    ("python empty", lambda: _python_dict(""), "grader.source", "''"),
    ("python image tag", lambda: Grader.python("p", PYTHON_SOURCE, image_tag=""), "grader.image_tag", "''"),
]


@pytest.mark.parametrize(("make", "argument", "value"), [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_bad_grader_is_refused_before_any_request(
    counting: CountingClient, make: Callable[[], object], argument: str, value: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        counting.validate(make())
    message = str(caught.value)
    assert message.startswith(f"{argument}: "), message
    assert value in message, message
    assert caught.value.argument == argument
    assert counting.requests == []


def test_top_level_label_model_error_says_where_it_belongs() -> None:
    with pytest.raises(ValidationError, match="only inside a multi grader"):
        as_grader(label_model())
    with pytest.raises(ValidationError, match="only inside a multi grader"):
        ftkit.Method.reinforcement(label_model())  # type: ignore[arg-type]


def test_label_model_is_fine_inside_a_multi_grader() -> None:
    grader = Grader.multi("m", {"label": label_model()}, "label")
    assert isinstance(graders_of(grader)["label"], LabelModelGrader)


def test_reinforcement_method_built_by_hand_is_checked() -> None:
    method = FineTuneMethod(
        type_=FineTuneMethodType.REINFORCEMENT,
        reinforcement=FineTuneReinforcementMethod(grader=_lenient_model()),
    )
    with pytest.raises(ValidationError, match=r"^method\.reinforcement\.grader\.operation: 'startswith'"):
        ftkit.methods.as_method(method)


def test_the_old_module_name_is_gone() -> None:
    # No deprecated names at 0.x: grader_builders is the builders' one name.
    import importlib

    import ftkit

    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("ftkit.grader_config")
    with pytest.raises(AttributeError):
        ftkit.grader_config  # noqa: B018
