"""Azure OpenAI's REST description as test material (spec/azure/, see DIFFERENCES.md there).

Every example answer Azure publishes for jobs, events, checkpoints, files, uploads and
models parses with ftkit's generated models and comes back unchanged; the trimmed copy is
reproducible by scripts/trim_azure.py; Prism serving it (the ``azure_prism_url`` fixture)
takes requests the way Azure does.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import ftkit
import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
AZURE = ROOT / "spec" / "azure"
sys.path.insert(0, str(ROOT / "scripts"))
from extract_examples import classify  # noqa: E402

EXAMPLE_FILES = sorted(AZURE.glob("*/examples/*.json"))
API_VERSION = "2024-10-21"
HEADERS = {"api-key": "test-key"}


def _answers() -> list[tuple[str, str, Any]]:
    found = []
    for path in EXAMPLE_FILES:
        doc = json.loads(path.read_text(encoding="utf-8"))
        for status, response in doc["responses"].items():
            body = response.get("body")
            if isinstance(body, dict):
                model = classify(body)
                assert model is not None, f"{path.name}: no model for this answer"
                found.append((f"{path.parent.parent.name}/{path.name}#{status}", model, body))
    return found


ANSWERS = _answers()


def model_class(name: str) -> Any:
    module = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower().replace("open_a_i", "open_ai")
    return getattr(importlib.import_module(f"ftkit_api.models.{module}"), name)


def read_all(value: Any) -> None:
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            read_all(getattr(value, field.name))
    elif isinstance(value, list):
        for item in value:
            read_all(item)


def test_the_examples_cover_every_kind_of_answer() -> None:
    models = {model for _, model, _ in ANSWERS}
    assert {
        "FineTuningJob",
        "ListPaginatedFineTuningJobsResponse",
        "ListFineTuningJobEventsResponse",
        "ListFineTuningJobCheckpointsResponse",
        "OpenAIFile",
        "ListFilesResponse",
        "DeleteFileResponse",
        "Model",
        "ListModelsResponse",
        "Upload",
        "UploadPart",
    } <= models
    assert len(ANSWERS) >= 20


@pytest.mark.parametrize(("source", "model", "body"), ANSWERS, ids=[a[0] for a in ANSWERS])
def test_every_azure_example_answer_parses_and_round_trips(source: str, model: str, body: Any) -> None:
    parsed = model_class(model).from_dict(body)
    read_all(parsed)
    assert parsed.to_dict() == body


def test_the_azure_job_of_the_issue_reads_as_ftkit_sees_it() -> None:
    doc = json.loads((AZURE / "2024-10-21" / "examples" / "get_finetuning_job.json").read_text(encoding="utf-8"))
    job = ftkit.FineTuningJob.from_dict(doc["responses"]["200"]["body"])
    assert job.id.startswith("ft-") and job.model == "curie" and job.status == "succeeded"
    assert job.hyperparameters.n_epochs == -1
    assert not job.organization_id and not job.validation_file and not job.seed  # left out: UNSET


def test_the_trimmed_copy_is_what_the_script_makes_of_it(tmp_path: Path) -> None:
    # Trimming the committed copy again gives it back byte for byte, examples included.
    source = AZURE / "2024-10-21"
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "trim_azure.py"), str(source), str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert (out / "azureopenai.json").read_bytes() == (source / "azureopenai.json").read_bytes()
    names = sorted(p.name for p in (source / "examples").iterdir())
    assert sorted(p.name for p in (out / "examples").iterdir()) == names
    upstream = (source / "UPSTREAM").read_text(encoding="utf-8")
    assert "commit: 3ecc2097448a36c8fba6e1a88b737b50a146ceaf" in upstream
    assert "stable/2024-10-21/azureopenai.json" in upstream


def test_the_trimmed_v1_copy_is_what_the_script_makes_of_it(tmp_path: Path) -> None:
    # The v1 description (OpenAPI 3): the same, and its parts read as Azure's v1 API has them.
    source = AZURE / "v1"
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "trim_azure.py"), str(source), str(out),
                           "--input", "azure-v1-v1-generated.json"], capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    name = "azure-v1-v1-generated.json"
    assert (out / name).read_bytes() == (source / name).read_bytes()
    v1 = json.loads((source / name).read_text(encoding="utf-8"))
    assert v1["servers"][0]["url"] == "{endpoint}/openai/v1" and v1["info"]["version"] == "v1"
    assert "/uploads" not in v1["paths"] and "/fine_tuning/alpha/graders/run" not in v1["paths"]
    copy = "/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints/{fine_tuning_checkpoint_id}/copy"
    headers = {p["name"]: p for p in v1["paths"][copy]["post"]["parameters"] if p["in"] == "header"}
    assert headers["aoai-copy-ft-checkpoints"]["schema"]["enum"] == ["preview"]
    version = v1["components"]["schemas"]["AzureAIFoundryModelsApiVersion"]["enum"]
    assert version == ["v1", "preview"]
    assert "commit: 2d621d46fbf8c4ab91071d49e8fe6f4def21ee0b" in (source / "UPSTREAM").read_text(encoding="utf-8")


def test_trim_azure_keeps_only_the_fine_tuning_surface() -> None:
    from trim_azure import trim

    spec = {
        "swagger": "2.0",
        "info": {},
        "paths": {
            "/batches": {"get": {"responses": {"200": {"schema": {"$ref": "#/definitions/Batch"}}}}},
            "/fine_tuning/jobs": {
                "get": {
                    "parameters": [{"$ref": "#/parameters/v"}],
                    "responses": {"200": {"schema": {"$ref": "#/definitions/Job"}}},
                    "x-ms-examples": {"a": {"$ref": "./examples/a.json"}, "b": {"$ref": "./examples/b.json"}},
                }
            },
        },
        "definitions": {"Batch": {}, "Job": {"properties": {"s": {"$ref": "#/definitions/State"}}}, "State": {}},
        "parameters": {"v": {"in": "query"}, "unused": {}},
    }
    out, used, missing = trim(spec, {"a.json"})
    assert list(out["paths"]) == ["/fine_tuning/jobs"]
    assert sorted(out["definitions"]) == ["Job", "State"] and list(out["parameters"]) == ["v"]
    assert used == ["a.json"] and missing == ["GET /fine_tuning/jobs: ./examples/b.json"]
    assert list(out["paths"]["/fine_tuning/jobs"]["get"]["x-ms-examples"]) == ["a"]


# Prism serving Azure's description: a few raw requests, the way Azure takes them.


def test_azure_prism_takes_requests_the_way_azure_does(azure_prism_url: str) -> None:
    base = f"{azure_prism_url}/openai"
    with httpx.Client(base_url=base, timeout=10) as client:
        ok = client.get("/fine_tuning/jobs", params={"api-version": API_VERSION, "limit": 2}, headers=HEADERS)
        assert ok.status_code == 200, ok.text
        assert isinstance(ok.json()["data"], list)
        assert client.get("/fine_tuning/jobs", params={"api-version": API_VERSION}).status_code == 401  # no api-key
        assert client.get("/fine_tuning/jobs", headers=HEADERS).status_code == 422  # no api-version
        # OpenAI's auth header is not Azure's.
        bearer = client.get(
            "/fine_tuning/jobs", params={"api-version": API_VERSION}, headers={"Authorization": "Bearer test-key"}
        )
        assert bearer.status_code == 401
        created = client.post(
            "/fine_tuning/jobs",
            params={"api-version": API_VERSION},
            headers=HEADERS,
            json={"model": "gpt-4o-mini-2024-07-18", "training_file": "file-1", "seed": 7},
        )
        assert created.status_code == 201, created.text  # Azure answers 201, OpenAI 200
        refused = client.post(
            "/fine_tuning/jobs",
            params={"api-version": API_VERSION},
            headers=HEADERS,
            json={"model": "gpt-4o-mini-2024-07-18"},
        )
        assert refused.status_code == 422 and "error" in refused.json()  # Azure's error shape
        job = client.get("/fine_tuning/jobs/ftjob-1", params={"api-version": API_VERSION}, headers=HEADERS)
        assert job.status_code == 200
        assert (
            client.get(
                "/fine_tuning/jobs/ftjob-1/events", params={"api-version": API_VERSION}, headers=HEADERS
            ).status_code
            == 200
        )
        assert (
            client.get(
                "/fine_tuning/jobs/ftjob-1/checkpoints", params={"api-version": API_VERSION}, headers=HEADERS
            ).status_code
            == 200
        )
        assert (
            client.post(
                "/fine_tuning/jobs/ftjob-1/cancel", params={"api-version": API_VERSION}, headers=HEADERS
            ).status_code
            == 200
        )
        upload = client.post(
            "/files",
            params={"api-version": API_VERSION},
            headers=HEADERS,
            data={"purpose": "fine-tune"},
            files={"file": ("train.jsonl", b'{"messages": []}\n')},
        )
        assert upload.status_code == 201, upload.text
        assert client.get("/models", params={"api-version": API_VERSION}, headers=HEADERS).status_code == 200
        # The spec's pause and resume are not in this stable version (preview only).
        assert (
            client.post(
                "/fine_tuning/jobs/ftjob-1/pause", params={"api-version": API_VERSION}, headers=HEADERS
            ).status_code
            == 404
        )
