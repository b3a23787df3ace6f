from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.fine_tune_method_type import FineTuneMethodType
from ..types import UNSET, LazySource, Unset, field_value_error

T = TypeVar("T", bound="FineTuneMethod")


@_attrs_define
class FineTuneMethod(LazySource):
    """The method used for fine-tuning.

    Attributes:
        type_ (FineTuneMethodType): The type of method. Is either `supervised`, `dpo`, or `reinforcement`.
        supervised (FineTuneSupervisedMethod | Unset): Configuration for the supervised fine-tuning method.
        dpo (FineTuneDPOMethod | Unset): Configuration for the DPO fine-tuning method.
        reinforcement (FineTuneReinforcementMethod | Unset): Configuration for the reinforcement fine-tuning method.
    """

    type_: FineTuneMethodType
    supervised: FineTuneSupervisedMethod | Unset = UNSET
    dpo: FineTuneDPOMethod | Unset = UNSET
    reinforcement: FineTuneReinforcementMethod | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _REFERRED_IMPORTED:
            _import_referred()
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        _v: Any
        _v = self.type_
        if _v is not UNSET:
            if _v is None:
                field_dict["type"] = None
            else:
                type_: Any
                type_ = _v.value
                field_dict["type"] = type_
        _v = self.supervised
        if _v is not UNSET:
            if _v is None:
                field_dict["supervised"] = None
            else:
                supervised: Any
                supervised = UNSET
                if not isinstance(_v, Unset):
                    supervised = _v.to_dict()
                field_dict["supervised"] = supervised
        _v = self.dpo
        if _v is not UNSET:
            if _v is None:
                field_dict["dpo"] = None
            else:
                dpo: Any
                dpo = UNSET
                if not isinstance(_v, Unset):
                    dpo = _v.to_dict()
                field_dict["dpo"] = dpo
        _v = self.reinforcement
        if _v is not UNSET:
            if _v is None:
                field_dict["reinforcement"] = None
            else:
                reinforcement: Any
                reinforcement = UNSET
                if not isinstance(_v, Unset):
                    reinforcement = _v.to_dict()
                field_dict["reinforcement"] = reinforcement

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
            raise TypeError(f"FineTuneMethod: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        fine_tune_method = cls.__new__(cls)
        fine_tune_method._src = d
        return fine_tune_method

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
                raise field_value_error("FineTuneMethod", name, exc) from exc
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
    from ..models.fine_tune_dpo_method import FineTuneDPOMethod
    from ..models.fine_tune_reinforcement_method import FineTuneReinforcementMethod
    from ..models.fine_tune_supervised_method import FineTuneSupervisedMethod

_REFERRED_IMPORTED = False


def _import_referred() -> None:
    """Import the models this one refers to (once: the first read of a field holding models, or `to_dict`)."""
    global _REFERRED_IMPORTED, FineTuneDPOMethod, FineTuneReinforcementMethod, FineTuneSupervisedMethod
    from ..models.fine_tune_dpo_method import FineTuneDPOMethod
    from ..models.fine_tune_reinforcement_method import FineTuneReinforcementMethod
    from ..models.fine_tune_supervised_method import FineTuneSupervisedMethod

    _REFERRED_IMPORTED = True


def _load_type_(d: dict[str, Any]) -> Any:
    _v: Any = d.get("type", UNSET)
    if _v is None or _v is UNSET:
        return _v
    type_ = FineTuneMethodType(_v)

    return type_


def _load_supervised(d: dict[str, Any]) -> Any:
    _v: Any = d.get("supervised", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    _supervised = _v
    supervised: FineTuneSupervisedMethod | Unset
    if isinstance(_supervised, Unset):
        supervised = UNSET
    else:
        supervised = FineTuneSupervisedMethod.from_dict(_supervised)

    return supervised


def _load_dpo(d: dict[str, Any]) -> Any:
    _v: Any = d.get("dpo", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    _dpo = _v
    dpo: FineTuneDPOMethod | Unset
    if isinstance(_dpo, Unset):
        dpo = UNSET
    else:
        dpo = FineTuneDPOMethod.from_dict(_dpo)

    return dpo


def _load_reinforcement(d: dict[str, Any]) -> Any:
    _v: Any = d.get("reinforcement", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    _reinforcement = _v
    reinforcement: FineTuneReinforcementMethod | Unset
    if isinstance(_reinforcement, Unset):
        reinforcement = UNSET
    else:
        reinforcement = FineTuneReinforcementMethod.from_dict(_reinforcement)

    return reinforcement


_KNOWN: frozenset[str] = frozenset(
    (
        "type",
        "supervised",
        "dpo",
        "reinforcement",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "type_": _load_type_,
    "supervised": _load_supervised,
    "dpo": _load_dpo,
    "reinforcement": _load_reinforcement,
    "additional_properties": _load_additional_properties,
}
