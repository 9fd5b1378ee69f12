"""The README documents every command and option, and its commands are the real ones."""

from __future__ import annotations

import argparse
import re

import pytest

from flows.cli import build_parser
from pipeline.schema.docs import data_dictionary_json, with_readme_tables
from tests.conftest import ROOT
from tests.helpers.readme import README

DICTIONARY = ROOT / "data_dictionary.json"


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("command", sorted(_subparsers()))
def test_every_command_and_option_is_documented(command: str) -> None:
    assert f"recon {command}" in README
    for action in _subparsers()[command]._actions:
        for option in action.option_strings:
            if option.startswith("--") and option != "--help":
                assert option in README, f"recon {command} {option} is not in the README"


def test_the_two_commands_at_the_top_are_make_targets() -> None:
    makefile = (ROOT / "Makefile").read_text()
    top = README[: README.index("## For analysts")]
    for target in re.findall(r"^make (\w+)", top, flags=re.M):
        assert re.search(rf"^{target}:", makefile, flags=re.M), target
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_the_readme_tables_and_the_data_dictionary_are_made_from_the_table_homes() -> None:
    assert with_readme_tables(README) == README, "the README's tables drifted from their homes: `make docs`"
    assert DICTIONARY.read_text(encoding="utf-8") == data_dictionary_json(), "`make docs`"


def write_docs() -> None:
    """Make the README's tables and the data dictionary anew from the tables' homes (``make docs``)."""
    (ROOT / "README.md").write_text(with_readme_tables(README), encoding="utf-8")
    DICTIONARY.write_text(data_dictionary_json(), encoding="utf-8")


if __name__ == "__main__":
    write_docs()
