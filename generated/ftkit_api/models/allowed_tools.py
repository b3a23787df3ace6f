from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.allowed_tools_mode import AllowedToolsMode
from ..types import UNSET, LazySource, field_value_error

T = TypeVar("T", bound="AllowedTools")


@_attrs_define
class AllowedTools(LazySource):
    """Constrains the tools available to the model to a pre-defined set.

    Attributes:
        mode (AllowedToolsMode): Constrains the tools available to the model to a pre-defined set.

            `auto` allows the model to pick from among the allowed tools and generate a
            message.

            `required` requires the model to call one or more of the allowed tools.
        tools (list[AllowedToolsToolsItem]): A list of tool definitions that the model should be allowed to call.

            For the Chat Completions API, the list of tool definitions might look like:
            ```json
            [
              { "type": "function", "function": { "name": "get_weather" } },
              { "type": "function", "function": { "name": "get_time" } }
            ]
            ```
    """

    mode: AllowedToolsMode
    tools: list[AllowedToolsToolsItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _REFERRED_IMPORTED:
            _import_referred()
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        _v: Any
        _v = self.mode
        if _v is not UNSET:
            if _v is None:
                field_dict["mode"] = None
            else:
                mode: Any
                mode = _v.value
                field_dict["mode"] = mode
        _v = self.tools
        if _v is not UNSET:
            if _v is None:
                field_dict["tools"] = None
            else:
                tools: Any
                tools = []
                for tools_item_data in _v:
                    tools_item = tools_item_data.to_dict()
                    tools.append(tools_item)

                field_dict["tools"] = tools

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
            raise TypeError(f"AllowedTools: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        allowed_tools = cls.__new__(cls)
        allowed_tools._src = d
        return allowed_tools

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
                raise field_value_error("AllowedTools", name, exc) from exc
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
    from ..models.allowed_tools_tools_item import AllowedToolsToolsItem

_REFERRED_IMPORTED = False


def _import_referred() -> None:
    """Import the models this one refers to (once: the first read of a field holding models, or `to_dict`)."""
    global _REFERRED_IMPORTED, AllowedToolsToolsItem
    from ..models.allowed_tools_tools_item import AllowedToolsToolsItem

    _REFERRED_IMPORTED = True


def _load_mode(d: dict[str, Any]) -> Any:
    _v: Any = d.get("mode", UNSET)
    if _v is None or _v is UNSET:
        return _v
    mode = AllowedToolsMode(_v)

    return mode


def _load_tools(d: dict[str, Any]) -> Any:
    _v: Any = d.get("tools", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    tools = []
    _tools = _v
    for tools_item_data in _tools:
        tools_item = AllowedToolsToolsItem.from_dict(tools_item_data)

        tools.append(tools_item)

    return tools


_KNOWN: frozenset[str] = frozenset(
    (
        "mode",
        "tools",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "mode": _load_mode,
    "tools": _load_tools,
    "additional_properties": _load_additional_properties,
}
