"""``recon serve``: the flow as a Prefect deployment on a schedule.

Schedules are kept by a Prefect server, not by the embedded one a single run
uses, so this needs ``PREFECT_API_URL`` pointing at a running
``prefect server start``. The deployment is served with
``pause_on_shutdown=False`` and ``paused=False``: stopping ``recon serve``
does not leave the schedule paused for the next start. One run at a time
(``limit=1``): a run that fires while another is going waits its turn instead
of competing for the same cores and the same ``curated/``.
"""

from __future__ import annotations

import argparse
import os
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx

START_SERVER = (
    "start one with `prefect server start --host 127.0.0.1 --port 4200` (in another terminal) "
    "and `export PREFECT_API_URL=http://127.0.0.1:4200/api`"
)


class ServeError(Exception):
    """Serving cannot start; the message says what to do."""


def check_server(api_url: str | None) -> str:
    """The reachable API URL, or a ServeError saying how to start a server."""
    if not api_url:
        raise ServeError(
            f"PREFECT_API_URL is not set; cron schedules need a running Prefect server: {START_SERVER}"
        )
    try:
        httpx.get(api_url.rstrip("/") + "/health", timeout=5).raise_for_status()
    except httpx.HTTPError as exc:
        raise ServeError(f"no Prefect server answers at {api_url} ({exc}); {START_SERVER}") from exc
    return api_url


def build_schedule(cron: str, timezone: str, interval_s: float | None):
    """A Prefect schedule: the cron expression in an explicit time zone, or an interval."""
    from prefect.schedules import Cron, Interval

    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ServeError(f"unknown time zone {timezone!r}") from exc
    if interval_s is not None:
        return Interval(timedelta(seconds=interval_s), timezone=timezone)
    try:
        return Cron(cron, timezone=timezone)
    except ValueError as exc:
        raise ServeError(f"invalid cron expression {cron!r}: {exc}") from exc


def serve(args: argparse.Namespace) -> None:
    """Serve until stopped (Ctrl-C)."""
    check_server(os.environ.get("PREFECT_API_URL"))
    schedule = build_schedule(args.cron, args.timezone, getattr(args, "interval", None))
    from flows.recon_flow import recon_flow

    parameters = {
        "raw_dir": str(Path(args.raw).absolute()),
        "curated_dir": str(Path(args.curated).absolute()),
        "reviews_path": str(Path(args.reviews).absolute()),
        "state_dir": str(Path(args.state).absolute()),
    }
    recon_flow.serve(
        name=args.name,
        schedules=[schedule],
        parameters=parameters,
        paused=False,
        pause_on_shutdown=False,
        limit=1,
    )
