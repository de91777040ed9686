"""A small hand-made award programme whose every award dataset is worked out by hand in the tests.

Areas: north (West Lindsey), west (Lincoln). Academic years run 1 September to 31 August.

Settings (Caring Schools holders): S1 primary, Lincoln (west); S2 secondary, West Lindsey (north);
S3 primary, West Lindsey (north); S4 secondary, North Lincolnshire, no district (out_of_county);
S5 primary, Lincoln (west), never applied.
Care homes (Learning Homes holders): F1 foster household, Lincoln (west); F2 foster household,
West Lindsey (north); F3 foster household, no district (out_of_county); F4 foster household,
Lincoln (west); H1 children's home, Lincoln (west); H2 children's home, West Lindsey (north).

Award rows (t toolkit accessed, p portfolio started, s submitted, a assessed; days = a - t):
    a1 S1 t 2018-10-01 p 2018-11-01 s 2019-03-01 a 2019-05-01 bronze awarded   2018/19  212 days
    a2 S1 t 2019-09-10 p 2019-10-01 s 2020-06-01 a 2020-09-01 gold awarded     2020/21  357 days
       (assessed on the first day of 2020/21; gold above a1's bronze: a reassessment)
    a3 S2 t 2018-09-01 p 2018-10-01 s 2019-01-15 a 2019-08-31 silver awarded   2018/19  364 days
       (toolkit on the first day, assessed on the last day of 2018/19)
    a4 S2 t 2019-11-01 p 2019-12-01 s 2020-03-01 a 2020-05-01 bronze awarded   2019/20  182 days
       (below a3's silver: not a reassessment; S2's *latest* level is bronze, its best silver)
    a5 S3 t 2019-10-01 p 2019-11-01 s 2020-02-01 a 2020-04-01 not awarded
    a6 S3 t 2020-01-01 withdrawn
    a7 S4 t 2019-12-01 in progress (toolkit only)
    b1 F1 t 2018-12-01 p 2019-01-01 s 2019-04-01 a 2019-06-01 bronze awarded   2018/19  182 days
    b2 F1 t 2019-07-01 p 2019-08-01 s 2019-12-01 a 2020-02-01 silver awarded   2019/20  215 days
    b7 F1 t 2020-02-15 p 2020-03-01 s 2020-05-01 a 2020-07-01 gold awarded     2019/20  137 days
       (F1 climbs twice in 2019/20: b2 over b1, b7 over b1 and b2)
    b3 F2 t 2019-09-02 p 2019-09-15 s 2020-01-01 a 2020-03-01 gold awarded     2019/20  181 days
    b5 F3 no toolkit or portfolio date, s 2020-10-01 a 2020-11-01 bronze awarded  2020/21
    b6 F4 t 2019-01-15 p 2019-02-01 s 2019-08-01 a 2019-09-01 gold awarded     2019/20  229 days
       (assessed on the first day of 2019/20)
    b4 H1 t 2020-01-10 p 2020-02-01 s 2020-07-01 in progress (being assessed)
    b8 H2 t 2018-09-20 p 2018-10-01 s 2019-02-01 a 2019-03-01 silver awarded   2018/19  162 days

Children (CLA12 unless said; setting, care home, home district → area):
    2018/19  k1 S1 F1 → west;  k2 S2 - → north
    2019/20  k1 S1 F1 → west;  k2 S2 F2 → north;  k3 S5 F4 → west;  k4 S4 F3 → out_of_county;
             k5 - H2 home West Lindsey → north;  k6 S1 - (CIN only)
    2020/21  k1 S1 F1 → west;  k2 S3 F2 → north;  k4 S4 F3 → out_of_county
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, insert

from data_access.schema import Base

NORTH, WEST = "E07000142", "E07000138"


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _award(award_id, scheme, holder, t, p, s, a, level, outcome) -> dict:
    schools = scheme == "caring_schools"
    return {
        "award_id": award_id,
        "scheme": scheme,
        "setting_urn": holder if schools else None,
        "care_home_id": None if schools else holder,
        "toolkit_accessed_on": _day(t),
        "portfolio_started_on": _day(p),
        "submitted_on": _day(s),
        "assessed_on": _day(a),
        "level": level,
        "outcome": outcome,
    }


# award_id scheme holder toolkit portfolio submitted assessed level outcome ("-" is empty)
AWARDS = """
a1 caring_schools S1 2018-10-01 2018-11-01 2019-03-01 2019-05-01 bronze awarded
a2 caring_schools S1 2019-09-10 2019-10-01 2020-06-01 2020-09-01 gold   awarded
a3 caring_schools S2 2018-09-01 2018-10-01 2019-01-15 2019-08-31 silver awarded
a4 caring_schools S2 2019-11-01 2019-12-01 2020-03-01 2020-05-01 bronze awarded
a5 caring_schools S3 2019-10-01 2019-11-01 2020-02-01 2020-04-01 -      not_awarded
a6 caring_schools S3 2020-01-01 -          -          -          -      withdrawn
a7 caring_schools S4 2019-12-01 -          -          -          -      in_progress
b1 learning_homes F1 2018-12-01 2019-01-01 2019-04-01 2019-06-01 bronze awarded
b2 learning_homes F1 2019-07-01 2019-08-01 2019-12-01 2020-02-01 silver awarded
b7 learning_homes F1 2020-02-15 2020-03-01 2020-05-01 2020-07-01 gold   awarded
b3 learning_homes F2 2019-09-02 2019-09-15 2020-01-01 2020-03-01 gold   awarded
b5 learning_homes F3 -          -          2020-10-01 2020-11-01 bronze awarded
b6 learning_homes F4 2019-01-15 2019-02-01 2019-08-01 2019-09-01 gold   awarded
b4 learning_homes H1 2020-01-10 2020-02-01 2020-07-01 -          -      in_progress
b8 learning_homes H2 2018-09-20 2018-10-01 2019-02-01 2019-03-01 silver awarded
""".strip().splitlines()

ROWS: dict[str, list[dict]] = {
    "area": [
        {"area_code": "north", "area_name": "North"},
        {"area_code": "west", "area_name": "West"},
    ],
    "district": [
        {"district_code": NORTH, "district_name": "West Lindsey", "area_code": "north"},
        {"district_code": WEST, "district_name": "Lincoln", "area_code": "west"},
    ],
    "setting": [
        {
            "setting_urn": urn,
            "setting_name": name,
            "phase": phase,
            "district_code": district,
            "local_authority": authority,
        }
        for urn, name, phase, district, authority in [
            ("S1", "One Primary", "primary", WEST, "Lincolnshire"),
            ("S2", "Two Academy", "secondary", NORTH, "Lincolnshire"),
            ("S3", "Three Primary", "primary", NORTH, "Lincolnshire"),
            ("S4", "Four High", "secondary", None, "North Lincolnshire"),
            ("S5", "Five Infants", "primary", WEST, "Lincolnshire"),
        ]
    ],
    "care_home": [
        {"care_home_id": home, "kind": kind, "district_code": district, "approved_on": None}
        for home, kind, district in [
            ("F1", "foster_household", WEST),
            ("F2", "foster_household", NORTH),
            ("F3", "foster_household", None),
            ("F4", "foster_household", WEST),
            ("H1", "childrens_home", WEST),
            ("H2", "childrens_home", NORTH),
        ]
    ],
    "child": [
        {"child_id": child, "sex": "F", "birth_month": date(2008, 5, 1), "sen": "none"}
        for child in ("k1", "k2", "k3", "k4", "k5", "k6")
    ],
    "child_year": [
        {
            "child_id": child,
            "academic_year": year,
            "cohort": cohort,
            "setting_urn": urn,
            "care_home_id": home,
            "district_code": district,
            "year_group": None,
        }
        for child, year, cohort, urn, home, district in [
            ("k1", "2018/19", "CLA12", "S1", "F1", None),
            ("k2", "2018/19", "CLA12", "S2", None, None),
            ("k1", "2019/20", "CLA12", "S1", "F1", None),
            ("k2", "2019/20", "CLA12", "S2", "F2", None),
            ("k3", "2019/20", "CLA12", "S5", "F4", None),
            ("k4", "2019/20", "CLA12", "S4", "F3", None),
            ("k5", "2019/20", "CLA12", None, "H2", NORTH),
            ("k6", "2019/20", "CIN", "S1", None, None),
            ("k1", "2020/21", "CLA12", "S1", "F1", None),
            ("k2", "2020/21", "CLA12", "S3", "F2", None),
            ("k4", "2020/21", "CLA12", "S4", "F3", None),
        ]
    ],
    "award": [_award(*[None if cell == "-" else cell for cell in line.split()]) for line in AWARDS],
}


def build(engine: Engine) -> None:
    """Insert the world into an initialised, empty warehouse."""
    with engine.begin() as connection:
        for name, rows in ROWS.items():
            connection.execute(insert(Base.metadata.tables[name]), rows)
