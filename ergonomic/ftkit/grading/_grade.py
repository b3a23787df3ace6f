"""The grader engine driven by the client: :func:`grade_flow`, a flow like the others.

The engine (:mod:`ftkit.grading._engine`) yields what a grader needs; this flow turns each
need into an action of the drivers: a model grader's judge request and a ``cosine``
grader's embeddings request become a :class:`~ftkit._flow.Call` (chat completions,
embeddings; on Azure OpenAI's dated surface, the deployment path), a ``python`` grader's
source a :class:`~ftkit._flow.Subprocess`. A request that fails for good (the client's
retries spent) is the grader's error, not the flow's: the grade records it.

Several grades at once are several flows: a driver's ``run_all`` (or ``Parallel`` inside a
flow) runs them with a bound on requests and programs in flight, blocking or async.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._calls import deployment_call, endpoint, json_call
from .._checks import json_form
from .._flow import Finished, Flow, Subprocess
from ..errors import APIError, ValidationError
from ._engine import (
    EmbeddingsRequest,
    Failed,
    Grade,
    GradingOptions,
    JudgeRequest,
    PythonRequest,
    Request,
    drive_steps,
    grade_steps,
)
from ._python import command, outcome, payload

__all__ = ["grade_flow", "grader_json"]

_chat = endpoint("chat.create_chat_completion")
_embeddings = endpoint("embeddings.create_embedding")


def grader_json(grader: Any, argument: str = "grader") -> dict[str, Any]:
    """A grader (builder result, generated model or dict) checked by the builders' rules, as
    the API's JSON. A ``label_model`` grader is taken on its own too (the API takes it only
    inside a multi grader; a local grade can use it alone).

    >>> grader_json({"type": "string_check", "name": "x", "input": "{{sample.output_text}}",
    ...              "reference": "a", "operation": "eq"})["operation"]
    'eq'
    """
    from ..grader_builders import as_grader

    kind = grader.get("type") if isinstance(grader, Mapping) else getattr(grader, "type_", None)
    top_level = str(getattr(kind, "value", kind)) != "label_model"
    checked = json_form(as_grader(grader, top_level=top_level, argument=argument))
    if not isinstance(checked, dict):  # pragma: no cover - a checked grader is an object
        raise ValidationError(argument, grader, "a grader object")
    return checked


def grade_flow(
    grader: Mapping[str, Any],
    item: Mapping[str, Any],
    sample: Mapping[str, Any],
    options: GradingOptions | None = None,
    *,
    deployments: bool = False,
) -> Flow[Grade]:
    """The flow that grades ``sample`` for ``item`` with ``grader`` (checked: :func:`grader_json`),
    sending what the grader needs through the driver that runs it.

    ``deployments`` sends judge and embeddings requests to ``/deployments/{model}/...``
    (Azure OpenAI's dated surface).

    >>> from ftkit._flow import SyncDriver
    >>> from ftkit.grading import text_sample
    >>> flow = grade_flow({"type": "string_check", "name": "x", "input": "{{sample.output_text}}",
    ...                    "reference": "a", "operation": "eq"}, {}, text_sample("a"))
    >>> SyncDriver(executor).run(flow).reward
    1.0
    """
    options = options or GradingOptions()
    return (
        yield from drive_steps(grade_steps(grader, item, sample, options), lambda need: _respond(need, deployments))
    )


def _respond(need: Request, deployments: bool) -> Flow[Any]:
    """What answers one request of the grade: a judge or embeddings call through the driver, a
    python grader's process; an API error or a process that did not start as ``Failed``."""
    if isinstance(need, (JudgeRequest, EmbeddingsRequest)):
        endpoint_module = _chat if isinstance(need, JudgeRequest) else _embeddings
        try:
            return (yield deployment_call(json_call(endpoint_module, need.body), need.model, deployments))
        except APIError as error:
            return Failed(str(error))
    if isinstance(need, PythonRequest):
        run = Subprocess(command(need.limits), payload(need.source, need.sample, need.item, need.limits),
                         need.limits.timeout)  # fmt: skip
        try:
            finished: Finished = yield run
        except OSError as error:
            return Failed(f"the grader's process did not start ({error})")
        return outcome(finished.returncode, finished.stdout, finished.stderr, finished.timed_out, need.limits)
    raise TypeError(f"the grader engine asked for {need!r}")  # pragma: no cover - the engine yields only these
