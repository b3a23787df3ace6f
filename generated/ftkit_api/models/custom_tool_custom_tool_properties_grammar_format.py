from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.custom_tool_custom_tool_properties_grammar_format_type import (
    CustomToolCustomToolPropertiesGrammarFormatType,
)
from ..types import UNSET, LazySource, field_value_error

T = TypeVar("T", bound="CustomToolCustomToolPropertiesGrammarFormat")


@_attrs_define
class CustomToolCustomToolPropertiesGrammarFormat(LazySource):
    """A grammar defined by the user.

    Attributes:
        type_ (CustomToolCustomToolPropertiesGrammarFormatType): Grammar format. Always `grammar`.
        grammar (CustomToolCustomToolPropertiesGrammarFormatGrammarFormat): Your chosen grammar.
    """

    type_: CustomToolCustomToolPropertiesGrammarFormatType
    grammar: CustomToolCustomToolPropertiesGrammarFormatGrammarFormat

    def to_dict(self) -> dict[str, Any]:
        if not _REFERRED_IMPORTED:
            _import_referred()
        field_dict: dict[str, Any] = {}

        _v: Any
        _v = self.type_
        if _v is not UNSET:
            if _v is None:
                field_dict["type"] = None
            else:
                type_: Any
                type_ = _v.value
                field_dict["type"] = type_
        _v = self.grammar
        if _v is not UNSET:
            if _v is None:
                field_dict["grammar"] = None
            else:
                grammar: Any
                grammar = _v.to_dict()
                field_dict["grammar"] = grammar

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
            raise TypeError(
                f"CustomToolCustomToolPropertiesGrammarFormat: expected a JSON object, got {type(src_dict).__name__}"
            )
        d = dict(src_dict)
        _g: Any = d.get
        custom_tool_custom_tool_properties_grammar_format = cls.__new__(cls)
        custom_tool_custom_tool_properties_grammar_format._src = d
        _v = _g("type", UNSET)
        if _v is None or _v is UNSET:
            custom_tool_custom_tool_properties_grammar_format.type_ = _g("type", UNSET)
        else:
            type_ = CustomToolCustomToolPropertiesGrammarFormatType(_v)

            custom_tool_custom_tool_properties_grammar_format.type_ = type_
        return custom_tool_custom_tool_properties_grammar_format

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
                raise field_value_error("CustomToolCustomToolPropertiesGrammarFormat", name, exc) from exc
            object.__setattr__(self, name, value)
            return value


if TYPE_CHECKING:
    from ..models.custom_tool_custom_tool_properties_grammar_format_grammar_format import (
        CustomToolCustomToolPropertiesGrammarFormatGrammarFormat,
    )

_REFERRED_IMPORTED = False


def _import_referred() -> None:
    """Import the models this one refers to (once: the first read of a field holding models, or `to_dict`)."""
    global _REFERRED_IMPORTED, CustomToolCustomToolPropertiesGrammarFormatGrammarFormat
    from ..models.custom_tool_custom_tool_properties_grammar_format_grammar_format import (
        CustomToolCustomToolPropertiesGrammarFormatGrammarFormat,
    )

    _REFERRED_IMPORTED = True


def _load_grammar(d: dict[str, Any]) -> Any:
    _v: Any = d.get("grammar", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    grammar = CustomToolCustomToolPropertiesGrammarFormatGrammarFormat.from_dict(_v)

    return grammar


_LOADERS: dict[str, Any] = {
    "grammar": _load_grammar,
}
