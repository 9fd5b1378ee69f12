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

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
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
    listed: tuple[int, int] | None = field(default=None, compare=False)  # (position, size) in 11、13、19层


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


def cn_compound(s: str) -> tuple[float, float] | None:
    """(value, precision) of a Chinese numeral with 万/亿 sections and a decimal 点:
    十二万五千 → 125000, 三点五 → 3.5, 一亿二千万 → 1.2e8."""
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = cn_number(whole) if whole else 0
        if w is None or not frac or any(c not in _CN_DIGITS for c in frac):
            return None
        return w + float("0." + "".join(str(_CN_DIGITS[c]) for c in frac)), 10.0 ** -len(frac)
    total, precision, rest = 0.0, 1.0, s
    for mark, scale in (("亿", 1e8), ("万", 1e4)):
        if mark in rest:
            head, _, rest = rest.partition(mark)
            n = cn_number(head)
            if n is None:
                return None
            total += n * scale
            precision = scale
    if rest:
        n = cn_number(rest)
        if n is None:
            return None
        total += n
        precision = float(_CN_UNITS.get(rest[-1], 1))
    return total, precision


def _number(text: str) -> tuple[float, float] | None:
    """(value, precision) of an Arabic or Chinese numeral; None if it is not one, or too large
    to be a quantity (a float overflows past ~309 digits)."""
    try:
        parsed = _parse_number(text)
    except (OverflowError, ValueError):  # int(), float() of hundreds or thousands of digits
        return None
    return parsed if parsed is not None and math.isfinite(parsed[0]) else None


def _scaled(num: float, scale: float) -> float | None:
    """``num × scale``, or None when the product overflows (a 305-digit number before 万亿)."""
    value = num * scale
    return value if math.isfinite(value) else None


def _parse_number(text: str) -> tuple[float, float] | None:
    if text[0].isdigit():
        plain = text.replace(",", "")
        decimals = len(plain.split(".")[1]) if "." in plain else 0
        return float(plain), 10.0**-decimals
    if "万" in text or "亿" in text or "点" in text:
        return cn_compound(text)
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
    rf"|(?P<dr1>{_Y})(?:s|年代){_DASH}(?P<dr2>{_Y})(?P<dr2s>s|年代)?"
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


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_EN_MONTH_YEAR = re.compile(
    r"(?<![A-Za-z])(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    rf"|Sep(?:t|tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?,?\s+(?:\d{{1,2}},?\s+)?(?P<y>{_Y})(?!\d)"
)


def find_years(text: str) -> list[Value]:
    """Dates as written: ``2012年``, ``2018 年 6 月``, ``2012.10``, ``1970s``, ``20世纪80年代``,
    ``Jun 2018``."""
    out: list[Value] = []
    end = 0
    for c in _YEAR_START.finditer(text):
        if c.start() < end:
            continue
        m = _YEAR_RE.match(text, c.start())
        if m and (v := _year_value(m, text)):
            out.append(v)
            end = m.end()
    for m in _EN_MONTH_YEAR.finditer(text):
        y, month = m.group("y"), _MONTHS.index(m.group("mon")[:3].lower()) + 1
        out = [v for v in out if not (v.start >= m.start() and v.end <= m.end())]
        out.append(Value("year", m.start(), m.end(), f"{y}-{month:02d}", int(y), 1,
                         qualifiers={"granularity": "month"}))  # fmt: skip
    return sorted(out, key=lambda v: v.start)


# --- percentages ---------------------------------------------------------

# look-behinds sit after the first digit, so the regex engine can skip ahead to digits
_PERCENT_RE = re.compile(r"(\d(?<![\d.]\d)\d*(?:\.\d+)?)\s*\\?[%％]")  # 3.6\% (LaTeX) too
_RANGE_LEFT = re.compile(r"\d%?\s*[-–~～]\s*$|\d%?\s*(?:至|到)\s*$")
_RANGE_RIGHT = re.compile(r"\s*[-–~～]\s*\d")


def find_percents(text: str) -> list[Value]:
    out = []
    for m in _PERCENT_RE.finditer(text):
        s, e = m.span()
        parsed = _number(m.group(1))
        if parsed is None:
            continue
        num, precision = parsed
        ranged = bool(_RANGE_LEFT.search(text, max(0, s - 6), s) or _RANGE_RIGHT.match(text, e))
        quals = {"precision": precision, **({"range_part": True} if ranged else {})}
        out.append(Value("percent", s, e, canonical_number(num), num, precision, unit="%", qualifiers=quals))
    return out


# --- counts --------------------------------------------------------------


_NOT_BEFORE = r"\d.,A-Za-z数几同每单这那某任"
_NB = rf"(?<![{_NOT_BEFORE}]\d)"
_CN_NUM = "零一二两三四五六七八九十百千"
_CN_DIG = "零一二两三四五六七八九"
_COUNT_RANGE_LEFT = re.compile(r"\d[万亿BMK]?\s*[-–~～至到]\s*$")
_COUNT_RANGE_RIGHT = re.compile(r"\s*[-–~～至到]\s*\d")
_EN_SCALE = r"[KMBT](?![A-Za-z])|(?:thousand|million|billion|trillion)\b"
#: what may stand between 个 and the noun it counts (80个对象类别, 908个场景类)
_GAP = r"(?:[^\d\s，。；,;：:、（）()|*]{0,4}?|\s?[A-Za-z]{2,12}\s?)"  # 24个 Decoder 层


@cache
def _count_re(cues: Cues) -> tuple[re.Pattern, dict[str, tuple[str, str]], re.Pattern]:
    unit_of = {w: (u.attribute, u.unit) for u in cues.count_units for w in u.words}
    units = alternation(list(unit_of))
    # 33亿（3B）token: the unit after a parenthesis that restates the number (for both numbers)
    restated = re.compile(rf"(?:\s*[（(][^（）()，。；]{{1,16}})?[）)]\s*(?P<unit>{units})")
    part = alternation(cues.part_layers)
    pattern = re.compile(
        # not after a digit, a letter or a determiner (数百层, 每层); checked after the first character
        # so the regex engine can skip ahead to numerals
        rf"(?P<num>(?:\d{_NB}\d{{0,2}}(?:,\d{{3}})+(?:\.\d+)?|\d{_NB}\d*(?:\.\d+)?"
        rf"|[{_CN_NUM}](?<![{_NOT_BEFORE}][{_CN_NUM}])[{_CN_NUM}]*(?:点[{_CN_DIG}]+)?(?:[万亿][{_CN_NUM}]+)*))"
        # a magnitude, an English scale or a unit must follow (checked here, not in Python: speed)
        rf"(?=\s?[万亿千多余]|\s?(?:{_EN_SCALE})|\+?\s*(?:{units})|\s*个)"
        r"(?:\s?(?P<approx1>多|余))?(?:\s?(?P<mag>万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千))?(?P<approx2>多|余)?"
        rf"(?:\s?(?P<en>{_EN_SCALE}))?"
        r"(?P<plus>\+)?\s*"
        rf"(?:(?P<gap>个{_GAP})(?={units}))?(?P<unit>{units})?(?P<part>{part})?"
    )
    return pattern, unit_of, restated


_MONEY = re.compile(r"\s*(?:美元|美金|元|人民币|英镑|欧元|dollars|USD|RMB)")


def _count(text: str, m: re.Match, unit_of: dict, parts: _Parts, restated: re.Pattern) -> Value | None:
    num_text, mag, en, unit_word = m.group("num"), m.group("mag"), m.group("en"), m.group("unit")
    if not unit_word and (r := restated.match(text, m.end())):
        inside = r.group().lstrip()[:1] in "）)"
        if not inside or text[max(0, m.start() - 1) : m.start()] in ("（", "("):
            unit_word = r.group("unit")
    if not (mag or en or unit_word):
        return None
    if not num_text[0].isdigit() and (num_text in ("十", "百", "千") and (mag or not unit_word)):
        return None  # 千亿, 百万: an order of magnitude, not a count
    if num_text in ("百", "千") and text[max(0, m.start() - 1) : m.start()] in ("上", "成", "数", "几", "近"):
        return None  # 成百上千个, 数千张: "thousands of", no figure
    if len(num_text) == 1 and not num_text.isdigit() and m.group("gap"):
        return None  # 一个可以用来…图像: an article, not a count
    parsed = _number(num_text)
    if parsed is None:
        return None
    num, precision = parsed
    scale = _match_scale(m)
    attribute, unit = unit_of[unit_word] if unit_word else (None, None)
    gap = m.group("gap") or ""
    whole = unit_word in parts.whole or (m.group("part") and parts.network.match(text, m.end()))
    if attribute == "layers" and not whole and (  # 152层网络连接示意图, 8层卷积神经网络
        m.group("part")
        or text[max(0, m.start() - 1) : m.start()] == "第"
        or parts.word.search(gap)
        or parts.of(text, m.start(), m.end())
    ):
        return None  # 5层卷积, 五个卷积层, 前5层, 3层普通的卷积 count parts; 第10层 is an ordinal
    if _MONEY.match(text, m.end()):
        return None  # 500万美元 is a price
    if num == 0 or "非" in gap:
        return None  # 0个参数 counts nothing; 一个非参数的 is non-parametric
    if _COUNT_RANGE_LEFT.search(text, max(0, m.start() - 4), m.start()) or _COUNT_RANGE_RIGHT.match(
        text, m.end()
    ):
        return None  # 7B至65B, 1至1.8万亿: a range, not a value
    end = max(m.end("num"), m.end("approx1"), m.end("mag"), m.end("en"), m.end("plus"))
    value = _scaled(num, scale)
    if value is None:
        return None
    quals: dict = {"precision": precision * scale}
    if m.group("plus"):
        quals["at_least"] = True
    if m.group("approx1") or m.group("approx2"):
        quals["approx"] = True
    if m.group("gap"):
        quals["unit_gap"] = True
    if not num_text[0].isdigit():
        quals["cn_numeral"] = True
    return Value("count", m.start(), end, canonical_number(value), value, precision * scale,
                 attribute=attribute, unit=unit, qualifiers=quals)  # fmt: skip


def _match_scale(m: re.Match) -> float:
    """The factor a count's magnitude (亿) and English scale (B) apply to its number."""
    mag, en = m.group("mag"), m.group("en")
    return (MAGNITUDES[mag] if mag else 1.0) * (MAGNITUDES[en.strip()] if en else 1.0)


#: ``11、13、16、`` before ``19层``: bare numbers listed before a count share its unit and magnitude
_LISTED_BEFORE = re.compile(r"(?:(?<![\d.,])\d+(?:\.\d+)?\s*[、/和或及]\s*)+$")
_LISTED_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _listed(text: str, m: re.Match, v: Value) -> list[Value] | None:
    """The list the count ``v`` closes (``有11、13、16、19层这几种模型``, ``50、101、152层``): each
    number a count of the same unit and magnitude, with its place in the list (``分别`` pairs them
    with the names listed before); [] when nothing is listed before ``v`` or ``v`` has no unit (a
    bare magnitude); None (drop ``v`` too) after an ordinal: ``第11、13层``."""
    if v.unit is None or not m.group("num")[0].isdigit():
        return []
    found = _LISTED_BEFORE.search(text, max(0, v.start - 48), v.start)
    if found is None:
        return []
    if text[max(0, found.start() - 1) : found.start()] == "第":
        return None
    scale = _match_scale(m)
    written = _LISTED_NUMBER.finditer(text, found.start(), found.end())
    numbers = [(n, value, parsed[1] * scale) for n in written
               if (parsed := _number(n.group())) and (value := _scaled(parsed[0], scale))]  # fmt: skip
    size = len(numbers) + 1
    out = [Value("count", n.start(), n.end(), canonical_number(value), value, precision,
                 attribute=v.attribute, unit=v.unit, qualifiers={**v.qualifiers, "precision": precision},
                 listed=(i, size))
           for i, (n, value, precision) in enumerate(numbers)]  # fmt: skip
    return [*out, replace(v, listed=(size - 1, size))] if out else []


def find_counts(text: str, cues: Cues) -> list[Value]:
    """Numbers with a magnitude (亿, B) or a counting unit (层, 参数, 类, 80个对象类别), and the bare
    numbers listed before one (``11、13、16、19层``)."""
    pattern, unit_of, restated = _count_re(cues)
    parts = _parts(cues)
    out = []
    for m in pattern.finditer(text):
        if (v := _count(text, m, unit_of, parts, restated)) and (listed := _listed(text, m, v)) is not None:
            out += listed or [v]
    return out


@dataclass(frozen=True)
class _Parts:
    """What makes a layer count one of a network's parts rather than its depth."""

    word: re.Pattern  # 卷积, 全连接 …
    near: re.Pattern  # the part named a few characters on: 3层普通的卷积, 5层由卷积层组成
    before: re.Pattern  # 前5层, 剩下的3层
    total: re.Pattern  # 总共22层, 一共包含8层: the whole, whatever follows
    whole: frozenset[str]  # 层网络: a unit that names the whole network
    network: re.Pattern  # 8层卷积神经网络: a part word that is the kind of the whole network

    def of(self, text: str, start: int, end: int) -> bool:
        head = text[max(0, start - 8) : start]
        if self.total.search(head):
            return False
        return bool(self.before.search(head) or self.near.match(text, end))


@cache
def _parts(cues: Cues) -> _Parts:
    part = alternation(cues.part_layers)
    return _Parts(
        word=re.compile(part),
        near=re.compile(rf"[^，。；,;：:\d层]{{0,6}}?(?:{part})"),
        before=re.compile(rf"(?:{alternation(cues.part_before)})\s*$"),
        total=re.compile(rf"(?:{alternation(cues.total_before)})(?:了|包含|包括|有)?\s*$"),
        whole=frozenset(cues.whole_network_units),
        network=re.compile(alternation(cues.network_kind_heads)),
    )


_LABELLED = re.compile(
    r"(?P<label>[A-Za-z][A-Za-z \-]{2,60}?|[\u4e00-\u9fff]{1,10})\s*[:：]\s*"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s?(?P<en>{_EN_SCALE}))?(?![\d.,%])"
)


#: what links a label to its number in a sentence (层数达到了48, 类别数为1000)
_LINKS = (
    r"(?:也|则|都|一共|总共|共)?\s*"
    r"(?:达到了|达到|高达|达|为|是|等于|增加到|增加至|增至|提升到|提升至|扩展到|扩展至)"
)


@cache
def _linked_re(cues: Cues) -> re.Pattern | None:
    words = [w for u in cues.count_units if u.attribute != "parameters" for w in u.label_words
             if not w.isascii()]  # fmt: skip
    if not words:
        return None
    return re.compile(
        rf"(?P<label>{alternation(words)})\s*{_LINKS}\s*(?P<num>\d+)(?![\d.,%]|\s?[万亿千百BMKk])"
    )


def find_linked_counts(text: str, cues: Cues) -> list[Value]:
    """``GPT-2 的 Decoder Block 层数达到了48``, ``类别数为1000``: a bare whole number a label names
    through a linking verb, counted in the label's unit (not parameters: a bare 110 after 参数量 is
    mostly a figure in millions whose unit was left out)."""
    pattern = _linked_re(cues)
    if pattern is None:
        return []
    unit_of = {w: (u.attribute, u.unit) for u in cues.count_units for w in u.label_words}
    out = []
    for m in pattern.finditer(text):
        attribute, unit = unit_of[m.group("label")]
        num = float(m.group("num"))
        if num == 0:
            continue
        quals = {"precision": 1.0, "labelled": True}
        out.append(Value("count", m.start("num"), m.end("num"), canonical_number(num), num, 1.0,
                         attribute=attribute, unit=unit, qualifiers=quals))  # fmt: skip
    return out


@cache
def _label_words(cues: Cues) -> tuple[tuple[re.Pattern, str, str], ...]:
    return tuple(
        (re.compile(alternation(list(words)), re.I), attribute, unit)
        for attribute, unit, words in ((u.attribute, u.unit, u.label_words) for u in cues.count_units)
        if words
    )


#: a colon a labelled count may follow, and what the count after it may span (the regex's lookaheads
#: read one character more)
_LABEL_COLON = re.compile(r"[:：](?=\s*\d)")
_LABELLED_TAIL = re.compile(r"[:：]\s*[\d.,]*\s?[A-Za-z]*")
_LABEL_REACH = 61  # the longest label (a Latin one)


def _labelled_matches(text: str) -> Iterator[re.Match]:
    """``_LABELLED.finditer(text)``, tried only before colons followed by a digit: a match holds one
    colon, after a label of at most 61 characters and whitespace, so it starts within reach of it
    (scanning the whole text with the pattern tries a label at every Latin or Chinese character)."""
    done = 0  # the end of the last match
    for colon in _LABEL_COLON.finditer(text):
        c = colon.start()
        label_end = c
        while label_end > done and text[label_end - 1].isspace():
            label_end -= 1
        tail = _LABELLED_TAIL.match(text, c).end()
        m = _LABELLED.search(text, max(done, label_end - _LABEL_REACH), min(len(text), tail + 1))
        if m is not None:
            yield m
            done = m.end()


def find_labelled_counts(text: str, cues: Cues) -> list[Value]:
    """``Total number of images: 14,197,122``, ``参数量：1750亿``: a count whose unit is its label."""
    out = []
    for m in _labelled_matches(text):
        label = m.group("label")
        hit = next(((w, a, u) for rx, a, u in _label_words(cues) if (w := rx.search(label))), None)
        if hit is None:
            continue
        word, found = hit[0], hit[1:]
        parsed = _number(m.group("num"))
        scale = MAGNITUDES[m.group("en")] if m.group("en") else 1.0
        value = _scaled(parsed[0], scale) if parsed else None
        if parsed is None or value is None:
            continue
        precision = parsed[1]
        end = m.end("en") if m.group("en") else m.end("num")
        out.append(
            Value("count", m.start("num"), end, canonical_number(value), value, precision * scale,
                  attribute=found[0], unit=found[1],
                  qualifiers={"precision": precision * scale, "labelled": True,
                              **_label_subset(label, word, cues)})
        )  # fmt: skip
    return out


@cache
def _subset_patterns(cues: Cues) -> tuple[re.Pattern, re.Pattern]:
    return (
        re.compile(rf"\s*(?:{alternation(cues.subset_after)})\s+\S.*", re.I),
        re.compile(rf"(?:{alternation(cues.subset_before)})\S+的\s*$"),
    )


def _label_subset(label: str, word: re.Match, cues: Cues) -> dict:
    """``Number of images with bounding box annotations``, ``带边框的图像数``: a label that restricts what
    it counts counts a part of the whole, not the whole (``{"subset": "with bounding box annotations"}``)."""
    after, before = _subset_patterns(cues)
    m = after.match(label, word.end()) or before.search(label, 0, word.start())
    return {"subset": m.group(0).strip()} if m else {}


_CELL_NUMBER = re.compile(
    rf"\s*(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<mag>万亿|亿|万|千)?\s*(?P<en>{_EN_SCALE})?\s*(?P<pct>%)?\s*$"
)


def cell_number(text: str, start: int, end: int, attribute: str, scale: float) -> Value | None:
    """The number of a table cell under a header that names its attribute: ``8.460`` under
    ``Params (M)`` is 8,460,000; ``0.707`` under ``Top1`` is 70.7 percent; ``175B`` is 1.75e11."""
    m = _CELL_NUMBER.match(text, start, end)
    if m is None or m.end() != end:
        return None
    parsed = _number(m.group("num"))
    if parsed is None:
        return None
    num, precision = parsed
    if num == 0 and attribute not in ("accuracy", "error_rate"):
        return None  # a pooling layer's 0 parameters: a count of nothing is no claim
    factor = scale
    if m.group("mag"):
        factor = MAGNITUDES[m.group("mag")]
    elif m.group("en"):
        factor = MAGNITUDES[m.group("en").strip()]
    if attribute in ("accuracy", "error_rate"):
        factor = 100.0 if num <= 1 and not m.group("pct") else 1.0
    value = _scaled(num, factor)
    if value is None:
        return None
    vs = m.start("num")
    ve = max(m.end("num"), m.end("mag"), m.end("en"), m.end("pct"))
    kind = "percent" if attribute in ("accuracy", "error_rate") else "count"
    unit = "%" if kind == "percent" else None
    return Value(kind, vs, ve, canonical_number(value), value, precision * factor, attribute=attribute,
                 unit=unit, qualifiers={"precision": precision * factor})  # fmt: skip
