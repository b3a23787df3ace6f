"""How the API's objects look on a terminal: jobs, files, metrics summaries, the steps of
creating a job. ``_render`` holds the generic pieces (tables, key-value lines, JSON)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs
import click

from .. import metrics as metrics_module
from .._checks import json_form
from ..create import IDEMPOTENCY_METADATA_KEY, DataChecked, FileUploaded, Step
from ..errors import APIStatusError
from ..metrics import MetricRow, MetricsSummary
from ._env import EXIT_FAILED, error_line, get_env
from ._render import Cell, details, number, print_json, show, size, status_text, table, when

#: Metadata ``jobs.create`` adds itself: shown in JSON, left out of the tables (people did not put it there).
_HIDDEN_METADATA = (IDEMPOTENCY_METADATA_KEY,)
#: The columns of ``jobs metrics --steps``: heading and MetricRow attribute; a column no row fills is left out.
_METRIC_COLUMNS = (
    ("TRAIN LOSS", "train_loss"),
    ("TRAIN ACCURACY", "train_accuracy"),
    ("VALID LOSS", "valid_loss"),
    ("VALID ACCURACY", "valid_accuracy"),
    ("TRAIN REWARD", "train_reward_mean"),
    ("VALID REWARD", "valid_reward_mean"),
)


def job_details(job: Any) -> None:
    """One job as key-value lines, the API's names where they are clear."""
    raw = json_form(job)
    method = raw.get("method") or {}
    kind = method.get("type", "")
    settings = method.get(kind) or {}
    hyper = settings.get("hyperparameters") or raw.get("hyperparameters") or {}
    error = raw.get("error") or {}
    metadata = {k: v for k, v in (raw.get("metadata") or {}).items() if k not in _HIDDEN_METADATA}
    failure = (
        f"[{error['code']}]" if error.get("code") else "",
        f"({error['param']})" if error.get("param") else "",
        error.get("message") or "",
    )
    show(
        details(
            [
                ("id", raw.get("id")),
                ("status", status_text(raw.get("status", ""))),
                ("model", raw.get("model")),
                ("method", kind),
                ("hyperparameters", ", ".join(f"{k}={v}" for k, v in hyper.items())),
                ("grader", (settings.get("grader") or {}).get("name")),
                ("training file", raw.get("training_file")),
                ("validation file", raw.get("validation_file")),
                ("fine-tuned model", raw.get("fine_tuned_model")),
                ("suffix", raw.get("user_provided_suffix")),
                ("seed", None if raw.get("seed") is None else str(raw.get("seed"))),
                ("created", when(raw.get("created_at"))),
                ("estimated finish", when(raw.get("estimated_finish"))),
                ("finished", when(raw.get("finished_at"))),
                ("trained tokens", None if raw.get("trained_tokens") is None else f"{raw['trained_tokens']:,}"),
                ("result files", ", ".join(raw.get("result_files") or [])),
                ("metadata", ", ".join(f"{k}={v}" for k, v in metadata.items())),
                ("error", " ".join(part for part in failure if part)),
            ]
        )
    )


def job_rows(jobs: Iterable[Any]) -> list[list[Cell]]:
    """Rows of the ``jobs list`` table."""
    rows: list[list[Cell]] = []
    for job in jobs:
        raw = json_form(job)
        method = (raw.get("method") or {}).get("type", "")
        rows.append(
            [
                raw.get("id"),
                status_text(raw.get("status", "")),
                raw.get("model"),
                method,
                raw.get("fine_tuned_model"),
                when(raw.get("created_at")),
            ]
        )
    return rows


def file_details(file: Any) -> None:
    """One file as key-value lines."""
    raw = json_form(file)
    count = raw.get("bytes")
    show(
        details(
            [
                ("id", raw.get("id")),
                ("filename", raw.get("filename")),
                ("purpose", raw.get("purpose")),
                ("bytes", f"{count} ({size(count)})" if count is not None else None),
                ("status", status_text(raw["status"]) if raw.get("status") else None),
                ("status details", raw.get("status_details")),
                ("created", when(raw.get("created_at"))),
                ("expires", when(raw.get("expires_at"))),
            ]
        )
    )


def summary_pairs(summary: MetricsSummary) -> list[tuple[str, Cell]]:
    """The figures of a metrics summary as key-value lines."""

    def at(value: float | None, step: int | None) -> str | None:
        return None if value is None else f"{number(value)} (step {step})"

    return [
        ("steps", f"{summary.steps}" + (f" (last step {summary.last_step})" if summary.last_step else "")),
        ("final train loss", number(summary.final_train_loss)),
        ("lowest train loss", at(summary.min_train_loss, summary.min_train_loss_step)),
        ("final valid loss", number(summary.final_valid_loss)),
        ("lowest valid loss", at(summary.min_valid_loss, summary.min_valid_loss_step)),
        ("final train accuracy", number(summary.final_train_accuracy)),
        ("final valid accuracy", number(summary.final_valid_accuracy)),
        ("final train reward", number(summary.final_train_reward_mean)),
        ("highest train reward", at(summary.max_train_reward_mean, summary.max_train_reward_mean_step)),
        ("final valid reward", number(summary.final_valid_reward_mean)),
        ("highest valid reward", at(summary.max_valid_reward_mean, summary.max_valid_reward_mean_step)),
    ]


def metrics_table(rows: Sequence[MetricRow]) -> Any:
    """Every step's metrics (``jobs metrics --steps``): the columns some row fills (losses and
    accuracies, or a reinforcement job's mean rewards)."""
    columns = [(heading, name) for heading, name in _METRIC_COLUMNS if any(getattr(r, name) is not None for r in rows)]
    return table(
        ["STEP", *(heading for heading, _ in columns)],
        ([str(row.step), *(number(getattr(row, name)) for _, name in columns)] for row in rows),
    )


def step_line(step: Step) -> str | None:
    """One line about a step of ``jobs.create_from_files``: what was checked or uploaded
    (None for the base model's look-up: a model found needs no line)."""
    if isinstance(step, FileUploaded):
        return f"Uploaded {step.path} as {step.file.id}"
    if not isinstance(step, DataChecked):
        return None
    report = step.report
    other = f" and {step.validation_path}" if step.validation_path else ""
    estimated = " (estimated)" if report.tokens_estimated else ""
    warnings = f", {report.warning_total} warning(s): see `ftkit validate {step.path}`" if report.warning_total else ""
    return (
        f"Checked {step.path}{other}: valid, {report.stats.examples} examples, "
        f"{report.stats.total_tokens:,} tokens{estimated}{warnings}"
    )


def echo_step(step: Step) -> None:
    """Say on stderr what a step of ``jobs.create_from_files`` did (``step_line``), if anything."""
    line = step_line(step)
    if line is not None:
        click.echo(line, err=True)


def show_metrics(
    job_id: str, rows: list[MetricRow], *, plot_path: Path | None, show_steps: bool, as_json: bool
) -> None:
    """``jobs metrics``: the summary (every step with ``show_steps``, all of it as JSON), and
    the plot written to ``plot_path``; no rows to plot is exit 1."""
    if plot_path is not None:
        if not rows:
            error_line(f"job {job_id} has no metrics yet; nothing to plot")
            raise click.exceptions.Exit(EXIT_FAILED)
        metrics_module.plot(rows, plot_path, title=job_id)
    summary = metrics_module.summary(rows)
    if as_json:
        steps = [attrs.asdict(row) for row in rows]
        plot = None if plot_path is None else str(plot_path)
        print_json({"job_id": job_id, "summary": attrs.asdict(summary), "steps": steps, "plot": plot})
        return
    if not rows:
        click.echo(f"Job {job_id} has no metrics yet (it has not trained a step).")
        return
    show(details(summary_pairs(summary)))
    if show_steps:
        show(metrics_table(rows))
    if plot_path is not None:
        click.echo(f"Wrote {plot_path}")


def checkpoint_rows(items: Iterable[Any]) -> list[list[Cell]]:
    """The rows of ``jobs checkpoints``' table: step, checkpoint, losses and accuracy, created."""
    rows: list[list[Cell]] = []
    for item in items:
        values = json_form(item.metrics)
        losses = [number(values.get(key)) for key in ("train_loss", "valid_loss", "train_mean_token_accuracy")]
        rows.append([str(item.step_number), item.fine_tuned_model_checkpoint, *losses, when(item.created_at)])
    return rows


class Uploads:
    """``on_step`` of a create from local files that also notes what it uploaded, for the hint
    when the server then refuses the job (``refused``)."""

    def __init__(self, on_step: Callable[[Any], None]) -> None:
        self.steps: list[FileUploaded] = []
        self._on_step = on_step

    def __call__(self, step: Any) -> None:
        if isinstance(step, FileUploaded):
            self.steps.append(step)
        self._on_step(step)

    def refused(self, exc: APIStatusError, training_file: str, validation_file: str | None) -> None:
        """When the server refused the job's request (400, 404, 422: something in it to fix) after
        uploads: its error, then what was uploaded (kept, as every upload is) and the command that
        uses the uploads again; exits. Returns when nothing was uploaded, and on any other status:
        a job that may yet exist (5xx, 408, 409, 429) or a server that creates no job for this key
        (401, 403: its error says what to do instead)."""
        from ._app import describe

        if not self.steps or exc.status_code not in (400, 404, 422):
            return
        code, message = describe(exc, get_env())
        error_line(message)
        names = {str(step.path): step.file.id for step in self.steps}
        kept = ", ".join(f"{path} as {file_id}" for path, file_id in names.items())
        again = ["--training-file", names.get(str(Path(training_file)), training_file)]
        if validation_file:
            again += ["--validation-file", names.get(str(Path(validation_file)), validation_file)]
        deletes = "; ".join(get_env().command("files", "delete", file_id) for file_id in names.values())
        click.echo(
            f"The uploads are kept ({kept}): fix what the server refused, then create the job from them"
            f" without uploading again ({' '.join(again)}), or delete them ({deletes}).",
            err=True,
        )
        raise click.exceptions.Exit(code)
