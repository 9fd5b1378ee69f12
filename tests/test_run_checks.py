"""``recon run``'s checks: bad usage exits 2 before anything starts, and changes nothing.

Each case runs the CLI's own entry point (``flows.cli.main``) in this process: a
check that passed would go on to start the embedded server, so the cases that
used to hang (``--workers 0``) run in a child process with a time limit instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import EXIT_USAGE, main
from tests.conftest import ROOT, SEED_RAW


@pytest.fixture
def where(tmp_path: Path) -> dict[str, Path]:
    """A raw directory with one text, a published curated/ and a state directory, all apart."""
    raw, curated = tmp_path / "raw", tmp_path / "curated"
    raw.mkdir()
    (raw / "a.txt").write_bytes((SEED_RAW / "000_858dce1e5fcd4cf7.txt").read_bytes())
    curated.mkdir()
    (curated / "claims.parquet").write_bytes(b"what analysts read")
    return {"raw": raw, "curated": curated, "state": tmp_path / "state", "reviews": tmp_path / "r.json"}


def _run(where: dict[str, Path], *extra: str, **paths: Path) -> list[str]:
    chosen = {**where, **paths}
    return [
        "run",
        *("--raw", str(chosen["raw"]), "--curated", str(chosen["curated"])),
        *("--state", str(chosen["state"]), "--reviews", str(chosen["reviews"])),
        *extra,
    ]


def _refused(argv: list[str], capsys, where: dict[str, Path]) -> str:
    """The one line ``recon`` printed on refusing; nothing was started or changed."""
    assert main(argv) == EXIT_USAGE
    err = capsys.readouterr().err.strip()
    assert err.startswith("recon: ") and "\n" not in err
    assert not where["state"].exists()
    assert (where["curated"] / "claims.parquet").read_bytes() == b"what analysts read"
    return err


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--batch-size", "-1", "--batch-size must be at least 1"),  # published empty tables, exit 0
        ("--batch-size", "0", "--batch-size must be at least 1"),  # exit 3 after the server started
        ("--processes", "100000", "--processes must be at most"),
        ("--workers", "100000", "--workers must be at most"),
    ],
)
def test_every_count_option_is_validated(where, capsys, option, value, message):
    assert message in _refused(_run(where, option, value), capsys, where)


@pytest.mark.parametrize(
    ("uri", "message"),
    [("nosuch://bucket/cache", "Protocol not known: nosuch"), ("gcs://bucket/cache", "install gcsfs")],
)
def test_a_cache_uri_that_cannot_be_opened_is_refused(where, capsys, uri, message):
    err = _refused(_run(where, "--cache", uri), capsys, where)
    assert err.startswith(f"recon: --cache {uri} cannot be opened") and message in err


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("nosuch://bucket/raw", "cannot be opened: Protocol not known: nosuch"),
        ("gcs://bucket/raw", "cannot be opened: Please install gcsfs"),
        ("memory://no-such-raw", "does not exist or is not a directory"),
    ],
)
def test_a_raw_uri_that_cannot_be_opened_or_listed_is_refused(where, capsys, uri, message):
    err = _refused(_run(where, raw=uri), capsys, where)
    assert err.startswith(f"recon: raw directory {uri} ") and message in err


def test_a_store_raw_directory_without_a_text_file_is_refused(where, capsys):
    import fsspec

    fsspec.filesystem("memory").pipe("/raw-no-text/notes.pdf", b"%PDF")
    err = _refused(_run(where, raw="memory://raw-no-text"), capsys, where)
    assert "holds no .txt or .md file (1 other entries skipped, e.g. notes.pdf" in err


@pytest.mark.parametrize("value", ["0", "-1"])
def test_a_dask_cluster_of_no_workers_is_refused_instead_of_hanging(where, value):
    """``--workers 0`` never returned: a local cluster of no workers waits for one forever."""
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", *_run(where, "--workers", value)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == EXIT_USAGE
    assert proc.stderr.strip() == "recon: --workers must be at least 1"
    assert not where["state"].exists()


def test_an_empty_raw_directory_does_not_replace_curated_with_empty_tables(where, tmp_path, capsys):
    """An empty --raw published empty tables over a good curated/ and exited 0."""
    empty = tmp_path / "empty"
    empty.mkdir()
    err = _refused(_run(where, raw=empty), capsys, where)
    assert "holds no .txt or .md file" in err and "--allow-empty" in err


def test_a_raw_directory_of_only_other_files_says_what_it_skipped(where, tmp_path, capsys):
    other = tmp_path / "other"
    other.mkdir()
    (other / "paper.pdf").write_bytes(b"%PDF")
    err = _refused(_run(where, raw=other), capsys, where)
    assert "1 other entries skipped, e.g. paper.pdf: not a .txt or .md file" in err


@pytest.mark.parametrize("inside", ["curated-in-raw", "raw-in-curated", "same"])
def test_overlapping_raw_and_curated_are_refused(where, capsys, inside):
    """--curated inside --raw fed the report back in as a document (claims 64 → 70 → 86);
    --raw inside --curated would be replaced by the next publish."""
    raw, curated = where["raw"], where["curated"]
    paths = {
        "curated-in-raw": {"curated": raw / "curated"},
        "raw-in-curated": {"raw": curated / "raw"},
        "same": {"curated": raw},
    }[inside]
    if inside == "raw-in-curated":
        (curated / "raw").mkdir()
        (curated / "raw" / "a.txt").write_text("深度学习")
    err = _refused(_run(where, **paths), capsys, where)
    assert "overlap" in err


@pytest.mark.parametrize("option", ["state", "reviews"])
def test_state_or_reviews_inside_curated_are_refused(where, capsys, option):
    err = _refused(_run(where, **{option: where["curated"] / "x"}), capsys, where)
    assert f"--{option}" in err and "inside --curated" in err


def test_a_state_that_is_a_file_is_bad_usage(where, tmp_path, capsys):
    """--state naming a file exited 1 (an uncaught FileExistsError)."""
    state = tmp_path / "state-file"
    state.write_text("x")
    err = _refused(_run(where, state=state), capsys, {**where, "state": tmp_path / "never"})
    assert "--state" in err and "not a directory" in err


def test_a_curated_that_cannot_be_made_is_found_before_the_pipeline_runs(where, tmp_path, capsys):
    """An unwritable --curated was found only after the whole pipeline ran, at publish."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    err = _refused(_run(where, curated=blocker / "curated"), capsys, where)
    assert "cannot be made" in err and "not a directory" in err


def test_a_prefect_database_that_is_not_sqlite_is_refused_with_a_hint(where, tmp_path):
    """A garbage database in --state took the whole start timeout (188 s) and printed 98
    traceback lines with no hint."""
    state = tmp_path / "garbage-state"
    (state / "prefect").mkdir(parents=True)
    (state / "prefect" / "prefect.db").write_bytes(os.urandom(4096))
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_HOME", "PREFECT_API_URL")}
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", *_run(where, state=state)],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == EXIT_USAGE
    assert proc.stderr.count("\n") == 1 and "is not a SQLite database" in proc.stderr
    assert "move it away" in proc.stderr and "--state" in proc.stderr
