"""CSV downloads: the plotted rows at a stable address, refused clearly when the ask is wrong."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from data_access.db import make_engine
from tests.conftest import login
from tests.data_access.queries import world


@pytest.fixture
def client(make_app, warehouse_url):
    world.build(make_engine(warehouse_url))
    app = make_app(warehouse_url, threshold=1, areas={"panel": ("west",)})
    client = app.server.test_client()
    login(client, "manager")
    return client


def test_the_csv_holds_the_plotted_rows_and_names_its_filters(client):
    response = client.get("/download/overall_absence.csv?area=west&from=2019/20")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert (
        'filename="overall_absence_CLA12_2019-20_west.csv"'
        in (response.headers["Content-Disposition"])
    )
    frame = pd.read_csv(io.StringIO(response.get_data(as_text=True)))
    assert list(frame.columns) == [
        "academic_year",
        "series",
        "numerator",
        "denominator",
        "value",
        "pupils",
    ]
    assert frame[["academic_year", "numerator", "denominator", "pupils"]].values.tolist() == [
        ["2019/20", 70, 300, 2],
        ["2020/21", 15, 150, 1],
    ]


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("?cohort=ALL", 400, "Unknown cohort 'ALL'"),
        ("?area=nowhere", 400, "Unknown area 'nowhere'"),
        ("?from=2019-20", 400, "not an academic year"),
        ("?colour=red", 400, "Unknown filter 'colour'"),
    ],
)
def test_a_bad_filter_is_refused_with_a_reason(client, query, status, words):
    response = client.get(f"/download/overall_absence.csv{query}")
    assert response.status_code == status
    assert words in response.get_data(as_text=True)


def test_an_unknown_dataset_is_404(client):
    response = client.get("/download/child.csv")
    assert response.status_code == 404
    assert "/download/" in response.get_data(as_text=True)


def test_an_area_outside_the_users_scope_is_403(make_app, warehouse_url):
    world.build(make_engine(warehouse_url))
    app = make_app(warehouse_url, areas={"panel": ("west",)})
    client = app.server.test_client()
    login(client, "panel")
    assert client.get("/download/overall_absence.csv?area=north").status_code == 403
    assert client.get("/download/overall_absence.csv?area=west").status_code == 200


def test_the_index_lists_every_dataset(client):
    page = client.get("/download/").get_data(as_text=True)
    assert "/download/persistent_absence.csv" in page
    assert "/download/care_leavers_eet_by_area.csv" in page
