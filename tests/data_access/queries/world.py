"""A small hand-made warehouse whose every measure is worked out by hand in the tests.

Areas: north (West Lindsey), west (Lincoln). Settings: S1 primary in Lincoln, S2 secondary in West
Lindsey, S3 secondary out of county. CLA12 in 2019/20: c1 (S1, so west although home is north),
c2 (S2, north), c3 (S3 out of county, home Lincoln, so west), c4 (S3, no home district, so out of
county), c6 (no setting, home West Lindsey). c5 is CIN only. c7 and c8 were looked after in earlier
years and are care leavers in 2019/20.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, insert

from data_access.loaders.refresh import refresh_summaries
from data_access.schema import Base

D = date.fromisoformat

ROWS: dict[str, list[dict]] = {
    "area": [
        {"area_code": "north", "area_name": "North"},
        {"area_code": "west", "area_name": "West"},
    ],
    "district": [
        {"district_code": "E07000142", "district_name": "West Lindsey", "area_code": "north"},
        {"district_code": "E07000138", "district_name": "Lincoln", "area_code": "west"},
    ],
    "setting": [
        {
            "setting_urn": "S1",
            "setting_name": "One Primary",
            "phase": "primary",
            "district_code": "E07000138",
            "local_authority": "Lincolnshire",
        },
        {
            "setting_urn": "S2",
            "setting_name": "Two Academy",
            "phase": "secondary",
            "district_code": "E07000142",
            "local_authority": "Lincolnshire",
        },
        {
            "setting_urn": "S3",
            "setting_name": "Three High",
            "phase": "secondary",
            "district_code": None,
            "local_authority": "Nottinghamshire",
        },
    ],
    "child": [
        {"child_id": cid, "sex": "F", "birth_month": D(born), "sen": "none"}
        for cid, born in [
            ("c1", "2010-03-01"),
            ("c2", "2004-04-01"),
            ("c3", "2003-04-01"),
            ("c4", "2016-04-01"),
            ("c5", "2009-01-01"),
            ("c6", "2003-03-01"),
            ("c7", "2000-05-01"),
            ("c8", "1999-05-01"),
        ]
    ],
    "child_year": [
        {
            "child_id": cid,
            "academic_year": year,
            "cohort": cohort,
            "setting_urn": urn,
            "care_home_id": None,
            "district_code": home,
            "year_group": None,
        }
        for cid, year, cohort, urn, home in [
            ("c1", "2019/20", "CLA12", "S1", "E07000142"),
            ("c2", "2019/20", "CLA12", "S2", None),
            ("c3", "2019/20", "CLA12", "S3", "E07000138"),
            ("c4", "2019/20", "CLA12", "S3", None),
            ("c5", "2019/20", "CIN", "S1", None),
            ("c6", "2019/20", "CLA12", None, "E07000142"),
            ("c1", "2020/21", "CLA12", "S1", None),
            ("c7", "2017/18", "CLA", None, "E07000138"),
            ("c8", "2016/17", "CLA12", None, "E07000138"),
            ("c8", "2017/18", "CLA", None, "E07000142"),
        ]
    ],
    "attendance": [
        {
            "child_id": cid,
            "academic_year": year,
            "term": term,
            "setting_urn": urn,
            "sessions_possible": possible,
            "sessions_authorised": auth,
            "sessions_unauthorised": unauth,
        }
        for cid, year, term, urn, possible, auth, unauth in [
            ("c1", "2019/20", "autumn", "S1", 100, 5, 5),
            ("c1", "2019/20", "spring", "S1", 100, 0, 0),
            ("c2", "2019/20", "autumn", "S2", 100, 10, 2),
            ("c3", "2019/20", "autumn", "S3", 100, 40, 20),
            ("c4", "2019/20", "autumn", "S3", 100, 0, 0),
            ("c5", "2019/20", "autumn", "S1", 100, 50, 0),
            ("c1", "2020/21", "autumn", "S1", 150, 10, 5),
        ]
    ],
    "exclusion": [
        {
            "exclusion_id": eid,
            "child_id": cid,
            "setting_urn": urn,
            "start_date": D(day),
            "category": category,
            "sessions": 2,
        }
        for eid, cid, urn, day, category in [
            ("e1", "c2", "S2", "2019-10-01", "suspension"),
            ("e2", "c2", "S2", "2020-01-15", "suspension"),
            ("e3", "c3", "S3", "2020-03-01", "permanent"),
            ("e4", "c1", "S1", "2020-09-01", "suspension"),
            ("e5", "c1", "S1", "2019-08-31", "suspension"),
            ("e6", "c5", "S1", "2019-11-11", "suspension"),
        ]
    ],
    "attainment": [
        {
            "child_id": cid,
            "academic_year": "2019/20",
            "key_stage": ks,
            "rwm_expected": rwm,
            "attainment8": a8,
            "progress8": p8,
            "basics_4plus": basics,
        }
        for cid, ks, rwm, a8, p8, basics in [
            ("c1", "KS2", 1, None, None, None),
            ("c4", "KS2", 0, None, None, None),
            ("c5", "KS2", 1, None, None, None),
            ("c2", "KS4", None, 30.5, -1.0, 1),
            ("c3", "KS4", None, 12.0, -2.5, 0),
        ]
    ],
    "wellbeing": [
        {
            "assessment_id": aid,
            "child_id": cid,
            "assessed_on": D(day),
            "instrument": tool,
            "score": score,
            "informant": "carer",
        }
        for aid, cid, day, tool, score in [
            ("w1", "c1", "2019-10-01", "SDQ", 20),
            ("w2", "c1", "2020-05-01", "SDQ", 12),
            ("w3", "c2", "2019-12-01", "SDQ", 18),
            ("w4", "c3", "2020-02-01", "SDQ", 30),
            ("w5", "c4", "2020-02-01", "SDQ", 10),
            ("w6", "c6", "2020-02-01", "SDQ", 25),
            ("w7", "c2", "2020-01-01", "BOXALL", 50),
        ]
    ],
    "destination": [
        {"child_id": cid, "recorded_on": D(day), "age": age, "activity": activity}
        for cid, day, age, activity in [
            ("c3", "2019-11-01", 16, "education"),
            ("c3", "2020-06-01", 16, "neet"),
            ("c6", "2020-01-10", 17, "unknown"),
            ("c2", "2020-01-10", 16, "training"),
            ("c7", "2020-03-01", 19, "employment"),
            ("c8", "2020-03-01", 20, "neet"),
            ("c5", "2020-03-01", 19, "education"),
        ]
    ],
}


def build(engine: Engine) -> None:
    """Insert the world into an initialised, empty warehouse, and summarise it as a load would."""
    with engine.begin() as connection:
        for name, rows in ROWS.items():
            connection.execute(insert(Base.metadata.tables[name]), rows)
        refresh_summaries(connection)
