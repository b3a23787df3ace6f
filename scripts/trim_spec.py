#!/usr/bin/env python3
"""Trim the public OpenAI OpenAPI description down to the fine-tuning endpoints.

Keeps every path under ``/fine_tuning/``, the ``/files`` operations a job needs
(upload, list, retrieve, content, delete), the Uploads API for large files (create, add a
part, complete, cancel) and the models (list, retrieve, delete a fine-tuned one), plus
exactly the components they reach through ``$ref``. The output is self-contained and deterministic: the same input
gives a byte-identical file. The source, the upstream ``info.version`` and the
upstream sha256 are written to ``spec/UPSTREAM`` beside the output.

Usage::

    scripts/trim_spec.py ../shared/upstream/openai-openapi.yaml -o spec/openai-fine-tuning.yaml
    scripts/trim_spec.py https://.../openapi.yaml          # a URL works where there is a network
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import urllib.request
from pathlib import Path
from typing import Any

import yaml

#: The operations kept outside ``/fine_tuning/``, by path and method: the files a job
#: needs, the Uploads API (files above the Files API's 512 MB, in parts) and the models.
OPERATIONS: dict[str, tuple[str, ...]] = {
    "/files": ("get", "post"),
    "/files/{file_id}": ("get", "delete"),
    "/files/{file_id}/content": ("get",),
    "/uploads": ("post",),
    "/uploads/{upload_id}/parts": ("post",),
    "/uploads/{upload_id}/complete": ("post",),
    "/uploads/{upload_id}/cancel": ("post",),
    "/models": ("get",),
    "/models/{model}": ("get", "delete"),
}
FINE_TUNING_PREFIX = "/fine_tuning/"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class TrimError(Exception):
    """The upstream file does not have the shape this script expects."""


def read_source(source: str) -> bytes:
    """Return the raw bytes of ``source``, a local path or an http(s) URL."""
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=60) as response:
            data: bytes = response.read()
            return data
    return Path(source).read_bytes()


def _refs(node: Any) -> list[str]:
    """Every ``$ref`` string inside ``node``, in document order."""
    found: list[str] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str):
                found.append(ref)
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return found


def _resolve(spec: dict[str, Any], ref: str) -> tuple[str, str]:
    """Split ``#/components/<section>/<name>`` into (section, name), checking it exists."""
    parts = ref.split("/")
    if len(parts) != 4 or parts[0] != "#" or parts[1] != "components":
        raise TrimError(f"unsupported $ref {ref!r}: only #/components/<section>/<name> is handled")
    section, name = parts[2], parts[3].replace("~1", "/").replace("~0", "~")
    if name not in spec.get("components", {}).get(section, {}):
        raise TrimError(f"$ref {ref!r} points at nothing in the upstream file")
    return section, name


def trim(spec: dict[str, Any]) -> dict[str, Any]:
    """Return the trimmed spec: the kept paths and the components they reach."""
    paths: dict[str, Any] = {}
    for path, item in spec.get("paths", {}).items():
        if path.startswith(FINE_TUNING_PREFIX):
            paths[path] = item
        elif path in OPERATIONS:
            kept = {
                key: value
                for key, value in item.items()
                if key not in HTTP_METHODS or key in OPERATIONS[path]
            }
            paths[path] = kept
    missing = [f"{m.upper()} {p}" for p, methods in OPERATIONS.items() for m in methods if m not in paths.get(p, {})]
    if missing or not any(p.startswith(FINE_TUNING_PREFIX) for p in paths):
        raise TrimError(f"upstream file lacks expected paths: {missing or FINE_TUNING_PREFIX}")

    reached: set[tuple[str, str]] = set()
    pending = _refs(paths)
    security_names: set[str] = set()
    for sec in spec.get("security", []):
        security_names.update(sec)
    while pending:
        section, name = _resolve(spec, pending.pop())
        if (section, name) in reached:
            continue
        reached.add((section, name))
        pending.extend(_refs(spec["components"][section][name]))

    components: dict[str, Any] = {}
    for section, entries in spec.get("components", {}).items():
        if section == "securitySchemes":
            kept = {k: v for k, v in entries.items() if k in security_names}
        else:
            kept = {k: v for k, v in entries.items() if (section, k) in reached}
        if kept:
            components[section] = dict(sorted(kept.items()))

    used_tags: set[str] = set()
    for item in paths.values():
        for key, op in item.items():
            if key in HTTP_METHODS and isinstance(op, dict):
                used_tags.update(op.get("tags", []))

    out: dict[str, Any] = {"openapi": spec["openapi"], "info": spec["info"]}
    if "servers" in spec:
        out["servers"] = spec["servers"]
    if "security" in spec:
        out["security"] = spec["security"]
    tags = [t for t in spec.get("tags", []) if t.get("name") in used_tags]
    if tags:
        out["tags"] = tags
    out["paths"] = dict(sorted(paths.items()))
    out["components"] = components
    return out


def dump(spec: dict[str, Any]) -> str:
    """Serialise deterministically (insertion order kept, no aliases, wide lines)."""

    class _NoAliases(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    text: str = yaml.dump(
        spec, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("upstream", help="path or URL of the public OpenAI OpenAPI file")
    parser.add_argument("-o", "--output", default="spec/openai-fine-tuning.yaml", help="trimmed spec to write")
    args = parser.parse_args(argv)

    try:
        raw = read_source(args.upstream)
    except (OSError, ValueError) as exc:
        print(f"trim_spec: cannot read {args.upstream}: {exc}", file=sys.stderr)
        return 1
    try:
        spec = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        print(f"trim_spec: {args.upstream} is not valid YAML: {exc}", file=sys.stderr)
        return 1
    try:
        trimmed = trim(spec)
    except TrimError as exc:
        print(f"trim_spec: {exc}", file=sys.stderr)
        return 1

    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(dump(trimmed), encoding="utf-8")
    source = args.upstream if "://" in args.upstream else Path(args.upstream).name
    (output.parent / "UPSTREAM").write_text(
        f"source: {source}\n"
        f"info.version: {spec.get('info', {}).get('version', 'unknown')}\n"
        f"sha256: {hashlib.sha256(raw).hexdigest()}\n",
        encoding="utf-8",
    )
    n_schemas = len(trimmed["components"].get("schemas", {}))
    print(f"trim_spec: {len(trimmed['paths'])} paths, {n_schemas} schemas -> {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
