"""Family comparison: organisations credited with a family and with its variants.

A text may name one work by the name of its family or of a variant ("the
scaling law" vs "the optimal scaling law"), so a source crediting the family to
one organisation and another source crediting a variant to an unrelated one may
be telling two stories of the same work. Such pairs are raised on the family
entity as ``medium`` (rule ``family``): the sources credit different members of
the family, which may explain it.

- only ``organization`` credits: the author lists of different papers in one
  family legitimately differ, the organisation behind a family rarely does;
- organisations equal or inside each other in the hierarchy (Google Brain,
  Google) are not raised — :func:`~pipeline.reconcile.comparison.related`;
- a document that credits both the family and the variant tells them apart
  (Meta's LLaMA, Stanford's Alpaca), so it is not paired for that variant: its
  own claims are compared at each level by
  :mod:`~pipeline.reconcile.contradictions`. Hence no ``within_source`` family rows.

``contradiction_id`` adds the facet ``scope=family`` to the usual scheme.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from pipeline.reconcile.comparison import Finding, credit_names, related
from pipeline.reconcile.contradictions import contradiction_id, explain, sides_of
from pipeline.reconcile.observations import Observation

FAMILY_ATTRIBUTES = ("organization",)  # not creator: author lists of sibling papers differ
FAMILY_FACET = "scope=family"
KIND = "cross_source"


def families_of(entity_id: str, parents: Mapping[str, str]) -> tuple[str, ...]:
    """The families an entity is a variant of, nearest first (GPT-4.1 → GPT-4, GPT)."""
    chain: list[str] = []
    current = parents.get(entity_id)
    while current and current not in chain and current != entity_id:
        chain.append(current)
        current = parents.get(current)
    return tuple(chain)


def _by_doc(obs: Iterable[Observation]) -> dict[str, list[Observation]]:
    out: dict[str, list[Observation]] = defaultdict(list)
    for o in obs:
        out[o.doc_id].append(o)
    return out


def _conflicts(
    family: Sequence[Observation], variant: Sequence[Observation]
) -> list[tuple[list[Observation], list[Observation]]]:
    """(family credits, variant credits) of document pairs that speak of one level each
    and share no organisation, even through the hierarchy."""
    fam_docs, var_docs = _by_doc(family), _by_doc(variant)
    return [
        (fam_docs[a], var_docs[b])
        for a in sorted(fam_docs.keys() - var_docs.keys())
        for b in sorted(var_docs.keys() - fam_docs.keys())
        if not any(related(x, y) for x in fam_docs[a] for y in var_docs[b])
    ]


def _row(
    family_id: str,
    attribute: str,
    conflicts: dict[str, list[tuple[list[Observation], list[Observation]]]],
) -> dict:
    pairs = [pair for variant in sorted(conflicts) for pair in conflicts[variant]]
    family_obs = list({o.claim_id: o for fam, _ in pairs for o in fam}.values())
    family_name = family_obs[0].entity_name
    involved = {o.claim_id: o for fam, var in pairs for o in (*fam, *var)}
    label = {cid: f"{o.display} ({o.entity_name})" for cid, o in involved.items()}
    credited = [
        f"{credit_names([o for _, var in conflicts[v] for o in var])} is credited with "
        f"{conflicts[v][0][1][0].entity_name}, a variant of {family_name}"
        for v in sorted(conflicts)
    ]
    reason = (
        f"{'; '.join(credited)}; {credit_names(family_obs)} with {family_name} itself: "
        "the sources credit different members of the family, which may explain it"
    )
    finding = Finding("medium", "family", reason)
    sides = sides_of(list(involved.values()), label)
    first_family, first_variant = pairs[0]
    head = f"{family_name} {attribute} (family and variants), {KIND.replace('_', '-')}"
    return {
        "contradiction_id": contradiction_id(family_id, attribute, KIND, FAMILY_FACET),
        "entity_id": family_id,
        "entity_name": family_name,
        "attribute": attribute,
        "kind": KIND,
        "severity": finding.severity,
        "values": [s["value"] for s in sides],
        "doc_ids": sorted({o.doc_id for o in involved.values()}),
        "claim_ids": sorted(involved),
        "explanation": explain(head, sides, finding, [first_variant[0], first_family[0]]),
        "facet": FAMILY_FACET,
        "rule": finding.rule,
        "sides": json.dumps(sides, ensure_ascii=False),
        "reference": None,
    }


def family_contradictions(
    observations: Iterable[Observation],
    parents: Mapping[str, str],
    canonical_id: Callable[[str], str],
) -> list[dict]:
    """One row per family and attribute whose credits conflict with a variant's.

    ``parents`` maps an entity (canonical id) to the family it is a variant of.
    """
    by_entity: dict[tuple[str, str], list[Observation]] = defaultdict(list)
    for o in observations:
        if o.attribute in FAMILY_ATTRIBUTES and o.kind == "entity" and not o.facet:
            by_entity[(o.attribute, canonical_id(o.entity_id))].append(o)
    variants: dict[tuple[str, str], list[str]] = defaultdict(list)
    for attribute, entity in sorted(by_entity):
        for family in families_of(entity, parents):
            variants[(attribute, family)].append(entity)
    rows = []
    for (attribute, family), members in sorted(variants.items()):
        if (attribute, family) not in by_entity:
            continue
        conflicts = {
            v: found
            for v in members
            if (found := _conflicts(by_entity[(attribute, family)], by_entity[(attribute, v)]))
        }
        if conflicts:
            rows.append(_row(family, attribute, conflicts))
    return rows
