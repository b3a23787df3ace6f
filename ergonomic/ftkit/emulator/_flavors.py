"""The server the emulator plays: OpenAI's API (``/v1``) or Azure OpenAI's (``/openai/...``).

Handlers speak OpenAI's JSON only. A :class:`Flavor` is the translation at the edges of the
core, applied to every route, so an endpoint added to ``_handlers.ROUTES`` is served in every
flavour with no code of its own:

- **addressing**: the path prefix the router strips (``/v1`` optional; ``/openai`` required);
- **checks before the handler**: the key (``Authorization: Bearer``, or Azure's ``api-key``)
  and, for Azure, the ``api-version`` query parameter;
- **requests**: query parameters and JSON bodies rewritten into what the handlers know
  (Azure's ``trainingType`` and ``-1`` hyperparameters);
- **answers**: every JSON answer passes through :meth:`Flavor.answer`, which reshapes each
  object by its ``"object"`` field (``AzureFlavor.SHAPERS``), lists included, and sets the status;
- **errors**: the body of every error (:meth:`Flavor.error_body`);
- **names**: ids and fine-tuned model names as that server makes them.

OpenAI's flavour is the identity: the handlers' own JSON is OpenAI's.

Azure's behaviour comes from its REST description and example answers
(``spec/azure/2024-10-21``, differences numbered in ``spec/azure/DIFFERENCES.md``, cited as
"D12"); what neither says is marked *guess* where it is decided.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar

from ._arm import ARM_VERSIONS, ArmDeployments
from ._errors import EmulatorError, bad_request, not_found
from ._http import Body, Response, json_response, parse_query
from ._jobs import ORGANIZATION_NAME, TERMINAL
from ._pages import query_integer, shown
from ._routes import JSON_BODY_LIMIT, Route

FLAVORS = ("openai", "azure")

_MISSING_KEY = (
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer "
    "auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from "
    "https://platform.openai.com/account/api-keys."
)


class Flavor:
    """OpenAI's API as the handlers speak it: ``/v1`` (optional), bearer keys, OpenAI's error shape.

    A subclass overrides the hooks below; each hook of this class changes nothing.

    >>> Flavor().error_body(EmulatorError(404, "gone"))["error"]["type"]
    'invalid_request_error'
    """

    name = "openai"
    #: The prefix of every path (``/v1``); ``prefix_required`` False also serves paths without it.
    prefix = "/v1"
    prefix_required = False
    #: Base models this server fine-tunes besides the emulator's OpenAI snapshots.
    extra_models: frozenset[str] = frozenset()
    #: Id prefixes drawn as 32 hex digits rather than the API's alphanumerics.
    hex_ids: tuple[str, ...] = ()
    #: Id prefixes this server names otherwise (the handlers' prefix -> this server's).
    id_prefixes: ClassVar[dict[str, str]] = {}

    def surfaces(self) -> list[Flavor]:
        """The servers this one is, each under its own prefix, most specific first (Azure
        OpenAI: the v1 API under ``/openai/v1``, the dated one under ``/openai``). A request
        is answered by the first whose prefix starts its path, else by the last."""
        return [self]

    def routes(self, routes: Sequence[Route]) -> list[Route]:
        """The routes this server answers, from the handlers' table."""
        return list(routes)

    def check(self, headers: Mapping[str, str], query: Query, api_key: str | None) -> None:
        """Raise the error a request gets before any handler runs (a missing or wrong key)."""
        scheme, _, key = (headers.get("authorization") or "").partition(" ")
        key = key.strip()
        if scheme.lower() != "bearer" or not key:
            raise EmulatorError(401, _MISSING_KEY)
        if api_key is not None and key != api_key:
            shown = f"{key[:3]}***{key[-4:]}" if len(key) > 8 else "***"
            raise EmulatorError(
                401,
                f"Incorrect API key provided: {shown}. You can find your API key at "
                "https://platform.openai.com/account/api-keys.",
                code="invalid_api_key",
            )

    def translate(
        self, endpoint: str, query: list[tuple[str, str]], body: Body
    ) -> tuple[list[tuple[str, str]], Body | None]:
        """The query and body the handler sees; a new body (or None to keep the one given)."""
        return query, None

    def answer(self, endpoint: str, query: Sequence[tuple[str, str]], result: Any) -> Response:
        """A handler's result (JSON-able, or a ready :class:`Response`) as this server sends it."""
        return result if isinstance(result, Response) else json_response(200, result)

    def shape(self, value: Any, endpoint: str) -> Any:
        """A JSON answer of the handlers as this server shows it (what :meth:`answer` sends)."""
        return value

    def error_body(self, error: EmulatorError) -> dict[str, Any]:
        """The JSON body of an error answer."""
        return error.body()

    def headers(self) -> dict[str, str]:
        """Headers added to every answer (beside ``x-request-id`` and the processing time)."""
        return {"openai-version": "2020-10-01"}

    def fine_tuned_name(self, base: str, suffix: str | None, job_id: str, draw: Callable[[str, int], str]) -> str:
        """The name of a job's fine-tuned model (its checkpoints add ``:ckpt-step-N``); ``draw`` makes an id."""
        return f"ft:{base}:{ORGANIZATION_NAME}:{suffix or ''}:{draw('', 8)}"

    def environ(self, endpoint: str, api_key: str | None) -> dict[str, str]:
        """Environment variables that point this server's SDK at ``endpoint`` (``http://host:port``)."""
        return {"OPENAI_BASE_URL": endpoint + self.prefix, "OPENAI_API_KEY": api_key or "sk-emulator"}


# -- Azure OpenAI ---------------------------------------------------------------------------------

#: Azure's ErrorCode for each HTTP status (D12). Azure's description lists the codes but not which
#: status carries which: this pairing is a guess from the codes' descriptions.
_AZURE_CODES = {
    400: "invalidPayload",
    401: "unauthorized",
    403: "forbidden",
    404: "notFound",
    409: "conflict",
    413: "invalidPayload",
    429: "tooManyRequests",
    503: "serviceUnavailable",
}
#: Azure's job states (D19) for the emulator's: no validating_files or queued; a new job is pending.
_AZURE_STATUS = {"validating_files": "pending", "queued": "pending"}
#: Ids Azure's examples show as a prefix and 32 hex digits (D34-D36); others keep OpenAI's form.
_HEX_IDS = ("ftjob-", "file-", "ftevent-", "fine-tune-", "uplprt-")
#: Azure's prefixes of upload and part ids (D36). Guess: every Upload is ``fine-tune-...`` (the
#: one example is a fine-tune Upload; Azure may name others by their purpose).
_AZURE_ID_PREFIXES = {"upload_": "fine-tune-", "part_": "uplprt-"}
#: Endpoints Azure's stable description does not have (D7): checkpoint permissions and graders.
_NOT_ON_AZURE = ("/fine_tuning/checkpoints/", "/fine_tuning/alpha/")
#: Endpoints of the handlers' table Azure's stable description does not have (D7, D29), and the
#: model endpoints, which Azure's dated surface serves under a deployment only (its inference
#: description: ``/deployments/{deployment-id}/chat/completions``, ``.../embeddings``).
_DEPLOYMENT_ENDPOINTS = ("POST /chat/completions", "POST /embeddings")
_NOT_ON_AZURE_ENDPOINTS = ("DELETE /models/{model}", *_DEPLOYMENT_ENDPOINTS)
#: Create calls Azure answers 201, with a Location header (D10), and where that location is.
_CREATED = {"POST /fine_tuning/jobs": "/fine_tuning/jobs/", "POST /files": "/files/"}
#: Create calls Azure answers 200 with a Location header (D10: ``POST /uploads``).
_LOCATED = {"POST /uploads": "/uploads/"}
#: Azure's base models named its own way (D37): GPT-3.5 Turbo snapshots with no dot.
AZURE_MODELS = frozenset({"gpt-35-turbo-0613", "gpt-35-turbo-1106", "gpt-35-turbo-0125"})
#: Azure's file purposes (D20). Guess: uploads are not held to them (the emulator takes OpenAI's).
AZURE_PURPOSES = ("fine-tune", "fine-tune-results", "assistants", "assistants_output", "batch", "batch_output")
_INT32 = 2**31 - 1
_API_VERSION = re.compile(r"(\d{4}-\d{2}-\d{2})(-preview)?")
DEFAULT_API_VERSION = "2024-10-21"
#: The dated surface's versions with fine-tuning: the stable 2024-10-21 (the newest stable
#: authoring version, ``spec/azure/2024-10-21``) and the previews from 2023-10-01-preview to
#: 2025-04-01-preview, the last dated version ([api-version-lifecycle.md]). Guess: that every
#: preview in that range has the fine-tuning routes (the first with ``/fine_tuning/jobs``).
STABLE_VERSIONS = ("2024-10-21",)
_FIRST_PREVIEW, LAST_PREVIEW = "2023-10-01", "2025-04-01"
#: The v1 surface's versions (v1 description, ``AzureAIFoundryModelsApiVersion``): optional, default v1.
V1_VERSIONS = ("v1", "preview")
#: Endpoints only the previews of the dated surface have (D7): the stable version answers 404.
_PREVIEW_ONLY = (
    "POST /fine_tuning/jobs/{fine_tuning_job_id}/pause",
    "POST /fine_tuning/jobs/{fine_tuning_job_id}/resume",
)
#: Azure's training types, as its docs name them (any case): ``Standard``, ``GlobalStandard``,
#: ``Developer`` (fine-tuning-oai-sdk.md), ``globalstandard`` and ``developerTier``
#: (fine-tuning-rest.md). Guess: an integer is taken as it is (litellm sends 1; what each
#: number means is not documented).
TRAINING_TYPE_NAMES = ("standard", "globalstandard", "developer", "developertier")
#: Azure's answer to a job created without a training type, as reported (BerriAI/litellm pull 24687).
NO_TRAINING_TYPE = "The specified base model does not support fine-tuning."


def dated_version_known(version: str) -> bool:
    """Whether ``version`` is one of the dated surface's versions with fine-tuning.

    >>> [dated_version_known(v) for v in ("2024-10-21", "2025-04-01-preview", "1999-01-01", "2025-05-01-preview")]
    [True, True, False, False]
    """
    match = _API_VERSION.fullmatch(version)
    if match is None:
        return False
    if match.group(2) is None:
        return version in STABLE_VERSIONS
    return _FIRST_PREVIEW <= match.group(1) <= LAST_PREVIEW


# The wording of Azure's gateway for a missing or wrong key, as users report it; guess: the code
# (reported as "401") is given here as the description's ErrorCode, "unauthorized".
_AZURE_MISSING_KEY = (
    "Access denied due to missing subscription key. Make sure to include subscription key when making "
    "requests to an API."
)
_AZURE_WRONG_KEY = (
    "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key "
    "for an active subscription and use a correct regional API endpoint for your resource."
)

Query = str | Sequence[tuple[str, str]]
Shaper = Callable[[dict[str, Any], str], dict[str, Any]]


def _shape_job(job: dict[str, Any], endpoint: str) -> dict[str, Any]:
    """A ``fine_tuning.job`` as Azure's examples show it (D13-D19)."""
    shaped: dict[str, Any] = {}
    for key, value in job.items():
        if key in ("organization_id", "metadata"):
            continue  # D13, D18: left out of every example; Azure has no metadata
        if key == "user_provided_suffix":
            key = "suffix"  # D16
        if key == "result_files" and not value:
            continue  # D13: a pending or cancelled job's example has no result_files
        if value is None:
            continue  # D15: Azure types these fields non-null; its examples leave them out
        shaped[key] = value
    shaped["status"] = _AZURE_STATUS.get(job.get("status", ""), job.get("status"))
    if isinstance(job.get("error"), dict):
        # FineTuningJobError types code, message and param as strings: a null param is left out.
        shaped["error"] = {k: v for k, v in job["error"].items() if v is not None}
    hyperparameters = job.get("hyperparameters")
    if isinstance(hyperparameters, dict):
        # D17: numbers only; "n_epochs": -1 is the examples' "not chosen yet". Guess: batch_size
        # and learning_rate_multiplier, absent from the examples, are left out until chosen.
        shaped["hyperparameters"] = {
            key: -1 if value == "auto" else value
            for key, value in hyperparameters.items()
            if value != "auto" or key == "n_epochs"
        }
    return shaped


def _shape_file(file: dict[str, Any], endpoint: str) -> dict[str, Any]:
    """A ``file``: an upload answers ``"status": "pending"`` (D21, ``upload_file.json``).

    Guess: Azure processes a file in the background; the emulator's is ready at once, so every
    later read answers ``processed`` (as ``get_files.json`` shows).
    """
    if endpoint == "POST /files":
        return {**file, "status": "pending"}
    return file


def _unix_day(day: str) -> int:
    """Midnight UTC of an ISO date, in unix seconds."""
    date = datetime.date.fromisoformat(day)
    return int(datetime.datetime(date.year, date.month, date.day, tzinfo=datetime.timezone.utc).timestamp())


#: Our choice for a model with no announced shutdown date: Azure's Deprecation requires an
#: ``inference`` date (D28), and the retirement schedule reported for Azure's fine-tuning says
#: "no earlier than" 2027-04 for training and 2027-10 for deployments; those two days stand in.
AZURE_FINE_TUNE_END = "2027-04-01"
AZURE_INFERENCE_END = "2027-10-01"
#: Base models that answer completions rather than chat (the rest are chat models).
_COMPLETION_MODELS = ("davinci-002", "babbage-002")


def _shape_model(model: dict[str, Any], endpoint: str) -> dict[str, Any]:
    """A ``model`` as Azure's ``Model`` (D28): ``created_at``, ``status``, ``capabilities``,
    ``lifecycle_status`` and ``deprecation`` in place of ``created``, ``owned_by`` and ``shutdown_date``.

    Our choice (Azure has no ``shutdown_date``): the emulator's shutdown date of the model (of
    its base model, for a fine-tune) becomes ``deprecation.inference`` (midnight UTC), and a base
    model's ``deprecation.fine_tune`` too; with none announced, :data:`AZURE_INFERENCE_END` and
    :data:`AZURE_FINE_TUNE_END`. A fine-tuned model (``BASE.ft-HEX[-suffix]``, named by
    :meth:`AzureFlavor.fine_tuned_name`) names its base ``model`` and its job ``fine_tune``, and has
    no ``deprecation.fine_tune`` ("null for fine tune models"). Guesses: every model is
    ``succeeded`` and ``generally-available``; a fine-tuned model cannot be fine-tuned again
    (``capabilities.fine_tune`` false, as the example shows).
    """
    if "deleted" in model:
        return model
    name = str(model.get("id", ""))
    base, tuned, rest = name.partition(".ft-")
    shutdown = model.get("shutdown_date")
    completion = (base if tuned else name) in _COMPLETION_MODELS
    shaped: dict[str, Any] = {"id": name, "object": "model"}
    if isinstance(model.get("created"), int):
        shaped["created_at"] = model["created"]
    shaped["status"] = "succeeded"
    if tuned:
        shaped["model"] = base
        shaped["fine_tune"] = "ftjob-" + rest[:32]
    shaped["capabilities"] = {
        "fine_tune": not tuned,
        "inference": True,
        "completion": completion,
        "chat_completion": not completion,
        "embeddings": False,
    }
    shaped["lifecycle_status"] = "generally-available"
    deprecation = {"inference": _unix_day(shutdown if isinstance(shutdown, str) else AZURE_INFERENCE_END)}
    if not tuned:
        deprecation["fine_tune"] = _unix_day(shutdown if isinstance(shutdown, str) else AZURE_FINE_TUNE_END)
    shaped["deprecation"] = deprecation
    return shaped


def block_id(part_id: str) -> str:
    """Azure's ``azure_block_id`` of a part (D33): the base64 of the 16 bytes its id's hex digits
    spell, so the block id gives the part back (:func:`part_of_block`). Guess: Azure's block ids
    are base64 of 16 bytes too (the examples'), made some other way.

    >>> block_id("uplprt-" + "00" * 15 + "ff")
    'AAAAAAAAAAAAAAAAAAAA/w=='
    """
    digits = part_id.rpartition("-")[2]
    try:
        return base64.b64encode(bytes.fromhex(digits)).decode("ascii")
    except ValueError:
        return base64.b64encode(part_id.encode()).decode("ascii")


def part_of_block(value: str) -> str:
    """The part id a block id names (:func:`block_id`), or ``value`` unchanged when it is not one.

    >>> part_of_block("AAAAAAAAAAAAAAAAAAAA/w==") == "uplprt-" + "00" * 15 + "ff"
    True
    """
    if value.startswith("uplprt-"):
        return value
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return value
    return "uplprt-" + raw.hex() if len(raw) == 16 else value


def _shape_upload(upload: dict[str, Any], endpoint: str) -> dict[str, Any]:
    """An ``upload``: Azure types ``file`` as a plain File (D32), so a pending Upload leaves it out."""
    return {k: v for k, v in upload.items() if v is not None}


def _shape_part(part: dict[str, Any], endpoint: str) -> dict[str, Any]:
    """An ``upload.part`` with Azure's ``azure_block_id`` (D33)."""
    return {**part, "azure_block_id": block_id(str(part.get("id", "")))}


def _shape_event(event: dict[str, Any], endpoint: str) -> dict[str, Any]:
    """A ``fine_tuning.job.event``: Azure's LogLevel says ``warning`` where OpenAI's events say ``warn`` (D26)."""
    if event.get("level") == "warn":
        return {**event, "level": "warning"}
    return event


class AzureFlavor(Flavor):
    """Azure OpenAI's deployment-less fine-tuning routes: ``{endpoint}/openai/...?api-version=...``.

    Keys come in the ``api-key`` header, or as ``Authorization: Bearer`` (a Microsoft Entra ID
    token; with ``api_key`` set, the emulator takes that same value as the token). Errors are
    ``{"error": {"code", "message", "target"?}}``.

    >>> flavor = AzureFlavor()
    >>> flavor.error_body(EmulatorError(404, "No such File object: f", param="id"))
    {'error': {'code': 'notFound', 'message': 'No such File object: f', 'target': 'id'}}
    """

    name = "azure"
    prefix = "/openai"
    prefix_required = True
    surface = "dated"
    extra_models = AZURE_MODELS
    hex_ids = _HEX_IDS
    id_prefixes: ClassVar[dict[str, str]] = _AZURE_ID_PREFIXES
    #: Reshapers of answer objects, by their ``"object"`` value: a new object type gets Azure's
    #: shape by adding its function here (``fn(obj, endpoint) -> obj``).
    SHAPERS: ClassVar[dict[str, Shaper]] = {
        "fine_tuning.job": _shape_job,
        "file": _shape_file,
        "fine_tuning.job.event": _shape_event,
        "model": _shape_model,
        "upload": _shape_upload,
        "upload.part": _shape_part,
    }
    #: Create calls answered 201 with a Location (D10), and those answered 200 with one.
    CREATED: ClassVar[dict[str, str]] = _CREATED
    LOCATED: ClassVar[dict[str, str]] = _LOCATED

    def __init__(self) -> None:
        #: Other resources a checkpoint may be copied to: ARM resource id -> (region, fine-tuning jobs).
        self.accounts: dict[str, tuple[str, int]] = {}
        self.copies: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
        self.arm = ArmFlavor()
        self._surfaces: list[Flavor] = [AzureV1Flavor(self), self.arm, self]

    def surfaces(self) -> list[Flavor]:
        return self._surfaces

    def add_account(self, resource_id: str, region: str, *, fine_tuning_jobs: int = 1) -> None:
        """Make ``resource_id`` (``/subscriptions/.../accounts/NAME``) a resource in ``region`` that a
        checkpoint can be copied to; the docs require it to have at least one fine-tuning job.

        >>> flavor = AzureFlavor()
        >>> flavor.add_account("/subscriptions/s/resourceGroups/g/providers/Microsoft.CognitiveServices/accounts/b",
        ...                    "swedencentral")
        >>> len(flavor.accounts)
        1
        """
        self.accounts[resource_id.rstrip("/").lower()] = (region, fine_tuning_jobs)

    def routes(self, routes: Sequence[Route]) -> list[Route]:
        kept = [
            r for r in routes if not r.template.startswith(_NOT_ON_AZURE) and r.endpoint not in _NOT_ON_AZURE_ENDPOINTS
        ]
        # Models answer under their deployment on Azure's dated surface: one made through ARM
        # (``_arm``) serves its model; any other name is taken as the model it names (a base model
        # or a fine-tune the emulator made: a shortcut of the emulator's, real Azure needs a deployment).
        deployed = [
            Route(r.method, "/deployments/{deployment}" + r.template, self._deployed(r.handler), r.max_body)
            for r in routes
            if r.endpoint in _DEPLOYMENT_ENDPOINTS
        ]
        return [*kept, *deployed, Route("DELETE", "/fine_tuning/jobs/{fine_tuning_job_id}", delete_job)]

    def _deployed(self, handler: Callable[..., Any]) -> Callable[..., Any]:
        """``handler`` with the request's deployment (its path's, or on v1 the body's ``model``)
        read as the model an ARM deployment of that name serves, once it has succeeded."""
        arm = self.arm.deployments

        def serve(state: Any, request: Any) -> Any:
            name = request.params.get("deployment")
            if name is not None:
                model = arm.model_of(name, state)
                params = request.params if model is None else {**request.params, "deployment": model}
                return handler(state, dataclasses.replace(request, params=params))
            body = request.json()
            model = arm.model_of(body.get("model"), state) if isinstance(body.get("model"), str) else None
            if model is None:
                return handler(state, dataclasses.replace(request, body=Body.of(json.dumps(body).encode())))
            return handler(
                state, dataclasses.replace(request, body=Body.of(json.dumps({**body, "model": model}).encode()))
            )

        return serve

    def check(self, headers: Mapping[str, str], query: Query, api_key: str | None) -> None:
        # Guess: the key is checked before the version (a gateway's order).
        key = (headers.get("api-key") or "").strip()
        if not key:
            scheme, _, token = (headers.get("authorization") or "").partition(" ")
            key = token.strip() if scheme.lower() == "bearer" else ""
        if not key:
            raise EmulatorError(401, _AZURE_MISSING_KEY)
        if api_key is not None and key != api_key:
            raise EmulatorError(401, _AZURE_WRONG_KEY)
        self.check_version(_version(query))

    def check_version(self, version: str | None) -> None:
        """Refuse a missing or unknown ``api-version`` (D2: required on the dated surface)."""
        if not version:
            # Guess: the wording (Azure's is not described).
            raise bad_request("Missing required query parameter 'api-version'.", "api-version")
        if not dated_version_known(version):
            raise bad_request(
                f"Invalid 'api-version' {version!r}: this endpoint takes {', '.join(STABLE_VERSIONS)} or a"
                f" preview from {_FIRST_PREVIEW}-preview to {LAST_PREVIEW}-preview (or use the v1 API under"
                " /openai/v1).",
                "api-version",
            )

    def translate(
        self, endpoint: str, query: list[tuple[str, str]], body: Body
    ) -> tuple[list[tuple[str, str]], Body | None]:
        version = _version(query)
        if endpoint in _PREVIEW_ONLY and version in STABLE_VERSIONS:
            # D7: pause and resume are in the previews' description, not in 2024-10-21's.
            raise not_found(f"Resource not found: {endpoint.split()[1]} is not in api-version {version}.")
        query = [(k, v) for k, v in query if k != "api-version"]
        if endpoint == "GET /fine_tuning/jobs":
            # D9: no metadata filter on Azure's job list. Guess: the parameter is ignored, not refused
            # (as the file list's unknown parameters are), so every job is answered.
            query = [(k, v) for k, v in query if not k.startswith("metadata")]
        for name, value in query:
            number = query_integer(value) if name == "limit" else None
            if number is not None and not -_INT32 - 1 <= number <= _INT32:
                # Azure describes limit as an int32.
                raise bad_request(
                    f"Invalid 'limit': {shown(value.strip())} is out of range; it must be at most {_INT32}.", "limit"
                )
        if endpoint == "GET /files":
            # D8: Azure's file list is not paged and takes only `purpose`, one of Azure's purposes
            # (D20). Guess: other parameters are ignored, not refused.
            query = [(k, v) for k, v in query if k == "purpose"]
            for _, purpose in query:
                if purpose not in AZURE_PURPOSES:
                    raise bad_request(
                        f"Invalid 'purpose': {purpose!r}; expected one of {', '.join(AZURE_PURPOSES)}.", "purpose"
                    )
        if endpoint == "POST /fine_tuning/jobs":
            return query, _translate_job_body(body)
        if endpoint == "POST /uploads/{upload_id}/complete":
            return query, _translate_complete_body(body)
        return query, None

    def answer(self, endpoint: str, query: Sequence[tuple[str, str]], result: Any) -> Response:
        if isinstance(result, Response):
            return result
        shaped = self.shape(result, endpoint)
        if isinstance(shaped, dict) and shaped.get("object") == "list":
            shaped.pop("first_id", None)  # D25: no first_id/last_id on any list
            shaped.pop("last_id", None)
            if endpoint == "GET /files":
                shaped.pop("has_more", None)  # D8: FileList is object and data only
        where = self.CREATED.get(endpoint)
        if where is not None and isinstance(shaped, dict) and isinstance(shaped.get("id"), str):
            # D10: 201 with the new object's location (Azure's is absolute; relative here).
            return json_response(201, shaped, {"location": f"{self.prefix}{where}{shaped['id']}"})
        where = self.LOCATED.get(endpoint)
        if where is not None and isinstance(shaped, dict) and isinstance(shaped.get("id"), str):
            return json_response(200, shaped, {"location": f"{self.prefix}{where}{shaped['id']}"})
        return json_response(200, shaped)

    def shape(self, value: Any, endpoint: str) -> Any:
        if isinstance(value, list):
            return [self.shape(item, endpoint) for item in value]
        if not isinstance(value, dict):
            return value
        if value.get("object") == "list" and isinstance(value.get("data"), list):
            return {**value, "data": [self.shape(item, endpoint) for item in value["data"]]}
        shaper = self.SHAPERS.get(str(value.get("object")))
        return shaper(value, endpoint) if shaper is not None else value

    def error_body(self, error: EmulatorError) -> dict[str, Any]:
        # The OpenAI-style `code` of the error (e.g. model_not_available) has no place in Azure's
        # ErrorCode enum; the status decides the code, the message stays.
        code = "internalFailure" if error.status >= 500 else _AZURE_CODES.get(error.status, "invalidPayload")
        if error.status == 503:
            code = "serviceUnavailable"
        body: dict[str, Any] = {"code": code, "message": error.message}
        if error.param:
            body["target"] = error.param
        return {"error": body}

    def headers(self) -> dict[str, str]:
        return {}

    def fine_tuned_name(self, base: str, suffix: str | None, job_id: str, draw: Callable[[str, int], str]) -> str:
        # D37: `<base>.ft-<the job id's hex>` (get_finetuning_job.json). Guess: a suffix follows
        # after a dash, as Azure's documentation pages show it.
        name = f"{base}.ft-{job_id.rpartition('-')[2]}"
        return f"{name}-{suffix}" if suffix else name

    def environ(self, endpoint: str, api_key: str | None) -> dict[str, str]:
        return {
            "AZURE_OPENAI_ENDPOINT": endpoint,
            "AZURE_OPENAI_API_KEY": api_key or "azure-emulator",
            "OPENAI_API_VERSION": DEFAULT_API_VERSION,
        }


# -- Azure OpenAI's v1 API ------------------------------------------------------------------------

#: Endpoints of the handlers' table the v1 description does not have (V2, V4): the Uploads API,
#: checkpoint permissions, model deletion.
_NOT_ON_V1 = ("/uploads", "/fine_tuning/checkpoints/")
_NOT_ON_V1_ENDPOINTS = ("DELETE /models/{model}",)
#: The preview header a checkpoint copy needs (v1 description, ``aoai-copy-ft-checkpoints``).
COPY_HEADER = "aoai-copy-ft-checkpoints"
#: Emulated seconds a checkpoint copy takes. Guess: the docs call it long-running and say no more.
COPY_SECONDS = 120.0


def _shape_v1_model(model: dict[str, Any], endpoint: str) -> dict[str, Any]:
    """A ``model`` on v1: the v1 description's ``OpenAI.Model`` requires ``id``, ``created``,
    ``object`` and ``owned_by`` (V6). Guess: Azure's own fields (``capabilities``,
    ``deprecation``, ...) come along, as on the dated surface."""
    if "deleted" in model:
        return model
    shaped = _shape_model(model, endpoint)
    created = model.get("created")
    return {
        "id": shaped["id"],
        "object": "model",
        "created": created if isinstance(created, int) else 0,
        "owned_by": str(model.get("owned_by") or "system"),
        **{k: v for k, v in shaped.items() if k not in ("id", "object")},
    }


class AzureV1Flavor(AzureFlavor):
    """Azure OpenAI's v1 API: ``{endpoint}/openai/v1/...``, ``api-version`` optional (``v1``, the
    default, or ``preview``), OpenAI's job and event objects, and an error with ``param``.

    Differences from the dated surface are numbered V1... in ``spec/azure/DIFFERENCES.md``.

    >>> AzureV1Flavor(AzureFlavor()).error_body(EmulatorError(404, "gone", param="file_id"))
    {'error': {'code': 'notFound', 'message': 'gone', 'param': 'file_id', 'type': 'error'}}
    """

    prefix = "/openai/v1"
    surface = "v1"
    #: V3: OpenAI's job (statuses, metadata, organization_id) and event (level ``warn``) objects.
    SHAPERS: ClassVar[dict[str, Shaper]] = {
        "file": _shape_file,
        "model": _shape_v1_model,
    }
    #: V5: creates answer 200 with no Location.
    CREATED: ClassVar[dict[str, str]] = {}
    LOCATED: ClassVar[dict[str, str]] = {}

    def __init__(self, dated: AzureFlavor) -> None:
        # One resource: the dated surface's accounts and copies, the same objects.
        self.dated = dated
        self.accounts = dated.accounts
        self.copies = dated.copies

    def surfaces(self) -> list[Flavor]:
        return [self]

    def routes(self, routes: Sequence[Route]) -> list[Route]:
        kept = [r for r in routes if not r.template.startswith(_NOT_ON_V1) and r.endpoint not in _NOT_ON_V1_ENDPOINTS]
        # V10: the deployment's name is the body's `model` (an ARM deployment serves its model).
        kept = [
            Route(r.method, r.template, self.dated._deployed(r.handler), r.max_body)
            if r.endpoint in _DEPLOYMENT_ENDPOINTS
            else r
            for r in kept
        ]
        template = "/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints/{fine_tuning_checkpoint_id}/copy"
        return [*kept, Route("POST", template, self._copy), Route("GET", template, self._copy_status)]

    def check_version(self, version: str | None) -> None:
        # V1: optional; v1 when not given.
        if version is not None and version not in V1_VERSIONS:
            raise bad_request(
                f"Invalid 'api-version' {version!r}: the v1 API takes v1 (the default) or preview.", "api-version"
            )

    def error_body(self, error: EmulatorError) -> dict[str, Any]:
        # V7: AzureErrorResponse of the v1 description: code, message, param, type "error".
        body = super().error_body(error)["error"]
        shaped: dict[str, Any] = {"code": body["code"], "message": body["message"]}
        if error.param:
            shaped["param"] = error.param
        shaped["type"] = "error"
        return {"error": shaped}

    def answer(self, endpoint: str, query: Sequence[tuple[str, str]], result: Any) -> Response:
        if isinstance(result, Response):
            return result
        shaped = self.shape(result, endpoint)
        if endpoint == "GET /files" and isinstance(shaped, dict):
            # V8: AzureListFilesResponse requires has_more (and first_id, last_id), but listFiles takes
            # no `after`: one answer is every file, so has_more is false.
            data = shaped.get("data") or []
            shaped = {
                **shaped,
                "first_id": data[0]["id"] if data else None,
                "last_id": data[-1]["id"] if data else None,
                "has_more": False,
            }
        return json_response(200, shaped)

    def translate(
        self, endpoint: str, query: list[tuple[str, str]], body: Body
    ) -> tuple[list[tuple[str, str]], Body | None]:
        if endpoint == "GET /files":
            # V8: listFiles takes `purpose` only (any string); the rest is ignored (guess), so every file is answered.
            return [(k, v) for k, v in query if k == "purpose"], None
        return super().translate(endpoint, query, body)

    # -- checkpoint copy (V9) ---------------------------------------------------------------------

    def _copy(self, state: Any, request: Any) -> Any:
        """``POST .../checkpoints/{id}/copy``: start copying a checkpoint to another resource."""
        job_id, checkpoint_id = self._copy_target(state, request)
        payload = request.json()
        destination, region = payload.get("destinationResourceId"), payload.get("region")
        for name, value in (("destinationResourceId", destination), ("region", region)):
            if not isinstance(value, str) or not value.strip():
                raise bad_request(f"Missing required property '{name}'.", name)
        assert isinstance(destination, str) and isinstance(region, str)
        account = self.accounts.get(destination.rstrip("/").lower())
        with state.current():
            # Guess: a copy the docs' prerequisites rule out (a destination this emulator does not know,
            # in another region, or with no fine-tuning job) is accepted, then reported Failed.
            ok = account is not None and account[0].lower() == region.lower() and account[1] > 0
            self.copies.setdefault((job_id, checkpoint_id), {})[destination] = {
                "region": region,
                "started": state.now,
                "ok": ok,
            }
            return self._copy_json(state, job_id, checkpoint_id)

    def _copy_status(self, state: Any, request: Any) -> Any:
        """``GET .../checkpoints/{id}/copy``: the copies of a checkpoint and their status."""
        job_id, checkpoint_id = self._copy_target(state, request)
        with state.current():
            if (job_id, checkpoint_id) not in self.copies:
                raise not_found(f"No copy of checkpoint {checkpoint_id} was started.", "fine_tuning_checkpoint_id")
            return self._copy_json(state, job_id, checkpoint_id)

    def _copy_target(self, state: Any, request: Any) -> tuple[str, str]:
        if (request.headers.get(COPY_HEADER) or "").strip().lower() != "preview":
            # V9: the header is required; guess: the wording.
            raise bad_request(f"Checkpoint copy is a preview: send the header '{COPY_HEADER}: preview'.", COPY_HEADER)
        job_id = request.params["fine_tuning_job_id"]
        checkpoint_id = request.params["fine_tuning_checkpoint_id"]
        with state.current():
            job = state.jobs.get(job_id)
            if job is None:
                raise not_found(f"Fine-tuning job {job_id} not found.", "fine_tuning_job_id")
            names = ((c.get("id"), c.get("fine_tuned_model_checkpoint")) for c in state.checkpoints_of(job))
            if not any(checkpoint_id in pair for pair in names):
                raise not_found(f"Checkpoint {checkpoint_id} not found in job {job_id}.", "fine_tuning_checkpoint_id")
        return job_id, checkpoint_id

    def _copy_json(self, state: Any, job_id: str, checkpoint_id: str) -> dict[str, Any]:
        details = []
        for destination, copy in self.copies[(job_id, checkpoint_id)].items():
            done = state.now >= copy["started"] + COPY_SECONDS
            status = ("Completed" if copy["ok"] else "Failed") if done else "InProgress"
            details.append({"destinationResourceId": destination, "region": copy["region"], "status": status})
        return {"checkpointedModelName": checkpoint_id, "fineTuningJobId": job_id, "copiedAccountDetails": details}


# -- Azure Resource Manager (deployments) -----------------------------------------------------------


class ArmFlavor(Flavor):
    """Azure Resource Manager's deployments (``_arm``) at the emulator's own address, under
    ``/subscriptions``: Bearer tokens only, ARM's ``api-version``, ARM's error body
    ``{"error": {"code", "message"}}``.

    >>> ArmFlavor().error_body(EmulatorError(404, "gone"))
    {'error': {'code': 'NotFound', 'message': 'gone'}}
    """

    name = "azure"
    prefix = "/subscriptions"
    prefix_required = True
    surface = "arm"
    CODES: ClassVar[dict[int, str]] = {
        400: "InvalidRequestContent",
        401: "AuthenticationFailed",
        404: "NotFound",
        405: "MethodNotAllowed",
        409: "Conflict",
    }

    def __init__(self) -> None:
        self.deployments = ArmDeployments()

    def routes(self, routes: Sequence[Route]) -> list[Route]:
        return self.deployments.routes()

    def check(self, headers: Mapping[str, str], query: Query, api_key: str | None) -> None:
        scheme, _, token = (headers.get("authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            # Guess: the wording of ARM's refusal (ARM takes Entra ID tokens only, no api-key).
            raise EmulatorError(
                401, "The request is missing an Authorization header with a Bearer token for Azure Resource Manager."
            )
        version = _version(query)
        if version not in ARM_VERSIONS:
            raise bad_request(
                f"The api-version {version!r} is not supported for Microsoft.CognitiveServices deployments;"
                f" supported: {', '.join(ARM_VERSIONS)}.",
                "api-version",
            )

    def translate(
        self, endpoint: str, query: list[tuple[str, str]], body: Body
    ) -> tuple[list[tuple[str, str]], Body | None]:
        return [(k, v) for k, v in query if k != "api-version"], None

    def error_body(self, error: EmulatorError) -> dict[str, Any]:
        code = error.code or self.CODES.get(error.status, "InternalServerError")
        return {"error": {"code": code, "message": error.message}}

    def headers(self) -> dict[str, str]:
        return {}


def _translate_job_body(body: Body) -> Body | None:
    """Azure's job-creation body as the handler knows it: ``trainingType`` checked and taken off (D38),
    ``-1`` hyperparameters read as ``"auto"`` (D17; guess: -1 is how Azure says "default")."""
    try:
        payload = json.loads(body.read(limit=JSON_BODY_LIMIT))
    except (ValueError, RecursionError, EmulatorError):
        return None  # the handler answers the malformed body itself
    if not isinstance(payload, dict):
        return None
    changed = False
    if "trainingType" not in payload:
        # D38: Azure's misleading answer to a job without a training type (reported; the wording is
        # Azure's, the target is our guess).
        raise bad_request(NO_TRAINING_TYPE, "model")
    training_type = payload.pop("trainingType")
    changed = True
    if (
        isinstance(training_type, bool)
        or not isinstance(training_type, (int, str))
        or (isinstance(training_type, str) and training_type.strip().lower() not in TRAINING_TYPE_NAMES)
        or (isinstance(training_type, int) and training_type < 0)
    ):
        raise bad_request(
            f"Invalid 'trainingType': expected Standard, GlobalStandard, Developer or an integer, got"
            f" {training_type!r}.",
            "trainingType",
        )
    for path, settings in _hyperparameter_objects(payload):
        if "prompt_loss_weight" in settings:
            # Azure only (fine-tuning-rest.md: "hyperparameters": {"prompt_loss_weight": 0.1}). Guess:
            # a number from 0 to 1, taken and not echoed (the emulator's jobs keep OpenAI's fields).
            weight = settings.pop("prompt_loss_weight")
            if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 <= weight <= 1:
                raise bad_request(
                    f"Invalid '{path}.prompt_loss_weight': expected a number from 0 to 1, got {weight!r}.",
                    f"{path}.prompt_loss_weight",
                )
    hyperparameters = payload.get("hyperparameters")
    if isinstance(hyperparameters, dict) and -1 in hyperparameters.values():
        payload["hyperparameters"] = {
            k: "auto" if (v == -1 and not isinstance(v, bool)) else v for k, v in hyperparameters.items()
        }
        changed = True
    return Body.of(json.dumps(payload).encode()) if changed else None


def _hyperparameter_objects(payload: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The hyperparameter objects of a job request, with their paths: top-level and each method's."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(payload.get("hyperparameters"), dict):
        found.append(("hyperparameters", payload["hyperparameters"]))
    method = payload.get("method")
    if isinstance(method, dict):
        for kind, settings in method.items():
            if isinstance(settings, dict) and isinstance(settings.get("hyperparameters"), dict):
                found.append((f"method.{kind}.hyperparameters", settings["hyperparameters"]))
    return found


def _version(query: Query) -> str | None:
    """The ``api-version`` of a request's query (the last one given), stripped; None without one."""
    pairs = parse_query(query) if isinstance(query, (str, bytes)) else query
    versions = [v for k, v in pairs if k == "api-version"]
    return versions[-1].strip() if versions else None


def _translate_complete_body(body: Body) -> Body | None:
    """Azure's completion of an Upload lists block ids (``upload_file_complete.json``, D33): each
    is read as the part it names; part ids are taken as they are."""
    try:
        payload = json.loads(body.read(limit=JSON_BODY_LIMIT))
    except (ValueError, RecursionError, EmulatorError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("part_ids"), list):
        return None
    ids = payload["part_ids"]
    mapped = [part_of_block(i) if isinstance(i, str) else i for i in ids]
    if mapped == ids:
        return None
    return Body.of(json.dumps({**payload, "part_ids": mapped}).encode())


def delete_job(state: Any, request: Any) -> Response:
    """``DELETE /fine_tuning/jobs/{id}``, Azure only (D6): 204 with no body.

    Guess: only a finished job can be deleted (a live one is a 409 ``conflict``), and the models
    it made stay.
    """
    job_id = request.params["fine_tuning_job_id"]
    with state.current():
        job = state.jobs.get(job_id)
        if job is None:
            raise EmulatorError(404, f"Fine-tuning job {job_id} not found.", param="fine_tuning_job_id")
        if job.status not in TERMINAL:
            raise EmulatorError(
                409,
                f"Fine-tuning job {job_id} is {job.status}; cancel it before deleting it.",
                param="fine_tuning_job_id",
            )
        state.drop_job(job)
    # Azure's description says the operation produces application/json, even for its empty 204.
    return Response(204, {"content-type": "application/json"}, b"")


def flavor_of(name: str) -> Flavor:
    """The flavour called ``name`` (``openai`` or ``azure``); a ``ValueError`` naming both otherwise.

    >>> flavor_of("azure").prefix
    '/openai'
    """
    if name == "openai":
        return Flavor()
    if name == "azure":
        return AzureFlavor()
    raise ValueError(f"unknown flavor {name!r}: expected one of {', '.join(FLAVORS)}")


def azure_endpoints(routes: Iterable[Route]) -> tuple[str, ...]:
    """The endpoint names the Azure flavour serves, from the handlers' table.

    >>> "DELETE /fine_tuning/jobs/{fine_tuning_job_id}" in azure_endpoints([])
    True
    """
    return tuple(r.endpoint for r in AzureFlavor().routes(list(routes)))
