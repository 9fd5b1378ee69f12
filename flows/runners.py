"""Where per-document tasks run: local processes (the default), the flow's own process, or Dask.

Per-document stages are CPU-bound Python (segmentation, matching): threads do
not use a second core, they only contend for the interpreter. So by default the
mapped ingest and extract tasks run in a pool of local processes, one per CPU
this process may use (``--processes N``; 1 runs them one at a time in the flow's
own process). A Dask cluster is how to go beyond one machine: ``--workers N``
starts a local one for the run, ``--dask-address`` uses an existing one. The
cross-document stages always run in the flow's process.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys

from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Worker initializer: a worker whose parent is gone (a killed ``recon run``) ends at once,
    rather than waiting forever for tasks. Linux only; elsewhere it does nothing."""
    if sys.platform != "linux":
        return
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:  # it died before the request took effect
        os._exit(1)


def available_cpus() -> int:
    """CPUs this process may run on (its affinity mask, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def serial() -> ThreadPoolTaskRunner:
    """One task at a time, in the flow's process."""
    return ThreadPoolTaskRunner(max_workers=1)


def task_runner(
    processes: int | None = None, workers: int | None = None, address: str | None = None
) -> TaskRunner:
    """The runner for the options given: Dask if asked for, else ``processes`` local processes."""
    if address is not None or workers is not None:
        from prefect_dask import DaskTaskRunner

        if address is not None:
            return DaskTaskRunner(address=address)
        cluster = {"n_workers": workers, "threads_per_worker": 1, "processes": True}
        return DaskTaskRunner(cluster_kwargs=cluster)
    n = processes if processes is not None else available_cpus()
    return ProcessPoolTaskRunner(max_workers=n, initializer=die_with_parent) if n > 1 else serial()
