from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, LazySource, field_value_error

T = TypeVar("T", bound="RunGraderResponse")


@_attrs_define
class RunGraderResponse(LazySource):
    """
    Attributes:
        reward (float):
        metadata (RunGraderResponseMetadata):
        sub_rewards (RunGraderResponseSubRewards):
        model_grader_token_usage_per_model (RunGraderResponseModelGraderTokenUsagePerModel):
    """

    reward: float
    metadata: RunGraderResponseMetadata
    sub_rewards: RunGraderResponseSubRewards
    model_grader_token_usage_per_model: RunGraderResponseModelGraderTokenUsagePerModel
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _REFERRED_IMPORTED:
            _import_referred()
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        _v: Any
        _v = self.reward
        if _v is not UNSET:
            field_dict["reward"] = _v
        _v = self.metadata
        if _v is not UNSET:
            if _v is None:
                field_dict["metadata"] = None
            else:
                metadata: Any
                metadata = _v.to_dict()
                field_dict["metadata"] = metadata
        _v = self.sub_rewards
        if _v is not UNSET:
            if _v is None:
                field_dict["sub_rewards"] = None
            else:
                sub_rewards: Any
                sub_rewards = _v.to_dict()
                field_dict["sub_rewards"] = sub_rewards
        _v = self.model_grader_token_usage_per_model
        if _v is not UNSET:
            if _v is None:
                field_dict["model_grader_token_usage_per_model"] = None
            else:
                model_grader_token_usage_per_model: Any
                model_grader_token_usage_per_model = _v.to_dict()
                field_dict["model_grader_token_usage_per_model"] = model_grader_token_usage_per_model

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
            raise TypeError(f"RunGraderResponse: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        run_grader_response = cls.__new__(cls)
        run_grader_response._src = d
        try:
            run_grader_response.reward = d["reward"]
        except KeyError:
            run_grader_response.reward = _g("reward", UNSET)
        return run_grader_response

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
                raise field_value_error("RunGraderResponse", name, exc) from exc
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
    from ..models.run_grader_response_metadata import RunGraderResponseMetadata
    from ..models.run_grader_response_model_grader_token_usage_per_model import (
        RunGraderResponseModelGraderTokenUsagePerModel,
    )
    from ..models.run_grader_response_sub_rewards import RunGraderResponseSubRewards

_REFERRED_IMPORTED = False


def _import_referred() -> None:
    """Import the models this one refers to (once: the first read of a field holding models, or `to_dict`)."""
    global \
        _REFERRED_IMPORTED, \
        RunGraderResponseMetadata, \
        RunGraderResponseModelGraderTokenUsagePerModel, \
        RunGraderResponseSubRewards
    from ..models.run_grader_response_metadata import RunGraderResponseMetadata
    from ..models.run_grader_response_model_grader_token_usage_per_model import (
        RunGraderResponseModelGraderTokenUsagePerModel,
    )
    from ..models.run_grader_response_sub_rewards import RunGraderResponseSubRewards

    _REFERRED_IMPORTED = True


def _load_metadata(d: dict[str, Any]) -> Any:
    _v: Any = d.get("metadata", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    metadata = RunGraderResponseMetadata.from_dict(_v)

    return metadata


def _load_sub_rewards(d: dict[str, Any]) -> Any:
    _v: Any = d.get("sub_rewards", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    sub_rewards = RunGraderResponseSubRewards.from_dict(_v)

    return sub_rewards


def _load_model_grader_token_usage_per_model(d: dict[str, Any]) -> Any:
    _v: Any = d.get("model_grader_token_usage_per_model", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    model_grader_token_usage_per_model = RunGraderResponseModelGraderTokenUsagePerModel.from_dict(_v)

    return model_grader_token_usage_per_model


_KNOWN: frozenset[str] = frozenset(
    (
        "reward",
        "metadata",
        "sub_rewards",
        "model_grader_token_usage_per_model",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "metadata": _load_metadata,
    "sub_rewards": _load_sub_rewards,
    "model_grader_token_usage_per_model": _load_model_grader_token_usage_per_model,
    "additional_properties": _load_additional_properties,
}
