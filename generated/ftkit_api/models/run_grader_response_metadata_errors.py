from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, LazySource, field_value_error

T = TypeVar("T", bound="RunGraderResponseMetadataErrors")


@_attrs_define
class RunGraderResponseMetadataErrors(LazySource):
    """
    Attributes:
        formula_parse_error (bool):
        sample_parse_error (bool):
        truncated_observation_error (bool):
        unresponsive_reward_error (bool):
        invalid_variable_error (bool):
        other_error (bool):
        python_grader_server_error (bool):
        python_grader_server_error_type (None | str):
        python_grader_runtime_error (bool):
        python_grader_runtime_error_details (None | str):
        model_grader_server_error (bool):
        model_grader_refusal_error (bool):
        model_grader_parse_error (bool):
        model_grader_server_error_details (None | str):
    """

    formula_parse_error: bool
    sample_parse_error: bool
    truncated_observation_error: bool
    unresponsive_reward_error: bool
    invalid_variable_error: bool
    other_error: bool
    python_grader_server_error: bool
    python_grader_server_error_type: None | str
    python_grader_runtime_error: bool
    python_grader_runtime_error_details: None | str
    model_grader_server_error: bool
    model_grader_refusal_error: bool
    model_grader_parse_error: bool
    model_grader_server_error_details: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        _v: Any
        _v = self.formula_parse_error
        if _v is not UNSET:
            field_dict["formula_parse_error"] = _v
        _v = self.sample_parse_error
        if _v is not UNSET:
            field_dict["sample_parse_error"] = _v
        _v = self.truncated_observation_error
        if _v is not UNSET:
            field_dict["truncated_observation_error"] = _v
        _v = self.unresponsive_reward_error
        if _v is not UNSET:
            field_dict["unresponsive_reward_error"] = _v
        _v = self.invalid_variable_error
        if _v is not UNSET:
            field_dict["invalid_variable_error"] = _v
        _v = self.other_error
        if _v is not UNSET:
            field_dict["other_error"] = _v
        _v = self.python_grader_server_error
        if _v is not UNSET:
            field_dict["python_grader_server_error"] = _v
        _v = self.python_grader_server_error_type
        if _v is not UNSET:
            if _v is None:
                field_dict["python_grader_server_error_type"] = None
            else:
                python_grader_server_error_type: Any

                python_grader_server_error_type = _v
                field_dict["python_grader_server_error_type"] = python_grader_server_error_type
        _v = self.python_grader_runtime_error
        if _v is not UNSET:
            field_dict["python_grader_runtime_error"] = _v
        _v = self.python_grader_runtime_error_details
        if _v is not UNSET:
            if _v is None:
                field_dict["python_grader_runtime_error_details"] = None
            else:
                python_grader_runtime_error_details: Any

                python_grader_runtime_error_details = _v
                field_dict["python_grader_runtime_error_details"] = python_grader_runtime_error_details
        _v = self.model_grader_server_error
        if _v is not UNSET:
            field_dict["model_grader_server_error"] = _v
        _v = self.model_grader_refusal_error
        if _v is not UNSET:
            field_dict["model_grader_refusal_error"] = _v
        _v = self.model_grader_parse_error
        if _v is not UNSET:
            field_dict["model_grader_parse_error"] = _v
        _v = self.model_grader_server_error_details
        if _v is not UNSET:
            if _v is None:
                field_dict["model_grader_server_error_details"] = None
            else:
                model_grader_server_error_details: Any

                model_grader_server_error_details = _v
                field_dict["model_grader_server_error_details"] = model_grader_server_error_details

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
            raise TypeError(f"RunGraderResponseMetadataErrors: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        run_grader_response_metadata_errors = cls.__new__(cls)
        run_grader_response_metadata_errors._src = d
        try:
            run_grader_response_metadata_errors.formula_parse_error = d["formula_parse_error"]
            run_grader_response_metadata_errors.sample_parse_error = d["sample_parse_error"]
            run_grader_response_metadata_errors.truncated_observation_error = d["truncated_observation_error"]
            run_grader_response_metadata_errors.unresponsive_reward_error = d["unresponsive_reward_error"]
            run_grader_response_metadata_errors.invalid_variable_error = d["invalid_variable_error"]
            run_grader_response_metadata_errors.other_error = d["other_error"]
            run_grader_response_metadata_errors.python_grader_server_error = d["python_grader_server_error"]
            run_grader_response_metadata_errors.python_grader_server_error_type = d["python_grader_server_error_type"]
            run_grader_response_metadata_errors.python_grader_runtime_error = d["python_grader_runtime_error"]
            run_grader_response_metadata_errors.python_grader_runtime_error_details = d[
                "python_grader_runtime_error_details"
            ]
            run_grader_response_metadata_errors.model_grader_server_error = d["model_grader_server_error"]
            run_grader_response_metadata_errors.model_grader_refusal_error = d["model_grader_refusal_error"]
            run_grader_response_metadata_errors.model_grader_parse_error = d["model_grader_parse_error"]
            run_grader_response_metadata_errors.model_grader_server_error_details = d[
                "model_grader_server_error_details"
            ]
        except KeyError:
            run_grader_response_metadata_errors.formula_parse_error = _g("formula_parse_error", UNSET)
            run_grader_response_metadata_errors.sample_parse_error = _g("sample_parse_error", UNSET)
            run_grader_response_metadata_errors.truncated_observation_error = _g("truncated_observation_error", UNSET)
            run_grader_response_metadata_errors.unresponsive_reward_error = _g("unresponsive_reward_error", UNSET)
            run_grader_response_metadata_errors.invalid_variable_error = _g("invalid_variable_error", UNSET)
            run_grader_response_metadata_errors.other_error = _g("other_error", UNSET)
            run_grader_response_metadata_errors.python_grader_server_error = _g("python_grader_server_error", UNSET)
            run_grader_response_metadata_errors.python_grader_server_error_type = _g(
                "python_grader_server_error_type", UNSET
            )
            run_grader_response_metadata_errors.python_grader_runtime_error = _g("python_grader_runtime_error", UNSET)
            run_grader_response_metadata_errors.python_grader_runtime_error_details = _g(
                "python_grader_runtime_error_details", UNSET
            )
            run_grader_response_metadata_errors.model_grader_server_error = _g("model_grader_server_error", UNSET)
            run_grader_response_metadata_errors.model_grader_refusal_error = _g("model_grader_refusal_error", UNSET)
            run_grader_response_metadata_errors.model_grader_parse_error = _g("model_grader_parse_error", UNSET)
            run_grader_response_metadata_errors.model_grader_server_error_details = _g(
                "model_grader_server_error_details", UNSET
            )
        return run_grader_response_metadata_errors

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
                raise field_value_error("RunGraderResponseMetadataErrors", name, exc) from exc
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


_KNOWN: frozenset[str] = frozenset(
    (
        "formula_parse_error",
        "sample_parse_error",
        "truncated_observation_error",
        "unresponsive_reward_error",
        "invalid_variable_error",
        "other_error",
        "python_grader_server_error",
        "python_grader_server_error_type",
        "python_grader_runtime_error",
        "python_grader_runtime_error_details",
        "model_grader_server_error",
        "model_grader_refusal_error",
        "model_grader_parse_error",
        "model_grader_server_error_details",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "additional_properties": _load_additional_properties,
}
