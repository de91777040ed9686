"""`small_multiples`: one panel per area, every year on the axis, symbols as gaps."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures.small_multiples import small_multiples
from dashboard.measures import BY_ID

ABSENCE = BY_ID["persistent_absence"]
PROGRESS8 = BY_ID["ks4_progress8"]
YEARS = ["2019/20", "2020/21", "2021/22"]
NAMES = {"S": "South", "N": "North", "W": "West", "E": "East"}


def by_area(rows: list[tuple[str, str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["academic_year", "area_code", "value"])
    frame["value"] = frame["value"].astype(object)
    return frame


def is_gap(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@pytest.fixture
def frame() -> pd.DataFrame:
    """North comes first in the frame; the panels still follow the names' order."""
    return by_area(
        [
            ("2019/20", "N", 20.0),
            ("2021/22", "N", "c"),
            ("2019/20", "S", 12.5),
            ("2020/21", "S", 11.0),
            ("2021/22", "S", 10.5),
        ]
    )


def test_one_trace_per_area_in_the_order_of_the_names(frame):
    figure = small_multiples(frame, ABSENCE, NAMES, YEARS)

    assert isinstance(figure, go.Figure)
    assert [trace.name for trace in figure.data] == ["South", "North", "West", "East"]


def test_the_panel_titles_are_the_area_names(frame):
    figure = small_multiples(frame, ABSENCE, NAMES, YEARS)

    assert [note.text for note in figure.layout.annotations] == ["South", "North", "West", "East"]


def test_each_area_has_its_own_panel(frame):
    figure = small_multiples(frame, ABSENCE, NAMES, YEARS)

    assert [(trace.xaxis, trace.yaxis) for trace in figure.data] == [
        ("x", "y"),
        ("x2", "y2"),
        ("x3", "y3"),
        ("x4", "y4"),
    ]


def test_every_year_is_on_the_x_axis_and_missing_years_are_gaps(frame):
    figure = small_multiples(frame, ABSENCE, NAMES, YEARS)
    south, north, west, _ = figure.data

    assert list(south.x) == YEARS
    assert list(north.x) == YEARS
    assert list(south.y) == [12.5, 11.0, 10.5]
    assert north.y[0] == 20.0
    assert is_gap(north.y[1])
    assert is_gap(north.y[2])
    assert all(is_gap(value) for value in west.y)
    assert north.connectgaps is False


def test_the_hover_says_the_formatted_value_the_symbol_or_x(frame):
    figure = small_multiples(frame, ABSENCE, NAMES, YEARS)
    south, north, west, _ = figure.data

    assert list(south.customdata) == ["12.5%", "11.0%", "10.5%"]
    assert list(north.customdata) == ["20.0%", "x", "c"]
    assert list(west.customdata) == ["x", "x", "x"]
    assert south.hovertemplate == "%{x}: %{customdata}<extra>South</extra>"


def test_the_x_axis_is_categorical(frame):
    figure = small_multiples(frame, ABSENCE, NAMES, YEARS)

    assert figure.layout.xaxis.type == "category"
    assert figure.layout.xaxis4.type == "category"


def test_title_and_axis_title_come_from_the_measure(frame):
    figure = small_multiples(frame, ABSENCE, NAMES, YEARS)

    assert figure.layout.title.text == ("Persistent absence: pupils missing 10% or more, by area")
    assert figure.layout.yaxis.title.text == "Per cent"
    assert figure.layout.yaxis4.title.text == "Per cent"
    assert not figure.layout.yaxis2.title.text


def test_three_panels_a_row_and_the_height_grows_with_the_rows(frame):
    one_row = small_multiples(frame, ABSENCE, {"S": "South", "N": "North"}, YEARS)
    two_rows = small_multiples(frame, ABSENCE, NAMES, YEARS)

    assert one_row.layout.height == 360
    assert two_rows.layout.height == 660


def test_a_rate_axis_starts_at_zero(frame):
    figure = small_multiples(frame, ABSENCE, NAMES, YEARS)

    assert figure.layout.yaxis.rangemode == "tozero"


def test_negative_values_let_the_axis_go_below_zero():
    frame = by_area([("2019/20", "S", 0.3), ("2020/21", "N", -0.4), ("2021/22", "N", "c")])

    figure = small_multiples(frame, PROGRESS8, NAMES, YEARS)

    assert figure.layout.yaxis.rangemode != "tozero"
    assert figure.layout.yaxis4.rangemode != "tozero"
    assert figure.data[1].y[1] == -0.4
    assert list(figure.data[1].customdata) == ["x", "-0.4", "c"]


def test_years_follow_the_years_given_not_the_frame():
    frame = by_area([("2021/22", "S", 3.0), ("2019/20", "S", 1.0), ("2018/19", "S", 9.0)])

    (trace,) = small_multiples(frame, ABSENCE, {"S": "South"}, YEARS).data

    assert list(trace.x) == YEARS
    assert trace.y[0] == 1.0
    assert is_gap(trace.y[1])
    assert trace.y[2] == 3.0


def test_the_input_frame_is_not_changed(frame):
    before = frame.copy()

    small_multiples(frame, ABSENCE, NAMES, YEARS)

    pd.testing.assert_frame_equal(frame, before)
