"""Headline figures: a year's value, the year before's, and the change, from a tidy series."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.formatting import format_value, is_number


@dataclass(frozen=True)
class Headline:
    year: str | None
    value: object
    previous_year: str | None
    previous: object
    series: pd.DataFrame

    @property
    def change(self) -> float | None:
        if is_number(self.value) and is_number(self.previous):
            return float(self.value) - float(self.previous)
        return None


def headline(frame: pd.DataFrame, year: str | None, value: str = "value") -> Headline:
    """The row for `year` (the latest when None) and the one before it, from one series."""
    rows = frame.sort_values("academic_year")[["academic_year", value]]
    rows = rows.rename(columns={value: "value"})
    if year:
        rows = rows[rows["academic_year"] <= year]
    if rows.empty:
        return Headline(year, None, None, None, rows)
    last = rows.iloc[-1]
    before = rows.iloc[-2] if len(rows) > 1 else None
    return Headline(
        last["academic_year"],
        last["value"],
        None if before is None else before["academic_year"],
        None if before is None else before["value"],
        rows,
    )


def describe_change(item: Headline, unit: str, better: str | None) -> str:
    """'Down 1.2 points on 2023/24 (better)' — the direction in words, not only in colour."""
    if item.previous_year is None:
        return "No earlier year to compare with."
    change = item.change
    if change is None:
        shown = format_value(item.previous, unit)
        return f"{item.previous_year}: {shown}; the change cannot be shown."
    if round(change, 1) == 0:
        return f"No change on {item.previous_year}."
    direction = "Up" if change > 0 else "Down"
    size = {"%": f"{abs(change):.1f} points", "count": f"{abs(change):,.0f}"}.get(
        unit, f"{abs(change):,.1f}"
    )
    verdict = ""
    if better:
        improved = (change < 0) == (better == "lower")
        verdict = " (better)" if improved else " (worse)"
    return f"{direction} {size} on {item.previous_year}{verdict}."


@dataclass(frozen=True)
class HeadlineSpec:
    dataset: str
    label: str
    unit: str
    better: str | None
    href: str
    value: str = "value"


OUTCOME_HEADLINES = (
    HeadlineSpec(
        "cohort_size", "Children in the cohort", "count", None, "/outcomes", value="children"
    ),
    HeadlineSpec("persistent_absence", "Persistent absence", "%", "lower", "/outcomes"),
    HeadlineSpec("suspension_rate", "Pupils with a suspension", "%", "lower", "/outcomes"),
    HeadlineSpec("ks2_rwm_expected", "KS2 expected standard (RWM)", "%", "higher", "/outcomes"),
    HeadlineSpec("ks4_attainment8", "KS4 average Attainment 8", "score", "higher", "/outcomes"),
    HeadlineSpec("sdq_average", "Average SDQ score", "score", "lower", "/outcomes"),
    HeadlineSpec("care_leavers_eet", "Care leavers 19–21 in EET", "%", "higher", "/outcomes"),
)
"""The overview's outcome figures, each linking to the page that explains it."""


def levels_to_date(frame: pd.DataFrame, scheme: str) -> str:
    """'Bronze 79 · Silver 46 · Gold 38': each level's running total in the last year shown."""
    rows = frame[frame["scheme"] == scheme]
    if rows.empty:
        return ""
    last = rows[rows["academic_year"] == rows["academic_year"].max()]
    totals = dict(zip(last["level"], last["cumulative"], strict=True))
    return " · ".join(
        f"{level.capitalize()} {totals[level]:,}"
        for level in ("bronze", "silver", "gold")
        if level in totals
    )


def first_row(frame: pd.DataFrame) -> dict:
    return frame.iloc[0].to_dict() if len(frame) else {}
