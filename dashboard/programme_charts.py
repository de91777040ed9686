"""Which programme charts a page shows: dataset, title, axes and how to draw it.

The callbacks loop over these specs (fetch → `bar_chart` → chart card), so a page is a list of
charts, not a copy of the same wiring for each.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LABELS = {
    "foster_carer": "Foster carers",
    "residential_carer": "Residential carers",
    "designated_teacher": "Designated teachers",
    "school_staff": "School staff",
    "social_worker": "Social workers",
    "virtual_school": "Virtual School",
    "education_champion": "Education Champions",
    "other": "Other",
    "daytime": "Daytime",
    "evening": "Evening",
    "weekend": "Weekend",
    "virtual": "Virtual",
    "face_to_face": "Face to face",
    "county_wide": "County-wide roles",
    "out_of_county": "Out of county",
    "caring_schools": "Caring Schools (settings)",
    "learning_homes": "Learning Homes (homes)",
    "bronze": "Bronze",
    "silver": "Silver",
    "gold": "Gold",
    "setting": "Settings",
    "toolkit_accessed": "Toolkit accessed",
    "portfolio_started": "Portfolio started",
    "submitted": "Submitted",
    "assessed": "Assessed",
    "awarded": "Awarded",
    "foster_household": "Foster households",
    "childrens_home": "Children's homes",
}


@dataclass(frozen=True)
class ChartSpec:
    dataset: str
    title: str
    x: str
    y: str
    x_title: str
    y_title: str
    group: str | None = None
    horizontal: bool = False
    stacked: bool = False
    only: tuple[tuple[str, str], ...] = ()
    """(column, value) pairs: the chart draws only these rows of the dataset."""
    table_only: bool = False
    about_children: bool = False

    def rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        for column, value in self.only:
            frame = frame[frame[column] == value]
        return frame


def with_month_label(frame: pd.DataFrame) -> pd.DataFrame:
    """year and month columns → a `month` label such as 'Apr 2020', in time order."""
    if frame.empty or "year" not in frame:
        return frame
    ordered = frame.sort_values(["year", "month"])
    labels = [
        f"{MONTHS[int(m) - 1]} {int(y)}"
        for y, m in zip(ordered["year"], ordered["month"], strict=True)
    ]
    return ordered.drop(columns=["year", "month"]).assign(month=labels)[
        ["month", *[column for column in ordered.columns if column not in ("year", "month")]]
    ]


TRAINING_CHARTS = (
    ChartSpec(
        "training_by_month",
        "Training sessions held each month",
        "month",
        "sessions",
        "Month",
        "Sessions",
    ),
    ChartSpec(
        "training_by_month",
        "Attendances each month",
        "month",
        "attendances",
        "Month",
        "Attendances",
    ),
    ChartSpec(
        "training_by_month",
        "Fill rate: attendances as a share of places",
        "month",
        "fill_rate",
        "Month",
        "Per cent of places",
    ),
    ChartSpec(
        "training_people_by_role",
        "People reached, by role",
        "role",
        "people",
        "Role",
        "People",
        horizontal=True,
    ),
    ChartSpec(
        "training_by_slot_delivery",
        "Sessions by time of day and delivery",
        "time_slot",
        "sessions",
        "Time slot",
        "Sessions",
        group="delivery",
    ),
    ChartSpec(
        "training_by_area", "People reached, by quadrant", "area_code", "people", "Area", "People"
    ),
    ChartSpec(
        "training_repeat",
        "How often people came back",
        "band",
        "people",
        "Sessions attended",
        "People",
    ),
    ChartSpec(
        "training_feedback",
        "Average feedback score (1 to 5)",
        "academic_year",
        "mean_score",
        "Academic year",
        "Average score",
    ),
    ChartSpec(
        "training_reach",
        "Foster households with a carer trained in the year",
        "academic_year",
        "value",
        "Academic year",
        "Per cent of foster households",
    ),
)


def _by_scheme(dataset: str, title: str, x: str, y: str, axes: tuple[str, str], **extra):
    return tuple(
        ChartSpec(
            dataset, f"{title}: {LABELS[scheme]}", x, y, *axes, only=(("scheme", scheme),), **extra
        )
        for scheme in ("caring_schools", "learning_homes")
    )


AWARD_CHARTS = (
    ChartSpec(
        "award_funnel",
        "From toolkit to award: holders reaching each stage",
        "stage",
        "holders",
        "Stage",
        "Settings or homes",
        group="holder_kind",
    ),
    *_by_scheme(
        "award_levels",
        "Awards to date by level",
        "academic_year",
        "cumulative",
        ("Academic year", "Awards to date"),
        group="level",
    ),
    *_by_scheme(
        "award_by_area_phase",
        "Award holders by quadrant and level",
        "area_code",
        "holders",
        ("Area", "Holders"),
        group="level",
        stacked=True,
    ),
    ChartSpec(
        "award_time_to_award",
        "Average days from toolkit to award",
        "academic_year",
        "mean_days",
        "Year awarded",
        "Days",
        group="scheme",
    ),
    ChartSpec(
        "award_reassessments",
        "Holders reassessed at a higher level",
        "academic_year",
        "holders",
        "Academic year",
        "Holders",
        group="scheme",
    ),
    ChartSpec(
        "award_coverage",
        "Children whose setting or home holds an award",
        "academic_year",
        "value",
        "Academic year",
        "Per cent of children in the cohort",
        group="scheme",
        about_children=True,
    ),
    ChartSpec(
        "award_holders",
        "Award holders, latest award first",
        "holder_name",
        "level",
        "",
        "",
        table_only=True,
    ),
)
