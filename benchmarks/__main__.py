"""``python -m benchmarks``: the pipeline benchmark on synthetic corpora (see benchmarks/pipeline.py).

    python -m benchmarks                       # 10, 100, 1000 documents (~12 min on 2 cores)
    python -m benchmarks --sizes 10,100        # quick mode (a few minutes)
    python -m benchmarks --with-5000           # adds 5,000 documents (~25 min in all; outside CI)
    python -m benchmarks --runs-only --sizes 1000,5000 --with-20000
                                               # only `recon run` per size (measured on 2 loaded cores:
                                               # 1,000: 4 min, 5,000: 13 min, 20,000: 38 min)

Writes the results as JSON (default benchmarks/results.json) and prints a
Markdown summary for the README. Every ``recon run`` measured is added to the
file's ``runs`` list, which earlier invocations' runs stay in (``--runs-only``
changes nothing else in the file).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
from pathlib import Path

from benchmarks import runs
from benchmarks.pipeline import markdown, measure_runs, run_benchmark, time_stages, write_results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="10,100,1000", help="corpus sizes in documents (default 10,100,1000)"
    )
    parser.add_argument("--with-5000", action="store_true", help="also run 5,000 documents (slow; not in CI)")
    parser.add_argument(
        "--with-20000", action="store_true", help="also run 20,000 documents (slower; use with --runs-only)"
    )
    parser.add_argument(
        "--runs-only",
        action="store_true",
        help="only `recon run` per size: add the runs to the results' `runs`, leave the rest as it is",
    )
    parser.add_argument("--out", default="benchmarks/results.json", type=Path, help="results JSON")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="keep corpora, states and tables here (default: a temporary directory)",
    )
    parser.add_argument("--stages", nargs=2, metavar=("RAW", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.stages:  # child mode: time the pure stages on one raw directory
        raw, out = map(Path, args.stages)
        result = time_stages(raw, out)
        (out / "stages.json").write_text(json.dumps(result), encoding="utf-8")
        return 0

    sizes = sorted(
        {int(s) for s in args.sizes.split(",") if s.strip()}
        | ({5000} if args.with_5000 else set())
        | ({20000} if args.with_20000 else set())
    )
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    earlier = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    with contextlib.ExitStack() as stack:
        work = args.workdir or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="recon-bench-")))
        if args.runs_only:
            new_runs = measure_runs(sizes, work, args.seed, log)
            results = {**earlier, "runs": [*earlier.get("runs", []), *new_runs]}
        else:
            results = run_benchmark(sizes, work, args.seed, log)
            results["runs"] = [*earlier.get("runs", []), *results["runs"]]
    results["runs_growth"] = runs.growth(results["runs"])
    results["projection_1m"] = runs.projection(results["runs"], 1_000_000)
    write_results(results, args.out)
    print("\n".join(runs.markdown(results["runs"])) if args.runs_only else markdown(results))
    log(f"results: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
