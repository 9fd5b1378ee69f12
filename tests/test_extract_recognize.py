"""The catalog matcher's index: every position where a name starts is tried."""

from __future__ import annotations

import random

from pipeline.catalog import load_catalog
from pipeline.extract.recognize import _char_codes, _lowered, catalog_index
from pipeline.extract.shadow import ascii_lower


def _sample_text(names: list[str], rng: random.Random) -> str:
    """Names, pieces of names and filler glued together, as a text that tests every position."""
    parts = []
    for _ in range(200):
        name = rng.choice(names)
        cut = rng.randint(1, len(name))
        parts.append(rng.choice([name, name[:cut], name[cut:], "的", "，", " ", "Ab", "2012年"]))
    return "".join(parts)


def test_starts_cover_every_name():
    index = catalog_index(load_catalog())
    names = sorted(index.names)
    lengths = sorted({len(n) for n in names})
    rng = random.Random(11)
    for _ in range(2):
        text = _sample_text(names, rng)
        codes, lowered = _lowered(_char_codes(text))
        assert lowered == ascii_lower(text)
        starts = set(index.starts(codes))
        for i in range(len(lowered)):
            here = [n for n in lengths if lowered[i : i + n] in index.names]
            if here:
                assert i in starts, lowered[i : i + max(here)]
