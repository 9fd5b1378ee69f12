"""Prefect artifacts for a run: the report summary and the contradiction table.

They show in the Prefect UI next to the flow run, source text written out as in the
reports (:mod:`pipeline.report.display`). Call inside a flow or task.
"""

from __future__ import annotations

import pandas as pd
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from pipeline.report.display import visible

#: contradiction columns worth a glance in the UI (list cells are joined)
COLUMNS = (
    "contradiction_id",
    "severity",
    "kind",
    "entity_name",
    "attribute",
    "values",
    "doc_ids",
    "review_status",
)


def publish_artifacts(tables: dict[str, pd.DataFrame], report_markdown: str) -> None:
    create_markdown_artifact(
        markdown=report_markdown,
        key="recon-report",
        description="Contradiction report (summary, contradictions, timeline, sources)",
    )
    contradictions = tables.get("contradictions", pd.DataFrame(columns=COLUMNS))
    rows = [
        {
            c: visible(", ".join(map(str, v)) if not isinstance(v, str) and hasattr(v, "__iter__") else v)
            for c, v in row.items()
        }
        for row in contradictions[[c for c in COLUMNS if c in contradictions.columns]].to_dict("records")
    ]
    create_table_artifact(
        table=rows,
        key="recon-contradictions",
        description=f"{len(rows)} contradictions, one row each",
    )
