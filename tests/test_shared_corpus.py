"""The whole pipeline on real text from ../shared (skipped when absent)."""

from __future__ import annotations

import pytest
from tests.conftest import ACLED, FAKES, need

from sitrep import pipeline
from sitrep.eval import evaluate_acled
from sitrep.export import to_dict, validate

pytestmark = [pytest.mark.model, pytest.mark.shared]


def test_fakes_corpus_runs_end_to_end_and_validates():
    result = pipeline.extract([str(need(FAKES))])
    assert len(result.articles) == 804
    assert sum(a.ok for a in result.articles) >= 780
    doc = to_dict(result)
    validate(doc)
    assert len(result.events) > 1000
    assert len(result.figures) > 4000
    # every event is traceable to sentences of articles that exist
    ids = {a.id for a in result.articles}
    assert all(s.article_id in ids and s.sentence for e in result.events for s in e.sources)


# Floors pinned just under the figures measured on the held-out sample (README, "Measured");
# they exist so that quality cannot silently fall.
FLOORS = {
    # measured 2026-11-24 on this sample: 0.993, 0.877, 0.965, 0.988, 0.31, 0.93, 0.738, 0.91
    "event_found": 0.98,
    "sub_event_type_accuracy": 0.86,
    "fatalities_exact": 0.94,
    "event_date_exact": 0.97,
    "within_10km": 0.29,
    "admin1_agreement": 0.91,
    "actor_agreement": 0.71,
    "actor1_agreement": 0.88,
}


def test_acled_eval_floors():
    report = evaluate_acled(need(ACLED), split="test", limit=400)
    assert report.rows == 400
    for key, floor in FLOORS.items():
        assert getattr(report, key) >= floor, (key, getattr(report, key), floor)
