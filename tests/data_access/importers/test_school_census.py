"""`import-school-census` on small extracts written here in the census's own column layout, with
every derived row worked out by hand, on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, String, Text, func, insert, select

from data_access.importers.pseudonym import Pseudonymiser
from data_access.importers.school_census import NO_COHORT, NO_UPN, import_school_census
from data_access.importers.school_census_files import Census
from data_access.loaders.problems import LoadError
from data_access.schema import (
    CONTRACT_TABLES,
    Area,
    Base,
    Child,
    ChildSource,
    ChildYear,
    District,
    LoadRun,
    Setting,
)

KEY = Pseudonymiser("a-test-key-of-enough-length")
U1, U2, U3, U4, U6 = (f"A{n:012d}" for n in (1, 2, 3, 4, 6))
ID1, ID3, ID4, ID6 = (KEY.hash("upn", upn) for upn in (U1, U3, U4, U6))
SPRING = "pupilonroll_spring2025.csv", "termlysessiondetailsonroll_spring2025.csv"
PUPILS, DETAILS = SPRING
EXCLUSIONS = "termlyexclusionsonroll_spring2025.csv"
PUPIL_HEADER = [
    "pupilonrolltableid", "URN", "UPN", "Surname", "Forename", "dob", "sex", "ncyearactual",
    "plaa", "termlysessionspossible", "enrolstatus", "senprovision",
]  # fmt: skip
DETAIL_HEADER = ["termlysessiondetailsonrolltableid", "urn", "upn", "attendancereason", "sessions"]
EXCLUSION_HEADER = ["id", "urn", "upn", "startdate", "sessions", "category", "reason"]
NAMES = ["Testone", "Testtwo", "Testthree", "Testfour", "Testfive", "Testsix"]

# The spring 2025 census: attendance for the autumn term of 2024/25, PLAC status for 2024/25.
# File lines: the header is line 1, so the n-th row listed is line n + 1.
FILES = {
    PUPILS: (
        PUPIL_HEADER,
        [
            # line 2: P1 previously looked after (A), year 5, 120 possible written "120.0".
            ["1", "100001", U1, NAMES[0], "Amy", "2015-03-14", "F", "5", "A", "120.0", "C", "K"],
            # line 3: P2 not previously looked after and not in the warehouse: set aside.
            ["2", "100001", U2, NAMES[1], "Ben", "2014-07-21", "M", "6", "N", "120", "C", "N"],
            # lines 4 and 5: P3 dual registered, subsidiary at 100001, main at 100002.
            ["3", "100001", U3, NAMES[2], "Cal", "14/09/2013", "1", "6", "G", "40", "S", "E"],
            ["4", "100002", U3, NAMES[2], "Cal", "14/09/2013", "1", "6", "G", "80", "M", "E"],
            # line 6: P4, already CLA in the warehouse; plaa, enrolstatus, senprovision empty.
            ["5", "100002", U4, NAMES[3], "Dan", "2012-Jan-05 00:00:00", "M", "7", "", "130", "",
             ""],
            # line 7: P5 has no UPN: set aside although previously looked after.
            ["6", "100001", "", NAMES[4], "Eve", "2016-02-02", "F", "3", "A", "100", "C", "N"],
            # line 8: P6 in reception, PLAC (a), no possible sessions returned.
            ["7", "100001", U6, NAMES[5], "Fay", "2020-06-30", "f", "R", "a", "", "C", "N"],
        ],
    ),
    DETAILS: (
        DETAIL_HEADER,
        [
            # lines 2-8, P1: present 55 + 55; authorised C 4 + I 2 = 6; unauthorised G 1 + O 3 = 4;
            # X 2 not counted in possible sessions: 110 + 6 + 4 = 120 possible.
            ["1", "100001", U1, "/", "55"],
            ["2", "100001", U1, "\\", "55"],
            ["3", "100001", U1, "C", "4"],
            ["4", "100001", U1, "I", "2"],
            ["5", "100001", U1, "G", "1"],
            ["6", "100001", U1, "O", "3"],
            ["7", "100001", U1, "X", "2"],
            # lines 9-10, P2 (set aside).
            ["8", "100001", U2, "I", "2"],
            ["9", "100001", U2, "N", "2"],
            # lines 11-12, P3 at 100001: D 80 (at the other school, not counted), I 2.
            ["10", "100001", U3, "D", "80"],
            ["11", "100001", U3, "I", "2"],
            # lines 13-15, P3 at 100002: I 3 authorised, N 2 unauthorised, D 40 not counted.
            ["12", "100002", U3, "I", "3"],
            ["13", "100002", U3, "N", "2"],
            ["14", "100002", U3, "D", "40"],
            # line 16, P5 (no UPN: set aside).
            ["15", "100001", "", "I", "1"],
        ],
    ),
    EXCLUSIONS: (
        EXCLUSION_HEADER,
        [
            ["1", "100001", U1, "2024-11-04", "2.0", "SUSP", "PP"],  # line 2
            ["2", "100001", U1, "2024-12-02", "", "LNCH", "DB"],  # line 3: one session
            ["3", "100002", U3, "2024-Dec-10 00:00:00", "", "PERM", "PA"],  # line 4
            ["4", "100001", U2, "01/10/2024", "4", "FIXD", "VP"],  # line 5: P2, set aside
        ],
    ),
    "addressesonroll_spring2025.csv": (["urn", "upn", "postcode"], [["100001", U1, "LN1 1AA"]]),
}  # fmt: skip

# Worked out from FILES by hand.
ATTENDANCE = {
    (ID1, "2024/25", "autumn", "100001", 120, 6, 4),
    (ID3, "2024/25", "autumn", "100001", 40, 2, 0),
    (ID3, "2024/25", "autumn", "100002", 80, 3, 2),
    (ID4, "2024/25", "autumn", "100002", 130, 0, 0),
}
CHILD_YEAR = {
    (ID1, "2024/25", "PLAC", "100001", None, None, 5),
    (ID3, "2024/25", "PLAC", "100002", None, None, 6),  # the main registration
    (ID4, "2024/25", "CLA", None, None, "E07000138", 7),  # there before the import
    (ID6, "2024/25", "PLAC", "100001", None, None, 0),  # reception
}
CHILD = {
    (ID1, "F", date(2015, 3, 1), "sen_support"),
    (ID3, "M", date(2013, 9, 1), "ehcp"),
    (ID4, "M", date(2012, 1, 1), "none"),
    (ID6, "F", date(2020, 6, 1), "none"),
}
EXCLUSION = {
    (KEY.hash("exclusion", f"{U1}|100001|2024-11-04|SUSP"), ID1, "100001", date(2024, 11, 4),
     "suspension", 2.0),
    (KEY.hash("exclusion", f"{U1}|100001|2024-12-02|LNCH"), ID1, "100001", date(2024, 12, 2),
     "suspension", 1.0),
    (KEY.hash("exclusion", f"{U3}|100002|2024-12-10|PERM"), ID3, "100002", date(2024, 12, 10),
     "permanent", None),
}  # fmt: skip


def write(directory: Path, files: dict) -> Path:
    directory.mkdir(exist_ok=True)
    for old in directory.iterdir():
        old.unlink()
    for name, (header, rows) in files.items():
        lines = [",".join(header), *(",".join(row) for row in rows)]
        (directory / name).write_text("\n".join(lines) + "\n")
    return directory


def rows(engine: Engine, name: str) -> set[tuple]:
    with engine.connect() as connection:
        return {tuple(row) for row in connection.execute(select(Base.metadata.tables[name]))}


def snapshot(engine: Engine) -> dict[str, set[tuple]]:
    return {name: rows(engine, name) for name in (*CONTRACT_TABLES, "child_source")}


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }


@pytest.fixture
def warehouse(engine: Engine) -> Engine:
    """Two schools in Lincoln, and P4 already looked after (from the SSDA903) in 2024/25."""
    with engine.begin() as connection:
        connection.execute(insert(Area), [{"area_code": "W", "area_name": "West"}])
        district = {"district_code": "E07000138", "district_name": "Lincoln", "area_code": "W"}
        connection.execute(insert(District), [district])
        place = {"district_code": "E07000138", "local_authority": "Lincolnshire"}
        connection.execute(
            insert(Setting),
            [
                {"setting_urn": "100001", "setting_name": "Hill", "phase": "primary", **place},
                {"setting_urn": "100002", "setting_name": "Vale", "phase": "special", **place},
            ],
        )
        child = {"child_id": ID4, "sex": "M", "birth_month": date(2012, 1, 1), "sen": "unknown"}
        connection.execute(insert(Child), [child])
        connection.execute(
            insert(ChildYear),
            [{"child_id": ID4, "academic_year": "2024/25", "cohort": "CLA",
              "district_code": "E07000138", "year_group": 7}],
        )  # fmt: skip
        connection.execute(insert(ChildSource), [{"child_id": ID4, "source_return": "ssda903"}])
    return engine


def test_spring_census_derives_every_row_by_hand(warehouse: Engine, tmp_path: Path) -> None:
    report = import_school_census(warehouse, write(tmp_path / "census", FILES), KEY)
    assert rows(warehouse, "attendance") == ATTENDANCE
    assert rows(warehouse, "child_year") == CHILD_YEAR
    assert rows(warehouse, "child") == CHILD
    assert rows(warehouse, "exclusion") == EXCLUSION
    assert report.rows_read == {PUPILS: 7, DETAILS: 15, EXCLUSIONS: 4}
    assert report.rows_loaded == {"child": 4, "child_year": 3, "attendance": 4, "exclusion": 3}
    # P5 (no UPN): its pupil row and its one detail row. P2 (no cohort): its pupil row, two
    # detail rows and one exclusion.
    assert report.set_aside == {
        f"pupilonroll rows: {NO_UPN}": 1,
        f"pupilonroll rows: {NO_COHORT}": 1,
        f"attendance detail rows: {NO_UPN}": 1,
        f"attendance detail rows: {NO_COHORT}": 2,
        f"exclusion rows: {NO_COHORT}": 1,
    }
    assert (report.children, report.children_linked) == (4, 1)  # P4 came from the SSDA903
    assert report.notes == [
        "addressesonroll_spring2025.csv: not read (the dashboard does not use addressesonroll)",
        "spring2025: attendance for the autumn term of 2024/25; PLAC status and year group for "
        "2024/25",
    ]


@pytest.mark.parametrize(
    ("census", "attendance", "plac_year", "first", "last"),
    [
        # Easter Sunday fell on 20 April 2025.
        (Census("spring", 2025), ("2024/25", "autumn"), "2024/25", "2024-08-01", "2024-12-31"),
        (Census("summer", 2025), ("2024/25", "spring"), "2024/25", "2025-01-01", "2025-04-20"),
        (Census("autumn", 2025), ("2024/25", "summer"), "2025/26", "2025-04-21", "2025-07-31"),
        # Easter Sunday fell on 31 March 2024.
        (Census("summer", 2024), ("2023/24", "spring"), "2023/24", "2024-01-01", "2024-03-31"),
    ],
)
def test_each_census_reports_the_term_before_it(census, attendance, plac_year, first, last):
    assert (census.attendance_year, census.attendance_term) == attendance
    assert census.academic_year == plac_year
    assert census.term_dates() == (date.fromisoformat(first), date.fromisoformat(last))


def test_summer_and_autumn_census_fill_their_terms(warehouse: Engine, tmp_path: Path) -> None:
    pupil = ["1", "100001", U1, "Testone", "Amy", "2015-03-14", "F"]
    permanent = ["9", "100001", U1, "2025-03-10", "", "PERM", "PA"]
    files = {
        "pupilonroll_summer2025.csv": (PUPIL_HEADER, [[*pupil, "5", "A", "110", "C", "K"]]),
        "termlysessiondetailsonroll_summer2025.csv": (  # the count column named sessionsmissed
            [*DETAIL_HEADER[:-1], "sessionsmissed"], [["1", "100001", U1, "I", "4"]]
        ),
        "termlyexclusionsonroll_summer2025.csv": (EXCLUSION_HEADER, [permanent]),
        # In October P1 is in year 6 (2025/26). Summer term: 70 + 60 = 130 possible;
        # I 4 + I 2 = 6 authorised; N 1 + U 3 = 4 unauthorised.
        "pupilonroll_autumn2025.csv": (
            [*PUPIL_HEADER, "summerhalfterm2sessionspossible"],
            [[*pupil, "6", "A", "70", "C", "K", "60"]],
        ),
        "termlysessiondetailsonroll_autumn2025.csv": (
            DETAIL_HEADER, [["1", "100001", U1, "I", "4"], ["2", "100001", U1, "N", "1"]]
        ),
        "summerhalfterm2sessiondetailsonroll_autumn2025.csv": (
            DETAIL_HEADER, [["1", "100001", U1, "I", "2"], ["2", "100001", U1, "U", "3"]]
        ),
        "termlyexclusionsonroll_autumn2025.csv": (  # the permanent exclusion returned again
            EXCLUSION_HEADER, [["1", "100001", U1, "2025-05-06", "2", "SUSP", "PP"], permanent]
        ),
    }  # fmt: skip
    import_school_census(warehouse, write(tmp_path / "census", files), KEY)
    assert rows(warehouse, "attendance") == {
        (ID1, "2024/25", "spring", "100001", 110, 4, 0),
        (ID1, "2024/25", "summer", "100001", 130, 6, 4),
    }
    assert {row for row in rows(warehouse, "child_year") if row[2] == "PLAC"} == {
        (ID1, "2024/25", "PLAC", "100001", None, None, 5),
        (ID1, "2025/26", "PLAC", "100001", None, None, 6),
    }
    assert {(row[3], row[4]) for row in rows(warehouse, "exclusion")} == {
        (date(2025, 3, 10), "permanent"),
        (date(2025, 5, 6), "suspension"),
    }


def test_importing_the_same_files_again_changes_nothing(warehouse: Engine, tmp_path) -> None:
    directory = write(tmp_path / "census", FILES)
    import_school_census(warehouse, directory, KEY)
    once = snapshot(warehouse)
    import_school_census(warehouse, directory, KEY)
    assert snapshot(warehouse) == once


def test_a_corrected_census_replaces_what_it_wrote(warehouse: Engine, tmp_path: Path) -> None:
    import_school_census(warehouse, write(tmp_path / "census", FILES), KEY)
    corrected = copy.deepcopy(FILES)
    corrected[PUPILS][1][0][8] = "N"  # P1 was not previously looked after after all
    del corrected[EXCLUSIONS][1][2]  # P3's permanent exclusion withdrawn
    directory = write(tmp_path / "census", corrected)
    import_school_census(warehouse, directory, KEY)
    # P1 leaves PLAC, and with no cohort left its attendance and suspensions go too.
    assert rows(warehouse, "child_year") == {row for row in CHILD_YEAR if row[0] != ID1}
    assert rows(warehouse, "attendance") == {row for row in ATTENDANCE if row[0] != ID1}
    assert rows(warehouse, "exclusion") == set()
    again = snapshot(warehouse)
    import_school_census(warehouse, directory, KEY)
    assert snapshot(warehouse) == again


def _missing_table(files):
    del files[EXCLUSIONS]


def _unknown_code(files):
    files[DETAILS][1][6][3] = "ZZ"  # line 8


def _impossible_birth_date(files):
    files[PUPILS][1][1][5] = "2014-02-30"  # line 3


def _truncated(files):
    files[PUPILS][1][-1] = files[PUPILS][1][-1][:5]  # line 8, cut short


def _duplicate_pupil(files):
    files[PUPILS][1].append(files[PUPILS][1][1])  # line 9 repeats P2 at 100001


def _unknown_school(files):
    files[PUPILS][1][4][1] = "999999"  # line 6


def _more_missed_than_possible(files):
    files[PUPILS][1][0][9] = "9"  # line 2: P1 missed 6 + 4 = 10 sessions


def _pupil_not_on_roll(files):
    files[DETAILS][1].append(["16", "100002", U1, "I", "1"])  # line 17: P1 is at 100001


def _malformed_start_date(files):
    files[EXCLUSIONS][1][0][3] = "2024-13-04"  # line 2


@pytest.mark.parametrize(
    ("spoil", "where"),
    [
        (_missing_table, (EXCLUSIONS, None, None)),
        (_unknown_code, (DETAILS, 8, "attendancereason")),
        (_impossible_birth_date, (PUPILS, 3, "dob")),
        (_truncated, (PUPILS, 8, None)),
        (_duplicate_pupil, (PUPILS, 9, "urn, upn")),
        (_unknown_school, (PUPILS, 6, "urn")),
        (_more_missed_than_possible, (PUPILS, 2, "termlysessionspossible")),
        (_pupil_not_on_roll, (DETAILS, 17, "upn")),
        (_malformed_start_date, (EXCLUSIONS, 2, "startdate")),
    ],
)
def test_bad_input_is_refused_by_file_row_and_column_and_changes_nothing(
    warehouse: Engine, tmp_path: Path, spoil, where
) -> None:
    import_school_census(warehouse, write(tmp_path / "census", FILES), KEY)
    before, tables = counts(warehouse), snapshot(warehouse)
    spoilt = copy.deepcopy(FILES)
    spoil(spoilt)
    with pytest.raises(LoadError) as refusal:
        import_school_census(warehouse, write(tmp_path / "census", spoilt), KEY)
    assert where in {(p.file, p.row, p.column) for p in refusal.value.problems}
    assert snapshot(warehouse) == tables
    assert counts(warehouse) == {**before, "load_run": before["load_run"] + 1}
    with warehouse.connect() as connection:
        last = connection.execute(select(LoadRun).order_by(LoadRun.run_id.desc())).first()
    assert (last.importer, last.status, last.rows_loaded) == ("school_census", "refused", 0)


def test_no_upn_name_or_birth_date_reaches_the_warehouse(warehouse: Engine, tmp_path) -> None:
    import_school_census(warehouse, write(tmp_path / "census", FILES), KEY)
    spoilt = copy.deepcopy(FILES)
    _impossible_birth_date(spoilt)
    with pytest.raises(LoadError):
        import_school_census(warehouse, write(tmp_path / "census", spoilt), KEY)
    births = {row[5] for row in FILES[PUPILS][1]} | {"2014-02-30"}
    secrets = {U1, U2, U3, U4, U6, *NAMES, *births, "2015-03-14", "2013-09-14", "2012-01-05"}
    found = []
    with warehouse.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, String | Text):
                    for value in connection.execute(select(column)).scalars():
                        found += [(table.name, column.name) for s in secrets if s in str(value)]
    assert found == []
    assert len(rows(warehouse, "load_run")) == 2  # both runs were recorded, and were searched
