"""Reading the raw directory: what the filesystem can tell, and that nothing is modified."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from flows import raw_files
from flows.raw_files import RawDirError, load_raw_file, scan_raw_dir
from pipeline.ingest import ingest_file


def test_missing_or_non_directory_raw_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(RawDirError, match="nope"):
        scan_raw_dir(tmp_path / "nope")
    (tmp_path / "f").write_text("x")
    with pytest.raises(RawDirError, match="not a directory"):
        scan_raw_dir(tmp_path / "f")


def test_only_text_files_are_read_recursively_and_hidden_ones_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("甲")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("乙")
    (tmp_path / "c.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text("丙")
    assert [r.doc_id for r in scan_raw_dir(tmp_path)] == ["a", "sub/b"]


def test_symlink_leaving_the_raw_directory_is_rejected(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("外部文件")
    (raw / "link.txt").symlink_to(secret)
    (raw / "inside.txt").write_text("内部")
    (raw / "inner-link.txt").symlink_to(raw / "inside.txt")
    (raw / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    docs = {r.doc_id: ingest_file(load_raw_file(r)) for r in scan_raw_dir(raw)}
    assert docs["link"].status == "rejected" and "outside the raw directory" in docs["link"].reason
    assert docs["dangling"].status == "rejected" and "broken symlink" in docs["dangling"].reason
    assert docs["inner-link"].status == "ok"


def test_two_files_with_one_stem_keep_distinct_ids(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("一")
    (tmp_path / "a.txt").write_text("二")
    files = scan_raw_dir(tmp_path)
    assert [f.doc_id for f in files] == ["a", "a.txt"]
    assert "duplicate document id" in ingest_file(load_raw_file(files[1])).reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_rejected(tmp_path: Path) -> None:
    f = tmp_path / "locked.txt"
    f.write_text("锁")
    f.chmod(0)
    assert "unreadable" in ingest_file(load_raw_file(scan_raw_dir(tmp_path)[0])).reason


def test_oversized_file_is_not_read_and_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"a" * 2048)
    (ref,) = scan_raw_dir(tmp_path)  # files are read (and measured) once, by load_raw_file
    raw_file = load_raw_file(ref, max_bytes=1024)
    assert raw_file.data is None
    assert "over the 1,024-byte limit" in ingest_file(raw_file, max_bytes=1024).reason


def test_scanning_never_modifies_raw_files(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes("ＧＰＴ\r\n".encode("gbk"))
    before = (f.read_bytes(), f.stat().st_mtime_ns)
    ingest_file(load_raw_file(scan_raw_dir(tmp_path)[0]))
    assert (f.read_bytes(), f.stat().st_mtime_ns) == before


def test_a_symlink_loop_is_a_rejected_file_not_an_aborted_run(tmp_path: Path) -> None:
    """``ln -s loop.txt loop.txt``: path.resolve() raised RuntimeError outside the try."""
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    (tmp_path / "a.txt").symlink_to("b.txt")
    (tmp_path / "b.txt").symlink_to("a.txt")
    (tmp_path / "ok.txt").write_text("深度学习")
    docs = {r.doc_id: ingest_file(load_raw_file(r)) for r in scan_raw_dir(tmp_path)}
    for loop in ("loop", "a", "b"):
        assert docs[loop].status == "rejected" and "symlink loop" in docs[loop].reason
    assert docs["ok"].status == "ok"


def test_a_file_name_that_is_not_utf8_is_shown_with_escapes_and_read(tmp_path: Path) -> None:
    """A GBK file name (bytes, not UTF-8) raised UnicodeEncodeError when keyed for the cache."""
    name = "反向传播".encode("gbk") + b".txt"
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as fh:
        fh.write("反向传播由辛顿等人推广。".encode())
    (ref,) = scan_raw_dir(tmp_path)
    assert ref.path == name.decode("utf-8", "backslashreplace") and ref.path.startswith("\\x")
    assert ref.doc_id == ref.path.removesuffix(".txt")
    ref.path.encode("utf-8")  # no surrogates: it can be stored, hashed and printed
    doc = ingest_file(load_raw_file(ref))
    assert doc.status == "ok" and "辛顿" in doc.text


def test_what_is_not_read_is_listed_with_the_reason(tmp_path: Path) -> None:
    """Hidden files, other suffixes and symlinked directories were skipped without a word."""
    (tmp_path / "a.txt").write_text("甲")
    (tmp_path / ".hidden.txt").write_text("丙")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("丁")
    (tmp_path / "paper.pdf").write_bytes(b"%PDF")
    (tmp_path / "elsewhere").symlink_to(tmp_path / ".git", target_is_directory=True)
    scan = raw_files.scan(tmp_path)
    assert [r.doc_id for r in scan.refs] == ["a"]
    assert {(s.path, s.reason.split(" (")[0]) for s in scan.skipped} == {
        (".git/", "hidden directory"),
        (".hidden.txt", "hidden file"),
        ("paper.pdf", "not a .txt or .md file"),
        ("elsewhere/", "symlink to a directory"),
    }


def test_a_directory_that_cannot_be_listed_is_listed_as_skipped(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.txt").write_text("甲")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text("乙")
    real_scandir = os.scandir

    def scandir(path):  # what chmod 000 does for anyone but root
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    scan = raw_files.scan(tmp_path)
    assert [r.doc_id for r in scan.refs] == ["a"]
    assert [(s.path, s.reason) for s in scan.skipped] == [
        ("locked/", "directory not read: Permission denied")
    ]


def test_a_file_changed_after_the_scan_is_cached_under_the_hash_of_what_was_ingested(tmp_path: Path) -> None:
    """The scan hashed a file and ingest read it again: a change in between was stored under the
    old hash, and a later run with the old content published the new text with the old sha256."""
    import hashlib

    from flows import partials
    from flows.recon_flow import ingest_task

    raw, cache = tmp_path / "raw", tmp_path / "cache"
    raw.mkdir()
    first, second = "# 甲\n\n第一版。".encode(), "# 乙\n\n第二版。".encode()
    (raw / "doc.txt").write_bytes(first)
    refs = scan_raw_dir(raw)
    (raw / "doc.txt").write_bytes(second)  # between the scan and the ingest task
    (part,) = ingest_task.fn(refs, str(cache), {})
    doc = partials.read([part], "documents", "documents").iloc[0]
    assert (doc["text"], doc["sha256"]) == ("# 乙\n\n第二版。", hashlib.sha256(second).hexdigest())
    (raw / "doc.txt").write_bytes(first)  # the next run sees the first content again
    cached = partials.known(partials.index(str(cache), "ingest"), ["doc"])
    (part,) = ingest_task.fn(scan_raw_dir(raw), str(cache), cached)
    doc = partials.read([part], "documents", "documents").iloc[0]
    assert (doc["text"], doc["sha256"]) == ("# 甲\n\n第一版。", hashlib.sha256(first).hexdigest())


def test_a_fifo_is_not_opened_for_reading(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (ref,) = scan_raw_dir(tmp_path)
    assert ingest_file(load_raw_file(ref)).reason == "not a regular file"


@pytest.fixture
def store_raw() -> str:
    """A raw directory in an object store (fsspec's in-memory one): a URI, no local path."""
    import uuid

    import fsspec

    root = f"/raw-{uuid.uuid4().hex[:8]}"
    fsspec.filesystem("memory").pipe(
        {
            f"{root}/a.txt": "深度学习".encode(),
            f"{root}/a.md": "同名".encode(),
            f"{root}/sub/b.md": "# 乙".encode(),
            f"{root}/c.pdf": b"%PDF",
            f"{root}/.hidden.txt": b"x",
            f"{root}/.git/config.txt": b"x",
            f"{root}/big.txt": b"x" * 64,
        }
    )
    return f"memory://{root}"


def test_a_store_directory_is_listed_by_the_rules_of_a_local_one(store_raw: str) -> None:
    scan = raw_files.scan(store_raw)
    assert [(r.doc_id, r.path, r.problem) for r in scan.refs] == [
        ("a", "a.md", None),
        ("a.txt", "a.txt", "duplicate document id 'a' (already used by a.md)"),
        ("big", "big.txt", None),
        ("sub/b", "sub/b.md", None),
    ]
    assert [(s.path, s.reason) for s in scan.skipped] == [
        (".git/", "hidden directory (not read)"),
        (".hidden.txt", "hidden file"),
        ("c.pdf", "not a .txt or .md file"),
    ]
    assert all(r.location.startswith("memory://") for r in scan.refs)  # what a worker opens


def test_a_store_file_is_read_by_its_uri_once_and_under_the_size_limit(store_raw: str) -> None:
    refs = {r.doc_id: r for r in scan_raw_dir(store_raw)}
    raw = load_raw_file(refs["sub/b"], max_bytes=32)
    assert raw.data == "# 乙".encode() and raw.size == len(raw.data)
    assert ingest_file(raw).text == "# 乙"
    big = load_raw_file(refs["big"], max_bytes=32)
    assert big.data is None and big.size == 64  # rejected by size, not read


def test_a_store_directory_that_is_missing_or_cannot_be_opened_is_an_error_naming_it() -> None:
    with pytest.raises(RawDirError, match=r"memory://nowhere-at-all does not exist"):
        scan_raw_dir("memory://nowhere-at-all")
    with pytest.raises(RawDirError, match=r"nosuch://bucket/raw cannot be opened: Protocol not known"):
        scan_raw_dir("nosuch://bucket/raw")


def test_a_file_uri_is_a_local_directory(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("甲")
    (ref,) = scan_raw_dir(f"file://{tmp_path}")
    assert ref.location == str(tmp_path / "a.txt") and load_raw_file(ref).data == "甲".encode()
