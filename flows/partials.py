"""Per-document results on disk, keyed by content and by the code that made them.

Ingest and extraction work one document at a time, so their results are
cached per document: the key is the file's sha256 (and id and path) plus a
fingerprint of the source and data files of the stage (for extraction: the
ingest key too, and the catalog and rule files). An unchanged corpus skips the
work; a changed document, a changed catalog or changed code redoes exactly
what it affects. The cross-document stages read these Parquet partials, so
they can be computed from any directory of partial results.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import schema

COMPLETE = "_complete"
STAGE_PACKAGES = {
    "ingest": ("pipeline.ingest", "pipeline.schema"),
    "extract": ("pipeline.extract", "pipeline.catalog", "pipeline.schema"),
}
_SOURCE_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".txt", ".tsv")


@cache
def fingerprint(stage: str) -> str:
    """Hash of every source and data file that shapes ``stage``'s per-document output."""
    digest = hashlib.sha256(schema.SCHEMA_VERSION.encode())
    for package in STAGE_PACKAGES[stage]:
        root = Path(str(resources.files(package)))
        for path in sorted(p for p in root.rglob("*") if p.suffix in _SOURCE_SUFFIXES):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Partial:
    """One document's result for one stage: where it is and whether it came from the cache."""

    key: str
    path: str
    cached: bool


def location(cache_root: Path, stage: str, entry_key: str) -> Path:
    return cache_root / stage / entry_key[:2] / entry_key


def lookup(cache_root: Path, stage: str, entry_key: str) -> Partial | None:
    """The cached partial, refreshed so pruning keeps it, or None."""
    where = location(cache_root, stage, entry_key)
    marker = where / COMPLETE
    if not marker.exists():
        return None
    marker.touch()
    return Partial(entry_key, str(where), cached=True)


def rows_by(frame: pd.DataFrame, column: str, values: list[str]) -> list[pa.Table]:
    """The rows of ``frame`` for each of ``values`` of ``column``, as Arrow tables (empty ones typed).

    The frame is converted to Arrow once and sliced, which costs far less than
    one pandas frame and one conversion per document."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    groups = frame.groupby(column, sort=False).indices if len(frame) else {}
    return [table.take(pa.array(groups.get(v, []), type=pa.int64())) for v in values]


def store(cache_root: Path, stage: str, entry_key: str, tables: dict[str, pa.Table]) -> Partial:
    """Write tables as one partial, atomically: a half-written entry is never visible."""
    where = location(cache_root, stage, entry_key)
    tmp = where.with_name(f".{where.name}.tmp-{uuid.uuid4().hex[:8]}")
    tmp.mkdir(parents=True)
    for name, table in tables.items():
        pq.write_table(table, tmp / f"{name}.parquet")
    (tmp / COMPLETE).touch()
    try:
        os.rename(tmp, where)
    except OSError:  # another worker stored the same entry first; theirs is as good
        shutil.rmtree(tmp, ignore_errors=True)
    return Partial(entry_key, str(where), cached=False)


def read(partials: list[Partial], name: str, table: str) -> pd.DataFrame:
    """Concatenate one table from many partials, typed as the schema says (one conversion to pandas)."""
    tables = [pq.ParquetFile(Path(p.path) / f"{name}.parquet").read() for p in partials]
    tables = [t for t in tables if t.num_rows]
    if not tables:
        return schema.empty(table)
    merged = pa.concat_tables(tables, promote_options="default")
    return schema.conform(merged.to_pandas(), table)


def statuses(partials: list[Partial]) -> list[tuple[str, str, str | None]]:
    """(path, status, reason) of every document in these ingest partials (their text unread)."""
    out: list[tuple[str, str, str | None]] = []
    for p in partials:
        table = pq.read_table(Path(p.path) / "documents.parquet", columns=["path", "status", "reason"])
        out += zip(*(table.column(c).to_pylist() for c in ("path", "status", "reason")), strict=True)
    return out


def prune(cache_root: Path, max_age_days: float = 14.0) -> int:
    """Drop entries no run has used for ``max_age_days``; returns how many."""
    cutoff = time.time() - max_age_days * 86400
    dropped = 0
    for marker in cache_root.glob(f"*/*/*/{COMPLETE}"):
        if marker.stat().st_mtime < cutoff:
            shutil.rmtree(marker.parent, ignore_errors=True)
            dropped += 1
    return dropped
