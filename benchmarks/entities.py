"""Junk entities: how many entities of a run are fragments rather than names.

``python -m benchmarks.entities`` runs the pure pipeline over the seed texts and
the shared real corpus and scores each entity table against the hand judgements
in ``tests/data/entity_review/judged.jsonl`` (every uncatalogued entity of the
two runs at commit d0cb3fb, and 40 catalogued ones each, judged ``ok`` or
``junk`` against the text)::

    seeds: 338 entities, 13 judged junk (3.8%), 1 not judged
    real:  477 entities, 18 judged junk (3.8%), 0 not judged

``--write DIR`` writes each run's entities with the context of their first
mention as JSON, for judging the ones not judged yet.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from benchmarks.gold import CORPUS
from pipeline.stages import run

ROOT = Path(__file__).resolve().parent.parent
JUDGED = ROOT / "tests" / "data" / "entity_review" / "judged.jsonl"
RUNS = {"seeds": ROOT / "raw", "real": CORPUS}


def entities(raw: Path) -> list[dict]:
    """Each entity of a run over ``raw`` with the context of its first mention."""
    result = run(sorted(p for p in raw.iterdir() if p.suffix in (".txt", ".md")))
    tables = result.tables
    texts = dict(zip(tables["documents"]["doc_id"], tables["documents"]["text"], strict=True))
    first = tables["mentions"].sort_values(["doc_id", "char_start"]).drop_duplicates("entity_id")
    by_entity = {m.entity_id: m for m in first.itertuples()}
    out = []
    for e in tables["entities"].itertuples():
        m = by_entity.get(e.entity_id)
        context = texts[m.doc_id][max(0, m.char_start - 40) : m.char_end + 40] if m is not None else None
        out.append({"entity_id": e.entity_id, "name": e.name, "type": e.type,
                    "catalogued": isinstance(e.catalog_id, str), "context": context})  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", type=Path, help="write each run's entities as JSON into this directory")
    args = parser.parse_args()
    verdicts: dict[tuple[str, str], str] = {}
    for line in JUDGED.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        verdicts[(row["file"], row["name"])] = row["verdict"]
    for label, raw in RUNS.items():
        rows = entities(raw)
        if args.write:
            args.write.mkdir(parents=True, exist_ok=True)
            (args.write / f"{label}_entities.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1))
        uncatalogued = [r for r in rows if not r["catalogued"]]
        junk = sum(verdicts.get((label, r["name"])) == "junk" for r in rows)
        unjudged = sum((label, r["name"]) not in verdicts for r in uncatalogued)
        print(f"{label + ':':6} {len(rows)} entities, {junk} judged junk ({junk / max(len(rows), 1):.1%}), "
              f"{unjudged} not judged")  # fmt: skip


if __name__ == "__main__":
    main()
