"""Replay an archived job on another server: the same method, hyperparameters, suffix, seed,
integrations and metadata, from the archived training and validation files; exactly once.

**What carries over** is decided before anything is sent (:func:`replay_request`): the job
request is built from the archived job and checked like any other. A base model the target
lacks is refused by name before anything is uploaded or created (the flow's first request
reads the model on the target); ``model=`` maps it to one the target has.

**Once.** Each file is uploaded under a name that carries its sha256
(``replay-<first 16 hex digits>-<name>``); a rerun that got as far as uploading reuses the file
whose name and size match, so nothing is uploaded twice. On a server that keeps job metadata
(OpenAI) the job carries an idempotency key derived from the archived job's id and the model
(:func:`replay_key`): a rerun finds the job it created on the target and returns it without
uploading anything. Azure OpenAI keeps no job metadata, so there the job is recognised by what
the target itself holds (:func:`earlier_job`): when every file was reused, a job on the target
whose training and validation files are those very files, of the same model, suffix and seed,
is the one an earlier run created, and is returned instead of creating another.

Example::

    archive = ftkit.archive.open("backup/")
    job = archive.job("ftjob-abc")
    new = azure.jobs.replay(job, training_file=archive.file_path(job.training_file),
                            model="gpt-4o-mini-2024-07-18")
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
from ftkit_api.types import UNSET, Unset

from ._calls import call, endpoint
from ._flow import Call, Emit, Flow
from .create import IDEMPOTENCY_METADATA_KEY, FileUploaded, JobRequest, create_flow, job_request, job_with_key
from .errors import NotFoundError, ValidationError
from .pagination import Cursor, next_page
from .uploads import DEFAULT_THRESHOLD, file_upload_flow

if TYPE_CHECKING:
    from ftkit_api.models.fine_tuning_job import FineTuningJob
    from ftkit_api.models.open_ai_file import OpenAIFile

    from ._flow import VirtualClock
    from ._retry import RetryPolicy

# Imported on first use (``_calls.endpoint``): building a client loads no job model.
list_files = endpoint("files.list_files")
list_paginated_fine_tuning_jobs = endpoint("fine_tuning.list_paginated_fine_tuning_jobs")
retrieve_model = endpoint("models.retrieve_model")

__all__ = ["FileReused", "earlier_job", "replay_flow", "replay_key", "replay_request", "sha256_of", "upload_name"]

_CHUNK = 1 << 20


@attrs.frozen
class FileReused:
    """The local file ``path`` was uploaded by an earlier run, as ``file``: not sent again."""

    path: Path
    file: OpenAIFile


def replay_key(job_id: str, model: str) -> str:
    """The idempotency key of replaying job ``job_id`` as a job of ``model``.

    >>> replay_key("ftjob-abc", "gpt-4o-mini-2024-07-18")
    'replay-ftjob-abc-27bebe765c6e794e'
    """
    return f"replay-{job_id}-{hashlib.sha256(model.encode()).hexdigest()[:16]}"


def _value(value: Any) -> Any:
    return None if isinstance(value, Unset) else value


def _suffix(archived: FineTuningJob) -> str | None:
    """The suffix the archived job was created with: ``user_provided_suffix`` (sent by the API,
    not in its description), else the fourth part of its ``ft:BASE:ORG:SUFFIX:ID`` model name."""
    given = archived.additional_properties.get("user_provided_suffix")
    if isinstance(given, str) and given:
        return given
    name = _value(archived.fine_tuned_model)
    parts = name.split(":") if isinstance(name, str) and name.startswith("ft:") else []
    return parts[3] or None if len(parts) >= 5 else None


def replay_request(
    archived: FineTuningJob,
    model: str | None = None,
    *,
    idempotency_key: bool = True,
    training_type: int | str | None = None,
    server: str = "openai",
) -> JobRequest:
    """The checked request of a job like ``archived``, of ``model`` (default: the archived job's);
    ``training_type`` is the target's (Azure OpenAI's), checked by the caller.

    The archived job's own idempotency key is dropped from its metadata; the replay's key
    (:func:`replay_key`) takes its place, unless ``idempotency_key`` is False (a target that
    keeps no job metadata, such as Azure OpenAI).

    >>> request = replay_request(archive.job(job.id), model="gpt-4o-mini-2024-07-18")
    >>> request.model, request.key  # doctest: +ELLIPSIS
    ('gpt-4o-mini-2024-07-18', 'replay-ftjob-...')
    """
    from ftkit_api.models.fine_tuning_job import FineTuningJob

    if not isinstance(archived, FineTuningJob):
        raise ValidationError("archived_job", archived, "a FineTuningJob (ftkit.archive.open(DIR).job(JOB_ID))")
    job_id = archived.id
    if not isinstance(job_id, str) or not job_id:
        raise ValidationError("archived_job", archived, "a job with an id")
    target = model if model is not None else _value(archived.model)
    if not isinstance(target, str) or not target:
        raise ValidationError("model", model, "the base model to train on the target (the archived job names none)")
    if model is None and (target.startswith("ft:") or ".ft-" in target):
        # A job that continued a fine-tuned model: that model lives on the source server only.
        raise ValidationError(
            "model",
            target,
            "a base model the target has (this fine-tuned model is the source server's; map it"
            " with model=..., --model NAME)",
        )
    method = _value(archived.method)
    hyperparameters = None
    given = _value(archived.hyperparameters)
    if method is None and given is not None:
        hyperparameters = given.to_dict()
    metadata_model = _value(archived.metadata)
    metadata: dict[str, str] = {}
    if metadata_model is not None:
        metadata = {k: v for k, v in metadata_model.additional_properties.items() if k != IDEMPOTENCY_METADATA_KEY}
    integrations = _value(archived.integrations)
    return job_request(
        model=target,
        method=None if method is None else method.to_dict(),
        hyperparameters=hyperparameters,
        suffix=_suffix(archived),
        seed=_value(archived.seed),
        metadata=metadata,
        integrations=None if not integrations else [i.to_dict() for i in integrations],
        idempotency_key=replay_key(job_id, target) if idempotency_key else False,
        training_type=training_type,
        server=server,
    )


def sha256_of(path: Path) -> str:
    """The sha256 of a file's content, read a MiB at a time (hex).

    >>> sha256_of(Path(__file__)) == hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    True
    """
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def upload_name(path: Path, sha256: str) -> str:
    """The name a replayed file is uploaded under: its content hash, then its own name.

    >>> upload_name(Path("train.jsonl"), "ab" * 32)
    'replay-abababababababab-train.jsonl'
    """
    return f"replay-{sha256[:16]}-{path.name}"


class _Named(io.BufferedReader):
    """A file opened for upload under another name (the multipart filename)."""

    def __init__(self, path: Path, name: str) -> None:
        super().__init__(io.FileIO(path, "rb"))
        self._shown = name

    @property
    def name(self) -> str:
        return self._shown


def _newest_first() -> Any:
    """The generated enum member for a newest-first listing, imported on first use."""
    from ftkit_api.models.list_files_order import ListFilesOrder

    return ListFilesOrder.DESC


def _existing(data: list[Any], name: str, size: int) -> OpenAIFile | None:
    for found in data:
        if found.filename == name and found.bytes_ == size and str(_value(found.status) or "") != "error":
            file: OpenAIFile = found
            return file
    return None


def _uploaded(
    path: Path, policy: RetryPolicy, clock: VirtualClock | None, threshold: int | None = DEFAULT_THRESHOLD
) -> Flow[tuple[OpenAIFile, bool]]:
    """The file on the target with this content: found by name and size, else uploaded now
    (as ``files.upload`` does: an Upload in parts above 100 MiB, never a second copy)."""
    name = upload_name(path, sha256_of(path))
    size = path.stat().st_size
    cursor = Cursor()

    def page_after(after: str | None) -> Call:
        cursor_after = UNSET if after is None else after
        return call(list_files, purpose="fine-tune", limit=10_000, order=_newest_first(), after=cursor_after)

    while (data := (yield from next_page(page_after, cursor))) is not None:
        found = _existing(data, name, size)
        if found is not None:
            return found, False
    stream = _Named(path, name)
    try:
        uploaded: OpenAIFile = yield from file_upload_flow(
            stream, "fine-tune", policy=policy, clock=clock, threshold=threshold
        )
    finally:
        stream.close()
    return uploaded, True


def _local(value: str | os.PathLike[str] | None, argument: str) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, (str, os.PathLike)) or not Path(value).is_file():
        raise ValidationError(argument, value, "the path of the archived file's content (archive.file_path(...))")
    return Path(value)


def replay_flow(
    request: JobRequest,
    training_file: str | os.PathLike[str],
    validation_file: str | os.PathLike[str] | None,
    *,
    policy: RetryPolicy,
    clock: VirtualClock | None = None,
    azure: bool = False,
    upload_threshold: int | None = DEFAULT_THRESHOLD,
) -> Flow[FineTuningJob]:
    """The flow of ``jobs.replay``: check the model on the target, find the job an earlier run
    created, else upload the files (once) and create the job (once). Emits ``FileUploaded`` or
    :class:`FileReused` per file. ``policy`` is the client's ``RetryPolicy``; ``azure``: the
    target is Azure OpenAI (messages worded for it).

    >>> from ftkit._flow import SyncDriver
    >>> from ftkit._retry import RetryPolicy
    >>> request = replay_request(job)
    >>> first = SyncDriver(executor).run(replay_flow(request, "train.jsonl", None, policy=RetryPolicy()))
    >>> SyncDriver(executor).run(replay_flow(request, "train.jsonl", None, policy=RetryPolicy())).id == first.id
    True
    """
    training = _local(training_file, "training_file")
    validation = _local(validation_file, "validation_file")
    assert training is not None
    return _replay(request, training, validation, policy, clock, azure, upload_threshold)


def _extra(job: FineTuningJob, name: str) -> Any:
    return job.additional_properties.get(name)


def _same_job(job: FineTuningJob, request: JobRequest, training_id: str, validation_id: str | None) -> bool:
    """Whether ``job`` is a job ``request`` would create from these files."""
    if job.training_file != training_id or (_value(job.validation_file) or None) != validation_id:
        return False
    if job.model != request.model:
        return False
    # Azure's job names its suffix `suffix`; OpenAI's sends `user_provided_suffix`.
    suffix = _extra(job, "suffix") or _extra(job, "user_provided_suffix") or None
    if suffix != request.suffix:
        return False
    return request.seed is None or _value(job.seed) == request.seed


def earlier_job(request: JobRequest, training_id: str, validation_id: str | None) -> Flow[FineTuningJob | None]:
    """The job an earlier replay created on the target, found without metadata: the newest job
    whose training and validation files are ``training_id`` and ``validation_id`` (files found
    on the target by content hash, so only a replay of the same content uses them), of the same
    model, suffix and seed. None when there is none. Reads every page of the jobs list.

    >>> from ftkit._flow import SyncDriver
    >>> found = SyncDriver(executor).run(earlier_job(replay_request(job), job.training_file, None))
    >>> found.id == job.id
    True
    """
    cursor = Cursor()

    def page_after(after: str | None) -> Call:
        return call(list_paginated_fine_tuning_jobs, limit=100, after=UNSET if after is None else after)

    while (data := (yield from next_page(page_after, cursor))) is not None:
        for job in data:
            if _same_job(job, request, training_id, validation_id):
                found: FineTuningJob = job
                return found
    return None


def _replay(
    request: JobRequest,
    training: Path,
    validation: Path | None,
    policy: RetryPolicy,
    clock: VirtualClock | None,
    azure: bool,
    threshold: int | None = DEFAULT_THRESHOLD,
) -> Flow[FineTuningJob]:
    try:
        yield call(retrieve_model, request.model)
    except NotFoundError:
        raise ValidationError(
            "model", request.model, "a base model the target server has (map it with model=..., --model NAME)"
        ) from None
    key = request.key
    if key is not None:
        existing = yield from job_with_key(key)
        if existing is not None:
            return existing
    ids: list[str | None] = []
    reused = True
    for path in (training, validation):
        if path is None:
            ids.append(None)
            continue
        file, new = yield from _uploaded(path, policy, clock, threshold)
        yield Emit(FileUploaded(path, file) if new else FileReused(path, file))
        ids.append(file.id)
        reused = reused and not new
    training_id = ids[0]
    assert training_id is not None
    if key is None and reused:
        # No metadata to find the job by (Azure OpenAI): files uploaded by an earlier run may
        # already be in a job it created.
        earlier = yield from earlier_job(request, training_id, ids[1])
        if earlier is not None:
            return earlier
    return (yield from create_flow(request.body(training_id, ids[1]), key, policy, clock=clock, azure=azure))
