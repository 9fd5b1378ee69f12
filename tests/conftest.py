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
