"""Geography: nearest neighbours agree with a brute-force geodesic search."""

from __future__ import annotations

import itertools
import json
import random
import time
from pathlib import Path

import pytest
from geopy.distance import geodesic
from geopy.exc import GeocoderUnavailable

from generator.geography import (
    GeocodeError,
    Geocoder,
    in_service_area,
    miles_beyond,
    miles_within,
    nearest_neighbours,
    zip_place,
)
from generator.settings import ServiceArea


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


def test_nearest_neighbours_match_brute_force_where_programs_cluster() -> None:
    # As listings do: bunched round a few town centres (a ZIP code's centre standing in
    # for addresses without coordinates), several at one point, some with a second
    # location, and a few far out. Cells sized for an even spread would hold whole clusters.
    rng = random.Random(7)
    centres = [(30.27 + rng.uniform(-0.5, 0.5), -97.74 + rng.uniform(-0.5, 0.5))
               for _ in range(8)]
    points: dict[str, list[tuple[float, float]]] = {}
    for i in range(240):
        lat, lon = rng.choice(centres)
        here = [(lat, lon)] if i % 4 == 0 else [
            (lat + rng.uniform(-0.004, 0.004), lon + rng.uniform(-0.004, 0.004))]
        if i % 9 == 0:
            here.append(rng.choice(centres))
        points[f"c{i:03}"] = here
    points.update({f"far{i}": [(31.5 + i * 0.3, -99.0)] for i in range(3)})
    found = nearest_neighbours(points, count=3)
    checked = [*sorted(points)[:24:2], *sorted(points)[-3:]]
    for slug in checked:
        expected = _brute_force(points, slug, 3)
        got = [(n.slug, n.miles) for n in found[slug]]
        assert [s for s, _ in got] == [s for s, _ in expected], slug
        for (_, miles), (_, exact) in zip(got, expected, strict=True):
            assert abs(miles - exact) < 1e-6
    # Programs at one point are each other's nearest, at no distance, in name order.
    here = sorted(s for s, locs in points.items() if centres[0] in locs)
    lone = next(s for s in here if len(points[s]) == 1)
    others = [s for s in here if s != lone]
    assert [(n.slug, n.miles) for n in found[lone]] == [(s, 0.0) for s in others[:3]]


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


# --- geocoding: the committed cache, and the rate limit when online ---------------------


def test_the_cache_answers_without_the_network(tmp_path: Path) -> None:
    cache = tmp_path / ".geocode-cache.json"
    cache.write_text(json.dumps({"1 Main St, Austin, TX, 78701": [30.26, -97.74]}))
    calls: list[str] = []
    offline = Geocoder(cache, online=False, lookup=calls.append)  # type: ignore[arg-type]
    assert offline.locate("1 Main St, Austin, TX, 78701") == (30.26, -97.74)
    assert offline.locate("2 Other St, Austin, TX, 78701") is None
    assert calls == [], "offline, nothing is ever looked up"


def test_online_lookups_keep_the_rate_limit_and_save_once(tmp_path: Path) -> None:
    cache = tmp_path / ".geocode-cache.json"
    times: list[float] = []

    def lookup(address: str) -> tuple[float, float]:
        times.append(time.monotonic())
        return (30.0 + len(times) / 100, -97.7)

    online = Geocoder(cache, online=True, lookup=lookup, min_delay_seconds=0.3)
    for n in range(3):
        online.locate(f"{n} Main St, Austin, TX")
    online.locate("0 Main St, Austin, TX")  # cached: no fourth call
    assert len(times) == 3
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.3 * 0.95, gaps
    assert not cache.exists(), "nothing is written until the run saves"
    online.save()
    assert json.loads(cache.read_text())["2 Main St, Austin, TX"] == [30.03, -97.7]


def test_a_failed_lookup_is_none_and_prints_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def unreachable(address: str) -> tuple[float, float]:
        raise GeocoderUnavailable("network is unreachable")

    online = Geocoder(None, online=True, lookup=unreachable, min_delay_seconds=0.01)
    assert online.locate("1 Main St, Austin, TX") is None
    captured = capsys.readouterr()
    assert captured.out == captured.err == ""


@pytest.mark.parametrize("text", ["{bad", "[1, 2]", '{"1 Main St": "here"}',
                                  '{"1 Main St": [NaN, 0]}', '{"1 Main St": [999, 0]}',
                                  '{"1 Main St": [30.1, Infinity]}'])
def test_a_broken_cache_is_a_clear_error(tmp_path: Path, text: str) -> None:
    cache = tmp_path / ".geocode-cache.json"
    cache.write_text(text)
    with pytest.raises(GeocodeError, match=r"\.geocode-cache\.json: the geocode cache"):
        Geocoder(cache)


@pytest.mark.parametrize("seed", range(3))
def test_beyond_and_within_agree_with_the_geodesic_right_at_the_limit(seed: int) -> None:
    # Limits set at the true geodesic distance, a hair either side: where the quick
    # great-circle estimate alone would decide wrongly if it were trusted near the edge.
    rng = random.Random(seed)
    for _ in range(50):
        a = (rng.uniform(29.5, 31.0), rng.uniform(-98.5, -97.0))
        b = (rng.uniform(29.5, 31.0), rng.uniform(-98.5, -97.0))
        exact = geodesic(a, b).miles
        for limit in (exact * 0.997, exact * 0.9999, exact * 1.0001, exact * 1.003):
            beyond, within = miles_beyond(a, b, limit), miles_within(a, b, limit)
            assert (beyond is not None) is (exact > limit), (a, b, limit)
            assert (within is not None) is (exact <= limit), (a, b, limit)
            for found in (beyond, within):
                assert found is None or found == pytest.approx(exact, rel=1e-9)
