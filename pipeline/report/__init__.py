"""Report: the contradiction report reviewers read (HTML and Markdown).

Public entry point: :func:`render_report`. The content is gathered once
(:mod:`.content`) and rendered twice: a self-contained HTML page
(:mod:`.page_html`, inline CSS and SVG, one inline script allowed by its hash:
the filter; no external resources) and its Markdown twin
(:mod:`.page_markdown`), which show the same quotes and counts. Source text is
escaped in both. The size depends on the contradictions, not on the
documents: each side quotes at most three passages and names five documents
("and N more", pointing to the ``claims`` table and ``recon explain``), the
sources list the 20 most and 20 least reliable, and past 32 sources the
timeline draws one counted mark per claimed year.

Sections: the summary; since the last run (contradictions new, reopened,
changed, resolved; documents added, changed, removed: the manifest's
``changes``); charts (contradictions by attribute and severity, consensus
confidence and margin, link methods and scores: :mod:`.charts_svg`); the
contradictions with their evidence; the timeline; the sources; validation
(every check that ran, per table, and what was quarantined and why).
The summary both open with, on the seed corpus::

    ## Summary

    - Documents: 5 read, 0 rejected
    - Claims: 375 · entities: 279 · mentions: 1696
    - Contradictions: 34
    - Review progress: 0 of 34 decided (0%) — open 34, confirmed 0, dismissed 0, reopened 0

    | severity | cross_source | within_source | reference | total |
    |---|---|---|---|---|
    | high | 2 | 0 | 2 | 4 |
    | medium | 6 | 1 | 3 | 10 |
    | low | 18 | 2 | 0 | 20 |
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.report.content import build_content
from pipeline.report.page_html import render_html
from pipeline.report.page_markdown import render_markdown, summary_lines


@dataclass(frozen=True)
class Report:
    html: str
    markdown: str
    summary_markdown: str = ""  # the summary section alone, e.g. for a Prefect artifact


def render_report(tables: dict[str, pd.DataFrame], manifest: dict) -> Report:
    """Render the run's published tables; ``manifest`` adds run id, time, validation."""
    content = build_content(tables, manifest)
    return Report(
        html=render_html(content),
        markdown=render_markdown(content),
        summary_markdown="\n".join(summary_lines(content)),
    )
