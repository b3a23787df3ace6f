"""The hand-written package is typed and lint-clean (DESIGN.md: mypy --strict and ruff), and
keeps its layer rule (DESIGN.md, "The layer rule")."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from import_graph import analyse, cycles  # noqa: E402

# Private names one module still imports from another, in code this rule came after; each
# entry is a debt to pay, not a licence: the list only ever shrinks.
KNOWN_PRIVATE_IMPORTS = {("ftkit.emulator._jobs", "_check_training_file")}


def test_ruff_is_clean() -> None:
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "ergonomic", "scripts/overlay.py",
                           "scripts/import_graph.py"], cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_is_clean() -> None:
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_module_imports_another_modules_private_name() -> None:
    _, private = analyse()
    unexpected = [line for line in private if (line.split(":")[0], line.split()[2]) not in KNOWN_PRIVATE_IMPORTS]
    assert not unexpected, "\n".join(unexpected)


def test_no_import_cycle_at_run_time() -> None:
    # Imports under `if TYPE_CHECKING:` do not count: they never run.
    graph, _ = analyse()
    assert not cycles(graph), cycles(graph)


def test_flows_and_requests_stay_under_the_resources() -> None:
    graph, _ = analyse()
    resources = {"ftkit._resource", "ftkit.jobs", "ftkit.files", "ftkit.checkpoints", "ftkit.graders", "ftkit.client"}
    lower = ["ftkit._flow", "ftkit._calls", "ftkit._http", "ftkit.watch", "ftkit.metrics", "ftkit.create",
             "ftkit._checks", "ftkit.errors", "ftkit.pagination", "ftkit.methods", "ftkit.grader_builders"]  # fmt: skip
    for module in lower:
        assert not graph[module] & resources, (module, graph[module] & resources)
    # Only the resource base and the client reach the drivers' executor.
    assert {m for m, imports in graph.items() if "ftkit._http" in imports} == {"ftkit.client"}
    # The library never imports its command line.
    assert all(not any(i.startswith("ftkit.cli") for i in graph[m]) for m in graph if not m.startswith("ftkit.cli"))


def test_the_checker_finds_what_it_looks_for(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from .b import _hidden\n")
    (package / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import c\n"
                                  "def f():\n    from .a import g\n_hidden = 1\n")  # fmt: skip
    (package / "c.py").write_text("from . import b\n")
    graph, private = analyse(package)
    assert private == ["pkg.a:1 imports _hidden from pkg.b"]
    assert graph["pkg.b"] == {"pkg.a"} and cycles(graph) == [["pkg.a", "pkg.b"]]
