"""Shared fixtures. Prefect is configured for tests before any test imports it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from flows import settings
from flows.raw_files import load_raw_file, scan_raw_dir
from pipeline.ingest import documents_frame, ingest_file

ROOT = Path(__file__).resolve().parent.parent
SEED_RAW = ROOT / "raw"

# hermetic: no developer's profile, server or Prefect home; each test session its own
_STATE = Path(tempfile.mkdtemp(prefix="recon-test-state-"))
for _variable in ("PREFECT_API_URL", "PREFECT_API_KEY", "PREFECT_PROFILE"):
    os.environ.pop(_variable, None)
os.environ["PREFECT_HOME"] = str(_STATE / "prefect")
os.environ["PREFECT_PROFILES_PATH"] = str(_STATE / "profiles.toml")
settings.configure(_STATE)


@pytest.fixture(scope="session")
def seed_documents() -> pd.DataFrame:
    """The seed corpus as the ``documents`` table."""
    return documents_frame([ingest_file(load_raw_file(ref)) for ref in scan_raw_dir(SEED_RAW)])


def publish_seed_run(curated: Path, reviews: Path | None = None) -> Path:
    """The seed corpus through :func:`pipeline.run`, published to ``curated`` as a run publishes
    (report, manifest, what changed), without Prefect: a published run for commands that read one."""
    import uuid
    from dataclasses import replace
    from datetime import UTC, datetime

    import pipeline
    from flows.publish import publish
    from flows.reviews import load_decisions
    from pipeline.changes import changes_since
    from pipeline.report import render_report

    started = datetime.now(UTC)
    decisions = load_decisions(reviews)[0] if reviews else ()
    result = pipeline.run(sorted(SEED_RAW.iterdir()), decisions=decisions)
    run_id = f"{started:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    manifest = result.manifest(run_id, started, datetime.now(UTC))
    manifest["stages"] = {r.name: {"seconds": r.seconds, "rows": r.rows} for r in result.stages}

    def compose(previous, why_not):
        changes = changes_since(previous, result.tables, manifest)
        full = {**manifest, "changes": (replace(changes, note=why_not) if why_not else changes).as_dict()}
        report = render_report(result.tables, full)
        return {"report.html": report.html.encode(), "report.md": report.markdown.encode()}, full

    return publish(curated, run_id, result.tables, {}, manifest, compose=compose)


@pytest.fixture(scope="session")
def seed_published(tmp_path_factory) -> Path:
    """The seed run, published once for the session (``<tmp>/curated``)."""
    return publish_seed_run(tmp_path_factory.mktemp("seed-run") / "curated")
