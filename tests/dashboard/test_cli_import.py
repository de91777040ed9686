"""`c2l import-ssda903` from the command line: the key is required and the report is printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dashboard.cli import main

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "ssda903-sample"


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("C2L_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("C2L_PSEUDONYM_KEY", raising=False)

    def run(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return run


def test_an_import_without_a_pseudonym_key_is_refused(run) -> None:
    result = run("import-ssda903", str(SAMPLE))
    assert result.exit_code == 1
    assert "set C2L_PSEUDONYM_KEY" in result.output


def test_an_import_prints_its_report(run, monkeypatch) -> None:
    monkeypatch.setenv("C2L_PSEUDONYM_KEY", "a-test-key-of-enough-length")
    result = run("import-ssda903", str(SAMPLE), "--year", "2017/18")
    assert result.exit_code == 0, result.output
    assert "ssda903 import of" in result.output and ": loaded" in result.output
    assert "loaded 8305 rows: child 2675, child_year 2923, wellbeing 2675, destination 32" in (
        result.output
    )


def test_a_bad_year_is_named(run, monkeypatch) -> None:
    monkeypatch.setenv("C2L_PSEUDONYM_KEY", "a-test-key-of-enough-length")
    result = run("import-ssda903", str(SAMPLE), "--year", "2017-18")
    assert result.exit_code == 1
    assert "--year: '2017-18' is not a year like 2024/25" in result.output


def test_a_postcode_lookup_without_its_columns_is_refused(run, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("C2L_PSEUDONYM_KEY", "a-test-key-of-enough-length")
    lookup = tmp_path / "lookup.csv"
    lookup.write_text("outcode,lad\nLN1,E07000138\n")
    result = run("import-ssda903", str(SAMPLE), "--postcodes", str(lookup))
    assert result.exit_code == 1
    assert "lookup.csv, row 1, column district_code: required column is missing" in result.output
