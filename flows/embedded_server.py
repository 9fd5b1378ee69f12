"""Prefect's embedded server for one ``recon run``: started early, guarded, never left behind.

Prefect starts this server (uvicorn in a child process) on first use when no
``PREFECT_API_URL`` is set. ``recon run`` starts it itself, in the background
while the pipeline modules import, through a small guard process
(``_GUARD``) that is the server's parent from its first instant:

* the guard stops the server when ``recon`` dies, even by SIGKILL and even
  while the server is still starting (Prefect's own cleanup is an ``atexit``
  hook, which a killed process never runs);
* the server runs in a session of its own, so Ctrl-C in the terminal reaches
  ``recon`` (which stops the run and says so), not the server;
* its output goes to ``<PREFECT_HOME>/embedded-server.log``: a server that
  exits while starting (a damaged database) is reported at once, with the
  last lines of that log, instead of after the whole start timeout with its
  traceback on the terminal.

During the run a monitor thread ends the run with a clear message if the
server dies, instead of leaving the flow waiting on an API that is gone.
Publishing is atomic, so ending there leaves the previous ``curated/`` as it was.
"""

from __future__ import annotations

import atexit
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from flows.faults import checkpoint

# Runs as its own process, the server's parent: argv is recon's pid, then the server's command.
# It prints the server's pid, then waits for whichever ends first: recon (then it stops the
# server, also by SIGTERM from Prefect's own cleanup) or the server (then it exits with its
# status, so Prefect's "port taken" retry, status 3, still works).
_GUARD = r"""
import ctypes, os, select, signal, subprocess, sys
recon = int(sys.argv[1])
watch = os.pidfd_open(recon)
if os.getppid() != recon:  # recon died before the guard could watch it
    sys.exit(1)
signal.signal(signal.SIGINT, signal.SIG_IGN)
def die_with_guard():
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
server = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, start_new_session=True,
                          preexec_fn=die_with_guard)
def stop(*_):
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    os._exit(0)
signal.signal(signal.SIGTERM, stop)
print(server.pid, flush=True)
done = os.pidfd_open(server.pid)
ready, _, _ = select.select([watch, done], [], [])
if watch in ready:
    stop()
code = server.wait()
os._exit(code if code >= 0 else 128 - code)
"""


class ServerStartError(RuntimeError):
    """Prefect's embedded server did not start; the message says why and what to do."""


def _log_tail(log: Path, n: int) -> list[str]:
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    return [line.strip() for line in lines if line.strip()][-n:]


def _port_taken(log: Path) -> bool:
    """Did the server exit because its port was taken (uvicorn's status 3 also means any
    other startup failure, such as a database that is not one)?"""
    return any("address already in use" in line.lower() for line in _log_tail(log, 50))


def _start_failure(code: int | None, log: Path, home: Path) -> ServerStartError:
    tail = _log_tail(log, 50)
    how = "did not answer in time" if code is None else f"exited with status {code} while starting"
    errors = [line for line in tail if re.search(r"(?:Error|Exception)\b.*:", line)]
    cause = f": {(errors or tail)[-1]}" if tail else ""
    hint = (
        f"its database {home / 'prefect.db'} may be damaged: move it away (a new one is made) "
        "or pass another --state"
        if any(word in line.lower() for line in errors for word in ("database", "sqlite", "alembic"))
        else "see its log"
    )
    return ServerStartError(f"Prefect's embedded server {how}{cause}; {hint} (log: {log})")


def _guarded_server_class():
    """Prefect's ``SubprocessASGIServer`` started through ``_GUARD``, failing fast."""
    import httpx
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_HOME, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS

    class GuardedServer(SubprocessASGIServer):
        def _run_uvicorn_command(self) -> subprocess.Popen:
            # Prefect's own command and environment (prefect 3.8: SubprocessASGIServer), behind the guard
            import prefect
            from prefect.settings import get_current_settings

            server = [
                sys.executable, "-m", "uvicorn", "--app-dir", str(prefect.__module_path__.parent),
                "--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1",
                "--port", str(self.port), "--log-level", "error", "--lifespan", "on",
            ]  # fmt: skip
            env = {
                **os.environ,
                "PREFECT_UI_ENABLED": "0",
                "PREFECT__SERVER_EPHEMERAL": "1",
                "PREFECT__SERVER_FINAL": "1",
                **get_current_settings().to_environment_variables(exclude_unset=True),
            }
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.log_path, "wb") as log:
                guard = subprocess.Popen(
                    [sys.executable, "-c", _GUARD, str(os.getpid()), *server],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=log,
                    env=env,
                    close_fds=True,
                )
            assert guard.stdout is not None
            with guard.stdout:
                line = guard.stdout.readline()  # the server's pid, once it is spawned
            self.server_pid = int(line) if line.strip().isdigit() else None
            checkpoint("embedded_server.spawned")
            return guard

        @property
        def log_path(self) -> Path:
            return Path(PREFECT_HOME.value()) / "embedded-server.log"

        def start(self, timeout: int | None = None) -> None:
            """Start the server and wait until it answers; raise at once if it exits meanwhile."""
            if self.running:
                return
            limit = timeout or PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value()
            self.port = self.port or self.find_available_port()
            self.running = True
            try:
                self.server_process = self._run_uvicorn_command()
                atexit.register(self.stop)
                deadline = time.monotonic() + limit
                with httpx.Client() as client:
                    while True:
                        code = self.server_process.poll()
                        if code == 3 and _port_taken(self.log_path):  # taken meanwhile: another one
                            self.port = self.find_available_port()
                            self.server_process = self._run_uvicorn_command()
                            continue
                        if code is not None:
                            raise _start_failure(code, self.log_path, Path(PREFECT_HOME.value()))
                        try:
                            if client.get(f"{self.api_url}/health").status_code == 200:
                                return
                        except httpx.HTTPError:
                            pass
                        if time.monotonic() > deadline:
                            raise _start_failure(None, self.log_path, Path(PREFECT_HOME.value()))
                        time.sleep(0.1)
            except BaseException:
                self.running = False
                if self.server_process is not None and self.server_process.poll() is None:
                    self.server_process.terminate()
                raise

    return GuardedServer


class EmbeddedServer:
    """The embedded server of this process, starting in a background thread."""

    def __init__(self) -> None:
        self._error: BaseException | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._start, name="prefect-embedded-server", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        try:
            if sys.platform == "linux" and hasattr(os, "pidfd_open"):
                self._server = _guarded_server_class()()
            else:  # no pidfd to watch recon with: Prefect's own server, stopped at a normal exit
                from prefect.server.api.server import SubprocessASGIServer

                self._server = SubprocessASGIServer()
            self._server.start()
        except BaseException as exc:  # reported by ready(), in the main thread
            self._error = exc

    def ready(self, on_lost: Callable[[int], None]) -> None:
        """Wait until the server answers; then guard it. ``on_lost(returncode)`` is called
        (from another thread) if the server exits before :meth:`release`."""
        self._thread.join()
        if isinstance(self._error, ServerStartError):
            raise self._error
        if self._error is not None:
            raise ServerStartError(f"Prefect's embedded server did not start: {self._error}") from self._error
        args = (self._server.server_process, on_lost, self._done)
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
