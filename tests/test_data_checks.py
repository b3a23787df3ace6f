"""The checks that make a file invalid before anything is sent: the API's minimum of examples,
the grader and the fields it reads, reserved special tokens, and the limits of image inputs."""

from __future__ import annotations

import base64
import json
import struct
import zlib
from pathlib import Path
from typing import Any

import ftkit
import pytest
from ftkit.data import MAX_IMAGES_PER_EXAMPLE, RESERVED_TOKENS, Report, validate

DATA = Path(__file__).parent / "fixtures" / "data"


def chat(user: Any = "hi", assistant: Any = "hello", **extra: Any) -> dict[str, Any]:
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": user}]
    return {"messages": [*messages, {"role": "assistant", "content": assistant}], **extra}


def write(tmp_path: Path, examples: list[dict[str, Any]], name: str = "t.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(e) + "\n" for e in examples), encoding="utf-8")
    return path


def numbered(n: int, **extra: Any) -> list[dict[str, Any]]:
    """``n`` distinct valid chat examples."""
    return [chat(f"question {i}", f"answer {i}", **extra) for i in range(n)]


def errors(report: Report, kind: str | None = None) -> list[tuple[int | None, str, str]]:
    return [(f.line, f.path, f.kind) for f in report.errors if kind is None or f.kind == kind]


def messages(report: Report, kind: str) -> list[str]:
    return [f.message for f in (*report.errors, *report.warnings) if f.kind == kind]


# -- the API's minimum of 10 examples ------------------------------------------------------------


def test_fewer_than_ten_examples_is_an_error(tmp_path: Path) -> None:
    report = validate(write(tmp_path, numbered(9)), tokens="estimate")
    assert not report.valid
    assert errors(report) == [(None, "", "too_few_examples")]
    assert messages(report, "too_few_examples") == [
        "the file has 9 examples; a training file needs at least 10 "
        "(the API refuses fewer; 50 to 100 is a better start)"
    ]
    assert validate(write(tmp_path, numbered(10)), tokens="estimate").valid


def test_the_minimum_counts_examples_not_blank_lines_and_is_for_training_files_only(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n".join(json.dumps(e) for e in numbered(9)) + "\n\n\n")
    assert errors(validate(path, tokens="estimate"), "too_few_examples") == [(None, "", "too_few_examples")]
    report = validate(write(tmp_path, numbered(12)), validation_path=write(tmp_path, numbered(2), "v.jsonl"))
    assert report.valid  # a validation file has no minimum


def test_min_examples_can_be_changed_or_turned_off(tmp_path: Path) -> None:
    path = write(tmp_path, numbered(3))
    assert validate(path, tokens="estimate", min_examples=0).valid
    assert validate(path, tokens="estimate", min_examples=3).valid
    assert not validate(path, tokens="estimate", min_examples=4).valid
    with pytest.raises(ftkit.ValidationError, match="min_examples"):
        validate(path, min_examples=-1)


# -- graders --------------------------------------------------------------------------------------

GRADER = json.loads((DATA / "grader_string_check.json").read_text())


def rft(n: int, **fields: Any) -> list[dict[str, Any]]:
    system = {"role": "developer", "content": "Answer with a number."}
    return [{"messages": [system, {"role": "user", "content": f"{i} + {i}?"}], **fields} for i in range(n)]


def test_a_grader_field_no_example_has_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, rft(10, answer="2"))  # the grader reads reference_answer
    report = validate(path, method="reinforcement", grader=GRADER, tokens="estimate")
    assert not report.valid
    assert errors(report) == [(None, "reference_answer", "grader_field_unknown")]
    assert messages(report, "grader_field_unknown") == [
        "the grader reads {{item.reference_answer}}, but no example has 'reference_answer': every grade would read "
        "nothing"
    ]
    assert report.warning_counts["grader_field_missing"] == 10  # and each example is named


def test_a_grader_field_some_examples_lack_is_a_warning(tmp_path: Path) -> None:
    examples = rft(9, reference_answer="2") + rft(1)
    report = validate(write(tmp_path, examples), method="reinforcement", grader=GRADER, tokens="estimate")
    assert report.valid
    assert [(f.line, f.kind) for f in report.warnings] == [(10, "grader_field_missing")]


def test_the_validation_file_is_checked_for_grader_fields_too(tmp_path: Path) -> None:
    report = validate(
        write(tmp_path, rft(10, reference_answer="2")),
        method="reinforcement",
        validation_path=write(tmp_path, rft(2, answer="2"), "v.jsonl"),
        grader=GRADER,
        tokens="estimate",
    )
    assert [(f.file, f.kind) for f in report.errors] == [(str(tmp_path / "v.jsonl"), "grader_field_unknown")]


def test_the_grader_itself_is_checked_like_graders_validate(tmp_path: Path) -> None:
    path = write(tmp_path, rft(10, reference_answer="2"))
    bad = {**GRADER, "input": "{{sample.output_txt}}", "operation": "equals"}
    report = validate(path, method="reinforcement", grader=bad, tokens="estimate")
    assert not report.valid
    assert [(f.file, f.line, f.path, f.kind) for f in report.errors] == [
        ("grader", None, "grader.input", "invalid_grader")
    ]
    assert report.errors[0].message.startswith("'{{sample.output_txt}}' is not allowed; expected text whose references")
    assert "names no variable of the sample (output_text, " in report.errors[0].message
    # The same grader through the builders (ftkit.Grader) and as a generated model is accepted.
    built = ftkit.Grader.string_check("exact answer", "{{sample.output_text}}", "{{item.reference_answer}}", "eq")
    assert validate(path, method="reinforcement", grader=built, tokens="estimate").valid
    assert validate(path, method="reinforcement", grader=GRADER, tokens="estimate").valid


def test_a_grader_that_is_not_one_is_an_argument_error(tmp_path: Path) -> None:
    path = write(tmp_path, rft(10, reference_answer="2"))
    with pytest.raises(ftkit.ValidationError, match="grader"):
        validate(path, method="reinforcement", grader="exact")


# -- reserved special tokens ----------------------------------------------------------------------


@pytest.mark.parametrize("token", RESERVED_TOKENS)
def test_each_reserved_token_in_content_is_an_error(tmp_path: Path, token: str) -> None:
    examples = numbered(10)
    examples[3] = chat(f"please finish {token} this", "ok")
    report = validate(write(tmp_path, examples), tokens="estimate")
    assert errors(report) == [(4, "messages[1].content", "reserved_token")]
    assert messages(report, "reserved_token") == [f"holds {token}, a special token the API refuses in training"]
    assert report.stats.examples == 9 and report.stats.invalid_examples == 1


def test_reserved_tokens_are_found_anywhere_the_model_reads(tmp_path: Path) -> None:
    call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": '{"x": "<|endoftext|>"}'}}
    lines = [
        # Written by a serializer that escapes < and > (Go's encoding/json does): still found.
        '{"messages": [{"role": "user", "content": "a \\u003c|fim_suffix|\\u003e b"}, '
        '{"role": "assistant", "content": "x"}]}',
        json.dumps({"messages": [{"role": "user", "content": "u"}, {"role": "assistant", "tool_calls": [call]}]}),
        json.dumps(chat("u", [{"type": "text", "text": "<|fim_prefix|>"}])),
        json.dumps(
            chat("u", "a", tools=[{"type": "function", "function": {"name": "f", "description": "<|fim_middle|>"}}])
        ),
    ]
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(lines + [json.dumps(e) for e in numbered(10)]) + "\n")
    report = validate(path, tokens="estimate")
    assert errors(report) == [
        (1, "messages[0].content", "reserved_token"),
        (2, "messages[1].tool_calls[0].function.arguments", "reserved_token"),
        (3, "messages[2].content[0].text", "reserved_token"),
        (4, "tools[0].function.description", "reserved_token"),
    ]


def test_reserved_tokens_in_other_methods_and_fields_the_model_does_not_read(tmp_path: Path) -> None:
    pairs = [
        {
            "input": {"messages": [{"role": "user", "content": f"q{i}"}]},
            "preferred_output": [{"role": "assistant", "content": "<|endofprompt|>" if i == 0 else "good"}],
            "non_preferred_output": [{"role": "assistant", "content": "bad"}],
        }
        for i in range(10)
    ]
    dpo = validate(write(tmp_path, pairs), method="dpo", tokens="estimate")
    assert errors(dpo) == [(1, "preferred_output[0].content", "reserved_token")]
    completion = [{"prompt": f"p{i}", "completion": "<|endoftext|>" if i == 9 else "c"} for i in range(10)]
    assert errors(validate(write(tmp_path, completion), tokens="estimate")) == [(10, "completion", "reserved_token")]
    # A reference field only the grader reads, and text that merely looks alike, are fine.
    graded = rft(10, reference_answer="<|endoftext|>", note="a | b <|not a token|>")
    assert validate(write(tmp_path, graded), method="reinforcement", tokens="estimate").valid


# -- images ---------------------------------------------------------------------------------------


def png(color_type: int = 2) -> bytes:
    """A 1x1 PNG of the given colour type (2 RGB, 6 RGBA, 0 grayscale, 3 palette)."""
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, color_type, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00"))
        + chunk(b"IEND", b"")
    )


def jpeg(components: int) -> bytes:
    """The start of a baseline JPEG: SOI, an APP0 segment, then a frame header with ``components``."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 8 + 3 * components, 8, 1, 1, components) + b"\x01\x11\x00" * components
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def data_url(data: bytes, media_type: str = "image/png") -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode()}"


def image(url: str) -> dict[str, Any]:
    return {"type": "image_url", "image_url": {"url": url}}


def with_images(tmp_path: Path, *urls: str, **options: Any) -> Report:
    examples = [*numbered(9), chat([{"type": "text", "text": "what is this?"}, *map(image, urls)], "a cat")]
    return validate(write(tmp_path, examples), tokens="estimate", **options)


def image_findings(report: Report) -> list[tuple[int | None, str, str]]:
    return [(f.line, f.path, f.kind) for f in (*report.errors, *report.warnings)]


def test_usable_images_pass(tmp_path: Path) -> None:
    report = with_images(
        tmp_path,
        "https://example.com/cat.jpg",
        data_url(png(2)),
        data_url(png(6)),
        data_url(jpeg(3), "image/jpeg"),
        data_url(b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
    )
    assert report.valid and image_findings(report) == []


def test_at_most_ten_images_per_example(tmp_path: Path) -> None:
    assert MAX_IMAGES_PER_EXAMPLE == 10
    url = "https://example.com/cat.png"
    assert with_images(tmp_path, *[url] * 10).valid
    report = with_images(tmp_path, *[url] * 11)
    assert errors(report) == [(10, "messages", "too_many_images")]
    assert messages(report, "too_many_images") == [
        "11 images in one example; the limit is 10 (OpenAI's vision fine-tuning guide)"
    ]
    assert with_images(tmp_path, *[url] * 11, max_images_per_example=64).valid  # Azure OpenAI's limit


def test_an_image_over_10_mb_is_an_error(tmp_path: Path) -> None:
    big = png(2) + bytes(10 * 1024 * 1024)
    report = with_images(tmp_path, data_url(big))
    assert errors(report) == [(10, "messages[1].content[1].image_url.url", "image_too_large")]
    assert messages(report, "image_too_large") == ["the image is 10.0 MB; the limit is 10 MB per image"]
    assert with_images(tmp_path, data_url(png(2) + bytes(10 * 1024 * 1024 - 200))).valid


@pytest.mark.parametrize(
    ("url", "kind", "words"),
    [
        (data_url(b"GIF89a\x01\x00\x01\x00", "image/gif"), "unsupported_image_format", "'image/gif'"),
        (data_url(b"GIF89a\x01\x00\x01\x00", "image/png"), "unsupported_image_format", "GIF data"),
        (data_url(png(3)), "unsupported_image_mode", "palette (P)"),
        (data_url(png(0)), "unsupported_image_mode", "grayscale (L)"),
        (data_url(jpeg(1), "image/jpeg"), "unsupported_image_mode", "grayscale (L)"),
        (data_url(jpeg(4), "image/jpeg"), "unsupported_image_mode", "CMYK"),
        ("data:image/png;base64,@@@@", "invalid_image_data", "does not decode"),
        ("data:image/png,rawbytes", "invalid_image_url", "base64"),
        ("file:///home/me/cat.png", "invalid_image_url", "http(s)"),
    ],
)
def test_image_format_mode_and_url_errors(tmp_path: Path, url: str, kind: str, words: str) -> None:
    report = with_images(tmp_path, url)
    assert errors(report) == [(10, "messages[1].content[1].image_url.url", kind)]
    assert words in report.errors[0].message


def test_an_image_url_naming_a_refused_format_is_a_warning(tmp_path: Path) -> None:
    report = with_images(tmp_path, "https://example.com/anim.GIF?size=2")
    assert report.valid
    assert [(f.kind, f.message) for f in report.warnings] == [
        ("unsupported_image_format", "the URL names a GIF image; fine-tuning takes JPEG, PNG or WEBP only")
    ]


def test_no_images_in_assistant_messages(tmp_path: Path) -> None:
    examples = [*numbered(9), chat("draw a cat", [image("https://example.com/cat.png")])]
    report = validate(write(tmp_path, examples), tokens="estimate")
    assert errors(report) == [(10, "messages[2].content[0]", "image_in_assistant_message")]


def test_at_most_50000_examples_with_images(tmp_path: Path) -> None:
    line = json.dumps(chat([image("https://example.com/cat.png")], "a cat")) + "\n"
    path = tmp_path / "many.jsonl"
    path.write_text(line * 50_001)
    report = validate(path, tokens="estimate", check_duplicates=False)
    assert errors(report) == [(None, "", "too_many_image_examples")]
    assert "50,001 examples have images" in report.errors[0].message
