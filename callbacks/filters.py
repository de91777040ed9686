"""The filter bar: its values become one `Filters`, mirrored in the URL's query string.

Page callbacks take the bar's values as inputs (so a page fills itself when first drawn) and
turn them into `Filters` with `filters_from_bar`; `sync_url` writes the same filters to the URL,
so a link opens the same view.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from dashboard.filters import FilterError, Filters
from layouts.filter_bar import ALL

BAR_INPUTS = [
    Input("filter-cohort", "value"),
    Input("filter-phase", "value"),
    Input("filter-from", "value"),
    Input("filter-to", "value"),
    Input("filter-areas", "value"),
    State("url", "search"),
    State("filter-from", "options"),
]
"""The inputs every page callback takes, in the order `filters_from_bar` expects them."""


def filters_from_bar(
    cohort: str | None,
    phase: str | None,
    year_from: str | None,
    year_to: str | None,
    areas: list[str] | None,
    search: str | None,
    year_options: list[dict] | None,
) -> Filters:
    """The bar's values as `Filters` (raises FilterError for anything not allowed).

    The first and last years on offer mean "from the start" and "to the latest", so a link made
    today keeps showing the newest year when more data arrives. The bar has no setting control;
    a setting chosen by link is kept.
    """
    offered = [option.get("value") for option in year_options or [] if isinstance(option, dict)]
    if offered and year_from == offered[0]:
        year_from = None
    if offered and year_to == offered[-1]:
        year_to = None
    phase = None if phase == ALL else phase
    return Filters.from_inputs(cohort, phase, _setting(search), year_from, year_to, areas)


def _setting(search: str | None) -> str | None:
    try:
        return Filters.from_query(search).setting
    except FilterError:
        return None


def sync_url(*bar_values) -> str:
    """The canonical query string for the bar; an unchanged URL is left alone."""
    try:
        query = filters_from_bar(*bar_values).to_query()
    except FilterError:
        return no_update
    search = bar_values[5]
    return no_update if query == (search or "") else query


def register(app: Dash) -> None:
    app.callback(Output("url", "search"), *BAR_INPUTS, prevent_initial_call=True)(sync_url)
