"""Where tasks run: Prefect's default thread pool, or a Dask cluster.

Per-document stages are CPU-bound Python (segmentation, matching), so threads
do not use a second core; a Dask cluster of processes does. ``--workers N``
starts a local cluster for the run; ``--dask-address`` uses an existing one.
"""

from __future__ import annotations


def task_runner(workers: int | None = None, address: str | None = None):
    """A DaskTaskRunner for the options given, or None for Prefect's default."""
    if workers is None and address is None:
        return None
    from prefect_dask import DaskTaskRunner

    if address is not None:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True})
