"""The frame of every page: skip link, navigation, the URL, the main region and the symbols key."""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import dcc, html

NAVIGATION = (
    ("/", "Overview"),
    ("/outcomes", "Outcome trends"),
    ("/quadrants", "County quadrants"),
    ("/awards", "Award uptake"),
    ("/training", "Training"),
    ("/about", "About the data"),
)


@dataclass(frozen=True)
class SuppressionSwitch:
    """For analysts: whether suppression is off for them, and the form's CSRF token."""

    unsuppressed: bool
    csrf: str


def app_shell(username: str, role: str, switch: SuppressionSwitch | None = None) -> html.Div:
    return html.Div(
        [
            html.A("Skip to main content", href="#main", className="skip-link"),
            dcc.Location(id="url", refresh="callback-nav"),
            dcc.Store(id="page-title"),
            dcc.Store(id="page-path"),
            navbar(username, role, switch),
            unsuppressed_banner() if switch and switch.unsuppressed else None,
            html.Main(
                id="main",
                tabIndex="-1",
                className="container-xl py-3",
                children=html.Div(id="page"),
            ),
            footer(),
        ]
    )


def suppression_form(switch: SuppressionSwitch) -> html.Form:
    turn = "on" if switch.unsuppressed else "off"
    label = "Hide small numbers again" if switch.unsuppressed else "Show unsuppressed figures"
    return html.Form(
        [
            dcc.Input(type="hidden", name="csrf", value=switch.csrf),
            dcc.Input(type="hidden", name="suppression", value=turn),
            html.Button(
                label,
                type="submit",
                className="btn btn-outline-light btn-sm me-2",
                id="suppression-switch",
            ),
        ],
        method="post",
        action="/suppression",
        className="d-flex",
    )


def unsuppressed_banner() -> html.Div:
    return html.Div(
        "Small numbers are NOT hidden for you: figures can identify children. Do not share "
        "screens, prints or downloads from this view.",
        className="alert alert-warning rounded-0 mb-0 text-center fw-bold",
        role="alert",
    )


def navbar(username: str, role: str, switch: SuppressionSwitch | None = None) -> dbc.Navbar:
    links = [
        dbc.NavItem(dbc.NavLink(label, href=path, active="exact", className="text-white"))
        for path, label in NAVIGATION
    ]
    account = html.Form(
        [
            html.A("Administration", href="/admin", className="text-white me-3 small")
            if role == "admin"
            else None,
            html.Span(f"{username} ({role})", className="text-white me-3 small"),
            html.Button("Sign out", type="submit", className="btn btn-outline-light btn-sm"),
        ],
        method="post",
        action="/logout",
        className="d-flex align-items-center ms-auto",
    )
    return dbc.Navbar(
        dbc.Container(
            [
                html.A("Caring2Learn monitoring", href="/", className="navbar-brand fw-bold"),
                dbc.Nav(links, className="me-auto", navbar=True),
                suppression_form(switch) if switch else None,
                account,
            ],
            fluid=True,
        ),
        color="#12436D",
        dark=True,
        className="mb-0",
        role="navigation",
    )


def footer() -> html.Footer:
    return html.Footer(
        html.P(
            [
                "Symbols: ",
                html.Strong("c"),
                " confidential (a small number, hidden to protect children), ",
                html.Strong("x"),
                " unavailable, ",
                html.Strong("z"),
                " not applicable, ",
                html.Strong("low"),
                " rounds to zero.",
            ],
            className="small mb-0",
        ),
        className="container-xl border-top py-3 mt-4 symbols-legend",
    )


def page_heading(title: str, lede: str) -> html.Div:
    return html.Div([html.H1(title, className="h2"), html.P(lede, className="lead")])


def problem(message: str) -> dbc.Alert:
    """A plain-words error shown where the page's content would be."""
    return dbc.Alert(message, color="danger", className="mt-3")
