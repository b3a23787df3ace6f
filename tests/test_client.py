"""Client and AsyncClient: every endpoint against Prism, configuration, errors, pages."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ftkit
import httpx
import pytest
from conftest_emulator import JOB
from ftkit import errors
from ftkit.emulator import Emulator
from ftkit_api.models.fine_tuning_job_status import FineTuningJobStatus

KEY = "sk-test-secret-0123456789"
GRADER = {
    "type": "string_check",
    "name": "exact",
    "input": "{{sample.output_text}}",
    "reference": "{{item.answer}}",
    "operation": "eq",
}


# -- every endpoint, all parameters, against the Prism mock of the spec ------------------------------


@pytest.fixture
def prism(prism_url: str) -> Iterator[ftkit.Client]:
    with ftkit.Client(api_key=KEY, base_url=prism_url, max_retries=0) as client:
        yield client


def test_every_endpoint_sync_against_prism(prism: ftkit.Client, tmp_path: Path) -> None:
    # Prism checks every request against the spec and answers 422 when one breaks it,
    # which the client raises as UnprocessableEntityError: each call passing is the check.
    train = tmp_path / "train.jsonl"
    train.write_bytes(b'{"messages": [{"role": "user", "content": "hi"}]}\n')
    assert prism.files.upload(train).id
    assert prism.files.upload(b"{}\n", purpose="fine-tune").id
    assert prism.files.upload(io.BytesIO(b"{}\n")).id
    assert prism.files.retrieve("file-abc").id
    files = prism.files.list(purpose="fine-tune", order="asc", limit=5, after="file-0")
    assert isinstance(files, ftkit.Page)
    assert isinstance(prism.files.content("file-abc"), bytes)
    assert prism.files.delete("file-abc").deleted in (True, False)

    job = prism.jobs.create(
        model="gpt-4o-mini-2024-07-18",
        training_file="file-abc",
        validation_file="file-def",
        method=ftkit.Method.supervised(n_epochs=2, batch_size=4, learning_rate_multiplier=0.5),
        suffix="my-model",
        seed=42,
        metadata={"team": "search"},
        integrations=[ftkit.Integration.wandb("proj", name="run", entity="me", tags=["a"])],
        idempotency_key="key-1",
    )
    assert isinstance(job, ftkit.FineTuningJob)
    assert prism.jobs.create(model="gpt-4o-mini", training_file="f", hyperparameters={"n_epochs": 3}).id
    assert prism.jobs.retrieve("ftjob-abc").id
    assert prism.jobs.list(limit=3, after="ftjob-0", metadata={"team": "search"}).data
    for action in (prism.jobs.cancel, prism.jobs.pause, prism.jobs.resume):
        assert isinstance(action("ftjob-abc"), ftkit.FineTuningJob)
    assert prism.jobs.events("ftjob-abc", limit=5, after="ftevent-0").data
    assert prism.jobs.checkpoints("ftjob-abc", limit=5, after="ftckpt_0").data

    ckpt = "ft:gpt-4o-mini-2024-07-18:org::abc:ckpt-step-10"
    assert prism.checkpoints.permissions.create(ckpt, project_ids=["proj_1", "proj_2"]).data
    assert prism.checkpoints.permissions.list(ckpt, project_id="proj_1", limit=5, after="cp_0", order="ascending")
    assert prism.checkpoints.permissions.delete(ckpt, "cp_1").deleted in (True, False)

    assert prism.graders.validate(grader=GRADER) is not None
    assert (
        prism.graders.run(
            grader=ftkit.Grader.string_check("g", "{{sample.output_text}}", "x", "eq"),
            model_sample="x",
            item={"answer": "x"},
        )
        is not None
    )


async def test_every_endpoint_async_against_prism(prism_url: str) -> None:
    async with ftkit.AsyncClient(api_key=KEY, base_url=prism_url, max_retries=0) as client:
        assert (await client.files.upload(b"{}\n")).id
        assert (await client.files.retrieve("file-abc")).id
        listed = await client.files.list(purpose="fine-tune", order="desc", limit=2, after="f")
        assert isinstance(listed, ftkit.AsyncPage)
        assert isinstance(await client.files.content("file-abc"), bytes)
        assert await client.files.delete("file-abc")
        job = await client.jobs.create(
            model="gpt-4o-mini",
            training_file="file-abc",
            validation_file="file-d",
            method=ftkit.Method.dpo(beta=0.1),
            suffix="s",
            seed=1,
            metadata={"a": "b"},
            integrations=[ftkit.Integration.wandb("p")],
        )
        assert job.id
        assert (await client.jobs.retrieve("ftjob-abc")).id
        assert (await client.jobs.list(limit=2, after="x", metadata={"a": "b"})).data
        for action in (client.jobs.cancel, client.jobs.pause, client.jobs.resume):
            assert (await action("ftjob-abc")).id
        assert (await client.jobs.events("ftjob-abc", limit=2, after="e")).data
        assert (await client.jobs.checkpoints("ftjob-abc", limit=2, after="c")).data
        ckpt = "ft:gpt-4o-mini:org::abc:ckpt-step-10"
        assert (await client.checkpoints.permissions.create(ckpt, project_ids=["proj_1"])).data
        assert await client.checkpoints.permissions.list(ckpt, project_id="p", limit=2, after="c", order="descending")
        assert await client.checkpoints.permissions.delete(ckpt, "cp_1")
        assert await client.graders.validate(grader=GRADER)
        assert await client.graders.run(grader=GRADER, model_sample="x", item={"answer": "x"})


# -- configuration -------------------------------------------------------------------------------------


def recording_transport(seen: list[httpx.Request], answer: Callable[[httpx.Request], httpx.Response]) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return answer(request)

    return httpx.MockTransport(handler)


def test_missing_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(errors.MissingAPIKeyError, match="OPENAI_API_KEY"):
        ftkit.Client()


def test_environment_and_headers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", "https://example.test/v1/")
    monkeypatch.setenv("OPENAI_ORG_ID", "org-1")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj-1")
    seen: list[httpx.Request] = []
    transport = recording_transport(seen, lambda r: httpx.Response(200, json=JOB))
    with ftkit.Client(transport=transport, default_headers={"X-Team": "a"}, default_query={"api-version": "v9"}) as c:
        c.jobs.retrieve("ftjob-1")
        assert c.base_url == "https://example.test/v1"
    request = seen[0]
    assert str(request.url) == "https://example.test/v1/fine_tuning/jobs/ftjob-1?api-version=v9"
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.headers["openai-organization"] == "org-1"
    assert request.headers["openai-project"] == "proj-1"
    assert request.headers["x-team"] == "a"


def test_the_key_never_shows(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="ftkit")
    transport = httpx.MockTransport(lambda r: httpx.Response(401, json={"error": {"message": "bad key"}}))
    client = ftkit.Client(api_key=KEY, base_url="https://x.test/v1", transport=transport)
    with pytest.raises(errors.AuthenticationError) as info:
        client.jobs.retrieve("ftjob-1")
    texts = [
        repr(client),
        str(client),
        str(info.value),
        repr(info.value),
        caplog.text,
        repr(info.value.request),
        repr(info.value.request.headers if info.value.request else ""),
    ]
    assert caplog.text  # the debug log did record the request
    assert not [t for t in texts if KEY in t]


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"max_retries": -1}, "max_retries"),
        ({"base_url": "ftp://x"}, "base_url"),
    ],
)
def test_bad_configuration_names_the_argument(kwargs: dict[str, Any], argument: str) -> None:
    with pytest.raises(errors.ValidationError, match=argument):
        ftkit.Client(api_key=KEY, **kwargs)


def test_own_http_client_gets_base_url_headers_and_retries() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            return httpx.Response(500, headers={"retry-after-ms": "1"}, json={"error": {"message": "boom"}})
        assert request.headers["authorization"] == f"Bearer {KEY}"
        return httpx.Response(200, json=JOB)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = ftkit.Client(api_key=KEY, base_url="https://x.test/v1", http_client=http)
    assert client.jobs.retrieve("ftjob-1").id == "ftjob-1"
    assert len(calls) == 2
    client.close()
    assert not http.is_closed  # the caller's client is the caller's to close
    http.close()


def _retried_once(calls: list[httpx.Request]) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            return httpx.Response(500, headers={"retry-after-ms": "1"}, json={"error": {"message": "boom"}})
        return httpx.Response(200, json=JOB)

    return handler


def test_the_callers_httpx_client_is_used_as_it_is() -> None:
    # Like the official SDK: ftkit neither rewrites the caller's client nor replaces its
    # transport; it sends through it (its hooks see each attempt) and retries around it.
    calls: list[httpx.Request] = []
    hooked: list[httpx.Request] = []
    transport = httpx.MockTransport(_retried_once(calls))
    http = httpx.Client(transport=transport, base_url="https://elsewhere.test", headers={"X-Team": "a"},
                        params={"trace": "1"}, event_hooks={"request": [hooked.append]})  # fmt: skip
    before = (http.base_url, dict(http.headers), str(http.params), http.auth, http.timeout, http._transport)
    with ftkit.Client(api_key=KEY, base_url="https://x.test/v1", http_client=http, timeout=7) as client:
        assert client.jobs.retrieve("ftjob-1").id == "ftjob-1"
    assert (http.base_url, dict(http.headers), str(http.params), http.auth, http.timeout, http._transport) == before
    assert len(calls) == 2 and len(hooked) == 2  # retried around the caller's client, through its send
    sent = calls[-1]
    assert str(sent.url) == "https://x.test/v1/fine_tuning/jobs/ftjob-1?trace=1"
    assert sent.headers["authorization"] == f"Bearer {KEY}" and sent.headers["x-team"] == "a"
    assert sent.headers["user-agent"].startswith("ftkit/") and sent.extensions["timeout"]["read"] == 7
    assert not http.is_closed  # the caller's client is the caller's to close
    http.close()


async def test_the_callers_async_httpx_client_is_used_as_it_is() -> None:
    calls: list[httpx.Request] = []
    http = httpx.AsyncClient(transport=httpx.MockTransport(_retried_once(calls)))
    transport = http._transport
    async with ftkit.AsyncClient(api_key=KEY, base_url="https://x.test/v1", http_client=http) as client:
        assert (await client.jobs.retrieve("ftjob-1")).id == "ftjob-1"
        with pytest.raises(TypeError, match=r"httpx.Client"):
            ftkit.Client(api_key=KEY, http_client=http).jobs.retrieve("ftjob-1")  # type: ignore[arg-type]
    assert http._transport is transport and http.base_url == "" and not http.is_closed and len(calls) == 2
    await http.aclose()


def test_ftkits_own_pool_has_the_official_sdks_limits() -> None:
    # httpx's default pool (100 connections, 20 kept alive) made 500 requests in flight wait.
    limits = ftkit.client.DEFAULT_CONNECTION_LIMITS
    assert (limits.max_connections, limits.max_keepalive_connections) == (1000, 100)
    for client in (ftkit.Client(api_key=KEY), ftkit.AsyncClient(api_key=KEY)):
        lazy = client.http_client._transport.inner  # type: ignore[union-attr]
        pool = lazy._transport(httpx.Request("GET", "https://api.openai.com/v1/models"))._pool
        assert (pool._max_connections, pool._max_keepalive_connections) == (1000, 100)


# -- errors by status ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (422, errors.UnprocessableEntityError),
        (429, errors.RateLimitError),
        (500, errors.InternalServerError),
        (503, errors.InternalServerError),
        (418, errors.APIStatusError),
    ],
)
def test_error_classes_carry_status_body_and_request_id(status: int, cls: type[errors.APIStatusError]) -> None:
    body = {
        "error": {
            "message": f"failed {status}",
            "type": "invalid_request_error",
            "param": "training_file",
            "code": "bad",
        }
    }
    transport = httpx.MockTransport(lambda r: httpx.Response(status, json=body, headers={"x-request-id": "req_9"}))
    with (
        ftkit.Client(api_key=KEY, base_url="https://x.test/v1", transport=transport, max_retries=0) as client,
        pytest.raises(cls) as info,
    ):
        client.jobs.retrieve("ftjob-1")
    exc = info.value
    assert type(exc) is cls
    assert isinstance(exc, errors.APIStatusError)
    assert (exc.status_code, exc.message, exc.type, exc.param, exc.code, exc.request_id) == (
        status,
        f"failed {status}",
        "invalid_request_error",
        "training_file",
        "bad",
        "req_9",
    )
    assert exc.body == body
    assert "req_9" in str(exc)


def test_non_json_error_body_keeps_the_text() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(502, text="<html>Bad gateway</html>"))
    with (
        ftkit.Client(api_key=KEY, base_url="https://x.test/v1", transport=transport, max_retries=0) as client,
        pytest.raises(errors.InternalServerError) as info,
    ):
        client.jobs.retrieve("ftjob-1")
    assert info.value.body == "<html>Bad gateway</html>"
    assert "Bad gateway" in str(info.value)


def test_unreadable_success_body_is_a_clear_error() -> None:
    # A list where the job object should be (a job that leaves fields out is read leniently).
    transport = httpx.MockTransport(lambda r: httpx.Response(200, json=[{"object": "fine_tuning.job"}]))
    with (
        ftkit.Client(api_key=KEY, base_url="https://x.test/v1", transport=transport) as client,
        pytest.raises(errors.APIResponseValidationError, match="/fine_tuning/jobs/ftjob-1") as info,
    ):
        client.jobs.retrieve("ftjob-1")
    assert info.value.response.status_code == 200
    transport = httpx.MockTransport(lambda r: httpx.Response(200, text="not json"))
    with (
        ftkit.Client(api_key=KEY, base_url="https://x.test/v1", transport=transport) as client,
        pytest.raises(errors.APIResponseValidationError),
    ):
        client.jobs.retrieve("ftjob-1")


def test_connection_and_timeout_errors() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    for handler, cls in ((refuse, errors.APIConnectionError), (slow, errors.APITimeoutError)):
        transport = httpx.MockTransport(handler)
        with (
            ftkit.Client(api_key=KEY, base_url="https://x.test/v1", transport=transport, max_retries=0) as client,
            pytest.raises(cls),
        ):
            client.jobs.retrieve("ftjob-1")


def test_lenient_reading_through_the_client() -> None:
    job = {**JOB, "status": "defrosting", "new_field": [1]}
    transport = httpx.MockTransport(lambda r: httpx.Response(200, json=job))
    with ftkit.Client(api_key=KEY, base_url="https://x.test/v1", transport=transport) as client:
        got = client.jobs.retrieve("ftjob-1")
    assert got.status == "defrosting" and isinstance(got.status, FineTuningJobStatus)
    assert got.to_dict() == job


def test_bad_arguments_send_nothing() -> None:
    seen: list[httpx.Request] = []
    transport = recording_transport(seen, lambda r: httpx.Response(200, json=JOB))
    with ftkit.Client(api_key=KEY, base_url="https://x.test/v1", transport=transport) as client:
        cases: list[tuple[Callable[[], Any], str]] = [
            (lambda: client.jobs.retrieve(""), "job_id"),
            (lambda: client.jobs.list(limit=0), "limit"),
            (lambda: client.jobs.create(model="m", training_file="f", suffix="x" * 65), "suffix"),
            (
                lambda: client.jobs.create(model="m", training_file="f", metadata={str(i): "v" for i in range(17)}),
                "metadata",
            ),
            (
                lambda: client.jobs.create(
                    model="m",
                    training_file="f",
                    method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 0}}},
                ),
                "n_epochs",
            ),
            (lambda: client.jobs.create(model="", training_file="f"), "model"),
            (lambda: client.files.upload("/nonexistent/train.jsonl"), "file"),
            (lambda: client.files.upload(b"x", purpose="nope"), "purpose"),
            (lambda: client.files.list(order="up"), "order"),
            (lambda: client.checkpoints.permissions.create("c", project_ids=[]), "project_ids"),
            (lambda: client.graders.run(grader=GRADER, model_sample=3), "model_sample"),  # type: ignore[arg-type]
        ]
        for action, argument in cases:
            with pytest.raises(errors.ValidationError, match=argument):
                action()
    assert seen == []


def test_text_mode_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text("{}\n")
    failing = httpx.MockTransport(lambda r: httpx.Response(500))
    with (
        ftkit.Client(api_key=KEY, base_url="https://x.test/v1", transport=failing) as client,
        path.open() as handle,
        pytest.raises(errors.ValidationError, match="binary mode"),
    ):
        client.files.upload(handle)  # type: ignore[arg-type]


# -- pages against the emulator ----------------------------------------------------------------------


@pytest.fixture
def emulator() -> Emulator:
    return Emulator(clock="manual", seed=3)


def make_jobs(client: ftkit.Client, n: int) -> list[str]:
    training = client.files.upload(
        b'{"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}\n' * 10
    )
    return [client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=training.id).id for _ in range(n)]


def test_page_iteration_makes_one_request_per_page(emulator: Emulator) -> None:
    with ftkit.Client(api_key=KEY, transport=emulator.transport()) as client:
        ids = make_jobs(client, 25)
        before = emulator.request_count("GET /fine_tuning/jobs")
        page = client.jobs.list(limit=10)
        assert len(page.data) == 10 and page.has_more
        assert emulator.request_count("GET /fine_tuning/jobs") == before + 1
        seen = [job.id for job in page]
        assert emulator.request_count("GET /fine_tuning/jobs") == before + 3
    assert seen == list(reversed(ids))  # newest first, every job once
    assert len(set(seen)) == 25


async def test_async_page_iteration_makes_one_request_per_page(emulator: Emulator) -> None:
    with ftkit.Client(api_key=KEY, transport=emulator.transport()) as client:
        ids = make_jobs(client, 12)
    async with ftkit.AsyncClient(api_key=KEY, transport=emulator.transport()) as aclient:
        before = emulator.request_count("GET /fine_tuning/jobs")
        page = await aclient.jobs.list(limit=5)
        seen = [job.id async for job in page]
        assert emulator.request_count("GET /fine_tuning/jobs") == before + 3
        second = await page.next_page()
        assert second is not None and [j.id for j in second.data] == seen[5:10]
    assert seen == list(reversed(ids))


def test_next_page_and_metadata_filter(emulator: Emulator) -> None:
    with ftkit.Client(api_key=KEY, transport=emulator.transport()) as client:
        training = make_jobs(client, 0)
        del training
        f = client.files.upload(
            b'{"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}\n' * 10
        )
        tagged = client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=f.id, metadata={"team": "x"})
        client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=f.id, metadata={"team": "y"})
        found = client.jobs.list(metadata={"team": "x"})
        assert [j.id for j in found.data] == [tagged.id]
        assert found.next_page() is None
        assert tagged.metadata and tagged.metadata["team"] == "x"
        assert json.dumps(tagged.to_dict())  # serialisable as the API's JSON


class _CountingTransport(httpx.BaseTransport):
    """Reads an upload's body chunk by chunk, as a server would, keeping only the count."""

    def __init__(self) -> None:
        self.received = 0
        self.largest_chunk = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for chunk in request.stream:  # type: ignore[union-attr]
            self.received += len(chunk)
            self.largest_chunk = max(self.largest_chunk, len(chunk))
        file = {
            "id": "file-1",
            "object": "file",
            "bytes": self.received,
            "created_at": 1,
            "filename": "big.jsonl",
            "purpose": "fine-tune",
        }
        return httpx.Response(200, json=file)


def test_a_path_is_streamed_not_read_into_memory(tmp_path: Path) -> None:
    import tracemalloc

    path = tmp_path / "big.jsonl"
    line = b'{"messages": [{"role": "user", "content": "' + b"x" * 1000 + b'"}]}\n'
    with path.open("wb") as handle:
        for _ in range(20_000):  # about 20 MB
            handle.write(line)
    size = path.stat().st_size
    transport = _CountingTransport()
    with ftkit.Client(api_key=KEY, base_url="https://x.test/v1", transport=transport) as client:
        tracemalloc.start()
        client.files.upload(path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert transport.received > size  # the whole file went out, in multipart framing
    assert transport.largest_chunk < 1024 * 1024
    assert peak < size / 4, f"peak {peak} bytes for a {size}-byte file"


def test_with_options_timeout_applies_per_request() -> None:
    emulator = Emulator(clock="manual")
    emulator.inject("GET /fine_tuning/jobs", delay=0.5)
    with ftkit.Client(api_key=KEY, transport=emulator.transport(), max_retries=0) as client:
        assert client.jobs.list().data == []  # the default timeout waits for the slow answer
        with pytest.raises(errors.APITimeoutError, match="timed out"):
            client.with_options(timeout=0.05).jobs.list()
        assert client.with_options(timeout=5).timeout.read == 5


def test_a_server_repeating_a_page_does_not_loop_forever(caplog: pytest.LogCaptureFixture) -> None:
    page = {"object": "list", "data": [JOB], "has_more": True}
    seen: list[httpx.Request] = []
    transport = recording_transport(seen, lambda r: httpx.Response(200, json=page))
    with ftkit.Client(api_key=KEY, base_url="https://x.test/v1", transport=transport) as client:
        jobs = [job.id for job in client.jobs.list()]
    assert jobs == ["ftjob-1"]  # the repeated page stops the iteration and is not handed out
    assert len(seen) == 2
    assert "again; stopping the iteration" in caplog.text


@pytest.mark.parametrize("client_class", [ftkit.Client, ftkit.AsyncClient])
async def test_an_answer_that_cannot_be_decoded_is_an_api_error(client_class: Any) -> None:
    # A broken gzip body is no answer: an APIConnectionError, not a raw httpx error.
    def broken(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-encoding": "gzip"}, content=b"not gzip at all")

    transport = httpx.MockTransport(broken)
    client = client_class(api_key=KEY, transport=transport, max_retries=0)
    with pytest.raises(ftkit.APIConnectionError, match="No readable answer"):
        answer = client.jobs.retrieve("ftjob-abc")
        if client_class is ftkit.AsyncClient:
            await answer
