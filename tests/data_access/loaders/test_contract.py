"""The CSV contract loader: good directories load and upsert; every kind of bad input is refused.

Every refusal must name the file, row (the file's line number, header = row 1) and column, and
must leave the warehouse exactly as it was, including a good file sitting in the bad directory.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from data_access.loaders.contract import load_directory
from data_access.loaders.problems import LoadError
from data_access.schema import CONTRACT_TABLES, Base

GOOD = {
    "area": ["N,North", "E,East"],
    "district": ["E07000142,West Lindsey,N", "E07000137,East Lindsey,E"],
    "setting": [
        "100001,Hill Primary,primary,E07000142,Lincolnshire",
        "100002,Vale Academy,secondary,,Nottinghamshire",
    ],
    "care_home": ["CH1,foster_household,E07000142,2018-05-01", "CH2,childrens_home,E07000137,"],
    "child": ["C1,F,2010-03-01,none", "C2,M,2004-11-01,ehcp"],
    "child_year": [
        "C1,2019/20,CLA,100001,CH1,E07000142,4",
        "C2,2019/20,CLA,100002,CH2,E07000137,11",
        "C1,2020/21,CLA12,100001,CH1,E07000142,5",
    ],
    "attendance": [
        "C1,2019/20,autumn,100001,140,6,2",
        "C2,2019/20,autumn,100002,138,10,4",
    ],
    "exclusion": ["X1,C2,100002,2019-11-04,suspension,2", "X2,C2,100002,2020-01-15,suspension,"],
    "attainment": ["C1,2019/20,KS2,1,,,", "C2,2019/20,KS4,,35.5,-0.8,0"],
    "wellbeing": ["W1,C1,2019-10-01,SDQ,14,carer,", "W2,C2,2019-10-02,BOXALL,80,teacher,"],
    "destination": ["C2,2020-10-01,16,education"],
    "award": [
        "A1,caring_schools,100001,,2019-09-10,2019-10-01,,,bronze,in_progress",
        "A2,learning_homes,,CH1,2019-09-12,,,,,in_progress",
    ],
    "training_session": [
        "S1,2019-10-10,evening,Attachment,attachment,virtual,,30",
        "S2,2019-11-11,daytime,Trauma,trauma,face_to_face,E07000142,",
    ],
    "training_attendance": [
        "S1,P1,foster_carer,,CH1,1,5",
        "S1,P2,designated_teacher,100001,,1,",
        "S2,P1,foster_carer,,CH1,0,",
    ],
    "champion": [
        "H1,foster_carer,E07000142,foster_carer_support,2019-09-01,",
        "H2,school_based,,school_support,2019-09-01,2020-07-31",
    ],
}
# Counted by hand from GOOD above.
EXPECTED = {
    "area": 2, "district": 2, "setting": 2, "care_home": 2, "child": 2, "child_year": 3,
    "attendance": 2, "exclusion": 2, "attainment": 2, "wellbeing": 2, "destination": 1,
    "award": 2, "training_session": 2, "training_attendance": 3, "champion": 2,
}  # fmt: skip
AFTER_GOOD = {**EXPECTED, "benchmark": 0, "table_load": 15}


def csv(table: str, rows: list[str], header: str | None = None) -> str:
    """A CSV file's text: the table's contract header (unless given) and the rows as written."""
    names = header or ",".join(column.name for column in Base.metadata.tables[table].columns)
    return "\n".join([names, *rows]) + "\n"


def write_dir(directory: Path, files: dict[str, str | bytes]) -> Path:
    directory.mkdir()
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode()
        (directory / name).write_bytes(data)
    return directory


def good_dir(tmp_path: Path, name: str = "good") -> Path:
    return write_dir(tmp_path / name, {f"{table}.csv": csv(table, GOOD[table]) for table in GOOD})


def counts(engine: Engine) -> dict[str, int]:
    names = (*CONTRACT_TABLES, "table_load")
    with engine.connect() as connection:
        return {
            name: connection.execute(
                select(func.count()).select_from(Base.metadata.tables[name])
            ).scalar_one()
            for name in names
        }


def scalar(engine: Engine, sql: str):
    with engine.connect() as connection:
        return connection.execute(text(sql)).scalar_one()


def test_good_directory_loads_and_a_second_load_adds_nothing(engine, tmp_path):
    directory = good_dir(tmp_path)
    assert load_directory(engine, directory) == EXPECTED
    assert counts(engine) == AFTER_GOOD
    assert scalar(engine, "SELECT year_group FROM child_year WHERE child_id = 'C2'") == 11
    assert scalar(engine, "SELECT progress8 FROM attainment WHERE child_id = 'C2'") == -0.8
    birth = scalar(engine, "SELECT birth_month FROM child WHERE child_id = 'C1'")
    assert str(birth)[:10] == "2010-03-01"

    assert load_directory(engine, directory) == EXPECTED
    assert counts(engine) == AFTER_GOOD


def test_reload_replaces_changed_values(engine, tmp_path):
    load_directory(engine, good_dir(tmp_path))
    assert str(scalar(engine, "SELECT ended_on FROM champion WHERE champion_id = 'H2'"))[:10] == (
        "2020-07-31"
    )
    changed = write_dir(tmp_path / "changed", {
        "area.csv": csv("area", ["N,Northern", "E,East"]),
        "champion.csv": csv("champion", ["H2,school_based,,school_support,2019-09-01,"]),
        "attendance.csv": csv("attendance", ["C1,2019/20,autumn,100001,140,9,2"]),
    })  # fmt: skip
    load_directory(engine, changed)
    assert counts(engine) == AFTER_GOOD
    assert scalar(engine, "SELECT area_name FROM area WHERE area_code = 'N'") == "Northern"
    assert scalar(engine, "SELECT ended_on FROM champion WHERE champion_id = 'H2'") is None
    assert scalar(engine, "SELECT sessions_authorised FROM attendance WHERE child_id = 'C1'") == 9


def test_references_to_rows_already_in_the_warehouse_are_accepted(engine, tmp_path):
    load_directory(engine, good_dir(tmp_path))
    later = write_dir(tmp_path / "later", {
        "child_year.csv": csv("child_year", ["C2,2020/21,CLA,100002,CH2,E07000137,12"]),
        "training_attendance.csv": csv("training_attendance", ["S2,P3,social_worker,,,1,4"]),
    })  # fmt: skip
    assert load_directory(engine, later) == {"child_year": 1, "training_attendance": 1}
    assert counts(engine) == {**AFTER_GOOD, "child_year": 4, "training_attendance": 4}


def test_table_load_records_rows_written_and_total(engine, tmp_path):
    directory = good_dir(tmp_path)
    load_directory(engine, directory)
    later = write_dir(tmp_path / "later", {
        "child_year.csv": csv("child_year", ["C2,2020/21,CLA,100002,CH2,E07000137,12"]),
    })  # fmt: skip
    load_directory(engine, later, source="second load")
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT table_name, rows_written, rows_total, source FROM table_load")
        ).all()
    expected = {name: (count, count, str(directory)) for name, count in EXPECTED.items()}
    expected["child_year"] = (1, 4, "second load")
    assert {row[0]: tuple(row[1:]) for row in rows} == expected


SETTING_HEADER = "setting_urn,setting_name,phase,district_code,local_authority"
LATIN_1 = f"{SETTING_HEADER}\n100003,Low,primary,,Rutland\n100004,Th\xe9r\xe8se,special,,Rutland\n"
BAD = [
    ("child.csv", "child_id,sex,birth_month\nC3,F,2010-03-01\n", 1, "sen",
     "required column is missing", "missing-column"),
    ("child.csv", csv("child", ["C3,F,2010-03-01,none,Ann"], "child_id,sex,birth_month,sen,name"),
     1, "name", "not a column of child", "extra-column"),
    ("setting.csv", ["100003,Low School,primary,,Rutland", "100004,High School,primry,,Rutland"],
     3, "phase", "'primry' is not one of nursery, primary", "bad-code"),
    ("exclusion.csv", ["X3,C1,100001,2019-13-01,suspension,1"], 2, "start_date",
     "not a date written YYYY-MM-DD", "month-13"),
    ("exclusion.csv", ["X3,C1,100001,2019-09-02,suspension,1",
                       "X4,C1,100001,01/09/2019,permanent,"], 3, "start_date",
     "not a date written YYYY-MM-DD", "day-first-date"),
    ("attendance.csv", ["C1,2020/21,autumn,100001,3.5,0,0"], 2, "sessions_possible",
     "not a whole number", "fraction"),
    ("training_attendance.csv", ["S2,P2,designated_teacher,100001,,1,6"], 2, "feedback_score",
     "outside the range 1 to 5", "out-of-range"),
    ("child.csv", ["C3,,2010-03-01,none"], 2, "sex", "a value is required", "required-empty"),
    ("child.csv", ["C3,F,2010-03-01,none", "C4,M,2011-04-01,none", "C3,M,2010-03-01,none"],
     4, "child_id", "duplicate key", "duplicate-key"),
    ("child_year.csv", ["C1,2021/22,CLA,100001,CH1,E07000142,6", "C9,2021/22,CLA,,,,"],
     3, "child_id", "'C9' is not in child", "dangling-reference"),
    ("child.csv", b"", None, None, "the file is empty", "empty-file"),
    ("setting.csv", LATIN_1.encode("latin-1"), 3, None, "not UTF-8: byte 0xe9", "latin-1"),
    ("child.csv", ["C3,F,2010-03-01,none", "C4,F"], 3, None, "row has 2 fields; the header has 4",
     "too-few-fields-required"),
    ("care_home.csv", ["CH3,foster_household"], 2, None, "row has 2 fields; the header has 4",
     "too-few-fields-optional"),
    ("child_year.csv", ["C1,2019/21,CLA,100001,CH1,E07000142,4"], 2, "academic_year",
     "'2019/21' is not an academic year", "year-2019/21"),
    ("child_year.csv", ["C1,2019-20,CLA,100001,CH1,E07000142,4"], 2, "academic_year",
     "'2019-20' is not an academic year", "year-2019-20"),
    ("child.csv", ["C3,F,2010-03-15,none"], 2, "birth_month", "not the first day of a month",
     "birth-month-mid-month"),
    ("attendance.csv", ["C1,2020/21,autumn,100001,100,60,41"], 2, "sessions_authorised",
     "exceed sessions_possible", "missed-exceeds-possible"),
    ("wellbeing.csv", ["W3,C1,2020-10-01,SDQ,41,carer,"], 2, "score", "SDQ score", "sdq-over-40"),
    (
        "wellbeing.csv",
        ["W3,C1,2020-10-01,SDQ,,carer,"],
        2,
        "missing_reason",
        "give a score or, when none was received, a missing_reason",
        "sdq-neither-score-nor-reason",
    ),
    (
        "wellbeing.csv",
        ["W3,C1,2020-10-01,SDQ,12,carer,carer_refused"],
        2,
        "missing_reason",
        "(not both)",
        "sdq-score-and-reason",
    ),
    ("award.csv", ["A3,caring_schools,,CH1,,,,,,in_progress"], 2, "setting_urn",
     "caring_schools award names a setting_urn", "caring-schools-held-by-home"),
    ("award.csv", ["A3,learning_homes,100001,,,,,,,in_progress"], 2, "care_home_id",
     "learning_homes award names a care_home_id", "learning-homes-held-by-school"),
    ("children.csv", csv("child", ["C3,F,2010-03-01,none"]), None, None, "not a contract table",
     "not-a-contract-table"),
    ("setting.csv", f"{SETTING_HEADER}\n100003,Low,primary,,Rutland\n\n100004,Hi,primry,,Rutland\n",
     4, "phase", "not one of", "blank-line-before-bad-row"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("filename", "content", "row", "column", "rule"),
    [pytest.param(*case[:5], id=case[5]) for case in BAD],
)
def test_bad_input_is_refused_and_the_warehouse_is_unchanged(
    engine, tmp_path, filename, content, row, column, rule
):
    load_directory(engine, good_dir(tmp_path))
    assert counts(engine) == AFTER_GOOD
    if isinstance(content, list):
        content = csv(Path(filename).stem, content)
    bad = write_dir(tmp_path / "bad", {
        "area.csv": csv("area", [*GOOD["area"], "S,South"]),  # good on its own: must not be written
        filename: content,
    })  # fmt: skip

    with pytest.raises(LoadError) as caught:
        load_directory(engine, bad)

    assert {(p.file, p.row, p.column) for p in caught.value.problems} == {(filename, row, column)}
    assert rule in caught.value.problems[0].rule
    where = ", ".join([filename] + [f"row {row}"] * bool(row) + [f"column {column}"] * bool(column))
    assert any(
        line.strip().startswith(f"{where}: ") and rule in line
        for line in str(caught.value).splitlines()
    ), str(caught.value)
    assert counts(engine) == AFTER_GOOD
