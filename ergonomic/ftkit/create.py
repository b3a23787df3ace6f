"""Creating a fine-tuning job: every argument checked first, never two jobs, and from
local files (check the data, upload it, create the job) in one call.

**Every argument first.** :func:`job_request` checks everything a job request carries
(model, method, hyperparameters, suffix, seed, metadata, integrations, idempotency key)
and nothing is sent before it has: a typo costs nothing, not even an orphaned upload.

**Never two jobs.** A create that fails ambiguously (``RetryPolicy.ambiguous``: timeout,
connection dropped after the request was sent, 408, 409, 5xx) may still have created the
job. Each create therefore carries an idempotency key in the job's ``metadata`` (key
``ftkit_idempotency_key``); before retrying (and before raising the last failure),
:func:`create_flow` looks for a job with that key and returns it if it exists. A server may
list a new job only some time after storing it, so a look that finds nothing is repeated,
with backoff, for as long as the client's ``RetryPolicy.lookup_time`` says: the wait the
server asks for (``Retry-After``) when it says, else ``lookup_patience`` (5 s by default;
``ftkit.Client(retry_policy=RetryPolicy(lookup_patience=...))`` for a server that lists
late). ``idempotency_key=False`` leaves the metadata alone (an ambiguous failure is then
raised, not retried); when the caller already uses all 16 metadata keys the key is skipped
with a warning.

**From local files.** :func:`create_from_files_flow` is ``client.jobs.create_from_files``:
the arguments checked, then each local file validated with ``ftkit.data.validate``
(invalid data raises :class:`ftkit.TrainingDataError` before anything is uploaded), then
the base model looked up (:func:`model_flow`: a model the server says it does not have is a
``ValidationError`` naming ``model``, before anything is uploaded), then the files uploaded,
then the job created. It emits a :class:`DataChecked`, a :class:`ModelChecked` and a
:class:`FileUploaded` notice as each step is done.

Example::

    job = client.jobs.create_from_files(model="gpt-4o-mini-2024-07-18", training_file="train.jsonl",
                                        method=ftkit.Method.supervised(n_epochs=3), on_step=print)
"""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs
from ftkit_api.models.list_paginated_fine_tuning_jobs_metadata_type_0 import ListPaginatedFineTuningJobsMetadataType0
from ftkit_api.models.metadata_type_0 import MetadataType0
from ftkit_api.types import UNSET

from . import _checks
from ._calls import call, endpoint
from ._flow import Emit, Flow
from ._retry import retried
from .errors import (
    APIError,
    BadRequestError,
    JobCreationDeniedError,
    NotFoundError,
    PermissionDeniedError,
    TrainingDataError,
    TrainingTypeRequiredError,
    ValidationError,
)
from .uploads import DEFAULT_THRESHOLD, file_upload_flow

if TYPE_CHECKING:
    from ftkit_api.models.create_fine_tuning_job_request import CreateFineTuningJobRequest
    from ftkit_api.models.create_fine_tuning_job_request_hyperparameters import (
        CreateFineTuningJobRequestHyperparameters,
    )
    from ftkit_api.models.fine_tune_method import FineTuneMethod
    from ftkit_api.models.fine_tuning_job import FineTuningJob
    from ftkit_api.models.model import Model
    from ftkit_api.models.open_ai_file import OpenAIFile

    from ._flow import VirtualClock
    from ._retry import RetryPolicy
    from .data import Report
    from .methods import IntegrationModel

__all__ = [
    "IDEMPOTENCY_METADATA_KEY",
    "DataChecked",
    "FileUploaded",
    "JobRequest",
    "ModelChecked",
    "Step",
    "create_flow",
    "create_from_files_flow",
    "job_request",
    "job_with_key",
    "local_file",
    "model_flow",
]

# Imported on first use, not with the client (start-up time): see _calls.endpoint.
create_fine_tuning_job = endpoint("fine_tuning.create_fine_tuning_job")
list_paginated_fine_tuning_jobs = endpoint("fine_tuning.list_paginated_fine_tuning_jobs")
retrieve_model = endpoint("models.retrieve_model")

#: The metadata key under which ``jobs.create`` stores its idempotency key.
IDEMPOTENCY_METADATA_KEY = "ftkit_idempotency_key"

# A name that looks like a path rather than a file id (see local_file).
_PATH_SUFFIXES = (".jsonl", ".json", ".txt")


@attrs.frozen
class JobRequest:
    """A job request whose every argument has been checked, waiting for its file ids.

    ``key`` is the idempotency key it carries in its metadata (None: none).

    >>> request = job_request(model="gpt-4o-mini-2024-07-18", suffix="bot", idempotency_key=False)
    >>> request.body("file-abc").to_dict()
    {'model': 'gpt-4o-mini-2024-07-18', 'training_file': 'file-abc', 'suffix': 'bot'}
    """

    model: str
    method: FineTuneMethod | None = None
    hyperparameters: CreateFineTuningJobRequestHyperparameters | None = None
    suffix: str | None = None
    seed: int | None = None
    metadata: Mapping[str, str] = attrs.field(factory=dict)
    integrations: list[IntegrationModel] | None = None
    key: str | None = None
    #: Azure OpenAI's ``trainingType`` (None: not sent).
    training_type: int | str | None = None

    @property
    def method_type(self) -> str:
        """The method's type (``supervised`` when no method is given, as the API assumes)."""
        return "supervised" if self.method is None else str(self.method.type_.value)

    @property
    def grader(self) -> dict[str, Any] | None:
        """The grader of a reinforcement method as the API's JSON (None for other methods)."""
        if self.method is None or self.method_type != "reinforcement":
            return None
        settings = self.method.to_dict().get("reinforcement") or {}
        grader = settings.get("grader")
        return grader if isinstance(grader, dict) else None

    def body(self, training_file: str, validation_file: str | None = None) -> CreateFineTuningJobRequest:
        """The request body with these file ids (checked already, or just uploaded)."""
        from ftkit_api.models.create_fine_tuning_job_request import CreateFineTuningJobRequest

        metadata: MetadataType0 | Any = UNSET
        if self.metadata:
            metadata = MetadataType0()
            metadata.additional_properties = dict(self.metadata)
        return CreateFineTuningJobRequest(
            model=self.model,
            training_file=training_file,
            validation_file=UNSET if validation_file is None else validation_file,
            method=UNSET if self.method is None else self.method,
            hyperparameters=UNSET if self.hyperparameters is None else self.hyperparameters,
            suffix=UNSET if self.suffix is None else self.suffix,
            seed=UNSET if self.seed is None else self.seed,
            integrations=UNSET if self.integrations is None else self.integrations,
            metadata=metadata,
            training_type=UNSET if self.training_type is None else self.training_type,
        )


def job_request(
    *,
    model: str,
    method: Any = None,
    hyperparameters: Any = None,
    suffix: str | None = None,
    seed: int | None = None,
    metadata: Mapping[str, str] | None = None,
    integrations: Sequence[Any] | None = None,
    idempotency_key: str | Literal[False] | None = None,
    training_type: int | str | None = None,
    server: str = "openai",
) -> JobRequest:
    """Check every argument of a job request but its files; ``ValidationError`` names the first bad one.

    ``server`` says whose rules: ``openai`` (OpenAI's ranges and names), ``azure`` (OpenAI's
    plus Azure's ``prompt_loss_weight``), ``generic`` (another server: ``method`` and
    ``hyperparameters`` are sent as given, only their shape checked).

    >>> job_request(model="gpt-4o-mini-2024-07-18", seed=-1)
    Traceback (most recent call last):
    ...
    ftkit.errors.ValidationError: seed: -1 is not allowed; expected an integer from 0 to 2147483647
    """
    from .methods import as_hyperparameters, as_integrations, as_method

    if server == "generic":
        return _generic_request(model, method, hyperparameters, suffix, seed, metadata, integrations,
                                idempotency_key, training_type)  # fmt: skip
    weights, method, hyperparameters = _azure_weights(method, hyperparameters, azure=server == "azure")

    if not isinstance(model, str) or not model.strip():
        raise ValidationError("model", model, "a model name such as 'gpt-4o-mini-2024-07-18'")
    _checks.check_suffix(suffix)
    _checks.check_seed(seed)
    if training_type is not None and (
        isinstance(training_type, bool)
        or not isinstance(training_type, (int, str))
        or (isinstance(training_type, str) and not training_type.strip())
        or (isinstance(training_type, int) and training_type < 0)
    ):
        raise ValidationError("training_type", training_type, "Azure OpenAI's training type: an integer >= 0 or a name")
    meta = _checks.check_metadata(metadata) or {}
    key: str | None = None
    if idempotency_key is not False:
        if IDEMPOTENCY_METADATA_KEY in meta:
            key = meta[IDEMPOTENCY_METADATA_KEY]
        elif len(meta) >= _checks.METADATA_MAX_PAIRS:
            warnings.warn(
                f"metadata already has {_checks.METADATA_MAX_PAIRS} keys, the API's maximum, so ftkit's idempotency"
                " key is left out: an ambiguous failure of this create (timeout, dropped connection, 5xx) will be"
                " raised instead of retried",
                stacklevel=3,
            )
        else:
            key = idempotency_key if isinstance(idempotency_key, str) else uuid.uuid4().hex
            if not key or len(key) > _checks.METADATA_VALUE_MAX_LENGTH:
                raise ValidationError(
                    "idempotency_key", idempotency_key, "a non-empty string of at most 512 characters"
                )
            meta[IDEMPOTENCY_METADATA_KEY] = key
    checked_method = None if method is None else as_method(method)
    checked_hyperparameters = None if hyperparameters is None else as_hyperparameters(hyperparameters)
    for path, weight in weights.items():
        # Azure's prompt_loss_weight, checked, goes back where it was given (kept as an extra field).
        target: Any = checked_hyperparameters if path == "hyperparameters" else checked_method
        for part in path.split(".")[1:]:
            target = getattr(target, part)
        target.additional_properties["prompt_loss_weight"] = weight
    return JobRequest(
        model=model,
        method=checked_method,
        hyperparameters=checked_hyperparameters,
        suffix=suffix,
        seed=seed,
        metadata=meta,
        integrations=None if integrations is None else as_integrations(integrations),
        key=key,
        training_type=training_type,
    )


def _azure_weights(method: Any, hyperparameters: Any, *, azure: bool) -> tuple[dict[str, float], Any, Any]:
    """Azure OpenAI's ``prompt_loss_weight`` taken out of the hyperparameters given as dicts
    (top-level, or a supervised or DPO method's), checked (a number from 0 to 1; Azure's docs show
    0.1), by path; the rest is checked by OpenAI's rules. On OpenAI's API it is refused by name."""
    weights: dict[str, float] = {}

    def take(path: str, value: Any) -> Any:
        if not isinstance(value, Mapping) or "prompt_loss_weight" not in value:
            return value
        weight = value["prompt_loss_weight"]
        if not azure:
            raise ValidationError(
                f"{path}.prompt_loss_weight",
                weight,
                "not given: prompt_loss_weight is Azure OpenAI's only (AzureClient)",
            )
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 <= weight <= 1:
            raise ValidationError(f"{path}.prompt_loss_weight", weight, "a number from 0 to 1")
        weights[path] = weight
        return {k: v for k, v in value.items() if k != "prompt_loss_weight"}

    hyperparameters = take("hyperparameters", hyperparameters)
    if isinstance(method, Mapping):
        method = dict(method)
        for kind in ("supervised", "dpo"):
            settings = method.get(kind)
            if isinstance(settings, Mapping) and "hyperparameters" in settings:
                path = f"method.{kind}.hyperparameters"
                method[kind] = {**settings, "hyperparameters": take(path, settings["hyperparameters"])}
    return weights, method, hyperparameters


def _generic_request(
    model: str,
    method: Any,
    hyperparameters: Any,
    suffix: str | None,
    seed: int | None,
    metadata: Mapping[str, str] | None,
    integrations: Sequence[Any] | None,
    idempotency_key: str | Literal[False] | None,
    training_type: int | str | None,
) -> JobRequest:
    """A job request for a server that is neither OpenAI's nor Azure's: what only OpenAI's rules
    refuse (hyperparameter names and ranges, methods, model names, metadata limits) is sent as
    given; only what no server could take (a value of the wrong JSON type) is refused."""
    from ftkit_api.models.create_fine_tuning_job_request_hyperparameters import (
        CreateFineTuningJobRequestHyperparameters,
    )
    from ftkit_api.models.fine_tune_method import FineTuneMethod

    from .methods import as_integrations

    if not isinstance(model, str) or not model.strip():
        raise ValidationError("model", model, "a model name")
    if suffix is not None and not isinstance(suffix, str):
        raise ValidationError("suffix", suffix, "a string")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise ValidationError("seed", seed, "an integer")
    for name, value in (("hyperparameters", hyperparameters), ("method", method)):
        if value is not None and not isinstance(value, Mapping) and not hasattr(value, "to_dict"):
            raise ValidationError(name, value, "a JSON object (a dict), sent as given")
    meta: dict[str, str] = {}
    if metadata is not None:
        if not isinstance(metadata, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()
        ):
            raise ValidationError("metadata", metadata, "a mapping of strings to strings")
        meta = dict(metadata)
    key: str | None = None
    if idempotency_key is not False:
        key = idempotency_key if isinstance(idempotency_key, str) else uuid.uuid4().hex
        meta.setdefault(IDEMPOTENCY_METADATA_KEY, key)
        key = meta[IDEMPOTENCY_METADATA_KEY]

    def as_json(value: Any) -> dict[str, Any]:
        return dict(value) if isinstance(value, Mapping) else dict(value.to_dict())

    return JobRequest(
        model=model,
        method=None if method is None else FineTuneMethod.from_dict(as_json(method)),
        hyperparameters=None
        if hyperparameters is None
        else CreateFineTuningJobRequestHyperparameters.from_dict(as_json(hyperparameters)),
        suffix=suffix,
        seed=seed,
        metadata=meta,
        integrations=None if integrations is None else as_integrations(integrations),
        key=key,
        training_type=training_type,
    )


def create_flow(
    body: CreateFineTuningJobRequest,
    key: str | None,
    policy: RetryPolicy,
    *,
    clock: VirtualClock | None = None,
    azure: bool = False,
) -> Flow[FineTuningJob]:
    """Create a job, retrying as ``policy`` says without ever creating a second one (see the
    module doc). A 403 is a :class:`JobCreationDeniedError` worded for the server (``azure``:
    Azure OpenAI).

    ``clock`` is a virtual clock to wait on instead of sleeping (the client's, for an
    emulator on a manual clock).

    >>> from ftkit._flow import SyncDriver
    >>> from ftkit._retry import RetryPolicy
    >>> request = job_request(model="gpt-4o-mini-2024-07-18")
    >>> flow = create_flow(request.body(training_file.id), request.key, RetryPolicy())
    >>> SyncDriver(executor).run(flow).status
    <FineTuningJobStatus.VALIDATING_FILES: 'validating_files'>
    """
    find = None if key is None else (lambda: job_with_key(key))
    try:
        job: FineTuningJob = yield from retried(
            call(create_fine_tuning_job, body=body), policy, clock=clock, once=True, find=find
        )
    except PermissionDeniedError as exc:
        raise JobCreationDeniedError.from_error(exc, azure=azure) from exc
    except BadRequestError as exc:
        if azure and body.training_type is UNSET and TrainingTypeRequiredError.AZURE_WORDS in exc.message:
            raise TrainingTypeRequiredError.from_error(exc) from exc
        raise
    return job


def job_with_key(key: str) -> Flow[FineTuningJob | None]:
    """A flow step: the job carrying the idempotency key ``key``, if the server lists one (one
    look; ``create_flow`` repeats it as its policy says, ``jobs.replay`` looks once).

    >>> from ftkit._flow import SyncDriver
    >>> from ftkit._retry import RetryPolicy
    >>> request = job_request(model="gpt-4o-mini-2024-07-18", idempotency_key="nightly-2026-06-01")
    >>> made = SyncDriver(executor).run(create_flow(request.body(training_file.id), request.key, RetryPolicy()))
    >>> SyncDriver(executor).run(job_with_key("nightly-2026-06-01")).id == made.id
    True
    """
    filter_ = ListPaginatedFineTuningJobsMetadataType0()
    filter_.additional_properties = {IDEMPOTENCY_METADATA_KEY: key}
    found = yield call(list_paginated_fine_tuning_jobs, limit=1, metadata=filter_)
    data = found.data if isinstance(found.data, list) else []
    # Only a job that carries the key: a server ignoring the filter answers others.
    for existing in data:
        metadata = _checks.json_form(existing).get("metadata")
        if isinstance(metadata, dict) and metadata.get(IDEMPOTENCY_METADATA_KEY) == key:
            job: FineTuningJob = existing
            return job
    return None


@attrs.frozen
class DataChecked:
    """``path`` (with ``validation_path``, checked together) is valid training data; ``report`` says more."""

    path: Path
    validation_path: Path | None
    report: Report


@attrs.frozen
class FileUploaded:
    """The local file ``path`` was uploaded as ``file`` (``file.id`` goes into the job)."""

    path: Path
    file: OpenAIFile


@attrs.frozen
class ModelChecked:
    """The base model ``name`` was looked up before any upload: ``model`` is the server's
    answer (its ``shutdown_date`` ...), None when the look-up could not be made."""

    name: str
    model: Model | None


#: What ``create_from_files`` tells ``on_step`` as it goes.
Step: TypeAlias = DataChecked | ModelChecked | FileUploaded


def model_flow(model: str, *, refuse_unknown: bool = True) -> Flow[Model | None]:
    """Look the base model up (``GET /models/{model}``) before anything is uploaded: the model,
    or None when the look-up could not be made (no answer, a refusal, a server without the
    route, an answer that cannot be read), which never stops a create: the create's own answer
    will tell. With ``refuse_unknown``, a 404 that says the model is unknown (OpenAI's
    ``model_not_found``, an error naming ``model``, or a message naming the model rather than
    the URL) is a ``ValidationError`` naming ``model``.

    >>> next(model_flow("gpt-4o-mini-2024-07-18")).kwargs["url"]
    '/models/gpt-4o-mini-2024-07-18'
    """
    try:
        found: Model = yield call(retrieve_model, model)
    except NotFoundError as exc:
        if refuse_unknown and _says_unknown(exc, model):
            raise ValidationError(
                "model", model, f"a model this server has (GET /models/{model} answered 404: {exc.message})"
            ) from None
        return None
    except APIError:
        return None
    return found


def _says_unknown(error: NotFoundError, model: str) -> bool:
    """Whether a 404 to ``GET /models/{model}`` is about the model, not about the route: a
    server without the route (a gateway, another server) answers 404 too, naming the URL at
    most ("Unknown request URL: GET /v1/models/...")."""
    if error.code == "model_not_found" or error.param == "model":
        return True
    message = error.message or ""
    return model in message and f"models/{model}" not in message


def local_file(value: str | os.PathLike[str], argument: str) -> Path | None:
    """The local file ``value`` names, or None when it is a file id.

    An ``os.PathLike`` and anything that exists on disk is a path; a name that looks like
    one (a directory part, a ``.jsonl`` ending) but does not exist is a mistake worth
    stopping for, not an id.

    >>> local_file("file-abc123", "training_file") is None
    True
    >>> local_file("data/train.jsonl", "training_file")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ftkit.errors.ValidationError: training_file: 'data/train.jsonl' is not allowed; ... (no such file)
    """
    if not isinstance(value, (str, os.PathLike)) or (isinstance(value, str) and not value.strip()):
        raise ValidationError(argument, value, "a file id or the path of a local file")
    path = Path(value).expanduser()
    if path.is_file():
        return path
    if path.exists():
        raise ValidationError(argument, str(value), "a file id or the path of a file (this is not a file)")
    text = os.fspath(value)
    if isinstance(value, os.PathLike) or os.sep in text or "/" in text or path.suffix.lower() in _PATH_SUFFIXES:
        raise ValidationError(argument, text, "a file id or the path of an existing file (no such file)")
    return None


def create_from_files_flow(
    request: JobRequest,
    training: str | Path,
    validation: str | Path | None,
    *,
    policy: RetryPolicy,
    validate_data: bool = True,
    tokens: str = "auto",
    clock: VirtualClock | None = None,
    azure: bool = False,
    upload_threshold: int | None = DEFAULT_THRESHOLD,
    refuse_unknown_model: bool = True,
) -> Flow[FineTuningJob]:
    """The flow of ``jobs.create_from_files``: check the local files, upload them, create the job.

    ``training`` and ``validation`` are file ids (``str``) or local files (``Path``, see
    :func:`local_file`). Local files are validated together (so overlap between them is
    found too) before either is uploaded; invalid data raises ``TrainingDataError``. Then,
    when there is something to upload, the base model is looked up (:func:`model_flow`; an
    unknown one refused when ``refuse_unknown_model``: OpenAI's API and Azure OpenAI, whose
    ``/models`` lists the models they fine-tune; another server's may not).
    Emits a :class:`DataChecked` per check, a :class:`ModelChecked` and a :class:`FileUploaded` per upload.

    >>> from ftkit._flow import SyncDriver
    >>> from ftkit._retry import RetryPolicy
    >>> flow = create_from_files_flow(job_request(model="gpt-4o-mini-2024-07-18"), Path("train.jsonl"), None,
    ...                               policy=RetryPolicy())
    >>> SyncDriver(executor).run(flow, on_emit=lambda step: print(type(step).__name__)).status
    DataChecked
    ModelChecked
    FileUploaded
    <FineTuningJobStatus.VALIDATING_FILES: 'validating_files'>
    """
    if validate_data:
        for path, other in _checks_to_run(training, validation):
            yield Emit(_validated(request, path, other, tokens))
    if isinstance(training, Path) or isinstance(validation, Path):
        # A mistyped model is refused here, before an upload it would orphan.
        found = yield from model_flow(request.model, refuse_unknown=refuse_unknown_model)
        yield Emit(ModelChecked(request.model, found))
    ids: list[str | None] = []
    for given in (training, validation):
        if isinstance(given, Path):
            upload = file_upload_flow(given, "fine-tune", policy=policy, clock=clock, threshold=upload_threshold)
            uploaded: OpenAIFile = yield from upload
            yield Emit(FileUploaded(given, uploaded))
            ids.append(uploaded.id)
        else:
            ids.append(given)
    training_id = ids[0]
    assert training_id is not None  # the training file is required
    body = request.body(training_id, ids[1])
    return (yield from create_flow(body, request.key, policy, clock=clock, azure=azure))


def _checks_to_run(training: str | Path, validation: str | Path | None) -> list[tuple[Path, Path | None]]:
    # Checked together when both are local, so overlap between them is found too.
    if isinstance(training, Path):
        return [(training, validation if isinstance(validation, Path) else None)]
    return [(validation, None)] if isinstance(validation, Path) else []


def _validated(request: JobRequest, path: Path, other: Path | None, tokens: str) -> DataChecked:
    from .data import validate

    report = validate(
        path,
        method=request.method_type,
        model=request.model,
        validation_path=other,
        grader=request.grader,
        tokens=tokens,
    )
    if not report.valid:
        raise TrainingDataError(str(path), report)
    return DataChecked(path, other, report)
