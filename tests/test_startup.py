"""Start-up: building a client and asking the command line for help import only what they need.

The figures themselves are measured by ``scripts/bench`` (section 1); these tests keep the
heavy modules out of the way of ``import ftkit; ftkit.Client()`` and ``ftkit --help``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
from ftkit.cli import cli
from ftkit.cli._app import COMMANDS

ROOT = Path(__file__).resolve().parents[1]


def modules_after(code: str) -> set[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "ergonomic"), str(ROOT / "generated"), env.get("PYTHONPATH", "")])
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_building_a_client_imports_no_model_of_a_job_or_grader_and_no_connection_pool() -> None:
    loaded = modules_after("import ftkit\nftkit.Client(api_key='sk-k', base_url='http://127.0.0.1:9/v1').jobs")
    # (click and rich may be there: httpx imports its own command line when they are installed.)
    heavy = {"asyncio", "httpcore", "ftkit_api.models.fine_tuning_job", "ftkit_api.models.multi_grader",
             "ftkit_api.models.fine_tune_method", "ftkit_api.models.run_grader_request", "ftkit.data",
             "ftkit.cli"}  # fmt: skip
    assert not heavy & loaded, sorted(heavy & loaded)


def test_the_first_request_builds_what_was_left_out() -> None:
    loaded = modules_after(
        "import ftkit\nfrom ftkit.emulator import Emulator\n"
        "c = ftkit.Client(api_key='sk-k', transport=Emulator(clock='manual').transport())\n"
        "c.jobs.list()\nc.jobs.retrieve\n"
        "try:\n    c.jobs.retrieve('ftjob-missing')\nexcept ftkit.NotFoundError:\n    pass"
    )
    assert "ftkit_api.models.fine_tuning_job" in loaded


def test_help_imports_neither_the_client_nor_httpx_nor_rich() -> None:
    loaded = modules_after("from ftkit.cli import main\nmain(['--help'])")
    assert not {"httpx", "rich", "ftkit.client", "ftkit_api", "ftkit.data"} & loaded


def test_the_command_table_matches_the_commands() -> None:
    ctx = click.Context(cli)
    assert isinstance(cli, click.Group)
    names = [name for name, *_ in COMMANDS]
    assert names == sorted(names) and cli.list_commands(ctx) == names
    for name, _module, _attribute, short_help in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None and command.name == name
        assert command.get_short_help_str(limit=200) == short_help, name
