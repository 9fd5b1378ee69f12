"""Extraction stays linear in its input: hostile lines and texts cost what their length costs.

Budgets are wall-clock seconds, set at about ten times what the linear code takes on this
2-core machine and far below what the super-linear code took (noted with each case).
"""

from __future__ import annotations

import re
import time

import pandas as pd

from pipeline.extract import extract_claims
from pipeline.extract.language import build_nlp
from pipeline.extract.layout import _PREFIX, MAX_SENTENCE
from tests.conftest import SEED_RAW


def _documents(text: str) -> pd.DataFrame:
    return pd.DataFrame([{"doc_id": "d", "text": text, "status": "ok"}])


def _seconds(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def test_a_line_of_forty_thousand_section_dots_is_read_in_linear_time():
    """``1.1.1.…``: the heading-prefix regex rescanned the rest of the line from every dot (11-23 s)."""
    line = "1." * 20_000
    assert _seconds(lambda: _PREFIX.match(line)) < 0.5
    extract_claims(_documents("热身。"))  # the pipeline's first build is not the line's cost
    assert _seconds(lambda: extract_claims(_documents(line))) < 6


def _one_line_of_prose(n_chars: int) -> str:
    """The seed texts as one line without sentence punctuation (code lines left out)."""
    code = re.compile(r"import|def |class |return|lambda|self|torch|np\.|nn\.|tf\.|=")
    lines = [line for p in sorted(SEED_RAW.iterdir()) for line in p.read_text().splitlines()]
    prose = re.sub(r"[。！？!?；;]", " ", " ".join(line for line in lines if not code.search(line)))
    return (prose * (n_chars // len(prose) + 1))[:n_chars]


def test_a_long_line_without_sentence_punctuation_is_read_in_bounded_sentences():
    """120,000 characters without 。！？ took 91 s (20,000: 16 s): a rule's work per sentence
    grows faster than the sentence, so a sentence is read in pieces of at most MAX_SENTENCE."""
    line = _one_line_of_prose(60_000)
    extract_claims(_documents("热身。"))
    assert _seconds(lambda: extract_claims(_documents(line))) < 15
    nlp = build_nlp()
    doc = nlp(line)
    layout = doc._.layout
    pos, pieces = 0, []
    while pos < len(line):
        s, e = layout.sentence(pos, pos)
        pieces.append(e - s)
        pos = max(e, pos + 1)
    assert max(pieces) <= MAX_SENTENCE and len(pieces) >= len(line) // MAX_SENTENCE


def test_a_table_row_longer_than_a_sentence_is_read_as_text():
    row = "| " + " | ".join(f"AlexNet{i} | {i}%" for i in range(3_000)) + " |"
    text = "| 模型 | 错误率 |\n|---|---|\n" + row + "\n"
    extract_claims(_documents("热身。"))
    assert _seconds(lambda: extract_claims(_documents(text))) < 20
    layout = build_nlp()(text)._.layout
    long_row = next(info for info in layout.blocks if info.block.end - info.block.start > MAX_SENTENCE)
    assert long_row.row is None
    s, e = layout.sentence(long_row.block.start + 10, long_row.block.start + 10)
    assert e - s <= MAX_SENTENCE


def test_a_verb_looks_only_at_the_years_of_its_own_sentence(monkeypatch):
    """Every creation verb compared every year of the document (verbs × years: a 950,000-character
    timeline took 53 s, four times more than linear); only a year in the sentence can date it."""
    from pipeline.extract.attribution import Attributor

    calls = []
    dates_event = Attributor._dates_event
    monkeypatch.setattr(Attributor, "_dates_event", lambda self, *a: calls.append(1) or dates_event(self, *a))
    n = 400
    year = [1990 + i % 30 for i in range(n)]
    text = "".join(f"{y}年，Hinton和LeCun提出了AlexNet，并于{y}年发布。\n" for y in year)
    extract_claims(_documents(text))
    assert 0 < len(calls) <= 4 * n  # two verbs, two years per sentence


def test_a_name_discovered_many_times_is_looked_for_once():
    """Each heading naming the same thing searched the whole text again (headings × text)."""
    from pipeline.extract.discover import repeat_mentions
    from pipeline.extract.records import Mention

    n = 3000
    text = "".join(f"## AlexNet{i % 3} 模型\n正文。\n" for i in range(n))
    line = len("## AlexNet0 模型\n正文。\n")
    heads = [Mention(k * line + 3, k * line + 11, "model", None, "heading", 0.6) for k in range(n)]
    assert {text[m.start : m.end] for m in heads} == {"AlexNet0", "AlexNet1", "AlexNet2"}
    assert _seconds(lambda: repeat_mentions(text, heads, [])) < 1


def test_a_text_over_a_million_characters_is_extracted_whole():
    """spaCy refused texts over its max_length of 1,000,000 (E088), which aborted the run."""
    text = "深度学习的历史很长。\n" * 100_000 + "2012年，Krizhevsky提出了AlexNet，错误率为15.3%。\n"
    assert len(text) > 1_000_000
    claims = extract_claims(_documents(text)).claims
    assert claims["char_end"].max() > 1_000_000  # offsets into the whole text
