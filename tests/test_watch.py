"""jobs.follow / wait / wait_all (sync and async) against the emulator.

Most tests run the emulator on a manual clock and give the wait a ``Poller`` whose clock
is the emulator itself: each wait between polls advances emulated time instead of
sleeping, so a job of several hundred steps is watched in milliseconds. A few tests run on
the real clock with a sped-up emulator, to cover the drivers' own sleeping.

A default job (10 examples, auto hyperparameters: 3 epochs, 30 steps) runs: validating_files
until 4 s, queued until 10 s, a step a second from 13 s, succeeded at 45 s.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import ftkit
import httpx
import pytest
from conftest_emulator import InFlight, chat_line, jsonl, training_file
from ftkit._retry import RetryPolicy
from ftkit.emulator import Emulator
from ftkit.watch import Poller, as_poller

EVENTS = "GET /fine_tuning/jobs/{fine_tuning_job_id}/events"
RETRIEVE = "GET /fine_tuning/jobs/{fine_tuning_job_id}"
CANCEL = "POST /fine_tuning/jobs/{fine_tuning_job_id}/cancel"


# -- set-up ---------------------------------------------------------------------------------------


@pytest.fixture
def emulator() -> Emulator:
    return Emulator(clock="manual", seed=0)


def fast_retries(max_retries: int) -> RetryPolicy:
    # The transport's retries sleep for real; keep those sleeps negligible.
    return RetryPolicy(max_retries=max_retries, initial_delay=0.001, max_delay=0.002, jitter=0.0)


def make_client(transport: httpx.BaseTransport, max_retries: int = 2) -> ftkit.Client:
    # Through an httpx client of the test's own: waits are on the real clock unless a Poller says otherwise.
    return ftkit.Client(
        api_key="sk-test",
        base_url="https://api.openai.com/v1",
        http_client=httpx.Client(transport=transport),
        retry_policy=fast_retries(max_retries),
    )


def outage_client(network: httpx.BaseTransport) -> ftkit.Client:
    # On the network's virtual clock (the emulator's): the default policy's waits advance it.
    return ftkit.Client(api_key="sk-test", base_url="https://api.openai.com/v1", transport=network)


@pytest.fixture
def client(emulator: Emulator) -> Iterator[ftkit.Client]:
    c = make_client(emulator.transport())
    yield c
    c.close()


@pytest.fixture
async def aclient(emulator: Emulator) -> Any:
    http = httpx.AsyncClient(transport=emulator.transport())
    c = ftkit.AsyncClient(
        api_key="sk-test", base_url="https://api.openai.com/v1", http_client=http, retry_policy=fast_retries(2)
    )
    yield c
    await c.close()
    await http.aclose()


def start_job(client: ftkit.Client, examples: int = 10, content: bytes | None = None, **method: int) -> str:
    uploaded = client.files.upload(content if content is not None else training_file(examples))
    method.setdefault("n_epochs", 3)  # auto would give 10 epochs to 10 examples
    job = client.jobs.create(model="gpt-4o-mini", training_file=uploaded.id, method=ftkit.Method.supervised(**method))
    return job.id


def server_events(client: ftkit.Client, job_id: str) -> list[ftkit.FineTuningJobEvent]:
    """Every event of the job, oldest first, read straight from the list endpoint."""
    return list(reversed(list(client.jobs.events(job_id, limit=100))))


def ids(events: list[ftkit.FineTuningJobEvent]) -> list[str]:
    return [e.id for e in events]


class ScriptedClock:
    """The emulator as a virtual clock, running ``on_advance`` after each wait (between polls)."""

    def __init__(self, emulator: Emulator, on_advance: Callable[[int], None] | None = None) -> None:
        self.emulator = emulator
        self.on_advance = on_advance
        self.advances = 0

    def now(self) -> float:
        return self.emulator.now()

    def advance(self, seconds: float) -> None:
        self.emulator.advance(seconds)
        self.advances += 1
        if self.on_advance is not None:
            self.on_advance(self.advances)


# -- the polling policy ------------------------------------------------------------------------------


def test_poller_is_quick_at_first_slower_on_long_jobs_and_never_below_the_floor() -> None:
    poller = Poller(initial=1.0, floor=0.5, maximum=30.0, stretch=0.1)
    waits = [poller.interval(age=age) for age in (0, 5, 60, 120, 600, 36_000)]
    assert waits == [1.0, 1.0, 6.0, 12.0, 30.0, 30.0]
    assert waits == sorted(waits)
    # estimated_finish: no later than the estimate, quick once it is due, backing off when overdue
    assert poller.interval(age=600, remaining=4.0) == 4.0
    assert poller.interval(age=600, remaining=100.0) == 30.0
    assert poller.interval(age=600, remaining=0.01) == 0.5  # the floor
    assert poller.interval(age=600, remaining=-2.0) == 1.0
    assert poller.interval(age=600, remaining=-120.0) == 12.0
    assert Poller.fixed(3.0).interval(age=10_000, remaining=0.1) == 3.0


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"floor": 0}, "floor"),
        ({"initial": -1}, "initial"),
        ({"maximum": float("inf")}, "maximum"),
        ({"floor": 5, "maximum": 2}, "maximum"),
        ({"stretch": "fast"}, "stretch"),
        ({"clock": object()}, "clock"),
    ],
)
def test_poller_rejects_bad_settings(kwargs: dict[str, Any], argument: str) -> None:
    with pytest.raises(ftkit.ValidationError) as caught:
        Poller(**kwargs)
    assert caught.value.argument == argument


def test_poll_interval_argument() -> None:
    assert as_poller(None) == Poller()
    assert as_poller(2).interval(age=1000) == 2.0
    custom = Poller(maximum=5.0)
    assert as_poller(custom) is custom
    for bad in (0, -1, "1s", True):
        with pytest.raises(ftkit.ValidationError, match="poll_interval"):
            as_poller(bad)  # type: ignore[arg-type]


def test_estimated_finish_brings_the_last_poll_close_to_the_finish(client: ftkit.Client, emulator: Emulator) -> None:
    job_id = start_job(client, examples=100, n_epochs=5, batch_size=1)  # 500 steps, about 520 s
    done = client.jobs.wait(job_id, poll_interval=Poller(clock=emulator))
    assert done.status == "succeeded"
    assert isinstance(done.finished_at, int)
    # By age alone the last wait would be the 30 s maximum; the estimate cuts it to about a second.
    assert emulator.now() - done.finished_at <= 2.0
    assert emulator.request_count(RETRIEVE) < 60


# -- follow -------------------------------------------------------------------------------------------


def test_follow_yields_each_event_once_oldest_first(client: ftkit.Client, emulator: Emulator) -> None:
    job_id = start_job(client)
    followed = list(client.jobs.follow(job_id, poll_interval=Poller.fixed(2.0, clock=emulator)))
    everything = server_events(client, job_id)
    assert ids(followed) == ids(everything)
    assert len(set(ids(followed))) == len(followed) == 41
    assert followed[-1].message == "Fine tuning job successfully completed"
    assert client.jobs.retrieve(job_id).status == "succeeded"


def test_follow_with_500_events_between_polls(client: ftkit.Client, emulator: Emulator) -> None:
    job_id = start_job(client, examples=100, n_epochs=10, batch_size=1)  # 1000 steps
    seen_at_poll: list[int] = []
    clock = ScriptedClock(emulator, lambda _: seen_at_poll.append(len(followed)))
    followed: list[ftkit.FineTuningJobEvent] = []
    for event in client.jobs.follow(job_id, poll_interval=Poller.fixed(500.0, clock=clock)):
        followed.append(event)
    everything = server_events(client, job_id)
    assert len(everything) > 1000
    assert ids(followed) == ids(everything)
    assert len(set(ids(followed))) == len(followed)
    bursts = [b - a for a, b in itertools.pairwise(seen_at_poll)]
    assert max(bursts) >= 500  # hundreds of events did arrive between two polls, while the job ran
    steps = [int(e.data["step"]) for e in followed if e.type_ == "metrics"]  # type: ignore[index]
    assert steps == list(range(1, 1001))


def test_follow_an_already_finished_job(client: ftkit.Client, emulator: Emulator) -> None:
    job_id = start_job(client)
    emulator.advance(1000)
    before = emulator.now()
    followed = list(client.jobs.follow(job_id, poll_interval=Poller(clock=emulator)))
    assert ids(followed) == ids(server_events(client, job_id))
    assert emulator.now() == before  # no waiting at all
    assert emulator.request_count(RETRIEVE) == 1


def test_after_event_resumes_a_follow(client: ftkit.Client, emulator: Emulator) -> None:
    job_id = start_job(client)
    emulator.advance(20)  # running
    first = list(zip(range(8), client.jobs.follow(job_id, poll_interval=Poller(clock=emulator)), strict=False))
    last_id = first[-1][1].id
    rest = list(client.jobs.follow(job_id, after_event=last_id, poll_interval=Poller(clock=emulator)))
    assert ids([e for _, e in first]) + ids(rest) == ids(server_events(client, job_id))


def test_after_event_must_be_an_event_of_the_job(client: ftkit.Client, emulator: Emulator) -> None:
    job_id = start_job(client)
    with pytest.raises(ftkit.ValidationError, match="after_event"):
        list(client.jobs.follow(job_id, after_event="ftevent-nope", poll_interval=Poller(clock=emulator)))
    with pytest.raises(ftkit.ValidationError, match="job_id"):
        client.jobs.follow("")  # checked at the call, before any iteration


def test_cancel_during_a_follow(client: ftkit.Client, emulator: Emulator) -> None:
    job_id = start_job(client)
    followed = []
    for event in client.jobs.follow(job_id, poll_interval=Poller.fixed(1.0, clock=emulator)):
        followed.append(event)
        if event.message.startswith("Step 3/"):
            client.jobs.cancel(job_id)
    assert followed[-1].message == "Fine-tuning job cancelled"
    assert ids(followed) == ids(server_events(client, job_id))
    assert not any(e.message.startswith("Step 5/") for e in followed)
    assert client.jobs.wait(job_id, poll_interval=Poller(clock=emulator)).status == "cancelled"


def test_pause_and_resume_during_a_follow(client: ftkit.Client, emulator: Emulator) -> None:
    job_id = start_job(client)
    statuses: list[str] = []
    paused_at: list[int] = []

    def between_polls(advances: int) -> None:
        statuses.append(str(client.jobs.retrieve(job_id).status))
        if paused_at and advances == paused_at[0] + 10:
            client.jobs.resume(job_id)

    clock = ScriptedClock(emulator, between_polls)
    followed = []
    for event in client.jobs.follow(job_id, poll_interval=Poller.fixed(1.0, clock=clock)):
        followed.append(event)
        if event.message.startswith("Step 5/"):
            client.jobs.pause(job_id)
            paused_at.append(clock.advances)
    assert statuses.count("paused") >= 9  # the follow kept polling through the pause
    assert ids(followed) == ids(server_events(client, job_id))
    assert followed[-1].message == "Fine tuning job successfully completed"
    messages = [e.message for e in followed]
    assert any(m.startswith("Fine-tuning job paused at step 5/") for m in messages)
    assert "Fine-tuning job resumed, moving job to queued state" in messages


def test_429_and_500_during_a_follow_lose_and_repeat_no_event(emulator: Emulator) -> None:
    client = make_client(emulator.transport(), max_retries=8)
    job_id = start_job(client, examples=100, n_epochs=3, batch_size=1)  # 300 steps: several pages per poll
    faults = [
        emulator.inject(EVENTS, status=500, rate=0.3),
        emulator.inject(EVENTS, status=429, retry_after=0.001, rate=0.3),
        emulator.inject(RETRIEVE, status=503, rate=0.3),
        emulator.inject(RETRIEVE, status=429, retry_after=0.001, rate=0.3),
    ]
    followed = list(client.jobs.follow(job_id, poll_interval=Poller.fixed(60.0, clock=emulator)))
    assert all(fault.fired > 0 for fault in faults)
    emulator.clear_faults()
    assert ids(followed) == ids(server_events(client, job_id))
    assert len(set(ids(followed))) == len(followed)


def test_a_follow_that_fails_mid_page_resumes_without_gap_or_repeat(emulator: Emulator) -> None:
    client = make_client(emulator.transport(), max_retries=0)
    job_id = start_job(client, examples=100, n_epochs=3, batch_size=1)
    poller = Poller.fixed(100.0, clock=emulator, patience=0)
    got: list[ftkit.FineTuningJobEvent] = []
    after: str | None = None
    failures = 0
    # A 500 on every 4th events request, no retries, no patience: the follow breaks again and again.
    emulator.inject(EVENTS, status=500, rate=0.25)
    while True:
        try:
            for event in client.jobs.follow(job_id, after_event=after, poll_interval=poller):
                got.append(event)
                after = event.id
            break
        except ftkit.InternalServerError:
            failures += 1
    emulator.clear_faults()
    assert failures > 0
    assert ids(got) == ids(server_events(client, job_id))


class SlowNetwork(httpx.BaseTransport):
    """Every request takes ``seconds`` of emulated time, so the job moves on between two requests."""

    def __init__(self, emulator: Emulator, seconds: float) -> None:
        self.emulator = emulator
        self.seconds = seconds
        self.inner = emulator.transport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.emulator.advance(self.seconds)
        return self.inner.handle_request(request)


def test_follow_gets_the_last_events_when_the_job_ends_between_two_requests(emulator: Emulator) -> None:
    client = make_client(SlowNetwork(emulator, 1.0))
    for shift in range(6):  # the job ends at a different moment of the poll each time
        job_id = start_job(client)
        emulator.advance(0.4 * shift)
        followed = list(client.jobs.follow(job_id, poll_interval=Poller.fixed(0.1, clock=emulator)))
        assert followed[-1].message == "Fine tuning job successfully completed"
        assert ids(followed) == ids(server_events(client, job_id))


def test_stopping_a_follow_early_stops_polling(client: ftkit.Client, emulator: Emulator) -> None:
    job_id = start_job(client)
    events = client.jobs.follow(job_id, poll_interval=Poller(clock=emulator))
    next(events)
    count = emulator.request_count()
    del events  # the consumer walks away: the flow is closed, nothing more is asked
    assert emulator.request_count() == count


# -- wait ---------------------------------------------------------------------------------------------


def test_wait_returns_the_final_job_and_calls_on_event(client: ftkit.Client, emulator: Emulator) -> None:
    job_id = start_job(client)
    seen: list[ftkit.FineTuningJobEvent] = []
    done = client.jobs.wait(job_id, on_event=seen.append, poll_interval=Poller(clock=emulator))
    assert done.status == "succeeded" and done.fine_tuned_model
    assert ids(seen) == ids(server_events(client, job_id))


def test_wait_without_on_event_reads_no_events(client: ftkit.Client, emulator: Emulator) -> None:
    job_id = start_job(client)
    client.jobs.wait(job_id, poll_interval=Poller(clock=emulator))
    assert emulator.request_count(EVENTS) == 0


@pytest.mark.parametrize("content", [training_file(3), b"not json\n" + training_file(10)])
def test_wait_for_a_failed_job_raises_job_failed_error(
    client: ftkit.Client, emulator: Emulator, content: bytes
) -> None:
    job_id = start_job(client, content=content)
    with pytest.raises(ftkit.JobFailedError) as caught:
        client.jobs.wait(job_id, poll_interval=Poller(clock=emulator))
    error = caught.value
    server = client.jobs.retrieve(job_id)
    assert error.job.status == "failed" and error.job.id == job_id
    assert server.error and (error.code, error.message, error.param) == (
        server.error.code,
        server.error.message,
        server.error.param,
    )
    assert error.param == "training_file"
    assert f"[{error.code}]" in str(error) and job_id in str(error)
    assert client.jobs.wait(job_id, raise_on_failure=False).status == "failed"


def test_wait_timeout_leaves_the_job_alone(client: ftkit.Client, emulator: Emulator) -> None:
    job_id = start_job(client)
    started = emulator.now()
    with pytest.raises(ftkit.WaitTimeoutError) as caught:
        client.jobs.wait(job_id, timeout=20, poll_interval=Poller(clock=emulator))
    assert (caught.value.job_id, caught.value.timeout, caught.value.last_status) == (job_id, 20, "running")
    assert isinstance(caught.value, TimeoutError)
    assert emulator.now() - started == pytest.approx(20)  # the last poll was at the deadline, not past it
    assert emulator.request_count(CANCEL) == 0
    assert client.jobs.retrieve(job_id).status == "running"


def test_wait_timeout_on_the_real_clock(real_sleeps: list[float]) -> None:
    emulator = Emulator(clock="manual")  # time stands still: the job never finishes
    client = make_client(emulator.transport())
    job_id = start_job(client)
    started = time.monotonic()
    with pytest.raises(ftkit.WaitTimeoutError):
        client.jobs.wait(job_id, timeout=0.1, poll_interval=0.02)
    assert time.monotonic() - started >= 0.1  # it waited out its timeout (a busy machine only adds to it)
    # ... and slept no further: every pause a poll interval at most, cut short by the deadline.
    assert real_sleeps and max(real_sleeps) <= 0.02 and sum(real_sleeps) <= 0.1 + 1e-9
    assert 2 <= emulator.request_count(RETRIEVE) <= 7


def test_wait_and_follow_on_the_real_clock() -> None:
    emulator = Emulator(speed=2000.0)  # a 45 s job takes about 25 ms
    client = make_client(emulator.transport())
    job_id = start_job(client)
    followed = list(client.jobs.follow(job_id, poll_interval=0.005))
    assert ids(followed) == ids(server_events(client, job_id))
    assert client.jobs.wait(start_job(client), poll_interval=0.005).status == "succeeded"


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"job_id": ""}, "job_id"),
        ({"timeout": -1}, "timeout"),
        ({"timeout": "1h"}, "timeout"),
        ({"poll_interval": 0}, "poll_interval"),
    ],
)
def test_wait_checks_its_arguments(client: ftkit.Client, kwargs: dict[str, Any], argument: str) -> None:
    call: dict[str, Any] = {"job_id": "ftjob-x", **kwargs}
    with pytest.raises(ftkit.ValidationError) as caught:
        client.jobs.wait(**call)
    assert caught.value.argument == argument


def test_waiting_for_a_job_that_does_not_exist(client: ftkit.Client, emulator: Emulator) -> None:
    with pytest.raises(ftkit.NotFoundError):
        client.jobs.wait("ftjob-missing", poll_interval=Poller(clock=emulator))
    with pytest.raises(ftkit.NotFoundError):
        list(client.jobs.follow("ftjob-missing", poll_interval=Poller(clock=emulator)))


# -- Ctrl-C -------------------------------------------------------------------------------------------


def interrupt_after(emulator: Emulator, waits: int) -> ScriptedClock:
    """A clock on which Ctrl-C comes during the ``waits``-th wait between polls."""

    def press(advances: int) -> None:
        if advances == waits:
            raise KeyboardInterrupt

    return ScriptedClock(emulator, press)


def assert_clean(caught: pytest.ExceptionInfo[KeyboardInterrupt]) -> None:
    assert "keeps running" in str(caught.value) or "keep running" in str(caught.value)
    assert caught.value.__suppress_context__ and caught.value.__cause__ is None
    frames = traceback.extract_tb(caught.value.__traceback__)
    assert "_flow.py" not in frames[-1].filename  # raised from the public method, not from deep inside


def test_ctrl_c_stops_a_wait_cleanly(client: ftkit.Client, emulator: Emulator) -> None:
    job_id = start_job(client)
    with pytest.raises(KeyboardInterrupt) as caught:
        client.jobs.wait(job_id, poll_interval=Poller.fixed(1.0, clock=interrupt_after(emulator, 3)))
    assert_clean(caught)
    assert job_id in str(caught.value)
    assert emulator.request_count(CANCEL) == 0


def test_ctrl_c_stops_a_follow_cleanly(client: ftkit.Client, emulator: Emulator) -> None:
    job_id = start_job(client)
    events = client.jobs.follow(job_id, poll_interval=Poller.fixed(1.0, clock=interrupt_after(emulator, 3)))
    got = []
    with pytest.raises(KeyboardInterrupt) as caught:
        for event in events:
            got.append(event)
    assert_clean(caught)
    count = emulator.request_count()
    assert list(events) == []  # the follow is over: no more requests
    assert emulator.request_count() == count
    assert ids(got) == ids(server_events(client, job_id))[: len(got)]


def test_ctrl_c_stops_wait_all_cleanly(client: ftkit.Client, emulator: Emulator) -> None:
    jobs = [start_job(client) for _ in range(3)]
    with pytest.raises(KeyboardInterrupt) as caught:
        client.jobs.wait_all(jobs, poll_interval=Poller.fixed(1.0, clock=interrupt_after(emulator, 4)))
    assert_clean(caught)


# -- wait_all -----------------------------------------------------------------------------------------


def test_wait_all_returns_the_jobs_in_the_order_given(client: ftkit.Client, emulator: Emulator) -> None:
    long, short, middle = (start_job(client, n_epochs=n) for n in (5, 1, 3))
    done = client.jobs.wait_all([long, short, middle], poll_interval=Poller(clock=emulator))
    assert [j.id for j in done] == [long, short, middle]
    assert all(j.status == "succeeded" for j in done)
    assert client.jobs.wait_all([]) == []


def test_wait_all_bounds_the_requests_in_flight(client: ftkit.Client, emulator: Emulator) -> None:
    jobs = [start_job(client) for _ in range(5)]
    counter = InFlight(emulator.transport(), hold=0.005, expected=2)
    done = make_client(counter).jobs.wait_all(jobs, max_in_flight=2, poll_interval=Poller.fixed(10.0, clock=emulator))
    assert [j.id for j in done] == jobs
    assert counter.most == 2


def test_wait_all_raises_the_first_failure_unless_told_not_to(client: ftkit.Client, emulator: Emulator) -> None:
    good, bad = start_job(client), start_job(client, content=training_file(2))
    with pytest.raises(ftkit.JobFailedError) as caught:
        client.jobs.wait_all([good, bad], poll_interval=Poller.fixed(1.0, clock=emulator))
    assert caught.value.job.id == bad
    done = client.jobs.wait_all([good, bad], raise_on_failure=False, poll_interval=Poller(clock=emulator))
    assert [j.status for j in done] == ["succeeded", "failed"]


def test_wait_all_timeout_and_arguments(client: ftkit.Client, emulator: Emulator) -> None:
    jobs = [start_job(client), start_job(client)]
    with pytest.raises(ftkit.WaitTimeoutError):
        client.jobs.wait_all(jobs, timeout=5, poll_interval=Poller(clock=emulator))
    with pytest.raises(ftkit.ValidationError, match="job_ids"):
        client.jobs.wait_all(jobs[0])
    with pytest.raises(ftkit.ValidationError, match="max_in_flight"):
        client.jobs.wait_all(jobs, max_in_flight=0)


def test_wait_all_on_the_real_clock() -> None:
    emulator = Emulator(speed=2000.0)
    client = make_client(emulator.transport())
    jobs = [start_job(client, n_epochs=n) for n in (2, 1, 3)]
    done = client.jobs.wait_all(jobs, max_in_flight=2, poll_interval=0.005)
    assert [(j.id, j.status) for j in done] == [(j, "succeeded") for j in jobs]


# -- the async client -------------------------------------------------------------------------------


async def test_async_follow(aclient: ftkit.AsyncClient, client: ftkit.Client, emulator: Emulator) -> None:
    job_id = start_job(client, examples=100, n_epochs=6, batch_size=1)
    followed = [e async for e in aclient.jobs.follow(job_id, poll_interval=Poller.fixed(500.0, clock=emulator))]
    assert ids(followed) == ids(server_events(client, job_id))
    assert len(followed) > 600


async def test_async_wait_with_an_async_on_event(
    aclient: ftkit.AsyncClient, client: ftkit.Client, emulator: Emulator
) -> None:
    job_id = start_job(client)
    seen: list[str] = []

    async def on_event(event: ftkit.FineTuningJobEvent) -> None:
        await asyncio.sleep(0)
        seen.append(event.id)

    done = await aclient.jobs.wait(job_id, on_event=on_event, poll_interval=Poller(clock=emulator))
    assert done.status == "succeeded"
    assert seen == ids(server_events(client, job_id))


async def test_async_wait_failure_and_timeout(
    aclient: ftkit.AsyncClient, client: ftkit.Client, emulator: Emulator
) -> None:
    bad = start_job(client, content=jsonl([chat_line()]))
    with pytest.raises(ftkit.JobFailedError) as caught:
        await aclient.jobs.wait(bad, poll_interval=Poller(clock=emulator))
    assert caught.value.code == "invalid_n_examples"
    with pytest.raises(ftkit.WaitTimeoutError):
        await aclient.jobs.wait(start_job(client), timeout=3, poll_interval=Poller(clock=emulator))


async def test_async_wait_all_bounds_the_requests_in_flight() -> None:
    emulator = Emulator(speed=2000.0)
    client = make_client(emulator.transport())
    counter = InFlight(emulator.transport(), hold=0.002, expected=2)
    async with ftkit.AsyncClient(api_key="k", base_url="https://api.openai.com/v1", transport=counter) as aclient:
        jobs = [start_job(client, n_epochs=n) for n in (3, 1, 2, 1, 2)]
        done = await aclient.jobs.wait_all(jobs, max_in_flight=2, poll_interval=0.002)
    assert [j.id for j in done] == jobs and {j.status for j in done} == {"succeeded"}
    assert counter.most == 2


async def test_async_wait_all_failure_cancels_the_others() -> None:
    # The bad job fails in its 4 s of validation, 40 ms here; the others would run for 5,000 s,
    # 50 s here, so they are still running at the end however busy the machine.
    emulator = Emulator(speed=100.0)
    client = make_client(emulator.transport())
    jobs = [start_job(client, examples=100, n_epochs=50, batch_size=1) for _ in range(2)]
    jobs.insert(1, start_job(client, content=training_file(1)))
    async with ftkit.AsyncClient(
        api_key="k", base_url="https://api.openai.com/v1", transport=emulator.transport()
    ) as aclient:
        with pytest.raises(ftkit.JobFailedError):
            await aclient.jobs.wait_all(jobs, poll_interval=0.002)
        count = emulator.request_count()
        await asyncio.sleep(0.02)
    assert emulator.request_count() == count  # nothing keeps polling in the background
    assert client.jobs.retrieve(jobs[0]).status in ("validating_files", "queued", "running")  # left alone


async def test_async_wait_and_follow_on_the_real_clock() -> None:
    emulator = Emulator(speed=2000.0)
    sync = make_client(emulator.transport())
    async with ftkit.AsyncClient(
        api_key="k", base_url="https://api.openai.com/v1", transport=emulator.transport()
    ) as aclient:
        job_id = start_job(sync)
        followed = [e async for e in aclient.jobs.follow(job_id, poll_interval=0.005)]
        assert ids(followed) == ids(server_events(sync, job_id))
        assert (await aclient.jobs.wait(start_job(sync), poll_interval=0.005)).status == "succeeded"


async def test_cancelling_an_async_wait_stops_polling(aclient: ftkit.AsyncClient, client: ftkit.Client) -> None:
    job_id = start_job(client)  # the manual clock never moves: the wait would go on forever
    task = asyncio.ensure_future(aclient.jobs.wait(job_id, poll_interval=0.001))
    await asyncio.sleep(0.02)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


# -- the emulator's manual clock as the default clock --------------------------------------------------


def test_a_manual_clock_transport_makes_follow_and_wait_advance_it(no_real_sleep: None) -> None:
    emulator = Emulator(clock="manual", seed=0)
    assert emulator.transport().virtual_clock is emulator
    with ftkit.Client(api_key="test", transport=emulator.transport()) as client:
        job_id = start_job(client)
        started = emulator.now()
        followed = list(client.jobs.follow(job_id))
        assert ids(followed) == ids(server_events(client, job_id))
        assert client.jobs.wait(job_id).status == "succeeded"
        assert client.jobs.wait_all([start_job(client), start_job(client)])[0].status == "succeeded"
        # A copy with other settings waits on the same clock.
        assert client.with_options(max_retries=0).jobs.wait(start_job(client)).status == "succeeded"
    assert emulator.now() - started >= 45  # a default job takes 45 emulated seconds, and none was slept


async def _collect(events: Any) -> list[Any]:
    return [event async for event in events]


async def test_a_manual_clock_transport_serves_the_async_client_too(no_real_sleep: None) -> None:
    emulator = Emulator(clock="manual", seed=0)
    sync = make_client(emulator.transport())
    async with ftkit.AsyncClient(api_key="test", transport=emulator.transport()) as aclient:
        job_id = start_job(sync)
        followed = await _collect(aclient.jobs.follow(job_id))
        assert ids(followed) == ids(server_events(sync, job_id))
        assert (await aclient.jobs.wait(start_job(sync))).status == "succeeded"


def test_an_explicit_poll_interval_or_poller_still_wins() -> None:
    emulator = Emulator(clock="manual", seed=0)
    with ftkit.Client(api_key="test", transport=emulator.transport()) as client:
        # A number: that fixed interval, on the emulator's clock.
        job_id = start_job(client)
        before = emulator.now()
        client.jobs.wait(job_id, poll_interval=7)
        assert (emulator.now() - before) % 7 == 0 and emulator.now() > before
        # A Poller: its own clock.
        scripted = ScriptedClock(emulator)
        client.jobs.wait(start_job(client), poll_interval=Poller.fixed(2.0, clock=scripted))
        assert scripted.advances > 0


def test_a_wall_clock_emulator_is_not_a_virtual_clock() -> None:
    emulator = Emulator(speed=2000.0)
    assert emulator.transport().virtual_clock is None
    with ftkit.Client(api_key="test", transport=emulator.transport()) as client:
        job_id = start_job(client)
        started = time.monotonic()
        assert client.jobs.wait(job_id, poll_interval=0.005).status == "succeeded"
        assert time.monotonic() - started > 0.01  # it waited in real time, as before


# -- on_job: the job as each poll read it --------------------------------------------------------------


def test_on_job_hears_each_poll_without_extra_requests(client: ftkit.Client, emulator: Emulator) -> None:
    job_id = start_job(client)
    seen: list[str] = []
    poller = Poller(clock=emulator)
    events = list(client.jobs.follow(job_id, poll_interval=poller, on_job=lambda j: seen.append(j.status)))
    assert ids(events) == ids(server_events(client, job_id))
    assert seen[-1] == "succeeded" and "running" in seen
    assert len(seen) == emulator.request_count(RETRIEVE)  # one per poll, none added

    other = start_job(client)
    before = emulator.request_count(RETRIEVE)
    heard: list[Any] = []
    final = client.jobs.wait(other, poll_interval=Poller(clock=emulator), on_job=heard.append, on_event=heard.append)
    assert isinstance(heard[0], ftkit.FineTuningJob) and heard[-1].id != final.id  # events after the last job
    assert [h for h in heard if isinstance(h, ftkit.FineTuningJob)][-1].status == final.status == "succeeded"
    assert len([h for h in heard if isinstance(h, ftkit.FineTuningJob)]) == emulator.request_count(RETRIEVE) - before


async def test_async_on_job_may_be_a_coroutine(
    aclient: ftkit.AsyncClient, client: ftkit.Client, emulator: Emulator
) -> None:
    statuses: list[str] = []

    async def on_job(job: ftkit.FineTuningJob) -> None:
        statuses.append(job.status)

    job_id = start_job(client)
    events = [e async for e in aclient.jobs.follow(job_id, poll_interval=Poller(clock=emulator), on_job=on_job)]
    assert events and statuses[-1] == "succeeded"
    statuses.clear()
    await aclient.jobs.wait(start_job(client), poll_interval=Poller(clock=emulator), on_job=on_job)
    assert statuses[-1] == "succeeded"


# -- names that moved ------------------------------------------------------------------------------


def test_the_moved_names_are_gone_from_watch() -> None:
    # Version 0.1.0 carries no deprecated names: they live in _checks and _flow only.
    import ftkit.watch

    for name in ("check_job_ids", "check_max_in_flight", "interrupted", "interruptible"):
        assert not hasattr(ftkit.watch, name), name


# -- riding out an outage -------------------------------------------------------------------------


class Outage(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The emulator behind a network that refuses every connection from ``start`` for
    ``length`` emulated seconds."""

    def __init__(self, emulator: Emulator, start: float, length: float) -> None:
        self.emulator, self.start, self.length = emulator, start, length
        self.inner = emulator.transport()
        self.virtual_clock = emulator
        self.refused = 0

    def _down(self, request: httpx.Request) -> None:
        if self.start <= self.emulator.now() < self.start + self.length:
            self.refused += 1
            raise httpx.ConnectError("connection refused", request=request)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._down(request)
        return self.inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._down(request)
        return await self.inner.handle_async_request(request)


def _started_job(emulator: Emulator) -> str:
    return start_job(make_client(emulator.transport()), examples=100, n_epochs=3, batch_size=1)


def test_wait_rides_out_a_five_minute_outage(emulator: Emulator) -> None:
    job_id = _started_job(emulator)
    network = Outage(emulator, start=emulator.now() + 5, length=300)
    with outage_client(network) as client:
        job = client.jobs.wait(job_id, timeout=24 * 3600, poll_interval=Poller(clock=emulator))
    assert job.status == "succeeded" and network.refused > 3


def test_follow_rides_out_an_outage_and_misses_no_event(emulator: Emulator) -> None:
    job_id = _started_job(emulator)
    network = Outage(emulator, start=emulator.now() + 5, length=120)
    with outage_client(network) as client:
        followed = list(client.jobs.follow(job_id, poll_interval=Poller(clock=emulator)))
        assert network.refused > 3
        assert ids(followed) == ids(server_events(client, job_id))


async def test_async_wait_all_rides_out_an_outage(emulator: Emulator) -> None:
    first, second = _started_job(emulator), _started_job(emulator)
    network = Outage(emulator, start=emulator.now() + 5, length=200)
    async with ftkit.AsyncClient(api_key="sk-test", base_url="https://api.openai.com/v1", transport=network) as client:
        done = await client.jobs.wait_all([first, second], timeout=24 * 3600, poll_interval=Poller(clock=emulator))
    assert [job.status for job in done] == ["succeeded", "succeeded"] and network.refused > 3


def test_an_outage_longer_than_the_patience_is_raised(emulator: Emulator) -> None:
    job_id = _started_job(emulator)
    network = Outage(emulator, start=emulator.now() + 5, length=10_000)
    with outage_client(network) as client, pytest.raises(ftkit.APIConnectionError):
        client.jobs.wait(job_id, poll_interval=Poller(clock=emulator, patience=120))
    assert 120 <= emulator.now() - network.start < 200


def test_an_outage_is_not_ridden_past_the_timeout(emulator: Emulator) -> None:
    job_id = _started_job(emulator)
    network = Outage(emulator, start=emulator.now(), length=10_000)
    started = emulator.now()
    with outage_client(network) as client, pytest.raises(ftkit.APIConnectionError):
        client.jobs.wait(job_id, timeout=60, poll_interval=Poller(clock=emulator))
    # The last poll lands on the deadline; its own retries in the transport (0.5 s, then 1 s at
    # most, on the same clock) are all that may come after it.
    assert emulator.now() - started <= 60 + 0.5 + 1.0


def test_a_not_found_is_not_an_outage(emulator: Emulator) -> None:
    with make_client(emulator.transport()) as client, pytest.raises(ftkit.NotFoundError):
        client.jobs.wait("ftjob-missing", poll_interval=Poller(clock=emulator))
    assert emulator.request_count("GET /fine_tuning/jobs/{fine_tuning_job_id}") == 1


# -- a server answering a job's read with something else -------------------------------------------


class Malformed(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The emulator behind a server that answers the job's read (``GET /fine_tuning/jobs/{id}``)
    with 200 and ``body(job)`` for the first ``times`` reads; it counts the reads."""

    def __init__(self, emulator: Emulator, body: Any, times: int = 1_000_000) -> None:
        self.inner, self.body, self.times = emulator.transport(), body, times
        self.virtual_clock = emulator
        self.reads = 0

    def _rewrite(self, request: httpx.Request, response: httpx.Response, content: bytes) -> httpx.Response:
        if request.method != "GET" or not re.fullmatch(r".*/fine_tuning/jobs/[^/]+", request.url.path):
            return httpx.Response(response.status_code, headers=response.headers, content=content)
        self.reads += 1
        if self.reads > self.times:
            return httpx.Response(response.status_code, headers=response.headers, content=content)
        return httpx.Response(200, json=self.body(json.loads(content)))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        return self._rewrite(request, response, response.read())

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        return self._rewrite(request, response, await response.aread())


MALFORMED_JOBS = {
    "an error object": (lambda job: {"error": {"message": "internal", "type": "server_error"}}, "no job id"),
    "an empty object": (lambda job: {}, "no job id"),
    "no status": (lambda job: {k: v for k, v in job.items() if k != "status"}, "status is missing"),
    "a null status": (lambda job: {**job, "status": None}, "status is null"),
    "an unknown status": (lambda job: {**job, "status": "warming_up"}, "status 'warming_up' is none the API"),
    "another job": (lambda job: {**job, "id": "ftjob-other"}, "it is job 'ftjob-other'"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED_JOBS))
def test_wait_and_follow_give_up_on_a_malformed_answer(emulator: Emulator, case: str) -> None:
    body, said = MALFORMED_JOBS[case]
    job_id = start_job(make_client(emulator.transport()))
    for watch in ("wait", "follow"):
        network = Malformed(emulator, body)
        with outage_client(network) as client, pytest.raises(ftkit.APIResponseValidationError) as caught:
            if watch == "wait":
                client.jobs.wait(job_id)
            else:
                list(client.jobs.follow(job_id))
        # A bounded number of polls, then an error naming what was wrong (the answer on .response).
        assert network.reads == ftkit.watch.MALFORMED_ANSWERS, (watch, network.reads)
        assert said in str(caught.value) and caught.value.response.status_code == 200


async def test_async_wait_gives_up_on_another_jobs_answer(emulator: Emulator) -> None:
    job_id = start_job(make_client(emulator.transport()))
    network = Malformed(emulator, MALFORMED_JOBS["another job"][0])
    async with ftkit.AsyncClient(api_key="sk-test", transport=network) as client:
        with pytest.raises(ftkit.APIResponseValidationError, match="ftjob-other"):
            await client.jobs.wait(job_id)
    assert network.reads == ftkit.watch.MALFORMED_ANSWERS


def test_a_malformed_answer_now_and_then_is_ridden_over(emulator: Emulator) -> None:
    job_id = start_job(make_client(emulator.transport()))
    network = Malformed(emulator, MALFORMED_JOBS["an empty object"][0], times=ftkit.watch.MALFORMED_ANSWERS - 1)
    with outage_client(network) as client:
        assert client.jobs.wait(job_id).status == "succeeded"
    assert network.reads > ftkit.watch.MALFORMED_ANSWERS


def test_a_watch_waits_out_a_retry_after_longer_than_the_transport_takes(emulator: Emulator) -> None:
    # Retry-After 120 is over max_retry_after (60): the transport hands the 429 back at once, and
    # the watch, riding out the outage, waits the 120 s the server asks (on the emulator's clock).
    job_id = _started_job(emulator)
    emulator.inject("GET /fine_tuning/jobs/{fine_tuning_job_id}", status=429, retry_after=120, times=2)
    started = emulator.now()
    with outage_client(emulator.transport()) as client:
        job = client.jobs.wait(job_id, poll_interval=Poller(clock=emulator))
    assert job.status == "succeeded" and emulator.now() - started >= 240
