"""The bulk tokenizer and sentencizer give exactly what spaCy's own do."""

from pathlib import Path

import pytest
import spacy
from spacy.pipeline import Sentencizer
from spacy.util import get_words_and_spaces

from pipeline.extract.language import build_nlp
from pipeline.extract.segment import words_and_spaces

RAW = Path(__file__).resolve().parent.parent / "raw"
TRICKY = [
    "",
    " ",
    "  leading and trailing  ",
    "AlexNet 在 2012 年\n\n  夺冠。  Kaiming He\t和\r\n何恺明",
    "GPT-3 (175B) 参数：1750亿个；  top-5 错误率 15.3%。",
    "一句话。。。另一句！？\n“引号。”然后",
]


def _texts() -> list[str]:
    return TRICKY + [p.read_text(encoding="utf-8") for p in sorted(RAW.iterdir())]


@pytest.mark.parametrize("text", TRICKY)
def test_words_and_spaces_match_spacy(text):
    import jieba

    pieces = [p for p in jieba.cut(text) if p]
    assert words_and_spaces(pieces, text) == get_words_and_spaces(pieces, text)


def test_words_and_spaces_fall_back_when_pieces_do_not_join_to_the_text():
    assert words_and_spaces(["a", "b"], "a  b") == get_words_and_spaces(["a", "b"], "a  b")


def test_tokens_and_sentences_equal_spacys_own_on_seed_and_tricky_texts():
    ours = build_nlp()
    theirs = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    mine = ours.get_pipe("dl_sentencizer")
    theirs.add_pipe("sentencizer", config={"punct_chars": sorted(mine.punct_chars)})
    assert isinstance(theirs.get_pipe("sentencizer"), Sentencizer)
    for text in _texts():
        a = ours.get_pipe("dl_sentencizer")(ours.make_doc(text))
        b = theirs(text)
        assert [(t.text, t.whitespace_) for t in a] == [(t.text, t.whitespace_) for t in b]
        assert [t.is_sent_start for t in a] == [t.is_sent_start for t in b]
        assert a.text == text


def test_jieba_pieces_are_jiebas_cut():
    import jieba

    from pipeline.extract.segment import jieba_pieces

    for text in [*_texts(), "模型，模型。模型 模型\r\n模型"]:  # a block repeated in one text
        assert jieba_pieces(text) == [p for p in jieba.cut(text) if p]


def _scrambled_windows(seed: int, n: int, longest: int, shuffled: float):
    """``n`` windows of the seed texts with up to ten characters replaced, a share of them shuffled:
    unknown runs and rare words a segmenter must cut as jieba does."""
    import random

    big = "".join(p.read_text(encoding="utf-8") for p in sorted(RAW.iterdir()))
    chars = sorted(set(big))
    rng = random.Random(seed)
    for _ in range(n):
        k = rng.randrange(len(big) - longest)
        window = list(big[k : k + rng.randint(1, longest)])
        for _ in range(rng.randint(0, 10)):
            window[rng.randrange(len(window))] = rng.choice(chars)
        if rng.random() < shuffled:
            rng.shuffle(window)
        yield "".join(window)


def test_jieba_pieces_are_jiebas_cut_on_scrambled_text():
    import jieba

    from pipeline.extract.segment import jieba_pieces

    for text in _scrambled_windows(seed=7, n=2000, longest=200, shuffled=0.3):
        assert jieba_pieces(text) == [p for p in jieba.cut(text) if p], text


def test_word_weights_start_again_when_the_dictionary_changes():
    from pipeline.extract.segment import _weights

    freq = {"模型": 5}
    weights = _weights(freq, 10)
    weights["模型"] = 1.0
    assert _weights(freq, 10) == {"模型": 1.0}
    assert _weights(freq, 11) == {}  # jieba.add_word changed the total
    assert _weights({"模型": 5}, 11) == {}  # another dictionary


def test_hmm_cut_is_jiebas_finalseg():
    """Runs of characters jieba's dictionary does not segment, as its HMM cuts them."""
    from jieba import finalseg

    from pipeline.extract.segment import hmm_cut

    for text in ["", "a", "模", "AlexNet的2012年版本", "哈萨比斯和辛顿"]:
        assert hmm_cut(text) == list(finalseg.cut(text))
    for text in _scrambled_windows(seed=3, n=3000, longest=60, shuffled=0.5):
        assert hmm_cut(text) == list(finalseg.cut(text)), text
