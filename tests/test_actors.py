"""Actor mentions and roles (sitrep.extract.actors). Sentences are illustrative, written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.extract.actors import assign_roles, canonical_name, find_actors

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    from sitrep.nlp import load

    return load()


def _sent(nlp, text, published=None, country=None):
    doc = nlp(text)
    doc._.sitrep_published = published
    doc._.sitrep_country = country
    return next(iter(doc.sents))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The regime bombed the town.", "Military Forces of Syria (2000-)"),
        ("Syrian government forces advanced.", "Military Forces of Syria (2000-)"),
        ("ISIS fighters attacked the base.", "Islamic State (Syria)"),
        ("Daesh claimed the attack.", "Islamic State (Syria)"),
        ("The SDF said it repelled the attack.", "QSD: Syrian Democratic Forces"),
        ("Fighters of the YPG were wounded.", "YPG: Peoples Protection Units"),
        ("Hayat Tahrir al-Sham took the hill.", "HTS: Hayat Tahrir al Sham"),
        ("Russian warplanes struck the village.", "Military Forces of Russia (2000-)"),
        ("The US-led coalition carried out strikes.", "Global Coalition Against Daesh"),
        ("Unknown gunmen opened fire.", "Unidentified Armed Group (Syria)"),
        ("Rebel factions shelled the district.", "Opposition Rebels (Syria)"),
        ("Hezbollah fighters were killed.", "Hezbollah"),
        (
            "Regime 4th Division members were deployed.",
            "Military Forces of Syria (2000-) 4th Armored Division",
        ),
    ],
)
def test_aliases(nlp, text, name):
    assert name in [a.name for a in find_actors(_sent(nlp, text))]


def test_is_the_verb_is_no_actor(nlp):
    assert find_actors(_sent(nlp, "The situation is calm and it is quiet.")) == []


def test_country_suffix_and_offsets(nlp):
    text = "Gunmen attacked a checkpoint in Mosul."
    sent = _sent(nlp, text, country="Iraq")
    (a,) = find_actors(sent)
    assert a.name == "Unidentified Armed Group (Iraq)"
    assert text[a.start : a.end] == a.text == "Gunmen"


def test_dated_names_follow_publication():
    spec = [{"name": "Old", "to": date(2020, 1, 1)}, {"name": "New", "from": date(2020, 1, 2)}]
    assert canonical_name(spec, "Syria", date(2019, 5, 1)) == "Old"
    assert canonical_name(spec, "Syria", date(2021, 5, 1)) == "New"
    assert canonical_name(spec, "Syria", None) == "New"
    assert canonical_name({"Syria": "S", "Iraq": "I"}, "Iraq") == "I"


def _roles(nlp, text, trigger_word):
    sent = _sent(nlp, text)
    trig = next(t for t in sent if t.text == trigger_word)
    r = assign_roles(sent, trig, find_actors(sent))
    return (r.actor1.name if r.actor1 else None, r.actor2.name if r.actor2 else None, r)


@pytest.mark.parametrize(
    ("text", "trigger", "actor1", "actor2"),
    [
        (
            "Regime forces captured the village from the rebels.",
            "captured",
            "Military Forces of Syria (2000-)",
            "Opposition Rebels (Syria)",
        ),
        ("The village was captured by IS fighters.", "captured", "Islamic State (Syria)", None),
        (
            "Clashes took place between the SDF and IS cells near the river.",
            "Clashes",
            "QSD: Syrian Democratic Forces",
            "Islamic State (Syria)",
        ),
        (
            "Clashes took place between regime forces, supported by pro-regime militias, and rebel factions.",
            "Clashes",
            "Military Forces of Syria (2000-)",
            "Opposition Rebels (Syria)",
        ),
        (
            "Unknown gunmen shot dead a civilian in the market.",
            "shot",
            "Unidentified Armed Group (Syria)",
            "Civilians (Syria)",
        ),
        (
            "Two soldiers were killed by rebel snipers.",
            "killed",
            "Opposition Rebels (Syria)",
            "Military Forces of Syria (2000-)",
        ),
        (
            "Turkish forces clashed with the YPG near the border.",
            "clashed",
            "Military Forces of Turkey (2016-)",
            "YPG: Peoples Protection Units",
        ),
    ],
)
def test_roles(nlp, text, trigger, actor1, actor2):
    a1, a2, _ = _roles(nlp, text, trigger)
    assert (a1, a2) == (actor1, actor2)


def test_supporters_are_associated_actors(nlp):
    *_, r = _roles(
        nlp,
        "Clashes took place between regime forces, supported by pro-regime militias, and rebel factions.",
        "Clashes",
    )
    assert [a.name for a in r.assoc_actor_1] == ["Militia (Pro-Government)"]


def test_civilians_are_targets(nlp):
    *_, r = _roles(nlp, "Three civilians were killed in the village.", "killed")
    assert r.actor1 is None and r.civilian_targeting
