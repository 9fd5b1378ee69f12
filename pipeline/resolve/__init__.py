"""Resolve: link every mention to one real-world entity, across documents.

Public entry point: :func:`resolve_entities`. Input: the extracted mentions
and claims and the catalog; output: the contract's ``entities``, ``mentions``
and ``claims`` tables (claims gain ``entity_id``/``entity_name``; creator and
organization claims get the canonical name of the person/organisation as
``value_norm``).

How (one module each): spellings become match keys (``keys``,
``person_names``); equal keys are one node (``nodes``); nodes are linked by
named, scored rules with hard vetoes (``links``); links are clustered by
union-find with must-not-link constraints (``clusters``); clusters become
entities with a hierarchy (``entities``) and frames (``tables``). The rules'
words and thresholds live in ``rules.yaml``.

Every link weighed is kept as the ``links`` table, as Splink publishes its
comparisons: the accepted ones, the candidates a veto kept apart, the links
the clusterer refused, and bare surnames that fit several people, each with
its rule, score and reason (``recon explain <entity>`` reads it).

Extra columns: entities ``catalog_id``, ``part_of``, ``variant_of``,
``ancestors`` (nearest first), ``source``; mentions ``type``, ``detector``,
``confidence``, ``norm_key``; claims ``value_entity_id``,
``subject_mention_id``, ``value_mention_id`` (all described in their homes,
``pipeline/schema/*.yaml``). Sample rows of the seed corpus::

    entities
    entity_id       | name            | type         | aliases              | n_docs | n_mentions | part_of
    alexnet         | AlexNet         | model        | [Alexnet, alexnet]   | 5      | 38         | None
    geoffrey-hinton | Geoffrey Hinton | person       | [辛顿, 欣顿, …]      | 5      | 24         | None
    google-brain    | Google Brain    | organization | [谷歌大脑, …]        | 1      | 5          | google

    mentions
    mention_id         | doc_id               | entity_id | surface | char_start | char_end | method | score
    m_4820fbf600213b15 | 000_858dce1e5fcd4cf7 | alexnet   | AlexNet | 200        | 207      | exact  | 100.0

    claims
    claim_id           | doc_id               | entity_name | attribute  | value_raw | value_norm | value_num
    c_82bfc913ce2224e7 | 000_858dce1e5fcd4cf7 | AlexNet     | error_rate | 15.3%     | 15.3       | 15.3

    links
    left         | right        | method | score | decision | reason
    alexnet      | alexnet      | exact  | 100.0 | accepted | joined two clusters
    geminiultra  | geminiultra2 | fuzzy  | 95.7  | refused  | the names carry different version signatures
    diffusion    | diffusion95  | fuzzy  | 90.0  | refused  | … not close enough …: score 90 < 93 (Latin)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pandas as pd
from rapidfuzz import fuzz

from pipeline import schema
from pipeline.catalog import Catalog
from pipeline.resolve.clusters import Clusters
from pipeline.resolve.entities import Entity, build_entities, node_methods
from pipeline.resolve.keys import is_generic
from pipeline.resolve.links import (
    CATALOG,
    Element,
    Refusal,
    catalog_element,
    catalog_links,
    fuzzy_links,
    near_transliteration_links,
    person_links,
    spelling_links,
    surname_links,
    vetoed,
)
from pipeline.resolve.nodes import Node, NodeId, NodeIndex
from pipeline.resolve.rules import Rules, load_rules
from pipeline.resolve.tables import claims_frame, entities_frame, links_frame, mentions_frame


@dataclass(frozen=True)
class Resolution:
    entities: pd.DataFrame
    mentions: pd.DataFrame
    claims: pd.DataFrame
    links: pd.DataFrame = field(default_factory=lambda: schema.empty("links"))


def resolve_entities(
    mentions: pd.DataFrame, claims: pd.DataFrame, catalog: Catalog, rules: Rules | None = None
) -> Resolution:
    """Link mentions to entities (catalog entries or new ones) and publish the frames."""
    rules = rules or load_rules()
    mentions = schema.conform(mentions, "extracted_mentions")
    mentions, claims = _without_generic(mentions, claims, rules)
    index = NodeIndex(rules)
    index.add_catalog(catalog)
    row_nodes, types = _add_mentions(index, mentions)
    clusters, refusals = _cluster(index, catalog, rules)
    entities, ancestors_only = build_entities(index, clusters, catalog, types)
    attached = node_methods(index.nodes, clusters, rules)

    row_entities: list[Entity] = []
    methods, scores = [], []
    for node_id in row_nodes:
        entity = entities[clusters.find(node_id)]
        row_entities.append(entity)
        is_head = entity.catalog_id is None and entity.entity_id == f"x:{node_id[0]}:{node_id[1]}"
        attachment = attached[node_id]
        methods.append("new" if is_head else attachment.method)
        scores.append(rules.rule_scores["new"] if is_head else attachment.score)
    mentions_out = mentions_frame(
        mentions, [e.entity_id for e in row_entities], methods, scores, [key for _, key in row_nodes]
    )
    entities_out = entities_frame([*entities.values(), *ancestors_only], mentions_out)
    subject = {m: (e.entity_id, e.name) for m, e in zip(mentions["mention_id"], row_entities, strict=True)}

    def lookup_value(text: str, entity_type: str) -> tuple[str, str] | None:
        family, form = index.form(text, entity_type)
        if (family, form.key) not in index.nodes:
            return None
        root = clusters.find((family, form.key))
        if root in entities:
            return entities[root].entity_id, entities[root].name
        entry = catalog.get(clusters.catalog_id(root) or "")
        return (entry.id, entry.name) if entry else None

    claims_out = (
        claims_frame(schema.conform(claims, "extracted_claims"), subject, lookup_value)
        if len(claims)
        else schema.empty("claims")
    )
    links_out = links_frame(clusters.decisions, refusals, index, clusters.find, entities, catalog, rules)
    return Resolution(entities_out, mentions_out, claims_out, links_out)


def _without_generic(
    mentions: pd.DataFrame, claims: pd.DataFrame, rules: Rules
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Drop mentions that are a head noun alone (``公司``), and claims about or crediting them."""
    generic = pd.Series(
        [
            not (isinstance(c, str) and c and c != "None") and is_generic(s, rules)
            for s, c in zip(mentions["surface"], mentions["catalog_id"], strict=True)
        ],
        index=mentions.index,
        dtype=bool,
    )
    if not len(claims):
        return mentions[~generic], claims
    dropped = set(mentions.loc[generic, "mention_id"])
    bad = pd.Series(
        [
            subj in dropped
            or val in dropped
            or (attr in schema.ENTITY_VALUED and isinstance(raw, str) and is_generic(raw, rules))
            for subj, val, attr, raw in zip(
                claims["subject_mention_id"], claims["value_mention_id"], claims["attribute"],
                claims["value_raw"], strict=True,
            )
        ],
        index=claims.index,
        dtype=bool,
    )  # fmt: skip
    return mentions[~generic], claims[~bad]


def _add_mentions(
    index: NodeIndex, mentions: pd.DataFrame
) -> tuple[list[NodeId], dict[NodeId, Counter[str]]]:
    """Each row's node; distinct (surface, type) pairs are keyed once, in sorted order."""
    pairs = list(zip(mentions["surface"], mentions["type"], strict=True))
    counts = Counter(pairs)
    hints: dict[tuple[str, str], set[str]] = defaultdict(set)
    for pair, hint in zip(pairs, mentions["catalog_id"], strict=True):
        if isinstance(hint, str) and hint and hint != "None":
            hints[pair].add(hint)
    node_of: dict[tuple[str, str], NodeId] = {}
    types: dict[NodeId, Counter[str]] = defaultdict(Counter)
    for pair in sorted(counts):
        node_of[pair] = index.add_mention(*pair, counts[pair], hints.get(pair, set()))
        types[node_of[pair]][pair[1]] += counts[pair]
    return [node_of[p] for p in pairs], types


def _cluster(index: NodeIndex, catalog: Catalog, rules: Rules) -> tuple[Clusters, list[Refusal]]:
    """Apply every rule's links, then bare surnames against the resulting people; the
    clusters (with every decision they made) and the candidates vetoed before them."""
    clusters = Clusters()
    for entry in catalog.entries:
        clusters.add(catalog_element(entry.id))
    for node in index.nodes.values():
        clusters.add(node.id, node.person.tone_key if node.person else None, node.n_mentions)
    families = index.by_family()
    names: dict[str, list[Node]] = defaultdict(list)
    for node in index.nodes.values():
        for entry_id in node.anchors:
            names[entry_id].append(node)

    def heads_match(a: Element, b: Element) -> bool:
        """Some spelling of one head is a near spelling of some spelling of the other."""
        side_a, side_b = (names[e[1]] if e[0] == CATALOG else [index.nodes[e]] for e in (a, b))
        return any(
            x.family == y.family and not vetoed(x, y, fuzz.ratio(x.key, y.key), rules)
            for x in side_a
            for y in side_b
        )

    persons = families.get("person", [])
    refusals: list[Refusal] = []
    links = catalog_links(index.nodes.values(), rules, catalog)
    links += spelling_links(index.nodes, rules)
    links += person_links(persons, rules)
    links += near_transliteration_links(persons, rules)
    for nodes in families.values():
        links += fuzzy_links(nodes, rules, refusals)
    clusters.apply(links, heads_match)
    clusters.apply(surname_links(persons, clusters.find, clusters.is_anchored, rules, refusals))
    return clusters, refusals
