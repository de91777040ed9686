"""`trend_figure`: a pure DataFrame → `go.Figure` builder (DESIGN §1, §4, §6)."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures.theme import PALETTE
from dashboard.figures.trend import trend_figure
from dashboard.measures import BY_ID, MEASURES

ABSENCE = BY_ID["overall_absence"]
PROGRESS8 = BY_ID["ks4_progress8"]
ATTAINMENT8 = BY_ID["ks4_attainment8"]
SUSPENSIONS_PER_100 = BY_ID["suspensions_per_100"]
LABELS = {"selection": "Your selection", "england": "England"}


def trend_frame(rows: list[tuple[str, str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["academic_year", "series", "value"])
    frame["value"] = frame["value"].astype(object)
    return frame


def is_gap(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@pytest.fixture
def frame() -> pd.DataFrame:
    return trend_frame(
        [
            ("2019/20", "selection", 16.4),
            ("2020/21", "selection", "c"),
            ("2021/22", "selection", 12.5),
            ("2019/20", "england", 10.0),
            ("2020/21", "england", "x"),
            ("2021/22", "england", 9.5),
        ]
    )


def test_returns_a_figure_with_one_trace_per_series(frame):
    figure = trend_figure(frame, ABSENCE, LABELS)

    assert isinstance(figure, go.Figure)
    assert len(figure.data) == 2


def test_traces_follow_the_order_series_first_appear_in_the_frame():
    frame = trend_frame(
        [
            ("2019/20", "zeta", 1.0),
            ("2019/20", "alpha", 2.0),
            ("2020/21", "zeta", 3.0),
            ("2019/20", "middle", 4.0),
            ("2020/21", "alpha", 5.0),
        ]
    )

    figure = trend_figure(frame, ABSENCE, {})

    assert [trace.name for trace in figure.data] == ["zeta", "alpha", "middle"]
    assert list(figure.data[0].y) == [1.0, 3.0]
    assert list(figure.data[1].y) == [2.0, 5.0]
    assert list(figure.data[2].y) == [4.0]


def test_labels_name_the_legend_and_unlabelled_series_keep_their_id():
    frame = trend_frame(
        [("2019/20", "selection", 1.0), ("2019/20", "england", 2.0), ("2019/20", "E10000019", 3.0)]
    )

    figure = trend_figure(frame, ABSENCE, LABELS)

    assert [trace.name for trace in figure.data] == ["Your selection", "England", "E10000019"]


def test_x_values_are_the_academic_years(frame):
    figure = trend_figure(frame, ABSENCE, LABELS)

    assert list(figure.data[0].x) == ["2019/20", "2020/21", "2021/22"]
    assert figure.layout.xaxis.type == "category"


def test_suppressed_and_unavailable_values_are_gaps_never_zero(frame):
    figure = trend_figure(frame, ABSENCE, LABELS)
    selection, england = figure.data

    assert selection.y[0] == 16.4
    assert is_gap(selection.y[1])
    assert selection.y[1] != 0
    assert selection.y[2] == 12.5
    assert england.y[0] == 10.0
    assert is_gap(england.y[1])
    assert england.y[2] == 9.5
    assert selection.connectgaps is False
    assert england.connectgaps is False


def test_every_y_value_is_a_number_or_a_gap():
    frame = trend_frame(
        [
            ("2018/19", "selection", 0),
            ("2019/20", "selection", "c"),
            ("2020/21", "selection", None),
            ("2021/22", "selection", "low"),
            ("2022/23", "selection", 3),
        ]
    )

    (trace,) = trend_figure(frame, ABSENCE, LABELS).data

    assert trace.y[0] == 0
    assert all(is_gap(value) for value in trace.y[1:4])
    assert trace.y[4] == 3
    assert all(isinstance(value, int | float) or value is None for value in trace.y)


def test_a_real_zero_is_drawn_as_zero():
    frame = trend_frame([("2019/20", "selection", 0.0), ("2020/21", "selection", 5.0)])

    (trace,) = trend_figure(frame, ABSENCE, LABELS).data

    assert list(trace.y) == [0.0, 5.0]


def test_hover_shows_the_formatted_value_and_the_symbol(frame):
    figure = trend_figure(frame, ABSENCE, LABELS)
    selection, england = figure.data

    assert list(selection.customdata) == ["16.4%", "c", "12.5%"]
    assert list(england.customdata) == ["10.0%", "x", "9.5%"]
    assert "%{customdata}" in selection.hovertemplate


def test_hover_for_a_missing_value_shows_x():
    frame = trend_frame([("2019/20", "selection", None), ("2020/21", "selection", 31.0)])

    (trace,) = trend_figure(frame, ATTAINMENT8, LABELS).data

    assert list(trace.customdata) == ["x", "31.0"]


def test_title_is_the_measure_title_when_titled(frame):
    figure = trend_figure(frame, ABSENCE, LABELS)

    assert figure.layout.title.text == "Overall absence rate"


def test_title_is_empty_when_the_card_gives_it(frame):
    figure = trend_figure(frame, ABSENCE, LABELS, titled=False)

    assert not figure.layout.title.text


@pytest.mark.parametrize(
    ("measure", "y_title"),
    [
        (ABSENCE, "Per cent"),
        (BY_ID["ks2_rwm_expected"], "Per cent"),
        (ATTAINMENT8, "Average score"),
        (PROGRESS8, "Average score"),
        (BY_ID["sdq_average"], "Average score"),
        (SUSPENSIONS_PER_100, "Per 100 pupils"),
    ],
    ids=lambda value: getattr(value, "id", value),
)
def test_axis_titles_give_the_year_and_the_unit(frame, measure, y_title):
    figure = trend_figure(frame, measure, LABELS)

    assert figure.layout.xaxis.title.text == "Academic year"
    assert figure.layout.yaxis.title.text == y_title


def test_every_measure_has_an_axis_title(frame):
    for measure in MEASURES:
        figure = trend_figure(frame, measure, LABELS)
        assert figure.layout.yaxis.title.text in ("Per cent", "Average score", "Per 100 pupils")


def test_six_series_differ_by_dash_and_marker_as_well_as_colour():
    rows = [("2019/20", f"s{index}", float(index)) for index in range(6)]

    figure = trend_figure(trend_frame(rows), ABSENCE, {})

    colours = [trace.line.color for trace in figure.data]
    dashes = [trace.line.dash for trace in figure.data]
    symbols = [trace.marker.symbol for trace in figure.data]
    assert colours == list(PALETTE)
    assert len(set(dashes)) == 6
    assert len(set(symbols)) == 6
    assert all(trace.mode == "lines+markers" for trace in figure.data)


def test_the_first_series_uses_the_first_palette_colour(frame):
    figure = trend_figure(frame, ABSENCE, LABELS)

    assert figure.data[0].line.color == "#12436D"
    assert figure.data[1].line.color == "#28A197"
    assert figure.data[0].line.dash != figure.data[1].line.dash
    assert figure.data[0].marker.symbol != figure.data[1].marker.symbol


def test_a_rate_axis_starts_at_zero(frame):
    figure = trend_figure(frame, ABSENCE, LABELS)

    assert figure.layout.yaxis.rangemode == "tozero"


def test_positive_scores_keep_the_axis_from_zero():
    frame = trend_frame([("2019/20", "selection", 0.2), ("2020/21", "selection", 0.1)])

    figure = trend_figure(frame, PROGRESS8, LABELS)

    assert figure.layout.yaxis.rangemode == "tozero"


def test_negative_progress8_lets_the_axis_go_below_zero():
    frame = trend_frame(
        [
            ("2019/20", "selection", -1.2),
            ("2020/21", "selection", "c"),
            ("2019/20", "england", -1.1),
        ]
    )

    figure = trend_figure(frame, PROGRESS8, LABELS)

    assert figure.layout.yaxis.rangemode != "tozero"
    assert figure.data[0].y[0] == -1.2


def test_a_negative_benchmark_alone_also_frees_the_axis():
    frame = trend_frame([("2019/20", "selection", "c"), ("2019/20", "england", -0.3)])

    figure = trend_figure(frame, PROGRESS8, LABELS)

    assert figure.layout.yaxis.rangemode != "tozero"


def test_the_input_frame_is_not_changed(frame):
    before = frame.copy()

    trend_figure(frame, ABSENCE, LABELS)

    pd.testing.assert_frame_equal(frame, before)


def test_an_empty_frame_gives_an_empty_titled_figure():
    figure = trend_figure(trend_frame([]), ABSENCE, LABELS)

    assert len(figure.data) == 0
    assert figure.layout.title.text == "Overall absence rate"


def test_years_without_figures_show_as_gaps_not_joined_lines():
    frame = pd.DataFrame(
        {
            "academic_year": ["2018/19", "2021/22"],
            "series": ["selection", "selection"],
            "value": [30.0, 25.0],
        }
    )
    years = ["2018/19", "2019/20", "2020/21", "2021/22"]
    figure = trend_figure(frame, BY_ID["ks2_rwm_expected"], {}, years=years)
    trace = figure.data[0]
    assert list(trace.x) == years
    assert trace.y[0] == 30.0 and trace.y[3] == 25.0
    assert all(math.isnan(value) for value in trace.y[1:3])
    assert list(figure.layout.xaxis.categoryarray) == years


def test_a_hidden_figure_is_said_above_the_axis_with_a_hover_note():
    frame = pd.DataFrame(
        {
            "academic_year": ["2019/20", "2020/21"],
            "series": ["selection", "selection"],
            "value": ["c", 12.0],
        }
    )
    figure = trend_figure(frame, BY_ID["persistent_absence"], {"selection": "Whole county"})
    (note,) = figure.layout.annotations
    assert (note.x, note.text) == ("2019/20", "c")
    assert note.hovertext == "Whole county: c: hidden to protect children (small numbers)"
    assert len(figure.data) == 1
