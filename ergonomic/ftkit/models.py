"""Models: list what the organization can use (base and fine-tuned), read one, delete a
fine-tuned one; and when each shuts down.

Example::

    for model in client.models.list(fine_tuned=True):
        print(model.id, base_model(model.id), model.shutdown_date, days_left(model))
"""

from __future__ import annotations

import builtins
import datetime
from typing import TYPE_CHECKING, Any, cast

from ._calls import call, endpoint
from ._checks import check_bool, check_id
from ._resource import AsyncResource, Plan, Resource, SyncResource, result, send
from .pagination import items_of

if TYPE_CHECKING:
    from ftkit_api.models.delete_model_response import DeleteModelResponse
    from ftkit_api.models.list_models_response import ListModelsResponse
    from ftkit_api.models.model import Model
    from typing_extensions import Unpack

    from ._executor import RequestOptions

# Imported on first use (``_calls.endpoint``): building a client loads no model of the API.
list_models = endpoint("models.list_models")
retrieve_model = endpoint("models.retrieve_model")
delete_model = endpoint("models.delete_model")


def __getattr__(name: str) -> Any:
    # ``from ftkit.models import Model``: the generated model, imported when asked for.
    if name == "Model":
        from ftkit_api.models.model import Model

        return Model
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AsyncModels",
    "Model",
    "Models",
    "base_model",
    "created_at",
    "days_left",
    "is_fine_tuned",
    "made_by",
    "shutdown_date",
]

# Owners of the models everyone gets (OpenAI says "system" and "openai"; "openai-internal" is seen too).
_SHARED_OWNERS = frozenset({"system", "openai", "openai-internal"})


def is_fine_tuned(model: Model) -> bool:
    """Whether ``model`` is a fine-tuned model: OpenAI names them ``ft:BASE:ORG:SUFFIX:ID``, Azure
    ``BASE.ft-ID``; any other model owned by an organization rather than the platform counts too.

    >>> from ftkit import Model
    >>> is_fine_tuned(Model.from_dict({"id": "ft:gpt-4o-mini-2024-07-18:org::abc", "owned_by": "org-x"}))
    True
    """
    name = model.id if isinstance(model.id, str) else ""
    if name.startswith("ft:") or ".ft-" in name:
        return True
    owner = model.owned_by
    return isinstance(owner, str) and bool(owner) and owner not in _SHARED_OWNERS


def base_model(model_id: str) -> str | None:
    """The base model a fine-tuned model's name says it was trained from (None if it says none).

    >>> base_model("ft:gpt-4o-mini-2024-07-18:my-org:bot:AbC123")
    'gpt-4o-mini-2024-07-18'
    >>> base_model("gpt-4o-mini-2024-07-18.ft-0123abcd") , base_model("gpt-4o") is None
    ('gpt-4o-mini-2024-07-18', True)
    """
    if model_id.startswith("ft:"):
        parts = model_id.split(":")
        return parts[1] or None if len(parts) > 1 else None
    if ".ft-" in model_id:
        return model_id.split(".ft-", 1)[0] or None
    return None


def made_by(model: Model) -> str | None:
    """The job that made a fine-tuned model when the server says so (Azure's ``fine_tune``), else None.

    >>> from ftkit import Model
    >>> made_by(Model.from_dict({"id": "curie.ft-72a2", "fine_tune": "ft-72a2"}))
    'ft-72a2'
    """
    job = model.additional_properties.get("fine_tune")
    return job if isinstance(job, str) and job else None


def _unix(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def shutdown_date(model: Model) -> datetime.date | None:
    """The model's shutdown date, or None when none is announced (or the server sends none).

    OpenAI sends ``shutdown_date``; Azure OpenAI's Model has none and says when the model stops
    serving in ``deprecation.inference`` (unix seconds, read as a UTC date), which is used when
    ``shutdown_date`` is absent.

    >>> from ftkit import Model
    >>> shutdown_date(Model.from_dict({"id": "gpt-4o", "shutdown_date": "2027-01-14"}))
    datetime.date(2027, 1, 14)
    >>> shutdown_date(Model.from_dict({"id": "gpt-4o", "deprecation": {"inference": 1799884800}}))
    datetime.date(2027, 1, 14)
    """
    value = model.shutdown_date
    if isinstance(value, datetime.date):
        return value
    if value is None:
        return None
    deprecation = model.additional_properties.get("deprecation")
    inference = _unix(deprecation.get("inference")) if isinstance(deprecation, dict) else None
    if inference is None:
        return None
    return datetime.datetime.fromtimestamp(inference, tz=datetime.timezone.utc).date()


def created_at(model: Model) -> int | None:
    """When the model was created (unix seconds): OpenAI's ``created``, Azure's ``created_at``.

    >>> from ftkit import Model
    >>> created_at(Model.from_dict({"id": "curie", "created_at": 1646126127}))
    1646126127
    """
    value = _unix(model.created)
    return value if value is not None else _unix(model.additional_properties.get("created_at"))


def days_left(model: Model, today: datetime.date | None = None) -> int | None:
    """Days from ``today`` (the local date by default) to the model's shutdown date; None if none
    is announced, negative once it has passed.

    >>> from ftkit import Model
    >>> days_left(Model.from_dict({"id": "m", "shutdown_date": "2027-01-14"}), datetime.date(2027, 1, 4))
    10
    """
    date = shutdown_date(model)
    if date is None:
        return None
    return (date - (today or datetime.date.today())).days


def _chosen(answer: Any, fine_tuned: bool) -> builtins.list[Model]:
    # A list without its ``data`` (left out, null, not a list) is an APIResponseValidationError.
    models: builtins.list[Model] = items_of(cast("ListModelsResponse", answer))
    return [m for m in models if is_fine_tuned(m)] if fine_tuned else models


class _ModelsAPI(Resource[Any]):
    """``client.models``, written once for both clients (see ``_resource``)."""

    @result
    def list(self, *, fine_tuned: bool = False, **options: Unpack[RequestOptions]) -> Plan[builtins.list[Model]]:
        """Every model this key can use (one request: the API does not page them);
        ``fine_tuned=True`` keeps only fine-tuned ones (see :func:`is_fine_tuned`).
        On ``AsyncClient``: ``await client.models.list(fine_tuned=True)``.

        >>> model in [m.id for m in client.models.list(fine_tuned=True)]
        True
        """
        check_bool("fine_tuned", fine_tuned)
        return send(call(list_models), options).then(lambda answer: _chosen(answer, fine_tuned))

    @result
    def retrieve(self, model: str, **options: Unpack[RequestOptions]) -> Plan[Model]:
        """One model: its owner, creation time and ``shutdown_date``.
        On ``AsyncClient``: ``(await client.models.retrieve(name)).shutdown_date``.

        >>> client.models.retrieve("gpt-4o-mini-2024-07-18").shutdown_date
        datetime.date(2027, 1, 14)
        """
        return send(call(retrieve_model, check_id("model", model)), options)

    @result
    def delete(self, model: str, **options: Unpack[RequestOptions]) -> Plan[DeleteModelResponse]:
        """Delete a fine-tuned model the organization owns (for good: jobs keep its name only).
        On ``AsyncClient``: ``(await client.models.delete(name)).deleted``.

        >>> done = client.jobs.wait(running_job.id)
        >>> client.models.delete(done.fine_tuned_model).deleted
        True
        """
        return send(call(delete_model, check_id("model", model)), options)


class Models(_ModelsAPI, SyncResource):
    """``client.models``."""


class AsyncModels(_ModelsAPI, AsyncResource):
    """``client.models`` of the async client: the same methods, awaited."""
