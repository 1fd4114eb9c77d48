"""find_places on illustrative sentences (written for these tests; they need the spaCy model)."""

from __future__ import annotations

import pytest

from sitrep.geo.mentions import find_places

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    from sitrep.nlp import load

    return load()


def places(nlp, text):
    doc = nlp(text)
    out = [p for sent in doc.sents for p in find_places(sent)]
    for p in out:  # offsets are char offsets into the Doc text
        assert doc.text[p.start : p.end] == p.text
    return out


def by_name(ps, name):
    hits = [p for p in ps if p.name == name]
    assert hits, [(p.text, p.name) for p in ps]
    return hits[0]


@pytest.mark.parametrize(
    "text,name,relation,kind",
    [
        ("Gunmen clashed with soldiers in Kafr Tala town in Dara countryside.", "Kafr Tala", "in", None),
        (
            "Gunmen clashed with soldiers in Kafr Tala town in Dara countryside.",
            "Dara",
            "countryside",
            "admin1",
        ),
        ("Shelling hit the village of Umm Batna on Monday.", "Umm Batna", None, None),
        ("Militants attacked a patrol in rural Hasakeh.", "Hasakeh", "countryside", "admin1"),
        ("Two civilians were killed in Idlib province on Friday.", "Idlib", "province", "admin1"),
        ("Two civilians were killed in Idlib governorate on Friday.", "Idlib", "province", "admin1"),
        ("Clashes erupted in the northern countryside of Hama overnight.", "Hama", "countryside", "admin1"),
        (
            "A car bomb exploded in the Sheikh Maqsoud neighbourhood of Aleppo.",
            "Sheikh Maqsoud",
            "in",
            "neighbourhood",
        ),
        ("The jihadists attacked an army post north of Palmyra.", "Palmyra", "north of", None),
        ("Fighting was reported on the outskirts of Tabqa.", "Tabqa", "outskirts", None),
        ("Rockets fell near al-Mishlab, residents said.", "al-Mishlab", "near", None),
        ("Rebels shelled positions in al-Bukamal and ar-Rai.", "ar-Rai", "in", None),
        # designators written capitalised, as coders often do
        ("Gunmen attacked a checkpoint in Tell Bisa Village in Homs Province.", "Tell Bisa", "in", None),
        ("Gunmen attacked a checkpoint in Tell Bisa Village in Homs Province.", "Homs", "province", "admin1"),
        ("A sniper killed a soldier in Al Bab City on Monday.", "Al Bab", "in", None),
        # a name goes on through its inner article even when the model tagged only its first word
        ("A blast killed two fighters in Deir ez Zor.", "Deir ez Zor", "in", None),
        # "Town - Quarter", as coders write a part of a town: the town
        ("Gunmen shot a policeman in Homs - Bayada on Friday.", "Homs", "in", None),
        # a settlement the text does not name, in a province: the province, not its capital
        ("Jets dropped gas on an Idlib village at dawn.", "Idlib", "province", "admin1"),
        ("Shelling hit two Hama villages overnight.", "Hama", "province", "admin1"),
        ("Shelling hit the Hama village of Kafr Zita.", "Kafr Zita", None, None),
        ("Jets struck rebel-held north-western Idlib on Monday.", "Idlib", "countryside", "admin1"),
        (
            "A suspected chemical attack in northwestern Syria killed dozens.",
            "Syria",
            "countryside",
            "admin1",
        ),
    ],
)
def test_place_name_relation_kind(nlp, text, name, relation, kind):
    p = by_name(places(nlp, text), name)
    assert p.relation == relation
    assert p.kind == kind
    assert p.is_event_location


@pytest.mark.parametrize(
    "text,name",
    [
        ("Thousands of families fled to Turkey after the strikes on Maarat Misrin.", "Turkey"),
        ("Rebels who advanced from Jisr al-Shughur stormed the hill near Bidama.", "Jisr al-Shughur"),
        ("Militias backed by Iran shelled the town of Hawija.", "Iran"),
        ("A Britain-based monitor said ten people died in Douma.", "Britain"),
    ],
)
def test_non_event_places(nlp, text, name):
    ps = places(nlp, text)
    assert not by_name(ps, name).is_event_location
    assert any(p.is_event_location for p in ps)


@pytest.mark.parametrize(
    "text,bad",
    [
        ("The Syrian Observatory for Human Rights said that clashes continued in Daraa.", "observatory"),
        ("Islamic State fighters attacked Syrian Democratic Forces in Hajin.", "islamic state"),
        # a scraped time stamp: a month's abbreviation after "at" is no place
        ("Last updated at Apr 05 2017 Shelling hit the town of Hass in Idlib.", "apr"),
    ],
)
def test_organisations_are_not_places(nlp, text, bad):
    ps = places(nlp, text)
    assert all(bad not in p.text.lower() for p in ps)
    assert any(p.is_event_location for p in ps)


def test_offsets_in_later_sentences(nlp):
    text = "Nothing happened on Sunday. On Monday, gunmen attacked a checkpoint in Busra al-Harir town."
    p = by_name(places(nlp, text), "Busra al-Harir")
    assert p.start > text.index("Monday")


def test_province_after_a_village_is_the_province(nlp):
    p = by_name(places(nlp, "Unknown gunmen killed a man in Kafr Shams in Daraa."), "Daraa")
    assert p.kind == "admin1"


def test_acronym_posts_are_not_places(nlp):
    ps = places(nlp, "Gunmen attacked a QSD checkpoint in the town of Shaddadi.")
    assert [p.name for p in ps] == ["Shaddadi"]


@pytest.mark.parametrize(
    "text, name, side",
    [
        ("Damascus denied the reports of a chemical attack.", "Damascus", True),
        ("Moscow defended its Damascus ally at the Security Council.", "Damascus", True),
        ("The Damascus government said rebels shelled the city.", "Damascus", True),
        ("Shelling hit Damascus on Monday.", "Damascus", False),
        ("Two civilians were killed in Damascus.", "Damascus", False),
    ],
)
def test_a_capital_speaking_or_allied_names_a_side(nlp, text, name, side):
    from sitrep.geo.mentions import names_a_side

    doc = nlp(text)
    ps = [p for s in doc.sents for p in find_places(s)]
    assert names_a_side(doc, by_name(ps, name)) is side


@pytest.mark.parametrize(
    "text,name,kind,absent",
    [
        # an unnamed part of a town is placed at the town ("district of X" names no district)
        (
            "At least 15 civilians were killed in raids in a northern district of Tell Abiad.",
            "Tell Abiad",
            None,
            None,
        ),
        ("Shells fell on a western quarter of Kafr Nabl on Monday.", "Kafr Nabl", None, None),
        # a country's possessive before the place, with or without its apostrophe
        (
            "Gunmen attacked two villages in central Syrias Hama province on Thursday.",
            "Hama",
            "admin1",
            "Syrias",
        ),
        # a day written after the place is no part of its name
        (
            "Nine civilians were killed in rebel shelling of western Aleppo Saturday.",
            "Aleppo",
            "admin1",
            "Aleppo Saturday",
        ),
        # who holds a place is not its name
        ("Airstrikes hit the Daesh-held town of Tell Abiad on Monday.", "Tell Abiad", None, "Daesh-held"),
    ],
)
def test_names_without_what_is_written_around_them(nlp, text, name, kind, absent):
    ps = places(nlp, text)
    assert by_name(ps, name).kind == kind
    if absent:
        assert absent not in {p.name for p in ps}
