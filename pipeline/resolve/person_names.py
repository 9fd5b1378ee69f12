"""Person names across scripts: one order-free romanised key per person.

``Kaiming He``, ``He Kaiming`` and ``何恺明``/``何凯明`` (pinyin ``he kai ming``)
all give the order key ``he kaiming``; ``Geoffrey E. Hinton`` drops the
initial; ``Yann Le Cun`` glues the particle (``lecun``). Transliterated
foreign names (``杰弗里·辛顿``) have no romanisation we can trust, so they are
keyed by their Han surname segment (``辛顿``) for surname-only links, and by
their sound (toneless pinyin): ``伊恩·古德费洛`` and ``伊恩·古德费罗`` are one
transliteration written with different characters. The sound key never meets a
Latin name's key.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from pypinyin import Style, lazy_pinyin
from pypinyin.pinyin_dict import pinyin_dict

from pipeline.resolve.keys import fold_latin, has_han, is_all_han
from pipeline.resolve.rules import Rules

_PARTICLES = frozenset({"le", "la", "de", "del", "della", "di", "da", "van", "von", "der", "den", "du", "st"})


@cache
def _pinyin_syllables() -> frozenset[str]:
    """Toneless pinyin syllables (``zhang``, ``lv``), from pypinyin's dictionary."""
    out = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            plain = "".join(c for c in unicodedata.normalize("NFKD", reading) if not unicodedata.combining(c))
            if any(v in plain for v in "aeiouv"):
                out.add(plain.replace("ü", "v"))
    return frozenset(out)


@cache
def is_pinyin_word(word: str) -> bool:
    """True when ``word`` splits into pinyin syllables (``xiangyu``, ``kaiming``)."""
    syllables = _pinyin_syllables()
    reachable = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        reachable[end] = any(reachable[s] and word[s:end] in syllables for s in range(max(0, end - 6), end))
    return bool(word) and reachable[-1]


@dataclass(frozen=True)
class PersonName:
    script: str  # "latin", "han" (a Chinese name, romanised by pinyin) or "han_foreign"
    order_key: str | None  # sorted romanised tokens (same person in either name order); "~sound" of a
    # transliterated foreign name
    surname: str | None  # romanised surname, or the Han surname segment of a foreign name
    given: str | None  # romanised given name(s), joined
    tone_key: str | None  # Chinese names: pinyin with tones, tells 李明 from 黎明

    @property
    def is_full(self) -> bool:
        """A given name and a surname (an initial does not count as a given name)."""
        return self.given is not None and len(self.given) > 1

    @property
    def romanised_chinese(self) -> bool:
        """Pinyin names: a one-letter difference is usually another person."""
        if self.script == "han":
            return True
        parts = [*(self.given or "").split(), self.surname or ""]
        return self.script == "latin" and all(is_pinyin_word(p) for p in parts)


def _latin_tokens(core: str) -> list[str]:
    """Romanised tokens, given names first: a reference list's ``Hinton, G. E.``, ``Tanaka H.`` and
    ``Vaswani A`` put the surname first and the initials after it."""
    words = fold_latin(core).casefold().replace(",", " ").split()
    n = len([w for w in words if len(w.strip(".-")) == 1])
    if 0 < n < len(words) and all(len(w.strip(".-")) == 1 for w in words[-n:]):
        words = words[-n:] + words[:-n]
    joined = ["".join(c for c in w if c.isalnum()) for w in words]
    tokens = [w for w in joined if w]
    if len(tokens) > 2:
        tokens = [t for t in tokens if len(t) > 1] or tokens  # middle initials
    glued: list[str] = []
    for tok in tokens:
        if glued and glued[-1] in _PARTICLES and len(glued) > 1:
            glued[-1] += tok
        else:
            glued.append(tok)
    return glued


def _split_chinese(core: str, rules: Rules) -> tuple[str, str] | None:
    """(surname, given) when ``core`` reads as a Chinese personal name, else None."""
    if not 2 <= len(core) <= 4 or not is_all_han(core):
        return None
    for compound in rules.compound_surnames:
        if core.startswith(compound) and len(core) > len(compound):
            return compound, core[len(compound) :]
    if core[0] in rules.surnames and len(core) <= 3:
        return core[0], core[1:]
    return None


def _romanise(surname: str, given: str, rules: Rules) -> tuple[str, str, str]:
    sur = rules.surname_readings.get(surname) or "".join(lazy_pinyin(surname))
    giv = "".join(lazy_pinyin(given))
    given_tones = lazy_pinyin(given, style=Style.TONE3, neutral_tone_with_five=True)
    sur_tones = rules.surname_readings.get(surname) or "".join(
        lazy_pinyin(surname, style=Style.TONE3, neutral_tone_with_five=True)
    )
    tones = " ".join([sur_tones, *given_tones])
    return sur, giv, tones


@cache
def person_name(core: str, rules: Rules) -> PersonName:
    """Parse a cleaned person name (see :func:`pipeline.resolve.keys.name_form`)."""
    if has_han(core):
        parts = _split_chinese(core, rules)
        if parts is not None:
            sur, giv, tones = _romanise(*parts, rules)
            return PersonName("han", " ".join(sorted((sur, giv))), sur, giv, tones)
        segments = [s for s in core.split("·") if s]
        given = "".join(segments[:-1]) or None
        sound = "~" + " ".join("".join(lazy_pinyin(s, style=Style.NORMAL)) for s in segments)
        return PersonName("han_foreign", sound, segments[-1] if segments else core, given, None)
    tokens = _latin_tokens(core)
    if len(tokens) >= 2:
        return PersonName("latin", " ".join(sorted(tokens)), tokens[-1], " ".join(tokens[:-1]), None)
    return PersonName("latin", None, tokens[0] if tokens else None, None, None)
