"""The sample run tables are exact by construction: spans hold their values, citations exist."""

from __future__ import annotations

from tests.helpers.tables import sample_tables


def test_sample_spans_reproduce_their_values():
    tables = sample_tables()
    texts = dict(zip(tables["documents"].doc_id, tables["documents"].text, strict=True))
    for _, c in tables["claims"].iterrows():
        assert texts[c.doc_id][c.char_start : c.char_end] == c.value_raw
        assert c.value_raw in c.evidence
    for _, m in tables["mentions"].iterrows():
        assert texts[m.doc_id][m.char_start : m.char_end] == m.surface


def test_sample_contradictions_cite_existing_claims():
    tables = sample_tables()
    known = set(tables["claims"].claim_id)
    for ids in tables["contradictions"].claim_ids:
        assert ids and set(ids) <= known
