#!/usr/bin/env python3
"""Trim Azure OpenAI's authoring REST description down to what ftkit tests against.

Azure publishes its data-plane descriptions in Azure/azure-rest-api-specs: the dated API in
``specification/cognitiveservices/data-plane/AzureOpenAI/authoring/<version>/`` (one Swagger
2.0 file ``azureopenai.json`` and an ``examples/`` folder), and the v1 API in
``specification/ai/data-plane/OpenAI.v1/`` (OpenAPI 3.0, ``azure-v1-v1-generated.yaml``; give
it with ``--input``, the output is JSON beside an ``examples/`` folder). This keeps the
fine-tuning jobs (events, checkpoints, cancel, pause, resume), files, uploads and models
paths, the definitions and parameters they reach through ``$ref``, the examples they name
(those present; a missing one is dropped from ``x-ms-examples`` and reported), and the
top-level security and host settings. The result is a test fixture for ftkit (the Azure
spec served by Prism, the examples parsed by ftkit's models), not a second client.

The output is deterministic and trimming it again gives it back unchanged, so a copy can be
checked against its source at any time.

On the v1 API the graders (``/fine_tuning/alpha/``) are left out: Azure marks them preview
(api-version-lifecycle.md), and the Prism test of the trimmed copy covers the GA surface.

Usage::

    scripts/trim_azure.py DOWNLOADED_VERSION_DIR spec/azure/2024-10-21 \
        --source specification/cognitiveservices/data-plane/AzureOpenAI/authoring/stable/2024-10-21 \
        --commit <commit of Azure/azure-rest-api-specs>
    scripts/trim_azure.py DOWNLOADED_DIR spec/azure/v1 --input azure-v1-v1-generated.yaml \
        --source specification/ai/data-plane/OpenAI.v1 --commit <commit>
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path
from typing import Any

#: The path prefixes kept (Azure names its path parameters with dashes: ``{fine-tuning-job-id}``).
KEPT_PREFIXES = ("/files", "/fine_tuning/", "/models", "/uploads")
TOP_LEVEL = (
    "swagger",
    "info",
    "paths",
    "definitions",
    "parameters",
    "securityDefinitions",
    "security",
    "schemes",
    "consumes",
    "produces",
    "x-ms-parameterized-host",
)
#: The same for an OpenAPI 3 description (the v1 API); its reusable parts are under components.
TOP_LEVEL_3 = ("openapi", "info", "paths", "security", "components", "servers")
#: Paths of an OpenAPI 3 (v1) description left out: the graders, a preview on Azure.
SKIPPED_PREFIXES_3 = ("/fine_tuning/alpha/",)
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")


class TrimError(Exception):
    """The input does not have the shape this script expects."""


def _refs(node: Any) -> list[str]:
    found: list[str] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/"):
                found.append(ref)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def trim(spec: dict[str, Any], examples: set[str]) -> tuple[dict[str, Any], list[str], list[str]]:
    """(trimmed spec, example files it names, example files named but missing)."""
    openapi3 = str(spec.get("openapi", "")).startswith("3.")
    if spec.get("swagger") != "2.0" and not openapi3:
        raise TrimError("expected a Swagger 2.0 document ('swagger': '2.0') or an OpenAPI 3 one ('openapi': '3.x')")
    skipped = SKIPPED_PREFIXES_3 if openapi3 else ()
    paths = {
        p: item
        for p, item in spec.get("paths", {}).items()
        if p.startswith(KEPT_PREFIXES) and not p.startswith(skipped)
    }
    if not any(p.startswith("/fine_tuning/") for p in paths):
        raise TrimError("no /fine_tuning/ path in the input")

    used: list[str] = []
    missing: list[str] = []
    kept_paths: dict[str, Any] = {}
    for path, item in paths.items():
        item = json.loads(json.dumps(item))  # a copy we may change
        for method, op in item.items():
            if method not in HTTP_METHODS or not isinstance(op, dict):
                continue
            named = op.get("x-ms-examples", {})
            for title in list(named):
                ref = named[title].get("$ref", "")
                name = ref.rsplit("/", 1)[-1]
                if name in examples:
                    used.append(name)
                else:
                    missing.append(f"{method.upper()} {path}: {ref}")
                    del named[title]
            if "x-ms-examples" in op and not named:
                del op["x-ms-examples"]
        kept_paths[path] = item

    if openapi3:
        return _trim_3(spec, kept_paths), sorted(set(used)), missing

    reached: dict[str, set[str]] = {"definitions": set(), "parameters": set()}
    pending = _refs(kept_paths) + _refs(spec.get("x-ms-parameterized-host", {}))
    while pending:
        parts = pending.pop().split("/")
        if len(parts) != 3 or parts[1] not in reached:
            raise TrimError(f"unsupported $ref {'/'.join(parts)!r}")
        section, name = parts[1], parts[2]
        if name in reached[section]:
            continue
        if name not in spec.get(section, {}):
            raise TrimError(f"$ref #/{section}/{name} points at nothing")
        reached[section].add(name)
        pending.extend(_refs(spec[section][name]))

    out: dict[str, Any] = {}
    for key in TOP_LEVEL:
        if key == "paths":
            out[key] = kept_paths
        elif key in reached:
            out[key] = {k: v for k, v in spec.get(key, {}).items() if k in reached[key]}
        elif key in spec:
            out[key] = spec[key]
    return out, sorted(set(used)), missing


def _trim_3(spec: dict[str, Any], kept_paths: dict[str, Any]) -> dict[str, Any]:
    """An OpenAPI 3 description with these paths and the components they reach (schemas), its
    security schemes, security and servers."""
    components = spec.get("components", {})
    reached: dict[str, set[str]] = {}
    pending = _refs(kept_paths)
    while pending:
        parts = pending.pop().split("/")
        if len(parts) != 4 or parts[1] != "components":
            raise TrimError(f"unsupported $ref {'/'.join(parts)!r}")
        section, name = parts[2], parts[3]
        if name in reached.setdefault(section, set()):
            continue
        if name not in components.get(section, {}):
            raise TrimError(f"$ref #/components/{section}/{name} points at nothing")
        reached[section].add(name)
        pending.extend(_refs(components[section][name]))
    kept_components: dict[str, Any] = {
        section: {k: v for k, v in components.get(section, {}).items() if k in names}
        for section, names in sorted(reached.items())
    }
    if "securitySchemes" in components:
        kept_components["securitySchemes"] = components["securitySchemes"]
    out: dict[str, Any] = {}
    for key in TOP_LEVEL_3:
        if key == "paths":
            out[key] = kept_paths
        elif key == "components":
            out[key] = kept_components
        elif key in spec:
            out[key] = spec[key]
    return out


def _load(raw: bytes, name: str) -> Any:
    if name.endswith((".yaml", ".yml")):
        import yaml

        return yaml.safe_load(raw)
    return json.loads(raw)


def dump(spec: dict[str, Any]) -> str:
    return json.dumps(spec, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source_dir", help="a version folder: azureopenai.json and examples/")
    parser.add_argument("output_dir", help="where to write the trimmed azureopenai.json, examples/ and UPSTREAM")
    parser.add_argument("--source", default="", help="the folder's path in Azure/azure-rest-api-specs (for UPSTREAM)")
    parser.add_argument("--commit", default="", help="the commit of Azure/azure-rest-api-specs (for UPSTREAM)")
    parser.add_argument("--note", default="", help="a line added to UPSTREAM (how the input was obtained)")
    parser.add_argument("--input", default="azureopenai.json", help="the description's file name in SOURCE_DIR")
    args = parser.parse_args(argv)

    source_dir, output_dir = Path(args.source_dir), Path(args.output_dir)
    raw = (source_dir / args.input).read_bytes()
    output_name = Path(args.input).with_suffix(".json").name
    examples_dir = source_dir / "examples"
    present = {p.name for p in examples_dir.glob("*.json")} if examples_dir.is_dir() else set()
    try:
        trimmed, used, missing = trim(_load(raw, args.input), present)
    except (TrimError, ValueError) as exc:
        print(f"trim_azure: {exc}", file=sys.stderr)
        return 1
    for line in missing:
        print(f"trim_azure: example not in {examples_dir}, left out: {line}", file=sys.stderr)

    text = dump(trimmed)
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / output_name).write_text(text, encoding="utf-8")
    out_examples = output_dir / "examples"
    if out_examples.resolve() != examples_dir.resolve():
        shutil.rmtree(out_examples, ignore_errors=True)
        out_examples.mkdir()
        for name in used:
            shutil.copyfile(examples_dir / name, out_examples / name)
    lines = [
        "repository: Azure/azure-rest-api-specs",
        f"source: {args.source}/{args.input}" if args.source else "source: (not given)",
        f"commit: {args.commit or '(not given)'}",
        f"info.version: {trimmed.get('info', {}).get('version', 'unknown')}",
        f"sha256 of the input {args.input}: {hashlib.sha256(raw).hexdigest()}",
        f"sha256 of the trimmed {output_name}: {hashlib.sha256(text.encode('utf-8')).hexdigest()}",
        f"examples: {len(used)} kept" + (f", {len(missing)} named but not in the input" if missing else ""),
    ]
    if args.note:
        lines.append(f"note: {args.note}")
    if not (output_dir / "UPSTREAM").exists() or args.source:
        (output_dir / "UPSTREAM").write_text("\n".join(lines) + "\n", encoding="utf-8")
    schemas = trimmed.get("definitions", trimmed.get("components", {}).get("schemas", {}))
    print(
        f"trim_azure: {len(trimmed['paths'])} paths, {len(schemas)} definitions, {len(used)} examples -> {output_dir}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
