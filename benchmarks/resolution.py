"""Benchmark: resolve synthetic mentions at growing sizes; print time, memory, quality.

    python -m benchmarks.resolution [--sizes 10000 30000 100000] [--no-tracemalloc]

Mentions are drawn (Zipf-like) from the catalog plus synthetic unknown
entities (about one per 20 mentions, so larger corpora also hold more
distinct names): models with version siblings (``Zorbex-2``/``Zorbex-3``),
Chinese researchers written in Han, traditional Han, pinyin in both name
orders and with ``等人``/``团队``, organisations and their labs. Each mention
gets a realistic spelling variant: case, spacing, hyphens, full width,
traditional script, descriptive suffixes, parenthetical glosses, rare typos.
Ground truth is known, so pairwise precision/recall over all mention pairs
is printed too. Wall time covers ``resolve_entities`` only (one core);
peak memory is measured in a second run under tracemalloc.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
import tracemalloc
from collections import Counter
from dataclasses import dataclass

import pandas as pd
from opencc import OpenCC
from pypinyin import lazy_pinyin

from pipeline import schema
from pipeline.catalog import Catalog, load_catalog
from pipeline.resolve import resolve_entities
from pipeline.resolve.keys import name_form
from pipeline.resolve.person_names import person_name
from pipeline.resolve.rules import load_rules

SYLLABLES = (
    "zor", "bex", "qua", "lin", "tor", "vex", "mon", "dar", "kel", "fin", "gra", "hul",
    "pry", "sta", "neo", "ori", "ven", "sol", "mar", "tek", "rix", "nov", "cel", "dru",
)  # fmt: skip
GIVEN_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉力兰凤云晓鹏宇浩瑞博欣怡子轩思雨嘉"
_s2t = OpenCC("s2t")


@dataclass(frozen=True)
class Truth:
    truth_id: str
    type: str
    spellings: tuple[str, ...]  # ways texts write it


def synthetic_entities(catalog: Catalog, n_unknown: int, rng: random.Random) -> list[Truth]:
    truths = [Truth(e.id, e.type, e.names) for e in catalog.entries]
    rules = load_rules()
    surnames = sorted(rules.surnames)[:150]
    seen: set[str] = set()
    while len(truths) < len(catalog.entries) + n_unknown:
        kind = rng.random()
        if kind < 0.4:  # a model family member: base name + version
            base = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize() + rng.choice(
                ["", "Net", "LM"]
            )
            version = rng.choice(["", "2", "3", "4", "1.5"])
            name = f"{base}-{version}" if version else base
            spellings = (name, name.replace("-", " "), name.upper(), f"{name}模型", f"{name}架构")
            kind_type = rng.choice(["model", "method"])
        elif kind < 0.8:  # a Chinese researcher
            han = rng.choice(surnames) + "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice([1, 2])))
            sur, *given = lazy_pinyin(han)
            sur = rules.surname_readings.get(han[0], sur)
            latin = f"{''.join(given).capitalize()} {sur.capitalize()}"
            name = latin
            spellings = (
                latin,
                f"{sur.capitalize()} {''.join(given).capitalize()}",
                han,
                f"{han}等人",
                f"{latin} 等人",
            )
            kind_type = "person"
        else:  # an organisation
            base = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
            name = f"{base} {rng.choice(['Labs', 'AI', 'Research', 'Institute'])}"
            spellings = (name, name.lower(), f"{name}团队", f"{name}公司")
            kind_type = "organization"
        if name.casefold() not in seen:
            seen.add(name.casefold())
            truths.append(Truth(f"syn:{len(truths)}", kind_type, spellings))
    return truths


def variant(spelling: str, entity_type: str, rng: random.Random) -> str:
    """One realistic way a text writes ``spelling``."""
    roll = rng.random()
    if roll < 0.55:
        return spelling
    if roll < 0.65:
        return _s2t.convert(spelling)
    if roll < 0.72:
        return spelling.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})  # full width
    if roll < 0.80:
        return spelling.lower() if spelling.isascii() else spelling
    if roll < 0.88 and entity_type != "person":
        return spelling.replace(" ", "-") if " " in spelling else spelling.replace("-", " ")
    if roll < 0.995:
        return f"「{spelling}」"
    if len(spelling) >= 8 and spelling.isascii():  # a rare typo: one letter doubled
        i = rng.randrange(2, len(spelling) - 2)
        return spelling[:i] + spelling[i] + spelling[i:]
    return spelling


def synthetic_mentions(n: int, seed: int = 7) -> tuple[pd.DataFrame, list[str]]:
    rng = random.Random(seed)
    truths = synthetic_entities(load_catalog(), max(n // 20, 50), rng)
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(truths))]
    rng.shuffle(weights)
    picks = rng.choices(truths, weights=weights, k=n)
    rows, labels = [], []
    for i, truth in enumerate(picks):
        surface = variant(rng.choice(truth.spellings), truth.type, rng)
        rows.append(
            {
                "mention_id": f"m{i}",
                "doc_id": f"d{i // 50}",
                "surface": surface,
                "char_start": 0,
                "char_end": len(surface),
                "type": truth.type,
                "catalog_id": None,
                "detector": "synthetic",
                "confidence": 0.9,
            }
        )
        labels.append(truth.truth_id)
    return schema.conform(rows, "extracted_mentions"), labels


def pairwise_quality(truth: list[str], predicted: list[str]) -> tuple[float, float]:
    """Precision and recall over all mention pairs, from cluster contingency counts."""

    def pairs(counts: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    both = pairs(Counter(zip(truth, predicted, strict=True)))
    return both / max(pairs(Counter(predicted)), 1), both / max(pairs(Counter(truth)), 1)


def timed_resolve(mentions: pd.DataFrame, catalog: Catalog) -> tuple[pd.DataFrame, float]:
    """Resolve with cold key caches, so sizes do not profit from earlier runs."""
    name_form.cache_clear()
    person_name.cache_clear()
    start = time.perf_counter()
    result = resolve_entities(mentions, pd.DataFrame(), catalog)
    return result.mentions, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--no-tracemalloc", action="store_true")
    args = parser.parse_args()
    catalog = load_catalog()
    timed_resolve(synthetic_mentions(200)[0], catalog)  # load OpenCC/pypinyin dictionaries once
    print(f"{'mentions':>9} {'distinct':>8} {'entities':>8} {'seconds':>8} {'us/mention':>10} "
          f"{'peak MB':>8} {'maxrss MB':>9} {'precision':>9} {'recall':>7}")  # fmt: skip
    for size in args.sizes:
        mentions, labels = synthetic_mentions(size)
        linked, seconds = timed_resolve(mentions, catalog)
        peak_mb = float("nan")
        if not args.no_tracemalloc:
            tracemalloc.start()
            timed_resolve(mentions, catalog)
            peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        precision, recall = pairwise_quality(labels, list(linked["entity_id"]))
        distinct, entities = mentions["surface"].nunique(), linked["entity_id"].nunique()
        print(
            f"{size:>9} {distinct:>8} {entities:>8} {seconds:>8.2f} {seconds / size * 1e6:>10.1f} "
            f"{peak_mb:>8.1f} {maxrss_mb:>9.0f} {precision:>9.4f} {recall:>7.4f}"
        )


if __name__ == "__main__":
    main()
