"""Training metrics of a job: read, summarised, plotted.

``client.jobs.metrics(job_id)`` gives a list of :class:`MetricRow`, one per step, oldest
first: from the job's result file (CSV) once it has one, from its ``metrics`` events
before (a running, failed or cancelled job). Every column the server sends is kept: the
usual ones as attributes (losses and accuracies; the mean rewards of reinforcement jobs),
the others (``full_valid_loss``, a reinforcement job's ``scores``, ``timing``, ...) in ``extra``.

Example::

    rows = client.jobs.metrics(job.id)
    print(ftkit.metrics.summary(rows).final_train_loss)
    ftkit.metrics.plot(rows, "loss.png")      # needs: pip install 'ftkit[plot]'
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import logging
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ._calls import call, content_call, endpoint
from ._flow import Flow
from .errors import MetricsFormatError, MissingDependencyError, ResponseFieldError, ValidationError
from .watch import TERMINAL_STATUSES, events_since, status_of

if TYPE_CHECKING:
    from ftkit_api.models.fine_tuning_job import FineTuningJob
    from ftkit_api.models.fine_tuning_job_event import FineTuningJobEvent

# Imported on first use, not with the client (start-up time): see _calls.endpoint.
retrieve_fine_tuning_job = endpoint("fine_tuning.retrieve_fine_tuning_job")

__all__ = [
    "MetricRow",
    "MetricsFormatError",
    "MetricsSummary",
    "from_events",
    "metrics_flow",
    "parse_csv",
    "plot",
    "summary",
]

logger = logging.getLogger("ftkit")

# Server names -> MetricRow attribute. The result file says train_accuracy where the
# events say train_mean_token_accuracy; both mean the same thing.
_COLUMNS = {
    "train_loss": "train_loss",
    "train_accuracy": "train_accuracy",
    "train_mean_token_accuracy": "train_accuracy",
    "valid_loss": "valid_loss",
    "valid_accuracy": "valid_accuracy",
    "valid_mean_token_accuracy": "valid_accuracy",
}
# Reinforcement jobs' mean rewards. Documented (RFT guide, "Training metrics"): a metrics event
# carries train_mean_reward and, at each validation step, full_valid_mean_reward; its scores and
# the checkpoints' metrics say train_reward_mean and valid_reward_mean. Both spellings are read;
# the column also stays in ``extra`` under the server's name, where earlier versions put it.
_REWARDS = {
    "train_mean_reward": "train_reward_mean",
    "train_reward_mean": "train_reward_mean",
    "full_valid_mean_reward": "valid_reward_mean",
    "valid_mean_reward": "valid_reward_mean",
    "valid_reward_mean": "valid_reward_mean",
}


@attrs.frozen
class MetricRow:
    """The metrics of one training step; a value the server did not give is None.

    Supervised and dpo jobs report losses and token accuracies; reinforcement jobs report
    mean rewards (``train_reward_mean`` every step, ``valid_reward_mean`` at validation
    steps). ``extra`` holds every other column, numbers as numbers, JSON objects and lists
    as they came, anything else as text; the reward columns are there too, under the
    server's names.

    >>> MetricRow(step=1, train_loss=2.5).train_loss
    2.5
    >>> MetricRow(step=1, train_reward_mean=0.4).train_reward_mean
    0.4
    """

    step: int
    train_loss: float | None = None
    train_accuracy: float | None = None
    valid_loss: float | None = None
    valid_accuracy: float | None = None
    train_reward_mean: float | None = attrs.field(default=None, kw_only=True)
    valid_reward_mean: float | None = attrs.field(default=None, kw_only=True)
    extra: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class MetricsSummary:
    """The figures people look at first: last and best losses, last accuracies, and for
    reinforcement jobs the last and highest mean rewards.

    >>> summary([MetricRow(1, 2.0), MetricRow(2, 1.0), MetricRow(3, 1.5)]).min_train_loss_step
    2
    """

    steps: int
    last_step: int | None
    final_train_loss: float | None
    min_train_loss: float | None
    min_train_loss_step: int | None
    final_valid_loss: float | None
    min_valid_loss: float | None
    min_valid_loss_step: int | None
    final_train_accuracy: float | None
    final_valid_accuracy: float | None
    final_train_reward_mean: float | None = attrs.field(default=None, kw_only=True)
    max_train_reward_mean: float | None = attrs.field(default=None, kw_only=True)
    max_train_reward_mean_step: int | None = attrs.field(default=None, kw_only=True)
    final_valid_reward_mean: float | None = attrs.field(default=None, kw_only=True)
    max_valid_reward_mean: float | None = attrs.field(default=None, kw_only=True)
    max_valid_reward_mean_step: int | None = attrs.field(default=None, kw_only=True)


def _number(text: Any) -> float | None:
    """A cell as a float; None when empty. Raises ValueError when it is not a number."""
    if text is None:
        return None
    if isinstance(text, bool):
        raise ValueError(f"{text!r} is not a number")
    if isinstance(text, (int, float)):
        return float(text)
    stripped = str(text).strip()
    return float(stripped) if stripped else None


def _step(value: Any) -> int:
    number = _number(value)
    if number is None or not math.isfinite(number) or number != int(number):
        raise ValueError(f"{value!r} is not a step number")
    return int(number)


def _loose(value: Any) -> Any:
    """An extra cell: a number if it reads as one, None if empty, a JSON object or list as it
    is (an event's ``scores``), else the text itself."""
    if value is None or isinstance(value, (bool, int, float, Mapping, list)):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def _row(values: Mapping[str, Any]) -> MetricRow:
    """A row from column -> value; ValueError names the column that does not read."""
    known: dict[str, float | None] = {}
    extra: dict[str, Any] = {}
    for column, value in values.items():
        if column == "step":
            continue
        reward = _REWARDS.get(column)
        if reward is not None:
            extra[column] = _loose(value)
            if reward not in known:
                known[reward] = _reading(column, value)
            continue
        field = _COLUMNS.get(column)
        if field is None or field in known:
            extra[column] = _loose(value)
            continue
        known[field] = _reading(column, value)
    try:
        step = _step(values.get("step"))
    except ValueError as exc:
        raise ValueError(f"column 'step': {exc}") from None
    return MetricRow(step=step, extra=extra, **known)


def _reading(column: str, value: Any) -> float | None:
    try:
        return _number(value)
    except ValueError:
        raise ValueError(f"column {column!r}: {value!r} is not a number") from None


def _as_text(content: bytes | str) -> str:
    if isinstance(content, str):
        return content
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MetricsFormatError(f"the metrics file is not UTF-8 text (byte {exc.start})") from None
    first = text.lstrip().split("\n", 1)[0]
    if "," not in first and first:
        # Result files have been served base64-encoded; decode those rather than fail.
        try:
            decoded = base64.b64decode("".join(text.split()), validate=True).decode("utf-8-sig")
        except (binascii.Error, ValueError):
            return text
        if "step" in decoded.split("\n", 1)[0]:
            return decoded
    return text


def parse_csv(content: bytes | str) -> list[MetricRow]:
    """Rows of a job's result file (``step,train_loss,train_accuracy,...``), in file order.

    Unknown columns go to ``extra``; empty cells are None; a file without a ``step`` column,
    a row of the wrong width or a known column that is not a number raises
    :class:`MetricsFormatError` naming the line.

    >>> rows = parse_csv("step,train_loss,train_accuracy,valid_loss\\n1,2.5,0.4,\\n")
    >>> rows[0].train_loss, rows[0].valid_loss
    (2.5, None)
    """
    text = _as_text(content)
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
        if header is None:
            raise MetricsFormatError("the metrics file is empty: expected a CSV header such as 'step,train_loss,...'")
        columns = [cell.strip() for cell in header]
        if "step" not in columns:
            raise MetricsFormatError(
                f"line {reader.line_num}: the metrics file has no 'step' column (its header is {','.join(columns)!r})"
            )
        rows: list[MetricRow] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(columns):
                raise MetricsFormatError(
                    f"line {reader.line_num}: {len(cells)} values for {len(columns)} columns ({','.join(columns)})"
                )
            try:
                rows.append(_row(dict(zip(columns, cells, strict=True))))
            except ValueError as exc:
                raise MetricsFormatError(f"line {reader.line_num}: {exc}") from None
    except csv.Error as exc:
        raise MetricsFormatError(f"line {reader.line_num}: not valid CSV ({exc})") from None
    return rows


def from_events(events: Iterable[FineTuningJobEvent]) -> list[MetricRow]:
    """Rows from a job's ``metrics`` events, by step (the last event of a step wins).

    Other events are ignored, and so is a metrics event whose data cannot be read (logged).

    >>> from_events([])
    []
    """
    by_step: dict[int, MetricRow] = {}
    for event in events:
        if str(getattr(event.type_, "value", event.type_)) != "metrics":
            continue
        data = getattr(event.data, "additional_properties", None)
        if not isinstance(data, Mapping):
            continue
        try:
            row = _row(data)
        except ValueError as exc:
            logger.warning("skipping metrics event %s: %s", event.id, exc)
            continue
        by_step[row.step] = row
    return [by_step[step] for step in sorted(by_step)]


def metrics_flow(job_id: str) -> Flow[list[MetricRow]]:
    """The flow of ``jobs.metrics``: the result file of a finished job, else the events.

    >>> from ftkit._flow import SyncDriver
    >>> rows = SyncDriver(executor).run(metrics_flow(job.id))
    >>> len(rows)
    90
    """
    job: FineTuningJob = yield call(retrieve_fine_tuning_job, job_id)
    files = job.result_files
    if status_of(job) in TERMINAL_STATUSES and files:
        if not isinstance(files, list) or not isinstance(files[0], str):
            bad = TypeError(f"expected a list of file ids, got {files!r:.80}")
            raise ResponseFieldError(type(job).__name__, "result_files", bad)
        content: bytes = yield content_call(files[0])
        return parse_csv(content)
    return from_events((yield from events_since(job_id)))


def _last(rows: Sequence[MetricRow], name: str) -> float | None:
    for row in reversed(rows):
        value: float | None = getattr(row, name)
        if value is not None:
            return value
    return None


def _best(rows: Sequence[MetricRow], name: str, *, lowest: bool = True) -> tuple[float | None, int | None]:
    """The lowest (or highest) value of ``name`` and its step; the first step on a tie."""
    best: tuple[float | None, int | None] = (None, None)
    for row in rows:
        value: float | None = getattr(row, name)
        if value is None or math.isnan(value):
            continue
        if best[0] is None or (value < best[0] if lowest else value > best[0]):
            best = (value, row.step)
    return best


def summary(metrics: Sequence[MetricRow]) -> MetricsSummary:
    """Final and lowest losses (with their steps), final accuracies, and final and highest
    mean rewards (with their steps) of ``metrics``.

    >>> summary([MetricRow(1, 2.0, valid_loss=2.2), MetricRow(2, 1.0)]).final_valid_loss
    2.2
    >>> summary([MetricRow(1, train_reward_mean=0.3), MetricRow(2, train_reward_mean=0.2)]).max_train_reward_mean_step
    1
    """
    min_train, min_train_step = _best(metrics, "train_loss")
    min_valid, min_valid_step = _best(metrics, "valid_loss")
    max_train_reward, max_train_reward_step = _best(metrics, "train_reward_mean", lowest=False)
    max_valid_reward, max_valid_reward_step = _best(metrics, "valid_reward_mean", lowest=False)
    return MetricsSummary(
        steps=len(metrics),
        last_step=metrics[-1].step if metrics else None,
        final_train_loss=_last(metrics, "train_loss"),
        min_train_loss=min_train,
        min_train_loss_step=min_train_step,
        final_valid_loss=_last(metrics, "valid_loss"),
        min_valid_loss=min_valid,
        min_valid_loss_step=min_valid_step,
        final_train_accuracy=_last(metrics, "train_accuracy"),
        final_valid_accuracy=_last(metrics, "valid_accuracy"),
        final_train_reward_mean=_last(metrics, "train_reward_mean"),
        max_train_reward_mean=max_train_reward,
        max_train_reward_mean_step=max_train_reward_step,
        final_valid_reward_mean=_last(metrics, "valid_reward_mean"),
        max_valid_reward_mean=max_valid_reward,
        max_valid_reward_mean_step=max_valid_reward_step,
    )


#: The plot's panels: label, train attribute, validation attribute.
_PANELS = (
    ("loss", "train_loss", "valid_loss"),
    ("accuracy", "train_accuracy", "valid_accuracy"),
    ("mean reward", "train_reward_mean", "valid_reward_mean"),
)


def plot(
    metrics: Sequence[MetricRow],
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    width: float = 10.0,
    height: float = 4.0,
    dpi: int = 100,
) -> Path:
    """Write a PNG of the metrics against step, train and validation, one panel per kind the
    rows report: loss and accuracy (supervised and dpo jobs), mean reward (reinforcement
    jobs); ``width`` x ``height`` inches at ``dpi`` (1000 x 400 pixels by default); returns
    the path. Rows that report none of them get the loss and accuracy panels, saying so.

    Needs matplotlib: ``pip install 'ftkit[plot]'`` (else :class:`ftkit.MissingDependencyError`,
    an ``ImportError``). Draws with the Agg backend on a figure
    of its own, so pyplot's state and the backend you chose are left alone.

    >>> plot(client.jobs.metrics(job.id), "metrics.png", title=job.id)
    PosixPath('metrics.png')
    """
    if not metrics:
        raise ValidationError("metrics", list(metrics), "at least one MetricRow (the job has no metrics yet?)")
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise MissingDependencyError(
            "ftkit.metrics.plot needs matplotlib, which is not installed: pip install 'ftkit[plot]'"
        ) from exc

    reported = [p for p in _PANELS if any(getattr(r, n) is not None for r in metrics for n in p[1:])]
    panels = reported or list(_PANELS[:2])
    figure = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(figure)
    every_axes = figure.subplots(1, len(panels), squeeze=False)[0]
    for axes, (label, train, valid) in zip(every_axes, panels, strict=True):
        for name, style, legend in ((train, "-", "train"), (valid, "o-", "validation")):
            steps = [row.step for row in metrics if getattr(row, name) is not None]
            if steps:
                values = [getattr(row, name) for row in metrics if getattr(row, name) is not None]
                axes.plot(steps, values, style, label=legend, markersize=3, linewidth=1.2)
        axes.set_xlabel("step")
        axes.set_ylabel(label)
        axes.grid(True, alpha=0.3)
        if axes.has_data():
            axes.legend()
        else:
            axes.text(0.5, 0.5, f"no {label} reported", ha="center", va="center", transform=axes.transAxes)
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    target = Path(path)
    figure.savefig(target, format="png")
    return target
