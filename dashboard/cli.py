"""`c2l`: set up the warehouse, load data, manage users and serve the dashboard."""

from __future__ import annotations

import getpass
import os
import secrets
import sys
import tempfile
from pathlib import Path

import click

from dashboard import cli_import
from dashboard.admin import USER_CHANGE
from dashboard.auth import hash_password
from dashboard.config import PROJECT_ROOT, Settings, SettingsError
from data_access import audit, users
from data_access.db import holds_children, init_db, make_engine
from data_access.loaders.contract import load_directory
from data_access.loaders.problems import LoadError

DEMO_ROLES = ("manager", "panel", "analyst", "admin")
AUDIT_COLUMNS = (
    "event_id",
    "occurred_at",
    "username",
    "address",
    "action",
    "detail",
    "filters",
    "rows",
)
DEMO_BENCHMARKS = PROJECT_ROOT / "data" / "dfe-outcomes"
"""DfE's files as published, cut to England, East Midlands, Lincolnshire and its neighbours."""


def _engine(demo: bool = False):
    try:
        settings = Settings.load(demo=demo or None)
    except SettingsError as error:
        raise click.ClickException(str(error)) from None
    Path(settings.instance_path).mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    init_db(engine)
    return engine


@click.group()
def main() -> None:
    """Caring2Learn monitoring dashboard."""


cli_import.register(main, lambda: _engine(demo=True))


@main.command("init-db")
def init_db_command() -> None:
    """Create the warehouse tables (safe to repeat)."""
    _engine(demo=True)
    click.echo("The warehouse is ready.")


@main.command("load")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def load_command(directory: Path) -> None:
    """Load the contract CSV files in DIRECTORY, all or nothing."""
    _load(_engine(demo=True), directory)


def _load(engine, directory: Path) -> None:
    _report(lambda: load_directory(engine, directory), "")


def _report(load, label: str) -> None:
    """Run a loader; on refusal print its report and exit 1, else the rows written per part."""
    try:
        written = load()
    except LoadError as error:
        click.echo(error.report(), err=True)
        sys.exit(1)
    for part, rows in written.items():
        click.echo(f"{label}{part}: {rows} rows")


@main.command("load-benchmarks")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--la", "la_code", default="925", show_default=True, help="The council's LA number.")
def load_benchmarks_command(directory: Path, la_code: str) -> None:
    """Load DfE's published benchmark files in DIRECTORY, as published, all or nothing."""
    _load_benchmarks(_engine(demo=True), directory, la_code)


def _load_benchmarks(engine, directory: Path, la_code: str = "925") -> None:
    from data_access.loaders.benchmarks import load_benchmarks

    _report(lambda: load_benchmarks(engine, directory, la_code), "benchmark ")


@main.command("demo-data")
@click.option("--seed", default=2018, show_default=True, help="Seed for the random generator.")
@click.option("--scale", default=1, show_default=True, help="Multiples of one council's volume.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep the CSV files in this folder (default: a temporary folder).",
)
def demo_data_command(seed: int, scale: int, out: Path | None) -> None:
    """Write the demo contract CSVs and load them with the same loader."""
    load_demo(_engine(demo=True), seed, scale, out)


def load_demo(engine, seed: int, scale: int, out: Path | None) -> None:
    from data_access.loaders.demo import write_demo_csvs

    with tempfile.TemporaryDirectory() as scratch:
        folder = out or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        write_demo_csvs(folder, seed=seed, scale=scale)
        _load(engine, folder)
    _load_benchmarks(engine, DEMO_BENCHMARKS)


@main.group("users")
def users_group() -> None:
    """Manage who may sign in."""


@users_group.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(users.USER_ROLES), required=True)
@click.option("--areas", default="", help="Comma-separated area codes; empty for the county.")
def users_add(username: str, role: str, areas: str) -> None:
    """Add a user; the password comes from C2L_PASSWORD or a prompt."""
    password = os.environ.get("C2L_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    try:
        record = users.add_user(
            _engine(demo=True),
            username,
            hash_password(password),
            role,
            tuple(area for area in areas.split(",") if area),
        )
    except (users.UserError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    _audit_change(f"Added {record.username} as {record.role}.")
    click.echo(f"Added {record.username} ({record.role}).")


@users_group.command("list")
def users_list() -> None:
    for record in users.list_users(_engine(demo=True)):
        scope = ",".join(record.areas) or "county"
        state = "active" if record.active else "disabled"
        click.echo(f"{record.username}\t{record.role}\t{scope}\t{state}")


@users_group.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(users.USER_ROLES))
def users_set_role(username: str, role: str) -> None:
    _change(username, role=role)


@users_group.command("disable")
@click.argument("username")
def users_disable(username: str) -> None:
    _change(username, active=False)


@users_group.command("set-areas")
@click.argument("username")
@click.argument("areas", default="")
def users_set_areas(username: str, areas: str) -> None:
    """Limit a user to comma-separated area codes; no codes for the whole county."""
    _change(username, areas=tuple(area for area in areas.split(",") if area))


@users_group.command("reset-password")
@click.argument("username")
def users_reset_password(username: str) -> None:
    """Set a new password from C2L_PASSWORD or a prompt."""
    password = os.environ.get("C2L_PASSWORD") or click.prompt(
        "New password", hide_input=True, confirmation_prompt=True
    )
    try:
        hashed = hash_password(password)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    _change(username, password_hash=hashed)


@main.command("audit")
@click.option("--out", type=click.File("w"), default="-", help="CSV file (default: stdout).")
def audit_command(out) -> None:
    """Export the audit trail (sign-ins, downloads, suppression switches) as CSV."""
    import csv

    events = audit.events(_engine(demo=True), limit=None)
    writer = csv.DictWriter(out, fieldnames=AUDIT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(events)


def _audit_change(detail: str) -> None:
    """User changes made at the command line go to the audit trail as `cli:<account>`."""
    audit.record(_engine(demo=True), USER_CHANGE, f"cli:{getpass.getuser()}", "localhost", detail)


def _change(username: str, **values: object) -> None:
    try:
        record = users.change_user(_engine(demo=True), username, **values)
    except users.UserError as error:
        raise click.ClickException(str(error)) from None
    changed = ", ".join(
        name if name == "password_hash" else f"{name}={value}" for name, value in values.items()
    ).replace("password_hash", "password")
    _audit_change(f"{record.username}: {changed}.")
    click.echo(
        f"{record.username}: role {record.role}, {'active' if record.active else 'disabled'}."
    )


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8050, show_default=True)
@click.option("--demo", is_flag=True, help="Load demo data if empty and print demo logins.")
def serve_command(host: str, port: int, demo: bool) -> None:
    """Run the dashboard (the Flask server; use gunicorn `app:server` in production)."""
    from dashboard.app_factory import create_app

    if demo:
        os.environ["C2L_DEMO"] = "1"
        engine = _engine(demo=True)
        if not holds_children(engine):
            click.echo("Loading demo data (a minute or so)…")
            load_demo(engine, 2018, 1, None)
        _print_demo_logins(engine)
    create_app().run(host=host, port=port, debug=False)


def _print_demo_logins(engine) -> None:
    click.echo("\nDemo logins (passwords are new each start):")
    for role in DEMO_ROLES:
        password = secrets.token_urlsafe(12)
        username = f"demo-{role}"
        if users.find_by_name(engine, username):
            users.change_user(engine, username, password_hash=hash_password(password), active=True)
        else:
            users.add_user(engine, username, hash_password(password), role)
        click.echo(f"  {role:8} username {username:13} password {password}")
    click.echo("")
