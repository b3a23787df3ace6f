"""What jobs do: the API's rules where known (default epochs, reinforcement rewards from the job's
grader), one job's failure kept to that job, scripted outcomes, ``run_until``, and the names."""

from __future__ import annotations

import json
import os
import sys
import warnings
from typing import Any

import ftkit.data
import httpx
import pytest
from conftest_emulator import (  # noqa: F401  (fixtures, used by name)
    API_KEY,
    chat_line,
    create_job,
    emulator_client_fixture,
    emulator_fixture,
    emulator_server_fixture,
    jsonl,
    training_file,
    upload,
)
from ftkit.emulator import Emulator, EmulatorServer

Json = dict[str, Any]


def events(client: httpx.Client, job_id: str) -> list[Json]:
    """Every event of the job, oldest first."""
    return list(reversed(client.get(f"/fine_tuning/jobs/{job_id}/events", params={"limit": 10_000}).json()["data"]))


def metrics(client: httpx.Client, job_id: str) -> list[Json]:
    return [e for e in events(client, job_id) if e["type"] == "metrics"]


# -- default epochs: one rule, shared with ftkit.data ------------------------------------------------


@pytest.mark.parametrize("examples", [10, 12, 40, 100])
def test_auto_epochs_follow_the_documented_rule_shared_with_the_validator(
    emulator: Emulator, emulator_client: httpx.Client, tmp_path: Any, examples: int
) -> None:
    content = training_file(examples)
    path = tmp_path / "train.jsonl"
    path.write_bytes(content)
    predicted = ftkit.data.validate(str(path), tokens="estimate").stats.epochs
    job = create_job(emulator_client, training_file=upload(emulator_client, content))
    running = emulator.run_until(job["id"], "running")
    assert running["hyperparameters"]["n_epochs"] == predicted == ftkit.data.default_epochs(examples)
    assert running["hyperparameters"]["batch_size"] == 1  # about 0.2% of the examples, at least 1


# -- reinforcement jobs: the grader is run, rewards reported as the API documents -------------------

EXACT = {
    "type": "string_check",
    "name": "exact",
    "input": "{{sample.output_text}}",
    "reference": "{{item.answer}}",
    "operation": "eq",
}


def rft_lines(n: int) -> list[Json]:
    return [{"messages": [{"role": "user", "content": f"What is {i}+{i}?"}], "answer": str(2 * i)} for i in range(n)]


def rft_job(client: httpx.Client, grader: Json, *, validation: int | None = 30, **hyperparameters: Any) -> Json:
    hyperparameters.setdefault("n_epochs", 2)
    method = {"type": "reinforcement", "reinforcement": {"grader": grader, "hyperparameters": hyperparameters}}
    body: Json = {"model": "o4-mini", "training_file": upload(client, jsonl(rft_lines(40))), "method": method}
    if validation:
        body["validation_file"] = upload(client, jsonl(rft_lines(validation)))
    return create_job(client, **body)


def test_a_reinforcement_job_reports_the_rewards_of_its_grader(
    emulator: Emulator, emulator_client: httpx.Client
) -> None:
    job = rft_job(emulator_client, EXACT, eval_interval=5)
    done = emulator.run_until(job["id"])
    steps = metrics(emulator_client, job["id"])
    assert len(steps) == 80 and [s["data"]["step"] for s in steps] == list(range(1, 81))
    first = steps[0]["data"]
    # The documented metrics event of a reinforcement job (RFT guide, "Training metrics").
    documented = {"step", "usage", "errors", "scores", "timing", "total_steps", "train_mean_reward",
                  "reasoning_tokens_mean", "completion_tokens_mean", "mean_unresponsive_rewards",
                  "model_graders_token_usage"}  # fmt: skip
    assert documented <= set(first)
    assert "train_loss" not in first
    assert first["scores"]["graders"] == [
        {"name": "exact", "type": "string_check", "train_reward_mean": first["scores"]["train_reward_mean"]}
    ]
    # string_check is computed: four samples a step give rewards in quarters.
    rewards = [s["data"]["train_mean_reward"] for s in steps]
    assert all(r * 4 == int(r * 4) for r in rewards)
    validated = [s for s in steps if "full_valid_mean_reward" in s["data"]]
    assert [s["data"]["step"] for s in validated] == list(range(5, 81, 5))
    assert validated[0]["message"] == (
        f"Step 5/80 , train mean reward={validated[0]['data']['train_mean_reward']:.2f}, full validation mean "
        f"reward={validated[0]['data']['full_valid_mean_reward']:.2f}, full validation mean parse error=0.00"
    )
    valid = [s["data"]["full_valid_mean_reward"] for s in validated]
    assert sum(valid[-5:]) / 5 > sum(valid[:5]) / 5 + 0.2, "the simulated model learns"
    # Checkpoints: one per validation step, the three best by valid_reward_mean kept (documented).
    kept = emulator_client.get(f"/fine_tuning/jobs/{job['id']}/checkpoints").json()["data"]
    best = sorted(((v, s["data"]["step"]) for v, s in zip(valid, validated, strict=True)), reverse=True)[:3]
    assert sorted(c["step_number"] for c in kept) == sorted(step for _, step in best)
    assert all(c["metrics"]["valid_reward_mean"] >= best[-1][0] for c in kept)
    csv = emulator_client.get(f"/files/{done['result_files'][0]}/content").text.splitlines()
    assert csv[0] == "step,train_reward_mean,valid_reward_mean" and len(csv) == 81


def test_the_grader_really_decides_the_rewards(emulator: Emulator, emulator_client: httpx.Client) -> None:
    # The same run graded "not equal": the better the model gets, the lower the reward.
    job = rft_job(emulator_client, {**EXACT, "operation": "ne"}, eval_interval=5)
    emulator.run_until(job["id"])
    valid = [s["data"]["full_valid_mean_reward"] for s in metrics(emulator_client, job["id"])
             if "full_valid_mean_reward" in s["data"]]  # fmt: skip
    assert sum(valid[-5:]) / 5 < sum(valid[:5]) / 5 - 0.2


def test_text_similarity_and_a_simulated_score_model_in_a_multi_grader(
    emulator: Emulator, emulator_client: httpx.Client
) -> None:
    grader = {
        "type": "multi",
        "name": "combined",
        "graders": {
            "close": {**EXACT, "type": "text_similarity", "name": "close", "evaluation_metric": "fuzzy_match"},
            "judge": {
                "type": "score_model",
                "name": "judge",
                "model": "gpt-4o-mini",
                "input": [{"role": "user", "content": "Score {{sample.output_text}} against {{item.answer}}"}],
            },
        },
        "calculate_output": "0.5 * close + 0.5 * judge",
    }
    del grader["graders"]["close"]["operation"]  # type: ignore[attr-defined]
    job = rft_job(emulator_client, grader, eval_interval=10)
    emulator.run_until(job["id"])
    messages = [e["message"] for e in events(emulator_client, job["id"])]
    assert any("'judge' (score_model) are simulated, not computed" in m for m in messages)
    data = metrics(emulator_client, job["id"])[9]["data"]
    close, judge = data["scores"]["graders"]
    assert (close["name"], close["type"], "simulated" in close) == ("close", "text_similarity", False)
    assert (judge["name"], judge["type"], judge["simulated"]) == ("judge", "score_model", True)
    assert data["scores"]["train_reward_mean"] == pytest.approx(
        0.5 * close["train_reward_mean"] + 0.5 * judge["train_reward_mean"]
    )
    [usage] = data["usage"]["graders"]
    assert usage["model"] == "gpt-4o-mini" and usage["train_prompt_tokens_count"] > 0


def test_a_reinforcement_job_without_a_validation_file(emulator: Emulator, emulator_client: httpx.Client) -> None:
    job = rft_job(emulator_client, EXACT, validation=None)
    done = emulator.run_until(job["id"])
    assert done["status"] == "succeeded"
    assert not any("full_valid_mean_reward" in s["data"] for s in metrics(emulator_client, job["id"]))


def test_a_grader_reading_a_field_no_example_has_fails_the_job_at_validation(
    emulator: Emulator, emulator_client: httpx.Client
) -> None:
    job = rft_job(emulator_client, {**EXACT, "reference": "{{item.label}}"})
    failed = emulator.run_until(job["id"], "failed")
    assert failed["finished_at"] == failed["created_at"] + 4
    assert failed["error"]["code"] == "invalid_training_file"
    assert failed["error"]["param"] == "training_file"
    assert "{{item.label}}" in failed["error"]["message"]


# -- one job's failure fails that job only ------------------------------------------------------------


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_line_separators_in_training_text_do_not_break_anything(
    emulator: Emulator, emulator_server: EmulatorServer, separator: str
) -> None:
    lines = [chat_line(f"Question{separator}{i}", f"Answer{separator}{i}") for i in range(12)]
    content = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()
    with httpx.Client(base_url=emulator_server.base_url, headers={"Authorization": f"Bearer {API_KEY}"}) as client:
        job = create_job(client, training_file=upload(client, content))
        other = create_job(client)
        emulator.advance(2000)
        for created in (job, other):
            answer = client.get(f"/fine_tuning/jobs/{created['id']}")
            assert answer.status_code == 200 and answer.json()["status"] == "succeeded", answer.text
        assert client.get("/fine_tuning/jobs").status_code == 200


@pytest.mark.parametrize("depth", [200, 5_000])
def test_a_deeply_nested_tool_schema_fails_that_job_only(
    emulator: Emulator, emulator_server: EmulatorServer, depth: int
) -> None:
    # The nested schema is written as text: json.dumps cannot serialize it on every Python
    # (3.13's encoder has a C recursion limit that sys.setrecursionlimit does not raise).
    schema = '{"type": "string"}'
    for _ in range(depth):
        schema = '{"type": "object", "properties": {"x": ' + schema + "}}"
    tool = {"type": "function", "function": {"name": "f", "parameters": "SCHEMA"}}
    line = json.dumps({**chat_line(), "tools": [tool]}).replace('"SCHEMA"', schema)
    content = ((line + "\n") * 10).encode()
    with httpx.Client(base_url=emulator_server.base_url, headers={"Authorization": f"Bearer {API_KEY}"}) as client:
        nested = create_job(client, training_file=upload(client, content))
        healthy = create_job(client)
        emulator.advance(2000)
        answer = client.get(f"/fine_tuning/jobs/{nested['id']}")
        assert answer.status_code == 200, answer.text
        if answer.json()["status"] == "failed":
            assert answer.json()["error"]["code"] in ("invalid_file_format", "invalid_training_file")
        assert client.get(f"/fine_tuning/jobs/{healthy['id']}").json()["status"] == "succeeded"
        assert client.get("/files").status_code == 200


def test_uploads_are_validated_from_the_file_the_emulator_holds(
    emulator: Emulator, emulator_client: httpx.Client
) -> None:
    training = upload(emulator_client, training_file(10))
    opened: list[tuple[str, str | None, int]] = []
    watching = [True]

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if watching[0] and event == "open" and isinstance(args[0], str):
            opened.append((args[0], args[1], args[2] if isinstance(args[2], int) else 0))

    sys.addaudithook(audit)  # hooks cannot be removed: this one goes quiet when the test ends
    try:
        create_job(emulator_client, training_file=training)
    finally:
        watching[0] = False
    assert any(path.startswith(emulator.storage_dir) for path, _, _ in opened), opened
    written = [
        path
        for path, mode, flags in opened
        if (mode and any(c in mode for c in "wax+")) or flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
    ]
    assert written == [], "checking an upload writes no file"


# -- scripted outcomes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "message", "param"),
    [
        ("invalid_n_examples", "Training file has 10 example(s), but must have at least 10 examples", "training_file"),
        ("invalid_file_format", "The job failed due to a file format error in the training file.", "training_file"),
        ("invalid_training_file", "The job failed due to an invalid training file.", "training_file"),
        ("invalid_validation_file", "The job failed due to an invalid validation file.", "validation_file"),
        ("quota_exceeded", "The job failed: quota_exceeded.", None),
    ],
)
def test_a_scripted_failure_at_validation(
    emulator: Emulator, emulator_client: httpx.Client, code: str, message: str, param: str | None
) -> None:
    script = emulator.script_next_job(error=code)
    job = create_job(emulator_client)
    assert script.job_id == job["id"]
    failed = emulator.run_until(job["id"], "failed")
    assert failed["error"]["code"] == code and failed["error"]["param"] == param
    assert failed["error"]["message"].startswith(message)
    assert failed["finished_at"] == failed["created_at"] + 4
    assert emulator.run_until(create_job(emulator_client)["id"])["status"] == "succeeded"  # the script is used up


def test_a_scripted_failure_during_training_with_a_curve_and_a_duration(
    emulator: Emulator, emulator_client: httpx.Client
) -> None:
    emulator.script_next_job(error="internal_error", message="Out of GPUs.", fail_at_step=3)
    emulator.script_next_job(metrics=[2.0, 1.5, 1.0, {"train_loss": 0.8, "valid_loss": 0.9}], duration=120)
    failing, curved = create_job(emulator_client), create_job(emulator_client)
    failed = emulator.run_until(failing["id"], "failed")
    assert failed["error"] == {"code": "internal_error", "message": "Out of GPUs.", "param": None}
    assert [s["data"]["step"] for s in metrics(emulator_client, failing["id"])] == [1, 2, 3]
    done = emulator.run_until(curved["id"])
    assert done["finished_at"] - done["created_at"] == 120
    steps = metrics(emulator_client, curved["id"])
    assert [s["data"]["train_loss"] for s in steps] == [2.0, 1.5, 1.0, 0.8]
    assert steps[-1]["data"] == {"step": 4, "train_loss": 0.8, "valid_loss": 0.9, "total_steps": 4}
    assert steps[-1]["message"] == "Step 4/4: training loss=0.80, validation loss=0.90"


def test_scripts_are_checked(emulator: Emulator) -> None:
    for bad in ({"fail_at_step": 2}, {"error": "x", "fail_at_step": 0}, {"duration": 0}, {"metrics": []}):
        with pytest.raises(ValueError):
            emulator.script_next_job(**bad)


# -- run_until ------------------------------------------------------------------------------------


def test_run_until_each_status(emulator: Emulator, emulator_client: httpx.Client) -> None:
    job = create_job(emulator_client)
    assert emulator.run_until(job["id"], "validating_files")["status"] == "validating_files"
    assert emulator.run_until(job["id"], "queued")["status"] == "queued"
    running = emulator.run_until(job["id"], "running")
    assert running["status"] == "running" and int(emulator.now()) == job["created_at"] + 10
    done = emulator.run_until(job["id"])
    assert done["status"] == "succeeded" and int(emulator.now()) == done["finished_at"]
    with pytest.raises(RuntimeError, match="is succeeded and will not become cancelled"):
        emulator.run_until(job["id"], "cancelled")
    with pytest.raises(ValueError, match="unknown status"):
        emulator.run_until(job["id"], "done")


def test_run_until_stops_on_a_failure(emulator: Emulator, emulator_client: httpx.Client) -> None:
    job = create_job(emulator_client, training_file=upload(emulator_client, training_file(3)))
    with pytest.raises(RuntimeError, match=r"failed \(invalid_n_examples: Training file has 3 example"):
        emulator.run_until(job["id"])


# -- names ---------------------------------------------------------------------------------------


def test_the_emulators_error_type_and_its_deprecated_alias() -> None:
    import ftkit
    import ftkit.emulator

    assert ftkit.emulator.EmulatorError is not ftkit.APIError
    with pytest.warns(DeprecationWarning, match="renamed EmulatorError"):
        alias = ftkit.emulator.ApiError
    assert alias is ftkit.emulator.EmulatorError
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert "ApiError" not in dir(ftkit.emulator)


def test_pages_are_cut_before_they_are_read(emulator: Emulator, emulator_client: httpx.Client) -> None:
    ids = [upload(emulator_client, b"{}", f"f{i}.jsonl", "user_data") for i in range(5)]
    emulator_client.delete(f"/files/{ids[2]}")
    after = emulator_client.get("/files", params={"after": ids[2], "limit": 1}).json()
    assert [f["id"] for f in after["data"]] == [ids[1]] and after["has_more"]  # a deleted cursor still reads on
    assert emulator_client.get("/files", params={"after": "file-never", "limit": 1}).json()["data"] == []
