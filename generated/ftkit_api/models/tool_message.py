from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.tool_message_role import ToolMessageRole
from ..types import UNSET, LazySource, field_value_error

T = TypeVar("T", bound="ToolMessage")


@_attrs_define
class ToolMessage(LazySource):
    """
    Attributes:
        role (ToolMessageRole): The role of the messages author, in this case `tool`.
        content (list[TextContentPart] | str): The contents of the tool message.
        tool_call_id (str): Tool call that this message is responding to.
    """

    role: ToolMessageRole
    content: list[TextContentPart] | str
    tool_call_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _REFERRED_IMPORTED:
            _import_referred()
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        _v: Any
        _v = self.role
        if _v is not UNSET:
            if _v is None:
                field_dict["role"] = None
            else:
                role: Any
                role = _v.value
                field_dict["role"] = role
        _v = self.content
        if _v is not UNSET:
            if _v is None:
                field_dict["content"] = None
            else:
                content: Any

                if isinstance(_v, list):
                    content = []
                    for content_array_of_content_parts_item_data in _v:
                        content_array_of_content_parts_item = content_array_of_content_parts_item_data.to_dict()
                        content.append(content_array_of_content_parts_item)

                else:
                    content = _v
                field_dict["content"] = content
        _v = self.tool_call_id
        if _v is not UNSET:
            field_dict["tool_call_id"] = _v

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
            raise TypeError(f"ToolMessage: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        tool_message = cls.__new__(cls)
        tool_message._src = d
        try:
            tool_message.tool_call_id = d["tool_call_id"]
        except KeyError:
            tool_message.tool_call_id = _g("tool_call_id", UNSET)
        _v = _g("role", UNSET)
        if _v is None or _v is UNSET:
            tool_message.role = _g("role", UNSET)
        else:
            role = ToolMessageRole(_v)

            tool_message.role = role
        return tool_message

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
                raise field_value_error("ToolMessage", name, exc) from exc
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
    from ..models.text_content_part import TextContentPart

_REFERRED_IMPORTED = False


def _import_referred() -> None:
    """Import the models this one refers to (once: the first read of a field holding models, or `to_dict`)."""
    global _REFERRED_IMPORTED, TextContentPart
    from ..models.text_content_part import TextContentPart

    _REFERRED_IMPORTED = True


def _load_content(d: dict[str, Any]) -> Any:
    _v: Any = d.get("content", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()

    def _parse_content(data: object) -> list[TextContentPart] | str:
        if isinstance(data, list):
            try:
                content_array_of_content_parts = []
                _content_array_of_content_parts = data
                for content_array_of_content_parts_item_data in _content_array_of_content_parts:
                    content_array_of_content_parts_item = TextContentPart.from_dict(
                        content_array_of_content_parts_item_data
                    )

                    content_array_of_content_parts.append(content_array_of_content_parts_item)

                return content_array_of_content_parts
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
        return cast("list[TextContentPart] | str", data)

    content = _parse_content(_v)

    return content


_KNOWN: frozenset[str] = frozenset(
    (
        "role",
        "content",
        "tool_call_id",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "content": _load_content,
    "additional_properties": _load_additional_properties,
}
