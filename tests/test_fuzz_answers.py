"""Malformed answers: whatever a server sends back, the client raises an ``ftkit.APIError``
(or, for a bad argument, a ``ValidationError``), never a bare ``TypeError``/``KeyError``.

The server here is an httpx transport that answers every request of an operation with a
valid example answer (the spec's) in which one field at a time is replaced by a value of
a wrong type, removed, or the whole body is broken (truncated JSON, HTML, not an object,
a broken gzip stream). Each operation's result is then read completely (every field of
every model, every page), since models convert their fields when first read.
"""

from __future__ import annotations

import contextlib
import copy
import gzip
import itertools
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import ftkit
import httpx
import pytest
from ftkit.pagination import Page

_EXAMPLES_FILE = Path(__file__).parent / "fixtures/examples.json"
EXAMPLES = {e["source"]: e["example"] for e in json.loads(_EXAMPLES_FILE.read_text())}

JOB = EXAMPLES["spec GET /fine_tuning/jobs/{fine_tuning_job_id}#0"]
RUNNING_JOB = {**JOB, "status": "running", "estimated_finish": None, "finished_at": None}
JOB_WITH_METHOD = EXAMPLES["spec POST /fine_tuning/jobs#2"]
JOBS = EXAMPLES["spec GET /fine_tuning/jobs#0"]
EVENTS = EXAMPLES["spec GET /fine_tuning/jobs/{fine_tuning_job_id}/events#0"]
CHECKPOINTS = EXAMPLES["spec GET /fine_tuning/jobs/{fine_tuning_job_id}/checkpoints#0"]
FILE = EXAMPLES["spec GET /files/{file_id}#0"]
FILES = EXAMPLES["spec GET /files#0"]
DELETED_FILE = EXAMPLES["spec DELETE /files/{file_id}#0"]
PERMISSIONS = EXAMPLES["spec GET /fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions#0"]
DELETED_PERMISSION = EXAMPLES[
    "spec DELETE /fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions/{permission_id}#0"
]
GRADER_RUN = EXAMPLES["spec POST /fine_tuning/alpha/graders/run#0"]
GRADER_VALID = EXAMPLES["spec POST /fine_tuning/alpha/graders/validate#0"]
METRICS_CSV = b"step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n1,1.5,0.5,,\n2,1.2,0.6,1.3,0.55\n"

#: Values of the wrong type (or shape) put in place of a field; ``_REMOVE`` deletes it.
_REMOVE = object()
WRONG = [None, 0, -1, 2.5, 10**30, "", "x", True, [], [1], ["x"], {}, {"a": 1}, _REMOVE]

CHECKPOINT = "ft:gpt-4o-mini-2024-07-18:org::abc:ckpt-step-10"
STRING_CHECK = {
    "type": "string_check",
    "name": "g",
    "input": "{{sample.output_text}}",
    "reference": "a",
    "operation": "eq",
}

# Every error the client raises on purpose for a bad answer; WaitTimeoutError and
# JobFailedError are what waiting can legitimately end in when the answer says so.
ALLOWED = (ftkit.APIError, ftkit.ValidationError)
ALLOWED_WAITING = (*ALLOWED, ftkit.WaitTimeoutError, ftkit.JobFailedError, ftkit.MetricsFormatError)


class Clock:
    """A virtual clock, so a wait on a job that never finishes ends in milliseconds."""

    def __init__(self) -> None:
        self.t = 1_800_000_000.0

    def now(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


class BadServer(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers each path with a fixed answer (the one under test for ``target``); notes the
    routes asked, and stops a client that keeps asking (``_Runaway``)."""

    def __init__(self, answers: dict[str, httpx.Response | Any], target: str, bad: Callable[[], httpx.Response]):
        self.answers, self.target, self.bad = answers, target, bad
        self.virtual_clock = Clock()
        self.requests = 0
        self.routes: set[str] = set()

    def _good(self, key: str, request: httpx.Request) -> Any:
        return self.answers.get(key)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        if self.requests > 400:
            raise _Runaway(f"{self.requests} requests")
        self.requests += 1
        key = f"{request.method} {_route(request.url.path.removeprefix('/openai').removeprefix('/v1'))}"
        self.routes.add(key)
        if key == self.target:
            return self.bad()
        good = self._good(key, request)
        if good is None:
            return httpx.Response(404, json={"error": {"message": f"no {key}"}})
        if isinstance(good, bytes):
            return httpx.Response(200, content=good, headers={"content-type": "application/octet-stream"})
        return httpx.Response(200, json=good)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        return self._answer(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return self._answer(request)


def _route(path: str) -> str:
    parts = path.strip("/").split("/")
    # Ids become placeholders: /fine_tuning/jobs/ftjob-1/events -> /fine_tuning/jobs/{id}/events
    named = {
        "fine_tuning",
        "jobs",
        "events",
        "checkpoints",
        "files",
        "content",
        "cancel",
        "pause",
        "resume",
        "permissions",
        "alpha",
        "graders",
        "run",
        "validate",
        "models",
        "chat",
        "completions",
        "embeddings",
        "uploads",
        "parts",
        "complete",
        "copy",
    }
    return "/" + "/".join(p if p in named else "{id}" for p in parts)


class _Runaway(Exception):
    """A client that kept sending requests to a server that answers nothing it can use."""


GOOD: dict[str, Any] = {
    "GET /fine_tuning/jobs/{id}": JOB,
    "POST /fine_tuning/jobs": JOB_WITH_METHOD,
    "GET /fine_tuning/jobs": JOBS,
    "POST /fine_tuning/jobs/{id}/cancel": JOB,
    "POST /fine_tuning/jobs/{id}/pause": JOB,
    "POST /fine_tuning/jobs/{id}/resume": JOB,
    "GET /fine_tuning/jobs/{id}/events": EVENTS,
    "GET /fine_tuning/jobs/{id}/checkpoints": CHECKPOINTS,
    "GET /files/{id}": FILE,
    "GET /files": FILES,
    "DELETE /files/{id}": DELETED_FILE,
    "GET /files/{id}/content": METRICS_CSV,
    "GET /fine_tuning/checkpoints/{id}/permissions": PERMISSIONS,
    "POST /fine_tuning/checkpoints/{id}/permissions": PERMISSIONS,
    "DELETE /fine_tuning/checkpoints/{id}/permissions/{id}": DELETED_PERMISSION,
    "POST /fine_tuning/alpha/graders/run": GRADER_RUN,
    "POST /fine_tuning/alpha/graders/validate": GRADER_VALID,
}


def touch(value: Any, depth: int = 0) -> None:
    """Read every field of a result, as a user printing it would."""
    if depth > 12:
        return
    if isinstance(value, Page):
        for item in itertools.islice(value, 50):
            touch(item, depth + 1)
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            touch(item, depth + 1)
        return
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            touch(getattr(value, field.name), depth + 1)
        if hasattr(value, "to_dict"):
            value.to_dict()
        repr(value)


class _Enough(Exception):
    pass


def follow_a_while(client: ftkit.Client) -> list[Any]:
    """Follow a job for a few polls (a job that never finishes would be followed forever)."""
    polls: list[Any] = []

    def on_job(job: Any) -> None:
        polls.append(job)
        if len(polls) > 3:
            raise _Enough

    events: list[Any] = []
    try:
        for event in client.jobs.follow(JOB_ID, poll_interval=20, on_job=on_job):
            events.append(event)
    except _Enough:
        pass
    return events


#: The job the answers hold: a watch takes only the job it asked for.
JOB_ID = JOB["id"]

# name -> (the request it sends, how to run it on a client, whether it waits)
OPERATIONS: dict[str, tuple[str, Callable[[ftkit.Client], Any], bool]] = {
    "jobs.retrieve": ("GET /fine_tuning/jobs/{id}", lambda c: c.jobs.retrieve("ftjob-1"), False),
    "jobs.create": (
        "POST /fine_tuning/jobs",
        lambda c: c.jobs.create(model="gpt-4o-mini", training_file="file-1"),
        False,
    ),
    "jobs.list": ("GET /fine_tuning/jobs", lambda c: c.jobs.list(limit=2), False),
    "jobs.cancel": ("POST /fine_tuning/jobs/{id}/cancel", lambda c: c.jobs.cancel("ftjob-1"), False),
    "jobs.events": ("GET /fine_tuning/jobs/{id}/events", lambda c: c.jobs.events("ftjob-1"), False),
    "jobs.checkpoints": ("GET /fine_tuning/jobs/{id}/checkpoints", lambda c: c.jobs.checkpoints("ftjob-1"), False),
    "jobs.wait": ("GET /fine_tuning/jobs/{id}", lambda c: c.jobs.wait(JOB_ID, timeout=60, poll_interval=20), True),
    "jobs.follow(job)": ("GET /fine_tuning/jobs/{id}", follow_a_while, True),
    "jobs.follow(events)": ("GET /fine_tuning/jobs/{id}/events", follow_a_while, True),
    "jobs.wait_all": (
        "GET /fine_tuning/jobs/{id}",
        lambda c: c.jobs.wait_all([JOB_ID, JOB_ID], timeout=60, poll_interval=20),
        True,
    ),
    "jobs.metrics(job)": ("GET /fine_tuning/jobs/{id}", lambda c: c.jobs.metrics("ftjob-1"), True),
    "files.retrieve": ("GET /files/{id}", lambda c: c.files.retrieve("file-1"), False),
    "files.list": ("GET /files", lambda c: c.files.list(limit=2), False),
    "files.delete": ("DELETE /files/{id}", lambda c: c.files.delete("file-1"), False),
    "permissions.list": (
        "GET /fine_tuning/checkpoints/{id}/permissions",
        lambda c: c.checkpoints.permissions.list(CHECKPOINT),
        False,
    ),
    "permissions.create": (
        "POST /fine_tuning/checkpoints/{id}/permissions",
        lambda c: c.checkpoints.permissions.create(CHECKPOINT, project_ids=["proj_1"]),
        False,
    ),
    "permissions.delete": (
        "DELETE /fine_tuning/checkpoints/{id}/permissions/{id}",
        lambda c: c.checkpoints.permissions.delete(CHECKPOINT, "cp_1"),
        False,
    ),
    "graders.run": (
        "POST /fine_tuning/alpha/graders/run",
        lambda c: c.graders.run(grader=STRING_CHECK, model_sample="a"),
        False,
    ),
    "graders.validate": (
        "POST /fine_tuning/alpha/graders/validate",
        lambda c: c.graders.validate(grader=STRING_CHECK),
        False,
    ),
}


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a JSON value (keys of objects, the first two items of lists)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*prefix, key)
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:2]):
            yield (*prefix, index)
            yield from paths(item, (*prefix, index))


def replaced(body: Any, path: tuple[Any, ...], value: Any) -> Any:
    changed = copy.deepcopy(body)
    place = changed
    for step in path[:-1]:
        place = place[step]
    if value is _REMOVE:
        if isinstance(place, dict):
            del place[path[-1]]
        else:
            place.pop(path[-1])
    else:
        place[path[-1]] = value
    return changed


def _json(body: Any) -> Callable[[], httpx.Response]:
    return lambda: httpx.Response(200, json=body)


def _raw(status: int, content: bytes) -> httpx.Response:
    return httpx.Response(status, content=content, headers={"content-type": "application/json"})


WHOLE_BODIES: dict[str, Callable[[], httpx.Response]] = {
    "null": lambda: httpx.Response(200, content=b"null", headers={"content-type": "application/json"}),
    "list": _json([1, 2]),
    "string": _json("ok"),
    "number": _json(3),
    "empty": lambda: httpx.Response(200, content=b""),
    "html": lambda: httpx.Response(
        200, content=b"<html><body>Bad gateway</body></html>", headers={"content-type": "text/html"}
    ),
    "truncated": lambda: httpx.Response(
        200, content=json.dumps(JOB).encode()[:57], headers={"content-type": "application/json"}
    ),
    "not utf-8": lambda: httpx.Response(
        200, content=b'{"id": "\xff\xfe"}', headers={"content-type": "application/json"}
    ),
    "broken gzip": lambda: httpx.Response(
        200,
        content=b"\x1f\x8b\x08\x00garbage",
        headers={"content-encoding": "gzip", "content-type": "application/json"},
    ),
    "gzip of html": lambda: httpx.Response(
        200, content=gzip.compress(b"<html></html>"), headers={"content-encoding": "gzip", "content-type": "text/html"}
    ),
    "json in text/plain": lambda: httpx.Response(200, content=b"{}", headers={"content-type": "text/plain"}),
    "error status with a list": lambda: httpx.Response(500, json=[{"error": 1}]),
    "error status with nested junk": lambda: httpx.Response(
        400, json={"error": {"message": {"deep": [1]}, "code": [1]}}
    ),
    # Deeper than Python's recursion limit (json.loads fails), and deep enough to parse yet break
    # a copy or a pickle of what was read later.
    "nested 100,000 deep": lambda: _raw(200, b"[" * 100_000 + b"]" * 100_000),
    "a field nested 500 deep": lambda: _raw(
        200, b'{"id": "x", "object": "list", "data": [], "x": ' + b"[" * 500 + b"]" * 500 + b"}"
    ),
    "error status nested 100,000 deep": lambda: _raw(404, b'{"error": ' * 100_000 + b"1" + b"}" * 100_000),
    "server error nested 500 deep": lambda: _raw(500, b"[" * 500 + b"]" * 500),
    "a list without data": _json({"object": "list", "has_more": False}),
    "a list whose data is null": _json({"object": "list", "data": None, "has_more": False}),
}


def cases(operation: str) -> Iterator[tuple[str, Callable[[], httpx.Response]]]:
    target, _, _ = OPERATIONS[operation]
    good = RUNNING_JOB if operation in ("jobs.wait", "jobs.follow(job)", "jobs.wait_all") else GOOD[target]
    if operation == "jobs.metrics(job)":
        good = {**JOB, "result_files": ["file-result"]}
    yield from WHOLE_BODIES.items()
    for path in paths(good):
        for value in WRONG:
            shown = "removed" if value is _REMOVE else repr(value)[:20]
            yield f"{'.'.join(map(str, path))}={shown}", _json(replaced(good, path, value))


def _run(operation: str, client: ftkit.Client) -> None:
    _, run, _ = OPERATIONS[operation]
    touch(run(client))


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_every_malformed_answer_is_an_api_error(operation: str) -> None:
    target, _, waits = OPERATIONS[operation]
    allowed = ALLOWED_WAITING if waits else ALLOWED
    escaped: list[str] = []
    count = 0
    for name, bad in cases(operation):
        server = BadServer(GOOD, target, bad)
        with ftkit.Client(api_key="sk-test", base_url="https://x.test/v1", transport=server, max_retries=0) as client:
            count += 1
            try:
                _run(operation, client)
            except allowed:
                pass
            except Exception as exc:
                escaped.append(f"{name}: {type(exc).__name__}: {exc}"[:300])
    assert count > len(WHOLE_BODIES)
    assert not escaped, f"{len(escaped)} of {count} answers escaped as other exceptions:\n" + "\n".join(escaped[:40])


@pytest.mark.parametrize("name", sorted(WHOLE_BODIES))
async def test_async_client_too(name: str) -> None:
    for operation in ("jobs.retrieve", "jobs.list", "jobs.events", "files.retrieve"):
        target, _, _ = OPERATIONS[operation]
        server = BadServer(GOOD, target, WHOLE_BODIES[name])
        async with ftkit.AsyncClient(
            api_key="sk-test", base_url="https://x.test/v1", transport=server, max_retries=0
        ) as client:
            try:
                if operation == "jobs.retrieve":
                    touch(await client.jobs.retrieve("ftjob-1"))
                elif operation == "jobs.list":
                    touch((await client.jobs.list()).data)
                elif operation == "jobs.events":
                    touch((await client.jobs.events("ftjob-1")).data)
                else:
                    touch(await client.files.retrieve("file-1"))
            except ALLOWED:
                pass
        assert server.requests >= 1


def test_the_good_answers_are_read_without_error() -> None:
    # The harness itself: with nothing broken, every operation succeeds.
    for operation, (target, _, _) in OPERATIONS.items():
        good = GOOD[target] if operation not in ("jobs.wait", "jobs.follow(job)", "jobs.wait_all") else JOB
        server = BadServer(GOOD, target, _json(good))
        with ftkit.Client(api_key="sk-test", base_url="https://x.test/v1", transport=server) as client:
            _run(operation, client)


# -- every method of both clients, every request it sends -----------------------------------------
#
# Each method is first run against a server whose every answer is good, which records the routes
# it sends; then once per route and malformed body, that route alone answering the bad body.

MODEL = "gpt-4o-mini-2024-07-18"
CHAT = EXAMPLES["spec POST /chat/completions#0"]
JUDGE = {
    "type": "score_model",
    "name": "judge",
    "model": "gpt-4o-2024-08-06",
    "range": [0, 1],
    "input": [{"role": "user", "content": "Score {{sample.output_text}} against {{item.reference}}"}],
}

DESTINATION = "/subscriptions/s/resourceGroups/g/providers/Microsoft.CognitiveServices/accounts/other"
COPY = {
    "checkpointedModelName": "ftchkpt-1",
    "fineTuningJobId": "ftjob-1",
    "copiedAccountDetails": [{"destinationResourceId": DESTINATION, "region": "eastus", "status": "Completed"}],
}

#: Good answers of every route some method sends.
GOOD_ALL: dict[str, Any] = {
    # Lists end (a server repeating a page is another test's business).
    **{
        route: {**answer, "has_more": False} if isinstance(answer, dict) and "has_more" in answer else answer
        for route, answer in GOOD.items()
    },
    "GET /fine_tuning/jobs/{id}": JOB,
    "POST /fine_tuning/jobs/{id}/pause": EXAMPLES["spec POST /fine_tuning/jobs/{fine_tuning_job_id}/pause#0"],
    "POST /fine_tuning/jobs/{id}/resume": EXAMPLES["spec POST /fine_tuning/jobs/{fine_tuning_job_id}/resume#0"],
    "POST /files": {**EXAMPLES["spec POST /files#0"], "status": "processed"},
    "GET /models": EXAMPLES["spec GET /models#0"],
    "GET /models/{id}": EXAMPLES["spec GET /models/{model}#0"],
    "DELETE /models/{id}": EXAMPLES["spec DELETE /models/{model}#0"],
    "POST /chat/completions": CHAT,
    "POST /embeddings": EXAMPLES["spec POST /embeddings#0"],
    # Azure's checkpoint copy (its v1 API), done.
    "POST /fine_tuning/jobs/{id}/checkpoints/{id}/copy": COPY,
    "GET /fine_tuning/jobs/{id}/checkpoints/{id}/copy": COPY,
}


class EveryServer(BadServer):
    """``BadServer`` over every route a method may send; a job read is the job asked for."""

    def __init__(self, target: str | None, bad: Callable[[], httpx.Response]) -> None:
        super().__init__(GOOD_ALL, target or "", bad)

    def _good(self, key: str, request: httpx.Request) -> Any:
        good = self.answers.get(key)
        if key == "GET /fine_tuning/jobs/{id}":
            good = {**good, "id": request.url.path.rsplit("/", 1)[-1]}
        return good


@attrs.define
class Material:
    """Local files the methods read: training data, held-out data, a recording to grade."""

    tmp: Path
    training: Path
    held_out: Path
    recording: Path
    runs: itertools.count = attrs.field(factory=itertools.count)

    def fresh(self, name: str) -> Path:
        """A directory no earlier run has written to."""
        return self.tmp / f"{name}-{next(self.runs)}"

    def recording_copy(self) -> Path:
        import shutil

        copy_ = self.fresh("recording")
        shutil.copytree(self.recording, copy_)
        return copy_


@pytest.fixture(scope="module")
def material(tmp_path_factory: pytest.TempPathFactory) -> Material:
    from ftkit.cli._samples import write_eval_samples
    from ftkit.emulator import Emulator

    tmp = tmp_path_factory.mktemp("every-method")
    samples = write_eval_samples(tmp / "data", held_out=3)
    recording = tmp / "recorded"
    emulator = Emulator(clock="manual")
    try:
        with ftkit.Client(api_key="sk-test", transport=emulator.transport()) as client:
            client.evaluation.run(samples.held_out, model=MODEL, out=recording)
    finally:
        emulator.close()
    return Material(tmp, Path(samples.training), Path(samples.held_out), recording)


class _Stopper:
    """An ``on_job`` that stops a follow after a few polls (a job that never ends is followed forever)."""

    def __init__(self) -> None:
        self.polls = 0

    def __call__(self, job: Any) -> None:
        self.polls += 1
        if self.polls > 3:
            raise _Enough


Run = Callable[[Any, Material], Any]

#: Every public method of both clients, written once: the blocking client gives its result, the
#: asyncio client a coroutine, an ``AsyncPager`` or an async iterator (``drain``/``adrain`` read them).
EVERY_METHOD: dict[str, Run] = {
    "jobs.create": lambda c, m: c.jobs.create(model=MODEL, training_file="file-1"),
    "jobs.create_from_files": lambda c, m: c.jobs.create_from_files(model=MODEL, training_file=m.training),
    "jobs.retrieve": lambda c, m: c.jobs.retrieve("ftjob-1"),
    "jobs.list": lambda c, m: c.jobs.list(limit=2),
    "jobs.cancel": lambda c, m: c.jobs.cancel("ftjob-1"),
    "jobs.pause": lambda c, m: c.jobs.pause("ftjob-1"),
    "jobs.resume": lambda c, m: c.jobs.resume("ftjob-1"),
    "jobs.events": lambda c, m: c.jobs.events("ftjob-1"),
    "jobs.checkpoints": lambda c, m: c.jobs.checkpoints("ftjob-1"),
    "jobs.checkpoints.list": lambda c, m: c.jobs.checkpoints.list("ftjob-1"),
    "jobs.list_events": lambda c, m: c.jobs.list_events("ftjob-1"),
    "jobs.wait": lambda c, m: c.jobs.wait("ftjob-1", timeout=60, poll_interval=20),
    "jobs.wait_all": lambda c, m: c.jobs.wait_all(["ftjob-1", "ftjob-2"], timeout=60, poll_interval=20),
    "jobs.follow": lambda c, m: c.jobs.follow("ftjob-1", poll_interval=20, on_job=_Stopper()),
    "jobs.metrics": lambda c, m: c.jobs.metrics("ftjob-1"),
    "jobs.replay": lambda c, m: c.jobs.replay(ftkit.FineTuningJob.from_dict(JOB), training_file=m.training),
    "files.upload": lambda c, m: c.files.upload(m.training),
    "files.create": lambda c, m: c.files.create(m.training),
    "files.retrieve": lambda c, m: c.files.retrieve("file-1"),
    "files.list": lambda c, m: c.files.list(limit=2),
    "files.delete": lambda c, m: c.files.delete("file-1"),
    "files.content": lambda c, m: c.files.content("file-1"),
    "models.list": lambda c, m: c.models.list(),
    "models.retrieve": lambda c, m: c.models.retrieve(MODEL),
    "models.delete": lambda c, m: c.models.delete("ft:gpt-4o-mini-2024-07-18:org::abc"),
    "checkpoints.permissions.list": lambda c, m: c.checkpoints.permissions.list(CHECKPOINT),
    "checkpoints.permissions.retrieve": lambda c, m: c.checkpoints.permissions.retrieve(CHECKPOINT),
    "checkpoints.permissions.create": lambda c, m: c.checkpoints.permissions.create(CHECKPOINT, project_ids=["p"]),
    "checkpoints.permissions.delete": lambda c, m: c.checkpoints.permissions.delete(CHECKPOINT, "cp_1"),
    "graders.run": lambda c, m: c.graders.run(grader=STRING_CHECK, model_sample="a"),
    "graders.validate": lambda c, m: c.graders.validate(grader=STRING_CHECK),
    "graders.grade": lambda c, m: c.graders.grade(JUDGE, sample="a", item={"reference": "b"}),
    "chat.completions.create": lambda c, m: c.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "hi"}]
    ),
    "evaluation.run": lambda c, m: c.evaluation.run(
        m.held_out, model=MODEL, out=m.fresh("run"), grader=JUDGE, max_retries=0
    ),
    "evaluation.grade": lambda c, m: c.evaluation.grade(m.recording_copy(), grader=JUDGE),
    "evaluation.compare": lambda c, m: c.evaluation.compare(m.recording, m.recording, grader=JUDGE),
    "export": lambda c, m: c.export(m.fresh("export")),
    "checkpoints.copies.create": lambda c, m: c.checkpoints.copies.create(
        "ftjob-1", "ftchkpt-1", destination_resource_id=DESTINATION, region="eastus", poll_interval=20
    ),
    "checkpoints.copies.retrieve": lambda c, m: c.checkpoints.copies.retrieve("ftjob-1", "ftchkpt-1"),
}

#: Methods of Azure OpenAI's v1 API only: run on an ``AzureClient`` (``AsyncAzureClient``) without api_version.
AZURE_V1 = {"checkpoints.copies.create", "checkpoints.copies.retrieve"}


def public_methods(client: Any) -> set[str]:
    """The dotted names of every public method of a client's resources (and of a callable resource)."""
    from ftkit._resource import Resource

    found: set[str] = set()

    def walk(obj: Any, prefix: str) -> None:
        if isinstance(obj, Resource):
            if callable(obj):
                found.add(prefix)
            for name in dir(obj):
                value = None if name.startswith("_") else getattr(obj, name)
                if isinstance(value, Resource):
                    walk(value, f"{prefix}.{name}")  # a resource under another (jobs.checkpoints)
                elif callable(value):
                    found.add(f"{prefix}.{name}")
            return
        for name in dir(obj):
            value = getattr(obj, name, None) if not name.startswith("_") else None
            if value is not None and type(value).__module__.startswith("ftkit.") and not callable(value):
                walk(value, f"{prefix}.{name}" if prefix else name)

    for name in dir(client):
        if not name.startswith("_") and name not in ("api", "config", "http_client"):
            value = getattr(client, name)
            if isinstance(value, Resource) or type(value).__module__.startswith("ftkit."):
                walk(value, name)
    return found


def test_the_table_names_every_method_of_both_clients() -> None:
    for cls in (ftkit.Client, ftkit.AsyncClient):
        methods = public_methods(cls(api_key="sk-test", base_url="https://x.test/v1"))
        assert methods == set(EVERY_METHOD), f"{cls.__name__}: add to / remove from EVERY_METHOD"


def drain(result: Any) -> None:
    """Read a blocking client's result completely."""
    if isinstance(result, Iterator):
        for item in itertools.islice(result, 50):
            touch(item)
    else:
        touch(result)


async def adrain(result: Any) -> None:
    """Read an asyncio client's result completely: await it, or iterate it."""
    import inspect

    from ftkit.pagination import AsyncPage

    if hasattr(result, "__aiter__"):
        iterator = result.__aiter__()
        try:
            for _ in range(50):
                try:
                    touch(await iterator.__anext__())
                except StopAsyncIteration:
                    break
        finally:
            if hasattr(iterator, "aclose"):
                await iterator.aclose()
        return
    value = await result if inspect.isawaitable(result) else result
    touch(value.data if isinstance(value, AsyncPage) else value)


def run_method(name: str, side: str, server: EveryServer, material: Material) -> None:
    import asyncio

    run = EVERY_METHOD[name]
    azure = name in AZURE_V1
    settings: dict[str, Any] = (
        {"azure_endpoint": "https://x.test", "api_key": "k"}
        if azure
        else {"api_key": "sk-test", "base_url": "https://x.test/v1"}
    )
    if side == "blocking":
        blocking = ftkit.AzureClient if azure else ftkit.Client
        with blocking(transport=server, max_retries=0, **settings) as client, contextlib.suppress(_Enough):
            drain(run(client, material))
        return

    async def main() -> None:
        async with (ftkit.AsyncAzureClient if azure else ftkit.AsyncClient)(
            transport=server, max_retries=0, **settings
        ) as client:
            with contextlib.suppress(_Enough):
                await adrain(run(client, material))

    asyncio.run(main())


@pytest.mark.parametrize("side", ["blocking", "asyncio"])
@pytest.mark.parametrize("name", sorted(EVERY_METHOD))
def test_every_method_reads_every_malformed_answer_as_an_api_error(name: str, side: str, material: Material) -> None:
    good = EveryServer(None, lambda: httpx.Response(500))
    run_method(name, side, good, material)  # the harness: with nothing broken, the method succeeds
    assert good.routes, "the method sent nothing"
    escaped: list[str] = []
    for route in sorted(good.routes):
        for body, bad in WHOLE_BODIES.items():
            server = EveryServer(route, bad)
            try:
                run_method(name, side, server, material)
            except ALLOWED_WAITING:
                pass
            except Exception as exc:
                escaped.append(f"{route}, {body}: {type(exc).__name__}: {exc}"[:300])
    assert not escaped, f"{len(escaped)} answers escaped as other exceptions:\n" + "\n".join(escaped[:40])


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


def test_the_depth_limit_counts_the_levels_of_any_json_whatever_its_strings_hold() -> None:
    import random

    from ftkit_api.types import MAX_JSON_DEPTH, _nested_deeper, read_json

    rng = random.Random(7)
    tricky = ["[", "]]", "{", "}", '"', "\\", '\\"', "\\\\", '\\\\"', "é", "\u2028"]

    def value(levels: int) -> Any:
        kind = rng.randrange(3) if levels else 2
        if kind == 0:
            return [value(levels - 1) for _ in range(rng.randint(0, 3))]
        if kind == 1:
            return {rng.choice(tricky) + str(i): value(levels - 1) for i in range(rng.randint(0, 3))}
        return rng.choice([*tricky, 1, None, True, 2.5])

    for _ in range(2000):
        sample = value(rng.randint(0, 8))
        text = json.dumps(sample, ensure_ascii=rng.random() < 0.5).encode()
        for limit in range(8):
            assert _nested_deeper(text, limit) == (_depth(sample) > limit), (text, limit)
    at_limit = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert _depth(read_json(at_limit)) == MAX_JSON_DEPTH
    with pytest.raises(ValueError, match=f"nested deeper than {MAX_JSON_DEPTH} levels"):
        read_json("[" + at_limit + "]")
    with pytest.raises(ValueError, match="nested too deeply to read"):
        read_json("[" * 100_000 + "]" * 100_000)
