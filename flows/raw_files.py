"""Read the raw directory: every ``.txt``/``.md`` file becomes a :class:`FileRef`, and every
other entry a :class:`Skipped` with the reason.

Only reads. Problems that the filesystem shows (a symlink leaving the raw
directory or going round in a loop, an unreadable or oversized file, two files
with one document id) are recorded on the reference, so ingest turns them into
rejected rows instead of aborting the run. What is not read at all (hidden
entries, other suffixes, a directory that cannot be listed) is listed as
skipped, for the run's summary and manifest. Tasks receive these small
references, not the bytes, so they can run anywhere; a task reads a file
exactly once (:func:`load_raw_file`), and its content hash is of those bytes.

File names that are not valid UTF-8 (GBK bytes from an old archive) are shown,
and make document ids, with ``\\xNN`` escapes: the id of ``\\xb7\\xb4.txt`` is
``\\xb7\\xb4``, and the file is still read.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.ingest import MAX_BYTES, SUFFIXES, RawFile, read_file


class RawDirError(Exception):
    """The raw directory itself is unusable (missing, not a directory, unreadable)."""


@dataclass(frozen=True)
class FileRef:
    doc_id: str
    path: str  # as shown to users: relative to the raw directory, valid UTF-8
    abspath: str  # as the filesystem knows it (may hold surrogate escapes)
    problem: str | None = None


@dataclass(frozen=True)
class Skipped:
    """An entry under the raw directory that is not read, and why."""

    path: str  # as shown to users: relative to the raw directory
    reason: str


@dataclass(frozen=True)
class RawScan:
    refs: list[FileRef]
    skipped: list[Skipped] = field(default_factory=list)


def shown(name: str) -> str:
    """A path as it is shown and stored: undecodable bytes of its name as ``\\xNN``."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _check_raw_dir(raw_dir: Path) -> None:
    if not raw_dir.exists():
        raise RawDirError(f"raw directory {raw_dir} does not exist")
    if not raw_dir.is_dir():
        raise RawDirError(f"raw directory {raw_dir} is not a directory")
    if not os.access(raw_dir, os.R_OK | os.X_OK):
        raise RawDirError(f"raw directory {raw_dir} is not readable")


def walk(raw_dir: Path) -> tuple[list[Path], list[Skipped]]:
    """Text files under ``raw_dir`` in a stable order, and what was skipped (hidden entries,
    other suffixes, symlinks to directories, directories that cannot be listed)."""
    _check_raw_dir(raw_dir)
    found: list[Path] = []
    skipped: list[Skipped] = []

    def rel(path: str | Path) -> str:
        return shown(Path(path).relative_to(raw_dir).as_posix())

    def unlisted(exc: OSError) -> None:
        if exc.filename is not None and Path(exc.filename) != raw_dir:
            skipped.append(Skipped(rel(exc.filename) + "/", f"directory not read: {exc.strerror or exc}"))
        else:  # the raw directory itself: it passed the checks above, so it changed since
            raise RawDirError(f"raw directory {raw_dir} cannot be listed: {exc.strerror or exc}")

    for root, dirs, files in os.walk(raw_dir, onerror=unlisted):
        keep = []
        for d in sorted(dirs):
            path = Path(root) / d
            if d.startswith("."):
                skipped.append(Skipped(rel(path) + "/", "hidden directory (not read)"))
            elif path.is_symlink():
                skipped.append(Skipped(rel(path) + "/", "symlink to a directory (not followed)"))
            else:
                keep.append(d)
        dirs[:] = keep
        for f in sorted(files):
            path = Path(root) / f
            if f.startswith("."):
                skipped.append(Skipped(rel(path), "hidden file"))
            elif Path(f).suffix.lower() not in SUFFIXES:
                skipped.append(Skipped(rel(path), f"not a {' or '.join(SUFFIXES)} file"))
            else:
                found.append(path)
    return found, sorted(skipped, key=lambda s: s.path)


def candidate_paths(raw_dir: Path) -> list[Path]:
    """Text files under ``raw_dir`` in a stable order; hidden files and folders are skipped."""
    return walk(raw_dir)[0]


def _link_problem(path: Path, raw_dir: Path) -> str | None:
    """Why a symlink cannot be read as a document (leaves the raw directory, loops, dangles)."""
    try:
        target = Path(os.path.realpath(path, strict=True))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop (the link leads back to itself)"
        try:
            return f"broken symlink to {shown(os.readlink(path))}"
        except OSError:
            return f"broken symlink ({exc.strerror or exc})"
    if not target.is_relative_to(Path(os.path.realpath(raw_dir))):
        return f"symlink pointing outside the raw directory ({shown(str(target))})"
    return None


def scan(raw_dir: Path) -> RawScan:
    """A reference for every candidate file, and what was skipped; a second file with one id
    (a.txt, a.md) keeps its suffix. Files are not read here (see :func:`load_raw_file`)."""
    paths, skipped = walk(raw_dir)
    refs: list[FileRef] = []
    seen: dict[str, str] = {}
    for path in paths:
        rel = Path(shown(path.relative_to(raw_dir).as_posix()))
        doc_id, where = rel.with_suffix("").as_posix(), rel.as_posix()
        problem = _link_problem(path, raw_dir) if path.is_symlink() else None
        if doc_id in seen:
            problem = f"duplicate document id {doc_id!r} (already used by {seen[doc_id]})"
            doc_id = where
        seen.setdefault(doc_id, where)
        refs.append(FileRef(doc_id, where, str(path.absolute()), problem))
    return RawScan(refs, skipped)


def scan_raw_dir(raw_dir: Path) -> list[FileRef]:
    """The references of :func:`scan` alone."""
    return scan(raw_dir).refs


def load_raw_file(ref: FileRef, max_bytes: int = MAX_BYTES) -> RawFile:
    """The file's bytes for ingest, read once (its ``sha256`` is of these bytes)."""
    if ref.problem:
        return RawFile(ref.doc_id, ref.path, None, 0, ref.problem)
    return read_file(Path(ref.abspath), ref.doc_id, ref.path, max_bytes)
