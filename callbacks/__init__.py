"""Thin wiring: inputs → `Filters` → `gateway.fetch` → a figure builder → a layout component."""

from __future__ import annotations

from dash import Dash

from callbacks import filters, outcomes, overview, shell


def register(app: Dash) -> None:
    for module in (shell, filters, outcomes, overview):
        module.register(app)
