from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_fine_tuning_job_request_model_type_1 import (
    CreateFineTuningJobRequestModelType1,
)
from ..types import UNSET, LazySource, Unset, field_value_error

T = TypeVar("T", bound="CreateFineTuningJobRequest")


@_attrs_define
class CreateFineTuningJobRequest(LazySource):
    """
    Attributes:
        model (CreateFineTuningJobRequestModelType1 | str): The name of the model to fine-tune. You can select one of
            the
            [supported models](/docs/guides/fine-tuning#which-models-can-be-fine-tuned).
             Example: gpt-4o-mini.
        training_file (str): The ID of an uploaded file that contains training data.

            See [upload file](/docs/api-reference/files/create) for how to upload a file.

            Your dataset must be formatted as a JSONL file. Additionally, you must upload your file with the purpose `fine-
            tune`.

            The contents of the file should differ depending on if the model uses the [chat](/docs/api-reference/fine-
            tuning/chat-input), [completions](/docs/api-reference/fine-tuning/completions-input) format, or if the fine-
            tuning method uses the [preference](/docs/api-reference/fine-tuning/preference-input) format.

            See the [fine-tuning guide](/docs/guides/model-optimization) for more details.
             Example: file-abc123.
        hyperparameters (CreateFineTuningJobRequestHyperparameters | Unset): The hyperparameters used for the fine-
            tuning job.
            This value is now deprecated in favor of `method`, and should be passed in under the `method` parameter.
        suffix (None | str | Unset): A string of up to 64 characters that will be added to your fine-tuned model name.

            For example, a `suffix` of "custom-model-name" would produce a model name like `ft:gpt-4o-mini:openai:custom-
            model-name:7p4lURel`.
        validation_file (None | str | Unset): The ID of an uploaded file that contains validation data.

            If you provide this file, the data is used to generate validation
            metrics periodically during fine-tuning. These metrics can be viewed in
            the fine-tuning results file.
            The same data should not be present in both train and validation files.

            Your dataset must be formatted as a JSONL file. You must upload your file with the purpose `fine-tune`.

            See the [fine-tuning guide](/docs/guides/model-optimization) for more details.
             Example: file-abc123.
        integrations (list[CreateFineTuningJobRequestIntegrationsType0Item] | None | Unset): A list of integrations to
            enable for your fine-tuning job.
        seed (int | None | Unset): The seed controls the reproducibility of the job. Passing in the same seed and job
            parameters should produce the same results, but may differ in rare cases.
            If a seed is not specified, one will be generated for you.
             Example: 42.
        method (FineTuneMethod | Unset): The method used for fine-tuning.
        metadata (MetadataType0 | None | Unset):
        training_type (int | str | Unset): Azure OpenAI only: the training type (for example 1). Not sent to OpenAI
            unless set.
    """

    model: CreateFineTuningJobRequestModelType1 | str
    training_file: str
    hyperparameters: CreateFineTuningJobRequestHyperparameters | Unset = UNSET
    suffix: None | str | Unset = UNSET
    validation_file: None | str | Unset = UNSET
    integrations: list[CreateFineTuningJobRequestIntegrationsType0Item] | None | Unset = UNSET
    seed: int | None | Unset = UNSET
    method: FineTuneMethod | Unset = UNSET
    metadata: MetadataType0 | None | Unset = UNSET
    training_type: int | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _REFERRED_IMPORTED:
            _import_referred()
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        _v: Any
        _v = self.model
        if _v is not UNSET:
            if _v is None:
                field_dict["model"] = None
            else:
                model: Any

                if isinstance(_v, CreateFineTuningJobRequestModelType1):
                    model = _v.value
                else:
                    model = _v
                field_dict["model"] = model
        _v = self.training_file
        if _v is not UNSET:
            field_dict["training_file"] = _v
        _v = self.hyperparameters
        if _v is not UNSET:
            if _v is None:
                field_dict["hyperparameters"] = None
            else:
                hyperparameters: Any
                hyperparameters = UNSET
                if not isinstance(_v, Unset):
                    hyperparameters = _v.to_dict()
                field_dict["hyperparameters"] = hyperparameters
        _v = self.suffix
        if _v is not UNSET:
            if _v is None:
                field_dict["suffix"] = None
            else:
                suffix: Any

                if isinstance(_v, Unset):
                    suffix = UNSET
                else:
                    suffix = _v
                field_dict["suffix"] = suffix
        _v = self.validation_file
        if _v is not UNSET:
            if _v is None:
                field_dict["validation_file"] = None
            else:
                validation_file: Any

                if isinstance(_v, Unset):
                    validation_file = UNSET
                else:
                    validation_file = _v
                field_dict["validation_file"] = validation_file
        _v = self.integrations
        if _v is not UNSET:
            if _v is None:
                field_dict["integrations"] = None
            else:
                integrations: Any

                if isinstance(_v, Unset):
                    integrations = UNSET
                elif isinstance(_v, list):
                    integrations = []
                    for integrations_type_0_item_data in _v:
                        integrations_type_0_item = integrations_type_0_item_data.to_dict()
                        integrations.append(integrations_type_0_item)

                else:
                    integrations = _v
                field_dict["integrations"] = integrations
        _v = self.seed
        if _v is not UNSET:
            if _v is None:
                field_dict["seed"] = None
            else:
                seed: Any

                if isinstance(_v, Unset):
                    seed = UNSET
                else:
                    seed = _v
                field_dict["seed"] = seed
        _v = self.method
        if _v is not UNSET:
            if _v is None:
                field_dict["method"] = None
            else:
                method: Any
                method = UNSET
                if not isinstance(_v, Unset):
                    method = _v.to_dict()
                field_dict["method"] = method
        _v = self.metadata
        if _v is not UNSET:
            if _v is None:
                field_dict["metadata"] = None
            else:
                metadata: Any

                if isinstance(_v, Unset):
                    metadata = UNSET
                elif isinstance(_v, MetadataType0):
                    metadata = _v.to_dict()
                else:
                    metadata = _v
                field_dict["metadata"] = metadata
        _v = self.training_type
        if _v is not UNSET:
            if _v is None:
                field_dict["trainingType"] = None
            else:
                training_type: Any

                if isinstance(_v, Unset):
                    training_type = UNSET
                else:
                    training_type = _v
                field_dict["trainingType"] = training_type

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
            raise TypeError(f"CreateFineTuningJobRequest: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        create_fine_tuning_job_request = cls.__new__(cls)
        create_fine_tuning_job_request._src = d
        try:
            create_fine_tuning_job_request.training_file = d["training_file"]
        except KeyError:
            create_fine_tuning_job_request.training_file = _g("training_file", UNSET)
        _v = _g("model", UNSET)
        if _v is None or _v is UNSET:
            create_fine_tuning_job_request.model = _g("model", UNSET)
        else:

            def _parse_model(data: object) -> CreateFineTuningJobRequestModelType1 | str:
                if isinstance(data, str):
                    try:
                        model_type_1 = CreateFineTuningJobRequestModelType1(data)

                        return model_type_1
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                return cast("CreateFineTuningJobRequestModelType1 | str", data)

            model = _parse_model(_v)

            create_fine_tuning_job_request.model = model
        create_fine_tuning_job_request.suffix = _g("suffix", UNSET)
        create_fine_tuning_job_request.validation_file = _g("validation_file", UNSET)
        create_fine_tuning_job_request.seed = _g("seed", UNSET)
        create_fine_tuning_job_request.training_type = _g("trainingType", UNSET)
        return create_fine_tuning_job_request

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
                raise field_value_error("CreateFineTuningJobRequest", name, exc) from exc
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


if TYPE_CHECKING:
    from ..models.create_fine_tuning_job_request_hyperparameters import (
        CreateFineTuningJobRequestHyperparameters,
    )
    from ..models.create_fine_tuning_job_request_integrations_type_0_item import (
        CreateFineTuningJobRequestIntegrationsType0Item,
    )
    from ..models.fine_tune_method import FineTuneMethod
    from ..models.metadata_type_0 import MetadataType0

_REFERRED_IMPORTED = False


def _import_referred() -> None:
    """Import the models this one refers to (once: the first read of a field holding models, or `to_dict`)."""
    global \
        _REFERRED_IMPORTED, \
        CreateFineTuningJobRequestHyperparameters, \
        CreateFineTuningJobRequestIntegrationsType0Item, \
        FineTuneMethod, \
        MetadataType0
    from ..models.create_fine_tuning_job_request_hyperparameters import (
        CreateFineTuningJobRequestHyperparameters,
    )
    from ..models.create_fine_tuning_job_request_integrations_type_0_item import (
        CreateFineTuningJobRequestIntegrationsType0Item,
    )
    from ..models.fine_tune_method import FineTuneMethod
    from ..models.metadata_type_0 import MetadataType0

    _REFERRED_IMPORTED = True


def _load_hyperparameters(d: dict[str, Any]) -> Any:
    _v: Any = d.get("hyperparameters", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    _hyperparameters = _v
    hyperparameters: CreateFineTuningJobRequestHyperparameters | Unset
    if isinstance(_hyperparameters, Unset):
        hyperparameters = UNSET
    else:
        hyperparameters = CreateFineTuningJobRequestHyperparameters.from_dict(_hyperparameters)

    return hyperparameters


def _load_integrations(d: dict[str, Any]) -> Any:
    _v: Any = d.get("integrations", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()

    def _parse_integrations(data: object) -> list[CreateFineTuningJobRequestIntegrationsType0Item] | None | Unset:
        if data is None:
            return data
        if isinstance(data, Unset):
            return data
        if isinstance(data, list):
            try:
                integrations_type_0 = []
                _integrations_type_0 = data
                for integrations_type_0_item_data in _integrations_type_0:
                    integrations_type_0_item = CreateFineTuningJobRequestIntegrationsType0Item.from_dict(
                        integrations_type_0_item_data
                    )

                    integrations_type_0.append(integrations_type_0_item)

                return integrations_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
        raise TypeError(f"unexpected {type(data).__name__}")

    integrations = _parse_integrations(_v)

    return integrations


def _load_method(d: dict[str, Any]) -> Any:
    _v: Any = d.get("method", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    _method = _v
    method: FineTuneMethod | Unset
    if isinstance(_method, Unset):
        method = UNSET
    else:
        method = FineTuneMethod.from_dict(_method)

    return method


def _load_metadata(d: dict[str, Any]) -> Any:
    _v: Any = d.get("metadata", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()

    def _parse_metadata(data: object) -> MetadataType0 | None | Unset:
        if data is None:
            return data
        if isinstance(data, Unset):
            return data
        if isinstance(data, dict):
            try:
                componentsschemas_metadata_type_0 = MetadataType0.from_dict(data)

                return componentsschemas_metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
        raise TypeError(f"unexpected {type(data).__name__}")

    metadata = _parse_metadata(_v)

    return metadata


_KNOWN: frozenset[str] = frozenset(
    (
        "model",
        "training_file",
        "hyperparameters",
        "suffix",
        "validation_file",
        "integrations",
        "seed",
        "method",
        "metadata",
        "trainingType",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "hyperparameters": _load_hyperparameters,
    "integrations": _load_integrations,
    "method": _load_method,
    "metadata": _load_metadata,
    "additional_properties": _load_additional_properties,
}
