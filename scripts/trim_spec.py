#!/usr/bin/env python3
"""Trim the public OpenAI OpenAPI description down to the fine-tuning endpoints.

Keeps every path under ``/fine_tuning/``, the ``/files`` operations a job needs
(upload, list, retrieve, content, delete), the Uploads API for large files (create, add a
part, complete, cancel), the models (list, retrieve, delete a fine-tuned one), chat
completions (what a fine-tuned chat model answers, and what a model grader's judge is asked)
and embeddings (what a ``cosine`` grader compares), plus exactly the components they reach
through ``$ref``. Chat completions and embeddings keep only the fields listed in
:data:`FIELDS` (the rest of those schemas, and what only they reach, is left out), and no
streamed answers. The output is self-contained and deterministic: the same input
gives a byte-identical file. The source, the upstream ``info.version`` and the
upstream sha256 are written to ``spec/UPSTREAM`` beside the output.

Usage::

    scripts/trim_spec.py ../shared/upstream/openai-openapi.yaml -o spec/openai-fine-tuning.yaml
    scripts/trim_spec.py https://.../openapi.yaml          # a URL works where there is a network
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import re
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
    "/chat/completions": ("post",),
    "/embeddings": ("post",),
}
#: Schemas cut down to these properties (an ``allOf`` is merged into one object first); a
#: name may go on into the schema: ``.field`` is a property, ``[]`` the items of an array.
#: Chat completions: the request fields a fine-tuned chat model needs and the answer's
#: choices (content, tool calls, refusal, finish reason) and usage; embeddings: the input,
#: the model and the vectors.
FIELDS: dict[str, tuple[str, ...]] = {
    "CreateChatCompletionRequest": (
        "model",
        "messages",
        "tools",
        "tool_choice",
        "parallel_tool_calls",
        "response_format",
        "temperature",
        "top_p",
        "seed",
        "max_completion_tokens",
        "stop",
        "n",
    ),
    "CreateChatCompletionResponse": ("id", "object", "created", "model", "choices", "usage", "system_fingerprint"),
    "CreateChatCompletionResponse.choices[]": ("finish_reason", "index", "message"),
    "ChatCompletionResponseMessage": ("role", "content", "refusal", "tool_calls"),
    "ChatCompletionRequestAssistantMessage": ("role", "content", "refusal", "name", "tool_calls"),
    "CreateEmbeddingRequest": ("input", "model", "encoding_format", "dimensions"),
    # Content parts without their prompt-cache breakpoint: a component titled like the grader
    # inputs' own inline breakpoint, which the generator cannot tell apart.
    "ChatCompletionRequestMessageContentPartText": ("type", "text"),
    "ChatCompletionRequestMessageContentPartImage": ("type", "image_url"),
    "ChatCompletionRequestMessageContentPartAudio": ("type", "input_audio"),
    "ChatCompletionRequestMessageContentPartFile": ("type", "file"),
}
#: Answers ftkit does not read: streamed chat completions.
DROPPED_CONTENT = ("text/event-stream",)
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


def _merged(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` as one object: the parts of an ``allOf`` (references followed) merged."""
    if "allOf" not in schema:
        return dict(schema)
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    properties: dict[str, Any] = {}
    required: list[str] = []
    for part in schema["allOf"]:
        if "$ref" in part:
            section, name = _resolve(spec, part["$ref"])
            part = spec["components"][section][name]
        part = _merged(spec, part)
        properties.update(part.get("properties", {}))
        required += [r for r in part.get("required", []) if r not in required]
        merged.update({k: v for k, v in part.items() if k not in ("properties", "required", "type")})
    merged["type"] = "object"
    merged["properties"] = properties
    if required:
        merged["required"] = required
    return merged


def _cut(spec: dict[str, Any], where: str, keep: tuple[str, ...]) -> None:
    """Keep only the properties ``keep`` of the schema at ``where`` (see :data:`FIELDS`)."""
    name, *steps = re.findall(r"[^.\[\]]+|\[\]", where)
    schemas = spec.get("components", {}).get("schemas", {})
    if name not in schemas:
        raise TrimError(f"upstream file has no schema {name} to cut")
    parent, key = schemas, name
    for step in steps:
        node = parent[key]
        parent, key = (node, "items") if step == "[]" else (node["properties"], step)
        if key not in parent:
            raise TrimError(f"upstream schema {where} has no {step}")
    schema = _merged(spec, parent[key])
    missing = [field for field in keep if field not in schema.get("properties", {})]
    if missing:
        raise TrimError(f"upstream schema {where} lacks {', '.join(missing)}")
    schema["properties"] = {k: v for k, v in schema["properties"].items() if k in keep}
    required = [r for r in schema.get("required", []) if r in keep]
    schema.pop("required", None)
    if required:
        schema["required"] = required
    parent[key] = schema


def trim(spec: dict[str, Any], fields: dict[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
    """Return the trimmed spec: the kept paths and the components they reach, the schemas
    named in ``fields`` (default :data:`FIELDS`) cut down to the properties listed."""
    spec = copy.deepcopy(spec)
    paths: dict[str, Any] = {}
    for path, item in spec.get("paths", {}).items():
        if path.startswith(FINE_TUNING_PREFIX):
            paths[path] = item
        elif path in OPERATIONS:
            kept = {key: value for key, value in item.items() if key not in HTTP_METHODS or key in OPERATIONS[path]}
            for key in OPERATIONS[path]:
                for response in kept.get(key, {}).get("responses", {}).values():
                    for content_type in DROPPED_CONTENT:
                        response.get("content", {}).pop(content_type, None)
            paths[path] = kept
    missing = [f"{m.upper()} {p}" for p, methods in OPERATIONS.items() for m in methods if m not in paths.get(p, {})]
    if missing or not any(p.startswith(FINE_TUNING_PREFIX) for p in paths):
        raise TrimError(f"upstream file lacks expected paths: {missing or FINE_TUNING_PREFIX}")
    for where, keep in (FIELDS if fields is None else fields).items():
        _cut(spec, where, keep)

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
