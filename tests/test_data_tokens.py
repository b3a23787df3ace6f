"""Token counting: model -> encoding, the estimate, and tiktoken when its encoding loads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ftkit.data import context_length_for_model, encoding_for_model, get_counter, validate
from ftkit.data._tokens import load_encoding

DATA = Path(__file__).parent / "fixtures" / "data"


def _encoding_available(name: str) -> bool:
    return load_encoding(name)[0] is not None


O200K = _encoding_available("o200k_base")
needs_o200k = pytest.mark.skipif(not O200K, reason="tiktoken's o200k_base encoding can't be loaded here")
without_o200k = pytest.mark.skipif(O200K, reason="o200k_base is available here")


@pytest.mark.parametrize(
    ("model", "encoding"),
    [
        (None, "o200k_base"),
        ("gpt-4o-mini-2024-07-18", "o200k_base"),
        ("gpt-4o-2024-08-06", "o200k_base"),
        ("gpt-4.1-nano-2025-04-14", "o200k_base"),
        ("ft:gpt-4.1-mini-2025-04-14:acme:x:abc", "o200k_base"),
        ("o4-mini-2025-04-16", "o200k_base"),
        ("gpt-3.5-turbo-0125", "cl100k_base"),
        ("gpt-4-0613", "cl100k_base"),
        ("davinci-002", "cl100k_base"),
    ],
)
def test_encoding_for_model(model: str | None, encoding: str) -> None:
    assert encoding_for_model(model) == (encoding, True)


@pytest.mark.parametrize(
    ("model", "limit"),
    [
        ("gpt-4.1-2025-04-14", 65_536),
        ("gpt-4.1", 65_536),
        ("gpt-4.1-mini-2025-04-14", 65_536),
        ("ft:gpt-4.1-nano-2025-04-14:acme:x:abc", 32_768),
        ("o4-mini-2025-04-16", 65_536),
        ("gpt-4o-2024-08-06", 65_536),
        ("gpt-4o-mini-2024-07-18", 65_536),
        ("gpt-4o-mini", 65_536),
        ("gpt-3.5-turbo-0125", 16_385),
        ("gpt-3.5-turbo-1106", 16_385),
        ("gpt-3.5-turbo", 16_385),
        ("gpt-3.5-turbo-0613", 4_096),
        ("davinci-002", 16_384),
        ("gpt-4o-2024-05-13", None),  # not fine-tunable: no documented limit, no guess
        ("some-new-model", None),
        (None, None),
    ],
)
def test_context_lengths(model: str | None, limit: int | None) -> None:
    assert context_length_for_model(model) == limit


def test_a_gpt_4_1_nano_example_over_its_limit_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    line = {"messages": [{"role": "user", "content": "x " * 70_000}, {"role": "assistant", "content": "y"}]}
    path.write_text((json.dumps(line) + "\n") * 10)
    report = validate(path, model="gpt-4.1-nano-2025-04-14", tokens="estimate")
    assert report.stats.context_length == 32_768
    assert report.stats.examples_over_context == 10
    assert report.warning_counts["over_context_length"] == 10


def test_estimate_is_deterministic() -> None:
    counter = get_counter("o200k_base", "estimate")
    assert counter.estimated
    assert [counter.count(s) for s in ("", "a", "abcd", "abcde", "x" * 400)] == [0, 1, 1, 2, 100]


def test_failed_load_is_fast_and_remembered() -> None:
    before = load_encoding.cache_info()
    encoding, reason = load_encoding("ftkit_no_such_encoding")
    # Fast: it failed by itself (tiktoken refused the name), not by waiting out its time limit.
    assert encoding is None and reason and "within" not in reason
    assert load_encoding("ftkit_no_such_encoding") == (None, reason)
    assert load_encoding.cache_info().hits == before.hits + 1  # remembered: asked once


@without_o200k
def test_auto_falls_back_to_an_estimate_that_says_so() -> None:
    report = validate(DATA / "chat_valid.jsonl")
    assert report.tokens_estimated
    assert "ESTIMATES" in report.to_text()
    assert any(note.startswith("Why estimates: ") for note in report.notes)


@without_o200k
def test_exact_raises_when_tiktoken_cannot_load() -> None:
    with pytest.raises(RuntimeError, match="tokens='exact'"):
        validate(DATA / "chat_valid.jsonl", tokens="exact")


@needs_o200k
def test_exact_counts_with_tiktoken() -> None:
    counter = get_counter("o200k_base", "exact")
    assert not counter.estimated
    assert counter.count("hello world") == 2
    report = validate(DATA / "chat_stats.jsonl", model="gpt-4o-mini-2024-07-18", tokens="exact")
    assert not report.tokens_estimated
    assert "o200k_base encoding" in report.to_text()
    assert report.stats.total_tokens > 0
