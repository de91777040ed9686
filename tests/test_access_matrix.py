"""Every callback the app registers, generated from its own callback map, against every role;
and forged callback bodies. A new callback is covered without touching this file."""

from __future__ import annotations

import json

import pytest

from data_access.db import make_engine
from tests.conftest import login
from tests.data_access.queries import world

ROLES = ("panel", "manager", "analyst", "admin")
PLAUSIBLE = {
    "url.pathname": "/outcomes",
    "url.search": "",
    "filter-cohort.value": "CLA12",
    "filter-phase.value": "all",
    "filter-areas.value": [],
    "filter-from.options": [],
    "quadrant-measure.value": "persistent_absence",
    "outcome-neighbours.value": [],
    "about-ready.data": True,
}


def server_callbacks():
    from dashboard.app_factory import create_app
    from dashboard.config import Settings

    app = create_app(
        Settings(
            instance_path="/tmp/c2l-matrix", database_url="sqlite://", secret_key="k", debug=True
        )
    )
    return {
        key: spec
        for key, spec in app.callback_map.items()
        if not spec.get("clientside_function") and "@" not in key
    }


CALLBACKS = server_callbacks()


def _dependency(item: dict, values: dict) -> dict:
    name = f"{item['id']}.{item['property']}"
    return {"id": item["id"], "property": item["property"], "value": values.get(name)}


def body(key: str, values: dict | None = None) -> str:
    spec = CALLBACKS[key]
    chosen = {**PLAUSIBLE, **(values or {})}
    outputs = [
        {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
        for part in key.strip(".").split("...")
    ]
    inputs = [_dependency(item, chosen) for item in spec["inputs"]]
    return json.dumps(
        {
            "output": key,
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": inputs,
            "state": [_dependency(item, chosen) for item in spec.get("state", [])],
            "changedPropIds": [f"{item['id']}.{item['property']}" for item in inputs[:1]],
        }
    )


@pytest.fixture
def app(make_app, sqlite_engine):
    world.build(make_engine(str(sqlite_engine.url)))
    return make_app(str(sqlite_engine.url), threshold=1, areas={"panel": ("west",)})


def post(client, payload: str):
    return client.post("/_dash-update-component", data=payload, content_type="application/json")


@pytest.mark.parametrize("key", sorted(CALLBACKS))
def test_every_callback_refuses_a_request_without_a_login(app, key):
    response = post(app.server.test_client(), body(key))
    assert response.status_code == 401
    assert b"response" not in response.data


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", sorted(CALLBACKS))
def test_every_callback_answers_every_role_without_an_error(app, key, role):
    client = app.server.test_client()
    login(client, role)
    response = post(client, body(key))
    assert response.status_code in (200, 204)
    assert b"Traceback" not in response.data


FILTERED = "outcome-cards.children"


@pytest.mark.parametrize(
    ("values", "refusal"),
    [
        ({"filter-areas.value": ["north"]}, "may not see area 'north'"),
        ({"filter-cohort.value": "ALL"}, "Unknown cohort 'ALL'"),
        ({"filter-areas.value": ["north' OR 1=1 --"]}, "is not a valid code"),
        ({"filter-areas.value": "west"}, "must be a list of area codes"),
        ({"filter-from.value": "2019/2020"}, "not an academic year"),
    ],
)
def test_a_forged_callback_is_refused_and_leaks_nothing(app, values, refusal):
    client = app.server.test_client()
    login(client, "panel")
    response = post(client, body(FILTERED, values))
    text = response.get_data(as_text=True)
    assert refusal in text
    assert "card-overall_absence" not in text
    assert "16.4" not in text


def test_a_panel_member_limited_to_west_sees_only_west(app):
    client = app.server.test_client()
    login(client, "panel")
    text = post(client, body(FILTERED)).get_data(as_text=True)
    # West's overall absence in 2019/20 is 70 of 300 sessions (23.3%), never the county's 16.4%.
    assert "23.3%" in text
    assert "16.4%" not in text


def test_an_oversized_request_is_refused(app):
    client = app.server.test_client()
    login(client, "manager")
    response = post(client, json.dumps({"padding": "x" * 2_000_000}))
    assert response.status_code == 413
