"""A local, stateful emulator of the OpenAI fine-tuning API, in-process or over HTTP.

In-process, through an httpx transport (sync and async clients alike):

>>> import httpx
>>> from ftkit.emulator import Emulator
>>> emulator = Emulator(clock="manual", seed=1)
>>> client = httpx.Client(transport=emulator.transport(), base_url="https://api.openai.com/v1",
...                       headers={"Authorization": "Bearer sk-test"})
>>> client.get("/fine_tuning/jobs").json()["object"]
'list'

Over HTTP, for any client in any language (the official ``openai`` SDKs included)::

    python -m ftkit.emulator --host 127.0.0.1 --port 8089 --speed 20

In tests, the pytest fixtures ``ftkit_emulator`` and ``ftkit_emulator_server`` (see
``docs/testing.md``). It speaks raw JSON exactly as the API does and imports neither
``ftkit_api`` nor the hand-written client, so it can stand in for the real service under any of
them. Names load on first use, so the CLI can read the serve options without the rest.
"""

from __future__ import annotations

import importlib
import warnings
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._app import Emulator, RequestRecord
    from ._clock import EmulatedClock
    from ._errors import EmulatorError
    from ._faults import Fault
    from ._handlers import ENDPOINTS, Request
    from ._http import Response
    from ._jobs import JobScript, Timings
    from ._server import EmulatorServer
    from ._training import FileProblem
    from ._transport import EmulatorTransport

_WHERE = {
    "ENDPOINTS": "._handlers",
    "EmulatedClock": "._clock",
    "Emulator": "._app",
    "EmulatorError": "._errors",
    "EmulatorServer": "._server",
    "EmulatorTransport": "._transport",
    "Fault": "._faults",
    "FileProblem": "._training",
    "JobScript": "._jobs",
    "Request": "._handlers",
    "RequestRecord": "._app",
    "Response": "._http",
    "Timings": "._jobs",
}

__all__ = [
    "ENDPOINTS",
    "EmulatedClock",
    "Emulator",
    "EmulatorError",
    "EmulatorServer",
    "EmulatorTransport",
    "Fault",
    "FileProblem",
    "JobScript",
    "Request",
    "RequestRecord",
    "Response",
    "Timings",
]


def __getattr__(name: str) -> Any:
    if name == "ApiError":
        warnings.warn(
            "ftkit.emulator.ApiError is renamed EmulatorError (ftkit.APIError is the client's exception)",
            DeprecationWarning,
            stacklevel=2,
        )
        name = "EmulatorError"
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'ftkit.emulator' has no attribute {name!r}")
    value = getattr(importlib.import_module(where, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
