"""The options of serving the emulator, defined once for ``python -m ftkit.emulator`` and ``ftkit emulator serve``.

Each option is one :class:`Option` with one converter; :func:`argument_parser` (argparse, no
extra needed) and :func:`click_options` (the ``ftkit`` command) are two renderings of the same
table, so both commands take the same options, check them the same way, and exit 2 on a bad one.
This module imports nothing heavy: the CLI loads it to build its help.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import math
import re
import signal
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

logger = logging.getLogger("ftkit.emulator")

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DEFAULT_PORT = 8089
DEFAULT_MAX_FILE_SIZE = 512 * 1024 * 1024


def parse_port(text: str) -> int:
    """A TCP port, 0 to 65535 (0 picks a free one).

    >>> parse_port("8089")
    8089
    """
    if not re.fullmatch(r"\d{1,5}", text.strip()) or int(text) > 65535:
        raise ValueError(f"{text!r} is not a port: expected an integer from 0 to 65535")
    return int(text)


def parse_speed(text: str) -> float:
    """Emulated seconds per real second: a finite number above 0.

    >>> parse_speed("20")
    20.0
    """
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{text!r} is not allowed: the speed must be a number greater than 0")
    return value


def parse_seed(text: str) -> int:
    """An integer seed.

    >>> parse_seed("3")
    3
    """
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{text!r} is not an integer") from None


def parse_log_level(text: str) -> str:
    """A logging level name, in any case.

    >>> parse_log_level("debug")
    'DEBUG'
    """
    level = text.strip().upper()
    if level not in LOG_LEVELS:
        raise ValueError(f"{text!r} is not a log level: expected one of {', '.join(LOG_LEVELS)}")
    return level


_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def parse_size(text: str) -> int | None:
    """A size in bytes, with an optional K, M or G suffix; ``none`` for no limit.

    >>> parse_size("600M"), parse_size("none")
    (629145600, None)
    """
    if text.strip().lower() == "none":
        return None
    found = re.fullmatch(r"(\d{1,15})\s*([KMG]?)B?", text.strip(), flags=re.IGNORECASE)
    if found is None or int(found.group(1)) == 0:
        raise ValueError(f"{text!r} is not a size: expected bytes such as 600M, 2G or 1048576, or none")
    return int(found.group(1)) * _UNITS[found.group(2).upper()]


FLAVORS = ("openai", "azure")


def parse_flavor(text: str) -> str:
    """The server to play: ``openai`` (``/v1``) or ``azure`` (``/openai/...?api-version=...``).

    >>> parse_flavor("Azure")
    'azure'
    """
    flavor = text.strip().lower()
    if flavor not in FLAVORS:
        raise ValueError(f"{text!r} is not a flavor: expected one of {', '.join(FLAVORS)}")
    return flavor


def parse_fault_option(text: str) -> dict[str, Any]:
    """A ``--fault`` value, checked as ``Emulator.inject`` would check it.

    >>> parse_fault_option("GET /files status=503 times=2")["status"]
    503
    """
    from ._faults import Fault, FaultPlan, parse_fault
    from ._flavors import azure_endpoints
    from ._handlers import ENDPOINTS, ROUTES

    fault = parse_fault(text)
    endpoint = fault.get("endpoint")
    # Checked against every flavour's endpoints; the emulator checks its own when it starts.
    known = tuple(dict.fromkeys((*ENDPOINTS, *azure_endpoints(ROUTES))))
    if endpoint is not None and endpoint not in known:
        raise ValueError(f"fault {text!r}: unknown endpoint {endpoint!r}; expected one of: {', '.join(known)}")
    settings = {k: v for k, v in fault.items() if k != "endpoint"}
    FaultPlan(0).add(Fault(endpoint, **settings))
    return fault


@dataclass(frozen=True)
class Option:
    """One option of the serve command: its flag, converter, default and help."""

    flag: str
    name: str
    convert: Callable[[str], Any]
    default: Any
    help: str
    metavar: str
    multiple: bool = False


OPTIONS: tuple[Option, ...] = (
    Option("--host", "host", str, "127.0.0.1", "Address to listen on.", "HOST"),
    Option("--port", "port", parse_port, DEFAULT_PORT, "Port to listen on; 0 picks a free one.", "PORT"),
    Option(
        "--flavor",
        "flavor",
        parse_flavor,
        "openai",
        "The server to play: openai (paths under /v1) or azure (Azure OpenAI: /openai/... with api-version, "
        "the api-key header and Azure's answers).",
        "NAME",
    ),
    Option(
        "--api-key", "api_key", str, None, "Accept only this key (bearer, or Azure's api-key; default: any).", "KEY"
    ),
    Option(
        "--speed",
        "speed",
        parse_speed,
        1.0,
        "Emulated seconds per real second (20 runs a small job in a few seconds).",
        "FACTOR",
    ),
    Option("--seed", "seed", parse_seed, 0, "Seed for ids, curves and faults.", "N"),
    Option(
        "--max-file-size",
        "max_file_size",
        parse_size,
        DEFAULT_MAX_FILE_SIZE,
        "Largest upload, e.g. 600M or 2G, or none (default: the API's 512M).",
        "SIZE",
    ),
    Option(
        "--fault",
        "faults",
        parse_fault_option,
        (),
        "Inject a fault, e.g. 'POST /fine_tuning/jobs status=429 retry_after=2 rate=0.5', 'GET /files delay=3', "
        "'drop rate=0.1' (keys: status, rate, retry_after, delay, times, drop); repeat for more.",
        "SPEC",
        multiple=True,
    ),
    Option(
        "--log-level",
        "log_level",
        parse_log_level,
        "INFO",
        f"Logging level ({', '.join(LOG_LEVELS)}); DEBUG shows every request.",
        "LEVEL",
    ),
)


@dataclass(frozen=True)
class Settings:
    """Everything the serve command was given, converted and checked."""

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    flavor: str = "openai"
    api_key: str | None = None
    speed: float = 1.0
    seed: int = 0
    max_file_size: int | None = DEFAULT_MAX_FILE_SIZE
    faults: tuple[dict[str, Any], ...] = field(default=())
    log_level: str = "INFO"

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> Settings:
        """Settings from parsed option values (by option name).

        >>> Settings.of({"port": 0, "faults": [{"endpoint": None, "drop": True}]}).faults
        ({'endpoint': None, 'drop': True},)
        """
        known = {o.name for o in OPTIONS}
        given = {k: v for k, v in values.items() if k in known}
        if "faults" in given:
            given["faults"] = tuple(given["faults"] or ())
        return cls(**given)


def argument_parser(prog: str) -> argparse.ArgumentParser:
    """The options as an argparse parser (``python -m ftkit.emulator``).

    >>> argument_parser("serve").parse_args(["--port", "9000"]).port
    9000
    """
    parser = argparse.ArgumentParser(prog=prog, description="Serve a local emulator of the OpenAI fine-tuning API.")
    for option in OPTIONS:
        kind = _argparse_type(option)
        shown = option.default if not option.multiple else "none"
        if option.multiple:
            parser.add_argument(
                option.flag, dest=option.name, type=kind, action="append", default=[], metavar=option.metavar,
                help=option.help,
            )  # fmt: skip
        else:
            parser.add_argument(
                option.flag, dest=option.name, type=kind, default=option.default, metavar=option.metavar,
                help=f"{option.help} (default: {shown})",
            )  # fmt: skip
    return parser


def _argparse_type(option: Option) -> Callable[[str], Any]:
    def convert(text: str) -> Any:
        try:
            return option.convert(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = option.metavar.lower()
    return convert


F = TypeVar("F", bound=Callable[..., Any])


def click_options(command: F) -> F:
    """Add the options to a click command (``ftkit emulator serve``); it receives them by name.

    >>> import click
    >>> @click.command()
    ... @click_options
    ... def serve(**options): pass
    >>> [p.name for p in serve.params][:3]
    ['host', 'port', 'flavor']
    """
    import click

    class _Type(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click stubs
        def __init__(self, option: Option) -> None:
            self.option = option
            self.name = option.metavar.lower()

        def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
            if not isinstance(value, str):
                return value
            try:
                return self.option.convert(value)
            except ValueError as exc:
                self.fail(str(exc), param, ctx)

    for option in reversed(OPTIONS):
        command = click.option(
            option.flag,
            option.name,
            type=_Type(option),
            default=option.default,
            multiple=option.multiple,
            metavar=option.metavar,
            show_default=not option.multiple and option.default is not None,
            help=option.help,
        )(command)
    return command


def serve(settings: Settings, report: Callable[[str], None] | None = None) -> int:
    """Serve an emulator with ``settings`` until Ctrl-C; the exit status (1 if the port is taken).

    Why it could not serve goes to ``report`` (``ftkit emulator serve`` gives its one-line
    ``ftkit: error:``), else to the log.

    >>> import socket
    >>> with socket.socket() as taken:
    ...     taken.bind(("127.0.0.1", 0))
    ...     serve(Settings(port=taken.getsockname()[1]), report=print)  # doctest: +ELLIPSIS
    cannot listen on 127.0.0.1:...: Address already in use...
    1
    """
    say = report if report is not None else logger.error
    from ._app import Emulator
    from ._server import EmulatorServer

    if not logging.getLogger().handlers:
        logging.basicConfig(level=settings.log_level, format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
    else:
        logger.setLevel(settings.log_level)
    emulator = Emulator(
        speed=settings.speed,
        seed=settings.seed,
        api_key=settings.api_key,
        max_file_size=settings.max_file_size,
        flavor=settings.flavor,
    )
    try:
        for fault in settings.faults:
            try:
                emulator.inject(**fault)
            except ValueError as exc:  # an endpoint of the other flavour
                say(str(exc))
                return 2
        try:
            server = EmulatorServer(emulator, settings.host, settings.port)
        except OSError as exc:
            say(f"cannot listen on {settings.host}:{settings.port}: {exc.strerror or exc}")
            return 1
        with _stopped_by_sigterm():
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                logger.info("emulator stopped")
            finally:
                server.close()
    finally:
        emulator.close()
    return 0


@contextlib.contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """SIGTERM stops the server like Ctrl-C, so uploaded files are removed from disk on the way out."""

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
