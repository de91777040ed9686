"""The quadrant comparison table: every measure for one year, by area, county and England."""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import format_value
from dashboard.measures import Measure
from data_access.codes import OUT_OF_COUNTY

COUNTY = "County"
ENGLAND = "England"


def value_in(frame: pd.DataFrame, year: str, **match: str) -> object:
    """The value for `year` (and any column=value in `match`), or None when absent."""
    rows = frame[frame["academic_year"] == year]
    for column, wanted in match.items():
        rows = rows[rows[column] == wanted]
    return rows["value"].iloc[0] if len(rows) else None


def comparison_row(
    measure: Measure, by_area: pd.DataFrame, trend: pd.DataFrame, year: str, areas: dict[str, str]
) -> dict[str, str]:
    row = {"Measure": measure.short}
    for code, name in areas.items():
        row[name] = format_value(value_in(by_area, year, area_code=code), measure.unit)
    row[COUNTY] = format_value(value_in(trend, year, series="selection"), measure.unit)
    row[ENGLAND] = format_value(value_in(trend, year, series="england"), measure.unit)
    return row


def comparison_table(
    rows: list[tuple[Measure, pd.DataFrame, pd.DataFrame]], year: str, area_names: dict[str, str]
) -> pd.DataFrame:
    """One row per measure; a column per area, then Out of county, the county and England.

    A figure not available for that year shows `x`; a hidden one `c`.
    """
    areas = {**area_names, OUT_OF_COUNTY: "Out of county"}
    return pd.DataFrame(
        [comparison_row(measure, by_area, trend, year, areas) for measure, by_area, trend in rows],
        columns=["Measure", *areas.values(), COUNTY, ENGLAND],
    )
