"""Extraction throughput next to bare jieba segmentation of the same text, on one core.

Run: ``python -m benchmarks.extraction [RAW_DIR] [--repeat N]``. Prints characters
per second for ``jieba.cut`` alone and for the whole extraction stage
(:func:`pipeline.extract.extract_claims`: spaCy + jieba + every component),
and their ratio (the target is ≥ 0.5). Not a test: timings vary by machine.
"""

from __future__ import annotations

import argparse
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import jieba
import pandas as pd

from pipeline.extract import extract_claims
from pipeline.extract.language import build_nlp
from pipeline.ingest import RawFile, documents_frame, ingest_file


@dataclass(frozen=True)
class Throughput:
    chars: int
    jieba_cps: float
    extraction_cps: float
    claims: int

    @property
    def ratio(self) -> float:
        return self.extraction_cps / self.jieba_cps


def _seconds(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def measure(documents: pd.DataFrame, repeat: int = 3) -> Throughput:
    """Best-of-``repeat`` throughput of jieba and of extraction on the ``ok`` documents."""
    jieba.setLogLevel(logging.WARNING)
    texts = list(documents.loc[documents["status"] == "ok", "text"])
    chars = sum(len(t) for t in texts)
    jieba.initialize()
    build_nlp()  # both warm: dictionaries loaded, pipeline built
    extract_claims(documents.head(1))
    result: list = []
    t_jieba = t_extract = float("inf")
    for _ in range(repeat):  # interleaved, so both see the same machine load
        t_jieba = min(t_jieba, _seconds(lambda: [list(jieba.cut(t)) for t in texts]))
        t_extract = min(t_extract, _seconds(lambda: result.append(extract_claims(documents))))
    return Throughput(chars, chars / t_jieba, chars / t_extract, len(result[-1].claims))


def _documents(raw: Path) -> pd.DataFrame:
    files = sorted(p for p in raw.iterdir() if p.suffix in (".txt", ".md"))
    return documents_frame(
        [ingest_file(RawFile(p.stem, p.name, p.read_bytes(), p.stat().st_size)) for p in files]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", nargs="?", default="raw", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    r = measure(_documents(args.raw), args.repeat)
    print(f"text: {r.chars:,} chars; extraction produced {r.claims} claims")
    print(f"jieba.cut       {r.jieba_cps:12,.0f} chars/s")
    print(f"extract_claims  {r.extraction_cps:12,.0f} chars/s")
    print(f"ratio           {r.ratio:12.2f}  (target >= 0.50)")


if __name__ == "__main__":
    main()
