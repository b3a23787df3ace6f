"""The grader engine: grade a model's answer locally, the way the API's graders do.

Every grader type the API defines is graded here (``string_check``, ``text_similarity``
with every metric, ``score_model`` and ``label_model`` through a judge model's chat
completion, ``python`` in a separate process with a time and a memory limit, ``multi`` with
its formula), with the API's template variables. ``ftkit graders run --local``, the
emulator's graders and ``client.graders.grade`` all use it.

Entry points:

- ``client.graders.grade(grader, item=..., sample=...)`` (both clients): one grade, judge
  and embeddings requests through the client;
- :func:`grade_flow`: the same as a flow, to run many grades at once with a driver
  (``run_all``) or inside another flow (an evaluation: answer, then grade);
- :func:`grade_local`: no client at all, for graders that need no server (a ``python``
  grader's process is started here);
- the sample namespace of an answer: :func:`text_sample` (text),
  :func:`completion_sample` (a chat completion's JSON).

>>> from ftkit.grading import grade_local, text_sample
>>> grader = {"type": "text_similarity", "name": "close", "input": "{{sample.output_text}}",
...           "reference": "{{item.answer}}", "evaluation_metric": "rouge_l"}
>>> grade_local(grader, item={"answer": "the cat sat"}, sample=text_sample("the cat sat")).reward
1.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
    from ._engine import ERROR_FLAGS as ERROR_FLAGS
    from ._engine import Grade as Grade
    from ._engine import GradingOptions as GradingOptions
    from ._grade import grade_flow as grade_flow
    from ._grade import grader_json as grader_json
    from ._local import grade_local as grade_local
    from ._metrics import METRICS as METRICS
    from ._python import PythonLimits as PythonLimits
    from ._python import PythonOutcome as PythonOutcome
    from ._templates import completion_sample as completion_sample
    from ._templates import text_sample as text_sample

# Loaded on first use: the emulator imports the pure modules (_engine, _templates, ...) of
# this package without the client's (_grade).
_LAZY = {
    "ERROR_FLAGS": "_engine",
    "Grade": "_engine",
    "GradingOptions": "_engine",
    "grade_flow": "_grade",
    "grader_json": "_grade",
    "grade_local": "_local",
    "METRICS": "_metrics",
    "PythonLimits": "_python",
    "PythonOutcome": "_python",
    "completion_sample": "_templates",
    "text_sample": "_templates",
}

__all__ = sorted(_LAZY)


__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())
