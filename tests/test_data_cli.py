"""``ftkit validate``: exit codes (0 valid, 1 invalid, 2 usage), output, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from ftkit.cli import cli
from ftkit.data import validate

DATA = Path(__file__).parent / "fixtures" / "data"


def run(*argv: str, input: bytes | None = None) -> Result:
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        runner = CliRunner()  # click 8.2+ keeps stderr apart by itself
    return runner.invoke(cli, ["validate", *argv], input=input, catch_exceptions=False)


def usage_error(result: Result) -> str:
    """The one ``ftkit: error:`` line of a usage error (exit 2), with nothing on stdout."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ftkit: error: "), result.stderr
    return lines[0]


def test_valid_file_exits_0_with_a_readable_report() -> None:
    result = run(str(DATA / "chat_valid.jsonl"), "--tokens", "estimate")
    assert result.exit_code == 0
    assert "Result: valid" in result.stdout
    assert "tokens per example" in result.stdout
    assert result.stderr == ""


def test_invalid_file_exits_1() -> None:
    result = run(str(DATA / "chat_broken.jsonl"), "--tokens", "estimate")
    assert result.exit_code == 1
    assert "Result: INVALID (20 errors" in result.stdout
    assert "chat_broken.jsonl:6 messages[1].role" in result.stdout
    assert result.stderr == ""


def test_too_few_examples_exits_1() -> None:
    result = run(str(DATA / "chat_stats.jsonl"), "--tokens", "estimate", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False
    assert data["error_counts"] == {"too_few_examples": 1}


def test_json_output() -> None:
    result = run(
        str(DATA / "dpo_broken.jsonl"), "--method", "dpo", "--json", "--tokens", "estimate", "--max-listed", "1"
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["method"] == "dpo"
    assert data["error_counts"] == {"missing_field": 3, "invalid_role": 2, "invalid_type": 1, "too_few_examples": 1}
    assert [(e["line"], e["kind"]) for e in data["errors"]] == [
        (1, "missing_field"),
        (3, "invalid_role"),
        (7, "invalid_type"),
        (None, "too_few_examples"),
    ]


def test_all_options_reach_validate() -> None:
    result = run(
        str(DATA / "chat_valid.jsonl"),
        "--validation-file",
        str(DATA / "chat_validation.jsonl"),
        "--model",
        "gpt-4o-mini-2024-07-18",
        "--price-per-token",
        "0.5",
        "--n-epochs",
        "2",
        "--context-length",
        "30",
        "--tokens",
        "estimate",
        "--no-duplicates",
        "--max-images-per-example",
        "1",
        "--max-listed",
        "3",
        "--json",
    )
    assert result.exit_code == 0
    expected = validate(
        DATA / "chat_valid.jsonl",
        validation_path=DATA / "chat_validation.jsonl",
        model="gpt-4o-mini-2024-07-18",
        price_per_token=0.5,
        n_epochs=2,
        context_length=30,
        tokens="estimate",
        check_duplicates=False,
        max_images_per_example=1,
        max_listed=3,
    )
    assert json.loads(result.stdout) == json.loads(json.dumps(expected.to_dict()))
    assert expected.stats.estimated_cost == expected.stats.billed_tokens * 0.5  # every option made a difference
    assert expected.stats.epochs == 2 and expected.warning_counts == {"over_context_length": 5}
    assert len(expected.warnings) == 3
    assert "train_validation_overlap" not in expected.warning_counts  # --no-duplicates
    assert not validate(DATA / "chat_valid.jsonl", tokens="estimate", max_images_per_example=0).valid


def test_max_images_per_example_is_passed_on(tmp_path: Path) -> None:
    image = {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}
    line = {
        "messages": [
            {"role": "system", "content": "s"},
            {"role": "user", "content": [image] * 12},
            {"role": "assistant", "content": "cats"},
        ]
    }
    path = tmp_path / "images.jsonl"
    path.write_text((json.dumps(line) + "\n") * 10)
    assert run(str(path), "--tokens", "estimate", "--no-duplicates").exit_code == 1
    assert run(str(path), "--tokens", "estimate", "--no-duplicates", "--max-images-per-example", "64").exit_code == 0


def test_standard_input() -> None:
    data = (DATA / "chat_valid.jsonl").read_bytes()
    result = run("-", "--tokens", "estimate", "--json", input=data + data.splitlines(keepends=True)[0])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["stats"]["examples"] == 11
    assert report["warnings"][0]["message"] == "duplicate of line 1"


def test_grader_files_json_or_yaml_for_reinforcement(tmp_path: Path) -> None:
    result = run(
        str(DATA / "rft_valid.jsonl"),
        "--method",
        "reinforcement",
        "--grader",
        str(DATA / "grader_multi.json"),
        "--json",
        "--tokens",
        "estimate",
    )
    assert result.exit_code == 0, result.stdout
    yaml_grader = tmp_path / "grader.yaml"
    yaml_grader.write_text(
        "type: string_check\nname: exact\ninput: '{{sample.output_text}}'\n"
        "reference: '{{item.answer}}'\noperation: eq\n"
    )
    result = run(
        str(DATA / "rft_valid.jsonl"), "--method", "reinforcement", "--grader", str(yaml_grader), "--json", "--tokens",
        "estimate",
    )  # fmt: skip
    assert result.exit_code == 1  # read as YAML; no example has the 'answer' it reads
    data = json.loads(result.stdout)
    assert data["error_counts"] == {"grader_field_unknown": 1}
    assert data["warning_counts"] == {"grader_field_missing": 10}


def test_an_invalid_grader_makes_the_report_invalid(tmp_path: Path) -> None:
    bad = tmp_path / "grader.yml"
    bad.write_text(
        "type: string_check\nname: exact\ninput: '{{sample.output_txt}}'\n"
        "reference: '{{item.reference_answer}}'\noperation: eq\n"
    )
    result = run(
        str(DATA / "rft_valid.jsonl"), "--method", "reinforcement", "--grader", str(bad), "--tokens", "estimate"
    )
    assert result.exit_code == 1
    assert "invalid_grader (1)" in result.stdout
    assert "grader grader.input: '{{sample.output_txt}}' is not allowed" in result.stdout


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("chat_valid.jsonl", "--method", "sft"), "'sft' is not one of"),
        (("missing.jsonl",), "does not exist"),
        (("chat_valid.jsonl", "--max-listed", "-1"), "--max-listed"),
        (("chat_valid.jsonl", "--n-epochs", "many"), "'many' is not a valid integer"),
        (("chat_valid.jsonl", "--n-epochs", "51"), "--n-epochs"),
        (("chat_valid.jsonl", "--price-per-token", "-1"), "--price-per-token"),
        (("chat_valid.jsonl", "--tokens", "fast"), "--tokens"),
        (("chat_valid.jsonl", "--bogus"), "--bogus"),
        (("chat_valid.jsonl", "--grader", "grader_multi.json"), "only used with --method reinforcement"),
        (("rft_valid.jsonl", "--method", "reinforcement", "--grader", "chat_valid.jsonl"), "--grader"),
        (("-", "--validation-file", "-"), "reads stdin already"),
        ((), "Missing argument 'FILE'"),
    ],
)
def test_usage_errors_exit_2_on_one_line(argv: tuple[str, ...], words: str) -> None:
    args = [str(DATA / a) if a.endswith((".jsonl", ".json")) else a for a in argv]
    assert words in usage_error(run(*args))


def test_the_command_offers_what_the_validator_takes() -> None:
    import ftkit.data
    from ftkit.cli import _validate

    assert _validate.METHODS == ftkit.data.METHODS
    assert _validate.TOKEN_MODES == ftkit.data.TOKEN_MODES
    assert _validate.MAX_IMAGES_PER_EXAMPLE == ftkit.data.MAX_IMAGES_PER_EXAMPLE


def test_help_exits_0() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for option in ("--validation-file", "--grader", "--max-images-per-example", "--json"):
        assert option in result.stdout


def test_standard_input_of_a_real_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ftkit.cli", "validate", "-", "--tokens", "estimate"],
        input=(DATA / "chat_valid.jsonl").read_bytes(),
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"Training file <stdin>: method supervised")


def test_a_usage_error_in_a_real_process_is_one_line_without_a_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ftkit.cli", "validate", str(DATA / "chat_valid.jsonl"), "--max-listed", "lots"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("ftkit: error: ") and "'lots' is not a valid integer" in done.stderr
