"""Reconcile: contradictions between claims, best-supported values, reference checks.

Public entry point: :func:`reconcile`. The stage reads resolved claims and
entities and produces

- ``contradictions`` (contract table): one row per disputed entity attribute
  and kind (``cross_source``, ``within_source``, ``reference``), see
  :mod:`~pipeline.reconcile.contradictions` and :mod:`~pipeline.reconcile.reference`,
  plus family rows (a family's organisation against its variants'), see
  :mod:`~pipeline.reconcile.families`;
- ``consensus`` (extra table): the best-supported value of every entity
  attribute with claims, by TruthFinder (:mod:`~pipeline.reconcile.truth_discovery`);
- ``source_reliability`` (extra table): each document's estimated trustworthiness.

The numbers that decide (how wide "about" is, TruthFinder's parameters, the
slack around an affiliation) are data: ``thresholds.yaml``, read by
:mod:`~pipeline.reconcile.thresholds`; the reference facts are
the knowledge base (:mod:`pipeline.catalog.facts`).

Sample ``contradictions`` rows of the seed corpus::

    contradiction_id | entity_name | attribute  | kind         | severity | values          | doc_ids
    ctr-231f7f8f8b24 | AlexNet     | error_rate | cross_source | medium   | [15.3%, 16.4%]  | [000_…, 002_…]
    ctr-86475e916011 | AlexNet     | year       | cross_source | low      | [2012, 2012-10] | [000_…, 001_…]

Sample ``consensus`` row::

    entity_id=alexnet attribute=error_rate facet="" context="metric=top-5"
    value="15.3% [top-5]" value_num=15.3 confidence=0.87 support_docs=[000, 003, 004]
    competing_values=["15.3% [top-5] — confidence 0.87, docs 000, 003, 004", "16.4% — …"]
    reference_value="15.3% [ensemble, top-5, …]; 16.4% […]" reference_status=agrees
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from pipeline import schema
from pipeline.catalog import Catalog
from pipeline.catalog.facts import ReferenceFacts, load_reference
from pipeline.reconcile.comparison import SEVERITY_RANK
from pipeline.reconcile.contradictions import find_contradictions
from pipeline.reconcile.families import family_contradictions
from pipeline.reconcile.observations import name_key, observe
from pipeline.reconcile.reference import (
    Names,
    check_reference,
    corroboration,
    describe,
    facet_part,
    reference_rows,
)
from pipeline.reconcile.reviews import apply_decisions
from pipeline.reconcile.truth_discovery import (
    build_objects,
    consensus_rows,
    reliability_rows,
    truthfinder,
)


@dataclass(frozen=True)
class Reconciliation:
    contradictions: pd.DataFrame
    extra_tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # consensus, source_reliability
    warnings: list[str] = field(default_factory=list)


def entity_names(entities: pd.DataFrame, catalog: Catalog) -> Names:
    """Id, hierarchy and name look-ups over the resolved entities and the catalog."""
    rows = schema.records(entities, "entities")
    to_catalog = {r["entity_id"]: r.get("catalog_id") or r["entity_id"] for r in rows}
    ancestors_col = {r["entity_id"]: r.get("ancestors") or [] for r in rows}
    aliases = {to_catalog[r["entity_id"]]: (r.get("name") or "", *(r.get("aliases") or [])) for r in rows}
    aliases.update({e.id: e.names for e in catalog.entries})
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

    return Names(canonical_id, ancestors_of, lambda cid: aliases.get(cid, ()), id_for_name)


def variant_parents(entities: pd.DataFrame, catalog: Catalog, canonical_id) -> dict[str, str]:
    """Each entity's family (canonical ids): the catalog's ``variant_of``, and the
    resolver's for entities the catalog does not know."""
    parents = {e.id: e.variant_of for e in catalog.entries if e.variant_of}
    for r in schema.records(entities, "entities"):
        if r.get("variant_of"):
            parents[canonical_id(r["entity_id"])] = canonical_id(r["variant_of"])
    return parents


def _reference_status(row: dict, check, facts: ReferenceFacts, names: Names) -> dict:
    relative = facet_part(row["facet"], "relative_to")
    subject = names.id_for_name(relative) if relative else names.canonical_id(row["entity_id"])
    work = facts.works.get(subject or "")
    contradicted = {f.obs.claim_id for f in check.findings}
    support = set(row["support_claims"])
    if support & contradicted:
        status = "contradicts"
    elif support & check.agreeing_claims:
        status = "agrees"
    else:
        status = "not covered"
    return {
        **row,
        "reference_value": describe(work, row["attribute"], row["facet"], names),
        "reference_status": status,
    }


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


def reconcile(
    claims: pd.DataFrame,
    entities: pd.DataFrame,
    documents: pd.DataFrame,
    catalog: Catalog,
    decisions: list[dict],
    reference: ReferenceFacts | None = None,
) -> Reconciliation:
    """Contradictions (with reviews applied), consensus values and source reliability.

    ``reference`` defaults to the packaged the knowledge base (:mod:`pipeline.catalog.facts`).
    """
    facts = reference if reference is not None else load_reference()
    names = entity_names(entities, catalog)
    observations, warnings = observe(claims, names.canonical_id, names.ancestors_of)

    by_claim = {o.claim_id: o for o in observations}
    parents = variant_parents(entities, catalog, names.canonical_id)
    rows = [
        {
            **r,
            "explanation": r["explanation"]
            + corroboration([by_claim[c] for c in r["claim_ids"]], facts, names),
        }
        for r in (
            *find_contradictions(observations),
            *family_contradictions(observations, parents, names.canonical_id),
        )
    ]
    check = check_reference(observations, facts, names)
    rows += reference_rows(check.findings)
    rows, review_warnings = apply_decisions(_order(rows), decisions)
    contradictions = schema.conform(rows, "contradictions", complete=True)

    result = truthfinder(build_objects(observations))
    consensus = [_reference_status(r, check, facts, names) for r in consensus_rows(result)]
    titles = {
        d["doc_id"]: d.get("title", d["doc_id"]) or ""
        for d in schema.records(documents, "documents")
        if d.get("status", "ok") == "ok"
    }
    reliability = reliability_rows(result, titles)
    tables = {
        "consensus": schema.conform(consensus, "consensus", complete=True),
        "source_reliability": schema.conform(reliability, "source_reliability", complete=True),
    }
    return Reconciliation(contradictions, tables, [*warnings, *review_warnings])
