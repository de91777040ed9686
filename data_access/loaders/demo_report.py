"""The published figures the demo data are calibrated to reproduce.

Source: "Caring2Learn Update", open report on behalf of the Assistant Director - Children's Services
(Safeguarding) to Lincolnshire County Council's Corporate Parenting Panel, 17 September 2020
(`shared/seeds/001_0bc9cd231f7c524b.txt`).

The report's wording is kept next to each figure. The counting rules, applied to the `award`,
`champion` and `training_*` tables with the as-at date D = `as_at`, are:

- achieved(D): award rows with outcome 'awarded' and assessed_on <= D;
- being assessed(D): submitted_on <= D and (assessed_on empty or assessed_on > D);
- working through(D): toolkit_accessed_on <= D and (submitted_on empty or submitted_on > D) and
  outcome <> 'withdrawn';
- Education Champion active(D): started_on <= D and (ended_on empty or ended_on > D).

All counts are "since 2018" and scale linearly: at scale K each is K times the figure below. Where
the report says "over 70" or "over 700", the demo draws a number in the stated range at random.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ReportTargets:
    as_at: date
    caring_schools_achieved: int
    """'Since 2018 42 Education Settings have achieved the Caring Schools Award' (Lincolnshire
    settings, distinct)."""
    caring_schools_reassessed_higher: int
    """'2 schools have reapplied a second time to have their standard reassessed at a higher
    level': a second awarded row, also assessed by D, at a higher level than the first."""
    learning_homes_foster_achieved: int
    """'26 Fostering households have achieved the Learning Homes Award'."""
    learning_homes_childrens_homes_achieved: int
    """'... and 4 Residential Children's Homes'."""
    learning_homes_foster_working_through: int
    """'toolkits have been accessed by a further 120 fostering households' (none already
    achieved)."""
    caring_schools_working_through: int
    """'... and 120 education settings who are in the process of working through' (Lincolnshire
    settings, none already achieved)."""
    learning_homes_foster_being_assessed: int
    """'5 further Fostering Households are currently being assessed'."""
    north_lincolnshire_working_through: int
    """'24 schools from North Lincolnshire working towards the Caring Schools Award' (none has
    achieved it by D)."""
    champions_foster_carer: int
    """'We have 18 Foster Carer Education Champions ...'"""
    champions_school_based: int
    """'... and 10 School Based Education Champions', split into three working groups."""
    training_from: date
    training_to: date
    """'Since April ... in five months': 1 April to 31 August 2020, inclusive."""
    training_sessions: tuple[int, int]
    """'we have delivered over 70 sessions': inclusive range of sessions held in the window."""
    training_people: tuple[int, int]
    """'to over 700 people': inclusive range of distinct attendees with attended = 1."""
    training_virtual_share: float
    """Sessions were redesigned 'so that they could be delivered virtually': more than this share
    of the window's sessions are virtual, in all three time slots ('daytimes, evenings and
    weekends')."""


SEPTEMBER_2020_REPORT = ReportTargets(
    as_at=date(2020, 9, 17),
    caring_schools_achieved=42,
    caring_schools_reassessed_higher=2,
    learning_homes_foster_achieved=26,
    learning_homes_childrens_homes_achieved=4,
    learning_homes_foster_working_through=120,
    caring_schools_working_through=120,
    learning_homes_foster_being_assessed=5,
    north_lincolnshire_working_through=24,
    champions_foster_carer=18,
    champions_school_based=10,
    training_from=date(2020, 4, 1),
    training_to=date(2020, 8, 31),
    training_sessions=(71, 79),
    training_people=(701, 760),
    training_virtual_share=0.8,
)
