"""Chat completions: ``client.chat.completions.create(...)``, named as in the official SDK so
that application code moves over unchanged, with the fields a fine-tuned chat model needs.

Every argument is checked before anything is sent. On Azure OpenAI's dated surface
(``AzureClient``) the request goes to ``/deployments/{model}/chat/completions``, ``model``
being the deployment's name.

Example::

    completion = client.chat.completions.create(
        model="ft:gpt-4o-mini-2024-07-18:my-org::abc123",
        messages=[{"role": "user", "content": "What is the capital of France?"}],
        temperature=0,
    )
    print(completion.choices[0].message.content)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from ._calls import call, deployment_call, endpoint
from ._checks import Bounds, check_bool, check_choice, check_list, check_str, json_form
from ._resource import AsyncResource, Plan, Resource, SyncResource, Wiring, result, send
from .errors import ValidationError

if TYPE_CHECKING:
    from ftkit_api.models.create_chat_completion_response import CreateChatCompletionResponse
    from typing_extensions import Unpack

    from ._executor import RequestOptions
    from ._flow import AsyncDriver, Call, SyncDriver

__all__ = ["AsyncChat", "AsyncCompletions", "Chat", "Completions", "completion_request"]

_create = endpoint("chat.create_chat_completion")

# Documented (the spec's CreateChatCompletionRequest): the roles of a message, the ranges of
# the sampling parameters, up to 4 stop sequences, n from 1 to 128, the tool choice modes and
# the response format types.
ROLES: Final = ("developer", "system", "user", "assistant", "tool", "function")
TOOL_CHOICES: Final = ("none", "auto", "required")
RESPONSE_FORMATS: Final = ("text", "json_object", "json_schema")
_TEMPERATURE: Final = Bounds(integer=False, minimum=0, maximum=2)
_TOP_P: Final = Bounds(integer=False, minimum=0, maximum=1)
_N: Final = Bounds(integer=True, minimum=1, maximum=128)
_TOKENS: Final = Bounds(integer=True, minimum=1)
_SEED: Final = Bounds(integer=True, minimum=-(2**63), maximum=2**63 - 1)


def completion_request(
    *,
    model: str,
    messages: Sequence[Mapping[str, Any]],
    tools: Sequence[Mapping[str, Any]] | None = None,
    tool_choice: str | Mapping[str, Any] | None = None,
    parallel_tool_calls: bool | None = None,
    response_format: Mapping[str, Any] | None = None,
    temperature: float | None = None,
    top_p: float | None = None,
    seed: int | None = None,
    max_completion_tokens: int | None = None,
    stop: str | Sequence[str] | None = None,
    n: int | None = None,
) -> dict[str, Any]:
    """The checked JSON body of a chat completion request (arguments left as None are not sent).

    >>> completion_request(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}], temperature=0)
    {'model': 'gpt-4o-mini', 'messages': [{'role': 'user', 'content': 'Hi'}], 'temperature': 0}
    >>> completion_request(model="gpt-4o-mini", messages=[{"role": "usr", "content": "Hi"}])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ftkit.errors.ValidationError: messages[0].role: 'usr' is not allowed; expected one of developer, ...
    """
    body: dict[str, Any] = {"model": check_str("model", model)}
    checked = check_list("messages", json_form(messages), what="a non-empty list of messages (dicts)", min_items=1)
    for index, message in enumerate(checked):
        if not isinstance(message, Mapping):
            raise ValidationError(f"messages[{index}]", message, "a message: a dict with a role and its content")
        check_choice(f"messages[{index}].role", message.get("role"), ROLES)
    body["messages"] = checked
    if tools is not None:
        listed = check_list("tools", json_form(tools), what="a list of tools (dicts with a type)")
        for index, tool in enumerate(listed):
            if not isinstance(tool, Mapping) or not isinstance(tool.get("type"), str):
                raise ValidationError(f"tools[{index}]", tool, 'a tool: {"type": "function", "function": {...}}')
        body["tools"] = listed
    if tool_choice is not None:
        choice = json_form(tool_choice)
        if isinstance(choice, str):
            check_choice("tool_choice", choice, TOOL_CHOICES)
        elif not isinstance(choice, Mapping) or not isinstance(choice.get("type"), str):
            raise ValidationError("tool_choice", choice, f"one of {', '.join(TOOL_CHOICES)}, or a dict naming a tool")
        body["tool_choice"] = choice
    if parallel_tool_calls is not None:
        body["parallel_tool_calls"] = check_bool("parallel_tool_calls", parallel_tool_calls)
    if response_format is not None:
        form = json_form(response_format)
        if not isinstance(form, Mapping):
            raise ValidationError("response_format", form, 'a dict such as {"type": "json_object"}')
        check_choice("response_format.type", form.get("type"), RESPONSE_FORMATS)
        if form.get("type") == "json_schema" and not isinstance(form.get("json_schema"), Mapping):
            raise ValidationError(
                "response_format.json_schema", form.get("json_schema"), "a dict with a name and a schema"
            )
        body["response_format"] = dict(form)
    for name, value, bounds in (
        ("temperature", temperature, _TEMPERATURE),
        ("top_p", top_p, _TOP_P),
        ("seed", seed, _SEED),
        ("max_completion_tokens", max_completion_tokens, _TOKENS),
        ("n", n, _N),
    ):
        if value is not None:
            body[name] = bounds.check_number(name, value)
    if stop is not None:
        if isinstance(stop, str):
            body["stop"] = stop
        else:
            stops = check_list(
                "stop",
                list(stop) if isinstance(stop, Sequence) else stop,
                what="a string or 1 to 4 strings",
                min_items=1,
            )
            if len(stops) > 4 or not all(isinstance(s, str) for s in stops):
                raise ValidationError("stop", stop, "a string or 1 to 4 strings")
            body["stop"] = stops
    return body


def _create_call(deployments: bool, body: dict[str, Any]) -> Call:
    from ftkit_api.models.create_chat_completion_request import CreateChatCompletionRequest

    return deployment_call(call(_create, body=CreateChatCompletionRequest.from_dict(body)), body["model"], deployments)


class _CompletionsAPI(Resource[Any]):
    """``client.chat.completions``, written once for both clients (see ``_resource``)."""

    @result
    def create(
        self,
        *,
        model: str,
        messages: Sequence[Mapping[str, Any]],
        tools: Sequence[Mapping[str, Any]] | None = None,
        tool_choice: str | Mapping[str, Any] | None = None,
        parallel_tool_calls: bool | None = None,
        response_format: Mapping[str, Any] | None = None,
        temperature: float | None = None,
        top_p: float | None = None,
        seed: int | None = None,
        max_completion_tokens: int | None = None,
        stop: str | Sequence[str] | None = None,
        n: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> Plan[CreateChatCompletionResponse]:
        """Ask ``model`` (a base model, a fine-tuned ``ft:...`` model, an Azure deployment) to
        answer ``messages``; the arguments are the official SDK's (None: not sent).
        On ``AsyncClient``: ``await client.chat.completions.create(model=..., messages=...)``.

        >>> answer = client.chat.completions.create(
        ...     model=model, messages=[{"role": "user", "content": "What is the capital of France?"}])
        >>> answer.choices[0].message.content
        "Paris, as if everyone didn't know that already."
        """
        body = completion_request(
            model=model, messages=messages, tools=tools, tool_choice=tool_choice,
            parallel_tool_calls=parallel_tool_calls, response_format=response_format, temperature=temperature,
            top_p=top_p, seed=seed, max_completion_tokens=max_completion_tokens, stop=stop, n=n,
        )  # fmt: skip
        return send(_create_call(self._wiring.deployments, body), options)


class Completions(_CompletionsAPI, SyncResource):
    """``client.chat.completions``."""


class AsyncCompletions(_CompletionsAPI, AsyncResource):
    """``client.chat.completions`` of the async client: the same method, awaited."""


class Chat:
    """``client.chat``: its ``completions``."""

    def __init__(self, wiring: Wiring[SyncDriver]) -> None:
        self.completions = Completions(wiring)


class AsyncChat:
    """``client.chat`` of the async client: its ``completions``."""

    def __init__(self, wiring: Wiring[AsyncDriver]) -> None:
        self.completions = AsyncCompletions(wiring)
