"""The published frames: entities, linked mentions, claims with entity ids, and the
link decisions that formed the entities.

Their columns (the contract's and the resolver's own) are declared in their
homes, ``pipeline/schema/{entities,mentions,claims,links}.yaml``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from functools import cache

import pandas as pd

from pipeline import schema
from pipeline.catalog import Catalog
from pipeline.resolve.clusters import ACCEPTANCES, REFUSALS, Decision
from pipeline.resolve.entities import Entity
from pipeline.resolve.links import CATALOG, VETOES, Element, Refusal
from pipeline.resolve.nodes import NodeIndex
from pipeline.resolve.rules import Rules


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


def links_frame(
    decisions: Sequence[Decision],
    refusals: Sequence[Refusal],
    index: NodeIndex,
    find: Callable[[Element], Element],
    entities: Mapping[Element, Entity],
    catalog: Catalog,
    rules: Rules,
) -> pd.DataFrame:
    """Every link decision that touches a mentioned spelling: the clusterer's, in the
    order it made them (``step``), then the candidates a veto kept apart (step 0).

    An end is a spelling (its match key, ``mentions.norm_key``) or a catalog entry.
    Links between spellings nobody wrote are left out, except the accepted ones that
    attach a spelling a published link reaches (a catalog alias a typo linked to).
    """
    nodes = index.nodes
    counts: dict[Element, int] = {}

    def n_mentions(element: Element) -> int:
        if element not in counts:
            node = nodes.get(element)
            counts[element] = node.n_mentions if node is not None else 0
        return counts[element]

    def mentioned(element: Element) -> bool:
        return n_mentions(element) > 0

    def entity_id(element: Element) -> str | None:
        entity = entities.get(find(element))
        return entity.entity_id if entity is not None else None

    @cache
    def name(element: Element) -> str:
        if element[0] == CATALOG:
            entry = catalog.get(element[1])
            return entry.name if entry is not None else element[1]
        node = nodes[element]
        if not node.spellings:
            return node.form.core
        return min(node.spellings, key=lambda s: (-node.spellings[s], s))

    def entity_name(element: Element) -> str:
        entity = entities.get(find(element))
        return entity.name if entity is not None else name(element)

    def reason(code: str, score: float, a: Element, b: Element, others: Sequence[Element]) -> str:
        if code in ACCEPTANCES:
            return ACCEPTANCES[code]
        if code == "below_threshold":
            han = nodes[a].has_han or nodes[b].has_han
            limit = rules.han_min_score if han else rules.latin_min_score
            return f"{VETOES[code]}: score {score:g} < {limit:g} for {'Han' if han else 'Latin'} keys"
        if code == "ambiguous_surname":
            return f"the surname fits {len(others)} people: " + ", ".join(entity_name(o) for o in others)
        text = REFUSALS.get(code) or VETOES.get(code) or code
        if len(others) == 2:
            text += f" ({name(others[0])} vs {name(others[1])})"
        return text

    events = [(d.link, d.accepted, d.reason, d.step, d.heads) for d in decisions]
    events += [(r.link, False, r.reason, 0, r.others) for r in refusals]
    kept = [e for e in events if mentioned(e[0].a) or mentioned(e[0].b)]
    reached = {end for e in kept for end in (e[0].a, e[0].b) if end in nodes and not mentioned(end)}
    kept += [
        e
        for e in events
        if e[1] and not (mentioned(e[0].a) or mentioned(e[0].b)) and reached & {e[0].a, e[0].b}
    ]
    rows, seen = [], set()
    for link, accepted, code, step, others in sorted(kept, key=lambda e: (e[3] == 0, e[3], e[0].a, e[0].b)):
        family = link.a[0] if link.a[0] != CATALOG else _catalog_family(link.b, catalog, rules)
        ends = {}
        for side, element in (("left", link.a), ("right", link.b)):
            kind = "catalog" if element[0] == CATALOG else "spelling"
            ends.update(
                {
                    side: element[1],
                    f"{side}_kind": kind,
                    f"{side}_name": name(element),
                    f"{side}_entity_id": entity_id(element),
                    f"{side}_mentions": n_mentions(element),
                }
            )
        link_id = _link_id(family, link.a, link.b, link.method)
        if link_id in seen:
            continue
        seen.add(link_id)
        rows.append(
            {
                "link_id": link_id,
                "left": ends["left"],
                "right": ends["right"],
                "method": link.method,
                "score": float(link.score),
                "decision": "accepted" if accepted else "refused",
                "reason": reason(code, link.score, link.a, link.b, others),
                "reason_code": code,
                "family": family,
                "step": step,
                **{k: v for k, v in ends.items() if k not in ("left", "right")},
            }
        )
    return schema.conform(rows, "links", complete=True) if rows else schema.empty("links")


def _catalog_family(element: Element, catalog: Catalog, rules: Rules) -> str:
    if element[0] != CATALOG:
        return element[0]
    entry = catalog.get(element[1])
    return rules.family(entry.type) if entry is not None else ""


def _link_id(family: str, a: Element, b: Element, method: str) -> str:
    """Stable across runs for the same two ends and rule."""
    text = "|".join((family, *a, *b, method))
    return "l_" + hashlib.sha1(text.encode()).hexdigest()[:16]
