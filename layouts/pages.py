"""Which layout each address shows, and its title."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dash import html

from layouts import about, outcomes, overview


@dataclass(frozen=True)
class Page:
    title: str
    layout: Callable[..., html.Div]


PAGES: dict[str, Page] = {
    "/": Page(overview.TITLE, overview.layout),
    "/outcomes": Page(outcomes.TITLE, outcomes.layout),
    "/about": Page(about.TITLE, about.layout),
}
