"""What the summary tables hold, worked out from the contract tables (DESIGN §3 definitions).

`child_year_rows` gives every child-year its area, setting, phase and per-child quantities;
`cell_sums` adds those quantities up into the counts and totals the measures divide;
`care_leaver_rows` counts care leavers by year and by the area of their last year in care.
The loader stores the results (`data_access.summaries`); `outcomes_cells` reads them.
"""

from __future__ import annotations

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    Subquery,
    and_,
    case,
    extract,
    func,
    select,
)
from sqlalchemy.orm import aliased

from data_access.queries.common import (
    AREA,
    count_if,
    home_district,
    setting_district,
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
SDQ_BANDS = {"sdq_normal": (0, 13), "sdq_borderline": (14, 16), "sdq_concern": (17, 40)}
NEET_AGES = (16, 17)
NOT_IN_EET = ("neet", "unknown")
CARE_LEAVER_AGES = (19, 21)
IN_EET = ("education", "employment", "training")
LOOKED_AFTER = ("CLA", "CLA12")


def child_year_rows() -> Select:
    """One row per `child_year` row, with every quantity the outcome measures need."""
    sessions, exclusions = attendance_sums(), exclusion_counts()
    sdq, destination = latest_sdq(), latest_destination(NEET_AGES)
    ks2, ks4 = aliased(Attainment, name="ks2"), aliased(Attainment, name="ks4")
    age = age_at_31_march(Child.birth_month, sdq.c.ends_on)
    query = select(
        ChildYear.child_id,
        ChildYear.academic_year,
        ChildYear.cohort,
        AREA.label("area_code"),
        ChildYear.setting_urn,
        Setting.phase,
        sessions.c.possible.label("sessions_possible"),
        sessions.c.missed.label("sessions_missed"),
        func.coalesce(exclusions.c.suspensions, 0).label("suspensions"),
        func.coalesce(exclusions.c.permanents, 0).label("permanent_exclusions"),
        ks2.rwm_expected.label("ks2_rwm_expected"),
        ks4.attainment8.label("ks4_attainment8"),
        ks4.progress8.label("ks4_progress8"),
        ks4.basics_4plus.label("ks4_basics_4plus"),
        case((age.between(*SDQ_AGES), sdq.c.score)).label("sdq_score"),
        case(
            (destination.c.activity.in_(NOT_IN_EET), 1),
            (destination.c.activity.is_not(None), 0),
        ).label("neet_16_17"),
    )
    query = _with_area(query).join(Child, Child.child_id == ChildYear.child_id)
    for rows in (sessions, exclusions, sdq, destination):
        query = query.outerjoin(rows, _same_child_year(rows.c))
    for results, key_stage in ((ks2, "KS2"), (ks4, "KS4")):
        query = query.outerjoin(
            results, _same_child_year(results) & (results.key_stage == key_stage)
        )
    return query


def _with_area(query: Select) -> Select:
    """The child-years with what works out their area (see `common.AREA`)."""
    return (
        query.select_from(ChildYear)
        .outerjoin(Setting, Setting.setting_urn == ChildYear.setting_urn)
        .outerjoin(setting_district, setting_district.district_code == Setting.district_code)
        .outerjoin(home_district, home_district.district_code == ChildYear.district_code)
    )


def _same_child_year(columns) -> ColumnElement[bool]:
    """Join condition: `columns` (a subquery's `.c` or an entity) are about the child-year's row."""
    return and_(
        columns.child_id == ChildYear.child_id,
        columns.academic_year == ChildYear.academic_year,
    )


def attendance_sums() -> Subquery:
    """Sessions possible and missed per child and year, across terms and settings."""
    missed = Attendance.sessions_authorised + Attendance.sessions_unauthorised
    return (
        select(
            Attendance.child_id,
            Attendance.academic_year,
            func.sum(Attendance.sessions_possible).label("possible"),
            func.sum(missed).label("missed"),
        )
        .group_by(Attendance.child_id, Attendance.academic_year)
        .subquery("sessions")
    )


def exclusion_counts() -> Subquery:
    """Suspensions and permanent exclusions per child and year, wherever they happened; the year
    is the one the start date falls in."""
    return (
        select(
            Exclusion.child_id,
            AcademicYear.academic_year,
            count_if(Exclusion.category == "suspension").label("suspensions"),
            count_if(Exclusion.category == "permanent").label("permanents"),
        )
        .join(AcademicYear, within_year(Exclusion.start_date))
        .group_by(Exclusion.child_id, AcademicYear.academic_year)
        .subquery("exclusions")
    )


def age_at_31_march(birth_month, academic_year_end) -> ColumnElement:
    """Whole years of age on 31 March of the academic year, from a first-of-month birth date."""
    born_after_march = case((extract("month", birth_month) > 3, 1), else_=0)
    return extract("year", academic_year_end) - extract("year", birth_month) - born_after_march


def latest_sdq() -> Subquery:
    """Each child's latest carer-completed SDQ score in each year (a score, not a missing one).

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
        .subquery("ranked_sdq")
    )
    return select(ranked).where(ranked.c.rank == 1).subquery("sdq")


def latest_destination(ages: tuple[int, int]) -> Subquery:
    """Each young person's latest destination record in each year, at the given ages."""
    ranked = (
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
        .subquery("ranked_destination")
    )
    return select(ranked).where(ranked.c.rank == 1).subquery("destination")


def cell_sums(pupils: FromClause) -> list[ColumnElement]:
    """The counts and totals of `outcome_cell`, over rows shaped like `outcome_child_year`."""
    p = pupils.c
    attending = p.sessions_possible > 0
    on_roll = p.setting_urn.is_not(None)
    bands = [count_if(p.sdq_score.between(*band)).label(name) for name, band in SDQ_BANDS.items()]
    return [
        func.count().label("children"),
        count_if(attending).label("attending"),
        count_if(attending & (p.sessions_missed * 10 >= p.sessions_possible)).label("persistent"),
        count_if(attending & (p.sessions_missed * 2 >= p.sessions_possible)).label("severe"),
        func.sum(case((attending, p.sessions_possible))).label("sessions_possible"),
        func.sum(case((attending, p.sessions_missed))).label("sessions_missed"),
        count_if(on_roll).label("on_roll"),
        count_if(on_roll & (p.suspensions > 0)).label("suspended"),
        func.sum(case((on_roll, p.suspensions), else_=0)).label("suspensions"),
        count_if(on_roll & (p.permanent_exclusions > 0)).label("permanently_excluded"),
        func.count(p.ks2_rwm_expected).label("ks2_pupils"),
        count_if(p.ks2_rwm_expected == 1).label("ks2_expected"),
        func.count(p.ks4_attainment8).label("attainment8_pupils"),
        func.count(p.ks4_progress8).label("progress8_pupils"),
        func.count(p.ks4_basics_4plus).label("basics_pupils"),
        count_if(p.ks4_basics_4plus == 1).label("basics_4plus"),
        func.sum(p.ks4_attainment8).label("attainment8_total"),
        func.sum(p.ks4_progress8).label("progress8_total"),
        func.count(p.sdq_score).label("sdq_children"),
        *bands,
        func.sum(p.sdq_score).label("sdq_total"),
        func.count(p.neet_16_17).label("destination_16_17"),
        count_if(p.neet_16_17 == 1).label("neet_16_17"),
    ]


def cell_rows(pupils: FromClause) -> Select:
    """`outcome_cell`: the sums by cohort, year, area and phase."""
    keys = [pupils.c.cohort, pupils.c.academic_year, pupils.c.area_code, pupils.c.phase]
    return select(*keys, *cell_sums(pupils)).group_by(*keys)


def last_care_area() -> Subquery:
    """Each care leaver's area: their area in the last year they were looked after."""
    ranked = _with_area(
        select(
            ChildYear.child_id,
            AREA.label("area_code"),
            func.row_number()
            .over(partition_by=ChildYear.child_id, order_by=ChildYear.academic_year.desc())
            .label("rank"),
        )
    ).where(ChildYear.cohort.in_(LOOKED_AFTER))
    ranked = ranked.subquery("ranked_care")
    return select(ranked.c.child_id, ranked.c.area_code).where(ranked.c.rank == 1).subquery("care")


def care_leaver_rows() -> Select:
    """`care_leaver_cell`: care leavers aged 19 to 21 by year and area, and those in education,
    employment or training (by each one's latest record in the year)."""
    latest = latest_destination(CARE_LEAVER_AGES)
    care = last_care_area()
    keys = [latest.c.academic_year, care.c.area_code]
    return (
        select(
            *keys,
            func.count().label("leavers"),
            count_if(latest.c.activity.in_(IN_EET)).label("in_eet"),
        )
        .join(care, care.c.child_id == latest.c.child_id)
        .group_by(*keys)
    )
