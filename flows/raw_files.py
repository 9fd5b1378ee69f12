"""Read the raw directory: every ``.txt``/``.md`` file becomes a :class:`RawFile`.

Only reads. Problems that the filesystem shows (a symlink leaving the raw
directory, an unreadable or oversized file, two files with one document id)
are recorded on the RawFile, so ingest turns them into rejected rows instead
of aborting the run.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.ingest import MAX_BYTES, SUFFIXES, RawFile


class RawDirError(Exception):
    """The raw directory itself is unusable (missing, not a directory, unreadable)."""


def _doc_id(rel: Path) -> str:
    return rel.with_suffix("").as_posix()


def candidate_paths(raw_dir: Path) -> list[Path]:
    """Text files under ``raw_dir`` in a stable order; hidden files and folders are skipped."""
    if not raw_dir.exists():
        raise RawDirError(f"raw directory {raw_dir} does not exist")
    if not raw_dir.is_dir():
        raise RawDirError(f"raw directory {raw_dir} is not a directory")
    if not os.access(raw_dir, os.R_OK | os.X_OK):
        raise RawDirError(f"raw directory {raw_dir} is not readable")
    found: list[Path] = []
    for root, dirs, files in os.walk(raw_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(root) / f
            for f in sorted(files)
            if not f.startswith(".") and Path(f).suffix.lower() in SUFFIXES
        )
    return found


def read_raw_file(path: Path, raw_dir: Path, max_bytes: int = MAX_BYTES) -> RawFile:
    """Facts about one file, read without modifying it."""
    rel = path.relative_to(raw_dir)
    doc_id, shown = _doc_id(rel), rel.as_posix()
    root = raw_dir.resolve()
    if path.is_symlink():
        target = path.resolve()
        if not target.exists():
            return RawFile(doc_id, shown, None, 0, f"broken symlink to {os.readlink(path)}")
        if not target.is_relative_to(root):
            return RawFile(doc_id, shown, None, 0, f"symlink pointing outside the raw directory ({target})")
    try:
        size = path.stat().st_size
        if not path.is_file():
            return RawFile(doc_id, shown, None, size, "not a regular file")
        if size > max_bytes:
            return RawFile(doc_id, shown, None, size)
        data = path.read_bytes()
    except OSError as exc:
        return RawFile(doc_id, shown, None, 0, f"unreadable: {exc.strerror or exc}")
    return RawFile(doc_id, shown, data, len(data))


def scan_raw_dir(raw_dir: Path, max_bytes: int = MAX_BYTES) -> list[RawFile]:
    """Every candidate file; a second file with the same id (a.txt, a.md) keeps its suffix as id."""
    files: list[RawFile] = []
    seen: dict[str, str] = {}
    for path in candidate_paths(raw_dir):
        raw = read_raw_file(path, raw_dir, max_bytes)
        if raw.doc_id in seen:
            raw = RawFile(
                raw.path,
                raw.path,
                raw.data,
                raw.size,
                f"duplicate document id {raw.doc_id!r} (already used by {seen[raw.doc_id]})",
            )
        seen.setdefault(raw.doc_id, raw.path)
        files.append(raw)
    return files
