#!/usr/bin/env python3
"""Collect every JSON response example into a test fixture.

Sources: the ``x-oaiMeta`` examples of the trimmed spec (operation responses and schema
examples) and the JSON objects printed in the API reference pages. Example bodies are
not always valid JSON upstream, so trailing commas are removed and ``{ ... }``
placeholders skipped. Each fixture names the model that must parse it.

Usage::

    scripts/extract_examples.py spec/openai-fine-tuning.yaml ../shared/reference \
        -o tests/fixtures/examples.json
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

import yaml

_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_PLACEHOLDER = re.compile(r",?\s*\{\s*\.\.\.\s*\}\s*,?")
_LIST_MODELS = {
    "fine_tuning.job": "ListPaginatedFineTuningJobsResponse",
    "fine_tuning.job.event": "ListFineTuningJobEventsResponse",
    "fine_tuning.job.checkpoint": "ListFineTuningJobCheckpointsResponse",
    "file": "ListFilesResponse",
    "checkpoint.permission": "ListFineTuningCheckpointPermissionResponse",
    "model": "ListModelsResponse",
}
_OBJECT_MODELS = {
    "fine_tuning.job": "FineTuningJob",
    "fine_tuning.job.event": "FineTuningJobEvent",
    "fine_tuning.job.checkpoint": "FineTuningJobCheckpoint",
    "file": "OpenAIFile",
    "checkpoint.permission": "FineTuningCheckpointPermission",
    "model": "Model",
    "upload": "Upload",
    "upload.part": "UploadPart",
}
_DELETE_MODELS = {
    "file": "DeleteFileResponse",
    "checkpoint.permission": "DeleteFineTuningCheckpointPermissionResponse",
    "model": "DeleteModelResponse",
}


def clean(text: str) -> str:
    """Make an almost-JSON example parseable: drop ``{ ... }`` placeholders and trailing commas."""

    def _placeholder(match: re.Match[str]) -> str:
        # Keep one comma when the placeholder sat between two items.
        s = match.group(0)
        return "," if s.lstrip().startswith(",") and s.rstrip().endswith(",") else ""

    text = _PLACEHOLDER.sub(_placeholder, text)
    return _TRAILING_COMMA.sub(r"\1", text)


def classify(obj: dict[str, Any]) -> str | None:
    """The name of the model a response object belongs to, or None if it is no response."""
    kind = obj.get("object")
    if kind == "list":
        data = obj.get("data") or [{}]
        return _LIST_MODELS.get(data[0].get("object", ""))
    if isinstance(kind, str) and "deleted" in obj:
        return _DELETE_MODELS.get(kind)
    if isinstance(kind, str):
        return _OBJECT_MODELS.get(kind)
    if "reward" in obj and "metadata" in obj:
        return "RunGraderResponse"
    if set(obj) == {"grader"}:
        return "ValidateGraderResponse"
    return None


def json_objects(text: str) -> list[str]:
    """Every top-level balanced ``{...}`` block of ``text`` (strings respected)."""
    blocks: list[str] = []
    depth, start, in_string, escaped = 0, -1, False, False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"' and depth > 0:
            in_string = True
        elif ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}" and depth > 0:
            depth -= 1
            if depth == 0:
                blocks.append(text[start : i + 1])
    return blocks


def from_reference(directory: Path) -> list[dict[str, Any]]:
    found = []
    for page in sorted(directory.glob("*.txt")):
        for n, block in enumerate(json_objects(page.read_text(encoding="utf-8"))):
            try:
                obj = json.loads(clean(block))
            except json.JSONDecodeError:
                continue  # code samples and request bodies, not response examples
            if isinstance(obj, dict) and (model := classify(obj)):
                found.append({"source": f"reference/{page.name}#{n}", "model": model, "example": obj})
    return found


def _schema_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def class_name(spec: dict[str, Any], schema: str) -> str:
    """The generated class of a component schema: the generator names it after its title."""
    title = spec["components"]["schemas"][schema].get("title", schema)
    return "".join(word[:1].upper() + word[1:] for word in re.split(r"[^A-Za-z0-9]+", title))


def from_spec(spec: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if not isinstance(op, dict) or "x-oaiMeta" not in op:
                continue
            content = op.get("responses", {}).get("200", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema", {})
            if "$ref" not in schema:
                continue
            examples = op["x-oaiMeta"].get("examples")
            examples = examples if isinstance(examples, list) else [examples]
            for n, ex in enumerate(examples):
                response = ex.get("response") if isinstance(ex, dict) else None
                if isinstance(response, str):
                    source = f"spec {method.upper()} {path}#{n}"
                    obj = _parse(source, response)
                    if obj is not None:
                        model = class_name(spec, _schema_name(schema["$ref"]))
                        found.append({"source": source, "model": model, "example": obj})
    for name, schema in spec["components"].get("schemas", {}).items():
        example = schema.get("x-oaiMeta", {}).get("example")
        if isinstance(example, str):
            obj = _parse(f"spec schema {name}", example)
            if obj is not None:
                found.append({"source": f"spec schema {name}", "model": class_name(spec, name), "example": obj})
    return found


def _parse(source: str, example: str) -> Any:
    """Parse an upstream example; None (reported) when it is broken beyond repair.

    Besides trailing commas and placeholders, upstream examples contain Python literals
    (``None``), a missing comma at a line end and elided array items (a line such as
    ``.... (1536 floats total for ada-002)`` in an embedding); all are repaired, since the
    intent is unambiguous.
    """
    text = clean(example)
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    text = re.sub(r":\s*None\b", ": null", text)
    text = re.sub(r'("|\d|true|false|null)(\s*\n\s*")', r"\1,\2", text)
    text = clean(re.sub(r"(?m)^\s*\.{3,}[^\n]*\n", "", text))
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        print(f"skipped {source}: {exc}")
        return None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("spec")
    parser.add_argument("reference")
    parser.add_argument("-o", "--output", default="tests/fixtures/examples.json")
    args = parser.parse_args()
    spec = yaml.safe_load(Path(args.spec).read_text(encoding="utf-8"))
    examples = from_spec(spec) + from_reference(Path(args.reference))
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(examples, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"{len(examples)} examples -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
