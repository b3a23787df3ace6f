"""The official SDK's per-call conventions, against the emulator (in-process transport):
``extra_headers``, ``extra_query``, ``extra_body`` and ``timeout`` on every public method of
every resource, reaching the wire on every request the method sends; ``with_options``
copies; async lists that work with and without ``await``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ftkit
import httpx
import pytest
from ftkit._retry import MAX_RETRIES_EXTENSION
from ftkit.emulator import Emulator

MODEL = "gpt-4o-mini-2024-07-18"
LINE = {"messages": [{"role": "user", "content": "Capital of France?"}, {"role": "assistant", "content": "Paris"}]}
TRAINING = (json.dumps(LINE) + "\n").encode() * 12
GRADER = ftkit.Grader.string_check("exact", "{{sample.output_text}}", "{{item.answer}}", "eq")


class Recording(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The emulator's transport, keeping every request as it reaches the server."""

    def __init__(self, emulator: Emulator) -> None:
        self.inner = emulator.transport()
        self.virtual_clock = self.inner.virtual_clock  # follow/wait advance the emulator's clock
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self.requests.append(request)
        return await self.inner.handle_async_request(request)


def _options(name: str) -> dict[str, Any]:
    return {"extra_headers": {"X-Call": name}, "extra_query": {"call": name}, "timeout": 33}


def _check_wire(requests: list[httpx.Request], name: str) -> None:
    assert requests, f"{name} sent nothing"
    for request in requests:
        assert request.headers["X-Call"] == name, (name, request.url)
        assert request.url.params["call"] == name, (name, request.url)
        assert request.extensions["timeout"] == httpx.Timeout(33).as_dict(), (name, request.url)


@pytest.fixture
def emulator() -> Emulator:
    return Emulator(clock="manual")


def test_every_method_of_every_resource_takes_the_per_call_options(emulator: Emulator, tmp_path: Path) -> None:
    wire = Recording(emulator)
    client = ftkit.Client(api_key="sk-test", transport=wire)
    path = tmp_path / "train.jsonl"
    path.write_bytes(TRAINING)
    file_id = client.files.upload(TRAINING).id
    spare_id = client.files.upload(TRAINING).id
    done = client.jobs.create(model=MODEL, training_file=file_id)
    emulator.run_until(done.id)
    running = client.jobs.create(model=MODEL, training_file=file_id)
    emulator.run_until(running.id, "running")
    doomed = client.jobs.create(model=MODEL, training_file=file_id)
    checkpoint = client.jobs.checkpoints(done.id).data[0].fine_tuned_model_checkpoint
    permission = client.checkpoints.permissions.create(checkpoint, project_ids=["proj_a"]).data[0].id
    tuned = client.jobs.retrieve(done.id).fine_tuned_model

    calls: dict[str, Callable[[dict[str, Any]], object]] = {
        "files.upload": lambda o: client.files.upload(TRAINING, **o),
        "files.retrieve": lambda o: client.files.retrieve(file_id, **o),
        "files.list": lambda o: list(client.files.list(limit=1, **o)),  # several pages, each with the options
        "files.content": lambda o: client.files.content(file_id, **o),
        "files.delete": lambda o: client.files.delete(spare_id, **o),
        "jobs.create": lambda o: client.jobs.create(model=MODEL, training_file=file_id, **o),
        "jobs.create_from_files": lambda o: client.jobs.create_from_files(model=MODEL, training_file=path, **o),
        "jobs.retrieve": lambda o: client.jobs.retrieve(done.id, **o),
        "jobs.list": lambda o: list(client.jobs.list(limit=2, **o)),
        "jobs.pause": lambda o: client.jobs.pause(running.id, **o),
        "jobs.resume": lambda o: client.jobs.resume(running.id, **o),
        "jobs.cancel": lambda o: client.jobs.cancel(doomed.id, **o),
        "jobs.events": lambda o: list(client.jobs.events(done.id, limit=3, **o)),
        "jobs.checkpoints": lambda o: list(client.jobs.checkpoints(done.id, **o)),
        "jobs.follow": lambda o: list(client.jobs.follow(done.id, **o)),
        "jobs.metrics": lambda o: client.jobs.metrics(done.id, **o),
        "checkpoints.permissions.list": lambda o: list(client.checkpoints.permissions.list(checkpoint, **o)),
        "checkpoints.permissions.create": lambda o: client.checkpoints.permissions.create(
            checkpoint, project_ids=["proj_b"], **o
        ),
        "checkpoints.permissions.delete": lambda o: client.checkpoints.permissions.delete(checkpoint, permission, **o),
        "graders.run": lambda o: client.graders.run(grader=GRADER, model_sample="Paris", item={"answer": "Paris"}, **o),
        "graders.validate": lambda o: client.graders.validate(grader=GRADER, **o),
        "models.list": lambda o: client.models.list(**o),
        "models.retrieve": lambda o: client.models.retrieve(MODEL, **o),
        "models.delete": lambda o: client.models.delete(tuned, **o),
        "export": lambda o: client.export(tmp_path / "export", jobs=[done.id], **o),
        "jobs.replay": lambda o: client.jobs.replay(
            ftkit.archive.open(tmp_path / "export").job(done.id),
            training_file=ftkit.archive.open(tmp_path / "export").file_path(file_id),
            **o,
        ),
    }
    for name, run in calls.items():
        start = len(wire.requests)
        run(_options(name))
        _check_wire(wire.requests[start:], name)
    # wait and wait_all take the options but their own timeout (the time to wait for the job).
    for name, run in {
        "jobs.wait": lambda o: client.jobs.wait(done.id, timeout=60, **o),
        "jobs.wait_all": lambda o: client.jobs.wait_all([done.id], timeout=60, **o),
    }.items():
        start = len(wire.requests)
        run({"extra_headers": {"X-Call": name}, "extra_query": {"call": name}})
        sent = wire.requests[start:]
        assert sent and all(r.headers["X-Call"] == name and r.url.params["call"] == name for r in sent)
    # Without options, nothing is added.
    start = len(wire.requests)
    client.jobs.retrieve(done.id)
    assert "X-Call" not in wire.requests[start].headers and "call" not in wire.requests[start].url.params


def test_extra_body_reaches_the_json_body_and_the_upload_form(emulator: Emulator) -> None:
    wire = Recording(emulator)
    client = ftkit.Client(api_key="sk-test", transport=wire)
    file_id = client.files.upload(TRAINING).id
    job = client.jobs.create(model=MODEL, training_file=file_id, extra_body={"suffix": "from-extra-body"})
    assert json.loads(wire.requests[-1].content)["suffix"] == "from-extra-body"
    assert client.jobs.retrieve(job.id).to_dict()["user_provided_suffix"] == "from-extra-body"
    # The emulator refuses a form field it does not know, by name: the field reached the wire.
    with pytest.raises(ftkit.BadRequestError, match="not_a_field"):
        client.files.upload(TRAINING, extra_body={"not_a_field": "1"})
    assert b'name="not_a_field"' in wire.requests[-1].content


def test_bad_options_are_refused_before_anything_is_sent(emulator: Emulator) -> None:
    wire = Recording(emulator)
    client = ftkit.Client(api_key="sk-test", transport=wire)
    with pytest.raises(ftkit.ValidationError) as caught:
        client.jobs.retrieve("ftjob-a", extra_header={"X": "1"})  # type: ignore[call-arg]
    assert caught.value.argument == "extra_header"
    with pytest.raises(ftkit.ValidationError) as caught:
        client.jobs.list(timeout=-1)
    assert caught.value.argument == "timeout"
    with pytest.raises(ftkit.ValidationError) as caught:
        client.files.list(extra_headers={"X": 1})  # type: ignore[dict-item]
    assert caught.value.argument == "extra_headers"
    with pytest.raises(ftkit.ValidationError):
        client.jobs.follow("ftjob-a", extra_query=["a"])  # type: ignore[arg-type]
    assert wire.requests == []


def test_a_timeout_of_none_means_no_timeout(emulator: Emulator) -> None:
    wire = Recording(emulator)
    client = ftkit.Client(api_key="sk-test", transport=wire, timeout=5)
    client.files.list(timeout=None)
    assert wire.requests[-1].extensions["timeout"] == httpx.Timeout(None).as_dict()
    client.files.list()
    assert wire.requests[-1].extensions["timeout"] == httpx.Timeout(5).as_dict()


def test_with_options_copies_share_the_connections_and_add_their_settings(emulator: Emulator) -> None:
    wire = Recording(emulator)
    client = ftkit.Client(api_key="sk-test", transport=wire, max_retries=2)
    copy = client.with_options(
        default_headers={"X-Copy": "1"}, default_query={"copy": "1"}, timeout=12, max_retries=0, api_key="sk-other"
    )
    assert type(copy) is ftkit.Client and copy.http_client is client.http_client
    copy.files.list()
    sent = wire.requests[-1]
    assert sent.headers["X-Copy"] == "1" and sent.url.params["copy"] == "1"
    assert sent.headers["Authorization"] == "Bearer sk-other"
    assert sent.extensions["timeout"] == httpx.Timeout(12).as_dict() and sent.extensions[MAX_RETRIES_EXTENSION] == 0
    # A per-call option goes on top of the copy's.
    copy.files.list(extra_headers={"X-Copy": "2"})
    assert wire.requests[-1].headers["X-Copy"] == "2"
    client.files.list()
    assert "X-Copy" not in wire.requests[-1].headers
    assert wire.requests[-1].headers["Authorization"] == "Bearer sk-test"
    # max_retries=0 on the copy: one 500 is raised there, retried by the original.
    emulator.inject("GET /files", status=500, times=1)
    with pytest.raises(ftkit.InternalServerError):
        copy.files.list()
    emulator.inject("GET /files", status=500, times=1)
    assert client.files.list() is not None


def test_async_lists_work_with_and_without_await(emulator: Emulator) -> None:
    wire = Recording(emulator)

    async def main() -> None:
        async with ftkit.AsyncClient(api_key="sk-test", transport=wire) as client:
            file_id = (await client.files.upload(TRAINING)).id
            jobs = [await client.jobs.create(model=MODEL, training_file=file_id) for _ in range(3)]
            emulator.run_until(jobs[0].id)
            pager = client.jobs.list(limit=1)
            assert wire.requests[-1].method == "POST"  # nothing is asked until awaited or iterated
            first = await pager
            assert isinstance(first, ftkit.AsyncPage) and len(first.data) == 1 and first.has_more
            start = len(wire.requests)
            ids = [job.id async for job in client.jobs.list(limit=1, **_options("jobs.list"))]
            assert ids == [job.id for job in reversed(jobs)]
            _check_wire(wire.requests[start:], "jobs.list")
            assert len(wire.requests) - start == 3  # a page per job
            assert file_id in [f.id async for f in client.files.list()]
            assert [e.id async for e in client.jobs.events(jobs[0].id, limit=5)]
            assert [c.id async for c in client.jobs.checkpoints(jobs[0].id)]
            assert len([p async for p in client.jobs.list(limit=2).iter_pages()]) == 2
            start = len(wire.requests)
            events = [e.message async for e in client.jobs.follow(jobs[0].id, **_options("jobs.follow"))]
            assert events and events[-1]
            _check_wire(wire.requests[start:], "jobs.follow")
            start = len(wire.requests)
            await client.jobs.retrieve(jobs[0].id, **_options("jobs.retrieve"))
            await client.files.content(file_id, **_options("files.content"))
            _check_wire(wire.requests[start : start + 1], "jobs.retrieve")
            _check_wire(wire.requests[start + 1 :], "files.content")

    asyncio.run(main())


def test_every_method_of_the_async_client_takes_the_per_call_options(emulator: Emulator, tmp_path: Path) -> None:
    wire = Recording(emulator)
    path = tmp_path / "train.jsonl"
    path.write_bytes(TRAINING)

    async def main() -> None:
        client = ftkit.AsyncClient(api_key="sk-test", transport=wire)
        file_id = (await client.files.upload(TRAINING)).id
        spare_id = (await client.files.upload(TRAINING)).id
        done = await client.jobs.create(model=MODEL, training_file=file_id)
        emulator.run_until(done.id)
        running = await client.jobs.create(model=MODEL, training_file=file_id)
        emulator.run_until(running.id, "running")
        doomed = await client.jobs.create(model=MODEL, training_file=file_id)
        checkpoint = (await client.jobs.checkpoints(done.id)).data[0].fine_tuned_model_checkpoint
        permission = (await client.checkpoints.permissions.create(checkpoint, project_ids=["proj_a"])).data[0].id
        perms = client.checkpoints.permissions
        tuned = (await client.jobs.retrieve(done.id)).fine_tuned_model

        async def items(pager: Any) -> list[Any]:
            return [item async for item in pager]

        calls: dict[str, Callable[[dict[str, Any]], Any]] = {
            "files.upload": lambda o: client.files.upload(TRAINING, **o),
            "files.retrieve": lambda o: client.files.retrieve(file_id, **o),
            "files.list": lambda o: items(client.files.list(limit=1, **o)),
            "files.content": lambda o: client.files.content(file_id, **o),
            "files.delete": lambda o: client.files.delete(spare_id, **o),
            "jobs.create": lambda o: client.jobs.create(model=MODEL, training_file=file_id, **o),
            "jobs.create_from_files": lambda o: client.jobs.create_from_files(model=MODEL, training_file=path, **o),
            "jobs.retrieve": lambda o: client.jobs.retrieve(done.id, **o),
            "jobs.list": lambda o: items(client.jobs.list(limit=2, **o)),
            "jobs.pause": lambda o: client.jobs.pause(running.id, **o),
            "jobs.resume": lambda o: client.jobs.resume(running.id, **o),
            "jobs.cancel": lambda o: client.jobs.cancel(doomed.id, **o),
            "jobs.events": lambda o: items(client.jobs.events(done.id, limit=3, **o)),
            "jobs.checkpoints": lambda o: items(client.jobs.checkpoints(done.id, **o)),
            "jobs.follow": lambda o: items(client.jobs.follow(done.id, **o)),
            "jobs.metrics": lambda o: client.jobs.metrics(done.id, **o),
            "checkpoints.permissions.list": lambda o: items(perms.list(checkpoint, **o)),
            "checkpoints.permissions.create": lambda o: perms.create(checkpoint, project_ids=["proj_b"], **o),
            "checkpoints.permissions.delete": lambda o: perms.delete(checkpoint, permission, **o),
            "graders.run": lambda o: client.graders.run(grader=GRADER, model_sample="Paris", item={"answer": "P"}, **o),
            "graders.validate": lambda o: client.graders.validate(grader=GRADER, **o),
            "models.list": lambda o: client.models.list(**o),
            "models.retrieve": lambda o: client.models.retrieve(MODEL, **o),
            "models.delete": lambda o: client.models.delete(tuned, **o),
            "export": lambda o: client.export(tmp_path / "export", jobs=[done.id], **o),
        }
        for name, run in calls.items():
            start = len(wire.requests)
            await run(_options(name))
            _check_wire(wire.requests[start:], name)
        for name, wait in {
            "jobs.wait": lambda o: client.jobs.wait(done.id, timeout=60, **o),
            "jobs.wait_all": lambda o: client.jobs.wait_all([done.id], timeout=60, **o),
        }.items():
            start = len(wire.requests)
            await wait({"extra_headers": {"X-Call": name}, "extra_query": {"call": name}})
            sent = wire.requests[start:]
            assert sent and all(r.headers["X-Call"] == name and r.url.params["call"] == name for r in sent)
        await client.close()

    asyncio.run(main())
