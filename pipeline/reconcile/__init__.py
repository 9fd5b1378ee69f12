"""Reconcile: contradictions between claims, best-supported values, reference checks.

Public entry point: :func:`reconcile`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from pipeline import schema
from pipeline.catalog import Catalog


@dataclass(frozen=True)
class Reconciliation:
    contradictions: pd.DataFrame
    extra_tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # consensus, source_reliability
    warnings: list[str] = field(default_factory=list)


def reconcile(
    claims: pd.DataFrame,
    entities: pd.DataFrame,
    documents: pd.DataFrame,
    catalog: Catalog,
    decisions: list[dict],
) -> Reconciliation:
    """Not yet implemented: no contradictions."""
    return Reconciliation(schema.empty("contradictions"))
