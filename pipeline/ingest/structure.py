"""The visible structure of a document: front matter, headings, list items, table rows.

Extraction uses it to carry context the way a reader does: a table row's
columns, the heading a paragraph sits under. Blocks are spans of the
normalised text, one per line (or per front-matter block), so offsets stay exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

BlockKind = str  # front_matter, heading, list_item, table_header, table_row, paragraph


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    start: int  # offset of the block's first character in the document text
    end: int  # offset just past its last character (line end, newline excluded)
    level: int = 0  # heading depth (1 = top); list nesting for list items
    cells: tuple[tuple[int, int], ...] = ()  # table rows: (start, end) of each trimmed cell

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


_FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---[ \t]*(?:\n|\Z)", re.S)
_MD_HEADING = re.compile(r"^(#{1,6})\s+\S")
_NUMBERED_HEADING = re.compile(r"^(\d+(?:\.\d+)+)\.?\s+\S")  # 1.2.1 2012.10 AlexNet
_CN_HEADING = re.compile(r"^[一二三四五六七八九十百]+[、.．]\s*\S")  # 一、史前时代
_PART_HEADING = re.compile(r"^(?:Part|PART|第[一二三四五六七八九十\d]+[部章节篇])\s*\d*\s*[:：]")
_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+•·●▪]|\d+[.)、]|\(\d+\)|（\d+）)\s*\S")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def front_matter(text: str) -> dict:
    """The YAML front matter as a dict (empty if absent or not valid YAML)."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _cells(line: str, offset: int) -> tuple[tuple[int, int], ...]:
    body_start = line.index("|") + 1 if line.lstrip().startswith("|") else 0
    if "|" not in line:
        return ((offset + len(line) - len(line.lstrip()), offset + len(line.rstrip())),)
    body_end = line.rindex("|") if line.rstrip().endswith("|") and line.count("|") > 1 else len(line)
    cells, pos = [], body_start
    for part in line[body_start:body_end].split("|"):
        lead = len(part) - len(part.lstrip())
        core = part.strip()
        cells.append((offset + pos + lead, offset + pos + lead + len(core)))
        pos += len(part) + 1
    return tuple(cells)


def _classify(line: str, prev_kind: str | None, next_line: str = "") -> tuple[BlockKind, int]:
    stripped = line.strip()
    in_table = prev_kind in ("table_header", "table_row")
    if (stripped.startswith("|") and stripped.count("|") >= 2) or (
        "|" in stripped and (in_table or _TABLE_SEPARATOR.match(next_line))  # a|b without outer pipes
    ):
        return ("table_row" if in_table else "table_header"), 0
    if m := _MD_HEADING.match(stripped):
        return "heading", len(m.group(1))
    if m := _NUMBERED_HEADING.match(stripped):
        return "heading", m.group(1).count(".") + 1
    if _CN_HEADING.match(stripped) or _PART_HEADING.match(stripped):
        return "heading", 1
    if m := _LIST_ITEM.match(line):
        return "list_item", len(m.group(1).expandtabs(2)) // 2
    return "paragraph", 0


def parse_blocks(text: str) -> list[Block]:
    """Split normalised ``text`` into blocks; blank lines and table rules are skipped."""
    blocks: list[Block] = []
    pos = 0
    if m := _FRONT_MATTER.match(text):
        blocks.append(Block("front_matter", 0, m.end(1) + 3))
        pos = m.end()
    prev: str | None = None
    lines = text[pos:].split("\n")
    for k, line in enumerate(lines):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            prev = None
            continue
        if _TABLE_SEPARATOR.match(line) and prev in ("table_header", "table_row"):
            continue
        kind, level = _classify(line, prev, lines[k + 1] if k + 1 < len(lines) else "")
        lead = len(line) - len(line.lstrip())
        trail = len(line) - len(line.rstrip())
        cells = _cells(line, start) if kind.startswith("table") else ()
        blocks.append(Block(kind, start + lead, end - trail, level, cells))
        prev = kind
    return blocks


# navigation crumbs, images, links, rules, and credit lines ("inspired by", "source:", "author:")
_BOILERPLATE_LINE = re.compile(
    r"当前位置|首页\s*>|^\s*>|^!\[|^https?://|^[-=*_]{3,}$|灵感来自|转载|来源[:：]|作者[:：]|原文[:：]|编辑[:：]"
)
_SENTENCE_END = "。！？.!?；;，,"
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)


def title_of(text: str, blocks: list[Block], fallback: str) -> str:
    """Front-matter title, else the first title-like line near the top.

    Title-like: a markdown ``#`` heading, or a short line standing alone that
    does not end like a sentence and is not navigation, a credit line or inside an
    HTML comment. Only
    the top of the document counts: a ``#`` deep inside a scraped page is
    usually a code comment.
    """
    meta = front_matter(text)
    if isinstance(meta.get("title"), str) and meta["title"].strip():
        return meta["title"].strip()
    top = blocks[11].end if len(blocks) > 11 else len(text)
    comments = [m.span() for m in _HTML_COMMENT.finditer(text, 0, top)]
    for b in blocks[:12]:
        if any(cs <= b.start < ce for cs, ce in comments):
            continue  # <!--Copyright … 版权许可-->: a comment the page does not show
        line = b.text_of(text).strip()
        if b.kind == "heading" and line.startswith("#"):
            return line.lstrip("#").strip()
        if (
            b.kind in ("paragraph", "heading")
            and 4 <= len(line) <= 80
            and line[-1] not in _SENTENCE_END
            and not _BOILERPLATE_LINE.search(line)
        ):
            return line
    return fallback
