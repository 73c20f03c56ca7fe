"""The Lighthouse benchmark's own logic (bench/lighthouse_bench.py): reading a report, the
medians, the bar, and its gzip server. Lighthouse itself is too slow for the test suite; the
benchmark runs it (make bench)."""

from __future__ import annotations

import gzip
import http.client
from pathlib import Path
from typing import Any

import pytest

from bench.lighthouse_bench import (
    foreign_requests,
    lost_points,
    medians,
    scores_of,
    served,
    shifted,
    shortfalls,
)


def report(perf: float = 0.97, a11y: float | None = 1.0, cls: float = 0.0) -> dict[str, Any]:
    """The parts of a Lighthouse 12 JSON report that the benchmark reads."""
    audits: dict[str, Any] = {
        "cumulative-layout-shift": {"numericValue": cls, "score": 1},
        "first-contentful-paint": {"numericValue": 1200.0, "score": 0.98},
        "largest-contentful-paint": {"numericValue": 1500.0, "score": 1},
        "total-blocking-time": {"numericValue": 250.0, "score": 0.8, "displayValue": "250 ms"},
        "speed-index": {"numericValue": 2000.0, "score": 1},
        "color-contrast": {"score": 0, "displayValue": None},
        "meta-description": {"score": 1},
        "offscreen-images": {"score": 0.5},
        "network-requests": {"details": {"items": [
            {"url": "http://127.0.0.1:8123/"},
            {"url": "http://127.0.0.1:8123/assets/main.css"},
            {"url": "data:image/svg+xml,<svg/>"},
            {"url": "https://fonts.example.net/font.woff2"},
        ]}},
    }
    categories = {
        "performance": {"score": perf, "auditRefs": [
            {"id": "total-blocking-time", "weight": 30},
            {"id": "offscreen-images", "weight": 0},  # informative: costs no point
        ]},
        "accessibility": {"score": a11y, "auditRefs": [{"id": "color-contrast", "weight": 7}]},
        "best-practices": {"score": 1.0, "auditRefs": []},
        "seo": {"score": 0.92, "auditRefs": [{"id": "meta-description", "weight": 1}]},
    }
    return {"categories": categories, "audits": audits, "finalDisplayedUrl": "http://x/"}


def test_scores_are_percent_and_metrics_milliseconds() -> None:
    figures = scores_of(report(perf=0.946, cls=0.012))
    assert figures == {"performance": 95, "accessibility": 100, "best-practices": 100,
                       "seo": 92, "cls": 0.012, "fcp": 1200.0, "lcp": 1500.0,
                       "tbt": 250.0, "si": 2000.0}


def test_a_failed_run_is_an_error_not_a_zero() -> None:
    with pytest.raises(ValueError, match="accessibility"):
        scores_of(report(a11y=None))
    broken = report() | {"runtimeError": {"code": "NO_FCP", "message": "no paint"}}
    with pytest.raises(ValueError, match="no paint"):
        scores_of(broken)


def test_medians_per_figure() -> None:
    runs = [{"performance": 90.0, "cls": 0.2}, {"performance": 99.0, "cls": 0.0},
            {"performance": 95.0, "cls": 0.01}]
    assert medians(runs) == {"performance": 95.0, "cls": 0.01}
    assert medians(runs[:2]) == {"performance": 94.5, "cls": 0.1}


def test_the_bar_is_95_and_cls_under_005() -> None:
    passing = {"performance": 95, "accessibility": 100, "best-practices": 96, "seo": 100,
               "cls": 0.049, "cls_throttled": 0.0}
    assert shortfalls("home", passing) == []
    failing = passing | {"performance": 94.5, "seo": 80, "cls_throttled": 0.05}
    assert shortfalls("home", failing) == [
        "home: performance 94.5 < 95", "home: seo 80 < 95", "home: cls_throttled 0.050 >= 0.05"]
    assert shortfalls("x", passing | {"cls": 0.3}) == ["x: cls 0.300 >= 0.05"]


def test_lost_points_name_only_weighted_audits_that_did_not_pass() -> None:
    assert lost_points(report()) == ["performance/total-blocking-time (250 ms)",
                                     "accessibility/color-contrast (score 0.00)"]


def test_requests_to_other_hosts_are_found() -> None:
    assert foreign_requests(report(), "127.0.0.1") == ["https://fonts.example.net/font.woff2"]


def test_shifted_elements() -> None:
    moved = {"audits": {"layout-shifts": {"details": {"items": [
        {"node": {"selector": "footer.md-footer"}, "score": 0.31},
        {"score": 0.001},  # Lighthouse lists shifts it cannot tie to a node too
    ]}}}}
    assert shifted(moved) == ["footer.md-footer 0.310"]
    assert shifted({"audits": {}}) == []


def test_server_gzips_text_as_a_host_would(tmp_path: Path) -> None:
    page = "<!doctype html><title>t</title>" + "<p>words words words</p>" * 200
    (tmp_path / "find").mkdir()
    (tmp_path / "find" / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG not text")
    with served(tmp_path) as base:
        connection = http.client.HTTPConnection(base.removeprefix("http://"))
        connection.request("GET", "/find/?zip=78745", headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        body = response.read()
        assert response.status == 200
        assert response.getheader("Content-Encoding") == "gzip"
        assert int(response.getheader("Content-Length") or 0) == len(body) < len(page) / 5
        assert gzip.decompress(body).decode() == page
        # Same connection (HTTP/1.1 keep-alive); no gzip asked, none sent; images as they are.
        connection.request("GET", "/find/index.html")
        response = connection.getresponse()
        assert response.getheader("Content-Encoding") is None
        assert response.read().decode() == page
        connection.request("GET", "/logo.png", headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        assert response.getheader("Content-Encoding") is None
        assert response.read() == b"\x89PNG not text"
        connection.request("GET", "/missing/", headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        response.read()
        assert response.status == 404
        connection.close()
