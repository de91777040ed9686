"""Outcome trends: one chart card per measure, grouped by section, under the filter bar."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.filters import Filters
from layouts.filter_bar import FilterOptions, filter_bar
from layouts.shell import page_heading

TITLE = "Outcome trends"


def layout(filters: Filters, options: FilterOptions) -> html.Div:
    return html.Div(
        [
            page_heading(
                TITLE,
                "How the cohort's attendance, exclusions, attainment, wellbeing and post-16 "
                "activity have changed year by year, with England for comparison where DfE "
                "publishes it.",
            ),
            filter_bar(filters, options, {}),
            dbc.Checklist(
                id="outcome-neighbours",
                options=[
                    {
                        "label": "Also show the statistical neighbours' average (DfE, published)",
                        "value": "on",
                    }
                ],
                value=[],
                className="mb-2 no-print",
            ),
            dcc.Loading(html.Div(id="outcome-cards"), type="default", delay_show=300),
        ]
    )


def sections(cards: list[tuple[str, html.Div]]) -> list[html.Section]:
    """Cards grouped under a heading per section, two to a row on wide screens."""
    order = list(dict.fromkeys(section for section, _ in cards))
    return [
        html.Section(
            [
                html.H2(section, className="h4 mt-4"),
                dbc.Row(
                    [
                        dbc.Col(card, lg=6, className="mb-3")
                        for name, card in cards
                        if name == section
                    ]
                ),
            ]
        )
        for section in order
    ]
