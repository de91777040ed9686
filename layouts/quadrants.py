"""County quadrants: the map, the comparison table and a trend per quadrant, made to print."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.filters import Filters
from dashboard.measures import MEASURES
from layouts.filter_bar import FilterOptions, filter_bar
from layouts.shell import page_heading

TITLE = "County quadrants"
DEFAULT_MEASURE = "persistent_absence"


def layout(filters: Filters, options: FilterOptions) -> html.Div:
    return html.Div(
        [
            page_heading(
                TITLE,
                "How the four quadrants compare: the map colours each district by its "
                "quadrant's figure for the last year chosen. Click a quadrant to look at it alone.",
            ),
            filter_bar(filters, options, {}),
            dbc.Row(
                dbc.Col(
                    [
                        dbc.Label(
                            "Measure on the map and trends",
                            html_for="quadrant-measure",
                            className="fw-bold",
                        ),
                        dbc.Select(
                            id="quadrant-measure",
                            options=[{"label": m.title, "value": m.id} for m in MEASURES],
                            value=DEFAULT_MEASURE,
                        ),
                    ],
                    lg=6,
                ),
                className="mb-3 no-print",
            ),
            dcc.Loading(html.Div(id="quadrant-map-card"), delay_show=300),
            html.H2("Every measure by quadrant", className="h4 mt-4"),
            dcc.Loading(html.Div(id="quadrant-table"), delay_show=300),
            html.H2("Trends by quadrant", className="h4 mt-4 page-break"),
            dcc.Loading(html.Div(id="quadrant-multiples"), delay_show=300),
            html.Section(
                [
                    html.H2("Notes", className="h5 mt-4"),
                    html.P(
                        "A child's quadrant is that of their school's district when the school is "
                        "in the county, otherwise of the district they live in; children placed "
                        "out of county are shown as 'Out of county' and counted in the county "
                        "total. c: hidden to protect children (small numbers); x: not available. "
                        "England: DfE published figures for the same cohort where available.",
                        className="small",
                    ),
                    html.P(
                        "Boundaries: ONS Local Authority Districts (December 2020). Contains OS "
                        "data © Crown copyright and database right 2020. Open Government Licence "
                        "v3.0.",
                        className="small",
                    ),
                ],
                className="print-notes",
            ),
        ]
    )
