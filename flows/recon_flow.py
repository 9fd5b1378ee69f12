"""The Prefect flow: one task per stage, IO only here and in the modules it calls.

ingest → extract → resolve → reconcile → validate → publish. Tables travel
between tasks in memory; only publish writes to ``curated/``.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE

from flows import raw_files
from flows.faults import checkpoint
from flows.publish import publish
from flows.reviews import load_decisions
from pipeline import schema
from pipeline.catalog import load_catalog
from pipeline.extract import Extraction, extract_claims
from pipeline.ingest import documents_frame, ingest_file
from pipeline.reconcile import Reconciliation, reconcile
from pipeline.report import render_report
from pipeline.resolve import Resolution, resolve_entities
from pipeline.validate import Validation, validate_tables

EXPECTATIONS_DIR = Path(__file__).resolve().parent.parent / "expectations"


@dataclass
class RunResult:
    run_id: str
    published: bool
    curated: Path
    row_counts: dict[str, int]
    documents_ok: int
    documents_rejected: list[tuple[str, str]]  # (path, reason)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    validation_path: Path | None = None


@task(name="ingest", cache_policy=NONE)
def ingest_task(raw_dir: Path) -> pd.DataFrame:
    docs = [ingest_file(raw) for raw in raw_files.scan_raw_dir(raw_dir)]
    checkpoint("ingest")
    return documents_frame(docs)


@task(name="extract", cache_policy=NONE)
def extract_task(documents: pd.DataFrame) -> Extraction:
    result = extract_claims(documents)
    checkpoint("extract")
    return result


@task(name="resolve", cache_policy=NONE)
def resolve_task(extraction: Extraction) -> Resolution:
    result = resolve_entities(extraction.mentions, extraction.claims, load_catalog())
    checkpoint("resolve")
    return result


@task(name="reconcile", cache_policy=NONE)
def reconcile_task(
    resolution: Resolution, documents: pd.DataFrame, reviews_path: Path
) -> Reconciliation:
    decisions, warnings = load_decisions(reviews_path)
    result = reconcile(resolution.claims, resolution.entities, documents, load_catalog(), decisions)
    result.warnings[:0] = warnings
    checkpoint("reconcile")
    return result


def load_suites(directory: Path = EXPECTATIONS_DIR) -> dict[str, dict]:
    """Every GX suite under ``expectations/``, by file stem."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.json"))}


@task(name="validate", cache_policy=NONE)
def validate_task(tables: dict[str, pd.DataFrame]) -> Validation:
    result = validate_tables(tables, load_suites())
    checkpoint("validate")
    return result


def _manifest(run_id: str, started: datetime, documents: pd.DataFrame, validation: Validation) -> dict:
    return {
        "run_id": run_id,
        "started_at": started.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
        "schema_version": schema.SCHEMA_VERSION,
        "code_version": version("dl-history-recon"),
        "catalog_version": load_catalog().version,
        "inputs": [
            {"doc_id": r.doc_id, "path": r.path, "sha256": r.sha256, "status": r.status}
            for r in documents.itertuples()
        ],
        "row_counts": {name: len(df) for name, df in validation.tables.items()},
        "validation": validation.summary,
    }


@task(name="publish", cache_policy=NONE)
def publish_task(
    curated: Path, run_id: str, validation: Validation, manifest: dict
) -> Path:
    report = render_report(validation.tables, manifest)
    files = {"report.html": report.html.encode(), "report.md": report.markdown.encode()}
    logger = get_run_logger()
    return publish(curated, run_id, validation.tables, files, manifest, on_wait=logger.warning)


def _save_validation(state_dir: Path, run_id: str, validation: Validation) -> Path:
    run_dir = state_dir / "runs" / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    path = run_dir / "validation.json"
    payload = {"passed": validation.passed, "failures": validation.failures, "results": validation.results}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return path


@flow(name="recon", log_prints=True)
def recon_flow(
    raw_dir: str = "raw",
    curated_dir: str = "curated",
    reviews_path: str = "reviews/decisions.json",
    state_dir: str = ".recon",
) -> RunResult:
    """One full run over ``raw_dir``, publishing to ``curated_dir`` if every gate passes."""
    started = datetime.now(UTC)
    run_id = f"{started:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    documents = ingest_task(Path(raw_dir))
    extraction = extract_task(documents)
    resolution = resolve_task(extraction)
    reconciliation = reconcile_task(resolution, documents, Path(reviews_path))
    tables = {
        "documents": documents,
        "entities": resolution.entities,
        "mentions": resolution.mentions,
        "claims": resolution.claims,
        "contradictions": reconciliation.contradictions,
        **reconciliation.extra_tables,
    }
    validation = validate_task(tables)
    validation_path = _save_validation(Path(state_dir), run_id, validation)
    rejected = [(r.path, r.reason) for r in documents.itertuples() if r.status == "rejected"]
    result = RunResult(
        run_id=run_id,
        published=False,
        curated=Path(curated_dir),
        row_counts={name: len(df) for name, df in validation.tables.items()},
        documents_ok=int((documents["status"] == "ok").sum()),
        documents_rejected=rejected,
        failures=validation.failures,
        warnings=reconciliation.warnings,
        validation_path=validation_path,
    )
    if validation.passed:
        manifest = _manifest(run_id, started, documents, validation)
        publish_task(Path(curated_dir), run_id, validation, manifest)
        result.published = True
    return result
