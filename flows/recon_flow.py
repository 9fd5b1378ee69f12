"""The Prefect flow: one task per stage, IO only here and in the modules it calls.

ingest → extract → resolve → reconcile → validate → publish. Tables travel
between tasks in memory; only publish writes to ``curated/``.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import pandas as pd
from prefect import flow, get_run_logger, task, unmapped
from prefect.cache_policies import NONE

from flows import partials, raw_files, settings
from flows.artifacts import publish_artifacts
from flows.faults import checkpoint
from flows.publish import publish
from flows.reviews import load_decisions
from flows.runners import serial, task_runner
from pipeline import schema
from pipeline.catalog import load_catalog
from pipeline.extract import extract_claims
from pipeline.ingest import documents_frame, ingest_file
from pipeline.reconcile import Reconciliation, reconcile
from pipeline.report import render_report
from pipeline.resolve import Resolution, resolve_entities
from pipeline.tables import run_tables
from pipeline.validate import Validation, validate_tables
from pipeline.validate.gx_session import preload as preload_gx


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
    cache_hits: dict[str, int] = field(default_factory=dict)


@task(name="scan", cache_policy=NONE)
def scan_task(raw_dir: Path) -> list[raw_files.FileRef]:
    return raw_files.scan_raw_dir(raw_dir)


@task(name="ingest", cache_policy=NONE)
def ingest_task(refs: list[raw_files.FileRef], cache_root: Path) -> list[partials.Partial]:
    """Decode and normalise each file, or take it from the cache."""
    stage_fp = partials.fingerprint("ingest")
    keys = [partials.key(stage_fp, r.doc_id, r.path, r.sha256, str(r.size), r.problem or "") for r in refs]
    found = {k: partials.lookup(cache_root, "ingest", k) for k in keys}
    todo = [(k, r) for k, r in zip(keys, refs, strict=True) if found[k] is None]
    if todo:
        docs = documents_frame([ingest_file(raw_files.load_raw_file(r)) for _, r in todo])
        rows = partials.rows_by(docs, "doc_id", [r.doc_id for _, r in todo])
        for (k, _), row in zip(todo, rows, strict=True):
            found[k] = partials.store(cache_root, "ingest", k, {"documents": row})
    checkpoint("ingest")
    return [found[k] for k in keys]


@task(name="extract", cache_policy=NONE)
def extract_task(ingested: list[partials.Partial], cache_root: Path) -> list[partials.Partial]:
    """Extract mentions and claims of the documents not in the cache, in one batch."""
    stage_fp = partials.fingerprint("extract")
    keys = [partials.key(stage_fp, p.key) for p in ingested]
    found = {k: partials.lookup(cache_root, "extract", k) for k in keys}
    todo = [(k, p) for k, p in zip(keys, ingested, strict=True) if found[k] is None]
    if todo:
        docs = partials.read([p for _, p in todo], "documents", "documents")
        extraction = extract_claims(docs)
        ids = list(docs["doc_id"])
        mentions = partials.rows_by(extraction.mentions, "doc_id", ids)
        claims = partials.rows_by(extraction.claims, "doc_id", ids)
        for (k, _), m, c in zip(todo, mentions, claims, strict=True):
            found[k] = partials.store(cache_root, "extract", k, {"mentions": m, "claims": c})
    checkpoint("extract")
    return [found[k] for k in keys]


@task(name="resolve", cache_policy=NONE)
def resolve_task(extracted: list[partials.Partial]) -> Resolution:
    """Link mentions across all documents, reading the per-document partials."""
    mentions = partials.read(extracted, "mentions", "extracted_mentions")
    claims = partials.read(extracted, "claims", "extracted_claims")
    result = resolve_entities(mentions, claims, load_catalog())
    checkpoint("resolve")
    return result


@task(name="reconcile", cache_policy=NONE)
def reconcile_task(resolution: Resolution, documents: pd.DataFrame, reviews_path: Path) -> Reconciliation:
    decisions, warnings = load_decisions(reviews_path)
    result = reconcile(resolution.claims, resolution.entities, documents, load_catalog(), decisions)
    result.warnings[:0] = warnings
    checkpoint("reconcile")
    return result


@task(name="validate", cache_policy=NONE)
def validate_task(tables: dict[str, pd.DataFrame]) -> Validation:
    result = validate_tables(tables, schema.suites())
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
def publish_task(curated: Path, run_id: str, validation: Validation, manifest: dict) -> Path:
    report = render_report(validation.tables, manifest)
    files = {"report.html": report.html.encode(), "report.md": report.markdown.encode()}
    logger = get_run_logger()
    published = publish(curated, run_id, validation.tables, files, manifest, on_wait=logger.warning)
    publish_artifacts(validation.tables, report.summary_markdown)
    return published


def _save_validation(state_dir: Path, run_id: str, validation: Validation) -> Path:
    run_dir = state_dir / "runs" / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    path = run_dir / "validation.json"
    payload = {"passed": validation.passed, "failures": validation.failures, "results": validation.results}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return path


def _batches(refs: list, size: int) -> list[list]:
    return [refs[i : i + size] for i in range(0, len(refs), size)] or [[]]


@flow(name="recon-per-document", log_prints=True)
def per_document_flow(
    raw_dir: str, cache_root: str, batch_size: int
) -> tuple[list[partials.Partial], list[partials.Partial]]:
    """Scan, then ingest and extract every file, in batches, on the task runner given with
    ``with_options``. A flow of its own so that its worker processes end when it does,
    and leave their memory to the cross-document stages. Its parameters are paths, not
    the file list: Prefect refuses flow parameters over 512 kB (5,000 files)."""
    refs = scan_task(Path(raw_dir))
    root = Path(cache_root)
    ingested = ingest_task.map(_batches(refs, batch_size), unmapped(root))
    extracted = extract_task.map(ingested, unmapped(root))
    checkpoint("per_document.submitted")  # in the flow's process, while the workers run
    doc_parts = [p for future in ingested for p in future.result()]
    ext_parts = [p for future in extracted for p in future.result()]
    return doc_parts, ext_parts


@flow(name="recon", log_prints=True, task_runner=serial())
def recon_flow(
    raw_dir: str = "raw",
    curated_dir: str = "curated",
    reviews_path: str = "reviews/decisions.json",
    state_dir: str = ".recon",
    batch_size: int = 25,
    processes: int | None = None,
    dask_workers: int | None = None,
    dask_address: str | None = None,
) -> RunResult:
    """One full run over ``raw_dir``, publishing to ``curated_dir`` if every gate passes.

    Per-document work runs in ``processes`` local processes (default: one per
    available CPU), or on Dask (a local cluster of ``dask_workers``, or the
    scheduler at ``dask_address``); see :mod:`flows.runners`."""
    started = datetime.now(UTC)
    run_id = f"{started:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    cache_root = Path(state_dir) / "cache"
    settings.share_api_url()  # before any task is submitted: workers use this server, not their own
    # while the per-document tasks run (in other processes, by default), import GX for the validate step
    threading.Thread(target=preload_gx, name="preload-gx", daemon=True).start()
    runner = task_runner(processes=processes, workers=dask_workers, address=dask_address)
    doc_parts, ext_parts = per_document_flow.with_options(task_runner=runner)(
        raw_dir, str(cache_root), batch_size
    )
    documents = partials.read(doc_parts, "documents", "documents")
    resolution = resolve_task(ext_parts)
    reconciliation = reconcile_task(resolution, documents, Path(reviews_path))
    tables = run_tables(documents, resolution, reconciliation)
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
        cache_hits={
            "ingest": sum(p.cached for p in doc_parts),
            "extract": sum(p.cached for p in ext_parts),
            "of": len(doc_parts),
        },
    )
    if validation.passed:
        manifest = _manifest(run_id, started, documents, validation)
        publish_task(Path(curated_dir), run_id, validation, manifest)
        result.published = True
    partials.prune(cache_root)
    return result
