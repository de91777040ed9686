"""Shared fixtures: a fresh, empty warehouse for every test, on SQLite and (when set) PostgreSQL.

PostgreSQL tests run when `C2L_TEST_POSTGRES_URL` is set (CI sets it); each test gets a schema of
its own, dropped afterwards, so tests never see each other's rows.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from data_access.db import init_db, make_engine

POSTGRES_URL = os.environ.get("C2L_TEST_POSTGRES_URL", "")

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not POSTGRES_URL, reason="C2L_TEST_POSTGRES_URL is not set"),
        ],
    ),
]


@pytest.fixture(params=BACKENDS)
def warehouse_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """The URL of an initialised, empty warehouse on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'warehouse.db'}"
        _initialise(url)
        yield url
        return
    yield from _postgres_schema()


@pytest.fixture
def engine(warehouse_url: str) -> Iterator[Engine]:
    """An engine on the fresh warehouse."""
    warehouse = make_engine(warehouse_url)
    yield warehouse
    warehouse.dispose()


@pytest.fixture
def sqlite_engine(tmp_path) -> Iterator[Engine]:
    """An initialised, empty SQLite warehouse, for tests that need only one backend."""
    warehouse = make_engine(f"sqlite:///{tmp_path / 'warehouse.db'}")
    init_db(warehouse)
    yield warehouse
    warehouse.dispose()


def _initialise(url: str) -> None:
    warehouse = make_engine(url)
    init_db(warehouse)
    warehouse.dispose()


def _postgres_schema() -> Iterator[str]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        rendered = url.render_as_string(hide_password=False)
        _initialise(rendered)
        yield rendered
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


PASSWORD = "correct horse battery staple"


@functools.cache
def _password_hash() -> str:
    """One slow hash for the whole run: every test user shares the password."""
    from dashboard.auth import hash_password

    return hash_password(PASSWORD)


@pytest.fixture
def make_app(tmp_path):
    """Build the app on a warehouse URL, with one user per role (password PASSWORD)."""
    from dashboard.app_factory import create_app
    from dashboard.config import Settings
    from data_access import users

    def make(
        url: str,
        threshold: int = 5,
        areas: dict[str, tuple[str, ...]] | None = None,
        **overrides,
    ):
        settings = Settings(
            instance_path=tmp_path / "instance",
            database_url=url,
            secret_key="test-secret",
            suppression_threshold=threshold,
            **{"debug": True, **overrides},
        )
        app = create_app(settings)
        engine = app.server.extensions["c2l"].engine
        for role in ("panel", "manager", "analyst", "admin"):
            scope = (areas or {}).get(role, ())
            users.add_user(engine, role, _password_hash(), role, scope)
        return app

    return make


def login(client, username: str, password: str = PASSWORD):
    """Sign in through the real form (GET for the CSRF token, then POST)."""
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf" value="')[1].split('"')[0]
    return client.post("/login", data={"csrf": token, "username": username, "password": password})


def user_of(app, username: str):
    """The signed-in `User` the app would build for `username`."""
    from dashboard.auth import User
    from data_access import users

    return User.from_record(users.find_by_name(app.server.extensions["c2l"].engine, username))
