"""``client.evaluation`` against the emulator: recording, resuming exactly, refusing a different
run, failures per example, a 429 storm, the cost estimate, the budget on the manual clock,
grading, comparing."""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ftkit
import pytest
from ftkit.cli._samples import EVAL_GRADER, write_eval_samples
from ftkit.emulator import Emulator
from ftkit.evaluation import EvalProgress, Price, compare_runs, estimate, read_examples
from ftkit.evaluation._cost import TokenCount

CHAT = "POST /chat/completions"
BASE = "gpt-4o-mini-2024-07-18"


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    emulator = Emulator(clock="manual")
    yield emulator
    emulator.close()


@pytest.fixture
def client(emulator: Emulator) -> Iterator[ftkit.Client]:
    with ftkit.Client(api_key="sk-test", transport=emulator.transport()) as client:
        yield client


@pytest.fixture
def data(tmp_path: Path) -> Any:
    return write_eval_samples(tmp_path / "data")


@pytest.fixture
def fine_tuned(client: ftkit.Client, emulator: Emulator, data: Any) -> str:
    job = client.jobs.create_from_files(model=BASE, training_file=data.training)
    model: str = emulator.run_until(job.id)["fine_tuned_model"]
    return model


def lines(directory: Path) -> list[dict[str, Any]]:
    text = (directory / "results.jsonl").read_text()
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def answers(directory: Path) -> dict[int, tuple[str, str, float | None]]:
    return {r["id"]: (r["status"], r.get("answer"), r.get("score")) for r in lines(directory)}


# -- the examples of a data file -------------------------------------------------------------------


def test_every_format_gives_its_prompt_reference_and_item(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    rows = [
        {"messages": [{"role": "system", "content": "Be brief"}, {"role": "user", "content": "2+2?"},
                      {"role": "assistant", "content": "4"}]},
        {"messages": [{"role": "user", "content": "Capital of France?"}], "answer": "Paris"},
        {"input": {"messages": [{"role": "user", "content": "Hi"}]},
         "preferred_output": [{"role": "assistant", "content": "Hello!"}],
         "non_preferred_output": [{"role": "assistant", "content": "Go away."}]},
    ]  # fmt: skip
    path.write_text("".join(json.dumps(r) + "\n" for r in rows[:2]) + "\n" + json.dumps(rows[2]) + "\n")
    found = list(read_examples(path))
    assert [(e.id, e.kind) for e in found] == [(1, "supervised"), (2, "reinforcement"), (4, "dpo")]
    assert found[0].messages == rows[0]["messages"][:2] and found[0].reference == "4"
    assert found[1].item == {"answer": "Paris"} and found[1].reference is None
    assert found[2].reference == "Hello!" and found[2].item == {"non_preferred": "Go away."}


@pytest.mark.parametrize(
    ("line", "problem"),
    [("not json", "not JSON"), ('{"prompt": "a", "completion": "b"}', "chat completions do not serve"),
     ('{"messages": [{"role": "assistant", "content": "x"}]}', "no prompt")],
)  # fmt: skip
def test_a_line_that_is_no_example_is_refused_by_its_number(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"messages": [{"role": "user", "content": "ok"}]}\n' + line + "\n")
    with pytest.raises(ftkit.ValidationError, match=rf"bad.jsonl:2.*{problem}"):
        list(read_examples(path))


# -- a run -----------------------------------------------------------------------------------------


def test_a_run_records_every_answer_with_its_grade_and_what_was_run(
    client: ftkit.Client, emulator: Emulator, data: Any, fine_tuned: str, tmp_path: Path
) -> None:
    progress: list[EvalProgress] = []
    out = tmp_path / "ft"
    result = client.evaluation.run(data.held_out, model=fine_tuned, out=out, grader=EVAL_GRADER, concurrency=4,
                                   temperature=0, seed=7, on_progress=progress.append)  # fmt: skip
    assert (result.examples, result.answered, result.sent, result.failed) == (50, 50, 50, 0)
    assert emulator.request_count(CHAT) == 50
    records = lines(out)
    assert sorted(r["id"] for r in records) == list(range(1, 51))
    first = next(r for r in records if r["id"] == 1)
    assert first["status"] == "answered" and first["messages"][-1]["role"] == "user" and first["reference"]
    assert (
        first["usage"]["prompt_tokens"] > 0 and first["latency_s"] >= 0 and first["grade"]["type"] == "text_similarity"
    )
    assert first["system_fingerprint"] == "fp_ftkit_emulator_simulated"
    assert result.mean_score == pytest.approx(sum(r["score"] for r in records) / 50)
    run = json.loads((out / "run.json").read_text())
    assert run["model"] == fine_tuned and run["server"] == "https://api.openai.com/v1"
    assert run["data"]["sha256"] == ftkit.evaluation._examples.file_digest(data.held_out)
    assert run["grader"]["evaluation_metric"] == "fuzzy_match" and run["ftkit_version"] == ftkit.__version__
    assert run["parameters"] == {"temperature": 0, "seed": 7, "limit": None}
    assert progress[0].stage == "estimated" and progress[0].estimate is not None
    assert progress[-1].stage == "done" and progress[-1].done == 50


def test_a_fine_tune_beats_its_base_on_held_out_data(
    client: ftkit.Client, data: Any, fine_tuned: str, tmp_path: Path
) -> None:
    client.evaluation.run(data.held_out, model=BASE, out=tmp_path / "base", grader=EVAL_GRADER)
    client.evaluation.run(data.held_out, model=fine_tuned, out=tmp_path / "ft", grader=EVAL_GRADER)
    comparison = client.evaluation.compare(tmp_path / "base", tmp_path / "ft")
    assert comparison.mode == "paired" and comparison.paired == 50
    assert comparison.b.mean is not None and comparison.a.mean is not None and comparison.b.mean > comparison.a.mean
    assert (
        comparison.interval is not None
        and 0 < comparison.interval[0] <= comparison.difference <= comparison.interval[1]
    )
    assert comparison.wins + comparison.ties + comparison.losses == 50 and len(comparison.changed) == 10
    # Seeded: the same runs give the same interval; another seed another (close) one.
    again = ftkit.evaluation.compare(tmp_path / "base", tmp_path / "ft")
    assert again.interval == comparison.interval
    assert ftkit.evaluation.compare(tmp_path / "base", tmp_path / "ft", seed=1).interval != comparison.interval


def test_a_rerun_sends_only_what_is_missing_and_equals_an_uninterrupted_run(
    client: ftkit.Client, emulator: Emulator, data: Any, fine_tuned: str, tmp_path: Path
) -> None:
    whole = tmp_path / "whole"
    client.evaluation.run(data.held_out, model=fine_tuned, out=whole, grader=EVAL_GRADER)
    sent = emulator.request_count(CHAT)

    def interrupt(progress: EvalProgress) -> None:
        if progress.stage == "example" and progress.sent == 20:
            raise KeyboardInterrupt  # thrown into the run as Ctrl-C would be

    resumed = tmp_path / "resumed"
    with pytest.raises(KeyboardInterrupt):
        client.evaluation.run(data.held_out, model=fine_tuned, out=resumed, grader=EVAL_GRADER, concurrency=4,
                              on_progress=interrupt)  # fmt: skip
    recorded = len(lines(resumed))  # every line whole (lines() checks the last newline)
    assert 20 <= recorded < 50
    before = emulator.request_count(CHAT)
    result = client.evaluation.run(data.held_out, model=fine_tuned, out=resumed, grader=EVAL_GRADER)
    assert emulator.request_count(CHAT) - before == 50 - recorded == result.sent
    assert result.skipped == recorded and result.answered == 50
    assert answers(resumed) == answers(whole)
    assert before - sent == recorded  # the interrupted run sent nothing it did not record
    # And a third time: nothing to send.
    assert client.evaluation.run(data.held_out, model=fine_tuned, out=resumed, grader=EVAL_GRADER).sent == 0
    assert emulator.request_count(CHAT) - before == 50 - recorded


@pytest.mark.parametrize("cut", ["mid-line", "whole last line", "everything"])
def test_a_line_cut_short_by_a_crash_is_dropped_and_its_example_sent_again(
    client: ftkit.Client, emulator: Emulator, data: Any, tmp_path: Path, cut: str
) -> None:
    # A process killed while appending (power loss, SIGKILL): results.jsonl ends mid-line.
    out = tmp_path / "run"
    client.evaluation.run(data.held_out, model=BASE, out=out, limit=10, seed=1)
    whole = answers(out)
    results = out / "results.jsonl"
    text = results.read_bytes()
    last = text.rstrip(b"\n").rfind(b"\n") + 1  # where the last line starts
    kept = {"mid-line": text[: last + 15], "whole last line": text[:-1], "everything": text[:20]}[cut]
    results.write_bytes(kept)
    whole_lines = kept.count(b"\n")
    sent = emulator.request_count(CHAT)
    result = client.evaluation.run(data.held_out, model=BASE, out=out, limit=10, seed=1)
    assert result.sent == 10 - whole_lines == emulator.request_count(CHAT) - sent
    assert answers(out) == whole  # every line whole again, the same answers


@pytest.mark.parametrize(
    ("content", "problem"),
    [("{not json", "is not JSON"), ('{"format": "something else"}', "is not an ftkit evaluation run")],
)
def test_a_run_json_that_does_not_read_is_a_clear_error(
    client: ftkit.Client, emulator: Emulator, data: Any, tmp_path: Path, content: str, problem: str
) -> None:
    out = tmp_path / "run"
    out.mkdir()
    (out / "run.json").write_text(content)
    with pytest.raises(ftkit.FtkitError, match=problem):
        client.evaluation.run(data.held_out, model=BASE, out=out, limit=3)
    with pytest.raises(ftkit.FtkitError, match=problem):
        client.evaluation.grade(out, grader=EVAL_GRADER)
    assert emulator.request_count() == 0 and (out / "run.json").read_text() == content  # left as it was


def test_a_larger_limit_extends_a_run(client: ftkit.Client, emulator: Emulator, data: Any, tmp_path: Path) -> None:
    out = tmp_path / "base"
    assert client.evaluation.run(data.held_out, model=BASE, out=out, limit=10).sent == 10
    result = client.evaluation.run(data.held_out, model=BASE, out=out, limit=25)
    assert (result.sent, result.skipped, result.examples) == (15, 10, 25) and emulator.request_count(CHAT) == 25


@pytest.mark.parametrize(
    ("change", "argument"),
    [({"model": "gpt-4.1-mini-2025-04-14"}, "model"), ({"temperature": 1}, "temperature"),
     ({"grader": {**EVAL_GRADER, "evaluation_metric": "bleu"}}, "grader"), ({"data": "other"}, "data"),
     ({"max_completion_tokens": 5}, "max_completion_tokens")],
)  # fmt: skip
def test_a_different_run_in_the_same_directory_is_refused_before_anything_is_sent(
    client: ftkit.Client, emulator: Emulator, data: Any, tmp_path: Path, change: dict[str, Any], argument: str
) -> None:
    out = tmp_path / "run"
    client.evaluation.run(data.held_out, model=BASE, out=out, grader=EVAL_GRADER, limit=5, temperature=0)
    arguments: dict[str, Any] = {"model": BASE, "grader": EVAL_GRADER, "temperature": 0, **change}
    source = data.held_out
    if arguments.pop("data", None):
        source = tmp_path / "other.jsonl"
        source.write_text(data.held_out.read_text().replace("capital", "capital city"))
    sent = emulator.request_count(CHAT)
    with pytest.raises(ftkit.ValidationError, match=rf"^{argument}: .*run\.json records"):
        client.evaluation.run(source, out=out, limit=5, **arguments)
    assert emulator.request_count(CHAT) == sent
    assert len(lines(out)) == 5


def test_a_final_refusal_is_that_examples_error_and_the_run_goes_on(
    client: ftkit.Client, emulator: Emulator, data: Any, tmp_path: Path
) -> None:
    emulator.inject(CHAT, status=400, times=3)
    out = tmp_path / "base"
    result = client.evaluation.run(data.held_out, model=BASE, out=out, grader=EVAL_GRADER, concurrency=1)
    assert (result.answered, result.failed, result.retryable) == (47, 3, 0)
    failed = [r for r in lines(out) if r["status"] == "failed"]
    assert [r["error"]["status"] for r in failed] == [400, 400, 400] and all("grade" not in r for r in failed)
    assert emulator.request_count(CHAT) == 50  # a 400 is not retried
    # A failure for good counts 0 in the mean, and a rerun does not send it again.
    scores = [r["score"] for r in lines(out) if r["status"] == "answered"]
    assert result.mean_score == pytest.approx(sum(scores) / 50)
    assert client.evaluation.run(data.held_out, model=BASE, out=out, grader=EVAL_GRADER).sent == 0


def test_a_429_storm_slows_the_run_and_loses_nothing(
    client: ftkit.Client, emulator: Emulator, data: Any, tmp_path: Path
) -> None:
    # Every request answered 429 until 40 have been. On the emulator's manual clock the client's
    # waits advance that clock instead of sleeping, so one example may meet many of them:
    # max_retries=40 lets any one example ride out the whole storm.
    storm = emulator.inject(CHAT, status=429, times=40, retry_after=0.01)
    result = client.evaluation.run(data.held_out, model=BASE, out=tmp_path / "base", concurrency=8, max_retries=40)
    assert storm.fired == 40
    assert (result.answered, result.failed, result.retryable) == (50, 0, 0)
    assert emulator.request_count(CHAT) == 50 + storm.fired  # every extra request a retry of the client's policy


def test_a_failure_that_may_pass_is_sent_again_by_a_rerun(
    client: ftkit.Client, emulator: Emulator, data: Any, tmp_path: Path
) -> None:
    emulator.inject(CHAT, status=503, times=4)
    out = tmp_path / "base"
    result = client.evaluation.run(data.held_out, model=BASE, out=out, concurrency=1, limit=10, max_retries=1)
    assert (result.answered, result.retryable) == (8, 2)
    again = client.evaluation.run(data.held_out, model=BASE, out=out, concurrency=1, limit=10, max_retries=1)
    assert (again.sent, again.answered, again.retryable) == (2, 10, 0)
    assert len(lines(out)) == 10  # the retried examples' lines replaced the failed ones


def test_an_unknown_model_stops_the_run(client: ftkit.Client, emulator: Emulator, data: Any, tmp_path: Path) -> None:
    with pytest.raises(ftkit.NotFoundError):
        client.evaluation.run(data.held_out, model="ft:gpt-4o-mini-2024-07-18:nobody::none", out=tmp_path / "x",
                              concurrency=2)  # fmt: skip
    assert emulator.request_count(CHAT) <= 2


# -- money and time -------------------------------------------------------------------------------


def test_the_estimate_counts_the_prompts_and_bounds_the_answers(data: Any) -> None:
    found = estimate(data.held_out, model="ft:gpt-4o-mini-2024-07-18:org::x", max_completion_tokens=100,
                     tokens="estimate")  # fmt: skip
    count = TokenCount(BASE, "estimate")
    prompts = sum(count.prompt(e.messages) for e in read_examples(data.held_out))
    assert (found.examples, found.prompt_tokens, found.completion_tokens_max) == (50, prompts, 5000)
    # The fine-tuned price (OpenAI's pricing page): 0.30 in, 1.20 out per million tokens.
    assert found.price == Price(0.30, 1.20, 0.15)
    assert found.cost_max == pytest.approx((prompts * 0.30 + 5000 * 1.20) / 1e6)
    assert found.cost_expected is not None and found.cost_expected < found.cost_max


def test_a_run_above_max_cost_is_refused_before_anything_is_sent(
    client: ftkit.Client, emulator: Emulator, data: Any, tmp_path: Path
) -> None:
    with pytest.raises(
        ftkit.ValidationError, match=r"^max_cost: 0\.001 .*819,200 completion tokens may cost up to \$0\.49"
    ):
        client.evaluation.run(data.held_out, model=BASE, out=tmp_path / "a", max_cost=0.001)
    with pytest.raises(ftkit.ValidationError, match="nothing bounds"):
        client.evaluation.run(data.held_out, model="o3-pro-unknown", out=tmp_path / "b", max_cost=1,
                              prices={"o3-pro-unknown": (1.0, 2.0)})  # fmt: skip
    with pytest.raises(ftkit.ValidationError, match="no price is known"):
        client.evaluation.run(data.held_out, model="my-deployment", out=tmp_path / "c", max_cost=1,
                              max_completion_tokens=10)  # fmt: skip
    assert emulator.request_count(CHAT) == 0 and not (tmp_path / "a").exists()
    # Within the bound it runs.
    result = client.evaluation.run(data.held_out, model=BASE, out=tmp_path / "d", max_cost=1, max_completion_tokens=50)
    assert result.answered == 50 and result.cost is not None and result.cost <= result.estimate.cost_max  # type: ignore[operator]


def test_the_budget_keeps_requests_per_minute_on_the_manual_clock(
    emulator: Emulator, data: Any, tmp_path: Path
) -> None:
    async def main() -> None:
        async with ftkit.AsyncClient(api_key="sk-test", transport=emulator.transport()) as client:
            await client.evaluation.run(data.held_out, model=BASE, out=tmp_path / "base", limit=30, concurrency=4,
                                        requests_per_minute=12)  # fmt: skip

    started = emulator.now()
    asyncio.run(main())
    times = sorted(r.at for r in emulator.requests if r.endpoint == CHAT)
    assert len(times) == 30
    # No 60-second window holds more than 12 requests, and the run took the time that needs.
    assert all(sum(1 for t in times if start <= t < start + 60) <= 12 for start in times)
    assert times[-1] - started >= 29 * 5 - 1e-6


def test_the_async_client_runs_the_same_evaluation(emulator: Emulator, data: Any, tmp_path: Path) -> None:
    async def main() -> Any:
        async with ftkit.AsyncClient(api_key="sk-test", transport=emulator.transport()) as client:
            return await client.evaluation.run(data.held_out, model=BASE, out=tmp_path / "base", grader=EVAL_GRADER)

    result = asyncio.run(main())
    assert result.answered == 50 and result.mean_score is not None


def test_azure_deployments_are_asked_on_their_path(data: Any, tmp_path: Path) -> None:
    with Emulator(clock="manual", flavor="azure") as emulator, ftkit.AzureClient(
        azure_endpoint="https://example.openai.azure.com", api_version="2024-10-21", api_key="k",
        transport=emulator.transport(),
    ) as client:  # fmt: skip
        result = client.evaluation.run(data.held_out, model=BASE, out=tmp_path / "azure", limit=5)
        assert result.answered == 5
        assert {r.path for r in emulator.requests if r.endpoint and "chat" in r.endpoint} == {
            f"/openai/deployments/{BASE}/chat/completions"}  # fmt: skip
    run = json.loads((tmp_path / "azure" / "run.json").read_text())
    assert run["server_info"] == {"azure": True, "api_version": "2024-10-21"}


def test_arguments_are_checked_before_anything_is_read(client: ftkit.Client, data: Any, tmp_path: Path) -> None:
    for bad, argument in (
        ({"temperature": 3}, "temperature"),
        ({"concurrency": 0}, "max_in_flight"),
        ({"limit": 0}, "limit"),
        ({"max_cost": -1}, "max_cost"),
        ({"grader": {"type": "x"}}, "grader"),
        ({"requests_per_minute": 0}, "requests_per_minute"),
        ({"prices": {"m": "free"}}, "prices"),
    ):
        with pytest.raises(ftkit.ValidationError, match=f"^{argument}"):
            client.evaluation.run(data.held_out, model=BASE, out=tmp_path / "x", **bad)
    with pytest.raises(ftkit.ValidationError, match=r"^data"):
        client.evaluation.run(tmp_path / "missing.jsonl", model=BASE, out=tmp_path / "x")
    assert not (tmp_path / "x").exists()


# -- grading and comparing ---------------------------------------------------------------------------


JUDGE = {
    "type": "score_model", "name": "judge", "model": "gpt-4o-2024-08-06", "range": [0, 1],
    "input": [{"role": "system", "content": "Score from 0 to 1 how well the answer matches the reference."},
              {"role": "user", "content": "Answer: {{sample.output_text}}\nReference: {{item.reference}}"}],
}  # fmt: skip


def test_a_recording_is_graded_later_and_a_grading_resumes(
    client: ftkit.Client, emulator: Emulator, data: Any, tmp_path: Path
) -> None:
    out = tmp_path / "base"
    recorded = client.evaluation.run(data.held_out, model=BASE, out=out, limit=20)
    assert recorded.mean_score is None and all("grade" not in r for r in lines(out))
    asked = emulator.request_count(CHAT)

    def interrupt(progress: EvalProgress) -> None:
        if progress.stage == "example" and progress.sent == 8:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        client.evaluation.grade(out, grader=JUDGE, concurrency=2, on_progress=interrupt)
    judged = emulator.request_count(CHAT) - asked
    kept = len(lines(out)) - 20  # the grades the interrupted grading recorded (appended lines)
    result = client.evaluation.grade(out, grader=JUDGE)
    # The only requests are the judge's; an answer the interrupted grading judged is not judged again.
    assert 8 <= kept == judged == result.skipped and result.graded + result.skipped == 20
    assert emulator.request_count(CHAT) - asked == 20
    records = lines(out)
    assert len(records) == 20 and all(r["grade"]["name"] == "judge" for r in records)
    assert json.loads((out / "run.json").read_text())["grader"]["name"] == "judge"
    assert result.mean_score == pytest.approx(sum(r["score"] for r in records) / 20)


def test_a_comparison_by_a_grader_of_its_own_and_by_a_reference_run(
    client: ftkit.Client, data: Any, fine_tuned: str, tmp_path: Path
) -> None:
    client.evaluation.run(data.held_out, model=BASE, out=tmp_path / "base", limit=20)
    client.evaluation.run(data.held_out, model=fine_tuned, out=tmp_path / "ft", limit=20)
    with pytest.raises(ftkit.ValidationError, match=r"^a: .*a graded run"):
        compare_runs(tmp_path / "base", tmp_path / "ft")
    graded = ftkit.evaluation.compare(tmp_path / "base", tmp_path / "ft", grader=EVAL_GRADER)
    assert (
        graded.difference is not None
        and graded.difference > 0
        and graded.grader == "text_similarity close_to_reference"
    )
    # Nothing was written to the runs.
    assert all("grade" not in r for r in lines(tmp_path / "ft"))
    # B (the base) graded against A's (the fine-tune's) answers: does it answer like A?
    agreement = ftkit.evaluation.compare(tmp_path / "ft", tmp_path / "base", reference_run=tmp_path / "ft")
    assert agreement.mode == "reference" and agreement.paired == 20
    assert agreement.difference is not None and agreement.difference < 0.6 and agreement.ties == 0
    itself = ftkit.evaluation.compare(tmp_path / "ft", tmp_path / "ft", reference_run=tmp_path / "ft")
    assert itself.difference == pytest.approx(1.0) and itself.ties == 20
    with pytest.raises(ftkit.ValidationError, match=r"^grader: 'judge'.*needs a client"):
        ftkit.evaluation.compare(tmp_path / "base", tmp_path / "ft", grader=JUDGE)
    judged = client.evaluation.compare(tmp_path / "base", tmp_path / "ft", grader=JUDGE)
    assert judged.paired == 20


def test_runs_on_different_data_are_not_compared(client: ftkit.Client, data: Any, tmp_path: Path) -> None:
    other = tmp_path / "other.jsonl"
    other.write_text("".join(data.held_out.read_text().splitlines(keepends=True)[::-1]))
    client.evaluation.run(data.held_out, model=BASE, out=tmp_path / "a", grader=EVAL_GRADER, limit=3)
    client.evaluation.run(other, model=BASE, out=tmp_path / "b", grader=EVAL_GRADER, limit=3)
    with pytest.raises(ftkit.ValidationError, match=r"^b: .*same data"):
        ftkit.evaluation.compare(tmp_path / "a", tmp_path / "b")


def test_the_paired_bootstrap_interval_is_that_of_the_differences() -> None:
    from ftkit.evaluation._compare import bootstrap_interval, paired_statistics

    a = {i: 0.0 for i in range(40)}
    b = {i: (1.0 if i % 4 else 0.0) for i in range(40)}  # B wins 30, ties 10
    stats = paired_statistics(a, b, resamples=2000, seed=3)
    assert (stats.wins, stats.ties, stats.losses, stats.difference) == (30, 10, 0, 0.75)
    assert stats.interval is not None and stats.interval[0] < 0.75 < stats.interval[1]
    # A proportion of 0.75 over 40: the interval is about 0.75 +- 1.96 * sqrt(0.75 * 0.25 / 40).
    half = 1.96 * math.sqrt(0.75 * 0.25 / 40)
    assert stats.interval[0] == pytest.approx(0.75 - half, abs=0.04) and stats.interval[1] == pytest.approx(
        0.75 + half, abs=0.04
    )
    assert bootstrap_interval([]) is None


def test_an_example_that_failed_for_good_scores_zero_in_a_comparison(
    client: ftkit.Client, emulator: Emulator, data: Any, tmp_path: Path
) -> None:
    client.evaluation.run(data.held_out, model=BASE, out=tmp_path / "a", limit=5, concurrency=1)
    emulator.inject(CHAT, status=400, times=1)
    client.evaluation.run(data.held_out, model=BASE, out=tmp_path / "b", limit=5, concurrency=1)
    # The same model answers the same: B agrees with A everywhere but where it failed.
    agreement = ftkit.evaluation.compare(tmp_path / "a", tmp_path / "b", reference_run=tmp_path / "a")
    assert (agreement.ties, agreement.losses, agreement.difference) == (4, 1, pytest.approx(0.8))
    paired = ftkit.evaluation.compare(tmp_path / "a", tmp_path / "b", grader=EVAL_GRADER)
    assert (paired.wins, paired.ties, paired.losses, paired.a.failed, paired.b.failed) == (0, 4, 1, 0, 1)
    assert paired.changed[0].score_b == 0.0
