"""The guard around Prefect's embedded server: a server lost mid-run is reported, a released one is not."""

import subprocess
import sys
import threading

from flows.embedded_server import watch


def test_a_server_exiting_during_the_run_is_reported_with_its_status():
    lost: list[int] = []
    watch(subprocess.Popen([sys.executable, "-c", "raise SystemExit(7)"]), lost.append, threading.Event())
    assert lost == [7]


def test_a_server_stopping_after_the_run_is_not_a_loss():
    released = threading.Event()
    released.set()
    lost: list[int] = []
    watch(subprocess.Popen([sys.executable, "-c", "pass"]), lost.append, released)
    assert lost == []
