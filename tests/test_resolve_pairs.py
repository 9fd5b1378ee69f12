"""Pairwise precision and recall of resolution on a labelled set of mention pairs.

``tests/data/resolve_pairs.csv`` holds same/different pairs: the cases the
rules were designed on (``set=designed``) and cases they were not
(``set=held_out``: other people, models, organisations, traditional script).
All surfaces are resolved together as one corpus, one document each, so
transitive merges and surname ambiguity count against the score.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.catalog import load_catalog
from pipeline.resolve import resolve_entities
from tests.helpers.resolve import mention_frame

PAIRS = Path(__file__).parent / "data" / "resolve_pairs.csv"
TARGET_PRECISION = 0.98
TARGET_RECALL = 0.95


@pytest.fixture(scope="module")
def judged() -> pd.DataFrame:
    pairs = pd.read_csv(PAIRS)
    items = sorted(
        {(s, t) for s, t in zip(pairs["left"], pairs["left_type"], strict=True)}
        | {(s, t) for s, t in zip(pairs["right"], pairs["right_type"], strict=True)}
    )
    resolved = resolve_entities(mention_frame(items), pd.DataFrame(), load_catalog()).mentions
    entity = dict(
        zip(zip(resolved["surface"], resolved["type"], strict=True), resolved["entity_id"], strict=True)
    )
    left = [entity[k] for k in zip(pairs["left"], pairs["left_type"], strict=True)]
    right = [entity[k] for k in zip(pairs["right"], pairs["right_type"], strict=True)]
    return pairs.assign(
        left_entity=left, right_entity=right, predicted=[a == b for a, b in zip(left, right, strict=True)]
    )


def precision_recall(judged: pd.DataFrame) -> tuple[float, float]:
    same, predicted = judged["same"].astype(bool), judged["predicted"]
    true_pos = int((same & predicted).sum())
    precision = true_pos / max(int(predicted.sum()), 1)
    recall = true_pos / max(int(same.sum()), 1)
    return precision, recall


def test_pairwise_precision_and_recall_meet_targets(judged: pd.DataFrame) -> None:
    for name, part in [("all", judged), *judged.groupby("set")]:
        p, r = precision_recall(part)
        print(f"\n{name:>9}: pairs={len(part):3d} precision={p:.3f} recall={r:.3f}")
    wrong = judged[judged["same"].astype(bool) != judged["predicted"]]
    for row in wrong.itertuples():
        pair = f"{row.left!r} -> {row.left_entity} | {row.right!r} -> {row.right_entity}"
        print(f"  WRONG same={row.same}: {pair}")
    precision, recall = precision_recall(judged)
    assert precision >= TARGET_PRECISION
    assert recall >= TARGET_RECALL


def test_every_issue_case_is_right(judged: pd.DataFrame) -> None:
    designed = judged[judged["set"] == "designed"]
    wrong = designed[designed["same"].astype(bool) != designed["predicted"]]
    assert wrong.empty, wrong[["left", "right", "same"]].to_string()


def test_pair_set_covers_both_outcomes_and_unseen_cases() -> None:
    pairs = pd.read_csv(PAIRS)
    held_out = pairs[pairs["set"] == "held_out"]
    assert set(pairs["same"]) == {0, 1}
    assert len(held_out) >= 60 and set(held_out["same"]) == {0, 1}
