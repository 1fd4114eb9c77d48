"""Load test of the web server (issue 8): 1,000 API requests from a second local process, no error.

The latency figures are measured and reported by scripts/loadtest.py; a test checks only that every
request was answered (no timed assertion)."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")

from sitrep.web.load import run_load, serve_in_subprocess  # noqa: E402

pytestmark = pytest.mark.model


def test_thousand_requests_from_another_process_without_error(web_db):
    with serve_in_subprocess(web_db) as url:
        report = run_load(url, 1000)
    assert report.requests == 1000
    assert report.errors == 0, report.error_samples
    assert set(report.by_route) == {
        "events",
        "events?type",
        "events?since",
        "event",
        "article",
        "meta",
        "events?place",
    }
    assert 0 < report.p50_ms <= report.p99_ms <= report.max_ms


@pytest.mark.parametrize("url", ["http://10.0.0.1:8000", "http://example.org", "http://192.168.1.2:80"])
def test_load_targets_only_this_machine(url):
    with pytest.raises(ValueError, match="only targets this machine"):
        run_load(url, 1)
