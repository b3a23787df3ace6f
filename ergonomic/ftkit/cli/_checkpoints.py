"""``ftkit checkpoints permissions``: share a fine-tuned checkpoint with other projects.

On OpenAI's API these calls need an admin key: set ``OPENAI_ADMIN_KEY`` (it is sent with
these calls only; the other commands keep using ``OPENAI_API_KEY``).
"""

from __future__ import annotations

from typing import Any

import click

from .._checks import json_form
from ._env import get_env
from ._options import list_options, page_size, poll_interval_option, take
from ._render import Cell, json_option, print_json, show, table, when

_ADMIN_NOTE = "Needs an admin key on OpenAI's API: set OPENAI_ADMIN_KEY (used for these calls only)."


@click.group()
def checkpoints() -> None:
    """Fine-tuned checkpoints: who may use them, copies (Azure)."""


@checkpoints.group()
def permissions() -> None:
    """Share a checkpoint with other projects, list and withdraw its permissions.

    Needs an admin key on OpenAI's API: set OPENAI_ADMIN_KEY (used for these calls only).
    """


def _rows(items: list[Any]) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for item in items:
        raw = json_form(item)
        rows.append([str(raw.get("id", "")), str(raw.get("project_id", "")), when(raw.get("created_at"))])
    return rows


def _show(items: list[Any], as_json: bool) -> None:
    if as_json:
        print_json(items)
    elif items:
        show(table(["ID", "PROJECT", "CREATED"], _rows(items)))
    else:
        click.echo("No permissions.")


@permissions.command("create", epilog=_ADMIN_NOTE)
@click.argument("checkpoint")
@click.option("--project", "projects", multiple=True, required=True, metavar="PROJECT_ID",
              help="A project to share the checkpoint with (repeat for several).")  # fmt: skip
@json_option
def create_permission(checkpoint: str, projects: tuple[str, ...], as_json: bool) -> None:
    """Let these projects use CHECKPOINT (a fine_tuned_model_checkpoint name)."""
    page = get_env().client().checkpoints.permissions.create(checkpoint, project_ids=list(projects))
    _show(list(page.data), as_json)


@permissions.command("list", epilog=_ADMIN_NOTE)
@click.argument("checkpoint")
@click.option("--project", "project_id", metavar="PROJECT_ID", help="Only this project's permission.")
@list_options
@json_option
def list_permissions(checkpoint: str, project_id: str | None, limit: int, show_all: bool, as_json: bool) -> None:
    """The projects CHECKPOINT is shared with."""
    page = (
        get_env()
        .client()
        .checkpoints.permissions.list(checkpoint, project_id=project_id, limit=page_size(limit, show_all))
    )
    _show(take(page, limit, show_all), as_json)


@permissions.command("delete", epilog=_ADMIN_NOTE)
@click.argument("checkpoint")
@click.argument("permission_id")
@json_option
def delete_permission(checkpoint: str, permission_id: str, as_json: bool) -> None:
    """Withdraw one permission of CHECKPOINT."""
    deleted = get_env().client().checkpoints.permissions.delete(checkpoint, permission_id)
    if as_json:
        print_json(deleted)
    else:
        click.echo(f"Deleted permission {permission_id} of {checkpoint}.")


def _copy_rows(copy: Any) -> list[list[Cell]]:
    return [[where, region or "", status or ""] for where, (region, status) in copy.destinations.items()]


@checkpoints.command("copy")
@click.argument("job_id")
@click.argument("checkpoint")
@click.option("--destination", required=True, metavar="RESOURCE_ID",
              help="The destination resource's Azure id: /subscriptions/.../accounts/NAME.")  # fmt: skip
@click.option("--region", required=True, help="The destination's region, e.g. swedencentral.")
@click.option("--no-wait", is_flag=True, help="Start the copy and return (check it with copy-status).")
@poll_interval_option(30.0, "Seconds between two reads of the copy's status.")
@json_option
def copy(
    job_id: str, checkpoint: str, destination: str, region: str, no_wait: bool, poll_interval: float, as_json: bool
) -> None:
    """Azure OpenAI (v1 API, preview): copy CHECKPOINT of JOB_ID to another resource, and wait for it."""
    from ..checkpoints import CheckpointCopyError
    from ._env import EXIT_FAILED, error_line

    client = get_env().client()
    try:
        done = client.checkpoints.copies.create(
            job_id, checkpoint, destination_resource_id=destination, region=region, wait=not no_wait,
            poll_interval=poll_interval,
        )  # fmt: skip
    except CheckpointCopyError as exc:
        error_line(str(exc))
        raise click.exceptions.Exit(EXIT_FAILED) from None
    if as_json:
        print_json(dict(done.raw))
    else:
        show(table(["DESTINATION", "REGION", "STATUS"], _copy_rows(done)))


@checkpoints.command("copy-status")
@click.argument("job_id")
@click.argument("checkpoint")
@json_option
def copy_status(job_id: str, checkpoint: str, as_json: bool) -> None:
    """Azure OpenAI (v1 API, preview): the copies of CHECKPOINT and their status."""
    done = get_env().client().checkpoints.copies.retrieve(job_id, checkpoint)
    if as_json:
        print_json(dict(done.raw))
    else:
        show(table(["DESTINATION", "REGION", "STATUS"], _copy_rows(done)))
