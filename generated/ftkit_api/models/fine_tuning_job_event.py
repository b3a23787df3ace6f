from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.fine_tuning_job_event_level import FineTuningJobEventLevel
from ..models.fine_tuning_job_event_object import FineTuningJobEventObject
from ..models.fine_tuning_job_event_type import FineTuningJobEventType
from ..types import UNSET, LazySource, Unset, field_value_error

T = TypeVar("T", bound="FineTuningJobEvent")


@_attrs_define
class FineTuningJobEvent(LazySource):
    """Fine-tuning job event object

    Attributes:
        object_ (FineTuningJobEventObject): The object type, which is always "fine_tuning.job.event".
        id (str): The object identifier.
        created_at (int): The Unix timestamp (in seconds) for when the fine-tuning job was created.
        level (FineTuningJobEventLevel): The log level of the event.
        message (str): The message of the event.
        type_ (FineTuningJobEventType | Unset): The type of event.
        data (FineTuningJobEventDataType0 | None | Unset): The data associated with the event.
    """

    object_: FineTuningJobEventObject
    id: str
    created_at: int
    level: FineTuningJobEventLevel
    message: str
    type_: FineTuningJobEventType | Unset = UNSET
    data: FineTuningJobEventDataType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _REFERRED_IMPORTED:
            _import_referred()
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        _v: Any
        _v = self.object_
        if _v is not UNSET:
            if _v is None:
                field_dict["object"] = None
            else:
                object_: Any
                object_ = _v.value
                field_dict["object"] = object_
        _v = self.id
        if _v is not UNSET:
            field_dict["id"] = _v
        _v = self.created_at
        if _v is not UNSET:
            field_dict["created_at"] = _v
        _v = self.level
        if _v is not UNSET:
            if _v is None:
                field_dict["level"] = None
            else:
                level: Any
                level = _v.value
                field_dict["level"] = level
        _v = self.message
        if _v is not UNSET:
            field_dict["message"] = _v
        _v = self.type_
        if _v is not UNSET:
            if _v is None:
                field_dict["type"] = None
            else:
                type_: Any
                type_ = UNSET
                if not isinstance(_v, Unset):
                    type_ = _v.value

                field_dict["type"] = type_
        _v = self.data
        if _v is not UNSET:
            if _v is None:
                field_dict["data"] = None
            else:
                data: Any

                if isinstance(_v, Unset):
                    data = UNSET
                elif isinstance(_v, FineTuningJobEventDataType0):
                    data = _v.to_dict()
                else:
                    data = _v
                field_dict["data"] = data

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
            raise TypeError(f"FineTuningJobEvent: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        fine_tuning_job_event = cls.__new__(cls)
        fine_tuning_job_event._src = d
        try:
            fine_tuning_job_event.id = d["id"]
            fine_tuning_job_event.created_at = d["created_at"]
            fine_tuning_job_event.message = d["message"]
        except KeyError:
            fine_tuning_job_event.id = _g("id", UNSET)
            fine_tuning_job_event.created_at = _g("created_at", UNSET)
            fine_tuning_job_event.message = _g("message", UNSET)
        _v = _g("object", UNSET)
        if _v is None or _v is UNSET:
            fine_tuning_job_event.object_ = _g("object", UNSET)
        else:
            object_ = FineTuningJobEventObject(_v)

            fine_tuning_job_event.object_ = object_
        return fine_tuning_job_event

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
                raise field_value_error("FineTuningJobEvent", name, exc) from exc
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
    from ..models.fine_tuning_job_event_data_type_0 import FineTuningJobEventDataType0

_REFERRED_IMPORTED = False


def _import_referred() -> None:
    """Import the models this one refers to (once: the first read of a field holding models, or `to_dict`)."""
    global _REFERRED_IMPORTED, FineTuningJobEventDataType0
    from ..models.fine_tuning_job_event_data_type_0 import FineTuningJobEventDataType0

    _REFERRED_IMPORTED = True


def _load_level(d: dict[str, Any]) -> Any:
    _v: Any = d.get("level", UNSET)
    if _v is None or _v is UNSET:
        return _v
    level = FineTuningJobEventLevel(_v)

    return level


def _load_type_(d: dict[str, Any]) -> Any:
    _v: Any = d.get("type", UNSET)
    if _v is None or _v is UNSET:
        return _v
    _type_ = _v
    type_: FineTuningJobEventType | Unset
    if isinstance(_type_, Unset):
        type_ = UNSET
    else:
        type_ = FineTuningJobEventType(_type_)

    return type_


def _load_data(d: dict[str, Any]) -> Any:
    _v: Any = d.get("data", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()

    def _parse_data(data: object) -> FineTuningJobEventDataType0 | None | Unset:
        if data is None:
            return data
        if isinstance(data, Unset):
            return data
        if isinstance(data, dict):
            try:
                data_type_0 = FineTuningJobEventDataType0.from_dict(data)

                return data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
        raise TypeError(f"unexpected {type(data).__name__}")

    data = _parse_data(_v)

    return data


_KNOWN: frozenset[str] = frozenset(
    (
        "object",
        "id",
        "created_at",
        "level",
        "message",
        "type",
        "data",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "level": _load_level,
    "type_": _load_type_,
    "data": _load_data,
    "additional_properties": _load_additional_properties,
}
