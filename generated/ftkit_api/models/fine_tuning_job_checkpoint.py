from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.fine_tuning_job_checkpoint_object import FineTuningJobCheckpointObject
from ..types import UNSET, LazySource, field_value_error

T = TypeVar("T", bound="FineTuningJobCheckpoint")


@_attrs_define
class FineTuningJobCheckpoint(LazySource):
    """The `fine_tuning.job.checkpoint` object represents a model checkpoint for a fine-tuning job that is ready to use.

    Attributes:
        id (str): The checkpoint identifier, which can be referenced in the API endpoints.
        created_at (int): The Unix timestamp (in seconds) for when the checkpoint was created.
        fine_tuned_model_checkpoint (str): The name of the fine-tuned checkpoint model that is created.
        step_number (int): The step number that the checkpoint was created at.
        metrics (FineTuningJobCheckpointMetrics): Metrics at the step number during the fine-tuning job.
        fine_tuning_job_id (str): The name of the fine-tuning job that this checkpoint was created from.
        object_ (FineTuningJobCheckpointObject): The object type, which is always "fine_tuning.job.checkpoint".
    """

    id: str
    created_at: int
    fine_tuned_model_checkpoint: str
    step_number: int
    metrics: FineTuningJobCheckpointMetrics
    fine_tuning_job_id: str
    object_: FineTuningJobCheckpointObject
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
        _v = self.fine_tuned_model_checkpoint
        if _v is not UNSET:
            field_dict["fine_tuned_model_checkpoint"] = _v
        _v = self.step_number
        if _v is not UNSET:
            field_dict["step_number"] = _v
        _v = self.metrics
        if _v is not UNSET:
            if _v is None:
                field_dict["metrics"] = None
            else:
                metrics: Any
                metrics = _v.to_dict()
                field_dict["metrics"] = metrics
        _v = self.fine_tuning_job_id
        if _v is not UNSET:
            field_dict["fine_tuning_job_id"] = _v
        _v = self.object_
        if _v is not UNSET:
            if _v is None:
                field_dict["object"] = None
            else:
                object_: Any
                object_ = _v.value
                field_dict["object"] = object_

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
            raise TypeError(f"FineTuningJobCheckpoint: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        fine_tuning_job_checkpoint = cls.__new__(cls)
        fine_tuning_job_checkpoint._src = d
        try:
            fine_tuning_job_checkpoint.id = d["id"]
            fine_tuning_job_checkpoint.created_at = d["created_at"]
            fine_tuning_job_checkpoint.fine_tuned_model_checkpoint = d["fine_tuned_model_checkpoint"]
            fine_tuning_job_checkpoint.step_number = d["step_number"]
            fine_tuning_job_checkpoint.fine_tuning_job_id = d["fine_tuning_job_id"]
        except KeyError:
            fine_tuning_job_checkpoint.id = _g("id", UNSET)
            fine_tuning_job_checkpoint.created_at = _g("created_at", UNSET)
            fine_tuning_job_checkpoint.fine_tuned_model_checkpoint = _g("fine_tuned_model_checkpoint", UNSET)
            fine_tuning_job_checkpoint.step_number = _g("step_number", UNSET)
            fine_tuning_job_checkpoint.fine_tuning_job_id = _g("fine_tuning_job_id", UNSET)
        _v = _g("object", UNSET)
        if _v is None or _v is UNSET:
            fine_tuning_job_checkpoint.object_ = _g("object", UNSET)
        else:
            object_ = FineTuningJobCheckpointObject(_v)

            fine_tuning_job_checkpoint.object_ = object_
        return fine_tuning_job_checkpoint

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
                raise field_value_error("FineTuningJobCheckpoint", name, exc) from exc
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
    from ..models.fine_tuning_job_checkpoint_metrics import (
        FineTuningJobCheckpointMetrics,
    )

_REFERRED_IMPORTED = False


def _import_referred() -> None:
    """Import the models this one refers to (once: the first read of a field holding models, or `to_dict`)."""
    global _REFERRED_IMPORTED, FineTuningJobCheckpointMetrics
    from ..models.fine_tuning_job_checkpoint_metrics import (
        FineTuningJobCheckpointMetrics,
    )

    _REFERRED_IMPORTED = True


def _load_metrics(d: dict[str, Any]) -> Any:
    _v: Any = d.get("metrics", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    metrics = FineTuningJobCheckpointMetrics.from_dict(_v)

    return metrics


_KNOWN: frozenset[str] = frozenset(
    (
        "id",
        "created_at",
        "fine_tuned_model_checkpoint",
        "step_number",
        "metrics",
        "fine_tuning_job_id",
        "object",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "metrics": _load_metrics,
    "additional_properties": _load_additional_properties,
}
