"""`c2l load-benchmarks DIR`: DfE's published LA-level outcome files into `benchmark`, as published.

The files are read as DfE publishes them (their own column names; a UTF-8 byte-order mark and
quoted fields holding commas are fine): `absence_la.csv`, `ks2_la.csv`, `ks4_la.csv`,
`la_conviction_health_outcome_cla.csv`, `la_care_leavers_activity.csv` and the statistical
neighbour groupings. A missing file or column, or a row that cannot be placed, refuses the whole
directory naming file, row and column; otherwise every row is upserted in one transaction, so
loading the same directory twice leaves the table as one load did.

What is stored:
- geography: `england` (National rows), `region` (the Regional rows of the council's own region,
  taken from the `region_code` of its rows: East Midlands for Lincolnshire), the council under its
  `new_la_code` (E10000019 for 925), and each of its ten statistical neighbours (`SN1`..`SN10` of
  its `LA number` row) under the `new_la_code` that DfE's files give it. Neighbours are stored one
  by one; an average of them is a query's job. A neighbour stores what DfE published for it, so
  Cumbria (909, abolished 2023) has rows up to the year DfE stopped publishing it.
- academic_year: `time_period` 202425 (Academic year) → 2024/25; 2025 (Reporting year, the SDQ and
  care leavers' files, whose year ends on 31 March) → 2024/25, the academic year ending that year.
- cohort: `social_care_group` 'CLA 12 months at 31 March' → CLA12, 'CINO at 31 March' → CIN,
  'CPPO at 31 March' → CPP; other groups are skipped. The SDQ figures are published for children
  looked after for 12 months and are stored under CLA12. The care leavers' figures (aged 19 to 21)
  have no cohort of their own and are stored under CLA: the `care_leavers_eet` measure ignores the
  cohort filter, so a query wanting its benchmark asks for cohort CLA.
- value: the published text, numbers as written and symbols (`c`, `x`, `z`, `low`, `k`, `u`, …)
  kept as they are, never turned into 0.
- source: the file name and the DfE publication it comes from.
- KS2 and KS4 files carry a `version` per row. Where a year holds more than one version for the
  same geography and group, the most mature is kept: Final, then Revised, then Provisional (the
  April 2026 files hold one version per year: Final for most years, Revised for 2024/25 and, in
  KS4, for the two years without Progress 8).
- care_leavers_eet is DfE's own 'Total in education, employment or training' row for 19 to 21 year
  olds (`care_leaver_percent`), not a sum of the component rows.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, delete, insert

from data_access.db import academic_year_label
from data_access.loaders.problems import LoadError, Problem
from data_access.loaders.write import note_load, upsert
from data_access.schema import Benchmark, BenchmarkPlace

OUTCOMES = (
    "DfE: Outcomes for children in need, including children looked after by local authorities "
    "in England"
)
LOOKED_AFTER = "DfE: Children looked after in England including adoptions"

NEIGHBOURS_FILE = "New_Statistical_Neighbour_Groupings_April_2021.csv"
NEIGHBOUR_KEY = "LA number"
NEIGHBOUR_COLUMNS = tuple(f"SN{rank}" for rank in range(1, 11))

ENGLAND = "england"
REGION = "region"
COUNCIL = "council"
NEIGHBOUR = "neighbour"
NATIONAL, REGIONAL, LOCAL = "National", "Regional", "Local authority"
PLACE_COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "region_code",
    "old_la_code",
    "new_la_code",
)
GROUP_COLUMN = "social_care_group"
SOCIAL_CARE_GROUPS = {
    "CLA 12 months at 31 March": "CLA12",
    "CINO at 31 March": "CIN",
    "CPPO at 31 March": "CPP",
}
VERSION_COLUMN = "version"
VERSION_PREFERENCE = ("Final", "Revised", "Provisional")
"""Most mature first; a label not listed ranks after these."""

VALUE_LENGTH = Benchmark.__table__.c.value.type.length
GEOGRAPHY_LENGTH = Benchmark.__table__.c.geography.type.length
NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)")
SYMBOL = re.compile(r"[a-z]+")
SDQ = "Ages 5 to 16 years with SDQ score"
CARE_LEAVERS = (("care_leaver_age", "19 to 21 years"),)


@dataclass(frozen=True)
class Figure:
    """One measure: the column holding its value, in the rows matching `where`."""

    measure: str
    column: str
    where: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PublishedFile:
    name: str
    publication: str
    figures: tuple[Figure, ...]
    cohort: str | None = None
    """The cohort of every figure in the file; None: read from `social_care_group`."""
    versioned: bool = False

    @property
    def source(self) -> str:
        return f"{self.name} ({self.publication})"

    def columns(self) -> list[str]:
        wanted = [*PLACE_COLUMNS]
        if self.cohort is None:
            wanted.append(GROUP_COLUMN)
        if self.versioned:
            wanted.append(VERSION_COLUMN)
        for figure in self.figures:
            wanted += [column for column, _ in figure.where] + [figure.column]
        return list(dict.fromkeys(wanted))


def _total(measure: str, column: str) -> Figure:
    return Figure(measure, column, (("phase_type_grouping", "Total"),))


def _sdq(measure: str, breakdown: str, column: str = "children_percent") -> Figure:
    return Figure(measure, column, (("characteristic", SDQ), ("breakdown", breakdown)))


FILES = (
    PublishedFile(
        "absence_la.csv",
        OUTCOMES,
        (
            _total("overall_absence", "pt_overall"),
            _total("persistent_absence", "pt_pupils_pa_10_exact"),
            _total("severe_absence", "pt_pupils_pa_50_exact"),
        ),
    ),
    PublishedFile(
        "ks2_la.csv",
        OUTCOMES,
        (Figure("ks2_rwm_expected", "pt_rwm_met_expected_standard"),),
        versioned=True,
    ),
    PublishedFile(
        "ks4_la.csv",
        OUTCOMES,
        (
            Figure("ks4_attainment8", "avg_att8"),
            Figure("ks4_progress8", "avg_p8score"),
            Figure("ks4_basics_4plus", "pt_l2basics_94"),
        ),
        versioned=True,
    ),
    PublishedFile(
        "la_conviction_health_outcome_cla.csv",
        LOOKED_AFTER,
        (
            _sdq("sdq_average", "SDQ average score", "children_count"),
            _sdq("sdq_normal", "SDQ score is normal"),
            _sdq("sdq_borderline", "SDQ score is borderline"),
            _sdq("sdq_concern", "SDQ score is a cause for concern"),
        ),
        cohort="CLA12",
    ),
    PublishedFile(
        "la_care_leavers_activity.csv",
        LOOKED_AFTER,
        (
            Figure(
                "care_leavers_eet",
                "care_leaver_percent",
                (*CARE_LEAVERS, ("breakdown", "Total in education, employment or training")),
            ),
        ),
        cohort="CLA",
    ),
)
MEASURES = tuple(figure.measure for published in FILES for figure in published.figures)


def load_benchmarks(engine: Engine, directory: Path, la_code: str = "925") -> dict[str, int]:
    """Load DfE's published files in `directory` for the council `la_code` (DfE's old LA code).

    Returns rows written per measure; raises LoadError, writing nothing, on any problem.
    """
    found = read_benchmarks(Path(directory), str(la_code).strip())
    places = sorted({(row["geography"], row["place"]) for row in found if row["place"]})
    rows = [{key: value for key, value in row.items() if key != "place"} for row in found]
    table = Benchmark.__table__
    with engine.begin() as connection:
        upsert(connection, table, rows)
        connection.execute(delete(BenchmarkPlace))
        connection.execute(
            insert(BenchmarkPlace), [{"geography": geo, "role": role} for geo, role in places]
        )
        note_load(connection, table, len(rows), f"DfE benchmarks for LA {la_code} from {directory}")
    counts = Counter(row["measure"] for row in rows)
    return {measure: counts[measure] for measure in MEASURES if counts[measure]}


def read_benchmarks(directory: Path, la_code: str) -> list[dict]:
    """Every benchmark row in `directory`, validated; raises LoadError on any problem."""
    if not directory.is_dir():
        raise LoadError([Problem(str(directory), None, None, "not a directory")])
    neighbours, problems = read_neighbours(directory, la_code)
    rows: list[dict] = []
    for published in FILES:
        file_rows, file_problems = read_published(directory, published, la_code, neighbours)
        rows += file_rows
        problems += file_problems
    problems += _duplicates(rows)
    if problems:
        raise LoadError(problems)
    return [{key: value for key, value in row.items() if key != "file"} for row in rows]


def read_neighbours(directory: Path, la_code: str) -> tuple[tuple[str, ...], list[Problem]]:
    """The council's ten statistical neighbours, as old LA codes."""
    frame, problems = read_csv(directory / NEIGHBOURS_FILE, [NEIGHBOUR_KEY, *NEIGHBOUR_COLUMNS])
    if frame is None:
        return (), problems
    own = frame[frame[NEIGHBOUR_KEY].str.strip() == la_code]
    if own.empty:
        rule = f"no row for local authority {la_code}"
        return (), [Problem(NEIGHBOURS_FILE, None, NEIGHBOUR_KEY, rule)]
    row = own.iloc[0]
    codes = tuple(row[column].strip() for column in NEIGHBOUR_COLUMNS)
    problems = [
        Problem(NEIGHBOURS_FILE, int(own.index[0]), column, "empty; expected an LA number")
        for column, code in zip(NEIGHBOUR_COLUMNS, codes, strict=True)
        if not code
    ]
    return tuple(code for code in codes if code), problems


def read_csv(path: Path, columns: list[str]) -> tuple[pd.DataFrame | None, list[Problem]]:
    """`columns` of a published file as text, indexed by line number (header = 1), or problems."""
    if not path.is_file():
        return None, [Problem(path.name, None, None, f"file not found in {path.parent}")]
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
        missing = [column for column in columns if column not in header]
        if missing:
            rule = "column missing (expected as DfE publishes it)"
            return None, [Problem(path.name, None, column, rule) for column in missing]
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig", usecols=columns
        )
    except (UnicodeDecodeError, csv.Error, pd.errors.ParserError) as error:
        return None, [Problem(path.name, None, None, f"cannot be read as UTF-8 CSV: {error}")]
    frame.index = frame.index + 2
    return frame, []


def read_published(
    directory: Path, published: PublishedFile, la_code: str, neighbours: tuple[str, ...]
) -> tuple[list[dict], list[Problem]]:
    frame, problems = read_csv(directory / published.name, published.columns())
    if frame is None:
        return [], problems
    problems = _absent_labels(frame, published)
    frame, place_problems = _places(frame, published.name, la_code, neighbours)
    frame = _cohorts(frame, published)
    if published.versioned:
        frame = _preferred_versions(frame)
    rows: list[dict] = []
    for figure in published.figures:
        figure_rows, figure_problems = _figure_rows(frame, published, figure)
        rows += figure_rows
        problems += figure_problems
    return rows, problems + place_problems


def _absent_labels(frame: pd.DataFrame, published: PublishedFile) -> list[Problem]:
    """A label the loader selects on that the file does not use at all (a renamed breakdown)."""
    wanted = {(column, label) for figure in published.figures for column, label in figure.where}
    if published.cohort is None:
        wanted |= {(GROUP_COLUMN, group) for group in SOCIAL_CARE_GROUPS}
    present = {column: set(frame[column].unique()) for column, _ in wanted}
    return [
        Problem(published.name, None, column, f"no rows with {column} = {label!r}")
        for column, label in sorted(wanted)
        if label not in present[column]
    ]


def _places(
    frame: pd.DataFrame, file: str, la_code: str, neighbours: tuple[str, ...]
) -> tuple[pd.DataFrame, list[Problem]]:
    """England, the council's region, the council and its neighbours, with a `geography` column."""
    level = frame["geographic_level"]
    local = level == LOCAL
    regions = sorted(set(frame.loc[local & (frame["old_la_code"] == la_code), "region_code"]))
    if len(regions) != 1:
        rule = f"no rows for local authority {la_code}"
        if regions:
            rule = f"local authority {la_code} is in more than one region: {', '.join(regions)}"
        return frame.iloc[0:0].assign(geography=""), [Problem(file, None, "old_la_code", rule)]
    keep = (
        (level == NATIONAL)
        | ((level == REGIONAL) & (frame["region_code"] == regions[0]))
        | (local & frame["old_la_code"].isin((la_code, *neighbours)))
    )
    frame = frame[keep].copy()
    frame["geography"] = frame["new_la_code"].str.strip()
    frame["place"] = ""
    kept_local = frame["geographic_level"] == LOCAL
    frame.loc[kept_local & (frame["old_la_code"] == la_code), "place"] = COUNCIL
    frame.loc[kept_local & frame["old_la_code"].isin(neighbours), "place"] = NEIGHBOUR
    frame.loc[frame["geographic_level"] == NATIONAL, "geography"] = ENGLAND
    frame.loc[frame["geographic_level"] == REGIONAL, "geography"] = REGION
    geography = frame["geography"]
    unnamed = frame.index[(geography == "") | (geography.str.len() > GEOGRAPHY_LENGTH)]
    rule = f"expected an LA code of at most {GEOGRAPHY_LENGTH} characters"
    problems = [
        Problem(file, int(row), "new_la_code", f"{geography[row]!r}: {rule}") for row in unnamed
    ]
    return frame.drop(unnamed), problems


def _cohorts(frame: pd.DataFrame, published: PublishedFile) -> pd.DataFrame:
    if published.cohort is not None:
        return frame.assign(cohort=published.cohort)
    frame = frame.assign(cohort=frame[GROUP_COLUMN].map(SOCIAL_CARE_GROUPS))
    return frame[frame["cohort"].notna()]


def _preferred_versions(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per year, place and group: the most mature version published."""
    rank = {version: order for order, version in enumerate(VERSION_PREFERENCE)}
    ranked = frame.assign(_rank=frame[VERSION_COLUMN].map(rank).fillna(len(rank)))
    key = [*PLACE_COLUMNS, "cohort"]
    ranked = ranked.sort_values("_rank", kind="stable").drop_duplicates(key, keep="first")
    return ranked.sort_index().drop(columns="_rank")


def _figure_rows(
    frame: pd.DataFrame, published: PublishedFile, figure: Figure
) -> tuple[list[dict], list[Problem]]:
    selected = pd.Series(True, index=frame.index)
    for column, label in figure.where:
        selected &= frame[column] == label
    rows: list[dict] = []
    problems: list[Problem] = []
    for line, record in frame[selected].iterrows():
        year = academic_year(record["time_identifier"], record["time_period"])
        value = record[figure.column].strip()
        if year is None:
            rule = f"{record['time_period']!r} ({record['time_identifier']}) is not a year we read"
            problems.append(Problem(published.name, int(line), "time_period", rule))
        elif (rule := _value_problem(value)) is not None:
            problems.append(Problem(published.name, int(line), figure.column, rule))
        else:
            rows.append(
                {
                    "measure": figure.measure,
                    "academic_year": year,
                    "cohort": record["cohort"],
                    "geography": record["geography"],
                    "value": value,
                    "source": published.source,
                    "file": published.name,
                    "place": record["place"],
                }
            )
    return rows, problems


def academic_year(identifier: str, period: str) -> str | None:
    """'Academic year' 202425 → '2024/25'; 'Reporting year' 2025 → '2024/25'; else None."""
    period = period.strip()
    if identifier == "Academic year" and re.fullmatch(r"\d{6}", period):
        start = int(period[:4])
        return academic_year_label(start) if int(period[4:]) == (start + 1) % 100 else None
    if identifier == "Reporting year" and re.fullmatch(r"\d{4}", period):
        return academic_year_label(int(period) - 1)
    return None


def _value_problem(value: str) -> str | None:
    if not value:
        return "empty; DfE marks a missing figure with a symbol such as x"
    if len(value) > VALUE_LENGTH:
        return f"{value!r} is longer than {VALUE_LENGTH} characters"
    if not (NUMBER.fullmatch(value) or SYMBOL.fullmatch(value)):
        return f"{value!r} is neither a number nor a statistical symbol (c, x, z, low, …)"
    return None


def _duplicates(rows: list[dict]) -> list[Problem]:
    """Two published rows landing on one benchmark key would make the load order decide."""
    keys = Counter(
        (row["measure"], row["academic_year"], row["cohort"], row["geography"]) for row in rows
    )
    files = {row["measure"]: row["file"] for row in rows}
    return [
        Problem(files[key[0]], None, None, f"more than one row for {' '.join(key)}")
        for key, count in keys.items()
        if count > 1
    ]
