"""About the data: every measure's definition, the symbols, the data's freshness and sources."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.filters import Filters
from dashboard.measures import MEASURES
from data_access.suppression import SYMBOLS
from layouts.chart_card import data_table
from layouts.filter_bar import FilterOptions
from layouts.shell import page_heading

TITLE = "About the data"

COHORTS = {
    "CLA": "Looked after at any time in the academic year.",
    "CLA12": "Looked after continuously for 12 months or more at 31 March: DfE's outcome cohort, "
    "so the one compared with England.",
    "PLAC": "Previously looked after: adopted, or under a special guardianship or child "
    "arrangements order, after being looked after.",
    "CIN": "Children in need with a social worker during the year.",
    "CPP": "Children on a child protection plan during the year.",
}

SOURCES = (
    "District boundaries: Office for National Statistics, Local Authority Districts (December "
    "2020) boundaries, generalised. Contains OS data © Crown copyright and database right 2020. "
    "Open Government Licence v3.0.",
    "England, regional and statistical-neighbour figures: Department for Education, 'Outcomes "
    "for children in need, including children looked after by local authorities in England' and "
    "'Children looked after in England including adoptions'. Open Government Licence v3.0.",
    "Everything else: the council's warehouse, loaded from its own systems and national returns.",
)


def measures_table() -> html.Table:
    frame = pd.DataFrame(
        [
            {
                "Measure": measure.title,
                "Numerator": measure.numerator,
                "Denominator": measure.denominator,
                "Unit": measure.unit,
                "Better when": measure.better,
                "Source": measure.source,
            }
            for measure in MEASURES
        ]
    )
    return data_table(frame, "Outcome measures: definitions")


def layout(_filters: Filters, _options: FilterOptions) -> html.Div:
    return html.Div(
        [
            page_heading(TITLE, "What each figure means, where it comes from and how fresh it is."),
            dcc.Store(id="about-ready", data=True),
            html.H2("Measures", className="h4 mt-4"),
            html.Div(measures_table(), className="table-responsive"),
            html.P(
                "Outcome measures follow DfE definitions. Attendance and exclusions count pupils "
                "of compulsory school age on a setting's roll; the year of an exclusion, "
                "assessment or destination is the academic year (1 September to 31 August) its "
                "date falls in.",
                className="small",
            ),
            html.H2("Cohorts", className="h4 mt-4"),
            html.Dl(
                [part for code, text in COHORTS.items() for part in (html.Dt(code), html.Dd(text))]
            ),
            html.H2("Areas", className="h4 mt-4"),
            html.P(
                "A child's area in a year is the quadrant of their school's district when the "
                "school is in the county, otherwise of the district they live in, otherwise "
                "'Out of county'. Out-of-county children are in the county total too."
            ),
            html.H2("Symbols and small numbers", className="h4 mt-4"),
            html.Div(id="about-suppression"),
            html.Dl(
                [
                    part
                    for symbol, text in SYMBOLS.items()
                    for part in (html.Dt(symbol), html.Dd(text))
                ]
            ),
            html.H2("How fresh the data are", className="h4 mt-4"),
            dcc.Loading(html.Div(id="about-freshness")),
            html.H2("Imports of national returns", className="h4 mt-4"),
            html.P(
                "Each import of an SSDA903 return, CIN census or school census: rows read, rows "
                "loaded, rows set aside by a counting rule (for example short breaks, which DfE "
                "does not count as looked after), and children linked to another return by UPN. "
                "A refused import loads nothing; c2l prints why."
            ),
            dcc.Loading(html.Div(id="about-imports")),
            html.H2("Sources and attribution", className="h4 mt-4"),
            html.Ul([html.Li(source) for source in SOURCES]),
        ]
    )


IMPORT_COLUMNS = {
    "finished_at": "Finished (UTC)",
    "importer": "Return",
    "source": "From",
    "status": "Result",
    "rows_read": "Rows read",
    "rows_loaded": "Rows loaded",
    "rows_set_aside": "Rows set aside",
    "children": "Children",
    "children_linked": "Linked to another return",
}
RETURN_NAMES = {
    "ssda903": "SSDA903",
    "cin_census": "CIN census",
    "school_census": "School census",
}


def imports_table(frame: pd.DataFrame) -> html.Div:
    if frame.empty:
        return html.P("No national return has been imported; the data came from contract files.")
    shown = frame.assign(
        finished_at=frame.finished_at.astype(str).str.slice(0, 16),
        importer=frame.importer.map(RETURN_NAMES).fillna(frame.importer),
        source=frame.source.str.replace("\\", "/").str.rsplit("/", n=1).str[-1],
    ).rename(columns=IMPORT_COLUMNS)
    return html.Div(data_table(shown, "Latest imports, newest first"), className="table-responsive")


def suppression_note(threshold: int) -> html.P:
    return html.P(
        f"Counts of children from 1 to {threshold - 1}, and rates or averages built on them, are "
        "shown as c, as are figures that would let a hidden count be worked out. Zero is shown as "
        "0. Analysts may see unsuppressed figures for their own analysis."
    )


def freshness_table(frame: pd.DataFrame) -> html.Div:
    if frame.empty:
        return dbc.Alert("Nothing has been loaded into the warehouse yet.", color="warning")
    shown = frame.rename(
        columns={
            "table_name": "Table",
            "loaded_at": "Last loaded (UTC)",
            "source": "From",
            "rows_total": "Rows now",
        }
    )
    return html.Div(
        data_table(shown, "When each table was last loaded"), className="table-responsive"
    )
