"""Reading the raw directory: what the filesystem can tell, and that nothing is modified."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
    (ref,) = scan_raw_dir(tmp_path, max_bytes=1024)
    raw_file = load_raw_file(ref, max_bytes=1024)
    assert raw_file.data is None
    assert "over the 1,024-byte limit" in ingest_file(raw_file, max_bytes=1024).reason


def test_scanning_never_modifies_raw_files(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes("ＧＰＴ\r\n".encode("gbk"))
    before = (f.read_bytes(), f.stat().st_mtime_ns)
    ingest_file(load_raw_file(scan_raw_dir(tmp_path)[0]))
    assert (f.read_bytes(), f.stat().st_mtime_ns) == before
