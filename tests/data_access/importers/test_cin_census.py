"""The CIN census importer, on the two real-format samples in ../shared/reference and small files.

Both samples load nothing as they stand: every episode in `fake_CIN_data.xml` is a referral with no
further action, and nothing in `CIN_Census_2026.xml` is open in the year its ReferenceDate gives.
So the tests also use copies with one kind of edit (said where) that keeps every line in place.
Expected cohorts are worked out again here with ElementTree, and for a few children by hand.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, String, Text, select

from dashboard.cli import main
from data_access.importers import cin_census_xml
from data_access.importers.cin_census import import_cin_census
from data_access.importers.pseudonym import Pseudonymiser
from data_access.loaders.contract import load_frames
from data_access.loaders.problems import LoadError
from data_access.schema import CONTRACT_TABLES, Base, ChildYear, LoadRun

SAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "reference" / "cin-census-sample"
FAKE, CURRENT = SAMPLES / "fake_CIN_data.xml", SAMPLES / "CIN_Census_2026.xml"
pytestmark = pytest.mark.skipif(not FAKE.exists(), reason=f"CIN samples not found at {SAMPLES}")
KEY = Pseudonymiser("a-test-key-of-enough-length")
NFA_REASON = (
    "child not in need in 2021/22: the census year's only episodes were referrals with no "
    "further action"
)
NONE_REASON = (
    "child not in need in 2021/22: no episode or child protection plan open in the census year"
)


def edited(
    tmp_path: Path, sample: Path, *edits: tuple[str, str], count: int = 1, name: str = "edited"
) -> Path:
    """A copy of `sample`, each (old, new) replaced `count` times (-1 for all), as name_sample."""
    text = sample.read_text()
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, count)
    path = tmp_path / f"{name}_{sample.name}"
    path.write_text(text)
    return path


def no_nfa(tmp_path: Path) -> Path:
    edit = ("<ReferralNFA>true<", "<ReferralNFA>false<")
    return edited(tmp_path, FAKE, edit, count=-1, name="no_nfa")


def written(tmp_path: Path, children: str, reference: str = "2022-03-31") -> Path:
    """A small census file: header, then the children given (see `child`)."""
    path = tmp_path / "small.xml"
    path.write_text(
        "<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2022</Year>"
        f"<ReferenceDate>{reference}</ReferenceDate></CollectionDetails></Header>\n"
        f"<Children>\n{children}</Children></Message>\n"
    )
    return path


def child(
    la_id: str,
    *episodes: str,
    sex: str = "<Sex>F</Sex>",
    birth: str = "<PersonBirthDate>2012-05-17</PersonBirthDate>",
) -> str:
    identifiers = f"<LAchildID>{la_id}</LAchildID>{birth}{sex}"
    return f"<Child><ChildIdentifiers>{identifiers}</ChildIdentifiers>{''.join(episodes)}</Child>\n"


def episode(referred: str, closed: str = "", nfa: str = "false", plans: str = "") -> str:
    closure = f"<CINclosureDate>{closed}</CINclosureDate>" if closed else ""
    return (
        f"<CINdetails><CINreferralDate>{referred}</CINreferralDate>{closure}"
        f"<ReferralNFA>{nfa}</ReferralNFA>{plans}</CINdetails>"
    )


def plan(started: str, ended: str = "") -> str:
    end = f"<CPPendDate>{ended}</CPPendDate>" if ended else ""
    return (
        f"<ChildProtectionPlans><CPPstartDate>{started}</CPPstartDate>{end}</ChildProtectionPlans>"
    )


def expected_cohorts(path: Path) -> tuple[set[str], set[str], set[str]]:
    """LAchildIDs referred, in need and on a plan in the census year, by ElementTree: ISO dates
    compare as text, and the year is 1 April to 31 March of the ReferenceDate's year."""
    root = ET.parse(path).getroot()
    end_year = int(root.findtext("Header/CollectionDetails/ReferenceDate")[:4])
    start, end = f"{end_year - 1}-04-01", f"{end_year}-03-31"
    referred, in_need, on_plan = set(), set(), set()
    for element in root.iter("Child"):
        la_id = element.findtext("ChildIdentifiers/LAchildID")
        for details in element.iter("CINdetails"):
            closed = details.findtext("CINclosureDate")
            if details.findtext("CINreferralDate") <= end and (closed is None or closed >= start):
                referred.add(la_id)
                if details.findtext("ReferralNFA") in ("false", "0"):
                    in_need.add(la_id)
            for cpp in details.iter("ChildProtectionPlans"):
                ended = cpp.findtext("CPPendDate")
                if cpp.findtext("CPPstartDate") <= end and (ended is None or ended >= start):
                    on_plan.add(la_id)
    return referred, in_need | on_plan, on_plan


def rows(engine: Engine, name: str) -> list[tuple]:
    with engine.connect() as connection:
        found = connection.execute(select(Base.metadata.tables[name])).all()
    return sorted((tuple(row) for row in found), key=repr)


def snapshot(engine: Engine) -> dict[str, list[tuple]]:
    return {name: rows(engine, name) for name in (*CONTRACT_TABLES, "child_source")}


def statuses(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.execute(select(LoadRun.status).order_by(LoadRun.run_id)).scalars())


def cohorts(engine: Engine) -> dict[tuple[str, str], int]:
    """Rows per (academic year, cohort)."""
    found = pd.DataFrame(rows(engine, "child_year"), columns=list(ChildYear.__table__.c.keys()))
    return found.groupby(["academic_year", "cohort"]).size().to_dict()


def la(la_id: str) -> str:
    return KEY.hash("la", la_id)


def test_fake_sample_as_it_is_loads_nobody_all_being_referrals_with_no_action(engine):
    referred, in_need, _ = expected_cohorts(FAKE)
    assert (len(referred), len(in_need)) == (168, 0)  # all 402 ReferralNFA elements say true
    report = import_cin_census(engine, FAKE, KEY)
    assert report.rows_read == {"fake_CIN_data.xml": 332}
    assert report.rows_loaded == {"child": 0, "child_year": 0}
    assert report.set_aside == {NFA_REASON: 168, NONE_REASON: 332 - 168}
    assert report.notes == [
        "census year 1 April 2021 to 31 March 2022 (from the header's ReferenceDate), "
        "loaded as academic year 2021/22"
    ]
    assert snapshot(engine)["child_year"] == []


def test_fake_sample_without_no_action_flags_gives_a_cin_row_per_child_in_need(engine, tmp_path):
    path = no_nfa(tmp_path)
    _, in_need, on_plan = expected_cohorts(path)
    report = import_cin_census(engine, path, KEY)
    # The first twelve children by hand (episodes against 1 April 2021 to 31 March 2022): in need
    # are 1 (closed 2021-06-11), 2 and 12 (open), 3 (referred 2022-02-07), 5 (2021-04-02 to
    # 06-23), 6 (2022-01-30 to 03-05), 8 (to 2022-06-27); 4, 7, 9, 10 closed earlier and 11 was
    # referred 2022-06-25, after the year.
    upns = {
        element.findtext("ChildIdentifiers/LAchildID"): element.findtext("ChildIdentifiers/UPN")
        for element in ET.parse(path).getroot().iter("Child")
    }
    first = list(upns)[:12]
    loaded = {row[0] for row in rows(engine, "child")}
    by_hand = [la_id for number, la_id in enumerate(first, 1) if number in (1, 2, 3, 5, 6, 8, 12)]
    assert [la_id for la_id in first if KEY.hash("upn", upns[la_id]) in loaded] == by_hand
    assert (len(in_need), len(on_plan)) == (168, 0)
    assert loaded == {KEY.hash("upn", upns[la_id]) for la_id in in_need}
    assert cohorts(engine) == {("2021/22", "CIN"): 168}
    assert report.set_aside == {NONE_REASON: 332 - 168}


def test_a_child_followed_by_hand_through_its_rows(engine, tmp_path):
    import_cin_census(engine, no_nfa(tmp_path), KEY)
    # The second child: UPN A141396438491, born 2011-04-27, GenderCurrent 9 (not specified), an
    # episode open since 2017-10-22. Born in 2010/11, Reception in 2015/16, Year 6 in 2021/22.
    child_id = KEY.hash("upn", "A141396438491")
    assert [r for r in rows(engine, "child") if r[0] == child_id] == [
        (child_id, "U", date(2011, 4, 1), "unknown")
    ]
    assert [r for r in rows(engine, "child_year") if r[0] == child_id] == [
        (child_id, "2021/22", "CIN", None, None, None, 6)
    ]


@pytest.mark.parametrize(
    ("reference", "year", "followed", "expected_child", "expected_years"),
    [
        # Child 1 (UPN A123456789123, Sex 1, born 2015-03-27 after stray text): episode
        # 2022-10-06 to 2023-02-27 and a plan 2022-02-17 to 2023-03-14, both open in 2022/23;
        # born in 2014/15, so Year 3 in 2022/23. Child 2 was referred in 2024: set aside.
        (
            "2023-03-31",
            "2022/23",
            ("upn", "A123456789123"),
            ("M", date(2015, 3, 1)),
            ["CIN 3", "CPP 3"],
        ),
        # Child 2 (no UPN: UN1; Sex M, born 2023-09-25): episode 2024-10-24 to 2024-10-29, not
        # NFA; aged 0, not of school age. Child 1's episodes ended in 2023: set aside.
        (
            "2025-03-31",
            "2024/25",
            ("la", "child_fails_assessments"),
            ("M", date(2023, 9, 1)),
            ["CIN None"],
        ),
    ],
)
def test_current_sample_with_sex_coded_either_way(
    engine, tmp_path, reference, year, followed, expected_child, expected_years
):
    path = edited(tmp_path, CURRENT, ("2024-03-31", reference))
    report = import_cin_census(engine, path, KEY)
    child_id = KEY.hash(*followed)
    assert rows(engine, "child") == [(child_id, *expected_child, "unknown")]
    found = [f"{r[2]} {r[6]}" for r in rows(engine, "child_year") if r[:2] == (child_id, year)]
    assert found == expected_years
    assert sum(report.set_aside.values()) == 1
    disagreeing = "the header's Year says 2023; the ReferenceDate was followed"
    assert (disagreeing in report.notes) == (year != "2022/23")  # Year 2023 ends March 2023


def test_current_sample_as_it_is_has_nobody_in_its_year(engine):
    report = import_cin_census(engine, CURRENT, KEY)
    # ReferenceDate 2024-03-31: 1 April 2023 to 31 March 2024. Child 1's episode closed
    # 2023-02-27 and its plan 2023-03-14; child 2 was referred on 2024-10-24.
    assert report.rows_loaded == {"child": 0, "child_year": 0}
    assert report.set_aside == {NONE_REASON.replace("2021/22", "2023/24"): 2}


def test_every_sex_code_of_both_elements(sqlite_engine, tmp_path):
    codes = {
        "<GenderCurrent>1</GenderCurrent>": "M", "<GenderCurrent>2</GenderCurrent>": "F",
        "<GenderCurrent>9</GenderCurrent>": "U", "<GenderCurrent>0</GenderCurrent>": "U",
        "<Sex>M</Sex>": "M", "<Sex>F</Sex>": "F", "<Sex>U</Sex>": "U",
        "<Sex>1</Sex>": "M", "<Sex>2</Sex>": "F", "<Sex>9</Sex>": "U",
    }  # fmt: skip
    children = [child(f"C{n}", episode("2021-06-01"), sex=code) for n, code in enumerate(codes)]
    import_cin_census(sqlite_engine, written(tmp_path, "".join(children)), KEY)
    sexes = {r[0]: r[1] for r in rows(sqlite_engine, "child")}
    assert [sexes[la(f"C{n}")] for n in range(len(codes))] == list(codes.values())


def test_referrals_with_no_further_action_are_not_children_in_need(sqlite_engine, tmp_path):
    path = written(
        tmp_path,
        child("ONLY_NFA", episode("2021-06-01", nfa="true"))
        + child("NFA_THEN_NEED", episode("2021-05-01", "2021-05-02", "1"), episode("2021-09-01"))
        + child("NEED_BEFORE", episode("2020-01-01", "2021-03-31"), episode("2021-06-01", nfa="1"))
        + child("NFA_ON_PLAN", episode("2021-06-01", nfa="true", plans=plan("2021-07-01"))),
    )
    report = import_cin_census(sqlite_engine, path, KEY)
    assert {(r[0], r[2]) for r in rows(sqlite_engine, "child_year")} == {
        (la("NFA_THEN_NEED"), "CIN"),
        (la("NFA_ON_PLAN"), "CIN"),  # a child on a plan is in need whatever the referral said
        (la("NFA_ON_PLAN"), "CPP"),
    }
    assert report.set_aside == {NFA_REASON: 2}


def test_unborn_children_are_set_aside_and_a_child_with_no_birth_date_refused(
    sqlite_engine, tmp_path
):
    unborn = "<ExpectedPersonBirthDate>2022-05-01</ExpectedPersonBirthDate>"
    in_need = episode("2022-01-10")
    path = written(tmp_path, child("BORN", in_need) + child("UNBORN", in_need, birth=unborn))
    report = import_cin_census(sqlite_engine, path, KEY)
    reason = "unborn child (no PersonBirthDate): the warehouse needs a birth month"
    assert report.set_aside == {reason: 1}
    assert [r[0] for r in rows(sqlite_engine, "child")] == [la("BORN")]
    path = written(tmp_path, child("BORN", in_need) + child("UNRECORDED", in_need, birth=""))
    with pytest.raises(LoadError) as refused:
        import_cin_census(sqlite_engine, path, KEY)
    # Line 1 holds the header, line 2 <Children>, then a child a line: UNRECORDED is on line 4.
    assert [(p.row, p.column) for p in refused.value.problems] == [(4, "PersonBirthDate")]


def test_year_edges_for_episodes_and_plans(engine, tmp_path):
    # The census year is 1 April 2021 to 31 March 2022; "open" episodes have no closure date.
    children = {
        "PLAN_ENDS_31_MARCH": plan("2020-05-01", "2021-03-31"),  # the day before: no CPP
        "PLAN_ENDS_1_APRIL": plan("2020-05-01", "2021-04-01"),  # the first day: CPP
        "PLAN_STARTS_31_MARCH": plan("2022-03-31"),  # the last day: CPP
        "PLAN_STARTS_1_APRIL": plan("2022-04-01"),  # the day after: no CPP
    }
    files = [child(la_id, episode("2020-01-01", plans=p)) for la_id, p in children.items()]
    files += [
        child("CLOSED_31_MARCH", episode("2019-01-01", "2021-03-31")),  # not in need
        child("CLOSED_1_APRIL", episode("2019-01-01", "2021-04-01")),
        child("REFERRED_31_MARCH", episode("2022-03-31")),
        child("REFERRED_1_APRIL", episode("2022-04-01")),  # not in need
    ]
    report = import_cin_census(engine, written(tmp_path, "".join(files)), KEY)
    in_need = [*children, "CLOSED_1_APRIL", "REFERRED_31_MARCH"]
    on_plan = ["PLAN_ENDS_1_APRIL", "PLAN_STARTS_31_MARCH"]
    expected = [(la(i), "CIN") for i in in_need] + [(la(i), "CPP") for i in on_plan]
    assert sorted((r[0], r[2]) for r in rows(engine, "child_year")) == sorted(expected)
    assert report.set_aside == {NONE_REASON: 2}


BAD_INPUTS = {
    # (sample, edits): (row, column, words in the rule). The first <Child> of the fake sample
    # starts on line 18 and its first <CINdetails> on line 28; the second <Child> starts on line
    # 38. The current sample's second <Child> starts on line 85.
    "truncated": (FAKE, [], (3625, None, "not well-formed XML at column 9")),
    "sex code": (
        FAKE, [("<GenderCurrent>1<", "<GenderCurrent>7<")], (18, "GenderCurrent", "'7' is not")
    ),
    "date": (
        FAKE, [("2020-07-13", "2020-02-30")], (28, "CINreferralDate", "'2020-02-30' is not a date")
    ),
    "birth date": (
        FAKE, [("2019-12-06", "2019-13-06")], (18, "PersonBirthDate", "not a date (the value is")
    ),
    "NFA flag": (FAKE, [("<ReferralNFA>true<", "<ReferralNFA>yes<")], (28, "ReferralNFA", "'yes'")),
    "same UPN": (FAKE, [("A141396438491", "A850728973744")], (38, "UPN", "duplicate")),
    "same child": (
        CURRENT, [("child_fails_assessments", "DfEX0000001")], (85, "LAchildID", "duplicate")
    ),
    "no header": (
        CURRENT, [("<Header>", "<Heading>"), ("</Header>", "</Heading>")], (None, "Header", "no <")
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_refused_by_line_and_element_and_changes_nothing(engine, tmp_path, case):
    sample, edits, (row, column, words) = BAD_INPUTS[case]
    path = edited(tmp_path, sample, *edits)
    if not edits:  # cut inside `<CINreferralDate>` on line 3625, indented 8: `<` is column 9
        text = sample.read_text()
        cut = text.index("<CINrefer", len(text) // 2) + 5
        path.write_text(text[:cut])
        assert text[:cut].count("\n") + 1 == 3625
    import_cin_census(engine, no_nfa(tmp_path), KEY)
    before = snapshot(engine)
    with pytest.raises(LoadError) as refused:
        import_cin_census(engine, path, KEY)
    first = refused.value.problems[0]
    assert (first.file, first.row, first.column) == (path.name, row, column)
    assert words in first.rule
    assert snapshot(engine) == before
    assert statuses(engine) == ["loaded", "refused"]
    assert "2019-13-06" not in str(rows(engine, "load_run"))


def test_no_source_identifier_reaches_any_text_column(engine, tmp_path):
    files = [no_nfa(tmp_path), edited(tmp_path, CURRENT, ("2024-03-31", "2023-03-31"))]
    identifiers = set()
    for path in files:
        import_cin_census(engine, path, KEY)
        for name in ("LAchildID", "UPN", "FormerUPN", "PersonBirthDate"):
            identifiers |= {e.text for e in ET.parse(path).getroot().iter(name)}
    assert len(identifiers) > 600  # 334 LA child ids, 333 UPNs, 1 former UPN, birth dates
    texts = "\n".join(
        str(value)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, String | Text)
        for value in (r[table.columns.keys().index(column.name)] for r in rows(engine, table.name))
    )
    assert "2021/22" in texts and "2022/23" in texts  # the scan does read the tables
    assert sorted(i for i in identifiers if i in texts) == []


def test_reimporting_the_same_file_leaves_the_warehouse_as_it_was(engine, tmp_path):
    path = no_nfa(tmp_path)
    import_cin_census(engine, path, KEY)
    once = snapshot(engine)
    import_cin_census(engine, path, KEY)
    assert snapshot(engine) == once
    assert statuses(engine) == ["loaded", "loaded"]


def test_reimporting_a_year_replaces_only_that_years_cin_and_cpp_rows(engine, tmp_path):
    import_cin_census(engine, no_nfa(tmp_path), KEY)  # 168 CIN rows in 2021/22
    child_id = KEY.hash("upn", "A141396438491")
    others = pd.DataFrame(
        {
            "child_id": [child_id, child_id],
            "academic_year": ["2021/22", "2020/21"],
            "cohort": ["CLA", "CIN"],
            "setting_urn": None,
            "care_home_id": None,
            "district_code": None,
            "year_group": [6, 5],
        }
    )
    load_frames(engine, {"child_year": others}, source="test")
    import_cin_census(engine, FAKE, KEY)  # the same year, every episode a referral with NFA
    assert cohorts(engine) == {("2020/21", "CIN"): 1, ("2021/22", "CLA"): 1}
    assert len(rows(engine, "child")) == 168  # children are never deleted


def test_progress_is_reported_every_few_thousand_children(sqlite_engine, monkeypatch):
    monkeypatch.setattr(cin_census_xml, "PROGRESS_EVERY", 100)
    calls = []
    import_cin_census(sqlite_engine, FAKE, KEY, lambda *call: calls.append(call))
    name = FAKE.name
    assert calls == [(name, 100, 332), (name, 200, 332), (name, 300, 332), (name, 332, 332)]


def test_the_command_imports_and_refuses(tmp_path, monkeypatch):
    monkeypatch.setenv("C2L_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("C2L_DATABASE_URL", raising=False)
    monkeypatch.setenv("C2L_PSEUDONYM_KEY", "a-test-key-of-enough-length")
    runner = CliRunner()
    good = edited(tmp_path, CURRENT, ("2024-03-31", "2023-03-31"))
    result = runner.invoke(main, ["import-cin-census", str(good)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "loaded 3 rows: child 1, child_year 2" in result.output
    missing = runner.invoke(main, ["import-cin-census", str(tmp_path / "none.xml")])
    assert missing.exit_code == 1
    assert "none.xml: no such file" in missing.output
