"""Every shell example of README.md and docs/*.md runs as written, so no example can drift.

Each ```sh (or bare ```) block is read as a small script: its ``ftkit ...`` lines run through the
real command line (``ftkit.cli.cli``, in-process, as the ``ftkit`` entry point calls it), one
block after another, in one working directory per document; ``export`` lines set the
environment of the lines after them in their block; ``| jq ...`` pipes into jq, ``python3 -c``
runs, ``> FILE`` writes the output to FILE, ``VAR=$(...)`` and ``"$VAR"`` work as in a shell.
Every line must exit 0 without an ``ftkit: error:``.

What a line names is filled from a prepared emulator state (the ``World``): two served
emulators (OpenAI's API and Azure OpenAI's), finished jobs with events and checkpoints (one on
Azure, whose model the deployment lines deploy), a job still running (for pause, resume and
cancel), an uploaded file, and local files (``train.jsonl``
and its siblings, written in the format of the line's ``--method``; the evaluation's sample
``heldout.jsonl`` and ``grader.json``, and a recorded run of a base model, ``runs/base``). Placeholders
(``ftjob-abc123``, ``file-abc123``, ``--base-url ...``, ``MODEL``, ...) become those real
names; a synopsis line (``[--limit 20 | --all]``) runs twice, bare and with every option (the
first alternative of each). ``ftkit emulator serve ... &`` lines start the real server (a
subprocess, on a free port) and are checked to answer and stop on SIGTERM; the port they name
stands, for the rest of their block, for the shared emulator of their flavour.

The Azure lines reach Resource Manager at the Azure emulator (``AZURE_MANAGEMENT_ENDPOINT``),
name the account the documents' endpoint names (``AZURE_OPENAI_ACCOUNT``: the emulator's
address names none), and ``--azure-ad`` gets its tokens offline: azure-identity's
``DefaultAzureCredential`` finds a managed identity's token endpoint (App Service's
``IDENTITY_ENDPOINT`` and ``IDENTITY_HEADER``) served by this test (``TokenServer``).

A line this test cannot run offline goes in ``NOT_RUN`` with the reason; none does today.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import ftkit
import httpx
import pytest
from click.testing import CliRunner, Result
from ftkit.cli import cli
from ftkit.cli._samples import write_eval_samples, write_samples
from ftkit.emulator import Emulator, EmulatorServer

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: Emulated seconds per real second of the served emulators: a default job ends in a fraction
#: of a second, while the running job (25,000 steps) stays running for over a minute.
SPEED = 300.0
KEY = "sk-docs-example"
#: The account the documents' endpoint (https://my-resource.openai.azure.com) names.
ACCOUNT = "my-resource"

#: Lines (as written, comments included) that cannot run offline, with the reason.
NOT_RUN: dict[str, str] = {}


# -- reading the documents ------------------------------------------------------------------------


@dataclass
class Line:
    """One shell line of a document (continuation lines joined), its comment removed."""

    doc: str
    number: int
    text: str
    written: str  # as in the document

    def __str__(self) -> str:
        return f"{self.doc}:{self.number}: {self.written}"


def _strip_comment(text: str) -> str:
    """``text`` without a trailing ``# comment`` (a ``#`` inside quotes is kept)."""
    quote = None
    for i, char in enumerate(text):
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "#" and (i == 0 or text[i - 1].isspace()):
            return text[:i].rstrip()
    return text.rstrip()


def shell_blocks(path: Path) -> list[list[Line]]:
    """The ```sh and bare ``` blocks of ``path``, each as its lines (continuations joined)."""
    text = path.read_text(encoding="utf-8").splitlines()
    blocks: list[list[Line]] = []
    i = 0
    while i < len(text):
        fence = re.fullmatch(r"(\s*)```(\w*)\s*", text[i])
        if not fence:
            i += 1
            continue
        indent, language = fence.group(1), fence.group(2)
        body_start = i + 1
        end = body_start
        while end < len(text) and text[end].strip() != "```":
            end += 1
        if language in ("sh", ""):
            lines: list[Line] = []
            j = body_start
            while j < end:
                start, written = j, text[j][len(indent) :] if text[j].startswith(indent) else text[j].lstrip()
                while written.endswith("\\") and j + 1 < end:
                    j += 1
                    written = written[:-1] + " " + text[j].strip()
                lines.append(Line(path.name, start + 1, _strip_comment(written), written))
                j += 1
            blocks.append(lines)
        i = end + 1
    return blocks


def _command_words(text: str) -> list[str]:
    """The first word of each command of a line: ``a | b``, ``x=$(c ...)``, ``p && q``."""
    words = []
    for part in re.split(r"\||&&|;|\$\(", text):
        part = part.strip().lstrip("(")
        if part:
            words.append(part.split()[0])
    return words


def is_ftkit_line(line: Line) -> bool:
    """A line that runs ftkit: ``ftkit ...`` or ``python -m ftkit....`` as one of its commands."""
    if re.search(r"\bpython3? -m ftkit\b", line.text):
        return True
    return "ftkit" in _command_words(line.text)


def ftkit_lines() -> list[Line]:
    return [line for path in DOCUMENTS for block in shell_blocks(path) for line in block if is_ftkit_line(line)]


# -- the prepared state ---------------------------------------------------------------------------


class TokenServer:
    """A managed identity's token endpoint as App Service serves it (``GET ?api-version=2019-08-01
    &resource=...`` with the ``X-IDENTITY-HEADER`` secret, answered ``access_token`` and
    ``expires_on``), so that ``--azure-ad`` (``DefaultAzureCredential``) gets tokens offline; it
    keeps the resources it was asked tokens for."""

    SECRET = "docs-identity-header"

    def __init__(self) -> None:
        self.resources: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                query = httpx.URL(self.path).params
                known = self.headers.get("X-IDENTITY-HEADER") == TokenServer.SECRET and "resource" in query
                if known:
                    server.resources.append(query["resource"])
                token = {"access_token": f"docs-token-{len(server.resources)}", "token_type": "Bearer",
                         "expires_on": str(int(time.time()) + 3600), "resource": query.get("resource")}  # fmt: skip
                body = json.dumps(token if known else {"error": "unknown identity header"}).encode()
                self.send_response(200 if known else 401)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)
        self._thread.start()

    @property
    def environ(self) -> dict[str, str]:
        """What tells ``DefaultAzureCredential`` to ask this server (App Service's variables)."""
        return {"IDENTITY_ENDPOINT": f"http://127.0.0.1:{self._http.server_port}/token",
                "IDENTITY_HEADER": self.SECRET}  # fmt: skip

    def close(self) -> None:
        self._http.shutdown()
        self._http.server_close()
        self._thread.join()


@dataclass
class World:
    """Two served emulators and the objects the examples name."""

    openai: EmulatorServer
    azure: EmulatorServer
    tokens: TokenServer  # --azure-ad's managed identity
    azure_model: str  # the fine-tuned model of a finished job on the Azure emulator
    job: str  # finished, with validation, events and checkpoints
    other_job: str  # finished
    disposable: list[str]  # finished jobs whose fine-tuned models the examples may delete
    long_file: str  # a training file of 25,000 steps (500 examples, 50 epochs of one): over a minute
    file: str  # uploaded, used by no job
    event: str  # an early event of `job`
    checkpoint: str  # a checkpoint of `job`
    evaluation: Path  # heldout.jsonl and grader.json, and runs/base: the base model's answers recorded
    servers: list[tuple[Line, subprocess.Popen[bytes], Path]] = field(default_factory=list)
    running: str | None = None

    def controlled_job(self) -> str:
        """The job pause, resume and cancel act on: made running when the first of them needs it."""
        if self.running is None:
            with ftkit.Client(api_key=KEY, base_url=self.openai.base_url) as client:
                method = ftkit.Method.supervised(n_epochs=50, batch_size=1)
                job = client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=self.long_file, method=method)
            self.openai.emulator.run_until(job.id, "running")
            self.running = job.id
        return self.running

    def fine_tuned_model(self) -> str:
        """A fine-tuned model of a disposable job that still exists."""
        listed = {m["id"] for m in self.get(self.openai, "/models")["data"]}
        for job_id in self.disposable:
            name = self.get(self.openai, f"/fine_tuning/jobs/{job_id}")["fine_tuned_model"]
            if name in listed:
                return str(name)
        raise AssertionError("more model deletions in the documents than disposable jobs: add one to the World")

    def job_model(self) -> str:
        return str(self.get(self.openai, f"/fine_tuning/jobs/{self.job}")["fine_tuned_model"])

    def permission(self) -> str:
        found = self.get(self.openai, f"/fine_tuning/checkpoints/{self.checkpoint}/permissions")["data"]
        assert found, "a permission is deleted before one is created"
        return str(found[0]["id"])

    @staticmethod
    def get(server: EmulatorServer, path: str) -> Any:
        with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {KEY}"}) as http:
            answer = http.get(path)
            assert answer.status_code == 200, answer.text
            return answer.json()


def _prepare(openai: EmulatorServer, azure: EmulatorServer, tokens: TokenServer, directory: Path) -> World:
    emulator = openai.emulator
    samples = write_samples("supervised", directory)
    with ftkit.Client(api_key=KEY, base_url=openai.base_url) as client:
        train = client.files.upload(samples.training).id
        valid = client.files.upload(samples.validation).id
        supervised = ftkit.Method.supervised(n_epochs=3)

        def finished(validation: str | None = None) -> str:
            job = client.jobs.create(
                model="gpt-4o-mini-2024-07-18", training_file=train, validation_file=validation, method=supervised
            )
            emulator.run_until(job.id)
            return job.id

        job = finished(valid)
        other, disposable = finished(), [finished() for _ in range(3)]
        many = directory / "many.jsonl"
        chats = [[{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": f"a{i}"}] for i in range(500)]
        many.write_text("".join(json.dumps({"messages": chat}) + "\n" for chat in chats), encoding="utf-8")
        long_file = client.files.upload(many).id
        standalone = client.files.upload(samples.training).id
        events = list(client.jobs.events(job, limit=100))
        checkpoints = list(client.jobs.checkpoints(job))
        evaluation = directory / "evaluation"
        files = write_eval_samples(evaluation)
        client.evaluation.run(files.held_out, model="gpt-4o-mini-2024-07-18", out=evaluation / "runs" / "base")
    with ftkit.AzureClient(azure_endpoint=azure.endpoint, api_key=KEY) as on_azure:
        azure_job = on_azure.jobs.create_from_files(
            model="gpt-4o-mini-2024-07-18", training_file=samples.training, training_type="standard"
        )
        azure.emulator.run_until(azure_job.id)
        azure_model = str(on_azure.jobs.retrieve(azure_job.id).fine_tuned_model)
    return World(
        evaluation=evaluation,
        openai=openai,
        azure=azure,
        tokens=tokens,
        azure_model=azure_model,
        job=job,
        other_job=other,
        disposable=disposable,
        long_file=long_file,
        file=standalone,
        event=events[-1].id,
        checkpoint=str(checkpoints[-1].fine_tuned_model_checkpoint),
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    openai_emulator, azure_emulator = Emulator(speed=SPEED, seed=5), Emulator(speed=SPEED, seed=6, flavor="azure")
    tokens = TokenServer()
    with openai_emulator.serve() as openai, azure_emulator.serve() as azure:
        prepared = _prepare(openai, azure, tokens, tmp_path_factory.mktemp("prepared"))
        try:
            yield prepared
        finally:
            stop_servers(prepared)
    tokens.close()
    openai_emulator.close()
    azure_emulator.close()


# -- running a line -------------------------------------------------------------------------------


def _method_of(text: str) -> str:
    found = re.search(r"--method[ =](\w+)", text)
    return found.group(1) if found else "supervised"


def write_local_files(directory: Path, method: str, evaluation: Path, *, recorded: bool) -> None:
    """The files the examples name, ``train.jsonl`` and ``valid.jsonl`` in ``method``'s format;
    with ``recorded``, ``runs/base`` (for a document that compares with a run it does not make)."""
    for name in ("heldout.jsonl", "grader.json"):
        shutil.copyfile(evaluation / name, directory / name)
    if recorded and not (directory / "runs" / "base").exists():
        shutil.copytree(evaluation / "runs" / "base", directory / "runs" / "base")
    samples = write_samples(method, directory)
    write_samples("dpo", directory / "dpo")
    rft = write_samples("reinforcement", directory / "rft")
    shutil.copyfile(directory / "dpo" / "train.jsonl", directory / "pairs.jsonl")
    shutil.copyfile(rft.training, directory / "rft.jsonl")
    assert rft.grader is not None
    grader = rft.grader
    (directory / "grader.yaml").write_text("".join(f"{k}: {json.dumps(v)}\n" for k, v in grader.items()))
    (directory / "item.json").write_text(json.dumps({"answer": "Paris"}))
    shutil.copyfile(samples.training, directory / "big.jsonl")


def expand_synopsis(text: str) -> list[str]:
    """A synopsis line's runs: bare, and with every optional part (each group's first alternative)."""
    if "[" not in text or "'" in text or '"' in text:
        return [text]
    bare = re.sub(r"\s*\[[^\]]*\]", "", text)
    full = re.sub(r"\[([^\]|]*)(\|[^\]]*)?\]", lambda m: m.group(1).strip(), text)
    full = re.sub(r"\s+\.\.\.(?=\s|$)", "", full)  # "--jobs ID ..."
    return [bare, " ".join(full.split())]


@dataclass
class Block:
    """The state of one block being run: its environment, variables and port bindings."""

    world: World
    directory: Path
    env: dict[str, str | None]
    recorded: bool  # whether runs/base is given (the document records none itself)
    variables: dict[str, str] = field(default_factory=dict)
    ports: dict[str, EmulatorServer] = field(default_factory=dict)

    def fill(self, text: str) -> str:
        """``text`` with its variables' values, and its placeholders replaced by the prepared state's names."""
        for name, value in self.variables.items():
            text = text.replace(f"${name}", value)
        world = self.world
        control = re.search(r"\bjobs (pause|resume|cancel)\b", text) is not None
        replacements: list[tuple[str, Callable[[re.Match[str]], str]]] = [
            (r"\bftjob-abc123\b|\bftjob-abc\b|\bJOB\b|(?<=--jobs )ID\b",
             lambda _: world.controlled_job() if control else world.job),
            (r"\bftjob-def\b", lambda _: world.other_job),
            (r"\bfile-abc123\b", lambda _: world.file),
            (r"\bftevent-xyz\b", lambda _: world.event),
            (r"ft:[\w.-]+:org::abc:ckpt-step-100", lambda _: world.checkpoint),
            (r"\bcp_xyz\b", lambda _: world.permission()),
            (r"ft:[\w.-]+:my-org:bot:abc123|\bMODEL\b", lambda _: world.fine_tuned_model()),
            (r"ft:[\w.-]+:org::abc\b", lambda _: world.job_model()),
            (r"\b[\w.-]+\.ft-abc123\b", lambda _: world.azure_model),  # Azure's name of a fine-tuned model
            (r"\bmy-bot-deployment\b", lambda _: "gpt-4o-mini-2024-07-18"),  # an Azure deployment of that model
            (r"\bDIR\b", lambda _: "export-dir"),
            (r"\bNAME\b", lambda _: "gpt-4o-mini-2024-07-18"),
            (r"--base-url \.\.\.", lambda _: f"--base-url {world.openai.base_url}"),
            (r"\b(\w*KEY)=(sk-admin-)?\.\.\.", lambda m: f"{m.group(1)}={KEY}"),
            (r"https://my-resource\.openai\.azure\.com|(?<=--azure-endpoint )\.\.\.", lambda _: world.azure.endpoint),
        ]  # fmt: skip
        # First the ports the document names (the endpoints filled in below name real ports).
        text = re.sub(r"http://127\.0\.0\.1:(\d+)", lambda m: self.server_for(m.group(1)).endpoint, text)
        for pattern, fill in replacements:
            text = re.sub(pattern, fill, text)
        return text

    def server_for(self, port: str) -> EmulatorServer:
        return self.ports.get(port, self.world.openai)

    def run(self, line: Line) -> None:
        for variant in expand_synopsis(line.text):
            write_local_files(self.directory, _method_of(variant), self.world.evaluation, recorded=self.recorded)
            self.run_one(line, variant)

    def run_one(self, line: Line, text: str) -> None:
        if text.startswith("export "):
            for pair in shlex.split(self.fill(text))[1:]:
                name, _, value = pair.partition("=")
                self.env[name] = value
            return
        assignment = re.fullmatch(r"(\w+)=\$\((.*)\)", text)
        if assignment:
            value = self.pipeline(line, self.fill(assignment.group(2)))
            assert value.strip(), f"{line}: the command substitution gave nothing"
            self.variables[assignment.group(1)] = value.strip()
            return
        if re.search(r"\bemulator serve\b|-m ftkit\.emulator\b", text):
            self.serve(line, text)
            return
        self.pipeline(line, self.fill(text))

    def pipeline(self, line: Line, text: str) -> str:
        """Run ``a | b | ... [> FILE]``: ftkit in-process, jq and python3 as themselves,
        ``generate-data`` as sample data."""
        stages = [shlex.split(stage) for stage in _split_pipes(text)]
        target = None
        if len(stages[-1]) > 2 and stages[-1][-2] == ">":
            stages[-1], target = stages[-1][:-2], stages[-1][-1]
        data: str | None = None
        for words in stages:
            if words[0] == "generate-data":
                data = (self.directory / "train.jsonl").read_text(encoding="utf-8")
            elif words[0] == "ftkit":
                data = self.ftkit(line, words[1:], data)
            elif words[0] == "jq":
                data = jq(line, words[1:], data or "")
            elif words[0] in ("python", "python3"):
                done = subprocess.run([sys.executable, *words[1:]], input=data or "", capture_output=True, text=True,
                                      cwd=self.directory, timeout=60)  # fmt: skip
                assert done.returncode == 0, f"{line}: {shlex.join(words)} failed: {done.stderr}"
                data = done.stdout
            else:
                raise AssertionError(f"{line}: this test cannot run {words[0]!r}; add it, or the line to NOT_RUN")
        if target is not None:
            (self.directory / target).write_text(data or "", encoding="utf-8")
            return ""
        return data or ""

    def ftkit(self, line: Line, args: list[str], stdin: str | None) -> str:
        result = invoke(args, self.env, stdin if stdin is not None else "y\n")
        ran = f"{line}\n  ran: ftkit {shlex.join(args)}\n  exit {result.exit_code}\n{result.stderr}"
        assert result.exit_code == 0, ran
        assert "ftkit: error:" not in result.stderr and "Traceback" not in result.output, f"{line}\n{result.stderr}"
        return result.stdout

    def serve(self, line: Line, text: str) -> None:
        """Start the line's server on a free port (checked at the end), and bind its port to the shared one."""
        words = shlex.split(text.rstrip(" &"))
        port = words[words.index("--port") + 1]
        self.ports[port] = self.world.azure if "azure" in words else self.world.openai
        words[words.index("--port") + 1] = "0"
        module = ["-m", "ftkit.emulator"] if words[0].startswith("python") else ["-m", "ftkit.cli"]
        arguments = words[3:] if words[0].startswith("python") else words[1:]
        log = self.directory / f"serve-{len(self.world.servers)}.log"
        with log.open("wb") as stderr:
            process = subprocess.Popen(
                [sys.executable, *module, *arguments],
                stderr=stderr,
                stdout=subprocess.DEVNULL,
                env={k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_"))},
            )
        self.world.servers.append((line, process, log))


def _split_pipes(text: str) -> list[str]:
    """``text`` split at each ``|`` outside quotes."""
    parts, current, quote = [], "", None
    for char in text:
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "|":
            parts.append(current)
            current = ""
            continue
        current += char
    return [*parts, current]


def invoke(args: list[str], env: dict[str, str | None], stdin: str) -> Result:
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        runner = CliRunner()
    return runner.invoke(cli, args, input=stdin, env=env, catch_exceptions=True)


def jq(line: Line, args: list[str], data: str) -> str:
    if shutil.which("jq") is None:
        # No jq on this machine: the ftkit part ran; its output must at least be JSON (or JSON lines).
        try:
            json.loads(data)
        except ValueError:
            [json.loads(text) for text in data.splitlines() if text.strip()]
        return data
    done = subprocess.run(["jq", *args], input=data, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, f"{line}: jq {shlex.join(args)} failed: {done.stderr}\ninput: {data[:500]}"
    return done.stdout


def check_servers(world: World) -> None:
    """Each ``emulator serve`` line started a server that answered, and SIGTERM stopped it cleanly."""
    for line, process, log in world.servers:
        deadline, url = time.monotonic() + 30, None
        while url is None and process.poll() is None and time.monotonic() < deadline:
            found = re.search(r"serving at (http://\S+)", log.read_text(errors="replace"))
            url = found.group(1) if found else None
            time.sleep(0.05)
        assert url is not None, f"{line}: the server did not start ({process.poll()=}): {log.read_text()}"
        answer = httpx.get(url + "/models", headers={"Authorization": "Bearer k", "api-key": "azure-key"},
                           params={"api-version": "2024-10-21"} if "/openai" in url else None, timeout=10)  # fmt: skip
        assert answer.status_code < 500 and answer.headers["content-type"].startswith("application/json"), line
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0, f"{line}: exit {process.returncode}: {log.read_text()}"


def stop_servers(world: World) -> None:
    """Stop whatever server a failed test left running."""
    for _, process, _ in world.servers:
        if process.poll() is None:
            process.kill()
            process.wait()
    world.servers.clear()


# -- the tests ------------------------------------------------------------------------------------


def test_the_documents_have_shell_examples_and_not_run_lists_only_real_lines() -> None:
    lines = ftkit_lines()
    assert len(lines) > 60, "the reader lost the documents' examples"
    written = {line.written.strip() for line in lines}
    assert not set(NOT_RUN) - written, "NOT_RUN names lines the documents no longer have"
    replay = [line for line in lines if line.doc == "README.md" and "jobs replay" in line.text]
    assert replay and all(line.text.startswith("ftkit --base-url") for line in replay)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_shell_example_runs(
    document: Path, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the demo's default output directory
    base_env: dict[str, str | None] = {
        name: None for name in os.environ if name.startswith(("OPENAI_", "AZURE_", "IDENTITY_", "MSI_", "FTKIT_"))
    }
    base_env.update({"OPENAI_BASE_URL": world.openai.base_url, "XDG_CACHE_HOME": str(tmp_path / "cache")})
    # Azure Resource Manager is the Azure emulator; --azure-ad's credential is the test's managed identity.
    base_env.update({"AZURE_MANAGEMENT_ENDPOINT": world.azure.endpoint, "AZURE_OPENAI_ACCOUNT": ACCOUNT})
    base_env.update(world.tokens.environ)
    asked = len(world.tokens.resources)
    # The lines that run an in-process emulator (--emulator, demo --flavor azure) run it faster.
    base_env.update({"FTKIT_EMULATOR_SPEED": "400", "FTKIT_DEMO_SPEED": "400"})
    # Every --poll-interval (jobs, deployments, checkpoint copies) polls the fast emulators fast.
    base_env["FTKIT_POLL_INTERVAL"] = "0.05"
    ran = 0
    try:
        for lines in shell_blocks(document):
            block = Block(world, tmp_path, dict(base_env), recorded="--out runs/base" not in document.read_text())
            for line in lines:
                if line.written.strip() in NOT_RUN:
                    continue
                if is_ftkit_line(line) or line.text.startswith("export ") or re.match(r"\w+=\$\(", line.text):
                    block.run(line)
                    ran += is_ftkit_line(line)
        check_servers(world)
    finally:
        stop_servers(world)
    expected = sum(1 for line in ftkit_lines() if line.doc == document.name and line.written.strip() not in NOT_RUN)
    assert ran == expected
    if any("--azure-ad" in line.text for line in ftkit_lines() if line.doc == document.name):
        # Its tokens came from DefaultAzureCredential, for both planes.
        scopes = set(world.tokens.resources[asked:])
        assert scopes >= {"https://cognitiveservices.azure.com", "https://management.azure.com"}, scopes
