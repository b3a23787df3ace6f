"""Fine-tuning methods and integrations, checked before any request.

``Method.supervised``, ``Method.dpo`` and ``Method.reinforcement`` return the generated
``FineTuneMethod``; ``Integration.wandb`` the generated integration of a job request. Each
hyperparameter is ``"auto"`` (the default, which sends nothing and lets the API choose)
or a value in the API's documented range. ``as_method``, ``as_hyperparameters`` and
``as_integrations`` turn builder results, generated models or plain dicts into checked
models, with the same checks as the builders.

>>> Method.supervised(n_epochs=3).to_dict()
{'type': 'supervised', 'supervised': {'hyperparameters': {'n_epochs': 3}}}
>>> Method.dpo(beta=0)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ftkit.errors.ValidationError: method.dpo.hyperparameters.beta: 0 is not allowed; expected 'auto' or a number greater ...
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal, TypeAlias

from ftkit_api.models.create_fine_tuning_job_request_hyperparameters import CreateFineTuningJobRequestHyperparameters
from ftkit_api.models.create_fine_tuning_job_request_integrations_type_0_item import (
    CreateFineTuningJobRequestIntegrationsType0Item,
)
from ftkit_api.models.fine_tune_method import FineTuneMethod
from ftkit_api.models.fine_tune_method_type import FineTuneMethodType
from ftkit_api.models.fine_tune_reinforcement_hyperparameters import FineTuneReinforcementHyperparameters
from ftkit_api.models.fine_tune_reinforcement_hyperparameters_reasoning_effort import (
    FineTuneReinforcementHyperparametersReasoningEffort,
)
from ftkit_api.models.fine_tune_reinforcement_method import FineTuneReinforcementMethod
from ftkit_api.models.fine_tuning_job_integration import FineTuningJobIntegration

from ._checks import MISSING, Bounds, check_choice, check_list, check_object, check_str, enum_values
from .errors import ValidationError
from .grader_builders import GraderModel, as_grader

__all__ = [
    "HYPERPARAMETERS",
    "METHODS",
    "Integration",
    "IntegrationModel",
    "Method",
    "as_hyperparameters",
    "as_integrations",
    "as_method",
]

Auto: TypeAlias = Literal["auto"]
ReasoningEffort: TypeAlias = Literal["default", "low", "medium", "high"]
IntegrationModel: TypeAlias = CreateFineTuningJobRequestIntegrationsType0Item
MethodLike: TypeAlias = FineTuneMethod | Mapping[str, Any]
# A label_model grader is refused at run time with an explanation; the type says so earlier.
TopLevelGraderLike: TypeAlias = GraderModel | Mapping[str, Any]
IntegrationLike: TypeAlias = IntegrationModel | FineTuningJobIntegration | Mapping[str, Any]

# Ranges from spec/effective.yaml (FineTune*Hyperparameters): each may also be "auto".
N_EPOCHS: Final = Bounds(integer=True, minimum=1, maximum=50)
BATCH_SIZE: Final = Bounds(integer=True, minimum=1, maximum=256)
LEARNING_RATE_MULTIPLIER: Final = Bounds(integer=False, minimum=0, exclusive_minimum=True)
BETA: Final = Bounds(integer=False, minimum=0, maximum=2, exclusive_minimum=True)
COMPUTE_MULTIPLIER: Final = Bounds(integer=False, minimum=0.00001, maximum=10, exclusive_minimum=True)
EVAL_INTERVAL: Final = Bounds(integer=True, minimum=1)
EVAL_SAMPLES: Final = Bounds(integer=True, minimum=1)
REASONING_EFFORTS: Final = enum_values(FineTuneReinforcementHyperparametersReasoningEffort)

# A hyperparameter is either "auto" or a number in Bounds, or one of a few words.
Rule: TypeAlias = Bounds | tuple[str, ...]
SUPERVISED_HYPERPARAMETERS: Final[Mapping[str, Rule]] = {
    "n_epochs": N_EPOCHS,
    "batch_size": BATCH_SIZE,
    "learning_rate_multiplier": LEARNING_RATE_MULTIPLIER,
}
DPO_HYPERPARAMETERS: Final[Mapping[str, Rule]] = {**SUPERVISED_HYPERPARAMETERS, "beta": BETA}
REINFORCEMENT_HYPERPARAMETERS: Final[Mapping[str, Rule]] = {
    **SUPERVISED_HYPERPARAMETERS,
    "compute_multiplier": COMPUTE_MULTIPLIER,
    "eval_interval": EVAL_INTERVAL,
    "eval_samples": EVAL_SAMPLES,
    "reasoning_effort": REASONING_EFFORTS,
}
#: Each method's hyperparameters and the rule each follows: the one table of them (the
#: builders, the dict checks and the command line's options all read it).
HYPERPARAMETERS: Final[Mapping[str, Mapping[str, Rule]]] = {
    "supervised": SUPERVISED_HYPERPARAMETERS,
    "dpo": DPO_HYPERPARAMETERS,
    "reinforcement": REINFORCEMENT_HYPERPARAMETERS,
}
#: The fine-tuning methods, in the order the documentation gives them.
METHODS: Final = tuple(HYPERPARAMETERS)
# The value each builder argument defaults to; such a value is not sent, as in the API
# reference's request examples, which carry only the hyperparameters they set.
_DEFAULTS: Final[Mapping[str, str]] = {"reasoning_effort": "default"}


class Method:
    """Builders of the ``method`` of a fine-tuning job; each returns the generated ``FineTuneMethod``.

    >>> Method.dpo(beta=0.1).to_dict()
    {'type': 'dpo', 'dpo': {'hyperparameters': {'beta': 0.1}}}
    """

    @staticmethod
    def supervised(
        *,
        n_epochs: int | Auto = "auto",
        batch_size: int | Auto = "auto",
        learning_rate_multiplier: float | Auto = "auto",
    ) -> FineTuneMethod:
        """Supervised fine-tuning: ``n_epochs`` 1-50, ``batch_size`` 1-256,
        ``learning_rate_multiplier`` > 0, each ``"auto"`` by default.

        >>> Method.supervised().to_dict()
        {'type': 'supervised', 'supervised': {}}
        """
        settings = _settings(
            n_epochs=n_epochs, batch_size=batch_size, learning_rate_multiplier=learning_rate_multiplier
        )
        return as_method({"type": "supervised", "supervised": settings})

    @staticmethod
    def dpo(
        *,
        beta: float | Auto = "auto",
        n_epochs: int | Auto = "auto",
        batch_size: int | Auto = "auto",
        learning_rate_multiplier: float | Auto = "auto",
    ) -> FineTuneMethod:
        """Direct preference optimization: ``beta`` in (0, 2] and the supervised hyperparameters.

        >>> Method.dpo(beta=0.1, n_epochs=2).to_dict()["dpo"]
        {'hyperparameters': {'beta': 0.1, 'n_epochs': 2}}
        """
        settings = _settings(
            beta=beta, n_epochs=n_epochs, batch_size=batch_size, learning_rate_multiplier=learning_rate_multiplier
        )
        return as_method({"type": "dpo", "dpo": settings})

    @staticmethod
    def reinforcement(
        grader: TopLevelGraderLike,
        *,
        n_epochs: int | Auto = "auto",
        batch_size: int | Auto = "auto",
        learning_rate_multiplier: float | Auto = "auto",
        compute_multiplier: float | Auto = "auto",
        eval_interval: int | Auto = "auto",
        eval_samples: int | Auto = "auto",
        reasoning_effort: ReasoningEffort = "default",
    ) -> FineTuneMethod:
        """Reinforcement fine-tuning with ``grader`` (any kind but label_model, which goes
        inside a multi grader): ``compute_multiplier`` in (0.00001, 10], ``eval_interval``
        and ``eval_samples`` >= 1, ``reasoning_effort`` default/low/medium/high, and the
        supervised hyperparameters.

        >>> from ftkit.grader_builders import Grader
        >>> exact = Grader.string_check("exact", "{{sample.output_text}}", "{{item.label}}", "eq")
        >>> Method.reinforcement(exact, reasoning_effort="medium").to_dict()["reinforcement"]["hyperparameters"]
        {'reasoning_effort': 'medium'}
        """
        settings = _settings(
            n_epochs=n_epochs,
            batch_size=batch_size,
            learning_rate_multiplier=learning_rate_multiplier,
            compute_multiplier=compute_multiplier,
            eval_interval=eval_interval,
            eval_samples=eval_samples,
            reasoning_effort=reasoning_effort,
        )
        return as_method({"type": "reinforcement", "reinforcement": {"grader": grader, **settings}})


class Integration:
    """Builders of the ``integrations`` of a fine-tuning job.

    >>> Integration.wandb("my-wandb-project", tags=["v2"]).to_dict()
    {'type': 'wandb', 'wandb': {'project': 'my-wandb-project', 'tags': ['v2']}}
    """

    @staticmethod
    def wandb(
        project: str, name: str | None = None, entity: str | None = None, tags: Sequence[str] | None = None
    ) -> IntegrationModel:
        """Send the job's metrics to Weights and Biases: ``project``, and optionally the run's
        display ``name``, the ``entity`` (team or user) and ``tags``.

        >>> Integration.wandb("my-wandb-project", name="ft-run-display-name").to_dict()["wandb"]
        {'project': 'my-wandb-project', 'name': 'ft-run-display-name'}
        """
        settings: dict[str, Any] = {"project": project}
        for key, value in (("name", name), ("entity", entity), ("tags", tags)):
            if value is not None:
                settings[key] = value
        return _integration({"type": "wandb", "wandb": settings}, "integration")


def _settings(**hyperparameters: object) -> dict[str, Any]:
    # A builder's method settings: only the hyperparameters that differ from their default.
    chosen = {
        key: value
        for key, value in hyperparameters.items()
        if not (isinstance(value, str) and value == _DEFAULTS.get(key, "auto"))
    }
    return {"hyperparameters": chosen} if chosen else {}


def as_method(value: MethodLike) -> FineTuneMethod:
    """A checked ``FineTuneMethod`` from a builder result, a generated model or a dict.

    >>> as_method({"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.5}}}).to_dict()
    {'type': 'dpo', 'dpo': {'hyperparameters': {'beta': 0.5}}}
    >>> as_method({"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": True}}})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ftkit.errors.ValidationError: method.supervised.hyperparameters.n_epochs: True is not allowed; expected ...
    """
    raw = check_object("method", value, ("type", "supervised", "dpo", "reinforcement"))
    kind = check_choice("method.type", raw.get("type", MISSING), enum_values(FineTuneMethodType))
    for other in ("supervised", "dpo", "reinforcement"):
        if other != kind and other in raw:
            raise ValidationError(f"method.{other}", raw[other], f"no {other} settings in a method of type {kind!r}")
    if kind != "reinforcement":
        checked: dict[str, Any] = {"type": kind}
        if kind in raw:
            settings = check_object(f"method.{kind}", raw[kind], ("hyperparameters",))
            checked[kind] = {}
            if "hyperparameters" in settings:
                path = f"method.{kind}.hyperparameters"
                rules = HYPERPARAMETERS[kind]
                checked[kind]["hyperparameters"] = _hyperparameters(path, settings["hyperparameters"], rules)
        return FineTuneMethod.from_dict(checked)
    settings = check_object(
        "method.reinforcement",
        raw.get("reinforcement", MISSING),
        ("grader", "hyperparameters"),
        what="the reinforcement settings: an object with a grader",
    )
    # Built by hand rather than with from_dict: the generated parser of a multi grader's
    # map reads a label_model grader as a score_model one.
    grader: GraderModel = as_grader(settings.get("grader", MISSING), argument="method.reinforcement.grader")
    reinforcement = FineTuneReinforcementMethod(grader=grader)
    if "hyperparameters" in settings:
        reinforcement.hyperparameters = FineTuneReinforcementHyperparameters.from_dict(
            _hyperparameters(
                "method.reinforcement.hyperparameters", settings["hyperparameters"], HYPERPARAMETERS["reinforcement"]
            )
        )
    return FineTuneMethod(type_=FineTuneMethodType.REINFORCEMENT, reinforcement=reinforcement)


def _hyperparameters(path: str, value: object, rules: Mapping[str, Rule]) -> dict[str, Any]:
    raw = check_object(path, value, rules)
    checked: dict[str, Any] = {}
    for key, item in raw.items():
        rule = rules[key]
        if isinstance(rule, Bounds):
            checked[key] = rule.check(f"{path}.{key}", item, auto=True)
        else:
            checked[key] = check_choice(f"{path}.{key}", item, rule)
    return checked


def as_hyperparameters(
    value: CreateFineTuningJobRequestHyperparameters | Mapping[str, Any],
) -> CreateFineTuningJobRequestHyperparameters:
    """Checked top-level ``hyperparameters`` of a job request (deprecated by the API in favour
    of ``method``; same ranges as the supervised method).

    >>> as_hyperparameters({"n_epochs": 4}).to_dict()
    {'n_epochs': 4}
    """
    return CreateFineTuningJobRequestHyperparameters.from_dict(
        _hyperparameters("hyperparameters", value, SUPERVISED_HYPERPARAMETERS)
    )


def as_integrations(value: Sequence[IntegrationLike]) -> list[IntegrationModel]:
    """Checked ``integrations`` of a job request from builder results, generated models or dicts.

    >>> as_integrations([{"type": "wandb", "wandb": {"project": "p"}}])[0].wandb.project
    'p'
    """
    items = check_list("integrations", value, what="a list of integrations (Integration.wandb(...))")
    return [_integration(item, f"integrations[{index}]") for index, item in enumerate(items)]


def _integration(value: object, path: str) -> IntegrationModel:
    raw = check_object(path, value, ("type", "wandb"), what="an integration: Integration.wandb(project)")
    kind = check_choice(f"{path}.type", raw.get("type", MISSING), ("wandb",))
    settings = check_object(f"{path}.wandb", raw.get("wandb", MISSING), ("project", "name", "entity", "tags"))
    checked: dict[str, Any] = {"project": check_str(f"{path}.wandb.project", settings.get("project", MISSING))}
    for key in ("name", "entity"):
        # Both are nullable: null asks for the API's default, as leaving them out does.
        if key in settings:
            checked[key] = None if settings[key] is None else check_str(f"{path}.wandb.{key}", settings[key])
    if "tags" in settings:
        tags = check_list(f"{path}.wandb.tags", settings["tags"], what="a list of tags (strings)")
        checked["tags"] = [check_str(f"{path}.wandb.tags[{index}]", tag) for index, tag in enumerate(tags)]
    return IntegrationModel.from_dict({"type": kind, "wandb": checked})
