"""The app's data cache, emptied before each "cold" request so that request does the real work.

The cache is found where the app keeps it rather than through one API, since it is being built
as this benchmark is: a `cache` attribute of the `Warehouse` the app holds, and any Flask-Caching
backend registered on the server. Neither present means the app has no cache: cold and warm are
then the same thing and the report says so.
"""

from __future__ import annotations

from dash import Dash


def caches(app: Dash) -> list:
    """Every cache the app holds that can be emptied, each once."""
    server = app.server
    found = [getattr(server.extensions["c2l"], "cache", None)]
    found += list(server.extensions.get("cache", {}).values())
    held = {id(cache): cache for cache in found if callable(getattr(cache, "clear", None))}
    return list(held.values())


def clear(app: Dash) -> None:
    for cache in caches(app):
        cache.clear()


def describe(app: Dash) -> str:
    """The cache state a "cold" column measured, in words for the report."""
    held = caches(app)
    if not held:
        return "no cache in the app"
    names = ", ".join(sorted({type(cache).__name__ for cache in held}))
    return f"cleared before each request ({names})"
