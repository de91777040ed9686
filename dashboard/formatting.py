"""Numbers as people read them, and the GSS symbols kept as they are."""

from __future__ import annotations

import math
import numbers

from dashboard.measures import PERCENT, Measure


def is_number(value: object) -> bool:
    """A real number, numpy's included, that is not NaN (and not a bool)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    return not math.isnan(value)


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_value(value: object, unit: str = PERCENT) -> str:
    """16.4 → '16.4%'; a symbol such as 'c' stays 'c'; nothing → 'x' (unavailable)."""
    if is_missing(value):
        return "x"
    if not is_number(value):
        return str(value)
    if unit == PERCENT:
        return f"{value:.1f}%"
    return f"{value:.1f}"


def has_numbers(frame) -> bool:
    """Whether any value in the frame's `value` column can be drawn."""
    return "value" in frame and any(is_number(value) for value in frame["value"])


def format_count(value: object) -> str:
    if is_missing(value):
        return "x"
    if not is_number(value):
        return str(value)
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def display_table(frame, measure: Measure, labels: dict[str, str]):
    """The plotted rows with plain column names and formatted values, for "Show data"."""
    table = frame.copy()
    if "series" in table:
        table["series"] = table["series"].map(lambda series: labels.get(series, series))
    table["numerator"] = table["numerator"].map(format_count)
    table["denominator"] = table["denominator"].map(format_count)
    table["value"] = table["value"].map(lambda value: format_value(value, measure.unit))
    columns = {
        "academic_year": "Academic year",
        "area_code": "Area",
        "series": "Series",
        "numerator": measure.numerator,
        "denominator": measure.denominator,
        "value": f"{measure.short} ({measure.unit})",
        "pupils": "Pupils",
    }
    if "pupils" in table:
        table["pupils"] = table["pupils"].map(format_count)
    return table.rename(columns=columns)
