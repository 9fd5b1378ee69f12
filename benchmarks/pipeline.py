"""The pipeline benchmark: synthetic corpora through every stage and through ``recon run``.

For each size the harness writes a corpus (:mod:`benchmarks.corpus`) to a raw
directory, then

1. times each stage of :func:`pipeline.run` (the function the flow calls), and
   the report, in a child process (so its peak memory is its own), next to bare
   ``jieba.lcut`` of the same text; every stage is warmed up on one document
   first, so imports and dictionary loads do not count as throughput (they are
   reported as ``warmup_seconds``);
2. runs ``recon run`` end to end in a child process, sampling the resident
   memory of the whole process tree (Dask workers included);
3. scores the published tables against the ground truth: planted
   contradictions (matched by entity and attribute; high/medium flags on
   anything else are false positives) and entity links (pairwise over the
   true mentions).

At the largest size it also measures incremental runs (nothing changed, one
document changed) and a run with ``--workers 2``. Growth from one size to the
next is checked per stage: the exponent ``log(t2/t1) / log(n2/n1)`` of a
linear stage is about 1.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import json
import math
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from benchmarks import runs
from benchmarks.corpus import FILLER, Corpus

REPO = Path(__file__).resolve().parent.parent
STAGES = ("ingest", "extract", "resolve", "reconcile", "validate", "report")
#: growth exponents above this between two sizes flag a stage as super-linear
SUPERLINEAR_EXPONENT = 1.25
#: stages faster than this at the larger size are too noisy to judge growth
GROWTH_MIN_SECONDS = 1.0
TARGETS = {
    "e2e_seconds_1000": 120.0,
    "peak_memory_mb": 2048.0,
    "contradictions_precision": 0.9,
    "contradictions_recall": 0.9,
}
FLAGGED_SEVERITIES = ("high", "medium")
_CACHE_LINE = re.compile(r"cache: reused ingest of (\d+)/(\d+), extraction of (\d+)/(\d+) docs")


# ---------------------------------------------------------------------------
# Corpus on disk
# ---------------------------------------------------------------------------


def write_corpus(corpus: Corpus, raw_dir: Path) -> None:
    raw_dir.mkdir(parents=True, exist_ok=True)
    for doc in corpus.documents:
        (raw_dir / doc.filename).write_bytes(doc.data())


def touch_one_document(corpus: Corpus, raw_dir: Path) -> str:
    """Change one document (a paragraph appended mid-corpus); returns its id. Ground truth is unaffected."""
    doc = corpus.documents[len(corpus.documents) // 2]
    (raw_dir / doc.filename).write_bytes((doc.text + "\n\n" + FILLER[0] + "\n").encode(doc.encoding))
    return doc.doc_id


# ---------------------------------------------------------------------------
# Child processes: time and memory
# ---------------------------------------------------------------------------


@dataclass
class ChildRun:
    command: list[str]
    seconds: float
    returncode: int
    stdout: str
    stderr: str
    peak_tree_mb: float  # sampled sum of RSS over the process and its descendants
    max_rss_mb: float  # largest single process (wait4 ru_maxrss)
    timed_out: bool = False
    orphans: int = 0  # descendants alive 5 s after the child exited (then ended by us)


#: a run longer than this is ended (with its whole process group) and reported as timed out
RUN_TIMEOUT_SECONDS = 20 * 60


def run_child(
    command: list[str], *, cwd: Path = REPO, sample_every: float = 0.1, timeout: float = RUN_TIMEOUT_SECONDS
) -> ChildRun:
    """Run ``command`` in its own process group, sampling the memory of its process tree until it exits."""
    import psutil

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, start_new_session=True)
        root, peak, timed_out = psutil.Process(proc.pid), 0, False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(_rss(p) for p in tree))
            except psutil.NoSuchProcess:
                pass
            if not timed_out and time.perf_counter() - start > timeout:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
            time.sleep(sample_every)
        seconds = time.perf_counter() - start
        orphans = _end_group(proc.pid)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    proc.returncode = os.waitstatus_to_exitcode(status)
    return ChildRun(
        command,
        seconds,
        proc.returncode,
        stdout,
        stderr,
        peak / 2**20,
        usage.ru_maxrss / 1024,
        timed_out,
        orphans,
    )


#: how long the child's helpers (the server's watchdog, Prefect stopping its server) may take to exit
ORPHAN_GRACE_SECONDS = 5.0


def _end_group(pgid: int) -> int:
    """End what is left of the child's process group after a grace period; returns how many
    processes outlived it."""
    import psutil

    group = [
        p
        for p in psutil.process_iter(["pid", "status"])
        if _pgid(p.pid) == pgid and p.info["status"] != psutil.STATUS_ZOMBIE
    ]
    _, left = psutil.wait_procs(group, timeout=ORPHAN_GRACE_SECONDS)
    if left:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
    return len(left)


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except OSError:
        return None


def _rss(process) -> int:
    try:
        return process.memory_info().rss
    except Exception:  # the process ended between listing and reading
        return 0


def recon_command() -> list[str]:
    script = Path(sys.executable).parent / "recon"
    return [str(script)] if script.exists() else [sys.executable, "-m", "flows.cli"]


def code_fingerprints() -> dict[str, str]:
    """The cache fingerprints of the per-document stages now (code edited between runs voids the cache)."""
    from flows import partials

    return {stage: partials.fingerprint.__wrapped__(stage) for stage in partials.STAGE_PACKAGES}


def run_recon(
    raw: Path, work: Path, state: Path, options: tuple[str, ...] = (), timeout: float = RUN_TIMEOUT_SECONDS
) -> dict:
    """``recon run`` on ``raw`` publishing to ``work/curated``; time, memory, cache line, exit status."""
    command = [
        *recon_command(),
        "run",
        "--raw",
        str(raw),
        "--curated",
        str(work / "curated"),
        "--state",
        str(state),
        "--reviews",
        str(work / "reviews.json"),
    ]
    command += list(options)
    before, load_before = code_fingerprints(), os.getloadavg()[0]
    child = run_child(command, timeout=timeout)
    cache = _CACHE_LINE.search(child.stdout)
    return {
        "code_fingerprints": before,
        "code_changed_during_run": code_fingerprints() != before,
        # 1-minute load average before and after: other work on the machine skews the timings
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "command": " ".join(command[len(recon_command()) - 1 :]),
        "seconds": round(child.seconds, 2),
        "exit": child.returncode,
        "published": child.returncode == 0,
        "timed_out": child.timed_out,
        "orphan_processes": child.orphans,
        "peak_tree_mb": round(child.peak_tree_mb, 1),
        "max_process_mb": round(child.max_rss_mb, 1),
        "cache": {"ingest_reused": int(cache[1]), "extract_reused": int(cache[3]), "of": int(cache[2])}
        if cache
        else None,
        "stdout_tail": child.stdout.strip().splitlines()[-12:],
        "stderr_tail": child.stderr.strip().splitlines()[-8:] if child.returncode else [],
    }


# ---------------------------------------------------------------------------
# Stage timings (run inside the child: ``python -m benchmarks --stages RAW OUT``)
# ---------------------------------------------------------------------------


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_stages(raw_dir: Path, out_dir: Path) -> dict:
    """Each pure stage on the whole corpus (:func:`pipeline.run`, timed as each stage ends),
    warmed up on one document first; the report after it, bare jieba last; tables saved to ``out_dir``."""
    import logging

    import jieba

    import pipeline
    from pipeline.report import render_report

    jieba.setLogLevel(logging.WARNING)
    files = sorted(p for p in raw_dir.iterdir() if p.suffix in (".md", ".txt"))

    def run(paths: list[Path], clock: dict[str, float] | None) -> pipeline.RunResult:
        last = [time.perf_counter()]

        def lap(name: str) -> None:
            now = time.perf_counter()
            if clock is not None:
                clock[name] = now - last[0]
                clock[name + "_maxrss_mb"] = _maxrss_mb()
            last[0] = now

        result = pipeline.run(paths, on_stage=lap)
        render_report(result.tables, {"run_id": "benchmark"})
        lap("report")
        texts = list(result.tables["documents"]["text"])
        last[0] = time.perf_counter()
        [jieba.lcut(t) for t in texts]
        lap("jieba")
        return result

    t = time.perf_counter()
    run(files[:1], None)
    warmup = time.perf_counter() - t
    clock: dict[str, float] = {}
    result = run(files, clock)
    tables = result.tables
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in ("entities", "mentions", "claims", "contradictions"):
        tables[name].to_parquet(out_dir / f"{name}.parquet", index=False)
    chars = int(tables["documents"]["n_chars"].sum())
    n_docs = len(tables["documents"])
    stages = {}
    for name in ("jieba", *STAGES):
        seconds = clock[name]
        stages[name] = {
            "seconds": round(seconds, 3),
            "chars_per_s": round(chars / seconds) if seconds else None,
            "docs_per_s": round(n_docs / seconds, 2) if seconds else None,
            "maxrss_after_mb": round(clock[name + "_maxrss_mb"], 1),
        }
    return {
        "docs": n_docs,
        "chars": chars,
        "warmup_seconds": round(warmup, 2),
        "stages": stages,
        "rows": {name: len(df) for name, df in tables.items()},
        "validation_passed": bool(result.passed),
        "peak_rss_mb": round(_maxrss_mb(), 1),
    }


def measure_stages(raw: Path, out_dir: Path) -> dict:
    """:func:`time_stages` in a fresh child process; adds the child's peak memory."""
    child = run_child([sys.executable, "-m", "benchmarks", "--stages", str(raw), str(out_dir)])
    if child.returncode != 0:
        return {"error": child.stderr.strip().splitlines()[-10:], "seconds": round(child.seconds, 2)}
    result = json.loads((out_dir / "stages.json").read_text())
    result["process_peak_mb"] = round(child.max_rss_mb, 1)
    result["load_average_after"] = round(os.getloadavg()[0], 1)
    return result


# ---------------------------------------------------------------------------
# Quality against the ground truth
# ---------------------------------------------------------------------------


def _to_catalog(entities: pd.DataFrame) -> dict[str, str]:
    if "catalog_id" not in entities:
        return {}
    return {
        str(e): str(c)
        for e, c in zip(entities["entity_id"], entities["catalog_id"], strict=True)
        if isinstance(c, str) and c
    }


def _to_world(entities: pd.DataFrame, corpus: Corpus) -> dict[str, str]:
    """Published entity -> the corpus' entity: the catalog id, or, for an entity the corpus does
    not model, the one whose name the corpus writes for it. The generator writes ``LeNet-5`` as a
    name of ``lenet``; the knowledge base has LeNet-5 as a variant of its own, so a planted
    ``LeNet-5由Hinton提出`` is flagged on ``lenet-5``, which is the planted ``lenet/creator``."""
    to_world = _to_catalog(entities)
    if "name" not in entities:
        return to_world
    world = {m.entity_id for m in corpus.mentions} | {s.entity_id for s in corpus.statements}
    written = corpus.links
    for e, name in zip(entities["entity_id"], entities["name"], strict=True):
        own = to_world.get(str(e), str(e))
        if own not in world and written.get(str(name)) in world:
            to_world[str(e)] = written[str(name)]
    return to_world


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def contradiction_quality(contradictions: pd.DataFrame, entities: pd.DataFrame, corpus: Corpus) -> dict:
    """Precision/recall of the planted contradictions at the (entity, attribute) grain.

    A high or medium flag on a pair without a planted value is a false
    positive; false friends flagged low are fine (the contract keeps them for
    transparency). Entities are the corpus' (:func:`_to_world`).
    """
    to_catalog = _to_world(entities, corpus)
    pairs = [
        (to_catalog.get(str(e), str(e)), str(a), str(s))
        for e, a, s in zip(
            contradictions["entity_id"], contradictions["attribute"], contradictions["severity"], strict=True
        )
    ]
    flagged = {(e, a) for e, a, s in pairs if s in FLAGGED_SEVERITIES}
    low_only = {(e, a) for e, a, s in pairs if s == "low"} - flagged
    planted, friends, stated = corpus.planted_pairs, corpus.false_friend_pairs, corpus.stated_pairs
    tp, fp, fn = flagged & planted, flagged - planted, planted - flagged
    precision = _ratio(len(tp), len(flagged))
    recall = _ratio(len(tp), len(planted))
    return {
        "planted": len(planted),
        "flagged": len(flagged),
        "true_positives": len(tp),
        "precision": precision,
        "recall": recall,
        "false_positives": {
            "on_false_friends": sorted(f"{e}/{a}" for e, a in fp & friends),
            "on_clean_facts": sorted(f"{e}/{a}" for e, a in fp & (stated - friends - planted)),
            "outside_world_model": len(fp - stated),
            "outside_examples": sorted(f"{e}/{a}" for e, a in fp - stated)[:15],
        },
        "missed": sorted(f"{e}/{a}" for e, a in fn),
        "missed_but_flagged_low": sorted(f"{e}/{a}" for e, a in fn & low_only),
        "false_friends_flagged": len(fp & friends),
        "false_friend_pairs": len(friends),
        "by_kind": dict(
            Counter(
                contradictions.loc[contradictions["severity"].isin(FLAGGED_SEVERITIES), "kind"].astype(str)
            )
        ),
    }


def link_quality(mentions: pd.DataFrame, entities: pd.DataFrame, corpus: Corpus) -> dict:
    """Pairwise precision/recall of entity links over the true mentions.

    Each true mention takes the entity of the published mention overlapping it
    most; a true mention nothing overlaps is its own singleton (its pairs are
    missed). Pairs are counted from the contingency table, so this is linear. Entities are the
    corpus' (:func:`_to_world`).
    """
    to_catalog = _to_world(entities, corpus)
    by_doc: dict[str, list[tuple[int, int, str]]] = {}
    for d, s, e, eid in zip(
        mentions["doc_id"], mentions["char_start"], mentions["char_end"], mentions["entity_id"], strict=True
    ):
        by_doc.setdefault(str(d), []).append((int(s), int(e), str(eid)))
    for spans in by_doc.values():
        spans.sort()
    starts = {d: [s for s, _, _ in spans] for d, spans in by_doc.items()}
    longest = max((e - s for spans in by_doc.values() for s, e, _ in spans), default=0)
    cells: Counter = Counter()
    detected = correct = 0
    unlisted = Counter()  # detected / linked counts of the spellings the catalog does not list
    for i, m in enumerate(corpus.mentions):
        spans = by_doc.get(m.doc_id, [])
        lo = bisect.bisect_left(starts.get(m.doc_id, []), m.start - longest)
        hi = bisect.bisect_left(starts.get(m.doc_id, []), m.end)
        best, best_overlap = None, 0
        for s, e, eid in spans[lo:hi]:
            overlap = min(e, m.end) - max(s, m.start)
            if overlap > best_overlap:
                best, best_overlap = eid, overlap
        if not m.listed:
            unlisted["total"] += 1
        if best is None:
            cells[(m.entity_id, f"missed:{i}")] += 1
            continue
        detected += 1
        right = to_catalog.get(best, best) == m.entity_id
        correct += right
        cells[(m.entity_id, best)] += 1
        if not m.listed:
            unlisted["detected"] += 1
            unlisted["linked"] += right
    true_sizes, pred_sizes = Counter(), Counter()
    for (t, p), n in cells.items():
        true_sizes[t] += n
        pred_sizes[p] += n
    pairs = lambda n: n * (n - 1) // 2  # noqa: E731
    tp = sum(pairs(n) for n in cells.values())
    total = len(corpus.mentions)
    return {
        "true_mentions": total,
        "published_mentions": len(mentions),
        "detected": _ratio(detected, total),
        "linked_to_true_entity": _ratio(correct, total),
        "pairwise_precision": _ratio(tp, sum(pairs(n) for n in pred_sizes.values())),
        "pairwise_recall": _ratio(tp, sum(pairs(n) for n in true_sizes.values())),
        "unlisted_spellings": {
            "mentions": unlisted["total"],
            "detected": _ratio(unlisted["detected"], unlisted["total"]),
            "linked_to_true_entity": _ratio(unlisted["linked"], unlisted["total"]),
        },
    }


def score(tables_dir: Path, corpus: Corpus) -> dict:
    entities = pd.read_parquet(tables_dir / "entities.parquet")
    return {
        "contradictions": contradiction_quality(
            pd.read_parquet(tables_dir / "contradictions.parquet"), entities, corpus
        ),
        "links": link_quality(pd.read_parquet(tables_dir / "mentions.parquet"), entities, corpus),
    }


# ---------------------------------------------------------------------------
# Growth
# ---------------------------------------------------------------------------


def _exponent(a: float, b: float, na: float, nb: float) -> float | None:
    if a <= 0 or b <= 0 or na <= 0 or nb <= na:
        return None
    return round(math.log(b / a) / math.log(nb / na), 2)


def growth(sizes: dict[int, dict]) -> list[dict]:
    """Per stage and size step: time ratio and growth exponent against characters (and claims)."""
    ordered = sorted(n for n in sizes if "stages" in sizes[n].get("stage_run", {}))
    rows = []
    for small, large in itertools.pairwise(ordered):
        a, b = sizes[small]["stage_run"], sizes[large]["stage_run"]
        claims_a, claims_b = a["rows"].get("claims", 0), b["rows"].get("claims", 0)
        for stage in ("jieba", *STAGES):
            ta, tb = a["stages"][stage]["seconds"], b["stages"][stage]["seconds"]
            exp_chars = _exponent(ta, tb, a["chars"], b["chars"])
            exp_claims = _exponent(ta, tb, claims_a, claims_b)
            rows.append(
                {
                    "stage": stage,
                    "from": small,
                    "to": large,
                    "seconds": [ta, tb],
                    "time_ratio": round(tb / ta, 1) if ta else None,
                    "chars_ratio": round(b["chars"] / a["chars"], 1),
                    "exponent_chars": exp_chars,
                    "exponent_claims": exp_claims,
                    "superlinear": bool(
                        tb >= GROWTH_MIN_SECONDS
                        and exp_chars is not None
                        and exp_chars > SUPERLINEAR_EXPONENT
                    ),
                }
            )
        for label, key in (("e2e", "e2e"),):
            if key in sizes[small] and key in sizes[large]:
                ta, tb = sizes[small][key]["seconds"], sizes[large][key]["seconds"]
                ma, mb = sizes[small][key]["peak_tree_mb"], sizes[large][key]["peak_tree_mb"]
                rows.append(
                    {
                        "stage": label,
                        "from": small,
                        "to": large,
                        "seconds": [ta, tb],
                        "time_ratio": round(tb / ta, 1),
                        "chars_ratio": round(b["chars"] / a["chars"], 1),
                        "exponent_chars": _exponent(ta, tb, a["chars"], b["chars"]),
                        "memory_mb": [ma, mb],
                        "memory_exponent": _exponent(ma, mb, a["chars"], b["chars"]),
                        "superlinear": (_exponent(ta, tb, a["chars"], b["chars"]) or 0)
                        > SUPERLINEAR_EXPONENT,
                    }
                )
        ma, mb = a.get("process_peak_mb"), b.get("process_peak_mb")
        if ma and mb:
            rows.append(
                {
                    "stage": "stage-process memory",
                    "from": small,
                    "to": large,
                    "memory_mb": [ma, mb],
                    "memory_exponent": _exponent(ma, mb, a["chars"], b["chars"]),
                    "superlinear": False,
                }
            )
    return rows


# ---------------------------------------------------------------------------
# The whole benchmark
# ---------------------------------------------------------------------------


def corpus_summary(corpus: Corpus) -> dict:
    sizes = [len(d.data()) for d in corpus.documents]
    return {
        "documents": len(corpus.documents),
        "bytes": sum(sizes),
        "mean_bytes": round(sum(sizes) / len(sizes)),
        "chars": sum(len(d.text) for d in corpus.documents),
        "styles": dict(Counter(d.style for d in corpus.documents)),
        "true_mentions": len(corpus.mentions),
        "statements": len(corpus.statements),
        "planted_pairs": sorted(f"{e}/{a}" for e, a in corpus.planted_pairs),
        "planted_statements": sum(s.planted for s in corpus.statements),
        "false_friend_pairs": len(corpus.false_friend_pairs),
        "false_friend_statements": dict(Counter(s.false_friend for s in corpus.statements if s.false_friend)),
    }


def benchmark_size(corpus: Corpus, work: Path, *, incremental: bool, log) -> dict:
    """Everything measured at one size; the incremental and ``--workers 2`` runs when asked."""
    n = len(corpus.documents)
    raw = work / "raw"
    write_corpus(corpus, raw)
    result: dict = {"corpus": corpus_summary(corpus)}
    log(f"[{n}] stages in a child process …")
    result["stage_run"] = measure_stages(raw, work / "stage_tables")
    if "stages" in result["stage_run"]:
        result["quality_in_process"] = score(work / "stage_tables", corpus)
    log(f"[{n}] recon run (fresh state) …")
    result["e2e"] = run_recon(raw, work / "e2e", work / "state")
    result["e2e"]["chars_per_s"] = round(result["corpus"]["chars"] / result["e2e"]["seconds"])
    result["e2e"]["docs_per_s"] = round(n / result["e2e"]["seconds"], 2)
    if result["e2e"]["published"]:
        result["quality"] = score(work / "e2e" / "curated", corpus)
        result["quality"]["source"] = "curated/ of recon run"
    elif "quality_in_process" in result:
        result["quality"] = {
            **result["quality_in_process"],
            "source": "in-process stages (run not published)",
        }
    result["run"] = runs.record(
        result["corpus"], result["e2e"], work / "e2e" / "curated", result.get("quality")
    )
    if incremental:
        log(f"[{n}] recon run again, nothing changed …")
        unchanged = run_recon(raw, work / "e2e", work / "state")
        changed_id = touch_one_document(corpus, raw)
        log(f"[{n}] recon run after changing {changed_id} …")
        one_changed = run_recon(raw, work / "e2e", work / "state")
        write_corpus(corpus, raw)
        measured = (result["e2e"], unchanged, one_changed)
        result["incremental"] = {
            "full": result["e2e"],
            "unchanged": unchanged,
            "one_changed": one_changed,
            "changed_doc": changed_id,
            # the cache is keyed by code too: stage code edited between these runs voids it
            "code_stable": len({json.dumps(r["code_fingerprints"], sort_keys=True) for r in measured}) == 1
            and not any(r["code_changed_during_run"] for r in measured),
        }
        log(f"[{n}] recon run --processes 1 (fresh state) …")
        result["processes_1"] = run_recon(raw, work / "e2e_p1", work / "state_p1", ("--processes", "1"))
        log(f"[{n}] recon run --workers 2 (fresh state) …")
        result["workers_2"] = run_recon(raw, work / "e2e_w2", work / "state_w2", ("--workers", "2"))
    return result


def micro_benchmarks(raw: Path) -> dict:
    """The stage owners' micro-benchmarks, if present (their output as printed)."""
    out = {}
    commands = {
        "extraction": [sys.executable, "-m", "benchmarks.extraction", str(raw), "--repeat", "1"],
        "resolution": [sys.executable, "-m", "benchmarks.resolution", "--sizes", "10000", "--no-tracemalloc"],
    }
    for name, command in commands.items():
        if not (REPO / "benchmarks" / f"{name}.py").exists():
            continue
        child = run_child(command)
        out[name] = {
            "exit": child.returncode,
            "seconds": round(child.seconds, 1),
            "output": (child.stdout if child.returncode == 0 else child.stderr).strip().splitlines()[-8:],
        }
    return out


def targets(sizes: dict[int, dict]) -> dict:
    """The issue's targets, checked at 1,000 documents (or the largest size run)."""
    n = 1000 if 1000 in sizes else max(sizes)
    at = sizes[n]
    e2e = at.get("e2e", {})
    peak = e2e.get("peak_tree_mb", 0)
    quality = at.get("quality", {}).get("contradictions", {})
    seconds = e2e.get("seconds")
    rows = {
        f"end-to-end {n} docs, default `recon run` < 120 s": (seconds, seconds is not None and seconds < 120),
        "peak memory < 2 GB (default `recon run`, summed over its process tree)": (
            peak,
            peak < TARGETS["peak_memory_mb"],
        ),
        "planted contradictions precision >= 0.9": (
            quality.get("precision"),
            (quality.get("precision") or 0) >= 0.9,
        ),
        "planted contradictions recall >= 0.9": (quality.get("recall"), (quality.get("recall") or 0) >= 0.9),
    }
    return {"at_size": n, "checks": {k: {"value": v, "met": ok} for k, (v, ok) in rows.items()}}


def machine() -> dict:
    import platform

    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}


def run_benchmark(sizes: list[int], work_root: Path, seed: int = 7, log=print) -> dict:
    from benchmarks.corpus import generate_corpus

    started = time.time()
    results: dict = {"machine": machine(), "seed": seed, "sizes": {}}
    for n in sizes:
        work = work_root / f"size_{n}"
        shutil.rmtree(work, ignore_errors=True)
        log(f"[{n}] generating corpus …")
        corpus = generate_corpus(n, seed)
        # the incremental and other-mode runs at 1,000 documents (the target size), else the largest
        incremental = n == (1000 if 1000 in sizes else max(sizes))
        results["sizes"][n] = benchmark_size(corpus, work, incremental=incremental, log=log)
        if n == 100 or (n == min(sizes) and 100 not in sizes):
            log("micro-benchmarks …")
            results["micro"] = micro_benchmarks(work / "raw")
    results["runs"] = [size["run"] for size in results["sizes"].values()]
    results["growth"] = growth(results["sizes"])
    results["targets"] = targets(results["sizes"])
    results["bottleneck"] = bottleneck(results["sizes"])
    results["wall_seconds"] = round(time.time() - started, 1)
    return results


def measure_runs(sizes: list[int], work_root: Path, seed: int = 7, log=print) -> list[dict]:
    """Only ``recon run`` at each size, from an empty state: the run records (:mod:`benchmarks.runs`),
    for sizes where the in-process stage timings and the other modes would take too long."""
    from benchmarks.corpus import generate_corpus

    out = []
    for n in sizes:
        work = work_root / f"size_{n}"
        shutil.rmtree(work, ignore_errors=True)
        log(f"[{n}] generating corpus …")
        corpus = generate_corpus(n, seed)
        write_corpus(corpus, work / "raw")
        log(f"[{n}] recon run (fresh state) …")
        # 20,000 documents take about half an hour here: the usual limit would end the run
        e2e = run_recon(work / "raw", work / "e2e", work / "state", timeout=max(RUN_TIMEOUT_SECONDS, 0.3 * n))
        quality = score(work / "e2e" / "curated", corpus) if e2e["published"] else None
        out.append(runs.record(corpus_summary(corpus), e2e, work / "e2e" / "curated", quality))
        log(f"[{n}] {out[-1]['seconds']:.0f} s, peak {out[-1]['peak_mb']:.0f} MB, exit {e2e['exit']}")
        shutil.rmtree(work, ignore_errors=True)
    return out


def bottleneck(sizes: dict[int, dict]) -> dict:
    at = sizes[max(sizes)].get("stage_run", {})
    stages = at.get("stages", {})
    timed = {s: stages[s]["seconds"] for s in STAGES if s in stages}
    if not timed:
        return {}
    total = sum(timed.values())
    worst = max(timed, key=timed.get)
    return {
        "size": max(sizes),
        "stage": worst,
        "seconds": timed[worst],
        "share_of_stage_time": round(timed[worst] / total, 3) if total else None,
    }


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------


def _fmt(x, spec: str = ",.0f") -> str:
    if x is None:
        return "n/a"
    if isinstance(x, float) and math.isnan(x):
        return "n/a"
    return format(x, spec)


def markdown(results: dict) -> str:
    sizes = results["sizes"]
    ns = sorted(sizes)
    lines = ["### Pipeline benchmark (synthetic corpus, `python -m benchmarks`)", ""]
    m = results["machine"]
    lines.append(f"Machine: {m['cpus']} CPUs, Python {m['python']}. Seed {results['seed']}.")
    lines += [
        "",
        "| docs | MB | recon run s | docs/s | peak MB (tree) | stage-process peak MB | "
        "contradictions P / R | links pairwise P / R | links detected | unlisted spellings linked |",
        "|---:|---:|---:|---:|---:|---:|---|---|---:|---:|",
    ]
    for n in ns:
        r = sizes[n]
        e2e, q = r.get("e2e", {}), r.get("quality", {})
        c, lk = q.get("contradictions", {}), q.get("links", {})
        lines.append(
            f"| {n} | {r['corpus']['bytes'] / 1e6:.1f} | {_fmt(e2e.get('seconds'), '.1f')}"
            f"{'' if e2e.get('published') else ' (exit ' + str(e2e.get('exit')) + ')'} | "
            f"{_fmt(n / e2e['seconds'] if e2e.get('seconds') else None, '.1f')} | "
            f"{_fmt(e2e.get('peak_tree_mb'))} | {_fmt(r.get('stage_run', {}).get('process_peak_mb'))} | "
            f"{_fmt(c.get('precision'), '.2f')} / {_fmt(c.get('recall'), '.2f')} "
            f"({c.get('true_positives', 0)}/{c.get('planted', 0)} planted, {c.get('flagged', 0)} flagged) | "
            f"{_fmt(lk.get('pairwise_precision'), '.3f')} / {_fmt(lk.get('pairwise_recall'), '.3f')} | "
            f"{_fmt(lk.get('detected'), '.3f')} | "
            f"{_fmt(lk.get('unlisted_spellings', {}).get('linked_to_true_entity'), '.3f')} "
            f"({lk.get('unlisted_spellings', {}).get('mentions', 0)}) |"
        )
    loads = ", ".join(
        f"{n}: {' → '.join(str(x) for x in sizes[n].get('e2e', {}).get('load_average', []))}" for n in ns
    )
    lines += [
        "",
        f"1-minute load average before → after each `recon run` (2 cores; above 2, timings are skewed by "
        f"other work): {loads}.",
    ]
    lines += [
        "",
        "Stage throughput, characters per second (seconds), warm, one process:",
        "",
        "| stage | " + " | ".join(f"{n} docs" for n in ns) + " |",
        "|---|" + "---:|" * len(ns),
    ]
    for stage in ("jieba", *STAGES):
        cells = []
        for n in ns:
            st = sizes[n].get("stage_run", {}).get("stages", {}).get(stage)
            cells.append(f"{_fmt(st['chars_per_s'])} ({st['seconds']:.2f} s)" if st else "n/a")
        label = "jieba.lcut (reference)" if stage == "jieba" else stage
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Growth (exponent of time against characters; 1.0 = linear, flagged above "
        f"{SUPERLINEAR_EXPONENT} when the larger run takes ≥ {GROWTH_MIN_SECONDS:.0f} s):",
        "",
        "| stage | step | seconds | exponent (chars) | exponent (claims) | memory MB | flag |",
        "|---|---|---|---:|---:|---|---|",
    ]
    for g in results["growth"]:
        secs = " → ".join(_fmt(s, ".2f") for s in g.get("seconds", [])) or "—"
        mem = " → ".join(_fmt(x) for x in g.get("memory_mb", [])) or "—"
        lines.append(
            f"| {g['stage']} | {g['from']}→{g['to']} | {secs} | {_fmt(g.get('exponent_chars'), '.2f')} | "
            f"{_fmt(g.get('exponent_claims'), '.2f')} | {mem} | "
            f"{'SUPER-LINEAR' if g.get('superlinear') else 'ok'} |"
        )
    at = next((n for n in ns if "incremental" in sizes[n]), ns[-1])
    largest = sizes[at]
    if "incremental" in largest:
        inc = largest["incremental"]
        lines += [
            "",
            f"Runs at {at} documents: incremental (same state directory), then the other modes:",
            "",
            "| run | seconds | reused ingest | reused extraction | peak MB |",
            "|---|---:|---:|---:|---:|",
        ]
        for label, key in (
            ("full (fresh cache)", "full"),
            ("nothing changed", "unchanged"),
            (f"one document changed ({inc['changed_doc']})", "one_changed"),
        ):
            r = inc[key]
            cache = r.get("cache") or {}
            lines.append(
                f"| {label} | {_fmt(r['seconds'], '.1f')} | {cache.get('ingest_reused', 'n/a')}/"
                f"{cache.get('of', 'n/a')} | {cache.get('extract_reused', 'n/a')}/{cache.get('of', 'n/a')} "
                f"| {_fmt(r['peak_tree_mb'])} |"
            )
        for label, key in (("`--processes 1`", "processes_1"), ("`--workers 2` (Dask)", "workers_2")):
            other = largest.get(key, {})
            lines.append(
                f"| {label} (fresh cache) | {_fmt(other.get('seconds'), '.1f')} | — | — | "
                f"{_fmt(other.get('peak_tree_mb'))} |"
            )
    t = results["targets"]
    lines += [
        "",
        f"Targets (at {t['at_size']} documents):",
        "",
        "| target | measured | met |",
        "|---|---:|---|",
    ]
    for name, check in t["checks"].items():
        value = check["value"]
        lines.append(
            f"| {name} | {_fmt(value, '.2f') if isinstance(value, float) else value} | "
            f"{'yes' if check['met'] else '**no**'} |"
        )
    b = results.get("bottleneck")
    if b:
        lines += [
            "",
            f"Bottleneck at {b['size']} documents: **{b['stage']}** ({b['seconds']:.1f} s, "
            f"{b['share_of_stage_time']:.0%} of stage time).",
        ]
    return "\n".join(lines) + "\n"


def write_results(results: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(results, ensure_ascii=False, indent=1, default=_json_default) + "\n", encoding="utf-8"
    )


def _json_default(value):
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    return str(value)
