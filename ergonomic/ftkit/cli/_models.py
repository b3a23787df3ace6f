"""``ftkit models``: what the organisation can use, when each model shuts down, and deleting a
fine-tuned one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from .._checks import json_form
from ..errors import FtkitError
from ..models import base_model, created_at, days_left, is_fine_tuned, made_by, shutdown_date
from ._env import EXIT_FAILED, confirm, error_line, get_env
from ._render import json_option, print_json, show, table, when

#: How many days before a base model's shutdown ``jobs create`` warns.
SHUTDOWN_WARNING_DAYS = 30


@click.group()
def models() -> None:
    """List models (base and fine-tuned) with their shutdown dates; delete a fine-tuned model."""


def _jobs_by_model(client: Any) -> dict[str, str]:
    """Fine-tuned model name -> the job that made it (from the jobs list; empty if it cannot be read)."""
    made: dict[str, str] = {}
    try:
        for job in client.jobs.list(limit=100):
            if isinstance(job.fine_tuned_model, str) and job.fine_tuned_model:
                made[job.fine_tuned_model] = job.id
    except FtkitError:
        return made
    return made


#: The key under which ``models list --json`` puts ftkit's additions beside the API's fields.
EXTRAS_KEY = "ftkit_extras"


def inventory(client: Any, *, fine_tuned: bool) -> list[tuple[Any, dict[str, Any]]]:
    """Each model as the API sent it, with ftkit's additions: base model, created, shutdown date,
    days left, the job that made it."""
    found = client.models.list(fine_tuned=fine_tuned)
    made = _jobs_by_model(client) if any(is_fine_tuned(m) for m in found) else {}
    rows = []
    for model in found:
        date = shutdown_date(model)
        base = model.additional_properties.get("model")  # Azure names a fine-tune's base model
        rows.append(
            (
                model,
                {
                    "base_model": (base if isinstance(base, str) and base else base_model(model.id))
                    if is_fine_tuned(model)
                    else None,
                    "created": created_at(model),
                    "shutdown_date": None if date is None else date.isoformat(),
                    "days_left": days_left(model),
                    "job": made_by(model) or made.get(model.id),
                },
            )
        )
    return rows


@models.command("list")
@click.option("--fine-tuned", is_flag=True, help="Only fine-tuned models.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help=f"Print the API's model objects as JSON, each with ftkit's additions in {EXTRAS_KEY!r}.",
)
def list_models(fine_tuned: bool, as_json: bool) -> None:
    """List models: base model, created, shutdown date, days left, the job that made each one."""
    rows = inventory(get_env().client(), fine_tuned=fine_tuned)
    if as_json:
        print_json([{**json_form(model), EXTRAS_KEY: extras} for model, extras in rows])
        return
    shown = [
        [
            model.id,
            extras["base_model"] or "",
            when(extras["created"]),
            extras["shutdown_date"] or "",
            "" if extras["days_left"] is None else str(extras["days_left"]),
            extras["job"] or "",
        ]
        for model, extras in rows
    ]
    show(table(["MODEL", "BASE MODEL", "CREATED", "SHUTDOWN", "DAYS LEFT", "JOB"], shown))


@models.command("delete")
@click.argument("model")
@click.option("--yes", "-y", is_flag=True, help="Do not ask first.")
@json_option
def delete_model(model: str, yes: bool, as_json: bool) -> None:
    """Delete a fine-tuned MODEL for good (asks first; --yes does not)."""
    if not yes:
        agreed = confirm(f"Delete {model}? It cannot be undone.")
        if not agreed:
            why = "you answered no" if agreed is False else "no answer (end of input); --yes deletes without asking"
            error_line(f"{model} was not deleted: {why}")
            raise click.exceptions.Exit(EXIT_FAILED)
    answer = get_env().client().models.delete(model)
    if as_json:
        print_json(answer)
    else:
        click.echo(f"Deleted {answer.id}" if answer.deleted else f"{answer.id} was not deleted")


def shutdown_warning(client: Any, model: str, found: Any = None) -> str | None:
    """The warning ``jobs create`` prints when ``model`` shuts down within 30 days (None when it
    does not, or when its date cannot be read: that must not stop a create). ``found`` is the
    model already read (no request then)."""
    try:
        if found is None:
            found = client.models.retrieve(model)
        date, left = shutdown_date(found), days_left(found)
    except (FtkitError, ValueError):
        return None
    if date is None or left is None or left > SHUTDOWN_WARNING_DAYS:
        return None
    if left < 0:
        return f"warning: {model} shut down on {date} ({-left} days ago)"
    return (
        f"warning: {model} shuts down on {date}, in {left} days; the models fine-tuned from it stop working then"
        " too (ftkit models list shows them)"
    )


class ShutdownWarning:
    """``jobs create``'s warning about its base model's shutdown date, printed at most once:
    from the model the library looked up before uploading (its ``ModelChecked`` step: no
    request of its own), at the first other step that is not an upload or the data's check, or
    at once with ``show()`` (then ``client`` is called: reading the date is one request)."""

    def __init__(self, client: Callable[[], Any], model: str) -> None:
        self._client = client
        self._model = model
        self._shown = False

    def show(self, found: Any = None, *, looked_up: bool = False) -> None:
        """Print the warning, from ``found`` (the model the library ``looked_up``; None: it could
        not be read, and is not asked for again), else from a request of its own."""
        if self._shown:
            return
        self._shown = True
        if looked_up and found is None:
            return
        warning = shutdown_warning(None if looked_up else self._client(), self._model, found)
        if warning is not None:
            click.echo(warning, err=True)

    def before(self, on_step: Callable[[Any], None]) -> Callable[[Any], None]:
        """``on_step``, with the warning shown before the first upload: from the looked-up model."""
        from ..create import DataChecked, FileUploaded, ModelChecked

        def step(item: Any) -> None:
            if isinstance(item, ModelChecked):
                self.show(item.model, looked_up=True)
            elif not isinstance(item, (FileUploaded, DataChecked)):
                self.show()
            on_step(item)

        return step
