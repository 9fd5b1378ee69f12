"""Annotators' tool for the real-document gold (``tests/data/real_gold/``; guide in its GUIDE.md).

``python -m benchmarks.gold show DOC_ID`` prints a document's normalised text
with line numbers and line start offsets; ``python -m benchmarks.gold resolve
WORK.jsonl --form FORM`` turns a working file of anchored claims into a gold
file of offsets::

    $ python -m benchmarks.gold resolve /tmp/work/d05_paddleclas_image_classification.jsonl --form notes
    d05_paddleclas_image_classification: 41 claims (6 optional) -> tests/data/real_gold/d05_….json

The texts stay in ``../shared/corpus/real/docs``: a gold file holds ids,
offsets, values and names, never the anchors.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

from pipeline.ingest.normalize import normalize_text

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "real" / "docs"
GOLD_DIR = ROOT / "tests" / "data" / "real_gold"

ATTRIBUTES = ("year", "creator", "organization", "error_rate", "accuracy", "parameters", "layers",
              "dataset_size", "classes")  # fmt: skip
NAME_ATTRIBUTES = ("creator", "organization")
FORMS = ("table", "timeline", "prose", "qa", "notes", "traditional")
QUALIFIERS = {
    "dates": ("introduced", "published", "released", "founded", "held", "won", "event"),
    "metric": None, "split": ("train", "val", "test"), "benchmark": None, "ensemble": (True,),
    "approx": (True,), "bound": ("at_least", "at_most"), "hedged": (True,),
    "role": ("runner_up", "previous_best"), "unit": None, "source": ("reference", "table", "citation_key"),
    "variant": (True,), "granularity": ("decade", "range", "month", "year"),
}  # fmt: skip
_Y4 = r"(?:1[6-9]\d\d|20[0-4]\d)"
_YEAR = re.compile(rf"^{_Y4}(-(0[1-9]|1[0-2]))?(/{_Y4}(-(0[1-9]|1[0-2]))?)?$")


class GoldError(ValueError):
    pass


#: an alias copied from the text that reads as a phrase of it, not a name (never kept in the project)
_PHRASE_WORDS = re.compile(r"进行|使用|用神经|关于|对猫|在会|和伊|的模型|的邮件")


def is_text_phrase(alias: str, text: str) -> bool:
    cjk = len(re.findall(r"[\u4e00-\u9fff]", alias))
    return alias in text and cjk >= 8 and bool(_PHRASE_WORDS.search(alias))


def doc_path(doc_id: str, corpus: Path = CORPUS) -> Path:
    return corpus / f"{doc_id}.txt"


def doc_text(doc_id: str, corpus: Path = CORPUS) -> tuple[str, str]:
    """(normalised text, sha256 of the file) of one corpus document."""
    data = doc_path(doc_id, corpus).read_bytes()
    return normalize_text(data.decode("utf-8-sig")), hashlib.sha256(data).hexdigest()


def _check_value(attribute: str, value: object, where: str) -> None:
    if attribute == "year":
        if not (isinstance(value, int) or (isinstance(value, str) and _YEAR.match(value))):
            raise GoldError(f"{where}: year value must be an int or 'YYYY[-MM][/YYYY[-MM]]', got {value!r}")
    elif attribute in NAME_ATTRIBUTES:
        if not isinstance(value, str) or not value.strip():
            raise GoldError(f"{where}: {attribute} value must be a name, got {value!r}")
    elif not isinstance(value, int | float) or isinstance(value, bool):
        raise GoldError(f"{where}: {attribute} value must be a number, got {value!r}")


def _check_qualifiers(q: object, where: str) -> None:
    if not isinstance(q, dict):
        raise GoldError(f"{where}: qualifiers must be an object")
    for k, v in q.items():
        if k not in QUALIFIERS and k != "implicit_subject":
            raise GoldError(f"{where}: unknown qualifier {k!r} (known: {', '.join(QUALIFIERS)})")
        allowed = QUALIFIERS.get(k)
        if allowed is not None and v not in allowed:
            raise GoldError(f"{where}: qualifier {k}={v!r} not one of {allowed}")


def _find(text: str, needle: str, occurrence: int | None, where: str, what: str, lo: int = 0,
          hi: int | None = None) -> int:  # fmt: skip
    hi = len(text) if hi is None else hi
    hits, pos = [], text.find(needle, lo, hi)
    while pos != -1:
        hits.append(pos)
        pos = text.find(needle, pos + 1, hi)
    if not hits:
        raise GoldError(f"{where}: {what} {needle!r} not found")
    if occurrence is None:
        if len(hits) > 1:
            raise GoldError(f"{where}: {what} {needle!r} occurs {len(hits)} times; lengthen it or give "
                            f"{what}_occurrence")  # fmt: skip
        return hits[0]
    if not 1 <= occurrence <= len(hits):
        raise GoldError(f"{where}: {what}_occurrence {occurrence} but {len(hits)} occurrences")
    return hits[occurrence - 1]


def resolve_line(text: str, row: dict, where: str) -> dict:
    """One anchored working claim -> one gold claim with offsets (raises GoldError)."""
    for key in ("entity", "attribute", "value", "value_raw", "anchor"):
        if key not in row:
            raise GoldError(f"{where}: missing {key!r}")
    attribute = row["attribute"]
    if attribute not in ATTRIBUTES:
        raise GoldError(f"{where}: unknown attribute {attribute!r}")
    _check_value(attribute, row["value"], where)
    q = dict(row.get("qualifiers") or {})
    _check_qualifiers(q, where)
    a = _find(text, row["anchor"], row.get("anchor_occurrence"), where, "anchor")
    start = _find(text, row["value_raw"], row.get("value_occurrence"), where, "value_raw", a,
                  a + len(row["anchor"]))  # fmt: skip
    out = {
        "entity": row["entity"],
        "aliases": [a for a in row.get("aliases") or [] if not is_text_phrase(a, text)],
        "type": row.get("type", ""),
        "attribute": attribute,
        "value": row["value"],
        "value_raw": row["value_raw"],
        "start": start,
        "end": start + len(row["value_raw"]),
        "qualifiers": q,
    }
    if row.get("value_names"):
        out["value_names"] = list(row["value_names"])
    if row.get("optional"):
        out["optional"] = True
    if row.get("implicit_subject"):
        out["qualifiers"]["implicit_subject"] = True
    if row.get("note"):
        out["note"] = row["note"]
    return out


def resolve_file(work: Path, form: str, corpus: Path = CORPUS) -> dict:
    if form not in FORMS:
        raise GoldError(f"form must be one of {FORMS}")
    doc_id = work.stem
    text, sha = doc_text(doc_id, corpus)
    claims, errors = [], []
    for n, line in enumerate(work.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        where = f"{work.name}:{n}"
        try:
            claims.append(resolve_line(text, json.loads(line), where))
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: not JSON ({exc})")
        except GoldError as exc:
            errors.append(str(exc))
    if errors:
        raise GoldError("\n".join(errors))
    seen = set()
    for c in claims:
        key = (c["entity"], c["attribute"], c["start"], c["end"])
        if key in seen:
            raise GoldError(f"{work.name}: claim {key} twice")
        seen.add(key)
    claims.sort(key=lambda c: (c["start"], c["attribute"], c["entity"]))
    return {"doc_id": doc_id, "form": form, "sha256": sha, "complete": True, "claims": claims}


def load_gold(gold_dir: Path = GOLD_DIR) -> dict[str, dict]:
    """Every gold file, by doc id."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))}


def _show(doc_id: str) -> None:
    text, _ = doc_text(doc_id)
    pos = 0
    for n, line in enumerate(text.split("\n"), 1):
        print(f"{n:4d} @{pos:6d}  {line}")
        pos += len(line) + 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.gold", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    show = sub.add_parser("show", help="print a document's normalised text with line numbers and offsets")
    show.add_argument("doc_id")
    res = sub.add_parser("resolve", help="anchored working file -> gold file with offsets")
    res.add_argument("work", type=Path)
    res.add_argument("--form", required=True, choices=FORMS)
    res.add_argument("--out", type=Path, default=GOLD_DIR)
    args = parser.parse_args(argv)
    if args.cmd == "show":
        _show(args.doc_id)
        return 0
    try:
        gold = resolve_file(args.work, args.form)
    except GoldError as exc:
        print(exc, file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"{gold['doc_id']}.json"
    out.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    n_opt = sum(1 for c in gold["claims"] if c.get("optional"))
    print(f"{gold['doc_id']}: {len(gold['claims'])} claims ({n_opt} optional) -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
