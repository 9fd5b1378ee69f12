"""Reference checks: claims against the documented facts of the knowledge base, with time.

The facts live in the catalog's files (:mod:`pipeline.catalog.facts`), each with
the citation of the paper or page it comes from. A claim the reference
contradicts becomes an issue of kind ``reference`` that cites it. Like is
compared with like, and a claim that agrees with *any* documented date or figure
is never contradicted (a preprint's year and the venue's; 15.3% and 16.4% are
both AlexNet's, with different qualifiers):

- a year, by what it dates (:data:`~pipeline.reconcile.observations.DATE_ROLES`):
  the work's own date must match one of its documented dates; a timeline entry
  too, except that one filing the work under a *later* year is at most ``medium``
  (``low`` when a work named in the entry dates it); a milestone (won, held) is
  checked against the documented milestones of that kind, the work's or a related
  event's (ImageNet's first challenge is ILSVRC's); a year of running text no word
  ties to the work's making, or a period (2016-2020年), is not checked;
- a number, only against documented figures of the same quantity: the claim
  must state every qualifier the figure is documented with (a retrieval accuracy
  is not ImageNet's top-1). When one statement gives several figures of the
  attribute and one of them is documented, the others are other quantities;
  a dataset's count within ``dataset_revision_rel`` of a documented one may be
  another release's (``low``);
- a credited person: an author or someone historically co-credited agrees; the
  name of an author misspelt is ``medium`` (Rosenblat for Rosenblatt); anyone
  else is ``high``, pointing at the related work they are credited for;
- a credited organisation: related through the hierarchy to the work's agrees;
  else ``high``, and time says more — an organisation founded after the work did
  not exist yet (Google DeepMind, 2023-04, for a 2020 paper), or is the later name
  of the work's own (``medium``, DeepMind's AlphaGo as "Google DeepMind");
- who was where when: a person credited together with an organisation (the one
  whose name labels them, "OpenAI Jeff Dean团队") is checked against their
  affiliations at the time of the work; the explanation names the affiliation
  and the date that decided it.

Checks reuse the pairwise rules of :mod:`pipeline.reconcile.comparison`, so a
rounded figure or a coarser date agrees with the reference just as it agrees
with another source; a finding is capped by its claim's strength
(:mod:`pipeline.reconcile.evidence`).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from pipeline.catalog.facts import (
    Affiliation,
    ReferenceFacts,
    ReferenceNumber,
    ReferenceOrganization,
    ReferenceWork,
)
from pipeline.reconcile.comparison import (
    SEVERITY_RANK,
    Finding,
    WorkDates,
    compare_numbers,
    qualifier_status,
)
from pipeline.reconcile.evidence import gate
from pipeline.reconcile.facets import Facet
from pipeline.reconcile.names import Names
from pipeline.reconcile.observations import (
    ENTITY_VALUED,
    PERCENT,
    Observation,
    format_number,
    month_interval,
    qualifier_text,
)
from pipeline.reconcile.rows import Documented, Issue
from pipeline.reconcile.thresholds import load_thresholds

_T = load_thresholds()
#: years of slack around an affiliation period (papers appear after the work), from thresholds.yaml
AFFILIATION_SLACK_YEARS = _T.affiliation_slack_years
ADJACENT_MONTHS = _T.comparison.adjacent_months
DATASET_REVISION_REL = _T.comparison.dataset_revision_rel
_AGREE_RULES = ("identical", "rounding", "range", "granularity")
#: dates of the work itself (its making and publication), as opposed to its milestones
OWN_WHATS = (
    "introduced",
    "preprint",
    "published",
    "released",
    "announced",
    "open_sourced",
    "founded",
    "documented",
)
COUNTS = ("dataset_size", "classes")
#: the words between an organisation's name and a person's that make the first label the second
#: ("OpenAIJeff Dean团队", "Google 的 Jeff Dean"), and a person's "at" an organisation ("Hinton在谷歌")
_LABEL_GAP = re.compile(r"^[\s的·,，]{0,3}$")
_AT_GAP = re.compile(r"^\s*(在|于|就职于|任职于|加入)\s*$")


def list_text(names: Sequence[str], limit: int = 4) -> str:
    """'A, B, C, D … (10 in all)' — long author lists, readable in one breath."""
    names = list(dict.fromkeys(names))
    shown = ", ".join(names[:limit])
    return f"{shown} … ({len(names)} in all)" if len(names) > limit else shown


def work_dates(work: ReferenceWork, name: str) -> WorkDates:
    spans = []
    for date, what in work.dates:
        span = month_interval(date, None)
        if span:
            spans.append((date, what, span[0], span[1]))
    return WorkDates(name, tuple(spans), work.short)


def credited_works(facts: ReferenceFacts, names: Names) -> dict[str, frozenset[str]]:
    """Each person and organisation (its key) → the works the reference credits to them."""
    out: dict[str, set[str]] = defaultdict(set)
    for work in facts.works.values():
        for ref in (*work.creators, *work.also_credited, *work.organizations):
            out[names.key(ref)].add(work.entity_id)
    return {k: frozenset(v) for k, v in out.items()}


def work_for(obs: Observation, facts: ReferenceFacts, names: Names) -> ReferenceWork | None:
    """The work a claim is about: a role value relative to AlexNet is checked against AlexNet."""
    relative = obs.facet_of.relative_to
    if relative:
        subject = names.id_for_name(relative)
        return facts.works.get(subject) if subject else None
    return facts.works.get(names.canonical_id(obs.entity_id))


# --- years --------------------------------------------------------------------------------------


def _year(y: int | float) -> str:
    return str(int(y // 12))


def check_year(
    obs: Observation, work: WorkDates, related: Sequence[WorkDates] = (), concept: bool = False
) -> Finding | bool | None:
    """A finding, True when a documented date confirms the year, None when the reference cannot judge it."""
    if not work.spans:
        return None
    if concept and obs.date_role != "own":
        return None
    if obs.date_role == "event":
        return True if work.matching(obs) else None
    if obs.date_role == "milestone":
        same_kind = [
            (w, w.matching(obs, [obs.dates]))
            for w in (work, *related)
            if any(s[1] == obs.dates for s in w.spans)
        ]
        if any(m for _, m in same_kind):
            return True
        if not same_kind:
            return True if work.matching(obs) else None
        w = same_kind[0][0]
        dated = sorted((lo, d) for d, what, lo, _ in w.spans if what == obs.dates)
        documented = ", ".join(d for _, d in dated)
        gap = min(max(obs.lo, lo) - min(obs.hi, hi) for _, what, lo, hi in w.spans if what == obs.dates)
        return Finding(
            "medium" if gap <= ADJACENT_MONTHS else "high",
            "reference_year",
            f"{obs.display} is given as when {w.name} was {obs.dates}, but its documented "
            f"'{obs.dates}' dates are {documented} (the first in {dated[0][1]})",
        )
    if work.matching(obs):
        return True
    own = [(d, what, lo, hi) for d, what, lo, hi in work.spans if what in OWN_WHATS] or list(work.spans)
    first, last = min(lo for *_, lo, _ in own), max(hi for *_, hi in own)
    documented = work.text()
    if obs.date_role == "entry" and obs.lo > last:
        if obs.context_note:
            return Finding(
                "low",
                "later_entry",
                f"{obs.display} is after {obs.entity_name}'s documented dates "
                f"({documented}): the entry {obs.context_note}",
            )
        return Finding(
            "medium",
            "later_entry",
            f"a timeline files {obs.entity_name} under {obs.display}, after its documented dates "
            f"({documented}); the year dates something later, not the work",
        )
    gap = min(max(obs.lo, lo) - min(obs.hi, hi) for *_, lo, hi in own)
    severity = "medium" if gap <= ADJACENT_MONTHS else "high"
    where = "before" if obs.hi < first else ("after" if obs.lo > last else "between")
    reason = f"{obs.display} is {where} the documented date(s) of {obs.entity_name}: {documented}"
    if where == "before" and severity == "medium":
        # a year just before the first documented date (PyTorch 2016, its first public beta 2017-01):
        # the row says how close it is and that the reference records nothing earlier, so a reviewer
        # can tell an early year (development, a pre-release) from a wrong one with a source
        _, _, d, what = min((lo, hi, d, what) for d, what, lo, hi in own)
        months = int(first - obs.hi)
        reason += (
            f"; it ends {months} month{'s' if months != 1 else ''} before the first, {d} ({what}), "
            "and the reference records nothing of the work before that (a development or pre-release "
            "year would need its own source): adjacent, so medium, not high"
        )
    return Finding(severity, "reference_year", reason)


# --- numbers ------------------------------------------------------------------------------------


def _reference_observations(
    work: ReferenceWork, obs: Observation
) -> list[tuple[Observation, ReferenceNumber]]:
    """The work's documented figures, in the claim's comparison space and facet."""
    out = []
    role = obs.facet_of.role
    for n in work.numbers:
        if n.role != role:
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
            bare=format_number(value, unit),
            value=value,
            lo=lo,
            hi=hi,
            qualifiers=quals,
            conversion="",
            converted=False,
            hedged=False,
            approx=False,
            precision_note=f"±{format_number(n.precision / 2)}" if n.precision else "",
        )
        out.append((ref_obs, n))
    return out


def _documented_among(obs: Observation, work: ReferenceWork) -> bool:
    """``obs`` is a documented figure of the work, or another release's count of it (908 scene
    classes for the documented 899)."""
    result = check_number(obs, work)
    return result is True or (isinstance(result, tuple) and result[0].rule == "dataset_revision")


def check_number(
    obs: Observation, work: ReferenceWork, siblings: Sequence[Observation] = ()
) -> tuple[Finding, ReferenceNumber, list] | bool | None:
    """A finding with the figure it is measured against, True when a documented figure agrees,
    None when the reference documents no figure of the claim's quantity."""
    candidates = _reference_observations(work, obs)
    if not candidates:
        return None
    results = [(compare_numbers(obs, ref), ref, n) for ref, n in candidates]
    if any(f.severity is None or f.rule in _AGREE_RULES for f, _, _ in results):
        return True
    comparable = [(f, ref, n) for f, ref, n in results if qualifier_status(obs, ref)[0] == "same"]
    if not comparable:
        return None  # the reference documents other quantities (or the claim does not say which)
    if any(_documented_among(s, work) for s in siblings):
        return None  # the statement lists several figures; the documented one is among them
    if obs.attribute in COUNTS:
        close = [
            (f, ref, n)
            for f, ref, n in comparable
            if abs(obs.value - ref.value) <= DATASET_REVISION_REL * ref.value
        ]
        if close:
            _, ref, n = close[0]
            return (
                Finding(
                    "low",
                    "dataset_revision",
                    f"{obs.display} is within {DATASET_REVISION_REL:.0%} of the "
                    f"documented {ref.display}: a count of another release, not a contradiction",
                ),
                n,
                [close[0]],
            )
    finding, _, n = max(comparable, key=lambda r: SEVERITY_RANK[r[0].severity or "low"])
    return finding, n, comparable


# --- credits and time ---------------------------------------------------------------------------


def _years(work: ReferenceWork | None) -> list[int]:
    if work is None:
        return []
    own = [d for d, what in work.dates if what in OWN_WHATS] or [d for d, _ in work.dates]
    spans = [month_interval(d, None) for d in own]
    return sorted({int(s[0] // 12) for s in spans if s})


def _during(aff: Affiliation, years: Sequence[int]) -> bool:
    if not years:
        return True
    start = (aff.start or -math.inf) - AFFILIATION_SLACK_YEARS
    end = (aff.end or math.inf) + AFFILIATION_SLACK_YEARS
    return any(start <= y <= end for y in years)


def _affiliations_text(person, names: Names) -> str:
    parts = [f"{names.display(a.org)} {a.period()}".strip() for a in person.affiliations]
    return "; ".join(dict.fromkeys(parts))


def _org_year(value: str | None) -> int | None:
    span = month_interval(value, None) if value else None
    return int(span[0] // 12) if span else None


def _org_time(
    org_obs: Observation, work: ReferenceWork, facts: ReferenceFacts, names: Names
) -> tuple[str, str]:
    """('not_yet' | 'later_name' | '', what decided it) for an organisation credited with a work."""
    years = _years(work)
    ref: ReferenceOrganization | None = facts.organizations.get(org_obs.key) or facts.organizations.get(
        names.key(org_obs.display)
    )
    if ref is None or not years:
        return "", ""
    founded = _org_year(ref.founded)
    when = min(years)
    if founded is None or founded <= when:
        return "", ""
    predecessors = [o.org for o in facts.organizations.values() if o.successor == ref.org]
    own = [o for o in work.organizations if names.key(o) in predecessors]
    fact = f"{ref_name(ref, names)} was founded {ref.founded}"
    if predecessors:
        fact += f" (from {', '.join(names.display(p) for p in predecessors)})"
    if own:
        return (
            "later_name",
            f"{fact}, after {work_name(work, names)} ({when}); "
            f"it is the later name of {names.display(own[0])}",
        )
    return "not_yet", f"{fact}: it did not exist yet for {work_name(work, names)} ({when})"


def ref_name(ref: ReferenceOrganization, names: Names) -> str:
    return names.display(ref.org)


def work_name(work: ReferenceWork, names: Names) -> str:
    return names.display(work.entity_id)


def _labelled(
    person: Observation, orgs: Sequence[Observation], texts: Mapping[str, str]
) -> Observation | None:
    """The organisation a person is credited at in one statement: the one whose name labels theirs,
    or the statement's only organisation."""
    text = texts.get(person.doc_id, "")
    if text and person.char_start >= 0:
        for org in sorted(orgs, key=lambda o: -o.char_end):
            if 0 <= org.char_end <= person.char_start and _LABEL_GAP.match(
                text[org.char_end : person.char_start]
            ):
                return org
            if 0 <= person.char_end <= org.char_start and _AT_GAP.match(
                text[person.char_end : org.char_start]
            ):
                return org
    distinct = {o.key for o in orgs}
    return orgs[0] if len(distinct) == 1 and (not text or person.char_start < 0 or len(orgs) == 1) else None


def _where_when(
    person_obs: Observation,
    org_obs: Observation,
    work: ReferenceWork | None,
    facts: ReferenceFacts,
    names: Names,
) -> tuple[str, Documented] | None:
    """(what decided it, the affiliations as documented) when the person was not at the
    organisation at the time of the work."""
    ref = next((p for pid, p in facts.people.items() if names.same(person_obs, pid)), None)
    years = _years(work)
    if ref is None or not ref.affiliations:
        return None
    current = [a for a in ref.affiliations if _during(a, years)]
    if any(names.related(org_obs, a.org) for a in current):
        return None
    when = f" in {min(years)}" if years else ""
    what = f" ({work_name(work, names)}, {min(years)})" if work and years else ""
    affiliations = _affiliations_text(ref, names)
    return (
        f"{person_obs.display} was not at {org_obs.display}{when}{what}: "
        f"recorded affiliations {affiliations}",
        Documented(f"{person_obs.display}: {affiliations}", ref.citation, ref.short),
    )


def _related_work(
    obs: Observation, work: ReferenceWork, facts: ReferenceFacts, names: Names
) -> ReferenceWork | None:
    """The related work the credit belongs to (Chinchilla's law for DeepMind, not Kaplan's)."""
    for other_id in work.see_also:
        other = facts.works.get(other_id)
        if other is None:
            continue
        pool = (*other.creators, *other.also_credited) if obs.space == "creator" else other.organizations
        if any(names.related(obs, p) for p in pool):
            return other
    return None


def _related_finding(
    obs: Observation, work: ReferenceWork, other: ReferenceWork, why: str, names: Names
) -> Finding:
    when = ", ".join(d for d, _ in other.dates[:1])
    return Finding(
        "low",
        "related_work",
        f"{obs.display} is documented for {work_name(other, names)} ({when}), a related work, and {why}: "
        f"the text speaks of {work_name(other, names)}, not of {work_name(work, names)}",
    )


def _dated_to(other: ReferenceWork, years: Sequence[Observation], names: Names) -> str:
    """'its statement dates it 2022-03' when a year of the statement matches the related work only."""
    dates = work_dates(other, names.display(other.entity_id))
    for y in years:
        if dates.matching(y):
            return f"its statement dates it {y.display}"
    return ""


@dataclass(frozen=True)
class CreditContext:
    """The other credits of a claim's statement: who labels whom."""

    at: Observation | None = None  # for a person: the organisation they are credited at
    authors_at: tuple[tuple[Observation, Observation], ...] = ()  # for an organisation: (author, this org)
    years: tuple[Observation, ...] = ()  # the years its statement gives the work


def check_creator(
    obs: Observation, work: ReferenceWork, facts: ReferenceFacts, names: Names, ctx: CreditContext
):
    """(finding, documented, extra citations) or True (agrees) or None (not covered)."""
    if not work.creators:
        return None
    allowed = (*work.creators, *work.also_credited)
    listed = list_text([names.display(p) for p in work.creators])
    matches = [names.person(obs, p) for p in allowed]
    time = _where_when(obs, ctx.at, work, facts, names) if ctx.at is not None else None
    if "same" in matches:
        return True
    if "spelling" in matches:
        who = names.display(allowed[matches.index("spelling")])
        return (
            Finding(
                "medium",
                "reference_spelling",
                f"{obs.display} is not how the documented author is written: {who} ({listed})",
            ),
            f"authors {listed}",
            [],
        )
    other = _related_work(obs, work, facts, names)
    dated = _dated_to(other, ctx.years, names) if other else ""
    if other and dated and not any(work_dates(work, "").matching(y) for y in ctx.years):
        return _related_finding(obs, work, other, dated, names), f"authors {listed}", []
    hint = f"; {obs.display} is credited for {work_name(other, names)} instead" if other else ""
    reason = f"{obs.display} is not among the authors ({listed}){hint}"
    extra = []
    if time:
        reason += f"; {time[0]}"
        extra.append(time)
    return Finding("high", "reference_creator", reason), f"authors {listed}", extra


def check_organization(
    obs: Observation, work: ReferenceWork, facts: ReferenceFacts, names: Names, ctx: CreditContext
):
    time, decided = _org_time(obs, work, facts, names)
    if work.organizations and any(names.related(obs, o) for o in work.organizations):
        if time == "later_name":
            return (
                Finding("medium", "reference_time", f"{obs.display} for {work_name(work, names)}: {decided}"),
                f"organisation {list_text([names.display(o) for o in work.organizations])}",
                [],
            )
        return True
    if not work.organizations and not time:
        return None
    listed = list_text([names.display(o) for o in work.organizations]) or "not documented"
    if time == "later_name":
        return (
            Finding("medium", "reference_time", f"{obs.display} for {work_name(work, names)}: {decided}"),
            f"organisation {listed}",
            [],
        )
    source = next((o for o in work.data_from if names.related(obs, o)), None)
    if source is not None:  # MNIST credited to NIST: the maker of the data it was built from
        return (
            Finding(
                "medium",
                "reference_data_source",
                f"{obs.display} made the data {work_name(work, names)} was built from, not "
                f"{work_name(work, names)} itself ({listed})",
            ),
            f"organisation {listed}",
            [],
        )
    other = _related_work(obs, work, facts, names) if work.organizations else None
    if other is not None:
        dated = _dated_to(other, ctx.years, names)
        if time == "not_yet":
            return _related_finding(obs, work, other, decided, names), f"organisation {listed}", []
        if dated and not any(work_dates(work, "").matching(y) for y in ctx.years):
            return _related_finding(obs, work, other, dated, names), f"organisation {listed}", []
    hint = f"; {obs.display} is credited for {work_name(other, names)} instead" if other else ""
    reason = f"{obs.display} is not the organisation of {work_name(work, names)} ({listed}){hint}"
    rule = "reference_organization"
    if time == "not_yet":
        reason += f"; {decided}"
        rule = "reference_time"
    extra = []
    for author, _ in ctx.authors_at:
        found = _where_when(author, obs, work, facts, names)
        if found:
            reason += f"; {found[0]}"
            extra.append(found)
            break
    return Finding("high", rule, reason), f"organisation {listed}", extra


# --- the check ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceCheck:
    issues: list[Issue]
    agreeing_claims: frozenset[str]  # claims the reference covers and confirms
    contradicted_claims: frozenset[str]  # claims with a medium or high reference issue


def _credit_contexts(obs_list: Sequence[Observation], texts: Mapping[str, str]) -> dict[str, CreditContext]:
    statements: dict[tuple[str, str], list[Observation]] = defaultdict(list)
    for o in obs_list:
        if o.kind in ("entity", "date"):
            statements[(o.entity_id, o.statement)].append(o)
    out: dict[str, CreditContext] = {}
    for members in statements.values():
        people = [o for o in members if o.space == "creator"]
        orgs = [o for o in members if o.space == "organization"]
        years = tuple(o for o in members if o.kind == "date")
        at = {p.claim_id: _labelled(p, orgs, texts) for p in people} if orgs else {}
        for p in people:
            out[p.claim_id] = CreditContext(at=at.get(p.claim_id), years=years)
        for org in orgs:
            pairs = tuple((p, org) for p in people if at.get(p.claim_id) is org)
            out[org.claim_id] = CreditContext(authors_at=pairs, years=years)
    return out


def check_reference(
    observations: Iterable[Observation],
    facts: ReferenceFacts,
    names: Names,
    texts: Mapping[str, str] | None = None,
) -> ReferenceCheck:
    """Every claim against the reference facts of its work."""
    obs_list = list(observations)
    texts = texts or {}
    contexts = _credit_contexts(obs_list, texts)
    siblings: dict[tuple[str, str, str], list[Observation]] = defaultdict(list)
    for o in obs_list:
        siblings[(o.entity_id, o.space, o.statement)].append(o)
    dates_cache: dict[str, WorkDates] = {}

    def dates_of(w: ReferenceWork) -> WorkDates:
        if w.entity_id not in dates_cache:
            dates_cache[w.entity_id] = work_dates(w, names.display(w.entity_id))
        return dates_cache[w.entity_id]

    issues: list[Issue] = []
    agreeing: set[str] = set()
    for obs in obs_list:
        work = work_for(obs, facts, names)
        if work is None:
            continue
        documented_value = ""
        extra: list = []
        result = None
        if obs.kind == "number":
            others = [
                s for s in siblings[(obs.entity_id, obs.space, obs.statement)] if s.claim_id != obs.claim_id
            ]
            found = check_number(obs, work, others)
            if isinstance(found, tuple):
                result, n, comparable = found
                documented_value = "; ".join(
                    dict.fromkeys(
                        f"{ref.display}" + (f" ({m.note})" if m.note else "") for _, ref, m in comparable
                    )
                )
                citation, short = n.citation, n.short
            else:
                result = found
        elif obs.kind == "date":
            related = [dates_of(facts.works[w]) for w in work.see_also if w in facts.works]
            result = check_year(obs, dates_of(work), related)
            others = [
                s for s in siblings[(obs.entity_id, obs.space, obs.statement)] if s.claim_id != obs.claim_id
            ]
            if isinstance(result, Finding) and any(dates_of(work).matching(s) for s in others):
                result = None  # the statement gives several years; the documented one is among them
            documented_value = dates_of(work).text()
            citation, short = work.citation, work.short
        elif obs.kind == "entity":
            ctx = contexts.get(obs.claim_id, CreditContext())
            check = check_creator if obs.space == "creator" else check_organization
            found = check(obs, work, facts, names, ctx)
            if isinstance(found, tuple):
                result, documented_value, extra = found
            else:
                result = found
            citation, short = work.citation, work.short
        if result is True:
            agreeing.add(obs.claim_id)
            continue
        if not isinstance(result, Finding):
            continue
        finding = gate(result, [obs], single_text=True)
        documented = [Documented(documented_value, citation, short), *(d for _, d in extra)]
        for d in documented:
            issues.append(
                Issue(
                    obs.entity_id, obs.entity_name, obs.attribute, obs.facet, "reference", finding, (obs,), d
                )
            )
    contradicted = {
        o.claim_id for i in issues if i.finding.severity in ("medium", "high") for o in i.observations
    }
    return ReferenceCheck(issues, frozenset(agreeing - contradicted), frozenset(contradicted))


def _documented_notes(
    observations: Sequence[Observation], facts: ReferenceFacts, names: Names
) -> dict[str, tuple[str, str]]:
    """Each number value the reference documents for its work: value key → (what it is, citation)."""
    notes: dict[str, tuple[str, str]] = {}
    for obs in observations:
        work = work_for(obs, facts, names)
        if work is None or obs.kind != "number" or obs.key in notes:
            continue
        for ref, n in _reference_observations(work, obs):
            if compare_numbers(obs, ref).rule in ("identical", "rounding") and n.note:
                notes[obs.key] = (f"{obs.bare or obs.display} = {n.note}", n.short)
                break
    return notes


def corroboration(
    observations: Sequence[Observation],
    facts: ReferenceFacts,
    names: Names,
) -> str:
    """Which competing figures the reference documents, and as what.

    Appended to a row's explanation: sources quoting two documented figures
    (AlexNet's 16.4% for five CNNs, 15.3% for seven) disagree on which result
    they report, not on the facts.
    """
    notes = _documented_notes(observations, facts, names)
    if not notes:
        return ""
    citations = dict.fromkeys(c for _, c in notes.values())
    return f" Documented figures: {'; '.join(n for n, _ in notes.values())} ({'; '.join(citations)})."


def _documented_with_qualifiers(obs: Observation, facts: ReferenceFacts, names: Names) -> str | None:
    """What ``obs`` is, when it is a documented figure of its work *with that figure's qualifiers*
    (the claim states each of them, alike): the figure's note, else its value."""
    work = work_for(obs, facts, names)
    if work is None or obs.kind != "number":
        return None
    for ref, n in _reference_observations(work, obs):
        agrees = compare_numbers(obs, ref).rule in ("identical", "rounding")
        if agrees and qualifier_status(obs, ref)[0] == "same":
            return n.note or ref.display
    return None


def documented_figures(issue: Issue, facts: ReferenceFacts, names: Names) -> Issue:
    """A disagreement between sources (or within one) whose every value is a documented figure of
    the work, each with the qualifiers it is documented with, is no disagreement a reviewer acts on:
    both hold, for different quantities (COCO's 80 annotated and 91 defined classes; ImageNet's
    1,000 ILSVRC classes and 21,841 synsets) — ``low``, the explanation saying what each is. Issue
    13's standard seen from the other side: nothing is raised against a claim that agrees with a
    documented figure. A value that matches a figure without its qualifiers (AlexNet's 16.4%,
    documented for five CNNs, written as the winning entry's top-5 error without saying so) is not
    covered: which result the source reports is still the reviewer's to read."""
    if issue.kind == "reference" or issue.finding.severity not in ("high", "medium"):
        return issue
    numbers = [o for o in issue.observations if o.kind == "number"]
    if len({o.key for o in numbers}) < 2 or len(numbers) != len(issue.observations):
        return issue
    what: dict[str, str] = {}
    for o in numbers:
        note = _documented_with_qualifiers(o, facts, names)
        if note is None:
            return issue
        what.setdefault(o.bare or o.display, note)
    shown = "; ".join(f"{v} = {n}" for v, n in sorted(what.items()))
    reason = (
        f"every value is a documented figure of the work, with its qualifiers ({shown}): "
        "both are documented, for different quantities, so this is related, not a disagreement"
    )
    return replace(issue, finding=Finding("low", "documented_figures", reason))


def describe(work: ReferenceWork | None, attribute: str, facet: str, names: Names) -> str | None:
    """What the reference documents for one entity attribute, briefly."""
    if work is None:
        return None
    if attribute == "year":
        return ", ".join(f"{d} ({w})" for d, w in work.dates) or None
    if attribute in ENTITY_VALUED:
        pool = work.creators if attribute == "creator" else work.organizations
        return ", ".join(names.display(p) for p in pool) or None
    role = Facet.parse(facet).role
    figures = [
        format_number(n.value, "%" if n.attribute in PERCENT else "")
        + (f" [{qualifier_text(n.qualifiers)}]" if n.qualifiers else "")
        for n in work.numbers
        if n.role == role and (n.attribute == attribute or {n.attribute, attribute} == PERCENT)
    ]
    return "; ".join(figures) or None
