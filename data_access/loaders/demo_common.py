"""Shared pieces of the demo generator: the period it covers, date arithmetic and identifiers.

Dates are numpy `datetime64[D]` arrays (NaT for "not reached"); NaT compares False with every
date, which is what the "reached by D" tests of the programme measures need.
"""

from __future__ import annotations

import numpy as np

FIRST_YEAR = 2015
LAST_YEAR = 2024
YEARS = np.arange(FIRST_YEAR, LAST_YEAR + 1)
"""Academic years 2015/16 to 2024/25, by the calendar year they start in."""

WINDOW_START = np.datetime64("2015-09-01", "D")
WINDOW_END = np.datetime64("2025-09-01", "D")
"""The period the warehouse holds, end exclusive."""

PROGRAMME_START = np.datetime64("2018-01-08", "D")
"""Caring2Learn "has been in existence since January 2018": nothing of the programme is earlier."""

EXTRACT_DATE = np.datetime64("2025-08-31", "D")
"""The demo's data are as extracted on this day: later steps of an award are not yet reached."""

NAT = np.datetime64("NaT", "D")

COVID_CLOSURES = (("2020-03-23", "2020-06-01"), ("2021-01-05", "2021-03-08"))
"""Schools closed to most pupils: no suspensions start in these weeks."""


def days(text: str) -> np.datetime64:
    return np.datetime64(text, "D")


def month_start(year: np.ndarray | int, month: int) -> np.ndarray:
    """The first of `month` in each calendar `year`, as datetime64[D]."""
    months = (np.asarray(year, dtype=np.int64) - 1970) * 12 + (month - 1)
    return months.astype("datetime64[M]").astype("datetime64[D]")


def year_start(year: np.ndarray | int) -> np.ndarray:
    """1 September of academic year `year` (2019 → 2019-09-01)."""
    return month_start(year, 9)


def academic_year_of(dates: np.ndarray) -> np.ndarray:
    """The academic year (by its starting calendar year) each date falls in."""
    months = dates.astype("datetime64[M]").astype(np.int64)
    return months // 12 + 1970 - (months % 12 < 8)


def year_labels(start_years: np.ndarray) -> np.ndarray:
    """2019 → '2019/20', vectorised through a lookup table."""
    start_years = np.asarray(start_years)
    low = int(start_years.min(initial=FIRST_YEAR))
    high = int(start_years.max(initial=LAST_YEAR))
    table = np.array([f"{y}/{(y + 1) % 100:02d}" for y in range(low, high + 1)], dtype=object)
    return table[start_years - low]


def add_months(month_dates: np.ndarray, months: int | np.ndarray) -> np.ndarray:
    """First-of-month dates `months` later, as datetime64[D] (birthdays from a birth month)."""
    return (month_dates.astype("datetime64[M]") + months).astype("datetime64[D]")


def uniform_dates(
    rng: np.random.Generator,
    low: np.ndarray | np.datetime64,
    high: np.ndarray | np.datetime64,
    size: int | None = None,
) -> np.ndarray:
    """Uniform dates in [low, high); `high` must be later than `low`."""
    low = np.asarray(low, dtype="datetime64[D]")
    high = np.asarray(high, dtype="datetime64[D]")
    span = (high - low).astype(np.int64)
    shape = size if size is not None else np.broadcast(low, high).shape
    offsets = np.floor(rng.random(shape) * span).astype(np.int64)
    return low + offsets


def weekday(dates: np.ndarray) -> np.ndarray:
    """0 = Monday … 6 = Sunday."""
    return (dates.astype("datetime64[D]").astype(np.int64) + 3) % 7


def to_weekday(dates: np.ndarray) -> np.ndarray:
    """Saturdays and Sundays moved to the following Monday."""
    day = weekday(dates)
    return dates + np.where(day == 5, 2, np.where(day == 6, 1, 0))


def school_days() -> np.ndarray:
    """Weekdays in term time across the window: no August, Christmas, Easter, half terms or
    COVID closures. Approximate calendars are enough to place suspensions and assessments."""
    every = np.arange(WINDOW_START, WINDOW_END, dtype="datetime64[D]")
    month = every.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (every - every.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    closed = (weekday(every) >= 5) | (month == 8)
    closed |= ((month == 12) & (day >= 20)) | ((month == 1) & (day <= 3))
    closed |= ((month == 4) & (day <= 14)) | ((month == 7) & (day >= 23))
    closed |= ((month == 10) & (day >= 24)) | ((month == 2) & (day >= 13) & (day <= 19))
    closed |= (month == 5) & (day >= 27)
    for first, last in COVID_CLOSURES:
        closed |= (every >= days(first)) & (every < days(last))
    return every[~closed]


def dates_within(
    rng: np.random.Generator, calendar: np.ndarray, low: np.ndarray, high: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """One random calendar day in [low, high) per pair, and whether any such day existed."""
    first = np.searchsorted(calendar, low, side="left")
    last = np.searchsorted(calendar, high, side="left")
    found = last > first
    pick = first + np.floor(rng.random(len(first)) * np.maximum(last - first, 1)).astype(np.int64)
    return calendar[np.minimum(pick, len(calendar) - 1)], found


def make_ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    """Identifiers such as C0001234 from non-negative integers."""
    width = max(width, len(str(int(numbers.max(initial=0)))))
    return np.array([f"{prefix}{n:0{width}d}" for n in numbers.tolist()], dtype=object)


def pool_index(keys: np.ndarray, n_keys: int, order_by: np.ndarray | None = None):
    """Group row numbers by key: (rows sorted by key [then order_by], start and count per key).

    A random member of group k is then `rows[start[k] + floor(u * count[k])]`.
    """
    rows = np.lexsort((order_by, keys)) if order_by is not None else np.argsort(keys, kind="stable")
    count = np.bincount(keys, minlength=n_keys)
    start = np.cumsum(count) - count
    return rows, start, count


def forward_fill(values: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Each row takes the value of the latest row at or before it where `new` is set
    (rows are grouped by child, and the first row of every child has `new` set)."""
    position = np.maximum.accumulate(np.where(new, np.arange(len(new)), 0))
    return values[position]


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def pick(rng: np.random.Generator, options: tuple, weights: tuple, size: int) -> np.ndarray:
    """Random codes from `options` with the given weights (normalised here)."""
    p = np.asarray(weights, dtype=float)
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=size, p=p / p.sum())]
