"""A reinforcement job's training, simulated: model samples that improve, graded by the job's own grader.

There is no model, so the emulator writes the samples: at each step, for each item of the batch,
the answer the grader's reference asks for (with a probability that grows over training), half
of it, or a non-answer. The grader is then run on them by the library's grader engine
(``ftkit.grading``), the one ``graders run --local`` and the graders/run endpoint use:
``string_check`` and ``text_similarity`` scores (``cosine`` over the emulator's simulated
embeddings) and ``multi`` formulas are computed. The judge of ``score_model`` and
``label_model`` graders and the source of ``python`` graders are not run for each of the
thousands of samples of a job (a process or a judge request each): their scores are simulated
from the sample's quality, and every metrics entry of such a grader says ``"simulated": true``.

The metrics follow the event the RFT guide documents ("Training metrics": ``scores``,
``usage``, ``errors``, ``timing``, ``train_mean_reward``, ``full_valid_mean_reward``, ...);
token counts and timings are simulated too.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..grading._engine import (
    EmbeddingsRequest,
    Grade,
    JudgeRequest,
    PythonRequest,
    grade_steps,
    leaf_graders,
    run_steps,
)
from ..grading._python import PythonOutcome
from ..grading._templates import render
from ._chat import embeddings_answer

#: Graders whose scores the simulation makes up (their judge or source is not run per sample).
SIMULATED_TYPES = ("score_model", "label_model", "python")
Evaluation = Grade

#: Answers sampled per prompt (the RFT guide: "samples several responses per prompt"; how many
#: is not documented), samples graded per training step, and validation items per validation step.
SAMPLES_PER_PROMPT = 4
TRAIN_SAMPLES_PER_STEP = 16
VALID_ITEMS_PER_STEP = 32
NON_ANSWER = "I'm not sure."

_WHOLE = re.compile(r"^\{\{\s*sample\.(output_text|output_json((?:\.[A-Za-z0-9_]+)+))\s*\}\}$")
_QUALITY = {"right": 1.0, "partial": 0.5, "wrong": 0.0}


def describe(grader: dict[str, Any]) -> str:
    """What the emulator does with ``grader``, for the job's first event.

    >>> describe({"type": "score_model", "name": "judge"}).endswith("(score_model) are simulated, not computed.")
    True
    """
    simulated = [g for g in leaf_graders(grader) if g["type"] in SIMULATED_TYPES]
    text = "Reinforcement training is simulated by the emulator: model samples are written by it"
    if simulated:
        names = ", ".join(f"{g['name']!r} ({g['type']})" for g in simulated)
        text += f", and the scores of grader {names} are simulated, not computed."
    else:
        text += ", and graded by the job's grader."
    return text


def simulate(
    grader: dict[str, Any],
    train_items: Sequence[dict[str, Any]],
    valid_items: Sequence[dict[str, Any]],
    *,
    total_steps: int,
    batch_size: int,
    eval_interval: int,
    seed: str,
) -> list[dict[str, Any]]:
    """Every step's metrics event ``data`` for a reinforcement job, oldest first.

    >>> g = {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}",
    ...      "reference": "{{item.answer}}", "operation": "eq"}
    >>> rows = simulate(g, [{"answer": str(i)} for i in range(10)], [{"answer": "7"}],
    ...                 total_steps=30, batch_size=4, eval_interval=10, seed="0")
    >>> rows[0]["scores"]["graders"][0]["name"], "full_valid_mean_reward" in rows[9]
    ('exact', True)
    """
    rng = random.Random(f"rewards:{seed}")
    start, end, rate = rng.uniform(0.1, 0.35), rng.uniform(0.7, 0.95), rng.uniform(2.5, 4.5)
    leaves = leaf_graders(grader)
    targets = _targets(grader)
    rows: list[dict[str, Any]] = []
    reasoning = rng.uniform(1200, 3500)
    for step in range(1, total_steps + 1):
        skill = start + (end - start) * (1 - math.exp(-rate * step / total_steps))
        first = (step - 1) * batch_size
        batch = [train_items[(first + j) % len(train_items)] for j in range(batch_size)] if train_items else []
        prompts = [item for item in batch for _ in range(SAMPLES_PER_PROMPT)][:TRAIN_SAMPLES_PER_STEP]
        train = [_grade(grader, item, targets, skill, rng) for item in prompts]
        data: dict[str, Any] = {"step": step}
        valid: list[tuple[Evaluation, int]] = []
        if valid_items and (step % eval_interval == 0 or step == total_steps):
            valid = [_grade(grader, item, targets, skill, rng) for item in valid_items[:VALID_ITEMS_PER_STEP]]
        reasoning *= rng.uniform(0.97, 1.01)
        _fill(data, leaves, train, valid, reasoning, rng)
        data["total_steps"] = total_steps
        rows.append(data)
    return rows


def _targets(grader: dict[str, Any]) -> list[tuple[Mapping[str, Any], str | None]]:
    """For each comparing grader, its reference and where in the sample its input reads.

    The place is ``"output_text"``, a dotted ``output_json`` path, or None when the input is a
    template the emulator cannot invert (then the answer goes in ``output_text``).
    """
    found = []
    for leaf in leaf_graders(grader):
        if leaf["type"] in ("string_check", "text_similarity"):
            match = _WHOLE.match(leaf["input"])
            found.append((leaf, match.group(1) if match else None))
    return found


def _grade(
    grader: dict[str, Any],
    item: dict[str, Any],
    targets: list[tuple[Mapping[str, Any], str | None]],
    skill: float,
    rng: random.Random,
) -> tuple[Evaluation, int]:
    draw = rng.random()
    kind = "right" if draw < skill else "partial" if draw < skill + (1 - skill) / 2 else "wrong"
    sample = _sample(item, targets, kind)
    quality = _QUALITY[kind]

    def respond(need: Any) -> Any:
        unit = min(1.0, max(0.0, quality + rng.gauss(0, 0.1)))
        if isinstance(need, PythonRequest):
            return PythonOutcome(unit)
        if isinstance(need, EmbeddingsRequest):
            return embeddings_answer(need.body)
        if isinstance(need, JudgeRequest):
            return _judged(need, unit)
        raise TypeError(f"the grader engine asked for {need!r}")

    return run_steps(grade_steps(grader, item, sample), respond), len(sample["output_text"])


def _judged(need: JudgeRequest, unit: float) -> dict[str, Any]:
    """The simulated judge's answer, from the sample's quality: a score in the grader's range,
    or a label (a passing one for a good sample, most of the time)."""
    config = need.config
    if config.get("type") == "label_model":
        labels = list(config.get("labels") or [""])
        result: Any = labels[int(unit * len(labels)) % len(labels)]
    else:
        low, high = config.get("range") or [0, 1]
        result = float(low + unit * (high - low))
    prompt = " ".join(str(m.get("content")) for m in need.body.get("messages", []))
    tokens = max(1, len(prompt) // 4)
    return {
        "model": need.model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": json.dumps({"steps": [], "result": result})}}
        ],
        "usage": {"prompt_tokens": tokens, "completion_tokens": 1, "total_tokens": tokens + 1},
    }


def _sample(item: dict[str, Any], targets: list[tuple[Mapping[str, Any], str | None]], kind: str) -> dict[str, Any]:
    text = ""
    as_json: dict[str, Any] = {}
    for leaf, place in targets:
        answer = render(leaf["reference"], item, {})[0]
        written = answer if kind == "right" else _half(answer) if kind == "partial" else NON_ANSWER
        if place is not None and place.startswith("output_json."):
            node = as_json
            *parents, last = place.split(".")[1:]
            for name in parents:
                node = node.setdefault(name, {})
            node[last] = written
        elif not text:
            text = written
    if as_json:
        return {"output_text": json.dumps(as_json), "output_json": as_json}
    text = text or (NON_ANSWER if kind == "wrong" else "Here is my answer.")
    return {"output_text": text, "output_json": None}


def _half(answer: str) -> str:
    words = answer.split()
    if len(words) > 1:
        return " ".join(words[: (len(words) + 1) // 2])
    return answer[: len(answer) // 2] or NON_ANSWER


def _fill(
    data: dict[str, Any],
    leaves: list[Mapping[str, Any]],
    train: list[tuple[Evaluation, int]],
    valid: list[tuple[Evaluation, int]],
    reasoning: float,
    rng: random.Random,
) -> None:
    """The documented metrics event fields, from this step's graded samples."""
    per_grader = []
    errors = []
    usage = []
    for index, leaf in enumerate(leaves):
        entry: dict[str, Any] = {"name": leaf["name"], "type": leaf["type"]}
        entry["train_reward_mean"] = _mean([_leaf_score(e, leaves, index) for e, _ in train])
        if valid:
            entry["valid_reward_mean"] = _mean([_leaf_score(e, leaves, index) for e, _ in valid])
        if leaf["type"] in SIMULATED_TYPES:
            entry["simulated"] = True
        per_grader.append(entry)
        flags: dict[str, Any] = {"name": leaf["name"], "type": leaf["type"]}
        for flag in ("other_error", "sample_parse_error", "invalid_variable_error"):
            flags[f"train_{flag}_mean"] = _mean([float(bool(e.errors.get(flag))) for e, _ in train])
            flags[f"train_{flag}_count"] = float(sum(bool(e.errors.get(flag)) for e, _ in train))
            if valid:
                flags[f"valid_{flag}_mean"] = _mean([float(bool(e.errors.get(flag))) for e, _ in valid])
                flags[f"valid_{flag}_count"] = float(sum(bool(e.errors.get(flag)) for e, _ in valid))
        errors.append(flags)
        if leaf["type"] in ("score_model", "label_model"):
            usage.append(_grader_usage(leaf, train, valid))
    train_mean = _mean([e.reward for e, _ in train])
    scores: dict[str, Any] = {"graders": per_grader, "train_reward_mean": train_mean}
    completion = [reasoning + length / 4 for _, length in train]
    data["usage"] = {
        "graders": usage,
        "samples": {
            "train_reasoning_tokens_mean": reasoning,
            "train_reasoning_tokens_count": reasoning * len(train),
        },
    }
    data["errors"] = {"graders": errors}
    data["scores"] = scores
    sampling, training = rng.uniform(60, 240), rng.uniform(120, 420)
    timing: dict[str, Any] = {"sampling": sampling, "training": training}
    data["train_mean_reward"] = train_mean
    data["reasoning_tokens_mean"] = reasoning
    data["completion_tokens_mean"] = _mean(completion)
    data["mean_unresponsive_rewards"] = 0.0
    data["model_graders_token_usage"] = {
        u["model"]: {"train_prompt_tokens": u["train_prompt_tokens_count"]} for u in usage
    }
    if valid:
        valid_mean = _mean([e.reward for e, _ in valid])
        scores["valid_reward_mean"] = valid_mean
        data["usage"]["samples"]["valid_reasoning_tokens_mean"] = reasoning * 0.6
        data["usage"]["samples"]["valid_reasoning_tokens_count"] = reasoning * 0.6 * len(valid)
        data["full_valid_mean_reward"] = valid_mean
        data["full_valid_mean_parse_error"] = 0.0
        data["valid_reasoning_tokens_mean"] = reasoning * 0.6
        timing["eval"] = rng.uniform(30, 120)
    timing["full_iteration"] = sum(timing.values()) + rng.uniform(1, 10)
    data["timing"] = {"step": timing, "graders": []}


def _leaf_score(evaluation: Evaluation, leaves: list[Mapping[str, Any]], index: int) -> float:
    if len(leaves) == 1 and not evaluation.sub_rewards:
        return evaluation.reward
    values = list(evaluation.sub_rewards.values())
    return values[index] if index < len(values) else 0.0


def _grader_usage(
    leaf: Mapping[str, Any], train: list[tuple[Evaluation, int]], valid: list[tuple[Evaluation, int]]
) -> dict[str, Any]:
    def prompt_tokens(evaluations: list[tuple[Evaluation, int]]) -> list[float]:
        return [float(e.usage.get(leaf["model"], {}).get("prompt_tokens", 0)) for e, _ in evaluations]

    train_tokens = prompt_tokens(train)
    entry: dict[str, Any] = {
        "name": leaf["name"],
        "type": leaf["type"],
        "model": leaf["model"],
        "train_prompt_tokens_mean": _mean(train_tokens),
        "train_prompt_tokens_count": sum(train_tokens),
        "train_completion_tokens_mean": 1.0 if train else 0.0,
        "train_completion_tokens_count": float(len(train)),
    }
    if valid:
        valid_tokens = prompt_tokens(valid)
        entry["valid_prompt_tokens_mean"] = _mean(valid_tokens)
        entry["valid_prompt_tokens_count"] = sum(valid_tokens)
    return entry


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0
