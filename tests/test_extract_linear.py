"""Extraction stays linear in its input: hostile lines and texts cost what their length costs.

Budgets are wall-clock seconds, set at about ten times what the linear code takes on this
2-core machine and far below what the super-linear code took (noted with each case).
"""

from __future__ import annotations

import time

import pandas as pd

from pipeline.extract import extract_claims
from pipeline.extract.layout import _PREFIX


def _documents(text: str) -> pd.DataFrame:
    return pd.DataFrame([{"doc_id": "d", "text": text, "status": "ok"}])


def _seconds(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def test_a_line_of_forty_thousand_section_dots_is_read_in_linear_time():
    """``1.1.1.…``: the heading-prefix regex rescanned the rest of the line from every dot (11-23 s)."""
    line = "1." * 20_000
    assert _seconds(lambda: _PREFIX.match(line)) < 0.5
    extract_claims(_documents("热身。"))  # the pipeline's first build is not the line's cost
    assert _seconds(lambda: extract_claims(_documents(line))) < 6
