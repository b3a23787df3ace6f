"""What a job finds in its files, and the values ``"auto"`` hyperparameters take.

The file check defers to the project's own validator (``ftkit.data.validate``, the checks a user
runs before uploading) on the file the emulator already holds, and words its verdict the way
the API words a failed job. Each rule below names its source; "observed" means seen in real API
answers quoted in public code, not documented, and "guess" means neither.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger("ftkit.emulator")

# Documented: the RFT guide ("How much training data is needed?"): at most 50,000 training
# examples and 1,000 test (validation) examples.
RFT_MAX_TRAINING_EXAMPLES = 50_000
RFT_MAX_VALIDATION_EXAMPLES = 1_000
#: Reinforcement jobs grade at most this many items of each file (a bounded, seeded sample).
RFT_KEPT_ITEMS = 256

# The first line's keys tell which format a file is in. The API's name for the chat format
# ("fine-tune-chat") is observed; the other two names are guesses made to match it.
_FORMAT_NAMES = {"chat": "fine-tune-chat", "preference": "fine-tune-preference", "completion": "fine-tune-completion"}
_FORMAT_METHOD = {"chat": "supervised", "preference": "dpo", "completion": "supervised"}
_SNIFF_LIMIT = 1 << 20


@dataclass(frozen=True)
class FileProblem:
    """Why a training (or validation) file fails a job: the API's code and message, and the 1-based line."""

    code: str
    message: str
    line: int | None = None


@dataclass(frozen=True)
class FileCheck:
    """What one file is for one method: its problem (None if usable), examples, tokens, and graded items."""

    problem: FileProblem | None
    examples: int = 0
    tokens: int = 0
    items: tuple[dict[str, Any], ...] = field(default=(), repr=False)


def check_file(
    path: str,
    file_id: str,
    method: str,
    *,
    role: str = "training",
    grader: Mapping[str, Any] | None = None,
    seed: int = 0,
) -> FileCheck:
    """Check the stored file ``path`` (uploaded as ``file_id``) as the ``role`` file of a ``method`` job.

    Never raises for the file's content: a validator failure becomes the job's failure.

    >>> import tempfile, os
    >>> line = b'{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}\\n'
    >>> with tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False) as f:
    ...     _ = f.write(line * 5)
    >>> check_file(f.name, "file-a", "supervised").problem.message
    'Training file has 5 example(s), but must have at least 10 examples'
    >>> os.unlink(f.name)
    """
    try:
        return _check(path, file_id, method, role, grader, seed)
    except Exception as exc:
        # A bug of the validator (or of ours) must fail this one job, not the request or the server.
        logger.exception("emulator could not check %s file %s", role, file_id)
        return FileCheck(
            FileProblem(f"invalid_{role}_file", f"{_invalid(role)} The file could not be read ({exc}).", None)
        )


def _invalid(role: str) -> str:
    # Observed ("The job failed due to an invalid training file. ..."); the validation-file
    # variant is a guess made to match.
    return f"The job failed due to an invalid {role} file."


def _format_error(role: str) -> str:
    # Observed, 2025: code invalid_file_format, "The job failed due to a file format error in
    # the training file. Invalid file format. Example 1 contains an extra "weight"."
    return f"The job failed due to a file format error in the {role} file. Invalid file format."


def _check(path: str, file_id: str, method: str, role: str, grader: Mapping[str, Any] | None, seed: int) -> FileCheck:
    from ftkit.data import MIN_EXAMPLES, validate

    found = _sniff(path)
    if found is not None and _FORMAT_METHOD[found] != method and not (found == "chat" and method == "reinforcement"):
        # Observed, 2024-12, a chat file given to a dpo job: code invalid_training_file, "The job
        # failed due to an invalid training file. Invalid file format. Input file file-X is in the
        # fine-tune-chat format, but the specified fine-tuning job is not using 'supervised' as
        # the training method (provided method=dpo). " (trailing space included).
        message = (
            f"{_invalid(role)} Invalid file format. Input file {file_id} is in the {_FORMAT_NAMES[found]} format, "
            f"but the specified fine-tuning job is not using '{_FORMAT_METHOD[found]}' as the training method "
            f"(provided method={method}). "
        )
        return FileCheck(FileProblem(f"invalid_{role}_file", message, None))

    # min_examples=0: the 10-example minimum is the API's own invalid_n_examples answer below,
    # and it applies to the training file only.
    report = validate(path, method=method, tokens="estimate", check_duplicates=False, max_listed=1, min_examples=0)
    if report.errors:
        first = min(report.errors, key=lambda f: (f.line is None, f.line or 0))
        if first.line is None:
            # Whole-file problems (an empty file): code and wording are guesses.
            message = f"{_invalid(role)} {first.message[:1].upper()}{first.message[1:]}."
            return FileCheck(FileProblem(f"invalid_{role}_file", message, None))
        if first.kind == "invalid_json":
            # Observed as a file's status_details: "Invalid file format. Example 1273 cannot be
            # parsed. Error: line contains invalid json: Expecting ',' delimiter: ..."
            detail = f"Example {first.line} cannot be parsed. Error: line contains invalid json: {first.message}"
        else:
            where = f", {first.path}" if first.path else ""
            detail = f"Example {first.line}{where}: {first.message}."
        # The API's "Example N" numbering is not documented; the emulator gives the file's line.
        return FileCheck(FileProblem("invalid_file_format", f"{_format_error(role)} {detail}", first.line))

    examples = report.stats.examples
    label = role.capitalize()
    if role == "training" and examples < MIN_EXAMPLES:
        # Observed, exactly: code invalid_n_examples, param training_file, "Training file has 7
        # example(s), but must have at least 10 examples" (no final period).
        message = f"{label} file has {examples} example(s), but must have at least {MIN_EXAMPLES} examples"
        return FileCheck(FileProblem("invalid_n_examples", message, None))
    items: tuple[dict[str, Any], ...] = ()
    if method == "reinforcement":
        most = RFT_MAX_TRAINING_EXAMPLES if role == "training" else RFT_MAX_VALIDATION_EXAMPLES
        if examples > most:
            # The limit is documented; the code and wording are guesses modelled on the minimum's.
            message = f"{label} file has {examples} example(s), but must have at most {most} examples"
            return FileCheck(FileProblem("invalid_n_examples", message, None))
        fields = _item_fields(grader)
        kept, missing = _items(path, fields, seed)
        if missing:
            # That a grader reading a field no example has fails the job at validation is the
            # documented meaning of {{item.*}} (the item is the example's own fields); the code
            # and wording are guesses.
            message = (
                f"{_invalid(role)} The grader reads {{{{item.{missing}}}}}, but no example in the file has "
                f"a field {missing!r}."
            )
            return FileCheck(FileProblem(f"invalid_{role}_file", message, None))
        items = kept
    return FileCheck(None, examples, report.stats.total_tokens, items)


def _sniff(path: str) -> str | None:
    """The format of the file's first example (chat, preference, completion), or None if unclear."""
    with open(path, "rb") as handle:
        for _ in range(100):
            line = handle.readline(_SNIFF_LIMIT)
            if not line:
                return None
            if line.isspace():
                continue
            if len(line) >= _SNIFF_LIMIT and not line.endswith(b"\n"):
                return None
            try:
                first = json.loads(line)
            except (ValueError, RecursionError):
                return None
            if not isinstance(first, dict):
                return None
            if "input" in first and ("preferred_output" in first or "non_preferred_output" in first):
                return "preference"
            if "messages" in first:
                return "chat"
            if "prompt" in first and "completion" in first:
                return "completion"
            return None
    return None


def _item_fields(grader: Mapping[str, Any] | None) -> tuple[str, ...]:
    if grader is None:
        return ()
    from ftkit.data import grader_item_fields

    return grader_item_fields(grader)


def _items(path: str, fields: tuple[str, ...], seed: int) -> tuple[tuple[dict[str, Any], ...], str | None]:
    """A seeded sample of at most :data:`RFT_KEPT_ITEMS` items, and the first grader field no example has."""
    rng = random.Random(f"items:{seed}")
    kept: list[dict[str, Any]] = []
    seen = 0
    unseen = {name: tuple(name.split(".")) for name in fields}
    with open(path, "rb") as handle:
        for raw in handle:
            if raw.isspace():
                continue
            example = json.loads(raw)
            item = {k: v for k, v in example.items() if k not in ("messages", "tools")}
            for name, parts in list(unseen.items()):
                if _has(item, parts):
                    del unseen[name]
            seen += 1
            if len(kept) < RFT_KEPT_ITEMS:
                kept.append(item)
            else:
                slot = rng.randrange(seen)
                if slot < RFT_KEPT_ITEMS:
                    kept[slot] = item
    missing = next(iter(unseen), None)
    return tuple(kept), missing


def _has(value: Any, parts: tuple[str, ...]) -> bool:
    for part in parts:
        if not isinstance(value, dict) or part not in value:
            return False
        value = value[part]
    return True


# -- what "auto" becomes ------------------------------------------------------------------------

# Observed once (gpt-4o-mini, a small chat file, 2024-12): learning_rate_multiplier 1.8. The
# dpo and reinforcement values are guesses.
_AUTO_LEARNING_RATE = {"supervised": 1.8, "dpo": 1.0, "reinforcement": 1.0}
# beta 0.1: observed in a dpo job's answer. The reinforcement values are guesses.
_AUTO_OTHER: dict[str, Any] = {"beta": 0.1, "compute_multiplier": 1.0, "eval_samples": 8, "eval_interval": 1}


def auto_batch_size(n_examples: int) -> int:
    """``batch_size`` for ``"auto"``: about 0.2% of the examples, from 1 to 256.

    Documented for the legacy fine-tunes endpoint ("~0.2% of the number of examples in the
    training set, capped at 256"); the current API does not document its rule.

    >>> auto_batch_size(10), auto_batch_size(5_000), auto_batch_size(1_000_000)
    (1, 10, 256)
    """
    return max(1, min(256, round(n_examples * 0.002)))


def resolve_hyperparameters(given: dict[str, Any], method: str, n_examples: int) -> dict[str, Any]:
    """Concrete values for every ``"auto"`` hyperparameter, as the API reports once a job runs.

    ``n_epochs`` follows :func:`ftkit.data.default_epochs`, the rule OpenAI documents (the same
    function the validator's cost estimate uses).

    >>> resolve_hyperparameters({"batch_size": "auto", "n_epochs": "auto"}, "supervised", 10)
    {'batch_size': 1, 'n_epochs': 10}
    """
    from ftkit.data import default_epochs

    out = dict(given)
    for name, value in given.items():
        if name == "reasoning_effort":
            out[name] = "medium" if value == "default" else value  # guess
        elif value != "auto":
            continue
        elif name == "batch_size":
            out[name] = auto_batch_size(n_examples)
        elif name == "n_epochs":
            out[name] = default_epochs(n_examples)
        elif name == "learning_rate_multiplier":
            out[name] = _AUTO_LEARNING_RATE[method]
        else:
            out[name] = _AUTO_OTHER.get(name, 1)
    return out


def learning_rate_factor(hyperparameters: Mapping[str, Any], method: str) -> float:
    """The learning rate relative to the method's auto value (a larger one makes the curve fall faster).

    >>> learning_rate_factor({"learning_rate_multiplier": 3.6}, "supervised")
    2.0
    """
    return float(hyperparameters["learning_rate_multiplier"]) / _AUTO_LEARNING_RATE[method]
