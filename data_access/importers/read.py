"""Reading a return's files as they come: named columns, line numbers, tolerant types, exact errors.

Every function names the file, the row (the file's line; the header is row 1) and the column of
anything it cannot read, and collects problems rather than stopping at the first, so one run
shows everything wrong with a file. Column names are matched without regard to case; extra
columns are ignored; empty cells are missing values.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from data_access.loaders.problems import Problem

EXAMPLES_PER_RULE = 5
PROGRESS_EVERY = 50_000

Progress = Callable[[str, int, int], None]
"""Called as (what, rows done, rows in all) while a long file is read."""

DATE_FORMATS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%Y-%b-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
)


def no_progress(what: str, done: int, total: int) -> None:
    """The default: say nothing."""


class Problems(list[Problem]):
    """Problems found so far, with helpers that record a few examples per rule."""

    def rows(self, file: str, bad: pd.Series, column: str | None, rule: str, values=None) -> None:
        rows = bad[bad.fillna(False).astype(bool)].index
        for row in rows[:EXAMPLES_PER_RULE]:
            shown = f"{values[row]!r} is " if values is not None else ""
            self.append(Problem(file, int(row), column, f"{shown}{rule}"))
        if len(rows) > EXAMPLES_PER_RULE:
            more = len(rows) - EXAMPLES_PER_RULE
            self.append(Problem(file, None, column, f"{more} more row(s): {rule}"))


def read_table(
    path: Path,
    required: Iterable[str],
    optional: Iterable[str] = (),
    problems: Problems | None = None,
    progress: Progress = no_progress,
) -> pd.DataFrame:
    """The file's wanted columns as text, indexed by line number; upper- or lower-case names."""
    problems = Problems() if problems is None else problems
    required, optional = list(required), list(optional)
    wanted = required + optional
    try:
        header, lines, rows = _rows(path, progress)
    except (csv.Error, UnicodeDecodeError) as error:
        problems.append(Problem(path.name, None, None, f"cannot be read as a CSV file: {error}"))
        return pd.DataFrame(columns=wanted, dtype=object)
    names = [cell.strip().upper() for cell in header]
    missing = [name for name in required if name.upper() not in names]
    problems += [Problem(path.name, 1, name, "required column is missing") for name in missing]
    short = [(line, row) for line, row in zip(lines, rows, strict=True) if len(row) != len(names)]
    problems += [
        Problem(
            path.name,
            line,
            None,
            f"row has {len(row)} fields; the header has {len(names)} (is the file cut short?)",
        )
        for line, row in short[:EXAMPLES_PER_RULE]
    ]
    if missing or short:
        return pd.DataFrame(columns=wanted, dtype=object)
    frame = pd.DataFrame(rows, columns=names, index=pd.Index(lines), dtype=object)
    for name in wanted:
        if name.upper() not in frame:
            frame[name.upper()] = ""
    frame = frame[[name.upper() for name in wanted]].apply(lambda cells: cells.str.strip())
    frame.columns = wanted
    return frame.where(frame != "", None)


def _rows(path: Path, progress: Progress) -> tuple[list[str], list[int], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        total = sum(1 for _ in file) - 1
        file.seek(0)
        reader = csv.reader(file, strict=True)
        header = next(reader, None)
        if header is None:
            raise csv.Error("the file is empty: it needs a header row")
        lines, rows = [], []
        for row in reader:
            if row and any(cell.strip() for cell in row):
                lines.append(reader.line_num)
                rows.append(row)
                if len(rows) % PROGRESS_EVERY == 0:
                    progress(path.name, len(rows), total)
    progress(path.name, len(rows), len(rows))
    return header, lines, rows


def parse_dates(file: str, cells: pd.Series, column: str, problems: Problems) -> pd.Series:
    """Dates written ISO, dd/mm/YYYY or like 2025-Feb-14 00:00:00 (as MIS extracts do)."""
    present = cells.notna()
    parsed = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[ns]")
    for date_format in DATE_FORMATS:
        todo = present & parsed.isna()
        if not todo.any():
            break
        parsed[todo] = pd.to_datetime(cells[todo], format=date_format, errors="coerce")
    rule = "not a date (write 2025-02-14, 14/02/2025 or 2025-Feb-14 00:00:00)"
    problems.rows(file, present & parsed.isna(), column, rule, cells)
    return parsed.dt.normalize()


def parse_numbers(
    file: str, cells: pd.Series, column: str, problems: Problems, *, whole: bool = True
) -> pd.Series:
    """Numbers, including whole numbers written `135.0` by spreadsheet-minded extracts."""
    present = cells.notna()
    numbers = pd.to_numeric(cells, errors="coerce")
    bad = present & (numbers.isna() | (whole & (numbers % 1 != 0)))
    problems.rows(file, bad, column, "not a whole number" if whole else "not a number", cells)
    return numbers.where(~bad)


def check_codes(
    file: str, cells: pd.Series, column: str, allowed: Iterable[str], problems: Problems
) -> None:
    allowed = list(allowed)
    bad = cells.notna() & ~cells.isin(allowed)
    problems.rows(file, bad, column, f"not one of {', '.join(allowed)}", cells)


def require(file: str, cells: pd.Series, column: str, problems: Problems) -> None:
    problems.rows(file, cells.isna(), column, "a value is required")


def duplicates(file: str, frame: pd.DataFrame, key: list[str], problems: Problems) -> None:
    bad = frame.duplicated(subset=key, keep="first")
    problems.rows(file, bad, ", ".join(key), "duplicate: an earlier row has the same value")
