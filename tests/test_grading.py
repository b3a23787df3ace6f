"""The grader engine (``ftkit.grading``): each grader type against its documented semantics and
the graders guide's examples, the python grader's limits, a judge through the emulator's chat
completions, and the emulator grading with the same engine."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from typing import Any

import ftkit
import pytest
from ftkit.emulator import Emulator
from ftkit.grading import GradingOptions, PythonLimits, completion_sample, grade_local, text_sample

EXACT = {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}",
         "reference": "{{item.reference_answer}}", "operation": "eq"}  # fmt: skip


def string_check(operation: str) -> dict[str, Any]:
    return {**EXACT, "operation": operation}


def similarity(metric: str) -> dict[str, Any]:
    return {"type": "text_similarity", "name": "sim", "input": "{{sample.output_text}}",
            "reference": "{{item.reference_answer}}", "evaluation_metric": metric}  # fmt: skip


def reward(grader: dict[str, Any], output: str, reference: str) -> float:
    return grade_local(grader, item={"reference_answer": reference}, sample=text_sample(output)).reward


# -- string_check: documented semantics (graders guide: eq, ne case-sensitive; like contains,
# case-sensitive; ilike contains, case-insensitive) --------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "output", "reference", "expected"),
    [
        ("eq", "Paris", "Paris", 1.0),
        ("eq", "paris", "Paris", 0.0),
        ("ne", "paris", "Paris", 1.0),
        ("ne", "Paris", "Paris", 0.0),
        ("like", "The capital is Paris.", "Paris", 1.0),
        ("like", "The capital is paris.", "Paris", 0.0),
        ("ilike", "THE CAPITAL IS PARIS.", "Paris", 1.0),
        ("ilike", "Lyon", "Paris", 0.0),
    ],
)
def test_string_check_operations(operation: str, output: str, reference: str, expected: float) -> None:
    assert reward(string_check(operation), output, reference) == expected


# -- text_similarity: every metric, computed by its library -----------------------------------------


def test_fuzzy_match_is_rapidfuzz_ratio() -> None:
    from rapidfuzz import fuzz

    assert reward(similarity("fuzzy_match"), "kitten", "sitting") == pytest.approx(
        fuzz.ratio("kitten", "sitting") / 100
    )


def test_bleu_is_sacrebleu_and_rouge_is_rouge_score() -> None:
    import sacrebleu
    from rouge_score import rouge_scorer

    output, reference = "the cat sat on the mat today", "the cat sat on the mat"
    assert reward(similarity("bleu"), output, reference) == pytest.approx(
        sacrebleu.sentence_bleu(output, [reference]).score / 100
    )
    for metric, kind in (("rouge_1", "rouge1"), ("rouge_2", "rouge2"), ("rouge_3", "rouge3"), ("rouge_4", "rouge4"),
                         ("rouge_5", "rouge5"), ("rouge_l", "rougeL")):  # fmt: skip
        expected = rouge_scorer.RougeScorer([kind]).score(reference, output)[kind].fmeasure
        assert reward(similarity(metric), output, reference) == pytest.approx(expected), metric


def test_gleu_is_nltk() -> None:
    from nltk.translate.gleu_score import sentence_gleu

    output, reference = "the cat sat on a mat", "the cat sat on the mat"
    assert reward(similarity("gleu"), output, reference) == pytest.approx(
        sentence_gleu([reference.split()], output.split())
    )


@pytest.mark.parametrize("metric", ["fuzzy_match", "bleu", "gleu", "rouge_1", "rouge_2", "rouge_3", "rouge_4",
                                    "rouge_5", "rouge_l"])  # fmt: skip
def test_identical_texts_score_one_and_unrelated_ones_less(metric: str) -> None:
    text = "the quick brown fox jumps over the lazy dog near the river bank"
    assert reward(similarity(metric), text, text) == pytest.approx(1.0)
    assert reward(similarity(metric), "completely different words here", text) < 0.5


def test_meteor_without_wordnet_says_what_it_needs(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # nltk's WordNet comes from nltk's own download server, which no PyPI package replaces: without
    # it the library refuses with a message that says where to get it.
    import nltk
    from ftkit.grading import _metrics

    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    _metrics.wordnet.cache_clear()
    try:
        nltk.data.find("corpora/wordnet")
    except LookupError:
        pass
    else:  # pragma: no cover - a machine with WordNet elsewhere
        pytest.skip("nltk finds a WordNet corpus here")
    with pytest.raises(ftkit.MissingDependencyError, match=r"nltk.downloader wordnet"):
        reward(similarity("meteor"), "a cat", "a cat")
    _metrics.wordnet.cache_clear()


def test_meteor_without_synonyms_is_nltks_meteor_with_an_empty_wordnet() -> None:
    # The emulator's choice offline: nltk's METEOR with no synonym stage, and said so.
    from ftkit.grading._metrics import similarity as metric

    assert metric("meteor", "the cat sat on the mat", "the cat sat on the mat", synonyms=False) > 0.9
    assert metric("meteor", "a dog ran", "the cat sat on the mat", synonyms=False) == 0.0


# -- templates ---------------------------------------------------------------------------------------


def test_templates_read_item_paths_and_the_sample_namespace() -> None:
    grader = {**EXACT, "input": "{{ sample.output_json.answer }}", "reference": "{{item.answers[1].text}}"}
    item = {"answers": [{"text": "no"}, {"text": "42"}]}
    assert grade_local(grader, item=item, sample=text_sample('{"answer": "42"}')).reward == 1.0
    # A non-string value goes in as JSON.
    numeric = {**EXACT, "input": "{{sample.output_json.answer}}", "reference": "42"}
    assert grade_local(numeric, item={}, sample=text_sample('{"answer": 42}')).reward == 1.0


def test_a_missing_variable_scores_zero_with_its_flag() -> None:
    grade = grade_local(EXACT, item={}, sample=text_sample("Paris"))
    assert grade.reward == 0.0 and grade.errors == {"invalid_variable_error": True}
    assert "item.reference_answer" in grade.details["exact"]
    unparsed = {**EXACT, "input": "{{sample.output_json.answer}}"}
    grade = grade_local(unparsed, item={"reference_answer": "x"}, sample=text_sample("not json"))
    assert grade.errors == {"sample_parse_error": True}


def test_a_chat_completion_gives_the_sample_namespace() -> None:
    call = {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    completion = {"choices": [{"index": 0, "finish_reason": "tool_calls",
                               "message": {"role": "assistant", "content": None, "tool_calls": [call]}}]}  # fmt: skip
    sample = completion_sample(completion)
    assert sample["output_text"] == "" and sample["output_tools"] == [call] and sample["choices"][0]["index"] == 0
    grader = {**EXACT, "input": "{{sample.output_tools[0].function.name}}", "reference": "f"}
    assert grade_local(grader, sample=sample).reward == 1.0


# -- multi: the guide's formula language, evaluated without eval -------------------------------------


def test_multi_combines_its_graders_with_the_formula() -> None:
    grader = {
        "type": "multi",
        "name": "combined",
        "graders": {"exact": EXACT, "close": {**similarity("fuzzy_match"), "name": "close"}},
        "calculate_output": "0.5 * exact + 0.5 * close ^ 2 + min(exact, close) - abs(-0)",
    }
    grade = grade_local(grader, item={"reference_answer": "Paris"}, sample=text_sample("Paris"))
    assert grade.sub_rewards == {"exact": 1.0, "close": 1.0} and grade.reward == 2.0
    broken = {**grader, "calculate_output": "exact / (close - close)"}
    with pytest.raises(ftkit.ValidationError):  # a formula the builders' checks refuse is never graded
        grade_local({**grader, "calculate_output": "__import__('os')"}, sample=text_sample("x"))
    grade = grade_local(broken, item={"reference_answer": "Paris"}, sample=text_sample("Paris"))
    assert grade.reward == 0.0 and grade.errors == {"formula_parse_error": True}


# -- python: a separate process, with a time and a memory limit --------------------------------------

GUIDE_PYTHON = """from rapidfuzz import fuzz, utils

def grade(sample, item) -> float:
    output_text = sample["output_text"]
    reference_answer = item["reference_answer"]
    return fuzz.WRatio(output_text, reference_answer, processor=utils.default_process) / 100.0
"""


def python(source: str) -> dict[str, Any]:
    return {"type": "python", "name": "code", "source": source}


def test_the_guides_python_grader_runs() -> None:
    from rapidfuzz import fuzz, utils

    expected = fuzz.WRatio("Paris!", "paris", processor=utils.default_process) / 100
    assert reward(python(GUIDE_PYTHON), "Paris!", "paris") == pytest.approx(expected)


def test_a_python_grader_runs_in_another_process() -> None:
    source = "import os\ndef grade(sample, item):\n    return os.getpid() % 1000 / 1000\n"
    import os

    assert reward(python(source), "x", "y") != (os.getpid() % 1000) / 1000


@pytest.mark.parametrize(
    ("source", "flag", "detail"),
    [
        ("def grade(sample, item):\n    raise ValueError('boom')\n", "python_grader_runtime_error", "ValueError: boom"),
        ("def grade(sample, item):\n    return 'high'\n", "python_grader_runtime_error", "not a finite number"),
        ("def grade(sample, item):\n    return float('nan')\n", "python_grader_runtime_error", "not a finite number"),
    ],
)
def test_python_grader_errors_are_captured(source: str, flag: str, detail: str) -> None:
    grade = grade_local(python(source), sample=text_sample("x"))
    assert grade.reward == 0.0 and grade.errors == {flag: True} and detail in grade.details["code"]


def test_python_grader_time_limit() -> None:
    forever = python("def grade(sample, item):\n    while True:\n        pass\n")
    grade = grade_local(forever, sample=text_sample("x"), options=GradingOptions(python=PythonLimits(timeout=1)))
    assert grade.errors == {"python_grader_server_error": True}
    assert grade.details["code"].startswith("timeout") and grade.details["python_grader_server_error_type"] == "timeout"


@pytest.mark.skipif(sys.platform == "win32", reason="memory limits are POSIX resource limits")
def test_python_grader_memory_limit() -> None:
    hungry = python("def grade(sample, item):\n    block = bytearray(512 * 1024 * 1024)\n    return 1.0\n")
    limits = PythonLimits(timeout=60, memory_bytes=256 * 1024 * 1024)
    grade = grade_local(hungry, sample=text_sample("x"), options=GradingOptions(python=limits))
    assert grade.errors == {"python_grader_server_error": True} and grade.details["code"].startswith("memory")
    # Within the limit, the same grader passes.
    modest = python("def grade(sample, item):\n    block = bytearray(16 * 1024 * 1024)\n    return 1.0\n")
    assert grade_local(modest, sample=text_sample("x"), options=GradingOptions(python=limits)).reward == 1.0


def test_python_limits_are_checked() -> None:
    with pytest.raises(ValueError, match="timeout"):
        PythonLimits(timeout=0)
    with pytest.raises(ValueError, match="memory_bytes"):
        PythonLimits(memory_bytes=10)


def test_a_grader_needing_a_server_is_refused_without_a_client() -> None:
    with pytest.raises(ftkit.ValidationError, match="needs"):
        grade_local(similarity("cosine"), item={"reference_answer": "a"}, sample=text_sample("a"))


# -- model graders: a judge through chat completions (the emulator's) --------------------------------

SCORE = {
    "type": "score_model",
    "name": "judge",
    "model": "gpt-4o-2024-08-06",
    "input": [
        {"role": "system", "content": "Score the answer from 0 to 10."},
        {"role": "user", "content": [{"type": "input_text", "text": "Answer: {{sample.output_text}}"},
                                     {"type": "input_text", "text": "Reference: {{item.reference_answer}}"}]},
    ],
    "range": [0, 10],
    "sampling_params": {"temperature": 0, "seed": 7, "max_completions_tokens": 200},
}  # fmt: skip
LABEL = {
    "type": "label_model",
    "name": "sentiment",
    "model": "gpt-4o-mini-2024-07-18",
    "input": [{"role": "user", "content": "Statement: {{sample.output_text}}"}],
    "labels": ["positive", "neutral", "negative"],
    "passing_labels": ["positive"],
}


@pytest.fixture
def emulator() -> Any:
    with Emulator(clock="manual") as emulator:
        yield emulator


@pytest.fixture
def client(emulator: Emulator) -> Any:
    with ftkit.Client(api_key="k", transport=emulator.transport(), max_retries=1) as client:
        yield client


def test_a_score_model_asks_its_judge_through_chat_completions(emulator: Emulator, client: ftkit.Client) -> None:
    grade = client.graders.grade(SCORE, item={"reference_answer": "Paris"}, sample="Paris")
    assert 0 <= grade.reward <= 10 and grade.ok
    assert emulator.request_count("POST /chat/completions") == 1
    counts = grade.usage["gpt-4o-2024-08-06"]
    assert counts["total_tokens"] == counts["prompt_tokens"] + counts["completion_tokens"] > 0
    # The same sample, the same judge answer: the emulator's judge is deterministic.
    assert client.graders.grade(SCORE, item={"reference_answer": "Paris"}, sample="Paris").reward == grade.reward


def test_the_judge_request_carries_the_template_structured_output_and_sampling() -> None:
    from ftkit.grading._engine import judge_body

    body = judge_body(SCORE, {"reference_answer": "Paris"}, text_sample("Lyon"), GradingOptions())
    assert body["messages"][1]["content"] == [{"type": "text", "text": "Answer: Lyon"},
                                              {"type": "text", "text": "Reference: Paris"}]  # fmt: skip
    assert body["temperature"] == 0 and body["seed"] == 7 and body["max_completion_tokens"] == 200
    assert body["response_format"]["json_schema"]["schema"]["properties"]["result"]["type"] == "number"
    mapped = judge_body(
        SCORE, {"reference_answer": "P"}, text_sample("L"), GradingOptions(models={SCORE["model"]: "mine"})
    )
    assert mapped["model"] == "mine"


def test_a_judges_image_and_audio_parts_become_chat_parts_and_an_unknown_part_is_the_grades_error() -> None:
    from ftkit.grading._engine import grade_steps, judge_body, run_steps

    grader = {**SCORE, "input": [{"role": "user", "content": [
        "Does the picture match {{sample.output_text}}?",
        {"type": "input_image", "image_url": "{{item.picture}}", "detail": "low"},
        {"type": "input_audio", "input_audio": {"data": "{{item.clip}}", "format": "wav"}},
    ]}]}  # fmt: skip
    item = {"picture": "https://x.test/cat.png", "clip": "UklGRg=="}
    body = judge_body(grader, item, text_sample("a cat"), GradingOptions())
    assert body["messages"][0]["content"] == [
        {"type": "text", "text": "Does the picture match a cat?"},
        {"type": "image_url", "image_url": {"url": "https://x.test/cat.png", "detail": "low"}},
        {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
    ]
    odd = {**SCORE, "input": [{"role": "user", "content": [{"type": "input_video", "video": "v"}]}]}
    grade = run_steps(grade_steps(odd, item, text_sample("x")), lambda need: pytest.fail("nothing is asked"))
    assert grade.errors == {"other_error": True} and "input_video" in str(grade.details)


def test_a_label_model_passes_on_a_passing_label(client: ftkit.Client) -> None:
    grade = client.graders.grade(LABEL, sample="I love it")
    assert grade.reward in (0.0, 1.0) and grade.ok
    assert "gpt-4o-mini-2024-07-18" in grade.usage


def test_model_grader_answers_are_parsed_as_the_api_would(emulator: Emulator, client: ftkit.Client) -> None:
    # A judge that refuses, or answers no score, is the grade's error, not an exception.
    from ftkit.grading._engine import grade_steps, run_steps

    def judge(content: str | None, refusal: str | None = None) -> Any:
        message = {"role": "assistant", "content": content, "refusal": refusal}
        return {"model": "m", "choices": [{"index": 0, "message": message}], "usage": {"prompt_tokens": 1}}

    def graded(answer: Any) -> Any:
        return run_steps(grade_steps(SCORE, {"reference_answer": "x"}, text_sample("x")), lambda need: answer)

    assert graded(judge(json.dumps({"steps": [], "result": 12}))).reward == 10.0  # brought into the range
    assert graded(judge(None, "I can't")).errors == {"model_grader_refusal_error": True}
    assert graded(judge("seven")).errors == {"model_grader_parse_error": True}


def test_a_failed_judge_request_is_the_grades_error(emulator: Emulator, client: ftkit.Client) -> None:
    emulator.inject("POST /chat/completions", status=500)
    grade = client.graders.grade(SCORE, item={"reference_answer": "Paris"}, sample="Paris")
    assert grade.reward == 0.0 and grade.errors == {"model_grader_server_error": True}
    assert emulator.request_count("POST /chat/completions") == 2  # the client's one retry, then the grade


def test_cosine_asks_for_embeddings(emulator: Emulator, client: ftkit.Client) -> None:
    near = client.graders.grade(similarity("cosine"), item={"reference_answer": "the cat sat on the mat"},
                                sample="the cat sat on a mat")  # fmt: skip
    far = client.graders.grade(similarity("cosine"), item={"reference_answer": "the cat sat on the mat"},
                               sample="quarterly revenue grew")  # fmt: skip
    assert near.reward > far.reward and math.isclose(
        client.graders.grade(similarity("cosine"), item={"reference_answer": "same"}, sample="same").reward, 1.0
    )
    assert emulator.request_count("POST /embeddings") == 3


async def test_the_async_client_grades_too(emulator: Emulator) -> None:
    async with ftkit.AsyncClient(api_key="k", transport=emulator.transport()) as client:
        judged = await client.graders.grade(SCORE, item={"reference_answer": "Paris"}, sample="Paris")
        assert 0 <= judged.reward <= 10
        coded = await client.graders.grade(python("def grade(sample, item):\n    return 0.25\n"), sample="x")
        assert coded.reward == 0.25


def test_many_grades_at_once_with_a_driver_bound(emulator: Emulator, client: ftkit.Client) -> None:
    # What an evaluation does: one flow per answer, run together with a bound on what is in flight.
    from ftkit._flow import SyncDriver
    from ftkit.grading import grade_flow, grader_json

    graders = [grader_json(SCORE), grader_json(python("def grade(sample, item):\n    return 0.5\n"))]
    flows = [grade_flow(g, {"reference_answer": "a"}, text_sample(f"a{i}")) for i in range(4) for g in graders]
    driver = SyncDriver(client._http)
    grades = driver.run_all(flows, max_in_flight=3)
    assert [g.type for g in grades] == ["score_model", "python"] * 4 and all(g.ok for g in grades)
    assert emulator.request_count("POST /chat/completions") == 4


# -- one engine: the emulator's graders/run and reinforcement rewards ---------------------------------


@pytest.mark.parametrize("metric", ["fuzzy_match", "bleu", "gleu", "rouge_1", "rouge_3", "rouge_l"])
def test_the_emulators_graders_run_is_the_engines_grade(client: ftkit.Client, metric: str) -> None:
    item = {"reference_answer": "the cat sat on the mat"}
    answer = client.graders.run(grader=similarity(metric), model_sample="a cat sat on the mat", item=item)
    assert answer.reward == reward(similarity(metric), "a cat sat on the mat", "the cat sat on the mat")


def test_the_emulators_graders_run_really_runs_python(client: ftkit.Client) -> None:
    source = "def grade(sample, item):\n    return len(sample['output_text']) / 100\n"
    assert client.graders.run(grader=python(source), model_sample="x" * 37).reward == pytest.approx(0.37)
    failing = client.graders.run(grader=python("def grade(sample, item):\n    return 1 / 0\n"), model_sample="x")
    errors = failing.to_dict()["metadata"]["errors"]
    assert (
        errors["python_grader_runtime_error"] and "ZeroDivisionError" in errors["python_grader_runtime_error_details"]
    )


def test_the_emulators_rewards_come_from_the_engine() -> None:
    # A reinforcement step grades 4 samples of one item: right, half or a non-answer. Each sample's
    # reward is the engine's grade of it, so the step's mean is a mean of those three grades.
    from ftkit.emulator._rewards import NON_ANSWER, SAMPLES_PER_PROMPT, simulate

    grader = similarity("bleu")
    reference = "the quick brown fox jumps over the lazy dog"
    item = {"reference_answer": reference}
    grades = {reward(grader, text, reference) for text in (reference, "the quick brown fox jumps", NON_ANSWER)}
    assert len(grades) == 3
    rows = simulate(grader, [item], [], total_steps=5, batch_size=1, eval_interval=10, seed="s")
    means = [row["train_mean_reward"] for row in rows]
    possible = {
        sum(combo) / SAMPLES_PER_PROMPT
        for combo in __import__("itertools").combinations_with_replacement(sorted(grades), SAMPLES_PER_PROMPT)
    }
    assert all(any(math.isclose(mean, p) for p in possible) for mean in means), (means, possible)


def test_the_cli_grades_locally_without_a_key(tmp_path: Any) -> None:
    grader = tmp_path / "grader.json"
    grader.write_text(json.dumps({
        "type": "multi", "name": "m", "calculate_output": "0.5 * exact + 0.5 * code",
        "graders": {"exact": {**EXACT, "name": "exact"},
                    "code": python("def grade(sample, item):\n    return 0.5\n")},
    }))  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "ftkit.cli", "graders", "run", str(grader), "--sample", "Paris",
         "--item", '{"reference_answer": "Paris"}', "--local", "--json"],
        capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["reward"] == 0.75 and answer["sub_rewards"] == {"exact": 1.0, "code": 0.5}


async def test_the_async_driver_bounds_grades_and_their_processes(emulator: Emulator) -> None:
    from ftkit._flow import AsyncDriver
    from ftkit.grading import grade_flow, grader_json

    async with ftkit.AsyncClient(api_key="k", transport=emulator.transport()) as client:
        graders = [grader_json(SCORE), grader_json(python("def grade(sample, item):\n    return 0.5\n"))]
        flows = [grade_flow(g, {"reference_answer": "a"}, text_sample(f"a{i}")) for i in range(3) for g in graders]
        grades = await AsyncDriver(client._http).run_all(flows, max_in_flight=2)
    assert [g.reward for g in grades][1::2] == [0.5, 0.5, 0.5] and all(g.ok for g in grades)
