"""jobs.metrics, the metrics parsers, summary and plot, against the emulator (manual clock)."""

from __future__ import annotations

import base64
import math
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ftkit
import httpx
import pytest
from conftest_emulator import jsonl, training_file
from ftkit.emulator import Emulator
from ftkit.metrics import MetricRow, MetricsFormatError, from_events, parse_csv, plot, summary

DOWNLOAD = "GET /files/{file_id}/content"


@pytest.fixture
def emulator() -> Emulator:
    return Emulator(clock="manual", seed=3)


@pytest.fixture
def client(emulator: Emulator) -> Iterator[ftkit.Client]:
    with ftkit.Client(api_key="sk-test", base_url="https://api.openai.com/v1", transport=emulator.transport()) as c:
        yield c


def start_job(client: ftkit.Client, *, validation: bool = True) -> str:
    train = client.files.upload(training_file(10))
    valid = client.files.upload(
        jsonl(
            [
                {"messages": [{"role": "user", "content": f"{i}?"}, {"role": "assistant", "content": str(i)}]}
                for i in range(10)
            ]
        )
    )
    # Three epochs, 30 steps (auto would give 10 epochs to 10 examples).
    job = client.jobs.create(
        model="gpt-4o-mini",
        training_file=train.id,
        method=ftkit.Method.supervised(n_epochs=3),
        validation_file=valid.id if validation else None,
    )
    return job.id


def metric_events(client: ftkit.Client, job_id: str) -> list[dict[str, Any]]:
    events = [e for e in client.jobs.events(job_id, limit=100) if e.type_ == "metrics"]
    return [dict(e.data.additional_properties) for e in reversed(events)]  # type: ignore[union-attr]


# -- jobs.metrics ---------------------------------------------------------------------------------------


def test_metrics_of_a_running_job_come_from_its_events(client: ftkit.Client, emulator: Emulator) -> None:
    job_id = start_job(client)
    emulator.advance(12 + 10.5)  # ten steps done (step k ends at 12 + k)
    rows = client.jobs.metrics(job_id)
    assert client.jobs.retrieve(job_id).status == "running"
    assert [r.step for r in rows] == list(range(1, 11))
    data = metric_events(client, job_id)
    assert [r.train_loss for r in rows] == [d["train_loss"] for d in data]
    assert [r.train_accuracy for r in rows] == [d["train_mean_token_accuracy"] for d in data]
    assert [r.valid_loss for r in rows] == [d["valid_loss"] for d in data]
    assert [r.valid_accuracy for r in rows] == [d["valid_mean_token_accuracy"] for d in data]
    assert rows[0].extra == {"total_steps": 30}  # every other key is kept
    assert emulator.request_count(DOWNLOAD) == 0


def test_metrics_of_a_finished_job_come_from_its_result_file(client: ftkit.Client, emulator: Emulator) -> None:
    job_id = start_job(client)
    emulator.advance(1000)
    job = client.jobs.retrieve(job_id)
    assert job.status == "succeeded" and job.result_files
    rows = client.jobs.metrics(job_id)
    assert emulator.request_count(DOWNLOAD) == 1
    assert [r.step for r in rows] == list(range(1, 31))
    data = metric_events(client, job_id)
    assert [(r.train_loss, r.train_accuracy, r.valid_loss, r.valid_accuracy) for r in rows] == [
        (d["train_loss"], d["train_mean_token_accuracy"], d["valid_loss"], d["valid_mean_token_accuracy"]) for d in data
    ]
    assert all(r.extra == {} for r in rows)


def test_metrics_of_a_failed_job_are_empty(client: ftkit.Client, emulator: Emulator) -> None:
    bad = client.files.upload(training_file(2))
    job = client.jobs.create(model="gpt-4o-mini", training_file=bad.id)
    emulator.advance(100)
    assert client.jobs.metrics(job.id) == []


async def test_async_metrics(client: ftkit.Client, emulator: Emulator) -> None:
    job_id = start_job(client, validation=False)
    emulator.advance(20)
    async with ftkit.AsyncClient(
        api_key="k", base_url="https://api.openai.com/v1", transport=emulator.transport()
    ) as aclient:
        running = await aclient.jobs.metrics(job_id)
        emulator.advance(1000)
        finished = await aclient.jobs.metrics(job_id)
    assert [r.step for r in running] == list(range(1, 9))
    assert finished[: len(running)] == [MetricRow(r.step, r.train_loss, r.train_accuracy) for r in running]
    assert len(finished) == 30 and finished[-1].valid_loss is None


def test_metrics_checks_the_job_id(client: ftkit.Client) -> None:
    with pytest.raises(ftkit.ValidationError, match="job_id"):
        client.jobs.metrics("")


# -- parsing --------------------------------------------------------------------------------------------


def test_parse_csv_keeps_unknown_columns_and_reads_empty_cells_as_none() -> None:
    text = (
        "\ufeffstep,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy,full_valid_loss,note\r\n"
        "1,2.5,0.4,,,,warmup\r\n"
        "2,1.5,0.6,1.7,0.55,1.8,\r\n"
        "\r\n"
    )
    rows = parse_csv(text.encode())
    assert rows == [
        MetricRow(1, 2.5, 0.4, None, None, {"full_valid_loss": None, "note": "warmup"}),
        MetricRow(2, 1.5, 0.6, 1.7, 0.55, {"full_valid_loss": 1.8, "note": None}),
    ]
    assert parse_csv("step,train_loss\n") == []


def test_parse_csv_reads_a_base64_encoded_result_file() -> None:
    text = "step,train_loss,train_accuracy\n1,2.0,0.5\n2,1.0,0.7\n"
    assert parse_csv(base64.b64encode(text.encode())) == parse_csv(text)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "empty"),
        (b"train_loss,train_accuracy\n1.0,0.5\n", "no 'step' column"),
        (b"step,train_loss\n1,2.0\n2,1.0,9\n", "line 3: 3 values for 2 columns"),
        (b"step,train_loss\n1,lots\n", "line 2: column 'train_loss': 'lots' is not a number"),
        (b"step,train_loss\n1.5,2.0\n", "line 2: column 'step'"),
        (b"step,train_loss\n,2.0\n", "line 2: column 'step'"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_parse_csv_says_what_is_wrong(content: bytes, match: str) -> None:
    with pytest.raises(MetricsFormatError, match=match) as caught:
        parse_csv(content)
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, ftkit.FtkitError)


def event(kind: str, data: dict[str, Any] | None, n: int = 0) -> ftkit.FineTuningJobEvent:
    body: dict[str, Any] = {
        "object": "fine_tuning.job.event",
        "id": f"ftevent-{n}",
        "created_at": n,
        "level": "info",
        "message": "m",
        "type": kind,
    }
    if data is not None:
        body["data"] = data
    return ftkit.FineTuningJobEvent.from_dict(body)


def test_from_events_orders_by_step_and_skips_what_it_cannot_read() -> None:
    events = [
        event("metrics", {"step": 2, "train_loss": 1.0, "train_mean_token_accuracy": 0.7}, 3),
        event("message", {"step": 9}, 2),
        event("metrics", {"step": "x", "train_loss": 1.0}, 1),
        event("metrics", {"step": 1, "train_loss": 2.0, "train_reward": 0.25}, 0),
        event("metrics", None, 4),
    ]
    assert from_events(events) == [MetricRow(1, 2.0, extra={"train_reward": 0.25}), MetricRow(2, 1.0, 0.7)]


def test_summary() -> None:
    rows = [MetricRow(1, 2.0, 0.3, 2.4, 0.2), MetricRow(2, 1.0, 0.5, None, None), MetricRow(3, 1.2, 0.6, 1.9, None)]
    result = summary(rows)
    assert (result.steps, result.last_step) == (3, 3)
    assert (result.final_train_loss, result.min_train_loss, result.min_train_loss_step) == (1.2, 1.0, 2)
    assert (result.final_valid_loss, result.min_valid_loss, result.min_valid_loss_step) == (1.9, 1.9, 3)
    assert (result.final_train_accuracy, result.final_valid_accuracy) == (0.6, 0.2)
    empty = summary([])
    assert empty.steps == 0 and empty.last_step is None and empty.final_train_loss is None


# -- reinforcement: mean rewards ------------------------------------------------------------------------


GRADER = {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}",
          "reference": "{{item.answer}}", "operation": "eq"}  # fmt: skip


def start_reinforcement_job(client: ftkit.Client) -> str:
    lines = [{"messages": [{"role": "user", "content": f"{i}+1?"}], "answer": str(i + 1)} for i in range(10)]
    train, valid = client.files.upload(jsonl(lines)), client.files.upload(jsonl(lines[:4]))
    method = ftkit.Method.reinforcement(GRADER, n_epochs=2, eval_interval=2)
    return client.jobs.create(model="o4-mini", training_file=train.id, validation_file=valid.id, method=method).id


def test_reinforcement_rewards_are_typed_from_events_and_from_the_result_file(
    client: ftkit.Client, emulator: Emulator
) -> None:
    job_id = start_reinforcement_job(client)
    emulator.advance(20)  # running: metrics from the events
    running = client.jobs.metrics(job_id)
    events = metric_events(client, job_id)
    assert running and [row.train_reward_mean for row in running] == [e["train_mean_reward"] for e in events]
    validated = [row for row in running if row.valid_reward_mean is not None]
    assert [r.step for r in validated] == [e["step"] for e in events if "full_valid_mean_reward" in e]
    assert all(row.train_loss is None and row.train_accuracy is None for row in running)
    # The server's columns stay in extra, the event's nested objects as objects.
    assert running[0].extra["train_mean_reward"] == running[0].train_reward_mean
    assert isinstance(running[0].extra["scores"], dict)
    emulator.advance(10_000)
    finished = client.jobs.metrics(job_id)  # from the result file now
    assert [row.train_reward_mean for row in finished][: len(running)] == [row.train_reward_mean for row in running]
    assert [row.step for row in finished if row.valid_reward_mean is not None][: len(validated)] == [
        row.step for row in validated
    ]
    result = summary(finished)
    assert result.final_train_reward_mean == finished[-1].train_reward_mean
    best = max(finished, key=lambda row: (row.train_reward_mean or 0.0, -row.step))
    assert (result.max_train_reward_mean, result.max_train_reward_mean_step) == (best.train_reward_mean, best.step)
    assert result.final_valid_reward_mean is not None and result.max_valid_reward_mean is not None
    assert result.final_train_loss is None and result.min_train_loss is None


def test_reward_columns_of_either_spelling() -> None:
    rows = parse_csv("step,train_reward_mean,valid_reward_mean\n1,0.25,\n2,0.5,0.75\n")
    assert [(r.train_reward_mean, r.valid_reward_mean) for r in rows] == [(0.25, None), (0.5, 0.75)]
    events = [event("metrics", {"step": 1, "train_mean_reward": 0.5, "full_valid_mean_reward": 0.6}, 0)]
    [row] = from_events(events)
    assert (row.train_reward_mean, row.valid_reward_mean) == (0.5, 0.6)
    assert row.extra == {"train_mean_reward": 0.5, "full_valid_mean_reward": 0.6}
    with pytest.raises(MetricsFormatError, match="train_reward_mean"):
        parse_csv("step,train_reward_mean\n1,lots\n")
    # Positional construction is unchanged: the reward fields are keyword-only.
    assert MetricRow(1, 2.0, 0.5, 2.1, 0.4, {"x": 1}).extra == {"x": 1}


def test_plot_of_a_reinforcement_job_is_one_reward_panel_with_its_curves(
    client: ftkit.Client, emulator: Emulator, tmp_path: Path
) -> None:
    job_id = start_reinforcement_job(client)
    emulator.run_until(job_id)
    pixels = read_png(plot(client.jobs.metrics(job_id), tmp_path / "rewards.png"))
    rgb = pixels[..., :3]
    # matplotlib's first two colours: the train curve (blue) and the validation one (orange).
    blue = (abs(rgb - [0x1F / 255, 0x77 / 255, 0xB4 / 255]).max(axis=2) < 0.08).sum()
    orange = (abs(rgb - [0xFF / 255, 0x7F / 255, 0x0E / 255]).max(axis=2) < 0.08).sum()
    assert blue > 500 and orange > 200, (blue, orange)
    # One panel across the width: curves on both halves (two empty panels would hold none).
    ink = rgb.mean(axis=2) < 0.9
    assert ink[:, 100:480].sum() > 2000 and ink[:, 520:950].sum() > 2000


# -- plot -----------------------------------------------------------------------------------------------


def read_png(path: Path) -> Any:
    import matplotlib.image

    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return matplotlib.image.imread(str(path))


def test_plot_writes_a_png_of_the_expected_size_with_content(
    client: ftkit.Client, emulator: Emulator, tmp_path: Path
) -> None:
    job_id = start_job(client)
    emulator.advance(1000)
    rows = client.jobs.metrics(job_id)
    written = plot(rows, tmp_path / "metrics.png", title=job_id)
    assert written == tmp_path / "metrics.png"
    pixels = read_png(written)
    assert pixels.shape[:2] == (400, 1000)  # 10 x 4 inches at 100 dpi
    assert float(pixels[..., :3].std()) > 0.05  # not a blank canvas
    # both panels hold curves: each half has plenty of non-white pixels
    ink = pixels[..., :3].mean(axis=2) < 0.9
    assert ink[:, :500].sum() > 2000 and ink[:, 500:].sum() > 2000


def test_plot_size_and_train_only_metrics(tmp_path: Path) -> None:
    rows = [MetricRow(step, 2.0 / step, 1 - 1 / (step + 1)) for step in range(1, 20)]
    pixels = read_png(plot(rows, str(tmp_path / "small.png"), width=6, height=3, dpi=50))
    assert pixels.shape[:2] == (150, 300)
    assert not math.isclose(float(pixels.std()), 0.0)


def test_plot_needs_metrics(tmp_path: Path) -> None:
    with pytest.raises(ftkit.ValidationError, match="metrics"):
        plot([], tmp_path / "none.png")
    assert not (tmp_path / "none.png").exists()


def test_plot_without_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(sys.modules):
        if name == "matplotlib" or name.startswith("matplotlib."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib...` fail
    with pytest.raises(ImportError, match=r"pip install 'ftkit\[plot\]'"):
        plot([MetricRow(1, 1.0)], tmp_path / "x.png")


def test_metrics_module_is_reachable_from_ftkit() -> None:
    import ftkit.metrics

    assert ftkit.metrics.plot is plot
    assert ftkit.MetricRow is MetricRow
    assert httpx  # the client speaks httpx underneath; nothing else is needed to read metrics


def test_a_missing_extra_is_an_ftkit_error_too(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(sys.modules):
        if name == "matplotlib" or name.startswith("matplotlib."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ftkit.MissingDependencyError) as caught:
        plot([MetricRow(1, 1.0)], tmp_path / "x.png")
    assert isinstance(caught.value, ftkit.FtkitError) and isinstance(caught.value, ImportError)
