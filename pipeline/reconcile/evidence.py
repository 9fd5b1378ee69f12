"""How much a side of a finding rests on: its claims' extraction confidence.

A claim's ``confidence`` is the extraction scorer's probability that a reader
takes the statement as that claim. A finding is only as good as the claims it
sets against each other, so its severity is capped by the weakest side's
*strength*: claims of different statements combine as independent readings
(1 − Π(1 − c), the best reading of each statement), claims of one statement
count once. Below ``evidence.medium_confidence`` (thresholds.yaml) a finding is
at most ``low``, below ``evidence.high_confidence`` at most ``medium``, and the
explanation says so. A finding inside one text (``within_source``, or a claim
against the reference) rests on readings of that text alone and needs
``evidence.single_text_confidence`` to be ``medium``. A claim whose subject the
statement only uses as a modifier or names inside another name's gloss
(:attr:`Observation.doubt`) counts as ``evidence.doubted_confidence`` at most.
Confidence never decides *whether* values disagree, only how loudly a
disagreement is reported.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.reconcile.comparison import Finding, cap
from pipeline.reconcile.observations import Observation
from pipeline.reconcile.thresholds import load_thresholds

_E = load_thresholds().evidence
MEDIUM_CONFIDENCE = _E.medium_confidence
HIGH_CONFIDENCE = _E.high_confidence
SINGLE_TEXT_CONFIDENCE = _E.single_text_confidence
DOUBTED_CONFIDENCE = _E.doubted_confidence


def confidence(o: Observation) -> float:
    """How sure the claim is read right: the extraction's confidence, lower when doubted."""
    return min(o.confidence, DOUBTED_CONFIDENCE) if o.doubt else o.confidence


def strength(obs: Iterable[Observation]) -> float:
    """1 − Π(1 − c) over statements, each statement's best claim counted once."""
    best: dict[str, float] = {}
    for o in obs:
        best[o.statement] = max(best.get(o.statement, 0.0), confidence(o))
    missing = 1.0
    for c in best.values():
        missing *= 1.0 - c
    return 1.0 - missing


def gate(finding: Finding, *sides: Iterable[Observation], single_text: bool = False) -> Finding:
    """``finding`` with its severity capped by the weakest side's strength."""
    if not finding.severity or finding.severity == "low":
        return finding
    listed = [list(s) for s in sides]
    weakest = min((strength(s) for s in listed), default=1.0)
    doubts = [o.doubt for s in listed for o in s if o.doubt]
    if weakest < (SINGLE_TEXT_CONFIDENCE if single_text else MEDIUM_CONFIDENCE):
        if doubts and weakest <= DOUBTED_CONFIDENCE:
            return cap(finding, "low", doubts[0])
        return cap(
            finding, "low", f"a side rests on claims extraction is unsure of (confidence {weakest:.2f})"
        )
    if weakest < HIGH_CONFIDENCE:
        return cap(finding, "medium", f"a side rests on claims read with confidence {weakest:.2f}")
    return finding
