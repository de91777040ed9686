"""The Government Analysis Function palette and a plain, readable chart style."""

from __future__ import annotations

import plotly.graph_objects as go

PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
SEQUENTIAL = ("#E8F0F7", "#A7C4DE", "#5F91BF", "#2B6396", "#12436D")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
SYMBOLS = ("circle", "diamond", "square", "triangle-up", "x", "star")
FONT = "Arial, Helvetica, sans-serif"


def base_layout(title: str, x_title: str, y_title: str) -> go.Layout:
    return go.Layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}},
        font={"family": FONT, "size": 14, "color": "#0b0c0c"},
        xaxis={"title": {"text": x_title}, "showgrid": False, "linecolor": "#0b0c0c"},
        yaxis={
            "title": {"text": y_title},
            "gridcolor": "#dddddd",
            "zeroline": True,
            "zerolinecolor": "#b1b4b6",
            "rangemode": "tozero",
        },
        plot_bgcolor="white",
        paper_bgcolor="white",
        margin={"l": 60, "r": 20, "t": 50, "b": 50},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        hoverlabel={"font": {"family": FONT}},
    )
