"""Match keys: spellings of one name share a key; versions and specialisations do not."""

from __future__ import annotations

import pytest

from pipeline.resolve.keys import name_form, version_of
from pipeline.resolve.rules import load_rules

RULES = load_rules()


def key(surface: str, person: bool = False) -> str:
    return name_form(surface, RULES, person).key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("DALL·E", "DALL-E"),
        ("ＤＡＬＬ－Ｅ", "dall e"),
        ("LLaMA", "Llama"),
        ("GANs", "GAN"),
        ("LLMs", "LLM"),
        ("Transformer架构", "Transformer"),
        ("Transformer model", "Transformer"),
        ("BERT模型", "BERT"),
        ("GPT系列", "GPT"),
        ("ResNet（残差网络）", "ResNet"),
        ("AlexNet（2012）", "AlexNet"),
        ("OpenAI公司", "OpenAI"),
        ("Google Brain团队", "Google Brain"),
        ("谷歌公司", "谷歌"),
        ("Google Inc.", "Google"),
        ("卷積神經網絡", "卷积神经网络"),
        ("微軟亞洲研究院", "微软亚洲研究院"),
        ("《Attention Is All You Need》", "Attention is all you need"),
        ("GPT-4", "GPT 4"),
        ("DALL-E 2", "DALL-E2"),
    ],
)
def test_spellings_of_one_name_share_a_key(a: str, b: str) -> None:
    assert key(a) == key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("GPT-4", "GPT-4V"),
        ("GPT-4", "GPT-4o"),
        ("GPT-3", "GPT-3.5"),
        ("DALL-E", "DALL-E 2"),
        ("Claude", "Claude 3"),
        ("LLaMA 2", "LLaMA 3"),
        ("ResNet", "ResNet-152"),
        ("ZeRO", "ZeRO-3"),
        ("卷积神经网络", "卷积神经"),
        ("ImageNet竞赛", "ImageNet"),  # 竞赛 is not a descriptive suffix
    ],
)
def test_different_things_keep_different_keys(a: str, b: str) -> None:
    assert key(a) != key(b)


def test_chinese_words_are_not_stripped_from_chinese_names() -> None:
    assert key("卷积神经网络") == "卷积神经网络"
    assert key("混合专家模型") == "混合专家模型"


def test_parenthetical_gloss_is_kept_as_inner_key() -> None:
    form = name_form("卷积神经网络（CNN）", RULES)
    assert (form.key, form.inner_key) == ("卷积神经网络", "cnn")
    assert name_form("AlexNet（2012）", RULES).inner_key is None


def test_version_signature_keeps_letters_glued_to_digits() -> None:
    assert version_of(("gpt", "4", "v")) == ("4v",)
    assert version_of(("mixtral", "8", "x", "7", "b")) == ("8x", "7b")
    assert version_of(("gpt", "4", "turbo")) == ("4",)
    assert version_of(("claude",)) == ()
    assert name_form("GPT-3.5", RULES).version == ("3.5",)


def test_person_suffixes_and_middle_initials_are_dropped() -> None:
    assert key("Kaiming He 等人", person=True) == key("Kaiming He", person=True)
    assert key("何恺明团队", person=True) == key("何恺明", person=True)
    assert key("Hinton et al.", person=True) == "hinton"
    assert key("Geoffrey E. Hinton", person=True) == key("Geoffrey Hinton", person=True)


def test_person_suffixes_do_not_apply_to_other_types() -> None:
    assert name_form("Hinton教授", RULES, person=True).core == "Hinton"
    assert name_form("Transformer等", RULES).core == "Transformer等"


def test_punctuation_only_surface_still_has_a_key() -> None:
    assert key("——") != ""
