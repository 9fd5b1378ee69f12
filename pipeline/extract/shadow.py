"""The simplified shadow of a text: what the rules match on, with the same offsets.

Traditional input (機器學習, 錯誤率) is converted with OpenCC t2s when that keeps
the length; otherwise character by character, which always does. Texts with
no traditional-only character are returned as they are (the common case, and
the fast one).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from opencc import OpenCC


@cache
def _traditional_chars() -> tuple[frozenset[str], dict[int, str]]:
    table: dict[int, str] = {}
    text = resources.files("opencc").joinpath("dictionary/TSCharacters.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        key, _, targets = line.partition("\t")
        simplified = targets.split(" ")[0] if targets else ""
        if len(key) == 1 and len(simplified) == 1 and simplified != key:
            table[ord(key)] = simplified
    return frozenset(chr(c) for c in table), table


@cache
def _t2s() -> OpenCC:
    return OpenCC("t2s")


def simplified_shadow(text: str) -> str:
    """``text`` in simplified characters, same length, same offsets."""
    chars, table = _traditional_chars()
    if chars.isdisjoint(text):
        return text
    converted = _t2s().convert(text)
    return converted if len(converted) == len(text) else text.translate(table)


_ASCII_LOWER = str.maketrans({c: c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})


def ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only (so the length never changes)."""
    return text.translate(_ASCII_LOWER)


#: what a reader skips: web addresses, link targets of markdown, arXiv ids and DOIs
_LINKS = re.compile(
    r"https?://[^\s)\]>|，。；\"'`]+|(?<=\]\()[^)\s]*(?=\))|\b(?:arXiv|doi|DOI)\s*:\s*\S+|\bwww\.[^\s)\]|，。]+"
)


#: a citation mark, read past like a footnote number: ``[[5]](#adaline)``, ``[[15]]``, ``[^3]``,
#: and ``[2]`` or ``[1, 4]`` right after a word (``Widrow[5] 和 Hoff``, ``…开发[2]。``), not an
#: index after code's closing parenthesis (``decode(…)[0]``)
_CITATION = re.compile(
    r"\[\[\d{1,3}\]\](?:\([^)\s]*\))?|\[\^\d{1,3}\]"
    r"|(?<=[A-Za-z\u4e00-\u9fff）”\"])\[\d{1,3}(?:\s*[,，–-]\s*\d{1,3})*\](?![(\[=])"
    r"|\$\^\{\[\d{1,3}(?:\s*[,，–-]\s*\d{1,3})*\]\}\$"  # LaTeX's superscript key: $^{[3-4]}$
)

#: words set in LaTeX's inline math only to look different (``$Matthew$ $D. Zeiler$``): plain
#: letters, at least two, no operator or command (``$3\times3$`` and ``$x$`` stay formulas)
_MATH_WORDS = re.compile(r"\$(?P<words>\s*[A-Za-z][A-Za-z.\-' ]*[A-Za-z.]\s*)\$")

#: a markdown link whose text is plain: its brackets are markup, not words (an image's
#: ``![FeatureMap](img/…)`` stays an image, and a page title ``[… - LinkedIn](…)``, with the
#: site after its separator, stays a reference)
_LINK_MARKUP = re.compile(r"(?<!!)\[(?P<words>(?:(?!\s[-–—|]\s)[^\[\]\n]){1,200})\]\([^)\s]*\)")


def mask_links(text: str) -> str:
    """``text`` with addresses, citation marks and link markup blanked (same length):
    ``[AlphaGo](https://…/alphago)`` reads `` AlphaGo `` followed by spaces, ``Widrow[[5]](#adaline)``
    ``Widrow`` and spaces, ``$Rob$ $Fergus$`` `` Rob   Fergus ``, and ``arXiv:2009.13682`` is no year."""
    text = _CITATION.sub(lambda m: " " * (m.end() - m.start()), text)
    text = _LINK_MARKUP.sub(lambda m: f" {m['words']}".ljust(m.end() - m.start()), text)
    text = _MATH_WORDS.sub(lambda m: f" {m['words']} ", text)
    return _LINKS.sub(lambda m: " " * (m.end() - m.start()), text)
