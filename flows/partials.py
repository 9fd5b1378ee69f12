"""Per-document results, written per batch, keyed by content and by the code that made them.

Ingest and extraction work on batches of documents; each batch task writes one
*batch entry* per stage under the cache root (a local path or any fsspec URI:
``memory://…``, ``s3://bucket/recon/cache``)::

    <root>/extract/3f9c2a…-1b2c3d4e/mentions.parquet   every mention of the batch's new documents
    <root>/extract/3f9c2a…-1b2c3d4e/claims.parquet
    <root>/extract/3f9c2a…-1b2c3d4e/_keys.parquet      written last: the entry is complete

``_keys.parquet`` lists the entry's documents by cache key: the file's sha256
(and id and path) plus a fingerprint of the source and data files of the stage
(for extraction: the ingest key too, and the catalog and rule files). An
unchanged document is reused from whichever entry holds its key; a changed
document, a changed catalog or changed code has a new key and is redone. The
flow finds the entries by one glob over the markers (:func:`index`), and the
cross-document stages read each table with one Arrow dataset over the entries
the run's documents are in (:func:`read`), a few files per batch instead of two
or three per document. Workers need no path of the flow's: only the root's URI.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import fsspec
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem

from pipeline import schema

MARKER = "_keys.parquet"
#: entries read at once (Arrow releases the GIL; a remote store is latency-bound)
READ_THREADS = 8
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
    """One document's result for one stage: the batch entry holding it, and whether it came
    from the cache. ``entry`` is a URI (or path) any worker can open."""

    key: str
    doc_id: str
    entry: str
    cached: bool


def filesystem(uri: str) -> tuple[fsspec.AbstractFileSystem, str]:
    """The fsspec filesystem of ``uri`` and the path on it (a plain path is a local one)."""
    fs, path = fsspec.core.url_to_fs(uri)
    return fs, path.rstrip("/")


def _arrow(fs: fsspec.AbstractFileSystem) -> pafs.FileSystem:
    """Arrow's own filesystem for local files (threaded reads), else the fsspec one wrapped."""
    return (
        pafs.LocalFileSystem()
        if isinstance(fs, LocalFileSystem)
        else pafs.PyFileSystem(pafs.FSSpecHandler(fs))
    )


def _join(root: str, *parts: str) -> str:
    return "/".join([root.rstrip("/"), *parts])


def index(cache_root: str, stage: str) -> dict[str, dict[str, str]]:
    """Every complete entry's documents: doc_id → {key: entry URI}, from one glob of the markers.

    >>> index("/tmp/state/cache", "ingest")["000_858dce1e5fcd4cf7"]   # doctest: +SKIP
    {'6f1d…': '/tmp/state/cache/ingest/2b7e…-9c0d1e2f'}
    """
    fs, root = filesystem(cache_root)
    markers = sorted(fs.glob(_join(root, stage, "*", MARKER)))
    if not markers:
        return {}
    table = ds.dataset(markers, format="parquet", filesystem=_arrow(fs)).to_table()
    out: dict[str, dict[str, str]] = defaultdict(dict)
    base = cache_root.rstrip("/")
    for k, doc_id, entry in zip(
        *(table.column(c).to_pylist() for c in ("key", "doc_id", "entry")), strict=True
    ):
        out[doc_id][k] = _join(base, stage, entry)
    return dict(out)


def known(found: dict[str, dict[str, str]], doc_ids: list[str]) -> dict[str, str]:
    """The cached keys of these documents, key → entry: what one batch task may reuse."""
    return {k: entry for d in doc_ids for k, entry in found.get(d, {}).items()}


def store(
    cache_root: str, stage: str, docs: list[tuple[str, str]], tables: dict[str, pd.DataFrame]
) -> list[Partial]:
    """Write one batch entry: ``tables`` (each with a ``doc_id`` column) for the documents
    ``docs`` (key, doc_id). The marker is written last, under a temporary name and then
    moved, so an entry is never found half-written."""
    fs, root = filesystem(cache_root)
    name = f"{key(*(k for k, _ in docs))[:16]}-{uuid.uuid4().hex[:8]}"
    where = _join(root, stage, name)
    fs.makedirs(where, exist_ok=True)
    for table_name, frame in tables.items():
        with fs.open(_join(where, f"{table_name}.parquet"), "wb") as fh:
            pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), fh)
    marker = pa.table(
        {
            "key": [k for k, _ in docs],
            "doc_id": [d for _, d in docs],
            "entry": [name] * len(docs),
        }
    )
    tmp = _join(where, f".{MARKER}.tmp")
    with fs.open(tmp, "wb") as fh:
        pq.write_table(marker, fh)
    fs.mv(tmp, _join(where, MARKER))
    entry = _join(cache_root.rstrip("/"), stage, name)
    return [Partial(k, d, entry, cached=False) for k, d in docs]


def read(partials: list[Partial], name: str, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    """One table of these partials, typed as the schema says: each entry they are in is read
    once (in threads), keeping only their documents' rows (an entry may also hold an older
    version of a document), and converted to pandas once."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for p in partials:
        wanted[p.entry].add(p.doc_id)
    empty = schema.empty(table) if columns is None else schema.empty(table)[columns]
    if not wanted:
        return empty
    arrow_fs = _arrow(filesystem(next(iter(wanted)))[0])

    def piece(entry: str, doc_ids: set[str]) -> pa.Table:
        path = _join(filesystem(entry)[1], f"{name}.parquet")
        return pq.read_table(path, filesystem=arrow_fs, columns=columns, filters=[("doc_id", "in", doc_ids)])

    with ThreadPoolExecutor(max_workers=READ_THREADS) as pool:
        pieces = [t for t in pool.map(piece, wanted, wanted.values()) if t.num_rows]
    if not pieces:
        return empty
    frame = pa.concat_tables(pieces, promote_options="default").to_pandas()
    return schema.conform(frame, table) if columns is None else frame


def statuses(partials: list[Partial]) -> list[tuple[str, str, str | None]]:
    """(path, status, reason) of every document in these ingest partials (their text unread)."""
    frame = read(partials, "documents", "documents", columns=["path", "status", "reason"])
    return [(p, s, None if pd.isna(r) else r) for p, s, r in frame.itertuples(index=False)]


def keep(partials: list[Partial]) -> None:
    """Mark the entries these partials are in as used now, so :func:`prune` keeps them."""
    for entry in {p.entry for p in partials}:
        fs, path = filesystem(entry)
        # a store whose times cannot be set: an entry's age counts from its writing
        with contextlib.suppress(NotImplementedError, ValueError):
            fs.touch(_join(path, MARKER), truncate=False)


def prune(cache_root: str, max_age_days: float = 14.0) -> int:
    """Drop entries no run has used for ``max_age_days`` (and entries never completed, as
    old); returns how many."""
    fs, root = filesystem(cache_root)
    cutoff = time.time() - max_age_days * 86400
    dropped = 0
    for stage in STAGE_PACKAGES:
        for where in fs.glob(_join(root, stage, "*")):
            marker = _join(where, MARKER)
            probe = marker if fs.exists(marker) else where
            if fs.modified(probe).timestamp() < cutoff:
                fs.rm(where, recursive=True)
                dropped += 1
    return dropped
