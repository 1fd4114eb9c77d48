"""Shared fixtures: paths to the demo articles and to ../shared (tests that need it skip when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

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
