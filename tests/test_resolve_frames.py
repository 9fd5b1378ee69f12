"""Resolution output frames: contract columns, extra columns, ids, counts, claims."""

from __future__ import annotations

import pandas as pd

from pipeline import schema
from pipeline.catalog import load_catalog
from pipeline.resolve import resolve_entities
from tests.helpers.resolve import claim_frame, mention_frame

ITEMS = [
    ("Google Brain团队", "organization", None, "a"),
    ("谷歌", "organization", None, "b"),
    ("ResNet-152", "model", None, "a"),
    ("ResNet-77", "model", None, "b"),  # a variant the catalog does not list
    ("何恺明等人", "person", None, "a"),
    ("Kaiming He", "person", None, "b"),
    ("微软亚洲研究院", "organization", None, "c"),
    ("Quokkaformer", "model", None, "c"),
]


def resolved():
    return resolve_entities(mention_frame(ITEMS), pd.DataFrame(), load_catalog())


def test_frames_have_contract_and_extra_columns() -> None:
    result = resolved()
    assert list(result.entities.columns[:6]) == list(schema.TABLES["entities"])
    assert {"catalog_id", "part_of", "variant_of", "ancestors", "source"} <= set(result.entities.columns)
    assert list(result.mentions.columns[:8]) == list(schema.TABLES["mentions"])
    assert {"type", "detector", "confidence", "norm_key"} <= set(result.mentions.columns)
    assert result.mentions["score"].between(0, 100).all()
    assert result.mentions["method"].notna().all()


def test_empty_input_gives_empty_typed_frames() -> None:
    result = resolve_entities(schema.empty("extracted_mentions"), pd.DataFrame(), load_catalog())
    assert result.entities.empty and result.mentions.empty and result.claims.empty
    assert list(result.claims.columns[:15]) == list(schema.TABLES["claims"])


def test_entities_count_mentions_and_documents() -> None:
    entities = resolved().entities.set_index("entity_id")
    assert entities.loc["kaiming-he", "n_mentions"] == 2
    assert entities.loc["kaiming-he", "n_docs"] == 2
    assert "何恺明" in entities.loc["kaiming-he", "aliases"]


def test_hierarchy_from_catalog_and_inferred_for_new_entities() -> None:
    entities = resolved().entities.set_index("entity_id")
    assert list(entities.loc["google-brain", "ancestors"]) == ["google", "alphabet"]
    assert list(entities.loc["msra", "ancestors"]) == ["microsoft-research", "microsoft"]
    assert entities.loc["resnet-152", "variant_of"] == "resnet"
    assert entities.loc["x:work:resnet77", "variant_of"] == "resnet"
    assert entities.loc["microsoft", "n_mentions"] == 0  # listed because it is an ancestor
    assert pd.isna(entities.loc["x:work:quokkaformer", "catalog_id"])


def test_ids_are_deterministic_under_reordering() -> None:
    forward = resolved()
    backward = resolve_entities(mention_frame(ITEMS[::-1]), pd.DataFrame(), load_catalog())
    by_surface = lambda r: dict(zip(r.mentions["surface"], r.mentions["entity_id"], strict=True))  # noqa: E731
    assert by_surface(forward) == by_surface(backward)
    pd.testing.assert_frame_equal(
        forward.entities.drop(columns="aliases"), backward.entities.drop(columns="aliases")
    )


def test_claims_get_subject_and_canonical_values() -> None:
    mentions = mention_frame([("ResNet", "model"), ("何凯明团队", "person"), ("微软亚研", "organization")])
    claims = claim_frame(
        [
            {
                "subject_mention_id": "m0",
                "attribute": "creator",
                "value_raw": "何凯明团队",
                "value_mention_id": "m1",
            },
            {"subject_mention_id": "m0", "attribute": "organization", "value_raw": "微软亚研"},
            {"subject_mention_id": "m0", "attribute": "year", "value_raw": "2015年", "value_norm": "2015"},
            {"subject_mention_id": "m9", "attribute": "layers", "value_raw": "152层", "value_norm": "152"},
        ]
    )
    out = resolve_entities(mentions, claims, load_catalog()).claims.set_index("claim_id")
    assert (out.loc["c0", "entity_id"], out.loc["c0", "entity_name"]) == ("resnet", "ResNet")
    assert (out.loc["c0", "value_norm"], out.loc["c0", "value_entity_id"]) == ("Kaiming He", "kaiming-he")
    assert (out.loc["c1", "value_norm"], out.loc["c1", "value_entity_id"]) == (
        "Microsoft Research Asia",
        "msra",
    )
    assert out.loc["c2", "value_norm"] == "2015" and pd.isna(out.loc["c2", "value_entity_id"])
    assert out.loc["c3", "entity_id"] == ""  # dangling subject: left for validation to flag
    assert {"subject_mention_id", "value_mention_id"} <= set(out.columns)


def test_new_organisation_with_version_digits_is_not_made_part_of_a_company() -> None:
    items = [("DeepSeek-R1-32B", "organization"), ("微软中国", "organization"), ("微软", "organization")]
    entities = resolve_entities(mention_frame(items), pd.DataFrame(), load_catalog()).entities.set_index(
        "entity_id"
    )
    assert pd.isna(entities.loc["x:organization:deepseekr132b", "part_of"])
    assert entities.loc["x:organization:微软中国", "part_of"] == "microsoft"
