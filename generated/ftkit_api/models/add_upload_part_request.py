from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from .. import types
from ..types import UNSET, File, LazySource, field_value_error

T = TypeVar("T", bound="AddUploadPartRequest")


@_attrs_define
class AddUploadPartRequest(LazySource):
    """
    Attributes:
        data (File): The chunk of bytes for this Part.
    """

    data: File

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}

        _v: Any
        _v = self.data
        if _v is not UNSET:
            if _v is None:
                field_dict["data"] = None
            else:
                data: Any
                data = _v.to_tuple()

                field_dict["data"] = data

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("data", self.data.to_tuple()))

        return files

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
            raise TypeError(f"AddUploadPartRequest: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        add_upload_part_request = cls.__new__(cls)
        add_upload_part_request._src = d
        return add_upload_part_request

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
                raise field_value_error("AddUploadPartRequest", name, exc) from exc
            object.__setattr__(self, name, value)
            return value


def _load_data(d: dict[str, Any]) -> Any:
    _v: Any = d.get("data", UNSET)
    if _v is None or _v is UNSET:
        return _v
    data = File(payload=BytesIO(_v))

    return data


_LOADERS: dict[str, Any] = {
    "data": _load_data,
}
