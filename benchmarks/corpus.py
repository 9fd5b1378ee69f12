"""Synthetic Chinese corpora with known facts, planted contradictions and false friends.

The generator holds a small world model (:data:`FACTS`: catalog ids with their
true years, creators, organisations and figures, each checked against the
primary sources in ``pipeline/reconcile/reference_facts.yaml``) and writes
documents in the five styles real sources use — YAML-front-matter timelines
with bold bullets, markdown tables, scraped web pages with formula residue,
referenced research reports and long essays with numbered sections.

Every entity name and every stated value is written through a :class:`Page`
that records its character span, so the ground truth says exactly where each
mention and each fact is. On top of the truth the generator plants

- **contradictions**: for a few facts (never the ones carrying false friends),
  a minority of the documents that state the fact give one wrong value instead
  (another year, error rate, creator, organisation, count);
- **false friends**, which must not be flagged: a rounded figure (15% for
  15.3%), accuracy as the complement of the error (84.7% for 15.3% error), the
  previous best in 从26.2%降至15.3%, the runner-up's figure, a parent or child
  organisation (Google for Google Brain), a year without its month (2015 for
  2015.12).

Same seed and size, same corpus, byte for byte.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------
# The world: names and facts (catalog ids from pipeline/catalog/*.yaml)
# ---------------------------------------------------------------------------

#: how texts write each entity (all resolve to the catalog id on the left)
NAMES: dict[str, tuple[str, ...]] = {
    # works
    "alexnet": ("AlexNet",),
    "resnet": ("ResNet", "残差网络", "深度残差网络"),
    "googlenet": ("GoogLeNet", "Inception"),
    "transformer": ("Transformer", "Transformer架构", "Transformer模型"),
    "bert": ("BERT",),
    "gpt-1": ("GPT-1", "GPT1"),
    "gpt-2": ("GPT-2", "GPT2"),
    "gpt-3": ("GPT-3", "GPT3"),
    "gpt-4": ("GPT-4", "GPT4"),
    "chatgpt": ("ChatGPT",),
    "llama": ("LLaMA", "Llama"),
    "palm": ("PaLM",),
    "chinchilla": ("Chinchilla",),
    "alphago": ("AlphaGo",),
    "gan": ("GAN", "生成对抗网络", "GANs"),
    "lstm": ("LSTM", "长短期记忆网络"),
    "backpropagation": ("反向传播算法", "反向传播", "BP算法"),
    "perceptron": ("感知机", "感知器"),
    "mcculloch-pitts-neuron": ("MP神经元", "M-P神经元模型", "McCulloch-Pitts神经元模型"),
    "dbn": ("深度信念网络", "DBN", "深度置信网络"),
    "word2vec": ("Word2Vec", "word2vec"),
    "batch-normalization": ("批归一化", "Batch Normalization", "BatchNorm"),
    "dropout": ("Dropout",),
    "seq2seq": ("Seq2Seq", "序列到序列模型"),
    "lenet": ("LeNet", "LeNet-5"),
    "mnist": ("MNIST",),
    "imagenet": ("ImageNet", "ImageNet数据集"),
    "ilsvrc": ("ImageNet竞赛", "ILSVRC", "ImageNet挑战赛"),
    "geforce-256": ("GeForce 256",),
    "cuda": ("CUDA",),
    "tpu": ("TPU", "张量处理单元"),
    "scaling-law": ("Scaling Law", "缩放定律", "规模定律"),
    "mixtral-8x7b": ("Mixtral 8x7B", "Mixtral-8x7B"),
    "clip": ("CLIP",),
    "dall-e-2": ("DALL-E 2", "DALL·E 2"),
    "stable-diffusion": ("Stable Diffusion",),
    "gpt-4o": ("GPT-4o",),
    "claude-3": ("Claude 3", "Claude-3"),
    # people
    "geoffrey-hinton": ("Geoffrey Hinton", "Hinton", "辛顿", "杰弗里·辛顿", "欣顿"),
    "yann-lecun": ("Yann LeCun", "LeCun", "杨立昆"),
    "kaiming-he": ("何恺明", "何凯明", "Kaiming He"),
    "alex-krizhevsky": ("Alex Krizhevsky", "Krizhevsky"),
    "ilya-sutskever": ("Ilya Sutskever", "Sutskever"),
    "david-rumelhart": ("David Rumelhart", "Rumelhart", "鲁梅尔哈特"),
    "ronald-williams": ("Ronald Williams", "Ronald J. Williams"),
    "ashish-vaswani": ("Ashish Vaswani", "Vaswani"),
    "noam-shazeer": ("Noam Shazeer", "Shazeer"),
    "ian-goodfellow": ("Ian Goodfellow", "Goodfellow", "古德费洛"),
    "sepp-hochreiter": ("Sepp Hochreiter", "Hochreiter"),
    "juergen-schmidhuber": ("Jürgen Schmidhuber", "Schmidhuber"),
    "frank-rosenblatt": ("Frank Rosenblatt", "Rosenblatt", "罗森布拉特"),
    "marvin-minsky": ("Marvin Minsky", "Minsky", "明斯基"),
    "warren-mcculloch": ("Warren McCulloch", "McCulloch"),
    "walter-pitts": ("Walter Pitts", "Pitts"),
    "tomas-mikolov": ("Tomas Mikolov", "Mikolov"),
    "fei-fei-li": ("李飞飞", "Fei-Fei Li"),
    "andrew-ng": ("吴恩达", "Andrew Ng"),
    "sergey-ioffe": ("Sergey Ioffe", "Ioffe"),
    "christian-szegedy": ("Christian Szegedy", "Szegedy"),
    "jared-kaplan": ("Jared Kaplan", "Kaplan"),
    "jeff-dean": ("Jeff Dean", "杰夫·迪恩"),
    # organisations
    "google": ("谷歌", "Google"),
    "google-brain": ("Google Brain", "谷歌大脑"),
    "google-research": ("谷歌研究院", "Google Research"),
    "deepmind": ("DeepMind",),
    "openai": ("OpenAI",),
    "meta": ("Meta", "Facebook", "脸书"),
    "fair": ("Meta AI", "Facebook AI Research"),
    "microsoft": ("微软", "Microsoft"),
    "msra": ("微软亚洲研究院", "MSRA"),
    "nvidia": ("英伟达", "NVIDIA"),
    "anthropic": ("Anthropic",),
    "university-of-toronto": ("多伦多大学", "University of Toronto"),
    "stanford": ("斯坦福大学", "Stanford"),
    "mistral-ai": ("Mistral AI",),
}

#: spellings real texts use that the catalog does not list (case, middle initials,
#: other transliterations, Chinese synonyms, a generic suffix): linking them takes
#: fuzzy, pinyin or name-order rules. Written for UNLISTED_RATE of the mentions.
UNLISTED: dict[str, tuple[str, ...]] = {
    "alexnet": ("Alexnet", "AlexNet网络"),
    "resnet": ("Resnet", "Res-Net"),
    "googlenet": ("Googlenet",),
    "transformer": ("Transformer网络",),
    "bert": ("BERT模型",),
    "gpt-3": ("GPT-3模型", "GPT 3"),
    "gpt-2": ("GPT-2模型",),
    "chatgpt": ("Chat-GPT",),
    "llama": ("LLaMA模型",),
    "gan": ("生成对抗式网络", "GAN网络"),
    "lstm": ("LSTM网络", "长短期记忆模型"),
    "backpropagation": ("反向传播法",),
    "perceptron": ("感知机模型",),
    "word2vec": ("Word2Vec模型",),
    "batch-normalization": ("批次归一化", "Batch-Norm"),
    "dropout": ("Drop-out",),
    "seq2seq": ("seq2seq模型", "Sequence-to-Sequence"),
    "lenet": ("Lenet",),
    "mnist": ("MNIST数据集",),
    "imagenet": ("Imagenet",),
    "scaling-law": ("缩放规律",),
    "geoffrey-hinton": ("G.E. Hinton", "Geoffrey Everest Hinton"),
    "yann-lecun": ("Yann Lecun", "Y. Le Cun"),
    "alex-krizhevsky": ("A Krizhevsky", "亚历克斯·克里泽夫斯基"),
    "ilya-sutskever": ("I Sutskever", "伊尔亚·苏茨凯弗"),
    "ian-goodfellow": ("Ian J Goodfellow", "伊恩·古德费罗"),
    "juergen-schmidhuber": ("J. H. Schmidhuber",),
    "sepp-hochreiter": ("S Hochreiter",),
    "tomas-mikolov": ("T Mikolov",),
    "jared-kaplan": ("J Kaplan",),
    "google": ("Google公司", "Google Inc"),
    "openai": ("OpenAI公司", "Open-AI"),
    "microsoft": ("Microsoft公司",),
    "msra": ("MSR Asia",),
    "deepmind": ("DeepMind公司", "Deepmind"),
    "meta": ("Facebook公司",),
    "nvidia": ("英伟达公司", "NVidia"),
    "university-of-toronto": ("加拿大多伦多大学",),
}
UNLISTED_RATE = 0.1


@dataclass(frozen=True)
class Fact:
    """One true fact of the world, with the wrong values a careless source writes.

    ``false_friends`` lists the harmless variants this fact is written with
    (``previous_best``, ``runner_up``, ``rounded``, ``complement``,
    ``parent_org``, ``child_org``); a fact with false friends is never planted
    with a wrong value, so flags on it are false positives without doubt.
    """

    entity: str
    attribute: str
    value: object  # year: (y, month|None); creator: tuple of ids; organization: id; else a number
    wrong: tuple = ()
    false_friends: tuple[str, ...] = ()
    benchmark: str | None = None  # error rates: the dataset or contest entity
    metric: str = ""  # error rates: "top-5" or ""
    baseline: float | None = None  # previous best / runner-up figure
    related_org: str | None = None  # parent_org / child_org false friend

    @property
    def key(self) -> tuple[str, str]:
        return (self.entity, self.attribute)


def _y(year: int, month: int | None = None) -> tuple[int, int | None]:
    return (year, month)


FACTS: tuple[Fact, ...] = (
    Fact("alexnet", "year", _y(2012), wrong=(_y(2013), _y(2011))),
    Fact(
        "alexnet",
        "creator",
        ("alex-krizhevsky", "ilya-sutskever", "geoffrey-hinton"),
        wrong=(("kaiming-he",), ("yann-lecun",)),
    ),
    Fact("alexnet", "organization", "university-of-toronto", wrong=("openai",)),
    Fact(
        "alexnet",
        "error_rate",
        15.3,
        false_friends=("previous_best", "runner_up", "rounded", "complement"),
        benchmark="ilsvrc",
        metric="top-5",
        baseline=26.2,
    ),
    Fact("alexnet", "layers", 8, wrong=(12,)),
    Fact("alexnet", "parameters", 6e7, wrong=(1.2e8,)),
    Fact("resnet", "year", _y(2015, 12), wrong=(_y(2017),)),
    Fact("resnet", "creator", ("kaiming-he",), wrong=(("yann-lecun",), ("geoffrey-hinton",))),
    Fact("resnet", "organization", "msra", false_friends=("parent_org",), related_org="microsoft"),
    Fact("resnet", "error_rate", 3.57, false_friends=("rounded",), benchmark="ilsvrc", metric="top-5"),
    Fact("resnet", "layers", 152),
    Fact("googlenet", "year", _y(2014), wrong=(_y(2016),)),
    Fact("googlenet", "organization", "google", wrong=("meta",)),
    Fact("googlenet", "error_rate", 6.67, wrong=(11.7,), benchmark="ilsvrc", metric="top-5"),
    Fact("googlenet", "layers", 22, wrong=(30,)),
    Fact("transformer", "year", _y(2017, 6), wrong=(_y(2015),)),
    Fact(
        "transformer",
        "creator",
        ("ashish-vaswani", "noam-shazeer"),
        wrong=(("geoffrey-hinton",), ("yann-lecun",)),
    ),
    Fact("transformer", "organization", "google-brain", false_friends=("parent_org",), related_org="google"),
    Fact("bert", "year", _y(2018, 10), wrong=(_y(2020),)),
    Fact("bert", "organization", "google", false_friends=("child_org",), related_org="google-research"),
    Fact("bert", "parameters", 3.4e8, wrong=(1.5e9,)),
    Fact("gpt-1", "year", _y(2018, 6), wrong=(_y(2016),)),
    Fact("gpt-1", "organization", "openai", wrong=("google",)),
    Fact("gpt-1", "parameters", 1.17e8, wrong=(3.4e8,)),
    Fact("gpt-2", "year", _y(2019, 2), wrong=(_y(2020),)),
    Fact("gpt-2", "organization", "openai"),
    Fact("gpt-2", "parameters", 1.5e9, wrong=(3e9,)),
    Fact("gpt-3", "year", _y(2020, 5), wrong=(_y(2021),)),
    Fact("gpt-3", "organization", "openai", wrong=("google",)),
    Fact("gpt-3", "parameters", 1.75e11, wrong=(1.75e12,)),
    Fact("gpt-3", "layers", 96),
    Fact("gpt-4", "year", _y(2023, 3), wrong=(_y(2022),)),
    Fact("gpt-4", "organization", "openai"),
    Fact("chatgpt", "year", _y(2022, 11), wrong=(_y(2021),)),
    Fact("chatgpt", "organization", "openai", wrong=("microsoft",)),
    Fact("llama", "year", _y(2023, 2), wrong=(_y(2021),)),
    Fact("llama", "organization", "meta", false_friends=("child_org",), related_org="fair"),
    Fact("palm", "year", _y(2022, 4), wrong=(_y(2020),)),
    Fact("palm", "organization", "google", wrong=("openai",)),
    Fact("palm", "parameters", 5.4e11, wrong=(3.4e11,)),
    Fact("chinchilla", "year", _y(2022, 3)),
    Fact("chinchilla", "organization", "deepmind", false_friends=("parent_org",), related_org="google"),
    Fact("chinchilla", "parameters", 7e10, wrong=(2.8e11,)),
    Fact("alphago", "year", _y(2016), wrong=(_y(2018),)),
    Fact("alphago", "organization", "deepmind", false_friends=("parent_org",), related_org="google"),
    Fact("gan", "year", _y(2014, 6), wrong=(_y(2016),)),
    Fact("gan", "creator", ("ian-goodfellow",), wrong=(("kaiming-he",),)),
    Fact("lstm", "year", _y(1997), wrong=(_y(1987),)),
    Fact("lstm", "creator", ("sepp-hochreiter", "juergen-schmidhuber"), wrong=(("geoffrey-hinton",),)),
    Fact("backpropagation", "year", _y(1986), wrong=(_y(1992),)),
    Fact(
        "backpropagation",
        "creator",
        ("david-rumelhart", "geoffrey-hinton", "ronald-williams"),
        wrong=(("marvin-minsky",),),
    ),
    Fact("perceptron", "year", _y(1958), wrong=(_y(1969),)),
    Fact("perceptron", "creator", ("frank-rosenblatt",), wrong=(("marvin-minsky",),)),
    Fact("mcculloch-pitts-neuron", "year", _y(1943), wrong=(_y(1949),)),
    Fact("mcculloch-pitts-neuron", "creator", ("warren-mcculloch", "walter-pitts")),
    Fact("dbn", "year", _y(2006), wrong=(_y(2009),)),
    Fact("dbn", "creator", ("geoffrey-hinton",), wrong=(("yann-lecun",),)),
    Fact("word2vec", "year", _y(2013), wrong=(_y(2015),)),
    Fact("word2vec", "creator", ("tomas-mikolov",)),
    Fact("word2vec", "organization", "google", wrong=("meta",)),
    Fact("batch-normalization", "year", _y(2015, 2), wrong=(_y(2017),)),
    Fact("batch-normalization", "creator", ("sergey-ioffe", "christian-szegedy")),
    Fact("batch-normalization", "organization", "google"),
    Fact("dropout", "year", _y(2012)),
    Fact("dropout", "creator", ("geoffrey-hinton",), wrong=(("yann-lecun",),)),
    Fact("seq2seq", "year", _y(2014, 9)),
    Fact("seq2seq", "creator", ("ilya-sutskever",)),
    Fact("seq2seq", "organization", "google", wrong=("openai",)),
    Fact("lenet", "creator", ("yann-lecun",), wrong=(("geoffrey-hinton",),)),
    Fact("lenet", "error_rate", 0.95, false_friends=("complement",), benchmark="mnist"),
    Fact("mnist", "year", _y(1998), wrong=(_y(2003),)),
    Fact("mnist", "dataset_size", 70000, wrong=(100000,)),
    Fact("mnist", "classes", 10),
    Fact("imagenet", "year", _y(2009), wrong=(_y(2012),)),
    Fact("imagenet", "creator", ("fei-fei-li",), wrong=(("andrew-ng",),)),
    Fact("imagenet", "dataset_size", 14197122, false_friends=("rounded",)),
    Fact("ilsvrc", "year", _y(2010)),
    Fact("ilsvrc", "classes", 1000, wrong=(2000,)),
    Fact("geforce-256", "year", _y(1999), wrong=(_y(2001),)),
    Fact("geforce-256", "organization", "nvidia"),
    Fact("cuda", "year", _y(2007)),
    Fact("cuda", "organization", "nvidia", wrong=("microsoft",)),
    Fact("tpu", "organization", "google", wrong=("nvidia",)),
    Fact("scaling-law", "year", _y(2020, 1)),
    Fact("scaling-law", "creator", ("jared-kaplan",), wrong=(("jeff-dean",),)),
    Fact("scaling-law", "organization", "openai", wrong=("google",)),
    Fact("mixtral-8x7b", "year", _y(2023, 12)),
    Fact("mixtral-8x7b", "organization", "mistral-ai", wrong=("meta",)),
    Fact("mixtral-8x7b", "parameters", 4.67e10),
    Fact("clip", "year", _y(2021, 1), wrong=(_y(2019),)),
    Fact("clip", "organization", "openai", wrong=("google",)),
    Fact("dall-e-2", "year", _y(2022, 4)),
    Fact("dall-e-2", "organization", "openai"),
    Fact("stable-diffusion", "year", _y(2022, 8), wrong=(_y(2020),)),
    Fact("gpt-4o", "year", _y(2024, 5)),
    Fact("gpt-4o", "organization", "openai"),
    Fact("claude-3", "year", _y(2024, 3), wrong=(_y(2022),)),
    Fact("claude-3", "organization", "anthropic", wrong=("openai",)),
)

FACTS_BY_ENTITY: dict[str, list[Fact]] = defaultdict(list)
for _fact in FACTS:
    FACTS_BY_ENTITY[_fact.entity].append(_fact)
SUBJECTS: tuple[str, ...] = tuple(FACTS_BY_ENTITY)
#: how often a subject comes up in a document (famous works more often)
POPULAR = {
    "alexnet": 5,
    "resnet": 4,
    "transformer": 5,
    "gpt-3": 4,
    "bert": 3,
    "chatgpt": 3,
    "gan": 3,
    "lstm": 3,
}

STYLES = ("timeline", "table", "scrape", "report", "essay")
#: fraction of the contestable facts (stated in >= 3 documents, no false friends) given a wrong value
CONTESTED_SHARE = 0.3
#: share of a contested fact's statements that carry the wrong value (at least one)
PLANTED_SHARE = 0.08
#: chance that a statement of a fact with false friends is written with one
FALSE_FRIEND_RATE = 0.5
#: mean document size in UTF-8 bytes (1,000 documents ≈ 20 MB)
MEAN_BYTES = 20_000
#: share of documents saved as GB18030 instead of UTF-8
GB18030_SHARE = 0.05


#: where subjects without a year fact sit in a chronology (not stated in the text)
UNDATED_ORDER = {"lenet": 1998, "tpu": 2016}


def year_of(entity: str) -> int | None:
    """The subject's true year, for ordering sections (undated subjects by UNDATED_ORDER)."""
    for fact in FACTS_BY_ENTITY[entity]:
        if fact.attribute == "year":
            return fact.value[0]  # type: ignore[index]
    return UNDATED_ORDER.get(entity)


# ---------------------------------------------------------------------------
# Ground-truth records
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    doc_id: str
    start: int
    end: int
    surface: str
    entity_id: str
    listed: bool = True  # False: a spelling the catalog does not list (UNLISTED)


@dataclass(frozen=True)
class Statement:
    """A value written in a document about ``entity``'s ``attribute``.

    ``role`` is ``subject`` for the entity's own value, ``previous_best`` or
    ``runner_up`` for a baseline figure written next to it. ``planted`` marks
    a wrong value; ``false_friend`` names the harmless variant, if any.
    """

    doc_id: str
    entity_id: str
    attribute: str
    value: str  # normalised: "2015-12", "15.3", "1.75e+11", "kaiming-he;..." or an org id
    raw: str  # as written; text[start:end] == raw
    start: int
    end: int
    role: str = "subject"
    planted: bool = False
    false_friend: str | None = None


@dataclass(frozen=True)
class SyntheticDocument:
    doc_id: str
    filename: str
    style: str
    text: str
    encoding: str  # "utf-8" or "gb18030"

    def data(self) -> bytes:
        return self.text.encode(self.encoding)


@dataclass
class Corpus:
    seed: int
    documents: list[SyntheticDocument]
    mentions: list[Mention]
    statements: list[Statement]

    @property
    def planted_pairs(self) -> set[tuple[str, str]]:
        """(entity, attribute) pairs with at least one planted wrong value."""
        return {(s.entity_id, s.attribute) for s in self.statements if s.planted}

    @property
    def false_friend_pairs(self) -> set[tuple[str, str]]:
        """Pairs written with a false friend and never with a wrong value: flags there are false positives."""
        ff = {(s.entity_id, s.attribute) for s in self.statements if s.false_friend}
        return ff - self.planted_pairs

    @property
    def stated_pairs(self) -> set[tuple[str, str]]:
        return {(s.entity_id, s.attribute) for s in self.statements}

    @property
    def links(self) -> dict[str, str]:
        """Every surface written, with the catalog id it stands for."""
        return {m.surface: m.entity_id for m in self.mentions}

    def ground_truth(self) -> dict:
        """JSON-able summary of what was planted."""
        planted = [s for s in self.statements if s.planted]
        ff = Counter(s.false_friend for s in self.statements if s.false_friend)
        return {
            "seed": self.seed,
            "documents": len(self.documents),
            "planted_pairs": sorted(f"{e}/{a}" for e, a in self.planted_pairs),
            "planted_statements": [
                {
                    "doc_id": s.doc_id,
                    "entity": s.entity_id,
                    "attribute": s.attribute,
                    "value": s.value,
                    "raw": s.raw,
                    "start": s.start,
                    "end": s.end,
                }
                for s in planted
            ],
            "false_friend_pairs": sorted(f"{e}/{a}" for e, a in self.false_friend_pairs),
            "false_friend_statements": dict(sorted(ff.items())),
            "links": dict(sorted(self.links.items())),
        }


# ---------------------------------------------------------------------------
# Writing values
# ---------------------------------------------------------------------------


def _decimals(x: float) -> int:
    text = f"{x:g}"
    return len(text.split(".")[1]) if "." in text else 0


def percent_text(x: float, decimals: int | None = None) -> str:
    d = _decimals(x) if decimals is None else decimals
    return f"{x:.{d}f}%"


def rounded_percent(x: float) -> str:
    """One digit less: 15.3 -> 15%, 3.57 -> 3.6% (a rounded figure, not a different one)."""
    return percent_text(round(x, max(_decimals(x) - 1, 0)), max(_decimals(x) - 1, 0))


def complement_percent(x: float) -> str:
    """The accuracy matching an error rate: 15.3 -> 84.7%."""
    d = _decimals(x)
    return percent_text(round(100 - x, d), d)


def chinese_count(n: float) -> str:
    """1.75e11 -> 1750亿, 6e7 -> 6000万, 1.75e12 -> 1.75万亿; 14197122 -> 14,197,122 (no 1419.71万)."""
    for size, unit in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
        if n >= size:
            scaled = n / size
            return f"{scaled:g}{unit}" if round(scaled, 2) == scaled else grouped_count(n)
    return f"{n:g}"


def latin_count(n: float) -> str:
    """1.75e11 -> 175B, 1.17e8 -> 117M."""
    for size, unit in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if n >= size:
            return f"{n / size:g}{unit}"
    return f"{n:g}"


def grouped_count(n: float) -> str:
    return f"{int(n):,}"


def norm_value(attribute: str, value: object) -> str:
    if attribute == "year":
        y, m = value  # type: ignore[misc]
        return f"{y}-{m:02d}" if m else str(y)
    if attribute == "creator":
        return ";".join(value)  # type: ignore[arg-type]
    if attribute == "organization":
        return str(value)
    return f"{float(value):g}"  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Pages: text with recorded spans
# ---------------------------------------------------------------------------


@dataclass
class Page:
    """A document being written; names and values are recorded with their offsets."""

    doc_id: str
    rng: random.Random
    parts: list[str] = field(default_factory=list)
    size: int = 0
    mentions: list[Mention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def name(self, entity_id: str) -> None:
        listed = entity_id not in UNLISTED or self.rng.random() >= UNLISTED_RATE
        surface = self.rng.choice(NAMES[entity_id] if listed else UNLISTED[entity_id])
        self.mentions.append(
            Mention(self.doc_id, self.size, self.size + len(surface), surface, entity_id, listed)
        )
        self.write(surface)

    def value(
        self,
        occ: Occurrence,
        raw: str,
        *,
        value: object = None,
        role: str = "subject",
        false_friend: str | None = None,
        attribute: str | None = None,
    ) -> None:
        attribute = attribute or occ.fact.attribute
        norm = norm_value(attribute, occ.value if value is None else value)
        self.statements.append(
            Statement(
                self.doc_id,
                occ.fact.entity,
                attribute,
                norm,
                raw,
                self.size,
                self.size + len(raw),
                role,
                occ.planted,
                false_friend,
            )
        )
        self.write(raw)

    def names(self, occ: Occurrence, people: tuple[str, ...], joiners: tuple[str, str]) -> None:
        """A list of people or organisations; the span of the list is the statement."""
        start, first_part = self.size, len(self.parts)
        for i, pid in enumerate(people):
            if i:
                self.write(joiners[1] if i == len(people) - 1 else joiners[0])
            self.name(pid)
        raw = "".join(self.parts[first_part:])
        self.statements.append(
            Statement(
                self.doc_id,
                occ.fact.entity,
                occ.fact.attribute,
                norm_value(occ.fact.attribute, occ.value),
                raw,
                start,
                self.size,
                "subject",
                occ.planted,
                occ.false_friend,
            )
        )

    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class Occurrence:
    """One statement of a fact in one document, with the value it will carry."""

    fact: Fact
    value: object
    planted: bool = False
    false_friend: str | None = None


# ---------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------

#: templates by attribute; {e} subject, {v} value, {p} people/organisations, {b} benchmark,
#: {pb} previous best, {ru} runner-up. Values are whole: "2012年", "15.3%", "1750亿", "152层".
SENTENCES: dict[str, tuple[str, ...]] = {
    "year": (
        "{v}，{e}正式问世。",
        "{e}于{v}被提出，很快引起了广泛关注。",
        "{v}发布的{e}改变了此后的研究方向。",
        "回到{v}，{e}的出现几乎没有人预料到。",
    ),
    "creator": (
        "{e}由{p}提出。",
        "{p}等人提出了{e}。",
        "{p}设计了{e}，这项工作后来被反复引用。",
        "{e}的主要发明者是{p}。",
    ),
    "organization": (
        "{p}推出了{e}。",
        "{e}由{p}的团队开发。",
        "{e}是{p}发布的成果。",
        "{p}的研究人员开发了{e}。",
    ),
    "error_rate": (
        "{e}在{b}上的{m}错误率为{v}。",
        "{e}将{b}的{m}错误率降至{v}。",
        "{e}以{v}的{m}错误率在{b}中夺冠。",
        "凭借{v}的{m}错误率，{e}在{b}上大幅领先。",
    ),
    "previous_best": (
        "{e}将{b}的{m}错误率从{pb}降至{v}。",
        "在{b}上，{e}把{m}错误率从{pb}降到了{v}。",
    ),
    "runner_up": (
        "{e}以{v}的{m}错误率夺冠，亚军的{m}错误率为{ru}。",
        "{e}在{b}上的{m}错误率为{v}，第二名则停留在{ru}。",
    ),
    "rounded": (
        "{e}在{b}上的{m}错误率约为{v}。",
        "{e}把{m}错误率压到了{v}左右。",
    ),
    "complement": (
        "{e}在{b}上的{m}准确率达到{v}。",
        "{e}取得了{v}的{m}准确率。",
    ),
    "parameters": (
        "{e}拥有{v}参数。",
        "{e}的参数量达到{v}。",
        "参数规模为{v}的{e}刷新了人们的认知。",
        "{e}（{v}参数）展示了规模的力量。",
    ),
    "layers": (
        "{e}的网络深度达到{v}。",
        "{e}共有{v}，在当时已经相当深。",
        "深达{v}的{e}让训练变得困难。",
    ),
    "dataset_size": (
        "{e}包含{v}张图像。",
        "{e}收录了超过{v}张标注图像。",
    ),
    "classes": (
        "{e}共有{v}个类别。",
        "{e}涵盖{v}个类别。",
    ),
}

#: prose without names or digits: the padding that makes documents long
FILLER: tuple[str, ...] = (
    "这一思路在当时并未得到广泛认可，许多研究者仍然坚持手工设计特征。",
    "从工程角度看，真正的难点在于如何让训练过程稳定下来。",
    "研究团队在有限的算力条件下反复调整超参数，几乎每一轮实验都要等待数天。",
    "事后回看，这项工作的意义远远超出了论文本身的结论。",
    "不少评论者认为，这标志着一个新阶段的开始。",
    "然而，质疑的声音同样存在：模型是否只是记住了训练数据？",
    "学术界与工业界的合作在这一时期变得越来越紧密。",
    "开源社区迅速复现了相关结果，并在此基础上做出了大量改进。",
    "对于非专业读者来说，可以把它理解为一种让机器自己学习特征的方法。",
    "这种设计既简单又有效，后来几乎成为了行业的标准做法。",
    "当时的硬件条件十分有限，研究者只能用各种技巧节省显存。",
    "论文发表之初并没有引起太多关注，直到几年后才被重新发现。",
    "它的核心思想可以用一句话概括：让误差信号逐层传递回去。",
    "许多后续工作都沿用了这一框架，只是在细节上做了调整。",
    "这也提醒我们，算法的突破往往离不开数据和算力的同步进步。",
    "在随后的几年里，类似的方法被迁移到了语音、文本和推荐等领域。",
    "有人将这一时期称为神经网络的“寒冬”，经费和关注度都大幅下降。",
    "与传统统计方法相比，这种模型需要的人工干预要少得多。",
    "研究者们发现，只要数据足够多，模型的表现就会持续提升。",
    "这一结果让很多原本持观望态度的团队也开始投入资源。",
    "值得注意的是，评测方式的差异会让不同论文中的数字难以直接比较。",
    "一些媒体的报道夸大了它的能力，引发了不必要的担忧。",
    "从今天的视角看，这些早期尝试显得稚嫩，却奠定了重要的基础。",
    "训练所需的时间从数周缩短到数天，迭代速度因此大大加快。",
    "这篇论文的引用量在此后持续攀升，成为领域内最有影响力的文献之一。",
    "工程师们很快意识到，部署和推理的成本同样是不可忽视的问题。",
    "围绕安全与伦理的讨论也在这一阶段逐渐升温。",
    "对齐人类偏好成为新的研究热点，相关方法层出不穷。",
    "在产业界，越来越多的公司开始组建专门的研究团队。",
    "这种端到端的学习方式减少了对领域专家经验的依赖。",
    "批评者指出，模型的可解释性仍然是一个悬而未决的问题。",
    "随着规模的扩大，模型开始展现出一些此前没有预料到的能力。",
    "数据的质量往往比数量更重要，这一点在后来被反复验证。",
    "研究者在白板前推导了好几天，才找到让梯度稳定传播的办法。",
    "实验室里的风扇日夜不停地转着，机器的温度一度高得吓人。",
    "这场竞赛的结果公布后，会场上先是一片沉默，随后响起了长时间的掌声。",
    "它证明了一个朴素的道理：足够深的网络配合足够多的数据，能够学到有用的表示。",
    "此后，各大研究机构纷纷调整了自己的技术路线。",
    "这一领域的发展并非一帆风顺，期间经历了多次起伏。",
    "今天的许多应用，追根溯源都可以回到这一时期的探索。",
)

#: residue of formulas and code in scraped pages (no names, no units)
RESIDUE: tuple[str, ...] = (
    "o u t p u t = { 1 if  ∑ w i x i > θ 0 otherwise output = \\left\\{ \\begin{array}{cl} 1 & "
    "\\text{if } \\sum w_i x_i > \\theta \\\\ 0 & \\text{otherwise} \\end{array} \\right. "
    "output={10if wixi>θotherwise",
    "h t = tanh ⁡ ( W h h t − 1 + W x x t ) h_t = \\tanh(W_h h_{t-1} + W_x x_t) ht=tanh(Whht−1+Wxxt)",
    "y = σ ( W x + b ) y = \\sigma(Wx + b) y=σ(Wx+b)",
    "class Net:def __init__(self, dim):self.w = np.zeros(dim)def forward(self, x):return np.dot(self.w, x)",
    "L = − ∑ i y i log ⁡ y ^ i L = -\\sum_i y_i \\log \\hat{y}_i L=−∑iyilogy^i",
    "输入\n隐层\n输出",
)

ERA_NAMES = ((1990, "早期探索"), (2006, "连接主义的复兴"), (2017, "神经网络的崛起"), (9999, "大模型时代"))
CN_NUMERALS = "一二三四五六七八九十"


def era_of(year: int | None) -> str:
    for limit, name in ERA_NAMES:
        if year is not None and year < limit:
            return name
    return ERA_NAMES[-1][1]


# ---------------------------------------------------------------------------
# Rendering facts
# ---------------------------------------------------------------------------


def _render(page: Page, template: str, slots: dict[str, object]) -> None:
    """Write ``template``; each {slot} is text, a name (entity id tuple) or a value callback."""
    for i, piece in enumerate(re.split(r"\{(\w+)\}", template)):
        if i % 2 == 0:
            if piece:
                page.write(piece)
            continue
        slot = slots[piece]
        if callable(slot):
            slot()
        else:
            page.write(str(slot))


def _year_raw(occ: Occurrence, rng: random.Random, *, suffix: bool = True) -> str:
    y, m = occ.value  # type: ignore[misc]
    if not m:
        return f"{y}年" if suffix else str(y)
    if suffix:
        return rng.choice((f"{y}年", f"{y}年{m}月", f"{y}.{m:02d}"))
    return rng.choice((str(y), f"{y}.{m:02d}"))


def _year_value(occ: Occurrence, raw: str) -> object:
    """A month-less form of a dated fact is a coarser statement of the same value."""
    y, m = occ.value  # type: ignore[misc]
    return (y, None) if m and not re.search(r"[.月]", raw) else occ.value


def write_year(page: Page, occ: Occurrence, *, suffix: bool = True, raw: str | None = None) -> None:
    raw = raw or _year_raw(occ, page.rng, suffix=suffix)
    value = _year_value(occ, raw)
    ff = "granularity" if value != occ.value and not occ.planted else None
    page.value(occ, raw, value=value, false_friend=ff)


def _joiners(rng: random.Random) -> tuple[str, str]:
    return rng.choice((("、", "和"), ("、", "、"), (", ", " 和 "), ("，", "与")))


def _credited(occ: Occurrence, rng: random.Random) -> tuple[str, ...]:
    """All of the true creators, or the first of them; a planted value is written whole."""
    people = tuple(occ.value)  # type: ignore[arg-type]
    if occ.planted or len(people) == 1 or rng.random() < 0.6:
        return people
    return people[:1]


def write_fact_sentence(page: Page, occ: Occurrence) -> None:
    """One sentence stating ``occ`` about its subject."""
    fact, rng = occ.fact, page.rng
    subject = lambda: page.name(fact.entity)  # noqa: E731
    attribute = fact.attribute
    if attribute == "year":
        _render(page, rng.choice(SENTENCES["year"]), {"e": subject, "v": lambda: write_year(page, occ)})
        return
    if attribute in ("creator", "organization"):
        if attribute == "creator":
            credited = _credited(occ, rng)
            occ_written = Occurrence(fact, credited, occ.planted, occ.false_friend)
        else:
            occ_written = occ
            credited = (occ.value,)
        slots = {"e": subject, "p": lambda: page.names(occ_written, credited, _joiners(rng))}  # type: ignore[arg-type]
        _render(page, rng.choice(SENTENCES[attribute]), slots)
        return
    if attribute in ("error_rate", "accuracy"):
        _write_rate(page, occ)
        return
    value = float(occ.value)  # type: ignore[arg-type]
    if attribute == "parameters":
        raw = rng.choice((chinese_count(value), latin_count(value)))
    elif attribute == "layers":
        raw = f"{value:g}层"
    elif attribute == "dataset_size":
        raw = rng.choice((chinese_count(value), grouped_count(value)))
        if occ.false_friend == "rounded":
            raw = chinese_count(float(f"{value:.2g}"))
    else:
        raw = f"{value:g}"
    rounded = occ.false_friend == "rounded"
    written = float(f"{value:.2g}") if rounded else value
    ff = "rounded" if rounded else None
    _render(
        page,
        rng.choice(SENTENCES[attribute]),
        {"e": subject, "v": lambda: page.value(occ, raw, value=written, false_friend=ff)},
    )


def _write_rate(page: Page, occ: Occurrence) -> None:
    fact, rng = occ.fact, page.rng
    x = float(occ.value)  # type: ignore[arg-type]
    kind = occ.false_friend or "plain"
    slots: dict[str, object] = {
        "e": lambda: page.name(fact.entity),
        "b": (lambda: page.name(fact.benchmark)) if fact.benchmark else "基准测试",
        "m": fact.metric,
        "v": lambda: page.value(occ, percent_text(x)),
    }
    if kind == "rounded":
        r = rounded_percent(x)
        slots["v"] = lambda: page.value(occ, r, value=float(r.rstrip("%")), false_friend=kind)
    elif kind == "complement":
        c = complement_percent(x)
        slots["v"] = lambda: page.value(
            occ, c, value=float(c.rstrip("%")), attribute="accuracy", false_friend=kind
        )
    elif kind in ("previous_best", "runner_up"):
        base = float(fact.baseline)  # type: ignore[arg-type]
        raw = rng.choice((percent_text(base), rounded_percent(base)))
        slots["pb" if kind == "previous_best" else "ru"] = lambda: page.value(
            occ, raw, value=float(raw.rstrip("%")), role=kind, false_friend=kind
        )
    template = rng.choice(SENTENCES["error_rate" if kind == "plain" else kind])
    _render(page, template, slots)


def write_filler(page: Page, rng: random.Random, n: int) -> None:
    for _ in range(n):
        page.write(rng.choice(FILLER))


# ---------------------------------------------------------------------------
# Documents in five styles
# ---------------------------------------------------------------------------


@dataclass
class Section:
    entity: str
    occurrences: list[Occurrence]
    filler: int = 0

    @property
    def year(self) -> Occurrence | None:
        return next((o for o in self.occurrences if o.fact.attribute == "year"), None)

    @property
    def others(self) -> list[Occurrence]:
        return [o for o in self.occurrences if o.fact.attribute != "year"]


def _sentences(page: Page, occs: list[Occurrence]) -> None:
    for occ in occs:
        write_fact_sentence(page, occ)


def render_timeline(page: Page, sections: list[Section], pad: random.Random) -> None:
    years = [year_of(s.entity) for s in sections if year_of(s.entity)]
    page.write(
        "---\naudio: false\ngenerated: true\nlang: zh\nlayout: post\n"
        f"title: 人工智能发展进程（{min(years, default=1943)}-{max(years, default=2024)}）\n"
        "translated: true\ntype: note\n---\n\n以下是人工智能领域重大突破的详细时间线：\n"
    )
    era = None
    for s in sections:
        if era_of(year_of(s.entity)) != era:
            era = era_of(year_of(s.entity))
            page.write(f"\n## {era}\n")
        page.write("\n- **")
        if s.year:
            write_year(page, s.year)
            page.write("：")
        page.name(s.entity)
        page.write("**——")
        _sentences(page, s.others)
        write_filler(page, pad, s.filler)
        page.write("\n")


def _cell_names(page: Page, occ: Occurrence) -> None:
    people = _credited(occ, page.rng) if occ.fact.attribute == "creator" else (occ.value,)
    written = Occurrence(occ.fact, people, occ.planted, occ.false_friend)
    page.names(written, people, (", ", ", "))  # type: ignore[arg-type]
    if occ.fact.attribute == "creator" and len(people) == 1 and page.rng.random() < 0.4:
        page.write(" 等人")


def render_table(page: Page, sections: list[Section], pad: random.Random) -> None:
    page.write("# 人工智能里程碑\n\n## 发展历程\n\n---\n\n## 详细介绍\n\n")
    page.write("以下是对领域重要成果的简要介绍，旨在为非专业读者提供清晰的概述。\n\n")
    page.write("| 年份   | 名称 | 发明者 | 简介 | 影响 |\n| ------ | ---- | ---- | ---- | ---- |\n")
    notes: list[Section] = []
    for s in sections:
        page.write("| ")
        if s.year:
            write_year(page, s.year)
        page.write(" | ")
        page.name(s.entity)
        page.write(" | ")
        credit = next((o for o in s.others if o.fact.attribute in ("creator", "organization")), None)
        if credit:
            _cell_names(page, credit)
        page.write(" | ")
        rest = [o for o in s.others if o is not credit]
        _sentences(page, rest[:2])
        write_filler(page, pad, 1)
        page.write(" | ")
        write_filler(page, pad, max(1, s.filler // 2))
        page.write(" |\n")
        if rest[2:] or s.filler > 2:
            notes.append(Section(s.entity, rest[2:], s.filler - s.filler // 2))
    page.write("\n### 补充说明\n")
    for s in notes:
        page.write("\n**")
        page.name(s.entity)
        page.write("**\n\n- ")
        _sentences(page, s.occurrences)
        write_filler(page, pad, s.filler)
        page.write("\n")
    page.write(
        "\n---\n\n关键引文\n\n- [Timeline of Machine Learning Wikipedia](https://en.wikipedia.org/wiki/"
        "Timeline_of_machine_learning)\n"
    )


def render_scrape(page: Page, sections: list[Section], pad: random.Random) -> None:
    page.write("当前位置: 首页 > news >正文\n\n神经网络进化史:从神经元的诞生到万亿参数的觉醒\n\n")
    page.write(
        "“神经网络的历程,就是人类教会机器看见、听懂并最终思考的壮丽史诗。” —— 一部硅基智能的创世纪\n\n"
    )
    era, item, chapter = None, 0, 0
    for s in sections:
        if era_of(year_of(s.entity)) != era:
            era = era_of(year_of(s.entity))
            page.write(f"\n{CN_NUMERALS[chapter % 10]}、{era}\n\n")
            chapter, item = chapter + 1, 0
        item += 1
        page.write(f"{item}. ")
        if s.year:
            write_year(page, s.year, suffix=False)
            page.write(":")
        page.name(s.entity)
        page.write(pad.choice(("的突破", "的荣光", "的诞生", "时刻")) + "\n")
        for occ in s.others:
            page.write("  • ")
            write_fact_sentence(page, occ)
            page.write("\n")
        if pad.random() < 0.4:
            page.write(pad.choice(RESIDUE) + "\n")
        for _ in range(max(1, s.filler // 2)):
            page.write("  • ")
            write_filler(page, pad, 2)
            page.write("\n")
        page.write("\n")


def render_report(page: Page, sections: list[Section], pad: random.Random) -> None:
    page.write("# 神经网络历史的系统性研究：从理论奠基到大模型时代的演进逻辑\n\n## 引言\n\n")
    write_filler(page, pad, 4)
    page.write("[1]\n")
    era, ref = None, 1
    for i, s in enumerate(sections, 1):
        if era_of(year_of(s.entity)) != era:
            era = era_of(year_of(s.entity))
            page.write(f"\n## {era}的关键工作\n\n")
            write_filler(page, pad, 2)
            page.write("\n")
        page.write(f"\n### {i}. ")
        page.name(s.entity)
        if s.year:
            page.write(" (")
            write_year(page, s.year, suffix=False)
            page.write(")")
        page.write("\n\n*   **关键论文与作者**: ")
        credit = [o for o in s.others if o.fact.attribute in ("creator", "organization")]
        _sentences(page, credit)
        ref += 1
        page.write(f"[{ref}]\n*   **核心贡献**: ")
        _sentences(page, [o for o in s.others if o not in credit])
        write_filler(page, pad, max(1, s.filler // 2))
        ref += 1
        page.write(f"[{ref}]\n*   **对后续发展的影响**: ")
        write_filler(page, pad, max(1, s.filler - s.filler // 2))
        page.write(f"[{ref + 1}]\n*   **技术局限性**: ")
        write_filler(page, pad, 1)
        page.write("\n")
        ref += 1
    page.write("\n## 参考文献\n\n")
    for n in range(1, ref + 2):
        page.write(f"[{n}] 综述资料第{CN_NUMERALS[n % 10]}部分，在线版本。\n")


def render_essay(page: Page, sections: list[Section], pad: random.Random) -> None:
    page.write(
        "梳理灵感来自于一段论文探索之旅\n\n算力与数据驱动的AI革命:技术演进与关键突破\n\n前言:革命序曲\n\n"
    )
    write_filler(page, pad, 5)
    page.write("\n\nPart 1:模型范式变迁\n")
    chapter = 0
    for i, s in enumerate(sections):
        if i % 3 == 0:
            chapter += 1
            page.write(f"\n1.{chapter} {era_of(year_of(s.entity))}\n")
        page.write(f"\n1.{chapter}.{i % 3 + 1} ")
        if s.year:
            write_year(page, s.year, raw=_essay_year(s.year, page.rng))
            page.write(" ")
        page.name(s.entity)
        page.write(
            ":" + pad.choice(("破冰之战", "一场革命", "关键一步", "新的范式")) + "\n\n(1)核心背景与困境\n\n"
        )
        write_filler(page, pad, max(1, s.filler // 3))
        page.write("\n\n(2)人物与研发故事\n\n")
        credit = [o for o in s.others if o.fact.attribute in ("creator", "organization")]
        _sentences(page, credit)
        write_filler(page, pad, max(1, s.filler // 3))
        page.write("\n\n(3)技术深度解析\n\n")
        _sentences(page, [o for o in s.others if o not in credit])
        write_filler(page, pad, max(1, s.filler - 2 * (s.filler // 3)))
        page.write("\n\n(4)行业影响\n\n")
        write_filler(page, pad, 2)
        page.write("\n")


def _essay_year(occ: Occurrence, rng: random.Random) -> str:
    y, m = occ.value  # type: ignore[misc]
    return rng.choice((f"{y}年", f"{y}.{m:02d}")) if m else f"{y}年"


RENDERERS = {
    "timeline": render_timeline,
    "table": render_table,
    "scrape": render_scrape,
    "report": render_report,
    "essay": render_essay,
}
EXTENSIONS = {"timeline": ".md", "table": ".md", "scrape": ".txt", "report": ".md", "essay": ".txt"}
#: subjects per document, by style (timelines list many, essays go deep)
SUBJECT_COUNTS = {
    "timeline": (12, 24),
    "table": (8, 16),
    "scrape": (6, 12),
    "report": (4, 9),
    "essay": (4, 9),
}
#: chance that a document states a subject's non-year fact
FACT_CHANCE = {"timeline": 0.5, "table": 0.6, "scrape": 0.6, "report": 0.85, "essay": 0.85}


# ---------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------


@dataclass
class _Plan:
    doc_id: str
    style: str
    target_bytes: int
    encoding: str
    sections: list[Section]


def _weighted_sample(rng: random.Random, items: tuple[str, ...], k: int) -> list[str]:
    """k distinct items, popular ones more likely (Efraimidis–Spirakis keys)."""
    keyed = sorted(items, key=lambda it: -(rng.random() ** (1.0 / POPULAR.get(it, 1))))
    return keyed[:k]


def _plan(n_docs: int, rng: random.Random) -> list[_Plan]:
    plans = []
    mu = math.log(MEAN_BYTES) - 0.5**2 / 2
    for i in range(n_docs):
        style = STYLES[i % len(STYLES)] if i < len(STYLES) else rng.choice(STYLES)
        lo, hi = SUBJECT_COUNTS[style]
        subjects = _weighted_sample(rng, SUBJECTS, rng.randint(lo, hi))
        subjects.sort(key=lambda e: (year_of(e) or 0, e))
        sections = []
        for entity in subjects:
            occs = [
                Occurrence(f, f.value)
                for f in FACTS_BY_ENTITY[entity]
                if f.attribute == "year" or rng.random() < FACT_CHANCE[style]
            ]
            sections.append(Section(entity, occs))
        target = int(min(max(rng.lognormvariate(mu, 0.5), 4_000), 80_000))
        encoding = "gb18030" if rng.random() < GB18030_SHARE else "utf-8"
        plans.append(_Plan(f"syn{i:05d}_{style}", style, target, encoding, sections))
    return plans


def _plant(plans: list[_Plan], rng: random.Random) -> None:
    """Give a few contestable facts a wrong value in a minority of their statements,
    and write false friends for the facts that have them."""
    by_fact: dict[tuple[str, str], list[Occurrence]] = defaultdict(list)
    for plan in plans:
        for s in plan.sections:
            for occ in s.occurrences:
                by_fact[occ.fact.key].append(occ)
    contestable = sorted(
        k
        for k, occs in by_fact.items()
        if len(occs) >= 3 and occs[0].fact.wrong and not occs[0].fact.false_friends
    )
    rng.shuffle(contestable)
    contested = contestable[: max(1, round(CONTESTED_SHARE * len(contestable)))] if contestable else []
    for key in sorted(contested):
        occs = by_fact[key]
        wrong = rng.choice(occs[0].fact.wrong)
        for occ in rng.sample(occs, max(1, int(PLANTED_SHARE * len(occs)))):
            occ.value, occ.planted = wrong, True
    for key in sorted(by_fact):
        for occ in by_fact[key]:
            fact = occ.fact
            if fact.false_friends and rng.random() < FALSE_FRIEND_RATE:
                occ.false_friend = rng.choice(fact.false_friends)
                if occ.false_friend in ("parent_org", "child_org"):
                    occ.value = fact.related_org


def _render_doc(plan: _Plan, seed: str, filler_per_section: int) -> Page:
    for s in plan.sections:
        s.filler = filler_per_section
    page = Page(plan.doc_id, random.Random(f"{seed}:{plan.doc_id}:words"))
    RENDERERS[plan.style](page, plan.sections, random.Random(f"{seed}:{plan.doc_id}:filler"))
    return page


#: average UTF-8 bytes of one filler sentence
_FILLER_BYTES = sum(len(s.encode()) for s in FILLER) / len(FILLER)


def generate_corpus(n_docs: int, seed: int = 7) -> Corpus:
    """``n_docs`` synthetic documents with their ground truth; deterministic for (n_docs, seed)."""
    rng = random.Random(f"corpus:{seed}:{n_docs}")
    plans = _plan(n_docs, rng)
    _plant(plans, rng)
    documents, mentions, statements = [], [], []
    for plan in plans:
        bare = _render_doc(plan, str(seed), 0)
        missing = plan.target_bytes - len(bare.text().encode())
        per_section = max(1, math.ceil(missing / _FILLER_BYTES / max(len(plan.sections), 1)))
        page = _render_doc(plan, str(seed), per_section)
        text = page.text()
        documents.append(
            SyntheticDocument(
                plan.doc_id, plan.doc_id + EXTENSIONS[plan.style], plan.style, text, plan.encoding
            )
        )
        mentions.extend(page.mentions)
        statements.extend(page.statements)
    return Corpus(seed, documents, mentions, statements)
