"""``ftkit files``: upload, list, get, download, delete."""

from __future__ import annotations

from pathlib import Path

import click

from .._checks import json_form
from ..uploads import DEFAULT_MAX_IN_FLIGHT, DEFAULT_PART_SIZE
from ._env import get_env
from ._options import list_options, page_size, take
from ._progress import MiB, upload_progress
from ._render import json_option, print_json, show, size, status_text, table, when
from ._views import file_details

#: The purposes a fine-tuning user uploads with; the API knows others (batch, vision, ...)
#: and `--purpose` takes any string so a new one needs no new ftkit.
FINE_TUNE_PURPOSE = "fine-tune"


@click.group()
def files() -> None:
    """Upload, list, get, download and delete files."""


@files.command("upload")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--purpose", default=FINE_TUNE_PURPOSE, show_default=True, help="What the file is for.")
@click.option(
    "--threshold",
    type=click.FloatRange(min=0, min_open=True, max=512),
    default=100,
    show_default=True,
    help="Files above this many MiB go through the Uploads API, in parts (resumable).",
)
@click.option(
    "--part-size",
    type=click.FloatRange(min=0, min_open=True, max=64),
    default=DEFAULT_PART_SIZE // MiB,
    show_default=True,
    help="MiB per part of a large upload.",
)
@click.option(
    "--parallel",
    type=click.IntRange(1, 64),
    default=DEFAULT_MAX_IN_FLIGHT,
    show_default=True,
    help="Parts sent at a time.",
)
@click.option("--no-resume", is_flag=True, help="Keep no state file: an interrupted large upload is cancelled.")
@click.option(
    "--progress/--no-progress", default=None, help="A progress bar on stderr (default: when stderr is a terminal)."
)
@json_option
def upload(
    path: Path,
    purpose: str,
    threshold: float,
    part_size: float,
    parallel: int,
    no_resume: bool,
    progress: bool | None,
    as_json: bool,
) -> None:
    """Upload a file (streamed from disk; above --threshold in parts, resumable within the hour:
    run the same command again). Check training data first with `ftkit validate`."""
    client = get_env().client()
    with upload_progress(path.name, progress) as on_progress:
        uploaded = client.files.upload(
            path,
            purpose=purpose,
            threshold=int(threshold * MiB),
            part_size=int(part_size * MiB),
            max_in_flight=parallel,
            state_file=None if no_resume else "auto",
            on_progress=on_progress,
        )
    if as_json:
        print_json(uploaded)
    else:
        file_details(uploaded)


@files.command("list")
@click.option("--purpose", help="Only files with this purpose, e.g. fine-tune.")
@list_options
@json_option
def list_files(purpose: str | None, limit: int, show_all: bool, as_json: bool) -> None:
    """List files, newest first."""
    page = get_env().client().files.list(purpose=purpose, limit=page_size(limit, show_all, 10_000))
    items = take(page, limit, show_all)
    if as_json:
        print_json(items)
        return
    rows = []
    for item in items:
        raw = json_form(item)
        rows.append(
            [
                raw.get("id"),
                raw.get("filename"),
                raw.get("purpose"),
                size(raw.get("bytes")),
                status_text(raw.get("status", "")),
                when(raw.get("created_at")),
            ]
        )
    show(table(["ID", "FILENAME", "PURPOSE", "SIZE", "STATUS", "CREATED"], rows))


@files.command("get")
@click.argument("file_id")
@json_option
def get_file(file_id: str, as_json: bool) -> None:
    """Show one file."""
    found = get_env().client().files.retrieve(file_id)
    if as_json:
        print_json(found)
    else:
        file_details(found)


@files.command("download")
@click.argument("file_id")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file instead of stdout.",
)
def download(file_id: str, output: Path | None) -> None:
    """Download a file's content (a training file, or a job's result CSV)."""
    content = get_env().client().files.content(file_id)
    if output is None:
        # Bytes go to stdout's binary buffer untouched: the content is not ours to re-encode.
        click.echo(content, nl=False)
        return
    output.write_bytes(content)
    click.echo(f"Wrote {len(content)} bytes to {output}", err=True)


@files.command("delete")
@click.argument("file_id")
@json_option
def delete(file_id: str, as_json: bool) -> None:
    """Delete a file."""
    answer = get_env().client().files.delete(file_id)
    if as_json:
        print_json(answer)
    else:
        click.echo(f"Deleted {answer.id}" if answer.deleted else f"Not deleted: {answer.id}")
