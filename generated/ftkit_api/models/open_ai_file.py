from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.open_ai_file_object import OpenAIFileObject
from ..models.open_ai_file_purpose import OpenAIFilePurpose
from ..models.open_ai_file_status import OpenAIFileStatus
from ..types import UNSET, LazySource, Unset, field_value_error

T = TypeVar("T", bound="OpenAIFile")


@_attrs_define
class OpenAIFile(LazySource):
    """The `File` object represents a document that has been uploaded to OpenAI.

    Attributes:
        id (str): The file identifier, which can be referenced in the API endpoints.
        bytes_ (int): The size of the file, in bytes.
        created_at (int): The Unix timestamp (in seconds) for when the file was created.
        filename (str): The name of the file.
        object_ (OpenAIFileObject): The object type, which is always `file`.
        purpose (OpenAIFilePurpose): The intended purpose of the file. Supported values are `assistants`,
            `assistants_output`, `batch`, `batch_output`, `fine-tune`, `fine-tune-results`, `vision`, and `user_data`.
        expires_at (int | Unset): The Unix timestamp (in seconds) for when the file will expire.
        status (OpenAIFileStatus | Unset): Deprecated. The current status of the file, which can be either `uploaded`,
            `processed`, or `error`.
        status_details (str | Unset): Deprecated. For details on why a fine-tuning training file failed validation, see
            the `error` field on `fine_tuning.job`.
    """

    id: str
    bytes_: int
    created_at: int
    filename: str
    object_: OpenAIFileObject
    purpose: OpenAIFilePurpose
    expires_at: int | Unset = UNSET
    status: OpenAIFileStatus | Unset = UNSET
    status_details: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        _v: Any
        _v = self.id
        if _v is not UNSET:
            field_dict["id"] = _v
        _v = self.bytes_
        if _v is not UNSET:
            field_dict["bytes"] = _v
        _v = self.created_at
        if _v is not UNSET:
            field_dict["created_at"] = _v
        _v = self.filename
        if _v is not UNSET:
            field_dict["filename"] = _v
        _v = self.object_
        if _v is not UNSET:
            if _v is None:
                field_dict["object"] = None
            else:
                object_: Any
                object_ = _v.value
                field_dict["object"] = object_
        _v = self.purpose
        if _v is not UNSET:
            if _v is None:
                field_dict["purpose"] = None
            else:
                purpose: Any
                purpose = _v.value
                field_dict["purpose"] = purpose
        _v = self.expires_at
        if _v is not UNSET:
            field_dict["expires_at"] = _v
        _v = self.status
        if _v is not UNSET:
            if _v is None:
                field_dict["status"] = None
            else:
                status: Any
                status = UNSET
                if not isinstance(_v, Unset):
                    status = _v.value

                field_dict["status"] = status
        _v = self.status_details
        if _v is not UNSET:
            field_dict["status_details"] = _v

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
            raise TypeError(f"OpenAIFile: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        open_ai_file = cls.__new__(cls)
        open_ai_file._src = d
        try:
            open_ai_file.id = d["id"]
            open_ai_file.bytes_ = d["bytes"]
            open_ai_file.created_at = d["created_at"]
            open_ai_file.filename = d["filename"]
        except KeyError:
            open_ai_file.id = _g("id", UNSET)
            open_ai_file.bytes_ = _g("bytes", UNSET)
            open_ai_file.created_at = _g("created_at", UNSET)
            open_ai_file.filename = _g("filename", UNSET)
        _v = _g("object", UNSET)
        if _v is None or _v is UNSET:
            open_ai_file.object_ = _g("object", UNSET)
        else:
            object_ = OpenAIFileObject(_v)

            open_ai_file.object_ = object_
        open_ai_file.expires_at = _g("expires_at", UNSET)
        open_ai_file.status_details = _g("status_details", UNSET)
        return open_ai_file

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
                raise field_value_error("OpenAIFile", name, exc) from exc
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


def _load_purpose(d: dict[str, Any]) -> Any:
    _v: Any = d.get("purpose", UNSET)
    if _v is None or _v is UNSET:
        return _v
    purpose = OpenAIFilePurpose(_v)

    return purpose


def _load_status(d: dict[str, Any]) -> Any:
    _v: Any = d.get("status", UNSET)
    if _v is None or _v is UNSET:
        return _v
    _status = _v
    status: OpenAIFileStatus | Unset
    if isinstance(_status, Unset):
        status = UNSET
    else:
        status = OpenAIFileStatus(_status)

    return status


_KNOWN: frozenset[str] = frozenset(
    (
        "id",
        "bytes",
        "created_at",
        "filename",
        "object",
        "purpose",
        "expires_at",
        "status",
        "status_details",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "purpose": _load_purpose,
    "status": _load_status,
    "additional_properties": _load_additional_properties,
}
