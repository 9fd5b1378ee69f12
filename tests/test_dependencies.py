"""What the runtime imports is what ``pyproject.toml`` declares; what only the tests and
benchmarks need (psutil) stays in their extras."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
OWN = {"pipeline", "flows", "tests", "benchmarks"}


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\s\[<>=!~;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def _imported(*folders: str) -> set[str]:
    """Top-level modules imported anywhere under ``folders`` (outside the standard library)."""
    found = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found.update(a.name.split(".")[0] for a in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in OWN}


def _distributions(modules: set[str]) -> set[str]:
    by_module = packages_distributions()
    return {d.lower().replace("_", "-") for m in modules for d in by_module.get(m, [m])}


def test_every_package_the_runtime_imports_is_declared():
    declared = _names(PYPROJECT["project"]["dependencies"])
    imported = _distributions(_imported("pipeline", "flows"))
    assert imported - declared == set(), "imported by pipeline/ or flows/ but not in dependencies"


def test_psutil_is_for_the_tests_and_the_benchmarks_only():
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert "psutil" not in _names(PYPROJECT["project"]["dependencies"])
    assert "psutil" in _names(extras["dev"]) and "psutil" in _names(extras["bench"])
    assert "psutil" not in _imported("pipeline", "flows")
    assert "psutil" in _imported("tests", "benchmarks")
