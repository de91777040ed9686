"""`Filters`: the one typed, validated statement of what the user is looking at.

It travels from the URL query string (or the filter bar's inputs) to the data layer unchanged.
Anything it does not recognise is refused with a message a person can act on; nothing unvalidated
reaches SQL. Area and setting codes are checked for form here and for existence in the gateway,
which knows the warehouse and the user's scope.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

from data_access.codes import COHORTS, OUT_OF_COUNTY, PHASES

DEFAULT_COHORT = "CLA12"
QUERY_KEYS = ("cohort", "phase", "setting", "from", "to", "area")
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,20}", re.ASCII)
YEAR_PATTERN = re.compile(r"([0-9]{4})/([0-9]{2})")
COHORT_LABELS = {
    "CLA": "Children looked after (at any time in the year)",
    "CLA12": "Children looked after for 12 months at 31 March",
    "PLAC": "Previously looked-after children",
    "CIN": "Children in need",
    "CPP": "Children on a child protection plan",
}


class FilterError(ValueError):
    """A filter value that is not allowed; the message says which and what is."""


def _one_of(name: str, value: str | None, allowed: Iterable[str]) -> str | None:
    if value in (None, ""):
        return None
    if value not in allowed:
        raise FilterError(f"Unknown {name} {value!r}. Choose one of: {', '.join(allowed)}.")
    return value


def _code(name: str, value: str | None) -> str | None:
    if value in (None, ""):
        return None
    if not CODE_PATTERN.fullmatch(value):
        raise FilterError(f"{name.capitalize()} {value!r} is not a valid code.")
    return value


def _year(name: str, value: str | None) -> str | None:
    if value in (None, ""):
        return None
    match = YEAR_PATTERN.fullmatch(value)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise FilterError(f"The {name} year {value!r} is not an academic year like 2019/20.")
    return value


@dataclass(frozen=True)
class Filters:
    cohort: str = DEFAULT_COHORT
    phase: str | None = None
    setting: str | None = None
    year_from: str | None = None
    year_to: str | None = None
    areas: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.cohort not in COHORTS:
            raise FilterError(
                f"Unknown cohort {self.cohort!r}. Choose one of: {', '.join(COHORTS)}."
            )
        _one_of("setting phase", self.phase, PHASES)
        _code("setting", self.setting)
        _year("first", self.year_from)
        _year("last", self.year_to)
        if self.year_from and self.year_to and self.year_from > self.year_to:
            raise FilterError(
                f"The first year {self.year_from} comes after the last year {self.year_to}."
            )
        for area in self.areas:
            _code("area", area)
        object.__setattr__(self, "areas", tuple(sorted(set(self.areas))))

    @classmethod
    def from_inputs(
        cls,
        cohort: str | None = None,
        phase: str | None = None,
        setting: str | None = None,
        year_from: str | None = None,
        year_to: str | None = None,
        areas: Iterable[str] | None = None,
    ) -> Filters:
        """From the filter bar's values; empty values mean 'all'."""
        if areas is not None and not isinstance(areas, list | tuple):
            raise FilterError(f"Areas must be a list of area codes, not {type(areas).__name__}.")
        for value in (cohort, phase, setting, year_from, year_to, *(areas or ())):
            if value is not None and not isinstance(value, str):
                raise FilterError(f"A filter value must be text, not {type(value).__name__}.")
        return cls(
            cohort=cohort or DEFAULT_COHORT,
            phase=phase or None,
            setting=setting or None,
            year_from=year_from or None,
            year_to=year_to or None,
            areas=tuple(areas or ()),
        )

    @classmethod
    def from_query(cls, query: str | None) -> Filters:
        """From a URL query string such as `?cohort=CLA&from=2018/19&area=north`."""
        params = parse_qs((query or "").lstrip("?"), keep_blank_values=True)
        unknown = sorted(set(params) - set(QUERY_KEYS))
        if unknown:
            raise FilterError(
                f"Unknown filter {unknown[0]!r}. Filters are: {', '.join(QUERY_KEYS)}."
            )
        for key, values in params.items():
            if key != "area" and len(values) > 1:
                raise FilterError(f"The filter {key!r} is given more than once.")
        single = {key: values[0] for key, values in params.items() if key != "area"}
        return cls.from_inputs(
            cohort=single.get("cohort"),
            phase=single.get("phase"),
            setting=single.get("setting"),
            year_from=single.get("from"),
            year_to=single.get("to"),
            areas=[area for area in params.get("area", []) if area],
        )

    def to_query(self) -> str:
        """The canonical query string ('' for the defaults), so equal filters give equal links."""
        pairs = [
            (key, value)
            for key, value in (
                ("cohort", None if self.cohort == DEFAULT_COHORT else self.cohort),
                ("phase", self.phase),
                ("setting", self.setting),
                ("from", self.year_from),
                ("to", self.year_to),
            )
            if value
        ]
        pairs += [("area", area) for area in self.areas]
        return f"?{urlencode(pairs, safe='/')}" if pairs else ""

    def with_years(self, year_from: str | None, year_to: str | None) -> Filters:
        return Filters(self.cohort, self.phase, self.setting, year_from, year_to, self.areas)

    def with_areas(self, areas: Iterable[str]) -> Filters:
        if isinstance(areas, str):
            raise FilterError("Areas must be a list of area codes, not one string.")
        return Filters(
            self.cohort, self.phase, self.setting, self.year_from, self.year_to, tuple(areas)
        )

    def describe(self, area_names: dict[str, str] | None = None, children: bool = True) -> str:
        """A one-line note of the filters for chart captions; `children=False` for figures
        about adults or settings, where cohort and phase do not apply."""
        names = area_names or {}
        parts = []
        if children:
            parts.append(COHORT_LABELS[self.cohort])
            if self.setting:
                parts.append(f"setting {self.setting}")
            elif self.phase:
                parts.append(f"{self.phase.replace('_', ' ')} settings")
        if self.year_from or self.year_to:
            parts.append(f"{self.year_from or 'first year'} to {self.year_to or 'latest year'}")
        if self.areas:
            labels = [names.get(area, _area_label(area)) for area in self.areas]
            parts.append("areas: " + ", ".join(labels))
        else:
            parts.append("whole county, including children placed out of county")
        return "; ".join(parts)

    def slug(self) -> str:
        """The filters in a form fit for a file name."""
        parts = [self.cohort, self.phase, self.setting, self.year_from, self.year_to, *self.areas]
        return "_".join(part.replace("/", "-") for part in parts if part)


def _area_label(area: str) -> str:
    return "Out of county" if area == OUT_OF_COUNTY else area
