from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.upload_part_object import UploadPartObject
from ..types import UNSET, LazySource, field_value_error

T = TypeVar("T", bound="UploadPart")


@_attrs_define
class UploadPart(LazySource):
    """The upload Part represents a chunk of bytes we can add to an Upload object.

    Attributes:
        id (str): The upload Part unique identifier, which can be referenced in API endpoints.
        created_at (int): The Unix timestamp (in seconds) for when the Part was created.
        upload_id (str): The ID of the Upload object that this Part was added to.
        object_ (UploadPartObject): The object type, which is always `upload.part`.
    """

    id: str
    created_at: int
    upload_id: str
    object_: UploadPartObject
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
        _v = self.upload_id
        if _v is not UNSET:
            field_dict["upload_id"] = _v
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
            raise TypeError(f"UploadPart: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        upload_part = cls.__new__(cls)
        upload_part._src = d
        try:
            upload_part.id = d["id"]
            upload_part.created_at = d["created_at"]
            upload_part.upload_id = d["upload_id"]
        except KeyError:
            upload_part.id = _g("id", UNSET)
            upload_part.created_at = _g("created_at", UNSET)
            upload_part.upload_id = _g("upload_id", UNSET)
        _v = _g("object", UNSET)
        if _v is None or _v is UNSET:
            upload_part.object_ = _g("object", UNSET)
        else:
            object_ = UploadPartObject(_v)

            upload_part.object_ = object_
        return upload_part

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
                raise field_value_error("UploadPart", name, exc) from exc
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
        "upload_id",
        "object",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "additional_properties": _load_additional_properties,
}
