"""`county_map`: a pure DataFrame → `go.Figure` builder for the district map (DESIGN §2, §4, §6)."""

from __future__ import annotations

import copy
import itertools
import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures.county_map import NO_FIGURE_GREY, county_map
from dashboard.figures.theme import PALETTE
from dashboard.geography import features_by_code, load_districts

TITLE = "Overall absence rate by district, 2022/23"
COLUMNS = ["district_code", "district_name", "area_code", "area_name", "value"]
# The demo configuration's district table, as the warehouse would hand it over (DESIGN §2).
DISTRICT_AREAS = {
    "E07000142": "north",
    "E07000137": "east",
    "E07000136": "east",
    "E07000140": "south",
    "E07000141": "south",
    "E07000138": "west",
    "E07000139": "west",
}
AREA_NAMES = {"north": "North", "east": "East", "south": "South", "west": "West"}
NAMES = {
    "E07000136": "Boston",
    "E07000137": "East Lindsey",
    "E07000138": "Lincoln",
    "E07000139": "North Kesteven",
    "E07000140": "South Holland",
    "E07000141": "South Kesteven",
    "E07000142": "West Lindsey",
}


def district_frame(values: dict[str, object], areas: dict[str, str] = DISTRICT_AREAS):
    rows = [
        (code, NAMES.get(code, code), areas.get(code), AREA_NAMES.get(areas.get(code)), value)
        for code, value in values.items()
    ]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["value"] = frame["value"].astype(object)
    return frame


# Deliberately not in the file's order, so "frame order" is tested rather than assumed.
VALUES = {
    "E07000138": 16.4,
    "E07000136": "c",
    "E07000142": 12.5,
    "E07000141": 0.0,
    "E07000137": "x",
    "E07000140": 9.75,
    "E07000139": 11.0,
}


@pytest.fixture(scope="module")
def geojson() -> dict:
    return load_districts()


@pytest.fixture
def figure(geojson) -> go.Figure:
    return county_map(district_frame(VALUES), geojson, DISTRICT_AREAS, TITLE, "%")


def choropleths(figure: go.Figure) -> list:
    return [trace for trace in figure.data if trace.type == "choropleth"]


def is_grey_layer(trace) -> bool:
    return {colour for _, colour in trace.colorscale} == {NO_FIGURE_GREY}


def values_trace(figure: go.Figure):
    (trace,) = [t for t in choropleths(figure) if not is_grey_layer(t)]
    return trace


def grey_trace(figure: go.Figure):
    found = [t for t in choropleths(figure) if is_grey_layer(t)]
    assert len(found) <= 1
    return found[0] if found else None


def outline_traces(figure: go.Figure) -> list:
    return [t for t in figure.data if t.type == "scattergeo" and t.mode == "lines"]


def text_traces(figure: go.Figure) -> list:
    return [t for t in figure.data if t.type == "scattergeo" and t.mode == "text"]


def is_gap(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def inside(point, feature) -> bool:
    x, y = point
    crossings = 0
    for polygon in feature["geometry"]["coordinates"]:
        for ring in polygon:
            for (x1, y1), (x2, y2) in itertools.pairwise(ring):
                if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                    crossings += 1
    return crossings % 2 == 1


def signed_area(ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)) / 2


# The districts -----------------------------------------------------------------------------------


def test_one_choropleth_holds_all_seven_districts_in_frame_order(figure):
    trace = values_trace(figure)

    assert isinstance(figure, go.Figure)
    assert [t for t in choropleths(figure) if len(t.locations) == 7] == [trace]
    assert list(trace.locations) == list(VALUES)
    assert trace.featureidkey == "properties.lad20cd"


def test_z_is_numeric_and_symbols_are_gaps_never_zero(figure):
    z = list(values_trace(figure).z)

    assert z[0] == 16.4
    assert is_gap(z[1])
    assert z[2] == 12.5
    assert z[3] == 0.0  # a real zero stays zero
    assert is_gap(z[4])
    assert z[5] == 9.75
    assert all(isinstance(value, float) or value is None for value in z)


def test_districts_with_a_symbol_are_drawn_grey_with_their_area_codes(figure):
    grey = grey_trace(figure)

    assert list(grey.locations) == ["E07000136", "E07000137"]
    assert grey.showscale is False
    assert list(grey.customdata) == ["east", "east"]
    assert "c (suppressed" in grey.hovertext[0]
    assert "x (not available)" in grey.hovertext[1]


def test_without_symbols_there_is_no_grey_layer_and_no_note(geojson):
    frame = district_frame({code: 10.0 + index for index, code in enumerate(NAMES)})

    figure = county_map(frame, geojson, DISTRICT_AREAS, TITLE, "%")

    assert len(choropleths(figure)) == 1
    assert figure.layout.annotations == ()
    assert all(set(t.text) <= set(AREA_NAMES.values()) for t in text_traces(figure))


def test_hover_names_district_and_quadrant_and_shows_the_formatted_value_or_symbol(figure):
    hover = list(values_trace(figure).hovertext)

    assert "Lincoln" in hover[0]
    assert "Quadrant: West" in hover[0]
    assert "16.4%" in hover[0]
    assert "Boston" in hover[1]
    assert "Quadrant: East" in hover[1]
    assert "c (suppressed: small numbers)" in hover[1]
    assert "0.0%" in hover[3]
    assert "x (not available)" in hover[4]
    assert "%{hovertext}" in values_trace(figure).hovertemplate


def test_each_district_carries_its_area_code_for_clicks(figure):
    assert list(values_trace(figure).customdata) == [DISTRICT_AREAS[code] for code in VALUES]


def test_a_missing_area_code_in_the_frame_falls_back_to_the_district_table(geojson):
    frame = district_frame({"E07000138": 5.0, "E07000142": 6.0})
    frame.loc[0, "area_code"] = None

    figure = county_map(frame, geojson, DISTRICT_AREAS, TITLE, "%")

    assert list(values_trace(figure).customdata) == ["west", "north"]


def test_rows_without_a_boundary_are_left_out(geojson):
    values = {**VALUES, "out_of_county": 20.0}
    frame = district_frame(values)

    trace = values_trace(county_map(frame, geojson, DISTRICT_AREAS, TITLE, "%"))

    assert list(trace.locations) == list(VALUES)


def test_the_colour_bar_runs_light_to_the_palette_blue_and_is_titled_with_the_unit(figure):
    trace = values_trace(figure)
    colours = [colour for _, colour in trace.colorscale]

    assert colours[-1] == PALETTE[0] == "#12436D"
    assert _lightness(colours[0]) > _lightness(colours[-1])
    assert [_lightness(colour) for colour in colours] == sorted(
        (_lightness(colour) for colour in colours), reverse=True
    )
    assert trace.showscale is True
    assert trace.colorbar.title.text == "%"
    assert trace.colorbar.ticksuffix == "%"


def test_when_every_value_is_a_symbol_there_is_no_colour_bar(geojson):
    frame = district_frame(dict.fromkeys(NAMES, "c"))

    figure = county_map(frame, geojson, DISTRICT_AREAS, TITLE, "%")

    assert values_trace(figure).showscale is False
    assert all(is_gap(value) for value in values_trace(figure).z)
    assert len(grey_trace(figure).locations) == 7


@pytest.mark.parametrize(
    ("unit", "value", "shown"),
    [
        ("per 100 pupils", 3.25, "3.2 per 100 pupils"),
        ("score", 41.5, "41.5"),
        ("settings", 12, "12 settings"),
    ],
)
def test_values_are_formatted_for_their_unit(geojson, unit, value, shown):
    figure = county_map(district_frame({"E07000138": value}), geojson, DISTRICT_AREAS, TITLE, unit)

    (hover,) = values_trace(figure).hovertext
    assert hover.endswith(f"{TITLE}: {shown}")
    assert values_trace(figure).colorbar.title.text == unit
    assert not values_trace(figure).colorbar.ticksuffix


# Quadrants ---------------------------------------------------------------------------------------


def test_one_outline_trace_per_quadrant_named_and_tagged_with_its_area_code(figure):
    outlines = outline_traces(figure)

    assert [trace.name for trace in outlines] == ["north", "east", "south", "west"]
    for trace in outlines:
        assert set(trace.customdata) == {trace.name}
        assert len(trace.customdata) == len(trace.lon) == len(trace.lat)
        assert trace.line.width >= 3
        assert trace.line.color == "#0B0C0C"


def test_outlines_follow_the_mapping_passed_in_not_a_built_in_one(geojson):
    two_halves = {code: ("a" if code in ("E07000142", "E07000137") else "b") for code in NAMES}

    figure = county_map(district_frame(VALUES, two_halves), geojson, two_halves, TITLE, "%")

    assert [trace.name for trace in outline_traces(figure)] == ["b", "a"]  # Boston ("b") first
    assert list(values_trace(figure).customdata) == [two_halves[code] for code in VALUES]


def test_an_outline_goes_round_the_quadrant_not_between_its_districts(figure, geojson):
    districts = features_by_code(geojson)
    east = next(trace for trace in outline_traces(figure) if trace.name == "east")
    drawn = {(lon, lat) for lon, lat in zip(east.lon, east.lat, strict=True) if lon is not None}
    vertices = {
        tuple(point)
        for code in ("E07000136", "E07000137")
        for polygon in districts[code]["geometry"]["coordinates"]
        for ring in polygon
        for point in ring
    }
    border = vertices & {
        tuple(point)
        for polygon in districts["E07000139"]["geometry"]["coordinates"]
        for ring in polygon
        for point in ring
    }

    assert drawn <= vertices
    assert len(drawn) < len(vertices)  # the Boston–East Lindsey border is not drawn
    assert border and border <= drawn  # the border with North Kesteven (west) is


def test_quadrant_names_are_written_inside_their_quadrants(figure, geojson):
    districts = features_by_code(geojson)
    labels = next(t for t in text_traces(figure) if "North" in t.text)

    assert list(labels.text) == ["North", "East", "South", "West"]
    for name, lon, lat in zip(labels.text, labels.lon, labels.lat, strict=True):
        area = {v: k for k, v in AREA_NAMES.items()}[name]
        members = [districts[c] for c, a in DISTRICT_AREAS.items() if a == area]
        assert any(inside((lon, lat), member) for member in members), name


def test_symbols_are_written_on_their_districts_and_explained(figure, geojson):
    districts = features_by_code(geojson)
    symbols = next(t for t in text_traces(figure) if "c" in t.text)

    assert list(symbols.text) == ["c", "x"]
    assert inside((symbols.lon[0], symbols.lat[0]), districts["E07000136"])
    assert inside((symbols.lon[1], symbols.lat[1]), districts["E07000137"])
    (note,) = figure.layout.annotations
    assert "Grey" in note.text and "symbol" in note.text


# Offline drawing ---------------------------------------------------------------------------------


def test_the_base_map_is_hidden_and_nothing_is_fetched(figure):
    geo = figure.layout.geo

    assert geo.visible is False
    assert geo.showland is False
    assert geo.showcoastlines is False
    assert geo.showcountries is False
    assert geo.showocean is False
    assert geo.showlakes is False
    assert geo.showrivers is False
    assert geo.fitbounds == "locations"
    layout = figure.to_dict()["layout"]
    assert "mapbox" not in layout
    assert "map" not in layout  # no tile style, not even "white-bg"
    assert {trace.type for trace in figure.data} <= {"choropleth", "scattergeo"}


def test_the_first_trace_has_no_locationmode_so_plotly_js_fetches_no_world_topojson(figure):
    first = figure.data[0]

    assert first.type == "scattergeo"
    assert first.locations is None
    assert first.locationmode is None


def test_the_boundaries_are_embedded_wound_clockwise_and_the_input_is_untouched(geojson):
    before = copy.deepcopy(geojson)

    figure = county_map(district_frame(VALUES), geojson, DISTRICT_AREAS, TITLE, "%")

    embedded = values_trace(figure).geojson
    assert isinstance(embedded, dict)
    for feature in embedded["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            assert signed_area(polygon[0]) < 0  # clockwise, as d3-geo reads an exterior ring
    assert geojson == before


def test_title_and_click_mode(figure):
    assert figure.layout.title.text == TITLE
    assert figure.layout.clickmode == "event"


# Nothing to show ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame(columns=COLUMNS),
        pd.DataFrame(),
        district_frame({"out_of_county": 3.0}),
    ],
    ids=["no rows", "no columns", "only rows without a boundary"],
)
def test_an_empty_frame_says_so_in_words(geojson, frame):
    figure = county_map(frame, geojson, DISTRICT_AREAS, TITLE, "%")

    assert figure.data == ()
    assert [a.text for a in figure.layout.annotations] == ["No data for these filters."]
    assert figure.layout.title.text == TITLE
    assert figure.layout.geo.fitbounds is None  # no map at all, so nothing to fetch


def _lightness(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue
