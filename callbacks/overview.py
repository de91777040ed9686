"""Overview: each headline's series → the year's figure, its change and a sparkline."""

from __future__ import annotations

from dash import Dash, Output

from callbacks.common import fetch, filter_options
from callbacks.filters import BAR_INPUTS, filters_from_bar
from dashboard.figures.sparkline import sparkline
from dashboard.filters import FilterError, Filters
from dashboard.formatting import format_count, format_value
from dashboard.headlines import (
    OUTCOME_HEADLINES,
    HeadlineSpec,
    describe_change,
    first_row,
    headline,
    levels_to_date,
)
from dashboard.programme_charts import LABELS
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


def award_kpis(filters: Filters, year: str) -> list:
    frame = fetch("award_levels", filters.with_years(None, year))
    cards = []
    for scheme in ("caring_schools", "learning_homes"):
        levels = levels_to_date(frame, scheme)
        cards.append(
            kpi_card(
                f"kpi-awards-{scheme}",
                f"{LABELS[scheme]}: awards to date",
                levels or "None yet",
                year,
                "By level, each award counted once.",
                "/awards",
                compact=True,
            )
        )
    return cards


def training_kpi(filters: Filters, year: str):
    row = first_row(fetch("training_summary", filters.with_years(year, year)))
    return kpi_card(
        "kpi-training",
        "Training this year",
        f"{format_count(row.get('sessions'))} sessions",
        year,
        f"{format_count(row.get('people'))} people reached, "
        f"{format_count(row.get('attendances'))} attendances.",
        "/training",
        compact=True,
    )


def champions_kpi(filters: Filters, year: str):
    frame = fetch("champions_by_year", filters)
    now = dict(
        zip(*[frame[frame["academic_year"] == year][c] for c in ("kind", "champions")], strict=True)
    )
    total = format_count(sum(now.values())) if now else "0"
    return kpi_card(
        "kpi-champions",
        "Education Champions active",
        total,
        year,
        f"{format_count(now.get('foster_carer', 0))} foster carer and "
        f"{format_count(now.get('school_based', 0))} school-based champions at the year's end.",
        "/training",
    )


def update_overview(*bar_values) -> list:
    try:
        filters = filters_from_bar(*bar_values)
        year = filters.year_to or filter_options().years[-1]
        outcomes = kpi_grid([outcome_kpi(spec, filters) for spec in OUTCOME_HEADLINES])
        programme = kpi_grid(
            [*award_kpis(filters, year), training_kpi(filters, year), champions_kpi(filters, year)]
        )
    except (FilterError, UnknownValue, AccessDenied) as error:
        return [problem(str(error))]
    return sections(outcomes, programme)


def register(app: Dash) -> None:
    app.callback(Output("overview-content", "children"), *BAR_INPUTS)(update_overview)
