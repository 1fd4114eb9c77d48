"""Event classification (sitrep.extract.events). Sentences are illustrative, written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.extract.events import EventCandidate, classify, is_background, taxonomy

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    from sitrep.nlp import load

    return load()


def _classify(nlp, text: str, published: date | None = date(2020, 3, 10)) -> list[EventCandidate]:
    doc = nlp(text)
    doc._.sitrep_published = published
    out: list[EventCandidate] = []
    for sent in doc.sents:
        out.extend(classify(sent))
    return out


# illustrative sentences, one or more per ACLED sub-event type
SUBTYPES = [
    # what fills a munition is the weapon (illustrative)
    ("Helicopters dropped chlorine gas canisters on the village, activists said.", "Chemical weapon"),
    ("Regime forces fired rockets with chemical warheads at the town on Wednesday.", "Chemical weapon"),
    ("Tear gas canisters were fired at the protesters by police.", "Protest with intervention"),
    # a bombing by a force that strikes from the air is an air strike; by others a remote explosive
    (
        "The bombing carried out by the coalition hit the village at dawn, killing 20 civilians.",
        "Air/drone strike",
    ),
    ("A bombing by the militants killed 12 people in the market on Monday.", "Remote explosive/landmine/IED"),
    # executions by stoning, hanging, crucifixion are one-sided violence (illustrative)
    ("A woman accused of adultery was stoned to death by the militants in the square.", "Attack"),
    ("The militants hanged two men accused of spying in the main square on Friday.", "Attack"),
    # an armed assault on people going about their lives is one-sided violence, not a battle
    ("Bandits ambushed a convoy of traders on the road, killing three.", "Attack"),
    ("Rebels ambushed an army convoy near the town, killing five soldiers.", "Armed clash"),
    ("Armed men attacked a bus on the highway, killing 12 passengers.", "Attack"),
    ("Gunmen held hostage the crew of a fishing boat for two days.", "Abduction/forced disappearance"),
    ("An angry crowd beat a suspected thief to death in the market.", "Mob violence"),
    ("Militiamen burned homes in the village after the fighting.", "Looting/property destruction"),
    ("Police lathi-charged protesters who were blocking the national highway.", "Protest with intervention"),
    ("A dawn-to-dusk bandh called by the opposition was observed in the district.", "Peaceful protest"),
    (
        "Protesters blocked roads and burned tyres demanding the arrest of the killers.",
        "Violent demonstration",
    ),
    # a body found: a killing by an unnamed hand (an armed clash when the dead was armed)
    ("The body of a rebel commander was found dumped near the village on Sunday.", "Armed clash"),
    ("The bodies of two shepherds were found near the town of Kafr Nabl.", "Attack"),
    ("Dock workers went on strike in the port on Monday over unpaid wages.", "Peaceful protest"),
    ("Hundreds of farmers blocked a highway on Monday to protest against the new law.", "Peaceful protest"),
    ("Youths burned tyres and pelted police with stones in the town centre.", "Violent demonstration"),
    ("Gunmen seized three foreign aid workers near the border on Sunday.", "Abduction/forced disappearance"),
    ("Police arrested 25 activists who were protesting outside the embassy.", "Protest with intervention"),
    (
        "Police fired rubber bullets and tear gas at thousands of demonstrators in the capital.",
        "Protest with intervention",
    ),
    (
        "Riot police dispersed a crowd of protesters with batons outside parliament.",
        "Protest with intervention",
    ),
    ("Police and gunmen traded fire for two hours in the northern suburbs.", "Armed clash"),
    ("Helicopter gunships bombed rebel positions in the hills.", "Air/drone strike"),
    ("Police seized a large quantity of explosives at a farm near the town.", "Disrupted weapons use"),
    (
        "Turkish troops set up a new military base near the village on Friday.",
        "Headquarters or base established",
    ),
    ("The militia announced that it had disbanded and handed over its weapons.", "Change to group/activity"),
    ("Government forces clashed with rebel fighters near the village of Kafr Nabl.", "Armed clash"),
    (
        "Fierce fighting broke out between Kurdish fighters and jihadists on the edge of the town.",
        "Armed clash",
    ),
    ("Gunmen opened fire on an army checkpoint outside the town, killing two soldiers.", "Armed clash"),
    (
        "Regime troops recaptured the village of Tal Sultan from the rebels on Tuesday.",
        "Government regains territory",
    ),
    (
        "Syrian army soldiers took control of the hill after heavy clashes with insurgents.",
        "Government regains territory",
    ),
    (
        "Rebel factions seized the town of Jisr al-Shughur from government forces.",
        "Non-state actor overtakes territory",
    ),
    (
        "The Islamic State group captured three villages from the SDF overnight.",
        "Non-state actor overtakes territory",
    ),
    ("Dozens of people suffocated after a chemical attack on the town, doctors said.", "Chemical weapon"),
    (
        "Residents reported a smell of chlorine after helicopters dropped canisters on the district.",
        "Chemical weapon",
    ),
    ("Warplanes carried out air strikes on the market, killing 12 civilians.", "Air/drone strike"),
    ("At least eight people were killed in Russian airstrikes on the town on Sunday.", "Air/drone strike"),
    ("A drone strike hit a car on the road to the airport.", "Air/drone strike"),
    (
        "A suicide bomber blew himself up at the entrance of a mosque, killing nine worshippers.",
        "Suicide bomb",
    ),
    (
        "Government forces shelled the eastern neighbourhoods with mortars and rockets.",
        "Shelling/artillery/missile attack",
    ),
    (
        "Turkish artillery pounded positions of the Kurdish militia near the border.",
        "Shelling/artillery/missile attack",
    ),
    ("A car bomb exploded near a bus station, wounding 15 people.", "Remote explosive/landmine/IED"),
    ("Two shepherds were killed when a landmine went off in the desert.", "Remote explosive/landmine/IED"),
    ("An unknown assailant threw a hand grenade into a shop in the town centre.", "Grenade"),
    ("Militiamen raped two women at a checkpoint, a rights group said.", "Sexual violence"),
    ("Gunmen shot dead a teacher in front of his house.", "Attack"),
    ("The militants executed four civilians in the main square.", "Attack"),
    ("Armed men kidnapped a doctor on his way to the hospital.", "Abduction/forced disappearance"),
    (
        "Hundreds of people demonstrated in the main square against the rising cost of living.",
        "Peaceful protest",
    ),
    (
        "Police fired tear gas to disperse the protesters outside the governorate building.",
        "Protest with intervention",
    ),
    (
        "Security forces opened fire on demonstrators, killing three of them.",
        "Excessive force against protesters",
    ),
    ("Rioters torched the police station and threw stones at officers.", "Violent demonstration"),
    ("An angry mob beat a man to death after accusing him of theft.", "Mob violence"),
    ("The warring sides signed a ceasefire agreement in the southern city.", "Agreement"),
    ("Police arrested twelve people in a raid on the old market.", "Arrests"),
    ("Three rebel factions merged into a new coalition on Monday.", "Change to group/activity"),
    ("Air defences intercepted several missiles over the capital.", "Disrupted weapons use"),
    ("Engineers defused a roadside bomb on the main highway.", "Disrupted weapons use"),
    ("Turkish troops established a new observation post near the town.", "Headquarters or base established"),
    ("Fighters looted shops and houses after entering the village.", "Looting/property destruction"),
    (
        "The jihadists withdrew from the town without a fight, handing it over to the tribal council.",
        "Non-violent transfer of territory",
    ),
    ("The army sent military reinforcements to the front line.", "Other"),
]


@pytest.mark.parametrize(("text", "sub"), SUBTYPES)
def test_sub_event_type(nlp, text, sub):
    cands = _classify(nlp, text)
    assert cands, f"no event found in {text!r}"
    assert cands[0].sub_event_type == sub
    assert cands[0].event_type == taxonomy().sub_to_type[sub]


NON_EVENTS = [
    "The ministry's statement made no mention of any air strikes in the province.",  # illustrative
    "A bus crash killed 30 people on the mountain road on Monday.",
    "The group was founded in 2001 to protest against the war.",
    "The foreign minister met his Russian counterpart in Moscow to discuss the crisis.",
    "An earthquake struck the region, destroying hundreds of buildings.",
    "The United Nations condemned the attack on the hospital.",
    "Raqqa was captured by the jihadists in 2014.",
    "The conflict has killed more than 280,000 people since 2011.",
    "The army will launch an offensive on the town next week, a commander said.",
    "Police said the theft of cars had risen in the capital.",
    "The president said the talks were constructive.",
    "No clashes were reported in the area on Friday.",
    # illustrative: deaths with no perpetrator, ordinary crime, a stated intention
    "An earthquake struck the region on Monday, killing more than 200 people.",
    "Three people died in a traffic accident on the highway near the city.",
    "Banners hung from the buildings as the crowd waited for the president.",
    "The police arrested five men accused of theft.",
    "The president said the army would continue to fight terrorism until victory.",
]


@pytest.mark.parametrize("text", NON_EVENTS)
def test_non_events(nlp, text):
    assert _classify(nlp, text) == []


def test_two_events_in_one_sentence(nlp):
    text = "Clashes erupted between the SDF and IS near the river, and regime forces shelled the outskirts of the town."
    subs = [c.sub_event_type for c in _classify(nlp, text)]
    assert subs == ["Armed clash", "Shelling/artillery/missile attack"]


def test_dependent_shelling_is_part_of_the_battle(nlp):
    text = "Clashes took place between regime forces and rebels, accompanied by an exchange of shelling."
    assert [c.sub_event_type for c in _classify(nlp, text)] == ["Armed clash"]


def test_trigger_offsets_point_at_the_trigger(nlp):
    text = "Yesterday warplanes bombed the village."
    doc = nlp(text)
    (cand,) = classify(next(iter(doc.sents)))
    assert text[cand.start : cand.end] == cand.trigger
    assert 0 < cand.confidence <= 1


def test_civilian_targeting(nlp):
    (cand,) = _classify(nlp, "Gunmen shot dead a teacher in front of his house.")
    assert cand.civilian_targeting
    (cand,) = _classify(nlp, "Gunmen shot dead two soldiers at a checkpoint.")
    assert not cand.civilian_targeting and cand.sub_event_type == "Armed clash"


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("The town was seized by rebels in 2013.", date(2020, 1, 1), True),
        ("The town was seized by rebels in 2013.", None, False),
        ("On 5 March 2020, the town was seized by rebels.", date(2020, 3, 6), False),
        ("In March 2017, the town was seized by rebels.", date(2020, 3, 6), True),
        ("The war has killed more than 350,000 people.", None, True),
        # illustrative: a war-scale count is a total, "since then" points back to the war's start
        ("Since then more than a quarter of a million people have been killed.", None, True),
        ("Half a million Syrians have fled the country.", None, True),
        ("The strikes killed 12 people in the town on Monday.", date(2020, 3, 6), False),
        # a toll of the day told in the present perfect is news; a toll in the thousands a war's
        ("Air strikes have killed at least 15 civilians in the north, a monitor said.", None, False),
        ("The air campaign has killed more than 3,000 civilians, a monitor said.", None, True),
        ("The bombing has killed thousands of civilians, a monitor said.", None, True),
    ],
)
def test_background(nlp, text, published, expected):
    sent = next(iter(nlp(text).sents))
    assert is_background(sent, published) is expected


def test_taxonomy_is_acled():
    tax = taxonomy()
    assert len(tax.event_types) == 6
    assert sum(len(v) for v in tax.event_types.values()) == 25
    assert {t.sub_event_type for t in tax.triggers} <= set(tax.sub_to_type)


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # illustrative: what was captured decides whether territory changed hands
        ("Rebels captured three soldiers near the checkpoint.", "Armed clash"),
        ("Police seized weapons and ammunition in the raid.", "Disrupted weapons use"),
        ("IS fighters briefly captured the village before withdrawing.", "Armed clash"),
        ("Regime and rebel fighters exchanged artillery shelling across the front line.", "Armed clash"),
        ("The SDF detained five IS members in a raid on the camp.", "Armed clash"),
        ("The police arrested five opposition activists at a rally office.", "Arrests"),
        # illustrative, other countries: a state force regaining a place is the government, wherever it is
        (
            "The Malian army retook control of the town of Lere from jihadists on Friday.",
            "Government regains territory",
        ),
        (
            "Ukrainian forces recaptured the village of Robotyne after weeks of heavy fighting.",
            "Government regains territory",
        ),
        (
            "Police fired tear gas to disperse students protesting against fee increases in Dhaka.",
            "Protest with intervention",
        ),
        # illustrative: ACLED's victims of violence against civilians are civilians
        ("Unidentified gunmen abducted four soldiers near the town.", "Armed clash"),
        ("Unidentified gunmen abducted four farmers near the town.", "Abduction/forced disappearance"),
        # an exchange of fire of any weapon is a battle; "clashes and shelling" one battle
        (
            "An exchange of rocket barrages took place between regime forces and rebels in the area.",
            "Armed clash",
        ),
        ("Clashes and shelling took place between the two sides on the front line.", "Armed clash"),
        # illustrative: a bare killing told of a kind of event spoken about is that kind of event
        (
            "The report fuelled the debate over who was responsible for the gas attack on the suburbs on "
            "Monday that residents say killed 40 people.",
            "Chemical weapon",
        ),
        (
            "The attack made dozens of people choke, doctors said, describing it as a sign of a gas attack.",
            "Chemical weapon",
        ),
    ],
)
def test_decision_rules(nlp, text, sub):
    cands = _classify(nlp, text)
    assert cands and cands[0].sub_event_type == sub


def test_background_years_ago_and_month_of_year(nlp):
    # illustrative
    assert _classify(nlp, "Rebels seized the base in August of 2013.", date(2015, 8, 1)) == []
    assert _classify(nlp, "The town has been besieged since rebels seized it two years ago.") == []


# illustrative: reports that name an event without reporting one (speech about it, purpose, condition,
# states, generic uses of weapon words)
NOT_REPORTED = [
    "The government accused the rebels of launching the chemical attacks to provoke a reaction.",
    # a judgement of responsibility, weapons held rather than used, a participant named by a past event
    "The panel concluded that the air force was responsible for two sarin attacks.",
    "The regime kept a secret stockpile of chemical weapons at the airbase.",
    "He said the targeted airbase had supplied the army's operations in the desert.",
    "The ministry denied carrying out the gas attack on the village.",
    "He said the use of chemical weapons crossed a red line.",
    "The army launched an operation to recapture the town, officials said.",
    "Unless the rebels agreed to the deal, the fighting would go on.",
    "All of the ministers agreed that the talks had failed.",
    "Hospitals are struggling to deal with the number of wounded.",
    "According to the charity, the camp shelters thousands of families.",
    "The villages are controlled by the Islamic State group.",
    "Russia's actions demonstrate that it wants a military solution.",
    "The navy moved an aircraft carrier to the coast.",
    "The assault was a response to the government's advance, a rebel spokesman said.",
    "The soldiers guarded the depot instead of dismantling it.",
    "She has many relatives who are hostages of the group.",
    "The official said the attack served the interests of the armed groups.",
]


@pytest.mark.parametrize("text", NOT_REPORTED)
def test_references_are_not_events(nlp, text):
    assert [c.sub_event_type for c in _classify(nlp, text)] == []


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # illustrative
        ("Syrian troops retook the town of Tadef on Sunday.", "Government regains territory"),
        ("Militants executed twelve captured soldiers near the town.", "Attack"),
        ("IS gunmen detained a woman in the market and executed her.", "Attack"),
        ("The rebel group detained a journalist in the city on Monday.", "Abduction/forced disappearance"),
        (
            "Regime forces bombed the market with heavy artillery, killing nine people.",
            "Shelling/artillery/missile attack",
        ),
        ("A suicide car bomber struck the checkpoint on Friday.", "Suicide bomb"),
        ("The government and the rebels agreed a truce for the town on Monday.", "Agreement"),
        (
            "About 300 rebel fighters were evacuated from the district under an agreement with the army.",
            "Non-violent transfer of territory",
        ),
        ("Rebels shot down a government helicopter over the town.", "Disrupted weapons use"),
        ("The factions announced a new alliance in the north of the province.", "Change to group/activity"),
        (
            "Air strikes killed 23 people in the town, which rebels seized two years ago.",
            "Air/drone strike",
        ),
        ("Hundreds of residents protested against the local council in the town square.", "Peaceful protest"),
        ("Security forces fired tear gas at protesters in the city centre.", "Protest with intervention"),
        # a phrase describing a participant does not swallow the reported event: an appositive of a place,
        # a participle before a noun
        (
            "Eight people died in air strikes on Monday near Saraqib, the scene of a chemical attack last year.",
            "Air/drone strike",
        ),
        (
            "Twenty people were killed by army shelling in the town after a downed pilot was executed.",
            "Shelling/artillery/missile attack",
        ),
        # a killing told in a relative clause on an event the main clause speaks about is that event
        (
            "The minister condemned the chemical attack which killed 30 people in the town on Tuesday.",
            "Chemical weapon",
        ),
        (
            "Villagers blamed the army for the air strikes that killed four farmers on Sunday.",
            "Air/drone strike",
        ),
        ("Gunmen massacred eleven members of a tribe near the town on Friday.", "Attack"),
        # ... but a relative clause on the weapon tells what it was
        (
            "The militants shelled the village with dozens of shells that contained toxic gas on Monday.",
            "Chemical weapon",
        ),
    ],
)
def test_decision_rules_on_reports(nlp, text, sub):
    cands = _classify(nlp, text)
    assert cands and cands[0].sub_event_type == sub, [c.sub_event_type for c in cands]


def test_protest_marker_must_bear_on_the_protest(nlp):
    # illustrative: the killing belongs to the infighting the residents protest against
    text = "Residents protested against the infighting between the factions that killed dozens last week."
    assert [c.sub_event_type for c in _classify(nlp, text)][:1] == ["Peaceful protest"]


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # captured people who are armed: a battle, whatever the parser makes the object
        ("Kurdish forces stormed the village and captured 6 IS fighters.", "Armed clash"),
        ("Turkish troops captured two SDF operatives near the border.", "Armed clash"),
        # a weapon named as a noun does not swallow the main verb's event
        ("Kurdish forces detained an IS operative driving a car laden with explosives.", "Armed clash"),
        # expelled fighters lose the place
        (
            "Islamic State fighters expelled rival rebels from the town on Monday.",
            "Non-state actor overtakes territory",
        ),
    ],
)
def test_captured_people_and_places(nlp, text, sub):
    assert _classify(nlp, text)[0].sub_event_type == sub


def test_anti_x_units_are_not_x(nlp):
    from sitrep.extract.actors import find_actors

    doc = nlp("SDF anti-IS units raided a house in the town.")
    assert "Islamic State (Syria)" not in [a.name for a in find_actors(next(iter(doc.sents)))]


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # illustrative sentences for the rules of 2026-12-02 (issue 3)
        # an armed group detaining a person named by a civilian noun abducts them ...
        (
            "The rebel Army of Mujahideen detained prominent activist Lina Haddad in the city on Monday.",
            "Abduction/forced disappearance",
        ),
        # ... but armed men named among those taken make it a battle
        (
            "SDF forces raided the district where they arrested 40 men, many of whom were IS fighters.",
            "Armed clash",
        ),
        # a captured base or headquarters is territory; captured soldiers a battle
        (
            "IS gunmen seized the headquarters of a rival rebel group in the town.",
            "Non-state actor overtakes territory",
        ),
        ("Gunmen captured three soldiers near the town.", "Armed clash"),
        # "at a checkpoint" is where the victim was shot, not an armed target
        ("A woman was shot by a government sniper at a checkpoint in the town on Friday.", "Attack"),
        ("Gunmen opened fire at a checkpoint near the town.", "Armed clash"),
        # members of a community are civilians
        ("Gunmen shot dead members of the Alawite community in the village.", "Attack"),
        # ... and so are members a civilian body names before the noun (illustrative sentences)
        ("Gunmen shot dead a local council member in the town on Tuesday.", "Attack"),
        ("Gunmen shot dead three members of the local council in the town.", "Attack"),
        ("Gunmen shot dead three members of the rebel group in the town.", "Armed clash"),
        # a relative clause on the aircraft tells what befell it
        ("The pilots were flying a helicopter which was downed east of the city.", "Disrupted weapons use"),
        # the event told as the time of another does not swallow it
        (
            "Monday was the third day of air raids on the city after the army launched an assault on it.",
            "Air/drone strike",
        ),
        # weapons seized during clashes are the clash's spoils; seized alone, a disrupted weapons use
        ("Rebels seized weapons and ammunition during the clashes with the army.", "Armed clash"),
        ("Police seized weapons and ammunition in a raid on a house in the town.", "Disrupted weapons use"),
    ],
)
def test_subtype_rules_of_issue3(nlp, text, sub):
    assert _classify(nlp, text)[0].sub_event_type == sub


@pytest.mark.parametrize(
    "text",
    [
        # illustrative: a finding about events, and verbs coordinated with a hypothetical or an infinitive
        "The inquiry found the regime was responsible for two gas attacks and that IS had used mustard gas.",
        "She feared her sons would be arrested or forced to join the army and fight.",
        "Residents are waiting for the army to save them and liberate their villages.",
        # a participle on an armed body says who it is ("a coalition battling IS"), not what it did
        "He is also a member of the Northern Forces, an Arab-Kurdish coalition battling IS in the north.",
    ],
)
def test_findings_and_hypotheticals_report_no_event(nlp, text):
    assert _classify(nlp, text) == []


def test_a_participle_on_people_in_action_still_reports_the_event(nlp):
    # illustrative: "gunmen attacking the village" are people in action, not a body described
    (event,) = _classify(nlp, "Gunmen attacking the village were killed by the army on Monday.")
    assert event.sub_event_type == "Armed clash"


@pytest.mark.parametrize(
    ("text", "perfect"),
    [
        ("A deal has been reached that will see rebels evacuated from the town.", True),
        ("The coalition is conducting air strikes on the town.", False),
        ("Warplanes struck the town on Monday.", False),
    ],
)
def test_the_present_perfect_is_told_apart_from_the_present(nlp, text, perfect):
    cands = _classify(nlp, text)
    assert cands and cands[0].present_perfect is perfect


def test_a_past_form_tagged_present_is_no_present_tense(nlp):
    # illustrative: the small model tags "retook" VBP; a report in the past is no state of affairs
    (event,) = _classify(nlp, "Security forces retook control of the village from the rebels.")
    assert not event.present_tense


def test_an_ing_noun_taken_for_an_auxiliary_still_triggers(nlp):
    # illustrative: the small model parses "shelling" here as an auxiliary of "killed"
    (event,) = _classify(nlp, "Regime shelling killed two civilians.")
    assert event.sub_event_type == "Shelling/artillery/missile attack"


def test_a_place_taken_from_non_state_forces_with_no_taker_named_is_regained(nlp):
    # illustrative: the small model makes "retook" a noun, so no subject is found; the losers decide
    (event,) = _classify(nlp, "The military retook control of the town from militants.")
    assert event.sub_event_type == "Government regains territory"


def test_no_evidence_that_an_event_happened_reports_none(nlp):
    # illustrative
    text = "Officials said there was no evidence that the militants had used chemical weapons in the attack."
    assert _classify(nlp, text) == []


# Illustrative sentences in the style of news of other wars (written for these tests): the first event
# the trigger rules find, by sub-type.
FIRST_EVENT = [
    # illustrative, news of other wars: a crowd that is no organised group doing violence is mob violence
    ("Residents beat to death a suspected thief in the market on Monday.", "Mob violence"),
    ("A group of youths attacked and burned the house of a suspected witch.", "Mob violence"),
    (
        "Supporters of two rival parties clashed with sticks and machetes, injuring five people.",
        "Mob violence",
    ),
    # ... but residents fighting an armed group stay a battle, and the victims of a crowd may be armed
    ("Residents clashed with IS fighters in the village on Monday.", "Armed clash"),
    # a bare subject noun says which kind of force took the place when no actor is known
    (
        "Fighters seized the village after government forces withdrew.",
        "Non-state actor overtakes territory",
    ),
    (
        "Taliban fighters seized control of Kabul after government forces abandoned their positions.",
        "Non-state actor overtakes territory",
    ),
    (
        "Ethiopian federal forces recaptured the town of Humera from TPLF forces.",
        "Government regains territory",
    ),
    # illustrative: a bomber who sets off his own charge is a suicide bomber, not an aircraft
    (
        "Then another bomber detonated his explosive device at the gate of the police station.",
        "Suicide bomb",
    ),
    ("A bomber dropped bombs on the village, killing four.", "Air/drone strike"),
    # a munition that carries gas is a chemical weapon
    (
        "Militants fired rocket shells containing gas on the district, causing suffocation among six civilians.",
        "Chemical weapon",
    ),
    # illustrative
    ("A bomber wearing an explosives vest struck a wedding hall, killing 20.", "Suicide bomb"),
    (
        "Gunmen stormed a boarding school overnight and seized dozens of students.",
        "Abduction/forced disappearance",
    ),
    ("Troops drove the militants out of the town on Monday.", "Government regains territory"),
    ("Hundreds of fighters laid down their arms on Monday.", "Change to group/activity"),
    # illustrative: a destruction that is part of a protest is the protest's violence ...
    ("Students vandalized university property during a protest over fees.", "Violent demonstration"),
    # ... one after a battle is its own event, and a fire set is someone's act
    ("Soldiers looted homes in the village after the clashes.", "Looting/property destruction"),
    ("Unidentified persons set fire to a school in the district.", "Looting/property destruction"),
    ("Fifty militants surrendered to the army with their weapons.", "Change to group/activity"),
    ("Shopkeepers observed a shutdown in the city to protest against the new tax.", "Peaceful protest"),
    # illustrative: a participle goes on with its temporal clause: its fighting does not swallow the raids
    (
        "Jets launched eight air raids on the town on Friday after a truce broke down, leading to fighting.",
        "Air/drone strike",
    ),
]


@pytest.mark.parametrize(("text", "sub"), FIRST_EVENT)
def test_the_first_event_of_news_of_other_wars(nlp, text, sub):
    cands = _classify(nlp, text)
    assert cands and cands[0].sub_event_type == sub


# ... and every event they find (none for what is no event)
ALL_EVENTS = [
    # illustrative: what a verb acts on names the event
    ("Militiamen destroyed a health centre in the village on Sunday.", ["Looting/property destruction"]),
    ("Several shops were looted and set ablaze in the market.", ["Looting/property destruction"]),
    ("The army destroyed 300 seized firearms in a public ceremony.", ["Change to group/activity"]),
    (
        "Two rebel factions joined the new coalition of armed groups on Tuesday.",
        ["Change to group/activity"],
    ),
    ("Residents set ablaze a suspected kidnapper after catching him.", ["Mob violence"]),
    # ... and gives way to the violence that did the damage, or is no one's act at all
    ("Air strikes destroyed a school in the town on Monday.", ["Air/drone strike"]),
    ("Gunmen killed two farmers and burned their houses.", ["Attack"]),
    ("Floods destroyed 200 homes in the province on Monday.", []),
    ("A fire destroyed twenty shops in the main market.", []),
    ("The plane crashed in the town centre, destroying several homes.", []),
    # illustrative: words of war that name something else here
    ("Workers at the state-owned mine went on strike on Monday over unpaid wages.", ["Peaceful protest"]),
    ("Authorities arrested 40 opposition activists ahead of the planned rally on Saturday.", ["Arrests"]),
    ("The president dissolved parliament and called early elections.", []),
    ("Police arrested two men suspected of robbing a bank.", []),
    # ... and the acts that do count
    ("The armed group announced it had dissolved its military wing.", ["Change to group/activity"]),
    (
        "The rebels and the government exchanged prisoners under a deal brokered by the Red Cross.",
        ["Agreement"],
    ),
    # illustrative: what could not happen, or what nobody did, is no event
    ("Cut off from the road, the rebels are unable to launch counter-attacks.", []),
    ("The two sides have a local truce and neither fired on each other for two years.", []),
    # ... but what they were able to do happened
    ("Rebels were able to repel the attack on Monday.", ["Armed clash"]),
    # illustrative: a blast with an industrial cause is an accident ...
    ("An explosion at a fireworks factory killed eight workers.", []),
    ("A gas leak caused a blast in the apartment block, killing three.", []),
    # ... a blast at a checkpoint is not
    ("An explosion at a checkpoint killed eight soldiers.", ["Remote explosive/landmine/IED"]),
    # illustrative: a weapon before a word of its use is the event
    ("Five people were wounded in rebel mortar fire in the district.", ["Shelling/artillery/missile attack"]),
    # ... a bombardment from the air is an air strike
    ("The regime bombarded rebel positions from the air on Sunday.", ["Air/drone strike"]),
    # ... an execution is an act of its own, not the toll of the capture that dates it
    (
        "Militants executed twelve villagers after seizing the village from the army.",
        ["Attack", "Non-state actor overtakes territory"],
    ),
    # ... but a bare killing still is the capture's
    ("Rebels seized the hill after killing ten soldiers.", ["Non-state actor overtakes territory"]),
    ("Army units established control over the village on Tuesday.", ["Government regains territory"]),
    # ... a statement about an event does not report it; a statement that it happened does
    ("In a statement about the ambush, the group named its dead.", []),
    (
        "The group said in a statement that one of its fighters blew himself up at a checkpoint.",
        ["Suicide bomb"],
    ),
    # illustrative: "to death" after the object of a violent verb is a killing (by a crowd, mob violence)
    ("Villagers beat two suspected cattle thieves to death.", ["Mob violence"]),
    ("Militiamen tortured three detainees to death in a prison in the city.", ["Attack"]),
    # ... a sentence for a crime, or a conviction, tells of no new killing
    ("The court sentenced the two men to death for the murder.", []),
    ("A former soldier was convicted of the killing of two protesters in 2019.", []),
    # ... nor does what a person is suspected of
    ("Police arrested a man suspected of killing a child.", ["Arrests"]),
    # illustrative: a rally "outside parliament" (the parser takes the place for an object)
    (
        "Thousands of people rallied outside parliament to denounce the new election law.",
        ["Peaceful protest"],
    ),
    ("The president rallied his supporters behind the new plan.", []),
    # illustrative: a bomb attack foiled is a weapon disrupted, an attack foiled a clash
    ("Security forces foiled a car bomb attack near the stadium.", ["Disrupted weapons use"]),
    ("The army foiled an infiltration attempt by militants near the border.", ["Armed clash"]),
    # illustrative: a protest phrase led by an adjective ("general strike" is no air strike)
    ("Workers observed a general strike in the capital on Monday.", ["Peaceful protest"]),
    ("Students formed a human chain on campus on Monday.", ["Peaceful protest"]),
    # ... a killing that says why they protest is no force used on them
    (
        "Demonstrators set fire to a police station in the town after a man was killed in custody.",
        ["Violent demonstration"],
    ),
    # ... and the subject of a participle is its clause's: a fire's damage is no one's act
    ("A fire broke out in the market on Sunday, destroying 100 stalls.", []),
    # illustrative: a crowd gathering for a demand is a protest; what it denounces is its grievance
    (
        "Supporters of the party gathered in the city centre to denounce the arrest of their leader.",
        ["Peaceful protest"],
    ),
    ("Residents gathered outside the church for the wedding.", []),
    # ... a protest stopped is a protest with intervention, one banned in advance no event
    (
        "Security forces prevented opposition supporters from holding a rally in the capital.",
        ["Protest with intervention"],
    ),
    # ... and an intervention meets the protest of the people it acts on
    (
        "Police used tear gas to disperse residents who blocked a road to protest against the lack of water.",
        ["Protest with intervention"],
    ),
    # illustrative: "beat ... until he died" is a killing
    ("Residents beat a man accused of stealing a motorcycle until he died.", ["Mob violence"]),
    # illustrative: weeks of protests are a period, not an event of a day
    ("The minister resigned after weeks of protests.", []),
    # ... and a commemorated massacre is what a march remembers, not force used on it
    ("The anniversary of the massacre was marked by a march in the capital on Sunday.", ["Peaceful protest"]),
    # illustrative: a breach of a truce is no new agreement
    (
        "In a new breach of the truce agreement, rebels fired rocket shells at the city on Monday.",
        ["Shelling/artillery/missile attack"],
    ),
    # ... artillery that pounds is shelling
    (
        "Artillery units pounded the militants' positions east of the town.",
        ["Shelling/artillery/missile attack"],
    ),
    # ... a detail left out is not the event denied
    ("The agency did not give a death toll for the ambush on the convoy.", ["Armed clash"]),
    # ... who the victims were is no event of its own
    ("Militants massacred 40 soldiers taken hostage at the airbase.", ["Attack"]),
]


@pytest.mark.parametrize(("text", "subs"), ALL_EVENTS)
def test_every_event_of_news_of_other_wars(nlp, text, subs):
    assert [c.sub_event_type for c in _classify(nlp, text)] == subs


# illustrative sentences, written for the rules made on snippets of other wars (2026-12-04 evening): most
# fail with the code of that session's start (97da522); the rest guard against a new rule reaching too far
OTHER_WARS_RULES = [
    # agreements signed, and the cessation of hostilities
    ("Envoys of the two sides signed a declaration of principles in Nairobi on Friday.", ["Agreement"]),
    ("Both armies announced a cessation of hostilities on Sunday.", ["Agreement"]),
    ("The junta imposed martial law in five districts on Monday.", ["Change to group/activity"]),
    # territory reclaimed, fallen under control, given up without a fight, handed over
    ("The army reclaimed the town from the insurgents on Thursday.", ["Government regains territory"]),
    (
        "The district has fallen under the control of the militants, residents said.",
        ["Non-state actor overtakes territory"],
    ),
    ("The town fell to the rebels without a fight on Saturday.", ["Non-violent transfer of territory"]),
    ("The peacekeepers handed the base over to the army on Monday.", ["Non-violent transfer of territory"]),
    ("Forces loyal to the governor retook the airport on Monday.", ["Government regains territory"]),
    # weapons: a choking gas, a bomber who is a person, aircraft that bomb, bombs that are fired
    (
        "Drones dropped munitions that released a choking gas on the trenches, soldiers said.",
        ["Chemical weapon"],
    ),
    ("A teenage bomber struck a crowded market in the town on Monday, killing 12.", ["Suicide bomb"]),
    ("A woman detonated explosives at the entrance of the mosque, killing nine.", ["Suicide bomb"]),
    ("Government planes bombed a rebel camp in the hills on Sunday.", ["Air/drone strike"]),
    (
        "Bombs fired from the hills fell on the displacement camp, killing 11.",
        ["Shelling/artillery/missile attack"],
    ),
    # weapons found, stopped, defused
    ("Soldiers recovered an IED planted under a bridge near the town.", ["Disrupted weapons use"]),
    ("Engineers detected and destroyed a bomb hidden on the road.", ["Disrupted weapons use"]),
    # people taken: a ransom, whereabouts unknown
    (
        "The herders were led into the forest by armed men who later demanded a ransom.",
        ["Abduction/forced disappearance"],
    ),
    (
        "Agents picked up the journalist at his home and his whereabouts remain unknown.",
        ["Abduction/forced disappearance"],
    ),
    # crowd control: a stun grenade is no weapon's event; firing live rounds or shooting is force
    ("Police dispersed the protesters with tear gas and stun grenades.", ["Protest with intervention"]),
    (
        "Troops violently dispersed the sit-in, shooting dozens of protesters.",
        ["Excessive force against protesters"],
    ),
    ("Police arrested 50 students at a protest encampment on the campus.", ["Protest with intervention"]),
    # demonstrators who fight riot; a crowd's victim named by a passive is mob violence
    ("Protesters stormed the parliament building and smashed windows.", ["Violent demonstration"]),
    ("Supporters of the candidate clashed with police in the capital.", ["Violent demonstration"]),
    ("A suspected thief was beaten to death by a crowd in the market.", ["Mob violence"]),
    # a social leader is a civilian
    ("Unidentified armed men shot and killed a social leader in the village.", ["Attack"]),
    ("The insurgents set up a camp on the island.", ["Headquarters or base established"]),
    # crowd control with no word of protest; an attempted protest stopped; force after "before"
    (
        "Police fired tear gas and baton-charged thousands of opposition supporters.",
        ["Protest with intervention"],
    ),
    ("Riot police dispersed the crowd outside the ministry on Monday.", ["Protest with intervention"]),
    (
        "Police in the city detained more than 200 people who tried to march to the square.",
        ["Protest with intervention"],
    ),
    (
        "Protesters blocked the highway for hours before police cleared them with tear gas.",
        ["Protest with intervention"],
    ),
    (
        "Riot police forcibly removed activists staging a sit-in outside the ministry.",
        ["Protest with intervention"],
    ),
    # force on people named as those staging the protest
    (
        "Soldiers opened fire on crowds of young people staging a sit-in against the junta at the stadium on "
        "Tuesday night, killing at least 10.",
        ["Excessive force against protesters"],
    ),
    # demonstrators' second verb, and a crowd seizing people
    (
        "Protesters breached police lines and stormed the parliament building.",
        ["Violent demonstration"],
    ),
    ("Residents seized two men accused of theft and beat them in the square.", ["Mob violence"]),
    # the event reported comes before the one that only dates it
    (
        "Hours after the arrest of their leader, his supporters stormed the governor's residence and "
        "smashed its windows.",
        ["Mob violence", "Arrests"],
    ),
    # a crowd of a million is no war's toll
    ("Over a million people marched through the capital on Sunday demanding reforms.", ["Peaceful protest"]),
    # ACLED's own name of a state force; a prisoner exchange conducted; custody; an unknown location
    (
        "The Military Forces of Myanmar regained control of an outpost that rebels of the Arakan Army had "
        "seized the week before.",
        ["Government regains territory"],
    ),
    ("The two sides conducted a prisoner exchange at the border on Tuesday.", ["Agreement"]),
    ("Police officers raided the home of the opposition leader and took him into custody.", ["Arrests"]),
    (
        "Soldiers detained the mayor at his office and took him to an unknown location.",
        ["Arrests", "Abduction/forced disappearance"],
    ),
    # an armed group storming a place of civilians attacks them
    ("Bandits stormed the village school on Friday night.", ["Attack"]),
    # the police who tell of a mob take no part in it; a named force driven out keeps its plural
    (
        "A mob of students stoned a classmate to death at the college on Thursday, police said.",
        ["Mob violence"],
    ),
    (
        "The army said it had driven the Rapid Support Forces out of the town after heavy fighting.",
        ["Government regains territory"],
    ),
    # graves found, a coup, a jailbreak; weapons decommissioned; livestock raided; windows smashed
    ("Investigators discovered a mass burial site in the forest near the town.", ["Other"]),
    ("Army officers seized power in the capital on Wednesday.", ["Other"]),
    ("Some 70 inmates escaped from prison through a tunnel on Sunday.", ["Other"]),
    (
        "The rebel movement decommissioned 900 weapons at a ceremony on Saturday.",
        ["Change to group/activity"],
    ),
    ("Militiamen stole cattle from herders near the village.", ["Looting/property destruction"]),
    ("Unidentified persons smashed the windows of a mosque in the town.", ["Looting/property destruction"]),
    # (a guard) anti-coup protesters oppose a coup; burning weapons "by fire" is no firing at anyone
    ("Thousands of anti-coup protesters marched in the city on Sunday.", ["Peaceful protest"]),
    (
        "Police destroyed more than 5,000 illegal firearms by fire at the forest.",
        ["Change to group/activity"],
    ),
    # no event: a denial, a blast of stored chemicals, a year's tally
    (
        "The militia spokesman denied on Friday that its fighters were involved in the killing of two soldiers "
        "near the border.",
        [],
    ),
    ("An explosion of ammonium nitrate stored at the port devastated the city.", []),
    ("At least 4,100 civilians were killed in violence in the country during 2023, a report said.", []),
    # officials taken, a charge made safe, a motorist beaten, a journalist snatched, weapons decommissioned
    ("Gunmen seized the town's mayor at his office and drove him away.", ["Abduction/forced disappearance"]),
    ("Bomb disposal experts made safe a device found under the bridge.", ["Disrupted weapons use"]),
    ("A group of extremists dragged a motorist from his car and beat him severely.", ["Attack"]),
    (
        "Activists said the journalist was snatched by gunmen near the city.",
        ["Abduction/forced disappearance"],
    ),
    ("More than 500 weapons were decommissioned at a ceremony on Friday.", ["Change to group/activity"]),
    (
        "The movement dissolved itself and ended its armed struggle on Monday.",
        ["Change to group/activity"],
    ),
    # a house blown up, petrol bombs hurled, stones and Molotov cocktails, a parliament broken into
    ("Militia fighters blew up the house of a tribal elder on Sunday.", ["Looting/property destruction"]),
    (
        "Loyalist youths hurled petrol bombs at police in the city on Wednesday night.",
        ["Violent demonstration"],
    ),
    (
        "Protesters threw stones and Molotov cocktails at the peacekeepers, injuring 30.",
        ["Violent demonstration"],
    ),
    (
        "Protesters broke into the parliament building and set part of it on fire.",
        ["Violent demonstration"],
    ),
    ("Police fired water cannon at students marching toward the palace.", ["Protest with intervention"]),
    # bases made, positions set up, a place taken back
    ("Troops turned the village school into a base.", ["Headquarters or base established"]),
    (
        "Soldiers established military positions on five hilltops near the border.",
        ["Headquarters or base established"],
    ),
    ("Government forces have taken back the village from the rebels.", ["Government regains territory"]),
    # gas in a grenade, a truck, a claim
    ("A drone dropped a gas grenade into the trench.", ["Chemical weapon"]),
    ("Fighters detonated a truck loaded with chlorine gas canisters at the checkpoint.", ["Chemical weapon"]),
    (
        "Moscow claimed that Ukrainian troops had used a toxic agent against its soldiers.",
        ["Chemical weapon"],
    ),
    # the victim is the person beaten or shot, not the soldiers who came or the police who told of it
    ("Residents beat a man to death on Saturday before soldiers arrived.", ["Mob violence"]),
    ("Gunmen shot dead a village headman in the district, police said.", ["Attack"]),
    ("Police arrested two men in connection with the attack on the convoy.", ["Arrests"]),
    # coups, jailbreaks, dissolutions, people not seen again, a crowd's victim by a second verb
    ("The army said it had ousted President Kabore and suspended the constitution.", ["Other"]),
    ("Soldiers detained the president and removed him from power on Wednesday.", ["Other"]),
    ("Seventy inmates escaped through a tunnel from the prison in the city.", ["Other"]),
    ("The separatist group announced its complete dissolution in a letter.", ["Change to group/activity"]),
    (
        "The activist was picked up outside his home by men in plain clothes and has not been seen since.",
        ["Abduction/forced disappearance"],
    ),
    ("A man accused of theft was beaten and burned to death by a crowd in the market.", ["Mob violence"]),
    # (a guard) a crowd "seen since" a year is no disappearance
    ("It was the largest crowd seen since 2011 in the capital.", []),
    # a capitalised noun after a dateline; arrests at a protest; a foiled bomb attack; a crowd's wrecking
    (
        "JAYAPURA - Protesters set fire to a regional parliament building, police said.",
        ["Violent demonstration"],
    ),
    (
        "Riot police detained over 200 people taking part in a peaceful march in the capital.",
        ["Protest with intervention"],
    ),
    (
        "Police said they had foiled a major attack after intercepting a car laden with explosives.",
        ["Disrupted weapons use"],
    ),
    # a force retaking a place from rebels; a force named in what dates a capture takes nothing
    (
        "FACA and MINUSCA forces regained control of the town from CPC rebels after clashes.",
        ["Government regains territory"],
    ),
    (
        "Gang members have taken control of the neighbourhood after days of fighting with police, residents said.",
        ["Non-state actor overtakes territory"],
    ),
    (
        "Russian forces fired a missile with cluster munitions at the railway station.",
        ["Shelling/artillery/missile attack"],
    ),
    # a past form tagged a noun; a foreign force taking back a place; a state's buildings captured
    (
        "On 27 February 2020, Iraqi Security Forces and PMF retook Tal Afar city centre from IS.",
        ["Government regains territory"],
    ),
    (
        "Russian forces have taken back the village from Ukrainian units, the ministry said.",
        ["Government regains territory"],
    ),
    (
        "Houthi rebels captured government buildings and the state broadcaster in the capital on Sunday.",
        ["Non-state actor overtakes territory"],
    ),
    # no event: the police who tell of one person's crime are no party; a participle's blast; a court case
    # for two crimes; coffins of victims; an attack expected in the coming days
    ("A man stabbed his neighbour to death in a dispute over money, police said.", []),
    ("A gas explosion tore through a building in the city centre, killing four people.", []),
    ("A court sentenced the gang leader on Wednesday for the kidnapping and murder of three officers.", []),
    ("Thousands of mourners followed the coffins of the victims of the missile strike through the city.", []),
    ("Officials said intelligence pointed to a large missile attack on the capital in the coming days.", []),
    # no event: a gas explosion, a helicopter crash
    ("A gas explosion destroyed several buildings in the district on Sunday.", []),
    ("Ten people were killed when a military helicopter crashed shortly after take-off.", []),
    # no event: one person's violence on a relative or in a quarrel is ordinary crime
    ("A man stabbed his neighbour to death after an argument over a parking space.", []),
    ("A man shot his wife and then himself at their home on Sunday.", []),
    # no event: a cumulative toll, a recollection, a finding of fragments, an arms sale
    ("The cumulative death toll had reached 34,000, the ministry said.", []),
    ("Recalling the battle for the city, a retired colonel said his unit lost a third of its men.", []),
    ("The investigation found fragments of a guided bomb in the wreckage.", []),
    ("Washington approved the sale of 40 fighter jets to the country.", []),
    # no event: a toll over months, a tribute, a road accident
    ("Rebels have killed 70 villagers in the region over the past six months.", []),
    ("Mourners paid tribute to the victims of the ambush on Friday.", []),
    ("A fuel tanker overturned and exploded on the highway, killing 20 people.", []),
]


@pytest.mark.parametrize(("text", "subs"), OTHER_WARS_RULES)
def test_rules_written_on_snippets_of_other_wars(nlp, text, subs):
    assert [c.sub_event_type for c in _classify(nlp, text)] == subs


# A verb of striking done by an aircraft or a raid (``subject_triggers``); illustrative sentences.
@pytest.mark.parametrize(
    ("text", "subs"),
    [
        ("The planes struck the convoy as it unloaded aid in the village.", ["Air/drone strike"]),
        ("Several overnight raids hit Kafr Amin, a village in the south.", ["Air/drone strike"]),
        ("The raids targeted a clinic and a school in the town.", ["Air/drone strike"]),
        (
            "Coalition planes targeted water wells where farmers had gathered, killing nine.",
            ["Air/drone strike"],
        ),
        # a plane that carries, lands or crashes strikes nothing
        ("Two planes carrying aid landed at the airport.", []),
    ],
)
def test_an_aircraft_or_a_raid_that_strikes_is_an_air_strike(nlp, text, subs):
    assert [c.sub_event_type for c in _classify(nlp, text)] == subs


# Words of military communiqués and a rare verb the small model misreads; illustrative sentences.
@pytest.mark.parametrize(
    ("text", "subs"),
    [
        ("Army units eliminated dozens of terrorists in the eastern countryside.", ["Armed clash"]),
        ("A total of 24 militants were neutralised near the dam.", ["Armed clash"]),
        ("The reform eliminated poverty in the region.", []),
        ("Troops managed to wrest control over the farms near the city.", ["Government regains territory"]),
    ],
)
def test_communique_words_and_misread_verbs(nlp, text, subs):
    assert [c.sub_event_type for c in _classify(nlp, text)] == subs
