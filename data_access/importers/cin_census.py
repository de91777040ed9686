"""`c2l import-cin-census FILE`: the children in need census (XML) → `child` and `child_year`.

**Year.** A census covers 1 April to 31 March and ends on 31 March of the year of the header's
`ReferenceDate`. That date, not the `Year` element, decides, as in DfE's own validator (a note
says when the two disagree). Rows go to the academic year holding that 31 March: the census year
1 April 2021 to 31 March 2022 gives `2021/22`. The two kinds of year overlap for seven months; the
census is the only source, so its year stands for the academic year that holds most of it.

**Cohorts**, after DfE's count of children in need at any point in the year:
- `CIN`: an episode (`CINdetails`) open at some time in the census year: referred on or before 31
  March and not closed before 1 April. Referrals that led to no further action
  (`ReferralNFA` true or 1) are not episodes of need, and DfE leaves them out of its counts of
  children in need; so does this import. A child on a child protection plan is in need too.
- `CPP`: a child protection plan (`ChildProtectionPlans`) open at some time in the census year.
Children in neither are set aside, counted by reason, and so are unborn children (no
`PersonBirthDate`): the warehouse needs a birth month.

**Child.** A keyed hash of the UPN, else of the `LAchildID`; sex from `Sex` or the older
`GenderCurrent`; the month of birth; SEN `unknown` (the census's disabilities are not SEN).
`year_group` is the national curriculum year for the child's age (age on the 31 August that ends
the academic year, minus 5), empty outside -2 to 14. The census records no setting, home or
district. No UPN, LA child id or date of birth reaches the warehouse.

**Re-import.** Importing a census year again replaces the CIN and CPP rows that earlier imports
of that year wrote, so a child no longer in need that year loses its row; other rows stay.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, delete, select

from data_access.importers.cin_census_xml import Census, read_census
from data_access.importers.pseudonym import UPN_PATTERN, Pseudonymiser
from data_access.importers.read import (
    Problems,
    Progress,
    check_codes,
    duplicates,
    no_progress,
    parse_dates,
    require,
)
from data_access.importers.report import ImportReport
from data_access.importers.run import UNKNOWN_SEN, Derived, run_import
from data_access.importers.ssda903_care import CollectionYear
from data_access.loaders.problems import LoadError, Problem
from data_access.schema import ChildSource, ChildYear

IMPORTER = "cin_census"
COHORTS = ("CIN", "CPP")
SEXES = {"1": "M", "2": "F", "9": "U", "0": "U", "M": "M", "F": "F", "U": "U"}
"""`Sex` (M, F, U; some current files still write 1, 2, 9) and the older `GenderCurrent` (1 male,
2 female, 9 not specified, 0 not known)."""
NFA = {"true": True, "1": True, "false": False, "0": False}
YEAR_GROUPS = (-2, 14)


def import_cin_census(
    engine: Engine, file: Path, pseudonymiser: Pseudonymiser, progress: Progress = no_progress
) -> ImportReport:
    """Import one CIN census XML file, all or nothing, and report what was loaded and set aside."""
    report = ImportReport(IMPORTER, str(file))
    return run_import(engine, report, lambda: _derive(file, pseudonymiser, progress, report))


def _open_in(year: CollectionYear, starts: pd.Series, ends: pd.Series) -> pd.Series:
    """Spans begun by the year's end and not ended before its start (no end: still open)."""
    return (starts <= year.ends_on) & (ends.isna() | (ends >= year.starts_on))


def _derive(
    file: Path, pseudonymiser: Pseudonymiser, progress: Progress, report: ImportReport
) -> Derived:
    census = read_census(file, progress)
    report.rows_read = {file.name: len(census.children)}
    problems: list[Problem] = []
    year = _census_year(file.name, census.header, problems, report.notes)
    children, episodes, plans = _checked(file.name, census, problems)
    if problems or year is None:
        raise LoadError(problems)
    children = _in_year(children, episodes, plans, year)
    for reason, rows in children.reason.value_counts(sort=False).items():
        report.set_rows_aside(reason, rows)
    kept = children[children.reason.isna()].set_index("line")
    ids = pseudonymiser.child_ids(kept.UPN, kept.LAchildID)
    return Derived(
        frames=_frames(kept, ids, year),
        sources={"child": file.name, "child_year": file.name},
        replace=[partial(_clear_year, year.academic_year)],
    )


def _census_year(
    file: str, header: pd.DataFrame, problems: list[Problem], notes: list[str]
) -> CollectionYear | None:
    """The census year from the first CollectionDetails' ReferenceDate; None if it is unusable."""
    found = Problems()
    first = header.head(1)
    if first.empty:
        found.append(Problem(file, None, "ReferenceDate", "the <Header> has no CollectionDetails"))
    require(file, first.ReferenceDate, "ReferenceDate", found)
    ends = parse_dates(file, first.ReferenceDate, "ReferenceDate", found)
    problems += _at_lines(found, first.line)
    if found:
        return None
    year = CollectionYear(ends.iloc[0].year)
    notes.append(
        f"census year 1 April {year.end_year - 1} to 31 March {year.end_year} (from the "
        f"header's ReferenceDate), loaded as academic year {year.academic_year}"
    )
    stated = first.Year.iloc[0]
    if pd.notna(stated) and stated != str(year.end_year):
        notes.append(f"the header's Year says {stated}; the ReferenceDate was followed")
    return year


def _checked(
    file: str, census: Census, problems: list[Problem]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Children, episodes and plans with typed values; their problems named by file line."""
    checked = []
    for raw, check in (
        (census.children, _children),
        (census.episodes, _episodes),
        (census.plans, _plans),
    ):
        found = Problems()
        checked.append(check(file, raw, found))
        problems += _at_lines(found, raw.line)
    children, episodes, plans = checked
    return children, episodes, plans


def _at_lines(found: Problems, lines: pd.Series) -> list[Problem]:
    """The read helpers name a frame's row; name the line where that record's element starts."""
    return [p if p.row is None else replace(p, row=int(lines[p.row])) for p in found]


def _children(file: str, raw: pd.DataFrame, found: Problems) -> pd.DataFrame:
    require(file, raw.LAchildID, "LAchildID", found)
    duplicates(file, raw[raw.LAchildID.notna()], ["LAchildID"], found)
    upn = raw.UPN.fillna("").str.strip().str.upper()
    duplicates(file, upn[upn.str.fullmatch(UPN_PATTERN)].to_frame(), ["UPN"], found)
    for column in ("Sex", "GenderCurrent"):
        check_codes(file, raw[column], column, SEXES, found)
    sex = raw.Sex.fillna(raw.GenderCurrent)
    require(file, sex, "Sex", found)
    # A malformed date of birth is named but not repeated: refusals are kept in load_run.
    born = parse_dates(file, raw.PersonBirthDate, "PersonBirthDate", Problems())
    rule = "not a date (the value is not repeated: it is a date of birth)"
    found.rows(file, raw.PersonBirthDate.notna() & born.isna(), "PersonBirthDate", rule)
    unrecorded = raw.PersonBirthDate.isna() & raw.ExpectedPersonBirthDate.isna()
    rule = "a value is required (or ExpectedPersonBirthDate, for an unborn child)"
    found.rows(file, unrecorded, "PersonBirthDate", rule)
    return raw[["line", "LAchildID", "UPN"]].assign(sex=sex.map(SEXES), born=born)


def _episodes(file: str, raw: pd.DataFrame, found: Problems) -> pd.DataFrame:
    episodes = _spans(file, raw, "CINreferralDate", "CINclosureDate", found)
    require(file, raw.ReferralNFA, "ReferralNFA", found)
    check_codes(file, raw.ReferralNFA, "ReferralNFA", NFA, found)
    return episodes.assign(nfa=raw.ReferralNFA.map(NFA).fillna(False).astype(bool))


def _plans(file: str, raw: pd.DataFrame, found: Problems) -> pd.DataFrame:
    return _spans(file, raw, "CPPstartDate", "CPPendDate", found)


def _spans(file: str, raw: pd.DataFrame, starts: str, ends: str, found: Problems) -> pd.DataFrame:
    """Each child's dated spans (episodes, plans): a start is required; no end while open."""
    require(file, raw[starts], starts, found)
    return pd.DataFrame(
        {
            "child": raw.child,
            "starts": parse_dates(file, raw[starts], starts, found),
            "ends": parse_dates(file, raw[ends], ends, found),
        }
    )


def _in_year(
    children: pd.DataFrame, episodes: pd.DataFrame, plans: pd.DataFrame, year: CollectionYear
) -> pd.DataFrame:
    """Children with `on_plan` (CPP) and, for those not loaded, the `reason` they are set aside."""
    open_episodes = _open_in(year, episodes.starts, episodes.ends)
    on_plan = children.index.isin(plans.child[_open_in(year, plans.starts, plans.ends)])
    in_need = children.index.isin(episodes.child[open_episodes & ~episodes.nfa]) | on_plan
    referred = children.index.isin(episodes.child[open_episodes])
    ay = year.academic_year
    reasons = {
        f"child not in need in {ay}: the census year's only episodes were referrals with no "
        "further action": ~in_need & referred,
        f"child not in need in {ay}: no episode or child protection plan open in the census "
        "year": ~in_need,
        "unborn child (no PersonBirthDate): the warehouse needs a birth month": (
            children.born.isna().to_numpy()
        ),
    }
    reason = np.select(list(reasons.values()), list(reasons), default=None)
    return children.assign(on_plan=on_plan, reason=reason)


def _frames(kept: pd.DataFrame, ids: pd.Series, year: CollectionYear) -> dict[str, pd.DataFrame]:
    """The contract rows, indexed by the line of each child's <Child> for the contract checks."""
    child = pd.DataFrame(
        {
            "child_id": ids,
            "sex": kept.sex,
            "birth_month": kept.born.dt.to_period("M").dt.start_time.dt.date,
            "sen": UNKNOWN_SEN,
        }
    )
    cin = pd.DataFrame(
        {
            "child_id": ids,
            "academic_year": year.academic_year,
            "cohort": "CIN",
            "setting_urn": None,
            "care_home_id": None,
            "district_code": None,
            "year_group": _year_group(kept.born, year),
        }
    )
    cpp = cin[kept.on_plan].assign(cohort="CPP")
    return {"child": child, "child_year": pd.concat([cin, cpp])}


def _year_group(born: pd.Series, year: CollectionYear) -> pd.Series:
    """National curriculum year: a child born September 2015 to August 2016 starts Reception (0)
    in 2020/21, so the group is the academic year's start less the birth academic year less 5."""
    born_in = born.dt.year - (born.dt.month < 9)
    group = (year.end_year - 1 - born_in - 5).astype("Int64")
    return group.where(group.between(*YEAR_GROUPS))


def _clear_year(academic_year: str, connection: Connection) -> None:
    """Delete the year's CIN and CPP rows of every child an import of this return loaded."""
    earlier = select(ChildSource.child_id).where(ChildSource.source_return == IMPORTER)
    connection.execute(
        delete(ChildYear).where(
            ChildYear.academic_year == academic_year,
            ChildYear.cohort.in_(COHORTS),
            ChildYear.child_id.in_(earlier),
        )
    )
