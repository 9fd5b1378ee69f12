"""Quality of extraction on the seed corpus (issue 3, "Quality")."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from pipeline.extract import extract_claims


@pytest.fixture(scope="module")
def extracted(seed_documents: pd.DataFrame):
    ex = extract_claims(seed_documents)
    mentions = ex.mentions.set_index("mention_id")
    claims = ex.claims.copy()
    claims["subject"] = claims["subject_mention_id"].map(mentions["catalog_id"])
    claims["doc"] = claims["doc_id"].str[:3]
    return ex, claims


def values(claims: pd.DataFrame, subject: str, attribute: str, column: str = "value_num") -> dict[str, set]:
    rows = claims[(claims["subject"] == subject) & (claims["attribute"] == attribute)]
    return {doc: set(group[column]) for doc, group in rows.groupby("doc")}


def test_alexnet_error_rate_per_source(extracted):
    _, claims = extracted
    errors = values(claims, "alexnet", "error_rate")
    assert errors == {"000": {15.3}, "002": {16.4}, "003": {15.3}, "004": {15.3}}


def test_alexnet_top5_is_written_where_the_source_says_it(extracted):
    _, claims = extracted
    rows = claims[(claims["subject"] == "alexnet") & (claims["attribute"] == "error_rate")]
    metric = {r.doc: json.loads(r.qualifiers).get("metric") for r in rows.itertuples()}
    assert metric["003"] == "top-5" and metric["004"] == "top-5"


def test_alexnet_accuracy_84_from_001(extracted):
    _, claims = extracted
    assert values(claims, "alexnet", "accuracy") == {"001": {84.0}}


def test_baselines_are_not_alexnet_claims(extracted):
    _, claims = extracted
    alexnet = claims[claims["subject"] == "alexnet"]
    assert not alexnet["value_num"].isin([26.0, 26.2, 75.0]).any()
    roles = claims[claims["qualifiers"].str.contains('"role"')]
    assert {json.loads(q)["role"] for q in roles["qualifiers"]} <= {"runner_up", "previous_best"}
    baselines = roles[roles["value_num"].isin([26.0, 26.2])]
    assert set(baselines["doc"]) == {"000", "003", "004"}
    assert baselines["qualifiers"].str.contains('"relative_to": "AlexNet"').all()
    assert set(baselines["subject"]) <= {"ilsvrc", "imagenet"}


def test_gpt3_parameters_only_175_billion(extracted):
    _, claims = extracted
    params = values(claims, "gpt-3", "parameters")
    assert set(params) == {"000", "001", "002", "003", "004"}
    assert all(v == {1.75e11} for v in params.values())


def test_backpropagation_years(extracted):
    _, claims = extracted
    years = values(claims, "backpropagation", "year", "value_norm")
    assert "1986" in years["002"] and "1986" in years["003"]
    assert "1987" in years["001"]


def test_scaling_law_credited_as_004_writes_it(extracted):
    _, claims = extracted
    assert values(claims, "scaling-law", "organization", "value_raw") == {"004": {"OpenAI"}}
    assert values(claims, "scaling-law", "creator", "value_raw") == {"004": {"Jeff Dean"}}


def test_chinchilla_deepmind_2022(extracted):
    _, claims = extracted
    orgs = values(claims, "chinchilla", "organization", "value_raw")
    years = values(claims, "chinchilla", "year", "value_num")
    for doc in ("000", "004"):
        assert orgs[doc] == {"DeepMind"}
        assert years[doc] == {2022.0}


def test_every_claim_and_mention_has_exact_offsets(extracted, seed_documents):
    ex, _ = extracted
    text = dict(zip(seed_documents["doc_id"], seed_documents["text"], strict=True))
    for r in ex.claims.itertuples():
        assert text[r.doc_id][r.char_start : r.char_end] == r.value_raw
    for r in ex.mentions.itertuples():
        assert text[r.doc_id][r.char_start : r.char_end] == r.surface


def test_claims_point_at_emitted_mentions(extracted):
    ex, _ = extracted
    ids = set(ex.mentions["mention_id"])
    assert set(ex.claims["subject_mention_id"]) <= ids
    assert set(ex.claims["value_mention_id"].dropna()) <= ids
    assert ex.claims["claim_id"].is_unique and ex.mentions["mention_id"].is_unique


def test_glued_scrapes_split_into_organisation_and_person(extracted):
    ex, claims = extracted
    mention = ex.mentions.set_index("mention_id")
    glued = claims[claims["evidence"].str.startswith("Google BrainNoam Shazeer团队")]
    pairs = {(r.attribute, mention.loc[r.value_mention_id, "catalog_id"]) for r in glued.itertuples()}
    assert pairs >= {("organization", "google-brain"), ("creator", "noam-shazeer")}
