"""Lincolnshire's district boundaries and the little geometry the county map needs.

The boundaries are ONS Local Authority Districts (December 2020), generalised (BGC), WGS84,
shipped in `assets/` (see `assets/GEOGRAPHY-LICENCE.md`). Plain Python, no GIS library: a GeoJSON
FeatureCollection of (Multi)Polygons, coordinates `[lon, lat]` in degrees.

In this file neighbouring districts share their border vertices exactly (no gaps, no overlaps, no
vertex of one lying part-way along an edge of another), so the outline of a group of districts is
simply the edges that only one of its rings uses (`quadrant_outline`).
"""

from __future__ import annotations

import copy
import itertools
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "assets" / "lincolnshire_districts.geojson"
CODE_KEY = "lad20cd"
NAME_KEY = "lad20nm"

Point = tuple[float, float]
Segment = tuple[Point, Point]
Ring = Sequence[Sequence[float]]


def load_districts(path: str | Path | None = None) -> dict:
    """The district boundaries as a GeoJSON FeatureCollection, read once per path.

    The same dict is returned on every call: treat it as read-only (the figure builders do).
    """
    return _read(Path(path) if path else DEFAULT_PATH)


@lru_cache(maxsize=4)
def _read(path: Path) -> dict:
    with path.open(encoding="utf-8") as file:
        return json.load(file)


def features_by_code(geojson: dict) -> dict[str, dict]:
    """Each feature under its district code (`properties.lad20cd`)."""
    return {feature["properties"][CODE_KEY]: feature for feature in geojson["features"]}


def polygons(feature: dict) -> list[list[Ring]]:
    """A feature's polygons, each a list of rings (exterior first, then holes)."""
    geometry = feature["geometry"]
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"Not a polygon: {geometry['type']}")


def _points(ring: Ring) -> list[Point]:
    """A ring's points as (lon, lat) tuples (any altitude dropped)."""
    return [(float(point[0]), float(point[1])) for point in ring]


def ring_area_km2(ring: Ring) -> float:
    """The signed area of a ring on the sphere (km²): positive when it runs anticlockwise.

    Exact for great-circle edges: the sum over edges of the spherical excess of the quadrilateral
    between the edge and the equator (Chamberlain & Duquette, "Some algorithms for polygons on a
    sphere", 2007). The ring must not enclose a pole.
    """
    excess = 0.0
    for (lon1, lat1), (lon2, lat2) in itertools.pairwise(_points(ring)):
        t1 = math.tan(math.radians(lat1) / 2)
        t2 = math.tan(math.radians(lat2) / 2)
        half_dlon = math.radians(lon2 - lon1) / 2
        excess += 2 * math.atan2(math.tan(half_dlon) * (t1 + t2), 1 + t1 * t2)
    return -excess * EARTH_RADIUS_KM**2  # the sum runs negative for an anticlockwise ring


def polygon_area_km2(polygon: Sequence[Ring]) -> float:
    """A polygon's area (km²): its exterior less its holes, whichever way the rings run."""
    exterior, *holes = polygon
    return abs(ring_area_km2(exterior)) - sum(abs(ring_area_km2(hole)) for hole in holes)


def area_km2(feature: dict) -> float:
    """The area of a district (km²) on a sphere of radius 6,371.0088 km, holes subtracted."""
    return sum(polygon_area_km2(polygon) for polygon in polygons(feature))


def label_point(features: Iterable[dict]) -> Point:
    """A point inside the largest polygon of `features`, for a label: its centroid when that lies
    inside the polygon, else the middle of the widest span across the polygon at that latitude."""
    largest = max(
        (polygon for feature in features for polygon in polygons(feature)),
        key=polygon_area_km2,
        default=None,
    )
    if largest is None:
        raise ValueError("No polygons to label")
    lon, lat = _centroid(largest)
    if _inside(lon, lat, largest):
        return lon, lat
    return _widest_span_middle(lat, largest)


def _centroid(polygon: Sequence[Ring]) -> Point:
    """The area-weighted centroid in lon/lat (an affine map of any local projection, so the same
    point), holes subtracted."""
    total = sum_x = sum_y = 0.0
    for index, ring in enumerate(polygon):
        sign = 1.0 if index == 0 else -1.0
        area, x, y = _planar_moments(ring)
        if area < 0:  # orient exterior positive and holes negative, whatever the input
            area, x, y = -area, -x, -y
        total += sign * area
        sum_x += sign * x
        sum_y += sign * y
    return sum_x / total, sum_y / total


def _planar_moments(ring: Ring) -> tuple[float, float, float]:
    area = moment_x = moment_y = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(_points(ring)):
        cross = x1 * y2 - x2 * y1
        area += cross / 2
        moment_x += (x1 + x2) * cross / 6
        moment_y += (y1 + y2) * cross / 6
    return area, moment_x, moment_y


def _crossings(lat: float, polygon: Sequence[Ring]) -> list[float]:
    """The longitudes where the parallel `lat` crosses the polygon's rings (half-open rule)."""
    found = []
    for ring in polygon:
        for (x1, y1), (x2, y2) in itertools.pairwise(_points(ring)):
            if (y1 > lat) != (y2 > lat):
                found.append(x1 + (lat - y1) * (x2 - x1) / (y2 - y1))
    return sorted(found)


def _inside(lon: float, lat: float, polygon: Sequence[Ring]) -> bool:
    return sum(1 for x in _crossings(lat, polygon) if x > lon) % 2 == 1


def _widest_span_middle(lat: float, polygon: Sequence[Ring]) -> Point:
    crossings = _crossings(lat, polygon)
    spans = list(zip(crossings[0::2], crossings[1::2], strict=False))
    if not spans:  # the centroid's parallel misses the polygon: use its first vertex
        lon, lat = polygon[0][0][:2]
        return lon, lat
    west, east = max(spans, key=lambda span: span[1] - span[0])
    return (west + east) / 2, lat


def _edges(features: Iterable[dict]) -> Iterable[Segment]:
    for feature in features:
        for polygon in polygons(feature):
            for ring in polygon:
                for start, end in itertools.pairwise(_points(ring)):
                    if start != end:
                        yield start, end


def _key(segment: Segment) -> Segment:
    start, end = segment
    return (start, end) if start <= end else (end, start)


def quadrant_outline(features: Iterable[dict]) -> list[Segment]:
    """The boundary of a group of districts: the edges used by exactly one ring of the group.

    A border between two districts of the group is used twice (once by each) and drops out; so
    does a zero-width spike (an edge walked there and back). Segments keep the direction and order
    of their rings, so consecutive segments mostly join up (see `outline_paths`).
    """
    edges = list(_edges(features))
    uses = Counter(_key(edge) for edge in edges)
    return [edge for edge in edges if uses[_key(edge)] == 1]


def outline_paths(segments: Sequence[Segment]) -> list[list[Point]]:
    """Join segments end to start into polylines, so a line trace needs few breaks.

    An outline from `quadrant_outline` comes back as closed rings (first point = last point).
    """
    leaving: dict[Point, list[int]] = defaultdict(list)
    for index, (start, _) in enumerate(segments):
        leaving[start].append(index)
    used = [False] * len(segments)
    paths = []
    for first, (start, end) in enumerate(segments):
        if used[first]:
            continue
        used[first] = True
        path = [start, end]
        while True:
            following = next((i for i in leaving[path[-1]] if not used[i]), None)
            if following is None:
                break
            used[following] = True
            path.append(segments[following][1])
        paths.append(path)
    return paths


def clockwise(geojson: dict) -> dict:
    """A copy of `geojson` wound the way d3-geo (and so Plotly's `go.Choropleth`) reads polygons:
    exterior rings clockwise, holes anticlockwise.

    GeoJSON (RFC 7946) winds the other way, as the ONS file does; d3 reads an anticlockwise
    exterior as "everything but this shape" and floods the map. The input is not changed.
    """
    wound = copy.deepcopy(geojson)
    for feature in wound["features"]:
        geometry = feature["geometry"]
        rewound = [_wind(polygon) for polygon in polygons(feature)]
        geometry["coordinates"] = rewound[0] if geometry["type"] == "Polygon" else rewound
    return wound


def _wind(polygon: Sequence[Ring]) -> list[Ring]:
    wound = []
    for index, ring in enumerate(polygon):
        anticlockwise = _planar_moments(ring)[0] > 0
        wanted_anticlockwise = index > 0
        wound.append(list(ring) if anticlockwise == wanted_anticlockwise else list(ring)[::-1])
    return wound
