"""Watching a job: a live progress display on a terminal, one line per event elsewhere.

The library decides what to poll and when (``client.jobs.follow`` / ``wait``); this module
only shows what they hand out: each event, and the job as each poll read it (``on_job``),
so showing the job's status costs no request of its own. On a terminal that is a rich progress bar with the job's
status, step / total steps, the latest train and validation loss (mean reward for reinforcement), time elapsed (since
watching began) and an estimate of the time left; on a pipe it is one line per event, so
logs and CI output stay readable.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Literal, Protocol

import click
from rich.console import Console, Group
from rich.live import Live
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TaskID
from rich.table import Column
from rich.text import Text

from ..client import Client
from ..errors import JobFailedError
from ..watch import TERMINAL_STATUSES, Poller, status_of
from ._env import EXIT_FAILED, error_line, get_env
from ._render import console, print_json, print_json_line, status_text, when

DisplayMode = Literal["auto", "live", "plain", "json", "quiet"]


def _event_type(event: Any) -> str:
    return str(getattr(event.type_, "value", event.type_))


def _event_data(event: Any) -> Mapping[str, Any]:
    data = getattr(event.data, "additional_properties", None)
    return data if isinstance(data, Mapping) else {}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class Display(Protocol):
    """What a watch shows: the job's state as it changes and each event once."""

    def __enter__(self) -> Display: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def job(self, job: Any) -> None: ...

    def event(self, event: Any) -> None: ...


class _Quiet:
    """Shows nothing (``jobs wait --json`` prints only the final job)."""

    def __enter__(self) -> _Quiet:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def job(self, job: Any) -> None:
        return None

    def event(self, event: Any) -> None:
        return None


class _Plain(_Quiet):
    """One line per event: ``12:00:03 info  Step 3/30: training loss=1.52``."""

    def __init__(self, out: Console) -> None:
        self.out = out

    def event(self, event: Any) -> None:
        level = str(getattr(event.level, "value", event.level))
        self.out.print(Text(f"{when(event.created_at, time_only=True)} {level:<5} {event.message}"), soft_wrap=True)


class _JsonLines(_Quiet):
    """One JSON object per event per line (``jobs follow --json``)."""

    def event(self, event: Any) -> None:
        print_json_line(event)


class _StepColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        if task.total is None:
            return Text("step -/-", style="dim")
        return Text(f"step {int(task.completed)}/{int(task.total)}")


class _ElapsedColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        return Text(f"elapsed {_clock(task.elapsed or 0.0)}")


class _LeftColumn(ProgressColumn):
    """Time left, counted down between events (``left`` is asked at every refresh)."""

    def __init__(self, left: Callable[[], float | None], table_column: Column | None = None) -> None:
        super().__init__(table_column)
        self.left = left

    def render(self, task: Task) -> Text:
        left = self.left()
        if left is None:
            return Text("left -:--:--", style="dim")
        # Rounded up: "0:00:00 left" should mean done, not "under a second to go".
        return Text(f"left {_clock(math.ceil(left))}")


def _clock(seconds: float) -> str:
    whole = max(0, int(seconds))
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


class _StepRate:
    """Seconds per step, measured on this machine's clock from the steps seen while watching.

    A follow first hands out the job's past events all at once; those say nothing about
    speed, so the baseline moves along with them until steps start arriving over time.
    """

    #: Events seen within this many seconds of the baseline count as one burst.
    BURST = 0.05

    def __init__(self) -> None:
        self.base: tuple[float, int] | None = None
        self.latest: tuple[float, int] | None = None

    def add(self, step: int, now: float) -> None:
        if self.base is None or (now - self.base[0] < self.BURST and step >= self.base[1]):
            self.base = (now if self.base is None else self.base[0], step)
        self.latest = (now, step)

    def left(self, total: int | None) -> float | None:
        if self.base is None or self.latest is None or total is None:
            return None
        steps = self.latest[1] - self.base[1]
        if steps <= 0:
            return None
        per_step = (self.latest[0] - self.base[0]) / steps
        # Counted from the latest step, less the time that has passed since it.
        return max(0.0, (total - self.latest[1]) * per_step - (time.monotonic() - self.latest[0]))


#: What the live display shows of a metrics event: losses, or a reinforcement job's mean rewards.
_LIVE_METRICS = (
    ("train loss", "train_loss"),
    ("valid loss", "valid_loss"),
    ("train reward", "train_mean_reward"),
    ("valid reward", "full_valid_mean_reward"),
)


class _Live:
    """Two lines kept at the bottom of a terminal: the job's status and latest losses (or mean
    rewards), then a bar with step / total steps, time elapsed and time left. With ``messages``, the job's
    other events print above them as they come."""

    def __init__(self, out: Console, job_id: str, *, messages: bool) -> None:
        self.messages = messages
        self.rate = _StepRate()
        self.total: int | None = None
        self.step = 0
        self.status = ""
        self.losses: dict[str, float] = {}
        self.finished = False
        self.progress = Progress(
            BarColumn(bar_width=None),
            _StepColumn(table_column=Column(no_wrap=True)),
            _ElapsedColumn(table_column=Column(no_wrap=True)),
            _LeftColumn(self.left, table_column=Column(no_wrap=True)),
            console=out,
            expand=True,
        )
        self.task: TaskID = self.progress.add_task(job_id, total=None)
        # The Live is ours, not the Progress's: it shows the header line above the bar.
        self.live = Live(Group(self, self.progress), console=out, refresh_per_second=8)

    def __rich__(self) -> Text:
        header = Text("status ")
        header.append_text(status_text(self.status or "-"))
        for label, key in _LIVE_METRICS:
            if key in self.losses:
                header.append(f"   {label} {self.losses[key]:.3f}")
        return header

    def left(self) -> float | None:
        """Seconds until the job should finish; 0 once it has."""
        return 0.0 if self.finished else self.rate.left(self.total)

    def __enter__(self) -> _Live:
        self.live.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.live.stop()

    def job(self, job: Any) -> None:
        self.status = status_of(job)
        if self.status == "succeeded" and self.total is not None:
            self.step = self.total
        self.finished = self.status in TERMINAL_STATUSES
        self.progress.update(self.task, completed=self.step)

    def event(self, event: Any) -> None:
        data = _event_data(event)
        if _event_type(event) == "metrics" and _is_number(data.get("step")):
            self.step = int(data["step"])
            if _is_number(data.get("total_steps")):
                self.total = int(data["total_steps"])
            self.rate.add(self.step, time.monotonic())
            for _, key in _LIVE_METRICS:
                if _is_number(data.get(key)):
                    self.losses[key] = float(data[key])
            self.progress.update(self.task, total=self.total, completed=self.step)
        elif self.messages:
            level = str(getattr(event.level, "value", event.level))
            style = {"error": "red", "warn": "yellow"}.get(level, "")
            self.live.console.print(
                Text(f"{when(event.created_at, time_only=True)} {event.message}", style=style), soft_wrap=True
            )


def make_display(mode: DisplayMode, job_id: str, *, messages: bool) -> Display:
    """The display for ``mode``; ``auto`` is live on a terminal and plain lines elsewhere."""
    if mode == "quiet":
        return _Quiet()
    if mode == "json":
        return _JsonLines()
    out = console()
    if mode == "live" or (mode == "auto" and out.is_terminal):
        return _Live(out, job_id, messages=messages)
    return _Plain(out)


def watch_job(
    client: Client,
    job_id: str,
    display: Display,
    *,
    follow: bool = False,
    after_event: str | None = None,
    timeout: float | None = None,
    poll_interval: float | Poller | None = None,
) -> Any:
    """Show the job until it is succeeded, failed or cancelled, and return the final job.

    ``follow`` resumes after ``after_event`` (``jobs.follow``); otherwise every event is
    shown and ``timeout`` applies (``jobs.wait``, which raises ``WaitTimeoutError``).
    Ctrl-C stops watching (KeyboardInterrupt, with how to stop the job too).
    """
    seen: list[Any] = []

    def on_job(job: Any) -> None:
        seen[:] = [job]
        display.job(job)

    try:
        with display:
            if follow:
                for event in client.jobs.follow(job_id, after_event, poll_interval=poll_interval, on_job=on_job):
                    display.event(event)
                # The follow ends after the poll that read the job in a terminal status.
                final = seen[0]
            else:
                final = client.jobs.wait(
                    job_id,
                    timeout=timeout,
                    on_event=display.event,
                    on_job=on_job,
                    raise_on_failure=False,
                    poll_interval=poll_interval,
                )
            display.job(final)
    except KeyboardInterrupt:
        raise KeyboardInterrupt(
            f"stopped watching {job_id}; the job keeps running (`ftkit jobs cancel {job_id}` stops it)"
        ) from None
    return final


def finish(job: Any, *, as_json: bool) -> None:
    """Say how a watched job ended; a failed or cancelled job ends the command with exit 1."""
    status = status_of(job)
    if status == "succeeded":
        if not as_json:
            click.echo(f"Job {job.id} succeeded: fine-tuned model {job.fine_tuned_model}")
        return
    error_line(str(JobFailedError(job)) if status == "failed" else f"job {job.id} ended {status}")
    raise click.exceptions.Exit(EXIT_FAILED)


def watch_and_finish(job_id: str, *, as_json: bool, timeout: float | None, poll: float | None) -> Any:
    """``jobs wait``: the progress display (or, with JSON, nothing) until the job ends; the final job."""
    env = get_env()
    display = make_display("quiet" if as_json else "auto", job_id, messages=False)
    final = watch_job(env.client(), job_id, display, timeout=timeout, poll_interval=env.poll_interval(poll))
    if as_json:
        print_json(final)
    finish(final, as_json=as_json)
    return final
