from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.fine_tuning_job_object import FineTuningJobObject
from ..models.fine_tuning_job_status import FineTuningJobStatus
from ..types import UNSET, LazySource, Unset, field_value_error

T = TypeVar("T", bound="FineTuningJob")


@_attrs_define
class FineTuningJob(LazySource):
    """The `fine_tuning.job` object represents a fine-tuning job that has been created through the API.

    Attributes:
        id (str): The object identifier, which can be referenced in the API endpoints.
        created_at (int): The Unix timestamp (in seconds) for when the fine-tuning job was created.
        fine_tuned_model (None | str):
        model (str): The base model that is being fine-tuned.
        object_ (FineTuningJobObject): The object type, which is always "fine_tuning.job".
        organization_id (str): The organization that owns the fine-tuning job.
        result_files (list[str]): The compiled results file ID(s) for the fine-tuning job. You can retrieve the results
            with the [Files API](/docs/api-reference/files/retrieve-contents).
        status (FineTuningJobStatus): The current status of the fine-tuning job, which can be either `validating_files`,
            `queued`, `running`, `succeeded`, `failed`, or `cancelled`.
        training_file (str): The file ID used for training. You can retrieve the training data with the [Files
            API](/docs/api-reference/files/retrieve-contents).
        validation_file (None | str):
        error (FineTuningJobErrorType0 | None | Unset):
        finished_at (int | None | Unset):
        hyperparameters (FineTuningJobHyperparametersType0 | None | Unset): The hyperparameters used for the fine-tuning
            job. This value will only be returned when running `supervised` jobs.
        trained_tokens (int | None | Unset):
        integrations (list[FineTuningJobIntegration] | None | Unset):
        seed (int | Unset): The seed used for the fine-tuning job.
        estimated_finish (int | None | Unset):
        method (FineTuneMethod | Unset): The method used for fine-tuning.
        metadata (MetadataType0 | None | Unset):
    """

    id: str
    created_at: int
    fine_tuned_model: None | str
    model: str
    object_: FineTuningJobObject
    organization_id: str
    result_files: list[str]
    status: FineTuningJobStatus
    training_file: str
    validation_file: None | str
    error: FineTuningJobErrorType0 | None | Unset = UNSET
    finished_at: int | None | Unset = UNSET
    hyperparameters: FineTuningJobHyperparametersType0 | None | Unset = UNSET
    trained_tokens: int | None | Unset = UNSET
    integrations: list[FineTuningJobIntegration] | None | Unset = UNSET
    seed: int | Unset = UNSET
    estimated_finish: int | None | Unset = UNSET
    method: FineTuneMethod | Unset = UNSET
    metadata: MetadataType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _REFERRED_IMPORTED:
            _import_referred()
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        _v: Any
        _v = self.id
        if _v is not UNSET:
            field_dict["id"] = _v
        _v = self.created_at
        if _v is not UNSET:
            field_dict["created_at"] = _v
        _v = self.fine_tuned_model
        if _v is not UNSET:
            if _v is None:
                field_dict["fine_tuned_model"] = None
            else:
                fine_tuned_model: Any

                fine_tuned_model = _v
                field_dict["fine_tuned_model"] = fine_tuned_model
        _v = self.model
        if _v is not UNSET:
            field_dict["model"] = _v
        _v = self.object_
        if _v is not UNSET:
            if _v is None:
                field_dict["object"] = None
            else:
                object_: Any
                object_ = _v.value
                field_dict["object"] = object_
        _v = self.organization_id
        if _v is not UNSET:
            field_dict["organization_id"] = _v
        _v = self.result_files
        if _v is not UNSET:
            if _v is None:
                field_dict["result_files"] = None
            else:
                result_files: Any
                result_files = _v

                field_dict["result_files"] = result_files
        _v = self.status
        if _v is not UNSET:
            if _v is None:
                field_dict["status"] = None
            else:
                status: Any
                status = _v.value
                field_dict["status"] = status
        _v = self.training_file
        if _v is not UNSET:
            field_dict["training_file"] = _v
        _v = self.validation_file
        if _v is not UNSET:
            if _v is None:
                field_dict["validation_file"] = None
            else:
                validation_file: Any

                validation_file = _v
                field_dict["validation_file"] = validation_file
        _v = self.error
        if _v is not UNSET:
            if _v is None:
                field_dict["error"] = None
            else:
                error: Any

                if isinstance(_v, Unset):
                    error = UNSET
                elif isinstance(_v, FineTuningJobErrorType0):
                    error = _v.to_dict()
                else:
                    error = _v
                field_dict["error"] = error
        _v = self.finished_at
        if _v is not UNSET:
            if _v is None:
                field_dict["finished_at"] = None
            else:
                finished_at: Any

                if isinstance(_v, Unset):
                    finished_at = UNSET
                else:
                    finished_at = _v
                field_dict["finished_at"] = finished_at
        _v = self.hyperparameters
        if _v is not UNSET:
            if _v is None:
                field_dict["hyperparameters"] = None
            else:
                hyperparameters: Any

                if isinstance(_v, Unset):
                    hyperparameters = UNSET
                elif isinstance(_v, FineTuningJobHyperparametersType0):
                    hyperparameters = _v.to_dict()
                else:
                    hyperparameters = _v
                field_dict["hyperparameters"] = hyperparameters
        _v = self.trained_tokens
        if _v is not UNSET:
            if _v is None:
                field_dict["trained_tokens"] = None
            else:
                trained_tokens: Any

                if isinstance(_v, Unset):
                    trained_tokens = UNSET
                else:
                    trained_tokens = _v
                field_dict["trained_tokens"] = trained_tokens
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
            field_dict["seed"] = _v
        _v = self.estimated_finish
        if _v is not UNSET:
            if _v is None:
                field_dict["estimated_finish"] = None
            else:
                estimated_finish: Any

                if isinstance(_v, Unset):
                    estimated_finish = UNSET
                else:
                    estimated_finish = _v
                field_dict["estimated_finish"] = estimated_finish
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
            raise TypeError(f"FineTuningJob: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        fine_tuning_job = cls.__new__(cls)
        fine_tuning_job._src = d
        try:
            fine_tuning_job.id = d["id"]
            fine_tuning_job.created_at = d["created_at"]
            fine_tuning_job.fine_tuned_model = d["fine_tuned_model"]
            fine_tuning_job.model = d["model"]
            fine_tuning_job.organization_id = d["organization_id"]
            fine_tuning_job.result_files = d["result_files"]
            fine_tuning_job.training_file = d["training_file"]
            fine_tuning_job.validation_file = d["validation_file"]
        except KeyError:
            fine_tuning_job.id = _g("id", UNSET)
            fine_tuning_job.created_at = _g("created_at", UNSET)
            fine_tuning_job.fine_tuned_model = _g("fine_tuned_model", UNSET)
            fine_tuning_job.model = _g("model", UNSET)
            fine_tuning_job.organization_id = _g("organization_id", UNSET)
            fine_tuning_job.result_files = _g("result_files", UNSET)
            fine_tuning_job.training_file = _g("training_file", UNSET)
            fine_tuning_job.validation_file = _g("validation_file", UNSET)
        _v = _g("object", UNSET)
        if _v is None or _v is UNSET:
            fine_tuning_job.object_ = _g("object", UNSET)
        else:
            object_ = FineTuningJobObject(_v)

            fine_tuning_job.object_ = object_
        fine_tuning_job.finished_at = _g("finished_at", UNSET)
        fine_tuning_job.trained_tokens = _g("trained_tokens", UNSET)
        fine_tuning_job.seed = _g("seed", UNSET)
        fine_tuning_job.estimated_finish = _g("estimated_finish", UNSET)
        return fine_tuning_job

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
                raise field_value_error("FineTuningJob", name, exc) from exc
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
    from ..models.fine_tune_method import FineTuneMethod
    from ..models.fine_tuning_job_error_type_0 import FineTuningJobErrorType0
    from ..models.fine_tuning_job_hyperparameters_type_0 import (
        FineTuningJobHyperparametersType0,
    )
    from ..models.fine_tuning_job_integration import FineTuningJobIntegration
    from ..models.metadata_type_0 import MetadataType0

_REFERRED_IMPORTED = False


def _import_referred() -> None:
    """Import the models this one refers to (once: the first read of a field holding models, or `to_dict`)."""
    global \
        _REFERRED_IMPORTED, \
        FineTuneMethod, \
        FineTuningJobErrorType0, \
        FineTuningJobHyperparametersType0, \
        FineTuningJobIntegration, \
        MetadataType0
    from ..models.fine_tune_method import FineTuneMethod
    from ..models.fine_tuning_job_error_type_0 import FineTuningJobErrorType0
    from ..models.fine_tuning_job_hyperparameters_type_0 import (
        FineTuningJobHyperparametersType0,
    )
    from ..models.fine_tuning_job_integration import FineTuningJobIntegration
    from ..models.metadata_type_0 import MetadataType0

    _REFERRED_IMPORTED = True


def _load_status(d: dict[str, Any]) -> Any:
    _v: Any = d.get("status", UNSET)
    if _v is None or _v is UNSET:
        return _v
    status = FineTuningJobStatus(_v)

    return status


def _load_error(d: dict[str, Any]) -> Any:
    _v: Any = d.get("error", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()

    def _parse_error(data: object) -> FineTuningJobErrorType0 | None | Unset:
        if data is None:
            return data
        if isinstance(data, Unset):
            return data
        if isinstance(data, dict):
            try:
                error_type_0 = FineTuningJobErrorType0.from_dict(data)

                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
        raise TypeError(f"unexpected {type(data).__name__}")

    error = _parse_error(_v)

    return error


def _load_hyperparameters(d: dict[str, Any]) -> Any:
    _v: Any = d.get("hyperparameters", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()

    def _parse_hyperparameters(data: object) -> FineTuningJobHyperparametersType0 | None | Unset:
        if data is None:
            return data
        if isinstance(data, Unset):
            return data
        if isinstance(data, dict):
            try:
                hyperparameters_type_0 = FineTuningJobHyperparametersType0.from_dict(data)

                return hyperparameters_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
        raise TypeError(f"unexpected {type(data).__name__}")

    hyperparameters = _parse_hyperparameters(_v)

    return hyperparameters


def _load_integrations(d: dict[str, Any]) -> Any:
    _v: Any = d.get("integrations", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()

    def _parse_integrations(data: object) -> list[FineTuningJobIntegration] | None | Unset:
        if data is None:
            return data
        if isinstance(data, Unset):
            return data
        if isinstance(data, list):
            try:
                integrations_type_0 = []
                _integrations_type_0 = data
                for integrations_type_0_item_data in _integrations_type_0:
                    integrations_type_0_item = FineTuningJobIntegration.from_dict(integrations_type_0_item_data)

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
        "id",
        "created_at",
        "fine_tuned_model",
        "model",
        "object",
        "organization_id",
        "result_files",
        "status",
        "training_file",
        "validation_file",
        "error",
        "finished_at",
        "hyperparameters",
        "trained_tokens",
        "integrations",
        "seed",
        "estimated_finish",
        "method",
        "metadata",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "status": _load_status,
    "error": _load_error,
    "hyperparameters": _load_hyperparameters,
    "integrations": _load_integrations,
    "method": _load_method,
    "metadata": _load_metadata,
    "additional_properties": _load_additional_properties,
}
