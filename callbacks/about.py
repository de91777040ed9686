"""About the data: the suppression threshold in force and each table's last load."""

from __future__ import annotations

from dash import Dash, Input, Output
from flask import current_app

from callbacks.common import fetch
from dashboard.filters import Filters
from layouts.about import freshness_table, imports_table, suppression_note


def update_about(_ready: bool) -> tuple:
    threshold = current_app.extensions["c2l"].suppression_threshold
    frame = fetch("data_freshness", Filters())
    frame["loaded_at"] = frame["loaded_at"].astype(str).str.slice(0, 16)
    imports = fetch("import_runs", Filters())
    return suppression_note(threshold), freshness_table(frame), imports_table(imports)


def register(app: Dash) -> None:
    app.callback(
        Output("about-suppression", "children"),
        Output("about-freshness", "children"),
        Output("about-imports", "children"),
        Input("about-ready", "data"),
    )(update_about)
