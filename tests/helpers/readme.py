"""The README's examples, taken out of it for the tests that run them."""

from __future__ import annotations

import re

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def python_snippet() -> str:
    """The analyst snippet (the first python block); run by the end-to-end test."""
    return re.search(r"```python\n(.*?)```", README, flags=re.S).group(1)


def python_blocks() -> list[str]:
    """Every python block of the README, in order."""
    return re.findall(r"```python\n(.*?)```", README, flags=re.S)
