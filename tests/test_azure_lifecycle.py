"""Models, large uploads, export and replay on Azure OpenAI: ``AzureClient`` against the
emulator's Azure flavour (in-process, and served for the command line)."""

from __future__ import annotations

import asyncio
import base64
import datetime
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ftkit
import httpx
import pytest
from click.testing import CliRunner, Result
from ftkit import archive
from ftkit.cli import cli
from ftkit.cli._samples import write_samples
from ftkit.emulator import Emulator, EmulatorServer
from ftkit.replay import FileReused

VERSION = "2024-10-21"
KEY = "azure-lifecycle-key"
ENDPOINT = "https://my-resource.openai.azure.com"
BASE = "gpt-4o-mini-2024-07-18"
azure = pytest.mark.ftkit_emulator(flavor="azure", api_key=KEY)


@pytest.fixture(autouse=True)
def no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY",
                 "AZURE_OPENAI_AD_TOKEN", "OPENAI_API_VERSION"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def azure_emulator() -> Iterator[Emulator]:
    with Emulator(clock="manual", seed=1, flavor="azure") as emulator:
        yield emulator


def azure_client(emulator: Emulator, **options: Any) -> ftkit.AzureClient:
    return ftkit.AzureClient(azure_endpoint=ENDPOINT, api_version=VERSION, api_key=KEY,
                             transport=emulator.transport(), **options)  # fmt: skip


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        runner = CliRunner()
    return runner.invoke(cli, list(args), catch_exceptions=True, env=env)


def on_azure(server: EmulatorServer, *args: str) -> Result:
    return invoke("--azure-endpoint", server.endpoint, "--api-version", VERSION, "--api-key", KEY, *args)


def supervised_job(client: ftkit.Client, emulator: Emulator, tmp: Path, **options: Any) -> Any:
    samples = write_samples("supervised", tmp / "samples")
    job = client.jobs.create_from_files(
        model=BASE,
        training_file=samples.training,
        validation_file=samples.validation,
        method=ftkit.Method.supervised(n_epochs=1),
        tokens="estimate",
        **options,
    )
    emulator.run_until(job.id, "succeeded")
    return client.jobs.retrieve(job.id)


# -- models --------------------------------------------------------------------------------------------


def test_models_on_azure_read_azures_model(azure_emulator: Emulator, tmp_path: Path) -> None:
    client = azure_client(azure_emulator)
    base = client.models.retrieve(BASE)
    # Azure sends no shutdown_date: its end of inference (deprecation.inference) is the date.
    assert "shutdown_date" not in base.to_dict() and "deprecation" in base.to_dict()
    assert ftkit.models.shutdown_date(base) == datetime.date(2027, 1, 14)
    assert ftkit.models.days_left(base, datetime.date(2027, 1, 4)) == 10
    assert ftkit.models.created_at(base) == base["created_at"] and not ftkit.models.is_fine_tuned(base)
    assert client.models.list(fine_tuned=True) == []
    job = supervised_job(client, azure_emulator, tmp_path, suffix="bot", training_type="standard")
    mine = client.models.list(fine_tuned=True)
    assert [m.id for m in mine] == [job.fine_tuned_model]
    assert ftkit.models.is_fine_tuned(mine[0]) and ftkit.models.base_model(mine[0].id) == BASE
    assert ftkit.models.made_by(mine[0]) == job.id
    assert ftkit.models.shutdown_date(mine[0]) == datetime.date(2027, 1, 14)
    assert ftkit.models.created_at(mine[0]) == job.finished_at
    everything = client.models.list()
    assert job.fine_tuned_model in {m.id for m in everything} and "gpt-35-turbo-0613" in {m.id for m in everything}
    with pytest.raises(ftkit.APIStatusError) as caught:  # Azure has no model deletion (405)
        client.models.delete(job.fine_tuned_model)
    assert caught.value.status_code == 405

    async def main() -> Any:
        async with ftkit.AsyncAzureClient(azure_endpoint=ENDPOINT, api_version=VERSION, api_key=KEY,
                                          transport=azure_emulator.transport()) as aclient:  # fmt: skip
            return await aclient.models.retrieve("gpt-4o-2024-08-06")

    assert ftkit.models.shutdown_date(asyncio.run(main())) == datetime.date(2027, 10, 1)  # none announced


@azure
def test_cli_models_list_on_azure(ftkit_emulator_server: EmulatorServer, tmp_path: Path) -> None:
    with ftkit.AzureClient(azure_endpoint=ftkit_emulator_server.endpoint, api_version=VERSION, api_key=KEY) as client:
        job = supervised_job(client, ftkit_emulator_server.emulator, tmp_path, suffix="bot", training_type="standard")
    listed = on_azure(ftkit_emulator_server, "models", "list", "--fine-tuned", "--json")
    assert listed.exit_code == 0, listed.stderr
    rows = json.loads(listed.stdout)
    served = ftkit_emulator_server.emulator.handle(
        "GET", f"/openai/models/{job.fine_tuned_model}?api-version={VERSION}", headers={"api-key": KEY}
    )
    assert rows == [{**json.loads(served.body),
                     "ftkit_extras": {"base_model": BASE, "created": job.finished_at, "shutdown_date": "2027-01-14",
                                      "days_left": (datetime.date(2027, 1, 14) - datetime.date.today()).days,
                                      "job": job.id}}]  # fmt: skip
    table = on_azure(ftkit_emulator_server, "models", "list")
    assert table.exit_code == 0 and "gpt-35-turbo-0613" in table.stdout and "2027-01-14" in table.stdout


# -- large files through the Uploads API ------------------------------------------------------------------


def test_a_large_file_goes_through_the_uploads_api_on_azure(azure_emulator: Emulator, tmp_path: Path) -> None:
    inner = azure_emulator.transport()
    completions: list[Any] = []

    def recording(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/complete"):
            completions.append(json.loads(request.read()))
        return inner.handle_request(request)

    client = ftkit.AzureClient(azure_endpoint=ENDPOINT, api_version=VERSION, api_key=KEY,
                               transport=httpx.MockTransport(recording))  # fmt: skip
    line = json.dumps({"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]})
    source = tmp_path / "big.jsonl"
    source.write_bytes((line + "\n").encode() * 40_000)  # about 3 MB
    uploaded = client.files.upload(source, threshold=1 << 20, part_size=1 << 20, state_file=None)
    assert uploaded.id.startswith("file-") and len(uploaded.id) == 37
    assert azure_emulator.request_count("POST /uploads") == 1
    parts = -(-source.stat().st_size // (1 << 20))
    assert parts >= 3 and azure_emulator.request_count("POST /uploads/{upload_id}/parts") == parts
    assert azure_emulator.request_count("POST /uploads/{upload_id}/complete") == 1
    assert azure_emulator.request_count("POST /files") == 0
    # As Azure's example completes an Upload: with the parts' block ids, in order.
    (completion,) = completions
    assert len(completion["part_ids"]) == parts and not any(p.startswith("uplprt-") for p in completion["part_ids"])
    assert all(len(base64.b64decode(p)) == 16 for p in completion["part_ids"]) and completion["md5"]
    stored = client.files.content(uploaded.id)
    assert hashlib.sha256(stored).hexdigest() == hashlib.sha256(source.read_bytes()).hexdigest()


# -- export from Azure ----------------------------------------------------------------------------------


def test_export_from_azure_reads_back(azure_emulator: Emulator, tmp_path: Path) -> None:
    client = azure_client(azure_emulator)
    job = supervised_job(client, azure_emulator, tmp_path, suffix="kept", training_type="standard")
    target = tmp_path / "export"
    client.export(target)
    opened = archive.open(target)
    assert [j.id for j in opened.jobs()] == [job.id] and job.id.startswith("ftjob-") and len(job.id) == 38
    kept = opened.job(job.id)
    assert kept.status == "succeeded" and kept["suffix"] == "kept"
    events = opened.events(job.id)
    assert events and events[0].created_at <= events[-1].created_at
    assert sorted(e.id for e in events) == sorted(e.id for e in client.jobs.events(job.id))
    assert opened.checkpoints(job.id) and opened.metrics(job.id)
    assert opened.file_path(job.training_file).read_bytes() == client.files.content(job.training_file)
    assert {m.id for m in opened.models()} >= {BASE, job.fine_tuned_model}
    # A second run transfers nothing new.
    before = len(azure_emulator.requests)
    client.export(target)
    assert not any(str(r.endpoint).endswith("/content") for r in azure_emulator.requests[before:])


# -- replay onto Azure ------------------------------------------------------------------------------------


def test_replay_onto_azure_creates_one_job_and_uploads_once(tmp_path: Path) -> None:
    with Emulator(clock="manual", seed=0) as source_emulator:
        source = ftkit.Client(api_key="sk-source", transport=source_emulator.transport())
        job = supervised_job(source, source_emulator, tmp_path, suffix="support", seed=7,
                             metadata={"team": "search"})  # fmt: skip
        source.export(tmp_path / "export")
    opened = archive.open(tmp_path / "export")
    old = opened.job(job.id)
    files = {"training_file": opened.file_path(old.training_file),
             "validation_file": opened.file_path(old.validation_file)}  # fmt: skip
    with Emulator(clock="manual", seed=2, flavor="azure") as target_emulator:
        target = azure_client(target_emulator)
        first = target.jobs.replay(old, training_type="standard", **files)
        assert target_emulator.request_count("POST /files") == 2
        steps: list[Any] = []
        second = target.jobs.replay(old, training_type="standard", **files, on_step=steps.append)
        assert second.id == first.id
        assert [type(s) for s in steps] == [FileReused, FileReused]
        assert target_emulator.request_count("POST /fine_tuning/jobs") == 1
        assert target_emulator.request_count("POST /files") == 2
        assert first.model == BASE and first.seed == 7 and first["suffix"] == "support"
        assert target.files.content(first.training_file) == source_emulator_content(opened, old.training_file)
        # Another archived job with the same files but another seed is not taken for the first.
        other = ftkit.FineTuningJob.from_dict({**old.to_dict(), "id": "ftjob-other", "seed": 8})
        third = target.jobs.replay(other, training_type="standard", **files)
        assert third.id != first.id and target_emulator.request_count("POST /fine_tuning/jobs") == 2
        # Interrupted after its uploads: the rerun reuses them and creates the job once.
        interrupted = ftkit.FineTuningJob.from_dict({**old.to_dict(), "id": "ftjob-again", "seed": 9})
        target_emulator.inject("POST /fine_tuning/jobs", status=400, times=1)
        with pytest.raises(ftkit.BadRequestError):
            target.jobs.replay(interrupted, training_type="standard", **files)
        fourth = target.jobs.replay(interrupted, training_type="standard", **files)
        assert target.jobs.replay(interrupted, training_type="standard", **files).id == fourth.id
        assert target_emulator.request_count("POST /files") == 2
        assert len(list(target.jobs.list())) == 3


def source_emulator_content(opened: archive.Archive, file_id: str) -> bytes:
    path = opened.file_path(file_id)
    assert path is not None
    return path.read_bytes()


def test_async_replay_onto_azure_is_once_too(tmp_path: Path) -> None:
    with Emulator(clock="manual", seed=0) as source_emulator:
        source = ftkit.Client(api_key="sk-source", transport=source_emulator.transport())
        job = supervised_job(source, source_emulator, tmp_path)
        source.export(tmp_path / "export")
    opened = archive.open(tmp_path / "export")
    old = opened.job(job.id)

    async def twice(other: Emulator) -> tuple[Any, Any]:
        async with ftkit.AsyncAzureClient(azure_endpoint=ENDPOINT, api_version=VERSION, api_key=KEY,
                                          transport=other.transport()) as target:  # fmt: skip
            path = opened.file_path(old.training_file)
            assert path is not None
            return (
                await target.jobs.replay(old, training_file=path, training_type="standard"),
                await target.jobs.replay(old, training_file=path, training_type="standard"),
            )

    with Emulator(clock="manual", seed=4, flavor="azure") as other:
        first, second = asyncio.run(twice(other))
        assert first.id == second.id and other.request_count("POST /fine_tuning/jobs") == 1
        assert other.request_count("POST /files") == 1


@azure
def test_cli_replay_onto_azure_twice_creates_one_job(ftkit_emulator_server: EmulatorServer, tmp_path: Path) -> None:
    with Emulator(clock="manual", seed=0) as source_emulator:
        source = ftkit.Client(api_key="sk-source", transport=source_emulator.transport())
        job = supervised_job(source, source_emulator, tmp_path, suffix="cli")
        source.export(tmp_path / "export")
    target = ftkit_emulator_server.emulator
    first = on_azure(ftkit_emulator_server, "jobs", "replay", job.id, "--archive", str(tmp_path / "export"),
                     "--training-type", "standard", "--json")  # fmt: skip
    assert first.exit_code == 0, first.stderr
    assert "Uploaded" in first.stderr
    second = on_azure(ftkit_emulator_server, "jobs", "replay", job.id, "--archive", str(tmp_path / "export"),
                     "--training-type", "standard", "--json")  # fmt: skip
    assert second.exit_code == 0, second.stderr
    created = json.loads(first.stdout)
    assert json.loads(second.stdout)["id"] == created["id"] and created["suffix"] == "cli"
    assert target.request_count("POST /fine_tuning/jobs") == 1 and target.request_count("POST /files") == 2


@azure
def test_cli_replay_that_azure_refuses_for_its_training_type_is_explained_and_rerun_without_new_uploads(
    ftkit_emulator_server: EmulatorServer, tmp_path: Path
) -> None:
    with Emulator(clock="manual", seed=0) as source_emulator:
        source = ftkit.Client(api_key="sk-source", transport=source_emulator.transport())
        job = supervised_job(source, source_emulator, tmp_path)
        source.export(tmp_path / "export")
    target = ftkit_emulator_server.emulator
    refused = on_azure(ftkit_emulator_server, "jobs", "replay", job.id, "--archive", str(tmp_path / "export"))
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "needs a training type" in refused.stderr and "--training-type" in refused.stderr
    assert target.request_count("POST /files") == 2 and target.request_count("POST /fine_tuning/jobs") == 1
    again = on_azure(ftkit_emulator_server, "jobs", "replay", job.id, "--archive", str(tmp_path / "export"),
                     "--training-type", "standard")  # fmt: skip
    assert again.exit_code == 0, again.stderr
    assert "Reusing" in again.stderr and target.request_count("POST /files") == 2


# -- a 403 on job creation, worded for Azure --------------------------------------------------------------


def test_a_403_on_create_is_worded_for_azure(azure_emulator: Emulator) -> None:
    client = azure_client(azure_emulator)
    file_id = client.files.upload(b'{"messages": []}\n').id
    azure_emulator.inject("POST /fine_tuning/jobs", status=403)
    with pytest.raises(ftkit.JobCreationDeniedError) as caught:
        client.jobs.create(model=BASE, training_file=file_id, training_type="standard")
    message = str(caught.value)
    assert "Azure OpenAI resource refused" in message and "train on Azure OpenAI" not in message
    assert caught.value.status_code == 403


# -- the demo against the Azure flavour ---------------------------------------------------------------------


def test_demo_flavor_azure_runs_the_whole_job_offline_through_azure_client(tmp_path: Path) -> None:
    result = invoke("demo", "--flavor", "azure", "--speed", "500", "--out", str(tmp_path / "json"), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["emulated"] is True and data["server"] == "azure"
    job = data["job"]
    # Azure's v1 answers: hex ids, Azure's model names, the v1 job object (OpenAI's fields).
    assert re.fullmatch(r"ftjob-[0-9a-f]{32}", job["id"]) and job["status"] == "succeeded"
    assert data["fine_tuned_model"] == f"{BASE}.ft-{job['id'].removeprefix('ftjob-')}-ftkit-demo"
    assert job["user_provided_suffix"] == "ftkit-demo" and not job.get("metadata")
    # It ends with the model deployed (Azure Resource Manager, played by the emulator) and answering.
    assert data["deployment"] == "ftkit-demo" and data["answer"].strip()
    assert re.fullmatch(r"file-[0-9a-f]{32}", job["training_file"])
    assert data["summary"]["steps"] == 36 and Path(data["plot"]).read_bytes().startswith(b"\x89PNG")
    shown = invoke("demo", "--flavor", "azure", "--speed", "500", "--out", str(tmp_path / "text"))
    assert shown.exit_code == 0, shown.stderr
    assert "emulator of Azure OpenAI" in shown.stdout and ".ft-" in shown.stdout
    assert "--azure-endpoint" in shown.stdout
    # Offline whatever the environment says.
    env = {"AZURE_OPENAI_ENDPOINT": "https://example.invalid", "OPENAI_API_KEY": "sk-real-looking"}
    offline = invoke("demo", "--flavor", "azure", "--speed", "500", "--out", str(tmp_path / "e"), "--json", env=env)
    assert offline.exit_code == 0, offline.stderr
    assert json.loads(offline.stdout)["emulated"] is True


def test_the_demo_offers_every_flavour_of_the_emulator() -> None:
    from ftkit.cli._demo import FLAVORS as demo_flavors
    from ftkit.emulator._flavors import FLAVORS

    assert demo_flavors == FLAVORS


def test_the_azure_docs_whole_job_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    text = (Path(__file__).resolve().parents[1] / "docs" / "azure.md").read_text(encoding="utf-8")
    match = re.search(r"## A whole job against the Azure emulator\n.*?```python\n(.*?)```", text, re.S)
    assert match, "docs/azure.md lost its whole-job example"
    write_samples("supervised", tmp_path)
    monkeypatch.chdir(tmp_path)
    exec(compile(match.group(1), "docs/azure.md", "exec"), {})
    lines = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"ftjob-[0-9a-f]{32} validating_files", lines[0])  # v1: OpenAI's job object
    assert re.fullmatch(r"succeeded gpt-4o-mini-2024-07-18\.ft-[0-9a-f]{32}-support", lines[1])
    assert float(lines[2]) > 0 and lines[3] == "2027-01-14"
    assert [j.id for j in archive.open(tmp_path / "azure-backup").jobs()] == [lines[0].split()[0]]
    assert lines[4].strip()  # the deployed model's answer


@azure
def test_cli_on_azure_warns_of_a_near_shutdown_and_words_a_403_for_azure(
    ftkit_emulator_server: EmulatorServer, tmp_path: Path
) -> None:
    samples = write_samples("supervised", tmp_path)
    soon = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    emulator = ftkit_emulator_server.emulator
    emulator.set_shutdown_date(BASE, soon)
    create = ("jobs", "create", "--model", BASE, "-t", str(samples.training), "--training-type", "standard", "--json")
    result = on_azure(ftkit_emulator_server, *create)
    assert result.exit_code == 0, result.stderr
    assert f"shuts down on {soon}, in 10 days" in result.stderr  # from Azure's deprecation.inference
    emulator.inject("POST /fine_tuning/jobs", status=403)
    denied = on_azure(ftkit_emulator_server, *create)
    assert denied.exit_code == 1
    last = denied.stderr.strip().splitlines()[-1]
    assert "Azure OpenAI resource refused" in last and "train on Azure OpenAI" not in last
