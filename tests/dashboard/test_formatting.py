"""Numbers as people read them; the GSS symbols kept as they are (DESIGN §4, §6)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dashboard.formatting import display_table, format_count, format_value, has_numbers
from dashboard.measures import BY_ID, PER_100, PERCENT, SCORE

ABSENCE = BY_ID["overall_absence"]
ATTAINMENT8 = BY_ID["ks4_attainment8"]


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (16.4, PERCENT, "16.4%"),
        (16.44, PERCENT, "16.4%"),
        (16.46, PERCENT, "16.5%"),
        (0, PERCENT, "0.0%"),
        (0.0, PERCENT, "0.0%"),
        (100, PERCENT, "100.0%"),
        (np.float64(7.26), PERCENT, "7.3%"),
        (16.4, SCORE, "16.4"),
        (45, SCORE, "45.0"),
        (-1.2, SCORE, "-1.2"),
        (3.24, PER_100, "3.2"),
    ],
)
def test_numbers_get_one_decimal_place_and_a_percent_sign_only_for_rates(value, unit, shown):
    assert format_value(value, unit) == shown


def test_the_default_unit_is_per_cent():
    assert format_value(16.4) == "16.4%"


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan])
@pytest.mark.parametrize("unit", [PERCENT, SCORE])
def test_nothing_is_shown_as_unavailable(missing, unit):
    assert format_value(missing, unit) == "x"


@pytest.mark.parametrize("symbol", ["c", "x", "z", "low"])
@pytest.mark.parametrize("unit", [PERCENT, SCORE])
def test_gss_symbols_stay_as_they_are(symbol, unit):
    assert format_value(symbol, unit) == symbol


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1000, "1,000"),
        (12345, "12,345"),
        (1234567, "1,234,567"),
        (12345.0, "12,345"),
        (1234.5, "1,234.5"),
        (None, "x"),
        (float("nan"), "x"),
        ("c", "c"),
    ],
)
def test_counts_have_thousands_separators_and_no_needless_decimals(value, shown):
    assert format_count(value) == shown


@pytest.mark.parametrize(
    "values",
    [
        ["c", "c"],
        ["c", "x", None],
        [None, float("nan")],
        ["low", "z"],
        [],
    ],
)
def test_has_numbers_is_false_when_nothing_can_be_drawn(values):
    frame = pd.DataFrame({"value": pd.Series(values, dtype=object)})

    assert has_numbers(frame) is False


def test_has_numbers_is_false_for_an_all_nan_float_column():
    frame = pd.DataFrame({"value": [math.nan, math.nan]})

    assert has_numbers(frame) is False


def test_has_numbers_is_false_without_a_value_column():
    assert has_numbers(pd.DataFrame({"numerator": [1, 2]})) is False


@pytest.mark.parametrize("number", [0, 0.0, 12.5, -0.4])
def test_has_numbers_is_true_with_one_number_among_symbols(number):
    frame = pd.DataFrame({"value": pd.Series(["c", number, "x"], dtype=object)})

    assert has_numbers(frame) is True


def test_has_numbers_is_true_for_a_plain_float_column():
    assert has_numbers(pd.DataFrame({"value": [1.5, math.nan]})) is True


@pytest.fixture
def trend_rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "academic_year": ["2019/20", "2020/21", "2019/20"],
            "series": ["selection", "selection", "england"],
            "numerator": pd.Series([1234, "c", None], dtype=object),
            "denominator": pd.Series([15000, 40, None], dtype=object),
            "value": pd.Series([8.2266, "c", 7.6], dtype=object),
        }
    )


def test_display_table_uses_the_measures_words_for_columns(trend_rows):
    table = display_table(trend_rows, ABSENCE, {"selection": "Your selection"})

    assert list(table.columns) == [
        "Academic year",
        "Series",
        "Sessions missed (authorised and unauthorised)",
        "Sessions possible",
        "Overall absence (%)",
    ]


def test_display_table_maps_series_labels_and_formats_every_cell(trend_rows):
    table = display_table(
        trend_rows, ABSENCE, {"selection": "Your selection", "england": "England"}
    )

    assert table.values.tolist() == [
        ["2019/20", "Your selection", "1,234", "15,000", "8.2%"],
        ["2020/21", "Your selection", "c", "40", "c"],
        ["2019/20", "England", "x", "x", "7.6%"],
    ]


def test_display_table_keeps_unlabelled_series_ids(trend_rows):
    table = display_table(trend_rows, ABSENCE, {})

    assert table["Series"].tolist() == ["selection", "selection", "england"]


def test_display_table_formats_scores_without_a_percent_sign():
    frame = pd.DataFrame(
        {
            "academic_year": ["2021/22"],
            "numerator": [1552.5],
            "denominator": [45],
            "value": [34.5],
        }
    )

    table = display_table(frame, ATTAINMENT8, {})

    assert table.to_dict("records") == [
        {
            "Academic year": "2021/22",
            "Sum of Attainment 8 scores": "1,552.5",
            "Pupils with a score": "45",
            "Attainment 8 (score)": "34.5",
        }
    ]


def test_display_table_names_area_and_pupils_columns():
    frame = pd.DataFrame(
        {
            "area_code": ["north"],
            "numerator": [300],
            "denominator": [6000],
            "value": [5.0],
            "pupils": [1200],
        }
    )

    table = display_table(frame, ABSENCE, {})

    assert table.to_dict("records") == [
        {
            "Area": "north",
            "Sessions missed (authorised and unauthorised)": "300",
            "Sessions possible": "6,000",
            "Overall absence (%)": "5.0%",
            "Pupils": "1,200",
        }
    ]


def test_display_table_leaves_the_input_frame_alone(trend_rows):
    before = trend_rows.copy()

    display_table(trend_rows, ABSENCE, {"selection": "Your selection"})

    pd.testing.assert_frame_equal(trend_rows, before)
