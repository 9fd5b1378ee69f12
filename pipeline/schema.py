"""The published tables: their columns and the types analysts see in pandas.

This module is the code form of ``CONTRACT.md``. Every stage builds its output
with :func:`conform`, so a table always has the contract's columns, in the
contract's order, with the contract's types, even when it has no rows.
Columns beyond the contract are allowed (and kept, after the required ones).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

import numpy as np
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
#: attributes whose ``value_num`` is a percentage
PERCENT_ATTRIBUTES = ("error_rate", "accuracy")
#: attributes whose ``value_num`` is an absolute count
COUNT_ATTRIBUTES = ("parameters", "layers", "dataset_size", "classes")
#: attributes whose value is a quantity (a year is a date, see ``ATTRIBUTES``)
NUMERIC_ATTRIBUTES = (*PERCENT_ATTRIBUTES, *COUNT_ATTRIBUTES)
#: attributes whose value is itself an entity, and the type that entity has
ENTITY_VALUED: dict[str, str] = {"creator": "person", "organization": "organization"}
ATTRIBUTES = ("year", *ENTITY_VALUED, *NUMERIC_ATTRIBUTES)
CONTRADICTION_KINDS = ("cross_source", "within_source", "reference")
SEVERITIES = ("high", "medium", "low")
#: what a reviewer decides about a contradiction (``recon review --status``)
DECISION_STATUSES = ("confirmed", "dismissed")
#: a contradiction's ``review_status``: open until decided, reopened when its values
#: changed after the decision
REVIEW_STATUSES = ("open", *DECISION_STATUSES, "reopened")
#: the vocabularies by the names the validation suites use for them (``{"$PARAMETER": name}``)
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "attributes": ATTRIBUTES,
    "numeric_attributes": NUMERIC_ATTRIBUTES,
    "percent_attributes": PERCENT_ATTRIBUTES,
    "count_attributes": COUNT_ATTRIBUTES,
    "contradiction_kinds": CONTRADICTION_KINDS,
    "severities": SEVERITIES,
    "review_statuses": REVIEW_STATUSES,
    "document_statuses": DOCUMENT_STATUS,
}


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


def records(frame: pd.DataFrame, table: str | None = None) -> list[dict[str, Any]]:
    """The rows of ``frame`` as plain Python values, read as ``table`` declares its columns.

    This is how a stage reads the table another stage made, whether it comes from
    memory or from Parquet::

        >>> records(claims, "claims")[0]
        {'claim_id': 'c-…', 'doc_id': '000_858…', 'value_num': 15.3, 'unit': '%', …}

    A missing cell is ``None`` whatever its kind (NaN, ``pd.NA``, ``None``); a
    ``list[str]`` cell is a list of str (``[]`` when missing, a list again after
    Parquet gave a numpy array); ints and floats are Python numbers. Columns the
    table does not declare are read by their values the same way.
    """
    kinds = {**(TABLES.get(table) or INTERMEDIATE.get(table) or {})} if table else {}
    names = list(frame.columns)
    if not names:
        return [{} for _ in range(len(frame))]
    columns = [_read_column(frame[name], kinds.get(name)) for name in names]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _read_column(series: pd.Series, kind: Kind | None) -> list:
    missing = series.isna().tolist()
    values = series.tolist()
    if kind == "list[str]":
        return [[str(x) for x in as_list(v)] for v in values]
    read = _READERS.get(kind, _plain) if kind else _plain
    return [None if gone else read(v) for v, gone in zip(values, missing, strict=True)]


def _plain(value: object) -> object:
    """A cell as a plain Python value: numpy scalars and arrays become numbers and lists."""
    if isinstance(value, np.ndarray | list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


_READERS: dict[str, Callable[[Any], Any]] = {
    "str": str,
    "str?": str,
    "int": int,
    "float": float,
    "float?": float,
    "bool": bool,
}


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
