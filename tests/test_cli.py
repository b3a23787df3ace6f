"""The ``ftkit`` command through click's runner, against the emulator served over real HTTP.

Two emulators: ``server`` runs on a manual clock (a job moves only when the test calls
``advance``), for commands that read or change one state; ``fast_server`` runs on the wall
clock 500 times sped up (a default job takes about a tenth of a second), for the commands
that watch a job until it ends. A default job of ``train.jsonl`` (12 examples, 3 epochs,
36 steps) is validating until 4 s, queued until 10 s, trains a step a second from 13 s and
succeeds at 51 s of emulated time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result
from conftest_emulator import chat_line, jsonl
from ftkit.cli import cli
from ftkit.cli._samples import GRADER, write_samples
from ftkit.emulator import Emulator, EmulatorServer

KEY = "sk-cli-test"
DATA = Path(__file__).parent / "fixtures" / "data"
JOB_DONE = 60.0  # emulated seconds after which a default job has succeeded
RUNNING = 20.0  # emulated seconds after which it is training


@pytest.fixture(autouse=True)
def no_openai_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # A developer's own key or base URL must neither leak into these tests nor be used.
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def emulator() -> Emulator:
    return Emulator(clock="manual", seed=0)


@pytest.fixture
def server(emulator: Emulator) -> Iterator[EmulatorServer]:
    with emulator.serve() as served:
        yield served


@pytest.fixture
def fast_server() -> Iterator[EmulatorServer]:
    with Emulator(speed=500, seed=1).serve() as served:
        yield served


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    """A directory with the demo's supervised train.jsonl and valid.jsonl."""
    write_samples("supervised", tmp_path)
    return tmp_path


def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        runner = CliRunner()  # click 8.2+ keeps stderr apart by itself
    return runner.invoke(cli, list(args), env=env, input=input, catch_exceptions=True)


def api(server: EmulatorServer, *args: str, **kwargs: Any) -> Result:
    """Run ``ftkit`` against ``server``."""
    return invoke("--base-url", server.base_url, "--api-key", KEY, *args, **kwargs)


def json_of(result: Result) -> Any:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return json.loads(result.stdout)


def one_error_line(result: Result) -> str:
    """The error of a failed command: one ``ftkit: error:`` line, the last on stderr (progress
    notes such as "Uploaded ..." may come before it), and no traceback."""
    lines = result.stderr.strip().splitlines()
    assert lines and lines[-1].startswith("ftkit: error: "), result.stderr
    assert sum(line.startswith("ftkit: error:") for line in lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[-1]


def create(server: EmulatorServer, samples: Path, *extra: str) -> dict[str, Any]:
    args = ("jobs", "create", "--model", "gpt-4o-mini", "-t", str(samples / "train.jsonl"), "--json", "--n-epochs", "3")
    job: dict[str, Any] = json_of(api(server, *args, *extra))
    return job


# -- the command tree -----------------------------------------------------------------------------


def test_help_lists_every_command() -> None:
    top = invoke("--help")
    assert top.exit_code == 0
    for name in ("validate", "files", "jobs", "graders", "emulator", "demo"):
        assert name in top.stdout
    jobs = "create list get cancel pause resume events checkpoints follow wait metrics"
    expected = {
        "files": ("upload", "list", "get", "download", "delete"),
        "jobs": tuple(jobs.split()),
        "graders": ("validate", "run"),
        "emulator": ("serve",),
    }
    for group, commands in expected.items():
        shown = invoke(group, "--help")
        assert shown.exit_code == 0
        for command in commands:
            assert f"  {command} " in shown.stdout, (group, command)


def test_version() -> None:
    from ftkit import __version__

    result = invoke("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


def test_an_unknown_option_is_a_one_line_usage_error() -> None:
    result = invoke("jobs", "list", "--bogus")
    assert result.exit_code == 2
    assert "--bogus" in one_error_line(result)


def test_no_key_is_a_usage_error_that_says_where_a_key_comes_from() -> None:
    result = invoke("jobs", "list")
    assert result.exit_code == 2
    assert "OPENAI_API_KEY" in one_error_line(result)


def test_a_server_on_this_machine_needs_no_key(server: EmulatorServer) -> None:
    result = invoke("--base-url", server.base_url, "jobs", "list", "--json")
    assert json_of(result) == []


# -- validate -------------------------------------------------------------------------------------


def test_validate_exit_codes_and_json() -> None:
    valid = invoke("validate", str(DATA / "chat_valid.jsonl"), "--tokens", "estimate")
    assert valid.exit_code == 0 and "Result: valid" in valid.stdout
    invalid = invoke("validate", str(DATA / "chat_broken.jsonl"), "--tokens", "estimate", "--json")
    assert invalid.exit_code == 1
    assert json.loads(invalid.stdout)["valid"] is False
    missing = invoke("validate", "no-such-file.jsonl")
    assert missing.exit_code == 2
    shown = invoke("validate", "--help")
    assert shown.exit_code == 0 and "ftkit validate" in shown.stdout


# -- files ----------------------------------------------------------------------------------------


def test_files_upload_list_get_download_delete(server: EmulatorServer, samples: Path, tmp_path: Path) -> None:
    train = samples / "train.jsonl"
    uploaded = json_of(api(server, "files", "upload", str(train), "--json"))
    file_id = uploaded["id"]
    assert uploaded["filename"] == "train.jsonl" and uploaded["bytes"] == train.stat().st_size

    table = api(server, "files", "upload", str(samples / "valid.jsonl"))
    assert table.exit_code == 0 and "valid.jsonl" in table.stdout and "fine-tune" in table.stdout

    listed = api(server, "files", "list")
    assert listed.exit_code == 0 and file_id in listed.stdout
    assert [f["id"] for f in json_of(api(server, "files", "list", "--json"))][-1] == file_id
    assert len(json_of(api(server, "files", "list", "--limit", "1", "--json"))) == 1

    assert json_of(api(server, "files", "get", file_id, "--json"))["id"] == file_id
    assert "train.jsonl" in api(server, "files", "get", file_id).stdout

    out = tmp_path / "copy.jsonl"
    downloaded = api(server, "files", "download", file_id, "-o", str(out))
    assert downloaded.exit_code == 0 and out.read_bytes() == train.read_bytes()
    to_stdout = api(server, "files", "download", file_id)
    assert to_stdout.stdout_bytes == train.read_bytes()

    deleted = api(server, "files", "delete", file_id)
    assert deleted.exit_code == 0 and f"Deleted {file_id}" in deleted.stdout
    gone = api(server, "files", "get", file_id)
    assert gone.exit_code == 1
    assert "request id req_" in one_error_line(gone)


# -- jobs create ----------------------------------------------------------------------------------


def test_create_validates_and_uploads_local_files(server: EmulatorServer, emulator: Emulator, samples: Path) -> None:
    job = create(
        server,
        samples,
        "-v", str(samples / "valid.jsonl"),
        "--n-epochs", "2",
        "--batch-size", "auto",
        "--metadata", "team=search",
        "--metadata", "run=7",
        "--suffix", "cli-test",
        "--seed", "42",
    )  # fmt: skip
    assert emulator.request_count("POST /files") == 2
    assert job["training_file"].startswith("file-") and job["validation_file"].startswith("file-")
    assert job["method"]["type"] == "supervised"
    assert job["method"]["supervised"]["hyperparameters"]["n_epochs"] == 2
    assert job["metadata"]["team"] == "search" and job["metadata"]["run"] == "7"
    assert job["user_provided_suffix"] == "cli-test" and job["seed"] == 42


def test_create_takes_file_ids_and_prints_a_table(server: EmulatorServer, samples: Path) -> None:
    file_id = json_of(api(server, "files", "upload", str(samples / "train.jsonl"), "--json"))["id"]
    result = api(server, "jobs", "create", "--model", "gpt-4o-mini", "--training-file", file_id)
    assert result.exit_code == 0, result.stderr
    assert file_id in result.stdout and "validating_files" in result.stdout
    assert f"ftkit --base-url {server.base_url} jobs follow ftjob-" in result.stderr


def test_create_dpo_and_reinforcement(server: EmulatorServer, tmp_path: Path) -> None:
    dpo = write_samples("dpo", tmp_path / "dpo")
    job = json_of(
        api(server, "jobs", "create", "--model", "gpt-4o-mini", "-t", str(dpo.training),
            "--method", "dpo", "--beta", "0.2", "--json")
    )  # fmt: skip
    assert job["method"]["dpo"]["hyperparameters"]["beta"] == 0.2

    rft = write_samples("reinforcement", tmp_path / "rft")
    grader_yaml = tmp_path / "grader.yaml"
    grader_yaml.write_text("".join(f"{key}: {json.dumps(value)}\n" for key, value in GRADER.items()))
    job = json_of(
        api(server, "jobs", "create", "--model", "o4-mini", "-t", str(rft.training), "--method", "reinforcement",
            "--grader", str(grader_yaml), "--reasoning-effort", "low", "--json")
    )  # fmt: skip
    assert job["method"]["reinforcement"]["grader"]["name"] == GRADER["name"]


def test_create_refuses_invalid_data_before_uploading(server: EmulatorServer, emulator: Emulator) -> None:
    result = api(server, "jobs", "create", "--model", "gpt-4o-mini", "-t", str(DATA / "chat_broken.jsonl"))
    assert result.exit_code == 1
    assert "INVALID" in result.stderr and "nothing was uploaded" in result.stderr
    assert emulator.request_count() == 0


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--n-epochs", "0"], "--n-epochs"),
        (["--n-epochs", "many"], "--n-epochs"),
        (["--beta", "0.1"], "--beta"),
        (["--method", "reinforcement"], "--grader"),
        (["--metadata", "novalue"], "--metadata"),
        (["--learning-rate-multiplier", "-1"], "--learning-rate-multiplier"),
    ],
)
def test_create_usage_errors_name_the_option_and_send_nothing(
    server: EmulatorServer, emulator: Emulator, args: list[str], named: str
) -> None:
    result = api(server, "jobs", "create", "--model", "gpt-4o-mini", "--training-file", "file-abc", *args)
    assert result.exit_code == 2
    assert named in one_error_line(result)
    assert emulator.request_count() == 0


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--suffix", "x" * 65], "--suffix"),
        (["--seed", "-1"], "--seed"),
        (["--metadata", "team=" + "v" * 513], "--metadata"),
        ([*(f"--metadata=k{i}=v" for i in range(17))], "--metadata"),
        (["--model", " "], "--model"),
        (["--n-epochs", "51"], "--n-epochs"),
        (["--validation-file", "missing/valid.jsonl"], "--validation-file"),
    ],
)
def test_create_checks_every_option_before_uploading_anything(
    server: EmulatorServer, emulator: Emulator, samples: Path, args: list[str], named: str
) -> None:
    # A typo must not leave an orphaned upload behind: nothing is sent at all.
    result = api(server, "jobs", "create", "--model", "gpt-4o-mini", "-t", str(samples / "train.jsonl"), *args)
    assert result.exit_code == 2, result.stderr
    assert named in one_error_line(result)
    assert emulator.request_count() == 0
    assert json_of(api(server, "files", "list", "--json")) == []


def test_create_reads_the_job_once_per_poll_while_watching(fast_server: EmulatorServer, samples: Path) -> None:
    # The display shows the job as each poll read it: no extra request per event.
    emulator = fast_server.emulator
    result = api(fast_server, "jobs", "create", "--model", "gpt-4o-mini", "-t", str(samples / "train.jsonl"),
                 "--wait", "--poll-interval", "0.01")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    retrieves = emulator.request_count("GET /fine_tuning/jobs/{fine_tuning_job_id}")
    polls = emulator.request_count("GET /fine_tuning/jobs/{fine_tuning_job_id}/events")
    assert retrieves == polls > 0


def test_create_usage_errors_for_files_and_graders(server: EmulatorServer, tmp_path: Path) -> None:
    missing = api(server, "jobs", "create", "--model", "m", "--training-file", "missing/train.jsonl")
    assert missing.exit_code == 2 and "no such file" in one_error_line(missing)
    bad_grader = tmp_path / "grader.json"
    bad_grader.write_text(json.dumps({**GRADER, "input": "{{sample.output_txt}}"}))
    result = api(server, "jobs", "create", "--model", "m", "-t", "file-abc", "--method", "reinforcement",
                 "--grader", str(bad_grader))  # fmt: skip
    assert result.exit_code == 2 and "output_txt" in one_error_line(result)


def test_api_errors_are_one_line_with_the_request_id(server: EmulatorServer) -> None:
    result = api(server, "jobs", "create", "--model", "gpt-4o-mini", "--training-file", "file-missing")
    assert result.exit_code == 1
    line = one_error_line(result)
    assert "file-missing" in line and "request id req_" in line
    assert "Traceback" not in result.output


def test_debug_shows_the_exception(server: EmulatorServer) -> None:
    import ftkit

    result = invoke("--debug", "--base-url", server.base_url, "--api-key", KEY, "jobs", "get", "ftjob-missing")
    assert result.exit_code == 1
    assert isinstance(result.exception, ftkit.NotFoundError)


# -- jobs: reading and control ---------------------------------------------------------------------


def test_list_get_events_and_control(server: EmulatorServer, emulator: Emulator, samples: Path) -> None:
    job = create(server, samples, "--metadata", "team=a")
    other = create(server, samples, "--metadata", "team=b")
    listed = api(server, "jobs", "list")
    assert listed.exit_code == 0 and job["id"] in listed.stdout and other["id"] in listed.stdout
    filtered = json_of(api(server, "jobs", "list", "--metadata", "team=a", "--json"))
    assert [j["id"] for j in filtered] == [job["id"]]
    assert len(json_of(api(server, "jobs", "list", "--limit", "1", "--json"))) == 1

    shown = api(server, "jobs", "get", job["id"])
    assert shown.exit_code == 0 and "team=a" in shown.stdout and "ftkit_idempotency_key" not in shown.stdout
    assert json_of(api(server, "jobs", "get", job["id"], "--json"))["metadata"]["team"] == "a"

    emulator.advance(RUNNING)
    paused = json_of(api(server, "jobs", "pause", job["id"], "--json"))
    assert paused["status"] == "paused"
    resumed = api(server, "jobs", "resume", job["id"])
    assert resumed.exit_code == 0 and f"Resumed {job['id']}: status queued" in resumed.stdout
    cancelled = api(server, "jobs", "cancel", job["id"])
    assert cancelled.exit_code == 0 and "status cancelled" in cancelled.stdout
    again = api(server, "jobs", "cancel", job["id"])
    assert again.exit_code == 1 and "cannot be cancelled" in one_error_line(again)

    events = json_of(api(server, "jobs", "events", job["id"], "--all", "--json"))
    times = [e["created_at"] for e in events]
    assert times == sorted(times), "events are shown oldest first"
    assert events[0]["message"].startswith("Created fine-tuning job")
    table = api(server, "jobs", "events", job["id"], "--limit", "2")
    assert table.exit_code == 0 and "Fine-tuning job cancelled" in table.stdout


def test_checkpoints_and_metrics_of_a_finished_job(
    server: EmulatorServer, emulator: Emulator, samples: Path, tmp_path: Path
) -> None:
    job = create(server, samples, "-v", str(samples / "valid.jsonl"))
    early = api(server, "jobs", "metrics", job["id"])
    assert early.exit_code == 0 and "no metrics yet" in early.stdout
    emulator.advance(JOB_DONE)

    checkpoints = json_of(api(server, "jobs", "checkpoints", job["id"], "--json"))
    assert [c["step_number"] for c in checkpoints] == [36, 24, 12]
    table = api(server, "jobs", "checkpoints", job["id"])
    assert table.exit_code == 0 and "ckpt-step-36" in table.stdout

    plot = tmp_path / "loss.png"
    shown = api(server, "jobs", "metrics", job["id"], "--plot", str(plot), "--steps")
    assert shown.exit_code == 0, shown.stderr
    assert "final train loss" in shown.stdout and "lowest valid loss" in shown.stdout
    assert plot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    data = json_of(api(server, "jobs", "metrics", job["id"], "--json"))
    assert data["summary"]["steps"] == 36 and len(data["steps"]) == 36
    assert data["steps"][0]["valid_loss"] is not None


def test_every_json_of_an_api_object_is_the_servers_own(
    server: EmulatorServer, emulator: Emulator, samples: Path
) -> None:
    # docs/cli.md: "--json ... prints the API's own objects"; models list adds ftkit's fields
    # beside them, under one name.
    job = create(server, samples, "-v", str(samples / "valid.jsonl"))
    emulator.advance(JOB_DONE)
    with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {KEY}"}) as http:

        def served(path: str, **params: Any) -> Any:
            answer = http.get(path, params=params)
            assert answer.status_code == 200, answer.text
            return answer.json()

        file_id, path = job["training_file"], f"/fine_tuning/jobs/{job['id']}"
        pairs = [
            (("jobs", "list", "--all"), served("/fine_tuning/jobs", limit=100)["data"]),
            (("jobs", "get", job["id"]), served(path)),
            (("jobs", "events", job["id"], "--all"), served(f"{path}/events", limit=100)["data"]),
            (("jobs", "checkpoints", job["id"]), served(f"{path}/checkpoints")["data"]),
            (("files", "list", "--all"), served("/files", limit=100)["data"]),
            (("files", "get", file_id), served(f"/files/{file_id}")),
        ]
        pairs[2] = (pairs[2][0], pairs[2][1][::-1])  # events read oldest first
        for args, expected in pairs:
            assert json_of(api(server, *args, "--json")) == expected, args
        models = json_of(api(server, "models", "list", "--json"))
        assert [{k: v for k, v in m.items() if k != "ftkit_extras"} for m in models] == served("/models")["data"]
        extras = {"base_model", "created", "shutdown_date", "days_left", "job"}
        assert all(set(m["ftkit_extras"]) == extras for m in models)
        tuned = [m for m in models if m["ftkit_extras"]["job"] == job["id"]]
        assert [m["id"] for m in tuned] == [served(path)["fine_tuned_model"]]


def test_metrics_of_a_reinforcement_job_show_its_rewards(
    server: EmulatorServer, emulator: Emulator, tmp_path: Path
) -> None:
    rft = write_samples("reinforcement", tmp_path / "rft")
    assert rft.grader_path is not None
    job = json_of(
        api(server, "jobs", "create", "--model", "o4-mini", "-t", str(rft.training), "-v", str(rft.validation),
            "--method", "reinforcement", "--grader", str(rft.grader_path), "--n-epochs", "1", "--json")
    )  # fmt: skip
    emulator.run_until(job["id"])
    shown = api(server, "jobs", "metrics", job["id"], "--steps")
    assert shown.exit_code == 0, shown.stderr
    for figure in ("final train reward", "highest train reward", "final valid reward", "highest valid reward"):
        assert figure in shown.stdout
    assert "loss" not in shown.stdout.lower() and "accuracy" not in shown.stdout.lower()  # no empty columns
    header = next(line for line in shown.stdout.splitlines() if line.strip().startswith("STEP"))
    assert header.split() == ["STEP", "TRAIN", "REWARD", "VALID", "REWARD"]
    data = json_of(api(server, "jobs", "metrics", job["id"], "--json"))
    assert all(isinstance(step["train_reward_mean"], float) for step in data["steps"])
    assert any(step["valid_reward_mean"] is not None for step in data["steps"])
    assert data["summary"]["final_train_reward_mean"] == data["steps"][-1]["train_reward_mean"]
    assert data["summary"]["max_valid_reward_mean_step"] is not None


# -- jobs: watching ------------------------------------------------------------------------------


def test_wait_plain_output_and_exit_0(fast_server: EmulatorServer, samples: Path) -> None:
    job = create(fast_server, samples)
    result = api(fast_server, "jobs", "wait", job["id"], "--poll-interval", "0.05")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any("Step 36/36: training loss=" in line for line in lines), "one line per event when not a terminal"
    assert any(f"Job {job['id']} succeeded: fine-tuned model ft:" in line for line in lines)
    final = json_of(api(fast_server, "jobs", "wait", job["id"], "--json"))
    assert final["status"] == "succeeded" and final["fine_tuned_model"].startswith("ft:")


def test_follow_json_lines_and_resume_after_an_event(fast_server: EmulatorServer, samples: Path) -> None:
    job = create(fast_server, samples)
    result = api(fast_server, "jobs", "follow", job["id"], "--poll-interval", "0.05", "--json")
    assert result.exit_code == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events[0]["message"].startswith("Created fine-tuning job")
    assert events[-1]["message"] == "Fine tuning job successfully completed"
    assert len({e["id"] for e in events}) == len(events), "each event once"
    resumed = api(fast_server, "jobs", "follow", job["id"], "--after", events[-3]["id"], "--json")
    assert [json.loads(line)["id"] for line in resumed.stdout.splitlines()] == [e["id"] for e in events[-2:]]


def test_follow_shows_a_live_progress_bar_on_a_terminal(fast_server: EmulatorServer, samples: Path) -> None:
    job = create(fast_server, samples, "-v", str(samples / "valid.jsonl"))
    # TTY_COMPATIBLE makes rich treat the runner's stdout as a terminal.
    result = api(fast_server, "jobs", "follow", job["id"], "--poll-interval", "0.05",
                 env={"TTY_COMPATIBLE": "1", "COLUMNS": "100"})  # fmt: skip
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "step 36/36" in out and "train loss" in out and "valid loss" in out
    assert re.search(r"elapsed \d+:\d\d:\d\d", out) and "left 0:00:00" in out and "succeeded" in out
    assert "Files validated" in out, "follow prints the job's messages above the bar"


def test_the_live_display_of_a_reinforcement_job_shows_its_rewards(fast_server: EmulatorServer, tmp_path: Path) -> None:
    rft = write_samples("reinforcement", tmp_path)
    job = json_of(
        api(fast_server, "jobs", "create", "--model", "o4-mini", "-t", str(rft.training), "-v", str(rft.validation),
            "--method", "reinforcement", "--grader", str(rft.grader_path), "--n-epochs", "1", "--json")
    )  # fmt: skip
    result = api(fast_server, "jobs", "wait", job["id"], "--poll-interval", "0.05",
                 env={"TTY_COMPATIBLE": "1", "COLUMNS": "120"})  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "train reward" in result.stdout and "valid reward" in result.stdout
    assert "train loss" not in result.stdout


def test_a_failed_job_exits_1_with_its_error(fast_server: EmulatorServer, tmp_path: Path) -> None:
    too_small = tmp_path / "small.jsonl"
    too_small.write_bytes(jsonl([chat_line() for _ in range(3)]))
    result = api(fast_server, "jobs", "create", "--model", "gpt-4o-mini", "-t", str(too_small),
                 "--skip-validation", "--wait", "--poll-interval", "0.05")  # fmt: skip
    assert result.exit_code == 1
    line = one_error_line(result)
    assert "failed" in line and "invalid_n_examples" in line


def test_wait_timeout_exits_1_and_leaves_the_job(server: EmulatorServer, samples: Path) -> None:
    job = create(server, samples)
    result = api(server, "jobs", "wait", job["id"], "--timeout", "0.2", "--poll-interval", "0.05")
    assert result.exit_code == 1
    assert "still validating_files" in one_error_line(result)
    assert json_of(api(server, "jobs", "get", job["id"], "--json"))["status"] == "validating_files"


def test_in_process_emulator_runs_a_whole_job_offline(samples: Path) -> None:
    result = invoke("--emulator", "--emulator-speed", "500", "jobs", "create", "--model", "gpt-4o-mini",
                    "-t", str(samples / "train.jsonl"), "--wait", "--json")  # fmt: skip
    job = json_of(result)
    assert job["status"] == "succeeded" and job["fine_tuned_model"].startswith("ft:gpt-4o-mini")


# -- graders --------------------------------------------------------------------------------------


def test_graders_validate_and_run(server: EmulatorServer, emulator: Emulator, tmp_path: Path) -> None:
    grader = tmp_path / "grader.yml"
    grader.write_text("".join(f"{key}: {json.dumps(value)}\n" for key, value in GRADER.items()))
    local = api(server, "graders", "validate", str(grader), "--local")
    assert local.exit_code == 0 and "valid string_check grader" in local.stdout
    assert emulator.request_count() == 0
    remote = json_of(api(server, "graders", "validate", str(grader), "--json"))
    assert remote["valid"] is True and remote["checked_by"] == "ftkit and the API"

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**GRADER, "operation": "equals"}))
    invalid = api(server, "graders", "validate", str(bad))
    assert invalid.exit_code == 1 and "operation" in invalid.stdout
    not_json = tmp_path / "broken.json"
    not_json.write_text("{")
    assert api(server, "graders", "validate", str(not_json)).exit_code == 2

    item = tmp_path / "item.json"
    item.write_text(json.dumps({"answer": "paris"}))
    ran = json_of(api(server, "graders", "run", str(grader), "--sample", "Paris", "--item", f"@{item}", "--json"))
    assert ran["reward"] == 1.0
    table = api(server, "graders", "run", str(grader), "--sample", "Rome", "--item", '{"answer": "Paris"}')
    assert table.exit_code == 0 and "reward" in table.stdout
    bad_item = api(server, "graders", "run", str(grader), "--sample", "x", "--item", "[1]")
    assert bad_item.exit_code == 2 and "--item" in one_error_line(bad_item)


# -- demo -----------------------------------------------------------------------------------------


def test_demo_json_for_every_method(tmp_path: Path) -> None:
    for method in ("dpo", "reinforcement"):
        out = tmp_path / method
        data = json_of(invoke("demo", "--method", method, "--speed", "500", "--out", str(out), "--json"))
        assert data["emulated"] is True and data["job"]["status"] == "succeeded"
        assert data["job"]["method"]["type"] == method
        assert data["fine_tuned_model"].startswith("ft:") and data["summary"]["steps"] == 36
        assert Path(data["plot"]).read_bytes().startswith(b"\x89PNG")
        if method == "reinforcement":
            # The plot shows the rewards: the train curve's colour is on it (matplotlib's first).
            import matplotlib.image

            rgb = matplotlib.image.imread(data["plot"])[..., :3]
            assert (abs(rgb - [0x1F / 255, 0x77 / 255, 0xB4 / 255]).max(axis=2) < 0.08).sum() > 500
            assert data["summary"]["final_train_reward_mean"] is not None


def test_demo_against_a_server_runs_the_same_steps_there(fast_server: EmulatorServer, tmp_path: Path) -> None:
    result = api(fast_server, "demo", "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert f"ftkit demo will use the server at {fast_server.base_url}" in result.stdout
    assert "Fine-tuned model: ft:gpt-4o-mini" in result.stdout
    assert (tmp_path / "loss.png").exists()


def test_demo_asks_before_using_a_remote_server(tmp_path: Path) -> None:
    # Not on this machine: without --yes and without a terminal to ask on, nothing is done.
    result = invoke("--base-url", "https://api.example.invalid/v1", "--api-key", KEY, "demo", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "billed" in result.stdout and "--yes" in one_error_line(result)
    assert not (tmp_path / "train.jsonl").exists()
    with_key = invoke("demo", "--out", str(tmp_path), env={"OPENAI_API_KEY": "sk-real-looking"})
    assert with_key.exit_code == 2 and "https://api.openai.com/v1" in with_key.stdout


# -- a mistyped model or an Azure-only option uploads nothing ---------------------------------------


def test_a_mistyped_model_is_a_usage_error_before_any_upload(
    server: EmulatorServer, emulator: Emulator, samples: Path
) -> None:
    args = ("jobs", "create", "--model", "gpt-5-bogus", "-t", str(samples / "train.jsonl"))
    result = api(server, *args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "--model" in result.stderr and "gpt-5-bogus" in result.stderr and "Uploaded" not in result.stderr
    assert emulator.request_count("GET /models/{model}") == 1
    assert emulator.request_count("POST /files") == 0 and emulator.request_count("POST /fine_tuning/jobs") == 0


def test_a_training_type_on_openai_is_a_usage_error_before_any_request(
    server: EmulatorServer, emulator: Emulator, samples: Path
) -> None:
    args = (
        "jobs",
        "create",
        "--model",
        "gpt-4o-mini",
        "-t",
        str(samples / "train.jsonl"),
        "--training-type",
        "standard",
    )
    result = api(server, *args)
    assert result.exit_code == 2 and "--training-type" in result.stderr and "Uploaded" not in result.stderr
    assert emulator.request_count() == 0
