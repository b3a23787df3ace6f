"""The spec pipeline: trimming, the overlay, and the committed generated client."""

from __future__ import annotations

import copy
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from overlay import OverlayError, apply_overlay, parse_target  # noqa: E402
from trim_spec import TrimError, trim  # noqa: E402

# A tiny stand-in for the upstream file: two kept paths, one dropped, shared components.
UPSTREAM: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "9.9.9"},
    "security": [{"ApiKeyAuth": []}],
    "tags": [{"name": "Fine-tuning"}, {"name": "Files"}, {"name": "Uploads"}, {"name": "Models"}, {"name": "Chat"}],
    "paths": {
        "/fine_tuning/jobs": {
            "get": {"tags": ["Fine-tuning"], "responses": {"200": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/JobList"}}}}}},
        },
        "/files": {
            "get": {"tags": ["Files"], "responses": {}},
            "post": {"tags": ["Files"], "responses": {}},
        },
        "/files/{file_id}": {"get": {"responses": {}}, "delete": {"responses": {}}},
        "/files/{file_id}/content": {"get": {"responses": {}}},
        "/uploads": {"post": {"tags": ["Uploads"], "responses": {"200": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Upload"}}}}}}},
        "/uploads/{upload_id}/parts": {"post": {"responses": {}}},
        "/uploads/{upload_id}/complete": {"post": {"responses": {}}},
        "/uploads/{upload_id}/cancel": {"post": {"responses": {}}},
        "/models": {"get": {"tags": ["Models"], "responses": {}}},
        "/models/{model}": {"get": {"responses": {}}, "delete": {"responses": {}}, "post": {"responses": {}}},
        "/chat/completions": {"post": {"tags": ["Chat"], "responses": {"200": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Chat"}}}}}}},
    },
    "components": {
        "schemas": {
            "JobList": {"properties": {"data": {"items": {"$ref": "#/components/schemas/Job"}}}},
            "Job": {"properties": {"metadata": {"$ref": "#/components/schemas/Metadata"}}},
            "Metadata": {"type": "object"},
            "Upload": {"properties": {"file": {"$ref": "#/components/schemas/File"}}},
            "File": {"type": "object"},
            "Chat": {"properties": {"m": {"$ref": "#/components/schemas/Metadata"}}},
            "Unused": {"type": "string"},
        },
        "securitySchemes": {"ApiKeyAuth": {"type": "http", "scheme": "bearer"}, "Other": {"type": "http"}},
    },
}


def test_trim_keeps_the_paths_and_exactly_the_components_they_reach() -> None:
    out = trim(UPSTREAM)
    assert list(out["paths"]) == [
        "/files", "/files/{file_id}", "/files/{file_id}/content", "/fine_tuning/jobs", "/models", "/models/{model}",
        "/uploads", "/uploads/{upload_id}/cancel", "/uploads/{upload_id}/complete", "/uploads/{upload_id}/parts",
    ]
    assert list(out["paths"]["/models/{model}"]) == ["get", "delete"]  # only the operations asked for
    assert list(out["components"]["schemas"]) == ["File", "Job", "JobList", "Metadata", "Upload"]
    assert list(out["components"]["securitySchemes"]) == ["ApiKeyAuth"]
    assert [t["name"] for t in out["tags"]] == ["Fine-tuning", "Files", "Uploads", "Models"]


def test_trim_names_a_missing_operation() -> None:
    upstream = copy.deepcopy(UPSTREAM)
    del upstream["paths"]["/models/{model}"]["delete"]
    with pytest.raises(TrimError, match=r"DELETE /models/\{model\}"):
        trim(upstream)


def test_trim_script_is_deterministic(tmp_path: Path) -> None:
    upstream = tmp_path / "upstream.yaml"
    upstream.write_text(yaml.safe_dump(UPSTREAM), encoding="utf-8")
    outputs = []
    for n in range(2):
        out = tmp_path / f"out{n}" / "spec.yaml"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "trim_spec.py"), str(upstream), "-o", str(out)],
                       check=True, capture_output=True)
        outputs.append(out.read_bytes())
        upstream_note = (out.parent / "UPSTREAM").read_text(encoding="utf-8")
        assert "info.version: 9.9.9" in upstream_note
        assert "sha256: " in upstream_note
    assert outputs[0] == outputs[1]


def test_trim_refuses_a_file_without_the_expected_paths(tmp_path: Path) -> None:
    upstream = tmp_path / "upstream.yaml"
    upstream.write_text(yaml.safe_dump({"openapi": "3.1.0", "info": {}, "paths": {}}), encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "trim_spec.py"), str(upstream), "-o",
                           str(tmp_path / "o.yaml")], capture_output=True, text=True)
    assert done.returncode == 1
    assert "lacks expected paths" in done.stderr


def test_overlay_update_remove_and_wildcards() -> None:
    spec = {"a": {"b": {"req": ["x", "y"], "n": 1}, "c": {"req": ["z"]}}, "p": {"/f/{id}": {"get": {}}}}
    out = apply_overlay(spec, {"overlay": "1.0.0", "actions": [
        {"target": "$.a.b.req", "remove": True},
        {"target": "$.a.b", "update": {"req": ["x"], "n": 2}},
        {"target": "$.a.*.req", "update": ["w"]},
        {"target": "$.p['/f/{id}'].get", "update": {"ok": True}},
    ]})
    assert out == {"a": {"b": {"n": 2, "req": ["x", "w"]}, "c": {"req": ["z", "w"]}}, "p": {"/f/{id}": {"get": {"ok": True}}}}
    assert spec["a"]["b"]["req"] == ["x", "y"]  # the input is left alone


@pytest.mark.parametrize(("target", "message"), [
    ("$.a.missing", "selects nothing"),
    ("a.b", "must start with"),
    ("$.a[?(@.x)]", "unsupported JSONPath"),
])
def test_overlay_errors_name_the_target(target: str, message: str) -> None:
    with pytest.raises(OverlayError, match=message):
        apply_overlay({"a": {"b": 1}}, {"overlay": "1.0.0", "actions": [{"target": target, "remove": True}]})


def test_parse_target() -> None:
    assert parse_target("$.paths['/files'].get[0]") == ["paths", "/files", "get", 0]


def test_every_overlay_action_has_a_reason() -> None:
    text = (ROOT / "spec" / "overlay.yaml").read_text(encoding="utf-8")
    blocks = text.split("\n  - target:")[1:]
    lines = text.splitlines()
    targets = [i for i, line in enumerate(lines) if line.startswith("  - target:")]
    assert len(targets) == len(blocks) >= 8
    for i in targets:
        # Each action is preceded by a comment, or follows an action of the same fix.
        before = lines[i - 1].strip()
        assert before.startswith("#") or lines[i - 1].startswith("    "), lines[i]


def test_generated_client_matches_a_fresh_regeneration() -> None:
    done = subprocess.run([str(ROOT / "scripts" / "regenerate"), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "warn" not in done.stderr.lower()


def test_wheel_has_both_packages_and_only_the_three_runtime_dependencies(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("ftkit-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata = zf.read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert {"ftkit/__init__.py", "ftkit/py.typed", "ftkit_api/__init__.py", "ftkit_api/py.typed"} <= names
    requires = [line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    runtime = sorted(r.split(">")[0].split("=")[0].split(";")[0].strip() for r in requires if "extra ==" not in r)
    assert runtime == ["attrs", "httpx", "python-dateutil"]
