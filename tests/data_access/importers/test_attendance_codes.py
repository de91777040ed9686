"""The DfE attendance code table and the census session arithmetic, worked out by hand."""

from __future__ import annotations

import pandas as pd

from data_access.importers.attendance_codes import (
    ATTENDING,
    AUTHORISED,
    CODES,
    NOT_COUNTED,
    UNAUTHORISED,
    absence_totals,
)


def details(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["upn", "attendancereason", "sessions"])


def test_every_current_and_earlier_code_has_the_dfe_meaning() -> None:
    # The codes as "Working together to improve school attendance" (August 2024) groups them,
    # plus H, J and Y (withdrawn August 2024) and F (withdrawn 2013) for older extracts.
    expected = {
        ATTENDING: {"/", "\\", "L", "K", "V", "P", "W", "B", "J"},
        AUTHORISED: {"C", "C1", "C2", "M", "J1", "S", "T", "R", "I", "E", "H", "F"},
        UNAUTHORISED: {"G", "N", "O", "U"},
        NOT_COUNTED: {"X", "Q", "Y", "Z", "#", "D"} | {f"Y{n}" for n in range(1, 8)},
    }
    assert {effect: {c for c, e in CODES.items() if e == effect} for effect in expected} == expected
    assert len(CODES) == 9 + 12 + 4 + 13


def test_absence_is_summed_by_code_and_not_counted_codes_add_nothing() -> None:
    # One pupil, 120 possible sessions: present 55 + 55; C 4 + I 2 = 6 authorised;
    # G 1 + O 3 = 4 unauthorised; X 2 is not counted in possible sessions, so it is neither
    # attendance nor absence (and the 120 stays 120: the census already leaves it out).
    one = details(
        [
            ("A1", "/", 55),
            ("A1", "\\", 55),
            ("A1", "C", 4),
            ("A1", "I", 2),
            ("A1", "G", 1),
            ("A1", "O", 3),
            ("A1", "X", 2),
        ]
    )
    totals = absence_totals(one, ["upn"])
    assert totals.loc["A1"].to_dict() == {AUTHORISED: 6, UNAUTHORISED: 4}


def test_pupils_are_kept_apart_and_a_pupil_with_only_uncounted_codes_misses_nothing() -> None:
    # A2: D 80 (dual registered, at the other school) + Y4 2 + # 4: nothing missed.
    # A3: C2 10 + E 3 = 13 authorised; N 5 + U 1 = 6 unauthorised; K 20 and B 2 attend.
    rows = [
        ("A2", "D", 80),
        ("A2", "Y4", 2),
        ("A2", "#", 4),
        ("A3", "C2", 10),
        ("A3", "E", 3),
        ("A3", "N", 5),
        ("A3", "U", 1),
        ("A3", "K", 20),
        ("A3", "B", 2),
    ]
    totals = absence_totals(details(rows), ["upn"])
    assert totals.to_dict("index") == {
        "A2": {AUTHORISED: 0, UNAUTHORISED: 0},
        "A3": {AUTHORISED: 13, UNAUTHORISED: 6},
    }
