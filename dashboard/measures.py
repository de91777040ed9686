"""What each outcome measure means, for people: title, definition, numerator, denominator, source.

One entry per measure; the SQL that computes it is `data_access.queries.outcomes` under the same id.
The "About the data" page and every chart caption read these definitions.
"""

from __future__ import annotations

from dataclasses import dataclass

PERCENT = "%"
SCORE = "score"
PER_100 = "per 100 pupils"

DFE_ABSENCE = "School census attendance, DfE absence definitions (sessions, six half terms)"
DFE_EXCLUSIONS = "School census suspensions and permanent exclusions"
DFE_KS2 = "KS2 assessments (DfE, expected standard in reading, writing and maths)"
DFE_KS4 = "KS4 results (DfE, Attainment 8, Progress 8, grade 4+ English and maths)"
SDQ_SOURCE = "SDQ returns (SSDA903 OC2), carer-completed, children aged 4 to 16 at 31 March"
DESTINATIONS = "Destinations (SSDA903 OC3 and post-16 tracking)"


@dataclass(frozen=True)
class Measure:
    id: str
    section: str
    title: str
    short: str
    unit: str
    numerator: str
    denominator: str
    source: str
    better: str  # "higher" or "lower"
    benchmarked: bool = True

    @property
    def axis_title(self) -> str:
        return {PERCENT: "Per cent", SCORE: "Average score", PER_100: "Per 100 pupils"}[self.unit]


def _rate(id_, section, title, short, numerator, denominator, source, better, **extra):
    return Measure(
        id_, section, title, short, PERCENT, numerator, denominator, source, better, **extra
    )


MEASURES: tuple[Measure, ...] = (
    Measure(
        "overall_absence",
        "Attendance",
        "Overall absence rate",
        "Overall absence",
        PERCENT,
        "Sessions missed (authorised and unauthorised)",
        "Sessions possible",
        DFE_ABSENCE,
        "lower",
    ),
    _rate(
        "persistent_absence",
        "Attendance",
        "Persistent absence: pupils missing 10% or more",
        "Persistent absence",
        "Pupils missing 10% or more of their possible sessions",
        "Pupils with possible sessions",
        DFE_ABSENCE,
        "lower",
    ),
    _rate(
        "severe_absence",
        "Attendance",
        "Severe absence: pupils missing 50% or more",
        "Severe absence",
        "Pupils missing 50% or more of their possible sessions",
        "Pupils with possible sessions",
        DFE_ABSENCE,
        "lower",
    ),
    _rate(
        "suspension_rate",
        "Exclusions",
        "Pupils with one or more suspensions",
        "Suspension rate",
        "Pupils with at least one suspension in the year",
        "Pupils on a setting's roll in the cohort",
        DFE_EXCLUSIONS,
        "lower",
        benchmarked=False,
    ),
    Measure(
        "suspensions_per_100",
        "Exclusions",
        "Suspensions per 100 pupils",
        "Suspensions per 100",
        PER_100,
        "Suspensions in the year",
        "Pupils on a setting's roll in the cohort",
        DFE_EXCLUSIONS,
        "lower",
        benchmarked=False,
    ),
    _rate(
        "permanent_exclusion_rate",
        "Exclusions",
        "Pupils permanently excluded",
        "Permanent exclusion rate",
        "Pupils with a permanent exclusion in the year",
        "Pupils on a setting's roll in the cohort",
        DFE_EXCLUSIONS,
        "lower",
        benchmarked=False,
    ),
    _rate(
        "ks2_rwm_expected",
        "Attainment",
        "KS2: expected standard in reading, writing and maths",
        "KS2 expected standard",
        "Pupils reaching the expected standard in all three",
        "Pupils with KS2 results",
        DFE_KS2,
        "higher",
    ),
    Measure(
        "ks4_attainment8",
        "Attainment",
        "KS4: average Attainment 8 score",
        "Attainment 8",
        SCORE,
        "Sum of Attainment 8 scores",
        "Pupils with a score",
        DFE_KS4,
        "higher",
    ),
    Measure(
        "ks4_progress8",
        "Attainment",
        "KS4: average Progress 8 score",
        "Progress 8",
        SCORE,
        "Sum of Progress 8 scores",
        "Pupils with a score",
        DFE_KS4,
        "higher",
    ),
    _rate(
        "ks4_basics_4plus",
        "Attainment",
        "KS4: grade 4 or above in English and maths",
        "Grade 4+ English and maths",
        "Pupils with grade 4 or above in both",
        "Pupils with KS4 results",
        DFE_KS4,
        "higher",
    ),
    Measure(
        "sdq_average",
        "Wellbeing",
        "Average SDQ total difficulties score",
        "Average SDQ",
        SCORE,
        "Sum of each child's latest SDQ score in the year",
        "Children aged 4 to 16 with an SDQ score",
        SDQ_SOURCE,
        "lower",
    ),
    _rate(
        "sdq_normal",
        "Wellbeing",
        "SDQ score in the normal band (0 to 13)",
        "SDQ normal",
        "Children whose latest score is 0 to 13",
        "Children aged 4 to 16 with an SDQ score",
        SDQ_SOURCE,
        "higher",
    ),
    _rate(
        "sdq_borderline",
        "Wellbeing",
        "SDQ score in the borderline band (14 to 16)",
        "SDQ borderline",
        "Children whose latest score is 14 to 16",
        "Children aged 4 to 16 with an SDQ score",
        SDQ_SOURCE,
        "lower",
    ),
    _rate(
        "sdq_concern",
        "Wellbeing",
        "SDQ score a cause for concern (17 to 40)",
        "SDQ concern",
        "Children whose latest score is 17 to 40",
        "Children aged 4 to 16 with an SDQ score",
        SDQ_SOURCE,
        "lower",
    ),
    _rate(
        "neet_16_17",
        "Post-16",
        "16 and 17 year olds not in education, employment or training, or activity not known",
        "NEET or not known at 16–17",
        "Young people whose latest record is NEET or unknown",
        "16 and 17 year olds in the cohort with a record",
        DESTINATIONS,
        "lower",
    ),
    _rate(
        "care_leavers_eet",
        "Post-16",
        "Care leavers aged 19 to 21 in education, employment or training",
        "Care leavers 19–21 in EET",
        "Care leavers whose latest record is education, employment or training",
        "Care leavers aged 19 to 21 with a record (cohort filter does not apply)",
        DESTINATIONS,
        "higher",
    ),
)

BY_ID: dict[str, Measure] = {measure.id: measure for measure in MEASURES}
SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(measure.section for measure in MEASURES))
