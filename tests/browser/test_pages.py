"""Every page as a manager meets it on the demo data: it draws, with no console errors; the
filters and the map change what it shows; the URL carries the view; CSVs match the data layer."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from playwright.sync_api import expect

from dashboard.filters import Filters
from data_access import gateway
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, user_of

pytestmark = pytest.mark.browser

PAGES = [
    ("/", "Overview", "#kpi-persistent_absence .kpi-value"),
    ("/outcomes", "Outcome trends", "#card-persistent_absence .js-plotly-plot"),
    ("/quadrants", "County quadrants", "#quadrant-map .js-plotly-plot"),
    ("/awards", "Award uptake", "#card-award_funnel-0 .js-plotly-plot"),
    ("/training", "Training attendance", "#card-training_by_month-0 .js-plotly-plot"),
    ("/about", "About the data", "#about-freshness table"),
]


@pytest.mark.parametrize(("path", "title", "content"), PAGES)
def test_each_page_draws_without_console_errors(demo_site, page, screenshots, path, title, content):
    _, base = demo_site
    sign_in(page, base, "manager", PASSWORD)
    page.goto(f"{base}{path}")
    expect(page.locator(content).first).to_be_visible(timeout=30000)
    page.wait_for_load_state("networkidle")
    assert page.title() == f"{title} – Caring2Learn monitoring"
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=screenshots / f"page{path.replace('/', '-') or '-'}.png", full_page=True)
    assert page.errors == []


def test_clicking_a_quadrant_on_the_map_filters_the_page(demo_site, page):
    _, base = demo_site
    sign_in(page, base, "manager", PASSWORD)
    page.goto(f"{base}/quadrants")
    label = page.locator("#quadrant-map text", has_text="East").first
    expect(label).to_be_visible(timeout=30000)
    box = label.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] + 12)
    page.wait_for_url("**/quadrants?area=east")
    expect(page.locator("#filter-areas input[value=east]")).to_be_checked()
    table = page.locator("#quadrant-table table")
    expect(table).to_contain_text("Every measure by quadrant")
    assert page.errors == []


def test_choosing_another_measure_redraws_the_map_and_keeps_the_table(demo_site, page):
    _, base = demo_site
    sign_in(page, base, "manager", PASSWORD)
    page.goto(f"{base}/quadrants")
    title = page.locator("#card-quadrant-map .card-title")
    expect(title).to_contain_text("persistent absence", ignore_case=True, timeout=30000)
    table = page.locator("#quadrant-table table")
    expect(table).to_contain_text("Every measure by quadrant")
    page.select_option("#quadrant-measure", "overall_absence")
    expect(title).to_contain_text("Overall absence rate", timeout=30000)
    expect(table).to_contain_text("Every measure by quadrant")
    assert page.errors == []


def test_the_url_round_trips_the_filters(demo_site, page):
    _, base = demo_site
    sign_in(page, base, "manager", PASSWORD)
    page.goto(f"{base}/training?from=2019/20&to=2020/21&area=north")
    expect(page.locator("#card-training_by_month-0 .js-plotly-plot")).to_be_visible(timeout=30000)
    assert page.locator("#filter-from").input_value() == "2019/20"
    assert page.locator("#filter-to").input_value() == "2020/21"
    assert page.locator("#filter-areas input[value=north]").is_checked()
    assert page.locator("#filter-cohort").is_disabled()
    page.select_option("#filter-to", "2021/22")
    page.wait_for_url("**/training?from=2019/20&to=2021/22&area=north")
    page.reload()
    expect(page.locator("#card-training_by_month-0 .js-plotly-plot")).to_be_visible(timeout=30000)
    assert page.locator("#filter-to").input_value() == "2021/22"


@pytest.mark.parametrize(
    ("path", "card", "dataset", "filters"),
    [
        (
            "/training?from=2020/21&to=2020/21",
            "#card-training_people_by_role-3",
            "training_people_by_role",
            Filters(year_from="2020/21", year_to="2020/21"),
        ),
        ("/awards?area=east", "#card-award_coverage-7", "award_coverage", Filters(areas=("east",))),
    ],
)
def test_a_downloaded_csv_matches_the_data_layer(demo_site, page, path, card, dataset, filters):
    app, base = demo_site
    sign_in(page, base, "manager", PASSWORD)
    page.goto(f"{base}{path}")
    link = page.locator(f"{card} .download-link")
    expect(link).to_be_visible(timeout=30000)
    with page.expect_download() as download:
        link.click()
    downloaded = pd.read_csv(download.value.path(), dtype=str, keep_default_na=False)
    expected = gateway.fetch(
        dataset, filters, user_of(app, "manager"), app.server.extensions["c2l"]
    )
    expected = pd.read_csv(
        io.StringIO(expected.to_csv(index=False, na_rep="x")), dtype=str, keep_default_na=False
    )
    assert len(downloaded) > 0
    pd.testing.assert_frame_equal(downloaded, expected)


def test_the_neighbours_average_is_drawn_on_request(demo_site, page):
    _, base = demo_site
    sign_in(page, base, "manager", PASSWORD)
    page.goto(f"{base}/outcomes")
    table = page.locator("#card-persistent_absence .show-data")
    expect(table).to_contain_text("England (published)", timeout=30000)
    assert "Statistical neighbours" not in table.text_content()
    page.get_by_label("Also show the statistical neighbours' average").check()
    expect(table).to_contain_text("Statistical neighbours' average (published)")
    link = page.locator("#card-persistent_absence .download-link")
    assert link.get_attribute("href").startswith("/download/persistent_absence_with_neighbours")
    assert page.errors == []


def test_an_analyst_switches_suppression_off_and_sees_the_warning(demo_site, page):
    _, base = demo_site
    sign_in(page, base, "analyst", PASSWORD)
    page.goto(f"{base}/quadrants")
    expect(page.locator("#quadrant-table table")).to_be_visible(timeout=30000)
    hidden_before = page.locator("#quadrant-table td", has_text="c").count()
    page.click("#suppression-switch")
    expect(page.get_by_text("Small numbers are NOT hidden for you")).to_be_visible(timeout=30000)
    expect(page.locator("#quadrant-table table")).to_be_visible(timeout=30000)
    cells = page.locator("#quadrant-table td").all_text_contents()
    assert "c" not in [cell.strip() for cell in cells]
    assert hidden_before > 0
    assert page.errors == []
