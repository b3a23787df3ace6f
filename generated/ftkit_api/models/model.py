from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.model_object import ModelObject
from ..types import UNSET, LazySource, Unset, field_value_error

T = TypeVar("T", bound="Model")


@_attrs_define
class Model(LazySource):
    """Describes an OpenAI model offering that can be used with the API.

    Attributes:
        id (str): The model identifier, which can be referenced in the API endpoints.
        created (int): The Unix timestamp (in seconds) when the model was created.
        object_ (ModelObject): The object type, which is always "model".
        owned_by (str): The organization that owns the model.
        shutdown_date (datetime.date | None | Unset): The date when the model will shut down, or null if not announced.
    """

    id: str
    created: int
    object_: ModelObject
    owned_by: str
    shutdown_date: datetime.date | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        _v: Any
        _v = self.id
        if _v is not UNSET:
            field_dict["id"] = _v
        _v = self.created
        if _v is not UNSET:
            field_dict["created"] = _v
        _v = self.object_
        if _v is not UNSET:
            if _v is None:
                field_dict["object"] = None
            else:
                object_: Any
                object_ = _v.value
                field_dict["object"] = object_
        _v = self.owned_by
        if _v is not UNSET:
            field_dict["owned_by"] = _v
        _v = self.shutdown_date
        if _v is not UNSET:
            if _v is None:
                field_dict["shutdown_date"] = None
            else:
                shutdown_date: Any

                if isinstance(_v, Unset):
                    shutdown_date = UNSET
                elif isinstance(_v, datetime.date):
                    shutdown_date = _v.isoformat()
                else:
                    shutdown_date = _v
                field_dict["shutdown_date"] = shutdown_date

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
            raise TypeError(f"Model: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        model = cls.__new__(cls)
        model._src = d
        try:
            model.id = d["id"]
            model.created = d["created"]
            model.owned_by = d["owned_by"]
        except KeyError:
            model.id = _g("id", UNSET)
            model.created = _g("created", UNSET)
            model.owned_by = _g("owned_by", UNSET)
        _v = _g("object", UNSET)
        if _v is None or _v is UNSET:
            model.object_ = _g("object", UNSET)
        else:
            object_ = ModelObject(_v)

            model.object_ = object_
        return model

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
                raise field_value_error("Model", name, exc) from exc
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


def _load_shutdown_date(d: dict[str, Any]) -> Any:
    _v: Any = d.get("shutdown_date", UNSET)
    if _v is None or _v is UNSET:
        return _v

    def _parse_shutdown_date(data: object) -> datetime.date | None | Unset:
        if data is None:
            return data
        if isinstance(data, Unset):
            return data
        if isinstance(data, str):
            try:
                shutdown_date_type_0 = datetime.date.fromisoformat(data)

                return shutdown_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
        raise TypeError(f"unexpected {type(data).__name__}")

    shutdown_date = _parse_shutdown_date(_v)

    return shutdown_date


_KNOWN: frozenset[str] = frozenset(
    (
        "id",
        "created",
        "object",
        "owned_by",
        "shutdown_date",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "shutdown_date": _load_shutdown_date,
    "additional_properties": _load_additional_properties,
}
