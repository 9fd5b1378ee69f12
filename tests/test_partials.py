"""The per-document cache, written per batch: a few files per batch, found by one glob, a
changed document redone and an unchanged one reused, on a local path or an fsspec URI."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pytest

from flows import partials
from flows.raw_files import scan_raw_dir
from flows.recon_flow import extract_task, ingest_task


def _raw(tmp_path: Path, n: int) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    for i in range(n):
        text = f"# 文{i}\n\n2012年，AlexNet将错误率降至{15 + i}.3%。\n"
        (raw / f"d{i}.txt").write_text(text, encoding="utf-8")
    return raw


def _run(raw: Path, root: str) -> tuple[list[partials.Partial], list[partials.Partial]]:
    """Both per-document stages over ``raw`` as one batch, reusing what the cache holds."""
    refs = scan_raw_dir(raw)
    ids = [r.doc_id for r in refs]
    docs = ingest_task.fn(refs, root, partials.known(partials.index(root, "ingest"), ids))
    return docs, extract_task.fn(docs, root, partials.known(partials.index(root, "extract"), ids))


@pytest.fixture(params=["local", "memory"])
def root(request, tmp_path: Path) -> str:
    if request.param == "local":
        return str(tmp_path / "cache")
    return f"memory://recon-test-{uuid.uuid4().hex[:8]}/cache"


def test_a_batch_is_a_few_files_not_a_few_per_document(tmp_path: Path) -> None:
    root = str(tmp_path / "cache")
    docs, extracted = _run(_raw(tmp_path, 30), root)
    files = sorted(p.name for p in Path(root).rglob("*") if p.is_file())
    assert files == [
        "_keys.parquet",
        "_keys.parquet",
        "claims.parquet",
        "documents.parquet",
        "mentions.parquet",
    ]
    assert len({p.entry for p in docs}) == len({p.entry for p in extracted}) == 1


def test_an_unchanged_document_is_reused_and_a_changed_one_redone(tmp_path: Path, root: str) -> None:
    raw = _raw(tmp_path, 3)
    first_docs, first_ext = _run(raw, root)
    assert not any(p.cached for p in first_docs + first_ext)
    (raw / "d1.txt").write_text("# 文1\n\n2014年，GoogLeNet的错误率为6.7%。\n", encoding="utf-8")
    docs, extracted = _run(raw, root)
    assert [(p.doc_id, p.cached) for p in docs] == [("d0", True), ("d1", False), ("d2", True)]
    assert [(p.doc_id, p.cached) for p in extracted] == [("d0", True), ("d1", False), ("d2", True)]
    claims = partials.read(extracted, "claims", "extracted_claims")
    # d1's old claim (16.3%) is still in the first entry, but only its new version is read
    assert sorted(claims.loc[claims["doc_id"] == "d1", "value_raw"]) == ["2014年", "6.7%"]
    assert len(partials.read(docs, "documents", "documents")) == 3


def test_code_or_data_changes_void_the_cache(tmp_path: Path, monkeypatch) -> None:
    root, raw = str(tmp_path / "cache"), _raw(tmp_path, 2)
    _run(raw, root)
    monkeypatch.setattr(partials, "fingerprint", lambda stage: "another version of " + stage)
    docs, extracted = _run(raw, root)
    assert not any(p.cached for p in docs + extracted)


def test_an_entry_without_its_marker_is_not_found(tmp_path: Path) -> None:
    root = str(tmp_path / "cache")
    docs, _ = _run(_raw(tmp_path, 2), root)
    (Path(docs[0].entry) / partials.MARKER).unlink()  # as if the worker died before the last write
    assert partials.index(root, "ingest") == {}


def test_entries_unused_for_two_weeks_are_pruned_and_used_ones_kept(tmp_path: Path) -> None:
    root = str(tmp_path / "cache")
    raw = _raw(tmp_path, 2)
    old_docs, _ = _run(raw, root)
    weeks_ago = time.time() - 15 * 86400
    for path in Path(root).rglob("*"):
        os.utime(path, (weeks_ago, weeks_ago))
    docs, extracted = _run(raw, root)
    partials.keep(docs + extracted)  # what a run does with what it used
    assert partials.prune(root) == 0
    (raw / "d0.txt").write_text("# 新\n\n新的文本。\n", encoding="utf-8")
    docs, extracted = _run(raw, root)
    for path in Path(root).rglob("*"):
        os.utime(path, (weeks_ago, weeks_ago))
    partials.keep(docs + extracted)  # d1 is still read from the first entries; d0 from new ones
    assert partials.prune(root) == 0
    assert partials.prune(root, max_age_days=-1) == 4  # everything is older than tomorrow
    assert not Path(old_docs[0].entry).exists()
