"""Read the raw directory: every ``.txt``/``.md`` file becomes a :class:`FileRef`.

Only reads. Problems that the filesystem shows (a symlink leaving the raw
directory, an unreadable or oversized file, two files with one document id)
are recorded on the reference, so ingest turns them into rejected rows instead
of aborting the run. Tasks receive these small references (path and content
hash), not the bytes, so they can run anywhere and be cached by content.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest import MAX_BYTES, SUFFIXES, RawFile, read_file


class RawDirError(Exception):
    """The raw directory itself is unusable (missing, not a directory, unreadable)."""


@dataclass(frozen=True)
class FileRef:
    doc_id: str
    path: str  # as shown to users: relative to the raw directory
    abspath: str
    sha256: str  # of the bytes; "" when the file was not read
    size: int
    problem: str | None = None


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


def _read(path: Path, raw_dir: Path, max_bytes: int) -> tuple[bytes | None, int, str | None]:
    """(bytes, size, problem) of one file, without modifying it."""
    if path.is_symlink():
        target = path.resolve()
        if not target.exists():
            return None, 0, f"broken symlink to {os.readlink(path)}"
        if not target.is_relative_to(raw_dir.resolve()):
            return None, 0, f"symlink pointing outside the raw directory ({target})"
    try:
        size = path.stat().st_size
        if not path.is_file():
            return None, size, "not a regular file"
        if size > max_bytes:
            return None, size, None  # ingest rejects it by size
        data = path.read_bytes()
    except OSError as exc:
        return None, 0, f"unreadable: {exc.strerror or exc}"
    return data, len(data), None


def scan_raw_dir(raw_dir: Path, max_bytes: int = MAX_BYTES) -> list[FileRef]:
    """A reference for every candidate file; a second file with one id (a.txt, a.md) keeps its suffix."""
    refs: list[FileRef] = []
    seen: dict[str, str] = {}
    for path in candidate_paths(raw_dir):
        rel = path.relative_to(raw_dir)
        doc_id, shown = rel.with_suffix("").as_posix(), rel.as_posix()
        data, size, problem = _read(path, raw_dir, max_bytes)
        if doc_id in seen:
            problem = f"duplicate document id {doc_id!r} (already used by {seen[doc_id]})"
            doc_id = shown
        seen.setdefault(doc_id, shown)
        digest = hashlib.sha256(data).hexdigest() if data is not None else ""
        refs.append(FileRef(doc_id, shown, str(path.absolute()), digest, size, problem))
    return refs


def load_raw_file(ref: FileRef, max_bytes: int = MAX_BYTES) -> RawFile:
    """The file's bytes for ingest (read again: tasks get references, not bytes)."""
    if ref.problem:
        return RawFile(ref.doc_id, ref.path, None, ref.size, ref.problem)
    return read_file(Path(ref.abspath), ref.doc_id, ref.path, max_bytes)
