"""Retries in the transport, and the guard against duplicate jobs."""

from __future__ import annotations

import email.utils
import json
import logging
import random
import re
import time
from collections.abc import Callable
from typing import Any

import ftkit
import httpx
import pytest
from conftest_emulator import JOB
from ftkit import errors
from ftkit._retry import RetryPolicy, retry_after
from ftkit.emulator import Emulator
from ftkit.jobs import IDEMPOTENCY_METADATA_KEY
from ftkit_api.api.fine_tuning import retrieve_fine_tuning_job

KEY = "sk-test"
TRAINING = b'{"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}\n' * 10


def scripted(answers: list[Callable[[httpx.Request], httpx.Response]]) -> tuple[httpx.MockTransport, list[float]]:
    """A transport answering with each function in turn (the last one repeats); logs times."""
    times: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        times.append(time.monotonic())
        return answers[min(len(times) - 1, len(answers) - 1)](request)

    return httpx.MockTransport(handler), times


def status(code: int, **headers: str) -> Callable[[httpx.Request], httpx.Response]:
    return lambda r: httpx.Response(code, headers=headers, json={"error": {"message": f"status {code}"}})


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=JOB)


def client_for(transport: Any, **kwargs: Any) -> ftkit.Client:
    return ftkit.Client(api_key=KEY, base_url="https://x.test/v1", transport=transport, **kwargs)


@pytest.mark.parametrize("code", [408, 409, 429, 500, 502, 503])
def test_retried_statuses(code: int) -> None:
    transport, times = scripted([status(code, **{"retry-after-ms": "1"}), ok])
    assert client_for(transport).jobs.retrieve("ftjob-1").id == "ftjob-1"
    assert len(times) == 2


@pytest.mark.parametrize("code", [400, 401, 403, 404, 422])
def test_not_retried_statuses(code: int) -> None:
    transport, times = scripted([status(code), ok])
    with pytest.raises(errors.APIStatusError):
        client_for(transport).jobs.retrieve("ftjob-1")
    assert len(times) == 1


def test_retry_count_is_max_retries_per_client_and_per_call() -> None:
    transport, times = scripted([status(500, **{"retry-after-ms": "1"})])
    client = client_for(transport, max_retries=2)
    with pytest.raises(errors.InternalServerError):
        client.jobs.retrieve("ftjob-1")
    assert len(times) == 3
    times.clear()
    with pytest.raises(errors.InternalServerError):
        client.with_options(max_retries=4).jobs.retrieve("ftjob-1")
    assert len(times) == 5
    times.clear()
    with pytest.raises(errors.InternalServerError):
        client.with_options(max_retries=0).jobs.retrieve("ftjob-1")
    assert len(times) == 1


def test_x_should_retry_overrides_the_status() -> None:
    transport, times = scripted([status(500, **{"x-should-retry": "false"}), ok])
    with pytest.raises(errors.InternalServerError):
        client_for(transport).jobs.retrieve("ftjob-1")
    assert len(times) == 1
    transport, times = scripted([status(400, **{"x-should-retry": "true", "retry-after-ms": "1"}), ok])
    assert client_for(transport).jobs.retrieve("ftjob-1").id
    assert len(times) == 2


def test_retry_after_is_waited(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="ftkit")
    transport, times = scripted([status(429, **{"retry-after": "0.2"}), ok])
    client_for(transport).jobs.retrieve("ftjob-1")
    assert times[1] - times[0] >= 0.19
    assert re.search(
        r"retrying GET \S+/fine_tuning/jobs/ftjob-1 after status 429 in 0\.20 s \(retry 1 of 2\)", caplog.text
    )


def test_retry_after_forms_and_cap() -> None:
    assert retry_after(httpx.Headers({"retry-after-ms": "250"})) == 0.25
    assert retry_after(httpx.Headers({"retry-after": "3"})) == 3.0
    in_ten = int(time.time()) + 10  # whole seconds, as an HTTP date has them
    before = time.time()
    value = retry_after(httpx.Headers({"retry-after": email.utils.formatdate(in_ten, usegmt=True)}))
    assert value is not None and in_ten - time.time() <= value <= in_ten - before
    assert retry_after(httpx.Headers({"retry-after": "soon"})) is None
    assert retry_after(httpx.Headers({})) is None
    policy = RetryPolicy(max_retry_after=5.0)
    assert policy.delay(1, httpx.Headers({"retry-after": "5"})) == 5.0
    assert policy.delay(1, httpx.Headers({"retry-after": "100"})) is None  # over the cap: do not retry


def test_backoff_grows_with_jitter_and_a_ceiling() -> None:
    policy = RetryPolicy(initial_delay=0.5, max_delay=8.0, jitter=0.25, rng=random.Random(1))
    delays = [policy.delay(n) for n in range(1, 8)]
    bases = [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    for got, base in zip(delays, bases, strict=True):
        assert base * 0.75 <= got <= base
    assert len(set(delays)) == len(delays)  # jittered


def test_connection_errors_are_retried_and_then_raised() -> None:
    attempts: list[int] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        if len(attempts) < 3:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json=JOB)

    client = ftkit.Client(
        api_key=KEY,
        base_url="https://x.test/v1",
        transport=httpx.MockTransport(flaky),
        retry_policy=RetryPolicy(initial_delay=0.001),
    )
    assert client.jobs.retrieve("ftjob-1").id
    assert len(attempts) == 3


def test_a_direct_generated_call_gets_the_retries_too() -> None:
    transport, times = scripted([status(503, **{"retry-after-ms": "1"}), ok])
    client = client_for(transport)
    from ftkit_api import Client as GeneratedClient

    gen = GeneratedClient(base_url="https://x.test/v1")
    gen.set_httpx_client(client.http_client)
    answer = retrieve_fine_tuning_job.sync_detailed("ftjob-1", client=gen)
    assert answer.status_code == 200 and len(times) == 2


async def test_async_retries() -> None:
    transport, times = scripted([status(429, **{"retry-after-ms": "1"}), status(500, **{"retry-after-ms": "1"}), ok])
    async with ftkit.AsyncClient(api_key=KEY, base_url="https://x.test/v1", transport=transport) as client:
        assert (await client.jobs.retrieve("ftjob-1")).id == "ftjob-1"
    assert len(times) == 3


def test_emulator_429_with_retry_after_is_absorbed() -> None:
    emulator = Emulator(clock="manual")
    emulator.inject("GET /fine_tuning/jobs", status=429, retry_after=0.01, times=2)
    with ftkit.Client(api_key=KEY, transport=emulator.transport()) as client:
        assert client.jobs.list().data == []
    assert emulator.request_count("GET /fine_tuning/jobs") == 3


# -- no duplicate jobs -----------------------------------------------------------------------------------


def jobs_on(client: ftkit.Client) -> list[ftkit.FineTuningJob]:
    return list(client.jobs.list(limit=100))


def test_dropped_create_over_real_http_makes_exactly_one_job() -> None:
    emulator = Emulator(clock="manual")
    with emulator.serve() as server, ftkit.Client(api_key=KEY, base_url=server.base_url) as client:
        training = client.files.upload(TRAINING)
        # The server creates the job, then drops the connection without answering.
        emulator.inject("POST /fine_tuning/jobs", drop=True, times=1)
        job = client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=training.id)
        assert emulator.request_count("POST /fine_tuning/jobs") == 1  # found, not created again
        all_jobs = jobs_on(client)
    assert [j.id for j in all_jobs] == [job.id]
    assert job.metadata and IDEMPOTENCY_METADATA_KEY in job.metadata.additional_properties


async def test_dropped_create_async_makes_exactly_one_job() -> None:
    emulator = Emulator(clock="manual")
    async with ftkit.AsyncClient(api_key=KEY, transport=emulator.transport()) as client:
        training = await client.files.upload(TRAINING)
        emulator.inject("POST /fine_tuning/jobs", drop=True, times=2)
        job = await client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=training.id)
        listed = [j.id async for j in await client.jobs.list()]
    assert listed == [job.id]


def test_create_retried_after_a_500_that_created_nothing() -> None:
    emulator = Emulator(clock="manual")
    emulator.inject("POST /fine_tuning/jobs", status=500, times=1)
    with ftkit.Client(api_key=KEY, transport=emulator.transport()) as client:
        training = client.files.upload(TRAINING)
        job = client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=training.id)
        assert [j.id for j in jobs_on(client)] == [job.id]
    # create (500), look for it five times over the policy's lookup_patience (nothing), create again
    assert emulator.request_count("POST /fine_tuning/jobs") == 2
    assert emulator.request_count("GET /fine_tuning/jobs") == 5 + 1


def test_without_a_key_an_ambiguous_failure_is_raised_not_retried() -> None:
    emulator = Emulator(clock="manual")
    with ftkit.Client(api_key=KEY, transport=emulator.transport()) as client:
        training = client.files.upload(TRAINING)
        emulator.inject("POST /fine_tuning/jobs", drop=True, times=1)
        with pytest.raises(errors.APIConnectionError):
            client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=training.id, idempotency_key=False)
        created = jobs_on(client)
    assert len(created) == 1  # the server did create it; the client did not make a second
    assert created[0].metadata is None or IDEMPOTENCY_METADATA_KEY not in created[0].metadata.additional_properties


def test_sixteen_metadata_keys_skip_the_key_with_a_warning() -> None:
    emulator = Emulator(clock="manual")
    with ftkit.Client(api_key=KEY, transport=emulator.transport()) as client:
        training = client.files.upload(TRAINING)
        with pytest.warns(UserWarning, match="idempotency key"):
            job = client.jobs.create(
                model="gpt-4o-mini-2024-07-18", training_file=training.id, metadata={f"k{i}": "v" for i in range(16)}
            )
    assert job.metadata is not None and IDEMPOTENCY_METADATA_KEY not in job.metadata.additional_properties


def test_a_given_idempotency_key_is_used() -> None:
    emulator = Emulator(clock="manual")
    with ftkit.Client(api_key=KEY, transport=emulator.transport()) as client:
        training = client.files.upload(TRAINING)
        job = client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=training.id, idempotency_key="run-7")
    assert job.metadata is not None and job.metadata[IDEMPOTENCY_METADATA_KEY] == "run-7"


# -- Retry-After over the cap, and 0 ----------------------------------------------------------------


def test_a_retry_after_over_the_cap_fails_at_once(real_sleeps: list[float]) -> None:
    transport, times = scripted([status(429, **{"retry-after": "3600"}), ok])
    with pytest.raises(errors.RateLimitError):
        client_for(transport).jobs.retrieve("ftjob-1")
    assert len(times) == 1 and real_sleeps == []


def test_a_retry_after_under_a_raised_cap_is_honoured() -> None:
    transport, times = scripted([status(503, **{"retry-after": "0.05"}), ok])
    client = client_for(transport, retry_policy=RetryPolicy(max_retry_after=0.1))
    assert client.jobs.retrieve("ftjob-1").id == "ftjob-1" and len(times) == 2


def test_a_retry_after_of_zero_still_backs_off() -> None:
    policy = RetryPolicy(initial_delay=0.05, jitter=0.0)
    assert policy.delay(1, httpx.Headers({"retry-after": "0"})) == 0.05
    assert policy.delay(2, httpx.Headers({"retry-after-ms": "0"})) == 0.1
    transport, times = scripted([status(429, **{"retry-after": "0"}), ok])
    client_for(transport, retry_policy=policy).jobs.retrieve("ftjob-1")
    assert times[1] - times[0] >= 0.045


# -- an answer cut off mid-body --------------------------------------------------------------------------


class _CutStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """Half of a body, then the connection ends (what h11 reports for a short body)."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def __iter__(self):  # type: ignore[no-untyped-def]
        yield self.body[: len(self.body) // 2]
        raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        yield self.body[: len(self.body) // 2]
        raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")


class CuttingTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """A network in front of the emulator that cuts the body of the next ``cuts`` answers to GET ``path``."""

    def __init__(self, emulator: Emulator, path: str, cuts: int) -> None:
        self.inner = emulator.transport()
        self.virtual_clock = emulator
        self.path, self.cuts = path, cuts

    def _cut(self, request: httpx.Request, response: httpx.Response, body: bytes) -> httpx.Response:
        if request.method == "GET" and request.url.path.endswith(self.path) and self.cuts > 0:
            self.cuts -= 1
            return httpx.Response(response.status_code, headers=response.headers, stream=_CutStream(body))
        return httpx.Response(response.status_code, headers=response.headers, content=body)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        return self._cut(request, response, response.read())

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        return self._cut(request, response, await response.aread())


def test_a_cut_off_poll_does_not_end_wait() -> None:
    emulator = Emulator(clock="manual")
    with ftkit.Client(api_key=KEY, transport=emulator.transport()) as setup:
        training = setup.files.upload(TRAINING)
        job = setup.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=training.id)
    network = CuttingTransport(emulator, f"/fine_tuning/jobs/{job.id}", cuts=2)
    with ftkit.Client(api_key=KEY, transport=network) as client:
        done = client.jobs.wait(job.id, timeout=7200)
    assert done.status == "succeeded" and network.cuts == 0


async def test_a_cut_off_answer_is_retried_async() -> None:
    emulator = Emulator(clock="manual")
    network = CuttingTransport(emulator, "/fine_tuning/jobs", cuts=1)
    async with ftkit.AsyncClient(api_key=KEY, transport=network) as client:
        assert (await client.jobs.list()).data == []
    assert network.cuts == 0 and emulator.request_count("GET /fine_tuning/jobs") == 2


def test_a_cut_off_answer_past_the_retries_is_a_connection_error() -> None:
    emulator = Emulator(clock="manual")
    network = CuttingTransport(emulator, "/fine_tuning/jobs", cuts=5)
    with (
        ftkit.Client(api_key=KEY, transport=network, max_retries=1) as client,
        pytest.raises(errors.APIConnectionError, match="complete message body"),
    ):
        client.jobs.list()
    assert emulator.request_count("GET /fine_tuning/jobs") == 2


def test_a_streamed_request_of_the_caller_is_not_read_by_the_transport() -> None:
    emulator = Emulator(clock="manual")
    network = CuttingTransport(emulator, "/fine_tuning/jobs", cuts=1)
    with (
        ftkit.Client(api_key=KEY, transport=network) as client,
        client.http_client.stream("GET", "fine_tuning/jobs") as response,
    ):
        assert response.status_code == 200
        with pytest.raises(httpx.RemoteProtocolError):
            response.read()
    assert emulator.request_count("GET /fine_tuning/jobs") == 1


class LateListing(httpx.BaseTransport):
    """The emulator behind a server that lists a job only ``lag`` (emulated) seconds after
    storing it, and that can answer a create with ``status`` after storing the job."""

    def __init__(self, emulator: Emulator, lag: float, status: int | None = None) -> None:
        self.emulator, self.lag, self.status = emulator, lag, status
        self.inner = emulator.transport()
        self.virtual_clock = emulator
        self.hidden = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.method == "POST" and request.url.path.endswith("/fine_tuning/jobs"):
            body = response.read()
            if response.status_code == 200 and self.status is not None:
                status, self.status = self.status, None
                return httpx.Response(status, json={"error": {"message": f"status {status} after storing"}})
            return httpx.Response(response.status_code, headers=response.headers, content=body)
        if request.method == "GET" and request.url.path.endswith("/fine_tuning/jobs"):
            answer = json.loads(response.read())
            now = self.emulator.now()
            answer["data"] = [j for j in answer["data"] if now - j["created_at"] >= self.lag]
            self.hidden += len(json.loads(response.content)["data"]) - len(answer["data"])
            return httpx.Response(200, json=answer)
        return response


def _one_job_despite(network: LateListing) -> tuple[ftkit.FineTuningJob, list[str]]:
    with ftkit.Client(api_key=KEY, transport=network) as client:
        training = client.files.upload(TRAINING)
        job = client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=training.id)
        network.lag = 0.0
        return job, [j.id for j in jobs_on(client)]


def test_a_job_listed_late_is_found_not_created_twice() -> None:
    emulator = Emulator(clock="manual")
    emulator.inject("POST /fine_tuning/jobs", drop=True, times=1)  # stored, then the connection drops
    network = LateListing(emulator, lag=2.0)
    job, listed = _one_job_despite(network)
    assert listed == [job.id] and emulator.request_count("POST /fine_tuning/jobs") == 1
    assert network.hidden >= 1  # the first look did not see it


@pytest.mark.parametrize("code", [408, 409])
def test_a_408_or_409_after_the_job_was_stored_makes_no_second_job(code: int) -> None:
    emulator = Emulator(clock="manual")
    network = LateListing(emulator, lag=0.0, status=code)
    job, listed = _one_job_despite(network)
    assert listed == [job.id] and emulator.request_count("POST /fine_tuning/jobs") == 1


def test_the_lookup_gives_up_after_its_patience_and_creates() -> None:
    emulator = Emulator(clock="manual")
    emulator.inject("POST /fine_tuning/jobs", drop=True, times=1)
    network = LateListing(emulator, lag=3600.0)  # a server that lists far too late: a second job is made
    started = emulator.now()
    job, listed = _one_job_despite(network)
    assert len(listed) == 2 and job.id in listed
    assert emulator.now() - started >= ftkit.RetryPolicy().lookup_patience


def test_one_retry_policy_is_asked_by_the_transport_and_the_flows() -> None:
    # The client's policy, with its max_retries, is the one the transport and the create flow ask.
    policy = RetryPolicy(max_retries=5, initial_delay=0.01, lookup_patience=0.0)
    emulator = Emulator(clock="manual")
    client = ftkit.Client(api_key=KEY, transport=emulator.transport(), retry_policy=policy)
    assert client.max_retries == 5 and client.with_options(max_retries=1).max_retries == 1
    assert ftkit.Client(api_key=KEY, retry_policy=policy, max_retries=3).max_retries == 3
    training = client.files.upload(TRAINING)
    emulator.inject("POST /fine_tuning/jobs", status=500, times=5)
    client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=training.id)
    assert emulator.request_count("POST /fine_tuning/jobs") == 6  # five retries, by the flow
    emulator.inject("POST /fine_tuning/jobs", status=500, times=2)
    with pytest.raises(errors.InternalServerError):
        client.with_options(max_retries=1).jobs.create(model="gpt-4o-mini-2024-07-18", training_file=training.id)
    assert emulator.request_count("POST /fine_tuning/jobs") == 8
    with pytest.raises(errors.ValidationError, match="retry_policy"):
        ftkit.Client(api_key=KEY, retry_policy={"max_retries": 3})  # type: ignore[arg-type]
    with pytest.raises(errors.ValidationError, match="lookup_patience"):
        RetryPolicy(lookup_patience=-1)


@pytest.mark.parametrize(
    ("error", "ambiguous"),
    [
        (errors.APITimeoutError(), True),
        (errors.APIConnectionError(), True),  # dropped after the request went out
        (408, True), (409, True), (500, True), (503, True),
        (429, False), (400, False), (404, False),
    ],
)  # fmt: skip
def test_one_ambiguity_rule(error: Any, ambiguous: bool) -> None:
    if isinstance(error, int):
        request = httpx.Request("POST", "https://x.test/v1/files")
        error = errors.status_error(httpx.Response(error, request=request, json={"error": {"message": "x"}}))
    assert RetryPolicy.ambiguous(error) is ambiguous
    refused = errors.APIConnectionError()
    refused.__cause__ = httpx.ConnectError("refused")
    assert not RetryPolicy.ambiguous(refused)  # refused before anything was sent


def test_the_create_guard_looks_as_long_as_the_server_says() -> None:
    # 503 with Retry-After 0.2: the guard looks, waits the 0.2 s the server asks, looks again and
    # creates again: 0.2 s on the emulator's clock, not the 5 s of lookup_patience.
    emulator = Emulator(clock="manual")
    with ftkit.Client(api_key=KEY, transport=emulator.transport()) as client:
        training = client.files.upload(TRAINING)
        emulator.inject("POST /fine_tuning/jobs", status=503, retry_after=0.2, times=1)
        started = emulator.now()
        job = client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=training.id)
        waited = emulator.now() - started
        assert [j.id for j in jobs_on(client)] == [job.id]
    assert 0.2 <= waited < 0.25
    assert emulator.request_count("POST /fine_tuning/jobs") == 2
    assert emulator.request_count("GET /fine_tuning/jobs") == 2 + 1  # two looks, and the listing above


def test_forty_creates_through_503s_cost_what_the_server_asks() -> None:
    emulator = Emulator(clock="manual", seed=3)  # the seed fixes which creates meet a 503
    with ftkit.Client(api_key=KEY, transport=emulator.transport(), max_retries=8) as client:
        training = client.files.upload(TRAINING)
        fault = emulator.inject("POST /fine_tuning/jobs", status=503, retry_after=0.2, rate=0.5)
        started = emulator.now()
        created = [client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=training.id) for _ in range(40)]
        waited = emulator.now() - started
        emulator.clear_faults()
        assert len(jobs_on(client)) == len({job.id for job in created}) == 40
    # Each 503 costs the 0.2 s it asks for (5 s each before); on the emulator's clock, not a stopwatch.
    assert fault.fired >= 10 and waited == pytest.approx(0.2 * fault.fired, abs=0.01)


def test_the_lookup_patience_is_an_option() -> None:
    # A server that lists a new job 6 s late: the default 5 s of looking makes a second job;
    # RetryPolicy(lookup_patience=8) finds the first.
    for patience, jobs in ((None, 2), (8.0, 1)):
        emulator = Emulator(clock="manual")
        emulator.inject("POST /fine_tuning/jobs", drop=True, times=1)
        network = LateListing(emulator, lag=6.0)
        policy = RetryPolicy() if patience is None else RetryPolicy(lookup_patience=patience)
        with ftkit.Client(api_key=KEY, transport=network, retry_policy=policy) as client:
            training = client.files.upload(TRAINING)
            client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=training.id)
            network.lag = 0.0
            assert len(jobs_on(client)) == jobs


def test_the_transports_waits_advance_a_manual_emulators_clock() -> None:
    # On a manual clock, time moves only when advanced: the transport's retries advance it
    # (the 30 s the server asks for, twice) instead of sleeping.
    emulator = Emulator(clock="manual")
    emulator.inject("GET /models/{model}", status=429, retry_after=30, times=2)
    with ftkit.Client(api_key=KEY, transport=emulator.transport()) as client:
        started = emulator.now()
        assert client.models.retrieve("gpt-4o-mini-2024-07-18").id == "gpt-4o-mini-2024-07-18"
    assert emulator.now() - started == pytest.approx(60.0)
    assert emulator.request_count("GET /models/{model}") == 3


def test_max_in_flight_has_one_cap() -> None:
    emulator = Emulator(clock="manual")
    with ftkit.Client(api_key=KEY, transport=emulator.transport()) as client:
        for call in (lambda n: client.jobs.wait_all(["ftjob-a"], max_in_flight=n),
                     lambda n: client.files.upload(b"{}\n", max_in_flight=n)):  # fmt: skip
            with pytest.raises(errors.ValidationError, match="an integer from 1 to 64") as caught:
                call(65)
            assert caught.value.argument == "max_in_flight"
    assert emulator.request_count() == 0
