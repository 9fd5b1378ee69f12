"""What the report says, before it is HTML or Markdown.

Both renderings read this one structure, so the page and its Markdown twin
cannot disagree. Optional tables (``consensus``, ``source_reliability``,
``quarantine``, ``links``) may be absent: their parts of the report then say
so. The manifest adds the run, what changed since the previous publish
(``changes``) and the checks that ran (``validation``).
"""

from __future__ import annotations

import itertools
import json
import math
import shlex
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pandas as pd

from pipeline import schema
from pipeline.changes import Changes
from pipeline.changes import from_dict as changes_from_dict
from pipeline.report.evidence import Quote, quote
from pipeline.schema import as_list

SEVERITY_ORDER = {s: i for i, s in enumerate(schema.SEVERITIES)}
#: open work first within a severity
REVIEW_ORDER = {s: i for i, s in enumerate(("reopened", "open", *schema.DECISION_STATUSES))}
#: attributes that are two views of one quantity (contract: accuracy = 100 − error)
COMPLEMENTS = set(itertools.permutations(schema.PERCENT_ATTRIBUTES, 2))


@dataclass(frozen=True)
class Evidence:
    claim_id: str
    doc_id: str
    doc_title: str
    value_raw: str
    attribute: str
    qualifiers: dict
    quote: Quote
    note: str | None = None  # e.g. the accuracy → error conversion


#: quotes shown per side and documents named per side; the rest are counted ("and N more"),
#: so a contradiction's card stays the same size however many documents repeat a value
QUOTES_PER_SIDE = 3
DOCS_PER_SIDE = 5
#: characters of the explanation shown (it names every document on each side)
EXPLANATION_CHARS = 600
#: sources listed by name: the most and the least reliable half each
SOURCES_SHOWN = 40


@dataclass(frozen=True)
class Side:
    """One competing value and the sources that claim it (every one of them: the renderings
    show :attr:`quotes` and :attr:`named_docs` and count the rest)."""

    value: str
    evidence: list[Evidence]
    best_supported: bool = False

    @property
    def doc_ids(self) -> list[str]:
        return sorted({e.doc_id for e in self.evidence})

    @property
    def quotes(self) -> list[Evidence]:
        return self.evidence[:QUOTES_PER_SIDE]

    @property
    def more_quotes(self) -> int:
        return max(len(self.evidence) - QUOTES_PER_SIDE, 0)

    @property
    def named_docs(self) -> list[str]:
        return self.doc_ids[:DOCS_PER_SIDE]

    @property
    def more_docs(self) -> int:
        return max(len(self.doc_ids) - DOCS_PER_SIDE, 0)


@dataclass(frozen=True)
class Consensus:
    value: str
    confidence: float | None
    support: str | None = None
    value_num: float | None = None
    facet: str = ""
    support_claims: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Contradiction:
    id: str
    entity_id: str
    entity_name: str
    attribute: str
    kind: str
    severity: str
    review_status: str
    explanation: str
    doc_ids: list[str]
    sides: list[Side]
    consensus: Consensus | None
    reference: str | None = None  # citation of the reference fact, for kind "reference"
    kinds: tuple[str, ...] = ()  # every kind of disagreement the row holds, strongest first

    @property
    def short_explanation(self) -> str:
        """The explanation, cut after :data:`EXPLANATION_CHARS` (``recon explain`` has it whole)."""
        text = self.explanation
        return text if len(text) <= EXPLANATION_CHARS else text[:EXPLANATION_CHARS].rstrip() + " …"

    @property
    def explain_command(self) -> str:
        return f"recon explain {shlex.quote(self.id)}"

    @property
    def review_commands(self) -> list[str]:
        ident = shlex.quote(self.id)
        return [f'recon review {ident} --status {status} --note "…"' for status in schema.DECISION_STATUSES]


@dataclass(frozen=True)
class YearClaim:
    """One source's year for one milestone, for the timeline."""

    entity_id: str
    entity_name: str
    doc_id: str
    year: float
    value_raw: str


@dataclass(frozen=True)
class SourceRow:
    doc_id: str
    title: str
    reliability: float | None
    n_claims: int
    n_contradictions: int


@dataclass(frozen=True)
class Summary:
    run_id: str | None
    generated: str | None
    docs_ok: int
    rejected: list[tuple[str, str, str]]  # doc_id, path, reason
    n_claims: int
    n_entities: int
    n_mentions: int
    n_contradictions: int
    by_severity: dict[str, int]
    by_kind: dict[str, int]
    by_severity_kind: dict[tuple[str, str], int]
    review: dict[str, int]
    quarantined: dict[str, int]
    validation_passed: bool | None

    @property
    def reviewed(self) -> int:
        return sum(self.review.get(status, 0) for status in schema.DECISION_STATUSES)


@dataclass(frozen=True)
class Charts:
    """The numbers the charts draw (each list in the order drawn)."""

    by_attribute: list[tuple[str, dict[str, int]]]  # attribute -> contradictions per severity
    confidence: list[float]  # consensus confidence, one per consensus row
    margin: list[float]  # consensus margin over the best opposing value
    mention_methods: list[tuple[str, int]]  # how mentions were linked
    link_rules: list[tuple[str, dict[str, int]]] | None  # rule -> accepted/refused; None: no links table
    link_scores: dict[str, list[float]]  # accepted/refused -> scores of the links weighed


@dataclass(frozen=True)
class SuiteView:
    """One table's validation: what ran and how it went."""

    table: str
    rows: int
    quarantined: int
    checks: list[dict]  # check, column, success, unexpected, on_failure (see validate.findings)

    @property
    def passed(self) -> int:
        return sum(1 for c in self.checks if c.get("success"))

    @property
    def failed(self) -> int:  # failures that fail the gate
        return sum(1 for c in self.checks if not c.get("success") and c.get("on_failure") != "quarantine")

    @property
    def quarantining(self) -> int:  # failures that held rows back
        return sum(1 for c in self.checks if not c.get("success") and c.get("on_failure") == "quarantine")


@dataclass(frozen=True)
class ValidationView:
    passed: bool | None
    suites: list[SuiteView]
    quarantine_reasons: list[tuple[str, str, int]]  # table, reason, rows held back


def shown_sources(rows: list[SourceRow]) -> tuple[list[SourceRow], int]:
    """The sources listed by name (most reliable first, then the least reliable), and how
    many are left out (the ``source_reliability`` table has every one)."""
    if len(rows) <= SOURCES_SHOWN:
        return rows, 0
    half = SOURCES_SHOWN // 2
    return rows[:half] + rows[-half:], len(rows) - 2 * half


def year_sources(claims: list[YearClaim]) -> list[tuple[float, list[YearClaim]]]:
    """One milestone's claimed years, earliest first, each with the claims that give it.

    >>> [(year, len(cs)) for year, cs in year_sources(alexnet_years)]   # doctest: +SKIP
    [(2012.0, 412), (2013.0, 3)]
    """
    by_year: dict[float, list[YearClaim]] = defaultdict(list)
    for y in sorted(claims, key=lambda y: (y.year, y.doc_id)):
        by_year[y.year].append(y)
    return sorted(by_year.items())


@dataclass(frozen=True)
class ReportContent:
    summary: Summary
    contradictions: list[Contradiction]
    years: list[YearClaim]
    disputed_years: set[str]  # entity ids with a high or medium year contradiction
    sources: list[SourceRow] | None  # None: reliability not computed
    titles: dict[str, str] = field(default_factory=dict)
    changes: Changes | None = None  # since the previous publish (the manifest's "changes")
    charts: Charts | None = None
    validation: ValidationView | None = None


def build_content(tables: dict[str, pd.DataFrame], manifest: dict) -> ReportContent:
    documents = _table(tables, "documents")
    claims = _table(tables, "claims")
    contradictions = _table(tables, "contradictions")
    titles = {str(d): str(t) for d, t in zip(documents["doc_id"], documents["title"], strict=True)}
    texts = {str(d): str(t) for d, t in zip(documents["doc_id"], documents["text"], strict=True)}
    consensus = _consensus(tables.get("consensus"))
    claims_by_id = {str(c["claim_id"]): c for c in schema.records(claims, "claims")}
    views = [
        _contradiction(row, claims_by_id, titles, texts, consensus)
        for row in schema.records(contradictions, "contradictions")
    ]
    views.sort(
        key=lambda c: (
            SEVERITY_ORDER.get(c.severity, len(SEVERITY_ORDER)),
            REVIEW_ORDER.get(c.review_status, len(REVIEW_ORDER)),
            c.entity_name,
            c.attribute,
            c.id,
        )
    )
    return ReportContent(
        summary=_summary(tables, documents, claims, contradictions, manifest),
        contradictions=views,
        years=_years(claims),
        # low severity is "compatible after rounding": shown in the list, not flagged on the chart
        disputed_years={
            c.entity_id for c in views if c.attribute == "year" and c.severity in ("high", "medium")
        },
        sources=_sources(tables.get("source_reliability"), titles, claims, contradictions),
        titles=titles,
        changes=changes_from_dict(manifest.get("changes")),
        charts=_charts(tables, contradictions),
        validation=_validation(tables, manifest),
    )


def _charts(tables: dict[str, pd.DataFrame], contradictions: pd.DataFrame) -> Charts:
    by_attribute: dict[str, Counter] = defaultdict(Counter)
    for attribute, severity in zip(contradictions["attribute"], contradictions["severity"], strict=True):
        by_attribute[str(attribute)][str(severity)] += 1
    attributes = sorted(by_attribute, key=lambda a: (-sum(by_attribute[a].values()), a))
    consensus = tables.get("consensus")
    confidence = _floats(consensus, "confidence")
    margin = _floats(consensus, "margin")
    mentions = _table(tables, "mentions")
    methods = Counter(mentions["method"].astype(str))
    links = tables.get("links")
    rules = scores = None
    if links is not None and {"method", "decision", "score"} <= set(links.columns):
        per_rule: dict[str, Counter] = defaultdict(Counter)
        for method, decision in zip(links["method"], links["decision"], strict=True):
            per_rule[str(method)][str(decision)] += 1
        order = sorted(per_rule, key=lambda m: (-sum(per_rule[m].values()), m))
        rules = [(m, dict(per_rule[m])) for m in order]
        scores = {
            decision: [float(v) for v in links.loc[links["decision"] == decision, "score"]]
            for decision in schema.LINK_DECISIONS
        }
    return Charts(
        by_attribute=[(a, dict(by_attribute[a])) for a in attributes],
        confidence=confidence,
        margin=margin,
        mention_methods=sorted(methods.items(), key=lambda kv: (-kv[1], kv[0])),
        link_rules=rules,
        link_scores=scores or {},
    )


def _floats(df: pd.DataFrame | None, column: str) -> list[float]:
    if df is None or column not in df.columns:
        return []
    return [float(v) for v in df[column] if v is not None and not (isinstance(v, float) and math.isnan(v))]


def _validation(tables: dict[str, pd.DataFrame], manifest: dict) -> ValidationView | None:
    """Which checks ran on which table and how they went (the manifest's validation
    summary), and why rows were quarantined (the quarantine table)."""
    validation = manifest.get("validation")
    if not isinstance(validation, dict) or not isinstance(validation.get("suites"), dict):
        return None
    suites = [
        SuiteView(
            table=str(table),
            rows=int(summary.get("rows") or 0),
            quarantined=int(summary.get("quarantined") or 0),
            checks=[c for c in summary.get("checks") or [] if isinstance(c, dict)],
        )
        for table, summary in validation["suites"].items()
        if isinstance(summary, dict)
    ]
    quarantine = tables.get("quarantine")
    reasons: Counter = Counter()
    if quarantine is not None and {"table", "reason"} <= set(quarantine.columns):
        reasons = Counter(zip(quarantine["table"].astype(str), quarantine["reason"].astype(str), strict=True))
    return ValidationView(
        passed=validation.get("passed"),
        suites=suites,
        quarantine_reasons=[(t, r, n) for (t, r), n in sorted(reasons.items(), key=lambda i: (-i[1], i[0]))],
    )


def _table(tables: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    df = tables.get(name)
    return schema.empty(name) if df is None else df


def _contradiction(row, claims_by_id, titles, texts, consensus) -> Contradiction:
    attribute = str(row["attribute"])
    claim_ids = row["claim_ids"]
    groups = _side_groups(row, claim_ids, claims_by_id)
    best = _best_consensus(consensus.get((str(row["entity_id"]), attribute), []), row, claim_ids)
    sides = []
    for value, ids in groups.items():
        evidence = [_evidence(claims_by_id[i], attribute, titles, texts) for i in ids if i in claims_by_id]
        sides.append(Side(value, _distinct_quotes(evidence), False))
    winner = _best_side(sides, best)
    sides = [Side(s.value, s.evidence, i == winner) for i, s in enumerate(sides)]
    return Contradiction(
        id=str(row["contradiction_id"]),
        entity_id=str(row["entity_id"]),
        entity_name=str(row["entity_name"]),
        attribute=attribute,
        kind=str(row["kind"]),
        kinds=tuple(str(k) for k in (row.get("kinds") if row.get("kinds") is not None else ())),
        severity=str(row["severity"]),
        review_status=str(row["review_status"]),
        explanation=row.get("explanation") or "",
        doc_ids=row["doc_ids"],
        sides=sides,
        consensus=best,
        reference=row.get("reference") or None,
    )


def _side_groups(row, claim_ids: list[str], claims_by_id) -> dict[str, list[str]]:
    """Competing value -> claim ids. The reconcile stage's ``sides`` column says it
    exactly; without it, claims are matched to ``values`` by their normalised value."""
    groups: dict[str, list[str]] = {}
    for side in _json_list(row.get("sides")):
        if isinstance(side, dict) and "value" in side:
            groups.setdefault(str(side["value"]), []).extend(map(str, side.get("claim_ids") or []))
    placed = {i for ids in groups.values() for i in ids}
    if not groups:
        groups = {v: [] for v in row["values"]}
    values = list(groups)
    for claim_id in claim_ids:
        if claim_id in placed or claim_id not in claims_by_id:
            continue
        key = _matching_value(claims_by_id[claim_id], str(row["attribute"]), values)
        groups.setdefault(key, []).append(claim_id)
    return groups


def _distinct_quotes(evidence: list[Evidence]) -> list[Evidence]:
    """One quote per passage: two claims read from one sentence need not be shown twice."""
    seen: set[tuple] = set()
    out = []
    for e in evidence:
        key = (e.doc_id, e.quote.text, e.note)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def _best_consensus(rows: list[Consensus], contradiction, claim_ids: list[str]) -> Consensus | None:
    """The consensus row about the same claims (an entity attribute may have several
    facets or contexts); without claim lists, the most confident row of the same facet."""
    if not rows:
        return None
    facet = contradiction.get("facet") or ""
    cited = set(claim_ids)
    return max(
        rows,
        key=lambda c: (len(c.support_claims & cited), c.facet == facet, c.confidence or 0.0),
    )


def _best_side(sides: list[Side], best: Consensus | None) -> int | None:
    """Index of the side the consensus backs: by shared claims, else by value."""
    if best is None:
        return None
    overlaps = [len(best.support_claims & {e.claim_id for e in s.evidence}) for s in sides]
    if any(overlaps):
        return overlaps.index(max(overlaps))
    for i, side in enumerate(sides):
        if _same_value(side.value, best.value) or (
            best.value_num is not None and _same_value(side.value, best.value_num)
        ):
            return i
    return None


def _evidence(claim: dict, attribute: str, titles, texts) -> Evidence:
    doc_id = str(claim["doc_id"])
    note = None
    num = claim.get("value_num")
    if (attribute, claim["attribute"]) in COMPLEMENTS and num is not None:
        note = f"{claim['attribute']} {_fmt(num)}% ≙ {attribute} {_fmt(100 - num)}% (100 − x)"
    return Evidence(
        claim_id=str(claim["claim_id"]),
        doc_id=doc_id,
        doc_title=titles.get(doc_id, doc_id),
        value_raw=claim.get("value_raw") or "",
        attribute=str(claim["attribute"]),
        qualifiers=_qualifiers(claim.get("qualifiers")),
        quote=quote(
            claim.get("evidence") or "",
            claim.get("value_raw") or "",
            texts.get(doc_id),
            _offset(claim.get("char_start")),
            _offset(claim.get("char_end")),
        ),
        note=note,
    )


def _matching_value(claim: dict, attribute: str, values: list[str]) -> str:
    """Which of the contradiction's values this claim supports."""
    norm = claim.get("value_norm") or ""
    num = claim.get("value_num")
    if (attribute, claim["attribute"]) in COMPLEMENTS and num is not None:
        num, norm = 100 - num, _fmt(100 - num)
    for value in values:
        if _same_value(value, norm) or (num is not None and _same_value(value, num)):
            return value
    return norm


def _same_value(a, b) -> bool:
    if str(a) == str(b):
        return True
    x, y = _number(a), _number(b)
    return x is not None and y is not None and math.isclose(x, y, rel_tol=1e-9)


def _consensus(df: pd.DataFrame | None) -> dict[tuple[str, str], list[Consensus]]:
    if df is None or not {"entity_id", "attribute", "value"} <= set(df.columns):
        return {}
    out: dict[tuple[str, str], list[Consensus]] = defaultdict(list)
    for row in schema.records(df, "consensus"):
        support = row.get("support", row.get("n_docs"))
        docs = row.get("support_docs") or []
        out[(str(row["entity_id"]), str(row["attribute"]))].append(
            Consensus(
                value="" if row["value"] is None else str(row["value"]),
                confidence=row.get("confidence"),
                support=_named(list(map(str, docs))) if docs else (None if support is None else str(support)),
                value_num=row.get("value_num"),
                facet=row.get("facet") or "",
                support_claims=frozenset(map(str, row.get("support_claims") or [])),
            )
        )
    return out


def _named(doc_ids: list[str]) -> str:
    """The first :data:`DOCS_PER_SIDE` documents, and how many more: ``a, b, c and 40 more``."""
    more = f" and {len(doc_ids) - DOCS_PER_SIDE} more" if len(doc_ids) > DOCS_PER_SIDE else ""
    return ", ".join(doc_ids[:DOCS_PER_SIDE]) + more


def _years(claims: pd.DataFrame) -> list[YearClaim]:
    years = claims[(claims["attribute"] == "year") & claims["value_num"].notna()]
    return [
        YearClaim(str(r.entity_id), str(r.entity_name), str(r.doc_id), float(r.value_num), str(r.value_raw))
        for r in years.itertuples()
    ]


def _sources(df, titles, claims, contradictions) -> list[SourceRow] | None:
    if df is None or not {"doc_id", "reliability"} <= set(df.columns):
        return None
    per_doc_claims = Counter(claims["doc_id"].astype(str))
    per_doc_contra = Counter(d for ids in contradictions["doc_ids"] for d in set(map(str, as_list(ids))))
    rows = [
        SourceRow(
            doc_id=str(r["doc_id"]),
            title=titles.get(str(r["doc_id"]), str(r["doc_id"])),
            reliability=r["reliability"],
            n_claims=per_doc_claims[str(r["doc_id"])],
            n_contradictions=per_doc_contra[str(r["doc_id"])],
        )
        for r in schema.records(df, "source_reliability")
    ]
    return sorted(rows, key=lambda r: (-(r.reliability or 0.0), r.doc_id))


def _summary(tables, documents, claims, contradictions, manifest) -> Summary:
    ok = documents[documents["status"] == "ok"]
    rejected = documents[documents["status"] != "ok"]
    quarantine = tables.get("quarantine")
    validation = manifest.get("validation") or {}
    return Summary(
        run_id=_opt(manifest.get("run_id")),
        generated=_opt(manifest.get("finished_at") or manifest.get("time") or manifest.get("created_at")),
        docs_ok=len(ok),
        rejected=[
            (str(r["doc_id"]), r.get("path") or "", r.get("reason") or "")
            for r in schema.records(rejected, "documents")
        ],
        n_claims=len(claims),
        n_entities=len(_table(tables, "entities")),
        n_mentions=len(_table(tables, "mentions")),
        n_contradictions=len(contradictions),
        by_severity=dict(Counter(contradictions["severity"].astype(str))),
        by_kind=dict(Counter(contradictions["kind"].astype(str))),
        by_severity_kind=dict(
            Counter(
                zip(contradictions["severity"].astype(str), contradictions["kind"].astype(str), strict=True)
            )
        ),
        review=dict(Counter(contradictions["review_status"].astype(str))),
        quarantined=dict(Counter(quarantine["table"].astype(str)))
        if quarantine is not None and "table" in quarantine.columns
        else {},
        validation_passed=validation.get("passed") if isinstance(validation, dict) else None,
    )


def _qualifiers(raw) -> dict:
    try:
        value = json.loads(raw) if isinstance(raw, str) else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _json_list(raw) -> list:
    try:
        value = json.loads(raw) if isinstance(raw, str) else []
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _fmt(number: float) -> str:
    return f"{number:.6g}"


def _offset(value: int | None) -> int:
    return -1 if value is None else value


def _opt(value) -> str | None:
    return None if value is None else str(value)
