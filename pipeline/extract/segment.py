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
    ``get_DAG`` and ``calc``, made one, and each word's log weight computed once: the same
    floating-point sums, compared in the same order, so the same path.

    ``weight`` caches ``log(freq[w]) - logtotal`` (see :func:`_weights`), ``unknown`` the pieces of
    runs of unknown characters."""
    n = len(block)
    score = [0.0] * (n + 1)  # route[idx] = (score[idx], last[idx])
    last = [0] * (n + 1)
    alone = log(1) - logtotal  # a character that is no word: log(freq.get(c) or 1) with no frequency
    lookup, known = freq.get, weight.get
    for idx in range(n - 1, -1, -1):
        best: tuple[float, int] | None = None
        end = idx + 1
        frag = block[idx]
        f = lookup(frag)
        while f is not None:  # get_DAG: the words starting at idx (a word's prefix has frequency 0)
            if f:
                w = known(frag)
                if w is None:
                    w = weight[frag] = log(f) - logtotal
                option = (w + score[end], end - 1)
                if best is None or option > best:  # calc: max((score, last)) over the words
                    best = option
            if end >= n:
                break
            end += 1
            frag = block[idx:end]
            f = lookup(frag)
        if best is None:  # no word: the character alone
            best = (alone + score[idx + 1], idx)
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
        return hmm_cut(buf)
    return list(buf)


def _hmm_states(chars: str) -> list[str]:
    """The Viterbi path of ``jieba.finalseg.viterbi(chars, "BMES", …)`` (jieba 0.42.1) over the states
    B, M, E, S, each written out: the same sums (``prev + trans + emit``) and the same choices (the
    larger (score, state) of the two states allowed before each), the path kept as back-pointers where
    jieba copies it at every character."""
    floor = finalseg.MIN_FLOAT
    start, trans, emit = finalseg.start_P, finalseg.trans_P, finalseg.emit_P
    e_b, e_m, e_e, e_s = emit["B"], emit["M"], emit["E"], emit["S"]
    t_eb, t_sb = trans["E"].get("B", floor), trans["S"].get("B", floor)  # PrevStatus: B <- E, S
    t_mm, t_bm = trans["M"].get("M", floor), trans["B"].get("M", floor)  # M <- M, B
    t_ss, t_es = trans["S"].get("S", floor), trans["E"].get("S", floor)  # S <- S, E
    t_be, t_me = trans["B"].get("E", floor), trans["M"].get("E", floor)  # E <- B, M
    c = chars[0]
    vb, vm = start["B"] + e_b.get(c, floor), start["M"] + e_m.get(c, floor)
    ve, vs = start["E"] + e_e.get(c, floor), start["S"] + e_s.get(c, floor)
    back: list[tuple[str, str, str, str]] = []
    for c in chars[1:]:
        # max([(score_a, a), (score_b, b)]): the larger score, on a tie the later letter
        em = e_b.get(c, floor)
        x, y = ve + t_eb + em, vs + t_sb + em
        nb, pb = (y, "S") if y >= x else (x, "E")
        em = e_m.get(c, floor)
        x, y = vm + t_mm + em, vb + t_bm + em
        nm, pm = (x, "M") if x >= y else (y, "B")
        em = e_e.get(c, floor)
        x, y = vb + t_be + em, vm + t_me + em
        ne, pe = (y, "M") if y >= x else (x, "B")
        em = e_s.get(c, floor)
        x, y = vs + t_ss + em, ve + t_es + em
        ns, ps = (x, "S") if x >= y else (y, "E")
        vb, vm, ve, vs = nb, nm, ne, ns
        back.append((pb, pm, pe, ps))
    state = "S" if vs >= ve else "E"
    states = [state]
    slot = {"B": 0, "M": 1, "E": 2, "S": 3}
    for pointers in reversed(back):
        state = pointers[slot[state]]
        states.append(state)
    states.reverse()
    return states


def _hmm_words(chars: str) -> list[str]:
    """``jieba.finalseg.__cut(chars)``: the words of the Viterbi path."""
    out: list[str] = []
    begin = done = 0
    for i, pos in enumerate(_hmm_states(chars)):
        if pos == "B":
            begin = i
        elif pos == "E":
            out.append(chars[begin : i + 1])
            done = i + 1
        elif pos == "S":
            out.append(chars[i])
            done = i + 1
    if done < len(chars):
        out.append(chars[done:])
    return out


def hmm_cut(text: str) -> list[str]:
    """``list(jieba.finalseg.cut(text))`` (jieba 0.42.1), with :func:`_hmm_states` for its Viterbi pass."""
    out: list[str] = []
    for block in finalseg.re_han.split(text):
        if finalseg.re_han.match(block):
            for word in _hmm_words(block):
                if word not in finalseg.Force_Split_Words:
                    out.append(word)
                else:
                    out += word
        else:
            out += [x for x in finalseg.re_skip.split(block) if x]
    return out


_WEIGHTS: dict[str, float] = {}
_WEIGHTS_FOR: dict[str, object] = {"freq": None, "total": None}  # the dictionary they were computed for


def _weights(freq: dict, total: int) -> dict[str, float]:
    """The log weights of the dictionary's words, filled as words are met, for as long as the
    dictionary stays the same (``jieba.add_word`` changes its total: the weights start again)."""
    if _WEIGHTS_FOR["freq"] is not freq or _WEIGHTS_FOR["total"] != total:
        _WEIGHTS.clear()
        _WEIGHTS_FOR.update(freq=freq, total=total)
    return _WEIGHTS


def jieba_pieces(text: str) -> list[str]:
    """The non-empty pieces of ``jieba.cut(text)`` (accurate mode, HMM on): what ``Tokenizer.cut``
    does, with each distinct block of the text segmented once (a fifth of a document's Chinese is in
    blocks it repeats: 模型, 神经网络, 参数量) and the segmentation itself in one pass (:func:`_cut_dag`)."""
    dt = jieba.dt
    if not hasattr(dt, "_Tokenizer__cut_DAG") or jieba.__version__ != "0.42.1":
        return [p for p in dt.cut(text, cut_all=False) if p]  # another jieba than the one this follows
    dt.check_initialized()
    freq, logtotal = dt.FREQ, log(dt.total)
    weight = _weights(freq, dt.total)
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
