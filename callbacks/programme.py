"""Programme pages: for each chart spec, fetch → bar chart → chart card."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Output

from callbacks.common import fetch, filter_options
from callbacks.filters import BAR_INPUTS, filters_from_bar
from dashboard.figures.bars import bar_chart
from dashboard.filters import FilterError, Filters
from dashboard.programme_charts import (
    AWARD_CHARTS,
    LABELS,
    TRAINING_CHARTS,
    ChartSpec,
    with_month_label,
)
from data_access.gateway import AccessDenied, UnknownValue
from layouts.chart_card import chart_card
from layouts.shell import problem

NO_DATA = "No data for these filters."


def programme_card(spec: ChartSpec, filters: Filters, labels: dict[str, str], index: int):
    frame = spec.rows(with_month_label(fetch(spec.dataset, filters)))
    figure = None
    if not frame.empty and not spec.table_only:
        figure = bar_chart(
            frame,
            spec.x,
            spec.y,
            "",
            (spec.x_title, spec.y_title),
            group=spec.group,
            horizontal=spec.horizontal,
            labels=labels,
            stacked=spec.stacked,
        )
    return chart_card(
        f"card-{spec.dataset}-{index}",
        spec.title,
        figure,
        frame,
        filters.describe(labels, children=spec.about_children),
        f"/download/{spec.dataset}.csv{filters.to_query()}",
        "" if spec.table_only and not frame.empty else NO_DATA,
        table_open=spec.table_only,
    )


def chart_grid(specs: tuple[ChartSpec, ...], *bar_values) -> list:
    try:
        filters = filters_from_bar(*bar_values)
        labels = {**LABELS, **dict(filter_options().areas)}
        cards = [programme_card(spec, filters, labels, i) for i, spec in enumerate(specs)]
    except (FilterError, UnknownValue, AccessDenied) as error:
        return [problem(str(error))]
    return [dbc.Row([dbc.Col(card, lg=6, className="mb-3") for card in cards])]


def update_training(*bar_values) -> list:
    return chart_grid(TRAINING_CHARTS, *bar_values)


def update_awards(*bar_values) -> list:
    return chart_grid(AWARD_CHARTS, *bar_values)


def register(app: Dash) -> None:
    app.callback(Output("training-cards", "children"), *BAR_INPUTS)(update_training)
    app.callback(Output("award-cards", "children"), *BAR_INPUTS)(update_awards)
