"""Discovery finds names, not fragments: general tests on where a candidate name
stands (inside a word, a table's cells, an equation, code, a link's site), not a
list of today's fragments."""

from __future__ import annotations

import re

import pytest

from pipeline.extract.attribution import person_candidates
from tests.helpers.extraction import claims_of, extract_rows, triples


def _surfaces(text: str) -> set[str]:
    mentions, _ = extract_rows("snippet", text)
    return {m["surface"] for m in mentions}


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("消费级GPU如MI300X即可运行。", "MI300"),  # cut inside a word
        ("视频模型I3D由此提出。", "I3"),
        ("数据集 模型 FID值 时间\nCIFAR-10 StyleGAN 18.0 30秒 70%\n", "StyleGAN 18.0 30"),  # cells
        ("DistilBERT 速度提高 60%，但仍保留 BERT 97% 的性能", "BERT 97"),
        ("| 模型 | 时间 |\n|---|---|\n| Jan | 2023 |\n| Feb | 2024 |\n", "Jan"),  # calendar words
        ("前馈网络 FFN(x) = max(0, xW1 + b1)W2 + b2，其中 xW1 是线性变换。", "xW1"),  # an equation
        ("我们通常使用 `AutoModelForCausalLM` 这个类来加载模型。", "AutoModelForCausalLM"),  # code
        ("如图所示：![FeatureMap](img/featureMap.jpg)", "FeatureMap"),  # an image's alt text
        ("[2] [The First Neuron M-P Model (1943) - LinkedIn](https://www.linkedin.com/pulse/x)", "LinkedIn"),
        ("芯片提供了高达312 TFlops的浮点性能。", "TFlops"),  # a unit, in any case
        ("在ILSVRC（ImageNet Large Scale Visual Recognition Competition）中", "Scale"),  # a word, no company
        ("部署在多台配置有 NVIDIA Tesla GPGPU 的服务器。", "Tesla"),  # NVIDIA's GPU line, not the carmaker
    ],
)
def test_a_fragment_is_no_entity(text: str, fragment: str) -> None:
    assert fragment not in _surfaces(text)


@pytest.mark.parametrize(
    "text, name",
    [
        ("2023年，Meta 发布了 Zorblax 2，随后又发布了 Zorblax 3。", "Zorblax 2"),  # a version stays
        ("新一代接口 Quarnet 4.0 于2019年发布。", "Quarnet 4.0"),
    ],
)
def test_a_name_with_its_version_is_still_found(text: str, name: str) -> None:
    assert name in _surfaces(text)


def test_a_run_on_name_is_no_entity_however_long() -> None:
    text = "## 2020年：Zq" + "a" * 5000 + "Net\n\n它于2020年发布。\n"
    mentions, _ = extract_rows("snippet", text)
    assert all(m["char_end"] - m["char_start"] <= 200 for m in mentions)


def test_a_year_in_parentheses_after_marked_up_name_dates_it() -> None:
    assert ("ELIZA", "year", "1966") in triples("早期的聊天程序 `ELIZA` (1966) 由 Joseph Weizenbaum 编写。")


def test_a_title_in_title_marks_is_a_paper_by_its_author() -> None:
    text = "1950年，图灵发表论文《计算机器与智能》，提出了图灵测试。"
    mentions, _ = extract_rows("snippet", text)
    assert {(m["surface"], m["type"]) for m in mentions} >= {("计算机器与智能", "paper")}
    assert ("计算机器与智能", "creator", "图灵") in triples(text)


def test_a_paper_in_title_marks_is_its_author_s_also_after_a_pronoun() -> None:
    """``A在他著名的论文《T》``, ``A，他在1948年的…论文《T》``, ``但在他1951年的论文《T》中``."""
    assert ("通信的数学理论", "creator", "香农", "own_paper") in claims_of(
        "香农在1948年的论文《通信的数学理论》中奠定了信息理论的基础。"
    )
    text = "可以追溯到克劳德·香农，他在1948年的具有里程碑意义的论文《通信的数学理论》中奠定了基础。"
    assert ("通信的数学理论", "creator", "克劳德·香农", "own_paper") in claims_of(text)
    later = "香农首先在1948年使用n-gram模型，但在他1951年的论文《打印英语的预测和熵》中引入了一个方案。"
    assert ("打印英语的预测和熵", "creator", "香农", "own_paper") in claims_of(later)


def test_a_reference_s_title_ends_where_its_venue_starts_after_a_comma() -> None:
    text = "参考：Tampi K.R.; Chetlur S. S. (1986). Segmentation of handwritten characters, Proc. 8th Conf."
    got = triples(text)
    assert {("Segmentation of handwritten characters", "year", "1986"),
            ("Segmentation of handwritten characters", "creator", "Tampi K.R.")} <= got  # fmt: skip


def test_a_clause_opening_with_its_verb_goes_on_with_the_agents_before() -> None:
    """``A发表论文《X》，提出"**Y**"``, ``A发布了X，并开源了Y``: A made Y too; a passive credit is
    not carried."""
    got = claims_of('- **1950年**：阿兰·图灵发表论文《计算机器与智能》，提出"**图灵测试**"，这成为了愿景。')
    assert {("计算机器与智能", "阿兰·图灵", "agent_verb"), ("图灵测试", "阿兰·图灵", "serial_verb")} <= {
        (s, v, r) for s, a, v, r in got if a == "creator"
    }
    serial = claims_of("Google发布了TensorFlow，并开源了Keras。")
    assert ("Keras", "organization", "Google", "serial_verb") in serial
    assert not [c for c in claims_of("TensorFlow由Google发布，提出了Keras。") if c[0] == "Keras"]


def test_a_latin_name_an_organisation_owns_is_its_work() -> None:
    mentions, _ = extract_rows("snippet", "苹果的Siri、亚马逊的Alexa都是语音助手。")
    assert {(m["surface"], m["type"]) for m in mentions} >= {("Siri", "model"), ("Alexa", "model")}
    assert ("Alexa", "organization", "亚马逊") in triples("亚马逊的Alexa是一款语音助手。")
    # known only as its possessor's: no other organisation in the sentence made it
    assert {(a, v) for _, a, v in triples("谷歌团队借鉴了苹果的Siri设计。")} == {("organization", "苹果")}


def test_a_maker_s_name_glued_to_a_product_s_is_its_organisation() -> None:
    text = "国产模型以百度文心一言、腾讯混元(Hunyuan)、华为盘古为代表。"
    mentions, _ = extract_rows("snippet", text)
    assert {("百度", "organization"), ("文心一言", "system"), ("华为", "organization")} <= {
        (m["surface"], m["type"]) for m in mentions
    }
    orgs = {(s, v) for s, a, v in triples(text) if a == "organization"}
    assert {("文心一言", "百度"), ("混元(Hunyuan)", "腾讯"), ("盘古", "华为")} <= orgs
    # one space between Latin names: the maker's name before the product's
    latin = "他们使用两个显存为3GB的NVIDIA GTX580 GPU实现了快速卷积运算。"
    assert {(s, v) for s, a, v in triples(latin) if a == "organization"} == {("GTX580", "NVIDIA")}
    # an organisation's own name is not split (谷歌大脑 is Google Brain, not 谷歌's 大脑)
    assert ("谷歌大脑", "organization") in {
        (m["surface"], m["type"]) for m in extract_rows("snippet", "谷歌大脑提出了Transformer。")[0]
    }


def test_a_title_framed_as_the_venue_is_no_work() -> None:
    surfaces = _surfaces("Pitts 于1943年在《Bulletin of Biophysics》上发表了论文《A Calculus of Ideas》。")
    assert "A Calculus of Ideas" in surfaces
    assert "Bulletin of Biophysics" not in surfaces
    assert "Neural Computation" not in _surfaces("该论文发表在《Neural Computation》期刊。")


def test_an_indefinite_object_named_after_the_fact_is_the_work_credited() -> None:
    """提出了一种…网络，称为 LeNet: the work is the name given, even after the paper the
    agents wrote it in (quoted, with its citation key), whose capitalised words are no people."""
    text = (
        "1989 年，Yann LeCun 在论文“Backpropagation Applied to Handwritten Zip Code Recognition”[[9]](#lenet)"
        "提出了一种用反向传播进行更新的卷积神经网络，称为 LeNet 。"
    )
    got = triples(text)
    assert {("LeNet", "creator", "Yann LeCun"), ("LeNet", "year", "1989 年")} <= got
    assert not {v for _, a, v in got if a == "creator"} - {"Yann LeCun"}
    assert ("AlexNet", "creator", "Hinton") in triples("Hinton 等人提出了一种新的网络，被命名为 AlexNet。")
    # the name standing after the indefinite object's kind, or given right after the verb
    apposed = claims_of("Alex Krizhevsky和Geoff Hinton提出了一种新的卷积神经网络变体*AlexNet*。")
    assert {(s, v, r) for s, a, v, r in apposed if a == "creator"} == {
        ("AlexNet", "Alex Krizhevsky", "agent_verb"), ("AlexNet", "Geoff Hinton", "agent_verb")
    }
    assert not triples("他们提出了一种用卷积神经网络训练的方法。")
    given = claims_of("2022年，由 OpenAI 开发的名为 ChatGPT 的聊天机器人发布。")
    assert ("ChatGPT", "organization", "OpenAI", "by_agent") in given


def test_the_makers_of_a_dataset_collect_or_compile_it() -> None:
    text = "MNIST数据集是美国国家标准与技术研究院收集整理的大型手写数字数据库。"
    assert ("MNIST", "organization", "美国国家标准与技术研究院") in triples(text)
    book = "1969 年，Marvin Minsky 和 Seymour Papert 共同编写了一本书籍《Perceptrons》。"
    assert ("《Perceptrons》", "creator", "Seymour Papert") in triples(book)


def test_a_work_said_to_be_what_an_organisation_made_is_its_organisation_s() -> None:
    text = "GPT-2 则是 OpenAI 在 GPT-1 的基础上进一步探究预训练语言模型多任务学习能力的产物。"
    assert {(s, v) for s, a, v in triples(text) if a == "organization"} == {("GPT-2", "OpenAI")}


def test_an_improvement_an_organisation_made_and_the_work_it_followed_credit_the_new_work_only() -> None:
    """``X 是 A 对 Y 的一种改进``, ``X 是 A 继 Y 后提出的``: Y is what A improved on, not a credit."""
    improved = "InceptionV3 是 Google 对 InceptionV2 的一种改进。"
    assert {(s, v) for s, a, v in triples(improved) if a == "organization"} == {("InceptionV3", "Google")}
    followed = "Xception 是 Google 继 Inception 后提出的对 InceptionV3 的另一种改进。"
    assert {(s, v) for s, a, v in triples(followed) if a == "organization"} == {("Xception", "Google")}


def test_a_clause_by_an_agent_after_the_topic_s_description_credits_the_topic() -> None:
    """``MYCIN是…之一，由斯坦福大学于20世纪70年代开发``: the clause has no subject of its own."""
    got = triples("MYCIN是历史上最著名的专家系统之一，由斯坦福大学于20世纪70年代开发。")
    assert {("MYCIN", "organization", "斯坦福大学"), ("MYCIN", "year", "20世纪70年代")} <= got


def test_an_organisation_before_its_member_s_title_and_name_is_credited_with_them() -> None:
    """``斯坦福教授李飞飞小组``: the professor's university made it too."""
    got = triples("ImageNet数据集由斯坦福教授李飞飞小组的研究人员开发。")
    assert {("ImageNet", "organization", "斯坦福"), ("ImageNet", "creator", "李飞飞")} <= got


def test_people_glossed_with_their_latin_names_are_one_group_with_the_date_before_it() -> None:
    """``1976年由A（A'）和B（B'）共同提出的X``: two people, each written twice, and their year."""
    got = triples(
        "是1976年由艾伦·纽厄尔（Allen Newell）和赫伯特·西蒙（Herbert A. Simon）共同提出的物理符号系统假说。"
    )
    creators = {v for _, a, v in got if a == "creator"}
    assert creators == {"艾伦·纽厄尔（Allen Newell）", "赫伯特·西蒙（Herbert A. Simon）"}
    assert ("物理符号系统假说", "year", "1976年") in got


def test_words_spelling_out_an_abbreviation_are_no_person() -> None:
    text = "局部特征包括HOG(Histogram of Oriented Gradient, 方向梯度直方图)和 Navneet Dalal 的工作。"
    found = {text[m.start : m.end] for m in person_candidates(text, [], frozenset(), re.compile("和|的"))}
    assert found == {"Navneet Dalal"}


def test_a_surname_alone_after_its_organisation_is_a_person() -> None:
    got = triples("向量空间模型（Vector Space Model, VSM）是一种文本表示方法，最早由哈佛大学Salton提出。")
    assert ("向量空间模型（Vector Space Model, VSM）", "creator", "Salton") in got
    assert not {v for _, a, v in triples("Meta Llama 于2023年发布。") if a == "creator"}
    mentions, _ = extract_rows("snippet", "Brown等人（2020）提出了GPT-3。")
    assert "brown-university" not in {m["catalog_id"] for m in mentions}  # a surname, not the university


def test_a_list_announced_by_a_line_pointing_back_to_the_topic_is_the_topic_s() -> None:
    text = (
        "#### COCO简介\n\nCOCO数据集是微软团队获取的一个可以用来图像识别的数据集。\n\n"
        "该数据集主要有的特点如下：\n- 目标分割\n- 上下文中的识别\n- 超过 300,000 张图像\n"
    )
    assert ("COCO", "dataset_size", "300,000") in triples(text)
