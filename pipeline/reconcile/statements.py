"""What a claim's statement shows beyond the claim: the works it names, the document's own
words about a year, a later version, a variant it dates.

Extraction hands over one claim per value; a reviewer reads the sentence. Before
claims are compared, three readings of the statement are added to them (each
only from what the texts and the reference facts show, and said in the
explanation when it decides anything):

- **a year another named work explains** (:attr:`Observation.context_note`): a
  timeline entry "2023年：混合专家模型（MoE）——Mixtral 8x7B等" files MoE under the
  year of Mixtral 8x7B's release, a work the entry names; the year is about that
  work, not a wrong date of MoE;
- **the document's own words** (:attr:`Observation.self_note`): "1986年发表论文
  展示其有效性，1987年被广泛认可" — the document itself says what its 1987 dates,
  so its 1986 and 1987 do not contradict each other (the timeline filing
  backpropagation under 1987 still disagrees with the other sources);
- **a later version** ("2023年英伟达发布的Megatron-LM MoE版本"): the year dates a
  version of the work, a milestone, not the work's making;
- **a variant the statement dates**: a figure stated for a family name in a
  statement dated to exactly one variant's documented date ("|GPT|OpenAI|Jun
  2018|110,000,000|" is GPT-1's row) is compared as that variant's;
- **the other values of the statement** (:attr:`Observation.siblings`): a
  statement giving two values of one quantity ("908个场景类，3,819个常规目标类",
  "2012年前 … Hinton虽在2006年提出DBN") lists two things; neither contradicts
  what the other states;
- **a value inside a name** ("Stable Diffusion用LAION-5B训练": the 5B of
  LAION-5B) is part of the name, not a figure, and is left out;
- **a subject the statement may not be about** (:attr:`Observation.doubt`,
  :func:`read_doubts`): a name that only qualifies another noun ("ImageNet级模型"),
  a kind of thing named as one thing of its kind ("提出的CNN模型"), a part of a model
  built from the name ("24层Transformer编码器", cue ``part``), a credit of a
  kind of thing (a concept the reference credits to no one), or a credit the
  reference gives to another work the same statement names ("| Transformer |
  Vaswani 等人 | …奠定了BERT、GPT…的基础": Vaswani is Transformer's author, not
  BERT's) unless the statement also credits someone documented for the subject
  (Hinton and Salakhutdinov beside Osindero: it is about their paper). A doubted claim counts
  for little (:mod:`~pipeline.reconcile.evidence`), so it makes no high or medium
  finding by itself, and the explanation says why.

The cue words are data: ``cues`` in thresholds.yaml.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace

import pandas as pd

from pipeline import schema
from pipeline.reconcile.comparison import WorkDates
from pipeline.reconcile.names import Names
from pipeline.reconcile.observations import Observation
from pipeline.reconcile.thresholds import load_thresholds

_CUES = load_thresholds().cues
#: entity types that name a kind of thing, not one thing ("CNN模型" is one CNN)
KINDS = frozenset({"method", "concept"})
#: how far after "<year>年" a later-event word may follow, and after a name a version word
_LATER_WINDOW, _VERSION_WINDOW = 8, 10


def _evidence_span(o: Observation, text: str) -> tuple[int, int]:
    """Where the claim's evidence sits in its document (the value's span when it cannot be found)."""
    ev = o.evidence
    if text and ev and o.char_start >= 0:
        start = text.rfind(ev, 0, o.char_start + len(ev))
        if start < 0 or start > o.char_start:
            start = text.find(ev)
        if 0 <= start <= o.char_start <= start + len(ev):
            return start, start + len(ev)
    return o.char_start, o.char_end


def _mentions_by_doc(mentions: pd.DataFrame | None) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    if mentions is None or mentions.empty:
        return out
    for m in schema.records(mentions, "mentions"):
        out[str(m["doc_id"])].append(m)
    for ms in out.values():
        ms.sort(key=lambda m: m["char_start"])
    return out


def _named_work(
    o: Observation, span: tuple[int, int], mentions: Sequence[dict], dates_of, names: Names
) -> str:
    """'is Mixtral 8x7B's release (2023-12), named in the same entry', or ''."""
    start, end = span
    own = names.canonical_id(o.entity_id)
    for m in mentions:
        if m["char_start"] < start or m["char_end"] > end:
            continue
        other = names.canonical_id(str(m["entity_id"]))
        work = dates_of(other) if other != own else None
        if work is None:
            continue
        found = work.matching(o)
        if found:
            return f"is {work.name}'s {found[1]} date ({found[0]}), a work the same statement names"
    return ""


def _own_words(passage: str) -> dict[str, str]:
    """Years the passage itself says date a later turn ("1987年被广泛认可"), with those words."""
    found: dict[str, str] = {}
    for m in re.finditer(r"((?:1[89]|20)\d\d)\s*年", passage):
        after = passage[m.end() : m.end() + _LATER_WINDOW]
        if any(w in after for w in _CUES.later_event):
            words = re.split(r"[，,。；;]", passage[m.start() : m.end() + _LATER_WINDOW])[0]
            found.setdefault(m.group(1), words)
    return found


def _later_version(o: Observation, text: str, subject: dict | None) -> bool:
    if not text or subject is None:
        return False
    after = text[subject["char_end"] : subject["char_end"] + _VERSION_WINDOW]
    return any(w in after for w in _CUES.version)


def read_statements(
    observations: Sequence[Observation],
    mentions: pd.DataFrame | None,
    texts: Mapping[str, str],
    dates_of: Callable[[str], WorkDates | None],
    names: Names,
) -> list[Observation]:
    """The observations with what their statements show about their years (see the module
    docstring); other observations unchanged."""
    by_doc = _mentions_by_doc(mentions)
    by_id = {m["mention_id"]: m for ms in by_doc.values() for m in ms}
    spans = {}
    explained: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)  # (doc, entity) → year → words
    for o in observations:
        if o.kind == "date":
            text = texts.get(o.doc_id, "")
            spans[o.claim_id] = _evidence_span(o, text)
            start, end = spans[o.claim_id]
            passage = text[start:end] if text and start >= 0 else o.evidence
            for year, words in _own_words(passage).items():
                explained[(o.doc_id, o.entity_id)].setdefault(year, words)
    out = []
    for o in observations:
        if o.kind != "date":
            out.append(o)
            continue
        text = texts.get(o.doc_id, "")
        if _later_version(o, text, by_id.get(o.subject_mention)):
            out.append(replace(o, date_role="milestone", dates="version"))
            continue
        changes: dict = {}
        if o.date_role in ("entry", "event"):
            note = _named_work(o, spans[o.claim_id], by_doc.get(o.doc_id, ()), dates_of, names)
            if note:
                changes["context_note"] = note
        words = explained.get((o.doc_id, o.entity_id), {}).get(o.display[:4])
        if words:
            changes["self_note"] = f"the document itself says what {o.display[:4]} dates: “{words}”"
        out.append(replace(o, **changes) if changes else o)
    return out


def _kind_doubt(o: Observation, text: str, subject: dict | None, kind: str) -> str:
    """Why the subject's name is not the subject: it qualifies a noun, or names one of its kind."""
    if not text or subject is None:
        return ""
    surface = text[subject["char_start"] : subject["char_end"]]
    after = text[subject["char_end"] : subject["char_end"] + _VERSION_WINDOW].lstrip()
    word = next((w for w in _CUES.modifier if after.startswith(w)), None)
    if word:
        return f"“{surface}{word}” only uses the name to qualify another noun"
    word = next((w for w in _CUES.instance if after.startswith(w)), None)
    if word and kind in KINDS:
        return f"“{surface}{word}” names one {surface} of many, not {o.entity_name} itself"
    word = next((w for w in _CUES.part if after.startswith(w)), None)
    if word:
        return f"“{surface}{word}” names a part of a model built from {surface}, not {o.entity_name} itself"
    return ""


def read_doubts(
    observations: Sequence[Observation],
    mentions: pd.DataFrame | None,
    texts: Mapping[str, str],
    names: Names,
    credited: Mapping[str, frozenset[str]],
) -> list[Observation]:
    """The observations with :attr:`Observation.doubt` set where the statement may not be about the
    subject (see the module docstring). ``credited`` maps a person or organisation (its key) to
    the works the reference credits to it."""
    by_doc = _mentions_by_doc(mentions)
    by_id = {m["mention_id"]: m for ms in by_doc.values() for m in ms}
    documented = frozenset().union(*credited.values())
    credits: dict[tuple[str, str], list[Observation]] = defaultdict(list)
    for o in observations:
        if o.kind == "entity":
            credits[(o.statement, names.canonical_id(o.entity_id))].append(o)
    out = []
    for o in observations:
        text = texts.get(o.doc_id, "")
        subject = names.canonical_id(o.entity_id)
        kind = names.type_of(subject)
        doubt = _kind_doubt(o, text, by_id.get(o.subject_mention), kind)
        if not doubt and o.kind == "entity" and kind == "concept" and subject not in documented:
            doubt = f"{o.entity_name} is a kind of thing, not one work: a credit of it is one of its kind's"
        works = credited.get(o.key, frozenset())
        # a statement that also credits someone the reference credits with the subject is about it
        about_subject = any(subject in credited.get(c.key, ()) for c in credits[(o.statement, subject)])
        if not doubt and o.kind == "entity" and works and subject not in works and not about_subject:
            start, end = _evidence_span(o, text)
            named = (
                names.canonical_id(str(m["entity_id"]))
                for m in by_doc.get(o.doc_id, ())
                if start <= m["char_start"] and m["char_end"] <= end
            )
            other = next((w for w in named if w in works and w != subject), None)
            if other:
                doubt = (
                    f"the statement also names {names.display(other)}, which the reference credits to "
                    f"{o.display}: the credit may be {names.display(other)}'s"
                )
        out.append(replace(o, doubt=doubt) if doubt and not o.doubt else o)
    return out


def read_siblings(observations: Sequence[Observation]) -> list[Observation]:
    """Each observation with the keys of the other values its statement gives the same quantity."""
    keys: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    for o in observations:
        keys[(o.entity_id, o.space, o.facet, o.statement)].add(o.key)
    out = []
    for o in observations:
        others = keys[(o.entity_id, o.space, o.facet, o.statement)] - {o.key}
        out.append(replace(o, siblings=tuple(sorted(others))) if others and o.kind != "entity" else o)
    return out


def values_in_names(
    observations: Sequence[Observation], mentions: pd.DataFrame | None
) -> tuple[list[Observation], list[str]]:
    """Observations without the figures whose value is part of a named entity's mention, and a
    warning for each one left out."""
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for doc, ms in _mentions_by_doc(mentions).items():
        spans[doc] = [(int(m["char_start"]), int(m["char_end"]), str(m["surface"])) for m in ms]
    kept, warnings = [], []
    for o in observations:
        inside = None
        if o.kind == "number" and o.char_start >= 0:
            inside = next(
                (
                    s
                    for a, b, s in spans.get(o.doc_id, ())
                    if a <= o.char_start and o.char_end <= b and (a, b) != (o.char_start, o.char_end)
                ),
                None,
            )
        if inside is not None:
            warnings.append(
                f"claim {o.claim_id}: {o.attribute} value {o.value_raw!r} is part of the name {inside!r}; "
                "left out of reconciliation"
            )
            continue
        kept.append(o)
    return kept, warnings


def read_variants(
    observations: Sequence[Observation],
    parents: Mapping[str, str],
    dates_of: Callable[[str], WorkDates | None],
    has_numbers: Callable[[str, str], bool],
    names: Names,
    known: Collection[str] | None = None,
) -> list[Observation]:
    """Figures stated for a family in a statement dated to one variant, read as that variant's.

    Only variants among ``known`` (the run's entities, when given) take figures: a variant only the
    catalog knows (ILSVRC 2010 when the texts name only ILSVRC) has no row in ``entities``, which
    every published ``entity_id`` must name."""
    children: dict[str, list[str]] = defaultdict(list)
    for child, parent in parents.items():
        if known is None or child in known:
            children[parent].append(child)
    years: dict[tuple[str, str], list[Observation]] = defaultdict(list)
    for o in observations:
        if o.kind == "date":
            years[(names.canonical_id(o.entity_id), o.statement)].append(o)
    out = []
    for o in observations:
        family = names.canonical_id(o.entity_id)
        if o.kind != "number" or not o.facet_of.own or family not in children or has_numbers(family, o.space):
            out.append(o)
            continue
        stated = years.get((family, o.statement), [])
        matches = []
        for v in sorted(children[family]):
            work = dates_of(v)
            if work and any(work.matching(y) for y in stated):
                matches.append((v, work))
        if len(matches) != 1:
            out.append(o)
            continue
        variant, work = matches[0]
        y = next(y for y in stated if work.matching(y))
        note = (
            f"{o.doc_id} states it for {o.entity_name} in a statement dated {y.display}, {work.name}'s date"
        )
        out.append(
            replace(
                o, entity_id=variant, entity_name=work.name, written_entity=o.entity_id, variant_note=note
            )
        )
    return out
