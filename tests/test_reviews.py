"""Reviewers' decisions: recorded atomically with a snapshot, applied on later runs."""

from __future__ import annotations

import json
import os

import numpy as np
import pandas as pd
import pytest

from flows.reviews import ReviewError, load_decisions, record_decision
from pipeline.catalog.facts import load_reference
from pipeline.reconcile.rows import contradiction_id, legacy_contradiction_id
from tests.helpers.reconcile import pct, rows, run, year


def _claims(second: str = "8.1") -> list[dict]:
    return [pct("a", "vgg", "7.3", metric="top-5"), pct("b", "vgg", second, metric="top-5")]


@pytest.fixture
def published() -> pd.DataFrame:
    """Contradictions as analysts read them back (lists become numpy arrays in Parquet)."""
    frame = run(_claims()).contradictions.copy()
    frame["values"] = frame["values"].map(lambda v: np.array(v, dtype=object))
    return frame


def test_missing_file_means_no_decisions(tmp_path):
    assert load_decisions(tmp_path / "nope.json") == ([], [])


@pytest.mark.parametrize("text", ["{not json", '{"decisions": 3}', "[1, 2"])
def test_malformed_file_warns_and_does_not_block(tmp_path, text):
    path = tmp_path / "decisions.json"
    path.write_text(text, encoding="utf-8")
    decisions, warnings = load_decisions(path)
    assert decisions == [] and len(warnings) == 1
    assert str(path) in warnings[0] and "no review decisions applied" in warnings[0]


def test_record_then_apply_confirms(tmp_path, published):
    path = tmp_path / "reviews" / "decisions.json"
    cid = published.contradiction_id.iloc[0]
    decision = record_decision(path, cid, "confirmed", "checked the paper", published)
    assert decision["values"] == sorted(published["values"].iloc[0])
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["decisions"][0]["contradiction_id"] == cid
    assert not list(path.parent.glob("*.tmp"))  # written atomically, nothing left behind

    decisions, warnings = load_decisions(path)
    again = run(_claims(), decisions)
    row = rows(again, "vgg", "error_rate").iloc[0]
    assert (row.review_status, row.review_note, warnings) == ("confirmed", "checked the paper", [])


def test_last_decision_wins_and_history_is_kept(tmp_path, published):
    path = tmp_path / "decisions.json"
    cid = published.contradiction_id.iloc[0]
    record_decision(path, cid, "confirmed", "", published)
    record_decision(path, cid, "dismissed", "same figure, other model", published)
    decisions, _ = load_decisions(path)
    assert len(decisions) == 2
    assert rows(run(_claims(), decisions), "vgg", "error_rate").iloc[0].review_status == "dismissed"


def test_changed_values_reopen_the_decision(tmp_path, published):
    path = tmp_path / "decisions.json"
    record_decision(path, published.contradiction_id.iloc[0], "dismissed", "", published)
    decisions, _ = load_decisions(path)
    row = rows(run(_claims(second="9.9"), decisions), "vgg", "error_rate").iloc[0]
    assert row.review_status == "reopened" and "dismissed earlier" in row.review_note


def test_unknown_id_is_rejected_with_a_clear_message(tmp_path, published):
    with pytest.raises(ReviewError, match="unknown contradiction id 'ctr-nope'"):
        record_decision(tmp_path / "d.json", "ctr-nope", "confirmed", "", published)
    assert not (tmp_path / "d.json").exists()
    assert issubclass(ReviewError, ValueError)


def test_bad_status_is_rejected(tmp_path, published):
    with pytest.raises(ReviewError, match="status"):
        record_decision(tmp_path / "d.json", published.contradiction_id.iloc[0], "maybe", "", published)


def test_malformed_existing_file_is_not_overwritten(tmp_path, published):
    path = tmp_path / "d.json"
    path.write_text("{broken", encoding="utf-8")
    with pytest.raises(ReviewError, match="not valid JSON"):
        record_decision(path, published.contradiction_id.iloc[0], "confirmed", "", published)
    assert path.read_text(encoding="utf-8") == "{broken"


def test_decisions_for_unknown_ids_or_statuses_warn_during_a_run():
    decisions = [
        {"contradiction_id": "ctr-gone", "status": "confirmed", "values": []},
        {"contradiction_id": "ctr-x", "status": "maybe"},
        {"status": "confirmed"},
    ]
    result = run(_claims(), decisions)
    assert len(result.warnings) == 3
    assert any("unknown contradiction ctr-gone" in w for w in result.warnings)
    assert set(result.contradictions.review_status) == {"open"}


@pytest.mark.parametrize("values", [5, "15.3%", {"a": 1}, True])
def test_a_decision_whose_values_are_not_a_list_warns_and_is_ignored(values):
    """``"values": 5`` raised a TypeError that aborted the run; the README promises a warning."""
    decisions = [{"contradiction_id": "ctr-x", "status": "confirmed", "values": values}]
    result = run(_claims(), decisions)
    assert any("ctr-x" in w and "expected the list of competing values" in w for w in result.warnings)
    assert set(result.contradictions.review_status) == {"open"}


def test_recording_a_decision_keeps_the_files_mode(tmp_path, published):
    path = tmp_path / "decisions.json"
    path.write_text('{"version": 1, "decisions": []}', encoding="utf-8")
    path.chmod(0o644)
    record_decision(path, published.contradiction_id.iloc[0], "confirmed", "", published)
    assert path.stat().st_mode & 0o777 == 0o644
    fresh = tmp_path / "new" / "decisions.json"
    record_decision(fresh, published.contradiction_id.iloc[0], "confirmed", "", published)
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_decision_on_an_earlier_per_kind_id_applies_to_the_merged_row():
    # two sources disagree and one contradicts the reference: one row, both kinds
    claims = [
        year("a", "lstm", "1997年", "1997", dates="published"),
        year("b", "lstm", "2001年", "2001", dates="introduced"),
    ]
    row = rows(run(claims, reference=load_reference()), "lstm", "year").iloc[0]
    assert row.contradiction_id == contradiction_id("lstm", "year")
    assert row.contradiction_id == legacy_contradiction_id("lstm", "year", "cross_source")
    old = legacy_contradiction_id("lstm", "year", "reference")
    decision = {"contradiction_id": old, "status": "dismissed", "note": "n", "values": list(row["values"])}
    again = rows(run(claims, [decision], reference=load_reference()), "lstm", "year").iloc[0]
    assert again.review_status == "dismissed"
