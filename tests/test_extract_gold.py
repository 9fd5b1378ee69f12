"""Precision and recall of extraction on hand-labelled passages the rules were not tuned on.

``tests/data/extract_gold/*.yaml`` hold passages written in the styles of the
seed texts (timeline bullets, a markdown table, an essay paragraph, traditional
Chinese) with the claims a careful reader would extract. Run
``python -m tests.test_extract_gold`` for the per-attribute table; the test only
guards against collapse (it must stay honest, not tuned to pass).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import yaml

from pipeline.extract.shadow import simplified_shadow
from tests.helpers.extraction import extract_rows

GOLD_DIR = Path(__file__).parent / "data" / "extract_gold"
TEXT_ATTRIBUTES = ("creator", "organization")


def _same_value(attribute: str, gold, claim: dict) -> bool:
    if attribute in TEXT_ATTRIBUTES:
        a, b = simplified_shadow(str(gold)), simplified_shadow(claim["value_raw"])
        return a in b or b in a
    if attribute == "year":
        return claim["value_norm"] == str(gold)
    return claim["value_num"] is not None and math.isclose(claim["value_num"], float(gold), rel_tol=1e-6)


def _same_subject(gold: str, subject: dict) -> bool:
    """The catalog id, or for an uncatalogued subject its name within the mention
    (``Neocognitron`` in ``神经认知机（Neocognitron）``)."""
    if subject["catalog_id"]:
        return gold == subject["catalog_id"]
    return gold in subject["surface"]


def score_passage(path: Path) -> tuple[Counter, Counter, Counter]:
    """(true positives, predicted, gold) counts per attribute for one passage."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    mentions, claims = extract_rows(path.stem, spec["text"])
    by_id = {m["mention_id"]: m for m in mentions}
    predicted = []
    for c in claims:
        if "role" in json.loads(c["qualifiers"]):
            continue  # baselines are claims on the competition, not on a subject
        subject = by_id[c["subject_mention_id"]]
        predicted.append((subject, c))
    tp, n_pred, n_gold = Counter(), Counter(), Counter()
    for _, c in predicted:
        n_pred[c["attribute"]] += 1
    unmatched = list(predicted)
    for subject, attribute, value in spec["claims"]:
        n_gold[attribute] += 1
        hit = next((p for p in unmatched if _same_subject(subject, p[0]) and p[1]["attribute"] == attribute
                    and _same_value(attribute, value, p[1])), None)  # fmt: skip
        if hit:
            tp[attribute] += 1
            unmatched.remove(hit)
    return tp, n_pred, n_gold


def score_all() -> dict[str, tuple[int, int, int]]:
    tp, pred, gold = Counter(), Counter(), Counter()
    for path in sorted(GOLD_DIR.glob("*.yaml")):
        t, p, g = score_passage(path)
        tp += t
        pred += p
        gold += g
    return {a: (tp[a], pred[a], gold[a]) for a in sorted(set(pred) | set(gold))}


def test_gold_passages_score_above_collapse():
    scores = score_all()
    tp = sum(s[0] for s in scores.values())
    pred = sum(s[1] for s in scores.values())
    gold = sum(s[2] for s in scores.values())
    assert tp / pred >= 0.6, scores
    assert tp / gold >= 0.5, scores


def main() -> None:
    scores = score_all()
    print(f"{'attribute':14} {'P':>6} {'R':>6}   tp/pred/gold")
    totals = [0, 0, 0]
    for attribute, (tp, pred, gold) in scores.items():
        totals = [totals[0] + tp, totals[1] + pred, totals[2] + gold]
        p = tp / pred if pred else float("nan")
        r = tp / gold if gold else float("nan")
        print(f"{attribute:14} {p:6.2f} {r:6.2f}   {tp}/{pred}/{gold}")
    tp, pred, gold = totals
    print(f"{'all':14} {tp / pred:6.2f} {tp / gold:6.2f}   {tp}/{pred}/{gold}")


if __name__ == "__main__":
    main()
