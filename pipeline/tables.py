"""The tables one run publishes, gathered from the stages' results in one place."""

from __future__ import annotations

import pandas as pd

from pipeline.reconcile import Reconciliation
from pipeline.resolve import Resolution


def run_tables(
    documents: pd.DataFrame, resolution: Resolution, reconciliation: Reconciliation
) -> dict[str, pd.DataFrame]:
    """Contract tables first, then the reconcile stage's extra tables (consensus, reliability)."""
    return {
        "documents": documents,
        "entities": resolution.entities,
        "mentions": resolution.mentions,
        "claims": resolution.claims,
        "contradictions": reconciliation.contradictions,
        **reconciliation.extra_tables,
    }
