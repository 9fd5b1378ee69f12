"""``recon``: the command line, a thin layer over the flows: it parses, calls one of
:func:`flows.run.run`, :func:`flows.serve.serve`, :func:`flows.reviews.review`,
:func:`flows.explain.explain`, :func:`flows.status.status`, and prints.

Exit status of ``recon run``: 0 published; 1 a validation gate failed (nothing
published); 2 bad usage, an unusable raw directory or no usable document (without
``--allow-empty``), found before anything starts when it can be; 3 the run failed
for another reason (nothing published; the error is printed).
"""

from __future__ import annotations

import argparse
import os
import sys

from pipeline.schema import DECISION_STATUSES

EXIT_PUBLISHED, EXIT_GATE_FAILED, EXIT_USAGE, EXIT_CRASHED = 0, 1, 2, 3
#: what ``recon --help`` opens with (the module docstring is for developers)
DESCRIPTION = (
    "Reconcile Chinese texts on the history of deep learning: extract milestone claims, link "
    "their entities, flag where sources contradict each other, and publish validated tables "
    "and a report. Each command has its own --help."
)


def version_text() -> str:
    """``recon --version``: the package version, and the git commit of a checkout."""
    from importlib.metadata import PackageNotFoundError, version

    from flows.provenance import git_commit

    try:
        number = version("dl-history-recon")
    except PackageNotFoundError:
        number = "unknown (not installed)"
    commit = git_commit()
    return f"recon {number}" + (f" (git {commit})" if commit else "")


class _Version(argparse.Action):
    """``--version``, worked out only when asked (it may run git)."""

    def __init__(self, option_strings, dest, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print(version_text())
        parser.exit()


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--raw",
        default="raw",
        help="directory of source texts: a path or an fsspec URI the workers can reach "
        "(s3://bucket/raw with s3fs installed; default: raw/)",
    )
    p.add_argument("--curated", default="curated", help="where tables are published (default: curated/)")
    p.add_argument(
        "--reviews",
        default="reviews/decisions.json",
        help="reviewers' decisions, kept outside curated/ (default: reviews/decisions.json)",
    )
    p.add_argument(
        "--state",
        default=".recon",
        help="local state: Prefect home, per-run validation results (default: .recon/)",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="show Prefect's task logs")


def _where(args: argparse.Namespace) -> tuple[str, str, str, str]:
    """The options of :func:`_common` that say where data lives: raw, curated, reviews, state."""
    return args.raw, args.curated, args.reviews, args.state


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="recon", description=DESCRIPTION)
    parser.add_argument("--version", action=_Version, help="print the version (and git commit) and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = sub.add_parser(
        "run",
        help="one full run of the flow (your Prefect server if one is configured, else an embedded one)",
    )
    _common(run)
    where = run.add_mutually_exclusive_group()
    where.add_argument(
        "--processes",
        type=int,
        default=None,
        help="local processes for the per-document stages (default: one per available CPU; "
        "1 runs them in the flow's own process)",
    )
    where.add_argument(
        "--workers", type=int, default=None, help="run per-document stages on a local Dask cluster"
    )
    where.add_argument("--dask-address", default=None, help="run per-document stages on this Dask scheduler")
    run.add_argument(
        "--batch-size", type=int, default=25, help="documents per ingest/extract task (default 25)"
    )
    run.add_argument(
        "--allow-empty",
        action="store_true",
        help="publish even without a usable document (empty tables replace curated/); "
        "otherwise such a run is refused with status 2",
    )
    run.add_argument(
        "--cache",
        default=None,
        metavar="URI",
        help="where per-document results are cached: a path or an fsspec URI the workers can reach "
        "(s3://bucket/prefix with s3fs installed; default: STATE/cache)",
    )
    run.add_argument(
        "--no-progress",
        action="store_true",
        help="draw no progress line, even on a terminal (none is drawn when stderr is not one)",
    )
    serve = sub.add_parser("serve", help="serve the flow as a Prefect deployment on a cron schedule")
    _common(serve)
    serve.add_argument("--cron", default="0 6 * * *", help="cron expression (default: daily at 06:00)")
    serve.add_argument("--timezone", default="UTC", help="time zone of the cron expression (default: UTC)")
    serve.add_argument("--name", default="recon-scheduled", help="deployment name")
    serve.add_argument(
        "--interval", type=float, default=None, help="run every N seconds instead of the cron schedule"
    )
    review = sub.add_parser("review", help="record a reviewer's decision on one contradiction")
    review.add_argument("contradiction_id", help="the contradiction's id (ctr-…), as the report shows it")
    review.add_argument(
        "--status", required=True, choices=DECISION_STATUSES, help="the decision: confirmed or dismissed"
    )
    review.add_argument("--note", default="", help="why, in a sentence (kept with the decision)")
    review.add_argument(
        "--curated", default="curated", help="where the contradiction is published (default: curated/)"
    )
    review.add_argument(
        "--reviews",
        default="reviews/decisions.json",
        help="the decisions file to add it to (default: reviews/decisions.json)",
    )
    explain = sub.add_parser(
        "explain",
        help="why a contradiction, claim, mention or entity is what it is: evidence, rules, links",
        description="Explain one row of the published run: a contradiction (ctr-…), a claim (c_…), a "
        "mention (m_…), an entity (its id, name or alias) or a link (l_…). An unambiguous start "
        "of an id is enough.",
    )
    explain.add_argument("id", help="a contradiction, claim, mention, entity or link id, or an entity's name")
    explain.add_argument(
        "--curated", default="curated", metavar="DIR", help="the published run to read (default: curated/)"
    )
    explain.add_argument("--json", action="store_true", help="print the explanation as JSON")
    status = sub.add_parser("status", help="the last publish in a line or two")
    status.add_argument(
        "--curated", default="curated", metavar="DIR", help="the published run to read (default: curated/)"
    )
    status.add_argument("--json", action="store_true", help="print the manifest's headline fields as JSON")
    catalog = sub.add_parser(
        "catalog", help="what the knowledge base (entity catalog and reference facts) holds"
    )
    catalog_sub = catalog.add_subparsers(dest="catalog_command", required=True)
    stats = catalog_sub.add_parser(
        "stats", help="counts of works, people, organisations and facts; works by era"
    )
    stats.add_argument("--json", action="store_true", help="print the counts as one JSON object")
    return parser


#: skipped entries listed one by one; the rest are counted (all of them are in the manifest)
SKIPPED_SHOWN = 20


def _say(line: str, file=None) -> None:
    """Print one line as text: a file name's terminal escapes or bidi overrides are written out."""
    from pipeline.report.display import visible

    print(visible(line, one_line=True), file=file or sys.stdout, flush=file is not None)


def _print_run(result) -> None:
    if result.published:
        verdict = "published to"
    elif result.refused:
        verdict = f"NOT published ({result.refused}); curated/ unchanged:"
    else:
        verdict = "NOT published (validation gate failed); curated/ unchanged:"
    _say(f"recon run {result.run_id}: {verdict} {result.curated}")
    _say(f"  documents: {result.documents_ok} ok, {len(result.documents_rejected)} rejected")
    for path, reason in result.documents_rejected:
        _say(f"    rejected {path}: {reason}")
    if result.skipped:
        _say(f"  skipped (not read): {len(result.skipped)}")
        for path, reason in result.skipped[:SKIPPED_SHOWN]:
            _say(f"    skipped {path}: {reason}")
        if len(result.skipped) > SKIPPED_SHOWN:
            more = len(result.skipped) - SKIPPED_SHOWN
            where = "listed in the manifest" if result.published else "not listed"
            _say(f"    … and {more} more ({where})")
    hits = result.cache_hits
    if hits:
        n = hits["of"]
        _say(f"  cache: reused ingest of {hits['ingest']}/{n}, extraction of {hits['extract']}/{n} docs")
    _say("  rows: " + ", ".join(f"{name} {n}" for name, n in result.row_counts.items()))
    for warning in result.warnings:
        _say(f"  warning: {warning}")
    if result.changes is not None:
        _say(f"  since the last run: {result.changes.line()}")
    if result.prefect:
        _say(f"  prefect: {result.prefect}")
    if result.flow_run_url:
        _say(f"  flow run: {result.flow_run_url}")
    if result.published:
        _say(f"  report: {result.curated / 'report.html'} (and report.md)")
    elif not result.refused:
        _say("  failed checks:")
        for line in result.failures:
            _say(f"    {line}")
    if result.validation_path is not None:
        _say(f"  validation results: {result.validation_path}")


def _server_lost(returncode: int) -> None:
    """The embedded server died mid-run: say so and end the run (nothing is published)."""
    print(
        f"recon: Prefect's embedded server exited (status {returncode}) during the run; "
        "run failed, nothing published",
        file=sys.stderr,
        flush=True,
    )
    os._exit(EXIT_CRASHED)


def cmd_run(args: argparse.Namespace) -> int:
    from flows.run import UsageError, count_problem, most_processes, run

    for flag, value, most in (
        ("--processes", args.processes, most_processes()),
        ("--workers", args.workers, most_processes()),
        ("--batch-size", args.batch_size, None),
    ):
        if problem := count_problem(value, most):
            _say(f"recon: {flag} {problem}", file=sys.stderr)
            return EXIT_USAGE
    try:
        summary = run(
            *_where(args),
            processes=args.processes,
            workers=args.workers,
            dask_address=args.dask_address,
            batch_size=args.batch_size,
            allow_empty=args.allow_empty,
            cache=args.cache,
            verbose=args.verbose,
            show_progress=False if args.no_progress else None,
            on_server_lost=_server_lost,
        )
    except UsageError as exc:
        _say(f"recon: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:  # Ctrl-C: the server runs in a session of its own and is not to blame
        _say("recon: interrupted (Ctrl-C); run stopped, nothing published", file=sys.stderr)
        return EXIT_CRASHED
    except Exception as exc:  # the flow failed: report it, the previous curated/ stands
        _say(f"recon: run failed, nothing published: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_CRASHED
    _print_run(summary)
    if summary.published:
        return EXIT_PUBLISHED
    return EXIT_USAGE if summary.refused else EXIT_GATE_FAILED


def cmd_serve(args: argparse.Namespace) -> int:
    from flows.serve import ServeError, serve

    try:
        serve(
            *_where(args),
            cron=args.cron,
            timezone=args.timezone,
            interval=args.interval,
            name=args.name,
            verbose=args.verbose,
        )
    except ServeError as exc:
        _say(f"recon serve: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from flows.reviews import ReviewError, review

    try:
        decision = review(
            args.contradiction_id, args.status, args.note, curated=args.curated, reviews=args.reviews
        )
    except ReviewError as exc:
        _say(f"recon review: {exc}", file=sys.stderr)
        return EXIT_USAGE
    _say(f"recorded: {decision['contradiction_id']} {decision['status']} in {args.reviews}")
    return 0


def _marks() -> tuple[str, str]:
    """How a value is marked in an explanation: reverse video on a terminal, ``[[…]]`` elsewhere."""
    if sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM", "") != "dumb":
        return "\x1b[7m", "\x1b[0m"
    return "[[", "]]"


def cmd_explain(args: argparse.Namespace) -> int:
    import json

    from flows.explain import explain
    from pipeline.explain import ExplainError

    try:
        explanation = explain(args.id, curated=args.curated)
    except ExplainError as exc:
        print(f"recon explain: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(explanation.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(explanation.text(_marks()), end="")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    import json

    from flows.status import StatusError, status

    try:
        current = status(args.curated)
    except StatusError as exc:
        print(f"recon status: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(current.as_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(current.lines()))
    return 0


def cmd_catalog(args: argparse.Namespace) -> int:
    import json

    from pipeline.catalog.facts import catalog_stats

    stats = catalog_stats()
    if args.json:
        print(json.dumps(stats.counts))
        return 0
    c = stats.counts
    print(f"{c['works']} works, {c['people']} people, {c['organizations']} organisations; "
          f"{c['facts']} facts, {c['facts_with_citation']} with a citation")  # fmt: skip
    print(stats.table())
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handlers = {"run": cmd_run, "serve": cmd_serve, "review": cmd_review, "catalog": cmd_catalog}
    handlers |= {"explain": cmd_explain, "status": cmd_status}
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
