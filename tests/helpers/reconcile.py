"""Hand-written claim sets shaped like resolved claims, and a reconcile run over them."""

from __future__ import annotations

import json

import pandas as pd

from pipeline.catalog import load_catalog
from pipeline.catalog.facts import ReferenceFacts
from pipeline.reconcile import Reconciliation, reconcile
from pipeline.reconcile.rows import attribute_family

CATALOG = load_catalog()
#: the comparison rules alone, without reference facts adding their own rows
NO_REFERENCE = ReferenceFacts(version="none")


def claim(
    doc: str,
    entity: str,
    attribute: str,
    raw: str,
    *,
    norm: str | None = None,
    num: float | None = None,
    unit: str | None = None,
    evidence: str | None = None,
    value_entity: str | None = None,
    confidence: float = 0.9,
    qualifiers: str | None = None,
    **quals,
) -> dict:
    """One resolved claim in the contract shape (plus the resolver's extra columns)."""
    entry = CATALOG.get(entity)
    if norm is None:
        norm = raw if num is None else f"{num:g}"
    evidence = evidence or f"{entity} … {raw} …"
    return {
        "claim_id": f"c-{doc}-{entity}-{attribute}-{raw}-{len(evidence)}-{sorted(quals.items())}",
        "doc_id": doc,
        "entity_id": entity,
        "entity_name": entry.name if entry else entity,
        "attribute": attribute,
        "value_raw": raw,
        "value_norm": norm,
        "value_num": num,
        "unit": unit,
        "qualifiers": qualifiers if qualifiers is not None else json.dumps(quals),
        "evidence": evidence,
        "char_start": 0,
        "char_end": len(raw),
        "extractor": "hand",
        "confidence": confidence,
        "subject_mention_id": f"m-{doc}-{entity}",
        "value_mention_id": None,
        "value_entity_id": value_entity,
    }


def pct(doc: str, entity: str, value: str, attribute: str = "error_rate", **quals) -> dict:
    digits = value.split(".")
    precision = 10.0 ** -(len(digits[1]) if len(digits) > 1 else 0)
    return claim(
        doc, entity, attribute, f"{value}%", num=float(value), unit="%", precision=precision, **quals
    )


def year(doc: str, entity: str, raw: str, norm: str, **quals) -> dict:
    return claim(doc, entity, "year", raw, norm=norm, num=float(norm[:4]), **quals)


def credit(doc: str, entity: str, attribute: str, value_entity: str, evidence: str = "", **quals) -> dict:
    entry = CATALOG.get(value_entity)
    name = entry.name if entry else value_entity
    return claim(
        doc,
        entity,
        attribute,
        name,
        value_entity=value_entity,
        evidence=evidence or f"{name} … {entity}",
        **quals,
    )


def entities_for(claims: list[dict]) -> pd.DataFrame:
    ids = sorted(
        {c["entity_id"] for c in claims} | {c["value_entity_id"] for c in claims if c["value_entity_id"]}
    )
    rows = []
    for eid in ids:
        entry = CATALOG.get(eid)
        rows.append(
            {
                "entity_id": eid,
                "name": entry.name if entry else eid,
                "type": entry.type if entry else "person",
                "aliases": list(entry.aliases) if entry else [],
                "n_docs": 1,
                "n_mentions": 1,
                "catalog_id": eid if entry else None,
                "part_of": entry.part_of if entry else None,
                "variant_of": entry.variant_of if entry else None,
                "ancestors": list(CATALOG.ancestors(eid)),
            }
        )
    return pd.DataFrame(rows)


def run(
    claims: list[dict], decisions: list[dict] | None = None, reference: ReferenceFacts = NO_REFERENCE
) -> Reconciliation:
    docs = sorted({c["doc_id"] for c in claims})
    documents = pd.DataFrame({"doc_id": docs, "title": docs, "status": ["ok"] * len(docs)})
    return reconcile(
        pd.DataFrame(claims), entities_for(claims), documents, CATALOG, decisions or [], reference=reference
    )


def rows(
    result: Reconciliation, entity: str, attribute: str, kind: str | None = None, facet: str = ""
) -> pd.DataFrame:
    """The row of one entity attribute (family: accuracy finds the error row) and facet; with
    ``kind``, only when that kind raised something on it (``kinds``) or is its ``kind``."""
    c = result.contradictions
    found = c[
        (c.entity_id == entity)
        & (c.attribute.map(attribute_family) == attribute_family(attribute))
        & (c.facet == facet)
    ]
    if kind is None:
        return found
    return found[[kind == k or kind in list(ks) for k, ks in zip(found.kind, found.kinds, strict=True)]]


def severity(
    result: Reconciliation, entity: str, attribute: str, kind: str | None = None, facet: str = ""
) -> str | None:
    found = rows(result, entity, attribute, kind, facet)
    return None if found.empty else found.iloc[0].severity
