"""A small hand-made training programme whose every figure is worked out by hand in the tests.

Areas: north (West Lindsey), west (Lincoln). Settings: S1 Lincoln, S2 West Lindsey, S3 out of
county. Care homes: H1 foster, West Lindsey, approved 2015; H2 foster, Lincoln, no approval date;
H3 foster, Lincoln, approved 1 October 2020 (so only from 2020/21); R1 children's home, Lincoln.

Sessions (academic year; month; slot; delivery; district; capacity):
    T1 2019/20 2019-10 daytime face_to_face  Lincoln (west)        10
    T2 2019/20 2019-10 evening face_to_face  West Lindsey (north)   5
    T3 2019/20 2020-05 evening virtual       none (county-wide)    20
    T4 2019/20 2020-08 weekend virtual       West Lindsey (north)  no capacity  (31 August)
    T5 2020/21 2020-09 daytime face_to_face  Lincoln (west)         8           (1 September)
    T6 2020/21 2021-01 daytime virtual       none (county-wide)    30

People (role; setting or home; area):
    P1 foster_carer H1 north       P5 school_staff S3 out_of_county
    P2 foster_carer H2 west        P6 social_worker none → county_wide
    P3 foster_carer H3 west        P7 residential_carer R1 west
    P4 designated_teacher S1 west  P8 designated_teacher S2 north

Attendance (person attended?, feedback) — x marks a booked place not taken up:
    T1: P1 5, P4 4, P6 -, P2 x          → 3 attended, 2 responses, scores 9
    T2: P1 3, P8 4                      → 2 attended, 2 responses, scores 7
    T3: P1 5, P3 2, P5 -, P6 x (fb 1)   → 3 attended, 2 responses, scores 7 (P6's 1 ignored)
    T4: P1 4, P7 -                      → 2 attended, 1 response,  scores 4
    T5: P1 -, P2 5, P4 3, P3 x          → 3 attended, 2 responses, scores 8
    T6: P1 -, P8 4, P6 5                → 3 attended, 2 responses, scores 9
Sessions attended per person: P1 6, P2 1, P3 1, P4 2, P5 1, P6 2, P7 1, P8 2 (16 in all).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, insert

from data_access.schema import Base

D = date.fromisoformat
LINCOLN, WEST_LINDSEY = "E07000138", "E07000142"

ROWS: dict[str, list[dict]] = {
    "area": [
        {"area_code": "north", "area_name": "North"},
        {"area_code": "west", "area_name": "West"},
    ],
    "district": [
        {"district_code": WEST_LINDSEY, "district_name": "West Lindsey", "area_code": "north"},
        {"district_code": LINCOLN, "district_name": "Lincoln", "area_code": "west"},
    ],
    "setting": [
        {
            "setting_urn": urn,
            "setting_name": name,
            "phase": phase,
            "district_code": district,
            "local_authority": la,
        }
        for urn, name, phase, district, la in [
            ("S1", "One Primary", "primary", LINCOLN, "Lincolnshire"),
            ("S2", "Two Academy", "secondary", WEST_LINDSEY, "Lincolnshire"),
            ("S3", "Three High", "secondary", None, "Nottinghamshire"),
        ]
    ],
    "care_home": [
        {"care_home_id": hid, "kind": kind, "district_code": district, "approved_on": approved}
        for hid, kind, district, approved in [
            ("H1", "foster_household", WEST_LINDSEY, D("2015-01-01")),
            ("H2", "foster_household", LINCOLN, None),
            ("H3", "foster_household", LINCOLN, D("2020-10-01")),
            ("R1", "childrens_home", LINCOLN, None),
        ]
    ],
    "training_session": [
        {
            "session_id": sid,
            "held_on": D(day),
            "time_slot": slot,
            "title": f"Session {sid}",
            "theme": "Learning at home",
            "delivery": delivery,
            "district_code": district,
            "capacity": capacity,
        }
        for sid, day, slot, delivery, district, capacity in [
            ("T1", "2019-10-15", "daytime", "face_to_face", LINCOLN, 10),
            ("T2", "2019-10-22", "evening", "face_to_face", WEST_LINDSEY, 5),
            ("T3", "2020-05-06", "evening", "virtual", None, 20),
            ("T4", "2020-08-31", "weekend", "virtual", WEST_LINDSEY, None),
            ("T5", "2020-09-01", "daytime", "face_to_face", LINCOLN, 8),
            ("T6", "2021-01-20", "daytime", "virtual", None, 30),
        ]
    ],
}

PEOPLE = {
    "P1": ("foster_carer", None, "H1"),
    "P2": ("foster_carer", None, "H2"),
    "P3": ("foster_carer", None, "H3"),
    "P4": ("designated_teacher", "S1", None),
    "P5": ("school_staff", "S3", None),
    "P6": ("social_worker", None, None),
    "P7": ("residential_carer", None, "R1"),
    "P8": ("designated_teacher", "S2", None),
}

ATTENDANCE = [  # session, person, attended, feedback
    ("T1", "P1", 1, 5),
    ("T1", "P4", 1, 4),
    ("T1", "P6", 1, None),
    ("T1", "P2", 0, None),
    ("T2", "P1", 1, 3),
    ("T2", "P8", 1, 4),
    ("T3", "P1", 1, 5),
    ("T3", "P3", 1, 2),
    ("T3", "P5", 1, None),
    ("T3", "P6", 0, 1),
    ("T4", "P1", 1, 4),
    ("T4", "P7", 1, None),
    ("T5", "P1", 1, None),
    ("T5", "P2", 1, 5),
    ("T5", "P4", 1, 3),
    ("T5", "P3", 0, None),
    ("T6", "P1", 1, None),
    ("T6", "P8", 1, 4),
    ("T6", "P6", 1, 5),
]

ROWS["training_attendance"] = [
    {
        "session_id": session,
        "attendee_id": person,
        "role": PEOPLE[person][0],
        "setting_urn": PEOPLE[person][1],
        "care_home_id": PEOPLE[person][2],
        "attended": attended,
        "feedback_score": score,
    }
    for session, person, attended, score in ATTENDANCE
]


def build(engine: Engine) -> None:
    """Insert the programme into an initialised, empty warehouse."""
    with engine.begin() as connection:
        for name, rows in ROWS.items():
            connection.execute(insert(Base.metadata.tables[name]), rows)
