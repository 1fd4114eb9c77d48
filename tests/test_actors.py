"""Actor mentions and roles (sitrep.extract.actors). Sentences are illustrative, written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.extract.actors import assign_roles, canonical_name, fill_unidentified, find_actors

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
        # ACLED's own name written without its period
        (
            "Clashes took place between the Military Forces of Syria and rebels.",
            "Military Forces of Syria (2000-)",
        ),
        ("Russian air defenses intercepted two drones.", "Military Forces of Russia (2000-)"),
        ("The drones were intercepted by Russian defences.", "Military Forces of Russia (2000-)"),
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
        # the holder of the place hit is never the perpetrator
        (
            "At least 72 people were killed in an air strike on the rebel-held town of Khan Sheikhun.",
            "killed",
            None,
            "Civilians (Syria)",
        ),
        (
            "Government forces shelled opposition-controlled areas of Douma.",
            "shelled",
            "Military Forces of Syria (2000-)",
            "Opposition Rebels (Syria)",
        ),
        # ... nor is an actor naming the land ("rebel territory"), while "rebel positions" are a target
        (
            "A car bomb exploded in rebel territory near the town, killing five people.",
            "exploded",
            None,
            "Civilians (Syria)",
        ),
        (
            "Regime forces shelled rebel positions near the town.",
            "shelled",
            "Military Forces of Syria (2000-)",
            "Opposition Rebels (Syria)",
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


# --- rules that build ACLED names from the text (sentences below are illustrative, written for these tests)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # (1) a numbered unit right after a state force is that force's unit
        (
            "The regime's 17th Division clashed with IS near the oasis.",
            "Military Forces of Syria (2000-) 17th Division",
        ),
        (
            "Regime 52nd Armoured Brigade members shelled the hills.",
            "Military Forces of Syria (2000-) 52nd Armored Brigade",
        ),
        (
            "Military Intelligence members raided a house.",
            "Military Forces of Syria (2000-) Military Intelligence",
        ),
        ("The National Defence Forces attacked the village.", "QDW: National Defence Forces"),
        # a force named by its asset, also for the countries actors.yml lists itself
        ("Gunmen fired on a Russian patrol near the town.", "Military Forces of Russia (2000-)"),
        ("Rebels attacked two Turkish armored vehicles on the road.", "Military Forces of Turkey (2016-)"),
        ("Syrian air defences engaged the missiles.", "Military Forces of Syria (2000-)"),
        # (2) armed locals of a place, tribes and clans
        (
            "Clashes broke out between two armed families in the village of Kafr Nasr over land.",
            "Kafr Nasr Communal Militia (Syria)",
        ),
        ("Armed residents of Umm Batna attacked a checkpoint.", "Umm Batna Communal Militia (Syria)"),
        ("Members of the Albu Hamad tribe clashed with a patrol.", "Albu Hamad Tribal Militia (Syria)"),
        ("A member of the Jubour clan was shot dead.", "Jubour Clan Militia (Syria)"),
        # "<name> tribal militiamen": the adjective names the tribe's fighters
        ("Clashes broke out between Hadidi tribal militiamen and a patrol.", "Hadidi Tribal Militia (Syria)"),
        ("Gunmen shot a member of the Al Marzouq tribal militia.", "Al Marzouq Tribal Militia (Syria)"),
        ("Clashes took place between two tribes in the village.", "Unidentified Tribal Militia (Syria)"),
        ("Armed IDPs clashed with a patrol in the camp.", "Militia (Refugees/IDPs)"),
        # a plural adjective names each conjunct; a force's bare possessive still owns its unit
        (
            "Clashes took place between Al Hadi and Dalim tribal militias near the well.",
            "Al Hadi Tribal Militia (Syria)",
        ),
        (
            "Gunmen killed two regime forces' military intelligence members.",
            "Military Forces of Syria (2000-) Military Intelligence",
        ),
        (
            "Gunmen killed a member of the Syrian Military Intelligence.",
            "Military Forces of Syria (2000-) Military Intelligence",
        ),
        # numbered rebel formations ACLED names as written
        ("3rd Corps fighters clashed with the group.", "3rd Corps"),
        # ACLED codes US forces in Syria as the coalition they lead; abbreviations with or without the dot
        ("U.S. forces clashed with IS near the town.", "Global Coalition Against Daesh"),
        ("IS attacked a joint U.S forces patrol.", "Global Coalition Against Daesh"),
        # a neighbour's forces in a Syrian report are that neighbour's, with its dated name
        ("Iraqi troops clashed with IS near the border.", "Military Forces of Iraq (2022-)"),
        # (3) generic actors
        ("An unidentified armed individual stabbed a fighter.", "Unidentified Armed Group (Syria)"),
        ("An armed cell planted a bomb on the road.", "Unidentified Armed Group (Syria)"),
        ("Drug dealers fired at the border guards.", "Unidentified Armed Group (Syria)"),
        ("Gunmen killed a shepherd near the village.", "Civilians (Syria)"),
        # ACLED's own names and acronyms
        ("JaS fighters clashed with the group.", "JaS: Levant Front"),
        ("The Liberation Army of Afrin shelled the town.", "Liberation Army of Afrin"),
    ],
)
def test_rule_names(nlp, text, name):
    assert name in [a.name for a in find_actors(_sent(nlp, text))]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # a numbered division without a state cue may be a rebel one: no state unit is made up
        ("The 30th Division attacked the hill.", "Military Forces of Syria (2000-) 30th Division"),
        # "Army" inside an unknown proper name is not the regime's army
        ("The Northern Hawks Army clashed with the group.", "Military Forces of Syria (2000-)"),
        # armed locals of no named place are an unidentified group, not a communal militia
        ("Local gunmen opened fire on a patrol.", "Communal Militia"),
        # a former member or a defector is no longer the group (ACLED: unidentified)
        ("Gunmen shot dead a former commander of the Free Syrian Army in Tafas.", "JSH: Free Syrian Army"),
        ("Gunmen shot and wounded a regime forces defector in Tafas.", "Military Forces of Syria (2000-)"),
        # the generated "<demonym> <noun>" words lose ties to the alias list
        ("The Syrian National Army shelled the village.", "Military Forces of Syria (2000-)"),
        # a demonym before "tribal fighters" is no tribe's name
        ("Arab tribal fighters attacked the checkpoint.", "Arab Tribal Militia"),
        # a capital as the place, not the government it stands for
        ("Clashes took place among drug dealers in rural Damascus.", "Military Forces of Syria (2000-)"),
        ("Gunmen attacked a checkpoint in the Damascus countryside.", "Military Forces of Syria (2000-)"),
        # unarmed residents stay civilians
        ("Shelling killed three residents of the town.", "Communal Militia"),
    ],
)
def test_rule_names_absent(nlp, text, absent):
    assert not any(absent in a.name for a in find_actors(_sent(nlp, text)))


def test_plural_tribes_name_each_side(nlp):
    names = [
        a.name for a in find_actors(_sent(nlp, "The Bani Saad and Al Hawi tribes clashed near the river."))
    ]
    assert names == ["Bani Saad Tribal Militia (Syria)", "Al Hawi Tribal Militia (Syria)"]


@pytest.mark.parametrize(
    ("country", "name"),
    [("Syria", "Tall Nasr Communal Militia (Syria)"), ("Iraq", "Tall Nasr Communal Militia (Iraq)")],
)
def test_generated_names_take_the_country(nlp, country, name):
    sent = _sent(nlp, "Clashes took place between two families in Tall Nasr.", country=country)
    assert name in [a.name for a in find_actors(sent)]


_TIGER = "Tiger Forces advanced on the town."
_SMUGGLERS = "Border guards clashed with smugglers near the crossing."
_DIGNITY = "Gunmen shot at a commander of the Men of Dignity in the town."
_US = "US forces struck a position near the town."


@pytest.mark.parametrize(
    ("text", "published", "name"),
    [
        (
            _TIGER,
            date(2019, 8, 1),
            "Military Forces of Syria (2000-) Tiger Paramilitary Forces (Qawat al Nimr)",
        ),
        (_TIGER, date(2021, 8, 1), "Military Forces of Syria (2000-) 25th Special Mission Forces Division"),
        # ACLED coded armed smugglers as an unidentified group until it gave them an actor of their own
        (_SMUGGLERS, date(2021, 8, 1), "Unidentified Armed Group (Syria)"),
        (_SMUGGLERS, date(2024, 8, 1), "Smugglers (Syria)"),
        (_DIGNITY, date(2020, 5, 1), "Sheikh al-Karama"),
        (_DIGNITY, date(2023, 5, 1), "Rijal al Karama"),
        # US forces in Syria are the coalition once it strikes there
        (_US, date(2013, 8, 30), "Military Forces of the United States (2009-2017)"),
        (_US, date(2019, 5, 1), "Global Coalition Against Daesh"),
    ],
)
def test_names_follow_publication(nlp, text, published, name):
    sent = _sent(nlp, text, published=published)
    assert name in [a.name for a in find_actors(sent)]


@pytest.mark.parametrize(
    ("text", "trigger", "actor1", "actor2"),
    [
        # (4) suspected perpetrators, umbrellas and roles
        (
            "Unknown gunmen believed to be IS fighters attacked an SDF patrol.",
            "attacked",
            "Islamic State (Syria)",
            "QSD: Syrian Democratic Forces",
        ),
        (
            "Ahrar al-Sham fighters operating as part of the National Liberation Front clashed with HTS.",
            "clashed",
            "JTW: National Liberation Front",
            "HTS: Hayat Tahrir al Sham",
        ),
        # any known front is the umbrella a faction "operates under" / is "affiliated to"
        (
            "Unknown gunmen shot dead a Hamza Division commander, affiliated to the Syrian Liberation Front.",
            "shot",
            "Unidentified Armed Group (Syria)",
            "Syrian Liberation Front",
        ),
        (
            "Hamza Brigade fighters operating under the Syrian National Army attacked a QSD checkpoint.",
            "attacked",
            "JWS: Syrian National Army",
            "QSD: Syrian Democratic Forces",
        ),
        # a state unit serving in another is coded as the one it operates under
        (
            "The regime's 8th Brigade operating under the 5th Assault Corps attacked IS cells in the desert.",
            "attacked",
            "Military Forces of Syria (2000-) 5th Assault Corps",
            "Islamic State (Syria)",
        ),
        # the other side named before the faction is no member of its umbrella
        (
            "Clashes took place between QSD and Hamza Brigade fighters who operate under the Syrian National "
            "Army near the village.",
            "Clashes",
            "QSD: Syrian Democratic Forces",
            "JWS: Syrian National Army",
        ),
        # the suspicion cue without its "be", as notes write it
        (
            "Unknown gunmen believed to IS members attacked an SDF patrol.",
            "attacked",
            "Islamic State (Syria)",
            "QSD: Syrian Democratic Forces",
        ),
        (
            "QSD forces arrested a cell of five Islamic State members.",
            "arrested",
            "QSD: Syrian Democratic Forces",
            "Islamic State (Syria)",
        ),
        (
            "Armed residents of Umm Batna attacked a regime checkpoint.",
            "attacked",
            "Umm Batna Communal Militia (Syria)",
            "Military Forces of Syria (2000-)",
        ),
    ],
)
def test_rule_roles(nlp, text, trigger, actor1, actor2):
    a1, a2, _ = _roles(nlp, text, trigger)
    assert (a1, a2) == (actor1, actor2)


@pytest.mark.parametrize(
    "text",
    [
        "The SDF, supported by coalition helicopters, raided the village.",
        "The SDF raided the village with the support of coalition helicopters.",
    ],
)
def test_assoc_cues(nlp, text):
    *_, r = _roles(nlp, text, "raided")
    assert r.actor1.name == "QSD: Syrian Democratic Forces"
    assert [a.name for a in r.assoc_actor_1] == ["Global Coalition Against Daesh"]


@pytest.mark.parametrize(
    ("event_type", "a1", "a2", "expected"),
    [
        ("Battles", None, "QSD: Syrian Democratic Forces", ("UAG", "QSD: Syrian Democratic Forces")),
        ("Battles", "Islamic State (Syria)", None, ("Islamic State (Syria)", "UAG")),
        ("Violence against civilians", None, "Civilians (Syria)", ("UAG", "Civilians (Syria)")),
        # an unnamed target of a strike is not coded; protests name their own actors
        (
            "Explosions/Remote violence",
            "Military Forces of Russia (2000-)",
            None,
            ("Military Forces of Russia (2000-)", None),
        ),
        ("Protests", None, "Police Forces of Syria (2000-)", (None, "Police Forces of Syria (2000-)")),
        ("Battles", None, None, (None, None)),
        ("Battles", "Tafas Communal Militia (Syria)", None, ("Tafas Communal Militia (Syria)",) * 2),
    ],
)
def test_fill_unidentified(event_type, a1, a2, expected):
    uag = "Unidentified Armed Group (Syria)"
    want = tuple(uag if x == "UAG" else x for x in expected)
    assert fill_unidentified(event_type, a1, a2, "Syria") == want


@pytest.mark.parametrize(
    ("event_type", "actor2", "expected"),
    [
        ("Protests", "Civilians (Syria)", None),  # the crowd's addressees are not a side
        ("Protests", "Police Forces of Syria (2000-)", "Police Forces of Syria (2000-)"),
        ("Violence against civilians", "Civilians (Syria)", "Civilians (Syria)"),
    ],
)
def test_protests_have_no_civilian_actor2(event_type, actor2, expected):
    assert fill_unidentified(event_type, "Protesters (Syria)", actor2, "Syria")[1] == expected


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        # one side named by a conjunction, the other after "against"; the later "exchange ... between both
        # sides" is the same clash and names no side
        (
            "Clashes took place between regime and pro-regime militia forces against rebel factions near "
            "the town, amid an exchange of shelling barrages between both sides.",
            "Military Forces of Syria (2000-)",
            "Opposition Rebels (Syria)",
        ),
        # a relative clause closed by its comma describes the first side
        (
            "Clashes broke out between Ahrar al-Sham, which operates in the north, and HTS near the town.",
            "AAS: Ahrar al Sham",
            "HTS: Hayat Tahrir al Sham",
        ),
        # the sponsor of a backed actor is not a side
        (
            "Clashes took place between Turkey backed Ahrar al-Sham and the SDF near the village.",
            "AAS: Ahrar al Sham",
            "QSD: Syrian Democratic Forces",
        ),
        # factions the alias list does not know are named as written
        (
            "Clashes took place between members of Liwa al Fursan and Katibat Shuhada al-Qarya near the mill.",
            "Liwa al Fursan",
            "Katibat Shuhada al-Qarya",
        ),
        # an umbrella named after a faction is the side ACLED codes
        (
            "Clashes took place between Liwa al Fursan, which operates under the SDF, and HTS fighters near "
            "the mill.",
            "QSD: Syrian Democratic Forces",
            "HTS: Hayat Tahrir al Sham",
        ),
        # a side fought as part of an operation is the operation (ACLED names the umbrella)
        (
            "On 2 May, shelling took place between Turkish forces supported by rebel factions which operate "
            "under OPS and QSD near the town.",
            "Operation Peace Spring",
            "QSD: Syrian Democratic Forces",
        ),
        # the parse names one side: the other is the first actor of another bloc in the sentence
        (
            "On 2 May, rebel factions operating under OPS and a military council operating under QSD "
            "exchanged shelling on the front.",
            "Operation Peace Spring",
            "QSD: Syrian Democratic Forces",
        ),
        # "the area between A and B" names places, not sides; "IS" is the group, not the verb
        (
            "On 2 May, IS cells ambushed regime positions in the area between Tabqa and Ithariyah, killing "
            "five regime soldiers.",
            "Islamic State (Syria)",
            "Military Forces of Syria (2000-)",
        ),
        # "X supported by Y against Z": Z is the other side, not a supporter
        (
            "Clashes took place between regime forces supported by local fighters against Islamic State "
            "fighters in the desert.",
            "Military Forces of Syria (2000-)",
            "Islamic State (Syria)",
        ),
    ],
)
def test_sides_of_a_clash(nlp, text, actor1, actor2):
    from sitrep.extract.events import classify

    (cand,) = classify(_sent(nlp, text))
    assert (cand.actor1.name, cand.actor2.name) == (actor1, actor2)


def test_between_places_names_no_sides(nlp):
    sent = _sent(nlp, "Gunmen attacked a checkpoint on the road between Kafr Sousa and Tell Abyad.")
    assert not any(a.kind == "other" for a in find_actors(sent))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Unknown gunmen attacked a Golan Regiment post near the town.", "Golan Regiment"),
        ("Fighters of Liwa al Fursan shelled the village.", "Liwa al Fursan"),
    ],
)
def test_group_names_as_written(nlp, text, name):
    assert name in [a.name for a in find_actors(_sent(nlp, text))]


@pytest.mark.parametrize(
    "text",
    [
        # a unit of a known actor, a numbered unit, a former membership: ACLED codes the parent
        "Gunmen killed an officer of the regime's 22nd Air-Defense Brigade near the town.",
        "Gunmen attacked former Liwa al Fursan members near the town.",
        "Clashes erupted between rebels and the Lions of Dawn Brigade, part of the Free Syrian Army.",
    ],
)
def test_group_names_not_for_subunits(nlp, text):
    assert not any(a.kind == "other" for a in find_actors(_sent(nlp, text)))


# illustrative sentences written for these tests
@pytest.mark.parametrize(
    ("text", "trigger", "actor1", "actor2", "assoc1"),
    [
        # a state's forces named alone before "operating as part of" keep their name; the operation
        # is their associated actor
        (
            "Turkish forces operating as part of Operation Peace Spring captured the village from QSD.",
            "captured",
            "Military Forces of Turkey (2016-)",
            "QSD: Syrian Democratic Forces",
            ["Operation Peace Spring"],
        ),
        # coordinated with the operation's factions, the whole side is the operation
        (
            "Turkish forces and SNA fighters operating under Operation Peace Spring attacked QSD positions.",
            "attacked",
            "Operation Peace Spring",
            "QSD: Syrian Democratic Forces",
            [],
        ),
    ],
)
def test_state_forces_keep_their_name_in_an_operation(nlp, text, trigger, actor1, actor2, assoc1):
    a1, a2, r = _roles(nlp, text, trigger)
    assert (a1, a2) == (actor1, actor2)
    assert [a.name for a in r.assoc_actor_1] == assoc1


@pytest.mark.parametrize(
    "text",
    [
        "Clashes took place between YPG and Turkey -backed opposition rebels near the village.",
        "Clashes took place between pro-Turkey opposition factions and YPG near the village.",
    ],
)
def test_sponsors_are_not_sides(nlp, text):
    from sitrep.extract.events import classify

    (cand,) = classify(_sent(nlp, text))
    assert {cand.actor1.name, cand.actor2.name} == {
        "YPG: Peoples Protection Units",
        "Opposition Rebels (Syria)",
    }
    assert "Military Forces of Turkey (2016-)" in [a.name for a in cand.assoc_actor_1 + cand.assoc_actor_2]


def test_pro_sponsor_of_a_person_is_the_sponsor(nlp):
    # no group follows "pro-QSD": ACLED codes the man as the QSD
    sent = _sent(nlp, "Gunmen shot dead a pro-QSD man in the town.")
    qsd = next(a for a in find_actors(sent) if a.name.startswith("QSD"))
    assert qsd.role != "assoc"


@pytest.mark.parametrize(
    ("text", "trigger", "actor2"),
    [
        # illustrative: armed victims named beside civilians are actor2
        (
            "Unknown gunmen attacked a civilian car carrying two regime soldiers near the town.",
            "attacked",
            "Military Forces of Syria (2000-)",
        ),
        (
            "Gunmen attacked a car near the town, killing three people including an Asayish leader.",
            "attacked",
            "Asayish (Syria)",
        ),
        # illustrative: a named unit keeps its name when a generic noun of the force follows it, when the
        # generic force is "of" it, and a militia the regime possesses is that militia
        (
            "Unknown gunmen shot and killed two regime 4th Armored Division soldiers in the town.",
            "shot",
            "Military Forces of Syria (2000-) 4th Armored Division",
        ),
        (
            "Unidentified gunmen assassinated a commander in the regime's QDW in the town.",
            "assassinated",
            "QDW: National Defence Forces",
        ),
    ],
)
def test_armed_victims_units_and_militias_are_actor2(nlp, text, trigger, actor2):
    a1, a2, _ = _roles(nlp, text, trigger)
    assert (a1, a2) == ("Unidentified Armed Group (Syria)", actor2)


def test_civilian_victims_alone_stay_civilians(nlp):
    a1, a2, _ = _roles(nlp, "Gunmen shot dead a civilian in a regime-held area.", "shot")
    assert (a1, a2) == ("Unidentified Armed Group (Syria)", "Civilians (Syria)")


def test_party_to_an_agreement_is_no_side(nlp):
    # illustrative: the regime is named only as the other party of the victim's reconciliation
    a1, a2, _ = _roles(
        nlp,
        "Unknown gunmen shot dead a former rebel who had accepted reconciliation with the regime in the town.",
        "shot",
    )
    assert "Military Forces of Syria (2000-)" not in (a1, a2)
    assert a1 == "Unidentified Armed Group (Syria)"


def test_generic_force_of_a_unit_is_the_unit(nlp):
    names = [
        a.name for a in find_actors(_sent(nlp, "Regime forces of the 4th Armored Division clashed with IS."))
    ]
    assert names == ["Military Forces of Syria (2000-) 4th Armored Division", "Islamic State (Syria)"]


def test_people_caught_with_explosives_are_armed(nlp):
    # illustrative
    a1, a2, _ = _roles(nlp, "Rebels detained two men carrying explosive belts in the city.", "detained")
    assert (a1, a2) == ("Opposition Rebels (Syria)", "Unidentified Armed Group (Syria)")
    a1, a2, _ = _roles(nlp, "Rebels detained two men in the city.", "detained")
    assert a2 == "Civilians (Syria)"


def test_residents_attacking_forces_are_a_communal_militia(nlp):
    a1, a2, _ = _roles(nlp, "Residents of Karak attacked three regime checkpoints near the town.", "attacked")
    assert (a1, a2) == ("Karak Communal Militia (Syria)", "Military Forces of Syria (2000-)")
