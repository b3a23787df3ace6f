"""``ftkit export`` and ``ftkit jobs replay``: keep what a server holds, and train it again elsewhere."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .. import archive as archive_module
from ..create import FileUploaded
from ..errors import ValidationError
from ..export import ExportProgress
from ..replay import FileReused
from ._env import get_env
from ._options import training_type_option, usage_error
from ._render import console, counted, json_option, print_json
from ._views import job_details

#: The archive's arguments, as the commands that read an archive name them.
_ARCHIVE_NAMES = {"directory": "--archive", "job_id": "JOB_ID"}


class _Bar:
    """The export's progress bar on a terminal (stderr); nothing elsewhere."""

    def __init__(self, enabled: bool) -> None:
        out = console(stderr=True)
        self.progress: Progress | None = None
        if enabled and out.is_terminal:
            self.progress = Progress(
                TextColumn("exporting"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("jobs"),
                TimeElapsedColumn(),
                TextColumn("{task.fields[last]}"),
                console=out,
                transient=True,
            )
        self.task: Any = None

    def __call__(self, step: ExportProgress) -> None:
        if self.progress is None:
            return
        if self.task is None:
            self.progress.start()
            self.task = self.progress.add_task("export", total=step.total, last="")
        if step.stage == "job":
            last = f"{step.job_id} {'unchanged' if step.skipped else 'fetched'}"
            self.progress.update(self.task, completed=step.done, total=step.total, last=last)
        elif step.stage != "listed":
            self.progress.update(self.task, last=step.stage)

    def stop(self) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.stop()


@click.command("export", short_help="Export jobs, events, checkpoints, metrics and files to a directory.")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--jobs", "job_ids", multiple=True, metavar="ID[,ID...]", help="Only these jobs; repeatable, or comma-separated."
)
@click.option("--since", metavar="DATE", help="Only jobs created on or after DATE (YYYY-MM-DD, UTC).")
@click.option("--no-files", is_flag=True, help="Leave out the content of training and validation files.")
@click.option(
    "--concurrency", type=click.IntRange(1, 64), default=4, show_default=True, help="Requests in flight at once."
)
@json_option
def export(
    directory: Path, job_ids: tuple[str, ...], since: str | None, no_files: bool, concurrency: int, as_json: bool
) -> None:
    """Export every job (object, events, checkpoints, result files, metrics), its training and
    validation files and the models list to DIRECTORY, with a manifest.

    Run it again to bring the export up to date: only what is new or missing is fetched, so
    an interrupted export resumes. The layout is plain JSON, JSONL and CSV (docs/lifecycle.md).
    """
    since_date: datetime.date | None = None
    if since is not None:
        try:
            since_date = datetime.date.fromisoformat(since)
        except ValueError:
            raise click.BadParameter(f"{since!r} is not a date such as 2026-06-01", param_hint="--since") from None
    bar = _Bar(enabled=not as_json)
    try:
        result = (
            get_env()
            .client()
            .export(
                directory,
                jobs=[i.strip() for given in job_ids for i in given.split(",") if i.strip()] or None,
                since=since_date,
                files=not no_files,
                concurrency=concurrency,
                on_progress=bar,
            )
        )
    except ValidationError as exc:
        raise usage_error(exc) from None
    finally:
        bar.stop()
    summary = {
        "directory": str(result.directory),
        "jobs": result.jobs,
        "fetched_jobs": result.fetched_jobs,
        "unchanged_jobs": result.jobs - result.fetched_jobs,
        "files_downloaded": result.files_downloaded,
        "bytes_downloaded": result.bytes_downloaded,
        "missing_files": list(result.missing),
        "manifest": str(result.manifest),
    }
    if as_json:
        print_json(summary)
        return
    click.echo(
        f"Exported {counted(result.jobs, 'job')} to {result.directory} ({result.fetched_jobs} fetched,"
        f" {result.jobs - result.fetched_jobs} unchanged; {counted(result.files_downloaded, 'file')},"
        f" {counted(result.bytes_downloaded, 'byte')} downloaded)"
    )
    if result.missing:
        click.echo(f"The server no longer has: {', '.join(result.missing)}", err=True)


def _step_line(step: Any) -> str:
    if isinstance(step, FileReused):
        return f"Reusing {step.file.id} ({step.path.name}, uploaded by an earlier run)"
    if isinstance(step, FileUploaded):
        return f"Uploaded {step.path.name} as {step.file.id}"
    return str(step)


@click.command("replay")
@click.argument("job_id")
@click.option(
    "--archive",
    "archive_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The export to read the job and its files from (ftkit export DIR).",
)
@click.option("--model", metavar="NAME", help="Train this base model instead of the archived job's.")
@training_type_option
@json_option
def replay(job_id: str, archive_dir: Path, model: str | None, training_type: str | None, as_json: bool) -> None:
    """Create on this server (the global options choose it) a job like JOB_ID of the export:
    same method, hyperparameters, suffix, seed, integrations and metadata, from the archived
    files. Running it again creates nothing more: it finds the job it created.
    """
    try:
        archived = archive_module.open(archive_dir)
        old = archived.job(job_id)
    except ValidationError as exc:
        raise usage_error(exc, _ARCHIVE_NAMES) from None
    paths: list[Path | None] = []
    for role, file_id in (("training", old.training_file), ("validation", old.validation_file)):
        if not isinstance(file_id, str) or not file_id:
            paths.append(None)
            continue
        path = archived.file_path(file_id)
        if path is None:
            raise click.UsageError(
                f"the export has no content for the {role} file {file_id} of {job_id}"
                " (exported with --no-files, or the server no longer had it)"
            )
        paths.append(path)
    training = paths[0]
    if training is None:
        raise click.UsageError(f"the archived job {job_id} names no training file")
    try:
        job = (
            get_env()
            .client()
            .jobs.replay(
                old,
                training_file=training,
                validation_file=paths[1],
                model=model,
                training_type=training_type,
                on_step=lambda step: click.echo(_step_line(step), err=True),
            )
        )
    except ValidationError as exc:
        raise usage_error(exc) from None
    if as_json:
        print_json(job)
    else:
        job_details(job)


def archived_metrics(directory: Path, job_id: str) -> list[Any]:
    """``jobs metrics --archive``: the job's metrics from an export, with no server."""
    try:
        return archive_module.open(directory).metrics(job_id)
    except ValidationError as exc:
        raise usage_error(exc, _ARCHIVE_NAMES) from None
