"""Versions of the data files that shape a run: a hash of their content.

A data file (the catalog, the reference facts, the resolver's rules, the
extraction cues, the thresholds, the table homes) is versioned by what it
says, not by a number someone must remember to bump, so a run can name exactly
which data made it::

    >>> content_version({"models.yaml": "- id: alexnet\\n  name: AlexNet\\n"})
    '1a8e28c386ef'
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from importlib import resources


def content_version(files: Mapping[str, str]) -> str:
    """12 hex digits of the sha256 of ``{file name: text}``, in file-name order."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].encode() + b"\0")
    return digest.hexdigest()[:12]


def packaged_version(package: str, *names: str) -> str:
    """The content version of data files shipped in ``package``."""
    root = resources.files(package)
    return content_version({name: root.joinpath(name).read_text(encoding="utf-8") for name in names})
