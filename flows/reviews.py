"""Reviewers' decisions on contradictions: the file they live in, read and written.

The decisions file (default ``reviews/decisions.json``, outside ``curated/`` so
it survives later runs) is a JSON object::

    {"version": 1,
     "decisions": [{"contradiction_id": "ctr-…", "status": "confirmed", "note": "…",
                    "decided_at": "2025-…Z", "values": ["15.3%", "16.4%"],
                    "entity_id": "alexnet", "attribute": "error_rate", "kind": "cross_source",
                    "doc_ids": [...], "claim_ids": [...]}]}

Every decision is kept (the history); the last one per id applies. The
``values`` snapshot lets a run reopen a decision when the competing values change
(see :mod:`pipeline.reconcile.reviews`).
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from pipeline import schema

FILE_VERSION = 1


class ReviewError(ValueError):
    """A decision that cannot be recorded: unknown id, bad status, unusable file."""


def _read(path: Path) -> list[dict]:
    """The decisions in ``path``; raises ReviewError with a reason when unusable."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise ReviewError(f"decisions file {path} cannot be read: {exc}") from exc
    if not text.strip():
        return []
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReviewError(
            f"decisions file {path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    decisions = data.get("decisions") if isinstance(data, dict) else data
    if not isinstance(decisions, list):
        raise ReviewError(f"decisions file {path} has no 'decisions' list")
    return decisions


def load_decisions(path: Path | str) -> tuple[list[dict], list[str]]:
    """Decisions to apply, and warnings; a missing or malformed file never blocks a run."""
    path = Path(path)
    try:
        decisions = _read(path)
    except ReviewError as exc:
        return [], [f"{exc}; no review decisions applied in this run (fix or move the file)"]
    usable = [d for d in decisions if isinstance(d, dict)]
    warnings = []
    if len(usable) != len(decisions):
        warnings.append(
            f"decisions file {path}: {len(decisions) - len(usable)} entries are not JSON objects; ignored"
        )
    return usable, warnings


def _mode_for(path: Path) -> int:
    """The permission bits ``path`` has, or a new file's (0666 less the umask)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def review(
    contradiction_id: str,
    status: str,
    note: str = "",
    *,
    curated: Path | str = "curated",
    reviews: Path | str = "reviews/decisions.json",
) -> dict:
    """``recon review``: record a decision on a contradiction ``curated/`` publishes."""
    published = Path(curated) / "contradictions.parquet"
    if not published.exists():
        raise ReviewError(f"no published contradictions at {published}; run `recon run` first")
    return record_decision(reviews, contradiction_id, status, note, pd.read_parquet(published))


def record_decision(
    path: Path | str,
    contradiction_id: str,
    status: str,
    note: str,
    contradictions: pd.DataFrame,
) -> dict:
    """Append a decision (with the competing values as seen now) and return it.

    Raises :class:`ReviewError` for an unknown id, a status other than
    confirmed/dismissed, or an existing file that cannot be read (it is never
    overwritten blindly). The file is replaced atomically.
    """
    path = Path(path)
    if status not in schema.DECISION_STATUSES:
        raise ReviewError(f"status must be one of {', '.join(schema.DECISION_STATUSES)}, not {status!r}")
    match = contradictions[contradictions["contradiction_id"] == contradiction_id]
    if match.empty:
        known = sorted(contradictions["contradiction_id"].astype(str))
        hint = ", ".join(known[:5]) + (" …" if len(known) > 5 else "")
        raise ReviewError(
            f"unknown contradiction id {contradiction_id!r}: not among the "
            f"{len(known)} published contradictions ({hint or 'none'})"
        )
    (row,) = schema.records(match.iloc[:1], "contradictions")
    decision = {
        "contradiction_id": contradiction_id,
        "status": status,
        "note": note or "",
        "decided_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "values": sorted(row.get("values") or []),
        **{key: row.get(key) or "" for key in ("entity_id", "attribute", "kind", "severity")},
        "doc_ids": row.get("doc_ids") or [],
        "claim_ids": row.get("claim_ids") or [],
    }
    decisions = [*_read(path), decision]
    payload = json.dumps({"version": FILE_VERSION, "decisions": decisions}, ensure_ascii=False, indent=2)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _mode_for(path))  # mkstemp makes 0600; the file keeps the mode it had
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(payload + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return decision
