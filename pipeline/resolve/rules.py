"""The language rules of resolution, read from ``rules.yaml`` beside this module.

Kept as data so that a new decoration ("X团队", "Y架构") or a threshold is a
one-line change that tests and reviews can see, not a code edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from pipeline.versions import content_version

RULES_FILE = "rules.yaml"


@dataclass(frozen=True, eq=False)  # hashed by identity: keys are cached per rule set
class Rules:
    families: dict[str, str]  # entity type -> family of types that may link
    suffixes_after_latin: tuple[str, ...]
    suffix_words_latin: tuple[str, ...]
    suffixes_anywhere: tuple[str, ...]
    person_suffixes: tuple[str, ...]
    generic_names: tuple[str, ...]  # longest first, case-folded
    surnames: frozenset[str]  # single-character Chinese surnames
    compound_surnames: tuple[str, ...]
    surname_readings: dict[str, str]
    latin_min_score: float
    han_min_score: float
    word_min_score: float
    min_key_length: int
    rule_scores: dict[str, float]
    version: str = ""  # content hash of rules.yaml

    def family(self, entity_type: str) -> str:
        """The family a type links within; unknown types form their own family."""
        return self.families.get(entity_type, entity_type)


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys(words), key=lambda w: (-len(w), w)))


def parse_rules(text: str) -> Rules:
    data = yaml.safe_load(text)
    families = {t: fam for fam, types in data["type_families"].items() for t in types}
    suffixes = data["descriptive_suffixes"]
    fuzzy = data["fuzzy"]
    return Rules(
        families=families,
        suffixes_after_latin=_longest_first(suffixes["after_latin"]),
        suffix_words_latin=_longest_first(suffixes["latin_words"]),
        suffixes_anywhere=_longest_first(suffixes["anywhere"]),
        person_suffixes=_longest_first(data["person_suffixes"]),
        generic_names=_longest_first([w.casefold() for w in data["generic_names"]]),
        surnames=frozenset(data["surnames"].replace(" ", "")),
        compound_surnames=_longest_first(data["compound_surnames"]),
        surname_readings=dict(data["surname_readings"]),
        latin_min_score=float(fuzzy["latin_min_score"]),
        han_min_score=float(fuzzy["han_min_score"]),
        word_min_score=float(fuzzy["word_min_score"]),
        min_key_length=int(fuzzy["min_key_length"]),
        rule_scores={k: float(v) for k, v in data["rule_scores"].items()},
        version=content_version({RULES_FILE: text}),
    )


@cache
def load_rules() -> Rules:
    """The packaged rules (parsed once per process)."""
    return parse_rules(resources.files(__package__).joinpath(RULES_FILE).read_text("utf-8"))
