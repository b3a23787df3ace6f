"""The hand-written package keeps its layer rule (DESIGN.md, "The layer rule"), and its docstring
examples all run (DESIGN.md, "Habits").

mypy --strict and ruff run beside the suite, in scripts/test, not as tests."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from import_graph import analyse, cycles  # noqa: E402

# Private names one module still imports from another, in code this rule came after; each
# entry is a debt to pay, not a licence: the list only ever shrinks.
KNOWN_PRIVATE_IMPORTS: set[tuple[str, str]] = set()


def test_no_module_imports_another_modules_private_name() -> None:
    _, private = analyse()
    unexpected = [line for line in private if (line.split(":")[0], line.split()[2]) not in KNOWN_PRIVATE_IMPORTS]
    assert not unexpected, "\n".join(unexpected)


def test_no_docstring_example_is_skipped() -> None:
    # They run against the emulator: the conftest.py at the root gives them what they need.
    skipped = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "ergonomic" / "ftkit").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "+SKIP" in line
    ]
    assert not skipped, "examples marked +SKIP (give them what they need in conftest.py):\n" + "\n".join(skipped)


def test_no_import_cycle_at_run_time() -> None:
    # Imports under `if TYPE_CHECKING:` do not count: they never run.
    graph, _ = analyse()
    assert not cycles(graph), cycles(graph)


GRADING_PURE = (
    "ftkit.grading._engine",
    "ftkit.grading._templates",
    "ftkit.grading._metrics",
    "ftkit.grading._formula",
    "ftkit.grading._python",
)
# DESIGN.md, "Layers": each module imports from its own layer or below.
LAYERS: dict[str, int] = {
    **{m: 0 for m in ("ftkit", "ftkit._version", "ftkit.errors", "ftkit.pagination", "ftkit._checks",
                      "ftkit.methods", "ftkit.grader_builders", "ftkit._lazy", "ftkit._atomic")},
    # The grader engine's pure parts (no I/O, no client): the emulator grades with them too.
    **{m: 0 for m in GRADING_PURE},
    **{m: 1 for m in ("ftkit._flow", "ftkit._executor", "ftkit._retry")},
    "ftkit._calls": 2,
    **{m: 3 for m in ("ftkit.create", "ftkit.watch", "ftkit.metrics", "ftkit.archive",
                                 "ftkit.replay", "ftkit.uploads", "ftkit.grading", "ftkit.grading._grade",
                                 "ftkit.grading._local")},
    # The evaluation (ftkit.evaluation): pure parts, its flows, its resource.
    **{m: 0 for m in ("ftkit.evaluation._examples", "ftkit.evaluation._cost", "ftkit.evaluation._record")},
    **{m: 3 for m in ("ftkit.evaluation", "ftkit.evaluation._arguments", "ftkit.evaluation._budget",
                      "ftkit.evaluation._compare", "ftkit.evaluation._promptfoo", "ftkit.evaluation._report",
                      "ftkit.evaluation._run")},
    "ftkit._resource": 4,
    **{m: 5 for m in ("ftkit.jobs", "ftkit.files", "ftkit.checkpoints", "ftkit.graders", "ftkit.models",
                                 "ftkit.export", "ftkit.chat", "ftkit.deployments",
                                 "ftkit.evaluation._api")},
    **{m: 6 for m in ("ftkit.client", "ftkit.azure")},
}  # fmt: skip
CLI = 7


def layer(module: str) -> int:
    if module == "ftkit.cli" or module.startswith("ftkit.cli."):
        return CLI
    if module.startswith("ftkit.data"):
        return 0  # training-data validation: imports errors and the grader builders only (checked below)
    return LAYERS[module]  # a new module must be given its place here and in DESIGN.md


def test_each_module_imports_from_its_layer_or_below() -> None:
    graph, _ = analyse()
    for module, imports in graph.items():
        if module.startswith("ftkit.emulator"):
            # The emulator stands apart: it may use the data checks and the grader engine's pure
            # parts, never the client.
            assert all(i.startswith(("ftkit.emulator", "ftkit.data")) or i in GRADING_PURE for i in imports), (
                module,
                imports,
            )
            continue
        if module.startswith("ftkit.data"):
            # The grader checks of `validate --grader` are the builders' own (layer 0 too).
            allowed = ("ftkit.errors", "ftkit.grader_builders")
            assert all(i.startswith("ftkit.data") or i in allowed for i in imports), (module, imports)
            continue
        for target in imports:
            if target.startswith("ftkit.emulator"):
                assert layer(module) == CLI, f"{module} imports the emulator"
                continue
            where = f"{module} (layer {layer(module)}) imports {target} (layer {layer(target)})"
            assert layer(target) <= layer(module), where
    # Only the client builds the executor the drivers use.
    assert {m for m, imports in graph.items() if "ftkit._executor" in imports} == {"ftkit.client"}


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


def test_the_jobs_commands_stay_thin() -> None:
    # DESIGN.md, "A thin CLI": commands parse, call the library, render; views, watching and
    # the lifecycle commands live in their own modules, so the jobs group stays short.
    lines = (ROOT / "ergonomic" / "ftkit" / "cli" / "_jobs.py").read_text(encoding="utf-8").count("\n")
    assert lines < 300, f"cli/_jobs.py has {lines} lines"
