"""The cue words of the rules, read from ``cues.yaml`` beside this module.

Rules name what they look for (``cues.metric_cues``, ``cues.roles`` …); the
words themselves are data, so a new phrasing is a YAML edit, not a code change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml


def alternation(words: list[str]) -> str:
    """A regex alternation of literal words, longest first (so 参数量 beats 参数)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class CountUnit:
    attribute: str
    unit: str
    words: tuple[str, ...]
    label_words: tuple[str, ...] = ()  # a label naming what the number after it counts (images: 14,197,122)


@dataclass(frozen=True, eq=False)  # hashed by identity: one per process
class Cues:
    raw: dict[str, Any]
    count_units: tuple[CountUnit, ...]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.raw[name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    def words(self, name: str) -> tuple[str, ...]:
        return tuple(self.raw[name])

    def pattern(self, name: str) -> str:
        """The cue list ``name`` as a regex alternation."""
        return alternation(self.raw[name])


def parse_cues(text: str) -> Cues:
    raw = yaml.safe_load(text)
    units = tuple(
        CountUnit(
            attribute=spec.get("attribute", key),
            unit=spec["unit"],
            words=tuple(spec["words"]),
            label_words=tuple(spec.get("labels", ())),
        )
        for key, spec in raw["count_units"].items()
    )
    return Cues(raw=raw, count_units=units)
