"""The admin page: only admins, CSRF on its form, every change audited."""

from __future__ import annotations

import pytest

from data_access import audit, users
from tests.conftest import login


@pytest.fixture
def app(make_app, sqlite_engine):
    return make_app(str(sqlite_engine.url))


def _token(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    return page.split('name="csrf" value="')[1].split('"')[0]


@pytest.mark.parametrize(
    ("role", "status"), [("panel", 403), ("manager", 403), ("analyst", 403), ("admin", 200)]
)
def test_only_admins_open_the_page(app, role, status):
    client = app.server.test_client()
    login(client, role)
    assert client.get("/admin").status_code == status
    refused = client.post(
        "/admin/users", data={"csrf": _token(client), "change": "disable", "username": "panel"}
    )
    assert refused.status_code == (302 if role == "admin" else 403)


def test_an_admin_adds_and_limits_a_user_and_it_is_audited(app):
    engine = app.server.extensions["c2l"].engine
    client = app.server.test_client()
    login(client, "admin")
    token = _token(client)
    client.post(
        "/admin/users",
        data={
            "csrf": token,
            "change": "add",
            "username": "quad",
            "role": "panel",
            "password": "a long password 123",
        },
    )
    client.post(
        "/admin/users",
        data={
            "csrf": token,
            "change": "set-role",
            "username": "quad",
            "role": "manager",
            "areas": "north",
        },
    )
    record = users.find_by_name(engine, "quad")
    assert (record.role, record.areas) == ("manager", ("north",))
    changes = audit.events(engine, action="user_change")
    assert [event["detail"] for event in changes] == [
        "quad is now manager (north).",
        "Added quad as panel.",
    ]
    page = client.get("/admin?action=user_change").get_data(as_text=True)
    assert "Added quad as panel." in page


def test_the_admin_form_needs_its_csrf_token(app):
    client = app.server.test_client()
    login(client, "admin")
    response = client.post("/admin/users", data={"change": "disable", "username": "panel"})
    assert response.status_code == 400
    assert users.find_by_name(app.server.extensions["c2l"].engine, "panel").active
