"""The published frames: entities, linked mentions and claims with entity ids.

Their columns (the contract's and the resolver's own) are declared in their
homes, ``pipeline/schema/{entities,mentions,claims}.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from pipeline import schema
from pipeline.resolve.entities import Entity


def entities_frame(entities: Sequence[Entity], mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per entity, counted over the linked mentions; sorted by id."""
    grouped = mentions.groupby("entity_id")
    n_mentions = grouped.size().to_dict()
    n_docs = grouped["doc_id"].nunique().to_dict()
    rows = [
        {
            "entity_id": e.entity_id,
            "name": e.name,
            "type": e.type,
            "aliases": e.aliases,
            "n_docs": n_docs.get(e.entity_id, 0),
            "n_mentions": n_mentions.get(e.entity_id, 0),
            "catalog_id": e.catalog_id,
            "part_of": e.part_of,
            "variant_of": e.variant_of,
            "ancestors": e.ancestors,
            "source": e.source,
        }
        for e in sorted(entities, key=lambda e: e.entity_id)
    ]
    return schema.conform(rows, "entities", complete=True) if rows else schema.empty("entities")


def mentions_frame(
    extracted: pd.DataFrame, entity_ids: list[str], methods: list[str], scores: list[float], keys: list[str]
) -> pd.DataFrame:
    frame = extracted.assign(entity_id=entity_ids, method=methods, score=scores, norm_key=keys)
    return schema.conform(frame[list(schema.COLUMNS["mentions"])], "mentions", complete=True)


def claims_frame(
    extracted: pd.DataFrame,
    subject: dict[str, tuple[str, str]],
    lookup_value: Callable[[str, str], tuple[str, str] | None],
) -> pd.DataFrame:
    """Claims with their subject entity; creator/organization values as canonical names.

    ``subject`` maps a mention id to (entity id, name). ``lookup_value(text,
    type)`` resolves a value written without a mention of its own.
    """
    if extracted.empty:
        return schema.empty("claims")
    frame = extracted.copy()
    missing = ("", "")
    frame["entity_id"] = [subject.get(m, missing)[0] for m in frame["subject_mention_id"]]
    frame["entity_name"] = [subject.get(m, missing)[1] for m in frame["subject_mention_id"]]
    value_ids, value_norms = [], []
    for attribute, value_mention, norm, raw in zip(
        frame["attribute"], frame["value_mention_id"], frame["value_norm"], frame["value_raw"], strict=True
    ):
        resolved = None
        if attribute in schema.ENTITY_VALUED:
            if isinstance(value_mention, str) and value_mention in subject:
                resolved = subject[value_mention]
            else:
                text = norm if isinstance(norm, str) and norm else raw
                resolved = lookup_value(text, schema.ENTITY_VALUED[attribute])
        value_ids.append(resolved[0] if resolved else None)
        value_norms.append(resolved[1] if resolved else norm)
    frame["value_entity_id"] = value_ids
    frame["value_norm"] = value_norms
    return schema.conform(frame, "claims", complete=True)
