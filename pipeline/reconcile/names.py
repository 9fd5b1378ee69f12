"""How names meet: entity ids, the catalog's hierarchy, and written names against documented ones.

Reconciliation compares a claim's credited person or organisation with other
claims and with the reference facts. Linked values compare by id (and through
the hierarchy: Google Brain inside Google); written names the resolver could
not link compare by their letters, and people's names also in the forms
bibliographies and careless texts use::

    >>> person_match("Deng, J.", ["Jia Deng"]), person_match("D. Zeiler", ["Matthew D. Zeiler"])
    ('same', 'same')
    >>> person_match("Frank Rosenblat", ["Frank Rosenblatt"]), person_match("Yann LeCun", ["Jia Deng"])
    ('spelling', '')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz

from pipeline import schema
from pipeline.catalog import Catalog

#: a written person's name this similar to a documented one (rapidfuzz ratio, 0–100) is the same name
#: misspelt (Rosenblat / Rosenblatt); below it, another person
SPELLING_SIMILARITY = 90.0
_INITIAL = re.compile(r"^[A-Z]\.?$")
_LATIN = re.compile(r"^[A-Za-zÀ-ÿ'.\- ,]+$")


def name_key(name: str) -> str:
    """Case- and punctuation-free form of a name, for matching names without ids."""
    return re.sub(r"[\W_]+", "", str(name).casefold())


@dataclass(frozen=True)
class Names:
    """Id, hierarchy and name look-ups over the resolved entities and the catalog."""

    canonical_id: Callable[[str], str]  # any entity id → catalog id
    ancestors_of: Callable[[str], tuple[str, ...]]
    aliases_of: Callable[[str], tuple[str, ...]]  # catalog id → its names
    id_for_name: Callable[[str], str | None]  # a written name → catalog id, if any
    type_of: Callable[[str], str] = lambda eid: ""  # catalog id → its type (model, concept, person …)

    def key(self, ref: str) -> str:
        known = self.id_for_name(ref)
        return known or self.canonical_id(ref)

    def name_keys(self, ref: str) -> set[str]:
        return {name_key(n) for n in (ref, *self.aliases_of(self.key(ref)))}

    def same(self, obs, ref: str) -> bool:
        """A claim's credited value is ``ref`` (an id or a name)."""
        return obs.key == self.key(ref) or name_key(obs.display) in self.name_keys(ref)

    def related(self, obs, ref: str) -> bool:
        """Equal, or one inside the other in the organisation hierarchy."""
        ref_key = self.key(ref)
        return self.same(obs, ref) or ref_key in obs.ancestors or obs.key in self.ancestors_of(ref_key)

    def person(self, obs, ref: str) -> str:
        """``same``, ``spelling`` (the documented person's name misspelt) or ``""``."""
        if self.same(obs, ref):
            return "same"
        if obs.key.startswith("name:") or obs.key.startswith("x:"):  # unlinked: read the letters
            return person_match(obs.display, self.aliases_of(self.key(ref)) or (ref,))
        return ""

    def display(self, ref: str) -> str:
        names = self.aliases_of(self.key(ref))
        return names[0] if names else ref


def _latin_parts(name: str) -> tuple[str, list[str]] | None:
    """(surname, given-name initials) of a Latin name as a text writes it:
    'Jia Deng', 'Deng, J.', 'Howard, R. E.', 'Tanaka H.', 'D. Zeiler'."""
    text = " ".join(str(name).split())
    if not text or not _LATIN.match(text):
        return None
    if "," in text:
        surname, _, given = text.partition(",")
        tokens = given.replace(".", ". ").split()
        return surname.strip().casefold(), [t[0].upper() for t in tokens if t[:1].isalpha()]
    tokens = text.replace(".", ". ").split()
    if len(tokens) < 2:
        return None
    if all(_INITIAL.match(t) for t in tokens[1:]):  # 'Tanaka H.'
        return tokens[0].casefold(), [t[0].upper() for t in tokens[1:]]
    return tokens[-1].casefold(), [t[0].upper() for t in tokens[:-1] if t[:1].isalpha()]


def _initials_fit(written: Sequence[str], documented: Sequence[str]) -> bool:
    """Each written initial appears among the documented given names, in order."""
    it = iter(documented)
    return bool(written) and all(any(w == d for d in it) for w in written)


def person_match(written: str, documented: Iterable[str]) -> str:
    """``same`` when ``written`` is one of ``documented`` names, or the same surname with fitting
    initials; ``spelling`` when it is one of them misspelt; else ``""``."""
    names = [str(n) for n in documented if n]
    key = name_key(written)
    if not key:
        return ""
    if any(name_key(n) == key for n in names):
        return "same"
    parts = _latin_parts(written)
    for n in names:
        other = _latin_parts(n)
        if parts and other and parts[0] == other[0] and _initials_fit(parts[1], other[1]):
            return "same"
    for n in names:
        other_key = name_key(n)
        if other_key[:1] == key[:1] and fuzz.ratio(key, other_key) >= SPELLING_SIMILARITY:
            return "spelling"
    return ""


def entity_names(entities: pd.DataFrame, catalog: Catalog) -> Names:
    """Id, hierarchy and name look-ups over the resolved entities and the catalog."""
    rows = schema.records(entities, "entities")
    to_catalog = {r["entity_id"]: r.get("catalog_id") or r["entity_id"] for r in rows}
    ancestors_col = {r["entity_id"]: r.get("ancestors") or [] for r in rows}
    aliases = {to_catalog[r["entity_id"]]: (r.get("name") or "", *(r.get("aliases") or [])) for r in rows}
    aliases.update({e.id: e.names for e in catalog.entries})
    types = {to_catalog[r["entity_id"]]: str(r.get("type") or "") for r in rows}
    types.update({e.id: e.type for e in catalog.entries})
    by_name: dict[str, str] = {}
    for e in catalog.entries:
        for n in (e.id, *e.names):
            by_name.setdefault(name_key(n), e.id)

    def canonical_id(eid: str) -> str:
        return to_catalog.get(eid) or eid

    def ancestors_of(eid: str) -> tuple[str, ...]:
        listed = [canonical_id(str(a)) for a in ancestors_col.get(eid, [])]
        return tuple(dict.fromkeys([*listed, *catalog.ancestors(canonical_id(eid))]))

    def id_for_name(name: str) -> str | None:
        return name if catalog.get(name) else by_name.get(name_key(name))

    return Names(
        canonical_id,
        ancestors_of,
        lambda cid: aliases.get(cid, ()),
        id_for_name,
        lambda cid: types.get(cid, ""),
    )


def variant_parents(entities: pd.DataFrame, catalog: Catalog, canonical_id) -> dict[str, str]:
    """Each entity's family (canonical ids): the catalog's ``variant_of``, and the
    resolver's for entities the catalog does not know."""
    parents = {e.id: e.variant_of for e in catalog.entries if e.variant_of}
    for r in schema.records(entities, "entities"):
        if r.get("variant_of"):
            parents[canonical_id(r["entity_id"])] = canonical_id(r["variant_of"])
    return parents
