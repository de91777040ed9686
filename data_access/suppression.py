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


Groupings = tuple[tuple[str, ...], ...]


def suppress(
    frame: pd.DataFrame, counts: tuple[str, ...], threshold: int, siblings: Groupings = ()
) -> pd.DataFrame:
    """Replace small counts, and everything derived from them, by `c`.

    `counts` names the columns that count children or events. A small numerator hides itself and
    the value; a small base (any other count, e.g. the denominator) hides every figure in the row.
    `siblings` lists groupings of rows that add up to a published total (see `secondary`).
    """
    result = frame.astype({column: object for column in (*DERIVED, *counts) if column in frame})
    present = [column for column in counts if column in frame]
    small_numerator = small(frame["numerator"], threshold) if "numerator" in present else None
    bases = [column for column in present if column != "numerator"]
    small_base = pd.Series(False, index=frame.index)
    for column in bases:
        small_base |= small(frame[column], threshold)
    if not small_base.any() and (small_numerator is None or not small_numerator.any()):
        return result  # nothing hidden, so no sibling can be worked out either
    every = [column for column in dict.fromkeys((*DERIVED, *present)) if column in frame]
    result.loc[small_base, every] = CONFIDENTIAL
    if small_numerator is not None:
        hide = small_numerator & ~small_base
        result.loc[hide, ["numerator", "value"]] = CONFIDENTIAL
    return secondary(result, counts, siblings) if siblings else result


def _hide(result: pd.DataFrame, row: object, column: str, every: list[str]) -> None:
    """Hide one cell as primary suppression would: a numerator with its value, a base with all."""
    if column == "numerator":
        result.loc[row, [name for name in ("numerator", "value") if name in result]] = CONFIDENTIAL
    else:
        result.loc[row, every] = CONFIDENTIAL


def _lone_hidden_smallest(result: pd.DataFrame, siblings: list[str], column: str) -> list:
    """In each group of sibling rows where exactly one cell of `column` is hidden, the row of the
    smallest visible cell (the first such row on a tie). Vectorised: pages ask for dozens of
    suppressed frames per request."""
    keys = [result[name] for name in siblings]
    hidden = result[column] == CONFIDENTIAL
    per_group = hidden.groupby(keys, sort=False)
    lone = (per_group.transform("sum") == 1) & (per_group.transform("size") > 1)
    visible = pd.to_numeric(result[column].where(lone), errors="coerce").dropna()
    if visible.empty:
        return []
    groups = [result.loc[visible.index, name] for name in siblings]
    return list(visible.groupby(groups, sort=False).idxmin())


def secondary(result: pd.DataFrame, counts: tuple[str, ...], siblings: Groupings) -> pd.DataFrame:
    """Hide more cells so that no hidden count is the only one hidden among its siblings.

    Each grouping in `siblings` names columns whose rows add up to a published total: the areas
    of one year add up to the county; the SDQ bands of one year add up to the children with a
    score. Every grouping is checked in turn until none changes.
    Where one cell alone is hidden it could be recovered by subtraction, so the smallest other
    cell of the group is hidden too (a zero if that is the smallest: it is then shown as `c`),
    repeated until every group hides none or at least two.
    """
    present = [column for column in counts if column in result]
    every = [column for column in dict.fromkeys((*DERIVED, *present)) if column in result]
    changed = True
    while changed:
        changed = False
        for grouping, column in ((g, c) for g in siblings for c in present):
            for row in _lone_hidden_smallest(result, list(grouping), column):
                _hide(result, row, column, every)
                changed = True
    return result
