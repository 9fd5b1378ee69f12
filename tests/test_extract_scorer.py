"""The claim scorer's fit: weights pulled towards written priors, and what a feature no
training example has is worth."""

from __future__ import annotations

from pipeline.extract.scorer import fit


def _examples() -> list[tuple[dict[str, float], int]]:
    good = {"num|bias": 1.0, "num|rel:seen": 1.0}
    bad = {"num|bias": 1.0}
    return [(good, 1)] * 20 + [(bad, 0)] * 20 + [(good, 0)] * 2 + [(bad, 1)] * 2


def test_a_feature_the_training_documents_show_is_learned_towards_its_prior() -> None:
    model = fit(_examples(), priors={"rel:seen": 0.0})
    assert model.weights["num|rel:seen"] > 1.0  # the data say it matters
    assert model.probability({"num|bias": 1.0, "num|rel:seen": 1.0}) > 0.75


def test_a_feature_no_training_example_has_keeps_its_prior_mean() -> None:
    """A rule of the language met only in a new document counts as written, not as nothing."""
    model = fit(_examples(), priors={"rel:seen": 0.0, "rel:unseen": 1.5})
    assert model.weights["num|rel:unseen"] == 1.5
    plain = model.probability({"num|bias": 1.0})
    assert model.probability({"num|bias": 1.0, "num|rel:unseen": 1.0}) > plain + 0.2
    assert "num|rel:other" not in model.weights  # no prior, no data: no weight
