"""Discovery finds names, not fragments: general tests on where a candidate name
stands (inside a word, a table's cells, an equation, code, a link's site), not a
list of today's fragments."""

from __future__ import annotations

import pytest

from tests.helpers.extraction import extract_rows


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
