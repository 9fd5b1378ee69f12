"""Publishing is atomic and serialised: curated/ is always one complete run."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from flows.publish import PublishError, publish, recover


def _publish(curated: Path, run_id: str, rows: int = 3) -> None:
    table = pd.DataFrame({"run_id": [run_id] * rows, "i": range(rows)})
    publish(curated, run_id, {"a": table, "b": table}, {"report.md": run_id.encode()}, {"run_id": run_id})


def _read(curated: Path) -> set[str]:
    """Every run id visible in curated/; one id means one complete run."""
    ids = {json.loads((curated / "_manifest.json").read_text())["run_id"]}
    for name in ("a", "b"):
        ids |= set(pd.read_parquet(curated / f"{name}.parquet")["run_id"])
    ids.add((curated / "report.md").read_text())
    return ids


def _publish_in_child(curated: Path, run_id: str, fail_at: str) -> int:
    code = (
        "import sys; from pathlib import Path; from tests.test_publish import _publish; "
        f"_publish(Path({str(curated)!r}), {run_id!r})"
    )
    env = {**os.environ, "RECON_FAIL_AT": fail_at}
    root = Path(__file__).resolve().parent.parent
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=root, capture_output=True).returncode


def test_first_publish_creates_curated(tmp_path: Path) -> None:
    _publish(tmp_path / "curated", "run1")
    assert _read(tmp_path / "curated") == {"run1"}


def test_second_publish_replaces_everything(tmp_path: Path) -> None:
    curated = tmp_path / "curated"
    _publish(curated, "run1")
    (curated / "stale.parquet").write_bytes(b"from an older layout")
    _publish(curated, "run2")
    assert _read(curated) == {"run2"}
    assert not (curated / "stale.parquet").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".curated.")] == [".curated.lock"]


@pytest.mark.parametrize(
    "point", ["publish.table.a", "publish.table.b", "publish.before_swap", "publish.after_swap"]
)
@pytest.mark.parametrize("mode", ["", ":kill"])
def test_a_run_failing_or_killed_during_publish_leaves_one_complete_run(
    tmp_path: Path, point: str, mode: str
) -> None:
    curated = tmp_path / "curated"
    _publish(curated, "good")
    rc = _publish_in_child(curated, "broken", point + mode)
    assert rc != 0
    visible = _read(curated)
    assert len(visible) == 1  # never a mix
    assert visible == ({"broken"} if point == "publish.after_swap" else {"good"})
    _publish(curated, "next")  # the next run cleans up and publishes
    assert _read(curated) == {"next"}
    assert not list(tmp_path.glob(".curated.staging-*"))


def test_recover_restores_a_curated_set_aside_by_a_killed_fallback_swap(tmp_path: Path) -> None:
    curated = tmp_path / "curated"
    _publish(curated, "good")
    curated.rename(tmp_path / ".curated.previous")
    recover(curated)
    assert _read(curated) == {"good"}


def test_curated_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "curated").write_text("not a dir")
    with pytest.raises(PublishError, match="not a directory"):
        _publish(tmp_path / "curated", "run1")


def test_concurrent_publishers_never_interleave(tmp_path: Path) -> None:
    curated = tmp_path / "curated"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_publish, args=(curated, f"run{i}", 2000)) for i in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    assert len(_read(curated)) == 1


def test_a_publish_that_fails_while_writing_leaves_no_staging_directory(tmp_path: Path, monkeypatch) -> None:
    """A full disk (here: a write that raises) left its staging copy beside curated/ until the
    next run; the previous curated/ stays as it was either way."""
    from flows.faults import InjectedFault

    curated = tmp_path / "curated"
    _publish(curated, "run-1")
    monkeypatch.setenv("RECON_FAIL_AT", "publish.table.b")
    with pytest.raises(InjectedFault):
        _publish(curated, "run-2")
    assert _read(curated) == {"run-1"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".curated.lock", "curated"]
