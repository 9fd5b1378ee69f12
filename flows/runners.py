"""Where tasks run: one at a time in the flow's process, or on a Dask cluster.

Per-document stages are CPU-bound Python (segmentation, matching): threads do
not use a second core, they only contend for the interpreter and race to
build the same spaCy pipeline. So by default tasks run one at a time; a Dask
cluster of processes is how to use more cores. ``--workers N`` starts a local
cluster for the run; ``--dask-address`` uses an existing one.
"""

from __future__ import annotations

from prefect.task_runners import ThreadPoolTaskRunner


def serial() -> ThreadPoolTaskRunner:
    """The default: one task at a time."""
    return ThreadPoolTaskRunner(max_workers=1)


def task_runner(workers: int | None = None, address: str | None = None):
    """A DaskTaskRunner for the options given, or None for Prefect's default."""
    if workers is None and address is None:
        return None
    from prefect_dask import DaskTaskRunner

    if address is not None:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True})
