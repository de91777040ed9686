"""A chart card: title, the chart, a note of cohort and filters, "Show data" and "Download CSV"."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html


def data_table(frame: pd.DataFrame, caption: str) -> html.Table:
    """An accessible table of exactly the rows and columns a chart plots."""
    head = html.Thead(html.Tr([html.Th(column, scope="col") for column in frame.columns]))
    body = html.Tbody(
        [html.Tr([html.Td(str(value)) for value in row]) for row in frame.itertuples(index=False)]
    )
    return html.Table(
        [html.Caption(caption), head, body],
        className="table table-sm table-striped caption-top mb-0",
    )


def chart_card(
    card_id: str,
    title: str,
    figure: go.Figure | None,
    table: pd.DataFrame,
    note: str,
    download_href: str,
    empty_message: str = "No data for these filters.",
) -> dbc.Card:
    """A card for one chart; with nothing to draw it says so in words instead of an empty chart."""
    body = []
    if figure is None:
        body.append(html.P(empty_message, className="empty-result fw-bold my-4"))
    else:
        body.append(
            dcc.Graph(
                figure=figure,
                config={"displaylogo": False, "responsive": True},
                className="chart",
                style={"height": "340px"},
            )
        )
    if not table.empty:
        body.append(
            html.Details(
                [html.Summary("Show data"), data_table(table, f"Data for: {title}")],
                className="mt-2 show-data",
            )
        )
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(title, className="h5 card-title"),
                *body,
                html.P(note, className="small text-muted mt-2 mb-1 chart-note"),
                html.A(
                    "Download CSV", href=download_href, className="download-link small", download=""
                ),
            ]
        ),
        id=card_id,
        className="h-100 chart-card",
    )
