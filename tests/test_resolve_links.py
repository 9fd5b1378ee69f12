"""Linking rules and vetoes, observed through resolve_entities on small corpora."""

from __future__ import annotations

import pandas as pd

from pipeline.catalog import load_catalog, parse_catalog
from pipeline.resolve import resolve_entities
from pipeline.resolve.clusters import Clusters
from pipeline.resolve.links import Link, catalog_element
from pipeline.resolve.nodes import NodeIndex
from pipeline.resolve.rules import load_rules
from tests.helpers.resolve import mention_frame


def linked(items, catalog=None) -> pd.DataFrame:
    return resolve_entities(mention_frame(items), pd.DataFrame(), catalog or load_catalog()).mentions


def entity_of(frame: pd.DataFrame) -> dict[str, str]:
    return dict(zip(frame["surface"], frame["entity_id"], strict=True))


def test_versions_never_merge_even_when_fuzzy_scores_are_high() -> None:
    got = entity_of(linked([("Zorbex-2", "model"), ("Zorbex-3", "model"), ("Zorbex", "model")]))
    assert len(set(got.values())) == 3


def test_typo_links_to_catalog_with_fuzzy_score() -> None:
    frame = linked([("Transfomer", "model")])
    assert frame.loc[0, "entity_id"] == "transformer"
    assert frame.loc[0, "method"] == "fuzzy"
    assert 93 <= frame.loc[0, "score"] < 100


def test_unknown_mention_stays_its_own_entity() -> None:
    frame = linked([("Quokkaformer", "model"), ("quokkaformer", "model")])
    assert set(frame["entity_id"]) == {"x:work:quokkaformer"}
    assert set(frame["method"]) == {"new"}


def test_short_and_extended_names_stay_apart() -> None:
    pairs = [("ResNeXt", "model"), ("BLOOM", "model"), ("BLOOMZ", "model"), ("自注意力机制", "method")]
    got = entity_of(linked([*pairs, ("注意力机制", "method")]))
    assert got["ResNeXt"] != "resnet"
    assert got["BLOOM"] != got["BLOOMZ"]
    assert got["自注意力机制"] != got["注意力机制"] == "attention-mechanism"


def test_shared_generic_words_do_not_make_names_similar() -> None:
    got = entity_of(linked([("Bexlin Institute", "organization"), ("Bexfin Institute", "organization")]))
    assert got["Bexlin Institute"] != got["Bexfin Institute"]


def test_a_typo_between_two_names_does_not_chain_them() -> None:
    items = [("Tekcelformer", "model")] * 3 + [("Tekkelformer", "model")] * 3 + [("Tekkcelformer", "model")]
    got = linked(items)
    assert (
        got.loc[got["surface"] == "Tekcelformer", "entity_id"].iloc[0]
        != (got.loc[got["surface"] == "Tekkelformer", "entity_id"].iloc[0])
    )


def test_types_link_within_their_family_only() -> None:
    got = linked([("Zorbnet", "model"), ("Zorbnet", "person"), ("Zorbnet", "method")])
    assert got["entity_id"].nunique() == 2  # model and method share a family


def test_pinyin_links_chinese_and_latin_names_of_unknown_people() -> None:
    got = entity_of(linked([("周志华", "person"), ("Zhihua Zhou", "person"), ("Zhou Zhihua 等人", "person")]))
    assert len(set(got.values())) == 1
    methods = set(linked([("周志华", "person"), ("Zhihua Zhou", "person")])["method"])
    assert methods == {"new", "pinyin"}


def test_different_characters_with_one_romanisation_stay_apart() -> None:
    got = entity_of(linked([("李明", "person"), ("黎明", "person"), ("Ming Li", "person")]))
    assert got["李明"] != got["黎明"]


def test_pinyin_near_spellings_are_different_people() -> None:
    got = entity_of(
        linked([("Xiangyun Zhang", "person"), ("Fang Yan", "person"), ("Fangxiao Yan", "person")])
    )
    assert got["Xiangyun Zhang"] != "xiangyu-zhang"
    assert got["Fang Yan"] != got["Fangxiao Yan"]


def test_surname_links_only_when_unambiguous() -> None:
    unique = entity_of(linked([("Lukas Brandenhorst", "person"), ("Brandenhorst", "person")]))
    assert unique["Brandenhorst"] == unique["Lukas Brandenhorst"]
    two = entity_of(
        linked(
            [("Lukas Brandenhorst", "person"), ("Anna Brandenhorst", "person"), ("Brandenhorst", "person")]
        )
    )
    assert two["Brandenhorst"] not in (two["Lukas Brandenhorst"], two["Anna Brandenhorst"])
    catalog_two = entity_of(linked([("Yu", "person")]))  # Kai Yu and Dong Yu are both in the catalog
    assert catalog_two["Yu"] == "x:person:yu"


def test_transliterated_surname_links_to_the_dotted_full_name() -> None:
    got = entity_of(linked([("约翰·史密斯", "person"), ("史密斯", "person")]))
    assert got["史密斯"] == got["约翰·史密斯"]


def test_shortened_given_name_links_western_names() -> None:
    got = entity_of(linked([("Geoffrey Zorbington", "person"), ("Geoff Zorbington", "person")]))
    assert got["Geoff Zorbington"] == got["Geoffrey Zorbington"]


def test_gloss_links_unknown_name_to_its_abbreviation() -> None:
    got = entity_of(linked([("循环神经网络（RNN）", "method"), ("RNN", "method"), ("RNNs", "method")]))
    assert len(set(got.values())) == 1


def test_extractor_catalog_hint_is_used_when_keys_do_not_match() -> None:
    frame = linked([("那个著名的网络", "model", "alexnet")])
    assert (frame.loc[0, "entity_id"], frame.loc[0, "method"]) == ("alexnet", "catalog")


def test_surface_identity_wins_over_a_conflicting_hint() -> None:
    frame = linked([("GPT-4V", "model", "gpt-4")])
    assert frame.loc[0, "entity_id"] == "gpt-4v"


def test_clusters_refuse_two_catalog_entries_and_keep_the_refusal() -> None:
    clusters = Clusters()
    a, b, node = catalog_element("a"), catalog_element("b"), ("work", "x")
    for element in (a, b, node):
        clusters.add(element)
    clusters.apply([Link(node, a, "alias", 100), Link(node, b, "alias", 100)])
    assert clusters.catalog_id(node) == "a"
    assert [(lk.b, lk.method) for lk in clusters.refused] == [(b, "alias")]


def test_catalog_collisions_within_a_family_are_absent() -> None:
    index = NodeIndex(load_rules())
    index.add_catalog(load_catalog())
    shared = {n.id: sorted(n.anchors) for n in index.nodes.values() if len(n.anchors) > 1}
    assert shared == {}


def test_custom_catalog_is_respected() -> None:
    catalog = parse_catalog({"m.yaml": "- {id: foo, name: Foo Model X, type: model, aliases: [福模型]}\n"})
    got = entity_of(linked([("福模型", "model"), ("foo model x", "model")], catalog))
    assert set(got.values()) == {"foo"}


def test_a_transliteration_in_other_characters_of_the_same_sound_is_the_same_person() -> None:
    frame = linked([("伊恩·古德费罗", "person"), ("伊恩·古德费洛", "person")])
    assert set(frame["entity_id"]) == {"ian-goodfellow"}
    assert frame.set_index("surface").loc["伊恩·古德费罗", "method"] == "transliteration"
    # another sound is another name
    got = entity_of(linked([("伊安·古德费罗", "person"), ("伊恩·古德费洛", "person")]))
    assert got["伊安·古德费罗"] != "ian-goodfellow"


def test_a_transliteration_whose_surname_vowels_differ_is_the_catalogued_person() -> None:
    # 伊尔亚 is one of Sutskever's catalogued given names, 苏茨凯弗 has the consonants of his 苏茨克弗:
    # the benchmark's unlisted 伊尔亚·苏茨凯弗 was a new person, so its credits were another creator
    frame = linked([("伊尔亚·苏茨凯弗", "person")])
    assert frame.loc[0, "entity_id"] == "ilya-sutskever"
    assert frame.loc[0, "method"] == "transliteration"
    # other consonants, or a given name of another sound, are another name
    assert linked([("伊尔亚·苏茨凯特", "person")]).loc[0, "entity_id"] != "ilya-sutskever"
    assert linked([("伊安·苏茨凯弗", "person")]).loc[0, "entity_id"] != "ilya-sutskever"
    assert linked([("约翰·史密特", "person")]).loc[0, "method"] == "new"
