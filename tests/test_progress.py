"""Progress: what the tracker says as a run goes, the line on a terminal, and silence elsewhere."""

from __future__ import annotations

import io

import pytest

from flows import progress
from flows.progress import TerminalLine, Tracker, clock, on_terminal


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("seconds", "text"), [(0, "0:00"), (7.4, "0:07"), (280, "4:40"), (3723, "1:02:03")])
def test_clock(seconds: float, text: str) -> None:
    assert clock(seconds) == text


def test_a_run_goes_from_ingest_to_extract_to_the_cross_document_stages() -> None:
    now = Clock()
    tracker = Tracker(parallel=2, now=now)
    assert tracker.snapshot().line() == "recon run: scanning the raw directory · 0:00 elapsed"
    tracker.documents(40)
    now.t += 2
    tracker.advance("ingest", 25)
    snap = tracker.snapshot()
    assert snap.stage == "ingest" and snap.remaining is None  # no estimate before extraction begins
    assert snap.line() == "recon run: ingest 25/40 documents · extract 0/40 · 0:02 elapsed"
    now.t += 10
    tracker.advance("extract", 25)
    tracker.advance("ingest", 15)
    snap = tracker.snapshot()
    assert snap.stage == "extract"
    assert snap.line().startswith("recon run: extract 25/40 documents · ingest 40/40 · 0:12 elapsed · about ")
    assert 0 < snap.fraction < 1 and snap.remaining > 0
    now.t += 6
    tracker.advance("extract", 15)
    tracker.stage("resolve")
    assert tracker.snapshot().line().startswith("recon run: resolve (documents 40) · 0:18 elapsed")
    now.t += 1
    tracker.stage("reconcile")
    assert tracker.seconds() == {"scan": 0.0, "ingest": 12.0, "extract": 18.0, "resolve": 1.0}


def test_the_estimate_shrinks_as_the_run_advances_at_a_steady_pace() -> None:
    now = Clock()
    tracker = Tracker(parallel=1, now=now)
    tracker.documents(100)
    tracker.advance("ingest", 100)
    estimates = []
    for _ in range(4):
        now.t += 10
        tracker.advance("extract", 20)
        estimates.append(tracker.snapshot().remaining)
    assert estimates == sorted(estimates, reverse=True) and estimates[-1] > 0


def test_a_terminal_gets_one_line_rewritten_in_place_and_cleared_at_the_end() -> None:
    screen = Terminal()
    line = TerminalLine(screen, every=0)
    tracker = Tracker(now=Clock())
    tracker.documents(3)
    line(tracker.snapshot())
    tracker.advance("ingest", 3)
    line(tracker.snapshot())
    line(None)
    out = screen.getvalue()
    assert out.count("\r") == 3 and "\n" not in out
    assert "\rrecon run: ingest 0/3 documents" in out and "\rrecon run: extract 0/3 documents" in out
    assert out.endswith("\r\x1b[K")


def test_no_line_is_drawn_where_no_one_looks(monkeypatch) -> None:
    assert not progress.shows_progress(io.StringIO())
    assert progress.shows_progress(Terminal())
    monkeypatch.setenv("TERM", "dumb")
    assert not progress.shows_progress(Terminal())
    with on_terminal(io.StringIO()) as line:
        line.note("starting")
        assert progress._listeners == []


def test_the_flow_reports_reach_the_listener_and_finish_clears_it(monkeypatch) -> None:
    monkeypatch.setattr(progress, "create_progress_artifact", None, raising=False)
    screen = Terminal()
    with on_terminal(screen, enabled=True) as line:
        line.note("starting Prefect's embedded server")
        progress.start(parallel=1)  # outside a flow run: no artifact, no error
        progress.documents(2)
        progress.advance("ingest", 2)
        progress.stage("resolve")
        progress.finish()
    out = screen.getvalue()
    assert "\rrecon run: starting Prefect's embedded server" in out
    assert "resolve (documents 2)" in out
    assert out.endswith("\r\x1b[K") and progress.current() is None
