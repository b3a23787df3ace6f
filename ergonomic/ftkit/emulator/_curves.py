"""A job's metrics, step by step: the ``data`` of its ``metrics`` events, its checkpoints, its result file.

A :class:`LossCurve` (supervised and dpo jobs) computes any step on demand from the job's seed,
so a job costs the same memory at step 1 and step 10,000. A :class:`RewardCurve` (reinforcement
jobs) holds the rewards its grader gave, computed when the job was created
(``_rewards.py``), packed: each step's numbers in one array of doubles, its shape (keys,
names, nesting) shared by every step and job that has it (:class:`PackedRows`). A
:class:`ScriptedCurve` replays the values a test asked for.
"""

from __future__ import annotations

import io
import math
import random
import threading
import zlib
from array import array
from collections.abc import Mapping, Sequence
from typing import Any

#: Supervised and dpo jobs keep the checkpoints of their last three epochs. Documented (the
#: fine-tuning guide: a checkpoint at the end of each epoch, the last three kept).
KEPT_CHECKPOINTS = 3


class Curve:
    """The metrics of one job; subclasses say how each step's values come about."""

    total_steps: int
    steps_per_epoch: int
    #: "last": keep the checkpoints of the last epochs; "best": keep those with the best
    #: ``valid_reward_mean`` (reinforcement).
    keep = "last"

    def data(self, step: int) -> dict[str, Any]:
        """The ``data`` of step ``step``'s metrics event (1-based)."""
        raise NotImplementedError

    def message(self, step: int, data: Mapping[str, Any]) -> str:
        """The metrics event's message."""
        return _message(step, self.total_steps, data)

    def checkpoint(self, step: int, data: Mapping[str, Any]) -> dict[str, float] | None:
        """The metrics of the checkpoint made at ``step``, or None if none is made there."""
        if step % self.steps_per_epoch != 0 and step != self.total_steps:
            return None
        return {k: float(v) for k, v in data.items() if _is_number(v) and k != "total_steps"}

    def csv(self) -> bytes:
        """The result file the API attaches to a finished job."""
        rows = [self.data(step) for step in range(1, self.total_steps + 1)]
        columns = ["step", *dict.fromkeys(k for r in rows for k, v in r.items() if k not in ("step", "total_steps"))]
        return _csv(columns, rows)


class LossCurve(Curve):
    """A falling loss with noise, the same for a given seed whatever order its steps are read in.

    >>> curve = LossCurve("0:1", total_steps=20, steps_per_epoch=10, learning_rate_factor=1.0, validation=True)
    >>> curve.data(20)["train_loss"] < curve.data(1)["train_loss"], curve.data(3) == curve.data(3)
    (True, True)
    """

    def __init__(
        self, seed: str, total_steps: int, steps_per_epoch: int, learning_rate_factor: float, validation: bool
    ) -> None:
        self.seed = seed
        self.total_steps = total_steps
        self.steps_per_epoch = steps_per_epoch
        self.validation = validation
        self._factor = learning_rate_factor
        self._shape: tuple[float, float, float, float] | None = None  # drawn on first use: most jobs are never read

    def _draw(self) -> tuple[float, float, float, float]:
        if self._shape is None:
            rng = random.Random(self.seed)
            start, floor = rng.uniform(1.6, 3.2), rng.uniform(0.05, 0.45)
            # A larger learning rate falls faster; the square root keeps that effect modest.
            rate = rng.uniform(2.5, 5.0) * math.sqrt(max(self._factor, 1e-6))
            self._shape = (start, floor, rate, rng.uniform(1.05, 1.3))
        return self._shape

    def data(self, step: int) -> dict[str, Any]:
        start, floor, rate, gap = self._draw()
        rng = random.Random(f"{self.seed}:{step}")
        loss = (floor + (start - floor) * math.exp(-rate * step / self.total_steps)) * math.exp(rng.gauss(0, 0.08))
        data: dict[str, Any] = {
            "step": step,
            "train_loss": round(loss, 5),
            "train_mean_token_accuracy": _accuracy(loss, rng),
        }
        if self.validation:
            valid = loss * gap * math.exp(rng.gauss(0, 0.05))
            data["valid_loss"] = round(valid, 5)
            data["valid_mean_token_accuracy"] = _accuracy(valid, rng)
        data["total_steps"] = self.total_steps
        return data

    def checkpoint(self, step: int, data: Mapping[str, Any]) -> dict[str, float] | None:
        values = super().checkpoint(step, data)
        if values is not None and "valid_loss" in values:
            values["full_valid_loss"] = values["valid_loss"]
            values["full_valid_mean_token_accuracy"] = values["valid_mean_token_accuracy"]
        return values

    def csv(self) -> bytes:
        # The result file says train_accuracy where the events say train_mean_token_accuracy.
        columns = ["step", "train_loss", "train_accuracy", "valid_loss", "valid_mean_token_accuracy"]
        rows = []
        for step in range(1, self.total_steps + 1):
            data = self.data(step)
            data["train_accuracy"] = data.pop("train_mean_token_accuracy")
            rows.append(data)
        return _csv(columns, rows)


class ScriptedCurve(Curve):
    """The values a test scripted, one mapping per step (``step`` and ``total_steps`` are added).

    >>> ScriptedCurve([{"train_loss": 2.0}, {"train_loss": 1.0}], 1).data(2)
    {'step': 2, 'train_loss': 1.0, 'total_steps': 2}
    """

    def __init__(self, rows: Sequence[Mapping[str, Any]], steps_per_epoch: int) -> None:
        self.rows = [dict(row) for row in rows]
        self.total_steps = len(self.rows)
        self.steps_per_epoch = max(1, min(steps_per_epoch, self.total_steps))

    def data(self, step: int) -> dict[str, Any]:
        row = {k: v for k, v in self.rows[step - 1].items() if k not in ("step", "total_steps")}
        return {"step": step, **row, "total_steps": self.total_steps}


# A row's shape: its JSON structure with the numbers taken out ("i" an int, "f" a float), or a
# constant (a string, a bool, None) kept in place. Shapes are interned: every step of a job, and
# every job with the same grader, shares one.
_Shape = Any
_SHAPES: dict[_Shape, int] = {}
_SHAPE_LIST: list[_Shape] = []
_SHAPES_LOCK = threading.Lock()


def _shape(value: Any, numbers: list[float]) -> _Shape:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return ("c", value)
    if isinstance(value, int) and abs(value) <= 2**53:
        numbers.append(float(value))
        return "i"
    if isinstance(value, float):
        numbers.append(value)
        return "f"
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return ("d", tuple((key, _shape(item, numbers)) for key, item in value.items()))
    if isinstance(value, list):
        return ("l", tuple(_shape(item, numbers) for item in value))
    raise TypeError(f"a metrics value of type {type(value).__name__} cannot be packed")


def _build(shape: _Shape, numbers: array[float], at: int) -> tuple[Any, int]:
    if shape == "f":
        return numbers[at], at + 1
    if shape == "i":
        return int(numbers[at]), at + 1
    kind, content = shape
    if kind == "c":
        return content, at
    if kind == "d":
        built: dict[str, Any] = {}
        for key, item in content:
            built[key], at = _build(item, numbers, at)
        return built, at
    items = []
    for item in content:
        value, at = _build(item, numbers, at)
        items.append(value)
    return items, at


#: The numbers of the PackedRows read last, unpacked (a running job reads one step after another).
_LAST_UNPACKED: tuple[object, array[float]] | None = None


class PackedRows:
    """JSON rows (dicts of numbers, strings, lists and dicts) kept as one array of doubles,
    compressed (a reinforcement job's error rates are mostly zeros), and a shape per row;
    ``rows[i]`` gives row ``i`` back, equal to the one packed, ints as ints.

    >>> rows = PackedRows([{"step": 1, "scores": {"mean": 0.5, "name": "g"}}, {"step": 2, "scores": {"mean": 0.25}}])
    >>> rows[1], len(rows)
    ({'step': 2, 'scores': {'mean': 0.25}}, 2)
    """

    __slots__ = ("_numbers", "_shapes", "_starts")

    def __init__(self, rows: Sequence[Mapping[str, Any]]) -> None:
        numbers: list[float] = []
        shapes = array("I")
        starts = array("I")
        for row in rows:
            starts.append(len(numbers))
            shape = _shape(dict(row), numbers)
            with _SHAPES_LOCK:
                index = _SHAPES.get(shape)
                if index is None:
                    index = _SHAPES[shape] = len(_SHAPE_LIST)
                    _SHAPE_LIST.append(shape)
            shapes.append(index)
        self._numbers = zlib.compress(array("d", numbers).tobytes())
        self._shapes = shapes
        self._starts = starts

    def __len__(self) -> int:
        return len(self._shapes)

    def __getitem__(self, index: int) -> dict[str, Any]:
        global _LAST_UNPACKED
        last = _LAST_UNPACKED
        if last is not None and last[0] is self:
            numbers = last[1]
        else:
            numbers = array("d")
            numbers.frombytes(zlib.decompress(self._numbers))
            _LAST_UNPACKED = (self, numbers)
        row, _ = _build(_SHAPE_LIST[self._shapes[index]], numbers, self._starts[index])
        built: dict[str, Any] = row
        return built


class RewardCurve(Curve):
    """A reinforcement job's rewards, as its grader gave them (see ``_rewards.simulate``), packed."""

    keep = "best"

    def __init__(self, rows: list[dict[str, Any]], steps_per_epoch: int) -> None:
        self.rows = PackedRows(rows)
        self.total_steps = len(rows)
        self.steps_per_epoch = steps_per_epoch

    def data(self, step: int) -> dict[str, Any]:
        return self.rows[step - 1]

    def checkpoint(self, step: int, data: Mapping[str, Any]) -> dict[str, float] | None:
        # Documented (RFT guide, "Use checkpoints"): a checkpoint at each validation step, the
        # three with the highest valid_reward_mean kept.
        if "full_valid_mean_reward" not in data:
            return None
        return {
            "step": float(step),
            "train_reward_mean": float(data["train_mean_reward"]),
            "valid_reward_mean": float(data["full_valid_mean_reward"]),
        }

    def csv(self) -> bytes:
        # The API's result file for reinforcement jobs is not documented: these columns are ours.
        columns = ["step", "train_reward_mean", "valid_reward_mean"]
        rows = [
            {
                "step": r["step"],
                "train_reward_mean": r["train_mean_reward"],
                "valid_reward_mean": r.get("full_valid_mean_reward"),
            }
            for r in (self.rows[i] for i in range(len(self.rows)))
        ]
        return _csv(columns, rows)


def _message(step: int, total: int, data: Mapping[str, Any]) -> str:
    if "train_mean_reward" in data:
        # Documented (RFT guide, training metrics): "Step 10/20 , train mean reward=0.42, full
        # validation mean reward=0.68, full validation mean parse error=0.00".
        text = f"Step {step}/{total} , train mean reward={data['train_mean_reward']:.2f}"
        if "full_valid_mean_reward" in data:
            text += (
                f", full validation mean reward={data['full_valid_mean_reward']:.2f}"
                f", full validation mean parse error={data.get('full_valid_mean_parse_error', 0.0):.2f}"
            )
        return text
    if "train_loss" in data:
        text = f"Step {step}/{total}: training loss={data['train_loss']:.2f}"
        if "valid_loss" in data:
            text += f", validation loss={data['valid_loss']:.2f}"
        return text
    return f"Step {step}/{total}"


def _accuracy(loss: float, rng: random.Random) -> float:
    return round(min(0.999, max(0.0, 0.98 * math.exp(-0.7 * loss) + rng.gauss(0, 0.01))), 5)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _csv(columns: list[str], rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    out.write(",".join(columns) + "\n")
    for row in rows:
        out.write(",".join(_cell(row.get(c)) for c in columns) + "\n")
    return out.getvalue().encode()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)
