"""The data dictionary (`docs/warehouse.md`) checked against the schema, so the two cannot drift.

Every contract table has a `### `table`` section whose column table documents exactly the
table's columns, with the right type, required/optional, key, code list, range and reference.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import Column, Date, Float, Integer, String

from dashboard.measures import MEASURES
from data_access.queries.outcomes import OUTCOME_QUERIES
from data_access.schema import CONTRACT_TABLES, Base

DOC = Path(__file__).resolve().parents[1] / "docs" / "warehouse.md"
HEADING = re.compile(r"^(#{1,6}) (.+?)\s*$")
COLUMN_HEADER = ["Column", "Type", "Required", "Allowed values", "Meaning"]
APP_TABLES_HEADING = "## The app's own tables (not part of the contract)"
MEASURES_HEADING = "## How the outcome measures use the tables"
LOAD_ORDER_HEADING = "## Load order and relationships"

CONTRACT_COLUMNS = [
    (table, column.name)
    for table in CONTRACT_TABLES
    for column in Base.metadata.tables[table].columns
]
CODES = [
    (table, column.name, code)
    for table in CONTRACT_TABLES
    for column in Base.metadata.tables[table].columns
    for code in column.info.get("codes", ())
]
FOREIGN_KEYS = [
    (table, key.parent.name, key.column.table.name)
    for table in CONTRACT_TABLES
    for key in Base.metadata.tables[table].foreign_keys
]
APP_TABLES = [name for name in Base.metadata.tables if name not in CONTRACT_TABLES]


@cache
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


@cache
def sections() -> dict[str, str]:
    """Each heading's text (as written) to its body, up to the next heading of the same level
    or higher."""
    lines = doc().splitlines()
    headings = [
        (index, len(match[1]), match[0])
        for index, line in enumerate(lines)
        if (match := HEADING.match(line))
    ]
    found = {}
    for position, (index, level, heading) in enumerate(headings):
        end = next(
            (later for later, depth, _ in headings[position + 1 :] if depth <= level),
            len(lines),
        )
        found[heading] = "\n".join(lines[index + 1 : end])
    return found


def section(heading: str) -> str:
    assert heading in sections(), f"docs/warehouse.md has no heading {heading!r}"
    return sections()[heading]


def table_section(table: str) -> str:
    return section(f"### `{table}`")


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def column_rows(table: str) -> dict[str, list[str]]:
    """The rows of the table's column table, by column name."""
    rows = {}
    in_columns = False
    for line in table_section(table).splitlines():
        if not line.startswith("|"):
            in_columns = False
            continue
        row = cells(line)
        if row == COLUMN_HEADER:
            in_columns = True
        elif in_columns and row[0].startswith("`"):
            rows[row[0].strip("`")] = row
    return rows


def column_row(table: str, column: str) -> dict[str, str]:
    rows = column_rows(table)
    assert column in rows, f"the `{table}` section documents no column `{column}`"
    return dict(zip(COLUMN_HEADER, rows[column], strict=True))


def schema_column(table: str, column: str) -> Column:
    return Base.metadata.tables[table].c[column]


def type_words(column: Column) -> str:
    kind = column.type
    if isinstance(kind, Integer):
        return "whole number"
    if isinstance(kind, Float):
        return "number"
    if isinstance(kind, Date):
        return "date"
    assert isinstance(kind, String), f"{column} has a type the doc cannot name: {kind!r}"
    return f"text (max {kind.length})" if kind.length else "text"


@pytest.mark.parametrize("table", CONTRACT_TABLES)
def test_every_contract_table_has_a_section(table: str) -> None:
    assert table_section(table).strip()


def test_contract_sections_follow_the_load_order() -> None:
    documented = [
        heading.strip("#` ")
        for heading in sections()
        if heading.startswith("### `") and heading.strip("#` ") in CONTRACT_TABLES
    ]
    assert documented == list(CONTRACT_TABLES)


@pytest.mark.parametrize(("table", "column"), CONTRACT_COLUMNS)
def test_every_column_is_documented_in_its_tables_section(table: str, column: str) -> None:
    row = column_row(table, column)
    assert row["Meaning"], f"`{table}.{column}` has no meaning"
    assert f"`{column}`" in table_section(table)


@pytest.mark.parametrize("table", CONTRACT_TABLES)
def test_no_documented_column_is_missing_from_the_schema(table: str) -> None:
    schema = {column.name for column in Base.metadata.tables[table].columns}
    assert set(column_rows(table)) == schema


@pytest.mark.parametrize(("table", "column"), CONTRACT_COLUMNS)
def test_type_required_and_key_match_the_schema(table: str, column: str) -> None:
    row, schema = column_row(table, column), schema_column(table, column)
    assert row["Type"] == type_words(schema)
    required = row["Required"].lower()
    assert required.startswith("optional" if schema.nullable else "required"), required
    assert ("key" in required) == schema.primary_key, required


@pytest.mark.parametrize("table", CONTRACT_TABLES)
def test_primary_key_is_stated(table: str) -> None:
    key = ", ".join(f"`{column.name}`" for column in Base.metadata.tables[table].primary_key)
    assert f"**Primary key:** {key}." in table_section(table)


@pytest.mark.parametrize(("table", "column", "code"), CODES)
def test_every_code_is_listed_for_its_column(table: str, column: str, code: str) -> None:
    assert f"`{code}`" in column_row(table, column)["Allowed values"]
    assert f"`{code}`" in doc()


@pytest.mark.parametrize(
    ("table", "column"),
    [pair for pair in CONTRACT_COLUMNS if "min" in schema_column(*pair).info],
)
def test_every_range_is_stated(table: str, column: str) -> None:
    info = schema_column(table, column).info
    assert f"{info['min']:g} to {info['max']:g}" in column_row(table, column)["Allowed values"]


@pytest.mark.parametrize(
    ("table", "column"),
    [pair for pair in CONTRACT_COLUMNS if schema_column(*pair).info.get("academic_year")],
)
def test_academic_year_format_is_stated(table: str, column: str) -> None:
    assert "`2019/20`" in column_row(table, column)["Allowed values"]


@pytest.mark.parametrize(
    ("table", "column"),
    [pair for pair in CONTRACT_COLUMNS if schema_column(*pair).info.get("first_of_month")],
)
def test_first_of_month_is_stated(table: str, column: str) -> None:
    assert "first day of a month" in column_row(table, column)["Allowed values"].lower()


@pytest.mark.parametrize(("table", "column", "parent"), FOREIGN_KEYS)
def test_every_reference_is_documented(table: str, column: str, parent: str) -> None:
    assert f"`{parent}`" in column_row(table, column)["Allowed values"]
    rows = [cells(line) for line in section(LOAD_ORDER_HEADING).splitlines() if "|" in line]
    (row,) = [row for row in rows if len(row) > 1 and row[1] == f"`{table}`"]
    assert f"`{column}` → `{parent}`" in row[2]


def test_load_order_table_follows_the_loader() -> None:
    rows = [cells(line) for line in section(LOAD_ORDER_HEADING).splitlines() if "|" in line]
    listed = [row[1].strip("`") for row in rows if row[0].isdigit()]
    assert listed == list(CONTRACT_TABLES)


@pytest.mark.parametrize("table", APP_TABLES)
def test_app_tables_are_listed_with_their_columns(table: str) -> None:
    rows = [cells(line) for line in section(APP_TABLES_HEADING).splitlines() if "|" in line]
    (row,) = [row for row in rows if row[0] == f"`{table}`"]
    for column in Base.metadata.tables[table].columns:
        assert f"`{column.name}`" in row[1], f"`{table}.{column.name}` is not listed"


@pytest.mark.parametrize("measure", [measure.id for measure in MEASURES])
def test_every_outcome_measure_is_mapped_to_its_tables(measure: str) -> None:
    assert measure in OUTCOME_QUERIES
    assert f"`{measure}`" in section(MEASURES_HEADING)
    assert f"`{measure}`" in column_row("benchmark", "measure")["Meaning"]
