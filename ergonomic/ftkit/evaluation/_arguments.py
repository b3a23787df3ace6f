"""The arguments of the evaluation operations, checked once for the client's methods and the
client-less functions (``ftkit.evaluation.compare``)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from .._checks import Bounds, check_max_in_flight
from .._flow import SyncDriver
from ..errors import ValidationError
from ..grading._engine import GradingOptions, needs_server
from ..grading._grade import grader_json
from ..grading._local import NoServer
from ._record import require_run

if TYPE_CHECKING:
    from ._compare import Comparison
    from ._run import EvalProgress

__all__ = ["REFERENCE_GRADER", "CompareArguments", "check_grader", "check_grading", "check_path", "check_progress",
           "compare", "compare_arguments", "needs_server"]  # fmt: skip

#: What a comparison with a reference run grades with unless told otherwise: how close B's
#: answer is to A's (``fuzzy_match``, rapidfuzz's ratio).
REFERENCE_GRADER: Final[Mapping[str, Any]] = {
    "type": "text_similarity",
    "name": "agrees_with_reference_run",
    "input": "{{sample.output_text}}",
    "reference": "{{item.reference}}",
    "evaluation_metric": "fuzzy_match",
}
_RESAMPLES: Final = Bounds(integer=True, minimum=100, maximum=1_000_000)
_SEED: Final = Bounds(integer=True)


def check_path(argument: str, value: object, *, file: bool) -> Path:
    """A path argument: an existing file (``file``), or a directory that may not exist yet."""
    if not isinstance(value, (str, os.PathLike)) or not os.fspath(value):
        raise ValidationError(argument, value, "a path")
    path = Path(value)
    if file and not path.is_file():
        raise ValidationError(argument, os.fspath(value), "a data file (JSONL) that exists")
    if not file and path.exists() and not path.is_dir():
        raise ValidationError(argument, os.fspath(value), "a directory (this is a file)")
    return path


def check_grader(grader: Any, argument: str = "grader") -> dict[str, Any] | None:
    """A grader (builder result, generated model, dict) checked, as JSON; None stays None."""
    return None if grader is None else grader_json(grader, argument)


def check_progress(on_progress: Callable[[EvalProgress], object] | None) -> Callable[[EvalProgress], object] | None:
    if on_progress is not None and not callable(on_progress):
        raise ValidationError("on_progress", on_progress, "None or a function taking an EvalProgress")
    return on_progress


def check_grading(grading: object) -> GradingOptions:
    if grading is None:
        return GradingOptions()
    if not isinstance(grading, GradingOptions):
        raise ValidationError("grading", grading, "None or an ftkit.grading.GradingOptions")
    return grading


@dataclass(frozen=True)
class CompareArguments:
    """A comparison's checked arguments: A (the reference run, in the reference mode) and B."""

    a: Path
    b: Path
    grader: dict[str, Any] | None
    reference: bool
    options: GradingOptions
    concurrency: int
    resamples: int
    seed: int


def compare_arguments(
    a: object, b: object, grader: object, reference_run: object, concurrency: object, grading: object,
    resamples: object, seed: object,
) -> CompareArguments:  # fmt: skip
    """Every argument of a comparison checked; with ``reference_run`` naming B, the runs swap
    (the reference run is A)."""
    first = check_path("a", a, file=False)
    second = check_path("b", b, file=False)
    require_run(first, "a")
    require_run(second, "b")
    if reference_run is not None:
        chosen = check_path("reference_run", reference_run, file=False).resolve()
        if chosen == second.resolve() and chosen != first.resolve():
            first, second = second, first
        elif chosen != first.resolve():
            raise ValidationError("reference_run", str(reference_run), "one of the two runs compared (a)")
    checked = check_grader(grader if grader is not None or reference_run is None else dict(REFERENCE_GRADER))
    return CompareArguments(
        first, second, checked, reference_run is not None, check_grading(grading), check_max_in_flight(concurrency),
        int(_RESAMPLES.check_number("resamples", resamples)), int(_SEED.check_number("seed", seed)),
    )  # fmt: skip


def compare(
    a: str | os.PathLike[str],
    b: str | os.PathLike[str],
    *,
    grader: Any = None,
    reference_run: str | os.PathLike[str] | None = None,
    concurrency: int = 8,
    grading: GradingOptions | None = None,
    resamples: int = 2_000,
    seed: int = 0,
) -> Comparison:
    """``client.evaluation.compare`` with no client: by the runs' recorded grades, or by a grader
    that asks no server (``string_check``, ``text_similarity`` but ``cosine``, ``python``, a
    ``multi`` of those; a model grader raises ``ValidationError``, as ``grade_local`` does).

    >>> round(ftkit.evaluation.compare("runs/base", "runs/ft").difference, 2)
    0.62
    """
    from ._run import compare_flow

    checked = compare_arguments(a, b, grader, reference_run, concurrency, grading, resamples, seed)
    asking = needs_server(checked.grader)
    if asking is not None:
        raise ValidationError("grader", asking, "a grader that asks no server; a model grader or cosine needs a"
                                                " client: client.evaluation.compare(...)")  # fmt: skip
    return SyncDriver(NoServer()).run(compare_flow(checked, deployments=False))
