"""The pure core of the reconciliation pipeline.

Stages, in the order the data flows: :mod:`pipeline.ingest` →
:mod:`pipeline.extract` → :mod:`pipeline.resolve` → :mod:`pipeline.reconcile`
→ :mod:`pipeline.validate`, run by :func:`run` (:mod:`pipeline.stages`); the
tables they make have their homes in :mod:`pipeline.schema`, and
:mod:`pipeline.report` renders them for reviewers. No stage knows about
Prefect; :mod:`flows` adds caching, parallelism, IO and publishing.

``run`` and its types are loaded on first use, so ``import pipeline`` (and any
``import pipeline.<stage>``) costs nothing more than that stage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.stages import STAGES, RunContext, RunResult, Settings, StageReport, run

__all__ = ["STAGES", "RunContext", "RunResult", "Settings", "StageReport", "run"]


def __getattr__(name: str):
    if name in __all__:
        from pipeline import stages

        return getattr(stages, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
