"""Turn raw bytes into text, detecting which supported encoding they are in.

Supported: UTF-8 (with or without BOM), GB18030 (a superset of GBK and
GB2312) and Big5. Bytes that decode cleanly in both GB18030 and Big5 are
decided by which reading yields common Chinese characters, so a Big5 file is
not read as GBK mojibake (and the other way round).

Bytes that merely decode are not enough: GB18030 takes almost any byte pairs,
so Shift-JIS, EUC-KR and Latin-1 files decode as Chinese characters. The text
a reading gives must be plausible (:func:`implausible`), in every encoding:

* mostly Chinese or Latin letters, not Japanese kana, Korean Hangul or another
  script (EUC-JP Japanese *is* valid GB2312: its kana sit where GB2312 put them);
* read from GB18030 or Big5, its Chinese characters are common ones (Shift-JIS
  read as GB18030: 16% are), adjacent ones form words of jieba's dictionary
  (EUC-KR Hangul lands on GB2312's most common characters, but in pairs no
  word has: 4% against 45-68% in Chinese texts), and no rare character sits
  glued between Latin letters (``M黮ler``: Latin-1 ``Müller``).

UTF-16 and UTF-32 (with a byte-order mark, or ASCII-range text with NUL bytes
every other byte) are recognised and named, so they are not called binary.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

from charset_normalizer import from_bytes

UTF8_BOM = b"\xef\xbb\xbf"
#: characters read to judge a text (its start and its end): an encoding is wrong everywhere or nowhere
SAMPLE = 100_000
#: thresholds of :func:`implausible`, with the range seen on the seed, real and gold texts
MIN_COMMON = 0.7  # share of Chinese characters among the common ones (texts: 0.97-1.00)
MIN_WORD_PAIRS = 0.2  # share of adjacent Chinese characters that make a word (texts: 0.45-0.68)
MAX_FOREIGN = 0.2  # share of letters in kana, Hangul or another script (texts: 0.00)


class UndecodableError(ValueError):
    """The bytes are not text in any supported encoding."""


class ImplausibleTextError(UndecodableError):
    """The bytes decode, but not to Chinese or English text (a wrong encoding, another language)."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # utf-8, utf-8-sig, gb18030 or big5


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters mean this is not a text file."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(head) // 100)


@cache
def _common_chars() -> frozenset[str]:
    """Every Han character with a known reading, simplified and traditional.

    A mis-decoded file turns into private-use, Hangul, symbol and unreadable
    characters, which are not in this set (0.53 of CJK characters known, against
    0.98 for the right reading, on a seed text).
    """
    from pypinyin.constants import PINYIN_DICT

    return frozenset(chr(cp) for cp in PINYIN_DICT)


def _plausibility(text: str) -> float:
    """Share of CJK characters that are known Han characters (not private-use or rare)."""
    cjk = [c for c in text if ord(c) > 0x2E80]
    if not cjk:
        return 1.0
    known = _common_chars()
    return sum(c in known and ord(c) < 0xA000 for c in cjk) / len(cjk)


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data``; raises :class:`UndecodableError` with what was tried, or
    :class:`ImplausibleTextError` when the reading is not plausibly Chinese or English text."""
    decoded = _decode(data)
    reason = implausible(decoded.text, decoded.encoding)
    if reason is None:
        return decoded
    if decoded.encoding.startswith("utf-8"):
        raise ImplausibleTextError(f"read as {decoded.encoding}, {reason}")
    guess = likely_encoding(data)
    raise ImplausibleTextError(
        f"read as {decoded.encoding}, {reason}"
        + (f"; it reads as {guess}" if guess else "; a wrong encoding?")
        + ": save it as UTF-8"
    )


def _decode(data: bytes) -> Decoded:
    if data.startswith(UTF8_BOM):
        try:
            return Decoded(data[len(UTF8_BOM) :].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UndecodableError(f"starts with a UTF-8 BOM but is not UTF-8 ({exc.reason})") from exc
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    readings: list[Decoded] = []
    for enc in ("gb18030", "big5"):
        try:
            readings.append(Decoded(data.decode(enc), enc))
        except UnicodeDecodeError:
            continue
    if not readings:
        raise UndecodableError("not valid UTF-8, GB18030/GBK or Big5")
    if len(readings) == 1:
        return readings[0]
    scored = sorted(readings, key=lambda d: _plausibility(d.text), reverse=True)
    if _plausibility(scored[0].text) - _plausibility(scored[1].text) > 0.02:
        return scored[0]
    best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    guess = best.encoding.replace("_", "").lower() if best else "gb18030"
    return next((d for d in readings if d.encoding.replace("-", "") == guess), readings[0])


# --- plausibility -------------------------------------------------------------

#: Chinese characters: the unified block, its extensions (rare; where t2s puts some) and compatibility forms
_HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN = re.compile(f"[{_HAN_CHARS}]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9d]")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\uffa0-\uffdc]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a]")  # full-width ones too
#: letters neither here nor there: Greek in formulas, bopomofo in Taiwanese texts
_NEUTRAL = re.compile(r"[\u0370-\u03ff\u3100-\u312f\u31a0-\u31bf]")
#: fewer letters than this say nothing about a text's script
MIN_LETTERS = 20
_HAN_PAIR = re.compile(f"(?=([{_HAN_CHARS}]{{2}}))")
_GLUED = re.compile(f"(?<=[A-Za-z])[{_HAN_CHARS}](?=[A-Za-z])")


@cache
def _jieba_words() -> tuple[frozenset[str], frozenset[str]]:
    """(the Chinese characters making 99.5% of jieba's dictionary by frequency, every pair of
    adjacent characters in its words of frequency 3 or more): what Chinese text is made of."""
    freq: Counter[str] = Counter()
    pairs: set[str] = set()
    for line in resources.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8").splitlines():
        word, count, *_ = line.split(" ")
        n = int(count)
        for c in word:
            if "\u4e00" <= c <= "\u9fff":
                freq[c] += n
        if n >= 3:
            pairs.update(m.group(1) for m in _HAN_PAIR.finditer(word))
    total, acc, common = sum(freq.values()), 0, set()
    for c, n in freq.most_common():
        if acc > 0.995 * total:
            break
        common.add(c)
        acc += n
    return frozenset(common), frozenset(pairs)


@cache
def _to_simplified() -> dict[int, str]:
    """OpenCC's one-to-one traditional → simplified characters (the word sets are simplified)."""
    table: dict[int, str] = {}
    text = resources.files("opencc").joinpath("dictionary/TSCharacters.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        key, _, targets = line.partition("\t")
        simplified = targets.split(" ")[0]
        if len(key) == 1 and len(simplified) == 1:
            table[ord(key)] = simplified
    return table


def _sample(text: str) -> str:
    return text if len(text) <= SAMPLE else text[: SAMPLE // 2] + "\n" + text[-SAMPLE // 2 :]


def implausible(text: str, encoding: str) -> str | None:
    """Why ``text`` (decoded from ``encoding``) is not plausibly Chinese or English, or None."""
    sample = _sample(text)
    han = len(_HAN.findall(sample))
    kana, hangul, latin, neutral = (len(rx.findall(sample)) for rx in (_KANA, _HANGUL, _LATIN, _NEUTRAL))
    letters = sum(c.isalpha() for c in sample) - neutral
    if letters >= MIN_LETTERS:
        for n, what in ((kana, "Japanese kana"), (hangul, "Korean Hangul")):
            if n / letters > MAX_FOREIGN:
                return f"{n / letters:.0%} of its letters are {what}: Japanese or Korean, not Chinese"
        other = letters - han - kana - hangul - latin
        if other / letters > MAX_FOREIGN:
            return f"{other / letters:.0%} of its letters are of another script than Chinese or Latin"
    if encoding not in ("gb18030", "big5") or not han:
        return None
    simplified = sample.translate(_to_simplified())
    common, pairs = _jieba_words()
    hans = _HAN.findall(simplified)
    share = sum(c in common for c in hans) / len(hans)
    if len(hans) >= 20 and share < MIN_COMMON:
        return f"only {share:.0%} of its Chinese characters are common ones"
    adjacent = [m.group(1) for m in _HAN_PAIR.finditer(simplified)]
    words = sum(p in pairs for p in adjacent) / len(adjacent) if adjacent else 1.0
    if len(adjacent) >= 30 and words < MIN_WORD_PAIRS:
        return f"only {words:.0%} of its adjacent Chinese characters form words"
    glued = [sample[m.start()] for m in _GLUED.finditer(simplified) if m.group() not in common]
    if glued and len(glued) >= 0.1 * len(hans):  # (the translation keeps every offset)
        return f"rare Chinese characters inside Latin words ({''.join(glued[:5])})"
    return None


#: other encodings a file is often in, and the letters that show it is in them
_LIKELY = (("shift_jis", "Japanese in Shift-JIS", _KANA), ("euc_jp", "Japanese in EUC-JP", _KANA),
           ("euc_kr", "Korean in EUC-KR", _HANGUL), ("cp1252", "Latin-1 / Windows-1252", _LATIN))  # fmt: skip


def likely_encoding(data: bytes) -> str | None:
    """A guess at what unsupported encoding ``data`` is in, for the reason of a rejection."""
    head = data[:SAMPLE]
    for encoding, name, letters in _LIKELY:
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        alpha = sum(c.isalpha() for c in text)
        if alpha and len(letters.findall(text)) / alpha > 0.5:
            return name
    return None


_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian"),
    (b"\xff\xfe", "UTF-16 (little-endian"),
    (b"\xfe\xff", "UTF-16 (big-endian"),
)


def wide_unicode(data: bytes) -> str | None:
    """``UTF-16 (little-endian, byte-order mark)`` and the like when ``data`` is UTF-16 or UTF-32
    text, else None (UTF-16 holds NUL bytes, so it would otherwise look binary)."""
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            return f"{name}, byte-order mark)"
    head = data[:8192] if len(data) % 2 == 0 else b""
    for codec, name, nuls in (("utf-16-le", "UTF-16 (little-endian", head[1::2]),
                              ("utf-16-be", "UTF-16 (big-endian", head[0::2])):  # fmt: skip
        if not nuls or nuls.count(0) < 0.3 * len(nuls):
            continue
        try:
            text = head.decode(codec)
        except UnicodeDecodeError:
            continue
        printable = sum(c.isprintable() or c in "\t\r\n" for c in text)
        if printable > 0.95 * len(text) and not any(unicodedata.category(c) == "Cs" for c in text):
            return f"{name}, no byte-order mark)"
    return None
