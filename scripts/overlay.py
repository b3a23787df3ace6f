"""Apply an OpenAPI Overlay 1.0 document to a spec.

Only the part of the Overlay specification that ``spec/overlay.yaml`` needs is supported,
and anything else is refused with a clear error rather than silently ignored:

- targets are JSONPath expressions made of ``$``, ``.name``, ``['name']`` / ``["name"]``,
  ``[N]`` and the wildcards ``.*`` / ``[*]``;
- ``update`` merges as the Overlay spec says: objects recursively, arrays by appending,
  anything else by replacing;
- ``remove: true`` deletes every node the target selects.

A target that selects nothing is an error: an overlay that silently stops matching after
an upstream change would hide a regression.

Example::

    spec = apply_overlay(spec, {"overlay": "1.0.0", "actions": [
        {"target": "$.components.schemas.Pet.required", "remove": True},
    ]})
"""

from __future__ import annotations

import copy
import re
from typing import Any

_TOKEN = re.compile(r"""\.(\*|[A-Za-z_$][\w$-]*)|\[(\*|\d+|'[^']*'|"[^"]*")\]""")
WILDCARD = object()


class OverlayError(ValueError):
    """The overlay is malformed or one of its targets selects nothing."""


def parse_target(target: str) -> list[Any]:
    """Split a JSONPath target into keys (str), indexes (int) and ``WILDCARD``.

    >>> parse_target("$.paths['/files'].get")
    ['paths', '/files', 'get']
    """
    if not target.startswith("$"):
        raise OverlayError(f"target {target!r} must start with '$'")
    steps: list[Any] = []
    pos = 1
    while pos < len(target):
        match = _TOKEN.match(target, pos)
        if match is None:
            raise OverlayError(f"target {target!r}: unsupported JSONPath at {target[pos:]!r}")
        name, bracket = match.groups()
        if name is not None:
            steps.append(WILDCARD if name == "*" else name)
        elif bracket == "*":
            steps.append(WILDCARD)
        elif bracket.isdigit():
            steps.append(int(bracket))
        else:
            steps.append(bracket[1:-1])
        pos = match.end()
    return steps


def _has(node: Any, step: Any) -> bool:
    if isinstance(step, int):
        return isinstance(node, list) and step < len(node)
    return isinstance(node, dict) and step in node


def _select(root: Any, steps: list[Any]) -> list[tuple[Any, Any]]:
    """(parent, key) pairs of every node the steps reach; the root has parent None."""
    current: list[tuple[Any, Any]] = [(None, None)]
    for step in steps:
        following: list[tuple[Any, Any]] = []
        for parent, key in current:
            node = root if parent is None else parent[key]
            if step is WILDCARD:
                if isinstance(node, dict):
                    following.extend((node, k) for k in node)
                elif isinstance(node, list):
                    following.extend((node, i) for i in range(len(node)))
            elif _has(node, step):
                following.append((node, step))
        current = following
    return current


def merge(target: Any, update: Any) -> Any:
    """Overlay merge: objects recursively, arrays appended, anything else replaced."""
    if isinstance(target, dict) and isinstance(update, dict):
        for key, value in update.items():
            target[key] = merge(target[key], value) if key in target else copy.deepcopy(value)
        return target
    if isinstance(target, list):
        target.extend(copy.deepcopy(update) if isinstance(update, list) else [copy.deepcopy(update)])
        return target
    return copy.deepcopy(update)


def apply_overlay(
    spec: dict[str, Any], overlay: dict[str, Any], stale: list[tuple[int, str]] | None = None
) -> dict[str, Any]:
    """Return a copy of ``spec`` with every action of ``overlay`` applied in order.

    A target that selects nothing is an ``OverlayError``, unless a ``stale`` list is given:
    then the action is skipped and ``(number, target)`` appended to it (numbers from 1), so
    that every stale action can be reported at once.
    """
    if not str(overlay.get("overlay", "")).startswith("1."):
        raise OverlayError("not an Overlay 1.x document: the 'overlay' version field is missing")
    result = copy.deepcopy(spec)
    for number, action in enumerate(overlay.get("actions", []), start=1):
        target = action.get("target")
        if not isinstance(target, str):
            raise OverlayError(f"action {number} has no target")
        found = _select(result, parse_target(target))
        if not found and stale is not None:
            stale.append((number, target))
            continue
        if not found:
            raise OverlayError(f"action {number}: target {target!r} selects nothing in the spec")
        if action.get("remove") is True:
            # Delete from the end so list indexes stay valid.
            for parent, key in reversed(found):
                if parent is None:
                    raise OverlayError(f"action {number}: cannot remove the root")
                del parent[key]
        elif "update" in action:
            for parent, key in found:
                if parent is None:
                    merge(result, action["update"])
                else:
                    parent[key] = merge(parent[key], action["update"])
        else:
            raise OverlayError(f"action {number} ({target}): needs 'update' or 'remove: true'")
    return result
