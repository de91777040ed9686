"""`c2l import-ssda903`, `import-cin-census`, `import-school-census`: build the warehouse from the
national returns a council already produces, with a report for every run."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from data_access.importers.pseudonym import Pseudonymiser
from data_access.importers.report import ImportReport
from data_access.loaders.problems import LoadError

BAR_WIDTH = 30


def progress_bar(what: str, done: int, total: int) -> None:
    """Draw `what [#####     ] 52%` on the terminal's error stream while a long file is read."""
    if not sys.stderr.isatty() or total <= 0:
        return
    filled = BAR_WIDTH * done // total
    bar = "#" * filled + " " * (BAR_WIDTH - filled)
    end = "\n" if done >= total else ""
    click.echo(f"\r{what} [{bar}] {100 * done // total:3d}%", err=True, nl=False)
    if end:
        click.echo("", err=True)


def run(importer: Callable[[Pseudonymiser], ImportReport]) -> None:
    """Run an importer with the key from the environment; print its report; exit 1 if refused."""
    try:
        report = importer(Pseudonymiser.from_environment())
    except LoadError as error:
        click.echo(error.report(), err=True)
        sys.exit(1)
    click.echo(report.text())


def register(main: click.Group, engine: Callable) -> None:
    """Add the import commands to the `c2l` group; `engine()` opens the configured warehouse."""

    @main.command("import-ssda903")
    @click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
    @click.option("--year", default=None, help="Collection year, e.g. 2024/25 (default: inferred).")
    @click.option(
        "--postcodes",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="CSV of postcode_district,district_code (default: the Lincolnshire lookup shipped).",
    )
    def import_ssda903_command(directory: Path, year: str | None, postcodes: Path | None) -> None:
        """Import an SSDA903 return (CSV tables in DIRECTORY)."""
        from data_access.importers.postcodes import POSTCODE_DISTRICTS
        from data_access.importers.ssda903 import import_ssda903

        lookup = postcodes or POSTCODE_DISTRICTS
        run(lambda key: import_ssda903(engine(), directory, key, year, progress_bar, lookup))

    @main.command("import-cin-census")
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    def import_cin_census_command(file: Path) -> None:
        """Import a CIN census XML file."""
        from data_access.importers.cin_census import import_cin_census

        run(lambda key: import_cin_census(engine(), file, key, progress_bar))

    @main.command("import-school-census")
    @click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
    def import_school_census_command(directory: Path) -> None:
        """Import the pupil-level school census extract tables in DIRECTORY."""
        from data_access.importers.school_census import import_school_census

        run(lambda key: import_school_census(engine(), directory, key, progress_bar))
