"""The contradiction report: content, order, escaping, self-containment."""

from __future__ import annotations

import base64
import hashlib
import re
from html import unescape
from html.parser import HTMLParser

import pandas as pd
import pytest

from pipeline.report import render_report
from pipeline.report.evidence import quote
from pipeline.report.page_html import FILTER_SCRIPT
from pipeline.report.page_markdown import md
from tests.helpers.tables import sample_tables

MANIFEST = {"run_id": "run-42", "finished_at": "2025-11-23T10:00:00Z"}


class Elements(HTMLParser):
    """Every start tag with its attributes, and the page's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.comments.append(data)


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def own_scripts_only(html: str, page: Elements) -> bool:
    """The page's one script is the filter, inline, allowed by the policy through its hash: no
    other script, no script from a file, and the policy allows no other."""
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    bodies = re.findall(r"<script>(.*?)</script>", html, re.S)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    digest = base64.b64encode(hashlib.sha256(FILTER_SCRIPT.encode()).digest()).decode()
    return (
        scripts == [{}]
        and bodies == [FILTER_SCRIPT]
        and f"script-src 'sha256-{digest}'" in policy
        and policy.startswith("default-src 'none';")
        and "unsafe-inline'" not in policy.split("script-src")[1]
    )


@pytest.fixture
def tables() -> dict[str, pd.DataFrame]:
    return sample_tables()


def test_hostile_source_text_is_shown_as_text_not_markup(tables):
    tables["contradictions"].loc[0, "entity_name"] = "</article><script>alert('n')</script>"
    html = render_report(tables, MANIFEST).html
    page = parse(html)
    assert own_scripts_only(html, page)
    assert page.comments == []  # "<!-- 广告 -->" from the document stays visible text
    text = "".join(page.text)
    assert "<!-- 广告 -->AlexNet<script>alert(1)</script>的错误率为" in text
    assert "<script>alert('x')</script>带注释的网页" in text
    assert "</article><script>alert('n')</script>" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_page_is_self_contained(tables):
    html = render_report(tables, MANIFEST).html
    page = parse(html)
    assert own_scripts_only(html, page)
    for tag, attrs in page.tags:
        assert tag not in ("link", "iframe", "object", "embed", "img", "base"), tag
        for name in ("src", "href", "srcset", "action", "data", "xlink:href"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    assert not re.search(r"@import|url\(|https?:", style)
    # a citation's URL is shown as text, never as a link or a resource
    assert "https://arxiv.org/abs/2001.08361" in "".join(page.text)


def test_contradictions_are_sorted_by_severity_with_open_work_first(tables):
    html = render_report(tables, MANIFEST).html
    cards = re.findall(r'<article [^>]*class="contradiction sev-(\w+)" id="([^"]+)"', html)
    severities = [s for s, _ in cards]
    assert severities == sorted(severities, key=["high", "medium", "low"].index)
    assert len(cards) == len(tables["contradictions"])
    high = [status for status in re.findall(r'sev-high" id="[^"]+">.*?status-(\w+)"', html, flags=re.S)]
    assert high[0] == "open"


def test_each_contradiction_shows_sides_evidence_consensus_and_command(tables):
    report = render_report(tables, MANIFEST)
    alexnet = tables["contradictions"].iloc[0]
    card = re.search(
        rf'<article[^>]*id="c-{alexnet.contradiction_id}">(.*?)</article>', report.html, re.S
    ).group(1)
    assert '<div class="value">15.3</div>' in card
    assert re.search(r'<section class="side best"><div class="value">15.3</div>', card)
    assert '<div class="value">16.4</div>' in card
    assert "将top-5错误率从26%降至<mark>15.3%</mark>。" in card  # the 15.3, not the 26
    assert "15.3% [top-5]</strong> (confidence 83%)" in card  # AlexNet's own, not the runner-up's
    assert "accuracy 84% ≙ error_rate 16% (100 − x)" in card
    command = f'recon review {alexnet.contradiction_id} --status confirmed --note "…"'
    assert command in unescape(card)
    assert command in report.markdown


def test_reference_contradiction_shows_the_reference_fact(tables):
    html = render_report(tables, MANIFEST).html
    assert "Reference fact:" in html
    assert "arXiv:2001.08361" in html


def test_summary_counts(tables):
    report = render_report(tables, MANIFEST)
    assert "- Documents: 4 read, 1 rejected" in report.markdown
    assert "| high | 2 | 0 | 1 | 3 |" in report.markdown
    assert "2 of 7 decided (29%)" in report.markdown
    assert "binary file" in report.html
    assert "run-42" in report.html
    assert report.summary_markdown.startswith("## Summary")


def test_timeline_marks_disputed_milestones(tables):
    html = render_report(tables, MANIFEST).html
    svg = re.search(r"<svg class=\"timeline\".*?</svg>", html, re.S).group(0)
    assert "⚠ 反向传播" in svg and "⚠ LSTM" in svg
    assert ">AlexNet<" in svg  # dated by several sources, not disputed
    assert ">ResNet<" in svg and "⚠ ResNet" not in svg  # a low-severity year difference
    assert svg.count('class="mark') == (tables["claims"].attribute == "year").sum()


def test_missing_optional_tables_degrade_gracefully(tables):
    del tables["consensus"], tables["source_reliability"]
    report = render_report(tables, {})
    assert "no consensus computed" in report.html
    assert "Source reliability was not computed in this run." in report.html
    assert "Source reliability was not computed in this run." in report.markdown


def test_empty_run_renders():
    report = render_report({}, {})
    assert "None found." in report.html
    assert "No milestone years were claimed." in report.html


def test_list_cells_read_back_from_parquet(tables, tmp_path):
    df = tables["contradictions"]
    df.to_parquet(tmp_path / "c.parquet")
    tables["contradictions"] = pd.read_parquet(tmp_path / "c.parquet")
    assert render_report(tables, MANIFEST).html == render_report(sample_tables(), MANIFEST).html


def test_markdown_escapes_source_text(tables):
    markdown = render_report(tables, MANIFEST).markdown
    assert "<script>" not in markdown
    assert "<!--" not in markdown
    assert md("[x](javascript:alert(1)) | *b*") == r"\[x\]\(javascript:alert\(1\)\) \| \*b\*"


def test_quote_highlights_the_claims_own_occurrence():
    doc = "前言。2012年提出，2012年获奖。"
    evidence = "2012年提出，2012年获奖。"
    second = doc.index("2012", doc.index("2012") + 1)
    q = quote(evidence, "2012", doc, second, second + 4)
    assert (q.before, q.value, q.after) == ("2012年提出，", "2012", "年获奖。")


def test_quote_falls_back_to_document_text_when_evidence_lacks_the_value():
    doc = "第一行\nAlexNet的错误率为15.3%，震惊业界。\n第三行"
    start = doc.index("15.3%")
    q = quote("(table row lost)", "15.3%", doc, start, start + 5)
    assert q.from_document
    assert (q.before, q.value, q.after) == ("AlexNet的错误率为", "15.3%", "，震惊业界。")


def test_quote_trims_long_evidence_around_the_value():
    evidence = "甲" * 500 + "15.3%" + "乙" * 500
    q = quote(evidence, "15.3%", None, 0, 0)
    assert q.value == "15.3%"
    assert len(q.before) < 100 and q.before.startswith("…")
    assert len(q.after) < 100 and q.after.endswith("…")


def test_crowded_timeline_keeps_every_disputed_milestone():
    from pipeline.report.content import YearClaim
    from pipeline.report.timeline_svg import MAX_ROWS, source_styles, timeline_svg

    years = [YearClaim(f"e{i}", f"M{i}", "d1", 1950 + i, str(1950 + i)) for i in range(MAX_ROWS + 20)]
    years += [YearClaim("late", "Late", "d1", 2030, "2030"), YearClaim("late", "Late", "d2", 2031, "2031")]
    svg, omitted = timeline_svg(years, {"late"}, source_styles(["d1", "d2"]))
    assert omitted == 21
    assert "⚠ Late" in svg and "2030 · 2031" in svg
    assert svg.count('class="label') == MAX_ROWS


HOSTILE_ID = "z|<img src=x onerror=alert(1)>"
BIDI = ("\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f", "\u061c")


def _rendered_markdown(markdown: str) -> Elements:
    """report.md as a Markdown viewer shows it: GFM tables, raw HTML passed through."""
    from markdown_it import MarkdownIt

    return parse(MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown))


def test_a_pipe_in_a_document_id_does_not_break_out_of_its_table_cell(tables):
    """`z|<img …>.txt` ended the cell inside its code span, and the rest rendered as live HTML."""
    tables["source_reliability"].loc[len(tables["source_reliability"])] = [HOSTILE_ID, 0.5, 1]
    markdown = render_report(tables, MANIFEST).markdown
    page = _rendered_markdown(markdown)
    assert [t for t, _ in page.tags if t == "img"] == []
    assert HOSTILE_ID in "".join(page.text)
    sources = markdown.split("## Sources")[1]
    rows = [line for line in sources.splitlines() if line.startswith("|")]
    assert {len(re.findall(r"(?<!\\)\|", row)) for row in rows} == {5}  # four cells in every row


def test_bidi_controls_and_terminal_escapes_are_written_out_in_both_reports(tables):
    """A right-to-left override turned `rej_\\u202egnp.evil.txt` into `rej_txt.live.png` and reversed an
    explanation; the reports show every such control as its escape instead."""
    documents = tables["documents"]
    documents.loc[documents["status"] == "rejected", "path"] = "rej_\u202egnp.evil.txt"
    documents.loc[documents["status"] == "rejected", "reason"] = "binary \x1b[2J\x1b]8;;http://x\x07"
    tables["contradictions"].loc[0, "entity_name"] = "Alex\u202eteNxelA\u2066"
    tables["contradictions"].loc[0, "explanation"] = "\u202e说解的反相"
    report = render_report(tables, MANIFEST)
    for page in (report.html, report.markdown, report.summary_markdown):
        assert not any(c in page for c in BIDI) and "\x1b" not in page and "\x07" not in page
    for text in ("".join(parse(report.html).text), "".join(_rendered_markdown(report.markdown).text)):
        assert "rej_\\u202egnp.evil.txt" in text and "\\u202e说解的反相" in text
        assert "binary \\x1b[2J\\x1b]8;;http://x\\x07" in text


def test_quoting_from_a_long_document_copies_only_the_context():
    """The fallback quote copied the whole text before the value, once per claim (quadratic)."""
    import time

    text = "深度学习。" * 1_000_000 + "AlexNet的错误率为15.3%。"
    start = text.index("15.3%")
    began = time.perf_counter()
    for _ in range(500):
        q = quote("", "15.3%", text, start, start + 5)
    assert time.perf_counter() - began < 1.0
    assert (q.before, q.value, q.after) == ("…" + text[start - 90 : start], "15.3%", "。")


def test_a_row_of_several_kinds_names_them_all(tables):
    c = tables["contradictions"]
    c["kinds"] = [[k] for k in c["kind"]]
    c.at[c.index[0], "kinds"] = ["reference", "cross_source"]
    report = render_report(tables, MANIFEST)
    assert "contradicts a reference fact; sources disagree" in report.html
    assert "reference, cross\\_source" in report.markdown  # Markdown-escaped
