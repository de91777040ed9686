"""Thin wiring: inputs → `Filters` → `gateway.fetch` → a figure builder → a layout component."""

from __future__ import annotations

from dash import Dash

from callbacks import about, filters, outcomes, overview, programme, quadrants, shell


def register(app: Dash) -> None:
    for module in (shell, filters, outcomes, overview, quadrants, programme, about):
        module.register(app)
