"""``recon run`` as a call: check the raw directory, set Prefect's environment, start the
embedded server unless the user has their own, run the flow, let the server go.

The CLI parses its options, calls :func:`run` and prints the :class:`RunSummary`
it returns; a script can do the same::

    >>> from flows.run import run
    >>> summary = run("raw", "curated", state=".recon", processes=1)
    >>> summary.published, summary.row_counts["contradictions"]
    (True, 34)

Prefect is imported only after its environment is set (:mod:`flows.settings`),
and the embedded server starts while the pipeline modules import.
"""

from __future__ import annotations

import _thread
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from flows import embedded_server, progress, settings

if TYPE_CHECKING:
    from flows.recon_flow import RunSummary


class UsageError(ValueError):
    """The run cannot start: an unusable raw directory or option; nothing was started."""


def run(
    raw: str | Path = "raw",
    curated: str | Path = "curated",
    reviews: str | Path = "reviews/decisions.json",
    state: str | Path = ".recon",
    *,
    processes: int | None = None,
    workers: int | None = None,
    dask_address: str | None = None,
    batch_size: int = 25,
    verbose: bool = False,
    show_progress: bool | None = None,
    on_server_lost: Callable[[int], None] | None = None,
) -> RunSummary:
    """One full run of the flow over ``raw``, publishing to ``curated`` if every gate passes.

    The run reports to the user's Prefect server when one is configured (see
    :mod:`flows.settings`), else to an embedded server it starts; the summary says
    which (``prefect``, and ``flow_run_url`` for a server that stays up).

    Progress is drawn on stderr when it is a terminal (``show_progress=None``: unless
    ``verbose``, whose log lines would break the line; ``False``: never).

    Raises :class:`UsageError` before anything starts when ``raw`` is unusable,
    ``processes`` is below 1 or the user's Prefect settings cannot be read.
    ``on_server_lost(returncode)`` is called (from another thread) if the embedded
    server dies during the run; by default the run is interrupted (``KeyboardInterrupt``).
    Any other failure of the flow is raised as is.
    """
    from flows.raw_files import RawDirError, candidate_paths

    try:
        candidate_paths(Path(raw))
    except (RawDirError, OSError) as exc:
        raise UsageError(str(exc)) from exc
    if processes is not None and processes < 1:
        raise UsageError("processes must be at least 1")
    try:
        target = settings.configure(Path(state), verbose)
    except settings.SettingsError as exc:
        raise UsageError(str(exc)) from exc
    server = embedded_server.start()  # none when the user's server is configured
    from flows.recon_flow import recon_flow

    draw = progress.shows_progress(sys.stderr) and (not verbose if show_progress is None else show_progress)
    try:
        with progress.on_terminal(sys.stderr, enabled=draw) as line:
            if server is not None:
                line.note("starting Prefect's embedded server (about 20 s)")
                server.ready(on_lost=on_server_lost or (lambda returncode: _thread.interrupt_main()))
            summary = recon_flow(
                raw_dir=str(raw),
                curated_dir=str(curated),
                reviews_path=str(reviews),
                state_dir=str(state),
                batch_size=batch_size,
                processes=processes,
                dask_workers=workers,
                dask_address=dask_address,
            )
    finally:
        if server is not None:
            server.release()
    # the embedded server's UI ends with the run: only a server that stays up has a link to give
    link = None if target.embedded else summary.flow_run_url
    return replace(summary, prefect=target.describe(), flow_run_url=link)
