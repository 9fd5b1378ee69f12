"""Person names: pinyin, name order, compound surnames, initials, particles."""

from __future__ import annotations

import pytest

from pipeline.resolve.keys import name_form
from pipeline.resolve.person_names import is_pinyin_word, person_name
from pipeline.resolve.rules import load_rules

RULES = load_rules()


def parse(surface: str):
    return person_name(name_form(surface, RULES, person=True).core, RULES)


@pytest.mark.parametrize(
    "names",
    [
        ("何恺明", "何凯明", "Kaiming He", "He Kaiming", "Kaiming He 等人"),
        ("李飞飞", "Fei-Fei Li", "Li Fei-Fei", "李飛飛"),
        ("周志华", "Zhihua Zhou", "Zhou Zhihua"),
        ("Yann LeCun", "Yann Le Cun"),
    ],
)
def test_one_person_one_order_key(names: tuple[str, ...]) -> None:
    assert len({parse(n).order_key for n in names}) == 1


def test_chinese_name_parts() -> None:
    he = parse("何恺明")
    assert (he.script, he.surname, he.given) == ("han", "he", "kaiming")
    assert parse("欧阳修").surname == "ouyang"
    assert parse("曾国藩").surname == "zeng"  # surname reading, not the common "ceng"
    assert parse("单雄信").surname == "shan"


def test_tone_key_separates_homographs_of_romanisation() -> None:
    assert parse("李明").tone_key != parse("黎明").tone_key
    assert parse("何恺明").tone_key == parse("何凯明").tone_key


def test_transliterated_names_key_on_the_last_segment_and_on_their_sound() -> None:
    hinton = parse("杰弗里·辛顿")
    assert (hinton.script, hinton.surname, hinton.order_key) == ("han_foreign", "辛顿", "~jiefuli xindun")
    assert parse("伊恩·古德费罗").order_key == parse("伊恩·古德费洛").order_key
    assert parse("杰弗里•辛顿").surname == "辛顿"


def test_surname_only_and_initials_are_not_full_names() -> None:
    assert not parse("Hinton").is_full
    assert not parse("G. Hinton").is_full
    assert parse("G. Hinton").given == "g"
    assert parse("Geoffrey Hinton").is_full


def test_romanised_chinese_names_are_recognised() -> None:
    assert is_pinyin_word("xiangyu") and is_pinyin_word("zhuang")
    assert not is_pinyin_word("hinton") and not is_pinyin_word("")
    assert parse("Xiangyu Zhang").romanised_chinese
    assert parse("张祥雨").romanised_chinese
    assert not parse("Geoffrey Hinton").romanised_chinese
