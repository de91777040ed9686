"""Routing: the address picks the page; the query string fills its filter bar."""

from __future__ import annotations

from dash import Dash, Input, Output, State, html
from dash.exceptions import PreventUpdate

from callbacks.common import filter_options
from dashboard.filters import FilterError, Filters
from data_access.gateway import AccessDenied, UnknownValue
from layouts.pages import PAGES
from layouts.shell import page_heading, problem

SITE = "Caring2Learn monitoring"


def route(pathname: str | None, search: str | None, shown: str | None) -> tuple:
    """The page for `pathname` with its filters from `search`, and the browser tab's title.

    The location component can report the same pathname again (seen with very tall pages);
    redrawing the page for it would reset the filter bar and fetch everything again, so a
    pathname already shown is left alone.
    """
    if pathname == shown:
        raise PreventUpdate
    page = PAGES.get(pathname or "/")
    if page is None:
        missing = page_heading("Page not found", "There is no page at this address.")
        return missing, f"Page not found – {SITE}", pathname
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
    return html.Div([notice, content]), f"{page.title} – {SITE}", pathname


def register(app: Dash) -> None:
    app.callback(
        Output("page", "children"),
        Output("page-title", "data"),
        Output("page-path", "data"),
        Input("url", "pathname"),
        State("url", "search"),
        State("page-path", "data"),
    )(route)
    app.clientside_callback(
        "function(title) { if (title) { document.title = title; }"
        " return window.dash_clientside.no_update; }",
        Output("page-title", "data", allow_duplicate=True),
        Input("page-title", "data"),
        prevent_initial_call=True,
    )
