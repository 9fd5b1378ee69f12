"""Per-document tasks are idempotent, so a failed batch is retried; a fault bound to recur is not."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from flows.faults import InjectedFault, checkpoint
from flows.recon_flow import extract_task, ingest_task, worth_retrying


@pytest.mark.parametrize("task", [ingest_task, extract_task])
def test_per_document_tasks_are_retried_twice_with_a_delay(task) -> None:
    assert task.retries == 2
    assert task.retry_delay_seconds == [1, 4]
    assert task.retry_condition_fn is worth_retrying


@pytest.mark.parametrize(
    ("error", "retried"),
    [
        (OSError("disk hiccup"), True),
        (MemoryError(), True),
        (InjectedFault("transient", transient=True), True),
        (InjectedFault("fault injected at extract"), False),
    ],
)
def test_what_is_worth_retrying(error: BaseException, retried: bool) -> None:
    assert worth_retrying(None, None, SimpleNamespace(data=error)) is retried


def test_a_once_fault_fails_the_first_time_only(monkeypatch) -> None:
    monkeypatch.setenv("RECON_FAIL_AT", "test.once-point:once")
    with pytest.raises(InjectedFault) as raised:
        checkpoint("test.once-point")
    assert raised.value.transient
    checkpoint("test.once-point")  # passes now
