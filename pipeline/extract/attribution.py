"""Who built what, and when: creator, organization and creation-year claims.

An *agent group* is a run of people/organisations joined by 、，和与及&
(``Krizhevsky、Sutskever和Hinton``; glued scrapes like ``OpenAIJeff Dean团队``
are two adjacent mentions). It credits a thing when it is tied to an
attribution verb:

* ``由 A、B和C 设计的 X`` / ``X 是 A 开发的…`` (``by_agent``): X before 由/是, or after 的;
* ``A(等人|团队) (于2014年) 提出 X`` (``agent_verb``): X right after the verb, else the
  topic the reader carries (the bullet, row or section);
* ``A团队…，…，提出 X``: a group opening the sentence with 团队/等人 is its subject;
* ``Google(团队)的 X``, ``A与B合作的 X`` (``possessive_org``): organisations only;
* ``费舍尔1932年的鸢尾花卉数据集`` (``dated_possessive``): a person, a year and 的 before the work
  credit and date it;
* ``X的(主要)发明者是A`` (``role_noun``): a role noun and a copula;
* ``A发表论文《X》，提出Y`` (``serial_verb``): a clause opening with its verb goes on with
  the agents of the clause before;
* ``图灵在他著名的论文《X》``, ``A，他在1948年的论文《X》`` (``own_paper``): a paper in title
  marks is the person's named before it, or before the 他/她 that stands for them;
* a table's creator column (``table_creator``).

Creation verbs (提出, 发布 …) also date the thing: explicit years before the verb
in the same sentence give ``year`` claims (``creation_year``), as does
``X 于2017年提出`` without an agent. Negated verbs (并未发明) credit nothing, and
a head noun alone (公司, 实验室) is never an agent.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from pipeline.catalog import Catalog
from pipeline.extract.cues import Cues, alternation
from pipeline.extract.layout import Clauses, Layout
from pipeline.extract.records import AGENT_TYPES, THING_TYPES, Claim, Mention, Spans
from pipeline.extract.values import Value

# Latin letters with the diacritics of European names (Tomáš, Łukasz, Schmidhüber); Latin
# Extended-A mixes cases, so it counts as both
_UP = "A-ZÀ-ÖØ-Þ\u0100-\u017f"
_LOW = "a-zß-öø-ÿ\u0100-\u017f"
_LETTER = "A-Za-zÀ-ÖØ-öø-ÿ\u0100-\u017f"
_WORD = rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
_LATIN_PERSON = re.compile(rf"{_WORD}(?:\s+[A-Z]\.)*(?:\s+(?:van |de |von )?{_WORD}){{1,2}}(?![{_LETTER}])")
_CELL_NAME = re.compile(rf"[{_LETTER}][{_LETTER} .\-]*[{_LETTER}]|[\u4e00-\u9fff]{{2,}}")
_SINGLE_NAME = re.compile(rf"(?<![{_LETTER}])[{_UP}][{_LOW}]+(?![{_LETTER}])")
_TRANSLITERATED = re.compile(r"[\u4e00-\u9fff]{2,4}[·・•][\u4e00-\u9fff]{2,7}")
_JOIN = re.compile(r"^(?:\s*(?:[、，,&]|和|与|及|以及|and)\s*|\s+)?$")
_COPULA_BY = re.compile(r"是\s*(?:由|被)\s*$")
_DAY = re.compile(r"^\s*\d{1,2}\s*[日号]")
_SENTENCE_STOP = re.compile(r"[，。；;！？\n：:]")
#: a clause that opens with its verb (…，并提出 X): its subject is the previous clause's
_SERIAL = re.compile(r"[\s*]*(?:并且|并|又|还|也|同时|随后|进而|继而|后来)?\s*")
#: Google(团队)的, 清华大学与智谱 AI 合作的: what stands between an organisation and its work
_POSSESSIVE = re.compile(r"\s*(?:团队|公司)?\s*(?P<joint>合作|联合|共同)?\s*的\s*")
#: 1. OpenAI GPT 系列：, - Meta Llama 系列：: an item's label, an organisation and the family it makes
_SERIES_LABEL = re.compile(r"[^：:\n]{0,30}?(?P<family>[A-Za-z][A-Za-z0-9\-]*)\s*系列\s*[：:]")
_SERIES_TYPES = ("model", "system")
#: a bracket right after an agent's name says more about them: a life span (唐纳德·赫布 (1904--1985)),
#: a later name (Facebook（现Meta）), the name in another script
_NAME_BRACKET = r"(?:[（(][^（）()\n，。；]{1,30}[）)]\s*)?"
#: 费舍尔1932年的鸢尾花卉数据集: a person, the year, and what they made that year
_DATED_POSSESSIVE = re.compile(rf"\s*{_NAME_BRACKET}(?:在|于)?\s*(?P<year>\d{{4}}\s*年)\s*的\s*")
_QUOTED = re.compile(r"“[^”\n]{1,300}”|《[^》\n]{1,300}》|\"[^\"\n]{1,300}\"")


@dataclass(frozen=True)
class Patterns:
    verb: re.Pattern
    creation: frozenset[str]
    suffix: re.Pattern
    gap: re.Pattern
    negation: re.Pattern
    by: re.Pattern
    obj_prefix: re.Pattern
    named: re.Pattern
    apposition: re.Pattern
    et_al: frozenset[str]
    org_suffix: re.Pattern
    generic: re.Pattern
    particle: re.Pattern
    role_noun: re.Pattern
    member: re.Pattern
    et_al_after: re.Pattern
    publication_before: re.Pattern
    own_pronoun: re.Pattern
    paper_gap: re.Pattern
    renamed: re.Pattern


@cache
def patterns(cues: Cues) -> Patterns:
    suffixes = list(cues.agent_et_al) + list(cues.agent_team)
    return Patterns(
        verb=re.compile(alternation(list(cues.attribution_verbs) + list(cues.creation_verbs))),
        creation=frozenset(cues.creation_verbs),
        suffix=re.compile(rf"\s*(?P<suffix>{alternation(suffixes)})?"),
        # between the agents (and their suffix) and the verb: the rest of the agent's name
        # (视觉几何组), an adverb (早在), a date, a venue, a place (在贝尔实验室)
        gap=re.compile(
            # 唐纳德·赫布 (1904--1985) 提出了, 由Facebook（现Meta）于2016年推出: a bracket on the agent
            rf"^\s*{_NAME_BRACKET}"
            r"[^，,。；;！？\n《》()（）\d]{0,6}?(?:[于在]?\s*(?:\d+\s*世纪)?[\d年月.\-s代初末 ]*\s*)?"
            r"(?:在《[^》]{0,80}》上)?"
            # 继 Inception 后, 在 GPT-2 的基础上: the work it followed or built on
            r"(?:(?:继|在|基于)[^，,。；;！？\n《》()（）]{1,25}?(?:之?后|的?基础上)\s*)?"
            # 在(博士)论文“Backpropagation Applied to…”[[9]](#lenet)中, 于 1986 年 AAAI 论文“…”: the paper,
            # quoted, with its key
            r"(?:(?:在|于)?[^，,。；;！？\n“”\"]{0,8}论文\s*[“\"《][^”\"》\n]{1,150}[”\"》]\s*(?:\[\[?\d+\]\]?(?:\([^)\n]{0,80}\))?)?)?"
            r"(?:在[^，,。；;！？\n《》()（）]{1,15}?(?:上|中|里)?)?[^，,。；;！？\n《》()（）]{0,5}$"
        ),
        negation=re.compile(f"(?:{alternation(cues.negations)})$"),
        by=re.compile(rf"(?:{alternation(cues.agent_by)})\s*$"),
        # 发表(开创性)论文《…》, 开发的名为 ChatGPT 的…, 提出"**图灵测试**": the thing right after the verb
        obj_prefix=re.compile(
            # 推出了自家的 X, 发布了跨时代的 X: the makers' pronoun, a short modifier (一种… is an indefinite)
            rf"(?:了|出|的)?\s*(?:(?:{alternation(cues.own_pronouns)})的?\s*)?(?:(?!一)[\u4e00-\u9fff]{{1,4}}的\s*)?"
            rf"(?:(?:{alternation(cues.naming_verbs)})\s*)?(?:一[篇本部]\s*)?"
            rf"(?:[\u4e00-\u9fff]{{0,4}}?(?:{alternation(cues.publication_nouns)})\s*)?(?P<q>[“\"《「\[]?)\s*(?:\*\*?)?\s*"
        ),
        # 提出了一种用反向传播更新的卷积神经网络，称为 LeNet: an indefinite object, then its name
        named=re.compile(
            rf"(?:了|出)?\s*一(?:{alternation(cues.indefinite_classifiers)})[^。；;！？\n]{{0,40}}?[，,]?\s*"
            rf"(?:并|也)?\s*(?:{alternation(cues.naming_verbs)})\s*[“\"《「]?\s*(?:\*\*?)?\s*"
        ),
        apposition=re.compile(
            rf"(?:了|出)?\s*一(?:{alternation(cues.indefinite_classifiers)})[^，,。；;！？\n]{{0,40}}"
            rf"(?:{alternation(cues.apposition_heads)})\s*[*“\"《「]*\s*"
        ),
        et_al=frozenset(cues.agent_et_al),
        org_suffix=re.compile(rf"(?:{alternation(cues.org_suffixes)})$"),
        particle=re.compile(
            alternation([*cues.name_particles, *cues.attribution_verbs, *cues.creation_verbs])
        ),
        role_noun=re.compile(
            rf"\s*的\s*(?:{alternation(cues.role_modifiers)})?\s*(?:{alternation(cues.role_nouns)})(?:之一)?"
            rf"\s*(?:{alternation(cues.copulas)})\s*"
        ),
        generic=re.compile(rf"(?:\s*(?:{alternation(cues.generic_nouns)}))+\s*", re.I),
        # 的, a title, a title with its field (麻省理工学院的计算机科学家 A)
        member=re.compile(rf"的?\s*(?:[\u4e00-\u9fff]{{0,4}}?(?:{alternation(cues.member_titles)}))?"),
        et_al_after=re.compile(rf"\s*(?:{alternation(list(cues.agent_et_al) + list(cues.agent_team))})"),
        publication_before=re.compile(rf"(?:{alternation(cues.publication_nouns)})\s*[《“\"]?\s*$"),
        own_pronoun=re.compile(rf"(?:{alternation(cues.own_pronouns)})[^，。；,;《》\n]{{0,20}}$"),
        # 在1948年的, 在他著名的, 1951年发表的: nothing else done to the paper between its author and it
        paper_gap=re.compile(rf"\s*{_NAME_BRACKET}(?:在|于)?\s*(?:\d{{4}}\s*年)?\s*(?:[^，。；,;《》\n\d]{{0,8}}?的)?\s*"),
        # A提出的CNN模型…，该模型被称作AlexNet: the kind the verb names, then the name it was given
        renamed=re.compile(
            rf"[，,]\s*(?:该|这个|此|这一|这种)\s*(?:{alternation(cues.apposition_heads)})\s*(?:后来|也|则)?\s*"
            rf"(?:{alternation(cues.naming_verbs)})\s*[“\"《「]?\s*(?:\*\*?)?\s*"
        ),
    )


def _trim_particles(text: str, s: int, e: int, particles: re.Pattern) -> tuple[int, int]:
    """``伊利亚·苏茨克弗与…``/``…苏茨克弗提出`` -> ``伊利亚·苏茨克弗``: the surname ends where
    a particle or a verb starts, the given name starts after the last particle before it
    (``网络由伊恩·古德费罗`` -> ``伊恩·古德费罗``); each side of the dot keeps two characters."""
    dot = next(i for i in range(s, e) if text[i] in "·・•")
    if m := particles.search(text, dot + 3, e):
        e = m.start()
    for m in particles.finditer(text, s, dot - 2):
        s = max(s, m.end())
    return s, e


def person_candidates(text: str, known: list[Mention], not_names: frozenset[str],
                      particles: re.Pattern) -> list[Mention]:  # fmt: skip
    """Names of people not in the catalog: Latin full names and transliterations (哈萨比斯)."""
    taken = Spans(known)
    ends = {m.end for m in known}
    out = []
    for rx in (_LATIN_PERSON, _TRANSLITERATED):
        for m in rx.finditer(text):
            s, e = m.span() if rx is _LATIN_PERSON else _trim_particles(text, *m.span(), particles)
            prev = text[s - 1] if s > 0 else " "
            if prev.isascii() and prev.isalpha() and s not in ends:
                continue
            if not taken.free(s, e) or not_names.intersection(text[s:e].split()):
                continue
            gloss = _TERM_GLOSS.search(text, max(0, s - 12), s) if rx is _LATIN_PERSON else None
            if gloss and (gloss.start() == 0 or text[gloss.start() - 1] not in "·・•"):
                continue  # 图形处理器（Graphics Processing Unit）glosses a term, it names no one
            if rx is _LATIN_PERSON and _abbreviated(text, s, e):
                continue  # 置信因子（Certainty Factor, CF）: a term with its abbreviation, no one's name
            out.append(Mention(s, e, "person", None, "person_name", 0.6))
    return _glossed_people(text, sorted(out, key=lambda m: m.start))


_GLOSS_OPEN = re.compile(r"\s*[（(]\s*$")
#: ``, CF）`` / ``（CF，`` beside a name: an abbreviation written with it
_ABBREVIATION_AFTER = re.compile(r"\s*[,，;；]\s*([A-Z]{2,8})\s*[）)]")
_ABBREVIATION_BEFORE = re.compile(r"[（(]\s*([A-Z]{2,8})\s*[,，;；:：]\s*$")


def _abbreviated(text: str, s: int, e: int) -> bool:
    """The name is written with its initials as an abbreviation (``Certainty Factor, CF``,
    ``(LSTM, Long Short-Term Memory)``): terms are abbreviated so, people are not."""
    initials = "".join(w[0] for w in re.split(r"[\s\-]+", text[s:e]) if w and w[0].isupper())
    after = _ABBREVIATION_AFTER.match(text, e)
    before = _ABBREVIATION_BEFORE.search(text, max(0, s - 12), s)
    if any(m is not None and m.group(1) == initials for m in (after, before)):
        return True
    # HOG(Histogram of Oriented Gradient, …): the words spelling out the abbreviation before the bracket
    spelled = _SPELLED_OUT.search(text, max(0, s - 60), s)
    return spelled is not None and initials in spelled.group(1)
#: an abbreviation, its bracket, and words up to the name (no comma or bracket between)
_SPELLED_OUT = re.compile(r"(?<![A-Za-z])([A-Z]{2,8})\s*[（(][A-Za-z\s\-]*$")
#: a Chinese term right before the bracket (a transliterated name has · before its last part)
_TERM_GLOSS = re.compile(r"(?<![\u4e00-\u9fff·・•])[\u4e00-\u9fff]{2,}[）)]?\s*[*]*\s*[（(]\s*$")


def _glossed_people(text: str, people: list[Mention]) -> list[Mention]:
    """``艾伦·纽厄尔（Allen Newell）``: a transliteration glossed with the Latin name is one mention."""
    out: list[Mention] = []
    for m in people:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not text[prev.start].isascii()
            and text[m.start].isascii()
            and _GLOSS_OPEN.fullmatch(text, prev.end, m.start)
            and re.match(r"\s*[）)]", text[m.end : m.end + 3])
        ):
            close = text.index(")" if ")" in text[m.end : m.end + 3] else "）", m.end)
            out[-1] = Mention(prev.start, close + 1, "person", None, "person_gloss", 0.7)
            continue
        out.append(m)
    return out


#: given names, middle names and initials before a surname: ``Geoffrey Everest``, ``G. E.``, initials
#: written together (``G.E.``) or without a full stop (``Ian J``, ``A``)
_INITIALS = r"(?:[A-Z]\.){1,3}|[A-Z](?=\s)"
_GIVEN_NAMES = re.compile(rf"(?:(?<![{_LETTER}.])(?:{_WORD}|{_INITIALS})\s+){{1,3}}$")
_INITIAL_WORD = re.compile(r"(?:[A-Z]\.?){1,3}")


def _first_word(name: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    return plain.split()[0].casefold() if plain.split() else ""


def _same_first_name(first: str, firsts: set[str]) -> bool:
    """The name's first word is the entry's first name: the same word, or, when the text gives
    only initials (``G.E.``, ``A``), the initial of one of the entry's first names."""
    if _INITIAL_WORD.fullmatch(first):
        return any(f[:1] == first[:1].casefold() for f in firsts)
    return _first_word(first) in firsts


_HAN_GIVEN = re.compile(r"[\u4e00-\u9fff]{1,6}[·・•]$")


def full_names(
    text: str, mentions: list[Mention], not_names: frozenset[str], catalog: Catalog,
    particles: re.Pattern | None = None,
) -> list[Mention]:  # fmt: skip
    """``Geoffrey Everest Hinton``: given and middle names before a catalogued bare surname
    belong to it. The whole name keeps the entry when its first name is the entry's.
    ``亚历克斯·克里泽夫斯基``: the given name of a transliteration belongs to its catalogued
    surname too (it starts after the last particle: ``网络由伊恩·古德费罗``)."""
    out: list[Mention] = []
    for m in mentions:
        surname = text[m.start : m.end]
        prev_end = out[-1].end if out else 0
        given = _HAN_GIVEN.search(text, max(prev_end, m.start - 7), m.start) if m.type == "person" else None
        if given is not None and m.catalog_id and "·" not in surname and "\u4e00" <= surname[0] <= "\u9fff":
            s = given.start()
            for p in particles.finditer(text, s, m.start - 1) if particles is not None else ():
                s = max(s, p.end())
            if m.start - 1 - s >= 1:
                out.append(Mention(s, m.end, "person", m.catalog_id, m.detector, m.confidence))
                continue
        run = _GIVEN_NAMES.search(text, prev_end, m.start) if m.type == "person" and m.catalog_id else None
        if run is None or not re.fullmatch(r"[A-Z][A-Za-z'\-]+", surname):
            out.append(m)
            continue
        words = text[run.start() : run.end()].split()
        if not_names.intersection(words):
            out.append(m)
            continue
        entry = catalog.get(m.catalog_id)
        firsts = {_first_word(n) for n in entry.names if n.isascii() and " " in n} if entry else set()
        same = _same_first_name(words[0], firsts)
        out.append(
            Mention(run.start(), m.end, "person", m.catalog_id if same else None,
                    m.detector if same else "person_name", m.confidence if same else 0.6)
        )  # fmt: skip
    return _glossed_known(text, out)


_GLOSS_CLOSE = re.compile(r"\s*[）)]")


def _glossed_known(text: str, mentions: list[Mention]) -> list[Mention]:
    """``艾伦·纽厄尔（Allen Newell）``: a catalogued person glossed with another name of theirs is one
    mention, so ``A（A'）和B（B'）`` is one group of two people."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        close = _GLOSS_CLOSE.match(text, m.end)
        if (
            prev is not None
            and prev.type == m.type == "person"
            and prev.catalog_id is not None
            and m.catalog_id in (prev.catalog_id, None)
            and close is not None
            and _GLOSS_OPEN.fullmatch(text, prev.end, m.start)
        ):
            out[-1] = Mention(prev.start, close.end(), "person", prev.catalog_id, prev.detector,
                              prev.confidence)  # fmt: skip
            continue
        out.append(m)
    return out


def _start(v: Value) -> int:
    return v.start


def _groups(agents: list[Mention], text: str) -> list[list[Mention]]:
    groups: list[list[Mention]] = []
    for m in agents:
        if groups and _JOIN.match(text[groups[-1][-1].end : m.start]):
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


class Attributor:
    """Attribution claims of one document."""

    def __init__(self, text: str, layout: Layout, clauses: Clauses, mentions: list[Mention], cues: Cues,
                 people: list[Mention]):  # fmt: skip
        self.text, self.layout, self.clauses, self.cues = text, layout, clauses, cues
        self.p = patterns(cues)
        self.mentions = mentions
        self.starts = [m.start for m in mentions]
        self.people = people  # uncatalogued names (person_candidates), mentions once credited
        self.people_starts = [m.start for m in self.people]
        self.not_names = frozenset(cues.non_name_words) | frozenset(cues.latin_stopwords)
        self.new_mentions: list[Mention] = []
        self.claims: list[Claim] = []

    def _within(self, s: int, e: int) -> list[Mention]:
        lo = bisect.bisect_left(self.starts, s)
        hi = bisect.bisect_left(self.starts, e)
        return [m for m in self.mentions[lo:hi] if m.end <= e]

    def _agents_in(self, s: int, e: int, things: list[Mention]) -> list[Mention]:
        known = [m for m in things if m.type in AGENT_TYPES]
        lo, hi = bisect.bisect_left(self.people_starts, s), bisect.bisect_left(self.people_starts, e)
        found = known + [m for m in self.people[lo:hi] if m.end <= e]
        named = any(m.type == "person" and m.catalog_id for m in known)  # Sutskever、Vinyals和Le
        org_ends = {m.end for m in known if m.type == "organization"}
        taken = [(m.start, m.end) for m in found + things]
        for m in _SINGLE_NAME.finditer(self.text, s, e):
            if not all(m.end() <= a or m.start() >= b for a, b in taken) or m.group() in self.not_names:
                continue
            # Brants等人, 哈佛大学Salton: a surname alone, said to be someone's or an organisation's member
            member = any(self._member_of(end, m.start()) for end in org_ends if end <= m.start())
            if named or self.p.et_al_after.match(self.text, m.end()) or member:
                found.append(Mention(m.start(), m.end(), "person", None, "person_name", 0.45))
        # “Backpropagation Applied to Handwritten Zip Code Recognition”: a title's capitalised
        # words are not people
        quoted = [q.span() for q in _QUOTED.finditer(self.text, s, e)]
        found = [m for m in found if m.catalog_id or not any(a < m.start and m.end < b for a, b in quoted)]
        return sorted(found, key=lambda m: m.start)

    def _member_of(self, org_end: int, start: int) -> bool:
        """``哈佛大学Salton``, ``谷歌的 Szegedy``, ``斯坦福教授 Li``: the name follows its organisation, glued
        to a Chinese name or after ``的`` or a title (``Meta Llama`` is no member of Meta's)."""
        between = self.text[org_end:start]
        if not between:
            return "\u4e00" <= self.text[org_end - 1] <= "\u9fff"
        return bool(between.strip()) and self.p.member.fullmatch(between.strip()) is not None

    def _credit(self, subject: Mention, group: list[Mention], suffix: str | None, sent: tuple[int, int],
                extractor: str, confidence: float) -> None:  # fmt: skip
        group = [a for a in group if a.catalog_id or not self.p.generic.fullmatch(self.text, a.start, a.end)]
        if not group:
            return  # 公司, 实验室: a kind of agent, not one
        quals = {"n_named": len(group)}
        if suffix in self.p.et_al:
            quals["et_al"] = True
        elif suffix:
            quals["team"] = True
        for agent in group:
            if agent.catalog_id is None and agent not in self.new_mentions:
                self.new_mentions.append(agent)
            attribute = "creator" if agent.type == "person" else "organization"
            surface = self.text[agent.start : agent.end]
            conf = round(confidence * (0.85 if agent.catalog_id is None else 1), 2)
            self.claims.append(
                Claim(attribute, subject, agent.start, agent.end, surface, None, None, sent, extractor, conf,
                      dict(quals), value_mention=agent)
            )  # fmt: skip

    def _date(self, subject: Mention, years: list[Value], sent: tuple[int, int], extractor: str, conf: float):
        for y in years:
            self.claims.append(
                Claim("year", subject, y.start, y.end, y.norm, y.num, None, sent, extractor, conf,
                      {**y.qualifiers, "precision": y.precision})
            )  # fmt: skip

    def _carried(self, pos: int, sections: bool) -> Mention | None:
        """The topic a reader carries; a section's only for a group that opens the sentence as a team."""
        for scope, topic in self.layout.topics(pos):
            if scope == "section" and not sections:
                return None
            return topic if topic.type in THING_TYPES else None
        return None

    def _object(self, verb_end: int, things: list[Mention]) -> Mention | None:
        """The thing right after the verb, or the name given to an indefinite object
        (``提出了一种…网络，称为 LeNet``) or standing after it (``提出了一种新的网络变体 AlexNet``)."""
        for m in (self.p.obj_prefix.match(self.text, verb_end), self.p.named.match(self.text, verb_end)):
            # the name may start after its quote mark or with it (a catalogued 《Perceptrons》)
            starts = {m.end(), m.start("q")} if m and m.re is self.p.obj_prefix else {m.end() if m else -1}
            obj = next((t for t in things if t.start in starts and t.type in THING_TYPES), None)
            if obj is not None:
                return self._renamed(obj, things) or obj
        return next(
            (t for t in things if verb_end < t.start <= verb_end + 50 and t.type in THING_TYPES
             and self.p.apposition.fullmatch(self.text, verb_end, t.start)),
            None,
        )  # fmt: skip

    def _renamed(self, obj: Mention, things: list[Mention]) -> Mention | None:
        """The name a later clause gives the object (``提出的CNN模型…，该模型被称作AlexNet``), when no
        other work stands between (an event may: 获得了ILSVRC2012冠军)."""
        later = [t for t in things if t.start >= obj.end and t.type in THING_TYPES]
        for m in self.p.renamed.finditer(self.text, obj.end, later[-1].start + 1 if later else obj.end):
            name = next((t for t in later if t.start == m.end()), None)
            if name is not None and not any(t.type != "event" and t.end <= m.start() for t in later):
                return name
        return None

    def sentence(self, s: int, e: int, years: list[Value]) -> None:
        text = self.text
        # only a year inside the sentence can date its events (_dates_event): the document's
        # other years are not looked at once per verb
        years = years[bisect.bisect_left(years, s, key=_start) : bisect.bisect_left(years, e, key=_start)]
        things = self._within(s, e)
        agents = self._agents_in(s, e, things)
        groups = _groups(agents, text)
        prev_verb = s
        shared = None  # the agents of the last active credit: a clause opening with a verb goes on with them
        for v in self.p.verb.finditer(text, s, e):
            vs, ve = v.span()
            if self.p.negation.search(text, max(s, vs - 3), vs):
                continue
            cs, _ = self.clauses.span(vs, s, e)
            obj = self._object(ve, things)
            serial = shared is not None and obj is not None and cs > s and _SERIAL.fullmatch(text, cs, vs)
            group, suffix, passive, opening, affiliation, lead = None, None, False, False, None, s
            for i, g in enumerate(groups):
                if g[-1].end > vs:
                    break
                suf = self.p.suffix.match(text, g[-1].end)
                gap = text[suf.end() : vs]
                org = groups[i - 1] if i and self._affiliation(groups[i - 1], g) else None
                start = (org or g)[0].start
                opens = not text[s:start].strip(" *-•")
                if self.p.gap.match(gap) or (opens and suf.group("suffix") and vs > suf.end()):
                    # A等人在贝尔实验室设计了X: A are the agents, the place is their organisation
                    if group and all(m.type == "organization" for m in g) and text[g[0].start - 1] == "在":
                        affiliation = g
                        continue
                    group, suffix, opening = g, suf.group("suffix"), opens and bool(suf.group("suffix"))
                    affiliation, lead = org, start
                    passive = bool(self.p.by.search(text, max(s, start - 3), start))
            if group is None and serial:  # A发表论文《X》，提出“Y”: A proposed Y too
                group, suffix, lead, prev_verb = *shared, s
            subject = obj
            if obj is not None and passive and _COPULA_BY.search(text, max(s, lead - 4), lead):
                # X，即…，是由A发布的预训练语言模型: X is what A made, the noun after 的 its kind
                head = next((m for m in things if m.type in THING_TYPES and m.end <= lead), None)
                subject = head or obj
            if subject is None and group and (passive or text[ve : ve + 1] != "的"):
                # the subject stands in the agents' clause: 由Facebook（现Meta）于2016年推出 reads past it
                lo = min(cs, self.clauses.span(lead, s, e)[0])
                before = [m for m in things if m.type in THING_TYPES and m.end <= lead and m.start >= lo]
                subject = before[-1] if before else None
            if subject is None and group and text[ve : ve + 1] == "的":
                subject = self._object(ve, things)
            if subject is None and group:
                head = next((m for m in things if m.type in THING_TYPES and m.end <= lead), None)
                subject = head or self._carried(vs, sections=opening and text[ve : ve + 1] != "的")
            if subject is None and not group:
                before = [m for m in things if m.type in THING_TYPES and cs <= m.start and m.end <= vs]
                subject = before[-1] if before else None
            if subject is None:
                prev_verb = ve
                continue
            sent = (s, e)
            subjects = [subject]
            own = next((t for scope, t in self.layout.topics(vs) if scope == "block"), None)
            if group and own is not None and own.catalog_id != subject.catalog_id and own.type in THING_TYPES:
                subjects.append(own)  # **2022年：Chinchilla**——DeepMind提出最优缩放定律: both
            if v.group() in self.p.creation:
                anchor = lead if group else subject.start
                dated = [y for y in years if y.explicit and self._dates_event(y, vs, anchor, s, prev_verb)]
            else:
                dated = []
            for k, subj in enumerate(subjects):
                damp = 1.0 if k == 0 else 0.8
                if group:
                    extractor = "by_agent" if passive else "serial_verb" if serial else "agent_verb"
                    conf = (0.85 if obj or passive else 0.7) * damp * (0.9 if serial else 1.0)
                    self._credit(subj, group, suffix, sent, extractor, conf)
                    if affiliation:  # 多伦多大学的A、B与C提出了X: the organisation is credited too
                        self._credit(subj, affiliation, None, sent, "agent_affiliation", conf * 0.9)
                self._date(subj, dated, sent, "creation_year", round((0.7 if group else 0.6) * damp, 2))
            if group and not passive:
                shared = (group, suffix, lead)
            prev_verb = ve
        self._possessive(things, groups, (s, e))
        self._dated_possessive(things, years, (s, e))
        self._own_paper(things, (s, e))
        self._role_noun(things, groups, (s, e))

    def _dated_possessive(self, things: list[Mention], years: list[Value], sent: tuple[int, int]) -> None:
        """``费舍尔1932年的鸢尾花卉数据集``: the work after a person, a year and 的 is theirs, of that year.
        """
        text = self.text
        people = [m for m in (*things, *self.people) if m.type == "person" and sent[0] <= m.start < sent[1]]
        for person in people:
            m = _DATED_POSSESSIVE.match(text, person.end)
            work = m and next((t for t in things if t.start == m.end() and t.type in THING_TYPES), None)
            year = work and next((y for y in years if y.start == m.start("year") and y.explicit), None)
            if year is not None:
                self._credit(work, [person], None, sent, "dated_possessive", 0.65)
                self._date(work, [year], sent, "creation_year", 0.65)

    def _own_paper(self, things: list[Mention], sent: tuple[int, int]) -> None:
        """``图灵在他著名的论文《计算机器与智能》``, ``克劳德·香农，他在1948年的…论文《通信的数学理论》``,
        ``但在他1951年的论文《…》中``: the paper in title marks is the person's named before it in the
        clause or, after 他/她/其, the last person named before the pronoun (in this sentence or just
        before), with the people joined to them (``Minsky和Papert在其著作《Perceptrons》中``)."""
        text = self.text
        for t in things:
            marks = (text[t.start : t.start + 1], text[t.start - 1 : t.start])
            titled = t.detector == "title" or "《" in marks
            if not titled or t.type not in ("paper", "book"):
                continue
            pub = self.p.publication_before.search(text, sent[0], t.start)
            if pub is None:
                continue
            own = self.p.own_pronoun.search(text, max(sent[0], pub.start() - 24), pub.start())
            lo, end = (max(0, own.start() - 200), own.start()) if own else (sent[0], pub.start())
            people = [m for m in (*self.mentions, *self.people) if m.type == "person" and lo <= m.start]
            people = [m for m in people if m.end <= end]
            near = max(people, key=lambda m: m.end, default=None)
            if near is not None and (own or self.p.paper_gap.fullmatch(text, near.end, pub.start())):
                authors = [near]
                while joined := next((m for m in people if self._joins(m, authors[0])), None):
                    authors.insert(0, joined)
                self._credit(t, authors, None, sent, "own_paper", 0.75)

    def _joins(self, first: Mention, second: Mention) -> bool:
        """``Minsky和Papert``: only a conjunction lies between two people of one group."""
        return first.end < second.start and bool(_JOIN.match(self.text[first.end : second.start]))

    def _role_noun(self, things: list[Mention], groups: list[list[Mention]], sent: tuple[int, int]) -> None:
        """``DBN的主要发明者是A和B``: the group right after the copula created the thing."""
        for t in things:
            m = self.p.role_noun.match(self.text, t.end) if t.type in THING_TYPES else None
            group = next((g for g in groups if m and g[0].start == m.end()), None)
            if group:
                suffix = self.p.suffix.match(self.text, group[-1].end).group("suffix")
                self._credit(t, group, suffix, sent, "role_noun", 0.8)

    def _affiliation(self, orgs: list[Mention], people: list[Mention]) -> bool:
        """``谷歌的Christian Szegedy团队``, ``斯坦福教授李飞飞``: organisations, ``的`` or a member's
        title, then the people."""
        between = self.text[orgs[-1].end : people[0].start].strip()
        return (
            all(m.type == "organization" for m in orgs)
            and any(m.type == "person" for m in people)
            and bool(between)
            and self.p.member.fullmatch(between) is not None
        )

    def _dates_event(self, y: Value, verb: int, anchor: int, s: int, prev_verb: int) -> bool:
        """A year dates an event when written between its agents (or subject) at ``anchor`` and
        the verb, or in a date clause opening the sentence (``1986年，A发表…``)."""
        if not prev_verb <= y.start < verb:
            return False
        if anchor <= y.start:
            return True
        if not self.text[y.end : anchor].strip(" 由被"):  # 1980年福岛邦彦提出的…, 1976年由A和B提出的…
            return True
        between = _DAY.sub("", self.text[y.end : anchor], count=1)  # 2022年11月30日，OpenAI推出…
        return y.start - s <= 2 and not between.strip(" ，,、由是在于")

    def _possessive(self, things: list[Mention], groups: list[list[Mention]], sent: tuple[int, int]) -> None:
        """``Google(团队)的 X``: the organisation's; ``清华大学与智谱 AI 合作的 ChatGLM``: every partner's."""
        text = self.text
        for org in things:
            if org.type != "organization":
                continue
            m = _POSSESSIVE.match(text, org.end)
            target = m and next((t for t in things if t.start == m.end() and t.type in THING_TYPES), None)
            if not target:
                continue
            joint = m["joint"] and next((g for g in groups if g[-1] is org), None)
            owners = [a for a in joint or [org] if a.type == "organization"]
            self._credit(target, owners, None, sent, "possessive_org", 0.6)

    def series_label(self, s: int, e: int) -> None:
        """``1. OpenAI GPT 系列：从…GPT-3，到…ChatGPT，再到…GPT-4``: an item labelled with an organisation
        and a family is about that organisation's family; each model or system of the family it names
        (the family's name in its own) is theirs. Another family the item compares with is not."""
        text = self.text
        label = _SERIES_LABEL.match(text, s, e)
        if label is None:
            return
        things = self._within(s, e)
        orgs = [t for t in things if t.type == "organization" and t.end <= label.end("family")]
        if len(orgs) != 1 or text[s : orgs[0].start].strip(" -*•#0123456789.、）)"):
            return
        # Meta Llama 系列: the family after the organisation; Mistral AI 系列: the organisation's own name
        org = orgs[0]
        family = (text[org.end : label.end("family")].strip() or text[org.start : org.end].split()[0]).lower()
        for t in things:
            if t.start >= label.end() and t.type in _SERIES_TYPES and family in text[t.start : t.end].lower():
                self._credit(t, orgs, None, (s, e), "series_label", 0.6)

    def table_row(self, topic: Mention, cell: tuple[int, int], row: tuple[int, int]) -> None:
        s, e = cell
        things = self._within(s, e)
        agents = self._agents_in(s, e, things)
        covered = [(m.start, m.end) for m in agents]
        rest = [(a.start(), a.end()) for a in re.finditer(_CELL_NAME, self.text[s:e])]
        for a, b in rest:
            a, b = a + s, b + s
            if any(a < y and b > x for x, y in covered):
                continue
            if self.p.org_suffix.search(self.text, a, b) and not self.p.generic.fullmatch(self.text, a, b):
                agents.append(Mention(a, b, "organization", None, "table_creator", 0.5))
        if not agents:
            return
        suffix = re.search(
            alternation(list(self.cues.agent_et_al) + list(self.cues.agent_team)), self.text[s:e]
        )
        self._credit(topic, sorted(agents, key=lambda m: m.start), suffix.group() if suffix else None, row,
                     "table_creator", 0.85)  # fmt: skip
