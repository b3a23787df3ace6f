from __future__ import annotations

import json
from collections.abc import Mapping
from io import BytesIO
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from .. import types
from ..models.create_file_request_purpose import CreateFileRequestPurpose
from ..types import UNSET, File, LazySource, Unset, field_value_error

T = TypeVar("T", bound="CreateFileRequest")


@_attrs_define
class CreateFileRequest(LazySource):
    """
    Attributes:
        file (File): The File object (not file name) to be uploaded.
        purpose (CreateFileRequestPurpose): The intended purpose of the uploaded file. One of:
            - `assistants`: Used in the Assistants API
            - `batch`: Used in the Batch API
            - `fine-tune`: Used for fine-tuning
            - `vision`: Images used for vision fine-tuning
            - `user_data`: Flexible file type for any purpose
            - `evals`: Used for eval data sets
        expires_after (FileExpirationPolicy | Unset): The expiration policy for a file. By default, files with
            `purpose=batch` expire after 30 days and all other files are persisted until they are manually deleted.
    """

    file: File
    purpose: CreateFileRequestPurpose
    expires_after: FileExpirationPolicy | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        if not _REFERRED_IMPORTED:
            _import_referred()
        field_dict: dict[str, Any] = {}

        _v: Any
        _v = self.file
        if _v is not UNSET:
            if _v is None:
                field_dict["file"] = None
            else:
                file: Any
                file = _v.to_tuple()

                field_dict["file"] = file
        _v = self.purpose
        if _v is not UNSET:
            if _v is None:
                field_dict["purpose"] = None
            else:
                purpose: Any
                purpose = _v.value
                field_dict["purpose"] = purpose
        _v = self.expires_after
        if _v is not UNSET:
            if _v is None:
                field_dict["expires_after"] = None
            else:
                expires_after: Any
                expires_after = UNSET
                if not isinstance(_v, Unset):
                    expires_after = _v.to_dict()
                field_dict["expires_after"] = expires_after

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        if not _REFERRED_IMPORTED:
            _import_referred()
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        files.append(("purpose", (None, str(self.purpose.value).encode(), "text/plain")))

        if not isinstance(self.expires_after, Unset):
            files.append(
                ("expires_after", (None, json.dumps(self.expires_after.to_dict()).encode(), "application/json"))
            )

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
            raise TypeError(f"CreateFileRequest: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        create_file_request = cls.__new__(cls)
        create_file_request._src = d
        return create_file_request

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
                raise field_value_error("CreateFileRequest", name, exc) from exc
            object.__setattr__(self, name, value)
            return value


if TYPE_CHECKING:
    from ..models.file_expiration_policy import FileExpirationPolicy

_REFERRED_IMPORTED = False


def _import_referred() -> None:
    """Import the models this one refers to (once: the first read of a field holding models, or `to_dict`)."""
    global _REFERRED_IMPORTED, FileExpirationPolicy
    from ..models.file_expiration_policy import FileExpirationPolicy

    _REFERRED_IMPORTED = True


def _load_file(d: dict[str, Any]) -> Any:
    _v: Any = d.get("file", UNSET)
    if _v is None or _v is UNSET:
        return _v
    file = File(payload=BytesIO(_v))

    return file


def _load_purpose(d: dict[str, Any]) -> Any:
    _v: Any = d.get("purpose", UNSET)
    if _v is None or _v is UNSET:
        return _v
    purpose = CreateFileRequestPurpose(_v)

    return purpose


def _load_expires_after(d: dict[str, Any]) -> Any:
    _v: Any = d.get("expires_after", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    _expires_after = _v
    expires_after: FileExpirationPolicy | Unset
    if isinstance(_expires_after, Unset):
        expires_after = UNSET
    else:
        expires_after = FileExpirationPolicy.from_dict(_expires_after)

    return expires_after


_LOADERS: dict[str, Any] = {
    "file": _load_file,
    "purpose": _load_purpose,
    "expires_after": _load_expires_after,
}
