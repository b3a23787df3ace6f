"""A job keeps no events: its curve is a rule and a seed, and its events and checkpoints are made
by a twin that lives its life again when they are read. Whether that twin was kept from earlier
reads and caught up, or made afresh, every answer is the same byte for byte: every page of the
events and checkpoints, the result file, the model, the permissions of its checkpoints. And
what a finished job holds is bounded, counted with tracemalloc (a size, not a time)."""

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
        # A preview version: 2024-10-21 has no pause or resume (D7).
        client = httpx.Client(transport=emulator.transport(), base_url="https://emulator.openai.azure.com/openai",
                              params={"api-version": "2025-04-01-preview"}, headers={"api-key": "k"})  # fmt: skip
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
    if http.base_url.path.startswith("/openai"):
        body.setdefault("trainingType", "Standard")  # Azure's emulator, as Azure, asks for one (DIFFERENCES.md 38)
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


def read_events(http: httpx.Client, job_ids: list[str]) -> None:
    """Read each job's events, as a client following it would: its twin is kept, and caught up."""
    for job_id in job_ids:
        assert http.get(f"/fine_tuning/jobs/{job_id}/events", params={"limit": 5}).status_code == 200


def scenarios(http: httpx.Client, emulator: Emulator, flavor: str) -> list[str]:
    """Jobs that ended every way a job can end, the job's own history included; their events are
    read along the way (as the jobs run, pause, resume), so their twins are caught up step by step."""
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
        method = {
            "type": "reinforcement",
            "reinforcement": {"grader": grader, "hyperparameters": {"n_epochs": 2, "eval_interval": 3}},
        }
        jobs.append(create(http, model="o4-mini", training_file=upload(http, jsonl(rft_lines(12))),
                           validation_file=upload(http, jsonl(rft_lines(6))), method=method))  # fmt: skip
    emulator.script_next_job(metrics=[2.0, 1.5, {"train_loss": 1.0, "valid_loss": 1.2}])
    jobs.append(create(http, model="gpt-4o-mini", training_file=train))
    emulator.script_next_job(error="invalid_training_file", fail_at_step=3)
    jobs.append(create(http, model="gpt-4o-mini", training_file=train))
    queued = create(http, model="gpt-4o-mini", training_file=train)
    paused = create(http, model="gpt-4o-mini", training_file=train, method=supervised)
    stopped = create(http, model="gpt-4o-mini", training_file=train, method=supervised)
    jobs += [queued, paused, stopped]
    read_events(http, jobs)
    emulator.run_until(queued, "queued")
    assert http.post(f"/fine_tuning/jobs/{queued}/cancel").status_code == 200
    for job_id in (paused, stopped):
        emulator.run_until(job_id, "running")
        read_events(http, jobs)
        emulator.advance(5.5)
        assert http.post(f"/fine_tuning/jobs/{job_id}/pause").status_code == 200
    emulator.advance(30)
    read_events(http, jobs)
    assert http.post(f"/fine_tuning/jobs/{paused}/resume").status_code == 200
    assert http.post(f"/fine_tuning/jobs/{stopped}/cancel").status_code == 200
    for _ in range(40):
        emulator.advance(3.7)
        read_events(http, jobs)
    emulator.advance(10_000)
    return jobs


def test_a_job_answers_the_same_from_a_twin_kept_and_caught_up_or_made_afresh(
    http: httpx.Client, emulator: Emulator, flavor: str
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
    assert all(job_id in state._twins for job_id in jobs)  # kept since the jobs ran
    assert not any(state.jobs[job_id].events for job_id in jobs)  # the jobs themselves keep none
    # Forget every twin: the next reads make them afresh, each living its job's life at once.
    state.kept_events = 0
    read_events(http, [create(http, model="gpt-4o-mini", training_file=upload(http, training_file(10)))])
    assert not any(job_id in state._twins for job_id in jobs)
    after = {}
    for job_id in jobs:
        after[job_id] = every_answer(http, emulator, job_id)
        read_events(http, [jobs[0] if job_id != jobs[0] else jobs[1]])  # and forget it again
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


def test_events_read_as_a_job_runs_begin_those_read_once_it_ended(http: httpx.Client, emulator: Emulator) -> None:
    # What a client read while the job ran is the start of what a twin made afresh gives at the end.
    train = upload(http, training_file(12))
    job_id = create(http, model="gpt-4o-mini", training_file=train)
    emulator.run_until(job_id, "running")
    emulator.advance(20)
    early = list(reversed(http.get(f"/fine_tuning/jobs/{job_id}/events", params={"limit": 1000}).json()["data"]))
    emulator.run_until(job_id)
    emulator._state.kept_events = 0
    read_events(http, [create(http, model="gpt-4o-mini", training_file=train)])
    assert job_id not in emulator._state._twins
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


def test_a_scripted_step_that_could_not_make_its_event_is_refused_at_once() -> None:
    # A job's events are made when they are read: a row that cannot make one is refused when scripted.
    emulator = Emulator(clock="manual")
    with pytest.raises(ValueError, match="step 2: train_loss must be a number"):
        emulator.script_next_job(metrics=[{"train_loss": 1.0}, {"train_loss": "lots"}])
    with pytest.raises(ValueError, match="step 1 is not JSON"):
        emulator.script_next_job(metrics=[{"train_loss": 1.0, "when": object()}])
    assert emulator.script_next_job(metrics=[{"train_loss": 1, "note": "fine"}]).metrics == [
        {"train_loss": 1, "note": "fine"}
    ]


@pytest.mark.parametrize("into_run", [0.0, 0.5, 2.0, 3.0, 7.25, 12.0, 14.0, 15.5])
def test_a_job_paused_anywhere_in_its_run_resumes_where_its_events_say(
    http: httpx.Client, emulator: Emulator, into_run: float
) -> None:
    # 12 steps: the first 3 s into the run (start-up and a step), then one a second, the last at
    # 14 s; the end 3 s after it. Paused at a step's very moment, between steps, before the first,
    # after the last: the job's own reckoning of its step (it lives no step) is its twin's. The
    # failing one fails at step 11 (13 s).
    train = upload(http, training_file(12))
    method = {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 1}}}
    emulator.script_next_job(error="invalid_training_file", fail_at_step=11)
    failing = create(http, model="gpt-4o-mini", training_file=train, method=method)
    job_id = create(http, model="gpt-4o-mini", training_file=train, method=method)
    for one in (failing, job_id):
        emulator.run_until(one, "running")
    started = emulator.now()
    emulator.advance(into_run)
    paused = {one: http.post(f"/fine_tuning/jobs/{one}/pause") for one in (failing, job_id)}
    emulator.advance(100)
    for one in (failing, job_id):
        if paused[one].status_code == 200:
            assert http.post(f"/fine_tuning/jobs/{one}/resume").status_code == 200
            running = emulator.run_until(one, "running")
            assert running["estimated_finish"] is not None
    emulator.advance(10_000)
    for one, status in ((failing, "failed"), (job_id, "succeeded")):
        job = http.get(f"/fine_tuning/jobs/{one}").json()
        assert job["status"] == status
        events = list(reversed(http.get(f"/fine_tuning/jobs/{one}/events", params={"limit": 1000}).json()["data"]))
        steps = [e["data"]["step"] for e in events if e["type"] == "metrics"]
        assert steps == list(range(1, 12 if one == failing else 13))  # each step once, in order
        pause_notes = [e for e in events if e["message"].startswith("Fine-tuning job paused at step")]
        if paused[one].status_code == 200:
            note = pause_notes[0]
            done = sum(1 for e in events[: events.index(note)] if e["type"] == "metrics")
            assert note["message"] == f"Fine-tuning job paused at step {done}/12"
            assert done == min(12, max(0, int(into_run - 3.0) + 1))
        else:
            assert one == failing and into_run >= 13 and not pause_notes  # it had failed already
        assert events[-1]["created_at"] == job["finished_at"]
    assert emulator.now() > started
