"""Geography: nearest neighbours agree with a brute-force geodesic search."""

from __future__ import annotations

import random

from geopy.distance import geodesic

from generator.config import ServiceArea
from generator.geography import in_service_area, nearest_neighbours, zip_place


def _brute_force(points: dict, slug: str, count: int) -> list[tuple[str, float]]:
    distances = [
        (other, min(geodesic(a, b).miles for a in points[slug] for b in locs))
        for other, locs in points.items() if other != slug and locs
    ]
    return sorted(distances, key=lambda item: (item[1], item[0]))[:count]


def test_nearest_neighbours_match_brute_force_geodesic() -> None:
    rng = random.Random(3)
    points = {
        f"p{i}": [(30.27 + rng.uniform(-0.6, 0.6), -97.74 + rng.uniform(-0.6, 0.6))
                  for _ in range(rng.choice([1, 1, 2]))]
        for i in range(150)
    }
    points["telehealth"] = []
    found = nearest_neighbours(points, count=3)
    assert "telehealth" not in found
    for slug in list(points)[:40]:
        expected = _brute_force(points, slug, 3)
        got = [(n.slug, n.miles) for n in found[slug]]
        assert [s for s, _ in got] == [s for s, _ in expected]
        for (_, miles), (_, exact) in zip(got, expected, strict=True):
            assert abs(miles - exact) < 1e-6


def test_a_lone_program_has_no_neighbours_and_a_far_one_is_found() -> None:
    assert nearest_neighbours({"a": [(30.0, -97.0)]}) == {"a": []}
    far = nearest_neighbours({"a": [(30.0, -97.0)], "b": [(40.7, -74.0)]})
    assert far["a"][0].slug == "b"
    assert abs(far["a"][0].miles - geodesic((30.0, -97.0), (40.7, -74.0)).miles) < 1e-6


def test_service_area_boundary_uses_the_geodesic() -> None:
    area = ServiceArea((30.2672, -97.7431), 60)
    # 59.98 geodesic miles east: within 1% of the edge, so the exact distance decides.
    inside, miles = in_service_area((30.2672, -96.74), area)
    assert miles == geodesic((30.2672, -97.7431), (30.2672, -96.74)).miles
    assert inside
    outside, _ = in_service_area((30.2672, -96.70), area)
    assert not outside


def test_zip_lookup() -> None:
    place = zip_place("78664")
    assert place is not None and place.city == "Round Rock" and place.state == "TX"
    assert zip_place("00000") is None
