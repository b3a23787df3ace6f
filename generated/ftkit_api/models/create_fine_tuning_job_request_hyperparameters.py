from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_fine_tuning_job_request_hyperparameters_batch_size_type_0 import (
    CreateFineTuningJobRequestHyperparametersBatchSizeType0,
)
from ..models.create_fine_tuning_job_request_hyperparameters_learning_rate_multiplier_type_0 import (
    CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0,
)
from ..models.create_fine_tuning_job_request_hyperparameters_n_epochs_type_0 import (
    CreateFineTuningJobRequestHyperparametersNEpochsType0,
)
from ..types import UNSET, LazySource, Unset, field_value_error

T = TypeVar("T", bound="CreateFineTuningJobRequestHyperparameters")


@_attrs_define
class CreateFineTuningJobRequestHyperparameters(LazySource):
    """The hyperparameters used for the fine-tuning job.
    This value is now deprecated in favor of `method`, and should be passed in under the `method` parameter.

        Attributes:
            batch_size (CreateFineTuningJobRequestHyperparametersBatchSizeType0 | int | Unset): Number of examples in each
                batch. A larger batch size means that model parameters
                are updated less frequently, but with lower variance.
                 Default: CreateFineTuningJobRequestHyperparametersBatchSizeType0.AUTO.
            learning_rate_multiplier (CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0 | float | Unset):
                Scaling factor for the learning rate. A smaller learning rate may be useful to avoid
                overfitting.
                 Default: CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0.AUTO.
            n_epochs (CreateFineTuningJobRequestHyperparametersNEpochsType0 | int | Unset): The number of epochs to train
                the model for. An epoch refers to one full cycle
                through the training dataset.
                 Default: CreateFineTuningJobRequestHyperparametersNEpochsType0.AUTO.
    """

    batch_size: CreateFineTuningJobRequestHyperparametersBatchSizeType0 | int | Unset = (
        CreateFineTuningJobRequestHyperparametersBatchSizeType0.AUTO
    )
    learning_rate_multiplier: CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0 | float | Unset = (
        CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0.AUTO
    )
    n_epochs: CreateFineTuningJobRequestHyperparametersNEpochsType0 | int | Unset = (
        CreateFineTuningJobRequestHyperparametersNEpochsType0.AUTO
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
                elif isinstance(_v, CreateFineTuningJobRequestHyperparametersBatchSizeType0):
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
                elif isinstance(_v, CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0):
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
                elif isinstance(_v, CreateFineTuningJobRequestHyperparametersNEpochsType0):
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
            raise TypeError(
                f"CreateFineTuningJobRequestHyperparameters: expected a JSON object, got {type(src_dict).__name__}"
            )
        d = dict(src_dict)
        _g: Any = d.get
        create_fine_tuning_job_request_hyperparameters = cls.__new__(cls)
        create_fine_tuning_job_request_hyperparameters._src = d
        _v = _g("batch_size", UNSET)
        if _v is None or _v is UNSET:
            create_fine_tuning_job_request_hyperparameters.batch_size = _g("batch_size", UNSET)
        else:

            def _parse_batch_size(
                data: object,
            ) -> CreateFineTuningJobRequestHyperparametersBatchSizeType0 | int | Unset:
                if isinstance(data, Unset):
                    return data
                if isinstance(data, str):
                    try:
                        batch_size_type_0 = CreateFineTuningJobRequestHyperparametersBatchSizeType0(data)

                        return batch_size_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                return cast("CreateFineTuningJobRequestHyperparametersBatchSizeType0 | int | Unset", data)

            batch_size = _parse_batch_size(_v)

            create_fine_tuning_job_request_hyperparameters.batch_size = batch_size
        _v = _g("learning_rate_multiplier", UNSET)
        if _v is None or _v is UNSET:
            create_fine_tuning_job_request_hyperparameters.learning_rate_multiplier = _g(
                "learning_rate_multiplier", UNSET
            )
        else:

            def _parse_learning_rate_multiplier(
                data: object,
            ) -> CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0 | float | Unset:
                if isinstance(data, Unset):
                    return data
                if isinstance(data, str):
                    try:
                        learning_rate_multiplier_type_0 = (
                            CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0(data)
                        )

                        return learning_rate_multiplier_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                return cast(
                    "CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0 | float | Unset", data
                )

            learning_rate_multiplier = _parse_learning_rate_multiplier(_v)

            create_fine_tuning_job_request_hyperparameters.learning_rate_multiplier = learning_rate_multiplier
        _v = _g("n_epochs", UNSET)
        if _v is None or _v is UNSET:
            create_fine_tuning_job_request_hyperparameters.n_epochs = _g("n_epochs", UNSET)
        else:

            def _parse_n_epochs(data: object) -> CreateFineTuningJobRequestHyperparametersNEpochsType0 | int | Unset:
                if isinstance(data, Unset):
                    return data
                if isinstance(data, str):
                    try:
                        n_epochs_type_0 = CreateFineTuningJobRequestHyperparametersNEpochsType0(data)

                        return n_epochs_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                return cast("CreateFineTuningJobRequestHyperparametersNEpochsType0 | int | Unset", data)

            n_epochs = _parse_n_epochs(_v)

            create_fine_tuning_job_request_hyperparameters.n_epochs = n_epochs
        return create_fine_tuning_job_request_hyperparameters

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
                raise field_value_error("CreateFineTuningJobRequestHyperparameters", name, exc) from exc
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
