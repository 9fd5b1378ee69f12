"""Clustering: union-find over scored links, with must-not-link vetoes.

Links are applied strongest first (:attr:`Link.order`). A link is refused
when it would put two catalog entries in one cluster, or two Chinese names
whose characters read differently (李明 and 黎明 share the romanisation
``li ming`` but are two people), or, for fuzzy links, when the two clusters'
heads (their catalog entry or most mentioned key) are not near spellings
themselves: a typo close to two names must not chain them together.
Refused links are kept for inspection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pipeline.resolve.links import CATALOG, Element, Link


class Clusters:
    def __init__(self) -> None:
        self._parent: dict[Element, Element] = {}
        self._catalog: dict[Element, str] = {}
        self._tones: dict[Element, frozenset[str]] = {}
        self._head: dict[Element, tuple[float, Element]] = {}  # root -> (weight, head element)
        self.accepted: list[Link] = []
        self.refused: list[Link] = []

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
            (self.accepted if self._union(link.a, link.b, guard) else self.refused).append(link)

    def _union(self, a: Element, b: Element, heads_match: Callable[[Element, Element], bool] | None) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if heads_match is not None and not heads_match(self._head[ra][1], self._head[rb][1]):
            return False
        ca, cb = self._catalog.get(ra), self._catalog.get(rb)
        if ca and cb and ca != cb:
            return False
        ta, tb = self._tones.get(ra), self._tones.get(rb)
        if ta and tb and not ta & tb:
            return False
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
        return True
