"""The spaCy pipeline: ``spacy.blank("zh")`` with jieba, a sentencizer, and our components.

The tokenizer (``dl_jieba_tokenizer``) and sentencizer (``dl_sentencizer``) are
spaCy's, made linear and array-based (:mod:`pipeline.extract.segment`). The
components (registered with ``@Language.factory``, each declaring the extensions it
``requires`` and ``assigns`` so ``nlp.analyze_pipes()`` checks their order;
configured by the name of a cue file packaged beside this module; their catalog
comes through ``initialize``, the packaged one unless a run passes its own, see
:func:`configured`):

``dl_sentencizer`` → ``dl_values`` → ``dl_catalog_entities`` → ``dl_layout`` → ``dl_discovery`` →
``dl_attribution`` → ``dl_attachment`` → ``dl_candidates`` → ``dl_claims``.

The rule components (attribution, attachment) write ``doc._.rule_claims``;
``dl_candidates`` proposes every (subject, value) pair in reach with features,
the rules' among them (``doc._.candidates``); ``dl_claims`` keeps the pairs the
scorer's model believes (``doc._.claims``).

Results live on ``Doc`` extensions (``doc._.mentions``, ``doc._.claims``) with
exact character offsets; ``doc.ents`` holds the same mentions aligned to jieba
tokens (``alignment_mode="expand"``) for anyone who wants spaCy spans.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources

import jieba
import numpy as np
import spacy
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, registry

from pipeline.catalog import Catalog, load_catalog
from pipeline.extract.attachment import Attacher
from pipeline.extract.attribution import Attributor, full_names, person_candidates
from pipeline.extract.attribution import patterns as attribution_patterns
from pipeline.extract.candidates import propose
from pipeline.extract.cues import Cues, parse_cues
from pipeline.extract.discover import (
    discover,
    glossed_catalog_terms,
    repeat_mentions,
    version_variants,
    words_inside_glossed_terms,
)
from pipeline.extract.layout import Clauses, assign_topics, parse_layout
from pipeline.extract.recognize import catalog_index, find_catalog_mentions
from pipeline.extract.references import find_references, reference_mentions
from pipeline.extract.scorer import Model, packaged_model, select
from pipeline.extract.segment import ArraySentencizer, JiebaTokenizer
from pipeline.extract.shadow import mask_links, simplified_shadow
from pipeline.extract.values import (
    find_counts,
    find_labelled_counts,
    find_linked_counts,
    find_percents,
    find_years,
)

DEFAULT_CUES = "cues.yaml"
for _name in (
    "source_text",
    "shadow",
    "mentions",
    "years",
    "values",
    "layout",
    "clauses",
    "references",
    "people",
    "rule_claims",
    "candidates",
    "claims",
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@cache
def cues_from(resource: str) -> Cues:
    return parse_cues(resources.files(__package__).joinpath(resource).read_text(encoding="utf-8"))


class _Component:
    """A component reads its cue words from config and its catalog from ``initialize``."""

    def __init__(self, cues: str = DEFAULT_CUES) -> None:
        self.cues = cues_from(cues)
        self.catalog: Catalog = load_catalog()

    def initialize(
        self, get_examples=None, *, nlp: Language | None = None, catalog: Catalog | None = None
    ) -> None:
        """spaCy's initialisation hook: the catalog the run resolves with (the packaged one by default)."""
        self.catalog = catalog or load_catalog()


class ValueFinder(_Component):
    """Years, percentages and counts, matched on the simplified shadow of ``doc.text``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.shadow = text = mask_links(simplified_shadow(doc._.source_text or doc.text))
        doc._.years = find_years(text)
        labelled = {v.start: v for v in find_labelled_counts(text, self.cues)}
        counts = []
        for v in find_counts(text, self.cues):  # a label says what a bare magnitude counts
            counts.append(labelled.pop(v.start) if v.attribute is None and v.start in labelled else v)
            labelled.pop(v.start, None)
        counts += labelled.values()
        taken = {v.start for v in counts}
        counts += [v for v in find_linked_counts(text, self.cues) if v.start not in taken]
        doc._.values = find_percents(text) + sorted(counts, key=lambda v: v.start)
        doc._.clauses = Clauses(text, self.cues)
        return doc


class CatalogEntities(_Component):
    """Catalog names and aliases found in the shadow."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.mentions = find_catalog_mentions(doc._.shadow, self.catalog)
        return doc


class LayoutReader(_Component):
    """Blocks, headlines, tables, lists and sections (see :mod:`pipeline.extract.layout`)."""

    def __call__(self, doc: Doc) -> Doc:
        tokens = doc.to_array(["IDX", "SENT_START"])
        starts = tokens[tokens[:, 1] == 1, 0].tolist()
        doc._.layout = parse_layout(doc._.shadow, self.cues, doc._.years, starts)
        return doc


class Discovery(_Component):
    """Uncatalogued entities; then each headline's topic."""

    def __call__(self, doc: Doc) -> Doc:
        text = doc._.shadow
        known = version_variants(text, doc._.mentions, self.catalog)
        known = words_inside_glossed_terms(text, glossed_catalog_terms(text, known), self.cues)
        found = discover(doc._.layout, known, self.cues, self.catalog)
        found += repeat_mentions(doc._.shadow, found, known)
        refs = find_references(doc._.shadow)
        doc._.mentions, titles = reference_mentions(
            doc._.shadow, refs, sorted(known + found, key=lambda m: m.start)
        )
        doc._.references = [(r, titles[r.authors[0][0]]) for r in refs]
        assign_topics(doc._.layout, doc._.mentions, self.cues)
        return doc


class Attribution(_Component):
    """Creator, organisation and creation-year claims."""

    def __call__(self, doc: Doc) -> Doc:
        layout = doc._.layout
        doc._.mentions = full_names(
            doc._.shadow, doc._.mentions, frozenset(self.cues.non_name_words), self.catalog,
            attribution_patterns(self.cues).particle,
        )  # fmt: skip
        text = doc._.shadow
        doc._.people = person_candidates(text, doc._.mentions, frozenset(self.cues.non_name_words),
                                         attribution_patterns(self.cues).particle)  # fmt: skip
        a = Attributor(text, layout, doc._.clauses, doc._.mentions, self.cues, doc._.people)
        years = doc._.years
        for info in layout.blocks:
            b = info.block
            if info.is_code:
                continue
            if info.row is not None:
                topic = info.headline.topic if info.headline else None
                if topic is not None:
                    for cell in info.row.creators:
                        a.table_row(topic, cell, (b.start, b.end))
                continue
            if b.kind == "list_item":
                a.series_label(b.start, b.end)
            pos = b.start
            while pos < b.end:
                s, e = layout.sentence(pos, pos)
                a.sentence(s, e, years)
                pos = max(e, pos + 1)
        doc._.mentions = sorted(doc._.mentions + a.new_mentions, key=lambda m: m.start)
        doc._.rule_claims = a.claims
        return doc


class Attachment(_Component):
    """Percentages, counts and headline dates attached to their subjects."""

    def __call__(self, doc: Doc) -> Doc:
        at = Attacher(doc._.shadow, doc._.layout, doc._.clauses, doc._.mentions, self.cues, self.catalog)
        for v in doc._.values:
            if not doc._.layout.blocks[doc._.layout.block_index(v.start) or 0].is_code:
                at.value(v)
        at.headlines()
        at.paren_years(doc._.years)
        doc._.rule_claims = doc._.rule_claims + at.claims
        return doc


class CandidateProposer(_Component):
    """Every (subject, value) pair in reach, with the features the scorer reads."""

    def __call__(self, doc: Doc) -> Doc:
        text, layout, clauses = doc._.shadow, doc._.layout, doc._.clauses
        at = Attacher(text, layout, clauses, doc._.mentions, self.cues, self.catalog)
        taken = {(m.start, m.end) for m in doc._.mentions}
        people = [m for m in doc._.people if (m.start, m.end) not in taken]
        doc._.candidates = propose(text, layout, clauses, doc._.mentions, doc._.years, doc._.values,
                                   doc._.rule_claims, at, self.cues, doc._.references, people)  # fmt: skip
        return doc


class ClaimSelector(_Component):
    """The candidates the model believes become claims; ``model`` may be replaced (benchmarks)."""

    def __init__(self, cues: str) -> None:
        super().__init__(cues)
        self.model: Model = packaged_model()

    def __call__(self, doc: Doc) -> Doc:
        doc._.claims = select(doc._.candidates, self.model, doc._.shadow, self.cues)
        spans = {(m.start, m.end) for m in doc._.mentions}
        credited = {(a.start, a.end): a for c in doc._.claims if (a := c.value_mention) is not None}
        new = [a for span, a in credited.items() if span not in spans]  # people named where credited
        doc._.mentions = sorted(doc._.mentions + new, key=lambda m: (m.start, m.end))
        doc.ents = filter_spans(token_spans(doc, doc._.mentions))
        return doc


def token_spans(doc: Doc, mentions: list) -> list[Span]:
    """Mentions as spans of whole jieba tokens, as ``doc.char_span(..., alignment_mode="expand")``
    gives them, computed for all mentions at once from the token offsets."""
    if not mentions or not len(doc):
        return []
    idx = doc.to_array("IDX")
    first = np.searchsorted(idx, [m.start for m in mentions], side="right") - 1
    last = np.searchsorted(idx, [m.end for m in mentions], side="left")
    return [
        Span(doc, int(a), int(b), label=m.type)
        for a, b, m in zip(first, last, mentions, strict=True)
        if b > a
    ]


@registry.tokenizers("dl_jieba_tokenizer")
def make_tokenizer():
    return lambda nlp: JiebaTokenizer(nlp.vocab, segmenter="jieba")


@Language.factory("dl_sentencizer", default_config={"punct_chars": None}, assigns=["token.is_sent_start"])
def make_sentencizer(nlp: Language, name: str, punct_chars: list[str] | None) -> ArraySentencizer:
    return ArraySentencizer(name, punct_chars=punct_chars)


@Language.factory(
    "dl_values", default_config={"cues": DEFAULT_CUES},
    assigns=["doc._.shadow", "doc._.years", "doc._.values", "doc._.clauses"],
)
def make_values(nlp: Language, name: str, cues: str) -> ValueFinder:
    return ValueFinder(cues)


@Language.factory(
    "dl_catalog_entities",
    default_config={"cues": DEFAULT_CUES},
    requires=["doc._.shadow"],
    assigns=["doc._.mentions"],
)
def make_catalog_entities(nlp: Language, name: str, cues: str) -> CatalogEntities:
    return CatalogEntities(cues)


@Language.factory(
    "dl_layout", default_config={"cues": DEFAULT_CUES},
    requires=["doc._.shadow", "doc._.years", "token.is_sent_start"],
    assigns=["doc._.layout"],
)
def make_layout(nlp: Language, name: str, cues: str) -> LayoutReader:
    return LayoutReader(cues)


@Language.factory(
    "dl_discovery", default_config={"cues": DEFAULT_CUES},
    requires=["doc._.shadow", "doc._.layout", "doc._.mentions"],
    assigns=["doc._.mentions", "doc._.references"],
)
def make_discovery(nlp: Language, name: str, cues: str) -> Discovery:
    return Discovery(cues)


@Language.factory(
    "dl_attribution", default_config={"cues": DEFAULT_CUES},
    requires=["doc._.shadow", "doc._.layout", "doc._.clauses", "doc._.mentions", "doc._.years"],
    assigns=["doc._.mentions", "doc._.people", "doc._.rule_claims"],
)
def make_attribution(nlp: Language, name: str, cues: str) -> Attribution:
    return Attribution(cues)


@Language.factory(
    "dl_attachment", default_config={"cues": DEFAULT_CUES},
    requires=["doc._.shadow", "doc._.layout", "doc._.values", "doc._.rule_claims"],
    assigns=["doc._.rule_claims"],
)
def make_attachment(nlp: Language, name: str, cues: str) -> Attachment:
    return Attachment(cues)


@Language.factory(
    "dl_candidates", default_config={"cues": DEFAULT_CUES},
    requires=["doc._.mentions", "doc._.people", "doc._.values", "doc._.rule_claims", "doc._.references"],
    assigns=["doc._.candidates"],
)
def make_candidates(nlp: Language, name: str, cues: str) -> CandidateProposer:
    return CandidateProposer(cues)


@Language.factory(
    "dl_claims", default_config={"cues": DEFAULT_CUES},
    requires=["doc._.candidates"],
    assigns=["doc._.claims", "doc._.mentions", "doc.ents"],
)
def make_claims(nlp: Language, name: str, cues: str) -> ClaimSelector:
    return ClaimSelector(cues)


def make_docs(nlp: Language, texts: Iterable[str]) -> Iterator[Doc]:
    """Tokenised docs that remember their text (``Doc.text`` re-joins every token each time)."""
    for text in texts:
        doc = nlp.make_doc(text)
        doc._.source_text = text
        yield doc


@contextmanager
def configured(
    nlp: Language, *, model: Model | None = None, catalog: Catalog | None = None
) -> Iterator[Language]:
    """``nlp`` with another scorer or catalog for one call, and the packaged ones again after (the
    pipeline is built once per process; a run passes the catalog it resolves with)."""
    selector = nlp.get_pipe("dl_claims")
    readers = [pipe for _, pipe in nlp.pipeline if isinstance(pipe, _Component)]
    packaged = selector.model
    try:
        selector.model = model or packaged
        for reader in readers if catalog is not None else ():
            reader.initialize(nlp=nlp, catalog=catalog)
        yield nlp
    finally:
        selector.model = packaged
        for reader in readers if catalog is not None else ():
            reader.initialize(nlp=nlp)


@cache
def build_nlp(cues: str = DEFAULT_CUES) -> Language:
    """The extraction pipeline, built once per process."""
    jieba.setLogLevel(logging.WARNING)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "dl_jieba_tokenizer"}}})
    # "." ends no sentence here: it sits in "W. Rae", "2012.10", "GPT-3.5" far more often than at an end
    punct = sorted((set(Sentencizer.default_punct_chars) - {"."}) | set(cues_from(cues).sentence_punct))
    nlp.add_pipe("dl_sentencizer", config={"punct_chars": punct})
    jieba.initialize()
    catalog_index(load_catalog())
    # the dictionaries loaded above (and the packaged catalog's matcher) live as long as the process:
    # keep the cyclic collector from re-scanning jieba's 350k-word dictionary on every full collection
    gc.freeze()
    for component in ("dl_values", "dl_catalog_entities", "dl_layout", "dl_discovery", "dl_attribution",
                      "dl_attachment", "dl_candidates", "dl_claims"):  # fmt: skip
        nlp.add_pipe(component, config={"cues": cues})
    return nlp
