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

The raw directory may also be a directory of an object store, given as an fsspec URI
(``s3://bucket/raw``, with s3fs installed): its objects are listed with one
``find`` and each task opens its file by URI, so workers need no path of the
flow's machine. A store has no symlinks, devices or permissions to check; the
suffix and hidden-name rules and the size limit are the same.

File names that are not valid UTF-8 (GBK bytes from an old archive) are shown,
and make document ids, with ``\\xNN`` escapes: the id of ``\\xb7\\xb4.txt`` is
``\\xb7\\xb4``, and the file is still read.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path

import fsspec
from fsspec.implementations.local import LocalFileSystem

from flows.partials import filesystem
from pipeline.ingest import MAX_BYTES, SUFFIXES, RawFile, read_file, read_limited


class RawDirError(Exception):
    """The raw directory itself is unusable (missing, not a directory, unreadable)."""


@dataclass(frozen=True)
class FileRef:
    doc_id: str
    path: str  # as shown to users: relative to the raw directory, valid UTF-8
    location: str  # where a worker reads it: an absolute local path (may hold surrogate escapes) or a URI
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


def store(raw: str | Path) -> tuple[fsspec.AbstractFileSystem, str] | None:
    """The object store of a raw URI and the directory on it, or None for a local directory
    (a plain path or ``file://``)."""
    if isinstance(raw, Path) or "://" not in raw:
        return None
    try:
        fs, root = filesystem(raw)
    except (ValueError, ImportError) as exc:  # an unknown protocol, or its package missing
        raise RawDirError(f"raw directory {raw} cannot be opened: {exc}") from exc
    return None if isinstance(fs, LocalFileSystem) else (fs, root)


def local_dir(raw: str | Path) -> Path:
    """A local raw directory as a path (``file:///data/raw`` → ``/data/raw``)."""
    raw = str(raw)
    return Path(filesystem(raw)[1] if raw.startswith("file://") else raw)


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


def _walk_store(fs: fsspec.AbstractFileSystem, root: str, raw: str) -> tuple[list[str], list[Skipped]]:
    """Text objects under a store directory, as paths relative to it, and what was skipped,
    by the rules of :func:`walk` (a hidden directory is one entry; what is under it is not
    listed)."""
    try:
        if not fs.isdir(root):
            raise RawDirError(f"raw directory {raw} does not exist or is not a directory")
        entries = fs.find(root, withdirs=True, detail=True)
    except OSError as exc:
        raise RawDirError(f"raw directory {raw} cannot be listed: {exc}") from exc
    found: list[str] = []
    skipped: list[Skipped] = []
    hidden: set[str] = set()
    for name in sorted(entries):
        rel = name[len(root) :].strip("/")
        parts = rel.split("/")
        if not rel or any(("/".join(parts[: i + 1]) in hidden) for i in range(len(parts) - 1)):
            continue
        if entries[name].get("type") == "directory":
            if parts[-1].startswith("."):
                hidden.add(rel)
                skipped.append(Skipped(rel + "/", "hidden directory (not read)"))
        elif parts[-1].startswith("."):
            skipped.append(Skipped(rel, "hidden file"))
        elif Path(parts[-1]).suffix.lower() not in SUFFIXES:
            skipped.append(Skipped(rel, f"not a {' or '.join(SUFFIXES)} file"))
        else:
            found.append(rel)
    return found, sorted(skipped, key=lambda s: s.path)


def _refs(named: list[tuple[str, str, str | None]]) -> list[FileRef]:
    """References from (path shown, location, problem); a second file with one id (a.txt,
    a.md) keeps its suffix."""
    refs: list[FileRef] = []
    seen: dict[str, str] = {}
    for where, location, problem in named:
        doc_id = Path(where).with_suffix("").as_posix()
        if doc_id in seen:
            problem = f"duplicate document id {doc_id!r} (already used by {seen[doc_id]})"
            doc_id = where
        seen.setdefault(doc_id, where)
        refs.append(FileRef(doc_id, where, location, problem))
    return refs


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


def scan(raw: str | Path) -> RawScan:
    """A reference for every candidate file of a local or store directory, and what was
    skipped. Files are not read here (see :func:`load_raw_file`)."""
    if (where := store(raw)) is not None:
        fs, root = where
        names, skipped = _walk_store(fs, root, str(raw))
        return RawScan(_refs([(n, fs.unstrip_protocol(f"{root}/{n}"), None) for n in names]), skipped)
    raw_dir = local_dir(raw)
    paths, skipped = walk(raw_dir)
    named = [
        (
            shown(path.relative_to(raw_dir).as_posix()),
            str(path.absolute()),
            _link_problem(path, raw_dir) if path.is_symlink() else None,
        )
        for path in paths
    ]
    return RawScan(_refs(named), skipped)


def scan_raw_dir(raw: str | Path) -> list[FileRef]:
    """The references of :func:`scan` alone."""
    return scan(raw).refs


def _read_url(url: str, doc_id: str, shown: str, max_bytes: int) -> RawFile:
    """A store object's bytes, read once, under the limits of :func:`read_file`."""
    try:
        with fsspec.open(url, "rb") as fh:
            size = getattr(fh, "size", None)
            return read_limited(fh, size if isinstance(size, int) else None, doc_id, shown, max_bytes)
    except (OSError, ValueError) as exc:
        return RawFile(doc_id, shown, None, 0, f"unreadable: {exc}")


def load_raw_file(ref: FileRef, max_bytes: int = MAX_BYTES) -> RawFile:
    """The file's bytes for ingest, read once (its ``sha256`` is of these bytes), from a local
    path or a store's URI."""
    if ref.problem:
        return RawFile(ref.doc_id, ref.path, None, 0, ref.problem)
    if os.path.isabs(ref.location):
        return read_file(Path(ref.location), ref.doc_id, ref.path, max_bytes)
    return _read_url(ref.location, ref.doc_id, ref.path, max_bytes)
