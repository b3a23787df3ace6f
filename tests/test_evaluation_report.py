"""The reports of a comparison: the HTML page opened in a real headless browser (Debian's
chromium, installed by scripts/test): the test reads the rendered table and applies the filter;
the PNG; the Promptfoo configuration and its python assertions run as Promptfoo would run them."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import ftkit
import pytest
from ftkit.cli._samples import EVAL_GRADER, write_eval_samples
from ftkit.emulator import Emulator
from ftkit.evaluation import Comparison, plot_comparison, write_html, write_promptfoo

BASE = "gpt-4o-mini-2024-07-18"
#: The flags of a headless chromium that reaches for nothing outside the page.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync")  # fmt: skip


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two fine-tunes of different training data, each run on the same held-out examples: each
    is better on some examples, worse on others."""
    root = tmp_path_factory.mktemp("runs")
    data = write_eval_samples(root / "data")
    half = root / "data" / "half.jsonl"
    lines = data.training.read_text().splitlines(keepends=True)
    half.write_text("".join(lines[::2] + lines[:6]))  # fewer families of answers, at least 10 lines
    with Emulator(clock="manual") as emulator, ftkit.Client(api_key="k", transport=emulator.transport()) as client:
        for name, training in (("a", half), ("b", data.training)):
            job = client.jobs.create_from_files(model=BASE, training_file=training)
            model = emulator.run_until(job.id)["fine_tuned_model"]
            client.evaluation.run(data.held_out, model=model, out=root / name, grader=EVAL_GRADER)
    return root


@pytest.fixture(scope="module")
def comparison(runs: Path) -> Comparison:
    found = ftkit.evaluation.compare(runs / "a", runs / "b")
    assert found.wins and found.losses and found.ties, "the two runs must differ both ways"
    return found


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("chromium is not installed: run ./scripts/test, which installs Debian's chromium")


class _Table(HTMLParser):
    """The rows of ``#examples`` as rendered: their cells' text, and whether the script hid them."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[bool, list[str]]] = []
        self.shown = ""
        self._in_body = False
        self._in_examples = False
        self._cell: list[str] | None = None
        self._in_shown = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            self._in_examples = found.get("id") == "examples"
        elif tag == "tbody" and self._in_examples:
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append(("hidden" in found, []))
        elif tag == "td" and self._in_body:
            self._cell = []
        elif tag == "span" and found.get("id") == "shown":
            self._in_shown = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False
        elif tag == "td" and self._cell is not None:
            self.rows[-1][1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "span":
            self._in_shown = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._in_shown:
            self.shown += data


def rendered(page: Path, tmp_path: Path, fragment: str = "") -> _Table:
    """The page's DOM after its script ran, as headless chromium renders it."""
    profile = tmp_path / f"profile{len(list(tmp_path.iterdir()))}"
    done = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri() + fragment],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    table = _Table()
    table.feed(done.stdout)
    return table


def test_the_page_shows_every_example_and_filters_them_in_a_browser(comparison: Comparison, tmp_path: Path) -> None:
    page = write_html(comparison, tmp_path / "compare.html")
    every = rendered(page, tmp_path)
    assert len(every.rows) == 50 and not any(hidden for hidden, _ in every.rows)
    assert every.shown == "50 of 50 examples"
    # Each row: id, prompt, reference, A's answer and score, B's answer and score, the change.
    scores = {i: (a, b) for i, a, b in comparison.scores}
    for _, cells in every.rows:
        example_id = int(cells[0])
        a, b = scores[example_id]
        assert cells[4] == f"{a:.3g}" and cells[6] == f"{b:.3g}"
        assert cells[7] == ("0" if abs(b - a) <= 1e-9 else f"{b - a:+.3g}")
    for which, expected in (("worse", comparison.losses), ("better", comparison.wins),
                            ("changed", comparison.wins + comparison.losses)):  # fmt: skip
        table = rendered(page, tmp_path, f"#filter={which}")
        visible = [cells for hidden, cells in table.rows if not hidden]
        assert len(visible) == expected and table.shown == f"{expected} of 50 examples"
        if which == "worse":
            assert all(cells[7].startswith("-") for cells in visible)
        if which == "better":
            assert all(cells[7].startswith("+") for cells in visible)


def test_the_page_is_self_contained_and_escapes_what_it_shows(runs: Path, tmp_path: Path) -> None:
    page = write_html(ftkit.evaluation.compare(runs / "a", runs / "b"), tmp_path / "c.html").read_text()
    assert "src=" not in page and "href=" not in page and "@import" not in page
    assert "<svg" in page and "<style>" in page
    # The answers carry quotes and apostrophes: escaped, so the table stays a table.
    assert "didn&#x27;t" in page


def test_the_plot_is_a_png(comparison: Comparison, tmp_path: Path) -> None:
    path = plot_comparison(comparison, tmp_path / "scores.png")
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_a_reference_comparison_page(runs: Path, tmp_path: Path) -> None:
    agreement = ftkit.evaluation.compare(runs / "a", runs / "b", reference_run=runs / "a")
    page = write_html(agreement, tmp_path / "reference.html")
    table = rendered(page, tmp_path, "#filter=changed")
    visible = [cells for hidden, cells in table.rows if not hidden]
    assert len(visible) == agreement.losses and len(table.rows) == 50


# -- Promptfoo ----------------------------------------------------------------------------------------


def _assertion(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.get_assert


def test_promptfoo_config_from_the_runs(runs: Path, tmp_path: Path) -> None:
    yaml = pytest.importorskip("yaml")
    export = write_promptfoo([runs / "a", runs / "b"], tmp_path / "promptfooconfig.yaml")
    config = yaml.safe_load(export.config.read_text())
    assert [p["id"].split(":")[:2] for p in config["providers"]] == [["openai", "chat"], ["openai", "chat"]]
    assert config["prompts"] == ["file://prompt.json"]
    assert (tmp_path / "prompt.json").read_text().strip() == "{{ messages | dump }}"
    assert len(config["tests"]) == export.tests == 50
    first = config["tests"][0]["vars"]
    assert first["messages"][-1]["role"] == "user" and first["item"]["reference"] == first["reference"]
    # fuzzy_match has no Promptfoo assertion: a python assertion grades with ftkit's engine.
    (assertion,) = config["defaultTest"]["assert"]
    assert assertion["type"] == "python" and assertion["metric"] == "close_to_reference"
    get_assert = _assertion(tmp_path / assertion["value"].removeprefix("file://"))
    record = json.loads((runs / "b" / "results.jsonl").read_text().splitlines()[0])
    verdict = get_assert(record["answer"], {"vars": {"item": {"reference": record["reference"]}}})
    assert verdict["score"] == pytest.approx(record["score"])


def test_promptfoo_maps_each_grader_it_can(runs: Path, tmp_path: Path) -> None:
    yaml = pytest.importorskip("yaml")
    graders = {
        "exact": {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}",
                  "reference": "{{item.reference}}", "operation": "ilike"},
        "bleu": {"type": "text_similarity", "name": "bleu", "input": "{{sample.output_text}}",
                 "reference": "{{item.reference}}", "evaluation_metric": "bleu", "pass_threshold": 0.4},
        "near": {"type": "text_similarity", "name": "near", "input": "{{sample.output_text}}",
                 "reference": "{{item.reference}}", "evaluation_metric": "cosine", "pass_threshold": 0.8},
        "code": {"type": "python", "name": "code",
                 "source": "def grade(sample, item):\n    return float(item['reference'] in sample['output_text'])\n"},
        "judge": {"type": "score_model", "name": "judge", "model": "gpt-4o-2024-08-06", "range": [0, 1],
                  "input": [{"role": "system", "content": "Score the answer from 0 to 1."},
                            {"role": "user", "content": "{{sample.output_text}}"}]},
    }  # fmt: skip
    grader = {"type": "multi", "name": "all", "graders": graders,
              "calculate_output": "(exact + bleu + near + code + judge) / 5"}  # fmt: skip
    export = write_promptfoo([runs / "a"], tmp_path / "pf.yaml", grader=grader)
    asserts = {a["metric"]: a for a in yaml.safe_load(export.config.read_text())["defaultTest"]["assert"]}
    assert asserts["exact"] == {"type": "icontains", "value": "{{item.reference}}", "metric": "exact"}
    assert asserts["bleu"]["type"] == "bleu" and asserts["bleu"]["threshold"] == 0.4
    assert asserts["near"]["type"] == "similar" and asserts["near"]["threshold"] == 0.8
    assert asserts["judge"]["type"] == "llm-rubric" and asserts["judge"]["value"] == "Score the answer from 0 to 1."
    assert asserts["judge"]["provider"] == "openai:chat:gpt-4o-2024-08-06"
    # The python grader runs in Promptfoo's python as it is, with the sample and item it expects.
    code = _assertion(tmp_path / asserts["code"]["value"].removeprefix("file://"))
    assert code("Paris, obviously.", {"vars": {"item": {"reference": "Paris"}}})["score"] == 1.0
    assert code("Rome", {"vars": {"item": {"reference": "Paris"}}})["pass"] is False
    assert any("formula" in line for line in export.unmapped) and any("judge" in line for line in export.unmapped)


def test_promptfoo_providers_for_each_server() -> None:
    from ftkit.evaluation._promptfoo import provider

    azure = provider(
        {
            "model": "my-ft-deployment",
            "server": "https://res.openai.azure.com/openai",
            "server_info": {"azure": True, "api_version": "2024-10-21"},
            "parameters": {"seed": 1},
        },
        "x",
    )
    assert azure == {"id": "azure:chat:my-ft-deployment", "label": "x",
                     "config": {"seed": 1, "apiHost": "res.openai.azure.com", "apiVersion": "2024-10-21"}}  # fmt: skip
    openai = provider({"model": "ft:gpt-4.1-mini-2025-04-14:org::a", "server": "https://api.openai.com/v1"}, "y")
    assert openai == {"id": "openai:chat:ft:gpt-4.1-mini-2025-04-14:org::a", "label": "y", "config": {}}
