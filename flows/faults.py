"""Fault injection for robustness tests: ``RECON_FAIL_AT=<point>[:kill|:ctrl-c|:once]``.

At the named point the run raises (or, with ``:kill``, dies by SIGKILL as if
the machine lost power; with ``:ctrl-c``, its process group gets SIGINT, as a
terminal's Ctrl-C sends it), so tests can prove that no point of a run leaves
a partial ``curated/`` or a process behind. With ``:once`` it raises the first
time each process reaches the point and passes after: a transient failure,
which a retry overcomes. Unset in normal use: then this does nothing.
"""

from __future__ import annotations

import os
import signal

ENV = "RECON_FAIL_AT"


class InjectedFault(RuntimeError):
    """Raised at the point named by RECON_FAIL_AT; ``transient`` when it will not recur."""

    def __init__(self, message: str, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


_FAILED_ONCE: set[str] = set()


def checkpoint(point: str) -> None:
    spec = os.environ.get(ENV, "")
    name, _, mode = spec.partition(":")
    if name != point:
        return
    if mode == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if mode == "ctrl-c":
        os.killpg(os.getpgrp(), signal.SIGINT)
        return
    if mode == "once":
        if point in _FAILED_ONCE:
            return
        _FAILED_ONCE.add(point)
        raise InjectedFault(f"transient fault injected at {point}", transient=True)
    raise InjectedFault(f"fault injected at {point}")
