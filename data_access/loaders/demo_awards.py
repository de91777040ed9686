"""Demo Caring Schools and Learning Homes awards, calibrated to the September 2020 report.

Each holder (setting or care home) is given, at random, a role at the report date D: achieved,
being assessed, working through, or neutral (an early withdrawal or failed attempt, or nothing
yet). Its award rows are then drawn so that they hold exactly that role at D, with every date
random inside the window the role allows; steps after the extract date are left empty.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from data_access import codes
from data_access.loaders.demo_common import (
    EXTRACT_DATE,
    NAT,
    PROGRAMME_START,
    days,
    make_ids,
    uniform_dates,
)
from data_access.loaders.demo_places import NORTH_LINCOLNSHIRE, Places
from data_access.loaders.demo_report import SEPTEMBER_2020_REPORT as REPORT

D = np.datetime64(REPORT.as_at, "D")
AWARDED, NOT_AWARDED = (
    codes.AWARD_OUTCOMES.index("awarded"),
    codes.AWARD_OUTCOMES.index("not_awarded"),
)
IN_PROGRESS, WITHDRAWN = (
    codes.AWARD_OUTCOMES.index("in_progress"),
    codes.AWARD_OUTCOMES.index("withdrawn"),
)
LEVEL_WEIGHTS = np.array([0.5, 0.33, 0.17])  # bronze, silver, gold at a first award
COLUMNS = ("holder", "t", "p", "s", "a", "level", "outcome")


@dataclass(frozen=True)
class Awards:
    frame: pd.DataFrame
    setting_awarded: np.ndarray
    """Per setting, the date of its first Caring Schools award (NaT if none)."""
    home_awarded: np.ndarray
    """Per care home, the date of its first Learning Homes award (NaT if none)."""


def _gap(rng: np.random.Generator, n: int, low: int, high: int) -> np.ndarray:
    return rng.integers(low, high + 1, size=n)


def _levels(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.choice(3, size=n, p=LEVEL_WEIGHTS)


def _rows(holder, t, p, s, a, level, outcome) -> dict[str, np.ndarray]:
    return dict(zip(COLUMNS, (holder, t, p, s, a, level, outcome), strict=True))


def _backwards(rng: np.random.Generator, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Toolkit and portfolio dates before a submission, never before the programme began."""
    p = np.maximum(s - _gap(rng, len(s), 60, 300), PROGRAMME_START + 7)
    t = np.maximum(p - _gap(rng, len(s), 3, 45), PROGRAMME_START)
    return t, p


def _achieved(rng, holder: np.ndarray, latest: np.datetime64, outcome: int = AWARDED) -> dict:
    """Complete attempts assessed by `latest`: awarded (achieved) or not awarded (failed)."""
    n = len(holder)
    a = uniform_dates(rng, days("2018-05-01"), latest + 1, n)
    s = np.maximum(a - _gap(rng, n, 14, 90), PROGRAMME_START + 14)
    t, p = _backwards(rng, s)
    level = _levels(rng, n) if outcome == AWARDED else np.full(n, -1)
    return _rows(holder, t, np.minimum(p, s), s, a, level, np.full(n, outcome))


def _reassessed(rng, holder: np.ndarray) -> tuple[dict, dict]:
    """A first award and a second, higher one, both assessed before D."""
    n = len(holder)
    a1 = uniform_dates(rng, days("2018-05-01"), days("2019-07-01"), n)
    s1 = a1 - _gap(rng, n, 14, 60)
    t1, p1 = _backwards(rng, s1)
    level1 = rng.choice(2, size=n, p=[0.65, 0.35])
    t2 = a1 + _gap(rng, n, 30, 120)
    a2 = uniform_dates(rng, t2 + 150, D + 1)
    level2 = level1 + 1 + (rng.random(n) < 0.5) * (level1 == 0)
    first = _rows(holder, t1, p1, s1, a1, level1, np.full(n, AWARDED))
    second = _rows(
        holder,
        t2,
        t2 + _gap(rng, n, 3, 30),
        a2 - _gap(rng, n, 14, 60),
        a2,
        level2,
        np.full(n, AWARDED),
    )
    return first, second


def _being_assessed(rng, holder: np.ndarray) -> dict:
    """Submitted in the weeks before D, assessed after it."""
    n = len(holder)
    s = uniform_dates(rng, D - 75, D + 1, n)
    a = D + _gap(rng, n, 7, 120)
    t, p = _backwards(rng, s)
    outcome = np.where(rng.random(n) < 0.85, AWARDED, NOT_AWARDED)
    level = np.where(outcome == AWARDED, _levels(rng, n), -1)
    return _rows(holder, t, p, s, a, level, outcome)


def _forward(rng, holder: np.ndarray, t: np.ndarray, not_before: np.datetime64 | None) -> dict:
    """An attempt begun on `t`: portfolio, submission (not before `not_before`) and assessment
    drawn forwards; whatever falls after the extract date is not reached yet."""
    n = len(holder)
    started = rng.random(n) < 0.85
    p = np.where(started, t + _gap(rng, n, 3, 150), NAT)
    s = np.where(started & (rng.random(n) < 0.75), p + _gap(rng, n, 90, 500), NAT)
    if not_before is not None:
        s = np.where(np.isnat(s), s, np.maximum(s, not_before + _gap(rng, n, 1, 60)))
    a = s + _gap(rng, n, 14, 90)
    p, s, a = (np.where(x > EXTRACT_DATE, NAT, x) for x in (p, s, a))
    assessed = ~np.isnat(a)
    outcome = np.where(assessed, np.where(rng.random(n) < 0.85, AWARDED, NOT_AWARDED), IN_PROGRESS)
    level = np.where(outcome == AWARDED, _levels(rng, n), -1)
    return _rows(holder, t, p, s, a, level, outcome)


def _working_through(rng, holder: np.ndarray, earliest: np.datetime64) -> dict:
    """Toolkit accessed by D (more often recently), not submitted by D, never withdrawn."""
    span = (D - earliest).astype(np.int64)
    t = D - np.floor(rng.beta(1.0, 1.6, len(holder)) * span).astype(np.int64)
    return _forward(rng, holder, t, D)


def _late(rng, holder: np.ndarray, earliest: np.ndarray) -> dict:
    """Attempts begun after D; some not-yet-submitted ones are withdrawn."""
    t = uniform_dates(rng, earliest, EXTRACT_DATE - 30)
    rows = _forward(rng, holder, t, None)
    quits = (rows["outcome"] == IN_PROGRESS) & np.isnat(rows["s"]) & (rng.random(len(t)) < 0.15)
    rows["outcome"] = np.where(quits, WITHDRAWN, rows["outcome"])
    return rows


def _withdrawn_early(rng, holder: np.ndarray) -> dict:
    n = len(holder)
    t = uniform_dates(rng, PROGRAMME_START, D - 30, n)
    p = np.where(rng.random(n) < 0.5, t + _gap(rng, n, 3, 150), NAT)
    empty = np.full(n, NAT)
    return _rows(holder, t, p, empty, empty, np.full(n, -1), np.full(n, WITHDRAWN))


def _follow_ups(rng, rows: dict, share: float) -> dict:
    """Some holders awarded below gold try again for a higher level, starting after D."""
    a, level = rows["a"], rows["level"]
    again = (rows["outcome"] == AWARDED) & (level < 2) & (rng.random(len(a)) < share)
    t = np.maximum(a + _gap(rng, len(a), 120, 500), D + _gap(rng, len(a), 1, 90))
    again &= t < EXTRACT_DATE - 30
    follow = _forward(rng, rows["holder"][again], t[again], None)
    higher = level[again] + 1 + (rng.random(again.sum()) < 0.4) * (level[again] == 0)
    follow["level"] = np.where(follow["outcome"] == AWARDED, higher, -1)
    return follow


def _concat(parts: list[dict]) -> dict:
    return {key: np.concatenate([part[key] for part in parts]) for key in COLUMNS}


def _with_follow_ups(rng, parts: list[dict], superseded: dict | None = None) -> dict:
    """The rows plus follow-ups; `superseded` rows (first awards already improved on) get none."""
    rows = _concat(parts)
    return _concat([rows, _follow_ups(rng, rows, 0.25), *([superseded] if superseded else [])])


def _split(rng, pool: np.ndarray, sizes: list[int]) -> list[np.ndarray]:
    """Disjoint random groups of the given sizes, then the rest of the pool."""
    if sum(sizes) > len(pool):
        raise ValueError(f"demo pool of {len(pool)} holders is too small for {sizes}")
    shuffled = rng.permutation(pool)
    return np.split(shuffled, np.cumsum(sizes))


def _caring_schools(rng, places: Places, scale: int) -> dict:
    la = places.setting_la
    lincs = np.flatnonzero(la == "Lincolnshire")
    sizes = [
        REPORT.caring_schools_reassessed_higher * scale,
        (REPORT.caring_schools_achieved - REPORT.caring_schools_reassessed_higher) * scale,
        REPORT.caring_schools_working_through * scale,
        int(rng.integers(3, 9)) * scale,
        int(rng.integers(8, 16)) * scale,
        int(rng.integers(2, 6)) * scale,
    ]
    again, achieved, working, being, withdrawn, failed, rest = _split(rng, lincs, sizes)
    first, second = _reassessed(rng, again)
    parts = [
        second,
        _achieved(rng, achieved, D - 1),
        _working_through(rng, working, PROGRAMME_START),
        _being_assessed(rng, being),
        _withdrawn_early(rng, withdrawn),
        _achieved(rng, failed, D - 1, NOT_AWARDED),
    ]
    north = np.flatnonzero(la == NORTH_LINCOLNSHIRE)
    north_working, north_rest = _split(
        rng, north, [REPORT.north_lincolnshire_working_through * scale]
    )
    parts.append(_working_through(rng, north_working, days("2019-09-01")))
    others = np.flatnonzero((la != "Lincolnshire") & (la != NORTH_LINCOLNSHIRE))
    later = np.concatenate(
        [
            rest[rng.random(len(rest)) < 0.3],
            north_rest[rng.random(len(north_rest)) < 0.5],
            others[rng.random(len(others)) < 0.08],
        ]
    )
    parts.append(_late(rng, later, np.full(len(later), D + 1)))
    return _with_follow_ups(rng, parts, superseded=first)


def _learning_homes(rng, places: Places, scale: int) -> dict:
    in_county = places.home_district >= 0
    foster = np.flatnonzero(
        in_county & (places.home_kind == 0) & (places.home_approved < days("2018-01-01"))
    )
    sizes = [
        REPORT.learning_homes_foster_achieved * scale,
        REPORT.learning_homes_foster_working_through * scale,
        REPORT.learning_homes_foster_being_assessed * scale,
        int(rng.integers(5, 12)) * scale,
    ]
    achieved, working, being, withdrawn, _ = _split(rng, foster, sizes)
    homes = np.flatnonzero(in_county & (places.home_kind == 1))
    home_sizes = [
        REPORT.learning_homes_childrens_homes_achieved * scale,
        int(rng.integers(1, 3)) * scale,
    ]
    homes_achieved, homes_working, _ = _split(rng, homes, home_sizes)
    parts = [
        _achieved(rng, np.concatenate([achieved, homes_achieved]), D - 1),
        _working_through(rng, working, PROGRAMME_START),
        _being_assessed(rng, being),
        _withdrawn_early(rng, withdrawn),
        _working_through(rng, homes_working, days("2019-06-01")),
    ]
    used = np.zeros(len(places.home_id), dtype=bool)
    for part in parts:
        used[part["holder"]] = True
    candidates = np.flatnonzero(in_county & ~used)
    newly_approved = places.home_approved[candidates] > D
    chance = np.where(newly_approved, 0.8, 0.3)
    later = candidates[rng.random(len(candidates)) < chance]
    earliest = np.maximum(D + 1, places.home_approved[later] + 30)
    parts.append(_late(rng, later, earliest))
    return _with_follow_ups(rng, parts)


def _first_award(rows: dict, n_holders: int) -> np.ndarray:
    """Per holder, the earliest assessed_on of an awarded row (NaT if none)."""
    first = np.full(n_holders, np.iinfo(np.int64).max)
    awarded = rows["outcome"] == AWARDED
    np.minimum.at(first, rows["holder"][awarded], rows["a"][awarded].astype(np.int64))
    return np.where(first == np.iinfo(np.int64).max, NAT, first.astype("datetime64[D]"))


def build_awards(rng: np.random.Generator, places: Places, scale: int) -> Awards:
    schools = _caring_schools(rng, places, scale)
    homes = _learning_homes(rng, places, scale)
    frame = pd.concat(
        [
            _frame(schools, "caring_schools", places.setting_urn),
            _frame(homes, "learning_homes", places.home_id),
        ],
        ignore_index=True,
    )
    frame = frame.sort_values(
        ["toolkit_accessed_on", "scheme", "setting_urn", "care_home_id"],
        kind="stable",
        na_position="last",
    ).reset_index(drop=True)
    frame.insert(0, "award_id", make_ids("AW", np.arange(1, len(frame) + 1), 6))
    return Awards(
        frame,
        _first_award(schools, len(places.setting_urn)),
        _first_award(homes, len(places.home_id)),
    )


def _frame(rows: dict, scheme: str, holder_ids: np.ndarray) -> pd.DataFrame:
    n = len(rows["holder"])
    holder = holder_ids[rows["holder"]]
    empty = np.full(n, None, dtype=object)
    level = rows["level"]
    return pd.DataFrame(
        {
            "scheme": np.full(n, scheme, dtype=object),
            "setting_urn": holder if scheme == "caring_schools" else empty,
            "care_home_id": holder if scheme == "learning_homes" else empty,
            "toolkit_accessed_on": rows["t"],
            "portfolio_started_on": rows["p"],
            "submitted_on": rows["s"],
            "assessed_on": rows["a"],
            "level": np.where(
                level >= 0, np.array(codes.LEVELS, dtype=object)[np.maximum(level, 0)], None
            ),
            "outcome": np.array(codes.AWARD_OUTCOMES, dtype=object)[rows["outcome"]],
        }
    )
