"""What every callback needs: the signed-in user's view of the warehouse, through the gateway."""

from __future__ import annotations

import pandas as pd
from flask import current_app
from flask_login import current_user

from dashboard.filters import Filters
from data_access import gateway
from layouts.filter_bar import FilterOptions


def fetch(dataset: str, filters: Filters) -> pd.DataFrame:
    """`gateway.fetch` for the current user and the app's warehouse."""
    return gateway.fetch(dataset, filters, current_user, current_app.extensions["c2l"])


def filter_options() -> FilterOptions:
    areas = fetch("area_list", Filters())
    years = fetch("year_list", Filters())
    return FilterOptions(
        areas=tuple(zip(areas["area_code"], areas["area_name"], strict=True)),
        years=tuple(years["academic_year"]),
    )
