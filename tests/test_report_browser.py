"""The report in a real browser: headless Chromium, offline, with a network log.

Chromium renders the file with DNS blocked and writes a netlog; the rendered
DOM must show every high-severity contradiction, and no request made by the
page may leave the file. Chromium's own background traffic (update checks,
sign-in) is not the page's: it is told apart by its initiator. A control page
with an external image proves the detector sees page requests. Skipped only
when Chromium is not installed (Debian package ``chromium``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.report import render_report
from pipeline.report.page_html import anchor
from tests.helpers.tables import sample_tables

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # nothing could leave even if asked
]


def render_in_chromium(page: Path, tmp: Path, fragment: str = "") -> tuple[str, list[str]]:
    """The DOM after load (at ``#fragment``), and the URLs the page itself requested."""
    netlog = tmp / "netlog.json"
    out = subprocess.run(
        [
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={tmp / 'profile'}",
            f"--log-net-log={netlog}",
            "--dump-dom",
            page.as_uri() + (f"#{fragment}" if fragment else ""),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return out.stdout, page_requests(json.loads(netlog.read_text()))


def page_requests(netlog: dict) -> list[str]:
    """URLs of requests started on behalf of a page (browser internals have no origin)."""
    event_types = netlog["constants"]["logEventTypes"]
    start = event_types["URL_REQUEST_START_JOB"]
    starts = [e.get("params", {}) for e in netlog["events"] if e["type"] == start]
    return [p["url"] for p in starts if "url" in p and p.get("initiator") != "not an origin"]


class Articles(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.articles: dict[str, str] = {}  # id -> class
        self.hidden: set[str] = set()  # ids of the articles the filter hid
        self.form_hidden: bool | None = None
        self.scripts = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.articles[attrs.get("id", "")] = attrs.get("class", "")
            if "hidden" in attrs:
                self.hidden.add(attrs.get("id", ""))
        if tag == "form" and attrs.get("id") == "filter":
            self.form_hidden = "hidden" in attrs
        self.scripts += tag == "script"

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    tables = sample_tables()
    page = tmp / "report.html"
    page.write_text(render_report(tables, {"run_id": "browser"}).html, encoding="utf-8")
    dom, requests = render_in_chromium(page, tmp)
    parsed = Articles()
    parsed.feed(dom)
    return tables, parsed, requests


def test_every_high_severity_contradiction_is_in_the_rendered_dom(rendered):
    tables, dom, _ = rendered
    contradictions = tables["contradictions"]
    high = contradictions[contradictions.severity == "high"].contradiction_id
    assert len(high) >= 2
    text = "".join(dom.text)
    for cid in high:
        assert "sev-high" in dom.articles[anchor(cid)]
        assert cid in text
    assert len(dom.articles) == len(contradictions)


def test_source_markup_is_inert_in_the_browser(rendered):
    _, dom, _ = rendered
    assert dom.scripts == 1  # the filter's, nothing from a source
    assert "<script>alert(1)</script>" in "".join(dom.text)


def _filtered(tmp: Path, html: str, fragment: str) -> Articles:
    page = tmp / "report.html"
    page.write_text(html, encoding="utf-8")
    dom, requests = render_in_chromium(page, tmp, fragment)
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    parsed = Articles()
    parsed.feed(dom)
    return parsed


def test_the_filter_runs_under_the_pages_policy_and_hides_what_does_not_match(tmp_path):
    tables = sample_tables()
    html = render_report(tables, {"run_id": "browser"}).html
    c = tables["contradictions"]
    dom = _filtered(tmp_path, html, "severity=high")
    assert dom.form_hidden is False  # the script ran: the policy allows it by its hash
    high = {anchor(i) for i in c.loc[c.severity == "high", "contradiction_id"]}
    assert dom.hidden == set(dom.articles) - high and high
    assert f"{len(high)} of {len(c)} contradictions shown" in "".join(dom.text)
    entity = str(c.entity_name.iloc[0])
    dom = _filtered(tmp_path, html, f"entity={entity[1:4].lower()}&kind={c.kind.iloc[0]}")
    kept = c[
        c.entity_name.str.lower().str.contains(entity[1:4].lower(), regex=False) & (c.kind == c.kind.iloc[0])
    ]
    assert set(dom.articles) - dom.hidden == {anchor(i) for i in kept.contradiction_id}


def test_a_script_the_policy_does_not_name_is_blocked(tmp_path):
    """The control: the same page with one character of its script changed does not run it
    (the form stays hidden, every card shown), so the hash is what lets the filter run."""
    html = render_report(sample_tables(), {"run_id": "browser"}).html
    dom = _filtered(tmp_path, html.replace("const cards", "const  cards"), "severity=high")
    assert dom.form_hidden is True and dom.hidden == set()


def test_no_request_leaves_the_file(rendered):
    _, _, requests = rendered
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []


def test_the_request_detector_sees_external_resources(tmp_path):
    page = tmp_path / "leaky.html"
    page.write_text(
        '<!doctype html><p>x</p><img src="http://example.invalid/x.png">'
        '<link rel="stylesheet" href="https://fonts.example.invalid/a.css">'
    )
    _, requests = render_in_chromium(page, tmp_path)
    assert "http://example.invalid/x.png" in requests
    assert "https://fonts.example.invalid/a.css" in requests
