"""Bar charts for counts and shares: one colour and one pattern per group, so colour is never
the only difference; symbols (c, x) are left out of the bar and said in the hover."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.theme import PALETTE, base_layout
from dashboard.formatting import format_count

PATTERNS = ("", "/", ".", "x", "-", "+")
GROUP_ORDER = ("bronze", "silver", "gold", "setting", "foster_household", "childrens_home")
"""Groups that have a natural order keep it, so a level has the same colour on every chart."""


def bar_chart(
    frame: pd.DataFrame,
    x: str,
    y: str,
    title: str,
    axis_titles: tuple[str, str],
    group: str | None = None,
    horizontal: bool = False,
    labels: dict[str, str] | None = None,
    stacked: bool = False,
) -> go.Figure:
    """Bars of `y` by `x`, one trace per value of `group`, side by side (or `stacked`; rows
    sharing an `x` then add up in the bar, so a total is drawn, not computed here)."""
    names = labels or {}
    figure = go.Figure(layout=base_layout(title, *axis_titles))
    groups = frame.groupby(group, sort=False) if group else [(None, frame)]
    if group:
        rank = {key: place for place, key in enumerate(GROUP_ORDER)}
        groups = sorted(groups, key=lambda item: rank.get(item[0], len(rank)))
    for index, (key, rows) in enumerate(groups):
        categories = [names.get(str(value), str(value)) for value in rows[x]]
        values = pd.to_numeric(rows[y], errors="coerce").tolist()
        figure.add_trace(
            go.Bar(
                x=values if horizontal else categories,
                y=categories if horizontal else values,
                orientation="h" if horizontal else "v",
                name=names.get(str(key), str(key)) if key is not None else axis_titles[1],
                marker={
                    "color": PALETTE[index % len(PALETTE)],
                    "pattern": {"shape": PATTERNS[index % len(PATTERNS)]},
                },
                customdata=[format_count(value) for value in rows[y]],
                hovertemplate="%{"
                + ("y" if horizontal else "x")
                + "}: %{customdata}<extra>"
                + (names.get(str(key), str(key)) if key is not None else "")
                + "</extra>",
            )
        )
    figure.update_layout(barmode="stack" if stacked else "group", showlegend=group is not None)
    category_axis = figure.layout.yaxis if horizontal else figure.layout.xaxis
    category_axis.type = "category"
    if horizontal:
        figure.update_layout(xaxis_title_text=axis_titles[1], yaxis_title_text=axis_titles[0])
        figure.update_yaxes(autorange="reversed")
    return figure
