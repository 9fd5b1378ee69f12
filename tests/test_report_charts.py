"""The report's charts and its since-last-run and validation sections: the numbers they draw
are the tables', the page stays self-contained, and hostile names stay text."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from pipeline import schema
from pipeline.changes import Previous, changes_since
from pipeline.report import render_report
from pipeline.report.charts_svg import histogram, stacked_bars
from pipeline.validate import validate_tables
from tests.helpers.tables import sample_tables
from tests.test_report_browser import CHROMIUM, render_in_chromium
from tests.test_report_render import own_scripts_only, parse


def _links() -> pd.DataFrame:
    rows = []
    cases = [("exact", 100, "accepted"), ("exact", 100, "accepted"), ("fuzzy", 95.5, "accepted"),
             ("fuzzy", 91.0, "refused"), ("surname", 85, "refused")]  # fmt: skip
    for i, (method, score, decision) in enumerate(cases):
        ends = {
            "left_kind": "spelling", "left_name": f"K{i}", "left_entity_id": "alexnet", "left_mentions": 1,
            "right_kind": "catalog", "right_name": "AlexNet", "right_entity_id": "alexnet",
            "right_mentions": 0,
        }  # fmt: skip
        rows.append(
            {
                "link_id": f"l_{i}", "left": f"k{i}", "right": f"r{i}", "method": method, "score": score,
                "decision": decision, "reason": "joined two clusters", "reason_code": "joined",
                "family": "work", "step": i + 1, **ends,
            }
        )  # fmt: skip
    return schema.conform(rows, "links", complete=True)


@pytest.fixture(scope="module")
def run() -> tuple[dict[str, pd.DataFrame], dict]:
    """Sample tables with links, validated, and a manifest comparing them with a previous publish."""
    tables = {**sample_tables(), "links": _links()}
    validation = validate_tables(tables, schema.suites(), current_year=2025)
    assert validation.passed, validation.failures
    tables = validation.tables
    previous = tables["contradictions"].iloc[1:].copy()
    gone = previous.iloc[[0]].copy()
    gone["contradiction_id"] = "ctr-gone"
    gone["entity_name"] = "<img src=x onerror=alert(1)>"
    previous = pd.concat([previous, gone], ignore_index=True)
    inputs = [{"doc_id": d, "sha256": "x", "status": "ok"} for d in tables["documents"]["doc_id"]]
    manifest = {"run_id": "run-2", "inputs": inputs, "validation": validation.summary}
    before = {"run_id": "run-1", "finished_at": "2026-11-30T09:26:09+00:00", "inputs": inputs[1:]}
    manifest["changes"] = changes_since(Previous(before, previous), tables, manifest).as_dict()
    return tables, manifest


def _section(html: str, section: str) -> str:
    return re.search(rf'<section id="{section}">(.*?)</section>', html, re.S).group(1)


def test_contradictions_by_attribute_and_severity_are_drawn_with_their_counts(run) -> None:
    tables, manifest = run
    charts = _section(render_report(tables, manifest).html, "charts")
    counts = tables["contradictions"].groupby(["attribute", "severity"]).size()
    for (attribute, severity), n in counts.items():
        assert f"<title>{attribute} · {severity}: {n}</title>" in charts
    totals = tables["contradictions"]["attribute"].value_counts()
    drawn = re.findall(r'<text class="label"[^>]*>([^<]+)<title>', charts.split("Consensus")[0])
    assert drawn == sorted(totals.index, key=lambda a: (-totals[a], a))  # most disputed first


def test_consensus_confidence_and_margin_histograms_count_every_value(run) -> None:
    tables, manifest = run
    charts = _section(render_report(tables, manifest).html, "charts")
    for name in ("confidence", "margin"):
        counted = sum(int(n) for n in re.findall(rf"<title>{name} [0-9.]+–[0-9.]+: (\d+)</title>", charts))
        consensus = tables["consensus"]
        assert counted == (consensus[name].notna().sum() if name in consensus else 0)


def test_link_methods_and_scores_are_drawn_from_the_links_table(run) -> None:
    tables, manifest = run
    charts = _section(render_report(tables, manifest).html, "charts")
    assert "<title>exact · accepted: 2</title>" in charts
    assert "<title>fuzzy · accepted: 1</title>" in charts and "<title>fuzzy · refused: 1</title>" in charts
    assert "<title>surname · refused: 1</title>" in charts
    assert "<title>refused 91–92: 1</title>" in charts and "<title>accepted 99–100: 2</title>" in charts
    methods = tables["mentions"]["method"].value_counts()
    for method, n in methods.items():
        assert f"<title>{method} · mentions: {n}</title>" in charts


def test_since_the_last_run_lists_new_resolved_and_added_documents(run) -> None:
    tables, manifest = run
    html = render_report(tables, manifest).html
    since = _section(html, "since-last-run")
    first = tables["contradictions"]["contradiction_id"].iloc[0]
    assert "run <code>run-1</code>" in since
    assert f'href="#c-{first}"' in since  # a new one links to its card
    assert "ctr-gone" in since and "Resolved: no longer found (1)" in since
    assert "&lt;img src=x onerror=alert(1)&gt;" in since  # a hostile name stays text
    assert "<img" not in since
    added = tables["documents"]["doc_id"].iloc[0]
    assert "Documents added (1):" in since and added in since
    md = render_report(tables, manifest).markdown
    assert "## Since the last run" in md and "- resolved: " in md and "ctr-gone" in md
    assert "- Since the last run: since run-1: contradictions 1 new, 1 resolved" in md


def test_a_first_publish_says_there_is_nothing_to_compare_with(run) -> None:
    tables, manifest = run
    first = {**manifest, "changes": changes_since(None, tables, manifest).as_dict()}
    since = _section(render_report(tables, first).html, "since-last-run")
    assert "first publish: nothing to compare with" in since


def test_validation_lists_every_check_that_ran_and_what_was_quarantined(run) -> None:
    tables, manifest = run
    manifest = {**manifest}
    validation = manifest["validation"]
    quarantine = schema.conform(
        [{"table": "claims", "row_id": "c_x", "reason": "value_num is a plausible year", "row_json": "{}"}],
        "quarantine",
    )
    html = render_report({**tables, "quarantine": quarantine}, manifest).html
    section = _section(html, "validation")
    total = sum(len(s["checks"]) for s in validation["suites"].values())
    assert f"The gate passed: {total} checks on {len(validation['suites'])} tables" in section
    assert section.count("<details>") == len(validation["suites"])
    assert section.count('<li class="held">✓ ') == total
    assert "value_num is a plausible year" in section and "What was quarantined, and why" in section
    md = render_report({**tables, "quarantine": quarantine}, manifest).markdown
    assert "## Validation" in md and "- claims: value\\_num is a plausible year (1 rows)" in md


def test_the_page_with_its_charts_stays_self_contained(run) -> None:
    tables, manifest = run
    html = render_report(tables, manifest).html
    page = parse(html)
    assert own_scripts_only(html, page)
    for tag, attrs in page.tags:
        assert tag not in (
            "link",
            "iframe",
            "object",
            "embed",
            "img",
            "image",
            "use",
            "foreignobject",
        )
        for name in ("src", "href", "xlink:href", "style"):
            value = attrs.get(name)
            assert value is None or value.startswith("#") or name == "style", (tag, name, value)


def test_empty_inputs_draw_nothing() -> None:
    assert stacked_bars([], title="t", segment_class=str) == ""
    assert histogram([("x", [])], lo=0, hi=1, bins=10, title="t", series_class=str) == ""


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_the_charts_render_in_a_browser_under_the_pages_policy_without_requests(run, tmp_path) -> None:
    tables, manifest = run
    page = tmp_path / "report.html"
    page.write_text(render_report(tables, manifest).html, encoding="utf-8")
    dom, requests = render_in_chromium(page, tmp_path)
    assert dom.count('<svg class="chart"') >= 6  # attribute×severity, 2 histograms, 3 link charts, validation
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
