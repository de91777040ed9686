"""`sparkline`: a bare trend line for a headline, gaps for symbols, the last figure marked."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.sparkline import sparkline
from dashboard.figures.theme import PALETTE


def series(rows: list[tuple[str, object]], index: list[int] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["academic_year", "value"], index=index)
    frame["value"] = frame["value"].astype(object)
    return frame


def is_gap(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def test_one_line_of_the_years_and_values():
    frame = series([("2020/21", 18.5), ("2021/22", 16.4), ("2022/23", 14.0)])

    figure = sparkline(frame, "Persistent absence")
    line = figure.data[0]

    assert isinstance(figure, go.Figure)
    assert line.mode == "lines"
    assert line.name == "Persistent absence"
    assert list(line.x) == ["2020/21", "2021/22", "2022/23"]
    assert list(line.y) == [18.5, 16.4, 14.0]
    assert line.line.color == PALETTE[0]


def test_the_axes_and_legend_are_hidden():
    figure = sparkline(series([("2021/22", 1.0), ("2022/23", 2.0)]), "Label")

    assert figure.layout.xaxis.visible is False
    assert figure.layout.yaxis.visible is False
    assert figure.layout.showlegend is False
    assert figure.layout.xaxis.type == "category"
    assert figure.layout.height == 60


def test_symbols_are_gaps_not_zeros_and_the_line_is_not_joined_across_them():
    frame = series([("2019/20", 10.0), ("2020/21", "c"), ("2021/22", None), ("2022/23", 12.0)])

    line = sparkline(frame, "Label").data[0]

    assert line.y[0] == 10.0
    assert is_gap(line.y[1])
    assert is_gap(line.y[2])
    assert line.y[1] != 0
    assert line.y[3] == 12.0
    assert line.connectgaps is False


def test_the_last_point_is_marked():
    frame = series([("2020/21", 18.5), ("2021/22", 16.4), ("2022/23", 14.0)])

    figure = sparkline(frame, "Label")

    assert len(figure.data) == 2
    marker = figure.data[1]
    assert marker.mode == "markers"
    assert list(marker.x) == ["2022/23"]
    assert list(marker.y) == [14.0]


def test_the_marker_goes_on_the_last_number_when_the_last_year_is_a_symbol():
    frame = series([("2020/21", 18.5), ("2021/22", 16.4), ("2022/23", "c")])

    marker = sparkline(frame, "Label").data[1]

    assert list(marker.x) == ["2021/22"]
    assert list(marker.y) == [16.4]


def test_the_marker_follows_position_not_the_index_labels():
    """A filtered, sorted series keeps its original index; the last row is still the last year."""
    frame = series([("2020/21", 18.5), ("2021/22", 16.4), ("2022/23", 14.0)], index=[7, 9, 3])

    marker = sparkline(frame, "Label").data[1]

    assert list(marker.x) == ["2022/23"]
    assert list(marker.y) == [14.0]


def test_no_marker_when_there_are_no_numbers():
    frame = series([("2021/22", "c"), ("2022/23", "x")])

    figure = sparkline(frame, "Label")

    assert len(figure.data) == 1
    assert all(is_gap(value) for value in figure.data[0].y)


def test_an_empty_series_gives_a_line_with_no_points_and_no_marker():
    figure = sparkline(series([]), "Label")

    assert len(figure.data) == 1
    assert len(figure.data[0].x) == 0
