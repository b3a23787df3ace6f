from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.fine_tuning_job_hyperparameters_type_0_batch_size_type_0_type_0 import (
    FineTuningJobHyperparametersType0BatchSizeType0Type0,
)
from ..models.fine_tuning_job_hyperparameters_type_0_learning_rate_multiplier_type_0 import (
    FineTuningJobHyperparametersType0LearningRateMultiplierType0,
)
from ..models.fine_tuning_job_hyperparameters_type_0n_epochs_type_0 import (
    FineTuningJobHyperparametersType0NEpochsType0,
)
from ..types import UNSET, LazySource, Unset, field_value_error

T = TypeVar("T", bound="FineTuningJobHyperparametersType0")


@_attrs_define
class FineTuningJobHyperparametersType0(LazySource):
    """The hyperparameters used for the fine-tuning job. This value will only be returned when running `supervised` jobs.

    Attributes:
        batch_size (FineTuningJobHyperparametersType0BatchSizeType0Type0 | int | None | Unset):
        learning_rate_multiplier (FineTuningJobHyperparametersType0LearningRateMultiplierType0 | float | Unset): Scaling
            factor for the learning rate. A smaller learning rate may be useful to avoid
            overfitting.
             Default: FineTuningJobHyperparametersType0LearningRateMultiplierType0.AUTO.
        n_epochs (FineTuningJobHyperparametersType0NEpochsType0 | int | Unset): The number of epochs to train the model
            for. An epoch refers to one full cycle
            through the training dataset.
             Default: FineTuningJobHyperparametersType0NEpochsType0.AUTO.
    """

    batch_size: FineTuningJobHyperparametersType0BatchSizeType0Type0 | int | None | Unset = UNSET
    learning_rate_multiplier: FineTuningJobHyperparametersType0LearningRateMultiplierType0 | float | Unset = (
        FineTuningJobHyperparametersType0LearningRateMultiplierType0.AUTO
    )
    n_epochs: FineTuningJobHyperparametersType0NEpochsType0 | int | Unset = (
        FineTuningJobHyperparametersType0NEpochsType0.AUTO
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
                elif isinstance(_v, FineTuningJobHyperparametersType0BatchSizeType0Type0):
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
                elif isinstance(_v, FineTuningJobHyperparametersType0LearningRateMultiplierType0):
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
                elif isinstance(_v, FineTuningJobHyperparametersType0NEpochsType0):
                    n_epochs = _v.value
                else:
                    n_epochs = _v
                field_dict["n_epochs"] = n_epochs

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
            raise TypeError(f"FineTuningJobHyperparametersType0: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        fine_tuning_job_hyperparameters_type_0 = cls.__new__(cls)
        fine_tuning_job_hyperparameters_type_0._src = d
        _v = _g("batch_size", UNSET)
        if _v is None or _v is UNSET:
            fine_tuning_job_hyperparameters_type_0.batch_size = _g("batch_size", UNSET)
        else:

            def _parse_batch_size(
                data: object,
            ) -> FineTuningJobHyperparametersType0BatchSizeType0Type0 | int | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if isinstance(data, str):
                    try:
                        batch_size_type_0_type_0 = FineTuningJobHyperparametersType0BatchSizeType0Type0(data)

                        return batch_size_type_0_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                return cast("FineTuningJobHyperparametersType0BatchSizeType0Type0 | int | None | Unset", data)

            batch_size = _parse_batch_size(_v)

            fine_tuning_job_hyperparameters_type_0.batch_size = batch_size
        _v = _g("learning_rate_multiplier", UNSET)
        if _v is None or _v is UNSET:
            fine_tuning_job_hyperparameters_type_0.learning_rate_multiplier = _g("learning_rate_multiplier", UNSET)
        else:

            def _parse_learning_rate_multiplier(
                data: object,
            ) -> FineTuningJobHyperparametersType0LearningRateMultiplierType0 | float | Unset:
                if isinstance(data, Unset):
                    return data
                if isinstance(data, str):
                    try:
                        learning_rate_multiplier_type_0 = FineTuningJobHyperparametersType0LearningRateMultiplierType0(
                            data
                        )

                        return learning_rate_multiplier_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                return cast("FineTuningJobHyperparametersType0LearningRateMultiplierType0 | float | Unset", data)

            learning_rate_multiplier = _parse_learning_rate_multiplier(_v)

            fine_tuning_job_hyperparameters_type_0.learning_rate_multiplier = learning_rate_multiplier
        _v = _g("n_epochs", UNSET)
        if _v is None or _v is UNSET:
            fine_tuning_job_hyperparameters_type_0.n_epochs = _g("n_epochs", UNSET)
        else:

            def _parse_n_epochs(data: object) -> FineTuningJobHyperparametersType0NEpochsType0 | int | Unset:
                if isinstance(data, Unset):
                    return data
                if isinstance(data, str):
                    try:
                        n_epochs_type_0 = FineTuningJobHyperparametersType0NEpochsType0(data)

                        return n_epochs_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                return cast("FineTuningJobHyperparametersType0NEpochsType0 | int | Unset", data)

            n_epochs = _parse_n_epochs(_v)

            fine_tuning_job_hyperparameters_type_0.n_epochs = n_epochs
        return fine_tuning_job_hyperparameters_type_0

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
                raise field_value_error("FineTuningJobHyperparametersType0", name, exc) from exc
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


_KNOWN: frozenset[str] = frozenset(
    (
        "batch_size",
        "learning_rate_multiplier",
        "n_epochs",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "additional_properties": _load_additional_properties,
}
