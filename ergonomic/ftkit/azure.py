"""``AzureClient`` and ``AsyncAzureClient``: the same client, speaking to Azure OpenAI.

Azure OpenAI serves the fine-tuning API under ``{endpoint}/openai/...`` with an
``api-version`` query parameter on every request, and takes an ``api-key`` header or an
Entra ID (Azure AD) token as ``Authorization: Bearer``. Only the configuration differs
from ``Client``: the base URL, the default query, the headers and, for a token provider,
an ``httpx.Auth`` that asks for a token on every request (so tokens refresh). Resources,
pages, follow/wait, retries, builders and errors are those of ``Client``.

Example::

    import ftkit

    with ftkit.AzureClient(azure_endpoint="https://my-resource.openai.azure.com",
                           api_version="2024-10-21") as client:   # key from AZURE_OPENAI_API_KEY
        job = client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file="file-abc")
"""

from __future__ import annotations

import inspect
import os
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator, Mapping
from typing import Generic, TypeVar

import httpx

from ._flow import AsyncDriver, SyncDriver
from .client import (
    DEFAULT_TIMEOUT,
    AsyncClient,
    Client,
    ClientBase,
    ClientConfig,
    HeaderAuth,
    TimeoutTypes,
    check_max_retries,
)
from .errors import MissingAPIKeyError, ValidationError

__all__ = ["AsyncAzureADTokenProvider", "AsyncAzureClient", "AzureADTokenProvider", "AzureClient"]

#: A callable giving an Entra ID (Azure AD) token, called before every request.
AzureADTokenProvider = Callable[[], str]
#: The async client's token provider may also be a coroutine function.
AsyncAzureADTokenProvider = Callable[[], str | Awaitable[str]]

_HTTPClient = TypeVar("_HTTPClient", bound="httpx.Client | httpx.AsyncClient")
_Transport = TypeVar("_Transport", bound="httpx.BaseTransport | httpx.AsyncBaseTransport")
_Driver = TypeVar("_Driver", SyncDriver, AsyncDriver)
_Provider = TypeVar("_Provider", bound=Callable[[], object])

_ENDPOINT_ENV = "AZURE_OPENAI_ENDPOINT"
_VERSION_ENV = "OPENAI_API_VERSION"
_KEY_ENV = "AZURE_OPENAI_API_KEY"
_TOKEN_ENV = "AZURE_OPENAI_AD_TOKEN"


def _token(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("azure_ad_token_provider", value, "a callable that returns a non-empty token string")
    return value


class TokenAuth(httpx.Auth):
    """``Authorization: Bearer <token>`` with a token asked of ``provider`` for each request
    (a header given by the caller for this request wins). The async flow awaits a provider
    that returns an awaitable.

    >>> auth = TokenAuth(lambda: "token")
    >>> next(auth.sync_auth_flow(httpx.Request("GET", "https://x"))).headers["Authorization"]
    'Bearer token'
    """

    def __init__(self, provider: Callable[[], object]) -> None:
        self._provider = provider

    def __repr__(self) -> str:
        return f"TokenAuth({getattr(self._provider, '__qualname__', type(self._provider).__name__)})"

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if "Authorization" not in request.headers:
            token = self._provider()
            if inspect.isawaitable(token):
                close = getattr(token, "close", None)
                if close is not None:
                    close()  # a coroutine nobody will await: no "never awaited" warning
                raise ValidationError(
                    "azure_ad_token_provider",
                    self._provider,
                    "a plain function on the blocking client (a coroutine function needs AsyncAzureClient)",
                )
            request.headers["Authorization"] = f"Bearer {_token(token)}"
        yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        if "Authorization" not in request.headers:
            token = self._provider()
            if inspect.isawaitable(token):
                token = await token
            request.headers["Authorization"] = f"Bearer {_token(token)}"
        yield request


def azure_config(
    *,
    azure_endpoint: str | None,
    api_version: str | None,
    api_key: str | None,
    azure_ad_token: str | None,
    azure_ad_token_provider: Callable[[], object] | None,
    timeout: TimeoutTypes,
    max_retries: int,
    default_headers: Mapping[str, str] | None,
    default_query: Mapping[str, str] | None,
) -> ClientConfig:
    """The configuration of an Azure OpenAI client, from the arguments and the environment
    (``AZURE_OPENAI_ENDPOINT``, ``OPENAI_API_VERSION``, ``AZURE_OPENAI_API_KEY``,
    ``AZURE_OPENAI_AD_TOKEN``), each argument checked.

    >>> azure_config(azure_endpoint="https://r.openai.azure.com", api_version="2024-10-21", api_key="k",
    ...              azure_ad_token=None, azure_ad_token_provider=None, timeout=60, max_retries=2,
    ...              default_headers=None, default_query=None).base_url
    'https://r.openai.azure.com/openai'
    """
    endpoint = azure_endpoint if azure_endpoint is not None else os.environ.get(_ENDPOINT_ENV)
    if not endpoint:
        raise ValidationError(
            "azure_endpoint",
            endpoint,
            f"your resource's endpoint, such as 'https://my-resource.openai.azure.com' (or set {_ENDPOINT_ENV})",
        )
    endpoint = str(endpoint).rstrip("/")
    if not endpoint.startswith(("http://", "https://")):
        raise ValidationError("azure_endpoint", endpoint, "an http:// or https:// URL")
    # The endpoint is the resource's; the fine-tuning routes are under /openai.
    base_url = endpoint if endpoint.endswith("/openai") else endpoint + "/openai"
    version = api_version if api_version is not None else os.environ.get(_VERSION_ENV)
    if not version or not isinstance(version, str):
        raise ValidationError(
            "api_version",
            version,
            f"an Azure OpenAI API version with fine-tuning, such as '2024-10-21' (or set {_VERSION_ENV})",
        )
    if azure_ad_token_provider is not None and not callable(azure_ad_token_provider):
        raise ValidationError("azure_ad_token_provider", azure_ad_token_provider, "a callable returning a token")
    key = api_key if api_key is not None else os.environ.get(_KEY_ENV)
    token = azure_ad_token if azure_ad_token is not None else os.environ.get(_TOKEN_ENV)
    if not key and not token and azure_ad_token_provider is None:
        raise MissingAPIKeyError(
            "no Azure OpenAI credentials: pass api_key=..., azure_ad_token=... or azure_ad_token_provider=..."
            f" to the client, or set the {_KEY_ENV} environment variable"
        )
    return ClientConfig(
        api_key=key or "",
        base_url=base_url,
        organization=None,
        project=None,
        timeout=timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
        max_retries=check_max_retries(max_retries),
        default_headers=dict(default_headers or {}),
        default_query={"api-version": version, **(default_query or {})},
        key_header="api-key",
        ad_token=token or None,
        auth=_auth(key, token, azure_ad_token_provider),
        azure=True,
        api_version=version,
    )


def _auth(key: str | None, token: str | None, provider: Callable[[], object] | None) -> httpx.Auth | None:
    """What authenticates each request: nothing for a static token (an ``Authorization``
    header, which httpx hides in its reprs), a ``TokenAuth`` for a provider, else the key
    as ``api-key`` (per request, so it is in no header dict the client shows)."""
    if token:
        return None
    if provider is not None:
        return TokenAuth(provider)
    return HeaderAuth("api-key", key or "")


class _AzureClientBase(
    ClientBase[_HTTPClient, _Transport, _Driver], Generic[_HTTPClient, _Transport, _Driver, _Provider]
):
    """What ``AzureClient`` and ``AsyncAzureClient`` are, written once: Azure OpenAI's arguments
    made into a configuration (``azure_config``); the rest is the client's."""

    def __init__(
        self,
        *,
        azure_endpoint: str | None = None,
        api_version: str | None = None,
        api_key: str | None = None,
        azure_ad_token: str | None = None,
        azure_ad_token_provider: _Provider | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, str] | None = None,
        http_client: _HTTPClient | None = None,
        transport: _Transport | None = None,
    ) -> None:
        config = azure_config(
            azure_endpoint=azure_endpoint,
            api_version=api_version,
            api_key=api_key,
            azure_ad_token=azure_ad_token,
            azure_ad_token_provider=azure_ad_token_provider,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
        )
        super().__init__(http_client=http_client, transport=transport, _config=config)

    @property
    def api_version(self) -> str:
        """The ``api-version`` every request carries."""
        return str(self.config.api_version)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(azure_endpoint={self.base_url.removesuffix('/openai')!r},"
            f" api_version={self.config.api_version!r}, max_retries={self.max_retries})"
        )


class AzureClient(_AzureClientBase[httpx.Client, httpx.BaseTransport, SyncDriver, AzureADTokenProvider], Client):
    """The blocking client for Azure OpenAI: ``Client``'s resources on Azure's routes.

    ``azure_endpoint`` (env ``AZURE_OPENAI_ENDPOINT``) is the resource's endpoint; requests
    go to ``{azure_endpoint}/openai/{path}?api-version={api_version}``. ``api_version``
    (env ``OPENAI_API_VERSION``) is required. Credentials, the first given wins:
    ``azure_ad_token`` (env ``AZURE_OPENAI_AD_TOKEN``) or ``azure_ad_token_provider`` (a
    callable, called before every request so tokens refresh), both sent as
    ``Authorization: Bearer``; else ``api_key`` (env ``AZURE_OPENAI_API_KEY``) as the
    ``api-key`` header. The other arguments are ``Client``'s. Azure OpenAI keeps no job
    metadata, so ``jobs.create`` sends no idempotency key unless given one.

    >>> with AzureClient(azure_endpoint="https://my-resource.openai.azure.com", api_version="2024-10-21",
    ...                  api_key="k") as client:
    ...     client
    AzureClient(azure_endpoint='https://my-resource.openai.azure.com', api_version='2024-10-21', max_retries=2)
    """


class AsyncAzureClient(
    _AzureClientBase[httpx.AsyncClient, httpx.AsyncBaseTransport, AsyncDriver, AsyncAzureADTokenProvider], AsyncClient
):
    """The asyncio client for Azure OpenAI: the arguments of ``AzureClient``;
    ``azure_ad_token_provider`` may be a coroutine function.

    >>> async def main():  # doctest: +SKIP
    ...     async with AsyncAzureClient(azure_endpoint="https://my-resource.openai.azure.com",
    ...                                 api_version="2024-10-21") as client:
    ...         async for job in client.jobs.list():
    ...             print(job.id, job.status)
    """
