"""``recon status`` as a call: the last publish in ``curated/``, said in a line or two.

From the manifest and two columns of the contradictions table, so it answers at once::

    >>> print("\\n".join(status("curated").lines()))
    curated: run 20261202T003042Z-4b4350da, published 2026-12-02 00:30 UTC (5 minutes ago), validation passed
      5 documents (0 rejected), 245 claims, 26 contradictions (5 high, 3 medium, 18 low; 0 decided);
      since 20261202T003000Z-3e64435e: 1 new, 9 resolved, 1 reopened, 3 changed

(the second line is one line; it is wrapped here)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from flows.explain import published_manifest
from pipeline import schema
from pipeline.changes import KINDS, from_dict
from pipeline.explain import ExplainError


class StatusError(ValueError):
    """Nothing is published where asked; the message names the file."""


@dataclass(frozen=True)
class Status:
    curated: Path
    manifest: dict
    severities: dict[str, int]  # contradictions per severity
    decided: int  # contradictions confirmed or dismissed
    now: datetime

    def lines(self) -> list[str]:
        m = self.manifest
        finished = _parse(m.get("finished_at"))
        when = (
            f"published {finished:%Y-%m-%d %H:%M} UTC ({_ago(self.now - finished)})"
            if finished
            else "published"
        )
        passed = (m.get("validation") or {}).get("passed")
        verdict = {True: "validation passed", False: "validation failed"}.get(
            passed, "validation not recorded"
        )
        rows = m.get("row_counts") or {}
        inputs = m.get("inputs") or []
        rejected = sum(1 for i in inputs if isinstance(i, dict) and i.get("status") == "rejected")
        severity = ", ".join(f"{self.severities.get(s, 0)} {s}" for s in schema.SEVERITIES)
        documents = rows.get("documents", len(inputs))
        second = (
            f"  {documents} documents ({rejected} rejected), {rows.get('claims', 0)} claims, "
            f"{rows.get('contradictions', 0)} contradictions ({severity}; {self.decided} decided)"
        )
        changes = from_dict(m.get("changes"))
        if changes is not None and not changes.first:
            second += f"; since {changes.previous_run_id}: " + ", ".join(
                f"{changes.count(k)} {k}" for k in KINDS
            )
        return [f"{self.curated}: run {m.get('run_id', '?')}, {when}, {verdict}", second]

    def as_dict(self) -> dict:
        """What ``recon status --json`` prints: the manifest's headline fields."""
        m = self.manifest
        return {
            "curated": str(self.curated),
            "run_id": m.get("run_id"),
            "finished_at": m.get("finished_at"),
            "code_version": m.get("code_version"),
            "git_commit": m.get("git_commit"),
            "validation_passed": (m.get("validation") or {}).get("passed"),
            "row_counts": m.get("row_counts") or {},
            "contradictions_by_severity": self.severities,
            "decided": self.decided,
            "changes": {k: len(v) for k, v in ((m.get("changes") or {}).get("contradictions") or {}).items()},
        }


def status(curated: str | Path = "curated", now: datetime | None = None) -> Status:
    """The last publish in ``curated``; :class:`StatusError` naming the file when there is none."""
    where = Path(curated)
    try:
        manifest = published_manifest(where)
    except ExplainError as exc:
        raise StatusError(str(exc)) from exc
    severities, decided = _contradictions(where)
    return Status(where, manifest, severities, decided, now or datetime.now(UTC))


def _contradictions(curated: Path) -> tuple[dict[str, int], int]:
    path = curated / "contradictions.parquet"
    try:
        frame = pd.read_parquet(path, columns=["severity", "review_status"])
    except (OSError, ValueError, KeyError):
        return {}, 0
    decided = int(frame["review_status"].isin(schema.DECISION_STATUSES).sum())
    return {str(k): int(v) for k, v in frame["severity"].value_counts().items()}, decided


def _parse(text) -> datetime | None:
    try:
        value = datetime.fromisoformat(str(text))
    except (TypeError, ValueError):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _ago(delta) -> str:
    seconds = int(delta.total_seconds())
    if seconds < 0:
        return "in the future: check the clock"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'' if n == 1 else 's'} ago"
    return "just now"
