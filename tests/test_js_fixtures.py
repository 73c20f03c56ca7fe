"""The fixtures of the finder's JavaScript tests (tests/js/fixtures/) are what
tests/js/make_fixtures.py writes today: geopy's distances, the `zipcodes` centroids and the
generator's current data format. So nobody edits an expected value by hand, and a change
of the format reaches the JavaScript tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).parent / "js" / "make_fixtures.py"


def test_the_javascript_fixtures_are_what_make_fixtures_writes() -> None:
    spec = importlib.util.spec_from_file_location("make_fixtures", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = module.fixtures()
    assert set(made) == {"index.json", "places.json", "distances.json"}
    for name, text in made.items():
        committed = (module.FIXTURES / name).read_text(encoding="utf-8")
        assert committed == text, (
            f"tests/js/fixtures/{name} is out of date: "
            "run .venv/bin/python tests/js/make_fixtures.py")
