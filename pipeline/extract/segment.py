"""Words and sentences in bulk: the jieba tokenizer and the sentencizer, without per-token Python work.

spaCy's own versions give the same result but cost as much as the rest of
extraction together: ``ChineseTokenizer`` re-finds every word with
``text[pos:].index(word)`` (quadratic in a document's length) and
``Sentencizer`` builds a ``Token`` object per token. Here the tokenizer relies on
jieba returning the text cut into pieces, whitespace included, and the
sentencizer applies spaCy's rule to token arrays.
"""

from __future__ import annotations

import jieba
import numpy as np
from spacy.attrs import IS_PUNCT, ORTH
from spacy.lang.zh import ChineseTokenizer
from spacy.pipeline import Sentencizer
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces


def words_and_spaces(pieces: list[str], text: str) -> tuple[list[str], list[bool]]:
    """What :func:`spacy.util.get_words_and_spaces` returns, in one pass over pieces that join to ``text``:
    a run of whitespace becomes one token, except a single space right after a word,
    which becomes that word's trailing space."""
    if "".join(pieces) != text:
        return get_words_and_spaces(pieces, text)
    words: list[str] = []
    spaces: list[bool] = []
    gap: list[str] = []

    def flush() -> None:
        run = "".join(gap)
        gap.clear()
        if words and run[0] == " ":
            spaces[-1] = True
            run = run[1:]
        if run:
            words.append(run)
            spaces.append(False)

    for piece in pieces:
        if piece.isspace():
            gap.append(piece)
            continue
        if gap:
            flush()
        words.append(piece)
        spaces.append(False)
    if gap:
        flush()
    return words, spaces


def jieba_pieces(text: str) -> list[str]:
    """The non-empty pieces of ``jieba.cut(text)`` (accurate mode, HMM on), each distinct block of
    one text segmented once: what ``Tokenizer.cut`` does, with its per-block segmentation remembered
    for the text (a fifth of a document's Chinese is in blocks it repeats: 模型, 神经网络, 参数量)."""
    dt = jieba.dt
    cut_block = getattr(dt, "_Tokenizer__cut_DAG", None)  # what cut() runs on each block
    if cut_block is None:  # another jieba than the pinned one: its own cut
        return [p for p in dt.cut(text, cut_all=False) if p]
    dt.check_initialized()
    re_han, re_skip = jieba.re_han_default, jieba.re_skip_default
    seen: dict[str, list[str]] = {}  # block -> its pieces (punctuation and spaces repeat most)
    out: list[str] = []
    for block in re_han.split(text):
        words = seen.get(block)
        if words is None:
            if not block:
                words = []
            elif re_han.match(block):
                words = [w for w in cut_block(block) if w]
            else:
                words = []
                for x in re_skip.split(block):
                    if re_skip.match(x):
                        words.append(x)
                    else:
                        words += x  # one piece per character
            seen[block] = words
        out += words
    return out


class JiebaTokenizer(ChineseTokenizer):
    """spaCy's Chinese tokenizer with the jieba segmenter, aligned to the text in linear time."""

    def __call__(self, text: str) -> Doc:
        pieces = (
            jieba_pieces(text)
            if self.jieba_seg is jieba
            else [p for p in self.jieba_seg.cut(text, cut_all=False) if p]
        )
        words, spaces = words_and_spaces(pieces, text)
        return Doc(self.vocab, words=words, spaces=spaces)


class ArraySentencizer(Sentencizer):
    """spaCy's rule-based sentencizer (same punctuation, same rule), decided on token arrays.

    A token starts a sentence if it is the first, or if it is neither punctuation nor a
    sentence-final character and a sentence-final character stands between it and the
    previous such token."""

    def predict(self, docs) -> list[list[bool]]:
        finals = np.array([get_string_id(p) for p in self.punct_chars], dtype=np.uint64)
        return [self._starts(doc, finals) for doc in docs]

    @staticmethod
    def _starts(doc: Doc, finals: np.ndarray) -> list[bool]:
        if not len(doc):
            return []
        attrs = doc.to_array([ORTH, IS_PUNCT])
        final = np.isin(attrs[:, 0], finals)
        regular = np.flatnonzero((attrs[:, 1] == 0) & ~final)
        finals_before = np.concatenate(([0], np.cumsum(final)))  # finals among tokens [0, i)
        previous = np.concatenate(([0], regular[:-1] + 1))  # just after the previous regular token
        starts = np.zeros(len(doc), dtype=bool)
        starts[regular[finals_before[regular] > finals_before[previous]]] = True
        starts[0] = True
        return starts.tolist()
