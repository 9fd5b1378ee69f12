"""Check columns: facts about a row that need another table or the document text.

Great Expectations validates one table at a time, so what crosses tables
(does this ``doc_id`` exist? does the span hold ``value_raw``?) is computed here
in pandas, one ``check_*`` column per fact; the suites then assert these
columns like any other, and the verdict stays with GX. The columns are derived
from column names, so a new table with a ``doc_id`` or ``entity_id`` gets its
references checked without code changes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.schema import as_list

#: positional row number added to every validated frame, so GX can point at rows
ROW = "_row"
CHECK_PREFIX = "check_"

#: which column holds the text a span must reproduce, per table
SPAN_TEXT_COLUMN = {"mentions": "surface", "claims": "value_raw"}


def with_checks(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Copies of ``tables`` with ``_row`` and the ``check_*`` columns that apply."""
    texts = _ok_texts(tables.get("documents"))
    keys = {
        "doc_id": set(texts),
        "entity_id": _ids(tables.get("entities"), "entity_id"),
        "claim_id": _ids(tables.get("claims"), "claim_id"),
    }
    return {name: _checked(name, df, texts, keys) for name, df in tables.items()}


def strip_checks(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame without the columns :func:`with_checks` added."""
    extra = [c for c in frame.columns if c == ROW or c.startswith(CHECK_PREFIX)]
    return frame.drop(columns=extra).reset_index(drop=True)


def _checked(name: str, df: pd.DataFrame, texts: dict[str, str], keys: dict[str, set[str]]) -> pd.DataFrame:
    frame = df.reset_index(drop=True).copy()
    for col in frame.select_dtypes(include="object", exclude="str").columns:
        # list cells read back from Parquet are numpy arrays; the contract means lists
        if frame[col].map(lambda v: isinstance(v, np.ndarray)).any():
            frame[col] = frame[col].map(lambda v: v.tolist() if isinstance(v, np.ndarray) else v)
    frame.insert(0, ROW, range(len(frame)))
    cols = set(frame.columns)
    for key, known in keys.items():
        if key in cols and _is_reference(name, key):
            frame[f"check_{key}_known"] = frame[key].map(lambda v, k=known: v in k)
        plural = key + "s"
        if plural in cols:
            frame[f"check_{plural}_known"] = frame[plural].map(
                lambda v, k=known: all(x in k for x in as_list(v))
            )
    if name == "documents" and {"n_chars", "text"} <= cols:
        frame["check_n_chars_matches_text"] = [
            _safe(lambda n=n, t=t: int(n) == len(t))
            for n, t in zip(frame["n_chars"], frame["text"], strict=True)
        ]
    surface = SPAN_TEXT_COLUMN.get(name)
    if surface and {"doc_id", "char_start", "char_end", surface} <= cols:
        spans = list(zip(frame["doc_id"], frame["char_start"], frame["char_end"], strict=True))
        frame["check_span_in_text"] = [_span_in_text(texts, *s) for s in spans]
        frame["check_span_matches_text"] = [
            _safe(lambda s=s, v=v: texts[s[0]][int(s[1]) : int(s[2])] == v)
            for s, v in zip(spans, frame[surface], strict=True)
        ]
    if "values" in cols:
        frame["check_n_distinct_values"] = frame["values"].map(lambda v: len(set(as_list(v))))
    if "doc_ids" in cols:
        frame["check_n_doc_ids"] = frame["doc_ids"].map(lambda v: len(set(as_list(v))))
    return frame


def _is_reference(table: str, key: str) -> bool:
    """``doc_id`` in ``documents`` is the key itself, elsewhere a reference."""
    owner = {"doc_id": "documents", "entity_id": "entities", "claim_id": "claims"}[key]
    return table != owner


def _span_in_text(texts: dict[str, str], doc_id: str, start, end) -> bool:
    return _safe(lambda: 0 <= int(start) < int(end) <= len(texts[doc_id]))


def _ok_texts(documents: pd.DataFrame | None) -> dict[str, str]:
    """Texts of the ingested documents: only these can be cited."""
    if documents is None or not {"doc_id", "text", "status"} <= set(documents.columns):
        return {}
    ok = documents[documents["status"] == "ok"]
    return {str(d): str(t) for d, t in zip(ok["doc_id"], ok["text"], strict=True)}


def _ids(df: pd.DataFrame | None, column: str) -> set[str]:
    if df is None or column not in df.columns:
        return set()
    return set(df[column].dropna().astype(str))


def _safe(test) -> bool:
    """A check that cannot even be computed (missing text, NaN offset) fails."""
    try:
        return bool(test())
    except (KeyError, TypeError, ValueError, IndexError):
        return False
