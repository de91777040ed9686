"""The filter bar: cohort, setting phase, academic years and areas, each a native, labelled control.

A filter that does not apply to the page is shown disabled with a note, never silently ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import html

from dashboard.filters import Filters
from data_access.codes import OUT_OF_COUNTY, PHASES

ALL = "all"


COHORT_CHOICES = {
    "CLA12": "Looked after 12 months (CLA12)",
    "CLA": "Looked after in the year (CLA)",
    "PLAC": "Previously looked after (PLAC)",
    "CIN": "Children in need (CIN)",
    "CPP": "Child protection plan (CPP)",
}


@dataclass(frozen=True)
class FilterOptions:
    areas: tuple[tuple[str, str], ...]
    years: tuple[str, ...]


def _select(
    control_id: str, label: str, options: list[dict], value: str, note: str | None, width: int = 2
) -> dbc.Col:
    return dbc.Col(
        [
            dbc.Label(label, html_for=control_id, className="fw-bold mb-1"),
            dbc.Select(id=control_id, options=options, value=value, disabled=bool(note)),
            html.Small(note, className="text-muted") if note else None,
        ],
        md=3,
        lg=width,
    )


def _areas(options: list[dict], filters: Filters, note: str | None) -> html.Fieldset:
    return html.Fieldset(
        [
            html.Legend("Areas (none ticked: whole county)", className="fs-6 fw-bold mb-1"),
            dbc.Checklist(
                id="filter-areas",
                options=options,
                value=list(filters.areas),
                inline=True,
                switch=False,
            ),
            html.Small(note, className="text-muted") if note else None,
        ]
    )


def filter_bar(
    filters: Filters, options: FilterOptions, not_applicable: dict[str, str]
) -> html.Section:
    """The bar for `filters`; `not_applicable` maps cohort, phase, years or areas to why not."""
    years = [{"label": year, "value": year} for year in options.years]
    phases = [{"label": "All settings", "value": ALL}] + [
        {"label": phase.replace("_", " ").capitalize(), "value": phase} for phase in PHASES
    ]
    areas = [{"label": name, "value": code} for code, name in options.areas]
    areas.append({"label": "Out of county", "value": OUT_OF_COUNTY})
    return html.Section(
        dbc.Row(
            [
                _select(
                    "filter-cohort",
                    "Cohort",
                    [{"label": label, "value": code} for code, label in COHORT_CHOICES.items()],
                    filters.cohort,
                    not_applicable.get("cohort"),
                ),
                _select(
                    "filter-phase",
                    "Setting phase",
                    phases,
                    filters.phase or ALL,
                    not_applicable.get("phase"),
                ),
                _select(
                    "filter-from",
                    "From year",
                    years,
                    filters.year_from or (options.years[0] if options.years else ALL),
                    not_applicable.get("years"),
                ),
                _select(
                    "filter-to",
                    "To year",
                    years,
                    filters.year_to or (options.years[-1] if options.years else ALL),
                    not_applicable.get("years"),
                ),
                dbc.Col(_areas(areas, filters, not_applicable.get("areas")), md=12, lg=3),
            ],
            className="g-3 align-items-start",
        ),
        className="filter-bar border rounded p-3 mb-3 bg-light",
        **{"aria-label": "Filters"},
    )
