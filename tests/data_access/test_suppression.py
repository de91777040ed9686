"""Primary suppression (DESIGN §4): counts 1..threshold−1 become `c`, zero stays 0.

Expected rows are worked out by hand for threshold 5: a count of 1 to 4 is small.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from data_access.suppression import CONFIDENTIAL, suppress

C = CONFIDENTIAL
CHILD_RATE = ("numerator", "denominator")
AVERAGE = ("denominator",)
PUPILS = ("pupils",)


def rate_row(numerator: int, denominator: int) -> pd.DataFrame:
    value = numerator / denominator * 100 if denominator else math.nan
    return pd.DataFrame(
        {
            "academic_year": ["2020/21"],
            "series": ["selection"],
            "numerator": [numerator],
            "denominator": [denominator],
            "value": [value],
        }
    )


def shown(frame: pd.DataFrame) -> list[object]:
    row = frame.iloc[0]
    return [row["numerator"], row["denominator"], row["value"]]


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        pytest.param(0, 10, [0, 10, 0.0], id="0 of 10 shown as 0"),
        pytest.param(1, 10, [C, 10, C], id="1 of 10 hides numerator and value"),
        pytest.param(4, 10, [C, 10, C], id="4 of 10 hides numerator and value"),
        pytest.param(5, 10, [5, 10, 50.0], id="5 of 10 shown"),
        pytest.param(10, 10, [10, 10, 100.0], id="10 of 10 shown"),
        pytest.param(4, 5, [C, 5, C], id="4 of 5 hides numerator and value"),
        pytest.param(5, 5, [5, 5, 100.0], id="5 of 5 shown"),
        pytest.param(0, 4, [C, C, C], id="0 of 4 hides the row"),
        pytest.param(1, 4, [C, C, C], id="1 of 4 hides the row"),
        pytest.param(4, 4, [C, C, C], id="4 of 4 hides the row"),
        pytest.param(1, 1, [C, C, C], id="1 of 1 hides the row"),
    ],
)
def test_child_rate_with_threshold_five(numerator, denominator, expected):
    result = suppress(rate_row(numerator, denominator), CHILD_RATE, 5)

    assert shown(result) == expected


def test_a_shown_zero_is_the_number_zero_not_a_symbol():
    result = suppress(rate_row(0, 10), CHILD_RATE, 5)

    numerator, denominator, value = shown(result)
    assert numerator == 0 and not isinstance(numerator, str)
    assert value == 0.0 and not isinstance(value, str)
    assert denominator == 10 and not isinstance(denominator, str)


def test_zero_of_zero_is_not_suppressed():
    result = suppress(rate_row(0, 0), CHILD_RATE, 5)

    numerator, denominator, value = shown(result)
    assert (numerator, denominator) == (0, 0)
    assert math.isnan(value)


def test_labels_are_never_touched():
    result = suppress(rate_row(4, 4), CHILD_RATE, 5)

    assert result.iloc[0]["academic_year"] == "2020/21"
    assert result.iloc[0]["series"] == "selection"


def test_each_row_is_judged_on_its_own():
    frame = pd.DataFrame(
        {
            "area_code": ["north", "east", "south", "west"],
            "numerator": [4, 6, 0, 2],
            "denominator": [10, 12, 10, 3],
            "value": [40.0, 50.0, 0.0, 66.7],
        }
    )

    result = suppress(frame, CHILD_RATE, 5)

    assert result[["numerator", "denominator", "value"]].values.tolist() == [
        [C, 10, C],
        [6, 12, 50.0],
        [0, 10, 0.0],
        [C, C, C],
    ]
    assert result["area_code"].tolist() == ["north", "east", "south", "west"]


def test_overall_absence_row_with_three_pupils_hides_sessions_and_rate():
    frame = pd.DataFrame(
        {
            "academic_year": ["2020/21", "2021/22"],
            "numerator": [57, 120],
            "denominator": [1140, 2280],
            "value": [5.0, 5.3],
            "pupils": [3, 6],
        }
    )

    result = suppress(frame, PUPILS, 5)

    assert result[["numerator", "denominator", "value", "pupils"]].values.tolist() == [
        [C, C, C, C],
        [120, 2280, 5.3, 6],
    ]


def test_a_small_number_of_sessions_is_not_a_count_of_children():
    """Overall absence counts pupils only: 3 sessions missed by 10 pupils is publishable."""
    frame = pd.DataFrame({"numerator": [3], "denominator": [1900], "value": [0.2], "pupils": [10]})

    result = suppress(frame, PUPILS, 5)

    assert result.iloc[0].tolist() == [3, 1900, 0.2, 10]


def test_zero_pupils_is_shown():
    frame = pd.DataFrame({"numerator": [0], "denominator": [0], "value": [None], "pupils": [0]})

    result = suppress(frame, PUPILS, 5)

    assert result.iloc[0]["pupils"] == 0
    assert result.iloc[0]["numerator"] == 0


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        pytest.param(136.0, 4, [C, C, C], id="4 pupils hide the average"),
        pytest.param(170.0, 5, [170.0, 5, 34.0], id="5 pupils shown"),
    ],
)
def test_an_average_is_hidden_by_a_small_number_of_pupils(numerator, denominator, expected):
    frame = pd.DataFrame({"numerator": [numerator], "denominator": [denominator], "value": [34.0]})

    result = suppress(frame, AVERAGE, 5)

    assert shown(result) == expected


def test_a_small_sum_of_scores_is_not_a_count():
    """Progress 8 sums can be tiny or negative; only the pupils behind them are counted."""
    frame = pd.DataFrame({"numerator": [2.0], "denominator": [20], "value": [0.1]})

    result = suppress(frame, AVERAGE, 5)

    assert shown(result) == [2.0, 20, 0.1]


def test_threshold_one_hides_nothing():
    frame = pd.DataFrame(
        {
            "numerator": [0, 1, 4, 1],
            "denominator": [10, 10, 4, 1],
            "value": [0.0, 10.0, 100.0, 100.0],
            "pupils": [10, 10, 4, 1],
        }
    )

    result = suppress(frame, (*CHILD_RATE, "pupils"), 1)

    assert result.values.tolist() == frame.values.tolist()
    assert C not in result.values.ravel().tolist()


def test_a_higher_threshold_hides_more():
    result = suppress(rate_row(9, 20), CHILD_RATE, 10)

    assert shown(result) == [C, 20, C]
    assert shown(suppress(rate_row(10, 20), CHILD_RATE, 10)) == [10, 20, 50.0]
    assert shown(suppress(rate_row(10, 9), CHILD_RATE, 10)) == [C, C, C]


def test_the_input_frame_is_not_modified():
    frame = pd.DataFrame(
        {
            "area_code": ["north", "east"],
            "numerator": [4, 20],
            "denominator": [4, 50],
            "value": [100.0, 40.0],
            "pupils": [2, 50],
        }
    )
    before = frame.copy()

    result = suppress(frame, (*CHILD_RATE, "pupils"), 5)

    pd.testing.assert_frame_equal(frame, before)
    assert result is not frame
    assert result.iloc[0]["numerator"] == C


def test_counts_missing_from_the_frame_are_ignored():
    frame = pd.DataFrame({"numerator": [4], "denominator": [10], "value": [40.0]})

    result = suppress(frame, (*CHILD_RATE, "pupils"), 5)

    assert shown(result) == [C, 10, C]


def test_published_benchmark_rows_without_counts_keep_their_values_and_symbols():
    frame = pd.DataFrame(
        {
            "series": ["selection", "england", "england"],
            "numerator": pd.Series([3, None, None], dtype=object),
            "denominator": pd.Series([30, None, None], dtype=object),
            "value": pd.Series([10.0, 12.5, "x"], dtype=object),
        }
    )

    result = suppress(frame, CHILD_RATE, 5)

    assert result["value"].tolist() == [C, 12.5, "x"]
    assert result["numerator"].tolist()[0] == C


def test_an_empty_frame_stays_empty():
    frame = pd.DataFrame(
        {"numerator": pd.Series([], dtype="int64"), "denominator": [], "value": []}
    )

    result = suppress(frame, CHILD_RATE, 5)

    assert result.empty
    assert list(result.columns) == ["numerator", "denominator", "value"]


def test_a_small_count_in_any_named_column_is_itself_hidden():
    """A count column outside numerator/denominator/value/pupils (e.g. training attendees).

    The docstring says a small base hides every figure in the row; the base itself is a figure.
    """
    frame = pd.DataFrame(
        {"area_code": ["north", "east"], "attendees": [3, 8], "value": [60.0, 80.0]}
    )

    result = suppress(frame, ("attendees",), 5)

    assert result["value"].tolist() == [C, 80.0]
    assert result["attendees"].tolist() == [C, 8]
