"""The benchmark's run records: growth per stage between sizes, and the projection from them."""

from __future__ import annotations

from benchmarks import runs


def _run(docs: int, extract: float, reconcile: float, peak: float, **extra) -> dict:
    stages = {"ingest": 1.0, "extract": extract, "resolve": 1.0, "reconcile": reconcile, "validate": 1.0}
    return {
        "docs": docs,
        "chars": 7000 * docs,
        "seconds": extract + reconcile + 2.0 + 10.0,
        "peak_mb": peak,
        "engine": "pandas",
        "stages": stages,
        "unstaged_seconds": 10.0,
        "published": True,
        "options": [],
        **extra,
    }


def test_a_linear_stage_grows_with_exponent_one_and_a_quadratic_one_with_two():
    records = [_run(1000, 100.0, 10.0, 1000.0), _run(4000, 400.0, 160.0, 2000.0)]
    (step,) = runs.growth(records)
    assert (step["from"], step["to"], step["chars_ratio"]) == (1000, 4000, 4.0)
    assert step["exponents"]["extract"] == 1.0 and step["exponents"]["reconcile"] == 2.0
    assert step["exponents"]["peak_mb"] == 0.5


def test_the_last_default_published_run_of_each_size_counts():
    records = [
        _run(1000, 999.0, 10.0, 1000.0),
        _run(1000, 100.0, 10.0, 1000.0),  # a later run of the same size replaces the first
        _run(1000, 1.0, 1.0, 1.0, options=["--processes", "1"]),  # another mode
        _run(2000, 1.0, 1.0, 1.0, published=False),  # failed
        _run(4000, 400.0, 40.0, 1000.0),
    ]
    assert [(r["docs"], r["stages"]["extract"]) for r in runs.latest_by_size(records)] == [
        (1000, 100.0),
        (4000, 400.0),
    ]


def test_the_projection_scales_the_largest_run_by_each_stages_last_exponent_never_below_one():
    records = [_run(1000, 100.0, 10.0, 1000.0), _run(4000, 400.0, 160.0, 1000.0)]
    projected = runs.projection(records, 40_000)
    assert projected["stages"]["extract"] == 4000.0  # linear
    assert projected["stages"]["reconcile"] == 16000.0  # quadratic: 160 × 10²
    assert projected["stages"]["resolve"] == 10.0  # flat, projected as linear
    assert projected["seconds"] == 4000.0 + 16000.0 + 10.0 + 10.0 + 100.0  # ingest overlaps extraction
    assert projected["peak_mb"] == 1000.0
    assert runs.projection(records[:1], 40_000) is None  # one size: no curve to follow
