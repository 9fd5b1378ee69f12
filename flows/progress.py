"""How far a run is, for the people waiting on it: a line on their terminal, a Prefect
progress artifact in the UI, and each stage's rows and seconds in the run's log.

The flow reports as it goes (:func:`start`, :func:`documents`, :func:`advance`,
:func:`stage`, :func:`finish`); the per-document stages count documents as their
batches finish, the cross-document stages report as each one starts. Whoever
shows progress listens (:func:`listen`): ``recon run`` on a terminal draws one
line on stderr, rewritten in place, and clears it when the run ends::

    recon run: extract 1,250/5,000 documents · ingest 5,000/5,000 · 1:52 elapsed · about 4:40 left

Not on a terminal (a CI log, a pipe, a test) nothing is drawn. A served run has
no listener; its progress artifact (key ``recon-progress``) is updated all the same.

The estimate weighs each stage by its share of a run's time (extraction is most
of it; per-document stages are shared among the worker processes) and
extrapolates from the share done so far.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

#: the stages a run goes through, in order
STAGES = ("scan", "ingest", "extract", "resolve", "reconcile", "validate", "publish")
PER_DOCUMENT = ("ingest", "extract")
#: each stage's share of a one-process run, from the per-stage throughput measured at
#: 1,000 documents (README: ingest 3.3M chars/s, extract 114k, resolve 7.1M, …)
WEIGHTS = {
    "scan": 0.002,
    "ingest": 0.03,
    "extract": 0.84,
    "resolve": 0.013,
    "reconcile": 0.05,
    "validate": 0.038,
    "publish": 0.032,
}
ARTIFACT_KEY = "recon-progress"
#: the artifact is updated at most this often (each update is an API call)
ARTIFACT_EVERY_S = 2.0


@dataclass(frozen=True)
class Snapshot:
    """Where a run is."""

    stage: str
    total: int  # documents
    done: dict[str, int]  # per-document stage -> documents done
    elapsed: float  # seconds
    fraction: float  # of the whole run, 0–1
    remaining: float | None  # seconds, None until there is enough to go on

    def line(self) -> str:
        """The run in one line: ``extract 12/40 documents · ingest 40/40 · 0:21 elapsed · about 0:50 left``"""
        parts = []
        if self.stage in PER_DOCUMENT:
            parts.append(f"{self.stage} {self.done.get(self.stage, 0):,}/{self.total:,} documents")
            other = "ingest" if self.stage == "extract" else "extract"
            parts.append(f"{other} {self.done.get(other, 0):,}/{self.total:,}")
        elif self.stage == "scan":
            parts.append("scanning the raw directory")
        else:
            parts.append(f"{self.stage} (documents {self.total:,})")
        parts.append(f"{clock(self.elapsed)} elapsed")
        if self.remaining is not None:
            parts.append(f"about {clock(self.remaining)} left")
        return "recon run: " + " · ".join(parts)


def clock(seconds: float) -> str:
    """``0:07``, ``4:40``, ``1:02:03``."""
    s = max(round(seconds), 0)
    hours, rest = divmod(s, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


@dataclass
class Tracker:
    """The state of one run's progress; thread-safe (tasks report from other threads)."""

    parallel: int = 1  # worker processes sharing the per-document stages
    now: Callable[[], float] = time.monotonic
    total: int = 0
    current: str = "scan"
    done: dict[str, int] = field(default_factory=dict)
    started: float = field(default=0.0)
    ended: dict[str, float] = field(default_factory=dict)  # stage -> seconds since start when it ended
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.started = self.started or self.now()

    def _weights(self) -> dict[str, float]:
        shared = max(self.parallel, 1)
        weights = {s: w / shared if s in PER_DOCUMENT else w for s, w in WEIGHTS.items()}
        total = sum(weights.values())
        return {s: w / total for s, w in weights.items()}

    def documents(self, n: int) -> None:
        with self._lock:
            self.total = n
            self._enter("ingest")

    def advance(self, stage: str, n: int) -> None:
        with self._lock:
            self.done[stage] = min(self.done.get(stage, 0) + n, self.total)
            if self.done[stage] >= self.total:
                self.ended.setdefault(stage, self.now() - self.started)
            if self.current in PER_DOCUMENT and (
                self.done.get("ingest", 0) >= self.total or self.done.get("extract", 0)
            ):
                self._enter("extract")  # batches overlap: show the furthest stage at work

    def stage(self, name: str) -> None:
        with self._lock:
            self._enter(name)

    def _enter(self, name: str) -> None:
        if name == self.current:
            return
        elapsed = self.now() - self.started
        for earlier in STAGES[: STAGES.index(name)]:
            if not (earlier in PER_DOCUMENT and name in PER_DOCUMENT):  # those overlap
                self.ended.setdefault(earlier, elapsed)
        self.current = name

    def seconds(self) -> dict[str, float]:
        """How long each ended stage took (per-document stages overlap: from the start of ingest)."""
        out, previous = {}, 0.0
        for name in STAGES:
            if name not in self.ended:
                break
            start = self.ended.get("scan", 0.0) if name in PER_DOCUMENT else previous
            out[name] = round(max(self.ended[name] - start, 0.0), 3)
            previous = max(previous, self.ended[name])
        return out

    def snapshot(self) -> Snapshot:
        with self._lock:
            weights = self._weights()
            fraction = 0.0
            for name in STAGES:
                if name in PER_DOCUMENT:
                    share = self.done.get(name, 0) / self.total if self.total else float(name in self.ended)
                    fraction += weights[name] * share
                elif name in self.ended:
                    fraction += weights[name]
            elapsed = self.now() - self.started
            remaining = None
            # worker processes take seconds to start: no estimate before extraction has begun
            begun = self.done.get("extract", 0) or self.current not in ("scan", *PER_DOCUMENT)
            if begun and fraction >= 0.02 and elapsed >= 3:
                remaining = max(elapsed / fraction - elapsed, 0.0)
            return Snapshot(self.current, self.total, dict(self.done), elapsed, min(fraction, 1.0), remaining)


Listener = Callable[[Snapshot | None], None]  # None: the run is over
_listeners: list[Listener] = []
_run: dict = {}  # the current run: tracker, artifact id, last artifact update


def start(parallel: int = 1) -> Tracker:
    """A run begins (in the flow): a new tracker and its Prefect progress artifact."""
    tracker = Tracker(parallel=parallel)
    _run.clear()
    _run.update(tracker=tracker, artifact=None, updated=0.0)
    try:
        from prefect.artifacts import create_progress_artifact
        from prefect.context import FlowRunContext

        if FlowRunContext.get() is None:  # a test driving the flow's parts: no run to annotate
            raise LookupError("no flow run")
        _run["artifact"] = create_progress_artifact(
            progress=0.0, key=ARTIFACT_KEY, description="recon run: share of the run done"
        )
    except Exception:  # no flow run context (a test calling the flow's parts), or no API
        _run["artifact"] = None
    _notify()
    return tracker


def current() -> Tracker | None:
    return _run.get("tracker")


def documents(n: int) -> None:
    if (tracker := current()) is not None:
        tracker.documents(n)
        _notify()


def advance(stage: str, n: int) -> None:
    if (tracker := current()) is not None:
        tracker.advance(stage, n)
        _notify()


def stage(name: str) -> None:
    if (tracker := current()) is not None:
        tracker.stage(name)
        _notify(force=True)


def finish() -> None:
    """The run is over: the artifact says 100%, listeners clear their display."""
    tracker = current()
    if tracker is not None:
        tracker.stage("publish")
        tracker.ended.setdefault("publish", tracker.now() - tracker.started)
        _update_artifact(100.0)
    _tell(None)
    _run.clear()


def _tell(snapshot: Snapshot | None) -> None:
    for listener in list(_listeners):
        try:
            listener(snapshot)
        except Exception:  # a display that fails (a closed terminal) never fails the run
            _listeners.remove(listener)


def _notify(force: bool = False) -> None:
    tracker = current()
    if tracker is None:
        return
    snap = tracker.snapshot()
    _tell(snap)
    if force or time.monotonic() - _run.get("updated", 0.0) >= ARTIFACT_EVERY_S:
        _update_artifact(round(100 * snap.fraction, 1))


def _update_artifact(percent: float) -> None:
    artifact = _run.get("artifact")
    if artifact is None:
        return
    _run["updated"] = time.monotonic()
    try:
        from prefect.artifacts import update_progress_artifact

        update_progress_artifact(artifact_id=artifact, progress=percent)
    except Exception:  # progress is a courtesy: it never fails a run
        _run["artifact"] = None


@contextlib.contextmanager
def listen(listener: Listener) -> Iterator[None]:
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)


def shows_progress(stream: TextIO) -> bool:
    """A terminal a person is looking at (not a pipe, a file, a CI log or ``TERM=dumb``)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM", "") != "dumb"


class TerminalLine:
    """Draws the snapshot as one line, rewritten in place (at most every ``every`` seconds,
    and every second while nothing is reported, so the clock moves)."""

    def __init__(self, stream: TextIO = sys.stderr, every: float = 0.2) -> None:
        self.stream, self.every = stream, every
        self._last_draw = 0.0
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def __call__(self, snapshot: Snapshot | None) -> None:
        if snapshot is None:
            self.close()
            return
        with self._lock:
            moved_on = self._snapshot is None or snapshot.stage != self._snapshot.stage
            self._snapshot = snapshot
            if moved_on or time.monotonic() - self._last_draw >= self.every:
                self._draw(snapshot.line())
        if self._ticker is None:
            self._ticker = threading.Thread(target=self._tick, name="recon-progress", daemon=True)
            self._ticker.start()

    def note(self, text: str) -> None:
        """One line before the run's own progress: ``recon run: starting Prefect's embedded server``."""
        with self._lock:
            self._draw(f"recon run: {text}")

    def _tick(self) -> None:
        while not self._stop.wait(1.0):
            tracker = current()
            if tracker is None:
                continue
            with self._lock:
                self._draw(tracker.snapshot().line())

    def _draw(self, text: str) -> None:
        width = _columns(self.stream)
        self.stream.write("\r" + text[: width - 1] + "\x1b[K")
        self.stream.flush()
        self._last_draw = time.monotonic()

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            if self._last_draw:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
                self._last_draw = 0.0


def _columns(stream: TextIO) -> int:
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        columns = 0
    return columns if columns > 20 else 120  # a pseudo-terminal may report no size


class _Silent:
    def note(self, text: str) -> None:
        pass


@contextlib.contextmanager
def on_terminal(stream: TextIO = sys.stderr, enabled: bool | None = None) -> Iterator[TerminalLine | _Silent]:
    """Show a run's progress on ``stream`` if it is a terminal (or if ``enabled`` says so);
    yields the line, whose ``note(text)`` says what happens before the flow starts."""
    if not (shows_progress(stream) if enabled is None else enabled):
        yield _Silent()
        return
    line = TerminalLine(stream)
    with listen(line):
        try:
            yield line
        finally:
            line.close()
