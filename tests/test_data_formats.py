"""ftkit.data.validate on small valid and broken files of every format: exact line, path and kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ftkit.data import Report, grader_item_fields, validate

DATA = Path(__file__).parent / "fixtures" / "data"


def check(name: str, **kwargs: object) -> Report:
    return validate(DATA / name, tokens="estimate", **kwargs)  # type: ignore[arg-type]


def errors(report: Report) -> list[tuple[int | None, str, str]]:
    return [(f.line, f.path, f.kind) for f in report.errors]


def warnings(report: Report) -> list[tuple[int | None, str, str]]:
    return [(f.line, f.path, f.kind) for f in report.warnings]


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("chat_valid.jsonl", {}),
        ("chat_valid.jsonl", {"model": "gpt-4o-mini-2024-07-18"}),
        ("completion_valid.jsonl", {"model": "davinci-002"}),
        ("dpo_valid.jsonl", {"method": "dpo", "model": "gpt-4.1-mini-2025-04-14"}),
        ("rft_valid.jsonl", {"method": "reinforcement", "model": "o4-mini-2025-04-16"}),
    ],
)
def test_valid_files_have_no_findings(name: str, options: dict[str, object]) -> None:
    report = check(name, **options)
    assert report.valid
    assert report.errors == ()
    assert dict(report.warning_counts) == {}
    assert report.stats.examples == 10
    assert report.stats.invalid_examples == 0


def test_chat_errors_name_line_path_and_kind() -> None:
    report = check("chat_broken.jsonl")
    assert not report.valid
    assert errors(report) == [
        (1, "", "invalid_json"),
        (2, "", "not_an_object"),
        (3, "messages", "missing_field"),
        (4, "messages", "invalid_type"),
        (5, "messages", "empty_value"),
        (6, "messages[1].role", "invalid_role"),
        (7, "messages[0].role", "missing_field"),
        (8, "messages[1].content", "invalid_type"),
        (9, "messages[2].weight", "invalid_weight"),
        (10, "messages[1].weight", "invalid_weight"),
        (11, "messages", "missing_assistant_message"),
        (12, "messages[2].content", "missing_content"),
        (13, "messages[2].tool_calls[0].function.arguments", "invalid_type"),
        (14, "messages[3].tool_call_id", "unmatched_tool_call_id"),
        (15, "messages[1].content[0].type", "unsupported_content"),
        (16, "messages[0].foo", "unknown_field"),
        (17, "tools", "invalid_type"),
        (18, "messages[0].content[1].type", "invalid_content_part"),
        (19, "parallel_tool_calls", "invalid_type"),
        (20, "messages[1].content[0].image_url.url", "missing_field"),
    ]
    assert report.error_counts["invalid_type"] == 5
    assert report.stats.examples == 0
    assert report.stats.invalid_examples == 20


def test_error_messages_say_what_is_wrong() -> None:
    by_line = {f.line: f.message for f in check("chat_broken.jsonl").errors}
    assert "'bot'" in by_line[6] and "assistant" in by_line[6]
    assert "got 2" in by_line[9]
    assert "only allowed on assistant" in by_line[10]
    assert "JSON string" in by_line[13]
    assert "'c2'" in by_line[14]
    assert by_line[1].startswith("invalid JSON: ")


def test_invalid_utf8_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    good = json.dumps(
        {
            "messages": [
                {"role": "system", "content": "s"},
                {"role": "user", "content": "u"},
                {"role": "assistant", "content": "a"},
            ]
        }
    )
    path.write_bytes(good.encode() + b"\n\n" + b'{"messages": "\xff"}\n' + good.replace('"a"', '"b"').encode())
    report = validate(path, tokens="estimate", min_examples=0)
    assert errors(report) == [(3, "", "invalid_utf8")]
    assert (2, "", "blank_line") in warnings(report)
    assert report.stats.examples == 2  # the last line has no newline and still counts


def test_prompt_completion_errors_and_mixed_formats() -> None:
    report = check("completion_broken.jsonl", min_examples=0)
    assert errors(report) == [
        (1, "completion", "missing_field"),
        (2, "prompt", "invalid_type"),
        (4, "", "mixed_formats"),
    ]
    assert (3, "extra", "unknown_field") in warnings(report)
    assert "line 1" in report.errors[2].message


def test_format_must_suit_the_model() -> None:
    chat_for_legacy = check("chat_valid.jsonl", model="babbage-002")
    assert errors(chat_for_legacy) == [(1, "", "wrong_format_for_model")]
    assert chat_for_legacy.error_counts["wrong_format_for_model"] == 1  # reported once, not per line
    completion_for_chat = check("completion_valid.jsonl", model="gpt-4o-mini-2024-07-18")
    assert errors(completion_for_chat) == [(1, "", "wrong_format_for_model")]


def test_dpo_errors() -> None:
    report = check("dpo_broken.jsonl", method="dpo", min_examples=0)
    assert errors(report) == [
        (1, "input", "missing_field"),
        (2, "input.messages", "missing_field"),
        (3, "preferred_output[0].role", "invalid_role"),
        (4, "non_preferred_output", "missing_field"),
        (5, "input.messages[0].role", "invalid_role"),
        (7, "preferred_output", "invalid_type"),
    ]
    assert (6, "non_preferred_output", "identical_outputs") in warnings(report)


def test_chat_file_is_not_a_dpo_file() -> None:
    report = check("chat_valid.jsonl", method="dpo")
    assert report.error_counts["missing_field"] == 30  # input, preferred_output, non_preferred_output x 10
    assert errors(report)[:3] == [
        (1, "input", "missing_field"),
        (1, "preferred_output", "missing_field"),
        (1, "non_preferred_output", "missing_field"),
    ]


def test_reinforcement_errors_and_grader_fields() -> None:
    grader = json.loads((DATA / "grader_string_check.json").read_text())
    report = check("rft_broken.jsonl", method="reinforcement", grader=grader, min_examples=0)
    assert errors(report) == [
        (1, "messages", "missing_field"),
        (3, "messages[0].content[0].type", "unsupported_content"),
    ]
    assert (2, "reference_answer", "grader_field_missing") in warnings(report)
    assert report.warning_counts["grader_field_missing"] == 1


def test_nested_grader_fields_are_checked() -> None:
    grader = json.loads((DATA / "grader_multi.json").read_text())
    assert grader_item_fields(grader) == ("reference_answer", "meta.difficulty")
    report = check("rft_broken.jsonl", method="reinforcement", grader=grader, min_examples=0)
    missing = [(f.line, f.path) for f in report.warnings if f.kind == "grader_field_missing"]
    assert missing == [(2, "reference_answer"), (3, "meta.difficulty"), (4, "meta.difficulty")]


def test_reinforcement_without_grader_suggests_one() -> None:
    report = check("rft_valid.jsonl", method="reinforcement")
    assert report.valid
    assert any("grader=" in note for note in report.notes)
    assert report.stats.billed_tokens is None  # billed on time, not tokens
