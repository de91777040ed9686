"""A measure over academic years: the user's selection and any published benchmark lines."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.theme import DASHES, PALETTE, SYMBOLS, base_layout
from dashboard.formatting import format_value
from dashboard.measures import SCORE, Measure


def trend_figure(
    frame: pd.DataFrame,
    measure: Measure,
    labels: dict[str, str],
    titled: bool = True,
    years: Sequence[str] | None = None,
) -> go.Figure:
    """One line per `series` in `frame` (columns academic_year, series, value).

    `titled=False` leaves the title to the card around the chart, so it is not said twice.
    `years` puts every year on the axis, so a year with no figures shows as a gap rather than
    the line silently joining its neighbours.

    A value that is a symbol (suppressed `c`, unavailable `x`) is drawn as a gap, never as zero;
    each series has its own colour, dash and marker, so colour is never the only difference.
    """
    title = measure.title if titled else ""
    figure = go.Figure(layout=base_layout(title, "Academic year", measure.axis_title))
    if not titled:
        figure.update_layout(margin_t=40)
    for index, (series, found) in enumerate(frame.groupby("series", sort=False)):
        rows = _every_year(found, years)
        values = pd.to_numeric(rows["value"], errors="coerce")
        shown = [format_value(value, measure.unit) for value in rows["value"]]
        figure.add_trace(
            go.Scatter(
                x=rows["academic_year"].tolist(),
                y=values.tolist(),
                name=labels.get(series, series),
                mode="lines+markers",
                connectgaps=False,
                line={
                    "color": PALETTE[index % len(PALETTE)],
                    "dash": DASHES[index % 6],
                    "width": 3,
                },
                marker={"symbol": SYMBOLS[index % 6], "size": 9},
                customdata=shown,
                hovertemplate="%{x}: %{customdata}<extra>%{fullData.name}</extra>",
            )
        )
    _add_symbol_notes(figure, frame, labels)
    if measure.unit == SCORE and (pd.to_numeric(frame["value"], errors="coerce") < 0).any():
        figure.update_yaxes(rangemode="normal")
    if years:
        figure.update_xaxes(type="category", categoryorder="array", categoryarray=list(years))
    else:
        figure.update_xaxes(type="category", categoryorder="category ascending")
    return figure


def _every_year(rows: pd.DataFrame, years: Sequence[str] | None) -> pd.DataFrame:
    if not years:
        return rows
    indexed = rows.set_index("academic_year").reindex(list(years))
    return indexed.rename_axis("academic_year").reset_index()


SYMBOL_NOTES = {
    "c": "c: hidden to protect children (small numbers)",
    "x": "x: not available",
    "z": "z: not applicable",
    "low": "low: rounds to zero",
}


def _add_symbol_notes(figure: go.Figure, frame: pd.DataFrame, labels: dict[str, str]) -> None:
    """The symbol written just above the axis where a figure is missing, with a hover note.

    An annotation, not a point: nothing is drawn at a value, so a gap never reads as zero.
    """
    if frame.empty:
        return
    symbols = frame[frame["value"].map(lambda value: isinstance(value, str))]
    for year, rows in symbols.groupby("academic_year", sort=False):
        notes = [
            f"{labels.get(series, series)}: {SYMBOL_NOTES.get(value, value)}"
            for series, value in zip(rows["series"], rows["value"], strict=True)
        ]
        figure.add_annotation(
            x=year,
            y=0.02,
            yref="paper",
            text="/".join(dict.fromkeys(rows["value"])),
            showarrow=False,
            font={"color": "#505a5f", "size": 12},
            hovertext="<br>".join(notes),
        )
