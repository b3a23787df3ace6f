"""Creating a job from local files (``client.jobs.create_from_files``, ``ftkit.create``)
against the in-process emulator: every argument checked before anything is uploaded, the
data validated before it is uploaded, then the uploads and the job."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ftkit
import httpx
import pytest
from conftest_emulator import jsonl, preference_line, training_file
from ftkit.create import IDEMPOTENCY_METADATA_KEY, DataChecked, FileUploaded, ModelChecked, job_request, local_file
from ftkit.emulator import Emulator

UPLOADS = "POST /files"
CREATE = "POST /fine_tuning/jobs"
MODEL = "gpt-4o-mini-2024-07-18"


@pytest.fixture
def emulator() -> Emulator:
    return Emulator(clock="manual", seed=0)


@pytest.fixture
def client(emulator: Emulator) -> Iterator[ftkit.Client]:
    with ftkit.Client(api_key="sk-test", transport=emulator.transport()) as c:
        yield c


@pytest.fixture
def train(tmp_path: Path) -> Path:
    path = tmp_path / "train.jsonl"
    path.write_bytes(training_file(12))
    return path


@pytest.fixture
def valid(tmp_path: Path) -> Path:
    path = tmp_path / "valid.jsonl"
    path.write_bytes(training_file(10).replace(b"What", b"Which"))
    return path


def nothing_uploaded(client: ftkit.Client, emulator: Emulator) -> bool:
    return emulator.request_count(UPLOADS) == 0 and client.files.list().data == []


def test_validates_uploads_and_creates(client: ftkit.Client, emulator: Emulator, train: Path, valid: Path) -> None:
    steps: list[Any] = []
    job = client.jobs.create_from_files(
        model=MODEL, training_file=train, validation_file=str(valid), suffix="bot", on_step=steps.append
    )
    assert [type(step) for step in steps] == [DataChecked, ModelChecked, FileUploaded, FileUploaded]
    checked, looked_up, uploaded_train, uploaded_valid = steps
    assert looked_up.name == MODEL and looked_up.model.id == MODEL
    assert checked.path == train and checked.validation_path == valid and checked.report.valid
    assert checked.report.stats.examples == 12
    assert (uploaded_train.path, uploaded_valid.path) == (train, valid)
    assert job.training_file == uploaded_train.file.id and job.validation_file == uploaded_valid.file.id
    assert job.to_dict()["user_provided_suffix"] == "bot"
    assert IDEMPOTENCY_METADATA_KEY in job.metadata.additional_properties
    assert emulator.request_count(UPLOADS) == 2 and emulator.request_count(CREATE) == 1


def test_file_ids_pass_through(client: ftkit.Client, emulator: Emulator, valid: Path) -> None:
    training = client.files.upload(training_file(10))
    steps: list[Any] = []
    job = client.jobs.create_from_files(
        model=MODEL, training_file=training.id, validation_file=valid, on_step=steps.append
    )
    # Only the local file is checked (alone) and uploaded.
    assert [type(step) for step in steps] == [DataChecked, ModelChecked, FileUploaded]
    assert steps[0].path == valid and steps[0].validation_path is None
    assert job.training_file == training.id and job.validation_file == steps[2].file.id


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"suffix": "x" * 65}, "suffix"),
        ({"suffix": ""}, "suffix"),
        ({"seed": -1}, "seed"),
        ({"seed": "42"}, "seed"),
        ({"metadata": {f"k{i}": "v" for i in range(17)}}, "metadata"),
        ({"metadata": {"team": 7}}, "metadata['team']"),
        ({"model": " "}, "model"),
        (
            {"method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 0}}}},
            "method.supervised.hyperparameters.n_epochs",
        ),
        ({"method": {"type": "sft"}}, "method.type"),
        ({"hyperparameters": {"batch_size": 0}}, "hyperparameters.batch_size"),
        ({"integrations": [{"type": "wandb", "wandb": {}}]}, "integrations[0].wandb.project"),
        ({"idempotency_key": ""}, "idempotency_key"),
        ({"validation_file": "missing/valid.jsonl"}, "validation_file"),
        ({"validation_file": ""}, "validation_file"),
        ({"validate_data": "yes"}, "validate_data"),
    ],
)
def test_a_bad_argument_uploads_nothing(
    client: ftkit.Client, emulator: Emulator, train: Path, arguments: dict[str, Any], named: str
) -> None:
    given = {"model": MODEL, "training_file": train, **arguments}
    with pytest.raises(ftkit.ValidationError) as caught:
        client.jobs.create_from_files(**given)
    assert caught.value.argument == named
    assert emulator.request_count() == 0  # nothing was sent at all
    assert nothing_uploaded(client, emulator)


def test_a_missing_training_file_is_named(client: ftkit.Client, emulator: Emulator, tmp_path: Path) -> None:
    for missing in (tmp_path / "nope.jsonl", str(tmp_path / "nope.jsonl"), "nope.jsonl"):
        with pytest.raises(ftkit.ValidationError, match="no such file") as caught:
            client.jobs.create_from_files(model=MODEL, training_file=missing)
        assert caught.value.argument == "training_file"
    with pytest.raises(ftkit.ValidationError, match="not a file"):
        client.jobs.create_from_files(model=MODEL, training_file=tmp_path)
    assert emulator.request_count() == 0


def test_invalid_data_raises_with_the_report_and_uploads_nothing(
    client: ftkit.Client, emulator: Emulator, tmp_path: Path, valid: Path
) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(training_file(12) + b'{"messages": [{"role": "wizard", "content": "x"}]}\n')
    with pytest.raises(ftkit.TrainingDataError) as caught:
        client.jobs.create_from_files(model=MODEL, training_file=broken, validation_file=valid)
    error = caught.value
    assert isinstance(error, ftkit.FtkitError) and isinstance(error, ValueError)
    assert error.path == str(broken) and not error.report.valid and error.report.error_counts
    assert "nothing was uploaded" in str(error)
    assert "broken.jsonl" in error.report.to_text()
    assert nothing_uploaded(client, emulator)


def test_the_method_decides_the_data_format(client: ftkit.Client, tmp_path: Path) -> None:
    preferences = tmp_path / "dpo.jsonl"
    preferences.write_bytes(jsonl([preference_line(i) for i in range(12)]))
    with pytest.raises(ftkit.TrainingDataError):  # not chat examples
        client.jobs.create_from_files(model=MODEL, training_file=preferences)
    job = client.jobs.create_from_files(model=MODEL, training_file=preferences, method=ftkit.Method.dpo(beta=0.2))
    assert job.method.type_ == "dpo"


def test_skipping_validation_uploads_as_given(client: ftkit.Client, emulator: Emulator, tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b"not json\n")
    steps: list[Any] = []
    job = client.jobs.create_from_files(
        model=MODEL, training_file=broken, validate_data=False, idempotency_key=False, on_step=steps.append
    )
    assert [type(step) for step in steps] == [ModelChecked, FileUploaded]
    assert job.training_file == steps[1].file.id and emulator.request_count(UPLOADS) == 1


async def test_async_create_from_files(emulator: Emulator, train: Path) -> None:
    heard: list[str] = []

    async def on_step(step: Any) -> None:
        heard.append(type(step).__name__)

    async with ftkit.AsyncClient(api_key="sk-test", transport=emulator.transport()) as aclient:
        with pytest.raises(ftkit.ValidationError):
            await aclient.jobs.create_from_files(model=MODEL, training_file=train, seed=2**31)
        assert emulator.request_count() == 0
        job = await aclient.jobs.create_from_files(model=MODEL, training_file=train, on_step=on_step)
    assert heard == ["DataChecked", "ModelChecked", "FileUploaded"] and job.training_file.startswith("file-")


def test_job_request_checks_and_builds_the_body() -> None:
    request = job_request(model=MODEL, method=ftkit.Method.supervised(n_epochs=2), metadata={"team": "a"},
                          idempotency_key="key-1")  # fmt: skip
    assert request.key == "key-1" and request.method_type == "supervised" and request.grader is None
    body = request.body("file-a", "file-b").to_dict()
    assert body["metadata"] == {"team": "a", IDEMPOTENCY_METADATA_KEY: "key-1"}
    assert (body["training_file"], body["validation_file"]) == ("file-a", "file-b")
    grader = ftkit.Grader.string_check("exact", "{{sample.output_text}}", "{{item.label}}", "eq")
    rft = job_request(model="o4-mini", method=ftkit.Method.reinforcement(grader))
    assert rft.method_type == "reinforcement" and rft.grader == json.loads(json.dumps(grader.to_dict()))


def test_local_file_tells_paths_from_ids(train: Path) -> None:
    assert local_file("file-abc", "training_file") is None
    assert local_file(train, "training_file") == train
    assert local_file(str(train), "training_file") == train
    with pytest.raises(ftkit.ValidationError):
        local_file(42, "training_file")  # type: ignore[arg-type]


# -- the base model, looked up before anything is uploaded ----------------------------------------

LOOKUP = "GET /models/{model}"


def test_an_unknown_model_is_refused_before_any_upload(emulator: Emulator, train: Path) -> None:
    with (
        ftkit.Client(api_key="sk-test", transport=emulator.transport()) as client,
        pytest.raises(ftkit.ValidationError) as caught,
    ):
        client.jobs.create_from_files(model="gpt-5-bogus", training_file=train)
    assert caught.value.argument == "model" and "404" in str(caught.value) and "gpt-5-bogus" in str(caught.value)
    assert emulator.request_count(LOOKUP) == 1
    assert emulator.request_count(UPLOADS) == 0 and emulator.request_count(CREATE) == 0


async def test_an_unknown_model_is_refused_before_any_upload_on_the_async_client_too(
    emulator: Emulator, train: Path
) -> None:
    async with ftkit.AsyncClient(api_key="sk-test", transport=emulator.transport()) as client:
        with pytest.raises(ftkit.ValidationError, match=r"^model: 'gpt-5-bogus'"):
            await client.jobs.create_from_files(model="gpt-5-bogus", training_file=train)
    assert emulator.request_count(UPLOADS) == 0 and emulator.request_count(LOOKUP) == 1


def test_an_unknown_model_is_refused_on_azure_too(train: Path) -> None:
    with Emulator(clock="manual", flavor="azure") as azure:
        client = ftkit.AzureClient(
            azure_endpoint="https://r.openai.azure.com", api_key="k", transport=azure.transport()
        )
        with pytest.raises(ftkit.ValidationError) as caught:
            client.jobs.create_from_files(model="gpt-5-bogus", training_file=train, training_type="standard")
        assert caught.value.argument == "model" and azure.request_count(UPLOADS) == 0


class RouteMissing(httpx.BaseTransport):
    """The emulator, behind a server that has no ``GET /models/{model}`` of its own: it answers
    that route with ``answer`` and forwards the rest."""

    def __init__(self, emulator: Emulator, answer: httpx.Response) -> None:
        self.inner, self.answer = emulator.transport(), answer

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and "/models/" in request.url.path:
            return self.answer
        return self.inner.handle_request(request)


ROUTE_NOT_FOUND = [
    httpx.Response(404, json={"error": {"message": "Unknown request URL: GET /v1/models/gpt-5-bogus."}}),
    httpx.Response(404, json={"detail": "Not Found"}),
    httpx.Response(404, text="<html>404 Not Found</html>"),
    httpx.Response(405, json={"error": {"message": "Method not allowed"}}),
    httpx.Response(200, text="not a model"),
]


@pytest.mark.parametrize("answer", ROUTE_NOT_FOUND, ids=["unknown URL", "detail", "html", "405", "unreadable"])
def test_a_look_up_that_cannot_be_made_never_refuses(emulator: Emulator, train: Path, answer: httpx.Response) -> None:
    # A server without the route (or one whose answer says nothing of the model): the upload and
    # the create go on, and the server's answer to the create decides.
    with ftkit.Client(api_key="sk-test", transport=RouteMissing(emulator, answer), max_retries=0) as client:
        job = client.jobs.create_from_files(model=MODEL, training_file=train)
        assert job.model == MODEL and emulator.request_count(UPLOADS) == 1
        with pytest.raises(ftkit.BadRequestError, match="gpt-5-bogus"):
            client.jobs.create_from_files(model="gpt-5-bogus", training_file=train)


@pytest.mark.parametrize("fault", [{"status": 500}, {"status": 401}, {"drop": True}], ids=["500", "401", "drop"])
def test_a_failed_look_up_never_refuses(emulator: Emulator, train: Path, fault: dict[str, Any]) -> None:
    emulator.inject(LOOKUP, **fault)
    with ftkit.Client(api_key="sk-test", transport=emulator.transport(), max_retries=0) as client:
        steps: list[Any] = []
        job = client.jobs.create_from_files(model=MODEL, training_file=train, on_step=steps.append)
    assert job.model == MODEL and emulator.request_count(LOOKUP) == 1 and emulator.request_count(UPLOADS) == 1
    assert [s.model for s in steps if isinstance(s, ModelChecked)] == [None]


@pytest.mark.filterwarnings("ignore:.*is neither OpenAI's API nor Azure OpenAI")
def test_another_servers_models_are_looked_up_but_never_refused(emulator: Emulator, train: Path) -> None:
    # Another server's /models may not list the models it fine-tunes: its 404 does not stop the create.
    with (
        ftkit.Client(api_key="sk-test", transport=emulator.transport(), server="generic") as client,
        pytest.raises(ftkit.BadRequestError, match="gpt-5-bogus"),
    ):
        client.jobs.create_from_files(model="gpt-5-bogus", training_file=train)
    assert emulator.request_count(LOOKUP) == 1 and emulator.request_count(UPLOADS) == 1


def test_file_ids_alone_need_no_look_up(client: ftkit.Client, emulator: Emulator) -> None:
    # Nothing to upload, nothing to orphan: the create's own answer says what is wrong.
    uploaded = client.files.upload(training_file(10))
    with pytest.raises(ftkit.BadRequestError):
        client.jobs.create_from_files(model="gpt-5-bogus", training_file=uploaded.id)
    assert emulator.request_count(LOOKUP) == 0
