"""The flows of an evaluation: record a model's answers (``run_flow``), grade a recorded run
again (``regrade_flow``), and score two runs' answers for a comparison (``score_flow``).

One example is one flow (:func:`answer_flow`): wait for the budget, ask the model (a chat
completion ``Call``, retried by the client's one retry policy), grade the answer
(``grading.grade_flow``) when there is a grader, append the result to ``results.jsonl``. The
run is one flow that drives the examples' flows with ``Parallel``, taken lazily from the data
file as slots free and not kept once recorded: memory stays flat in the number of examples.

What ends an example:

- an answer: recorded (``answered``), with its grade, usage and latency;
- a refusal that is final (400, 413, 422: a context too long, content the API will not take):
  recorded (``failed``) with the error, and the run goes on; a rerun does not send it again;
- a failure that may pass (429, 408, 409, 5xx, the network, an answer that does not read)
  once the client's retries are spent: recorded (``retryable``), the run goes on, and a rerun
  sends it again;
- a refusal that concerns every example (401, 403, 404: a wrong key, an unknown model): the
  run stops, keeping what it recorded.

No flow knows the client: the resource (``ftkit.evaluation``'s ``client.evaluation``) hands
in the request builder, the budget and the Azure routing.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from .._calls import deployment_call, endpoint, json_call
from .._flow import Flow, Now, Parallel
from .._retry import RetryPolicy
from ..errors import APIConnectionError, APIError, APIStatusError, ValidationError
from ..grading._engine import GradingOptions, leaf_graders
from ..grading._grade import grade_flow
from ..grading._templates import completion_sample, text_sample
from ._budget import Budget
from ._compare import Comparison, compare_runs
from ._cost import ASSUMED_ANSWER_TOKENS, CostEstimate, Price, TokenCount, max_output_tokens, price_for
from ._examples import Example, file_digest, grader_item, read_examples
from ._record import (
    ResultIndex,
    ResultWriter,
    compact,
    read_run_json,
    require_run,
    results_path,
    write_run_json,
)

__all__ = ["EvalProgress", "GradeResult", "RunPlan", "RunResult", "answer_flow", "compare_flow", "estimate",
           "grader_sha256", "regrade_flow", "run_flow", "score_flow"]  # fmt: skip

if TYPE_CHECKING:
    from ._arguments import CompareArguments

_chat = endpoint("chat.create_chat_completion")
#: Statuses that concern every example, not one: the run stops.
_FATAL: Final = frozenset({401, 403, 404})
#: The run parameters that make two runs different runs (``limit`` only extends one).
IDENTITY: Final = ("model", "server", "data_sha256", "grader_sha256", "temperature", "top_p", "seed",
                   "max_completion_tokens")  # fmt: skip


@dataclass(frozen=True)
class EvalProgress:
    """Where a run, a grading or a comparison is: ``stage`` is ``"estimated"`` (before anything
    is sent; ``estimate`` is set), ``"example"`` (one more example done) or ``"done"``.
    ``done`` of ``total`` examples are recorded (earlier runs included); ``sent`` by this run,
    of which ``failed`` for good and ``retryable`` for now; ``cost`` is what this run's answers
    cost so far, from their usage (None: no price)."""

    stage: str
    done: int
    total: int
    sent: int = 0
    failed: int = 0
    retryable: int = 0
    cost: float | None = None
    estimate: CostEstimate | None = None


@dataclass(frozen=True)
class RunResult:
    """What a run recorded: of ``examples``, ``answered`` and ``failed`` (for good) are recorded,
    ``retryable`` failed for now (a rerun sends them again); ``sent`` this time, ``skipped``
    recorded by an earlier run; the mean score (a failed example scoring 0; None without a
    grader); this run's tokens and cost; the estimate made before it."""

    directory: Path
    model: str
    examples: int
    answered: int
    failed: int
    retryable: int
    sent: int
    skipped: int
    mean_score: float | None
    prompt_tokens: int
    completion_tokens: int
    cost: float | None
    estimate: CostEstimate

    def to_dict(self) -> dict[str, Any]:
        found = {name: getattr(self, name) for name in self.__dataclass_fields__}
        found["directory"] = str(self.directory)
        found["estimate"] = self.estimate.to_dict()
        return found


@dataclass(frozen=True)
class GradeResult:
    """What a grading did: ``graded`` examples this time, ``skipped`` already graded by this
    grader, ``errors`` of grades with an error flag, the run's mean score."""

    directory: Path
    graded: int
    skipped: int
    errors: int
    mean_score: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"directory": str(self.directory), "graded": self.graded, "skipped": self.skipped,
                "errors": self.errors, "mean_score": self.mean_score}  # fmt: skip


@dataclass(frozen=True)
class RunPlan:
    """A run's checked arguments, from the resource: the request builder, the grader (JSON),
    the budget and how requests reach the model."""

    data: Path
    directory: Path
    model: str
    server: str
    parameters: Mapping[str, Any]
    make_request: Callable[[Example], dict[str, Any]]
    grader: Mapping[str, Any] | None = None
    grading: GradingOptions = field(default_factory=GradingOptions)
    concurrency: int = 8
    limit: int | None = None
    max_cost: float | None = None
    prices: Mapping[str, Price] = field(default_factory=dict)
    budget: Budget = field(default_factory=Budget)
    max_retries: int | None = None
    deployments: bool = False
    tokens: str = "auto"
    #: Where the server is: ``{"azure": bool, "api_version": str | None}`` (``run.json``).
    server_info: Mapping[str, Any] = field(default_factory=dict)


def grader_sha256(grader: Mapping[str, Any] | None) -> str | None:
    """A grader's identity: the sha256 of its canonical JSON (None for no grader).

    >>> grader_sha256({"b": 1, "a": 2}) == grader_sha256({"a": 2, "b": 1})
    True
    """
    if grader is None:
        return None
    return hashlib.sha256(json.dumps(grader, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


class _Tally:
    """Counts of one run, kept by the driver's thread (``Parallel``'s ``on_done``)."""

    def __init__(self, report: Callable[[EvalProgress], object], done: int, total: int, price: Price | None) -> None:
        self.report = report
        self.done = done
        self.total = total
        self.price = price
        self.sent = self.failed = self.retryable = 0
        self.prompt_tokens = self.completion_tokens = self.cached_tokens = 0
        self.errors = 0

    @property
    def cost(self) -> float | None:
        if self.price is None:
            return None
        return self.price.cost(self.prompt_tokens, self.completion_tokens, self.cached_tokens)

    def example(self, _index: int, outcome: Mapping[str, Any]) -> None:
        self.sent += 1
        status = outcome.get("status")
        if status in ("answered", "failed"):
            self.done += 1
        self.failed += status == "failed"
        self.retryable += status == "retryable"
        usage = outcome.get("usage") or {}
        self.prompt_tokens += int(usage.get("prompt_tokens") or 0)
        self.completion_tokens += int(usage.get("completion_tokens") or 0)
        self.cached_tokens += int((usage.get("prompt_tokens_details") or {}).get("cached_tokens") or 0)
        grade = outcome.get("grade")
        self.errors += bool(isinstance(grade, Mapping) and grade.get("errors"))
        self.report(self.progress("example"))

    def progress(self, stage: str, estimate: CostEstimate | None = None) -> EvalProgress:
        return EvalProgress(stage, self.done, self.total, self.sent, self.failed, self.retryable, self.cost, estimate)


# -- one example ------------------------------------------------------------------------------


def _error(error: APIError) -> dict[str, Any]:
    if isinstance(error, APIStatusError):
        return {"type": type(error).__name__, "status": error.status_code, "code": error.code,
                "param": error.param, "message": error.message, "request_id": error.request_id}  # fmt: skip
    return {"type": type(error).__name__, "status": None, "code": None, "param": None, "message": str(error)}


def _grade_record(grade: Any, sha: str | None) -> dict[str, Any]:
    return {"grade": grade.to_dict(), "score": grade.reward, "graded_with": sha}


def answer_flow(
    example: Example,
    plan: RunPlan,
    writer: ResultWriter,
    count: TokenCount,
    sha: str | None,
) -> Flow[dict[str, Any]]:
    """Ask the model one example, grade its answer, record it; the record is the result."""
    body = plan.make_request(example)
    if plan.budget.limited:
        bound = plan.parameters.get("max_completion_tokens")
        answer_tokens = int(bound if bound is not None else ASSUMED_ANSWER_TOKENS)
        yield from plan.budget.wait(count.prompt(example.messages, example.tools) + answer_tokens)
    call = deployment_call(json_call(_chat, body), plan.model, plan.deployments)
    if plan.max_retries is not None:
        call = attrs.evolve(call, max_retries=plan.max_retries)
    record: dict[str, Any] = {"id": example.id, "model": plan.model, "messages": example.messages,
                              "reference": example.reference, "item": example.item}  # fmt: skip
    started: float = yield Now()
    try:
        answer = yield call
    except APIStatusError as error:
        if error.status_code in _FATAL:
            raise
        # A failure the retry policy would retry may pass on its own: a rerun sends it again.
        transient = RetryPolicy().retries(error)
        record.update(status="retryable" if transient else "failed", error=_error(error))
        writer.write(record)
        return record
    except (APIConnectionError, APIError) as error:
        record.update(status="retryable", error=_error(error))
        writer.write(record)
        return record
    finished: float = yield Now()
    if not isinstance(answer, dict):
        answer = {}
    choices: list[Any] = answer["choices"] if isinstance(answer.get("choices"), list) else []
    first: dict[str, Any] = choices[0] if choices and isinstance(choices[0], dict) else {}
    message: dict[str, Any] = first["message"] if isinstance(first.get("message"), dict) else {}
    content = message.get("content")
    record.update(
        status="answered",
        answer=content if isinstance(content, str) else "",
        message=message,
        finish_reason=first.get("finish_reason"),
        usage=answer.get("usage"),
        latency_s=round(finished - started, 6),
        system_fingerprint=answer.get("system_fingerprint"),
        error=None,
    )
    if plan.grader is not None:
        item = grader_item(example.messages, example.reference, example.item)
        grade = yield from grade_flow(plan.grader, item, completion_sample(answer), plan.grading,
                                      deployments=plan.deployments)  # fmt: skip
        record.update(_grade_record(grade, sha))
    writer.write(record)
    return record


# -- a run ------------------------------------------------------------------------------------


def _identity(plan: RunPlan, data_sha256: str) -> dict[str, Any]:
    found = {"model": plan.model, "server": plan.server, "data_sha256": data_sha256,
             "grader_sha256": grader_sha256(plan.grader)}  # fmt: skip
    return {**found, **{k: plan.parameters.get(k) for k in IDENTITY[4:]}}


_ARGUMENTS: Final = {"data_sha256": "data", "grader_sha256": "grader", "server": "base_url"}


def check_same_run(stored: Mapping[str, Any] | None, identity: Mapping[str, Any], directory: Path) -> None:
    """Refuse to add to ``directory`` a run that differs from the one it holds (a
    ``ValidationError`` naming the first argument that differs)."""
    if stored is None:
        return
    kept = stored.get("identity") or {}
    for key in IDENTITY:
        if kept.get(key) != identity.get(key):
            argument = _ARGUMENTS.get(key, key)
            recorded = kept.get(key)
            named = {"data_sha256": "the data file it was run on (same sha256)",
                     "grader_sha256": "the grader it was run with"}  # fmt: skip
            shown = named.get(key, "none" if recorded is None else repr(recorded))
            regrade = ", or grade it with another grader: eval grade" if key == "grader_sha256" else ""
            raise ValidationError(
                argument,
                identity.get(key),
                f"{shown}, as {directory}/run.json records: a run directory holds one run (use another --out{regrade})",
            )


def _estimate(plan: RunPlan, index: ResultIndex, count: TokenCount) -> tuple[CostEstimate, int, int]:
    """The estimate for the examples still to send, each checked (``make_request``); and the
    numbers of examples in the run and already recorded."""
    examples = recorded = prompt = expected = 0
    bound_each = plan.parameters.get("max_completion_tokens") or max_output_tokens(plan.model)
    for example in read_examples(plan.data, plan.limit):
        examples += 1
        if index.done(example.id):
            recorded += 1
            continue
        plan.make_request(example)  # a bad line is refused before anything is sent
        prompt += count.prompt(example.messages, example.tools)
        if example.reference is not None:
            expected += count.text(example.reference)
        else:
            expected += min(bound_each or ASSUMED_ANSWER_TOKENS, ASSUMED_ANSWER_TOKENS)
    todo = examples - recorded
    notes = []
    if plan.grader is not None and _has_judge(plan.grader):
        notes.append("a model grader's judge requests are billed too, at the judge model's price (not included)")
    if count.estimated:
        notes.append("prompt tokens estimated at 4 characters a token (tiktoken unavailable)")
    estimate = CostEstimate(
        model=plan.model,
        examples=todo,
        prompt_tokens=prompt,
        completion_tokens_max=None if bound_each is None else bound_each * todo,
        completion_tokens_expected=min(expected, bound_each * todo) if bound_each is not None else expected,
        price=price_for(plan.model, plan.prices),
        tokens_estimated=count.estimated,
        judge_calls=todo * _judges(plan.grader) if plan.grader is not None else 0,
        notes=tuple(notes),
    )
    return estimate, examples, recorded


def _judges(grader: Mapping[str, Any]) -> int:
    return sum(1 for leaf in leaf_graders(grader) if leaf.get("type") in ("score_model", "label_model"))


def _has_judge(grader: Mapping[str, Any]) -> bool:
    return _judges(grader) > 0


def run_flow(plan: RunPlan, on_progress: Callable[[EvalProgress], object] | None = None) -> Flow[RunResult]:
    """Record ``plan.model``'s answers to the data's examples in ``plan.directory``, sending only
    the examples not recorded yet."""
    report = on_progress or (lambda progress: None)
    if not plan.data.is_file():
        raise ValidationError("data", str(plan.data), "a data file (JSONL) that exists")
    stored = read_run_json(plan.directory)
    identity = _identity(plan, file_digest(plan.data))
    check_same_run(stored, identity, plan.directory)
    sha = identity["grader_sha256"]
    path = results_path(plan.directory)
    index = ResultIndex.scan(path)
    count = TokenCount(plan.model, plan.tokens)
    estimate, examples, recorded = _estimate(plan, index, count)
    estimate.refuse_above(plan.max_cost)
    plan.directory.mkdir(parents=True, exist_ok=True)
    write_run_json(plan.directory, {
        **({"created_at": stored["created_at"]} if stored and "created_at" in stored else {}),
        "model": plan.model, "server": plan.server, "server_info": dict(plan.server_info),
        "data": {"path": os.fspath(plan.data), "sha256": identity["data_sha256"], "examples": examples},
        "grader": plan.grader, "parameters": {**plan.parameters, "limit": plan.limit},
        "identity": identity, "estimate": estimate.to_dict(),
    })  # fmt: skip
    tally = _Tally(report, recorded, examples, price_for(plan.model, plan.prices))
    report(tally.progress("estimated", estimate))

    def todo() -> Iterator[Flow[dict[str, Any]]]:
        for example in read_examples(plan.data, plan.limit):
            if not index.done(example.id):
                yield answer_flow(example, plan, writer, count, sha)

    with ResultWriter(path) as writer:
        yield Parallel(todo(), plan.concurrency, tally.example, keep_results=False)
    final = ResultIndex.scan(path, grader_sha256=sha)
    compact(path, final)
    counts = final.counts()
    report(tally.progress("done"))
    return RunResult(
        directory=plan.directory, model=plan.model, examples=examples, answered=counts["answered"],
        failed=counts["failed"], retryable=counts["retryable"], sent=tally.sent, skipped=recorded,
        mean_score=final.mean_score() if plan.grader is not None else None, prompt_tokens=tally.prompt_tokens,
        completion_tokens=tally.completion_tokens, cost=tally.cost, estimate=estimate,
    )  # fmt: skip


# -- grading what was recorded ------------------------------------------------------------------


def grade_answer_flow(
    record: Mapping[str, Any],
    grader: Mapping[str, Any],
    options: GradingOptions,
    deployments: bool,
    reference: str | None = None,
) -> Flow[Any]:
    """Grade a recorded answer (``reference``: grade it against this text instead of the
    example's own reference); the ``Grade``."""
    messages: list[Any] = record["messages"] if isinstance(record.get("messages"), list) else []
    item = grader_item(messages, record.get("reference"), record.get("item") or {})
    if reference is not None:
        item["reference"] = reference
    message = record.get("message")
    if isinstance(message, dict):
        sample = completion_sample({"choices": [{"index": 0, "message": message}]})
    else:
        sample = text_sample(str(record.get("answer") or ""))
    grade = yield from grade_flow(grader, item, sample, options, deployments=deployments)
    return grade


def regrade_flow(
    directory: Path,
    grader: Mapping[str, Any],
    options: GradingOptions,
    deployments: bool,
    concurrency: int,
    on_progress: Callable[[EvalProgress], object] | None = None,
) -> Flow[GradeResult]:
    """Grade (again) every answer recorded in ``directory`` with ``grader``; answers this grader
    already graded are skipped (an interrupted grading resumes). The only requests are the
    grader's own (a judge, embeddings)."""
    report = on_progress or (lambda progress: None)
    stored = require_run(directory)
    sha = grader_sha256(grader)
    path = results_path(directory)
    index = ResultIndex.scan(path, grader_sha256=sha)
    answered = [i for i in index.ids() if index.status(i) == "answered"]
    todo_ids = [i for i in answered if index.score(i) is None]
    identity = {**(stored.get("identity") or {}), "grader_sha256": sha}
    write_run_json(directory, {**{k: v for k, v in stored.items() if k not in ("format", "ftkit_version")},
                               "grader": dict(grader), "identity": identity})  # fmt: skip
    tally = _Tally(report, len(answered) - len(todo_ids), len(answered), None)

    def one(example_id: int) -> Flow[dict[str, Any]]:
        record = index.record(example_id)
        grade = yield from grade_answer_flow(record, grader, options, deployments)
        record.update(_grade_record(grade, sha))
        writer.write(record)
        return {"status": "answered", "grade": record["grade"]}

    with ResultWriter(path) as writer:
        yield Parallel((one(i) for i in todo_ids), concurrency, tally.example, keep_results=False)
    final = ResultIndex.scan(path, grader_sha256=sha)
    compact(path, final)
    report(tally.progress("done"))
    return GradeResult(directory, len(todo_ids), len(answered) - len(todo_ids), tally.errors, final.mean_score())


def score_flow(
    directory: Path,
    grader: Mapping[str, Any],
    options: GradingOptions,
    deployments: bool,
    concurrency: int,
    references: Callable[[int], str | None] | None,
    scores: dict[int, float],
) -> Flow[int]:
    """Grade every answer of ``directory`` without recording anything (a comparison's own
    grader), putting each example's score in ``scores`` (a failed example: 0).
    ``references(id)`` replaces each example's reference (None: that example is skipped)."""
    index = ResultIndex.scan(results_path(directory))
    for example_id in index.ids():
        # An example that failed for good has no answer: it scores 0 (against a reference run
        # too, where that run answered it).
        if index.status(example_id) == "failed" and (references is None or references(example_id) is not None):
            scores[example_id] = 0.0

    def one(example_id: int, reference: str | None) -> Flow[tuple[int, float]]:
        grade = yield from grade_answer_flow(index.record(example_id), grader, options, deployments, reference)
        return example_id, grade.reward

    def todo() -> Iterator[Flow[tuple[int, float]]]:
        for example_id in index.ids():
            if index.status(example_id) != "answered":
                continue
            reference = None
            if references is not None:
                reference = references(example_id)
                if reference is None:
                    continue
            yield one(example_id, reference)

    def done(_number: int, outcome: tuple[int, float]) -> None:
        scores[outcome[0]] = outcome[1]

    graded: int = yield Parallel(todo(), concurrency, done, keep_results=False)
    return graded


def estimate(
    data: str | os.PathLike[str],
    *,
    model: str,
    limit: int | None = None,
    max_completion_tokens: int | None = None,
    grader: Mapping[str, Any] | None = None,
    prices: Mapping[str, Price] | None = None,
    tokens: str = "auto",
) -> CostEstimate:
    """What asking ``model`` the examples of ``data`` would cost, with no client and nothing sent.

    >>> found = estimate("heldout.jsonl", model="ft:gpt-4o-mini-2024-07-18:org::abc", max_completion_tokens=200,
    ...                  tokens="estimate")
    >>> found.prompt_tokens, found.cost_max
    (324, 0.0024972)
    """
    from ._cost import check_prices

    if not isinstance(data, (str, os.PathLike)) or not Path(data).is_file():
        raise ValidationError("data", data, "a data file (JSONL) that exists")
    if not isinstance(model, str) or not model:
        raise ValidationError("model", model, "a model name")
    plan = RunPlan(
        Path(data),
        Path(),
        model,
        "",
        {"max_completion_tokens": max_completion_tokens},
        lambda example: {},
        grader=grader,
        limit=limit,
        prices=check_prices(prices),
        tokens=tokens,
    )
    found, _, _ = _estimate(plan, ResultIndex(Path(os.devnull)), TokenCount(model, tokens))
    return found


def compare_flow(arguments: CompareArguments, *, deployments: bool) -> Flow[Comparison]:
    """Grade what a comparison grades itself (its grader over both runs, or B against A's
    recorded answers), then compare."""
    a, b, grader = arguments.a, arguments.b, arguments.grader
    concurrency, options = arguments.concurrency, arguments.options
    scores_a: dict[int, float] | None = None
    scores_b: dict[int, float] | None = None
    if grader is not None and arguments.reference:
        index_a = ResultIndex.scan(results_path(a))

        def answer_of(example_id: int) -> str | None:
            if index_a.status(example_id) != "answered":
                return None
            return str(index_a.record(example_id).get("answer") or "")

        scores_b = {}
        yield from score_flow(b, grader, options, deployments, concurrency, answer_of, scores_b)
    elif grader is not None:
        scores_a, scores_b = {}, {}
        yield from score_flow(a, grader, options, deployments, concurrency, None, scores_a)
        yield from score_flow(b, grader, options, deployments, concurrency, None, scores_b)
    name = None if grader is None else f"{grader.get('type')} {grader.get('name')}"
    return compare_runs(a, b, scores_a=scores_a, scores_b=scores_b, reference=arguments.reference, grader=name,
                        resamples=arguments.resamples, seed=arguments.seed)  # fmt: skip
