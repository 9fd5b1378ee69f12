"""The entity catalog: what the world contains, independent of any document.

Entries live in the YAML files beside this module, one file per entity type
(``models.yaml``, ``people.yaml``, …). Each entry::

    - id: kaiming-he                 # stable, lowercase, never reused
      name: Kaiming He               # canonical display name
      type: person                   # model, method, person, organization, dataset,
                                     # hardware, concept, event, paper
      aliases: [何恺明, 何凯明, He Kaiming]   # every other way texts write it
      part_of: google                # organisations: parent organisation id
      variant_of: resnet             # models: the family this one is a version of
      source: "He et al., Deep Residual Learning …, CVPR 2016"   # where the facts come from

The catalog's version is a hash of its files, so caches and published tables
can say which catalog made them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from pipeline.versions import content_version

ENTITY_TYPES = (
    "model",
    "method",
    "person",
    "organization",
    "dataset",
    "hardware",
    "concept",
    "event",
    "paper",
)


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    part_of: str | None = None
    variant_of: str | None = None
    source: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias, without repeats."""
        return tuple(dict.fromkeys((self.name, *self.aliases)))


@dataclass(frozen=True)
class Catalog:
    entries: tuple[CatalogEntry, ...]
    version: str
    by_id: dict[str, CatalogEntry] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id.update({e.id: e for e in self.entries})

    def get(self, entity_id: str) -> CatalogEntry | None:
        return self.by_id.get(entity_id)

    def ancestors(self, entity_id: str) -> tuple[str, ...]:
        """Ids of the organisations (or model families) this one belongs to, nearest first."""
        chain: list[str] = []
        current = self.by_id.get(entity_id)
        while current is not None:
            parent = current.part_of or current.variant_of
            if parent is None or parent in chain or parent == entity_id:
                break
            chain.append(parent)
            current = self.by_id.get(parent)
        return tuple(chain)


class CatalogError(ValueError):
    """A catalog file that cannot be used, with the file and entry named."""


def parse_catalog(files: dict[str, str]) -> Catalog:
    """Build a catalog from ``{file name: YAML text}``; checks ids, types and references."""
    entries: list[CatalogEntry] = []
    seen: dict[str, str] = {}
    for fname in sorted(files):
        data = yaml.safe_load(files[fname]) or []
        if not isinstance(data, list):
            raise CatalogError(f"{fname}: expected a list of entries")
        for raw in data:
            try:
                entry = CatalogEntry(
                    id=str(raw["id"]),
                    name=str(raw["name"]),
                    type=str(raw["type"]),
                    aliases=tuple(str(a) for a in raw.get("aliases") or ()),
                    part_of=raw.get("part_of"),
                    variant_of=raw.get("variant_of"),
                    source=raw.get("source"),
                )
            except (KeyError, TypeError) as exc:
                raise CatalogError(f"{fname}: malformed entry {raw!r}: {exc}") from exc
            if entry.type not in ENTITY_TYPES:
                raise CatalogError(f"{fname}: {entry.id}: unknown type {entry.type!r}")
            if entry.id in seen:
                raise CatalogError(f"{fname}: duplicate id {entry.id!r} (also in {seen[entry.id]})")
            seen[entry.id] = fname
            entries.append(entry)
    for e in entries:
        for ref in (e.part_of, e.variant_of):
            if ref is not None and ref not in seen:
                raise CatalogError(f"{seen[e.id]}: {e.id} refers to unknown id {ref!r}")
    return Catalog(entries=tuple(entries), version=content_version(files))


def catalog_files() -> dict[str, str]:
    """The YAML files shipped with the package."""
    root = resources.files(__package__)
    return {p.name: p.read_text(encoding="utf-8") for p in root.iterdir() if p.name.endswith(".yaml")}


@cache
def load_catalog() -> Catalog:
    """The packaged catalog (parsed once per process)."""
    return parse_catalog(catalog_files())
