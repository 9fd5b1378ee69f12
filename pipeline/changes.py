"""What changed since the previous publish: contradictions new, resolved, reopened or
changed, and documents added, changed or removed.

Pure: the previous publish comes in as its manifest and its ``contradictions``
table (:class:`Previous`; :func:`flows.publish.read_published` reads them from
``curated/``), the new run as its tables and manifest. The result goes into the
new manifest (``changes``), the run summary and the report::

    >>> changes = changes_since(previous, tables, manifest)
    >>> changes.line()
    'since 20261130T092609Z-a5bd4dde: contradictions 2 new, 1 resolved, 0 reopened, 1 changed;
     documents 1 added, 1 changed, 0 removed'

- *new*: a contradiction id the previous publish did not have;
- *resolved*: an id it had that this run no longer finds;
- *reopened*: a contradiction a reviewer had decided whose values have changed
  since (``review_status`` became ``reopened``);
- *changed*: the same id with other values or another severity (not reopened);
- documents by id: *added*, *removed*, *changed* (other bytes, or ok ↔ rejected).

Contradiction ids hash entity, attribute, kind and facet, never the values, so
an id names the same disputed quantity from run to run.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from pipeline import schema

KINDS = ("new", "resolved", "reopened", "changed")


@dataclass(frozen=True)
class Previous:
    """The publish a run is compared with."""

    manifest: dict
    contradictions: pd.DataFrame


@dataclass(frozen=True)
class ContradictionChange:
    contradiction_id: str
    entity_name: str
    attribute: str
    kind: str
    severity: str
    values: list[str]
    review_status: str
    previous_values: list[str] | None = None  # for changed, reopened and resolved
    previous_severity: str | None = None


@dataclass(frozen=True)
class Changes:
    """The difference between a run and the publish before it."""

    previous_run_id: str | None  # None: nothing was published before
    previous_finished_at: str | None = None
    contradictions: dict[str, list[ContradictionChange]] = field(default_factory=dict)  # KINDS -> rows
    documents: dict[str, list[str]] = field(default_factory=dict)  # added/changed/removed -> doc ids
    note: str | None = None  # why there is nothing to compare with, when there is not

    @property
    def first(self) -> bool:
        return self.previous_run_id is None

    def count(self, kind: str) -> int:
        return len(self.contradictions.get(kind, []))

    def line(self) -> str:
        """The summary's line."""
        if self.first:
            return self.note or "first publish: nothing to compare with"
        c = ", ".join(f"{self.count(k)} {k}" for k in KINDS)
        d = ", ".join(f"{len(self.documents.get(k, []))} {k}" for k in ("added", "changed", "removed"))
        return f"since {self.previous_run_id}: contradictions {c}; documents {d}"

    @property
    def empty(self) -> bool:
        return not any(self.contradictions.values()) and not any(self.documents.values())

    def as_dict(self) -> dict:
        """JSON-able, for the manifest (and back, :func:`from_dict`, for the report)."""
        return asdict(self)


def from_dict(data: dict | None) -> Changes | None:
    """The changes a manifest holds (``manifest["changes"]``), or None."""
    if not isinstance(data, dict):
        return None
    return Changes(
        previous_run_id=data.get("previous_run_id"),
        previous_finished_at=data.get("previous_finished_at"),
        contradictions={
            kind: [ContradictionChange(**row) for row in rows]
            for kind, rows in (data.get("contradictions") or {}).items()
        },
        documents={k: list(v) for k, v in (data.get("documents") or {}).items()},
        note=data.get("note"),
    )


def changes_since(previous: Previous | None, tables: dict[str, pd.DataFrame], manifest: dict) -> Changes:
    """This run (its tables and manifest) against the ``previous`` publish."""
    if previous is None:
        return Changes(None, note="first publish: nothing to compare with")
    before = {r["contradiction_id"]: r for r in schema.records(previous.contradictions, "contradictions")}
    now_rows = schema.records(tables.get("contradictions", schema.empty("contradictions")), "contradictions")
    now = {r["contradiction_id"]: r for r in now_rows}
    out: dict[str, list[ContradictionChange]] = {kind: [] for kind in KINDS}
    for cid, row in now.items():
        old = before.get(cid)
        if old is None:
            out["new"].append(_change(row))
        elif row.get("review_status") == "reopened" and old.get("review_status") != "reopened":
            out["reopened"].append(_change(row, old))
        elif _differs(row, old):
            out["changed"].append(_change(row, old))
    out["resolved"] = [_change(old, old) for cid, old in before.items() if cid not in now]
    for rows in out.values():
        rows.sort(key=_order)
    return Changes(
        previous_run_id=previous.manifest.get("run_id"),
        previous_finished_at=previous.manifest.get("finished_at"),
        contradictions=out,
        documents=_documents(previous.manifest.get("inputs") or [], manifest.get("inputs") or []),
    )


def _differs(row: dict, old: dict) -> bool:
    values = sorted(row.get("values") or []) != sorted(old.get("values") or [])
    return values or row.get("severity") != old.get("severity")


def _order(change: ContradictionChange) -> tuple:
    """Most severe first, then by entity and attribute."""
    rank = schema.SEVERITIES.index(change.severity) if change.severity in schema.SEVERITIES else 9
    return (rank, change.entity_name, change.attribute, change.contradiction_id)


def _change(row: dict, old: dict | None = None) -> ContradictionChange:
    return ContradictionChange(
        contradiction_id=str(row["contradiction_id"]),
        entity_name=str(row.get("entity_name") or ""),
        attribute=str(row.get("attribute") or ""),
        kind=str(row.get("kind") or ""),
        severity=str(row.get("severity") or ""),
        values=[str(v) for v in row.get("values") or []],
        review_status=str(row.get("review_status") or ""),
        previous_values=None if old is None else [str(v) for v in old.get("values") or []],
        previous_severity=None if old is None else str(old.get("severity") or ""),
    )


def _documents(before: list[dict], now: list[dict]) -> dict[str, list[str]]:
    """Inputs by document id: added, changed (other bytes, or ok ↔ rejected), removed."""
    old = {str(i.get("doc_id")): (i.get("sha256"), i.get("status")) for i in before if isinstance(i, dict)}
    new = {str(i.get("doc_id")): (i.get("sha256"), i.get("status")) for i in now if isinstance(i, dict)}
    return {
        "added": sorted(set(new) - set(old)),
        "changed": sorted(d for d in set(new) & set(old) if new[d] != old[d]),
        "removed": sorted(set(old) - set(new)),
    }
