"""The emulator's API semantics, in-process through its httpx transport, on a manual clock.

Timeline of a default job (10 examples, auto hyperparameters: 1 per batch, 3 epochs, 30 steps),
in emulated seconds after creation: validating_files until 4, queued until 10, running (step k
done at 12 + k), succeeded at 45.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from typing import Any

import httpx
import pytest
from conftest_emulator import (  # noqa: F401  (fixtures, used by name)
    API_KEY,
    chat_line,
    create_job,
    emulator_client_fixture,
    emulator_fixture,
    jsonl,
    preference_line,
    training_file,
    upload,
)
from ftkit.emulator import ENDPOINTS, Emulator, Timings

Json = dict[str, Any]


def job(client: httpx.Client, job_id: str) -> Json:
    response = client.get(f"/fine_tuning/jobs/{job_id}")
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def all_events(client: httpx.Client, job_id: str) -> list[Json]:
    """Every event, oldest first, read page by page through the cursor."""
    events: list[Json] = []
    after = None
    while True:
        params: dict[str, Any] = {"limit": 7}
        if after:
            params["after"] = after
        page = client.get(f"/fine_tuning/jobs/{job_id}/events", params=params).json()
        events.extend(page["data"])
        if not page["has_more"]:
            return events[::-1]
        after = page["data"][-1]["id"]


def assert_error(response: httpx.Response, status: int, param: str | None = None, match: str = "") -> Json:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert isinstance(error["message"], str) and error["message"]
    if param is not None:
        assert error["param"] == param
    assert re.search(match, error["message"]), error["message"]
    return error  # type: ignore[no-any-return]


# -- routing and auth ---------------------------------------------------------------------------


def test_missing_key_is_401_in_the_api_shape(emulator: Emulator) -> None:
    with httpx.Client(transport=emulator.transport(), base_url="http://x/v1") as bare:
        error = assert_error(bare.get("/fine_tuning/jobs"), 401, match="didn't provide an API key")
    assert error["type"] == "invalid_request_error"


def test_any_key_is_accepted_without_api_key(emulator_client: httpx.Client) -> None:
    assert emulator_client.get("/files", headers={"Authorization": "Bearer whatever"}).status_code == 200


def test_api_key_rejects_a_wrong_key_and_accepts_the_right_one() -> None:
    locked = Emulator(clock="manual", api_key="sk-right-key-123")
    with httpx.Client(transport=locked.transport(), base_url="http://x/v1") as http:
        wrong = assert_error(http.get("/files", headers={"Authorization": "Bearer sk-wrong-key-456"}), 401)
        assert wrong["code"] == "invalid_api_key"
        assert "sk-wrong-key-456" not in wrong["message"]  # the key is masked
        assert_error(http.get("/files"), 401)
        assert http.get("/files", headers={"Authorization": "Bearer sk-right-key-123"}).status_code == 200


def test_unknown_url_is_404_and_wrong_method_is_405(emulator_client: httpx.Client) -> None:
    assert_error(emulator_client.get("/assistants"), 404, match=r"Invalid URL \(GET /v1/assistants\)")
    response = emulator_client.put("/fine_tuning/jobs")
    assert_error(response, 405)
    assert response.headers["allow"] == "POST, GET"


def test_v1_prefix_is_optional(emulator: Emulator) -> None:
    headers = {"Authorization": "Bearer k"}
    assert emulator.handle("GET", "/files", headers=headers).status == 200
    assert emulator.handle("GET", "/v1/files?limit=1", headers=headers).status == 200


def test_answers_carry_a_request_id(emulator_client: httpx.Client) -> None:
    first = emulator_client.get("/files").headers["x-request-id"]
    second = emulator_client.get("/files").headers["x-request-id"]
    assert first.startswith("req_") and first != second


def test_request_log_counts_per_endpoint(emulator: Emulator, emulator_client: httpx.Client) -> None:
    create_job(emulator_client)
    emulator_client.get("/fine_tuning/jobs/ftjob-missing")
    assert emulator.request_count("POST /files") == 1
    assert emulator.request_count("POST /fine_tuning/jobs") == 1
    assert emulator.request_count("GET /fine_tuning/jobs/{fine_tuning_job_id}") == 1
    assert emulator.request_count() == 3
    last = emulator.requests[-1]
    assert (last.method, last.path, last.status, last.fault) == ("GET", "/v1/fine_tuning/jobs/ftjob-missing", 404, None)
    assert set(ENDPOINTS) >= {r.endpoint for r in emulator.requests}


# -- files --------------------------------------------------------------------------------------


def test_upload_retrieve_download_delete(emulator_client: httpx.Client) -> None:
    content = b'{"a": 1}\r\n\xff\xfe binary \x00 tail'  # bytes survive multipart exactly
    response = emulator_client.post("/files", files={"file": ("data.jsonl", content)}, data={"purpose": "fine-tune"})
    assert response.status_code == 200
    stored = response.json()
    assert re.fullmatch(r"file-[A-Za-z0-9]+", stored["id"])
    assert stored["object"] == "file" and stored["bytes"] == len(content)
    assert (stored["filename"], stored["purpose"], stored["status"]) == ("data.jsonl", "fine-tune", "processed")
    assert "expires_at" not in stored
    assert emulator_client.get(f"/files/{stored['id']}").json() == stored
    download = emulator_client.get(f"/files/{stored['id']}/content")
    assert download.content == content
    assert download.headers["content-type"] == "application/octet-stream"
    deleted = emulator_client.delete(f"/files/{stored['id']}").json()
    assert deleted == {"id": stored["id"], "object": "file", "deleted": True}
    for path in (f"/files/{stored['id']}", f"/files/{stored['id']}/content"):
        assert_error(emulator_client.get(path), 404, "id", "No such File object")
    assert_error(emulator_client.delete(f"/files/{stored['id']}"), 404)


@pytest.mark.parametrize(
    ("files", "data", "param", "match"),
    [
        ({"file": ("a.jsonl", b"x")}, {}, "purpose", "Missing required parameter: 'purpose'"),
        ({"file": ("a.jsonl", b"x")}, {"purpose": "training"}, "purpose", "Expected one of"),
        ({"file": ("a.csv", b"x")}, {"purpose": "fine-tune"}, "file", r"Must be \.jsonl"),
        ({"file": ("a.jsonl", b"x")}, {"purpose": "fine-tune", "color": "red"}, "color", "Unrecognized"),
        ({"other": ("a.jsonl", b"x")}, {"purpose": "fine-tune"}, "other", "Unrecognized"),
    ],
)
def test_upload_errors(emulator_client: httpx.Client, files: Json, data: Json, param: str, match: str) -> None:
    assert_error(emulator_client.post("/files", files=files, data=data), 400, param, match)


def test_upload_without_a_file_part(emulator_client: httpx.Client) -> None:
    body = b'--b\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nfine-tune\r\n--b--\r\n'
    headers = {"content-type": "multipart/form-data; boundary=b"}
    assert_error(emulator_client.post("/files", content=body, headers=headers), 400, "file", "'file'")


def test_upload_needs_multipart(emulator_client: httpx.Client) -> None:
    assert_error(emulator_client.post("/files", json={"purpose": "fine-tune"}), 415)


def test_expiring_files_disappear(emulator: Emulator, emulator_client: httpx.Client) -> None:
    bracket = emulator_client.post(
        "/files",
        files={"file": ("a.jsonl", b"{}")},
        data={"purpose": "user_data", "expires_after[anchor]": "created_at", "expires_after[seconds]": "3600"},
    ).json()
    assert bracket["expires_at"] == bracket["created_at"] + 3600
    batch = emulator_client.post("/files", files={"file": ("b.jsonl", b"{}")}, data={"purpose": "batch"}).json()
    assert batch["expires_at"] == batch["created_at"] + 30 * 24 * 3600
    bad = {"purpose": "user_data", "expires_after[anchor]": "created_at", "expires_after[seconds]": "60"}
    assert_error(emulator_client.post("/files", files={"file": ("c.jsonl", b"{}")}, data=bad), 400, "expires_after")
    emulator.advance(3601)
    assert_error(emulator_client.get(f"/files/{bracket['id']}"), 404)
    assert [f["id"] for f in emulator_client.get("/files").json()["data"]] == [batch["id"]]


def test_file_list_order_filter_and_pages(emulator: Emulator, emulator_client: httpx.Client) -> None:
    empty = emulator_client.get("/files").json()
    assert empty == {"object": "list", "data": [], "has_more": False, "first_id": None, "last_id": None}
    ids = []
    for i in range(5):
        ids.append(upload(emulator_client, b"{}", f"f{i}.jsonl", "fine-tune" if i % 2 == 0 else "user_data"))
        emulator.advance(1)
    listed = emulator_client.get("/files").json()
    assert [f["id"] for f in listed["data"]] == ids[::-1]
    assert (listed["first_id"], listed["last_id"]) == (ids[-1], ids[0])
    ascending = emulator_client.get("/files", params={"order": "asc", "limit": 2}).json()
    assert [f["id"] for f in ascending["data"]] == ids[:2] and ascending["has_more"]
    following = emulator_client.get("/files", params={"order": "asc", "limit": 2, "after": ids[1]}).json()
    assert [f["id"] for f in following["data"]] == ids[2:4]
    tuned = emulator_client.get("/files", params={"purpose": "fine-tune"}).json()
    assert [f["id"] for f in tuned["data"]] == [ids[4], ids[2], ids[0]]
    assert_error(emulator_client.get("/files", params={"order": "sideways"}), 400, "order")
    assert_error(emulator_client.get("/files", params={"limit": "0"}), 400, "limit")
    assert_error(emulator_client.get("/files", params={"limit": "ten"}), 400, "limit")
    assert_error(emulator_client.get("/files?limit=1&limit=2"), 400, "limit", "more than once")


# -- creating jobs ------------------------------------------------------------------------------


def test_created_job_has_the_api_shape(emulator_client: httpx.Client) -> None:
    created = create_job(emulator_client, suffix="demo", metadata={"team": "nlp"}, seed=42)
    assert re.fullmatch(r"ftjob-[A-Za-z0-9]{24}", created["id"])
    assert created["object"] == "fine_tuning.job"
    assert created["model"] == "gpt-4o-mini-2024-07-18"  # the alias resolves to its snapshot
    assert created["status"] == "validating_files"
    assert created["organization_id"] == "org-emulator"
    assert (created["fine_tuned_model"], created["finished_at"], created["trained_tokens"]) == (None, None, None)
    assert (created["error"], created["estimated_finish"], created["result_files"]) == (None, None, [])
    auto = {"batch_size": "auto", "learning_rate_multiplier": "auto", "n_epochs": "auto"}
    assert created["hyperparameters"] == auto
    assert created["method"] == {"type": "supervised", "supervised": {"hyperparameters": auto}}
    assert (created["seed"], created["metadata"], created["user_provided_suffix"]) == (42, {"team": "nlp"}, "demo")


def test_seed_is_generated_when_not_given(emulator_client: httpx.Client) -> None:
    seed = create_job(emulator_client)["seed"]
    assert isinstance(seed, int) and 0 <= seed < 2**31


@pytest.mark.parametrize(
    ("change", "param", "match"),
    [
        ({"model": None}, "model", "expected a string"),
        ({"training_file": "file-nope"}, "training_file", "invalid training_file"),
        ({"validation_file": "file-nope"}, "validation_file", "invalid validation_file"),
        ({"model": "gpt-9-ultra"}, "model", "not available for fine-tuning"),
        ({"model": "ft:gpt-4o-mini-2024-07-18:x::abc"}, "model", "not available"),
        ({"hyperparameters": {"n_epochs": 0}}, "hyperparameters.n_epochs", "out of range"),
        ({"hyperparameters": {"n_epochs": 51}}, "hyperparameters.n_epochs", "out of range"),
        ({"hyperparameters": {"batch_size": 257}}, "hyperparameters.batch_size", "out of range"),
        ({"hyperparameters": {"batch_size": True}}, "hyperparameters.batch_size", "integer"),
        ({"hyperparameters": {"learning_rate_multiplier": 0}}, "hyperparameters.learning_rate_multiplier", "range"),
        ({"hyperparameters": {"n_epochs": "many"}}, "hyperparameters.n_epochs", "auto"),
        ({"hyperparameters": {"epochs": 3}}, "hyperparameters.epochs", "Unrecognized"),
        ({"suffix": ""}, "suffix", "too short"),
        ({"suffix": "x" * 65}, "suffix", "too long"),
        ({"seed": -1}, "seed", "between"),
        ({"seed": 2**31}, "seed", "between"),
        ({"metadata": {"k": 1}}, "metadata.k", "string"),
        ({"metadata": {f"k{i}": "v" for i in range(17)}}, "metadata", "at most 16"),
        ({"metadata": {"k" * 65: "v"}}, "metadata", "longer than 64"),
        ({"integrations": [{"type": "slack", "wandb": {"project": "p"}}]}, "integrations[0].type", "wandb"),
        ({"integrations": [{"type": "wandb", "wandb": {}}]}, "integrations[0].wandb.project", "string"),
        ({"learning_rate": 0.1}, "learning_rate", "Unrecognized request argument supplied: learning_rate"),
        ({"method": {"type": "rlhf"}}, "method.type", "supervised, dpo, reinforcement"),
        ({"method": {"type": "supervised", "dpo": {}}}, "method.dpo", "only 'method.supervised'"),
        ({"method": {"type": "dpo", "dpo": {"hyperparameters": {"beta": 3}}}}, "method.dpo.hyperparameters.beta", ""),
        ({"method": {"type": "dpo"}, "hyperparameters": {"n_epochs": 2}}, "hyperparameters", "supervised"),
        ({"method": {"type": "dpo"}, "model": "gpt-3.5-turbo"}, "model", "does not support the dpo"),
        ({"method": {"type": "reinforcement", "reinforcement": {}}}, "method.reinforcement.grader", "Missing"),
        ({"model": "o4-mini"}, "model", "only supports reinforcement"),
    ],
)
def test_create_job_errors(emulator_client: httpx.Client, change: Json, param: str, match: str) -> None:
    body: Json = {"model": "gpt-4o-mini", "training_file": upload(emulator_client, training_file())}
    body.update(change)
    before = emulator_client.get("/fine_tuning/jobs").json()["data"]
    assert_error(emulator_client.post("/fine_tuning/jobs", json=body), 400, param, match)
    assert emulator_client.get("/fine_tuning/jobs").json()["data"] == before  # nothing was created


def test_create_job_needs_json_object_and_required_fields(emulator_client: httpx.Client) -> None:
    assert_error(emulator_client.post("/fine_tuning/jobs", content=b"{not json"), 400, match="could not parse the JSON")
    assert_error(emulator_client.post("/fine_tuning/jobs", json=[1]), 400, match="JSON object")
    assert_error(emulator_client.post("/fine_tuning/jobs", json={"model": "gpt-4o-mini"}), 400, "training_file")


def test_training_file_must_have_fine_tune_purpose(emulator_client: httpx.Client) -> None:
    other = upload(emulator_client, training_file(), purpose="user_data")
    body = {"model": "gpt-4o-mini", "training_file": other}
    assert_error(emulator_client.post("/fine_tuning/jobs", json=body), 400, "training_file", "purpose 'user_data'")


# -- the job lifecycle --------------------------------------------------------------------------


def test_supervised_job_runs_to_success(emulator: Emulator, emulator_client: httpx.Client) -> None:
    created = create_job(emulator_client, suffix="demo")
    job_id = created["id"]
    emulator.advance(3.9)
    assert job(emulator_client, job_id)["status"] == "validating_files"
    emulator.advance(0.2)
    assert job(emulator_client, job_id)["status"] == "queued"
    emulator.advance(6)
    running = job(emulator_client, job_id)
    assert running["status"] == "running"
    # "auto" is resolved once running: 10 examples get 10 epochs (ftkit.data.default_epochs, the
    # documented rule), a batch of 1 (about 0.2% of the examples) and the observed 1.8.
    resolved = {"batch_size": 1, "learning_rate_multiplier": 1.8, "n_epochs": 10}
    assert running["hyperparameters"] == resolved
    assert running["method"]["supervised"]["hyperparameters"] == resolved
    assert running["estimated_finish"] == created["created_at"] + 115  # 4 + 6 + 2 + 100 steps + 3
    assert running["trained_tokens"] is None and running["fine_tuned_model"] is None
    emulator.advance(10)
    assert job(emulator_client, job_id)["estimated_finish"] == created["created_at"] + 115

    emulator.advance(1000)
    done = job(emulator_client, job_id)
    assert done["status"] == "succeeded"
    assert done["finished_at"] == created["created_at"] + 115
    assert done["estimated_finish"] is None
    assert re.fullmatch(r"ft:gpt-4o-mini-2024-07-18:emulator:demo:[A-Za-z0-9]{8}", done["fine_tuned_model"])
    assert isinstance(done["trained_tokens"], int) and done["trained_tokens"] > 0
    assert len(done["result_files"]) == 1

    messages = [e["message"] for e in all_events(emulator_client, job_id) if e["type"] == "message"]
    assert messages[:4] == [
        f"Created fine-tuning job: {job_id}",
        f"Validating training file: {created['training_file']}",
        "Files validated, moving job to queued state",
        "Fine-tuning job started",
    ]
    assert messages[-4:] == [
        f"New fine-tuned model created: {done['fine_tuned_model']}",
        "Evaluating model against our usage policies",
        "Usage policy evaluations completed, model is now enabled for sampling",
        "Fine tuning job successfully completed",
    ]
    checkpoint_messages = [m for m in messages if m.startswith("Checkpoint created")]
    assert checkpoint_messages == [
        f"Checkpoint created at step {s} with Snapshot ID: {done['fine_tuned_model']}:ckpt-step-{s}"
        for s in range(10, 101, 10)
    ]
    kept = emulator_client.get(f"/fine_tuning/jobs/{job_id}/checkpoints").json()["data"]
    assert [c["step_number"] for c in kept] == [100, 90, 80]  # the last three epochs


def test_metrics_events_and_falling_losses(emulator: Emulator, emulator_client: httpx.Client) -> None:
    job_id = create_job(emulator_client, hyperparameters={"n_epochs": 3})["id"]
    emulator.advance(1000)
    metrics = [e for e in all_events(emulator_client, job_id) if e["type"] == "metrics"]
    assert [e["data"]["step"] for e in metrics] == list(range(1, 31))
    first = metrics[0]
    assert set(first["data"]) == {"step", "total_steps", "train_loss", "train_mean_token_accuracy"}
    assert first["data"]["total_steps"] == 30 and first["level"] == "info"
    assert first["message"] == f"Step 1/30: training loss={first['data']['train_loss']:.2f}"
    losses = [e["data"]["train_loss"] for e in metrics]
    assert sum(losses[-10:]) / 10 < 0.6 * sum(losses[:10]) / 10
    accuracies = [e["data"]["train_mean_token_accuracy"] for e in metrics]
    assert all(0 <= a <= 1 for a in accuracies) and accuracies[-1] > accuracies[0]


def test_validation_file_adds_validation_metrics(emulator: Emulator, emulator_client: httpx.Client) -> None:
    validation = upload(emulator_client, training_file(12), "valid.jsonl")
    created = create_job(emulator_client, validation_file=validation)
    assert created["validation_file"] == validation
    emulator.advance(1000)
    events = all_events(emulator_client, created["id"])
    assert events[1]["message"].endswith(f"and validation file: {validation}")
    step = next(e for e in events if e["type"] == "metrics")
    assert {"valid_loss", "valid_mean_token_accuracy"} <= set(step["data"])
    assert ", validation loss=" in step["message"]
    checkpoint = emulator_client.get(f"/fine_tuning/jobs/{created['id']}/checkpoints").json()["data"][0]
    assert {"valid_loss", "full_valid_loss", "full_valid_mean_token_accuracy"} <= set(checkpoint["metrics"])


def test_losses_depend_on_the_seed() -> None:
    def losses(emulator_seed: int, job_seed: int) -> list[float]:
        emulator = Emulator(clock="manual", seed=emulator_seed)
        with httpx.Client(
            transport=emulator.transport(), base_url="http://x/v1", headers={"Authorization": "Bearer k"}
        ) as c:
            job_id = create_job(c, seed=job_seed)["id"]
            emulator.advance(1000)
            return [e["data"]["train_loss"] for e in all_events(c, job_id) if e["type"] == "metrics"]

    assert losses(1, 5) == losses(1, 5)
    assert losses(1, 5) != losses(1, 6)
    assert losses(1, 5) != losses(2, 5)


def test_checkpoints_keep_the_last_three_epochs(emulator: Emulator, emulator_client: httpx.Client) -> None:
    created = create_job(emulator_client, hyperparameters={"n_epochs": 5, "batch_size": 2})  # 5 steps per epoch
    emulator.advance(1000)
    done = job(emulator_client, created["id"])
    page = emulator_client.get(f"/fine_tuning/jobs/{created['id']}/checkpoints").json()
    assert [c["step_number"] for c in page["data"]] == [25, 20, 15]  # newest first
    assert (page["first_id"], page["last_id"], page["has_more"]) == (
        page["data"][0]["id"],
        page["data"][-1]["id"],
        False,
    )
    for checkpoint in page["data"]:
        assert re.fullmatch(r"ftckpt_[A-Za-z0-9]{24}", checkpoint["id"])
        assert checkpoint["object"] == "fine_tuning.job.checkpoint"
        assert checkpoint["fine_tuning_job_id"] == created["id"]
        assert (
            checkpoint["fine_tuned_model_checkpoint"]
            == f"{done['fine_tuned_model']}:ckpt-step-{checkpoint['step_number']}"
        )
        assert checkpoint["metrics"]["step"] == checkpoint["step_number"]
    second = emulator_client.get(
        f"/fine_tuning/jobs/{created['id']}/checkpoints", params={"limit": 1, "after": page["data"][0]["id"]}
    )
    assert [c["step_number"] for c in second.json()["data"]] == [20]
    assert second.json()["has_more"] is True


def test_result_file_is_a_downloadable_csv(emulator: Emulator, emulator_client: httpx.Client) -> None:
    validation = upload(emulator_client, training_file())
    job_id = create_job(emulator_client, validation_file=validation, hyperparameters={"n_epochs": 3})["id"]
    emulator.advance(1000)
    [result_id] = job(emulator_client, job_id)["result_files"]
    meta = emulator_client.get(f"/files/{result_id}").json()
    assert (meta["purpose"], meta["filename"]) == ("fine-tune-results", "step_metrics.csv")
    assert result_id in [
        f["id"] for f in emulator_client.get("/files", params={"purpose": "fine-tune-results"}).json()["data"]
    ]
    rows = list(csv.DictReader(io.StringIO(emulator_client.get(f"/files/{result_id}/content").text)))
    assert list(rows[0]) == ["step", "train_loss", "train_accuracy", "valid_loss", "valid_mean_token_accuracy"]
    assert [int(r["step"]) for r in rows] == list(range(1, 31))
    metrics = [e["data"] for e in all_events(emulator_client, job_id) if e["type"] == "metrics"]
    assert [float(r["train_loss"]) for r in rows] == [m["train_loss"] for m in metrics]
    assert [float(r["valid_loss"]) for r in rows] == [m["valid_loss"] for m in metrics]


def test_legacy_hyperparameters_apply_to_supervised(emulator: Emulator, emulator_client: httpx.Client) -> None:
    created = create_job(emulator_client, hyperparameters={"n_epochs": 1, "batch_size": 5})
    assert created["method"]["supervised"]["hyperparameters"]["n_epochs"] == 1
    emulator.advance(11)
    assert job(emulator_client, created["id"])["hyperparameters"] == {
        "batch_size": 5,
        "learning_rate_multiplier": 1.8,
        "n_epochs": 1,
    }
    emulator.advance(1000)
    steps = [e for e in all_events(emulator_client, created["id"]) if e["type"] == "metrics"]
    assert len(steps) == 2


def test_dpo_job(emulator: Emulator, emulator_client: httpx.Client) -> None:
    training = upload(emulator_client, jsonl([preference_line(i) for i in range(10)]))
    method = {"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.2, "n_epochs": 1}}}
    created = create_job(emulator_client, training_file=training, method=method)
    assert created["method"]["dpo"]["hyperparameters"] == {
        "beta": 0.2, "batch_size": "auto", "learning_rate_multiplier": "auto", "n_epochs": 1,
    }  # fmt: skip
    emulator.advance(1000)
    done = job(emulator_client, created["id"])
    assert done["status"] == "succeeded", done["error"]
    assert done["method"]["dpo"]["hyperparameters"] == {
        "beta": 0.2,
        "batch_size": 1,
        "learning_rate_multiplier": 1.0,
        "n_epochs": 1,
    }


def test_reinforcement_job_keeps_its_grader(emulator: Emulator, emulator_client: httpx.Client) -> None:
    grader = {
        "type": "string_check",
        "name": "exact",
        "input": "{{sample.output_text}}",
        "reference": "{{item.answer}}",
        "operation": "eq",
    }
    lines = [{"messages": [{"role": "user", "content": f"{i}+{i}?"}], "answer": str(2 * i)} for i in range(10)]
    method = {
        "type": "reinforcement",
        "reinforcement": {"grader": grader, "hyperparameters": {"reasoning_effort": "low"}},
    }
    created = create_job(
        emulator_client, model="o4-mini", training_file=upload(emulator_client, jsonl(lines)), method=method
    )
    assert created["model"] == "o4-mini-2025-04-16"
    assert created["method"]["reinforcement"]["grader"] == grader
    hyperparameters = created["method"]["reinforcement"]["hyperparameters"]
    assert hyperparameters["reasoning_effort"] == "low" and hyperparameters["compute_multiplier"] == "auto"
    emulator.advance(1000)
    done = job(emulator_client, created["id"])
    assert done["status"] == "succeeded", done["error"]
    assert done["method"]["reinforcement"]["hyperparameters"]["compute_multiplier"] == 1.0


def test_continued_fine_tuning_from_a_fine_tuned_model(emulator: Emulator, emulator_client: httpx.Client) -> None:
    first = create_job(emulator_client)
    emulator.advance(1000)
    model = job(emulator_client, first["id"])["fine_tuned_model"]
    second = create_job(emulator_client, model=model)
    assert second["model"] == model


# -- a bad training file ------------------------------------------------------------------------


# Every failed-job code, with the API's wording where it is known (see _training.py for sources).
@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (
            training_file(2) + b"{oops\n" + training_file(10),
            "invalid_file_format",
            "The job failed due to a file format error in the training file. Invalid file format. Example 3 cannot "
            "be parsed. Error: line contains invalid json: ",
        ),
        (
            training_file(4) + b"[1, 2]\n" + training_file(10),
            "invalid_file_format",
            "The job failed due to a file format error in the training file. Invalid file format. Example 5: ",
        ),
        (
            training_file(1) + jsonl([{"messages": [{"role": "user", "content": "hi"}]}]) + training_file(10),
            "invalid_file_format",
            "Invalid file format. Example 2, messages: ",
        ),
        (
            training_file(1) + jsonl([{"text": "hello"}]) + training_file(9),
            "invalid_file_format",
            "Invalid file format. Example 2, messages: ",
        ),
        (b"\xff\xfe" + training_file(10), "invalid_file_format", "Invalid file format. Example 1: "),
        (training_file(3), "invalid_n_examples", "Training file has 3 example(s), but must have at least 10 examples"),
        (b"", "invalid_training_file", "The job failed due to an invalid training file. "),
    ],
)
def test_bad_training_file_fails_the_job(
    emulator: Emulator, emulator_client: httpx.Client, content: bytes, code: str, message: str
) -> None:
    job_id = create_job(emulator_client, training_file=upload(emulator_client, content))["id"]
    emulator.advance(1000)
    failed = job(emulator_client, job_id)
    assert failed["status"] == "failed"
    assert failed["error"]["code"] == code
    assert failed["error"]["param"] == "training_file"
    assert message in failed["error"]["message"]
    assert failed["finished_at"] == failed["created_at"] + 4
    assert failed["fine_tuned_model"] is None and failed["result_files"] == []
    assert failed["hyperparameters"]["n_epochs"] == "auto"  # observed: a failed job keeps "auto"
    last = all_events(emulator_client, job_id)[-1]
    assert (last["level"], last["message"]) == ("error", failed["error"]["message"])


def test_bad_validation_file_names_validation_file(emulator: Emulator, emulator_client: httpx.Client) -> None:
    validation = upload(emulator_client, b"not json\n")
    job_id = create_job(emulator_client, validation_file=validation)["id"]
    emulator.advance(10)
    error = job(emulator_client, job_id)["error"]
    assert (error["code"], error["param"]) == ("invalid_file_format", "validation_file")
    assert error["message"].startswith("The job failed due to a file format error in the validation file.")
    assert "Example 1 cannot be parsed" in error["message"]


def test_small_validation_file_is_fine(emulator: Emulator, emulator_client: httpx.Client) -> None:
    job_id = create_job(emulator_client, validation_file=upload(emulator_client, training_file(2)))["id"]
    emulator.advance(1000)
    assert job(emulator_client, job_id)["status"] == "succeeded"


def test_chat_file_given_to_dpo_fails_with_the_api_message(emulator: Emulator, emulator_client: httpx.Client) -> None:
    created = create_job(emulator_client, method={"type": "dpo"})  # a chat file, not preference pairs
    emulator.advance(10)
    error = job(emulator_client, created["id"])["error"]
    assert error == {
        "code": "invalid_training_file",
        "param": "training_file",
        "message": "The job failed due to an invalid training file. Invalid file format. Input file "
        f"{created['training_file']} is in the fine-tune-chat format, but the specified fine-tuning job is not "
        "using 'supervised' as the training method (provided method=dpo). ",
    }


# -- cancel, pause, resume ----------------------------------------------------------------------


def advance_to(emulator: Emulator, client: httpx.Client, job_id: str, status: str) -> None:
    for _ in range(200):
        if job(client, job_id)["status"] == status:
            return
        emulator.advance(0.5)
    raise AssertionError(f"job never reached {status}")


@pytest.mark.parametrize("status", ["validating_files", "queued", "running", "paused"])
def test_cancel_from_every_live_status(emulator: Emulator, emulator_client: httpx.Client, status: str) -> None:
    job_id = create_job(emulator_client)["id"]
    advance_to(emulator, emulator_client, job_id, "running" if status == "paused" else status)
    if status == "paused":
        emulator_client.post(f"/fine_tuning/jobs/{job_id}/pause")
    cancelled = emulator_client.post(f"/fine_tuning/jobs/{job_id}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    emulator.advance(1000)
    assert job(emulator_client, job_id)["status"] == "cancelled"  # it stays cancelled
    last = all_events(emulator_client, job_id)[-2:]
    assert last[0] == {**last[0], "level": "warn", "message": "Fine tuning process stopping due to job cancellation"}
    assert last[1]["message"] == "Fine-tuning job cancelled"


@pytest.mark.parametrize("status", ["succeeded", "failed", "cancelled"])
def test_finished_jobs_cannot_be_cancelled_paused_or_resumed(
    emulator: Emulator, emulator_client: httpx.Client, status: str
) -> None:
    content = training_file(3) if status == "failed" else training_file()
    job_id = create_job(emulator_client, training_file=upload(emulator_client, content))["id"]
    if status == "cancelled":
        emulator_client.post(f"/fine_tuning/jobs/{job_id}/cancel")
    emulator.advance(1000)
    assert job(emulator_client, job_id)["status"] == status
    for action in ("cancel", "pause", "resume"):
        error = assert_error(
            emulator_client.post(f"/fine_tuning/jobs/{job_id}/{action}"), 400, match=f"status is '{status}'"
        )
        assert error["code"] == "invalid_job_state"
    assert job(emulator_client, job_id)["status"] == status


@pytest.mark.parametrize("status", ["validating_files", "queued"])
def test_only_running_jobs_can_be_paused(emulator: Emulator, emulator_client: httpx.Client, status: str) -> None:
    job_id = create_job(emulator_client)["id"]
    advance_to(emulator, emulator_client, job_id, status)
    assert_error(emulator_client.post(f"/fine_tuning/jobs/{job_id}/pause"), 400, match="only running jobs")
    assert_error(emulator_client.post(f"/fine_tuning/jobs/{job_id}/resume"), 400, match="only paused jobs")


def test_pause_stops_the_clock_and_resume_goes_on(emulator: Emulator, emulator_client: httpx.Client) -> None:
    created = create_job(emulator_client, hyperparameters={"n_epochs": 3})
    job_id = created["id"]
    emulator.advance(20.5)  # step 8 done at 20
    assert_error(emulator_client.post(f"/fine_tuning/jobs/{job_id}/resume"), 400, match="only paused jobs")
    paused = emulator_client.post(f"/fine_tuning/jobs/{job_id}/pause").json()
    assert (paused["status"], paused["estimated_finish"]) == ("paused", None)
    assert_error(emulator_client.post(f"/fine_tuning/jobs/{job_id}/pause"), 400, match="status is 'paused'")
    steps_before = len([e for e in all_events(emulator_client, job_id) if e["type"] == "metrics"])
    assert steps_before == 8
    emulator.advance(1000)
    assert job(emulator_client, job_id)["status"] == "paused"
    assert len([e for e in all_events(emulator_client, job_id) if e["type"] == "metrics"]) == steps_before

    resumed = emulator_client.post(f"/fine_tuning/jobs/{job_id}/resume").json()
    assert resumed["status"] == "queued"
    emulator.advance(3)
    assert job(emulator_client, job_id)["status"] == "running"
    emulator.advance(1000)
    done = job(emulator_client, job_id)
    assert done["status"] == "succeeded"
    # 45 s of work, plus the 1000 s paused and 3 s queued again after resuming.
    assert done["finished_at"] == created["created_at"] + 45 + 1000 + 3
    metrics = [e["data"]["step"] for e in all_events(emulator_client, job_id) if e["type"] == "metrics"]
    assert metrics == list(range(1, 31))  # no step lost or repeated
    messages = [e["message"] for e in all_events(emulator_client, job_id)]
    assert "Fine-tuning job paused at step 8/30" in messages
    assert "Fine-tuning job resumed, moving job to queued state" in messages
    assert "Fine-tuning job resumed at step 8/30" in messages


@pytest.mark.parametrize("suffix", ["", "/cancel", "/pause", "/resume", "/events", "/checkpoints"])
def test_unknown_job_is_404(emulator_client: httpx.Client, suffix: str) -> None:
    method = "POST" if suffix in ("/cancel", "/pause", "/resume") else "GET"
    response = emulator_client.request(method, f"/fine_tuning/jobs/ftjob-nope{suffix}")
    assert_error(response, 404, "fine_tuning_job_id", "ftjob-nope")


# -- job and event lists ------------------------------------------------------------------------


def test_job_list_newest_first_with_pages_and_metadata(emulator: Emulator, emulator_client: httpx.Client) -> None:
    training = upload(emulator_client, training_file())
    ids = []
    for i in range(5):
        metadata = {"team": "a" if i % 2 == 0 else "b"} if i < 4 else None
        ids.append(create_job(emulator_client, training_file=training, metadata=metadata)["id"])
        emulator.advance(1)
    everything = emulator_client.get("/fine_tuning/jobs").json()
    assert everything["object"] == "list" and not everything["has_more"]
    assert [j["id"] for j in everything["data"]] == ids[::-1]
    first = emulator_client.get("/fine_tuning/jobs", params={"limit": 2}).json()
    assert [j["id"] for j in first["data"]] == [ids[4], ids[3]] and first["has_more"]
    rest = emulator_client.get("/fine_tuning/jobs", params={"limit": 10, "after": ids[3]}).json()
    assert [j["id"] for j in rest["data"]] == [ids[2], ids[1], ids[0]] and not rest["has_more"]
    team_a = emulator_client.get("/fine_tuning/jobs", params={"metadata[team]": "a"}).json()
    assert [j["id"] for j in team_a["data"]] == [ids[2], ids[0]]
    none = emulator_client.get("/fine_tuning/jobs", params={"metadata": "null"}).json()
    assert [j["id"] for j in none["data"]] == [ids[4]]
    assert emulator_client.get("/fine_tuning/jobs", params={"after": "ftjob-gone"}).json()["data"] == []
    assert_error(emulator_client.get("/fine_tuning/jobs", params={"metadata": "team"}), 400, "metadata")
    assert_error(emulator_client.get("/fine_tuning/jobs", params={"limit": "-1"}), 400, "limit")


def test_events_are_newest_first_and_page_without_gaps(emulator: Emulator, emulator_client: httpx.Client) -> None:
    job_id = create_job(emulator_client)["id"]
    emulator.advance(1000)
    page = emulator_client.get(f"/fine_tuning/jobs/{job_id}/events").json()
    assert len(page["data"]) == 20 and page["has_more"]  # default limit
    assert page["data"][0]["message"] == "Fine tuning job successfully completed"
    stamps = [e["created_at"] for e in page["data"]]
    assert stamps == sorted(stamps, reverse=True)
    events = all_events(emulator_client, job_id)
    assert len({e["id"] for e in events}) == len(events)
    assert all(re.fullmatch(r"ftevent-[A-Za-z0-9]{24}", e["id"]) for e in events)
    assert all(e["object"] == "fine_tuning.job.event" for e in events)
    # Observed: "Fine-tuning job started" carries data null; every other event an object.
    assert all(isinstance(e["data"], dict) for e in events if e["message"] != "Fine-tuning job started")
    assert next(e for e in events if e["message"] == "Fine-tuning job started")["data"] is None


# -- checkpoint permissions ---------------------------------------------------------------------


def test_checkpoint_permissions(emulator: Emulator, emulator_client: httpx.Client) -> None:
    job_id = create_job(emulator_client)["id"]
    assert_error(
        emulator_client.get("/fine_tuning/checkpoints/ft:nothing/permissions"), 404, "fine_tuned_model_checkpoint"
    )
    emulator.advance(1000)
    model = job(emulator_client, job_id)["fine_tuned_model"]
    path = f"/fine_tuning/checkpoints/{model}/permissions"
    created = emulator_client.post(path, json={"project_ids": ["proj_a", "proj_b"]}).json()
    assert created["object"] == "list" and [p["project_id"] for p in created["data"]] == ["proj_a", "proj_b"]
    assert all(
        re.fullmatch(r"cp_[A-Za-z0-9]{24}", p["id"]) and p["object"] == "checkpoint.permission" for p in created["data"]
    )
    emulator.advance(1)
    emulator_client.post(path, json={"project_ids": ["proj_c"]})
    descending = emulator_client.get(path).json()
    assert [p["project_id"] for p in descending["data"]] == ["proj_c", "proj_b", "proj_a"]
    ascending = emulator_client.get(path, params={"order": "ascending", "limit": 1}).json()
    assert [p["project_id"] for p in ascending["data"]] == ["proj_a"] and ascending["has_more"]
    only_b = emulator_client.get(path, params={"project_id": "proj_b"}).json()["data"]
    assert [p["project_id"] for p in only_b] == ["proj_b"]
    assert_error(emulator_client.post(path, json={"project_ids": ["proj_a"]}), 400, "project_ids", "already exists")
    assert_error(emulator_client.post(path, json={"project_ids": []}), 400, "project_ids")
    assert_error(emulator_client.post(path, json={"project_ids": ["p"], "x": 1}), 400, "x")
    assert_error(emulator_client.get(path, params={"order": "asc"}), 400, "order")
    permission_id = created["data"][0]["id"]
    deleted = emulator_client.delete(f"{path}/{permission_id}").json()
    assert deleted == {"object": "checkpoint.permission", "id": permission_id, "deleted": True}
    assert_error(emulator_client.delete(f"{path}/{permission_id}"), 404, "permission_id")
    checkpoint = emulator_client.get(f"/fine_tuning/jobs/{job_id}/checkpoints").json()["data"][0]
    step_path = f"/fine_tuning/checkpoints/{checkpoint['fine_tuned_model_checkpoint']}/permissions"
    assert emulator_client.post(step_path, json={"project_ids": ["proj_a"]}).status_code == 200


# -- time and concurrency -----------------------------------------------------------------------


def test_speed_runs_a_job_in_wall_time() -> None:
    fast = Emulator(speed=400.0, timings=Timings(validating=1, queued=1, startup=1, step=1, finishing=1))
    with httpx.Client(transport=fast.transport(), base_url="http://x/v1", headers={"Authorization": "Bearer k"}) as c:
        created = create_job(c, hyperparameters={"n_epochs": 1})
        job_id, seen = created["id"], [created["status"]]
        for _ in range(400):
            seen.append(job(c, job_id)["status"])
            if seen[-1] == "succeeded":
                break
            threading.Event().wait(0.005)
    # It went forward on its own, through its states in order (which ones a poll catches
    # depends on how busy the machine is), and finished within 400 polls of 5 ms or more.
    lifecycle = ["validating_files", "queued", "running", "succeeded"]
    assert seen[0] == "validating_files" and seen[-1] == "succeeded", (job_id, seen)
    assert seen == sorted(seen, key=lifecycle.index)


def test_emulator_rejects_bad_settings() -> None:
    with pytest.raises(ValueError, match="speed"):
        Emulator(speed=0)
    with pytest.raises(ValueError, match="clock"):
        Emulator(clock="sundial")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="forward"):
        Emulator(clock="manual").advance(-1)


def test_custom_clock_source() -> None:
    ticks = [100.0]
    emulator = Emulator(clock=lambda: ticks[0], speed=2.0, start_time=0.0)
    ticks[0] = 105.0
    assert emulator.now() == 10.0


def test_concurrent_requests_from_threads(emulator: Emulator, emulator_client: httpx.Client) -> None:
    ids: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(10):
                ids.append(upload(emulator_client, b"{}", "x.jsonl", "user_data"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(ids)) == 80
    assert len(emulator_client.get("/files").json()["data"]) == 80


async def test_async_client_through_the_same_transport(emulator: Emulator) -> None:
    transport = emulator.transport()
    headers = {"Authorization": f"Bearer {API_KEY}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://x/v1", headers=headers) as client:
        uploaded = await client.post(
            "/files", files={"file": ("t.jsonl", training_file())}, data={"purpose": "fine-tune"}
        )
        created = await client.post(
            "/fine_tuning/jobs", json={"model": "gpt-4o-mini", "training_file": uploaded.json()["id"]}
        )
        emulator.advance(1000)
        done = (await client.get(f"/fine_tuning/jobs/{created.json()['id']}")).json()
    assert done["status"] == "succeeded"
    # The same transport object serves a sync client too, against the same state.
    with httpx.Client(transport=transport, base_url="http://x/v1", headers=headers) as sync:
        assert sync.get(f"/fine_tuning/jobs/{done['id']}").json() == done


def test_check_file_directly(tmp_path: Any) -> None:
    from ftkit.emulator._training import check_file

    def check(content: bytes, method: str = "supervised") -> Any:
        path = tmp_path / "f.jsonl"
        path.write_bytes(content)
        return check_file(str(path), "file-x", method)

    ok = check(training_file())
    assert ok.problem is None and ok.examples == 10 and ok.tokens > 0
    assert check(jsonl([{"prompt": "a", "completion": "b"}] * 10)).problem is None
    assert check(training_file(3) + b"\n\n" + jsonl([chat_line()] * 8)).problem is None  # blank lines are skipped
    problem = check(jsonl([{"prompt": "a", "completion": 1}] * 10)).problem
    assert problem is not None and (problem.code, problem.line) == ("invalid_file_format", 1)
    call = {"id": "c", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    tool_call = {"role": "assistant", "content": None, "tool_calls": [call]}
    assert check(jsonl([{"messages": [{"role": "user", "content": "x"}, tool_call]}] * 10)).problem is None
    incomplete = {"role": "assistant", "content": None, "tool_calls": [{"id": "c", "type": "function"}]}
    problem = check(jsonl([{"messages": [{"role": "user", "content": "x"}, incomplete]}] * 10)).problem
    assert problem is not None and "Example 1, messages[1].tool_calls[0].function:" in problem.message
    problem = check(jsonl([{"messages": [{"role": "robot", "content": "x"}]}] * 10)).problem
    assert problem is not None and "role 'robot' is not one of" in problem.message
