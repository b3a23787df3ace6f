"""One fine-tuning job living on the emulated clock.

Everything that can go wrong with a job's data is decided when it is created (its files checked,
its training planned), outside any lock; the job is then a timeline of milestones (files
checked, start, each step, completion). ``State`` keeps every live job in a schedule ordered by
its next milestone and replays the due ones, one at a time, as the clock passes them: a job
that waits or has ended costs nothing.

A job keeps no events and no checkpoints: they follow from what it keeps (its request, its
plan: a curve made from a rule and a seed, its times, and the few things done to it on request
or by accident: ``history``), and their ids are derived from the job's, not drawn. A job's
training is one milestone, its end: the step it has reached is a matter of time (step ``k`` of
a run is due ``(k - 1)`` step times after the run's first), worked out when it is paused.
:meth:`Job.twin` makes a twin that lives every step as a milestone of its own and records the
events and checkpoints, and :meth:`Job.catch_up` lives the twin's life on to the present as the
job lived it, the same to the byte whenever it is made. So a job costs a few kilobytes and a
handful of milestones, running or finished, whatever its length, and only the jobs someone
reads pay for their steps.

Event messages are the API's where they were observed in real answers ("Created fine-tuning job",
"Validating training file", "Files validated, moving job to queued state", "Fine-tuning job
started", "Checkpoint created at step", "New fine-tuned model created", ...).
"""

from __future__ import annotations

import contextlib
import logging
import math
from dataclasses import dataclass, field, fields, replace
from typing import Any, Protocol

from ._curves import KEPT_CHECKPOINTS, Curve
from ._errors import bad_request
from ._request_checks import JobRequest

logger = logging.getLogger("ftkit.emulator")

ORGANIZATION_ID = "org-emulator"
ORGANIZATION_NAME = "emulator"  # the organization part of fine-tuned model names
CANCELLABLE = ("validating_files", "queued", "running", "paused")
TERMINAL = ("succeeded", "failed", "cancelled")
STATUSES = ("validating_files", "queued", "running", "paused", *TERMINAL)


@dataclass(frozen=True)
class Timings:
    """How long each phase of a job lasts, in emulated seconds.

    >>> Timings().validating
    4.0
    """

    validating: float = 4.0
    queued: float = 6.0
    startup: float = 2.0
    step: float = 1.0
    finishing: float = 3.0
    resume_queued: float = 3.0

    def scaled(self, factor: float) -> Timings:
        """Every phase ``factor`` times as long.

        >>> Timings().scaled(2).step
        2.0
        """
        return replace(self, **{f.name: getattr(self, f.name) * factor for f in fields(self)})


@dataclass
class JobScript:
    """What the next created job will do instead of what its data says (``Emulator.script_next_job``)."""

    error: str | None = None
    message: str | None = None
    param: str | None = None
    fail_at_step: int | None = None
    metrics: list[dict[str, Any]] | None = None
    duration: float | None = None
    job_id: str | None = None  # set once a job took this script


# Default messages of scripted failures: the API's where known (see _training.py).
_SCRIPTED_MESSAGES = {
    "invalid_n_examples": "Training file has {examples} example(s), but must have at least 10 examples",
    "invalid_file_format": (
        "The job failed due to a file format error in the training file. Invalid file format. Example 1 is not valid."
    ),
    "invalid_training_file": "The job failed due to an invalid training file.",
    "invalid_validation_file": "The job failed due to an invalid validation file.",
}


def scripted_error(script: JobScript, examples: int) -> dict[str, Any]:
    """The job ``error`` object a script asks for.

    >>> scripted_error(JobScript(error="invalid_n_examples"), 5)["message"]
    'Training file has 5 example(s), but must have at least 10 examples'
    """
    code = script.error or "internal_error"
    template = _SCRIPTED_MESSAGES.get(code, f"The job failed: {code}.")
    param = script.param
    if param is None and code in _SCRIPTED_MESSAGES:
        param = "validation_file" if code == "invalid_validation_file" else "training_file"
    return {"code": code, "message": script.message or template.format(examples=examples), "param": param}


class JobHost(Protocol):
    """What a job needs from the emulator's state: ids, a place for its result file, its model's name."""

    def derived_id(self, prefix: str, key: str) -> str: ...

    def result_file(self, job: Job, at: float) -> str: ...

    def fine_tuned_name(self, job: Job) -> str: ...


class _Replaying:
    """The host of a job's twin: the ids and names the job has, nothing stored."""

    __slots__ = ("host", "original")

    def __init__(self, host: JobHost, original: Job) -> None:
        self.host = host
        self.original = original

    def derived_id(self, prefix: str, key: str) -> str:
        return self.host.derived_id(prefix, key)

    def result_file(self, job: Job, at: float) -> str:
        return self.original.result_files[0]

    def fine_tuned_name(self, job: Job) -> str:
        assert self.original.model_name is not None
        return self.original.model_name


#: What ``Job.history`` records: what was done to a job on request, or a milestone that crashed.
_PAUSE, _RESUME, _CANCEL, _CRASH = "pause", "resume", "cancel", "crash"


@dataclass(slots=True)
class Event:
    """A ``fine_tuning.job.event``."""

    id: str
    created_at: float
    level: str
    message: str
    type: str = "message"
    data: dict[str, Any] | None = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The event as the API sends it."""
        return {
            "object": "fine_tuning.job.event",
            "id": self.id,
            "created_at": int(self.created_at),
            "level": self.level,
            "message": self.message,
            "data": self.data,
            "type": self.type,
        }


@dataclass(slots=True)
class Plan:
    """A job's training, fixed at creation: resolved hyperparameters, steps, tokens, the metrics curve."""

    hyperparameters: dict[str, Any]
    curve: Curve
    trained_tokens: int
    notes: tuple[str, ...] = ()

    @property
    def total_steps(self) -> int:
        """Steps the job will run."""
        return self.curve.total_steps


@dataclass(slots=True, eq=False)
class Job:
    """A job's whole state; ``next_at`` is when its next milestone is due (None when it waits or is done).

    ``outcome`` is what file validation will find: a :class:`Plan` to run, or the ``error``
    object the job fails with. ``events``, ``event_index`` and ``checkpoints`` are None but in a
    twin (``twin``), which records them; ``history`` is what was done to the job on request, or
    crashed, with when (None if nothing was).
    """

    id: str
    request: JobRequest
    model: str
    seed: int
    created_at: float
    host: JobHost
    timings: Timings
    outcome: Plan | dict[str, Any]
    fail_at_step: int | None = None
    failure: dict[str, Any] | None = None  # a scripted failure during training
    status: str = "validating_files"
    next_at: float | None = None
    remaining: float | None = None  # time left to the next milestone when paused
    step: int = 0
    #: The current run: when its first milestone is due (a step, or the end when every step is
    #: done), and the steps done before it.
    run_at: float | None = None
    run_step: int = 0
    started: bool = False
    model_name: str | None = None
    fine_tuned_model: str | None = None
    finished_at: float | None = None
    error: dict[str, Any] | None = None
    result_files: tuple[str, ...] = ()
    events: list[Event] | None = None
    event_index: dict[str, int] | None = None
    checkpoints: list[dict[str, Any]] | None = None
    history: list[tuple[str, float, Any]] | None = None

    def start(self) -> None:
        """Record creation and schedule the file check. Called once, by the state, when the job is stored."""
        files = f"Validating training file: {self.request.training_file}"
        if self.request.validation_file:
            files += f" and validation file: {self.request.validation_file}"
        self._event(self.created_at, f"Created fine-tuning job: {self.id}")
        self._event(self.created_at, files)
        self.next_at = self.created_at + self.timings.validating

    @property
    def plan(self) -> Plan | None:
        """The training plan, if the files are usable."""
        return self.outcome if isinstance(self.outcome, Plan) else None

    def milestone(self) -> None:
        """Reach the milestone due at ``next_at`` (the state calls this in time order)."""
        at = self.next_at
        assert at is not None
        if self.status == "validating_files":
            self._check_files(at)
        elif self.status == "queued":
            self._run(at)
        elif self.events is None:
            self._end_training(at)
        elif self.plan is not None and self.step < self.plan.total_steps:
            self._train_step(at)
        else:
            self._succeed(at)

    def crash(self, at: float, exc: BaseException) -> None:
        """A milestone raised: this job fails, and only this job."""
        message = f"The job failed due to an internal error of the emulator ({type(exc).__name__}: {exc})."
        error = {"code": "internal_error", "message": message, "param": None}
        self._record(_CRASH, at, error)
        self._fail(at, error)

    # -- transitions the API allows on request ------------------------------------------------

    def cancel(self, now: float) -> None:
        """Cancel from validating_files, queued, running or paused; a 400 otherwise."""
        if self.status not in CANCELLABLE:
            raise bad_request(
                f"Job {self.id} cannot be cancelled: its status is {self.status!r}, and only jobs that are "
                f"{', '.join(CANCELLABLE)} can be cancelled.",
                None,
                "invalid_job_state",
            )
        self._record(_CANCEL, now)
        self._cancel(now)

    def pause(self, now: float) -> None:
        """Pause a running job; its clock stops until it is resumed."""
        if self.status != "running" or self.next_at is None:
            raise bad_request(
                f"Job {self.id} cannot be paused: its status is {self.status!r}, and only running jobs can be paused.",
                None,
                "invalid_job_state",
            )
        self._record(_PAUSE, now)
        self._pause(now)

    def resume(self, now: float) -> None:
        """Resume a paused job: it is queued again, then runs on from the step it reached."""
        if self.status != "paused":
            raise bad_request(
                f"Job {self.id} cannot be resumed: its status is {self.status!r}, and only paused jobs can be resumed.",
                None,
                "invalid_job_state",
            )
        self._record(_RESUME, now)
        self._resume(now)

    def _record(self, kind: str, at: float, detail: Any = None) -> None:
        if self.history is None:
            self.history = []
        self.history.append((kind, at, detail))

    def _cancel(self, now: float) -> None:
        self.status, self.next_at, self.remaining = "cancelled", None, None
        self._event(now, "Fine tuning process stopping due to job cancellation", level="warn")
        self._event(now, "Fine-tuning job cancelled")

    def _pause(self, now: float) -> None:
        upcoming = self.next_at
        if self.events is None:  # the job itself: where its run is now
            self.step, upcoming = self._position(now)
        assert upcoming is not None
        self.remaining, self.next_at, self.status = upcoming - now, None, "paused"
        self._event(now, f"Fine-tuning job paused at step {self.step}/{self._total()}")

    def _resume(self, now: float) -> None:
        self.status, self.next_at = "queued", now + self.timings.resume_queued
        self._event(now, "Fine-tuning job resumed, moving job to queued state")

    # -- the twin that records the events and checkpoints ----------------------------------------

    def twin(self) -> Job:
        """A twin of this job, at its creation, that records its events and checkpoints (with the
        ids and names the job has); ``catch_up`` lives its life on as the job lived it."""
        twin = Job(
            id=self.id,
            request=self.request,
            model=self.model,
            seed=self.seed,
            created_at=self.created_at,
            host=_Replaying(self.host, self),
            timings=self.timings,
            outcome=self.outcome,
            fail_at_step=self.fail_at_step,
            failure=self.failure,
            events=[],
            event_index={},
            checkpoints=[],
        )
        twin.start()
        return twin

    def catch_up(self, job: Job, applied: int, now: float) -> int:
        """Live this twin's life on to ``now`` as ``job`` lived it, from the first of ``job``'s
        history not yet ``applied`` to the twin; returns how many are applied now.

        What was done to the job happens to the twin at the same moments, after the milestones
        due by then (the state replays those before a request changes anything), and a milestone
        that crashed crashes again (it is deterministic) and fails the twin as it failed the job.
        """
        history = job.history or []
        for kind, at, detail in history[applied:]:
            self._run_until(at, inclusive=kind != _CRASH)
            if kind == _CANCEL:
                self._cancel(at)
            elif kind == _PAUSE:
                self._pause(at)
            elif kind == _RESUME:
                self._resume(at)
            else:
                if self.next_at == at:
                    with contextlib.suppress(Exception):
                        self.milestone()
                self._fail(at, detail)
        self._run_until(now, inclusive=True)
        return len(history)

    def _run_until(self, moment: float, *, inclusive: bool) -> None:
        while self.next_at is not None and (self.next_at < moment or (inclusive and self.next_at == moment)):
            self.milestone()

    # -- milestones ---------------------------------------------------------------------------

    def _check_files(self, at: float) -> None:
        if not isinstance(self.outcome, Plan):
            self._fail(at, self.outcome)
            return
        self.status, self.next_at = "queued", at + self.timings.queued
        self._event(at, "Files validated, moving job to queued state")

    def _run(self, at: float) -> None:
        plan = self.plan
        assert plan is not None
        self.status = "running"
        if not self.started:
            self.started = True
            self.model_name = self.host.fine_tuned_name(self)
            self._event(at, "Fine-tuning job started", null_data=True)
            for note in plan.notes:
                self._event(at, note)
            self.run_at = at + self.timings.startup + self.timings.step
        else:
            self._event(at, f"Fine-tuning job resumed at step {self.step}/{plan.total_steps}")
            self.run_at = at + (self.remaining if self.remaining is not None else self.timings.step)
            self.remaining = None
        self.run_step = self.step
        # A twin lives each step; the job itself only its end.
        self.next_at = self.run_at if self.events is not None else self._end_of_training()[0]

    # -- where a run is: step k of a run is due (k - 1) step times after its first ---------------

    def _step_at(self, k: int) -> float:
        assert self.run_at is not None
        return self.run_at + (k - self.run_step - 1) * self.timings.step

    def _end_of_training(self) -> tuple[float, bool]:
        """When the current run ends, and whether it ends in the scripted failure."""
        plan = self.plan
        assert plan is not None and self.run_at is not None
        total = plan.total_steps
        fail = self.fail_at_step
        if self.failure is not None and fail is not None and self.run_step < fail <= total:
            return self._step_at(fail), True
        if self.run_step >= total:
            return self.run_at, False
        return self._step_at(total) + self.timings.finishing, False

    def _position(self, now: float) -> tuple[int, float]:
        """The steps a running job has done at ``now``, and when its next milestone is due, as its
        twin has them (the steps due by ``now`` done)."""
        plan = self.plan
        assert plan is not None and self.run_at is not None
        total = plan.total_steps
        if self.run_step >= total:
            return total, self.run_at
        done = self.run_step
        if self.timings.step > 0 and now >= self.run_at:
            done = min(total, self.run_step + 1 + int((now - self.run_at) // self.timings.step))
        elif now >= self.run_at:
            done = total
        while done > self.run_step and self._step_at(done) > now:
            done -= 1
        while done < total and self._step_at(done + 1) <= now:
            done += 1
        upcoming = self._step_at(done + 1) if done < total else self._step_at(total) + self.timings.finishing
        return done, upcoming

    def _end_training(self, at: float) -> None:
        """The end of the job's run (the job itself: its twin lives each step)."""
        plan = self.plan
        assert plan is not None
        _, fails = self._end_of_training()
        if fails:
            assert self.failure is not None and self.fail_at_step is not None
            self.step = self.fail_at_step
            self._fail(at, self.failure)
        else:
            self.step = plan.total_steps
            self._succeed(at)

    def _train_step(self, at: float) -> None:
        plan = self.plan
        assert plan is not None
        self.step += 1
        if self.events is not None:  # a twin: the step's metrics event, and its checkpoint if one is made
            data = plan.curve.data(self.step)
            self._event(at, plan.curve.message(self.step, data), type="metrics", data=data)
            values = plan.curve.checkpoint(self.step, data)
            if values is not None:
                self._checkpoint(at, values, plan.curve.keep)
        if self.failure is not None and self.step == self.fail_at_step:
            self._fail(at, self.failure)
            return
        total = plan.total_steps
        self.next_at = self._step_at(self.step + 1) if self.step < total else at + self.timings.finishing

    def _checkpoint(self, at: float, values: dict[str, float], keep: str) -> None:
        # The emulator knows a checkpoint's name by the checkpoints the job keeps (State.checkpoint_job).
        checkpoints = self.checkpoints
        assert checkpoints is not None
        name = f"{self.model_name}:ckpt-step-{self.step}"
        checkpoints.append(
            {
                "object": "fine_tuning.job.checkpoint",
                "id": self.host.derived_id("ftckpt_", f"{self.id}:step:{self.step}"),
                "created_at": int(at),
                "fine_tuned_model_checkpoint": name,
                "fine_tuning_job_id": self.id,
                "metrics": values,
                "step_number": self.step,
            }
        )
        if len(checkpoints) > KEPT_CHECKPOINTS:
            if keep == "best":
                worst = min(checkpoints, key=lambda c: (c["metrics"].get("valid_reward_mean", 0.0), c["step_number"]))
            else:
                worst = checkpoints[0]
            checkpoints.remove(worst)
        self._event(at, f"Checkpoint created at step {self.step} with Snapshot ID: {name}")

    def _succeed(self, at: float) -> None:
        assert self.plan is not None and self.model_name is not None
        self.fine_tuned_model = self.model_name
        self.result_files = (self.host.result_file(self, at),)
        self.status, self.next_at, self.finished_at = "succeeded", None, at
        self._event(at, f"New fine-tuned model created: {self.fine_tuned_model}")
        self._event(at, "Evaluating model against our usage policies")
        self._event(at, "Usage policy evaluations completed, model is now enabled for sampling")
        self._event(at, "Fine tuning job successfully completed")

    def _fail(self, at: float, error: dict[str, Any]) -> None:
        self.error = dict(error)
        self.status, self.next_at, self.finished_at, self.remaining = "failed", None, at, None
        self._event(at, str(error.get("message") or "Fine-tuning job failed"), level="error")

    # -- reading --------------------------------------------------------------------------------

    def _total(self) -> int:
        plan = self.plan
        return plan.total_steps if plan else 0

    def _event(
        self,
        at: float,
        message: str,
        *,
        level: str = "info",
        type: str = "message",
        data: dict[str, Any] | None = None,
        null_data: bool = False,
    ) -> None:
        # Observed: "Fine-tuning job started" carries data null where other messages carry {}.
        events, index = self.events, self.event_index
        if events is None or index is None:
            return  # the job itself: its twin records the events
        payload = None if null_data else (data if data is not None else {})
        event = Event(self.host.derived_id("ftevent-", f"{self.id}:{len(events)}"), at, level, message, type, payload)
        index[event.id] = len(events)
        events.append(event)

    def estimated_finish(self) -> int | None:
        """When a running job should finish: the end of its run, had it no scripted failure."""
        plan = self.plan
        if self.status != "running" or self.next_at is None or plan is None or self.run_at is None:
            return None
        if self.run_step >= plan.total_steps:
            return int(self.run_at)
        return int(self._step_at(plan.total_steps) + self.timings.finishing)

    def to_json(self) -> dict[str, Any]:
        """The ``fine_tuning.job`` object as the API sends it."""
        plan = self.plan
        # Observed: the API shows "auto" until the job runs, then the values it chose.
        hyperparameters = plan.hyperparameters if (plan is not None and self.started) else self.request.hyperparameters
        method_config: dict[str, Any] = {"hyperparameters": dict(hyperparameters)}
        if self.request.grader is not None:
            method_config["grader"] = self.request.grader
        return {
            "object": "fine_tuning.job",
            "id": self.id,
            "model": self.model,
            "created_at": int(self.created_at),
            "finished_at": None if self.finished_at is None else int(self.finished_at),
            "fine_tuned_model": self.fine_tuned_model,
            "organization_id": ORGANIZATION_ID,
            "result_files": list(self.result_files),
            "status": self.status,
            "validation_file": self.request.validation_file,
            "training_file": self.request.training_file,
            # The spec requires this object for every method; it mirrors the method's values.
            "hyperparameters": {
                key: hyperparameters[key] for key in ("batch_size", "learning_rate_multiplier", "n_epochs")
            },
            "trained_tokens": plan.trained_tokens if self.status == "succeeded" and plan else None,
            "error": self.error,
            "seed": self.seed,
            "estimated_finish": self.estimated_finish(),
            "integrations": list(self.request.integrations or []),
            "method": {"type": self.request.method, self.request.method: method_config},
            "metadata": self.request.metadata,
            "user_provided_suffix": self.request.suffix,
        }


def natural_duration(timings: Timings, steps: int, fail_at_step: int | None, fails_at_validation: bool) -> float:
    """Emulated seconds from creation to the end, for a job of ``steps`` steps.

    >>> natural_duration(Timings(), 10, None, False)
    25.0
    """
    if fails_at_validation:
        return timings.validating
    ran = steps if fail_at_step is None else min(fail_at_step, steps)
    total = timings.validating + timings.queued + timings.startup + ran * timings.step
    return total + (timings.finishing if fail_at_step is None else 0.0)


def steps_per_epoch(n_examples: int, batch_size: int) -> int:
    """Optimizer steps in one pass over ``n_examples`` examples.

    >>> steps_per_epoch(10, 3)
    4
    """
    return max(1, math.ceil(n_examples / batch_size))
