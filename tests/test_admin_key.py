"""Checkpoint permissions go out with the admin key (``admin_api_key``, ``OPENAI_ADMIN_KEY``),
every other request with the client's own key; the CLI's permission commands too."""

from __future__ import annotations

import json
from collections.abc import Iterator

import ftkit
import httpx
import pytest
from click.testing import CliRunner, Result
from ftkit.cli import cli
from ftkit.emulator import Emulator, EmulatorServer

TRAINING = b'{"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}\n' * 10


def finished_checkpoint(emulator: Emulator, client: ftkit.Client) -> str:
    """The first checkpoint of a job run to its end on ``emulator``."""
    training = client.files.upload(TRAINING)
    job = client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=training.id)
    emulator.run_until(job.id)
    name = client.jobs.checkpoints(job.id).data[0].fine_tuned_model_checkpoint
    assert isinstance(name, str)
    return name


@pytest.fixture(autouse=True)
def no_openai_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OPENAI_ADMIN_KEY"):
        monkeypatch.delenv(name, raising=False)


class Recording(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The emulator, with the key each request carried noted by path."""

    def __init__(self) -> None:
        self.emulator = Emulator(clock="manual")
        self.inner = self.emulator.transport()
        self.keys: list[tuple[str, str]] = []

    def _note(self, request: httpx.Request) -> None:
        self.keys.append((request.url.path, request.headers.get("authorization", "")))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._note(request)
        return self.inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._note(request)
        return await self.inner.handle_async_request(request)

    def by_kind(self) -> dict[str, set[str]]:
        kinds: dict[str, set[str]] = {"permissions": set(), "other": set()}
        for path, key in self.keys:
            kinds["permissions" if "/permissions" in path else "other"].add(key)
        return kinds


def use_permissions(client: ftkit.Client, checkpoint: str) -> None:
    created = client.checkpoints.permissions.create(checkpoint, project_ids=["proj_1"])
    assert [p.project_id for p in client.checkpoints.permissions.list(checkpoint)] == ["proj_1"]
    assert client.checkpoints.permissions.delete(checkpoint, created.data[0].id).deleted is True
    client.jobs.list()


def run(client: ftkit.Client, network: Recording) -> str:
    checkpoint = finished_checkpoint(network.emulator, client)
    use_permissions(client, checkpoint)
    return checkpoint


def test_permissions_carry_the_admin_key_and_nothing_else_does() -> None:
    network = Recording()
    with ftkit.Client(api_key="sk-proj", admin_api_key="sk-admin", transport=network) as client:
        checkpoint = run(client, network)
        copy = client.with_options(max_retries=0)
        copy.checkpoints.permissions.list(checkpoint)
    assert network.by_kind() == {"permissions": {"Bearer sk-admin"}, "other": {"Bearer sk-proj"}}


def test_the_admin_key_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_ADMIN_KEY", "sk-admin-env")
    network = Recording()
    with ftkit.Client(api_key="sk-proj", transport=network) as client:
        run(client, network)
        assert "sk-admin-env" not in repr(client) and "sk-admin-env" not in repr(client._config)
    assert network.by_kind() == {"permissions": {"Bearer sk-admin-env"}, "other": {"Bearer sk-proj"}}


def test_without_an_admin_key_the_client_key_is_used() -> None:
    network = Recording()
    with ftkit.Client(api_key="sk-proj", transport=network) as client:
        run(client, network)
    assert network.by_kind() == {"permissions": {"Bearer sk-proj"}, "other": {"Bearer sk-proj"}}


async def test_async_permissions_carry_the_admin_key() -> None:
    network = Recording()
    with ftkit.Client(api_key="sk-proj", transport=network.emulator.transport()) as setup:
        checkpoint = finished_checkpoint(network.emulator, setup)
    async with ftkit.AsyncClient(api_key="sk-proj", admin_api_key="sk-admin", transport=network) as client:
        created = await client.checkpoints.permissions.create(checkpoint, project_ids=["proj_1", "proj_2"])
        listed = [p.project_id async for p in await client.checkpoints.permissions.list(checkpoint)]
        await client.checkpoints.permissions.delete(checkpoint, created.data[0].id)
        await client.jobs.list()
    assert sorted(listed) == ["proj_1", "proj_2"]
    assert network.by_kind() == {"permissions": {"Bearer sk-admin"}, "other": {"Bearer sk-proj"}}


# -- the command line --------------------------------------------------------------------------------------


@pytest.fixture
def admin_only_server() -> Iterator[tuple[EmulatorServer, str]]:
    # An emulator that accepts only the admin key: the permission commands must send it.
    emulator = Emulator(clock="manual", api_key="sk-admin")
    with emulator.serve() as served, ftkit.Client(api_key="sk-admin", base_url=served.base_url) as setup:
        yield served, finished_checkpoint(emulator, setup)


def invoke(*args: str, env: dict[str, str]) -> Result:
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        runner = CliRunner()
    return runner.invoke(cli, list(args), env=env, catch_exceptions=True)


def test_cli_permission_commands_use_openai_admin_key(admin_only_server: tuple[EmulatorServer, str]) -> None:
    server, checkpoint = admin_only_server
    env = {"OPENAI_API_KEY": "sk-proj", "OPENAI_ADMIN_KEY": "sk-admin", "OPENAI_BASE_URL": server.base_url}
    created = invoke("checkpoints", "permissions", "create", checkpoint, "--project", "proj_1", "--project", "proj_2",
                     "--json", env=env)  # fmt: skip
    assert created.exit_code == 0, created.output
    permissions = json.loads(created.stdout)
    assert sorted(p["project_id"] for p in permissions) == ["proj_1", "proj_2"]
    listed = invoke("checkpoints", "permissions", "list", checkpoint, env=env)
    assert listed.exit_code == 0 and "proj_1" in listed.stdout and "proj_2" in listed.stdout
    gone = invoke("checkpoints", "permissions", "delete", checkpoint, permissions[0]["id"], env=env)
    assert gone.exit_code == 0 and permissions[0]["id"] in gone.stdout
    left = json.loads(invoke("checkpoints", "permissions", "list", checkpoint, "--json", env=env).stdout)
    assert [p["id"] for p in left] == [permissions[1]["id"]]
    # The project key is still what every other command sends.
    assert invoke("jobs", "list", env=env).exit_code == 1


def test_cli_permission_help_says_an_admin_key_is_needed() -> None:
    result = invoke("checkpoints", "permissions", "create", "--help", env={})
    assert result.exit_code == 0 and "OPENAI_ADMIN_KEY" in result.stdout


def test_the_permission_orders_are_the_specs() -> None:
    from ftkit.checkpoints import _ORDERS
    from ftkit_api.models.list_fine_tuning_checkpoint_permissions_order import (
        ListFineTuningCheckpointPermissionsOrder,
    )

    assert sorted(o.value for o in ListFineTuningCheckpointPermissionsOrder) == _ORDERS
