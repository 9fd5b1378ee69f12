"""Clustering: union-find over scored links, with must-not-link vetoes.

Links are applied strongest first (:attr:`Link.order`). A link is refused
when it would put two catalog entries in one cluster, or two Chinese names
whose characters read differently (李明 and 黎明 share the romanisation
``li ming`` but are two people), or, for fuzzy links, when the two clusters'
heads (their catalog entry or most mentioned key) are not near spellings
themselves: a typo close to two names must not chain them together.
Every decision is kept, in the order it was made (:attr:`Clusters.decisions`):
the ``links`` table publishes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pipeline.resolve.links import CATALOG, Element, Link

#: why the clusterer refused a link
REFUSALS = {
    "heads_differ": "the two clusters' heads are not near spellings of each other",
    "two_catalog_entries": "it would put two catalog entries in one entity",
    "readings_differ": "the Chinese names read differently (other tones or characters)",
}
#: why an accepted link was accepted
ACCEPTANCES = {
    "joined": "joined two clusters",
    "same_cluster": "both ends were already one entity through stronger links",
}


@dataclass(frozen=True)
class Decision:
    """One link the clusterer was given: accepted or refused, why, and in which turn."""

    link: Link
    accepted: bool
    reason: str  # a key of ACCEPTANCES or REFUSALS
    step: int  # 1 for the first link applied
    heads: tuple[Element, ...] = ()  # refused: the heads of the two clusters it would have joined


class Clusters:
    def __init__(self) -> None:
        self._parent: dict[Element, Element] = {}
        self._catalog: dict[Element, str] = {}
        self._tones: dict[Element, frozenset[str]] = {}
        self._head: dict[Element, tuple[float, Element]] = {}  # root -> (weight, head element)
        self.accepted: list[Link] = []
        self.refused: list[Link] = []
        self.decisions: list[Decision] = []

    def add(self, element: Element, tone_key: str | None = None, weight: float = 0.0) -> None:
        if element in self._parent:
            return
        self._parent[element] = element
        self._head[element] = (weight, element)
        if element[0] == CATALOG:
            self._catalog[element] = element[1]
            self._head[element] = (float("inf"), element)
        if tone_key:
            self._tones[element] = frozenset([tone_key])

    def find(self, element: Element) -> Element:
        root = element
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[element] != root:  # path compression
            self._parent[element], element = root, self._parent[element]
        return root

    def catalog_id(self, element: Element) -> str | None:
        return self._catalog.get(self.find(element))

    def is_anchored(self, element: Element) -> bool:
        return self.find(element) in self._catalog

    def apply(
        self, links: Iterable[Link], heads_match: Callable[[Element, Element], bool] | None = None
    ) -> None:
        """Union along ``links``; fuzzy links also need ``heads_match(head_a, head_b)``."""
        for link in sorted(links, key=lambda lk: lk.order):
            self.add(link.a)
            self.add(link.b)
            guard = heads_match if link.method == "fuzzy" else None
            reason = self._union(link.a, link.b, guard)
            accepted = reason in ACCEPTANCES
            (self.accepted if accepted else self.refused).append(link)
            # a refusal changed nothing: the heads are still those that were compared
            heads = () if accepted else (self._head[self.find(link.a)][1], self._head[self.find(link.b)][1])
            self.decisions.append(Decision(link, accepted, reason, len(self.decisions) + 1, heads))

    def _union(self, a: Element, b: Element, heads_match: Callable[[Element, Element], bool] | None) -> str:
        """Join the clusters of ``a`` and ``b`` unless a constraint forbids it; the reason
        (a key of :data:`ACCEPTANCES` or :data:`REFUSALS`)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return "same_cluster"
        if heads_match is not None and not heads_match(self._head[ra][1], self._head[rb][1]):
            return "heads_differ"
        ca, cb = self._catalog.get(ra), self._catalog.get(rb)
        if ca and cb and ca != cb:
            return "two_catalog_entries"
        ta, tb = self._tones.get(ra), self._tones.get(rb)
        if ta and tb and not ta & tb:
            return "readings_differ"
        if rb < ra:  # deterministic root: the smaller element
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._head[ra] = max(self._head.pop(rb), self._head[ra])
        if ca or cb:
            self._catalog[ra] = ca or cb
            self._catalog.pop(rb, None)
        if ta or tb:
            self._tones[ra] = (ta or frozenset()) | (tb or frozenset())
            self._tones.pop(rb, None)
        return "joined"
