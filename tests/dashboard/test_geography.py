"""`dashboard.geography`: the shipped district boundaries and the plain-Python geometry on them."""

from __future__ import annotations

import copy
import itertools
import json
import math
from collections import Counter

import pytest

from dashboard.geography import (
    DEFAULT_PATH,
    EARTH_RADIUS_KM,
    area_km2,
    clockwise,
    features_by_code,
    label_point,
    load_districts,
    outline_paths,
    quadrant_outline,
    ring_area_km2,
)

DISTRICTS = {
    "E07000136": "Boston",
    "E07000137": "East Lindsey",
    "E07000138": "Lincoln",
    "E07000139": "North Kesteven",
    "E07000140": "South Holland",
    "E07000141": "South Kesteven",
    "E07000142": "West Lindsey",
}
BOSTON, EAST_LINDSEY, LINCOLN, NORTH_KESTEVEN = "E07000136", "E07000137", "E07000138", "E07000139"
WEST_LINDSEY = "E07000142"
# ONS Standard Area Measurements (area to mean high water), as published for these districts.
ONS_AREA_KM2 = {LINCOLN: 35.69, EAST_LINDSEY: 1766.0}


@pytest.fixture(scope="module")
def districts() -> dict[str, dict]:
    return features_by_code(load_districts())


def edges(feature: dict) -> list[tuple]:
    """Every non-degenerate edge of a feature, undirected."""
    found = []
    for polygon in feature["geometry"]["coordinates"]:
        for ring in polygon:
            for start, end in itertools.pairwise(ring):
                if start != end:
                    found.append(tuple(sorted((tuple(start), tuple(end)))))
    return found


def inside(point: tuple[float, float], feature: dict) -> bool:
    """Ray casting, written independently of the module under test."""
    x, y = point
    crossings = 0
    for polygon in feature["geometry"]["coordinates"]:
        for ring in polygon:
            for (x1, y1), (x2, y2) in itertools.pairwise(ring):
                if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                    crossings += 1
    return crossings % 2 == 1


def polygon_feature(*polygons) -> dict:
    return {
        "type": "Feature",
        "properties": {"lad20cd": "T", "lad20nm": "Test"},
        "geometry": {"type": "MultiPolygon", "coordinates": [list(p) for p in polygons]},
    }


def planar_signed_area(ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)) / 2


# Loading ------------------------------------------------------------------------------------------


def test_the_shipped_file_holds_the_seven_districts_with_codes_and_names():
    geojson = load_districts()

    assert DEFAULT_PATH.name == "lincolnshire_districts.geojson"
    assert DEFAULT_PATH.parent.name == "assets"
    assert geojson["type"] == "FeatureCollection"
    assert len(geojson["features"]) == 7
    found = {f["properties"]["lad20cd"]: f["properties"]["lad20nm"] for f in geojson["features"]}
    assert found == DISTRICTS
    assert {f["geometry"]["type"] for f in geojson["features"]} == {"MultiPolygon"}


def test_the_licence_travels_with_the_boundaries():
    licence = (DEFAULT_PATH.parent / "GEOGRAPHY-LICENCE.md").read_text(encoding="utf-8")

    assert "Open Government Licence v3.0" in licence
    assert "Contains OS data © Crown copyright and database right 2020" in licence
    assert "Office for National Statistics" in licence


def test_loading_is_cached_and_another_path_can_be_read(tmp_path):
    assert load_districts() is load_districts()
    other = tmp_path / "one.geojson"
    feature = polygon_feature([[[0, 0], [1, 0], [0, 1], [0, 0]]])
    other.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))

    loaded = load_districts(other)

    assert [f["properties"]["lad20cd"] for f in loaded["features"]] == ["T"]
    assert load_districts(str(other)) is loaded


# Areas --------------------------------------------------------------------------------------------


def test_an_octant_of_the_sphere_has_an_eighth_of_its_area():
    octant = [[0, 0], [90, 0], [0, 90], [0, 0]]
    eighth = 4 * math.pi * EARTH_RADIUS_KM**2 / 8

    assert ring_area_km2(octant) == pytest.approx(eighth, rel=1e-12)
    assert ring_area_km2(octant[::-1]) == pytest.approx(-eighth, rel=1e-12)


def test_a_small_cell_matches_the_closed_form_for_a_latitude_band():
    # 0.01° × 0.01° at 53°N: edges this short are as good as parallels and meridians.
    west, south, size = -0.5, 53.0, 0.01
    cell = [[west, south], [west + size, south], [west + size, south + size], [west, south + size]]
    cell.append(cell[0])
    expected = (
        EARTH_RADIUS_KM**2
        * math.radians(size)
        * (math.sin(math.radians(south + size)) - math.sin(math.radians(south)))
    )

    assert area_km2(polygon_feature([cell])) == pytest.approx(expected, rel=1e-6)
    assert 0.74 < expected < 0.75  # about 670 m × 1,110 m


def test_holes_are_subtracted_whichever_way_they_are_wound():
    outer = [[0, 50], [1, 50], [1, 51], [0, 51], [0, 50]]
    hole = [[0.25, 50.25], [0.75, 50.25], [0.75, 50.75], [0.25, 50.75], [0.25, 50.25]]
    whole = area_km2(polygon_feature([outer]))
    hole_area = area_km2(polygon_feature([hole]))

    assert area_km2(polygon_feature([outer, hole])) == pytest.approx(whole - hole_area)
    assert area_km2(polygon_feature([outer, hole[::-1]])) == pytest.approx(whole - hole_area)
    assert area_km2(polygon_feature([outer[::-1]])) == pytest.approx(whole)
    assert hole_area == pytest.approx(whole / 4, rel=0.01)


def test_the_parts_of_a_multipolygon_are_added():
    first = [[0, 50], [1, 50], [1, 51], [0, 50]]
    second = [[2, 50], [3, 50], [3, 51], [2, 50]]

    both = area_km2(polygon_feature([first], [second]))

    assert both == pytest.approx(
        area_km2(polygon_feature([first])) + area_km2(polygon_feature([second]))
    )


@pytest.mark.parametrize(("code", "published"), sorted(ONS_AREA_KM2.items()))
def test_district_areas_agree_with_ons_within_one_per_cent(districts, code, published):
    assert area_km2(districts[code]) == pytest.approx(published, rel=0.01)


def test_lincoln_and_east_lindsey_round_to_the_published_figures(districts):
    assert round(area_km2(districts[LINCOLN])) == 36
    assert round(area_km2(districts[EAST_LINDSEY]), -1) == 1760


def test_every_district_has_a_plausible_area_and_the_county_about_5900_km2(districts):
    areas = {code: area_km2(feature) for code, feature in districts.items()}

    assert min(areas, key=areas.get) == LINCOLN
    assert max(areas, key=areas.get) == EAST_LINDSEY
    assert all(30 < area < 1800 for area in areas.values())
    assert sum(areas.values()) == pytest.approx(5900, rel=0.01)


# Label points -------------------------------------------------------------------------------------


def test_every_district_label_point_lies_inside_the_district(districts):
    for code, feature in districts.items():
        assert inside(label_point([feature]), feature), DISTRICTS[code]


def test_a_group_is_labelled_inside_its_largest_district(districts):
    point = label_point([districts[BOSTON], districts[EAST_LINDSEY]])

    assert inside(point, districts[EAST_LINDSEY])
    assert not inside(point, districts[BOSTON])


def test_a_u_shape_whose_centroid_falls_outside_is_labelled_inside():
    u_shape = [[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]
    feature = polygon_feature([u_shape])
    centroid_x, centroid_y = 1.5, 19 / 14  # (9 × 1.5 − 2 × 2) / 7: in the gap of the U
    assert not inside((centroid_x, centroid_y), feature)

    point = label_point([feature])

    assert inside(point, feature)


def test_label_point_of_nothing_is_an_error():
    with pytest.raises(ValueError, match="No polygons"):
        label_point([])


# Outlines -----------------------------------------------------------------------------------------


def test_a_quadrant_outline_drops_the_border_its_districts_share(districts):
    boston, east_lindsey = districts[BOSTON], districts[EAST_LINDSEY]
    shared = set(edges(boston)) & set(edges(east_lindsey))

    outline = quadrant_outline([boston, east_lindsey])
    apart = quadrant_outline([boston]) + quadrant_outline([east_lindsey])

    assert len(shared) > 50  # the two districts meet along a long, exactly shared border
    assert len(outline) < len(apart)
    assert len(outline) == len(apart) - 2 * len(shared)
    assert not {tuple(sorted(segment)) for segment in outline} & shared


def test_one_district_outline_is_its_own_boundary(districts):
    outline = quadrant_outline([districts[LINCOLN]])

    assert len(outline) == len(edges(districts[LINCOLN])) == 95
    assert all(
        isinstance(point, tuple) and len(point) == 2 for segment in outline for point in segment
    )


def test_lincoln_shares_every_border_vertex_with_its_neighbours(districts):
    # Lincoln is surrounded by North Kesteven and West Lindsey: with exactly shared vertices no
    # edge of Lincoln survives in the outline of the three together.
    group = [districts[LINCOLN], districts[NORTH_KESTEVEN], districts[WEST_LINDSEY]]

    outline = {tuple(sorted(segment)) for segment in quadrant_outline(group)}

    assert not outline & set(edges(districts[LINCOLN]))


def test_the_county_outline_is_closed_rings_enclosing_the_county_area(districts):
    features = list(districts.values())
    outline = quadrant_outline(features)
    leaving = Counter(start for start, _ in outline)
    arriving = Counter(end for _, end in outline)

    paths = outline_paths(outline)

    assert leaving == arriving  # every vertex entered as often as left: closed, no loose ends
    assert all(path[0] == path[-1] for path in paths)
    assert sum(len(path) - 1 for path in paths) == len(outline)
    assert len(paths) < 10
    assert sum(ring_area_km2(path) for path in paths) == pytest.approx(
        sum(area_km2(feature) for feature in features), rel=1e-9
    )


def test_outline_paths_join_segments_end_to_start():
    a, b, c, d = (0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (5.0, 5.0)

    assert outline_paths([(a, b), (b, c), (c, a)]) == [[a, b, c, a]]
    assert outline_paths([(b, c), (d, a), (a, b)]) == [[b, c], [d, a, b]]
    assert outline_paths([]) == []


# Winding for Plotly -------------------------------------------------------------------------------


def test_clockwise_winds_exteriors_clockwise_and_holes_anticlockwise_on_a_copy():
    outer = [[0, 50], [1, 50], [1, 51], [0, 51], [0, 50]]  # anticlockwise, as GeoJSON winds it
    hole = [[0.25, 50.25], [0.25, 50.75], [0.75, 50.75], [0.75, 50.25], [0.25, 50.25]]  # clockwise
    geojson = {"type": "FeatureCollection", "features": [polygon_feature([outer, hole])]}
    before = copy.deepcopy(geojson)

    wound = clockwise(geojson)

    ((exterior, inner),) = wound["features"][0]["geometry"]["coordinates"]
    assert planar_signed_area(exterior) < 0
    assert planar_signed_area(inner) > 0
    assert geojson == before
    assert clockwise(wound) == wound


def test_the_shipped_file_is_wound_anticlockwise_and_clockwise_reverses_every_ring():
    geojson = load_districts()
    rings = [r for f in geojson["features"] for p in f["geometry"]["coordinates"] for r in p]
    wound = clockwise(geojson)
    wound_rings = [r for f in wound["features"] for p in f["geometry"]["coordinates"] for r in p]

    assert all(planar_signed_area(ring) > 0 for ring in rings)
    assert wound_rings == [ring[::-1] for ring in rings]
