from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reasoning_effort_type_0 import ReasoningEffortType0
from ..types import UNSET, LazySource, Unset, field_value_error

T = TypeVar("T", bound="ScoreModelGraderSamplingParams")


@_attrs_define
class ScoreModelGraderSamplingParams(LazySource):
    """The sampling parameters for the model.

    Attributes:
        seed (int | None | Unset):
        top_p (float | None | Unset):
        temperature (float | None | Unset):
        max_completions_tokens (int | None | Unset):
        reasoning_effort (None | ReasoningEffortType0 | Unset):
    """

    seed: int | None | Unset = UNSET
    top_p: float | None | Unset = UNSET
    temperature: float | None | Unset = UNSET
    max_completions_tokens: int | None | Unset = UNSET
    reasoning_effort: None | ReasoningEffortType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        _v: Any
        _v = self.seed
        if _v is not UNSET:
            if _v is None:
                field_dict["seed"] = None
            else:
                seed: Any

                if isinstance(_v, Unset):
                    seed = UNSET
                else:
                    seed = _v
                field_dict["seed"] = seed
        _v = self.top_p
        if _v is not UNSET:
            if _v is None:
                field_dict["top_p"] = None
            else:
                top_p: Any

                if isinstance(_v, Unset):
                    top_p = UNSET
                else:
                    top_p = _v
                field_dict["top_p"] = top_p
        _v = self.temperature
        if _v is not UNSET:
            if _v is None:
                field_dict["temperature"] = None
            else:
                temperature: Any

                if isinstance(_v, Unset):
                    temperature = UNSET
                else:
                    temperature = _v
                field_dict["temperature"] = temperature
        _v = self.max_completions_tokens
        if _v is not UNSET:
            if _v is None:
                field_dict["max_completions_tokens"] = None
            else:
                max_completions_tokens: Any

                if isinstance(_v, Unset):
                    max_completions_tokens = UNSET
                else:
                    max_completions_tokens = _v
                field_dict["max_completions_tokens"] = max_completions_tokens
        _v = self.reasoning_effort
        if _v is not UNSET:
            if _v is None:
                field_dict["reasoning_effort"] = None
            else:
                reasoning_effort: Any

                if isinstance(_v, Unset):
                    reasoning_effort = UNSET
                elif isinstance(_v, ReasoningEffortType0):
                    reasoning_effort = _v.value
                else:
                    reasoning_effort = _v
                field_dict["reasoning_effort"] = reasoning_effort

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
            raise TypeError(f"ScoreModelGraderSamplingParams: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        score_model_grader_sampling_params = cls.__new__(cls)
        score_model_grader_sampling_params._src = d
        score_model_grader_sampling_params.seed = _g("seed", UNSET)
        score_model_grader_sampling_params.top_p = _g("top_p", UNSET)
        score_model_grader_sampling_params.temperature = _g("temperature", UNSET)
        score_model_grader_sampling_params.max_completions_tokens = _g("max_completions_tokens", UNSET)
        _v = _g("reasoning_effort", UNSET)
        if _v is None or _v is UNSET:
            score_model_grader_sampling_params.reasoning_effort = _g("reasoning_effort", UNSET)
        else:

            def _parse_reasoning_effort(data: object) -> None | ReasoningEffortType0 | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if isinstance(data, str):
                    try:
                        componentsschemas_reasoning_effort_type_0 = ReasoningEffortType0(data)

                        return componentsschemas_reasoning_effort_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                raise TypeError(f"unexpected {type(data).__name__}")

            reasoning_effort = _parse_reasoning_effort(_v)

            score_model_grader_sampling_params.reasoning_effort = reasoning_effort
        return score_model_grader_sampling_params

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
                raise field_value_error("ScoreModelGraderSamplingParams", name, exc) from exc
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
        "seed",
        "top_p",
        "temperature",
        "max_completions_tokens",
        "reasoning_effort",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "additional_properties": _load_additional_properties,
}
