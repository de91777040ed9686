"""A measure by district on a map of Lincolnshire, with the quadrants (areas) outlined and named.

Draws with no internet at all: the boundaries come in as GeoJSON, the base map is hidden, and no
tiles or topojson are fetched (see `county_map` for the trap in plotly.js this avoids).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.theme import FONT, SEQUENTIAL
from dashboard.formatting import format_count, format_value, is_missing
from dashboard.geography import (
    CODE_KEY,
    clockwise,
    features_by_code,
    label_point,
    outline_paths,
    quadrant_outline,
)
from dashboard.measures import PERCENT, SCORE

NO_FIGURE_GREY = "#B1B4B6"
DISTRICT_BORDER = "#FFFFFF"
OUTLINE_COLOUR = "#0B0C0C"
TEXT_COLOUR = "#0B0C0C"
EMPTY_MESSAGE = "No data for these filters."
NO_FIGURE_NOTE = "Grey: no figure to show; the symbol is written on the district."
SYMBOL_MEANINGS = {
    "c": "c (suppressed: small numbers)",
    "x": "x (not available)",
    "z": "z (not applicable)",
    "low": "low (rounds to zero)",
}
FEATURE_ID_KEY = f"properties.{CODE_KEY}"
COLOURSCALE = [[index / (len(SEQUENTIAL) - 1), colour] for index, colour in enumerate(SEQUENTIAL)]


def county_map(
    frame: pd.DataFrame,
    geojson: dict,
    district_areas: Mapping[str, str],
    measure_title: str,
    unit: str,
) -> go.Figure:
    """Districts shaded by `value`, quadrant borders drawn thick, quadrant names written on.

    `frame`: one row per district (district_code, district_name, area_code, area_name, value); a
    value is a number or a GSS symbol ('c', 'x', ...). A symbol is never drawn as a number: its
    district is grey, the symbol is written on it and shown in the hover. Rows whose district has
    no boundary in `geojson` (e.g. out of county) cannot be drawn and are left out.
    `district_areas`: district_code → area_code (the warehouse's district table).

    Every district and every outline point carries its area_code as `customdata` (outline traces
    are also named by it), so a click tells the page which quadrant was chosen.

    Trace order matters offline: plotly.js fetches a world topojson from its CDN when the *first*
    trace on a geo subplot has a `locationmode` (every choropleth has one) and, if the fetch fails,
    leaves the whole map blank. So the quadrant labels and outlines (lon/lat, no locationmode) come
    first; plotly.js draws choropleths beneath scattergeo traces whatever their order.
    """
    features = features_by_code(geojson)
    rows = frame[frame["district_code"].isin(list(features))] if len(frame.columns) else frame
    if rows.empty:
        return empty_map(measure_title)
    rows = rows.reset_index(drop=True)
    numbers = pd.to_numeric(rows["value"], errors="coerce")
    areas = [
        area if isinstance(area, str) and area else district_areas.get(code, "")
        for code, area in zip(rows["district_code"], rows["area_code"], strict=True)
    ]
    hover = _hover(rows, numbers, measure_title, unit)
    area_names = _area_names(rows, areas)
    wound = clockwise(geojson)

    figure = go.Figure(layout=_layout(measure_title))
    figure.add_trace(_quadrant_labels(features, district_areas, area_names))
    for area_code, members in _quadrants(features, district_areas).items():
        figure.add_trace(_outline(area_code, area_names.get(area_code, area_code), members))
    symbols = numbers.isna().to_numpy()
    if symbols.any():
        figure.add_trace(_symbol_labels(rows[symbols], features))
        figure.add_trace(
            _no_figure(rows[symbols], _pick(areas, symbols), _pick(hover, symbols), wound)
        )
        figure.add_annotation(
            text=NO_FIGURE_NOTE,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            yshift=-4,
            showarrow=False,
            font={"size": 13},
        )
    figure.add_trace(_values(rows, numbers, areas, hover, wound, measure_title, unit))
    return figure


def empty_map(title: str) -> go.Figure:
    """A figure that says in words that there is nothing to draw (and loads no map at all)."""
    figure = go.Figure(layout=_layout(title, geo=False))
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    figure.add_annotation(
        text=EMPTY_MESSAGE,
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        showarrow=False,
        font={"size": 16},
    )
    return figure


def _layout(title: str, geo: bool = True) -> go.Layout:
    layout = go.Layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}},
        font={"family": FONT, "size": 14, "color": TEXT_COLOUR},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        hoverlabel={"font": {"family": FONT}},
        clickmode="event",
        showlegend=False,
    )
    if geo:
        layout.geo = {
            "fitbounds": "locations",
            "visible": False,
            "showland": False,
            "showocean": False,
            "showlakes": False,
            "showrivers": False,
            "showcountries": False,
            "showsubunits": False,
            "showcoastlines": False,
            "showframe": False,
            "projection": {"type": "mercator"},
            "bgcolor": "white",
        }
    return layout


def _shown(value: object, number: float, unit: str) -> str:
    if pd.isna(number):
        return "x" if _missing(value) else SYMBOL_MEANINGS.get(str(value), str(value))
    if unit in (PERCENT, SCORE):
        return format_value(float(number), unit)
    return f"{format_count(float(number))} {unit}".strip()


def _missing(value: object) -> bool:
    """None, NaN or pandas' NA: shown as 'x' (unavailable), like `format_value` does."""
    return is_missing(value) or value is pd.NA or value is pd.NaT


def _hover(rows: pd.DataFrame, numbers: pd.Series, title: str, unit: str) -> list[str]:
    return [
        f"<b>{district}</b><br>Quadrant: {area}<br>{title}: {_shown(value, number, unit)}"
        for district, area, value, number in zip(
            rows["district_name"], rows["area_name"], rows["value"], numbers, strict=True
        )
    ]


def _area_names(rows: pd.DataFrame, areas: Sequence[str]) -> dict[str, str]:
    names = {}
    for area, name in zip(areas, rows["area_name"], strict=True):
        if isinstance(name, str) and name:
            names.setdefault(area, name)
    return names


def _quadrants(features: dict[str, dict], district_areas: Mapping[str, str]) -> dict[str, list]:
    """Each quadrant's district boundaries, quadrants in the order the mapping first names them."""
    quadrants: dict[str, list] = {}
    for code, area in district_areas.items():
        if code in features:
            quadrants.setdefault(area, []).append(features[code])
    return quadrants


def _pick(values: Sequence, mask) -> list:
    return [value for value, keep in zip(values, mask, strict=True) if keep]


def _quadrant_labels(features, district_areas, area_names) -> go.Scattergeo:
    quadrants = _quadrants(features, district_areas)
    points = [label_point(members) for members in quadrants.values()]
    return go.Scattergeo(
        lon=[lon for lon, _ in points],
        lat=[lat for _, lat in points],
        text=[area_names.get(area, area) for area in quadrants],
        customdata=list(quadrants),
        mode="text",
        textfont={"size": 16, "color": TEXT_COLOUR, "weight": "bold", "shadow": "auto"},
        hoverinfo="skip",
        name="Quadrant names",
    )


def _outline(area_code: str, area_name: str, members: list[dict]) -> go.Scattergeo:
    lon: list[float | None] = []
    lat: list[float | None] = []
    for path in outline_paths(quadrant_outline(members)):
        lon += [point[0] for point in path] + [None]
        lat += [point[1] for point in path] + [None]
    return go.Scattergeo(
        lon=lon,
        lat=lat,
        mode="lines",
        line={"color": OUTLINE_COLOUR, "width": 3},
        name=area_code,
        customdata=[area_code] * len(lon),
        hovertext=f"Quadrant: {area_name}",
        hoverinfo="text",
    )


def _symbol_labels(rows: pd.DataFrame, features: dict[str, dict]) -> go.Scattergeo:
    points = [label_point([features[code]]) for code in rows["district_code"]]
    return go.Scattergeo(
        lon=[lon for lon, _ in points],
        lat=[lat for _, lat in points],
        text=["x" if _missing(value) else str(value) for value in rows["value"]],
        mode="text",
        textposition="bottom center",
        textfont={"size": 14, "color": TEXT_COLOUR},
        hoverinfo="skip",
        name="Symbols",
    )


def _no_figure(
    rows: pd.DataFrame, areas: list[str], hover: list[str], wound: dict
) -> go.Choropleth:
    return go.Choropleth(
        geojson=wound,
        featureidkey=FEATURE_ID_KEY,
        locations=rows["district_code"].tolist(),
        z=[1] * len(rows),  # a flat grey: this trace shows where there is no figure, not a value
        zmin=0,
        zmax=1,
        colorscale=[[0, NO_FIGURE_GREY], [1, NO_FIGURE_GREY]],
        showscale=False,
        marker={"line": {"color": DISTRICT_BORDER, "width": 1}},
        customdata=areas,
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        name="No figure",
    )


def _values(rows, numbers, areas, hover, wound, title: str, unit: str) -> go.Choropleth:
    z = [None if pd.isna(number) else float(number) for number in numbers]
    return go.Choropleth(
        geojson=wound,
        featureidkey=FEATURE_ID_KEY,
        locations=rows["district_code"].tolist(),
        z=z,
        colorscale=COLOURSCALE,
        showscale=bool(numbers.notna().any()),
        colorbar={
            "title": {"text": unit},
            "ticksuffix": "%" if unit == PERCENT else "",
            "thickness": 16,
            "outlinewidth": 0,
        },
        marker={"line": {"color": DISTRICT_BORDER, "width": 1}},
        customdata=areas,
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        name=title,
    )
