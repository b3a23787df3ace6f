"""``client.evaluation``: record a model's answers, grade them, compare two runs; written once for
both clients (see ``ftkit._resource``).

Every argument is checked when the method is called; the data file is read, its examples
checked and the cost estimated when the run starts, before anything is sent.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

from .._checks import Bounds, check_max_in_flight, check_str
from .._resource import AsyncResource, Plan, Resource, SyncResource, Wiring, result, run
from ..chat import completion_request
from ..errors import ValidationError

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .._executor import RequestOptions
    from ..grading._engine import GradingOptions
    from ._compare import Comparison
    from ._examples import Example
    from ._run import EvalProgress, GradeResult, RunResult

__all__ = ["DEFAULT_CONCURRENCY", "EVAL_MAX_RETRIES", "AsyncEvaluation", "Evaluation"]

#: Requests in flight at once, by default.
DEFAULT_CONCURRENCY: Final = 8
#: Ours: the fewest retries an evaluation's requests get (the client's policy: backoff and
#: ``Retry-After``, about 40 seconds in all): a long run meets 429s, and an example that spends
#: them is recorded as failed for now, for a rerun.
EVAL_MAX_RETRIES: Final = 8
_TOKEN_MODES: Final = ("auto", "exact", "estimate")
_LIMIT: Final = Bounds(integer=True, minimum=1)
_COST: Final = Bounds(integer=False, minimum=0)
_RETRIES: Final = Bounds(integer=True, minimum=0)


class _EvaluationAPI(Resource[Any]):
    """``client.evaluation``, written once for both clients (see ``_resource``)."""

    def __init__(self, wiring: Wiring[Any], base_url: str, api_version: str | None = None) -> None:
        super().__init__(wiring)
        self._server = base_url
        self._api_version = api_version

    @result
    def run(
        self,
        data: str | os.PathLike[str],
        *,
        model: str,
        out: str | os.PathLike[str],
        grader: Any = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        limit: int | None = None,
        temperature: float | None = None,
        top_p: float | None = None,
        seed: int | None = None,
        max_completion_tokens: int | None = None,
        max_cost: float | None = None,
        requests_per_minute: float | None = None,
        tokens_per_minute: float | None = None,
        prices: Mapping[str, Any] | None = None,
        max_retries: int | None = None,
        grading: GradingOptions | None = None,
        tokens: str = "auto",
        on_progress: Callable[[EvalProgress], object] | None = None,
        **options: Unpack[RequestOptions],
    ) -> Plan[RunResult]:
        """Ask ``model`` every example of ``data`` (any file ``ftkit validate`` accepts: the
        prompt of each line, see ``ftkit.evaluation``) and record each answer, with its grade
        (``grader``), usage, latency and any error, in ``out/results.jsonl`` as it arrives;
        ``out/run.json`` records the run. Without a grader the answers are only recorded.

        Before anything is sent: the examples are read and checked, and the cost is estimated
        (``max_cost``: refused above it, in US dollars; ``prices`` for a model ftkit has no price
        for). ``concurrency`` requests at once, within ``requests_per_minute`` and
        ``tokens_per_minute``; each retried by the client's policy (at least
        ``EVAL_MAX_RETRIES`` times, or ``max_retries``). Run it again on the same ``out`` to send
        only the examples not recorded yet (a run with other data or parameters is refused).
        ``on_progress`` hears of each example (an exception it raises stops the run, which a rerun
        resumes). Ctrl-C on ``Client`` lets the requests already out be answered and recorded; on
        ``AsyncClient`` cancelling drops them (a rerun sends them). On ``AsyncClient``:
        ``await client.evaluation.run(...)``.

        >>> result = client.evaluation.run("heldout.jsonl", model=model, out="runs/tuned", grader=grader, max_cost=5)
        >>> result.answered, round(result.mean_score, 2)
        (10, 0.94)
        """
        from ._arguments import check_grader, check_grading, check_path, check_progress
        from ._budget import Budget
        from ._cost import check_prices
        from ._run import RunPlan, run_flow

        source = check_path("data", data, file=True)
        directory = check_path("out", out, file=False)
        model = check_str("model", model)
        checked = check_grader(grader)
        workers = check_max_in_flight(concurrency)
        count = None if limit is None else int(_LIMIT.check_number("limit", limit))
        parameters: dict[str, Any] = {"temperature": temperature, "top_p": top_p, "seed": seed,
                                      "max_completion_tokens": max_completion_tokens}  # fmt: skip
        # The sampling parameters checked once now, as the chat completion would check them.
        completion_request(model=model, messages=[{"role": "user", "content": "-"}], **parameters)
        cost = None if max_cost is None else float(_COST.check_number("max_cost", max_cost))
        if cost is not None and not math.isfinite(cost):
            raise ValidationError("max_cost", max_cost, "a finite number of dollars >= 0")
        retries = None if max_retries is None else int(_RETRIES.check_number("max_retries", max_retries))
        if tokens not in _TOKEN_MODES:
            raise ValidationError("tokens", tokens, f"one of {', '.join(_TOKEN_MODES)}")
        report = check_progress(on_progress)

        def make_request(example: Example) -> dict[str, Any]:
            try:
                return completion_request(model=model, messages=example.messages, tools=example.tools,
                                          parallel_tool_calls=example.parallel_tool_calls, **parameters)  # fmt: skip
            except ValidationError as exc:
                raise ValidationError("data", f"{source}:{example.id}",
                                      f"an example the chat completion takes ({exc})") from None  # fmt: skip

        plan = RunPlan(
            data=source, directory=directory, model=model, server=self._server,
            parameters={k: v for k, v in parameters.items() if v is not None}, make_request=make_request,
            grader=checked, grading=check_grading(grading), concurrency=workers, limit=count, max_cost=cost,
            prices=check_prices(prices), budget=Budget(requests_per_minute, tokens_per_minute, self._wiring.clock),
            max_retries=retries if retries is not None else max(self._wiring.policy.max_retries, EVAL_MAX_RETRIES),
            deployments=self._wiring.deployments, tokens=tokens,
            server_info={"azure": self._wiring.azure, "api_version": self._api_version},
        )  # fmt: skip
        return run(run_flow(plan, report), options=options)

    @result
    def grade(
        self,
        directory: str | os.PathLike[str],
        *,
        grader: Any,
        concurrency: int = DEFAULT_CONCURRENCY,
        grading: GradingOptions | None = None,
        on_progress: Callable[[EvalProgress], object] | None = None,
        **options: Unpack[RequestOptions],
    ) -> Plan[GradeResult]:
        """Grade (or grade again) every answer recorded in ``directory`` with ``grader``; the only
        requests are the grader's own (a model grader's judge, ``cosine``'s embeddings). Answers
        this grader already graded are skipped, so an interrupted grading resumes; the run then
        records this grader. On ``AsyncClient``: ``await client.evaluation.grade(...)``.

        >>> round(client.evaluation.grade("runs/ft", grader=judge).mean_score, 2)
        0.35
        """
        from ._arguments import check_grader, check_grading, check_path, check_progress
        from ._record import require_run
        from ._run import regrade_flow

        folder = check_path("directory", directory, file=False)
        require_run(folder)
        checked = check_grader(grader)
        if checked is None:
            raise ValidationError("grader", grader, "a grader (ftkit.Grader, a generated grader model or a dict)")
        flow = regrade_flow(folder, checked, check_grading(grading), self._wiring.deployments,
                            check_max_in_flight(concurrency), check_progress(on_progress))  # fmt: skip
        return run(flow, options=options)

    @result
    def compare(
        self,
        a: str | os.PathLike[str],
        b: str | os.PathLike[str],
        *,
        grader: Any = None,
        reference_run: str | os.PathLike[str] | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        grading: GradingOptions | None = None,
        resamples: int = 2_000,
        seed: int = 0,
        **options: Unpack[RequestOptions],
    ) -> Plan[Comparison]:
        """Compare the runs in ``a`` and ``b`` (on the same data) example by example: each mean
        score, B - A with a 95% paired-bootstrap interval (``resamples``, ``seed``: the same runs
        give the same interval), wins, ties and losses, the examples that changed most. By the
        runs' recorded grades, or by ``grader`` (both runs' answers graded now, nothing written).
        ``reference_run`` (``a``): B's answers are graded against A's recorded answers (with
        ``grader``, else ``ftkit.evaluation.REFERENCE_GRADER``): does B answer like A? On ``AsyncClient``:
        ``await client.evaluation.compare(a, b)``.

        >>> comparison = client.evaluation.compare("runs/base", "runs/ft")
        >>> round(comparison.difference, 2), [round(end, 2) for end in comparison.interval]
        (0.62, [0.59, 0.66])
        """
        from ._arguments import compare_arguments
        from ._run import compare_flow

        checked = compare_arguments(a, b, grader, reference_run, concurrency, grading, resamples, seed)
        return run(compare_flow(checked, deployments=self._wiring.deployments), options=options)


class Evaluation(_EvaluationAPI, SyncResource):
    """``client.evaluation``."""


class AsyncEvaluation(_EvaluationAPI, AsyncResource):
    """``client.evaluation`` of the async client: the same methods, awaited."""
