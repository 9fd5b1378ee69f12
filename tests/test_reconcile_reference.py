"""Reference facts: the packaged file is well-formed, and claims are checked against it."""

from __future__ import annotations

import pytest

from pipeline.catalog import load_catalog
from pipeline.catalog.facts import ReferenceFactsError, load_reference, parse_facts
from tests.helpers.reconcile import claim, credit, pct, rows, run, year

FACTS = load_reference()
CATALOG = load_catalog()


def test_reference_facts_are_versioned_and_every_fact_is_cited():
    assert FACTS.version
    assert FACTS.works and FACTS.people and FACTS.organizations
    for work in FACTS.works.values():
        assert work.citation and work.short, work.entity_id
        assert all(n.citation for n in work.numbers), work.entity_id
    assert all(p.citation and (p.affiliations or p.roles) for p in FACTS.people.values())


def test_reference_ids_are_catalog_ids():
    for work_id, work in FACTS.works.items():
        assert CATALOG.get(work_id) is not None, work_id
        assert all(CATALOG.get(w) is not None for w in work.see_also)
    for person_id in FACTS.people:
        assert CATALOG.get(person_id) is not None or " " in person_id, person_id


@pytest.mark.parametrize(
    "work",
    [
        "alexnet",
        "backpropagation",
        "lenet",
        "cnn",
        "lstm",
        "dbn",
        "gan",
        "resnet",
        "transformer",
        "bert",
        "gpt-1",
        "gpt-2",
        "gpt-3",
        "gpt-4",
        "scaling-law",
        "chinchilla",
        "word2vec",
        "batch-normalization",
        "alphago",
    ],
)
def test_main_works_are_covered(work):
    assert work in FACTS.works


def test_malformed_facts_are_rejected_with_the_entry_named():
    with pytest.raises(ReferenceFactsError, match=r"works_x\.yaml: x"):
        parse_facts({"works_x.yaml": "- id: x\n  name: X\n  dates: [{date: 'in 2012'}]\n  citation: a\n"})
    with pytest.raises(ReferenceFactsError, match=r"works_x\.yaml: y: facts without a citation"):
        parse_facts({"works_x.yaml": "- id: y\n  name: Y\n  dates: [{date: '2012', what: published}]\n"})


def check(claims):
    return run(claims, reference=FACTS)


def test_jeff_dean_for_scaling_law_contradicts_the_reference():
    result = check([credit("a", "scaling-law", "creator", "jeff-dean")])
    row = rows(result, "scaling-law", "creator", kind="reference").iloc[0]
    assert row.severity == "high" and "Jared Kaplan" in row.explanation
    assert "arXiv:2001.08361" in row.reference


def test_jeff_dean_for_word2vec_is_an_author():
    result = check(
        [credit("a", "word2vec", "creator", "jeff-dean"), credit("a", "word2vec", "organization", "google")]
    )
    assert result.contradictions.empty


def test_organisation_hierarchy_applies_to_reference_checks():
    result = check(
        [
            credit("a", "transformer", "organization", "google"),
            credit("b", "batch-normalization", "organization", "google-brain"),
        ]
    )
    assert result.contradictions[result.contradictions.kind == "reference"].empty


def test_unrelated_organisation_contradicts_and_points_at_the_related_work():
    result = check([credit("a", "scaling-law", "organization", "deepmind")])
    row = rows(result, "scaling-law", "organization", kind="reference").iloc[0]
    assert row.severity == "high" and "Chinchilla scaling law" in row.explanation


def test_the_maker_of_the_data_a_work_was_built_from_is_a_half_truth_not_a_high_row():
    result = check([credit("a", "mnist", "organization", "nist")])
    row = rows(result, "mnist", "organization", kind="reference").iloc[0]
    assert row.severity == "medium" and row.rule == "reference_data_source"
    assert "built from" in row.explanation
    other = check([credit("b", "mnist", "organization", "openai")])
    assert rows(other, "mnist", "organization", kind="reference").iloc[0].severity == "high"


def test_person_at_an_organisation_they_never_joined():
    statement = "OpenAI Jeff Dean团队提出"
    result = check(
        [
            credit("a", "gpt-3", "creator", "jeff-dean", statement, team=True),
            credit("a", "gpt-3", "organization", "openai", statement),
        ]
    )
    row = rows(result, "gpt-3", "creator", kind="reference").iloc[0]
    assert "Jeff Dean was not at OpenAI in 2020 (GPT-3, 2020)" in row.explanation
    assert "recorded affiliations" in row.explanation and "Google 1999–" in row.explanation


def test_affiliation_is_checked_at_the_time_of_the_work():
    statement = "Hinton在谷歌提出深度信念网络"
    then = check(
        [
            credit("a", "dbn", "creator", "geoffrey-hinton", statement),
            credit("a", "dbn", "organization", "google", statement),
        ]
    )
    assert rows(then, "dbn", "creator").empty  # Hinton is an author
    row = rows(then, "dbn", "organization", kind="reference").iloc[0]
    assert row.severity == "high"
    assert "Geoffrey Hinton was not at Google in 2006 (Deep Belief Network, 2006)" in row.explanation
    assert "Google 2013–2023" in row.explanation  # the affiliation whose dates decided it
    ok = check(
        [
            credit("a", "dbn", "creator", "geoffrey-hinton", "多伦多大学的Hinton"),
            credit("a", "dbn", "organization", "university-of-toronto", "多伦多大学的Hinton"),
        ]
    )
    assert ok.contradictions.empty


def test_year_checks_accept_every_documented_date():
    result = check(
        [
            year("a", "resnet", "2015年", "2015", dates="preprint"),
            year("b", "resnet", "2016年", "2016", dates="published"),
            year("c", "bert", "2018年", "2018", dates="introduced"),
        ]
    )
    assert result.contradictions[result.contradictions.kind == "reference"].empty
    wrong = check([year("a", "backpropagation", "1987年", "1987", dates="introduced")])
    assert rows(wrong, "backpropagation", "year", kind="reference").iloc[0].severity == "medium"


def test_numbers_agree_with_the_reference_after_rounding_and_conversion():
    result = check(
        [
            pct("a", "alexnet", "16.4"),
            pct("b", "alexnet", "84", attribute="accuracy"),
            pct("c", "resnet", "3.6", metric="top-5"),
        ]
    )
    assert result.contradictions[result.contradictions.kind == "reference"].empty


def test_number_off_the_reference_is_flagged_with_the_documented_figures():
    result = check(
        [pct("a", "alexnet", "10.1", metric="top-5", split="test", benchmark="ILSVRC-2012", ensemble=True)]
    )
    row = rows(result, "alexnet", "error_rate", kind="reference").iloc[0]
    assert row.severity == "high" and "15.3%" in row.explanation


def test_reference_does_not_judge_quantities_it_does_not_document():
    result = check([pct("a", "alexnet", "42.0", metric="top-1", benchmark="ILSVRC-2012")])
    assert result.contradictions.empty


def test_consensus_reports_the_reference_status():
    result = check(
        [credit("a", "scaling-law", "creator", "jeff-dean"), credit("b", "gpt-3", "organization", "openai")]
    )
    consensus = result.extra_tables["consensus"].set_index("entity_id")
    assert consensus.loc["scaling-law", "reference_status"] == "contradicts"
    assert consensus.loc["gpt-3", "reference_status"] == "agrees"
    assert consensus.loc["gpt-3", "reference_value"] == "OpenAI"


def test_role_values_relative_to_a_work_are_checked_against_that_work():
    ok = check([pct("a", "ilsvrc", "26", role="previous_best", relative_to="AlexNet")])
    assert ok.contradictions.empty
    stated = {"metric": "top-5", "split": "test", "benchmark": "ILSVRC-2012"}
    off = check([pct("a", "ilsvrc", "31.5", role="previous_best", relative_to="AlexNet", **stated)])
    facet = "role=previous_best;relative_to=AlexNet"
    row = rows(off, "ilsvrc", "error_rate", kind="reference", facet=facet).iloc[0]
    assert row.severity == "high" and "26.2%" in row.explanation  # AlexNet's documented previous best


def test_a_milestone_year_is_checked_against_the_documented_milestones_of_its_kind():
    # "2009年，ImageNet数据集发布，并发起ImageNet挑战赛": the challenge (ILSVRC) was first held in 2010
    held = year("a", "imagenet", "2009年", "2009", dates="held")
    row = rows(check([held]), "imagenet", "year", kind="reference").iloc[0]
    assert row.severity == "medium" and row.rule == "reference_year"
    assert "2009 is given as when ILSVRC was held" in row.explanation
    assert "(the first in 2010)" in row.explanation
    assert check([year("a", "imagenet", "2010年", "2010", dates="held")]).contradictions.empty


def test_a_statement_listing_a_documented_count_lists_other_quantities_beside_it():
    # "SUN dataset包括908个场景类，3,819个常规目标类": 908 is another release's 899 scene classes
    statement = "SUN dataset包括908个场景类，3,819个常规目标类"
    claims = [
        claim("a", "sun-database", "classes", "908", num=908.0, evidence=statement),
        claim("a", "sun-database", "classes", "3,819", num=3819.0, evidence=statement),
    ]
    row = rows(check(claims), "sun-database", "classes", kind="reference").iloc[0]
    assert row.severity == "low" and row.rule == "dataset_revision"
    alone = check([claim("a", "sun-database", "classes", "3,819", num=3819.0, evidence=statement)])
    assert rows(alone, "sun-database", "classes", kind="reference").iloc[0].severity == "high"


def test_a_count_of_a_subset_is_another_quantity_than_the_documented_whole():
    # "Number of images with bounding box annotations: 1,034,908": ImageNet's boxed images, not its size
    def size(**quals):
        return claim("a", "imagenet", "dataset_size", "1,034,908", num=1034908.0, unit="images", **quals)

    assert rows(check([size()]), "imagenet", "dataset_size", kind="reference").shape[0] == 1
    assert check([size(subset="with bounding box annotations")]).contradictions.empty


def test_a_tied_credit_with_an_undocumented_name_is_published_as_contradicting_the_reference():
    # one text credits Rosenblatt and, in another statement, Minsky (the author of the book Perceptrons)
    claims = [
        credit("a", "perceptron", "creator", "frank-rosenblatt"),
        credit("a", "perceptron", "creator", "marvin-minsky", "Minsky《感知机》著作"),
    ]
    consensus = check(claims).extra_tables["consensus"]
    row = consensus[(consensus.entity_id == "perceptron") & (consensus.attribute == "creator")].iloc[0]
    assert row.value == "Frank Rosenblatt; Marvin Minsky" and row.reference_status == "contradicts"
    alone = check(claims[:1]).extra_tables["consensus"]
    assert alone.iloc[0].reference_status == "agrees"


def test_two_documented_figures_of_a_work_are_related_not_a_disagreement():
    # one survey: "80个对象类别" and "COCO数据集有91类": annotated and defined classes, both documented
    claims = [
        claim("a", "coco", "classes", "80", num=80.0, evidence="80个对象类别"),
        claim("a", "coco", "classes", "91", num=91.0, evidence="COCO数据集有91类"),
    ]
    found = check(claims).contradictions
    assert set(found["severity"]) == {"low"} and set(found["rule"]) == {"documented_figures"}
    row = found.iloc[0]
    assert "both are documented" in row.explanation
    assert "80 = categories actually annotated" in row.explanation
    # without the reference, the same two values cannot both hold
    assert "high" in set(run(claims).contradictions["severity"])


def test_documented_figures_across_sources_are_related_and_an_undocumented_one_is_not():
    # ImageNet's 1,000 ILSVRC classes and 21,841 synsets, in two texts
    claims = [
        claim("a", "imagenet", "classes", "1000", num=1000.0, evidence="ImageNet 1000类"),
        claim("b", "imagenet", "classes", "21841", num=21841.0, evidence="21841个类别"),
    ]
    assert set(check(claims).contradictions["severity"]) == {"low"}
    # a third value the reference does not document keeps the row a disagreement
    odd = [*claims, claim("c", "imagenet", "classes", "3000", num=3000.0, evidence="3000个类别")]
    assert set(check(odd).contradictions["severity"]) & {"medium", "high"}


def test_a_documented_figure_written_without_its_qualifiers_still_makes_a_disagreement():
    # "错误率从26%降至15.3%" vs "AlexNet以16.4%错误率": both values are AlexNet's (seven and five CNNs),
    # documented as top-5 test errors on ILSVRC-2012; the texts do not say which result they report
    bare = [pct("a", "alexnet", "15.3"), pct("b", "alexnet", "16.4")]
    row = rows(check(bare), "alexnet", "error_rate").iloc[0]
    assert row.severity == "medium" and row.rule != "documented_figures"
    # with every documented qualifier stated on both sides, both are documented results: related
    stated = {"metric": "top-5", "split": "test", "benchmark": "ILSVRC-2012", "ensemble": True}
    full = [pct("a", "alexnet", "15.3", **stated), pct("b", "alexnet", "16.4", **stated)]
    row = rows(check(full), "alexnet", "error_rate").iloc[0]
    assert row.severity == "low" and row.rule == "documented_figures"


def test_a_year_just_before_the_first_documented_date_is_medium_and_says_how_close():
    # "| 2016年 | PyTorch | Facebook AI…": the first public (beta) release is 2017-01
    row = rows(check([year("a", "pytorch", "2016年", "2016", dates="listed")]), "pytorch", "year").iloc[0]
    assert row.severity == "medium" and row.rule == "reference_year"
    assert "ends 1 month before the first, 2017-01 (released)" in row.explanation
    assert "records nothing of the work before that" in row.explanation
    # years before the first documented date by more than the adjacency margin stay high
    far = rows(check([year("a", "pytorch", "2014年", "2014", dates="listed")]), "pytorch", "year").iloc[0]
    assert far.severity == "high" and "ends" not in far.explanation.split("Evidence")[0]


# --- selection rule 3: pretraining corpora, post-training recipes, training systems -------------


@pytest.mark.parametrize(
    ("work", "wrong", "documented", "arxiv", "right"),
    [
        ("tulu-3", "anthropic", ("Allen Institute for AI", "University of Washington"), "2411.15124",
         [("organization", "allen-institute-for-ai"), ("organization", "university-of-washington"),
          ("creator", "nathan-lambert")]),
        ("megascale", "nvidia", ("ByteDance", "Peking University"), "2402.15627",
         [("organization", "bytedance"), ("organization", "peking-university")]),
    ],
)  # fmt: skip
def test_a_work_credited_to_another_organisation_is_flagged_citing_its_paper(
    work, wrong, documented, arxiv, right
):
    flagged = check([credit("a", work, "organization", wrong)])
    row = rows(flagged, work, "organization", kind="reference").iloc[0]
    assert row.severity == "high"
    assert all(name in row.explanation for name in documented)
    assert f"arXiv:{arxiv}" in row.reference
    agreeing = check([credit(chr(97 + i), work, attr, who) for i, (attr, who) in enumerate(right)])
    assert agreeing.contradictions[agreeing.contradictions.kind == "reference"].empty


def test_refinedweb_credited_to_the_pile_team_points_at_the_pile():
    result = check(
        [
            credit("a", "refinedweb", "creator", "stella-biderman"),
            credit("b", "refinedweb", "organization", "eleutherai"),
        ]
    )
    creator = rows(result, "refinedweb", "creator", kind="reference").iloc[0]
    assert creator.severity == "high" and "Guilherme Penedo" in creator.explanation
    assert "credited for The Pile instead" in creator.explanation
    org = rows(result, "refinedweb", "organization", kind="reference").iloc[0]
    assert org.severity == "high" and "Technology Innovation Institute" in org.explanation
    assert "arXiv:2306.01116" in org.reference
    assert check([credit("a", "refinedweb", "organization", "tii")]).contradictions.empty


def test_refinedweb_sizes_agree_with_each_documented_figure_only():
    tokens = {"unit": "tokens", "precision": 1e10}
    documented = check(
        [
            claim("a", "refinedweb", "dataset_size", "5万亿token", num=5e12, **tokens),
            claim("b", "refinedweb", "dataset_size", "6000亿token", num=6e11, **tokens),
        ]
    )
    assert documented.contradictions[documented.contradictions.kind == "reference"].empty
    wrong = check([claim("a", "refinedweb", "dataset_size", "1.8万亿token", num=1.8e12, **tokens)])
    assert not rows(wrong, "refinedweb", "dataset_size", kind="reference").empty
