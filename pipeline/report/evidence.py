"""Evidence quotes with the claimed value picked out.

A claim carries its evidence (sentence or table row) and the document offsets
of ``value_raw``. The value may occur more than once in the evidence ("从26%降至
15.3%" around a 26% claim), so the document offsets decide which occurrence is
the claim's; when the evidence lacks the value, the document text around the
offsets is quoted instead, so a reviewer always sees the value in context.
"""

from __future__ import annotations

from dataclasses import dataclass

#: characters of context kept on each side of the value in long evidence
CONTEXT = 90


@dataclass(frozen=True)
class Quote:
    before: str
    value: str  # the highlighted part; empty when the value could not be found
    after: str
    from_document: bool = False  # True when quoted from the text, not the evidence

    @property
    def text(self) -> str:
        return self.before + self.value + self.after


def quote(evidence: str, value: str, doc_text: str | None, start: int, end: int) -> Quote:
    """The evidence split around the claim's occurrence of ``value``."""
    evidence, value = evidence or "", value or ""
    at = _position_in_evidence(evidence, value, doc_text, start, end)
    if at is not None:
        return _trim(evidence[:at], value, evidence[at + len(value) :])
    if doc_text and 0 <= start < end <= len(doc_text):
        # only what _trim can keep: a copy of the whole text per claim is quadratic in a long one
        before, after = doc_text[max(0, start - CONTEXT - 1) : start], doc_text[end : end + CONTEXT + 1]
        return _trim(before, doc_text[start:end], after, from_document=True)
    return Quote(_shorten_tail(evidence), "", "")


def _position_in_evidence(
    evidence: str, value: str, doc_text: str | None, start: int, end: int
) -> int | None:
    if not value or value not in evidence:
        return None
    hits = [i for i in range(len(evidence)) if evidence.startswith(value, i)]
    if len(hits) == 1 or not doc_text:
        return hits[0]
    # where does the evidence sit in the document? the one copy that covers the span
    lo = max(0, end - len(evidence))
    ev_start = doc_text.find(evidence, lo, start + len(evidence))
    if ev_start != -1 and (start - ev_start) in hits:
        return start - ev_start
    return hits[0]


def _trim(before: str, value: str, after: str, *, from_document: bool = False) -> Quote:
    before = " ".join(before.split("\n")[-1:]) if from_document else before
    after = after.split("\n")[0] if from_document else after
    if len(before) > CONTEXT:
        before = "…" + before[-CONTEXT:]
    if len(after) > CONTEXT:
        after = after[:CONTEXT] + "…"
    return Quote(before, value, after, from_document)


def _shorten_tail(text: str) -> str:
    return text if len(text) <= 2 * CONTEXT else text[: 2 * CONTEXT] + "…"
