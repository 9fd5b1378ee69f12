"""Each normalisation rule on small hand-written claim sets (shaped like resolved claims).

Several cases are ones where a naive comparison of ``value_norm`` strings would
raise a false alarm; they assert that no high/medium contradiction appears.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.catalog.facts import load_reference
from pipeline.reconcile import reconcile
from pipeline.reconcile.observations import written_precision
from tests.helpers.reconcile import CATALOG, claim, credit, pct, rows, run, severity, year

# --- numbers and their written precision ------------------------------------------------


def test_rounded_figure_is_low_not_a_conflict():
    result = run([pct("a", "vgg", "26"), pct("b", "vgg", "26.2")])
    assert severity(result, "vgg", "error_rate") == "low"
    assert "precision" in rows(result, "vgg", "error_rate").iloc[0].explanation


def test_figures_beyond_rounding_conflict():
    result = run([pct("a", "vgg", "7.3", metric="top-5"), pct("b", "vgg", "8.1", metric="top-5")])
    assert severity(result, "vgg", "error_rate") == "high"


def test_chinese_and_latin_magnitudes_are_the_same_count():
    result = run(
        [
            claim("a", "gpt-3", "parameters", "1750亿", norm="1.75e11", num=1.75e11, precision=1e8),
            claim("b", "gpt-3", "parameters", "175B", norm="175000000000", num=1.75e11, precision=1e9),
            claim("c", "gpt-3", "parameters", "1,750亿", norm="1.75e11", num=1.75e11),
        ]
    )
    assert result.contradictions.empty


def test_precision_is_read_from_the_written_value_when_missing():
    assert written_precision("26.2%", 26.2) == pytest.approx(0.1)
    assert written_precision("1750亿", 1.75e11) == pytest.approx(1e8)
    assert written_precision("1.8万亿", 1.8e12) == pytest.approx(1e11)
    assert written_precision("175B", 1.75e11) == pytest.approx(1e9)
    result = run(
        [
            claim("a", "vgg", "error_rate", "26%", num=26.0, unit="%"),
            claim("b", "vgg", "error_rate", "26.2%", num=26.2, unit="%"),
        ]
    )
    assert severity(result, "vgg", "error_rate") == "low"


def test_lower_bound_agrees_with_any_larger_figure():
    result = run(
        [
            claim("a", "imagenet", "dataset_size", "超过1400万", num=1.4e7, precision=1e6, bound="at_least"),
            claim("b", "imagenet", "dataset_size", "1500万", num=1.5e7, precision=1e6),
        ]
    )
    assert severity(result, "imagenet", "dataset_size") in (None, "low")


def test_written_range_contains_a_point():
    result = run(
        [
            claim("a", "gpt-4", "parameters", "1至1.8万亿", norm="1e12/1.8e12", num=1e12, precision=1e11),
            claim("b", "gpt-4", "parameters", "1.8万亿", num=1.8e12, precision=1e11),
        ]
    )
    assert severity(result, "gpt-4", "parameters") == "low"


# --- error vs accuracy ------------------------------------------------------------------


def test_accuracy_is_compared_as_error_and_the_explanation_says_so():
    result = run(
        [pct("a", "vgg", "84", attribute="accuracy", metric="top-5"), pct("b", "vgg", "15.3", metric="top-5")]
    )
    assert len(result.contradictions) == 1  # accuracy and error are one quantity: one row
    row = result.contradictions.iloc[0]
    assert row.attribute == "error_rate" and row.severity == "high"  # 16% ± 0.5 vs 15.3%, one metric
    assert "100 − x" in row.explanation and "84% accuracy" in row.explanation


def test_accuracy_matching_error_after_conversion_is_not_raised():
    result = run(
        [
            pct("a", "vgg", "84.7", attribute="accuracy", metric="top-5"),
            pct("b", "vgg", "15.3", metric="top-5"),
        ]
    )
    assert result.contradictions.empty


def test_top1_accuracy_vs_top5_error_is_a_known_qualifier_difference():
    result = run(
        [
            pct("a", "vgg", "62.5", attribute="accuracy", metric="top-1"),
            pct("b", "vgg", "15.3", metric="top-5"),
        ]
    )
    row = rows(result, "vgg", "accuracy").iloc[0]
    assert row.severity == "low" and "top-1" in row.explanation


def test_missing_metric_makes_a_conflict_medium_not_high():
    result = run([pct("a", "vgg", "16.4"), pct("b", "vgg", "15.3", metric="top-5")])
    assert severity(result, "vgg", "error_rate") == "medium"


def test_a_split_or_subset_smaller_than_the_whole_agrees_with_it():
    """1,281,167 training images and 1,034,908 with bounding boxes are parts of ImageNet's 14,197,122."""
    whole = claim("a", "imagenet", "dataset_size", "14,197,122", num=14197122, precision=1, unit="images")
    train = claim("b", "imagenet", "dataset_size", "1281167", num=1281167, precision=1, unit="images",
                  split="train")  # fmt: skip
    boxed = claim("c", "imagenet", "dataset_size", "1,034,908", num=1034908, precision=1, unit="images",
                  subset="with bounding box annotations")  # fmt: skip
    for part in (train, boxed):
        result = run([whole, part])
        assert severity(result, "imagenet", "dataset_size") == "low"
        assert "counts a part" in rows(result, "imagenet", "dataset_size").iloc[0].explanation
    bigger = claim("d", "imagenet", "dataset_size", "15,000,000", num=1.5e7, precision=1e6, unit="images",
                   split="train")  # fmt: skip
    assert severity(run([whole, bigger]), "imagenet", "dataset_size") == "medium"  # a part above its whole


def test_a_figure_said_of_models_like_the_work_makes_no_high_row():
    a = claim("a", "bert", "parameters", "0.5B", num=5e8, precision=1e8, kind_of=True)
    b = claim("b", "bert", "parameters", "340M", num=3.4e8, precision=1e6)
    result = run([a, b])
    assert severity(result, "bert", "parameters") == "medium"
    assert "models like" in rows(result, "bert", "parameters").iloc[0].explanation
    b2 = claim("c", "bert", "parameters", "0.5B", num=5e8, precision=1e8)
    assert severity(run([b2, b]), "bert", "parameters") == "high"


@pytest.mark.parametrize("qual", [{"split": "train"}, {"ensemble": False}, {"benchmark": "ILSVRC-2010"}])
def test_other_qualifier_differences_are_low(qual):
    base = {"metric": "top-5", "split": "test", "ensemble": True, "benchmark": "ILSVRC-2012"}
    result = run([pct("a", "vgg", "7.3", **base), pct("b", "vgg", "9.9", **{**base, **qual})])
    assert severity(result, "vgg", "error_rate") == "low"


def test_benchmark_family_without_year_counts_as_missing():
    result = run(
        [
            pct("a", "vgg", "7.3", metric="top-5", benchmark="ImageNet"),
            pct("b", "vgg", "9.9", metric="top-5", benchmark="ILSVRC-2014"),
        ]
    )
    assert severity(result, "vgg", "error_rate") == "medium"


# --- a value and its qualifier as a pair -------------------------------------------------


def test_runner_up_error_is_not_the_subjects_error():
    result = run(
        [
            pct("a", "vgg", "7.3", metric="top-5"),
            pct("b", "vgg", "7.3", metric="top-5"),
            pct("b", "vgg", "6.7", metric="top-5", role="runner_up"),
        ]
    )
    assert result.contradictions.empty


def test_role_values_are_compared_with_the_same_role_in_their_own_row():
    result = run(
        [
            pct("a", "vgg", "7.3", metric="top-5"),
            pct("a", "vgg", "6.7", metric="top-5", role="runner_up"),
            pct("b", "vgg", "7.3", metric="top-5"),
            pct("b", "vgg", "11.2", metric="top-5", role="runner_up"),
        ]
    )
    assert severity(result, "vgg", "error_rate") is None
    assert severity(result, "vgg", "error_rate", facet="role=runner_up") == "high"


# --- dates: granularity and ranges -------------------------------------------------------


def test_month_agrees_with_its_year():
    result = run(
        [
            year("a", "resnet", "2015.12", "2015-12", granularity="month"),
            year("b", "resnet", "2015年", "2015", granularity="year"),
        ]
    )
    assert severity(result, "resnet", "year") == "low"


def test_year_inside_a_range_agrees():
    result = run(
        [
            year("a", "gpt-4v", "2023-2024年", "2023/2024", granularity="range"),
            year("b", "gpt-4v", "2024年", "2024", granularity="year"),
        ]
    )
    assert severity(result, "gpt-4v", "year") == "low"


def test_decade_range_contains_its_end_year():
    result = run(
        [
            year("a", "backpropagation", "1970s-1986", "1970/1986", granularity="range"),
            year("b", "backpropagation", "1986年", "1986"),
        ]
    )
    assert severity(result, "backpropagation", "year") == "low"


def test_adjacent_years_are_medium_distant_years_high():
    def lstm(doc, y):
        return year(doc, "lstm", f"{y}年", y, dates="introduced")

    adjacent = run([lstm("a", "1997"), lstm("b", "1998")])
    assert severity(adjacent, "lstm", "year") == "medium"
    distant = run([lstm("a", "1997"), lstm("b", "2001")])
    assert severity(distant, "lstm", "year") == "high"


def test_a_year_no_word_ties_to_the_making_is_compared_cautiously():
    # "2001年，LSTM被用于…" dates something done with LSTM, not LSTM
    result = run(
        [year("a", "lstm", "1997年", "1997", dates="introduced"), year("b", "lstm", "2001年", "2001")]
    )
    row = rows(result, "lstm", "year").iloc[0]
    assert row.severity == "low" and row.rule == "unstated_event"
    assert "year of running text not tied to its making" in row.explanation


def test_identical_years_are_not_raised():
    result = run([year("a", "gan", "2014年", "2014"), year("b", "gan", "2014", "2014")])
    assert result.contradictions.empty


# --- people and organisations ------------------------------------------------------------


def test_part_of_an_organisation_is_not_a_conflict():
    result = run(
        [
            credit("a", "transformer", "organization", "google-brain"),
            credit("b", "transformer", "organization", "google"),
        ]
    )
    assert severity(result, "transformer", "organization") == "low"
    assert "hierarchy" in rows(result, "transformer", "organization").iloc[0].explanation


def test_unrelated_organisations_conflict():
    result = run(
        [credit("a", "gpt-3", "organization", "openai"), credit("b", "gpt-3", "organization", "deepmind")]
    )
    assert severity(result, "gpt-3", "organization") == "high"


def test_et_al_does_not_contradict_the_full_author_list():
    full = "Vaswani、Shazeer等8位作者"
    result = run(
        [
            credit("a", "transformer", "creator", "ashish-vaswani", "Vaswani等人发表", et_al=True),
            credit("b", "transformer", "creator", "ashish-vaswani", full, n_named=2),
            credit("b", "transformer", "creator", "noam-shazeer", full, n_named=2),
        ]
    )
    assert rows(result, "transformer", "creator").empty


def test_team_credit_overlapping_a_list_is_at_most_low():
    result = run(
        [
            credit("a", "alexnet", "creator", "geoffrey-hinton", "Hinton团队", team=True),
            credit("b", "alexnet", "creator", "alex-krizhevsky", "Krizhevsky、Sutskever和Hinton"),
            credit("b", "alexnet", "creator", "ilya-sutskever", "Krizhevsky、Sutskever和Hinton"),
            credit("b", "alexnet", "creator", "geoffrey-hinton", "Krizhevsky、Sutskever和Hinton"),
        ]
    )
    assert severity(result, "alexnet", "creator") in (None, "low")


def test_disjoint_complete_credit_lists_conflict():
    result = run(
        [credit("a", "gan", "creator", "ian-goodfellow"), credit("b", "gan", "creator", "yann-lecun")]
    )
    assert severity(result, "gan", "creator") == "high"


def test_unlinked_names_are_compared_by_name():
    result = run(
        [claim("a", "gan", "creator", "Ian Goodfellow"), claim("b", "gan", "creator", "ian goodfellow")]
    )
    assert result.contradictions.empty


# --- within one source, ids, robustness --------------------------------------------------


def test_a_document_disagreeing_with_itself_is_within_source():
    result = run(
        [
            year("a", "backpropagation", "1987年", "1987", dates="introduced"),
            {
                **year("a", "backpropagation", "1986年", "1986", dates="published"),
                "evidence": "1986年发表论文",
            },
        ]
    )
    assert severity(result, "backpropagation", "year", kind="within_source") == "medium"
    assert severity(result, "backpropagation", "year", kind="cross_source") is None


def test_contradiction_id_is_stable_when_values_change():
    first = run([pct("a", "vgg", "7.3", metric="top-5"), pct("b", "vgg", "8.1", metric="top-5")])
    second = run([pct("a", "vgg", "7.3", metric="top-5"), pct("c", "vgg", "9.0", metric="top-5")])
    assert (
        rows(first, "vgg", "error_rate").contradiction_id.tolist()
        == rows(second, "vgg", "error_rate").contradiction_id.tolist()
    )
    stated = {"metric": "top-5", "benchmark": "ILSVRC-2012", "split": "test", "ensemble": True}
    reference = run([pct("a", "alexnet", "40.0", **stated)], reference=load_reference())
    assert rows(reference, "alexnet", "error_rate", "reference").contradiction_id.iloc[0] not in set(
        first.contradictions.contradiction_id
    )


def test_same_input_same_output():
    claims = [
        pct("a", "vgg", "7.3", metric="top-5"),
        pct("b", "vgg", "8.1"),
        year("a", "lstm", "1997年", "1997"),
        year("b", "lstm", "1999年", "1999"),
    ]
    one, two = run(claims), run(list(reversed(claims)))
    pd.testing.assert_frame_equal(one.contradictions, two.contradictions)
    pd.testing.assert_frame_equal(one.extra_tables["consensus"], two.extra_tables["consensus"])


def test_malformed_qualifiers_give_a_warning_not_a_crash():
    result = run(
        [
            claim("a", "vgg", "error_rate", "7.3%", num=7.3, qualifiers="{not json"),
            claim("b", "vgg", "error_rate", "7.3%", num=7.3, qualifiers="[1, 2]"),
            claim("c", "vgg", "year", "某年", norm="unknown"),
        ]
    )
    assert any("not JSON" in w for w in result.warnings)
    assert any("not a JSON object" in w for w in result.warnings)
    assert any("could not be normalised" in w for w in result.warnings)
    assert result.contradictions.empty


def test_no_claims_gives_empty_typed_tables():
    result = reconcile(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), CATALOG, [])
    assert result.contradictions.empty
    assert {"contradiction_id", "review_status", "facet"} <= set(result.contradictions.columns)
    assert result.extra_tables["consensus"].empty
    assert result.extra_tables["source_reliability"].empty


def test_round_counts_keep_their_trailing_zeros_insignificant():
    result = run(
        [
            claim("a", "imagenet", "dataset_size", "1400万", num=1.4e7, unit="images", precision=1e4),
            claim("b", "imagenet", "dataset_size", "14,197,122", num=14197122.0, unit="images"),
        ]
    )
    assert severity(result, "imagenet", "dataset_size") == "low"


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (("7万", 7e4), ("10万", 1e5), "high"),  # 10万 is not 70,000 rounded
        (("6000万", 6e7), ("6230万", 6.23e7), "low"),  # 60 million is 62.3 million rounded
        (("10万", 1e5), ("9.7万", 9.7e4), "low"),
    ],
)
def test_trailing_zeros_round_no_looser_than_about(a, b, expected):
    result = run(
        [
            claim("a", "mnist", "dataset_size", a[0], num=a[1], unit="images"),
            claim("b", "mnist", "dataset_size", b[0], num=b[1], unit="images"),
        ]
    )
    assert severity(result, "mnist", "dataset_size") == expected


def test_rounding_intervals_are_half_open():
    # 77% accuracy = 23% error (22.5–23.5) and 22% (21.5–22.5) share no value
    result = run(
        [pct("a", "vgg", "77", attribute="accuracy", metric="top-5"), pct("b", "vgg", "22", metric="top-5")]
    )
    assert severity(result, "vgg", "accuracy") == "high"


def test_accuracy_rows_label_the_error_claims_they_compare_with():
    result = run([pct("a", "vgg", "84", attribute="accuracy"), pct("b", "vgg", "15.3")])
    values = rows(result, "vgg", "accuracy").iloc[0]["values"]
    assert "15.3% error" in values and any("84% accuracy" in v for v in values)


def test_role_relative_to_another_subject_is_its_own_facet():
    facet = "role=previous_best;relative_to=AlexNet"
    result = run(
        [
            pct("a", "ilsvrc", "26", role="previous_best", relative_to="AlexNet"),
            pct("b", "ilsvrc", "26.2", role="previous_best", relative_to="AlexNet"),
            pct("b", "ilsvrc", "3.6", role="previous_best", relative_to="SENet"),
        ]
    )
    row = rows(result, "ilsvrc", "error_rate", facet=facet).iloc[0]
    assert row.severity == "low" and "relative to AlexNet" in row.explanation


def test_disjoint_credit_lists_that_a_third_source_names_together_are_parts_of_one_credit():
    together = [
        credit("c", "alexnet", "creator", p) for p in ("alex-krizhevsky", "ilya-sutskever", "geoffrey-hinton")
    ]
    apart = [
        credit("a", "alexnet", "creator", "alex-krizhevsky"),
        credit("b", "alexnet", "creator", "geoffrey-hinton"),
        credit("b", "alexnet", "creator", "ilya-sutskever"),
    ]
    row = rows(run(apart + together), "alexnet", "creator").iloc[0]
    assert row.severity == "low" and row.rule == "partial_lists"
    assert "names them together" in row.explanation
    # without the third source, the two lists share no name: a conflict
    assert severity(run(apart), "alexnet", "creator") == "high"
