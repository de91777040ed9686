"""Demo attendance and exclusions for school-age children (reception to year 11).

Absence is drawn per child and year from a heavy-tailed mix, calibrated to Lincolnshire's
published levels (DfE "Outcomes for children in need", absence_la.csv, LA 925): children looked
after 12 months miss about 8% of sessions with about 17% persistently absent and 4–5% severely;
children in need about 45% and on a protection plan about 50% persistently absent. A child's
absence persists across years (a latent trait), rises in secondary and alternative provision and
after COVID, and falls modestly where the setting holds a Caring Schools award.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data_access.loaders.demo_common import dates_within, month_start, sigmoid, year_start
from data_access.loaders.demo_people import CIN, CLA, PLAC, Children, ChildYears
from data_access.loaders.demo_placement import PHASE, Placements

# Cohort classes for the outcome models: CLA12, CLA (< 12 months), PLAC, CIN, CPP.
CLASS_MEDIAN = np.array([0.034, 0.048, 0.052, 0.092, 0.108])
CLASS_SIGMA = np.array([0.95, 0.95, 0.85, 0.80, 0.80])
CLASS_SEVERE = np.array([0.046, 0.060, 0.050, 0.088, 0.100])
CLASS_UNAUTHORISED = np.array([0.22, 0.30, 0.25, 0.40, 0.45])
PHASE_ABSENCE = np.array([1.0, 0.65, 1.4, 1.1, 1.05, 2.8, 1.2, 0.9])  # in codes.PHASES order
PHASE_SEVERE = np.array([1.0, 0.4, 1.4, 1.0, 1.2, 4.0, 1.0, 0.8])
AREA_ABSENCE = np.array([1.02, 1.2, 1.0, 0.85, 1.05])  # north, east, south, west, out of county
TERM_SESSIONS = np.array([140, 120, 130])
TERM_FACTOR = np.array([0.9, 1.05, 1.1])
COVID_SESSIONS = {(2019, 1): 108, (2019, 2): 26, (2020, 1): 64}
"""2019/20: closed from 23 March, partly reopened in June; 2020/21: closed January to March."""
CARING_SCHOOL_ABSENCE = 0.85
LEARNING_HOME_ABSENCE = 0.93

SUSPENSION_BASE = np.array([-9.0, -3.5, -1.8, -2.25, -2.45, -0.75, -9.0, -3.05])
CLASS_SUSPENSION = np.array([0.0, 0.2, -0.1, 0.25, 0.35])
AREA_SUSPENSION = np.array([0.05, 0.2, 0.0, -0.15, 0.05])
SUSPENSION_SESSIONS = np.array([0.3, 0.25, 0.12, 0.1, 0.06, 0.05, 0.04, 0.03, 0.03, 0.02])


@dataclass(frozen=True)
class Effects:
    """Per child-year row: cohort class and whether the setting or home holds an award."""

    cohort_class: np.ndarray
    caring_school: np.ndarray
    learning_home: np.ndarray


def cohort_classes(rows: ChildYears) -> np.ndarray:
    return np.select(
        [
            (rows.status == CLA) & rows.cla12,
            rows.status == CLA,
            rows.status == PLAC,
            (rows.status == CIN) & ~rows.cpp,
        ],
        [0, 1, 2, 3],
        4,
    )


def term_possible(rows: ChildYears, pupils: np.ndarray) -> np.ndarray:
    """(pupils × 3) possible sessions: the term's sessions times the share of the term the child
    was known to us; fewer in the COVID closures."""
    year = rows.year[pupils]
    bounds = [
        year_start(year),
        month_start(year + 1, 1),
        month_start(year + 1, 4) + 14,
        year_start(year + 1),
    ]
    start, end = rows.cover_start[pupils], rows.cover_end[pupils]
    possible = np.zeros((len(pupils), 3), dtype=np.int64)
    for term in range(3):
        low, high = bounds[term], bounds[term + 1]
        inside = np.clip((np.minimum(end, high) - np.maximum(start, low)).astype(np.int64), 0, None)
        base = np.full(len(pupils), TERM_SESSIONS[term], dtype=float)
        for (covid_year, covid_term), sessions in COVID_SESSIONS.items():
            if covid_term == term:
                base[year == covid_year] = sessions
        share = inside / (high - low).astype(np.int64)
        possible[:, term] = np.round(base * share).astype(np.int64)
    return possible


def _year_factor(year: np.ndarray) -> np.ndarray:
    return np.select([year <= 2018, year == 2019, year == 2020], [0.8, 0.9, 1.05], 1.15)


def absence_rates(
    rng,
    children: Children,
    rows: ChildYears,
    place: Placements,
    effects: Effects,
    pupils: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Each pupil's absence rate for the year and whether it is a severe absentee."""
    c, k, phase = rows.child[pupils], effects.cohort_class[pupils], place.phase[pupils]
    z = 0.75 * children.traits[c, 0] + 0.66 * rng.standard_normal(len(pupils))
    school, home = effects.caring_school[pupils], effects.learning_home[pupils]
    share = CLASS_SEVERE[k] * PHASE_SEVERE[phase] * np.where(school, 0.75, 1.0)
    severe = sigmoid(-1.702 * z) < share
    median = CLASS_MEDIAN[k] * PHASE_ABSENCE[phase] * AREA_ABSENCE[place.group[pupils]]
    median *= _year_factor(rows.year[pupils]) * np.where(school, CARING_SCHOOL_ABSENCE, 1.0)
    median *= np.where(home, LEARNING_HOME_ABSENCE, 1.0)
    usual = np.minimum(median * np.exp(CLASS_SIGMA[k] * z), 0.45)
    return np.where(severe, rng.uniform(0.5, 0.92, len(pupils)), usual), severe


def attendance(rng, children: Children, rows: ChildYears, place: Placements, effects: Effects):
    """Attendance rows (row index, term, possible, authorised, unauthorised) and the pupils."""
    pupils = np.flatnonzero((rows.year_group >= 0) & (rows.year_group <= 11) & (place.setting >= 0))
    possible = term_possible(rows, pupils)
    rate, severe = absence_rates(rng, children, rows, place, effects, pupils)
    noise = np.exp(0.25 * rng.standard_normal(possible.shape))
    term_rate = np.clip(rate[:, None] * noise * TERM_FACTOR[None, :], 0, 0.98)
    missed = rng.binomial(possible, term_rate)
    share = CLASS_UNAUTHORISED[effects.cohort_class[pupils]] + 0.2 * severe
    unauthorised = rng.binomial(missed, np.clip(share, 0, 1)[:, None])
    keep = possible > 0
    row, term = np.nonzero(keep)
    table = {
        "row": pupils[row],
        "term": term,
        "possible": possible[keep],
        "authorised": (missed - unauthorised)[keep],
        "unauthorised": unauthorised[keep],
    }
    return table, pupils[keep.any(axis=1)]


def _suspension_odds(children, rows, place, effects, pupils) -> np.ndarray:
    c, k, phase = rows.child[pupils], effects.cohort_class[pupils], place.phase[pupils]
    year = rows.year[pupils]
    logit = SUSPENSION_BASE[phase] + CLASS_SUSPENSION[k] + 0.9 * children.traits[c, 2]
    logit += AREA_SUSPENSION[place.group[pupils]] - 0.35 * effects.caring_school[pupils]
    logit += np.select([year == 2019, year == 2020, year >= 2022], [-0.3, -0.15, 0.1], 0.0)
    return logit


def exclusions(rng, children, rows, place, effects, pupils: np.ndarray, calendar: np.ndarray):
    """Suspensions (several for some pupils) and rare permanent exclusions, dated on school
    days in the part of the year the child was known, at the child's setting."""
    logit = _suspension_odds(children, rows, place, effects, pupils)
    suspended = rng.random(len(pupils)) < sigmoid(logit)
    older = np.isin(place.phase[pupils], [PHASE["secondary"], PHASE["alternative_provision"]])
    count = np.where(suspended, 1 + rng.poisson(np.where(older, 1.6, 0.8)), 0)
    permanent_logit = -7.0 + children.traits[rows.child[pupils], 2] + 1.2 * older
    permanent = rng.random(len(pupils)) < sigmoid(
        permanent_logit + 0.3 * (effects.cohort_class[pupils] >= 3)
    )
    row = np.r_[np.repeat(pupils, count), pupils[permanent]]
    category = np.r_[np.zeros(count.sum(), dtype=np.int64), np.ones(permanent.sum(), dtype=int)]
    start, found = dates_within(rng, calendar, rows.cover_start[row], rows.cover_end[row])
    sessions = rng.choice(10, size=len(row), p=SUSPENSION_SESSIONS) + 1
    order = np.lexsort((row[found], start[found]))
    return {
        "row": row[found][order],
        "start": start[found][order],
        "category": category[found][order],
        "sessions": np.where(category == 0, sessions, -1)[found][order],
    }
