"""Demo children: spells of care, need and protection, and the cohort rows they make each year.

Each child has at most one care (CLA) spell, perhaps preceded by a child-in-need (CIN) spell, and
followed by adoption or a special guardianship order (then previously looked after, PLAC, until 18)
or by a return home (sometimes with a further CIN spell), or lasting until 18 (a care leaver).
Other children have a CIN spell only, some with a child protection plan (CPP) inside it. Spells
start from 1997 so that the 2015/16 stock has realistic lengths of stay.

In a year a child has one status, care first: CLA (plus CLA12 when looked after continuously for
the twelve months to 31 March), else PLAC, else CIN (plus CPP while on a plan, as DfE counts the
children in need "including CPPO"). PLAC and CIN rows are for reception to year 13 only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data_access import codes
from data_access.loaders.demo_common import (
    NAT,
    WINDOW_END,
    WINDOW_START,
    YEARS,
    add_months,
    days,
    month_start,
    uniform_dates,
    year_start,
)

CLA_ENTRIES_PER_YEAR = 128.0
CIN_STARTS_PER_YEAR = 900.0
FIRST_ENTRY = days("1997-09-01")
FIRST_CIN = days("2012-09-01")
YEAR_DAYS = 365.25

NONE, CLA, PLAC, CIN = 0, 1, 2, 3
ADOPTED, HOME, STAYED = 0, 1, 2
SPELLS = ("cin", "cla", "after", "plac", "cpp")
DISTRICT_WEIGHTS = (0.13, 0.22, 0.12, 0.10, 0.13, 0.20, 0.10)
TRAIT_CORRELATION = np.array(
    [  # absence, ability, behaviour, wellbeing (higher = worse SDQ)
        [1.0, -0.35, 0.40, 0.20],
        [-0.35, 1.0, -0.30, -0.20],
        [0.40, -0.30, 1.0, 0.50],
        [0.20, -0.20, 0.50, 1.0],
    ]
)


@dataclass(frozen=True)
class Children:
    birth_month: np.ndarray  # datetime64[D], first of month
    sex: np.ndarray
    sen: np.ndarray  # index into codes.SEN
    district: np.ndarray
    looked_after: np.ndarray  # has a care spell
    route: np.ndarray  # how the care spell ended (ADOPTED, HOME, STAYED), -1 without one
    entry_age: np.ndarray
    traits: np.ndarray  # (n, 4) standard normal, correlated
    spells: dict[str, tuple[np.ndarray, np.ndarray]]  # name -> (start, end exclusive)

    def __len__(self) -> int:
        return len(self.birth_month)

    def subset(self, keep: np.ndarray) -> Children:
        fields = {
            name: getattr(self, name)[keep]
            for name in (
                "birth_month",
                "sex",
                "sen",
                "district",
                "looked_after",
                "route",
                "entry_age",
                "traits",
            )
        }
        spells = {name: (s[keep], e[keep]) for name, (s, e) in self.spells.items()}
        return Children(**fields, spells=spells)


@dataclass(frozen=True)
class ChildYears:
    """One row per child and year with a status; rows sorted by child then year."""

    child: np.ndarray
    year: np.ndarray
    status: np.ndarray
    cla12: np.ndarray
    cpp: np.ndarray
    year_group: np.ndarray
    cover_start: np.ndarray  # the part of the year the child is known to us
    cover_end: np.ndarray
    age_at_march: np.ndarray  # whole years on 31 March of the year


def _birth_months(entry: np.ndarray, age_years: np.ndarray) -> np.ndarray:
    born = entry - np.round(age_years * YEAR_DAYS).astype(np.int64)
    return born.astype("datetime64[M]").astype("datetime64[D]")


def _cla_spells(rng: np.random.Generator, scale: int) -> dict[str, np.ndarray]:
    """Care entries since 1997 (slowly rising), ages at entry and how and when they end."""
    span = (WINDOW_END - FIRST_ENTRY).astype(np.int64) / YEAR_DAYS
    entry = uniform_dates(
        rng, FIRST_ENTRY, WINDOW_END, rng.poisson(CLA_ENTRIES_PER_YEAR * span * scale / 0.85)
    )
    entry = entry[
        rng.random(len(entry)) < 0.7 + 0.3 * (entry - FIRST_ENTRY).astype(int) / (span * YEAR_DAYS)
    ]
    n = len(entry)
    band = rng.choice(5, size=n, p=[0.17, 0.16, 0.19, 0.36, 0.12])
    low, width = np.array([0, 1, 5, 10, 16.0])[band], np.array([1, 4, 5, 6, 1.9])[band]
    age = low + rng.random(n) * width
    birth = _birth_months(entry, age)
    adult = add_months(birth, 216)
    adopt_p = np.array([0.5, 0.4, 0.15, 0.02, 0.0])[band]
    u = rng.random(n)
    route = np.where(u < adopt_p, ADOPTED, np.where(u < adopt_p + 0.33, HOME, STAYED))
    years = np.where(
        route == ADOPTED,
        0.8 + rng.gamma(2.0, 0.45, n),
        np.where(route == HOME, 0.08 + rng.exponential(1.0, n), 30.0),
    )
    end = np.minimum(entry + np.round(years * YEAR_DAYS).astype(np.int64), adult)
    later = (end > WINDOW_START) | ((route == ADOPTED) & (adult > WINDOW_START))
    keep = later & (entry < WINDOW_END) & (entry < adult)
    return {
        "entry": entry[keep],
        "end": end[keep],
        "birth": birth[keep],
        "route": route[keep],
        "age": age[keep],
    }


def _around_care(rng: np.random.Generator, cla: dict[str, np.ndarray]) -> dict:
    """CIN (and sometimes CPP) before care; PLAC after adoption, CIN after some returns home."""
    entry, end, birth, route = cla["entry"], cla["end"], cla["birth"], cla["route"]
    n = len(entry)
    adult = add_months(birth, 216)
    before = rng.random(n) < 0.35
    cin_start = np.maximum(
        entry - np.round(rng.uniform(0.3, 2.0, n) * YEAR_DAYS).astype(int), birth
    )
    cin_start = np.where(before & (cin_start < entry), cin_start, NAT)
    plan = ~np.isnat(cin_start) & (rng.random(n) < 0.45)
    cpp_start = cin_start + np.floor(
        (entry - cin_start).astype(float) * rng.random(n) * 0.5
    ).astype(np.int64)
    known = (route == ADOPTED) & (end < adult) & (rng.random(n) < 0.95)
    after = (route == HOME) & (end < adult) & (rng.random(n) < 0.4)
    after_end = np.minimum(end + np.round(rng.uniform(0.3, 1.5, n) * YEAR_DAYS).astype(int), adult)
    return {
        "cin": (cin_start, np.where(before, entry, NAT)),
        "cla": (entry, end),
        "after": (np.where(after, end, NAT), np.where(after, after_end, NAT)),
        "plac": (np.where(known, end, NAT), np.where(known, adult, NAT)),
        "cpp": (np.where(plan, cpp_start, NAT), np.where(plan, entry, NAT)),
    }


def _cin_only(rng: np.random.Generator, scale: int) -> dict:
    """Children in need who never come into care in the period; about a quarter have a plan."""
    span = (WINDOW_END - FIRST_CIN).astype(np.int64) / YEAR_DAYS
    start = uniform_dates(
        rng, FIRST_CIN, WINDOW_END, rng.poisson(CIN_STARTS_PER_YEAR * span * scale)
    )
    n = len(start)
    birth = _birth_months(start, rng.uniform(0, 17.6, n))
    adult = add_months(birth, 216)
    length = np.round((0.08 + rng.exponential(1.0, n)) * YEAR_DAYS).astype(np.int64)
    end = np.minimum(start + length, adult)
    plan = rng.random(n) < 0.27
    cpp_start = start + np.floor((end - start).astype(float) * rng.random(n) * 0.3).astype(int)
    cpp_end = np.minimum(
        cpp_start + np.round(rng.uniform(0.25, 1.2, n) * YEAR_DAYS).astype(int), end
    )
    keep = (end > WINDOW_START) & (start < adult)
    empty = np.full(n, NAT)
    spells = {
        "cin": (start, end),
        "cla": (empty, empty),
        "after": (empty, empty),
        "plac": (empty, empty),
        "cpp": (np.where(plan, cpp_start, NAT), np.where(plan, cpp_end, NAT)),
    }
    return {"birth": birth[keep], "spells": {k: (s[keep], e[keep]) for k, (s, e) in spells.items()}}


def _attributes(rng: np.random.Generator, looked_after: np.ndarray) -> dict:
    n = len(looked_after)
    sex = np.array(codes.SEXES, dtype=object)[rng.choice(3, size=n, p=[0.53, 0.465, 0.005])]
    sen_cla = rng.choice(3, size=n, p=[0.45, 0.27, 0.28])
    sen_cin = rng.choice(3, size=n, p=[0.55, 0.25, 0.20])
    traits = rng.multivariate_normal(np.zeros(4), TRAIT_CORRELATION, size=n, method="cholesky")
    district = rng.choice(len(DISTRICT_WEIGHTS), size=n, p=DISTRICT_WEIGHTS)
    return {
        "sex": sex,
        "sen": np.where(looked_after, sen_cla, sen_cin),
        "traits": traits,
        "district": district,
    }


def build_children(rng: np.random.Generator, scale: int) -> Children:
    """Every child with a spell overlapping the period (before dropping those with no rows)."""
    cla = _cla_spells(rng, scale)
    around = _around_care(rng, cla)
    cin = _cin_only(rng, scale)
    n_cla, n_cin = len(cla["entry"]), len(cin["birth"])
    looked_after = np.r_[np.ones(n_cla, dtype=bool), np.zeros(n_cin, dtype=bool)]
    spells = {
        name: (
            np.r_[around[name][0], cin["spells"][name][0]],
            np.r_[around[name][1], cin["spells"][name][1]],
        )
        for name in SPELLS
    }
    return Children(
        birth_month=np.r_[cla["birth"], cin["birth"]],
        looked_after=looked_after,
        route=np.r_[cla["route"], np.full(n_cin, -1)],
        entry_age=np.r_[cla["age"], np.full(n_cin, np.nan)],
        spells=spells,
        **_attributes(rng, looked_after),
    )


def _overlaps(spell: tuple[np.ndarray, np.ndarray], starts, ends) -> np.ndarray:
    """(children × years) whether the spell overlaps each year; NaT never overlaps."""
    return (spell[0][:, None] < ends[None, :]) & (spell[1][:, None] > starts[None, :])


def _statuses(children: Children, year_group: np.ndarray) -> dict[str, np.ndarray]:
    starts, ends = year_start(YEARS), year_start(YEARS + 1)
    spells = children.spells
    school = (year_group >= 0) & (year_group <= 13)
    cla = _overlaps(spells["cla"], starts, ends)
    plac = _overlaps(spells["plac"], starts, ends) & school & ~cla
    cin = _overlaps(spells["cin"], starts, ends) | _overlaps(spells["after"], starts, ends)
    cin &= school & ~cla & ~plac
    status = np.select([cla, plac, cin], [CLA, PLAC, CIN], NONE)
    april = month_start(YEARS, 4)
    cla12 = cla & (spells["cla"][0][:, None] <= april[None, :])
    cla12 &= spells["cla"][1][:, None] >= (april + 365)[None, :]
    cpp = cin & _overlaps(spells["cpp"], starts, ends)
    return {"status": status, "cla12": cla12, "cpp": cpp}


def _cover(children: Children) -> tuple[np.ndarray, np.ndarray]:
    """(children × years) the first and last known day of each year: the union of the spells
    overlapping it, cut to the year."""
    starts, ends = year_start(YEARS), year_start(YEARS + 1)
    first = np.broadcast_to(ends, (len(children), len(YEARS))).copy()
    last = np.broadcast_to(starts, (len(children), len(YEARS))).copy()
    for name in ("cin", "cla", "after", "plac"):
        spell = children.spells[name]
        hit = _overlaps(spell, starts, ends)
        first = np.where(hit, np.minimum(first, spell[0][:, None]), first)
        last = np.where(hit, np.maximum(last, spell[1][:, None]), last)
    return np.maximum(first, starts[None, :]), np.minimum(last, ends[None, :])


def child_years(children: Children) -> tuple[Children, ChildYears]:
    """The cohort rows, and the children who have any (renumbered to match)."""
    months = children.birth_month.astype("datetime64[M]").astype(np.int64)
    birth_year, birth_month = months // 12 + 1970, months % 12 + 1
    academic_birth_year = birth_year - (birth_month < 9)
    year_group = YEARS[None, :] - academic_birth_year[:, None] - 5
    flags = _statuses(children, year_group)
    has_rows = (flags["status"] != NONE).any(axis=1)
    children = children.subset(has_rows)
    year_group = year_group[has_rows]
    flags = {key: value[has_rows] for key, value in flags.items()}
    first, last = _cover(children)
    child, column = np.nonzero(flags["status"] != NONE)
    age = (
        (YEARS + 1)[None, :] - birth_year[has_rows][:, None] - (birth_month[has_rows] > 3)[:, None]
    )
    rows = ChildYears(
        child=child,
        year=YEARS[column],
        status=flags["status"][child, column],
        cla12=flags["cla12"][child, column],
        cpp=flags["cpp"][child, column],
        year_group=year_group[child, column],
        cover_start=first[child, column],
        cover_end=last[child, column],
        age_at_march=age[child, column],
    )
    return children, rows
