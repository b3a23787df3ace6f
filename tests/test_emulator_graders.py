"""The grader endpoints: shape checks on validate, real or deterministic rewards on run."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from conftest_emulator import emulator_client_fixture, emulator_fixture  # noqa: F401  (fixtures, used by name)

Json = dict[str, Any]

STRING_CHECK: Json = {
    "type": "string_check",
    "name": "Example string check grader",
    "input": "{{sample.output_text}}",
    "reference": "{{item.label}}",
    "operation": "eq",
}
SCORE_MODEL: Json = {
    "type": "score_model",
    "name": "Example score model grader",
    "input": [
        {
            "role": "user",
            "content": [
                {"type": "input_text", "text": "Reference: {{item.reference_answer}}\nModel: {{sample.output_text}}"}
            ],
        }
    ],
    "model": "gpt-5-mini",
    "sampling_params": {"temperature": 1, "top_p": 1, "seed": 42},
}
PYTHON: Json = {
    "type": "python",
    "name": "py",
    "source": "def grade(sample, item):\n    return 1.0 if sample['output_text'] == item['label'] else 0.0\n",
}


def run(client: httpx.Client, grader: Json, sample: str, item: Json | None = None) -> Json:
    body: Json = {"grader": grader, "model_sample": sample}
    if item is not None:
        body["item"] = item
    response = client.post("/fine_tuning/alpha/graders/run", json=body)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_validate_echoes_the_grader(emulator_client: httpx.Client) -> None:
    for grader in (STRING_CHECK, SCORE_MODEL, PYTHON):
        response = emulator_client.post("/fine_tuning/alpha/graders/validate", json={"grader": grader})
        assert response.status_code == 200, response.text
        assert response.json() == {"grader": grader}


@pytest.mark.parametrize(
    ("grader", "param", "match"),
    [
        ({**STRING_CHECK, "operation": "contains"}, "grader.operation", "eq, ne, like, ilike"),
        ({**STRING_CHECK, "type": "regex"}, "grader.type", "expected one of"),
        ({**STRING_CHECK, "input": "{{output}}"}, "grader.input", "must name a field of 'item' or 'sample'"),
        ({k: v for k, v in STRING_CHECK.items() if k != "name"}, "grader.name", "string"),
        ({**STRING_CHECK, "type": "text_similarity", "evaluation_metric": "jaccard"}, "grader.evaluation_metric", ""),
        ({**PYTHON, "source": "def grade(:"}, "grader.source", "does not parse"),
        ({**PYTHON, "source": "x = 1"}, "grader.source", "grade"),
        ({**SCORE_MODEL, "input": []}, "grader.input", "non-empty"),
        ({**SCORE_MODEL, "range": [1, 0]}, "grader.range", "minimum"),
        ({**SCORE_MODEL, "input": [{"role": "robot", "content": "x"}]}, "grader.input[0].role", ""),
        (
            {"type": "label_model", "name": "l", "model": "m", "input": [], "labels": [], "passing_labels": []},
            "grader.type",
            "expected one of",
        ),
        (
            {"type": "multi", "name": "m", "graders": {"a": STRING_CHECK}, "calculate_output": "a + b"},
            "grader.calculate_output",
            "'b'",
        ),
        (
            {"type": "multi", "name": "m", "graders": {"a": STRING_CHECK}, "calculate_output": "(a"},
            "grader.calculate_output",
            "does not parse",
        ),
        (
            {"type": "multi", "name": "m", "graders": {"a": STRING_CHECK}, "calculate_output": "__import__('os')"},
            "grader.calculate_output",
            "",
        ),
        (
            {"type": "multi", "name": "m", "graders": {"a": {"type": "multi"}}, "calculate_output": "a"},
            "grader.graders.a.type",
            "",
        ),
    ],
)
def test_validate_rejects_bad_graders(emulator_client: httpx.Client, grader: Json, param: str, match: str) -> None:
    response = emulator_client.post("/fine_tuning/alpha/graders/validate", json={"grader": grader})
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["param"] == param and match in error["message"]


def test_validate_and_run_need_their_fields(emulator_client: httpx.Client) -> None:
    assert emulator_client.post("/fine_tuning/alpha/graders/validate", json={}).status_code == 400
    response = emulator_client.post("/fine_tuning/alpha/graders/run", json={"grader": STRING_CHECK})
    assert response.status_code == 400 and response.json()["error"]["param"] == "model_sample"
    response = emulator_client.post("/fine_tuning/alpha/graders/run", json={"grader": STRING_CHECK, "model_sample": 1})
    assert response.status_code == 400 and response.json()["error"]["param"] == "model_sample"


@pytest.mark.parametrize(
    ("operation", "sample", "label", "reward"),
    [
        ("eq", "Paris", "Paris", 1.0),
        ("eq", "paris", "Paris", 0.0),
        ("ne", "Rome", "Paris", 1.0),
        ("like", "It is Paris.", "Paris", 1.0),
        ("like", "It is paris.", "Paris", 0.0),
        ("ilike", "It is PARIS.", "paris", 1.0),
    ],
)
def test_string_check_reward(
    emulator_client: httpx.Client, operation: str, sample: str, label: str, reward: float
) -> None:
    result = run(emulator_client, {**STRING_CHECK, "operation": operation}, sample, {"label": label})
    assert result["reward"] == reward
    assert result["metadata"]["type"] == "string_check"
    assert result["metadata"]["name"] == STRING_CHECK["name"]
    assert not any(v for k, v in result["metadata"]["errors"].items() if not k.endswith(("_type", "_details")))
    assert result["sub_rewards"] == {} and result["model_grader_token_usage_per_model"] == {}


def test_missing_template_variable_is_flagged(emulator_client: httpx.Client) -> None:
    result = run(emulator_client, STRING_CHECK, "x", {"other": "y"})
    assert result["metadata"]["errors"]["invalid_variable_error"] is True
    assert result["reward"] == 0.0


def test_output_json_namespace(emulator_client: httpx.Client) -> None:
    grader = {**STRING_CHECK, "input": "{{sample.output_json.answer}}"}
    assert run(emulator_client, grader, '{"answer": "42"}', {"label": "42"})["reward"] == 1.0


@pytest.mark.parametrize(
    "metric",
    [
        "cosine",
        "fuzzy_match",
        "bleu",
        "gleu",
        "meteor",
        "rouge_1",
        "rouge_2",
        "rouge_3",
        "rouge_4",
        "rouge_5",
        "rouge_l",
    ],
)
def test_text_similarity_is_a_real_score(emulator_client: httpx.Client, metric: str) -> None:
    grader = {
        "type": "text_similarity",
        "name": "sim",
        "input": "{{sample.output_text}}",
        "reference": "{{item.reference}}",
        "evaluation_metric": metric,
    }
    reference = "the quick brown fox jumps over the lazy dog"
    same = run(emulator_client, grader, reference, {"reference": reference})["reward"]
    close = run(emulator_client, grader, "the quick brown fox jumps over a lazy dog", {"reference": reference})[
        "reward"
    ]
    far = run(emulator_client, grader, "completely unrelated words here", {"reference": reference})["reward"]
    assert same == pytest.approx(1.0, abs=1e-3)  # METEOR's fragmentation penalty keeps it just under 1
    assert 0.0 <= far < close < same


def test_model_graders_are_deterministic_and_report_usage(emulator_client: httpx.Client) -> None:
    item = {"reference_answer": "fuzzy wuzzy was a bear"}
    first = run(emulator_client, {**SCORE_MODEL, "range": [0, 10]}, "fuzzy wuzzy was a bear", item)
    again = run(emulator_client, {**SCORE_MODEL, "range": [0, 10]}, "fuzzy wuzzy was a bear", item)
    assert first["reward"] == again["reward"] and 0 <= first["reward"] <= 10
    assert first["metadata"]["sampled_model_name"] == "gpt-5-mini"
    usage = first["model_grader_token_usage_per_model"]["gpt-5-mini"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    assert first["metadata"]["token_usage"] == usage["total_tokens"]
    python = run(emulator_client, PYTHON, "a", {"label": "a"})
    assert python["reward"] == run(emulator_client, PYTHON, "a", {"label": "a"})["reward"]
    assert 0 <= python["reward"] <= 1


def test_multi_grader_combines_named_scores(emulator_client: httpx.Client) -> None:
    label = {
        "type": "label_model",
        "name": "sentiment",
        "model": "gpt-4o-mini",
        "input": [{"role": "user", "content": "Classify: {{sample.output_text}}"}],
        "labels": ["positive", "negative"],
        "passing_labels": ["positive", "negative"],
    }
    grader = {
        "type": "multi",
        "name": "combined",
        "graders": {"exact": STRING_CHECK, "tone": label},
        "calculate_output": "0.25 * exact + 0.75 * max(tone, 0)",
    }
    assert emulator_client.post("/fine_tuning/alpha/graders/validate", json={"grader": grader}).status_code == 200
    result = run(emulator_client, grader, "yes", {"label": "yes"})
    assert result["sub_rewards"] == {"exact": 1.0, "tone": 1.0}  # every label passes here
    assert result["reward"] == pytest.approx(1.0)
    assert result["metadata"]["scores"] == result["sub_rewards"]
    wrong = run(emulator_client, grader, "no", {"label": "yes"})
    assert wrong["reward"] == pytest.approx(0.75)


def test_multi_grader_in_the_spec_shape_is_accepted(emulator_client: httpx.Client) -> None:
    # The spec types `graders` as a single grader; it is read as a map of its name to it.
    grader = {"type": "multi", "name": "m", "graders": {**STRING_CHECK, "name": "exact"}, "calculate_output": "exact"}
    assert run(emulator_client, grader, "a", {"label": "a"})["sub_rewards"] == {"exact": 1.0}
