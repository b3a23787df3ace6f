"""One source for both clients (``ftkit._resource``): each resource method is written once, and
its twins on ``Client`` and ``AsyncClient`` have the types, signatures and docstrings they should.

The types are checked by mypy itself (its API, in this process) over a typed snippet: every
``assert_type`` must hold, and every line marked ``# E: code`` must be an error of that code
(and nothing else may be).
"""

from __future__ import annotations

import asyncio
import inspect
import re
import textwrap
from pathlib import Path
from typing import Any

import ftkit
import pytest
from ftkit import _resource
from ftkit.chat import AsyncCompletions, Completions
from ftkit.checkpoints import AsyncCopies, AsyncPermissions, Copies, Permissions
from ftkit.deployments import AsyncDeployments, Deployments
from ftkit.emulator import Emulator
from ftkit.evaluation import AsyncEvaluation, Evaluation
from ftkit.export import AsyncExport, Export
from ftkit.files import AsyncFiles, Files
from ftkit.graders import AsyncGraders, Graders
from ftkit.jobs import AsyncJobCheckpoints, AsyncJobs, JobCheckpoints, Jobs
from ftkit.models import AsyncModels, Models

ROOT = Path(__file__).resolve().parent.parent

SNIPPET = """
from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import ftkit
import httpx
from ftkit import (
    AsyncPage,
    AsyncPager,
    FineTuningJob,
    FineTuningJobCheckpoint,
    FineTuningJobEvent,
    Model,
    OpenAIFile,
    Page,
)
from ftkit.export import ExportResult
from ftkit.grading import Grade
from ftkit.jobs import AsyncJobs, Jobs
from ftkit_api.models.create_chat_completion_response import CreateChatCompletionResponse
from ftkit_api.models.fine_tuning_checkpoint_permission import FineTuningCheckpointPermission
from typing_extensions import assert_type


def blocking(client: ftkit.Client) -> None:
    assert_type(client.jobs, Jobs)
    assert_type(client.jobs.retrieve("ftjob-a", timeout=5, extra_headers={"X": "1"}), FineTuningJob)
    assert_type(client.jobs.list(limit=2), Page[FineTuningJob])
    assert_type(client.jobs.follow("ftjob-a"), Iterator[FineTuningJobEvent])
    assert_type(client.jobs.wait("ftjob-a", timeout=60), FineTuningJob)
    assert_type(client.jobs.wait_all(["ftjob-a"]), list[FineTuningJob])
    assert_type(client.files.upload(b"{}"), OpenAIFile)
    assert_type(client.files.content("file-a"), bytes)
    assert_type(client.models.list(fine_tuned=True), list[Model])
    assert_type(client.checkpoints.permissions.create("c", project_ids=["p"]), Page[FineTuningCheckpointPermission])
    assert_type(client.export("backup"), ExportResult)
    assert_type(Jobs.retrieve(client.jobs, "ftjob-a"), FineTuningJob)
    assert_type(client.jobs.checkpoints("ftjob-a"), Page[FineTuningJobCheckpoint])
    assert_type(client.jobs.checkpoints.list("ftjob-a", limit=2), Page[FineTuningJobCheckpoint])
    assert_type(client.jobs.list_events("ftjob-a"), Page[FineTuningJobEvent])
    chat = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}], temperature=0)
    assert_type(chat, CreateChatCompletionResponse)
    assert_type(client.graders.grade({}, sample="x"), Grade)


async def asyncio_client(client: ftkit.AsyncClient) -> None:
    assert_type(client.jobs, AsyncJobs)
    assert_type(await client.jobs.retrieve("ftjob-a", timeout=5), FineTuningJob)
    assert_type(client.jobs.list(limit=2), AsyncPager[FineTuningJob])
    assert_type(await client.jobs.list(limit=2), AsyncPage[FineTuningJob])
    async for job in client.jobs.list():
        assert_type(job, FineTuningJob)
    assert_type(client.jobs.follow("ftjob-a"), AsyncIterator[FineTuningJobEvent])
    assert_type(await client.jobs.wait("ftjob-a", timeout=60), FineTuningJob)
    assert_type(await client.jobs.wait_all(["ftjob-a"]), list[FineTuningJob])
    assert_type(await client.files.content("file-a"), bytes)
    assert_type(await client.models.list(), list[Model])
    assert_type(
        await client.checkpoints.permissions.create("c", project_ids=["p"]), AsyncPage[FineTuningCheckpointPermission]
    )
    assert_type(await client.export("backup"), ExportResult)
    assert_type(await client.jobs.checkpoints.list("ftjob-a"), AsyncPage[FineTuningJobCheckpoint])
    assert_type(client.jobs.checkpoints("ftjob-a"), AsyncPager[FineTuningJobCheckpoint])
    chat = await client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}], n=2)
    assert_type(chat, CreateChatCompletionResponse)
    assert_type(await client.graders.grade({}, sample="x"), Grade)


def azure(client: ftkit.AzureClient, aclient: ftkit.AsyncAzureClient) -> None:
    assert_type(client.jobs.retrieve("ftjob-a"), FineTuningJob)
    assert_type(aclient.jobs.list(), AsyncPager[FineTuningJob])


async def mistakes(client: ftkit.Client, aclient: ftkit.AsyncClient) -> None:
    await client.jobs.retrieve("ftjob-a")  # E: misc
    aclient.jobs.retrieve("ftjob-a").status  # E: attr-defined
    for event in aclient.jobs.follow("ftjob-a"):  # E: attr-defined
        pass
    client.jobs.retrieve(1)  # E: arg-type
    client.jobs.retrieve("ftjob-a", timeot=5)  # E: call-arg
    client.jobs.wait("ftjob-a", extra_headers={"X": 1})  # E: dict-item
    await aclient.jobs.list(limit="2")  # E: arg-type
    ftkit.Client(http_client=httpx.AsyncClient())  # E: arg-type
    ftkit.AsyncAzureClient(transport=httpx.HTTPTransport())  # E: arg-type
"""


def test_mypy_sees_each_clients_twin_of_every_method(tmp_path: Path) -> None:
    api = pytest.importorskip("mypy.api")
    snippet = tmp_path / "snippet.py"
    snippet.write_text(textwrap.dedent(SNIPPET), encoding="utf-8")
    out, err, _status = api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(ROOT / ".mypy_cache"),
         "--no-error-summary", "--show-error-codes", "--hide-error-context", str(snippet)]
    )  # fmt: skip
    assert not err, err
    found = set()
    for line in out.splitlines():
        if ": note: " in line:
            continue
        match = re.match(r".*snippet\.py:(\d+): error: .*\[([\w-]+)\]$", line)
        assert match, f"not an error of the snippet: {line}"
        found.add((int(match.group(1)), match.group(2)))
    expected = {
        (number, code)
        for number, text in enumerate(snippet.read_text(encoding="utf-8").splitlines(), 1)
        for code in re.findall(r"# E: ([\w-]+)", text)
    }
    assert len(expected) == 9
    assert found == expected, out


PAIRS: list[tuple[type[Any], type[Any]]] = [
    (Jobs, AsyncJobs),
    (JobCheckpoints, AsyncJobCheckpoints),
    (Files, AsyncFiles),
    (Permissions, AsyncPermissions),
    (Graders, AsyncGraders),
    (Models, AsyncModels),
    (Export, AsyncExport),
    (Completions, AsyncCompletions),
    (Copies, AsyncCopies),
    (Deployments, AsyncDeployments),
    (Evaluation, AsyncEvaluation),
]


def _methods(cls: type[Any]) -> dict[str, Any]:
    return {
        name: getattr(cls, name)
        for name in dir(cls)
        if (not name.startswith("_") or name == "__call__") and callable(getattr(cls, name))
    }


@pytest.mark.parametrize(("blocking", "asyncio_"), PAIRS, ids=[pair[0].__name__ for pair in PAIRS])
def test_both_twins_are_one_method_with_one_docstring(blocking: type[Any], asyncio_: type[Any]) -> None:
    methods, twins = _methods(blocking), _methods(asyncio_)
    assert methods.keys() == twins.keys() and methods
    for name, method in methods.items():
        twin = twins[name]
        # Written once: both are the same method, the docstring (with its example) is one.
        assert method.__wrapped__ is twin.__wrapped__, name
        assert method.__doc__ == twin.__doc__ and ">>> " in method.__doc__, name
        sync_signature, async_signature = inspect.signature(method), inspect.signature(twin)
        assert list(sync_signature.parameters.values()) == list(async_signature.parameters.values()), name
        assert not inspect.iscoroutinefunction(method), name


def test_the_async_twins_are_coroutine_functions_where_they_give_back_a_result() -> None:
    client = ftkit.AsyncClient(api_key="sk-test", transport=Emulator(clock="manual").transport())
    assert inspect.iscoroutinefunction(client.jobs.retrieve)
    assert inspect.iscoroutinefunction(client.checkpoints.permissions.create)  # sent once, not left to a pager
    assert inspect.iscoroutinefunction(client.export.__call__)
    assert not inspect.iscoroutinefunction(client.jobs.list)  # an AsyncPager, awaited or iterated
    assert not inspect.iscoroutinefunction(client.jobs.follow)  # an async iterator
    # Arguments are checked when the coroutine runs, as in any ``async def``.
    pending = client.jobs.retrieve("not an id")
    with pytest.raises(ftkit.ValidationError, match="job_id"):
        asyncio.run(pending)


def test_signatures_and_help_show_what_each_client_gives_back() -> None:
    blocking = ftkit.Client(api_key="sk-test").jobs
    asyncio_ = ftkit.AsyncClient(api_key="sk-test").jobs
    returns = {
        "retrieve": ("FineTuningJob", "FineTuningJob"),
        "list": ("Page[FineTuningJob]", "AsyncPager[FineTuningJob]"),
        "follow": ("Iterator[FineTuningJobEvent]", "AsyncIterator[FineTuningJobEvent]"),
        "wait_all": ("builtins.list[FineTuningJob]", "builtins.list[FineTuningJob]"),
    }
    for name, (sync_returns, async_returns) in returns.items():
        assert inspect.signature(getattr(blocking, name)).return_annotation == sync_returns
        assert inspect.signature(getattr(asyncio_, name)).return_annotation == async_returns
    assert list(inspect.signature(blocking.retrieve).parameters) == ["job_id", "options"]
    assert list(inspect.signature(Jobs.retrieve).parameters) == ["self", "job_id", "options"]
    shown = inspect.getdoc(asyncio_.retrieve) or ""
    assert shown.startswith("The job ``job_id`` as it is now.") and "await client.jobs.retrieve" in shown
    assert blocking.retrieve.__name__ == asyncio_.retrieve.__name__ == "retrieve"


def test_the_written_once_method_is_the_decorator_on_its_own_class() -> None:
    written = ftkit.jobs._JobsAPI.__dict__["retrieve"]
    assert isinstance(written, _resource.result)
    assert ftkit.jobs._JobsAPI.retrieve is written
    with pytest.raises(TypeError, match="neither"):
        written.__get__(object(), object)


def test_each_client_has_its_sides_resources_built_once() -> None:
    emulator = Emulator(clock="manual")
    clients: list[tuple[Any, type[Any], type[Any]]] = [
        (ftkit.Client(api_key="sk-test", transport=emulator.transport()), Jobs, Files),
        (ftkit.AsyncClient(api_key="sk-test", transport=emulator.transport()), AsyncJobs, AsyncFiles),
        (ftkit.AzureClient(azure_endpoint="https://r.openai.azure.com", api_version="2024-10-21", api_key="k"),
         Jobs, Files),
        (ftkit.AsyncAzureClient(azure_endpoint="https://r.openai.azure.com", api_version="2024-10-21", api_key="k"),
         AsyncJobs, AsyncFiles),
    ]  # fmt: skip
    for client, jobs, files in clients:
        assert type(client.jobs) is jobs and type(client.files) is files
        assert client.jobs is client.jobs  # built once
        copy = client.with_options(max_retries=0)
        assert type(copy) is type(client) and type(copy.jobs) is jobs and copy.jobs is not client.jobs
        assert copy.jobs._wiring.policy.max_retries == 0 and client.jobs._wiring.policy.max_retries == 2
    blocking, asyncio_ = clients[0][0], clients[1][0]
    assert isinstance(blocking.checkpoints.permissions, Permissions)
    assert isinstance(asyncio_.checkpoints.permissions, AsyncPermissions)
    assert isinstance(blocking.export, Export) and isinstance(asyncio_.export, AsyncExport)
    # The blocking client's jobs against the emulator, and the asyncio client's: the same answers.
    uploaded = blocking.files.upload(b'{"messages": []}\n')
    assert asyncio.run(asyncio_.files.retrieve(uploaded.id)).id == blocking.files.retrieve(uploaded.id).id


def test_the_official_sdks_names_work_too() -> None:
    # Code ported from the openai SDK keeps working where the names differ (docs/sdk.md lists the rest).
    emulator = Emulator(clock="manual")
    with ftkit.Client(api_key="sk-test", transport=emulator.transport()) as client:
        line = b'{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}\n'
        uploaded = client.files.create(file=line * 10, purpose="fine-tune")
        job = client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=uploaded.id)
        emulator.run_until(job.id)
        assert [e.id for e in client.jobs.list_events(job.id)] == [e.id for e in client.jobs.events(job.id)]
        checkpoints = client.jobs.checkpoints.list(job.id, limit=2)
        assert [c.id for c in checkpoints.data] == [c.id for c in client.jobs.checkpoints(job.id, limit=2).data]
        checkpoint = checkpoints.data[0].fine_tuned_model_checkpoint
        client.checkpoints.permissions.create(checkpoint, project_ids=["proj_a"])
        assert [p.project_id for p in client.checkpoints.permissions.retrieve(checkpoint)] == ["proj_a"]

    async def main() -> None:
        async with ftkit.AsyncClient(api_key="sk-test", transport=emulator.transport()) as aclient:
            assert [e.id async for e in aclient.jobs.list_events(job.id)]
            assert (await aclient.jobs.checkpoints.list(job.id)).data

    asyncio.run(main())
