"""TruthFinder consensus and source reliability, on hand-written claim sets."""

from __future__ import annotations

import math

import pytest

from pipeline.reconcile.truth_discovery import sigmoid
from tests.helpers.reconcile import credit, pct, run, year


def consensus_of(result, entity, attribute, facet=""):
    c = result.extra_tables["consensus"]
    return c[(c.entity_id == entity) & (c.attribute == attribute) & (c.facet == facet)].iloc[0]


def reliability(result):
    return result.extra_tables["source_reliability"].set_index("doc_id")


def test_corroborated_value_wins_and_its_sources_are_trusted_more():
    claims = [year(d, "lstm", "1997年", "1997") for d in ("a", "b", "c")]
    claims += [year("d", "lstm", "2001年", "2001")]
    claims += [year(d, "gan", "2014年", "2014") for d in ("a", "b")] + [year("d", "gan", "2016", "2016")]
    result = run(claims)
    lstm = consensus_of(result, "lstm", "year")
    assert lstm.value == "1997" and list(lstm.support_docs) == ["a", "b", "c"]
    assert lstm.method == "truthfinder" and 0.5 < lstm.confidence <= 1 and lstm.margin > 0
    rel = reliability(result)
    assert rel.loc["a", "reliability"] > rel.loc["d", "reliability"]
    assert rel.loc["d", "n_disagreeing"] == 2 and rel.loc["a", "n_agreeing"] == 2


def test_source_reliability_outweighs_a_plain_majority():
    # a and b agree everywhere with c; x and y copy each other on one item and are
    # contradicted elsewhere, so on the split item the reliable pair beats the pair
    claims = []
    for entity, good in (("gan", "2014"), ("lstm", "1997"), ("dbn", "2006")):
        claims += [year(d, entity, good, good) for d in ("a", "b", "c")]
        claims += [year(d, entity, "1990", "1990") for d in ("x", "y")]
    claims += [year(d, "resnet", "2015", "2015") for d in ("a", "b")]
    claims += [year(d, "resnet", "2010", "2010") for d in ("x", "y", "z")]
    result = run(claims)
    assert consensus_of(result, "resnet", "year").value == "2015"


def test_rounded_figures_support_each_other():
    result = run(
        [pct("a", "vgg", "26"), pct("b", "vgg", "26.2"), pct("c", "vgg", "26.2"), pct("d", "vgg", "31.0")]
    )
    row = consensus_of(result, "vgg", "error_rate")
    assert row.value_num == pytest.approx(26.2)
    assert set(row.support_docs) == {"a", "b", "c"}  # 26% supports 26.2%
    assert len(row.competing_values) == 3


def test_low_extraction_confidence_does_not_count_against_a_source():
    sure = [year("a", "gan", "2014", "2014"), year("b", "gan", "2014", "2014")]
    unsure = {**year("c", "gan", "2019", "2019"), "confidence": 0.05}
    confident = {**year("c", "gan", "2019", "2019"), "confidence": 0.95}
    also = [year(d, "lstm", "1997", "1997") for d in ("a", "b", "c")]
    low = reliability(run([*sure, unsure, *also])).loc["c", "reliability"]
    high = reliability(run([*sure, confident, *also])).loc["c", "reliability"]
    assert low > high
    assert reliability(run([*sure, unsure, *also])).loc["c", "mean_extraction_confidence"] < 0.6


def test_co_credited_people_do_not_compete():
    statement = "Krizhevsky、Sutskever和Hinton"
    result = run(
        [
            credit("a", "alexnet", "creator", p, statement)
            for p in ("alex-krizhevsky", "ilya-sutskever", "geoffrey-hinton")
        ]
        + [credit("b", "alexnet", "creator", "geoffrey-hinton", "Hinton团队", team=True)]
    )
    value = consensus_of(result, "alexnet", "creator").value
    assert set(value.split("; ")) == {"Alex Krizhevsky", "Ilya Sutskever", "Geoffrey Hinton"}


def test_competing_organisations_tie_is_visible():
    result = run(
        [
            credit("a", "scaling-law", "organization", "openai"),
            credit("b", "scaling-law", "organization", "deepmind"),
        ]
    )
    row = consensus_of(result, "scaling-law", "organization")
    assert set(row.value.split("; ")) == {"OpenAI", "DeepMind"}


def test_accuracy_supports_the_matching_error_in_consensus():
    result = run(
        [pct("a", "vgg", "16.4"), pct("b", "vgg", "84", attribute="accuracy"), pct("c", "vgg", "15.3")]
    )
    row = consensus_of(result, "vgg", "error_rate")
    assert row.value_num == pytest.approx(16.4)
    assert set(row.support_docs) == {"a", "b"}


def test_documents_without_claims_are_listed_without_a_reliability():
    result = run([year("a", "gan", "2014", "2014")])
    assert reliability(result).loc["a", "n_claims"] == 1


def test_thousands_of_opposing_sources_do_not_overflow():
    # 5,000 documents saying 2012 against 10 saying 2013: the minority fact is pushed far below zero
    claims = [year(f"a{i}", "alexnet", "2012年", "2012") for i in range(5000)]
    claims += [year(f"b{i}", "alexnet", "2013年", "2013") for i in range(10)]
    result = run(claims)
    best = result.extra_tables["consensus"].set_index("attribute").loc["year"]
    assert best.value == "2012"
    assert 0.0 <= best.confidence <= 1.0


def test_the_sigmoid_is_exact_on_both_sides_and_never_overflows():
    assert sigmoid(0.0) == 0.5
    assert sigmoid(2.0) == pytest.approx(1 / (1 + math.exp(-2.0)))
    assert sigmoid(-2.0) == pytest.approx(1 / (1 + math.exp(2.0)))
    assert sigmoid(-1e6) == 0.0 and sigmoid(1e6) == 1.0
