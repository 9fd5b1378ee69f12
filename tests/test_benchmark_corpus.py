"""The synthetic benchmark corpus: deterministic, and its ground truth is where it says."""

from __future__ import annotations

import pytest

from benchmarks.corpus import FACTS, FILLER, RESIDUE, STYLES, generate_corpus, norm_value
from pipeline.catalog import load_catalog
from pipeline.ingest import RawFile, ingest_file


@pytest.fixture(scope="module")
def corpus():
    return generate_corpus(60, seed=11)


def _texts(corpus) -> dict[str, str]:
    return {d.doc_id: d.text for d in corpus.documents}


def test_same_seed_same_corpus_other_seed_other_corpus():
    a, b, c = generate_corpus(12, seed=5), generate_corpus(12, seed=5), generate_corpus(12, seed=6)
    assert [d.data() for d in a.documents] == [d.data() for d in b.documents]
    assert a.statements == b.statements and a.mentions == b.mentions
    assert [d.text for d in a.documents] != [d.text for d in c.documents]


@pytest.mark.parametrize("n", [1, 10, 37])
def test_sizes_as_asked_with_unique_ids(n):
    docs = generate_corpus(n).documents
    assert len(docs) == n
    assert len({d.doc_id for d in docs}) == n
    assert len({d.filename for d in docs}) == n


def test_documents_average_about_twenty_kilobytes(corpus):
    mean = sum(len(d.data()) for d in corpus.documents) / len(corpus.documents)
    assert 14_000 < mean < 28_000


def test_every_style_is_written(corpus):
    assert {d.style for d in corpus.documents} == set(STYLES)


def test_values_and_names_are_at_their_recorded_spans(corpus):
    texts = _texts(corpus)
    for s in corpus.statements:
        assert texts[s.doc_id][s.start : s.end] == s.raw, s
    for m in corpus.mentions:
        assert texts[m.doc_id][m.start : m.end] == m.surface, m


def test_linked_names_are_catalog_entries(corpus):
    catalog = load_catalog()
    assert all(catalog.get(m.entity_id) is not None for m in corpus.mentions)
    surfaces_of = {}
    for surface, eid in corpus.links.items():
        surfaces_of.setdefault(eid, set()).add(surface)
    assert {"何恺明", "何凯明", "Kaiming He"} & surfaces_of["kaiming-he"]
    assert len(surfaces_of["geoffrey-hinton"]) > 1


def test_planted_values_differ_from_the_truth_and_are_in_the_text(corpus):
    truth = {f.key: f for f in FACTS}
    planted = [s for s in corpus.statements if s.planted]
    assert planted
    texts = _texts(corpus)
    for s in planted:
        fact = truth[(s.entity_id, s.attribute)]
        assert s.value != norm_value(fact.attribute, fact.value)
        assert s.raw in texts[s.doc_id]
    # every planted pair also has true statements, so the contradiction is in the corpus
    for pair in corpus.planted_pairs:
        assert any(not s.planted for s in corpus.statements if (s.entity_id, s.attribute) == pair)


def test_false_friends_are_written_and_never_on_planted_facts():
    corpus = generate_corpus(120, seed=3)
    kinds = {s.false_friend for s in corpus.statements if s.false_friend}
    expected = {
        "previous_best",
        "runner_up",
        "rounded",
        "complement",
        "parent_org",
        "child_org",
        "granularity",
    }
    assert expected <= kinds
    assert corpus.false_friend_pairs.isdisjoint(corpus.planted_pairs)
    texts = _texts(corpus)
    for s in corpus.statements:
        if s.false_friend == "previous_best":
            assert texts[s.doc_id][s.start - 1] == "从"
        if s.false_friend == "complement":
            assert s.attribute == "accuracy"


def test_ingest_gives_back_the_generated_text(corpus):
    """Offsets refer to the normalised text, so ingest must not change a character."""
    encodings = set()
    for d in corpus.documents:
        data = d.data()
        doc = ingest_file(RawFile(d.doc_id, d.filename, data, len(data)))
        assert doc.status == "ok" and doc.text == d.text, d.doc_id
        encodings.add(d.encoding)
    assert encodings == {"utf-8", "gb18030"}


def test_filler_names_no_catalog_entity():
    names = {n for e in load_catalog().entries for n in e.names}
    for sentence in (*FILLER, *RESIDUE):
        assert not [n for n in names if n in sentence], sentence


# --- scoring against the ground truth (benchmarks.pipeline) ---------------------------------


def _published_mentions(corpus, relabel=None, drop=0):
    import pandas as pd

    relabel = relabel or {}
    rows = [
        {
            "doc_id": m.doc_id,
            "char_start": m.start,
            "char_end": m.end,
            "entity_id": relabel.get(m.entity_id, m.entity_id),
        }
        for m in corpus.mentions[drop:]
    ]
    return pd.DataFrame(rows)


def _entities(ids):
    import pandas as pd

    return pd.DataFrame({"entity_id": sorted(ids), "catalog_id": sorted(ids)})


def test_links_scored_perfect_merged_and_missed():
    from benchmarks.pipeline import link_quality

    corpus = generate_corpus(8, seed=2)
    ids = {m.entity_id for m in corpus.mentions}
    perfect = link_quality(_published_mentions(corpus), _entities(ids), corpus)
    assert perfect["pairwise_precision"] == perfect["pairwise_recall"] == 1.0
    merged = link_quality(
        _published_mentions(corpus, {"yann-lecun": "geoffrey-hinton"}), _entities(ids), corpus
    )
    assert merged["pairwise_precision"] < 1.0 and merged["pairwise_recall"] == 1.0
    missed = link_quality(_published_mentions(corpus, drop=len(corpus.mentions) // 2), _entities(ids), corpus)
    assert missed["pairwise_recall"] < 1.0 and missed["detected"] < 0.6


def test_contradictions_scored_by_entity_and_attribute():
    import pandas as pd

    from benchmarks.pipeline import contradiction_quality

    corpus = generate_corpus(40, seed=4)
    planted = sorted(corpus.planted_pairs)
    friend = sorted(corpus.false_friend_pairs)[0]
    rows = [
        {"entity_id": e, "attribute": a, "severity": "high", "kind": "cross_source"} for e, a in planted[1:]
    ]
    rows.append(
        {"entity_id": friend[0], "attribute": friend[1], "severity": "medium", "kind": "cross_source"}
    )
    rows.append(
        {"entity_id": planted[0][0], "attribute": planted[0][1], "severity": "low", "kind": "cross_source"}
    )
    score = contradiction_quality(pd.DataFrame(rows), _entities({e for e, _ in planted}), corpus)
    assert score["true_positives"] == len(planted) - 1
    assert score["recall"] == round((len(planted) - 1) / len(planted), 4)
    assert score["false_positives"]["on_false_friends"] == [f"{friend[0]}/{friend[1]}"]
    assert score["missed_but_flagged_low"] == [f"{planted[0][0]}/{planted[0][1]}"]


def test_unlisted_spellings_are_not_in_the_catalog_and_are_written(corpus):
    from benchmarks.corpus import UNLISTED

    catalog = load_catalog()
    listed = {n for e in catalog.entries for n in e.names}
    for entity_id, spellings in UNLISTED.items():
        assert catalog.get(entity_id) is not None
        assert not set(spellings) & listed, entity_id
    written = [m for m in corpus.mentions if not m.listed]
    assert written and all(m.surface in UNLISTED[m.entity_id] for m in written)


def test_a_variant_the_corpus_writes_as_a_name_of_its_entity_is_scored_as_that_entity():
    # the generator writes 'LeNet-5' for lenet; the knowledge base has lenet-5 (a variant of lenet),
    # so a planted 'LeNet-5由Hinton提出' is flagged on lenet-5: that is the planted lenet/creator
    import pandas as pd

    from benchmarks.pipeline import contradiction_quality

    corpus = generate_corpus(1000, seed=7)
    assert ("lenet", "creator") in corpus.planted_pairs and corpus.links["LeNet-5"] == "lenet"
    rows = [
        {"entity_id": e, "attribute": a, "severity": "high", "kind": "reference"}
        for e, a in sorted(corpus.planted_pairs)
    ]
    rows.append({"entity_id": "lenet-5", "attribute": "creator", "severity": "high", "kind": "reference"})
    ids = {e for e, _ in corpus.planted_pairs} | {"lenet-5"}
    entities = _entities(ids).assign(name=lambda df: df.entity_id.map({"lenet-5": "LeNet-5"}).fillna(""))
    score = contradiction_quality(pd.DataFrame(rows), entities, corpus)
    assert score["precision"] == 1.0 and score["recall"] == 1.0
    assert score["false_positives"]["outside_world_model"] == 0
