"""Extract: documents become mentions of entities and claims about them.

Public entry point: :func:`extract_claims`. Input is the ``documents`` table
(rows with ``status == "ok"`` are read); output is the ``extracted_mentions``
and ``extracted_claims`` tables of :data:`pipeline.schema.INTERMEDIATE`.
The spaCy pipeline is :func:`pipeline.extract.language.build_nlp` (jieba
segmenter, sentencizer with ；, our components), run with ``nlp.pipe``.

Output conventions (resolution and reconciliation rely on them):

* Offsets are into ``documents.text``; ``surface == text[char_start:char_end]``
  and ``value_raw == text[char_start:char_end]`` for every row. Matching runs
  on a simplified (OpenCC t2s) shadow of the same length, so traditional text
  is recognised and offsets still point into the original.
* ``mention_id`` = hash(doc_id, start, end); ``claim_id`` = hash(doc_id, value
  offsets, attribute, subject offsets). Same text, same ids.
* mentions: ``type`` is the catalog type, or a guessed one for discovered
  entities; ``catalog_id`` is set when a catalog name matched; ``detector`` is
  ``catalog``, ``heading``, ``table_name``, ``bold``, ``latin_name``, ``gloss``
  (``神经认知机（Neocognitron）``), ``person_name`` or ``table_creator``;
  ``confidence`` 0.95 for catalog names, 0.4-0.6 for discovered ones.
* claims: ``subject_mention_id`` is the mention the claim is about;
  ``evidence`` the sentence (clipped to its line) or the whole table row;
  ``extractor`` the rule (``percent_sentence``, ``count_paren``, ``headline_year``,
  ``table_year``, ``paren_year``, ``creation_year``, ``agent_verb``, ``by_agent``,
  ``possessive_org``, ``dated_possessive``, ``agent_affiliation``, ``role_noun``, ``table_creator``,
  ``percent_role`` …); ``confidence`` 0-1.
* year: ``value_norm`` ``YYYY`` / ``YYYY-MM``; ranges ``YYYY/YYYY`` (2023-2024年,
  1970s → 1970/1979, 20世纪40年代 → 1940/1949; month ranges ``YYYY-MM/YYYY-MM``);
  ``value_num`` the first year; qualifiers ``granularity`` year|month|decade|range.
* error_rate / accuracy: ``value_num`` in percent, unit ``%``; qualifiers
  ``metric`` (top-1/top-5), ``split``, ``benchmark``, ``ensemble`` when written.
* parameters / layers / dataset_size / classes: ``value_num`` the absolute count
  (1750亿 → 1.75e11, 175B → 1.75e11), ``value_norm`` the integer as a decimal
  string without separators (``175000000000``), unit ``parameters``, ``layers``,
  ``images``, ``classes`` …; ``at_least`` for ``152+层``.
* ``kind_of`` in qualifiers: the value is said of models like the subject
  (``BERT 类模型（0.5B 参数）``, ``类 GPT 架构``), which reconcile never makes a high row.
* every numeric claim has ``precision`` in qualifiers: the unit of the last
  written digit (26% → 1, 26.2% → 0.1, 1.17亿 → 1e6, 175B → 1e9; years 1, decades 10).
* Baselines (亚军26.2%, 此前最优…26.2%, 从26%降至/降到了15.3%, 相比之前的75%) are never
  claims on the subject. Error/accuracy baselines become claims on the
  competition or benchmark in context (ILSVRC, ImageNet) with qualifiers
  ``{"role": "runner_up"|"previous_best", "relative_to": "<subject>"}``; other
  baselines (参数从15亿增至1750亿: the 15亿) are dropped.
* creator / organization: one claim per person/organisation; ``value_raw`` and
  ``value_norm`` the name as written (the resolver canonicalises it);
  ``value_mention_id`` its mention (emitted too); qualifiers ``n_named``,
  ``et_al`` (等人/et al.), ``team`` (团队/实验室).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd

from pipeline import schema
from pipeline.catalog import Catalog
from pipeline.extract.candidates import Candidate
from pipeline.extract.language import build_nlp, configured, cues_from, make_docs
from pipeline.extract.records import Claim, Mention
from pipeline.extract.scorer import Model, select

BATCH_SIZE = 16


@dataclass(frozen=True)
class DocumentCandidates:
    """What the scorer saw in one document, kept for fitting and leave-one-out scoring."""

    doc_id: str
    text: str
    shadow: str
    mentions: list[Mention]
    candidates: list[Candidate]

    def claim_rows(self, model: Model) -> list[dict]:
        claims = select(self.candidates, model, self.shadow, cues_from("cues.yaml"))
        return [_claim_row(self.doc_id, self.text, c) for c in _best_claims(claims)]


@dataclass(frozen=True)
class Extraction:
    mentions: pd.DataFrame  # schema.INTERMEDIATE["extracted_mentions"]
    claims: pd.DataFrame  # schema.INTERMEDIATE["extracted_claims"]
    candidates: dict[str, DocumentCandidates] = field(default_factory=dict)  # with keep_candidates


def _mention_row(doc_id: str, text: str, m: Mention) -> dict:
    return {
        "mention_id": m.mention_id(doc_id),
        "doc_id": doc_id,
        "surface": text[m.start : m.end],
        "char_start": m.start,
        "char_end": m.end,
        "type": m.type,
        "catalog_id": m.catalog_id,
        "detector": m.detector,
        "confidence": m.confidence,
    }


def _claim_row(doc_id: str, text: str, c: Claim) -> dict:
    return {
        "claim_id": c.claim_id(doc_id),
        "doc_id": doc_id,
        "attribute": c.attribute,
        "value_raw": text[c.start : c.end],
        "value_norm": c.norm,
        "value_num": c.num,
        "unit": c.unit,
        "qualifiers": json.dumps(c.qualifiers, ensure_ascii=False, sort_keys=True),
        "evidence": text[c.evidence[0] : c.evidence[1]].strip(),
        "char_start": c.start,
        "char_end": c.end,
        "extractor": c.extractor,
        "confidence": c.confidence,
        "subject_mention_id": c.subject.mention_id(doc_id),
        "value_mention_id": c.value_mention.mention_id(doc_id) if c.value_mention else None,
    }


def _best_claims(claims: list[Claim]) -> list[Claim]:
    """One claim per (attribute, subject entity, value span): the most confident rule wins."""
    best: dict[tuple, Claim] = {}
    for c in claims:
        key = (c.attribute, c.subject.catalog_id or (c.subject.start, c.subject.end), c.start, c.end)
        if key not in best or c.confidence > best[key].confidence:
            best[key] = c
    return sorted(best.values(), key=lambda c: (c.start, c.attribute, c.subject.start))


def _one_per_span(mentions: list[Mention]) -> list[Mention]:
    """One mention per span (its id is made of the span): a catalog link wins, then confidence.

    Components may find the same name twice (a person detector and the
    attribution rules both see ``S. Hochreiter``); claims refer to it by span.
    """
    best: dict[tuple[int, int], Mention] = {}
    for m in mentions:
        key = (m.start, m.end)
        rank = (m.catalog_id is not None, m.confidence)
        if key not in best or rank > (best[key].catalog_id is not None, best[key].confidence):
            best[key] = m
    return sorted(best.values(), key=lambda m: (m.start, m.end))


def _rows(doc_id: str, text: str, doc) -> tuple[list[dict], list[dict]]:
    mentions = [_mention_row(doc_id, text, m) for m in _one_per_span(doc._.mentions)]
    claims = [_claim_row(doc_id, text, c) for c in _best_claims(doc._.claims)]
    return mentions, claims


def extract_claims(
    documents: pd.DataFrame,
    *,
    model: Model | None = None,
    catalog: Catalog | None = None,
    keep_candidates: bool = False,
) -> Extraction:
    """Mentions and claims of every ``ok`` document (``model``: another scorer than the packaged
    one; ``catalog``: the catalog the run resolves with, the packaged one by default)."""
    ok = documents[documents["status"] == "ok"] if len(documents) else documents
    ids, texts = list(ok.get("doc_id", [])), list(ok.get("text", []))
    mention_rows: list[dict] = []
    claim_rows: list[dict] = []
    kept: dict[str, DocumentCandidates] = {}
    nlp = build_nlp()
    # spaCy refuses texts over nlp.max_length (1,000,000; E088) to spare its parser's memory;
    # this pipeline has none and is linear in the text, which ingest bounds (MAX_BYTES)
    nlp.max_length = max(nlp.max_length, max(map(len, texts), default=0) + 1)
    with configured(nlp, model=model, catalog=catalog):
        docs = nlp.pipe(make_docs(nlp, texts), batch_size=BATCH_SIZE)
        for doc_id, text, doc in zip(ids, texts, docs, strict=True):
            m, c = _rows(doc_id, text, doc)
            mention_rows += m
            claim_rows += c
            if keep_candidates:
                kept[doc_id] = DocumentCandidates(
                    doc_id, text, doc._.shadow, doc._.mentions, doc._.candidates
                )
    mentions = (
        schema.conform(mention_rows, "extracted_mentions")
        if mention_rows
        else schema.empty("extracted_mentions")
    )
    claims = (
        schema.conform(claim_rows, "extracted_claims") if claim_rows else schema.empty("extracted_claims")
    )
    return Extraction(mentions=mentions, claims=claims, candidates=kept)
