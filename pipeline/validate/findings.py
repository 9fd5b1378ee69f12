"""What a validation found, said for people: terminal lines and the manifest summary."""

from __future__ import annotations

import pandas as pd

from pipeline.validate.checks import CHECK_PREFIX, ROW
from pipeline.validate.quarantine import is_soft

EXAMPLES = 3


def hard_failures(result: dict) -> list[dict]:
    """The expectations that failed and are not handled by quarantine."""
    return [e for e in result.get("results", []) if not e.get("success") and not is_soft(e)]


def failure_lines(table: str, result: dict, frame: pd.DataFrame, id_column: str | None) -> list[str]:
    """``table: expectation (column): N unexpected, e.g. [...] — description``."""
    return [_line(table, exp, frame, id_column) for exp in hard_failures(result)]


def _line(table: str, exp: dict, frame: pd.DataFrame, id_column: str | None) -> str:
    config = exp.get("expectation_config", {})
    kwargs = config.get("kwargs", {})
    column = kwargs.get("column") or ", ".join(kwargs.get("column_list", []))
    head = f"{table}: {config.get('type')}" + (f" ({column})" if column else "")
    outcome = exp.get("result", {})
    error = exp.get("exception_info", {}) or {}
    if error.get("raised_exception"):
        message = str(error.get("exception_message") or "").strip().splitlines()[:1]
        body = f"could not be evaluated: {''.join(message)}"
    elif "unexpected_count" in outcome:
        shown = [_example(hit, frame, id_column, column, config) for hit in _hits(outcome)]
        body = f"{outcome['unexpected_count']} unexpected, e.g. [{'; '.join(shown)}]"
    elif (outcome.get("details") or {}).get("mismatched"):
        mismatched = dict(outcome["details"]["mismatched"])
        if not kwargs.get("exact_match", True):
            mismatched.pop("unexpected", None)  # extra columns are allowed
        body = "failed: " + ", ".join(f"{k} {v}" for k, v in mismatched.items() if v)
    else:
        body = f"failed, observed {outcome.get('observed_value')!r}"
    description = config.get("description")
    return f"{head}: {body}" + (f" — {description}" if description else "")


def _hits(outcome: dict) -> list[dict]:
    return (outcome.get("unexpected_index_list") or [])[:EXAMPLES]


def _example(hit: dict, frame: pd.DataFrame, id_column: str | None, column: str, config) -> str:
    """One bad row: its id and the columns that explain the failure."""
    show = (config.get("meta") or {}).get("show") or []
    fields = [id_column, *show] if column.startswith(CHECK_PREFIX) else [id_column, column]
    rows = frame[frame[ROW] == hit.get(ROW)]
    record = rows.iloc[0].to_dict() if len(rows) else hit
    parts = [f"{f}={_short(record.get(f))}" for f in dict.fromkeys(fields) if f in record]
    return ", ".join(parts) or f"row {hit.get(ROW)}"


def _short(value, limit: int = 60) -> str:
    text = repr(list(value) if hasattr(value, "tolist") else value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_outcomes(result: dict) -> list[dict]:
    """Each expectation of a suite's result as the report lists it: what it checks (its
    description), on which column, whether it held, how many rows broke it, and what a
    failure does (``fail``: the gate; ``quarantine``: the rows are held back)."""
    out = []
    for exp in result.get("results", []):
        config = exp.get("expectation_config", {})
        outcome = exp.get("result", {}) or {}
        out.append(
            {
                "check": config.get("description") or config.get("type"),
                "type": config.get("type"),
                "column": (config.get("kwargs") or {}).get("column"),
                "success": bool(exp.get("success")),
                "unexpected": int(outcome.get("unexpected_count") or 0),
                "on_failure": "quarantine" if is_soft(exp) else "fail",
            }
        )
    return out


def suite_summary(result: dict, rows: int, quarantined: int) -> dict:
    """Compact, JSON-able: enough for the manifest to say what was checked (and for the
    report to list each check, ``checks``)."""
    results = result.get("results", [])
    failed = hard_failures(result)
    return {
        "success": not failed,
        "rows": rows,
        "quarantined": quarantined,
        "expectations": len(results),
        "failed": len(failed),
        "failed_expectations": sorted(
            {
                f"{e['expectation_config']['type']} ({e['expectation_config']['kwargs'].get('column', '')})"
                for e in failed
            }
        ),
        "checks": check_outcomes(result),
    }
