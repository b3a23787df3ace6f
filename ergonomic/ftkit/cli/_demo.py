"""``ftkit demo``: a whole fine-tuning job, from sample data to a loss plot.

With no key and no ``--base-url`` it runs against an in-process emulator on a fast clock:
no network, nothing billed, a few seconds. ``--flavor azure`` runs it offline against the
emulator playing Azure OpenAI, through ``AzureClient``. With ``--base-url``, ``--api-key`` or
``OPENAI_API_KEY`` it does the same against that server, after saying what it is about to
do (and, for a server that is not on this machine, asking first: a real job costs money).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import attrs
import click
from rich.padding import Padding
from rich.text import Text

from .. import metrics as metrics_module
from .._checks import json_form
from ..client import DEFAULT_BASE_URL
from ..create import DataChecked, FileUploaded, Step
from ..errors import TrainingDataError
from ..grader_builders import as_grader
from ..methods import METHODS, Method
from ..watch import status_of
from ._env import EXIT_FAILED, Env, confirm, error_line, get_env, is_local
from ._render import console, details, json_option, print_json, show, size
from ._samples import DEFAULT_MODELS, write_samples
from ._views import summary_pairs
from ._watch import finish, make_display, watch_job

#: The servers the in-process emulator can play (``ftkit.emulator``'s flavours; named here so
#: the command line does not import the emulator before it runs).
FLAVORS = ("openai", "azure")
#: Emulated seconds per real second of the demo's emulator: its default job (36 steps,
#: about 50 emulated seconds) then takes about four.
DEMO_SPEED = 12.0
DEMO_EPOCHS = 3
DEMO_SUFFIX = "ftkit-demo"


class _Narrator:
    """The demo's running commentary: numbered steps on stdout, silent with ``--json``."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.number = 0

    def step(self, text: str) -> None:
        self.number += 1
        self.say(f"{self.number}. {text}", style="bold")

    def say(self, text: str, style: str = "") -> None:
        if not self.quiet:
            console().print(Text(text, style=style), soft_wrap=True)


@click.command("demo")
@click.option("--method", type=click.Choice(METHODS), default="supervised", show_default=True)
@click.option("--model", help="Base model (default: gpt-4o-mini-2024-07-18; o4-mini-2025-04-16 for reinforcement).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory for the sample data and the plot (default: a new temporary directory).",
)
@click.option(
    "--speed",
    type=click.FloatRange(min=0, min_open=True),
    default=DEMO_SPEED,
    show_default=True,
    envvar="FTKIT_DEMO_SPEED",
    show_envvar=True,
    help="Emulated seconds per real second of the in-process emulator.",
)
@click.option("--yes", "-y", is_flag=True, help="Do not ask before creating a job on a remote server.")
@click.option(
    "--flavor",
    type=click.Choice(FLAVORS),
    default=None,
    help="Run offline against the in-process emulator playing this server: openai, or azure (Azure OpenAI,"
    " through AzureClient).",
)
@json_option
def demo(
    method: str, model: str | None, out: Path | None, speed: float, yes: bool, flavor: str | None, as_json: bool
) -> None:
    """Run a whole fine-tuning job, offline by default.

    Writes sample data, validates and uploads it, creates the job, follows it, then prints
    the fine-tuned model and its metrics and writes a loss plot. With no key, against an
    in-process emulator (no network, a few seconds). With --base-url, --api-key or
    OPENAI_API_KEY set, against that server instead: a real server bills the job (it is
    small, but not free), so the demo asks first. --flavor azure runs offline against the
    emulator playing Azure OpenAI, through AzureClient.
    """
    started = time.monotonic()
    env = get_env()
    if flavor is not None:
        env.emulator, env.emulator_flavor = True, flavor
    remote_url = _remote_url(env)
    if remote_url is None:
        env.emulator, env.emulator_speed = True, speed
    on_azure = env.emulator_flavor == "azure" if remote_url is None else env.azure()
    model = model or DEFAULT_MODELS[method]
    say = _Narrator(quiet=as_json)
    # Built first (it sends nothing), so a missing key or a bad URL stops the demo at once.
    client = env.client()

    if remote_url is None:
        played = " of Azure OpenAI (AzureClient)" if on_azure else ""
        say.say(
            f"ftkit demo: {method} fine-tuning of {model} against an in-process emulator{played} "
            f"(no key, no network, nothing billed; the emulator's clock runs {speed:g}x fast)",
            style="bold cyan",
        )
    else:
        _confirm(remote_url, method, model, yes=yes, as_json=as_json)

    directory = out if out is not None else Path(tempfile.mkdtemp(prefix="ftkit-demo-"))
    say.step(f"Writing sample {method} data to {directory}")
    samples = write_samples(method, directory)
    say.say(
        f"   {samples.training.name}: {samples.training_examples} examples, "
        f"{samples.validation.name}: {samples.validation_examples} examples"
        + (f", {samples.grader_path.name}: a string_check grader" if samples.grader_path else "")
    )

    say.step("Validating it, uploading it and creating the job (client.jobs.create_from_files)")
    built: Any
    if method == "supervised":
        built = Method.supervised(n_epochs=DEMO_EPOCHS)
    elif method == "dpo":
        built = Method.dpo(n_epochs=DEMO_EPOCHS, beta=0.1)
    else:
        assert samples.grader is not None
        built = Method.reinforcement(as_grader(samples.grader), n_epochs=DEMO_EPOCHS)

    def narrate(step: Step) -> None:
        if isinstance(step, DataChecked):
            report = step.report
            estimated = " (estimated)" if report.tokens_estimated else ""
            say.say(
                f"   valid (the checks of `ftkit validate`): {report.stats.examples} training examples, "
                f"{report.stats.total_tokens:,} tokens{estimated}, {report.warning_total} warning(s)"
            )
        elif isinstance(step, FileUploaded):
            say.say(f"   uploaded {step.path.name} as {step.file.id} ({size(step.file.bytes_)})")

    try:
        job = client.jobs.create_from_files(
            model=model,
            training_file=samples.training,
            validation_file=samples.validation,
            method=built,
            suffix=DEMO_SUFFIX,
            # Azure OpenAI keeps no job metadata.
            metadata=None if on_azure else {"created_by": "ftkit demo"},
            # Azure OpenAI needs a training type: standard keeps the data in the resource's region.
            training_type="standard" if on_azure else None,
            # Offline means offline: no tokenizer download, estimated token counts instead.
            tokens="auto" if remote_url else "estimate",
            on_step=narrate,
        )
    except TrainingDataError as exc:
        click.echo(exc.report.to_text(), err=True)
        error_line(f"the sample data did not validate (a bug in ftkit: please report it): {exc}")
        raise click.exceptions.Exit(EXIT_FAILED) from None
    say.say(f"   {job.id}: {method}, n_epochs={DEMO_EPOCHS}, status {status_of(job)}")

    say.step("Following it until it ends (Ctrl-C stops watching, not the job)")
    display = make_display("quiet" if as_json else "auto", job.id, messages=True)
    final = watch_job(client, job.id, display, poll_interval=env.poll_interval(None))
    if status_of(final) != "succeeded":
        if as_json:
            print_json({"job": json_form(final)})
        finish(final, as_json=True)

    plotted = "mean reward" if method == "reinforcement" else "loss"
    say.step(f"Reading the metrics and plotting the {plotted}")
    rows = client.jobs.metrics(job.id)
    summary = metrics_module.summary(rows)
    plot_path: Path | None = directory / "loss.png"
    try:
        metrics_module.plot(rows, directory / "loss.png", title=f"{job.id} ({method}, {model})")
    except ImportError as exc:
        plot_path = None
        error_line(f"no plot: {exc}")

    answer: dict[str, Any] | None = None
    if on_azure and remote_url is None:
        # On Azure a fine-tuned model answers nothing until it is deployed (Azure Resource Manager,
        # played by the emulator too): deploy it, then ask it one line.
        from ._azure import first_answer
        from ._env import EMULATOR_POLL_INTERVAL

        say.step(f"Deploying {final.fine_tuned_model} (client.deployments.create, Azure Resource Manager)")
        deployment = client.deployments.create(  # type: ignore[attr-defined]
            DEMO_SUFFIX, model=str(final.fine_tuned_model), wait=True, poll_interval=EMULATOR_POLL_INTERVAL
        )
        say.say(f"   {deployment.name}: {deployment.provisioning_state}")
        say.step(f"Asking it (client.chat.completions.create, model={deployment.name!r})")
        answer = {"deployment": deployment.name, "answer": first_answer(client, deployment.name)}
        say.say(f"   {answer['answer']}")

    if as_json:
        print_json(
            {
                **({} if answer is None else answer),
                "job": json_form(final),
                "fine_tuned_model": final.fine_tuned_model,
                "summary": attrs.asdict(summary),
                "plot": None if plot_path is None else str(plot_path),
                "directory": str(directory),
                "emulated": remote_url is None,
                "server": "azure" if on_azure else "openai",
            }
        )
        return
    say.say("")
    say.say(f"Fine-tuned model: {final.fine_tuned_model}", style="bold green")
    if answer is not None:
        say.say(f"Deployed as {answer['deployment']}, it answers: {answer['answer']}", style="bold green")
    say.say("Metrics:")
    show(Padding(details(summary_pairs(summary)), (0, 0, 0, 2), expand=False))
    if plot_path is not None:
        say.say(f"{plotted.capitalize()} plot: {plot_path}")
    say.say(f"Done in {time.monotonic() - started:.1f} s.")
    say.say("")
    say.say("Next, the same with your own data (see docs/cli.md for every command):", style="bold")
    say.say(f"  ftkit validate {samples.training} --method {method}")
    grader = f" --grader {samples.grader_path}" if samples.grader_path else ""
    server = "--azure-endpoint https://YOUR-RESOURCE.openai.azure.com" if on_azure else "--emulator"
    azure_only = " --training-type standard" if on_azure else ""
    say.say(
        f"  ftkit {server} jobs create --model {model} --method {method} -t {samples.training} "
        f"-v {samples.validation}{grader}{azure_only} --wait"
    )


def _remote_url(env: Env) -> str | None:
    """The server the demo should use, or None for the in-process emulator."""
    if env.emulator:
        return None
    if env.azure():
        # Azure OpenAI, named by --azure-endpoint or AZURE_OPENAI_ENDPOINT.
        return str(env.azure_endpoint or os.environ.get("AZURE_OPENAI_ENDPOINT"))
    if env.base_url or os.environ.get("OPENAI_BASE_URL"):
        return str(env.base_url or os.environ.get("OPENAI_BASE_URL"))
    if env.api_key or os.environ.get("OPENAI_API_KEY"):
        return DEFAULT_BASE_URL
    return None


def _confirm(url: str, method: str, model: str, *, yes: bool, as_json: bool) -> None:
    """Say what the demo is about to do on a server; ask first unless it is on this machine."""
    plan = (
        f"ftkit demo will use the server at {url}: upload two small JSONL files, create a {method} "
        f"fine-tuning job of {model} ({DEMO_EPOCHS} epochs of 12 short examples), and watch it until it ends "
        "(on the real API that takes minutes to hours)."
    )
    local = is_local(url)
    if not local:
        plan += " The job is billed to the key's organization. Add --emulator to run offline instead."
    click.echo(plan, err=as_json)
    if local or yes:
        return
    if not sys.stdin.isatty():
        raise click.UsageError(f"not creating a billed job on {url} without --yes (or add --emulator to run offline)")
    answer = confirm("Go ahead?")
    if not answer:
        click.echo("Nothing was done." if answer is False else "Nothing was done (no answer: end of input).", err=True)
        raise click.exceptions.Exit(EXIT_FAILED)
