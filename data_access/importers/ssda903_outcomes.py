"""SSDA903 outcome tables to the contract: OC2 → `wellbeing` (SDQ), OC3 → `destination`.

OC2 holds one carer-completed SDQ per child looked after 12 months, or the reason none was
received (SDQ1 to SDQ5). It carries no assessment date, so the row is dated 31 March of the
collection year, which places it in the academic year the return describes.

OC3 records care leavers' activity around their 17th to 21st birthdays. Young people who died
(IN_TOUCH `DIED`) or returned home to live with parents (`RHOM`) are left out, as DfE leaves
them out; those the council is not in touch with (`NO`), who refused contact (`REFU`) or no
longer need services (`NREQ`) count as activity unknown. The record is dated 31 March of the
year, not the birthday, so no day of birth reaches the warehouse; age is the age reached at the
birthday that falls in the collection year.
"""

from __future__ import annotations

import pandas as pd

from data_access import codes
from data_access.importers.read import Problems, check_codes, parse_numbers
from data_access.importers.ssda903_care import CollectionYear

SDQ_REASONS = dict(
    zip(("SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"), codes.SDQ_MISSING_REASONS, strict=True)
)
ACTIVITIES = {
    **dict.fromkeys(("F1", "P1", "F2", "P2"), "education"),
    **dict.fromkeys(("F4", "P4"), "training"),
    **dict.fromkeys(("F5", "P5"), "employment"),
    # Superseded: "in training or employment" before the two were recorded apart. Counted as
    # employment; education, employment or training (the published measure) is the same either way.
    **dict.fromkeys(("F3", "P3"), "employment"),
    **dict.fromkeys(("G4", "G5", "G6"), "neet"),
    "0": "unknown",
}
IN_TOUCH = ("YES", "NO", "REFU", "NREQ", "DIED", "RHOM")
NOT_IN_TOUCH = ("NO", "REFU", "NREQ")
LEFT_OUT = ("DIED", "RHOM")


def sdq_rows(
    oc2: pd.DataFrame, child_ids: pd.Series, year: CollectionYear, problems: Problems
) -> tuple[pd.DataFrame, int]:
    """`wellbeing` rows, and how many OC2 rows had neither a score nor a reason."""
    score = parse_numbers("oc2.csv", oc2.sdq_score, "SDQ_SCORE", problems)
    problems.rows(
        "oc2.csv", score.notna() & ~score.between(0, 40), "SDQ_SCORE", "not between 0 and 40", score
    )
    check_codes("oc2.csv", oc2.sdq_reason, "SDQ_REASON", SDQ_REASONS, problems)
    reason = oc2.sdq_reason.map(SDQ_REASONS).where(score.isna())
    usable = score.notna() | reason.notna()
    ids = child_ids[usable]
    rows = pd.DataFrame(
        {
            "child_id": ids,
            "assessed_on": year.ends_on.date(),
            "instrument": "SDQ",
            "score": score[usable],
            "informant": "carer",
            "missing_reason": reason[usable],
        }
    )
    rows.insert(0, "assessment_id", [f"903-{year.end_year}-{child}" for child in ids])
    return rows, int((~usable).sum())


def destination_rows(
    oc3: pd.DataFrame,
    child_ids: pd.Series,
    birth_dates: pd.Series,
    year: CollectionYear,
    problems: Problems,
) -> tuple[pd.DataFrame, int]:
    """`destination` rows, and how many OC3 rows were left out (died or returned home)."""
    check_codes("oc3.csv", oc3.in_touch, "IN_TOUCH", IN_TOUCH, problems)
    check_codes("oc3.csv", oc3.activ, "ACTIV", ACTIVITIES, problems)
    problems.rows("oc3.csv", oc3.in_touch.isna(), "IN_TOUCH", "a value is required")
    kept = ~oc3.in_touch.isin(LEFT_OUT)
    activity = oc3.activ.map(ACTIVITIES).where(~oc3.in_touch.isin(NOT_IN_TOUCH), "unknown")
    activity = activity.fillna("unknown")
    rows = pd.DataFrame(
        {
            "child_id": child_ids[kept],
            "recorded_on": year.ends_on.date(),
            "age": birthday_age(birth_dates[kept], year),
            "activity": activity[kept],
        }
    )
    return rows, int((~kept).sum())


def birthday_age(birth_dates: pd.Series, year: CollectionYear) -> pd.Series:
    """The age reached at the birthday falling between 1 April and 31 March of the year."""
    before_april = birth_dates.dt.month < 4
    return year.end_year - 1 - birth_dates.dt.year + before_april.astype(int)
