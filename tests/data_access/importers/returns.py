"""Shared by the importer tests: the test key, reading a table back, writing a small SSDA903."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, select

from data_access.importers.pseudonym import Pseudonymiser
from data_access.schema import Base

KEY = Pseudonymiser("a-test-key-of-enough-length")


def table(engine: Engine, name: str) -> pd.DataFrame:
    with engine.connect() as connection:
        frame = pd.read_sql(select(Base.metadata.tables[name]), connection)
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def small_return(folder: Path, header: str, episodes: str, oc2: str = "", oc3: str = "") -> Path:
    folder.mkdir(exist_ok=True)
    files = {
        "header": "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n" + header,
        "episodes": "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,"
        "HOME_POST,PL_POST,URN\n" + episodes,
        "oc2": "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED\n" + oc2,
        "oc3": "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n" + oc3,
    }
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text)
    return folder
