"""What a regeneration changes: the drift report of ``scripts/regenerate``.

Three checks, each giving plain lines for a person to read:

- ``spec_drift(old, new)``: paths (with their methods), schemas, fields and enum values
  added and removed between two OpenAPI documents (the committed effective spec and the
  new one), and fields that became required or optional;
- ``stale_overlay_actions``: the overlay actions that no longer select anything (lines
  from ``overlay.apply_overlay(..., stale=[...])``), each with the first line of the
  comment that gives its reason;
- ``broken_imports(package_dir, generated_dir)``: the hand-written package's imports of
  generated names (``from ftkit_api.models.x import Y``, ``from ftkit_api.api.fine_tuning
  import z``, and ``"ftkit_api.models.x"`` strings used for lazy imports) that the new
  generated package no longer defines.

Example::

    >>> old = {"paths": {"/a": {"get": {}}}, "components": {"schemas": {"S": {"properties": {"x": {}}}}}}
    >>> new = {"paths": {"/a": {"get": {}, "post": {}}}, "components": {"schemas": {"S": {"properties": {}}}}}
    >>> spec_drift(old, new)
    ['+ operation POST /a', '- field S.x']
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_MODULE_STRING = re.compile(r"^ftkit_api(\.[A-Za-z_]\w*)+$")


def _operations(spec: dict[str, Any]) -> set[str]:
    return {
        f"{method.upper()} {path}"
        for path, item in (spec.get("paths") or {}).items()
        for method in (item or {})
        if method in HTTP_METHODS
    }


def _enums(name: str, schema: Any, found: dict[str, set[str]]) -> None:
    """Every enum inside ``schema``, keyed by a readable place (``Schema.field``, ``Schema.field[]``)."""
    if isinstance(schema, dict):
        if isinstance(schema.get("enum"), list):
            found.setdefault(name, set()).update(map(str, schema["enum"]))
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                for field, sub in value.items():
                    _enums(f"{name}.{field}", sub, found)
            elif key == "items":
                _enums(f"{name}[]", value, found)
            elif key in ("anyOf", "oneOf", "allOf") and isinstance(value, list):
                for sub in value:
                    _enums(name, sub, found)
            elif key == "additionalProperties":
                _enums(f"{name}{{}}", value, found)
    elif isinstance(schema, list):
        for sub in schema:
            _enums(name, sub, found)


def _fields(schema: Any) -> tuple[set[str], set[str]]:
    """(properties, required) of an object schema, its allOf parts included."""
    props: set[str] = set()
    required: set[str] = set()
    if isinstance(schema, dict):
        props.update((schema.get("properties") or {}).keys())
        required.update(r for r in schema.get("required") or [] if isinstance(r, str))
        for part in schema.get("allOf") or []:
            more_props, more_required = _fields(part)
            props |= more_props
            required |= more_required
    return props, required


def spec_drift(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Lines ``+ ...`` (added) and ``- ...`` (removed) from ``old`` to ``new``; empty when equal in these respects."""
    lines: list[str] = []
    old_ops, new_ops = _operations(old), _operations(new)
    lines += [f"+ operation {op}" for op in sorted(new_ops - old_ops, key=_op_key)]
    lines += [f"- operation {op}" for op in sorted(old_ops - new_ops, key=_op_key)]

    old_schemas = (old.get("components") or {}).get("schemas") or {}
    new_schemas = (new.get("components") or {}).get("schemas") or {}
    lines += [f"+ schema {name}" for name in sorted(set(new_schemas) - set(old_schemas))]
    lines += [f"- schema {name}" for name in sorted(set(old_schemas) - set(new_schemas))]

    for name in sorted(set(old_schemas) & set(new_schemas)):
        old_props, old_required = _fields(old_schemas[name])
        new_props, new_required = _fields(new_schemas[name])
        lines += [f"+ field {name}.{field}" for field in sorted(new_props - old_props)]
        lines += [f"- field {name}.{field}" for field in sorted(old_props - new_props)]
        kept = old_props & new_props
        lines += [f"! field {name}.{field} is now required" for field in sorted((new_required - old_required) & kept)]
        lines += [f"! field {name}.{field} is now optional" for field in sorted((old_required - new_required) & kept)]

    old_enums: dict[str, set[str]] = {}
    new_enums: dict[str, set[str]] = {}
    for name in set(old_schemas) & set(new_schemas):
        _enums(name, old_schemas[name], old_enums)
        _enums(name, new_schemas[name], new_enums)
    for place in sorted(set(old_enums) & set(new_enums)):
        lines += [f"+ enum value {place}: {value!r}" for value in sorted(new_enums[place] - old_enums[place])]
        lines += [f"- enum value {place}: {value!r}" for value in sorted(old_enums[place] - new_enums[place])]
    return lines


def _op_key(op: str) -> tuple[str, str]:
    method, path = op.split(" ", 1)
    return path, method


def action_reasons(overlay_text: str) -> dict[int, str]:
    """Action number (from 1) -> the first line of the comment above it in the overlay file."""
    reasons: dict[int, str] = {}
    lines = overlay_text.splitlines()
    number = 0
    for i, line in enumerate(lines):
        if line.startswith("  - target:"):
            number += 1
            j = i - 1
            block: list[str] = []
            while j >= 0 and lines[j].strip().startswith("#"):
                block.insert(0, lines[j].strip().lstrip("#").strip())
                j -= 1
            if block:
                reasons[number] = block[0]
            elif number - 1 in reasons:
                reasons[number] = reasons[number - 1]  # the next action of the same fix
    return reasons


def stale_overlay_lines(stale: list[tuple[int, str]], overlay_text: str) -> list[str]:
    """One line per overlay action that selected nothing: number, target, reason."""
    reasons = action_reasons(overlay_text)
    return [
        f"overlay action {number} selects nothing any more: {target}"
        + (f" ({reasons[number]})" if number in reasons else "")
        for number, target in stale
    ]


def _defined_names(module: Path) -> set[str]:
    """Top-level names a generated module defines (classes, functions, assignments, imports)."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.If):  # `if TYPE_CHECKING:` re-exports
            for sub in node.body:
                if isinstance(sub, (ast.Import, ast.ImportFrom)):
                    names.update((alias.asname or alias.name).split(".")[0] for alias in sub.names)
    if module.name == "__init__.py":
        # ftkit_api.models loads its names on first use: they are the keys of _MODULES.
        for node in tree.body:
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Dict):
                keys = node.value.keys
                names.update(k.value for k in keys if isinstance(k, ast.Constant) and isinstance(k.value, str))
    return names


def _locate(generated: Path, dotted: str) -> Path | None:
    """The file of module ``ftkit_api.x.y`` inside the generated package directory, or None."""
    parts = dotted.split(".")[1:]
    base = generated.joinpath(*parts) if parts else generated
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return None


def broken_imports(package: Path, generated: Path) -> list[str]:
    """Imports in ``package`` (hand-written) of ``ftkit_api`` names that ``generated`` lacks.

    ``generated`` is the directory of the ``ftkit_api`` package to check against.
    """
    problems: list[str] = []
    cache: dict[Path, set[str]] = {}
    for source in sorted(package.rglob("*.py")):
        where = source.relative_to(package.parent)
        tree = ast.parse(source.read_text(encoding="utf-8"))
        nodes = sorted(ast.walk(tree), key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0)))
        for node in nodes:
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "ftkit_api":
                module = _locate(generated, node.module)
                if module is None:
                    problems.append(f"{where}:{node.lineno} imports from {node.module}, which no longer exists")
                    continue
                defined = cache.setdefault(module, _defined_names(module))
                for alias in node.names:
                    submodule = _locate(generated, f"{node.module}.{alias.name}")
                    if alias.name not in defined and submodule is None:
                        problems.append(
                            f"{where}:{node.lineno} imports {alias.name} from {node.module}, which no longer defines it"
                        )
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "ftkit_api" and _locate(generated, alias.name) is None:
                        problems.append(f"{where}:{node.lineno} imports {alias.name}, which no longer exists")
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and _MODULE_STRING.match(node.value)
                and _locate(generated, node.value) is None
            ):
                problems.append(f"{where}:{node.lineno} names module {node.value!r}, which no longer exists")
    return problems
