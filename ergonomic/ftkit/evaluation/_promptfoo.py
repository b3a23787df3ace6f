"""Carry an evaluation on in Promptfoo: a ``promptfooconfig.yaml`` from recorded runs.

Promptfoo's configuration (documented: promptfoo.dev/docs/configuration/reference, /guide,
/chat, /expected-outputs, /providers/openai, /providers/azure) runs ``prompts`` x ``providers``
x ``tests``. What ftkit writes:

- **providers**: one per run, from its ``run.json``: ``openai:chat:<model>`` (with
  ``apiBaseUrl`` for a server other than OpenAI's), ``azure:chat:<deployment>`` (``apiHost``,
  ``apiVersion``) for Azure OpenAI, each with the run's sampling parameters;
- **prompts**: ``file://prompt.json`` holding ``{{ messages | dump }}`` (Promptfoo's documented
  way to send a whole chat as the prompt), the test's ``messages`` being the example's prompt;
- **tests**: one per example of the first run, ``vars`` ``messages``, ``reference`` and
  ``item`` (what the grader's ``{{item.…}}`` reads, so its templates render as they are);
- **assertions** (``defaultTest.assert``) from the grader, where a mapping exists:

  ==========================================  ==============================================
  grader                                      assertion
  ==========================================  ==============================================
  ``string_check`` eq / ne / like / ilike     ``equals`` / ``not-equals`` / ``contains`` /
                                              ``icontains`` (value: the reference template)
  ``text_similarity`` bleu / gleu / meteor    ``bleu`` / ``gleu`` / ``meteor``, ``threshold``:
                                              ``pass_threshold``
  ``text_similarity`` cosine                  ``similar`` (``text-embedding-3-large``)
  ``python``                                  ``python``: a file with the grader's source and a
                                              ``get_assert`` that hands it the sample and item
  ``text_similarity`` fuzzy_match, rouge_*;   ``python``: a file grading with ftkit's engine
  a ``string_check`` of another input         (needs ftkit[graders] in Promptfoo's python)
  ``score_model``                             ``llm-rubric`` (approximate: Promptfoo's own
                                              prompt and 0-1 score, the grader's system text
                                              as the rubric)
  ``label_model``                             none
  ``multi``                                   its graders, each mapped as above; the formula
                                              has none (Promptfoo weighs assertions equally)
  ==========================================  ==============================================

What has no mapping is listed in the result (and by ``ftkit eval promptfoo``).

>>> export = write_promptfoo(["runs/base", "runs/ft"], "promptfooconfig.yaml")
>>> export.unmapped
()
"""

from __future__ import annotations

import importlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from ..errors import ValidationError
from ._examples import grader_item
from ._record import ResultIndex, require_run, results_path

__all__ = ["OPENAI_BASE_URL", "PromptfooExport", "write_promptfoo"]

OPENAI_BASE_URL: Final = "https://api.openai.com/v1"
_OUTPUT: Final = re.compile(r"^\s*\{\{\s*sample\.output_text\s*\}\}\s*$")
_STRING_CHECKS: Final = {"eq": "equals", "ne": "not-equals", "like": "contains", "ilike": "icontains"}
_METRICS: Final = {"bleu": "bleu", "gleu": "gleu", "meteor": "meteor"}
_SAFE: Final = re.compile(r"[^A-Za-z0-9_]+")
#: The sampling parameters a run records that Promptfoo's OpenAI provider takes as they are.
_PARAMETERS: Final = ("temperature", "top_p", "seed", "max_completion_tokens")


@dataclass(frozen=True)
class PromptfooExport:
    """What was written: the config, the other files (the prompt, python assertions), how each
    grader was mapped (``mapped``: "name: assertion") and what has no mapping (``unmapped``:
    "name: why")."""

    config: Path
    files: tuple[Path, ...]
    tests: int
    mapped: tuple[str, ...]
    unmapped: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"config": str(self.config), "files": [str(f) for f in self.files], "tests": self.tests,
                "mapped": list(self.mapped), "unmapped": list(self.unmapped)}  # fmt: skip


def provider(run: Mapping[str, Any], label: str) -> dict[str, Any]:
    """The Promptfoo provider of a recorded run.

    >>> provider({"model": "ft:gpt-4o-mini-2024-07-18:org::x", "server": "http://127.0.0.1:8089/v1",
    ...           "parameters": {"temperature": 0}}, "ft")
    {'id': 'openai:chat:ft:gpt-4o-mini-2024-07-18:org::x', 'label': 'ft', 'config': {'temperature': 0, 'apiBaseUrl': 'http://127.0.0.1:8089/v1'}}
    """
    parameters = run.get("parameters") or {}
    config: dict[str, Any] = {k: parameters[k] for k in _PARAMETERS if parameters.get(k) is not None}
    model = str(run.get("model", ""))
    server = run.get("server_info") or {}
    base_url = str(run.get("server") or OPENAI_BASE_URL).rstrip("/")
    if server.get("azure"):
        config["apiHost"] = urlsplit(base_url).hostname or base_url
        if server.get("api_version"):
            config["apiVersion"] = server["api_version"]
        return {"id": f"azure:chat:{model}", "label": label, "config": config}
    if base_url != OPENAI_BASE_URL:
        config["apiBaseUrl"] = base_url
    return {"id": f"openai:chat:{model}", "label": label, "config": config}


def _leaves(grader: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    if grader.get("type") == "multi":
        return [g for g in (grader.get("graders") or {}).values() if isinstance(g, Mapping)]
    return [grader]


def _passing(grader: Mapping[str, Any]) -> float:
    threshold = grader.get("pass_threshold")
    return float(threshold) if isinstance(threshold, (int, float)) and not isinstance(threshold, bool) else 1.0


def _python_file(directory: Path, stem: str, grader: Mapping[str, Any], native: bool) -> Path:
    name = _SAFE.sub("_", str(grader.get("name") or grader.get("type") or "grader")).strip("_") or "grader"
    path = directory / f"{stem}_{name}.py"
    payload = json.dumps(dict(grader), ensure_ascii=False)
    if native:
        body = (
            f"# Written by `ftkit eval promptfoo`: the python grader {grader.get('name')!r}, run by Promptfoo.\n"
            + str(grader.get("source", "")).rstrip()
            + "\n\n\nimport json as _json\n\n\ndef get_assert(output, context):\n"
            "    try:\n        output_json = _json.loads(output)\n    except ValueError:\n        output_json = None\n"
            '    sample = {"output_text": output, "output_json": output_json, "output_tools": [], "choices": []}\n'
            '    item = (context.get("vars") or {}).get("item") or {}\n'
            "    score = float(grade(sample, item))\n"
            f'    return {{"pass": score >= {_passing(grader)!r}, "score": score, "reason": "python grader"}}\n'
        )
    else:
        body = (
            f"# Written by `ftkit eval promptfoo`: the grader {grader.get('name')!r}, graded by ftkit's engine\n"
            "# (Promptfoo's python must have ftkit with its graders extra: PROMPTFOO_PYTHON).\n"
            "import json\n\nfrom ftkit.grading import grade_local, text_sample\n\n"
            f"GRADER = json.loads({payload!r})\n\n\ndef get_assert(output, context):\n"
            '    item = (context.get("vars") or {}).get("item") or {}\n'
            "    grade = grade_local(GRADER, item=item, sample=text_sample(output))\n"
            f'    return {{"pass": grade.reward >= {_passing(grader)!r}, "score": grade.reward,\n'
            '            "reason": "; ".join(f"{k}: {v}" for k, v in grade.details.items()) or "ftkit grade"}\n'
        )
    path.write_text(body, encoding="utf-8")
    return path


def assertions(
    grader: Mapping[str, Any], directory: Path, stem: str
) -> tuple[list[dict[str, Any]], list[Path], list[str], list[str]]:
    """The assertions of ``grader``, the files they need, and the mapped and unmapped graders."""
    found: list[dict[str, Any]] = []
    files: list[Path] = []
    mapped: list[str] = []
    unmapped: list[str] = []
    if grader.get("type") == "multi":
        unmapped.append(f"{grader.get('name')}: the multi grader's formula ({grader.get('calculate_output')!r}) has no"
                        " Promptfoo equivalent; its graders are separate assertions, weighed equally")  # fmt: skip
    for leaf in _leaves(grader):
        name = str(leaf.get("name", ""))
        kind = leaf.get("type")
        on_output = isinstance(leaf.get("input"), str) and bool(_OUTPUT.match(leaf["input"]))
        assertion: dict[str, Any] | None = None
        if kind == "string_check" and on_output and leaf.get("operation") in _STRING_CHECKS:
            assertion = {"type": _STRING_CHECKS[leaf["operation"]], "value": leaf.get("reference")}
        elif kind == "text_similarity" and on_output and leaf.get("evaluation_metric") in _METRICS:
            assertion = {"type": _METRICS[leaf["evaluation_metric"]], "value": leaf.get("reference")}
            if "pass_threshold" in leaf:
                assertion["threshold"] = leaf["pass_threshold"]
        elif kind == "text_similarity" and on_output and leaf.get("evaluation_metric") == "cosine":
            assertion = {"type": "similar", "value": leaf.get("reference"),
                         "provider": "openai:embedding:text-embedding-3-large"}  # fmt: skip
            if "pass_threshold" in leaf:
                assertion["threshold"] = leaf["pass_threshold"]
        elif kind == "python":
            path = _python_file(directory, stem, leaf, native=True)
            files.append(path)
            assertion = {"type": "python", "value": f"file://{path.name}"}
        elif kind in ("string_check", "text_similarity"):
            path = _python_file(directory, stem, leaf, native=False)
            files.append(path)
            assertion = {"type": "python", "value": f"file://{path.name}"}
        elif kind == "score_model":
            rubric = "\n".join(
                str(m.get("content")) for m in leaf.get("input") or []
                if isinstance(m, Mapping) and m.get("role") in ("system", "developer")
                and isinstance(m.get("content"), str)
            ) or f"Grade the answer as the grader {name!r} would."  # fmt: skip
            assertion = {"type": "llm-rubric", "value": rubric, "provider": f"openai:chat:{leaf.get('model')}"}
            unmapped.append(f"{name}: score_model is mapped to llm-rubric approximately (Promptfoo's judge prompt and"
                            " 0-1 score, not the grader's own messages and range)")  # fmt: skip
        else:
            unmapped.append(f"{name}: {kind} has no Promptfoo assertion")
        if assertion is not None:
            assertion["metric"] = name
            found.append(assertion)
            mapped.append(f"{name}: {assertion['type']}")
    return found, files, mapped, unmapped


def _yaml(config: Mapping[str, Any]) -> str:
    try:
        yaml: Any = importlib.import_module("yaml")  # pyyaml ships no type information
    except ImportError:
        # JSON is YAML too: the file still reads, less pleasantly.
        return json.dumps(config, indent=2, ensure_ascii=False) + "\n"
    text: str = yaml.safe_dump(dict(config), sort_keys=False, allow_unicode=True, width=120)
    return text


def write_promptfoo(
    directories: Sequence[str | os.PathLike[str]],
    output: str | os.PathLike[str] = "promptfooconfig.yaml",
    *,
    grader: Mapping[str, Any] | None = None,
) -> PromptfooExport:
    """Write a Promptfoo configuration for the runs in ``directories`` (on the same data): a
    provider per run, a test per example of the first, and the grader (``grader``, else the
    first run's) as assertions. The prompt file and any python assertion go next to ``output``.

    >>> write_promptfoo(["runs/base", "runs/ft"], "eval/promptfooconfig.yaml").tests
    10
    """
    if isinstance(directories, (str, os.PathLike)) or not directories:
        raise ValidationError("directories", directories, "a list of one or more run directories")
    runs = [require_run(d, f"directories[{n}]") for n, d in enumerate(directories)]
    data = {(r.get("identity") or {}).get("data_sha256") for r in runs}
    if len(data) > 1:
        raise ValidationError("directories", [os.fspath(d) for d in directories], "runs on the same data file")
    target = Path(output)
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    labels = [Path(d).name or os.fspath(d) for d in directories]
    providers = [provider(run, label) for run, label in zip(runs, labels, strict=True)]
    prompt = folder / "prompt.json"
    prompt.write_text("{{ messages | dump }}\n", encoding="utf-8")
    files = [prompt]
    grader = grader if grader is not None else runs[0].get("grader")
    asserts: list[dict[str, Any]] = []
    mapped: list[str] = []
    unmapped: list[str] = []
    if isinstance(grader, Mapping):
        asserts, extra, mapped, unmapped = assertions(grader, folder, target.stem)
        files += extra
    tests = []
    index = ResultIndex.scan(results_path(directories[0]))
    for example_id in index.ids():
        record = index.record(example_id)
        messages: list[Any] = record["messages"] if isinstance(record.get("messages"), list) else []
        item = grader_item(messages, record.get("reference"), record.get("item") or {})
        tests.append({"description": f"example {example_id}",
                      "vars": {"messages": messages, "reference": record.get("reference"), "item": item}})  # fmt: skip
    config: dict[str, Any] = {
        "description": f"ftkit evaluation of {', '.join(str(r.get('model')) for r in runs)}",
        "prompts": ["file://prompt.json"],
        "providers": providers,
    }
    if asserts:
        config["defaultTest"] = {"assert": asserts}
    config["tests"] = tests
    target.write_text("# Written by `ftkit eval promptfoo`; run it with: npx promptfoo@latest eval -c "
                      f"{target.name}\n" + _yaml(config), encoding="utf-8")  # fmt: skip
    return PromptfooExport(target, tuple(files), len(tests), tuple(mapped), tuple(unmapped))
