"""Grading with no client: :func:`grade_local`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._flow import Call, SyncDriver
from ..errors import ValidationError
from ._engine import Grade, GradingOptions, needs_server
from ._grade import grade_flow, grader_json

__all__ = ["NoServer", "grade_local"]


class NoServer:
    """The executor of a driver with no server: a grader that needs one is a clear error
    (``grade_local``, a comparison with no client)."""

    def execute(self, call: Call) -> Any:
        raise ValidationError(
            "grader",
            call.kwargs.get("url"),
            "a grader that needs no server (string_check, text_similarity but cosine, python, multi of those);"
            " a model grader or cosine needs a client: client.graders.grade(...)",
        )


def grade_local(
    grader: Any,
    *,
    item: Mapping[str, Any] | None = None,
    sample: Mapping[str, Any],
    options: GradingOptions | None = None,
) -> Grade:
    """Grade ``sample`` (a sample namespace: ``text_sample(...)``) for ``item`` with no
    server: ``string_check``, ``text_similarity`` (but ``cosine``), ``python`` (run here, in a
    separate process) and ``multi`` graders of those. A grader that needs a model or
    embeddings raises ``ValidationError`` before anything runs.

    >>> from ftkit.grading import text_sample
    >>> grade_local({"type": "python", "name": "len", "source": "def grade(sample, item):\\n    return 0.5\\n"},
    ...             sample=text_sample("x")).reward
    0.5
    """
    checked = grader_json(grader)
    asking = needs_server(checked)
    if asking is not None:
        raise ValidationError(
            "grader",
            asking,
            "a grader that needs no server; a model grader or cosine needs a client: client.graders.grade(...)",
        )
    if item is not None and not isinstance(item, Mapping):
        raise ValidationError("item", item, "a dict: the dataset item the grader's {{item.…}} templates read")
    if not isinstance(sample, Mapping):
        raise ValidationError("sample", sample, "a sample namespace: text_sample(text) or completion_sample(answer)")
    return SyncDriver(NoServer()).run(grade_flow(checked, dict(item or {}), sample, options))
