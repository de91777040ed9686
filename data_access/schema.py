"""The warehouse: SQLAlchemy 2.0 typed tables for the contract (DESIGN §2) and the app's own tables.

Contract tables carry `info` on their columns that the CSV loader reads (`codes` for a code list,
`min`/`max` for a range), so the schema is the one statement of what a valid row is.
Column names are the contract's and must not change.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, MetaData, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from data_access import codes

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def coded(values: tuple[str, ...]) -> dict:
    """Column info marking a code list; see `in_codes` for the matching constraint."""
    return {"codes": values}


def in_codes(column: str, values: tuple[str, ...], name: str | None = None) -> CheckConstraint:
    listed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name or f"{column}_code")


def ranged(low: float, high: float) -> dict:
    return {"min": low, "max": high}


class Area(Base):
    __tablename__ = "area"
    area_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    area_name: Mapped[str] = mapped_column(String(100))


class District(Base):
    __tablename__ = "district"
    district_code: Mapped[str] = mapped_column(String(9), primary_key=True)
    district_name: Mapped[str] = mapped_column(String(100))
    area_code: Mapped[str] = mapped_column(ForeignKey("area.area_code"))


class Setting(Base):
    __tablename__ = "setting"
    __table_args__ = (in_codes("phase", codes.PHASES),)
    setting_urn: Mapped[str] = mapped_column(String(20), primary_key=True)
    setting_name: Mapped[str] = mapped_column(String(200))
    phase: Mapped[str] = mapped_column(String(30), info=coded(codes.PHASES))
    district_code: Mapped[str | None] = mapped_column(ForeignKey("district.district_code"))
    local_authority: Mapped[str] = mapped_column(String(100))


class CareHome(Base):
    __tablename__ = "care_home"
    __table_args__ = (in_codes("kind", codes.CARE_HOME_KINDS),)
    care_home_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), info=coded(codes.CARE_HOME_KINDS))
    district_code: Mapped[str | None] = mapped_column(ForeignKey("district.district_code"))
    approved_on: Mapped[date | None]


class Child(Base):
    __tablename__ = "child"
    __table_args__ = (in_codes("sex", codes.SEXES), in_codes("sen", codes.SEN))
    child_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    sex: Mapped[str] = mapped_column(String(1), info=coded(codes.SEXES))
    birth_month: Mapped[date] = mapped_column(info={"first_of_month": True})
    sen: Mapped[str] = mapped_column(String(12), info=coded(codes.SEN))


class ChildYear(Base):
    __tablename__ = "child_year"
    __table_args__ = (
        in_codes("cohort", codes.COHORTS),
        CheckConstraint("year_group BETWEEN -2 AND 14", name="year_group_range"),
        Index("ix_child_year_year_cohort", "academic_year", "cohort"),
        # A cohort over any years (award coverage, pupil-level export): half the time at K=100.
        Index("ix_child_year_cohort_year", "cohort", "academic_year"),
    )
    child_id: Mapped[str] = mapped_column(ForeignKey("child.child_id"), primary_key=True)
    academic_year: Mapped[str] = mapped_column(
        String(7), primary_key=True, info={"academic_year": True}
    )
    cohort: Mapped[str] = mapped_column(String(5), primary_key=True, info=coded(codes.COHORTS))
    setting_urn: Mapped[str | None] = mapped_column(ForeignKey("setting.setting_urn"))
    care_home_id: Mapped[str | None] = mapped_column(ForeignKey("care_home.care_home_id"))
    district_code: Mapped[str | None] = mapped_column(ForeignKey("district.district_code"))
    year_group: Mapped[int | None] = mapped_column(info=ranged(-2, 14))


class Attendance(Base):
    __tablename__ = "attendance"
    __table_args__ = (
        in_codes("term", codes.TERMS),
        CheckConstraint(
            "sessions_authorised + sessions_unauthorised <= sessions_possible",
            name="missed_within_possible",
        ),
    )
    child_id: Mapped[str] = mapped_column(ForeignKey("child.child_id"), primary_key=True)
    academic_year: Mapped[str] = mapped_column(
        String(7), primary_key=True, info={"academic_year": True}
    )
    term: Mapped[str] = mapped_column(String(6), primary_key=True, info=coded(codes.TERMS))
    setting_urn: Mapped[str] = mapped_column(ForeignKey("setting.setting_urn"), primary_key=True)
    sessions_possible: Mapped[int] = mapped_column(info=ranged(0, 500))
    sessions_authorised: Mapped[int] = mapped_column(info=ranged(0, 500))
    sessions_unauthorised: Mapped[int] = mapped_column(info=ranged(0, 500))


class Exclusion(Base):
    __tablename__ = "exclusion"
    __table_args__ = (
        in_codes("category", codes.EXCLUSION_CATEGORIES),
        Index("ix_exclusion_child_start", "child_id", "start_date"),
    )
    exclusion_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    child_id: Mapped[str] = mapped_column(ForeignKey("child.child_id"))
    setting_urn: Mapped[str] = mapped_column(ForeignKey("setting.setting_urn"))
    start_date: Mapped[date]
    category: Mapped[str] = mapped_column(String(10), info=coded(codes.EXCLUSION_CATEGORIES))
    sessions: Mapped[float | None] = mapped_column(info=ranged(0, 500))


class Attainment(Base):
    __tablename__ = "attainment"
    __table_args__ = (in_codes("key_stage", codes.KEY_STAGES),)
    child_id: Mapped[str] = mapped_column(ForeignKey("child.child_id"), primary_key=True)
    academic_year: Mapped[str] = mapped_column(
        String(7), primary_key=True, info={"academic_year": True}
    )
    key_stage: Mapped[str] = mapped_column(
        String(3), primary_key=True, info=coded(codes.KEY_STAGES)
    )
    rwm_expected: Mapped[int | None] = mapped_column(info=ranged(0, 1))
    attainment8: Mapped[float | None] = mapped_column(info=ranged(0, 90))
    progress8: Mapped[float | None] = mapped_column(info=ranged(-10, 10))
    basics_4plus: Mapped[int | None] = mapped_column(info=ranged(0, 1))


class Wellbeing(Base):
    __tablename__ = "wellbeing"
    __table_args__ = (
        in_codes("instrument", codes.INSTRUMENTS),
        in_codes("informant", codes.INFORMANTS),
        in_codes("missing_reason", codes.SDQ_MISSING_REASONS),
        CheckConstraint("instrument <> 'SDQ' OR score BETWEEN 0 AND 40", name="sdq_range"),
        CheckConstraint(
            "(score IS NULL AND missing_reason IS NOT NULL)"
            " OR (score IS NOT NULL AND missing_reason IS NULL)",
            name="score_or_reason",
        ),
        Index("ix_wellbeing_child_assessed", "child_id", "assessed_on"),
    )
    assessment_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    child_id: Mapped[str] = mapped_column(ForeignKey("child.child_id"))
    assessed_on: Mapped[date]
    instrument: Mapped[str] = mapped_column(String(6), info=coded(codes.INSTRUMENTS))
    score: Mapped[float | None] = mapped_column(info=ranged(0, 200))
    informant: Mapped[str] = mapped_column(String(7), info=coded(codes.INFORMANTS))
    missing_reason: Mapped[str | None] = mapped_column(
        String(20), info=coded(codes.SDQ_MISSING_REASONS)
    )


class Destination(Base):
    __tablename__ = "destination"
    __table_args__ = (in_codes("activity", codes.ACTIVITIES),)
    child_id: Mapped[str] = mapped_column(ForeignKey("child.child_id"), primary_key=True)
    recorded_on: Mapped[date] = mapped_column(primary_key=True)
    age: Mapped[int] = mapped_column(info=ranged(14, 25))
    activity: Mapped[str] = mapped_column(String(10), info=coded(codes.ACTIVITIES))


class Award(Base):
    __tablename__ = "award"
    __table_args__ = (
        in_codes("scheme", codes.SCHEMES),
        in_codes("level", codes.LEVELS),
        in_codes("outcome", codes.AWARD_OUTCOMES),
        CheckConstraint(
            "(scheme = 'caring_schools' AND setting_urn IS NOT NULL AND care_home_id IS NULL)"
            " OR (scheme = 'learning_homes' AND care_home_id IS NOT NULL AND setting_urn IS NULL)",
            name="holder_matches_scheme",
        ),
        # Reassessments look up each holder's earlier awards by this very expression.
        Index("ix_award_holder", "scheme", text("coalesce(setting_urn, care_home_id)"), "outcome"),
    )
    award_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    scheme: Mapped[str] = mapped_column(String(14), info=coded(codes.SCHEMES))
    setting_urn: Mapped[str | None] = mapped_column(ForeignKey("setting.setting_urn"))
    care_home_id: Mapped[str | None] = mapped_column(ForeignKey("care_home.care_home_id"))
    toolkit_accessed_on: Mapped[date | None]
    portfolio_started_on: Mapped[date | None]
    submitted_on: Mapped[date | None]
    assessed_on: Mapped[date | None]
    level: Mapped[str | None] = mapped_column(String(6), info=coded(codes.LEVELS))
    outcome: Mapped[str] = mapped_column(String(11), info=coded(codes.AWARD_OUTCOMES))


class TrainingSession(Base):
    __tablename__ = "training_session"
    __table_args__ = (
        in_codes("time_slot", codes.TIME_SLOTS),
        in_codes("delivery", codes.DELIVERIES),
    )
    session_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    held_on: Mapped[date]
    time_slot: Mapped[str] = mapped_column(String(7), info=coded(codes.TIME_SLOTS))
    title: Mapped[str] = mapped_column(String(200))
    theme: Mapped[str] = mapped_column(String(100))
    delivery: Mapped[str] = mapped_column(String(12), info=coded(codes.DELIVERIES))
    district_code: Mapped[str | None] = mapped_column(ForeignKey("district.district_code"))
    capacity: Mapped[int | None] = mapped_column(info=ranged(0, 10000))


class TrainingAttendance(Base):
    __tablename__ = "training_attendance"
    __table_args__ = (in_codes("role", codes.ROLES_TRAINED),)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("training_session.session_id"), primary_key=True
    )
    attendee_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), info=coded(codes.ROLES_TRAINED))
    setting_urn: Mapped[str | None] = mapped_column(ForeignKey("setting.setting_urn"))
    care_home_id: Mapped[str | None] = mapped_column(ForeignKey("care_home.care_home_id"))
    attended: Mapped[int] = mapped_column(info=ranged(0, 1))
    feedback_score: Mapped[int | None] = mapped_column(info=ranged(1, 5))


class Champion(Base):
    __tablename__ = "champion"
    __table_args__ = (
        in_codes("kind", codes.CHAMPION_KINDS),
        in_codes("working_group", codes.WORKING_GROUPS),
    )
    champion_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), info=coded(codes.CHAMPION_KINDS))
    district_code: Mapped[str | None] = mapped_column(ForeignKey("district.district_code"))
    working_group: Mapped[str] = mapped_column(String(24), info=coded(codes.WORKING_GROUPS))
    started_on: Mapped[date]
    ended_on: Mapped[date | None]


class Benchmark(Base):
    """Published figures, value kept as text so the GSS symbols (c, x, z, low) survive."""

    __tablename__ = "benchmark"
    measure: Mapped[str] = mapped_column(String(60), primary_key=True)
    academic_year: Mapped[str] = mapped_column(
        String(7), primary_key=True, info={"academic_year": True}
    )
    cohort: Mapped[str] = mapped_column(String(5), primary_key=True, info=coded(codes.COHORTS))
    geography: Mapped[str] = mapped_column(String(12), primary_key=True)
    value: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(200))


CONTRACT_TABLES = (
    "area",
    "district",
    "setting",
    "care_home",
    "child",
    "child_year",
    "attendance",
    "exclusion",
    "attainment",
    "wellbeing",
    "destination",
    "award",
    "training_session",
    "training_attendance",
    "champion",
    "benchmark",
)
"""Every contract table, parents before children: the order the loader writes in."""


class BenchmarkPlace(Base):
    """Which benchmark geographies are the council itself and which its statistical neighbours,
    as the benchmark loader found them (the contract's `geography` is just a code)."""

    __tablename__ = "benchmark_place"
    __table_args__ = (in_codes("role", ("council", "neighbour")),)
    geography: Mapped[str] = mapped_column(String(12), primary_key=True)
    role: Mapped[str] = mapped_column(String(10))


class AcademicYear(Base):
    """A calendar of academic years so that dated events join to years with plain SQL."""

    __tablename__ = "academic_year"
    # Events find their year by date range (`within_year`), per row: a range search, not a scan.
    __table_args__ = (Index("ix_academic_year_dates", "starts_on", "ends_on"),)
    academic_year: Mapped[str] = mapped_column(String(7), primary_key=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]


class AppUser(Base):
    __tablename__ = "app_user"
    __table_args__ = (in_codes("role", codes.USER_ROLES),)
    user_id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(10))
    areas: Mapped[str] = mapped_column(String(400), default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]


class AuditEvent(Base):
    """Who did what and when: sign-ins (successful or not), downloads, and later user changes."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_action_time", "action", "occurred_at"),)
    event_id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime]
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(30))
    detail: Mapped[str] = mapped_column(String(400), default="")
    filters: Mapped[str] = mapped_column(String(400), default="")
    rows: Mapped[int | None]


class TableLoad(Base):
    """When each contract table was last written and how many rows it then held."""

    __tablename__ = "table_load"
    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    loaded_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(Text)
    rows_written: Mapped[int]
    rows_total: Mapped[int]


class LoadRun(Base):
    """One import of a national return: what was read, loaded and set aside, or why refused."""

    __tablename__ = "load_run"
    run_id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime]
    importer: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8))
    rows_read: Mapped[int]
    rows_loaded: Mapped[int]
    rows_set_aside: Mapped[int]
    children: Mapped[int]
    children_linked: Mapped[int]
    detail: Mapped[str] = mapped_column(Text)


class ChildSource(Base):
    """Which national returns each pseudonymous child came from, to count links across returns."""

    __tablename__ = "child_source"
    child_id: Mapped[str] = mapped_column(ForeignKey("child.child_id"), primary_key=True)
    source_return: Mapped[str] = mapped_column(String(20), primary_key=True)


# The summary tables register themselves on Base.metadata, so init_db creates them with the rest.
from data_access import summaries  # noqa: E402, F401
