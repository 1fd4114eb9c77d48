"""Geoparser fixes for issue 4: parts of towns, admin fallback for unknown villages, short aliases.

All sentences and gazetteer rows are illustrative, written for these tests.
"""

from __future__ import annotations

import pytest
from tests.conftest import place_row as _row

from sitrep.geo import Geocoder
from sitrep.geo.gazetteer import rows_gazetteer
from sitrep.geo.geocoder import pick_event_location
from sitrep.records import PlaceMention

# illustrative rows (approximate coordinates, invented populations and places)
FIXTURE = [
    _row("Halab City", "SY", "09", 36.20, 37.16, fc="PPLA", pop=2000000, gid=1),
    _row("Aleppo", "SY", "09", 36.20, 37.16, fc="ADM1", source="geo_admin1"),
    _row("Idleb", "SY", "12", 35.93, 36.63, fc="ADM1", names=["Idlib"], source="geo_admin1"),
    _row("Qasrun", "SY", "09", 36.21, 37.15, fc="PPLX", gid=2),  # a quarter of the city
    _row("Sabkhet", "SY", "04", 35.80, 38.90, pop=5000, gid=3),  # a town far from the city
    _row("Dorr", "XX", "01", 10.0, 10.0, pop=3_000_000, gid=4),  # big foreign city, short name
    _row("D'er", "YY", "01", 20.0, 20.0, pop=200_000, gid=5),
    _row("Dara", "SY", "06", 32.62, 36.10, fc="ADM1", source="geo_admin1"),
    _row("Darra", "SY", "06", 32.62, 36.10, fc="PPLA", pop=100_000, gid=6),
    _row("As-Sweida", "SY", "05", 32.71, 36.57, fc="ADM1", names=["Sweida"], source="geo_admin1"),
    _row("Rural Damascus", "SY", "08", 33.57, 36.40, fc="ADM1", source="geo_admin1"),
    _row("Damascus", "SY", "13", 33.51, 36.29, fc="ADM1", source="geo_admin1"),
    _row("Rankos", "SY", "08", 33.76, 36.39, gid=7),
    _row("Haet", "IQ", "01", 33.64, 42.83, pop=40_000, gid=8),  # a town of a neighbouring country
    _row("Big City", "KW", "01", 29.37, 47.97, pop=2_000_000, gid=9, names=["Big City"]),
    _row("Big", "KW", "01", 29.0, 47.0, fc="ADM1", source="geo_admin1"),
]


@pytest.fixture(scope="module")
def geocoder():
    return Geocoder([rows_gazetteer(FIXTURE)])


def _at(name, start, *, kind=None, relation="in", event=True):
    return PlaceMention(
        text=name,
        start=start,
        end=start + len(name),
        relation=relation,
        name=name,
        kind=kind,
        is_event_location=event,
    )


@pytest.mark.parametrize(
    "part,lat,step",
    [
        ("Qasrun", 36.21, "exact"),  # the quarter is in the gazetteer: its own point
        ("Sabkhet", 36.20, "exact"),  # a town of the name elsewhere is not the quarter: the city answers
        ("Unknownia", 36.20, "exact"),  # unknown quarter: the city
    ],
)
def test_neighbourhood_then_town(geocoder, part, lat, step):
    places = [_at(part, 0, kind="neighbourhood"), _at("Halab City", 40, relation=None)]
    res = geocoder.resolve(places, country_hint="SY")
    p, r = pick_event_location(places, res)
    assert r.step == step and r.latitude == pytest.approx(lat)
    assert r.geo_precision == 1 and r.admin1 == "Aleppo"


@pytest.mark.parametrize("relation,precision", [("countryside", 2), ("province", 3)])
def test_unknown_village_falls_back_to_admin(geocoder, relation, precision):
    places = [_at("Kafr Nowhere", 0), _at("Idlib", 25, kind="admin1", relation=relation)]
    res = geocoder.resolve(places, country_hint="SY")
    p, r = pick_event_location(places, res)
    assert p.name == "Idlib" and r.step == "admin"
    assert r.geo_precision == precision and r.admin1 == "Idleb"


@pytest.mark.parametrize("name", ["Deir", "Dar"])
def test_short_alias_without_country_abstains(geocoder, name):
    # "d*r" meets big foreign places; with no country in context the geocoder must not guess
    (r,) = geocoder.resolve([_at(name, 0)])
    assert r.step == "none" and r.latitude is None


def test_short_alias_with_country_in_context(geocoder):
    (r,) = geocoder.resolve([_at("Deir", 0)], country_hint="YY")
    assert r.step == "alias" and r.country_code == "YY"


@pytest.mark.model
@pytest.mark.parametrize(
    "text,part,town,kind",
    [
        (
            "Clashes erupted in the Zarzur neighbourhood of Aleppo on Monday.",
            "Zarzur",
            "Aleppo",
            "neighbourhood",
        ),
        # a Syrian "district" is named after its town: no neighbourhood hint
        ("Gunmen killed a man in the Qatab district of Damascus.", "Qatab", "Damascus", None),
        ("A mortar fell on the Haddad quarter in Raqqa, residents said.", "Haddad", "Raqqa", "neighbourhood"),
        ("Fighting hit the Karmil neighborhood of Idlib overnight.", "Karmil", "Idlib", "neighbourhood"),
    ],
)
def test_town_after_a_named_part_is_the_town(text, part, town, kind):
    from sitrep.geo.mentions import find_places
    from sitrep.nlp import load

    doc = load()(text)
    ps = [p for s in doc.sents for p in find_places(s)]
    names = {p.name: p for p in ps}
    assert part in names and names[part].kind == kind, [(p.text, p.name) for p in ps]
    assert town in names, [(p.text, p.name) for p in ps]
    assert names[town].kind is None and names[town].relation not in ("province", "countryside")


@pytest.mark.model
@pytest.mark.parametrize(
    "text,name",
    [
        ("Regime forces shelled Kafr Zita village in Hama countryside.", "Kafr Zita"),
        ("Rebels attacked Tell Mardikh town of Idlib countryside.", "Tell Mardikh"),
    ],
)
def test_name_does_not_start_inside_a_word(text, name):
    from sitrep.geo.mentions import find_places
    from sitrep.nlp import load

    doc = load()(text)
    names = [p.name for s in doc.sents for p in find_places(s)]
    assert name in names, names


@pytest.mark.parametrize(
    "first,second,expected",
    [
        # the text puts the town in a province: a namesake elsewhere (the provincial capital Darra, a
        # town of the next country) is not it, and the province the text names answers
        ("Darra", "Sweida", "As-Sweida"),
        ("Haet", "Dara", "Dara"),
        # "rural Damascus" is Rural Damascus, not Damascus: Rankos, in Rural Damascus, is kept
        ("Rankos", "Rural Damascus", "Rankos"),
    ],
)
def test_container_province_bounds_the_place(geocoder, first, second, expected):
    places = [_at(first, 0), _at(second, len(first) + 4, kind="admin1", relation="countryside")]
    res = geocoder.resolve(places, country_hint="SY")
    _, r = pick_event_location(places, res)
    assert r.location == expected


def test_container_through_a_chain_of_places(geocoder):
    # "Darra area in Jabal X in Sweida countryside": the province bounds both places before it
    places = [
        _at("Darra", 0, relation="area"),
        _at("Jabal Nowhere", 14, kind="hill"),
        _at("Sweida", 31, kind="admin1", relation="countryside"),
    ]
    res = geocoder.resolve(places, country_hint="SY")
    assert res[0].step == "none"
    assert pick_event_location(places, res)[1].location == "As-Sweida"


def test_designator_that_is_part_of_the_name(geocoder):
    # "Big City": the whole name is a city; "Big" alone would be a province of that country
    p = PlaceMention(text="Big City", start=0, end=8, relation="in", name="Big", is_event_location=True)
    (r,) = geocoder.resolve([p])
    assert r.location == "Big City" and r.geo_precision == 1


@pytest.mark.parametrize(
    "fallback,expected",
    [
        # the article's main town lies in another province: the sentence's own province places the event
        ("Halab City", "Idlib"),
        # ... a town of the province the sentence names is a finer account of the same place
        ("Qasrun", "Qasrun"),
    ],
)
def test_sentence_province_before_article_town(geocoder, fallback, expected):
    # "air strikes on a school in Idlib province" (a sentence at 100-160); the article's main place is a
    # town named elsewhere in the article (at 10)
    own = _at("Idlib" if expected == "Idlib" else "Aleppo", 130, kind="admin1", relation="province")
    places = [own, _at(fallback, 10, relation=None)]
    res = geocoder.resolve(places, country_hint="SY")
    p, r = pick_event_location(places, res, (100, 160))
    assert p.name == expected
    # without the sentence's span the first town wins, as before
    assert pick_event_location(places, res)[0].name == fallback


def _extraction_with(places, sentence=(0, 200)):
    from dataclasses import replace
    from datetime import date

    from sitrep.records import Article, ArticleExtraction, DateResolution, EventMention

    m = EventMention(
        mention_id="a:0", article_id="a", sentence="Illustrative.", sentence_start=sentence[0],
        sentence_end=sentence[1], event_type="Battles", sub_event_type="Armed clash", actor1=None, actor2=None,
        date=DateResolution(date=date(2016, 7, 7), precision=1, method="explicit"),
    )  # fmt: skip
    ex = ArticleExtraction(article=Article(id="a", text="x" * 400), mentions=[m], places=list(places))
    ex.place_candidates[m.mention_id] = [places[0]]
    # another event of the article, read with the rest of its places
    other = replace(m, mention_id="a:250", sentence_start=250, sentence_end=400)
    ex.mentions.append(other)
    ex.place_candidates[other.mention_id] = list(places[1:])
    return ex, m


def test_a_place_the_gazetteer_lacks_is_placed_at_its_articles_province(geocoder):
    """ "Clashes on the Nowhere Road" in an article about Qasrun and Halab City (Aleppo province): the
    road is no gazetteer place; its event takes the province by context, and says so (illustrative)."""
    from sitrep.pipeline import CONTEXT_STEP, geocode_mentions

    road = _at("Nowhere Road", 20)
    ex, m = _extraction_with([road, _at("Qasrun", 250), _at("Halab City", 300), _at("Halab City", 350)])
    geocode_mentions(ex, geocoder, "SY")
    assert m.geo.step == CONTEXT_STEP and m.geo.admin1 == "Aleppo" and m.geo.geo_precision == 3
    assert m.geo.raw == "Nowhere Road" and m.place.name == "Nowhere Road"  # the text's name is kept
    # with no resolved place in the article, nothing is guessed
    ex, m = _extraction_with([_at("Nowhere Road", 20), _at("Elsewhere Hill", 250)])
    geocode_mentions(ex, geocoder, "SY")
    assert m.geo.step == "none"
