"""A small trend line for a headline figure: no axes to read, the last point marked."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.theme import PALETTE


def sparkline(frame: pd.DataFrame, label: str) -> go.Figure:
    """`frame` has academic_year and value; symbols (c, x) are gaps."""
    values = pd.to_numeric(frame["value"], errors="coerce")
    figure = go.Figure(
        go.Scatter(
            x=frame["academic_year"].tolist(),
            y=values.tolist(),
            mode="lines",
            line={"color": PALETTE[0], "width": 2},
            connectgaps=False,
            name=label,
            hovertemplate="%{x}: %{y:.1f}<extra></extra>",
        )
    )
    if values.notna().any():
        last = values.last_valid_index()
        figure.add_trace(
            go.Scatter(
                x=[frame["academic_year"][last]],
                y=[values[last]],
                mode="markers",
                marker={"color": PALETTE[0], "size": 7},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    figure.update_layout(
        height=60,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        xaxis={"visible": False, "type": "category"},
        yaxis={"visible": False},
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=False,
    )
    return figure
