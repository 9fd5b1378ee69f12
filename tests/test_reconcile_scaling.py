"""Contradiction finding scales with distinct readings, not with pairs of claims.

Counts comparisons (no timing): thousands of sources repeating a few values must
cost a few dozen verdicts, and comparing readings once must report exactly what
comparing every pair of claims reports.
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from pipeline.reconcile import contradictions
from pipeline.reconcile.observations import observe
from tests.helpers.reconcile import credit, pct

VALUES = ("15.3", "16.4", "15.3", "26.2", "15.32", "84")


def _observations(claims: list[dict]):
    observations, warnings = observe(pd.DataFrame(claims), lambda eid: eid, lambda eid: ())
    assert not warnings
    return observations


def _error_claims(n: int, n_docs: int) -> list[dict]:
    """``n`` AlexNet error claims over ``n_docs`` documents, five distinct readings."""
    return [
        pct(f"d{i % n_docs:04d}", "alexnet", VALUES[i % len(VALUES)], metric="top-5")
        | {"claim_id": f"c{i:05d}"}
        for i in range(n)
    ]


def _credit_claims(n_docs: int) -> list[dict]:
    """One credit list per document, three distinct lists."""
    lists = (("yann-lecun",), ("yann-lecun", "geoffrey-hinton"), ("geoffrey-hinton",))
    return [
        credit(f"d{d:04d}", "lenet", "creator", person, " & ".join(lists[d % 3]))
        | {"claim_id": f"c{d:04d}-{person}"}
        for d in range(n_docs)
        for person in lists[d % len(lists)]
    ]


def _counting(monkeypatch, name: str) -> list[int]:
    calls = [0]
    original = getattr(contradictions, name)

    def counted(*args):
        calls[0] += 1
        return original(*args)

    monkeypatch.setattr(contradictions, name, counted)
    return calls


def test_numeric_comparisons_grow_with_distinct_values_not_claims(monkeypatch):
    calls = _counting(monkeypatch, "compare_pair")
    rows = contradictions.find_contradictions(_observations(_error_claims(2000, 400)))
    assert calls[0] <= 25  # 5 readings: at most 5 × 5 ordered pairs, shared by both kinds
    cross = [r for r in rows if r["kind"] == "cross_source"]
    assert len(cross) == 1 and cross[0]["severity"] == "high"
    assert len(cross[0]["claim_ids"]) == 2000  # the verdicts reach every claim behind them


def test_credit_comparisons_grow_with_distinct_lists_not_documents(monkeypatch):
    calls = _counting(monkeypatch, "compare_sets")
    rows = contradictions.find_contradictions(_observations(_credit_claims(900)))
    assert calls[0] <= 9  # 3 distinct lists
    assert [r["kind"] for r in rows] == ["cross_source"]
    assert len(rows[0]["doc_ids"]) == 900


@pytest.mark.parametrize("claims", [_error_claims(90, 7), _credit_claims(12)], ids=["numbers", "credits"])
def test_comparing_readings_once_reports_what_comparing_every_pair_does(monkeypatch, claims):
    observations = _observations(claims)
    by_readings = contradictions.find_contradictions(observations)
    # every claim (and every credit list) its own reading: each pair is compared
    unique = itertools.count()
    monkeypatch.setattr(contradictions, "reading", lambda o: str(next(unique)))
    monkeypatch.setattr(contradictions, "credit_reading", lambda obs: str(next(unique)))
    calls = _counting(monkeypatch, "compare_pair" if claims[0]["unit"] == "%" else "compare_sets")
    by_pairs = contradictions.find_contradictions(observations)
    assert calls[0] > 25
    assert by_readings == by_pairs and by_readings
