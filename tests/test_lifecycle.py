"""Models, the end of a platform, export, offline reading of an export, and replay elsewhere:
the client against the emulator (in-process, and served for the command line)."""

from __future__ import annotations

import asyncio
import csv
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
from ftkit.export import ExportProgress
from ftkit.replay import FileReused

KEY = "sk-lifecycle-test"
BASE = "gpt-4o-mini-2024-07-18"
MODELS = {"supervised": BASE, "dpo": BASE, "reinforcement": "o4-mini-2025-04-16"}


@pytest.fixture(autouse=True)
def no_openai_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(clock="manual", seed=0) as emulator:
        yield emulator


def client_of(emulator: Emulator, **options: Any) -> ftkit.Client:
    return ftkit.Client(api_key=KEY, transport=emulator.transport(), **options)


def make_job(client: ftkit.Client, emulator: Emulator, tmp: Path, method: str, **options: Any) -> Any:
    """A finished job of ``method`` made from the demo's sample data."""
    samples = write_samples(method, tmp / method)
    if method == "supervised":
        built = ftkit.Method.supervised(n_epochs=1)
    elif method == "dpo":
        built = ftkit.Method.dpo(n_epochs=1, beta=0.2)
    else:
        built = ftkit.Method.reinforcement(samples.grader, n_epochs=1)
    job = client.jobs.create_from_files(
        model=MODELS[method],
        training_file=samples.training,
        validation_file=samples.validation,
        method=built,
        tokens="estimate",
        **options,
    )
    emulator.run_until(job.id, "succeeded")
    return client.jobs.retrieve(job.id)


def invoke(*args: str, input: str | None = None) -> Result:
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        runner = CliRunner()
    return runner.invoke(cli, list(args), input=input, catch_exceptions=True)


def api(server: EmulatorServer, *args: str, input: str | None = None) -> Result:
    return invoke("--base-url", server.base_url, "--api-key", KEY, *args, input=input)


def since(emulator: Emulator, start: int) -> list[str]:
    return [str(r.endpoint) for r in emulator.requests[start:]]


# -- models ---------------------------------------------------------------------------------------


def test_models_list_retrieve_and_delete_a_fine_tuned_model(emulator: Emulator, tmp_path: Path) -> None:
    client = client_of(emulator)
    base = client.models.retrieve(BASE)
    assert base.owned_by == "system" and base.shutdown_date == datetime.date(2027, 1, 14)
    assert client.models.retrieve("gpt-4o-2024-08-06").shutdown_date is None
    assert client.models.list(fine_tuned=True) == []
    job = make_job(client, emulator, tmp_path, "supervised", suffix="bot")
    mine = client.models.list(fine_tuned=True)
    assert [m.id for m in mine] == [job.fine_tuned_model]
    assert mine[0].owned_by == job.organization_id and mine[0].shutdown_date == datetime.date(2027, 1, 14)
    assert ftkit.models.base_model(mine[0].id) == BASE
    assert job.fine_tuned_model in {m.id for m in client.models.list()}
    with pytest.raises(ftkit.PermissionDeniedError):
        client.models.delete(BASE)
    assert client.models.delete(job.fine_tuned_model).deleted is True
    with pytest.raises(ftkit.NotFoundError):
        client.models.retrieve(job.fine_tuned_model)
    assert client.models.list(fine_tuned=True) == []
    with pytest.raises(ftkit.ValidationError, match="fine_tuned"):
        client.models.list(fine_tuned="yes")  # type: ignore[arg-type]
    with pytest.raises(ftkit.ValidationError, match="model"):
        client.models.retrieve("")


def test_async_models(emulator: Emulator) -> None:
    emulator.set_shutdown_date(BASE, "2026-12-24")

    async def main() -> tuple[Any, list[Any]]:
        async with ftkit.AsyncClient(api_key=KEY, transport=emulator.transport()) as client:
            return await client.models.retrieve(BASE), await client.models.list(fine_tuned=True)

    model, mine = asyncio.run(main())
    assert ftkit.models.days_left(model, datetime.date(2026, 12, 14)) == 10 and mine == []


# -- the end of a platform ------------------------------------------------------------------------


def test_a_403_on_create_says_what_to_do(emulator: Emulator) -> None:
    client = client_of(emulator)
    file_id = client.files.upload(b'{"messages": []}\n').id
    emulator.inject("POST /fine_tuning/jobs", status=403)
    with pytest.raises(ftkit.JobCreationDeniedError) as caught:
        client.jobs.create(model=BASE, training_file=file_id)
    assert isinstance(caught.value, ftkit.PermissionDeniedError) and caught.value.status_code == 403
    assert "may not create fine-tuning jobs on this server any more" in str(caught.value)
    assert "ftkit export" in str(caught.value) and "Azure OpenAI" in str(caught.value)


def test_cli_403_and_shutdown_warning(emulator: Emulator, tmp_path: Path) -> None:
    samples = write_samples("supervised", tmp_path)
    soon = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    emulator.set_shutdown_date(BASE, soon)
    with emulator.serve() as server:
        create = ("jobs", "create", "--model", BASE, "-t", str(samples.training), "--json")
        result = api(server, *create)
        assert result.exit_code == 0, result.stderr
        assert f"shuts down on {soon}, in 10 days" in result.stderr
        assert result.stderr.index("shuts down") < result.stderr.index("Uploaded")  # warned before uploading
        # A date that cannot be read does not stop the create.
        fault = emulator.inject("GET /models/{model}", status=500)
        result = api(server, *create)
        assert result.exit_code == 0 and "shuts down" not in result.stderr and fault.fired >= 1
        emulator.clear_faults()
        emulator.set_shutdown_date(BASE, None)
        result = api(server, *create)
        assert result.exit_code == 0 and "warning" not in result.stderr
        emulator.inject("POST /fine_tuning/jobs", status=403)
        result = api(server, *create)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert "may not create fine-tuning jobs on this server any more" in lines[-1]
    assert "ftkit export" in lines[-1]


def test_cli_models_list_and_delete(emulator: Emulator, tmp_path: Path) -> None:
    job = make_job(client_of(emulator), emulator, tmp_path, "supervised")
    with emulator.serve() as server:
        rows = json.loads(api(server, "models", "list", "--fine-tuned", "--json").stdout)
        # The API's object, as GET /models/{model} gives it, and ftkit's additions beside it.
        with httpx.Client(base_url=server.base_url, headers={"Authorization": "Bearer k"}) as http:
            served = http.get(f"/models/{job.fine_tuned_model}").json()
        assert rows == [
            {
                **served,
                "ftkit_extras": {
                    "base_model": BASE,
                    "created": job.finished_at,
                    "shutdown_date": "2027-01-14",
                    "days_left": (datetime.date(2027, 1, 14) - datetime.date.today()).days,
                    "job": job.id,
                },
            }
        ]
        assert rows[0]["id"] == job.fine_tuned_model and rows[0]["owned_by"] == job.organization_id
        table = api(server, "models", "list")
        assert table.exit_code == 0 and job.fine_tuned_model in table.stdout and "2027-01-14" in table.stdout
        refused = api(server, "models", "delete", job.fine_tuned_model, input="n\n")
        assert refused.exit_code == 1
        assert len(json.loads(api(server, "models", "list", "--fine-tuned", "--json").stdout)) == 1
        deleted = api(server, "models", "delete", job.fine_tuned_model, "--yes")
        assert deleted.exit_code == 0 and "Deleted" in deleted.stdout
        assert json.loads(api(server, "models", "list", "--fine-tuned", "--json").stdout) == []


# -- export ---------------------------------------------------------------------------------------


class Stop(Exception):
    """Stands for the process being killed mid-export."""


def every_method(emulator: Emulator, tmp_path: Path) -> tuple[ftkit.Client, list[Any]]:
    client = client_of(emulator)
    jobs = [make_job(client, emulator, tmp_path, method, suffix=method[:5], seed=7) for method in MODELS]
    return client, jobs


def check_export(directory: Path, client: ftkit.Client, jobs: list[Any]) -> None:
    manifest = json.loads((directory / "manifest.json").read_text())
    assert manifest["format"] == "ftkit-export/1" and manifest["ftkit_version"] == ftkit.__version__
    assert manifest["server"] == client.base_url and manifest["counts"]["jobs"] == len(jobs)
    listed = {entry["path"]: entry for entry in manifest["files"]}
    on_disk = {p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file()}
    assert on_disk - set(listed) == {"manifest.json"}  # no temporary file left, every file listed
    for path, entry in listed.items():
        content = (directory / path).read_bytes()
        assert entry["bytes"] == len(content) and entry["sha256"] == hashlib.sha256(content).hexdigest()
    for job in jobs:
        folder = directory / "jobs" / job.id
        assert json.loads((folder / "job.json").read_text()) == client.jobs.retrieve(job.id).to_dict()
        events = [json.loads(line) for line in (folder / "events.jsonl").read_text().splitlines()]
        served = [e.to_dict() for e in client.jobs.events(job.id, limit=100)]
        assert events == served[::-1]  # every event, oldest first
        checkpoints = [json.loads(line) for line in (folder / "checkpoints.jsonl").read_text().splitlines()]
        assert checkpoints == [c.to_dict() for c in client.jobs.checkpoints(job.id)] and checkpoints
        result = (folder / "result_files" / f"{job.result_files[0]}.csv").read_bytes()
        assert result == client.files.content(job.result_files[0])
        rows = list(csv.DictReader((folder / "metrics.csv").read_text().splitlines()))
        assert [int(r["step"]) for r in rows] == [m.step for m in client.jobs.metrics(job.id)]
        training = client.files.retrieve(job.training_file)
        stored = directory / "files" / job.training_file / training.filename
        assert stored.read_bytes() == client.files.content(job.training_file)


def test_export_resumes_after_a_kill_and_a_second_run_transfers_nothing(emulator: Emulator, tmp_path: Path) -> None:
    client, jobs = every_method(emulator, tmp_path)
    target = tmp_path / "export"
    seen: list[ExportProgress] = []

    def kill_after_first_job(progress: ExportProgress) -> None:
        seen.append(progress)
        if progress.stage == "job":
            raise Stop

    start = emulator.request_count()
    with pytest.raises(Stop):
        client.export(target, concurrency=1, on_progress=kill_after_first_job)
    first = seen[-1].job_id
    assert not (target / "manifest.json").exists()
    assert not [p for p in target.rglob("*") if p.name.startswith(".")]  # nothing half-written
    assert len(list(target.glob("jobs/*/job.json"))) == 1

    start = emulator.request_count()
    progress: list[ExportProgress] = []
    result = client.export(target, on_progress=progress.append)
    resumed = emulator.requests[start:]
    assert result.jobs == 3 and result.fetched_jobs == 2
    assert not any(first in r.path for r in resumed)  # the finished job is not fetched again
    assert [p.stage for p in progress] == ["listed", "job", "job", "job", "models", "manifest"]
    assert sum(p.skipped for p in progress) == 1
    check_export(target, client, jobs)

    start = emulator.request_count()
    again = client.export(target)
    assert since(emulator, start) == ["GET /fine_tuning/jobs", "GET /models"]
    assert again.fetched_jobs == 0 and again.files_downloaded == 0 and again.bytes_downloaded == 0
    check_export(target, client, jobs)


def test_export_of_a_running_job_fetches_only_new_events(emulator: Emulator, tmp_path: Path) -> None:
    client = client_of(emulator)
    samples = write_samples("supervised", tmp_path / "data")
    job = client.jobs.create_from_files(model=BASE, training_file=samples.training, tokens="estimate")
    emulator.advance(30)
    target = tmp_path / "export"
    client.export(target, files=False)
    before = (target / "jobs" / job.id / "events.jsonl").read_text().splitlines()
    assert not (target / "files").exists()  # files=False
    emulator.run_until(job.id, "succeeded")
    client.export(target, files=False)
    after = (target / "jobs" / job.id / "events.jsonl").read_text().splitlines()
    assert after[: len(before)] == before and len(after) > len(before)
    assert [json.loads(line) for line in after] == [e.to_dict() for e in client.jobs.events(job.id, limit=100)][::-1]


def test_export_filters_and_checks(emulator: Emulator, tmp_path: Path) -> None:
    client, jobs = every_method(emulator, tmp_path)
    only = tmp_path / "only"
    result = client.export(only, jobs=[jobs[1].id], files=False)
    assert result.jobs == 1 and [p.name for p in (only / "jobs").iterdir()] == [jobs[1].id]
    later = tmp_path / "later"
    assert client.export(later, since=datetime.date(2100, 1, 1)).jobs == 0
    with pytest.raises(ftkit.ValidationError, match="since"):
        client.export(later, since="last week")
    with pytest.raises(ftkit.ValidationError, match=r"concurrency|max_in_flight"):
        client.export(later, concurrency=0)


# -- reading an export offline --------------------------------------------------------------------


def test_archive_gives_back_the_same_models(emulator: Emulator, tmp_path: Path) -> None:
    client, jobs = every_method(emulator, tmp_path)
    target = tmp_path / "export"
    client.export(target)
    opened = archive.open(target)
    assert [j.to_dict() for j in opened.jobs()] == [j.to_dict() for j in client.jobs.list()]
    for job in jobs:
        assert opened.job(job.id).to_dict() == job.to_dict()
        assert [e.to_dict() for e in opened.events(job.id)] == [e.to_dict() for e in client.jobs.events(job.id)][::-1]
        assert [c.to_dict() for c in opened.checkpoints(job.id)] == [
            c.to_dict() for c in client.jobs.checkpoints(job.id)
        ]
        assert opened.metrics(job.id) == client.jobs.metrics(job.id)
        assert opened.file_path(job.training_file).read_bytes() == client.files.content(job.training_file)
    assert {m.id for m in opened.models()} == {m.id for m in client.models.list()}
    assert opened.manifest["counts"]["jobs"] == 3
    with pytest.raises(ftkit.ValidationError, match="job_id"):
        opened.job("ftjob-missing")
    with pytest.raises(ftkit.ValidationError, match="directory"):
        archive.open(tmp_path / "nowhere")


def test_cli_export_then_metrics_with_no_server(emulator: Emulator, tmp_path: Path) -> None:
    job = make_job(client_of(emulator), emulator, tmp_path, "supervised")
    target = tmp_path / "export"
    with emulator.serve() as server:
        summary = json.loads(api(server, "export", str(target), "--json").stdout)
        assert summary["jobs"] == 1 and summary["fetched_jobs"] == 1 and summary["files_downloaded"] == 3
        again = json.loads(api(server, "export", str(target), "--json").stdout)
        assert again["fetched_jobs"] == 0 and again["bytes_downloaded"] == 0
        assert api(server, "export", str(target), "--since", "yesterday").exit_code == 2
    # The server is gone, and there is no key: the export alone answers.
    plot = tmp_path / "loss.png"
    result = invoke("jobs", "metrics", "--archive", str(target), job.id, "--plot", str(plot), "--json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["steps"] and plot.read_bytes().startswith(b"\x89PNG")
    unknown = invoke("jobs", "metrics", "--archive", str(target), "ftjob-nope")
    assert unknown.exit_code == 2 and "ftjob-nope" in unknown.stderr


# -- replay on another server ---------------------------------------------------------------------


def test_replay_on_another_server_creates_one_equal_job_even_run_twice(emulator: Emulator, tmp_path: Path) -> None:
    source, jobs = every_method(emulator, tmp_path)
    target_dir = tmp_path / "export"
    source.export(target_dir)
    opened = archive.open(target_dir)
    with Emulator(clock="manual", seed=3) as other:
        target = client_of(other)
        for job in jobs:
            old = opened.job(job.id)
            files = {"training_file": opened.file_path(old.training_file),
                     "validation_file": opened.file_path(old.validation_file)}  # fmt: skip
            first = target.jobs.replay(old, **files)
            uploads = other.request_count("POST /files")
            steps: list[Any] = []
            second = target.jobs.replay(old, **files, on_step=steps.append)
            assert second.id == first.id and other.request_count("POST /files") == uploads and steps == []
            assert first.model == old.model and first.seed == old.seed == 7
            assert first.method.to_dict() == old.method.to_dict()
            assert (
                first.additional_properties["user_provided_suffix"] == old.additional_properties["user_provided_suffix"]
            )
            assert target.files.content(first.training_file) == source.files.content(old.training_file)
            assert target.files.content(first.validation_file) == source.files.content(old.validation_file)
        assert len(list(target.jobs.list())) == 3 and other.request_count("POST /fine_tuning/jobs") == 3
        assert other.request_count("POST /files") == 6


def test_replay_interrupted_after_its_uploads_reuses_them(emulator: Emulator, tmp_path: Path) -> None:
    source = client_of(emulator)
    job = make_job(source, emulator, tmp_path, "supervised", metadata={"team": "search"})
    source.export(tmp_path / "export")
    opened = archive.open(tmp_path / "export")
    old = opened.job(job.id)
    with Emulator(clock="manual", seed=3) as other:
        target = client_of(other, max_retries=0)
        other.inject("POST /fine_tuning/jobs", status=400, times=1)
        with pytest.raises(ftkit.BadRequestError):
            target.jobs.replay(old, training_file=opened.file_path(old.training_file),
                               validation_file=opened.file_path(old.validation_file))  # fmt: skip
        assert other.request_count("POST /files") == 2
        steps: list[Any] = []
        files = {"training_file": opened.file_path(old.training_file),
                 "validation_file": opened.file_path(old.validation_file)}  # fmt: skip
        new = target.jobs.replay(old, **files, on_step=steps.append)
        assert other.request_count("POST /files") == 2 and [type(s) for s in steps] == [FileReused, FileReused]
        metadata = new.metadata.additional_properties
        assert metadata["team"] == "search" and metadata["ftkit_idempotency_key"].startswith(f"replay-{job.id}-")


def test_replay_refuses_a_model_the_target_lacks_before_sending_anything(emulator: Emulator, tmp_path: Path) -> None:
    source = client_of(emulator)
    job = make_job(source, emulator, tmp_path, "supervised")
    source.export(tmp_path / "export")
    opened = archive.open(tmp_path / "export")
    old = opened.job(job.id)
    with Emulator(clock="manual", seed=3) as other:
        target = client_of(other)
        with pytest.raises(ftkit.ValidationError, match="model: 'gpt-9'") as caught:
            target.jobs.replay(old, training_file=opened.file_path(old.training_file), model="gpt-9")
        assert "--model" in str(caught.value)
        assert [r.method for r in other.requests] == ["GET"]
        with pytest.raises(ftkit.ValidationError, match="training_file"):
            target.jobs.replay(old, training_file=tmp_path / "missing.jsonl")
        mapped = target.jobs.replay(old, training_file=opened.file_path(old.training_file), model="gpt-4.1-2025-04-14")
        assert mapped.model == "gpt-4.1-2025-04-14"


def test_cli_replay_twice_creates_one_job(emulator: Emulator, tmp_path: Path) -> None:
    job = make_job(client_of(emulator), emulator, tmp_path, "dpo")
    target_dir = tmp_path / "export"
    with emulator.serve() as server:
        assert api(server, "export", str(target_dir), "--json").exit_code == 0
    with Emulator(clock="manual", seed=9) as other, other.serve() as server:
        first = api(server, "jobs", "replay", job.id, "--archive", str(target_dir), "--json")
        assert first.exit_code == 0, first.stderr
        assert "Uploaded train.jsonl" in first.stderr
        second = api(server, "jobs", "replay", job.id, "--archive", str(target_dir), "--json")
        assert json.loads(second.stdout)["id"] == json.loads(first.stdout)["id"]
        assert other.request_count("POST /fine_tuning/jobs") == 1
        refused = api(server, "jobs", "replay", job.id, "--archive", str(target_dir), "--model", "gpt-9")
        assert refused.exit_code == 2 and "--model" in refused.stderr


def test_async_replay_is_the_same_flow(emulator: Emulator, tmp_path: Path) -> None:
    source = client_of(emulator)
    job = make_job(source, emulator, tmp_path, "supervised")
    source.export(tmp_path / "export", files=True)
    opened = archive.open(tmp_path / "export")
    old = opened.job(job.id)

    async def twice(other: Emulator) -> tuple[Any, Any]:
        async with ftkit.AsyncClient(api_key=KEY, transport=other.transport()) as target:
            files = {"training_file": opened.file_path(old.training_file),
                     "validation_file": opened.file_path(old.validation_file)}  # fmt: skip
            return await target.jobs.replay(old, **files), await target.jobs.replay(old, **files)

    with Emulator(clock="manual", seed=4) as other:
        first, second = asyncio.run(twice(other))
        assert first.id == second.id and other.request_count("POST /fine_tuning/jobs") == 1
        assert other.request_count("POST /files") == 2


def test_async_export_writes_the_same_export(emulator: Emulator, tmp_path: Path) -> None:
    client, jobs = every_method(emulator, tmp_path)
    client.export(tmp_path / "sync")

    async def export_twice() -> tuple[Any, Any]:
        async with ftkit.AsyncClient(api_key=KEY, transport=emulator.transport()) as aclient:
            return await aclient.export(tmp_path / "async"), await aclient.export(tmp_path / "async")

    start = emulator.request_count()
    first, second = asyncio.run(export_twice())
    assert first.fetched_jobs == 3 and second.fetched_jobs == 0 and second.bytes_downloaded == 0
    assert since(emulator, start)[-2:] == ["GET /fine_tuning/jobs", "GET /models"]

    def files_of(directory: Path) -> dict[str, str]:
        return {e["path"]: e["sha256"] for e in json.loads((directory / "manifest.json").read_text())["files"]}

    assert files_of(tmp_path / "async") == files_of(tmp_path / "sync")
    check_export(tmp_path / "async", client, jobs)


def test_export_failing_mid_way_on_the_server_resumes(emulator: Emulator, tmp_path: Path) -> None:
    client = client_of(emulator, max_retries=0)
    jobs = [make_job(client, emulator, tmp_path, method) for method in ("supervised", "dpo")]
    target = tmp_path / "export"
    emulator.inject("GET /files/{file_id}/content", status=500, times=1)
    with pytest.raises(ftkit.InternalServerError):
        client.export(target, concurrency=1)
    assert not (target / "manifest.json").exists()
    assert not [p for p in target.rglob("*") if p.name.startswith(".")]
    result = client.export(target)
    assert result.jobs == 2 and (target / "manifest.json").is_file()
    check_export(target, client, jobs)


def test_cli_export_of_chosen_jobs(emulator: Emulator, tmp_path: Path) -> None:
    client = client_of(emulator)
    jobs = [make_job(client, emulator, tmp_path, "supervised", suffix=f"n{n}") for n in range(3)]
    target = tmp_path / "export"
    with emulator.serve() as server:
        result = api(server, "export", str(target), "--jobs", f"{jobs[0].id},{jobs[2].id}", "--no-files", "--json")
    assert json.loads(result.stdout)["jobs"] == 2
    assert sorted(p.name for p in (target / "jobs").iterdir()) == sorted([jobs[0].id, jobs[2].id])
    assert not (target / "files").exists()


def test_the_emulator_lists_every_model_it_fine_tunes(emulator: Emulator) -> None:
    from ftkit.emulator._handlers import MODEL_ALIASES, MODEL_SNAPSHOTS

    listed = {m.id for m in client_of(emulator).models.list()}
    assert set(MODEL_SNAPSHOTS) | set(MODEL_ALIASES) <= listed
    with pytest.raises(ValueError):
        emulator.set_shutdown_date(BASE, "soon")


def test_replay_of_a_job_that_continued_a_fine_tuned_model_asks_for_a_mapping(
    emulator: Emulator, tmp_path: Path
) -> None:
    source = client_of(emulator)
    first = make_job(source, emulator, tmp_path, "supervised")
    samples = write_samples("supervised", tmp_path / "more")
    second = source.jobs.create_from_files(
        model=first.fine_tuned_model, training_file=samples.training, tokens="estimate"
    )
    emulator.run_until(second.id, "succeeded")
    source.export(tmp_path / "export")
    opened = archive.open(tmp_path / "export")
    old = opened.job(second.id)
    with Emulator(clock="manual", seed=3) as other:
        target = client_of(other)
        with pytest.raises(ftkit.ValidationError, match="fine-tuned model is the source server's"):
            target.jobs.replay(old, training_file=opened.file_path(old.training_file))
        assert other.requests == []  # refused before any request
        mapped = target.jobs.replay(old, training_file=opened.file_path(old.training_file), model=BASE)
        assert mapped.model == BASE


def test_replay_sends_a_large_archived_file_through_the_uploads_api(emulator: Emulator, tmp_path: Path) -> None:
    source = client_of(emulator)
    job = make_job(source, emulator, tmp_path, "supervised")
    source.export(tmp_path / "export")
    opened = archive.open(tmp_path / "export")
    old = opened.job(job.id)
    # Above files.upload's 100 MiB threshold: the replay uploads it as files.upload does, in parts.
    # Long lines: the client and the emulator both check the file, and few lines check fast.
    messages = [{"role": "user", "content": "q" * (32 << 10)}, {"role": "assistant", "content": "a"}]
    line = (json.dumps({"messages": messages}) + "\n").encode()
    large = tmp_path / "large.jsonl"
    with large.open("wb") as out:
        for _ in range((101 << 20) // (len(line) * 100) + 1):
            out.write(line * 100)
    with Emulator(clock="manual", seed=3) as other:
        target = client_of(other)
        first = target.jobs.replay(old, training_file=large, validation_file=opened.file_path(old.validation_file))
        assert other.request_count("POST /uploads") == 1 and other.request_count("POST /files") == 1
        assert target.files.retrieve(first.training_file).bytes_ == large.stat().st_size
        again = target.jobs.replay(old, training_file=large, validation_file=opened.file_path(old.validation_file))
        assert again.id == first.id and other.request_count("POST /uploads") == 1


# -- one paging loop: a server repeating a page ends every walk ---------------------------------------


class RepeatingPages(httpx.BaseTransport):
    """The emulator behind a server whose list at ``path`` (a regular expression) always says
    ``has_more`` and answers the same page whatever the cursor; it counts those requests and
    gives up after 50 (a walk without the guard would ask forever)."""

    def __init__(self, emulator: Emulator, path: str) -> None:
        self.inner, self.path, self.asked = emulator.transport(), path, 0
        self.virtual_clock = emulator

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.method != "GET" or not re.fullmatch(self.path, request.url.path):
            return response
        self.asked += 1
        if self.asked > 50:
            raise AssertionError(f"asked for {request.url.path} {self.asked} times: the walk does not stop")
        page = json.loads(response.read())
        first = json.loads(self.inner.handle_request(httpx.Request("GET", request.url.copy_remove_param("after"),
                                                                   headers=request.headers)).read())  # fmt: skip
        return httpx.Response(200, json={**page, "data": first["data"], "has_more": True})


@pytest.mark.parametrize(
    "path", [r".*/fine_tuning/jobs", r".*/fine_tuning/jobs/[^/]+/events", r".*/fine_tuning/jobs/[^/]+/checkpoints"]
)
def test_export_stops_at_a_repeated_page(emulator: Emulator, tmp_path: Path, path: str) -> None:
    make_job(client_of(emulator), emulator, tmp_path, "supervised")
    network = RepeatingPages(emulator, path)
    with ftkit.Client(api_key=KEY, transport=network) as client:
        result = client.export(tmp_path / "export")
    assert result.jobs == 1 and network.asked == 2  # the first page, and the one that repeats it


def test_replay_stops_at_a_repeated_page(emulator: Emulator, tmp_path: Path) -> None:
    source = client_of(emulator)
    job = make_job(source, emulator, tmp_path, "supervised")
    source.export(tmp_path / "export")
    opened = archive.open(tmp_path / "export")
    old = opened.job(job.id)
    with Emulator(clock="manual", seed=3) as other:
        for _ in range(2):
            client_of(other).files.upload(b'{"a": 1}\n', purpose="fine-tune")  # files on the target's list
        network = RepeatingPages(other, r".*/files")
        with ftkit.Client(api_key=KEY, transport=network) as target:
            new = target.jobs.replay(old, training_file=opened.file_path(old.training_file),
                                     validation_file=opened.file_path(old.validation_file))  # fmt: skip
            assert new.model == old.model
    assert network.asked >= 2


def test_export_names_its_own_argument(emulator: Emulator, tmp_path: Path) -> None:
    with pytest.raises(ftkit.ValidationError) as caught:
        client_of(emulator).export(tmp_path / "export", concurrency=0)
    assert caught.value.argument == "concurrency" and "max_in_flight" not in str(caught.value)
