"""Warnings, statistics, billing, the listing limit, rendering and argument errors of ftkit.data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ftkit.data import Report, default_epochs, validate
from ftkit.errors import ValidationError

DATA = Path(__file__).parent / "fixtures" / "data"

# chat_stats.jsonl, counted with the estimator (ceil(chars / 4) per string, 3 tokens per
# message plus its role, 3 per reply):
#   line 1: 3 + (3+1+1) + (3+3+2)                              = 16, assistant 2, 2 messages
#   line 2: 3 + (3+2+1) + (3+1+1) + (3+3+1)                    = 21, assistant 1, 3 messages
#   line 3: 3 + (3+1+3) + (3+3+4)                              = 20, assistant 4, 2 messages
#   line 4: 3 + (3+2+1) + (3+1+1) + (3+3+1) + (3+1+1) + (3+3+5) = 37, assistant 6, 5 messages
STATS = DATA / "chat_stats.jsonl"


def warnings(report: Report, kind: str) -> list[tuple[int | None, str]]:
    return [(f.line, f.message) for f in report.warnings if f.kind == kind]


def test_statistics_on_a_known_file() -> None:
    report = validate(STATS, tokens="estimate")
    s = report.stats
    assert report.tokens_estimated
    assert (s.lines, s.examples, s.invalid_examples, s.total_tokens) == (4, 4, 0, 94)
    tokens = s.tokens_per_example
    assert tokens is not None
    assert (tokens.min, tokens.max, tokens.mean, tokens.median) == (16, 37, 23.5, 20.5)
    assert tokens.p5 == pytest.approx(16.6)
    assert tokens.p95 == pytest.approx(34.6)
    assistant = s.assistant_tokens_per_example
    assert assistant is not None
    assert (assistant.min, assistant.max, assistant.mean, assistant.median) == (1, 6, 3.25, 3.0)
    assert assistant.p5 == pytest.approx(1.15)
    assert assistant.p95 == pytest.approx(5.7)
    messages = s.messages_per_example
    assert messages is not None
    assert (messages.min, messages.max, messages.mean, messages.median) == (2, 5, 3.0, 2.5)


def test_billing_follows_the_default_epochs_rule() -> None:
    report = validate(STATS, tokens="estimate")
    assert report.stats.epochs == 25  # 4 examples: min(25, 100 // 4)
    assert report.stats.billed_tokens == 25 * 94
    assert report.stats.estimated_cost is None  # no price given, no cost
    assert report.stats.context_length is None


def test_context_length_caps_billing_and_warns() -> None:
    report = validate(STATS, tokens="estimate", context_length=20, price_per_token=0.5, n_epochs=2, min_examples=0)
    assert warnings(report, "over_context_length") == [
        (2, "21 tokens, over the model's 20: it will be truncated"),
        (4, "37 tokens, over the model's 20: it will be truncated"),
    ]
    s = report.stats
    assert s.examples_over_context == 2
    assert s.billed_tokens == 2 * (16 + 20 + 20 + 20)
    assert s.estimated_cost == pytest.approx(0.5 * 152)
    assert report.valid  # too long is a warning: the API truncates


def test_known_model_sets_context_length_and_encoding() -> None:
    report = validate(STATS, model="ft:gpt-3.5-turbo-0613:acme::abc", tokens="estimate")
    assert report.stats.context_length == 4096
    assert report.encoding == "cl100k_base"
    unknown = validate(STATS, model="my-new-model", tokens="estimate")
    assert unknown.encoding == "o200k_base"
    assert any("my-new-model" in note for note in unknown.notes)


@pytest.mark.parametrize(
    ("examples", "epochs"),
    [(1, 25), (3, 25), (4, 25), (5, 20), (10, 10), (33, 3), (34, 3), (8_333, 3), (8_334, 2), (12_501, 1), (100_000, 1)],
)
def test_default_epochs(examples: int, epochs: int) -> None:
    assert default_epochs(examples) == epochs


def test_missing_system_and_user() -> None:
    report = validate(STATS, tokens="estimate")
    assert [line for line, _ in warnings(report, "missing_system_message")] == [1, 3]
    assert warnings(report, "missing_user_message") == []


def test_missing_user_message(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text(
        json.dumps({"messages": [{"role": "system", "content": "s"}, {"role": "assistant", "content": "a"}]}) + "\n"
    )
    report = validate(path, tokens="estimate")
    assert [(f.line, f.path) for f in report.warnings if f.kind == "missing_user_message"] == [(1, "messages")]


def test_duplicates_name_the_first_occurrence() -> None:
    report = validate(DATA / "chat_duplicates.jsonl", tokens="estimate", min_examples=0)
    assert warnings(report, "duplicate_example") == [(3, "duplicate of line 1"), (5, "duplicate of line 2")]
    assert report.valid
    off = validate(DATA / "chat_duplicates.jsonl", tokens="estimate", check_duplicates=False, min_examples=0)
    assert "duplicate_example" not in off.warning_counts


def test_overlap_between_training_and_validation() -> None:
    report = validate(DATA / "chat_valid.jsonl", validation_path=DATA / "chat_validation.jsonl", tokens="estimate")
    overlap = [(f.file, f.line, f.message) for f in report.warnings if f.kind == "train_validation_overlap"]
    assert overlap == [(str(DATA / "chat_validation.jsonl"), 1, "same example as line 2 of the training file")]
    assert report.validation_stats is not None
    assert report.validation_stats.examples == 2
    assert report.validation_stats.billed_tokens is None
    assert "too_few_examples" not in report.warning_counts  # no minimum for validation files


def test_errors_in_the_validation_file_make_the_report_invalid() -> None:
    report = validate(DATA / "chat_valid.jsonl", validation_path=DATA / "chat_broken.jsonl", tokens="estimate")
    assert not report.valid
    assert {f.file for f in report.errors} == {str(DATA / "chat_broken.jsonl")}


def test_only_the_first_n_of_a_kind_are_listed_but_all_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    bad = json.dumps({"messages": [{"role": "bot", "content": "x"}]})
    path.write_text("\n".join([bad] * 25 + ["{oops"] * 2) + "\n")
    report = validate(path, tokens="estimate", max_listed=3)
    assert report.error_counts == {"invalid_role": 25, "invalid_json": 2}
    assert [(f.line, f.kind) for f in report.errors] == [
        (1, "invalid_role"),
        (2, "invalid_role"),
        (3, "invalid_role"),
        (26, "invalid_json"),
        (27, "invalid_json"),
    ]
    assert report.error_total == 27
    assert "... and 22 more" in report.to_text()


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("")
    report = validate(path, tokens="estimate")
    assert [(f.line, f.kind) for f in report.errors] == [(None, "empty_file")]
    assert report.stats.tokens_per_example is None
    assert report.stats.billed_tokens is None


def test_to_dict_is_json_and_complete() -> None:
    report = validate(DATA / "chat_broken.jsonl", validation_path=DATA / "chat_validation.jsonl", tokens="estimate")
    data = json.loads(json.dumps(report.to_dict()))
    assert data["valid"] is False
    assert data["tokens_estimated"] is True
    assert data["error_counts"]["invalid_type"] == 5
    assert data["errors"][0] == {
        "file": str(DATA / "chat_broken.jsonl"),
        "line": 1,
        "path": "",
        "kind": "invalid_json",
        "message": report.errors[0].message,
    }
    assert data["validation_stats"]["examples"] == 2
    assert set(data["stats"]) >= {"tokens_per_example", "billed_tokens", "epochs", "estimated_cost"}


def test_to_text_is_readable() -> None:
    text = validate(STATS, tokens="estimate", price_per_token=0.001, min_examples=0).to_text()
    assert "Result: valid (0 errors, 2 warnings)" in text
    assert "tokens per example         min 16, p5 16.6, median 20.5, mean 23.5, p95 34.6, max 37" in text
    assert "billed tokens              2,350" in text
    assert "estimated cost             2.35 (at 0.001 per token)" in text
    assert "ESTIMATES" in text


@pytest.mark.parametrize(
    ("kwargs", "names"),
    [
        ({"method": "sft"}, ["method", "'sft'", "'supervised'"]),
        ({"tokens": "fast"}, ["tokens", "'fast'"]),
        ({"max_listed": -1}, ["max_listed", "-1"]),
        ({"price_per_token": -0.1}, ["price_per_token", "-0.1"]),
        ({"n_epochs": 0}, ["n_epochs", "0"]),
        ({"context_length": 0}, ["context_length"]),
        ({"grader": {"type": "string_check"}}, ["grader", "reinforcement"]),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, object], names: list[str]) -> None:
    with pytest.raises(ValidationError) as info:
        validate(STATS, **kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError)  # still catchable as the standard error
    for name in names:
        assert name in str(info.value)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"path: no such file: .*nope\.jsonl"):
        validate(tmp_path / "nope.jsonl")
    with pytest.raises(FileNotFoundError, match="validation_path: no such file"):
        validate(STATS, validation_path=tmp_path / "nope.jsonl")
    with pytest.raises(IsADirectoryError, match="is a directory"):
        validate(tmp_path)
