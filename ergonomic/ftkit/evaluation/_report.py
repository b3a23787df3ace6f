"""Reports of a comparison people would rather look at: a PNG of the score distributions, and
one self-contained HTML page with the summary and every example side by side.

The page has no external asset: its style and its script are inline, its chart is inline SVG.
Its table can be filtered to the examples that changed, got worse or got better (the select
above it, or ``#filter=worse`` in the address); rows are written one at a time, read from the
runs' files, so a large comparison is not held in memory.

>>> from ftkit.evaluation import write_html
>>> write_html(comparison, "compare.html")
PosixPath('compare.html')
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Final

from .._atomic import replaced
from ..errors import MissingDependencyError
from ._compare import Comparison, example_rows

__all__ = ["plot_comparison", "write_html"]

_BINS: Final = 10
_PROMPT_CHARS: Final = 400
_STYLE: Final = """
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}
h1{font-size:20px}table{border-collapse:collapse}
#summary td,#summary th{padding:2px 12px 2px 0;text-align:left}
#examples{width:100%;margin-top:12px}
#examples th,#examples td{border-top:1px solid #ddd;padding:6px;vertical-align:top;text-align:left}
#examples td.text{white-space:pre-wrap;max-width:28em;overflow-wrap:anywhere}
tr.worse td.delta{color:#b00020}tr.better td.delta{color:#137333}
details summary{cursor:pointer;color:#555}
.bar-a{fill:#8ab4f8}.bar-b{fill:#f6aea9;opacity:.8}svg text{font:11px sans-serif;fill:#444}
"""
_FILTER: Final = (
    '<p><label>Show <select id="filter"><option value="all">every example</option>'
    '<option value="changed">changed examples</option><option value="worse">worse in B</option>'
    '<option value="better">better in B</option></select></label> <span id="shown"></span></p>'
)
_SCRIPT: Final = """
(function(){
  var select=document.getElementById('filter');
  var rows=Array.prototype.slice.call(document.querySelectorAll('#examples tbody tr'));
  var shown=document.getElementById('shown');
  function apply(which){
    var count=0;
    rows.forEach(function(row){
      var keep=which==='all'||row.classList.contains(which);
      row.hidden=!keep; if(keep){count++;}
    });
    shown.textContent=count+' of '+rows.length+' examples';
    select.value=which;
  }
  select.addEventListener('change',function(){
    apply(select.value); history.replaceState(null,'','#filter='+select.value);
  });
  var asked=/filter=(all|changed|worse|better)/.exec(location.hash);
  apply(asked?asked[1]:'all');
})();
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _number(value: float | None, digits: int = 3) -> str:
    return "" if value is None else f"{value:.{digits}g}"


def _prompt_text(record: Mapping[str, Any] | None) -> tuple[str, str]:
    """The last user message (short) and the whole prompt as JSON."""
    messages = record.get("messages") if record else None
    if not isinstance(messages, list):
        return "", ""
    last = next((m for m in reversed(messages) if isinstance(m, dict) and m.get("role") == "user"), None)
    content = last.get("content") if isinstance(last, dict) else ""
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    return text[:_PROMPT_CHARS], json.dumps(messages, ensure_ascii=False, indent=1)


def _answer(record: Mapping[str, Any] | None) -> str:
    if record is None:
        return "(not run)"
    if record.get("status") != "answered":
        error = record.get("error") or {}
        return f"(failed: {error.get('status') or ''} {error.get('message') or ''})".replace("  ", " ")
    message = record.get("message") or {}
    calls = message.get("tool_calls") if isinstance(message, dict) else None
    text = str(record.get("answer") or "")
    if calls:
        text += ("\n" if text else "") + json.dumps(calls, ensure_ascii=False)
    return text


def _histogram(series: Sequence[tuple[str, str, list[float]]]) -> str:
    """An inline SVG histogram of each series' scores, side by side in each bin."""
    values = [v for _, _, found in series for v in found]
    if not values:
        return ""
    low, high = min(0.0, min(values)), max(1.0, max(values))
    width, height, left, bottom = 520, 180, 34, 24
    step = (high - low) / _BINS or 1.0
    counts = []
    for _, _, found in series:
        bins = [0] * _BINS
        for v in found:
            bins[min(_BINS - 1, int((v - low) / step))] += 1
        counts.append(bins)
    peak = max(max(c) for c in counts) or 1
    slot = (width - left) / _BINS
    bar = slot / (len(series) + 1)
    parts = [f'<svg id="distribution" width="{width}" height="{height + bottom}" role="img"'
             f' aria-label="score distributions">']  # fmt: skip
    for s, ((label, css, _), bins) in enumerate(zip(series, counts, strict=True)):
        for i, count in enumerate(bins):
            h = height * count / peak
            x = left + i * slot + s * bar + bar / 2
            parts.append(f'<rect class="{css}" x="{x:.1f}" y="{height - h:.1f}" width="{bar:.1f}" height="{h:.1f}">'
                         f"<title>{_e(label)}: {count} in [{low + i * step:.2g}, {low + (i + 1) * step:.2g})</title>"
                         "</rect>")  # fmt: skip
        parts.append(
            f'<text x="{left + 8 + s * 200}" y="{height + 20}">{_e(label)}</text>'
            f'<rect class="{css}" x="{left + s * 200}" y="{height + 11}" width="6" height="10"></rect>'
        )
    for tick in (0, _BINS // 2, _BINS):
        parts.append(f'<text x="{left + tick * slot - 6:.1f}" y="{height + 10}">{low + tick * step:.2g}</text>')
    parts.append(f'<text x="0" y="10">{peak}</text><text x="0" y="{height}">0</text></svg>')
    return "".join(parts)


def _summary(comparison: Comparison) -> str:
    a, b = comparison.a, comparison.b
    level = f"{comparison.confidence:.0%}"
    interval = comparison.interval
    shown = f"[{_number(interval[0])}, {_number(interval[1])}]" if interval else ""
    if comparison.mode == "reference":
        lines = [
            ("reference run (A)", f"{a.model} ({a.directory})"),
            ("compared run (B)", f"{b.model} ({b.directory})"),
            ("B's agreement with A's answers", f"{_number(comparison.difference)} ({level} interval {shown})"),
            ("same answer / changed", f"{comparison.ties} / {comparison.losses} of {comparison.paired}"),
        ]
    else:
        lines = [
            ("A", f"{a.model} ({a.directory}): mean {_number(a.mean)} over {a.scored}, {a.failed} failed"),
            ("B", f"{b.model} ({b.directory}): mean {_number(b.mean)} over {b.scored}, {b.failed} failed"),
            (
                "B - A",
                f"{_number(comparison.difference)} ({level} interval {shown}, paired bootstrap of"
                f" {comparison.resamples}, seed {comparison.seed})",
            ),
            (
                "wins / ties / losses of B",
                f"{comparison.wins} / {comparison.ties} / {comparison.losses} of {comparison.paired} paired",
            ),
        ]
        if comparison.unpaired:
            lines.append(("not paired", f"{comparison.unpaired} examples (scored in one run only)"))
    if comparison.grader:
        lines.append(("grader", comparison.grader))
    rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in lines)
    return f'<table id="summary">{rows}</table>'


def write_html(comparison: Comparison, path: str | os.PathLike[str], *, title: str | None = None) -> Path:
    """Write the comparison as one self-contained HTML page at ``path``; returns the path.

    >>> write_html(comparison, "compare.html")
    PosixPath('compare.html')
    """
    target = Path(path)
    if target.parent and not target.parent.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
    reference_mode = comparison.mode == "reference"
    heading = title or f"{comparison.a.model} vs {comparison.b.model}"
    series = [(comparison.b.model or "B", "bar-b", [s for _, _, s in comparison.scores if s is not None])]
    if not reference_mode:
        series.insert(0, (comparison.a.model or "A", "bar-a", [s for _, s, _ in comparison.scores if s is not None]))
    scores = {i: (a, b) for i, a, b in comparison.scores}
    with replaced(target, "w") as out:
        out.write(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(heading)}</title>'
                  f"<style>{_STYLE}</style></head><body><h1>{_e(heading)}</h1>")  # fmt: skip
        out.write(_summary(comparison))
        out.write(_histogram(series))
        out.write(_FILTER)
        reference_label = "A's answer (reference)" if reference_mode else "reference"
        columns = (
            ["id", "prompt", reference_label, "B's answer", "B's score", "change"]
            if reference_mode
            else ["id", "prompt", "reference", "A's answer", "A's score", "B's answer", "B's score", "change"]
        )
        out.write('<table id="examples"><thead><tr>' + "".join(f"<th>{_e(c)}</th>" for c in columns)
                  + "</tr></thead><tbody>")  # fmt: skip
        _rows(out, comparison, scores, reference_mode)
        out.write(f"</tbody></table><script>{_SCRIPT}</script></body></html>\n")
    return target


def _rows(out: IO[str], comparison: Comparison, scores: Mapping[int, tuple[Any, Any]], reference_mode: bool) -> None:
    for example_id, record_a, record_b in example_rows(comparison):
        score_a, score_b = scores.get(example_id, (None, None))
        if reference_mode:
            delta = None if score_b is None else score_b - 1.0
        else:
            delta = None if score_a is None or score_b is None else score_b - score_a
        kinds = []
        if delta is not None and abs(delta) > 1e-9:
            kinds = ["changed", "worse" if delta < 0 else "better"]
        short, whole = _prompt_text(record_a or record_b)
        prompt = f"<details><summary>{_e(short)}</summary><pre>{_e(whole)}</pre></details>"
        reference = _answer(record_a) if reference_mode else (record_a or record_b or {}).get("reference")
        cells = [str(example_id), prompt, _e(reference)]
        if not reference_mode:
            cells += [_e(_answer(record_a)), _number(score_a)]
        change = "" if delta is None else "0" if abs(delta) <= 1e-9 else f"{delta:+.3g}"
        cells += [_e(_answer(record_b)), _number(score_b), change]
        classes = (
            ["", "", "text", "text", "", "text", "", "delta"]
            if not reference_mode
            else ["", "", "text", "text", "", "delta"]
        )
        row = "".join(
            f'<td class="{c}">{v}</td>' if c else f"<td>{v}</td>" for c, v in zip(classes, cells, strict=True)
        )
        out.write(f'<tr class="{" ".join(kinds)}" data-id="{example_id}">{row}</tr>')


def plot_comparison(
    comparison: Comparison, path: str | os.PathLike[str], *, width: float = 8.0, height: float = 4.0, dpi: int = 100
) -> Path:
    """Write a PNG of the score distributions of the compared runs (one histogram per model);
    needs matplotlib (``pip install 'ftkit[plot]'``). Returns the path.

    >>> plot_comparison(comparison, "scores.png")
    PosixPath('scores.png')
    """
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise MissingDependencyError(
            "ftkit.evaluation.plot_comparison needs matplotlib, which is not installed: pip install 'ftkit[plot]'"
        ) from exc
    series: list[tuple[str, list[float]]] = []
    if comparison.mode != "reference":
        series.append((f"A: {comparison.a.model}", [a for _, a, _ in comparison.scores if a is not None]))
    label = "B's agreement with A" if comparison.mode == "reference" else f"B: {comparison.b.model}"
    series.append((label, [b for _, _, b in comparison.scores if b is not None]))
    values = [v for _, found in series for v in found]
    low, high = (min(0.0, *values), max(1.0, *values)) if values else (0.0, 1.0)
    figure = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    axes.hist([found for _, found in series], bins=_BINS, range=(low, high), label=[name for name, _ in series])
    axes.set_xlabel("score")
    axes.set_ylabel("examples")
    axes.legend(loc="upper left")
    interval = comparison.interval
    if comparison.difference is not None and interval is not None:
        what = "mean agreement" if comparison.mode == "reference" else "B - A"
        axes.set_title(f"{what} {comparison.difference:.3g} ({comparison.confidence:.0%} interval"
                       f" [{interval[0]:.3g}, {interval[1]:.3g}])")  # fmt: skip
    target = Path(path)
    figure.savefig(target, format="png")
    return target
