"""Entities the catalog does not know, found from the cues writers use.

* ``heading``: the name slot of a dated headline (``2004.08 Brook:…``, ``1958:感知机…``);
* ``table_name``: the name column of a markdown table;
* ``bold``: a bold term heading a definition (``**涌现能力**：…``);
* ``latin_name``: model-like Latin names anywhere (ResNet-152, Mixtral 8x7B, GPT-4V,
  PaLM-540B): a digit, an inner capital or a size suffix marks them.

Discovered mentions get a lower confidence than catalog ones and a guessed
type (suffix cues in ``cues.yaml``; ``model`` otherwise). People are found
where they act (see :mod:`pipeline.extract.attribution`), not here.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import cache

from pipeline.catalog import Catalog
from pipeline.extract.cues import Cues, alternation
from pipeline.extract.layout import Layout
from pipeline.extract.recognize import caps_titles, catalog_index
from pipeline.extract.records import Mention, Spans
from pipeline.extract.shadow import ascii_lower

#: the longest name discovery proposes (the longest paper title of the real corpus has 81
#: characters); a longer span is a run-on heading or a hostile input, not a name
MAX_NAME = 200
CONFIDENCE = {
    "heading": 0.55, "table_name": 0.6, "bold": 0.4, "latin_name": 0.45, "gloss": 0.5, "org_label": 0.55,
    "title": 0.5, "org_possessive": 0.5,
}  # fmt: skip

_LATIN_NAME = re.compile(
    r"(?<![A-Za-z0-9_./\-])"
    r"(?P<base>[A-Z][a-z]+[A-Z][A-Za-z]*|[a-z]+[A-Z][A-Za-z]*|[A-Z][A-Za-z]*(?=[-\s]?\d)|[A-Z][A-Z]+[a-z][A-Za-z]*"
    r"|[A-Z][A-Z0-9]+(?=-(?:[A-Z]|(?:large|base|small|tiny|medium|xl|xxl)\b)))"  # BERT-Large, RoBERTa-base
    r"(?P<suffix>(?:[-\s]?(?:\d+(?:\.\d+)?(?:x\d+)?[BMK]?[a-z]?(?![\d.]))"
    r"|\s?_[A-Za-z0-9]+"  # Xception41_deeplab (and a stray space before the underscore)
    r"|-(?:[A-Z][A-Za-z0-9]*|(?:large|base|small|tiny|medium|xl|xxl)\b)|\s(?:Zero|Turbo|Pro|Ultra|Mini|Nano|Large|Base|XL|Sonnet|Opus|Haiku|Flash|Instruct|Vision|[A-Z]\d?)(?![A-Za-z]))*)"
)
_GLOSSED = re.compile(
    r"(?P<han>[\u4e00-\u9fff]{2,14})\s*[（(]\s*[A-Za-z][A-Za-z0-9\-]*(?:\s+[A-Za-z0-9\-]+){0,5}"
    r"(?:\s*[,，;；]\s*[A-Za-z0-9\-]+)?\s*[）)]"
)
_QUANTITY = re.compile(r"[\d.,]+\s*[KMGTBkmb]?[B]?")
_YEAR_SUFFIX = re.compile(r"\s(?:19|20)\d\d$")
_CJK_NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9\-+.]{2,10}$")


@cache
def _suffix_types(cues: Cues) -> tuple[tuple[str, str], ...]:
    return tuple((s, t) for t, words in cues.discovered_type_suffixes.items() for s in words)


def guess_type(name: str, cues: Cues) -> str:
    if any(name.startswith(p) for p in cues.hardware_prefixes):
        return "hardware"
    for suffix, kind in _suffix_types(cues):
        if name.endswith(suffix):
            return kind
    if re.fullmatch(r"[A-Z][A-Za-z]*(?:\s[a-zA-Z]+){2,}", name):
        return "paper"  # Attention Is All You Need
    return "model"


#: what may not stand before a Latin name (its look-behind): a name starts a run of these, at a letter
_LATIN_RUN = re.compile(r"[A-Za-z0-9_./\-]+")


def _latin_name_matches(text: str) -> Iterator[re.Match]:
    """``_LATIN_NAME.finditer(text)``, tried only where a run of Latin word characters starts with a
    letter (the look-behind fails everywhere else; scanning with the pattern tries every character)."""
    done = 0  # the end of the last match
    for run in _LATIN_RUN.finditer(text):
        s = run.start()
        if s >= done and text[s].isascii() and text[s].isalpha() and (m := _LATIN_NAME.match(text, s)):
            yield m
            done = m.end()


def _latin_names(text: str, cues: Cues) -> list[tuple[int, int]]:
    out = []
    stop = {w.lower() for w in cues.latin_stopwords}  # FLOPs, TFlops as FLOPS, TFLOPS
    for m in _latin_name_matches(text):
        s, e = m.span()
        while e > s and text[e - 1] in " -.":
            e -= 1
        if year := _YEAR_SUFFIX.search(text, s, e):  # the space before it may be a newline (BERT\n2018年)
            e = year.start()
        base = m.group("base")
        if base.lower() in stop or text[s:e].lower() in stop or e - s < 2:
            continue
        if base.isupper() and e == m.end("base"):
            continue
        out.append((s, e))
    return out


#: a title in title marks: 《计算机器与智能》, 《Attention is All You Need》 (a line break ends it)
_TITLE = re.compile(r"《([^《》\n]{2,80})》")
#: where a title names the venue a work appeared in: 在《X》上发表, 发表在《X》, 刊登于《X》
_VENUE_BEFORE = re.compile(r"(?:发表|刊登|刊载|收录|载)\s*(?:在|于)\s*$")
_VENUE_OPEN = re.compile(r"(?:在|于)\s*$")
_VENUE_CLOSE = re.compile(r"\s*(?:上|中|杂志|期刊)")


def _titles(text: str) -> list[tuple[int, int]]:
    """The titles Chinese writing marks (《…》): works, papers and books, named as their authors named
    them; the span is the title inside the marks. A venue (``在《Nature》上发表``) is no work."""
    out = []
    for m in _TITLE.finditer(text):
        before = text[max(0, m.start() - 6) : m.start()]
        framed = _VENUE_OPEN.search(before) and _VENUE_CLOSE.match(text, m.end())
        if not (framed or _VENUE_BEFORE.search(before)):
            out.append(m.span(1))
    return out


#: a bracket a gloss may open (a Latin letter follows), and how many Chinese characters its term has at most
_GLOSS_OPEN = re.compile(r"[（(](?=\s*[A-Za-z])")
_GLOSS_CLOSE = re.compile(r"[）)]")
_GLOSSED_TERM_MAX = 14


def _glossed_matches(text: str) -> Iterator[re.Match]:
    """``_GLOSSED.finditer(text)``, tried only before brackets a Latin word opens: a match holds one
    opening bracket, right after its term (and whitespace), and ends at the first closing one after
    it (scanning the whole text with the pattern tries a term at every Chinese character)."""
    closers = [m.start() for m in _GLOSS_CLOSE.finditer(text)]
    done = 0  # the end of the last match
    for opener in _GLOSS_OPEN.finditer(text):
        o = opener.start()
        k = bisect.bisect_right(closers, o)
        if k == len(closers):
            break  # nothing closes a bracket from here on
        term_end = o
        while term_end > done and text[term_end - 1].isspace():
            term_end -= 1
        m = _GLOSSED.search(text, max(done, term_end - _GLOSSED_TERM_MAX), closers[k] + 1)
        if m is not None:
            yield m
            done = m.end()


def _glossed_terms(text: str, cues: Cues) -> list[tuple[int, int]]:
    """``神经认知机（Neocognitron）``: a Chinese term with its English name in brackets, as one span
    (the resolver reads the gloss). The term starts after the last break word before it."""
    heads = tuple(cues.gloss_heads)
    breaks = re.compile(alternation(cues.gloss_breaks))
    out = []
    for m in _glossed_matches(text):
        s, e = m.span("han")
        if not text[s:e].endswith(heads):
            continue
        for b in breaks.finditer(text, s, e - 1):
            s = b.end()
        if e - s >= 2:
            out.append((s, m.end()))
    return out


def _usable_slot(text: str, s: int, e: int, cues: Cues) -> tuple[int, int] | None:
    """The name in a headline slot or name cell, if it looks like one."""
    while s < e and text[s] in "“\"《「'* ":
        s += 1
    while e > s and text[e - 1] in "”\"》」'* ":
        e -= 1
    name = text[s:e]
    paren = re.search(r"[（(]", name)
    if paren:
        e, name = s + paren.start(), name[: paren.start()].rstrip()
        e = s + len(name)
    if not name or (not _CJK_NAME.match(name.replace(" ", "")) and not _LATIN_NAME.fullmatch(name)):
        return None
    if _QUANTITY.fullmatch(name):
        return None  # 1 K, 10 M, 2.5B: a quantity in a name column, not a name
    if re.search(alternation(cues.headline_stopwords) + r"|[的与和及、]", name):
        return None
    if not re.search(r"[A-Za-z]", name) and not name.endswith(tuple(s for s, _ in _suffix_types(cues))):
        return None  # 推理增强, 多模态模型: a Chinese phrase names a thing only with a kind suffix (知识蒸馏)
    return s, e


#: a name's trailing cells in a table written with spaces: 18.0 30, 152 83.6, 97 (of 97%)
_TRAILING_CELLS = re.compile(r"(?:\s+\d+(?:\.\d+)?)+$")


def _without_cells(text: str, s: int, e: int) -> int:
    """``StyleGAN 18.0 30`` → ``StyleGAN``: numbers after a name that are cells, not a version (two or
    more, or one the text continues with %); ``Llama 2`` and ``PCIe 4.0`` keep theirs."""
    cells = _TRAILING_CELLS.search(text, s, e)
    if cells is None or cells.start() == s:
        return e
    numbers = cells.group().split()
    if len(numbers) > 1 or text[e : e + 1] == "%":
        return cells.start()
    return e


def _fragment(text: str, s: int, e: int, cues: Cues) -> bool:
    """Not a name but a piece of something else, by general tests:

    * it starts or ends inside a word (``MI300`` of MI300X, ``I3`` of I3D, ``L3`` of L3Cache);
    * it is a calendar word (``Jan``, ``May``, ``January 3``);
    * it is a short mixed- or lower-case token on a line with an equation (``xW1``, ``vTtanh``, ``W 1``);
    * it is code or markup: inside an inline code span (`` `AutoTokenizer` ``, ``:cite:`LeCun…` ``) or
      an image's alt text (``![FeatureMap](…)``);
    * it is the site a link's title ends with (``[… - LinkedIn](https://…)``);
    * it is a word of a title set in capitals (``CONSTRAINT-SATISFACTION-PROBLEMS``).
    """
    if (s and _word_char(text[s - 1])) or (e < len(text) and (_word_char(text[e]) or text[e] == "%")):
        return True
    line_start = text.rfind("\n", 0, s) + 1
    if text[line_start:s].count("`") % 2 or text[max(0, s - 2) : s] == "![":
        return True
    if _SITE_BEFORE.search(text, max(line_start, s - 3), s) and _LINK_TEXT_END.match(text, e):
        return True
    name = text[s:e]
    if name.split()[0].lower() in cues.calendar_words:
        return True
    line = text[line_start : text.find("\n", e) % (len(text) + 1)]
    if any(a <= s - line_start and e - line_start <= b for a, b in caps_titles(line)):
        return True
    compact = name.replace(" ", "")
    return "=" in line and len(compact) <= 6 and not compact.isupper()


_SITE_BEFORE = re.compile(r"\s[-|–]\s$")
_LINK_TEXT_END = re.compile(r"(?:\.[a-z]{2,6})?(?:\s+[A-Z][a-z]+)?\]\(")


def _word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _family_type(name: str, catalog: Catalog) -> str | None:
    """ILSVRC-2014, PaLM-540B: a catalog name plus a version is a thing of the same type."""
    head = re.split(r"[-\s]", name, maxsplit=1)[0]
    entries = catalog_index(catalog).names.get(ascii_lower(head), ())
    return entries[0][1].type if entries and head != name else None


def discover(layout: Layout, known: list[Mention], cues: Cues, catalog: Catalog) -> list[Mention]:
    """Mentions of uncatalogued entities (not overlapping ``known`` ones)."""
    text = layout.text
    taken = Spans(known)
    found: list[Mention] = []

    def add(s: int, e: int, detector: str) -> None:
        e = _without_cells(text, s, e)
        if s < e <= s + MAX_NAME and taken.free(s, e) and not _fragment(text, s, e, cues):
            name = re.split(r"\s*[（(]", text[s:e])[0]  # a glossed term's kind is in its Chinese head
            kind = "paper" if detector == "title" else _family_type(name, catalog) or guess_type(name, cues)
            found.append(Mention(s, e, kind, None, detector, CONFIDENCE[detector]))
            taken.add(s, e)

    bold_heads: dict[str, list[tuple[int, int]]] = {}
    for info in layout.blocks:
        b = info.block
        h = info.headline
        if h is not None and (h.date is not None or info.row is not None):
            slot = _usable_slot(text, *h.slot, cues)
            if slot and taken.free(*slot):
                add(*slot, "table_name" if info.row is not None else "heading")
        if info.is_code:
            continue
        if b.kind == "list_item" and (
            m := re.match(r"[^*]{0,6}\*\*([^*\n]{2,12})\*\*\s*[:：]", text[b.start : b.end])
        ):
            bold_heads.setdefault(m.group(1), []).append((b.start + m.start(1), b.start + m.end(1)))
    found_spans = {
        "title": _titles(text), "gloss": _glossed_terms(text, cues), "latin_name": _latin_names(text, cues),
    }  # fmt: skip
    for detector, spans in found_spans.items():
        for s, e in spans:
            i = layout.block_index(s)
            if i is not None and not layout.blocks[i].is_code and e <= layout.blocks[i].block.end:
                add(s, e, detector)
    for _name, spans in bold_heads.items():
        if len(spans) == 1 and _usable_slot(text, *spans[0], cues):
            add(*spans[0], "bold")
    for s, e in _org_labelled(layout, known):
        add(s, e, "org_label")
    for s, e in _org_possessed(text, known, cues):
        add(s, e, "org_possessive")
    return found


#: after ``微软-`` in a table cell: the name it labels, up to the next item of the cell
_LABELLED_NAME = re.compile(
    r"-\s*([^\s；;、,，|()（）\[\]*][^；;、,，|()（）\[\]*]{0,29}?)\s*(?=[；;、,，|]|$)"
)


def _org_labelled(layout: Layout, known: list[Mention]) -> list[tuple[int, int]]:
    """``2023.05 | 微软-Pi；讯飞-星火大模型``: in a table cell, the name a catalogued organisation
    labels with a hyphen is a work of its own, even when the catalog does not know it (``Pi``)."""
    text, out = layout.text, []
    for m in known:
        if m.type != "organization" or m.catalog_id is None or text[m.end : m.end + 1] != "-":
            continue
        i = layout.block_index(m.start)
        if i is None or layout.blocks[i].row is None:
            continue
        cell = next(((a, b) for a, b in layout.blocks[i].block.cells if a <= m.start and m.end <= b), None)
        if cell is not None and (n := _LABELLED_NAME.match(text, m.end, cell[1])):
            out.append(n.span(1))
    return out


#: after ``苹果的``: a name in Latin script, one to three capitalised words (Siri, Big Science)
_POSSESSED_NAME = re.compile(r"\s*的\s*([A-Z][A-Za-z0-9\-]*(?: [A-Z][A-Za-z0-9\-]*){0,2})(?![A-Za-z0-9])")


@cache
def _unit_noun(cues: Cues) -> re.Pattern:
    """A noun of a group of people or a unit (团队, 研究人员, 实验室) right after a name."""
    return re.compile(rf"\s*(?:{alternation(cues.generic_nouns)})")


def _org_possessed(text: str, known: list[Mention], cues: Cues) -> list[tuple[int, int]]:
    """``苹果的Siri、亚马逊的Alexa``: a Latin-script name a catalogued organisation possesses is a work
    of its own, even when neither the catalog nor the name's shape (one plain word) says so; one that
    heads a group of people or a unit (``斯坦福大学的NLP研究人员``) names a part of the organisation."""
    unit = _unit_noun(cues)
    return [
        n.span(1)
        for m in known
        if m.type == "organization" and m.catalog_id is not None
        and (n := _POSSESSED_NAME.match(text, m.end)) and not unit.match(text, n.end())
    ]  # fmt: skip


def repeat_mentions(text: str, discovered: list[Mention], known: list[Mention]) -> list[Mention]:
    """Later occurrences of names discovered from headings, tables and bold terms."""
    taken = Spans(known + discovered)
    out = []
    searched: set[str] = set()  # a name found again finds nothing the first search left free
    for d in discovered:
        if d.detector == "latin_name":
            continue
        name = text[d.start : d.end]
        if name in searched:
            continue
        searched.add(name)
        pos = text.find(name)
        while pos != -1:
            end = pos + len(name)
            if taken.free(pos, end):
                out.append(Mention(pos, end, d.type, None, d.detector, round(d.confidence - 0.1, 2)))
                taken.add(pos, end)
            pos = text.find(name, end)
    return out


_VERSION_AFTER = re.compile(
    r"(?:[ \-]?(?:v|V)?\d+(?:\.\d+)*(?:[A-Za-z](?![A-Za-z]))?"
    r"|[ \-](?:Turbo|Pro|Ultra|Mini|Nano|Max|Plus|Chat|Instruct|Sonnet|Opus|Haiku|Flash|Large|Base|Small"
    r"|Medium|XL)\b)+"
)


def version_variants(text: str, mentions: list[Mention], catalog: Catalog) -> list[Mention]:
    """``Llama 4``, ``Qwen2.5``, ``Gemini 1.5 Pro``: a catalogued model followed by a version the
    catalog does not list is a model of its own (a discovered variant), not the family."""
    names = catalog_index(catalog).names
    out = []
    for m in mentions:
        v = _VERSION_AFTER.match(text, m.end) if m.type == "model" and m.catalog_id else None
        if v is None or (v.end() < len(text) and (text[v.end()].isascii() and text[v.end()].isalnum())):
            out.append(m)
            continue
        end = _without_cells(text, m.start, v.end())  # StyleGAN 18.0 30秒, BERT 97%: cells, no version
        if end <= m.end or ascii_lower(text[m.start : end]) in names:
            out.append(m)
            continue
        out.append(Mention(m.start, end, "model", None, "catalog_variant", 0.6))
    return out


_GLOSS_AFTER = re.compile(
    r"\s*[（(]\s*[A-Za-z][A-Za-z0-9\-]*(?:\s+[A-Za-z0-9\-]+){0,5}(?:\s*[,，;；]\s*[A-Za-z0-9\-]+)?\s*[）)]"
)


def glossed_catalog_terms(text: str, mentions: list[Mention]) -> list[Mention]:
    """``神经认知机（Neocognitron）`` when the catalog knows the Chinese term: one span, as for an
    unknown glossed term, keeping the entry (the English name inside is the same thing)."""
    out: list[Mention] = []
    skip_until = -1
    for m in mentions:
        if m.start < skip_until:
            continue
        g = _GLOSS_AFTER.match(text, m.end) if m.type not in ("person", "organization") else None
        if g is not None and "\u4e00" <= text[m.start] <= "\u9fff":
            out.append(Mention(m.start, g.end(), m.type, m.catalog_id, "gloss", m.confidence))
            skip_until = g.end()
            continue
        out.append(m)
    return out


def words_inside_glossed_terms(text: str, mentions: list[Mention], cues: Cues) -> list[Mention]:
    """``语境蒸馏学习（context distillation learning）``: a catalogued word inside a glossed term
    (蒸馏) is part of the term's name, not a mention of its own; the term is discovered whole."""
    spans = _glossed_terms(text, cues)
    if not spans:
        return mentions
    starts = [s for s, _ in spans]

    def inside_term(m: Mention) -> bool:
        i = bisect.bisect_right(starts, m.start) - 1
        if i < 0:
            return False
        s, e = spans[i]
        head_end = text.find("（", s, e) if "（" in text[s:e] else text.find("(", s, e)
        return m.end <= e and not (m.start == s and m.end >= head_end)

    return [m for m in mentions if not inside_term(m)]
