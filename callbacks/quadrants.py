"""County quadrants: the chosen measure by area → map and small multiples; every measure →
the comparison table. A click on the map ticks that quadrant in the filter bar."""

from __future__ import annotations

from dash import Dash, Input, Output, ctx, no_update

from callbacks.common import fetch, filter_options
from callbacks.filters import BAR_INPUTS, filters_from_bar
from callbacks.outcomes import years_shown
from dashboard.comparison import comparison_table, value_in
from dashboard.figures.county_map import county_map
from dashboard.figures.small_multiples import small_multiples
from dashboard.filters import FilterError, Filters
from dashboard.formatting import display_table, format_value
from dashboard.geography import load_districts
from dashboard.measures import BY_ID, MEASURES, Measure
from data_access.gateway import AccessDenied, UnknownValue
from layouts.chart_card import chart_card, data_table
from layouts.filter_bar import FilterOptions
from layouts.shell import problem


def map_card(measure: Measure, filters: Filters, year: str, by_area):
    districts = fetch("district_list", Filters())
    districts["value"] = [
        value_in(by_area, year, area_code=code) for code in districts["area_code"]
    ]
    labelled = districts.assign(
        area_name=[
            f"{name}: {format_value(value, measure.unit)}"
            for name, value in zip(districts["area_name"], districts["value"], strict=True)
        ]
    )
    figure = county_map(
        labelled,
        load_districts(),
        dict(zip(districts["district_code"], districts["area_code"], strict=True)),
        "",
        measure.axis_title,
    )
    names = dict(zip(districts["area_code"], districts["area_name"], strict=True))
    table = by_area[by_area["academic_year"] == year].assign(
        area_code=lambda frame: frame["area_code"].map(
            lambda code: names.get(code, "Out of county")
        )
    )
    return chart_card(
        "card-quadrant-map",
        f"{measure.title}, {year}, by quadrant",
        figure,
        display_table(table, measure, {}),
        filters.describe(names),
        f"/download/{measure.id}_by_area.csv{filters.to_query()}",
        graph_id="quadrant-map",
        height="440px",
    )


def the_year(filters: Filters, options: FilterOptions) -> str:
    return filters.year_to or options.years[-1]


def update_quadrants(measure_id: str | None, *bar_values) -> tuple:
    """Map, comparison table and small multiples. Choosing another measure changes only the
    map and the multiples, so then the table (every measure, ~30 reads) is not rebuilt or sent."""
    try:
        filters = filters_from_bar(*bar_values)
        options = filter_options()
        measure = BY_ID.get(measure_id) or BY_ID["persistent_absence"]
        year = the_year(filters, options)
        names = dict(options.areas)
        by_area = fetch(f"{measure.id}_by_area", filters)
        table = (
            no_update
            if ctx.triggered_id == "quadrant-measure"
            else data_table(comparison(filters, year, names), f"Every measure by quadrant, {year}")
        )
        multiples = small_multiples(
            by_area,
            measure,
            {**names, "out_of_county": "Out of county"},
            years_shown(filters, options),
        )
    except (FilterError, UnknownValue, AccessDenied) as error:
        return problem(str(error)), None, None
    return (
        map_card(measure, filters, year, by_area),
        table,
        chart_card(
            "card-quadrant-multiples",
            f"{measure.title}: trend in each quadrant",
            multiples,
            display_table(by_area, measure, {}),
            filters.describe(names),
            f"/download/{measure.id}_by_area.csv{filters.to_query()}",
        ),
    )


def comparison(filters: Filters, year: str, names: dict[str, str]):
    rows = [(m, fetch(f"{m.id}_by_area", filters), fetch(m.id, filters)) for m in MEASURES]
    return comparison_table(rows, year, names)


def select_clicked_quadrant(click: dict | None) -> list[str]:
    """A click on a district or a quadrant outline carries the quadrant's area code."""
    points = (click or {}).get("points") or []
    code = points[0].get("customdata") if points else None
    if isinstance(code, list):
        code = code[0] if code else None
    return [code] if isinstance(code, str) and code else no_update


def register(app: Dash) -> None:
    app.callback(
        Output("quadrant-map-card", "children"),
        Output("quadrant-table", "children"),
        Output("quadrant-multiples", "children"),
        Input("quadrant-measure", "value"),
        *BAR_INPUTS,
    )(update_quadrants)
    app.callback(
        Output("filter-areas", "value"),
        Input("quadrant-map", "clickData"),
        prevent_initial_call=True,
    )(select_clicked_quadrant)
