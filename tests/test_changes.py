"""What changed since the previous publish: contradictions new, resolved, reopened, changed;
documents added, changed, removed."""

from __future__ import annotations

import json

import pandas as pd

from flows.publish import publish, read_published
from pipeline import schema
from pipeline.changes import KINDS, Previous, changes_since, from_dict
from tests.helpers.tables import sample_tables


def _manifest(tables: dict[str, pd.DataFrame], run_id: str) -> dict:
    inputs = [
        {"doc_id": d["doc_id"], "path": d["path"], "sha256": d["sha256"], "status": d["status"]}
        for d in schema.records(tables["documents"], "documents")
    ]
    return {"run_id": run_id, "finished_at": "2026-12-01T00:00:00+00:00", "inputs": inputs}


def _ids(changes, kind: str) -> list[str]:
    return [c.contradiction_id for c in changes.contradictions[kind]]


def test_the_first_publish_has_nothing_to_compare_with() -> None:
    tables = sample_tables()
    changes = changes_since(None, tables, _manifest(tables, "r1"))
    assert changes.first and changes.line() == "first publish: nothing to compare with"


def test_the_same_run_twice_changes_nothing() -> None:
    tables = sample_tables()
    previous = Previous(_manifest(tables, "r1"), tables["contradictions"])
    changes = changes_since(previous, tables, _manifest(tables, "r2"))
    assert changes.empty and not changes.first
    assert changes.line() == (
        "since r1: contradictions 0 new, 0 resolved, 0 reopened, 0 changed; "
        "documents 0 added, 0 changed, 0 removed"
    )


def test_new_resolved_reopened_and_changed_contradictions_and_documents() -> None:
    before = sample_tables()
    now = sample_tables()
    old = before["contradictions"].copy()
    ids = list(old["contradiction_id"])
    # the first is gone now (resolved); a new one appears; the second's values moved after a
    # decision (reopened); the third's severity changed
    gone, decided, moved = ids[0], ids[1], ids[2]
    current = now["contradictions"].copy()
    current = current[current["contradiction_id"] != gone]
    extra = current.iloc[[0]].copy()
    extra["contradiction_id"] = "ctr-brand-new"
    current = pd.concat([current, extra], ignore_index=True)
    current.loc[current["contradiction_id"] == decided, "review_status"] = "reopened"
    current.loc[current["contradiction_id"] == decided, "values"] = pd.Series([["1", "2", "3"]] * 1).values
    current.loc[current["contradiction_id"] == moved, "severity"] = "low"
    old.loc[old["contradiction_id"] == decided, "review_status"] = "confirmed"
    old.loc[old["contradiction_id"] == moved, "severity"] = "high"
    now["contradictions"] = current
    docs = now["documents"].copy()
    docs.loc[0, "sha256"] = "0" * 64
    added = docs.iloc[[1]].copy()
    added["doc_id"] = "src_added"
    now["documents"] = pd.concat([docs.iloc[:-1], added], ignore_index=True)  # the last one is removed

    changes = changes_since(Previous(_manifest(before, "r1"), old), now, _manifest(now, "r2"))
    assert _ids(changes, "resolved") == [gone]
    assert _ids(changes, "new") == ["ctr-brand-new"]
    assert _ids(changes, "reopened") == [decided]
    (reopened,) = changes.contradictions["reopened"]
    assert reopened.values == ["1", "2", "3"] and reopened.previous_values != reopened.values
    assert _ids(changes, "changed") == [moved]
    assert changes.contradictions["changed"][0].previous_severity == "high"
    assert changes.documents == {
        "added": ["src_added"],
        "changed": [before["documents"].loc[0, "doc_id"]],
        "removed": [before["documents"]["doc_id"].iloc[-1]],
    }
    again = from_dict(json.loads(json.dumps(changes.as_dict())))  # through the manifest and back
    assert again == changes and set(again.contradictions) == set(KINDS)


def test_publishing_compares_with_the_publish_it_replaces(tmp_path) -> None:
    tables = sample_tables()
    curated = tmp_path / "curated"
    seen = []

    def compose(previous, why_not):
        seen.append((previous, why_not))
        return {"report.md": b"-"}, {"run_id": f"r{len(seen)}", "inputs": []}

    publish(curated, "r1", tables, {}, {}, compose=compose)
    publish(curated, "r2", tables, {}, {}, compose=compose)
    assert seen[0] == (None, None)
    previous, why_not = seen[1]
    assert why_not is None and previous.manifest["run_id"] == "r1"
    assert list(previous.contradictions["contradiction_id"]) == list(
        tables["contradictions"]["contradiction_id"]
    )
    assert json.loads((curated / "_manifest.json").read_text())["run_id"] == "r2"


def test_a_previous_publish_that_cannot_be_read_is_named_and_not_compared(tmp_path) -> None:
    (tmp_path / "_manifest.json").write_text("{not json", encoding="utf-8")
    previous, why_not = read_published(tmp_path)
    assert previous is None and str(tmp_path) in why_not and "cannot be read" in why_not
