from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.upload_object import UploadObject
from ..models.upload_status import UploadStatus
from ..types import UNSET, LazySource, Unset, field_value_error

T = TypeVar("T", bound="Upload")


@_attrs_define
class Upload(LazySource):
    """The Upload object can accept byte chunks in the form of Parts.

    Attributes:
        id (str): The Upload unique identifier, which can be referenced in API endpoints.
        created_at (int): The Unix timestamp (in seconds) for when the Upload was created.
        filename (str): The name of the file to be uploaded.
        bytes_ (int): The intended number of bytes to be uploaded.
        purpose (str): The intended purpose of the file. [Please refer here](/docs/api-
            reference/files/object#files/object-purpose) for acceptable values.
        status (UploadStatus): The status of the Upload.
        expires_at (int): The Unix timestamp (in seconds) for when the Upload will expire.
        object_ (UploadObject | Unset): The object type, which is always "upload".
        file (None | OpenAIFile | Unset): The ready File object after the Upload is completed; null or absent before.
    """

    id: str
    created_at: int
    filename: str
    bytes_: int
    purpose: str
    status: UploadStatus
    expires_at: int
    object_: UploadObject | Unset = UNSET
    file: None | OpenAIFile | Unset = UNSET
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
        _v = self.filename
        if _v is not UNSET:
            field_dict["filename"] = _v
        _v = self.bytes_
        if _v is not UNSET:
            field_dict["bytes"] = _v
        _v = self.purpose
        if _v is not UNSET:
            field_dict["purpose"] = _v
        _v = self.status
        if _v is not UNSET:
            if _v is None:
                field_dict["status"] = None
            else:
                status: Any
                status = _v.value
                field_dict["status"] = status
        _v = self.expires_at
        if _v is not UNSET:
            field_dict["expires_at"] = _v
        _v = self.object_
        if _v is not UNSET:
            if _v is None:
                field_dict["object"] = None
            else:
                object_: Any
                object_ = UNSET
                if not isinstance(_v, Unset):
                    object_ = _v.value

                field_dict["object"] = object_
        _v = self.file
        if _v is not UNSET:
            if _v is None:
                field_dict["file"] = None
            else:
                file: Any

                if isinstance(_v, Unset):
                    file = UNSET
                elif isinstance(_v, OpenAIFile):
                    file = _v.to_dict()
                else:
                    file = _v
                field_dict["file"] = file

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
            raise TypeError(f"Upload: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        upload = cls.__new__(cls)
        upload._src = d
        try:
            upload.id = d["id"]
            upload.created_at = d["created_at"]
            upload.filename = d["filename"]
            upload.bytes_ = d["bytes"]
            upload.purpose = d["purpose"]
            upload.expires_at = d["expires_at"]
        except KeyError:
            upload.id = _g("id", UNSET)
            upload.created_at = _g("created_at", UNSET)
            upload.filename = _g("filename", UNSET)
            upload.bytes_ = _g("bytes", UNSET)
            upload.purpose = _g("purpose", UNSET)
            upload.expires_at = _g("expires_at", UNSET)
        _v = _g("object", UNSET)
        if _v is None or _v is UNSET:
            upload.object_ = _g("object", UNSET)
        else:
            _object_ = _v
            object_: UploadObject | Unset
            if isinstance(_object_, Unset):
                object_ = UNSET
            else:
                object_ = UploadObject(_object_)

            upload.object_ = object_
        return upload

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
                raise field_value_error("Upload", name, exc) from exc
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
    from ..models.open_ai_file import OpenAIFile

_REFERRED_IMPORTED = False


def _import_referred() -> None:
    """Import the models this one refers to (once: the first read of a field holding models, or `to_dict`)."""
    global _REFERRED_IMPORTED, OpenAIFile
    from ..models.open_ai_file import OpenAIFile

    _REFERRED_IMPORTED = True


def _load_status(d: dict[str, Any]) -> Any:
    _v: Any = d.get("status", UNSET)
    if _v is None or _v is UNSET:
        return _v
    status = UploadStatus(_v)

    return status


def _load_file(d: dict[str, Any]) -> Any:
    _v: Any = d.get("file", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()

    def _parse_file(data: object) -> None | OpenAIFile | Unset:
        if data is None:
            return data
        if isinstance(data, Unset):
            return data
        if isinstance(data, dict):
            try:
                file_type_0 = OpenAIFile.from_dict(data)

                return file_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
        raise TypeError(f"unexpected {type(data).__name__}")

    file = _parse_file(_v)

    return file


_KNOWN: frozenset[str] = frozenset(
    (
        "id",
        "created_at",
        "filename",
        "bytes",
        "purpose",
        "status",
        "expires_at",
        "object",
        "file",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "status": _load_status,
    "file": _load_file,
    "additional_properties": _load_additional_properties,
}
