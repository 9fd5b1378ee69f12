"""Extraction on real documents: precision and recall against the hand-made gold.

``python -m benchmarks.real`` runs ingest, extraction and resolution over the
texts of ``../shared/corpus/real/docs`` (all of them at once, as a run would)
and scores the claims against ``tests/data/real_gold/`` (see its GUIDE.md) and
against the corpus's own ``facts.json``::

    gold (per statement): P 0.912  R 0.874  (tp 512, fp 49, fn 74; 31 optional matched)
    attribute        P      R     pred  gold
    year          0.95   0.90      233   241
    ...
    facts.json: 181/202 recalled (0.896)

A predicted claim is right when a gold claim has the same attribute, the same
entity (any name or alias, compared without case, spaces or hyphens, in
simplified script), the same value (numbers within 0.5%, years overlapping,
names equal or one containing the other) and an overlapping value span. A
prediction matching an *optional* gold claim counts neither way. Recall is
over non-optional gold claims. ``--details FILE`` writes every hit, miss and
false positive with its evidence for error analysis.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from benchmarks.gold import CORPUS, GOLD_DIR, NAME_ATTRIBUTES, load_gold
from pipeline.extract.shadow import simplified_shadow

FACTS = CORPUS.parent / "facts.json"
CONFIDENCE_BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def name_key(name: str) -> str:
    """``GPT-3`` ``gpt 3`` ``ＧＰＴ３`` → ``gpt3``: the form names are compared in."""
    s = simplified_shadow(unicodedata.normalize("NFKC", str(name))).casefold()
    return re.sub(r"[\s\-_·・•.,，'’\"“”《》「」*]+", "", s)


def name_forms(names: Iterable[str]) -> set[str]:
    """Every name and, for a glossed name ``神经认知机（Neocognitron）``, each side of the bracket."""
    out = set()
    for n in names:
        if not isinstance(n, str) or not n.strip():
            continue
        out.add(name_key(n))
        for part in re.split(r"[（()）]", n):
            if part.strip():
                out.add(name_key(part))
    return out - {""}


def _years(value: object) -> tuple[int, int] | None:
    found = [int(y) for y in re.findall(r"(?<!\d)(1[6-9]\d\d|20[0-4]\d)(?!\d)", str(value))]
    return (min(found), max(found)) if found else None


def same_value(attribute: str, gold: dict, pred: dict) -> bool:
    if attribute == "year":
        g, p = _years(gold["value"]), _years(pred["value_norm"])
        return bool(g and p and g[0] <= p[1] and p[0] <= g[1])
    if attribute in NAME_ATTRIBUTES:
        gold_names = name_forms([gold["value"], gold["value_raw"], *gold.get("value_names", [])])
        pred_names = name_forms(pred["value_names"])
        return any(a == b or (min(len(a), len(b)) >= 2 and (a in b or b in a))
                   for a in gold_names for b in pred_names)  # fmt: skip
    num = pred["value_num"]
    return num is not None and not math.isnan(num) and math.isclose(num, float(gold["value"]), rel_tol=0.005)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Scores:
    tp: Counter = field(default_factory=Counter)  # predictions that are right
    fp: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)  # gold claims recalled
    gold: Counter = field(default_factory=Counter)
    optional: int = 0

    def add(self, other: Scores) -> None:
        for a in ("tp", "fp", "found", "gold"):
            getattr(self, a).update(getattr(other, a))
        self.optional += other.optional

    def pr(self, key: str | None = None) -> tuple[float | None, float | None, int, int]:
        def total(c: Counter) -> int:
            return sum(c.values()) if key is None else c[key]

        tp, fp, found, gold = total(self.tp), total(self.fp), total(self.found), total(self.gold)
        p = tp / (tp + fp) if tp + fp else None
        r = found / gold if gold else None
        return p, r, tp + fp, gold


def extract(texts: dict[str, str], *, keep_candidates: bool = False):
    """Ingest and extract ``texts`` (doc id → raw text) as one run would: (documents, Extraction)."""
    from pipeline.extract import extract_claims
    from pipeline.ingest import RawFile, documents_frame, ingest_file

    raws = [RawFile(d, f"{d}.txt", t.encode("utf-8"), len(t.encode("utf-8"))) for d, t in texts.items()]
    docs = documents_frame([ingest_file(r) for r in raws])
    return docs, extract_claims(docs, keep_candidates=keep_candidates)


def resolved(mentions: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Extracted claims after resolution, with the names of their entities.

    Columns: the claims table's, and entity_names (list: canonical name, aliases, the subject's
    surface) and value_names (list: value as written and normalised, the linked agent's names)."""
    from pipeline.catalog import load_catalog
    from pipeline.resolve import resolve_entities

    res = resolve_entities(mentions, claims, load_catalog())
    names: dict[str, list[str]] = {}
    for e in res.entities.itertuples():
        names[e.entity_id] = [e.name, *[str(a) for a in e.aliases]]
    surfaces = dict(zip(res.mentions["mention_id"], res.mentions["surface"], strict=True))
    rows = []
    for c in res.claims.to_dict("records"):
        subject = [*names.get(c["entity_id"], []), surfaces.get(c.get("subject_mention_id"), "")]
        value_names = [c["value_norm"], c["value_raw"]]
        ve = c.get("value_entity_id")
        if isinstance(ve, str) and ve in names:
            value_names += names[ve]
        rows.append({**c, "entity_names": subject, "value_names": value_names})
    return pd.DataFrame(rows)


def predictions(texts: dict[str, str]) -> pd.DataFrame:
    """Claims of the product, as shipped, on ``texts``."""
    _, ex = extract(texts)
    return resolved(ex.mentions, ex.claims)


def _entity_match(gold: dict, pred: dict) -> bool:
    return bool(name_forms([gold["entity"], *gold.get("aliases", [])]) & name_forms(pred["entity_names"]))


def score_document(gold: dict, preds: list[dict]) -> tuple[Scores, list[dict]]:
    """Scores of one document and one detail row per prediction and per missed gold claim."""
    s = Scores()
    claims = gold["claims"]
    matched: set[int] = set()
    details = []
    for g in claims:
        if not g.get("optional"):
            s.gold[g["attribute"]] += 1
    for p in sorted(preds, key=lambda p: -p["confidence"]):
        span = (p["char_start"], p["char_end"])
        hits = [i for i, g in enumerate(claims)
                if g["attribute"] == p["attribute"] and overlaps(span, (g["start"], g["end"]))
                and _entity_match(g, p) and same_value(p["attribute"], g, p)]  # fmt: skip
        required = [i for i in hits if not claims[i].get("optional")]
        if required:
            fresh = [i for i in required if i not in matched]
            i = fresh[0] if fresh else required[0]
            if fresh:
                matched.add(i)
                s.found[p["attribute"]] += 1
            s.tp[p["attribute"]] += 1
            verdict = "hit" if fresh else "duplicate"
        elif hits:
            s.optional += 1
            verdict = "optional"
        else:
            s.fp[p["attribute"]] += 1
            verdict = "false_positive"
        details.append({"verdict": verdict, "doc_id": gold["doc_id"], **_pred_view(p)})
    for i, g in enumerate(claims):
        if i not in matched and not g.get("optional"):
            details.append({"verdict": "miss", "doc_id": gold["doc_id"], **g})
    return s, details


def _pred_view(p: dict) -> dict:
    keys = ("attribute", "value_raw", "value_norm", "value_num", "char_start", "char_end", "confidence",
            "extractor", "qualifiers", "evidence")  # fmt: skip
    return {"entity": p["entity_names"][0] if p["entity_names"] else "", **{k: p.get(k) for k in keys}}


def facts_recall(preds: pd.DataFrame) -> tuple[int, int, list]:
    """How many facts of ``facts.json`` some claim of the same document states."""
    facts = json.loads(FACTS.read_text(encoding="utf-8"))["facts"]
    by_prefix: dict[str, list[dict]] = defaultdict(list)
    for p in preds.to_dict("records"):
        by_prefix[p["doc_id"].split("_")[0]].append(p)
    missed = []
    hits = 0
    for prefix, aliases, attribute, value, phrase in facts:
        forms = name_forms(aliases)
        gold = {"value": value, "value_raw": "", "value_names": str(value).split("|")}
        ok = any(p["attribute"] == attribute and forms & name_forms(p["entity_names"])
                 and same_value(attribute, gold, p) for p in by_prefix[prefix])  # fmt: skip
        hits += ok
        if not ok:
            missed.append([prefix, aliases[0], attribute, value, phrase])
    return hits, len(facts), missed


def calibration(details: list[dict]) -> list[tuple[str, int, float | None, float | None]]:
    """(bin, predictions, mean confidence, share right) per confidence bin; optional matches left out."""
    rows = []
    judged = [d for d in details if d["verdict"] in ("hit", "duplicate", "false_positive")]
    for lo, hi in itertools.pairwise(CONFIDENCE_BINS):
        inside = [d for d in judged if lo <= d["confidence"] < hi]
        right = [d for d in inside if d["verdict"] != "false_positive"]
        mean = sum(d["confidence"] for d in inside) / len(inside) if inside else None
        share = len(right) / len(inside) if inside else None
        rows.append((f"{lo:.1f}-{min(hi, 1.0):.1f}", len(inside), mean, share))
    return rows


def _fmt(x: float | None) -> str:
    return "   –" if x is None else f"{x:.2f}"


def report(per_doc: dict[str, Scores], forms: dict[str, str], details: list[dict], facts: tuple) -> str:
    total = Scores()
    for s in per_doc.values():
        total.add(s)
    p, r, _, _ = total.pr()
    lines = [
        f"gold (per statement): P {_fmt(p)}  R {_fmt(r)}  (right {sum(total.tp.values())}, wrong "
        f"{sum(total.fp.values())}, recalled {sum(total.found.values())} of {sum(total.gold.values())}; "
        f"{total.optional} optional matched)",
        "",
        f"{'attribute':14s}{'P':>6s}{'R':>7s}{'pred':>7s}{'gold':>7s}",
    ]
    attrs = sorted(set(total.gold) | set(total.tp) | set(total.fp))
    for a in attrs:
        pa, ra, n_pred, n_gold = total.pr(a)
        lines.append(f"{a:14s}{_fmt(pa):>6s}{_fmt(ra):>7s}{n_pred:7d}{n_gold:7d}")
    lines += ["", f"{'form':14s}{'P':>6s}{'R':>7s}{'pred':>7s}{'gold':>7s}  documents"]
    by_form: dict[str, Scores] = defaultdict(Scores)
    for d, s in per_doc.items():
        by_form[forms[d]].add(s)
    for f in sorted(by_form):
        pf, rf, n_pred, n_gold = by_form[f].pr()
        docs = sum(1 for d in per_doc if forms[d] == f)
        lines.append(f"{f:14s}{_fmt(pf):>6s}{_fmt(rf):>7s}{n_pred:7d}{n_gold:7d}  {docs}")
    lines += ["", f"{'document':44s}{'P':>6s}{'R':>7s}{'pred':>7s}{'gold':>7s}"]
    for d in sorted(per_doc):
        pd_, rd, n_pred, n_gold = per_doc[d].pr()
        lines.append(f"{d[:44]:44s}{_fmt(pd_):>6s}{_fmt(rd):>7s}{n_pred:7d}{n_gold:7d}")
    lines += ["", "confidence     n   mean  right"]
    for b, n, mean, acc in calibration(details):
        lines.append(f"{b:10s}{n:6d}  {_fmt(mean)}  {_fmt(acc)}")
    hits, n, _ = facts
    lines += ["", f"facts.json: {hits}/{n} recalled ({hits / n:.3f})" if n else "facts.json: none"]
    return "\n".join(lines)


def evaluate(gold: dict[str, dict], preds: pd.DataFrame) -> tuple[dict[str, Scores], list[dict]]:
    per_doc, details = {}, []
    grouped = {d: g.to_dict("records") for d, g in preds.groupby("doc_id")} if len(preds) else {}
    for doc_id, g in gold.items():
        s, det = score_document(g, grouped.get(doc_id, []))
        per_doc[doc_id] = s
        details += det
    return per_doc, details


def loo_predictions(texts: dict[str, str], gold: dict[str, dict]) -> pd.DataFrame:
    """Claims where each gold document's come from a scorer fitted on the other documents."""
    from benchmarks.learn import leave_one_out
    from pipeline import schema

    _, ex = extract(texts, keep_candidates=True)
    models = leave_one_out(ex.candidates, gold)
    rows = []
    for doc_id, kept in ex.candidates.items():
        if doc_id in models:
            rows += kept.claim_rows(models[doc_id])
        else:
            rows += ex.claims[ex.claims["doc_id"] == doc_id].to_dict("records")
    claims = schema.conform(rows, "extracted_claims") if rows else schema.empty("extracted_claims")
    return resolved(ex.mentions, claims)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.real", description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD_DIR)
    parser.add_argument(
        "--packaged",
        action="store_true",
        help="score the shipped scorer as it is (fitted on these documents: not a fair figure); "
        "default: leave-one-document-out",
    )
    parser.add_argument(
        "--fit", action="store_true", help="fit the shipped scorer on every gold document first"
    )
    parser.add_argument("--details", type=Path, help="write hits, misses and false positives here (JSON)")
    parser.add_argument("--docs", help="comma-separated doc ids (default: every gold document)")
    args = parser.parse_args(argv)
    gold = load_gold(args.gold)
    if args.docs:
        gold = {d: g for d, g in gold.items() if d in args.docs.split(",")}
    if not gold:
        print(f"no gold files in {args.gold}", file=sys.stderr)
        return 2
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))}
    if args.fit:
        from benchmarks.learn import write_packaged

        _, ex = extract(texts, keep_candidates=True)
        model = write_packaged(ex.candidates, gold)
        n = len(model.trained_on)
        print(f"scorer fitted on {n} documents, threshold {model.threshold}: {model.version}")
    preds = predictions(texts) if args.packaged else loo_predictions(texts, gold)
    per_doc, details = evaluate(gold, preds)
    facts = facts_recall(preds)
    print(report(per_doc, {d: g["form"] for d, g in gold.items()}, details, facts))
    if args.details:
        payload = {"details": details, "facts_missed": facts[2]}
        text = json.dumps(payload, ensure_ascii=False, indent=1, default=str)
        args.details.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
