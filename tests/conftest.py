"""Shared fixtures: paths to the demo articles and to ../shared (tests that need it skip when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.geo.gazetteer import PlaceRow

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
SHARED = ROOT.parent / "shared"
FAKES = SHARED / "corpus" / "fakes.jsonl"
ACLED = SHARED / "acled-dev" / "acled_syria_battles_2019-2023.csv"
GAZETTEER = SHARED / "gazetteer"


def need(path: Path) -> Path:
    """Skip the calling test cleanly when a ../shared file is absent."""
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is not beside the checkout)")
    return path


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


def place_row(name, cc, a1, lat, lon, *, fc="PPL", pop=0, names=(), source="fixture", gid=None) -> PlaceRow:
    """One gazetteer row for the tiny illustrative gazetteers of the geo tests."""
    return PlaceRow(
        source=source,
        source_id=f"{cc}:{name}:{fc}:{lat}",
        name=name,
        latitude=lat,
        longitude=lon,
        country_code=cc,
        admin1_code=a1,
        feature_code=fc,
        population=pop,
        geonameid=gid,
        names=list(names),
    )
