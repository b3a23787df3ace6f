"""The command line's errors and exit codes: an unreachable server, a closed pipe, options
in the wrong place, log levels, the key."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import ftkit
import pytest
from click.testing import CliRunner, Result
from ftkit.cli import cli
from ftkit.cli._env import EXIT_UNREACHABLE, Env
from ftkit.cli._samples import write_samples
from ftkit.emulator import Emulator, EmulatorServer

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def no_openai_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OPENAI_ADMIN_KEY"):
        monkeypatch.delenv(name, raising=False)


def invoke(*args: str) -> Result:
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        runner = CliRunner()
    return runner.invoke(cli, list(args), catch_exceptions=True)


def one_line(result: Result) -> str:
    lines = [line for line in result.stderr.strip().splitlines() if line.startswith("ftkit: error:")]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


def closed_port() -> str:
    """A local URL nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


@pytest.fixture
def emulator() -> Emulator:
    return Emulator(clock="manual", seed=0)


@pytest.fixture
def server(emulator: Emulator) -> Iterator[EmulatorServer]:
    with emulator.serve() as served:
        yield served


# -- an unreachable server has its own exit code ----------------------------------------------------------


def test_an_unreachable_server_exits_3() -> None:
    result = invoke("--base-url", closed_port(), "--api-key", "sk-x", "jobs", "list")
    assert result.exit_code == EXIT_UNREACHABLE == 3
    assert "could not reach the server" in one_line(result)


def test_a_server_that_fails_with_5xx_exits_3(server: EmulatorServer, emulator: Emulator) -> None:
    emulator.inject("GET /fine_tuning/jobs", status=503, retry_after=0.001)
    result = invoke("--base-url", server.base_url, "jobs", "list")
    assert result.exit_code == 3 and "503" in one_line(result)


def test_a_refusal_is_still_exit_1(server: EmulatorServer) -> None:
    result = invoke("--base-url", server.base_url, "jobs", "get", "ftjob-missing")
    assert result.exit_code == 1


def test_a_job_refused_after_its_uploads_says_they_are_kept_and_how_to_use_them(
    server: EmulatorServer, emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_samples("supervised", tmp_path)
    refusal = emulator.inject("POST /fine_tuning/jobs", status=400, times=1)
    create = ("--base-url", server.base_url, "jobs", "create", "--model", "gpt-4o-mini-2024-07-18")
    result = invoke(*create, "-t", "train.jsonl", "-v", "./valid.jsonl")
    assert result.exit_code == 1 and refusal.fired == 1
    assert "400" in one_line(result)
    client = ftkit.Client(base_url=server.base_url, api_key="sk-emulator")
    ids = {file.filename: file.id for file in client.files.list()}
    assert sorted(ids) == ["train.jsonl", "valid.jsonl"]  # both uploaded, neither deleted
    hint = result.stderr.strip().splitlines()[-1]
    again = f"--training-file {ids['train.jsonl']} --validation-file {ids['valid.jsonl']}"
    assert hint.startswith("The uploads are kept (train.jsonl as file-") and again in hint
    assert f"ftkit --base-url {server.base_url} files delete {ids['valid.jsonl']}" in hint
    # The suggested command creates the job from the uploads, uploading nothing again.
    done = invoke(*create, *again.split())
    assert done.exit_code == 0, done.stderr
    assert len(list(client.files.list())) == 2 and emulator.request_count("POST /files") == 2
    assert [job.training_file for job in client.jobs.list()] == [ids["train.jsonl"]]


def test_a_job_refused_with_nothing_uploaded_gets_no_upload_hint(server: EmulatorServer, emulator: Emulator) -> None:
    emulator.inject("POST /fine_tuning/jobs", status=400, times=1)
    result = invoke("--base-url", server.base_url, "jobs", "create", "--model", "gpt-4o-mini-2024-07-18",
                    "-t", "file-abc")  # fmt: skip
    assert result.exit_code == 1 and "400" in one_line(result) and "uploads" not in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["jobs", "wait", "ftjob-1"],
        ["--azure-endpoint", "http://127.0.0.1:9", "azure", "deployments", "create", "bot", "--model", "m"],
        ["--azure-endpoint", "http://127.0.0.1:9", "checkpoints", "copy", "ftjob-1", "ftchkpt-1",
         "--destination", "/subscriptions/s", "--region", "r"],
    ],
)  # fmt: skip
def test_ftkit_poll_interval_sets_every_poll_interval(command: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # Read (and checked) before anything is sent: a bad value is a usage error naming the option.
    monkeypatch.setenv("FTKIT_POLL_INTERVAL", "soon")
    result = invoke(*command)
    assert result.exit_code == 2 and "--poll-interval" in result.stderr and "soon" in result.stderr
    monkeypatch.setenv("FTKIT_POLL_INTERVAL", "0")
    assert invoke(*command).exit_code == 2  # the option's own range


def test_wait_gives_up_after_its_patience_with_exit_3(tmp_path: Path, real_sleeps: list[float]) -> None:
    emulator = Emulator(clock="manual", seed=0)
    write_samples("supervised", tmp_path)
    with emulator.serve() as served:
        created = invoke("--base-url", served.base_url, "jobs", "create", "--model", "gpt-4o-mini",
                         "-t", str(tmp_path / "train.jsonl"), "--json")  # fmt: skip
        assert created.exit_code == 0, created.output
        base_url = served.base_url
    # The server is gone: the wait keeps trying for --patience seconds, then says so.
    started = time.monotonic()
    result = invoke("--base-url", base_url, "jobs", "wait", "ftjob-any", "--patience", "1", "--poll-interval", "0.1")
    assert result.exit_code == 3, result.output
    assert "could not reach the server" in one_line(result)
    assert time.monotonic() - started >= 1.0  # its patience (a busy machine only adds to it)
    # Patience runs on the real clock, so a busy machine only shortens what it sleeps: about 2.5 s
    # here (1 s of patience, and each attempt's own retries), never an endless wait.
    assert sum(real_sleeps) < 10, real_sleeps


def test_patience_is_checked() -> None:
    result = invoke("--emulator", "jobs", "wait", "ftjob-1", "--patience", "-1")
    assert result.exit_code == 2 and "--patience" in one_line(result)


# -- a closed pipe ------------------------------------------------------------------------------------------


def environment() -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "ergonomic"), str(ROOT / "generated"), env.get("PYTHONPATH", "")])
    return env


@pytest.mark.parametrize(
    "args", [["--emulator", "jobs", "list"], ["--help"], ["jobs", "--help"], ["--emulator", "files", "list", "--json"]]
)
def test_a_closed_pipe_exits_0_quietly(args: list[str]) -> None:
    # `ftkit jobs list | head -1`, with a reader that left before the first line.
    process = subprocess.Popen([sys.executable, "-m", "ftkit.cli", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=environment())  # fmt: skip
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0 and err == b"", err


# -- options in the wrong place, log levels ---------------------------------------------------------------


@pytest.mark.parametrize("option", ["--base-url", "--api-key", "--emulator", "--debug", "--log-level"])
def test_a_global_option_after_the_command_says_to_put_it_before(option: str) -> None:
    result = invoke("jobs", "list", option, "x")
    assert result.exit_code == 2
    line = one_line(result)
    assert f"{option} is an option of ftkit itself: put it before the command" in line


def test_an_unknown_option_of_a_command_is_still_a_plain_usage_error() -> None:
    result = invoke("jobs", "list", "--bogus")
    assert result.exit_code == 2 and "No such option" in one_line(result)


def test_a_bogus_log_level_is_a_usage_error() -> None:
    result = invoke("--log-level", "bogus", "jobs", "list")
    assert result.exit_code == 2 and "--log-level" in one_line(result)


def test_log_level_sends_ftkit_logs_to_stderr(server: EmulatorServer, emulator: Emulator) -> None:
    emulator.inject("GET /fine_tuning/jobs", status=500, retry_after=0.001, times=1)
    quiet = invoke("--base-url", server.base_url, "jobs", "list")
    assert quiet.exit_code == 0 and "retrying" not in quiet.stderr
    emulator.inject("GET /fine_tuning/jobs", status=500, retry_after=0.001, times=1)
    logged = invoke("--base-url", server.base_url, "--log-level", "DEBUG", "jobs", "list")
    assert logged.exit_code == 0 and "retrying GET" in logged.stderr


# -- the key ------------------------------------------------------------------------------------------------


def test_the_environment_object_never_shows_the_key() -> None:
    env = Env(api_key="sk-secret-123", base_url="https://api.openai.com/v1")
    assert "sk-secret-123" not in repr(env) and "sk-secret-123" not in str(env)


def test_api_key_on_the_command_line_warns_for_a_remote_server() -> None:
    result = invoke("--api-key", "sk-x", "--base-url", closed_port().replace("127.0.0.1", "localhost.invalid"),
                    "jobs", "get", "bad id")  # fmt: skip
    assert "--api-key is visible to other users of this machine" in result.stderr
    assert "OPENAI_API_KEY" in result.stderr


def test_api_key_for_a_server_on_this_machine_does_not_warn(server: EmulatorServer) -> None:
    result = invoke("--api-key", "sk-x", "--base-url", server.base_url, "jobs", "list")
    assert result.exit_code == 0 and "warning" not in result.stderr


@pytest.mark.parametrize("bad", ["ftjob abc", "ftjob-abc/../files", "ftjob-abc?limit=1", "ftjob-\x01"])
def test_an_id_that_would_change_the_url_is_refused_before_any_request(bad: str) -> None:
    emulator = Emulator()
    with emulator.serve() as server:
        result = invoke("--base-url", server.base_url, "--api-key", "sk-test", "jobs", "get", bad)
        assert result.exit_code == 2, result.output
        assert "job_id" in one_line(result)
        assert emulator.request_count() == 0


# -- the smaller ones (issue 22, item 5) ----------------------------------------------------------


def test_validate_warns_about_a_model_it_does_not_know(tmp_path: Path) -> None:
    write_samples("supervised", tmp_path)
    train = str(tmp_path / "train.jsonl")
    unknown = invoke("validate", train, "--model", "gpt-5-bogus", "--tokens", "estimate")
    assert unknown.exit_code == 0  # a warning: a model newer than ftkit may be fine-tunable
    assert "unknown_model" in unknown.stdout and "'gpt-5-bogus' is not a model ftkit knows" in unknown.stdout
    for known in ("gpt-4o-mini-2024-07-18", "ft:gpt-4o-mini-2024-07-18:acme::abc", "gpt-35-turbo-0125"):
        result = invoke("validate", train, "--model", known, "--tokens", "estimate")
        assert result.exit_code == 0 and "unknown_model" not in result.stdout, known


@pytest.mark.parametrize("url", ["not-a-url", "ftp://example.com/v1", "http:///v1"])
def test_a_bad_base_url_without_a_key_names_the_url(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke("--base-url", url, "jobs", "list")
    assert result.exit_code == 2
    line = one_line(result)
    assert "--base-url" in line and "not an http:// or https:// URL" in line and "key" not in line
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    assert "OPENAI_BASE_URL" in one_line(invoke("jobs", "list"))


def test_a_401_to_the_placeholder_key_says_no_key_was_given() -> None:
    with Emulator(clock="manual", api_key="sk-the-right-one").serve() as served:
        result = invoke("--base-url", served.base_url, "jobs", "list")
        assert result.exit_code == 1
        line = one_line(result)
        assert "no API key was given" in line and "placeholder" in line and "OPENAI_API_KEY" in line
        # A key the user gave is theirs to get right: the server's words stand.
        wrong = invoke("--base-url", served.base_url, "--api-key", "sk-wrong", "jobs", "list")
        assert wrong.exit_code == 1 and "placeholder" not in one_line(wrong)
        assert "401" in one_line(wrong)


def test_a_confirmation_answered_no_or_never_says_so(server: EmulatorServer) -> None:
    def delete(answer: str) -> Result:
        try:
            runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
        except TypeError:
            runner = CliRunner()
        args = ["--base-url", server.base_url, "models", "delete", "ft:gpt-4o-mini-2024-07-18:org::x"]
        return runner.invoke(cli, args, input=answer)

    ended = delete("")  # end of input, no answer
    assert ended.exit_code == 1, ended.stderr
    assert "not deleted: no answer (end of input)" in one_line(ended) and "interrupted" not in ended.stderr
    declined = delete("n\n")
    assert declined.exit_code == 1 and "not deleted: you answered no" in one_line(declined)
    asked_again = delete("maybe\nn\n")
    assert asked_again.exit_code == 1 and "Answer y or n." in asked_again.stderr
    assert server.emulator.request_count("DELETE /models/{model}") == 0


def test_archive_errors_name_the_option_and_the_argument(server: EmulatorServer, tmp_path: Path) -> None:
    write_samples("supervised", tmp_path)
    train = str(tmp_path / "train.jsonl")
    invoke("--base-url", server.base_url, "jobs", "create", "--model", "gpt-4o-mini", "-t", train)
    assert invoke("--base-url", server.base_url, "export", str(tmp_path / "backup")).exit_code == 0
    for command in (["jobs", "replay"], ["jobs", "metrics"]):
        missing = invoke(*command, "ftjob-nope", "--archive", str(tmp_path / "backup"))
        assert missing.exit_code == 2 and "Invalid value for JOB_ID" in one_line(missing)
        not_an_export = invoke(*command, "ftjob-nope", "--archive", str(tmp_path))
        assert not_an_export.exit_code == 2 and "Invalid value for --archive" in one_line(not_an_export)


def test_the_watch_hint_keeps_the_server_and_counts_read_right(server: EmulatorServer, tmp_path: Path) -> None:
    write_samples("supervised", tmp_path)
    train = str(tmp_path / "train.jsonl")
    created = invoke("--base-url", server.base_url, "jobs", "create", "--model", "gpt-4o-mini", "-t", train)
    assert created.exit_code == 0, created.stderr
    job_id = invoke("--base-url", server.base_url, "jobs", "list", "--json").stdout.split('"id": "')[1].split('"')[0]
    hint = [line for line in created.stderr.splitlines() if line.startswith("Watch it:")]
    assert hint == [f"Watch it: ftkit --base-url {server.base_url} jobs follow {job_id}"]
    exported = invoke("--base-url", server.base_url, "export", str(tmp_path / "backup"))
    assert exported.stdout.startswith("Exported 1 job to "), exported.stdout
    assert "; 1 file, " in exported.stdout  # the job is still validating: no result file yet


def test_a_port_in_use_is_one_error_line(server: EmulatorServer) -> None:
    result = invoke("emulator", "serve", "--port", str(server.port))
    assert result.exit_code == 1
    line = one_line(result)
    assert f"cannot listen on 127.0.0.1:{server.port}" in line and "in use" in line


def test_the_in_process_emulators_speed_comes_from_the_environment_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FTKIT_EMULATOR_SPEED", "400")
    monkeypatch.setenv("FTKIT_DEMO_SPEED", "2000")
    context = cli.make_context("ftkit", ["--emulator", "jobs", "list"])
    assert context.params["emulator_speed"] == 400.0
    demo = invoke("demo", "--out", str(tmp_path))
    assert demo.exit_code == 0, demo.stderr
    assert "the emulator's clock runs 2000x fast" in demo.stdout
    assert "FTKIT_EMULATOR_SPEED" in invoke("--help").stdout
