"""A small, realistic set of run tables, built with ``schema.conform``.

Shared by the validation and report tests (the other stages are built
concurrently, so these tests do not run them). Texts are written with
``{entity}`` and ``[value]`` marks; the builder removes the marks and records
the offsets, so every span is exact by construction.
"""

from __future__ import annotations

import hashlib
import json
import re

import pandas as pd

from pipeline import schema

ENTITIES = {
    "alexnet": ("AlexNet", "model"),
    "resnet": ("ResNet", "model"),
    "transformer": ("Transformer", "model"),
    "gpt3": ("GPT-3", "model"),
    "backprop": ("反向传播", "method"),
    "scaling_law": ("Scaling Law", "concept"),
    "lstm": ("LSTM", "model"),
}

#: doc id -> (title, sentences); each sentence: (text with marks, entity, attribute,
#: value_norm, value_num, qualifiers)
DOCS = {
    "src_timeline": (
        "深度学习发展时间线（2010-2024）",
        [
            ("[2012]年，{AlexNet}赢得ImageNet竞赛。", "alexnet", "year", "2012", 2012, {}),
            (
                "{AlexNet}将top-5错误率从26%降至[15.3%]。",
                "alexnet",
                "error_rate",
                "15.3",
                15.3,
                {"metric": "top-5"},
            ),
            ("[2015]年，{ResNet}以3.57%错误率赢得ImageNet。", "resnet", "year", "2015", 2015, {}),
            ("[2017]年，{Transformer}论文发表。", "transformer", "year", "2017", 2017, {}),
            ("{GPT-3}拥有[1750亿]个参数。", "gpt3", "parameters", "1.75e11", 1.75e11, {}),
            ("[1986]年，Rumelhart等人提出{反向传播}。", "backprop", "year", "1986", 1986, {}),
            ("[1997]年，{LSTM}被提出。", "lstm", "year", "1997", 1997, {}),
            (
                "{Scaling Law}由[DeepMind]提出最优缩放定律。",
                "scaling_law",
                "organization",
                "DeepMind",
                None,
                {},
            ),
        ],
    ),
    "src_table": (
        "深度学习里程碑",
        [
            ("| [1987]年 | {反向传播} | Rumelhart |", "backprop", "year", "1987", 1987, {}),
            (
                "| 2012年 | {AlexNet} | 错误率[16.4%] |",
                "alexnet",
                "error_rate",
                "16.4",
                16.4,
                {"metric": "top-5"},
            ),
            ("| [2012]年 | {AlexNet} | Krizhevsky |", "alexnet", "year", "2012", 2012, {}),
            ("| [2017]年 | {Transformer} | Vaswani |", "transformer", "year", "2017", 2017, {}),
            ("| [2018]年 | {Transformer} | 注意力机制 |", "transformer", "year", "2018", 2018, {}),
            ("| [1997]年 | {LSTM} | Hochreiter |", "lstm", "year", "1997", 1997, {}),
        ],
    ),
    "src_essay": (
        "从感知机到大模型：一部深度学习进化史",
        [
            (
                "{AlexNet}在ImageNet上取得了[84%]的准确率。",
                "alexnet",
                "accuracy",
                "84",
                84,
                {"metric": "top-5"},
            ),
            ("[2016]年，{ResNet}获得CVPR最佳论文。", "resnet", "year", "2016", 2016, {}),
            (
                "{Scaling Law}由[OpenAI]的Jeff Dean团队提出。",
                "scaling_law",
                "organization",
                "OpenAI",
                None,
                {},
            ),
            ("{GPT-3}拥有[175B]参数。", "gpt3", "parameters", "1.75e11", 1.75e11, {}),
            ("[1995]年，{LSTM}论文初稿完成。", "lstm", "year", "1995", 1995, {}),
        ],
    ),
    "src_hostile": (
        "<script>alert('x')</script>带注释的网页",
        [
            (
                "<!-- 广告 -->{AlexNet}<script>alert(1)</script>的错误率为[15.3%]。",
                "alexnet",
                "error_rate",
                "15.3",
                15.3,
                {"metric": "top-5"},
            ),
            ("[2012]年</p><b>{AlexNet}</b>发布。", "alexnet", "year", "2012", 2012, {}),
        ],
    ),
}

MARK = re.compile(r"\{([^}]*)\}|\[([^\]]*)\]")


def _digest(*parts) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:12]


def _unmark(sentence: str, offset: int) -> tuple[str, tuple[int, int], tuple[int, int]]:
    """Plain sentence, the entity span and the value span (document offsets)."""
    out, entity, value, pos = [], None, None, 0
    for m in MARK.finditer(sentence):
        out.append(sentence[pos : m.start()])
        start = offset + sum(map(len, out))
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        out.append(inner)
        span = (start, start + len(inner))
        if m.group(1) is not None:
            entity = span
        else:
            value = span
        pos = m.end()
    out.append(sentence[pos:])
    return "".join(out), entity, value


def sample_tables() -> dict[str, pd.DataFrame]:
    docs, mentions, claims = [], [], []
    for doc_id, (title, sentences) in DOCS.items():
        text, rows = f"# {title}\n\n", []
        for sentence, ent, attr, norm, num, quals in sentences:
            plain, e_span, v_span = _unmark(sentence, len(text))
            rows.append((plain, e_span, v_span, ent, attr, norm, num, quals))
            text += plain + "\n"
        docs.append(
            {
                "doc_id": doc_id,
                "path": f"{doc_id}.md",
                "title": title,
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
                "encoding": "utf-8",
                "n_chars": len(text),
                "text": text,
                "status": "ok",
                "reason": None,
            }
        )
        for plain, e_span, v_span, ent, attr, norm, num, quals in rows:
            mention_id = "m_" + _digest(doc_id, *e_span)
            mentions.append(
                {
                    "mention_id": mention_id,
                    "doc_id": doc_id,
                    "entity_id": ent,
                    "surface": text[e_span[0] : e_span[1]],
                    "char_start": e_span[0],
                    "char_end": e_span[1],
                    "method": "exact",
                    "score": 100.0,
                }
            )
            claims.append(
                {
                    "claim_id": "c_" + _digest(doc_id, *v_span),
                    "doc_id": doc_id,
                    "entity_id": ent,
                    "entity_name": ENTITIES[ent][0],
                    "attribute": attr,
                    "value_raw": text[v_span[0] : v_span[1]],
                    "value_norm": norm,
                    "value_num": num,
                    "unit": "%" if attr in ("error_rate", "accuracy") else None,
                    "qualifiers": json.dumps(quals, ensure_ascii=False),
                    "evidence": plain,
                    "char_start": v_span[0],
                    "char_end": v_span[1],
                    "extractor": "sample",
                    "confidence": 0.9,
                }
            )
    docs.append(
        {
            "doc_id": "src_broken",
            "path": "src_broken.txt",
            "title": "",
            "sha256": hashlib.sha256(b"\x00\x01").hexdigest(),
            "encoding": "",
            "n_chars": 0,
            "text": "",
            "status": "rejected",
            "reason": "binary file",
        }
    )
    claims_df = schema.conform(claims, "claims")
    mentions_df = schema.conform(mentions, "mentions")
    entities = [
        {
            "entity_id": ent,
            "name": name,
            "type": kind,
            "aliases": [name],
            "n_docs": int(mentions_df.loc[mentions_df.entity_id == ent, "doc_id"].nunique()),
            "n_mentions": int((mentions_df.entity_id == ent).sum()),
        }
        for ent, (name, kind) in ENTITIES.items()
    ]
    return {
        "documents": schema.conform(docs, "documents"),
        "entities": schema.conform(entities, "entities"),
        "mentions": mentions_df,
        "claims": claims_df,
        "contradictions": schema.conform(
            _contradictions(claims_df), "contradictions", {"sides": "str", "reference": "str?"}
        ),
        "consensus": _consensus(claims_df),
        "source_reliability": pd.DataFrame(
            {
                "doc_id": ["src_timeline", "src_table", "src_essay", "src_hostile"],
                "reliability": [0.91, 0.74, 0.52, 0.80],
                "n_claims": [8, 6, 5, 2],
            }
        ),
    }


def _contradictions(claims: pd.DataFrame) -> list[dict]:
    def on(entity, attribute, *docs_values):
        picked = claims[(claims.entity_id == entity) & (claims.value_norm.isin(docs_values))]
        if entity == "alexnet" and attribute == "error_rate":
            picked = claims[(claims.entity_id == entity) & claims.attribute.isin([attribute, "accuracy"])]
        return picked

    specs = [
        (
            "alexnet",
            "error_rate",
            "cross_source",
            "high",
            ("15.3", "16.4"),
            "AlexNet 的 top-5 错误率：src_timeline、src_hostile 写 15.3%，src_table 写 16.4%；"
            "src_essay 的 84% 准确率按 100 − x 换算为 16% 错误率。",
            "open",
        ),
        (
            "scaling_law",
            "organization",
            "cross_source",
            "high",
            ("DeepMind", "OpenAI"),
            "Scaling Law 的提出机构：src_timeline 写 DeepMind，src_essay 写 OpenAI 的 Jeff Dean 团队。",
            "confirmed",
        ),
        (
            "scaling_law",
            "organization",
            "reference",
            "high",
            ("OpenAI",),
            "参考事实：Kaplan et al., 'Scaling Laws for Neural Language Models' (2020, arXiv:2001.08361)"
            " 作者来自 OpenAI；Jeff Dean 任职于 Google，从未在 OpenAI 工作。",
            "open",
        ),
        (
            "backprop",
            "year",
            "cross_source",
            "medium",
            ("1986", "1987"),
            "反向传播的年份：1986（Rumelhart 等人的 Nature 论文）与 1987。",
            "reopened",
        ),
        (
            "transformer",
            "year",
            "within_source",
            "medium",
            ("2017", "2018"),
            "src_table 对 Transformer 的年份前后不一：2017 与 2018。",
            "open",
        ),
        (
            "resnet",
            "year",
            "cross_source",
            "low",
            ("2015", "2016"),
            "ResNet：2015 年赢得 ImageNet，2016 年获 CVPR 最佳论文，限定条件不同。",
            "dismissed",
        ),
        (
            "lstm",
            "year",
            "cross_source",
            "medium",
            ("1995", "1997"),
            "LSTM 的年份：1995（技术报告）与 1997（期刊论文）。",
            "open",
        ),
    ]
    rows = []
    for entity, attribute, kind, severity, values, explanation, review in specs:
        picked = on(entity, attribute, *values)
        if kind == "within_source":
            picked = picked[picked.doc_id == "src_table"]
        values_out = list(values) if kind != "reference" else ["OpenAI", "reference: Google"]
        # the reconcile stage's sides column; left empty on one row to exercise the fallback
        sides = [
            {"value": v, "doc_ids": sorted(set(g.doc_id)), "claim_ids": list(g.claim_id)}
            for v, g in picked.groupby("value_norm", sort=True)
        ]
        rows.append(
            {
                "contradiction_id": f"x_{_digest(entity, attribute, kind)}",
                "entity_id": entity,
                "entity_name": ENTITIES[entity][0],
                "attribute": attribute,
                "kind": kind,
                "severity": severity,
                "values": values_out,
                "doc_ids": sorted(set(picked.doc_id)),
                "claim_ids": list(picked.claim_id),
                "explanation": explanation,
                "review_status": review,
                "sides": "" if entity == "alexnet" else json.dumps(sides, ensure_ascii=False),
                "reference": REFERENCE if kind == "reference" else None,
            }
        )
    return rows


REFERENCE = (
    "Kaplan et al. Scaling Laws for Neural Language Models. arXiv 2020. https://arxiv.org/abs/2001.08361"
)


def _consensus(claims: pd.DataFrame) -> pd.DataFrame:
    alexnet_15 = claims[(claims.entity_id == "alexnet") & (claims.value_norm == "15.3")]
    frame = pd.DataFrame(
        [
            ("alexnet", "error_rate", "15.3% [top-5]", 0.83, 3),
            ("alexnet", "year", "2012", 0.97, 3),
            ("scaling_law", "organization", "OpenAI", 0.61, 1),
            ("backprop", "year", "1986", 0.58, 1),
            ("transformer", "year", "2017", 0.77, 2),
            ("resnet", "year", "2015", 0.66, 1),
            ("gpt3", "parameters", "1.75e11", 0.95, 2),
            ("lstm", "year", "1997", 0.71, 2),
        ],
        columns=["entity_id", "attribute", "value", "confidence", "support"],
    )
    frame["facet"] = ""
    frame["context"] = ""
    frame["support_claims"] = [list(alexnet_15.claim_id) if i == 0 else [] for i in range(len(frame))]
    # a second facet of the same entity attribute: the runner-up's error, not AlexNet's
    runner_up = ("alexnet", "error_rate", "26.2%", 0.9, 1, "role=runner_up", "", [])
    return pd.concat([frame, pd.DataFrame([runner_up], columns=frame.columns)], ignore_index=True)
