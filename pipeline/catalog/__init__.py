"""The entity catalog: what the world contains, independent of any document.

The catalog is the recognising half of the knowledge base in the YAML files
beside this module: ``works_*.yaml`` (models, methods, datasets, papers,
software, hardware, events …), ``people.yaml`` and ``organizations.yaml``
(schema, selection rule and how to add an entry: ``README.md`` here). The same
entries carry the documented facts that claims are checked against
(:mod:`pipeline.catalog.facts`). What recognition reads of an entry::

    - id: kaiming-he                 # stable, lowercase, never reused
      name: Kaiming He               # canonical display name
      type: person                   # from the file for people and organisations
      aliases: [何恺明, 何凯明, He Kaiming]   # every other way texts write it
      ambiguous: []                  # aliases that may name something else too
      titles: []                     # works: paper titles, so a reference list links to the work
      part_of: google                # organisations: parent organisation id
      variant_of: resnet             # works: the family this one is a version of
      citation: "He et al., Deep Residual Learning …, CVPR 2016"   # where the facts come from

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
    "benchmark",
    "hardware",
    "software",
    "system",
    "concept",
    "event",
    "paper",
)
#: the type of every entry of a file, for files of one kind
FILE_TYPES = {"people": "person", "organizations": "organization"}


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    part_of: str | None = None
    variant_of: str | None = None
    source: str | None = None
    titles: tuple[str, ...] = ()  # a work's paper titles
    ambiguous: tuple[str, ...] = ()  # aliases that may also name something else

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias and title, without repeats."""
        return tuple(dict.fromkeys((self.name, *self.aliases, *self.titles)))


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


def _strings(raw: dict, key: str) -> tuple[str, ...]:
    return tuple(str(a) for a in raw.get(key) or ())


def parse_catalog(files: dict[str, str]) -> Catalog:
    """Build a catalog from ``{file name: YAML text}``; checks ids, types and references."""
    entries: list[CatalogEntry] = []
    seen: dict[str, str] = {}
    for fname in sorted(files):
        data = yaml.safe_load(files[fname]) or []
        if not isinstance(data, list):
            raise CatalogError(f"{fname}: expected a list of entries")
        kind = FILE_TYPES.get(fname.removesuffix(".yaml").split("_")[0])
        for raw in data:
            try:
                entry = CatalogEntry(
                    id=str(raw["id"]),
                    name=str(raw["name"]),
                    type=str(raw.get("type") or kind or raw["type"]),
                    aliases=_strings(raw, "aliases"),
                    part_of=raw.get("part_of"),
                    variant_of=raw.get("variant_of"),
                    source=raw.get("citation") or raw.get("source"),
                    titles=_strings(raw, "titles"),
                    ambiguous=_strings(raw, "ambiguous"),
                )
            except (KeyError, TypeError) as exc:
                raise CatalogError(f"{fname}: malformed entry {raw!r:.120}: {exc}") from exc
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
