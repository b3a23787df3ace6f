"""A finished job is kept compact (its curve as a rule and a seed, its events and checkpoints made
again on demand) and answers exactly as it did before: every page of its events and
checkpoints, its result file, its model; and what a finished job holds is bounded, counted
with tracemalloc (a size, not a time)."""

from __future__ import annotations

import gc
import json
import tracemalloc
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conftest_emulator import chat_line, jsonl, preference_line, training_file
from ftkit.emulator import Emulator
from ftkit.emulator._curves import PackedRows
from ftkit.emulator._rewards import simulate
from ftkit.emulator._state import KEPT_EXPANDED

Json = dict[str, Any]
EXACT = {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}",
         "reference": "{{item.answer}}", "operation": "eq"}  # fmt: skip
SIMILAR = {"type": "text_similarity", "name": "close", "input": "{{sample.output_text}}",
           "reference": "{{item.answer}}", "evaluation_metric": "fuzzy_match"}  # fmt: skip


def rft_lines(n: int) -> list[Json]:
    return [{"messages": [{"role": "user", "content": f"What is {i}+{i}?"}], "answer": str(2 * i)} for i in range(n)]


@pytest.fixture(params=["openai", "azure"])
def flavor(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def emulator(flavor: str) -> Iterator[Emulator]:
    with Emulator(clock="manual", seed=7, flavor=flavor) as emulator:
        yield emulator


@pytest.fixture
def http(emulator: Emulator, flavor: str) -> Iterator[httpx.Client]:
    if flavor == "azure":
        client = httpx.Client(transport=emulator.transport(), base_url="https://emulator.openai.azure.com/openai",
                              params={"api-version": "2024-10-21"}, headers={"api-key": "k"})  # fmt: skip
    else:
        client = httpx.Client(
            transport=emulator.transport(), base_url="https://api.openai.com/v1", headers={"Authorization": "Bearer k"}
        )
    with client:
        yield client


def upload(http: httpx.Client, content: bytes) -> str:
    answer = http.post("/files", files={"file": ("train.jsonl", content)}, data={"purpose": "fine-tune"})
    assert answer.status_code in (200, 201), answer.text
    return str(answer.json()["id"])


def create(http: httpx.Client, **body: Any) -> str:
    answer = http.post("/fine_tuning/jobs", json=body)
    assert answer.status_code in (200, 201), answer.text
    return str(answer.json()["id"])


def every_answer(http: httpx.Client, emulator: Emulator, job_id: str) -> dict[str, bytes]:
    """Every answer about a finished job, as bytes: the job, its events whole and page by page
    (three at a time, and from an event in the middle), its checkpoints likewise, its result
    file, its fine-tuned model and the permissions of its checkpoints."""
    path = f"/fine_tuning/jobs/{job_id}"
    answers: dict[str, bytes] = {"job": http.get(path).content}
    everything = http.get(f"{path}/events", params={"limit": 10_000})
    answers["events"] = everything.content
    after = None
    for number in range(10_000):
        page = http.get(f"{path}/events", params={"limit": 3, **({"after": after} if after else {})})
        answers[f"events page {number}"] = page.content
        if not page.json()["has_more"]:
            break
        after = page.json()["data"][-1]["id"]
    middle = everything.json()["data"][len(everything.json()["data"]) // 2]["id"]
    answers["events after the middle one"] = http.get(f"{path}/events", params={"after": middle}).content
    answers["checkpoints"] = http.get(f"{path}/checkpoints", params={"limit": 100}).content
    checkpoints = http.get(f"{path}/checkpoints", params={"limit": 100}).json()["data"]
    if checkpoints:
        one = http.get(f"{path}/checkpoints", params={"limit": 1, "after": checkpoints[0]["id"]})
        answers["checkpoints after the first"] = one.content
    job = json.loads(answers["job"])
    for file_id in job.get("result_files") or []:
        answers[f"file {file_id}"] = http.get(f"/files/{file_id}").content
        answers[f"content {file_id}"] = http.get(f"/files/{file_id}/content").content
    if job.get("fine_tuned_model"):
        answers["model"] = http.get(f"/models/{job['fine_tuned_model']}").content
    if emulator.flavor.prefix == "/v1":
        for checkpoint in checkpoints:
            name = checkpoint["fine_tuned_model_checkpoint"]
            answers[f"permissions {name}"] = http.get(f"/fine_tuning/checkpoints/{name}/permissions").content
    return answers


def scenarios(http: httpx.Client, emulator: Emulator, flavor: str) -> list[str]:
    """Jobs that ended every way a job can end, the job's own history included."""
    train, valid = upload(http, training_file(12)), upload(http, training_file(10))
    supervised = {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3}}}
    pairs = upload(http, jsonl([preference_line(i) for i in range(12)]))
    dpo = {"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.2, "n_epochs": 2}}}
    too_few = upload(http, jsonl([chat_line()] * 3))  # fails validating
    jobs = [
        create(http, model="gpt-4o-mini", training_file=train, validation_file=valid, method=supervised,
               suffix="bot", metadata={"team": "a"}),
        create(http, model="gpt-4o-mini", training_file=pairs, method=dpo),
        create(http, model="gpt-4o-mini", training_file=too_few),
    ]  # fmt: skip
    if flavor == "openai":  # Azure takes no reinforcement jobs of o4-mini in this emulator's catalogue
        grader = {"type": "multi", "name": "both", "graders": {"exact": EXACT, "close": SIMILAR},
                  "calculate_output": "0.5 * exact + 0.5 * close"}  # fmt: skip
        method = {"type": "reinforcement",
                  "reinforcement": {"grader": grader, "hyperparameters": {"n_epochs": 2, "eval_interval": 3}}}
        jobs.append(create(http, model="o4-mini", training_file=upload(http, jsonl(rft_lines(12))),
                           validation_file=upload(http, jsonl(rft_lines(6))), method=method))  # fmt: skip
    emulator.script_next_job(metrics=[2.0, 1.5, {"train_loss": 1.0, "valid_loss": 1.2}])
    jobs.append(create(http, model="gpt-4o-mini", training_file=train))
    emulator.script_next_job(error="invalid_training_file", fail_at_step=3)
    jobs.append(create(http, model="gpt-4o-mini", training_file=train))
    emulator.script_next_job(metrics=[{"train_loss": "not a number"}])  # its first step crashes: that job fails
    jobs.append(create(http, model="gpt-4o-mini", training_file=train))
    queued = create(http, model="gpt-4o-mini", training_file=train)
    paused = create(http, model="gpt-4o-mini", training_file=train, method=supervised)
    stopped = create(http, model="gpt-4o-mini", training_file=train, method=supervised)
    emulator.run_until(queued, "queued")
    assert http.post(f"/fine_tuning/jobs/{queued}/cancel").status_code == 200
    for job_id in (paused, stopped):
        emulator.run_until(job_id, "running")
        emulator.advance(5.5)
        assert http.post(f"/fine_tuning/jobs/{job_id}/pause").status_code == 200
    emulator.advance(30)
    assert http.post(f"/fine_tuning/jobs/{paused}/resume").status_code == 200
    assert http.post(f"/fine_tuning/jobs/{stopped}/cancel").status_code == 200
    jobs += [queued, paused, stopped]
    emulator.advance(10_000)
    return jobs


def test_a_finished_job_answers_the_same_before_and_after_compaction(
    http: httpx.Client, emulator: Emulator, flavor: str, caplog: pytest.LogCaptureFixture
) -> None:
    jobs = scenarios(http, emulator, flavor)
    statuses = [http.get(f"/fine_tuning/jobs/{job_id}").json()["status"] for job_id in jobs]
    assert set(statuses) == {"succeeded", "failed", "cancelled"}, statuses
    if flavor == "openai":
        done = [job_id for job_id in jobs if http.get(f"/fine_tuning/jobs/{job_id}/checkpoints").json()["data"]]
        for job_id in done:  # a permission on a kept checkpoint, and after compaction still
            name = http.get(f"/fine_tuning/jobs/{job_id}/checkpoints").json()["data"][0]["fine_tuned_model_checkpoint"]
            assert http.post(f"/fine_tuning/checkpoints/{name}/permissions", json={"project_ids": ["p"]}).is_success
    state = emulator._state
    before = {job_id: every_answer(http, emulator, job_id) for job_id in jobs}
    assert not any(state.jobs[job_id].compacted for job_id in jobs)
    # As many jobs end after them as the emulator keeps expanded: theirs are compacted.
    train = upload(http, training_file(10))
    for _ in range(KEPT_EXPANDED):
        create(http, model="gpt-4o-mini", training_file=train)
    emulator.advance(10_000)
    http.get("/fine_tuning/jobs")
    assert all(state.jobs[job_id].compacted for job_id in jobs)
    after = {job_id: every_answer(http, emulator, job_id) for job_id in jobs}
    for job_id in jobs:
        assert after[job_id].keys() == before[job_id].keys()
        for what, answer in before[job_id].items():
            assert after[job_id][what] == answer, (job_id, what)
    # A dropped checkpoint is no model, compacted or not; the kept ones are.
    if flavor == "openai":
        first = json.loads(before[jobs[0]]["checkpoints"])["data"]
        model = json.loads(before[jobs[0]]["job"])["fine_tuned_model"]
        assert {c["step_number"] for c in first} == {12, 24, 36}
        assert http.get(f"/fine_tuning/checkpoints/{model}:ckpt-step-6/permissions").status_code == 404
        assert http.get(f"/fine_tuning/checkpoints/{model}:ckpt-step-12/permissions").status_code == 200


def test_events_of_a_running_job_are_those_it_keeps_once_compacted(http: httpx.Client, emulator: Emulator) -> None:
    # What a client read while the job ran is the start of what it reads once the job is compacted.
    train = upload(http, training_file(12))
    job_id = create(http, model="gpt-4o-mini", training_file=train)
    emulator.run_until(job_id, "running")
    emulator.advance(20)
    early = list(reversed(http.get(f"/fine_tuning/jobs/{job_id}/events", params={"limit": 1000}).json()["data"]))
    emulator.run_until(job_id)
    emulator._state.kept_expanded = 0
    for _ in range(2):
        create(http, model="gpt-4o-mini", training_file=train)
    emulator.advance(10_000)
    http.get("/fine_tuning/jobs")
    assert emulator._state.jobs[job_id].compacted
    late = list(reversed(http.get(f"/fine_tuning/jobs/{job_id}/events", params={"limit": 1000}).json()["data"]))
    assert late[: len(early)] == early and len(late) > len(early)
    assert late[-1]["message"] == "Fine tuning job successfully completed"


def test_reward_rows_are_packed_and_given_back_exactly() -> None:
    grader = {"type": "multi", "name": "both", "graders": {"exact": EXACT, "close": SIMILAR},
              "calculate_output": "0.5 * exact + 0.5 * close"}  # fmt: skip
    rows = simulate(grader, rft_lines(10), rft_lines(5), total_steps=40, batch_size=2, eval_interval=4, seed="3")
    packed = PackedRows(rows)
    again = [packed[i] for i in range(len(packed))]
    assert again == rows
    assert json.dumps(again) == json.dumps(rows)  # ints stay ints, floats floats, key order kept
    assert packed[7] == rows[7] and packed[0] == rows[0]  # any order


def finished_job_memory(kind: str, count: int) -> float:
    """Bytes held per finished job, over ``count`` more of them (tracemalloc: a size, not a time)."""
    emulator = Emulator(clock="manual", seed=1)
    emulator._state.kept_expanded = 4  # fewer jobs to fill before the count: the expanded are at both ends
    client = httpx.Client(
        transport=emulator.transport(), base_url="https://api.openai.com/v1", headers={"Authorization": "Bearer k"}
    )
    if kind == "reinforcement":
        method = {"type": "reinforcement", "reinforcement": {"grader": EXACT, "hyperparameters": {"n_epochs": 3}}}
        body = {"model": "o4-mini", "training_file": upload(client, jsonl(rft_lines(12))),
                "validation_file": upload(client, jsonl(rft_lines(6))), "method": method}  # fmt: skip
    else:  # a job like the demo's: 12 examples, 3 epochs, 36 steps, and a validation file
        method = {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3}}}
        body = {"model": "gpt-4o-mini", "training_file": upload(client, training_file(12)),
                "validation_file": upload(client, training_file(10)), "method": method}  # fmt: skip
    payload = json.dumps(body).encode()

    def fill(n: int) -> int:
        for _ in range(n):
            answer = client.post("/fine_tuning/jobs", content=payload, headers={"content-type": "application/json"})
            assert answer.status_code == 200, answer.text
        emulator.advance(10**6)
        client.get("/fine_tuning/jobs")
        gc.collect()
        return tracemalloc.get_traced_memory()[0]

    tracemalloc.start()
    try:
        first = fill(10)
        second = fill(count)
    finally:
        tracemalloc.stop()
        client.close()
        emulator.close()
    return (second - first) / count


def test_a_finished_job_holds_at_most_4_kb() -> None:
    # A default job (36 steps, validation, events, 3 checkpoints, a result file) held 84 KB before.
    assert finished_job_memory("supervised", 200) <= 4096


def test_a_finished_reinforcement_job_holds_its_rewards_packed() -> None:
    # 36 steps of every documented metric of a graded sample (about 30 numbers a step) held
    # 500 KB before; packed, they take a few kilobytes (about 7 KB with the request's grader).
    assert finished_job_memory("reinforcement", 20) <= 10_240

