"""An ordinary install works outside the checkout: ``pip install <checkout>`` (not editable)
into a fresh virtualenv, then ``recon run`` from another directory publishes.

It catches what an editable install hides: data files (table homes, catalog,
rules, cues, thresholds, reference facts) that the package does not ship, and
code that finds them relative to the source tree. Slow: pip installs every
dependency into the new virtualenv (about a minute, from pip's cache).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import venv
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline.catalog import load_catalog
from pipeline.catalog.facts import load_reference
from pipeline.schema import PUBLISHED
from pipeline.stages import run_context
from tests.conftest import ROOT, SEED_RAW

pytestmark = pytest.mark.e2e


def _checkout_copy(dest: Path) -> Path:
    """The files git tracks, copied (so that building the wheel writes nothing into the checkout)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    if listed.returncode != 0:  # not a git checkout: everything but local state
        ignore = shutil.ignore_patterns(".*", "build", "*.egg-info", "__pycache__", "curated")
        shutil.copytree(ROOT, dest, ignore=ignore)
        return dest
    for name in filter(None, listed.stdout.decode().split("\0")):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    return dest


def _clean_env() -> dict[str, str]:
    """This environment without what ties a process to the test session (its Prefect, its path)."""
    return {
        k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "RECON_")) and k != "PYTHONPATH"
    }


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Iterator[Path]:
    """A fresh virtualenv, outside the source tree, with the checkout installed as a wheel."""
    base = tmp_path_factory.mktemp("install")
    assert not base.resolve().is_relative_to(ROOT.resolve())
    source = _checkout_copy(base / "checkout")
    env = base / "venv"
    venv.create(env, with_pip=True)
    pip = subprocess.run(
        [
            str(env / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            str(source),
        ],
        cwd=base,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert pip.returncode == 0, pip.stderr[-3000:]
    shutil.rmtree(source)  # the installed copy must stand on its own
    yield env
    shutil.rmtree(base, ignore_errors=True)  # a virtualenv with every dependency: about a gigabyte


def test_the_installed_package_is_a_copy_not_the_checkout(installed: Path) -> None:
    code = "import flows, pipeline; print(pipeline.__file__); print(flows.__file__)"
    out = subprocess.run(
        [str(installed / "bin" / "python"), "-c", code],
        cwd=installed.parent,
        env=_clean_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    for path in out.stdout.split():
        assert Path(path).resolve().is_relative_to(installed.resolve()), path


def test_recon_run_from_an_installed_copy_publishes(installed: Path) -> None:
    work = installed.parent / "work"
    shutil.copytree(SEED_RAW, work / "seed")
    proc = subprocess.run(
        [
            str(installed / "bin" / "recon"),
            "run",
            "--raw",
            "seed",
            "--curated",
            "curated",
            "--state",
            "state",
        ],
        cwd=work,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "published to curated" in proc.stdout
    curated = work / "curated"
    for table in PUBLISHED:
        assert (curated / f"{table}.parquet").exists(), table
    assert (curated / "report.html").exists()
    assert len(pd.read_parquet(curated / "contradictions.parquet")) > 0

    manifest = json.loads((curated / "_manifest.json").read_text(encoding="utf-8"))
    # the installed copy shipped the very data files of this checkout, and knows it is no checkout
    assert Path(pipeline.__file__).resolve().is_relative_to(ROOT.resolve())  # this process: the checkout
    context = run_context(load_catalog(), load_reference(), pipeline.Settings())
    assert manifest["data_versions"] == context.data_versions
    assert manifest["thresholds"] == context.thresholds
    assert manifest["git_commit"] is None
    assert manifest["validation"]["passed"] is True
