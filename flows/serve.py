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

import math
import os
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx

from flows import settings

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


#: the shortest interval between scheduled runs, in seconds
MIN_INTERVAL_S = 1.0


def check_schedule(cron: str, timezone: str, interval_s: float | None) -> None:
    """Raise :class:`ServeError` for a schedule :func:`build_schedule` must refuse, without Prefect."""
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ServeError(f"unknown time zone {timezone!r}") from exc
    if interval_s is not None:
        if not math.isfinite(interval_s) or interval_s < MIN_INTERVAL_S:
            raise ServeError(
                f"--interval must be a number of seconds, at least {MIN_INTERVAL_S:g}, not {interval_s:g}"
            )
        return
    fields = cron.split()
    if len(fields) != 5:
        raise ServeError(
            f"invalid cron expression {cron!r}: it has {len(fields)} fields, a schedule needs the five "
            "of minute, hour, day of month, month and day of week (e.g. '0 6 * * *')"
        )


def build_schedule(cron: str, timezone: str, interval_s: float | None):
    """A Prefect schedule: the cron expression in an explicit time zone, or an interval.

    A cron expression has the five standard fields (minute hour day month weekday):
    Prefect's parser would also take six or seven, reading the first as seconds, so
    ``* * * * * * *`` would fire every second and pile up runs. An interval is a
    finite number of seconds, at least :data:`MIN_INTERVAL_S`."""
    check_schedule(cron, timezone, interval_s)
    from prefect.schedules import Cron, Interval

    if interval_s is not None:
        return Interval(timedelta(seconds=interval_s), timezone=timezone)
    try:
        return Cron(cron, timezone=timezone)
    except ValueError as exc:
        raise ServeError(f"invalid cron expression {cron!r}: {exc}") from exc


def serve(
    raw: str | Path = "raw",
    curated: str | Path = "curated",
    reviews: str | Path = "reviews/decisions.json",
    state: str | Path = ".recon",
    *,
    cron: str = "0 6 * * *",
    timezone: str = "UTC",
    interval: float | None = None,
    name: str = "recon-scheduled",
    verbose: bool = False,
) -> None:
    """Serve the flow on ``cron`` in ``timezone`` (or every ``interval`` seconds) until
    stopped (Ctrl-C, SIGTERM). Raises :class:`ServeError` when it cannot start."""
    check_schedule(cron, timezone, interval)  # bad usage first, before anything starts
    settings.configure(Path(state), verbose)  # before Prefect is imported
    schedule = build_schedule(cron, timezone, interval)
    check_server(os.environ.get("PREFECT_API_URL"))
    from flows import raw_files
    from flows.recon_flow import recon_flow

    try:
        remote = raw_files.store(raw) is not None
    except raw_files.RawDirError as exc:
        raise ServeError(str(exc)) from exc
    parameters = {
        "raw_dir": str(raw) if remote else str(raw_files.local_dir(raw).absolute()),
        "curated_dir": str(Path(curated).absolute()),
        "reviews_path": str(Path(reviews).absolute()),
        "state_dir": str(Path(state).absolute()),
    }
    recon_flow.serve(
        name=name,
        schedules=[schedule],
        parameters=parameters,
        paused=False,
        pause_on_shutdown=False,
        limit=1,
    )
