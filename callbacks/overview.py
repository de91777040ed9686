"""Overview: each headline's series → the year's figure, its change and a sparkline."""

from __future__ import annotations

from dash import Dash, Output

from callbacks.common import fetch
from callbacks.filters import BAR_INPUTS, filters_from_bar
from dashboard.figures.sparkline import sparkline
from dashboard.filters import FilterError, Filters
from dashboard.formatting import format_count, format_value
from dashboard.headlines import OUTCOME_HEADLINES, HeadlineSpec, describe_change, headline
from data_access.gateway import AccessDenied, UnknownValue
from layouts.kpi_card import kpi_card, kpi_grid
from layouts.overview import sections
from layouts.shell import problem


def outcome_kpi(spec: HeadlineSpec, filters: Filters):
    frame = fetch(spec.dataset, filters)
    if "series" in frame:
        frame = frame[frame["series"] == "selection"]
    item = headline(frame, filters.year_to, spec.value)
    shown = (
        format_count(item.value) if spec.unit == "count" else format_value(item.value, spec.unit)
    )
    return kpi_card(
        f"kpi-{spec.dataset}",
        spec.label,
        shown,
        item.year,
        describe_change(item, spec.unit, spec.better),
        spec.href,
        sparkline(item.series, spec.label) if not item.series.empty else None,
    )


def update_overview(*bar_values) -> list:
    try:
        filters = filters_from_bar(*bar_values)
        outcomes = kpi_grid([outcome_kpi(spec, filters) for spec in OUTCOME_HEADLINES])
    except (FilterError, UnknownValue, AccessDenied) as error:
        return [problem(str(error))]
    return sections(outcomes, None)


def register(app: Dash) -> None:
    app.callback(Output("overview-content", "children"), *BAR_INPUTS)(update_overview)
