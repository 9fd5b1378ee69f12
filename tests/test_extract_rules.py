"""Recognition, attribution and attachment rules on small hand-written snippets."""

from __future__ import annotations

import pandas as pd

from pipeline.extract import extract_claims
from tests.helpers.extraction import candidates_of, claims_of, extract_rows, qualifiers, triples

# --- attachment ------------------------------------------------------------


def test_new_value_not_previous_best():
    text = "- **2012年：AlexNet**——赢得ImageNet竞赛，将错误率从26%降至15.3%。"
    got = triples(text)
    assert ("AlexNet", "error_rate", "15.3%") in got
    assert ("AlexNet", "error_rate", "26%") not in got
    (q,) = qualifiers(text, "26%")
    assert q["role"] == "previous_best" and q["relative_to"] == "AlexNet"


def test_runner_up_without_competition_is_dropped():
    got = triples("AlexNet以16.4%错误率碾压传统方法(亚军26.2%)")
    assert got == {("AlexNet", "error_rate", "16.4%")}


def test_runner_up_goes_to_the_competition():
    text = "AlexNet在ILSVRC中以15.3%的top-5错误率夺冠，亚军为26.2%。"
    (q,) = qualifiers(text, "26.2%")
    assert q["role"] == "runner_up"
    assert ("ILSVRC", "error_rate", "26.2%") in triples(text)


def test_accuracy_written_after_the_value():
    got = triples("| 2012年 | AlexNet | 一种深度CNN，在ImageNet挑战赛中以84%的准确率获胜。 |")
    assert ("AlexNet", "accuracy", "84%") in got


def test_only_the_new_parameter_count():
    text = (
        "3.3.4 2020.05 GPT-3:千亿级突破\n\n核心突破:\n\n  • 规模跃迁:参数从15亿增至1750亿,训练数据增至45TB;"
    )
    params = [t for t in triples(text) if t[1] == "parameters"]
    assert params == [("GPT-3", "parameters", "1750亿")]


def test_parenthesis_after_each_name():
    got = triples("GPT-1（2018年，1.17亿参数）和GPT-2（2019年，15亿参数）奠定了基础。")
    assert {("GPT-1", "parameters", "1.17亿"), ("GPT-2", "parameters", "15亿"), ("GPT-1", "year", "2018年"),
            ("GPT-2", "year", "2019年")} <= got  # fmt: skip


def test_value_of_the_following_name():
    got = triples("微调时需更新所有参数——1750亿参数的GPT-3微调需1.2TB显存")
    assert ("GPT-3", "parameters", "1750亿") in got


def test_circumstance_clause_is_not_the_subject():
    got = triples("实验验证:用LoRA微调GPT-3时,仅训练1200万参数")
    assert not any(s == "GPT-3" for s, _, _ in got)


def test_changes_are_not_values():
    assert triples("AlexNet的验证集错误率降0.8%，准确率提升2%") == set()


def test_bounds_are_not_values():
    assert triples("在ImageNet上Top-5错误率始终无法低于25%，直到AlexNet出现") == set()


def test_clause_with_its_own_subject_stops_the_section_topic():
    text = "1.3.2 2015.12 ResNet:残差革命\n\n测试显示，20层CNN ImageNet Top-5错误率18.7%。"
    assert not any(a == "error_rate" for _, a, _ in triples(text))


def test_generic_noun_binds_only_to_its_own_bullet():
    bullet = triples("- **2020年：GPT-3**——OpenAI推出1750亿参数模型。")
    assert ("GPT-3", "parameters", "1750亿") in bullet
    section = triples("2.2.2 2022.03 Chinchilla:优化\n\n  • 传统策略:700亿参数模型训练1600亿 tokens")
    assert not any(a == "parameters" for _, a, _ in section)


def test_heading_date_carries_within_its_section_only():
    text = (
        "1.2.1 2012.10 AlexNet:破冰\n\n模型在测试中以15.3%的错误率获胜。\n\n"
        "1.2.2 2014.09 seq2seq:序列\n\n错误率为20%。"
    )
    got = triples(text)
    assert ("AlexNet", "year", "2012.10") in got
    assert ("AlexNet", "error_rate", "15.3%") in got
    assert not any(v == "20%" for _, _, v in got)


def test_table_year_column_and_creators():
    text = (
        "| 年份 | 名称 | 发明者 |\n| --- | --- | --- |\n"
        "| 1997年 | LSTM | Sepp Hochreiter, Jürgen Schmidhuber |\n"
    )
    got = claims_of(text)
    assert ("LSTM", "year", "1997年", "table_year") in got
    assert ("LSTM", "creator", "Sepp Hochreiter", "table_creator") in got
    assert ("LSTM", "creator", "Jürgen Schmidhuber", "table_creator") in got


def test_table_name_discovered_when_not_in_catalog():
    mentions, _ = extract_rows(
        "t", "| 年份 | 名称 | 发明者 |\n| --- | --- | --- |\n| 2019年 | XLNet-Base | CMU |\n"
    )
    found = {m["surface"]: m for m in mentions}
    assert found["XLNet-Base"]["catalog_id"] is None and found["XLNet-Base"]["confidence"] < 0.9


# --- attribution -----------------------------------------------------------


def test_by_agents_designed():
    got = claims_of("2012年，由Alex Krizhevsky、Ilya Sutskever和Geoffrey Hinton设计的AlexNet赢得冠军。")
    creators = {v for s, a, v, e in got if s == "AlexNet" and a == "creator" and e == "by_agent"}
    assert creators == {"Alex Krizhevsky", "Ilya Sutskever", "Geoffrey Hinton"}
    assert ("AlexNet", "year", "2012年", "creation_year") in got


def test_a_count_written_as_at_least_is_a_bound():
    for text in ("ImageNet数据集最少有100万张图像。", "ImageNet数据集至少有100万张图像。"):
        (q,) = qualifiers(text, "100万")
        assert q["bound"] == "at_least"


def test_a_figure_said_of_models_like_a_work_is_marked_as_such():
    (q,) = qualifiers("像 RoBERTa 类模型（3.5亿参数）这样的小模型，微调只需一张显卡。", "3.5亿")
    assert q["kind_of"] is True
    (q,) = qualifiers("RoBERTa 模型有3.5亿参数。", "3.5亿")
    assert "kind_of" not in q


def test_a_split_s_size_says_which_split():
    (q,) = qualifiers("ImageNet的训练集包含 1281167 张图像。", "1281167")
    assert q["split"] == "train"
    (q,) = qualifiers("ImageNet包含1400万张图像。", "1400万")
    assert "split" not in q


def test_a_count_that_qualifies_a_name_is_its_figure_however_the_name_is_framed():
    text = "而 7B 的 Mistral 在多数任务上超过了 13B 的 LLaMA 2。"
    candidates = candidates_of(text)
    pairs = {(text[c.subject.start : c.subject.end], text[c.slot.start : c.slot.end]): c for c in candidates}
    for pair in (("Mistral", "7B"), ("LLaMA 2", "13B")):  # not vetoed as the compared name's
        assert pairs[pair].features.get("num|rel:value_de_subject") == 1.0
    assert ("Mistral", "parameters", "7B") in triples(text)


def test_team_and_et_al_qualifiers():
    (q,) = qualifiers("Vaswani团队提出Transformer", "Vaswani")
    assert q == {"n_named": 1, "team": True}
    (q,) = qualifiers("- **2015年：ResNet**——何恺明等人提出残差连接", "何恺明")
    assert q["et_al"] is True


def test_organisation_verb():
    assert ("GPT-3", "organization", "OpenAI") in triples("- **2020年：GPT-3**——OpenAI推出1750亿参数模型。")


def test_glued_organisation_and_person():
    text = "2.2.1 2020.01 Scaling Law:量化规律\n\nOpenAIJeff Dean团队通过大规模实验,提出Scaling Law(缩放定律)"
    got = triples(text)
    assert {("Scaling Law", "organization", "OpenAI"), ("Scaling Law", "creator", "Jeff Dean")} <= got


def test_glued_uncatalogued_person_is_emitted_as_a_mention():
    mentions, claims = extract_rows("g", "DeepMindJack W. Zorbington团队提出“Chinchilla优化策略”")
    person = next(m for m in mentions if m["surface"] == "Jack W. Zorbington")
    assert person["detector"] == "person_name" and person["type"] == "person"
    assert any(c["value_mention_id"] == person["mention_id"] for c in claims)


def test_negated_verb_credits_nobody():
    assert triples("1986年的这篇论文并未发明反向传播算法本身") == set()


def test_possessive_organisation():
    assert ("PaLM", "organization", "Google") in triples("Google的PaLM（2022年）是首个5400亿参数级别的模型。")


# --- traditional Chinese, ids, frame ----------------------------------------


def test_traditional_text_matches_on_its_simplified_shadow():
    text = "- **2020年：GPT-3**——OpenAI發佈的GPT-3擁有1750億個參數，在測試中錯誤率為12.5%。"
    got = triples(text)
    assert ("GPT-3", "parameters", "1750億") in got
    assert ("GPT-3", "error_rate", "12.5%") in got
    assert ("反向傳播", "year", "1986年") in triples("**1986年：反向傳播**——Rumelhart等人發表論文。")


def test_ids_are_deterministic_and_content_based():
    text = "- **2018年：BERT**——谷歌推出的双向编码器表征模型。"
    assert extract_rows("d", text) == extract_rows("d", text)
    assert extract_rows("d", text)[0][0]["mention_id"] != extract_rows("e", text)[0][0]["mention_id"]


def test_frame_reads_only_ok_documents_and_conforms():
    docs = pd.DataFrame(
        {"doc_id": ["a", "b"], "status": ["ok", "rejected"], "text": ["GPT-3拥有1750亿参数。", ""]}
    )
    ex = extract_claims(docs)
    assert set(ex.claims["doc_id"]) == {"a"}
    assert list(ex.claims.columns[:3]) == ["claim_id", "doc_id", "attribute"]
    empty = extract_claims(docs.iloc[0:0])
    assert empty.claims.empty and "subject_mention_id" in empty.claims.columns


def test_a_name_ending_a_line_before_a_line_that_opens_with_a_year_is_read():
    """``## BERT`` then ``2018年…``: the name pattern spans the newline and its year suffix was cut
    at a space that is not there (ValueError), which aborted the whole run."""
    for text, name in (("## BERT\n2018年，谷歌发布了BERT。", "BERT"), ("ResNet\n2015年提出。", "ResNet"),
                       ("GPT\t2019年", "GPT")):  # fmt: skip
        mentions, _ = extract_rows("d", text)
        assert name in {m["surface"] for m in mentions}


def test_sibling_name_columns_date_every_name_they_list():
    text = (
        "时间 | 开源 LLM | 闭源 LLM\n-------- | -------- | --------\n"
        "2023.03 | 斯坦福-Alpaca、Vicuna；智谱-ChatGLM | OpenAI-GPT-4；百度-文心一言；Google-PaLM\n"
    )
    dated = {s for s, a, v, _ in claims_of(text) if a == "year" and v == "2023.03"}
    assert {"Alpaca", "Vicuna", "ChatGLM", "GPT-4", "文心一言", "PaLM"} <= dated


def test_sibling_name_columns_are_headers_that_end_alike():
    from pipeline.extract.language import cues_from
    from pipeline.extract.layout import sibling_name_columns

    cues = cues_from("cues.yaml")
    assert sibling_name_columns(["时间", "开源 LLM", "闭源 LLM"], {"year": 0, "name": 1}, cues) == {2}
    assert sibling_name_columns(["年份", "开源模型", "闭源模型"], {"year": 0, "name": 1}, cues) == {2}
    assert sibling_name_columns(["Open model", "Closed model"], {"name": 0}, cues) == {1}
    assert sibling_name_columns(["模型", "模型类型"], {"name": 0}, cues) == set()
    assert sibling_name_columns(["模型", "参数量", "发布方"], {"name": 0}, cues) == set()


def test_a_number_inside_a_catalogued_name_is_no_value():
    text = "2023年11月，零一万物发布了Yi，幻方发布了DeepSeek。"
    candidates = candidates_of(text)
    assert not [c for c in candidates if c.slot.kind == "count"]  # 零一万 of 零一万物 (01.AI)


def test_an_organisation_labelling_a_work_with_a_hyphen_is_read_as_its_maker():
    # the catalog lists "OpenAI ChatGPT" and "Anthropic Claude" as aliases: the organisation is read too
    text = (
        "时间 | 开源 LLM | 闭源 LLM\n-------- | -------- | --------\n"
        "2022.11 | 无 | OpenAI-ChatGPT；Anthropic-Claude\n"
    )
    got = {(s, a, v) for s, a, v, _ in claims_of(text)}
    assert ("ChatGPT", "organization", "OpenAI") in got
    assert ("Claude", "organization", "Anthropic") in got
    assert ("ChatGPT", "year", "2022.11") in got


def test_a_count_its_subject_holds_is_marked_by_the_possession_verb():
    candidates = candidates_of("ImageNet包含2万多个类别。")
    (c,) = [c for c in candidates if c.attribute == "classes"]
    assert c.features.get("num|rel:subject_has_value") == 1.0


def test_features_read_after_a_name_fire_wherever_the_name_stands():
    """A pattern matched at a position must not be anchored at the text's start (``^``): each of these
    features fires in the middle of a text, not only at its first character."""
    text = (
        "前文介绍了 Qwen1.5。这是一个由阿里巴巴达摩院开源的对话模型。"
        "2019年，OpenAI 在 GPT-2 的基础上提出了 GPT-3。"
        "在 1998 年，LeCun 等人提出了 LeNet。"
    )
    candidates = candidates_of(text)
    fired = {f.split("|")[1] for c in candidates for f, v in c.features.items() if v}
    assert {"post:base", "pronoun_opens", "agent_et_al"} <= fired


def test_a_linked_name_is_read_as_its_words():
    """Markdown links are markup: the linked person is the agent, the bold linked term the work."""
    text = "1950年，[Alan Turing](https://en.wikipedia.org/wiki/Alan_Turing)提出了一种称为**[图灵测试](https://x.org/t)**的方式。"
    assert {("图灵测试", "creator", "Alan Turing"), ("图灵测试", "year", "1950年")} <= triples(text)


def test_a_citation_mark_is_read_past():
    """``Widrow[[5]](#adaline) 和 Hoff``: one group of agents, and the opening year dates the work."""
    got = triples("1960 年，Bernard Widrow[[5]](#adaline) 和 Hoff 发明了 Adaline，首次尝试把线性层叠加。")
    assert {("Adaline", "creator", "Bernard Widrow"), ("Adaline", "creator", "Hoff")} <= got
    assert ("Adaline", "year", "1960 年") in got
    linked = "[DeepMind](https://d.com/)[[1]](#d) 公司的 AlphaGo 赢得比赛。"
    assert ("AlphaGo", "organization", "DeepMind") in triples(linked)


def test_names_set_in_inline_math_are_read_as_words():
    """``$Matthew$ $D. Zeiler$``: dollar signs around plain letters only set the type; a formula stays one."""
    text = "ZFNet是由$Matthew$ $D. Zeiler$和$Rob$ $Fergus$提出的卷积网络$^{[3-4]}$，使用$3\\times3$卷积核。"
    creators = {v for s, a, v in triples(text) if s == "ZFNet" and a == "creator"}
    assert creators == {"Matthew$ $D. Zeiler", "Rob$ $Fergus"}  # value_raw: the exact span, marks and all
    assert not {v for _, a, v in triples(text) if a == "layers"}


def test_a_member_title_may_name_the_field():
    """麻省理工学院的计算机科学家 A: the organisation is A's, so the affiliation rule credits it too."""
    text = "ELIZA是由麻省理工学院的计算机科学家约瑟夫·魏泽鲍姆于1966年发布的一个计算机程序。"
    assert ("ELIZA", "organization", "麻省理工学院") in triples(text)
    candidates = candidates_of(text)
    voted = {
        text[c.slot.start : c.slot.end] for c in candidates if c.features.get("agent|rule:agent_affiliation")
    }
    assert voted == {"麻省理工学院"}


def test_a_book_is_dated_by_its_writing():
    text = "1969 年，Marvin Minsky 和 Seymour Papert 共同编写了一本书籍《Perceptrons》，证明了感知器的局限。"
    # the catalog names the book with its marks; the rule that read it, not only the scorer
    assert ("《Perceptrons》", "year", "1969 年", "creation_year") in claims_of(text)


def test_a_title_in_capitals_names_no_work_and_a_term_is_credited_to_who_introduced_it():
    text = (
        "深度学习（Deep Learning）一词由 Rina Dechter 于 1986 年 AAAI 论文"
        "“LEARNING WHILE SEARCHING IN CONSTRAINT-SATISFACTION-PROBLEMS”引入机器学习社区。"
    )
    mentions, _ = extract_rows("d", text)
    term = "深度学习（Deep Learning）"
    assert {m["surface"] for m in mentions} == {term, "Rina Dechter"}
    assert {(term, "creator", "Rina Dechter"), (term, "year", "1986 年")} <= triples(text)


def test_a_work_after_its_maker_and_year_is_theirs():
    """``费舍尔1932年的…数据集``, ``赫布 (1904--1985) 开创性的著作《…》``: a maker, a year or life span."""
    assert {
        ("鸢尾花卉数据集", "creator", "费舍尔", "dated_possessive"),
        ("鸢尾花卉数据集", "year", "1932年", "creation_year"),
    } <= set(claims_of("事实上，费舍尔1932年的鸢尾花卉数据集是测试算法的流行工具。"))
    text = "最古老的算法之一是唐纳德·赫布 (1904--1985)开创性的著作《行为的组织》。"
    assert ("行为的组织", "creator", "唐纳德·赫布", "own_paper") in claims_of(text)


def test_partners_share_the_work_they_made_together():
    got = triples("例如阿里巴巴的通义千问系列和清华大学与智谱 AI 合作的 ChatGLM 系列。")
    assert {("ChatGLM", "organization", "清华大学"), ("ChatGLM", "organization", "智谱 AI")} <= got
    assert ("ChatGLM", "organization", "阿里巴巴") not in got


def test_a_layer_count_before_the_network_s_kind_is_its_depth():
    assert ("AlexNet", "layers", "8") in triples("AlexNet使用了8层卷积神经网络，赢得了ImageNet挑战赛。")
    assert not {t for t in triples("AlexNet包含5层卷积和3层全连接。") if t[1] == "layers"}
