"""Outcome trends: for each measure, fetch → trend figure → chart card."""

from __future__ import annotations

from dash import Dash, Input, Output, html

from callbacks.common import fetch, filter_options
from callbacks.filters import BAR_INPUTS, filters_from_bar
from dashboard.figures.trend import trend_figure
from dashboard.filters import FilterError, Filters
from dashboard.formatting import display_table, has_numbers
from dashboard.measures import MEASURES, Measure
from data_access.gateway import AccessDenied, UnknownValue
from layouts.chart_card import chart_card
from layouts.filter_bar import FilterOptions
from layouts.outcomes import sections
from layouts.shell import problem

NOTHING_TO_DRAW = (
    "Every figure here is hidden (c) or unavailable (x) for these filters: the numbers are too "
    "small to show safely. Widen the filters to see a trend."
)


def years_shown(filters: Filters, options: FilterOptions) -> list[str]:
    return [
        year
        for year in options.years
        if (filters.year_from or year) <= year <= (filters.year_to or year)
    ]


def series_labels(filters: Filters, names: dict[str, str]) -> dict[str, str]:
    chosen = ", ".join(names.get(area, "Out of county") for area in filters.areas)
    return {
        "selection": chosen or "Whole county",
        "england": "England (published)",
        "neighbours": "Statistical neighbours' average (published)",
    }


def outcome_card(
    measure: Measure, filters: Filters, options: FilterOptions, neighbours: bool = False
) -> html.Div:
    dataset = f"{measure.id}_with_neighbours" if neighbours else measure.id
    frame = fetch(dataset, filters)
    names = dict(options.areas)
    labels = series_labels(filters, names)
    note = filters.describe(names)
    if measure.id == "care_leavers_eet":
        note = (
            "Care leavers (formerly looked after); the cohort and setting filters do not apply. "
            + note
        )
    years = years_shown(filters, options)
    in_years = frame[frame.academic_year.isin(years)]
    plotted = has_numbers(in_years)
    return chart_card(
        f"card-{measure.id}",
        measure.title,
        trend_figure(frame, measure, labels, titled=False, years=years) if plotted else None,
        display_table(frame, measure, labels),
        note,
        f"/download/{dataset}.csv{filters.to_query()}",
        NOTHING_TO_DRAW if not in_years.empty else "No data for these filters.",
    )


def update_cards(neighbours: list[str] | None, *bar_values) -> list:
    try:
        filters = filters_from_bar(*bar_values)
        options = filter_options()
        with_neighbours = bool(neighbours)
        cards = [
            (measure.section, outcome_card(measure, filters, options, with_neighbours))
            for measure in MEASURES
        ]
    except (FilterError, UnknownValue, AccessDenied) as error:
        return [problem(str(error))]
    return sections(cards)


def register(app: Dash) -> None:
    app.callback(
        Output("outcome-cards", "children"), Input("outcome-neighbours", "value"), *BAR_INPUTS
    )(update_cards)
