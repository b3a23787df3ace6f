"""``ftkit graders``: check a grader configuration, run one on a sample.

A grader file is JSON or YAML (by its extension; anything else is tried as JSON, then
YAML) holding the grader object in the API's shape, the same dict ``as_grader`` takes.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import click

from .._checks import json_form
from ..errors import ValidationError
from ..grader_builders import GraderModel, as_grader
from ._env import EXIT_FAILED, get_env
from ._render import details, json_option, number, print_json, show


def read_grader_file(path: Path) -> dict[str, Any]:
    """The grader object in ``path`` (JSON or YAML); ``click.BadParameter`` if it does not read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise click.BadParameter(f"cannot read {path}: {exc}", param_hint="GRADER_FILE") from None
    suffix = path.suffix.lower()
    value: Any
    if suffix == ".json":
        value = _json(text, path)
    elif suffix in (".yaml", ".yml"):
        value = _yaml(text, path)
    else:
        try:
            value = json.loads(text)
        except ValueError:
            value = _yaml(text, path)
    if not isinstance(value, dict):
        raise click.BadParameter(
            f"{path} must hold one grader object (a mapping with a 'type'), not {type(value).__name__}",
            param_hint="GRADER_FILE",
        )
    return value


def _json(text: str, path: Path) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise click.BadParameter(f"{path} is not valid JSON: {exc}", param_hint="GRADER_FILE") from None


def _yaml(text: str, path: Path) -> Any:
    try:
        # Through importlib: pyyaml ships no type information, and only this reads it.
        yaml: Any = importlib.import_module("yaml")
    except ImportError:
        raise click.BadParameter(
            f"{path}: reading YAML needs pyyaml: pip install 'ftkit[cli]' (or give the grader as JSON)",
            param_hint="GRADER_FILE",
        ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise click.BadParameter(
            f"{path} is neither JSON nor valid YAML: {' '.join(str(exc).split())}", param_hint="GRADER_FILE"
        ) from None


def load_grader(path: Path, *, param_hint: str = "GRADER_FILE") -> tuple[dict[str, Any], GraderModel]:
    """The raw grader dict of ``path`` and the checked model; a usage error names the problem."""
    raw = read_grader_file(path)
    try:
        return raw, as_grader(raw)
    except ValidationError as exc:
        raise click.BadParameter(f"{path}: {exc}", param_hint=param_hint) from None


grader_file_argument = click.argument(
    "grader_file", metavar="GRADER_FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)


@click.group()
def graders() -> None:
    """Check and run graders (reinforcement fine-tuning)."""


@graders.command("validate")
@grader_file_argument
@click.option("--local", is_flag=True, help="Only ftkit's own checks; send nothing to the API.")
@json_option
def validate_grader(grader_file: Path, local: bool, as_json: bool) -> None:
    """Check a grader file: ftkit's checks, then the API's. Exit 1 if it is invalid."""
    raw = read_grader_file(grader_file)
    try:
        grader = as_grader(raw)
    except ValidationError as exc:
        # Here the grader is what is being checked, so its being wrong is the answer
        # (exit 1), not a mistake in how the command was called (exit 2).
        if as_json:
            print_json({"valid": False, "error": str(exc), "argument": exc.argument})
        else:
            click.echo(f"{grader_file}: invalid: {exc}")
        raise click.exceptions.Exit(EXIT_FAILED) from None
    checked_by = "ftkit"
    if not local:
        get_env().client().graders.validate(grader=grader)
        checked_by = "ftkit and the API"
    if as_json:
        print_json({"valid": True, "checked_by": checked_by, "grader": json_form(grader)})
    else:
        click.echo(f"{grader_file}: valid {raw.get('type')} grader {raw.get('name')!r} (checked by {checked_by})")


@graders.command("run")
@grader_file_argument
@click.option("--sample", "model_sample", required=True, help="The model's output to grade (text).")
@click.option(
    "--item",
    metavar="JSON|@FILE",
    help="The dataset item the grader's {{item.…}} templates read: JSON, or @path to a JSON file.",
)
@click.option(
    "--local",
    is_flag=True,
    help="Grade here with ftkit's grader engine, not the API's graders/run (a model grader's judge"
    " and cosine's embeddings are still asked of the server; a python grader runs in a local process).",
)
@json_option
def run_grader(grader_file: Path, model_sample: str, item: str | None, local: bool, as_json: bool) -> None:
    """Run a grader on one model output and dataset item; prints the reward."""
    raw, grader = _grader_for(grader_file, local)
    parsed_item = None if item is None else _item(item)
    if local:
        _run_local(raw, model_sample, parsed_item, as_json)
        return
    result = get_env().client().graders.run(grader=grader, model_sample=model_sample, item=parsed_item)
    if as_json:
        print_json(result)
        return
    raw = json_form(result)
    metadata = raw.get("metadata") or {}
    errors = metadata.get("errors") or {}
    raised = sorted(name for name, flag in errors.items() if flag is True)
    sub_rewards = raw.get("sub_rewards") or {}
    show(
        details(
            [
                ("reward", number(raw.get("reward"))),
                ("sub rewards", ", ".join(f"{k} {number(v)}" for k, v in sub_rewards.items())),
                ("grader", f"{metadata.get('type', '')} {metadata.get('name', '')}".strip()),
                ("errors", ", ".join(raised)),
            ]
        )
    )


def _grader_for(path: Path, local: bool) -> tuple[dict[str, Any], Any]:
    """The raw grader and its checked model; locally, a label_model grader alone is taken too."""
    if not local:
        return load_grader(path)
    from ..grading import grader_json

    raw = read_grader_file(path)
    try:
        return raw, grader_json(raw)
    except ValidationError as exc:
        raise click.BadParameter(f"{path}: {exc}", param_hint="GRADER_FILE") from None


def _run_local(grader: dict[str, Any], model_sample: str, item: dict[str, Any] | None, as_json: bool) -> None:
    from ..grading import grade_local, grader_json, text_sample
    from ..grading._engine import needs_server

    checked = grader_json(grader)
    if needs_server(checked) is not None:
        result = get_env().client().graders.grade(checked, item=item, sample=model_sample)
    else:
        # Nothing to ask a server: no client (and no API key) needed.
        result = grade_local(checked, item=item, sample=text_sample(model_sample))
    if as_json:
        print_json(result.to_dict())
        return
    show(
        details(
            [
                ("reward", number(result.reward)),
                ("sub rewards", ", ".join(f"{k} {number(v)}" for k, v in result.sub_rewards.items())),
                ("grader", f"{result.type} {result.name} (graded locally)"),
                ("errors", ", ".join(sorted(flag for flag, raised in result.errors.items() if raised))),
                ("details", "; ".join(f"{k}: {v}" for k, v in result.details.items())),
            ]
        )
    )


def _item(value: str) -> dict[str, Any]:
    text = value
    if value.startswith("@"):
        try:
            text = Path(value[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise click.BadParameter(f"cannot read {value[1:]}: {exc.strerror}", param_hint="--item") from None
    try:
        parsed = json.loads(text)
    except ValueError as exc:
        raise click.BadParameter(f"not valid JSON: {exc}", param_hint="--item") from None
    if not isinstance(parsed, dict):
        raise click.BadParameter("must be a JSON object", param_hint="--item")
    return parsed
