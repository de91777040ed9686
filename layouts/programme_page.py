"""A programme page (award uptake, training): heading, filter bar, a grid of chart cards."""

from __future__ import annotations

from dash import dcc, html

from dashboard.filters import Filters
from layouts.filter_bar import FilterOptions, filter_bar
from layouts.shell import page_heading

NOT_FOR_TRAINING = "Does not apply: training is for adults, not a cohort of children."


def page(title: str, lede: str, container: str, not_applicable: dict[str, str]):
    def layout(filters: Filters, options: FilterOptions) -> html.Div:
        return html.Div(
            [
                page_heading(title, lede),
                filter_bar(filters, options, not_applicable),
                dcc.Loading(html.Div(id=container), delay_show=300),
            ]
        )

    return layout


TRAINING_TITLE = "Training attendance"
training = page(
    TRAINING_TITLE,
    "The joint training programme for carers, school staff and children's services: sessions, "
    "who came, when and how, and how far it reaches foster households. Areas and years apply; "
    "virtual and county-wide sessions count in every area.",
    "training-cards",
    {"cohort": NOT_FOR_TRAINING, "phase": NOT_FOR_TRAINING},
)

AWARDS_TITLE = "Award uptake"
awards = page(
    AWARDS_TITLE,
    "The Caring Schools Award (education settings) and the Learning Homes Award (foster "
    "households and children's homes): how many start, finish and at what level, where, how "
    "long it takes, and how many children it reaches. The cohort filter applies to the share of "
    "children reached; phase applies to settings.",
    "award-cards",
    {},
)
