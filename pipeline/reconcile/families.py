"""Family comparison: organisations credited with a family and with its variants.

A text may name one work by its family's name or by a variant's ("the scaling
law" vs "the optimal scaling law"). A source crediting the family to one
organisation and another crediting a variant to an unrelated one are only in
conflict when both speak of the *same work*; two works of one family by
different organisations (Kaplan's scaling laws at OpenAI, 2020; Chinchilla's at
DeepMind, 2022) are both right. So:

- the family claim is about the variant when its statement names the variant,
  or dates it to the variant's documented date and not to the family's own:
  then the pair is ``medium`` (rule ``family``) on the family's row;
- otherwise the pair is reported as *related* works, ``low`` (rule
  ``related_works``), with each side's work and date — never as a conflict.

Only ``organization`` credits are compared (the author lists of sibling papers
legitimately differ); organisations equal or inside each other in the hierarchy
(Google Brain, Google) are not raised; a document that credits both the family
and the variant tells them apart (Meta's LLaMA, Stanford's Alpaca), so it is not
paired for that variant. The rows carry the facet ``scope=family``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from pipeline.reconcile.comparison import Finding, WorkDates, credit_names, related
from pipeline.reconcile.evidence import gate
from pipeline.reconcile.facets import FAMILY
from pipeline.reconcile.names import name_key
from pipeline.reconcile.observations import Observation
from pipeline.reconcile.rows import Issue

FAMILY_ATTRIBUTES = ("organization",)  # not creator: author lists of sibling papers differ
FAMILY_FACET = str(FAMILY)
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


def _same_work(
    family_obs: Sequence[Observation],
    variant: str,
    aliases: Callable[[str], tuple[str, ...]],
    years: Mapping[str, list[Observation]],
    works: Mapping[str, WorkDates],
    family: str,
) -> str:
    """Why the family's claims are about ``variant``: its name in their statement, or their
    statement's year matching the variant's documented date and not the family's; else ""."""
    names = [n for n in aliases(variant) if len(name_key(n)) >= 4]
    for o in family_obs:
        text = o.evidence.casefold()
        named = next((n for n in names if n.casefold() in text), None)
        if named:
            return f"the statement crediting {o.entity_name} names {named}"
    own, var = works.get(family), works.get(variant)
    if var is None:
        return ""
    for o in family_obs:
        for y in years.get(o.statement, ()):
            if var.matching(y) and not (own and own.matching(y)):
                other = own.name if own else "the family"
                return f"the statement dates it {y.display}, {var.name}'s date, not {other}'s"
    return ""


def family_issues(
    observations: Iterable[Observation],
    parents: Mapping[str, str],
    canonical_id: Callable[[str], str],
    aliases: Callable[[str], tuple[str, ...]] = lambda eid: (),
    works: Mapping[str, WorkDates] | None = None,
) -> list[Issue]:
    """Issues of families whose organisation credits differ from a variant's (``scope=family``).

    ``parents`` maps an entity (canonical id) to the family it is a variant of; ``works`` holds
    documented dates by entity id, ``aliases`` an entity's names (to tell whether a statement
    about the family names the variant)."""
    observations = list(observations)
    works = works or {}
    by_entity: dict[tuple[str, str], list[Observation]] = defaultdict(list)
    years: dict[str, list[Observation]] = defaultdict(list)
    for o in observations:
        if o.attribute in FAMILY_ATTRIBUTES and o.kind == "entity" and not o.facet:
            by_entity[(o.attribute, canonical_id(o.entity_id))].append(o)
        if o.kind == "date":
            years[o.statement].append(o)
    variants: dict[tuple[str, str], list[str]] = defaultdict(list)
    for attribute, entity in sorted(by_entity):
        for family in families_of(entity, parents):
            variants[(attribute, family)].append(entity)
    issues = []
    for (attribute, family), members in sorted(variants.items()):
        if (attribute, family) not in by_entity:
            continue
        for variant in members:
            for fam, var in _conflicts(by_entity[(attribute, family)], by_entity[(attribute, variant)]):
                issues.append(
                    _issue(
                        family,
                        attribute,
                        fam,
                        var,
                        _same_work(fam, variant, aliases, years, works, family),
                        works,
                    )
                )
    return issues


def _dated(name: str, work: WorkDates | None) -> str:
    first = work.spans[0][0] if work and work.spans else ""
    return f"{name} ({first})" if first else name


def _issue(
    family: str,
    attribute: str,
    fam: list[Observation],
    var: list[Observation],
    same: str,
    works: Mapping[str, WorkDates],
) -> Issue:
    family_name, variant_name = fam[0].entity_name, var[0].entity_name
    if same:
        finding = Finding(
            "medium",
            "family",
            f"{credit_names(var)} is credited with {variant_name} and {credit_names(fam)} with "
            f"{family_name}, and {same}: the sources credit the same work to unrelated organisations",
        )
        finding = gate(finding, fam, var)
    else:
        finding = Finding(
            "low",
            "related_works",
            f"{credit_names(var)} is credited with {_dated(variant_name, works.get(var[0].entity_id))}, "
            f"{credit_names(fam)} with {_dated(family_name, works.get(family))}: "
            "different works of one family, not a conflict",
        )
    labels = {o.claim_id: f"{o.display} ({o.entity_name})" for o in (*fam, *var)}
    involved = (var[0], fam[0], *var[1:], *fam[1:])
    return Issue(family, family_name, attribute, FAMILY_FACET, KIND, finding, involved, labels=labels)
