"""Disclosure control for every aggregate that leaves the server (DESIGN §4).

Primary suppression: a count of children or events from 1 to threshold − 1 becomes `c`, and so does
any rate or average built on it. Zero stays 0. A suppressed cell leaves the server as the symbol,
never as a number, so no chart, table or CSV can show it by accident.
"""

from __future__ import annotations

import pandas as pd

CONFIDENTIAL = "c"
UNAVAILABLE = "x"
NOT_APPLICABLE = "z"
ROUNDS_TO_ZERO = "low"
SYMBOLS = {
    CONFIDENTIAL: "confidential: fewer than the threshold number of children, or hidden so that "
    "such a number cannot be worked out",
    UNAVAILABLE: "unavailable",
    NOT_APPLICABLE: "not applicable",
    ROUNDS_TO_ZERO: "rounds to zero",
}
DERIVED = ("numerator", "denominator", "value", "pupils")


def small(values: pd.Series, threshold: int) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce")
    return numbers.between(1, threshold - 1).fillna(False).astype(bool)


def suppress(frame: pd.DataFrame, counts: tuple[str, ...], threshold: int) -> pd.DataFrame:
    """Replace small counts, and everything derived from them, by `c`.

    `counts` names the columns that count children or events. A small numerator hides itself and
    the value; a small base (any other count, e.g. the denominator) hides every figure in the row.
    """
    result = frame.astype({column: object for column in (*DERIVED, *counts) if column in frame})
    present = [column for column in counts if column in frame]
    small_numerator = small(frame["numerator"], threshold) if "numerator" in present else None
    bases = [column for column in present if column != "numerator"]
    small_base = pd.Series(False, index=frame.index)
    for column in bases:
        small_base |= small(frame[column], threshold)
    every = [column for column in dict.fromkeys((*DERIVED, *present)) if column in frame]
    result.loc[small_base, every] = CONFIDENTIAL
    if small_numerator is not None:
        hide = small_numerator & ~small_base
        result.loc[hide, ["numerator", "value"]] = CONFIDENTIAL
    return result
