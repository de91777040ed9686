"""Hardening: security headers, cookie flags, idle timeout, sign-in rate limit, audit, no traces."""

from __future__ import annotations

import time

import pytest

from data_access import audit
from tests.conftest import PASSWORD, login


@pytest.fixture
def app(make_app, sqlite_engine):
    return make_app(str(sqlite_engine.url), idle_minutes=30)


def engine_of(app):
    return app.server.extensions["c2l"].engine


def test_every_response_carries_the_security_headers(app):
    client = app.server.test_client()
    for response in (client.get("/login"), client.get("/_dash-layout")):
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp
        assert "default-src 'self'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_the_session_cookie_is_httponly_samesite_and_secure_outside_debug(make_app, sqlite_engine):
    app = make_app(str(sqlite_engine.url), debug=False)
    client = app.server.test_client()
    cookie = login(client, "manager").headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" in cookie


def test_an_idle_session_is_signed_out(app):
    client = app.server.test_client()
    login(client, "manager")
    assert client.get("/_dash-layout").status_code == 200
    with client.session_transaction() as session:
        session["seen"] = time.time() - 31 * 60
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/").headers["Location"].startswith("/login")


def test_five_failures_lock_the_account_even_for_the_right_password(app):
    client = app.server.test_client()
    for _ in range(5):
        assert login(client, "panel", "wrong password here").status_code == 401
    refused = login(client, "panel", PASSWORD)
    assert refused.status_code == 429
    assert b"Too many failed sign-ins" in refused.data
    assert login(client, "manager", PASSWORD).status_code == 302


def test_twenty_failures_from_one_address_lock_it(app):
    client = app.server.test_client()
    for number in range(20):
        assert login(client, f"nobody{number}", "wrong password").status_code == 401
    assert login(client, "manager", PASSWORD).status_code == 429


def test_sign_ins_and_downloads_are_audited(app):
    client = app.server.test_client()
    login(client, "analyst", "not it at all")
    login(client, "analyst")
    client.get("/download/cohort_size.csv?cohort=CIN")
    events = audit.events(engine_of(app))
    actions = [(event["action"], event["username"]) for event in reversed(events)]
    assert actions == [
        ("login_failed", "analyst"),
        ("login", "analyst"),
        ("download", "analyst"),
    ]
    download = events[0]
    assert download["detail"] == "cohort_size"
    assert download["filters"] == "?cohort=CIN"
    assert download["rows"] == 0


def test_a_server_error_shows_no_stack_trace(make_app, sqlite_engine):
    app = make_app(str(sqlite_engine.url), debug=False)

    def broken():
        raise RuntimeError("secret internals")

    app.server.add_url_rule("/broken", "broken", broken)
    client = app.server.test_client()
    login(client, "manager")
    response = client.get("/broken")
    assert response.status_code == 500
    assert b"secret internals" not in response.data
    assert b"Traceback" not in response.data


def _csrf(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    return page.split('name="csrf" value="')[1].split('"')[0]


def test_an_analyst_may_switch_suppression_off_and_it_is_audited(app):
    client = app.server.test_client()
    login(client, "analyst")
    token = _csrf(client)
    url = "/download/cohort_size_by_area.csv?cohort=CIN"
    response = client.post(
        "/suppression",
        data={"csrf": token, "suppression": "off"},
        headers={"Referer": "http://localhost/outcomes?cohort=CIN"},
    )
    assert response.headers["Location"] == "/outcomes?cohort=CIN"
    assert client.get(url).status_code == 200
    actions = [event["action"] for event in audit.events(engine_of(app))]
    assert "suppression_off" in actions


def test_other_roles_may_not_switch_suppression_off(app):
    client = app.server.test_client()
    login(client, "manager")
    response = client.post("/suppression", data={"csrf": _csrf(client), "suppression": "off"})
    assert response.status_code == 403


def test_pupil_level_export_is_for_analysts_only(app):
    client = app.server.test_client()
    login(client, "manager")
    refused = client.get("/download/pupil_level.csv")
    assert refused.status_code == 403
    assert b"may not export pupil level" in refused.data
    analyst = app.server.test_client()
    login(analyst, "analyst")
    allowed = analyst.get("/download/pupil_level.csv")
    assert allowed.status_code == 200
    assert allowed.get_data(as_text=True).splitlines()[0].startswith("child_id,academic_year")
