"""Prefect's embedded server for one ``recon run``: started early, watched, never left behind.

Prefect starts this server (uvicorn in a child process) on first use when no
``PREFECT_API_URL`` is set. ``recon run`` starts it itself, in the background
while the pipeline modules import, and then:

* a watchdog process (``_WATCHDOG``) stops the server when ``recon`` dies, even
  by SIGKILL: Prefect's own cleanup is an ``atexit`` hook, which a killed
  process never runs, so the server would otherwise outlive it;
* a monitor thread ends the run with a clear message if the server dies during
  it, instead of leaving the flow waiting on an API that is gone. Publishing
  is atomic, so ending there leaves the previous ``curated/`` as it was.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable

# Runs as its own process: asks the kernel for SIGTERM when its parent (recon) dies,
# then stops the server, through a pidfd so a reused pid is never signalled.
_WATCHDOG = """
import ctypes, os, select, signal, sys
server, parent = int(sys.argv[1]), int(sys.argv[2])
fd = os.pidfd_open(server)
def stop(*_):
    try:
        signal.pidfd_send_signal(fd, signal.SIGTERM)
    except ProcessLookupError:
        pass
    os._exit(0)
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, stop)
ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
if os.getppid() != parent:
    stop()
select.select([fd], [], [])  # readable once the server has exited on its own
"""


class EmbeddedServer:
    """The embedded server of this process, starting in a background thread."""

    def __init__(self) -> None:
        self._error: BaseException | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._start, name="prefect-embedded-server", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        try:
            from prefect.server.api.server import SubprocessASGIServer

            self._server = SubprocessASGIServer()
            self._server.start()
        except BaseException as exc:  # reported by ready(), in the main thread
            self._error = exc

    def ready(self, on_lost: Callable[[int], None]) -> None:
        """Wait until the server answers; then guard it. ``on_lost(returncode)`` is called
        (from another thread) if the server exits before :meth:`release`."""
        self._thread.join()
        if self._error is not None:
            raise RuntimeError(f"Prefect's embedded server did not start: {self._error}") from self._error
        process = self._server.server_process
        if sys.platform == "linux" and hasattr(os, "pidfd_open"):
            subprocess.Popen(
                [sys.executable, "-c", _WATCHDOG, str(process.pid), str(os.getpid())],
                stdin=subprocess.DEVNULL,
                close_fds=True,
            )
        args = (process, on_lost, self._done)
        threading.Thread(target=watch, args=args, name="prefect-server-monitor", daemon=True).start()

    def release(self) -> None:
        """The run is over: the server may now stop (Prefect stops it at exit)."""
        self._done.set()


def watch(process: subprocess.Popen, on_lost: Callable[[int], None], released: threading.Event) -> None:
    """Wait for ``process``; call ``on_lost(returncode)`` if it ends before ``released`` is set."""
    code = process.wait()
    if not released.is_set():
        on_lost(code)


def start() -> EmbeddedServer | None:
    """Start the embedded server unless ``PREFECT_API_URL`` names another one."""
    return None if os.environ.get("PREFECT_API_URL") else EmbeddedServer()
