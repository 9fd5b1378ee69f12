"""The ``links`` table: every link the resolver weighed, accepted or refused, with the rule,
the score and the reason; recording them changes no link."""

from __future__ import annotations

import pandas as pd

from pipeline import schema
from pipeline.catalog import load_catalog, parse_catalog
from pipeline.resolve import resolve_entities
from tests.helpers.resolve import mention_frame


def resolved(items, catalog=None):
    return resolve_entities(mention_frame(items), pd.DataFrame(), catalog or load_catalog())


def rows(links: pd.DataFrame, **where) -> pd.DataFrame:
    mask = pd.Series(True, index=links.index)
    for column, value in where.items():
        mask &= links[column] == value
    return links[mask]


def test_a_typo_linked_to_the_catalog_is_an_accepted_fuzzy_link_with_its_score() -> None:
    result = resolved([("Transfomer", "model")])
    (link,) = schema.records(rows(result.links, method="fuzzy"), "links")
    assert link["decision"] == "accepted" and link["reason"] == "joined two clusters"
    assert {link["left_name"], link["right_name"]} == {"Transfomer", "Transformer"}
    assert link["score"] == result.mentions.loc[0, "score"]
    assert link["left_entity_id"] == link["right_entity_id"] == "transformer"
    assert link["step"] > 0


def test_a_version_sibling_is_a_refused_candidate_naming_the_veto() -> None:
    links = resolved([("Quokkaformer", "model"), ("Quokkaformer-2", "model")]).links
    (link,) = schema.records(rows(links, decision="refused"), "links")
    assert link["reason_code"] == "version" and "version" in link["reason"]
    assert link["step"] == 0  # vetoed before clustering
    assert link["left_entity_id"] != link["right_entity_id"]


def test_a_typo_between_two_names_is_refused_because_their_heads_differ() -> None:
    items = [("Tekcelformer", "model")] * 3 + [("Tekkelformer", "model")] * 3 + [("Tekkcelformer", "model")]
    refused = rows(resolved(items).links, reason_code="heads_differ")
    assert len(refused) == 1
    assert (
        "Tekcelformer vs Tekkelformer" in refused["reason"].iloc[0]
        or "Tekkelformer vs Tekcelformer" in (refused["reason"].iloc[0])
    )


def test_two_chinese_names_with_one_romanisation_are_refused_for_their_readings() -> None:
    links = resolved([("李明", "person"), ("黎明", "person"), ("Ming Li", "person")]).links
    refused = rows(links, reason_code="readings_differ")
    assert len(refused) == 1 and refused["method"].iloc[0] == "pinyin"
    assert "read differently" in refused["reason"].iloc[0]


def test_a_surname_fitting_two_people_is_refused_for_each_and_names_them() -> None:
    links = resolved([("Lukas Meier", "person"), ("Anna Meier", "person"), ("Meier", "person")]).links
    refused = rows(links, reason_code="ambiguous_surname")
    assert len(refused) == 2
    assert set(refused["left_name"]) == {"Meier"}
    assert set(refused["right_name"]) == {"Lukas Meier", "Anna Meier"}
    assert all("fits 2 people: Anna Meier, Lukas Meier" in r for r in refused["reason"])


def test_an_alias_shared_by_two_catalog_entries_is_refused_for_the_second() -> None:
    catalog = parse_catalog(
        {"m.yaml": "- {id: aa, name: Aa Net, type: model, aliases: [Zet]}\n"
         "- {id: bb, name: Bb Net, type: model, aliases: [Zet]}\n"}
    )  # fmt: skip
    links = resolved([("Zet", "model")], catalog).links
    assert set(zip(links["right"], links["decision"], links["reason_code"], strict=True)) == {
        ("aa", "accepted", "joined"),
        ("bb", "refused", "two_catalog_entries"),
    }


def test_accepted_links_join_what_the_mentions_say_is_one_entity() -> None:
    items = [("周志华", "person"), ("Zhihua Zhou", "person"), ("Zhou Zhihua 等人", "person")]
    items += [("RNNs", "method"), ("循环神经网络（RNN）", "method"), ("RNN", "method")]
    items += [("Transfomer", "model"), ("Meier", "person")]
    result = resolved(items)
    accepted = rows(result.links, decision="accepted")
    assert (accepted["left_entity_id"] == accepted["right_entity_id"]).all()
    linked = result.mentions[result.mentions["method"] != "new"]
    ends = set(accepted["left"]) | set(accepted["right"])
    assert set(linked["norm_key"]) <= ends  # every linked spelling is in a link that linked it
    assert result.links["link_id"].is_unique


def test_the_same_input_gives_the_same_link_ids() -> None:
    items = [("Transfomer", "model"), ("Zorbex-2", "model"), ("Zorbex-3", "model")]
    assert list(resolved(items).links["link_id"]) == list(resolved(items).links["link_id"])
