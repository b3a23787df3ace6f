"""The generated models read every response example of the spec and the reference pages.

The fixtures in ``tests/fixtures/examples.json`` are produced by
``scripts/extract_examples.py`` from the trimmed spec's ``x-oaiMeta`` examples and the JSON
objects of ``../shared/reference`` (trailing commas removed, ``{ ... }`` placeholders
skipped). Each must parse with its model and come back unchanged from ``to_dict``.
"""

from __future__ import annotations

import copy
import importlib
import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import ftkit
import httpx
import pytest
import yaml
from conftest_emulator import JOB
from ftkit_api.models.fine_tuning_job import FineTuningJob
from ftkit_api.models.fine_tuning_job_status import FineTuningJobStatus
from ftkit_api.types import UNSET, FieldValueError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from extract_examples import class_name  # noqa: E402

EXAMPLES = json.loads((Path(__file__).parent / "fixtures" / "examples.json").read_text(encoding="utf-8"))
EFFECTIVE = yaml.safe_load((ROOT / "spec" / "effective.yaml").read_text(encoding="utf-8"))
KEY = "sk-test"


def response_models(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Class name -> component schema of every JSON answer (2xx) of every operation of the spec."""
    found: dict[str, dict[str, Any]] = {}
    for item in spec["paths"].values():
        for op in item.values():
            if not isinstance(op, dict):
                continue
            for status, response in op.get("responses", {}).items():
                ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
                if str(status).startswith("2") and ref:
                    name = ref.rsplit("/", 1)[-1]
                    found[class_name(spec, name)] = spec["components"]["schemas"][name]
    return dict(sorted(found.items()))


RESPONSE_MODELS = response_models(EFFECTIVE)


def model_class(name: str) -> Any:
    module = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower().replace("open_a_i", "open_ai")
    return getattr(importlib.import_module(f"ftkit_api.models.{module}"), name)


def test_fixture_counts() -> None:
    # Guards the extraction: fewer fixtures means an example source stopped being read.
    sources = {e["source"].split(" ")[0].split("/")[0] for e in EXAMPLES}
    assert sources == {"spec", "reference"}
    assert len([e for e in EXAMPLES if e["source"].startswith("spec")]) >= 30
    assert len([e for e in EXAMPLES if e["source"].startswith("reference")]) >= 15


@pytest.mark.parametrize("fixture", EXAMPLES, ids=[e["source"] for e in EXAMPLES])
def test_example_round_trips(fixture: dict[str, Any]) -> None:
    cls = model_class(fixture["model"])
    parsed = cls.from_dict(fixture["example"])
    assert parsed.to_dict() == fixture["example"]


def test_unknown_fields_and_status_survive_a_round_trip() -> None:
    raw = {
        "object": "fine_tuning.job",
        "id": "ftjob-1",
        "model": "gpt-4o-mini",
        "created_at": 1,
        "fine_tuned_model": None,
        "organization_id": "org-1",
        "result_files": [],
        "status": "defrosting",  # a status no spec lists
        "validation_file": None,
        "training_file": "file-1",
        "brand_new_field": {"nested": [1, 2]},
    }
    job = FineTuningJob.from_dict(raw)
    assert job.status == "defrosting"
    assert isinstance(job.status, FineTuningJobStatus)
    assert job["brand_new_field"] == {"nested": [1, 2]}
    assert job.to_dict() == raw
    assert json.loads(json.dumps(job.to_dict())) == raw


def test_known_status_is_the_enum_member() -> None:
    assert FineTuningJobStatus("paused") is FineTuningJobStatus.PAUSED


def test_main_models_are_exported() -> None:
    assert ftkit.FineTuningJob is FineTuningJob
    assert {"FineTuningJobEvent", "FineTuningJobCheckpoint", "OpenAIFile"} <= set(dir(ftkit))
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        ftkit.Nope  # noqa: B018


def test_a_malformed_nested_field_is_a_clear_error_on_first_access() -> None:
    from ftkit_api.types import FieldValueError

    raw = {**JOB, "status": "running", "method": {"type": "supervised", "supervised": 7}}
    job = FineTuningJob.from_dict(raw)  # nested models are converted when first read
    assert job.status == "running"
    with pytest.raises(FieldValueError) as info:
        _ = job.method.supervised
    assert "supervised" in str(info.value)
    assert isinstance(info.value, ValueError)


def read_all(value: Any) -> None:
    """Read every field of a model, recursively (lazy fields are converted on this read)."""
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            read_all(getattr(value, field.name))
    elif isinstance(value, list):
        for item in value:
            read_all(item)


def variants(example: Any) -> Iterator[tuple[str, Any]]:
    """The example with one key left out, then with it null, for every key of every object in it."""

    def paths(node: Any, at: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
        if isinstance(node, dict):
            for key, value in node.items():
                yield (*at, key)
                yield from paths(value, (*at, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from paths(value, (*at, i))

    for path in list(paths(example, ())):
        for mode in ("missing", "null"):
            changed = copy.deepcopy(example)
            parent = changed
            for step in path[:-1]:
                parent = parent[step]
            if mode == "missing":
                del parent[path[-1]]
            else:
                parent[path[-1]] = None
            yield f"{'.'.join(map(str, path))} {mode}", changed


def test_every_response_model_is_listed_and_has_an_example() -> None:
    # Guards the lists below: the response models come from the spec, not from a hand-made list.
    expected = {"FineTuningJob", "ListPaginatedFineTuningJobsResponse", "OpenAIFile", "ListFilesResponse"}
    assert expected <= set(RESPONSE_MODELS)
    with_example = {e["model"] for e in EXAMPLES}
    assert set(RESPONSE_MODELS) - with_example == set()


@pytest.mark.parametrize("name", list(RESPONSE_MODELS))
def test_a_minimal_answer_parses_and_round_trips(name: str) -> None:
    schema = RESPONSE_MODELS[name]
    tag = schema.get("properties", {}).get("object", {}).get("enum", ["thing"])[0]
    answer = {"id": "x-1", "object": tag}
    model = model_class(name).from_dict(answer)
    read_all(model)
    assert model.to_dict() == answer
    # Every field but the two given reads as absent (required ones included).
    others = [f.name for f in attrs.fields(type(model)) if f.name not in ("id", "object_", "additional_properties")]
    assert others and all(getattr(model, name) is UNSET for name in others), others


@pytest.mark.parametrize("fixture", EXAMPLES, ids=[e["source"] for e in EXAMPLES])
def test_every_field_missing_or_null_parses_and_round_trips(fixture: dict[str, Any]) -> None:
    # Every key of every object of the example (required ones included), left out or sent
    # as null in turn: the answer parses, every field reads, and to_dict gives it back.
    cls = model_class(fixture["model"])
    count = 0
    for label, answer in variants(fixture["example"]):
        model = cls.from_dict(answer)
        try:
            read_all(model)
            assert model.to_dict() == answer
        except Exception as exc:  # pragma: no cover - the message names the variant
            raise AssertionError(f"{fixture['source']}: {label}: {exc!r}") from exc
        count += 1
    assert count >= 2


def test_left_out_is_unset_and_null_is_none_and_both_come_back() -> None:
    job = FineTuningJob.from_dict(
        {
            "id": "ft-72a2",
            "object": "fine_tuning.job",
            "status": "pending",
            "result_files": None,
            "organization_id": None,
            "hyperparameters": {"n_epochs": -1},
        }
    )
    assert job.training_file is UNSET and job.validation_file is UNSET and job.seed is UNSET
    assert job.result_files is None and job.organization_id is None
    assert job.status == "pending"  # a status no spec lists is kept
    assert job.hyperparameters.n_epochs == -1
    assert job.to_dict() == {
        "id": "ft-72a2",
        "object": "fine_tuning.job",
        "status": "pending",
        "result_files": None,
        "organization_id": None,
        "hyperparameters": {"n_epochs": -1},
    }


def test_a_required_field_built_as_unset_is_not_sent() -> None:
    from ftkit_api.models.create_fine_tuning_job_request import CreateFineTuningJobRequest

    body = CreateFineTuningJobRequest(model="gpt-4o-mini", training_file=UNSET)  # type: ignore[arg-type]
    assert body.to_dict() == {"model": "gpt-4o-mini"}


def test_type_tags_stay_strict_so_unions_pick_the_right_member() -> None:
    from ftkit_api.models.fine_tune_reinforcement_method import FineTuneReinforcementMethod
    from ftkit_api.models.python_grader import PythonGrader
    from ftkit_api.models.string_check_grader import StringCheckGrader

    with pytest.raises(ValueError):
        StringCheckGrader.from_dict({"type": "python", "name": "g", "source": "def grade(s, i): return 1"})
    with pytest.raises(ValueError):
        FineTuningJob.from_dict({"id": "file-1", "object": "file"})
    grader = {"type": "python", "name": "g", "source": "def grade(s, i): return 1"}
    method = FineTuneReinforcementMethod.from_dict({"grader": grader})
    assert isinstance(method.grader, PythonGrader)
    assert method.to_dict() == {"grader": grader}
    # A grader without its tag is still read (by the first member that takes it), not refused.
    untagged = {"name": "g", "input": "{{sample.output_text}}", "reference": "x", "operation": "eq"}
    assert FineTuneReinforcementMethod.from_dict({"grader": untagged}).to_dict() == {"grader": untagged}


def test_a_malformed_value_names_the_model_and_the_field_and_is_an_ftkit_error() -> None:
    from ftkit.errors import ResponseFieldError

    job = FineTuningJob.from_dict({"id": "ftjob-1", "object": "fine_tuning.job", "integrations": "wandb"})
    with pytest.raises(FieldValueError) as info:
        _ = job.integrations[0].wandb
    exc = info.value
    assert (exc.model, exc.field) == ("FineTuningJob", "integrations")
    assert isinstance(exc, ResponseFieldError)
    assert isinstance(exc, ftkit.APIResponseValidationError) and isinstance(exc, ftkit.APIError)
    assert isinstance(exc, ftkit.FtkitError) and isinstance(exc, ValueError)
    assert exc.message == str(exc) and exc.response is None


def test_from_dict_refuses_what_is_not_an_object() -> None:
    for bad in ([["id", "ftjob-1"]], 7, "ftjob-1", None):
        with pytest.raises(TypeError, match="FineTuningJob: expected a JSON object"):
            FineTuningJob.from_dict(bad)  # type: ignore[arg-type]


def test_the_error_class_hook_takes_only_field_value_errors() -> None:
    from ftkit_api.types import set_field_value_error_class

    with pytest.raises(TypeError, match="subclass of FieldValueError"):
        set_field_value_error_class(ValueError)  # type: ignore[arg-type]


# Malformed answers through the client, from a fake server (an httpx transport): every error
# that reaches the caller is an APIResponseValidationError, at the call or when a field is read.
_JOB = {"id": "ftjob-1", "object": "fine_tuning.job", "model": "gpt-4o-mini", "status": "running", "created_at": 1}
MALFORMED: dict[str, tuple[str, Any]] = {
    "job is a list": ("retrieve", [_JOB]),
    "job is a number": ("retrieve", 42),
    "job is not JSON": ("retrieve", b"<html>oops</html>"),
    "job with a wrong object tag": ("retrieve", {**_JOB, "object": "file"}),
    "job with a number for its method": ("retrieve", {**_JOB, "method": 3}),
    "job with a string for its hyperparameters' integrations": ("retrieve", {**_JOB, "integrations": [5]}),
    "list whose data is a number": ("list", {"object": "list", "data": 5, "has_more": False}),
    "list whose data holds numbers": ("list", {"object": "list", "data": [1, 2], "has_more": False}),
    "list whose data is an object": ("list", {"object": "list", "data": {"id": "ftjob-1"}, "has_more": False}),
    "events whose items are strings": ("events", {"object": "list", "data": ["x"], "has_more": False}),
    "file list with a job for a file": ("files", {"object": "list", "data": [[1]], "has_more": False}),
}


def _transport(body: Any) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        if isinstance(body, bytes):
            return httpx.Response(200, content=body, headers={"content-type": "application/json"})
        return httpx.Response(200, json=body)

    return httpx.MockTransport(answer)


def _read_everything(result: Any) -> None:
    for item in list(result) if not attrs.has(type(result)) else [result]:
        read_all(item)


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_answer_is_an_api_response_validation_error(case: str) -> None:
    call, body = MALFORMED[case]
    with ftkit.Client(api_key=KEY, base_url="https://x.test/v1", transport=_transport(body), max_retries=0) as client:
        run = {
            "retrieve": lambda: client.jobs.retrieve("ftjob-1"),
            "list": lambda: client.jobs.list(),
            "events": lambda: client.jobs.events("ftjob-1"),
            "files": lambda: client.files.list(),
        }[call]
        with pytest.raises(ftkit.APIResponseValidationError) as info:
            _read_everything(run())
    assert isinstance(info.value, ftkit.FtkitError)


@pytest.mark.parametrize("case", ["job is a list", "job with a number for its method", "list whose data holds numbers"])
async def test_a_malformed_answer_is_an_api_response_validation_error_async(case: str) -> None:
    call, body = MALFORMED[case]
    async with ftkit.AsyncClient(
        api_key=KEY, base_url="https://x.test/v1", transport=_transport(body), max_retries=0
    ) as client:
        with pytest.raises(ftkit.APIResponseValidationError):
            if call == "retrieve":
                read_all(await client.jobs.retrieve("ftjob-1"))
            else:
                page = await client.jobs.list()
                for job in page.data:
                    read_all(job)


def test_the_models_and_uploads_endpoints_against_prism(prism_url: str) -> None:
    # The generated endpoints of the models and the Uploads API: Prism (serving
    # spec/effective.yaml) checks every request and answers from the spec's examples.
    from ftkit_api.api.models import delete_model, list_models, retrieve_model
    from ftkit_api.api.uploads import add_upload_part, cancel_upload, complete_upload, create_upload
    from ftkit_api.client import AuthenticatedClient
    from ftkit_api.models.add_upload_part_request import AddUploadPartRequest
    from ftkit_api.models.complete_upload_request import CompleteUploadRequest
    from ftkit_api.models.create_upload_request import CreateUploadRequest
    from ftkit_api.models.create_upload_request_purpose import CreateUploadRequestPurpose
    from ftkit_api.models.upload_status import UploadStatus
    from ftkit_api.types import File

    client = AuthenticatedClient(base_url=prism_url, token="test", raise_on_unexpected_status=True)
    models = list_models.sync(client=client)
    assert models is not None and models.object_ == "list" and isinstance(models.data, list)
    model = retrieve_model.sync("gpt-4o-mini", client=client)
    assert model is not None and model.object_ == "model"
    deleted = delete_model.sync("ft:gpt-4o-mini:acme:suffix:abc123", client=client)
    assert deleted is not None and isinstance(deleted.deleted, bool)
    upload = create_upload.sync(
        client=client,
        body=CreateUploadRequest(
            filename="train.jsonl", purpose=CreateUploadRequestPurpose.FINE_TUNE, bytes_=10, mime_type="text/jsonl"
        ),
    )
    assert upload is not None and isinstance(upload.status, UploadStatus)
    part = add_upload_part.sync(
        upload.id,
        client=client,
        body=AddUploadPartRequest(data=File(payload=io.BytesIO(b'{"a": 1}\n'), file_name="part")),
    )
    assert part is not None and part.object_ == "upload.part"
    done = complete_upload.sync(upload.id, client=client, body=CompleteUploadRequest(part_ids=[part.id], md5="x"))
    assert done is not None and isinstance(done.status, UploadStatus)
    assert done.file is None or done.file is UNSET or isinstance(done.file, ftkit.OpenAIFile)
    cancelled = cancel_upload.sync(upload.id, client=client)
    assert cancelled is not None and cancelled.to_dict()["id"]
    # A request the spec refuses is refused (Prism validates): no mime_type.
    refused = client.get_httpx_client().post("/uploads", json={"filename": "t", "purpose": "fine-tune", "bytes": 1})
    assert refused.status_code in (400, 422)
