"""The emulator's Azure OpenAI flavour, driven by the official ``openai.AzureOpenAI`` client and raw HTTP.

Azure's answers are checked against Azure's own description (``spec/azure/2024-10-21``: its
error codes, the shapes its examples show) and read back with ftkit's models.
"""

from __future__ import annotations

import base64
import importlib
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import ftkit
import httpx
import openai
import pytest
from conftest_emulator import PROCESS_BOUND, served_at
from ftkit.emulator import Emulator, EmulatorServer
from ftkit.emulator.__main__ import build_parser
from ftkit.emulator.__main__ import main as emulator_main

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from extract_examples import classify  # noqa: E402

AZURE_SPEC = json.loads((ROOT / "spec" / "azure" / "2024-10-21" / "azureopenai.json").read_text(encoding="utf-8"))
ERROR_CODES = set(AZURE_SPEC["definitions"]["ErrorCode"]["enum"])
JOB_STATES = set(AZURE_SPEC["definitions"]["FineTuningState"]["enum"])
VERSION = "2024-10-21"
KEY = "azure-test-key"
LINE = json.dumps({"messages": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}]})
TRAINING = ((LINE + "\n") * 12).encode()
HEX32 = "[0-9a-f]{32}"

azure = pytest.mark.ftkit_emulator(flavor="azure", api_key=KEY)


def model_class(name: str) -> Any:
    module = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower().replace("open_a_i", "open_ai")
    return getattr(importlib.import_module(f"ftkit_api.models.{module}"), name)


def assert_azure_error(response: httpx.Response, status: int, code: str, target: str | None = None) -> str:
    """The answer is Azure's ErrorResponse (code from Azure's ErrorCode enum); its message."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) <= {"code", "message", "target", "details", "innererror"}, error
    assert error["code"] in ERROR_CODES and error["code"] == code, error
    assert isinstance(error["message"], str) and error["message"]
    assert error.get("target") == target
    return str(error["message"])


class Recorder:
    """Every JSON answer an httpx client received, for reading back with ftkit's models."""

    def __init__(self) -> None:
        self.answers: list[tuple[str, int, Any]] = []

    def __call__(self, response: httpx.Response) -> None:
        response.read()
        if response.headers.get("content-type", "").startswith("application/json"):
            self.answers.append((f"{response.request.method} {response.url.path}", response.status_code,
                                 response.json()))  # fmt: skip


def azure_client(server: EmulatorServer, recorder: Recorder | None = None, **options: Any) -> openai.AzureOpenAI:
    hooks = {"response": [recorder]} if recorder is not None else {}
    return openai.AzureOpenAI(
        azure_endpoint=server.endpoint,
        api_key=KEY,
        api_version=VERSION,
        max_retries=0,
        http_client=httpx.Client(event_hooks=hooks),
        **options,
    )


def raw(server: EmulatorServer, **headers: str) -> httpx.Client:
    return httpx.Client(base_url=server.base_url, headers={"api-key": KEY, **headers}, params={"api-version": VERSION})


# -- the whole job through the official client --------------------------------------------------------


@azure
def test_the_official_azure_client_runs_a_whole_job(ftkit_emulator_server: EmulatorServer) -> None:
    recorder = Recorder()
    client = azure_client(ftkit_emulator_server, recorder)

    uploaded = client.files.with_raw_response.create(file=("train.jsonl", TRAINING), purpose="fine-tune")
    assert uploaded.status_code == 201  # Azure answers create with 201 and a Location
    file = uploaded.parse()
    assert re.fullmatch(f"file-{HEX32}", file.id) and file.status == "pending"
    assert uploaded.headers["location"] == f"/openai/files/{file.id}"

    created = client.fine_tuning.jobs.with_raw_response.create(
        model="gpt-4o-mini-2024-07-18", training_file=file.id, suffix="support", extra_body={"trainingType": 1}
    )
    assert created.status_code == 201
    job = created.parse()
    assert re.fullmatch(f"ftjob-{HEX32}", job.id)
    assert job.status == "pending" and job.hyperparameters.n_epochs == -1
    assert created.headers["location"] == f"/openai/fine_tuning/jobs/{job.id}"
    assert "organization_id" not in json.loads(created.text) and "metadata" not in json.loads(created.text)

    ftkit_emulator_server.run_until(job.id, "succeeded")
    done = client.fine_tuning.jobs.retrieve(job.id)
    assert done.status == "succeeded"
    assert done.fine_tuned_model == f"gpt-4o-mini-2024-07-18.ft-{job.id.removeprefix('ftjob-')}-support"
    assert isinstance(done.hyperparameters.n_epochs, int) and done.hyperparameters.n_epochs > 0
    assert done.result_files and client.files.content(done.result_files[0]).text.startswith("step,")

    events = client.fine_tuning.jobs.list_events(job.id, limit=100)
    assert events.data[0].message == "Fine tuning job successfully completed"
    assert all(re.fullmatch(f"ftevent-{HEX32}", e.id) for e in events.data)
    assert any(e.type == "metrics" for e in events.data)

    checkpoints = client.fine_tuning.jobs.checkpoints.list(job.id)
    assert checkpoints.data and all(c.fine_tuning_job_id == job.id for c in checkpoints.data)
    assert checkpoints.data[0].fine_tuned_model_checkpoint.startswith(f"{done.fine_tuned_model}:ckpt-step-")

    listed = [j.id for j in client.fine_tuning.jobs.list()]
    assert listed == [job.id]
    files = client.files.list()
    assert {f.id for f in files.data} == {file.id, done.result_files[0]}

    # Every answer Azure's flavour gave reads with ftkit's models and comes back unchanged.
    kinds = set()
    for endpoint, _status, body in recorder.answers:
        name = classify(body)
        assert name is not None, (endpoint, body)
        parsed = model_class(name).from_dict(body)
        assert parsed.to_dict() == body, endpoint
        kinds.add(name)
        if body.get("object") == "list":
            assert "first_id" not in body and "last_id" not in body, endpoint
        if body.get("object") == "fine_tuning.job":
            assert body["status"] in JOB_STATES and "organization_id" not in body
            assert None not in body.values(), body  # Azure types these fields non-null: left out instead
    assert {"OpenAIFile", "FineTuningJob", "ListFineTuningJobEventsResponse", "ListFineTuningJobCheckpointsResponse",
            "ListPaginatedFineTuningJobsResponse", "ListFilesResponse"} <= kinds  # fmt: skip
    job_body = next(b for e, s, b in recorder.answers if e.endswith(f"/jobs/{job.id}") and e.startswith("GET"))
    typed = ftkit.FineTuningJob.from_dict(job_body)
    assert typed.status == "succeeded" and typed["suffix"] == "support"
    assert ftkit.OpenAIFile.from_dict(json.loads(uploaded.text)).id == file.id


@azure
def test_the_file_list_is_not_paged(ftkit_emulator_server: EmulatorServer) -> None:
    client = azure_client(ftkit_emulator_server)
    ids = {client.files.create(file=(f"t{i}.jsonl", TRAINING), purpose="fine-tune").id for i in range(3)}
    with raw(ftkit_emulator_server) as http:
        answer = http.get("/files", params={"limit": 1, "after": "file-x", "order": "asc"})
        assert answer.status_code == 200
        body = answer.json()
        assert set(body) == {"object", "data"}  # Azure's FileList: no has_more, first_id, last_id
        assert {f["id"] for f in body["data"]} == ids and all(f["status"] == "processed" for f in body["data"])
        assert http.get("/files", params={"purpose": "batch"}).json()["data"] == []


# -- what every request must bring -----------------------------------------------------------------------


@azure
def test_the_api_version_is_required(ftkit_emulator_server: EmulatorServer) -> None:
    with httpx.Client(base_url=ftkit_emulator_server.base_url, headers={"api-key": KEY}) as http:
        message = assert_azure_error(http.get("/fine_tuning/jobs"), 400, "invalidPayload", "api-version")
        assert "api-version" in message
        bad = http.get("/fine_tuning/jobs", params={"api-version": "yesterday"})
        assert "yesterday" in assert_azure_error(bad, 400, "invalidPayload", "api-version")
        for version in ("2024-10-21", "2025-04-01-preview"):
            assert http.get("/fine_tuning/jobs", params={"api-version": version}).status_code == 200


@azure
def test_the_key_is_checked(ftkit_emulator_server: EmulatorServer) -> None:
    base = ftkit_emulator_server.base_url
    params = {"api-version": VERSION}
    wrong = httpx.get(f"{base}/files", params=params, headers={"api-key": "not-the-key"})
    assert "invalid subscription key" in assert_azure_error(wrong, 401, "unauthorized")
    missing = httpx.get(f"{base}/files", params=params)
    assert "missing subscription key" in assert_azure_error(missing, 401, "unauthorized")
    # Microsoft Entra ID tokens come as a bearer header.
    assert httpx.get(f"{base}/files", params=params, headers={"Authorization": f"Bearer {KEY}"}).status_code == 200
    with pytest.raises(openai.AuthenticationError) as caught:
        openai.AzureOpenAI(azure_endpoint=ftkit_emulator_server.endpoint, api_key="wrong", api_version=VERSION,
                           max_retries=0).fine_tuning.jobs.list()  # fmt: skip
    assert caught.value.status_code == 401 and caught.value.code == "unauthorized"


@azure
def test_only_azure_paths_are_served(ftkit_emulator_server: EmulatorServer) -> None:
    with httpx.Client(base_url=ftkit_emulator_server.endpoint, headers={"api-key": KEY}) as http:
        params = {"api-version": VERSION}
        assert_azure_error(http.get("/v1/fine_tuning/jobs", params=params), 404, "notFound")
        assert_azure_error(http.get("/fine_tuning/jobs", params=params), 404, "notFound")
        # Not in Azure's description: graders and checkpoint permissions.
        grader = {"grader": {"type": "string_check", "name": "g", "input": "{{sample.output_text}}",
                             "reference": "4", "operation": "eq"}}  # fmt: skip
        assert_azure_error(http.post("/openai/fine_tuning/alpha/graders/validate", params=params, json=grader),
                           404, "notFound")  # fmt: skip
        assert http.get("/openai/fine_tuning/jobs/ftjob-nope", params=params).json()["error"]["code"] == "notFound"


# -- requests in Azure's shape ---------------------------------------------------------------------------


@azure
def test_azure_job_requests(ftkit_emulator_server: EmulatorServer) -> None:
    with raw(ftkit_emulator_server) as http:
        file_id = http.post("/files", files={"file": ("t.jsonl", TRAINING)}, data={"purpose": "fine-tune"}).json()["id"]
        body = {"model": "gpt-35-turbo-0613", "training_file": file_id, "trainingType": "Standard",
                "hyperparameters": {"n_epochs": -1, "batch_size": 2}}  # fmt: skip
        created = http.post("/fine_tuning/jobs", json=body)
        assert created.status_code == 201, created.text
        job = created.json()
        assert job["model"] == "gpt-35-turbo-0613"  # Azure's own base model names
        assert job["hyperparameters"] == {"n_epochs": -1, "batch_size": 2}
        done = ftkit_emulator_server.run_until(job["id"])
        assert done["hyperparameters"]["batch_size"] == 2
        assert "organization_id" not in done and done == http.get(f"/fine_tuning/jobs/{job['id']}").json()
        bad = http.post("/fine_tuning/jobs", json={**body, "trainingType": [1]})
        assert "trainingType" in assert_azure_error(bad, 400, "invalidPayload", "trainingType")
        unknown = http.post("/fine_tuning/jobs", json={"model": "curie", "training_file": file_id, "trainingType": 1})
        assert_azure_error(unknown, 400, "invalidPayload", "model")
        assert_azure_error(http.post("/fine_tuning/jobs", content=b"{nope"), 400, "invalidPayload")


@azure
def test_a_finished_job_can_be_deleted(ftkit_emulator_server: EmulatorServer) -> None:
    with raw(ftkit_emulator_server) as http:
        file_id = http.post("/files", files={"file": ("t.jsonl", TRAINING)}, data={"purpose": "fine-tune"}).json()["id"]
        first = http.post(
            "/fine_tuning/jobs", json={"model": "gpt-4o-mini", "training_file": file_id, "trainingType": "Standard"}
        ).json()
        second = http.post(
            "/fine_tuning/jobs", json={"model": "gpt-4o-mini", "training_file": file_id, "trainingType": "Standard"}
        ).json()
        assert_azure_error(http.delete(f"/fine_tuning/jobs/{first['id']}"), 409, "conflict", "fine_tuning_job_id")
        ftkit_emulator_server.run_until(first["id"])
        deleted = http.delete(f"/fine_tuning/jobs/{first['id']}")
        assert deleted.status_code == 204 and deleted.content == b""
        assert_azure_error(http.get(f"/fine_tuning/jobs/{first['id']}"), 404, "notFound", "fine_tuning_job_id")
        assert [j["id"] for j in http.get("/fine_tuning/jobs").json()["data"]] == [second["id"]]
        assert http.get("/fine_tuning/jobs", params={"after": first["id"]}).json()["data"] == []
    assert ftkit_emulator_server.emulator.request_count("DELETE /fine_tuning/jobs/{fine_tuning_job_id}") == 2


@azure
def test_faults_answer_in_azure_shape(ftkit_emulator_server: EmulatorServer) -> None:
    ftkit_emulator_server.inject("GET /fine_tuning/jobs", status=429, retry_after=0.5, times=1)
    ftkit_emulator_server.inject("GET /files", status=503, times=1)
    with raw(ftkit_emulator_server) as http:
        limited = http.get("/fine_tuning/jobs")
        assert_azure_error(limited, 429, "tooManyRequests")
        assert limited.headers["retry-after-ms"] == "500"
        assert_azure_error(http.get("/files"), 503, "serviceUnavailable")
        assert http.get("/files").status_code == 200


def test_azure_ids_and_names_follow_the_seed() -> None:
    def run() -> tuple[str, str]:
        emulator = Emulator(clock="manual", seed=11, flavor="azure")
        http = httpx.Client(transport=emulator.transport(), base_url="https://r.openai.azure.com/openai",
                            params={"api-version": VERSION}, headers={"api-key": "k"})  # fmt: skip
        file_id = http.post("/files", files={"file": ("t.jsonl", TRAINING)}, data={"purpose": "fine-tune"}).json()["id"]
        job = http.post(
            "/fine_tuning/jobs", json={"model": "gpt-4o-mini", "training_file": file_id, "trainingType": "Standard"}
        ).json()
        return file_id, emulator.run_until(job["id"])["fine_tuned_model"]

    assert run() == run()


# -- in-process, and the ways to start it -----------------------------------------------------------------


async def test_in_process_with_the_official_clients() -> None:
    emulator = Emulator(clock="manual", flavor="azure")
    client = openai.AzureOpenAI(azure_endpoint="https://r.openai.azure.com", api_key="k", api_version=VERSION,
                                http_client=httpx.Client(transport=emulator.transport()))  # fmt: skip
    file = client.files.create(file=("t.jsonl", TRAINING), purpose="fine-tune")
    job = client.fine_tuning.jobs.create(
        model="gpt-4o-mini-2024-07-18", training_file=file.id, extra_body={"trainingType": "Standard"}
    )
    emulator.run_until(job.id)
    assert client.fine_tuning.jobs.retrieve(job.id).status == "succeeded"
    token_client = openai.AsyncAzureOpenAI(
        azure_endpoint="https://r.openai.azure.com", azure_ad_token_provider=lambda: "entra-token",
        api_version=VERSION, http_client=httpx.AsyncClient(transport=emulator.transport()),
    )  # fmt: skip
    assert [j.id async for j in token_client.fine_tuning.jobs.list()] == [job.id]
    emulator.close()


def test_the_openai_flavour_is_unchanged_by_azure_requests() -> None:
    emulator = Emulator(clock="manual")
    http = httpx.Client(transport=emulator.transport(), base_url="http://x")
    answer = http.get("/openai/fine_tuning/jobs", params={"api-version": VERSION}, headers={"api-key": "k"})
    assert answer.status_code == 404 and answer.json()["error"]["type"] == "invalid_request_error"
    assert http.get("/v1/fine_tuning/jobs", headers={"api-key": "k"}).status_code == 401  # bearer only


@azure
def test_the_served_fixture_points_azure_clients_at_it(ftkit_emulator_server: EmulatorServer) -> None:
    environ = ftkit_emulator_server.environ
    assert environ == {"AZURE_OPENAI_ENDPOINT": ftkit_emulator_server.endpoint, "AZURE_OPENAI_API_KEY": KEY,
                       "OPENAI_API_VERSION": VERSION}  # fmt: skip
    assert ftkit_emulator_server.base_url == ftkit_emulator_server.endpoint + "/openai"
    code = "from openai import AzureOpenAI; print(len(AzureOpenAI().fine_tuning.jobs.list().data))"
    import os

    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, **environ}, capture_output=True,
                          text=True, timeout=PROCESS_BOUND)  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip() == "0", done.stderr[-2000:]


def test_the_flavor_option() -> None:
    assert build_parser().parse_args(["--flavor", "azure"]).flavor == "azure"
    assert build_parser().parse_args([]).flavor == "openai"
    assert emulator_main(["--flavor", "google"]) == 2
    with pytest.raises(ValueError, match="unknown flavor 'google'"):
        Emulator(flavor="google")


def test_ftkit_emulator_serve_flavor_azure() -> None:
    """``ftkit emulator serve --flavor azure`` as a process, driven by the official Azure client."""
    command = [sys.executable, "-m", "ftkit.cli", "emulator", "serve", "--flavor", "azure", "--port", "0",
               "--api-key", KEY, "--speed", "2000"]  # fmt: skip
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        base_url = served_at(process, r"serving at (http://\S+)/openai")
        client = openai.AzureOpenAI(azure_endpoint=base_url, api_key=KEY, api_version=VERSION, max_retries=0,
                                    timeout=PROCESS_BOUND)  # fmt: skip
        file = client.files.create(file=("t.jsonl", TRAINING), purpose="fine-tune")
        job = client.fine_tuning.jobs.create(
            model="gpt-4o-mini-2024-07-18", training_file=file.id, extra_body={"trainingType": "Standard"}
        )
        deadline = time.monotonic() + PROCESS_BOUND  # at 2000 times real time, the job takes a few hundredths
        while job.status not in ("succeeded", "failed", "cancelled") and time.monotonic() < deadline:
            time.sleep(0.05)
            job = client.fine_tuning.jobs.retrieve(job.id)
        assert job.status == "succeeded"
        assert client.fine_tuning.jobs.checkpoints.list(job.id).data
        missing = httpx.get(f"{base_url}/openai/files", headers={"api-key": KEY})
        assert_azure_error(missing, 400, "invalidPayload", "api-version")
    finally:
        process.terminate()
        process.wait(timeout=PROCESS_BOUND)
        if process.stderr is not None:
            process.stderr.close()


# -- models and uploads in Azure's shape ------------------------------------------------------------------


def in_process(emulator: Emulator) -> httpx.Client:
    return httpx.Client(transport=emulator.transport(), base_url="https://r.openai.azure.com/openai",
                        params={"api-version": VERSION}, headers={"api-key": "k"})  # fmt: skip


def test_models_answer_azures_model() -> None:
    emulator = Emulator(clock="manual", seed=3, flavor="azure")
    http = in_process(emulator)
    file_id = http.post("/files", files={"file": ("t.jsonl", TRAINING)}, data={"purpose": "fine-tune"}).json()["id"]
    job = http.post(
        "/fine_tuning/jobs",
        json={"model": "gpt-4o-mini-2024-07-18", "training_file": file_id, "trainingType": 1, "suffix": "bot"},
    ).json()
    name = emulator.run_until(job["id"])["fine_tuned_model"]
    required = set(AZURE_SPEC["definitions"]["Model"]["required"])
    capabilities = set(AZURE_SPEC["definitions"]["Capabilities"]["required"])

    listing = http.get("/models").json()
    assert set(listing) == {"object", "data"}  # D29: no has_more, no first_id/last_id
    by_id = {m["id"]: m for m in listing["data"]}
    assert {"gpt-35-turbo-0613", "gpt-4o-mini-2024-07-18", name} <= set(by_id)  # Azure's own names listed too
    for model in listing["data"]:
        assert required <= set(model) and set(model["capabilities"]) == capabilities, model
        assert "created" not in model and "owned_by" not in model and "shutdown_date" not in model, model
        assert model["status"] == "succeeded" and model["lifecycle_status"] in ("preview", "generally-available")
        assert isinstance(model["created_at"], int) and isinstance(model["deprecation"]["inference"], int)
        assert ftkit.Model.from_dict(model).to_dict() == model

    base = http.get("/models/gpt-4o-mini-2024-07-18").json()
    assert base == by_id["gpt-4o-mini-2024-07-18"]
    # The emulator's shutdown date (2027-01-14) is Azure's end of inference, midnight UTC.
    assert base["deprecation"] == {"inference": 1799884800, "fine_tune": 1799884800}
    assert base["capabilities"]["fine_tune"] is True and "model" not in base and "fine_tune" not in base
    tuned = http.get(f"/models/{name}").json()
    assert tuned["model"] == "gpt-4o-mini-2024-07-18" and tuned["fine_tune"] == job["id"]
    assert tuned["deprecation"] == {"inference": 1799884800} and tuned["capabilities"]["fine_tune"] is False
    assert tuned["created_at"] == emulator.run_until(job["id"])["finished_at"]
    # None announced: the stand-in date (2027-10-01).
    assert http.get("/models/gpt-4o-2024-08-06").json()["deprecation"]["inference"] == 1822348800
    emulator.set_shutdown_date("gpt-4o-2024-08-06", "2027-02-01")
    assert http.get("/models/gpt-4o-2024-08-06").json()["deprecation"]["inference"] == 1801440000
    assert_azure_error(http.get("/models/nope"), 404, "notFound", "model")
    # D29: Azure's description has no model deletion.
    assert_azure_error(http.delete(f"/models/{name}"), 405, "invalidPayload")
    assert http.get(f"/models/{name}").status_code == 200
    emulator.close()


def test_uploads_answer_in_azures_shape() -> None:
    emulator = Emulator(clock="manual", seed=5, flavor="azure")
    http = in_process(emulator)
    content = (LINE + "\n").encode() * 30
    half = len(content) // 2
    created = http.post("/uploads", json={"purpose": "fine-tune", "filename": "big.jsonl", "bytes": len(content),
                                          "mime_type": "application/jsonl"})  # fmt: skip
    assert created.status_code == 200, created.text  # D10: 200 with a Location
    upload = created.json()
    assert re.fullmatch(f"fine-tune-{HEX32}", upload["id"]) and upload["status"] == "pending"
    assert "file" not in upload  # Azure types file as a plain File: left out, not null
    assert created.headers["location"] == f"/openai/uploads/{upload['id']}"
    parts = []
    for chunk in (content[:half], content[half:]):
        part = http.post(f"/uploads/{upload['id']}/parts", files={"data": ("blob", chunk)}).json()
        assert re.fullmatch(f"uplprt-{HEX32}", part["id"]) and part["upload_id"] == upload["id"]
        assert len(base64.b64decode(part["azure_block_id"])) == 16
        parts.append(part)
    # Azure's example completes with the block ids; part ids are taken too.
    done = http.post(f"/uploads/{upload['id']}/complete", json={"part_ids": [p["azure_block_id"] for p in parts]})
    assert done.status_code == 200, done.text
    completed = done.json()
    assert completed["status"] == "completed" and re.fullmatch(f"file-{HEX32}", completed["file"]["id"])
    assert http.get(f"/files/{completed['file']['id']}/content").content == content
    other = http.post("/uploads", json={"purpose": "fine-tune", "filename": "b.jsonl", "bytes": 4,
                                        "mime_type": "text/plain"}).json()  # fmt: skip
    part = http.post(f"/uploads/{other['id']}/parts", files={"data": ("blob", b"abcd")}).json()
    completed = http.post(f"/uploads/{other['id']}/complete", json={"part_ids": [part["id"]]}).json()
    assert completed["status"] == "completed"
    third = http.post("/uploads", json={"purpose": "fine-tune", "filename": "c.jsonl", "bytes": 4,
                                        "mime_type": "text/plain"}).json()  # fmt: skip
    assert http.post(f"/uploads/{third['id']}/cancel").json()["status"] == "cancelled"
    bad = http.post(f"/uploads/{third['id']}/complete", json={"part_ids": [part["azure_block_id"]]})
    assert_azure_error(bad, 400, "invalidPayload", "upload_id")
    for body in (upload, completed, part):
        name = classify(body)
        assert name is not None and model_class(name).from_dict(body).to_dict() == body
    emulator.close()
