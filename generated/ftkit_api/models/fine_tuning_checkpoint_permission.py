from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.fine_tuning_checkpoint_permission_object import (
    FineTuningCheckpointPermissionObject,
)
from ..types import UNSET, LazySource, field_value_error

T = TypeVar("T", bound="FineTuningCheckpointPermission")


@_attrs_define
class FineTuningCheckpointPermission(LazySource):
    """The `checkpoint.permission` object represents a permission for a fine-tuned model checkpoint.

    Attributes:
        id (str): The permission identifier, which can be referenced in the API endpoints.
        created_at (int): The Unix timestamp (in seconds) for when the permission was created.
        project_id (str): The project identifier that the permission is for.
        object_ (FineTuningCheckpointPermissionObject): The object type, which is always "checkpoint.permission".
    """

    id: str
    created_at: int
    project_id: str
    object_: FineTuningCheckpointPermissionObject
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        _v: Any
        _v = self.id
        if _v is not UNSET:
            field_dict["id"] = _v
        _v = self.created_at
        if _v is not UNSET:
            field_dict["created_at"] = _v
        _v = self.project_id
        if _v is not UNSET:
            field_dict["project_id"] = _v
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
            raise TypeError(f"FineTuningCheckpointPermission: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        fine_tuning_checkpoint_permission = cls.__new__(cls)
        fine_tuning_checkpoint_permission._src = d
        try:
            fine_tuning_checkpoint_permission.id = d["id"]
            fine_tuning_checkpoint_permission.created_at = d["created_at"]
            fine_tuning_checkpoint_permission.project_id = d["project_id"]
        except KeyError:
            fine_tuning_checkpoint_permission.id = _g("id", UNSET)
            fine_tuning_checkpoint_permission.created_at = _g("created_at", UNSET)
            fine_tuning_checkpoint_permission.project_id = _g("project_id", UNSET)
        _v = _g("object", UNSET)
        if _v is None or _v is UNSET:
            fine_tuning_checkpoint_permission.object_ = _g("object", UNSET)
        else:
            object_ = FineTuningCheckpointPermissionObject(_v)

            fine_tuning_checkpoint_permission.object_ = object_
        return fine_tuning_checkpoint_permission

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
                raise field_value_error("FineTuningCheckpointPermission", name, exc) from exc
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
        "id",
        "created_at",
        "project_id",
        "object",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "additional_properties": _load_additional_properties,
}
