"""Programme chart specs: month labels, the `only` filter, and datasets that exist."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.programme_charts import (
    AWARD_CHARTS,
    LABELS,
    TRAINING_CHARTS,
    ChartSpec,
    with_month_label,
)
from data_access.datasets import DATASETS

# with_month_label


@pytest.fixture
def by_month() -> pd.DataFrame:
    """Out of time order on purpose: December 2020 before April, January 2021 first."""
    return pd.DataFrame(
        {
            "year": [2021, 2020, 2020, 2020],
            "month": [1, 12, 4, 10],
            "sessions": [3, 2, 1, 5],
            "attendances": [30, 20, 10, 50],
        }
    )


def test_year_and_month_become_one_label_in_time_order(by_month):
    result = with_month_label(by_month)

    assert list(result["month"]) == ["Apr 2020", "Oct 2020", "Dec 2020", "Jan 2021"]


def test_other_columns_are_kept_with_their_rows(by_month):
    result = with_month_label(by_month)

    assert list(result.columns) == ["month", "sessions", "attendances"]
    assert list(result["sessions"]) == [1, 5, 2, 3]
    assert list(result["attendances"]) == [10, 50, 20, 30]


def test_month_numbers_are_sorted_as_numbers_not_text():
    frame = pd.DataFrame({"year": [2020, 2020, 2020], "month": [11, 2, 9], "sessions": [1, 2, 3]})

    result = with_month_label(frame)

    assert list(result["month"]) == ["Feb 2020", "Sep 2020", "Nov 2020"]


def test_every_month_has_its_short_name():
    frame = pd.DataFrame({"year": [2024] * 12, "month": range(12, 0, -1), "sessions": range(12)})

    result = with_month_label(frame)

    assert list(result["month"]) == [
        "Jan 2024",
        "Feb 2024",
        "Mar 2024",
        "Apr 2024",
        "May 2024",
        "Jun 2024",
        "Jul 2024",
        "Aug 2024",
        "Sep 2024",
        "Oct 2024",
        "Nov 2024",
        "Dec 2024",
    ]


def test_whole_numbers_read_back_as_floats_still_label():
    frame = pd.DataFrame({"year": [2021.0], "month": [3.0], "sessions": [4]})

    assert list(with_month_label(frame)["month"]) == ["Mar 2021"]


def test_an_empty_frame_is_returned_unchanged():
    frame = pd.DataFrame(columns=["year", "month", "sessions"])

    result = with_month_label(frame)

    assert list(result.columns) == ["year", "month", "sessions"]
    assert result.empty


def test_a_frame_without_year_is_returned_unchanged():
    frame = pd.DataFrame({"role": ["foster_carer", "other"], "people": [4, 2]})

    result = with_month_label(frame)

    pd.testing.assert_frame_equal(result, frame)


def test_the_input_frame_is_not_changed(by_month):
    before = by_month.copy()

    with_month_label(by_month)

    pd.testing.assert_frame_equal(by_month, before)


# ChartSpec.rows


@pytest.fixture
def levels() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "scheme": ["caring_schools", "learning_homes", "caring_schools", "learning_homes"],
            "level": ["bronze", "bronze", "gold", "gold"],
            "cumulative": [10, 7, 2, 1],
        }
    )


def spec(only: tuple[tuple[str, str], ...] = ()) -> ChartSpec:
    return ChartSpec("award_levels", "Title", "academic_year", "cumulative", "X", "Y", only=only)


def test_rows_without_only_are_every_row(levels):
    pd.testing.assert_frame_equal(spec().rows(levels), levels)


def test_rows_keep_only_the_matching_rows(levels):
    result = spec((("scheme", "learning_homes"),)).rows(levels)

    assert list(result["scheme"]) == ["learning_homes", "learning_homes"]
    assert list(result["cumulative"]) == [7, 1]


def test_rows_apply_every_pair(levels):
    result = spec((("scheme", "caring_schools"), ("level", "gold"))).rows(levels)

    assert len(result) == 1
    assert result.iloc[0]["cumulative"] == 2


def test_rows_with_no_match_are_empty(levels):
    assert spec((("scheme", "other"),)).rows(levels).empty


def test_rows_do_not_change_the_frame(levels):
    before = levels.copy()

    spec((("scheme", "caring_schools"),)).rows(levels)

    pd.testing.assert_frame_equal(levels, before)


def test_the_by_scheme_award_charts_filter_one_scheme_each():
    per_scheme = [chart for chart in AWARD_CHARTS if chart.only]

    assert [(chart.dataset, chart.only) for chart in per_scheme] == [
        ("award_levels", (("scheme", "caring_schools"),)),
        ("award_levels", (("scheme", "learning_homes"),)),
        ("award_by_area_phase", (("scheme", "caring_schools"),)),
        ("award_by_area_phase", (("scheme", "learning_homes"),)),
    ]
    assert per_scheme[0].title == "Awards to date by level: Caring Schools (settings)"
    assert per_scheme[3].title == ("Award holders by quadrant and level: Learning Homes (homes)")
    assert all(chart.stacked for chart in per_scheme[2:])
    assert not any(chart.stacked for chart in per_scheme[:2])


# the chart lists


@pytest.mark.parametrize(
    "chart",
    [*TRAINING_CHARTS, *AWARD_CHARTS],
    ids=lambda chart: f"{chart.dataset}-{chart.y}",
)
def test_every_chart_reads_a_dataset_that_exists(chart):
    assert chart.dataset in DATASETS


def test_the_chart_lists_are_not_empty():
    assert TRAINING_CHARTS
    assert AWARD_CHARTS


def test_every_chart_has_a_title_and_what_to_draw():
    for chart in (*TRAINING_CHARTS, *AWARD_CHARTS):
        assert chart.title
        assert chart.x
        assert chart.y


def test_labels_cover_the_award_levels_and_holder_kinds():
    for key in ("bronze", "silver", "gold", "setting", "foster_household", "childrens_home"):
        assert key in LABELS
