"""A head noun alone (公司, 实验室) is a kind of thing, never an entity of its own."""

from __future__ import annotations

from pipeline.catalog import load_catalog
from pipeline.resolve import resolve_entities
from pipeline.resolve.keys import is_generic, name_form
from pipeline.resolve.rules import load_rules
from tests.helpers.resolve import claim_frame, mention_frame


def test_generic_heads_are_not_names_but_decorated_names_are():
    rules = load_rules()
    assert all(is_generic(s, rules) for s in ("公司", "研究团队", "实验室", "Lab", " Inc. "))
    assert not any(is_generic(s, rules) for s in ("Google公司", "谷歌研究院", "OpenAI", "微软亚洲研究院"))
    assert name_form("OpenAI公司", rules).key == name_form("OpenAI", rules).key


def test_generic_mentions_and_their_claims_are_dropped():
    mentions = mention_frame(
        [
            ("BERT", "model", "bert"),
            ("Google公司", "organization"),
            ("公司", "organization"),
            ("实验室", "model"),
        ]
    )
    claims = claim_frame(
        [
            {"subject_mention_id": "m0", "attribute": "organization", "value_raw": "Google公司",
             "value_mention_id": "m1"},
            {"subject_mention_id": "m0", "attribute": "organization", "value_raw": "公司",
             "value_mention_id": "m2"},
            {"subject_mention_id": "m0", "attribute": "organization", "value_raw": "研究团队"},
            {"subject_mention_id": "m3", "attribute": "year", "value_raw": "2012"},
        ]
    )  # fmt: skip
    out = resolve_entities(mentions, claims, load_catalog())
    assert not set(out.entities["name"]) & {"公司", "实验室", "研究团队"}
    assert set(out.mentions["surface"]) == {"BERT", "Google公司"}
    assert list(out.claims["value_norm"]) == ["Google"]
    assert list(out.claims["value_entity_id"]) == ["google"]
