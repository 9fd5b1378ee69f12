"""Quarantine: rows that are individually bad but leave their table usable.

An expectation marked ``"meta": {"on_failure": "quarantine"}`` in its suite
does not fail the gate; the rows GX reports as unexpected move to the
``quarantine`` table with the expectation's description as the reason. A
contradiction that cites a quarantined claim goes with it, since its evidence
is gone. How many rows a table may lose is itself a gate (suite
``quarantine``), asserted on the ``check_quarantined_share`` column.
"""

from __future__ import annotations

import json
from collections import defaultdict

import pandas as pd

from pipeline import schema
from pipeline.schema import as_list
from pipeline.validate.checks import ROW, strip_checks

COLUMNS = list(schema.COLUMNS["quarantine"])


def is_soft(expectation_result: dict) -> bool:
    """Does this expectation quarantine rows instead of failing the gate?"""
    meta = expectation_result.get("expectation_config", {}).get("meta") or {}
    return meta.get("on_failure") == "quarantine"


def reason_of(expectation_result: dict) -> str:
    config = expectation_result.get("expectation_config", {})
    column = config.get("kwargs", {}).get("column")
    return config.get("description") or f"{config.get('type')} ({column})"


def quarantined_rows(results: dict[str, dict]) -> dict[str, dict[int, list[str]]]:
    """``{table: {_row: [reasons]}}`` from the soft expectations that failed."""
    rows: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for table, result in results.items():
        for exp in result.get("results", []):
            if exp.get("success") or not is_soft(exp):
                continue
            for hit in exp.get("result", {}).get("unexpected_index_list") or []:
                rows[table][int(hit[ROW])].append(reason_of(exp))
    return rows


def cascade_to_contradictions(rows: dict[str, dict[int, list[str]]], frames: dict[str, pd.DataFrame]) -> None:
    """Quarantine (in place) the contradictions that cite a quarantined claim."""
    claims, contradictions = frames.get("claims"), frames.get("contradictions")
    if not rows.get("claims") or claims is None or contradictions is None:
        return
    gone = set(claims.loc[claims[ROW].isin(rows["claims"]), "claim_id"].astype(str))
    for row, claim_ids in zip(contradictions[ROW], contradictions["claim_ids"], strict=True):
        cited = sorted(gone.intersection(map(str, as_list(claim_ids))))
        if cited:
            rows.setdefault("contradictions", defaultdict(list))
            rows["contradictions"][int(row)].append(f"cites quarantined claim {', '.join(cited)}")


def quarantine_table(
    rows: dict[str, dict[int, list[str]]], frames: dict[str, pd.DataFrame], suites: dict[str, dict]
) -> pd.DataFrame:
    """The quarantine rows, plus ``check_quarantined_share`` for the gate.

    The first ``free_rows`` (quarantine suite meta) of a table do not count
    towards its share: in a run with three contradictions, losing one is not
    a third of the evidence gone.
    """
    free = int(suites.get("quarantine", {}).get("meta", {}).get("free_rows", 0))
    records = []
    for table in sorted(rows):
        frame = frames[table]
        id_column = suites.get(table, {}).get("meta", {}).get("id_column")
        share = round(max(0, len(rows[table]) - free) / max(len(frame), 1), 4)
        clean = schema.records(strip_checks(frame), table)
        for row in sorted(rows[table]):
            record = clean[row]
            row_id = record.get(id_column) if id_column else None
            records.append(
                {
                    "table": table,
                    "row_id": str(row_id if row_id is not None else row),
                    "reason": "; ".join(dict.fromkeys(rows[table][row])),
                    "row_json": json.dumps(record, ensure_ascii=False, default=str),
                    "check_quarantined_share": share,
                }
            )
    frame = pd.DataFrame(records, columns=[*COLUMNS, "check_quarantined_share"])
    frame.insert(0, ROW, range(len(frame)))
    return frame.astype({c: "str" for c in COLUMNS})


def without_quarantined(frame: pd.DataFrame, rows: dict[int, list[str]]) -> pd.DataFrame:
    """The publishable part of a checked frame, check columns removed."""
    return strip_checks(frame[~frame[ROW].isin(rows)])
