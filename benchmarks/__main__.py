"""``python -m benchmarks``: the pipeline benchmark on synthetic corpora (see benchmarks/pipeline.py).

    python -m benchmarks                       # 10, 100, 1000 documents (~12 min on 2 cores)
    python -m benchmarks --sizes 10,100        # quick mode (a few minutes)
    python -m benchmarks --with-5000           # adds 5,000 documents (~25 min in all; outside CI)

Writes the results as JSON (default benchmarks/results.json) and prints a
Markdown summary for the README.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from benchmarks.pipeline import markdown, run_benchmark, time_stages, write_results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="10,100,1000", help="corpus sizes in documents (default 10,100,1000)"
    )
    parser.add_argument("--with-5000", action="store_true", help="also run 5,000 documents (slow; not in CI)")
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
        {int(s) for s in args.sizes.split(",") if s.strip()} | ({5000} if args.with_5000 else set())
    )
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    if args.workdir:
        results = run_benchmark(sizes, args.workdir, args.seed, log)
    else:
        with tempfile.TemporaryDirectory(prefix="recon-bench-") as tmp:
            results = run_benchmark(sizes, Path(tmp), args.seed, log)
    write_results(results, args.out)
    print(markdown(results))
    log(f"results: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
