"""``ftkit validate``: check a training file before upload (``ftkit.data.validate``).

Exit 0 valid, 1 invalid (the report says why), 2 usage error (a bad option, a file that
cannot be read, a grader file that is not JSON or YAML): always one line on stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ._env import EXIT_FAILED

# ftkit.data's METHODS, TOKEN_MODES and MAX_IMAGES_PER_EXAMPLE, written out so the command
# line does not import the validator until this command runs (a test keeps them equal).
METHODS = ("supervised", "dpo", "reinforcement")
TOKEN_MODES = ("auto", "exact", "estimate")
MAX_IMAGES_PER_EXAMPLE = 10

_PATH = click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=str)


@click.command("validate", short_help="Check a training file before upload: format, tokens, cost.")
@click.argument("file", metavar="FILE", type=_PATH)
@click.option(
    "--method", type=click.Choice(METHODS), default="supervised", show_default=True, help="Fine-tuning method."
)
@click.option("--model", help="Base model, e.g. gpt-4o-mini-2024-07-18 (picks the tokenizer and context length).")
@click.option(
    "--validation-file",
    type=_PATH,
    help="Validation file (JSONL), checked too and for overlap with the training file.",
)
@click.option(
    "--grader",
    "grader_file",
    metavar="GRADER_FILE",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Reinforcement grader (JSON or YAML): checked itself, and every {{item.…}} field it reads.",
)
@click.option("--price-per-token", type=click.FloatRange(min=0), help="Training price per token, for a cost estimate.")
@click.option("--n-epochs", type=click.IntRange(1, 50), help="Epochs to bill for (default: the API's auto rule).")
@click.option("--context-length", type=click.IntRange(min=1), help="Longest example the model takes, in tokens.")
@click.option(
    "--max-listed",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Findings listed per kind; all are counted.",
)
@click.option(
    "--max-images-per-example",
    type=click.IntRange(min=0),
    default=MAX_IMAGES_PER_EXAMPLE,
    show_default=True,
    help="Images one example may hold (OpenAI: 10; Azure OpenAI: 64).",
)
@click.option(
    "--tokens",
    type=click.Choice(TOKEN_MODES),
    default="auto",
    show_default=True,
    help="tiktoken counts (exact), estimates, or tiktoken when it loads (auto).",
)
@click.option("--no-duplicates", is_flag=True, help="Skip duplicate and overlap detection.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def validate(
    file: str,
    method: str,
    model: str | None,
    validation_file: str | None,
    grader_file: Path | None,
    price_per_token: float | None,
    n_epochs: int | None,
    context_length: int | None,
    max_listed: int,
    max_images_per_example: int,
    tokens: str,
    no_duplicates: bool,
    as_json: bool,
) -> None:
    """ftkit validate: check a fine-tuning JSONL file (FILE, or - for stdin) before upload.

    Every line is read once: format of each method, reserved tokens, images, the API's
    minimum of 10 examples, token counts and the billed-token (and cost) estimate,
    duplicates and train/validation overlap. Exit 0 valid, 1 invalid, 2 bad arguments.
    """
    grader: dict[str, Any] | None = None
    if grader_file is not None:
        if method != "reinforcement":
            raise click.BadParameter(
                f"a grader is only used with --method reinforcement, not {method}", param_hint="--grader"
            )
        grader = _read_grader(grader_file)
    if file == "-" and validation_file == "-":
        raise click.BadParameter("FILE reads stdin already; give a path", param_hint="--validation-file")
    from ..data import validate as validate_data

    try:
        report = validate_data(
            _source(file),
            method=method,
            model=model,
            validation_path=None if validation_file is None else _source(validation_file),
            grader=grader,
            price_per_token=price_per_token,
            n_epochs=n_epochs,
            context_length=context_length,
            max_listed=max_listed,
            tokens=tokens,
            check_duplicates=not no_duplicates,
            max_images_per_example=max_images_per_example,
        )
    except OSError as exc:
        # Found a moment ago, unreadable now (permissions, a vanished file): the input is at fault.
        where = f": {exc.filename}" if exc.filename else ""
        raise click.UsageError(f"cannot read the file{where}: {exc.strerror or exc}") from None
    except RuntimeError as exc:  # tokens='exact' without a loadable tokenizer
        raise click.UsageError(str(exc)) from None
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(report.to_text())
    if not report.valid:
        raise click.exceptions.Exit(EXIT_FAILED)


def _source(path: str) -> Any:
    return sys.stdin.buffer if path == "-" else path


def _read_grader(path: Path) -> dict[str, Any]:
    # The graders commands' reader: the same JSON-or-YAML rules, the same messages.
    from ._graders import read_grader_file

    try:
        return read_grader_file(path)
    except click.BadParameter as exc:
        exc.param_hint = "--grader"
        raise
