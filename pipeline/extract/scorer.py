"""Which candidates are claims: a logistic model over named features, fitted on the gold.

Extraction proposes every plausible (subject, value) pair of a scope as a
:class:`~pipeline.extract.candidates.Candidate` with named features (the cue
between them, their distance, the scope, the rule that also fires …). The
model turns the features into the probability that a reader of the text would
take the pair as a claim; that probability is the claim's ``confidence``.

The weights are data (``scorer.json`` beside this module), fitted by
``python -m benchmarks.real --fit`` on the real-document gold, and scored there
leave-one-document-out. A sample of the file::

    {"version": "…", "trained_on": ["d01_…", …], "bias": -2.1, "l2": 1.0,
     "weights": {"cue:agent_verb": 2.7, "scope:sentence": 0.4, "between:comparison": -1.9, …}}

Unknown features weigh nothing, so a model fitted before a feature existed
still loads.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np

from pipeline.extract.candidates import Candidate
from pipeline.extract.cues import Cues
from pipeline.extract.records import Claim

WEIGHTS_FILE = "scorer.json"
#: an agent may be credited with this many things from one mention (OpenAI推出了GPT-3和DALL-E)
MAX_SUBJECTS_PER_AGENT = 3
_AT_MOST = re.compile(r"不到|不足|以下|以内|少于|小于|低于|at most|under")


@dataclass(frozen=True)
class Model:
    weights: Mapping[str, float]
    bias: float
    l2: float = 1.0
    threshold: float = 0.5
    trained_on: tuple[str, ...] = ()
    version: str = field(default="", compare=False)

    def logit(self, features: Mapping[str, float]) -> float:
        w = self.weights
        return self.bias + sum(w.get(name, 0.0) * x for name, x in features.items())

    def probability(self, features: Mapping[str, float]) -> float:
        z = self.logit(features)
        return 1.0 / (1.0 + math.exp(-z)) if z > -40 else 0.0

    def to_json(self) -> str:
        payload = {
            "version": self.version,
            "trained_on": list(self.trained_on),
            "bias": round(self.bias, 6),
            "l2": self.l2,
            "threshold": self.threshold,
            "weights": {k: round(v, 6) for k, v in sorted(self.weights.items()) if abs(v) > 1e-6},
        }
        return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def model_from_json(text: str) -> Model:
    raw = json.loads(text)
    return Model(
        weights=dict(raw["weights"]),
        bias=float(raw["bias"]),
        l2=float(raw.get("l2", 1.0)),
        threshold=float(raw.get("threshold", 0.5)),
        trained_on=tuple(raw.get("trained_on", ())),
        version=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
    )


@cache
def packaged_model() -> Model:
    """The model shipped with the product (fitted on every gold document)."""
    return model_from_json(resources.files(__package__).joinpath(WEIGHTS_FILE).read_text(encoding="utf-8"))


def fit(
    examples: Sequence[tuple[Mapping[str, float], int]],
    *,
    l2: float = 1.0,
    iterations: int = 50,
    trained_on: Sequence[str] = (),
) -> Model:
    """L2-regularised logistic regression by Newton's method (the bias is not penalised).

    ``examples`` are (features, label) pairs, label 1 for a claim of the gold.
    A few thousand examples and a few hundred features take well under a second.
    """
    names = sorted({k for feats, _ in examples for k in feats})
    col = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(examples), len(names) + 1))
    x[:, -1] = 1.0
    y = np.zeros(len(examples))
    for r, (feats, label) in enumerate(examples):
        for k, v in feats.items():
            x[r, col[k]] = v
        y[r] = label
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[-1] = 1e-6
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -40, 40)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    model = Model({n: float(w[i]) for n, i in col.items()}, float(w[-1]), l2, 0.5, tuple(trained_on))
    return model_from_json(model.to_json())


def date_role(text: str, c: Candidate, cues: Cues) -> str:
    """What a year dates, from the words of its clause and the subject's: won, founded, held,
    released, published, introduced; ``listed`` for a bare timeline entry; else ``event``."""
    lo = min(c.slot.start, c.subject.start) if c.scope == "sentence" else c.slot.start
    hi = min(c.evidence[1], max(c.slot.end, c.subject.end) + 16)
    window = text[max(c.evidence[0], lo - 4) : hi]
    for role, words in cues.date_roles.items():
        if any(w in window for w in words):
            return role
    if c.scope in ("block", "rule") and c.rules and c.rules[0] in ("headline_year", "table_year"):
        return "listed"
    return "event"


def _claim(c: Candidate, p: float, text: str, cues: Cues) -> Claim:
    slot = c.slot
    q = dict(c.rule_qualifiers) if c.rule_qualifiers is not None else dict(slot.qualifiers)
    f = c.features
    g = c.group
    if f.get(f"{g}|approx"):
        q["approx"] = True
    if f.get(f"{g}|at_least"):
        q["bound"] = "at_least"
    elif f.get(f"{g}|bound"):
        around = text[max(0, slot.start - 4) : slot.end + 4]
        q["bound"] = "at_most" if _AT_MOST.search(around) else "at_least"
    if f.get(f"{g}|hedge_in_sentence"):
        q["hedged"] = True
    if c.attribute == "year":
        q["dates"] = date_role(text, c, cues)
    extractor = c.rules[0] if c.rules else f"scored_{c.scope}"
    return Claim(c.attribute, c.subject, slot.start, slot.end, slot.norm, slot.num, slot.unit, c.evidence,
                 extractor, round(p, 3), q, value_mention=slot.agent)  # fmt: skip


def select(candidates: list[Candidate], model: Model, text: str, cues: Cues) -> list[Claim]:
    """The claims among ``candidates``: per value the most probable subject above the model's
    threshold (an agent: up to :data:`MAX_SUBJECTS_PER_AGENT` subjects above it)."""
    by_slot: dict[tuple, list[tuple[float, Candidate]]] = {}
    for c in candidates:
        key = (c.attribute, c.slot.start, c.slot.end)
        by_slot.setdefault(key, []).append((model.probability(c.features), c))
    claims = []
    for scored in by_slot.values():
        scored.sort(key=lambda pc: (-pc[0], pc[1].subject.start))
        first = scored[0][1]
        many = first.group == "agent" or (first.attribute == "year" and first.scope in ("row", "row_other"))
        keep = MAX_SUBJECTS_PER_AGENT if many else 1  # a timeline row dates every name it lists
        for p, c in scored[:keep]:
            if p >= model.threshold:
                claims.append(_claim(c, p, text, cues))
    return claims
