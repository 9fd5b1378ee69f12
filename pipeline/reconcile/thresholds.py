"""The numbers that decide reconciliation, read from ``thresholds.yaml`` beside this module.

Kept as data, like the resolver's rules, so that a run can say which values
made it (``curated/_manifest.json``: the file's version and these values)::

    >>> load_thresholds().as_dict()
    {'approx_rel': 0.1, 'affiliation_slack_years': 1,
     'comparison': {'adjacent_months': 12, 'period_months': 24, 'round_percent_step': 5, …},
     'evidence': {'medium_confidence': 0.75, 'high_confidence': 0.85},
     'truthfinder': {'tie': 0.01, 'gamma': 0.5, 'rho': 0.5, 'initial_trust': 0.9, …}}
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources

import yaml

from pipeline.versions import content_version

THRESHOLDS_FILE = "thresholds.yaml"


@dataclass(frozen=True)
class TruthFinderThresholds:
    tie: float
    gamma: float
    rho: float
    initial_trust: float
    prior_trust: float
    prior_weight: float
    max_trust: float
    tolerance: float
    max_iterations: int
    reference_trust: float
    contradicted_confidence: float


@dataclass(frozen=True)
class ComparisonThresholds:
    adjacent_months: int
    period_months: int
    round_percent_step: float
    dataset_revision_rel: float


@dataclass(frozen=True)
class EvidenceThresholds:
    medium_confidence: float
    high_confidence: float
    single_text_confidence: float
    doubted_confidence: float


@dataclass(frozen=True)
class Cues:
    later_event: tuple[str, ...]
    version: tuple[str, ...]
    modifier: tuple[str, ...] = ()
    instance: tuple[str, ...] = ()
    part: tuple[str, ...] = ()


@dataclass(frozen=True)
class Thresholds:
    approx_rel: float
    affiliation_slack_years: int
    comparison: ComparisonThresholds
    evidence: EvidenceThresholds
    truthfinder: TruthFinderThresholds
    cues: Cues = Cues((), ())
    version: str = ""  # content hash of the file

    def as_dict(self) -> dict:
        """The values, as the file nests them, in JSON's types (lists, not tuples), so the
        manifest read back equals what the run used."""
        values = json.loads(json.dumps(asdict(self)))
        del values["version"]
        return values


def parse_thresholds(text: str) -> Thresholds:
    data = yaml.safe_load(text)
    tf = data["truthfinder"]
    comparison = data["comparison"]
    return Thresholds(
        approx_rel=float(data["approx_rel"]),
        affiliation_slack_years=int(data["affiliation_slack_years"]),
        comparison=ComparisonThresholds(
            adjacent_months=int(comparison["adjacent_months"]),
            period_months=int(comparison["period_months"]),
            round_percent_step=float(comparison["round_percent_step"]),
            dataset_revision_rel=float(comparison["dataset_revision_rel"]),
        ),
        evidence=EvidenceThresholds(**{k: float(v) for k, v in data["evidence"].items()}),
        truthfinder=TruthFinderThresholds(
            **{k: float(v) for k, v in tf.items() if k != "max_iterations"},
            max_iterations=int(tf["max_iterations"]),
        ),
        cues=Cues(**{k: tuple(str(w) for w in v) for k, v in (data.get("cues") or {}).items()}),
        version=content_version({THRESHOLDS_FILE: text}),
    )


@cache
def load_thresholds() -> Thresholds:
    """The packaged thresholds (parsed once per process)."""
    return parse_thresholds(resources.files(__package__).joinpath(THRESHOLDS_FILE).read_text("utf-8"))
