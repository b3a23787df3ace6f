from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.tool_choice_mode import ToolChoiceMode
from ..types import UNSET, LazySource, Unset, field_value_error

T = TypeVar("T", bound="CreateChatCompletionRequest")


@_attrs_define
class CreateChatCompletionRequest(LazySource):
    """
    Attributes:
        messages (list[AssistantMessage | DeveloperMessage | FunctionMessage | SystemMessage | ToolMessage |
            UserMessage]): A list of messages comprising the conversation so far. Depending on the
            [model](/docs/models) you use, different message types (modalities) are
            supported, like [text](/docs/guides/text-generation),
            [images](/docs/guides/vision), and [audio](/docs/guides/audio).
        model (str): The model to answer, such as `gpt-4o-mini` or a fine-tuned `ft:...` model (on Azure OpenAI, the
            deployment name).
        temperature (float | None | Unset):
        top_p (float | None | Unset):
        max_completion_tokens (int | None | Unset): An upper bound for the number of tokens that can be generated for a
            completion, including visible output tokens and [reasoning tokens](/docs/guides/reasoning).
        response_format (JSONObject | JSONSchema | Text | Unset): An object specifying the format that the model must
            output.

            Setting to `{ "type": "json_schema", "json_schema": {...} }` enables
            Structured Outputs which ensures the model will match your supplied JSON
            schema. Learn more in the [Structured Outputs
            guide](/docs/guides/structured-outputs).

            Setting to `{ "type": "json_object" }` enables the older JSON mode, which
            ensures the message the model generates is valid JSON. Using `json_schema`
            is preferred for models that support it.
        stop (list[str] | None | str | Unset): Not supported with latest reasoning models `o3` and `o4-mini`.

            Up to 4 sequences where the API will stop generating further tokens. The
            returned text will not contain the stop sequence.
        n (int | None | Unset): How many chat completion choices to generate for each input message. Note that you will
            be charged based on the number of generated tokens across all of the choices. Keep `n` as `1` to minimize costs.
            Default: 1. Example: 1.
        seed (int | None | Unset): This feature is in Beta.
            If specified, our system will make a best effort to sample deterministically, such that repeated requests with
            the same `seed` and parameters should return the same result.
            Determinism is not guaranteed, and you should refer to the `system_fingerprint` response parameter to monitor
            changes in the backend.
        tools (list[CustomTool | FunctionTool] | Unset): A list of tools the model may call. You can provide either
            [custom tools](/docs/guides/function-calling#custom-tools) or
            [function tools](/docs/guides/function-calling).
        tool_choice (ChatCompletionAllowedToolsChoice | CustomToolChoice | FunctionToolChoice | ToolChoiceMode | Unset):
            Controls which (if any) tool is called by the model.
            `none` means the model will not call any tool and instead generates a message.
            `auto` means the model can pick between generating a message or calling one or more tools.
            `required` means the model must call one or more tools.
            Specifying a particular tool via `{"type": "function", "function": {"name": "my_function"}}` forces the model to
            call that tool.

            `none` is the default when no tools are present. `auto` is the default if tools are present.
        parallel_tool_calls (bool | Unset): Whether to enable [parallel function calling](/docs/guides/function-
            calling#configuring-parallel-function-calling) during tool use.
    """

    messages: list[AssistantMessage | DeveloperMessage | FunctionMessage | SystemMessage | ToolMessage | UserMessage]
    model: str
    temperature: float | None | Unset = UNSET
    top_p: float | None | Unset = UNSET
    max_completion_tokens: int | None | Unset = UNSET
    response_format: JSONObject | JSONSchema | Text | Unset = UNSET
    stop: list[str] | None | str | Unset = UNSET
    n: int | None | Unset = 1
    seed: int | None | Unset = UNSET
    tools: list[CustomTool | FunctionTool] | Unset = UNSET
    tool_choice: ChatCompletionAllowedToolsChoice | CustomToolChoice | FunctionToolChoice | ToolChoiceMode | Unset = (
        UNSET
    )
    parallel_tool_calls: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _REFERRED_IMPORTED:
            _import_referred()
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        _v: Any
        _v = self.messages
        if _v is not UNSET:
            if _v is None:
                field_dict["messages"] = None
            else:
                messages: Any
                messages = []
                for messages_item_data in _v:
                    messages_item: dict[str, Any]
                    if isinstance(messages_item_data, DeveloperMessage):
                        messages_item = messages_item_data.to_dict()
                    elif isinstance(messages_item_data, SystemMessage):
                        messages_item = messages_item_data.to_dict()
                    elif isinstance(messages_item_data, UserMessage):
                        messages_item = messages_item_data.to_dict()
                    elif isinstance(messages_item_data, AssistantMessage):
                        messages_item = messages_item_data.to_dict()
                    elif isinstance(messages_item_data, ToolMessage):
                        messages_item = messages_item_data.to_dict()
                    else:
                        messages_item = messages_item_data.to_dict()

                    messages.append(messages_item)

                field_dict["messages"] = messages
        _v = self.model
        if _v is not UNSET:
            field_dict["model"] = _v
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
        _v = self.max_completion_tokens
        if _v is not UNSET:
            if _v is None:
                field_dict["max_completion_tokens"] = None
            else:
                max_completion_tokens: Any

                if isinstance(_v, Unset):
                    max_completion_tokens = UNSET
                else:
                    max_completion_tokens = _v
                field_dict["max_completion_tokens"] = max_completion_tokens
        _v = self.response_format
        if _v is not UNSET:
            if _v is None:
                field_dict["response_format"] = None
            else:
                response_format: Any

                if isinstance(_v, Unset):
                    response_format = UNSET
                elif isinstance(_v, Text):
                    response_format = _v.to_dict()
                elif isinstance(_v, JSONSchema):
                    response_format = _v.to_dict()
                else:
                    response_format = _v.to_dict()

                field_dict["response_format"] = response_format
        _v = self.stop
        if _v is not UNSET:
            if _v is None:
                field_dict["stop"] = None
            else:
                stop: Any

                if isinstance(_v, Unset):
                    stop = UNSET
                elif isinstance(_v, list):
                    stop = _v

                else:
                    stop = _v
                field_dict["stop"] = stop
        _v = self.n
        if _v is not UNSET:
            if _v is None:
                field_dict["n"] = None
            else:
                n: Any

                if isinstance(_v, Unset):
                    n = UNSET
                else:
                    n = _v
                field_dict["n"] = n
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
        _v = self.tools
        if _v is not UNSET:
            if _v is None:
                field_dict["tools"] = None
            else:
                tools: Any
                tools = UNSET
                if not isinstance(_v, Unset):
                    tools = []
                    for tools_item_data in _v:
                        tools_item: dict[str, Any]
                        if isinstance(tools_item_data, FunctionTool):
                            tools_item = tools_item_data.to_dict()
                        else:
                            tools_item = tools_item_data.to_dict()

                        tools.append(tools_item)

                field_dict["tools"] = tools
        _v = self.tool_choice
        if _v is not UNSET:
            if _v is None:
                field_dict["tool_choice"] = None
            else:
                tool_choice: Any

                if isinstance(_v, Unset):
                    tool_choice = UNSET
                elif isinstance(_v, ToolChoiceMode):
                    tool_choice = _v.value
                elif isinstance(_v, ChatCompletionAllowedToolsChoice):
                    tool_choice = _v.to_dict()
                elif isinstance(_v, FunctionToolChoice):
                    tool_choice = _v.to_dict()
                else:
                    tool_choice = _v.to_dict()

                field_dict["tool_choice"] = tool_choice
        _v = self.parallel_tool_calls
        if _v is not UNSET:
            field_dict["parallel_tool_calls"] = _v

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
            raise TypeError(f"CreateChatCompletionRequest: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        create_chat_completion_request = cls.__new__(cls)
        create_chat_completion_request._src = d
        try:
            create_chat_completion_request.model = d["model"]
        except KeyError:
            create_chat_completion_request.model = _g("model", UNSET)
        create_chat_completion_request.temperature = _g("temperature", UNSET)
        create_chat_completion_request.top_p = _g("top_p", UNSET)
        create_chat_completion_request.max_completion_tokens = _g("max_completion_tokens", UNSET)
        create_chat_completion_request.n = _g("n", UNSET)
        create_chat_completion_request.seed = _g("seed", UNSET)
        create_chat_completion_request.parallel_tool_calls = _g("parallel_tool_calls", UNSET)
        return create_chat_completion_request

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
                raise field_value_error("CreateChatCompletionRequest", name, exc) from exc
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
    from ..models.assistant_message import AssistantMessage
    from ..models.chat_completion_allowed_tools_choice import (
        ChatCompletionAllowedToolsChoice,
    )
    from ..models.custom_tool import CustomTool
    from ..models.custom_tool_choice import CustomToolChoice
    from ..models.developer_message import DeveloperMessage
    from ..models.function_message import FunctionMessage
    from ..models.function_tool import FunctionTool
    from ..models.function_tool_choice import FunctionToolChoice
    from ..models.json_object import JSONObject
    from ..models.json_schema import JSONSchema
    from ..models.system_message import SystemMessage
    from ..models.text import Text
    from ..models.tool_message import ToolMessage
    from ..models.user_message import UserMessage

_REFERRED_IMPORTED = False


def _import_referred() -> None:
    """Import the models this one refers to (once: the first read of a field holding models, or `to_dict`)."""
    global \
        _REFERRED_IMPORTED, \
        AssistantMessage, \
        ChatCompletionAllowedToolsChoice, \
        CustomTool, \
        CustomToolChoice, \
        DeveloperMessage, \
        FunctionMessage, \
        FunctionTool, \
        FunctionToolChoice, \
        JSONObject, \
        JSONSchema, \
        SystemMessage, \
        Text, \
        ToolMessage, \
        UserMessage
    from ..models.assistant_message import AssistantMessage
    from ..models.chat_completion_allowed_tools_choice import (
        ChatCompletionAllowedToolsChoice,
    )
    from ..models.custom_tool import CustomTool
    from ..models.custom_tool_choice import CustomToolChoice
    from ..models.developer_message import DeveloperMessage
    from ..models.function_message import FunctionMessage
    from ..models.function_tool import FunctionTool
    from ..models.function_tool_choice import FunctionToolChoice
    from ..models.json_object import JSONObject
    from ..models.json_schema import JSONSchema
    from ..models.system_message import SystemMessage
    from ..models.text import Text
    from ..models.tool_message import ToolMessage
    from ..models.user_message import UserMessage

    _REFERRED_IMPORTED = True


def _load_messages(d: dict[str, Any]) -> Any:
    _v: Any = d.get("messages", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    messages = []
    _messages = _v
    for messages_item_data in _messages:

        def _parse_messages_item(
            data: object,
        ) -> AssistantMessage | DeveloperMessage | FunctionMessage | SystemMessage | ToolMessage | UserMessage:
            if isinstance(data, dict):
                try:
                    componentsschemas_chat_completion_request_message_type_0 = DeveloperMessage.from_dict(data)

                    return componentsschemas_chat_completion_request_message_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if isinstance(data, dict):
                try:
                    componentsschemas_chat_completion_request_message_type_1 = SystemMessage.from_dict(data)

                    return componentsschemas_chat_completion_request_message_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if isinstance(data, dict):
                try:
                    componentsschemas_chat_completion_request_message_type_2 = UserMessage.from_dict(data)

                    return componentsschemas_chat_completion_request_message_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if isinstance(data, dict):
                try:
                    componentsschemas_chat_completion_request_message_type_3 = AssistantMessage.from_dict(data)

                    return componentsschemas_chat_completion_request_message_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if isinstance(data, dict):
                try:
                    componentsschemas_chat_completion_request_message_type_4 = ToolMessage.from_dict(data)

                    return componentsschemas_chat_completion_request_message_type_4
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_chat_completion_request_message_type_5 = FunctionMessage.from_dict(data)

            return componentsschemas_chat_completion_request_message_type_5
            raise TypeError(f"unexpected {type(data).__name__}")

        messages_item = _parse_messages_item(messages_item_data)

        messages.append(messages_item)

    return messages


def _load_response_format(d: dict[str, Any]) -> Any:
    _v: Any = d.get("response_format", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()

    def _parse_response_format(data: object) -> JSONObject | JSONSchema | Text | Unset:
        if isinstance(data, Unset):
            return data
        if isinstance(data, dict):
            try:
                response_format_type_0 = Text.from_dict(data)

                return response_format_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
        if isinstance(data, dict):
            try:
                response_format_type_1 = JSONSchema.from_dict(data)

                return response_format_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
        if not isinstance(data, dict):
            raise TypeError()
        response_format_type_2 = JSONObject.from_dict(data)

        return response_format_type_2
        raise TypeError(f"unexpected {type(data).__name__}")

    response_format = _parse_response_format(_v)

    return response_format


def _load_stop(d: dict[str, Any]) -> Any:
    _v: Any = d.get("stop", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()

    def _parse_stop(data: object) -> list[str] | None | str | Unset:
        if data is None:
            return data
        if isinstance(data, Unset):
            return data
        if isinstance(data, list):
            try:
                componentsschemas_stop_configuration_type_1 = cast("list[str]", data)

                return componentsschemas_stop_configuration_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
        return cast("list[str] | None | str | Unset", data)

    stop = _parse_stop(_v)

    return stop


def _load_tools(d: dict[str, Any]) -> Any:
    _v: Any = d.get("tools", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    _tools = _v
    tools: list[CustomTool | FunctionTool] | Unset = UNSET
    if _tools is not UNSET:
        tools = []
        for tools_item_data in _tools:

            def _parse_tools_item(data: object) -> CustomTool | FunctionTool:
                if isinstance(data, dict):
                    try:
                        tools_item_type_0 = FunctionTool.from_dict(data)

                        return tools_item_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                if not isinstance(data, dict):
                    raise TypeError()
                tools_item_type_1 = CustomTool.from_dict(data)

                return tools_item_type_1
                raise TypeError(f"unexpected {type(data).__name__}")

            tools_item = _parse_tools_item(tools_item_data)

            tools.append(tools_item)

    return tools


def _load_tool_choice(d: dict[str, Any]) -> Any:
    _v: Any = d.get("tool_choice", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()

    def _parse_tool_choice(
        data: object,
    ) -> ChatCompletionAllowedToolsChoice | CustomToolChoice | FunctionToolChoice | ToolChoiceMode | Unset:
        if isinstance(data, Unset):
            return data
        if isinstance(data, str):
            try:
                componentsschemas_chat_completion_tool_choice_option_tool_choice_mode = ToolChoiceMode(data)

                return componentsschemas_chat_completion_tool_choice_option_tool_choice_mode
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
        if isinstance(data, dict):
            try:
                componentsschemas_chat_completion_tool_choice_option_type_1 = (
                    ChatCompletionAllowedToolsChoice.from_dict(data)
                )

                return componentsschemas_chat_completion_tool_choice_option_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
        if isinstance(data, dict):
            try:
                componentsschemas_chat_completion_tool_choice_option_type_2 = FunctionToolChoice.from_dict(data)

                return componentsschemas_chat_completion_tool_choice_option_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
        if not isinstance(data, dict):
            raise TypeError()
        componentsschemas_chat_completion_tool_choice_option_type_3 = CustomToolChoice.from_dict(data)

        return componentsschemas_chat_completion_tool_choice_option_type_3
        raise TypeError(f"unexpected {type(data).__name__}")

    tool_choice = _parse_tool_choice(_v)

    return tool_choice


_KNOWN: frozenset[str] = frozenset(
    (
        "messages",
        "model",
        "temperature",
        "top_p",
        "max_completion_tokens",
        "response_format",
        "stop",
        "n",
        "seed",
        "tools",
        "tool_choice",
        "parallel_tool_calls",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "messages": _load_messages,
    "response_format": _load_response_format,
    "stop": _load_stop,
    "tools": _load_tools,
    "tool_choice": _load_tool_choice,
    "additional_properties": _load_additional_properties,
}
