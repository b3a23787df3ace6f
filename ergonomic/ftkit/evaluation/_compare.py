"""Comparing two runs on the same data, example by example.

The scores are paired by example id (the line number in the data, whose sha256 both runs
recorded). For run A and run B: each run's mean score, the mean of the paired differences
(B - A) with a 95% confidence interval from a paired bootstrap (the differences resampled
with replacement, ``resamples`` times, by a ``random.Random(seed)``: the same runs give the
same interval), the examples B wins, ties and loses, and the examples whose score changed most.
An example that failed for good scores 0 (a model that cannot answer has not answered well);
one without a score in either run (not graded, failed for now) is left out, and counted.

In the *reference* mode (``reference_run``), B's answers were graded against A's recorded
answers: there is one score per example, B's agreement with A, and the interval is that of its
mean; a tie is an example where B agrees fully (score 1), the others are changes.

>>> stats = paired_statistics({1: 0.0, 2: 0.5, 3: 1.0}, {1: 1.0, 2: 0.5, 3: 1.0}, resamples=200, seed=1)
>>> stats.difference, (stats.wins, stats.ties, stats.losses)
(0.3333333333333333, (1, 2, 0))
"""

from __future__ import annotations

import math
import os
import random
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Final

from ..errors import ValidationError
from ._record import ResultIndex, require_run, results_path

__all__ = ["CONFIDENCE", "RESAMPLES", "Change", "Comparison", "PairedStatistics", "RunSide", "compare_runs",
           "paired_statistics", "stored_scores"]  # fmt: skip

#: The bootstrap's resamples and the interval's level.
RESAMPLES: Final = 2_000
CONFIDENCE: Final = 0.95
#: How many of the examples that changed most a comparison lists.
CHANGED: Final = 10
_TIE: Final = 1e-9


@dataclass(frozen=True)
class PairedStatistics:
    """The paired differences' mean, its interval, and the wins, ties and losses of B."""

    paired: int
    difference: float | None
    interval: tuple[float, float] | None
    wins: int
    ties: int
    losses: int


def bootstrap_interval(
    values: list[float], resamples: int = RESAMPLES, seed: int = 0, confidence: float = CONFIDENCE
) -> tuple[float, float] | None:
    """The percentile bootstrap interval of the mean of ``values`` (None for no values).

    >>> bootstrap_interval([1.0, 1.0, 1.0])
    (1.0, 1.0)
    """
    if not values:
        return None
    rng = random.Random(seed)
    n = len(values)
    means = sorted(math.fsum(rng.choices(values, k=n)) / n for _ in range(resamples))
    low = means[max(0, math.floor((1 - confidence) / 2 * resamples))]
    high = means[min(resamples - 1, math.ceil((1 + confidence) / 2 * resamples) - 1)]
    return low, high


def paired_statistics(
    a: Mapping[int, float],
    b: Mapping[int, float],
    resamples: int = RESAMPLES,
    seed: int = 0,
    confidence: float = CONFIDENCE,
) -> PairedStatistics:
    """The statistics of B against A over the examples both scored."""
    ids = sorted(a.keys() & b.keys())
    differences = [b[i] - a[i] for i in ids]
    wins = sum(1 for d in differences if d > _TIE)
    losses = sum(1 for d in differences if d < -_TIE)
    mean = math.fsum(differences) / len(differences) if differences else None
    interval = bootstrap_interval(differences, resamples, seed, confidence)
    return PairedStatistics(len(ids), mean, interval, wins, len(ids) - wins - losses, losses)


@dataclass(frozen=True)
class RunSide:
    """One run of a comparison: its directory, model, mean score over the compared examples,
    examples scored, and examples that failed for good."""

    directory: str
    model: str
    mean: float | None
    scored: int
    failed: int


@dataclass(frozen=True)
class Change:
    """An example whose score changed: its id, A's and B's scores (A's is None in the
    reference mode) and the change."""

    id: int
    score_a: float | None
    score_b: float
    delta: float


@dataclass(frozen=True)
class Comparison:
    """Two runs compared (see the module's docstring). ``mode`` is ``"paired"`` or
    ``"reference"``; in the reference mode ``difference`` and ``interval`` are those of B's mean
    agreement with A's answers. ``scores`` holds every example's (id, A's score, B's score)."""

    mode: str
    a: RunSide
    b: RunSide
    paired: int
    unpaired: int
    difference: float | None
    interval: tuple[float, float] | None
    wins: int
    ties: int
    losses: int
    changed: tuple[Change, ...]
    grader: str | None
    resamples: int
    seed: int
    confidence: float
    scores: tuple[tuple[int, float | None, float | None], ...]

    def to_dict(self, with_scores: bool = False) -> dict[str, Any]:
        """The comparison as JSON (``scores`` only when asked: one entry per example)."""
        found = asdict(self)
        found["interval"] = list(self.interval) if self.interval else None
        if not with_scores:
            del found["scores"]
        else:
            found["scores"] = [{"id": i, "a": a, "b": b} for i, a, b in self.scores]
        return found


def stored_scores(directory: str | os.PathLike[str], argument: str = "a") -> tuple[dict[int, float], int, str | None]:
    """The scores ``directory``'s run recorded with its grader (an example that failed for good:
    0), the number of examples that failed for good, and the grader's identity."""
    run = require_run(directory, argument)
    sha = (run.get("identity") or {}).get("grader_sha256")
    index = ResultIndex.scan(results_path(directory), grader_sha256=sha)
    scores: dict[int, float] = {}
    failed = 0
    for example_id in index.ids():
        status = index.status(example_id)
        score = index.score(example_id)
        if status == "failed":
            failed += 1
            scores[example_id] = 0.0
        elif score is not None:
            scores[example_id] = score
    return scores, failed, sha


def _failed(directory: str | os.PathLike[str]) -> int:
    return ResultIndex.scan(results_path(directory)).counts()["failed"]


def _mean(values: Iterator[float]) -> float | None:
    found = list(values)
    return math.fsum(found) / len(found) if found else None


def _same_data(a: Mapping[str, Any], b: Mapping[str, Any], directory_b: str) -> None:
    data_a = (a.get("identity") or {}).get("data_sha256")
    data_b = (b.get("identity") or {}).get("data_sha256")
    if data_a != data_b:
        raise ValidationError("b", directory_b, "a run on the same data file as run A (same sha256): examples are"
                                                " paired by their line in it")  # fmt: skip


def compare_runs(
    a: str | os.PathLike[str],
    b: str | os.PathLike[str],
    *,
    scores_a: Mapping[int, float] | None = None,
    scores_b: Mapping[int, float] | None = None,
    reference: bool = False,
    grader: str | None = None,
    resamples: int = RESAMPLES,
    seed: int = 0,
    confidence: float = CONFIDENCE,
) -> Comparison:
    """Compare the runs in directories ``a`` and ``b`` by their recorded scores (or by the
    scores given: a grader of the comparison's own). ``reference``: ``scores_b`` are B's
    agreement with A's answers.

    >>> round(compare_runs("runs/base", "runs/ft").difference, 2)
    0.62
    """
    run_a = require_run(a, "a")
    run_b = require_run(b, "b")
    _same_data(run_a, run_b, os.fspath(b))
    failed_a, failed_b = _failed(a), _failed(b)
    sha_a = sha_b = None
    if scores_a is None and not reference:
        scores_a, _, sha_a = stored_scores(a)
    if scores_b is None:
        scores_b, _, sha_b = stored_scores(b, "b")
        if not reference and scores_a is not None and grader is None and sha_a != sha_b:
            raise ValidationError("grader", None, "a grader for both runs: A and B were graded by different graders"
                                                  " (give one to grade both the same way)")  # fmt: skip
    if not reference and (not scores_a or not scores_b):
        empty = "a" if not scores_a else "b"
        raise ValidationError(empty, os.fspath(a if empty == "a" else b),
                              "a graded run (run it with a grader, grade it with eval grade, or give the comparison"
                              " a grader)")  # fmt: skip
    scores_a = scores_a or {}
    if reference:
        ids = sorted(scores_b)
        values = [scores_b[i] for i in ids]
        agreement = math.fsum(values) / len(values) if values else None
        ties = sum(1 for v in values if v >= 1 - _TIE)
        changed = sorted((Change(i, None, scores_b[i], scores_b[i] - 1.0) for i in ids if scores_b[i] < 1 - _TIE),
                         key=lambda c: (c.delta, c.id))[:CHANGED]  # fmt: skip
        everything: tuple[tuple[int, float | None, float | None], ...] = tuple((i, None, scores_b.get(i)) for i in ids)
        return Comparison(
            "reference", _side(a, run_a, {}, failed_a), _side(b, run_b, scores_b, failed_b), len(ids), 0, agreement,
            bootstrap_interval(values, resamples, seed, confidence), 0, ties, len(ids) - ties, tuple(changed), grader,
            resamples, seed, confidence, everything,
        )  # fmt: skip
    stats = paired_statistics(scores_a, scores_b, resamples, seed, confidence)
    both = scores_a.keys() & scores_b.keys()
    changed = sorted(
        (Change(i, scores_a[i], scores_b[i], scores_b[i] - scores_a[i]) for i in both
         if abs(scores_b[i] - scores_a[i]) > _TIE),
        key=lambda c: (-abs(c.delta), c.id),
    )[:CHANGED]  # fmt: skip
    ids = sorted(scores_a.keys() | scores_b.keys())
    everything = tuple((i, scores_a.get(i), scores_b.get(i)) for i in ids)
    paired_a = {i: scores_a[i] for i in both}
    paired_b = {i: scores_b[i] for i in both}
    return Comparison(
        "paired", _side(a, run_a, paired_a, failed_a), _side(b, run_b, paired_b, failed_b), stats.paired,
        len(ids) - stats.paired, stats.difference, stats.interval, stats.wins, stats.ties, stats.losses,
        tuple(changed), grader, resamples, seed, confidence, everything,
    )  # fmt: skip


def _side(
    directory: str | os.PathLike[str], run: Mapping[str, Any], scores: Mapping[int, float], failed: int
) -> RunSide:
    return RunSide(os.fspath(directory), str(run.get("model", "")), _mean(iter(scores.values())), len(scores), failed)


def example_rows(comparison: Comparison) -> Iterator[tuple[int, dict[str, Any] | None, dict[str, Any] | None]]:
    """Each example of a comparison with A's and B's recorded lines (None when a run has none),
    read one at a time from the runs' files."""
    index_a = ResultIndex.scan(results_path(comparison.a.directory))
    index_b = ResultIndex.scan(results_path(comparison.b.directory))
    ids = sorted(set(index_a.ids()) | set(index_b.ids()))
    for example_id in ids:
        record_a = index_a.record(example_id) if index_a.status(example_id) else None
        record_b = index_b.record(example_id) if index_b.status(example_id) else None
        yield example_id, record_a, record_b
