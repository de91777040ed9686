"""A manager signs in, opens Outcome trends, changes cohort and years and downloads a CSV."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from playwright.sync_api import expect

from dashboard.filters import Filters
from data_access import gateway
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, user_of
from tests.data_access.queries import world

pytestmark = pytest.mark.browser


@pytest.fixture
def site(make_app, sqlite_engine, serve):
    world.build(sqlite_engine)
    app = make_app(str(sqlite_engine.url), threshold=1)
    return app, serve(app)


def data_rows(page, card: str) -> list[list[str]]:
    rows = page.locator(f"#card-{card} .show-data tbody tr")
    return [[cell.strip() for cell in row.locator("td").all_text_contents()] for row in rows.all()]


def test_filters_change_the_numbers_and_the_csv_matches_the_data_layer(site, page, screenshots):
    app, base = site
    sign_in(page, base, "manager", PASSWORD)
    page.goto(f"{base}/outcomes")
    card = page.locator("#card-overall_absence")
    expect(card.locator("tbody tr")).to_have_count(2)
    assert page.title() == "Outcome trends – Caring2Learn monitoring"
    # 82 of 500 sessions in 2019/20; 15 of 150 in 2020/21.
    assert [row[0] for row in data_rows(page, "overall_absence")] == ["2019/20", "2020/21"]
    assert data_rows(page, "overall_absence")[0][-2:] == ["16.4%", "4"]
    page.screenshot(path=screenshots / "outcomes-county.png", full_page=True)

    page.select_option("#filter-cohort", "CIN")
    page.wait_for_url("**/outcomes?cohort=CIN")
    expect(card.locator("tbody tr")).to_have_count(1)
    assert data_rows(page, "overall_absence")[0][-2:] == ["50.0%", "1"]

    page.select_option("#filter-from", "2020/21")
    page.wait_for_url("**/outcomes?cohort=CIN&from=2020/21")
    expect(card.locator(".empty-result")).to_have_text("No data for these filters.")

    page.select_option("#filter-cohort", "CLA12")
    page.wait_for_url("**/outcomes?from=2020/21")
    expect(card.locator("tbody tr")).to_have_count(1)
    assert data_rows(page, "overall_absence")[0][0] == "2020/21"
    assert data_rows(page, "overall_absence")[0][-2:] == ["10.0%", "1"]

    with page.expect_download() as download:
        card.get_by_text("Download CSV").click()
    assert download.value.suggested_filename == "overall_absence_CLA12_2020-21.csv"
    downloaded = pd.read_csv(download.value.path(), dtype=str)
    expected = gateway.fetch(
        "overall_absence",
        Filters(year_from="2020/21"),
        user_of(app, "manager"),
        app.server.extensions["c2l"],
    )
    expected_csv = pd.read_csv(io.StringIO(expected.to_csv(index=False)), dtype=str)
    pd.testing.assert_frame_equal(downloaded, expected_csv)
    page.screenshot(path=screenshots / "outcomes-filtered.png", full_page=True)
    assert page.errors == []


def test_a_link_with_filters_opens_the_same_view(site, page):
    _, base = site
    sign_in(page, base, "manager", PASSWORD)
    page.goto(f"{base}/outcomes?cohort=CIN&area=west")
    expect(page.locator("#card-overall_absence tbody tr")).to_have_count(1)
    assert page.locator("#filter-cohort").input_value() == "CIN"
    assert page.locator("#filter-areas input[value=west]").is_checked()
    assert data_rows(page, "overall_absence")[0][-2:] == ["50.0%", "1"]
    assert page.errors == []


def test_a_link_with_an_unknown_cohort_says_so(site, page):
    _, base = site
    sign_in(page, base, "manager", PASSWORD)
    page.goto(f"{base}/outcomes?cohort=ALL")
    expect(page.locator(".alert").first).to_contain_text("Unknown cohort 'ALL'")
