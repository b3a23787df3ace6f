from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, LazySource, field_value_error

T = TypeVar("T", bound="RunGraderResponseMetadata")


@_attrs_define
class RunGraderResponseMetadata(LazySource):
    """
    Attributes:
        name (str):
        type_ (str):
        errors (RunGraderResponseMetadataErrors):
        execution_time (float):
        scores (RunGraderResponseMetadataScores):
        token_usage (int | None | RunGraderResponseMetadataTokenUsageType2):
        sampled_model_name (None | str):
    """

    name: str
    type_: str
    errors: RunGraderResponseMetadataErrors
    execution_time: float
    scores: RunGraderResponseMetadataScores
    token_usage: int | None | RunGraderResponseMetadataTokenUsageType2
    sampled_model_name: None | str
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
        _v = self.type_
        if _v is not UNSET:
            field_dict["type"] = _v
        _v = self.errors
        if _v is not UNSET:
            if _v is None:
                field_dict["errors"] = None
            else:
                errors: Any
                errors = _v.to_dict()
                field_dict["errors"] = errors
        _v = self.execution_time
        if _v is not UNSET:
            field_dict["execution_time"] = _v
        _v = self.scores
        if _v is not UNSET:
            if _v is None:
                field_dict["scores"] = None
            else:
                scores: Any
                scores = _v.to_dict()
                field_dict["scores"] = scores
        _v = self.token_usage
        if _v is not UNSET:
            if _v is None:
                field_dict["token_usage"] = None
            else:
                token_usage: Any

                if isinstance(_v, RunGraderResponseMetadataTokenUsageType2):
                    token_usage = _v.to_dict()
                else:
                    token_usage = _v
                field_dict["token_usage"] = token_usage
        _v = self.sampled_model_name
        if _v is not UNSET:
            if _v is None:
                field_dict["sampled_model_name"] = None
            else:
                sampled_model_name: Any

                sampled_model_name = _v
                field_dict["sampled_model_name"] = sampled_model_name

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
            raise TypeError(f"RunGraderResponseMetadata: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        run_grader_response_metadata = cls.__new__(cls)
        run_grader_response_metadata._src = d
        try:
            run_grader_response_metadata.name = d["name"]
            run_grader_response_metadata.type_ = d["type"]
            run_grader_response_metadata.execution_time = d["execution_time"]
            run_grader_response_metadata.sampled_model_name = d["sampled_model_name"]
        except KeyError:
            run_grader_response_metadata.name = _g("name", UNSET)
            run_grader_response_metadata.type_ = _g("type", UNSET)
            run_grader_response_metadata.execution_time = _g("execution_time", UNSET)
            run_grader_response_metadata.sampled_model_name = _g("sampled_model_name", UNSET)
        return run_grader_response_metadata

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
                raise field_value_error("RunGraderResponseMetadata", name, exc) from exc
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
    from ..models.run_grader_response_metadata_errors import (
        RunGraderResponseMetadataErrors,
    )
    from ..models.run_grader_response_metadata_scores import (
        RunGraderResponseMetadataScores,
    )
    from ..models.run_grader_response_metadata_token_usage_type_2 import (
        RunGraderResponseMetadataTokenUsageType2,
    )

_REFERRED_IMPORTED = False


def _import_referred() -> None:
    """Import the models this one refers to (once: the first read of a field holding models, or `to_dict`)."""
    global \
        _REFERRED_IMPORTED, \
        RunGraderResponseMetadataErrors, \
        RunGraderResponseMetadataScores, \
        RunGraderResponseMetadataTokenUsageType2
    from ..models.run_grader_response_metadata_errors import (
        RunGraderResponseMetadataErrors,
    )
    from ..models.run_grader_response_metadata_scores import (
        RunGraderResponseMetadataScores,
    )
    from ..models.run_grader_response_metadata_token_usage_type_2 import (
        RunGraderResponseMetadataTokenUsageType2,
    )

    _REFERRED_IMPORTED = True


def _load_errors(d: dict[str, Any]) -> Any:
    _v: Any = d.get("errors", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    errors = RunGraderResponseMetadataErrors.from_dict(_v)

    return errors


def _load_scores(d: dict[str, Any]) -> Any:
    _v: Any = d.get("scores", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    scores = RunGraderResponseMetadataScores.from_dict(_v)

    return scores


def _load_token_usage(d: dict[str, Any]) -> Any:
    _v: Any = d.get("token_usage", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()

    def _parse_token_usage(data: object) -> int | None | RunGraderResponseMetadataTokenUsageType2:
        if data is None:
            return data
        if isinstance(data, dict):
            try:
                token_usage_type_2 = RunGraderResponseMetadataTokenUsageType2.from_dict(data)

                return token_usage_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
        return cast("int | None | RunGraderResponseMetadataTokenUsageType2", data)

    token_usage = _parse_token_usage(_v)

    return token_usage


_KNOWN: frozenset[str] = frozenset(
    (
        "name",
        "type",
        "errors",
        "execution_time",
        "scores",
        "token_usage",
        "sampled_model_name",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "errors": _load_errors,
    "scores": _load_scores,
    "token_usage": _load_token_usage,
    "additional_properties": _load_additional_properties,
}
