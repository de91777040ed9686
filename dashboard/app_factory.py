"""`create_app`: the Flask server, the warehouse, login, downloads and the Dash app on top."""

from __future__ import annotations

from pathlib import Path

import dash
from flask import Flask
from flask_caching import Cache
from flask_login import current_user
from redis.backoff import NoBackoff
from redis.retry import Retry

import callbacks
from dashboard import admin, auth, downloads, security
from dashboard.config import PROJECT_ROOT, Settings
from data_access.access import VIEW_UNSUPPRESSED, may
from data_access.cache import CacheBackend
from data_access.db import init_db, make_engine
from data_access.warehouse import Warehouse
from layouts.shell import SuppressionSwitch, app_shell

MAX_REQUEST_BYTES = 1_000_000
"""No request the dashboard makes comes near this; a bigger one is refused with 413."""
CACHE_KEY_PREFIX = "c2l:"
REDIS_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
    "retry": Retry(NoBackoff(), retries=1),
}
"""A Redis that stops answering costs each fetch seconds, not a hang or redis-py's backoff;
fetches then go to the warehouse (see `data_access.cache.through`)."""

INDEX_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>{%metas%}<title>{%title%}</title>{%favicon%}{%css%}</head>
<body>{%app_entry%}<footer>{%config%}{%scripts%}{%renderer%}</footer></body>
</html>"""


def create_app(settings: Settings | None = None) -> dash.Dash:
    settings = settings or Settings.load()
    Path(settings.instance_path).mkdir(parents=True, exist_ok=True)
    server = Flask("dashboard", instance_path=str(settings.instance_path))
    server.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=not (settings.debug or settings.demo),
        REMEMBER_COOKIE_HTTPONLY=True,
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
    )
    warehouse = Warehouse(
        make_engine(settings.database_url),
        settings.suppression_threshold,
        _fetch_cache(server, settings.cache_url),
    )
    init_db(warehouse.engine)
    server.extensions["c2l"] = warehouse
    server.extensions["c2l.settings"] = settings
    auth.init_auth(server)
    security.harden(server)
    downloads.register(server)
    admin.register(server)
    app = dash.Dash(
        "dashboard",
        server=server,
        title="Caring2Learn monitoring",
        assets_folder=str(PROJECT_ROOT / "assets"),
        suppress_callback_exceptions=True,
        update_title=None,
        serve_locally=True,
    )
    app.index_string = INDEX_PAGE
    app.layout = _layout
    callbacks.register(app)
    return app


def _fetch_cache(server: Flask, cache_url: str) -> CacheBackend:
    """Redis at `cache_url`, shared by every worker and instance; else a cache in this process.

    Either is correct with several workers: each entry's key holds the warehouse's data version
    (see `data_access.cache`); Redis only saves each worker reading the same figures again.
    """
    config: dict[str, object] = {"CACHE_TYPE": "SimpleCache"}
    if cache_url:
        config = {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": cache_url,
            "CACHE_KEY_PREFIX": CACHE_KEY_PREFIX,
            "CACHE_OPTIONS": REDIS_OPTIONS,
        }
    cache = Cache(server, with_jinja2_ext=False, config=config)
    return server.extensions["cache"][cache]


def _layout():
    if not current_user.is_authenticated:
        return app_shell("", "")
    switch = None
    if may(current_user.role, VIEW_UNSUPPRESSED):
        switch = SuppressionSwitch(current_user.unsuppressed, auth.csrf_token())
    return app_shell(current_user.username, current_user.role, switch)
