"""The DfE benchmark loader, on the real published files in ../shared/reference/dfe-outcomes.

Expected values are copied from the files by hand; each says which row it comes from. Refusals
must name the file (and row and column where there is one) and leave the warehouse as it was.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select

from dashboard import cli
from data_access.loaders.benchmarks import FILES, NEIGHBOURS_FILE, load_benchmarks
from data_access.loaders.problems import LoadError
from data_access.schema import Benchmark, TableLoad

PUBLISHED = Path(__file__).resolve().parents[3].parent / "shared" / "reference" / "dfe-outcomes"
pytestmark = pytest.mark.skipif(
    not PUBLISHED.is_dir(), reason=f"DfE reference files not found at {PUBLISHED}"
)

LINCOLNSHIRE = "E10000019"
# Lincolnshire's row (LA number 925) in New_Statistical_Neighbour_Groupings_April_2021.csv:
# SN1..SN10 = 926 909 830 891 935 813 940 908 860 885, under DfE's new_la_code for each.
NEIGHBOURS = {
    "E10000020",  # 926 Norfolk
    "E10000006",  # 909 Cumbria
    "E10000007",  # 830 Derbyshire
    "E10000024",  # 891 Nottinghamshire
    "E10000029",  # 935 Suffolk
    "E06000013",  # 813 North Lincolnshire
    "E06000061",  # 940 North Northamptonshire
    "E06000052",  # 908 Cornwall
    "E10000028",  # 860 Staffordshire
    "E10000034",  # 885 Worcestershire
}
# Academic-year files: 7 years x 3 groups x 13 places, less what DfE does not publish: Cumbria
# (909) stops after 2022/23 and North Northamptonshire (940) starts in 2021/22, 5 place-years.
# Reporting-year files (SDQ, care leavers): 5 years x 13 places, one cohort.
ACADEMIC = (7 * 13 - 5) * 3
REPORTING = 5 * 13
EXPECTED = {
    "overall_absence": ACADEMIC,
    "persistent_absence": ACADEMIC,
    "severe_absence": ACADEMIC,
    "ks2_rwm_expected": ACADEMIC,
    "ks4_attainment8": ACADEMIC,
    "ks4_progress8": ACADEMIC,
    "ks4_basics_4plus": ACADEMIC,
    "sdq_average": REPORTING,
    "sdq_normal": REPORTING,
    "sdq_borderline": REPORTING,
    "sdq_concern": REPORTING,
    "care_leavers_eet": REPORTING,
}


def value(engine: Engine, measure: str, year: str, cohort: str, geography: str) -> str | None:
    query = select(Benchmark.value).where(
        Benchmark.measure == measure,
        Benchmark.academic_year == year,
        Benchmark.cohort == cohort,
        Benchmark.geography == geography,
    )
    with engine.connect() as connection:
        return connection.execute(query).scalar_one_or_none()


def snapshot(engine: Engine) -> tuple[list, list]:
    with engine.connect() as connection:
        rows = connection.execute(select(Benchmark).order_by(*Benchmark.__table__.primary_key))
        loads = connection.execute(select(TableLoad))
        return [tuple(row) for row in rows], [tuple(row) for row in loads]


def copy_published(tmp_path: Path) -> Path:
    folder = tmp_path / "dfe"
    folder.mkdir()
    for name in [published.name for published in FILES] + [NEIGHBOURS_FILE]:
        shutil.copy(PUBLISHED / name, folder / name)
    return folder


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def lincolnshire_row(frame: pd.DataFrame, period: str, **where: str) -> int:
    selected = (frame["old_la_code"] == "925") & (frame["time_period"] == period)
    for column, wanted in where.items():
        selected &= frame[column] == wanted
    (index,) = frame.index[selected]
    return index


def test_published_values_are_loaded_as_published(engine):
    written = load_benchmarks(engine, PUBLISHED)

    assert written == EXPECTED
    # absence_la.csv, 202425, CLA 12 months at 31 March, phase Total, pt_pupils_pa_10_exact:
    # Local authority 925 Lincolnshire 17.2; National 20.3; Regional E12000004 East Midlands 20.9.
    assert value(engine, "persistent_absence", "2024/25", "CLA12", LINCOLNSHIRE) == "17.2"
    assert value(engine, "persistent_absence", "2024/25", "CLA12", "england") == "20.3"
    assert value(engine, "persistent_absence", "2024/25", "CLA12", "region") == "20.9"
    # Same rows, pt_overall: England is published as "9", and kept so (not "9.0").
    assert value(engine, "overall_absence", "2024/25", "CLA12", "england") == "9"
    # 202425 CINO at 31 March, Lincolnshire, Total, pt_pupils_pa_50_exact.
    assert value(engine, "severe_absence", "2024/25", "CIN", LINCOLNSHIRE) == "10.5"
    # 201920: every Lincolnshire absence figure is published as x; 201819 CLA12 severe is c.
    for measure in ("overall_absence", "persistent_absence", "severe_absence"):
        for cohort in ("CLA12", "CIN", "CPP"):
            assert value(engine, measure, "2019/20", cohort, LINCOLNSHIRE) == "x"
    assert value(engine, "severe_absence", "2018/19", "CLA12", LINCOLNSHIRE) == "c"
    # ks4_la.csv, CLA 12 months at 31 March, Lincolnshire: 202425 (Revised) avg_att8 19.8,
    # England 17.3; 202324 (Final) avg_p8score -0.91; 201819 avg_att8 c; 202425 avg_p8score x.
    assert value(engine, "ks4_attainment8", "2024/25", "CLA12", LINCOLNSHIRE) == "19.8"
    assert value(engine, "ks4_attainment8", "2024/25", "CLA12", "england") == "17.3"
    assert value(engine, "ks4_progress8", "2023/24", "CLA12", LINCOLNSHIRE) == "-0.91"
    assert value(engine, "ks4_attainment8", "2018/19", "CLA12", LINCOLNSHIRE) == "c"
    assert value(engine, "ks4_progress8", "2024/25", "CLA12", LINCOLNSHIRE) == "x"
    # ks2_la.csv, 202425 (Revised), CLA 12 months, Lincolnshire pt_rwm_met_expected_standard 35.
    assert value(engine, "ks2_rwm_expected", "2024/25", "CLA12", LINCOLNSHIRE) == "35"
    # la_conviction_health_outcome_cla.csv, 2025 (Reporting year), 'Ages 5 to 16 years with SDQ
    # score': 'SDQ average score' children_count Lincolnshire 16.2, England 14.9; the bands'
    # children_percent for Lincolnshire: normal 36, borderline 12, cause for concern 52.
    assert value(engine, "sdq_average", "2024/25", "CLA12", LINCOLNSHIRE) == "16.2"
    assert value(engine, "sdq_average", "2024/25", "CLA12", "england") == "14.9"
    assert value(engine, "sdq_normal", "2024/25", "CLA12", LINCOLNSHIRE) == "36"
    assert value(engine, "sdq_borderline", "2024/25", "CLA12", LINCOLNSHIRE) == "12"
    assert value(engine, "sdq_concern", "2024/25", "CLA12", LINCOLNSHIRE) == "52"
    # la_care_leavers_activity.csv, 2025, 19 to 21 years, 'Total in education, employment or
    # training' care_leaver_percent: Lincolnshire 50, England 54. Stored under cohort CLA.
    assert value(engine, "care_leavers_eet", "2024/25", "CLA", LINCOLNSHIRE) == "50"
    assert value(engine, "care_leavers_eet", "2024/25", "CLA", "england") == "54"


def test_sources_name_the_file_and_the_publication(engine):
    load_benchmarks(engine, PUBLISHED)

    with engine.connect() as connection:
        rows = connection.execute(select(Benchmark.measure, Benchmark.source).distinct()).all()
    sources = dict(rows)
    assert sources["persistent_absence"].startswith("absence_la.csv (DfE: Outcomes for children")
    assert sources["sdq_average"].startswith("la_conviction_health_outcome_cla.csv (DfE: Child")
    assert "Children looked after in England" in sources["care_leavers_eet"]


def test_geographies_are_england_region_the_council_and_its_ten_neighbours(engine):
    load_benchmarks(engine, PUBLISHED)

    with engine.connect() as connection:
        places = set(connection.execute(select(Benchmark.geography).distinct()).scalars())
    assert places == {"england", "region", LINCOLNSHIRE} | NEIGHBOURS
    # A neighbour's own published figure: absence_la.csv 202425, 926 Norfolk, CLA12, Total.
    norfolk = read(PUBLISHED / "absence_la.csv")
    row = norfolk[
        (norfolk["old_la_code"] == "926")
        & (norfolk["time_period"] == "202425")
        & (norfolk["social_care_group"] == "CLA 12 months at 31 March")
        & (norfolk["phase_type_grouping"] == "Total")
    ].iloc[0]
    published = row["pt_pupils_pa_10_exact"]
    assert value(engine, "persistent_absence", "2024/25", "CLA12", "E10000020") == published


def test_loading_twice_does_not_duplicate(engine):
    first = load_benchmarks(engine, PUBLISHED)
    before, _ = snapshot(engine)
    second = load_benchmarks(engine, PUBLISHED)
    after, loads = snapshot(engine)

    assert first == second
    assert before == after
    assert len(after) == sum(EXPECTED.values())
    with engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(Benchmark)).scalar_one()
    assert total == sum(EXPECTED.values())
    assert [(load[0], load[3], load[4]) for load in loads] == [("benchmark", total, total)]


def test_a_missing_column_is_refused_and_nothing_changes(engine, tmp_path):
    load_benchmarks(engine, PUBLISHED)
    before = snapshot(engine)
    folder = copy_published(tmp_path)
    absence = read(folder / "absence_la.csv")
    absence.drop(columns="pt_pupils_pa_10_exact").to_csv(folder / "absence_la.csv", index=False)

    with pytest.raises(LoadError) as refused:
        load_benchmarks(engine, folder)

    problems = [(p.file, p.column) for p in refused.value.problems]
    assert problems == [("absence_la.csv", "pt_pupils_pa_10_exact")]
    assert "absence_la.csv, column pt_pupils_pa_10_exact" in refused.value.report()
    assert snapshot(engine) == before


def test_a_missing_file_is_refused_naming_it(engine, tmp_path):
    folder = copy_published(tmp_path)
    (folder / "ks4_la.csv").unlink()
    (folder / NEIGHBOURS_FILE).unlink()

    with pytest.raises(LoadError) as refused:
        load_benchmarks(engine, folder)

    assert {p.file for p in refused.value.problems} == {"ks4_la.csv", NEIGHBOURS_FILE}
    assert snapshot(engine) == ([], [])


def test_byte_order_mark_and_quoted_fields_are_read(engine, tmp_path):
    folder = copy_published(tmp_path)
    absence = read(folder / "absence_la.csv")
    with (folder / "absence_la.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        absence.to_csv(handle, index=False, quoting=csv.QUOTE_ALL)
    assert (folder / "absence_la.csv").read_bytes().startswith(b'\xef\xbb\xbf"time_period"')

    load_benchmarks(engine, folder)

    assert value(engine, "persistent_absence", "2024/25", "CLA12", LINCOLNSHIRE) == "17.2"


def test_the_most_mature_version_of_a_year_wins(engine, tmp_path):
    folder = copy_published(tmp_path)
    ks4 = read(folder / "ks4_la.csv")
    index = lincolnshire_row(ks4, "202425", social_care_group="CLA 12 months at 31 March")
    provisional = ks4.loc[[index]].assign(version="Provisional", avg_att8="99.9")
    final = ks4.loc[[index]].assign(version="Final", avg_att8="20.1")
    ks4 = pd.concat([provisional, ks4, final])
    ks4.to_csv(folder / "ks4_la.csv", index=False)

    load_benchmarks(engine, folder)

    # The file's own row is Revised 19.8: Final beats Revised, which beats Provisional.
    assert value(engine, "ks4_attainment8", "2024/25", "CLA12", LINCOLNSHIRE) == "20.1"


def test_an_empty_value_is_refused_naming_row_and_column(engine, tmp_path):
    folder = copy_published(tmp_path)
    absence = read(folder / "absence_la.csv")
    index = lincolnshire_row(
        absence,
        "202425",
        social_care_group="CLA 12 months at 31 March",
        phase_type_grouping="Total",
    )
    absence.loc[index, "pt_overall"] = ""
    absence.to_csv(folder / "absence_la.csv", index=False)

    with pytest.raises(LoadError) as refused:
        load_benchmarks(engine, folder)

    (problem,) = refused.value.problems
    assert (problem.file, problem.row, problem.column) == (
        "absence_la.csv",
        index + 2,
        "pt_overall",
    )
    assert snapshot(engine) == ([], [])


def test_an_unknown_council_is_refused(engine):
    with pytest.raises(LoadError) as refused:
        load_benchmarks(engine, PUBLISHED, la_code="999")

    assert "no row for local authority 999" in refused.value.report()
    assert {p.file for p in refused.value.problems} >= {NEIGHBOURS_FILE, "absence_la.csv"}


@pytest.fixture
def cli_engines(monkeypatch):
    """The CLI's engines, disposed after the test (a real `c2l` run ends its process instead)."""
    made: list[Engine] = []
    make = cli._engine

    def tracked(demo: bool = False) -> Engine:
        made.append(make(demo))
        return made[-1]

    monkeypatch.setattr(cli, "_engine", tracked)
    yield made
    for engine in made:
        engine.dispose()


def test_cli_loads_and_refuses(warehouse_url, engine, tmp_path, cli_engines):
    environment = {"C2L_DATABASE_URL": warehouse_url, "C2L_INSTANCE_PATH": str(tmp_path / "i")}
    runner = CliRunner()

    loaded = runner.invoke(
        cli.main, ["load-benchmarks", str(PUBLISHED), "--la", "925"], env=environment
    )

    assert loaded.exit_code == 0, loaded.output
    assert f"persistent_absence: {ACADEMIC} rows" in loaded.output
    assert value(engine, "sdq_average", "2024/25", "CLA12", LINCOLNSHIRE) == "16.2"

    refused = runner.invoke(cli.main, ["load-benchmarks", str(tmp_path)], env=environment)

    assert refused.exit_code == 1
    assert "Refused:" in refused.output
    assert "absence_la.csv: file not found" in refused.output
    assert len(cli_engines) == 2
