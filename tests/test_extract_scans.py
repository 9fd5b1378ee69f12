"""Scans that try a pattern only near its anchor find what scanning the whole text finds."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pipeline.extract import discover, values

RAW = Path(__file__).resolve().parent.parent / "raw"


def _texts(alphabet: str, seed: int) -> list[str]:
    rng = random.Random(seed)
    fuzz = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 200))) for _ in range(1500)]
    return [p.read_text(encoding="utf-8") for p in sorted(RAW.iterdir())] + fuzz


def _spans(matches) -> list:
    return [(m.span(), m.groupdict()) for m in matches]


@pytest.mark.parametrize(
    ("pattern", "anchored", "alphabet"),
    [
        (values._LABELLED, values._labelled_matches, "参数量图片：: ,.0123456789Total images\n\tKMBmillion%"),
        (discover._GLOSSED, discover._glossed_matches, "神经认知机网络（）() ,，;；-AbcNe0123\n\tx"),
        (discover._LATIN_NAME, discover._latin_name_matches, "GPTResNetbaselarge-_./ 0123x.5BMK模型\nTurbo"),
    ],
)
def test_anchored_scan_equals_finditer(pattern, anchored, alphabet):
    for text in _texts(alphabet, 11):
        assert _spans(anchored(text)) == _spans(pattern.finditer(text)), text[:80]


def test_clause_pattern_equals_its_three_branches():
    import re

    from pipeline.extract.language import cues_from
    from pipeline.extract.layout import _clause_re

    cues = cues_from("cues.yaml")
    punct = re.escape(cues.clause_punct + "。！？!?\n")
    branches = re.compile(rf"[{punct}]|(?<![A-Za-z0-9\s]),|,(?!\s*[A-Za-z])")
    for text in _texts("，；：:;、（）()—。！？!?\n, aZ09\t模型", 5):
        got = [m.span() for m in _clause_re(cues).finditer(text)]
        assert got == [m.span() for m in branches.finditer(text)]
