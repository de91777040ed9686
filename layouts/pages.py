"""Which layout each address shows, and its title."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dash import html

from layouts import about, outcomes, overview, programme_page, quadrants


@dataclass(frozen=True)
class Page:
    title: str
    layout: Callable[..., html.Div]


PAGES: dict[str, Page] = {
    "/": Page(overview.TITLE, overview.layout),
    "/outcomes": Page(outcomes.TITLE, outcomes.layout),
    "/quadrants": Page(quadrants.TITLE, quadrants.layout),
    "/awards": Page(programme_page.AWARDS_TITLE, programme_page.awards),
    "/training": Page(programme_page.TRAINING_TITLE, programme_page.training),
    "/about": Page(about.TITLE, about.layout),
}
