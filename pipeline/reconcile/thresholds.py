"""The numbers that decide reconciliation, read from ``thresholds.yaml`` beside this module.

Kept as data, like the resolver's rules, so that a run can say which values
made it (``curated/_manifest.json``: the file's version and these values)::

    >>> load_thresholds().as_dict()
    {'approx_rel': 0.1, 'affiliation_slack_years': 1,
     'truthfinder': {'tie': 0.01, 'gamma': 0.5, 'rho': 0.5, 'initial_trust': 0.9, …}}
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class Thresholds:
    approx_rel: float
    affiliation_slack_years: int
    truthfinder: TruthFinderThresholds
    version: str = ""  # content hash of the file

    def as_dict(self) -> dict:
        """The values, as the file nests them."""
        values = asdict(self)
        del values["version"]
        return values


def parse_thresholds(text: str) -> Thresholds:
    data = yaml.safe_load(text)
    tf = data["truthfinder"]
    return Thresholds(
        approx_rel=float(data["approx_rel"]),
        affiliation_slack_years=int(data["affiliation_slack_years"]),
        truthfinder=TruthFinderThresholds(
            **{k: float(v) for k, v in tf.items() if k != "max_iterations"},
            max_iterations=int(tf["max_iterations"]),
        ),
        version=content_version({THRESHOLDS_FILE: text}),
    )


@cache
def load_thresholds() -> Thresholds:
    """The packaged thresholds (parsed once per process)."""
    return parse_thresholds(resources.files(__package__).joinpath(THRESHOLDS_FILE).read_text("utf-8"))
