"""Where a value sits: block, sentence, clause, and the topics a reader carries.

A reader of ``**2012年：AlexNet**——…将错误率从26%降至15.3%`` knows the bullet is
about AlexNet; of a table row, that its cells are about the name column; of a
section under ``1.2.1 2012.10 AlexNet:…``, that it is about AlexNet until the
next heading of the same rank. :class:`Layout` records exactly that context:
each block's own headline (a date and a name slot), its list parent and the
headings whose section it is in, and nothing further.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from pipeline.extract.cues import Cues
from pipeline.extract.records import Mention
from pipeline.extract.values import Value
from pipeline.ingest import Block, parse_blocks

# a section number has at most nine parts: bounded, so no line (``1.1.1.…`` for 40,000 characters)
# makes the engine rescan the rest of the line from every dot
_PREFIX = re.compile(
    r"(?:#{1,6}\s*|\d{1,3}(?:\.\d{1,3}){1,8}\.?\s+|\d{1,3}[.)、]\s*|[-*+•·●▪]\s+|\(\d+\)\s*|（\d+）\s*"
    r"|[一二三四五六七八九十百]+[、.．]\s*|(?:Part|PART)\s*\d+\s*[:：]\s*|\*\*|\s)*"
)
_AFTER_DATE = re.compile(r"\s*\**\s*(?:[:：]|[-—–]+|\s)\s*\**\s*")
_SLOT_END = re.compile(r"[:：—(（,，|。；;]|\*\*|\s-\s|$", re.M)
_PAREN_DATE = re.compile(r"[（(]\s*$")
_BOLD_LINE = re.compile(r"^\*\*[^*]+\*\*[:：]?$")
TOPIC_FREE_TYPES = ("person", "organization")  # they act; they are not what a section is about
#: the longest sentence (and table row) read as one: every rule's work per sentence grows faster
#: than its length, so a longer run without sentence punctuation (a 2 MB line) is read in pieces
#: of at most this many characters. The longest sentence of the seed and real texts has 1,024.
MAX_SENTENCE = 2000
#: where a piece of an over-long sentence ends, best first: a Latin full stop, a clause mark, a space
_CUTS = (re.compile(r"[.!?](?=\s)"), re.compile(r"[，、,;；:：]"), re.compile(r"\s"))


@dataclass
class Headline:
    slot: tuple[int, int]  # where the name is written
    date: Value | None
    topic: Mention | None = None


@dataclass(frozen=True)
class NumberColumn:
    """A table column of numbers: the attribute its header names, the scale and metric it says."""

    attribute: str
    scale: float = 1.0
    metric: str | None = None


@dataclass
class Row:
    name: tuple[int, int] | None
    names: tuple[tuple[int, int], ...]  # every cell of a name column: the name's, and its siblings'
    year: tuple[int, int] | None
    creators: tuple[tuple[int, int], ...]
    numbers: tuple[tuple[tuple[int, int], NumberColumn], ...] = ()  # (cell, its column)
    plain: tuple[tuple[int, int], ...] = ()  # cells of columns that hold no attribute (hidden_size, FLOPs)


@dataclass
class BlockInfo:
    block: Block
    headline: Headline | None = None
    row: Row | None = None
    parent: int | None = None  # list item this one is nested under
    sections: tuple[int, ...] = ()  # heading blocks in scope, nearest first
    is_bold: bool = False  # a bold line heading the paragraphs below it (**1987年 - 反向传播**)
    is_code: bool = False


@dataclass
class Layout:
    text: str  # the simplified shadow
    blocks: list[BlockInfo]
    starts: list[int]
    sentence_starts: list[int] = field(default_factory=list)

    def block_index(self, pos: int) -> int | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i if i >= 0 and pos <= self.blocks[i].block.end else None

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around ``[start, end)``, clipped to its block (a table row is one sentence)."""
        i = self.block_index(start)
        if i is None:
            return start, end
        b = self.blocks[i].block
        if _is_table(b):
            return b.start, b.end
        k = bisect.bisect_right(self.sentence_starts, start) - 1
        s = max(b.start, self.sentence_starts[k] if k >= 0 else b.start)
        e = self.sentence_starts[k + 1] if k + 1 < len(self.sentence_starts) else b.end
        s, e = max(s, b.start), min(max(e, end), b.end)
        while s < e and self.text[s] in " \t*-•·●>#":
            s += 1
        return s, e

    def topics(self, pos: int) -> list[tuple[str, Mention]]:
        """(scope, topic) a reader carries at ``pos``: own block, list parent, sections; nearest first."""
        i = self.block_index(pos)
        if i is None:
            return []
        info = self.blocks[i]
        out: list[tuple[str, Mention]] = []
        if info.headline and info.headline.topic:
            out.append(("block", info.headline.topic))
        parent = info.parent
        while parent is not None:
            h = self.blocks[parent].headline
            if h and h.topic:
                out.append(("parent", h.topic))
                break
            parent = self.blocks[parent].parent
        for s in info.sections:
            h = self.blocks[s].headline
            if s != i and h and h.topic:
                out.append(("parent" if self.blocks[s].is_bold else "section", h.topic))
                break
        return out


def _clause_re(cues: Cues) -> re.Pattern:
    r"""A clause ends at its punctuation, or at a comma outside Latin text: ``[p]|(?<![A-Za-z0-9\s]),|
    ,(?!\s*[A-Za-z])`` written to start with one character class, so the regex engine skips to the
    candidates instead of trying three branches at every character."""
    punct = re.escape(cues.clause_punct + "。！？!?\n")
    return re.compile(rf"[{punct},](?:(?<=[{punct}])|(?<![A-Za-z0-9\s],)|(?<=,)(?!\s*[A-Za-z]))")


class Clauses:
    """Clause boundaries of the shadow text, found once per document."""

    def __init__(self, text: str, cues: Cues) -> None:
        self.bounds = [m.start() for m in _clause_re(cues).finditer(text)]

    def span(self, pos: int, lo: int, hi: int) -> tuple[int, int]:
        """The clause around ``pos`` within ``[lo, hi)``."""
        k = bisect.bisect_right(self.bounds, pos - 1) - 1
        s = self.bounds[k] + 1 if k >= 0 else lo
        e = self.bounds[k + 1] if k + 1 < len(self.bounds) else hi
        return max(s, lo), min(e, hi)


def _column_roles(cells: list[str], cues: Cues) -> dict[str, int]:
    roles: dict[str, int] = {}
    for role in ("year", "creator", "name"):
        words = [w.lower() for w in cues.columns[role]]
        for i, cell in enumerate(cells):
            c = cell.strip("* ").lower()
            if (
                i not in roles.values()
                and role not in roles
                and (c in words or any(w in c for w in words if len(w) > 1))
            ):
                roles[role] = i
    if "name" not in roles:
        free = [i for i in range(len(cells)) if i not in roles.values()]
        if free:
            roles["name"] = free[0]
    return roles


def sibling_name_columns(cells: list[str], roles: dict[str, int], cues: Cues) -> set[int]:
    """Columns that hold names as the name column does: headers that split one kind of thing in
    two, ending alike in the name column's last word or in a word for names (``开源 LLM | 闭源 LLM``,
    ``开源模型 | 闭源模型``); ``模型 | 模型类型`` does not.

    For headers ``["时间", "开源 LLM", "闭源 LLM"]`` with roles ``{"year": 0, "name": 1}``: ``{2}``.
    """
    if "name" not in roles:
        return set()
    words = [w.lower() for w in cues.columns["name"] if len(w) > 1]

    def tokens(cell: str) -> list[str]:
        return re.findall(r"[a-z]+|[\u4e00-\u9fff]+", cell.strip("* ").lower())

    own = tokens(cells[roles["name"]])
    out = set()
    for i, cell in enumerate(cells):
        other = tokens(cell)
        if i in roles.values() or not own or not other or other == own:
            continue
        if (own[-1] == other[-1] and len(own) > 1 and len(other) > 1) or any(
            own[-1].endswith(w) and other[-1].endswith(w) and own[-1] != w for w in words
        ):
            out.add(i)
    return out


_TOP_K = re.compile(r"(?i)top[-\s]?([15])")


def number_columns(cells: list[str], cues: Cues, taken: set[int]) -> dict[int, NumberColumn]:
    """Columns whose header names an attribute of the vocabulary (``Params (M)``, ``Top1``, ``参数量``)."""
    out: dict[int, NumberColumn] = {}
    scales = {k.lower(): float(v) for k, v in cues.column_scales.items()}
    for i, cell in enumerate(cells):
        if i in taken:
            continue
        header = re.sub(r"[*`]", "", cell).strip().lower().replace("（", "(").replace("）", ")")
        for attribute, words in cues.number_columns.items():
            if any(w.lower() in header for w in words):
                scale = next((v for k, v in scales.items() if k in header.replace(" ", "")), 1.0)
                top = _TOP_K.search(header)
                out[i] = NumberColumn(attribute, scale, f"top-{top.group(1)}" if top else None)
                break
    return out


def _headline(text: str, b: Block, kind: str, years: dict[int, Value], starts: list[int]) -> Headline | None:
    """Date and name slot of a heading-like line (``1.2.1 2012.10 AlexNet:…``, ``**2012年：AlexNet**——``)."""
    p = _PREFIX.match(text, b.start, b.end).end()
    if p >= b.end:
        return None
    date = years.get(p)
    if date is not None:
        sep = _AFTER_DATE.match(text, date.end, b.end)
        if sep is None or sep.end() == date.end:
            return None  # 2010年代初期: the date qualifies a phrase, it does not head a name
        start = sep.end()
    else:
        start = p
        if kind not in ("heading", "bold", "list_item"):
            return None
    end = _SLOT_END.search(text, start, b.end)
    slot_end = end.start() if end else b.end
    if date is None:  # a trailing (1958) dates the name at the start of a heading
        for k in range(bisect.bisect_left(starts, b.start), bisect.bisect_left(starts, b.end)):
            if _PAREN_DATE.search(text, b.start, starts[k]):
                date = years[starts[k]]
                break
        if date is None and kind == "list_item" and not re.match(r"[:：]", text[slot_end : slot_end + 1]):
            return None  # a list item without a date names a topic only as a label (ResNet：…)
    return Headline((start, slot_end), date) if slot_end > start else None


def parse_layout(text: str, cues: Cues, years: list[Value], sentence_starts: list[int]) -> Layout:
    """Blocks with headlines, table roles, list parents and sections (topics are set later)."""
    by_start = {v.start: v for v in years}
    year_starts = sorted(by_start)
    code = re.compile(cues.code_line)
    infos: list[BlockInfo] = []
    heading_stack: list[tuple[int, int]] = []  # (level, block index)
    list_stack: list[tuple[int, int]] = []
    roles: dict[str, int] = {}
    siblings: set[int] = set()
    named: set[int] = set()
    numeric: dict[int, NumberColumn] = {}
    for i, b in enumerate(parse_blocks(text)):
        line = text[b.start : b.end]
        info = BlockInfo(block=b, is_code=bool(code.search(line)))
        kind = b.kind if b.kind not in ("table_row", "table_header") or _is_table(b) else "paragraph"
        if kind in ("paragraph", "list_item") and _BOLD_LINE.match(line):  # ingest reads "**" as a bullet
            kind = "bold"
        if kind in ("heading", "bold"):
            level = b.level if kind == "heading" else 99
            while heading_stack and heading_stack[-1][0] >= level:
                heading_stack.pop()
            heading_stack.append((level, i))
            list_stack.clear()
            info.is_bold = kind == "bold"
        if kind == "list_item":
            while list_stack and list_stack[-1][0] >= b.level:
                list_stack.pop()
            info.parent = list_stack[-1][1] if list_stack else None
            list_stack.append((b.level, i))
        if kind == "table_header":
            headers = [text[s:e] for s, e in b.cells]
            roles = _column_roles(headers, cues)
            siblings = sibling_name_columns(headers, roles, cues)
            named = {*roles.values(), *siblings}
            numeric = number_columns(headers, cues, set(roles.values()) - {roles.get("creator", -1)})
            list_stack.clear()
        elif kind == "table_row":
            cell = dict(enumerate(b.cells))
            info.row = Row(
                name=cell.get(roles.get("name", -1)),
                names=tuple(c for k, c in cell.items() if k == roles.get("name") or k in siblings),
                year=cell.get(roles.get("year", -1)),
                creators=tuple(c for k, c in cell.items() if k == roles.get("creator")),
                numbers=tuple((c, numeric[k]) for k, c in cell.items() if k in numeric and c[1] > c[0]),
                plain=tuple(c for k, c in cell.items() if k not in numeric and k not in named),
            )
            if info.row.name:
                date = None
                if info.row.year:
                    k = bisect.bisect_left(year_starts, info.row.year[0])
                    if k < len(year_starts) and year_starts[k] < info.row.year[1]:
                        date = by_start[year_starts[k]]
                info.headline = Headline(info.row.name, date)
        elif kind in ("heading", "bold", "list_item") and not info.is_code:
            info.headline = _headline(text, b, kind, by_start, year_starts)
        info.sections = tuple(idx for _, idx in reversed(heading_stack))
        infos.append(info)
    bounded = _bounded_sentences(text, [x.block for x in infos], sentence_starts)
    return Layout(text, infos, [x.block.start for x in infos], bounded)


def _is_table(b: Block) -> bool:
    """A table row or header read as one; a longer one is read as text."""
    return b.kind in ("table_row", "table_header") and b.end - b.start <= MAX_SENTENCE


def _bounded_sentences(text: str, blocks: list[Block], starts: list[int]) -> list[int]:
    """``starts`` with more starts where a sentence within a block is over :data:`MAX_SENTENCE`."""
    extra: list[int] = []
    for b in blocks:
        if b.end - b.start <= MAX_SENTENCE:
            continue
        inside = starts[bisect.bisect_right(starts, b.start) : bisect.bisect_left(starts, b.end)]
        edges = [b.start, *inside, b.end]
        for s, e in itertools.pairwise(edges):
            while e - s > MAX_SENTENCE:
                s = _cut(text, s)
                extra.append(s)
    return sorted({*starts, *extra}) if extra else starts


def _cut(text: str, start: int) -> int:
    """Where a piece of an over-long sentence opening at ``start`` ends, in its second half."""
    lo, hi = start + MAX_SENTENCE // 2, start + MAX_SENTENCE
    for rx in _CUTS:
        found = [m.end() for m in rx.finditer(text, lo, hi)]
        if found:
            return found[-1]
    return hi


def assign_topics(layout: Layout, mentions: list[Mention], cues: Cues) -> None:
    """The topic of each headline: the entity named at the start (or, if short, the end) of its slot."""
    starts = [m.start for m in mentions]
    followers = tuple(cues.topic_followers) + tuple(cues.topic_suffixes) + tuple(cues.topic_about)
    joiners = re.compile(r"\s*(?:[&、/+和与及]|and)\s*")
    text = layout.text
    for info in layout.blocks:
        h = info.headline
        if h is None:
            continue
        s, e = h.slot
        while s < e and text[s] in "“\"《「'*":
            s += 1
        lo, hi = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
        inside = [m for m in mentions[lo:hi] if m.end <= e + 1]
        things = [m for m in inside if m.type not in TOPIC_FREE_TYPES]
        if not things:
            continue
        first = things[0]
        if first.start == s:
            rest = text[first.end : e]
            if rest and not rest.startswith(followers):
                continue  # ImageNet时刻: the headline is about a moment, not ImageNet
            if (
                len(things) > 1
                and joiners.match(text, first.end)
                and joiners.match(text, first.end).end() == things[1].start
            ):
                continue  # Scaling Law & Chinchilla: two topics, none carries
            h.topic = first
        elif things[-1].end >= e - 1 and e - s <= 12 and info.row is None:
            h.topic = things[-1]  # 现代MoE
