"""Extracted mentions and claims written by hand, as the resolver reads them."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from pipeline import schema


def mention_frame(items: Sequence[tuple], doc_of=lambda i: f"doc{i}") -> pd.DataFrame:
    """Extracted mentions from (surface, type[, catalog_id[, doc_id]]) tuples."""
    rows = []
    for i, item in enumerate(items):
        surface, entity_type = item[0], item[1]
        rows.append(
            {
                "mention_id": f"m{i}",
                "doc_id": item[3] if len(item) > 3 else doc_of(i),
                "surface": surface,
                "char_start": 0,
                "char_end": len(surface),
                "type": entity_type,
                "catalog_id": item[2] if len(item) > 2 else None,
                "detector": "test",
                "confidence": 0.9,
            }
        )
    return schema.conform(rows, "extracted_mentions")


def claim_frame(rows: Sequence[dict]) -> pd.DataFrame:
    """Extracted claims; each row gives at least subject/attribute/value fields."""
    base = {
        "doc_id": "doc0",
        "value_num": None,
        "unit": None,
        "qualifiers": "{}",
        "evidence": "",
        "char_start": 0,
        "char_end": 1,
        "extractor": "test",
        "confidence": 0.8,
        "value_mention_id": None,
    }
    full = [{**base, "claim_id": f"c{i}", "value_norm": r["value_raw"], **r} for i, r in enumerate(rows)]
    return schema.conform(full, "extracted_claims")
