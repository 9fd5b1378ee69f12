"""Entities from clusters: ids, canonical names, link methods and hierarchy.

A cluster anchored to a catalog entry is that entry (its id, name, type,
source). Any other cluster is a new entity with the deterministic id
``x:<family>:<key>``, named after its most mentioned spelling: unknown
mentions stay their own entities instead of being forced onto the nearest
catalog entry.

Hierarchy: catalog entries carry ``part_of``/``variant_of``. A new entity
whose key extends a known one by a version or qualifier (``GPT-4 Turbo`` ->
GPT-4, ``ResNet-50`` -> ResNet) is its variant; a new organisation whose key
extends a known organisation (``微软研究院`` -> 微软) is part of it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pipeline.catalog import Catalog
from pipeline.resolve.clusters import Clusters
from pipeline.resolve.keys import has_han
from pipeline.resolve.links import Element, Link
from pipeline.resolve.nodes import Node, NodeId, NodeIndex
from pipeline.resolve.rules import Rules


@dataclass
class Entity:
    entity_id: str
    name: str
    type: str
    family: str
    catalog_id: str | None
    source: str | None
    aliases: list[str]
    key_tokens: tuple[str, ...]
    part_of: str | None = None
    variant_of: str | None = None
    ancestors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Attachment:
    """How one node is attached to its entity: the rule and its score."""

    method: str
    score: float


def node_methods(nodes: dict[NodeId, Node], clusters: Clusters, rules: Rules) -> dict[NodeId, Attachment]:
    """Each node's strongest accepted link; nodes with none are new (``new``)."""
    best: dict[NodeId, Link] = {}
    for link in clusters.accepted:
        for end in (link.a, link.b):
            if end in nodes and (end not in best or link.order < best[end].order):
                best[end] = link
    new = Attachment("new", rules.rule_scores["new"])
    return {nid: Attachment(best[nid].method, best[nid].score) if nid in best else new for nid in nodes}


def build_entities(
    index: NodeIndex, clusters: Clusters, catalog: Catalog, types: dict[NodeId, Counter[str]]
) -> tuple[dict[Element, Entity], list[Entity]]:
    """One entity per cluster holding a mention (by cluster root), and the
    catalog ancestors of those entities that no document mentions."""
    members: dict[Element, list[Node]] = defaultdict(list)
    for node in index.nodes.values():
        members[clusters.find(node.id)].append(node)
    entities: dict[Element, Entity] = {}
    for root, nodes in members.items():
        mentioned = [n for n in nodes if n.n_mentions]
        if not mentioned:
            continue
        catalog_id = clusters.catalog_id(root)
        spellings = sorted({s for n in mentioned for s in n.spellings})
        if catalog_id is not None:
            entry = catalog.get(catalog_id)
            head = min(
                nodes, key=lambda n: (entry.id not in n.anchors or n.anchors[entry.id] != "exact", n.key)
            )
            entities[root] = Entity(
                entry.id, entry.name, entry.type, head.family, entry.id, entry.source,
                _aliases(entry.name, [*entry.aliases, *spellings]), head.form.tokens,
                entry.part_of, entry.variant_of,
            )  # fmt: skip
            continue
        head = min(mentioned, key=lambda n: (-n.n_mentions, n.key))
        name = min(head.spellings, key=lambda s: (-head.spellings[s], s))
        type_counts = sum((types[n.id] for n in mentioned), Counter())
        entity_type = min(type_counts, key=lambda t: (-type_counts[t], t))
        entities[root] = Entity(
            f"x:{head.family}:{head.key}", name, entity_type, head.family, None, None,
            _aliases(name, spellings), head.form.tokens,
        )  # fmt: skip
    _infer_parents(entities, index, clusters)
    return entities, _add_ancestors(list(entities.values()), catalog)


def _aliases(name: str, names: list[str]) -> list[str]:
    return [a for a in dict.fromkeys(names) if a != name]


def _infer_parents(entities: dict[Element, Entity], index: NodeIndex, clusters: Clusters) -> None:
    """Variants and parts of new entities, by a known key that their key extends."""
    by_key: dict[tuple[str, str], str] = {}
    for node in index.nodes.values():
        root = clusters.find(node.id)
        entity_id = entities[root].entity_id if root in entities else clusters.catalog_id(root)
        if entity_id is not None:
            by_key.setdefault(node.id, entity_id)
    for entity in entities.values():
        if entity.catalog_id is not None or entity.family == "person":
            continue
        tokens = entity.key_tokens
        for cut in range(len(tokens) - 1, 0, -1):
            rest = tokens[cut]
            if entity.family == "organization" and any(t[0].isdigit() for t in tokens[cut:]):
                break  # "DeepSeek-R1-…-32B" is a product typed as an organisation, not a lab
            if entity.family != "organization" and not (rest[0].isdigit() or not has_han(rest)):
                continue
            prefix = "".join(tokens[:cut])
            parent = by_key.get((entity.family, prefix))
            if parent is not None and parent != entity.entity_id and len(prefix) >= 2:
                if entity.family == "organization":
                    entity.part_of = parent
                else:
                    entity.variant_of = parent
                break


def _add_ancestors(entities: list[Entity], catalog: Catalog) -> list[Entity]:
    """Fill ``ancestors`` (nearest first); returns catalog ancestors nobody mentioned."""
    by_id = {e.entity_id: e for e in entities}
    extra: list[Entity] = []
    pending = list(entities)
    while pending:
        entity = pending.pop()
        chain: list[str] = []
        parent = entity.part_of or entity.variant_of
        while parent is not None and parent not in chain and parent != entity.entity_id:
            chain.append(parent)
            if parent not in by_id and (entry := catalog.get(parent)) is not None:
                by_id[parent] = Entity(
                    entry.id, entry.name, entry.type, "", entry.id, entry.source,
                    list(entry.aliases), (), entry.part_of, entry.variant_of,
                )  # fmt: skip
                extra.append(by_id[parent])
                pending.append(by_id[parent])
            nxt = by_id.get(parent)
            parent = (nxt.part_of or nxt.variant_of) if nxt is not None else None
        entity.ancestors = chain
    return extra
