"""``pipeline.run``: every stage in one pure function, and the context it reports."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

import pipeline
from pipeline.catalog import load_catalog
from pipeline.catalog.facts import load_reference
from pipeline.reconcile.thresholds import load_thresholds
from pipeline.resolve.rules import load_rules
from pipeline.schema import HOMES_VERSION, PUBLISHED
from pipeline.stages import STAGES
from tests.conftest import ROOT, SEED_RAW
from tests.helpers.readme import python_blocks

DATA_FILES = ("catalog", "reference_facts", "resolve_rules", "extraction_cues", "thresholds", "tables")


def test_import_pipeline_and_its_run_without_prefect():
    code = (
        "import sys, pipeline; pipeline.run; pipeline.RunResult; "
        "print(sorted(m for m in ('prefect', 'flows', 'great_expectations') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.fixture(scope="module")
def seed_run() -> tuple[pipeline.RunResult, list[str]]:
    stages: list[str] = []
    result = pipeline.run(sorted(SEED_RAW.iterdir()), on_stage=stages.append)
    return result, stages


def test_a_run_goes_through_every_stage_in_order_and_returns_every_table(seed_run):
    result, stages = seed_run
    assert stages == list(STAGES)
    assert result.passed, result.validation.failures
    assert list(result.tables) == list(PUBLISHED)
    assert len(result.tables["documents"]) == len(list(SEED_RAW.iterdir()))
    assert len(result.tables["claims"]) > 100 and len(result.tables["contradictions"]) > 10


def test_the_context_names_the_version_of_every_data_file_and_the_thresholds(seed_run):
    context = seed_run[0].context
    assert set(context.data_versions) == set(DATA_FILES)
    assert all(re.fullmatch(r"[0-9a-f]{12}", v) for v in context.data_versions.values())
    assert context.data_versions["catalog"] == load_catalog().version
    assert context.data_versions["reference_facts"] == load_reference().version
    assert context.data_versions["resolve_rules"] == load_rules().version
    assert context.data_versions["thresholds"] == load_thresholds().version
    assert context.data_versions["tables"] == HOMES_VERSION
    assert context.reference_facts_version == load_reference().declared_version
    assert context.thresholds == load_thresholds().as_dict()
    assert json.loads(json.dumps(context.thresholds)) == context.thresholds  # the manifest reads back equal
    assert context.git_commit is None  # only the caller knows it (the flow asks git)


def test_given_documents_and_extraction_the_run_starts_at_resolve(seed_run):
    result, _ = seed_run
    stages: list[str] = []
    from pipeline.extract import extract_claims

    documents = result.tables["documents"]
    again = pipeline.run(documents, extracted=extract_claims(documents), on_stage=stages.append)
    assert stages == ["resolve", "reconcile", "validate"]
    assert {n: len(t) for n, t in again.tables.items()} == {n: len(t) for n, t in result.tables.items()}


def test_the_manifest_holds_the_context_and_the_inputs(seed_run):
    from datetime import UTC, datetime

    result = seed_run[0]
    now = datetime.now(UTC)
    manifest = result.manifest("run-1", now, now)
    assert manifest["data_versions"] == result.context.data_versions
    assert manifest["catalog_version"] == result.context.data_versions["catalog"]
    assert [i["doc_id"] for i in manifest["inputs"]] == sorted(p.stem for p in SEED_RAW.iterdir())
    assert manifest["row_counts"] == {n: len(t) for n, t in result.tables.items()}
    assert manifest["validation"]["passed"] is True


def test_the_readme_example_of_a_run_from_python_runs(monkeypatch, capsys):
    (example,) = [block for block in python_blocks() if "pipeline.run(" in block]
    monkeypatch.chdir(ROOT)
    exec(example, {})
    assert capsys.readouterr().out.startswith("True ")
