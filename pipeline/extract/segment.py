"""Words and sentences in bulk: the jieba tokenizer and the sentencizer, without per-token Python work.

spaCy's own versions give the same result but cost as much as the rest of
extraction together: ``ChineseTokenizer`` re-finds every word with
``text[pos:].index(word)`` (quadratic in a document's length) and
``Sentencizer`` builds a ``Token`` object per token. Here the tokenizer relies on
jieba returning the text cut into pieces, whitespace included, and the
sentencizer applies spaCy's rule to token arrays.
"""

from __future__ import annotations

from math import log

import jieba
import numpy as np
from jieba import finalseg
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


def _cut_dag(
    block: str, freq: dict, logtotal: float, weight: dict[str, float], unknown: dict[str, list[str]]
) -> list[str]:
    """``jieba.Tokenizer.__cut_DAG(block)`` (jieba 0.42.1: the most probable path through the
    dictionary's words, runs of unknown characters left to the HMM) with its two passes over the block,
    ``get_DAG`` and ``calc``, made one, and each word's log weight computed once per text: the same
    floating-point sums, compared in the same order, so the same path.

    ``weight`` caches ``log(freq.get(w) or 1) - logtotal``, ``unknown`` the pieces of runs of
    unknown characters."""
    n = len(block)
    score = [0.0] * (n + 1)  # route[idx] = (score[idx], last[idx])
    last = [0] * (n + 1)
    for idx in range(n - 1, -1, -1):
        best: tuple[float, int] | None = None
        i, frag = idx, block[idx]
        while i < n and frag in freq:  # get_DAG: the words starting at idx (a prefix has frequency 0)
            if freq[frag]:
                w = weight.get(frag)
                if w is None:
                    w = weight[frag] = log(freq.get(frag) or 1) - logtotal
                option = (w + score[i + 1], i)
                if best is None or option > best:  # calc: max((score, end)) over the words
                    best = option
            i += 1
            frag = block[idx : i + 1]
        if best is None:  # no word: the character alone
            char = block[idx]
            w = weight.get(char)
            if w is None:
                w = weight[char] = log(freq.get(char) or 1) - logtotal
            best = (w + score[idx + 1], idx)
        score[idx], last[idx] = best
    out: list[str] = []
    x, buf = 0, ""
    while x < n:
        y = last[x] + 1
        if y - x == 1:
            buf += block[x:y]
        else:
            if buf:
                out += unknown[buf] if buf in unknown else unknown.setdefault(buf, _unknown_run(buf, freq))
                buf = ""
            out.append(block[x:y])
        x = y
    if buf:
        out += unknown[buf] if buf in unknown else unknown.setdefault(buf, _unknown_run(buf, freq))
    return out


def _unknown_run(buf: str, freq: dict) -> list[str]:
    """What ``__cut_DAG`` yields for a run of single characters: the HMM's words unless the run is a word."""
    if len(buf) == 1:
        return [buf]
    if not freq.get(buf):
        return list(finalseg.cut(buf))
    return list(buf)


def jieba_pieces(text: str) -> list[str]:
    """The non-empty pieces of ``jieba.cut(text)`` (accurate mode, HMM on): what ``Tokenizer.cut``
    does, with each distinct block of the text segmented once (a fifth of a document's Chinese is in
    blocks it repeats: 模型, 神经网络, 参数量) and the segmentation itself in one pass (:func:`_cut_dag`)."""
    dt = jieba.dt
    if not hasattr(dt, "_Tokenizer__cut_DAG") or jieba.__version__ != "0.42.1":
        return [p for p in dt.cut(text, cut_all=False) if p]  # another jieba than the one this follows
    dt.check_initialized()
    freq, logtotal = dt.FREQ, log(dt.total)
    weight: dict[str, float] = {}
    unknown: dict[str, list[str]] = {}  # a name jieba does not know recurs in its text
    re_han, re_skip = jieba.re_han_default, jieba.re_skip_default
    seen: dict[str, list[str]] = {}  # block -> its pieces (punctuation and spaces repeat most)
    out: list[str] = []
    for block in re_han.split(text):
        words = seen.get(block)
        if words is None:
            if not block:
                words = []
            elif re_han.match(block):
                words = [w for w in _cut_dag(block, freq, logtotal, weight, unknown) if w]
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
