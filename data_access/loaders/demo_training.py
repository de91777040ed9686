"""Demo joint training programme and Education Champions.

Before COVID a few sessions a month, mostly face to face and in the daytime; from April 2020
mostly virtual and many more, in daytime, evening and weekend slots. A stable pool of people
(carers, designated teachers, school staff, social workers, ...) attend repeatedly. The window
1 April to 31 August 2020 is built to the report's figures: the number of sessions and of distinct
people attending are drawn in the report's ranges, and each drawn person attends at least once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data_access import codes
from data_access.loaders.demo_common import (
    EXTRACT_DATE,
    PROGRAMME_START,
    dates_within,
    days,
    make_ids,
    pick,
    uniform_dates,
    weekday,
)
from data_access.loaders.demo_places import DISTRICTS, Places
from data_access.loaders.demo_report import SEPTEMBER_2020_REPORT as REPORT

D = np.datetime64(REPORT.as_at, "D")
WINDOW = (np.datetime64(REPORT.training_from, "D"), np.datetime64(REPORT.training_to, "D") + 1)
ROLES = codes.ROLES_TRAINED
POOL_SIZES = {
    "foster_carer": 520,
    "residential_carer": 60,
    "school_staff": 480,
    "social_worker": 180,
    "virtual_school": 25,
    "education_champion": 30,
    "other": 90,
}
ROLE_WEIGHT_BEFORE = np.array([2.0, 1.2, 2.0, 1.0, 0.8, 1.0, 1.5, 0.5])  # in ROLES order
ROLE_WEIGHT_AFTER = np.array([3.0, 1.5, 1.3, 1.0, 0.8, 1.0, 2.5, 0.6])
SLOTS = codes.TIME_SLOTS
FEEDBACK = np.array([0.01, 0.02, 0.08, 0.32, 0.57])
THEMES = {
    "Attachment and trauma": ("Attachment aware practice", "Understanding trauma and the brain"),
    "Learning at home": ("Learning Homes: making home a place to learn", "Homework without tears"),
    "Literacy": ("Caring2Read: paired reading at home", "Phonics for carers"),
    "Relationships and behaviour": ("Restorative approaches", "Emotion coaching"),
    "The designated teacher": ("The designated teacher role", "Personal education plans that work"),
    "Wellbeing": ("Wellbeing and resilience", "Understanding the SDQ"),
    "Transitions": ("Moving to secondary school", "Preparing for adulthood"),
    "Caring Schools Award": ("Caring Schools toolkit workshop", "Building your evidence portfolio"),
}


def _people(rng: np.random.Generator, places: Places, scale: int) -> dict[str, np.ndarray]:
    """Everyone who might attend: role, affiliation and how keen they are."""
    schools = np.flatnonzero(
        np.isin(places.setting_la, ["Lincolnshire", "North Lincolnshire"])
        & (places.setting_phase != codes.PHASES.index("nursery"))
    )
    in_county = places.home_district >= 0
    fosters = np.flatnonzero(in_county & (places.home_kind == 0))
    homes = np.flatnonzero(in_county & (places.home_kind == 1))
    sizes = {**POOL_SIZES, "designated_teacher": len(schools) // scale}
    role = np.concatenate([np.full(sizes[name] * scale, i) for i, name in enumerate(ROLES)])
    n = len(role)
    setting = np.full(n, -1)
    home = np.full(n, -1)
    champion_school = (role == ROLES.index("education_champion")) & (rng.random(n) < 0.4)
    school_based = np.isin(role, [ROLES.index("school_staff")]) | champion_school
    setting[school_based] = rng.choice(schools, size=school_based.sum())
    setting[role == ROLES.index("designated_teacher")] = schools
    carer = (role == ROLES.index("foster_carer")) | (
        (role == ROLES.index("education_champion")) & ~champion_school
    )
    home[carer] = rng.choice(fosters, size=carer.sum())
    residential = role == ROLES.index("residential_carer")
    home[residential] = rng.choice(homes, size=residential.sum())
    ids = make_ids("P", rng.permutation(n) + 1, 6)
    return {
        "role": role,
        "setting": setting,
        "home": home,
        "id": ids,
        "keen": rng.lognormal(0.0, 0.9, n),
    }


def _month_sessions(rng, first: str, last: str, rate, scale: int) -> np.ndarray:
    """Session dates month by month at `rate(months)` sessions a month (fewer in August)."""
    months = np.arange(np.datetime64(first, "M"), np.datetime64(last, "M") + 1)
    expected = rate(months) * np.where(months.astype(np.int64) % 12 == 7, 0.15, 1.0) * scale
    month = np.repeat(months, rng.poisson(expected))
    start = month.astype("datetime64[D]")
    return uniform_dates(rng, start, (month + 1).astype("datetime64[D]"))


def _post_rate(months: np.ndarray) -> np.ndarray:
    years = (months - np.datetime64("2020-09", "M")).astype(np.int64) / 12
    return np.maximum(10.0 - 0.7 * years, 6.5)


def _session_dates(rng, scale: int) -> dict[str, np.ndarray]:
    before = _month_sessions(rng, "2018-01", "2020-03", lambda m: np.full(len(m), 3.5), scale)
    before = before[before >= PROGRAMME_START]
    n_window = int(rng.integers(REPORT.training_sessions[0], REPORT.training_sessions[1] + 1))
    window = uniform_dates(rng, WINDOW[0], WINDOW[1], n_window * scale)
    after = _month_sessions(rng, "2020-09", "2025-07", _post_rate, scale)
    after = after[after <= EXTRACT_DATE]
    period = np.r_[np.zeros(len(before), int), np.ones(len(window), int), np.full(len(after), 2)]
    return {"on": np.r_[before, window, after], "period": period}


def _slots(rng, period: np.ndarray) -> np.ndarray:
    weights = np.array([[0.8, 0.17, 0.03], [0.55, 0.3, 0.15], [0.55, 0.33, 0.12]])[period]
    slot = (rng.random(len(period))[:, None] > np.cumsum(weights, axis=1)).sum(axis=1)
    window = np.flatnonzero(period == 1)
    slot[window[:3]] = [0, 1, 2]  # the report names all three slots
    return slot


def _move_to_slot_days(rng, on: np.ndarray, slot: np.ndarray) -> np.ndarray:
    """Weekend sessions on a Saturday or Sunday of the same month, the others on weekdays,
    keeping each session inside its month (and so inside the report's window)."""
    every = np.arange(days("2018-01-01"), days("2025-09-01"))
    weekend = every[weekday(every) >= 5]
    weekdays = every[weekday(every) < 5]
    month = on.astype("datetime64[M]")
    low = np.maximum(month.astype("datetime64[D]"), PROGRAMME_START)
    high = (month + 1).astype("datetime64[D]")
    on_weekend, _ = dates_within(rng, weekend, low, high)
    on_weekday, _ = dates_within(rng, weekdays, low, high)
    return np.where(slot == 2, on_weekend, on_weekday)


def _deliveries(rng, on: np.ndarray, period: np.ndarray, scale: int) -> np.ndarray:
    """1 = face to face. Window: at most a tenth face to face, in July and August only."""
    year = (on - days("2020-09-01")).astype(np.int64) // 365
    virtual_share = np.where(period == 0, 0.05, np.clip(0.92 - 0.15 * year, 0.55, 0.92))
    face = rng.random(len(on)) >= virtual_share
    window = np.flatnonzero(period == 1)
    summer = window[on[window] >= days("2020-07-01")]
    wanted = min(int(rng.integers(0, len(window) // (10 * scale) + 1)) * scale, len(summer))
    face[window] = False
    face[rng.choice(summer, size=wanted, replace=False)] = True
    return face.astype(np.int64)


def _sessions(rng, scale: int) -> pd.DataFrame:
    dates = _session_dates(rng, scale)
    period = dates["period"]
    slot = _slots(rng, period)
    on = _move_to_slot_days(rng, dates["on"], slot)
    face = _deliveries(rng, on, period, scale)
    n = len(on)
    theme = rng.choice(len(THEMES), size=n)
    names = list(THEMES)
    title = [THEMES[names[t]][c] for t, c in zip(theme, rng.integers(0, 2, n), strict=True)]
    district = np.array([d[0] for d in DISTRICTS], dtype=object)[rng.integers(0, 7, n)]
    planned = np.where(
        face == 1, rng.choice([15, 20, 25, 30], n), rng.choice([20, 25, 30, 40, 50], n)
    )
    return pd.DataFrame(
        {
            "held_on": on,
            "time_slot": np.array(SLOTS, dtype=object)[slot],
            "title": np.array(title, dtype=object),
            "theme": np.array(names, dtype=object)[theme],
            "delivery": np.array(codes.DELIVERIES, dtype=object)[face],
            "district_code": np.where(face == 1, district, None),
            "planned": planned,
            "period": period,
        }
    )


def _booked(rng, sessions: pd.DataFrame, people: dict) -> tuple[np.ndarray, np.ndarray]:
    """Bookings outside the report window: sessions fill to a random share of their places
    with people drawn by keenness and role (more carers once sessions went online)."""
    outside = np.flatnonzero(sessions["period"].to_numpy() != 1)
    fill = rng.uniform(0.35, 0.95, len(outside))
    count = rng.binomial(sessions["planned"].to_numpy()[outside], fill)
    session = np.repeat(outside, count)
    after = sessions["period"].to_numpy()[session] == 2
    people_n = len(people["role"])
    chosen = np.empty(len(session), dtype=np.int64)
    for flag, weights in ((False, ROLE_WEIGHT_BEFORE), (True, ROLE_WEIGHT_AFTER)):
        w = people["keen"] * weights[people["role"]]
        chosen[after == flag] = rng.choice(people_n, size=(after == flag).sum(), p=w / w.sum())
    return session, chosen


def _window_bookings(rng, sessions: pd.DataFrame, people: dict, scale: int):
    """Exactly the drawn number of distinct people attend at least once in the window; each
    attends one to five different sessions; a few more bookings are no-shows."""
    window = np.flatnonzero(sessions["period"].to_numpy() == 1)
    n = len(window)
    low, high = REPORT.training_people
    target = int(rng.integers(low, high + 1)) * scale
    w = people["keen"] * ROLE_WEIGHT_AFTER[people["role"]]
    person = rng.choice(len(w), size=target, replace=False, p=w / w.sum())
    times = 1 + np.minimum(rng.poisson(0.45, target), 4)
    first, step = rng.integers(0, n, target), rng.integers(1, n // 5 + 1, target)
    nth = np.arange(len(np.repeat(person, times))) - np.repeat(np.cumsum(times) - times, times)
    slot = (np.repeat(first, times) + nth * np.repeat(step, times)) % n
    no_shows = round(0.12 * len(slot))
    absent_people = rng.choice(len(w), size=no_shows, p=w / w.sum())
    session = window[np.r_[slot, rng.integers(0, n, no_shows)]]
    attended = np.r_[np.ones(len(slot), int), np.zeros(no_shows, int)]
    return session, np.r_[np.repeat(person, times), absent_people], attended


def _attendance(rng, sessions: pd.DataFrame, people: dict, scale: int) -> pd.DataFrame:
    session, person = _booked(rng, sessions, people)
    virtual = sessions["delivery"].to_numpy()[session] == "virtual"
    attended = (rng.random(len(session)) < np.where(virtual, 0.9, 0.86)).astype(np.int64)
    w_session, w_person, w_attended = _window_bookings(rng, sessions, people, scale)
    table = pd.DataFrame(
        {
            "session": np.r_[w_session, session],
            "person": np.r_[w_person, person],
            "attended": np.r_[w_attended, attended],
        }
    )
    table = table.drop_duplicates(["session", "person"], keep="first")
    n = len(table)
    given = (table["attended"].to_numpy() == 1) & (rng.random(n) < 0.7)
    score = rng.choice(5, size=n, p=FEEDBACK) + 1
    table["feedback"] = np.where(given, score, -1)
    return table


def training(rng: np.random.Generator, places: Places, scale: int):
    """(training_session, training_attendance) frames in contract columns."""
    people = _people(rng, places, scale)
    sessions = _sessions(rng, scale)
    table = _attendance(rng, sessions, people, scale)
    booked = np.bincount(table["session"].to_numpy(), minlength=len(sessions))
    sessions["capacity"] = np.maximum(sessions["planned"].to_numpy(), booked)
    order = np.lexsort(
        (
            np.arange(len(sessions)),
            sessions["time_slot"].to_numpy().astype(str),
            sessions["held_on"].to_numpy(),
        )
    )
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    session_ids = make_ids("TS", rank + 1, 5)
    sessions.insert(0, "session_id", session_ids)
    sessions = sessions.iloc[order].drop(columns=["planned", "period"]).reset_index(drop=True)
    return sessions, _attendance_frame(table, session_ids, people, places)


def _attendance_frame(table, session_ids, people, places: Places) -> pd.DataFrame:
    person = table["person"].to_numpy()
    setting, home = people["setting"][person], people["home"][person]
    feedback = table["feedback"].to_numpy()
    frame = pd.DataFrame(
        {
            "session_id": session_ids[table["session"].to_numpy()],
            "attendee_id": people["id"][person],
            "role": np.array(ROLES, dtype=object)[people["role"][person]],
            "setting_urn": np.where(setting >= 0, places.setting_urn[np.maximum(setting, 0)], None),
            "care_home_id": np.where(home >= 0, places.home_id[np.maximum(home, 0)], None),
            "attended": table["attended"].to_numpy(),
            "feedback_score": pd.Series(np.where(feedback > 0, feedback, np.nan)).astype("Int64"),
        }
    )
    return frame.sort_values(["session_id", "attendee_id"]).reset_index(drop=True)


CHAMPION_GROUP_WEIGHTS = ((0.2, 0.5, 0.3), (0.55, 0.15, 0.3))  # by kind, in WORKING_GROUPS order


def _champion_spells(rng, active: int, ended: int, joined: int) -> tuple[np.ndarray, np.ndarray]:
    """Start and end dates: `active` serving at D (some stepping down later), `ended` who had
    stepped down before D and `joined` who started after it."""
    nat = np.datetime64("NaT", "D")
    start = uniform_dates(rng, days("2018-03-01"), D - 30, active)
    end = np.where(rng.random(active) < 0.6, nat, uniform_dates(rng, D + 1, EXTRACT_DATE, active))
    early = uniform_dates(rng, days("2018-03-01"), days("2019-09-01"), ended)
    early_end = np.minimum(early + rng.integers(120, 600, ended), D - 1)
    late = uniform_dates(rng, D + 1, EXTRACT_DATE - 60, joined)
    late_end = np.where(rng.random(joined) < 0.2, late + rng.integers(180, 700, joined), nat)
    late_end = np.where(late_end > EXTRACT_DATE, nat, late_end)
    return np.r_[start, early, late], np.r_[end, early_end, late_end]


def champions(rng: np.random.Generator, scale: int) -> pd.DataFrame:
    """Education Champions: exactly the report's numbers active at D, each kind in all three
    working groups, plus some who had stepped down before D and some who joined after it."""
    groups = codes.WORKING_GROUPS
    active = (REPORT.champions_foster_carer * scale, REPORT.champions_school_based * scale)
    parts = []
    for k, kind in enumerate(codes.CHAMPION_KINDS):
        ended, joined = int(rng.integers(1, 7)) * scale, int(rng.integers(3, 12)) * scale
        started_on, ended_on = _champion_spells(rng, active[k], ended, joined)
        group = pick(rng, groups, CHAMPION_GROUP_WEIGHTS[k], len(started_on))
        group[:3] = groups  # the first three are serving at D
        parts.append(
            pd.DataFrame(
                {
                    "kind": kind,
                    "working_group": group,
                    "started_on": started_on,
                    "ended_on": ended_on,
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True)
    districts = np.array([d[0] for d in DISTRICTS], dtype=object)
    frame["district_code"] = districts[rng.integers(0, len(DISTRICTS), len(frame))]
    frame = frame.sort_values(["started_on", "kind"], kind="stable").reset_index(drop=True)
    frame.insert(0, "champion_id", make_ids("EC", np.arange(1, len(frame) + 1), 4))
    columns = ["champion_id", "kind", "district_code", "working_group", "started_on", "ended_on"]
    return frame[columns]
