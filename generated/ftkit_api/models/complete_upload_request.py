from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, LazySource, Unset, field_value_error

T = TypeVar("T", bound="CompleteUploadRequest")


@_attrs_define
class CompleteUploadRequest(LazySource):
    """
    Attributes:
        part_ids (list[str]): The ordered list of Part IDs.
        md5 (str | Unset): The optional md5 checksum for the file contents to verify if the bytes uploaded matches what
            you expect.
    """

    part_ids: list[str]
    md5: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}

        _v: Any
        _v = self.part_ids
        if _v is not UNSET:
            if _v is None:
                field_dict["part_ids"] = None
            else:
                part_ids: Any
                part_ids = _v

                field_dict["part_ids"] = part_ids
        _v = self.md5
        if _v is not UNSET:
            field_dict["md5"] = _v

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
            raise TypeError(f"CompleteUploadRequest: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        complete_upload_request = cls.__new__(cls)
        complete_upload_request._src = d
        try:
            complete_upload_request.part_ids = d["part_ids"]
        except KeyError:
            complete_upload_request.part_ids = _g("part_ids", UNSET)
        complete_upload_request.md5 = _g("md5", UNSET)
        return complete_upload_request

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
                raise field_value_error("CompleteUploadRequest", name, exc) from exc
            object.__setattr__(self, name, value)
            return value


_LOADERS: dict[str, Any] = {}
