"""A chart card: title, the chart, a note of cohort and filters, "Show data" and "Download CSV"."""

from __future__ import annotations

from html import escape

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html


def data_table(frame: pd.DataFrame, caption: str) -> dcc.Markdown:
    """An accessible table of exactly the rows and columns a chart plots.

    It goes to the browser as one escaped HTML component rather than a component per cell:
    a table of a few hundred rows would otherwise be thousands of components for Dash to
    render, which takes the browser tens of seconds.
    """
    head = "".join(f'<th scope="col">{escape(str(column))}</th>' for column in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(value))}</td>" for value in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    table = (
        '<table class="table table-sm table-striped caption-top mb-0">'
        f"<caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )
    return dcc.Markdown(table, dangerously_allow_html=True, className="data-table")


def chart_card(
    card_id: str,
    title: str,
    figure: go.Figure | None,
    table: pd.DataFrame,
    note: str,
    download_href: str,
    empty_message: str = "No data for these filters.",
    graph_id: str | None = None,
    height: str = "340px",
    table_open: bool = False,
) -> dbc.Card:
    """A card for one chart; with nothing to draw it says so in words instead of an empty chart."""
    body = []
    if figure is None:
        if empty_message:
            body.append(html.P(empty_message, className="empty-result fw-bold my-4"))
    else:
        body.append(
            dcc.Graph(
                id=graph_id or f"{card_id}-graph",
                figure=figure,
                config={"displaylogo": False, "responsive": True},
                className="chart",
                style={"height": height},
            )
        )
    if not table.empty:
        body.append(
            html.Details(
                [html.Summary("Show data"), data_table(table, f"Data for: {title}")],
                className="mt-2 show-data",
                open=table_open,
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
