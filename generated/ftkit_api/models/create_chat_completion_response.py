from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_chat_completion_response_object import (
    CreateChatCompletionResponseObject,
)
from ..types import UNSET, LazySource, Unset, field_value_error

T = TypeVar("T", bound="CreateChatCompletionResponse")


@_attrs_define
class CreateChatCompletionResponse(LazySource):
    """Represents a chat completion response returned by model, based on the provided input.

    Attributes:
        id (str): A unique identifier for the chat completion.
        choices (list[CreateChatCompletionResponseChoicesItem]): A list of chat completion choices. Can be more than one
            if `n` is greater than 1.
        created (int): The Unix timestamp (in seconds) of when the chat completion was created.
        model (str): The model used for the chat completion.
        object_ (CreateChatCompletionResponseObject): The object type, which is always `chat.completion`.
        system_fingerprint (str | Unset): This fingerprint represents the backend configuration that the model runs
            with.

            Can be used in conjunction with the `seed` request parameter to understand when backend changes have been made
            that might impact determinism.
        usage (CompletionUsage | Unset): Usage statistics for the completion request.
    """

    id: str
    choices: list[CreateChatCompletionResponseChoicesItem]
    created: int
    model: str
    object_: CreateChatCompletionResponseObject
    system_fingerprint: str | Unset = UNSET
    usage: CompletionUsage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _REFERRED_IMPORTED:
            _import_referred()
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        _v: Any
        _v = self.id
        if _v is not UNSET:
            field_dict["id"] = _v
        _v = self.choices
        if _v is not UNSET:
            if _v is None:
                field_dict["choices"] = None
            else:
                choices: Any
                choices = []
                for choices_item_data in _v:
                    choices_item = choices_item_data.to_dict()
                    choices.append(choices_item)

                field_dict["choices"] = choices
        _v = self.created
        if _v is not UNSET:
            field_dict["created"] = _v
        _v = self.model
        if _v is not UNSET:
            field_dict["model"] = _v
        _v = self.object_
        if _v is not UNSET:
            if _v is None:
                field_dict["object"] = None
            else:
                object_: Any
                object_ = _v.value
                field_dict["object"] = object_
        _v = self.system_fingerprint
        if _v is not UNSET:
            field_dict["system_fingerprint"] = _v
        _v = self.usage
        if _v is not UNSET:
            if _v is None:
                field_dict["usage"] = None
            else:
                usage: Any
                usage = UNSET
                if not isinstance(_v, Unset):
                    usage = _v.to_dict()
                field_dict["usage"] = usage

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
            raise TypeError(f"CreateChatCompletionResponse: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        create_chat_completion_response = cls.__new__(cls)
        create_chat_completion_response._src = d
        try:
            create_chat_completion_response.id = d["id"]
            create_chat_completion_response.created = d["created"]
            create_chat_completion_response.model = d["model"]
        except KeyError:
            create_chat_completion_response.id = _g("id", UNSET)
            create_chat_completion_response.created = _g("created", UNSET)
            create_chat_completion_response.model = _g("model", UNSET)
        _v = _g("object", UNSET)
        if _v is None or _v is UNSET:
            create_chat_completion_response.object_ = _g("object", UNSET)
        else:
            object_ = CreateChatCompletionResponseObject(_v)

            create_chat_completion_response.object_ = object_
        create_chat_completion_response.system_fingerprint = _g("system_fingerprint", UNSET)
        return create_chat_completion_response

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
                raise field_value_error("CreateChatCompletionResponse", name, exc) from exc
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
    from ..models.completion_usage import CompletionUsage
    from ..models.create_chat_completion_response_choices_item import (
        CreateChatCompletionResponseChoicesItem,
    )

_REFERRED_IMPORTED = False


def _import_referred() -> None:
    """Import the models this one refers to (once: the first read of a field holding models, or `to_dict`)."""
    global _REFERRED_IMPORTED, CompletionUsage, CreateChatCompletionResponseChoicesItem
    from ..models.completion_usage import CompletionUsage
    from ..models.create_chat_completion_response_choices_item import (
        CreateChatCompletionResponseChoicesItem,
    )

    _REFERRED_IMPORTED = True


def _load_choices(d: dict[str, Any]) -> Any:
    _v: Any = d.get("choices", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    choices = []
    _choices = _v
    for choices_item_data in _choices:
        choices_item = CreateChatCompletionResponseChoicesItem.from_dict(choices_item_data)

        choices.append(choices_item)

    return choices


def _load_usage(d: dict[str, Any]) -> Any:
    _v: Any = d.get("usage", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    _usage = _v
    usage: CompletionUsage | Unset
    if isinstance(_usage, Unset):
        usage = UNSET
    else:
        usage = CompletionUsage.from_dict(_usage)

    return usage


_KNOWN: frozenset[str] = frozenset(
    (
        "id",
        "choices",
        "created",
        "model",
        "object",
        "system_fingerprint",
        "usage",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "choices": _load_choices,
    "usage": _load_usage,
    "additional_properties": _load_additional_properties,
}
