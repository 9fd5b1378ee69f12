"""Contradictions between sources (and inside one source): the issues of claim pairs.

Observations are grouped by entity, comparison space and facet (the subject's
own value, or a role such as the runner-up's), then compared pairwise with
:mod:`pipeline.reconcile.comparison`:

- ``cross_source``: pairs from different documents; for people and organisations
  each document's whole credit list is compared with the other's.
- ``within_source``: pairs from one document that come from different
  statements (two figures in one sentence, "908个场景类，3,819个常规目标类", are
  two quantities the writer lists, not a writer disagreeing with themselves);
  for credits, its separate statements. Two rows of one table whose cells naming
  the subject differ ("Xception41_deeplab", "Xception65_deeplab") are two entries
  sharing a name: ``low`` (``table_rows``).

Claims (and credit lists) that read the same are compared once, see
:mod:`pipeline.reconcile.pairing`, so a group of thousands of repeated values
costs a handful of comparisons. Each kind of a group gives at most one issue per
distinct verdict; a finding is capped by the strength of the claims on each
side (:mod:`pipeline.reconcile.evidence`). The issues become rows, one per
entity attribute and facet, in :mod:`pipeline.reconcile.rows`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from pipeline.reconcile.comparison import (
    Finding,
    WorkDates,
    compare_pair,
    compare_sets,
    credit_names,
    credit_reading,
    reading,
)
from pipeline.reconcile.evidence import gate
from pipeline.reconcile.observations import Observation
from pipeline.reconcile.pairing import Compare, Member, once_per_signature, pair_findings
from pipeline.reconcile.rows import ContradictionRow, Issue, build_rows

#: row kinds from claim pairs, and whether the pair's claims share a document
_KINDS = (("cross_source", False), ("within_source", True))


def group_observations(observations: Iterable[Observation]) -> dict[tuple, list[Observation]]:
    groups: dict[tuple, list[Observation]] = defaultdict(list)
    for o in observations:
        groups[(o.entity_id, o.space, o.facet)].append(o)
    return {
        k: sorted(v, key=lambda o: (o.doc_id, o.statement, o.claim_id)) for k, v in sorted(groups.items())
    }


def _claim_findings(group: Sequence[Observation], compare: Compare, same_doc: bool):
    """Findings of claim pairs across documents, or inside each document across its statements."""
    if not same_doc:
        members = [Member(i, o.doc_id, reading(o), (o,)) for i, o in enumerate(group)]
        return pair_findings(members, compare)
    by_doc: dict[str, list[Observation]] = defaultdict(list)
    for o in group:
        by_doc[o.doc_id].append(o)
    found = []
    for doc in sorted(by_doc):
        statements = {s: n for n, s in enumerate(dict.fromkeys(o.statement for o in by_doc[doc]))}
        members = [Member(i, statements[o.statement], reading(o), (o,)) for i, o in enumerate(by_doc[doc])]
        found += pair_findings(members, compare)
    return found


def _sides(group: Sequence[Observation], first: Observation, second: Observation, same_doc: bool):
    """The claims behind each value of a pair (inside the pair's document for within-source)."""
    scope = [o for o in group if not same_doc or o.doc_id == first.doc_id]
    return [o for o in scope if o.key == first.key], [o for o in scope if o.key == second.key]


def _row_label(o: Observation) -> str | None:
    """The cell of a table row that names the claim's subject (``Xception41 _deeplab``), spaces
    dropped and case folded; None when the claim is not read from a table row or no cell names it."""
    line = o.evidence.strip()
    name = re.sub(r"\s+", "", o.entity_name).casefold()
    if not line.startswith("|") or not name:
        return None
    cells = (re.sub(r"\s+", "", c).casefold() for c in line.strip("|").split("|"))
    return next((c for c in cells if name in c), None)


def _table_rows(a: Observation, b: Observation) -> Finding | None:
    """Two rows of one table whose name cells differ (``Xception41 _deeplab``, ``Xception65 _deeplab``)
    are two entries of the table that share a name, not one entry given two values."""
    la, lb = _row_label(a), _row_label(b)
    if la is None or lb is None or la == lb:
        return None
    return Finding(
        "low",
        "table_rows",
        f"{a.display} and {b.display} are in different rows of one table, named "
        f"“{la}” and “{lb}”: two entries that share the name {a.entity_name}, not one given two values",
    )


def _numeric_issues(group: Sequence[Observation], work: WorkDates | None) -> list[Issue]:
    compare = once_per_signature(lambda x, y: compare_pair(x.obs[0], y.obs[0], work))
    first = group[0]
    issues = []
    for kind, same_doc in _KINDS:
        for finding, obs in _claim_findings(group, compare, same_doc):
            if not finding.severity:
                continue
            a, b = _sides(group, obs[0], obs[1], same_doc)
            if same_doc and finding.severity != "low" and (obs[0].self_note or obs[1].self_note):
                note = obs[0].self_note or obs[1].self_note
                finding = Finding("low", "self_explained", f"{obs[0].display} vs {obs[1].display}: {note}")
            elif same_doc and finding.severity != "low" and (rows := _table_rows(obs[0], obs[1])):
                finding = rows
            issues.append(
                Issue(
                    first.entity_id,
                    first.entity_name,
                    first.attribute if len({o.attribute for o in obs}) == 1 else first.space,
                    first.facet,
                    kind,
                    gate(finding, a, b, single_text=same_doc),
                    tuple(obs),
                )
            )
    return issues


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


def _credit_issues(group: Sequence[Observation]) -> list[Issue]:
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
    first = group[0]
    issues = []
    for kind, findings, labels, lists in (
        ("cross_source", _set_findings(by_doc, compare), _credit_labels(by_doc), by_doc),
        (
            "within_source",
            [f for doc in sorted(by_doc) for f in _set_findings(statements[doc], compare)],
            _credit_labels(by_statement),
            by_statement,
        ),
    ):
        for finding, obs in findings:
            if not finding.severity:
                continue
            key = (lambda o: o.doc_id) if kind == "cross_source" else (lambda o: o.statement)
            sides = [lists[key(obs[0])], lists[key(obs[-1])]]
            issues.append(
                Issue(
                    first.entity_id,
                    first.entity_name,
                    first.attribute,
                    first.facet,
                    kind,
                    gate(finding, *sides, single_text=kind == "within_source"),
                    tuple(obs),
                    labels=labels,
                )
            )
    return issues


def contradiction_issues(
    observations: Iterable[Observation], works: Mapping[str, WorkDates] | None = None
) -> list[Issue]:
    """``cross_source`` and ``within_source`` issues. ``works`` holds the documented dates of
    the works the reference knows (by entity id), so that two documented dates compare as such."""
    works = works or {}
    issues: list[Issue] = []
    for (entity_id, _, _), group in group_observations(observations).items():
        if group[0].kind == "entity":
            issues += _credit_issues(group)
        else:
            issues += _numeric_issues(group, works.get(entity_id))
    return issues


def find_contradictions(observations: Iterable[Observation]) -> list[dict]:
    """The ``cross_source`` and ``within_source`` rows of ``observations`` alone (no reference,
    review_status applied later), as table records."""
    return [r.record() for r in build_rows(contradiction_issues(observations))]


__all__ = ["ContradictionRow", "Finding", "contradiction_issues", "find_contradictions", "group_observations"]
