"""One small trend chart per area, on a shared scale, so quadrants can be compared at a glance."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.figures.theme import FONT, PALETTE
from dashboard.formatting import format_value
from dashboard.measures import Measure

COLUMNS = 3


def small_multiples(
    frame: pd.DataFrame, measure: Measure, area_names: dict[str, str], years: Sequence[str]
) -> go.Figure:
    """`frame` has academic_year, area_code, value; one panel per area in `area_names` order."""
    codes = list(area_names)
    rows = max(1, -(-len(codes) // COLUMNS))
    figure = make_subplots(
        rows=rows,
        cols=COLUMNS,
        shared_yaxes=True,
        shared_xaxes=True,
        subplot_titles=[area_names[code] for code in codes],
        vertical_spacing=0.3,
        horizontal_spacing=0.04,
    )
    for index, code in enumerate(codes):
        found = frame[frame["area_code"] == code].set_index("academic_year")["value"]
        values = found.reindex(list(years))
        figure.add_trace(
            go.Scatter(
                x=list(years),
                y=pd.to_numeric(values, errors="coerce").tolist(),
                mode="lines+markers",
                connectgaps=False,
                name=area_names[code],
                line={"color": PALETTE[0], "width": 2},
                marker={"size": 6},
                customdata=[format_value(value, measure.unit) for value in values],
                hovertemplate="%{x}: %{customdata}<extra>" + area_names[code] + "</extra>",
            ),
            row=index // COLUMNS + 1,
            col=index % COLUMNS + 1,
        )
    figure.update_layout(
        title={"text": f"{measure.title}, by area", "x": 0, "font": {"size": 16}},
        font={"family": FONT, "size": 12},
        showlegend=False,
        plot_bgcolor="white",
        height=300 * rows + 60,
        margin={"l": 50, "r": 10, "t": 70, "b": 40},
    )
    figure.update_xaxes(type="category", showticklabels=True, tickangle=-45)
    negative = (pd.to_numeric(frame.get("value"), errors="coerce") < 0).any()
    figure.update_yaxes(gridcolor="#dddddd", rangemode="normal" if negative else "tozero")
    figure.update_yaxes(title_text=measure.axis_title, col=1)
    return figure
