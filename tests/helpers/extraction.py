"""Extraction of hand-written snippets, read as rows (what a test compares)."""

from __future__ import annotations

import json

import pandas as pd

from pipeline import schema
from pipeline.extract import extract_claims


def extract_rows(doc_id: str, text: str) -> tuple[list[dict], list[dict]]:
    """Mention and claim rows of one text, through the stage's own entry point."""
    extraction = extract_claims(pd.DataFrame({"doc_id": [doc_id], "text": [text], "status": ["ok"]}))
    return (
        schema.records(extraction.mentions, "extracted_mentions"),
        schema.records(extraction.claims, "extracted_claims"),
    )


def candidates_of(text: str) -> list:
    """Every (subject, attribute, value) candidate the scorer is shown for one text, with its features."""
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text], "status": ["ok"]})
    return extract_claims(docs, keep_candidates=True).candidates["d"].candidates


def claims_of(text: str) -> list[tuple[str, str, str, str]]:
    """(subject surface, attribute, value_raw, extractor) of every claim, with offsets checked."""
    mentions, claims = extract_rows("snippet", text)
    by_id = {m["mention_id"]: m for m in mentions}
    out = []
    for c in claims:
        assert text[c["char_start"] : c["char_end"]] == c["value_raw"]
        s = by_id[c["subject_mention_id"]]
        assert text[s["char_start"] : s["char_end"]] == s["surface"]
        out.append((s["surface"], c["attribute"], c["value_raw"], c["extractor"]))
    return out


def qualifiers(text: str, value_raw: str) -> list[dict]:
    _, claims = extract_rows("snippet", text)
    return [json.loads(c["qualifiers"]) for c in claims if c["value_raw"] == value_raw]


def triples(text: str) -> set[tuple[str, str, str]]:
    return {(s, a, v) for s, a, v, _ in claims_of(text)}
