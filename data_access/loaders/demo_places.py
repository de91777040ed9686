"""Demo places: the four quadrants, seven districts, settings and care homes.

Counts are per copy of the county; at scale K every setting and home list is K copies long (with
fresh names, districts and dates), while the areas and districts stay the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from data_access import codes
from data_access.loaders.demo_common import days, make_ids, pool_index, uniform_dates

AREAS = (("north", "North"), ("east", "East"), ("south", "South"), ("west", "West"))
DISTRICTS = (
    ("E07000142", "West Lindsey", "north"),
    ("E07000137", "East Lindsey", "east"),
    ("E07000136", "Boston", "east"),
    ("E07000140", "South Holland", "south"),
    ("E07000141", "South Kesteven", "south"),
    ("E07000138", "Lincoln", "west"),
    ("E07000139", "North Kesteven", "west"),
)
QUADRANT_OF_DISTRICT = np.array([0, 1, 1, 2, 2, 3, 3])
OUT_OF_COUNTY = 4
"""Setting group for schools outside Lincolnshire (quadrants are 0–3)."""

N_PHASES = len(codes.PHASES)
LINCOLNSHIRE_SETTINGS = {  # per district, in DISTRICTS order
    "nursery": (3, 4, 3, 3, 4, 5, 3),
    "primary": (30, 45, 20, 25, 40, 28, 35),
    "secondary": (6, 10, 5, 6, 10, 8, 8),
    "all_through": (1, 1, 0, 1, 1, 1, 1),
    "special": (2, 3, 2, 2, 3, 3, 2),
    "alternative_provision": (1, 1, 1, 1, 0, 2, 0),
    "post_16": (1, 2, 1, 1, 2, 2, 1),
    "independent": (1, 2, 1, 1, 3, 2, 2),
}
NEIGHBOURS = {
    "Nottinghamshire": ("Newark", "Retford", "Worksop", "Mansfield"),
    "Peterborough": ("Peterborough", "Werrington", "Orton"),
    "Rutland": ("Oakham", "Uppingham"),
    "Leicestershire": ("Melton Mowbray", "Loughborough"),
    "Norfolk": ("King's Lynn", "Downham Market"),
    "Cambridgeshire": ("Wisbech", "March"),
    "North East Lincolnshire": ("Grimsby", "Cleethorpes", "Immingham"),
    "Doncaster": ("Doncaster", "Thorne"),
}
OUT_OF_COUNTY_SETTINGS = {
    "nursery": 2,
    "primary": 10,
    "secondary": 8,
    "all_through": 1,
    "special": 6,
    "alternative_provision": 2,
    "post_16": 3,
    "independent": 3,
}
NORTH_LINCOLNSHIRE = "North Lincolnshire"
NORTH_LINCOLNSHIRE_TOWNS = (
    "Scunthorpe",
    "Brigg",
    "Barton-upon-Humber",
    "Epworth",
    "Winterton",
    "Bottesford",
    "Crowle",
    "Kirton in Lindsey",
    "Messingham",
    "Barrow upon Humber",
)
NORTH_LINCOLNSHIRE_SETTINGS = {"primary": 28, "secondary": 6, "all_through": 1, "special": 1}
TOWNS = (
    ("Gainsborough", "Market Rasen", "Caistor", "Saxilby", "Nettleham", "Welton", "Sturton"),
    (
        "Skegness",
        "Louth",
        "Horncastle",
        "Mablethorpe",
        "Alford",
        "Spilsby",
        "Coningsby",
        "Woodhall Spa",
        "Wainfleet",
        "Chapel St Leonards",
    ),
    ("Boston", "Kirton", "Swineshead", "Sutterton", "Old Leake", "Wyberton", "Fishtoft"),
    ("Spalding", "Holbeach", "Long Sutton", "Crowland", "Pinchbeck", "Donington", "Sutton Bridge"),
    ("Grantham", "Stamford", "Bourne", "Market Deeping", "Corby Glen", "Colsterworth", "Barrowby"),
    ("Lincoln", "Birchwood", "Ermine", "Boultham", "Bracebridge", "Hartsholme", "Carholme"),
    (
        "Sleaford",
        "North Hykeham",
        "Waddington",
        "Ruskington",
        "Heckington",
        "Navenby",
        "Bassingham",
        "Metheringham",
        "Branston",
        "Washingborough",
    ),
)
DESCRIPTORS = (
    "Riverside",
    "St Mary's",
    "Meadow",
    "Westgate",
    "Orchard",
    "Willow",
    "Oakfield",
    "Fenside",
    "Wolds View",
    "Abbey",
    "St Peter's",
    "Parkside",
    "Chestnut",
    "Hillcrest",
    "Brook",
    "Manor",
    "Castle",
    "Millfield",
    "Beacon",
    "Greenfields",
    "St Andrew's",
    "Holy Trinity",
    "Kingsway",
    "Sandfield",
    "Harvest",
    "Ash Grove",
    "Heron",
    "Kingfisher",
    "Linden",
    "Priory",
    "Springfield",
    "Woodlands",
    "St Hugh's",
    "Witham",
    "Welland",
    "Trent Valley",
    "Lindsey",
    "Kesteven",
)
SUFFIXES = {
    "nursery": ("Nursery School", "Pre-School", "Day Nursery"),
    "primary": (
        "Primary School",
        "Primary Academy",
        "Church of England Primary School",
        "Community Primary School",
    ),
    "secondary": ("Academy", "High School", "School", "Grammar School", "Community College"),
    "all_through": ("All-Through Academy", "Academy"),
    "special": ("School", "Special School", "Academy"),
    "alternative_provision": ("Learning Centre", "Pupil Referral Unit", "Alternative Provision"),
    "post_16": ("College", "Sixth Form College"),
    "independent": ("Independent School", "Preparatory School", "School"),
}
FOSTER_HOUSEHOLDS = (50, 80, 40, 40, 60, 55, 55)  # per district
OUT_OF_COUNTY_FOSTER_HOUSEHOLDS = 30
CHILDRENS_HOME_DISTRICTS = (0, 0, 1, 2, 3, 4, 5, 6)  # two per quadrant


@dataclass(frozen=True)
class Places:
    """Settings and care homes as arrays (row i of each array describes setting/home i)."""

    setting_urn: np.ndarray
    setting_name: np.ndarray
    setting_phase: np.ndarray  # index into codes.PHASES
    setting_district: np.ndarray  # index into DISTRICTS, -1 outside the county
    setting_la: np.ndarray
    setting_group: np.ndarray  # quadrant 0–3, or OUT_OF_COUNTY
    home_id: np.ndarray
    home_kind: np.ndarray  # 0 foster household, 1 children's home
    home_district: np.ndarray  # -1 outside the county
    home_approved: np.ndarray  # datetime64[D]

    def setting_pools(self):
        """Settings grouped by (group, phase): key = group * N_PHASES + phase."""
        keys = self.setting_group * N_PHASES + self.setting_phase
        return pool_index(keys, (OUT_OF_COUNTY + 1) * N_PHASES)

    def home_pools(self):
        """Homes grouped for placement, oldest approval first within a pool.

        Keys 0–6 foster households by district, 7 out-of-county foster households,
        8–11 children's homes by quadrant.
        """
        quadrant = QUADRANT_OF_DISTRICT[np.maximum(self.home_district, 0)]
        keys = np.where(
            self.home_kind == 1,
            8 + quadrant,
            np.where(self.home_district < 0, 7, self.home_district),
        )
        order = self.home_approved.astype(np.int64)
        return pool_index(keys, 12, order_by=order)


def area_frame() -> pd.DataFrame:
    return pd.DataFrame(AREAS, columns=["area_code", "area_name"])


def district_frame() -> pd.DataFrame:
    return pd.DataFrame(DISTRICTS, columns=["district_code", "district_name", "area_code"])


def build_places(rng: np.random.Generator, scale: int) -> Places:
    settings = _settings(rng, scale)
    homes = _care_homes(rng, scale)
    return Places(**settings, **homes)


def _settings(rng: np.random.Generator, scale: int) -> dict[str, np.ndarray]:
    parts = []
    for phase, per_district in LINCOLNSHIRE_SETTINGS.items():
        for district, count in enumerate(per_district):
            towns = TOWNS[district]
            parts.append(_named(rng, phase, count * scale, towns, district, "Lincolnshire"))
    for phase, count in OUT_OF_COUNTY_SETTINGS.items():
        la = np.array(list(NEIGHBOURS))[rng.integers(0, len(NEIGHBOURS), count * scale)]
        for name in np.unique(la):
            n = int((la == name).sum())
            parts.append(_named(rng, phase, n, NEIGHBOURS[name], -1, str(name)))
    for phase, count in NORTH_LINCOLNSHIRE_SETTINGS.items():
        parts.append(
            _named(rng, phase, count * scale, NORTH_LINCOLNSHIRE_TOWNS, -1, NORTH_LINCOLNSHIRE)
        )
    table = {key: np.concatenate([part[key] for part in parts]) for key in parts[0]}
    n = len(table["setting_name"])
    table["setting_urn"] = (rng.choice(900_000, size=n, replace=False) + 100_000).astype(str)
    table["setting_urn"] = table["setting_urn"].astype(object)
    district = table["setting_district"]
    table["setting_group"] = np.where(district >= 0, QUADRANT_OF_DISTRICT[district], OUT_OF_COUNTY)
    return table


def _named(rng, phase: str, n: int, towns: tuple, district: int, la: str) -> dict:
    """`n` settings of one phase in one district (or LA) with distinct names where possible."""
    suffixes = SUFFIXES[phase]
    combos = len(towns) * len(DESCRIPTORS) * len(suffixes)
    chosen = rng.choice(combos, size=n, replace=n > combos)
    town, rest = np.divmod(chosen, len(DESCRIPTORS) * len(suffixes))
    descriptor, suffix = np.divmod(rest, len(suffixes))
    names = [
        f"{towns[t]} {DESCRIPTORS[d]} {suffixes[s]}"
        for t, d, s in zip(town.tolist(), descriptor.tolist(), suffix.tolist(), strict=True)
    ]
    return {
        "setting_name": np.array(names, dtype=object),
        "setting_phase": np.full(n, codes.PHASES.index(phase)),
        "setting_district": np.full(n, district),
        "setting_la": np.full(n, la, dtype=object),
    }


def _care_homes(rng: np.random.Generator, scale: int) -> dict[str, np.ndarray]:
    """Foster households (most approved before 2015, a quarter during the period) and a handful
    of children's homes. The first household of each district and copy is an old one, so every
    placement pool has a home in every year."""
    per_copy = np.repeat(np.arange(len(FOSTER_HOUSEHOLDS)), FOSTER_HOUSEHOLDS)
    foster = np.concatenate(
        [np.tile(per_copy, scale), np.full(OUT_OF_COUNTY_FOSTER_HOUSEHOLDS * scale, -1)]
    )
    n_foster = len(foster)
    era = rng.choice(3, size=n_foster, p=[0.65, 0.10, 0.25])
    low = np.array([days("1995-01-01"), days("2015-09-01"), days("2018-01-01")])[era]
    high = np.array([days("2015-09-01"), days("2018-01-01"), days("2025-06-01")])[era]
    approved = uniform_dates(rng, low, high)
    first = np.r_[True, foster[1:] != foster[:-1]]
    approved = np.where(
        first | (foster < 0),
        uniform_dates(rng, days("1995-01-01"), days("2014-01-01"), n_foster),
        approved,
    )
    homes = np.tile(np.array(CHILDRENS_HOME_DISTRICTS), scale)
    home_approved = uniform_dates(rng, days("1998-01-01"), days("2014-01-01"), len(homes))
    n_homes = len(homes)
    return {
        "home_id": np.concatenate(
            [
                make_ids("FH", np.arange(1, n_foster + 1), 6),
                make_ids("CH", np.arange(1, n_homes + 1), 4),
            ]
        ),
        "home_kind": np.r_[np.zeros(n_foster, dtype=np.int64), np.ones(n_homes, dtype=np.int64)],
        "home_district": np.r_[foster, homes],
        "home_approved": np.r_[approved, home_approved],
    }


def setting_frame(places: Places) -> pd.DataFrame:
    district = places.setting_district
    codes_ = np.array([d[0] for d in DISTRICTS], dtype=object)
    return pd.DataFrame(
        {
            "setting_urn": places.setting_urn,
            "setting_name": places.setting_name,
            "phase": np.array(codes.PHASES, dtype=object)[places.setting_phase],
            "district_code": np.where(district >= 0, codes_[np.maximum(district, 0)], None),
            "local_authority": places.setting_la,
        }
    )


def care_home_frame(places: Places) -> pd.DataFrame:
    district = places.home_district
    codes_ = np.array([d[0] for d in DISTRICTS], dtype=object)
    return pd.DataFrame(
        {
            "care_home_id": places.home_id,
            "kind": np.array(codes.CARE_HOME_KINDS, dtype=object)[places.home_kind],
            "district_code": np.where(district >= 0, codes_[np.maximum(district, 0)], None),
            "approved_on": places.home_approved,
        }
    )
