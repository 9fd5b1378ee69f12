"""Which entity a value is about: percentages, counts and dates to subjects.

Order of evidence for a value's subject (first that applies):

1. ``1750亿参数的GPT-3``: the mention right after ``<value><unit>的`` (``value_of``);
2. ``GPT-1（2018年，1.17亿参数）``: the mention a parenthesis follows (``paren``);
3. the nearest allowed mention before the value in its sentence (``sentence``), not one
   in a circumstance clause (``微调GPT-3时，…``) nor the object of a comparison (超越GPT-3);
4. the topic a reader carries: the block's own headline or table row, its list parent,
   its section heading (``block``/``parent``/``section``) — unless another thing is
   the subject of the value's clause (``20层CNN…``), and for values of a generic noun
   (``1750亿参数模型``) only the block's own topic.

Allowed subjects: models for error_rate/accuracy/parameters/layers; datasets for
dataset_size/classes. Baseline values (亚军26.2%, 此前最优…26.2%, 从26%降至…, 之前的75%)
are never claims about the subject: they become claims on the competition or
benchmark in context (event before dataset) with ``{"role": "runner_up"|"previous_best",
"relative_to": <subject name>}``, or are dropped when there is none. Changes
(降0.8%, 提升3%) and ranges (15%-20%, 7B至65B) are not claims.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from pipeline.catalog import Catalog
from pipeline.extract.cues import Cues, alternation
from pipeline.extract.layout import Clauses, Layout
from pipeline.extract.records import THING_TYPES, Claim, Mention
from pipeline.extract.values import Value

SUBJECT_TYPES = {
    "error_rate": ("model",),
    "accuracy": ("model",),
    "parameters": ("model",),
    "layers": ("model",),
    "dataset_size": ("dataset", "benchmark"),
    "classes": ("dataset", "benchmark", "event"),  # a competition's task has the classes of its dataset
}
YEAR_TYPES = THING_TYPES  # anything named has a year
BENCHMARK_TYPES = ("event", "dataset", "benchmark")
BLOCKING_TYPES = ("method", "concept", "hardware", "model")
SCOPE_CONFIDENCE = {
    "value_of": 0.85,
    "paren": 0.85,
    "sentence": 0.8,
    "block": 0.75,
    "parent": 0.65,
    "section": 0.6,
}

#: what may stand between a change verb and its number: 降到了15.3%, 增至约1750亿
_AFTER_VERB = r"(?:了|约|近|仅)?"


@dataclass(frozen=True)
class Patterns:
    metric_right: re.Pattern
    metric_left: re.Pattern
    metric_of: dict[str, str]
    top_k: re.Pattern
    splits: tuple[tuple[str, re.Pattern], ...]
    ensemble: re.Pattern
    role_left: re.Pattern
    role_of: dict[str, str]
    change_to: re.Pattern
    delta_left: re.Pattern
    comparison_left: re.Pattern
    circumstance_end: re.Pattern
    count_before: re.Pattern
    bound: re.Pattern
    bound_after: re.Pattern
    instrument: re.Pattern
    generic_head: re.Pattern
    unit_words: re.Pattern
    derived: re.Pattern


#: 分别 ("respectively") pairs listed values with the names listed before them, in order
_RESPECTIVELY = re.compile(r"分别|respectively")


def respective_subject(text: str, things: list[Mention], sent: tuple[int, int], start: int,
                       listed: tuple[int, int] | None, types: tuple[str, ...]) -> Mention | None:  # fmt: skip
    """``CIFAR-10和CIFAR-100…分别提供10和100类``: the name a listed value belongs to, when the
    sentence says 分别 before the value and names at least as many things of the right type before
    it as the list holds (the last ones, in order); None otherwise."""
    if listed is None or not _RESPECTIVELY.search(text, sent[0], start):
        return None
    typed: list[Mention] = []
    for m in things:
        if m.end <= start and m.type in types and not any(text[m.start : m.end] == text[t.start : t.end]
                                                          for t in typed):  # fmt: skip
            typed.append(m)
    index, size = listed
    return typed[-size:][index] if len(typed) >= size else None


@cache
def derived_of(cues: Cues) -> re.Pattern:
    """After a name, the words that make it the origin of the thing a sentence is about, not its
    subject: ``CIFAR-100是CIFAR-10的扩展，由100个类…``, ``ImageNet-1k是ImageNet数据集的子集``,
    ``Xception 是 Google 提出的对 InceptionV3 的另一种改进``."""
    kinds = alternation(cues.topic_suffixes)
    return re.compile(rf"\s*(?:{kinds})?\s*的\s*(?:另?一[种个款项])?\s*(?:{alternation(cues.derived_nouns)})")


@cache
def patterns(cues: Cues) -> Patterns:
    metric_of = {w.lower(): attr for attr, words in cues.metric_cues.items() for w in words}
    metrics = alternation(list(metric_of))
    role_of = {w: role for role, words in cues.roles.items() for w in words}
    unit_words = [w for u in cues.count_units for w in u.words]
    split_words = [w for words in cues.splits.values() for w in words]
    return Patterns(
        # 15.3%的top-5测试错误率: the split may stand between the value and the metric
        metric_right=re.compile(
            rf"\s*(?:的)?\s*(?:(?i:top)[-\s]?\d\s*)?(?:(?:{alternation(split_words)})\s*)?(?P<m>{metrics})",
            re.I,
        ),
        metric_left=re.compile(rf"(?P<m>{metrics})", re.I),
        metric_of=metric_of,
        top_k=re.compile(cues.top_k),
        splits=tuple((k, re.compile(alternation(v), re.I)) for k, v in cues.splits.items()),
        ensemble=re.compile(alternation(cues.ensemble), re.I),
        # 亚军的top-5错误率为26.2%: a metric's own digit may stand between the role and the value
        role_left=re.compile(
            rf"(?P<r>{alternation(list(role_of))})(?:(?i:top)[-\s]?\d|[^，。；\d%]){{0,10}}$"
        ),
        role_of=role_of,
        change_to=re.compile(
            rf"[^，。；\d]{{0,6}}?(?:{alternation(cues.change_to)})\s*{_AFTER_VERB}\s*[\d一二三四五六七八九十]"
        ),
        delta_left=re.compile(
            rf"(?:(?P<to>{alternation(cues.change_to)})|(?P<d>{alternation(cues.deltas)}))\s*(?:了|近|约)?\s*$"
        ),
        comparison_left=re.compile(rf"(?:{alternation(cues.comparison)})\s*[“\"《]?$"),
        circumstance_end=re.compile(rf"(?:{alternation(cues.circumstance_ends)})\s*$"),
        count_before=re.compile(
            rf"(?:{alternation(cues.count_before['parameters'])})\s*(?:从\s*[\d.]+\s*[万亿千百BMK]*\s*[^，。；\d]{{0,3}}?)?"
            rf"(?:(?:{alternation(cues.change_to)})\s*{_AFTER_VERB}|为|约为?|是|高达|达|有|仅)?\s*$"
        ),
        bound=re.compile(rf"(?:{alternation(cues.bounds_before)})\s*(?:了|近|约)?\s*$"),
        bound_after=re.compile(rf"\s*(?:{alternation(cues.bounds_after)})"),
        instrument=re.compile(rf"(?:{alternation(cues.instrument)})\s*[“\"《]?$"),
        generic_head=re.compile(
            rf"\s*(?:{alternation(unit_words)})?\s*(?:的)?[\u4e00-\u9fff]{{0,3}}?(?:{alternation(cues.generic_heads)})"
        ),
        unit_words=re.compile(rf"\s*(?:{alternation(unit_words)})?\s*的"),
        derived=derived_of(cues),
    )


class Attacher:
    """Numeric and dated claims of one document."""

    def __init__(self, text: str, layout: Layout, clauses: Clauses, mentions: list[Mention], cues: Cues,
                 catalog: Catalog):  # fmt: skip
        self.text, self.layout, self.clauses = text, layout, clauses
        self.p = patterns(cues)
        self.mentions = mentions
        self.starts = [m.start for m in mentions]
        self.catalog = catalog
        self.generic_suffixes = tuple(cues.generic_heads) + tuple(cues.topic_suffixes)
        self.claims: list[Claim] = []

    def name(self, m: Mention) -> str:
        entry = self.catalog.get(m.catalog_id) if m.catalog_id else None
        return entry.name if entry else self.text[m.start : m.end]

    def _within(self, s: int, e: int) -> list[Mention]:
        lo, hi = bisect.bisect_left(self.starts, s), bisect.bisect_left(self.starts, e)
        return [m for m in self.mentions[lo:hi] if m.end <= e]

    # --- what a value measures ------------------------------------------

    def attribute_of(self, v: Value, clause: tuple[int, int]) -> str | None:
        text, p = self.text, self.p
        if v.kind == "count":
            if v.attribute:
                return v.attribute
            if p.count_before.search(text, max(clause[0], v.start - 24), v.start):
                return "parameters"
            return None
        right = p.metric_right.match(text, v.end)
        if right and right.end() <= clause[1] + 8:
            return p.metric_of[right.group("m").lower()]
        left = [m for m in p.metric_left.finditer(text, clause[0], v.start)]
        return p.metric_of[left[-1].group("m").lower()] if left else None

    def baseline_role(self, v: Value, clause: tuple[int, int]) -> str | None:
        text, p = self.text, self.p
        m = p.role_left.search(text, clause[0], v.start)
        if m:
            return p.role_of[m.group("r")]
        if text[max(clause[0], v.start - 2) : v.start].strip().endswith("从") and p.change_to.match(
            text, v.end
        ):
            return "previous_best"
        return None

    def is_bound(self, v: Value, clause: tuple[int, int]) -> bool:
        """``低于25%``, ``7%以下``: a bound, not a value."""
        return bool(
            self.p.bound.search(self.text, max(clause[0], v.start - 6), v.start)
            or self.p.bound_after.match(self.text, v.end)
        )

    def is_delta(self, v: Value, clause: tuple[int, int]) -> bool:
        m = self.p.delta_left.search(self.text, clause[0], v.start)
        return bool(m and m.group("d"))

    def qualifiers_of(self, v: Value, attribute: str, sent: tuple[int, int], clause: tuple[int, int]) -> dict:
        text, p = self.text, self.p
        q: dict = {"precision": v.precision}
        if attribute in ("error_rate", "accuracy"):
            window = text[clause[0] : min(clause[1], v.end + 16)]
            if k := p.top_k.search(window):
                q["metric"] = f"top-{k.group(1)}"
            if split := self._split(clause[0], min(clause[1], v.end + 16)):
                q["split"] = split
            if p.ensemble.search(text, sent[0], sent[1]):
                q["ensemble"] = True
            bench = self._benchmark(sent, v.start)
            if bench:
                q["benchmark"] = self.name(bench)
        elif attribute == "dataset_size" and (split := self._split(clause[0], v.start)):
            q["split"] = split  # 训练集包含 1281167 个图像: a split's size, not the whole dataset's
        q.update({k: val for k, val in v.qualifiers.items() if k not in q and k != "precision"})
        return q

    def _split(self, start: int, end: int) -> str | None:
        """The first split (``test``, ``val``, ``train``) whose words occur in ``text[start:end]``."""
        return next((k for k, rx in self.p.splits if rx.search(self.text, start, end)), None)

    def _benchmark(self, sent: tuple[int, int], pos: int) -> Mention | None:
        cands = [m for m in self._within(*sent) if m.type in BENCHMARK_TYPES]
        if not cands:
            for _, topic in self.layout.topics(pos):
                if topic.type in BENCHMARK_TYPES:
                    return topic
            return None
        return min(cands, key=lambda m: (m.type != "event", abs(m.start - pos)))

    # --- whom it is about -----------------------------------------------

    def _subject(self, v: Value, attribute: str, sent: tuple[int, int], clause: tuple[int, int],
                 types: tuple[str, ...]) -> tuple[str, Mention] | None:  # fmt: skip
        text, p = self.text, self.p
        things = self._within(*sent)
        if (own := respective_subject(text, things, sent, v.start, v.listed, types)) is not None:
            return "sentence", own
        of = p.unit_words.match(text, v.end)
        if of:
            after = next((m for m in things if m.start == of.end()), None)
            if after is not None and after.type in types:
                return "value_of", after
        opener = text.rfind("（", sent[0], v.start), text.rfind("(", sent[0], v.start)
        po = max(opener)
        if po >= 0 and ")" not in text[po : v.start] and "）" not in text[po : v.start]:
            before = next((m for m in things if m.end == po or m.end == po - 1), None)
            if before is not None and before.type in types:
                return "paren", self._own_topic_for(before, v.start)
        candidates = [m for m in things if m.end <= v.start]
        generic = bool(p.generic_head.match(text, v.end))
        for m in reversed(candidates):
            if m.type not in types:
                continue
            if p.comparison_left.search(text, max(sent[0], m.start - 3), m.start):
                continue
            if p.instrument.search(text, max(sent[0], m.start - 3), m.start):
                continue
            if p.derived.match(text, m.end):
                continue
            ms, me = self.clauses.span(m.start, *sent)
            if ms != clause[0] and p.circumstance_end.search(text, m.end, me):
                continue
            if generic and ms != clause[0]:
                continue
            return "sentence", self._specific(m, v.start)
        named = [m for m in candidates if m.type in BLOCKING_TYPES]
        if any(m.start >= clause[0] for m in named):
            return None  # 20层CNN…18.7%: the clause names its own subject
        for scope, topic in self.layout.topics(v.start):
            if (generic and scope != "block") or (scope == "section" and named):
                return None  # a section's topic yields to any thing the sentence names
            return (scope, topic) if topic.type in types else None
        return None

    def _own_topic_for(self, m: Mention, pos: int) -> Mention:
        """``…发布首个生成式预训练Transformer模型（1.17亿参数）`` under a GPT-1 bullet: the bullet's topic."""
        surface = self.text[m.start : m.end]
        own = next((t for scope, t in self.layout.topics(pos) if scope == "block"), None)
        if own is not None and own.catalog_id != m.catalog_id and surface.endswith(self.generic_suffixes):
            return own
        return m

    def _specific(self, m: Mention, pos: int) -> Mention:
        """``152层残差网络`` in the ResNet-152 row: the row's variant, not its family."""
        own = next((t for scope, t in self.layout.topics(pos) if scope == "block"), None)
        if own is not None and own.catalog_id and m.catalog_id in self.catalog.ancestors(own.catalog_id):
            return own
        return m

    def value(self, v: Value) -> None:
        sent = self.layout.sentence(v.start, v.end)
        clause = self.clauses.span(v.start, *sent)
        if v.qualifiers.get("range_part") or self.is_delta(v, clause):
            return
        if self.is_bound(v, clause):
            return
        attribute = self.attribute_of(v, clause)
        role = self.baseline_role(v, clause)
        if attribute is None and role and v.kind == "percent":
            attribute = self._inherited_metric(v, sent)
        if attribute is None:
            return
        q = self.qualifiers_of(v, attribute, sent, clause)
        types = SUBJECT_TYPES[attribute]
        found = self._subject(v, attribute, sent, clause, types)
        if role:
            bench = self._benchmark(sent, v.start)
            if bench is None or attribute not in ("error_rate", "accuracy"):
                return
            q.pop("benchmark", None)
            q.update(role=role, **({"relative_to": self.name(found[1])} if found else {}))
            found = ("role", bench)
        if found is None:
            return
        scope, subject = found
        unit = "%" if v.kind == "percent" else v.unit or ("parameters" if attribute == "parameters" else None)
        conf = SCOPE_CONFIDENCE.get(scope, 0.6) * (1.0 if subject.catalog_id else 0.9)
        self.claims.append(
            Claim(attribute, subject, v.start, v.end, v.norm, v.num, unit, sent, f"{v.kind}_{scope}",
                  round(conf, 2), q)
        )  # fmt: skip

    def _inherited_metric(self, v: Value, sent: tuple[int, int]) -> str | None:
        for m in self.p.metric_left.finditer(self.text, sent[0], sent[1]):
            return self.p.metric_of[m.group("m").lower()]
        return None

    # --- dates from layout ----------------------------------------------

    def headlines(self) -> None:
        for info in self.layout.blocks:
            h = info.headline
            if h is None or h.topic is None or h.date is None or h.topic.type not in YEAR_TYPES:
                continue
            if h.date.qualifiers.get("granularity") == "range":
                continue  # 符号主义（1970年代 - 1990年代）: how long an era lasted, not when a work appeared
            extractor = "table_year" if info.row is not None else "headline_year"
            span = (info.block.start, info.block.end)
            d = h.date
            self.claims.append(
                Claim("year", h.topic, d.start, d.end, d.norm, d.num, None, span, extractor,
                      0.9 if info.row is not None else 0.85, {**d.qualifiers, "precision": d.precision})
            )  # fmt: skip

    def paren_years(self, years: list[Value]) -> None:
        """``GPT-1（2018年，…）``, ``CLIP(2021)``: a date opening the parenthesis after a name."""
        ends = {m.end: m for m in self.mentions}
        for y in years:
            m = re.search(r"(?:[（(]\s*)$", self.text[max(0, y.start - 3) : y.start])
            if not m:
                continue
            opener = y.start - (len(self.text[max(0, y.start - 3) : y.start]) - m.start())
            subject = ends.get(opener) or ends.get(opener - 1)
            if subject is None or subject.type not in YEAR_TYPES:
                continue
            sent = self.layout.sentence(y.start, y.end)
            self.claims.append(
                Claim("year", subject, y.start, y.end, y.norm, y.num, None, sent, "paren_year", 0.85,
                      {**y.qualifiers, "precision": y.precision})
            )  # fmt: skip
