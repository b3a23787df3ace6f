"""The models endpoints: list, retrieve, and delete a fine-tuned model.

The base models are the snapshots the emulator fine-tunes (``_handlers.MODEL_SNAPSHOTS``) and
their aliases, owned by ``system``; a job that succeeded adds its ``fine_tuned_model``, owned by
the organization, created when the job finished, with its base model's ``shutdown_date``.

Sources: the API reference (``GET /models`` lists "the currently available models", a fine-tuned
model is deleted with ``DELETE /models/{model}`` by its owner, ``shutdown_date`` is "the date
when the model will shut down, or null if not announced"). The two dates below are the ones
reported for the end of self-serve fine-tuning (a guess for the others: none announced).
``Emulator.set_shutdown_date`` changes a base model's date.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from ._errors import EmulatorError, not_found
from ._jobs import ORGANIZATION_ID

if TYPE_CHECKING:
    from ._handlers import Request
    from ._jobs import Job
    from ._state import State

#: Base models: id -> (created, shutdown date or None). Reported: gpt-4o-mini-2024-07-18 and
#: gpt-4.1-2025-04-14 shut down on 2027-01-14; the creation times are the snapshots' release days.
BASE_MODELS: dict[str, tuple[int, str | None]] = {
    "gpt-4o-mini-2024-07-18": (1721172741, "2027-01-14"),
    "gpt-4o-mini": (1721172741, "2027-01-14"),
    "gpt-4o-2024-08-06": (1722814719, None),
    "gpt-4o-2024-05-13": (1715368132, None),
    "gpt-4o": (1715367049, None),
    "gpt-4.1-2025-04-14": (1744316542, "2027-01-14"),
    "gpt-4.1": (1744316542, "2027-01-14"),
    "gpt-4.1-mini-2025-04-14": (1744317547, None),
    "gpt-4.1-mini": (1744317547, None),
    "gpt-4.1-nano-2025-04-14": (1744321025, None),
    "gpt-4.1-nano": (1744321025, None),
    "gpt-3.5-turbo-0125": (1706048358, None),
    "gpt-3.5-turbo-1106": (1698959748, None),
    "gpt-3.5-turbo-0613": (1686587434, None),
    "gpt-3.5-turbo": (1677610602, None),
    "o4-mini-2025-04-16": (1744133506, None),
    "o4-mini": (1744225308, None),
    "davinci-002": (1692634301, None),
    "babbage-002": (1692634615, None),
}


def base_models(state: State) -> dict[str, tuple[int, str | None]]:
    """The base models this server lists: the snapshots, and the flavour's own names (Azure's
    ``gpt-35-turbo-0613`` ...: created when OpenAI's ``gpt-3.5-turbo-0613`` was, a guess)."""
    models = dict(BASE_MODELS)
    for name in sorted(state.flavor.extra_models):
        twin = BASE_MODELS.get(name.replace("gpt-35-", "gpt-3.5-"))
        models[name] = twin if twin is not None else (0, None)
    return models


def shutdown_date(state: State, base: str) -> str | None:
    overrides: dict[str, str | None] = state.shutdown_dates
    if base in overrides:
        return overrides[base]
    known = base_models(state).get(base)
    return None if known is None else known[1]


def _base_json(state: State, name: str) -> dict[str, Any]:
    created, _ = base_models(state)[name]
    return {
        "id": name,
        "object": "model",
        "created": created,
        "owned_by": "system",
        "shutdown_date": shutdown_date(state, name),
    }


def _fine_tuned_json(state: State, name: str, job: Job) -> dict[str, Any]:
    return {
        "id": name,
        "object": "model",
        "created": int(job.finished_at if job.finished_at is not None else job.created_at),
        "owned_by": ORGANIZATION_ID,
        "shutdown_date": shutdown_date(state, job.model),
    }


def _fine_tuned(state: State) -> list[tuple[str, Job]]:
    return list(state.fine_tuned_models())


#: Observed (user reports of the API, 2024-2025, e.g. openai/openai-quickstart-node#127): a shut
#: down model answers 404 ``model_not_found`` with this message; an unknown model "does not
#: exist or you do not have access to it".
RETIRED = "The model `{model}` has been deprecated, learn more here: https://platform.openai.com/docs/deprecations"
UNKNOWN = "The model `{model}` does not exist or you do not have access to it."


def refuse_retired(state: State, model: str, base: str) -> None:
    """The API's refusal of ``model`` (a base model, or a fine-tune of ``base``) once the
    emulator's clock has reached its shutdown date (midnight UTC), as a retired model is refused.

    """
    day = shutdown_date(state, base)
    if day is None:
        return
    today = datetime.datetime.fromtimestamp(state.now, tz=datetime.timezone.utc).date()
    if today >= datetime.date.fromisoformat(day):
        raise EmulatorError(404, RETIRED.format(model=model), code="model_not_found")


def _missing(name: str) -> EmulatorError:
    return EmulatorError(404, f"The model '{name}' does not exist", param="model", code="model_not_found")


def list_models(state: State, request: Request) -> Any:
    with state.current():
        data = [_base_json(state, name) for name in base_models(state)]
        owned = sorted(_fine_tuned(state), key=lambda item: item[1].created_at)
        data += [_fine_tuned_json(state, name, job) for name, job in owned]
    return {"object": "list", "data": data}


def retrieve_model(state: State, request: Request) -> Any:
    name = request.params["model"]
    with state.current():
        if name in base_models(state):
            return _base_json(state, name)
        job = state.fine_tuned(name)
        if job is None:
            raise _missing(name)
        return _fine_tuned_json(state, name, job)


def delete_model(state: State, request: Request) -> Any:
    name = request.params["model"]
    with state.current():
        if name in base_models(state):
            # The API answers 403 to deleting a model the caller does not own (the wording is a guess).
            raise EmulatorError(
                403, "You have insufficient permissions for this operation.", type="invalid_request_error"
            )
        if state.fine_tuned(name) is None:
            raise not_found(f"The model '{name}' does not exist", "model")
        state.deleted_models.add(name)
        return {"id": name, "object": "model", "deleted": True}
