"""Fine-tuning jobs: create (never twice, or from local files in one call), retrieve, list,
cancel, pause, resume, events, checkpoints; follow, wait, metrics.

The methods check their arguments and hand a call or a flow to the resource base; the
flows themselves live in ``create`` (creating), ``watch`` (following and waiting) and
``metrics``.

Example::

    job = client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=uploaded.id,
                             method=ftkit.Method.supervised(n_epochs=3))
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ftkit_api.types import UNSET

from . import _checks
from ._calls import call, endpoint
from ._flow import Call, Flow
from ._resource import (
    AsyncResource,
    Listing,
    Plan,
    Resource,
    Stream,
    SyncResource,
    Wiring,
    items,
    pages,
    part,
    result,
    run,
    run_all,
    send,
)
from .errors import ValidationError

# The flows (create, watch, metrics, replay, uploads) are imported by the methods that run them,
# not with the client: a program that reads a job loads none of them (start-up time).
if TYPE_CHECKING:
    from ftkit_api.models.fine_tuning_job import FineTuningJob
    from ftkit_api.models.fine_tuning_job_checkpoint import FineTuningJobCheckpoint
    from ftkit_api.models.fine_tuning_job_event import FineTuningJobEvent
    from typing_extensions import Unpack

    from ._executor import ExtraOptions, RequestOptions
    from .create import IDEMPOTENCY_METADATA_KEY as IDEMPOTENCY_METADATA_KEY
    from .create import JobRequest, Step
    from .metrics import MetricRow
    from .watch import Poller


__all__ = [
    "IDEMPOTENCY_METADATA_KEY",
    "TRAINING_TYPES",
    "AsyncJobCheckpoints",
    "AsyncJobs",
    "JobCheckpoints",
    "Jobs",
    "check_training_type",
]


def __getattr__(name: str) -> Any:
    # ``from ftkit.jobs import IDEMPOTENCY_METADATA_KEY``: create's, loaded when asked for.
    if name == "IDEMPOTENCY_METADATA_KEY":
        from .create import IDEMPOTENCY_METADATA_KEY

        return IDEMPOTENCY_METADATA_KEY
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Imported on first use, not with the client (start-up time): see _calls.endpoint.
cancel_fine_tuning_job = endpoint("fine_tuning.cancel_fine_tuning_job")
list_fine_tuning_events = endpoint("fine_tuning.list_fine_tuning_events")
list_fine_tuning_job_checkpoints = endpoint("fine_tuning.list_fine_tuning_job_checkpoints")
list_paginated_fine_tuning_jobs = endpoint("fine_tuning.list_paginated_fine_tuning_jobs")
pause_fine_tuning_job = endpoint("fine_tuning.pause_fine_tuning_job")
resume_fine_tuning_job = endpoint("fine_tuning.resume_fine_tuning_job")
retrieve_fine_tuning_job = endpoint("fine_tuning.retrieve_fine_tuning_job")


def _list_call(limit: int | None, metadata: Mapping[str, str] | None) -> Callable[[str | None], Call]:
    from ftkit_api.models.list_paginated_fine_tuning_jobs_metadata_type_0 import (
        ListPaginatedFineTuningJobsMetadataType0,
    )

    _checks.check_limit(limit, 100)
    filter_: ListPaginatedFineTuningJobsMetadataType0 | Any = UNSET
    if metadata is not None:
        filter_ = ListPaginatedFineTuningJobsMetadataType0()
        filter_.additional_properties = _checks.check_metadata(metadata)

    def make(after: str | None) -> Call:
        return call(
            list_paginated_fine_tuning_jobs,
            limit=UNSET if limit is None else limit,
            after=UNSET if after is None else after,
            metadata=filter_,
        )

    return make


def _filter(metadata: Mapping[str, str] | None, wiring: Wiring[Any]) -> Mapping[str, str] | None:
    """The metadata filter of ``jobs.list``, refused on a server that ignores it (Azure
    OpenAI would answer every job, as if they all matched)."""
    if metadata is not None and not wiring.job_metadata:
        raise ValidationError("metadata", metadata, "None: Azure OpenAI does not filter jobs by metadata")
    return metadata


def _job_list_call(module: Any, job_id: str, limit: int | None) -> Callable[[str | None], Call]:
    _checks.check_id("job_id", job_id)
    _checks.check_limit(limit, 100)

    def make(after: str | None) -> Call:
        return call(module, job_id, limit=UNSET if limit is None else limit, after=UNSET if after is None else after)

    return make


def _key_default(idempotency_key: str | Literal[False] | None, wiring: Wiring[Any]) -> str | Literal[False] | None:
    """No idempotency key by default on a server that keeps no job metadata (Azure OpenAI) or
    where it is switched off: the look-up that makes retries safe could not find the job, so an
    ambiguous failure of the create is raised, not retried. On Azure OpenAI a key given
    explicitly is refused: no job list there filters by metadata (the dated API keeps none at
    all), so the key would find nothing and a retry would create a second job."""
    if wiring.azure and isinstance(idempotency_key, str):
        raise ValidationError(
            "idempotency_key",
            idempotency_key,
            "None or False on Azure OpenAI: its job list has no metadata filter (and its dated API keeps no job"
            " metadata), so a key cannot find a job a failed attempt created; ftkit raises an ambiguous failure"
            " instead of retrying, so there is never a second job",
        )
    if idempotency_key is None and not wiring.job_metadata:
        return False
    return idempotency_key


#: Azure OpenAI's training types by the names ftkit takes (any case) and as Azure's docs spell
#: them in a request (fine-tuning-oai-sdk.md: ``Standard``, ``GlobalStandard``, ``Developer``;
#: fine-tuning-rest.md also writes ``globalstandard`` and ``developerTier``).
TRAINING_TYPES = {
    "standard": "Standard",
    "globalstandard": "GlobalStandard",
    "global": "GlobalStandard",
    "developer": "Developer",
    "developertier": "Developer",
}


def check_training_type(training_type: object, server: str) -> int | str | None:
    """Azure OpenAI's ``trainingType``: a name (``standard``, ``globalstandard``, ``developer``,
    any case) as Azure spells it, or a number as the API takes it (sent as given). Refused on
    OpenAI's API, which has no such field (it would fail after the upload).

    ``standard`` keeps the training data in the resource's region; ``globalstandard`` and
    ``developer`` may train elsewhere, so ftkit never picks one for you.

    >>> check_training_type("globalstandard", "azure"), check_training_type(1, "azure")
    ('GlobalStandard', 1)
    """
    if training_type is None:
        return None
    if server == "openai":
        raise ValidationError(
            "training_type",
            training_type,
            "None: a training type is Azure OpenAI's (AzureClient, or --azure-endpoint); OpenAI's API has none",
        )
    if isinstance(training_type, str) and training_type.strip().lower() in TRAINING_TYPES:
        return TRAINING_TYPES[training_type.strip().lower()]
    if isinstance(training_type, str) and training_type.strip().isdigit():
        return int(training_type.strip())
    if isinstance(training_type, int) and not isinstance(training_type, bool) and training_type >= 0:
        return training_type
    if server == "generic" and isinstance(training_type, str) and training_type.strip():
        return training_type
    raise ValidationError(
        "training_type", training_type, "standard, globalstandard, developer, or a number Azure OpenAI takes"
    )


def _threshold(wiring: Wiring[Any]) -> int | None:
    """Above what size a file goes as an Upload in parts: never where there is no Uploads API
    (Azure OpenAI's v1 API: one request per file, up to 512 MB)."""
    from .uploads import DEFAULT_THRESHOLD

    return DEFAULT_THRESHOLD if wiring.uploads_api else None


def _job_call(module: Any, job_id: str) -> Call:
    return call(module, _checks.check_id("job_id", job_id))


def _create_body_flow(
    request: JobRequest, training_file: str, validation_file: str | None, wiring: Wiring[Any]
) -> Flow[FineTuningJob]:
    _checks.check_id("training_file", training_file)
    if validation_file is not None:
        _checks.check_id("validation_file", validation_file)
    from .create import create_flow

    body = request.body(training_file, validation_file)
    return create_flow(body, request.key, wiring.policy, clock=wiring.clock, azure=wiring.azure)


def _files_flow(
    request: JobRequest,
    training_file: str | os.PathLike[str],
    validation_file: str | os.PathLike[str] | None,
    wiring: Wiring[Any],
    validate_data: bool,
    tokens: str,
) -> Flow[FineTuningJob]:
    from .create import create_from_files_flow, local_file

    # Every argument, the file names included, is checked before the flow starts.
    training: Path | str = local_file(training_file, "training_file") or _checks.check_id(
        "training_file", training_file
    )
    validation: Path | str | None = None
    if validation_file is not None:
        validation = local_file(validation_file, "validation_file") or _checks.check_id(
            "validation_file", validation_file
        )
    if not isinstance(validate_data, bool):
        raise ValidationError("validate_data", validate_data, "True or False")
    return create_from_files_flow(
        request,
        training,
        validation,
        policy=wiring.policy,
        validate_data=validate_data,
        tokens=tokens,
        clock=wiring.clock,
        azure=wiring.azure,
        upload_threshold=_threshold(wiring),
        # Another server's /models may not list the models it fine-tunes: looked up, never refused.
        refuse_unknown_model=wiring.server != "generic",
    )


def _dispatch(
    on_event: Callable[[FineTuningJobEvent], object] | None, on_job: Callable[[FineTuningJob], object] | None
) -> Callable[[Any], object] | None:
    """One callback for a flow that emits events and jobs: each to its own."""
    if on_event is None and on_job is None:
        return None

    def dispatch(item: Any) -> object:
        if _is_job(item):
            return None if on_job is None else on_job(item)
        return None if on_event is None else on_event(item)

    return dispatch


def _is_job(item: Any) -> bool:
    from ftkit_api.models.fine_tuning_job import FineTuningJob  # loaded by then: the flow read a job

    return isinstance(item, FineTuningJob)


class _JobCheckpointsAPI(Resource[Any]):
    """``client.jobs.checkpoints``, written once for both clients: call it, or call its ``list``
    (the official SDK's ``fine_tuning.jobs.checkpoints.list``); the two are one method."""

    @pages
    def list(
        self, job_id: str, *, limit: int | None = None, after: str | None = None, **options: Unpack[RequestOptions]
    ) -> Listing[FineTuningJobCheckpoint]:
        """The job's checkpoints, newest first, a page at a time.
        On ``AsyncClient``: ``await`` it for the first page, or ``async for``.

        >>> [c.step_number for c in client.jobs.checkpoints(job.id)]
        [90, 60, 30]
        >>> client.jobs.checkpoints.list(job.id, limit=1).data[0].fine_tuned_model_checkpoint == checkpoint
        True
        """
        return Listing(_job_list_call(list_fine_tuning_job_checkpoints, job_id, limit), after, options)

    __call__ = list


class JobCheckpoints(_JobCheckpointsAPI, SyncResource):
    """``client.jobs.checkpoints``: ``client.jobs.checkpoints(job_id)`` or ``.list(job_id)``."""


class AsyncJobCheckpoints(_JobCheckpointsAPI, AsyncResource):
    """``client.jobs.checkpoints`` of the async client: the same, awaited or iterated with ``async for``."""


class _JobsAPI(Resource[Any]):
    """``client.jobs``, written once for both clients (see ``_resource``)."""

    @result
    def create(
        self,
        *,
        model: str,
        training_file: str,
        validation_file: str | None = None,
        method: Any = None,
        hyperparameters: Any = None,
        suffix: str | None = None,
        seed: int | None = None,
        metadata: Mapping[str, str] | None = None,
        integrations: Sequence[Any] | None = None,
        idempotency_key: str | Literal[False] | None = None,
        training_type: int | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Plan[FineTuningJob]:
        """Create a fine-tuning job; retried on ambiguous failures without creating two.

        ``method`` takes a ``Method`` builder result, a generated ``FineTuneMethod`` or a
        dict of the API's JSON; every argument is checked before any request.
        ``training_type`` is Azure OpenAI's ``trainingType`` (``standard``, ``globalstandard``,
        ``developer`` or a number; see :func:`check_training_type`), refused on OpenAI's API.
        On Azure OpenAI no idempotency key is sent, and one given is refused (no job list there
        finds a job by it): an ambiguous failure is raised, not retried.
        On ``AsyncClient``: ``job = await client.jobs.create(...)``.

        >>> created = client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=training_file.id,
        ...                              method=ftkit.Method.supervised(n_epochs=2))
        >>> created.status
        <FineTuningJobStatus.VALIDATING_FILES: 'validating_files'>
        """
        from .create import job_request

        request = job_request(
            model=model,
            method=method,
            hyperparameters=hyperparameters,
            suffix=suffix,
            seed=seed,
            metadata=metadata,
            integrations=integrations,
            idempotency_key=_key_default(idempotency_key, self._wiring),
            training_type=check_training_type(training_type, self._wiring.server),
            server=self._wiring.server,
        )
        return run(_create_body_flow(request, training_file, validation_file, self._wiring), options=options)

    @result
    def create_from_files(
        self,
        *,
        model: str,
        training_file: str | os.PathLike[str],
        validation_file: str | os.PathLike[str] | None = None,
        method: Any = None,
        hyperparameters: Any = None,
        suffix: str | None = None,
        seed: int | None = None,
        metadata: Mapping[str, str] | None = None,
        integrations: Sequence[Any] | None = None,
        idempotency_key: str | Literal[False] | None = None,
        training_type: int | str | None = None,
        validate_data: bool = True,
        tokens: str = "auto",
        on_step: Callable[[Step], object] | None = None,
        **options: Unpack[RequestOptions],
    ) -> Plan[FineTuningJob]:
        """Create a job from local files: check every argument, validate the data, upload it,
        create the job. Nothing is uploaded before everything that can be checked has been.

        ``training_file`` and ``validation_file`` are local paths or ids of uploaded files.
        Local files are checked with ``ftkit.data.validate`` for the method's format
        (``tokens`` as there; ``validate_data=False`` skips it): invalid data raises
        ``ftkit.TrainingDataError`` (its ``report`` lists the problems) and uploads nothing.
        ``on_step`` hears of each step done: ``create.DataChecked``, ``create.ModelChecked`` (the base
        model looked up before any upload: a model the server does not have is a ``ValidationError``
        naming ``model``, and nothing is uploaded), ``create.FileUploaded``.
        On ``AsyncClient``: ``await client.jobs.create_from_files(...)``; ``on_step`` may be a
        coroutine function, and the data check runs in the event loop's thread, before anything is sent.

        >>> created = client.jobs.create_from_files(model="gpt-4o-mini-2024-07-18", training_file="train.jsonl",
        ...                                         method=ftkit.Method.supervised(n_epochs=3),
        ...                                         on_step=lambda step: print(type(step).__name__))
        DataChecked
        ModelChecked
        FileUploaded
        >>> created.status
        <FineTuningJobStatus.VALIDATING_FILES: 'validating_files'>
        """
        from .create import job_request

        request = job_request(
            model=model,
            method=method,
            hyperparameters=hyperparameters,
            suffix=suffix,
            seed=seed,
            metadata=metadata,
            integrations=integrations,
            idempotency_key=_key_default(idempotency_key, self._wiring),
            training_type=check_training_type(training_type, self._wiring.server),
            server=self._wiring.server,
        )
        flow = _files_flow(request, training_file, validation_file, self._wiring, validate_data, tokens)
        return run(flow, on_step, options=options)

    @result
    def retrieve(self, job_id: str, **options: Unpack[RequestOptions]) -> Plan[FineTuningJob]:
        """The job ``job_id`` as it is now. On ``AsyncClient``: ``(await client.jobs.retrieve(job_id)).status``.

        >>> client.jobs.retrieve(job.id).status
        <FineTuningJobStatus.SUCCEEDED: 'succeeded'>
        """
        return send(_job_call(retrieve_fine_tuning_job, job_id), options)

    @pages
    def list(
        self,
        *,
        limit: int | None = None,
        after: str | None = None,
        metadata: Mapping[str, str] | None = None,
        **options: Unpack[RequestOptions],
    ) -> Listing[FineTuningJob]:
        """Jobs, newest first, a page at a time; ``metadata`` keeps the jobs with those key/values.
        On ``AsyncClient``: ``await`` it for the first page, or ``async for job in client.jobs.list()``.

        >>> job.id in [j.id for j in client.jobs.list(limit=100)]
        True
        """
        return Listing(_list_call(limit, _filter(metadata, self._wiring)), after, options)

    @result
    def cancel(self, job_id: str, **options: Unpack[RequestOptions]) -> Plan[FineTuningJob]:
        """Cancel a job that has not finished. On ``AsyncClient``: ``await client.jobs.cancel(job_id)``.

        >>> client.jobs.cancel(running_job.id).status
        <FineTuningJobStatus.CANCELLED: 'cancelled'>
        """
        return send(_job_call(cancel_fine_tuning_job, job_id), options)

    @result
    def pause(self, job_id: str, **options: Unpack[RequestOptions]) -> Plan[FineTuningJob]:
        """Pause a running job. On ``AsyncClient``: ``await client.jobs.pause(job_id)``.

        >>> client.jobs.pause(running_job.id).status
        <FineTuningJobStatus.PAUSED: 'paused'>
        """
        return send(_job_call(pause_fine_tuning_job, job_id), options)

    @result
    def resume(self, job_id: str, **options: Unpack[RequestOptions]) -> Plan[FineTuningJob]:
        """Resume a paused job. On ``AsyncClient``: ``await client.jobs.resume(job_id)``.

        >>> client.jobs.pause(running_job.id).status
        <FineTuningJobStatus.PAUSED: 'paused'>
        >>> client.jobs.resume(running_job.id).status
        <FineTuningJobStatus.QUEUED: 'queued'>
        """
        return send(_job_call(resume_fine_tuning_job, job_id), options)

    @pages
    def events(
        self, job_id: str, *, limit: int | None = None, after: str | None = None, **options: Unpack[RequestOptions]
    ) -> Listing[FineTuningJobEvent]:
        """The job's events, newest first, a page at a time.
        On ``AsyncClient``: ``(await client.jobs.events(job_id, limit=10)).data``, or ``async for``.

        >>> [event.message for event in client.jobs.events(job.id, limit=2).data]  # doctest: +NORMALIZE_WHITESPACE
        ['Fine tuning job successfully completed',
         'Usage policy evaluations completed, model is now enabled for sampling']
        """
        return Listing(_job_list_call(list_fine_tuning_events, job_id, limit), after, options)

    #: The official SDK's name for :meth:`events`.
    list_events = events

    checkpoints = part(lambda wiring: JobCheckpoints(wiring), lambda wiring: AsyncJobCheckpoints(wiring))
    """The job's checkpoints, newest first, a page at a time: ``client.jobs.checkpoints(job_id)``,
    or ``client.jobs.checkpoints.list(job_id)`` as in the official SDK (see :class:`JobCheckpoints`)."""

    @items
    def follow(
        self,
        job_id: str,
        after_event: str | None = None,
        *,
        poll_interval: float | Poller | None = None,
        on_job: Callable[[FineTuningJob], object] | None = None,
        **options: Unpack[RequestOptions],
    ) -> Stream[FineTuningJobEvent]:
        """Each new event of the job once, oldest first, as it happens; ends after the job
        reaches succeeded, failed or cancelled and its last events are out.

        ``after_event`` resumes from an event id (the events after it come next).
        ``poll_interval`` is a fixed number of seconds or a ``Poller`` (default: adaptive;
        on the emulator's clock when the client's transport is an emulator on a manual
        clock). ``on_job`` is called with the job each time it is read (once a poll, before
        that poll's events): its status without asking for it again. On ``AsyncClient``:
        ``async for event in client.jobs.follow(job.id)``, and ``on_job`` may be a coroutine function.

        >>> for event in client.jobs.follow(running_job.id):  # doctest: +ELLIPSIS
        ...     print(event.message)
        Created fine-tuning job: ftjob-...
        Validating training file: file-...
        Files validated, moving job to queued state
        Fine-tuning job started
        Step 1/30: training loss=...
        ...
        Fine tuning job successfully completed
        """
        from . import watch

        poller = watch.as_poller(poll_interval, self._wiring.clock)
        flow = watch.follow_flow(job_id, after_event, poller, jobs=on_job is not None, policy=self._wiring.policy)
        return Stream(flow, [job_id], options, None if on_job is None else (_is_job, on_job))

    @result
    def wait(
        self,
        job_id: str,
        timeout: float | None = None,
        on_event: Callable[[FineTuningJobEvent], object] | None = None,
        raise_on_failure: bool = True,
        *,
        poll_interval: float | Poller | None = None,
        on_job: Callable[[FineTuningJob], object] | None = None,
        **options: Unpack[ExtraOptions],
    ) -> Plan[FineTuningJob]:
        """Poll until the job is succeeded, failed or cancelled, and return it.

        A failed job raises ``JobFailedError`` (unless ``raise_on_failure=False``); after
        ``timeout`` seconds ``WaitTimeoutError`` is raised and the job left alone.
        ``on_event`` is called with each new event, oldest first, and ``on_job`` with the
        job each time it is read. Ctrl-C stops the wait (KeyboardInterrupt, the job keeps
        running). ``poll_interval`` as for :meth:`follow`. On ``AsyncClient``:
        ``job = await client.jobs.wait(job.id)``; ``on_event`` and ``on_job`` may be coroutine
        functions, and cancelling the task stops the wait.

        >>> seen = []
        >>> done = client.jobs.wait(running_job.id, timeout=3600, on_event=seen.append)
        >>> done.status, seen[-1].message
        (<FineTuningJobStatus.SUCCEEDED: 'succeeded'>, 'Fine tuning job successfully completed')
        """
        from . import watch

        flow = watch.wait_flow(
            job_id,
            timeout=timeout,
            events=on_event is not None,
            jobs=on_job is not None,
            raise_on_failure=raise_on_failure,
            poller=watch.as_poller(poll_interval, self._wiring.clock),
            policy=self._wiring.policy,
        )
        return run(flow, _dispatch(on_event, on_job), watching=[job_id], options=options)

    @result
    def wait_all(
        self,
        job_ids: Sequence[str],
        timeout: float | None = None,
        raise_on_failure: bool = True,
        *,
        max_in_flight: int = 4,
        poll_interval: float | Poller | None = None,
        **options: Unpack[ExtraOptions],
    ) -> Plan[builtins.list[FineTuningJob]]:
        """Wait for every job at once (at most ``max_in_flight`` requests out at a time, 64 at
        most) and return the final jobs in the order given; ``timeout`` counts for all of them
        from the start. The first failure (or timeout) raises and stops the rest.
        On ``AsyncClient``: ``done = await client.jobs.wait_all([a.id, b.id])``.

        >>> a = client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=training_file.id)
        >>> b = client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=training_file.id, seed=7)
        >>> [j.status for j in client.jobs.wait_all([a.id, b.id], timeout=7200)]
        [<FineTuningJobStatus.SUCCEEDED: 'succeeded'>, <FineTuningJobStatus.SUCCEEDED: 'succeeded'>]
        """
        ids = _checks.check_job_ids(job_ids)
        limit = _checks.check_max_in_flight(max_in_flight)
        from . import watch

        poller = watch.as_poller(poll_interval, self._wiring.clock)
        flows = watch.wait_all_flows(
            ids, timeout=timeout, raise_on_failure=raise_on_failure, poller=poller, policy=self._wiring.policy
        )
        return run_all(flows, limit, watching=ids, options=options)

    @result
    def metrics(self, job_id: str, **options: Unpack[RequestOptions]) -> Plan[builtins.list[MetricRow]]:
        """The job's training metrics, a row per step: from its result file once it has
        one, from its metrics events before. On ``AsyncClient``: ``rows = await client.jobs.metrics(job.id)``.

        >>> rows = client.jobs.metrics(job.id)
        >>> len(rows), rows[-1]  # doctest: +NORMALIZE_WHITESPACE
        (90, MetricRow(step=90, train_loss=0.13863, train_accuracy=0.90144, valid_loss=None, valid_accuracy=None,
                       train_reward_mean=None, valid_reward_mean=None, extra={}))
        """
        from .metrics import metrics_flow

        return run(metrics_flow(_checks.check_id("job_id", job_id)), options=options)

    @result
    def replay(
        self,
        archived_job: FineTuningJob,
        *,
        training_file: str | os.PathLike[str],
        validation_file: str | os.PathLike[str] | None = None,
        model: str | None = None,
        training_type: int | str | None = None,
        on_step: Callable[[Any], object] | None = None,
        **options: Unpack[RequestOptions],
    ) -> Plan[FineTuningJob]:
        """Create on this client's server a job like ``archived_job`` (from an export), from the
        archived files' content: same method, hyperparameters, suffix, seed, integrations and
        metadata; ``model`` maps the base model, ``training_type`` is the target's (Azure OpenAI).
        Once, however often it is run (see ``ftkit.replay``).
        On ``AsyncClient``: ``new = await client.jobs.replay(old, training_file=...)``.

        >>> archive = ftkit.archive.open("backup/")
        >>> old = archive.job(archive.job_ids()[0])
        >>> new = client.jobs.replay(old, training_file=archive.file_path(old.training_file))
        >>> new.id != old.id, new.model, new.seed == old.seed
        (True, 'gpt-4o-mini-2024-07-18', True)
        >>> client.jobs.replay(old, training_file=archive.file_path(old.training_file)).id == new.id
        True
        """
        from .replay import replay_flow, replay_request

        request = replay_request(
            archived_job,
            model,
            idempotency_key=self._wiring.job_metadata,
            training_type=check_training_type(training_type, self._wiring.server),
            server=self._wiring.server,
        )
        flow = replay_flow(
            request,
            training_file,
            validation_file,
            policy=self._wiring.policy,
            clock=self._wiring.clock,
            azure=self._wiring.azure,
            upload_threshold=_threshold(self._wiring),
        )
        return run(flow, on_step, options=options)


class Jobs(_JobsAPI, SyncResource):
    """``client.jobs``."""


class AsyncJobs(_JobsAPI, AsyncResource):
    """``client.jobs`` of the async client: the same methods, awaited (lists and ``follow`` are
    iterated with ``async for``)."""
