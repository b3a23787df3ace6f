"""Know whether a model is good: record its answers to held-out examples, grade them locally
(``ftkit.grading``: the API's graders, for real), and compare two runs example by example.

On a client (both clients, ``client.evaluation``):

- ``client.evaluation.run(data, model=..., out=DIR, grader=...)``: ask the model every example
  of a training-format file and record each answer (with its grade, usage, latency, error) in
  ``DIR/results.jsonl`` as it arrives; resumable, within a budget, estimated before anything
  is sent;
- ``client.evaluation.grade(DIR, grader=...)``: grade a recorded run (again);
- ``client.evaluation.compare(DIR_A, DIR_B)``: each mean score, the difference with a 95%
  paired-bootstrap interval, wins, ties and losses, the examples that changed most.

With no client: :func:`estimate` (the cost of a run), :func:`compare` (a comparison whose
grader asks no server), :func:`compare_runs` (runs already graded), :func:`write_html` and
:func:`plot_comparison` (the reports), :func:`write_promptfoo` (carry on in Promptfoo),
:func:`read_examples` (the examples of a data file).

>>> import ftkit
>>> base = client.evaluation.run("heldout.jsonl", model="gpt-4o-mini-2024-07-18", out="runs/base", grader=grader)
>>> tuned = client.evaluation.run("heldout.jsonl", model=model, out="runs/ft", grader=grader)
>>> comparison = client.evaluation.compare("runs/base", "runs/ft")
>>> ftkit.evaluation.write_html(comparison, "compare.html")
PosixPath('compare.html')
>>> round(base.mean_score, 2), round(tuned.mean_score, 2)
(0.31, 0.94)

The layout of a run directory and the rules of a run are in ``docs/evaluation.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
    from ._api import AsyncEvaluation as AsyncEvaluation
    from ._api import Evaluation as Evaluation
    from ._arguments import REFERENCE_GRADER as REFERENCE_GRADER
    from ._arguments import compare as compare
    from ._budget import Budget as Budget
    from ._compare import Change as Change
    from ._compare import Comparison as Comparison
    from ._compare import RunSide as RunSide
    from ._compare import compare_runs as compare_runs
    from ._cost import CostEstimate as CostEstimate
    from ._cost import Price as Price
    from ._cost import price_for as price_for
    from ._examples import Example as Example
    from ._examples import read_examples as read_examples
    from ._promptfoo import PromptfooExport as PromptfooExport
    from ._promptfoo import write_promptfoo as write_promptfoo
    from ._record import FORMAT as FORMAT
    from ._report import plot_comparison as plot_comparison
    from ._report import write_html as write_html
    from ._run import EvalProgress as EvalProgress
    from ._run import GradeResult as GradeResult
    from ._run import RunResult as RunResult
    from ._run import estimate as estimate

# Loaded on first use: the client imports the resource (``_api``) without the rest.
_LAZY = {
    "AsyncEvaluation": "_api",
    "Evaluation": "_api",
    "REFERENCE_GRADER": "_arguments",
    "compare": "_arguments",
    "Budget": "_budget",
    "Change": "_compare",
    "Comparison": "_compare",
    "RunSide": "_compare",
    "compare_runs": "_compare",
    "CostEstimate": "_cost",
    "Price": "_cost",
    "price_for": "_cost",
    "Example": "_examples",
    "read_examples": "_examples",
    "PromptfooExport": "_promptfoo",
    "write_promptfoo": "_promptfoo",
    "FORMAT": "_record",
    "plot_comparison": "_report",
    "write_html": "_report",
    "EvalProgress": "_run",
    "GradeResult": "_run",
    "RunResult": "_run",
    "estimate": "_run",
}

__all__ = sorted(_LAZY)


__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())
