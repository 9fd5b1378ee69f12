"""The Prefect flow: the pure pipeline (:func:`pipeline.run`) with caching, parallelism,
publishing and artifacts around it.

scan → ingest → extract (per document: in batches, cached, on the task runner)
→ the cross-document stages (:func:`pipeline.run`: resolve → reconcile →
validate) → publish. Tables travel between tasks in memory or as the cached
per-document Parquet partials; only publish writes to ``curated/``. What the flow
returns, as ``recon run`` prints it::

    recon run 20261130T092609Z-a5bd4dde: published to curated
      documents: 5 ok, 0 rejected
      cache: reused ingest of 0/5, extraction of 0/5 docs
      rows: documents 5, entities 279, mentions 1696, claims 375, contradictions 34, …
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import prefect.runtime
from prefect import flow, get_run_logger, task, unmapped
from prefect.cache_policies import NONE
from prefect.futures import as_completed

import pipeline
from flows import partials, progress, provenance, raw_files, settings
from flows.artifacts import publish_artifacts
from flows.faults import InjectedFault, checkpoint
from flows.publish import publish
from flows.reviews import load_decisions
from flows.runners import available_cpus, serial, task_runner
from pipeline.changes import Changes, Previous, changes_since
from pipeline.extract import Extraction, extract_claims
from pipeline.ingest import ingest_files
from pipeline.report import render_report
from pipeline.validate.gx_session import preload as preload_gx


@dataclass
class RunSummary:
    """What a run did, as ``recon run`` prints it."""

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
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): not read at all
    refused: str | None = None  # why nothing was published although no gate failed (no usable input)
    changes: Changes | None = None  # since the previous publish (None: not published)
    prefect: str = ""  # the Prefect server the run reported to, and where it was configured
    flow_run_url: str | None = None  # the flow run in Prefect's UI


@task(name="scan", cache_policy=NONE)
def scan_task(raw_dir: str) -> raw_files.RawScan:
    return raw_files.scan(raw_dir)


#: per-document tasks are idempotent (their output is a cache entry keyed by content), so a
#: failed batch is simply done again: twice, after 1 and 4 seconds
RETRIES = {"retries": 2, "retry_delay_seconds": [1, 4]}


def worth_retrying(task, task_run, state) -> bool:
    """``retry_condition_fn``: every failure but an injected one that is bound to recur."""
    error = getattr(state, "data", None)
    return not (isinstance(error, InjectedFault) and not error.transient)


@task(name="ingest", cache_policy=NONE, retry_condition_fn=worth_retrying, **RETRIES)
def ingest_task(
    refs: list[raw_files.FileRef], cache_root: str, cached: dict[str, str]
) -> list[partials.Partial]:
    """Decode and normalise each file, or take it from the cache (``cached``: key → entry, see
    :func:`partials.known`). Each file is read once: the cache key and the document's ``sha256``
    are the hash of the bytes ingested. The new documents are written as one batch entry."""
    stage_fp = partials.fingerprint("ingest")
    raws = [raw_files.load_raw_file(r) for r in refs]
    keys = [partials.key(stage_fp, r.doc_id, r.path, r.sha256, str(r.size), r.problem or "") for r in raws]
    found = _reused(keys, [r.doc_id for r in raws], cached)
    todo = [(k, r) for k, r in zip(keys, raws, strict=True) if k not in found]
    if todo:
        docs = ingest_files(r for _, r in todo)
        stored = partials.store(cache_root, "ingest", [(k, r.doc_id) for k, r in todo], {"documents": docs})
        found |= {p.key: p for p in stored}
    checkpoint("ingest")
    return [found[k] for k in keys]


@task(name="extract", cache_policy=NONE, retry_condition_fn=worth_retrying, **RETRIES)
def extract_task(
    ingested: list[partials.Partial], cache_root: str, cached: dict[str, str]
) -> list[partials.Partial]:
    """Extract mentions and claims of the documents not in the cache, in one batch entry."""
    stage_fp = partials.fingerprint("extract")
    keys = [partials.key(stage_fp, p.key) for p in ingested]
    found = _reused(keys, [p.doc_id for p in ingested], cached)
    todo = [(k, p) for k, p in zip(keys, ingested, strict=True) if k not in found]
    if todo:
        docs = partials.read([p for _, p in todo], "documents", "documents")
        extraction = extract_claims(docs)
        tables = {"mentions": extraction.mentions, "claims": extraction.claims}
        stored = partials.store(cache_root, "extract", [(k, p.doc_id) for k, p in todo], tables)
        found |= {p.key: p for p in stored}
    checkpoint("extract")
    return [found[k] for k in keys]


def _reused(keys: list[str], doc_ids: list[str], cached: dict[str, str]) -> dict[str, partials.Partial]:
    return {
        k: partials.Partial(k, d, cached[k], cached=True)
        for k, d in zip(keys, doc_ids, strict=True)
        if k in cached
    }


@task(name="cross-document", cache_policy=NONE)
def cross_document_task(
    doc_parts: list[partials.Partial],
    ext_parts: list[partials.Partial],
    reviews_path: Path,
    run_settings: pipeline.Settings,
    per_document_seconds: dict[str, float] | None = None,
) -> pipeline.RunResult:
    """:func:`pipeline.run` over the per-document partials: resolve, reconcile, validate.

    Logs each stage's rows and seconds at INFO (the Prefect UI shows them), the
    per-document stages' too, now that their tables are read."""
    logger = get_run_logger()
    documents = partials.read(doc_parts, "documents", "documents")
    extracted = Extraction(
        mentions=partials.read(ext_parts, "mentions", "extracted_mentions"),
        claims=partials.read(ext_parts, "claims", "extracted_claims"),
    )
    seconds = per_document_seconds or {}
    earlier = per_document_reports(documents, extracted, doc_parts, ext_parts, seconds)
    for report in earlier:
        logger.info(report.line())
    decisions, warnings = load_decisions(reviews_path)
    progress.stage("resolve")
    result = pipeline.run(
        documents, extracted=extracted, decisions=decisions, settings=run_settings, on_stage=_stage_ended
    )
    for report in result.stages:
        logger.info(report.line())
    return replace(result, warnings=(*warnings, *result.warnings), stages=(*earlier, *result.stages))


def per_document_reports(
    documents: pd.DataFrame,
    extracted: Extraction,
    doc_parts: list[partials.Partial],
    ext_parts: list[partials.Partial],
    seconds: dict[str, float],
) -> list[pipeline.StageReport]:
    """Ingest's and extraction's reports, as :func:`pipeline.run` makes them for its own stages,
    with how many documents came from the cache."""
    rejected = int((documents["status"] != "ok").sum()) if len(documents) else 0
    return [
        pipeline.StageReport(
            "ingest",
            seconds.get("ingest", 0.0),
            {
                "documents": len(documents),
                "rejected": rejected,
                "from cache": sum(p.cached for p in doc_parts),
            },
        ),
        pipeline.StageReport(
            "extract",
            seconds.get("extract", 0.0),
            {
                "mentions": len(extracted.mentions),
                "claims": len(extracted.claims),
                "documents from cache": sum(p.cached for p in ext_parts),
            },
        ),
    ]


def _stage_ended(stage: str) -> None:
    """``on_stage`` for :func:`pipeline.run`: the next stage starts; the fault points."""
    following = pipeline.STAGES[pipeline.STAGES.index(stage) + 1 :]
    progress.stage(following[0] if following else "publish")
    checkpoint(stage)


@task(name="publish", cache_policy=NONE)
def publish_task(
    curated: Path, run_id: str, tables: dict[str, pd.DataFrame], manifest: dict
) -> tuple[Path, Changes]:
    """Publish the tables, the report and the manifest; both say what changed since the
    publish they replace (compared under the publish lock)."""
    started = time.perf_counter()
    logger = get_run_logger()
    made: dict = {}

    def compose(previous: Previous | None, why_not: str | None) -> tuple[dict[str, bytes], dict]:
        changes = changes_since(previous, tables, manifest)
        if why_not:
            changes = replace(changes, note=why_not)
        full = {**manifest, "changes": changes.as_dict()}
        report = render_report(tables, full)
        made.update(changes=changes, report=report)
        return {"report.html": report.html.encode(), "report.md": report.markdown.encode()}, full

    published = publish(curated, run_id, tables, {}, manifest, on_wait=logger.warning, compose=compose)
    publish_artifacts(tables, made["report"].summary_markdown)
    logger.info(made["changes"].line())
    logger.info(
        "publish: %d tables, report.html and report.md to %s in %.1f s",
        len(tables),
        published,
        time.perf_counter() - started,
    )
    return published, made["changes"]


def _save_validation(state_dir: Path, run_id: str, result: pipeline.RunResult) -> Path:
    run_dir = state_dir / "runs" / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    path = run_dir / "validation.json"
    validation = result.validation
    payload = {"passed": validation.passed, "failures": validation.failures, "results": validation.results}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return path


def _batches(refs: list, size: int) -> list[list]:
    if size < 1:
        raise ValueError(f"batch size must be at least 1, not {size}")
    return [refs[i : i + size] for i in range(0, len(refs), size)] or [[]]


@flow(name="recon-per-document", log_prints=True)
def per_document_flow(
    raw_dir: str, cache_root: str, batch_size: int
) -> tuple[list[partials.Partial], list[partials.Partial], list[raw_files.Skipped]]:
    """Scan, then ingest and extract every file, in batches, on the task runner given with
    ``with_options``. A flow of its own so that its worker processes end when it does,
    and leave their memory to the cross-document stages. Its parameters are paths, not
    the file list: Prefect refuses flow parameters over 512 kB (5,000 files)."""
    scanned = scan_task(raw_dir)
    progress.documents(len(scanned.refs))
    batches = _batches(scanned.refs, batch_size)
    ids = [[r.doc_id for r in batch] for batch in batches]
    # what the cache holds, by document: one glob per stage, here, rather than one per task
    ingest_index, extract_index = (partials.index(cache_root, stage) for stage in ("ingest", "extract"))
    ingested = ingest_task.map(batches, unmapped(cache_root), [partials.known(ingest_index, i) for i in ids])
    extracted = extract_task.map(
        ingested, unmapped(cache_root), [partials.known(extract_index, i) for i in ids]
    )
    checkpoint("per_document.submitted")  # in the flow's process, while the workers run
    # count documents as their batches finish, for the progress display
    batch_of = {id(f): ("ingest", len(b)) for f, b in zip(ingested, batches, strict=True)}
    batch_of |= {id(f): ("extract", len(b)) for f, b in zip(extracted, batches, strict=True)}
    for future in as_completed([*ingested, *extracted]):
        progress.advance(*batch_of[id(future)])
    doc_parts = [p for future in ingested for p in future.result()]
    ext_parts = [p for future in extracted for p in future.result()]
    return doc_parts, ext_parts, scanned.skipped


def _no_usable_input(documents: list[tuple[str, str, str | None]], skipped: list) -> str:
    rejected = sum(status == "rejected" for _, status, _ in documents)
    found = f"all {rejected} files rejected" if rejected else "no .txt or .md file"
    also = f", {len(skipped)} other entries skipped" if skipped else ""
    return (
        f"no usable document ({found}{also}); publishing would replace curated/ with empty tables: "
        "pass --allow-empty (allow_empty=True) to publish them"
    )


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
    allow_empty: bool = False,
    cache: str | None = None,
) -> RunSummary:
    """One full run over ``raw_dir``, publishing to ``curated_dir`` if every gate passes.

    Per-document results are cached under ``cache``, a path or an fsspec URI that the
    workers can reach (default: ``<state_dir>/cache``, as an absolute path).

    Per-document work runs in ``processes`` local processes (default: one per
    available CPU), or on Dask (a local cluster of ``dask_workers``, or the
    scheduler at ``dask_address``); see :mod:`flows.runners`. Without a single
    usable document nothing is published (``summary.refused`` says so), unless
    ``allow_empty``: empty tables would replace what analysts read."""
    started = datetime.now(UTC)
    run_id = f"{started:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    cache_root = cache or str(Path(state_dir).absolute() / "cache")
    settings.share_api_url()  # before any task is submitted: workers use this server, not their own
    tracker = progress.start(parallel=dask_workers or processes or (1 if dask_address else available_cpus()))
    try:
        # while the per-document tasks run (in other processes, by default), import GX for the validate step
        threading.Thread(target=preload_gx, name="preload-gx", daemon=True).start()
        runner = task_runner(processes=processes, workers=dask_workers, address=dask_address)
        doc_parts, ext_parts, skipped_entries = per_document_flow.with_options(task_runner=runner)(
            raw_dir, cache_root, batch_size
        )
        skipped = [(s.path, s.reason) for s in skipped_entries]
        statuses = partials.statuses(doc_parts)
        if not allow_empty and not any(status == "ok" for _, status, _ in statuses):
            return RunSummary(
                run_id=run_id,
                published=False,
                curated=Path(curated_dir),
                row_counts={"documents": len(statuses)},
                documents_ok=0,
                documents_rejected=[(path, reason or "") for path, status, reason in statuses],
                skipped=skipped,
                refused=_no_usable_input(statuses, skipped),
                flow_run_url=prefect.runtime.flow_run.ui_url,
            )
        seconds = {k: v for k, v in tracker.seconds().items() if k in progress.PER_DOCUMENT}
        run_settings = pipeline.Settings(git_commit=provenance.git_commit())
        result = cross_document_task(doc_parts, ext_parts, Path(reviews_path), run_settings, seconds)
        validation_path = _save_validation(Path(state_dir), run_id, result)
        documents = result.tables["documents"]
        rejected = [(r.path, r.reason) for r in documents.itertuples() if r.status == "rejected"]
        summary = RunSummary(
            run_id=run_id,
            published=False,
            curated=Path(curated_dir),
            row_counts={name: len(df) for name, df in result.tables.items()},
            documents_ok=int((documents["status"] == "ok").sum()),
            documents_rejected=rejected,
            failures=result.validation.failures,
            warnings=list(result.warnings),
            validation_path=validation_path,
            cache_hits={
                "ingest": sum(p.cached for p in doc_parts),
                "extract": sum(p.cached for p in ext_parts),
                "of": len(doc_parts),
            },
            skipped=skipped,
            flow_run_url=prefect.runtime.flow_run.ui_url,
        )
        if result.passed:
            manifest = result.manifest(run_id, started, datetime.now(UTC))
            manifest["skipped"] = [{"path": path, "reason": reason} for path, reason in skipped]
            manifest["stages"] = {r.name: {"seconds": r.seconds, "rows": r.rows} for r in result.stages}
            progress.stage("publish")
            _, summary.changes = publish_task(Path(curated_dir), run_id, result.tables, manifest)
            summary.published = True
        partials.keep([*doc_parts, *ext_parts])
        partials.prune(cache_root)
        return summary
    finally:
        progress.finish()  # the progress artifact says 100%; the terminal line is cleared
