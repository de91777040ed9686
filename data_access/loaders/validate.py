"""Read one contract CSV and check every cell against the schema, column by column (vectorised).

The rules come from the table's columns: type, nullability, length, `info` code lists and ranges.
Row rules that span columns mirror the schema's CHECK constraints so that a bad row is named here,
with its file and row, instead of surfacing as a database error after writing began.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Column, Date, Float, Integer, String, Table

from data_access.loaders.problems import Problem

EXAMPLES_PER_RULE = 5
DATE_PATTERN = r"\d{4}-\d{2}-\d{2}"
YEAR_PATTERN = r"(\d{4})/(\d{2})"

RowRule = tuple[str, Callable[[pd.DataFrame], pd.Series], str]
"""(column named in the error, a function giving True where a row breaks the rule, the rule)."""

Break = tuple[pd.Series, str, bool]
"""(True where a cell breaks the rule, the rule, whether the problem shows the cell's value)."""

ROW_RULES: dict[str, list[RowRule]] = {
    "attendance": [
        (
            "sessions_authorised",
            lambda f: f.sessions_authorised + f.sessions_unauthorised > f.sessions_possible,
            "authorised + unauthorised sessions exceed sessions_possible",
        )
    ],
    "wellbeing": [
        (
            "score",
            lambda f: (f.instrument == "SDQ") & f.score.notna() & ~f.score.between(0, 40),
            "an SDQ score lies between 0 and 40",
        ),
        (
            "missing_reason",
            lambda f: f.score.isna() == f.missing_reason.isna(),
            "give a score or, when none was received, a missing_reason (not both)",
        ),
    ],
    "award": [
        (
            "setting_urn",
            lambda f: (
                (f.scheme == "caring_schools") & (f.setting_urn.isna() | f.care_home_id.notna())
            ),
            "a caring_schools award names a setting_urn and no care_home_id",
        ),
        (
            "care_home_id",
            lambda f: (
                (f.scheme == "learning_homes") & (f.care_home_id.isna() | f.setting_urn.notna())
            ),
            "a learning_homes award names a care_home_id and no setting_urn",
        ),
    ],
}


def read_csv(path: Path, table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    """The file's rows as typed columns (None for empty cells), or the problems that stop it."""
    text, problems = _decode(path)
    if problems:
        return pd.DataFrame(), problems
    raw, problems = _parse(path.name, text, table)
    if problems:
        return pd.DataFrame(), problems
    typed = pd.DataFrame(index=raw.index)
    for column in table.columns:
        typed[column.name], column_problems = _convert(path.name, raw[column.name], column)
        problems += column_problems
    if not problems:
        problems += _row_rules(path.name, typed, table.name)
        problems += _duplicate_keys(path.name, typed, table)
    return typed, problems


def _decode(path: Path) -> tuple[str, list[Problem]]:
    data = path.read_bytes()
    if not data.strip():
        return "", [Problem(path.name, None, None, "the file is empty: it needs a header row")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        rule = f"not UTF-8: byte 0x{data[error.start]:02x} cannot be read (save the file as UTF-8)"
        return "", [Problem(path.name, line, None, rule)]


def _parse(name: str, text: str, table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    """Split the text into rows, keeping each row's line number (blank lines are skipped)."""
    plain = _parse_plain(text, table)
    if plain is not None:
        return plain, []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        found = [cell.strip() for cell in next(reader)]
        lines, rows = [], []
        for row in reader:
            if row:
                lines.append(reader.line_num)
                rows.append(row)
    except csv.Error as error:
        problem = Problem(name, reader.line_num, None, f"not a well-formed CSV file: {error}")
        return pd.DataFrame(), [problem]
    problems = _header_problems(name, found, table)
    width = len(found)
    problems += [
        Problem(name, line, None, f"row has {len(row)} fields; the header has {width}")
        for line, row in zip(lines, rows, strict=True)
        if len(row) != width
    ][:EXAMPLES_PER_RULE]
    if problems:
        return pd.DataFrame(), problems
    frame = pd.DataFrame(rows, columns=found, index=pd.Index(lines), dtype=object)
    return frame[[column.name for column in table.columns]].astype(str), []


def _parse_plain(text: str, table: Table) -> pd.DataFrame | None:
    """The usual file, read by pandas' C parser (ten times quicker than the csv module).

    Only a file the two read alike: no quotes, carriage returns, NULs, blank lines or lines past
    the csv module's field limit, a header without problems and the header's number of fields on
    every line, so that a row's line number is its position. Otherwise None: the csv module then
    reads the file and names each problem.
    """
    if text.startswith("\n") or any(mark in text for mark in ('"', "\r", "\x00", "\n\n")):
        return None
    found = [cell.strip() for cell in text.partition("\n")[0].split(",")]
    lines = text.count("\n") + (not text.endswith("\n"))
    if (
        _header_problems("", found, table)
        or text.count(",") != (len(found) - 1) * lines
        or _longest_line(text) > csv.field_size_limit()
    ):
        return None
    try:
        rows = pd.read_csv(
            io.StringIO(text),
            header=None,
            skiprows=1,
            names=found,
            dtype=str,
            na_filter=False,
            quoting=csv.QUOTE_NONE,
        )
    except pd.errors.ParserError:  # a long row and a short one: the commas added up
        return None
    rows.index = pd.RangeIndex(2, len(rows) + 2)
    return rows[[column.name for column in table.columns]]


def _longest_line(text: str) -> int:
    """The longest line's length in bytes (at least its length in characters)."""
    data = np.frombuffer(text.encode(), dtype=np.uint8)
    return int(np.diff(np.flatnonzero(data == ord("\n")), prepend=-1, append=len(data)).max())


def _header_problems(name: str, found: list[str], table: Table) -> list[Problem]:
    expected = [column.name for column in table.columns]
    problems = [
        Problem(name, 1, column, "required column is missing")
        for column in expected
        if column not in found
    ]
    problems += [
        Problem(name, 1, column, f"not a column of {table.name}; expected {', '.join(expected)}")
        for column in found
        if column not in expected
    ]
    duplicated = {column for column in found if found.count(column) > 1}
    problems += [Problem(name, 1, column, "column appears twice") for column in sorted(duplicated)]
    return problems


def _convert(name: str, cells: pd.Series, column: Column) -> tuple[pd.Series, list[Problem]]:
    """Type one column and name its bad cells. Each distinct cell text is checked once (a column
    of codes, years or counts holds few of them) and the results spread back to every row."""
    positions, distinct = cells.factorize()
    texts = pd.Series(distinct, dtype=cells.dtype).str.strip()
    present = texts != ""
    values, bad, rule = _typed(texts, present, column)
    breaks = [] if column.nullable else [(~present, "a value is required", False)]
    breaks.append((bad, rule, False))
    if not bad.any():
        breaks += _info_rules(values, present, column)
    shown = _spread(values, positions, cells.index)
    problems = []
    for breaking, rule, show in breaks:
        rows = _spread(breaking, positions, cells.index)
        problems += _examples(name, rows, column.name, rule, shown if show else None)
    return _spread(values.where(present, None), positions, cells.index), problems


def _spread(distinct: pd.Series, positions, index: pd.Index) -> pd.Series:
    """Per-distinct-text results back on the rows, whose texts are `distinct[positions]`."""
    return distinct.take(positions).set_axis(index)


def _typed(
    cells: pd.Series, present: pd.Series, column: Column
) -> tuple[pd.Series, pd.Series, str]:
    kind = column.type
    if isinstance(kind, Integer):
        bad = present & ~cells.str.fullmatch(r"-?\d+")
        numbers = pd.to_numeric(cells.where(~bad & present), errors="coerce").astype("Int64")
        return numbers, bad, "not a whole number"
    if isinstance(kind, Float):
        numbers = pd.to_numeric(cells.where(present), errors="coerce")
        finite = numbers.abs() < float("inf")
        return numbers, present & ~finite, "not a number"
    if isinstance(kind, Date):
        dates = pd.to_datetime(cells.where(present), format="%Y-%m-%d", errors="coerce")
        bad = present & (dates.isna() | ~cells.str.fullmatch(DATE_PATTERN))
        return dates.dt.date, bad, "not a date written YYYY-MM-DD"
    length = getattr(kind, "length", None) if isinstance(kind, String) else None
    bad = present & (cells.str.len() > length) if length else present & False
    return cells, bad, f"longer than {length} characters"


def _info_rules(values: pd.Series, present: pd.Series, column: Column) -> list[Break]:
    info = column.info
    breaks = []
    if "codes" in info:
        codes = info["codes"]
        breaks.append((present & ~values.isin(codes), f"not one of {', '.join(codes)}", True))
    if "min" in info:
        rule = f"outside the range {info['min']} to {info['max']}"
        breaks.append((present & ~values.between(info["min"], info["max"]), rule, True))
    if info.get("academic_year"):
        rule = "not an academic year written like 2019/20"
        breaks.append((present & ~_is_academic_year(values), rule, True))
    if info.get("first_of_month"):
        bad = present & values.map(lambda day: day is not None and day.day != 1)
        breaks.append((bad, "not the first day of a month", True))
    return breaks


def _is_academic_year(values: pd.Series) -> pd.Series:
    parts = values.str.fullmatch(YEAR_PATTERN)
    years = values.str.extract(YEAR_PATTERN)
    start = pd.to_numeric(years[0], errors="coerce")
    end = pd.to_numeric(years[1], errors="coerce")
    return parts.fillna(False) & ((start + 1) % 100 == end)


def _row_rules(name: str, frame: pd.DataFrame, table: str) -> list[Problem]:
    problems = []
    for column, breaks, rule in ROW_RULES.get(table, []):
        problems += _examples(name, breaks(frame).fillna(False).astype(bool), column, rule)
    return problems


def _duplicate_keys(name: str, frame: pd.DataFrame, table: Table) -> list[Problem]:
    key = [column.name for column in table.primary_key.columns]
    duplicated = frame.duplicated(subset=key, keep="first")
    return _examples(name, duplicated, ", ".join(key), "duplicate key: an earlier row has it")


def _examples(
    name: str,
    bad: pd.Series,
    column: str | None,
    rule: str,
    values: pd.Series | None = None,
) -> list[Problem]:
    """A problem per offending row, the first few of them, and a count of the rest."""
    rows = bad[bad].index
    problems = []
    for row in rows[:EXAMPLES_PER_RULE]:
        shown = f"{_plain(values[row])!r} is " if values is not None else ""
        problems.append(Problem(name, int(row), column, f"{shown}{rule}"))
    if len(rows) > EXAMPLES_PER_RULE:
        more = len(rows) - EXAMPLES_PER_RULE
        problems.append(Problem(name, None, column, f"{more} more row(s): {rule}"))
    return problems


def _plain(value: object) -> object:
    """A value as people write it: `6`, not `np.int64(6)`; `2012-03-15`, not `datetime.date(…)`."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value.item() if hasattr(value, "item") else value


def check_frame(name: str, frame: pd.DataFrame, table: Table) -> list[Problem]:
    """The same rules for a frame an importer derived (already typed; index = source row)."""
    missing = [column.name for column in table.columns if column.name not in frame]
    if missing:
        return [Problem(name, None, column, "required column is missing") for column in missing]
    problems = []
    for column in table.columns:
        values = frame[column.name]
        present = values.notna()
        if not column.nullable:
            problems += _examples(name, ~present, column.name, "a value is required")
        for breaking, rule, show in _info_rules(values, present, column):
            problems += _examples(name, breaking, column.name, rule, values if show else None)
    return problems + _row_rules(name, frame, table.name) + _duplicate_keys(name, frame, table)
