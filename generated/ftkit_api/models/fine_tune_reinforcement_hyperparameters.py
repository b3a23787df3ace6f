from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.fine_tune_reinforcement_hyperparameters_batch_size_type_0 import (
    FineTuneReinforcementHyperparametersBatchSizeType0,
)
from ..models.fine_tune_reinforcement_hyperparameters_compute_multiplier_type_0 import (
    FineTuneReinforcementHyperparametersComputeMultiplierType0,
)
from ..models.fine_tune_reinforcement_hyperparameters_eval_interval_type_0 import (
    FineTuneReinforcementHyperparametersEvalIntervalType0,
)
from ..models.fine_tune_reinforcement_hyperparameters_eval_samples_type_0 import (
    FineTuneReinforcementHyperparametersEvalSamplesType0,
)
from ..models.fine_tune_reinforcement_hyperparameters_learning_rate_multiplier_type_0 import (
    FineTuneReinforcementHyperparametersLearningRateMultiplierType0,
)
from ..models.fine_tune_reinforcement_hyperparameters_n_epochs_type_0 import (
    FineTuneReinforcementHyperparametersNEpochsType0,
)
from ..models.fine_tune_reinforcement_hyperparameters_reasoning_effort import (
    FineTuneReinforcementHyperparametersReasoningEffort,
)
from ..types import UNSET, LazySource, Unset, field_value_error

T = TypeVar("T", bound="FineTuneReinforcementHyperparameters")


@_attrs_define
class FineTuneReinforcementHyperparameters(LazySource):
    """The hyperparameters used for the reinforcement fine-tuning job.

    Attributes:
        batch_size (FineTuneReinforcementHyperparametersBatchSizeType0 | int | Unset): Number of examples in each batch.
            A larger batch size means that model parameters are updated less frequently, but with lower variance.
             Default: FineTuneReinforcementHyperparametersBatchSizeType0.AUTO.
        learning_rate_multiplier (FineTuneReinforcementHyperparametersLearningRateMultiplierType0 | float | Unset):
            Scaling factor for the learning rate. A smaller learning rate may be useful to avoid overfitting.
             Default: FineTuneReinforcementHyperparametersLearningRateMultiplierType0.AUTO.
        n_epochs (FineTuneReinforcementHyperparametersNEpochsType0 | int | Unset): The number of epochs to train the
            model for. An epoch refers to one full cycle through the training dataset.
             Default: FineTuneReinforcementHyperparametersNEpochsType0.AUTO.
        reasoning_effort (FineTuneReinforcementHyperparametersReasoningEffort | Unset): Level of reasoning effort.
             Default: FineTuneReinforcementHyperparametersReasoningEffort.DEFAULT.
        compute_multiplier (FineTuneReinforcementHyperparametersComputeMultiplierType0 | float | Unset): Multiplier on
            amount of compute used for exploring search space during training.
             Default: FineTuneReinforcementHyperparametersComputeMultiplierType0.AUTO.
        eval_interval (FineTuneReinforcementHyperparametersEvalIntervalType0 | int | Unset): The number of training
            steps between evaluation runs.
             Default: FineTuneReinforcementHyperparametersEvalIntervalType0.AUTO.
        eval_samples (FineTuneReinforcementHyperparametersEvalSamplesType0 | int | Unset): Number of evaluation samples
            to generate per training step.
             Default: FineTuneReinforcementHyperparametersEvalSamplesType0.AUTO.
    """

    batch_size: FineTuneReinforcementHyperparametersBatchSizeType0 | int | Unset = (
        FineTuneReinforcementHyperparametersBatchSizeType0.AUTO
    )
    learning_rate_multiplier: FineTuneReinforcementHyperparametersLearningRateMultiplierType0 | float | Unset = (
        FineTuneReinforcementHyperparametersLearningRateMultiplierType0.AUTO
    )
    n_epochs: FineTuneReinforcementHyperparametersNEpochsType0 | int | Unset = (
        FineTuneReinforcementHyperparametersNEpochsType0.AUTO
    )
    reasoning_effort: FineTuneReinforcementHyperparametersReasoningEffort | Unset = (
        FineTuneReinforcementHyperparametersReasoningEffort.DEFAULT
    )
    compute_multiplier: FineTuneReinforcementHyperparametersComputeMultiplierType0 | float | Unset = (
        FineTuneReinforcementHyperparametersComputeMultiplierType0.AUTO
    )
    eval_interval: FineTuneReinforcementHyperparametersEvalIntervalType0 | int | Unset = (
        FineTuneReinforcementHyperparametersEvalIntervalType0.AUTO
    )
    eval_samples: FineTuneReinforcementHyperparametersEvalSamplesType0 | int | Unset = (
        FineTuneReinforcementHyperparametersEvalSamplesType0.AUTO
    )
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        _v: Any
        _v = self.batch_size
        if _v is not UNSET:
            if _v is None:
                field_dict["batch_size"] = None
            else:
                batch_size: Any

                if isinstance(_v, Unset):
                    batch_size = UNSET
                elif isinstance(_v, FineTuneReinforcementHyperparametersBatchSizeType0):
                    batch_size = _v.value
                else:
                    batch_size = _v
                field_dict["batch_size"] = batch_size
        _v = self.learning_rate_multiplier
        if _v is not UNSET:
            if _v is None:
                field_dict["learning_rate_multiplier"] = None
            else:
                learning_rate_multiplier: Any

                if isinstance(_v, Unset):
                    learning_rate_multiplier = UNSET
                elif isinstance(_v, FineTuneReinforcementHyperparametersLearningRateMultiplierType0):
                    learning_rate_multiplier = _v.value
                else:
                    learning_rate_multiplier = _v
                field_dict["learning_rate_multiplier"] = learning_rate_multiplier
        _v = self.n_epochs
        if _v is not UNSET:
            if _v is None:
                field_dict["n_epochs"] = None
            else:
                n_epochs: Any

                if isinstance(_v, Unset):
                    n_epochs = UNSET
                elif isinstance(_v, FineTuneReinforcementHyperparametersNEpochsType0):
                    n_epochs = _v.value
                else:
                    n_epochs = _v
                field_dict["n_epochs"] = n_epochs
        _v = self.reasoning_effort
        if _v is not UNSET:
            if _v is None:
                field_dict["reasoning_effort"] = None
            else:
                reasoning_effort: Any
                reasoning_effort = UNSET
                if not isinstance(_v, Unset):
                    reasoning_effort = _v.value

                field_dict["reasoning_effort"] = reasoning_effort
        _v = self.compute_multiplier
        if _v is not UNSET:
            if _v is None:
                field_dict["compute_multiplier"] = None
            else:
                compute_multiplier: Any

                if isinstance(_v, Unset):
                    compute_multiplier = UNSET
                elif isinstance(_v, FineTuneReinforcementHyperparametersComputeMultiplierType0):
                    compute_multiplier = _v.value
                else:
                    compute_multiplier = _v
                field_dict["compute_multiplier"] = compute_multiplier
        _v = self.eval_interval
        if _v is not UNSET:
            if _v is None:
                field_dict["eval_interval"] = None
            else:
                eval_interval: Any

                if isinstance(_v, Unset):
                    eval_interval = UNSET
                elif isinstance(_v, FineTuneReinforcementHyperparametersEvalIntervalType0):
                    eval_interval = _v.value
                else:
                    eval_interval = _v
                field_dict["eval_interval"] = eval_interval
        _v = self.eval_samples
        if _v is not UNSET:
            if _v is None:
                field_dict["eval_samples"] = None
            else:
                eval_samples: Any

                if isinstance(_v, Unset):
                    eval_samples = UNSET
                elif isinstance(_v, FineTuneReinforcementHyperparametersEvalSamplesType0):
                    eval_samples = _v.value
                else:
                    eval_samples = _v
                field_dict["eval_samples"] = eval_samples

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Read the model from a JSON object, leniently and lazily (ftkit, issues 9 and 12).

        Any field the object leaves out, required by the spec or not, reads as `UNSET`, and
        any field sent as null reads as `None`; `to_dict()` gives both back as they came.
        Checked here, eagerly: that `src_dict` is a JSON object (TypeError otherwise), the
        single-value enum tags (`type`, `object`; a different value is a ValueError, so the
        union parsers can tell the members apart) and the unions whose only converted
        members are enums (`"auto" | int`). Fields that need no converting are set here.
        Every other field (nested models, lists of models, unions with models, multi-value
        enums, dates) and `additional_properties` are converted from a shallow copy of
        `src_dict` on first access, and kept; a malformed value raises `FieldValueError`
        (a ValueError naming the model and the field) at that access.
        """
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(
                f"FineTuneReinforcementHyperparameters: expected a JSON object, got {type(src_dict).__name__}"
            )
        d = dict(src_dict)
        _g: Any = d.get
        fine_tune_reinforcement_hyperparameters = cls.__new__(cls)
        fine_tune_reinforcement_hyperparameters._src = d
        _v = _g("batch_size", UNSET)
        if _v is None or _v is UNSET:
            fine_tune_reinforcement_hyperparameters.batch_size = _g("batch_size", UNSET)
        else:

            def _parse_batch_size(data: object) -> FineTuneReinforcementHyperparametersBatchSizeType0 | int | Unset:
                if isinstance(data, Unset):
                    return data
                if isinstance(data, str):
                    try:
                        batch_size_type_0 = FineTuneReinforcementHyperparametersBatchSizeType0(data)

                        return batch_size_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                return cast("FineTuneReinforcementHyperparametersBatchSizeType0 | int | Unset", data)

            batch_size = _parse_batch_size(_v)

            fine_tune_reinforcement_hyperparameters.batch_size = batch_size
        _v = _g("learning_rate_multiplier", UNSET)
        if _v is None or _v is UNSET:
            fine_tune_reinforcement_hyperparameters.learning_rate_multiplier = _g("learning_rate_multiplier", UNSET)
        else:

            def _parse_learning_rate_multiplier(
                data: object,
            ) -> FineTuneReinforcementHyperparametersLearningRateMultiplierType0 | float | Unset:
                if isinstance(data, Unset):
                    return data
                if isinstance(data, str):
                    try:
                        learning_rate_multiplier_type_0 = (
                            FineTuneReinforcementHyperparametersLearningRateMultiplierType0(data)
                        )

                        return learning_rate_multiplier_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                return cast("FineTuneReinforcementHyperparametersLearningRateMultiplierType0 | float | Unset", data)

            learning_rate_multiplier = _parse_learning_rate_multiplier(_v)

            fine_tune_reinforcement_hyperparameters.learning_rate_multiplier = learning_rate_multiplier
        _v = _g("n_epochs", UNSET)
        if _v is None or _v is UNSET:
            fine_tune_reinforcement_hyperparameters.n_epochs = _g("n_epochs", UNSET)
        else:

            def _parse_n_epochs(data: object) -> FineTuneReinforcementHyperparametersNEpochsType0 | int | Unset:
                if isinstance(data, Unset):
                    return data
                if isinstance(data, str):
                    try:
                        n_epochs_type_0 = FineTuneReinforcementHyperparametersNEpochsType0(data)

                        return n_epochs_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                return cast("FineTuneReinforcementHyperparametersNEpochsType0 | int | Unset", data)

            n_epochs = _parse_n_epochs(_v)

            fine_tune_reinforcement_hyperparameters.n_epochs = n_epochs
        _v = _g("compute_multiplier", UNSET)
        if _v is None or _v is UNSET:
            fine_tune_reinforcement_hyperparameters.compute_multiplier = _g("compute_multiplier", UNSET)
        else:

            def _parse_compute_multiplier(
                data: object,
            ) -> FineTuneReinforcementHyperparametersComputeMultiplierType0 | float | Unset:
                if isinstance(data, Unset):
                    return data
                if isinstance(data, str):
                    try:
                        compute_multiplier_type_0 = FineTuneReinforcementHyperparametersComputeMultiplierType0(data)

                        return compute_multiplier_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                return cast("FineTuneReinforcementHyperparametersComputeMultiplierType0 | float | Unset", data)

            compute_multiplier = _parse_compute_multiplier(_v)

            fine_tune_reinforcement_hyperparameters.compute_multiplier = compute_multiplier
        _v = _g("eval_interval", UNSET)
        if _v is None or _v is UNSET:
            fine_tune_reinforcement_hyperparameters.eval_interval = _g("eval_interval", UNSET)
        else:

            def _parse_eval_interval(
                data: object,
            ) -> FineTuneReinforcementHyperparametersEvalIntervalType0 | int | Unset:
                if isinstance(data, Unset):
                    return data
                if isinstance(data, str):
                    try:
                        eval_interval_type_0 = FineTuneReinforcementHyperparametersEvalIntervalType0(data)

                        return eval_interval_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                return cast("FineTuneReinforcementHyperparametersEvalIntervalType0 | int | Unset", data)

            eval_interval = _parse_eval_interval(_v)

            fine_tune_reinforcement_hyperparameters.eval_interval = eval_interval
        _v = _g("eval_samples", UNSET)
        if _v is None or _v is UNSET:
            fine_tune_reinforcement_hyperparameters.eval_samples = _g("eval_samples", UNSET)
        else:

            def _parse_eval_samples(data: object) -> FineTuneReinforcementHyperparametersEvalSamplesType0 | int | Unset:
                if isinstance(data, Unset):
                    return data
                if isinstance(data, str):
                    try:
                        eval_samples_type_0 = FineTuneReinforcementHyperparametersEvalSamplesType0(data)

                        return eval_samples_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                return cast("FineTuneReinforcementHyperparametersEvalSamplesType0 | int | Unset", data)

            eval_samples = _parse_eval_samples(_v)

            fine_tune_reinforcement_hyperparameters.eval_samples = eval_samples
        return fine_tune_reinforcement_hyperparameters

    if not TYPE_CHECKING:
        # Only for the fields from_dict left unset (an unset slot); hidden from type checkers
        # so that a misspelt attribute stays a type error.
        def __getattr__(self, name: str) -> Any:
            load = _LOADERS.get(name)
            if load is None:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            src = self._src
            try:
                value = load(src)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise field_value_error("FineTuneReinforcementHyperparameters", name, exc) from exc
            object.__setattr__(self, name, value)
            return value

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


def _load_reasoning_effort(d: dict[str, Any]) -> Any:
    _v: Any = d.get("reasoning_effort", UNSET)
    if _v is None or _v is UNSET:
        return _v
    _reasoning_effort = _v
    reasoning_effort: FineTuneReinforcementHyperparametersReasoningEffort | Unset
    if isinstance(_reasoning_effort, Unset):
        reasoning_effort = UNSET
    else:
        reasoning_effort = FineTuneReinforcementHyperparametersReasoningEffort(_reasoning_effort)

    return reasoning_effort


_KNOWN: frozenset[str] = frozenset(
    (
        "batch_size",
        "learning_rate_multiplier",
        "n_epochs",
        "reasoning_effort",
        "compute_multiplier",
        "eval_interval",
        "eval_samples",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "reasoning_effort": _load_reasoning_effort,
    "additional_properties": _load_additional_properties,
}
