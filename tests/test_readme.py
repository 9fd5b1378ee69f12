"""The README documents every command and option, and its commands are the real ones."""

from __future__ import annotations

import argparse
import re

import pytest

from flows.cli import build_parser
from tests.conftest import ROOT
from tests.helpers.readme import README


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
