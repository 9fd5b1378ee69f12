"""Ingest: raw files become ``documents`` rows (one per file, ok or rejected).

Public entry point: :func:`ingest_files`. The caller gathers :class:`RawFile`
facts (the shell, ``flows.raw_files``, from a raw directory; :func:`read_file`
reads one path it is given); everything else here is pure: bytes in, a
:class:`Document` out. A file that cannot be used is never an exception: it is
a ``rejected`` document with a reason. Sample ``documents`` rows (``path``,
``sha256`` and ``text`` left out)::

    doc_id               | title                    | encoding | n_chars | status   | reason
    000_858dce1e5fcd4cf7 | 深度学习、机器学习与GPT… | utf-8    | 2158    | ok       | None
    001_86db35f897bf9260 | 深度学习里程碑           | utf-8    | 30862   | ok       | None
    empty                |                          |          | 0       | rejected | empty file
    gbk                  | 反向传播                 | gb18030  | 49      | ok       | None
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from pipeline import schema
from pipeline.ingest.decode import (
    ImplausibleTextError,
    UndecodableError,
    decode_bytes,
    looks_binary,
    wide_unicode,
)
from pipeline.ingest.normalize import normalize_text
from pipeline.ingest.structure import Block, front_matter, parse_blocks, title_of

__all__ = [
    "MAX_BYTES",
    "Block",
    "Document",
    "RawFile",
    "documents_frame",
    "front_matter",
    "ingest_file",
    "ingest_files",
    "normalize_text",
    "parse_blocks",
    "read_file",
]

#: larger files are rejected: the longest seed text is 82 KB, a book chapter ~1 MB
MAX_BYTES = 5 * 1024 * 1024
SUFFIXES = (".txt", ".md")


@dataclass(frozen=True)
class RawFile:
    """What the shell learned about one file under the raw directory."""

    doc_id: str
    path: str  # as shown to users: relative to the raw directory
    data: bytes | None  # None when it was not read (see problem)
    size: int
    problem: str | None = None  # set by the shell: symlink outside raw, unreadable, too large

    @cached_property
    def sha256(self) -> str:
        """Hash of exactly these bytes (computed once); empty when the file was not read."""
        return hashlib.sha256(self.data).hexdigest() if self.data is not None else ""


@dataclass(frozen=True)
class Document:
    doc_id: str
    path: str
    title: str
    sha256: str
    encoding: str
    n_chars: int
    text: str
    status: str
    reason: str | None


def _rejected(raw: RawFile, reason: str, encoding: str = "") -> Document:
    return Document(raw.doc_id, raw.path, "", raw.sha256, encoding, 0, "", "rejected", reason)


def ingest_file(raw: RawFile, max_bytes: int = MAX_BYTES) -> Document:
    """Decode, check and normalise one file."""
    if raw.problem:
        return _rejected(raw, raw.problem)
    if raw.size > max_bytes or (raw.data is not None and len(raw.data) > max_bytes):
        return _rejected(raw, f"file is {raw.size:,} bytes, over the {max_bytes:,}-byte limit")
    if raw.data is None:
        return _rejected(raw, "file could not be read")
    if not raw.data.strip():
        return _rejected(raw, "empty file" if not raw.data else "file holds only whitespace")
    if (wide := wide_unicode(raw.data)) is not None:
        return _rejected(raw, f"{wide} text: not a supported encoding (UTF-8, GB18030, Big5); save as UTF-8")
    if looks_binary(raw.data):
        return _rejected(raw, "binary file (NUL or control bytes), not text")
    try:
        decoded = decode_bytes(raw.data)
    except ImplausibleTextError as exc:
        return _rejected(raw, f"not plausibly Chinese or English text: {exc}")
    except UndecodableError as exc:
        return _rejected(raw, f"undecodable: {exc}")
    text = normalize_text(decoded.text)
    if not text.strip():
        return _rejected(raw, "no text after decoding", decoded.encoding)
    title = title_of(text, parse_blocks(text), fallback=raw.doc_id)
    return Document(
        doc_id=raw.doc_id,
        path=raw.path,
        title=title,
        sha256=raw.sha256,
        encoding=decoded.encoding,
        n_chars=len(text),
        text=text,
        status="ok",
        reason=None,
    )


def documents_frame(docs: list[Document]) -> pd.DataFrame:
    """The ``documents`` table, sorted by doc_id."""
    rows = sorted((asdict(d) for d in docs), key=lambda r: r["doc_id"])
    return schema.conform(rows, "documents", complete=True)


def ingest_files(raws: Iterable[RawFile], max_bytes: int = MAX_BYTES) -> pd.DataFrame:
    """The ``documents`` table of these files: the stage's entry point."""
    return documents_frame([ingest_file(raw, max_bytes) for raw in raws])


def read_file(path: Path, doc_id: str, shown: str, max_bytes: int = MAX_BYTES) -> RawFile:
    """One file's bytes, read once from one open file, or why they could not be had: a file
    over ``max_bytes`` is not read (nor more than ``max_bytes + 1`` of one that grows), nor
    anything that is not a regular file (a FIFO would block, a device never end)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return RawFile(doc_id, shown, None, 0, f"unreadable: {exc.strerror or exc}")
    try:
        with open(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                return RawFile(doc_id, shown, None, 0, "not a regular file")
            return read_limited(fh, info.st_size, doc_id, shown, max_bytes)
    except OSError as exc:
        return RawFile(doc_id, shown, None, 0, f"unreadable: {exc.strerror or exc}")


def read_limited(fh: BinaryIO, size: int | None, doc_id: str, shown: str, max_bytes: int) -> RawFile:
    """The bytes of an open file of ``size`` bytes (None: unknown), or its size alone if over
    ``max_bytes``: not read then, nor more than ``max_bytes + 1`` of one that grows."""
    if size is not None and size > max_bytes:
        return RawFile(doc_id, shown, None, size)  # rejected by size, not read
    data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew past the limit while being read
        return RawFile(doc_id, shown, None, len(data))
    return RawFile(doc_id, shown, data, len(data))
