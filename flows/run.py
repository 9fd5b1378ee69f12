"""``recon run`` as a call: check the options, set Prefect's environment, start the
embedded server unless the user has their own, run the flow, let the server go.

The CLI parses its options, calls :func:`run` and prints the :class:`RunSummary`
it returns; a script can do the same::

    >>> from flows.run import run
    >>> summary = run("raw", "curated", state=".recon", processes=1)
    >>> summary.published, summary.row_counts["contradictions"]
    (True, 34)

Everything that can make a run unusable is checked before anything starts
(:func:`check`): the raw directory and whether it holds a text file at all, the
counts, directories that overlap, a ``--state`` or ``--curated`` that cannot
be written, a Prefect database that is not one. Prefect is imported only after
its environment is set (:mod:`flows.settings`), and the embedded server starts
while the pipeline modules import.
"""

from __future__ import annotations

import _thread
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from flows import embedded_server, progress, settings

if TYPE_CHECKING:
    from flows.recon_flow import RunSummary

_SQLITE_MAGIC = b"SQLite format 3\x00"


class UsageError(ValueError):
    """The run cannot start: an unusable raw directory or option; nothing was started."""


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def most_processes() -> int:
    """The largest pool a run may start: four per available CPU (each process holds the
    extraction pipeline, some hundreds of MB; more of them only add memory)."""
    return max(4 * _cpus(), 8)


def count_problem(value: int | None, most: int | None = None) -> str | None:
    """What is wrong with a count option (processes, workers, batch size), or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        return f"must be a whole number, not {value!r}"
    if value < 1:
        return "must be at least 1"
    if most is not None and value > most:
        return f"must be at most {most} (four per available CPU)"
    return None


def _real(path: str | Path) -> Path:
    return Path(os.path.realpath(path))


def _inside(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def _writable_dir(path: Path, what: str, *, parent_too: bool = False) -> None:
    """``path`` is a directory that can be written, or can be made as one; with
    ``parent_too``, its parent can be written as well (publishing renames beside it)."""
    if path.exists():
        if not path.is_dir():
            raise UsageError(f"{what} {path} exists and is not a directory")
        if not os.access(path, os.W_OK | os.X_OK):
            raise UsageError(f"{what} {path} is not writable")
        if not parent_too:
            return
    parent = next(p for p in path.absolute().parents if p.exists())
    if not parent.is_dir():
        raise UsageError(f"{what} {path} cannot be made: {parent} is not a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"{what} {path} cannot be published to: {parent} is not writable")


def _prefect_database(state: Path) -> Path | None:
    """The SQLite file the embedded server will open, when it is the default one."""
    if os.environ.get("PREFECT_API_URL") or os.environ.get("PREFECT_API_DATABASE_CONNECTION_URL"):
        return None
    home = Path(os.environ.get("PREFECT_HOME") or state / "prefect")
    return home / "prefect.db"


def check(
    raw: str | Path,
    curated: str | Path,
    reviews: str | Path,
    state: str | Path,
    *,
    processes: int | None = None,
    workers: int | None = None,
    batch_size: int = 25,
    allow_empty: bool = False,
    cache: str | None = None,
) -> None:
    """Raise :class:`UsageError` if a run with these options cannot or must not start."""
    from flows.partials import filesystem
    from flows.raw_files import RawDirError, local_dir, scan, store

    if cache is not None:
        try:
            filesystem(cache)
        except (ValueError, ImportError) as exc:
            raise UsageError(f"--cache {cache} cannot be opened: {exc}") from exc

    for name, value, most in (
        ("processes", processes, most_processes()),
        ("workers", workers, most_processes()),
        ("batch_size", batch_size, None),
    ):
        if problem := count_problem(value, most):
            raise UsageError(f"{name} {problem}")
    try:
        scanned = scan(raw)
    except (RawDirError, OSError) as exc:
        raise UsageError(str(exc)) from exc
    skipped = scanned.skipped
    if not scanned.refs and not allow_empty:
        what = (
            f" ({len(skipped)} other entries skipped, e.g. {skipped[0].path}: {skipped[0].reason})"
            if skipped
            else ""
        )
        raise UsageError(
            f"raw directory {raw} holds no .txt or .md file{what}; a run would "
            f"replace {curated} with empty tables: pass --allow-empty to publish them"
        )
    curated_r = _real(curated)
    raw_r = None if store(raw) else _real(local_dir(raw))
    if raw_r is not None and (_inside(curated_r, raw_r) or _inside(raw_r, curated_r)):
        raise UsageError(
            f"--curated {curated} and --raw {raw} overlap: published tables and the report would be "
            "read back as documents, or publishing would replace the raw texts; use separate directories"
        )
    for option, path in (("--state", state), ("--reviews", reviews)):
        if _inside(_real(path), curated_r):
            raise UsageError(
                f"{option} {path} is inside --curated {curated}, which every run replaces: keep it outside"
            )
    _writable_dir(Path(state), "--state")
    _writable_dir(Path(curated), "--curated", parent_too=True)
    database = _prefect_database(Path(state))
    if database is not None and database.is_file() and database.stat().st_size:
        with open(database, "rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
        if head != _SQLITE_MAGIC:
            raise UsageError(
                f"Prefect's database {database} is not a SQLite database (damaged or overwritten): "
                "move it away (a new one is made) or pass another --state"
            )


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
    allow_empty: bool = False,
    cache: str | None = None,
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

    Raises :class:`UsageError` before anything starts when an option is unusable
    (:func:`check`) or the user's Prefect settings cannot be read. Without a usable
    document nothing is published (``summary.refused``) unless ``allow_empty``.
    ``on_server_lost(returncode)`` is called (from another thread) if the embedded
    server dies during the run; by default the run is interrupted (``KeyboardInterrupt``).
    Any other failure of the flow is raised as is.
    """
    check(
        raw,
        curated,
        reviews,
        state,
        processes=processes,
        workers=workers,
        batch_size=batch_size,
        allow_empty=allow_empty,
        cache=cache,
    )
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
                allow_empty=allow_empty,
                cache=cache,
            )
    finally:
        if server is not None:
            server.release()
    # the embedded server's UI ends with the run: only a server that stays up has a link to give
    link = None if target.embedded else summary.flow_run_url
    return replace(summary, prefect=target.describe(), flow_run_url=link)
