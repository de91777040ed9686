"""`bar_chart`: one trace per group, colour and pattern per group, symbols as gaps."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures.bars import bar_chart
from dashboard.figures.theme import PALETTE

AXES = ("Academic year", "Awards to date")


def is_gap(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def levels_frame(rows: list[tuple[str, str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["academic_year", "level", "cumulative"])
    frame["cumulative"] = frame["cumulative"].astype(object)
    return frame


@pytest.fixture
def levels() -> pd.DataFrame:
    """Gold first, bronze last: the chart must not follow the frame's order."""
    return levels_frame(
        [
            ("2021/22", "gold", 1),
            ("2022/23", "gold", 4),
            ("2021/22", "silver", 5),
            ("2022/23", "silver", "c"),
            ("2021/22", "bronze", 10),
            ("2022/23", "bronze", 12),
        ]
    )


def test_returns_a_figure_with_one_trace_per_group(levels):
    figure = bar_chart(levels, "academic_year", "cumulative", "Awards", AXES, group="level")

    assert isinstance(figure, go.Figure)
    assert len(figure.data) == 3
    assert all(trace.type == "bar" for trace in figure.data)


def test_levels_are_drawn_bronze_silver_gold_whatever_the_frame_order(levels):
    figure = bar_chart(levels, "academic_year", "cumulative", "Awards", AXES, group="level")

    assert [trace.name for trace in figure.data] == ["bronze", "silver", "gold"]
    assert list(figure.data[0].y) == [10, 12]
    assert list(figure.data[2].y) == [1, 4]


def test_a_level_keeps_its_colour_when_an_earlier_level_is_absent():
    frame = levels_frame([("2021/22", "gold", 2), ("2021/22", "silver", 3)])

    figure = bar_chart(frame, "academic_year", "cumulative", "", AXES, group="level")

    assert [trace.name for trace in figure.data] == ["silver", "gold"]
    assert [trace.marker.color for trace in figure.data] == [PALETTE[0], PALETTE[1]]


def test_holder_kinds_follow_setting_foster_household_childrens_home():
    frame = pd.DataFrame(
        {
            "stage": ["awarded", "awarded", "awarded"],
            "holder_kind": ["childrens_home", "foster_household", "setting"],
            "holders": [3, 7, 20],
        }
    )

    figure = bar_chart(frame, "stage", "holders", "", ("Stage", "Holders"), group="holder_kind")

    assert [trace.name for trace in figure.data] == [
        "setting",
        "foster_household",
        "childrens_home",
    ]
    assert [list(trace.y) for trace in figure.data] == [[20], [7], [3]]


def test_groups_without_a_natural_order_keep_the_frame_order_after_those_with_one():
    frame = pd.DataFrame(
        {
            "time_slot": ["daytime", "daytime", "daytime", "daytime"],
            "delivery": ["virtual", "platinum", "face_to_face", "gold"],
            "sessions": [1, 2, 3, 4],
        }
    )

    figure = bar_chart(frame, "time_slot", "sessions", "", ("Slot", "Sessions"), group="delivery")

    assert [trace.name for trace in figure.data] == [
        "gold",
        "virtual",
        "platinum",
        "face_to_face",
    ]


def test_each_group_has_its_own_colour_and_its_own_pattern():
    frame = pd.DataFrame(
        {
            "area_code": ["A"] * 6,
            "kind": [f"k{index}" for index in range(6)],
            "people": range(6),
        }
    )

    figure = bar_chart(frame, "area_code", "people", "", ("Area", "People"), group="kind")

    colours = [trace.marker.color for trace in figure.data]
    shapes = [trace.marker.pattern.shape for trace in figure.data]
    assert colours == list(PALETTE)
    assert len(set(shapes)) == 6


def test_the_second_group_differs_from_the_first_by_pattern_not_only_colour(levels):
    figure = bar_chart(levels, "academic_year", "cumulative", "", AXES, group="level")
    bronze, silver, _ = figure.data

    assert bronze.marker.color == "#12436D"
    assert silver.marker.color == "#28A197"
    assert silver.marker.pattern.shape == "/"
    assert bronze.marker.pattern.shape != silver.marker.pattern.shape


def test_labels_name_the_legend_and_the_categories():
    frame = pd.DataFrame(
        {
            "role": ["foster_carer", "social_worker", "unlisted"],
            "delivery": ["virtual", "virtual", "face_to_face"],
            "people": [4, 5, 6],
        }
    )
    labels = {
        "foster_carer": "Foster carers",
        "social_worker": "Social workers",
        "virtual": "Virtual",
        "face_to_face": "Face to face",
    }

    figure = bar_chart(
        frame, "role", "people", "", ("Role", "People"), group="delivery", labels=labels
    )
    virtual, face_to_face = figure.data

    assert virtual.name == "Virtual"
    assert face_to_face.name == "Face to face"
    assert list(virtual.x) == ["Foster carers", "Social workers"]
    assert list(face_to_face.x) == ["unlisted"]
    assert virtual.hovertemplate.endswith("<extra>Virtual</extra>")


def test_suppressed_values_are_gaps_and_the_symbol_is_in_the_hover(levels):
    figure = bar_chart(levels, "academic_year", "cumulative", "", AXES, group="level")
    silver = figure.data[1]

    assert silver.y[0] == 5
    assert is_gap(silver.y[1])
    assert silver.y[1] != 0
    assert list(silver.customdata) == ["5", "c"]
    assert "%{customdata}" in silver.hovertemplate
    assert silver.hovertemplate.startswith("%{x}: ")


def test_every_symbol_is_a_gap_and_a_real_zero_stays_zero():
    frame = pd.DataFrame(
        {"band": ["1", "2", "3", "4", "5"], "people": [0, "c", "x", "low", 8]}, dtype=object
    )

    (trace,) = bar_chart(frame, "band", "people", "", ("Band", "People")).data

    assert trace.y[0] == 0
    assert all(is_gap(value) for value in trace.y[1:4])
    assert trace.y[4] == 8
    assert list(trace.customdata) == ["0", "c", "x", "low", "8"]


def test_a_missing_value_is_a_gap_and_its_hover_says_x_not_nan_or_none():
    """README: `x` marks an unavailable figure; a NULL rate (no capacity that month) is one."""
    frame = pd.DataFrame(
        {"month": ["Apr 2020", "May 2020", "Jun 2020"], "fill_rate": [50.0, None, float("nan")]},
    )
    frame["fill_rate"] = frame["fill_rate"].astype(object)
    frame.loc[1, "fill_rate"] = None

    (trace,) = bar_chart(frame, "month", "fill_rate", "", ("Month", "Per cent")).data

    assert trace.y[0] == 50.0
    assert is_gap(trace.y[1])
    assert is_gap(trace.y[2])
    assert list(trace.customdata)[1:] == ["x", "x"]


def test_bars_are_side_by_side_unless_stacked(levels):
    side_by_side = bar_chart(levels, "academic_year", "cumulative", "", AXES, group="level")
    stacked = bar_chart(
        levels, "academic_year", "cumulative", "", AXES, group="level", stacked=True
    )

    assert side_by_side.layout.barmode == "group"
    assert stacked.layout.barmode == "stack"


def test_vertical_bars_put_categories_on_x_as_a_category_axis(levels):
    figure = bar_chart(levels, "academic_year", "cumulative", "Awards", AXES, group="level")
    bronze = figure.data[0]

    assert bronze.orientation == "v"
    assert list(bronze.x) == ["2021/22", "2022/23"]
    assert figure.layout.xaxis.type == "category"
    assert figure.layout.yaxis.type != "category"
    assert figure.layout.xaxis.title.text == "Academic year"
    assert figure.layout.yaxis.title.text == "Awards to date"
    assert figure.layout.title.text == "Awards"


def test_category_codes_that_look_like_numbers_stay_categories():
    frame = pd.DataFrame({"band": ["1", "2-3", "10"], "people": [4, 5, 6]})

    figure = bar_chart(frame, "band", "people", "", ("Sessions attended", "People"))

    assert list(figure.data[0].x) == ["1", "2-3", "10"]
    assert figure.layout.xaxis.type == "category"


def test_horizontal_bars_swap_the_axes_and_read_top_down():
    frame = pd.DataFrame({"role": ["foster_carer", "school_staff"], "people": [12, "c"]})

    figure = bar_chart(
        frame,
        "role",
        "people",
        "People reached",
        ("Role", "People"),
        horizontal=True,
        labels={"foster_carer": "Foster carers"},
    )
    (trace,) = figure.data

    assert trace.orientation == "h"
    assert list(trace.y) == ["Foster carers", "school_staff"]
    assert trace.x[0] == 12
    assert is_gap(trace.x[1])
    assert list(trace.customdata) == ["12", "c"]
    assert trace.hovertemplate.startswith("%{y}: %{customdata}")
    assert figure.layout.yaxis.type == "category"
    assert figure.layout.xaxis.type != "category"
    assert figure.layout.yaxis.autorange == "reversed"
    assert figure.layout.yaxis.title.text == "Role"
    assert figure.layout.xaxis.title.text == "People"


def test_vertical_bars_are_not_reversed(levels):
    figure = bar_chart(levels, "academic_year", "cumulative", "", AXES, group="level")

    assert figure.layout.xaxis.autorange != "reversed"
    assert figure.layout.yaxis.autorange != "reversed"


def test_without_a_group_one_trace_named_by_the_value_axis_and_no_legend():
    frame = pd.DataFrame({"area_code": ["A", "B"], "people": [3, 9]})

    figure = bar_chart(frame, "area_code", "people", "", ("Area", "People"))
    (trace,) = figure.data

    assert trace.name == "People"
    assert trace.marker.color == PALETTE[0]
    assert list(trace.y) == [3, 9]
    assert figure.layout.showlegend is False
    assert trace.hovertemplate == "%{x}: %{customdata}<extra></extra>"


def test_with_a_group_the_legend_is_shown(levels):
    figure = bar_chart(levels, "academic_year", "cumulative", "", AXES, group="level")

    assert figure.layout.showlegend is True


def test_the_input_frame_is_not_changed(levels):
    before = levels.copy()

    bar_chart(levels, "academic_year", "cumulative", "", AXES, group="level", stacked=True)

    pd.testing.assert_frame_equal(levels, before)
