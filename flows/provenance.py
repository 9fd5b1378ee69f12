"""Where the code of a run came from: the git commit of the checkout it was imported from.

A run started from a checkout names the commit in ``curated/_manifest.json``
(``"<sha>"``, or ``"<sha>-dirty"`` when tracked files were changed since). An
installed copy (a wheel in a virtualenv, even one inside a checkout) is not a
checkout: its files are not tracked by git, and the commit is ``None``::

    >>> git_commit()
    '33424cdfd68dcef04f614414ed8817228a38e2f3-dirty'
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pipeline


def git_commit(source: Path | None = None) -> str | None:
    """The commit of the git work tree that tracks ``source`` (default: this pipeline's code)."""
    where = source or Path(pipeline.__file__).resolve().parent

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(where), *args], capture_output=True, text=True, timeout=10, check=True
        )
        return done.stdout.strip()

    try:
        git("ls-files", "--error-unmatch", "__init__.py")  # fails unless git tracks this very code
        commit = git("rev-parse", "HEAD")
        dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{commit}-dirty" if dirty else commit
