"""Across returns: a child in the SSDA903 and on a school roll is one child, linked by UPN, so
the outcome measures for children looked after read the school census's attendance."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from dashboard.filters import Filters
from data_access.importers.school_census import import_school_census
from data_access.importers.ssda903 import import_ssda903
from data_access.loaders.contract import load_frames
from data_access.queries.outcomes import OUTCOME_QUERIES
from tests.data_access.importers.returns import KEY, small_return, table

UPN = "A123456789012"


def places(engine: Engine) -> None:
    load_frames(
        engine,
        {
            "area": pd.DataFrame({"area_code": ["west"], "area_name": ["West"]}),
            "district": pd.DataFrame(
                {
                    "district_code": ["E07000138"],
                    "district_name": ["Lincoln"],
                    "area_code": ["west"],
                }
            ),
            "setting": pd.DataFrame(
                {
                    "setting_urn": ["100001"],
                    "setting_name": ["Hill Primary"],
                    "phase": ["primary"],
                    "district_code": ["E07000138"],
                    "local_authority": ["Lincolnshire"],
                }
            ),
        },
        source="test",
    )


def spring_census(folder: Path) -> Path:
    """One pupil, the child in care: 120 sessions possible in the autumn term of 2024/25,
    6 authorised (I, illness) and 6 unauthorised (O): overall absence 12 / 120 = 10%."""
    folder.mkdir()
    files = {
        "pupilonroll": "urn,upn,dob,sex,ncyearactual,plaa,termlysessionspossible,senprovision\n"
        f"100001,{UPN},2012-06-15,M,6,N,120,E\n",
        "termlysessiondetailsonroll": "urn,upn,attendancereason,sessions\n"
        f"100001,{UPN},/,108\n100001,{UPN},I,6\n100001,{UPN},O,6\n",
        "termlyexclusionsonroll": "urn,upn,startdate,sessions,category\n",
    }
    for name, text in files.items():
        (folder / f"{name}_spring2025.csv").write_text(text)
    return folder


def test_a_child_in_care_is_linked_to_their_school_record(engine: Engine, tmp_path) -> None:
    places(engine)
    header = f"1,M,15/06/2012,WBRI,{UPN},,\n"
    episodes = "1,01/01/2020,S,C2,N1,U1,PR1,,,,,LN1 3AB,\n"  # in care since 2020: CLA12
    import_ssda903(engine, small_return(tmp_path / "903", header, episodes), KEY, "2024/25")
    census = import_school_census(engine, spring_census(tmp_path / "census"), KEY)
    assert census.children_linked == 1
    assert table(engine, "child").sen.tolist() == ["ehcp"]  # the census knows SEN; 903 does not
    query = OUTCOME_QUERIES["overall_absence"].build(Filters(cohort="CLA12"))
    with engine.connect() as connection:
        absence = pd.read_sql(query, connection)
    assert absence[["academic_year", "numerator", "denominator", "value"]].values.tolist() == [
        ["2024/25", 12, 120, 10.0]
    ]
    again = import_ssda903(engine, tmp_path / "903", KEY, "2024/25")
    assert again.children_linked == 1
    assert table(engine, "child").sen.tolist() == ["ehcp"]  # not overwritten with unknown
