"""The published tables: their columns and the types analysts see in pandas.

This module is the code form of ``CONTRACT.md``. Every stage builds its output
with :func:`conform`, so a table always has the contract's columns, in the
contract's order, with the contract's types, even when it has no rows.
Columns beyond the contract are allowed (and kept, after the required ones).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

import pandas as pd

#: logical column kinds; see :func:`_cast` for how each is stored
Kind = Literal["str", "str?", "int", "float", "float?", "list[str]", "bool"]

SCHEMA_VERSION = "1.0"

TABLES: dict[str, dict[str, Kind]] = {
    "documents": {
        "doc_id": "str",
        "path": "str",
        "title": "str",
        "sha256": "str",
        "encoding": "str",
        "n_chars": "int",
        "text": "str",
        "status": "str",
        "reason": "str?",
    },
    "entities": {
        "entity_id": "str",
        "name": "str",
        "type": "str",
        "aliases": "list[str]",
        "n_docs": "int",
        "n_mentions": "int",
    },
    "mentions": {
        "mention_id": "str",
        "doc_id": "str",
        "entity_id": "str",
        "surface": "str",
        "char_start": "int",
        "char_end": "int",
        "method": "str",
        "score": "float",
    },
    "claims": {
        "claim_id": "str",
        "doc_id": "str",
        "entity_id": "str",
        "entity_name": "str",
        "attribute": "str",
        "value_raw": "str",
        "value_norm": "str",
        "value_num": "float?",
        "unit": "str?",
        "qualifiers": "str",
        "evidence": "str",
        "char_start": "int",
        "char_end": "int",
        "extractor": "str",
        "confidence": "float",
    },
    "contradictions": {
        "contradiction_id": "str",
        "entity_id": "str",
        "entity_name": "str",
        "attribute": "str",
        "kind": "str",
        "severity": "str",
        "values": "list[str]",
        "doc_ids": "list[str]",
        "claim_ids": "list[str]",
        "explanation": "str",
        "review_status": "str",
    },
}

#: Tables passed between stages but not published as such. Extraction finds
#: mentions and claims; resolution links them to entities and fills the
#: contract's linking columns (entity_id, entity_name, method, score).
INTERMEDIATE: dict[str, dict[str, Kind]] = {
    "extracted_mentions": {
        "mention_id": "str",  # deterministic: same text, same id
        "doc_id": "str",
        "surface": "str",  # == documents.text[char_start:char_end]
        "char_start": "int",
        "char_end": "int",
        "type": "str",  # entity type (catalog types)
        "catalog_id": "str?",  # catalog entry the recogniser matched, if any
        "detector": "str",  # how it was found: catalog, heading, table_name, bold, latin_name, ...
        "confidence": "float",  # 0-1: how sure the detector is that this is an entity
    },
    "extracted_claims": {
        **{c: k for c, k in TABLES["claims"].items() if c not in ("entity_id", "entity_name")},
        "subject_mention_id": "str",  # the mention of the entity the claim is about
        "value_mention_id": "str?",  # creator/organization: the mention holding the value
    },
}

#: vocabularies the contract fixes
DOCUMENT_STATUS = ("ok", "rejected")
ATTRIBUTES = (
    "year",
    "creator",
    "organization",
    "error_rate",
    "accuracy",
    "parameters",
    "layers",
    "dataset_size",
    "classes",
)
CONTRADICTION_KINDS = ("cross_source", "within_source", "reference")
SEVERITIES = ("high", "medium", "low")
REVIEW_STATUSES = ("open", "confirmed", "dismissed", "reopened")


def _cast(series: pd.Series, kind: Kind) -> pd.Series:
    """Store a column so that it reads back from Parquet as the contract says."""
    if kind == "str":
        return series.astype("str")
    if kind == "str?":
        return series.astype("object").where(series.notna(), None).astype("str")
    if kind == "int":
        return series.astype("int64")
    if kind in ("float", "float?"):
        return series.astype("float64")
    if kind == "bool":
        return series.astype("bool")
    if kind == "list[str]":
        return series.map(lambda v: [str(x) for x in v] if v is not None else [])
    raise ValueError(f"unknown column kind {kind!r}")


def as_list(value: object) -> list:
    """A list cell as a list: a list in memory, a numpy array after Parquet, nothing for null."""
    if value is None or isinstance(value, str | float):
        return []
    return list(value) if isinstance(value, Iterable) else []


def empty(table: str, extra: Mapping[str, Kind] | None = None) -> pd.DataFrame:
    """An empty table with the contract's columns and types."""
    return conform(pd.DataFrame(), table, extra)


def conform(
    df: pd.DataFrame | Iterable[Mapping], table: str, extra: Mapping[str, Kind] | None = None
) -> pd.DataFrame:
    """Order, type and check the columns of ``table``.

    Raises ``KeyError`` naming the missing contract columns, so a stage that
    forgets one fails where it is made, not in an analyst's notebook.
    """
    frame = df if isinstance(df, pd.DataFrame) else pd.DataFrame(list(df))
    columns = {**(TABLES.get(table) or INTERMEDIATE.get(table, {})), **(extra or {})}
    if frame.empty and len(frame.columns) == 0:
        frame = pd.DataFrame({c: pd.Series([], dtype="object") for c in columns})
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"table {table!r} lacks contract columns {missing}")
    out = frame.copy()
    for col, kind in columns.items():
        out[col] = _cast(out[col], kind)
    rest = [c for c in out.columns if c not in columns]
    return out[[*columns, *rest]].reset_index(drop=True)
