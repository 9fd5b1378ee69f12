"""One run of the pipeline: every stage in data order, in one pure function.

    ingest → extract → resolve → reconcile → validate

:func:`run` takes the texts and the data that shape a run and returns every
table it publishes, how they were validated, and the run's context: the
versions of the code and of every data file that made it, and the thresholds.
No Prefect and no file IO beyond reading the paths it is given. The flow
(:mod:`flows.recon_flow`) calls this same function and adds only caching,
parallelism, publishing and artifacts; the benchmark and the tests call it too::

    >>> import pipeline
    >>> result = pipeline.run(sorted(Path("raw").glob("*.txt")))
    >>> result.passed, {name: len(table) for name, table in result.tables.items()}
    (True, {'documents': 5, 'entities': 279, 'mentions': 1696, 'claims': 375,
            'contradictions': 34, 'consensus': 188, 'source_reliability': 5, 'quarantine': 0})
    >>> result.context.data_versions
    {'catalog': '8e295ecb035e', 'reference_facts': '526022b93b17', 'resolve_rules': '1e8e30702a9a',
     'extraction_cues': '2dd1f7cced19', 'thresholds': '5444c203a25f', 'tables': 'bd1189d881db'}

The per-document stages (ingest, extract) may be done beforehand, as the flow
does them (in batches, cached, in parallel): give the ``documents`` table
instead of paths, and the extraction as ``extracted``.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from pipeline import schema
from pipeline.catalog import Catalog, load_catalog
from pipeline.catalog.facts import ReferenceFacts, load_reference
from pipeline.extract import Extraction, extract_claims
from pipeline.extract.language import DEFAULT_CUES
from pipeline.ingest import MAX_BYTES, RawFile, ingest_files, read_file
from pipeline.reconcile import reconcile
from pipeline.reconcile.thresholds import load_thresholds
from pipeline.resolve import resolve_entities
from pipeline.resolve.rules import load_rules
from pipeline.validate import Validation, validate_tables
from pipeline.versions import packaged_version

PACKAGE = "dl-history-recon"
#: the stages, in the order a run goes through them (``on_stage`` is told each name)
STAGES = ("ingest", "extract", "resolve", "reconcile", "validate")
#: the tables each stage makes, in the order of its log line (extract's are the extracted mentions and claims)
STAGE_TABLES = {
    "ingest": ("documents",),
    "extract": ("mentions", "claims"),
    "resolve": ("entities", "mentions", "links", "claims"),
    "reconcile": ("contradictions", "consensus", "source_reliability"),
    "validate": ("quarantine",),
}

#: what a run reads texts from: raw files, or paths to read
Source = RawFile | str | os.PathLike


@dataclass(frozen=True)
class Settings:
    """What a run is told besides its data."""

    max_bytes: int = MAX_BYTES  # ingest rejects larger files
    current_year: int | None = None  # the validation clock (later years are quarantined); None: this year
    git_commit: str | None = None  # the code's commit, when the caller knows it (flows.provenance)


@dataclass(frozen=True)
class RunContext:
    """How a run was made: the code, every data file that shaped it, and the numbers it used."""

    schema_version: str
    code_version: str  # the package version
    git_commit: str | None  # "<sha>" or "<sha>-dirty"; None outside a git checkout
    #: content hash of each data file: catalog, reference_facts, resolve_rules,
    #: extraction_cues, thresholds, tables (the table homes, and so the suites)
    data_versions: dict[str, str]
    reference_facts_version: str  # the version the reference facts file declares
    thresholds: dict  # thresholds.yaml's values
    settings: dict  # max_bytes, current_year


@dataclass(frozen=True)
class StageReport:
    """One stage of a run: how long it took and how many rows of each table it made."""

    name: str
    seconds: float
    rows: dict[str, int]

    def line(self) -> str:
        """``resolve: entities 292, mentions 1671, links 264, claims 379 in 0.6 s``"""
        made = ", ".join(f"{table} {n}" for table, n in self.rows.items())
        return f"{self.name}: {made} in {self.seconds:.1f} s"


@dataclass(frozen=True)
class RunResult:
    """What one run made: every table it publishes, how they were validated, how they were made."""

    tables: dict[str, pd.DataFrame]  # what may be published: bad rows moved to quarantine
    validation: Validation
    context: RunContext
    warnings: tuple[str, ...] = field(default=())
    stages: tuple[StageReport, ...] = field(default=())  # the stages this call ran, in order

    @property
    def passed(self) -> bool:
        """Did every validation gate pass (may the tables be published)?"""
        return self.validation.passed

    def manifest(self, run_id: str, started_at: dt.datetime, finished_at: dt.datetime) -> dict:
        """``curated/_manifest.json``: the run, its context, its inputs, rows and validation."""
        context = self.context
        return {
            "run_id": run_id,
            "started_at": started_at.isoformat(),
            "finished_at": finished_at.isoformat(),
            "schema_version": context.schema_version,
            "code_version": context.code_version,
            "git_commit": context.git_commit,
            "catalog_version": context.data_versions["catalog"],
            "data_versions": context.data_versions,
            "reference_facts_version": context.reference_facts_version,
            "thresholds": context.thresholds,
            "settings": context.settings,
            "inputs": [
                {"doc_id": d["doc_id"], "path": d["path"], "sha256": d["sha256"], "status": d["status"]}
                for d in schema.records(self.tables["documents"], "documents")
            ],
            "row_counts": {name: len(table) for name, table in self.tables.items()},
            "validation": self.validation.summary,
        }


def run(
    sources: pd.DataFrame | Iterable[Source],
    *,
    extracted: Extraction | None = None,
    catalog: Catalog | None = None,
    reference: ReferenceFacts | None = None,
    decisions: Sequence[dict] = (),
    suites: dict[str, dict] | None = None,
    settings: Settings | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> RunResult:
    """Every stage over ``sources``: raw files or paths, or the ``documents`` table
    when ingest has run (then ``extracted`` may hold its extraction too).

    ``catalog``, ``reference`` and ``suites`` default to the packaged ones;
    ``decisions`` are reviewers' decisions (``flows.reviews.load_decisions``);
    ``on_stage(name)`` is called as each stage of :data:`STAGES` ends; the result's
    ``stages`` say how long each took and the rows it made.
    """
    settings = settings or Settings()
    catalog = catalog or load_catalog()
    reference = reference if reference is not None else load_reference()
    reports: list[StageReport] = []
    clock = [time.perf_counter()]

    def done(stage: str, **tables: pd.DataFrame) -> None:
        now = time.perf_counter()
        rows = {name: len(tables[name]) for name in STAGE_TABLES[stage] if name in tables}
        reports.append(StageReport(stage, round(now - clock[0], 3), rows))
        clock[0] = now
        if on_stage is not None:
            on_stage(stage)
        clock[0] = time.perf_counter()  # the caller's time is not the next stage's

    if isinstance(sources, pd.DataFrame):
        documents = sources
    else:
        documents = ingest_files((_raw_file(s, settings.max_bytes) for s in sources), settings.max_bytes)
        done("ingest", documents=documents)
    if extracted is None:
        extracted = extract_claims(documents, catalog=catalog)
        done("extract", mentions=extracted.mentions, claims=extracted.claims)
    resolution = resolve_entities(extracted.mentions, extracted.claims, catalog)
    done(
        "resolve",
        entities=resolution.entities,
        mentions=resolution.mentions,
        links=resolution.links,
        claims=resolution.claims,
    )
    reconciliation = reconcile(
        resolution.claims,
        resolution.entities,
        documents,
        catalog,
        list(decisions),
        reference=reference,
        mentions=resolution.mentions,
    )
    done("reconcile", contradictions=reconciliation.contradictions, **reconciliation.extra_tables)
    tables = {
        "documents": documents,
        "entities": resolution.entities,
        "mentions": resolution.mentions,
        "links": resolution.links,
        "claims": resolution.claims,
        "contradictions": reconciliation.contradictions,
        **reconciliation.extra_tables,
    }
    validation = validate_tables(
        tables, suites if suites is not None else schema.suites(), current_year=settings.current_year
    )
    done("validate", quarantine=validation.tables.get("quarantine", schema.empty("quarantine")))
    return RunResult(
        tables=validation.tables,
        validation=validation,
        context=run_context(catalog, reference, settings),
        warnings=tuple(reconciliation.warnings),
        stages=tuple(reports),
    )


def run_context(catalog: Catalog, reference: ReferenceFacts, settings: Settings) -> RunContext:
    """The context of a run with this catalog, these reference facts and settings (the
    resolver's rules, the cues, the thresholds and the table homes are the packaged ones)."""
    thresholds = load_thresholds()
    try:
        code_version = version(PACKAGE)
    except PackageNotFoundError:  # imported from a source tree that was never installed
        code_version = "unknown"
    return RunContext(
        schema_version=schema.SCHEMA_VERSION,
        code_version=code_version,
        git_commit=settings.git_commit,
        data_versions={
            "catalog": catalog.version,
            "reference_facts": reference.version,
            "resolve_rules": load_rules().version,
            "extraction_cues": packaged_version("pipeline.extract", DEFAULT_CUES),
            "thresholds": thresholds.version,
            "tables": schema.HOMES_VERSION,
        },
        reference_facts_version=reference.declared_version,
        thresholds=thresholds.as_dict(),
        settings={
            "max_bytes": settings.max_bytes,
            "current_year": settings.current_year or dt.datetime.now(dt.UTC).year,
        },
    )


def _raw_file(source: Source, max_bytes: int) -> RawFile:
    if isinstance(source, RawFile):
        return source
    path = Path(source)
    return read_file(path, path.stem, path.name, max_bytes)
