"""Small charts as inline SVG: horizontal stacked bars and histograms.

Like the timeline, they are markup only, styled by the page's CSS (classes, so
light and dark mode follow), with a ``<title>`` on every bar so hovering says
the exact count, and an ``aria-label`` that says what the chart shows. Every
label is escaped here; callers pass plain text. No scripts, no external
resources: the page's ``default-src 'none'`` policy holds.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

WIDTH = 640
ROW = 22
BAR = 14


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[tuple[str, int]]]],
    *,
    title: str,
    segment_class: Callable[[str], str],
    label_width: int = 170,
) -> str:
    """One bar per row, its segments stacked left to right; the total at the bar's end.

    ``rows``: ``[(label, [(segment, count), …]), …]``; segments with no count are skipped.
    """
    rows = [(label, [(s, n) for s, n in segments if n > 0]) for label, segments in rows]
    if not rows:
        return ""
    top = max((sum(n for _, n in segs) for _, segs in rows), default=0) or 1
    span = WIDTH - label_width - 48
    height = ROW * len(rows) + 8
    parts = [_open(height, title)]
    for i, (label, segments) in enumerate(rows):
        y = 4 + i * ROW
        parts.append(
            f'<text class="label" x="{label_width - 8}" y="{y + BAR - 2}" text-anchor="end">'
            f"{_e(_clip(label, 26))}<title>{_e(label)}</title></text>"
        )
        x = float(label_width)
        total = 0
        for segment, n in segments:
            w = span * n / top
            parts.append(
                f'<rect class="{_e(segment_class(segment))}" x="{x:.1f}" y="{y}" width="{max(w, 1):.1f}" '
                f'height="{BAR}" rx="2"><title>{_e(label)} · {_e(segment)}: {n}</title></rect>'
            )
            x += w
            total += n
        parts.append(f'<text class="value" x="{x + 5:.1f}" y="{y + BAR - 2}">{total}</text>')
    parts.append("</svg>")
    return "".join(parts)


def histogram(
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    lo: float,
    hi: float,
    bins: int,
    title: str,
    series_class: Callable[[str], str],
    fmt: Callable[[float], str] = lambda v: f"{v:g}",
) -> str:
    """Counts of values in ``bins`` equal bins over [lo, hi] (the last bin closed), one
    stacked column per bin; ``series``: ``[(name, values), …]``."""
    if not any(len(values) for _, values in series):
        return ""
    width_bin = (hi - lo) / bins
    counts = [[0] * bins for _ in series]
    for k, (_, values) in enumerate(series):
        for v in values:
            if v is None or (isinstance(v, float) and math.isnan(v)):
                continue
            i = min(max(int((v - lo) / width_bin), 0), bins - 1)
            counts[k][i] += 1
    top = max(sum(c[i] for c in counts) for i in range(bins)) or 1
    left, bottom, plot_h = 36, 22, 120
    plot_w = WIDTH - left - 12
    col = plot_w / bins
    height = plot_h + bottom + 10
    parts = [
        _open(height, title),
        f'<line class="axis" x1="{left}" y1="{plot_h + 4}" x2="{WIDTH - 12}" y2="{plot_h + 4}"/>',
        f'<text class="tick" x="{left - 4}" y="{14}" text-anchor="end">{top}</text>',
        f'<text class="tick" x="{left - 4}" y="{plot_h + 4}" text-anchor="end">0</text>',
    ]
    for i in range(bins):
        x = left + i * col
        y = plot_h + 4.0
        a, b = lo + i * width_bin, lo + (i + 1) * width_bin
        for k, (name, _) in enumerate(series):
            n = counts[k][i]
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            parts.append(
                f'<rect class="{_e(series_class(name))}" x="{x + 1:.1f}" y="{y:.1f}" width="{col - 2:.1f}" '
                f'height="{h:.1f}"><title>{_e(name)} {_e(fmt(a))}–{_e(fmt(b))}: {n}</title></rect>'
            )
        step = max(bins // 5, 1)
        if i % step == 0:
            parts.append(_tick(x, plot_h + bottom, fmt(a), "middle"))
    parts.append(_tick(left + plot_w, plot_h + bottom, fmt(hi), "end"))
    parts.append("</svg>")
    return "".join(parts)


def swatch(css_class: str) -> str:
    """A small square of a series' colour, for a legend."""
    return (
        '<svg class="swatch" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">'
        f'<rect class="{_e(css_class)}" x="0" y="0" width="12" height="12" rx="2"/></svg>'
    )


def _open(height: float, title: str) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{_e(title)}"><title>{_e(title)}</title>'
    )


def _tick(x: float, y: float, text: str, anchor: str) -> str:
    return f'<text class="tick" x="{x:.1f}" y="{y}" text-anchor="{anchor}">{_e(text)}</text>'


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
