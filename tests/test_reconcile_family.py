"""Family comparison: a family's organisation against the organisations of its variants."""

from __future__ import annotations

import pandas as pd

from pipeline.catalog.facts import load_reference
from pipeline.reconcile import reconcile
from pipeline.reconcile.families import FAMILY_FACET, families_of
from pipeline.reconcile.rows import contradiction_id
from tests.helpers.reconcile import CATALOG, NO_REFERENCE, credit, entities_for, rows, run

SCALING = "OpenAI Jeff Dean团队通过大规模实验,量化了…提出Scaling Law(缩放定律)"
CHINCHILLA = "2022年：Chinchilla——DeepMind提出最优缩放定律"


def family_rows(result) -> pd.DataFrame:
    c = result.contradictions
    return c[c.facet == FAMILY_FACET]


def scaling_law_claims(variant_org: str = "deepmind") -> list[dict]:
    return [
        credit("004", "scaling-law", "organization", "openai", SCALING, team=True, n_named=2),
        credit("004", "scaling-law", "creator", "jeff-dean", SCALING, team=True, n_named=2),
        credit("000", "chinchilla-scaling-law", "organization", variant_org, CHINCHILLA),
    ]


def test_catalog_places_the_chinchilla_law_in_the_scaling_law_family():
    assert "scaling-law" in CATALOG.ancestors("chinchilla-scaling-law")
    assert families_of("gpt-4-1", {"gpt-4-1": "gpt-4", "gpt-4": "gpt"}) == ("gpt-4", "gpt")


def test_different_works_of_one_family_are_related_not_a_conflict():
    # Kaplan's scaling laws (OpenAI, 2020) and Chinchilla's (DeepMind, 2022) are both right
    result = run(scaling_law_claims())
    found = family_rows(result)
    assert len(found) == 1
    row = found.iloc[0]
    assert (row.entity_id, row.attribute, row.kind) == ("scaling-law", "organization", "cross_source")
    assert row.severity == "low" and row.rule == "related_works"
    assert sorted(row["values"]) == ["DeepMind (Chinchilla scaling law)", "OpenAI (Scaling Law)"]
    assert list(row.doc_ids) == ["000", "004"]
    assert "different works of one family, not a conflict" in row.explanation
    assert "最优缩放定律" in row.explanation  # the evidence
    # the variant's own credits have nothing to disagree with
    assert rows(result, "chinchilla-scaling-law", "organization").empty


def test_family_credit_whose_statement_names_the_variant_is_the_same_work():
    claims = scaling_law_claims()
    claims[0] = credit("004", "scaling-law", "organization", "openai", "OpenAI提出Chinchilla缩放定律")
    # with the reference: the Scaling Law is a work with documented credits, not a mere concept
    row = family_rows(run(claims, reference=load_reference())).iloc[0]
    assert row.severity == "medium" and row.rule == "family"
    assert "DeepMind is credited with Chinchilla scaling law and OpenAI with Scaling Law" in row.explanation
    assert "names Chinchilla缩放定律" in row.explanation


def test_family_row_sits_beside_the_reference_check_on_the_creator():
    result = run(scaling_law_claims(), reference=load_reference())
    assert family_rows(result).iloc[0].rule == "related_works"
    creator = rows(result, "scaling-law", "creator", kind="reference")
    assert creator.iloc[0].severity == "high" and "Jeff Dean" in creator.iloc[0].explanation


def test_organisations_inside_each_other_are_not_a_family_conflict():
    result = run(
        [credit("a", "gpt", "organization", "google"), credit("b", "gpt-2", "organization", "google-brain")]
    )
    assert family_rows(result).empty


def test_same_organisation_for_family_and_variant_is_not_raised():
    result = run(
        [credit("a", "gpt", "organization", "openai"), credit("b", "gpt-3", "organization", "openai")]
    )
    assert result.contradictions.empty


def test_creators_are_not_compared_across_the_family():
    result = run(
        [
            credit("a", "scaling-law", "creator", "jared-kaplan"),
            credit("b", "chinchilla-scaling-law", "creator", "Jordan Hoffmann"),
        ]
    )
    assert result.contradictions.empty


def test_a_document_crediting_family_and_variant_tells_them_apart():
    # Meta's LLaMA and Stanford's Alpaca in one text, LLaMA = Meta in another: no conflict
    result = run(
        [
            credit("a", "llama", "organization", "meta"),
            credit("a", "alpaca", "organization", "stanford"),
            credit("b", "llama", "organization", "meta"),
        ]
    )
    assert result.contradictions.empty


def test_variant_against_variant_is_still_raised_on_the_variant():
    claims = [*scaling_law_claims(), credit("002", "chinchilla-scaling-law", "organization", "meta")]
    result = run(claims, reference=load_reference())
    own = rows(result, "chinchilla-scaling-law", "organization").iloc[0]
    assert own.severity == "high" and list(own.kinds) == ["reference", "cross_source"]
    family = family_rows(result).iloc[0]
    assert family.entity_id == "scaling-law"
    assert {"DeepMind (Chinchilla scaling law)", "Meta (Chinchilla scaling law)"} <= set(family["values"])


def test_variants_of_variants_belong_to_the_family():
    result = run(
        [credit("a", "gpt", "organization", "openai"), credit("b", "gpt-4-1", "organization", "meta")]
    )
    assert list(family_rows(result).entity_id) == ["gpt"]


def test_families_known_only_to_the_resolver_are_compared():
    claims = [
        credit("a", "x:work:foo", "organization", "openai"),
        credit("b", "x:work:foo2", "organization", "meta"),
    ]
    entities = entities_for(claims)
    entities.loc[entities.entity_id == "x:work:foo2", "variant_of"] = "x:work:foo"
    documents = pd.DataFrame({"doc_id": ["a", "b"], "title": ["a", "b"], "status": ["ok", "ok"]})
    result = reconcile(pd.DataFrame(claims), entities, documents, CATALOG, [], reference=NO_REFERENCE)
    assert list(family_rows(result).entity_id) == ["x:work:foo"]


def test_family_id_is_stable_across_runs_and_values():
    first = family_rows(run(scaling_law_claims())).iloc[0].contradiction_id
    again = family_rows(run(scaling_law_claims())).iloc[0].contradiction_id
    other_value = family_rows(run(scaling_law_claims("meta"))).iloc[0].contradiction_id
    assert first == again == other_value
    assert first == contradiction_id("scaling-law", "organization", FAMILY_FACET)
    assert first != contradiction_id("scaling-law", "organization")


def test_a_figure_dated_to_a_variant_no_text_names_stays_on_the_named_work(tmp_path):
    # 'ImageNet挑战赛' in 2010 is ILSVRC 2010 to the catalog, but no text names that edition: read as its
    # figure, the consensus row named an entity missing from entities and the run failed validation
    import pipeline

    line = "- **2010年：ImageNet挑战赛**——ImageNet竞赛涵盖1000个类别。\n"
    for name in ("a", "b"):
        (tmp_path / f"{name}.md").write_text(f"# 年表 {name}\n\n{line}", encoding="utf-8")
    result = pipeline.run(sorted(tmp_path.iterdir()))
    known = set(result.tables["entities"]["entity_id"])
    assert "ilsvrc-2010" not in known
    for table in ("consensus", "contradictions"):
        assert set(result.tables[table]["entity_id"]) <= known, table
    assert ("ilsvrc", "classes") in set(
        zip(result.tables["consensus"].entity_id, result.tables["consensus"].attribute, strict=True)
    )
    assert result.passed
