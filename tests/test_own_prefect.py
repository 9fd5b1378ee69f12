"""A user's own Prefect server: ``recon run`` reports to it, and its UI has the run, the stage
logs and the progress; on a terminal, the run draws its progress. One run serves every test."""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import termios
import time

import httpx
import pytest

from tests.conftest import ROOT, SEED_RAW

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _up(api: str) -> bool:
    try:
        return httpx.get(api + "/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory) -> str:
    """``prefect server start`` of its own (its own home and database), stopped afterwards."""
    home = tmp_path_factory.mktemp("their-prefect")
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        while not _up(api):
            assert server.poll() is None, f"prefect server start exited with {server.returncode}"
            assert time.monotonic() < deadline, "the Prefect server did not answer within 180 s"
            time.sleep(0.5)
        yield api
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(10)
    assert server.poll() is not None  # stopped: nothing left behind


def run_on_a_terminal(args: list[str], env: dict, timeout: float = 600) -> tuple[int, str]:
    """Run ``recon`` with its stdin, stdout and stderr on a pseudo-terminal 120 columns wide;
    its exit status and everything it wrote."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", *args],
        cwd=ROOT,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        start_new_session=True,
    )
    os.close(slave)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1.0)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # the terminal closed: the run ended
                break
            if not data:
                break
            chunks.append(data)
        returncode = proc.wait(timeout=60)
    finally:
        os.close(master)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    return returncode, b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture(scope="module")
def their_run(prefect_server: str, tmp_path_factory) -> dict:
    """``recon run`` on a terminal with PREFECT_API_URL naming the user's running server."""
    base = tmp_path_factory.mktemp("their-run")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PREFECT_API_URL": prefect_server, "TERM": "xterm"}
    where = ["--curated", str(base / "curated"), "--state", str(base / "state")]
    code, output = run_on_a_terminal(
        ["run", "--raw", str(SEED_RAW), *where, "--reviews", str(base / "reviews.json")], env
    )
    return {"code": code, "output": output, "api": prefect_server, "curated": base / "curated"}


def _post(api: str, path: str, body: dict) -> list[dict]:
    response = httpx.post(f"{api}{path}", json=body, timeout=30)
    response.raise_for_status()
    return response.json()


def test_the_run_uses_the_running_server_and_its_flow_run_appears_there(their_run: dict) -> None:
    assert their_run["code"] == 0, their_run["output"][-3000:]
    assert (their_run["curated"] / "_manifest.json").exists()
    api = their_run["api"]
    flows = _post(api, "/flows/filter", {"flows": {"name": {"any_": ["recon"]}}})
    assert [f["name"] for f in flows] == ["recon"]
    runs = _post(api, "/flow_runs/filter", {"flows": {"id": {"any_": [flows[0]["id"]]}}})
    assert len(runs) == 1 and runs[0]["state_type"] == "COMPLETED"
    assert runs[0]["parameters"]["curated_dir"] == str(their_run["curated"])
    # and the summary says so, with the run's link in their UI
    assert f"  prefect: {api} (PREFECT_API_URL in the environment)" in their_run["output"]
    assert f"  flow run: {api.removesuffix('/api')}" in their_run["output"]
    assert runs[0]["id"] in their_run["output"]


def test_the_server_has_each_stages_rows_and_seconds_in_the_run_log(their_run: dict) -> None:
    api = their_run["api"]
    (run,) = _post(api, "/flow_runs/filter", {"flows": {"name": {"any_": ["recon"]}}})
    logs = _post(api, "/logs/filter", {"logs": {"flow_run_id": {"any_": [run["id"]]}}, "limit": 200})
    lines = [entry["message"] for entry in logs if entry["level"] == 20]  # INFO
    for stage in (
        "ingest: documents 5",
        "extract: mentions",
        "resolve: entities",
        "reconcile: contradictions",
    ):
        assert any(line.startswith(stage) and line.endswith(" s") for line in lines), (stage, lines)
    assert any(line.startswith("validate: quarantine 0 in ") for line in lines)
    assert any(line.startswith("publish: ") for line in lines)


def test_the_server_has_the_runs_progress_artifact_at_100_percent(their_run: dict) -> None:
    artifacts = _post(
        their_run["api"], "/artifacts/filter", {"artifacts": {"key": {"any_": ["recon-progress"]}}}
    )
    assert [a["type"] for a in artifacts] == ["progress"]
    assert artifacts[0]["data"] == 100.0


def test_on_a_terminal_the_run_shows_its_progress_and_clears_it(their_run: dict) -> None:
    output = their_run["output"]
    assert "\rrecon run: extract " in output and " documents · ingest " in output
    assert " elapsed" in output and "about " in output
    assert "\r\x1b[Krecon run " in output  # the line is cleared before the summary
    assert "starting Prefect's embedded server" not in output  # theirs was running
