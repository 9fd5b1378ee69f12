"""Reviewers' decisions applied to this run's contradictions.

A decision (``confirmed`` or ``dismissed``) is keyed by ``contradiction_id`` and
carries the competing values the reviewer saw. It keeps applying run after run
while those values stay the same; when the values change, the row is
``reopened`` for another look. Decisions for ids this run does not raise are
reported as warnings, never errors. Reading and writing the decisions file is
the shell's job (``flows/reviews.py``).

Earlier releases raised one row per kind (``cross_source``, ``within_source``,
``reference``) with its own id; a row now stands for all kinds of one disputed
quantity and says which earlier ids it replaces, so a decision recorded on one of
them still applies (the row's own id wins when both have a decision).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from pipeline.schema import DECISION_STATUSES


def value_set(values: Iterable[object]) -> list[str]:
    """The competing values as compared between a decision and a run."""
    return sorted({str(v) for v in values})


def latest_decisions(decisions: Sequence[dict]) -> tuple[dict[str, dict], list[str]]:
    """The last valid decision per contradiction id, and warnings for unusable ones."""
    latest: dict[str, dict] = {}
    warnings: list[str] = []
    for i, d in enumerate(decisions):
        cid = d.get("contradiction_id") if isinstance(d, dict) else None
        status = d.get("status") if isinstance(d, dict) else None
        if not isinstance(cid, str) or not cid:
            warnings.append(f"review decision #{i + 1} has no contradiction_id; ignored")
            continue
        if status not in DECISION_STATUSES:
            warnings.append(
                f"review decision for {cid} has status {status!r}, expected one of "
                f"{', '.join(DECISION_STATUSES)}; ignored"
            )
            continue
        values = d.get("values")
        if values is not None and not isinstance(values, list | tuple):  # as JSON gives it: a list
            warnings.append(
                f"review decision for {cid} has values {values!r}, expected the list of competing "
                "values seen; ignored"
            )
            continue
        latest[cid] = d
    return latest, warnings


def apply_decisions(
    rows: list[dict], decisions: Sequence[dict], replaces: Mapping[str, Sequence[str]] | None = None
) -> tuple[list[dict], list[str]]:
    """Rows with ``review_status`` (and ``review_note``) set; warnings for stray decisions.
    ``replaces`` maps a row's id to the ids of earlier releases it stands for."""
    latest, warnings = latest_decisions(decisions)
    replaces = replaces or {}
    known = {r["contradiction_id"] for r in rows}
    known |= {old for r in rows for old in replaces.get(r["contradiction_id"], ())}
    for cid in sorted(set(latest) - known):
        warnings.append(
            f"review decision for unknown contradiction {cid} ({latest[cid]['status']}) ignored: "
            f"this run raises no contradiction with that id"
        )
    out = []
    for row in rows:
        decision = latest.get(row["contradiction_id"])
        if decision is None:
            earlier = [latest[old] for old in replaces.get(row["contradiction_id"], ()) if old in latest]
            order = {id(d): i for i, d in enumerate(decisions)}
            decision = max(earlier, key=lambda d: order.get(id(d), -1)) if earlier else None
        status, note = "open", None
        if decision is not None:
            seen = decision.get("values")
            changed = seen is not None and value_set(seen) != value_set(row["values"])
            status = "reopened" if changed else decision["status"]
            note = str(decision.get("note") or "")
            if changed:
                note = (
                    f"{decision['status']} earlier for values {value_set(seen)}; "
                    f"values are now {value_set(row['values'])}. {note}"
                ).strip()
        out.append({**row, "review_status": status, "review_note": note})
    return out, warnings
