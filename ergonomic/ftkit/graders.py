"""Graders: check a grader configuration with the API, run it there on one sample, or grade
here with ftkit's grader engine (:mod:`ftkit.grading`).

Example::

    grader = ftkit.Grader.string_check("exact", "{{sample.output_text}}", "{{item.answer}}", "eq")
    client.graders.validate(grader=grader)
    result = client.graders.run(grader=grader, model_sample="Paris", item={"answer": "Paris"})
    print(result.reward)
    grade = client.graders.grade(grader, item={"answer": "Paris"}, sample="Paris")
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._calls import call
from ._resource import AsyncResource, Plan, Resource, SyncResource, result, run, send
from .errors import ValidationError

if TYPE_CHECKING:
    from ftkit_api.models.run_grader_response import RunGraderResponse
    from ftkit_api.models.validate_grader_response import ValidateGraderResponse
    from typing_extensions import Unpack

    from ._executor import RequestOptions
    from ._flow import Call, Flow
    from .grading._engine import Grade, GradingOptions

# The grader models (a few hundred of them, counting unions) are imported by the first
# grader call, not by building a client: start-up time.

__all__ = ["AsyncGraders", "Graders"]


def _run_call(grader: Any, model_sample: str, item: Mapping[str, Any] | None) -> Call:
    from ftkit_api.api.fine_tuning import run_grader
    from ftkit_api.models.run_grader_request import RunGraderRequest
    from ftkit_api.models.run_grader_request_item import RunGraderRequestItem
    from ftkit_api.types import UNSET

    from .grader_builders import as_grader

    if not isinstance(model_sample, str):
        raise ValidationError("model_sample", model_sample, "the model's output as a string")
    if item is not None and not isinstance(item, Mapping):
        raise ValidationError("item", item, "a dict: the dataset item the grader's {{item.…}} templates read")
    body_item: RunGraderRequestItem | Any = UNSET
    if item is not None:
        body_item = RunGraderRequestItem()
        body_item.additional_properties = dict(item)
    body = RunGraderRequest(grader=as_grader(grader), model_sample=model_sample, item=body_item)
    return call(run_grader, body=body)


def _validate_grader_call(grader: Any) -> Call:
    from ftkit_api.api.fine_tuning import validate_grader
    from ftkit_api.models.validate_grader_request import ValidateGraderRequest

    from .grader_builders import as_grader

    return call(validate_grader, body=ValidateGraderRequest(grader=as_grader(grader)))


def _grade_flow(deployments: bool, grader: Any, item: Mapping[str, Any] | None, sample: Any, options: Any) -> Flow[Any]:
    from .grading._grade import grade_flow, grader_json

    checked = grader_json(grader)
    if item is not None and not isinstance(item, Mapping):
        raise ValidationError("item", item, "a dict: the dataset item the grader's {{item.…}} templates read")
    if isinstance(sample, str):
        from .grading._templates import text_sample

        sample = text_sample(sample)
    if not isinstance(sample, Mapping):
        raise ValidationError("sample", sample, "the model's output as text, or a sample namespace (ftkit.grading)")
    return grade_flow(checked, dict(item or {}), sample, options, deployments=deployments)


class _GradersAPI(Resource[Any]):
    """``client.graders``, written once for both clients (see ``_resource``)."""

    @result
    def grade(
        self,
        grader: Any,
        *,
        item: Mapping[str, Any] | None = None,
        sample: str | Mapping[str, Any],
        grading: GradingOptions | None = None,
        **options: Unpack[RequestOptions],
    ) -> Plan[Grade]:
        """Grade ``sample`` (the model's output as text, or a sample namespace:
        ``ftkit.grading.completion_sample(answer)``) for ``item`` here, with ftkit's grader
        engine: a model grader's judge and a ``cosine`` grader's embeddings are asked of this
        client's server, a ``python`` grader runs in a separate process. ``grading`` sets the
        judge models, the embedding model and the python limits (``ftkit.grading.GradingOptions``).
        On ``AsyncClient``: ``await client.graders.grade(exact, item=..., sample=...)``.

        >>> client.graders.grade(exact, item={"answer": "Paris"}, sample="Paris").reward
        1.0
        """
        return run(_grade_flow(self._wiring.deployments, grader, item, sample, grading), options=options)

    @result
    def run(
        self,
        *,
        grader: Any,
        model_sample: str,
        item: Mapping[str, Any] | None = None,
        **options: Unpack[RequestOptions],
    ) -> Plan[RunGraderResponse]:
        """Run a grader on one model sample and dataset item; ``.reward`` is the score.
        On ``AsyncClient``: ``(await client.graders.run(grader=..., model_sample=...)).reward``.

        >>> client.graders.run(grader=exact, model_sample="Paris", item={"answer": "Paris"}).reward
        1.0
        """
        return send(_run_call(grader, model_sample, item), options)

    @result
    def validate(self, *, grader: Any, **options: Unpack[RequestOptions]) -> Plan[ValidateGraderResponse]:
        """Have the API check a grader configuration (after ftkit's own checks): the API's
        validate-grader endpoint, named as the API names it.
        On ``AsyncClient``: ``await client.graders.validate(grader=exact)``.

        >>> client.graders.validate(grader=exact).grader.to_dict()  # doctest: +NORMALIZE_WHITESPACE
        {'type': 'string_check', 'name': 'exact', 'input': '{{sample.output_text}}', 'reference': '{{item.answer}}',
         'operation': 'eq'}
        """
        return send(_validate_grader_call(grader), options)


class Graders(_GradersAPI, SyncResource):
    """``client.graders``."""


class AsyncGraders(_GradersAPI, AsyncResource):
    """``client.graders`` of the async client: the same methods, awaited."""
