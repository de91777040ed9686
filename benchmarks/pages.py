"""The pages under test: each page's data callback, the filter changes that drive it, and the
`/_dash-update-component` request a browser sends for each change.

The request is built from the app's own `callback_map`, so it names exactly the inputs and state
the registered callback declares; a changed signature fails loudly here rather than measuring a
callback that refuses its request.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import pairwise

from callbacks.filters import filters_from_bar
from dashboard.filters import Filters
from data_access.codes import COHORTS, OUT_OF_COUNTY
from layouts.filter_bar import ALL

UPDATE_URL = "/_dash-update-component"
CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass(frozen=True)
class Page:
    title: str
    key: str
    path: str
    containers: tuple[str, ...]
    """The ids the page's data callback fills (its outputs' `children`)."""
    controls: tuple[tuple[str, object], ...] = ()
    """The page's own inputs besides the filter bar, as (component id, value)."""


PAGES = (
    Page("Overview", "overview", "/", ("overview-content",)),
    Page(
        "Outcome trends",
        "outcomes",
        "/outcomes",
        ("outcome-cards",),
        (("outcome-neighbours", []),),
    ),
    Page(
        "County quadrants",
        "quadrants",
        "/quadrants",
        ("quadrant-map-card", "quadrant-table", "quadrant-multiples"),
        (("quadrant-measure", "persistent_absence"),),
    ),
    Page("Award uptake", "awards", "/awards", ("award-cards",)),
    Page("Training attendance", "training", "/training", ("training-cards",)),
)


@dataclass(frozen=True)
class FilterChange:
    """The filter bar after one change, as the browser holds it."""

    cohort: str
    year_from: str
    year_to: str
    areas: tuple[str, ...]
    changed: str
    """The control the user changed, e.g. `filter-cohort`."""
    years: tuple[str, ...]

    def bar_values(self) -> tuple:
        """The bar's values in the order `callbacks.filters.BAR_INPUTS` declares them."""
        options = [{"label": year, "value": year} for year in self.years]
        return (self.cohort, ALL, self.year_from, self.year_to, list(self.areas), "", options)

    def filters(self) -> Filters:
        """The `Filters` the app's callbacks make of this bar (first and last year mean 'all')."""
        return filters_from_bar(*self.bar_values())


def filter_changes(years: list[str], areas: list[str], count: int) -> list[FilterChange]:
    """`count` distinct filter settings, stepping through cohorts, then year ranges, then areas,
    so consecutive requests differ in one control as a user's clicks do."""
    if len(years) < 4 or len(areas) < 4:
        raise ValueError("The warehouse needs at least four years and four areas.")
    ranges = [
        (years[0], years[-1]),
        (years[2], years[-1]),
        (years[0], years[-3]),
        (years[3], years[-2]),
    ]
    area_sets = [(), (areas[0],), (areas[1], areas[2]), (areas[3], OUT_OF_COUNTY)]
    settings = []
    for index in range(count):
        cohort = COHORTS[index % len(COHORTS)]
        first, last = ranges[(index // len(COHORTS)) % len(ranges)]
        chosen = area_sets[(index // (len(COHORTS) * len(ranges))) % len(area_sets)]
        settings.append((cohort, first, last, chosen))
    changes = [FilterChange(*settings[0], "filter-cohort", tuple(years))]
    for before, after in pairwise(settings):
        changed = next(
            name
            for name, old, new in zip(
                ("filter-cohort", "filter-from", "filter-to", "filter-areas"),
                before,
                after,
                strict=True,
            )
            if old != new
        )
        changes.append(FilterChange(*after, changed, tuple(years)))
    return changes


def callback_entry(callback_map: dict, page: Page) -> tuple[str, dict]:
    """The page's data callback: its `callback_map` key and entry, found by its outputs."""
    wanted = {f"{container}.children" for container in page.containers}
    for key, entry in callback_map.items():
        outputs = entry["output"]
        if {str(output) for output in (outputs if isinstance(outputs, list) else [outputs])} == (
            wanted
        ):
            return key, entry
    raise LookupError(f"No callback fills {sorted(wanted)} for {page.title}.")


def update_body(callback_map: dict, page: Page, change: FilterChange) -> bytes:
    """The JSON body the Dash renderer posts when `change` is made on `page`."""
    key, entry = callback_entry(callback_map, page)
    bar = dict(
        zip(
            (
                "filter-cohort.value",
                "filter-phase.value",
                "filter-from.value",
                "filter-to.value",
                "filter-areas.value",
                "url.search",
                "filter-from.options",
            ),
            change.bar_values(),
            strict=True,
        )
    )
    values = {**bar, **{f"{name}.value": value for name, value in page.controls}}

    def filled(items: list[dict]) -> list[dict]:
        return [{**item, "value": values[f"{item['id']}.{item['property']}"]} for item in items]

    outputs = [{"id": container, "property": "children"} for container in page.containers]
    body = {
        "output": key,
        "outputs": outputs[0] if len(outputs) == 1 else outputs,
        "inputs": filled(entry["inputs"]),
        "state": filled(entry["state"]),
        "changedPropIds": [f"{change.changed}.value"],
    }
    return json.dumps(body).encode()


def login_form(login_page: str, username: str, password: str) -> dict[str, str]:
    """The sign-in form's fields, with the CSRF token the login page issued."""
    match = CSRF_FIELD.search(login_page)
    if not match:
        raise RuntimeError("The login page carries no CSRF token.")
    return {"csrf": match[1], "username": username, "password": password}


def refused(response_text: str) -> bool:
    """Whether a callback answered with the page's problem notice (an error in words)."""
    return '"color": "danger"' in response_text or '"color":"danger"' in response_text
