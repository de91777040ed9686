"""Who was looked after in a collection year, from SSDA903 episodes, as DfE counts it.

- **CLA**: looked after at any time in the year (1 April to 31 March), leaving out episodes under
  the short-break legal statuses V3 and V4, as DfE's "looked after during the year" does.
- **CLA12**: looked after continuously for 12 months or more at 31 March, the DfE outcome
  cohort: a period of care that began on or before 1 April of the year before (so its twelve
  months end on 31 March at the latest) and was still open on 31 March, with no V3/V4 short
  break during the year. Episodes join into one period of care when each begins on the day the
  one before ceased (the SSDA903 rule for a change of placement or legal status); any gap, even
  of one day, or a new episode recorded as the start of a new period (RNE `S`), begins a new
  period. This matches the national validator's `CONTINUOUSLY_LOOKED_AFTER`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

SHORT_BREAKS = ("V3", "V4")
NEW_PERIOD = "S"


@dataclass(frozen=True)
class CollectionYear:
    """An SSDA903 collection year, 1 April to 31 March, and the academic year holding its end."""

    end_year: int

    @property
    def starts_on(self) -> pd.Timestamp:
        return pd.Timestamp(date(self.end_year - 1, 4, 1))

    @property
    def ends_on(self) -> pd.Timestamp:
        return pd.Timestamp(date(self.end_year, 3, 31))

    @property
    def academic_year(self) -> str:
        """31 March of `end_year` falls in the academic year that began the September before."""
        return f"{self.end_year - 1}/{self.end_year % 100:02d}"


def looked_after_in_year(episodes: pd.DataFrame, year: CollectionYear) -> pd.Series:
    """Children (child) with a non-short-break episode open at any time in the year."""
    care = episodes[~episodes.ls.isin(SHORT_BREAKS)]
    open_in_year = (care.decom <= year.ends_on) & (care.dec.isna() | (care.dec >= year.starts_on))
    return pd.Series(care.child[open_in_year].unique())


def continuously_looked_after(episodes: pd.DataFrame, year: CollectionYear) -> pd.Series:
    """Children looked after continuously for at least 12 months at 31 March of the year.

    Frames here use the SSDA903 column names in lower case.
    """
    periods = periods_of_care(episodes[~episodes.ls.isin(SHORT_BREAKS)])
    twelve_months = (periods.began <= year.starts_on) & (
        periods.ended.isna() | (periods.ended > year.ends_on)
    )
    breaks = episodes[
        episodes.ls.isin(SHORT_BREAKS)
        & (episodes.decom <= year.ends_on)
        & (episodes.dec.isna() | (episodes.dec >= year.starts_on))
    ]
    children = periods.child[twelve_months]
    return pd.Series(children[~children.isin(breaks.child)].unique())


def periods_of_care(episodes: pd.DataFrame) -> pd.DataFrame:
    """One row per period of care: child, began (first decom), ended (last dec, NaT if open)."""
    ordered = episodes.sort_values(["child", "decom"])
    previous_end = ordered.groupby("child").dec.shift()
    same_child = ordered.child.eq(ordered.child.shift())
    continues = same_child & ordered.decom.eq(previous_end) & ordered.rne.ne(NEW_PERIOD)
    last = ~continues.shift(-1, fill_value=False)
    return pd.DataFrame(
        {
            "child": ordered.child[~continues].to_numpy(),
            "began": ordered.decom[~continues].to_numpy(),
            "ended": ordered.dec[last].to_numpy(),
        }
    )


def latest_placement(episodes: pd.DataFrame, year: CollectionYear) -> pd.DataFrame:
    """Each child's latest non-short-break episode begun by the year end: child, pl_post."""
    care = episodes[~episodes.ls.isin(SHORT_BREAKS) & (episodes.decom <= year.ends_on)]
    latest = care.sort_values(["child", "decom"]).groupby("child").tail(1)
    return latest[["child", "pl_post"]]
