"""Reconcile: contradictions between claims, best-supported values, reference checks.

Public entry point: :func:`reconcile`. The stage reads resolved claims, entities,
mentions and documents and produces

- ``contradictions`` (contract table): one row per disputed entity attribute
  (and facet) — everything about it in one row, however many kinds of
  disagreement it shows (``kind`` the strongest, ``kinds`` all of them). The
  rows are built in :mod:`~pipeline.reconcile.rows` from the issues of
  :mod:`~pipeline.reconcile.contradictions` (claims against claims),
  :mod:`~pipeline.reconcile.reference` (claims against the reference facts, with
  time) and :mod:`~pipeline.reconcile.families` (a family against its variants);
- ``consensus`` (extra table): the best-supported value of every entity
  attribute with claims, by TruthFinder with the reference as a trusted source
  (:mod:`~pipeline.reconcile.truth_discovery`);
- ``source_reliability`` (extra table): each document's estimated trustworthiness.

Before comparing, claims are read on common ground
(:mod:`~pipeline.reconcile.observations`) and their statements are read for
what they show (:mod:`~pipeline.reconcile.statements`). Names meet in
:mod:`~pipeline.reconcile.names`, facets are built in
:mod:`~pipeline.reconcile.facets`. The numbers that decide are data:
``thresholds.yaml`` (:mod:`~pipeline.reconcile.thresholds`); the reference
facts are the knowledge base (:mod:`pipeline.catalog.facts`).

Sample ``contradictions`` rows of the seed corpus::

    entity_name     | attribute  | kind         | kinds                        | severity | values
    AlexNet         | error_rate | cross_source | [cross_source]               | medium   | [15.3% …]
    Backpropagation | year       | reference    | [reference, cross_source, …] | medium   | [1986, 1987 …]

Sample ``consensus`` row::

    entity_id=alexnet attribute=error_rate facet="" context="metric=top-5"
    value="15.3% [top-5]" value_num=15.3 confidence=0.87 support_docs=[000, 003, 004]
    reference_value="15.3% [ensemble, top-5, …]; 16.4% […]" reference_status=agrees
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

import pandas as pd

from pipeline import schema
from pipeline.catalog import Catalog
from pipeline.catalog.facts import ReferenceFacts, load_reference
from pipeline.reconcile.comparison import SEVERITY_RANK, WorkDates
from pipeline.reconcile.contradictions import contradiction_issues
from pipeline.reconcile.facets import Facet
from pipeline.reconcile.families import family_issues
from pipeline.reconcile.names import Names, entity_names, variant_parents
from pipeline.reconcile.observations import PERCENT, Observation, month_interval, observe
from pipeline.reconcile.reference import (
    ReferenceCheck,
    _reference_observations,
    check_reference,
    corroboration,
    credited_works,
    describe,
    documented_figures,
    work_dates,
    work_for,
)
from pipeline.reconcile.reviews import apply_decisions
from pipeline.reconcile.rows import attribute_family, build_rows
from pipeline.reconcile.statements import (
    read_doubts,
    read_siblings,
    read_statements,
    read_variants,
    values_in_names,
)
from pipeline.reconcile.thresholds import load_thresholds
from pipeline.reconcile.truth_discovery import (
    REFERENCE,
    build_objects,
    consensus_rows,
    reliability_rows,
    truthfinder,
)

__all__ = ["Names", "Reconciliation", "entity_names", "reconcile", "variant_parents"]
CONTRADICTED_CONFIDENCE = load_thresholds().truthfinder.contradicted_confidence


@dataclass(frozen=True)
class Reconciliation:
    contradictions: pd.DataFrame
    extra_tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # consensus, source_reliability
    warnings: list[str] = field(default_factory=list)


def _order(rows: list[dict]) -> list[dict]:
    kinds = {"reference": 0, "cross_source": 1, "within_source": 2}
    return sorted(
        rows,
        key=lambda r: (
            -SEVERITY_RANK[r["severity"]],
            kinds[r["kind"]],
            r["entity_id"],
            r["attribute"],
            r["facet"],
        ),
    )


def _documented_observations(
    observations: list[Observation], facts: ReferenceFacts, names: Names
) -> list[Observation]:
    """The reference's values for every entity attribute documents state, as observations of the
    source ``reference`` (TruthFinder weighs them like a source of known reliability)."""
    firsts: dict[tuple, Observation] = {}
    for o in observations:
        firsts.setdefault((o.entity_id, o.space, o.facet), o)
    out: list[Observation] = []
    for (entity, space, facet), o in sorted(firsts.items()):
        work = work_for(o, facts, names)
        if work is None or names.type_of(work.entity_id) == "concept":
            continue
        base = {
            "doc_id": REFERENCE,
            "confidence": 1.0,
            "statement": REFERENCE,
            "evidence": work.short,
            "hedged": False,
            "approx": False,
            "converted": False,
            "conversion": "",
        }
        if o.kind == "date" and not Facet.parse(facet).role:
            for date, what in work.dates:
                span = month_interval(date, None)
                if span:
                    out.append(
                        replace(
                            o,
                            **base,
                            claim_id=f"{REFERENCE}:{entity}:{date}",
                            key=date,
                            display=date,
                            bare=date,
                            value=float(span[0] // 12),
                            lo=span[0],
                            hi=span[1],
                            qualifiers={},
                            date_role="own",
                            dates=what,
                            context_note="",
                            self_note="",
                        )
                    )
        elif o.kind == "number":
            for ref, n in _reference_observations(work, o):
                out.append(replace(ref, **base, claim_id=f"{REFERENCE}:{entity}:{n.attribute}:{n.value:g}"))
        elif o.kind == "entity" and not Facet.parse(facet).role:
            pool = work.creators if space == "creator" else work.organizations
            for ref in pool:
                key = names.key(ref)
                out.append(
                    replace(
                        o,
                        **base,
                        claim_id=f"{REFERENCE}:{entity}:{key}",
                        key=key,
                        display=names.display(ref),
                        ancestors=names.ancestors_of(key),
                        partial=False,
                        qualifiers={},
                    )
                )
    return out


def _reference_status(row: dict, result, check: ReferenceCheck, facts: ReferenceFacts, names: Names) -> dict:
    relative = Facet.parse(row["facet"]).relative_to
    subject = names.id_for_name(relative) if relative else names.canonical_id(row["entity_id"])
    work = facts.works.get(subject or "")
    support = set(row["support_claims"])
    object_key, winners = row.pop("object_key"), row.pop("winning_facts")
    obj = next(o for o in result.objects if o.key == object_key)
    documented = [k for k, f in obj.facts.items() if any(o.doc_id == REFERENCE for o in f.obs)]
    if support & check.contradicted_claims:
        status = "contradicts"
    elif documented:
        # every value the best one holds (tied credits: each name) must be documented or implied
        backed = all(
            w in documented or any(obj.implication.get((d, w), 0) > 0 for d in documented) for w in winners
        )
        status = "agrees" if backed else "contradicts"
    elif support & check.agreeing_claims:
        status = "agrees"
    else:
        status = "not covered"
    confidence = row["confidence"] * (CONTRADICTED_CONFIDENCE if status == "contradicts" else 1.0)
    return {
        **row,
        "confidence": confidence,
        "reference_value": describe(work, row["attribute"], row["facet"], names),
        "reference_status": status,
    }


def reconcile(
    claims: pd.DataFrame,
    entities: pd.DataFrame,
    documents: pd.DataFrame,
    catalog: Catalog,
    decisions: list[dict],
    reference: ReferenceFacts | None = None,
    mentions: pd.DataFrame | None = None,
) -> Reconciliation:
    """Contradictions (with reviews applied), consensus values and source reliability.

    ``reference`` defaults to the packaged knowledge base (:mod:`pipeline.catalog.facts`);
    ``mentions`` (optional) lets a statement's other named works explain its years.
    """
    facts = reference if reference is not None else load_reference()
    names = entity_names(entities, catalog)
    observations, warnings = observe(claims, names.canonical_id, names.ancestors_of)
    docs = schema.records(documents, "documents") if not documents.empty else []
    texts = {d["doc_id"]: d.get("text") or "" for d in docs}
    works: dict[str, WorkDates] = {}

    def dates_of(entity_id: str) -> WorkDates | None:
        cid = names.canonical_id(entity_id)
        if cid not in works and cid in facts.works:
            works[cid] = work_dates(facts.works[cid], names.display(cid))
        return works.get(cid)

    def has_numbers(entity_id: str, space: str) -> bool:
        work = facts.works.get(entity_id)
        return bool(work) and any(
            n.attribute == space or {n.attribute, space} == PERCENT for n in work.numbers
        )

    parents = variant_parents(entities, catalog, names.canonical_id)
    observations, in_names = values_in_names(observations, mentions)
    warnings += in_names
    observations = read_statements(observations, mentions, texts, dates_of, names)
    observations = read_doubts(observations, mentions, texts, names, credited_works(facts, names))
    known = {names.canonical_id(str(e)) for e in entities["entity_id"]} if "entity_id" in entities else set()
    observations = read_siblings(read_variants(observations, parents, dates_of, has_numbers, names, known))
    by_entity = {o.entity_id: dates_of(o.entity_id) for o in observations}
    issues = contradiction_issues(observations, {e: w for e, w in by_entity.items() if w})
    family_works = {e: w for e in {*parents, *parents.values()} if (w := dates_of(e))}
    issues += family_issues(observations, parents, names.canonical_id, names.aliases_of, family_works)
    issues = [documented_figures(i, facts, names) for i in issues]
    check = check_reference(observations, facts, names, texts)
    issues += check.issues

    groups: dict[tuple[str, str, str], list[Observation]] = defaultdict(list)
    for issue in issues:
        groups[(issue.entity_id, attribute_family(issue.attribute), issue.facet)].extend(issue.observations)
    notes = {}
    for key, obs in groups.items():
        text = corroboration(list({o.claim_id: o for o in obs}.values()), facts, names)
        read_as = list(dict.fromkeys(o.variant_note for o in obs if o.variant_note))
        if read_as:
            text += " Read as a variant: " + "; ".join(read_as) + "."
        notes[key] = text
    rows = build_rows(issues, notes)
    replaces = {r.contradiction_id: r.replaces for r in rows}
    records, review_warnings = apply_decisions(_order([r.record() for r in rows]), decisions, replaces)
    contradictions = schema.conform(records, "contradictions", complete=True)

    result = truthfinder(build_objects(observations, _documented_observations(observations, facts, names)))
    consensus = [_reference_status(r, result, check, facts, names) for r in consensus_rows(result)]
    titles = {d["doc_id"]: d.get("title", d["doc_id"]) or "" for d in docs if d.get("status", "ok") == "ok"}
    reliability = reliability_rows(result, titles, check.agreeing_claims, check.contradicted_claims)
    tables = {
        "consensus": schema.conform(consensus, "consensus", complete=True),
        "source_reliability": schema.conform(reliability, "source_reliability", complete=True),
    }
    return Reconciliation(contradictions, tables, [*warnings, *review_warnings])
