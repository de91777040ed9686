"""Headline figures: the year's value, the year before's, and the change in words."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.headlines import (
    OUTCOME_HEADLINES,
    Headline,
    describe_change,
    first_row,
    headline,
    levels_to_date,
)
from dashboard.measures import BY_ID
from data_access.datasets import DATASETS


def series(rows: list[tuple[str, object]], column: str = "value") -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["academic_year", column])
    frame[column] = frame[column].astype(object)
    return frame


def item(value: object, previous: object, previous_year: str | None = "2021/22") -> Headline:
    return Headline("2022/23", value, previous_year, previous, series([]))


@pytest.fixture
def absence() -> pd.DataFrame:
    """Out of order on purpose, with a suppressed latest year."""
    return series(
        [("2022/23", 14.0), ("2020/21", 18.5), ("2023/24", "c"), ("2021/22", 16.4)],
    )


# headline


def test_the_year_and_the_year_before(absence):
    result = headline(absence, "2022/23")

    assert result.year == "2022/23"
    assert result.value == 14.0
    assert result.previous_year == "2021/22"
    assert result.previous == 16.4
    assert result.change == pytest.approx(-2.4)


def test_the_latest_year_when_no_year_is_chosen(absence):
    result = headline(absence, None)

    assert result.year == "2023/24"
    assert result.value == "c"
    assert result.previous_year == "2022/23"
    assert result.previous == 14.0
    assert result.change is None


def test_years_after_the_chosen_year_are_left_out(absence):
    result = headline(absence, "2021/22")

    assert list(result.series["academic_year"]) == ["2020/21", "2021/22"]
    assert list(result.series["value"]) == [18.5, 16.4]
    assert (result.year, result.previous_year) == ("2021/22", "2020/21")


def test_the_series_is_in_year_order_with_a_value_column(absence):
    result = headline(absence, None)

    assert list(result.series.columns) == ["academic_year", "value"]
    assert list(result.series["academic_year"]) == ["2020/21", "2021/22", "2022/23", "2023/24"]


def test_the_first_year_has_no_year_before(absence):
    result = headline(absence, "2020/21")

    assert (result.year, result.value) == ("2020/21", 18.5)
    assert result.previous_year is None
    assert result.previous is None
    assert result.change is None


def test_a_year_before_every_row_gives_nothing(absence):
    result = headline(absence, "2019/20")

    assert result.value is None
    assert result.previous_year is None
    assert result.series.empty


@pytest.mark.parametrize("year", ["2022/23", None])
def test_an_empty_frame_gives_nothing(year):
    result = headline(series([]), year)

    assert result.year == year
    assert result.value is None
    assert result.previous_year is None
    assert result.previous is None
    assert result.change is None
    assert result.series.empty


def test_another_column_can_be_the_value():
    frame = pd.DataFrame(
        {"academic_year": ["2021/22", "2020/21"], "children": [130, 120], "value": [1.0, 2.0]}
    ).astype({"children": object})

    result = headline(frame, None, "children")

    assert (result.value, result.previous) == (130, 120)
    assert result.change == 10
    assert list(result.series.columns) == ["academic_year", "value"]
    assert list(result.series["value"]) == [120, 130]


def test_the_input_frame_is_not_changed(absence):
    before = absence.copy()

    headline(absence, "2022/23")

    pd.testing.assert_frame_equal(absence, before)


# describe_change


@pytest.mark.parametrize(
    ("value", "previous", "better", "said"),
    [
        (14.0, 16.4, "lower", "Down 2.4 points on 2021/22 (better)."),
        (16.4, 14.0, "lower", "Up 2.4 points on 2021/22 (worse)."),
        (60.0, 55.5, "higher", "Up 4.5 points on 2021/22 (better)."),
        (55.5, 60.0, "higher", "Down 4.5 points on 2021/22 (worse)."),
        (16.4, 14.0, None, "Up 2.4 points on 2021/22."),
    ],
)
def test_a_rate_change_is_in_points_with_better_or_worse(value, previous, better, said):
    assert describe_change(item(value, previous), "%", better) == said


def test_a_small_rate_change_keeps_one_decimal():
    assert describe_change(item(16.5, 16.4), "%", "lower") == "Up 0.1 points on 2021/22 (worse)."


@pytest.mark.parametrize(
    ("value", "previous", "said"),
    [
        (2534, 1200, "Up 1,334 on 2021/22."),
        (118, 130, "Down 12 on 2021/22."),
        (131, 130, "Up 1 on 2021/22."),
    ],
)
def test_a_count_change_has_no_decimals_and_no_verdict(value, previous, said):
    assert describe_change(item(value, previous), "count", None) == said


def test_a_score_change_has_one_decimal_and_no_points():
    assert describe_change(item(43.5, 45.0), "score", "higher") == "Down 1.5 on 2021/22 (worse)."
    assert describe_change(item(12.0, 13.5), "score", "lower") == "Down 1.5 on 2021/22 (better)."


@pytest.mark.parametrize(("value", "previous"), [(16.4, 16.4), (16.43, 16.4), (130, 130)])
def test_no_change_when_it_rounds_to_nothing(value, previous):
    assert describe_change(item(value, previous), "%", "lower") == "No change on 2021/22."


def test_no_earlier_year():
    result = headline(series([("2022/23", 14.0)]), None)

    assert describe_change(result, "%", "lower") == "No earlier year to compare with."


def test_a_symbol_the_year_before_is_said_and_no_change_is_worked_out():
    said = describe_change(item(16.4, "c"), "%", "lower")

    assert said == "2021/22: c; the change cannot be shown."


def test_a_symbol_this_year_shows_the_year_before_formatted():
    said = describe_change(item("c", 14.0), "%", "lower")

    assert said == "2021/22: 14.0%; the change cannot be shown."


def test_a_count_in_an_int64_column_still_gives_a_change():
    """A plain frame of whole numbers is int64, so its cells are numpy integers, not `int`.

    (In the app the gateway's suppression casts `children` to object first, which hides this.)
    """
    frame = pd.DataFrame({"academic_year": ["2020/21", "2021/22"], "children": [1200, 2534]})

    result = headline(frame, None, "children")

    assert result.change == 1334
    assert describe_change(result, "count", None) == "Up 1,334 on 2020/21."


# the outcome headlines


def test_every_outcome_headline_reads_a_dataset_that_exists():
    missing = [spec.dataset for spec in OUTCOME_HEADLINES if spec.dataset not in DATASETS]

    assert missing == []


def test_outcome_headlines_agree_with_their_measures_on_unit_and_direction():
    for spec in OUTCOME_HEADLINES:
        measure = BY_ID.get(spec.dataset)
        if measure is None:
            assert spec.unit == "count"
            continue
        assert spec.unit == measure.unit, spec.dataset
        assert spec.better == measure.better, spec.dataset


# levels_to_date


@pytest.fixture
def levels() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("caring_schools", "2021/22", "bronze", 10),
            ("caring_schools", "2021/22", "silver", 5),
            ("caring_schools", "2021/22", "gold", 1),
            ("caring_schools", "2022/23", "gold", 38),
            ("caring_schools", "2022/23", "bronze", 1079),
            ("caring_schools", "2022/23", "silver", 46),
            ("learning_homes", "2022/23", "bronze", 7),
            ("learning_homes", "2022/23", "silver", 0),
            ("learning_homes", "2023/24", "bronze", 7),
            ("learning_homes", "2023/24", "silver", 2),
        ],
        columns=["scheme", "academic_year", "level", "cumulative"],
    )


def test_levels_to_date_gives_the_last_year_in_level_order_with_separators(levels):
    assert levels_to_date(levels, "caring_schools") == "Bronze 1,079 · Silver 46 · Gold 38"


def test_levels_to_date_uses_the_scheme_s_own_last_year(levels):
    assert levels_to_date(levels, "learning_homes") == "Bronze 7 · Silver 2"


def test_levels_to_date_is_empty_for_a_scheme_without_rows(levels):
    assert levels_to_date(levels, "other_scheme") == ""
    assert levels_to_date(levels.iloc[:0], "caring_schools") == ""


# first_row


def test_first_row_is_the_first_row_as_a_dict():
    frame = pd.DataFrame({"sessions": [12, 3], "people": [40, 9]})

    assert first_row(frame) == {"sessions": 12, "people": 40}


def test_first_row_of_an_empty_frame_is_empty():
    assert first_row(pd.DataFrame(columns=["sessions", "people"])) == {}
