"""Figures and dates measured on ACLED notes (the dev split, 2019-2021), read in place from ../shared."""

from __future__ import annotations

import csv
import random
from datetime import datetime
from pathlib import Path

import pytest

from sitrep.extract.dates import resolve_date
from sitrep.extract.figures import fatalities, find_figures
from sitrep.nlp import load

pytestmark = [pytest.mark.shared, pytest.mark.model]

ACLED = Path(__file__).resolve().parents[2] / "shared" / "acled-dev" / "acled_syria_battles_2019-2023.csv"


@pytest.fixture(scope="module")
def dev_rows() -> list[dict[str, str]]:
    if not ACLED.exists():
        pytest.skip(f"{ACLED} is absent (../shared is not beside the checkout)")
    with ACLED.open(encoding="utf-8") as fp:
        rows = [r for r in csv.DictReader(fp) if int(r["year"]) <= 2021]
    return random.Random(5).sample(rows, 300)


def test_fatalities_match_acled_dev(dev_rows):
    nlp = load()
    ok = 0
    for row, doc in zip(dev_rows, nlp.pipe(r["notes"] for r in dev_rows), strict=True):
        figs = [f for sent in doc.sents for f in find_figures(sent, row["event_id_cnty"])]
        ok += fatalities(figs)[0] == int(row["fatalities"])
    # about 0.89 on all dev rows (multi-location splits are not readable from the note alone)
    assert ok / len(dev_rows) >= 0.85


def test_dates_match_acled_dev(dev_rows):
    nlp = load()
    found = ok = 0
    for row, doc in zip(dev_rows, nlp.pipe(r["notes"] for r in dev_rows), strict=True):
        res = next((r for r in (resolve_date(s, None) for s in doc.sents) if r.method != "none"), None)
        if res is None or res.date is None:
            continue
        found += 1
        ok += res.date == datetime.strptime(row["event_date"], "%d %B %Y").date()
    assert found >= 0.9 * len(dev_rows)
    assert ok / found >= 0.99
