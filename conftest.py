"""The world the docstring examples of ``ergonomic/ftkit`` run in (``--doctest-modules``).

Each example runs as written against the emulator on a manual clock: nothing leaves the machine,
and a wait advances the emulator's clock instead of sleeping. The world is built once per session
(per pytest-xdist worker): an emulator that already holds a finished job, and a folder of local
files. Each example runs in a copy of that folder (an empty folder when it reads none of it), so
what one writes no other sees; on the server, an example changes only what it made
(``running_job`` included), and shows nothing that another example's jobs or files would change.

The names every example may use (``doctest_namespace``):

- ``ftkit``; ``emulator``: the session's emulator (manual clock); ``client``: a ``Client`` on it;
- ``training_file``: ``train.jsonl`` uploaded (an ``OpenAIFile``); ``job``: a job of it that
  succeeded; ``model``: its fine-tuned model; ``checkpoint``: its newest checkpoint's model name,
  shared with the project ``proj_abc``;
- ``grader``: the evaluation's grader (``grader.json``), ``exact``: a ``string_check`` of
  ``{{item.answer}}``, ``judge``: a ``score_model`` grader;
- ``archive``: ``ftkit.archive.open("backup")``, an export of ``job``; ``comparison``: the
  comparison of ``runs/base`` and ``runs/ft``;
- ``executor``: an executor of the blocking client on the emulator, for the flows' own examples
  (``SyncDriver(executor).run(flow)``); ``async_executor``: the same for ``AsyncDriver``;
- ``running_job``: made for each example that names it, a job of ``training_file`` (one epoch)
  that has just started training, to pause, resume, cancel or wait for.

The folder: ``train.jsonl`` (30 supervised lines), ``typos.jsonl`` (the same, the assistant's role
misspelled twice), ``heldout.jsonl`` (10 held-out examples), ``grader.json``, ``runs/base`` and
``runs/ft`` (those examples answered by the base model and by ``model``, graded by ``grader``),
``backup/`` (the export).

The examples of Azure OpenAI (``AZURE_EXAMPLES``) run in a world of their own, an emulator playing
Azure OpenAI: there ``client`` is an ``AzureClient`` on its v1 API with Resource Manager's
settings, ``key`` the emulator's API key, ``job`` a finished job, ``model`` its model,
``checkpoint`` its newest checkpoint's id (``ftchkpt-...``), copied to ``COPY_TARGET``; a
deployment ``bot`` of ``model`` exists.

Why at the root, not in ``ergonomic/``: a conftest.py there would be imported after
``tests/conftest.py`` and take its module name, ``conftest``, which tests import from; this one, an
ancestor of every test path, is imported first.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ftkit
import httpx
import pytest
from _pytest.doctest import DoctestItem
from ftkit._executor import AsyncHTTP, SyncHTTP
from ftkit.cli._samples import write_eval_samples
from ftkit.emulator import Emulator

BASE_MODEL = "gpt-4o-mini-2024-07-18"
API_KEY = "sk-test"
AZURE_KEY = "azure-key"
AZURE_ENDPOINT = "https://my-resource.openai.azure.com"
#: The resource a checkpoint is copied to, in the Azure world.
COPY_TARGET = "/subscriptions/sub/resourceGroups/group/providers/Microsoft.CognitiveServices/accounts/other"
#: The examples (by name prefix) that run in the Azure OpenAI world.
AZURE_EXAMPLES = ("ftkit.deployments.", "ftkit.checkpoints._CopiesAPI.", "ftkit.azure.")


class World:
    """An emulator, a client on it, the folder the examples start in and the names they use."""

    def __init__(self, emulator: Emulator, client: ftkit.Client, folder: Path) -> None:
        self.emulator = emulator
        self.client = client
        self.folder = folder
        self.names: dict[str, Any] = {"ftkit": ftkit, "emulator": emulator, "client": client}

    def reads_folder(self, source: str) -> bool:
        """Whether an example of this source reads the folder: names one of its files, or an
        object that reads them (``archive``, ``comparison``)."""
        return any(name in source for name in ("archive", "comparison", *(p.name for p in self.folder.iterdir())))

    def running_job(self) -> Any:
        """A new job of ``training_file`` that has just started training."""
        created = self.client.jobs.create(
            model=BASE_MODEL, training_file=self.names["training_file"].id, method=ftkit.Method.supervised(n_epochs=1)
        )
        self.emulator.run_until(created.id, "running")
        return self.client.jobs.retrieve(created.id)


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    """Work in ``folder`` (the set-up writes relative paths, as the examples do)."""
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def _misspell_roles(source: str, target: str, lines: tuple[int, ...]) -> None:
    """Write ``source`` to ``target`` with the last message's role misspelled in these lines (0-based)."""
    examples = [json.loads(line) for line in Path(source).read_text(encoding="utf-8").splitlines()]
    for number in lines:
        examples[number]["messages"][-1]["role"] = "asistant"
    Path(target).write_text("".join(json.dumps(example) + "\n" for example in examples), encoding="utf-8")


def _finished(client: ftkit.Client, **create: Any) -> Any:
    """A job created with ``create``, waited for (on the emulator's clock)."""
    job = client.jobs.wait(client.jobs.create(model=BASE_MODEL, **create).id)
    assert job.fine_tuned_model, job
    return job


@pytest.fixture(scope="session")
def openai_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("doctest-world")
    with Emulator(clock="manual", seed=0) as emulator, _inside(folder):
        write_eval_samples(folder, held_out=10)
        _misspell_roles("train.jsonl", "typos.jsonl", lines=(3, 7))
        client = ftkit.Client(api_key=API_KEY, transport=emulator.transport())
        bearer = {"Authorization": f"Bearer {API_KEY}"}
        async_http = httpx.AsyncClient(transport=emulator.transport(), base_url=f"{client.base_url}/", headers=bearer)
        world = World(emulator, client, folder)
        training_file = client.files.upload("train.jsonl")
        job = _finished(client, training_file=training_file.id)
        checkpoint = next(iter(client.jobs.checkpoints(job.id))).fine_tuned_model_checkpoint
        client.checkpoints.permissions.create(checkpoint, project_ids=["proj_abc"])
        grader = json.loads(Path("grader.json").read_text(encoding="utf-8"))
        for out, model in (("runs/base", BASE_MODEL), ("runs/ft", job.fine_tuned_model)):
            client.evaluation.run("heldout.jsonl", model=model, out=out, grader=grader, tokens="estimate")
        client.export("backup", jobs=[job.id])
        world.names.update(
            training_file=training_file,
            job=job,
            model=job.fine_tuned_model,
            checkpoint=checkpoint,
            grader=grader,
            exact=ftkit.Grader.string_check("exact", "{{sample.output_text}}", "{{item.answer}}", "eq"),
            judge=ftkit.Grader.score_model(
                "judge", BASE_MODEL, [ftkit.Grader.message("user", "Score 0-1: {{sample.output_text}}")]
            ),
            archive=ftkit.archive.open("backup"),
            comparison=client.evaluation.compare("runs/base", "runs/ft"),
            executor=SyncHTTP(client.http_client),
            async_executor=AsyncHTTP(async_http),
        )
        try:
            yield world
        finally:
            client.close()
            asyncio.run(async_http.aclose())


@pytest.fixture(scope="session")
def azure_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("doctest-azure-world")
    with Emulator(clock="manual", seed=0, flavor="azure", api_key=AZURE_KEY) as emulator, _inside(folder):
        write_eval_samples(folder, held_out=10)
        client = ftkit.AzureClient(
            azure_endpoint=AZURE_ENDPOINT, api_key=AZURE_KEY, transport=emulator.transport(),
            subscription_id="sub", resource_group="group", management_token="arm-token",
        )  # fmt: skip
        world = World(emulator, client, folder)
        training_file = client.files.upload("train.jsonl")
        job = _finished(client, training_file=training_file.id, training_type="standard")
        checkpoint = next(iter(client.jobs.checkpoints(job.id))).id
        client.deployments.create("bot", model=job.fine_tuned_model, wait=True)
        region = "swedencentral"
        emulator.flavor.add_account(COPY_TARGET, region)  # type: ignore[attr-defined]
        client.checkpoints.copies.create(job.id, checkpoint, region=region, destination_resource_id=COPY_TARGET)
        world.names.update(
            key=AZURE_KEY, training_file=training_file, job=job, model=job.fine_tuned_model, checkpoint=checkpoint
        )
        try:
            yield world
        finally:
            client.close()


@pytest.fixture(autouse=True)
def doctest_world(request: pytest.FixtureRequest) -> Iterator[None]:
    """Give a docstring example its world's names, and a copy of its folder as the working directory
    (the other tests are left alone: they ask for no fixture here)."""
    item = request.node
    if not isinstance(item, DoctestItem) or item.dtest is None:
        yield
        return
    azure = item.name.startswith(AZURE_EXAMPLES)
    world: World = request.getfixturevalue("azure_world" if azure else "openai_world")
    folder: Path = request.getfixturevalue("tmp_path")
    source = "".join(example.source for example in item.dtest.examples)
    if world.reads_folder(source):  # else an empty folder: a copy for every example takes seconds
        shutil.copytree(world.folder, folder, dirs_exist_ok=True)
    request.getfixturevalue("monkeypatch").chdir(folder)
    doctest_namespace: dict[str, Any] = request.getfixturevalue("doctest_namespace")
    names = dict(world.names)
    if "running_job" in source:
        names["running_job"] = world.running_job()
    doctest_namespace.update(names)
    try:
        yield
    finally:
        for name in names:
            doctest_namespace.pop(name, None)
