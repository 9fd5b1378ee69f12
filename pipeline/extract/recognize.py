"""Catalog names found in a text, with exact offsets.

Matching is on characters, not tokens: jieba glues and splits names
(``OpenAIJeff``, ``GPT`` ``-`` ``3``), so a token-level phrase matcher would
miss them. A character trie over every catalog name and alias (lower-cased
ASCII) finds the longest name at each position; boundary rules keep ``GPT``
out of ``ChatGPT`` while letting ``OpenAI`` end where ``Jeff`` begins.

The trie is walked only where a name can start: positions whose next two,
three or four characters are a whole name or begin one, found for the whole
text at once with numpy (a regex alternation over thousands of names tries each
first character in turn at every position, and cost as much as the rest of
recognition).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from pipeline.catalog import Catalog, CatalogEntry
from pipeline.extract.records import Mention
from pipeline.extract.shadow import ascii_lower

#: short all-capital names (BN, CNN, GPT) must match with their case
_CASE_SENSITIVE_MAX = 4
#: names at least this long match whatever case their syllables are written in, as words of their own
_CAMEL_CASE_MIN = 6


#: a name may start where the next 2, 3 or 4 characters are a name or a name's beginning
#: (the catalog's names are two characters or longer; a shorter one gets a table of its own)
_WIDTHS = (1, 2, 3, 4)
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xBF58476D1CE4E5B9)  # spreads the last character's bits into the high ones
#: windows are hashed into a bit table per width: a collision only adds a start to try
_TABLE_BITS = 20
_SHIFT = np.uint64(64 - _TABLE_BITS)


def _char_codes(text: str) -> np.ndarray:
    """The code point of every character of ``text`` (lone surrogates included)."""
    raw = text.encode("utf-32-le", errors="surrogatepass")
    return np.frombuffer(raw, dtype=np.uint32).astype(np.uint64)


def _lowered(codes: np.ndarray) -> tuple[np.ndarray, str]:
    """:func:`~pipeline.extract.shadow.ascii_lower` on code points: the codes and the string."""
    codes = codes + np.uint64(32) * ((codes >= 65) & (codes <= 90))
    return codes, codes.astype(np.uint32).tobytes().decode("utf-32-le", errors="surrogatepass")


def _window_slots(codes: np.ndarray, widths: Iterable[int]) -> dict[int, np.ndarray]:
    """For each of ``widths``, the table slot of the window that wide at each position."""
    wanted = set(widths)
    out: dict[int, np.ndarray] = {}
    h = codes
    for width in range(1, max(wanted, default=0) + 1):
        n = len(codes) - width + 1
        if n <= 0:
            break
        if width > 1:
            h = h[:n] * _MULTIPLIER + codes[width - 1 : width - 1 + n]  # wraps: a hash
        if width in wanted:
            out[width] = ((h * _MIX) >> _SHIFT).astype(np.intp)
    return out


@dataclass(frozen=True)
class CatalogIndex:
    names: dict[str, tuple[tuple[str, CatalogEntry], ...]]  # lowered name -> (name as written, entry)
    # every beginning of a name -> whether it is a whole name: a trie as one flat dict of strings,
    # which the cyclic garbage collector does not track (nested dicts it would re-scan in every run)
    prefixes: dict[str, bool]
    shortest: int  # the length of the shortest name (shorter beginnings are never whole names)
    tables: dict[int, np.ndarray]  # width -> bit table of the names (or their beginnings) that wide

    @classmethod
    def of(cls, names: dict[str, tuple[tuple[str, CatalogEntry], ...]]) -> CatalogIndex:
        prefixes: dict[str, bool] = {}
        for name in names:
            for k in range(1, len(name)):
                prefixes.setdefault(name[:k], False)
            prefixes[name] = True
        beginnings: dict[int, list[str]] = {}
        for name in names:
            width = min(len(name), max(_WIDTHS))
            beginnings.setdefault(width, []).append(name[:width])
        tables: dict[int, np.ndarray] = {}
        for width, words in beginnings.items():
            # the words glued, each window of the width at a word's start: what starts() hashes
            slots = _window_slots(_char_codes("".join(words)), (width,))[width][::width]
            tables[width] = np.zeros(1 << _TABLE_BITS, dtype=bool)
            tables[width][slots] = True
        return cls(names, prefixes, min(map(len, names), default=1), tables)

    def starts(self, codes: np.ndarray) -> list[int]:
        """Every position where a name may start (a superset of where one does), in order:
        ``codes`` are the lowered text's code points."""
        may = np.zeros(len(codes), dtype=bool)
        for width, slots in _window_slots(codes, self.tables).items():
            may[: len(slots)] |= self.tables[width][slots]
        return np.flatnonzero(may).tolist()


_INDEXES: dict[str, CatalogIndex] = {}


def catalog_index(catalog: Catalog) -> CatalogIndex:
    """The matcher of ``catalog``, built once per catalog version (hashing a catalog is not cheap)."""
    if catalog.version not in _INDEXES:
        _INDEXES[catalog.version] = _build_index(catalog)
    return _INDEXES[catalog.version]


_SEPARATOR = re.compile(r"(?<=[A-Za-z0-9])[-\s]+(?=[A-Za-z0-9])")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
#: where Chinese meets a Latin word or a number: writers put a space there or not (上海 AI Lab)
_SCRIPT_EDGE = re.compile(r"(?<=[\u4e00-\u9fff])\s*(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])\s*(?=[\u4e00-\u9fff])")


def spelling_variants(name: str) -> set[str]:
    """Ways writers space a Latin name: ``GPT-3`` as ``GPT 3``/``GPT3``, ``ChatGPT`` as ``Chat GPT``.

    A version number may be spaced, hyphenated or glued; a compound may be split
    into its capitalised parts; diacritics may be left out (``Jurgen``); Chinese
    and Latin may be spaced apart or not (``上海 AI Lab``, ``百川2``/``百川 2``). Every
    variant names the same entry.
    """
    out = set()
    plain = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    edges = {_SCRIPT_EDGE.sub(" ", name), _SCRIPT_EDGE.sub("", name)}
    for base in {name, plain, _CAMEL.sub(" ", name), *edges}:
        out.add(base)
        out.add(_SEPARATOR.sub(" ", base))
        out.add(_SEPARATOR.sub(lambda m: "-", base))

        def glue(m: re.Match) -> str:
            around = m.string[m.start() - 1] + m.string[m.end()]
            return "" if any(c.isdigit() for c in around) else m.group()

        out.add(_SEPARATOR.sub(glue, base))
    return out - {name}


#: a person's two-character Chinese name that is also this common a word (jieba's count) reads as the word
COMMON_WORD_FREQ = 500
_HAN2 = re.compile(r"[\u4e00-\u9fff]{2}")


def _common_word(name: str, entry: CatalogEntry) -> bool:
    """``任意`` (arbitrary) as someone's Chinese name: in running text it is the word."""
    if entry.type != "person" or not _HAN2.fullmatch(name):
        return False
    import jieba

    jieba.dt.check_initialized()  # the dictionary, whoever builds the index first
    return jieba.dt.FREQ.get(name, 0) >= COMMON_WORD_FREQ


def _build_index(catalog: Catalog) -> CatalogIndex:
    names: dict[str, list[tuple[str, CatalogEntry]]] = {}
    for entry in catalog.entries:
        for name in entry.names:
            if len(name) >= 2 and not _common_word(name, entry):
                names.setdefault(ascii_lower(name), []).append((name, entry))
    written = set(names)
    for entry in catalog.entries:
        for name in entry.names:
            for variant in (
                spelling_variants(name) if len(name) >= 2 and not _common_word(name, entry) else ()
            ):
                if ascii_lower(variant) not in written:  # a written name always wins over a variant
                    names.setdefault(ascii_lower(variant), []).append((variant, entry))
    for key, found in list(names.items()):
        if len({e.id for _, e in found}) > 1:  # one spelling, several entries: its owner, or nobody
            owners = [(w, e) for w, e in found if ascii_lower(e.name) == key]
            if owners:
                names[key] = owners
            else:
                del names[key]
    return CatalogIndex.of({k: tuple(v) for k, v in names.items()})


def _is_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def boundary_ok(text: str, start: int, end: int, glued: bool = False) -> bool:
    """A Latin name must not continue a Latin word (ChatGPT) or be continued by one (GPT-4o), nor
    be a piece of an identifier joined by underscores.

    Scraped text glues names (``OpenAIJeff Dean``, ``Google BrainNoam``): a
    Capitalised word may follow a name directly, and ``glued`` says the name
    starts right where another one ended.
    """
    name = text[start:end]
    underscored = text.startswith("_", end) and _is_word(text[end + 1 : end + 2])
    if underscored or (start > 0 and text[start - 1] == "_"):
        return False  # Xception41_deeplab, resnet_v1: a piece of an identifier
    if _is_word(name[0]) and start > 0 and not glued:
        before = text[start - 1]
        if (before.islower() and before.isascii()) or before.isdigit():
            return False
        # an uppercase letter before: only a Capitalised word may start here (OpenAIJeff)
        if before.isupper() and before.isascii() and not (len(name) > 1 and name[1].islower()):
            return False
    if _is_word(name[-1]) and end < len(text):
        after = text[end]
        if (after.isascii() and after.islower()) or after.isdigit():
            return False
        capitalised_next = end + 1 < len(text) and text[end + 1].isascii() and text[end + 1].islower()
        if after.isascii() and after.isupper() and not capitalised_next:
            return False
        if after in ".-" and end + 1 < len(text) and _is_word(text[end + 1]):
            return False
    return True


#: three or more upper-case Latin words with a function word among them: a title set in capitals
#: (``LEARNING WHILE SEARCHING IN …``), not names side by side (``NVIDIA GTX580 GPU``)
_CAPS_WORD = r"[A-Z][A-Z\-]*[A-Z]"
_CAPS_RUN = re.compile(
    rf"\b{_CAPS_WORD}(?: {_CAPS_WORD})*? (?:A|AN|THE|OF|IN|ON|FOR|AND|WITH|TO|BY|FROM|VIA|WHILE|USING)"
    rf"(?: {_CAPS_WORD})+\b"
)


def caps_titles(text: str) -> list[tuple[int, int]]:
    """Spans of titles set in capitals: ``IN`` in ``LEARNING WHILE SEARCHING IN
    CONSTRAINT-SATISFACTION-PROBLEMS`` is a word of a paper's title, not Instance Normalization."""
    return [m.span() for m in _CAPS_RUN.finditer(text) if m.end() - m.start() >= 15]  # not BN AND IN


def _org_label(text: str, end: int, index: CatalogIndex, key: str) -> bool:
    """``OpenAI-ChatGPT``, ``Meta-LLaMA``, ``微软-Pi``: an organisation labelling a name with a hyphen."""
    nxt = text[end + 1 : end + 2]
    return (
        text[end : end + 1] == "-"
        and bool(nxt)
        and (nxt.isupper() or "\u4e00" <= nxt <= "\u9fff")
        and all(entry.type == "organization" for _, entry in index.names[key])
    )


def _entry_for(
    text: str, start: int, end: int, index: CatalogIndex, key: str | None = None
) -> CatalogEntry | None:
    """The entry the name at ``[start, end)`` names (``key``: the name lowered, if known)."""
    surface = text[start:end]
    candidates = index.names.get(ascii_lower(surface) if key is None else key, ())
    for written, entry in candidates:
        short_caps = len(written) <= _CASE_SENSITIVE_MAX and written.isascii() and written.isupper()
        whole = _whole_word(text, start, end)
        if (not short_caps or written == surface) and _case_fits(surface, written, whole):
            return entry
    return None


def _whole_word(text: str, start: int, end: int) -> bool:
    """No Latin letter right before or after the name: it is a word of its own."""
    return not any(0 <= i < len(text) and text[i].isascii() and text[i].isalpha() for i in (start - 1, end))


def _case_fits(surface: str, written: str, whole: bool = False) -> bool:
    """Writers change a name's case as a whole (``imagenet``, ``IMAGENET``, ``Imagenet``), not inside
    a word: ``GoogLe`` in ``GoogLeNet-v4`` is not Google. A long name written as a word of its own
    may capitalise its syllables (``BaiChuan`` for Baichuan)."""
    if surface == written or surface.islower() or surface.isupper():
        return True
    if whole and len(written) >= _CAMEL_CASE_MIN:
        return True
    return not any(
        s.isupper() and w.islower() and i > 0 and surface[i - 1].isalpha()
        for i, (s, w) in enumerate(zip(surface, written, strict=False))
    )


_LABEL_SEP = re.compile(r"[-\s·]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _split_org_label(text: str, lowered: str, found: Mention, index: CatalogIndex) -> list[Mention]:
    """``OpenAI-ChatGPT``, ``Google Bard``, ``百度文心一言``: an alias that is an organisation's name
    before another name of the same work is two mentions, the organisation and the work, so the
    credit is read too (Chinese writes the maker's name glued to the product's: 华为盘古)."""
    if found.type == "organization":
        return [found]
    for cut in range(found.start + 2, found.end - 1):
        sep = _LABEL_SEP.match(text, cut, found.end)
        if not sep and not (_HAN.match(text[cut - 1]) and _HAN.match(text[cut])):
            continue
        rest_start = sep.end() if sep else cut
        org = index.names.get(lowered[found.start : cut], ())
        rest = index.names.get(lowered[rest_start : found.end], ())
        if (
            org and all(e.type == "organization" for _, e in org)
            and (not sep or any(e.id == found.catalog_id for _, e in rest))  # glued (华为盘古): any rest
            and (entry := _entry_for(text, found.start, cut, index)) is not None
        ):  # fmt: skip
            conf = found.confidence
            work = Mention(rest_start, found.end, found.type, found.catalog_id, found.detector, conf)
            return [Mention(found.start, cut, entry.type, entry.id, "catalog", conf), work]
    return [found]


def find_catalog_mentions(text: str, catalog: Catalog) -> list[Mention]:
    """Non-overlapping catalog mentions, leftmost-longest, in text order."""
    index = catalog_index(catalog)
    codes, lowered = _lowered(_char_codes(text))
    titles = caps_titles(text)
    out: list[Mention] = []
    pos = 0
    for start in index.starts(codes):
        if start < pos:
            continue
        prefixes, longest = index.prefixes, -1  # the longest name starting here
        for j in range(start + index.shortest, len(lowered) + 1):
            whole = prefixes.get(lowered[start:j])
            if whole is None:
                break
            if whole:
                longest = j
        if longest < 0:
            continue
        found = None
        # the longest name at this position that passes the boundary and case checks
        for end in range(longest, start, -1):
            glued = bool(out) and out[-1].end == start
            key = lowered[start:end]
            if key in index.names and not any(a <= start and end <= b for a, b in titles) and (
                boundary_ok(text, start, end, glued) or _org_label(text, end, index, key)
            ):
                entry = _entry_for(text, start, end, index, key)
                if entry is not None:
                    found = Mention(start, end, entry.type, entry.id, "catalog", 0.95)
                    break
        if found:
            out.extend(_split_org_label(text, lowered, found, index))
            pos = found.end
    return out
