"""Finding and reading the school census extract tables: one CSV file per table per census.

File names: `<table>_<census><year>.csv` in any case: the table as the census names it, the
census (`spring`, `summer`, `autumn`) and the calendar year of census day, for example
`pupilonroll_spring2025.csv`. Each census needs three tables (extra columns are ignored):

- `pupilonroll`: urn, upn, dob, sex, ncyearactual, plaa, termlysessionspossible;
  optional enrolstatus, senprovision.
- `termlysessiondetailsonroll`: urn, upn, attendancereason, sessions (or sessionsmissed).
- `termlyexclusionsonroll`: urn, upn, startdate, category; optional sessions.

An autumn census may add `summerhalfterm2sessiondetailsonroll` (same columns; pupilonroll then
needs `summerhalfterm2sessionspossible`): the census returns the summer term's second half apart.
Rows name their school by `urn` and are linked to their pupil by `urn` and `upn`. Other tables
of the extract (addresses, FSM, ...) are not read.

Each census returns attendance one term in arrears (DfE, "Pupil absence statistics:
methodology", section 4.1, table 6): spring the autumn term (1 August to 31 December), summer
the spring term (1 January to Easter Sunday), autumn the summer term (Easter Monday to 31 July).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
from dateutil.easter import easter

from data_access.db import academic_year_label
from data_access.importers.attendance_codes import CODES
from data_access.importers.pseudonym import UPN_PATTERN
from data_access.importers.read import (
    Problems,
    Progress,
    check_codes,
    duplicates,
    parse_dates,
    parse_numbers,
    read_table,
    require,
)
from data_access.importers.report import ImportReport
from data_access.loaders.problems import LoadError, Problem

PUPILS = "pupilonroll"
SESSIONS = "termlysessiondetailsonroll"
SUMMER_SECOND_HALF = "summerhalfterm2sessiondetailsonroll"
EXCLUSIONS = "termlyexclusionsonroll"
REQUIRED_TABLES = (PUPILS, SESSIONS, EXCLUSIONS)
FILE_NAME = re.compile(r"([a-z0-9]+)_(spring|summer|autumn)(\d{4})\.csv", re.IGNORECASE)
SEASONS = ("spring", "summer", "autumn")  # in date order: January, May, October
TERM_IN_ARREARS = {"spring": "autumn", "summer": "spring", "autumn": "summer"}
MAX_SESSIONS = 500

SEXES = {"M": "M", "F": "F", "1": "M", "2": "F"}
PREVIOUSLY_LOOKED_AFTER = {"N": False} | dict.fromkeys("AGRCO", True)
"""`plaa`: N (or empty) not previously looked after; the others name how the child left care."""
YEAR_GROUPS = {"N1": -2, "N2": -1, "R": 0} | {str(year): year for year in range(1, 15)}
YEAR_GROUPS |= dict.fromkeys(("E1", "E2", "M", "X"))
"""`ncyearactual`: E1/E2 early years, M mixed and X no year group have no contract year_group."""
SEN_PROVISION = {"N": "none"} | dict.fromkeys("KAP", "sen_support") | dict.fromkeys("ES", "ehcp")
"""N, K, E since 2014; A (School Action), P (School Action Plus), S (statement) in older data."""
MAIN_REGISTRATION = dict.fromkeys("CM", True) | dict.fromkeys("SFO", False)
"""`enrolstatus`: C single and M main registration hold a pupil's main school; S subsidiary
(dual) registration, F further education college, O other provider do not."""
EXCLUSION_CATEGORIES = {"PERM": "permanent"} | dict.fromkeys(("SUSP", "FIXD", "LNCH"), "suspension")
"""`category`: FIXD is the name SUSP had before 2021/22; LNCH a lunchtime suspension."""


@dataclass(frozen=True)
class Census:
    season: str
    year: int

    @property
    def label(self) -> str:
        return f"{self.season}{self.year}"

    @property
    def order(self) -> int:
        return self.year * len(SEASONS) + SEASONS.index(self.season)

    @property
    def academic_year(self) -> str:
        """The academic year census day falls in: `plaa` and `ncyearactual` are as of that day."""
        return academic_year_label(self.year if self.season == "autumn" else self.year - 1)

    @property
    def attendance_year(self) -> str:
        """Every census reports a term of the academic year that began the September before."""
        return academic_year_label(self.year - 1)

    @property
    def attendance_term(self) -> str:
        return TERM_IN_ARREARS[self.season]

    def term_dates(self) -> tuple[date, date]:
        """The first and last day of the term whose attendance and exclusions the census holds."""
        if self.season == "spring":
            return date(self.year - 1, 8, 1), date(self.year - 1, 12, 31)
        sunday = easter(self.year)
        if self.season == "summer":
            return date(self.year, 1, 1), sunday
        return sunday + timedelta(days=1), date(self.year, 7, 31)


@dataclass
class CensusTables:
    """One census, typed: every frame has `file`, `urn`, `upn`, `linkable` and source lines."""

    census: Census
    pupils: pd.DataFrame
    sessions: pd.DataFrame
    exclusions: pd.DataFrame
    files: dict[str, str]  # table: file name

    @property
    def second_half(self) -> bool:
        """Whether the second half of the summer term is in (autumn census only)."""
        return SUMMER_SECOND_HALF in self.files


def read_censuses(directory: Path, report: ImportReport, progress: Progress) -> list[CensusTables]:
    """Every census in `directory`, checked table by table; raises LoadError on any problem."""
    problems = Problems()
    found = _find(directory, report, problems)
    _check_complete(found, problems)
    reader = _Reader(report, problems, progress)
    censuses = [
        reader.census(census, paths)
        for census, paths in sorted(found.items(), key=lambda item: item[0].order)
        if all(table in paths for table in REQUIRED_TABLES)
    ]
    if problems:
        raise LoadError(problems)
    return censuses


def _find(directory: Path, report: ImportReport, problems: Problems) -> dict[Census, dict]:
    if not directory.is_dir():
        raise LoadError([Problem(str(directory), None, None, "not a directory")])
    found: dict[Census, dict[str, Path]] = {}
    for path in sorted(p for p in directory.iterdir() if p.suffix.lower() == ".csv"):
        match = FILE_NAME.fullmatch(path.name)
        if match is None:
            rule = "not named <table>_<census><year>.csv, like pupilonroll_spring2025.csv"
            problems.append(Problem(path.name, None, None, rule))
            continue
        table, census = match[1].lower(), Census(match[2].lower(), int(match[3]))
        if table not in (*REQUIRED_TABLES, SUMMER_SECOND_HALF):
            report.notes.append(f"{path.name}: not read (the dashboard does not use {table})")
        elif table in found.setdefault(census, {}):
            problems.append(Problem(path.name, None, None, "a second file for this table"))
        else:
            found[census][table] = path
    if not found and not problems:
        rule = "no school census files (named like pupilonroll_spring2025.csv)"
        problems.append(Problem(str(directory), None, None, rule))
    return found


def _check_complete(found: dict[Census, dict], problems: Problems) -> None:
    for census, paths in found.items():
        for table in REQUIRED_TABLES:
            if table not in paths:
                name = f"{table}_{census.label}.csv"
                problems.append(Problem(name, None, None, "missing: each census needs it"))
        if SUMMER_SECOND_HALF in paths and census.season != "autumn":
            rule = "only the autumn census holds the second half of the summer term"
            problems.append(Problem(paths[SUMMER_SECOND_HALF].name, None, None, rule))


@dataclass
class _Reader:
    """Reads a census's tables into typed frames, counting rows and collecting problems."""

    report: ImportReport
    problems: Problems
    progress: Progress

    def census(self, census: Census, paths: dict[str, Path]) -> CensusTables:
        files = {table: path.name for table, path in paths.items()}
        second_half = SUMMER_SECOND_HALF in paths
        pupils = self.pupils(paths[PUPILS], second_half)
        session_tables = (SESSIONS, SUMMER_SECOND_HALF) if second_half else (SESSIONS,)
        sessions = pd.concat([self.sessions(paths[table], pupils) for table in session_tables])
        exclusions = self.exclusions(paths[EXCLUSIONS], pupils)
        return CensusTables(census, pupils, sessions, exclusions, files)

    def pupils(self, path: Path, second_half: bool) -> pd.DataFrame:
        possible = ["termlysessionspossible"]
        if second_half:
            possible.append("summerhalfterm2sessionspossible")
        required = ["urn", "upn", "dob", "sex", "ncyearactual", "plaa", *possible]
        raw = self.read(path, required, ["enrolstatus", "senprovision"], ["urn", "dob", "sex"])
        name, problems = path.name, self.problems
        pupils = _linked_rows(name, raw).assign(
            dob=_birth_dates(name, raw.dob, problems),
            sex=_mapped(name, raw, "sex", SEXES, problems),
            plac=_mapped(name, raw, "plaa", PREVIOUSLY_LOOKED_AFTER, problems).eq(True),
            year_group=_mapped(name, raw, "ncyearactual", YEAR_GROUPS, problems).astype("Int64"),
            sen=_mapped(name, raw, "senprovision", SEN_PROVISION, problems).fillna("none"),
            main=_mapped(name, raw, "enrolstatus", MAIN_REGISTRATION, problems).eq(True),
            possible=pd.concat(
                [_session_counts(name, raw, column, problems) for column in possible], axis=1
            ).sum(axis=1, min_count=1),
        )
        duplicates(name, pupils[pupils.linkable], ["urn", "upn"], problems)
        return pupils

    def sessions(self, path: Path, pupils: pd.DataFrame) -> pd.DataFrame:
        count = _count_column(path)
        columns = ["urn", "attendancereason", count]
        raw = self.read(path, ["upn", *columns], [], columns)
        name, problems = path.name, self.problems
        sessions = _linked_rows(name, raw).assign(
            attendancereason=_codes(name, raw, "attendancereason", CODES, problems),
            sessions=_session_counts(name, raw, count, problems),
        )
        _check_on_roll(name, sessions, pupils, problems)
        duplicates(name, sessions[sessions.linkable], ["urn", "upn", "attendancereason"], problems)
        return sessions

    def exclusions(self, path: Path, pupils: pd.DataFrame) -> pd.DataFrame:
        columns = ["urn", "startdate", "category"]
        raw = self.read(path, ["upn", *columns], ["sessions"], columns)
        name, problems = path.name, self.problems
        exclusions = _linked_rows(name, raw).assign(
            startdate=parse_dates(name, raw.startdate, "startdate", problems),
            category=_codes(name, raw, "category", EXCLUSION_CATEGORIES, problems),
            sessions=_session_counts(name, raw, "sessions", problems),
        )
        _check_on_roll(name, exclusions, pupils, problems)
        key = ["urn", "upn", "startdate", "category"]
        duplicates(name, exclusions[exclusions.linkable], key, problems)
        return exclusions

    def read(
        self, path: Path, required: list[str], optional: list[str], filled: list[str]
    ) -> pd.DataFrame:
        """The file's columns as text; `filled`: columns in which no cell may be empty."""
        raw = read_table(path, required, optional, self.problems, self.progress)
        self.report.rows_read[path.name] = len(raw)
        for column in filled:
            require(path.name, raw[column], column, self.problems)
        return raw


def _linked_rows(name: str, raw: pd.DataFrame) -> pd.DataFrame:
    """The columns that place a row: file, school and pupil (a UPN only if it is a valid one)."""
    upn = raw.upn.fillna("").str.upper()
    urn = raw.urn.str.replace(r"\.0$", "", regex=True)
    linkable = upn.str.fullmatch(UPN_PATTERN).astype(bool)
    return pd.DataFrame({"file": name, "urn": urn, "upn": upn, "linkable": linkable})


def _check_on_roll(name: str, rows: pd.DataFrame, pupils: pd.DataFrame, problems: Problems):
    on_roll = pd.MultiIndex.from_frame(pupils.loc[pupils.linkable, ["urn", "upn"]])
    found = pd.MultiIndex.from_frame(rows[["urn", "upn"]]).isin(on_roll)
    rule = "no pupil with this upn at this urn in the census's pupilonroll file"
    problems.rows(name, rows.linkable & ~pd.Series(found, index=rows.index), "upn", rule)


def _codes(name: str, raw: pd.DataFrame, column: str, allowed, problems: Problems) -> pd.Series:
    """Codes in any case (and `10.0` for 10, as spreadsheets write it), checked against a list."""
    codes = raw[column].str.upper().str.replace(r"\.0$", "", regex=True)
    check_codes(name, codes, column, allowed, problems)
    return codes


def _mapped(name: str, raw: pd.DataFrame, column: str, meaning: dict, problems: Problems):
    """A coded column's meaning; NaN where the cell is empty."""
    return _codes(name, raw, column, meaning, problems).map(meaning)


def _session_counts(name: str, raw: pd.DataFrame, column: str, problems: Problems) -> pd.Series:
    numbers = parse_numbers(name, raw[column], column, problems)
    outside = numbers.notna() & ~numbers.between(0, MAX_SESSIONS)
    problems.rows(name, outside, column, f"not between 0 and {MAX_SESSIONS}", raw[column])
    return numbers


def _birth_dates(name: str, cells: pd.Series, problems: Problems) -> pd.Series:
    """Dates of birth, read as `parse_dates` reads dates, but a refusal never repeats the value."""
    found = Problems()
    dates = parse_dates(name, cells, "dob", found)
    rule = "not a date (write YYYY-MM-DD, DD/MM/YYYY or YYYY-Mon-DD 00:00:00)"
    problems += [Problem(p.file, p.row, p.column, p.rule if p.row is None else rule) for p in found]
    return dates


def _count_column(path: Path) -> str:
    """`sessions`, as the census names it, or `sessionsmissed` in a file that has that instead."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as file:
        header = {cell.strip().lower() for cell in next(csv.reader(file), [])}
    named = [name for name in ("sessions", "sessionsmissed") if name in header]
    return (named or ["sessions"])[0]
