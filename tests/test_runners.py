"""Which task runner each `recon run` option selects."""

from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner
from prefect_dask import DaskTaskRunner

from flows.runners import available_cpus, task_runner


def test_default_is_one_process_per_available_cpu_or_the_flow_process_on_one_cpu():
    runner = task_runner()
    if available_cpus() > 1:
        assert isinstance(runner, ProcessPoolTaskRunner)
        assert runner._max_workers == available_cpus()
    else:
        assert isinstance(runner, ThreadPoolTaskRunner)


def test_one_process_runs_tasks_one_at_a_time_in_the_flow_process():
    runner = task_runner(processes=1)
    assert isinstance(runner, ThreadPoolTaskRunner)
    assert runner._max_workers == 1


def test_processes_sets_the_pool_size():
    assert task_runner(processes=3)._max_workers == 3


def test_workers_or_an_address_select_dask():
    assert isinstance(task_runner(workers=2), DaskTaskRunner)
    assert isinstance(task_runner(address="tcp://127.0.0.1:8786"), DaskTaskRunner)
