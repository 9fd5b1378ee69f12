"""Pairwise verdicts: do two observations of one quantity disagree, and how badly?

Severity follows the contract:

- ``high``: the values cannot both hold under the same qualifiers;
- ``medium``: they conflict, but a qualifier is missing, the dates are adjacent,
  or one side is a timeline entry, a hedged or an approximate figure, or one said of a
  kind of works (`BERT 类模型`);
- ``low``: compatible after rounding, granularity, ranges or the organisation
  hierarchy, or different only because they date or measure different things
  (top-1 vs top-5; a competition won vs the paper) — kept for transparency;
- ``None``: identical after normalisation — nothing to report.

Like is compared with like. Years compare by the role of what they date
(:data:`~pipeline.reconcile.observations.DATE_ROLES`): the work's own dates
strictly; a timeline entry that files the work under a *later* year at most
``medium`` (``low`` when a work named in the same entry dates it); a year of
running text no word ties to the work's making is ``low`` against anything.
Two dates the reference documents for the work (a preprint and its venue) are
``low``. Accuracy is compared with error as 100 − x only where the metrics
allow (both stated and equal, or neither stated).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from pipeline.reconcile.names import person_match
from pipeline.reconcile.observations import REQUIRED_KEYS, Observation, truthy
from pipeline.reconcile.thresholds import load_thresholds

SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}
#: dates at most this many months apart (end to start) are adjacent, from thresholds.yaml
ADJACENT_MONTHS = load_thresholds().comparison.adjacent_months
_SPLIT_SYNONYMS = {"validation": "val", "dev": "val", "valid": "val", "testing": "test", "training": "train"}
_BENCHMARK_FAMILIES = {"ilsvrc": "imagenet"}


@dataclass(frozen=True)
class Finding:
    """The verdict on one pair (or one claim against the reference)."""

    severity: str | None
    rule: str  # identical, rounding, granularity, range, hierarchy, subset, part_of_whole,
    # qualifier_difference, qualifier_missing, conflict, adjacent_years, partial_lists, documented_dates,
    # different_events, later_entry, unstated_event, reference_*, family, related_works, weak_evidence,
    # table_rows, documented_figures
    reason: str


def worst(findings: Iterable[Finding]) -> Finding | None:
    ranked = [f for f in findings if f.severity]
    return max(ranked, key=lambda f: SEVERITY_RANK[f.severity]) if ranked else None


def cap(finding: Finding, severity: str, why: str) -> Finding:
    """``finding`` at most ``severity``, saying why when it was higher."""
    if not finding.severity or SEVERITY_RANK[finding.severity] <= SEVERITY_RANK[severity]:
        return finding
    return replace(finding, severity=severity, reason=f"{finding.reason}; {why}, so at most {severity}")


def _norm_token(value: object) -> str:
    return re.sub(r"[\W_]+", "", str(value).casefold())


def _benchmark(value: object) -> tuple[str, str]:
    token = _norm_token(value)
    family = re.sub(r"\d+", "", token)
    years = re.findall(r"(?:19|20)\d\d", token)
    return _BENCHMARK_FAMILIES.get(family, family), years[0] if years else ""


def _same_value(key: str, a: object, b: object) -> bool | None:
    """True/False when comparable; None when one side is too vague to tell (ImageNet vs ILSVRC-2012)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return truthy(a) == truthy(b)
    if key == "benchmark":
        (fa, ya), (fb, yb) = _benchmark(a), _benchmark(b)
        if fa != fb or (ya and yb and ya != yb):
            return False
        return True if ya == yb else None
    ta, tb = _norm_token(a), _norm_token(b)
    if key == "split":
        ta, tb = _SPLIT_SYNONYMS.get(ta, ta), _SPLIT_SYNONYMS.get(tb, tb)
    return ta == tb


def qualifier_status(a: Observation, b: Observation) -> tuple[str, str]:
    """``same``, ``missing`` or ``differ``, with the qualifiers that decided it."""
    differ, missing = [], []
    for key in sorted(set(a.qualifiers) | set(b.qualifiers)):
        if key in a.qualifiers and key in b.qualifiers:
            same = _same_value(key, a.qualifiers[key], b.qualifiers[key])
            if same is False:
                differ.append(f"{key} {a.qualifiers[key]} vs {b.qualifiers[key]}")
            elif same is None:
                missing.append(f"{key} {a.qualifiers[key]} vs {b.qualifiers[key]}")
        else:
            side = a if key in a.qualifiers else b
            missing.append(f"{key} {side.qualifiers[key]} stated on one side only")
    for key in REQUIRED_KEYS.get(a.space, ()):
        if key not in a.qualifiers and key not in b.qualifiers:
            missing.append(f"no {key} stated on either side")
    if differ:
        return "differ", "; ".join(differ)
    if missing:
        return "missing", "; ".join(missing)
    return "same", "same qualifiers" if (a.qualifiers or b.qualifiers) else "no qualifiers needed"


def _overlap(a: Observation, b: Observation) -> bool:
    """Dates: inclusive month ranges overlap."""
    return a.lo <= b.hi and b.lo <= a.hi


def numbers_overlap(a: Observation, b: Observation) -> bool:
    """Rounding intervals are half-open: 25.5 rounds to 26, so 25 and 26 share no value."""
    lo, hi = max(a.lo, b.lo), min(a.hi, b.hi)
    return lo < hi or (lo == hi and (a.lo == a.hi or b.lo == b.hi))


def _loose(a: Observation, b: Observation) -> str:
    """Why a pair may not make a high finding by itself: a hedged or approximate side, or one
    said of a kind of models like the entity."""
    for o in (a, b):
        if o.hedged:
            return f"{o.bare or o.display} is hedged (a report, not the author's figure)"
        if o.kind_of:
            return f"{o.bare or o.display} is said of models like {o.entity_name} (a kind, not the work)"
        if o.approx:
            return f"{o.bare or o.display} is approximate"
    return ""


#: qualifiers that make a count a part of what the other side counts (a split, a subset)
PART_KEYS = ("subset", "split")


def _part_of_whole(a: Observation, b: Observation) -> Finding | None:
    """A dataset's split or subset counts fewer than the whole (1,281,167 training images of
    ImageNet-1K, 1,034,908 with bounding boxes out of 14,197,122): a part below its whole agrees with
    it. Only a part stated on one side only, and smaller, is read so."""
    if a.space != "dataset_size" or b.space != "dataset_size":
        return None
    for part, whole in ((a, b), (b, a)):
        keys = [k for k in PART_KEYS if k in part.qualifiers and k not in whole.qualifiers]
        if keys and part.hi <= whole.lo:
            what = ", ".join(f"{k} {part.qualifiers[k]}" for k in keys)
            reason = f"{part.display} counts a part ({what}) of what {whole.display} counts"
            return Finding("low", "part_of_whole", reason)
    return None


def compare_numbers(a: Observation, b: Observation) -> Finding:
    if a.key == b.key:
        return Finding(None, "identical", f"{a.display} and {b.display} agree")
    status, detail = qualifier_status(a, b)
    if numbers_overlap(a, b):
        notes = "; ".join(n for n in (a.precision_note, b.precision_note) if n)
        bounded = any(math.isinf(x) for x in (a.lo, a.hi, b.lo, b.hi))
        rule = "range" if bounded or "range" in notes else "rounding"
        return Finding(
            "low",
            rule,
            f"{a.display} vs {b.display} agree within the written precision ({notes or 'as written'})",
        )
    if status == "differ":
        return Finding(
            "low", "qualifier_difference", f"{a.display} vs {b.display} measure different things ({detail})"
        )
    if a.converted != b.converted and ("metric" in a.qualifiers) != ("metric" in b.qualifiers):
        return Finding(
            "low",
            "qualifier_difference",
            f"{a.display} vs {b.display}: accuracy and error compare as 100 − x only under one metric, "
            f"and only one side states it ({detail})",
        )
    if (part := _part_of_whole(a, b)) is not None:
        return part
    if status == "missing":
        finding = Finding(
            "medium",
            "qualifier_missing",
            f"{a.display} vs {b.display} differ beyond rounding, but qualifiers are "
            f"incomplete ({detail}), which may explain it",
        )
    else:
        finding = Finding(
            "high",
            "conflict",
            f"{a.display} vs {b.display} differ beyond rounding under the same qualifiers ({detail})",
        )
    loose = _loose(a, b)
    return cap(finding, "medium", loose) if loose else finding


@dataclass(frozen=True)
class WorkDates:
    """The dates the reference documents for a work, each with what it dates."""

    name: str
    spans: tuple[tuple[str, str, float, float], ...] = ()  # (date as written, what, first month, last month)
    citation: str = ""

    def matching(self, o: Observation, whats: Iterable[str] | None = None) -> tuple[str, str] | None:
        """The documented (date, what) ``o`` agrees with, if any (only dates of ``whats`` when given)."""
        allowed = set(whats) if whats is not None else None
        for date, what, lo, hi in self.spans:
            if (allowed is None or what in allowed) and o.lo <= hi and lo <= o.hi:
                return date, what
        return None

    @property
    def first(self) -> float:
        return min((lo for _, _, lo, _ in self.spans), default=math.nan)

    @property
    def last(self) -> float:
        return max((hi for _, _, _, hi in self.spans), default=math.nan)

    def text(self) -> str:
        return ", ".join(f"{d} ({w})" for d, w, _, _ in self.spans)


def _gap(a: Observation, b: Observation) -> float:
    return max(a.lo, b.lo) - min(a.hi, b.hi)


def _distance(a: Observation, b: Observation, what: str) -> Finding:
    """Two dates of one thing that do not overlap: adjacent (medium) or distant (high)."""
    if _gap(a, b) <= ADJACENT_MONTHS:
        return Finding(
            "medium",
            "adjacent_years",
            f"{a.display} vs {b.display} are adjacent years for {what}; "
            "the sources do not say why they differ",
        )
    return Finding("high", "conflict", f"{a.display} vs {b.display} cannot both be {what}")


def _role_text(o: Observation) -> str:
    return {
        "own": f"dates its {o.dates or 'making'}",
        "milestone": f"dates an event ({o.dates})",
        "entry": "files it under that year in a timeline or beside its name",
        "event": "is a period, not a date of the work"
        if "/" in o.display
        else "is a year of running text not tied to its making",
    }.get(o.date_role, "")


def compare_dates(a: Observation, b: Observation, work: WorkDates | None = None) -> Finding:
    """Two years of one work, compared by what each dates (see the module docstring)."""
    if a.lo == b.lo and a.hi == b.hi:
        return Finding(None, "identical", f"{a.display} and {b.display} agree")
    if _overlap(a, b):
        rule = "range" if "/" in a.display + b.display else "granularity"
        what = "lies within" if (a.hi - a.lo) != (b.hi - b.lo) else "overlaps"
        narrow, wide = sorted((a, b), key=lambda o: o.hi - o.lo)
        return Finding(
            "low",
            rule,
            f"{narrow.display} {what} {wide.display} "
            f"(same {'range' if rule == 'range' else 'period at coarser granularity'})",
        )
    early, late = sorted((a, b), key=lambda o: (o.lo, o.hi))
    if "event" in (a.date_role, b.date_role):
        event = a if a.date_role == "event" else b
        return Finding(
            "low",
            "unstated_event",
            f"{early.display} vs {late.display}: {event.display} {_role_text(event)}, "
            "so it may date a later event",
        )
    if "milestone" in (a.date_role, b.date_role) and a.date_role != b.date_role:
        m, other = (a, b) if a.date_role == "milestone" else (b, a)
        return Finding(
            "low",
            "different_events",
            f"{m.display} dates an event of the work ({m.dates}), {other.display} {_role_text(other)}",
        )
    if a.date_role == b.date_role == "milestone" and a.dates != b.dates:
        return Finding(
            "low",
            "different_events",
            f"{a.display} ({a.dates}) and {b.display} ({b.dates}) date different events",
        )
    if work is not None:
        da, db = work.matching(a), work.matching(b)
        if da and db:
            return Finding(
                "low",
                "documented_dates",
                f"{a.display} and {b.display} are both documented dates of {work.name}: "
                f"{da[0]} ({da[1]}) and {db[0]} ({db[1]})",
            )
    name = a.entity_name
    if late.date_role == "entry":
        if late.context_note:
            return Finding(
                "low",
                "later_entry",
                f"{late.display} vs {early.display}: the entry under {late.display} {late.context_note}",
            )
        words = f" ({late.self_note})" if late.self_note else ""
        return Finding(
            "medium",
            "later_entry",
            f"{late.display} vs {early.display}: a timeline entry files {name} under {late.display}, "
            f"later than {early.display}{words}; an entry does not say what its year dates, "
            "so at most medium",
        )
    finding = _distance(early, late, f"the date of {name}")
    if early.date_role == "entry":
        finding = replace(
            finding, reason=f"{finding.reason} ({early.display} is a timeline entry, before {late.display})"
        )
    loose = _loose(a, b)
    return cap(finding, "medium", loose) if loose else finding


def related(a: Observation, b: Observation) -> bool:
    """Same entity, one inside the other (Google Brain inside Google), or one person's name as
    two texts write it (Yan LeCun, Yann LeCun; LeCun, Y.)."""
    if a.key == b.key or a.key in b.ancestors or b.key in a.ancestors:
        return True
    return a.space == "creator" and bool(person_match(a.display, [b.display]))


def _covers(xs: Sequence[Observation], ys: Sequence[Observation]) -> bool:
    return all(any(related(y, x) for x in xs) for y in ys)


def credit_names(obs: Sequence[Observation]) -> str:
    """A credit list as a reviewer reads it: 'Google, OpenAI et al.'."""
    names = sorted({o.display for o in obs})
    partial = " et al." if any(o.partial for o in obs) else ""
    return ", ".join(names) + partial


def compare_sets(
    a: Sequence[Observation], b: Sequence[Observation], attested: Sequence[Sequence[Observation]] = ()
) -> Finding:
    """Two sources' credit lists (people or organisations) for the same work.

    ``attested`` are the other lists stated for it: two lists with no name in
    common are parts of one credit, not rivals, when another source names them
    together (Krizhevsky alone; Hinton and Sutskever; all three in a third)."""
    finding = _compare_lists(a, b)
    if finding.severity in ("medium", "high"):
        joint = next((c for c in attested if _covers(c, a) and _covers(c, b)), None)
        if joint is not None:
            return Finding(
                "low",
                "partial_lists",
                f"{credit_names(a)} and {credit_names(b)} each name part of one credit: "
                f"another source names them together ({credit_names(joint)})",
            )
    if finding.severity == "high" and any(o.hedged or o.kind_of for o in (*a, *b)):
        return cap(finding, "medium", "a side is hedged or said of a kind of works, not the author's credit")
    return finding


def _compare_lists(a: Sequence[Observation], b: Sequence[Observation]) -> Finding:
    ka, kb = {o.key for o in a}, {o.key for o in b}
    sa, sb = credit_names(a), credit_names(b)
    if ka == kb:
        return Finding(None, "identical", f"{sa} agree")
    a_in_b, b_in_a = _covers(b, a), _covers(a, b)
    if a_in_b and b_in_a:
        return Finding(
            "low",
            "hierarchy",
            f"{sa} vs {sb}: the same credit at different levels of the organisation hierarchy",
        )
    if a_in_b or b_in_a:
        short, long_ = (a, b) if a_in_b else (b, a)
        if any(o.partial for o in short):
            return Finding(
                None, "subset", f"{credit_names(short)} is a partial list of {credit_names(long_)}"
            )
        return Finding("low", "subset", f"{credit_names(short)} names fewer than {credit_names(long_)}")
    overlap = any(related(x, y) for x in a for y in b)
    if any(o.partial for o in (*a, *b)):
        if overlap:
            return Finding(
                "low", "partial_lists", f"{sa} vs {sb}: partial lists (et al./team) that share names"
            )
        return Finding(
            "medium",
            "partial_lists",
            f"{sa} vs {sb}: no name in common; the lists are "
            f"partial (et al./team), so they may not exclude "
            f"each other",
        )
    if overlap:
        return Finding("medium", "conflict", f"{sa} vs {sb}: the credited lists differ")
    return Finding("high", "conflict", f"{sa} vs {sb}: no credited name in common")


def reading(o: Observation) -> str:
    """Everything a claim's verdicts depend on: what :func:`compare_pair` reads, plus the
    attribute (which row the pair joins) and the conversion (which pair a row quotes).
    Claims with equal readings compare identically. A repr, so NaN bounds and
    unhashable qualifier values still match."""
    quals = sorted(o.qualifiers.items())
    return repr(
        (o.kind, o.space, o.attribute, o.key, o.display, o.lo, o.hi, o.precision_note, o.conversion, quals,
         o.date_role, o.dates, o.context_note, o.self_note, o.hedged, o.kind_of, o.approx, o.entity_name,
         o.siblings)
    )  # fmt: skip


def credit_reading(obs: Sequence[Observation]) -> str:
    """Everything :func:`compare_sets` reads of a credit list: equal readings, equal verdicts."""
    return repr(sorted({(o.key, o.ancestors, o.display, o.partial, o.hedged, o.kind_of) for o in obs}))


def compare_pair(a: Observation, b: Observation, work: WorkDates | None = None) -> Finding:
    if a.key != b.key and (a.key in b.siblings or b.key in a.siblings):
        one = a if b.key in a.siblings else b
        return Finding(
            "low",
            "same_statement",
            f"{one.doc_id} gives both {a.display} and {b.display} in one statement: two quantities it "
            "lists, not a disagreement",
        )
    if a.kind == "number":
        return compare_numbers(a, b)
    if a.kind == "date":
        return compare_dates(a, b, work)
    if a.key == b.key:
        return Finding(None, "identical", f"{a.display} agree")
    return Finding("high", "conflict", f"{a.display} vs {b.display}")
