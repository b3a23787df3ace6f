"""Azure OpenAI's v1 API (``{endpoint}/openai/v1``), Entra ID credentials, training types, checkpoint
copy and deployments, against the emulator's Azure flavour (``spec/azure/DIFFERENCES.md``, V1-V9)."""

from __future__ import annotations

import asyncio
import json
import logging
import pickle
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ftkit
import httpx
import openai
import pytest
from click.testing import CliRunner
from ftkit import archive
from ftkit.cli import cli
from ftkit.cli._samples import write_samples
from ftkit.deployments import DeploymentFailedError
from ftkit.emulator import Emulator, EmulatorServer

KEY = "azure-v1-secret-key"
ENDPOINT = "https://my-resource.openai.azure.com"
BASE = "gpt-4o-mini-2024-07-18"
SUB, GROUP = "0000-sub", "my-group"
DESTINATION = "/subscriptions/0000-sub/resourceGroups/other/providers/Microsoft.CognitiveServices/accounts/copy-target"
LINE = json.dumps({"messages": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}]})
TRAINING = ((LINE + "\n") * 12).encode()
azure = pytest.mark.ftkit_emulator(flavor="azure", api_key=KEY)


@pytest.fixture(autouse=True)
def no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY",
                 "AZURE_OPENAI_AD_TOKEN", "OPENAI_API_VERSION", "AZURE_SUBSCRIPTION_ID", "AZURE_RESOURCE_GROUP",
                 "AZURE_OPENAI_ACCOUNT", "AZURE_MANAGEMENT_TOKEN", "AZURE_MANAGEMENT_ENDPOINT"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)


class Recording(httpx.BaseTransport):
    """The emulator's transport, keeping every request that went through it (the emulator's clock too)."""

    def __init__(self, emulator: Emulator) -> None:
        self.inner = emulator.transport()
        self.virtual_clock = self.inner.virtual_clock
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.inner.handle_request(request)


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(clock="manual", seed=3, flavor="azure") as emulated:
        yield emulated


def v1_client(emulator: Emulator | Recording, **options: Any) -> ftkit.AzureClient:
    transport = emulator if isinstance(emulator, Recording) else emulator.transport()
    settings: dict[str, Any] = {"api_key": KEY, "subscription_id": SUB, "resource_group": GROUP,
                                "management_token": "arm-token", **options}  # fmt: skip
    return ftkit.AzureClient(azure_endpoint=ENDPOINT, transport=transport, **settings)


def finished_job(client: ftkit.AzureClient, emulator: Emulator, tmp: Path) -> Any:
    samples = write_samples("supervised", tmp / "samples")
    job = client.jobs.create_from_files(model=BASE, training_file=samples.training, training_type="standard",
                                        method=ftkit.Method.supervised(n_epochs=2), tokens="estimate")  # fmt: skip
    emulator.run_until(job.id)
    return client.jobs.retrieve(job.id)


# -- a whole job on v1 -----------------------------------------------------------------------------------


def test_a_whole_job_through_azure_client_on_v1(emulator: Emulator, tmp_path: Path) -> None:
    recording = Recording(emulator)
    client = v1_client(recording)
    assert client.api_version == "v1" and client.base_url == f"{ENDPOINT}/openai/v1"
    samples = write_samples("supervised", tmp_path / "samples")
    job = client.jobs.create_from_files(model=BASE, training_file=samples.training, validation_file=samples.validation,
                                        training_type="GlobalStandard", suffix="bot", tokens="estimate",
                                        method=ftkit.Method.supervised(n_epochs=2))  # fmt: skip
    create = next(r for r in recording.requests if r.url.path.endswith("/fine_tuning/jobs") and r.method == "POST")
    assert json.loads(create.content)["trainingType"] == "GlobalStandard"
    assert job.status == "validating_files"  # V3: the v1 job is OpenAI's object
    emulator.run_until(job.id, "running")
    emulator.advance(5)
    assert client.jobs.pause(job.id).status in ("paused", "pausing")
    assert client.jobs.resume(job.id).status in ("queued", "running", "resuming")
    events = list(client.jobs.follow(job.id, poll_interval=5))
    final = client.jobs.wait(job.id)
    assert final.status == "succeeded" and final.fine_tuned_model == f"{BASE}.ft-{job.id.removeprefix('ftjob-')}-bot"
    assert events and any(e.type_ == "metrics" for e in events) and len({e.id for e in events}) == len(events)
    assert list(client.jobs.events(job.id)) and list(client.jobs.checkpoints(job.id))
    assert ftkit.metrics.summary(client.jobs.metrics(job.id)).final_train_loss is not None
    client.export(tmp_path / "export")
    assert archive.open(tmp_path / "export").job(job.id).fine_tuned_model == final.fine_tuned_model
    # Every request went to /openai/v1, with no api-version, the key as api-key.
    assert recording.requests and all(r.url.path.startswith("/openai/v1/") for r in recording.requests)
    assert not any("api-version" in r.url.params for r in recording.requests)
    assert all(r.headers["api-key"] == KEY for r in recording.requests)


def test_replay_onto_v1_creates_one_job_and_uploads_once(emulator: Emulator, tmp_path: Path) -> None:
    with Emulator(clock="manual", seed=0) as source_emulator:
        source = ftkit.Client(api_key="sk-source", transport=source_emulator.transport())
        samples = write_samples("supervised", tmp_path / "samples")
        job = source.jobs.create_from_files(model=BASE, training_file=samples.training, tokens="estimate", seed=4)
        source_emulator.run_until(job.id)
        source.export(tmp_path / "export")
    opened = archive.open(tmp_path / "export")
    old = opened.job(job.id)
    path = opened.file_path(old.training_file)
    assert path is not None
    target = v1_client(emulator)
    first = target.jobs.replay(old, training_file=path, training_type="standard")
    second = target.jobs.replay(old, training_file=path, training_type="standard", on_step=lambda s: None)
    assert first.id == second.id and first.seed == 4
    assert emulator.request_count("POST /fine_tuning/jobs") == 1 and emulator.request_count("POST /files") == 1

    async def twice() -> tuple[Any, Any]:
        async with ftkit.AsyncAzureClient(azure_endpoint=ENDPOINT, api_key=KEY, transport=emulator.transport()) as c:
            return (await c.jobs.replay(old, training_file=path, training_type="standard"),
                    await c.jobs.retrieve(first.id))  # fmt: skip

    again, same = asyncio.run(twice())
    assert again.id == first.id == same.id and emulator.request_count("POST /fine_tuning/jobs") == 1


@azure
def test_the_official_openai_client_drives_the_v1_flavour(ftkit_emulator_server: EmulatorServer) -> None:
    client = openai.OpenAI(base_url=f"{ftkit_emulator_server.endpoint}/openai/v1/", api_key=KEY, max_retries=0)
    file = client.files.create(file=("t.jsonl", TRAINING), purpose="fine-tune")
    job = client.fine_tuning.jobs.create(model=BASE, training_file=file.id, extra_body={"trainingType": "Standard"})
    done = ftkit_emulator_server.run_until(job.id)
    assert done["status"] == "succeeded"
    assert client.fine_tuning.jobs.retrieve(job.id).fine_tuned_model == done["fine_tuned_model"]
    assert client.fine_tuning.jobs.list_events(job.id).data
    assert client.fine_tuning.jobs.checkpoints.list(job.id).data
    assert file.id in [f.id for f in client.files.list()]  # V8: has_more false, the loop ends
    assert client.models.retrieve(done["fine_tuned_model"]).id == done["fine_tuned_model"]
    with pytest.raises(openai.BadRequestError) as caught:
        client.fine_tuning.jobs.create(model=BASE, training_file=file.id)
    assert "does not support fine-tuning" in str(caught.value)
    with pytest.raises(openai.NotFoundError):  # V2: no Uploads API on v1
        client.uploads.create(bytes=10, filename="t.jsonl", mime_type="text/jsonl", purpose="fine-tune")


# -- flavour fidelity (issue 22, item 12) -------------------------------------------------------------------


def raw(emulator: Emulator, prefix: str) -> httpx.Client:
    return httpx.Client(transport=emulator.transport(), base_url=f"{ENDPOINT}{prefix}", headers={"api-key": KEY})


def test_the_azure_flavour_answers_as_azures_descriptions_say(emulator: Emulator) -> None:
    dated, v1 = raw(emulator, "/openai"), raw(emulator, "/openai/v1")
    assert dated.get("/models", params={"api-version": "1999-01-01"}).status_code == 400
    assert dated.get("/models", params={"api-version": "2025-04-01-preview"}).status_code == 200
    assert v1.get("/models", params={"api-version": "2024-10-21"}).status_code == 400
    assert (
        v1.get("/models").status_code == 200 and v1.get("/models", params={"api-version": "preview"}).status_code == 200
    )
    file_id = v1.post("/files", files={"file": ("t.jsonl", TRAINING)}, data={"purpose": "fine-tune"}).json()["id"]
    body = {"model": BASE, "training_file": file_id, "trainingType": 1}
    first = dated.post("/fine_tuning/jobs", params={"api-version": "2024-10-21"}, json=body).json()["id"]
    second = v1.post("/fine_tuning/jobs", json={**body, "metadata": {"team": "a"}}).json()["id"]
    emulator.run_until(first, "running")
    emulator.advance(5)
    # D7: pause and resume are not in 2024-10-21's description (404); they are in the previews' and v1's.
    assert dated.post(f"/fine_tuning/jobs/{first}/pause", params={"api-version": "2024-10-21"}).status_code == 404
    assert dated.post(f"/fine_tuning/jobs/{first}/pause", params={"api-version": "2025-04-01-preview"}).is_success
    assert v1.post(f"/fine_tuning/jobs/{first}/resume").is_success
    # D9: no metadata filter: every job is answered.
    listed = v1.get("/fine_tuning/jobs", params={"metadata[team]": "nobody"}).json()["data"]
    assert {j["id"] for j in listed} == {first, second}
    # D8: the dated file list has no has_more and ignores `after`: the official SDK's auto-pager asks again
    # and again (real Azure's description says the same: a trap, docs/azure.md). One page, bounded, here.
    page = dated.get("/files", params={"api-version": "2024-10-21"}).json()
    assert "has_more" not in page and [f["id"] for f in page["data"]] == [file_id]
    again = dated.get("/files", params={"api-version": "2024-10-21", "after": file_id}).json()
    assert [f["id"] for f in again["data"]] == [file_id]
    # V8: v1's answers has_more (false): one answer is every file.
    assert v1.get("/files", params={"after": file_id}).json()["has_more"] is False
    # V7: v1's error has param and type.
    error = v1.get("/fine_tuning/jobs/ftjob-nope").json()["error"]
    assert error["type"] == "error" and error["param"] == "fine_tuning_job_id" and error["code"] == "notFound"


def test_the_official_sdks_file_list_trap_on_the_dated_surface_is_bounded(emulator: Emulator) -> None:
    http = httpx.Client(transport=emulator.transport())
    client = openai.AzureOpenAI(azure_endpoint=ENDPOINT, api_key=KEY, api_version="2024-10-21", http_client=http)
    client.files.create(file=("t.jsonl", TRAINING), purpose="fine-tune")
    page = client.files.list()
    # No has_more: the SDK thinks there is a next page, and it is the same page again, for ever.
    assert page.has_next_page() and [f.id for f in page.get_next_page().data] == [f.id for f in page.data]
    # ftkit's pager stops at a page without has_more.
    with ftkit.AzureClient(azure_endpoint=ENDPOINT, api_key=KEY, api_version="2024-10-21",
                           transport=emulator.transport()) as ours:  # fmt: skip
        assert len(list(ours.files.list())) == 1


# -- training types and Azure-only options ------------------------------------------------------------------


def test_training_types_by_name_or_number_and_a_missing_one_explained(emulator: Emulator) -> None:
    client = v1_client(emulator)
    file_id = client.files.upload(TRAINING).id
    sent = [
        client.jobs.create(model=BASE, training_file=file_id, training_type=t) for t in ("standard", "Developer", 2)
    ]
    assert len(sent) == 3
    with pytest.raises(ftkit.TrainingTypeRequiredError) as caught:
        client.jobs.create(model=BASE, training_file=file_id)
    message = str(caught.value)
    assert "training_type=" in message and "--training-type" in message and "standard" in message
    assert caught.value.status_code == 400 and isinstance(caught.value, ftkit.BadRequestError)
    with pytest.raises(ftkit.ValidationError) as bad:
        client.jobs.create(model=BASE, training_file=file_id, training_type="everywhere")
    assert bad.value.argument == "training_type"
    job = client.jobs.create(model=BASE, training_file=file_id, training_type="standard",
                             hyperparameters={"n_epochs": 2, "prompt_loss_weight": 0.1})  # fmt: skip
    assert job.id


def test_a_job_without_a_training_type_is_sent_for_azure_to_answer(tmp_path: Path) -> None:
    # Azure's docs create jobs without one (fine-tuning-rest.md's v1 example; a training type is for "a model
    # that supports global training"), so ftkit does not refuse such a job: Azure decides (a refusal, as
    # reported, is explained: test_training_types_by_name_or_number_and_a_missing_one_explained).
    bodies: list[dict[str, Any]] = []

    def takes_it(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":  # the base model, looked up before the upload
            return httpx.Response(200, json={"id": BASE, "object": "model", "created": 1, "owned_by": "system"})
        if request.url.path.endswith("/files"):
            return httpx.Response(
                200,
                json={
                    "id": "file-1",
                    "object": "file",
                    "bytes": 1,
                    "created_at": 1,
                    "filename": "train.jsonl",
                    "purpose": "fine-tune",
                    "status": "processed",
                },
            )
        bodies.append(json.loads(request.content))
        return httpx.Response(200, json={"id": "ftjob-1", "object": "fine_tuning.job", "status": "queued",
                                         "model": BASE, "training_file": "file-1", "created_at": 1})  # fmt: skip

    samples = write_samples("supervised", tmp_path)
    client = ftkit.AzureClient(azure_endpoint=ENDPOINT, api_key=KEY, transport=httpx.MockTransport(takes_it))
    job = client.jobs.create_from_files(model=BASE, training_file=samples.training, tokens="estimate")
    assert job.id == "ftjob-1" and len(bodies) == 1 and "trainingType" not in bodies[0]


def test_azure_only_options_are_refused_on_openai_before_any_request(tmp_path: Path) -> None:
    samples = write_samples("supervised", tmp_path)
    with Emulator(clock="manual") as openai_emulator:
        client = ftkit.Client(api_key="sk-test", transport=openai_emulator.transport())
        with pytest.raises(ftkit.ValidationError) as caught:
            client.jobs.create_from_files(model=BASE, training_file=samples.training, training_type="standard")
        assert caught.value.argument == "training_type"
        with pytest.raises(ftkit.ValidationError) as weight:
            client.jobs.create_from_files(model=BASE, training_file=samples.training,
                                          hyperparameters={"prompt_loss_weight": 0.1})  # fmt: skip
        assert weight.value.argument == "hyperparameters.prompt_loss_weight" and "Azure" in str(weight.value)
        assert openai_emulator.request_count() == 0
        runner = CliRunner()
        env = {"OPENAI_API_KEY": "sk-test"}
        for option in (("--training-type", "standard"), ("--prompt-loss-weight", "0.1")):
            result = runner.invoke(cli, ["--emulator", "jobs", "create", "--model", BASE, "-t", str(samples.training),
                                         *option], env=env)  # fmt: skip
            assert result.exit_code == 2 and option[0] in result.stderr and "Uploaded" not in result.stderr


def test_an_explicit_idempotency_key_is_refused_on_azure_and_no_job_is_doubled(emulator: Emulator) -> None:
    client = v1_client(emulator, max_retries=3)
    file_id = client.files.upload(TRAINING).id
    with pytest.raises(ftkit.ValidationError) as caught:
        client.jobs.create(model=BASE, training_file=file_id, training_type="standard", idempotency_key="mine")
    assert caught.value.argument == "idempotency_key" and "second job" in str(caught.value)
    assert emulator.request_count("POST /fine_tuning/jobs") == 0
    # Dropped connections after the job was stored: raised, never created twice.
    emulator.inject("POST /fine_tuning/jobs", drop=True, rate=0.5)
    created = failed = 0
    for _ in range(12):
        try:
            client.jobs.create(model=BASE, training_file=file_id, training_type="standard")
            created += 1
        except ftkit.APIConnectionError:
            failed += 1
    assert failed and created
    assert len(list(client.jobs.list())) == created + failed == emulator.request_count("POST /fine_tuning/jobs")


# -- Entra ID ------------------------------------------------------------------------------------------------


class CountingCredential:
    """An azure-core ``TokenCredential``: hands out a new token per call, each valid ``lifetime`` seconds."""

    def __init__(self, lifetime: float) -> None:
        self.lifetime = lifetime
        self.scopes: list[tuple[str, ...]] = []

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        from azure.core.credentials import AccessToken

        self.scopes.append(scopes)
        return AccessToken(f"entra-token-{len(self.scopes)}", int(time.time() + self.lifetime))


def test_an_azure_identity_credential_with_the_documented_scope_and_refreshed(emulator: Emulator) -> None:
    from azure.core.credentials import TokenCredential
    from azure.identity import get_bearer_token_provider

    lasting, expiring = CountingCredential(3600), CountingCredential(60)  # expiring: within the refresh margin
    assert isinstance(lasting, TokenCredential)
    recording = Recording(emulator)
    client = ftkit.AzureClient(azure_endpoint=ENDPOINT, credential=lasting, transport=recording)
    client.models.list()
    client.models.list()
    assert lasting.scopes == [("https://cognitiveservices.azure.com/.default",)]  # asked once, cached
    assert recording.requests[-1].headers["authorization"] == "Bearer entra-token-1"
    refreshing = ftkit.AzureClient(azure_endpoint=ENDPOINT, credential=expiring, transport=recording)
    refreshing.models.list()
    refreshing.models.list()
    assert len(expiring.scopes) == 2 and recording.requests[-1].headers["authorization"] == "Bearer entra-token-2"
    # azure-identity's own provider works as azure_ad_token_provider too.
    provider = get_bearer_token_provider(CountingCredential(3600), "https://ai.azure.com/.default")
    assert ftkit.AzureClient(azure_endpoint=ENDPOINT, azure_ad_token_provider=provider,
                             transport=recording).models.list()  # fmt: skip
    with pytest.raises(ftkit.ValidationError) as caught:
        ftkit.AzureClient(azure_endpoint=ENDPOINT, credential="not a credential")
    assert caught.value.argument == "credential"


class TokenlessCredential:
    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        return None


async def async_provider() -> str:
    return "token"


@pytest.mark.parametrize(
    ("arguments", "argument"),
    [
        ({"credential": CountingCredential(3600), "credential_scope": " "}, "credential_scope"),
        ({"azure_ad_token_provider": "a token"}, "azure_ad_token_provider"),
        ({"credential": CountingCredential(3600), "azure_ad_token_provider": lambda: "t"}, "credential"),
        ({"api_key": KEY, "management_endpoint": "arm.test"}, "management_endpoint"),
    ],
)
def test_azure_auth_arguments_are_refused_by_name(arguments: dict[str, Any], argument: str) -> None:
    with pytest.raises(ftkit.ValidationError) as caught:
        ftkit.AzureClient(azure_endpoint=ENDPOINT, **arguments)
    assert caught.value.argument == argument


@pytest.mark.parametrize(
    ("arguments", "argument"),
    [({"credential": TokenlessCredential()}, "credential"), ({"azure_ad_token_provider": async_provider},
                                                              "azure_ad_token_provider")],
)  # fmt: skip
def test_a_provider_that_cannot_serve_the_blocking_client_is_refused_before_sending(
    emulator: Emulator, arguments: dict[str, Any], argument: str
) -> None:
    client = ftkit.AzureClient(azure_endpoint=ENDPOINT, transport=emulator.transport(), **arguments)
    with pytest.raises(ftkit.ValidationError) as caught:
        client.models.list()
    assert caught.value.argument == argument and emulator.request_count() == 0


class SignedOutCredential:
    """An azure-identity credential that cannot give a token (no login, no managed identity)."""

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        from azure.core.exceptions import ClientAuthenticationError

        raise ClientAuthenticationError("DefaultAzureCredential failed to retrieve a token: az login first")


class AsyncSignedOutCredential:
    async def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        from azure.identity import CredentialUnavailableError

        raise CredentialUnavailableError("ManagedIdentityCredential authentication unavailable")


def test_a_credential_that_gives_no_token_is_a_credential_error_and_sends_nothing(emulator: Emulator) -> None:
    recording = Recording(emulator)
    client = ftkit.AzureClient(azure_endpoint=ENDPOINT, credential=SignedOutCredential(), transport=recording)
    with pytest.raises(ftkit.CredentialError) as caught:
        client.jobs.list()
    assert caught.value.credential == "SignedOutCredential"
    assert caught.value.scope == "https://cognitiveservices.azure.com/.default" and "az login" in str(caught.value)
    assert type(caught.value.__cause__).__name__ == "ClientAuthenticationError"
    assert pickle.loads(pickle.dumps(caught.value)).reason == caught.value.reason

    async def listed() -> None:
        async with ftkit.AsyncAzureClient(azure_endpoint=ENDPOINT, credential=AsyncSignedOutCredential(),
                                          transport=emulator.transport()) as aclient:  # fmt: skip
            await aclient.jobs.list()

    with pytest.raises(ftkit.CredentialError, match="ManagedIdentityCredential authentication unavailable"):
        asyncio.run(listed())
    # azure-identity's token provider as azure_ad_token_provider: the same error, naming the provider.
    from azure.identity import get_bearer_token_provider

    provider = get_bearer_token_provider(SignedOutCredential(), "https://ai.azure.com/.default")
    provided = ftkit.AzureClient(azure_endpoint=ENDPOINT, azure_ad_token_provider=provider, transport=recording)
    with pytest.raises(ftkit.CredentialError, match="az login first") as by_provider:
        provided.models.list()
    assert by_provider.value.credential.startswith("the token provider ") and by_provider.value.scope is None
    # Azure Resource Manager's token comes from the same credential, through the same check.
    deploying = v1_client(recording, management_token=None, credential=SignedOutCredential())
    with pytest.raises(ftkit.CredentialError) as by_arm:
        deploying.deployments.list()
    assert by_arm.value.scope == "https://management.azure.com/.default"
    assert recording.requests == [] and emulator.request_count() == 0


SIGNED_OUT_CLI = """
import logging, sys
import azure.identity
from azure.core.exceptions import ClientAuthenticationError

class SignedOut:  # DefaultAzureCredential on a machine with no login: it warns on its own logger, then raises
    def __init__(self):
        logging.getLogger("azure.identity._credentials.chained").warning("DefaultAzureCredential failed (warned)")

    def get_token(self, *scopes, **kwargs):
        raise ClientAuthenticationError("DefaultAzureCredential failed to retrieve a token: az login first")

azure.identity.DefaultAzureCredential = SignedOut
from ftkit.cli import main
sys.argv = ["ftkit", "--azure-endpoint", "http://127.0.0.1:9", "--azure-ad", *sys.argv[1:]]
sys.exit(main())
"""


@pytest.mark.parametrize("debug", [False, True])
def test_cli_azure_ad_without_a_login_says_so_once(debug: bool) -> None:
    import subprocess
    import sys

    # A process of its own: the warning would reach Python's last-resort handler, which pytest's
    # log capture replaces in-process. Nothing listens on port 9: the credential fails first.
    args = ["--debug", "jobs", "list"] if debug else ["jobs", "list"]
    done = subprocess.run([sys.executable, "-c", SIGNED_OUT_CLI, *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    error = "SignedOut gave no token for https://cognitiveservices.azure.com/.default, so no request was sent"
    assert error in done.stderr and "az login first" in done.stderr and "unexpected" not in done.stderr
    # ftkit's error line, or with --debug the traceback that ends in it.
    assert done.stderr.startswith(f"ftkit: error: {error}") is not debug
    # azure-identity's own warning only with --debug (ftkit's error already carries its message).
    assert ("(warned)" in done.stderr) is debug


# -- deployments ---------------------------------------------------------------------------------------------


def test_train_deploy_list_and_delete_offline(emulator: Emulator, tmp_path: Path) -> None:
    recording = Recording(emulator)
    client = v1_client(recording, management_endpoint="https://management.emulator.test")
    job = finished_job(client, emulator, tmp_path)
    deployment = client.deployments.create("support-bot", model=job.fine_tuned_model, wait=True)
    assert deployment.provisioning_state == "Succeeded" and deployment.model == job.fine_tuned_model
    put = next(r for r in recording.requests if r.method == "PUT")
    assert put.url.path == (f"/subscriptions/{SUB}/resourceGroups/{GROUP}/providers/Microsoft.CognitiveServices"
                            "/accounts/my-resource/deployments/support-bot")  # fmt: skip
    assert put.url.params["api-version"] == "2024-10-01" and put.headers["authorization"] == "Bearer arm-token"
    assert "api-key" not in put.headers  # the data plane's key stays there
    assert json.loads(put.content) == {"sku": {"name": "Standard", "capacity": 1},
                                       "properties": {"model": {"format": "OpenAI", "name": job.fine_tuned_model,
                                                                "version": "1"}}}  # fmt: skip
    assert [d.name for d in client.deployments.list()] == ["support-bot"]
    # Called by its deployment's name: on v1 as the body's model, on the dated API in the path.
    answer = client.chat.completions.create(model="support-bot", messages=[{"role": "user", "content": "Hi"}])
    assert answer.model == job.fine_tuned_model and answer.choices[0].message.content
    chat = next(r for r in reversed(recording.requests) if r.url.path.endswith("/chat/completions"))
    assert chat.url.path == "/openai/v1/chat/completions" and json.loads(chat.content)["model"] == "support-bot"
    dated = ftkit.AzureClient(azure_endpoint=ENDPOINT, api_key=KEY, api_version="2024-10-21", transport=recording)
    again = dated.chat.completions.create(model="support-bot", messages=[{"role": "user", "content": "Hi"}])
    assert again.model == job.fine_tuned_model
    assert recording.requests[-1].url.path == "/openai/deployments/support-bot/chat/completions"
    checkpoint = list(client.jobs.checkpoints(job.id))[-1]
    started = client.deployments.create("checkpoint", model=checkpoint.fine_tuned_model_checkpoint)
    assert started.provisioning_state == "Accepted"
    assert client.deployments.wait("checkpoint", poll_interval=5).provisioning_state == "Succeeded"
    client.deployments.delete("support-bot")
    assert [d.name for d in client.deployments.list()] == ["checkpoint"]
    with pytest.raises(ftkit.NotFoundError):
        client.deployments.retrieve("support-bot")
    with pytest.raises(ftkit.BadRequestError, match="not found in account"):
        client.deployments.create("nothing", model="gpt-4o-mini-2024-07-18.ft-unknown")
    emulator.flavor.arm.deployments.fail_next()  # type: ignore[attr-defined]
    with pytest.raises(DeploymentFailedError, match="Failed") as failed:
        client.deployments.create("doomed", model=job.fine_tuned_model, wait=True)
    assert failed.value.deployment is not None and failed.value.deployment.provisioning_state == "Failed"


def _arm_deployment(name: str) -> dict[str, Any]:
    return {"name": name, "properties": {"model": {"name": f"{name}.ft-1"}, "provisioningState": "Succeeded"}}


def arm_client(pages: dict[str, httpx.Response]) -> tuple[ftkit.AzureClient, list[str]]:
    """A client whose Azure Resource Manager answers each URL (without its query) from ``pages``."""
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        url = str(request.url.copy_with(query=None))
        asked.append(url)
        return pages[url]

    client = ftkit.AzureClient(azure_endpoint=ENDPOINT, api_key=KEY, subscription_id=SUB, resource_group=GROUP,
                               management_token="arm-token", management_endpoint="https://arm.test",
                               transport=httpx.MockTransport(answer))  # fmt: skip
    return client, asked


def test_deployments_follow_arms_next_links_until_one_repeats() -> None:
    first = (f"https://arm.test/subscriptions/{SUB}/resourceGroups/{GROUP}/providers/Microsoft.CognitiveServices"
             "/accounts/my-resource/deployments")  # fmt: skip
    second, third = "https://arm.test/page2", "https://arm.test/page3"
    client, asked = arm_client({
        first: httpx.Response(200, json={"value": [_arm_deployment("a")], "nextLink": second}),
        second: httpx.Response(200, json={"value": [_arm_deployment("b")], "nextLink": third}),
        third: httpx.Response(200, json={"value": [_arm_deployment("c")], "nextLink": second}),  # repeats
    })  # fmt: skip
    assert [(d.name, d.model) for d in client.deployments.list()] == [("a", "a.ft-1"), ("b", "b.ft-1"), ("c", "c.ft-1")]
    assert asked == [first, second, third]


@pytest.mark.parametrize(
    ("body", "problem"),
    [(b"<html>gateway</html>", "a body ftkit cannot read"), (b'{"value": null}', "without its 'value'"),
     (b'{"value": ["bot"]}', "not a deployment"), (b"[" * 200 + b"]" * 200, "a body ftkit cannot read")],
)  # fmt: skip
def test_a_malformed_resource_manager_answer_is_an_api_response_validation_error(body: bytes, problem: str) -> None:
    first = (f"https://arm.test/subscriptions/{SUB}/resourceGroups/{GROUP}/providers/Microsoft.CognitiveServices"
             "/accounts/my-resource/deployments")  # fmt: skip
    client, _ = arm_client(
        {first: httpx.Response(200, content=body), f"{first}/bot": httpx.Response(200, content=b"[1]")}
    )
    with pytest.raises(ftkit.APIResponseValidationError, match=problem):
        client.deployments.list()
    with pytest.raises(ftkit.APIResponseValidationError, match="not a deployment"):
        client.deployments.retrieve("bot")


def test_deployments_say_what_they_miss_before_any_request(emulator: Emulator) -> None:
    client = ftkit.AzureClient(azure_endpoint="http://127.0.0.1:9", api_key=KEY, transport=emulator.transport())
    with pytest.raises(ftkit.ValidationError) as caught:
        client.deployments.list()
    assert caught.value.argument == "subscription_id" and "AZURE_SUBSCRIPTION_ID" in str(caught.value)
    client = v1_client(emulator, management_token=None)
    with pytest.raises(ftkit.ValidationError) as no_token:
        client.deployments.list()
    assert no_token.value.argument == "credential" and "--azure-ad" in str(no_token.value)
    assert emulator.request_count() == 0


def test_async_deployments(emulator: Emulator, tmp_path: Path) -> None:
    job = finished_job(v1_client(emulator), emulator, tmp_path)

    async def deploy() -> Any:
        async with ftkit.AsyncAzureClient(azure_endpoint=ENDPOINT, api_key=KEY, transport=emulator.transport(),
                                          subscription_id=SUB, resource_group=GROUP,
                                          credential=CountingCredential(3600)) as client:  # fmt: skip
            await client.deployments.create("bot", model=job.fine_tuned_model, wait=True)
            return await client.deployments.list()

    assert [d.provisioning_state for d in asyncio.run(deploy())] == ["Succeeded"]


@pytest.mark.ftkit_emulator(flavor="azure", api_key=KEY, speed=400)
def test_cli_deploys_on_the_served_emulator(ftkit_emulator_server: EmulatorServer, tmp_path: Path) -> None:
    client = ftkit.AzureClient(azure_endpoint=ftkit_emulator_server.endpoint, api_key=KEY)
    job = finished_job(client, ftkit_emulator_server.emulator, tmp_path)
    assert job.status == "succeeded"
    where = ("--azure-endpoint", ftkit_emulator_server.endpoint)
    arm = ("azure", "--subscription-id", SUB, "--resource-group", GROUP, "--account-name", "acct",
           "--management-endpoint", ftkit_emulator_server.endpoint)  # fmt: skip
    env = {"AZURE_OPENAI_API_KEY": KEY, "AZURE_MANAGEMENT_TOKEN": "arm-token"}
    runner = CliRunner()
    created = runner.invoke(cli, [*where, *arm, "deployments", "create", "bot", "--model", str(job.fine_tuned_model),
                                  "--wait", "--poll-interval", "0.05", "--json"], env=env)  # fmt: skip
    assert created.exit_code == 0, created.stderr
    deployed = json.loads(created.stdout)
    assert deployed["properties"]["provisioningState"] == "Succeeded" and deployed["answer"]
    listed = runner.invoke(cli, [*where, *arm, "deployments", "list"], env=env)
    assert listed.exit_code == 0 and "bot" in listed.stdout and "Succeeded" in listed.stdout
    gone = runner.invoke(cli, [*where, *arm, "deployments", "delete", "bot"], env=env)
    assert gone.exit_code == 0 and "Deleted deployment bot" in gone.stdout
    missing = runner.invoke(cli, [*where, *arm, "deployments", "get", "bot"], env=env)
    assert missing.exit_code == 1 and "not found" in missing.stderr
    # An empty list, as a table and as JSON; a delete as JSON.
    assert runner.invoke(cli, [*where, *arm, "deployments", "list"], env=env).stdout.strip() == "No deployments."
    assert json.loads(runner.invoke(cli, [*where, *arm, "deployments", "list", "--json"], env=env).stdout) == []
    started = runner.invoke(cli, [*where, *arm, "deployments", "create", "later", "--model", str(job.fine_tuned_model)],
                            env=env)  # fmt: skip
    assert started.exit_code == 0 and "Accepted" in started.stdout and "get later --wait" in started.stderr
    deleted = runner.invoke(cli, [*where, *arm, "deployments", "delete", "later", "--json"], env=env)
    assert json.loads(deleted.stdout) == {"name": "later", "deleted": True}
    # A deployment that ends Failed: exit 1, its JSON still printed, and the error says where to look.
    ftkit_emulator_server.emulator.flavor.arm.deployments.fail_next()  # type: ignore[attr-defined]
    failed = runner.invoke(cli, [*where, *arm, "deployments", "create", "doomed", "--model",
                                 str(job.fine_tuned_model), "--wait", "--poll-interval", "0.05", "--json"],
                           env=env)  # fmt: skip
    assert failed.exit_code == 1 and json.loads(failed.stdout)["properties"]["provisioningState"] == "Failed"
    assert "ended Failed" in failed.stderr and "activity log" in failed.stderr
    waited = runner.invoke(cli, [*where, *arm, "deployments", "get", "doomed", "--wait"], env=env)
    assert waited.exit_code == 1 and "ended Failed" in waited.stderr
    # Deployments are Azure's: without an Azure endpoint, a usage error that says so.
    elsewhere = runner.invoke(cli, ["--base-url", "http://127.0.0.1:9/v1", *arm, "deployments", "list"], env=env)
    assert elsewhere.exit_code == 2 and "--azure-endpoint" in elsewhere.stderr


# -- checkpoint copy ----------------------------------------------------------------------------------------


def test_checkpoint_copy_waits_for_the_copy_and_explains_a_failure(emulator: Emulator, tmp_path: Path) -> None:
    recording = Recording(emulator)
    client = v1_client(recording)
    job = finished_job(client, emulator, tmp_path)
    checkpoint = next(iter(client.jobs.checkpoints(job.id))).id
    emulator.flavor.add_account(DESTINATION, "swedencentral")  # type: ignore[attr-defined]
    copy = client.checkpoints.copies.create(job.id, checkpoint, destination_resource_id=DESTINATION,
                                            region="swedencentral", poll_interval=30)  # fmt: skip
    assert copy.status(DESTINATION) == "Completed" and copy.checkpoint == checkpoint
    post = next(r for r in recording.requests if r.method == "POST" and r.url.path.endswith("/copy"))
    assert post.headers["aoai-copy-ft-checkpoints"] == "preview"
    assert json.loads(post.content) == {"destinationResourceId": DESTINATION, "region": "swedencentral"}
    elsewhere = DESTINATION.replace("copy-target", "no-jobs-here")
    with pytest.raises(ftkit.checkpoints.CheckpointCopyError) as caught:
        client.checkpoints.copies.create(job.id, checkpoint, destination_resource_id=elsewhere, region="eastus")
    message = str(caught.value)
    assert "at least one fine-tuning job" in message and "public network access" in message
    assert client.checkpoints.copies.retrieve(job.id, checkpoint).status(elsewhere) == "Failed"
    dated = ftkit.AzureClient(azure_endpoint=ENDPOINT, api_key=KEY, api_version="2024-10-21",
                              transport=emulator.transport())  # fmt: skip
    with pytest.raises(ftkit.ValidationError, match="v1 API"):
        dated.checkpoints.copies.retrieve(job.id, checkpoint)


# -- uploads on v1 -------------------------------------------------------------------------------------------


def test_v1_uploads_in_one_request(emulator: Emulator) -> None:
    client = v1_client(emulator)
    with pytest.raises(ftkit.ValidationError) as caught:
        client.files.upload(TRAINING, threshold=10)
    assert caught.value.argument == "threshold" and "Uploads API" in str(caught.value)
    assert client.files.upload(TRAINING).id and emulator.request_count("POST /files") == 1


# -- secrets ------------------------------------------------------------------------------------------------


def test_keys_and_tokens_are_in_no_log_repr_exception_or_pickle(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secrets = [KEY, "arm-secret-token", "entra-token-1"]
    with_key = v1_client(emulator, management_token="arm-secret-token")
    with_token = ftkit.AzureClient(azure_endpoint=ENDPOINT, credential=CountingCredential(3600),
                                   transport=emulator.transport())  # fmt: skip
    errors: list[BaseException] = []
    for client in (with_key, with_token):
        try:
            client.jobs.retrieve("ftjob-missing")
        except ftkit.APIError as exc:
            errors.append(exc)
    try:
        with_key.deployments.retrieve("missing")
    except ftkit.APIError as exc:
        errors.append(exc)
    assert len(errors) == 3
    shown = [repr(with_key), repr(with_token), repr(with_key.config), repr(with_token.config), caplog.text]
    for error in errors:
        shown += [str(error), repr(error)]
        restored = pickle.loads(pickle.dumps(error))
        assert type(restored) is type(error) and str(restored) == str(error)
        assert isinstance(restored, ftkit.APIStatusError) and restored.status_code == 404
        shown.append(pickle.dumps(error).decode("latin-1"))
    for secret in secrets:
        assert not any(secret in text for text in shown), secret


# -- other servers of the API (docs/servers.md) --------------------------------------------------------------


class NebiusLike:
    """A server the test stands up: Nebius Token Factory's job creation as its docs describe it (any
    hyperparameters of its own, Hugging Face model ids), answering the job it was asked for."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path == "/v1/fine_tuning/jobs":
            body = json.loads(request.content)
            self.bodies.append(body)
            job = {"id": f"ftjob-{len(self.bodies)}", "object": "fine_tuning.job", "status": "queued",
                   "model": body["model"], "training_file": body["training_file"], "created_at": 1,
                   "hyperparameters": body.get("hyperparameters", {})}  # fmt: skip
            return httpx.Response(200, json=job)
        return httpx.Response(404, json={"error": {"message": "not here"}})


def test_a_generic_server_gets_its_own_hyperparameters_as_given() -> None:
    server = NebiusLike()
    url = "https://api.tokenfactory.nebius.com/v1"
    with pytest.warns(UserWarning, match="checks less") as warned:
        client = ftkit.Client(api_key="nebius-key", base_url=url, transport=httpx.MockTransport(server))
        ftkit.Client(api_key="nebius-key", base_url=url, transport=httpx.MockTransport(server))  # said once
    assert len(warned) == 1
    hyperparameters = {"learning_rate": 2e-5, "lora": True, "lora_r": 16, "lora_alpha": 32, "packing": True,
                       "warmup_ratio": 0.1, "n_epochs": 3, "batch_size": 8}  # fmt: skip
    job = client.jobs.create(
        model="meta-llama/Llama-3.1-8B-Instruct",
        training_file="file-abc",
        hyperparameters=hyperparameters,
        suffix="a-suffix-longer-than-openai-takes-" * 2,
    )
    assert job.id == "ftjob-1" and server.bodies[0]["hyperparameters"] == hyperparameters
    assert server.bodies[0]["model"] == "meta-llama/Llama-3.1-8B-Instruct"
    assert "ftkit_idempotency_key" in server.bodies[0]["metadata"]
    quiet = ftkit.Client(api_key="nebius-key", base_url=url, transport=httpx.MockTransport(server),
                         idempotency_metadata=False)  # fmt: skip
    quiet.jobs.create(model="m", training_file="file-abc", hyperparameters={"lora_r": 8})
    assert "metadata" not in server.bodies[1] and server.bodies[1]["hyperparameters"] == {"lora_r": 8}
    with pytest.raises(ftkit.ValidationError) as caught:
        quiet.jobs.create(model="m", training_file="file-abc", hyperparameters=[1, 2])
    assert caught.value.argument == "hyperparameters"
    # On OpenAI's API the same hyperparameters are refused before any request, as before.
    strict = ftkit.Client(api_key="sk-x", transport=httpx.MockTransport(server))
    with pytest.raises(ftkit.ValidationError):
        strict.jobs.create(model="gpt-4o-mini-2024-07-18", training_file="file-abc", hyperparameters={"lora_r": 16})
    with pytest.raises(ftkit.ValidationError) as server_name:
        ftkit.Client(api_key="sk-x", server="nebius")
    assert server_name.value.argument == "server"
    assert len(server.bodies) == 2


def test_v1_sends_a_large_training_file_in_one_request_as_it_has_no_uploads_api(tmp_path: Path) -> None:
    from ftkit.uploads import DEFAULT_THRESHOLD

    big = tmp_path / "big.jsonl"
    with big.open("wb") as out:
        out.truncate(DEFAULT_THRESHOLD + 1)  # above the size that would go as an Upload in parts
    paths: list[str] = []

    def server(request: httpx.Request) -> httpx.Response:
        paths.append(f"{request.method} {request.url.path}")
        if request.url.path.endswith("/files"):
            size = sum(len(chunk) for chunk in request.stream)  # type: ignore[union-attr]
            return httpx.Response(
                200,
                json={
                    "id": "file-big",
                    "object": "file",
                    "bytes": size,
                    "created_at": 1,
                    "filename": "big.jsonl",
                    "purpose": "fine-tune",
                    "status": "processed",
                },
            )
        return httpx.Response(200, json={"id": "ftjob-1", "object": "fine_tuning.job", "status": "queued",
                                         "model": BASE, "training_file": "file-big", "created_at": 1})  # fmt: skip

    client = ftkit.AzureClient(azure_endpoint=ENDPOINT, api_key=KEY, transport=httpx.MockTransport(server))
    job = client.jobs.create_from_files(model=BASE, training_file=big, training_type="standard", validate_data=False)
    assert job.training_file == "file-big"
    # The base model is looked up first (an unknown one uploads nothing), then one upload, then the job.
    assert paths == [f"GET /openai/v1/models/{BASE}", "POST /openai/v1/files", "POST /openai/v1/fine_tuning/jobs"]


def test_cli_azure_ad_uses_default_azure_credential_for_both_planes(monkeypatch: pytest.MonkeyPatch) -> None:
    from ftkit.cli._env import Env

    env = Env(azure_endpoint=ENDPOINT, azure_ad=True)
    client = env.client()
    assert isinstance(client, ftkit.AzureClient)
    assert repr(client.config.auth) == (
        "TokenAuth(CredentialTokens(DefaultAzureCredential, 'https://cognitiveservices.azure.com/.default'))"
    )
    assert client.config.management.auth is not None  # Resource Manager's token from the same credential
    env.close()
    # No key is needed (nor used) with --azure-ad.
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", KEY)
    keyed = Env(azure_endpoint=ENDPOINT, azure_ad=True).client()
    assert "api-key" not in repr(keyed.config.auth) and "CredentialTokens" in repr(keyed.config.auth)


@pytest.mark.ftkit_emulator(flavor="azure", api_key=KEY, speed=400)
def test_cli_copies_a_checkpoint(ftkit_emulator_server: EmulatorServer, tmp_path: Path) -> None:
    client = ftkit.AzureClient(azure_endpoint=ftkit_emulator_server.endpoint, api_key=KEY)
    job = finished_job(client, ftkit_emulator_server.emulator, tmp_path)
    checkpoint = str(next(iter(client.jobs.checkpoints(job.id))).id)
    ftkit_emulator_server.emulator.flavor.add_account(DESTINATION, "swedencentral")  # type: ignore[attr-defined]
    runner = CliRunner()
    base = ["--azure-endpoint", ftkit_emulator_server.endpoint, "checkpoints"]
    env = {"AZURE_OPENAI_API_KEY": KEY}
    done = runner.invoke(cli, [*base, "copy", job.id, checkpoint, "--destination", DESTINATION, "--region",
                               "swedencentral", "--poll-interval", "0.05", "--json"], env=env)  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["copiedAccountDetails"][0]["status"] == "Completed"
    status = runner.invoke(cli, [*base, "copy-status", job.id, checkpoint], env=env)
    assert status.exit_code == 0 and "Completed" in status.stdout and DESTINATION in status.stdout
    elsewhere = DESTINATION.replace("copy-target", "empty")
    failed = runner.invoke(cli, [*base, "copy", job.id, checkpoint, "--destination", elsewhere, "--region", "eastus",
                                 "--poll-interval", "0.05"], env=env)  # fmt: skip
    assert failed.exit_code == 1 and "at least one fine-tuning job" in failed.stderr
