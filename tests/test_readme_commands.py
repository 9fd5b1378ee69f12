"""The README's ``console`` examples are real: each ``$ recon …`` line is run on the seed run
and must print what the README shows (run ids, times and the commit aside).

``python -m tests.test_readme_commands`` (part of ``make docs``) writes the outputs anew,
as sqlite-utils' ``cog`` does, after a change that alters them.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import sys
import tempfile
from pathlib import Path

import pytest

from flows.cli import main
from tests.conftest import ROOT, publish_seed_run
from tests.helpers.readme import README

BLOCK = re.compile(r"(```console\n)(.*?)(```)", re.S)
#: what differs from run to run and machine to machine
VOLATILE = [
    (re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{8}"), "<run id>"),
    (re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \([^)]*\)"), "<time>"),
    (re.compile(r"\(git [0-9a-f]{40}(-dirty)?\)"), "(git <commit>)"),
]


def examples(readme: str = README) -> list[tuple[str, str]]:
    """``(command, output)`` for every ``$ `` line of every console block."""
    found = []
    for block in BLOCK.finditer(readme):
        command, output = None, []
        for line in block.group(2).splitlines():
            if line.startswith("$ "):
                if command is not None:
                    found.append((command, "\n".join(output)))
                command, output = line[2:], []
            elif command is not None:
                output.append(line)
        if command is not None:
            found.append((command, "\n".join(output)))
    return found


def run_example(command: str, cwd: Path) -> str:
    """What ``command`` (a ``recon …`` line) prints on stdout, run in ``cwd``."""
    argv = shlex.split(command)
    assert argv[0] == "recon", f"README console examples run recon, not {argv[0]!r}"
    out, here = io.StringIO(), Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
            main(argv[1:])
    finally:
        os.chdir(here)
    return out.getvalue().rstrip("\n")


def normalise(text: str) -> str:
    for pattern, placeholder in VOLATILE:
        text = pattern.sub(placeholder, text)
    return text


def test_the_readme_has_console_examples_of_the_new_commands() -> None:
    commands = [c for c, _ in examples()]
    for wanted in ("recon --version", "recon status", *(f"recon explain {p}" for p in ("ctr-", "c_", "m_"))):
        assert any(c.startswith(wanted) for c in commands), wanted
    explained = [c.split()[2] for c in commands if c.startswith("recon explain ")]
    assert any(not ident.startswith(("ctr-", "c_", "m_")) for ident in explained)  # an entity


@pytest.mark.parametrize(("command", "shown"), examples(), ids=[c for c, _ in examples()])
def test_a_console_example_prints_what_the_readme_shows(command: str, shown: str, seed_published) -> None:
    got = run_example(command, seed_published.parent)
    assert normalise(got) == normalise(shown), "the README's output drifted: `make docs` writes it anew"


def write_examples() -> None:
    """Run every console example on a fresh seed run and put its output in the README."""
    with tempfile.TemporaryDirectory(prefix="readme-examples-") as tmp:
        curated = publish_seed_run(Path(tmp) / "curated")

        def fill(block: re.Match) -> str:
            lines = []
            for command, _ in examples(block.group(0)):
                lines.append(f"$ {command}")
                lines.append(run_example(command, curated.parent))
            return block.group(1) + "\n".join(lines) + "\n" + block.group(3)

        (ROOT / "README.md").write_text(BLOCK.sub(fill, README), encoding="utf-8")


if __name__ == "__main__":
    write_examples()
    sys.exit(0)
