"""``ftkit jobs``: create, list, get, cancel, pause, resume, events, checkpoints, follow, wait, metrics.

Each command parses its options, calls the library and renders the answer; how things
look is ``_views`` and ``_watch``, shared options are ``_options``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .._checks import SUFFIX_MAX_LENGTH
from ..create import job_request
from ..errors import APIStatusError, TrainingDataError, ValidationError
from ..methods import METHODS
from ..watch import status_of
from ._env import EXIT_FAILED, error_line, get_env
from ._graders import load_grader
from ._lifecycle import replay
from ._models import ShutdownWarning
from ._options import (
    build_method,
    hyperparameter_options,
    list_options,
    page_size,
    parse_metadata,
    poll_option,
    take,
    training_type_option,
    usage_error,
    with_prompt_loss_weight,
)
from ._render import json_option, print_json, show, status_text, table, when
from ._views import Uploads, checkpoint_rows, echo_step, job_details, job_rows, show_metrics
from ._watch import finish, make_display, watch_and_finish, watch_job


@click.group()
def jobs() -> None:
    """Create, inspect, control and watch fine-tuning jobs."""


# `jobs replay` lives with export (both read an archive).
jobs.add_command(replay)


@jobs.command("create")
@click.option("--model", required=True, help="Base model, e.g. gpt-4o-mini-2024-07-18.")
@click.option(
    "--training-file",
    "-t",
    required=True,
    metavar="PATH|FILE_ID",
    help="A local JSONL file (validated, then uploaded) or the id of an uploaded file.",
)
@click.option("--validation-file", "-v", metavar="PATH|FILE_ID", help="Likewise, for validation.")
@click.option("--method", type=click.Choice(METHODS), default="supervised", show_default=True)
@hyperparameter_options
@click.option(
    "--grader",
    "grader_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="With --method reinforcement: the grader config, JSON or YAML.",
)
@click.option("--metadata", multiple=True, metavar="KEY=VALUE", help="Metadata to attach; repeatable.")
@click.option("--suffix", help=f"Up to {SUFFIX_MAX_LENGTH} characters added to the fine-tuned model's name.")
@click.option("--seed", type=int, help="Seed, for reproducible jobs.")
@training_type_option
@click.option("--prompt-loss-weight", type=float, metavar="W", help="Azure OpenAI only: prompt tokens' weight, 0 to 1.")
@click.option("--skip-validation", is_flag=True, help="Upload local files without checking them first.")
@click.option("--wait", is_flag=True, help="Watch the job until it ends; exit 1 if it fails.")
@poll_option
@json_option
def create(
    model: str,
    training_file: str,
    validation_file: str | None,
    method: str,
    grader_file: Path | None,
    metadata: tuple[str, ...],
    suffix: str | None,
    seed: int | None,
    training_type: str | None,
    prompt_loss_weight: float | None,
    skip_validation: bool,
    wait: bool,
    poll: float | None,
    as_json: bool,
    **hyperparameters: Any,
) -> None:
    """Create a fine-tuning job, from local files or uploaded ones.

    Every option is checked, then local files are validated, and only then is anything
    uploaded: a typo costs nothing.
    """
    env = get_env()
    grader = None if grader_file is None else load_grader(grader_file, param_hint="--grader")[1]
    built = build_method(method, hyperparameters, grader)
    # The shutdown date comes from the library's look-up of the model (after the data's check, before
    # any upload: an unknown model is refused there); read at once when there is nothing to upload.
    warning = ShutdownWarning(env.client, model)
    uploads = Uploads(echo_step)
    try:
        parsed_metadata = parse_metadata(metadata)
        # Every option checked before the first request (the library checks them again).
        job_request(model=model, method=built, suffix=suffix, seed=seed, metadata=parsed_metadata)
        if not any(Path(f).is_file() for f in (training_file, validation_file) if f):
            warning.show()
        job = env.client().jobs.create_from_files(
            model=model,
            training_file=training_file,
            validation_file=validation_file,
            method=built if prompt_loss_weight is None else with_prompt_loss_weight(built, prompt_loss_weight),
            suffix=suffix,
            seed=seed,
            metadata=parsed_metadata,
            training_type=training_type,
            validate_data=not skip_validation,
            # The in-process emulator promises no network: no tokenizer download either.
            tokens="estimate" if env.emulator else "auto",
            on_step=warning.before(uploads),
        )
    except ValidationError as exc:
        raise usage_error(exc) from None
    except APIStatusError as exc:
        uploads.refused(exc, training_file, validation_file)
        raise
    except TrainingDataError as exc:
        click.echo(exc.report.to_text(), err=True)
        error_line(str(exc))
        raise click.exceptions.Exit(EXIT_FAILED) from None
    if wait:
        if not as_json:
            click.echo(f"Created job {job.id}; watching it (Ctrl-C stops watching, not the job)", err=True)
        watch_and_finish(job.id, as_json=as_json, timeout=None, poll=poll)
    elif as_json:
        print_json(job)
    else:
        job_details(job)
        if env.emulator:
            # The in-process emulator, and the job with it, ends with this command.
            click.echo("The emulator of --emulator ends with this command: add --wait to watch the job.", err=True)
        else:
            click.echo(f"Watch it: {env.command('jobs', 'follow', job.id)}", err=True)


@jobs.command("list")
@click.option("--metadata", multiple=True, metavar="KEY=VALUE", help="Only jobs with this metadata; repeatable.")
@list_options
@json_option
def list_jobs(metadata: tuple[str, ...], limit: int, show_all: bool, as_json: bool) -> None:
    """List jobs, newest first."""
    page = get_env().client().jobs.list(limit=page_size(limit, show_all), metadata=parse_metadata(metadata))
    items = take(page, limit, show_all)
    if as_json:
        print_json(items)
    else:
        show(table(["ID", "STATUS", "MODEL", "METHOD", "FINE-TUNED MODEL", "CREATED"], job_rows(items)))


@jobs.command("get")
@click.argument("job_id")
@json_option
def get_job(job_id: str, as_json: bool) -> None:
    """Show one job."""
    job = get_env().client().jobs.retrieve(job_id)
    if as_json:
        print_json(job)
    else:
        job_details(job)


def _control_command(action: str, text: str, done: str) -> None:
    """``jobs cancel``, ``pause``, ``resume``: one request, then the job's new status."""

    @jobs.command(action, help=text)
    @click.argument("job_id")
    @json_option
    def control(job_id: str, as_json: bool) -> None:
        job = getattr(get_env().client().jobs, action)(job_id)
        if as_json:
            print_json(job)
        else:
            click.echo(f"{done} {job.id}: status {status_of(job)}")


for _action, _text, _done in (
    ("cancel", "Cancel a job that has not finished.", "Cancelled"),
    ("pause", "Pause a running job.", "Paused"),
    ("resume", "Resume a paused job.", "Resumed"),
):
    _control_command(_action, _text, _done)


@jobs.command("events")
@click.argument("job_id")
@list_options
@json_option
def events(job_id: str, limit: int, show_all: bool, as_json: bool) -> None:
    """The job's latest events, oldest first."""
    page = get_env().client().jobs.events(job_id, limit=page_size(limit, show_all))
    # The API lists newest first; a log reads oldest first.
    items = list(reversed(take(page, limit, show_all)))
    if as_json:
        print_json(items)
        return
    rows = [[when(e.created_at), status_text(str(getattr(e.level, "value", e.level))), e.message] for e in items]
    show(table(["TIME", "LEVEL", "MESSAGE"], rows))


@jobs.command("checkpoints")
@click.argument("job_id")
@list_options
@json_option
def checkpoints(job_id: str, limit: int, show_all: bool, as_json: bool) -> None:
    """List the job's checkpoints, newest first.

    The API keeps the checkpoints of the last epochs only.
    """
    page = get_env().client().jobs.checkpoints(job_id, limit=page_size(limit, show_all))
    items = take(page, limit, show_all)
    if as_json:
        print_json(items)
        return
    show(table(["STEP", "CHECKPOINT", "TRAIN LOSS", "VALID LOSS", "TRAIN ACCURACY", "CREATED"], checkpoint_rows(items)))


@jobs.command("follow")
@click.argument("job_id")
@click.option("--after", "after_event", metavar="EVENT_ID", help="Start after this event (resume a follow).")
@poll_option
@click.option("--json", "as_json", is_flag=True, help="Print each event as one JSON line.")
def follow(job_id: str, after_event: str | None, poll: float | None, as_json: bool) -> None:
    """Show the job's events live until it ends.

    A progress bar on a terminal, one line per event elsewhere, one JSON object per line
    with --json.

    Exit 0 if the job succeeded, 1 if it failed or was cancelled.
    """
    env = get_env()
    display = make_display("json" if as_json else "auto", job_id, messages=True)
    final = watch_job(
        env.client(), job_id, display, follow=True, after_event=after_event, poll_interval=env.poll_interval(poll)
    )
    finish(final, as_json=as_json)


@jobs.command("wait")
@click.argument("job_id")
@click.option("--timeout", type=click.FloatRange(min=0), metavar="SECONDS", help="Give up waiting after this long.")
@poll_option
@json_option
def wait(job_id: str, timeout: float | None, poll: float | None, as_json: bool) -> None:
    """Wait for the job to end, showing progress; then print it.

    Exit 0 if it succeeded, 1 if it failed, was cancelled, or --timeout passed (the job
    keeps running).
    """
    final = watch_and_finish(job_id, as_json=as_json, timeout=timeout, poll=poll)
    if not as_json:
        job_details(final)


@jobs.command("metrics")
@click.argument("job_id")
@click.option(
    "--plot",
    "plot_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    metavar="PNG",
    help="Also write a plot: loss and accuracy, or a reinforcement job's mean reward"
    " (needs matplotlib: pip install 'ftkit[plot]').",
)
@click.option("--steps", "show_steps", is_flag=True, help="Also list every step's metrics.")
@click.option(
    "--archive",
    "archive_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Read the metrics from an export (ftkit export DIR), with no server.",
)
@json_option
def metrics(job_id: str, plot_path: Path | None, show_steps: bool, archive_dir: Path | None, as_json: bool) -> None:
    """Show the job's training metrics; --plot writes a plot of them.

    A summary by default (losses and accuracies, or a reinforcement job's mean rewards),
    every step with --steps (or --json).
    """
    if archive_dir is not None:
        from ._lifecycle import archived_metrics

        rows = archived_metrics(archive_dir, job_id)
    else:
        rows = get_env().client().jobs.metrics(job_id)
    show_metrics(job_id, rows, plot_path=plot_path, show_steps=show_steps, as_json=as_json)
