"""The validation gate: passes clean tables, fails corrupted ones, quarantines bad rows."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pandas as pd
import pytest

from pipeline import schema
from pipeline.validate import validate_tables
from tests.helpers.tables import sample_tables

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def suites() -> dict[str, dict]:
    return schema.suites()


@pytest.fixture
def tables() -> dict[str, pd.DataFrame]:
    return sample_tables()


def _validate(tables, suites):
    return validate_tables(tables, suites, current_year=2025)


def _failing(validation, table: str) -> str:
    return "\n".join(line for line in validation.failures if line.startswith(f"{table}:"))


def test_clean_tables_pass_and_are_published_whole(tables, suites):
    v = _validate(tables, suites)
    assert v.passed, v.failures
    assert v.failures == []
    for name, df in tables.items():
        pd.testing.assert_frame_equal(v.tables[name], df.reset_index(drop=True))
    assert v.tables["quarantine"].empty
    assert v.summary["passed"] is True
    assert v.summary["suites"]["claims"]["success"] is True
    json.dumps(v.results)  # saved with the run, so it must be JSON
    json.dumps(v.summary)


def _corrupt(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every kind of table-breaking damage at once, each on its own rows."""
    claims, mentions = tables["claims"], tables["mentions"]
    contradictions = tables["contradictions"]
    tables["claims"] = claims = pd.concat([claims, claims.iloc[[0]]], ignore_index=True)
    mentions.loc[3, "doc_id"] = "no_such_doc"
    mentions.loc[0, "char_start"] += 1  # span no longer holds the surface
    claims.loc[1, "doc_id"] = "src_broken"  # a rejected document has no text to cite
    claims.loc[2, "char_end"] = 10_000
    claims.loc[3, "entity_id"] = "ghost"
    claims.loc[4, "attribute"] = "birthday"
    contradictions.loc[0, "kind"] = "rumour"
    contradictions.loc[1, "severity"] = "critical"
    contradictions.loc[2, "review_status"] = "maybe"
    contradictions.at[3, "claim_ids"] = ["c_missing"]
    contradictions.at[4, "values"] = ["15.3", "15.3"]
    contradictions.at[5, "doc_ids"] = []
    tables["documents"].loc[4, "status"] = "pending"  # the rejected one: others stay citable
    tables["documents"]["n_chars"] = tables["documents"]["n_chars"].astype(str)
    tables["entities"] = tables["entities"].drop(columns=["n_docs"])
    return tables


@pytest.fixture(scope="module")
def corrupted(suites):
    return _validate(_corrupt(sample_tables()), suites)


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("claims", "expect_column_values_to_be_unique (claim_id): 2 unexpected"),
        ("mentions", "(check_doc_id_known): 1 unexpected"),
        ("mentions", "no_such_doc"),
        ("mentions", "(check_span_matches_text)"),
        ("claims", "(check_doc_id_known): 1 unexpected"),
        ("claims", "src_broken"),
        ("claims", "(check_span_in_text)"),
        ("claims", "char_end=10000"),
        ("claims", "(check_entity_id_known): 1 unexpected"),
        ("claims", "expect_column_values_to_be_in_set (attribute): 1 unexpected"),
        ("claims", "birthday"),
        ("contradictions", "expect_column_values_to_be_in_set (kind): 1 unexpected"),
        ("contradictions", "expect_column_values_to_be_in_set (severity): 1 unexpected"),
        ("contradictions", "expect_column_values_to_be_in_set (review_status): 1 unexpected"),
        ("contradictions", "(check_claim_ids_known): 1 unexpected"),
        ("contradictions", "(check_n_distinct_values): 1 unexpected"),
        ("contradictions", "(check_n_doc_ids): 1 unexpected"),
        ("documents", "expect_column_values_to_be_in_set (status): 1 unexpected"),
        ("documents", "expect_column_values_to_be_of_type (n_chars)"),
        ("entities", "expect_table_columns_to_match_set"),
        ("entities", "n_docs"),
    ],
)
def test_corrupted_tables_fail_the_gate_naming_the_check(corrupted, table, expected):
    assert not corrupted.passed
    assert expected in _failing(corrupted, table), corrupted.failures


def test_a_failed_gate_says_which_suites_failed(corrupted):
    suites = corrupted.summary["suites"]
    assert corrupted.summary["passed"] is False
    assert not suites["claims"]["success"]
    assert suites["claims"]["failed"] >= 5
    assert suites["consensus"]["success"]
    assert "expect_column_values_to_be_unique (claim_id)" in suites["claims"]["failed_expectations"]


def test_the_summary_lists_every_check_that_ran_and_how_it_went(corrupted, suites):
    claims = corrupted.summary["suites"]["claims"]
    assert len(claims["checks"]) == claims["expectations"] == len(suites["claims"]["expectations"])
    unique = next(c for c in claims["checks"] if c["check"] == "claim_id identifies one row")
    assert unique == {
        "check": "claim_id identifies one row",
        "type": "expect_column_values_to_be_unique",
        "column": "claim_id",
        "success": False,
        "unexpected": 2,
        "on_failure": "fail",
    }
    assert sum(not c["success"] and c["on_failure"] == "fail" for c in claims["checks"]) == claims["failed"]
    assert all(c["success"] for c in corrupted.summary["suites"]["consensus"]["checks"])


def test_span_moved_inside_the_text_fails_only_the_match(corrupted):
    moved = sample_tables()["mentions"].mention_id[0]
    lines = _failing(corrupted, "mentions").splitlines()
    assert any(moved in line for line in lines if "check_span_matches_text" in line)
    assert not any(moved in line for line in lines if "check_span_in_text" in line)


def test_table_without_suite_and_missing_required_table_fail(tables, suites):
    tables["scratch"] = pd.DataFrame({"x": [1]})
    del tables["mentions"]
    v = _validate(tables, suites)
    assert "scratch: no expectation suite" in v.failures
    assert "mentions: required table is missing" in v.failures


def test_optional_tables_may_be_absent_and_lists_may_come_from_parquet(tables, suites, tmp_path):
    del tables["consensus"], tables["source_reliability"]
    for name in ("entities", "contradictions"):
        tables[name].to_parquet(tmp_path / f"{name}.parquet")
        tables[name] = pd.read_parquet(tmp_path / f"{name}.parquet")
    v = _validate(tables, suites)
    assert v.passed, v.failures
    assert v.tables["contradictions"]["claim_ids"].map(type).eq(list).all()


def test_empty_run_passes(suites):
    v = _validate({t: schema.empty(t) for t in schema.TABLES}, suites)
    assert v.passed, v.failures


def test_out_of_range_year_is_quarantined_not_fatal(tables, suites):
    claims = tables["claims"]
    year = claims.index[claims.attribute == "year"][0]
    claims.loc[year, "value_num"] = 2999.0
    bad_id = claims.claim_id[year]
    v = _validate(tables, suites)
    assert v.passed, v.failures
    quarantine = v.tables["quarantine"]
    row = quarantine[quarantine.row_id == bad_id].iloc[0]
    assert row.table == "claims"
    assert "year lies between 1800 and the current year" in row.reason
    assert json.loads(row.row_json)["value_num"] == 2999.0
    assert bad_id not in set(v.tables["claims"].claim_id)
    assert len(v.tables["claims"]) == len(claims) - 1
    assert v.summary["quarantined"]["claims"] == 1


def test_contradiction_citing_a_quarantined_claim_goes_with_it(tables, suites):
    claims = tables["claims"]
    error = claims.index[(claims.attribute == "error_rate") & (claims.value_norm == "16.4")][0]
    claims.loc[error, "value_num"] = 164.0  # a percentage above 100
    v = _validate(tables, suites)
    quarantined = v.tables["quarantine"]
    assert set(quarantined.table) == {"claims", "contradictions"}
    cascaded = quarantined[quarantined.table == "contradictions"].iloc[0]
    assert claims.claim_id[error] in cascaded.reason
    assert cascaded.row_id not in set(v.tables["contradictions"].contradiction_id)


def test_one_bad_row_in_a_tiny_table_does_not_block_the_run(tables, suites):
    claims = tables["claims"]
    error = claims.index[(claims.attribute == "error_rate") & (claims.value_norm == "16.4")][0]
    claims.loc[error, "value_num"] = 164.0
    bad = claims.claim_id[error]
    contradictions = tables["contradictions"]
    cites_bad = contradictions.claim_ids.map(lambda ids: bad in list(ids))
    # one contradiction loses its evidence, out of two: half the table
    tables["contradictions"] = pd.concat([contradictions[cites_bad][:1], contradictions[~cites_bad][:1]])
    assert _validate(tables, suites).passed
    strict = json.loads(json.dumps(suites))
    strict["quarantine"]["meta"]["free_rows"] = 0
    assert not _validate(tables, strict).passed


def test_too_many_quarantined_rows_fail_the_gate(tables, suites):
    claims = tables["claims"]
    years = claims.index[claims.attribute == "year"]
    claims.loc[years, "value_num"] = 1500.0  # over half the claims are years
    v = _validate(tables, suites)
    assert not v.passed
    line = _failing(v, "quarantine")
    assert "check_quarantined_share" in line
    assert "'claims'" in line


def test_quarantine_table_conforms_to_its_columns(tables, suites):
    tables["claims"].loc[0, "value_num"] = -1.0
    tables["claims"].loc[0, "attribute"] = "parameters"
    v = _validate(tables, suites)
    quarantine = v.tables["quarantine"]
    assert list(quarantine.columns) == ["table", "row_id", "reason", "row_json"]
    assert schema.conform(quarantine, "quarantine", dict.fromkeys(quarantine.columns, "str")) is not None


def test_invalid_suite_is_an_error_not_a_silent_skip(tables, suites):
    broken = json.loads(json.dumps(suites))
    broken["claims"]["expectations"].append({"type": "expect_column_to_be_purple", "kwargs": {}})
    with pytest.raises(ValueError, match="expect_column_to_be_purple"):
        _validate(tables, broken)


def test_every_contract_column_is_checked_for_presence_and_type(suites):
    for table, columns in schema.TABLES.items():
        expectations = suites[table]["expectations"]
        (present,) = [e for e in expectations if e["type"] == "expect_table_columns_to_match_set"]
        assert present["kwargs"]["column_set"] == list(columns)
        typed = {e["kwargs"]["column"] for e in expectations if "of_type" in e["type"]}
        assert typed == set(columns), table


def test_great_expectations_is_imported_lazily():
    code = "import sys, pipeline.validate; print('great_expectations' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
