"""Ingest: encodings, rejections, normalisation, titles and structure."""

from __future__ import annotations

import hashlib

import pytest

from pipeline.ingest import MAX_BYTES, RawFile, documents_frame, ingest_file, normalize_text, parse_blocks
from pipeline.ingest.decode import UndecodableError, decode_bytes

ZH = "深度学习的历史：2012年，AlexNet将ImageNet的top-5错误率降至15.3%。反向传播由辛顿等人推广。"
ZH_TRAD = "深度學習的歷史：2012年，AlexNet將ImageNet的錯誤率降至15.3%。反向傳播由辛頓等人推廣。"


def raw(
    data: bytes | None, name: str = "doc", problem: str | None = None, size: int | None = None
) -> RawFile:
    return RawFile(name, f"{name}.txt", data, len(data or b"") if size is None else size, problem)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ZH.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + ZH.encode("utf-8"), "utf-8-sig"),
        (ZH.encode("gbk"), "gb18030"),
        (ZH.encode("gb18030"), "gb18030"),
        (ZH_TRAD.encode("big5"), "big5"),
    ],
)
def test_each_supported_encoding_decodes_to_the_same_text(data: bytes, encoding: str) -> None:
    doc = ingest_file(raw(data))
    assert doc.status == "ok"
    assert doc.encoding == encoding
    assert doc.text in (ZH, ZH_TRAD)
    assert doc.sha256 == hashlib.sha256(data).hexdigest()


def test_big5_text_is_not_mistaken_for_gbk_mojibake() -> None:
    long_trad = (ZH_TRAD + "\n") * 20
    assert decode_bytes(long_trad.encode("big5")).text == long_trad


def test_undecodable_bytes_raise_with_what_was_tried() -> None:
    with pytest.raises(UndecodableError, match="UTF-8"):
        decode_bytes(b"\x81\x20\xfe\xff\x81\x20" * 10)


@pytest.mark.parametrize(
    ("file", "reason"),
    [
        (raw(b""), "empty file"),
        (raw(b"  \n\t\n"), "only whitespace"),
        (raw(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))), "binary"),
        (raw(b"\x81\x20\xfe\xff\x81\x20" * 10), "undecodable"),
        (raw(None, size=MAX_BYTES + 1), "over the"),
        (raw(None, problem="symlink pointing outside the raw directory (/etc/passwd)"), "symlink"),
        (raw(None), "could not be read"),
    ],
)
def test_unusable_files_become_rejected_rows_with_a_reason(file: RawFile, reason: str) -> None:
    doc = ingest_file(file)
    assert doc.status == "rejected"
    assert reason in doc.reason
    assert doc.text == "" and doc.n_chars == 0


def test_normalisation_folds_width_line_endings_and_invisible_characters() -> None:
    text = "ＧＰＴ－３有１７５０亿参数，错误率１５．３％\r\n第二行\u200b\u00a0结束\r"
    assert normalize_text(text) == "GPT-3有1750亿参数，错误率15.3%\n第二行 结束\n"
    assert normalize_text(normalize_text(text)) == normalize_text(text)


def test_chinese_punctuation_is_kept_as_written() -> None:
    assert normalize_text("（注意：；）") == "（注意：；）"


def test_offsets_refer_to_the_normalised_text() -> None:
    doc = ingest_file(raw("a\r\nＡｌｅｘＮｅｔ\r\n".encode()))
    assert doc.text == "a\nAlexNet\n"
    assert doc.n_chars == len(doc.text)


def test_title_from_yaml_front_matter() -> None:
    doc = ingest_file(raw("---\ntitle: 深度学习时间线\nlang: zh\n---\n\n# 另一个标题\n正文".encode()))
    assert doc.title == "深度学习时间线"


def test_title_from_first_heading() -> None:
    assert ingest_file(raw("# 深度学习里程碑\n\n正文。".encode())).title == "深度学习里程碑"


def test_title_skips_navigation_crumbs_of_scraped_pages() -> None:
    doc = ingest_file(raw("当前位置: 首页 > news >正文\n\n深度学习进化史\n\n正文从这里开始。".encode()))
    assert doc.title == "深度学习进化史"


def test_title_skips_an_html_comment_at_the_top() -> None:
    text = (
        "<!--Copyright © Example Corp.\n  适用于[License](https://example.org/LICENSE)版权许可-->\n\n"
        "# 1.1 深度学习的历史\n\n正文。"
    )
    assert ingest_file(raw(text.encode())).title == "1.1 深度学习的历史"


def test_title_falls_back_to_the_document_id() -> None:
    assert ingest_file(raw("这是一个句子。又一个句子。".encode(), name="x9")).title == "x9"


def test_structure_shows_headings_lists_and_table_cells() -> None:
    text = (
        "---\ntitle: t\n---\n## 2010年代\n- **2012年：AlexNet**——突破\n"
        "| 年份 | 名称 |\n| --- | --- |\n| 1987年 | 反向传播 |\n"
        "1.2.1 2012.10 AlexNet:深度学习\n一、史前时代\n正文段落。"
    )
    blocks = parse_blocks(text)
    kinds = [(b.kind, b.level) for b in blocks]
    assert kinds == [
        ("front_matter", 0),
        ("heading", 2),
        ("list_item", 0),
        ("table_header", 0),
        ("table_row", 0),
        ("heading", 3),
        ("heading", 1),
        ("paragraph", 0),
    ]
    row = blocks[4]
    assert [text[s:e] for s, e in row.cells] == ["1987年", "反向传播"]


def test_documents_frame_has_contract_types(seed_documents) -> None:
    assert list(seed_documents.columns[:9]) == [
        "doc_id",
        "path",
        "title",
        "sha256",
        "encoding",
        "n_chars",
        "text",
        "status",
        "reason",
    ]
    assert seed_documents["n_chars"].dtype == "int64"
    assert documents_frame([]).empty


def test_seed_texts_ingest_whole_and_ok(seed_documents) -> None:
    from tests.conftest import SEED_RAW

    assert len(seed_documents) == 5
    assert set(seed_documents["status"]) == {"ok"}
    for row in seed_documents.itertuples():
        original = (SEED_RAW / row.path).read_text(encoding="utf-8")
        assert row.text == normalize_text(original)
        assert row.title


JA = (
    "2012年、トロント大学のアレックス・クリジェフスキーらが開発したAlexNetは、ImageNetの画像認識"
    "コンテストで圧倒的な成績を収めました。この成果によって、深層学習は一気に注目を集めるように"
    "なりました。その後、グーグルの研究者たちは2017年にトランスフォーマーという新しい仕組みを提案"
    "しました。ニューラルネットワークの考え方そのものは古く、1950年代のパーセプトロンにまでさかの"
    "ぼることができます。しかし、計算機の性能が足りなかったため、長い間あまり使われませんでした。"
)
KO = (
    "2012년 토론토 대학교의 알렉스 크리제브스키 연구팀이 개발한 AlexNet은 ImageNet 이미지 인식 대회에서 "
    "압도적인 성적을 거두었습니다. 이 성과로 딥러닝은 단숨에 큰 주목을 받게 되었습니다. 그 후 구글의 "
    "연구자들은 2017년에 트랜스포머라는 새로운 구조를 제안하는 논문을 발표했습니다. 신경망이라는 생각 "
    "자체는 오래되었으며 1950년대의 퍼셉트론까지 거슬러 올라갈 수 있습니다."
)
DE = "Müller schön Übergröße Straße und der Bär ist größer, Ærøskøbing Øresund señorita niño"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (JA.encode("shift_jis"), "Chinese characters are common ones"),  # only 15% are
        (JA.encode("euc_jp"), "Japanese kana"),  # valid GB2312: its kana sit where GB2312 has them
        (KO.encode("euc_kr"), "adjacent Chinese characters form words"),  # GB2312's common hanzi
        (DE.encode("latin-1"), "rare Chinese characters inside Latin words"),
        (JA.encode("utf-8"), "Japanese kana"),
        (KO.encode("utf-8"), "Korean Hangul"),
    ],
)
def test_text_that_decodes_but_is_not_chinese_or_english_is_rejected_saying_why(data, reason) -> None:
    """Shift-JIS, EUC-KR and Latin-1 were accepted as GB18030 with garbled text (the check ran
    only when Big5 decoded too)."""
    doc = ingest_file(raw(data))
    assert doc.status == "rejected"
    assert doc.reason.startswith("not plausibly Chinese or English text") and reason in doc.reason


def test_a_rejection_names_the_encoding_the_bytes_are_likely_in() -> None:
    assert "Japanese in Shift-JIS" in ingest_file(raw(JA.encode("shift_jis"))).reason
    assert "Korean in EUC-KR" in ingest_file(raw(KO.encode("euc_kr"))).reason
    assert "Latin-1" in ingest_file(raw(DE.encode("latin-1"))).reason


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_named_not_called_binary(codec: str) -> None:
    doc = ingest_file(raw(("# 深度学习\n\n" + ZH).encode(codec)))
    assert doc.status == "rejected"
    assert doc.reason.startswith(codec.upper()[:6]) and "save as UTF-8" in doc.reason
    assert "binary" not in doc.reason


def test_every_seed_and_gold_text_is_plausible_in_each_encoding_it_fits() -> None:
    from tests.conftest import ROOT, SEED_RAW

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEED_RAW.iterdir())]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/data/extract_gold").iterdir())]
    texts += ["Deep learning took off in 2012, when AlexNet won ImageNet. " * 5, ZH_TRAD * 3]
    for text in texts:
        for codec in ("utf-8", "gb18030", "big5"):
            try:
                data = text.encode(codec)
            except UnicodeEncodeError:
                continue
            doc = ingest_file(raw(data))
            assert doc.status == "ok", (codec, text[:40], doc.reason)
