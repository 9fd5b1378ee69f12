"""The milestone timeline: one row per milestone, one mark per source's year (or, with more
sources than marks can tell apart, one mark per year with the number of sources giving it).

Inline SVG, styled by the page's CSS (so it follows light and dark mode), with
a ``<title>`` on every mark so hovering tells which source said what, without
JavaScript. Sources differ by colour *and* shape; disputed milestones get a
band over the span of claimed years and a flagged label.
"""

from __future__ import annotations

import math
from collections import defaultdict
from html import escape

from pipeline.report.content import YearClaim, year_sources
from pipeline.report.display import visible

WIDTH = 960
LABEL = 190  # left column for milestone names
PAD_RIGHT = 24
ROW = 24
TOP = 34
SHAPES = ("circle", "square", "diamond", "triangle")
MAX_ROWS = 60


def _text(value) -> str:
    """SVG text: escaped, controls and bidi overrides written out."""
    return escape(visible(value))


def source_styles(doc_ids: list[str]) -> dict[str, tuple[int, str]]:
    """Colour index (0-7, see the CSS classes ``src0``..``src7``) and shape per source."""
    return {d: (i % 8, SHAPES[(i // 8 + i) % len(SHAPES)]) for i, d in enumerate(doc_ids)}


def timeline_svg(
    years: list[YearClaim], disputed: set[str], styles: dict[str, tuple[int, str]] | None
) -> tuple[str, int]:
    """The SVG, and how many milestones were left out to keep it readable. ``styles`` gives
    each source its mark (:func:`source_styles`); ``None`` draws one mark per year, counted."""
    by_entity: dict[str, list[YearClaim]] = defaultdict(list)
    for y in years:
        by_entity[y.entity_id].append(y)
    rows = sorted(by_entity.values(), key=lambda ys: (min(y.year for y in ys), ys[0].entity_name))
    if len(rows) > MAX_ROWS:
        # always keep what is disputed or dated by several sources; fill up with the rest
        shared = [r for r in rows if r[0].entity_id in disputed or len({y.doc_id for y in r}) > 1]
        single = [r for r in rows if r not in shared]
        kept = {id(r) for r in shared + single[: max(MAX_ROWS - len(shared), 0)]}
        rows = [r for r in rows if id(r) in kept]
    omitted = len(by_entity) - len(rows)
    if not rows:
        return "", omitted
    lo = math.floor(min(y.year for r in rows for y in r) / 10) * 10
    hi = math.floor(max(y.year for r in rows for y in r) / 10) * 10 + 10
    height = TOP + ROW * len(rows) + 28

    def x(year: float) -> float:
        return LABEL + (year - lo) / max(hi - lo, 1) * (WIDTH - LABEL - PAD_RIGHT)

    parts = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        'aria-labelledby="timeline-title">',
        '<title id="timeline-title">Milestone years as claimed by each source</title>',
    ]
    step = 10 if hi - lo <= 120 else 20
    for tick in range(lo, hi + 1, step):
        parts.append(
            f'<line class="grid" x1="{x(tick):.1f}" y1="{TOP - 8}" x2="{x(tick):.1f}" '
            f'y2="{height - 22}"/><text class="tick" x="{x(tick):.1f}" y="{height - 6}" '
            f'text-anchor="middle">{tick}</text>'
        )
    for i, row in enumerate(rows):
        cy = TOP + ROW * i + ROW / 2
        entity = row[0]
        is_disputed = entity.entity_id in disputed
        if is_disputed:
            first, last = min(y.year for y in row), max(y.year for y in row)
            parts.append(
                f'<rect class="dispute" x="{x(first) - 9:.1f}" y="{cy - 10:.1f}" '
                f'width="{x(last) - x(first) + 18:.1f}" height="20" rx="10"/>'
            )
            claimed = " · ".join(f"{v:g}" for v in sorted({y.year for y in row}))
            right = x(last) + 14 + 7 * len(claimed) < WIDTH  # else write it left of the band
            at, anchor = (x(last) + 14, "start") if right else (x(first) - 14, "end")
            parts.append(
                f'<text class="claimed" x="{at:.1f}" y="{cy + 4:.1f}" text-anchor="{anchor}">'
                f"{_text(claimed)}</text>"
            )
        label = ("⚠ " if is_disputed else "") + entity.entity_name
        parts.append(
            f'<text class="label{" disputed" if is_disputed else ""}" x="{LABEL - 10}" '
            f'y="{cy + 4:.1f}" text-anchor="end">{_text(_clip(label, 24))}'
            f"<title>{_text(entity.entity_name)}</title></text>"
        )
        if styles is None:
            parts += _counted_marks(row, x, cy)
            continue
        same_year: dict[float, int] = defaultdict(int)
        for y in sorted(row, key=lambda y: (y.year, y.doc_id)):
            k = same_year[y.year]  # sources agreeing on a year stack up and down
            same_year[y.year] += 1
            dy = min((k + 1) // 2 * 5, 10) * (-1 if k % 2 else 1)
            colour, shape = styles.get(y.doc_id, (0, "circle"))
            tip = f"{y.entity_name}: {y.value_raw} — {y.doc_id}"
            parts.append(_mark(shape, x(y.year), cy + dy, f"src{colour}", tip))
    parts.append("</svg>")
    return "".join(parts), omitted


def _counted_marks(row: list[YearClaim], x, cy: float) -> list[str]:
    """One mark per claimed year, labelled with how many sources give it: the timeline's size
    then depends on the milestones and years, not on the number of sources."""
    parts = []
    for year, claims in year_sources(row):
        n = len({c.doc_id for c in claims})
        tip = f"{claims[0].entity_name}: {claims[0].value_raw} — {n} source(s), e.g. {claims[0].doc_id}"
        parts.append(_mark("circle", x(year), cy, "src0", tip))
        if n > 1:
            parts.append(
                f'<text class="count" x="{x(year):.1f}" y="{cy - 8:.1f}" text-anchor="middle">{n}</text>'
            )
    return parts


def legend_mark(shape: str, colour: int) -> str:
    """A small SVG of one source's mark, for the legend."""
    return (
        '<svg class="legend-mark" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">'
        + _mark(shape, 8, 8, f"src{colour}", None)
        + "</svg>"
    )


def _mark(shape: str, cx: float, cy: float, cls: str, tip: str | None) -> str:
    title = f"<title>{_text(tip)}</title>" if tip else ""
    r = 5.5
    if shape == "square":
        body = f'<rect class="mark {cls}" x="{cx - r:.1f}" y="{cy - r:.1f}" width="{2 * r}" height="{2 * r}">'
        return body + title + "</rect>"
    if shape in ("diamond", "triangle"):
        d = r + 1
        corners = [(0, -d), (d, 0), (0, d), (-d, 0)] if shape == "diamond" else [(0, -d), (d, r), (-d, r)]
        pts = " ".join(f"{cx + dx:.1f},{cy + dy:.1f}" for dx, dy in corners)
        return f'<polygon class="mark {cls}" points="{pts}">{title}</polygon>'
    return f'<circle class="mark {cls}" cx="{cx:.1f}" cy="{cy:.1f}" r="{r}">{title}</circle>'


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
