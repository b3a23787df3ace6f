"""pytest fixtures that stand the emulator in for the fine-tuning API, for any project's tests.

Installed with ftkit (entry point ``pytest11``), so the fixtures are there in every test
session of an environment that has ftkit; ``docs/testing.md`` shows them at work.

- ``ftkit_emulator``: an :class:`~ftkit.emulator.Emulator` on a manual clock: time moves only
  with ``advance(seconds)`` or ``run_until(job_id, status)``. Give a client its
  ``transport()`` (ftkit, httpx, or the ``openai`` SDK through ``http_client``).
- ``ftkit_emulator_server``: the same emulator served over HTTP on a free port: ``.base_url``
  for any SDK in any language, ``.environ`` for a subprocess (``OPENAI_BASE_URL`` and
  ``OPENAI_API_KEY``), and the same helpers.

``@pytest.mark.ftkit_emulator(flavor="azure")`` makes either fixture play Azure OpenAI
(``/openai/...``, ``api-version``, ``api-key``): give Azure clients ``.endpoint`` as their
``azure_endpoint``; ``.environ`` then sets ``AZURE_OPENAI_ENDPOINT``, ``AZURE_OPENAI_API_KEY`` and
``OPENAI_API_VERSION``. To run a test against both servers, parametrize the marker (below).

Both script what the next job does (``script_next_job``) and inject faults (``inject``).
``@pytest.mark.ftkit_emulator(seed=..., speed=..., api_key=..., max_file_size=..., timings=..., flavor=...)``
changes the settings; ``speed`` puts the emulator on a running clock that many times faster than
real time, for code that waits for a job by polling.

Example::

    def test_pipeline(ftkit_emulator_server):
        client = openai.OpenAI(base_url=ftkit_emulator_server.base_url, api_key="sk-test")
        job_id = start_fine_tuning(client, "train.jsonl")
        ftkit_emulator_server.run_until(job_id, "succeeded")

    @pytest.mark.parametrize(
        "flavor", [pytest.param("openai", marks=pytest.mark.ftkit_emulator(flavor="openai")),
                   pytest.param("azure", marks=pytest.mark.ftkit_emulator(flavor="azure"))])
    def test_both(ftkit_emulator_server, flavor): ...
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ._app import Emulator
    from ._server import EmulatorServer

_SETTINGS = ("seed", "speed", "api_key", "max_file_size", "timings", "start_time", "flavor")


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``ftkit_emulator`` marker."""
    config.addinivalue_line(
        "markers",
        "ftkit_emulator(seed=0, speed=None, api_key=None, max_file_size=..., timings=None, start_time=None, "
        "flavor='openai'): settings of the ftkit_emulator and ftkit_emulator_server fixtures (speed: a running "
        "clock, that many times real time, instead of the manual one; flavor='azure': play Azure OpenAI)",
    )


def _settings(request: pytest.FixtureRequest) -> dict[str, Any]:
    marker = request.node.get_closest_marker("ftkit_emulator")
    given = dict(marker.kwargs) if marker is not None else {}
    unknown = sorted(set(given) - set(_SETTINGS))
    if unknown:
        raise pytest.UsageError(f"@pytest.mark.ftkit_emulator: unknown setting {unknown}; expected {list(_SETTINGS)}")
    return given


@pytest.fixture
def ftkit_emulator(request: pytest.FixtureRequest) -> Iterator[Emulator]:
    """A fresh emulator of the fine-tuning API, on a manual clock unless the marker gives a ``speed``."""
    from ._app import Emulator

    settings = _settings(request)
    speed = settings.pop("speed", None)
    emulator = Emulator(speed=speed or 1.0, clock="manual" if speed is None else "wall", **settings)
    try:
        yield emulator
    finally:
        emulator.close()


@pytest.fixture
def ftkit_emulator_server(ftkit_emulator: Emulator) -> Iterator[EmulatorServer]:
    """``ftkit_emulator`` served over HTTP on a free local port (``.base_url`` ends in ``/v1``, or ``/openai``)."""
    with ftkit_emulator.serve() as server:
        yield server
