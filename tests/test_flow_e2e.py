"""End to end through Prefect: the flow, the CLI and what lands in curated/."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import psutil
import pytest

from tests.conftest import ROOT, SEED_RAW
from tests.test_ingest import DE, JA, KO

pytestmark = pytest.mark.e2e


def _recon(*args: str, env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def mixed_raw(tmp_path_factory) -> Path:
    """A GBK file, an empty file, a binary file, a symlink leaving raw/, and the seed texts."""
    base = tmp_path_factory.mktemp("mixed")
    raw = base / "raw"
    raw.mkdir()
    for src in SEED_RAW.iterdir():
        (raw / src.name).write_bytes(src.read_bytes())
    (raw / "gbk.txt").write_bytes(
        "# 反向传播\n\n1986年，Rumelhart、Hinton和Williams发表了反向传播论文。".encode("gbk")
    )
    (raw / "empty.txt").write_bytes(b"")
    (raw / "binary.md").write_bytes(b"\x00\x01\x02\x03PK\x03\x04" * 64)
    (base / "outside.txt").write_text("外部")
    (raw / "escape.txt").symlink_to(base / "outside.txt")
    return raw


@pytest.fixture(scope="module")
def published(mixed_raw: Path) -> Path:
    """One in-process run of the flow over ``mixed_raw``."""
    from flows.recon_flow import recon_flow

    base = mixed_raw.parent
    result = recon_flow(
        raw_dir=str(mixed_raw),
        curated_dir=str(base / "curated"),
        reviews_path=str(base / "reviews.json"),
        state_dir=str(base / "state"),
    )
    assert result.published, result.failures
    return base / "curated"


def test_run_publishes_one_documents_row_per_file(published: Path, mixed_raw: Path) -> None:
    docs = pd.read_parquet(published / "documents.parquet").set_index("doc_id")
    assert len(docs) == 9
    assert docs.loc["gbk", "status"] == "ok"
    assert docs.loc["gbk", "encoding"] == "gb18030"
    assert "反向传播论文" in docs.loc["gbk", "text"]
    assert docs.loc["gbk", "title"] == "反向传播"
    reasons = docs.loc[docs["status"] == "rejected", "reason"].to_dict()
    assert set(reasons) == {"empty", "binary", "escape"}
    assert "empty file" in reasons["empty"]
    assert "binary" in reasons["binary"]
    assert "outside the raw directory" in reasons["escape"]
    for doc_id in [p.stem for p in SEED_RAW.iterdir()]:
        assert docs.loc[doc_id, "status"] == "ok"
        assert docs.loc[doc_id, "n_chars"] == len(docs.loc[doc_id, "text"]) > 1000


def test_manifest_lists_inputs_with_hashes_and_row_counts(published: Path) -> None:
    manifest = json.loads((published / "_manifest.json").read_text())
    assert {i["doc_id"] for i in manifest["inputs"]} >= {"gbk", "empty"}
    assert all(len(i["sha256"]) == 64 for i in manifest["inputs"] if i["doc_id"] != "escape")
    for table, n in manifest["row_counts"].items():
        assert len(pd.read_parquet(published / f"{table}.parquet")) == n
    assert (published / "report.html").exists() and (published / "report.md").exists()


def test_manifest_names_the_version_of_every_data_file_and_the_commit(published: Path) -> None:
    from flows.provenance import git_commit

    manifest = json.loads((published / "_manifest.json").read_text())
    assert set(manifest["data_versions"]) == {
        "catalog", "reference_facts", "resolve_rules", "extraction_cues", "thresholds", "tables",
    }  # fmt: skip
    assert manifest["catalog_version"] == manifest["data_versions"]["catalog"]
    assert manifest["thresholds"]["truthfinder"]["max_iterations"] > 0
    assert manifest["git_commit"] == git_commit() and manifest["git_commit"]  # this is a checkout


def test_the_flow_publishes_what_pipeline_run_returns(published: Path, mixed_raw: Path) -> None:
    """The flow adds caching, parallelism and publishing; the tables are the pure function's."""
    import io

    import pyarrow.parquet as pq

    import pipeline
    from flows.raw_files import load_raw_file, scan_raw_dir
    from pipeline import schema

    result = pipeline.run([load_raw_file(ref) for ref in scan_raw_dir(mixed_raw)])
    assert sorted(result.tables) == sorted(p.stem for p in published.glob("*.parquet"))
    for name, table in result.tables.items():
        buffer = io.BytesIO()
        pq.write_table(schema.to_arrow(table, name), buffer)
        expected = pd.read_parquet(io.BytesIO(buffer.getvalue()))
        pd.testing.assert_frame_equal(pd.read_parquet(published / f"{name}.parquet"), expected, obj=name)


def test_every_contract_table_is_published(published: Path) -> None:
    from pipeline.schema import TABLES

    for table, columns in TABLES.items():
        df = pd.read_parquet(published / f"{table}.parquet")
        assert list(df.columns[: len(columns)]) == list(columns)


def test_every_published_column_carries_its_description_from_the_tables_home(published: Path) -> None:
    import pyarrow.parquet as pq

    from pipeline.schema import HOMES

    for table, home in HOMES.items():
        arrow = pq.read_schema(published / f"{table}.parquet")
        assert arrow.metadata[b"description"].decode() == home.grain
        for column in home.columns:
            field = arrow.field(column.name)
            assert field.metadata[b"description"].decode() == column.description, (table, column.name)


def test_a_pool_of_no_processes_is_refused_before_anything_starts(tmp_path: Path) -> None:
    proc = _recon("run", "--processes", "0", "--curated", str(tmp_path / "c"), "--state", str(tmp_path / "s"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == "recon: --processes must be at least 1"
    assert not (tmp_path / "s").exists() and not (tmp_path / "c").exists()


def test_missing_raw_directory_exits_2_with_one_line_naming_it(tmp_path: Path) -> None:
    proc = _recon("run", "--raw", str(tmp_path / "absent"), "--curated", str(tmp_path / "c"))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert str(tmp_path / "absent") in proc.stderr
    assert not (tmp_path / "c").exists()


@pytest.mark.parametrize("point", ["per_document.submitted", "publish.before_swap"])
def test_a_run_killed_mid_flow_leaves_the_previous_curated_and_nothing_running(
    published: Path, mixed_raw: Path, point: str
) -> None:
    before = {p.name: p.read_bytes() for p in published.iterdir()}
    log = published.parent / "killed-run.log"
    with open(log, "w") as out:
        # its own session, so everything the run started can be found by its process group
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flows.cli",
                "run",
                "--raw",
                str(mixed_raw),
                "--curated",
                str(published),
                "--state",
                str(published.parent / "state"),
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "RECON_FAIL_AT": f"{point}:kill"},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            assert proc.wait(timeout=600) == -9, log.read_text()
            # nothing it started outlives it: not the embedded server, not the worker processes
            left = [q for q in psutil.process_iter() if _in_group(q, proc.pid)]
            _, alive = psutil.wait_procs(left, timeout=30)
            assert not alive, [" ".join(q.cmdline())[:120] for q in alive]
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
    assert {p.name: p.read_bytes() for p in published.iterdir()} == before


def _in_group(process: psutil.Process, group: int) -> bool:
    try:
        return os.getpgid(process.pid) == group
    except (ProcessLookupError, psutil.Error):
        return False


def test_readme_snippet_runs_on_published_tables(published: Path, monkeypatch, capsys) -> None:
    from tests.helpers.readme import python_snippet

    monkeypatch.chdir(published.parent)
    exec(python_snippet(), {})
    assert "severity" in capsys.readouterr().out


@pytest.mark.parametrize(
    "stage", ["ingest", "extract", "resolve", "reconcile", "validate", "publish.table.claims"]
)
def test_a_run_failing_in_any_stage_publishes_nothing(
    published: Path, mixed_raw: Path, stage: str, monkeypatch
) -> None:
    from flows.faults import InjectedFault
    from flows.recon_flow import recon_flow

    before = {p.name: p.read_bytes() for p in published.iterdir()}
    monkeypatch.setenv("RECON_FAIL_AT", stage)
    with pytest.raises(InjectedFault):
        recon_flow(
            raw_dir=str(mixed_raw),
            curated_dir=str(published),
            reviews_path=str(published.parent / "reviews.json"),
            state_dir=str(published.parent / "state-faults"),
        )
    assert {p.name: p.read_bytes() for p in published.iterdir()} == before


@pytest.mark.parametrize("stage", ["ingest", "extract"])
def test_a_transient_failure_of_a_per_document_batch_is_retried_and_the_run_publishes(
    published: Path, mixed_raw: Path, stage: str, monkeypatch
) -> None:
    from flows import faults
    from flows.recon_flow import recon_flow

    base = mixed_raw.parent
    monkeypatch.setenv("RECON_FAIL_AT", f"{stage}:once")
    result = recon_flow(
        raw_dir=str(mixed_raw),
        curated_dir=str(base / f"curated-retry-{stage}"),
        reviews_path=str(base / "reviews.json"),
        state_dir=str(base / f"state-retry-{stage}"),
        processes=1,  # the batch runs in this process, where the fault is remembered
    )
    assert stage in faults._FAILED_ONCE  # the first attempt failed
    assert result.published
    got = pd.read_parquet(base / f"curated-retry-{stage}" / "claims.parquet")
    pd.testing.assert_frame_equal(got, pd.read_parquet(published / "claims.parquet"))


def test_a_run_on_a_local_dask_cluster_publishes_the_same_tables(published: Path, mixed_raw: Path) -> None:
    from flows.recon_flow import recon_flow

    base = mixed_raw.parent
    result = recon_flow(
        raw_dir=str(mixed_raw),
        curated_dir=str(base / "curated-dask"),
        reviews_path=str(base / "reviews.json"),
        state_dir=str(base / "state-dask"),
        batch_size=2,
        dask_workers=2,
    )
    assert result.published
    for plain in sorted(published.glob("*.parquet")):
        expected = pd.read_parquet(plain)
        got = pd.read_parquet(base / "curated-dask" / plain.name)
        pd.testing.assert_frame_equal(got, expected, obj=plain.stem)


def test_a_second_run_reuses_every_unchanged_document_from_a_cache_given_as_a_uri(tmp_path: Path) -> None:
    """The cache at a ``file://`` URI (as a remote store would be given), read by worker processes:
    one changed document is redone, the others are reused, and the tables are the same as from
    a run that reused nothing."""
    from flows.recon_flow import recon_flow

    raw = tmp_path / "raw"
    raw.mkdir()
    for src in SEED_RAW.iterdir():
        (raw / src.name).write_bytes(src.read_bytes())

    def run(name: str, cache: Path):
        return recon_flow(
            raw_dir=str(raw),
            curated_dir=str(tmp_path / name),
            reviews_path=str(tmp_path / "reviews.json"),
            state_dir=str(tmp_path / "state"),
            batch_size=2,
            cache=cache.absolute().as_uri(),
        )

    n = len(list(raw.iterdir()))
    first = run("curated-1", tmp_path / "cache")
    assert first.cache_hits == {"ingest": 0, "extract": 0, "of": n}
    changed = sorted(raw.iterdir())[1]
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n\n2015年，ResNet有152层。\n", encoding="utf-8"
    )
    second = run("curated-2", tmp_path / "cache")
    assert second.cache_hits == {"ingest": n - 1, "extract": n - 1, "of": n}
    fresh = run("curated-3", tmp_path / "another-cache")
    assert fresh.cache_hits["extract"] == 0
    for table in ("documents", "mentions", "claims", "contradictions"):
        got = pd.read_parquet(tmp_path / "curated-2" / f"{table}.parquet")
        pd.testing.assert_frame_equal(got, pd.read_parquet(tmp_path / "curated-3" / f"{table}.parquet"))


def _paragraphs() -> list[str]:
    """Paragraphs of the seed texts, as the content of many small documents."""
    out = []
    for src in sorted(SEED_RAW.iterdir()):
        out += [p.strip() for p in src.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 40]
    return out


def test_a_thousand_files_with_a_few_bad_ones_are_processed_and_the_bad_ones_listed(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    paragraphs = _paragraphs()
    for i in range(995):
        (raw / f"doc_{i:04d}.md").write_text(
            f"# 文档 {i}\n\n{paragraphs[i % len(paragraphs)]}\n", encoding="utf-8"
        )
    bad = {
        "empty.txt": b"",
        "binary.md": b"\x00\x01\x02\x03PK\x03\x04" * 64,
        "huge.txt": "深度学习。".encode() * (5 * 1024 * 1024 // 15 + 1),
        "doc_0007.txt": "与 doc_0007.md 同名。".encode(),
    }
    for name, data in bad.items():
        (raw / name).write_bytes(data)
    (tmp_path / "outside.txt").write_text("外部", encoding="utf-8")
    (raw / "escape.txt").symlink_to(tmp_path / "outside.txt")
    assert len(list(raw.iterdir())) == 1000

    proc = _recon(
        "run", "--raw", str(raw), "--curated", str(tmp_path / "curated"), "--state", str(tmp_path / "s")
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "\r" not in proc.stderr and "recon run:" not in proc.stderr  # no progress drawn into a pipe
    docs = pd.read_parquet(tmp_path / "curated" / "documents.parquet")
    assert len(docs) == 1000
    rejected = docs[docs["status"] == "rejected"]
    assert sorted(rejected["path"]) == sorted([*bad, "escape.txt"])
    assert rejected["reason"].str.len().gt(0).all()
    assert "995 ok, 5 rejected" in proc.stdout
    for path, reason in zip(rejected["path"], rejected["reason"], strict=True):
        assert f"rejected {path}: {reason}" in proc.stdout


def _snapshot(raw: Path) -> dict[str, tuple]:
    """Every entry under ``raw`` with its bytes (or link target) and modification time."""
    out = {}
    for root, dirs, files in os.walk(os.fsencode(raw)):
        for name in dirs + files:
            path = os.path.join(root, name)
            info = os.lstat(path)
            if os.path.islink(path):
                out[path] = (os.readlink(path), info.st_mtime_ns)
            elif os.path.isfile(path):
                with open(path, "rb") as fh:
                    out[path] = (fh.read(), info.st_mtime_ns)
    return out


@pytest.fixture(scope="module")
def hostile_raw(tmp_path_factory) -> Path:
    """The seed texts and one of each bad file of the hostile sweep (issue 17, cases 5-8, 14-16)."""
    raw = tmp_path_factory.mktemp("hostile") / "raw"
    raw.mkdir()
    for src in SEED_RAW.iterdir():
        (raw / src.name).write_bytes(src.read_bytes())
    (raw / "loop.txt").symlink_to("loop.txt")  # 5: a symlink loop
    gbk_name = os.fsencode(raw) + b"/" + "反向传播".encode("gbk") + b".txt"  # 6: a GBK file name
    with open(gbk_name, "wb") as fh:
        fh.write("# 反向传播\n\n1986年，Rumelhart、Hinton和Williams发表了反向传播论文。".encode())
    filler = "深度学习的历史很长。\n" * 100_000  # 7: over spaCy's 1,000,000 characters
    (raw / "long.txt").write_text(filler + "2012年，Krizhevsky提出了AlexNet，错误率为15.3%。\n")
    (raw / "digits.txt").write_text(f"# 数字\n\n参数为{'9' * 320}亿，错误率为{'9' * 320}%。\n")  # 8
    (raw / "z|<img src=x onerror=alert(1)>.txt").write_text("# 管道\n\nAlexNet在2012年问世。\n")  # 14
    (raw / "rej_\u202egnp.evil.txt").write_bytes(b"\x00\x01\x02binary" * 50)  # 15: bidi override
    (raw / "esc\x1b[2J.txt").write_bytes(b"")  # 15: a terminal escape in a rejected file's name
    (raw / "title.md").write_text("# 反转\u202e标题\u2066\n\nAlexNet在2012年问世。\n")  # 15: in a title
    (raw / "ja.txt").write_bytes(JA.encode("shift_jis"))  # 16
    (raw / "ko.txt").write_bytes(KO.encode("euc_kr"))
    (raw / "de.txt").write_bytes(DE.encode("latin-1"))
    (raw / "utf16.txt").write_bytes("# 深度学习\n\nAlexNet在2012年问世。".encode("utf-16"))
    (raw / ".hidden.txt").write_text("隐藏")  # 4: skipped, and said so
    (raw / "notes.pdf").write_bytes(b"%PDF-1.4")
    return raw


@pytest.fixture(scope="module")
def hostile_run(hostile_raw: Path) -> tuple[subprocess.CompletedProcess, dict, dict]:
    base = hostile_raw.parent
    reviews = base / "decisions.json"  # 9: a decision whose values are not a list
    decision = {"contradiction_id": "c1", "status": "confirmed", "values": 5}
    reviews.write_text(json.dumps({"decisions": [decision]}))
    before = _snapshot(hostile_raw)
    proc = _recon(
        "run", "--raw", str(hostile_raw), "--curated", str(base / "curated"),
        "--state", str(base / "state"), "--reviews", str(reviews),
    )  # fmt: skip
    return proc, before, _snapshot(hostile_raw)


def test_one_run_over_every_bad_file_publishes_a_row_and_a_reason_for_each(hostile_run, hostile_raw):
    proc, _, _ = hostile_run
    assert proc.returncode == 0, proc.stderr[-3000:]
    docs = pd.read_parquet(hostile_raw.parent / "curated" / "documents.parquet").set_index("path")
    gbk = "反向传播".encode("gbk").decode("utf-8", "backslashreplace") + ".txt"
    expected_rejected = {
        "loop.txt": "symlink loop",
        "rej_\u202egnp.evil.txt": "binary",
        "esc\x1b[2J.txt": "empty file",
        "ja.txt": "Japanese in Shift-JIS",
        "ko.txt": "Korean in EUC-KR",
        "de.txt": "Latin-1",
        "utf16.txt": "UTF-16 (little-endian, byte-order mark) text",
    }
    for path, reason in expected_rejected.items():
        assert docs.loc[path, "status"] == "rejected" and reason in docs.loc[path, "reason"], path
    for path in (gbk, "long.txt", "digits.txt", "z|<img src=x onerror=alert(1)>.txt", "title.md"):
        assert docs.loc[path, "status"] == "ok", (path, docs.loc[path, "reason"])
    assert len(docs) == len(expected_rejected) + 5 + len(list(SEED_RAW.iterdir()))
    assert docs.loc["long.txt", "n_chars"] > 1_000_000
    assert "辛顿" not in docs.loc[gbk, "text"] and "Hinton" in docs.loc[gbk, "text"]
    claims = pd.read_parquet(hostile_raw.parent / "curated" / "claims.parquet")
    long_claims = claims[claims["doc_id"] == "long"]
    assert (long_claims["char_end"] > 1_000_000).any()  # extracted whole, offsets into the whole text


def test_the_bad_files_are_listed_on_the_terminal_as_text(hostile_run):
    out = hostile_run[0].stdout
    assert not any(c in out for c in "\x1b\u202e\u2066")
    assert "rejected esc\\x1b[2J.txt: empty file" in out
    assert "rejected rej_\\u202egnp.evil.txt: binary" in out
    assert "skipped .hidden.txt: hidden file" in out and "skipped notes.pdf: not a .txt or .md file" in out
    assert "review decision for c1 has values 5" in out


def test_the_reports_show_hostile_names_as_text(hostile_run, hostile_raw):
    from markdown_it import MarkdownIt

    curated = hostile_raw.parent / "curated"
    html, markdown = (curated / "report.html").read_text(), (curated / "report.md").read_text()
    for page in (html, markdown):
        assert not any(c in page for c in "\x1b\u202e\u2066")
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    assert "<img" not in rendered and "<img" not in html
    assert "rej_\\u202egnp.evil.txt" in html and "反转\\u202e标题\\u2066" in html


def test_the_manifest_lists_what_was_skipped_and_the_raw_files_are_unchanged(hostile_run, hostile_raw):
    _, before, after = hostile_run
    manifest = json.loads((hostile_raw.parent / "curated" / "_manifest.json").read_text())
    assert {(s["path"], s["reason"]) for s in manifest["skipped"]} == {
        (".hidden.txt", "hidden file"),
        ("notes.pdf", "not a .txt or .md file"),
    }
    assert after == before


def test_a_raw_directory_whose_every_file_is_rejected_publishes_nothing(tmp_path: Path, published: Path):
    """Every file rejected published empty tables over curated/ with exit 0."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "empty.txt").write_bytes(b"")
    (raw / "binary.md").write_bytes(b"\x00\x01" * 64)
    before = {p.name: p.read_bytes() for p in published.iterdir()}
    proc = _recon("run", "--raw", str(raw), "--curated", str(published), "--state", str(tmp_path / "s"))
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "NOT published (no usable document (all 2 files rejected)" in proc.stdout
    assert "--allow-empty" in proc.stdout and "rejected empty.txt: empty file" in proc.stdout
    assert {p.name: p.read_bytes() for p in published.iterdir()} == before


def test_allow_empty_publishes_empty_tables_when_asked(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    proc = _recon(
        "run", "--raw", str(raw), "--curated", str(tmp_path / "curated"),
        "--state", str(tmp_path / "s"), "--allow-empty",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert len(pd.read_parquet(tmp_path / "curated" / "documents.parquet")) == 0


@pytest.fixture
def object_store(monkeypatch):
    """An S3 endpoint on localhost (moto's server): what a remote store looks like to the
    flow and to worker processes, which find it through the environment."""
    import fsspec
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    for name, value in {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1",
        "FSSPEC_S3_ENDPOINT_URL": endpoint,  # read by fsspec as it is imported, in each worker
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setitem(fsspec.config.conf, "s3", {"endpoint_url": endpoint})  # this process's
    fs = fsspec.filesystem("s3", skip_instance_cache=True)
    fs.mkdir("recon")
    yield fs
    server.stop()


def test_workers_that_share_no_directory_with_the_flow_read_raw_texts_and_cache_from_a_store(
    published: Path, mixed_raw: Path, object_store, tmp_path: Path, monkeypatch
) -> None:
    """Raw texts and the cache in an object store, the batches on a cluster of two worker
    processes started in a directory of their own: the workers reach everything by URI, and
    the tables are those of the local run (less the symlink, which a store cannot hold)."""
    from distributed import LocalCluster

    from flows.recon_flow import recon_flow

    for path in sorted(mixed_raw.iterdir()):
        if not path.is_symlink():
            object_store.pipe(f"recon/raw/{path.name}", path.read_bytes())
    object_store.pipe("recon/raw/.hidden/x.txt", b"hidden")
    (workers_dir := tmp_path / "workers").mkdir()
    (flow_dir := tmp_path / "flow").mkdir()
    monkeypatch.chdir(workers_dir)
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        local_directory=str(workers_dir),
        dashboard_address=None,
    ) as cluster:
        monkeypatch.chdir(flow_dir)
        result = recon_flow(
            raw_dir="s3://recon/raw",
            curated_dir="curated",
            reviews_path="reviews.json",
            state_dir="state",
            cache="s3://recon/cache",
            batch_size=2,
            dask_address=cluster.scheduler_address,
        )
    assert result.published
    assert result.skipped == [(".hidden/", "hidden directory (not read)")]
    assert object_store.glob("recon/cache/extract/*/_keys.parquet")  # the workers wrote there
    assert not (flow_dir / "state" / "cache").exists()
    for plain in sorted(published.glob("*.parquet")):
        expected = pd.read_parquet(plain)
        if plain.stem == "documents":
            expected = expected[expected["path"] != "escape.txt"].reset_index(drop=True)
        got = pd.read_parquet(flow_dir / "curated" / plain.name)
        pd.testing.assert_frame_equal(got, expected, obj=plain.stem)
