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


def with_priors(features: Mapping[str, float], priors: Mapping[str, float]) -> Mapping[str, float]:
    """``features`` and, when a hand-written rule claims the pair, ``<group>|rule_prior``: the logit
    of that rule's precision on the training documents (the best of the rules that fire). A rule
    right 24 times in 26 then speaks with the weight its record earns, not one weight for all rules."""
    known = [priors[k] for k in features if k in priors]
    if not known:
        return features
    group = next(k for k in features if k in priors).split("|", 1)[0]
    return {**features, f"{group}|rule_prior": max(known)}


#: a hand-written rule starts from the precision it was written for, worth this many observations, and
#: the training documents move it; it is trusted on its own while the estimate stays >= TRUST_PRECISION
RULE_PRIOR, RULE_PRIOR_WEIGHT, TRUST_PRECISION = 0.8, 5.0, 0.75


def _rule_record(examples: Sequence[tuple[Mapping[str, float], int]]) -> dict[str, tuple[int, int]]:
    """Each rule feature's (times right, times seen) on ``examples``."""
    record: dict[str, tuple[int, int]] = {}
    for feats, label in examples:
        for k in feats:
            if "|rule:" in k:
                right, seen = record.get(k, (0, 0))
                record[k] = (right + label, seen + 1)
    return record


def trusted_rules(examples: Sequence[tuple[Mapping[str, float], int]]) -> dict[str, float]:
    """Each rule's precision estimated on ``examples`` with the prior above: those at or above
    TRUST_PRECISION have a say of their own. A rule the documents never saw keeps the prior; one right
    22 times in 46 loses it."""
    return {
        k: round((right + RULE_PRIOR * RULE_PRIOR_WEIGHT) / (n + RULE_PRIOR_WEIGHT), 4)
        for k, (right, n) in _rule_record(examples).items()
    }


def _trusted(features: Mapping[str, float], estimates: Mapping[str, float]) -> list[float]:
    """Estimated precisions of the rules that claim a pair, those at or above TRUST_PRECISION
    (a rule no training document saw keeps the prior)."""
    found = (estimates.get(k, RULE_PRIOR) for k in features if "|rule:" in k)
    return [p for p in found if p >= TRUST_PRECISION]


def rule_priors(examples: Sequence[tuple[Mapping[str, float], int]]) -> dict[str, float]:
    """Each rule feature's precision on ``examples``, smoothed (Beta(1, 1)), as a logit."""
    record = _rule_record(examples)
    return {k: math.log((right + 1) / (seen - right + 1)) for k, (right, seen) in record.items()}


@dataclass(frozen=True)
class Model:
    weights: Mapping[str, float]
    bias: float
    l2: float = 1.0
    threshold: float = 0.5
    trained_on: tuple[str, ...] = ()
    version: str = field(default="", compare=False)
    priors: Mapping[str, float] = field(default_factory=dict)  # rule feature -> logit of its precision
    trust: Mapping[str, float] = field(default_factory=dict)  # rule feature -> its estimated precision

    def logit(self, features: Mapping[str, float]) -> float:
        w = self.weights
        return self.bias + sum(w.get(name, 0.0) * x for name, x in with_priors(features, self.priors).items())

    def probability(self, features: Mapping[str, float]) -> float:
        """The model's probability, or the record of a trusted rule that claims the pair if that is
        higher (a rule right 24 times in 26 on the training documents is believed 0.9 of the time)."""
        z = self.logit(features)
        p = 1.0 / (1.0 + math.exp(-z)) if z > -40 else 0.0
        return max([p, *_trusted(features, self.trust)])

    def to_json(self) -> str:
        payload = {
            "version": self.version,
            "trained_on": list(self.trained_on),
            "bias": round(self.bias, 6),
            "l2": self.l2,
            "threshold": self.threshold,
            "priors": {k: round(v, 6) for k, v in sorted(self.priors.items())},
            "trust": {k: round(v, 6) for k, v in sorted(self.trust.items())},
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
        priors=dict(raw.get("priors", {})),
        trust=dict(raw.get("trust", {})),
    )


@cache
def packaged_model() -> Model:
    """The model shipped with the product (fitted on every gold document)."""
    return model_from_json(resources.files(__package__).joinpath(WEIGHTS_FILE).read_text(encoding="utf-8"))


PRIORS_FILE = "scorer_priors.yaml"


@cache
def weight_priors() -> dict[str, float]:
    """Prior means of feature weights (``scorer_priors.yaml``), by feature without its group."""
    import yaml

    text = resources.files(__package__).joinpath(PRIORS_FILE).read_text(encoding="utf-8")
    return {str(k): float(v) for k, v in (yaml.safe_load(text) or {}).items()}


def fit(
    examples: Sequence[tuple[Mapping[str, float], int]],
    *,
    l2: float = 1.0,
    iterations: int = 50,
    trained_on: Sequence[str] = (),
    priors: Mapping[str, float] | None = None,
) -> Model:
    """L2-regularised logistic regression by Newton's method, each weight pulled towards its prior
    mean (``scorer_priors.yaml``; zero for the rest; the bias is not penalised).

    ``examples`` are (features, label) pairs, label 1 for a claim of the gold.
    A few thousand examples and a few hundred features take well under a second.
    """
    means = weight_priors() if priors is None else priors
    priors = rule_priors(examples)
    examples = [(with_priors(f, priors), y) for f, y in examples]
    names = sorted({k for feats, _ in examples for k in feats})
    col = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(examples), len(names) + 1))
    x[:, -1] = 1.0
    y = np.zeros(len(examples))
    for r, (feats, label) in enumerate(examples):
        for k, v in feats.items():
            x[r, col[k]] = v
        y[r] = label
    mu = np.array([means.get(n.split("|", 1)[-1], 0.0) for n in names] + [0.0])
    w = mu.copy()
    penalty = np.full(x.shape[1], l2)
    penalty[-1] = 1e-6
    def loss(w: np.ndarray) -> float:
        z = x @ w
        return float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * np.sum(penalty * (w - mu) ** 2))

    current = loss(w)
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -40, 40)))
        grad = x.T @ (p - y) + penalty * (w - mu)
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        # damped: a full Newton step can overshoot when some examples are separable (the bias is
        # hardly penalised), so halve it until the penalised loss goes down
        for _ in range(30):
            trial = loss(w - step)
            if trial <= current:
                break
            step = step / 2
        w -= step
        current = loss(w)
        if np.max(np.abs(step)) < 1e-8:
            break
    weights = {n: float(w[i]) for n, i in col.items()}
    # a feature no training example has keeps its prior mean (the optimum of its penalty alone):
    # a language rule written down counts on documents unlike the training ones
    groups = sorted({n.split("|", 1)[0] for n in names if "|" in n})
    for name, mean in means.items():
        for group in groups:
            weights.setdefault(f"{group}|{name}", float(mean))
    model = Model(weights, float(w[-1]), l2, 0.5, tuple(trained_on), "", priors, trusted_rules(examples))
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


def agent_qualifiers(text: str, agent, cues: Cues) -> dict:
    """``et_al`` (等人, et al.) or ``team`` (团队, 实验室) of an agent, from the words after it (its
    ``n_named`` comes with its slot): what a rule records for its credits."""
    after = text[agent.end : agent.end + 8].lstrip()
    q: dict = {}
    if after.startswith(tuple(cues.agent_et_al)):
        q["et_al"] = True
    elif after.startswith(tuple(cues.agent_team)):
        q["team"] = True
    return q


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
    if f.get(f"{g}|kind_of"):
        q["kind_of"] = True  # BERT 类模型: said of models like BERT
    if c.attribute == "year":
        q["dates"] = date_role(text, c, cues)
    if slot.agent is not None and c.rule_qualifiers is None:
        q.update(agent_qualifiers(text, slot.agent, cues))
    extractor = c.rules[0] if c.rules else f"scored_{c.scope}"
    return Claim(c.attribute, c.subject, slot.start, slot.end, slot.norm, slot.num, slot.unit, c.evidence,
                 extractor, round(p, 3), q, value_mention=slot.agent)  # fmt: skip


#: what joins the members of one group of agents (Krizhevsky、Sutskever和Hinton)
_COORDINATED = re.compile(r"\s*(?:[、&]|和|与|及|以及|and)\s*")


def _coordinated(probabilities: dict[int, float], candidates: list[Candidate], text: str) -> None:
    """Agents written as one group (``Krizhevsky、Sutskever和Hinton的CNN架构``) of one subject are
    credited together: each member takes the group's highest probability, so the middle name is
    not dropped for standing farther from the verb."""
    runs: dict[tuple, list[int]] = {}
    for i, c in enumerate(candidates):
        if c.group == "agent":
            runs.setdefault((c.attribute, c.subject.start, c.evidence), []).append(i)
    for members in runs.values():
        members.sort(key=lambda i: candidates[i].slot.start)
        group = [members[0]]
        for i in [*members[1:], None]:
            prev = candidates[group[-1]].slot
            if i is not None and _COORDINATED.fullmatch(text, prev.end, candidates[i].slot.start):
                group.append(i)
                continue
            best = max(probabilities[j] for j in group)
            for j in group:
                probabilities[j] = best
            group = [i] if i is not None else []


def select(candidates: list[Candidate], model: Model, text: str, cues: Cues) -> list[Claim]:
    """The claims among ``candidates``: per value the most probable subject above the model's
    threshold (an agent: up to :data:`MAX_SUBJECTS_PER_AGENT` subjects above it; a date of a table
    cell that lists names: every one of them above it)."""
    probabilities = {i: model.probability(c.features) for i, c in enumerate(candidates)}
    _coordinated(probabilities, candidates, text)
    by_slot: dict[tuple, list[tuple[float, Candidate]]] = {}
    for i, c in enumerate(candidates):
        by_slot.setdefault((c.attribute, c.slot.start, c.slot.end), []).append((probabilities[i], c))
    claims = []
    for c in candidates:  # baselines (亚军26.2% on ILSVRC) are the rules' alone: the gold has no say on them
        if c.rule_qualifiers and c.rule_qualifiers.get("role") and c.rule_confidence >= 0.5:
            claims.append(_claim(c, c.rule_confidence, text, cues))
    for scored in by_slot.values():
        if any(c.rule_qualifiers and c.rule_qualifiers.get("role") for _, c in scored):
            continue
        scored.sort(key=lambda pc: (-pc[0], pc[1].subject.start))
        first = scored[0][1]
        listed = first.attribute == "year" and "year|cell:listed" in first.features
        # a timeline row dates every name it lists; an agent is credited with a few things at most
        keep = len(scored) if listed else MAX_SUBJECTS_PER_AGENT if first.group == "agent" else 1
        for p, c in scored[:keep]:
            if p >= model.threshold:
                claims.append(_claim(c, p, text, cues))
    return claims
