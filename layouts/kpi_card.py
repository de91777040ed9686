"""A headline figure: big number, the change in words, a small trend and a link to more."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html


def kpi_card(
    card_id: str,
    label: str,
    value: str,
    year: str | None,
    change: str,
    href: str,
    trend: go.Figure | None = None,
    compact: bool = False,
) -> dbc.Card:
    """`compact` sets a value that is a phrase (e.g. levels) in smaller type than a number."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(label, className="h6 text-muted mb-1"),
                html.P(
                    [
                        html.Span(
                            value, className="kpi-value kpi-compact" if compact else "kpi-value"
                        ),
                        html.Span(f" in {year}" if year else "", className="small text-muted"),
                    ],
                    className="mb-1",
                ),
                html.P(change, className="small mb-1 kpi-change"),
                dcc.Graph(
                    figure=trend,
                    config={"displayModeBar": False, "staticPlot": True},
                    style={"height": "60px"},
                )
                if trend is not None
                else None,
                html.A(
                    ["See the trend", html.Span(f" for {label}", className="visually-hidden")],
                    href=href,
                    className="small",
                ),
            ]
        ),
        id=card_id,
        className="h-100 kpi-card",
    )


def kpi_grid(cards: list[dbc.Card]) -> dbc.Row:
    return dbc.Row([dbc.Col(card, md=6, lg=3, className="mb-3") for card in cards])
