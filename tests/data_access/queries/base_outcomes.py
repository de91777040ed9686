"""The outcome measures as first written: each straight from the contract tables, per request.

Moved here unchanged from `data_access/queries/outcomes.py` when the app began reading the
summary tables (`data_access/summaries.py`), so that `tests/data_access/test_summaries.py` can
prove the summaries give exactly these frames. The app does not use this module.

Every builder returns one row per academic year (and area, when `by_area`), with columns
`numerator`, `denominator` and `value`; rates are percentages, averages are per child.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Select, Subquery, and_, case, extract, func, select

from data_access.contracts import FilterSpec
from data_access.queries.common import (
    AREA,
    count_if,
    home_district,
    members,
    ratio,
    setting_district,
    where_areas,
    where_years,
    within_year,
)
from data_access.schema import (
    AcademicYear,
    Attainment,
    Attendance,
    Child,
    ChildYear,
    Destination,
    Exclusion,
    Setting,
    Wellbeing,
)

SDQ_AGES = (4, 16)
NEET_AGES = (16, 17)
CARE_LEAVER_AGES = (19, 21)
LOOKED_AFTER = ("CLA", "CLA12")


def summarise(rows: Subquery, numerator, denominator, by_area: bool, *, scale=100.0, extra=()):
    keys = [rows.c.academic_year, *([rows.c.area_code] if by_area else [])]
    return (
        select(
            *keys,
            numerator.label("numerator"),
            denominator.label("denominator"),
            ratio(numerator, denominator, scale).label("value"),
            *extra,
        )
        .group_by(*keys)
        .order_by(*keys)
    )


def pupil_attendance(filters: FilterSpec) -> Subquery:
    """Sessions possible and missed per child and year, across terms and settings."""
    m = members(filters).subquery("m")
    query = (
        select(
            m.c.child_id,
            m.c.academic_year,
            m.c.area_code,
            func.sum(Attendance.sessions_possible).label("possible"),
            func.sum(Attendance.sessions_authorised + Attendance.sessions_unauthorised).label(
                "missed"
            ),
        )
        .join(
            Attendance,
            and_(
                Attendance.child_id == m.c.child_id, Attendance.academic_year == m.c.academic_year
            ),
        )
        .group_by(m.c.child_id, m.c.academic_year, m.c.area_code)
        .having(func.sum(Attendance.sessions_possible) > 0)
    )
    return where_areas(query, m.c.area_code, filters).subquery("pupil")


def overall_absence(filters: FilterSpec, by_area: bool = False) -> Select:
    p = pupil_attendance(filters)
    pupils = func.count().label("pupils")
    return summarise(p, func.sum(p.c.missed), func.sum(p.c.possible), by_area, extra=[pupils])


def persistent_absence(filters: FilterSpec, by_area: bool = False) -> Select:
    p = pupil_attendance(filters)
    return summarise(p, count_if(p.c.missed * 10 >= p.c.possible), func.count(), by_area)


def severe_absence(filters: FilterSpec, by_area: bool = False) -> Select:
    p = pupil_attendance(filters)
    return summarise(p, count_if(p.c.missed * 2 >= p.c.possible), func.count(), by_area)


def pupil_exclusions(filters: FilterSpec) -> Subquery:
    """Children on a setting's roll in the cohort, with their suspensions and permanent exclusions.

    Exclusions count wherever they happened; the year is the one the start date falls in.
    """
    events = (
        select(
            Exclusion.child_id,
            AcademicYear.academic_year,
            count_if(Exclusion.category == "suspension").label("suspensions"),
            count_if(Exclusion.category == "permanent").label("permanents"),
        )
        .join(AcademicYear, within_year(Exclusion.start_date))
        .group_by(Exclusion.child_id, AcademicYear.academic_year)
        .subquery("events")
    )
    m = members(filters).where(ChildYear.setting_urn.is_not(None)).subquery("m")
    query = select(
        m.c.academic_year,
        m.c.area_code,
        func.coalesce(events.c.suspensions, 0).label("suspensions"),
        func.coalesce(events.c.permanents, 0).label("permanents"),
    ).outerjoin(
        events,
        and_(events.c.child_id == m.c.child_id, events.c.academic_year == m.c.academic_year),
    )
    return where_areas(query, m.c.area_code, filters).subquery("pupil")


def suspension_rate(filters: FilterSpec, by_area: bool = False) -> Select:
    p = pupil_exclusions(filters)
    return summarise(p, count_if(p.c.suspensions > 0), func.count(), by_area)


def suspensions_per_100(filters: FilterSpec, by_area: bool = False) -> Select:
    p = pupil_exclusions(filters)
    return summarise(p, func.sum(p.c.suspensions), func.count(), by_area)


def permanent_exclusion_rate(filters: FilterSpec, by_area: bool = False) -> Select:
    p = pupil_exclusions(filters)
    return summarise(p, count_if(p.c.permanents > 0), func.count(), by_area)


def pupil_results(filters: FilterSpec, key_stage: str, column) -> Subquery:
    m = members(filters).subquery("m")
    query = (
        select(m.c.academic_year, m.c.area_code, column.label("result"))
        .join(
            Attainment,
            and_(
                Attainment.child_id == m.c.child_id,
                Attainment.academic_year == m.c.academic_year,
                Attainment.key_stage == key_stage,
            ),
        )
        .where(column.is_not(None))
    )
    return where_areas(query, m.c.area_code, filters).subquery("pupil")


def _share_of_results(key_stage: str, column) -> Callable[..., Select]:
    def build(filters: FilterSpec, by_area: bool = False) -> Select:
        p = pupil_results(filters, key_stage, column)
        return summarise(p, func.sum(p.c.result), func.count(), by_area)

    return build


def _average_of_results(key_stage: str, column) -> Callable[..., Select]:
    def build(filters: FilterSpec, by_area: bool = False) -> Select:
        p = pupil_results(filters, key_stage, column)
        return summarise(p, func.sum(p.c.result), func.count(), by_area, scale=1.0)

    return build


ks2_rwm_expected = _share_of_results("KS2", Attainment.rwm_expected)
ks4_basics_4plus = _share_of_results("KS4", Attainment.basics_4plus)
ks4_attainment8 = _average_of_results("KS4", Attainment.attainment8)
ks4_progress8 = _average_of_results("KS4", Attainment.progress8)


def age_at_31_march(birth_month, academic_year_end) -> object:
    """Whole years of age on 31 March of the academic year, from a first-of-month birth date."""
    born_after_march = case((extract("month", birth_month) > 3, 1), else_=0)
    return extract("year", academic_year_end) - extract("year", birth_month) - born_after_march


def latest_sdq(filters: FilterSpec) -> Subquery:
    """Each child's latest carer-completed SDQ score in the year, aged 4 to 16 at 31 March.

    DfE's SDQ statistics use the carer's questionnaire; teacher and self reports are kept in the
    warehouse but not mixed into this measure.
    """
    ranked = (
        select(
            Wellbeing.child_id,
            AcademicYear.academic_year,
            AcademicYear.ends_on,
            Wellbeing.score,
            func.row_number()
            .over(
                partition_by=[Wellbeing.child_id, AcademicYear.academic_year],
                order_by=[Wellbeing.assessed_on.desc(), Wellbeing.assessment_id.desc()],
            )
            .label("rank"),
        )
        .join(AcademicYear, within_year(Wellbeing.assessed_on))
        .where(
            Wellbeing.instrument == "SDQ",
            Wellbeing.informant == "carer",
            Wellbeing.score.is_not(None),
        )
        .subquery("ranked")
    )
    m = members(filters).subquery("m")
    age = age_at_31_march(Child.birth_month, ranked.c.ends_on)
    query = (
        select(m.c.academic_year, m.c.area_code, ranked.c.score)
        .join(
            ranked,
            and_(ranked.c.child_id == m.c.child_id, ranked.c.academic_year == m.c.academic_year),
        )
        .join(Child, Child.child_id == m.c.child_id)
        .where(ranked.c.rank == 1, age.between(*SDQ_AGES))
    )
    return where_areas(query, m.c.area_code, filters).subquery("pupil")


def sdq_average(filters: FilterSpec, by_area: bool = False) -> Select:
    p = latest_sdq(filters)
    return summarise(p, func.sum(p.c.score), func.count(), by_area, scale=1.0)


def _sdq_band(low: int, high: int) -> Callable[..., Select]:
    def build(filters: FilterSpec, by_area: bool = False) -> Select:
        p = latest_sdq(filters)
        return summarise(p, count_if(p.c.score.between(low, high)), func.count(), by_area)

    return build


sdq_normal = _sdq_band(0, 13)
sdq_borderline = _sdq_band(14, 16)
sdq_concern = _sdq_band(17, 40)


def latest_destination(ages: tuple[int, int]) -> Subquery:
    """Each young person's latest destination record in each year, at the given ages."""
    return (
        select(
            Destination.child_id,
            AcademicYear.academic_year,
            Destination.activity,
            func.row_number()
            .over(
                partition_by=[Destination.child_id, AcademicYear.academic_year],
                order_by=Destination.recorded_on.desc(),
            )
            .label("rank"),
        )
        .join(AcademicYear, within_year(Destination.recorded_on))
        .where(Destination.age.between(*ages))
        .subquery("latest")
    )


def neet_16_17(filters: FilterSpec, by_area: bool = False) -> Select:
    latest = latest_destination(NEET_AGES)
    m = members(filters).subquery("m")
    query = (
        select(m.c.academic_year, m.c.area_code, latest.c.activity)
        .join(
            latest,
            and_(latest.c.child_id == m.c.child_id, latest.c.academic_year == m.c.academic_year),
        )
        .where(latest.c.rank == 1)
    )
    p = where_areas(query, m.c.area_code, filters).subquery("pupil")
    return summarise(p, count_if(p.c.activity.in_(("neet", "unknown"))), func.count(), by_area)


def last_care_area() -> Subquery:
    """Each care leaver's area: their area in the last year they were looked after."""
    ranked = (
        select(
            ChildYear.child_id,
            AREA.label("area_code"),
            func.row_number()
            .over(partition_by=ChildYear.child_id, order_by=ChildYear.academic_year.desc())
            .label("rank"),
        )
        .select_from(ChildYear)
        .outerjoin(Setting, Setting.setting_urn == ChildYear.setting_urn)
        .outerjoin(setting_district, setting_district.district_code == Setting.district_code)
        .outerjoin(home_district, home_district.district_code == ChildYear.district_code)
        .where(ChildYear.cohort.in_(LOOKED_AFTER))
        .subquery("ranked_care")
    )
    return select(ranked.c.child_id, ranked.c.area_code).where(ranked.c.rank == 1).subquery("care")


def care_leavers_eet(filters: FilterSpec, by_area: bool = False) -> Select:
    """Care leavers aged 19 to 21 in education, employment or training; cohort and setting
    filters do not apply (care leavers are by definition formerly looked after)."""
    latest = latest_destination(CARE_LEAVER_AGES)
    care = last_care_area()
    query = (
        select(latest.c.academic_year, care.c.area_code, latest.c.activity)
        .join(care, care.c.child_id == latest.c.child_id)
        .where(latest.c.rank == 1)
    )
    query = where_years(query, latest.c.academic_year, filters)
    p = where_areas(query, care.c.area_code, filters).subquery("pupil")
    in_eet = p.c.activity.in_(("education", "employment", "training"))
    return summarise(p, count_if(in_eet), func.count(), by_area)


@dataclass(frozen=True)
class OutcomeQuery:
    """A measure's query and which of its columns count children or events (for suppression)."""

    build: Callable[..., Select]
    counts: tuple[str, ...]
    benchmark_cohort: str | None = None
    """The cohort DfE publishes the measure for, where it ignores the cohort filter."""


CHILD_RATE = ("numerator", "denominator")
AVERAGE = ("denominator",)

OUTCOME_QUERIES: dict[str, OutcomeQuery] = {
    "overall_absence": OutcomeQuery(overall_absence, ("pupils",)),
    "persistent_absence": OutcomeQuery(persistent_absence, CHILD_RATE),
    "severe_absence": OutcomeQuery(severe_absence, CHILD_RATE),
    "suspension_rate": OutcomeQuery(suspension_rate, CHILD_RATE),
    "suspensions_per_100": OutcomeQuery(suspensions_per_100, CHILD_RATE),
    "permanent_exclusion_rate": OutcomeQuery(permanent_exclusion_rate, CHILD_RATE),
    "ks2_rwm_expected": OutcomeQuery(ks2_rwm_expected, CHILD_RATE),
    "ks4_attainment8": OutcomeQuery(ks4_attainment8, AVERAGE),
    "ks4_progress8": OutcomeQuery(ks4_progress8, AVERAGE),
    "ks4_basics_4plus": OutcomeQuery(ks4_basics_4plus, CHILD_RATE),
    "sdq_average": OutcomeQuery(sdq_average, AVERAGE),
    "sdq_normal": OutcomeQuery(sdq_normal, CHILD_RATE),
    "sdq_borderline": OutcomeQuery(sdq_borderline, CHILD_RATE),
    "sdq_concern": OutcomeQuery(sdq_concern, CHILD_RATE),
    "neet_16_17": OutcomeQuery(neet_16_17, CHILD_RATE),
    "care_leavers_eet": OutcomeQuery(care_leavers_eet, CHILD_RATE, benchmark_cohort="CLA"),
}
"""Every outcome measure's query, by the measure's id (the ids of `dashboard.measures`)."""


def cohort_size(filters: FilterSpec, by_area: bool = False) -> Select:
    """Children in the filtered cohort each year (and area)."""
    m = where_areas(members(filters), AREA, filters).subquery("m")
    keys = [m.c.academic_year, *([m.c.area_code] if by_area else [])]
    children = func.count(func.distinct(m.c.child_id)).label("children")
    return select(*keys, children).group_by(*keys).order_by(*keys)
