"""Overview: the landing page's headline figures for the selected year."""

from __future__ import annotations

from dash import dcc, html

from dashboard.filters import Filters
from layouts.filter_bar import FilterOptions, filter_bar
from layouts.shell import page_heading

TITLE = "Overview"


def layout(filters: Filters, options: FilterOptions) -> html.Div:
    return html.Div(
        [
            page_heading(
                "Caring2Learn at a glance",
                "Headline outcomes for the selected cohort in the last year chosen, with the "
                "change from the year before, and the programme's awards, training and "
                "Education Champions. Each figure links to its page.",
            ),
            filter_bar(filters, options, {}),
            dcc.Loading(html.Div(id="overview-content"), delay_show=300),
        ]
    )


def sections(outcomes: html.Div, programme: html.Div | None) -> list:
    parts = [html.H2("Outcomes", className="h4 mt-3"), outcomes]
    if programme is not None:
        parts += [html.H2("The programme", className="h4 mt-3"), programme]
    return parts
