"""``recon explain`` as a call, on the seed run, for each kind of id: the explanation names the
evidence (the value marked) and the rule that made it, the severity rule, the reference fact and
its citation, and for an entity every link that formed it and every refused candidate."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from flows.explain import explain
from pipeline.explain import ExplainError, words
from pipeline.resolve.links import RULES


def _explain(capsys, curated: Path, ident: str) -> str:
    return explain(ident, curated=curated).text()


@pytest.fixture(scope="module")
def seed(seed_published: Path) -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_parquet(p) for p in seed_published.glob("*.parquet")}


def test_explain_a_contradiction_names_its_evidence_its_rule_and_the_severity_rule(
    capsys, seed_published: Path, seed
) -> None:
    contradictions = seed["contradictions"]
    row = contradictions[
        (contradictions.entity_id == "alexnet") & (contradictions.attribute == "error_rate")
    ].iloc[0]
    out = _explain(capsys, seed_published, row.contradiction_id)
    assert out.startswith(f"contradiction {row.contradiction_id}: AlexNet · error_rate")
    assert f"{row.severity} — set by rule {row.rule}: {words()['rules'][row.rule]}" in out
    assert f"{row.severity} means: {words()['severities'][row.severity]}" in out
    claims = seed["claims"].set_index("claim_id")
    for claim_id in row.claim_ids:
        claim = claims.loc[claim_id]
        assert f"claim {claim_id} in {claim.doc_id}" in out
        assert f"[[{claim.value_raw}]]" in out  # the evidence, the value marked
        assert f"extracted by {claim.extractor}" in out
    assert "reference fact" in out and "citation" in out
    assert f"recon review {row.contradiction_id} --status confirmed|dismissed" in out


def test_explain_a_reference_contradiction_gives_the_citation(capsys, seed_published: Path, seed) -> None:
    contradictions = seed["contradictions"]
    row = contradictions[contradictions.kind == "reference"].iloc[0]
    out = _explain(capsys, seed_published, row.contradiction_id)
    assert f"citation: {row.reference}" in out
    assert f"set by rule {row.rule}" in out


def test_explain_a_claim_marks_its_value_and_names_its_rule_and_its_contradictions(
    capsys, seed_published: Path, seed
) -> None:
    contradictions = seed["contradictions"]
    cited = {c for ids in contradictions.claim_ids for c in ids}
    claim = seed["claims"][seed["claims"].claim_id.isin(cited)].iloc[0]
    out = _explain(capsys, seed_published, claim.claim_id)
    assert out.startswith(f"claim {claim.claim_id}: {claim.entity_name} · {claim.attribute}")
    assert f"[[{claim.value_raw}]]" in out and f"extracted by {claim.extractor}" in out
    assert f"mention {claim.subject_mention_id}" in out
    for c in contradictions[contradictions.claim_ids.map(lambda ids: claim.claim_id in ids)].itertuples():
        assert c.contradiction_id in out and f"severity rule {c.rule}" in out


def test_explain_a_mention_marks_it_in_its_text_and_names_its_detector_and_link_rule(
    capsys, seed_published: Path, seed
) -> None:
    mentions = seed["mentions"]
    mention = mentions[mentions.method == "alias"].iloc[0]
    out = _explain(capsys, seed_published, mention.mention_id)
    assert f"[[{mention.surface}]]" in out
    assert f"detector {mention.detector}" in out
    assert f"by alias (score {mention.score:g}): {RULES['alias']}" in out
    assert "links of its spelling" in out


def test_explain_an_entity_lists_the_links_that_formed_it_and_those_refused(
    capsys, seed_published: Path, seed
) -> None:
    links = seed["links"]
    refused = links[(links.decision == "refused") & links.right_entity_id.notna()].iloc[0]
    entity = refused.right_entity_id
    out = _explain(capsys, seed_published, entity)
    mine = links[(links.left_entity_id == entity) | (links.right_entity_id == entity)]
    accepted = mine[mine.decision == "accepted"]
    assert f"links that formed it ({len(accepted)})" in out
    assert f"candidate links refused ({(mine.decision == 'refused').sum()})" in out
    for link in mine.itertuples():
        assert f": {link.method} {link.score:g} — {link.decision}: {link.reason}" in out
    hinton = _explain(capsys, seed_published, "Geoffrey Hinton")  # by name
    assert hinton.startswith("entity geoffrey-hinton: Geoffrey Hinton (person)")
    assert re.search(r"exact 100 — accepted: joined two clusters", hinton)


def test_every_rule_the_seed_run_uses_has_its_words(seed) -> None:
    used = set(seed["contradictions"]["rule"].dropna())
    assert used <= set(words()["rules"]), used - set(words()["rules"])
    assert set(seed["links"]["method"]) <= set(RULES)


def test_a_prefix_is_enough_when_it_names_one_row(seed_published: Path, seed) -> None:
    cid = seed["contradictions"]["contradiction_id"].iloc[0]
    assert explain(cid[:10], curated=seed_published).id == cid


def test_unknown_ids_and_missing_runs_are_errors_that_say_what_was_looked_for(
    seed_published, tmp_path
) -> None:
    with pytest.raises(ExplainError, match="did you mean: AlexNet"):
        explain("AlexNett", curated=seed_published)
    with pytest.raises(ExplainError, match=re.escape(str(tmp_path / "_manifest.json"))):
        explain("alexnet", curated=tmp_path)
