"""What every command shares: the global options, the client they configure, exit codes."""

from __future__ import annotations

import ipaddress
import os
import shlex
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import click

if TYPE_CHECKING:
    import logging

    from ..client import Client
    from ..emulator import Emulator
    from ..watch import Poller

EXIT_OK = 0
EXIT_FAILED = 1  # a job failed, the data is invalid, or the server said no
EXIT_USAGE = 2  # click's own code for usage errors; ours match it
EXIT_UNREACHABLE = 3  # no answer from the server (refused, dropped, timed out, 5xx) after retries and patience
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C

#: The key the in-process emulator is given; it accepts any.
EMULATOR_KEY = "sk-emulator"
#: How often to poll the in-process emulator: its clock runs fast, and polling it costs
#: no network, so the progress display can move smoothly.
EMULATOR_POLL_INTERVAL = 0.2
#: The endpoint the Azure client of the in-process emulator names (nothing is sent there: the
#: requests go to the emulator through its transport).
EMULATED_AZURE_ENDPOINT = "https://emulator.openai.azure.com"
#: The Resource Manager endpoint the in-process emulator's Azure client names (also the emulator).
EMULATED_MANAGEMENT_ENDPOINT = "https://management.emulator.azure.com"
#: The global options of the Azure client's arguments, for its errors.
_AZURE_OPTIONS = {"api_version": "--api-version", "azure_endpoint": "--azure-endpoint"}


def is_local(url: str) -> bool:
    """Whether ``url`` points at this machine (where a server is most likely the emulator).

    >>> is_local("http://127.0.0.1:8089/v1"), is_local("https://api.openai.com/v1")
    (True, False)
    """
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def error_line(message: str, *, prefix: str = "ftkit: error: ") -> None:
    """Print one line on stderr (a multi-line message is folded onto one)."""
    click.echo(prefix + " ".join(message.split()), err=True)


@dataclass
class Env:
    """The global options and the client built from them, created on first use (the key is
    kept out of the repr)."""

    api_key: str | None = field(default=None, repr=False)
    base_url: str | None = None
    emulator: bool = False
    emulator_speed: float = 20.0
    debug: bool = False
    azure_endpoint: str | None = None
    api_version: str | None = None
    #: ``--patience`` of the watching commands: seconds to poll through an outage (None: the library's default).
    patience: float | None = None
    #: The server the in-process emulator plays (``openai`` or ``azure``; ``ftkit demo --flavor``).
    emulator_flavor: str = "openai"
    #: ``--azure-ad``: Entra ID through azure-identity's DefaultAzureCredential.
    azure_ad: bool = False
    #: Where ``ftkit azure deployments`` goes (its options), handed to the Azure client.
    management: dict[str, str | None] = field(default_factory=dict)
    _client: Client | None = field(default=None, repr=False)
    _emulator: Emulator | None = field(default=None, repr=False)
    _held_back: logging.Handler | None = field(default=None, repr=False)
    #: Whether the client sends the placeholder key (no key given, a server on this machine).
    placeholder_key: bool = field(default=False, repr=False)

    def local_emulator(self) -> Emulator:
        """The in-process emulator of ``--emulator`` (one per command)."""
        if self._emulator is None:
            from ..emulator import Emulator

            self._emulator = Emulator(speed=self.emulator_speed, flavor=self.emulator_flavor)
        return self._emulator

    def client(self) -> Client:
        """The client every API command uses: the in-process emulator's with ``--emulator``."""
        if self._client is None:
            from ..azure import AzureClient
            from ..client import DEFAULT_BASE_URL, Client

            if self.emulator and self.emulator_flavor == "azure":
                # The emulator plays Azure Resource Manager too: a stand-in subscription and group.
                management = {
                    "subscription_id": "00000000-0000-0000-0000-000000000000",
                    "resource_group": "emulator",
                    **{k: v for k, v in self.management.items() if v is not None},
                    "management_endpoint": EMULATED_MANAGEMENT_ENDPOINT,
                }
                self._client = AzureClient(
                    azure_endpoint=EMULATED_AZURE_ENDPOINT,
                    api_version=self.api_version,
                    api_key=self.api_key or EMULATOR_KEY,
                    transport=self.local_emulator().transport(),
                    management_token=EMULATOR_KEY,
                    **_management_arguments(management),
                )
            elif self.emulator:
                self._client = Client(
                    api_key=self.api_key or EMULATOR_KEY,
                    # Explicit, so an OPENAI_BASE_URL in the environment cannot change the paths.
                    base_url=DEFAULT_BASE_URL,
                    transport=self.local_emulator().transport(),
                )
            elif self.azure():
                from ..errors import ValidationError

                try:
                    credential = self._default_credential() if self.azure_ad else None
                    self._client = AzureClient(
                        azure_endpoint=self.azure_endpoint,
                        api_version=self.api_version,
                        api_key=None if credential is not None else self._azure_key(),
                        credential=credential,
                        **_management_arguments(self.management),
                    )
                except ValidationError as exc:
                    option = _AZURE_OPTIONS.get(exc.argument)
                    if option is None:
                        raise
                    shown = "missing" if exc.value is None else f"{exc.value!r}"
                    raise click.UsageError(f"{option}: {shown}; expected {exc.allowed}") from None
            else:
                # The URL first: a mistyped one must not be reported as a missing key.
                self._check_base_url()
                self._client = Client(api_key=self._key(), base_url=self.base_url)
        return self._client

    def _check_base_url(self) -> None:
        """A usage error naming ``--base-url`` (or ``OPENAI_BASE_URL``) when it is not an http(s) URL with a host."""
        given = self.base_url or os.environ.get("OPENAI_BASE_URL")
        if not given:
            return
        where = "--base-url" if self.base_url else "OPENAI_BASE_URL"
        parts = urlsplit(given)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise click.BadParameter(
                f"{given!r} is not an http:// or https:// URL such as http://127.0.0.1:8089/v1", param_hint=where
            )

    def command(self, *args: str) -> str:
        """The ``ftkit`` command line that runs ``args`` against the same server as this one, for
        hints such as "Watch it: ..." (the global options that name the server, never a key).

        >>> Env(base_url="http://127.0.0.1:8089/v1").command("jobs", "follow", "ftjob-1")
        'ftkit --base-url http://127.0.0.1:8089/v1 jobs follow ftjob-1'
        """
        words = ["ftkit"]
        for option, value in (
            ("--base-url", self.base_url),
            ("--azure-endpoint", self.azure_endpoint),
            ("--api-version", self.api_version),
        ):
            if value:
                words += [option, value]
        return " ".join(shlex.quote(word) for word in (*words, *args))

    def azure(self) -> bool:
        """Whether the commands talk to Azure OpenAI: ``--azure-endpoint``, or the
        ``AZURE_OPENAI_ENDPOINT`` environment variable when no other server was named."""
        if self.azure_endpoint:
            return True
        return not self.emulator and not self.base_url and bool(os.environ.get("AZURE_OPENAI_ENDPOINT"))

    def _azure_key(self) -> str | None:
        """The Azure key: given, else ``AZURE_OPENAI_API_KEY`` (or a token in
        ``AZURE_OPENAI_AD_TOKEN``), else a placeholder for an endpoint on this machine."""
        if self.api_key or os.environ.get("AZURE_OPENAI_API_KEY") or os.environ.get("AZURE_OPENAI_AD_TOKEN"):
            return self.api_key
        url = self.azure_endpoint or os.environ.get("AZURE_OPENAI_ENDPOINT")
        return self._placeholder() if url and is_local(url) else None

    def _key(self) -> str | None:
        """The key to send: given, else from the environment, else, for a server on this
        machine (``ftkit emulator serve``), a placeholder, since the emulator takes any key."""
        if self.api_key or os.environ.get("OPENAI_API_KEY"):
            return self.api_key
        url = self.base_url or os.environ.get("OPENAI_BASE_URL")
        return self._placeholder() if url and is_local(url) else None

    def _placeholder(self) -> str:
        self.placeholder_key = True
        return EMULATOR_KEY

    def poll_interval(self, given: float | None) -> float | Poller | None:
        """Seconds between polls of a job: as given, else fast for the in-process emulator,
        else None (the library's adaptive policy); a ``Poller`` when ``--patience`` was given."""
        seconds = given if given is not None else (EMULATOR_POLL_INTERVAL if self.emulator else None)
        if self.patience is None:
            return seconds
        from ..watch import Poller

        return Poller(patience=self.patience) if seconds is None else Poller.fixed(seconds, patience=self.patience)

    def _default_credential(self) -> object:
        """``--azure-ad``'s credential. azure-identity logs each failed attempt as a warning, which
        Python's last-resort handler would print before ftkit's own error says the same: unless
        ``--debug``, its log is held back for this command (ftkit's ``CredentialError`` carries it)."""
        if not self.debug:
            import logging

            self._held_back = logging.NullHandler()
            logging.getLogger("azure.identity").addHandler(self._held_back)
        return _default_credential()

    def close(self) -> None:
        """Close the client's connections (and give azure-identity's log back)."""
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._held_back is not None:
            import logging

            logging.getLogger("azure.identity").removeHandler(self._held_back)
            self._held_back = None


def confirm(question: str) -> bool | None:
    """Ask ``question`` on stderr, default no: True for yes, False for no, None when the input
    ended without an answer (Ctrl-C still interrupts).

    >>> import io
    >>> from unittest import mock
    >>> with mock.patch("sys.stdin", io.StringIO("n")):  # the question goes to stderr
    ...     confirm("Delete it?")
    False
    """
    while True:
        click.echo(f"{question} [y/N]: ", nl=False, err=True)
        line = sys.stdin.readline()
        if not line or not sys.stdin.isatty():
            click.echo("", err=True)  # a terminal ends the line as the answer is typed; a pipe does not
        if not line:
            return None
        answer = line.strip().lower()
        if answer in ("y", "yes"):
            return True
        if answer in ("", "n", "no"):
            return False
        click.echo("Answer y or n.", err=True)


def _management_arguments(given: Mapping[str, str | None]) -> dict[str, Any]:
    """The Azure client's Resource Manager arguments among ``given`` (the deployments options)."""
    names = ("management_endpoint", "subscription_id", "resource_group", "account_name", "management_token")
    return {name: given.get(name) for name in names if given.get(name) is not None}


def _default_credential() -> object:
    """azure-identity's ``DefaultAzureCredential`` (``--azure-ad``): environment, workload or managed
    identity, Azure CLI, ... as azure-identity tries them."""
    try:
        from azure.identity import DefaultAzureCredential
    except ImportError:
        from ..errors import MissingDependencyError

        raise MissingDependencyError("--azure-ad needs azure-identity: pip install 'ftkit[azure]'") from None
    return DefaultAzureCredential()


def get_env() -> Env:
    """The ``Env`` of the running command."""
    return click.get_current_context().ensure_object(Env)
