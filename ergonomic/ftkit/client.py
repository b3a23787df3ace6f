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

import os
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Generic, TypeVar

import attrs
import httpx

from ._flow import AsyncDriver, SyncDriver
from ._http import AsyncHTTP, SyncHTTP
from ._resource import Wiring
from ._transport import LazyTransport, RetryPolicy, RetryTransport
from ._version import __version__
from .checkpoints import AsyncCheckpoints, AsyncPermissions, Checkpoints, Permissions
from .errors import MissingAPIKeyError, ValidationError
from .files import AsyncFiles, Files
from .graders import AsyncGraders, Graders
from .jobs import AsyncJobs, Jobs
from .watch import VirtualClock

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "AsyncClient", "Client"]

DEFAULT_BASE_URL = "https://api.openai.com/v1"
#: Fine-tuning answers are quick, but uploads of large files are not: a long read/write
#: timeout and a short connect timeout.
DEFAULT_TIMEOUT = httpx.Timeout(600.0, connect=10.0)

TimeoutTypes = float | httpx.Timeout | None
_HTTPClient = TypeVar("_HTTPClient", httpx.Client, httpx.AsyncClient)
_Driver = TypeVar("_Driver", SyncDriver, AsyncDriver)


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


@attrs.frozen
class _Config:
    """Resolved configuration; the key is kept out of every repr."""

    api_key: str = attrs.field(repr=False)
    base_url: str
    organization: str | None
    project: str | None
    timeout: httpx.Timeout
    max_retries: int
    default_headers: Mapping[str, str]
    default_query: Mapping[str, str]
    #: The admin key checkpoint permissions need on OpenAI's API (``OPENAI_ADMIN_KEY``); sent with those calls only.
    admin_api_key: str | None = attrs.field(default=None, repr=False)

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
    ) -> _Config:
        key = api_key if api_key is not None else os.environ.get("OPENAI_API_KEY")
        if not key:
            raise MissingAPIKeyError(
                "no API key: pass api_key=... to the client or set the OPENAI_API_KEY environment variable"
            )
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ValidationError("max_retries", max_retries, "an integer >= 0")
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
        )

    def headers(self) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.api_key}", "User-Agent": f"ftkit/{__version__}"}
        if self.organization:
            headers["OpenAI-Organization"] = self.organization
        if self.project:
            headers["OpenAI-Project"] = self.project
        headers.update(self.default_headers)
        return headers


def _configure(http: httpx.Client | httpx.AsyncClient, config: _Config, policy: RetryPolicy) -> None:
    """Point a caller's own httpx client at the API and give it ftkit's retries."""
    http.base_url = httpx.URL(config.base_url + "/")
    http.headers.update(config.headers())
    if config.default_query:
        http.params = http.params.merge(config.default_query)
    # httpx keeps the transport in a private attribute; wrapping it is the one way to add
    # retries to a client we did not build. Checked by tests against the httpx we support.
    inner = http._transport
    if not isinstance(inner, RetryTransport):
        http._transport = RetryTransport(inner, policy=policy)


class _ClientBase:
    _config: _Config
    _policy: RetryPolicy
    _owns_http: bool
    _clock: VirtualClock | None

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
    def timeout(self) -> httpx.Timeout:
        return self._config.timeout

    def _connect(
        self,
        given: _HTTPClient | None,
        shared: _Shared[_HTTPClient] | None,
        build: Callable[[RetryPolicy], _HTTPClient],
    ) -> tuple[_HTTPClient, RetryPolicy, bool]:
        """The httpx client to use, its retry policy, and whether this client owns it."""
        if shared is not None:
            return shared.http, shared.policy, False
        policy = RetryPolicy(max_retries=self._config.max_retries)
        if given is not None:
            _configure(given, self._config, policy)
            return given, policy, False
        return build(policy), policy, True

    def _wiring(self, driver: _Driver) -> Wiring[_Driver]:
        """What the resources are built with: every request of theirs goes through ``driver``."""
        return Wiring(driver, self._policy, self._config.max_retries, self._clock)

    def _per_request(self) -> dict[str, Any]:
        """Settings each request must carry: none when the httpx client was built from this
        configuration; retries and timeout when it is shared or was brought by the caller."""
        if self._owns_http:
            return {}
        return {"max_retries": self._config.max_retries, "timeout": self._config.timeout}

    def _http_options(self) -> dict[str, Any]:
        return {
            "base_url": self._config.base_url + "/",
            "headers": self._config.headers(),
            "params": dict(self._config.default_query),
            "timeout": self._config.timeout,
        }

    def _options(self, max_retries: int | None, timeout: TimeoutTypes) -> dict[str, Any]:
        """The constructor arguments of a copy with other retry or timeout settings."""
        return {
            "api_key": self._config.api_key,
            "base_url": self.base_url,
            "organization": self.organization,
            "project": self.project,
            "timeout": self.timeout if timeout is None else timeout,
            "max_retries": self.max_retries if max_retries is None else max_retries,
            "default_headers": self._config.default_headers,
            "default_query": self._config.default_query,
            "admin_api_key": self._config.admin_api_key,
        }

    def __repr__(self) -> str:
        extra = "".join(
            f", {name}={value!r}"
            for name, value in (("organization", self.organization), ("project", self.project))
            if value
        )
        return f"{type(self).__name__}(base_url={self.base_url!r}{extra}, max_retries={self.max_retries})"


class Client(_ClientBase):
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

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | httpx.URL | None = None,
        organization: str | None = None,
        project: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        admin_api_key: str | None = None,
        _shared: _Shared[httpx.Client] | None = None,
    ) -> None:
        self._config = _Config.resolve(
            api_key, base_url, organization, project, timeout, max_retries, default_headers, default_query,
            admin_api_key=admin_api_key,
        )
        self._clock = _shared.clock if _shared is not None else _virtual_clock(transport)
        http, self._policy, self._owns_http = self._connect(
            http_client,
            _shared,
            lambda policy: httpx.Client(
                transport=RetryTransport(transport or LazyTransport(httpx.HTTPTransport), policy=policy),
                **self._http_options(),
            ),
        )
        self._http = SyncHTTP(http, **self._per_request())
        wiring = self._wiring(SyncDriver(self._http))
        self.files = Files(wiring)
        self.jobs = Jobs(wiring)
        self.checkpoints = Checkpoints(Permissions(wiring, self._config.admin_api_key))
        self.graders = Graders(wiring)

    @property
    def http_client(self) -> httpx.Client:
        """The underlying httpx client (generated ``ftkit_api`` functions can use it too).

        >>> client.http_client.get("/fine_tuning/jobs").json()["object"]  # doctest: +SKIP
        'list'
        """
        return self._http.client

    def with_options(self, *, max_retries: int | None = None, timeout: TimeoutTypes = None) -> Client:
        """A client sharing this one's connections, with other retry or timeout settings.

        >>> patient = client.with_options(max_retries=8, timeout=120)  # doctest: +SKIP
        """
        shared = _Shared(self._http.client, self._policy, self._clock)
        return Client(**self._options(max_retries, timeout), _shared=shared)

    def close(self) -> None:
        """Close the connections (not those of an httpx client you passed in).

        >>> client.close()  # doctest: +SKIP
        """
        if self._owns_http:
            self._http.client.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncClient(_ClientBase):
    """The asyncio client: the same arguments and resources as ``Client``, awaited.

    >>> async def main():  # doctest: +SKIP
    ...     async with AsyncClient() as client:
    ...         async for job in await client.jobs.list():
    ...             print(job.id)
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | httpx.URL | None = None,
        organization: str | None = None,
        project: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        admin_api_key: str | None = None,
        _shared: _Shared[httpx.AsyncClient] | None = None,
    ) -> None:
        self._config = _Config.resolve(
            api_key, base_url, organization, project, timeout, max_retries, default_headers, default_query,
            admin_api_key=admin_api_key,
        )
        self._clock = _shared.clock if _shared is not None else _virtual_clock(transport)
        http, self._policy, self._owns_http = self._connect(
            http_client,
            _shared,
            lambda policy: httpx.AsyncClient(
                transport=RetryTransport(transport or LazyTransport(httpx.AsyncHTTPTransport), policy=policy),
                **self._http_options(),
            ),
        )
        self._http = AsyncHTTP(http, **self._per_request())
        wiring = self._wiring(AsyncDriver(self._http))
        self.files = AsyncFiles(wiring)
        self.jobs = AsyncJobs(wiring)
        self.checkpoints = AsyncCheckpoints(AsyncPermissions(wiring, self._config.admin_api_key))
        self.graders = AsyncGraders(wiring)

    @property
    def http_client(self) -> httpx.AsyncClient:
        """The underlying httpx client.

        >>> response = await client.http_client.get("/files")  # doctest: +SKIP
        """
        return self._http.client

    def with_options(self, *, max_retries: int | None = None, timeout: TimeoutTypes = None) -> AsyncClient:
        """A client sharing this one's connections, with other retry or timeout settings.

        >>> patient = client.with_options(max_retries=8)  # doctest: +SKIP
        """
        shared = _Shared(self._http.client, self._policy, self._clock)
        return AsyncClient(**self._options(max_retries, timeout), _shared=shared)

    async def close(self) -> None:
        """Close the connections (not those of an httpx client you passed in).

        >>> await client.close()  # doctest: +SKIP
        """
        if self._owns_http:
            await self._http.client.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()
