"""The command line: users and the audit export, on a warehouse in a temporary folder."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dashboard.cli import main


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("C2L_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("C2L_PASSWORD", "a long enough password")
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return run


def test_users_add_list_set_areas_role_reset_and_disable(run):
    assert run("users", "add", "lee", "--role", "panel").exit_code == 0
    assert run("users", "set-areas", "lee", "north,east").exit_code == 0
    assert run("users", "set-role", "lee", "manager").exit_code == 0
    assert run("users", "reset-password", "lee").exit_code == 0
    assert run("users", "disable", "lee").exit_code == 0
    listed = run("users", "list").output
    assert listed.strip() == "lee\tmanager\tnorth,east\tdisabled"
    exported = run("audit").output.splitlines()
    changes = [line for line in exported if ",user_change," in line]
    assert len(changes) == 5
    assert any("lee: areas=('north', 'east')." in line for line in changes)
    assert any("lee: password." in line for line in changes)


def test_bad_user_requests_are_refused_clearly(run, monkeypatch):
    bad_role = run("users", "add", "x", "--role", "boss")
    assert bad_role.exit_code == 2
    assert "'boss' is not one of" in bad_role.output
    assert run("users", "set-role", "nobody", "panel").exit_code == 1
    monkeypatch.setenv("C2L_PASSWORD", "short")
    result = run("users", "add", "kim", "--role", "panel")
    assert result.exit_code == 1
    assert "at least 12 characters" in result.output


def test_the_audit_export_is_csv_with_a_header(run):
    result = run("audit")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        "event_id,occurred_at,username,address,action,detail,filters,rows"
    )
