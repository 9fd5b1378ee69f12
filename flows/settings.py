"""Prefect settings this project needs, applied before Prefect is imported.

Prefect's embedded server takes 13–27 s to start on this machine and would
send telemetry; its home must be local to the project. Values already set in
the environment win, so a user can point ``PREFECT_API_URL`` at a real server.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
    "DASK_LOGGING__DISTRIBUTED": "warning",
}


def configure(state_dir: Path, verbose: bool = False) -> None:
    """Set the Prefect environment for a run whose local state lives in ``state_dir``."""
    state_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str((state_dir / "prefect").absolute()))
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
    logging.getLogger("jieba").setLevel(logging.WARNING)


def share_api_url() -> None:
    """Put the API URL this process talks to in the environment, for the processes it starts.

    Without ``PREFECT_API_URL``, Prefect starts an embedded server per process:
    each process-pool worker would start its own (seconds each, and memory).
    Called inside the flow, where the client exists, before any task is submitted.
    """
    if os.environ.get("PREFECT_API_URL"):
        return
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        os.environ["PREFECT_API_URL"] = str(client.api_url).rstrip("/")
