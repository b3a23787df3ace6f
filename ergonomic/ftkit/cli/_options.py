"""Options several commands share, and how a library ``ValidationError`` becomes a usage
error naming the option. The rules themselves are the library's (``ftkit.methods``,
``ftkit._checks``): options are made from them, never restated."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .._checks import Bounds
from ..errors import ValidationError
from ..methods import HYPERPARAMETERS, METHODS, Method

F = TypeVar("F", bound=Callable[..., Any])

if TYPE_CHECKING:
    # click 8.3+ makes ParamType generic; older versions, which we also support, do not.
    _ParamType = click.ParamType[Any]
else:
    _ParamType = click.ParamType


class _AutoOr(_ParamType):
    """``auto`` or a number: how every numeric hyperparameter is given."""

    def __init__(self, kind: type[int] | type[float]) -> None:
        self.kind = kind
        self.name = "auto|integer" if kind is int else "auto|number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        text = str(value).strip()
        if text.lower() == "auto":
            return "auto"
        try:
            return self.kind(text)
        except ValueError:
            what = "an integer" if self.kind is int else "a number"
            self.fail(f"{value!r} is not 'auto' or {what}", param, ctx)


#: Every hyperparameter any method takes, with its rule and the methods that take it.
_HYPERPARAMETERS: dict[str, tuple[Any, list[str]]] = {}
for _method, _rules in HYPERPARAMETERS.items():
    for _name, _rule in _rules.items():
        _HYPERPARAMETERS.setdefault(_name, (_rule, []))[1].append(_method)


def option_name(argument: str) -> str:
    """The option of ``jobs create`` a library argument name stands for.

    >>> option_name("method.dpo.hyperparameters.beta"), option_name("metadata['team']"), option_name("seed")
    ('--beta', '--metadata', '--seed')
    """
    if argument.startswith("method.") and ".hyperparameters." in argument:
        return "--" + argument.rsplit(".", 1)[-1].replace("_", "-")
    if argument.startswith("method.reinforcement.grader"):
        return "--grader"
    head = argument.split(".", 1)[0].split("[", 1)[0]
    return "--" + head.replace("_", "-")


def usage_error(exc: ValidationError, names: Mapping[str, str] | None = None) -> click.BadParameter:
    """A library ``ValidationError`` as a usage error (exit 2) that names the option, or the
    option or argument ``names`` maps the library's argument to (``{"job_id": "JOB_ID"}``)."""
    message = f"{exc.value!r} is not allowed; expected {exc.allowed}"
    hint = (names or {}).get(exc.argument) or option_name(exc.argument)
    return click.BadParameter(message, param_hint=hint)


def hyperparameter_options(function: F) -> F:
    """``--n-epochs``, ``--beta``, ... : one option per hyperparameter of ``ftkit.methods.HYPERPARAMETERS``."""
    for name, (rule, methods) in reversed(_HYPERPARAMETERS.items()):
        kind: Any
        if isinstance(rule, Bounds):
            kind = _AutoOr(int if rule.integer else float)
            text = f"{rule.describe()}, or auto."
        else:
            kind = click.Choice(rule)
            text = f"one of {', '.join(rule)}."
        text = text[0].upper() + text[1:]
        if len(methods) < len(METHODS):
            text = f"With --method {' or '.join(methods)}: {text[0].lower()}{text[1:]}"
        function = click.option(f"--{name.replace('_', '-')}", name, type=kind, help=text)(function)
    return function


def build_method(kind: str, hyperparameters: Mapping[str, Any], grader: Any = None) -> Any:
    """The checked ``method`` of a job from the command's options; usage errors name the option.

    >>> build_method("supervised", {"n_epochs": 3, "beta": None}).to_dict()
    {'type': 'supervised', 'supervised': {'hyperparameters': {'n_epochs': 3}}}
    """
    given = {key: value for key, value in hyperparameters.items() if value is not None}
    for key in given:
        if key not in HYPERPARAMETERS[kind]:
            takes = " or ".join(_HYPERPARAMETERS[key][1])
            option = "--" + key.replace("_", "-")
            raise click.UsageError(f"{option} applies to --method {takes}, not {kind}")
    if kind == "reinforcement" and grader is None:
        raise click.UsageError("--method reinforcement needs --grader FILE (the grader that scores the samples)")
    if kind != "reinforcement" and grader is not None:
        raise click.UsageError(f"--grader applies to --method reinforcement, not {kind}")
    try:
        if kind == "supervised":
            return Method.supervised(**given)
        if kind == "dpo":
            return Method.dpo(**given)
        return Method.reinforcement(grader, **given)
    except ValidationError as exc:
        raise usage_error(exc) from None


def parse_metadata(pairs: Sequence[str]) -> dict[str, str] | None:
    """``key=value`` options as a dict (None when there are none).

    >>> parse_metadata(["team=search", "run=7"])
    {'team': 'search', 'run': '7'}
    """
    if not pairs:
        return None
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not key=value", param_hint="--metadata")
        out[key] = value
    return out


def poll_interval_option(default: float | None, help: str, dest: str = "poll_interval") -> Callable[[F], F]:
    """A ``--poll-interval SECONDS`` option (jobs, deployments, checkpoint copies): ``default``
    seconds unless given, or set by the ``FTKIT_POLL_INTERVAL`` environment variable."""
    return click.option(
        "--poll-interval",
        dest,
        type=click.FloatRange(min=0, min_open=True),
        default=default,
        show_default=default is not None,
        metavar="SECONDS",
        envvar="FTKIT_POLL_INTERVAL",
        show_envvar=True,
        help=help,
    )


_poll_interval_option = poll_interval_option(
    None, "Seconds between polls (default: adaptive, from 1 s for a young job to 30 s).", dest="poll"
)


def _keep_patience(ctx: click.Context, _param: click.Parameter, value: float | None) -> None:
    from ._env import Env

    if value is not None:
        ctx.ensure_object(Env).patience = value


_patience_option = click.option(
    "--patience",
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    expose_value=False,
    callback=_keep_patience,
    help="Keep polling through an outage this long before giving up (default 600; exit 3 then).",
)


def poll_option(function: F) -> F:
    """``--poll-interval`` and ``--patience`` of the commands that watch a job."""
    return _poll_interval_option(_patience_option(function))


#: ``--training-type`` of ``jobs create`` and ``jobs replay`` (Azure OpenAI's; the library refuses it elsewhere).
training_type_option = click.option(
    "--training-type",
    metavar="TYPE",
    help="Azure OpenAI only: standard (in the resource's region), globalstandard or developer (may train"
    " elsewhere), or a number; never chosen for you.",
)


def list_options(function: F) -> F:
    """``--limit`` and ``--all`` of the list commands."""
    function = click.option(
        "--all", "show_all", is_flag=True, help="Show every item, fetching as many pages as needed."
    )(function)
    return click.option(
        "--limit",
        type=click.IntRange(min=1),
        default=20,
        show_default=True,
        help="Show at most this many items.",
    )(function)


def take(items: Any, limit: int, show_all: bool) -> list[Any]:
    """The first ``limit`` items of a page iteration (all with ``show_all``), fetching only
    the pages needed."""
    return list(items) if show_all else list(itertools.islice(items, limit))


def page_size(limit: int, show_all: bool, maximum: int = 100) -> int:
    """Items per request: no more than will be shown, no more than the API allows."""
    return maximum if show_all else min(limit, maximum)


def with_prompt_loss_weight(method: Any, weight: float) -> dict[str, Any]:
    """The method as the API's JSON with Azure's ``prompt_loss_weight`` among its hyperparameters
    (the library refuses it, naming it, on a server that is not Azure OpenAI).

    >>> from ftkit import Method
    >>> with_prompt_loss_weight(Method.supervised(n_epochs=2), 0.1)["supervised"]
    {'hyperparameters': {'n_epochs': 2, 'prompt_loss_weight': 0.1}}
    """
    raw = method.to_dict()
    kind = raw["type"]
    settings = raw.setdefault(kind, {})
    settings.setdefault("hyperparameters", {})["prompt_loss_weight"] = weight
    return dict(raw)
