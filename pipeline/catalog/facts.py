"""The documented half of the knowledge base: dates, authors, organisations and figures of works,
people's affiliations over time, organisations' lives — every fact with its citation.

They are read from the same catalog files as the names (``works_*.yaml``,
``people.yaml``, ``organizations.yaml``), so a work the reference knows is a
work extraction recognises. Reconciliation checks claims against them
(:mod:`pipeline.reconcile.reference`). A sample::

    >>> facts = load_reference()
    >>> facts.works["alexnet"].years[:1], facts.works["alexnet"].creators
    (('2012',), ('alex-krizhevsky', 'ilya-sutskever', 'geoffrey-hinton'))
    >>> facts.organizations["google-deepmind"].founded
    '2023-04'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

import yaml

from pipeline.catalog import FILE_TYPES, catalog_files
from pipeline.versions import content_version

_DATE = re.compile(r"^(1\d\d\d|20[0-4]\d)(?:-(0[1-9]|1[0-2]))?(?:-\d\d)?$")
#: what a work's date may date (``documented``: a date the sources give without saying what it dates)
DATE_ROLES = ("introduced", "preprint", "published", "released", "announced", "open_sourced", "held", "won",
              "founded", "documented")  # fmt: skip


class ReferenceFactsError(ValueError):
    """A knowledge file that cannot be used; names the file and the entry at fault."""


@dataclass(frozen=True)
class ReferenceNumber:
    attribute: str
    value: float
    precision: float
    role: str  # "" for the work's own figure; runner_up / previous_best for a baseline
    qualifiers: dict
    note: str
    citation: str
    short: str


@dataclass(frozen=True)
class ReferenceWork:
    entity_id: str
    citation: str
    short: str  # the citation as explanations quote it
    years: tuple[str, ...] = ()  # every documented date, YYYY or YYYY-MM
    creators: tuple[str, ...] = ()  # authors of the cited work (person ids or names)
    also_credited: tuple[str, ...] = ()  # others legitimately credited (earlier/parallel work)
    organizations: tuple[str, ...] = ()
    data_from: tuple[str, ...] = ()  # organisations whose data the work was built from (MNIST: NIST)
    numbers: tuple[ReferenceNumber, ...] = ()
    see_also: tuple[str, ...] = ()  # related works often confused with this one
    dates: tuple[tuple[str, str], ...] = ()  # (date, what it dates)


@dataclass(frozen=True)
class Affiliation:
    org: str
    start: int | None
    end: int | None

    def period(self) -> str:
        return f"{self.start or '?'}–{self.end or ''}" if (self.start or self.end) else ""


@dataclass(frozen=True)
class ReferencePerson:
    person: str
    affiliations: tuple[Affiliation, ...]
    citation: str
    short: str
    roles: tuple[dict, ...] = ()  # {org, title, from, to}: CEO, founder, chief scientist …


@dataclass(frozen=True)
class ReferenceOrganization:
    org: str
    founded: str | None  # YYYY or YYYY-MM
    ended: str | None  # when it stopped existing under this name
    successor: str | None  # what it became
    part_of: str | None
    former_names: tuple[dict, ...]  # {name, until}
    citation: str


@dataclass(frozen=True)
class ReferenceFacts:
    version: str  # content hash of the files (the data version a run reports)
    works: dict[str, ReferenceWork] = field(default_factory=dict)
    people: dict[str, ReferencePerson] = field(default_factory=dict)
    organizations: dict[str, ReferenceOrganization] = field(default_factory=dict)
    declared_version: str = ""  # the manifest's reference_facts_version: the files' content version too


def format_citation(raw: object, short: bool = False) -> str:
    """Citation mapping → 'Authors. Title. Organisation. Venue. URL' (text stays as it is).

    ``short`` gives 'First author et al. Title. Venue. URL' for explanations.
    """
    if isinstance(raw, str):
        return raw
    if not isinstance(raw, Mapping):
        raise ReferenceFactsError(f"citation must be a mapping or text, got {raw!r}")
    authors = str(raw.get("authors") or "")
    if short and "," in authors:
        authors = authors.split(",")[0].strip() + " et al."
    keys = ("title", "organization", "venue", "url")
    if short:  # the URL only when there is no venue to find the work by
        keys = ("title", "venue") if raw.get("venue") else ("title", "url")
    parts = [authors, *(raw.get(k) for k in keys)]
    return ". ".join(str(p).strip().rstrip(".") for p in parts if p)


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str | int):
        return (str(value),)
    return tuple(str(v) for v in value)


def _date(value: object, where: str) -> str:
    text = str(value)
    m = _DATE.match(text)
    if not m:
        raise ReferenceFactsError(f"{where}: date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return m.group(1) + (f"-{m.group(2)}" if m.group(2) else "")


def _short(raw: Mapping, people: Mapping[str, str]) -> str:
    """``Krizhevsky et al. ImageNet Classification with … NIPS 2012``: what an explanation quotes."""
    authors = [people.get(a, a) for a in raw.get("authors") or ()]
    who = f"{authors[0]} et al." if len(authors) > 1 else (authors[0] if authors else "")
    title = (raw.get("titles") or [raw.get("name")])[0]
    parts = [
        who,
        title,
        raw.get("venue") or (raw.get("url") if not raw.get("arxiv") else f"arXiv:{raw['arxiv']}"),
    ]
    return ". ".join(str(p).strip().rstrip(".") for p in parts if p)


def _number(n: Mapping, citation: str, short: str) -> ReferenceNumber:
    own = n.get("citation")
    return ReferenceNumber(
        attribute=str(n["attribute"]),
        value=float(n["value"]),
        precision=float(n.get("precision", 0.0)),
        role=str(n.get("role") or ""),
        qualifiers=dict(n.get("qualifiers") or {}),
        note=str(n.get("note") or ""),
        citation=format_citation(own) if own else citation,
        short=format_citation(own, short=True) if own else short,
    )


def _work(raw: Mapping, where: str, people: Mapping[str, str]) -> ReferenceWork | None:
    dates = tuple(
        (_date(d["date"], where), str(d.get("what") or "documented")) for d in raw.get("dates") or ()
    )
    for _, what in dates:
        if what not in DATE_ROLES:
            raise ReferenceFactsError(f"{where}: a date dates {what!r}, not one of {', '.join(DATE_ROLES)}")
    if not (dates or raw.get("authors") or raw.get("organizations") or raw.get("numbers")):
        return None  # a name only: nothing to check claims against
    if not raw.get("citation"):
        raise ReferenceFactsError(f"{where}: facts without a citation")
    citation = format_citation(raw["citation"])
    short = (
        format_citation(raw["citation"], short=True)
        if isinstance(raw["citation"], Mapping)
        else _short(raw, people)
    )
    return ReferenceWork(
        entity_id=str(raw["id"]),
        citation=citation,
        short=short,
        years=tuple(dict.fromkeys(d for d, _ in dates)),
        creators=_strings(raw.get("authors")),
        also_credited=_strings(raw.get("also_credited")),
        organizations=_strings(raw.get("organizations")),
        data_from=_strings(raw.get("data_from")),
        numbers=tuple(_number(n, citation, short) for n in raw.get("numbers") or ()),
        see_also=_strings(raw.get("see_also")),
        dates=dates,
    )


def _person(raw: Mapping, where: str) -> ReferencePerson | None:
    if not raw.get("affiliations") and not raw.get("roles"):
        return None
    if not raw.get("citation"):
        raise ReferenceFactsError(f"{where}: affiliations without a citation")
    affiliations = tuple(
        Affiliation(str(a["org"]), a.get("from"), a.get("to")) for a in raw.get("affiliations") or ()
    )
    short = format_citation(raw["citation"], short=True)
    roles = tuple(dict(r) for r in raw.get("roles") or ())
    return ReferencePerson(str(raw["id"]), affiliations, format_citation(raw["citation"]), short, roles)


def _organization(raw: Mapping, where: str) -> ReferenceOrganization:
    founded = _date(raw["founded"], where) if raw.get("founded") else None
    ended = _date(raw["ended"], where) if raw.get("ended") else None
    return ReferenceOrganization(str(raw["id"]), founded, ended, raw.get("successor"), raw.get("part_of"),
                                 tuple(dict(f) for f in raw.get("former_names") or ()),
                                 format_citation(raw.get("citation") or ""))  # fmt: skip


def parse_facts(files: Mapping[str, str]) -> ReferenceFacts:
    """The reference facts of ``{file name: YAML text}`` (the catalog's files)."""
    parsed = {f: yaml.safe_load(text) or [] for f, text in files.items()}
    names = {str(e["id"]): str(e.get("name", e["id"])) for f, data in parsed.items() if f.startswith("people")
             for e in data}  # fmt: skip
    works: dict[str, ReferenceWork] = {}
    people: dict[str, ReferencePerson] = {}
    orgs: dict[str, ReferenceOrganization] = {}
    for fname in sorted(parsed):
        kind = FILE_TYPES.get(fname.removesuffix(".yaml").split("_")[0], "work")
        for raw in parsed[fname]:
            where = f"{fname}: {raw.get('id', '?')}" if isinstance(raw, Mapping) else f"{fname}: {raw!r}"
            try:
                if kind == "person":
                    if (p := _person(raw, where)) is not None:
                        people[p.person] = p
                elif kind == "organization":
                    orgs[str(raw["id"])] = _organization(raw, where)
                elif (w := _work(raw, where, names)) is not None:
                    works[w.entity_id] = w
            except (KeyError, TypeError, ValueError) as exc:
                if isinstance(exc, ReferenceFactsError):
                    raise
                raise ReferenceFactsError(f"{where}: {type(exc).__name__}: {exc}") from exc
    version = content_version(dict(files))
    return ReferenceFacts(version, works, people, orgs, declared_version=version)


@cache
def load_reference() -> ReferenceFacts:
    """The packaged reference facts (parsed once per process)."""
    return parse_facts(catalog_files())


@dataclass(frozen=True)
class CatalogStats:
    """What the knowledge base holds, as ``recon catalog stats`` prints it."""

    counts: dict[str, int]  # works, people, organizations, facts, facts_with_citation
    by_era: dict[str, dict[str, int]]  # decade of a work's first date -> type -> works

    def table(self) -> str:
        types = sorted({t for row in self.by_era.values() for t in row})
        lines = ["era    " + " ".join(f"{t:>9s}" for t in types) + "      all"]
        for era in sorted(self.by_era):
            row = self.by_era[era]
            lines.append(
                f"{era:7s}" + " ".join(f"{row.get(t, 0):9d}" for t in types) + f"{sum(row.values()):9d}"
            )
        return "\n".join(lines)


def catalog_stats(files: Mapping[str, str] | None = None) -> CatalogStats:
    """Counts of works, people, organisations and facts, and works by era (decade) and type."""
    from pipeline.catalog import parse_catalog

    files = dict(files or catalog_files())
    catalog, facts = parse_catalog(files), parse_facts(files)
    kinds = {"person": "people", "organization": "organizations"}
    counts = {"works": 0, "people": 0, "organizations": 0}
    for e in catalog.entries:
        counts[kinds.get(e.type, "works")] += 1
    n_facts = n_cited = 0
    for w in facts.works.values():
        n = len(w.dates) + len(w.creators) + len(w.organizations) + len(w.numbers)
        n_facts += n
        n_cited += n if w.citation else sum(1 for x in w.numbers if x.citation)
    for p in facts.people.values():
        n_facts += len(p.affiliations) + len(p.roles)
        n_cited += (len(p.affiliations) + len(p.roles)) if p.citation else 0
    for o in facts.organizations.values():
        n = sum(1 for x in (o.founded, o.ended, o.successor, o.part_of) if x) + len(o.former_names)
        n_facts += n
        n_cited += n if o.citation else 0
    by_era: dict[str, dict[str, int]] = {}
    for e in catalog.entries:
        if e.type in kinds:
            continue
        work = facts.works.get(e.id)
        first = min((d for d, _ in work.dates), default=None) if work else None
        era = f"{first[:3]}0s" if first else "undated"
        by_era.setdefault(era, {}).setdefault(e.type, 0)
        by_era[era][e.type] += 1
    return CatalogStats({**counts, "facts": n_facts, "facts_with_citation": n_cited}, by_era)
