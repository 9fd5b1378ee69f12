"""Candidate claims: every plausible (subject, value) pair of a scope, with named features.

A reader ties a value to the thing it is about by what stands between them
(``提出``, ``是``, ``的``, a parenthesis), by where they stand (the subject
opening the sentence, the row's name cell, the heading above) and by what the
value itself says (a unit, a metric, ``约``, ``亚军``). :class:`CandidateFinder`
writes that down for every pair in reach, without deciding anything; the
scorer (:mod:`pipeline.extract.scorer`) decides. The hand-written rules of
:mod:`~pipeline.extract.attribution` and :mod:`~pipeline.extract.attachment`
take part as features (``rule:agent_verb``): a pair a rule claims carries the
rule's name.

A candidate, as the scorer sees it::

    Candidate(attribute="year", subject=<AlexNet 41-48>, value=<2012 年 33-39>, scope="sentence",
              features={"year|pos:before_value": 1, "year|btw:creation_verb": 1, "year|explicit": 1, …})

Scopes, nearest first: ``sentence`` (a thing named in the value's sentence),
``block`` (the block's own topic: a dated bullet, a table row's name cell),
``parent`` (the list item above), ``section`` (the heading above),
``previous`` (what the previous sentence was about: ``它``, ``该模型``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from pipeline.extract.attachment import derived_of, respective_subject
from pipeline.extract.cues import Cues, alternation
from pipeline.extract.layout import Clauses, Layout
from pipeline.extract.records import AGENT_TYPES, THING_TYPES, Claim, Mention
from pipeline.extract.references import Reference
from pipeline.extract.values import Value, cell_number

#: what each attribute may be about; a number is never about a person or an organisation
SUBJECT_TYPES = {
    "year": (*THING_TYPES, "organization"),
    "creator": THING_TYPES,
    "organization": THING_TYPES,
    "error_rate": ("model", "system"),  # a method (CNN) has no error rate of its own: some model of it has
    "accuracy": ("model", "system"),
    "parameters": ("model", "system"),
    "layers": ("model",),
    "dataset_size": ("dataset", "benchmark", "event"),
    "classes": ("dataset", "benchmark", "event"),
}
GROUP = {"year": "year", "creator": "agent", "organization": "agent"}  # the rest: "num"
#: names of kinds of things, and the types of the things of a kind (CNN模型 … AlexNet)
KIND_TYPES = ("method", "concept")
INSTANCE_TYPES = ("model", "system")
#: things that, named in a value's clause, are what the value is about rather than a carried topic
BLOCKING_TYPES = ("method", "concept", "hardware", "model", "system", "software")
#: what may stand between a name and the parenthesis about it: a space, inline markup (`ELIZA` (1966))
_MARKUP_GAP = re.compile(r"[\s`*_]{0,3}")
#: what may stand before a sentence's subject: markup, a date, a connective
_OPENER = re.compile(
    r"\d{4}\s*年?(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?|[*#>\-•·\s，,：:、]|此后|随后|同年|其中|而|但|后来"
)
#: between a verb and its object: 了, 出, the makers' own pronoun, quotes, brackets, emphasis
#: (提出了“Transformer”, 设计了[AlexNet](…), 展示了他们的 ImageNet)
_OBJECT_GAP = r"\s*(?:了|出|出了|过|的是)?\s*(?:(?:{own})的?\s*)?[“\"《「\[*]*\s*"
#: 1970年代 - 1990年代, 上世纪90年代初到2012年: the year opens a period
_RANGE_ON = re.compile(r"\s*(?:[-–—~～]+|至|到)\s*(?:\d{2,4}|上世纪|[一二三四五六七八九十]{2}世纪)")
#: 2014年ILSVRC, 2012年的 ImageNet 挑战赛: a year joined to a contest names its edition, unless the
#: edition is the first (2010年 ILSVRC 首次举办)
_EDITION_GAP = re.compile(r"\s*的?\s*")
#: 2014 年 ImageNet 分类比赛: a dataset's name before a contest noun names the contest
_CONTEST_AFTER = re.compile(r"\s*[\u4e00-\u9fff]{0,4}?(?:比赛|竞赛|挑战赛|大赛)")
_FOUNDING = re.compile(r"\s*(?:\S{0,4}?)(?:首次|首届|第一届|创办|创立|开始举办|诞生)")
#: 2020年发布的 GPT-3: the verb's clause modifies the subject directly
_DE_GAP = re.compile(r"\s*的\s*[“\"《「\[*]*\s*")
_COORD = re.compile(r"\s*(?:[、，,/&]|和|与|及|以及|and)\s*")
_DIMENSION = re.compile(r"\s*[*x×]\s*\d")
_LIFESPAN = re.compile(r"\s*\d{4}\s*(?:[-–—~～至]+|到)\s*\d{4}\s*[）)]")
_DIMENSION_BEFORE = re.compile(r"\d\s*[*x×]\s*$")
#: 每个类有6000个图像，其中训练集5000张: 其中 ("of which") splits the per-item count before it
_PARTITION = re.compile(r"[\s，,]*其中")
_PER_ITEM = re.compile(r"每(?:个|一个|一|张|类|种)")
_PERIOD_AFTER = re.compile(r"\s*(?:年)?\s*(?:之间|期间|间|至今|以来|到现在|到今天)")
_PERIOD_TO = re.compile(r"(?:到|至|~|-)\s*$")
#: a table cell holding one number and at most its magnitude or unit
_NUMBER_CELL = re.compile(r"\s*[\d.,]+\s*(?:[万亿KMBTG%]|million|billion)?\s*")
#: how far a previous sentence's subject is carried (characters)
PREVIOUS_REACH = 240


@dataclass(frozen=True)
class Slot:
    """A value that could fill an attribute: a date, a number, or an agent's mention."""

    attribute: str
    start: int
    end: int
    norm: str
    num: float | None
    unit: str | None
    qualifiers: dict = field(compare=False)
    kind: str = "value"  # year, percent, count, cell, agent
    agent: Mention | None = None
    features: dict = field(default_factory=dict, compare=False)
    listed: tuple[int, int] | None = field(default=None, compare=False)  # see Value.listed


@dataclass
class Candidate:
    attribute: str
    subject: Mention
    slot: Slot
    scope: str
    evidence: tuple[int, int]
    features: dict[str, float]
    rules: list[str] = field(default_factory=list)
    rule_qualifiers: dict | None = None  # of the most confident rule claiming the pair
    rule_confidence: float = 0.0

    @property
    def group(self) -> str:
        return GROUP.get(self.attribute, "num")

    def key(self) -> tuple:
        return (self.attribute, self.subject.start, self.subject.end, self.slot.start, self.slot.end)


@dataclass(frozen=True)
class Patterns:
    creation: re.Pattern
    object_gap: re.Pattern
    attribution: re.Pattern
    copula: re.Pattern
    by: re.Pattern
    comparison: re.Pattern
    won: re.Pattern
    inherited: re.Pattern
    likened_after: re.Pattern
    likened_before: re.Pattern
    instrument: re.Pattern
    base: re.Pattern
    coord: re.Pattern
    pronoun: re.Pattern
    hedge: re.Pattern
    approx_before: re.Pattern
    approx_after: re.Pattern
    bound_before: re.Pattern
    bound_after: re.Pattern
    since_after: re.Pattern
    total_before: re.Pattern
    param_cue: re.Pattern
    role: re.Pattern
    date_roles: tuple[tuple[str, re.Pattern], ...]
    win: re.Pattern
    et_al: re.Pattern
    any_verb: re.Pattern
    agent_label: re.Pattern
    per: re.Pattern
    classifier: re.Pattern
    predicate: re.Pattern
    copula_agent: re.Pattern
    list_anaphor: re.Pattern
    product_of: re.Pattern
    negation: re.Pattern
    negated_verb: re.Pattern
    circumstance_end: re.Pattern
    frame_open: re.Pattern
    frame_tail: re.Pattern
    agent_place: re.Pattern
    generic_head: re.Pattern
    possession: re.Pattern
    publication: re.Pattern
    dated_title: re.Pattern
    derived: re.Pattern
    drawn: re.Pattern


@cache
def patterns(cues: Cues) -> Patterns:
    def alt(words) -> str:
        return alternation(list(words))

    return Patterns(
        creation=re.compile(alt(cues.creation_verbs)),
        object_gap=re.compile(_OBJECT_GAP.format(own=alt(cues.own_pronouns))),
        attribution=re.compile(alt(cues.attribution_verbs)),
        copula=re.compile(r"(?:^|\s)(?:是|为|乃|即)"),
        by=re.compile(alt(cues.agent_by)),
        comparison=re.compile(rf"(?:{alt(cues.comparison)})\s*[“\"《]?$"),
        won=re.compile(rf"(?:{alt(cues.won_verbs)})\s*了?\s*[“\"《「]?\s*$"),
        inherited=re.compile(rf"(?:{alt(cues.inherit_verbs)})\s*了?[^，。；,;\s]{{0,4}}\s*$"),
        likened_before=re.compile(rf"(?:{alt(cues.likeness_before)})[^，。；,;\s]{{0,4}}\s*$"),
        likened_after=re.compile(rf"[^，。；,;]{{0,8}}?(?:{alt(cues.likeness_after)})"),
        instrument=re.compile(rf"(?:{alt(cues.instrument)})\s*[“\"《]?$"),
        base=re.compile(r"\s*的?\s*基础上"),
        coord=re.compile(r"^\s*(?:[、，,&/]|和|与|及|以及|and)\s*$"),
        pronoun=re.compile(rf"\s*(?:{alt(cues.anaphora)})"),
        hedge=re.compile(alt(cues.hedges)),
        approx_before=re.compile(rf"(?:{alt(cues.approx_before)})\s*$"),
        approx_after=re.compile(rf"\s*(?:{alt(cues.approx_after)})"),
        bound_before=re.compile(rf"(?:{alt(cues.bounds_before)})\s*(?:了|近|约|有)?\s*$"),
        bound_after=re.compile(rf"\s*(?:{alt(cues.bounds_after)})"),
        since_after=re.compile(rf"\s*(?:{alt(cues.since_after)})"),
        total_before=re.compile(rf"(?:{alt(cues.total_before)})\s*(?:了|约|近)?\s*$"),
        param_cue=re.compile(alt(cues.count_before["parameters"]) + r"|参数|parameters|params", re.I),
        role=re.compile(alt([w for ws in cues.roles.values() for w in ws])),
        date_roles=tuple((role, re.compile(alt(words))) for role, words in cues.date_roles.items()),
        win=re.compile(alt(cues.date_roles["won"])),
        et_al=re.compile(rf"\s*(?:{alt(list(cues.agent_et_al) + list(cues.agent_team))})"),
        any_verb=re.compile(alt([*cues.creation_verbs, *cues.attribution_verbs, *cues.date_roles["won"]])),
        agent_label=re.compile(rf"[\s*#>\-•]*(?:{alt(cues.agent_labels)})\s*[:：]", re.I),
        per=re.compile(r"每(?:个|一个|一|张|类|种|年|次)?[^，。；\d]{0,4}$"),
        classifier=re.compile(r"(?:一种|一个|一类|一款|一项|这种|这类|该类)(?:[^，。；]{0,8}?的)?\s*$"),
        list_anaphor=re.compile(alt(cues.list_anaphors)),
        copula_agent=re.compile(rf"\s*(?:{alt(cues.copula_adverbs)})?\s*(?:是|为|乃是)\s*"),
        product_of=re.compile(
            rf"的\s*(?:另?一[种个款项])?\s*(?:{alt(cues.product_nouns)})(?:之一)?\s*(?:[。；;，,]|$)"
        ),
        # X是…的Y, X为Y; not 称为/名为 Y, which names the thing itself (…的卷积神经网络，称为 LeNet)
        predicate=re.compile(
            r"(?:是|(?<![称名])为|即|乃)[^，。；]{0,40}?的\s*(?=[^的]{0,2}$)|(?:是|(?<![称名])为)\s*(?=\S{0,2}$)"
        ),
        negation=re.compile(f"(?:{alt(cues.negations)})$"),
        negated_verb=re.compile(
            rf"(?:{alt(cues.negations)})[^，。；]{{0,2}}"
            rf"(?:{alt([*cues.creation_verbs, *cues.attribution_verbs])})"
        ),
        circumstance_end=re.compile(rf"(?:{alt(cues.circumstance_ends)})\s*$"),
        frame_open=re.compile(rf"在\s*(?:{alt(cues.frame_partners)})?\s*$"),
        frame_tail=re.compile(rf"[^，。；,;：:！？!?\n]{{0,14}}?(?:{alt(cues.frame_closers)})"),
        agent_place=re.compile(rf"\s*的?\s*(?:{alt(cues.agent_places)})"),
        generic_head=re.compile(
            rf"\s*(?:{alt([w for u in cues.count_units for w in u.words])})?\s*(?:的)?[\u4e00-\u9fff]{{0,3}}?"
            rf"(?:{alt(cues.generic_heads)})"
        ),
        # X包含…/X数据包括…: the subject, at most a few words, a possession verb, at most a few words
        possession=re.compile(rf"^[^，。；,;：:]{{0,6}}?(?:{alt(cues.possession_verbs)})[^，。；,;]{{0,8}}$"),
        derived=derived_of(cues),
        drawn=re.compile(
            rf"[^，。；,;]{{0,8}}?(?:{alt(cues.drawn_verbs)})(?:出|而来|而成)?的[^，。；,;]{{0,12}}?"
            rf"(?:{alt(cues.drawn_heads)})"
        ),
        publication=re.compile(rf"(?:{alt(cues.publication_nouns)})\s*[《“\"「]?\s*$", re.I),
        dated_title=re.compile(
            rf"\s*(?:年)?\s*(?:发表|出版|问世|提出)?\s*的\s*[^，。；,;《“\"「]{{0,8}}?"
            rf"(?:{alt(cues.publication_nouns)})?\s*[《“\"「]\s*",
            re.I,
        ),
    )


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for i, edge in enumerate(edges):
        if n <= edge:
            return str(i)
    return str(len(edges))


class CandidateFinder:
    """Candidates of one document (the simplified shadow, its layout and its mentions)."""

    def __init__(self, text: str, layout: Layout, clauses: Clauses, mentions: list[Mention], cues: Cues,
                 references: Sequence[tuple[Reference, Mention]] = ()):  # fmt: skip
        self.text, self.layout, self.clauses, self.cues = text, layout, clauses, cues
        self.p = patterns(cues)
        # a reference's authors and year, by start, belong to its title's work
        self.reference_of: dict[int, Mention] = {}
        for ref, title in references:
            for a, _ in ref.authors:
                self.reference_of[a] = title
            self.reference_of[ref.year[0]] = title
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.out: dict[tuple, Candidate] = {}
        self._verb_cache: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self._opens_cache: dict[tuple[int, int], bool] = {}  # one scan per (sentence, subject)
        self._anaphor_lists: dict[int, bool] = {}  # list item block → its list is the topic's
        # asked once per value (and pair) of a sentence, answered once per sentence or value
        self._within_cache: dict[tuple[int, int], list[Mention]] = {}
        self._previous_cache: dict[int, Mention | None] = {}
        self._paren_cache: dict[tuple[int, int], tuple[list[Mention], Mention | None]] = {}

    # --- helpers ------------------------------------------------------------

    def _within(self, s: int, e: int) -> list[Mention]:
        """The mentions inside ``[s, e)`` (one list per span: callers only read it)."""
        key = (s, e)
        if key not in self._within_cache:
            lo, hi = bisect.bisect_left(self.starts, s), bisect.bisect_left(self.starts, e)
            self._within_cache[key] = [m for m in self.mentions[lo:hi] if m.end <= e]
        return self._within_cache[key]

    def _previous_subject(self, sent_start: int) -> Mention | None:
        """The first thing named in the sentence before this one, if it is close."""
        if sent_start not in self._previous_cache:
            self._previous_cache[sent_start] = self._find_previous_subject(sent_start)
        return self._previous_cache[sent_start]

    def _find_previous_subject(self, sent_start: int) -> Mention | None:
        lo = bisect.bisect_left(self.starts, max(0, sent_start - PREVIOUS_REACH))
        hi = bisect.bisect_left(self.starts, sent_start)
        before = [m for m in self.mentions[lo:hi] if m.type not in AGENT_TYPES]
        if not before:
            return None
        prev_sent = self.layout.sentence(before[-1].start, before[-1].end)
        firsts = [m for m in before if m.start >= prev_sent[0]]
        return firsts[0] if firsts else None

    def _opens(self, sent: tuple[int, int], pos: int) -> bool:
        """Only markup, a date or a connective stand between the sentence start and ``pos``."""
        key = (sent[0], pos)
        if key not in self._opens_cache:  # asked once per value and subject: scan once per subject
            self._opens_cache[key] = not _OPENER.sub("", self.text[sent[0] : pos])
        return self._opens_cache[key]

    # --- features -------------------------------------------------------------

    def _slot_features(self, slot: Slot, sent: tuple[int, int], clause: tuple[int, int]) -> dict[str, float]:
        text, p = self.text, self.p
        f: dict[str, float] = {f"kind:{slot.kind}": 1.0, f"attr:{slot.attribute}": 1.0}
        f.update(slot.features)
        before = text[max(clause[0], slot.start - 8) : slot.start]
        after = text[slot.end : min(clause[1] + 2, slot.end + 10)]
        if p.hedge.search(text, sent[0], sent[1]):
            f["hedge_in_sentence"] = 1.0
        if p.approx_before.search(before) or p.approx_after.match(after):
            f["approx"] = 1.0
        if p.bound_before.search(before) or p.bound_after.match(after):
            f["bound"] = 1.0
        if p.role.search(text, max(clause[0], slot.start - 12), slot.start):
            f["role_cue"] = 1.0
        if slot.kind == "year":
            if self._opens(sent, slot.start):
                f["year_opens_sentence"] = 1.0
            if p.since_after.match(after):
                f["year_since"] = 1.0
            if slot.qualifiers.get("granularity") == "decade":
                f["year_decade"] = 1.0  # 1970年代, 上世纪90年代初: an era, seldom the day a work appeared
            if _RANGE_ON.match(after):
                f["year_range_start"] = 1.0  # 1970年代 - 1990年代, 90年代初到2012年之间: a period's start
            if re.search(r"[（(]\s*$", text[max(0, slot.start - 2) : slot.start]):
                f["year_in_paren"] = 1.0
            if re.search(r"[于在]\s*$", text[max(0, slot.start - 2) : slot.start]):
                f["year_after_yu"] = 1.0
            if p.creation.match(after.lstrip(" 年月日的")) or p.attribution.match(after.lstrip(" 年月日的")):
                f["year_then_verb"] = 1.0
            if p.win.search(text, slot.end, min(sent[1], slot.end + 30)):
                f["win_after_year"] = 1.0
        if slot.kind == "count":
            if p.total_before.search(text, max(clause[0], slot.start - 6), slot.start):
                f["total_cue"] = 1.0
            if slot.attribute == "parameters" and slot.unit is None:
                f["magnitude_only"] = 1.0
                if p.param_cue.search(text, clause[0], clause[1]):
                    f["param_cue_in_clause"] = 1.0
        if slot.kind == "agent" and p.agent_label.match(text, sent[0]):
            f["agent_labelled_line"] = 1.0  # 作者： Volodymyr Mnih, Koray Kavukcuoglu, …
        if slot.kind == "agent":
            assert slot.agent is not None
            f[f"agent:{slot.agent.type}"] = 1.0
            if slot.agent.catalog_id:
                f["agent_catalogued"] = 1.0
            if p.et_al.match(text, slot.agent.end):
                f["agent_et_al"] = 1.0
            if re.search(r"在\s*$", text[max(0, slot.start - 2) : slot.start]):
                f["agent_after_zai"] = 1.0
            if re.match(r"\s*(?:团队|公司)?\s*的", text[slot.end : slot.end + 4]):
                f["agent_possessive"] = 1.0
        return f

    def _pair_features(self, slot: Slot, subject: Mention, scope: str, sent: tuple[int, int],
                       clause: tuple[int, int], things: list[Mention]) -> dict[str, float]:  # fmt: skip
        text, p = self.text, self.p
        f: dict[str, float] = {f"scope:{scope}": 1.0, f"type:{subject.type}": 1.0}
        if scope in ("section", "parent") and self._list_of_anaphor(slot.start):
            f["topic:list_of_anaphor"] = 1.0  # COCO简介…该数据集的特点如下：- 超过 300,000 张图像
        if self.reference_of.get(slot.start) is subject:
            f["rule:reference_entry"] = 1.0
        elif slot.start in self.reference_of:
            f["reference:other"] = 1.0
        if subject.catalog_id:
            f["subject_catalogued"] = 1.0
        else:
            f[f"detector:{subject.detector}"] = 1.0
        same_kind = [m for m in things if m.type not in AGENT_TYPES]
        if scope in ("row", "row_other"):
            return {**f, **self._row_features(slot, subject)}
        if scope != "sentence":
            f["sentence_names_things"] = 1.0 if same_kind else 0.0
            if scope == "previous" and p.pronoun.match(text, sent[0]):
                f["pronoun_opens"] = 1.0
            return f
        if subject.end <= slot.start:
            a, b, f["pos:subject_first"] = subject.end, slot.start, 1.0
        else:
            a, b, f["pos:value_first"] = slot.end, subject.start, 1.0
        between = text[a:b]
        f[f"dist:{_bucket(b - a, (2, 8, 20, 50))}"] = 1.0
        inner = [m for m in same_kind if m is not subject and a <= m.start and m.end <= b]
        f[f"between_things:{min(len(inner), 2)}"] = 1.0
        if self.clauses.span(subject.start, *sent) == clause:
            f["same_clause"] = 1.0
        if same_kind and same_kind[0] is subject:
            f["subject_first_thing"] = 1.0
        if self._opens(sent, subject.start):
            f["subject_opens"] = 1.0
        if subject.end <= slot.start:
            side = [m for m in same_kind if m.end <= slot.start]
            nearest = side[-1] if side else None
        else:
            side = [m for m in same_kind if m.start >= slot.end]
            nearest = side[0] if side else None
        if nearest is subject:
            f["nearest"] = 1.0
        f.update(self._verb_relations(slot, subject, sent, same_kind))
        if self._paren_owner(slot, things) is subject:
            f["rule:paren_owner"] = 1.0  # a labelling function of the scorer's, with a record like a rule's
        if p.creation.search(between):
            f["btw:creation_verb"] = 1.0
        elif p.attribution.search(between):
            f["btw:attribution_verb"] = 1.0
        if p.copula.search(between):
            f["btw:copula"] = 1.0
        if p.by.search(between):
            f["btw:by"] = 1.0
        if "的" in between:
            f["btw:de"] = 1.0
        if re.search(r"[，,；;。]", between):
            f["btw:clause_break"] = 1.0
        if p.coord.match(between):
            f["btw:coord_only"] = 1.0
        if subject.end <= slot.start and re.fullmatch(r"\s*[（(][^）)]*", between):
            f["btw:paren_open"] = 1.0
        if slot.kind == "count" and subject.end <= slot.start and not inner and p.possession.match(between):
            f["rel:subject_has_value"] = 1.0  # ImageNet包含2万多个类别
        if p.comparison.search(text, max(sent[0], subject.start - 4), subject.start):
            f["pre:comparison"] = 1.0
        if p.instrument.search(text, max(sent[0], subject.start - 4), subject.start):
            f["pre:instrument"] = 1.0
        if p.base.match(text, subject.end):
            f["post:base"] = 1.0
        if p.derived.match(text, subject.end):
            f["post:derived_of"] = 1.0  # CIFAR-100是CIFAR-10的扩展: CIFAR-10 is what it extends
        if re.search(r"从\s*$", text[max(sent[0], subject.start - 2) : subject.start]):
            f["pre:from"] = 1.0
        if p.publication.search(text, max(sent[0], subject.start - 6), subject.start):
            f["pre:publication"] = 1.0  # 论文《计算机器与智能》: the title of a paper or a book
        if (
            slot.kind == "year"
            and subject.detector == "title"
            and b == subject.start
            and p.dated_title.fullmatch(between)
        ):
            f["rel:year_of_title"] = 1.0  # 他1951年的论文《…》, 2017年发表的《…》: the year the work came out
        if _qualifies(text, slot, subject):
            f["rel:value_de_subject"] = 1.0  # 175B 的 GPT-3, 700 亿参数的 Chinchilla
        agent = slot.agent
        if agent is not None and agent.type == "organization" and _prefixes(text, agent, subject):
            f["rel:org_prefix"] = 1.0  # 华为盘古, NVIDIA GTX580: the maker's name before the product's
        if (
            slot.agent is not None
            and subject.end <= slot.start
            and p.copula_agent.fullmatch(text, subject.end, slot.start)
            and p.product_of.search(text, slot.end, clause[1] + 1)
        ):
            f["rel:copula_product"] = 1.0  # GPT-2 则是 OpenAI 在 GPT-1 的基础上…的产物: what A made
        if _KIND_AFTER.match(text, subject.end) or _KIND_BEFORE.search(
            text, max(sent[0], subject.start - 3), subject.start
        ):
            f["kind_of"] = 1.0  # BERT 类模型（0.5B 参数）, 类 GPT 架构: said of models like the name
        return f

    def _row_features(self, slot: Slot, subject: Mention) -> dict[str, float]:
        """Where the pair sits in a table row: the column the value is in, a name the value labels
        (``OpenAI-GPT-4``), names listed in one cell (``Meta-LLaMA；复旦-MOSS``)."""
        i = self.layout.block_index(slot.start)
        info = self.layout.blocks[i] if i is not None else None
        if info is None or info.row is None:
            return {}
        row, text, f = info.row, self.text, {}

        def inside(span: tuple[int, int] | None, a: int, b: int) -> bool:
            return span is not None and span[0] <= a and b <= span[1]

        if any(inside(c, slot.start, slot.end) for c in row.creators):
            f["cell:creator_column"] = 1.0
        if inside(row.year, slot.start, slot.end):
            f["cell:year_column"] = 1.0
        if subject.start == slot.end + 1 and text[slot.end] == "-":
            f["rule:labels_subject"] = 1.0
        cell = next((c for c in info.block.cells if c[0] <= subject.start and subject.end <= c[1]), None)
        if cell and re.search(r"[；;、,，|]", text[cell[0] : cell[1]]):
            f["cell:listed"] = 1.0
        return f

    def _verbs(self, sent: tuple[int, int]) -> list[tuple[int, int]]:
        """Crediting and creating verbs of a sentence (not negated), found once per sentence."""
        if sent not in self._verb_cache:
            p, text = self.p, self.text
            self._verb_cache[sent] = [
                m.span() for m in p.any_verb.finditer(text, *sent)
                if not p.negation.search(text, max(sent[0], m.start() - 3), m.start())
            ]  # fmt: skip
        return self._verb_cache[sent]

    def _verb_relations(self, slot: Slot, subject: Mention, sent: tuple[int, int],
                        things: list[Mention]) -> dict[str, float]:  # fmt: skip
        """How the pair sits around a verb: ``A于2014年提出X`` (value, verb, object), ``X由A设计``
        (subject, value, verb), ``X发布于2020年`` (subject, verb, value), ``A提出的X``."""
        text, p, f = self.text, self.p, {}
        vs, ve, ss, se = slot.start, slot.end, subject.start, subject.end
        starts = [m.start for m in things]  # in text order: what stands between is counted by bisection
        for a, b in self._verbs(sent):
            if ve <= a and b <= ss:
                # nothing else named between the verb and the subject (which starts at ss itself)
                clear = bisect.bisect_left(starts, ss) == bisect.bisect_left(starts, b)
                if clear and p.object_gap.fullmatch(text, b, ss):
                    f["rel:value_verb_object"] = 1.0
                elif clear and _DE_GAP.fullmatch(text, b, ss):
                    f["rel:value_verb_de_subject"] = 1.0
                elif clear and ss - b <= 8 and "的" in text[b:ss]:
                    f["rel:value_verb_modified_subject"] = 1.0
                elif clear and self._opens(sent, vs):
                    f["rel:opening_value_verb_subject"] = 1.0
            elif se <= vs and ve <= a and a - ve <= 10 and not re.search(r"[，,。；;]", text[se:a]):
                f["rel:subject_value_verb"] = 1.0
            elif se <= a and b <= vs and vs - b <= 4:
                f["rel:subject_verb_value"] = 1.0
        return f

    # --- candidates -----------------------------------------------------------

    def add(self, slot: Slot, sent: tuple[int, int]) -> None:
        """Candidates for ``slot`` with every allowed subject in reach."""
        allowed = SUBJECT_TYPES[slot.attribute]
        clause = self.clauses.span(slot.start, *sent)
        things = self._within(*sent)
        title = self.reference_of.get(slot.start)
        i = self.layout.block_index(slot.start)
        row = self.layout.blocks[i].row if i is not None else None
        if title is not None:  # a reference's author or year belongs to the work it cites, only
            reach: list[tuple[str, Mention]] = [("sentence", title)]
        elif row is not None:  # a table cell is about its row's name; other cells are context
            reach = [("row" if any(a <= m.start and m.end <= b for a, b in row.names) else "row_other", m)
                     for m in things if m is not slot.agent]  # fmt: skip
            reach += [(sc, t) for sc, t in self.layout.topics(slot.start) if sc != "block"]
        else:
            reach = [("sentence", m) for m in things if m is not slot.agent]
            reach += self.layout.topics(slot.start)
            if prev := self._previous_subject(sent[0]):
                reach.append(("previous", prev))
        slot_f = self._slot_features(slot, sent, clause)
        # A和B…分别提供10和100类: 10 is A's, never B's (one answer per slot, not per pair)
        own = respective_subject(self.text, things, sent, slot.start, slot.listed, allowed)
        seen: set[tuple[int, int]] = set()
        for scope, subject in reach:
            # a catalogued type is known; a discovered one is a guess (a feature, not a rule)
            fits = subject.type in allowed or (subject.catalog_id is None and subject.type in THING_TYPES)
            if not fits or (subject.start, subject.end) in seen:
                continue
            if subject.start < slot.end and slot.start < subject.end:
                continue  # the value is part of the name (GPT-3, ILSVRC 2012)
            if own is not None and scope == "sentence" and subject is not own:
                continue
            if self._vetoed(slot, subject, scope, sent, clause, things):
                continue
            seen.add((subject.start, subject.end))
            pair = self._pair_features(slot, subject, scope, sent, clause, things)
            if own is subject and scope == "sentence":
                pair["respective:own"] = 1.0
            group = GROUP.get(slot.attribute, "num")
            feats = {f"{group}|{k}": v for k, v in {**slot_f, **pair}.items() if v}
            feats[f"{group}|bias"] = 1.0
            cand = Candidate(slot.attribute, subject, slot, scope, sent, feats)
            self.out.setdefault(cand.key(), cand)

    def _vetoed(self, slot: Slot, subject: Mention, scope: str, sent: tuple[int, int],
                clause: tuple[int, int], things: list[Mention]) -> bool:  # fmt: skip
        """What a reader never reads as a claim, whatever else the pair has going for it:

        * a credit or a date under a negated verb (``并未发明``) when the sentence credits nothing else;
        * a subject that is compared with (``超越GPT-3``) or used (``用RefinedWeb训练``), or sits in a
          circumstance clause (``微调GPT-3时，…``);
        * for a number: a carried topic when the value's own clause names a thing (``20层CNN…18.7%``),
          and any subject but the bullet's own for a value of a generic noun (``1750亿参数模型``).
        """
        text, p = self.text, self.p
        if slot.agent is not None:
            agent = slot.agent
            owned = subject.detector == "org_possessive"
            if owned and not _POSSESSOR_GAP.fullmatch(text, agent.end, subject.start):
                return True  # 谷歌团队借鉴了苹果的Siri: a name known as 苹果's is no other agent's
            if _HYPHEN_NAME.match(text, agent.end) and subject.start != agent.end + 1:
                return True  # Meta-LLaMA；微软-Pi: an organisation labels the name it is joined to
            if (
                agent.start
                and text[agent.start - 1] == "-"
                and any(m.end == agent.start - 1 and m.type == "organization" for m in things)
            ):
                return True  # 幻方-DeepSeek: the name an organisation labels makes nothing here
            if _COORD.fullmatch(text, min(slot.end, subject.end), max(slot.start, subject.start)):
                return True  # CommonCrawl、C4、Github、Wikipedia: listed side by side, not made by each other
            if self._framed(agent, subject, sent):
                return True  # GPT-4在斯坦福医学考试中击败…: where it happened, not who made GPT-4
            if p.won.search(text, max(sent[0], subject.start - 5), subject.start):
                return True  # 通过设计AlexNet赢得 ImageNet 竞赛: what was won or beaten, not what was made
        if scope == "sentence" and slot.start >= subject.end:
            drawn = p.drawn.match(text, subject.end)
            if drawn and slot.start >= drawn.end():
                return True  # ImageNet数据下获取的detection数据集，200类: the drawn set's, not ImageNet's
        if scope in ("sentence", "row", "row_other") and self._in_longer_quoted_name(subject):
            return True  # 使用「双流卷积神经网络」的方法: the quoted name is another thing than CNN
        if scope == "sentence" and slot.attribute in GROUP and self._one_of_kind(subject, things):
            return True  # Krizhevsky提出的CNN模型…被称作AlexNet: the credit is AlexNet's, not CNN's
        if scope == "sentence" and self._category(subject, things, sent):
            return (
                True  # 提出了一种新的卷积神经网络变体AlexNet; X是…发布的预训练语言模型: a kind, not the thing
            )
        if slot.kind == "year" and self._period(slot):
            return True  # 在上世纪90年代初到2012年之间: a period, not a date of anything
        if slot.kind == "count" and (
            p.per.search(text, max(clause[0], slot.start - 8), slot.start)
            or _DIMENSION.match(text, slot.end)
            or _DIMENSION_BEFORE.search(text, max(0, slot.start - 4), slot.start)
            or (slot.attribute == "dataset_size" and self._per_partition(clause, sent))
        ):
            return True  # 每个类有6000个图像 counts per class, and so does 其中训练集5000张; 32*32 is a size
        if slot.kind == "year" and self._lifespan(slot, things):
            return True  # 唐纳德·赫布 (1904--1985): a person's life, not a date of anything else
        if (
            slot.kind == "year"
            and (subject.type == "event" or _CONTEST_AFTER.match(text, subject.end))
            and _EDITION_GAP.fullmatch(text, slot.end, subject.start)
            and not _FOUNDING.match(text, subject.end)
        ):
            return True  # 在2014年ILSVRC提出的模型: the year names the contest's edition, not its start
        owner = self._paren_owner(slot, things)
        if owner is not None and subject is not owner and scope == "sentence":
            return True  # GPT-2（2019年，15亿参数）: a parenthesis is about the name it follows
        verbs = self._verbs(sent)
        if (
            slot.attribute in ("year", "creator", "organization")
            and not verbs
            and p.negated_verb.search(text, *sent)
        ):
            return True
        if (
            scope == "sentence"
            and subject is not self.reference_of.get(slot.start)
            and subject is not owner
            and not _qualifies(text, slot, subject)
        ):  # a parenthesis or a count that qualifies a name stays its own however the name is framed:
            # 比 GPT-3（1750 亿参数）多, 超过了 13B 的 LLaMA 2
            if p.comparison.search(text, max(sent[0], subject.start - 4), subject.start):
                return True
            if p.instrument.search(text, max(sent[0], subject.start - 4), subject.start):
                return True
            taken = p.inherited.search(text, max(sent[0], subject.start - 8), subject.start)
            if taken and not taken.start() <= slot.start < subject.end:
                return True  # GPT-1沿承了传统 Transformer 的模型结构，使用了12层: GPT-1's layers
            if p.likened_before.search(
                text, max(sent[0], subject.start - 8), subject.start
            ) and p.likened_after.match(text, subject.end):
                return True  # GPT 模型和原始 Transformer 模型类似，选择了12层: what GPT is likened to
            before = text[max(sent[0], subject.start - 2) : subject.start]
            if slot.agent is not None and _LOCATIVE.match(f"{before}|{text[subject.end : subject.end + 4]}"):
                return True  # 在GPU硬件上运行的…: a place a thing is made on, not what was made
            ms, me = self.clauses.span(subject.start, *sent)
            if ms != clause[0] and p.circumstance_end.search(text, subject.end, me):
                return True
        if scope in ("parent", "section", "previous") and GROUP.get(slot.attribute) in ("agent", "year"):
            allowed = SUBJECT_TYPES[slot.attribute]
            if any(m.type in allowed and m is not slot.agent and clause[0] <= m.start and m.end <= clause[1]
                   for m in things):  # fmt: skip
                return True  # 2023年Meta的LLaMA-2用Chinchilla策略: the clause names what Meta made
        if GROUP.get(slot.attribute, "num") != "num" or slot.kind == "cell":
            return False
        # 总共22层网络: a total is the whole of what the sentence is about, not a generic network
        generic = bool(p.generic_head.match(text, slot.end)) and not (
            slot.kind == "count" and p.total_before.search(text, max(clause[0], slot.start - 6), slot.start)
        )
        if scope == "sentence":
            return generic and self.clauses.span(subject.start, *sent) != clause
        if generic and scope != "block":
            return True
        return scope in ("parent", "section", "previous") and any(
            m.type in BLOCKING_TYPES and clause[0] <= m.start and m.end <= slot.start for m in things
        )

    def _list_of_anaphor(self, pos: int) -> bool:
        """``pos`` is in a list introduced by a line that points back to the topic and announces
        the list (``该数据集主要有的特点如下：``): the items are the topic's."""
        i = self.layout.block_index(pos)
        if i is None or self.layout.blocks[i].block.kind != "list_item":
            return False
        if i not in self._anaphor_lists:  # once per list: its items share the line before them
            j = i
            while j > 0 and self.layout.blocks[j].block.kind == "list_item":
                j -= 1
            intro = self.layout.blocks[j].block
            line = self.text[intro.start : intro.end].rstrip(" *")
            announces = intro.kind == "paragraph" and line.endswith(("：", ":"))
            found = announces and bool(self.p.list_anaphor.search(line))
            end = i
            while end < len(self.layout.blocks) and self.layout.blocks[end].block.kind == "list_item":
                end += 1
            first = j if intro.kind == "list_item" else j + 1  # a list opening the document has no intro
            self._anaphor_lists.update(dict.fromkeys(range(first, end), found))
        return self._anaphor_lists[i]

    def _per_partition(self, clause: tuple[int, int], sent: tuple[int, int]) -> bool:
        """A clause of a 其中 list (其中训练集5000张，验证集1000张) after a clause that counts per item
        (每个类有6000个图像): the parts are per item too."""
        text = self.text
        at = text.rfind("其中", sent[0], clause[0] + 4)
        if at <= sent[0]:
            return False
        part = self.clauses.span(at, *sent)
        if not _PARTITION.match(text, part[0]) or part[0] <= sent[0]:
            return False
        before = self.clauses.span(part[0] - 1, *sent)
        return bool(_PER_ITEM.search(text, *before))

    def _one_of_kind(self, subject: Mention, things: list[Mention]) -> bool:
        """The subject names a kind (a method or concept) followed by an instance noun (``CNN模型``,
        ``RNN架构``: one model of that kind) while the sentence names a model or system: a credit or
        date of "a CNN model" is the named model's (``…该模型被称作AlexNet``), not the kind's."""
        if subject.type not in KIND_TYPES:
            return False
        after = self.text[subject.end : subject.end + 6].lstrip()
        if not after.startswith(tuple(self.cues.instance_heads)):
            return False
        return any(m is not subject and m.type in INSTANCE_TYPES for m in things)

    def _in_longer_quoted_name(self, subject: Mention) -> bool:
        """The subject's name is part of a longer quoted name (「双流卷积神经网络」): words before it make
        the quoted name another thing, of which the subject's is only a part. Words after it do not
        (“Chinchilla优化策略”, 「CNN模型」 are the subject's own)."""
        text = self.text
        lo = max(0, subject.start - _QUOTE_REACH)
        for opener, closer in _QUOTES:
            o = text.rfind(opener, lo, subject.start)
            if o < 0 or closer in text[o + 1 : subject.start]:
                continue
            c = text.find(closer, subject.end, subject.end + _QUOTE_REACH)
            if c < 0 or opener in text[subject.end : c] or "\n" in text[o:c]:
                continue
            return bool(text[o + 1 : subject.start].strip())
        return False

    def _framed(self, agent: Mention, subject: Mention, sent: tuple[int, int]) -> bool:
        """The agent is named inside a ``在…中/里/上`` phrase the subject stands outside of
        (``GPT-4在斯坦福医学考试中击败…``, ``AlphaGo在与李世石的比赛中获胜``): the phrase says where
        or against whom something happened, so the name is not the verb's agent. Not when the
        phrase is the agent's own place (``在谷歌的实验室里``), ends right after the name, or has a
        crediting verb of its own (``在李飞飞创建ImageNet的过程中``)."""
        text, p = self.text, self.p
        opener = p.frame_open.search(text, max(sent[0], agent.start - 3), agent.start)
        if opener is None:
            return False
        tail = p.frame_tail.match(text, agent.end, sent[1])
        if tail is None or p.agent_place.match(text, agent.end, tail.end()):
            return False
        inner = text[agent.end : tail.end()]
        if not re.sub(r"[\s的]", "", inner[:-1]) or p.any_verb.search(inner):
            return False
        return subject.end <= opener.start() or subject.start >= tail.end()

    def _category(self, subject: Mention, things: list[Mention], sent: tuple[int, int]) -> bool:
        """The subject names a kind the sentence's thing belongs to: after a classifier
        (``一种新的卷积神经网络变体AlexNet``) followed by the thing, or as the predicate of
        ``X是…的Y`` / ``X，即…Y`` with X named before."""
        text, p = self.text, self.p
        head = text[max(sent[0], subject.start - 12) : subject.start]
        if p.classifier.search(head):
            after = next((m for m in things if m.start >= subject.end and m.type not in AGENT_TYPES), None)
            if after is not None and after.start - subject.end <= 6:
                return True
        cop = p.predicate.search(text, sent[0], subject.start)
        return bool(
            cop
            and any(m.end <= cop.start() and m.type not in AGENT_TYPES and m is not subject for m in things)
            and not re.search(r"[，,。；;]", text[cop.end() : subject.start])
            and re.match(r"\s*(?:[，,。；;、]|$)", text[subject.end : subject.end + 2] or "。")
        )

    def _period(self, slot: Slot) -> bool:
        """``…到2012年之间``, ``1990年至今``, ``从2010年到2015年``: a year bounding a period."""
        text = self.text
        after = text[slot.end : slot.end + 8]
        before = text[max(0, slot.start - 14) : slot.start]
        return bool(_PERIOD_AFTER.match(after) or (_PERIOD_TO.search(before) and _PERIOD_AFTER.match(after)))

    def _paren_owner(self, slot: Slot, things: list[Mention]) -> Mention | None:
        """The thing a value's enclosing parenthesis follows (``GPT-2（2019年…）``), if any."""
        key = (slot.start, id(things))  # asked for each pair of the value: answered once
        if key not in self._paren_cache:  # (the cache holds ``things``, so its id stays its own)
            self._paren_cache[key] = (things, self._find_paren_owner(slot, things))
        return self._paren_cache[key][1]

    def _opener(self, slot: Slot, reach: int) -> int:
        """Where the nearest parenthesis within ``reach`` characters before the value opens (-1: none)."""
        lo = max(0, slot.start - reach)
        return max(self.text.rfind("（", lo, slot.start), self.text.rfind("(", lo, slot.start))

    def _before(self, m: Mention, opener: int) -> bool:
        """The name stands right before the parenthesis, markup aside (`ELIZA` (1966))."""
        return m.end <= opener and bool(_MARKUP_GAP.fullmatch(self.text, m.end, opener))

    def _find_paren_owner(self, slot: Slot, things: list[Mention]) -> Mention | None:
        opener = self._opener(slot, 40)
        if opener < 0 or re.search(r"[）)]", self.text[opener : slot.start]):
            return None
        return next((m for m in things if self._before(m, opener) and m.type not in AGENT_TYPES), None)

    def _lifespan(self, slot: Slot, things: list[Mention]) -> bool:
        """The year is one end of a span of years in a parenthesis right after a person's name
        (``唐纳德·赫布 (1904--1985)``); a single year there dates the work cited (``Hubel (1959).``)."""
        opener = self._opener(slot, 12)
        if opener < 0 or not _LIFESPAN.match(self.text, opener + 1):
            return False
        return any(m.type == "person" and self._before(m, opener) for m in things)

    def mark_rule(self, claim: Claim, slot: Slot) -> None:
        """A hand-written rule claims this pair: a feature, or a candidate of its own if none reached it."""
        key = (claim.attribute, claim.subject.start, claim.subject.end, claim.start, claim.end)
        cand = self.out.get(key)
        group = GROUP.get(claim.attribute, "num")
        if cand is None:
            sent = claim.evidence
            clause = self.clauses.span(slot.start, *sent)
            subject = claim.subject
            if (
                sent[0] <= subject.start
                and subject.end <= sent[1]
                and self._vetoed(slot, subject, "sentence", sent, clause, self._within(*sent))
            ):
                return  # what a reader never reads as a claim, a rule does not make one either
            feats = {f"{group}|{k}": v for k, v in self._slot_features(slot, sent, clause).items() if v}
            feats[f"{group}|bias"] = 1.0
            feats[f"{group}|scope:rule_only"] = 1.0
            cand = Candidate(claim.attribute, claim.subject, slot, "rule", sent, feats)
            self.out[key] = cand
        cand.features[f"{group}|rule:{claim.extractor}"] = 1.0
        cand.features[f"{group}|rule_any"] = 1.0
        cand.rules.append(claim.extractor)
        if claim.confidence >= cand.rule_confidence:
            cand.rule_confidence, cand.rule_qualifiers = claim.confidence, dict(claim.qualifiers)

    def candidates(self) -> list[Candidate]:
        return sorted(self.out.values(), key=lambda c: (c.slot.start, c.attribute, c.subject.start))


#: what values finders say about a value that is a feature, not a qualifier of the claim
_VALUE_FEATURES = ("range_part", "unit_gap", "labelled", "cn_numeral")


_HYPHEN_NAME = re.compile(r"-[A-Za-z\u4e00-\u9fff]")
#: between a count and the name it qualifies: 175B 的 GPT-3, 175B 大小的 GPT-3, 700 亿参数的 Chinchilla
_VALUE_DE = re.compile(r"\s*(?:大小|规模|参数量?|层)?\s*的\s*")


def _prefixes(text: str, org: Mention, subject: Mention) -> bool:
    """The organisation's name stands right before the product's: glued (华为盘古), or one space
    between Latin names (NVIDIA GTX580, Google Bard)."""
    if org.end == subject.start:
        return True
    return (
        org.end < subject.start
        and text[org.end : subject.start].isspace()
        and subject.start - org.end == 1
        and text[org.end - 1].isascii()
        and text[subject.start].isascii()
    )


def _qualifies(text: str, slot: Slot, subject: Mention) -> bool:
    """A count right before the name it qualifies (``175B 大小的 GPT-3``)."""
    return (
        slot.kind == "count"
        and subject.start > slot.end
        and bool(_VALUE_DE.fullmatch(text, slot.end, subject.start))
    )


#: X 类模型 / 类 X 架构: like X (not 类别, 类型, and not 人类, 分类, 这类 … before the name)
_KIND_AFTER = re.compile(r"\s*类(?!别|型|似)")
_KIND_BEFORE = re.compile(r"(?<![人分归聚种门大子同异另各这那此该一两几多\d])类\s*$")
#: between an organisation and the name it possesses (苹果的Siri)
_POSSESSOR_GAP = re.compile(r"\s*的\s*")
#: quotation marks that enclose one name, and how far from the subject they are looked for
_QUOTES = (("「", "」"), ("“", "”"), ("『", "』"))
_QUOTE_REACH = 16
#: 在X上, 在 X 硬件上, 在X中: the two characters before the name | the four after it
_LOCATIVE = re.compile(r".?在\s*\|[^，。；,;]{0,2}?(?:上|中|里)")
_JOIN = re.compile(r"^(?:\s*(?:[、，,&]|和|与|及|以及|and)\s*|\s+)?$")


def _named_together(agents: list[Mention], text: str) -> dict[tuple[int, int], int]:
    """How many people or organisations each agent is listed with (``A、B和C`` → 3 each)."""
    groups: list[list[Mention]] = []
    for m in agents:
        if groups and _JOIN.match(text[groups[-1][-1].end : m.start]):
            groups[-1].append(m)
        else:
            groups.append([m])
    return {(m.start, m.end): len(g) for g in groups for m in g}


def value_slot(v: Value, attribute: str, kind: str, extra: dict | None = None) -> Slot:
    quals = {**v.qualifiers, "precision": v.precision}
    features = dict(extra or {})
    for k in _VALUE_FEATURES:
        if quals.pop(k, None):
            features[k] = 1.0
    if v.listed:
        features["listed"] = 1.0
    return Slot(attribute, v.start, v.end, v.norm, v.num, v.unit, quals, kind, None, features, v.listed)


def agent_slot(m: Mention, text: str) -> Slot:
    attribute = "creator" if m.type == "person" else "organization"
    surface = text[m.start : m.end]
    return Slot(attribute, m.start, m.end, surface, None, None, {}, "agent", m, {})


def propose(
    text: str,
    layout: Layout,
    clauses: Clauses,
    mentions: list[Mention],
    years: list[Value],
    values: list[Value],
    rule_claims: list[Claim],
    attacher,
    cues: Cues,
    references: Sequence[tuple[Reference, Mention]] = (),
    people: Sequence[Mention] = (),
) -> list[Candidate]:
    """Every candidate of one document: dates, percentages, counts and agents with the subjects in
    their reach, and every pair a hand-written rule claims."""
    finder = CandidateFinder(text, layout, clauses, mentions, cues, references)
    agents = sorted([*mentions, *people], key=lambda m: m.start)
    by_span: dict[tuple[int, int], Slot] = {}

    def in_code(pos: int) -> bool:
        i = layout.block_index(pos)
        return i is not None and layout.blocks[i].is_code

    for y in years:
        if in_code(y.start):
            continue
        slot = value_slot(y, "year", "year", None if y.explicit else {"year_bare": 1.0})
        by_span[(y.start, y.end)] = slot
        finder.add(slot, layout.sentence(y.start, y.end))

    def in_table_column(v: Value) -> bool:
        """A cell that is only a number, in a column whose header says what it holds (or that it holds
        nothing of the vocabulary, like hidden_size): the column decides, not the number."""
        i = layout.block_index(v.start)
        row = layout.blocks[i].row if i is not None else None
        cells = [*(c for c, _ in row.numbers), *row.plain] if row else []
        return any(a <= v.start and v.end <= b and _NUMBER_CELL.fullmatch(text, a, b) for a, b in cells)

    catalogued = [(m.start, m.end) for m in mentions if m.catalog_id]
    starts = [a for a, _ in catalogued]

    def in_name(v: Value) -> bool:
        """零一万物 (01.AI) holds 零一万, BERT-Large's tokens no count: a catalogued name is no value."""
        k = bisect.bisect_right(starts, v.start) - 1
        return any(catalogued[j][0] <= v.start < catalogued[j][1] or v.start <= catalogued[j][0] < v.end
                   for j in (k, k + 1) if 0 <= j < len(catalogued))  # fmt: skip

    for v in values:
        if in_code(v.start) or v.qualifiers.get("range_part") or in_table_column(v):
            continue
        if v.kind == "count" and in_name(v):
            continue
        sent = layout.sentence(v.start, v.end)
        clause = clauses.span(v.start, *sent)
        if attacher.is_delta(v, clause):
            continue
        extra: dict[str, float] = {}
        if v.kind == "percent":
            attribute = attacher.attribute_of(v, clause)
            if attribute is None:
                continue
        else:
            attribute = v.attribute or "parameters"
        if attacher.baseline_role(v, clause):
            continue  # 亚军26.2%, 从26%降至: a baseline is a rule's claim on the benchmark
        if v.kind == "percent" and attacher.is_bound(v, clause):
            continue  # 低于25%, 10%以内: a bound on a rate says what something did not reach, not what it is
        if v.qualifiers.get("at_least"):
            extra["at_least"] = 1.0
        slot = value_slot(v, attribute, v.kind, extra)
        if v.kind == "percent":
            slot.qualifiers.update(attacher.qualifiers_of(v, attribute, sent, clause))
        by_span[(v.start, v.end)] = slot
        finder.add(slot, sent)
        if v.kind == "count" and v.attribute is None:  # 175B of a model, 627B (tokens) of a corpus
            finder.add(value_slot(v, "dataset_size", v.kind, {**extra, "magnitude_only": 1.0}), sent)
    for info in layout.blocks:
        for (s, e), column in info.row.numbers if info.row else ():
            v = cell_number(text, s, e, column.attribute, column.scale)
            if v is None or (v.start, v.end) in by_span:
                continue
            slot = value_slot(v, column.attribute, "cell", {"cell": 1.0})
            if column.metric:
                slot.qualifiers["metric"] = column.metric
            by_span[(v.start, v.end)] = slot
            finder.add(slot, (info.block.start, info.block.end))
    named = _named_together([m for m in agents if m.type in AGENT_TYPES], text)
    for m in agents:
        if m.type in AGENT_TYPES and not in_code(m.start):
            slot = agent_slot(m, text)
            slot.qualifiers["n_named"] = named[(m.start, m.end)]
            by_span[(m.start, m.end)] = slot
            finder.add(slot, layout.sentence(m.start, m.end))
    for c in rule_claims:
        slot = by_span.get((c.start, c.end))
        if slot is None or slot.attribute != c.attribute:
            slot = Slot(c.attribute, c.start, c.end, c.norm, c.num, c.unit, dict(c.qualifiers),
                        "agent" if c.value_mention else "rule", c.value_mention, {})  # fmt: skip
        finder.mark_rule(c, slot)
    return finder.candidates()
