"""``ftkit eval``: record a model's answers on held-out data, grade them, compare two runs, and
carry on in Promptfoo. The work is the library's (``client.evaluation``, ``ftkit.evaluation``);
these commands parse, call and show."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.text import Text

from ..errors import ValidationError
from ._env import EXIT_FAILED, get_env
from ._graders import read_grader_file
from ._options import option_name
from ._render import console, details, json_option, number, print_json, show, table

if TYPE_CHECKING:
    from ..evaluation import Comparison, CostEstimate, EvalProgress

#: The command line's names for the library's arguments (the others: --name-with-dashes).
_ARGUMENTS = {"data": "DATA", "directory": "DIR", "a": "DIR_A", "b": "DIR_B", "directories": "DIR",
              "requests_per_minute": "--rpm", "tokens_per_minute": "--tpm", "prices": "--price",
              "reference_run": "--reference-run", "out": "--out"}  # fmt: skip


def _usage(exc: ValidationError) -> click.BadParameter:
    hint = _ARGUMENTS.get(exc.argument) or option_name(exc.argument)
    return click.BadParameter(f"{exc.value!r} is not allowed; expected {exc.allowed}", param_hint=hint)


@contextmanager
def _library_usage() -> Iterator[None]:
    """A ``ValidationError`` of the library as a usage error naming the option."""
    try:
        yield
    except ValidationError as exc:
        raise _usage(exc) from None


def _grader_option(path: Path | None) -> dict[str, Any] | None:
    return None if path is None else read_grader_file(path)


def _money(value: float | None) -> str:
    if value is None:
        return "unknown"
    return f"${value:,.2f}" if value >= 1 else f"${value:.4f}"


def estimate_line(estimate: CostEstimate) -> str:
    """The estimate, in one line for people."""
    answers = (f"at most {estimate.completion_tokens_max:,}" if estimate.completion_tokens_max is not None
               else "unbounded")  # fmt: skip
    price = estimate.price
    if price is None:
        cost = "cost unknown (no price for this model: --price IN,OUT)"
    elif estimate.cost_max is None:
        cost = f"expected {_money(estimate.cost_expected)}, no upper bound (set --max-completion-tokens)"
    else:
        cost = f"at most {_money(estimate.cost_max)} (expected {_money(estimate.cost_expected)})"
    tokens = " (estimated)" if estimate.tokens_estimated else ""
    judge = f"; plus {estimate.judge_calls} judge requests" if estimate.judge_calls else ""
    return (f"estimate: {estimate.examples} examples to send, {estimate.prompt_tokens:,} prompt tokens{tokens},"
            f" {answers} completion tokens: {cost}{judge}")  # fmt: skip


class _Bar:
    """The run's progress bar with its ETA, on stderr when it is a terminal (``show``: always,
    never, or None: a terminal only); the estimate line before it."""

    def __init__(self, what: str, show: bool | None, quiet: bool) -> None:
        self.out = console(stderr=True)
        self.quiet = quiet
        self.what = what
        self.progress: Progress | None = None
        if show or (show is None and self.out.is_terminal):
            self.progress = Progress(
                TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("eta"),
                TimeRemainingColumn(), TextColumn("{task.fields[note]}"), console=self.out,
                transient=self.out.is_terminal,
            )  # fmt: skip
        self.task: Any = None

    def __call__(self, step: EvalProgress) -> None:
        if step.stage == "estimated" and step.estimate is not None and not self.quiet:
            self.out.print(Text(estimate_line(step.estimate)), soft_wrap=True)
        if self.progress is None:
            return
        if self.task is None:
            self.progress.start()
            self.task = self.progress.add_task(self.what, total=step.total, completed=step.done, note="")
        parts = []
        if step.failed or step.retryable:
            parts.append(f"{step.failed + step.retryable} failed")
        if step.cost is not None:
            parts.append(_money(step.cost))
        self.progress.update(self.task, completed=step.done, total=step.total, note=", ".join(parts))

    def stop(self) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.stop()


@contextmanager
def _bar(what: str, show: bool | None, quiet: bool) -> Iterator[Callable[[EvalProgress], None]]:
    bar = _Bar(what, show, quiet)
    try:
        yield bar
    finally:
        bar.stop()


_progress_option = click.option(
    "--progress/--no-progress", "show_progress", default=None,
    help="Draw the progress bar on stderr (default: when stderr is a terminal).",
)  # fmt: skip
_concurrency_option = click.option(
    "--concurrency", type=click.IntRange(1, 256), default=8, show_default=True, help="Examples in flight at once."
)
_grader_file = click.Path(exists=True, dir_okay=False, path_type=Path)
_run_dir = click.Path(exists=True, file_okay=False, path_type=Path)


@click.group("eval")
def eval_group() -> None:
    """Record, grade and compare models' answers on held-out data."""


@eval_group.command("run")
@click.argument("data", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--model", required=True, help="The model to ask (a fine-tuned ft:... model, a base model, an Azure"
                                             " deployment).")  # fmt: skip
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The run's directory: run.json and results.jsonl (run again to resume).")  # fmt: skip
@click.option(
    "--grader", "grader_path", type=_grader_file,
    help="Grade each answer with this grader (JSON or YAML); without it the answers are only recorded.",
)  # fmt: skip
@_concurrency_option
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N examples of DATA.")
@click.option("--temperature", type=float, help="Sampling temperature (0 to 2).")
@click.option("--seed", type=int, help="Sampling seed.")
@click.option("--max-completion-tokens", type=click.IntRange(min=1), help="The longest answer; bounds the cost.")
@click.option("--max-cost", type=click.FloatRange(min=0), help="Refuse to start if the run may cost more (US$).")
@click.option("--price", metavar="IN,OUT", help="US$ per million input and output tokens, for a model ftkit has no"
                                               " price for (an Azure deployment).")  # fmt: skip
@click.option("--rpm", type=click.FloatRange(min=0, min_open=True), help="Requests per minute at most.")
@click.option("--tpm", type=click.FloatRange(min=0, min_open=True), help="Tokens per minute at most.")
@_progress_option
@json_option
def run_command(
    data: Path, model: str, out: Path, grader_path: Path | None, concurrency: int, limit: int | None,
    temperature: float | None, seed: int | None, max_completion_tokens: int | None, max_cost: float | None,
    price: str | None, rpm: float | None, tpm: float | None, show_progress: bool | None, as_json: bool,
) -> None:  # fmt: skip
    """Ask MODEL every example of DATA (any file `ftkit validate` accepts) and record each answer,
    graded with --grader, in OUT/results.jsonl as it arrives. The cost is estimated before anything
    is sent. Run the same command again to send only what is not recorded yet."""
    from ..evaluation import Price

    prices = None
    if price is not None:
        try:
            given = [float(part) for part in price.split(",")]
        except ValueError:
            given = []
        if len(given) != 2 or min(given) < 0:
            raise click.BadParameter(f"{price!r}: expected IN,OUT dollars per million tokens, e.g. 0.3,1.2",
                                     param_hint="--price")  # fmt: skip
        prices = {model: Price(given[0], given[1])}
    client = get_env().client()
    with _bar("answering", show_progress, as_json) as report, _library_usage():
        result = client.evaluation.run(
            data, model=model, out=out, grader=_grader_option(grader_path), concurrency=concurrency, limit=limit,
            temperature=temperature, seed=seed, max_completion_tokens=max_completion_tokens, max_cost=max_cost,
            requests_per_minute=rpm, tokens_per_minute=tpm, prices=prices, on_progress=report,
        )  # fmt: skip
    if as_json:
        print_json(result.to_dict())
    else:
        show(details([
            ("run", str(result.directory)),
            ("model", result.model),
            ("examples", f"{result.examples}: {result.answered} answered, {result.failed} failed"
                         + (f", {result.retryable} to retry" if result.retryable else "")),
            ("this time", f"{result.sent} sent, {result.skipped} recorded before"),
            ("mean score", number(result.mean_score)),
            ("tokens", f"{result.prompt_tokens:,} prompt, {result.completion_tokens:,} completion"),
            ("cost", _money(result.cost) if result.sent else ""),
        ]))  # fmt: skip
    if result.retryable:
        click.echo(f"ftkit: {result.retryable} examples failed for now (their retries spent): run the same command"
                   " again to send them", err=True)  # fmt: skip
        raise click.exceptions.Exit(EXIT_FAILED)


@eval_group.command("grade")
@click.argument("directory", type=_run_dir)
@click.option("--grader", "grader_path", required=True, type=_grader_file, help="The grader (JSON or YAML).")
@_concurrency_option
@_progress_option
@json_option
def grade_command(
    directory: Path, grader_path: Path, concurrency: int, show_progress: bool | None, as_json: bool
) -> None:
    """Grade (or grade again) the answers recorded in DIRECTORY. The only requests are the
    grader's own (a model grader's judge); an interrupted grading resumes."""
    client = get_env().client()
    with _bar("grading", show_progress, as_json) as report, _library_usage():
        result = client.evaluation.grade(directory, grader=_grader_option(grader_path), concurrency=concurrency,
                                         on_progress=report)  # fmt: skip
    if as_json:
        print_json(result.to_dict())
        return
    show(details([
        ("run", str(result.directory)),
        ("graded", f"{result.graded} this time, {result.skipped} already graded by this grader"),
        ("grades with an error", str(result.errors)),
        ("mean score", number(result.mean_score)),
    ]))  # fmt: skip


def comparison_view(comparison: Comparison) -> list[Any]:
    """What the terminal shows of a comparison: the summary, and the examples that changed most."""
    a, b = comparison.a, comparison.b
    low_high = comparison.interval
    interval = f"[{number(low_high[0], 3)}, {number(low_high[1], 3)}]" if low_high else ""
    level = f"{comparison.confidence:.0%}"
    if comparison.mode == "reference":
        rows = [
            ("reference run (A)", f"{a.model}  {a.directory}"),
            ("compared run (B)", f"{b.model}  {b.directory}"),
            ("agreement with A", f"{number(comparison.difference, 3)}  ({level} interval {interval})"),
            ("same answer", f"{comparison.ties} of {comparison.paired}"),
        ]
    else:
        rows = [
            ("A", f"{a.model}  {a.directory}"),
            ("B", f"{b.model}  {b.directory}"),
            ("mean score", f"A {number(a.mean, 3)}   B {number(b.mean, 3)}   ({comparison.paired} paired)"),
            ("B - A", f"{number(comparison.difference, 3)}  ({level} interval {interval}, paired bootstrap)"),
            ("wins / ties / losses", f"{comparison.wins} / {comparison.ties} / {comparison.losses}"),
        ]
        if comparison.unpaired:
            rows.append(("not paired", f"{comparison.unpaired} examples scored in one run only"))
    shown: list[Any] = [details(rows)]
    if comparison.changed:
        shown.append(table(["EXAMPLE", "A", "B", "CHANGE"], [
            (str(c.id), number(c.score_a, 3), number(c.score_b, 3), f"{c.delta:+.3g}") for c in comparison.changed
        ], title="changed most"))  # fmt: skip
    return shown


@eval_group.command("compare")
@click.argument("dir_a", type=_run_dir)
@click.argument("dir_b", type=_run_dir)
@click.option("--grader", "grader_path", type=_grader_file, help="Grade both runs' answers with this grader (not"
                                                                 " written to the runs).")  # fmt: skip
@click.option("--reference-run", type=_run_dir, help="Grade B's answers against this run's (A's) recorded"
                                                     " answers: does B answer like A?")  # fmt: skip
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a PNG of the score distributions (needs the plot extra).")  # fmt: skip
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write one self-contained HTML page: the summary and every example side by side.")  # fmt: skip
@click.option("--seed", type=int, default=0, show_default=True, help="The bootstrap's seed.")
@json_option
def compare_command(
    dir_a: Path, dir_b: Path, grader_path: Path | None, reference_run: Path | None, plot_path: Path | None,
    html_path: Path | None, seed: int, as_json: bool,
) -> None:  # fmt: skip
    """Compare two runs on the same data, example by example: each mean score, B - A with a 95%
    paired-bootstrap interval, wins, ties and losses, the examples that changed most."""
    from ..evaluation import compare, plot_comparison, write_html
    from ..evaluation._arguments import check_grader, needs_server

    grader = _grader_option(grader_path)
    with _library_usage():
        if needs_server(check_grader(grader)) is not None:
            comparison = get_env().client().evaluation.compare(dir_a, dir_b, grader=grader,
                                                               reference_run=reference_run, seed=seed)  # fmt: skip
        else:
            # Nothing to ask a server: no client (and no API key) needed.
            comparison = compare(dir_a, dir_b, grader=grader, reference_run=reference_run, seed=seed)
    written = []
    if plot_path is not None:
        written.append(plot_comparison(comparison, plot_path))
    if html_path is not None:
        written.append(write_html(comparison, html_path))
    if as_json:
        print_json({**comparison.to_dict(), "written": [str(p) for p in written]})
        return
    for part in comparison_view(comparison):
        show(part)
    for path in written:
        click.echo(f"wrote {path}")


@eval_group.command("promptfoo")
@click.argument("directories", nargs=-1, required=True, type=_run_dir)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("promptfooconfig.yaml"),
    show_default=True, help="The configuration to write (its prompt and python assertions go beside it).",
)  # fmt: skip
@click.option("--grader", "grader_path", type=_grader_file, help="The grader to map (default: the first run's).")
@json_option
def promptfoo_command(directories: Sequence[Path], output: Path, grader_path: Path | None, as_json: bool) -> None:
    """Write a Promptfoo configuration from recorded runs: a provider per run, a test per example,
    the grader as assertions where a mapping exists (what has none is listed)."""
    from ..evaluation import write_promptfoo

    with _library_usage():
        export = write_promptfoo(list(directories), output, grader=_grader_option(grader_path))
    if as_json:
        print_json(export.to_dict())
        return
    click.echo(f"wrote {export.config} ({export.tests} tests, {len(directories)} providers)")
    for path in export.files:
        click.echo(f"wrote {path}")
    for line in export.mapped:
        click.echo(f"mapped {line}")
    for line in export.unmapped:
        click.echo(f"no mapping: {line}", err=True)


@eval_group.command("samples")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--held-out", type=click.IntRange(1, 75), default=50, show_default=True,
              help="Held-out examples to write.")  # fmt: skip
@json_option
def samples_command(directory: Path, held_out: int, as_json: bool) -> None:
    """Write sample evaluation data to DIRECTORY: train.jsonl to fine-tune on, heldout.jsonl from
    the same distribution, grader.json (how close an answer is to the reference)."""
    from ._samples import write_eval_samples

    files = write_eval_samples(directory, held_out)
    found = {"training": str(files.training), "training_examples": files.training_examples,
             "held_out": str(files.held_out), "held_out_examples": files.held_out_examples,
             "grader": str(files.grader)}  # fmt: skip
    if as_json:
        click.echo(json.dumps(found, indent=2))
        return
    click.echo(f"wrote {files.training} ({files.training_examples} examples), {files.held_out}"
               f" ({files.held_out_examples} examples) and {files.grader}")  # fmt: skip
