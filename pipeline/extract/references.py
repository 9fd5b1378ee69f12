"""Bibliography entries: who wrote which work, and when, as a reference list says it.

Three styles cover what Chinese texts on the field cite:

* APA: ``Krizhevsky, A., Sutskever, I., & Hinton, G. E. (2012). Imagenet classification with …``
  (also ``Szegedy, C.; Zaremba, W. (2014).Intriguing …`` and ``Tanaka H.; Hirakawa Y. (1982). …``);
* GB/T 7714: ``Vaswani A, Shazeer N, Parmar N, et al. Attention is all you need[J]. …, 2017.``;
* IEEE: ``A. Krizhevsky, I. Sutskever, and G. E. Hinton, “ImageNet classification …,” in NIPS, 2012.``

Each entry gives its authors' spans (as written, ``Hinton, G. E.``), the year's
span and the title's span. The title names the work: the catalog knows many
papers by title (``titles`` of a work), and an unknown title becomes a
``paper`` of its own. A sample::

    Reference(authors=[(0, 14), (16, 29), (33, 47)], year=(49, 53), title=(56, 110), style="apa")
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SURNAME = r"[A-Z][A-Za-z'’\-]*(?:[ \-](?:van|von|de|der|da|del|Le|La|De|Van|Von)?\s?[A-Z][A-Za-z'’\-]+)?"
_SURNAME_SOLO = r"[A-Z][A-Za-z'’\-]+"
_INITIALS = r"(?:[A-Z]\.\s?(?:-\s?)?){1,3}"
_APA_AUTHOR = rf"(?:{_SURNAME},\s?{_INITIALS}|{_SURNAME_SOLO}\s{_INITIALS})"
_APA_SEP = r"(?:\s*[,;]\s*(?:&\s*|and\s+)?|\s*,?\s*(?:&|and)\s*)"
APA = re.compile(
    rf"(?P<authors>{_APA_AUTHOR}(?:{_APA_SEP}{_APA_AUTHOR})*(?:,?\s*(?:et al\.|…|\.\.\.))?)\s*"
    rf"\((?P<year>(?:19|20)\d\d)[a-z]?(?:,\s*[A-Za-z]+\.?(?:\s\d{{1,2}})?)?\)\s*\.?\s*"
    r"(?P<title>\*?[^.*\n|]{6,300}?)\*?(?=\.(?:\s|$|[A-Z*(\[|]|arXiv|doi|http)|\s+In\s|\s*\||\n|$)"
)
_GB_AUTHOR = rf"{_SURNAME_SOLO}(?:\s[A-Z]{{1,3}}){{1,3}}(?![a-z])"
GBT = re.compile(
    rf"(?P<authors>{_GB_AUTHOR}(?:,\s*{_GB_AUTHOR})*(?:,\s*et al)?)\.\s*"
    r"(?P<title>[^.\[\]\n|]{6,300}?)\s*\[(?:J|C|M|D|R|EB/OL|A|P)\][^\n|]{0,200}?(?P<year>(?:19|20)\d\d)"
)
_IEEE_AUTHOR = rf"(?:{_INITIALS}\s?{_SURNAME})"
IEEE = re.compile(
    rf"(?P<authors>{_IEEE_AUTHOR}(?:,\s*(?:and\s+)?{_IEEE_AUTHOR})*(?:,?\s*and\s+{_IEEE_AUTHOR})?"
    r"(?:\s*et al\.)?),?\s*"
    r"[“\"](?P<title>[^”\"\n]{6,300}?)[,.]?[”\"][^\n|]{0,200}?(?P<year>(?:19|20)\d\d)"
)
_AUTHOR_IN = {
    "apa": re.compile(_APA_AUTHOR),
    "gbt": re.compile(_GB_AUTHOR),
    "ieee": re.compile(_IEEE_AUTHOR),
}


@dataclass(frozen=True)
class Reference:
    authors: tuple[tuple[int, int], ...]
    year: tuple[int, int]
    title: tuple[int, int]
    style: str
    et_al: bool


def _authors(text: str, start: int, end: int, style: str) -> tuple[tuple[int, int], ...]:
    out = []
    for m in _AUTHOR_IN[style].finditer(text, start, end):
        s, e = m.span()
        while e > s and text[e - 1] in " ,;":
            e -= 1
        out.append((s, e))
    return tuple(out)


#: where a venue starts after a comma inside what the entry's punctuation took for its title
#: (``…for handwritten numerals, IEEE T. Syst. Man Cyb.``, ``…characters, Proc. 8th Int. Conf.``)
_VENUE_AFTER_COMMA = re.compile(
    r",\s*(?:IEEE|ACM|Proc\b|Proceedings|In\s|Journal|J\.|Trans\b|Transactions|arXiv|Nature\b|Science\b"
    r"|Neural Computation|Pattern\s|CVPR|ICCV|ECCV|NIPS|NeurIPS|ICML|ICLR|AAAI|IJCAI)"
)


def _title_span(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in ' *_“"':
        s += 1
    if venue := _VENUE_AFTER_COMMA.search(text, s, e):
        e = venue.start()
    while e > s and text[e - 1] in ' *_”".,':
        e -= 1
    return s, e


def find_references(text: str) -> list[Reference]:
    """Bibliography entries anywhere in ``text`` (a reference list, a table cell, a footnote)."""
    out: list[Reference] = []
    taken: list[tuple[int, int]] = []
    for style, rx in (("apa", APA), ("gbt", GBT), ("ieee", IEEE)):
        for m in rx.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            authors = _authors(text, *m.span("authors"), style)
            title = _title_span(text, *m.span("title"))
            if not authors or title[1] - title[0] < 6:
                continue
            et_al = bool(re.search(r"et al|…|\.\.\.", text[m.start("authors") : m.end("authors")]))
            out.append(Reference(authors, m.span("year"), title, style, et_al))
            taken.append(m.span())
    return sorted(out, key=lambda r: r.authors[0][0])


def _inside(m, s: int, e: int) -> bool:
    return s <= m.start and m.end <= e


def reference_mentions(text: str, refs: list[Reference], mentions: list) -> tuple[list, dict[int, object]]:
    """Mentions with each reference's authors and title added: an author replaces the catalog
    surname inside it (keeping its catalog id); a title is the work it names (the catalog entry
    filling it, or written before a colon: ``BERT: Pre-training of …``), else a ``paper`` of its
    own. Returns the mentions and, per reference (by its first author's start), its title mention."""
    from pipeline.extract.records import Mention

    drop: set[int] = set()
    added: list = []
    titles: dict[int, object] = {}
    for ref in refs:
        for s, e in ref.authors:
            inner = [m for m in mentions if _inside(m, s, e)]
            person = next((m for m in inner if m.type == "person" and m.catalog_id), None)
            drop.update(id(m) for m in inner)
            added.append(
                Mention(s, e, "person", person.catalog_id if person else None, "reference_author", 0.85)
            )
        ts, te = ref.title
        inner = [m for m in mentions if _inside(m, ts, te) and m.type not in ("person", "organization")]
        whole = next((m for m in inner if (m.end - m.start) >= 0.8 * (te - ts)), None)
        head = next((m for m in inner if m.start == ts and re.match(r"\s*:", text[m.end : m.end + 2])), None)
        title = whole or head
        if title is None:
            drop.update(id(m) for m in inner)
            title = Mention(ts, te, "paper", None, "reference_title", 0.6)
            added.append(title)
        titles[ref.authors[0][0]] = title
    kept = [m for m in mentions if id(m) not in drop]
    return sorted(kept + added, key=lambda m: (m.start, m.end)), titles
