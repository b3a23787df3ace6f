#!/usr/bin/env python3
"""The run-time import graph of the hand-written package, and the layer rule's breaches.

    scripts/import_graph.py [--package ergonomic/ftkit] [--cycles] [--private] [--type-checking]

Prints one line per module: the ftkit modules it imports at run time (at the top or inside
a function; imports under ``if TYPE_CHECKING:`` are left out, they never run, unless
``--type-checking`` asks for them too). With ``--cycles`` it prints the import cycles, with
``--private`` the imports of another module's underscore name. ``tests/test_quality.py``
checks that both lists are empty and that each module imports from its layer or below
(DESIGN.md, "Layers").
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ergonomic" / "ftkit"


def module_names(package: Path) -> dict[str, Path]:
    """Every module of the package by dotted name (``ftkit.cli._jobs``), a package by its ``__init__``."""
    top = package.name
    names: dict[str, Path] = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join([top, *parts])] = path
    return names


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.AST, type_checking: bool = False) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that can run: all of them but those under ``if TYPE_CHECKING:``
    (those too with ``type_checking``)."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
            continue
        if isinstance(node, ast.If) and _is_type_checking(node.test) and not type_checking:
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _base(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The absolute module an ``ImportFrom`` reads from."""
    if node.level == 0:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, *([node.module] if node.module else [])])


def analyse(package: Path = PACKAGE, type_checking: bool = False) -> tuple[dict[str, set[str]], list[str]]:
    """The run-time import graph (module -> package modules it imports) and the private-name imports.

    A private-name import is ``from module import _name`` where ``_name`` is not a module
    of its own: one module reaching into another's internals.
    """
    names = module_names(package)
    top = package.name
    graph: dict[str, set[str]] = {name: set() for name in names}
    private: list[str] = []
    for module, path in names.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in _runtime_imports(tree, type_checking):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in names and alias.name != module:
                        graph[module].add(alias.name)
                continue
            base = _base(module, path, node)
            if base != top and not base.startswith(top + "."):
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in names:
                    graph[module].add(submodule)
                    continue
                if base in names and base != module:
                    graph[module].add(base)
                if alias.name.startswith("_") and not alias.name.startswith("__") and base != module:
                    private.append(f"{module}:{node.lineno} imports {alias.name} from {base}")
    return graph, private


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(1000, 10 * len(graph)))
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--package", type=Path, default=PACKAGE)
    parser.add_argument("--cycles", action="store_true", help="print the import cycles instead")
    parser.add_argument("--private", action="store_true", help="print the private-name imports instead")
    parser.add_argument("--type-checking", action="store_true", help="count imports under TYPE_CHECKING too")
    args = parser.parse_args(argv)
    graph, private = analyse(args.package, args.type_checking)
    if args.cycles:
        for component in cycles(graph):
            print(" <-> ".join(component))
    elif args.private:
        print("\n".join(private))
    else:
        for module in sorted(graph):
            print(f"{module} -> {', '.join(sorted(graph[module])) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
