"""What extraction finds in one document: mentions, and claims about them.

Ids are content hashes of the document id and the offsets (plus the attribute
and subject for claims), so the same text always yields the same ids whatever
order documents are processed in.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field


def stable_id(prefix: str, *parts: object) -> str:
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


#: who makes things, and the things they make (a mention's ``type``)
AGENT_TYPES = ("person", "organization")
THING_TYPES = (
    "model",
    "method",
    "dataset",
    "benchmark",
    "concept",
    "hardware",
    "software",
    "system",
    "event",
    "paper",
)


@dataclass
class Mention:
    start: int
    end: int
    type: str
    catalog_id: str | None
    detector: str  # catalog, heading, table_name, bold, latin_name, person_name, …
    confidence: float

    def mention_id(self, doc_id: str) -> str:
        return stable_id("m", doc_id, self.start, self.end)


@dataclass
class Claim:
    attribute: str
    subject: Mention
    start: int  # span of value_raw
    end: int
    norm: str
    num: float | None
    unit: str | None
    evidence: tuple[int, int]
    extractor: str
    confidence: float
    qualifiers: dict = field(default_factory=dict)
    value_mention: Mention | None = None

    def claim_id(self, doc_id: str) -> str:
        return stable_id(
            "c", doc_id, self.start, self.end, self.attribute, self.subject.start, self.subject.end
        )


class Spans:
    """Non-overlapping spans already taken, for fast overlap checks."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for m in sorted(mentions, key=lambda m: m.start):
            self.add(m.start, m.end)

    def free(self, s: int, e: int) -> bool:
        i = bisect.bisect_right(self.starts, s) - 1
        if i >= 0 and self.ends[i] > s:
            return False
        return not (i + 1 < len(self.starts) and self.starts[i + 1] < e)

    def add(self, s: int, e: int) -> None:
        i = bisect.bisect_left(self.starts, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)
