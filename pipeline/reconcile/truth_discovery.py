"""Best-supported values and source reliability by TruthFinder.

Method: TruthFinder (Yin, Han & Yu, "Truth Discovery with Multiple Conflicting
Information Providers on the Web", KDD 2007 / TKDE 2008). Each source (document)
has a trustworthiness ``t(w)``; each fact (a value for one entity attribute) a
confidence ``s(f)``. They are estimated together by iterating

    τ(w)  = −ln(1 − t(w))
    σ(f)  = Σ_w c(w,f) · τ(w)                 (sources stating f)
    σ*(f) = σ(f) + ρ · Σ_f' σ(f') · imp(f'→f)  (other facts of the same object)
    s(f)  = 1 / (1 + e^(−γ·σ*(f)))
    t(w)  = Σ_f c(w,f) · s(f) / Σ_f c(w,f)

until the trust vector stops moving.

Why TruthFinder rather than CRH or Accu: our sources are few (a handful of
articles) and each states few values per entity, which starves CRH's per-source
loss estimates and Accu's copy detection; TruthFinder's *implication* between
facts is exactly what our normalisation already knows — ``26%`` supports
``26.2%`` (rounding), ``2015`` supports ``2015-12``, Google supports Google
Brain, while disjoint values oppose each other. One mechanism covers numbers,
dates and credited people/organisations.

Extraction confidence is kept apart from source reliability: ``c(w,f)`` is the
extractor's confidence that source w states f; it scales how much that
statement counts, both for the fact and for the source's own trust, so an
unsure extraction neither props up a value nor drags its source down, and a
value the extractor missed simply is not counted (it is not a disagreement).

The reference facts are one more source, ``reference``, of known reliability:
it states the documented values of every entity attribute it covers (each with
c = 1) and its trust stays at ``truthfinder.reference_trust`` instead of being
re-estimated. It takes part in the iteration like any source, so a documented
value pulls up the documents that state it and a value it contradicts drags its
documents down — reference contradictions count against a source's reliability
through the confidence of what it states, kept apart from extraction confidence.
A best value is chosen among the values documents state; one the reference
contradicts is published with ``reference_status = contradicts``, its confidence
times ``truthfinder.contradicted_confidence`` and the documented value beside it
(:mod:`pipeline.reconcile`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.reconcile.comparison import numbers_overlap, related
from pipeline.reconcile.observations import Observation
from pipeline.reconcile.thresholds import load_thresholds

# the numbers, with what each one means, are in thresholds.yaml
_T = load_thresholds().truthfinder
TIE = _T.tie
GAMMA = _T.gamma
RHO = _T.rho
INITIAL_TRUST = _T.initial_trust
PRIOR_TRUST = _T.prior_trust
PRIOR_WEIGHT = _T.prior_weight
MAX_TRUST = _T.max_trust
TOLERANCE = _T.tolerance
MAX_ITERATIONS = _T.max_iterations
REFERENCE_TRUST = _T.reference_trust
METHOD = "truthfinder"
#: the source id of the reference facts (never a document id: those are file stems)
REFERENCE = "reference"


@dataclass
class Fact:
    key: str
    obs: list[Observation] = field(default_factory=list)

    @property
    def first(self) -> Observation:
        return self.obs[0]

    def weight_by_source(self) -> dict[str, float]:
        """c(w, f): the extractor's best confidence that source w states this fact."""
        out: dict[str, float] = {}
        for o in self.obs:
            out[o.doc_id] = max(out.get(o.doc_id, 0.0), o.confidence)
        return out


@dataclass
class TruthObject:
    """One entity attribute (facet, metric context) whose true value is sought."""

    key: tuple[str, str, str, str]  # entity_id, attribute, facet, context
    facts: dict[str, Fact]
    implication: dict[tuple[str, str], float]  # (from, to) → −1 … 1
    multi_valued: bool


def _context(o: Observation, metrics: set[str]) -> str:
    metric = str(o.qualifiers.get("metric", "")).strip()
    if metric:
        return f"metric={metric}"
    return f"metric={next(iter(metrics))}" if len(metrics) == 1 else ""


def build_objects(
    observations: Sequence[Observation], documented: Sequence[Observation] = ()
) -> list[TruthObject]:
    """One object per entity attribute (facet, metric context) that documents state something
    about; ``documented`` are the reference's values as observations of source ``reference``."""
    metrics: dict[tuple, set[str]] = defaultdict(set)
    for o in observations:
        if o.qualifiers.get("metric"):
            metrics[(o.entity_id, o.space, o.facet)].add(str(o.qualifiers["metric"]).strip())
    grouped: dict[tuple, dict[str, Fact]] = defaultdict(dict)
    for o in sorted([*observations, *documented], key=lambda o: (o.doc_id, o.claim_id)):
        key = (o.entity_id, o.space, o.facet, _context(o, metrics[(o.entity_id, o.space, o.facet)]))
        grouped[key].setdefault(o.key, Fact(o.key)).obs.append(o)
    return [
        _with_implications(key, facts)
        for key, facts in sorted(grouped.items())
        if any(o.doc_id != REFERENCE for f in facts.values() for o in f.obs)
    ]


def _with_implications(key: tuple, facts: dict[str, Fact]) -> TruthObject:
    multi = next(iter(facts.values())).first.kind == "entity"
    co_credited: set[frozenset[str]] = set()
    if multi:  # facts one source credits together complement each other
        by_source: dict[str, set[str]] = defaultdict(set)
        for f in facts.values():
            for o in f.obs:
                by_source[o.doc_id].add(f.key)
        for keys in by_source.values():
            co_credited.update(frozenset((a, b)) for a in keys for b in keys if a != b)
    imp: dict[tuple[str, str], float] = {}
    for a in facts.values():
        for b in facts.values():
            if a.key == b.key:
                continue
            oa, ob = a.first, b.first
            if oa.kind == "entity":
                if related(oa, ob):
                    imp[(a.key, b.key)] = 1.0
                elif frozenset((a.key, b.key)) not in co_credited:
                    imp[(a.key, b.key)] = -1.0
            else:
                overlap = (
                    numbers_overlap(oa, ob) if oa.kind == "number" else oa.lo <= ob.hi and ob.lo <= oa.hi
                )
                imp[(a.key, b.key)] = 1.0 if overlap else -1.0
    return TruthObject(key, facts, imp, multi)


@dataclass(frozen=True)
class TruthResult:
    objects: list[TruthObject]
    confidence: dict[tuple, dict[str, float]]  # object key → fact key → s(f)
    trust: dict[str, float]
    iterations: int


def sigmoid(x: float) -> float:
    """1 / (1 + e^-x) without overflow: thousands of opposing sources make x very negative."""
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    z = math.exp(x)
    return z / (1 + z)


def truthfinder(objects: Sequence[TruthObject]) -> TruthResult:
    sources = sorted({o.doc_id for obj in objects for f in obj.facts.values() for o in f.obs})
    trust = dict.fromkeys(sources, INITIAL_TRUST)
    if REFERENCE in trust:
        trust[REFERENCE] = REFERENCE_TRUST
    confidence: dict[tuple, dict[str, float]] = {}
    iterations = 0
    for iterations in range(1, MAX_ITERATIONS + 1):  # noqa: B007 - reported below
        tau = {w: -math.log(1 - min(t, MAX_TRUST)) for w, t in trust.items()}
        for obj in objects:
            sigma = {
                k: sum(c * tau[w] for w, c in f.weight_by_source().items()) for k, f in obj.facts.items()
            }
            adjusted = {
                k: sigma[k] + RHO * sum(sigma[j] * obj.implication.get((j, k), 0.0) for j in sigma)
                for k in sigma
            }
            confidence[obj.key] = {k: sigmoid(GAMMA * v) for k, v in adjusted.items()}
        numerator: dict[str, float] = defaultdict(float)
        denominator: dict[str, float] = defaultdict(float)
        for obj in objects:
            for k, f in obj.facts.items():
                for w, c in f.weight_by_source().items():
                    numerator[w] += c * confidence[obj.key][k]
                    denominator[w] += c
        new = {
            w: (numerator[w] + PRIOR_WEIGHT * PRIOR_TRUST) / (denominator[w] + PRIOR_WEIGHT) for w in sources
        }
        if REFERENCE in new:  # known reliability: not re-estimated
            new[REFERENCE] = REFERENCE_TRUST
        moved = max((abs(new[w] - trust[w]) for w in sources), default=0.0)
        trust = new
        if moved < TOLERANCE:
            break
    return TruthResult(list(objects), confidence, trust, iterations)


def stated(fact: Fact) -> bool:
    """Does a document state the fact (not only the reference)?"""
    return any(o.doc_id != REFERENCE for o in fact.obs)


def best_facts(obj: TruthObject, conf: dict[str, float]) -> list[str]:
    """The winning fact among those documents state; for credits, every such fact no
    competitor beats."""

    def rank(k: str):
        f = obj.facts[k]
        width = f.first.hi - f.first.lo if f.first.kind in ("number", "date") else 0.0
        return (-round(conf[k], 9), -len(f.weight_by_source()), width, k)

    ordered = sorted((k for k in obj.facts if stated(obj.facts[k])), key=rank)
    if not obj.multi_valued:
        return ordered[:1]
    return [
        k
        for k in ordered
        if not any(
            obj.implication.get((j, k), 0) < 0 and conf[j] > conf[k] + TIE and stated(obj.facts[j])
            for j in conf
        )
    ] or ordered[:1]


def supporting(obj: TruthObject, winners: Sequence[str]) -> list[Observation]:
    """Claims stating a winning fact or one compatible with it (26% for 26.2%)."""
    keep = set(winners)
    if not obj.multi_valued:
        keep |= {j for j in obj.facts for w in winners if obj.implication.get((j, w), 0) > 0}
    return [o for k in sorted(keep) for o in obj.facts[k].obs if o.doc_id != REFERENCE]


def consensus_rows(result: TruthResult) -> list[dict]:
    rows = []
    for obj in result.objects:
        conf = result.confidence[obj.key]
        winners = best_facts(obj, conf)
        support = supporting(obj, winners)
        first = next(o for o in obj.facts[winners[0]].obs if o.doc_id != REFERENCE)
        every = [o for f in obj.facts.values() for o in f.obs if o.doc_id != REFERENCE]
        value = "; ".join(next(o for o in obj.facts[k].obs if o.doc_id != REFERENCE).display for k in winners)
        competing = [
            f"{obj.facts[k].first.display} — confidence {conf[k]:.2f}, "
            f"docs {', '.join(sorted(obj.facts[k].weight_by_source()))}"
            for k in sorted(obj.facts, key=lambda k: (-conf[k], k))
        ]
        rows.append(
            {
                "entity_id": obj.key[0],
                "entity_name": first.entity_name,
                "attribute": obj.key[1],
                "facet": obj.key[2],
                "context": obj.key[3],
                "value": value,
                "value_num": first.value,
                "confidence": min(conf[k] for k in winners),
                "winning_facts": list(winners),
                "object_key": obj.key,
                "margin": min(
                    conf[k]
                    - max((conf[j] for j in obj.facts if obj.implication.get((j, k), 0) < 0), default=0.0)
                    for k in winners
                ),
                "support_docs": sorted({o.doc_id for o in support}),
                "support_claims": sorted(o.claim_id for o in support),
                "n_docs": len({o.doc_id for o in every}),
                "n_claims": len(every),
                "competing_values": competing,
                "mean_extraction_confidence": sum(o.confidence for o in every) / len(every),
                "method": METHOD,
            }
        )
    return rows


def reliability_rows(
    result: TruthResult,
    titles: dict[str, str],
    reference_agrees: frozenset[str] = frozenset(),
    reference_contradicts: frozenset[str] = frozenset(),
) -> list[dict]:
    """One row per document: its trust, its claims agreeing and disagreeing with the best values,
    and — kept apart — the claims the reference check confirmed or contradicted."""
    stats: dict[str, dict] = defaultdict(lambda: defaultdict(float))
    for obj in result.objects:
        conf = result.confidence[obj.key]
        winners = set(best_facts(obj, conf))
        agreeing = {o.claim_id for o in supporting(obj, sorted(winners))}
        n_sources = len({o.doc_id for f in obj.facts.values() for o in f.obs if o.doc_id != REFERENCE})
        for f in obj.facts.values():
            for o in f.obs:
                if o.doc_id == REFERENCE:
                    continue
                s = stats[o.doc_id]
                s["n_claims"] += 1
                s["confidence_sum"] += o.confidence
                s["n_agreeing"] += o.claim_id in agreeing
                s["n_disagreeing"] += o.claim_id not in agreeing
                s["n_corroborated"] += n_sources > 1 and o.claim_id in agreeing
                s["n_reference_agreeing"] += o.claim_id in reference_agrees
                s["n_reference_contradicting"] += o.claim_id in reference_contradicts
    rows = []
    for doc_id in sorted((set(titles) | set(stats)) - {REFERENCE}):
        s = stats.get(doc_id)
        n = int(s["n_claims"]) if s else 0
        rows.append(
            {
                "doc_id": doc_id,
                "title": titles.get(doc_id, ""),
                "reliability": result.trust.get(doc_id, math.nan),
                "n_claims": n,
                "n_agreeing": int(s["n_agreeing"]) if s else 0,
                "n_disagreeing": int(s["n_disagreeing"]) if s else 0,
                "n_corroborated": int(s["n_corroborated"]) if s else 0,
                "n_reference_agreeing": int(s["n_reference_agreeing"]) if s else 0,
                "n_reference_contradicting": int(s["n_reference_contradicting"]) if s else 0,
                "mean_extraction_confidence": s["confidence_sum"] / n if n else math.nan,
                "method": METHOD,
                "iterations": result.iterations,
            }
        )
    return rows
