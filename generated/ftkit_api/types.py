"""Contains some shared types for properties"""

import json
from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, Any, BinaryIO, Generic, Literal, TypeVar

from attrs import define


class Unset:
    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


class LazySource:
    """Base of the generated models (ftkit, issue 9): the slot for the source dict.

    `from_dict` keeps the dict it read (a shallow copy) in `_src`, sets the fields that
    need no converting and checks the required keys; the other fields are converted
    from `_src` on first access (see the models' `__getattr__`).
    """

    __slots__ = ("_src",)
    _src: dict[str, Any]


class FieldValueError(ValueError):
    """A field of a model read from the API holds a value that cannot be converted.

    Raised on the first access of a field that the model converts lazily (nested models,
    lists of models, unions, multi-value enums, dates); names the model and the field.
    The class actually raised is the one registered with `set_field_value_error_class`
    (a subclass of this one), so that a package built on this client can make these
    errors part of its own exception tree.
    """

    def __init__(self, model: str, field: str, cause: BaseException) -> None:
        super().__init__(f"{model}.{field}: the value read cannot be converted ({type(cause).__name__}: {cause})")
        self.model = model
        self.field = field


_field_value_error_class: type[FieldValueError] = FieldValueError


def set_field_value_error_class(cls: type[FieldValueError]) -> None:
    """Raise `cls` (a subclass of FieldValueError, same constructor) for malformed fields from now on.

    Example: `set_field_value_error_class(MyResponseError)` where
    `class MyResponseError(MyPackageError, FieldValueError): ...`.
    """
    global _field_value_error_class
    if not (isinstance(cls, type) and issubclass(cls, FieldValueError)):
        raise TypeError(f"expected a subclass of FieldValueError, got {cls!r}")
    _field_value_error_class = cls


def field_value_error(model: str, field: str, cause: BaseException) -> FieldValueError:
    """The error to raise for a malformed `field` of `model` (of the registered class)."""
    return _field_value_error_class(model, field, cause)


#: How deep the JSON of an answer may nest (ftkit). The API's answers stay within a few
#: levels; a deeper one could be parsed, yet copying, pickling or printing what was read
#: would then fail far from the answer (RecursionError), so it is refused where it is read.
MAX_JSON_DEPTH = 128

# What the depth check keeps of a body: the brackets and the quotes around strings.
_NOT_STRUCTURE = bytes(byte for byte in range(256) if byte not in b'"[]{}')
_AS_SQUARE = bytes.maketrans(b"{}", b"[]")


def _nested_deeper(content: bytes, limit: int) -> bool:
    """Whether the JSON text `content` (parsed already) nests deeper than `limit` levels.

    Done on the bytes, at the speed of bytes methods: brackets inside strings are dropped,
    then each pass removes the innermost pairs, one level a pass.
    """
    bare = content.translate(None, _NOT_STRUCTURE)
    if len(bare) - bare.count(b'"') <= limit:
        return False  # fewer brackets than levels allowed
    if b"\\" in content:
        # Escapes first (an escaped backslash, then an escaped quote): every quote left
        # then opens or closes a string.
        bare = content.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
    # Strings without brackets go first (two quotes side by side; parity is kept), then the
    # contents of the others.
    bare = bare.replace(b'""', b"")
    if b'"' in bare:
        bare = b"".join(bare.split(b'"')[::2])
    brackets = bare.translate(_AS_SQUARE)
    for _ in range(limit):
        if not brackets:
            return False
        shorter = brackets.replace(b"[]", b"")
        if len(shorter) == len(brackets):
            return False  # not balanced: not the JSON that was parsed
        brackets = shorter
    return bool(brackets)


def read_json(content: bytes | str) -> Any:
    """The JSON value of an answer's body (ftkit): what `httpx.Response.json()` gives, but
    a body nested deeper than `MAX_JSON_DEPTH` levels is a `ValueError` saying so, never a
    `RecursionError`, like any other body that is not JSON.

    >>> read_json(b'{"id": "ftjob-1"}')
    {'id': 'ftjob-1'}
    """
    try:
        value = json.loads(content)
    except RecursionError:
        raise ValueError(f"the body is JSON nested too deeply to read (more than {MAX_JSON_DEPTH} levels)") from None
    raw = content.encode() if isinstance(content, str) else content
    if _nested_deeper(raw, MAX_JSON_DEPTH):
        raise ValueError(f"the body is JSON nested deeper than {MAX_JSON_DEPTH} levels")
    return value


__all__ = [
    "MAX_JSON_DEPTH",
    "UNSET",
    "FieldValueError",
    "File",
    "FileTypes",
    "LazySource",
    "RequestFiles",
    "Response",
    "Unset",
    "field_value_error",
    "read_json",
    "set_field_value_error_class",
]
