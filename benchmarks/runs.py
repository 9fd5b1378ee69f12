"""The benchmark's run records: one object per ``recon run`` measured, kept across invocations
in ``benchmarks/results.json`` under ``runs``, with the growth of each stage between sizes and
a projection to larger corpora from the measured curve.

A record, as :func:`record` makes it from a run and its manifest::

    {"docs": 1000, "chars": 7072660, "seconds": 221.75, "peak_mb": 1554.9, "engine": "pandas",
     "commit": "11d09458a145…", "stages": {"ingest": 35.52, "extract": 149.68, "resolve": 1.67,
     "reconcile": 20.7, "validate": 3.91}, "unstaged_seconds": 45.79,
     "report_bytes": {"html": 476303, "md": 264120}, …}
"""

from __future__ import annotations

import itertools
import json
import math
import time
from pathlib import Path

#: the cross-document stages run as pandas frames in the flow's process (issue 15's item 1 would add others)
ENGINE = "pandas"
#: stages whose seconds the manifest records, in order
STAGES = ("ingest", "extract", "resolve", "reconcile", "validate")


def record(
    corpus: dict, e2e: dict, curated: Path, quality: dict | None, options: tuple[str, ...] = ()
) -> dict:
    """One run's record: the corpus' size, the run's time and peak memory (whole process tree),
    each stage's seconds from the published manifest, and the report's size."""
    manifest_path = curated / "_manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if e2e.get("published") else {}
    stages = {name: round(s["seconds"], 2) for name, s in manifest.get("stages", {}).items()}
    contradictions = (quality or {}).get("contradictions", {})
    return {
        "docs": corpus["documents"],
        "chars": corpus["chars"],
        "bytes": corpus["bytes"],
        "seconds": e2e["seconds"],
        "peak_mb": e2e["peak_tree_mb"],
        "engine": ENGINE,
        "commit": manifest.get("git_commit"),
        "stages": stages,
        # server start, scanning, reading the partials, publishing and the report (ingest and
        # extraction overlap, both timed from the end of the scan: extraction's seconds span both)
        "unstaged_seconds": round(e2e["seconds"] - sum(v for k, v in stages.items() if k != "ingest"), 2)
        if stages
        else None,
        "published": bool(e2e.get("published")),
        "options": list(options),
        "rows": manifest.get("row_counts", {}),
        "report_bytes": {
            kind: (curated / f"report.{kind}").stat().st_size
            for kind in ("html", "md")
            if (curated / f"report.{kind}").exists()
        },
        "contradictions_precision": contradictions.get("precision"),
        "contradictions_recall": contradictions.get("recall"),
        "load_average": e2e.get("load_average"),
        "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def _exponent(a: float, b: float, na: float, nb: float) -> float | None:
    if not (a and b and a > 0 and b > 0 and 0 < na < nb):
        return None
    return round(math.log(b / a) / math.log(nb / na), 2)


def latest_by_size(runs: list[dict], engine: str = ENGINE) -> list[dict]:
    """The last published default run (no options) of each size, smallest first."""
    chosen: dict[int, dict] = {}
    for run in runs:
        if run.get("published") and run.get("engine") == engine and not run.get("options"):
            chosen[run["docs"]] = run
    return [chosen[n] for n in sorted(chosen)]


def growth(runs: list[dict]) -> list[dict]:
    """Exponent of each stage's time (and of the run's time and peak memory) against
    characters, between consecutive sizes: 1.0 is linear.

    >>> growth(runs)[0]   # doctest: +SKIP
    {'from': 1000, 'to': 5000, 'chars_ratio': 5.0, 'exponents': {'ingest': 0.98, 'extract': 1.01, …}}
    """
    out = []
    for a, b in itertools.pairwise(latest_by_size(runs)):
        exponents = {
            stage: _exponent(a["stages"].get(stage), b["stages"].get(stage), a["chars"], b["chars"])
            for stage in STAGES
        }
        exponents["run"] = _exponent(a["seconds"], b["seconds"], a["chars"], b["chars"])
        exponents["peak_mb"] = _exponent(a["peak_mb"], b["peak_mb"], a["chars"], b["chars"])
        out.append(
            {
                "from": a["docs"],
                "to": b["docs"],
                "chars_ratio": round(b["chars"] / a["chars"], 2),
                "exponents": exponents,
            }
        )
    return out


def projection(runs: list[dict], docs: int) -> dict | None:
    """Each stage's seconds, and the peak memory, at ``docs`` documents: the largest run
    scaled by the exponent measured on its last size step (at least 1: no stage gets
    cheaper per character)."""
    measured = latest_by_size(runs)
    steps = growth(runs)
    if not measured or not steps:
        return None
    last, exponents = measured[-1], steps[-1]["exponents"]
    scale = docs / last["docs"]

    def grown(value: float, exponent: float | None) -> float:
        return round(value * scale ** max(exponent or 1.0, 1.0), 1)

    stages = {s: grown(last["stages"][s], exponents.get(s)) for s in STAGES if s in last["stages"]}
    return {
        "docs": docs,
        "from_docs": last["docs"],
        "exponents_from": f"{steps[-1]['from']}→{steps[-1]['to']}",
        "stages": stages,
        # ingest overlaps extraction (see record): its seconds are not added
        "seconds": round(
            sum(v for s, v in stages.items() if s != "ingest")
            + (last.get("unstaged_seconds") or 0.0) * scale,
            1,
        ),
        "peak_mb": round(last["peak_mb"] * scale ** max(exponents.get("peak_mb") or 0.0, 0.0), 0),
    }


def markdown(runs: list[dict]) -> list[str]:
    """The runs, their growth and a projection to 1M documents, as Markdown lines for the README."""
    measured = latest_by_size(runs)
    if not measured:
        return []
    lines = [
        "| docs | MB | `recon run` s | peak MB (tree) | "
        + " | ".join(STAGES)
        + " | other | report.html KB |",
        "|---:|---:|---:|---:|" + "---:|" * (len(STAGES) + 2),
    ]
    for r in measured:
        lines.append(
            f"| {r['docs']:,} | {r['bytes'] / 1e6:.1f} | {r['seconds']:.0f} | {r['peak_mb']:,.0f} | "
            + " | ".join(f"{r['stages'].get(s, 0):.1f}" for s in STAGES)
            + f" | {r['unstaged_seconds'] or 0:.1f} | {r['report_bytes'].get('html', 0) / 1e3:,.0f} |"
        )
    steps = growth(runs)
    if steps:
        lines += [
            "",
            "| step | " + " | ".join(STAGES) + " | whole run | peak memory |",
            "|---|" + "---:|" * (len(STAGES) + 2),
        ]
        for g in steps:
            e = g["exponents"]
            cells = [e.get(s) for s in (*STAGES, "run", "peak_mb")]
            lines.append(
                f"| {g['from']:,} → {g['to']:,} | "
                + " | ".join("n/a" if c is None else f"{c:.2f}" for c in cells)
                + " |"
            )
    return lines
