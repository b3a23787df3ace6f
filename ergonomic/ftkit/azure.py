"""``AzureClient`` and ``AsyncAzureClient``: the same client, speaking to Azure OpenAI.

Azure OpenAI serves the fine-tuning API on two surfaces:

- the **v1 API**, ``{endpoint}/openai/v1/...``, Microsoft's default now: no ``api-version``
  (or ``api-version=preview`` for preview features). It is what the client speaks when no
  ``api_version`` is given (and ``OPENAI_API_VERSION`` is not set), or ``api_version="v1"``
  (``"preview"``);
- the **dated API**, ``{endpoint}/openai/...?api-version=2024-10-21`` (or a dated preview),
  when a dated ``api_version`` is given.

Both take an ``api-key`` header or an Entra ID token as ``Authorization: Bearer``: a token,
a provider, or any azure-identity credential (``credential=DefaultAzureCredential()``),
asked per request and refreshed before it expires. Only the configuration differs from
``Client``; resources, pages, follow/wait, retries, builders and errors are ``Client``'s,
plus ``client.deployments`` (Azure Resource Manager) on the Azure clients.

Example::

    import ftkit

    with ftkit.AzureClient(azure_endpoint="https://my-resource.openai.azure.com") as client:  # v1
        job = client.jobs.create(model="gpt-4.1-mini-2025-04-14", training_file="file-abc",
                                 training_type="standard")
"""

from __future__ import annotations

import inspect
import os
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator, Mapping
from typing import Generic, TypeVar

import attrs
import httpx

from ._flow import AsyncDriver, SyncDriver
from ._retry import RetryPolicy
from .client import (
    DEFAULT_TIMEOUT,
    AsyncClient,
    Attached,
    Client,
    ClientBase,
    ClientConfig,
    HeaderAuth,
    TimeoutTypes,
    check_max_retries,
    resolve_retries,
)
from .deployments import AsyncDeployments, Deployments
from .errors import CredentialError, FtkitError, MissingAPIKeyError, ValidationError

__all__ = [
    "AZURE_SCOPE",
    "MANAGEMENT_ENDPOINT",
    "MANAGEMENT_SCOPE",
    "AsyncAzureADTokenProvider",
    "AsyncAzureClient",
    "AzureADTokenProvider",
    "AzureClient",
    "CredentialTokens",
]

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
_SUBSCRIPTION_ENV = "AZURE_SUBSCRIPTION_ID"
_GROUP_ENV = "AZURE_RESOURCE_GROUP"
_ACCOUNT_ENV = "AZURE_OPENAI_ACCOUNT"
_MANAGEMENT_ENV = "AZURE_MANAGEMENT_ENDPOINT"
_MANAGEMENT_TOKEN_ENV = "AZURE_MANAGEMENT_TOKEN"

#: The versions that select the v1 API (the v1 description's ``AzureAIFoundryModelsApiVersion``).
V1_VERSIONS = ("v1", "preview")
#: The Entra ID scope of the data plane: the v1 description's OAuth2 scope (newer docs also
#: show ``https://ai.azure.com/.default``; pass it as ``credential_scope``).
AZURE_SCOPE = "https://cognitiveservices.azure.com/.default"
#: Azure Resource Manager, where deployments are made (fine-tuning-deploy.md), and its scope.
MANAGEMENT_ENDPOINT = "https://management.azure.com"
MANAGEMENT_SCOPE = "https://management.azure.com/.default"
#: A token is asked for again this many seconds before it expires.
_REFRESH_MARGIN = 300.0


def _token(value: object, argument: str = "azure_ad_token_provider") -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(argument, value, "a callable that returns a non-empty token string")
    return value


def _asked(provider: Callable[[], object]) -> object:
    """What ``provider`` answers (a token, or an awaitable of one): the one place the Azure
    clients ask a token provider or credential. Its failure is a :class:`CredentialError`."""
    try:
        return provider()
    except Exception as exc:
        raise _refused(provider, exc) from exc


async def _awaited(provider: Callable[[], object], answer: Awaitable[object]) -> object:
    """An async provider's token, awaited; its failure a :class:`CredentialError`."""
    try:
        return await answer
    except Exception as exc:
        raise _refused(provider, exc) from exc


def _refused(provider: Callable[[], object], exc: Exception) -> FtkitError:
    """What a provider's failure becomes: ftkit's own errors pass as they are; any other
    (azure-identity's ``ClientAuthenticationError``, ``CredentialUnavailableError``, a provider's
    own) a :class:`CredentialError` naming the credential (or provider) and the scope."""
    if isinstance(exc, FtkitError):
        return exc
    reason = str(exc).strip() or type(exc).__name__
    if isinstance(provider, CredentialTokens):
        return CredentialError(type(provider.credential).__name__, provider.scope, reason)
    name = getattr(provider, "__qualname__", type(provider).__name__)
    return CredentialError(f"the token provider {name}", None, reason)


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
        if isinstance(self._provider, CredentialTokens):
            return f"TokenAuth({self._provider!r})"
        return f"TokenAuth({getattr(self._provider, '__qualname__', type(self._provider).__name__)})"

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if "Authorization" not in request.headers:
            token = _asked(self._provider)
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
            token = _asked(self._provider)
            if inspect.isawaitable(token):
                token = await _awaited(self._provider, token)
            request.headers["Authorization"] = f"Bearer {_token(token)}"
        yield request


class CredentialTokens:
    """Tokens of an azure-identity credential (anything with ``get_token(scope)`` answering an
    ``AccessToken``: ``DefaultAzureCredential``, ``ManagedIdentityCredential``, ...) for one
    scope, asked again shortly before each expires: a token provider for ``TokenAuth``. An
    async credential (``azure.identity.aio``) gives awaitables, for ``AsyncAzureClient``.

    >>> import collections, time
    >>> Token = collections.namedtuple("Token", "token expires_on")
    >>> class Static:
    ...     def get_token(self, *scopes):
    ...         return Token("secret", int(time.time()) + 3600)
    >>> CredentialTokens(Static(), AZURE_SCOPE)()
    'secret'
    """

    def __init__(self, credential: object, scope: str) -> None:
        if not callable(getattr(credential, "get_token", None)):
            raise ValidationError(
                "credential",
                credential,
                "an azure-identity credential (an object with get_token), e.g. DefaultAzureCredential()",
            )
        if not isinstance(scope, str) or not scope.strip():
            raise ValidationError("credential_scope", scope, "an Entra ID scope such as " + AZURE_SCOPE)
        self._credential = credential
        self._scope = scope
        self._token: str | None = None
        self._expires_on = 0.0

    def __repr__(self) -> str:
        return f"CredentialTokens({type(self._credential).__name__}, {self._scope!r})"

    def __call__(self) -> object:
        import time

        if self._token is not None and time.time() < self._expires_on - _REFRESH_MARGIN:
            return self._token
        answer = self._credential.get_token(self._scope)  # type: ignore[attr-defined]
        if inspect.isawaitable(answer):
            return self._remember_later(answer)
        return self._remember(answer)

    async def _remember_later(self, answer: Awaitable[object]) -> str:
        return self._remember(await answer)

    @property
    def credential(self) -> object:
        """The azure-identity credential asked."""
        return self._credential

    @property
    def scope(self) -> str:
        """The scope its tokens are for."""
        return self._scope

    def _remember(self, answer: object) -> str:
        token, expires_on = getattr(answer, "token", None), getattr(answer, "expires_on", None)
        if not isinstance(token, str) or not token:
            raise ValidationError("credential", self._credential, "a credential whose get_token gives a token")
        self._token = token
        self._expires_on = float(expires_on) if isinstance(expires_on, (int, float)) else 0.0
        return token


class ManagementAuth(httpx.Auth):
    """What authenticates a request to Azure Resource Manager: ``Authorization: Bearer`` with a
    token for ``https://management.azure.com`` (a given one, or asked of a provider per
    request), replacing the data plane's key or token, and ARM's own ``api-version``.

    >>> auth = ManagementAuth(lambda: "arm-token", "2024-10-01")
    >>> request = next(auth.sync_auth_flow(httpx.Request("GET", "https://x/?api-version=v1", headers={"api-key": "k"})))
    >>> request.headers["Authorization"], "api-key" in request.headers, request.url.params["api-version"]
    ('Bearer arm-token', False, '2024-10-01')
    """

    def __init__(self, provider: Callable[[], object], api_version: str) -> None:
        self._provider = provider
        self._api_version = api_version

    def __repr__(self) -> str:
        return f"ManagementAuth(api_version={self._api_version!r})"

    def _prepare(self, request: httpx.Request, token: object) -> None:
        request.headers.pop("api-key", None)
        request.headers["Authorization"] = f"Bearer {_token(token, 'credential')}"
        request.url = request.url.copy_set_param("api-version", self._api_version)

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = _asked(self._provider)
        if inspect.isawaitable(token):
            close = getattr(token, "close", None)
            if close is not None:
                close()
            raise ValidationError("credential", self._provider, "a blocking credential on the blocking client")
        self._prepare(request, token)
        yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = _asked(self._provider)
        if inspect.isawaitable(token):
            token = await _awaited(self._provider, token)
        self._prepare(request, token)
        yield request


@attrs.frozen
class Management:
    """Where and how ``client.deployments`` reaches Azure Resource Manager (the token stays out of reprs)."""

    endpoint: str
    subscription_id: str | None
    resource_group: str | None
    account_name: str | None
    auth: httpx.Auth | None = attrs.field(repr=False)


def _account_of(endpoint: str) -> str | None:
    """The resource's name from its endpoint (``https://NAME.openai.azure.com``, ``NAME.cognitiveservices
    .azure.com``, ``NAME.services.ai.azure.com``), else None.

    >>> _account_of("https://my-resource.openai.azure.com"), _account_of("http://127.0.0.1:8089")
    ('my-resource', None)
    """
    host = httpx.URL(endpoint).host
    for suffix in (".openai.azure.com", ".cognitiveservices.azure.com", ".services.ai.azure.com"):
        if host.endswith(suffix) and host != suffix[1:]:
            return host[: -len(suffix)]
    return None


def management_config(
    *,
    endpoint: str,
    management_endpoint: str | None,
    subscription_id: str | None,
    resource_group: str | None,
    account_name: str | None,
    management_token: str | None,
    credential: object | None,
) -> Management:
    """Where ``client.deployments`` goes: the arguments, else the environment (``AZURE_MANAGEMENT_ENDPOINT``,
    ``AZURE_SUBSCRIPTION_ID``, ``AZURE_RESOURCE_GROUP``, ``AZURE_OPENAI_ACCOUNT``, ``AZURE_MANAGEMENT_TOKEN``),
    the account name else from the resource's endpoint. What is missing is refused when a deployment call needs it.

    >>> management_config(endpoint="https://my-resource.openai.azure.com", management_endpoint=None,
    ...                   subscription_id="sub", resource_group="rg", account_name=None, management_token=None,
    ...                   credential=None).account_name
    'my-resource'
    """
    where = management_endpoint or os.environ.get(_MANAGEMENT_ENV) or MANAGEMENT_ENDPOINT
    where = str(where).rstrip("/")
    if not where.startswith(("http://", "https://")):
        raise ValidationError("management_endpoint", where, "an http:// or https:// URL such as " + MANAGEMENT_ENDPOINT)
    token = management_token if management_token is not None else os.environ.get(_MANAGEMENT_TOKEN_ENV)
    provider: Callable[[], object] | None = None
    if token:
        given = token
        provider = lambda: given  # noqa: E731
    elif credential is not None:
        provider = CredentialTokens(credential, MANAGEMENT_SCOPE)
    return Management(
        endpoint=where,
        subscription_id=subscription_id or os.environ.get(_SUBSCRIPTION_ENV) or None,
        resource_group=resource_group or os.environ.get(_GROUP_ENV) or None,
        account_name=account_name or os.environ.get(_ACCOUNT_ENV) or _account_of(endpoint),
        auth=None if provider is None else ManagementAuth(provider, ARM_API_VERSION),
    )


#: The Azure Resource Manager version of deployment calls (the fine-tuning docs' ``2024-10-01``).
ARM_API_VERSION = "2024-10-01"


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
    credential: object | None = None,
    credential_scope: str = AZURE_SCOPE,
    management_endpoint: str | None = None,
    subscription_id: str | None = None,
    resource_group: str | None = None,
    account_name: str | None = None,
    management_token: str | None = None,
) -> ClientConfig:
    """The configuration of an Azure OpenAI client, from the arguments and the environment
    (``AZURE_OPENAI_ENDPOINT``, ``OPENAI_API_VERSION``, ``AZURE_OPENAI_API_KEY``,
    ``AZURE_OPENAI_AD_TOKEN``), each argument checked. No version (and no
    ``OPENAI_API_VERSION``) is the v1 API.

    >>> azure_config(azure_endpoint="https://r.openai.azure.com", api_version="2024-10-21", api_key="k",
    ...              azure_ad_token=None, azure_ad_token_provider=None, timeout=60, max_retries=2,
    ...              default_headers=None, default_query=None).base_url
    'https://r.openai.azure.com/openai'
    >>> azure_config(azure_endpoint="https://r.openai.azure.com", api_version=None, api_key="k",
    ...              azure_ad_token=None, azure_ad_token_provider=None, timeout=60, max_retries=2,
    ...              default_headers=None, default_query=None).base_url
    'https://r.openai.azure.com/openai/v1'
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
    # The endpoint is the resource's (one given with /openai or /openai/v1 is taken back to it).
    for suffix in ("/openai/v1", "/openai"):
        endpoint = endpoint.removesuffix(suffix)
    version = api_version if api_version is not None else os.environ.get(_VERSION_ENV) or "v1"
    if not isinstance(version, str) or not version.strip():
        raise ValidationError(
            "api_version",
            version,
            f"'v1' (the default), 'preview', or a dated Azure OpenAI API version such as '2024-10-21'"
            f" (or set {_VERSION_ENV})",
        )
    version = version.strip()
    v1 = version in V1_VERSIONS
    # v1: {endpoint}/openai/v1, api-version only for preview features; dated: {endpoint}/openai?api-version=...
    base_url = endpoint + ("/openai/v1" if v1 else "/openai")
    query = {} if version == "v1" else {"api-version": version}
    if azure_ad_token_provider is not None and not callable(azure_ad_token_provider):
        raise ValidationError("azure_ad_token_provider", azure_ad_token_provider, "a callable returning a token")
    if credential is not None:
        if azure_ad_token_provider is not None:
            raise ValidationError("credential", credential, "either credential or azure_ad_token_provider, not both")
        azure_ad_token_provider = CredentialTokens(credential, credential_scope)
    key = api_key if api_key is not None else os.environ.get(_KEY_ENV)
    token = azure_ad_token if azure_ad_token is not None else os.environ.get(_TOKEN_ENV)
    if not key and not token and azure_ad_token_provider is None:
        raise MissingAPIKeyError(
            "no Azure OpenAI credentials: pass api_key=..., azure_ad_token=..., azure_ad_token_provider=... or"
            f" credential=... to the client, or set the {_KEY_ENV} environment variable"
        )
    where = management_config(
        endpoint=endpoint, management_endpoint=management_endpoint, subscription_id=subscription_id,
        resource_group=resource_group, account_name=account_name, management_token=management_token,
        credential=credential,
    )  # fmt: skip
    return ClientConfig(
        api_key=key or "",
        base_url=base_url,
        organization=None,
        project=None,
        timeout=timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
        max_retries=check_max_retries(max_retries),
        default_headers=dict(default_headers or {}),
        default_query={**query, **(default_query or {})},
        key_header="api-key",
        ad_token=token or None,
        auth=_auth(key, token, azure_ad_token_provider),
        azure=True,
        api_version=version,
        management=where,
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
    made into a configuration (``azure_config``), and ``deployments`` (Azure Resource Manager);
    the rest is the client's."""

    deployments = Attached(
        lambda wiring, config: Deployments(wiring, config.management),
        lambda wiring, config: AsyncDeployments(wiring, config.management),
    )

    def __init__(
        self,
        *,
        azure_endpoint: str | None = None,
        api_version: str | None = None,
        api_key: str | None = None,
        azure_ad_token: str | None = None,
        azure_ad_token_provider: _Provider | None = None,
        credential: object | None = None,
        credential_scope: str = AZURE_SCOPE,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, str] | None = None,
        http_client: _HTTPClient | None = None,
        transport: _Transport | None = None,
        retry_policy: RetryPolicy | None = None,
        subscription_id: str | None = None,
        resource_group: str | None = None,
        account_name: str | None = None,
        management_endpoint: str | None = None,
        management_token: str | None = None,
    ) -> None:
        config = azure_config(
            azure_endpoint=azure_endpoint,
            api_version=api_version,
            api_key=api_key,
            azure_ad_token=azure_ad_token,
            azure_ad_token_provider=azure_ad_token_provider,
            timeout=timeout,
            max_retries=resolve_retries(max_retries, retry_policy),
            default_headers=default_headers,
            default_query=default_query,
            credential=credential,
            credential_scope=credential_scope,
            management_endpoint=management_endpoint,
            subscription_id=subscription_id,
            resource_group=resource_group,
            account_name=account_name,
            management_token=management_token,
        )
        super().__init__(http_client=http_client, transport=transport, retry_policy=retry_policy, _config=config)

    @property
    def api_version(self) -> str:
        """The API version: ``v1`` or ``preview`` (the v1 API), or the dated ``api-version`` every request carries."""
        return str(self.config.api_version)

    @property
    def azure_endpoint(self) -> str:
        """The resource's endpoint (requests go under its ``/openai`` or ``/openai/v1``)."""
        return self.base_url.removesuffix("/v1").removesuffix("/openai")

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(azure_endpoint={self.azure_endpoint!r},"
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

    >>> import asyncio
    >>> async def statuses():
    ...     async with AsyncAzureClient(azure_endpoint="https://my-resource.openai.azure.com",
    ...                                 api_version="2024-10-21", api_key=key,
    ...                                 transport=emulator.transport()) as client:
    ...         return {found.id: found.status async for found in client.jobs.list()}
    >>> asyncio.run(statuses())[job.id]
    <FineTuningJobStatus.SUCCEEDED: 'succeeded'>
    """
