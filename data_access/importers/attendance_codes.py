"""The DfE national attendance and absence codes, and the session arithmetic of the school census.

Sources:
- DfE, "Working together to improve school attendance" (statutory guidance in force from
  19 August 2024), the national register codes, with The School Attendance (Pupil Registration)
  (England) Regulations 2024. New then: C1, C2, J1, K, Q and Y1 to Y7; H, J and Y withdrawn.
- DfE, "School attendance: guidance for schools" (2016, revised 2020), for the codes before
  August 2024 (H, J, Y), which extracts for earlier terms still hold; F went in 2013.
- DfE, "Pupil absence statistics: methodology" (explore-education-statistics.service.gov.uk):
  overall absence = (authorised + unauthorised) / possible sessions.

The census gives each pupil's possible sessions (`termlysessionspossible`) and the sessions
recorded under each code (`termlysessiondetailsonroll`). Sessions under a code "not counted in
possible attendances" (X, Y, Q, Y1 to Y7, Z, #, D) are already left out of the possible sessions
the school's MIS returns: a pupil recorded only under X, or dual registered and at the other
school all term, is returned with zero possible sessions (DfE validation query 2502Q). So they
are not subtracted again; they count neither as attendance nor as absence. Presence codes and
approved educational activities count as attendance, so they add to neither absence total.
"""

from __future__ import annotations

import pandas as pd

ATTENDING = "attending"
AUTHORISED = "authorised"
UNAUTHORISED = "unauthorised"
NOT_COUNTED = "not_counted"

CODES: dict[str, str] = {
    # Attending the school.
    "/": ATTENDING,
    "\\": ATTENDING,
    "L": ATTENDING,
    # Attending a place other than the school (approved educational activity).
    "K": ATTENDING,
    "V": ATTENDING,
    "P": ATTENDING,
    "W": ATTENDING,
    "B": ATTENDING,
    "J": ATTENDING,  # before August 2024: interview, an approved educational activity
    # Absent: leave of absence, other authorised reasons, suspended or excluded.
    "C": AUTHORISED,
    "C1": AUTHORISED,
    "C2": AUTHORISED,
    "M": AUTHORISED,
    "J1": AUTHORISED,
    "S": AUTHORISED,
    "T": AUTHORISED,
    "R": AUTHORISED,
    "I": AUTHORISED,
    "E": AUTHORISED,
    "H": AUTHORISED,  # before August 2024: agreed family holiday
    "F": AUTHORISED,  # before September 2013: agreed extended family holiday
    # Absent: unauthorised.
    "G": UNAUTHORISED,
    "N": UNAUTHORISED,
    "O": UNAUTHORISED,
    "U": UNAUTHORISED,
    # Not counted in possible attendances.
    "X": NOT_COUNTED,  # not of compulsory school age and not required to attend
    "Q": NOT_COUNTED,  # unable to attend: no access arrangements made by the local authority
    "Y1": NOT_COUNTED,  # unable to attend because of exceptional circumstances (Y1 to Y7) ...
    "Y2": NOT_COUNTED,
    "Y3": NOT_COUNTED,
    "Y4": NOT_COUNTED,
    "Y5": NOT_COUNTED,
    "Y6": NOT_COUNTED,
    "Y7": NOT_COUNTED,
    "Y": NOT_COUNTED,  # ... written Y before August 2024
    "Z": NOT_COUNTED,  # prospective pupil, not yet on the admission register
    "#": NOT_COUNTED,  # planned whole or partial school closure
    "D": NOT_COUNTED,  # dual registered: the session counts at the other school
}
"""Each code's effect on the attendance figures."""


def absence_totals(details: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """Authorised and unauthorised sessions per `key`, from census `attendancereason`/`sessions`.

    Codes must already be checked against CODES; the result is indexed by `key`.
    """
    effect = details.attendancereason.map(CODES)
    missed = pd.DataFrame(
        {
            **{column: details[column] for column in key},
            AUTHORISED: details.sessions.where(effect == AUTHORISED, 0),
            UNAUTHORISED: details.sessions.where(effect == UNAUTHORISED, 0),
        }
    )
    return missed.groupby(key)[[AUTHORISED, UNAUTHORISED]].sum().astype("int64")
