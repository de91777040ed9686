"""Where each demo child is each year: setting, care home and home district.

A child keeps its setting until it changes phase, moves placement or (rarely) school, and keeps
its care home until a placement move. Settings are drawn from the child's quadrant (a few cross
into a neighbouring one); children placed out of county go to out-of-county homes and schools.
Choices are vectorised: a fresh random number is drawn where a spell at one setting or home
begins and carried forward over the following years.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data_access import codes
from data_access.loaders.demo_common import YEARS, forward_fill, year_start
from data_access.loaders.demo_people import CLA, Children, ChildYears
from data_access.loaders.demo_places import N_PHASES, OUT_OF_COUNTY, QUADRANT_OF_DISTRICT, Places

PHASE = {name: index for index, name in enumerate(codes.PHASES)}
OUT_OF_COUNTY_SHARE = 0.09
PLACEMENT_MOVES = 0.15  # a year, for looked-after children
SCHOOL_MOVES = 0.04  # a year, otherwise


@dataclass(frozen=True)
class Placements:
    setting: np.ndarray  # index into Places settings, -1 for none
    phase: np.ndarray  # index into codes.PHASES, -1 for none
    home: np.ndarray  # index into Places care homes, -1 for none
    district: np.ndarray  # index into DISTRICTS, -1 for none (out of county)
    group: np.ndarray  # quadrant 0–3, or OUT_OF_COUNTY


def _school_paths(rng: np.random.Generator, children: Children) -> dict[str, np.ndarray]:
    """Per child: the kind of school it goes to at each stage."""
    n = len(children)
    special = (children.sen == codes.SEN.index("ehcp")) & (rng.random(n) < 0.55)
    kind = rng.random(n)
    independent = ~special & (kind < 0.012)
    all_through = ~special & (kind >= 0.012) & (kind < 0.032)
    alternative = ~special & (children.traits[:, 2] > 1.2) & (rng.random(n) < 0.35)
    sixth = rng.choice(3, size=n, p=[0.45, 0.33, 0.22])  # post-16 college, sixth form, none
    return {
        "special": special,
        "independent": independent,
        "all_through": all_through,
        "alternative": alternative,
        "nursery": rng.random(n) < 0.55,
        "sixth": sixth,
    }


def _phases(paths: dict[str, np.ndarray], rows: ChildYears) -> np.ndarray:
    c, yg = rows.child, rows.year_group
    special, independent, through = (
        paths["special"][c],
        paths["independent"][c],
        paths["all_through"][c],
    )
    primary = np.select(
        [special, independent, through],
        [PHASE["special"], PHASE["independent"], PHASE["all_through"]],
        PHASE["primary"],
    )
    alternative = paths["alternative"][c] & (yg >= 9)
    secondary = np.select(
        [special, alternative, independent, through],
        [
            PHASE["special"],
            PHASE["alternative_provision"],
            PHASE["independent"],
            PHASE["all_through"],
        ],
        PHASE["secondary"],
    )
    sixth = np.select(
        [special, paths["sixth"][c] == 0, paths["sixth"][c] == 1],
        [PHASE["special"], PHASE["post_16"], PHASE["secondary"]],
        -1,
    )
    nursery = np.where(paths["nursery"][c], PHASE["nursery"], -1)
    return np.select(
        [yg == -1, (yg >= 0) & (yg <= 6), (yg >= 7) & (yg <= 11), yg >= 12],
        [nursery, primary, secondary, sixth],
        -1,
    )


def _groups(
    rng: np.random.Generator, children: Children, rows: ChildYears, out_of_county: np.ndarray
) -> np.ndarray:
    """The quadrant each child goes to school in (6% cross into another), or out of county."""
    n = len(children)
    shift = np.where(rng.random(n) < 0.06, rng.integers(1, 4, n), 0)
    quadrant = (QUADRANT_OF_DISTRICT[children.district] + shift) % 4
    outside = (rows.status == CLA) & out_of_county[rows.child]
    return np.where(outside, OUT_OF_COUNTY, quadrant[rows.child])


def _changes(rows: ChildYears, *columns: np.ndarray) -> np.ndarray:
    """Rows starting a child's history or where any column differs from the row before."""
    new = np.r_[True, rows.child[1:] != rows.child[:-1]]
    for column in columns:
        new |= np.r_[True, column[1:] != column[:-1]]
    return new


def _settings(rng, places: Places, rows: ChildYears, phase, group, moved) -> np.ndarray:
    pool, start, count = places.setting_pools()
    draws = rng.random((3, len(phase)))
    new = _changes(rows, phase, group)
    new |= _changes(rows, rows.status) & (draws[0] < 0.3)
    new |= (moved & (draws[1] < 0.5)) | (draws[2] < SCHOOL_MOVES)
    u = forward_fill(rng.random(len(phase)), new)
    key = group * N_PHASES + np.maximum(phase, 0)
    if np.any((phase >= 0) & (count[key] == 0)):
        raise ValueError("a demo setting pool is empty")
    chosen = pool[np.minimum(start[key] + np.floor(u * count[key]).astype(np.int64), len(pool) - 1)]
    return np.where(phase >= 0, chosen, -1)


def _available(places: Places, pool, start, count) -> np.ndarray:
    """(pool × year) how many of each pool's homes were approved by the end of the year."""
    ends = year_start(YEARS + 1)
    approved = places.home_approved[pool]
    table = np.zeros((len(count), len(YEARS)), dtype=np.int64)
    for key in range(len(count)):
        segment = approved[start[key] : start[key] + count[key]]
        table[key] = np.searchsorted(segment, ends, side="right")
    return table


def _homes(rng, places: Places, children: Children, rows: ChildYears, out_of_county, moved):
    """Care homes for looked-after rows: children's homes for some older entrants (in their
    quadrant), else foster households in their district; homes approved later are reached
    only once approved."""
    n = len(children)
    chance = np.where(children.entry_age >= 11, 0.14, 0.01)
    residential = children.looked_after & (rng.random(n) < chance)
    pool, start, count = places.home_pools()
    c = rows.child
    key = np.where(
        out_of_county[c],
        7,
        np.where(
            residential[c], 8 + QUADRANT_OF_DISTRICT[children.district[c]], children.district[c]
        ),
    )
    looked_after = rows.status == CLA
    new = _changes(rows, looked_after) | moved | np.r_[True, np.diff(rows.year) != 1]
    u = forward_fill(rng.random(len(c)), new)
    index = np.floor(u * count[key]).astype(np.int64)
    available = _available(places, pool, start, count)[key, rows.year - YEARS[0]]
    index = np.where(index < available, index, index % np.maximum(available, 1))
    return np.where(looked_after, pool[start[key] + index], -1)


def place_children(
    rng: np.random.Generator, places: Places, children: Children, rows: ChildYears
) -> Placements:
    out_of_county = children.looked_after & (rng.random(len(children)) < OUT_OF_COUNTY_SHARE)
    phase = _phases(_school_paths(rng, children), rows)
    group = _groups(rng, children, rows, out_of_county)
    moved = (rows.status == CLA) & (rng.random(len(phase)) < PLACEMENT_MOVES)
    setting = _settings(rng, places, rows, phase, group, moved)
    home = _homes(rng, places, children, rows, out_of_county, moved)
    home_district = places.home_district[np.maximum(home, 0)]
    district = np.where(home >= 0, home_district, children.district[rows.child])
    return Placements(
        setting=setting,
        phase=np.where(setting >= 0, phase, -1),
        home=home,
        district=district,
        group=group,
    )
