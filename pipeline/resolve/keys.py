"""Normalised match keys: one spelling-independent key per way a name is written.

``DALL·E``, ``dall-e`` and ``ＤＡＬＬ－Ｅ`` share the key ``dalle``;
``Transformer架构`` and ``Transformer`` share ``transformer``; ``卷積神經網絡``
becomes ``卷积神经网络``. What a key keeps on purpose: digits and the letters
glued to them (``GPT-4`` vs ``GPT-4V``), because a version is a different
thing, not a spelling.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from opencc import OpenCC

from pipeline.resolve.rules import Rules

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{HAN}]")
_ALL_HAN_RE = re.compile(f"[{HAN}]+")
_TOKEN_RE = re.compile(rf"\d+(?:\.\d+)*|[a-z]+|[{HAN}]|[^\W\d_a-z{HAN}]+")
_WRAPPERS = " \t\"'“”‘’《》「」『』〈〉*_`"
_PAREN_RE = re.compile(r"^(?P<main>.+?)\s*[(\[](?P<inner>[^()\[\]]+)[)\]]$")
_NAME_DOTS_RE = re.compile(rf"(?<=[{HAN}])\s*[·•‧・･.]\s*(?=[{HAN}])")
_FOLD_LATIN = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "đ": "d"})
_LAST_WORD_RE = re.compile(r"[ -]([A-Za-z.]+)$")
_ACRONYM_PLURAL_RE = re.compile(r"(?<=[A-Z])s$")
_t2s = OpenCC("t2s")


@dataclass(frozen=True)
class NameForm:
    """One written name, cleaned: ``core`` keeps case for display, ``key`` matches."""

    core: str
    key: str
    tokens: tuple[str, ...]
    version: tuple[str, ...]  # digit tokens with the short letters glued to them
    inner_key: str | None  # key of a parenthetical gloss: 卷积神经网络（CNN）-> "cnn"


def has_han(text: str) -> bool:
    return _HAN_RE.search(text) is not None


def is_all_han(text: str) -> bool:
    return _ALL_HAN_RE.fullmatch(text) is not None


def clean(surface: str) -> str:
    """Width, script, spacing and wrapping quotes made uniform; case kept."""
    text = unicodedata.normalize("NFKC", surface)
    text = _t2s.convert(text) if has_han(text) else text
    text = _NAME_DOTS_RE.sub("·", " ".join(text.split()))
    return text.strip(_WRAPPERS)


def _strip_suffixes(text: str, rules: Rules, person: bool) -> str:
    """Remove decorations that describe the name without changing its referent."""
    changed = True
    while changed:
        changed = False
        candidates = rules.person_suffixes if person else rules.suffixes_anywhere
        for suffix in candidates:
            if text.lower().endswith(suffix) and len(text) - len(suffix) >= 2:
                text, changed = text[: -len(suffix)].rstrip(" ,，、"), True
                break
        if person or changed:
            continue
        for suffix in rules.suffixes_after_latin:
            head = text[: -len(suffix)].rstrip()
            if text.endswith(suffix) and head and head[-1].isascii() and head[-1].isalnum():
                text, changed = head, True
                break
        if changed:
            continue
        words = _LAST_WORD_RE.split(text, maxsplit=1)
        if (
            len(words) == 3
            and len(words[0]) >= 2
            and words[1].lower().rstrip(".") in rules.suffix_words_latin
        ):
            text, changed = words[0].rstrip(" ,-"), True
    return text


@cache
def _generic_re(rules: Rules) -> re.Pattern:
    words = "|".join(re.escape(w) for w in rules.generic_names)
    return re.compile(rf"(?:[\s.,，、]*(?:{words}))+[\s.]*")


def is_generic(surface: str, rules: Rules) -> bool:
    """A head noun alone (``公司``, ``研究团队``, ``Lab``): a kind of thing, not a name."""
    return _generic_re(rules).fullmatch(clean(surface).casefold()) is not None


def fold_latin(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_LATIN))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def tokens_of(text: str) -> tuple[str, ...]:
    """Lower-case Latin words, digit runs (``3.5`` kept whole), single Han characters."""
    return tuple(_TOKEN_RE.findall(fold_latin(text).casefold()))


def version_of(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """``gpt 4 v`` -> ``("4v",)``; ``mixtral 8 x 7 b`` -> ``("8x", "7b")``; ``claude`` -> ``()``."""
    out = []
    for i, tok in enumerate(tokens):
        if tok[0].isdigit():
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            out.append(tok + (nxt if nxt.isascii() and nxt.isalpha() and len(nxt) <= 2 else ""))
    return tuple(out)


def _key_of(core: str, person: bool = False) -> tuple[str, tuple[str, ...]]:
    tokens = tokens_of(_ACRONYM_PLURAL_RE.sub("", core) if not person else core)
    if person and len(tokens) > 2:
        tokens = tuple(t for t in tokens if len(t) > 1 or not t.isascii()) or tokens  # middle initials
    return "".join(tokens), tokens


def _is_gloss(inner: str) -> bool:
    """A parenthetical that may name the same thing (not a year or a count)."""
    return any(c.isalpha() for c in inner) and len(inner) <= 40


@cache
def name_form(surface: str, rules: Rules, person: bool = False) -> NameForm:
    """The cleaned form and keys of one surface (cached: surfaces repeat a lot)."""
    text = clean(surface)
    inner_key = None
    match = _PAREN_RE.match(text)
    if match:
        text = match["main"]
        if _is_gloss(match["inner"]):
            inner = _strip_suffixes(match["inner"].strip(), rules, person)
            inner_key = _key_of(inner, person)[0] or None
    core = _strip_suffixes(text, rules, person) or text
    key, tokens = _key_of(core, person)
    key = key or core.casefold()  # punctuation-only names still get a key
    return NameForm(core=core, key=key, tokens=tokens, version=version_of(tokens), inner_key=inner_key)
