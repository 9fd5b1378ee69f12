"""What a reader never reads as a claim, whatever the scorer thinks of the pair.

Each test is a sentence in the shape real documents write it, and the claim a
careless reader would draw from it; the extractor must not draw it (and, where
the sentence states something, must still find that).
"""

from __future__ import annotations

from tests.helpers.extraction import triples


def _credits(text: str, attribute: str) -> set[tuple[str, str]]:
    return {(s, v) for s, a, v in triples(text) if a == attribute}


def test_an_organisation_hyphened_to_a_name_labels_that_name_only_known_or_not():
    row = "| 2023.05 | 微软-Pi；TII-Falcon | 讯飞-星火大模型；Google-PaLM 2 |\n"
    orgs = _credits("| 时间 | 模型 | 模型 |\n|---|---|---|\n" + row, "organization")
    assert ("Falcon", "微软") not in orgs  # 微软 labels Pi, which no catalog knows
    assert not {s for s, v in orgs if v == "Google"} - {"PaLM 2"}


def test_a_name_an_organisation_labels_is_not_an_agent_of_the_names_beside_it():
    text = "| 时间 | 模型 |\n|---|---|\n| 2023.11 | 零一万物-Yi；幻方-DeepSeek |\n"
    assert not {v for s, v in _credits(text, "organization") if s == "Yi"} & {"DeepSeek", "幻方"}


def test_a_place_a_thing_runs_on_is_not_what_was_made():
    text = (
        "当Alex Krizhevsky和Ilya Sutskever实现了可以在GPU硬件上运行的深度卷积神经网络时，一个重大突破出现了。"
    )
    assert not {s for s, _ in _credits(text, "creator")} & {"GPU"}


def test_what_a_work_takes_after_or_is_likened_to_is_not_the_subject():
    layers = _credits("BERT 继承了 Transformer 的编码器结构，堆叠了 24层 Encoder。", "layers")
    assert ("Transformer", "24") not in layers
    assert ("BERT", "24") in layers
    layers = _credits("LLaMA 的解码器和原始 Transformer 的设计类似，共 32层。", "layers")
    assert ("Transformer", "32") not in layers
    assert ("LLaMA", "32") in layers


def test_the_counts_of_a_set_drawn_from_a_dataset_are_not_the_dataset_s():
    text = "还有从 ImageNet 数据中挑选的 mini 数据集，100类，60,000张图像。"
    assert not {s for s, _ in _credits(text, "classes") | _credits(text, "dataset_size")} & {"ImageNet"}
    assert ("ImageNet", "1000") in _credits("ImageNet 数据集共有1000类。", "classes")


def test_a_parenthesis_stays_its_owner_s_when_the_owner_is_compared_with():
    assert ("PaLM", "5400 亿") in _credits("它的效果比 PaLM（5400 亿参数）还好。", "parameters")


def test_the_work_built_upon_is_a_circumstance_not_the_subject():
    text = "在 GPT-2 的基础上，OpenAI 进一步增大了模型体量和预训练数据量，整体参数量达 175B。"
    assert ("GPT-2", "175B") not in _credits(text, "parameters")
    text = "在 GPT 系列模型的基础上，通过引入人类反馈强化学习，OpenAI 发布了跨时代的 ChatGPT。"
    assert ("GPT", "OpenAI") not in _credits(text, "organization")


def test_what_is_made_by_an_agent_is_the_copulas_subject_not_the_kind_after_de():
    text = (
        "BERT，即 Bidirectional Encoder Representations from Transformers，"
        "是由 Google 团队在 2018年发布的预训练语言模型。"
    )
    orgs = _credits(text, "organization")
    assert ("BERT", "Google") in orgs
    assert not {s for s, _ in orgs} - {"BERT"}


def test_a_name_inside_a_zai_zhong_phrase_is_where_it_happened_not_the_maker():
    # the organisation of an exam, the opponent of a match: the phrase is adverbial to the subject
    text = "当GPT-4在斯坦福医学考试中击败90%考生，我们正站在AI发展的关键节点。"
    assert not _credits(text, "organization")
    assert not _credits("AlphaGo在与李世石的比赛中获胜。", "creator")
    # a name and the work it owns, both inside the phrase, still go together
    orgs = _credits("BERT在斯坦福大学的SQuAD测试上超越人类。", "organization")
    assert ("BERT", "斯坦福大学") not in orgs
    assert ("SQuAD", "斯坦福大学") in orgs


def test_a_zai_phrase_that_is_the_agents_own_place_or_has_its_own_verb_still_credits():
    assert ("Transformer", "谷歌") in _credits("Transformer在谷歌的实验室里诞生。", "organization")
    assert ("ImageNet", "李飞飞") in _credits("在李飞飞创建ImageNet的过程中，很多学生参与了标注。", "creator")


def test_a_name_inside_a_longer_quoted_name_is_not_what_the_row_dates():
    # 「双流卷积神经网络」 is a two-stream network, not the CNN whose name it holds
    head = "| 年份 | 事件 | 文献 |\n|---|---|---|\n"
    row = (
        "| 2018 | 加拿大约克大学、Ryerson 大学的研究者们提出了使用「双流卷积神经网络」的动画生成方法，"
        "其参考了人类感知动态纹理画面的双路径模式。 | |\n"
    )
    assert not {s for s, a, _ in triples(head + row) if a == "year"} & {"卷积神经网络", "双流卷积神经网络"}
    # a quoted name that is the thing itself (with a suffix that keeps it) is still dated
    row = "| 2012 | Alex Krizhevsky提出了「AlexNet模型」。 | |\n"
    assert ("AlexNet", "year", "2012") in triples(head + row)


def test_a_credit_of_one_model_of_a_kind_is_the_named_models_not_the_kinds():
    text = (
        "Alex Krizhevsky在2012年ILSVRC提出的CNN模型取得了历史性的突破，获得了ILSVRC2012冠军，"
        "该模型被称作AlexNet。"
    )
    found = triples(text)
    assert not {t for t in found if t[0] == "CNN"}
    assert ("AlexNet", "creator", "Alex Krizhevsky") in found
    # without a model named beside it, the kind is still what the sentence credits
    assert ("CNN", "creator", "Yann LeCun") in triples("1989年，Yann LeCun提出了CNN模型。")


def test_what_is_won_or_beaten_is_not_what_the_winner_made():
    assert not _credits("2012年，Hinton团队击败了ImageNet竞赛中的SVM方法。", "creator")
    text = "2012 年，Alex Krizhevsky 和 Geoffrey Hinton，团队通过设计 [AlexNet](#a) 赢得 ImageNet 竞赛。"
    assert _credits(text, "creator") == {("AlexNet", "Alex Krizhevsky"), ("AlexNet", "Geoffrey Hinton")}


def test_the_years_of_a_life_date_no_work():
    text = "唐纳德·赫布 (1904--1985) 提出了赫布学习规则。"
    assert not _credits(text, "year")
    assert ("赫布学习规则", "唐纳德·赫布") in _credits(text, "creator")


def test_a_count_per_item_and_its_parts_are_not_the_datasets_size():
    text = "CIFAR-10数据集由10个类的彩色图像组成，每个类有6000个图像，其中训练集5000张，测试集1000张。"
    assert not _credits(text, "dataset_size")
    assert ("CIFAR-10", "10") in _credits(text, "classes")
    assert not _credits("ImageNet包含32*32的缩略图。", "dataset_size")  # the second side of a size


def test_the_thing_a_name_extends_is_not_its_subject():
    text = "CIFAR-100是CIFAR-10的扩展，由100个类组成。"
    assert _credits(text, "classes") == {("CIFAR-100", "100")}
