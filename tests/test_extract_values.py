"""Value forms: years and dates, percentages, counts with Chinese and English magnitudes."""

from __future__ import annotations

import math

import pytest

from pipeline.extract.language import DEFAULT_CUES, cues_from
from pipeline.extract.values import (
    cell_number,
    cn_number,
    find_counts,
    find_labelled_counts,
    find_linked_counts,
    find_percents,
    find_years,
)


def one_year(text: str):
    (v,) = find_years(text)
    return text[v.start : v.end], v.norm, v.num, v.qualifiers["granularity"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2012年：AlexNet", ("2012年", "2012", 2012, "year")),
        ("1.2.1 2012.10 AlexNet", ("2012.10", "2012-10", 2012, "month")),
        ("2015年1月", ("2015年1月", "2015-01", 2015, "month")),
        ("2023-2024年：多模态", ("2023-2024年", "2023/2024", 2023, "range")),
        ("1970s", ("1970s", "1970/1979", 1970, "decade")),
        ("20世纪40年代", ("20世纪40年代", "1940/1949", 1940, "decade")),
        ("(1970s-1986)", ("1970s-1986", "1970/1986", 1970, "range")),
        ("（1970年代 - 1990年代）", ("1970年代 - 1990年代", "1970/1999", 1970, "range")),
        ("2020.01-2022.03 Scaling", ("2020.01-2022.03", "2020-01/2022-03", 2020, "range")),
        ("一九八六年", ("一九八六年", "1986", 1986, "year")),
    ],
)
def test_year_forms(text, expected):
    assert one_year(text) == expected


def test_quantities_are_not_years():
    assert find_years("用1000个模型和2048块GPU，1999个样本") == []


def test_bare_year_is_marked_implicit():
    (v,) = find_years("1. 1958:感知机")
    assert v.norm == "1958" and not v.explicit


@pytest.mark.parametrize(
    ("text", "raw", "num", "attribute", "precision"),
    [
        ("1.17亿参数", "1.17亿", 1.17e8, "parameters", 1e6),
        ("1750亿参数", "1750亿", 1.75e11, "parameters", 1e8),
        ("1.8万亿", "1.8万亿", 1.8e12, None, 1e11),
        ("700万个参数", "700万", 7e6, "parameters", 1e4),
        ("175B", "175B", 1.75e11, None, 1e9),
        ("1.5B parameters", "1.5B", 1.5e9, "parameters", 1e8),
        ("约138M参数", "138M", 1.38e8, "parameters", 1e6),
        ("152层", "152", 152, "layers", 1),
        ("十层网络", "十", 10, "layers", 10),
        ("1400万张图像", "1400万", 1.4e7, "dataset_size", 1e4),
        ("1000类", "1000", 1000, "classes", 1),
    ],
)
def test_count_forms(text, raw, num, attribute, precision):
    (v,) = find_counts(text, cues_from(DEFAULT_CUES))
    assert (text[v.start : v.end], v.attribute) == (raw, attribute)
    assert v.num == pytest.approx(num) and v.precision == pytest.approx(precision)


@pytest.mark.parametrize(
    "text", ["5层卷积", "第10层", "同一层级", "7B至65B的参数规模", "千亿参数", "数十亿图文对"]
)
def test_not_counts(text):
    assert find_counts(text, cues_from(DEFAULT_CUES)) == []


@pytest.mark.parametrize(
    "text, depth",
    [
        ("AlexNet一共包含8层，前5层由卷积层组成，而剩下的3层为全连接层。", ["8"]),
        ("GoogLeNet总共22层网络：开始由3层普通的卷积组成；", ["22"]),
        ("VGG16包含16层，其中13层卷积层", ["16"]),
        ("ResNet有152层。", ["152"]),
        ("它有12层 Transformer", ["12"]),
        ("网络结构分为上下两层，分别对应两个GPU", []),
        ("图10展示了50、101、152层网络连接示意图", ["50", "101", "152"]),
    ],
)
def test_a_count_of_some_layers_is_a_part_and_a_total_is_the_depth(text, depth):
    counts = find_counts(text, cues_from(DEFAULT_CUES))
    assert [text[v.start : v.end] for v in counts if v.attribute == "layers"] == depth


def test_at_least():
    (v,) = find_counts("超深网络（152+层）", cues_from(DEFAULT_CUES))
    assert v.qualifiers["at_least"] is True and v.num == 152


def test_percent_precision_and_ranges():
    a, b = find_percents("从26%降至15.3%")
    assert (a.num, a.precision, b.num, b.precision) == (26, 1, 15.3, pytest.approx(0.1))
    assert all(v.qualifiers.get("range_part") for v in find_percents("效率损失20%-30%"))


def test_chinese_numerals():
    assert [cn_number(s) for s in ("十", "十二", "一百五十二", "两千", "三")] == [10, 12, 152, 2000, 3]
    assert cn_number("abc") is None


@pytest.mark.parametrize(
    "text",
    [
        "9" * 310 + "%",
        "错误率为" + "9" * 310 + ".5%",
        "9" * 310 + "亿参数",
        "1" * 305 + "万亿参数",  # finite digits, infinite once scaled
        "九" * 400 + "亿参数",
        "九" * 5000 + "层",  # past int()'s 4,300-digit limit
        "参数量：" + "9" * 400,
    ],
)
def test_a_number_too_large_for_a_float_is_no_value(text):
    """Hundreds of digits overflow a float (``round(inf)`` raised): such a number is not a quantity."""
    cues = cues_from(DEFAULT_CUES)
    values = find_percents(text) + find_counts(text, cues) + find_labelled_counts(text, cues)
    assert all(math.isfinite(v.num) for v in values)
    assert cell_number("9" * 400, 0, 400, "parameters", 1.0) is None


def test_the_unit_after_a_parenthesis_restating_the_number_counts_both():
    # 33亿（3B）token: a corpus of tokens, not a model of 3.3 billion parameters
    counts = find_counts("BERT 预训练使用了 33亿（3B）token 的语料", cues_from(DEFAULT_CUES))
    assert [(v.num, v.attribute, v.unit) for v in counts] == [
        (3.3e9, "dataset_size", "tokens"),
        (3e9, "dataset_size", "tokens"),
    ]
    # a parenthesis that is not closed right before the unit says nothing of it
    (v,) = find_counts("GPT-2（15亿）的表现", cues_from(DEFAULT_CUES))
    assert v.attribute is None


@pytest.mark.parametrize("text", ["由成百上千个图像来描述", "COCO是一个可以用来图像识别的", "数千张图片"])
def test_vague_magnitudes_and_articles_are_not_counts(text):
    assert find_counts(text, cues_from(DEFAULT_CUES)) == []


def test_numbers_listed_before_a_count_share_its_unit_and_magnitude():
    cues = cues_from(DEFAULT_CUES)
    text = "有11、13、16、19层这几种模型"
    got = [(text[v.start : v.end], v.num, v.attribute, v.listed) for v in find_counts(text, cues)]
    assert got == [("11", 11, "layers", (0, 4)), ("13", 13, "layers", (1, 4)), ("16", 16, "layers", (2, 4)),
                   ("19", 19, "layers", (3, 4))]  # fmt: skip
    assert [v.num for v in find_counts("7、13、70亿参数", cues)] == [7e8, 1.3e9, 7e9]
    assert find_counts("第11、13层", cues) == []  # ordinals, all of them
    (v,) = find_counts("一个16层的网络", cues)
    assert v.listed is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("GPT-2 的 Decoder Block 层数达到了48（注意", [("48", "layers")]),
        ("该数据集的类别数为1000。", [("1000", "classes")]),
        ("参数量为110", []),  # a bare figure after 参数量 is mostly in millions, its unit left out
        ("网络层数是3.5倍", []),
        ("图像数量达到1400万", []),  # a magnitude: find_counts reads it
    ],
)
def test_a_label_linked_to_a_bare_number_by_a_verb_counts_in_its_unit(text, expected):
    got = find_linked_counts(text, cues_from(DEFAULT_CUES))
    assert [(text[v.start : v.end], v.attribute) for v in got] == expected

def test_a_count_label_that_restricts_what_it_counts_counts_a_subset():
    cues = cues_from(DEFAULT_CUES)
    text = (
        "  * Total number of images: 14,197,122\n"
        "  * Number of images with bounding box annotations: 1,034,908\n"
        "  * 带边框的图像数：1034908\n"
    )
    subsets = {text[v.start : v.end]: v.qualifiers.get("subset") for v in find_labelled_counts(text, cues)}
    assert subsets == {
        "14,197,122": None,
        "1,034,908": "with bounding box annotations",
        "1034908": "带边框的",
    }
