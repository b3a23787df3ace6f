from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, LazySource, Unset, field_value_error

T = TypeVar("T", bound="CompletionUsage")


@_attrs_define
class CompletionUsage(LazySource):
    """Usage statistics for the completion request.

    Attributes:
        completion_tokens (int): Number of tokens in the generated completion. Default: 0.
        prompt_tokens (int): Number of tokens in the prompt. Default: 0.
        total_tokens (int): Total number of tokens used in the request (prompt + completion). Default: 0.
        completion_tokens_details (CompletionUsageCompletionTokensDetails | Unset): Breakdown of tokens used in a
            completion.
        prompt_tokens_details (CompletionUsagePromptTokensDetails | Unset): Breakdown of tokens used in the prompt.
    """

    completion_tokens: int = 0
    prompt_tokens: int = 0
    total_tokens: int = 0
    completion_tokens_details: CompletionUsageCompletionTokensDetails | Unset = UNSET
    prompt_tokens_details: CompletionUsagePromptTokensDetails | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _REFERRED_IMPORTED:
            _import_referred()
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        _v: Any
        _v = self.completion_tokens
        if _v is not UNSET:
            field_dict["completion_tokens"] = _v
        _v = self.prompt_tokens
        if _v is not UNSET:
            field_dict["prompt_tokens"] = _v
        _v = self.total_tokens
        if _v is not UNSET:
            field_dict["total_tokens"] = _v
        _v = self.completion_tokens_details
        if _v is not UNSET:
            if _v is None:
                field_dict["completion_tokens_details"] = None
            else:
                completion_tokens_details: Any
                completion_tokens_details = UNSET
                if not isinstance(_v, Unset):
                    completion_tokens_details = _v.to_dict()
                field_dict["completion_tokens_details"] = completion_tokens_details
        _v = self.prompt_tokens_details
        if _v is not UNSET:
            if _v is None:
                field_dict["prompt_tokens_details"] = None
            else:
                prompt_tokens_details: Any
                prompt_tokens_details = UNSET
                if not isinstance(_v, Unset):
                    prompt_tokens_details = _v.to_dict()
                field_dict["prompt_tokens_details"] = prompt_tokens_details

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
            raise TypeError(f"CompletionUsage: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        completion_usage = cls.__new__(cls)
        completion_usage._src = d
        try:
            completion_usage.completion_tokens = d["completion_tokens"]
            completion_usage.prompt_tokens = d["prompt_tokens"]
            completion_usage.total_tokens = d["total_tokens"]
        except KeyError:
            completion_usage.completion_tokens = _g("completion_tokens", UNSET)
            completion_usage.prompt_tokens = _g("prompt_tokens", UNSET)
            completion_usage.total_tokens = _g("total_tokens", UNSET)
        return completion_usage

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
                raise field_value_error("CompletionUsage", name, exc) from exc
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
    from ..models.completion_usage_completion_tokens_details import (
        CompletionUsageCompletionTokensDetails,
    )
    from ..models.completion_usage_prompt_tokens_details import (
        CompletionUsagePromptTokensDetails,
    )

_REFERRED_IMPORTED = False


def _import_referred() -> None:
    """Import the models this one refers to (once: the first read of a field holding models, or `to_dict`)."""
    global _REFERRED_IMPORTED, CompletionUsageCompletionTokensDetails, CompletionUsagePromptTokensDetails
    from ..models.completion_usage_completion_tokens_details import (
        CompletionUsageCompletionTokensDetails,
    )
    from ..models.completion_usage_prompt_tokens_details import (
        CompletionUsagePromptTokensDetails,
    )

    _REFERRED_IMPORTED = True


def _load_completion_tokens_details(d: dict[str, Any]) -> Any:
    _v: Any = d.get("completion_tokens_details", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    _completion_tokens_details = _v
    completion_tokens_details: CompletionUsageCompletionTokensDetails | Unset
    if isinstance(_completion_tokens_details, Unset):
        completion_tokens_details = UNSET
    else:
        completion_tokens_details = CompletionUsageCompletionTokensDetails.from_dict(_completion_tokens_details)

    return completion_tokens_details


def _load_prompt_tokens_details(d: dict[str, Any]) -> Any:
    _v: Any = d.get("prompt_tokens_details", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    _prompt_tokens_details = _v
    prompt_tokens_details: CompletionUsagePromptTokensDetails | Unset
    if isinstance(_prompt_tokens_details, Unset):
        prompt_tokens_details = UNSET
    else:
        prompt_tokens_details = CompletionUsagePromptTokensDetails.from_dict(_prompt_tokens_details)

    return prompt_tokens_details


_KNOWN: frozenset[str] = frozenset(
    (
        "completion_tokens",
        "prompt_tokens",
        "total_tokens",
        "completion_tokens_details",
        "prompt_tokens_details",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "completion_tokens_details": _load_completion_tokens_details,
    "prompt_tokens_details": _load_prompt_tokens_details,
    "additional_properties": _load_additional_properties,
}
