"""The guard around Prefect's embedded server: a server lost mid-run is reported, a released one is not."""

import subprocess
import sys
import threading

import pytest

from flows.embedded_server import watch


def test_a_server_exiting_during_the_run_is_reported_with_its_status():
    lost: list[int] = []
    watch(subprocess.Popen([sys.executable, "-c", "raise SystemExit(7)"]), lost.append, threading.Event())
    assert lost == [7]


def test_a_server_stopping_after_the_run_is_not_a_loss():
    released = threading.Event()
    released.set()
    lost: list[int] = []
    watch(subprocess.Popen([sys.executable, "-c", "pass"]), lost.append, released)
    assert lost == []


def _env_for(state) -> dict[str, str]:
    """The environment of a ``recon run`` that starts its own embedded server in ``state``."""
    import os

    from tests.conftest import ROOT

    keep = {k: v for k, v in os.environ.items() if k not in ("PREFECT_HOME", "PREFECT_API_URL")}
    return {**keep, "PYTHONPATH": str(ROOT)}


def _processes_of(state) -> list:
    """Every process whose Prefect home is in ``state``: recon, its guard, the server, the workers."""
    import psutil

    home = str(state)
    found = []
    for p in psutil.process_iter():
        try:
            if p.environ().get("PREFECT_HOME", "").startswith(home):
                found.append(p)
        except (psutil.Error, OSError):
            continue
    return found


def _recon_run(tmp_path, fail_at: str | None = None, state=None, timeout: float = 600):
    import os
    import subprocess

    from tests.conftest import ROOT, SEED_RAW

    state = state or tmp_path / "state"
    env = _env_for(state) | ({"RECON_FAIL_AT": fail_at} if fail_at else {})
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", "--raw", str(SEED_RAW), "--curated",
         str(tmp_path / "curated"), "--state", str(state), "--reviews", str(tmp_path / "r.json")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
        start_new_session=True,  # like a terminal: its own process group, which Ctrl-C signals
    ), os.path.realpath(state)  # fmt: skip


@pytest.mark.e2e
def test_a_run_killed_while_the_server_starts_leaves_no_server_behind(tmp_path):
    """SIGKILL in the first seconds, before the watchdog existed, orphaned the server to PID 1
    (it still answered a minute later): now the server's parent from its first instant is a guard
    that watches recon."""
    import psutil

    proc, state = _recon_run(tmp_path, "embedded_server.spawned:kill")
    assert proc.returncode == -9, proc.stderr[-2000:]
    _, alive = psutil.wait_procs(_processes_of(state), timeout=30)
    assert not alive, [" ".join(p.cmdline())[:120] for p in alive]
    assert not (tmp_path / "curated").exists()


@pytest.mark.e2e
def test_a_server_that_cannot_start_is_reported_at_once_with_the_cause(tmp_path):
    """A database the server cannot migrate took the whole start timeout (188 s: uvicorn's
    startup failure has the status of a taken port, which Prefect retries) and printed its
    traceback, 98 lines, with no hint."""
    import sqlite3
    import time

    state = tmp_path / "state"
    (state / "prefect").mkdir(parents=True)
    with sqlite3.connect(state / "prefect" / "prefect.db") as db:  # SQLite, but not Prefect's
        db.execute("create table alembic_version (version_num varchar(32) primary key)")
        db.execute("insert into alembic_version values ('deadbeef0000')")
    began = time.monotonic()
    proc, _ = _recon_run(tmp_path, state=state, timeout=300)
    assert proc.returncode == 3
    assert time.monotonic() - began < 120
    (line,) = proc.stderr.strip().splitlines()
    assert "embedded server exited with status 3 while starting" in line
    assert "Can't locate revision" in line and "move it away" in line and "embedded-server.log" in line


@pytest.mark.e2e
def test_ctrl_c_stops_the_run_without_blaming_the_server(tmp_path):
    """Ctrl-C reached the server too, and recon reported that the server had died."""
    import psutil

    proc, state = _recon_run(tmp_path, "per_document.submitted:ctrl-c")
    assert proc.returncode == 3
    assert "recon: interrupted (Ctrl-C); run stopped, nothing published" in proc.stderr
    assert "embedded server exited" not in proc.stderr
    _, alive = psutil.wait_procs(_processes_of(state), timeout=30)
    assert not alive, [" ".join(p.cmdline())[:120] for p in alive]
    assert not (tmp_path / "curated").exists()
