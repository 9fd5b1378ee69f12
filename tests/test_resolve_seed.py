"""Seed corpus: names as the five texts write them resolve to the right entities.

Mentions are found here with plain patterns over the ingested texts (the
extractor is tested on its own); what is checked is resolution across
documents, scripts and spellings.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from pipeline import schema
from pipeline.catalog import load_catalog
from pipeline.resolve import resolve_entities

PATTERNS = {
    "kaiming": ("person", r"何[恺凯]明(?:等人|团队)?|Kaiming He(?: 等人)?"),
    "hinton": ("person", r"(?:杰弗里·)?(?:辛顿|欣顿)|(?:Geoffrey (?:E\. )?)?Hinton"),
    "transformer": ("model", r"Transformers?(?:架构|模型|结构)?"),
    "llama": ("model", r"(?:LLaMA|Llama|LLaMa)(?![\s-]?\d)"),
    "google": ("organization", r"Google(?! ?(?:Brain|Translate|DeepMind|Research))|谷歌(?:公司)?(?!大脑)"),
    "gpt": ("model", r"GPT-?\d(?:\.\d)?[Vo]?"),
    "dalle": ("model", r"DALL[·-]E(?: ?\d)?"),
}


@pytest.fixture(scope="module")
def seed_mentions(seed_documents: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for doc in seed_documents[seed_documents["status"] == "ok"].itertuples():
        for group, (entity_type, pattern) in PATTERNS.items():
            for m in re.finditer(pattern, doc.text):
                rows.append(
                    {
                        "mention_id": f"{doc.doc_id}:{m.start()}:{group}",
                        "doc_id": doc.doc_id,
                        "surface": m.group(),
                        "char_start": m.start(),
                        "char_end": m.end(),
                        "type": entity_type,
                        "catalog_id": None,
                        "detector": group,
                        "confidence": 1.0,
                    }
                )
    mentions = schema.conform(rows, "extracted_mentions")
    return resolve_entities(mentions, pd.DataFrame(), load_catalog()).mentions


@pytest.mark.parametrize(
    ("group", "entity_id"),
    [
        ("kaiming", "kaiming-he"),
        ("hinton", "geoffrey-hinton"),
        ("transformer", "transformer"),
        ("llama", "llama"),
        ("google", "google"),
    ],
)
def test_one_entity_for_each_spelling_group(seed_mentions: pd.DataFrame, group: str, entity_id: str) -> None:
    found = seed_mentions[seed_mentions["detector"] == group]
    assert len(found) >= 2 and found["doc_id"].nunique() >= 1
    assert set(found["entity_id"]) == {entity_id}, found[["surface", "entity_id"]].drop_duplicates()


def test_each_gpt_version_is_its_own_entity(seed_mentions: pd.DataFrame) -> None:
    gpt = seed_mentions[seed_mentions["detector"] == "gpt"]
    versions = gpt["surface"].str.replace("-", "", regex=False)
    per_version = gpt.groupby(versions)["entity_id"].nunique()
    assert (per_version == 1).all()
    assert gpt["entity_id"].nunique() == versions.nunique() >= 4


def test_dalle_and_dalle_2_are_different_entities(seed_mentions: pd.DataFrame) -> None:
    dalle = seed_mentions[seed_mentions["detector"] == "dalle"]
    entity = dict(zip(dalle["surface"], dalle["entity_id"], strict=True))
    assert entity["DALL-E"] == entity["DALL·E"] == "dall-e"
    assert entity["DALL-E 2"] == "dall-e-2"
