"""The warehouse contract's code lists (DESIGN §2), in one place.

The schema turns each list into a CHECK constraint, the CSV loader validates against it and the
filters offer it, so a code can never be valid in one place and refused in another.
"""

from __future__ import annotations

PHASES = (
    "nursery",
    "primary",
    "secondary",
    "all_through",
    "special",
    "alternative_provision",
    "post_16",
    "independent",
)
CARE_HOME_KINDS = ("foster_household", "childrens_home")
SEXES = ("M", "F", "U")
SEN = ("none", "sen_support", "ehcp", "unknown")
"""`unknown`: the child came from a return that does not record SEN (SSDA903, CIN census)."""
COHORTS = ("CLA", "CLA12", "PLAC", "CIN", "CPP")
TERMS = ("autumn", "spring", "summer")
EXCLUSION_CATEGORIES = ("suspension", "permanent")
KEY_STAGES = ("KS2", "KS4")
INSTRUMENTS = ("SDQ", "BOXALL")
INFORMANTS = ("carer", "teacher", "self")
SDQ_MISSING_REASONS = (
    "under_4_or_over_16",
    "carer_refused",
    "disability",
    "other",
    "child_refused",
)
"""Why an SDQ score was not received: SSDA903 OC2 `SDQ_REASON` SDQ1 to SDQ5, in that order."""
ACTIVITIES = ("education", "employment", "training", "neet", "unknown")
SCHEMES = ("caring_schools", "learning_homes")
LEVELS = ("bronze", "silver", "gold")
AWARD_OUTCOMES = ("in_progress", "awarded", "not_awarded", "withdrawn")
TIME_SLOTS = ("daytime", "evening", "weekend")
DELIVERIES = ("virtual", "face_to_face")
ROLES_TRAINED = (
    "foster_carer",
    "residential_carer",
    "designated_teacher",
    "school_staff",
    "social_worker",
    "virtual_school",
    "education_champion",
    "other",
)
CHAMPION_KINDS = ("foster_carer", "school_based")
WORKING_GROUPS = ("school_support", "foster_carer_support", "learning_and_development")
BENCHMARK_GEOGRAPHIES = ("england", "region")  # or a local authority code
USER_ROLES = ("panel", "manager", "analyst", "admin")

OUT_OF_COUNTY = "out_of_county"
"""The area code given to a child whose setting and home district are both outside the county."""
