"""Every route needs a login; the login form checks passwords and its CSRF token."""

from __future__ import annotations

import json

import pytest

from tests.conftest import login

ROUTES = [
    ("GET", "/"),
    ("GET", "/outcomes"),
    ("GET", "/_dash-layout"),
    ("GET", "/_dash-dependencies"),
    ("GET", "/download/"),
    ("GET", "/download/persistent_absence.csv"),
    ("GET", "/assets/style.css"),
    ("GET", "/_dash-component-suites/dash/dcc/dash_core_components.v4_4_1m1.js"),
    ("POST", "/_dash-update-component"),
    ("POST", "/logout"),
]

FORGED_UPDATE = {
    "output": "outcome-cards.children",
    "outputs": {"id": "outcome-cards", "property": "children"},
    "inputs": [
        {"id": "filter-cohort", "property": "value", "value": "CLA12"},
        {"id": "filter-phase", "property": "value", "value": "all"},
        {"id": "filter-from", "property": "value", "value": None},
        {"id": "filter-to", "property": "value", "value": None},
        {"id": "filter-areas", "property": "value", "value": []},
    ],
    "state": [
        {"id": "url", "property": "search", "value": ""},
        {"id": "filter-from", "property": "options", "value": []},
    ],
    "changedPropIds": ["filter-cohort.value"],
}


@pytest.fixture
def app(make_app, sqlite_engine, tmp_path):
    return make_app(str(sqlite_engine.url))


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_route_refuses_a_request_without_a_login(app, method, path):
    client = app.server.test_client()
    body = json.dumps(FORGED_UPDATE) if path == "/_dash-update-component" else None
    response = client.open(path, method=method, data=body, content_type="application/json")
    if method == "GET" and not path.startswith(("/_dash", "/download")):
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login?next=")
    else:
        assert response.status_code == 401
    assert b"persistent" not in response.data.lower()
    assert b"outcome-cards" not in response.data


def test_login_page_is_public_and_in_english(app):
    response = app.server.test_client().get("/login")
    assert response.status_code == 200
    assert b'<html lang="en">' in response.data


def test_a_wrong_password_is_refused(app):
    client = app.server.test_client()
    response = login(client, "manager", "not the password at all")
    assert response.status_code == 401
    assert b"do not match" in response.data
    assert client.get("/_dash-layout").status_code == 401


def test_a_login_without_the_csrf_token_is_refused(app):
    client = app.server.test_client()
    client.get("/login")
    response = client.post("/login", data={"username": "manager", "password": "x" * 20})
    assert response.status_code == 400


def test_after_login_the_pages_and_dash_endpoints_answer(app):
    client = app.server.test_client()
    response = login(client, "manager")
    assert response.status_code == 302
    assert client.get("/_dash-layout").status_code == 200
    assert client.get("/").status_code == 200


def test_login_only_redirects_within_the_site(app):
    client = app.server.test_client()
    page = client.get("/login?next=https://evil.example/").get_data(as_text=True)
    token = page.split('name="csrf" value="')[1].split('"')[0]
    response = client.post(
        "/login?next=https://evil.example/",
        data={"csrf": token, "username": "panel", "password": "correct horse battery staple"},
    )
    assert response.headers["Location"] == "/"


def test_a_disabled_user_is_signed_out(app):
    from data_access import users

    client = app.server.test_client()
    login(client, "analyst")
    users.change_user(app.server.extensions["c2l"].engine, "analyst", active=False)
    assert client.get("/_dash-layout").status_code == 401


def test_sign_out_ends_the_session(app):
    client = app.server.test_client()
    login(client, "panel")
    assert client.post("/logout").status_code == 302
    assert client.get("/_dash-layout").status_code == 401


@pytest.mark.parametrize("role", ["panel", "manager", "analyst", "admin"])
def test_each_role_gets_the_page_frame(app, role):
    client = app.server.test_client()
    login(client, role)
    response = client.get("/_dash-layout")
    assert response.status_code == 200
    assert (b"suppression-switch" in response.data) == (role == "analyst")


def test_a_login_post_from_a_session_that_never_saw_the_form_is_refused(app):
    client = app.server.test_client()
    response = client.post(
        "/login",
        data={"csrf": "", "username": "manager", "password": "correct horse battery staple"},
    )
    assert response.status_code == 400
    assert client.get("/_dash-layout").status_code == 401
