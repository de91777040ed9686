"""`c2l import-ssda903 DIR`: an SSDA903 return (children looked after) into the warehouse.

Reads the return's CSV tables as the national specification names them (`header`, `episodes`,
`oc2`, `oc3`; `uasc`, `missing`, `reviews` are counted when present but feed no measure), dates
`dd/mm/YYYY`, and derives `child`, `child_year` (CLA and CLA12, see `ssda903_care`),
`wellbeing` and `destination` (see `ssda903_outcomes`) for the collection year. Every identifier
is replaced by a keyed hash as the files are read. A child's area comes from the postcode
district of the latest placement (`PL_POST`) through a postcode-district lookup; a child placed
outside the county, or with no placement postcode, counts as out of county.

Re-importing a year replaces what an earlier import of that year wrote (a corrected return
can remove a child from a cohort); importing the same files twice leaves the warehouse as once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, Engine, delete, select

from data_access.importers.postcodes import POSTCODE_DISTRICTS, outward_codes, postcode_lookup
from data_access.importers.pseudonym import Pseudonymiser
from data_access.importers.read import (
    Problems,
    Progress,
    check_codes,
    duplicates,
    no_progress,
    parse_dates,
    read_table,
    require,
)
from data_access.importers.report import ImportReport
from data_access.importers.run import Derived, run_import
from data_access.importers.ssda903_care import (
    SHORT_BREAKS,
    CollectionYear,
    continuously_looked_after,
    latest_placement,
    looked_after_in_year,
)
from data_access.importers.ssda903_outcomes import destination_rows, sdq_rows
from data_access.loaders.problems import LoadError, Problem
from data_access.schema import ChildSource, ChildYear, Destination, Wellbeing

IMPORTER = "ssda903"
TABLES = {
    "header": (["CHILD", "SEX", "DOB"], ["UPN"]),
    "episodes": (["CHILD", "DECOM", "RNE", "LS", "DEC"], ["PL_POST"]),
    "oc2": (["CHILD", "SDQ_SCORE", "SDQ_REASON"], []),
    "oc3": (["CHILD", "IN_TOUCH", "ACTIV"], []),
}
COUNTED_ONLY = ("uasc", "missing", "reviews")
SEXES = {"1": "M", "2": "F", "M": "M", "F": "F", "U": "U"}
LEGAL_STATUSES = ("C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4")
YEAR = re.compile(r"(\d{4})/(\d{2})")


def import_ssda903(
    engine: Engine,
    directory: Path,
    pseudonymiser: Pseudonymiser,
    year: str | None = None,
    progress: Progress = no_progress,
    postcodes: Path = POSTCODE_DISTRICTS,
) -> ImportReport:
    """Import the return in `directory`; raises LoadError (recorded in load_run) if refused."""
    report = ImportReport(IMPORTER, str(directory))

    def derive() -> Derived:
        tables = _read(directory, report, progress)
        lookup = postcode_lookup(engine, postcodes)
        return _derive(tables, pseudonymiser, year, lookup, report)

    return run_import(engine, report, derive)


def _read(directory: Path, report: ImportReport, progress: Progress) -> dict[str, pd.DataFrame]:
    problems = Problems()
    if not directory.is_dir():
        raise LoadError([Problem(str(directory), None, None, "not a directory")])
    tables = {}
    for name, (required, optional) in TABLES.items():
        path = directory / f"{name}.csv"
        if not path.exists():
            problems.append(Problem(path.name, None, None, "required SSDA903 table is missing"))
            continue
        tables[name] = read_table(path, required, optional, problems, progress)
        report.rows_read[path.name] = len(tables[name])
    for name in COUNTED_ONLY:
        path = directory / f"{name}.csv"
        if path.exists():
            rows = len(read_table(path, ["CHILD"], [], problems, progress))
            report.rows_read[path.name] = rows
            report.set_rows_aside(f"{path.name}: read but used by no measure", rows)
    if problems:
        raise LoadError(problems)
    return tables


def _derive(
    tables: dict[str, pd.DataFrame],
    pseudonymiser: Pseudonymiser,
    year_text: str | None,
    lookup: dict[str, str],
    report: ImportReport,
) -> Derived:
    problems = Problems()
    header = _header(tables["header"], pseudonymiser, problems)
    episodes = _episodes(tables["episodes"], header, problems)
    for name in ("oc2", "oc3"):
        _known_children(f"{name}.csv", tables[name].CHILD, header, problems)
    if problems:
        raise LoadError(problems)
    year = _collection_year(year_text, episodes)
    report.notes.append(
        f"collection year 1 April {year.end_year - 1} to 31 March {year.end_year} "
        f"(academic year {year.academic_year})"
    )
    ids = header.set_index("CHILD").child_id
    oc2, oc3 = (tables[name].rename(columns=str.lower) for name in ("oc2", "oc3"))
    wellbeing, blank = sdq_rows(oc2, oc2.child.map(ids), year, problems)
    births = oc3.child.map(header.set_index("CHILD").dob)
    destination, left_out = destination_rows(oc3, oc3.child.map(ids), births, year, problems)
    if problems:
        raise LoadError(problems)
    child_year = _child_years(episodes, header, year, lookup, report)
    _set_aside(report, episodes, year, blank, left_out)
    children = header[
        header.child_id.isin(
            pd.concat([child_year.child_id, wellbeing.child_id, destination.child_id])
        )
    ]
    report.set_rows_aside(
        "header.csv: children with no episode, OC2 or OC3 row in the year",
        len(header) - len(children),
    )
    return Derived(
        frames={
            "child": _child_rows(children),
            "child_year": child_year,
            "wellbeing": wellbeing,
            "destination": destination,
        },
        sources={
            "child": "header.csv",
            "child_year": "header.csv",
            "wellbeing": "oc2.csv",
            "destination": "oc3.csv",
        },
        replace=_replacing(year),
    )


def _header(raw: pd.DataFrame, pseudonymiser: Pseudonymiser, problems: Problems) -> pd.DataFrame:
    """CHILD, sex, dob and the pseudonymous child_id; the UPN is dropped once hashed."""
    for column in ("CHILD", "SEX", "DOB"):
        require("header.csv", raw[column], column, problems)
    check_codes("header.csv", raw.SEX, "SEX", SEXES, problems)
    duplicates("header.csv", raw, ["CHILD"], problems)
    upn = raw.UPN.str.upper()
    problems.rows(
        "header.csv", upn.notna() & upn.duplicated(), "UPN", "the same UPN as an earlier child"
    )
    return pd.DataFrame(
        {
            "CHILD": raw.CHILD,
            "sex": raw.SEX.map(SEXES),
            "dob": parse_dates("header.csv", raw.DOB, "DOB", problems),
            "child_id": pseudonymiser.child_ids(raw.UPN, raw.CHILD),
        }
    )


def _episodes(raw: pd.DataFrame, header: pd.DataFrame, problems: Problems) -> pd.DataFrame:
    for column in ("CHILD", "DECOM", "LS"):
        require("episodes.csv", raw[column], column, problems)
    check_codes("episodes.csv", raw.LS, "LS", LEGAL_STATUSES, problems)
    _known_children("episodes.csv", raw.CHILD, header, problems)
    episodes = raw.rename(columns=str.lower)
    episodes["decom"] = parse_dates("episodes.csv", raw.DECOM, "DECOM", problems)
    episodes["dec"] = parse_dates("episodes.csv", raw.DEC, "DEC", problems)
    ends_first = episodes.dec < episodes.decom
    problems.rows("episodes.csv", ends_first, "DEC", "the episode ends before it begins", raw.DEC)
    return episodes


def _known_children(file: str, children: pd.Series, header: pd.DataFrame, problems: Problems):
    unknown = children.notna() & ~children.isin(header.CHILD)
    problems.rows(file, unknown, "CHILD", "not a child in header.csv", children)


def _collection_year(text: str | None, episodes: pd.DataFrame) -> CollectionYear:
    """The year given, else the April-to-March year holding the latest episode start."""
    if text is None:
        latest = episodes.decom.max()
        if pd.isna(latest):
            raise LoadError([Problem("episodes.csv", None, "DECOM", "no episodes to date")])
        return CollectionYear(latest.year + (1 if latest.month >= 4 else 0))
    match = YEAR.fullmatch(text)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise LoadError([Problem("--year", None, None, f"{text!r} is not a year like 2024/25")])
    return CollectionYear(int(match[1]) + 1)


def _child_years(
    episodes: pd.DataFrame,
    header: pd.DataFrame,
    year: CollectionYear,
    lookup: dict[str, str],
    report: ImportReport,
) -> pd.DataFrame:
    """A CLA row for every child looked after in the year, a CLA12 row for the 12-month cohort."""
    placed = latest_placement(episodes, year).set_index("child")
    district = outward_codes(placed.pl_post.dropna()).map(lookup)
    looked_after = looked_after_in_year(episodes, year)
    report.notes.append(
        f"placed in a county district by postcode: {looked_after.map(district).notna().sum()} "
        f"of {len(looked_after)} children looked after (the others count as out of county)"
    )
    rows = []
    for cohort, children in (
        ("CLA", looked_after),
        ("CLA12", continuously_looked_after(episodes, year)),
    ):
        members = header[header.CHILD.isin(children)]
        rows.append(
            pd.DataFrame(
                {
                    "child_id": members.child_id,
                    "academic_year": year.academic_year,
                    "cohort": cohort,
                    "setting_urn": None,
                    "care_home_id": None,
                    "district_code": members.CHILD.map(district).astype(object),
                    "year_group": _year_groups(members.dob, year),
                }
            )
        )
    frame = pd.concat(rows)
    return frame.where(frame.notna(), None)


def _year_groups(births: pd.Series, year: CollectionYear) -> pd.Series:
    """National curriculum year: reception (0) is the year a child turns five by 31 August."""
    september_start = year.end_year - 1
    group = september_start - births.dt.year - 5 + (births.dt.month <= 8).astype(int)
    return group.where(group.between(-2, 14)).astype("Int64")


def _child_rows(children: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "child_id": children.child_id,
            "sex": children.sex,
            "birth_month": children.dob.dt.to_period("M").dt.start_time.dt.date,
            "sen": "unknown",
        }
    )


def _set_aside(
    report: ImportReport, episodes: pd.DataFrame, year: CollectionYear, blank: int, left_out: int
) -> None:
    short_breaks = episodes.ls.isin(SHORT_BREAKS)
    outside = (episodes.decom > year.ends_on) | (episodes.dec < year.starts_on)
    report.set_rows_aside(
        "episodes.csv: short breaks (legal status V3/V4), not counted as looked after, as DfE",
        int(short_breaks.sum()),
    )
    report.set_rows_aside(
        "episodes.csv: other episodes wholly outside the collection year",
        int((outside & ~short_breaks).sum()),
    )
    report.set_rows_aside("oc2.csv: neither an SDQ score nor a reason for none", blank)
    report.set_rows_aside("oc3.csv: died or returned home to parents (DfE leaves out)", left_out)


def _replacing(year: CollectionYear) -> list[Callable[[Connection], None]]:
    """Clear what an earlier import of this year wrote, so the return as now given is the truth."""
    from_903 = select(ChildSource.child_id).where(ChildSource.source_return == IMPORTER)

    def clear(connection: Connection) -> None:
        connection.execute(
            delete(ChildYear).where(
                ChildYear.academic_year == year.academic_year,
                ChildYear.cohort.in_(("CLA", "CLA12")),
                ChildYear.child_id.in_(from_903),
            )
        )
        connection.execute(
            delete(Wellbeing).where(Wellbeing.assessment_id.like(f"903-{year.end_year}-%"))
        )
        connection.execute(
            delete(Destination).where(
                Destination.recorded_on == year.ends_on.date(),
                Destination.child_id.in_(from_903),
            )
        )

    return [clear]
