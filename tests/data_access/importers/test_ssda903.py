"""`import-ssda903` on the reference sample (collection year to 31 March 2018) and on small
returns written here, with children followed through every derived row by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, String, Text, select

from data_access.importers.ssda903 import import_ssda903
from data_access.loaders.contract import load_frames
from data_access.loaders.problems import LoadError
from data_access.schema import CONTRACT_TABLES, Base, LoadRun
from tests.data_access.importers.returns import KEY, small_return, table

SAMPLE = Path(__file__).resolve().parents[4] / "shared" / "reference" / "ssda903-sample"


def upn_id(upn: str) -> str:
    return KEY.hash("upn", upn)


@pytest.fixture
def imported(engine: Engine):
    return import_ssda903(engine, SAMPLE, KEY)


def test_the_sample_imports_with_counts_per_table(engine: Engine, imported) -> None:
    # 2,675 children in header.csv, each with an OC2 row, so every child is kept.
    # CLA: children with a non-V3/V4 episode open between 1 April 2017 and 31 March 2018: 1,896.
    # CLA12: of them, in one period of care begun by 1 April 2017 and open at 31 March: 1,027.
    # OC2: 1,321 scores + 1,354 reasons. OC3: 53 rows less 13 DIED and 8 RHOM = 32.
    assert imported.rows_loaded == {
        "child": 2675,
        "child_year": 1896 + 1027,
        "wellbeing": 2675,
        "destination": 32,
    }
    assert imported.rows_read["episodes.csv"] == 5050
    assert (
        imported.set_aside[
            "episodes.csv: short breaks (legal status V3/V4), not counted as looked after, as DfE"
        ]
        == 396 + 407
    )
    cohorts = table(engine, "child_year").cohort.value_counts().to_dict()
    assert cohorts == {"CLA": 1896, "CLA12": 1027}
    assert table(engine, "wellbeing").score.notna().sum() == 1321


def test_children_followed_by_hand(engine: Engine, imported) -> None:
    years = table(engine, "child_year").set_index(["child_id", "cohort"])
    wellbeing = table(engine, "wellbeing").set_index("child_id")
    children = table(engine, "child").set_index("child_id")
    # 566910: girl born 27/03/2008; in care since 15/02/2016 with a change on 14/08/2017
    # (DECOM = previous DEC), still open: CLA12. Year 5 in 2017/18. SDQ 39: a concern score.
    girl = upn_id("D051910639385")
    assert children.loc[girl, "sex"] == "F"
    assert str(children.loc[girl, "birth_month"]) == "2008-03-01"
    assert children.loc[girl, "sen"] == "unknown"
    assert years.loc[(girl, "CLA12"), "year_group"] == 5
    assert years.loc[(girl, "CLA12"), "academic_year"] == "2017/18"
    assert wellbeing.loc[girl, "score"] == 39
    # 880820: born 01/02/2001, left care on 02/02/2018 (reason E8): CLA, not CLA12; OC2 reason
    # SDQ3 (disability); OC3 in touch, F1 (full-time higher education) at 17, his February
    # 2018 birthday falling in the year.
    leaver = upn_id("Y036228270608")
    assert (leaver, "CLA") in years.index and (leaver, "CLA12") not in years.index
    assert wellbeing.loc[leaver, "missing_reason"] == "disability"
    destination = table(engine, "destination").set_index("child_id")
    assert destination.loc[leaver, ["age", "activity"]].tolist() == [17, "education"]
    assert str(destination.loc[leaver, "recorded_on"]) == "2018-03-31"


def test_no_identifier_from_the_return_reaches_the_warehouse(engine: Engine, imported) -> None:
    header = pd.read_csv(SAMPLE / "header.csv", dtype=str)
    local_ids, upns = set(header.CHILD), set(header.UPN)
    births = pd.to_datetime(header.DOB, format="%d/%m/%Y")
    full_births = {str(day.date()) for day in births if day.day != 1}
    for name, table_object in Base.metadata.tables.items():
        frame = table(engine, name)
        for column in table_object.columns:
            cells = frame[column.name].dropna().astype(str)
            if isinstance(column.type, String | Text):
                assert not cells.isin(local_ids).any(), f"{name}.{column.name} holds a CHILD id"
                joined = "\n".join(cells)
                assert not any(upn in joined for upn in upns), f"{name}.{column.name} holds a UPN"
            if "child_id" in table_object.columns:
                assert not cells.isin(full_births).any(), f"{name}.{column.name}: a birth date"


def test_importing_the_same_return_twice_changes_nothing(engine: Engine, imported) -> None:
    before = {name: table(engine, name) for name in CONTRACT_TABLES}
    again = import_ssda903(engine, SAMPLE, KEY)
    assert again.status == "loaded"
    for name in CONTRACT_TABLES:
        pd.testing.assert_frame_equal(table(engine, name), before[name])


TWO_CHILDREN = (
    "1,M,15/06/2012,WBRI,A123456789012,,\n2,1,15/01/2014,WBRI,,,\n",
    "1,01/01/2020,S,C2,N1,U1,PR1,,,,,LN1 3AB,\n2,10/05/2024,S,C2,N1,U1,PR1,,,,,ZZ9 9ZZ,\n",
)


def with_districts(engine: Engine) -> None:
    frames = {
        "area": pd.DataFrame({"area_code": ["west"], "area_name": ["West"]}),
        "district": pd.DataFrame(
            {"district_code": ["E07000138"], "district_name": ["Lincoln"], "area_code": ["west"]}
        ),
    }
    load_frames(engine, frames, source="test")


def test_sex_either_way_postcode_districts_and_an_inferred_year(engine: Engine, tmp_path) -> None:
    with_districts(engine)
    report = import_ssda903(engine, small_return(tmp_path / "r", *TWO_CHILDREN), KEY)
    # Latest DECOM 10/05/2024 lies in the year to 31 March 2025: academic year 2024/25.
    assert report.notes[0].endswith("(academic year 2024/25)")
    children = table(engine, "child").set_index("child_id")
    one, two = upn_id("A123456789012"), KEY.hash("la", "2")  # child 2 has no UPN
    assert children.sex.to_dict() == {one: "M", two: "M"}
    years = table(engine, "child_year").set_index(["child_id", "cohort"])
    # Child 1: in care since 1 January 2020, placed in LN1 (Lincoln): CLA and CLA12.
    # Child 2: came in on 10 May 2024: CLA only; ZZ9 is not a county postcode district.
    assert sorted(years.index) == sorted([(one, "CLA"), (one, "CLA12"), (two, "CLA")])
    assert years.loc[(one, "CLA12"), "district_code"] == "E07000138"
    assert pd.isna(years.loc[(two, "CLA"), "district_code"])


def test_a_corrected_return_replaces_the_year(engine: Engine, tmp_path) -> None:
    import_ssda903(engine, small_return(tmp_path / "first", *TWO_CHILDREN), KEY)
    header, episodes = TWO_CHILDREN
    only_first = episodes.splitlines()[0] + "\n"
    import_ssda903(engine, small_return(tmp_path / "second", header, only_first), KEY, "2024/25")
    cohorts = table(engine, "child_year")
    assert set(cohorts.child_id) == {upn_id("A123456789012")}


def test_a_child_known_from_the_school_census_is_linked_and_keeps_sen(engine: Engine, tmp_path):
    from data_access.loaders.write import upsert
    from data_access.schema import ChildSource

    known = upn_id("A123456789012")
    child = {"child_id": known, "sex": "M", "birth_month": pd.Timestamp("2012-06-01").date()}
    load_frames(engine, {"child": pd.DataFrame([{**child, "sen": "ehcp"}])}, source="test")
    with engine.begin() as connection:
        upsert(connection, ChildSource.__table__, [{"child_id": known, "source_return": "school"}])
    report = import_ssda903(engine, small_return(tmp_path / "r", *TWO_CHILDREN), KEY)
    assert report.children_linked == 1
    assert table(engine, "child").set_index("child_id").sen.to_dict() == {
        known: "ehcp",
        KEY.hash("la", "2"): "unknown",
    }


def broken_returns(folder: Path) -> dict[str, tuple[Path, str]]:
    """Each bad return and what its refusal must say."""
    cases = {}

    def case(name: str, expected: str, edit) -> None:
        path = folder / name
        shutil.copytree(SAMPLE, path)
        edit(path)
        cases[name] = (path, expected)

    def replace_in(file: str, old: str, new: str):
        return lambda path: (path / file).write_text((path / file).read_text().replace(old, new, 1))

    case(
        "missing_table",
        "oc3.csv: required SSDA903 table is missing",
        lambda path: (path / "oc3.csv").unlink(),
    )
    case(
        "unknown_code",
        "episodes.csv, row 2, column LS: 'Z9' is not one of",
        replace_in("episodes.csv", "566910,15/02/2016,L,C2", "566910,15/02/2016,L,Z9"),
    )
    case(
        "bad_date",
        "episodes.csv, row 2, column DECOM: '31/02/2016' is not a date",
        replace_in("episodes.csv", "566910,15/02/2016", "566910,31/02/2016"),
    )
    case(
        "truncated",
        "episodes.csv, row 5051: row has 4 fields; the header has 13",
        lambda path: (path / "episodes.csv").write_text(
            (path / "episodes.csv").read_text().rstrip("\n").rsplit("\n", 1)[0]
            + "\n"
            + "999,01/01/2018,S,C2\n"
        ),
    )
    case(
        "duplicate_child",
        "header.csv, row 2677, column CHILD: duplicate",
        lambda path: (path / "header.csv").write_text(
            (path / "header.csv").read_text() + "566910,2,27/03/2008,WROM,,,\n"
        ),
    )
    return cases


def test_bad_returns_are_refused_naming_file_row_and_column(engine: Engine, imported, tmp_path):
    before = {name: table(engine, name) for name in CONTRACT_TABLES}
    for name, (path, expected) in broken_returns(tmp_path).items():
        with pytest.raises(LoadError) as refusal:
            import_ssda903(engine, path, KEY)
        assert expected in refusal.value.report(), name
    for name in CONTRACT_TABLES:
        pd.testing.assert_frame_equal(table(engine, name), before[name])
    with engine.connect() as connection:
        statuses = connection.execute(select(LoadRun.status).order_by(LoadRun.run_id)).scalars()
        assert list(statuses) == ["loaded"] + ["refused"] * 5
