"""Reference checks: claims against curated facts from primary sources.

The facts live in the catalog's files (:mod:`pipeline.catalog.facts`), each
with the citation of the paper or page it comes from. A claim that the
reference contradicts becomes a contradiction of kind ``reference`` that cites
it:

- a year outside every documented date of the work (preprint and venue dates
  both count);
- a credited person who is neither an author nor historically co-credited;
- a credited organisation unrelated (through the hierarchy) to the work's;
- a number that matches no documented figure under compatible qualifiers;
- a person credited with work at an organisation they did not belong to at the
  time (Jeff Dean at OpenAI for the 2020 Scaling Law paper).

Checks reuse the pairwise rules of :mod:`pipeline.reconcile.comparison`, so a
rounded figure or a coarser date agrees with the reference just as it agrees
with another source.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from pipeline.catalog.facts import (
    Affiliation,
    ReferenceFacts,
    ReferenceNumber,
    ReferenceWork,
)
from pipeline.reconcile.comparison import SEVERITY_RANK, Finding, compare_dates, compare_numbers
from pipeline.reconcile.contradictions import contradiction_id, facet_text, snippet
from pipeline.reconcile.observations import (
    ENTITY_VALUED,
    PERCENT,
    Observation,
    format_number,
    month_interval,
    name_key,
    qualifier_text,
)
from pipeline.reconcile.thresholds import load_thresholds

#: years of slack around an affiliation period (papers appear after the work), from thresholds.yaml
AFFILIATION_SLACK_YEARS = load_thresholds().affiliation_slack_years
_AGREE_RULES = ("identical", "rounding", "range", "granularity")


def list_text(names: Sequence[str], limit: int = 4) -> str:
    """'A, B, C, D … (10 in all)' — long author lists, readable in one breath."""
    shown = ", ".join(names[:limit])
    return f"{shown} … ({len(names)} in all)" if len(names) > limit else shown


@dataclass(frozen=True)
class Names:
    """How reference strings (catalog ids or names) meet claim values."""

    canonical_id: Callable[[str], str]  # any entity id → catalog id
    ancestors_of: Callable[[str], tuple[str, ...]]
    aliases_of: Callable[[str], tuple[str, ...]]  # catalog id → its names
    id_for_name: Callable[[str], str | None]  # a written name → catalog id, if any

    def key(self, ref: str) -> str:
        known = self.id_for_name(ref)
        return known or self.canonical_id(ref)

    def name_keys(self, ref: str) -> set[str]:
        return {name_key(n) for n in (ref, *self.aliases_of(self.key(ref)))}

    def same(self, obs: Observation, ref: str) -> bool:
        return obs.key == self.key(ref) or name_key(obs.display) in self.name_keys(ref)

    def related(self, obs: Observation, ref: str) -> bool:
        """Equal, or one inside the other in the organisation hierarchy."""
        ref_key = self.key(ref)
        return self.same(obs, ref) or ref_key in obs.ancestors or obs.key in self.ancestors_of(ref_key)

    def display(self, ref: str) -> str:
        names = self.aliases_of(self.key(ref))
        return names[0] if names else ref


@dataclass(frozen=True)
class ReferenceFinding:
    obs: Observation
    finding: Finding
    reference: str  # what the reference says, briefly
    citation: str
    short: str


def _work_years(work: ReferenceWork) -> set[int]:
    years: set[int] = set()
    for y in work.years:
        span = month_interval(y, None)
        if span:
            years.update(range(int(span[0] // 12), int(span[1] // 12) + 1))
    return years


def _reference_observations(
    work: ReferenceWork, obs: Observation
) -> list[tuple[Observation, ReferenceNumber]]:
    """The work's documented figures, in the claim's comparison space and facet."""
    out = []
    for n in work.numbers:
        if n.role != facet_part(obs.facet, "role"):
            continue
        value, lo, hi = n.value, n.value - n.precision / 2, n.value + n.precision / 2
        if n.attribute != obs.space:
            if {n.attribute, obs.space} != PERCENT:
                continue
            value, lo, hi = 100 - value, 100 - hi, 100 - lo
        unit = "%" if obs.space in PERCENT else ""
        quals = {k: v for k, v in n.qualifiers.items() if v not in (None, "")}
        display = format_number(value, unit) + (f" [{qualifier_text(quals)}]" if quals else "")
        ref_obs = replace(
            obs,
            claim_id="reference",
            doc_id="reference",
            key=f"{value:.12g}",
            display=display,
            value=value,
            lo=lo,
            hi=hi,
            qualifiers=quals,
            conversion="",
            precision_note=f"±{format_number(n.precision / 2)}" if n.precision else "",
        )
        out.append((ref_obs, n))
    return out


def _check_number(obs: Observation, work: ReferenceWork) -> ReferenceFinding | None:
    candidates = _reference_observations(work, obs)
    if not candidates:
        return None
    results = [(compare_numbers(obs, ref), ref, n) for ref, n in candidates]
    if any(f.severity is None or f.rule in _AGREE_RULES for f, _, _ in results):
        return None
    relevant = [r for r in results if r[0].rule != "qualifier_difference"]
    if not relevant:
        return None  # the reference documents other quantities only
    finding, _, n = min(relevant, key=lambda r: SEVERITY_RANK[r[0].severity])
    documented = "; ".join(f"{r.display}{' (' + m.note + ')' if m.note else ''}" for _, r, m in relevant)
    return ReferenceFinding(obs, finding, f"documented: {documented}", n.citation, n.short)


def _check_year(obs: Observation, work: ReferenceWork) -> ReferenceFinding | None:
    refs = []
    for y in work.years:
        span = month_interval(y, None)
        if span:
            refs.append(replace(obs, claim_id="reference", display=y, lo=span[0], hi=span[1], qualifiers={}))
    if not refs:
        return None
    results = [compare_dates(obs, r) for r in refs]
    if any(f.severity is None or f.rule in _AGREE_RULES for f in results):
        return None
    finding = min(results, key=lambda f: SEVERITY_RANK[f.severity])
    documented = ", ".join(work.years)
    return ReferenceFinding(
        obs,
        Finding(
            finding.severity,
            "reference_year",
            f"{obs.display} is outside the documented date(s) {documented}",
        ),
        f"year {documented}",
        work.citation,
        work.short,
    )


def _check_credit(
    obs: Observation,
    work: ReferenceWork,
    names: Names,
    facts: ReferenceFacts,
) -> ReferenceFinding | None:
    if obs.space == "creator":
        allowed = (*work.creators, *work.also_credited)
        if not work.creators or any(names.same(obs, p) for p in allowed):
            return None
        listed = list_text([names.display(p) for p in work.creators])
        hint = _see_also_hint(obs, work, facts, names)
        return ReferenceFinding(
            obs,
            Finding("high", "reference_creator", f"{obs.display} is not among the authors ({listed}){hint}"),
            f"authors {listed}",
            work.citation,
            work.short,
        )
    if not work.organizations or any(names.related(obs, o) for o in work.organizations):
        return None
    listed = list_text([names.display(o) for o in work.organizations])
    hint = _see_also_hint(obs, work, facts, names)
    return ReferenceFinding(
        obs,
        Finding(
            "high",
            "reference_organization",
            f"{obs.display} is not the organisation of the work ({listed}){hint}",
        ),
        f"organisation {listed}",
        work.citation,
        work.short,
    )


def _see_also_hint(obs: Observation, work: ReferenceWork, facts: ReferenceFacts, names: Names) -> str:
    """Point at the related work the credit belongs to (Chinchilla vs Kaplan's law)."""
    for other_id in work.see_also:
        other = facts.works.get(other_id)
        if other is None:
            continue
        pool = (*other.creators, *other.also_credited) if obs.space == "creator" else other.organizations
        if any(names.related(obs, p) for p in pool):
            return f"; {obs.display} is credited for {names.display(other_id)} instead"
    return ""


def _check_affiliations(
    statement: Sequence[Observation],
    work: ReferenceWork | None,
    facts: ReferenceFacts,
    names: Names,
) -> list[ReferenceFinding]:
    """People credited together with an organisation they did not belong to at the time."""
    people = [o for o in statement if o.space == "creator"]
    orgs = [o for o in statement if o.space == "organization"]
    years = _work_years(work) if work else set()
    out = []
    for person in people:
        ref = next((p for pid, p in facts.people.items() if names.same(person, pid)), None)
        if ref is None:
            continue
        current = [a for a in ref.affiliations if _during(a, years)]
        for org in orgs:
            if any(names.related(org, a.org) for a in current):
                continue
            known = "; ".join(f"{names.display(a.org)} {a.period()}".strip() for a in ref.affiliations)
            when = f" in {min(years)}" if years else ""
            out.append(
                ReferenceFinding(
                    person,
                    Finding(
                        "high",
                        "reference_affiliation",
                        f"{person.display} is credited with work at {org.display}, but was not "
                        f"there{when} (affiliations: {known})",
                    ),
                    f"{person.display}: {known}",
                    ref.citation,
                    ref.short,
                )
            )
    return out


def _during(aff: Affiliation, years: set[int]) -> bool:
    if not years:
        return True
    start = (aff.start or -math.inf) - AFFILIATION_SLACK_YEARS
    end = (aff.end or math.inf) + AFFILIATION_SLACK_YEARS
    return any(start <= y <= end for y in years)


def facet_part(facet: str, key: str) -> str:
    parts = dict(p.split("=", 1) for p in facet.split(";") if "=" in p)
    return parts.get(key, "")


def work_for(obs: Observation, facts: ReferenceFacts, names: Names) -> ReferenceWork | None:
    """The work a claim is about: a role value relative to AlexNet is checked against AlexNet."""
    relative = facet_part(obs.facet, "relative_to")
    if relative:
        subject = names.id_for_name(relative)
        return facts.works.get(subject) if subject else None
    return facts.works.get(names.canonical_id(obs.entity_id))


@dataclass(frozen=True)
class ReferenceCheck:
    findings: list[ReferenceFinding]
    agreeing_claims: frozenset[str]  # claims the reference covers and confirms


def _check_one(
    obs: Observation,
    work: ReferenceWork,
    facts: ReferenceFacts,
    names: Names,
) -> ReferenceFinding | bool:
    """A finding, True when the reference confirms the claim, False when it does not cover it."""
    if obs.kind == "number":
        covered = any(
            compare_numbers(obs, ref).rule != "qualifier_difference"
            for ref, _ in _reference_observations(work, obs)
        )
        return _check_number(obs, work) or covered
    if obs.kind == "date":
        return _check_year(obs, work) or bool(work.years)
    if obs.kind == "entity":
        pool = work.creators if obs.space == "creator" else work.organizations
        return _check_credit(obs, work, names, facts) or bool(pool)
    return False


def check_reference(
    observations: Iterable[Observation],
    facts: ReferenceFacts,
    names: Names,
) -> ReferenceCheck:
    obs_list = list(observations)
    findings: list[ReferenceFinding] = []
    agreeing: set[str] = set()
    for obs in obs_list:
        work = work_for(obs, facts, names)
        if work is None:
            continue
        result = _check_one(obs, work, facts, names)
        if isinstance(result, ReferenceFinding):
            findings.append(result)
        elif result:
            agreeing.add(obs.claim_id)
    statements: dict[tuple[str, str], list[Observation]] = defaultdict(list)
    for obs in obs_list:
        if obs.kind == "entity":
            statements[(obs.entity_id, obs.statement)].append(obs)
    for (entity_id, _), members in sorted(statements.items()):
        found = _check_affiliations(members, facts.works.get(names.canonical_id(entity_id)), facts, names)
        findings.extend(found)
        agreeing.difference_update(f.obs.claim_id for f in found)
    return ReferenceCheck(findings, frozenset(agreeing))


def corroboration(
    observations: Sequence[Observation],
    facts: ReferenceFacts,
    names: Names,
) -> str:
    """Which competing figures the reference documents, and as what.

    Appended to cross-/within-source explanations: sources quoting two documented
    figures (AlexNet's 16.4% for five CNNs, 15.3% for seven) disagree on which
    result they report, not on the facts.
    """
    notes: dict[str, str] = {}
    citations: list[str] = []
    for obs in observations:
        work = work_for(obs, facts, names)
        if work is None or obs.kind != "number" or obs.key in notes:
            continue
        for ref, n in _reference_observations(work, obs):
            if compare_numbers(obs, ref).rule in ("identical", "rounding") and n.note:
                notes[obs.key] = f"{obs.bare or obs.display} = {n.note}"
                citations.append(n.short)
                break
    if not notes:
        return ""
    return f" Reference: {'; '.join(notes.values())} ({'; '.join(dict.fromkeys(citations))})."


def describe(work: ReferenceWork | None, attribute: str, facet: str, names: Names) -> str | None:
    """What the reference documents for one entity attribute, briefly."""
    if work is None:
        return None
    if attribute == "year":
        return ", ".join(work.years) or None
    if attribute in ENTITY_VALUED:
        pool = work.creators if attribute == "creator" else work.organizations
        return ", ".join(names.display(p) for p in pool) or None
    role = facet_part(facet, "role")
    figures = [
        format_number(n.value, "%" if n.attribute in PERCENT else "")
        + (f" [{qualifier_text(n.qualifiers)}]" if n.qualifiers else "")
        for n in work.numbers
        if n.role == role and (n.attribute == attribute or {n.attribute, attribute} == PERCENT)
    ]
    return "; ".join(figures) or None


def reference_rows(findings: Sequence[ReferenceFinding]) -> list[dict]:
    """One ``reference`` contradiction per entity attribute (and facet)."""
    grouped: dict[tuple, list[ReferenceFinding]] = defaultdict(list)
    for f in findings:
        grouped[(f.obs.entity_id, f.obs.attribute, f.obs.facet)].append(f)
    rows = []
    for (entity_id, attribute, facet), group in sorted(grouped.items()):
        group = sorted(
            group, key=lambda f: (-SEVERITY_RANK[f.finding.severity], f.obs.doc_id, f.obs.claim_id)
        )
        main = group[0]
        reasons = list(dict.fromkeys(f.finding.reason for f in group))
        citations = list(dict.fromkeys(f.citation for f in group))
        shorts = list(dict.fromkeys(f.short for f in group))
        claims = sorted({f.obs.claim_id for f in group})
        docs = sorted({f.obs.doc_id for f in group})
        values = list(dict.fromkeys(f.obs.display for f in group))
        references = list(dict.fromkeys(f.reference for f in group))
        quotes = "; ".join(dict.fromkeys(f'{f.obs.doc_id}: "{snippet(f.obs)}"' for f in group[:2]))
        head = f"{main.obs.entity_name} {attribute}{f' ({facet_text(facet)})' if facet else ''}"
        explanation = (
            f"{head}, against the reference: {'; '.join(reasons)} → {main.finding.severity}. "
            f"Evidence: {quotes}. Reference: {' | '.join(shorts)}."
        )
        rows.append(
            {
                "contradiction_id": contradiction_id(entity_id, attribute, "reference", facet),
                "entity_id": entity_id,
                "entity_name": main.obs.entity_name,
                "attribute": attribute,
                "kind": "reference",
                "severity": main.finding.severity,
                "values": [*values, *(f"reference: {r}" for r in references)],
                "doc_ids": docs,
                "claim_ids": claims,
                "explanation": explanation,
                "facet": facet,
                "rule": main.finding.rule,
                "sides": json.dumps(
                    [
                        {
                            "value": v,
                            "doc_ids": sorted({f.obs.doc_id for f in group if f.obs.display == v}),
                            "claim_ids": sorted(f.obs.claim_id for f in group if f.obs.display == v),
                        }
                        for v in values
                    ]
                    + [{"value": f"reference: {r}", "doc_ids": [], "claim_ids": []} for r in references],
                    ensure_ascii=False,
                ),
                "reference": " | ".join(citations),
            }
        )
    return rows
