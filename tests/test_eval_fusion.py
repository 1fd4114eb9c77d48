"""The labelled fusion pairs and ``sitrep eval fusion`` (sitrep.eval.fusion)."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from tests.conftest import FAKES, ROOT, need

from sitrep.errors import EvalError
from sitrep.eval.fusion import evaluate_fusion, read_pairs

PAIRS = ROOT / "tests" / "data" / "fusion_pairs.jsonl"


def test_pair_file_holds_references_only():
    items = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(items) >= 300
    assert len({i["pair_id"] for i in items}) == len(items)
    for item in items:
        assert set(item) == {"pair_id", "a", "b", "label", "split", "why"}
        assert item["label"] in ("same", "different") and item["split"] in ("dev", "test")
        assert item["a"]["article_id"] != item["b"]["article_id"]
        for side in ("a", "b"):
            assert set(item[side]) == {"article_id", "start", "end"}
            assert 0 <= item[side]["start"] < item[side]["end"]
        assert len(item["why"].split()) <= 20  # a reason, not a quotation
    counts = Counter((i["label"], i["split"]) for i in items)
    assert counts[("same", "test")] >= 20 and counts[("different", "test")] >= 60


def test_unlabelled_pair_is_an_error(tmp_path):
    bad = tmp_path / "pairs.jsonl"
    bad.write_text(json.dumps({"pair_id": "x", "a": {}, "b": {}, "label": "unsure", "split": "dev"}) + "\n")
    with pytest.raises(EvalError):
        read_pairs(bad, "all")


# measured 2026-12-01 (`sitrep eval fusion --split test`, event gate and reference mentions on)
# measured 0.941 / 0.640 on 2026-12-02 20:10, 0.938 / 0.600 at 22:30 (one Ghouta pair lost: README)
FLOORS = {"precision": 0.90, "recall": 0.60}


@pytest.mark.model
@pytest.mark.shared
def test_fusion_floors_on_held_out_pairs():
    report = evaluate_fusion(PAIRS, need(FAKES), split="test")
    assert report.pairs == sum(1 for p in read_pairs(PAIRS, "test"))
    for key, floor in FLOORS.items():
        assert getattr(report, key) >= floor, (key, getattr(report, key), floor)


PAIRS2 = ROOT / "tests" / "data" / "fusion_pairs2.jsonl"
# the pairs drawn without sitrep (tests/data/README.md), held-out split: 1.000 / 0.286 measured
# 2026-12-04 (`sitrep eval fusion tests/data/fusion_pairs2.jsonl --split test`): recall is far from the
# target on events as outlets tell them; the floors keep it from falling further
FLOORS2 = {"precision": 0.90, "recall": 0.25}


def test_second_pair_set_is_references_only():
    items = read_pairs(PAIRS2, "all")
    assert len(items) == 152 and len({p["pair_id"] for p in items}) == 152
    assert all(set(p) == {"pair_id", "a", "b", "label", "split", "why"} for p in items)
    assert all(set(p["a"]) == {"article_id", "start", "end"} for p in items)


@pytest.mark.model
@pytest.mark.shared
def test_fusion_floors_on_held_out_pairs_drawn_without_sitrep():
    report = evaluate_fusion(PAIRS2, need(FAKES), split="test")
    for key, floor in FLOORS2.items():
        assert getattr(report, key) >= floor, (key, getattr(report, key), floor)
