"""Demo data: one CSV per contract table for an invented Lincolnshire, 2015/16 to 2024/25.

`write_demo_csvs` writes the files another loader then loads. Everything is drawn from
`numpy.random.default_rng(seed)` (spawned into one stream per part, so that a change to one part's
model does not reshuffle the draws of the others), vectorised so that `scale=K` (K copies of the
county's children, settings, homes and programme) stays quick: K=100 takes under a minute.
The programme tables reproduce the council's September 2020 report exactly (see
`demo_report.SEPTEMBER_2020_REPORT`); outcome levels follow the DfE's published figures for
Lincolnshire.
"""

from __future__ import annotations

import pathlib

import numpy as np
import pandas as pd

from data_access import codes
from data_access.loaders import demo_attendance as attendance_
from data_access.loaders import demo_results as results
from data_access.loaders.demo_awards import build_awards
from data_access.loaders.demo_common import make_ids, school_days, year_labels, year_start
from data_access.loaders.demo_people import CLA, PLAC, Children, ChildYears, build_children
from data_access.loaders.demo_people import child_years as cohort_rows
from data_access.loaders.demo_placement import Placements, place_children
from data_access.loaders.demo_places import (
    DISTRICTS,
    Places,
    area_frame,
    build_places,
    care_home_frame,
    district_frame,
    setting_frame,
)
from data_access.loaders.demo_report import SEPTEMBER_2020_REPORT
from data_access.loaders.demo_training import champions, training
from data_access.schema import CONTRACT_TABLES, Base

DEMO_TABLES = tuple(table for table in CONTRACT_TABLES if table != "benchmark")
MAX_SCALE = 2000
"""Setting URNs are six digits: 423 settings a copy leave room for 2,000 copies."""
DISTRICT_CODES = np.array([district[0] for district in DISTRICTS], dtype=object)
COHORT_ORDER = np.array(["CLA", "CLA12", "PLAC", "CIN", "CPP"], dtype=object)

__all__ = ["DEMO_TABLES", "SEPTEMBER_2020_REPORT", "build_demo_frames", "write_demo_csvs"]


def write_demo_csvs(directory: pathlib.Path, seed: int = 2018, scale: int = 1) -> dict[str, int]:
    """Write one `<table>.csv` per contract table (all of CONTRACT_TABLES in schema.py except
    `benchmark`), columns exactly in schema order, and return {table: rows written}."""
    if not 1 <= scale <= MAX_SCALE:
        raise ValueError(f"scale must be between 1 and {MAX_SCALE}, not {scale}")
    frames = build_demo_frames(seed, scale)
    directory = pathlib.Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    return {
        table: _write_csv(frames[table], directory / f"{table}.csv", table) for table in DEMO_TABLES
    }


def build_demo_frames(seed: int = 2018, scale: int = 1) -> dict[str, pd.DataFrame]:
    """Every demo table as a DataFrame in contract columns (dates still as datetime64)."""
    streams = np.random.default_rng(seed).spawn(7)
    places = build_places(streams[0], scale)
    awards = build_awards(streams[1], places, scale)
    children, rows = cohort_rows(build_children(streams[2], scale))
    ids = make_ids("C", streams[2].permutation(len(children)) + 1, 7)
    place = place_children(streams[3], places, children, rows)
    effects = _effects(rows, place, awards)
    frames = {
        "area": area_frame(),
        "district": district_frame(),
        "setting": setting_frame(places),
        "care_home": care_home_frame(places),
        "child": _child_frame(children, ids),
        "child_year": _child_year_frame(rows, place, places, ids),
        "award": awards.frame,
    }
    frames.update(_outcome_frames(streams[4], children, rows, place, effects, places, ids))
    frames.update(_wellbeing_frames(streams[5], children, rows, place, effects, ids))
    sessions, attendance = training(streams[6], places, scale)
    frames.update(
        training_session=sessions,
        training_attendance=attendance,
        champion=champions(streams[6], scale),
    )
    return frames


def _effects(rows: ChildYears, place: Placements, awards) -> attendance_.Effects:
    """Whether each child-year's setting (or home) held an award before the year began."""
    begins = year_start(rows.year)
    school = awards.setting_awarded[np.maximum(place.setting, 0)] < begins
    home = awards.home_awarded[np.maximum(place.home, 0)] < begins
    return attendance_.Effects(
        cohort_class=attendance_.cohort_classes(rows),
        caring_school=school & (place.setting >= 0),
        learning_home=home & (place.home >= 0),
    )


def _optional(values: np.ndarray, index: np.ndarray) -> np.ndarray:
    """values[index] where index >= 0, else None."""
    return np.where(index >= 0, values[np.maximum(index, 0)], None)


def _child_frame(children: Children, ids: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "child_id": ids,
            "sex": children.sex,
            "birth_month": children.birth_month,
            "sen": np.array(codes.SEN, dtype=object)[children.sen],
        }
    )


def _child_year_frame(rows: ChildYears, place: Placements, places: Places, ids) -> pd.DataFrame:
    """The status rows, plus CLA12 rows (within CLA) and CPP rows (within CIN)."""
    extra = np.flatnonzero(rows.cla12 | rows.cpp)
    index = np.r_[np.arange(len(rows.child)), extra]
    rank = np.r_[
        np.select([rows.status == CLA, rows.status == PLAC], [0, 2], 3),
        np.where(rows.cla12[extra], 1, 4),
    ]
    order = np.lexsort((rank, rows.year[index], rows.child[index]))
    index, rank = index[order], rank[order]
    year_group = rows.year_group[index]
    return pd.DataFrame(
        {
            "child_id": ids[rows.child[index]],
            "academic_year": year_labels(rows.year[index]),
            "cohort": COHORT_ORDER[rank],
            "setting_urn": _optional(places.setting_urn, place.setting[index]),
            "care_home_id": _optional(places.home_id, place.home[index]),
            "district_code": _optional(DISTRICT_CODES, place.district[index]),
            "year_group": pd.Series(np.where(year_group >= 0, year_group, np.nan)).astype("Int64"),
        }
    )


def _outcome_frames(rng, children, rows, place, effects, places: Places, ids) -> dict:
    table, pupils = attendance_.attendance(rng, children, rows, place, effects)
    row = table["row"]
    attendance = pd.DataFrame(
        {
            "child_id": ids[rows.child[row]],
            "academic_year": year_labels(rows.year[row]),
            "term": np.array(codes.TERMS, dtype=object)[table["term"]],
            "setting_urn": places.setting_urn[place.setting[row]],
            "sessions_possible": table["possible"],
            "sessions_authorised": table["authorised"],
            "sessions_unauthorised": table["unauthorised"],
        }
    )
    events = attendance_.exclusions(rng, children, rows, place, effects, pupils, school_days())
    row = events["row"]
    exclusion = pd.DataFrame(
        {
            "exclusion_id": make_ids("EX", np.arange(1, len(row) + 1), 6),
            "child_id": ids[rows.child[row]],
            "setting_urn": places.setting_urn[place.setting[row]],
            "start_date": events["start"],
            "category": np.array(codes.EXCLUSION_CATEGORIES, dtype=object)[events["category"]],
            "sessions": pd.Series(
                np.where(events["sessions"] > 0, events["sessions"], np.nan), dtype="Float64"
            ).astype("Int64"),
        }
    )
    return {
        "attendance": attendance,
        "exclusion": exclusion,
        "attainment": _attainment_frame(rng, children, rows, place, effects, ids),
    }


def _attainment_frame(rng, children, rows, place, effects, ids) -> pd.DataFrame:
    scores = results.attainment(rng, children, rows, place, effects)
    ks2, ks4 = scores["ks2"], scores["ks4"]
    n2, n4 = len(ks2), len(ks4)
    frame = pd.DataFrame(
        {
            "child_id": ids[rows.child[np.r_[ks2, ks4]]],
            "academic_year": year_labels(rows.year[np.r_[ks2, ks4]]),
            "key_stage": np.r_[np.full(n2, "KS2", dtype=object), np.full(n4, "KS4", dtype=object)],
            "rwm_expected": pd.Series(np.r_[scores["rwm"], np.full(n4, np.nan)]).astype("Int64"),
            "attainment8": np.r_[np.full(n2, np.nan), scores["a8"]],
            "progress8": np.r_[np.full(n2, np.nan), scores["p8"]],
            "basics_4plus": pd.Series(np.r_[np.full(n2, np.nan), scores["basics"]]).astype("Int64"),
        }
    )
    return frame


def _wellbeing_frames(rng, children, rows, place, effects, ids) -> dict:
    weekdays = np.arange(np.datetime64("2015-09-01"), np.datetime64("2025-09-01"))
    weekdays = weekdays[(weekdays.astype(np.int64) + 3) % 7 < 5]
    parts = [
        results.sdq(rng, children, rows, place, effects, weekdays),
        results.boxall(rng, children, rows, place, effects, weekdays),
    ]
    merged = {key: np.concatenate([part[key] for part in parts]) for key in parts[0]}
    child = rows.child[merged["row"]]
    order = np.lexsort((child, merged["on"]))
    wellbeing = pd.DataFrame(
        {
            "assessment_id": make_ids("WB", np.arange(1, len(order) + 1), 6),
            "child_id": ids[child[order]],
            "assessed_on": merged["on"][order],
            "instrument": merged["instrument"][order],
            "score": merged["score"][order],
            "informant": merged["informant"][order],
            "missing_reason": None,
        }
    )
    moves = results.destinations(rng, children)
    order = np.lexsort((moves["on"], moves["child"]))
    destination = pd.DataFrame(
        {
            "child_id": ids[moves["child"][order]],
            "recorded_on": moves["on"][order],
            "age": moves["age"][order],
            "activity": moves["activity"][order],
        }
    )
    return {"wellbeing": wellbeing, "destination": destination}


def contract_columns(table: str) -> list[str]:
    return list(Base.metadata.tables[table].columns.keys())


def _write_csv(frame: pd.DataFrame, path: pathlib.Path, table: str) -> int:
    """UTF-8, header row, ISO dates, empty for null, integers without a decimal point."""
    columns = contract_columns(table)
    if list(frame.columns) != columns:
        raise ValueError(f"{table}: demo columns {list(frame.columns)} are not {columns}")
    out = frame.copy()
    for name in out.columns:
        values = out[name].to_numpy()
        if np.issubdtype(values.dtype, np.datetime64):
            text = np.datetime_as_string(values.astype("datetime64[D]"), unit="D").astype(object)
            out[name] = np.where(np.isnat(values), None, text)
    out.to_csv(path, index=False, encoding="utf-8", lineterminator="\n", na_rep="")
    return len(out)
