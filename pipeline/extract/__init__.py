"""Extract: documents become mentions of entities and claims about them.

Public entry point: :func:`extract_claims`. Input is the ``documents`` table
(rows with ``status == "ok"`` are read); output is the ``extracted_mentions``
and ``extracted_claims`` tables of :data:`pipeline.schema.INTERMEDIATE`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline import schema


@dataclass(frozen=True)
class Extraction:
    mentions: pd.DataFrame  # schema.INTERMEDIATE["extracted_mentions"]
    claims: pd.DataFrame  # schema.INTERMEDIATE["extracted_claims"]


def extract_claims(documents: pd.DataFrame) -> Extraction:
    """Mentions and claims of every ``ok`` document (not yet implemented: none)."""
    return Extraction(
        mentions=schema.empty("extracted_mentions"),
        claims=schema.empty("extracted_claims"),
    )
