"""Candidate links between nodes, each scored and named by the rule that made it.

Rules, strongest first (``METHODS``): the key equals a catalog name (exact,
alias); a parenthetical gloss names a known thing (gloss); an English plural
(plural); the extractor's catalog match (catalog); the same person in another
name order or script (name_order, pinyin; a shortened given name, given_name);
a near spelling within a block (fuzzy); a bare surname that fits exactly one
person (surname, see :func:`surname_links`).

Hard vetoes, never outweighed by a high score: a different version signature
(``GPT-4`` vs ``GPT-4V``, ``ResNet`` vs ``ResNet-152``), one key extending the
other (``注意力机制`` vs ``自注意力机制``), near spellings of romanised
Chinese names (``Xiangyu``/``Xiangyun`` are two people), and Latin names
whose one differing word is not itself a near spelling.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

import numpy as np
from pypinyin import Style, lazy_pinyin
from rapidfuzz import fuzz, process

from pipeline.catalog import Catalog
from pipeline.resolve.nodes import Node, NodeId
from pipeline.resolve.rules import Rules

CATALOG = "@catalog"
METHODS = (
    "exact",
    "alias",
    "gloss",
    "plural",
    "catalog",
    "name_order",
    "pinyin",
    "transliteration",
    "given_name",
    "fuzzy",
    "surname",
)
Element = tuple[str, str]  # a NodeId, or (CATALOG, catalog entry id)
#: what each rule of METHODS says, as ``recon explain`` and the ``links`` table say it
RULES = {
    "exact": "the spelling is the catalog entry's canonical name",
    "alias": "the spelling is one of the catalog entry's aliases",
    "gloss": "a parenthetical gloss names the other spelling (神经认知机（Neocognitron）)",
    "plural": "an English plural of the other spelling",
    "catalog": "extraction matched the catalog entry (the spellings differ)",
    "name_order": "the same romanised name in another order",
    "pinyin": "the same person written in Han characters and in pinyin",
    "transliteration": "one foreign name written with other characters of the same sound, or of the same"
    " given name and a surname of the same consonants (苏茨凯弗, 苏茨克弗)",
    "given_name": "a shortened given name (Geoff, Geoffrey)",
    "fuzzy": "near spellings: rapidfuzz ratio of the match keys at or above the threshold",
    "surname": "a bare surname that fits exactly one person",
}


@dataclass(frozen=True)
class Link:
    a: Element
    b: Element
    method: str
    score: float

    @property
    def order(self) -> tuple:
        """Strongest rule first, then highest score; ties broken by ids (deterministic)."""
        return (METHODS.index(self.method), -self.score, self.a, self.b)


@dataclass(frozen=True)
class Refusal:
    """A candidate link that was not made, and why: a key of :data:`VETOES` for a near
    spelling, ``ambiguous_surname`` for a bare surname that fits several people, or
    what the clusterer refused it for (:mod:`pipeline.resolve.clusters`)."""

    link: Link
    reason: str
    others: tuple[Element, ...] = ()  # what the reason names: the clusters' heads, the candidates


def catalog_element(entry_id: str) -> Element:
    return (CATALOG, entry_id)


def catalog_links(nodes: Iterable[Node], rules: Rules, catalog: Catalog) -> list[Link]:
    """Exact/alias identities with catalog names, and the extractor's catalog ids."""
    links = []
    for node in nodes:
        for entry_id, method in sorted(node.anchors.items()):
            links.append(Link(node.id, catalog_element(entry_id), method, rules.rule_scores[method]))
        if not node.anchors:
            for entry_id in sorted(h for h in node.hinted if catalog.get(h) is not None):
                links.append(
                    Link(node.id, catalog_element(entry_id), "catalog", rules.rule_scores["catalog"])
                )
    return links


def spelling_links(nodes: dict[NodeId, Node], rules: Rules) -> list[Link]:
    """A parenthetical gloss naming a known node; an English plural of a known node."""
    links = []
    for node in nodes.values():
        for inner in sorted(node.inner_keys):
            other = nodes.get((node.family, inner))
            if other is not None and other.form.version == node.form.version:
                links.append(Link(node.id, other.id, "gloss", rules.rule_scores["gloss"]))
        last = node.form.tokens[-1] if node.form.tokens else ""
        if node.family != "person" and last.isascii() and last.endswith("s") and len(last) >= 5:
            other = nodes.get((node.family, node.key[:-1]))
            if other is not None:
                links.append(Link(node.id, other.id, "plural", rules.rule_scores["plural"]))
    return links


def person_links(persons: list[Node], rules: Rules) -> list[Link]:
    """Same order-free romanised name (name order, pinyin); shortened given names."""
    links = []
    by_order: dict[str, list[Node]] = defaultdict(list)
    by_surname: dict[str, list[Node]] = defaultdict(list)
    for node in persons:
        p = node.person
        if p is not None and p.order_key and p.is_full:
            by_order[p.order_key].append(node)
            if p.script == "latin" and not p.romanised_chinese:
                by_surname[p.surname].append(node)
    for group in by_order.values():
        hub = next((n for n in group if not n.has_han), group[0])
        for other in group:
            if other is not hub:
                method = (
                    "transliteration"
                    if other.person.script == "han_foreign"
                    else "pinyin"
                    if other.has_han or hub.has_han
                    else "name_order"
                )
                links.append(Link(hub.id, other.id, method, rules.rule_scores[method]))
    for group in by_surname.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if _shortened_given(a.person.given, b.person.given):
                    links.append(Link(a.id, b.id, "given_name", rules.rule_scores["given_name"]))
    return links


def _sound(han: str) -> str:
    return "".join(lazy_pinyin(han, style=Style.NORMAL))


def _surname_shape(han: str) -> tuple[int, str, str]:
    """Length, first character and syllable initials of a transliterated surname: 苏茨凯弗 and
    苏茨克弗 are (4, 苏, sckf); the vowels of a transliteration vary (凯/克), its consonants less."""
    return len(han), han[:1], "".join(lazy_pinyin(han, style=Style.FIRST_LETTER))


def near_transliteration_links(persons: list[Node], rules: Rules) -> list[Link]:
    """A transliterated full name no catalog name sounds like (``伊尔亚·苏茨凯弗``) joins the one
    catalogued person with a spelling of its given name of the same sound (``伊尔亚·苏茨克维``) and
    a surname of the same shape (:func:`_surname_shape`: ``苏茨克弗``). The given name must sound
    the same: ``伊安·古德费罗`` is not ``伊恩·古德费洛``."""
    given: dict[str, set[str]] = defaultdict(set)
    surname: dict[tuple[int, str, str], set[str]] = defaultdict(set)
    catalogued_sounds = set()
    for node in persons:
        p = node.person
        if p is None or p.script != "han_foreign" or not node.anchors:
            continue
        catalogued_sounds.add(p.order_key)
        for entry_id in node.anchors:
            if p.given:
                given[_sound(p.given)].add(entry_id)
            if p.surname:
                surname[_surname_shape(p.surname)].add(entry_id)
    links = []
    for node in persons:
        p = node.person
        if (
            p is None
            or p.script != "han_foreign"
            or node.anchors
            or not p.is_full
            or not p.surname
            or p.order_key in catalogued_sounds  # the same sound: person_links links it
        ):
            continue
        fits = given.get(_sound(p.given), set()) & surname.get(_surname_shape(p.surname), set())
        if len(fits) == 1:
            score = rules.rule_scores["transliteration"]
            links.append(Link(node.id, catalog_element(next(iter(fits))), "transliteration", score))
    return links


def _shortened_given(a: str, b: str) -> bool:
    """``Geoff``/``Geoffrey``, ``Jeff``/``Jeffrey``: a clear prefix (never for pinyin
    names: ``Fang Yan`` and ``Fangxiao Yan`` are two people)."""
    short, long_ = sorted((a.replace(" ", ""), b.replace(" ", "")), key=len)
    return len(short) >= 4 and long_.startswith(short) and len(long_) >= 1.4 * len(short)


def fuzzy_links(nodes: list[Node], rules: Rules, refused: list[Refusal] | None = None) -> list[Link]:
    """Near spellings within blocks (same family, same key prefix or suffix).

    ``fuzz.ratio`` on the normalised keys with ``processor=None``: keys are
    already folded, and the default processor would drop ``.`` and ``%``.
    Each block is compared as one ``cdist`` matrix of unlinked keys against
    all keys in the block, so the cost follows block sizes, not all pairs.
    Candidates a veto keeps apart are appended to ``refused`` with the veto.
    """
    blocks: dict[Hashable, list[int]] = defaultdict(list)
    for i, node in enumerate(nodes):
        if len(node.key) >= rules.min_key_length:
            size = 2 if node.has_han else 3
            blocks[("prefix", node.key[:size])].append(i)
            blocks[("suffix", node.key[-size:])].append(i)
    cutoff = min(rules.latin_min_score, rules.han_min_score)
    links, seen = [], set()
    for members in blocks.values():
        queries = [i for i in members if not nodes[i].anchors]
        if not queries or len(members) < 2:
            continue
        scores = process.cdist(
            [nodes[i].key for i in queries],
            [nodes[j].key for j in members],
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=cutoff,
            dtype=np.float32,
            workers=1,
        )
        for r, c in zip(*np.nonzero(scores), strict=True):
            i, j = queries[r], members[c]
            pair = (min(i, j), max(i, j))
            if i == j or pair in seen:
                continue
            seen.add(pair)
            score = round(float(scores[r, c]), 1)
            why = veto(nodes[i], nodes[j], score, rules)
            link = Link(nodes[pair[0]].id, nodes[pair[1]].id, "fuzzy", score)
            if why is None:
                links.append(link)
            elif refused is not None:
                refused.append(Refusal(link, why))
    return links


#: why a near spelling was not linked (:func:`veto`), as the ``links`` table says it
VETOES = {
    "below_threshold": "the spellings are not close enough for their script",
    "version": "the names carry different version signatures",
    "extends": "one key extends the other (a part or a variant, not a spelling)",
    "romanised_chinese": "romanised Chinese names link only when equal",
    "latin_words": "the Latin names differ in more than one word, or in a word that is no near spelling",
}


def veto(a: Node, b: Node, score: float, rules: Rules) -> str | None:
    """Why two near spellings must not be linked (a key of :data:`VETOES`), or None."""
    han = a.has_han or b.has_han
    if score < (rules.han_min_score if han else rules.latin_min_score):
        return "below_threshold"
    if a.form.version != b.form.version:
        return "version"
    if a.key in b.key or b.key in a.key:
        return "extends"
    if a.person is not None and (a.person.romanised_chinese or b.person.romanised_chinese):
        return "romanised_chinese"
    if not han and not _one_word_typo(a.form.tokens, b.form.tokens, rules):
        return "latin_words"
    return None


def vetoed(a: Node, b: Node, score: float, rules: Rules) -> bool:
    """Must two near spellings stay apart (see the module docstring)?"""
    return veto(a, b, score, rules) is not None


def _one_word_typo(a: tuple[str, ...], b: tuple[str, ...], rules: Rules) -> bool:
    """Latin names differ in one word, and that word alone is a near spelling.

    Shared generic words inflate a whole-name ratio: ``Bexlin Institute`` and
    ``Bexfin Institute`` score 93 as wholes but 83 on the word that differs.
    """
    if len(a) != len(b):
        return False
    differing = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(differing) == 1 and fuzz.ratio(*differing[0]) >= rules.word_min_score


def surname_links(
    persons: list[Node],
    component: Callable[[Element], Element],
    anchored: Callable[[Element], bool],
    rules: Rules,
    refused: list[Refusal] | None = None,
) -> list[Link]:
    """A bare surname (``Hinton``, ``辛顿``, ``G. Hinton``) joins the one person it fits.

    Candidates are components holding a full name with that surname, from the
    catalog or from any document; when several fit, those some document names
    come first (the catalog's other Meiers are not who a text means); with two
    or more left the surname stays its own entity (each is appended to
    ``refused``). A Han name without a dot may be a transliterated surname
    (``辛顿`` of ``杰弗里·辛顿``) even when it reads like a Chinese name.
    """
    latin: dict[str, dict[Element, list[Node]]] = defaultdict(lambda: defaultdict(list))
    foreign: dict[str, dict[Element, list[Node]]] = defaultdict(lambda: defaultdict(list))
    settled = set()
    for node in persons:
        p = node.person
        if p is None or not p.is_full:
            continue
        root = component(node.id)
        if p.script == "han_foreign":
            foreign[p.surname][root].append(node)
            settled.add(root)
        else:
            latin[p.surname][root].append(node)
            settled.update([root] if p.script == "latin" else [])
    links = []
    for node in persons:
        p, root = node.person, component(node.id)
        if p is None or root in settled or anchored(root):
            continue
        if node.has_han and "·" not in node.form.core:
            candidates = foreign.get(node.form.core, {})
        elif not node.has_han and not p.is_full:
            candidates = {
                r: members
                for r, members in latin.get(p.surname or "", {}).items()
                if not p.given or any(m.person.given.startswith(p.given) for m in members)
            }
        else:
            continue
        if len(candidates) > 1:  # the people the corpus names come before those only the catalog knows
            candidates = {r: ms for r, ms in candidates.items() if any(m.spellings for m in ms)}
        if len(candidates) == 1:
            members = next(iter(candidates.values()))
            links.append(Link(node.id, min(m.id for m in members), "surname", rules.rule_scores["surname"]))
        elif len(candidates) > 1 and refused is not None:
            heads = tuple(sorted(min(m.id for m in members) for members in candidates.values()))
            score = rules.rule_scores["surname"]
            refused += [
                Refusal(Link(node.id, head, "surname", score), "ambiguous_surname", heads) for head in heads
            ]
    return links
