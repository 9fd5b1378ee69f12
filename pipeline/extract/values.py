"""Values as written: years and dates, percentages, counts with magnitudes.

Pure functions over a string (the simplified shadow of a document, which has
the same offsets as the document). Each :class:`Value` keeps its exact span,
a canonical form and the precision of the last written digit, so downstream
stages can tell "26%" from "26.2%" as a rounding, not a contradiction.

Canonical forms (``norm``):

* years: ``YYYY``, ``YYYY-MM``; ranges ``YYYY/YYYY`` (``YYYY-MM/YYYY-MM`` for
  month ranges); a decade is the range of its years (1970s → ``1970/1979``).
* percentages: the number as written without ``%`` (``15.3``).
* counts: the absolute number as an integer string without separators
  (1750亿 → ``175000000000``); non-integral counts in ``%.15g`` form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pipeline.extract.cues import Cues, alternation

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
MAGNITUDES = {
    "万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "十亿": 1e9, "亿": 1e8, "千万": 1e7, "百万": 1e6, "十万": 1e5,
    "万": 1e4, "千": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12,
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
}  # fmt: skip


@dataclass(frozen=True)
class Value:
    kind: str  # year, percent, count
    start: int
    end: int
    norm: str
    num: float
    precision: float  # unit of the last written digit, in the value's own scale
    attribute: str | None = None  # counts: what the unit says is counted
    unit: str | None = None
    explicit: bool = True  # years: written as a date (年, 月, s, 世纪), not bare digits
    qualifiers: dict = field(default_factory=dict, compare=False)


def cn_number(s: str) -> int | None:
    """一百五十二 → 152, 十 → 10, 两千 → 2000; None if not a Chinese numeral."""
    if not s or any(c not in _CN_DIGITS and c not in _CN_UNITS for c in s):
        return None
    if all(c in _CN_DIGITS for c in s) and len(s) > 1:  # digit by digit: 一九八六
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    total, digit = 0, None
    for c in s:
        if c in _CN_DIGITS:
            digit = _CN_DIGITS[c]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[c]
            digit = None
    return total + (digit or 0)


def _number(text: str) -> tuple[float, float] | None:
    """(value, precision) of an Arabic or Chinese numeral."""
    if text[0].isdigit():
        plain = text.replace(",", "")
        decimals = len(plain.split(".")[1]) if "." in plain else 0
        return float(plain), 10.0**-decimals
    n = cn_number(text)
    if n is None:
        return None
    return float(n), float(_CN_UNITS.get(text[-1], 1))


def canonical_number(x: float) -> str:
    return str(round(x)) if abs(x - round(x)) < 1e-9 * max(1.0, abs(x)) else f"{x:.15g}"


# --- years ---------------------------------------------------------------

_Y = r"(?:1[89]\d\d|20[0-4]\d)"
_CN_Y = "〇零一二三四五六七八九"
_DASH = r"\s*[-–—~～至到]\s*"
_YEAR_RE = re.compile(
    r"(?<![\d.,$¥#/])(?:"
    rf"(?:(?P<c_cent>19|20|十九|二十)世纪|上世纪)(?P<c_dec>[一二三四五六七八九]十|[1-9]0)年代(?:初期|中期|末期|初|中|末)?"
    rf"|(?P<dr1>{_Y})s{_DASH}(?P<dr2>{_Y})(?P<dr2s>s)?"
    rf"|(?P<d1>{_Y})s(?![a-zA-Z])|(?P<d2>{_Y})年代"
    rf"|(?P<mr1y>{_Y})[.\-/](?P<mr1m>0[1-9]|1[0-2]){_DASH}(?P<mr2y>{_Y})[.\-/](?P<mr2m>0[1-9]|1[0-2])(?!\d)"
    rf"|(?P<r1>{_Y})\s*年?{_DASH}(?P<r2>{_Y})(?:\s*年)?(?![\d.])"
    rf"|(?P<m1y>{_Y})\s*年\s*(?P<m1m>1[0-2]|0?[1-9])\s*月"
    rf"|(?P<m2y>{_Y})[.\-/](?P<m2m>0[1-9]|1[0-2])(?![\d])"
    rf"|(?P<cy>[{_CN_Y}]{{4}})年"
    rf"|(?P<y>{_Y})(?P<nian>\s*年)?"
    r")"
)
# a bare 4-digit number followed by these is a quantity, not a year
_NOT_YEAR_AFTER = re.compile(
    r"[\d%]|\.\d|\s*(?:个|万|亿|张|层|倍|美元|元|人|次|名|篇|块|台|步|轮|维|×|x|MB|GB|TB|PB|[KMBT]\b|块|条|项|种|家)"
)


def _decade(text: str) -> int:
    return int(text) if text[0].isdigit() else cn_number(text)  # type: ignore[return-value]


def _year_value(m: re.Match, text: str) -> Value | None:
    g = m.groupdict()
    s, e = m.span()
    if g["c_dec"]:
        century = g["c_cent"] or "20"
        base = (19 if century in ("20", "二十") else 18) * 100 + _decade(g["c_dec"])
        return Value("year", s, e, f"{base}/{base + 9}", base, 10, qualifiers={"granularity": "decade"})
    if g["dr1"]:
        a, b = int(g["dr1"]), int(g["dr2"]) + (9 if g["dr2s"] else 0)
        return Value("year", s, e, f"{a}/{b}", a, 1, qualifiers={"granularity": "range"})
    if g["d1"] or g["d2"]:
        a = int(g["d1"] or g["d2"])
        if a % 10:
            return None
        return Value("year", s, e, f"{a}/{a + 9}", a, 10, qualifiers={"granularity": "decade"})
    if g["mr1y"]:
        a, b = f"{g['mr1y']}-{g['mr1m']}", f"{g['mr2y']}-{g['mr2m']}"
        return Value("year", s, e, f"{a}/{b}", int(g["mr1y"]), 1, qualifiers={"granularity": "range"})
    if g["r1"]:
        a, b = int(g["r1"]), int(g["r2"])
        if b <= a:
            return None
        return Value("year", s, e, f"{a}/{b}", a, 1, qualifiers={"granularity": "range"})
    if g["m1y"] or g["m2y"]:
        y, mo = (g["m1y"], g["m1m"]) if g["m1y"] else (g["m2y"], g["m2m"])
        return Value("year", s, e, f"{y}-{int(mo):02d}", int(y), 1, qualifiers={"granularity": "month"})
    if g["cy"]:
        y = cn_number(g["cy"])
        if y is None or not 1800 <= y <= 2049:
            return None
        return Value("year", s, e, str(y), y, 1, qualifiers={"granularity": "year"})
    y = g["y"]
    explicit = bool(g["nian"])
    if not explicit:
        if _NOT_YEAR_AFTER.match(text, e):
            return None
        e = s + 4
    return Value("year", s, e, y, int(y), 1, explicit=explicit, qualifiers={"granularity": "year"})


# where a date can start; the full pattern is tried only there (scanning with it is slow)
_YEAR_START = re.compile(rf"(?:1[89]|20)(?:\d\d|世纪)|(?:上|十九|二十)世纪|[{_CN_Y}]{{4}}年")


def find_years(text: str) -> list[Value]:
    out: list[Value] = []
    end = 0
    for c in _YEAR_START.finditer(text):
        if c.start() < end:
            continue
        m = _YEAR_RE.match(text, c.start())
        if m and (v := _year_value(m, text)):
            out.append(v)
            end = m.end()
    return out


# --- percentages ---------------------------------------------------------

# look-behinds sit after the first digit, so the regex engine can skip ahead to digits
_PERCENT_RE = re.compile(r"(\d(?<![\d.]\d)\d*(?:\.\d+)?)\s*[%％]")
_RANGE_LEFT = re.compile(r"\d%?\s*[-–~～]\s*$|\d%?\s*(?:至|到)\s*$")
_RANGE_RIGHT = re.compile(r"\s*[-–~～]\s*\d")


def find_percents(text: str) -> list[Value]:
    out = []
    for m in _PERCENT_RE.finditer(text):
        s, e = m.span()
        num, precision = _number(m.group(1))  # type: ignore[misc]
        ranged = bool(_RANGE_LEFT.search(text, max(0, s - 6), s) or _RANGE_RIGHT.match(text, e))
        quals = {"precision": precision, **({"range_part": True} if ranged else {})}
        out.append(Value("percent", s, e, canonical_number(num), num, precision, unit="%", qualifiers=quals))
    return out


# --- counts --------------------------------------------------------------


_NOT_BEFORE = r"\d.,A-Za-z数几同每单这那某任"
_NB = rf"(?<![{_NOT_BEFORE}]\d)"
_CN_NUM = "零一二两三四五六七八九十百千"
_COUNT_RANGE_LEFT = re.compile(r"\d[万亿BMK]?\s*[-–~～至到]\s*$")
_COUNT_RANGE_RIGHT = re.compile(r"\s*[-–~～至到]\s*\d")


@cache
def _count_re(cues: Cues) -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    unit_of = {w: (u.attribute, u.unit) for u in cues.count_units for w in u.words}
    part = alternation(cues.part_layers)
    pattern = re.compile(
        # not after a digit, a letter or a determiner (数百层, 每层); checked after the first character
        # so the regex engine can skip ahead to numerals
        rf"(?P<num>(?:\d{_NB}\d{{0,2}}(?:,\d{{3}})+(?:\.\d+)?|\d{_NB}\d*(?:\.\d+)?"
        rf"|[{_CN_NUM}](?<![{_NOT_BEFORE}][{_CN_NUM}])[{_CN_NUM}]*))"
        # a magnitude, an English scale or a unit must follow (checked here, not in Python: speed)
        rf"(?=[万亿千]|\s?(?:[KMBT](?![A-Za-z])|thousand|million|billion|trillion)|\+?\s*(?:{alternation(list(unit_of))}))"
        r"(?P<mag>万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千)?"
        r"(?:\s?(?P<en>[KMBT](?![A-Za-z])|(?:thousand|million|billion|trillion)\b))?"
        r"(?P<plus>\+)?\s*"
        rf"(?P<unit>{alternation(list(unit_of))})?(?P<part>{part})?"
    )
    return pattern, unit_of


def find_counts(text: str, cues: Cues) -> list[Value]:
    """Numbers with a magnitude (亿, B) or a counting unit (层, 参数, 类)."""
    pattern, unit_of = _count_re(cues)
    out = []
    for m in pattern.finditer(text):
        num_text, mag, en, unit_word = m.group("num"), m.group("mag"), m.group("en"), m.group("unit")
        if not (mag or en or unit_word):
            continue
        if not num_text[0].isdigit() and (num_text in ("十", "百", "千") and (mag or not unit_word)):
            continue  # 千亿, 百万: an order of magnitude, not a count
        parsed = _number(num_text)
        if parsed is None:
            continue
        num, precision = parsed
        scale = (MAGNITUDES[mag] if mag else 1.0) * (MAGNITUDES[en.strip()] if en else 1.0)
        attribute, unit = unit_of[unit_word] if unit_word else (None, None)
        if attribute == "layers" and (m.group("part") or text[max(0, m.start() - 1) : m.start()] == "第"):
            continue  # 5层卷积 counts parts; 第10层 is an ordinal
        if _COUNT_RANGE_LEFT.search(text, max(0, m.start() - 4), m.start()) or _COUNT_RANGE_RIGHT.match(
            text, m.end()
        ):
            continue  # 7B至65B, 1至1.8万亿: a range, not a value
        end = max(m.end("num"), m.end("mag"), m.end("en"), m.end("plus"))
        quals = {"precision": precision * scale}
        if m.group("plus"):
            quals["at_least"] = True
        value = num * scale
        out.append(
            Value("count", m.start(), end, canonical_number(value), value, precision * scale,
                  attribute=attribute, unit=unit, qualifiers=quals)
        )  # fmt: skip
    return out
