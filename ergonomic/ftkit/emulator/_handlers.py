"""One handler per endpoint, speaking the API's JSON, and the routing table that names them.

A handler gets the :class:`~ftkit.emulator._state.State` and the :class:`Request`, and returns a
JSON-able value or a :class:`Response`; it raises :class:`EmulatorError` for the API's errors.
Slow work (reading a body, checking a file, planning a job, running a grader) happens outside
``state.current()``; only what reads or changes stored objects is inside it.

New endpoints (models, uploads, ...) go in a module of their own and in :data:`ROUTES`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._chat import create_chat_completion, create_embedding
from ._curves import LossCurve, RewardCurve, ScriptedCurve
from ._errors import EmulatorError, bad_request, not_found, too_large
from ._graders import check_grader, run_grader, validate_grader
from ._http import MAX_FIELD_BYTES, Body, FileSink, Response, parse_json_object, read_multipart
from ._jobs import Job, JobScript, Plan, Timings, natural_duration, scripted_error, steps_per_epoch
from ._models import delete_model, list_models, retrieve_model
from ._pages import Query, cut, list_body, page, query_choice, query_limit
from ._request_checks import JobRequest, check_job_request, expect_object, expect_string, is_int, reject_unknown
from ._rewards import describe, simulate
from ._routes import JSON_BODY_LIMIT, Route
from ._state import State, StoredFile
from ._store import StoreSink
from ._training import FileCheck, FileProblem, check_file, learning_rate_factor, resolve_hyperparameters
from ._uploads import add_part, cancel_upload, complete_upload, create_upload, part_limit

FILE_PURPOSES = ("assistants", "batch", "fine-tune", "vision", "user_data", "evals")
BATCH_EXPIRY = 30 * 24 * 3600  # batch files expire after 30 days unless told otherwise
#: Documented (the spec's createFile): "Individual files can be up to 512 MB".
MAX_FILE_BYTES = 512 * 1024 * 1024

# Aliases resolve to the snapshot the API reports in `model`.
MODEL_ALIASES = {
    "gpt-4o-mini": "gpt-4o-mini-2024-07-18",
    "gpt-4o": "gpt-4o-2024-08-06",
    "gpt-4.1": "gpt-4.1-2025-04-14",
    "gpt-4.1-mini": "gpt-4.1-mini-2025-04-14",
    "gpt-4.1-nano": "gpt-4.1-nano-2025-04-14",
    "gpt-3.5-turbo": "gpt-3.5-turbo-0125",
    "o4-mini": "o4-mini-2025-04-16",
    "davinci-002": "davinci-002",
    "babbage-002": "babbage-002",
}
MODEL_SNAPSHOTS = {*MODEL_ALIASES.values(), "gpt-3.5-turbo-1106", "gpt-3.5-turbo-0613", "gpt-4o-2024-05-13"}


@dataclass
class Request:
    """One request as a handler sees it: the matched endpoint, path parameters, query, headers, body."""

    method: str
    path: str
    endpoint: str
    params: dict[str, str]
    query: Query
    headers: dict[str, str]
    body: Body
    max_file_size: int | None = MAX_FILE_BYTES

    @property
    def content_type(self) -> str:
        """The body's content type, as sent."""
        return self.headers.get("content-type", "")

    def json(self) -> dict[str, Any]:
        """The body as a JSON object (a 400 otherwise, a 413 past the JSON size limit)."""
        return parse_json_object(self.body.read(limit=JSON_BODY_LIMIT))


Handler = Callable[[State, Request], Any]


# -- files ----------------------------------------------------------------------------------------


def _file(state: State, file_id: str) -> StoredFile:
    stored = state.files.get(file_id)
    if stored is None or not stored.live(state.now):
        raise not_found(f"No such File object: {file_id}", "id")
    return stored


def list_files(state: State, request: Request) -> Any:
    limit = query_limit(request.query, 10_000, 10_000)
    order = query_choice(request.query, "order", ("asc", "desc"), "desc")
    purpose = request.query.get("purpose")
    with state.current():
        ids = state.file_ids(request.query.get("after"), newest_first=order == "desc")
        files = (state.files.get(i) for i in ids)
        wanted = (f for f in files if f is not None and f.live(state.now) and purpose in (None, f.purpose))
        chosen, has_more = cut(wanted, limit)
        return list_body([f.to_json() for f in chosen], has_more, with_ids=True)


class _LimitedSink(FileSink):
    """An upload going to the store, refused with a 413 once it passes the emulator's size limit."""

    def __init__(self, inner: StoreSink, limit: int | None) -> None:
        self.inner = inner
        self.handle = inner.handle
        self.limit = limit
        self.size = 0

    def write(self, data: bytes) -> None:
        self.size += len(data)
        if self.limit is not None and self.size > self.limit:
            raise too_large(None, self.limit, "The file")
        self.inner.write(data)

    def finish(self) -> None:
        self.inner.finish()

    def discard(self) -> None:
        self.inner.discard()


def create_file(state: State, request: Request) -> Any:
    sinks: list[_LimitedSink] = []

    def open_file(name: str, filename: str, content_type: str) -> FileSink:
        sink = _LimitedSink(state.store.sink(), request.max_file_size)
        sinks.append(sink)
        return sink

    form = read_multipart(request.content_type, request.body.chunks(), open_file)
    kept: str | None = None
    try:
        known = {"file", "purpose", "expires_after", "expires_after[anchor]", "expires_after[seconds]"}
        reject_unknown({**form.fields, **form.files}, known)
        uploads = form.files.get("file")
        if not uploads:
            raise bad_request("Missing required parameter: 'file'.", "file")
        purposes = form.fields.get("purpose")
        if not purposes:
            raise bad_request("Missing required parameter: 'purpose'.", "purpose")
        purpose = purposes[-1]
        if purpose not in FILE_PURPOSES:
            raise bad_request(
                f"Invalid value for 'purpose': {purpose!r}. Expected one of {', '.join(FILE_PURPOSES)}.", "purpose"
            )
        upload = uploads[-1]
        if purpose == "fine-tune" and not upload.filename.lower().endswith(".jsonl"):
            raise bad_request(
                f"Invalid file format for Fine-Tuning API. Must be .jsonl (got {upload.filename!r}).", "file"
            )
        lifetime = _expiry_seconds(form.fields)
        if lifetime is None and purpose == "batch":
            lifetime = BATCH_EXPIRY
        kept = str(upload.stored)
        with state.current():
            stored = StoredFile(state.new_id("file-", 22), upload.filename, purpose, upload.size, state.now, path=kept)
            if lifetime is not None:
                stored.expires_at = int(state.now) + lifetime
            state.keep_file(stored)
            return stored.to_json()
    finally:
        for sink in sinks:
            if sink.handle != kept:
                state.store.remove(str(sink.handle))


def retrieve_file(state: State, request: Request) -> Any:
    with state.current():
        return _file(state, request.params["file_id"]).to_json()


def delete_file(state: State, request: Request) -> Any:
    with state.current():
        stored = _file(state, request.params["file_id"])
        state.drop_file(stored)
        return {"id": stored.id, "object": "file", "deleted": True}


def download_file(state: State, request: Request) -> Any:
    with state.current():
        stored = _file(state, request.params["file_id"])
    # Outside the lock: a result file is made from its job's curve as it is sent.
    return stored.response()


def _expiry_seconds(fields: dict[str, list[str]]) -> int | None:
    if "expires_after" in fields:
        try:
            policy = json.loads(fields["expires_after"][-1])
        except (ValueError, RecursionError) as exc:
            raise bad_request("Invalid 'expires_after': expected a JSON object.", "expires_after") from exc
        policy = expect_object(policy, "expires_after")
    elif "expires_after[anchor]" in fields or "expires_after[seconds]" in fields:
        policy = {k[len("expires_after[") : -1]: v[-1] for k, v in fields.items() if k.startswith("expires_after[")}
    else:
        return None
    if policy.get("anchor") != "created_at":
        raise bad_request("Invalid 'expires_after.anchor': the only supported anchor is 'created_at'.", "expires_after")
    seconds = policy.get("seconds")
    if isinstance(seconds, str) and seconds.strip().isdigit() and len(seconds) < 12:
        seconds = int(seconds)
    if not is_int(seconds) or not 3600 <= seconds <= 2_592_000:
        raise bad_request(
            "Invalid 'expires_after.seconds': expected an integer between 3600 and 2592000.", "expires_after"
        )
    return int(seconds)


# -- jobs -----------------------------------------------------------------------------------------


def _job(state: State, job_id: str) -> Job:
    job = state.jobs.get(job_id)
    if job is None:
        raise not_found(f"Fine-tuning job {job_id} not found.", "fine_tuning_job_id")
    return job


def _fine_tune_file(state: State, file_id: str, param: str) -> StoredFile:
    stored = state.files.get(file_id)
    if stored is None or not stored.live(state.now):
        raise bad_request(f"invalid {param}: {file_id}. No such file.", param)
    if stored.purpose != "fine-tune":
        raise bad_request(
            f"invalid {param}: {file_id} has purpose {stored.purpose!r}; "
            "files for fine-tuning must be uploaded with purpose 'fine-tune'.",
            param,
        )
    return stored


def _resolve_model(state: State, name: str, method: str) -> str:
    family = MODEL_ALIASES.get(name, name)
    base = state.fine_tuned(name)
    if name.startswith("ft:") or base is not None:
        # Fine-tuning a fine-tuned model continues from it; its family is that of its base.
        if base is None:
            raise bad_request(f"Model {name} is not available for fine-tuning or does not exist.", "model")
        family, resolved = base.model, name
    elif family in MODEL_SNAPSHOTS or family in state.flavor.extra_models:
        resolved = family
    else:
        raise bad_request(
            f"Model {name} is not available for fine-tuning or does not exist.", "model", "model_not_available"
        )
    reasoning = family.startswith("o")
    if method == "reinforcement" and not reasoning:
        raise bad_request(
            f"Model {resolved} does not support reinforcement fine-tuning; use a reasoning model such as o4-mini.",
            "model",
            "invalid_model_for_method",
        )
    if method != "reinforcement" and reasoning:
        raise bad_request(
            f"Model {resolved} only supports reinforcement fine-tuning, not {method}.",
            "model",
            "invalid_model_for_method",
        )
    if method == "dpo" and not family.startswith(("gpt-4o", "gpt-4.1")):
        raise bad_request(
            f"Model {resolved} does not support the dpo method; use a gpt-4o or gpt-4.1 model.",
            "model",
            "invalid_model_for_method",
        )
    return resolved


def _check(state: State, stored: StoredFile, job: JobRequest, role: str) -> FileCheck:
    grader = job.grader if job.method == "reinforcement" else None
    key = (stored.id, job.method, role, None if grader is None else json.dumps(grader, sort_keys=True))
    found = state.cached_check(key)
    if found is None:
        if stored.path is None:
            return FileCheck(
                FileProblem(f"invalid_{role}_file", f"The job failed due to an invalid {role} file.", None)
            )
        found = check_file(stored.path, stored.id, job.method, role=role, grader=grader, seed=state.seed)
        state.remember_check(key, found)
    return found


def _error(problem: FileProblem, param: str) -> dict[str, Any]:
    return {"code": problem.code, "message": problem.message, "param": param}


@dataclass
class _Outcome:
    outcome: Plan | dict[str, Any]
    timings: Timings
    fail_at_step: int | None = None
    failure: dict[str, Any] | None = None


def _plan(
    request: JobRequest,
    training: FileCheck,
    validation: FileCheck | None,
    script: JobScript | None,
    seed: str,
    timings: Timings,
) -> _Outcome:
    """Everything the job will do, decided now: the failure its files (or a script) cause, or its training."""
    examples = training.examples
    scripted_failure = script is not None and script.error is not None
    if scripted_failure and script is not None and script.fail_at_step is None:
        outcome: Plan | dict[str, Any] = scripted_error(script, examples)
    elif training.problem is not None:
        outcome = _error(training.problem, "training_file")
    elif validation is not None and validation.problem is not None:
        outcome = _error(validation.problem, "validation_file")
    else:
        method = request.method
        hyperparameters = resolve_hyperparameters(request.hyperparameters, method, examples)
        per_epoch = steps_per_epoch(examples, hyperparameters["batch_size"])
        total = per_epoch * hyperparameters["n_epochs"]
        notes: tuple[str, ...] = ()
        if script is not None and script.metrics is not None:
            curve: LossCurve | RewardCurve | ScriptedCurve = ScriptedCurve(script.metrics, per_epoch)
        elif method == "reinforcement" and request.grader is not None:
            rows = simulate(
                request.grader,
                training.items,
                validation.items if validation is not None else (),
                total_steps=total,
                batch_size=hyperparameters["batch_size"],
                eval_interval=hyperparameters["eval_interval"],
                seed=seed,
            )
            curve = RewardCurve(rows, per_epoch)
            notes = (describe(request.grader),)
        else:
            factor = learning_rate_factor(hyperparameters, method)
            curve = LossCurve(seed, total, per_epoch, factor, validation is not None)
        outcome = Plan(hyperparameters, curve, training.tokens * hyperparameters["n_epochs"], notes)
    fail_at = script.fail_at_step if scripted_failure and script is not None else None
    failure = scripted_error(script, examples) if fail_at is not None and script is not None else None
    if script is not None and script.duration is not None:
        steps = outcome.total_steps if isinstance(outcome, Plan) else 0
        natural = natural_duration(timings, steps, fail_at, not isinstance(outcome, Plan))
        timings = timings.scaled(script.duration / natural)
    return _Outcome(outcome, timings, fail_at, failure)


def create_job(state: State, request: Request) -> Any:
    job_request = check_job_request(request.json(), check_grader)
    with state.current():
        model = _resolve_model(state, job_request.model, job_request.method)
        training = _fine_tune_file(state, job_request.training_file, "training_file")
        validation = (
            _fine_tune_file(state, job_request.validation_file, "validation_file")
            if job_request.validation_file
            else None
        )
        script = state.scripts[0] if state.scripts else None
        job_id = state.new_id("ftjob-")
        seed = job_request.seed if job_request.seed is not None else state.draw_seed()
    # Outside the lock: checking a large file or simulating a reinforcement run must not hold
    # other clients up, and nothing is stored until it has all worked.
    training_check = _check(state, training, job_request, "training")
    validation_check = _check(state, validation, job_request, "validation") if validation is not None else None
    decided = _plan(job_request, training_check, validation_check, script, f"{state.seed}:{seed}", state.timings)
    with state.current():
        if script is not None and state.scripts and state.scripts[0] is script:
            state.scripts.popleft()
            script.job_id = job_id
        job = Job(
            id=job_id,
            request=job_request,
            model=model,
            seed=seed,
            created_at=state.now,
            host=state,
            timings=decided.timings,
            outcome=decided.outcome,
            fail_at_step=decided.fail_at_step,
            failure=decided.failure,
        )
        state.keep_job(job)
        return job.to_json()


def list_jobs(state: State, request: Request) -> Any:
    limit = query_limit(request.query, 20)
    wanted: dict[str, str] = {}
    no_metadata = False
    for key, value in request.query.items():
        if key == "metadata":
            # An empty value is how an empty filter object serializes: no filter at all.
            if value not in ("null", ""):
                raise bad_request("Invalid 'metadata': use metadata[key]=value, or metadata=null.", "metadata")
            no_metadata = value == "null"
        elif key.startswith("metadata[") and key.endswith("]"):
            name = key[len("metadata[") : -1]
            if not name or "[" in name or "]" in name:
                raise bad_request(f"Invalid metadata filter {key!r}: use metadata[key]=value.", "metadata")
            wanted[name] = value

    def matches(job: Job) -> bool:
        metadata = job.request.metadata or {}
        if no_metadata and metadata:
            return False
        return all(metadata.get(k) == v for k, v in wanted.items())

    with state.current():
        jobs = state.jobs_newest_first(request.query.get("after"))
        chosen, has_more = cut((j for j in jobs if matches(j)) if (wanted or no_metadata) else jobs, limit)
        return list_body([j.to_json() for j in chosen], has_more, with_ids=False)


def retrieve_job(state: State, request: Request) -> Any:
    with state.current():
        return _job(state, request.params["fine_tuning_job_id"]).to_json()


def _transition(state: State, request: Request, action: Callable[[Job, float], None]) -> Any:
    with state.current():
        job = _job(state, request.params["fine_tuning_job_id"])
        action(job, state.now)
        state.schedule(job)
        return job.to_json()


def cancel_job(state: State, request: Request) -> Any:
    return _transition(state, request, Job.cancel)


def pause_job(state: State, request: Request) -> Any:
    return _transition(state, request, Job.pause)


def resume_job(state: State, request: Request) -> Any:
    return _transition(state, request, Job.resume)


def list_events(state: State, request: Request) -> Any:
    limit = query_limit(request.query, 20)
    after = request.query.get("after")
    with state.current():
        job = _job(state, request.params["fine_tuning_job_id"])
        events, index = state.events_of(job)
        if after is None:
            start = len(events) - 1
        elif after in index:
            start = index[after] - 1
        else:
            return list_body([], False, with_ids=False)
        chosen, has_more = cut((events[i] for i in range(start, -1, -1)), limit)
        return list_body([e.to_json() for e in chosen], has_more, with_ids=False)


def list_checkpoints(state: State, request: Request) -> Any:
    limit = query_limit(request.query, 10)
    with state.current():
        job = _job(state, request.params["fine_tuning_job_id"])
        data, has_more = page(list(reversed(state.checkpoints_of(job))), request.query.get("after"), limit)
        return list_body(data, has_more, with_ids=True)


# -- checkpoint permissions -----------------------------------------------------------------------


def _permissions(state: State, name: str) -> list[dict[str, Any]]:
    if state.fine_tuned(name) is None and state.checkpoint_job(name) is None:
        raise not_found(f"Fine-tuned model checkpoint {name} not found.", "fine_tuned_model_checkpoint")
    return state.permissions.setdefault(name, [])


def list_permissions(state: State, request: Request) -> Any:
    limit = query_limit(request.query, 10)
    order = query_choice(request.query, "order", ("ascending", "descending"), "descending")
    project = request.query.get("project_id")
    with state.current():
        permissions = _permissions(state, request.params["fine_tuned_model_checkpoint"])
        items = [p for p in permissions if project is None or p["project_id"] == project]
        if order == "descending":
            items.reverse()
        data, has_more = page(items, request.query.get("after"), limit)
        return list_body(data, has_more, with_ids=True)


def create_permissions(state: State, request: Request) -> Any:
    body = request.json()
    reject_unknown(body, ("project_ids",))
    projects = body.get("project_ids")
    if not isinstance(projects, list) or not projects:
        raise bad_request("Invalid 'project_ids': expected a non-empty array of project ids.", "project_ids")
    for i, project in enumerate(projects):
        expect_string(project, f"project_ids[{i}]", min_length=1)
    with state.current():
        permissions = _permissions(state, request.params["fine_tuned_model_checkpoint"])
        existing = {p["project_id"] for p in permissions}
        for project in projects:
            if project in existing:
                raise bad_request(f"A permission for project {project} already exists.", "project_ids")
        created = []
        for project in dict.fromkeys(projects):
            permission = {
                "object": "checkpoint.permission",
                "id": state.new_id("cp_"),
                "created_at": int(state.now),
                "project_id": project,
            }
            permissions.append(permission)
            created.append(permission)
        return list_body(created, False, with_ids=True)


def delete_permission(state: State, request: Request) -> Any:
    wanted = request.params["permission_id"]
    with state.current():
        permissions = _permissions(state, request.params["fine_tuned_model_checkpoint"])
        for permission in permissions:
            if permission["id"] == wanted:
                permissions.remove(permission)
                return {"object": "checkpoint.permission", "id": wanted, "deleted": True}
    raise not_found(f"Checkpoint permission {wanted} not found.", "permission_id")


def _upload_limit(max_file_size: int | None) -> int:
    # The multipart framing around the file takes a little more than the file itself.
    return (max_file_size if max_file_size is not None else 1 << 62) + MAX_FIELD_BYTES * 4


#: Every endpoint of the trimmed spec, in the spec's order.
ROUTES: list[Route] = [
    Route("POST", "/chat/completions", create_chat_completion),
    Route("POST", "/embeddings", create_embedding),
    Route("GET", "/files", list_files),
    Route("POST", "/files", create_file, _upload_limit),
    Route("GET", "/files/{file_id}", retrieve_file),
    Route("DELETE", "/files/{file_id}", delete_file),
    Route("GET", "/files/{file_id}/content", download_file),
    Route("POST", "/fine_tuning/alpha/graders/run", run_grader),
    Route("POST", "/fine_tuning/alpha/graders/validate", validate_grader),
    Route("GET", "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions", list_permissions),
    Route("POST", "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions", create_permissions),
    Route(
        "DELETE",
        "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions/{permission_id}",
        delete_permission,
    ),
    Route("POST", "/fine_tuning/jobs", create_job),
    Route("GET", "/fine_tuning/jobs", list_jobs),
    Route("GET", "/fine_tuning/jobs/{fine_tuning_job_id}", retrieve_job),
    Route("POST", "/fine_tuning/jobs/{fine_tuning_job_id}/cancel", cancel_job),
    Route("GET", "/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints", list_checkpoints),
    Route("GET", "/fine_tuning/jobs/{fine_tuning_job_id}/events", list_events),
    Route("POST", "/fine_tuning/jobs/{fine_tuning_job_id}/pause", pause_job),
    Route("POST", "/fine_tuning/jobs/{fine_tuning_job_id}/resume", resume_job),
    Route("GET", "/models", list_models),
    Route("GET", "/models/{model}", retrieve_model),
    Route("DELETE", "/models/{model}", delete_model),
    Route("POST", "/uploads", create_upload),
    Route("POST", "/uploads/{upload_id}/parts", add_part, part_limit),
    Route("POST", "/uploads/{upload_id}/complete", complete_upload),
    Route("POST", "/uploads/{upload_id}/cancel", cancel_upload),
]

#: Endpoint names as fault injection and the request log spell them, e.g. ``"POST /fine_tuning/jobs"``.
ENDPOINTS = tuple(route.endpoint for route in ROUTES)

__all__ = ["ENDPOINTS", "ROUTES", "EmulatorError", "Handler", "Request", "Response", "State"]
