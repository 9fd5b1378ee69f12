"""What a statement shows about whether a claim is about its subject (doubts), on hand-written
claims with their document text and mentions."""

from __future__ import annotations

import pandas as pd

from pipeline.catalog.facts import load_reference
from pipeline.reconcile import reconcile
from tests.helpers.reconcile import CATALOG, NO_REFERENCE, claim, credit, entities_for, rows, run


def _mention(doc: str, text: str, surface: str, entity: str) -> dict:
    start = text.index(surface)
    return {
        "mention_id": f"m-{doc}-{entity}",
        "doc_id": doc,
        "entity_id": entity,
        "surface": surface,
        "char_start": start,
        "char_end": start + len(surface),
        "method": "exact",
        "score": 100.0,
    }


def run_texts(claims: list[dict], texts: dict[str, str], named: dict[str, dict[str, str]], reference=None):
    """``named``: doc → {surface: entity id} of the mentions in its text (the subject's among them)."""
    mentions = [_mention(d, texts[d], s, e) for d, ms in named.items() for s, e in ms.items()]
    for c in claims:  # the claim's evidence is its statement in the text, its value a span of it
        text = texts[c["doc_id"]]
        c["evidence"] = text
        c["char_start"] = text.index(c["value_raw"]) if c["value_raw"] in text else 0
        c["char_end"] = c["char_start"] + len(c["value_raw"])
    docs = sorted(texts)
    documents = pd.DataFrame({"doc_id": docs, "title": docs, "status": ["ok"] * len(docs),
                              "text": [texts[d] for d in docs]})  # fmt: skip
    return reconcile(
        pd.DataFrame(claims),
        entities_for(claims),
        documents,
        CATALOG,
        [],
        reference=reference if reference is not None else NO_REFERENCE,
        mentions=pd.DataFrame(mentions),
    )


def test_a_name_that_only_qualifies_a_noun_makes_no_medium_finding():
    texts = {
        "a": "ImageNet是由李飞飞领导的视觉数据库",
        "b": "Hinton提出需求让ImageNet级模型在手机上运行",
    }
    claims = [
        credit("a", "imagenet", "creator", "fei-fei-li"),
        credit("b", "imagenet", "creator", "geoffrey-hinton"),
    ]
    claims[1]["value_raw"] = "Hinton"
    named = {"a": {"ImageNet": "imagenet"}, "b": {"ImageNet": "imagenet"}}
    result = run_texts(claims, texts, named)
    row = rows(result, "imagenet", "creator").iloc[0]
    assert row.severity == "low"
    assert "“ImageNet级” only uses the name to qualify another noun" in row.explanation
    plain = run(
        [
            credit("a", "imagenet", "creator", "fei-fei-li"),
            credit("b", "imagenet", "creator", "geoffrey-hinton"),
        ]
    )
    assert rows(plain, "imagenet", "creator").iloc[0].severity == "high"  # without the text: a conflict


def test_a_credit_the_reference_gives_another_work_the_statement_names_is_doubted():
    text = "| 2017年 | Transformer | Vaswani 等人 | 奠定了BERT等大型语言模型的基础 |"
    claims = [credit("a", "bert", "creator", "ashish-vaswani")]
    claims[0]["value_raw"] = "Vaswani"
    named = {"a": {"Transformer": "transformer", "BERT": "bert"}}
    result = run_texts(claims, {"a": text}, named, reference=load_reference())
    row = rows(result, "bert", "creator").iloc[0]
    assert row.severity == "low" and row.kind == "reference"
    assert (
        "the statement also names Transformer, which the reference credits to Ashish Vaswani"
        in row.explanation
    )


def test_a_statement_that_credits_the_subjects_authors_is_about_the_subject():
    text = (
        "2006 年，Hinton、Salakhutdinov、Osindero 的论文“Reducing the Dimensionality of Data”"
        "…主要研究深度信念网络"
    )
    people = [
        ("geoffrey-hinton", "Hinton"),
        ("ruslan-salakhutdinov", "Salakhutdinov"),
        ("simon-osindero", "Osindero"),
    ]
    claims = []
    for person, written in people:
        c = credit("a", "deep-autoencoder", "creator", person, n_named=3)
        c["value_raw"] = written
        claims.append(c)
    named = {"a": {"Reducing the Dimensionality of Data": "deep-autoencoder", "深度信念网络": "dbn"}}
    result = run_texts(claims, {"a": text}, named, reference=load_reference())
    row = rows(result, "deep-autoencoder", "creator", kind="reference").iloc[0]
    assert row.severity == "high" and "Simon Osindero is not among the authors" in row.explanation


def test_one_persons_name_written_two_ways_is_one_credit():
    both = "LeCun, Bottou等"
    claims = [
        claim("a", "lenet", "creator", "Yan LeCun", et_al=True),
        claim("b", "lenet", "creator", "Yann LeCun", evidence=both, n_named=2),
        claim("b", "lenet", "creator", "Léon Bottou", evidence=both, n_named=2),
    ]
    assert rows(run(claims), "lenet", "creator").empty  # Yan LeCun et al. is a partial list of b's
    claims[0] = claim("a", "lenet", "creator", "Yoshua Bengio", et_al=True)
    assert rows(run(claims), "lenet", "creator").iloc[0].severity == "medium"  # no name in common


def test_credits_of_a_concept_the_reference_credits_to_no_one_are_low():
    texts = {"a": "通义千问是由阿里云研发的预训练语言模型", "b": "GPT是由OpenAI团队发布的预训练语言模型"}
    claims = [
        credit("a", "pretrained-language-model", "organization", "alibaba-cloud"),
        credit("b", "pretrained-language-model", "organization", "openai"),
    ]
    named = {
        "a": {"预训练语言模型": "pretrained-language-model"},
        "b": {"预训练语言模型": "pretrained-language-model"},
    }
    row = rows(run_texts(claims, texts, named), "pretrained-language-model", "organization").iloc[0]
    assert row.severity == "low" and "is a kind of thing, not one work" in row.explanation


def test_a_part_of_a_model_built_from_a_name_is_not_the_named_work():
    texts = {"a": "编码器:采用24层Transformer编码器", "b": "Transformer有6层"}
    claims = [
        claim("a", "transformer", "layers", "24层", num=24.0),
        claim("b", "transformer", "layers", "6层", num=6.0),
    ]
    named = {"a": {"Transformer": "transformer"}, "b": {"Transformer": "transformer"}}
    row = rows(run_texts(claims, texts, named, reference=load_reference()), "transformer", "layers").iloc[0]
    assert row.severity == "low"
    assert "“Transformer编码器” names a part of a model built from Transformer" in row.explanation


def test_two_rows_of_one_table_with_different_name_cells_are_two_entries():
    # a model zoo's table: "Xception41_deeplab" and "Xception65_deeplab" both resolve to DeepLab
    row41 = "| Xception41 _deeplab | 0.796  | 0.944  | 18.160 | 26.730 |"
    row65 = "| Xception65 _deeplab | 0.803  | 0.945  | 27.370 | 39.520 |"
    claims = [
        claim("a", "deeplab", "parameters", "26.730", num=26.73e6, evidence=row41),
        claim("a", "deeplab", "parameters", "39.520", num=39.52e6, evidence=row65),
    ]
    row = rows(run(claims), "deeplab", "parameters").iloc[0]
    assert row.severity == "low" and row.rule == "table_rows"
    assert "xception41_deeplab" in row.explanation and "xception65_deeplab" in row.explanation
    # the same entry written twice with two values is still a disagreement
    same = [
        claim("a", "deeplab", "parameters", "26.730", num=26.73e6, evidence=row41),
        claim("a", "deeplab", "parameters", "39.520", num=39.52e6, evidence=row65.replace("65", "41", 1)),
    ]
    assert rows(run(same), "deeplab", "parameters").iloc[0].severity in ("medium", "high")
    # and a table row against running text is compared as before
    text = "DeepLab 的参数量为 39.52M。"
    mixed = [claims[0], claim("a", "deeplab", "parameters", "39.52M", num=39.52e6, evidence=text)]
    assert rows(run(mixed), "deeplab", "parameters").iloc[0].severity in ("medium", "high")
