"""``ftkit.AzureClient`` and ``ftkit.AsyncAzureClient`` against Prism serving Azure OpenAI's
own description (spec/azure/2024-10-21): Prism checks every request the way Azure takes it
(``/openai/...`` routes, ``api-version``, the ``api-key`` header, Azure's schemas) and
answers with Azure's example answers, so what the client reads is what Azure sends.
"""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
from collections.abc import Iterator
from typing import Any

import ftkit
import httpx
import pytest
from ftkit_api.api.fine_tuning import list_paginated_fine_tuning_jobs, retrieve_fine_tuning_job
from ftkit_api.api.models import list_models

from conftest import AZURE_SPEC_DIR, _serve_with_prism

API_VERSION = "2024-10-21"
KEY = "azure-secret-key-4f1d"
TRAINING = b'{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}\n'


@pytest.fixture(scope="module")
def azure_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Azure OpenAI endpoint: Prism serving Azure's description, answering with Azure's
    example answers (each operation's ``x-ms-examples``) where it has them."""
    folder = tmp_path_factory.mktemp("azure-examples")
    spec = json.loads((AZURE_SPEC_DIR / "azureopenai.json").read_text(encoding="utf-8"))
    for item in spec["paths"].values():
        for operation in item.values():
            for ref in (operation.get("x-ms-examples") or {}).values():
                example = json.loads((AZURE_SPEC_DIR / ref["$ref"]).read_text(encoding="utf-8"))
                for status, answer in example["responses"].items():
                    if isinstance(answer.get("body"), dict) and status in operation["responses"]:
                        # The first example of an operation is the one Prism answers with.
                        operation["responses"][status].setdefault("examples", {"application/json": answer["body"]})
    spec["paths"] = {f"/openai{path}": item for path, item in spec["paths"].items()}
    (folder / "azureopenai.json").write_text(json.dumps(spec), encoding="utf-8")
    shutil.copytree(AZURE_SPEC_DIR / "examples", folder / "examples")
    probe = f"/openai/models?api-version={API_VERSION}"
    yield from _serve_with_prism(folder / "azureopenai.json", folder / "prism.log", probe, {"api-key": "test"})


@pytest.fixture(autouse=True)
def _no_azure_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AZURE_OPENAI_ENDPOINT", "OPENAI_API_VERSION", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN"):
        monkeypatch.delenv(name, raising=False)


class Wire:
    """The requests an httpx client sent, as the server got them (an httpx event hook)."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def record(self, request: httpx.Request) -> None:
        self.requests.append(request)

    async def arecord(self, request: httpx.Request) -> None:
        self.requests.append(request)

    def bodies(self) -> list[Any]:
        return [json.loads(r.content) for r in self.requests if r.headers.get("content-type") == "application/json"]


def _check_azure_request(request: httpx.Request, endpoint: str) -> None:
    assert str(request.url).startswith(f"{endpoint}/openai/"), request.url
    assert request.url.params["api-version"] == API_VERSION
    assert request.headers["api-key"] == KEY
    assert "authorization" not in request.headers


def test_azure_client_sends_every_request_as_azure_takes_it(azure_url: str) -> None:
    wire = Wire()
    http = httpx.Client(event_hooks={"request": [wire.record]})
    with ftkit.AzureClient(azure_endpoint=azure_url, api_version=API_VERSION, api_key=KEY, http_client=http) as client:
        uploaded = client.files.upload(TRAINING)  # Azure answers 201
        assert uploaded.id.startswith("file-") and uploaded.status == "pending"
        files = client.files.list(purpose="fine-tune")
        assert files.has_more is False and files.data  # Azure's file list is not paged
        assert [f.id for f in files] == [f.id for f in files.data]  # iterating asks for nothing more
        assert client.files.retrieve(uploaded.id).filename
        # Prism cannot make up an octet-stream body; asked for JSON it answers, as Azure would the bytes.
        assert isinstance(client.files.content(uploaded.id, extra_headers={"Accept": "application/json"}), bytes)
        assert client.files.delete(uploaded.id).deleted is True

        job = client.jobs.create(
            model="gpt-35-turbo-0613",
            training_file=uploaded.id,
            training_type=1,
            suffix="bot",
            seed=7,
            hyperparameters={"n_epochs": 2},
        )  # Azure answers 201
        assert job.status == "pending"  # Azure's status for a new job
        page = client.jobs.list(limit=2)
        assert page.data and all(j.id for j in page)
        assert client.jobs.retrieve(job.id).model
        assert client.jobs.cancel(job.id).status == "cancelled"
        events = client.jobs.events(job.id, limit=5)
        assert events.data and all(e.message for e in events.data)
        checkpoints = client.jobs.checkpoints(job.id, limit=5)
        assert checkpoints.data[0].fine_tuned_model_checkpoint
        # Pause and resume are in Azure's preview versions only: the stable one has no such route.
        for method in (client.jobs.pause, client.jobs.resume):
            with pytest.raises(ftkit.NotFoundError) as caught:
                method(job.id)
            assert caught.value.request is not None and caught.value.request.url.params["api-version"] == API_VERSION
    assert len(wire.requests) == 13
    for request in wire.requests:
        _check_azure_request(request, azure_url)
    [create] = [body for body in wire.bodies() if "training_file" in body]
    # Azure's trainingType goes out; no idempotency key (Azure keeps no job metadata to find it by).
    assert create["trainingType"] == 1 and create["suffix"] == "bot" and "metadata" not in create


def test_async_azure_client_sends_every_request_as_azure_takes_it(azure_url: str) -> None:
    wire = Wire()

    async def main() -> None:
        http = httpx.AsyncClient(event_hooks={"request": [wire.arecord]})
        async with ftkit.AsyncAzureClient(
            azure_endpoint=azure_url + "/", api_version=API_VERSION, api_key=KEY, http_client=http
        ) as client:
            uploaded = await client.files.upload(TRAINING)
            assert [f.id async for f in client.files.list()]  # no await: every item
            assert (await client.files.list()).has_more is False  # awaited: the first page
            await client.files.retrieve(uploaded.id)
            content = await client.files.content(uploaded.id, extra_headers={"Accept": "application/json"})
            assert isinstance(content, bytes)
            assert (await client.files.delete(uploaded.id)).deleted is True
            job = await client.jobs.create(model="gpt-35-turbo-0613", training_file=uploaded.id, training_type=1)
            assert job.status == "pending"
            assert [j.id async for j in client.jobs.list(limit=2)]
            assert (await client.jobs.retrieve(job.id)).id
            await client.jobs.cancel(job.id)
            assert [e.message async for e in client.jobs.events(job.id)]
            assert (await client.jobs.checkpoints(job.id)).data
            with pytest.raises(ftkit.NotFoundError):
                await client.jobs.pause(job.id)
        await http.aclose()

    asyncio.run(main())
    assert len(wire.requests) == 13
    for request in wire.requests:
        _check_azure_request(request, azure_url)


def test_azure_errors_read_as_the_sdk_names_them(azure_url: str) -> None:
    # Prism answers Azure's error shape {"error": {code, message, target, details, innererror}}
    # when asked for a status by the Prefer header (here sent with the call's extra_headers).
    with (
        ftkit.AzureClient(azure_endpoint=azure_url, api_version=API_VERSION, api_key=KEY) as client,
        pytest.raises(ftkit.NotFoundError) as caught,
    ):
        client.jobs.retrieve("ftjob-nope", extra_headers={"Prefer": "code=404"})
    error = caught.value
    body = error.body["error"]
    assert error.status_code == 404 and error.code == body["code"] and error.message == body["message"]
    assert error.param == body["target"] and error.type is None
    assert "innererror" in body and "details" in body  # kept on .body


def test_a_token_provider_is_asked_for_each_request(azure_url: str) -> None:
    tokens = iter(f"token-{n}" for n in range(1, 100))
    asked: list[str] = []

    def provider() -> str:
        asked.append(next(tokens))
        return asked[-1]

    wire = Wire()
    http = httpx.Client(event_hooks={"request": [wire.record]})
    with ftkit.AzureClient(
        azure_endpoint=azure_url, api_version=API_VERSION, azure_ad_token_provider=provider, http_client=http
    ) as client:
        for _ in range(3):
            # Azure's description knows only the api-key, so Prism refuses a token (a 401, whose
            # exception keeps the request with the token redacted).
            with pytest.raises(ftkit.AuthenticationError) as caught:
                client.jobs.retrieve("ftjob-1")
            assert caught.value.request is not None
            assert caught.value.request.headers["Authorization"] == "Bearer [redacted]"
    sent = [request.headers["Authorization"] for request in wire.requests]
    assert not [request for request in wire.requests if "api-key" in request.headers]
    assert asked == ["token-1", "token-2", "token-3"]
    assert sent == ["Bearer token-1", "Bearer token-2", "Bearer token-3"]


def test_an_async_token_provider_may_be_a_coroutine_function(azure_url: str) -> None:
    calls = 0

    async def provider() -> str:
        nonlocal calls
        calls += 1
        return f"token-{calls}"

    async def main() -> list[str]:
        wire = Wire()
        http = httpx.AsyncClient(event_hooks={"request": [wire.arecord]})
        async with ftkit.AsyncAzureClient(
            azure_endpoint=azure_url, api_version=API_VERSION, azure_ad_token_provider=provider, http_client=http
        ) as client:
            for _ in range(2):
                with pytest.raises(ftkit.AuthenticationError):
                    await client.jobs.retrieve("ftjob-1")
        return [request.headers["Authorization"] for request in wire.requests]

    assert asyncio.run(main()) == ["Bearer token-1", "Bearer token-2"]


def test_a_static_token_goes_as_bearer_and_wins_over_a_key(azure_url: str) -> None:
    wire = Wire()
    http = httpx.Client(event_hooks={"request": [wire.record]})
    with (
        ftkit.AzureClient(
            azure_endpoint=azure_url, api_version=API_VERSION, api_key=KEY, azure_ad_token="tok", http_client=http
        ) as client,
        pytest.raises(ftkit.AuthenticationError),
    ):
        client.jobs.retrieve("ftjob-1")
    [sent] = wire.requests
    assert sent.headers["Authorization"] == "Bearer tok" and "api-key" not in sent.headers


def test_the_environment_configures_the_client(azure_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", azure_url)
    monkeypatch.setenv("OPENAI_API_VERSION", API_VERSION)
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", KEY)
    with ftkit.AzureClient() as client:
        assert client.api_version == API_VERSION and client.base_url == f"{azure_url}/openai"
        assert client.jobs.list().data


def test_no_api_version_is_the_v1_api(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_VERSION", raising=False)
    for kind in (ftkit.AzureClient, ftkit.AsyncAzureClient):
        client = kind(azure_endpoint="https://r.openai.azure.com", api_key=KEY)
        assert client.api_version == "v1" and client.base_url == "https://r.openai.azure.com/openai/v1"
        assert dict(client.config.default_query) == {}  # v1 needs no api-version
    preview = ftkit.AzureClient(
        azure_endpoint="https://r.openai.azure.com/openai/v1", api_version="preview", api_key=KEY
    )
    assert preview.base_url == "https://r.openai.azure.com/openai/v1"
    assert dict(preview.config.default_query) == {"api-version": "preview"}
    dated = ftkit.AzureClient(azure_endpoint="https://r.openai.azure.com/openai", api_version=API_VERSION, api_key=KEY)
    assert dated.base_url == "https://r.openai.azure.com/openai" and repr(dated).startswith(
        "AzureClient(azure_endpoint='https://r.openai.azure.com', api_version='2024-10-21'"
    )
    with pytest.raises(ftkit.ValidationError) as caught:
        ftkit.AzureClient(azure_endpoint="https://r.openai.azure.com", api_key=KEY, api_version=" ")
    assert caught.value.argument == "api_version" and "OPENAI_API_VERSION" in str(caught.value)


def test_missing_endpoint_and_credentials_are_clear_errors() -> None:
    with pytest.raises(ftkit.ValidationError) as caught:
        ftkit.AzureClient(api_version=API_VERSION, api_key=KEY)
    assert caught.value.argument == "azure_endpoint" and "AZURE_OPENAI_ENDPOINT" in str(caught.value)
    with pytest.raises(ftkit.MissingAPIKeyError, match="AZURE_OPENAI_API_KEY"):
        ftkit.AzureClient(azure_endpoint="https://r.openai.azure.com", api_version=API_VERSION)
    with pytest.raises(ftkit.ValidationError) as caught:
        ftkit.AzureClient(azure_endpoint="r.openai.azure.com", api_version=API_VERSION, api_key=KEY)
    assert caught.value.argument == "azure_endpoint"


def test_the_key_is_in_no_repr_log_or_exception(azure_url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="ftkit")
    client = ftkit.AzureClient(azure_endpoint=azure_url, api_version=API_VERSION, api_key=KEY)
    copy = client.with_options(max_retries=0)
    assert copy.jobs.list().data
    with pytest.raises(ftkit.NotFoundError) as caught:
        copy.jobs.retrieve("ftjob-1", extra_headers={"Prefer": "code=404"})
    shown = [
        repr(client),
        str(client),
        repr(copy),
        repr(client.config),
        repr(caught.value),
        str(caught.value),
        repr(caught.value.args),
        caplog.text,
        repr(client.api),
        repr(client.http_client.headers),
        repr(client.http_client.auth),
    ]
    assert caplog.text  # the requests were logged
    assert all(KEY not in text for text in shown)
    assert repr(client) == (f"AzureClient(azure_endpoint={azure_url!r}, api_version='2024-10-21', max_retries=2)")
    client.close()


def test_with_options_keeps_the_azure_routing(azure_url: str) -> None:
    wire = Wire()
    http = httpx.Client(event_hooks={"request": [wire.record]})
    with ftkit.AzureClient(azure_endpoint=azure_url, api_version=API_VERSION, api_key=KEY, http_client=http) as client:
        patient = client.with_options(max_retries=5, timeout=30)
        assert isinstance(patient, ftkit.AzureClient) and patient.api_version == API_VERSION
        assert patient.max_retries == 5 and patient.http_client is client.http_client
        assert patient.jobs.retrieve("ftjob-1").id
        _check_azure_request(wire.requests[-1], azure_url)
        other = client.with_options(api_key="other-key", default_query={"trace": "1"})
        assert other.jobs.retrieve("ftjob-1").id
        assert wire.requests[-1].headers["api-key"] == "other-key" and wire.requests[-1].url.params["trace"] == "1"
        assert client.jobs.retrieve("ftjob-1").id
        _check_azure_request(wire.requests[-1], azure_url)


def test_the_low_level_client_speaks_azure_too(azure_url: str) -> None:
    with ftkit.AzureClient(azure_endpoint=azure_url, api_version=API_VERSION, api_key=KEY) as client:
        response = retrieve_fine_tuning_job.sync_detailed("ftjob-1", client=client.api)
        assert response.status_code == 200 and response.parsed is not None and response.parsed.id
        models = list_models.sync_detailed(client=client.api)
        assert models.status_code == 200 and models.parsed is not None and models.parsed.data

    async def main() -> None:
        async with ftkit.AsyncAzureClient(azure_endpoint=azure_url, api_version=API_VERSION, api_key=KEY) as client:
            answer = await list_paginated_fine_tuning_jobs.asyncio_detailed(client=client.api, limit=1)
            assert answer.status_code == 200 and answer.parsed is not None

    asyncio.run(main())


# The command line: --azure-endpoint and --api-version (or the environment) select Azure OpenAI.


def _ftkit(*args: str, env: dict[str, str] | None = None) -> Any:
    from click.testing import CliRunner
    from ftkit.cli import cli

    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        runner = CliRunner()
    return runner.invoke(cli, list(args), env=env, catch_exceptions=False)


def _json(result: Any) -> Any:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return json.loads(result.stdout)


def test_the_command_line_speaks_azure(azure_url: str, tmp_path: Any) -> None:
    azure = ("--azure-endpoint", azure_url, "--api-version", API_VERSION, "--api-key", KEY)
    train = tmp_path / "train.jsonl"
    train.write_bytes(TRAINING * 10)
    uploaded = _json(_ftkit(*azure, "files", "upload", str(train), "--json"))
    assert uploaded["status"] == "pending"
    assert _json(_ftkit(*azure, "files", "list", "--json"))
    assert _json(_ftkit(*azure, "files", "get", uploaded["id"], "--json"))["id"]
    assert _ftkit(*azure, "files", "delete", uploaded["id"]).exit_code == 0
    job = _json(
        _ftkit(*azure, "jobs", "create", "--model", "gpt-35-turbo-0613", "-t", uploaded["id"], "--training-type", "1",
               "--n-epochs", "2", "--json")
    )  # fmt: skip
    assert job["status"] == "pending"
    assert _json(_ftkit(*azure, "jobs", "list", "--json"))
    assert _json(_ftkit(*azure, "jobs", "get", job["id"], "--json"))["id"]
    assert _json(_ftkit(*azure, "jobs", "cancel", job["id"], "--json"))["status"] == "cancelled"
    assert _json(_ftkit(*azure, "jobs", "events", job["id"], "--json"))
    assert _json(_ftkit(*azure, "jobs", "checkpoints", job["id"], "--json"))
    shown = _ftkit(*azure, "jobs", "get", job["id"])
    assert shown.exit_code == 0 and job["id"] in shown.stdout
    # The same from the environment.
    env = {"AZURE_OPENAI_ENDPOINT": azure_url, "OPENAI_API_VERSION": API_VERSION, "AZURE_OPENAI_API_KEY": KEY}
    assert _json(_ftkit("jobs", "list", "--json", env=env))
    # A server error is one line and exit code 1, as against OpenAI.
    pause = _ftkit(*azure, "jobs", "pause", job["id"])
    assert pause.exit_code == 1 and pause.stderr.startswith("ftkit: error: Error code: 404")


def test_the_command_line_says_what_azure_needs(azure_url: str) -> None:
    missing = _ftkit("--azure-endpoint", azure_url, "--api-key", KEY, "--api-version", " ", "jobs", "list")
    assert missing.exit_code == 2 and "--api-version: ' '" in missing.stderr and "OPENAI_API_VERSION" in missing.stderr
    both = _ftkit("--azure-endpoint", azure_url, "--base-url", "http://127.0.0.1:1/v1", "jobs", "list")
    assert both.exit_code == 2 and "--azure-endpoint and --base-url" in both.stderr
    no_key = _ftkit("--azure-endpoint", "https://r.openai.azure.com", "--api-version", API_VERSION, "jobs", "list")
    assert no_key.exit_code == 2 and "AZURE_OPENAI_API_KEY" in no_key.stderr
    assert KEY not in missing.stderr


def test_the_readme_low_level_example_runs_on_azure(azure_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from test_low_level import low_level_example

    code = low_level_example().replace(
        "ftkit.Client()", f"ftkit.AzureClient(azure_endpoint={azure_url!r}, api_version={API_VERSION!r}, api_key='k')"
    )
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("200") and out[1].split()[0].startswith("ft")  # Azure's example job
    assert len(out) > 2  # its events


#: The job of Azure's examples: Prism answers it for any id, and a watch takes only the job it asked for.
EXAMPLE_JOB = "ft-72a2792ef7d24ba7b82c7fe4a37e379f"


def test_follow_and_wait_run_on_azure(azure_url: str) -> None:
    # Azure's example job has succeeded: wait returns it, follow hands out its events, once each.
    with ftkit.AzureClient(azure_endpoint=azure_url, api_version=API_VERSION, api_key=KEY) as client:
        job = client.jobs.wait(EXAMPLE_JOB, timeout=30)
        assert job.status == "succeeded"
        events = list(client.jobs.follow(EXAMPLE_JOB, poll_interval=0.01))
        assert events and len({e.id for e in events}) == len(events)
        assert client.jobs.wait_all([EXAMPLE_JOB, EXAMPLE_JOB], timeout=30)[1].status == "succeeded"
        with pytest.raises(ftkit.APIResponseValidationError, match="it is job 'ft-72a2"):
            client.jobs.wait("ftjob-1", timeout=30, poll_interval=0.01)  # the server answers another job

    async def main() -> None:
        async with ftkit.AsyncAzureClient(azure_endpoint=azure_url, api_version=API_VERSION, api_key=KEY) as client:
            assert (await client.jobs.wait(EXAMPLE_JOB, timeout=30)).status == "succeeded"
            assert [e.id async for e in client.jobs.follow(EXAMPLE_JOB, poll_interval=0.01)]

    asyncio.run(main())


def test_a_metadata_filter_is_refused_on_azure(azure_url: str) -> None:
    # Azure keeps no job metadata and ignores the filter: every job would come back as a match.
    with (
        ftkit.AzureClient(azure_endpoint=azure_url, api_version=API_VERSION, api_key=KEY) as client,
        pytest.raises(ftkit.ValidationError) as caught,
    ):
        client.jobs.list(metadata={"team": "a"})
    assert caught.value.argument == "metadata"
    with pytest.raises(ftkit.ValidationError):
        ftkit.AsyncAzureClient(azure_endpoint=azure_url, api_version=API_VERSION, api_key=KEY).jobs.list(
            metadata={"team": "a"}
        )


def test_the_demo_names_the_azure_endpoint_before_creating_a_billed_job() -> None:
    azure = ("--azure-endpoint", "https://r.openai.azure.com", "--api-version", API_VERSION, "--api-key", KEY)
    result = _ftkit(*azure, "demo")  # no terminal to ask on: it refuses without --yes
    assert result.exit_code == 2
    assert "https://r.openai.azure.com" in result.stderr and "without --yes" in result.stderr
