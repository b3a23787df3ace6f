"""``ftkit checkpoints permissions``: share a fine-tuned checkpoint with other projects.

On OpenAI's API these calls need an admin key: set ``OPENAI_ADMIN_KEY`` (it is sent with
these calls only; the other commands keep using ``OPENAI_API_KEY``).
"""

from __future__ import annotations

from typing import Any

import click

from .._checks import json_form
from ._env import get_env
from ._options import list_options, page_size, take
from ._render import Cell, json_option, print_json, show, table, when

_ADMIN_NOTE = "Needs an admin key on OpenAI's API: set OPENAI_ADMIN_KEY (used for these calls only)."


@click.group()
def checkpoints() -> None:
    """Fine-tuned checkpoints: who may use them."""


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
    page = get_env().client().checkpoints.permissions.list(
        checkpoint, project_id=project_id, limit=page_size(limit, show_all)
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
