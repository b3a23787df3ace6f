"""``Client`` and ``AsyncClient``: configuration, the shared httpx client, the resources.

Example::

    import ftkit

    with ftkit.Client() as client:              # key from OPENAI_API_KEY
        for job in client.jobs.list(limit=20):  # every job, 20 a request
            print(job.id, job.status)

    async with ftkit.AsyncClient() as client:
        job = await client.jobs.retrieve("ftjob-abc123")
"""

from __future__ import annotations

import functools
import importlib
import os
import threading
from collections.abc import Callable, Generator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Generic, NamedTuple, TypeVar, cast, overload

import attrs
import httpx

from ._checks import check_bool
from ._executor import AsyncHTTP, Settings, SyncHTTP, as_timeout, call_settings
from ._flow import AsyncDriver, SyncDriver, VirtualClock
from ._resource import Wiring
from ._retry import RetryPolicy, RetryTransport
from ._version import __version__
from .errors import MissingAPIKeyError, ValidationError, redacted_url

if TYPE_CHECKING:
    from ftkit_api.client import Client as GeneratedClient
    from typing_extensions import Self

    from .chat import AsyncChat, Chat
    from .checkpoints import AsyncCheckpoints, Checkpoints
    from .evaluation._api import AsyncEvaluation, Evaluation
    from .export import AsyncExport, Export
    from .files import AsyncFiles, Files
    from .graders import AsyncGraders, Graders
    from .jobs import AsyncJobs, Jobs
    from .models import AsyncModels, Models

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_CONNECTION_LIMITS", "DEFAULT_TIMEOUT", "AsyncClient", "Client"]

DEFAULT_BASE_URL = "https://api.openai.com/v1"
#: Fine-tuning answers are quick, but uploads of large files are not: a long read/write
#: timeout and a short connect timeout.
DEFAULT_TIMEOUT = httpx.Timeout(600.0, connect=10.0)
#: The connection pool of the httpx client ftkit builds, the official SDK's: up to 1000
#: connections, 100 of them kept alive between requests. httpx's own 100 and 20 make many
#: requests in flight queue for a connection; 100 and 100, or 1000 kept alive, cost more still
#: at 500 in flight (httpcore's pool work grows with the queue and the idle connections:
#: ``scripts/bench`` section 12). For others, bring an httpx client built with
#: ``limits=httpx.Limits(...)`` (``http_client=``).
DEFAULT_CONNECTION_LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=100)

TimeoutTypes = float | httpx.Timeout | None
_HTTPClient = TypeVar("_HTTPClient", bound="httpx.Client | httpx.AsyncClient")
_Transport = TypeVar("_Transport", bound="httpx.BaseTransport | httpx.AsyncBaseTransport")
_Driver = TypeVar("_Driver", SyncDriver, AsyncDriver)
_Self = TypeVar("_Self", bound="ClientBase[Any, Any, Any]")
_S = TypeVar("_S")
_A = TypeVar("_A")


@attrs.frozen
class _Shared(Generic[_HTTPClient]):
    """What a ``with_options`` copy takes over from its original: connections, retry policy, clock."""

    http: _HTTPClient
    policy: RetryPolicy
    clock: VirtualClock | None


def _virtual_clock(transport: object) -> VirtualClock | None:
    """The clock a transport runs on, if it is a virtual one (an emulator on a manual clock):
    waits of follow/wait/wait_all then advance it instead of sleeping."""
    clock = getattr(transport, "virtual_clock", None)
    return clock if isinstance(clock, VirtualClock) else None


class HeaderAuth(httpx.Auth):
    """A key sent in ``header`` with each request (unless the request sets that header
    itself), kept out of the httpx client's headers and of every repr.

    >>> auth = HeaderAuth("api-key", "secret")
    >>> next(auth.sync_auth_flow(httpx.Request("GET", "https://x"))).headers["api-key"], auth
    ('secret', HeaderAuth('api-key'))
    """

    def __init__(self, header: str, key: str) -> None:
        self.header = header
        self._key = key

    def __repr__(self) -> str:
        return f"HeaderAuth({self.header!r})"

    def with_key(self, key: str) -> HeaderAuth:
        """The same header with another key."""
        return HeaderAuth(self.header, key)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self.header not in request.headers:
            request.headers[self.header] = self._key
        yield request


def check_max_retries(max_retries: object) -> int:
    """``max_retries`` checked: an integer >= 0.

    >>> check_max_retries(3)
    3
    """
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ValidationError("max_retries", max_retries, "an integer >= 0")
    return max_retries


def check_retry_policy(retry_policy: object) -> RetryPolicy:
    """``retry_policy`` checked: a ``RetryPolicy``, or None (the default policy).

    >>> check_retry_policy(None).max_retries
    2
    """
    if retry_policy is None:
        return RetryPolicy()
    if not isinstance(retry_policy, RetryPolicy):
        raise ValidationError("retry_policy", retry_policy, "a ftkit.RetryPolicy, or None")
    return retry_policy


def resolve_retries(max_retries: int | None, retry_policy: RetryPolicy | None) -> int:
    """The client's retry limit: ``max_retries`` when given, else the policy's (2 by default).

    >>> resolve_retries(None, RetryPolicy(max_retries=5)), resolve_retries(1, RetryPolicy(max_retries=5))
    (5, 1)
    """
    return check_max_retries(max_retries if max_retries is not None else check_retry_policy(retry_policy).max_retries)


class LazyTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """A transport built on its first request: a client that never sends one (a command
    that stops at a bad argument, ``--help``) pays neither httpcore's import nor the TLS
    context's certificates. The TLS context (the certificate bundle: tens of milliseconds)
    comes with the first ``https://`` request: ``http://`` requests (a local server, the
    emulator) go through a transport of their own whose context has no certificates at all,
    so it could verify no server and is never used for TLS.

    >>> transport = LazyTransport(httpx.HTTPTransport)
    >>> transport.built
    False
    """

    def __init__(self, build: Callable[..., httpx.BaseTransport | httpx.AsyncBaseTransport]) -> None:
        self._build = build
        self._plain: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None
        self._tls: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None
        self._lock = threading.Lock()

    @property
    def built(self) -> bool:
        return self._plain is not None or self._tls is not None

    def _transport(self, request: httpx.Request) -> httpx.BaseTransport | httpx.AsyncBaseTransport:
        tls = request.url.scheme != "http"
        inner = self._tls if tls else self._plain
        if inner is None:
            with self._lock:
                if tls:
                    if self._tls is None:
                        self._tls = self._build()
                    inner = self._tls
                else:
                    if self._plain is None:
                        import ssl

                        # Verifies nothing it could be asked to: no CA certificates loaded.
                        self._plain = self._build(verify=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
                    inner = self._plain
        return inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        inner = self._transport(request)
        if not isinstance(inner, httpx.BaseTransport):
            raise TypeError("this transport builds an async transport; use it with httpx.AsyncClient")
        return inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        inner = self._transport(request)
        if not isinstance(inner, httpx.AsyncBaseTransport):
            raise TypeError("this transport builds a sync transport; use it with httpx.Client")
        return await inner.handle_async_request(request)

    def close(self) -> None:
        for inner in (self._plain, self._tls):
            if isinstance(inner, httpx.BaseTransport):
                inner.close()

    async def aclose(self) -> None:
        for inner in (self._plain, self._tls):
            if isinstance(inner, httpx.AsyncBaseTransport):
                await inner.aclose()


class Through(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The transport under ftkit's httpx client when the caller brings one of theirs: each
    request goes out through the caller's client as it is, by its public ``send``, so its
    transports (mounts, proxies, TLS), pool limits, event hooks, auth and cookies apply.
    Closing it leaves the caller's client open (it is the caller's to close).

    >>> Through(httpx.Client()).client.is_closed
    False
    """

    def __init__(self, client: httpx.Client | httpx.AsyncClient) -> None:
        self.client = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(self.client, httpx.Client):
            raise TypeError("an httpx.AsyncClient was given to the blocking client; give it an httpx.Client")
        return self.client.send(request, stream=True)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(self.client, httpx.AsyncClient):
            raise TypeError("an httpx.Client was given to the asyncio client; give it an httpx.AsyncClient")
        return await self.client.send(request, stream=True)


@attrs.frozen
class _Config:
    """Resolved configuration; the key and tokens are kept out of every repr.

    How the client authenticates: ``Authorization: Bearer {api_key}`` (OpenAI), or, for
    Azure OpenAI (``azure`` True), ``Authorization: Bearer {ad_token}`` when a token is
    given, else the ``auth`` (an ``httpx.Auth``: a token provider asked per request, or a
    ``HeaderAuth`` sending the key as ``api-key``), else ``{key_header}: {api_key}``.
    """

    api_key: str = attrs.field(repr=False)
    base_url: str
    organization: str | None
    project: str | None
    timeout: httpx.Timeout
    max_retries: int
    default_headers: Mapping[str, str]
    default_query: Mapping[str, str]
    key_header: str = "Authorization"
    ad_token: str | None = attrs.field(default=None, repr=False)
    auth: httpx.Auth | None = attrs.field(default=None, repr=False, eq=False)
    azure: bool = False
    api_version: str | None = None
    #: The admin key checkpoint permissions need on OpenAI's API (``OPENAI_ADMIN_KEY``); sent with those calls only.
    admin_api_key: str | None = attrs.field(default=None, repr=False)
    #: Azure OpenAI: where deployments go (``azure.Management``: Azure Resource Manager and its token).
    management: Any = attrs.field(default=None, repr=False, eq=False)
    #: Whose rules the arguments are checked by: ``openai`` (OpenAI's API, or a local stand-in
    #: of it), ``azure``, or ``generic`` (another server of the API: only what it cannot take is refused).
    server: str = "openai"
    #: Whether ``jobs.create`` stores its idempotency key in the job's metadata by default.
    idempotency_metadata: bool = True

    @property
    def azure_v1(self) -> bool:
        """Whether this is Azure OpenAI's v1 API (``/openai/v1``), not its dated one."""
        return self.azure and self.api_version in ("v1", "preview")

    @classmethod
    def resolve(
        cls,
        api_key: str | None,
        base_url: str | httpx.URL | None,
        organization: str | None,
        project: str | None,
        timeout: TimeoutTypes,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        default_query: Mapping[str, str] | None,
        admin_api_key: str | None = None,
        server: str | None = None,
        idempotency_metadata: bool | None = None,
    ) -> _Config:
        key = api_key if api_key is not None else os.environ.get("OPENAI_API_KEY")
        if not key:
            raise MissingAPIKeyError(
                "no API key: pass api_key=... to the client or set the OPENAI_API_KEY environment variable"
            )
        check_max_retries(max_retries)
        url = str(base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise ValidationError("base_url", url, "an http:// or https:// URL")
        return cls(
            api_key=key,
            base_url=url,
            organization=organization if organization is not None else os.environ.get("OPENAI_ORG_ID"),
            project=project if project is not None else os.environ.get("OPENAI_PROJECT_ID"),
            timeout=timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
            max_retries=max_retries,
            default_headers=dict(default_headers or {}),
            default_query=dict(default_query or {}),
            admin_api_key=admin_api_key if admin_api_key is not None else os.environ.get("OPENAI_ADMIN_KEY") or None,
            server=_server(url, server),
            idempotency_metadata=True
            if idempotency_metadata is None
            else check_bool("idempotency_metadata", idempotency_metadata),
        )

    def headers(self) -> dict[str, str]:
        headers = {"User-Agent": f"ftkit/{__version__}"}
        if self.ad_token:
            headers["Authorization"] = f"Bearer {self.ad_token}"
        elif self.auth is None and self.api_key:
            headers[self.key_header] = f"Bearer {self.api_key}" if self.key_header == "Authorization" else self.api_key
        if self.organization:
            headers["OpenAI-Organization"] = self.organization
        if self.project:
            headers["OpenAI-Project"] = self.project
        headers.update(self.default_headers)
        return headers

    def evolve(
        self,
        api_key: str | None,
        max_retries: int | None,
        timeout: TimeoutTypes,
        default_headers: Mapping[str, str] | None,
        default_query: Mapping[str, str] | None,
    ) -> _Config:
        """This configuration with the settings of a ``with_options`` copy (None: kept;
        headers and query parameters are added to this one's)."""
        auth = self.auth
        if api_key is not None and isinstance(auth, HeaderAuth):
            auth = auth.with_key(api_key)
        return attrs.evolve(
            self,
            auth=auth,
            api_key=self.api_key if api_key is None else api_key,
            max_retries=self.max_retries if max_retries is None else check_max_retries(max_retries),
            timeout=self.timeout if timeout is None else as_timeout(timeout),
            default_headers={**self.default_headers, **(default_headers or {})},
            default_query={**self.default_query, **(default_query or {})},
        )


#: Hosts whose server is taken to follow OpenAI's rules: OpenAI's own, and stand-ins of it (the
#: emulator, Prism, a test server): this machine, and the names RFC 2606 reserves for tests and
#: examples, which no real server has.
_OPENAI_HOSTS = ("api.openai.com", "localhost", "127.0.0.1", "::1", "[::1]", "example.com", "example.net",
                 "example.org")  # fmt: skip
_RESERVED_SUFFIXES = (".openai.com", ".test", ".example", ".invalid", ".localhost")
_SERVERS = ("openai", "generic")
_warned_generic: set[str] = set()


def _server(base_url: str, server: str | None) -> str:
    """Whose rules to check by: ``server`` if given, else ``openai`` for OpenAI's API and local
    servers, ``generic`` for any other (Nebius, a gateway, ...), said once per base URL as a warning.

    >>> _server("https://api.openai.com/v1", None), _server("http://127.0.0.1:8089/v1", None)
    ('openai', 'openai')
    """
    if server is not None and server not in _SERVERS:
        raise ValidationError("server", server, "'openai' or 'generic' (None: from the base URL)")
    host = httpx.URL(base_url).host
    chosen = server or ("openai" if host in _OPENAI_HOSTS or host.endswith(_RESERVED_SUFFIXES) else "generic")
    if chosen == "generic" and base_url not in _warned_generic:
        _warned_generic.add(base_url)
        import warnings

        warnings.warn(
            f"{base_url} is neither OpenAI's API nor Azure OpenAI: ftkit checks less there (hyperparameters,"
            " methods, model names and metadata are sent as given; the server's own rules apply). Pass"
            " server='openai' to check by OpenAI's rules.",
            stacklevel=4,
        )
    return chosen


#: The resolved configuration of a client, by its public name: ``_Config.resolve`` makes
#: OpenAI's, ``azure.azure_config`` Azure OpenAI's.
ClientConfig = _Config


class _Side(NamedTuple):
    """The classes one kind of client is made of: blocking (``Client``) or asyncio (``AsyncClient``)."""

    http: Callable[..., Any]  # the httpx client
    transport: Callable[[], Any]  # the httpx transport, built on the first request
    executor: Callable[[Any, Settings], SyncHTTP | AsyncHTTP]
    driver: Callable[[Any], Any]


_BLOCKING = _Side(
    httpx.Client, functools.partial(httpx.HTTPTransport, limits=DEFAULT_CONNECTION_LIMITS), SyncHTTP, SyncDriver
)
_ASYNCIO = _Side(
    httpx.AsyncClient,
    functools.partial(httpx.AsyncHTTPTransport, limits=DEFAULT_CONNECTION_LIMITS),
    AsyncHTTP,
    AsyncDriver,
)


class _Attached(Generic[_S, _A]):
    """A resource of the clients (``client.jobs``): built on first use from the client's wiring and
    configuration, by ``blocking`` on ``Client``, by ``asyncio`` on ``AsyncClient``; the same one
    after that (and an attribute like any other: it can be set)."""

    def __init__(
        self,
        blocking: Callable[[Wiring[SyncDriver], _Config], _S],
        asyncio: Callable[[Wiring[AsyncDriver], _Config], _A],
    ) -> None:
        self._blocking = blocking
        self._asyncio = asyncio
        self._name = ""

    @classmethod
    def of(
        cls, blocking: Callable[[Wiring[SyncDriver]], _S], asyncio: Callable[[Wiring[AsyncDriver]], _A]
    ) -> _Attached[_S, _A]:
        """A resource built from the wiring alone (most are)."""
        return cls(lambda wiring, config: blocking(wiring), lambda wiring, config: asyncio(wiring))

    @classmethod
    def of_module(
        cls,
        module: str,
        blocking: str,
        asyncio: str,
        arguments: Callable[[Any, bool, Any, _Config], tuple[Any, ...]] | None = None,
    ) -> _Attached[Any, Any]:
        """A resource whose classes are ``blocking`` and ``asyncio`` of ``ftkit.<module>``, the
        module imported when the resource is first used (not with the client); ``arguments``
        (of the module, whether asyncio, the wiring and the configuration) are its constructor's,
        else the wiring alone."""

        def build(name: str, is_asyncio: bool) -> Callable[[Any, _Config], Any]:
            def make(wiring: Any, config: _Config) -> Any:
                found = importlib.import_module(f"{__package__}.{module}")
                given = (wiring,) if arguments is None else arguments(found, is_asyncio, wiring, config)
                return getattr(found, name)(*given)

            return make

        return cls(build(blocking, False), build(asyncio, True))

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name
        self.__doc__ = f"``client.{name}``: see :mod:`ftkit.{name}`."

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, obj: ClientBase[Any, Any, SyncDriver], owner: type[Any] | None = None) -> _S: ...
    @overload
    def __get__(self, obj: ClientBase[Any, Any, AsyncDriver], owner: type[Any] | None = None) -> _A: ...
    def __get__(self, obj: ClientBase[Any, Any, Any] | None, owner: type[Any] | None = None) -> Any:
        if obj is None:
            return self
        built = vars(obj)
        if self._name not in built:
            build: Callable[[Any, _Config], Any] = self._asyncio if obj._side is _ASYNCIO else self._blocking
            built[self._name] = build(obj._resource_wiring, obj._config)
        return built[self._name]

    def __set__(self, obj: ClientBase[Any, Any, Any], value: object) -> None:
        vars(obj)[self._name] = value


#: A resource attached to a client class, built on first use (public for the Azure clients' own).
Attached = _Attached


class ClientBase(Generic[_HTTPClient, _Transport, _Driver]):
    """What ``Client`` and ``AsyncClient`` are, written once: configuration, connections, the
    resources, ``with_options``, ``api``. They differ in their side's classes (``_side``: the
    httpx client and transport, the executor, the driver), ``close`` and their context managers.
    """

    _side: ClassVar[_Side]
    _config: _Config
    _policy: RetryPolicy
    _owns_http: bool
    _clock: VirtualClock | None
    _api: GeneratedClient | None = None

    # The resources, each built on first use (``_Attached``), its module imported then (start-up:
    # a program that reads a job loads neither the export nor the evaluation): its docstring
    # names its module.
    files: _Attached[Files, AsyncFiles] = _Attached.of_module("files", "Files", "AsyncFiles")
    jobs: _Attached[Jobs, AsyncJobs] = _Attached.of_module("jobs", "Jobs", "AsyncJobs")
    checkpoints: _Attached[Checkpoints, AsyncCheckpoints] = _Attached.of_module(
        "checkpoints",
        "Checkpoints",
        "AsyncCheckpoints",
        lambda module, asyncio, wiring, config: (
            module.AsyncPermissions(wiring, config.admin_api_key)
            if asyncio
            else module.Permissions(wiring, config.admin_api_key),
            module.AsyncCopies(wiring) if asyncio else module.Copies(wiring),
        ),
    )
    graders: _Attached[Graders, AsyncGraders] = _Attached.of_module("graders", "Graders", "AsyncGraders")
    models: _Attached[Models, AsyncModels] = _Attached.of_module("models", "Models", "AsyncModels")
    chat: _Attached[Chat, AsyncChat] = _Attached.of_module("chat", "Chat", "AsyncChat")
    export: _Attached[Export, AsyncExport] = _Attached.of_module(
        "export",
        "Export",
        "AsyncExport",
        lambda module, asyncio, wiring, config: (wiring, redacted_url(config.base_url)),
    )
    evaluation: _Attached[Evaluation, AsyncEvaluation] = _Attached.of_module(
        "evaluation._api",
        "Evaluation",
        "AsyncEvaluation",
        lambda module, asyncio, wiring, config: (wiring, redacted_url(config.base_url), config.api_version),
    )

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | httpx.URL | None = None,
        organization: str | None = None,
        project: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, str] | None = None,
        http_client: _HTTPClient | None = None,
        transport: _Transport | None = None,
        admin_api_key: str | None = None,
        retry_policy: RetryPolicy | None = None,
        server: str | None = None,
        idempotency_metadata: bool | None = None,
        _shared: _Shared[_HTTPClient] | None = None,
        _config: _Config | None = None,
    ) -> None:
        self._config = _config or _Config.resolve(
            api_key, base_url, organization, project, timeout, resolve_retries(max_retries, retry_policy),
            default_headers, default_query, admin_api_key=admin_api_key, server=server,
            idempotency_metadata=idempotency_metadata,
        )  # fmt: skip
        self._clock = _shared.clock if _shared is not None else _virtual_clock(transport)
        shared_policy = _shared.policy if _shared is not None else check_retry_policy(retry_policy)
        # The one policy, with this client's limit: the transport asks it, and so do the flows.
        self._policy = attrs.evolve(shared_policy, max_retries=self._config.max_retries)
        self._owns_http = _shared is None
        http = _shared.http if _shared is not None else self._build_http(http_client, transport)
        side = self._side
        self._http = side.executor(http, self._settings())
        self._resource_wiring: Wiring[_Driver] = self._wiring(
            side.driver(self._http), lambda options: side.driver(self._http.with_settings(call_settings(options)))
        )

    @property
    def base_url(self) -> str:
        return self._config.base_url

    @property
    def organization(self) -> str | None:
        return self._config.organization

    @property
    def project(self) -> str | None:
        return self._config.project

    @property
    def max_retries(self) -> int:
        return self._config.max_retries

    @property
    def config(self) -> ClientConfig:
        """The resolved configuration (the key and tokens stay out of its repr)."""
        return self._config

    @property
    def timeout(self) -> httpx.Timeout:
        return self._config.timeout

    @property
    def http_client(self) -> _HTTPClient:
        """The underlying httpx client (an ``httpx.AsyncClient`` on ``AsyncClient``); generated
        ``ftkit_api`` functions can use it too. On ``AsyncClient``: ``await client.http_client.get(...)``.

        >>> client.http_client.get("/fine_tuning/jobs").json()["object"]
        'list'
        """
        return cast(_HTTPClient, self._http.client)

    @property
    def api(self) -> GeneratedClient:
        """The generated low-level client (``ftkit_api``) on this client's httpx client: same
        connections, base URL, authentication, retries (and, for Azure OpenAI, the
        ``/openai`` routing and ``api-version``). Its functions return the raw ``Response``:
        ``sync_detailed`` with ``Client``; ``asyncio_detailed``, awaited, with ``AsyncClient``.

        >>> from ftkit_api.api.fine_tuning import retrieve_fine_tuning_job
        >>> retrieve_fine_tuning_job.sync_detailed(job.id, client=client.api).status_code
        <HTTPStatus.OK: 200>
        """
        if self._api is None:
            from ftkit_api.client import Client as GeneratedClient

            generated = GeneratedClient(base_url=self._config.base_url)
            if isinstance(self._http, AsyncHTTP):
                self._api = generated.set_async_httpx_client(self._http.client)
            else:
                self._api = generated.set_httpx_client(self._http.client)
        return self._api

    def with_options(
        self: _Self,
        *,
        api_key: str | None = None,
        max_retries: int | None = None,
        timeout: TimeoutTypes = None,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, str] | None = None,
    ) -> _Self:
        """A copy of this client sharing its connections (and its retry policy and clock),
        with other settings: each given one replaces this client's (``default_headers`` and
        ``default_query`` are added to its own); None keeps it.

        >>> patient = client.with_options(max_retries=8, timeout=120)
        >>> patient.max_retries, patient.timeout.read
        (8, 120.0)
        """
        config = self._config.evolve(api_key, max_retries, timeout, default_headers, default_query)
        copy = type(self).__new__(type(self))
        shared = _Shared(self.http_client, self._policy, self._clock)
        ClientBase.__init__(copy, _config=config, _shared=shared)
        return copy

    def _build_http(self, given: _HTTPClient | None, transport: _Transport | None) -> _HTTPClient:
        """The httpx client this client sends through (and closes): its base URL, headers,
        query, timeout, auth and the retrying transport, over ``transport`` (built on the first
        request with ``DEFAULT_CONNECTION_LIMITS`` when None), or over the caller's own httpx
        client ``given``, used as it is (``Through``; its headers and query parameters are
        sent too, under this client's)."""
        side = self._side
        inner = Through(given) if given is not None else transport or LazyTransport(side.transport)
        headers = httpx.Headers(given.headers if given is not None else None)
        headers.update(self._config.headers())
        params = httpx.QueryParams(given.params if given is not None else None).merge(self._config.default_query)
        return cast(
            _HTTPClient,
            side.http(
                transport=RetryTransport(inner, policy=self._policy, clock=self._clock),
                base_url=self._config.base_url + "/",
                headers=headers,
                params=params,
                timeout=self._config.timeout,
                auth=self._config.auth,
            ),
        )

    def _wiring(self, driver: _Driver, with_options: Callable[[Mapping[str, Any]], _Driver]) -> Wiring[_Driver]:
        """What the resources are built with: every request of theirs goes through ``driver``,
        or, for a call with per-call options, through the driver ``with_options`` gives."""
        return Wiring(
            driver,
            self._policy,
            self._clock,
            job_metadata=self._config.idempotency_metadata and not self._config.azure,
            azure=self._config.azure,
            # Azure's dated surface addresses a model by its deployment's path; on its v1
            # surface ({endpoint}/openai/v1) the deployment name is the body's `model`, as on OpenAI.
            deployments=self._config.azure and not self._config.azure_v1,
            with_options=with_options,
            server="azure" if self._config.azure else self._config.server,
            uploads_api=not self._config.azure_v1,
        )

    def _settings(self) -> Settings:
        """What each request must carry by itself: nothing when the httpx client was built
        from this configuration; when it is shared (a ``with_options`` copy), this
        configuration's headers, query, retries and timeout."""
        if self._owns_http:
            return Settings()
        return Settings(
            headers=self._config.headers(),
            query=dict(self._config.default_query),
            timeout=self._config.timeout,
            max_retries=self._config.max_retries,
            auth=self._config.auth,
        )

    def __repr__(self) -> str:
        extra = "".join(
            f", {name}={value!r}"
            for name, value in (("organization", self.organization), ("project", self.project))
            if value
        )
        return f"{type(self).__name__}(base_url={redacted_url(self.base_url)!r}{extra}, max_retries={self.max_retries})"


class Client(ClientBase[httpx.Client, httpx.BaseTransport, SyncDriver]):
    """The blocking client.

    Arguments fall back to the environment: ``api_key`` to ``OPENAI_API_KEY`` (required),
    ``base_url`` to ``OPENAI_BASE_URL`` (else the public API), ``organization`` to
    ``OPENAI_ORG_ID``, ``project`` to ``OPENAI_PROJECT_ID``. ``max_retries`` (default 2)
    applies to every request; ``default_query`` is added to every URL (Azure-style
    ``api-version``). Bring your own ``http_client`` (ftkit adds its base URL, headers and
    retries to it, and leaves closing it to you) or ``transport`` (for example the
    emulator's: on a manual clock, ``Emulator(clock="manual").transport()``, follow and
    wait advance the emulator's clock instead of sleeping). ``admin_api_key`` (default
    ``OPENAI_ADMIN_KEY``) is sent instead of ``api_key`` with the checkpoint-permission
    calls only, which need an admin key on OpenAI's API.

    >>> with Client(api_key="sk-test", base_url="http://127.0.0.1:8089/v1") as client:
    ...     client
    Client(base_url='http://127.0.0.1:8089/v1', max_retries=2)
    """

    _side = _BLOCKING

    def close(self) -> None:
        """Close the connections (not those of an httpx client you passed in).

        >>> other = Client(api_key="sk-test", transport=emulator.transport())
        >>> other.close()
        """
        if self._owns_http:
            self.http_client.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncClient(ClientBase[httpx.AsyncClient, httpx.AsyncBaseTransport, AsyncDriver]):
    """The asyncio client: the same arguments and resources as ``Client``, awaited.

    >>> import asyncio
    >>> async def statuses():
    ...     async with AsyncClient(api_key="sk-test", transport=emulator.transport()) as client:
    ...         return {found.id: found.status async for found in client.jobs.list()}
    >>> asyncio.run(statuses())[job.id]
    <FineTuningJobStatus.SUCCEEDED: 'succeeded'>
    """

    _side = _ASYNCIO

    async def close(self) -> None:
        """Close the connections (not those of an httpx client you passed in).

        >>> import asyncio
        >>> asyncio.run(AsyncClient(api_key="sk-test", transport=emulator.transport()).close())
        """
        if self._owns_http:
            await self.http_client.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()
