"""The report stays readable, and its size bounded, however many documents repeat a value:
a few quotes and names per side, the rest counted and pointed to, in both renderings."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from pipeline.report import render_report
from pipeline.report.content import DOCS_PER_SIDE, QUOTES_PER_SIDE, SOURCES_SHOWN
from tests.helpers.tables import sample_tables


def crowded(copies: int) -> dict[str, pd.DataFrame]:
    """The sample tables, with ``copies`` more documents each claiming AlexNet's 15.3%."""
    tables = sample_tables()
    docs, claims = tables["documents"], tables["claims"]
    first = claims[claims["claim_id"] == "c_4b503d26ab71"].iloc[0]
    source = docs[docs["doc_id"] == first["doc_id"]].iloc[0]
    new_docs = pd.DataFrame([{**source.to_dict(), "doc_id": f"copy_{i:04d}"} for i in range(copies)])
    new_claims = pd.DataFrame(
        [{**first.to_dict(), "doc_id": f"copy_{i:04d}", "claim_id": f"c_copy_{i:04d}"} for i in range(copies)]
    )
    tables["documents"] = pd.concat([docs, new_docs], ignore_index=True)
    tables["claims"] = pd.concat([claims, new_claims], ignore_index=True)
    c = tables["contradictions"]
    c.at[0, "claim_ids"] = [*c.at[0, "claim_ids"], *new_claims["claim_id"]]
    c.at[0, "doc_ids"] = [*c.at[0, "doc_ids"], *new_docs["doc_id"]]
    reliability = tables["source_reliability"]
    extra = pd.DataFrame([{**reliability.iloc[0].to_dict(), "doc_id": d} for d in new_docs["doc_id"]])
    tables["source_reliability"] = pd.concat([reliability, extra], ignore_index=True)
    return tables


def _card(html: str) -> str:
    return re.search(r'<article[^>]*id="c-x_f21e3966041f">(.*?)</article>', html, re.S).group(1)


@pytest.mark.parametrize("copies", [10, 300])
def test_a_side_quotes_a_few_passages_and_counts_the_rest_in_both_renderings(copies):
    report = render_report(crowded(copies), {"run_id": "scale"})
    card = _card(report.html)
    side = card.split('<section class="side')[1]  # 15.3%: the two sample claims and the copies
    assert side.count("<blockquote>") == QUOTES_PER_SIDE
    hidden = copies + 2 - QUOTES_PER_SIDE
    assert (
        f"and {hidden} more: the <code>claims</code> table, or <code>recon explain x_f21e3966041f</code>"
        in side
    )
    assert f"{copies + 2} source(s)" in side and f"and {copies + 2 - DOCS_PER_SIDE} more" in side
    markdown = report.markdown.split("### [HIGH] AlexNet · error\\_rate")[1].split("\n### ")[0]
    assert f"and {hidden} more — the `claims` table, or `recon explain x_f21e3966041f`" in markdown
    assert markdown.count("\n> — ") == card.count("<blockquote>")  # the same quotes, counted the same
    assert f"| {copies + 2}: " in markdown and f"and {copies + 2 - DOCS_PER_SIDE} more |" in markdown


def test_the_page_does_not_grow_with_the_documents_that_repeat_a_value():
    small, large = (render_report(crowded(n), {"run_id": "scale"}) for n in (100, 1000))
    assert len(large.html) - len(small.html) < 2_000
    assert len(large.markdown) - len(small.markdown) < 2_000


def test_sources_list_the_most_and_least_reliable_and_count_the_rest():
    report = render_report(crowded(300), {"run_id": "scale"})
    sources = report.html.split('<section id="sources">')[1].split("</section>")[0]
    assert sources.count("<tr><td>") == SOURCES_SHOWN
    n = len(crowded(300)["source_reliability"])
    assert f"… {n - SOURCES_SHOWN} more sources" in sources and "source_reliability" in sources
    assert f"… {n - SOURCES_SHOWN} more sources" in report.markdown


def test_with_many_sources_the_timeline_draws_a_mark_per_year_with_its_count():
    tables = crowded(300)
    claims = tables["claims"]
    year = claims[(claims["attribute"] == "year") & (claims["entity_id"] == "alexnet")].iloc[0]
    copies = pd.DataFrame(
        [{**year.to_dict(), "doc_id": f"copy_{i:04d}", "claim_id": f"c_year_{i:04d}"} for i in range(300)]
    )
    tables["claims"] = pd.concat([claims, copies], ignore_index=True)
    timeline = render_report(tables, {"run_id": "scale"}).html.split('<section id="timeline">')[1]
    timeline = timeline.split("</section>")[0]
    assert '<div class="legend">' not in timeline  # no legend of hundreds of sources
    assert "AlexNet: 2012 — 303 source(s)" in timeline
    assert timeline.count("<circle") < 40


def test_sections_and_cards_fold_and_high_severity_cards_open():
    html = render_report(sample_tables(), {"run_id": "scale"}).html
    assert html.count('<details class="section" open>') == 5  # sources and validation start folded
    assert '<section id="sources"><details class="section">' in html
    opened = re.findall(r'class="contradiction sev-(\w+)" id="[^"]+"><details( open)?>', html)
    assert opened and all((sev == "high") == bool(is_open) for sev, is_open in opened)
