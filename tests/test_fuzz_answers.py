"""Malformed answers: whatever a server sends back, the client raises an ``ftkit.APIError``
(or, for a bad argument, a ``ValidationError``), never a bare ``TypeError``/``KeyError``.

The server here is an httpx transport that answers every request of an operation with a
valid example answer (the spec's) in which one field at a time is replaced by a value of
a wrong type, removed, or the whole body is broken (truncated JSON, HTML, not an object,
a broken gzip stream). Each operation's result is then read completely (every field of
every model, every page), since models convert their fields when first read.
"""

from __future__ import annotations

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
    """Answers each path with a fixed answer (the one under test for ``target``)."""

    def __init__(self, answers: dict[str, httpx.Response | Any], target: str, bad: Callable[[], httpx.Response]):
        self.answers, self.target, self.bad = answers, target, bad
        self.virtual_clock = Clock()
        self.requests = 0

    def _answer(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        path = request.url.path.removeprefix("/v1")
        key = f"{request.method} {_route(path)}"
        if key == self.target:
            return self.bad()
        good = self.answers.get(key)
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
    }
    return "/" + "/".join(p if p in named else "{id}" for p in parts)


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
