"""Routing: the address picks the page; the query string fills its filter bar."""

from __future__ import annotations

from dash import Dash, Input, Output, State, html

from callbacks.common import filter_options
from dashboard.filters import FilterError, Filters
from data_access.gateway import AccessDenied, UnknownValue
from layouts.pages import PAGES
from layouts.shell import page_heading, problem

SITE = "Caring2Learn monitoring"


def route(pathname: str | None, search: str | None) -> tuple[html.Div, str]:
    """The page for `pathname` with its filters from `search`, and the browser tab's title."""
    page = PAGES.get(pathname or "/")
    if page is None:
        missing = page_heading("Page not found", "There is no page at this address.")
        return missing, f"Page not found – {SITE}"
    notice = None
    try:
        filters = Filters.from_query(search)
    except FilterError as error:
        filters = Filters()
        notice = problem(f"This link's filters could not be used: {error} Choose filters below.")
    try:
        content = page.layout(filters, filter_options())
    except (AccessDenied, UnknownValue) as error:
        content = problem(str(error))
    return html.Div([notice, content]), f"{page.title} – {SITE}"


def register(app: Dash) -> None:
    app.callback(
        Output("page", "children"),
        Output("page-title", "data"),
        Input("url", "pathname"),
        State("url", "search"),
    )(route)
    app.clientside_callback(
        "function(title) { if (title) { document.title = title; }"
        " return window.dash_clientside.no_update; }",
        Output("page-title", "data", allow_duplicate=True),
        Input("page-title", "data"),
        prevent_initial_call=True,
    )
