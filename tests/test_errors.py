"""``ftkit.errors``: no credential in what an exception keeps, nor in the debug log.

Every exception type ftkit raises is raised here the way a user meets it (the emulator served
over HTTP, on OpenAI's and Azure's configurations, an admin key, a key in the base URL's user
part), then pickled: the bytes must hold none of the credentials in any form, and unpickling
must give back the same exception (type, message, status, the request's method and URL).
"""

from __future__ import annotations

import base64
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ftkit
import httpx
import pytest
from click.testing import CliRunner
from conftest_emulator import training_file
from ftkit import errors
from ftkit.emulator import Emulator, EmulatorServer

KEY = "sk-proj-KEYSECRET0123456789"
ADMIN = "sk-admin-ADMINSECRET987654"
AZURE_KEY = "AZUREKEYSECRET5555555"
OTHER_KEY = "sk-proj-COPYSECRET000111"
USER_PART = "sk-userpart-USERSECRET4444"
API_VERSION = "2024-10-21"
CHECKPOINT = "ft:gpt-4o-mini-2024-07-18:org::abc:ckpt-step-10"

#: Every form a credential could take in a pickle: as given, and as the Basic credential httpx
#: makes of a URL's user part.
SECRETS = [KEY, ADMIN, AZURE_KEY, OTHER_KEY, USER_PART, base64.b64encode(f"{USER_PART}:".encode()).decode()]

#: Types no scenario here raises: the bases, and an optional extra missing (the suite installs them all).
NOT_RAISED = {errors.FtkitError, errors.APIError, errors.MissingDependencyError}


@pytest.fixture(autouse=True)
def no_openai_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "OPENAI_ADMIN_KEY",
        "AZURE_OPENAI_API_KEY",
        "AZURE_OPENAI_ENDPOINT",
        "OPENAI_API_VERSION",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    emulator = Emulator(clock="manual")
    yield emulator
    emulator.close()


@pytest.fixture
def server(emulator: Emulator) -> Iterator[EmulatorServer]:
    with emulator.serve() as served:
        yield served


class Corrupting(httpx.HTTPTransport):
    """Real HTTP to the served emulator; the answer to ``route`` is replaced by ``content``."""

    def __init__(self) -> None:
        super().__init__()
        self.corrupt: dict[str, bytes] = {}
        self.times_out: str | None = None  # a path whose answer is lost as a read timeout

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if self.times_out is not None and request.url.path.endswith(self.times_out):
            response.close()
            raise httpx.ReadTimeout("timed out", request=request)
        for ending, content in self.corrupt.items():
            if request.url.path.endswith(ending):
                response.read()
                response.close()
                return httpx.Response(
                    response.status_code, content=content, request=request, headers={"content-type": "application/json"}
                )
        return response


def _raised(action: Callable[[], Any]) -> BaseException:
    try:
        action()
    except ftkit.FtkitError as exc:
        return exc
    raise AssertionError("nothing was raised")


def scenarios(server: EmulatorServer, emulator: Emulator, tmp_path: Path) -> Iterator[tuple[str, BaseException]]:
    """(what was done, the exception it raised), for every type ftkit raises."""
    corrupting = Corrupting()
    client = ftkit.Client(
        api_key=KEY, admin_api_key=ADMIN, base_url=server.base_url, max_retries=0, transport=corrupting
    )
    good = tmp_path / "train.jsonl"
    good.write_bytes(training_file())
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"messages": "not a list"}\n')
    job = client.jobs.create_from_files(model="gpt-4o-mini-2024-07-18", training_file=good)

    yield "404", _raised(lambda: client.jobs.retrieve("ftjob-missing"))
    for status, endpoint in [
        (400, "GET /fine_tuning/jobs"),
        (401, "GET /fine_tuning/jobs"),
        (403, "GET /fine_tuning/jobs"),
        (409, "GET /fine_tuning/jobs"),
        (422, "GET /fine_tuning/jobs"),
        (429, "GET /fine_tuning/jobs"),
        (500, "GET /fine_tuning/jobs"),
        (418, "GET /fine_tuning/jobs"),
        (403, "POST /fine_tuning/jobs"),
    ]:
        emulator.clear_faults()
        emulator.inject(endpoint, status=status, times=1)
        if endpoint.startswith("POST"):
            yield (
                f"{status} on create",
                _raised(lambda: client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file="file-x")),
            )
        else:
            yield f"{status} on a list", _raised(lambda: client.jobs.list().data)
    emulator.clear_faults()
    emulator.inject("GET /fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions", status=403, times=1)
    yield "403 to the admin key", _raised(lambda: client.checkpoints.permissions.list(CHECKPOINT))
    emulator.clear_faults()
    emulator.inject("GET /fine_tuning/jobs/{fine_tuning_job_id}", drop=True, times=1)
    yield "a dropped connection", _raised(lambda: client.jobs.retrieve(job.id))
    emulator.clear_faults()
    corrupting.times_out = f"/fine_tuning/jobs/{job.id}"
    yield "a timeout", _raised(lambda: client.jobs.retrieve(job.id))
    corrupting.times_out = None
    emulator.clear_faults()
    copy = client.with_options(api_key=OTHER_KEY)
    yield "404 on a with_options copy", _raised(lambda: copy.jobs.retrieve("ftjob-missing"))

    corrupting.corrupt = {f"/fine_tuning/jobs/{job.id}": b"[1, 2"}
    yield "a 2xx body that is not JSON", _raised(lambda: client.jobs.retrieve(job.id))
    corrupting.corrupt = {f"/fine_tuning/jobs/{job.id}": b'{"id": "ftjob-1", "object": "fine_tuning.job", "method": 7}'}
    yield "a malformed field", _raised(lambda: client.jobs.retrieve(job.id).method)
    corrupting.corrupt = {}

    yield "a bad argument", _raised(lambda: client.jobs.retrieve("not an id"))
    yield (
        "bad training data",
        _raised(lambda: client.jobs.create_from_files(model="gpt-4o-mini-2024-07-18", training_file=bad)),
    )
    yield "no key", _raised(lambda: ftkit.Client(base_url="https://api.example.test/v1"))

    emulator.script_next_job(error="invalid_n_examples")
    failing = client.jobs.create_from_files(model="gpt-4o-mini-2024-07-18", training_file=good)
    emulator.run_until(failing.id, "failed")
    yield "a failed job", _raised(lambda: client.jobs.wait(failing.id))
    running = client.jobs.create_from_files(model="gpt-4o-mini-2024-07-18", training_file=good)
    yield "a wait timing out", _raised(lambda: client.jobs.wait(running.id, timeout=0.05, poll_interval=0.01))
    done = emulator.run_until(running.id)
    corrupting.corrupt = {"/content": b"not, a metrics\nfile"}
    yield "a result file that is not metrics", _raised(lambda: client.jobs.metrics(done["id"]))
    corrupting.corrupt = {}
    client.close()

    user_part = server.base_url.replace("http://", f"http://{USER_PART}@")
    with ftkit.Client(api_key=KEY, base_url=user_part, max_retries=0) as keyed_url:
        yield "401 with a key in the URL's user part", _raised(lambda: keyed_url.models.list())


def azure_scenarios() -> Iterator[tuple[str, BaseException]]:
    azure = Emulator(clock="manual", flavor="azure")
    try:
        with azure.serve() as served:
            endpoint = served.base_url.removesuffix("/openai")
            with ftkit.AzureClient(
                api_key=AZURE_KEY, azure_endpoint=endpoint, api_version=API_VERSION, max_retries=0
            ) as client:
                yield "404 on Azure", _raised(lambda: client.jobs.retrieve("ftjob-missing"))
                azure.inject("GET /fine_tuning/jobs", drop=True, times=1)
                yield "a dropped connection on Azure", _raised(lambda: client.jobs.list().data)
            # Azure's v1 API (no api_version) refuses a job without a training type.
            with ftkit.AzureClient(api_key=AZURE_KEY, azure_endpoint=endpoint, max_retries=0) as v1:
                uploaded = v1.files.upload(training_file())
                yield (
                    "no training type on Azure",
                    _raised(lambda: v1.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=uploaded.id)),
                )

            class SignedOut:  # an azure-identity credential with no login behind it
                def get_token(self, *scopes: str, **kwargs: object) -> object:
                    raise RuntimeError("DefaultAzureCredential failed to retrieve a token")

            with ftkit.AzureClient(azure_endpoint=endpoint, credential=SignedOut(), max_retries=0) as signed_out:
                yield "a credential that gives no token", _raised(lambda: signed_out.models.list())
    finally:
        azure.close()


def test_no_exception_keeps_a_credential_and_every_one_unpickles(
    server: EmulatorServer, emulator: Emulator, tmp_path: Path
) -> None:
    raised = [*scenarios(server, emulator, tmp_path), *azure_scenarios()]
    every_type = {getattr(errors, name) for name in errors.__all__}
    every_type = {t for t in every_type if isinstance(t, type) and issubclass(t, ftkit.FtkitError)}
    assert {type(exc) for _, exc in raised} | NOT_RAISED >= every_type
    kept_a_request = 0
    for name, exc in raised:
        data = pickle.dumps(exc)
        assert not [secret for secret in SECRETS if secret.encode() in data], name
        loaded = pickle.loads(data)
        assert (type(loaded), str(loaded), loaded.args) == (type(exc), str(exc), exc.args), name
        for attribute in ("status_code", "message", "request_id", "code", "param", "body", "argument", "path"):
            assert getattr(loaded, attribute, None) == getattr(exc, attribute, None), (name, attribute)
        request = getattr(loaded, "request", None)
        if request is not None:
            kept_a_request += 1
            assert (request.method, request.url) == (exc.request.method, exc.request.url), name  # type: ignore[attr-defined]
            assert not request.url.userinfo, name
            for header in ("authorization", "api-key"):
                if header in request.headers:
                    assert request.headers[header].endswith("[redacted]"), (name, header)
            response = getattr(loaded, "response", None)
            if response is not None:
                assert response.request.headers == request.headers, name
    # The status errors, connection errors and the malformed answer keep their request.
    assert kept_a_request >= 18


def test_the_debug_log_shows_no_key_put_in_the_base_urls_user_part(server: EmulatorServer) -> None:
    from ftkit.cli import cli

    user_part = server.base_url.replace("http://", f"http://{USER_PART}@")
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        runner = CliRunner()  # click 8.2+ keeps stderr apart by itself
    result = runner.invoke(cli, ["--debug", "--base-url", user_part, "--api-key", KEY, "models", "list"])
    assert result.exit_code == 1, result.output
    log = result.stderr
    # The log did record the request, with the server's address (the emulator takes no Basic credential).
    host = server.base_url.removeprefix("http://").split("/")[0]
    assert f"GET http://{host}/v1/models -> 401" in log, log
    assert not [secret for secret in SECRETS if secret in log], log


class FailsFirst(httpx.HTTPTransport):
    """Real HTTP, but the first request is answered 500 without being sent: one retry."""

    def __init__(self) -> None:
        super().__init__()
        self.sent = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        if self.sent == 1:
            return httpx.Response(500, json={"error": {"message": "try again"}})
        return super().handle_request(request)


def test_the_retry_log_shows_no_key_put_in_the_base_urls_user_part(
    server: EmulatorServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG", logger="ftkit")
    user_part = server.base_url.replace("http://", f"http://{USER_PART}@")
    with (
        ftkit.Client(api_key=KEY, base_url=user_part, transport=FailsFirst()) as client,
        pytest.raises(ftkit.AuthenticationError),
    ):
        client.models.list()
    host = server.base_url.removeprefix("http://").split("/")[0]
    assert f"retrying GET http://{host}/v1/models after status 500" in caplog.text, caplog.text
    assert not [secret for secret in SECRETS if secret in caplog.text], caplog.text
