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


def test_reading_a_job_imports_the_models_it_reads_and_no_grader_model() -> None:
    job = json.dumps(
        {
            "id": "ftjob-1",
            "object": "fine_tuning.job",
            "status": "succeeded",
            "method": {
                "type": "reinforcement",
                "reinforcement": {
                    "grader": {"type": "string_check", "name": "g", "input": "a", "reference": "b", "operation": "eq"}
                },
            },
        }
    )
    read = f"from ftkit_api.models.fine_tuning_job import FineTuningJob\njob = FineTuningJob.from_dict({job})\n"
    loaded = modules_after(read + "assert job.status == 'succeeded' and job.id == 'ftjob-1'")
    # The status is an enum: neither the method's model nor any grader model is imported.
    assert not {m for m in loaded if "grader" in m or "method" in m}, sorted(loaded)
    # Read further, the models come when they are reached.
    loaded = modules_after(read + "assert job.method.reinforcement.grader.reference == 'b'")
    assert {"ftkit_api.models.fine_tune_reinforcement_method", "ftkit_api.models.string_check_grader"} <= loaded


LOADED_CERTIFICATES = """
import ssl
loads = []
_load = ssl.SSLContext.load_verify_locations
def counted(self, *args, **kwargs):
    loads.append(args or kwargs)
    return _load(self, *args, **kwargs)
ssl.SSLContext.load_verify_locations = counted
_default = ssl.SSLContext.load_default_certs
def counted_default(self, *args, **kwargs):
    loads.append("default")
    return _default(self, *args, **kwargs)
ssl.SSLContext.load_default_certs = counted_default
"""


def test_an_http_server_costs_no_certificates_and_https_gets_them_on_its_first_request() -> None:
    # The TLS context (the certificate bundle) is built with the first https:// request only.
    code = LOADED_CERTIFICATES + (
        "import ftkit\nfrom ftkit.emulator import Emulator\n"
        "with Emulator(clock='manual').serve() as served:\n"
        "    with ftkit.Client(api_key='sk-k', base_url=served.base_url) as c:\n"
        "        c.models.list()\n"
        "print('http', len(loads))\n"
        "with ftkit.Client(api_key='sk-k', base_url='https://127.0.0.1:9/v1', max_retries=0) as c:\n"
        "    try:\n        c.models.list()\n    except ftkit.APIConnectionError:\n        pass\n"
        "print('https', len(loads))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SSL_CERT"))}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    counts = dict(line.split() for line in done.stdout.splitlines())
    assert counts["http"] == "0" and int(counts["https"]) >= 1, counts


def test_a_first_retrieve_loads_no_flow_and_no_other_resource() -> None:
    loaded = modules_after(
        "import httpx, ftkit\n"
        "job = {'id': 'ftjob-1', 'object': 'fine_tuning.job', 'status': 'running'}\n"
        "server = httpx.MockTransport(lambda request: httpx.Response(200, json=job))\n"
        "c = ftkit.Client(api_key='sk-k', base_url='http://127.0.0.1:9/v1', transport=server)\n"
        "assert c.jobs.retrieve('ftjob-1').status == 'running'"
    )
    others = {"ftkit.create", "ftkit.watch", "ftkit.metrics", "ftkit.replay", "ftkit.uploads", "ftkit.export",
              "ftkit.evaluation", "ftkit.chat", "ftkit.graders", "ftkit.files", "ftkit.checkpoints", "ftkit.models",
              "ftkit.deployments", "ftkit_api.client"}  # fmt: skip
    assert "ftkit.jobs" in loaded and not others & loaded, sorted(others & loaded)
