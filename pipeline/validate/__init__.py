"""Validate: the gate between a run's tables and ``curated/``.

Public entry point: :func:`validate_tables`. Great Expectations is imported
lazily, inside this step, because importing it costs seconds.

The suites come from the tables' homes (:func:`pipeline.schema.suites`, one
per table, named by ``meta.table``), versioned with the code. Cross-table facts are computed into
``check_*`` columns first (:mod:`.checks`), GX gives the verdict, soft
expectations move rows to ``quarantine`` (:mod:`.quarantine`), and the
``quarantine`` suite decides whether that loss is acceptable.

What it produces: the tables that may be published, and a verdict. A failed
gate says which check failed, on which rows::

    claims: expect_column_values_to_be_unique (claim_id): 2 unexpected,
      e.g. [claim_id='c_1ca6c6f65be2'; claim_id='c_1ca6c6f65be2'] — claim_id identifies one row
    mentions: expect_column_values_to_be_in_set (check_doc_id_known): 1 unexpected,
      e.g. [mention_id='m_81883fede939', doc_id='no_such_doc'] — every doc_id names an ingested (ok) document

and the manifest gets a summary per suite::

    "claims": {"success": true, "rows": 375, "quarantined": 0, "expectations": 33, "failed": 0,
               "failed_expectations": []}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from pipeline import schema
from pipeline.validate.checks import strip_checks, with_checks
from pipeline.validate.findings import failure_lines, suite_summary
from pipeline.validate.quarantine import (
    cascade_to_contradictions,
    quarantine_table,
    quarantined_rows,
    without_quarantined,
)

QUARANTINE = "quarantine"


@dataclass(frozen=True)
class Validation:
    passed: bool
    tables: dict[str, pd.DataFrame]  # what may be published (bad rows moved to quarantine)
    summary: dict = field(default_factory=dict)  # JSON-able, goes into the manifest
    failures: list[str] = field(default_factory=list)  # lines for the terminal
    results: dict = field(default_factory=dict)  # full JSON-able results, saved with the run


def suite_parameters(current_year: int | None = None) -> dict:
    """Values the suites refer to as ``{"$PARAMETER": name}``: the contract's
    vocabularies (from :mod:`pipeline.schema`, so the suites cannot drift) and
    the clock."""
    return {
        "current_year": current_year or dt.datetime.now(dt.UTC).year,
        **{name: list(words) for name, words in schema.VOCABULARIES.items()},
    }


def validate_tables(
    tables: dict[str, pd.DataFrame], suites: dict[str, dict], *, current_year: int | None = None
) -> Validation:
    """Run every suite on its table; quarantine soft failures; decide publishing.

    ``suites`` maps a name to a suite as JSON (:func:`pipeline.schema.suites`).
    A table without a suite, or a required suite without its table, fails the
    gate: nothing unvalidated is published.
    """
    by_table = {s.get("meta", {}).get("table", stem): s for stem, s in suites.items()}
    failures = [f"{t}: no expectation suite" for t in [*tables, QUARANTINE] if t not in by_table]
    failures += [
        f"{t}: required table is missing"
        for t, s in by_table.items()
        if t != QUARANTINE and t not in tables and s.get("meta", {}).get("required", True)
    ]
    params = suite_parameters(current_year)
    frames = with_checks({t: df for t, df in tables.items() if t in by_table})

    from pipeline.validate.gx_session import GxSession

    session = GxSession()
    results = {t: session.validate(t, f, by_table[t], params) for t, f in frames.items()}
    rows = quarantined_rows(results)
    cascade_to_contradictions(rows, frames)
    quarantine = quarantine_table(rows, frames, by_table)
    if QUARANTINE in by_table:
        results[QUARANTINE] = session.validate(QUARANTINE, quarantine, by_table[QUARANTINE], params)
    frames[QUARANTINE] = quarantine

    summary: dict = {"suites": {}, "quarantined": {t: len(r) for t, r in rows.items() if r}}
    for table, result in results.items():
        id_column = by_table[table].get("meta", {}).get("id_column")
        failures += failure_lines(table, result, frames[table], id_column)
        summary["suites"][table] = suite_summary(result, len(frames[table]), len(rows.get(table, {})))
    published = {t: without_quarantined(f, rows.get(t, {})) for t, f in frames.items()}
    published[QUARANTINE] = strip_checks(quarantine)
    summary["passed"] = not failures
    return Validation(
        passed=not failures,
        tables=published,
        summary=summary,
        failures=failures,
        results=results,
    )
