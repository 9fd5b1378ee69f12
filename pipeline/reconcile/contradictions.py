"""Contradictions between sources (and inside one source), one row per disputed quantity.

Observations are grouped by entity, comparison attribute and facet (the subject's
own value, or a role such as the runner-up's), then compared pairwise with
:mod:`pipeline.reconcile.comparison`:

- ``cross_source``: pairs from different documents; for people and organisations
  each document's whole credit list is compared with the other's.
- ``within_source``: pairs from one document (for credits: its separate statements).

Claims (and credit lists) that read the same are compared once, see
:mod:`pipeline.reconcile.pairing`, so a group of thousands of repeated values
costs a handful of comparisons. A group becomes a row when any pair is not identical after normalisation; its
severity is the worst pair's. Pairs that agree after rounding, granularity,
ranges or the hierarchy are reported as ``low`` ("kept for transparency"):
identical values are never reported. ``contradiction_id`` hashes entity,
attribute, kind and facet — never the values — so a reviewer's decision
follows the row from run to run.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence

from pipeline.reconcile.comparison import (
    SEVERITY_RANK,
    Finding,
    compare_pair,
    compare_sets,
    credit_names,
    credit_reading,
    reading,
)
from pipeline.reconcile.observations import Observation
from pipeline.reconcile.pairing import Compare, Member, once_per_signature, pair_findings

SNIPPET_RADIUS = 24
#: row kinds from claim pairs, and whether the pair's claims share a document
_KINDS = (("cross_source", False), ("within_source", True))


def contradiction_id(entity_id: str, attribute: str, kind: str, facet: str = "") -> str:
    """Stable id of the disputed quantity; values are deliberately not part of it."""
    digest = hashlib.sha1("|".join((entity_id, attribute, kind, facet)).encode()).hexdigest()
    return f"ctr-{digest[:12]}"


def facet_text(facet: str) -> str:
    """'role=previous_best;relative_to=AlexNet' → 'previous best value relative to AlexNet'."""
    if not facet:
        return ""
    parts = dict(p.split("=", 1) for p in facet.split(";") if "=" in p)
    text = parts.get("role", "").replace("_", " ") + " value"
    return text + (f" relative to {parts['relative_to']}" if parts.get("relative_to") else "")


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


def _docs(obs: Iterable[Observation]) -> list[str]:
    return sorted({o.doc_id for o in obs})


def side_label(group: Sequence[Observation]) -> str:
    """A side's value, with its qualifiers when every claim on the side states the same ones."""
    displays = {o.display for o in group}
    return displays.pop() if len(displays) == 1 else (group[0].bare or group[0].display)


def sides_of(obs: Sequence[Observation], label: dict[str, str] | None = None) -> list[dict]:
    """Competing values with the documents and claims on each side, best supported first.

    Claims with the same normalised value are one side (15.3% and 15.3% [top-5]);
    credit lists are labelled by ``label`` (claim id → the list it belongs to).
    """
    label = label or {}
    by_value: dict[str, list[Observation]] = defaultdict(list)
    for o in obs:
        by_value[label.get(o.claim_id, o.key)].append(o)
    sides = [
        {
            "value": label.get(group[0].claim_id) or side_label(group),
            "doc_ids": _docs(group),
            "claim_ids": sorted(o.claim_id for o in group),
        }
        for group in by_value.values()
    ]
    return sorted(sides, key=lambda s: (-len(s["doc_ids"]), s["value"]))


def explain(
    head: str,
    sides: list[dict],
    main: Finding,
    evidence: Sequence[Observation],
    others: Sequence[Finding] = (),
) -> str:
    values = " vs ".join(f"{s['value']} ({', '.join(s['doc_ids'])})" for s in sides)
    quotes = "; ".join(dict.fromkeys(f'{o.doc_id}: "{snippet(o)}"' for o in evidence[:2]))
    text = f"{head}: {values}. {main.reason} → {main.severity}."
    if quotes:
        text += f" Evidence: {quotes}."
    milder = [f for f in others if f.severity and f.severity != main.severity]
    if milder:
        text += f" Also {milder[0].reason} ({milder[0].severity})."
    return text


def _row(
    group: Sequence[Observation],
    attribute: str,
    kind: str,
    findings: list[tuple[Finding, Sequence[Observation]]],
    label: dict[str, str] | None = None,
) -> dict | None:
    raised = [(f, obs) for f, obs in findings if f.severity]
    if not raised:
        return None
    # the worst pair; among equals, one read without conversion explains most plainly
    main, main_obs = max(
        raised, key=lambda fo: (SEVERITY_RANK[fo[0].severity], not any(o.conversion for o in fo[1]))
    )
    involved = {o.claim_id: o for _, obs in raised for o in obs}
    members = [o for o in group if o.claim_id in involved]
    first = group[0]
    sides = sides_of(members, label)
    facet = f" ({facet_text(first.facet)})" if first.facet else ""
    head = f"{first.entity_name} {attribute}{facet}, {kind.replace('_', '-')}"
    # first met first among equals, so the milder finding quoted does not depend on hashing
    others = sorted(dict.fromkeys(f for f, _ in raised), key=lambda f: -SEVERITY_RANK[f.severity])
    return {
        "contradiction_id": contradiction_id(first.entity_id, attribute, kind, first.facet),
        "entity_id": first.entity_id,
        "entity_name": first.entity_name,
        "attribute": attribute,
        "kind": kind,
        "severity": main.severity,
        "values": [s["value"] for s in sides],
        "doc_ids": _docs(members),
        "claim_ids": sorted(involved),
        "explanation": explain(head, sides, main, main_obs, others),
        "facet": first.facet,
        "rule": main.rule,
        "sides": json.dumps(sides, ensure_ascii=False),
        "reference": None,
    }


def _claim_findings(group: Sequence[Observation], compare: Compare, same_doc: bool):
    """Findings of claim pairs across documents, or inside each document (in pairwise order)."""
    members = [Member(i, i if same_doc else o.doc_id, reading(o), (o,)) for i, o in enumerate(group)]
    if not same_doc:
        return pair_findings(members, compare)
    by_doc: dict[str, list[Member]] = defaultdict(list)
    for m in members:
        by_doc[m.obs[0].doc_id].append(m)
    return [f for doc in sorted(by_doc) for f in pair_findings(by_doc[doc], compare)]


def _set_findings(sets: dict[str, list[Observation]], compare: Compare):
    """Findings of every two credit lists, in the order of their keys."""
    members = [Member(k, k, credit_reading(sets[k]), tuple(sets[k])) for k in sorted(sets)]
    return pair_findings(members, compare)


def _credit_labels(sets: dict[str, list[Observation]]) -> dict[str, str]:
    """Each claim labelled with its whole credit list, so a side is a list, not one name."""
    labels = {}
    for members in sets.values():
        names = credit_names(members)
        labels.update({o.claim_id: names for o in members})
    return labels


def group_observations(observations: Iterable[Observation]) -> dict[tuple, list[Observation]]:
    groups: dict[tuple, list[Observation]] = defaultdict(list)
    for o in observations:
        groups[(o.entity_id, o.space, o.facet)].append(o)
    return {k: sorted(v, key=lambda o: (o.doc_id, o.claim_id)) for k, v in sorted(groups.items())}


def _numeric_rows(group: Sequence[Observation]) -> list[dict]:
    """Rows per claimed attribute. Accuracy converted to error is reported on the accuracy
    row (compared with the error claims there), so an error row holds errors only."""
    compare = once_per_signature(lambda x, y: compare_pair(x.obs[0], y.obs[0]))
    findings = {kind: _claim_findings(group, compare, same_doc) for kind, same_doc in _KINDS}
    rows = []
    for attribute in sorted({o.attribute for o in group}):

        def in_row(a: Observation, b: Observation, attribute: str = attribute) -> bool:
            own = (a.attribute == attribute, b.attribute == attribute)
            return all(own) or (attribute != a.space and any(own))

        # on an accuracy row, the error claims it is compared with say so
        counterparts: dict[str, list[Observation]] = defaultdict(list)
        for o in group:
            if o.attribute != attribute:
                counterparts[o.key].append(o)
        label = {
            o.claim_id: side_label(same).replace("%", "% error", 1)
            for same in counterparts.values()
            for o in same
        }
        for kind, _ in _KINDS:
            in_this_row = [(f, obs) for f, obs in findings[kind] if in_row(obs[0], obs[1])]
            row = _row(group, attribute, kind, in_this_row, label)
            if row:
                rows.append(row)
    return rows


def _credit_rows(group: Sequence[Observation]) -> list[dict]:
    """Credits compare as lists: per document across sources, per statement within one."""
    by_doc: dict[str, list[Observation]] = defaultdict(list)
    by_statement: dict[str, list[Observation]] = defaultdict(list)
    statements: dict[str, dict[str, list[Observation]]] = defaultdict(dict)
    for o in group:
        by_doc[o.doc_id].append(o)
        by_statement[o.statement].append(o)
        statements[o.doc_id][o.statement] = by_statement[o.statement]
    attested = list({frozenset(o.key for o in obs): obs for obs in by_doc.values()}.values())
    compare = once_per_signature(lambda x, y: compare_sets(x.obs, y.obs, attested))
    within = [f for doc in sorted(by_doc) for f in _set_findings(statements[doc], compare)]
    attribute = group[0].attribute
    rows = [
        _row(group, attribute, "cross_source", _set_findings(by_doc, compare), _credit_labels(by_doc)),
        _row(group, attribute, "within_source", within, _credit_labels(by_statement)),
    ]
    return [r for r in rows if r]


def find_contradictions(observations: Iterable[Observation]) -> list[dict]:
    """``cross_source`` and ``within_source`` rows (review_status is applied later)."""
    rows = []
    for group in group_observations(observations).values():
        rows += _credit_rows(group) if group[0].kind == "entity" else _numeric_rows(group)
    return rows
