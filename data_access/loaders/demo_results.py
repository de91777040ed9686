"""Demo attainment, wellbeing (SDQ and Boxall) and destinations.

Levels follow Lincolnshire's published figures (LA 925 in shared/reference/dfe-outcomes):
KS2 reading, writing and maths at the expected standard about 35% for children looked after
12 months; KS4 Attainment 8 about 20, Progress 8 about -1.1, grade 4+ English and maths about
20%; SDQ average about 16 (la_conviction_health_outcome_cla.csv); care leavers aged 19–21 about
half in education, employment or training (la_care_leavers_activity.csv).
"""

from __future__ import annotations

import numpy as np

from data_access.loaders.demo_attendance import Effects
from data_access.loaders.demo_common import (
    WINDOW_END,
    WINDOW_START,
    add_months,
    dates_within,
    pick,
    sigmoid,
)
from data_access.loaders.demo_people import CLA, Children, ChildYears
from data_access.loaders.demo_placement import PHASE, Placements

KS2_BASE = np.array([-0.55, -0.85, -0.15, -1.0, -1.15])  # logit, by cohort class
KS4_MEAN = np.array([21.5, 19.5, 31.0, 19.0, 17.0])
P8_MEAN = np.array([-1.05, -1.25, -0.55, -1.45, -1.65])
AREA_RESULT = np.array([-0.3, -1.2, 0.0, 1.0, -0.5])  # Attainment 8 points
AREA_SDQ = np.array([0.2, 0.6, 0.0, -0.5, 0.3])
NO_KS2 = (2019, 2020)  # no tests in summer 2020 or 2021
NO_PROGRESS8 = (2019, 2020, 2024)  # no KS2 baseline for 2024/25's year 11 either
GRADE_BONUS = {2019: 2.5, 2020: 3.0}  # centre- and teacher-assessed grades


def _program(effects: Effects, rows: np.ndarray) -> np.ndarray:
    return effects.caring_school[rows] | effects.learning_home[rows]


def attainment(rng, children: Children, rows: ChildYears, place: Placements, effects: Effects):
    """KS2 rows for year 6 and KS4 rows for year 11, at a setting."""
    at_school = place.setting >= 0
    ks2 = np.flatnonzero(at_school & (rows.year_group == 6) & ~np.isin(rows.year, NO_KS2))
    ks4 = np.flatnonzero(at_school & (rows.year_group == 11))
    k2, k4 = effects.cohort_class[ks2], effects.cohort_class[ks4]
    ability2, ability4 = children.traits[rows.child[ks2], 1], children.traits[rows.child[ks4], 1]
    logit = KS2_BASE[k2] + 1.3 * ability2 + 0.25 * _program(effects, ks2)
    logit += np.where(place.phase[ks2] == PHASE["special"], -2.5, 0.0)
    logit += AREA_RESULT[place.group[ks2]] / 4
    rwm = (rng.random(len(ks2)) < sigmoid(logit)).astype(np.int64)
    special = place.phase[ks4] == PHASE["special"]
    a8 = KS4_MEAN[k4] + 12 * ability4 + 1.5 * _program(effects, ks4) - 8 * special
    a8 += AREA_RESULT[place.group[ks4]] + 4 * rng.standard_normal(len(ks4))
    year = rows.year[ks4]
    a8 += np.select([year == y for y in GRADE_BONUS], list(GRADE_BONUS.values()), 0.0)
    a8 = np.round(np.clip(a8, 0, 87), 1)
    p8 = P8_MEAN[k4] + 0.06 * (a8 - KS4_MEAN[k4]) + 0.8 * rng.standard_normal(len(ks4))
    p8 = np.round(np.clip(p8 + 0.15 * _program(effects, ks4), -5, 3), 2)
    p8 = np.where(np.isin(year, NO_PROGRESS8), np.nan, p8)
    basics = (rng.random(len(ks4)) < sigmoid((a8 - 35.5) / 4.5)).astype(np.int64)
    return {"ks2": ks2, "rwm": rwm, "ks4": ks4, "a8": a8, "p8": p8, "basics": basics}


def _sdq_scores(rng, children, rows, place, effects, assessed: np.ndarray) -> np.ndarray:
    z = 0.8 * children.traits[rows.child[assessed], 3] + 0.6 * rng.standard_normal(len(assessed))
    score = 16.3 + 6.5 * z - 1.2 * _program(effects, assessed) + AREA_SDQ[place.group[assessed]]
    return np.clip(np.round(score), 0, 40).astype(np.int64)


def _informants(rng, age: np.ndarray) -> np.ndarray:
    young = pick(rng, ("carer", "teacher"), (0.88, 0.12), len(age))
    older = pick(rng, ("carer", "teacher", "self"), (0.82, 0.10, 0.08), len(age))
    return np.where(age >= 11, older, young)


def sdq(rng, children, rows: ChildYears, place, effects, weekdays: np.ndarray) -> dict:
    """An SDQ for most looked-after children aged 4–16 each year; some have a second."""
    eligible = (rows.status == CLA) & (rows.age_at_march >= 4) & (rows.age_at_march <= 16)
    chance = np.where(rows.cla12, 0.9, 0.5)
    first = np.flatnonzero(eligible & (rng.random(len(eligible)) < chance))
    on, found = dates_within(rng, weekdays, rows.cover_start[first], rows.cover_end[first])
    first, on = first[found], on[found]
    score = _sdq_scores(rng, children, rows, place, effects, first)
    again = rng.random(len(first)) < 0.15
    later, found2 = dates_within(rng, weekdays, on[again] + 30, rows.cover_end[first[again]])
    second = first[again][found2]
    score2 = np.clip(score[again][found2] + np.round(rng.normal(-0.5, 2.5, len(second))), 0, 40)
    row = np.r_[first, second]
    return {
        "row": row,
        "on": np.r_[on, later[found2]],
        "score": np.r_[score, score2].astype(int),
        "instrument": np.full(len(row), "SDQ", dtype=object),
        "informant": _informants(rng, rows.age_at_march[row]),
    }


def boxall(rng, children, rows: ChildYears, place, effects, weekdays: np.ndarray) -> dict:
    """Boxall profiles for some primary-age looked-after children at award-holding settings."""
    eligible = (rows.status == CLA) & (rows.year_group >= 0) & (rows.year_group <= 6)
    eligible &= effects.caring_school & (rng.random(len(eligible)) < 0.5)
    first = np.flatnonzero(eligible)
    times = 1 + (rng.random(len(first)) < 0.5)
    row = np.repeat(first, times)
    on, found = dates_within(rng, weekdays, rows.cover_start[row], rows.cover_end[row])
    row, on = row[found], on[found]
    z = -children.traits[rows.child[row], 3] + 0.5 * rng.standard_normal(len(row))
    score = np.clip(np.round(60 + 12 * z), 0, 100).astype(np.int64)
    return {
        "row": row,
        "on": on,
        "score": score,
        "instrument": np.full(len(row), "BOXALL", dtype=object),
        "informant": np.full(len(row), "teacher", dtype=object),
    }


def _birthdays(children: Children, ages: tuple[int, ...], wanted: np.ndarray) -> tuple:
    """(child, age, date) for each wanted child's birthdays at the given ages in the window."""
    child = np.repeat(np.flatnonzero(wanted), len(ages))
    age = np.tile(np.array(ages), wanted.sum())
    on = add_months(children.birth_month[child], 12 * age)
    inside = (on >= WINDOW_START) & (on < WINDOW_END)
    return child[inside], age[inside], on[inside]


def _activities(rng, children, child, eet_logit: float, eet: tuple, other: tuple) -> np.ndarray:
    traits = children.traits[child]
    in_eet = rng.random(len(child)) < sigmoid(eet_logit + 0.5 * traits[:, 1] - 0.4 * traits[:, 2])
    working = pick(rng, ("education", "employment", "training"), eet, len(child))
    not_working = pick(rng, ("neet", "unknown"), other, len(child))
    return np.where(in_eet, working, not_working)


def destinations(rng, children: Children) -> dict:
    """At 16 and 17 while looked after; at 19, 20 and 21 for those looked after at 16 or later."""
    start, end = children.spells["cla"]
    child, age, on = _birthdays(children, (16, 17), children.looked_after)
    in_care = (on >= start[child]) & (on < end[child])
    child, age, on = child[in_care], age[in_care], on[in_care]
    sixteenth = add_months(children.birth_month, 192)
    leaver = children.looked_after & (end > np.maximum(sixteenth, WINDOW_START))
    leaver &= start < WINDOW_END
    old, old_age, old_on = _birthdays(children, (19, 20, 21), leaver)
    young = _activities(rng, children, child, 2.0, (0.82, 0.08, 0.10), (0.7, 0.3))
    adult = _activities(rng, children, old, 0.15, (0.45, 0.35, 0.20), (0.9, 0.1))
    return {
        "child": np.r_[child, old],
        "on": np.r_[on, old_on],
        "age": np.r_[age, old_age],
        "activity": np.r_[young, adult],
    }
