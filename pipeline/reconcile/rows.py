"""One row per disputed entity attribute: the ``contradictions`` table's grain, built in one place.

The checks (:mod:`~pipeline.reconcile.contradictions` between claims,
:mod:`~pipeline.reconcile.reference` against the reference facts,
:mod:`~pipeline.reconcile.families` across a family) report :class:`Issue` s.
Here they are grouped by entity, attribute family (``error_rate`` and
``accuracy`` are one: 84% accuracy is 16% error) and facet, and each group
becomes one :class:`ContradictionRow`:

- ``kind`` is the strongest kind among the group's issues (the most severe;
  among equals ``reference`` before ``cross_source`` before ``within_source``)
  and ``kinds`` lists every kind that raised something;
- ``severity`` and ``rule`` are the main issue's;
- ``sides`` lists each competing value once, with its documents and claims, and
  a side per documented reference value;
- ``explanation`` names the values and sources, the main issue's reason and the
  rule that set the severity, the other kinds' findings, the evidence around
  each side's value, and the reference citation — nothing the data does not show;
- ``contradiction_id`` hashes entity, attribute family and facet, never the
  values or the kind, so a reviewer's decision follows the row from run to run.
  Decisions recorded on the ids of earlier releases (one row per kind) still
  apply: :func:`legacy_ids` gives the ids a row replaces.

Sample row (the seed corpus)::

    contradiction_id=ctr-… entity_name=Backpropagation attribute=year kind=reference severity=medium
    kinds=[reference, cross_source, within_source] values=[1986, 1987, 1970/1986, reference: 1986 (published)]
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from pipeline.reconcile.comparison import SEVERITY_RANK, Finding
from pipeline.reconcile.facets import Facet
from pipeline.reconcile.observations import Observation

SNIPPET_RADIUS = 24
#: which kind is stronger when two issues of a row are equally severe: a documented fact first
KIND_STRENGTH = {"reference": 3, "cross_source": 2, "within_source": 1}
KIND_LABEL = {
    "reference": "against the reference",
    "cross_source": "cross-source",
    "within_source": "within-source",
}
#: attributes that are one quantity seen two ways (accuracy = 100 − error) share a row
ATTRIBUTE_FAMILY = {"accuracy": "error_rate"}


def attribute_family(attribute: str) -> str:
    return ATTRIBUTE_FAMILY.get(attribute, attribute)


def contradiction_id(entity_id: str, attribute: str, facet: str | Facet = "") -> str:
    """Stable id of the disputed quantity: entity, attribute family and facet. Values and
    kinds are deliberately not part of it. It is the id earlier releases gave the quantity's
    cross-source row, so links to those rows still find it."""
    return legacy_contradiction_id(entity_id, attribute_family(attribute), "cross_source", facet)


def legacy_contradiction_id(entity_id: str, attribute: str, kind: str, facet: str | Facet = "") -> str:
    """The id earlier releases gave the row of one kind (entity, attribute, kind, facet)."""
    digest = hashlib.sha1("|".join((entity_id, attribute, kind, str(facet))).encode()).hexdigest()
    return f"ctr-{digest[:12]}"


@dataclass(frozen=True)
class Documented:
    """What the reference documents for an issue of kind ``reference``."""

    value: str  # as a side shows it: "1986 (published)", "authors Jared Kaplan, …"
    citation: str
    short: str  # the citation as an explanation quotes it


@dataclass(frozen=True)
class Issue:
    """One finding about one quantity, with the claims it rests on."""

    entity_id: str
    entity_name: str
    attribute: str
    facet: str
    kind: str  # cross_source, within_source, reference
    finding: Finding
    observations: tuple[Observation, ...]  # the claims involved, the pair it quotes first
    documented: Documented | None = None
    labels: Mapping[str, str] = field(default_factory=dict)  # claim id → side label (credit lists)

    @property
    def rank(self) -> tuple[int, int, bool]:
        converted = any(o.conversion for o in self.observations[:2])
        return SEVERITY_RANK.get(self.finding.severity or "", 0), KIND_STRENGTH[self.kind], not converted


@dataclass(frozen=True)
class ContradictionRow:
    contradiction_id: str
    entity_id: str
    entity_name: str
    attribute: str
    kind: str
    kinds: list[str]
    severity: str
    values: list[str]
    doc_ids: list[str]
    claim_ids: list[str]
    explanation: str
    facet: str
    rule: str
    sides: str  # JSON
    reference: str | None
    replaces: tuple[str, ...] = ()  # ids of earlier releases this row stands for

    def record(self) -> dict:
        """The row as the table holds it (without :attr:`replaces`)."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "replaces"}


def snippet(obs: Observation, radius: int = SNIPPET_RADIUS) -> str:
    """The evidence around the value, short enough for one breath."""
    text = " ".join(obs.evidence.split())
    if not text:
        return obs.value_raw
    at = text.find(obs.value_raw) if obs.value_raw else -1
    if at < 0 or len(text) <= 2 * radius + len(obs.value_raw):
        return text if len(text) <= 2 * radius + 20 else text[: 2 * radius + 20] + "…"
    start, end = max(0, at - radius), min(len(text), at + len(obs.value_raw) + radius)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def side_label(group: Sequence[Observation]) -> str:
    """A side's value, with its qualifiers when every claim on the side states the same ones."""
    displays = {o.display for o in group}
    return displays.pop() if len(displays) == 1 else (group[0].bare or group[0].display)


def sides_of(obs: Iterable[Observation], labels: Mapping[str, str] | None = None) -> list[dict]:
    """Competing values with the documents and claims on each side (each claim once), best
    supported first. Claims with the same normalised value are one side (15.3% and 15.3%
    [top-5]); credit lists are labelled by ``labels`` (claim id → the list it belongs to);
    on a row that compares accuracy with error, the error claims say so."""
    labels = dict(labels or {})
    unique = list({o.claim_id: o for o in obs}.values())
    converting = any(o.converted for o in unique)
    by_value: dict[str, list[Observation]] = defaultdict(list)
    for o in unique:
        by_value[labels.get(o.claim_id, o.key)].append(o)
    sides = []
    for group in by_value.values():
        value = labels.get(group[0].claim_id) or side_label(group)
        if converting and not group[0].converted and group[0].space == "error_rate":
            value = value.replace("%", "% error", 1)
        sides.append(
            {
                "value": value,
                "doc_ids": sorted({o.doc_id for o in group}),
                "claim_ids": sorted(o.claim_id for o in group),
            }
        )
    return sorted(sides, key=lambda s: (-len(s["doc_ids"]), s["value"]))


def _quotes(issues: Sequence[Issue], limit: int = 3) -> str:
    """Evidence of the main issue's pair first, then of other sides, one quote per value."""
    seen_values: set[str] = set()
    quotes: list[str] = []
    for issue in issues:
        for o in issue.observations:
            if o.key in seen_values or len(quotes) >= limit:
                continue
            seen_values.add(o.key)
            quote = f'{o.doc_id}: "{snippet(o)}"'
            if quote not in quotes:
                quotes.append(quote)
    return "; ".join(quotes)


def _row(issues: Sequence[Issue], notes: str) -> ContradictionRow:
    ordered = sorted(issues, key=lambda i: i.rank, reverse=True)
    main = ordered[0]
    involved = list({o.claim_id: o for i in ordered for o in i.observations}.values())
    labels: dict[str, str] = {}
    for i in ordered:
        labels.update(i.labels)
    sides = sides_of(involved, labels)
    documented = list(dict.fromkeys(i.documented for i in ordered if i.documented))
    sides += [{"value": f"reference: {d.value}", "doc_ids": [], "claim_ids": []} for d in documented]
    sides = list({s["value"]: s for s in sides}.values())
    attribute = main.attribute
    if attribute_family(attribute) == "error_rate":
        attribute = "error_rate" if any(o.attribute == "error_rate" for o in involved) else "accuracy"
    facet = Facet.parse(main.facet)
    head = f"{main.entity_name} {attribute}" + (f" ({facet.text()})" if facet.text() else "")
    shown = " vs ".join(
        f"{s['value']} ({', '.join(s['doc_ids'])})" if s["doc_ids"] else s["value"] for s in sides
    )
    severity = main.finding.severity or "low"
    label = KIND_LABEL[main.kind].capitalize()
    text = f"{head}: {shown}. {label}: {main.finding.reason} → {severity} (rule {main.finding.rule})."
    also = []
    for kind in sorted({i.kind for i in ordered} - {main.kind}, key=lambda k: -KIND_STRENGTH[k]):
        best = next(i for i in ordered if i.kind == kind)
        also.append(f"{KIND_LABEL[kind]}: {best.finding.reason} ({best.finding.severity})")
    if also:
        text += " Also " + "; ".join(also) + "."
    quotes = _quotes(ordered)
    if quotes:
        text += f" Evidence: {quotes}."
    if documented:
        text += f" Reference: {' | '.join(dict.fromkeys(d.short for d in documented))}."
    if notes:
        text += notes
    kinds = sorted({i.kind for i in ordered if i.finding.severity}, key=lambda k: -KIND_STRENGTH[k])
    replaces = sorted(
        {
            legacy_contradiction_id(main.entity_id, o.attribute, i.kind, main.facet)
            for i in ordered
            for o in i.observations
        }
    )
    return ContradictionRow(
        contradiction_id=contradiction_id(main.entity_id, attribute, main.facet),
        entity_id=main.entity_id,
        entity_name=main.entity_name,
        attribute=attribute,
        kind=main.kind,
        kinds=kinds,
        severity=severity,
        values=[s["value"] for s in sides],
        doc_ids=sorted({o.doc_id for o in involved}),
        claim_ids=sorted(o.claim_id for o in involved),
        explanation=text,
        facet=main.facet,
        rule=main.finding.rule,
        sides=json.dumps(sides, ensure_ascii=False),
        reference=" | ".join(dict.fromkeys(d.citation for d in documented)) or None,
        replaces=tuple(replaces),
    )


def build_rows(
    issues: Iterable[Issue], notes: Mapping[tuple[str, str, str], str] | None = None
) -> list[ContradictionRow]:
    """One row per entity, attribute family and facet with a raised issue. ``notes`` (keyed like
    the rows: entity, attribute family, facet) adds a sentence to a row's explanation (what the
    reference documents of the competing figures)."""
    groups: dict[tuple[str, str, str], list[Issue]] = defaultdict(list)
    for issue in issues:
        if issue.finding.severity:
            groups[(issue.entity_id, attribute_family(issue.attribute), issue.facet)].append(issue)
    notes = notes or {}
    return [_row(group, notes.get(key, "")) for key, group in sorted(groups.items())]
