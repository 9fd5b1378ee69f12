"""``recon serve``: clear messages without a server; a real server runs the schedule."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from flows.serve import ServeError, build_schedule, check_server
from tests.conftest import ROOT, SEED_RAW


def test_no_api_url_says_how_to_start_a_server() -> None:
    with pytest.raises(ServeError, match=re.escape("prefect server start --host 127.0.0.1")):
        check_server(None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_server_is_named_in_the_message() -> None:
    url = f"http://127.0.0.1:{_free_port()}/api"
    with pytest.raises(ServeError, match=f"no Prefect server answers at {url}"):
        check_server(url)


def test_schedule_is_cron_in_an_explicit_time_zone() -> None:
    schedule = build_schedule("0 6 * * *", "Asia/Shanghai", None)
    assert schedule.cron == "0 6 * * *"
    assert schedule.timezone == "Asia/Shanghai"


@pytest.mark.parametrize(
    ("cron", "tz", "message"), [("0 6 * *", "UTC", "invalid cron"), ("0 6 * * *", "Mars/Base", "time zone")]
)
def test_bad_schedule_options_are_refused(cron: str, tz: str, message: str) -> None:
    with pytest.raises(ServeError, match=message):
        build_schedule(cron, tz, None)


def _wait_for(predicate, timeout_s: float, what: str, procs=()) -> None:
    """Poll a condition until it holds, failing with the output of ``procs`` if it never does."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        for p in procs:
            if p.poll() is not None:
                pytest.fail(f"{what}: process exited early with {p.returncode}")
        time.sleep(0.5)
    pytest.fail(f"timed out after {timeout_s:.0f} s waiting for {what}")


def _server_up(url: str) -> bool:
    try:
        return httpx.get(url + "/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.e2e
def test_served_deployment_runs_on_schedule_and_publishes(tmp_path: Path) -> None:
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PYTHONPATH": str(ROOT),
    }
    started: list[subprocess.Popen] = []
    try:
        server = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        started.append(server)
        _wait_for(lambda: _server_up(api), 120, "the Prefect server", [server])
        curated = tmp_path / "curated"
        serve = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flows.cli",
                "serve",
                "--interval",
                "5",
                "--raw",
                str(SEED_RAW),
                "--curated",
                str(curated),
                "--state",
                str(tmp_path / "state"),
                "--reviews",
                str(tmp_path / "reviews.json"),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        started.append(serve)
        _wait_for(lambda: (curated / "_manifest.json").exists(), 300, "a scheduled run to publish", [serve])
        manifest = json.loads((curated / "_manifest.json").read_text())
        assert {i["status"] for i in manifest["inputs"]} == {"ok"}
        deployment = httpx.get(f"{api}/deployments/name/recon/recon-scheduled", timeout=10).json()
        serve.send_signal(signal.SIGTERM)  # what a supervisor sends; Prefect's runner stops gracefully
        serve.wait(120)
        after = httpx.get(f"{api}/deployments/name/recon/recon-scheduled", timeout=10).json()
        assert deployment["paused"] is False
        assert after["paused"] is False  # stopping serve leaves the schedule active for the next start
    finally:
        for p in reversed(started):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
                try:
                    p.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cron", "* * * * * * *"], "it has 7 fields"),  # read as seconds: fired every second
        (["--cron", "*/5 * * * * *"], "it has 6 fields"),
        (["--interval", "0"], "--interval must be a number of seconds, at least 1"),  # a traceback, exit 1
        (["--interval", "-5"], "--interval must be a number of seconds, at least 1"),
        (["--interval", "nan"], "--interval must be a number of seconds, at least 1"),
    ],
)
def test_a_schedule_that_would_flood_the_server_is_bad_usage(tmp_path: Path, args, message) -> None:
    """``--cron "* * * * * * *"`` fired every second and left 100 runs queued after stopping;
    ``--interval 0``/``-5`` gave a traceback. Both are refused before anything starts."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", "serve", *args, "--state", str(tmp_path / "state")],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert message in proc.stderr and proc.stderr.count("\n") == 1
    assert not (tmp_path / "state").exists()
