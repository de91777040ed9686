"""`Filters`: defaults, every kind of refusal, the URL round trip and the captions (DESIGN §5)."""

from __future__ import annotations

import re

import pytest

from dashboard.filters import FilterError, Filters

SQL_IN_AREA = "north' OR 1=1 --"


def test_defaults_are_the_national_outcome_cohort_and_everything_else_open():
    filters = Filters()

    assert filters.cohort == "CLA12"
    assert filters.phase is None
    assert filters.setting is None
    assert filters.year_from is None
    assert filters.year_to is None
    assert filters.areas == ()


@pytest.mark.parametrize("query", [None, "", "?", "?cohort=", "?cohort=CLA12"])
def test_empty_or_default_query_gives_the_defaults(query):
    assert Filters.from_query(query) == Filters()


def test_from_inputs_treats_empty_values_as_all():
    filters = Filters.from_inputs(cohort="", phase="", setting="", year_from="", year_to="")

    assert filters == Filters()


def test_filters_are_frozen():
    filters = Filters()

    with pytest.raises(AttributeError):
        filters.cohort = "CLA"  # type: ignore[misc]


def test_a_valid_query_is_read_field_by_field():
    filters = Filters.from_query(
        "?cohort=CLA&phase=secondary&setting=120345&from=2018/19&to=2021/22&area=north&area=east"
    )

    assert filters == Filters(
        cohort="CLA",
        phase="secondary",
        setting="120345",
        year_from="2018/19",
        year_to="2021/22",
        areas=("east", "north"),
    )


def test_an_academic_year_across_the_century_is_allowed():
    filters = Filters(year_from="1999/00", year_to="2000/01")

    assert (filters.year_from, filters.year_to) == ("1999/00", "2000/01")


def test_one_year_only_is_allowed():
    filters = Filters(year_from="2020/21", year_to="2020/21")

    assert filters.year_from == filters.year_to == "2020/21"


# Refusals: each names the bad value (or key) so a person can put it right.


@pytest.mark.parametrize(
    ("build", "named"),
    [
        pytest.param(lambda: Filters(cohort="LAC"), "'LAC'", id="unknown cohort"),
        pytest.param(lambda: Filters.from_query("?cohort=cla12"), "'cla12'", id="cohort case"),
        pytest.param(lambda: Filters(phase="college"), "'college'", id="unknown phase"),
        pytest.param(lambda: Filters.from_query("?phase=Primary"), "'Primary'", id="phase case"),
        pytest.param(lambda: Filters(year_from="2019/21"), "'2019/21'", id="years not adjacent"),
        pytest.param(lambda: Filters(year_to="2019-20"), "'2019-20'", id="hyphen not slash"),
        pytest.param(lambda: Filters(year_from="2019"), "'2019'", id="calendar year"),
        pytest.param(lambda: Filters(year_from="19/20"), "'19/20'", id="two-digit start"),
        pytest.param(lambda: Filters.from_query("?from=2019/2020"), "'2019/2020'", id="long"),
        pytest.param(lambda: Filters(setting="12 34"), "'12 34'", id="setting with space"),
        pytest.param(lambda: Filters(areas=(SQL_IN_AREA,)), SQL_IN_AREA, id="sql in area"),
        pytest.param(lambda: Filters(setting="1;DROP TABLE"), "1;DROP TABLE", id="sql setting"),
        pytest.param(lambda: Filters(areas=("x" * 21,)), "x" * 21, id="area code too long"),
    ],
)
def test_a_bad_value_is_refused_with_a_message_naming_it(build, named):
    with pytest.raises(FilterError) as refused:
        build()

    assert named in str(refused.value)


def test_an_unknown_cohort_message_lists_the_choices():
    with pytest.raises(FilterError, match="Unknown cohort 'LAC'") as refused:
        Filters(cohort="LAC")

    for cohort in ("CLA", "CLA12", "PLAC", "CIN", "CPP"):
        assert cohort in str(refused.value)


def test_an_unknown_phase_message_lists_the_choices():
    with pytest.raises(FilterError, match="'college'") as refused:
        Filters.from_inputs(phase="college")

    assert "secondary" in str(refused.value)
    assert "alternative_provision" in str(refused.value)


def test_first_year_after_last_year_is_refused_naming_both():
    with pytest.raises(FilterError) as refused:
        Filters.from_query("?from=2021/22&to=2019/20")

    message = str(refused.value)
    assert "2021/22" in message
    assert "2019/20" in message


def test_an_unknown_query_key_is_refused_naming_it():
    with pytest.raises(FilterError, match="'year'"):
        Filters.from_query("?cohort=CLA&year=2019/20")


@pytest.mark.parametrize("key", ["cohort", "phase", "setting", "from", "to"])
def test_a_single_valued_key_given_twice_is_refused_naming_it(key):
    value = {"cohort": "CLA", "phase": "primary", "setting": "1", "from": "2019/20"}.get(
        key, "2020/21"
    )

    with pytest.raises(FilterError, match=f"'{key}'.*more than once"):
        Filters.from_query(f"?{key}={value}&{key}={value}")


def test_sql_in_an_area_is_refused_through_the_url_too():
    with pytest.raises(FilterError) as refused:
        Filters.from_query("?area=north%27%20OR%201%3D1%20--")

    assert SQL_IN_AREA in str(refused.value)


def test_sql_in_an_area_is_refused_from_the_filter_bar():
    with pytest.raises(FilterError) as refused:
        Filters.from_inputs(areas=["north", SQL_IN_AREA])

    assert SQL_IN_AREA in str(refused.value)


@pytest.mark.parametrize(
    ("inputs", "type_name"),
    [
        pytest.param({"cohort": ["CLA"]}, "list", id="cohort list"),
        pytest.param({"cohort": {"value": "CLA"}}, "dict", id="cohort dict"),
        pytest.param({"phase": ["primary"]}, "list", id="phase list"),
        pytest.param({"setting": 120345}, "int", id="setting number"),
        pytest.param({"year_from": {"value": "2019/20"}}, "dict", id="year dict"),
        pytest.param({"year_to": 2020}, "int", id="year number"),
        pytest.param({"areas": [["north"]]}, "list", id="area list in list"),
        pytest.param({"areas": [{"value": "north"}]}, "dict", id="area dict in list"),
    ],
)
def test_non_text_inputs_are_refused_naming_their_type(inputs, type_name):
    with pytest.raises(FilterError, match=f"must be text, not {type_name}"):
        Filters.from_inputs(**inputs)


def test_areas_given_as_one_string_are_not_split_into_letters():
    """A forged Dash request can send a string where the bar sends a list of area codes.

    It must be refused or read as one area; it must not become the areas 'h', 'n', 'o', 'r', 't'.
    """
    try:
        filters = Filters.from_inputs(areas="north")
    except FilterError:
        return
    assert filters.areas == ("north",)


def test_an_academic_year_must_be_written_in_ascii_digits():
    """'٢٠١٩/٢٠' (Arabic-Indic digits) is not 'an academic year like 2019/20'."""
    with pytest.raises(FilterError):
        Filters(year_from="٢٠١٩/٢٠")


# The URL round trip and the canonical query string.

ROUND_TRIP = [
    Filters(),
    Filters(cohort="CLA"),
    Filters(cohort="CLA12", phase="primary"),
    Filters(cohort="PLAC", setting="120345"),
    Filters(year_from="2018/19"),
    Filters(year_to="2022/23"),
    Filters(cohort="CIN", year_from="1999/00", year_to="2000/01"),
    Filters(areas=("north",)),
    Filters(areas=("west", "out_of_county", "E07000138")),
    Filters(
        cohort="CPP",
        phase="alternative_provision",
        setting="A-1_b",
        year_from="2019/20",
        year_to="2021/22",
        areas=("south", "east"),
    ),
]


@pytest.mark.parametrize("filters", ROUND_TRIP, ids=lambda filters: filters.to_query() or "default")
def test_the_query_string_round_trips(filters):
    assert Filters.from_query(filters.to_query()) == filters


@pytest.mark.parametrize("filters", ROUND_TRIP, ids=lambda filters: filters.to_query() or "default")
def test_to_query_is_a_fixed_point(filters):
    query = filters.to_query()

    assert Filters.from_query(query).to_query() == query


def test_the_defaults_give_an_empty_query():
    assert Filters().to_query() == ""
    assert Filters(cohort="CLA12", areas=()).to_query() == ""


def test_to_query_sorts_areas_and_drops_duplicates():
    filters = Filters.from_query("?area=west&area=east&area=west&area=")

    assert filters.areas == ("east", "west")
    assert filters.to_query() == "?area=east&area=west"


def test_to_query_has_a_fixed_key_order_and_keeps_the_year_slash():
    filters = Filters.from_query("?area=north&to=2021/22&from=2019/20&phase=special&cohort=CLA")

    assert filters.to_query() == "?cohort=CLA&phase=special&from=2019/20&to=2021/22&area=north"


def test_equal_filters_give_equal_links_whatever_the_order_given():
    one = Filters(areas=("north", "east", "north"))
    other = Filters.from_inputs(areas=["east", "north"])

    assert one == other
    assert one.to_query() == other.to_query() == "?area=east&area=north"


def test_with_areas_replaces_the_areas_and_keeps_the_rest():
    filters = Filters(cohort="CLA", phase="primary", year_from="2019/20")

    scoped = filters.with_areas(["west", "north"])

    assert scoped == Filters(
        cohort="CLA", phase="primary", year_from="2019/20", areas=("north", "west")
    )
    assert filters.areas == ()


def test_with_areas_validates_the_new_areas():
    with pytest.raises(FilterError, match=re.escape(SQL_IN_AREA)):
        Filters().with_areas([SQL_IN_AREA])


# Captions and file names.


def test_describe_mentions_out_of_county_when_no_area_is_chosen():
    text = Filters().describe()

    assert text.startswith("Children looked after for 12 months at 31 March")
    assert "out of county" in text


def test_describe_names_the_chosen_areas_and_the_out_of_county_group():
    text = Filters(areas=("out_of_county", "north")).describe({"north": "North"})

    assert "areas: North, Out of county" in text
    assert "whole county" not in text


def test_describe_falls_back_to_the_area_code_when_no_name_is_known():
    assert "areas: E07000138" in Filters(areas=("E07000138",)).describe()


def test_describe_notes_phase_and_years():
    text = Filters(cohort="CLA", phase="alternative_provision", year_from="2019/20").describe()

    assert text == (
        "Children looked after (at any time in the year); alternative provision settings; "
        "2019/20 to latest year; whole county, including children placed out of county"
    )


def test_describe_prefers_the_setting_to_the_phase():
    text = Filters(phase="primary", setting="120345").describe()

    assert "setting 120345" in text
    assert "primary" not in text


def test_slug_of_the_defaults_is_the_cohort():
    assert Filters().slug() == "CLA12"


@pytest.mark.parametrize("filters", ROUND_TRIP, ids=lambda filters: filters.to_query() or "default")
def test_slug_is_fit_for_a_file_name(filters):
    slug = filters.slug()

    assert "/" not in slug
    assert re.fullmatch(r"[A-Za-z0-9_-]+", slug)


def test_slug_keeps_every_filter_in_order():
    filters = Filters(
        cohort="CLA",
        phase="primary",
        year_from="2019/20",
        year_to="2021/22",
        areas=("west", "east"),
    )

    assert filters.slug() == "CLA_primary_2019-20_2021-22_east_west"
