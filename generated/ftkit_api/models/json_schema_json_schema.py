from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, LazySource, Unset, field_value_error

T = TypeVar("T", bound="JSONSchemaJSONSchema")


@_attrs_define
class JSONSchemaJSONSchema(LazySource):
    """Structured Outputs configuration options, including a JSON Schema.

    Attributes:
        name (str): The name of the response format. Must be a-z, A-Z, 0-9, or contain
            underscores and dashes, with a maximum length of 64.
        description (str | Unset): A description of what the response format is for, used by the model to
            determine how to respond in the format.
        schema (ResponseFormatJsonSchemaSchema | Unset): The schema for the response format, described as a JSON Schema
            object.
            Learn how to build JSON schemas [here](https://json-schema.org/).
        strict (bool | None | Unset):
    """

    name: str
    description: str | Unset = UNSET
    schema: ResponseFormatJsonSchemaSchema | Unset = UNSET
    strict: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _REFERRED_IMPORTED:
            _import_referred()
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        _v: Any
        _v = self.name
        if _v is not UNSET:
            field_dict["name"] = _v
        _v = self.description
        if _v is not UNSET:
            field_dict["description"] = _v
        _v = self.schema
        if _v is not UNSET:
            if _v is None:
                field_dict["schema"] = None
            else:
                schema: Any
                schema = UNSET
                if not isinstance(_v, Unset):
                    schema = _v.to_dict()
                field_dict["schema"] = schema
        _v = self.strict
        if _v is not UNSET:
            if _v is None:
                field_dict["strict"] = None
            else:
                strict: Any

                if isinstance(_v, Unset):
                    strict = UNSET
                else:
                    strict = _v
                field_dict["strict"] = strict

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
            raise TypeError(f"JSONSchemaJSONSchema: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        json_schema_json_schema = cls.__new__(cls)
        json_schema_json_schema._src = d
        try:
            json_schema_json_schema.name = d["name"]
        except KeyError:
            json_schema_json_schema.name = _g("name", UNSET)
        json_schema_json_schema.description = _g("description", UNSET)
        json_schema_json_schema.strict = _g("strict", UNSET)
        return json_schema_json_schema

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
                raise field_value_error("JSONSchemaJSONSchema", name, exc) from exc
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
    from ..models.response_format_json_schema_schema import (
        ResponseFormatJsonSchemaSchema,
    )

_REFERRED_IMPORTED = False


def _import_referred() -> None:
    """Import the models this one refers to (once: the first read of a field holding models, or `to_dict`)."""
    global _REFERRED_IMPORTED, ResponseFormatJsonSchemaSchema
    from ..models.response_format_json_schema_schema import (
        ResponseFormatJsonSchemaSchema,
    )

    _REFERRED_IMPORTED = True


def _load_schema(d: dict[str, Any]) -> Any:
    _v: Any = d.get("schema", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    _schema = _v
    schema: ResponseFormatJsonSchemaSchema | Unset
    if isinstance(_schema, Unset):
        schema = UNSET
    else:
        schema = ResponseFormatJsonSchemaSchema.from_dict(_schema)

    return schema


_KNOWN: frozenset[str] = frozenset(
    (
        "name",
        "description",
        "schema",
        "strict",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "schema": _load_schema,
    "additional_properties": _load_additional_properties,
}
