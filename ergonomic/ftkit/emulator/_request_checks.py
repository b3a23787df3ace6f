"""Checks of request bodies, answering 400s that name the parameter as the API does."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ._errors import bad_request

AUTO = "auto"

# name -> (kind, low, high, low is exclusive); kind "int" or "number", both also accept "auto".
_NUMERIC: dict[str, tuple[str, float, float, bool]] = {
    "batch_size": ("int", 1, 256, False),
    "learning_rate_multiplier": ("number", 0, math.inf, True),
    "n_epochs": ("int", 1, 50, False),
    "beta": ("number", 0, 2, True),
    "compute_multiplier": ("number", 1e-5, 10, True),
    "eval_interval": ("int", 1, math.inf, False),
    "eval_samples": ("int", 1, math.inf, False),
}
REASONING_EFFORTS = ("default", "low", "medium", "high")

#: Hyperparameters of each method, in the order the API lists them.
METHOD_HYPERPARAMETERS: dict[str, tuple[str, ...]] = {
    "supervised": ("batch_size", "learning_rate_multiplier", "n_epochs"),
    "dpo": ("beta", "batch_size", "learning_rate_multiplier", "n_epochs"),
    "reinforcement": (
        "batch_size",
        "learning_rate_multiplier",
        "n_epochs",
        "reasoning_effort",
        "compute_multiplier",
        "eval_interval",
        "eval_samples",
    ),
}


@dataclass
class JobRequest:
    """A checked ``POST /fine_tuning/jobs`` body, with every hyperparameter present (``"auto"`` if not given)."""

    model: str
    training_file: str
    validation_file: str | None
    suffix: str | None
    seed: int | None
    method: str
    hyperparameters: dict[str, Any]
    grader: dict[str, Any] | None
    integrations: list[dict[str, Any]] | None
    metadata: dict[str, str] | None


def is_int(value: Any) -> bool:
    """True for JSON integers (``bool`` is not one, whatever Python says).

    >>> is_int(3), is_int(True), is_int(3.0)
    (True, False, False)
    """
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    """True for finite JSON numbers.

    >>> is_number(0.5), is_number("0.5"), is_number(float("nan"))
    (True, False, False)
    """
    return (is_int(value) or isinstance(value, float)) and math.isfinite(value)


def expect_object(value: Any, param: str) -> dict[str, Any]:
    """``value`` if it is a JSON object, else a 400 naming ``param``.

    >>> expect_object({}, "method")
    {}
    """
    if not isinstance(value, dict):
        raise bad_request(f"Invalid type for '{param}': expected an object, but got {_kind(value)} instead.", param)
    return value


def expect_string(value: Any, param: str, *, min_length: int = 0, max_length: int | None = None) -> str:
    """``value`` if it is a string within the length bounds, else a 400 naming ``param``.

    >>> expect_string("gpt-4o-mini", "model")
    'gpt-4o-mini'
    """
    if not isinstance(value, str):
        raise bad_request(f"Invalid type for '{param}': expected a string, but got {_kind(value)} instead.", param)
    if len(value) < min_length:
        raise bad_request(
            f"Invalid '{param}': string too short. Expected a string with minimum length {min_length}.", param
        )
    if max_length is not None and len(value) > max_length:
        raise bad_request(
            f"Invalid '{param}': string too long. Expected a string with maximum length {max_length}, "
            f"but got a string with length {len(value)} instead.",
            param,
        )
    return value


def reject_unknown(obj: dict[str, Any], allowed: tuple[str, ...] | set[str], prefix: str = "") -> None:
    """A 400 for the first key of ``obj`` not in ``allowed``, with the API's wording.

    >>> reject_unknown({"model": "x"}, ("model",))
    """
    for key in obj:
        if key not in allowed:
            raise bad_request(f"Unrecognized request argument supplied: {prefix}{key}", f"{prefix}{key}")


def check_hyperparameters(raw: Any, method: str, param: str) -> dict[str, Any]:
    """The method's hyperparameters with defaults filled in; a 400 names the first bad one.

    >>> check_hyperparameters({"n_epochs": 2}, "supervised", "hyperparameters")
    {'batch_size': 'auto', 'learning_rate_multiplier': 'auto', 'n_epochs': 2}
    """
    given = expect_object(raw, param)
    names = METHOD_HYPERPARAMETERS[method]
    reject_unknown(given, names, f"{param}.")
    out: dict[str, Any] = {}
    for name in names:
        value = given.get(name, "default" if name == "reasoning_effort" else AUTO)
        where = f"{param}.{name}"
        if name == "reasoning_effort":
            if value not in REASONING_EFFORTS:
                raise bad_request(
                    f"Invalid '{where}': expected one of {', '.join(REASONING_EFFORTS)}, got {value!r}.", where
                )
        elif value != AUTO:
            _check_number(value, where, *_NUMERIC[name])
        out[name] = value
    return out


def _check_number(value: Any, param: str, kind: str, low: float, high: float, exclusive: bool) -> None:
    ok_type = is_int(value) if kind == "int" else is_number(value)
    if not ok_type:
        expected = "an integer" if kind == "int" else "a number"
        raise bad_request(f"Invalid '{param}': expected 'auto' or {expected}, got {_kind(value)}.", param)
    too_low = value <= low if exclusive else value < low
    if too_low or value > high:
        bound = f"greater than {low:g}" if exclusive else f"at least {low:g}"
        upper = "" if math.isinf(high) else f" and at most {high:g}"
        raise bad_request(f"Invalid '{param}': {value!r} is out of range; it must be {bound}{upper}.", param)


def check_metadata(raw: Any, param: str = "metadata") -> dict[str, str] | None:
    """Metadata: at most 16 string pairs, keys up to 64 characters, values up to 512; or null.

    >>> check_metadata({"team": "nlp"})
    {'team': 'nlp'}
    """
    if raw is None:
        return None
    given = expect_object(raw, param)
    if len(given) > 16:
        raise bad_request(f"Invalid '{param}': too many properties. Expected at most 16, got {len(given)}.", param)
    for key, value in given.items():
        if len(key) > 64:
            raise bad_request(f"Invalid '{param}': key {key[:20]!r}... is longer than 64 characters.", param)
        expect_string(value, f"{param}.{key}", max_length=512)
    return dict(given)


def check_integrations(raw: Any) -> list[dict[str, Any]] | None:
    """W&B integrations as the API accepts them (at most 5).

    >>> check_integrations([{"type": "wandb", "wandb": {"project": "p"}}])[0]["wandb"]["project"]
    'p'
    """
    if raw is None:
        return None
    if not isinstance(raw, list):
        raise bad_request(
            f"Invalid type for 'integrations': expected an array, but got {_kind(raw)} instead.", "integrations"
        )
    if len(raw) > 5:
        raise bad_request("Invalid 'integrations': at most 5 integrations are allowed.", "integrations")
    out = []
    for i, item in enumerate(raw):
        where = f"integrations[{i}]"
        entry = expect_object(item, where)
        reject_unknown(entry, ("type", "wandb"), f"{where}.")
        if entry.get("type") != "wandb":
            raise bad_request(f"Invalid '{where}.type': only 'wandb' is supported.", f"{where}.type")
        wandb = expect_object(entry.get("wandb"), f"{where}.wandb")
        reject_unknown(wandb, ("project", "name", "entity", "tags"), f"{where}.wandb.")
        expect_string(wandb.get("project"), f"{where}.wandb.project")
        for key in ("name", "entity"):
            if wandb.get(key) is not None:
                expect_string(wandb[key], f"{where}.wandb.{key}")
        tags = wandb.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise bad_request(f"Invalid '{where}.wandb.tags': expected an array of strings.", f"{where}.wandb.tags")
        out.append({"type": "wandb", "wandb": dict(wandb)})
    return out


def check_job_request(body: dict[str, Any], check_grader: Any) -> JobRequest:
    """A checked job-creation body; ``check_grader`` checks a reinforcement grader (raises a 400 if bad).

    >>> req = check_job_request({"model": "gpt-4o-mini", "training_file": "file-a"}, None)
    >>> req.method, req.hyperparameters["n_epochs"]
    ('supervised', 'auto')
    """
    allowed = (
        "model", "training_file", "hyperparameters", "suffix", "validation_file",
        "integrations", "seed", "method", "metadata",
    )  # fmt: skip
    reject_unknown(body, allowed)
    for required in ("model", "training_file"):
        if required not in body:
            raise bad_request(f"Missing required parameter: '{required}'.", required)
    model = expect_string(body["model"], "model", min_length=1)
    training_file = expect_string(body["training_file"], "training_file", min_length=1)
    validation_file = body.get("validation_file")
    if validation_file is not None:
        validation_file = expect_string(validation_file, "validation_file", min_length=1)
    suffix = body.get("suffix")
    if suffix is not None:
        suffix = expect_string(suffix, "suffix", min_length=1, max_length=64)
    seed = body.get("seed")
    if seed is not None and (not is_int(seed) or not 0 <= seed <= 2_147_483_647):
        raise bad_request("Invalid 'seed': expected an integer between 0 and 2147483647.", "seed")

    method, hyperparameters, grader = _check_method(body, check_grader)
    return JobRequest(
        model=model,
        training_file=training_file,
        validation_file=validation_file,
        suffix=suffix,
        seed=seed,
        method=method,
        hyperparameters=hyperparameters,
        grader=grader,
        integrations=check_integrations(body.get("integrations")),
        metadata=check_metadata(body.get("metadata")),
    )


def _check_method(body: dict[str, Any], check_grader: Any) -> tuple[str, dict[str, Any], dict[str, Any] | None]:
    legacy: dict[str, Any] = {}
    if "hyperparameters" in body:
        check_hyperparameters(body["hyperparameters"], "supervised", "hyperparameters")
        legacy = dict(body["hyperparameters"])  # only the given keys, so the method's own win when merged
    if "method" not in body:
        return "supervised", check_hyperparameters(legacy, "supervised", "hyperparameters"), None
    method = expect_object(body["method"], "method")
    reject_unknown(method, ("type", "supervised", "dpo", "reinforcement"), "method.")
    kind = method.get("type")
    if not isinstance(kind, str) or kind not in METHOD_HYPERPARAMETERS:
        raise bad_request(
            f"Invalid 'method.type': expected one of supervised, dpo, reinforcement, got {kind!r}.", "method.type"
        )
    for other in METHOD_HYPERPARAMETERS:
        if other != kind and other in method:
            raise bad_request(
                f"Invalid 'method.{other}': the method type is {kind!r}, so only 'method.{kind}' may be given.",
                f"method.{other}",
            )
    if legacy and kind != "supervised":
        raise bad_request(
            "The top-level 'hyperparameters' only apply to supervised jobs; give them under "
            f"'method.{kind}.hyperparameters' instead.",
            "hyperparameters",
        )
    config = expect_object(method.get(kind, {}), f"method.{kind}")
    allowed = ("hyperparameters", "grader") if kind == "reinforcement" else ("hyperparameters",)
    reject_unknown(config, allowed, f"method.{kind}.")
    given = dict(legacy)
    given.update(expect_object(config.get("hyperparameters", {}), f"method.{kind}.hyperparameters"))
    hyperparameters = check_hyperparameters(given, kind, f"method.{kind}.hyperparameters")
    grader = None
    if kind == "reinforcement":
        if "grader" not in config:
            raise bad_request(
                "Missing required parameter: 'method.reinforcement.grader'.", "method.reinforcement.grader"
            )
        grader = check_grader(config["grader"], "method.reinforcement.grader")
    return kind, hyperparameters, grader


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if is_int(value):
        return "an integer"
    if isinstance(value, float):
        return "a decimal"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
