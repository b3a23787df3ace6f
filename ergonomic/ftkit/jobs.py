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
import inspect
import os
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from ftkit_api.models.list_paginated_fine_tuning_jobs_metadata_type_0 import ListPaginatedFineTuningJobsMetadataType0
from ftkit_api.types import UNSET

from . import _checks, watch
from ._calls import call, endpoint
from ._flow import Call, Flow
from ._resource import AsyncResource, SyncResource, Wiring
from .create import (
    IDEMPOTENCY_METADATA_KEY,
    JobRequest,
    Step,
    create_flow,
    create_from_files_flow,
    job_request,
    local_file,
)
from .errors import ValidationError
from .metrics import MetricRow, metrics_flow
from .pagination import AsyncPager, Page
from .replay import replay_flow, replay_request
from .watch import Poller

if TYPE_CHECKING:
    from ftkit_api.models.fine_tuning_job import FineTuningJob
    from ftkit_api.models.fine_tuning_job_checkpoint import FineTuningJobCheckpoint
    from ftkit_api.models.fine_tuning_job_event import FineTuningJobEvent
    from typing_extensions import Unpack

    from ._http import ExtraOptions, RequestOptions


__all__ = ["IDEMPOTENCY_METADATA_KEY", "AsyncJobs", "Jobs"]

# Imported on first use, not with the client (start-up time): see _calls.endpoint.
cancel_fine_tuning_job = endpoint("fine_tuning.cancel_fine_tuning_job")
list_fine_tuning_events = endpoint("fine_tuning.list_fine_tuning_events")
list_fine_tuning_job_checkpoints = endpoint("fine_tuning.list_fine_tuning_job_checkpoints")
list_paginated_fine_tuning_jobs = endpoint("fine_tuning.list_paginated_fine_tuning_jobs")
pause_fine_tuning_job = endpoint("fine_tuning.pause_fine_tuning_job")
resume_fine_tuning_job = endpoint("fine_tuning.resume_fine_tuning_job")
retrieve_fine_tuning_job = endpoint("fine_tuning.retrieve_fine_tuning_job")


def _list_call(limit: int | None, metadata: Mapping[str, str] | None) -> Callable[[str | None], Call]:
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
    """No idempotency key by default on a server that keeps no job metadata (Azure OpenAI):
    the look-up that makes retries safe could not find the job, so an ambiguous failure of
    the create is raised, not retried. A key given explicitly is sent anyway."""
    if idempotency_key is None and not wiring.job_metadata:
        return False
    return idempotency_key


def _job_call(module: Any, job_id: str) -> Call:
    return call(module, _checks.check_id("job_id", job_id))


def _create_body_flow(
    request: JobRequest, training_file: str, validation_file: str | None, wiring: Wiring[Any]
) -> Flow[FineTuningJob]:
    _checks.check_id("training_file", training_file)
    if validation_file is not None:
        _checks.check_id("validation_file", validation_file)
    body = request.body(training_file, validation_file)
    return create_flow(body, request.key, wiring.policy, wiring.max_retries, clock=wiring.clock, azure=wiring.azure)


def _files_flow(
    request: JobRequest,
    training_file: str | os.PathLike[str],
    validation_file: str | os.PathLike[str] | None,
    wiring: Wiring[Any],
    validate_data: bool,
    tokens: str,
) -> Flow[FineTuningJob]:
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
        max_retries=wiring.max_retries,
        validate_data=validate_data,
        tokens=tokens,
        clock=wiring.clock,
        azure=wiring.azure,
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


def _events_only(items: Iterator[Any], on_job: Callable[[FineTuningJob], object]) -> Iterator[FineTuningJobEvent]:
    try:
        for item in items:
            if _is_job(item):
                on_job(item)
            else:
                yield item
    finally:
        close = getattr(items, "close", None)
        if close is not None:
            close()


async def _async_events_only(
    items: AsyncIterator[Any], on_job: Callable[[FineTuningJob], object]
) -> AsyncIterator[FineTuningJobEvent]:
    try:
        async for item in items:
            if _is_job(item):
                outcome = on_job(item)
                if inspect.isawaitable(outcome):
                    await outcome
            else:
                yield item
    finally:
        aclose = getattr(items, "aclose", None)
        if aclose is not None:
            await aclose()


class Jobs(SyncResource):
    """``client.jobs``."""

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
    ) -> FineTuningJob:
        """Create a fine-tuning job; retried on ambiguous failures without creating two.

        ``method`` takes a ``Method`` builder result, a generated ``FineTuneMethod`` or a
        dict of the API's JSON; every argument is checked before any request.
        ``training_type`` is Azure OpenAI's ``trainingType`` (for example 1), never needed
        by OpenAI. On Azure OpenAI no idempotency key is sent unless one is given (its jobs
        keep no metadata to find it by): an ambiguous failure is then raised, not retried.

        >>> job = client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file="file-abc",
        ...                          method=Method.supervised(n_epochs=2))  # doctest: +SKIP
        """
        request = job_request(
            model=model,
            method=method,
            hyperparameters=hyperparameters,
            suffix=suffix,
            seed=seed,
            metadata=metadata,
            integrations=integrations,
            idempotency_key=_key_default(idempotency_key, self._wiring),
            training_type=training_type,
        )
        return self._run(_create_body_flow(request, training_file, validation_file, self._wiring), options=options)

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
    ) -> FineTuningJob:
        """Create a job from local files: check every argument, validate the data, upload it,
        create the job. Nothing is uploaded before everything that can be checked has been.

        ``training_file`` and ``validation_file`` are local paths or ids of uploaded files.
        Local files are checked with ``ftkit.data.validate`` for the method's format
        (``tokens`` as there; ``validate_data=False`` skips it): invalid data raises
        ``ftkit.TrainingDataError`` (its ``report`` lists the problems) and uploads nothing.
        ``on_step`` hears of each step done: ``create.DataChecked``, ``create.FileUploaded``.

        >>> job = client.jobs.create_from_files(model="gpt-4o-mini-2024-07-18", training_file="train.jsonl",
        ...                                     method=Method.supervised(n_epochs=3), on_step=print)  # doctest: +SKIP
        """
        request = job_request(
            model=model,
            method=method,
            hyperparameters=hyperparameters,
            suffix=suffix,
            seed=seed,
            metadata=metadata,
            integrations=integrations,
            idempotency_key=_key_default(idempotency_key, self._wiring),
            training_type=training_type,
        )
        flow = _files_flow(request, training_file, validation_file, self._wiring, validate_data, tokens)
        return self._run(flow, on_step, options=options)

    def retrieve(self, job_id: str, **options: Unpack[RequestOptions]) -> FineTuningJob:
        """The job ``job_id`` as it is now.

        >>> client.jobs.retrieve("ftjob-abc").status  # doctest: +SKIP
        'running'
        """
        return cast("FineTuningJob", self._call(_job_call(retrieve_fine_tuning_job, job_id), object, options))

    def list(
        self,
        *,
        limit: int | None = None,
        after: str | None = None,
        metadata: Mapping[str, str] | None = None,
        **options: Unpack[RequestOptions],
    ) -> Page[FineTuningJob]:
        """Jobs, newest first, a page at a time; ``metadata`` keeps the jobs with those key/values.

        >>> running = [job for job in client.jobs.list(limit=100) if job.status == "running"]  # doctest: +SKIP
        """
        return self._page(_list_call(limit, _filter(metadata, self._wiring)), after, options)

    def cancel(self, job_id: str, **options: Unpack[RequestOptions]) -> FineTuningJob:
        """Cancel a job that has not finished.

        >>> client.jobs.cancel("ftjob-abc").status  # doctest: +SKIP
        'cancelled'
        """
        return cast("FineTuningJob", self._call(_job_call(cancel_fine_tuning_job, job_id), object, options))

    def pause(self, job_id: str, **options: Unpack[RequestOptions]) -> FineTuningJob:
        """Pause a running job.

        >>> client.jobs.pause("ftjob-abc").status  # doctest: +SKIP
        'paused'
        """
        return cast("FineTuningJob", self._call(_job_call(pause_fine_tuning_job, job_id), object, options))

    def resume(self, job_id: str, **options: Unpack[RequestOptions]) -> FineTuningJob:
        """Resume a paused job.

        >>> client.jobs.resume("ftjob-abc").status  # doctest: +SKIP
        'queued'
        """
        return cast("FineTuningJob", self._call(_job_call(resume_fine_tuning_job, job_id), object, options))

    def events(
        self, job_id: str, *, limit: int | None = None, after: str | None = None, **options: Unpack[RequestOptions]
    ) -> Page[FineTuningJobEvent]:
        """The job's events, newest first, a page at a time.

        >>> latest = client.jobs.events("ftjob-abc", limit=10).data  # doctest: +SKIP
        """
        return self._page(_job_list_call(list_fine_tuning_events, job_id, limit), after, options)

    def checkpoints(
        self, job_id: str, *, limit: int | None = None, after: str | None = None, **options: Unpack[RequestOptions]
    ) -> Page[FineTuningJobCheckpoint]:
        """The job's checkpoints, newest first, a page at a time.

        >>> names = [c.fine_tuned_model_checkpoint for c in client.jobs.checkpoints("ftjob-abc")]  # doctest: +SKIP
        """
        return self._page(_job_list_call(list_fine_tuning_job_checkpoints, job_id, limit), after, options)

    def follow(
        self,
        job_id: str,
        after_event: str | None = None,
        *,
        poll_interval: float | Poller | None = None,
        on_job: Callable[[FineTuningJob], object] | None = None,
        **options: Unpack[RequestOptions],
    ) -> Iterator[FineTuningJobEvent]:
        """Each new event of the job once, oldest first, as it happens; ends after the job
        reaches succeeded, failed or cancelled and its last events are out.

        ``after_event`` resumes from an event id (the events after it come next).
        ``poll_interval`` is a fixed number of seconds or a ``Poller`` (default: adaptive;
        on the emulator's clock when the client's transport is an emulator on a manual
        clock). ``on_job`` is called with the job each time it is read (once a poll, before
        that poll's events): its status without asking for it again.

        >>> for event in client.jobs.follow(job.id):  # doctest: +SKIP
        ...     print(event.message)
        """
        poller = watch.as_poller(poll_interval, self._wiring.clock)
        flow = watch.follow_flow(job_id, after_event, poller, jobs=on_job is not None)
        items = self._iterate(flow, watching=[job_id], options=options)
        return items if on_job is None else _events_only(items, on_job)

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
    ) -> FineTuningJob:
        """Poll until the job is succeeded, failed or cancelled, and return it.

        A failed job raises ``JobFailedError`` (unless ``raise_on_failure=False``); after
        ``timeout`` seconds ``WaitTimeoutError`` is raised and the job left alone.
        ``on_event`` is called with each new event, oldest first, and ``on_job`` with the
        job each time it is read. Ctrl-C stops the wait (KeyboardInterrupt, the job keeps
        running). ``poll_interval`` as for :meth:`follow`.

        >>> job = client.jobs.wait(job.id, timeout=3600, on_event=lambda e: print(e.message))  # doctest: +SKIP
        """
        flow = watch.wait_flow(
            job_id,
            timeout=timeout,
            events=on_event is not None,
            jobs=on_job is not None,
            raise_on_failure=raise_on_failure,
            poller=watch.as_poller(poll_interval, self._wiring.clock),
        )
        return self._run(flow, _dispatch(on_event, on_job), watching=[job_id], options=options)

    def wait_all(
        self,
        job_ids: Sequence[str],
        timeout: float | None = None,
        raise_on_failure: bool = True,
        *,
        max_in_flight: int = 4,
        poll_interval: float | Poller | None = None,
        **options: Unpack[ExtraOptions],
    ) -> builtins.list[FineTuningJob]:
        """Wait for every job at once (at most ``max_in_flight`` requests out at a time) and
        return the final jobs in the order given. The first failure (or timeout) raises.

        >>> done = client.jobs.wait_all([a.id, b.id], timeout=7200)  # doctest: +SKIP
        """
        ids = _checks.check_job_ids(job_ids)
        limit = _checks.check_max_in_flight(max_in_flight)
        poller = watch.as_poller(poll_interval, self._wiring.clock)
        flows = [
            watch.wait_flow(job_id, timeout=timeout, raise_on_failure=raise_on_failure, poller=poller) for job_id in ids
        ]
        return self._run_all(flows, limit, watching=ids, options=options)

    def metrics(self, job_id: str, **options: Unpack[RequestOptions]) -> builtins.list[MetricRow]:
        """The job's training metrics, a row per step: from its result file once it has
        one, from its metrics events before.

        >>> rows = client.jobs.metrics(job.id)  # doctest: +SKIP
        """
        return self._run(metrics_flow(_checks.check_id("job_id", job_id)), options=options)

    def replay(
        self,
        archived_job: FineTuningJob,
        *,
        training_file: str | os.PathLike[str],
        validation_file: str | os.PathLike[str] | None = None,
        model: str | None = None,
        on_step: Callable[[Any], object] | None = None,
        **options: Unpack[RequestOptions],
    ) -> FineTuningJob:
        """Create on this client's server a job like ``archived_job`` (from an export), from the
        archived files' content: same method, hyperparameters, suffix, seed, integrations and
        metadata; ``model`` maps the base model. Once, however often it is run (see ``ftkit.replay``).

        >>> archive = ftkit.archive.open("backup/")  # doctest: +SKIP
        >>> old = archive.job("ftjob-abc")  # doctest: +SKIP
        >>> new = client.jobs.replay(old, training_file=archive.file_path(old.training_file))  # doctest: +SKIP
        """
        request = replay_request(archived_job, model, idempotency_key=self._wiring.job_metadata)
        flow = replay_flow(
            request,
            training_file,
            validation_file,
            policy=self._wiring.policy,
            max_retries=self._wiring.max_retries,
            azure=self._wiring.azure,
        )
        return self._run(flow, on_step, options=options)


class AsyncJobs(AsyncResource):
    """``client.jobs`` of the async client."""

    async def create(
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
    ) -> FineTuningJob:
        """Create a fine-tuning job; retried on ambiguous failures without creating two.

        >>> job = await client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file="file-abc")  # doctest: +SKIP
        """
        request = job_request(
            model=model,
            method=method,
            hyperparameters=hyperparameters,
            suffix=suffix,
            seed=seed,
            metadata=metadata,
            integrations=integrations,
            idempotency_key=_key_default(idempotency_key, self._wiring),
            training_type=training_type,
        )
        return await self._run(
            _create_body_flow(request, training_file, validation_file, self._wiring), options=options
        )

    async def create_from_files(
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
    ) -> FineTuningJob:
        """Create a job from local files (see ``Jobs.create_from_files``); ``on_step`` may be a
        coroutine function. The data check runs in this thread, before anything is sent.

        >>> job = await client.jobs.create_from_files(model="gpt-4o-mini-2024-07-18",
        ...                                           training_file="train.jsonl")  # doctest: +SKIP
        """
        request = job_request(
            model=model,
            method=method,
            hyperparameters=hyperparameters,
            suffix=suffix,
            seed=seed,
            metadata=metadata,
            integrations=integrations,
            idempotency_key=_key_default(idempotency_key, self._wiring),
            training_type=training_type,
        )
        flow = _files_flow(request, training_file, validation_file, self._wiring, validate_data, tokens)
        return await self._run(flow, on_step, options=options)

    async def retrieve(self, job_id: str, **options: Unpack[RequestOptions]) -> FineTuningJob:
        """The job ``job_id`` as it is now.

        >>> (await client.jobs.retrieve("ftjob-abc")).status  # doctest: +SKIP
        'running'
        """
        return cast("FineTuningJob", await self._call(_job_call(retrieve_fine_tuning_job, job_id), object, options))

    def list(
        self,
        *,
        limit: int | None = None,
        after: str | None = None,
        metadata: Mapping[str, str] | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[FineTuningJob]:
        """Jobs, newest first, a page at a time.

        >>> ids = [job.id async for job in client.jobs.list(limit=100)]  # doctest: +SKIP
        """
        return self._pager(_list_call(limit, _filter(metadata, self._wiring)), after, options)

    async def cancel(self, job_id: str, **options: Unpack[RequestOptions]) -> FineTuningJob:
        """Cancel a job that has not finished.

        >>> await client.jobs.cancel("ftjob-abc")  # doctest: +SKIP
        """
        return cast("FineTuningJob", await self._call(_job_call(cancel_fine_tuning_job, job_id), object, options))

    async def pause(self, job_id: str, **options: Unpack[RequestOptions]) -> FineTuningJob:
        """Pause a running job.

        >>> await client.jobs.pause("ftjob-abc")  # doctest: +SKIP
        """
        return cast("FineTuningJob", await self._call(_job_call(pause_fine_tuning_job, job_id), object, options))

    async def resume(self, job_id: str, **options: Unpack[RequestOptions]) -> FineTuningJob:
        """Resume a paused job.

        >>> await client.jobs.resume("ftjob-abc")  # doctest: +SKIP
        """
        return cast("FineTuningJob", await self._call(_job_call(resume_fine_tuning_job, job_id), object, options))

    def events(
        self, job_id: str, *, limit: int | None = None, after: str | None = None, **options: Unpack[RequestOptions]
    ) -> AsyncPager[FineTuningJobEvent]:
        """The job's events, newest first, a page at a time.

        >>> latest = (await client.jobs.events("ftjob-abc", limit=10)).data  # doctest: +SKIP
        """
        return self._pager(_job_list_call(list_fine_tuning_events, job_id, limit), after, options)

    def checkpoints(
        self, job_id: str, *, limit: int | None = None, after: str | None = None, **options: Unpack[RequestOptions]
    ) -> AsyncPager[FineTuningJobCheckpoint]:
        """The job's checkpoints, newest first, a page at a time.

        >>> page = await client.jobs.checkpoints("ftjob-abc")  # doctest: +SKIP
        """
        return self._pager(_job_list_call(list_fine_tuning_job_checkpoints, job_id, limit), after, options)

    def follow(
        self,
        job_id: str,
        after_event: str | None = None,
        *,
        poll_interval: float | Poller | None = None,
        on_job: Callable[[FineTuningJob], object] | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncIterator[FineTuningJobEvent]:
        """Each new event of the job once, oldest first (``async for``); ends after the job
        reaches a terminal status and its last events are out. ``on_job`` as for
        ``Jobs.follow`` (it may be a coroutine function).

        >>> async for event in client.jobs.follow(job.id):  # doctest: +SKIP
        ...     print(event.message)
        """
        poller = watch.as_poller(poll_interval, self._wiring.clock)
        flow = watch.follow_flow(job_id, after_event, poller, jobs=on_job is not None)
        items = self._iterate(flow, options=options)
        return items if on_job is None else _async_events_only(items, on_job)

    async def wait(
        self,
        job_id: str,
        timeout: float | None = None,
        on_event: Callable[[FineTuningJobEvent], object] | None = None,
        raise_on_failure: bool = True,
        *,
        poll_interval: float | Poller | None = None,
        on_job: Callable[[FineTuningJob], object] | None = None,
        **options: Unpack[ExtraOptions],
    ) -> FineTuningJob:
        """Poll until the job is terminal and return it (see ``Jobs.wait``); ``on_event`` and
        ``on_job`` may be coroutine functions.

        >>> job = await client.jobs.wait(job.id, timeout=3600)  # doctest: +SKIP
        """
        flow = watch.wait_flow(
            job_id,
            timeout=timeout,
            events=on_event is not None,
            jobs=on_job is not None,
            raise_on_failure=raise_on_failure,
            poller=watch.as_poller(poll_interval, self._wiring.clock),
        )
        return await self._run(flow, _dispatch(on_event, on_job), options=options)

    async def wait_all(
        self,
        job_ids: Sequence[str],
        timeout: float | None = None,
        raise_on_failure: bool = True,
        *,
        max_in_flight: int = 4,
        poll_interval: float | Poller | None = None,
        **options: Unpack[ExtraOptions],
    ) -> builtins.list[FineTuningJob]:
        """Wait for every job at once, at most ``max_in_flight`` requests out at a time; the
        final jobs in the order given. The first failure (or timeout) raises and stops the rest.

        >>> done = await client.jobs.wait_all([a.id, b.id])  # doctest: +SKIP
        """
        ids = _checks.check_job_ids(job_ids)
        limit = _checks.check_max_in_flight(max_in_flight)
        poller = watch.as_poller(poll_interval, self._wiring.clock)
        flows = [
            watch.wait_flow(job_id, timeout=timeout, raise_on_failure=raise_on_failure, poller=poller) for job_id in ids
        ]
        return await self._run_all(flows, limit, options=options)

    async def metrics(self, job_id: str, **options: Unpack[RequestOptions]) -> builtins.list[MetricRow]:
        """The job's training metrics, a row per step (see ``Jobs.metrics``).

        >>> rows = await client.jobs.metrics(job.id)  # doctest: +SKIP
        """
        return await self._run(metrics_flow(_checks.check_id("job_id", job_id)), options=options)

    async def replay(
        self,
        archived_job: FineTuningJob,
        *,
        training_file: str | os.PathLike[str],
        validation_file: str | os.PathLike[str] | None = None,
        model: str | None = None,
        on_step: Callable[[Any], object] | None = None,
        **options: Unpack[RequestOptions],
    ) -> FineTuningJob:
        """Create on this client's server a job like ``archived_job`` (from an export), from the
        archived files' content: same method, hyperparameters, suffix, seed, integrations and
        metadata; ``model`` maps the base model. Once, however often it is run (see ``ftkit.replay``).

        >>> archive = ftkit.archive.open("backup/")  # doctest: +SKIP
        >>> old = archive.job("ftjob-abc")  # doctest: +SKIP
        >>> new = await client.jobs.replay(old, training_file=archive.file_path(old.training_file))  # doctest: +SKIP
        """
        request = replay_request(archived_job, model, idempotency_key=self._wiring.job_metadata)
        flow = replay_flow(
            request,
            training_file,
            validation_file,
            policy=self._wiring.policy,
            max_retries=self._wiring.max_retries,
            azure=self._wiring.azure,
        )
        return await self._run(flow, on_step, options=options)
