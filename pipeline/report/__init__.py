"""Report: the contradiction report reviewers read (HTML and Markdown).

Public entry point: :func:`render_report`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Report:
    html: str
    markdown: str


def render_report(tables: dict[str, pd.DataFrame], manifest: dict) -> Report:
    """Not yet implemented: a one-line summary."""
    counts = ", ".join(f"{name}: {len(df)}" for name, df in tables.items())
    return Report(html=f"<!doctype html><meta charset=utf-8><p>{counts}</p>", markdown=counts + "\n")
