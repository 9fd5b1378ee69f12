"""Nodes of the linking graph: one per (type family, match key).

Every way of writing a name that normalises to the same key is the same node,
so 100,000 mentions shrink to the few thousand distinct keys that need
comparing. Catalog names are nodes too, anchored to their entry; a mention
whose key equals a catalog name's key is linked by that identity alone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pipeline.catalog import Catalog
from pipeline.resolve.keys import NameForm, has_han, name_form
from pipeline.resolve.person_names import PersonName, person_name
from pipeline.resolve.rules import Rules

NodeId = tuple[str, str]  # (family, key)


@dataclass
class Node:
    family: str
    key: str
    form: NameForm  # the representative spelling (first surface in sorted order)
    person: PersonName | None
    inner_keys: set[str] = field(default_factory=set)
    anchors: dict[str, str] = field(default_factory=dict)  # catalog id -> "exact" | "alias"
    hinted: set[str] = field(default_factory=set)  # catalog ids an extractor proposed
    spellings: Counter[str] = field(default_factory=Counter)  # mentioned cores -> count

    @property
    def n_mentions(self) -> int:
        return self.spellings.total()

    @property
    def id(self) -> NodeId:
        return (self.family, self.key)

    @property
    def has_han(self) -> bool:
        return has_han(self.key)


class NodeIndex:
    """All nodes of one resolution run, keyed by (family, key)."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.nodes: dict[NodeId, Node] = {}

    def form(self, surface: str, entity_type: str) -> tuple[str, NameForm]:
        family = self.rules.family(entity_type)
        return family, name_form(surface, self.rules, family == "person")

    def add(self, surface: str, entity_type: str) -> Node:
        """The node of ``surface`` (created on first sight)."""
        family, form = self.form(surface, entity_type)
        node = self.nodes.get((family, form.key))
        if node is None:
            person = person_name(form.core, self.rules) if family == "person" else None
            node = self.nodes[(family, form.key)] = Node(family, form.key, form, person)
        if form.inner_key and form.inner_key != form.key:
            node.inner_keys.add(form.inner_key)
        return node

    def add_catalog(self, catalog: Catalog) -> None:
        """Catalog names become anchored nodes (canonical name: exact, others: alias)."""
        for entry in catalog.entries:
            for i, name in enumerate(entry.names):
                node = self.add(name, entry.type)
                if node.anchors.get(entry.id) != "exact":
                    node.anchors[entry.id] = "exact" if i == 0 else "alias"

    def by_family(self) -> dict[str, list[Node]]:
        out: dict[str, list[Node]] = {}
        for node_id in sorted(self.nodes):
            node = self.nodes[node_id]
            out.setdefault(node.family, []).append(node)
        return out

    def add_mention(self, surface: str, entity_type: str, count: int, hints: set[str]) -> NodeId:
        """Record ``count`` mentions written ``surface``; returns their node."""
        node = self.add(surface, entity_type)
        node.spellings[self.form(surface, entity_type)[1].core] += count
        node.hinted.update(hints)
        return node.id
