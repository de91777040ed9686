"""`c2l import-school-census DIR`: pupil-level school census extracts into the warehouse.

The files, their names (`pupilonroll_spring2025.csv`, ...) and the term each census reports are
described in `school_census_files`; the attendance codes in `attendance_codes`. Derived:

- `child_year`: cohort PLAC for a pupil whose `plaa` is not N (nor empty), in the academic year
  of census day, at the pupil's school (the main registration, C or M, when dual registered; the
  latest census when a year has several), `year_group` from `ncyearactual` (R 0, N1 -2, N2 -1).
- `attendance`: a row per pupil and school for the term the census reports: the possible
  sessions as returned, and the sessions recorded under authorised and unauthorised codes.
- `exclusion`: PERM permanent; SUSP, FIXD (its name before 2021/22) and LNCH suspension. DfE's
  "School suspensions and permanent exclusions" guidance counts a lunchtime suspension as half
  a school day, one session, which is used when the census leaves `sessions` empty.
- `child`: sex (M/F, or 1/2), month of birth, SEN from `senprovision` (N or empty none,
  K SEN support, E EHC plan).

Privacy: only pupils in a cohort are kept, that is pupils PLAC in these files and children who
already have a `child_year` row this import does not rewrite (CLA, CLA12, CIN or CPP from the
other returns, or PLAC in another year), linked by the keyed hash of their UPN. Every other
pupil, and every pupil without a valid UPN, is set aside and counted. So import the SSDA903 and
CIN census first, and re-import a census after them to pick up children they add. The UPN is
hashed as it is read, the date of birth cut to its month; a refusal never repeats either.

Re-importing a census replaces what it wrote before: attendance for its term at the schools in
its files, exclusions at those schools starting in that term, and PLAC rows of its academic year
for the pupils it lists (a pupil now returned with `plaa` N leaves the cohort). The same files
imported twice leave the warehouse as once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, Engine, delete, or_, select

from data_access.importers.attendance_codes import AUTHORISED, UNAUTHORISED, absence_totals
from data_access.importers.pseudonym import Pseudonymiser
from data_access.importers.read import Problems, Progress, no_progress
from data_access.importers.report import ImportReport
from data_access.importers.run import Derived, run_import
from data_access.importers.school_census_files import (
    EXCLUSION_CATEGORIES,
    EXCLUSIONS,
    PUPILS,
    SESSIONS,
    CensusTables,
    read_censuses,
)
from data_access.loaders.problems import LoadError
from data_access.schema import Attendance, ChildYear, Exclusion, Setting

IMPORTER = "school_census"
PLAC = "PLAC"
LUNCHTIME_SESSIONS = 1
NO_UPN = "no valid UPN, so the pupil cannot be linked to another return"
NO_COHORT = "the pupil is in no cohort (not previously looked after, not a child in the warehouse)"


def import_school_census(
    engine: Engine, directory: Path, pseudonymiser: Pseudonymiser, progress: Progress = no_progress
) -> ImportReport:
    """Import the census tables in `directory`; raises LoadError (kept in load_run) if refused."""
    report = ImportReport(IMPORTER, str(directory))

    def derive() -> Derived:
        censuses = read_censuses(directory, report, progress)
        with engine.connect() as connection:
            _check_settings(connection, censuses)
            years = {tables.census.academic_year for tables in censuses}
            in_cohorts = _in_other_cohorts(connection, years)
        return _derive(censuses, pseudonymiser, in_cohorts, report)

    return run_import(engine, report, derive)


def _check_settings(connection: Connection, censuses: list[CensusTables]) -> None:
    """Every school must be a setting already in the warehouse, named by file, row and `urn`."""
    settings = set(connection.execute(select(Setting.setting_urn)).scalars())
    problems = Problems()
    rule = "not a setting_urn in the warehouse (load the school's setting row first)"
    for tables in censuses:
        for frame in (tables.pupils, tables.sessions, tables.exclusions):
            for name, rows in frame.groupby("file"):
                unknown = rows.urn.notna() & ~rows.urn.isin(settings)
                problems.rows(name, unknown, "urn", rule, rows.urn)
    if problems:
        raise LoadError(problems)


def _in_other_cohorts(connection: Connection, years: set[str]) -> set[str]:
    """Children with a child_year row this import will not rewrite."""
    query = select(ChildYear.child_id).where(
        or_(ChildYear.cohort != PLAC, ChildYear.academic_year.not_in(sorted(years)))
    )
    return set(connection.execute(query.distinct()).scalars())


def _derive(
    censuses: list[CensusTables],
    pseudonymiser: Pseudonymiser,
    in_cohorts: set[str],
    report: ImportReport,
) -> Derived:
    _identify(censuses, pseudonymiser)
    pupils = pd.concat(
        [
            tables.pupils[tables.pupils.linkable].assign(
                order=tables.census.order, academic_year=tables.census.academic_year
            )
            for tables in censuses
        ]
    )
    listed = _latest(pupils, ["child_id", "academic_year"])
    plac = listed[listed.plac]
    kept = set(plac.child_id) | (in_cohorts & set(pupils.child_id))
    attendance = _attendance(censuses)
    exclusions = pd.concat([_exclusions(tables, pseudonymiser) for tables in censuses])
    # A permanent exclusion is returned again by the next census while it is under review.
    exclusions = exclusions.drop_duplicates("exclusion_id", keep="last")
    _report(report, censuses, kept)
    pupil_files = ", ".join(tables.files[PUPILS] for tables in censuses)
    return Derived(
        frames={
            "child": _children(_latest(pupils[pupils.child_id.isin(kept)], ["child_id"])),
            "child_year": _plac_rows(plac),
            "attendance": attendance[attendance.child_id.isin(kept)],
            "exclusion": exclusions[exclusions.child_id.isin(kept)],
        },
        sources={
            "child": pupil_files,
            "child_year": pupil_files,
            "attendance": pupil_files,
            "exclusion": ", ".join(tables.files[EXCLUSIONS] for tables in censuses),
        },
        replace=[_replacing(tables) for tables in censuses],
    )


def _identify(censuses: list[CensusTables], pseudonymiser: Pseudonymiser) -> None:
    """Give every row with a valid UPN its pseudonymous child_id (None for the others)."""
    upns = pd.Series(sorted({upn for t in censuses for upn in t.pupils.upn[t.pupils.linkable]}))
    ids = dict(
        zip(upns, pseudonymiser.child_ids(upns, pd.Series("", index=upns.index)), strict=True)
    )
    for tables in censuses:
        for frame in (tables.pupils, tables.sessions, tables.exclusions):
            frame["child_id"] = frame.upn.where(frame.linkable).map(ids)


def _latest(pupils: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """One row per key: the latest census, then the main registration, then the lowest urn."""
    columns = ["order", "main", "urn"]
    ordered = pupils.sort_values(columns, ascending=[False, False, True], kind="stable")
    return ordered.drop_duplicates(key)


def _attendance(censuses: list[CensusTables]) -> pd.DataFrame:
    """A row per linked pupil with possible sessions, at each school, for each census's term."""
    problems = Problems()
    frames = [_term_attendance(tables, problems) for tables in censuses]
    if problems:
        raise LoadError(problems)
    return pd.concat(frames)


def _term_attendance(tables: CensusTables, problems: Problems) -> pd.DataFrame:
    pupils = tables.pupils[tables.pupils.linkable]
    missed = _missed(tables, pupils, problems)
    frame = pd.DataFrame(
        {
            "child_id": pupils.child_id,
            "academic_year": tables.census.attendance_year,
            "term": tables.census.attendance_term,
            "setting_urn": pupils.urn,
            "sessions_possible": pupils.possible.astype("Int64"),
            "sessions_authorised": missed[AUTHORISED],
            "sessions_unauthorised": missed[UNAUTHORISED],
        }
    )
    return frame[pupils.possible.notna()]


def _missed(tables: CensusTables, pupils: pd.DataFrame, problems: Problems) -> pd.DataFrame:
    """Each pupil row's missed sessions; refused where its possible sessions cannot hold them."""
    totals = absence_totals(tables.sessions[tables.sessions.linkable], ["urn", "upn"])
    key = pd.MultiIndex.from_frame(pupils[["urn", "upn"]])
    missed = totals.reindex(key, fill_value=0).set_axis(pupils.index)
    recorded = pd.Series(key.isin(totals.index), index=pupils.index)
    name, column = tables.files[PUPILS], "termlysessionspossible"
    rule = f"empty, but the pupil has sessions in {tables.files[SESSIONS]}"
    problems.rows(name, recorded & pupils.possible.isna(), column, rule)
    over = missed[AUTHORISED] + missed[UNAUTHORISED] > pupils.possible
    rule = "fewer possible sessions than the authorised and unauthorised absence recorded"
    problems.rows(name, over, column, rule)
    return missed


def _exclusions(tables: CensusTables, pseudonymiser: Pseudonymiser) -> pd.DataFrame:
    rows = tables.exclusions[tables.exclusions.linkable]
    keys = rows.upn + "|" + rows.urn + "|" + rows.startdate.dt.strftime("%Y-%m-%d")
    lunchtime = rows.category.eq("LNCH") & rows.sessions.isna()
    return pd.DataFrame(
        {
            "exclusion_id": pseudonymiser.hash_all("exclusion", keys + "|" + rows.category),
            "child_id": rows.child_id,
            "setting_urn": rows.urn,
            "start_date": rows.startdate.dt.date,
            "category": rows.category.map(EXCLUSION_CATEGORIES),
            "sessions": rows.sessions.mask(lunchtime, LUNCHTIME_SESSIONS),
        }
    )


def _children(latest: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "child_id": latest.child_id,
            "sex": latest.sex,
            "birth_month": latest.dob.dt.to_period("M").dt.start_time.dt.date,
            "sen": latest.sen,
        }
    )


def _plac_rows(plac: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "child_id": plac.child_id,
            "academic_year": plac.academic_year,
            "cohort": PLAC,
            "setting_urn": plac.urn,
            "care_home_id": None,
            "district_code": None,
            "year_group": plac.year_group,
        }
    )


def _report(report: ImportReport, censuses: list[CensusTables], kept: set[str]) -> None:
    for tables in censuses:
        census = tables.census
        note = (
            f"{census.label}: attendance for the {census.attendance_term} term of "
            f"{census.attendance_year}; PLAC status and year group for {census.academic_year}"
        )
        if census.season == "autumn" and not tables.second_half:
            note += " (first half of the summer term only: no summerhalfterm2 file)"
        report.notes.append(note)
        for what, frame in (
            ("pupilonroll", tables.pupils),
            ("attendance detail", tables.sessions),
            ("exclusion", tables.exclusions),
        ):
            report.set_rows_aside(f"{what} rows: {NO_UPN}", (~frame.linkable).sum())
            unkept = frame.linkable & ~frame.child_id.isin(kept)
            report.set_rows_aside(f"{what} rows: {NO_COHORT}", unkept.sum())


def _replacing(tables: CensusTables) -> Callable[[Connection], None]:
    """Clear what an earlier import of this census wrote: the census as now given is the truth."""
    census = tables.census
    schools = sorted(set(tables.pupils.urn.dropna()))
    listed = set(tables.pupils.child_id.dropna())
    first_day, last_day = census.term_dates()
    plac = (ChildYear.cohort == PLAC, ChildYear.academic_year == census.academic_year)

    def clear(connection: Connection) -> None:
        connection.execute(
            delete(Attendance).where(
                Attendance.academic_year == census.attendance_year,
                Attendance.term == census.attendance_term,
                Attendance.setting_urn.in_(schools),
            )
        )
        connection.execute(
            delete(Exclusion).where(
                Exclusion.setting_urn.in_(schools),
                Exclusion.start_date.between(first_day, last_day),
            )
        )
        earlier = connection.execute(select(ChildYear.child_id).where(*plac)).scalars()
        relisted = [child_id for child_id in earlier if child_id in listed]
        if relisted:
            connection.execute(delete(ChildYear).where(*plac, ChildYear.child_id.in_(relisted)))

    return clear
