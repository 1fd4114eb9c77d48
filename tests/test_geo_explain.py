"""The `sitrep geocode` debug view returns typed records (illustrative text and gazetteer rows)."""

from __future__ import annotations

import pytest

from sitrep.geo import Geocoder, PlaceExplanation, explain
from sitrep.geo.gazetteer import PlaceRow, rows_gazetteer

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def geocoder():
    rows = [
        PlaceRow(
            "fixture",
            "1",
            "Manbij",
            36.53,
            37.95,
            country_code="SY",
            admin1_code="09",
            feature_code="PPL",
            population=100000,
            geonameid=1,
        ),
        PlaceRow(
            "geo_admin1",
            "SY.09",
            "Aleppo",
            36.2,
            37.16,
            country_code="SY",
            admin1_code="09",
            feature_code="ADM1",
        ),
    ]
    return Geocoder([rows_gazetteer(rows)])


def test_explain_lists_mentions_candidates_and_choice(geocoder):
    from sitrep.nlp import load

    out = explain(
        "Clashes broke out in Menbij in the eastern countryside of Aleppo.",
        load(),
        geocoder,
        country_hint="SY",
    )
    assert all(isinstance(x, PlaceExplanation) for x in out)
    by_name = {x.mention.name: x for x in out}
    assert by_name["Menbij"].step == "alias"
    assert by_name["Menbij"].candidates[0].name == "Manbij"
    assert by_name["Aleppo"].step == "admin"
    d = by_name["Menbij"].as_dict()
    assert d["location"] == "Manbij" and d["candidates"][0]["country_code"] == "SY"
