"""Event classification: ACLED event type and sub-event type of the events a sentence reports.

Triggers, priorities and subsumption rules live in ``data/taxonomy.yml``; this module applies them:

1. trigger phrases are matched over lemmas and lower-cased tokens (``extract.phrases``), longest first;
2. a trigger is dropped when the sentence is background ("since 2011", "a war that has killed ...";
   a cue inside a relative clause only drops that clause), when it is negated, modal / hypothetical /
   conditional, a purpose ("launched an assault to retake"), or merely referred to ("condemned the
   attack", "accused the rebels of launching the attacks", "the use of chemical weapons", "the attack
   was a message"), or a state rather than a change ("villages controlled by IS");
3. role-specific rules pick the sub-type: who captured a place (the state → "Government regains
   territory", anyone else → "Non-state actor overtakes territory"), whom generic violence hit
   (civilians → Violence against civilians/Attack, armed actors → Battles/Armed clash), how a protest
   was met (intervention, excessive force, riot);
4. candidates of one sentence subsume each other as ACLED codes one event ("captured X following
   clashes" is the territory change, "killed in air strikes" is the air strike); one candidate per
   event type is kept, so "clashes ... and shelled ..." gives two events.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from .actors import (
    ActorMention,
    Roles,
    armed_locals,
    assign_roles,
    find_actors,
    generic_actor,
    other_side,
)
from .phrases import HYPHEN, Spec, TokenPatterns

log = logging.getLogger(__name__)

_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december")  # fmt: skip
_MONTHS = {m: i + 1 for i, m in enumerate(_MONTH_NAMES)}
_MONTH_YEAR = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(?:of\s+)?(19[5-9]\d|20\d\d)\b", re.I)
#: Parts of speech a trigger never starts with ("mine" the pronoun, "may" the auxiliary).
_NOT_TRIGGER_POS = ["PRON", "DET", "ADP", "AUX", "CCONJ", "SCONJ", "PART", "NUM", "PUNCT"]


@dataclass(slots=True)
class EventCandidate:
    """One event a sentence reports, as ACLED types it, with its trigger and actors."""

    event_type: str
    sub_event_type: str
    trigger: str  # the trigger phrase as written
    start: int  # char offsets of the trigger in the article text
    end: int
    confidence: float
    #: what the trigger is in taxonomy.yml terms: "event", "territory", "violence", "protest".
    role: str = "event"
    priority: int = 0
    #: doc index of the trigger's head token.
    token: int = 0
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    assoc_actor_1: list[ActorMention] = field(default_factory=list)
    assoc_actor_2: list[ActorMention] = field(default_factory=list)
    civilian_targeting: bool = False
    #: True when the trigger is a clause of its own (a finite verb), not a phrase inside another event.
    independent: bool = True
    #: index of the trigger entry in taxonomy.yml (its subsumption rules).
    trigger_index: int = -1
    #: True when the trigger sits in a relative clause ("terrorists who had infiltrated"): it describes a
    #: participant and does not swallow the sentence's main event.
    in_relative_clause: bool = False
    #: True when the trigger's clause is in a present tense ("the strikes have claimed hundreds of lives",
    #: "the coalition is conducting air strikes"): a state of affairs unless the sentence pins it down.
    present_tense: bool = False
    #: True when that present is a perfect ("have been killed", "has been reached"): the tense news uses for
    #: what has just happened, which the event gate weighs apart from the simple present
    present_perfect: bool = False


@dataclass(slots=True)
class _Trigger:
    sub_event_type: str
    event_type: str
    role: str
    priority: int
    subsumes: frozenset[str]
    subsumes_dependent: frozenset[str]
    #: the phrase means the event with its verb negated ("has not been seen since"): no negation denies it
    negated: bool = False


@dataclass(slots=True)
class _Taxonomy:
    event_types: dict[str, list[str]]
    sub_to_type: dict[str, str]
    triggers: list[_Trigger]
    phrases: list[tuple[int, list[str], list[str] | None]]  # (trigger index, tokens, first-token POS)
    protest_modifiers: list[tuple[str, list[list[str]]]]
    background: list[re.Pattern[str]]
    reference_heads: frozenset[str]
    reference_nouns: frozenset[str]
    modal_words: frozenset[str]
    negation_words: frozenset[str]
    agreement_verbs: frozenset[str]
    yield_to_violence: frozenset[str]
    violent_event_types: frozenset[str]
    armed_target_nouns: frozenset[str]
    temporary_words: frozenset[str]
    captured_weapon_nouns: frozenset[str]
    captured_people_nouns: frozenset[str]
    exchange_verbs: frozenset[str]
    arrest_by_non_state_is_clash: bool
    captive_violence: frozenset[str] = frozenset()
    realised_heads: frozenset[str] = frozenset()
    conditional_marks: frozenset[str] = frozenset()
    agreement_objects: frozenset[str] = frozenset()
    transitive_not_protest: frozenset[str] = frozenset()
    stative_territory_verbs: frozenset[str] = frozenset()
    departing_armed_nouns: frozenset[str] = frozenset()
    departure_context: frozenset[str] = frozenset()
    non_violent_causes: frozenset[str] = frozenset()
    crime_words: frozenset[str] = frozenset()
    regain_words: frozenset[str] = frozenset()
    judgement_verbs: frozenset[str] = frozenset()
    found_body_verbs: frozenset[str] = frozenset()
    found_body_nouns: frozenset[str] = frozenset()
    base_verbs: frozenset[str] = frozenset()
    base_nouns: frozenset[str] = frozenset()
    handover_not_territory: frozenset[str] = frozenset()
    protest_purpose_heads: frozenset[str] = frozenset()
    expel_verbs: frozenset[str] = frozenset()
    unit_heads: frozenset[str] = frozenset()
    quantity_nouns: frozenset[str] = frozenset()
    response_words: frozenset[str] = frozenset()
    exchange_links: tuple[str, ...] = ()
    air_defence_words: tuple[str, ...] = ()
    air_actors: tuple[str, ...] = ()
    munition_parts: frozenset[str] = frozenset()
    weapon_use_heads: frozenset[str] = frozenset()
    aerial_nouns: frozenset[str] = frozenset()
    to_death_verbs: frozenset[str] = frozenset()
    foil_verbs: frozenset[str] = frozenset()
    gathering_verbs: frozenset[str] = frozenset()
    gathering_demands: frozenset[str] = frozenset()
    protest_stoppers: frozenset[str] = frozenset()
    duration_nouns: frozenset[str] = frozenset()
    detail_verbs: frozenset[str] = frozenset()
    generic_bombing: frozenset[str] = frozenset()
    aircraft_nouns: frozenset[str] = frozenset()
    demonstrator_nouns: frozenset[str] = frozenset()
    denial_verbs: frozenset[str] = frozenset()
    #: (trigger, verbs, nouns) of ``subject_triggers``
    subject_triggers: list[tuple[_Trigger, frozenset[str], frozenset[str]]] = field(default_factory=list)
    #: (trigger, verbs, preposition, nouns, modifiers) of ``prep_triggers``
    prep_triggers: list[tuple[_Trigger, frozenset[str], str, frozenset[str], frozenset[str]]] = field(
        default_factory=list
    )
    civilian_places: frozenset[str] = frozenset()
    coup_objects: frozenset[str] = frozenset()
    private_subjects: frozenset[str] = frozenset()
    private_victims: frozenset[str] = frozenset()
    private_quarrels: frozenset[str] = frozenset()
    weapon_remains: frozenset[str] = frozenset()
    demolished_nouns: frozenset[str] = frozenset()
    attempt_verbs: frozenset[str] = frozenset()
    attempt_stoppers: frozenset[str] = frozenset()
    police_words: frozenset[str] = frozenset()
    less_lethal: frozenset[str] = frozenset()
    civilian_roles: frozenset[str] = frozenset()
    firing_verbs: frozenset[str] = frozenset()
    without_a_fight: tuple[str, ...] = ()
    detonate_verbs: frozenset[str] = frozenset()
    suicide_subjects: frozenset[str] = frozenset()
    disrupt_verbs: frozenset[str] = frozenset()
    disrupted_nouns: frozenset[str] = frozenset()
    civilian_only: frozenset[str] = frozenset()
    held_place_nouns: frozenset[str] = frozenset()
    finding_verbs: frozenset[str] = frozenset()
    temporal_marks: frozenset[str] = frozenset()
    civilian_groups: frozenset[str] = frozenset()
    armed_group_nouns: frozenset[str] = frozenset()
    non_state_subject_nouns: frozenset[str] = frozenset()
    state_subject_nouns: frozenset[str] = frozenset()
    crowd_nouns: frozenset[str] = frozenset()
    crowd_clash_nouns: frozenset[str] = frozenset()
    past_forms: frozenset[str] = frozenset()
    #: verb-object triggers (``object_triggers``): (trigger index, verbs, nouns, required words per verb)
    object_triggers: tuple[tuple[int, frozenset[str], frozenset[str], dict[str, frozenset[str]]], ...] = ()
    #: every verb of object_triggers (most tokens are none of them)
    object_trigger_verbs: frozenset[str] = frozenset()
    #: roles whose candidates give way to any violence the sentence reports
    yield_roles: frozenset[str] = frozenset()
    #: the event types the candidates of yield_roles give way to
    yield_roles_to: frozenset[str] = frozenset()
    #: verbs of object_triggers that only people do ("torched", "looted"): a passive without agent counts
    human_only_verbs: frozenset[str] = frozenset()
    #: causes of damage that are no one's act ("the fire destroyed 20 shops"), beside non_violent_causes
    inanimate_causes: frozenset[str] = frozenset()
    #: "no evidence that ...", "no confirmation that ...": what the clause after them tells is not reported
    no_evidence_nouns: frozenset[str] = frozenset()
    unrealised_modifiers: frozenset[str] = frozenset()
    unrealised_adjectives: frozenset[str] = frozenset()
    accidental_blasts: frozenset[str] = frozenset()
    negative_subjects: frozenset[str] = frozenset()
    workplace_mine_words: frozenset[str] = frozenset()


def _split_phrase(phrase: str) -> list[str]:
    # Hyphens are optional between tokens: "counter-attack" also matches "counter attack".
    return [t for t in re.split(r"[\s-]+", phrase.strip().lower()) if t]


def _words(value: Any) -> frozenset[str]:
    """A word list of taxonomy.yml, lower-cased (an absent list is empty)."""
    return frozenset(str(w).lower() for w in value or [])


@functools.lru_cache(maxsize=1)
def taxonomy() -> _Taxonomy:
    """The parsed ``data/taxonomy.yml`` (read once)."""
    data: dict[str, Any] = yaml.safe_load(
        resources.files("sitrep.data").joinpath("taxonomy.yml").read_text(encoding="utf-8")
    )
    event_types = {k: list(v) for k, v in data["event_types"].items()}
    sub_to_type = {sub: et for et, subs in event_types.items() for sub in subs}
    triggers, phrases = [], []

    def trigger(item: dict[str, Any]) -> _Trigger:
        sub = item["sub_event_type"]
        if sub not in sub_to_type:
            raise ValueError(f"taxonomy.yml: unknown sub_event_type {sub!r}")
        return _Trigger(
            sub_event_type=sub,
            event_type=sub_to_type[sub],
            role=item.get("role", "event"),
            priority=int(item.get("priority", 50)),
            subsumes=frozenset(item.get("subsumes", [])),
            subsumes_dependent=frozenset(item.get("subsumes_dependent", [])),
            negated=bool(item.get("negated", False)),
        )

    for item in data["triggers"]:
        idx = len(triggers)
        triggers.append(trigger(item))
        for ph in item["phrases"]:
            phrases.append((idx, _split_phrase(str(ph)), item.get("pos")))
    object_triggers = []
    for item in data.get("object_triggers", []):
        object_triggers.append(
            (
                len(triggers),
                frozenset(str(v).lower() for v in item["verbs"]),
                frozenset(str(n).lower() for n in item["nouns"]),
                {
                    str(k).lower(): frozenset(str(w).lower() for w in v)
                    for k, v in item.get("with", {}).items()
                },
            )
        )
        triggers.append(trigger(item))
    prep_triggers = []
    for item in data.get("prep_triggers", []):
        trig = trigger(item)
        triggers.append(trig)
        prep_triggers.append(
            (
                trig,
                _words(item["verbs"]),
                str(item["prep"]).lower(),
                _words(item["nouns"]),
                _words(item.get("modifiers")),
            )
        )
    subject_triggers = []
    for item in data.get("subject_triggers", []):
        trig = trigger(item)
        triggers.append(trig)
        subject_triggers.append((trig, _words(item["verbs"]), _words(item["nouns"])))
    mods = [(label, [_split_phrase(str(p)) for p in pl]) for label, pl in data["protest_modifiers"].items()]
    return _Taxonomy(
        prep_triggers=prep_triggers,
        subject_triggers=subject_triggers,
        event_types=event_types,
        sub_to_type=sub_to_type,
        triggers=triggers,
        phrases=phrases,
        protest_modifiers=mods,
        background=[re.compile(p, re.I) for p in data.get("background", [])],
        reference_heads=frozenset(data.get("reference_heads", [])),
        reference_nouns=frozenset(data.get("reference_nouns", [])),
        modal_words=frozenset(str(w) for w in data.get("modal_words", [])),
        negation_words=frozenset(str(w) for w in data.get("negation_words", [])),
        agreement_verbs=frozenset(data.get("agreement_verbs", [])),
        yield_to_violence=frozenset(data.get("yield_to_violence", [])),
        violent_event_types=frozenset(data.get("violent_event_types", [])),
        armed_target_nouns=frozenset(data.get("armed_target_nouns", [])),
        temporary_words=frozenset(data.get("temporary_words", [])),
        captured_weapon_nouns=frozenset(data.get("captured_weapon_nouns", [])),
        captured_people_nouns=frozenset(data.get("captured_people_nouns", [])),
        exchange_verbs=frozenset(data.get("exchange_verbs", [])),
        arrest_by_non_state_is_clash=bool(data.get("arrest_by_non_state_is_clash", False)),
        captive_violence=frozenset(data.get("captive_violence", [])),
        realised_heads=frozenset(data.get("realised_heads", [])),
        conditional_marks=frozenset(data.get("conditional_marks", [])),
        agreement_objects=frozenset(data.get("agreement_objects", [])),
        transitive_not_protest=frozenset(data.get("transitive_not_protest", [])),
        stative_territory_verbs=frozenset(data.get("stative_territory_verbs", [])),
        departing_armed_nouns=frozenset(data.get("departing_armed_nouns", [])),
        departure_context=frozenset(data.get("departure_context", [])),
        non_violent_causes=frozenset(data.get("non_violent_causes", [])),
        crime_words=frozenset(data.get("crime_words", [])),
        regain_words=_words(data.get("regain_words", [])),
        judgement_verbs=frozenset(data.get("judgement_verbs", [])),
        found_body_verbs=frozenset(data.get("found_body", {}).get("verbs", [])),
        found_body_nouns=frozenset(data.get("found_body", {}).get("nouns", [])),
        base_verbs=frozenset(data.get("base_established", {}).get("verbs", [])),
        base_nouns=frozenset(data.get("base_established", {}).get("nouns", [])),
        handover_not_territory=frozenset(data.get("handover_not_territory", [])),
        protest_purpose_heads=frozenset(data.get("protest_purpose_heads", [])),
        expel_verbs=frozenset(data.get("expel_verbs", [])),
        unit_heads=frozenset(data.get("unit_heads", [])),
        quantity_nouns=frozenset(data.get("quantity_nouns", [])),
        response_words=frozenset(data.get("response_words", [])),
        exchange_links=tuple(str(w).lower() for w in data.get("exchange_links", [])),
        air_defence_words=tuple(str(w).lower() for w in data.get("air_defence_words", [])),
        air_actors=tuple(str(w) for w in data.get("air_actors", [])),
        munition_parts=_words(data.get("munition_parts", [])),
        weapon_use_heads=_words(data.get("weapon_use_heads", [])),
        aerial_nouns=_words(data.get("aerial_nouns", [])),
        to_death_verbs=_words(data.get("to_death_verbs", [])),
        foil_verbs=_words(data.get("foil_verbs", [])),
        gathering_verbs=_words(data.get("gathering", {}).get("verbs", [])),
        gathering_demands=_words(data.get("gathering", {}).get("demands", [])),
        protest_stoppers=_words(data.get("protest_stoppers", [])),
        duration_nouns=_words(data.get("duration_nouns", [])),
        detail_verbs=_words(data.get("detail_verbs", [])),
        generic_bombing=_words(data.get("generic_bombing", [])),
        aircraft_nouns=_words(data.get("aircraft_nouns", [])),
        demonstrator_nouns=_words(data.get("demonstrator_nouns", [])),
        denial_verbs=_words(data.get("denial_verbs", [])),
        civilian_places=_words(data.get("civilian_places", [])),
        coup_objects=_words(data.get("coup_objects", [])),
        private_subjects=_words(data.get("private_violence", {}).get("subjects", [])),
        private_victims=_words(data.get("private_violence", {}).get("victims", [])),
        private_quarrels=_words(data.get("private_violence", {}).get("quarrels", [])),
        weapon_remains=_words(data.get("weapon_remains", [])),
        demolished_nouns=_words(data.get("demolished_nouns", [])),
        attempt_verbs=_words(data.get("attempted_protest", {}).get("verbs", [])),
        attempt_stoppers=_words(data.get("attempted_protest", {}).get("stoppers", [])),
        police_words=_words(data.get("police_words", [])),
        less_lethal=_words(data.get("less_lethal", [])),
        civilian_roles=_words(data.get("civilian_roles", [])),
        firing_verbs=_words(data.get("firing_verbs", [])),
        without_a_fight=tuple(str(w).lower() for w in data.get("without_a_fight", [])),
        detonate_verbs=_words(data.get("detonate_verbs", [])),
        suicide_subjects=_words(data.get("suicide_subjects", [])),
        disrupt_verbs=_words(data.get("disrupted_weapons", {}).get("verbs", [])),
        disrupted_nouns=_words(data.get("disrupted_weapons", {}).get("nouns", [])),
        civilian_only=frozenset(data.get("civilian_only", [])),
        held_place_nouns=frozenset(data.get("held_place_nouns", [])),
        finding_verbs=frozenset(data.get("finding_verbs", [])),
        temporal_marks=frozenset(data.get("temporal_marks", [])),
        civilian_groups=frozenset(data.get("civilian_groups", [])),
        armed_group_nouns=frozenset(data.get("armed_group_nouns", [])),
        non_state_subject_nouns=frozenset(data.get("non_state_subject_nouns", [])),
        state_subject_nouns=frozenset(data.get("state_subject_nouns", [])),
        crowd_nouns=frozenset(data.get("crowd_nouns", [])),
        crowd_clash_nouns=frozenset(data.get("crowd_clash_nouns", [])),
        past_forms=_words(data.get("past_forms", [])),
        object_triggers=tuple(object_triggers),
        object_trigger_verbs=frozenset(v for _, verbs, _, _ in object_triggers for v in verbs),
        yield_roles=frozenset(data.get("yield_roles", [])),
        yield_roles_to=frozenset(data.get("yield_roles_to", [])),
        human_only_verbs=_words(data.get("human_only_verbs", [])),
        inanimate_causes=_words(data.get("inanimate_causes", [])),
        no_evidence_nouns=_words(data.get("no_evidence_nouns", [])),
        unrealised_modifiers=_words(data.get("unrealised_modifiers", [])),
        unrealised_adjectives=_words(data.get("unrealised_adjectives", [])),
        accidental_blasts=_words(data.get("accidental_blasts", [])),
        negative_subjects=_words(data.get("negative_subjects", [])),
        workplace_mine_words=_words(data.get("workplace_mine_words", [])),
    )


def _pos_ok(tok: Token, pos: list[str] | None) -> bool:
    """The first-token part-of-speech rule of a trigger phrase: one of ``pos``, or none of the closed classes."""
    tag = tok.pos_
    if tag == "AUX" and tok.tag_ == "VBG" and tok.lemma_.lower() not in ("be", "have", "get", "do"):
        # "Regime shelling killed two": the small model's slip, an -ing noun taken for an auxiliary
        tag = "NOUN"
    if tag == "PROPN" and not tok.ent_type_:
        # "JAYAPURA - Protesters set fire to ...": after a dateline the small model tags a capitalised
        # common noun as a name; a name the entity recogniser does not know is read as the noun it spells
        tag = "NOUN"
    return tag in pos if pos else tag not in _NOT_TRIGGER_POS


def _patterns(tokens: list[str]) -> list[list[Spec]]:
    """A phrase's patterns: its words as lemmas, and as lower-cased forms, a hyphen allowed between."""
    out = []
    for attr in ("LEMMA", "LOWER"):
        pattern: list[Spec] = []
        for i, t in enumerate(tokens):
            if i:
                pattern.append(HYPHEN)
            pattern.append(Spec.word(attr, t))
        out.append(pattern)
    return out


@functools.cache
def _matchers() -> tuple[TokenPatterns, TokenPatterns]:
    """The trigger patterns (labels "idx:n") and the protest-modifier patterns (labels: the modifier)."""
    tax = taxonomy()
    trig = TokenPatterns()
    for n, (idx, tokens, _pos) in enumerate(tax.phrases):
        trig.add(f"{idx}:{n}", _patterns(tokens))
    mods = TokenPatterns()
    for label, plist in tax.protest_modifiers:
        mods.add(label, [p for tokens in plist for p in _patterns(tokens)])
    return trig, mods


def _published(sent: Span) -> date | None:
    doc = sent.doc
    return doc._.sitrep_published if doc.has_extension("sitrep_published") else None


def is_background(sent: Span, published: date | None = None) -> bool:
    """Whether ``sent`` gives background (history, war totals) rather than reporting a new event.

    Uses the patterns of ``taxonomy.yml`` and, when the publication date is known, years: a sentence that
    names an earlier year ("captured by the jihadists in 2014") or a month more than two months before
    publication is background.
    """
    return bool(_background_cues(sent, published))


def _background_cues(sent: Span, published: date | None = None) -> list[int]:
    """Character offsets (into ``sent.text``) of the cues that make ``sent`` background."""
    text = sent.text
    tax = taxonomy()
    cues = [m.start() for p in tax.background for m in p.finditer(text)]
    published = published or _published(sent)
    if published is None:
        return cues
    month_years = {m.start(2) for m in _MONTH_YEAR.finditer(text)}
    for m in _MONTH_YEAR.finditer(text):
        y, mo = int(m.group(2)), _MONTHS[m.group(1).lower()]
        if (published.year - y) * 12 + (published.month - mo) > 2:
            cues.append(m.start())
    for m in _YEAR.finditer(text):
        if m.start() in month_years:
            continue
        y = int(m.group(1))
        # A bare year: background when earlier than the publication year (day-month-year dates were
        # handled above).
        prev = text[max(0, m.start() - 12) : m.start()].lower()
        if y < published.year and not any(mo in prev for mo in _MONTHS):
            cues.append(m.start())
    return cues


def _background_tokens(sent: Span) -> set[int] | None:
    """Doc indices of the tokens that are background, or None when the whole sentence is.

    A cue inside a relative clause ("the town, which rebels seized two years ago") or an appositive
    ("near Saraqib, the scene of a chemical attack last year") makes only that clause background: it
    describes a participant of the reported event. Any other cue
    ("since 2011", "the war has killed ...") scopes over the sentence.
    """
    out: set[int] = set()
    for offset in _background_cues(sent):
        tok = sent.char_span(offset, offset + 1, alignment_mode="expand")
        if tok is None or not len(tok):
            return None
        t = tok[0]
        clause = next((a for a in (t, *t.ancestors) if a.dep_ in ("relcl", "appos")), None)
        if clause is None:
            return None
        out.update(x.i for x in clause.subtree)
    return out


def _governing(tok: Token) -> Token:
    """The verb a noun trigger hangs from (through prepositions), or the token itself."""
    t = tok
    for _ in range(3):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            return t
        t = t.head
    return t


#: titles of who holds a state: "ousted President Kabore" is a coup ("government buildings" are places)
_HEADS_OF_STATE = frozenset({"president", "premier", "king", "ruler", "emir", "sultan"})
#: personal pronouns' lemmas: a person as the patient of violence ("beat him")
_PERSONS = frozenset({"he", "she", "they", "him", "her", "them"})
#: verbs of telling: their subject tells of the event, it takes no part in it ("..., police said")
_SPEECH_VERBS = frozenset({"say", "tell", "report", "add", "state", "confirm", "announce", "claim"})

#: Parts of speech of a reference head: verbs, nouns, prepositions, and adjectives ("the regime was
#: responsible for the gas attacks": a judgement of responsibility, not a report)
_REFERENCE_POS = ("VERB", "NOUN", "ADP", "SCONJ", "ADJ")


def _suppressed(tok: Token, tax: _Taxonomy, *, purpose_reports: bool = False) -> bool:
    """Negated, modal or merely referred-to triggers report no new event.

    ``purpose_reports``: a purpose infinitive still reports the event ("farmers blocked the highway to
    protest against the law": blocking the road is the protest).
    """
    verb = _governing(tok)
    if tok.lemma_.lower() in ("hand", "handover", "cede") and any(
        c.dep_ == "dobj" and c.lemma_.lower() in tax.handover_not_territory for c in tok.children
    ):
        return True  # "handed over its weapons / the prisoners": no territory changes hands
    scope = {tok, verb}
    t = verb if tok.pos_ == "NOUN" and verb.pos_ in ("VERB", "AUX") else tok
    while t.dep_ in ("xcomp", "conj") and t.head.i != t.i and t.head.pos_ in ("VERB", "AUX", "ADJ"):
        # "the army would continue to fight": the modal sits on the verb the infinitive completes;
        # "would be arrested or forced to join and fight": on the first of coordinated verbs
        t = t.head
        if t.pos_ == "ADJ":
            if t.lemma_.lower() in tax.unrealised_adjectives:
                return True  # "they will be unable to launch counter-attacks", "ready to storm the town"
            break
        scope.add(t)
    for t in scope:
        # "did not give a death toll for the ambush": what is denied is a detail of the event, not the event
        detail = t.i != tok.i and t.lemma_.lower() in tax.detail_verbs
        for child in t.children:
            low = child.lower_
            if (child.dep_ == "neg" or (child.dep_ == "det" and low == "no")) and not detail:
                return True
            if child.dep_ in ("nsubj", "nsubjpass", "preconj", "det") and low in tax.negative_subjects:
                return True  # "neither fired on each other", "nobody was hurt"
            if child.dep_ in ("aux", "auxpass") and low in tax.modal_words:
                return True
    if tok.dep_ == "pobj" and tok.head.lower_ in tax.negation_words:
        return True  # "without clashes"
    if tok.dep_ == "pobj" and any(c.dep_ == "det" and c.lower_ == "no" for c in tok.head.head.children):
        return True  # "made no mention of any strikes", "no sign of fighting"
    if tok.pos_ == "NOUN" and any(
        c.dep_ in ("amod", "compound") and c.lower_ in tax.unrealised_modifiers for c in tok.children
    ):
        return True  # "ahead of the planned rally", "a proposed ceasefire": not (yet) happened
    if tok.lower_ in ("mine", "mines") and any(
        t.lower_ in tax.workplace_mine_words
        for t in (*tok.children, tok.head, tok.head.head, *tok.head.children)
    ):
        return True  # "workers at the state-owned mine": a workplace, not a landmine
    for anc in list(tok.ancestors)[:4]:
        if anc.lemma_.lower() in tax.no_evidence_nouns and any(
            c.dep_ == "det" and c.lower_ == "no" for c in anc.children
        ):
            return True  # "had no independent confirmation that chemical weapons had been used"
    if tok.dep_ in ("pobj", "pcomp") and (
        tok.head.head.lower_ in tax.negation_words
        or any(c.lower_ in tax.negation_words for c in tok.head.children)
    ):
        return True  # "instead of dismantling them"
    for t in {tok, verb}:
        if t.pos_ in ("VERB", "AUX") and any(
            c.dep_ == "mark" and c.lower_ in tax.conditional_marks for c in t.children
        ):
            return True  # "unless they agreed to the deal", "if the army captures"
    # "waiting for the army to save them and liberate their areas": a verb coordinated with an infinitive
    # is part of it
    inf = tok
    while inf.dep_ == "conj" and inf.head.pos_ in ("VERB", "AUX") and inf.head.i != inf.i:
        inf = inf.head
    to_inf = tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.tag_ == "TO" for c in inf.children)
    if (
        to_inf
        and not (
            purpose_reports and inf.dep_ == "advcl" and inf.head.lemma_.lower() in tax.protest_purpose_heads
        )
        and inf.dep_ in ("xcomp", "advcl", "acl", "relcl", "ccomp")
        and inf.head.lemma_.lower() not in tax.realised_heads
    ):
        return True  # "launched an assault to retake X": a purpose, not a report ("managed to retake" is)
    if _reported_by_reference(tok, tax):
        return True
    if _finding(verb, tax):
        return True
    if (
        tok.pos_ == "NOUN"
        and tok.dep_ == "nsubj"
        and (tok.head.lemma_ == "be" or tok.head.lemma_.lower() in tax.judgement_verbs)
    ):
        # "the attack is a clear message", "the attack served the interests of ...", "the strike came
        # amid ...": a judgement about an event told elsewhere, not a report
        return True
    if tok.dep_ in ("xcomp", "acl", "advcl") and tok.head.lemma_.lower() in tax.reference_heads:
        return True
    if (
        tok.dep_ == "acl"
        and tok.tag_ == "VBG"
        and tok.head.dep_ in ("appos", "attr")
        and _names_a_group(tok.head, tax)
    ):
        # "the SDF, an Arab-Kurdish coalition battling IS", "it is a rebel group fighting the regime": who
        # a group is, not an event it took part in
        return True
    # "condemned the attack", "called for a ceasefire", "threatened an offensive": the event is a topic
    head = tok.head
    hops = 0
    while hops < 2 and head.i != tok.i:
        lemma = head.lemma_.lower()
        if lemma in tax.reference_heads and head.pos_ in _REFERENCE_POS:
            return True
        if lemma in tax.reference_nouns and head.pos_ == "NOUN":
            return True
        if head.pos_ != "ADP":
            break
        head, hops = head.head, hops + 1
    return verb.lemma_.lower() in tax.reference_heads and verb.i != tok.i and tok.dep_ in ("dobj", "pobj")


def _names_a_group(noun: Token, tax: _Taxonomy) -> bool:
    """Whether ``noun`` names an armed group or alliance as a body ("coalition", "forces", "the Syrian
    Democratic Forces"), not people in action ("gunmen", "fighters")."""
    return noun.lemma_.lower() in tax.armed_group_nouns or noun.lower_ in tax.armed_group_nouns


def _finding(verb: Token, tax: _Taxonomy) -> bool:
    """Whether ``verb``'s clause (or the first clause it is coordinated with) is the complement of a verb of
    finding ("the inquiry found the regime was responsible for the attacks and that IS had used mustard
    gas", "investigators concluded that ..."): a finding about events told elsewhere, not a report."""
    t = verb
    for _ in range(4):
        if t.dep_ == "ccomp":
            # ... or of a verb of denial ("denied that its forces were involved in the killing")
            return t.head.lemma_.lower() in tax.finding_verbs or t.head.lemma_.lower() in tax.denial_verbs
        if t.dep_ != "conj" or t.head.i == t.i:
            return False
        t = t.head
    return False


#: Dependencies through which a trigger is an argument of a word higher up ("accused rebels of launching
#: the chemical attacks", "denied carrying out the gas attack", "the use of chemical weapons").
#: actor kinds that are no armed side: their presence among the people taken or attacked decides nothing
_UNARMED_KINDS = frozenset({"civilians", "protesters"})
_ARGUMENT_DEPS = frozenset(
    {"dobj", "pobj", "prep", "pcomp", "xcomp", "compound", "nsubjpass", "amod", "dative"}
)


def _heads_through(tok: Token, deps: frozenset[str] | tuple[str, ...], links: int) -> Iterator[Token]:
    """The words above ``tok``, nearest first, for as long as each step up leaves through one of ``deps``
    (at most ``links`` steps; the root ends the chain)."""
    t = tok
    for _ in range(links):
        if t.dep_ not in deps or t.head.i == t.i:
            return
        t = t.head
        yield t


def _reported_by_reference(tok: Token, tax: _Taxonomy) -> bool:
    """Whether a speech / judgement verb or a reference noun governs ``tok`` through a chain of
    arguments (up to four links), which makes the event a topic rather than a report."""
    if tok.dep_ == "conj" and tok.pos_ == "NOUN" and tok.head.pos_ == "NOUN":
        tok = tok.head  # "sentenced for the 2017 kidnapping and murder of": the first noun's chain
    for t in _heads_through(tok, _ARGUMENT_DEPS, 4):
        lemma = t.lemma_.lower()
        if lemma in tax.reference_heads and t.pos_ in _REFERENCE_POS:
            return True
        if lemma in tax.reference_nouns and t.pos_ == "NOUN":
            return True
    return False


def _linked(a: Token, b: Token, max_links: int = 4) -> bool:
    """Whether two tokens are within ``max_links`` dependency links of each other without the path
    entering a relative clause ("protested against infighting that left dozens killed": the killing is
    not the protest's)."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    ids_b = [t.i for t in up_b]
    for n, t in enumerate(up_a):
        if t.i in ids_b:
            m = ids_b.index(t.i)
            # the trigger's own attachment does not count: "students protesting" (acl) is still the protest
            path = up_a[:n] + up_b[1:m]
            return n + m <= max_links and not any(x.dep_ in ("relcl", "acl") for x in path)
    return False


def _independent(tok: Token) -> bool:
    if tok.dep_ == "conj" and tok.head.pos_ not in ("VERB", "AUX"):
        return False  # "clashes and shelling took place": a noun coordination, whatever the tagger says
    return tok.pos_ in ("VERB", "AUX") and tok.dep_ in ("ROOT", "conj", "ccomp", "parataxis")


def _keys(c: EventCandidate) -> set[str]:
    return {c.sub_event_type, c.event_type, c.role}


def _other_sides(c: EventCandidate, d: EventCandidate) -> bool:
    """Whether the two triggers are fired by two sides, each the subject of its own clause."""
    a, b = c.actor1, d.actor1
    return (
        a is not None
        and b is not None
        and a.role == "subject"
        and b.role == "subject"
        and b.governor == d.token
        and a.governor != b.governor
        and a.bloc is not None
        and b.bloc is not None
        and a.bloc != b.bloc
    )


def _temporal_clause(tok: Token, tax: _Taxonomy) -> Token | None:
    """The verb of the temporal clause ``tok`` sits in ("after the regime launched an assault"), or None."""
    for t in (tok, *tok.ancestors):
        if t.pos_ in ("VERB", "AUX") and t.dep_ == "advcl":
            if any(c.dep_ == "mark" and c.lower_ in tax.temporal_marks for c in t.children):
                return t
            if any(c.dep_ == "mark" for c in t.children) or t.tag_ != "VBG":
                return None
            # "after a truce broke down, leading to fighting": a participle goes on with its clause
    return None


def _near_cause(tok: Token, tax: _Taxonomy, own: range | None = None) -> bool:
    """Whether a word of ``non_violent_causes`` (an earthquake, a flood, a fireworks factory) is within three
    dependency links of ``tok`` (the tokens of ``own``, by default ``tok`` itself, aside)."""
    own = own if own is not None else range(tok.i, tok.i + 1)
    return any(
        t.lemma_.lower() in tax.non_violent_causes and _linked(t, tok, 3) for t in tok.sent if t.i not in own
    )


def _time_of_another(tok: Token, tax: _Taxonomy) -> bool:
    """Whether ``tok`` only dates another event: in a temporal clause ("after the army withdrew") or a
    temporal phrase ("after the clashes", "before the raid")."""
    if _temporal_clause(tok, tax) is not None:
        return True
    # "after the clashes", and "after seizing the village" (a gerund the parser hangs on the preposition)
    return (
        tok.dep_ in ("pobj", "pcomp")
        and tok.head.lower_ in tax.temporal_marks
        and tok.head.lower_ != "during"
    )


def _foiled_weapons(cands: list[EventCandidate], sent: Span, tax: _Taxonomy) -> list[EventCandidate]:
    """ "Security forces foiled a car bomb attack": a verb of foiling (``foil_verbs``) whose object holds a
    weapon's event is that weapon disrupted (ACLED: Disrupted weapons use), not a clash and not the bomb
    that never went off."""
    if not tax.foil_verbs:
        return cands
    doc = sent.doc
    out = list(cands)
    # "foiled a major attack after intercepting a car laden with explosives": the attack was a bomb's
    explosives = any(t.lemma_.lower() in tax.disrupted_nouns or t.lower_ in tax.disrupted_nouns for t in sent)
    for c in cands:
        tok = doc[c.token]
        if tok.lemma_.lower() not in tax.foil_verbs or c not in out:
            continue
        objects = {t.i for o in tok.children if o.dep_ == "dobj" for t in o.subtree}
        weapons = [
            d
            for d in out
            if d is not c and d.event_type == "Explosions/Remote violence" and d.token in objects
        ]
        if weapons or explosives:
            c.sub_event_type, c.event_type = "Disrupted weapons use", tax.sub_to_type["Disrupted weapons use"]
            c.civilian_targeting = False
            out = [d for d in out if d not in weapons]
    return out


def _over_a_span_of_time(tok: Token, tax: _Taxonomy) -> bool:
    """Whether a trigger noun is what fills weeks, months or years, uncounted ("resigned after weeks of
    protests", "following months of fighting", ``duration_nouns``): a summary of a period, not an event of
    a day."""
    return (
        tok.pos_ == "NOUN"
        and tok.dep_ == "pobj"
        and tok.head.lower_ == "of"
        and tok.head.head.lemma_.lower() in tax.duration_nouns
        and tok.head.head.tag_ == "NNS"
        # "two days of clashes killed 31" counts a period's toll; "weeks of protests" no day at all
        and not any(c.dep_ == "nummod" for c in tok.head.head.children)
    )


def _grievance(marker: Token, tax: _Taxonomy) -> bool:
    """Whether a protest marker is what the protesters denounce or demand ("gathered to denounce the arrest
    of their leader", "protesting against the killing of a student"): their grievance, not something done
    to them or by them."""
    for t in _heads_through(marker, ("dobj", "pobj", "prep", "pcomp"), 3):
        lemma = t.lemma_.lower()
        if t.pos_ in ("VERB", "NOUN") and (
            lemma in tax.gathering_demands or lemma in tax.reference_heads or lemma == "protest"
        ):
            return True
        if t.pos_ == "NOUN" and lemma in tax.reference_nouns:
            return True  # "the anniversary of the massacre was marked by a march"
    return False


def _stopped_protest(tok: Token, tax: _Taxonomy) -> bool:
    """Whether a protest trigger is what a verb of stopping (``protest_stoppers``) acts on, within three
    links, unnegated and not modal: "security forces prevented supporters from holding a rally", "police
    stopped the march" tell a protest met by an intervention, not a protest spoken about."""
    for t in _heads_through(tok, ("dobj", "pobj", "pcomp", "prep", "nsubjpass", "xcomp"), 3):
        if t.pos_ == "VERB" and t.lemma_.lower() in tax.protest_stoppers:
            return not any(
                c.dep_ == "neg" or (c.dep_ in ("aux", "auxpass") and c.lower_ in tax.modal_words)
                for c in t.children
            )
    return False


def _attempt_met(tok: Token, tax: _Taxonomy) -> bool:
    """Whether a protest trigger is what people "tried" to do when they were stopped ("detained 200 people who
    tried to march", "arrested activists as they attempted to form a human chain"): the attempt is the
    protest and the arrest its intervention (``attempt_verbs``, ``attempt_stoppers``)."""
    if tok.dep_ != "xcomp" or tok.head.lemma_.lower() not in tax.attempt_verbs:
        return False
    attempt = tok.head
    if attempt.dep_ == "relcl":
        people = attempt.head
        verb = people.head if people.dep_ in ("dobj", "nsubjpass") else None
    elif attempt.dep_ == "advcl":
        verb = attempt.head
    else:
        return False
    return verb is not None and verb.lemma_.lower() in tax.attempt_stoppers


def _said_of_its_people(marker: Token, tok: Token) -> bool:
    """Whether the protest trigger sits in a relative clause on the people the marker acts on ("police used
    tear gas to disperse residents who blocked a road to protest"): the intervention met that protest."""
    clause = _relative_clause(tok)
    if clause is None and tok.dep_ in ("dobj", "nsubj") and tok.head.dep_ == "acl":
        clause = tok.head  # "opened fire on hundreds of young people staging a sit-in"
    if clause is None:
        return False
    people = clause.head
    if people.dep_ == "pobj" and people.head.dep_ == "prep" and people.head.lower_ == "of":
        people = people.head.head  # "hundreds of young people"
    if people.dep_ in ("dobj", "nsubjpass"):
        return people.head.i == marker.i
    return (
        people.dep_ == "pobj"
        and people.head.lower_ in ("on", "at", "against", "upon")
        and people.head.head.i == marker.i
    )


def _marks_another_time(marker: Token, tok: Token, tax: _Taxonomy) -> bool:
    """Whether a protest marker sits in a temporal clause the protest trigger is not in ("demonstrators set
    fire to a police station after a man was killed in custody": the killing is why they protest, not
    force used on them)."""
    clause = _temporal_clause(marker, tax)
    if clause is None:
        return False
    # "blocked the highway for hours before police cleared them with tear gas": what followed the protest
    if any(c.dep_ == "mark" and c.lower_ in ("before", "until") for c in clause.children):
        return False
    return tok.i not in {t.i for t in clause.subtree}


def _from_the_air(tok: Token, tax: _Taxonomy) -> bool:
    """Whether the trigger (or the verb its noun hangs on) is done "from the air" / "from the sky"
    (``aerial_nouns``): a bombardment or bombing that names no aircraft but says it came from above. The
    parser often hangs the phrase on the object ("bombarded rebel positions from the air")."""
    verb = _governing(tok)
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    for t in {tok, verb, *objects}:
        for prep in t.children:
            if (
                prep.dep_ == "prep"
                and prep.lower_ == "from"
                and any(o.dep_ == "pobj" and o.lemma_.lower() in tax.aerial_nouns for o in prep.children)
            ):
                return True
    return False


def _done_by(tok: Token, nouns: frozenset[str]) -> bool:
    """Whether the subject (or passive agent) of the trigger verb, or the agent of its noun ("bombing by
    planes"), holds one of ``nouns`` ("Colombian Air Force planes bombed a camp")."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else None
    heads = [c for c in verb.children if c.dep_ == "nsubj"] if verb is not None else []
    heads += [
        p
        for g in tok.children
        if g.dep_ == "agent" or (g.dep_ == "prep" and g.lower_ == "by")
        for p in g.children
        if p.dep_ == "pobj"
    ]
    return any(t.lemma_.lower() in nouns or t.lower_ in nouns for h in heads for t in h.subtree)


def _person_detonates(tok: Token, tax: _Taxonomy) -> bool:
    """Whether a person, not a group, sets off the charge ("a woman detonated explosives beside their van",
    "the man blew up the device he carried"): ACLED's suicide bombing. "Militants detonated an IED" is
    not."""
    verb = tok if tok.pos_ == "VERB" else tok.head if tok.dep_ in ("dobj", "nsubjpass") else None
    if verb is None or verb.lemma_.lower() not in tax.detonate_verbs:
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ == "conj":
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    return any(c.lemma_.lower() in tax.suicide_subjects or c.lower_ in tax.suicide_subjects for c in subjects)


def _clause_on(c: EventCandidate, d: EventCandidate, doc: Doc) -> bool:
    """Whether ``c``'s trigger is in a relative clause on ``d``'s trigger noun ("a helicopter which was
    downed"): the clause tells what happened to that weapon."""
    clause = _relative_clause(doc[c.token])
    return clause is not None and clause.head.i == d.token


def _subsume(cands: list[EventCandidate], tax: _Taxonomy, doc: Doc) -> list[EventCandidate]:
    """The candidates left once those another swallows are removed (``subsumes`` of taxonomy.yml)."""
    removed: set[int] = set()
    for i, d in enumerate(cands):
        for j, c in enumerate(cands):
            if i != j and _clause_on(c, d, doc) and tax.triggers[c.trigger_index].subsumes & _keys(d):
                # "a helicopter which was downed": the downing is the event, the aircraft its object
                removed.add(i)
                break
            if (
                i != j
                and d.role == "violence"
                and doc[d.token].lemma_.lower() in tax.captive_violence
                and _time_of_another(doc[c.token], tax)
            ):
                # "IS executed 24 civilians after seizing a village": an execution is an act of its own,
                # not the toll of the capture that dates it (a bare killing still is, below)
                continue
            clause = _temporal_clause(doc[c.token], tax) if i != j and d.role != "violence" else None
            if clause is not None and d.token not in {t.i for t in clause.subtree}:
                # "Monday was the fourth day of air raids after the regime launched an assault": an event
                # told as the time of another does not swallow it (a bare killing still does: "two pilots
                # were killed after IS shot down their helicopter" is the downing)
                continue
            # a relative clause describes a participant ("the town where X happened"): its event does not
            # swallow the main clause's, but it does swallow another trigger of the same clause
            # ("where a chemical weapons attack killed 90": one chemical attack)
            # ... except a protest met by the main clause's action ("police arrested activists who were
            # protesting": one protest with intervention, the arrest is the intervention)
            met = c.event_type == "Protests" and c.sub_event_type != "Peaceful protest"
            if i == j or (c.in_relative_clause and not d.in_relative_clause and not met):
                continue
            if (
                not c.independent
                and not met
                and d.independent
                and d.role == "event"
                and d.event_type != c.event_type
            ):
                # a weapon named as a noun ("detained an operative with explosives", "responsible for the IED
                # attack") does not swallow the event the main verb reports
                continue
            spec = tax.triggers[c.trigger_index]
            dependent_hit = not d.independent and bool(spec.subsumes_dependent & _keys(d))
            if spec.subsumes & _keys(d) or dependent_hit:
                if _other_sides(c, d):
                    # "X shelled the plain, while Y's snipers killed two soldiers": the killing is the
                    # other side's fire, not the shelling's toll (the extract stage makes one clash)
                    continue
                # Mutual subsumption: the higher priority stays.
                back = tax.triggers[d.trigger_index]
                if back.subsumes & _keys(c) and d.priority > c.priority:
                    continue
                removed.add(i)
                break
    kept = [c for i, c in enumerate(cands) if i not in removed]
    if any(c.event_type in tax.violent_event_types for c in kept):
        kept = [c for c in kept if not (c.event_type in tax.yield_to_violence and not c.independent)]
    if any(c.event_type in tax.yield_roles_to and not _time_of_another(doc[c.token], tax) for c in kept):
        # "students vandalised university property during a protest": the protest's violence ("looted
        # homes after the clashes": the clashes only say when)
        kept = [c for c in kept if c.role not in tax.yield_roles]
    return kept


def _patient_lemma(tok: Token, tax: _Taxonomy) -> str | None:
    """The lemma of what the trigger verb acts on (its object or passive subject), or None: the counted
    noun after a number ("captured 6 IS fighters"), the noun after "of" of a quantity ("seized a large
    quantity of explosives"), the noun an adjective modifies ("detained prominent female activist X", where
    the small model may take the name as the object)."""
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if obj is None:
        return None
    if obj.like_num or obj.pos_ == "NUM":
        # the number parsed as the object: the counted noun follows
        obj = next((t for t in obj.doc[obj.i + 1 : obj.i + 5] if t.pos_ == "NOUN"), obj)
    lemma = obj.lemma_.lower()
    if lemma in tax.quantity_nouns:
        of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        lemma = pobj.lemma_.lower() if pobj is not None else lemma
    if obj.pos_ == "PROPN":
        # "detained activist Marcel X": a common noun before the name says who the person is
        noun = next((c for c in obj.children if c.dep_ == "compound" and c.pos_ == "NOUN"), None)
        lemma = noun.lemma_.lower() if noun is not None else lemma
    return lemma


def _private_violence(tok: Token, roles: Roles, tax: _Taxonomy) -> bool:
    """Whether the violence is one person's, on a relative or a neighbour, or in a quarrel ("a man shot his
    wife and then himself", "stabbed another man during a quarrel over a debt"): ordinary crime, which
    ACLED does not code. The doer is a bare person noun with "a" or "an", no actor the list knows."""
    if roles.actor1 is not None and roles.actor1.kind not in _UNARMED_KINDS:
        return False
    verb = _clause_verb(tok)
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None and verb.dep_ == "conj":
        subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if (
        subj is None
        or subj.lemma_.lower() not in tax.private_subjects
        or subj.tag_ != "NN"
        or not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in subj.children)
    ):
        return False
    victim = _patient_lemma(tok, tax)
    return victim in tax.private_victims or any(t.lemma_.lower() in tax.private_quarrels for t in tok.sent)


def _speaker(a: ActorMention, sent: Span) -> bool:
    """Whether the actor is the subject of a verb of telling ("..., police said"): a source, no party."""
    if a.governor is None or a.role != "subject":
        return False
    verb = sent.doc[a.governor]
    # a finite verb: "with no injuries reported" tells of nobody
    return verb.lemma_.lower() in _SPEECH_VERBS and verb.tag_ in ("VBD", "VBZ", "VBP")


def _dates_it(a: ActorMention, tok: Token, sent: Span, tax: _Taxonomy) -> bool:
    """Whether the actor is named inside a phrase or clause that dates the trigger ("after days of fighting
    with police"): a temporal mark among its words' heads below the trigger."""
    t = sent.doc[a.token_start]
    for anc in t.ancestors:
        if anc.i == tok.i:
            return False
        if anc.lower_ in tax.temporal_marks and anc.dep_ in ("prep", "mark"):
            return True
    return False


def _regains(span: Span, tok: Token, tax: _Taxonomy) -> bool:
    """Whether a territory trigger says the place was the taker's before ("retook", "regained control")."""
    return span.text.lower() in tax.regain_words or tok.lemma_.lower() in tax.regain_words


def _subject_side(tok: Token, tax: _Taxonomy) -> str | None:
    """ "state" or "non_state" when the subject of ``tok`` (or the agent of its passive) is a bare noun of
    one kind of force (``state_subject_nouns`` / ``non_state_subject_nouns``), else None."""
    heads = [c for c in tok.children if c.dep_ == "nsubj"]
    heads += [p for g in tok.children if g.dep_ == "agent" for p in g.children if p.dep_ == "pobj"]
    for h in heads:
        lemma = h.lemma_.lower()
        if lemma in tax.non_state_subject_nouns or h.lower_ in tax.non_state_subject_nouns:
            return "non_state"
        if lemma in tax.state_subject_nouns or h.lower_ in tax.state_subject_nouns:
            return "state"
    return None


def _crowd_subject(tok: Token, tax: _Taxonomy, words: frozenset[str] | None = None) -> bool:
    """Whether the active subject of ``tok``'s clause is a crowd (``crowd_nouns``, or ``words``): people
    who are no organised armed group ("villagers beat a thief to death", "a crowd burned the house")."""
    words = tax.crowd_nouns if words is None else words
    verb = _clause_verb(tok)
    # "was beaten to death by a crowd": the agent of a passive is its active subject
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    subjects += [p for g in verb.children if g.dep_ == "agent" for p in g.children if p.dep_ == "pobj"]
    if not subjects and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        # "protesters breached police lines and stormed the parliament": the first verb's subject
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    if not subjects:
        # "was beaten and burned to death by a crowd": the agent may hang on the coordinated verb
        subjects = [
            p
            for v in verb.children
            if v.dep_ == "conj"
            for g in v.children
            if g.dep_ == "agent"
            for p in g.children
            if p.dep_ == "pobj"
        ]
    for c in subjects:
        if c.lower_ in ("group", "groups", "band", "crowd") and c.lower_ not in words:
            # "a group of youths": the people the group is made of
            c = next(
                (p for pr in c.children if pr.lower_ == "of" for p in pr.children if p.dep_ == "pobj"), c
            )
        if c.lemma_.lower() in words or c.lower_ in words:
            return True
    return False


def _generic_mention(kind: str, span: Span, sent: Span) -> ActorMention | None:
    """ACLED's generic actor of ``kind`` ("Rioters (Syria)", "Protesters (Syria)") as the actor the
    trigger ``span`` names, or None when ``actors.yml`` has none."""
    name = generic_actor(kind, sent)
    if name is None:
        return None
    return ActorMention(
        name=name,
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        kind=kind,
        token_start=span.start,
        token_end=span.end,
    )


def _sentence_country(sent: Span) -> str:
    from .actors import default_country

    doc = sent.doc
    if doc.has_extension("sitrep_country") and doc._.sitrep_country:
        return doc._.sitrep_country
    return default_country()


def _resolve(
    span: Span, trig: _Trigger, tok: Token, sent: Span, actors: list[ActorMention], mods: set[str]
) -> EventCandidate | None:
    """The candidate a trigger makes, its sub-type decided by the role rules (None: no event)."""
    roles: Roles = assign_roles(sent, tok, actors)
    sub, conf = trig.sub_event_type, 0.7
    blast = tok if trig.sub_event_type == "Remote explosive/landmine/IED" else None
    if trig.role == "violence":
        # "an explosion at a fireworks factory killed eight": the killing is the blast's; "a gas explosion
        # tore through a building, killing four": a participle's subject is its clause's
        blast = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if blast is None and tok.tag_ == "VBG" and tok.dep_ in ("advcl", "xcomp", "conj"):
            blast = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if (
        blast is not None
        and blast.lemma_.lower() in taxonomy().accidental_blasts
        and (
            _near_cause(blast, taxonomy())
            # "a gas explosion destroyed several buildings"
            or any(c.dep_ == "compound" and c.lower_ == "gas" for c in blast.children)
        )
    ):
        return None  # "an explosion at a fireworks factory", "a gas leak caused a blast": an accident
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in taxonomy().non_violent_causes:
        return None  # "a military helicopter crashed shortly after take-off": an accident, no strike
    if trig.role == "destruction" and _no_ones_act(tok, taxonomy(), span):
        return None  # "floods destroyed 200 homes"
    if trig.role == "territory":
        a1 = roles.actor1
        if a1 is not None and (a1.role == "from" or _dates_it(a1, tok, sent, taxonomy())):
            # "regained control of the town from CPC rebels", "took control after days of fighting with
            # police": the side that lost the place, or one named in what dates it, did not take it
            if roles.actor2 is None:
                roles.actor2 = a1
            roles.actor1 = a1 = None
        country = _sentence_country(sent)
        side = _subject_side(tok, taxonomy())
        if a1 is not None and a1.governor not in (None, tok.i) and side is not None:
            # "Fighters seized the village after government forces withdrew": the actor found belongs to
            # another clause, the trigger's own subject is a bare noun of the other side (decided below)
            if roles.actor2 is None:
                roles.actor2 = a1
            roles.actor1 = a1 = None
        if a1 is not None:
            # a state's own forces; or any state force "regaining" a place ("Malian troops retook Lere":
            # the article may not say which country it is in)
            regain = _regains(span, tok, taxonomy())
            gov = a1.kind == "pro_government" or (
                (a1.kind == "state" and (a1.country == country or regain))
                or (a1.kind == "foreign" and regain)
            )
        elif side is not None:
            # no known actor, but the subject says which kind of force took the place ("Fighters
            # seized the district", "the troops retook the town"): that beats a state force the
            # sentence names elsewhere ("... after government forces withdrew")
            gov = side == "state"
            conf = 0.5
        else:
            # (not a force named in what dates the change: "took control after days of fighting with police")
            gov = any(
                a.kind in ("state", "pro_government")
                and a.role != "from"
                and not _dates_it(a, tok, sent, taxonomy())
                for a in actors
            )
            losers = [a for a in actors if a.role == "from" and a.kind not in _UNARMED_KINDS]
            takers = [a for a in actors if a.role != "from" and a.kind not in _UNARMED_KINDS]
            verb = _clause_verb(tok)
            if (
                not gov
                and not takers
                and losers
                and not any(c.dep_ in ("nsubj", "agent") for c in verb.children)
            ):
                # "retook control of the town from militants": taken from non-state forces, by the state
                gov = all(a.kind not in ("state", "pro_government") for a in losers)
            elif (
                not gov
                and not takers
                and all(a.kind not in ("state", "pro_government") for a in losers)
                and _regains(span, tok, taxonomy())
                and any(c.dep_ in ("nsubj", "agent") for c in verb.children)
            ):
                # "SNA forces retook X", "the Military Forces of Myanmar regained control of": a force
                # the actor list does not know, regaining a place, is the state restoring its control
                # (a non-state side that retakes is named as one: "rebels retook", "HTS regained"; "the
                # villages were liberated" names no one)
                gov = True
            conf = 0.5
        sub = "Government regains territory" if gov else "Non-state actor overtakes territory"
        tax = taxonomy()
        present = tok.lemma_.lower() in tax.stative_territory_verbs and (
            tok.tag_ in ("VBZ", "VBP")
            or any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in tok.children)
        )
        if tok.pos_ in ("VERB", "AUX") and (present or tok.dep_ in ("relcl", "acl", "amod")):
            # "areas it controls", "villages controlled by IS", "positions they seized": who holds a
            # place, not a change of hands being reported
            return None
        if any(c.lower_ in tax.temporary_words for c in tok.children):
            sub = "Armed clash"
        lemma = _patient_lemma(tok, tax)
        if lemma is not None:
            # "captured several members", "seized weapons": no place changed hands
            obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if lemma in tax.coup_objects or (
                # "ousted President Kabore"
                obj is not None
                and any(c.dep_ == "compound" and c.lower_ in _HEADS_OF_STATE for c in obj.children)
            ):
                sub = "Other"  # "the army ousted President Kabore", "officers seized power": a coup
            elif lemma in tax.captured_weapon_nouns:
                sub = "Disrupted weapons use"
            elif lemma in tax.captured_people_nouns:
                # "residents seized two men accused of theft, beat them": a crowd's seizure is mob violence
                sub = "Mob violence" if _crowd_subject(tok, tax) else "Abduction/forced disappearance"
            elif (
                lemma in tax.armed_target_nouns
                and lemma not in tax.held_place_nouns
                and tok.lemma_.lower() not in tax.expel_verbs
            ):
                # "captured six fighters" is a battle; "expelled the rebels from X" still takes X
                sub = "Armed clash"
    elif trig.role == "violence":
        # "a man stabbed his neighbour to death, police said", "gunmen shot dead a village headman, police
        # said": a force that tells of the violence is no party to it
        if (
            roles.actor1 is not None
            and roles.actor1.kind not in _UNARMED_KINDS
            and _speaker(roles.actor1, sent)
        ):
            roles.actor1 = None
        if (
            roles.actor2 is not None
            and roles.actor2.kind not in _UNARMED_KINDS
            and _speaker(roles.actor2, sent)
        ):
            roles.actor2 = None
        if _private_violence(tok, roles, taxonomy()):
            return None  # "a man stabbed his neighbour to death after an argument": ordinary crime
        if len(span) > 1 and tok.lemma_.lower() == "fire" and tok.pos_ == "NOUN" and tok.head.lower_ == "by":
            return None  # "destroyed 5,000 firearms by fire at the forest": a fire, not firing at
        if tok.dep_ == "amod" and tok.tag_ == "VBN":
            return None  # "the targeted airbase", "the killed soldiers": a participant named by a past event
        if _near_cause(tok, taxonomy()):
            return None  # "an earthquake struck, killing 200": deaths with no perpetrator
        target = roles.actor2
        lemma = tok.lemma_.lower()
        captives = taxonomy().captive_violence
        civilian_target = target is not None and target.kind in _UNARMED_KINDS
        # "residents beat a man to death before soldiers arrived": a person named as the patient is the
        # victim, whoever else the sentence names
        patient = _patient_lemma(tok, taxonomy())
        civilian_patient = patient in taxonomy().captured_people_nouns or patient in _PERSONS
        armed_victim = (
            target is not None
            and target.kind not in _UNARMED_KINDS
            and not (civilian_patient and target.governor != tok.i)
        ) or _armed_target(tok, sent)
        if not armed_victim and (
            (roles.actor1 is not None and roles.actor1.kind == "rioters") or _crowd_subject(tok, taxonomy())
        ):
            # ACLED: violence by a crowd that is no organised group on people or property is mob
            # violence ("villagers beat a suspected thief to death", "a crowd burned the house")
            sub = "Mob violence"
            if roles.actor1 is None or roles.actor1.is_civilian:
                roles.actor1 = _generic_mention("rioters", span, sent) or roles.actor1
        elif lemma in captives or tok.lower_ in captives or civilian_target:
            sub = "Attack"
        elif target is not None or _armed_target(tok, sent):
            sub = "Armed clash"
        elif any(
            a.kind not in _UNARMED_KINDS
            and not _same_mention(a, roles.actor1)
            and not _speaker(a, sent)  # "..., police said": who tells of it is no victim
            for a in actors
        ):
            # the victims named elsewhere in the sentence are armed ("the body of a QSD fighter")
            sub, conf = "Armed clash", 0.5
        elif lemma == "attack" and roles.actor1 is not None:
            sub = "Armed clash"
            conf = 0.5
        elif civilian_patient and tok.pos_ == "VERB" and any(c.dep_ == "dobj" for c in tok.children):
            # "a group of extremists dragged a motorist from his car and beat him": a person attacked by
            # people the actor list does not know
            sub, conf = "Attack", 0.4
        elif roles.actor1 is not None and roles.actor1.is_civilian:
            # "three civilians were killed": the only actor named is the victim
            roles.actor2, roles.actor1 = roles.actor1, None
            sub = "Attack"
        elif roles.actor1 is not None:
            sub, conf = "Attack", 0.4
        else:
            return None
    elif trig.role == "protest":
        tax = taxonomy()
        if (
            tok.pos_ == "VERB"
            and tok.lemma_.lower() in tax.transitive_not_protest
            and any(
                c.dep_ == "ccomp"
                or (
                    c.dep_ == "dobj"
                    and not any(g.tag_ == "IN" and g.dep_ != "mark" for g in c.children if g.i < c.i)
                )
                for c in tok.children
            )
        ):
            # "Russia's actions demonstrate that ...", "rallied the minorities" (not "rallied outside
            # parliament", where the parser took the place for an object and the preposition for its modifier)
            return None
        # ACLED names the demonstrators "Protesters (Syria)" whoever they are
        if roles.actor1 is None or roles.actor1.is_civilian or roles.actor1.kind == "protesters":
            roles.actor1 = _generic_mention("protesters", span, sent) or roles.actor1
            if roles.actor2 is not None and roles.actor2.kind == "protesters":
                roles.actor2 = None
        sub = "Peaceful protest"
        if (
            "Excessive force against protesters (firing)" in mods
            and not _mentions_any(sent, tax.less_lethal)
            # "protesters threw stones and Molotov cocktails at peacekeepers, injuring 30": their violence
            and "Violent demonstration" not in mods
        ):
            # "fired at the protesters" is force that can kill; "fired rubber bullets and tear gas at" is not
            mods = mods | {"Excessive force against protesters"}
        for label in (
            "Excessive force against protesters",
            "Violent demonstration",
            "Protest with intervention",
        ):
            if label in mods:
                sub = label
                break
        # ACLED: demonstrators are actor1 of a protest or riot, the forces that used excessive force are
        # actor1 and the protesters actor2 (a civilian target).
        a1, a2 = roles.actor1, roles.actor2
        excessive = sub == "Excessive force against protesters"
        wrong_way = (a1 if excessive else a2) is not None and (a1 if excessive else a2).kind == "protesters"
        if wrong_way:
            roles.actor1, roles.actor2 = a2, a1
    elif trig.role == "marker":
        return None
    elif trig.role == "departure":
        tax = taxonomy()
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        leaving = {t.lemma_.lower() for c in subjects for t in c.subtree} | {
            t.lower_ for c in subjects for t in c.subtree
        }
        deal = any(t.lemma_.lower() in tax.departure_context for t in sent)
        if not (leaving & tax.departing_armed_nouns and deal):
            return None
    elif (
        trig.sub_event_type == "Arrests"
        and (roles.actor1 is None or roles.actor1.kind in ("state", "pro_government"))
        and _mentions_any(sent, taxonomy().crime_words)
    ):
        # "police arrested two men suspected of stealing cars": policing ordinary crime, not political
        # (an armed group detaining someone "for theft" is still coded, see arrest_by_non_state_is_clash)
        return None
    elif trig.sub_event_type == "Arrests" and taxonomy().arrest_by_non_state_is_clash:
        a1, a2 = roles.actor1, roles.actor2
        taken_person = _patient_lemma(tok, taxonomy()) in taxonomy().captured_people_nouns
        taken = {t.i for c in tok.children if c.dep_ in ("dobj", "nsubjpass") for t in c.subtree}
        # "arrested 100 individuals, many of whom were IS fighters": an armed group named among those taken
        armed_taken = any(a.kind not in _UNARMED_KINDS and a.token_start in taken for a in actors)
        if a1 is not None and a1.kind not in ("state", "pro_government", "foreign"):
            if taken_person and not armed_taken:
                # "the group detained a prominent activist": the person taken, named by a civilian noun,
                # decides (the actor finder may pair the trigger with another actor of the sentence)
                sub = "Abduction/forced disappearance"
                if a2 is not None and not a2.is_civilian:
                    roles.actor2 = None
            elif armed_taken or (a2 is not None and a2.kind not in _UNARMED_KINDS):
                sub = "Armed clash"
            elif a2 is None or a2.is_civilian:
                # ACLED: only the state arrests; an armed group detaining civilians abducts them
                sub = "Abduction/forced disappearance"
    if (
        sub in taxonomy().civilian_only
        and roles.actor2 is not None
        and roles.actor2.kind not in ("civilians", "protesters", "rioters")
        and roles.actor2.role in ("object", "patient")
        # ("arrested a member of X and took him to an unknown destination": the first verb's object)
        and roles.actor2.governor in (tok.i, tok.head.i if tok.dep_ == "conj" else tok.i)
    ):
        # ACLED: violence against civilians has civilian victims; abducting soldiers or a faction's
        # commander is a battle between armed groups
        sub = "Armed clash"
    elif (
        sub == "Abduction/forced disappearance"
        and tok.lemma_.lower() in ("disappear", "vanish", "see")
        and roles.actor1 is not None
        and roles.actor1.kind not in _UNARMED_KINDS
        and roles.actor2 is None
    ):
        # "8 members of the QDW militia disappeared": the armed men who vanished are the victims (a battle)
        roles.actor2, roles.actor1 = roles.actor1, None
        sub = "Armed clash"
    elif (
        sub == "Armed clash"
        and trig.sub_event_type == "Armed clash"
        and trig.role == "event"
        and tok.pos_ == "VERB"
        and (roles.actor1 is None or roles.actor1.kind not in _UNARMED_KINDS)
        and (
            (
                roles.actor2 is not None
                and roles.actor2.kind == "civilians"
                and roles.actor2.role in ("object", "patient")
                and _governed_by(sent, roles.actor2.governor, tok)
            )
            or (
                # "bandits stormed the school", "gunmen raided a wedding": a place of civilians assaulted
                (roles.actor2 is None or roles.actor2.kind in _UNARMED_KINDS)
                and _patient_lemma(tok, taxonomy()) in taxonomy().civilian_places
                and not _crowd_subject(tok, taxonomy(), taxonomy().crowd_clash_nouns)
                # "ambushed a bus carrying QDW fighters": armed people inside make it a battle
                and not any(
                    a.kind not in _UNARMED_KINDS and not _same_mention(a, roles.actor1) for a in actors
                )
                and not _armed_target(tok, sent)
            )
        )
    ):
        # "ambushed a convoy of traders", "stormed a wedding party": an armed assault on civilians is
        # one-sided violence (ACLED: attack), not a battle
        sub = "Attack"
    if (
        sub == "Armed clash"
        and trig.role == "event"
        and _crowd_subject(tok, tax := taxonomy(), tax.crowd_clash_nouns)
        and not any(a.kind not in _UNARMED_KINDS and a.kind != "rioters" for a in actors)
    ):
        # "supporters of two parties clashed with sticks", "youths of two villages fought": a fight of
        # crowds with no armed group named is mob violence (ACLED), not a battle
        sub = "Mob violence"
    tax = taxonomy()
    if sub == "Looting/property destruction" and _crowd_subject(tok, tax, tax.crowd_clash_nouns):
        # "supporters of Zuma blocked the highway and set trucks alight": a political crowd's wrecking
        sub = "Violent demonstration"
    elif sub == "Looting/property destruction" and _crowd_subject(tok, tax):
        sub = "Mob violence"  # "a crowd of villagers set fire to several homes"
    if sub in ("Armed clash", "Mob violence", "Looting/property destruction") and (
        _crowd_subject(tok, tax, tax.demonstrator_nouns)
        or (
            _crowd_subject(tok, tax, tax.crowd_clash_nouns)
            # the police they fight, not the police who tell of it
            and any(
                t.lemma_.lower() in tax.police_words
                and _linked(t, tok, 3)
                and not (t.dep_ == "nsubj" and t.head.lemma_.lower() in _SPEECH_VERBS)  # "police said"
                for t in sent
            )
        )
    ):
        # "protesters stormed the parliament", "supporters of X clashed with police, burned vehicles":
        # demonstrators (or a party's supporters) fighting or wrecking are a violent demonstration
        sub = "Violent demonstration"
        if roles.actor1 is None or roles.actor1.is_civilian or roles.actor1.kind == "protesters":
            roles.actor1 = _generic_mention("rioters", span, sent) or roles.actor1
    if trig.sub_event_type == "Agreement" and not _agreement_ok(tok):
        return None
    if trig.sub_event_type == "Shelling/artillery/missile attack" and any(
        t.lemma_.lower() in taxonomy().exchange_verbs for t in (_governing(tok), *list(tok.ancestors)[:3])
    ):
        sub = "Armed clash"  # "exchanged rocket shelling with", "an exchange of rocket shelling between"
    tax = taxonomy()
    if (
        sub == "Remote explosive/landmine/IED"
        and tok.lemma_.lower() in tax.generic_bombing
        and roles.actor1 is not None
        and roles.actor1.name.startswith(tax.air_actors)
    ):
        # "the bombing carried out by the coalition": a force that strikes only from the air bombs from it
        sub = "Air/drone strike"
    if (
        sub == "Remote explosive/landmine/IED"
        and tok.lemma_.lower() == "blow"
        and _patient_lemma(tok, tax) in tax.demolished_nouns
    ):
        sub = "Looting/property destruction"  # "Houthi fighters blew up the house of a tribal sheikh"
    elif sub == "Remote explosive/landmine/IED" and _person_detonates(tok, tax):
        sub = "Suicide bomb"  # "a woman detonated explosives in the middle of a wedding party"
    elif sub == "Remote explosive/landmine/IED" and tok.lemma_.lower() in tax.generic_bombing:
        if _done_by(tok, tax.aircraft_nouns):
            sub = "Air/drone strike"  # "Air Force planes bombed a camp"
        elif any(
            c.dep_ in ("acl", "relcl") and c.lemma_.lower() in tax.firing_verbs for c in tok.children
        ) or (tok.dep_ in ("nsubj", "nsubjpass", "dobj") and tok.head.lemma_.lower() in tax.firing_verbs):
            sub = "Shelling/artillery/missile attack"  # "bombs fired from the hills fell on the camp"
    if trig.role == "territory" and any(w in sent.text.lower() for w in tax.without_a_fight):
        # "Mazar-i-Sharif fell to the Taliban without a fight": a place given up, not taken by force
        sub = "Non-violent transfer of territory"
    if sub in ("Shelling/artillery/missile attack", "Remote explosive/landmine/IED") and _from_the_air(
        tok, tax
    ):
        sub = "Air/drone strike"  # "the regime bombarded Kurdish positions from the air"
    if sub == "Armed clash":
        # armed residents fighting are their place's communal militia, not civilian victims
        roles.actor1 = armed_locals(sent, roles.actor1)
        roles.actor2 = armed_locals(sent, roles.actor2)
        if roles.actor2 is None:
            roles.actor2 = other_side(sent, tok, actors, roles)
    if roles.actor1 is None and roles.actor2 is None:
        conf -= 0.1
    return EventCandidate(
        event_type=tax.sub_to_type[sub],
        sub_event_type=sub,
        trigger=span.text,
        start=span.start_char,
        end=span.end_char,
        confidence=round(conf, 2),
        role=trig.role,
        priority=trig.priority,
        token=tok.i,
        actor1=roles.actor1,
        actor2=roles.actor2,
        assoc_actor_1=roles.assoc_actor_1,
        assoc_actor_2=roles.assoc_actor_2,
        civilian_targeting=roles.actor2 is not None
        and (
            roles.actor2.is_civilian
            or (sub == "Excessive force against protesters" and roles.actor2.kind == "protesters")
        ),
        independent=_independent(tok),
        trigger_index=tax.triggers.index(trig),
        in_relative_clause=_describes_participant(tok),
        present_tense=_present_tense(tok),
        present_perfect=_present_perfect(tok),
    )


def _typed_by_antecedent(
    cand: EventCandidate, sent: Span, topics: dict[int, tuple[Span, _Trigger]], tax: _Taxonomy
) -> EventCandidate:
    """A killing told in a relative clause on a weapon's event the main clause only speaks about
    ("condemned the chemical attacks which killed 58 people on Tuesday", "blamed the coalition for the
    strikes that targeted two villages") reports that event: it takes the antecedent's type."""
    if cand.role != "violence" or not topics:
        return cand
    tok = sent.doc[cand.token]
    clause = next((t for t in (tok, *list(tok.ancestors)[:2]) if t.dep_ == "relcl"), None)
    if clause is None or clause.head.i not in topics:
        return cand
    trig = topics[clause.head.i][1]
    cand.sub_event_type, cand.event_type = trig.sub_event_type, tax.sub_to_type[trig.sub_event_type]
    cand.priority = trig.priority
    return cand


def _typed_by_topic(
    cands: list[EventCandidate], sent: Span, topics: dict[int, tuple[Span, _Trigger]], tax: _Taxonomy
) -> list[EventCandidate]:
    """A bare killing or attack in a sentence that names the kind of event only in a phrase spoken about
    ("the debate about who was responsible for the gas attack that activists say killed 130", "the attack
    caused people to choke, medics said, a sign of a gas attack") is that kind of event: when every
    candidate is a generic act of violence, each takes the type of the nearest such phrase. The parse
    often misses the relative clause :func:`_typed_by_antecedent` reads, so this looks at the sentence."""
    if not topics or not cands or any(c.role != "violence" for c in cands):
        return cands
    for cand in cands:
        nearest = min(topics, key=lambda i: (abs(i - cand.token), i))
        trig = topics[nearest][1]
        cand.sub_event_type, cand.event_type = trig.sub_event_type, tax.sub_to_type[trig.sub_event_type]
        cand.priority = trig.priority
    return cands


def _names_people(noun: Token) -> bool:
    """Whether ``noun`` names people (civilians, fighters, troops: ``captured_people_nouns`` and the subject
    nouns of either side), not a weapon or a place ("a motorcycle detonated by terrorists" is the bomb)."""
    tax = taxonomy()
    lemma = noun.lemma_.lower()
    return (
        lemma in tax.captured_people_nouns
        or lemma in tax.state_subject_nouns
        or lemma in tax.non_state_subject_nouns
    )


def _apposed(tok: Token) -> bool:
    """Whether the trigger is a participle before a noun or sits in an appositive (see
    :func:`_describes_participant`)."""
    if tok.dep_ == "amod" and tok.pos_ in ("VERB", "ADJ") and tok.head.pos_ in ("NOUN", "PROPN"):
        return True
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and _names_people(tok.head):
        return True  # "massacred 250 troops taken hostage at an airbase": who the victims were
    return any(t.dep_ == "appos" for t in (tok, *list(tok.ancestors)[:2]))


def _relative_clause(tok: Token) -> Token | None:
    """The relative clause ``tok`` sits in, through nouns and prepositions ("an airbase that was used as a
    launchpad for a chemical attack"), or None."""
    for t in (tok, *tok.ancestors):
        if t.dep_ == "relcl":
            return t
        if t.i != tok.i and t.pos_ in ("VERB", "AUX"):
            return None
    return None


def _aside(tok: Token, triggers: set[int]) -> bool:
    """Whether trigger ``tok`` sits in a phrase describing a participant other than the reported event: an
    appositive, a participle before a noun, or a relative clause on a noun phrase with no trigger in it
    ("an airbase that was used for a chemical attack"; not "shells that contained toxic gas", which tells
    what the weapon was). ``triggers``: doc indices of the sentence's trigger tokens."""
    if _apposed(tok):
        return True
    clause = _relative_clause(tok)
    if clause is None:
        return False
    if clause.head.lemma_.lower() in taxonomy().munition_parts:
        return False  # "munitions that released a choking gas": what the munition held
    phrase = {t.i for t in clause.head.subtree} - {t.i for t in clause.subtree}
    return not (phrase & triggers)


def _describes_participant(tok: Token) -> bool:
    """Whether the trigger sits in a phrase that describes a participant of the sentence's event rather
    than reporting one: a relative clause ("terrorists who had infiltrated"), a participle before a noun
    ("a downed government pilot was executed") or an appositive ("around Khan Sheikhoun, the site of the
    regime's chemical attack in April")."""
    return _apposed(tok) or _relative_clause(tok) is not None


_PRESENT_AUX = frozenset({"has", "have", "is", "are", "am", "'s", "'re", "'ve"})
_PAST_AUX = frozenset({"had", "was", "were", "did", "'d"})


def _clause_verb(tok: Token) -> Token:
    """The verb whose tense is the trigger's: that of :func:`_governing`, except for a plural noun the
    model tagged as a finite verb ("Drone strikes targeted ...", "clashes"): a finite verb is never a
    subject or an object, so the tense is its clause's."""
    if (
        tok.tag_ in ("VBZ", "VBP")
        and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
        and tok.head.i != tok.i
    ):
        tok = tok.head
    return _governing(tok)


def _present_tense(tok: Token) -> bool:
    """Whether the clause of ``tok`` is in a present tense (simple, perfect or progressive)."""
    verb = _clause_verb(tok)
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    aux = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a in _PAST_AUX for a in aux) or verb.tag_ == "VBD":
        return False
    if (
        verb.tag_ == "VBP"
        and not aux
        and (verb.lower_ in taxonomy().past_forms or verb.lower_.endswith("ed"))
    ):
        # a present plural is the bare form; "retook", "seized" tagged VBP are the tagger's slips
        return False
    return any(a in _PRESENT_AUX for a in aux) or verb.tag_ in ("VBZ", "VBP")


def _present_perfect(tok: Token) -> bool:
    """Whether the clause of ``tok`` is in the present perfect ("have been killed", "has seized")."""
    if not _present_tense(tok):
        return False
    verb = _clause_verb(tok)
    return verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lower_ in ("has", "have", "'s", "'ve") for c in verb.children
    )


def _mentions_any(sent: Span, words: frozenset[str]) -> bool:
    return any(t.lemma_.lower() in words or t.lower_ in words for t in sent)


def _inside_actor_name(span: Span, actors: list[ActorMention]) -> bool:
    """A trigger word inside an actor's name ("Air Force Intelligence") is no trigger, unless it is the
    head of the name ("Russian warplanes")."""
    return any(
        a.token_start <= span.start and span.end <= a.token_end and span.end < a.token_end for a in actors
    )


def _armed_target(tok: Token, sent: Span) -> bool:
    """Whether the violence of ``tok`` hits something armed: its object (or "on / at" object) is a
    checkpoint, fighter, commander ... (``armed_target_nouns``)."""
    nouns = taxonomy().armed_target_nouns
    verb = _governing(tok)
    # "shot and killed four members of X": the object hangs on the coordinated verb
    conjs = [c for t in (tok, verb) for c in t.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    civilian_groups = taxonomy().civilian_groups
    for t in (tok, verb, *conjs):
        # "she was shot at a checkpoint": with the victim named as object or passive subject, "at / on"
        # gives the place, not the target
        has_patient = any(
            c.dep_ in ("dobj", "nsubjpass")
            and (c.pos_ in ("PRON", "PROPN") or c.lemma_.lower() in taxonomy().captured_people_nouns)
            for c in t.children
        )
        for child in t.children:
            targets = [child] if child.dep_ in ("dobj", "nsubjpass") else []
            if (
                not has_patient
                and child.dep_ == "prep"
                and child.lower_ in ("on", "at", "against", "upon", "targeting")
            ):
                targets = [c for c in child.children if c.dep_ == "pobj"]
            for n in targets:
                if _of_civilian_group(n, civilian_groups):
                    continue  # "members of the Alawite community" are civilians
                if any(
                    c.dep_ in ("amod", "compound") and c.lemma_.lower() in taxonomy().civilian_roles
                    for c in n.children
                ):
                    continue  # "a social leader", "a community leader", "opposition party members"
                if n.lemma_.lower() in nouns or n.lower_ in nouns:
                    return True
                # "the vehicle of an MDA commander"
                for sub in n.subtree:
                    if sub.dep_ == "pobj" and (sub.lemma_.lower() in nouns):
                        return True
    return False


def _same_mention(a: ActorMention, b: ActorMention | None) -> bool:
    """Whether two actor mentions are one stretch of text (role assignment hands back copies)."""
    return b is not None and (a.token_start, a.token_end) == (b.token_start, b.token_end)


def _governed_by(sent: Span, governor: int | None, tok: Token) -> bool:
    """Whether the token at doc index ``governor`` is ``tok`` or a noun that is ``tok``'s object ("a
    convoy" of "ambushed a convoy of traders")."""
    if governor is None:
        return False
    if governor == tok.i:
        return True
    doc = sent.doc
    if not 0 <= governor < len(doc):
        return False
    g = doc[governor]
    return g.head.i == tok.i and g.dep_ in ("dobj", "nsubjpass", "pobj")


def _of_civilian_group(noun: Token, groups: frozenset[str]) -> bool:
    """Whether ``noun`` ("members") is followed by "of" a civilian group ("of the Alawite community") or
    has one as its compound modifier ("a local council member", "family members")."""
    return any(
        (c.dep_ == "compound" and c.lemma_.lower() in groups)
        or (
            c.dep_ == "prep"
            and c.lower_ == "of"
            and any(g.dep_ == "pobj" and g.lemma_.lower() in groups for g in c.children)
        )
        for c in noun.children
    )


def _agreement_ok(tok: Token) -> bool:
    tax = taxonomy()
    verbs = tax.agreement_verbs
    if tok.pos_ == "VERB":
        if tok.dep_ in ("acl", "amod"):
            return False  # "zones agreed at the May talks": a past agreement described
        if tok.lemma_.lower() == "agree":
            # a new agreement has terms ("agreed a truce", "agreed to evacuate"), an opinion has none
            words = {t.lemma_.lower() for t in tok.subtree if t.i != tok.i}
            words |= {c.lemma_.lower() for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")}
            return bool(words & tax.agreement_objects)
        return True
    verb = _governing(tok)
    return verb.lemma_.lower() in verbs and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "compound")


def _trigger_of(tax: _Taxonomy, sub_event_type: str, role: str | None = None) -> _Trigger | None:
    """The first trigger entry of ``taxonomy.yml`` for a sub-type (and role)."""
    return next(
        (t for t in tax.triggers if t.sub_event_type == sub_event_type and role in (None, t.role)), None
    )


def _verb_object_triggers(
    sent: Span,
    trig: _Trigger | None,
    verbs: frozenset[str],
    nouns: frozenset[str],
    deps: tuple[str, ...],
    *,
    verb_pos: str | None = None,
    particles: dict[str, str] | None = None,
) -> list[tuple[Span, _Trigger]]:
    """Triggers that are not contiguous phrases, found by the parse: a verb of ``verbs`` (of part of speech
    ``verb_pos``; a verb of ``particles`` only with its particle) one of whose ``deps`` children is one of
    ``nouns``, whatever words stand between them. The verb is the trigger's span."""
    if trig is None or not verbs:
        return []
    out = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma not in verbs or (verb_pos is not None and tok.pos_ != verb_pos):
            continue
        prt = (particles or {}).get(lemma)
        if prt is not None and not any(c.dep_ == "prt" and c.lower_ == prt for c in tok.children):
            continue
        if any(c.dep_ in deps and c.lemma_.lower() in nouns for c in tok.children):
            i = tok.i - sent.start
            out.append((sent[i : i + 1], trig))
    return out


def _found_bodies(sent: Span, tax: _Taxonomy) -> list[tuple[Span, _Trigger]]:
    """ "The body of a QSD fighter was found dumped near X": a killing by an unnamed hand, reported when the
    body is found: a passive "find" whose subject is a body (``found_body`` in taxonomy.yml), read as the
    trigger of the violence sub-type "Attack" (which becomes an armed clash when the victim is armed)."""
    trig = _trigger_of(tax, "Attack", "violence")
    return _verb_object_triggers(sent, trig, tax.found_body_verbs, tax.found_body_nouns, ("nsubjpass",))


def _verb_triggers(
    sent: Span, trig: _Trigger, verbs: frozenset[str], test: Callable[[Token], bool]
) -> list[tuple[Span, _Trigger]]:
    """``trig`` at every verb of ``verbs`` in ``sent`` for which ``test`` holds (one token each)."""
    return [
        (sent[tok.i - sent.start : tok.i - sent.start + 1], trig)
        for tok in sent
        if tok.pos_ == "VERB" and tok.lemma_.lower() in verbs and test(tok)
    ]


def _to_death(sent: Span, tax: _Taxonomy) -> list[tuple[Span, _Trigger]]:
    """ "Villagers beat two suspected thieves to death", "hacked the farmer to death": a violent verb
    (``to_death_verbs``) with "to death" anywhere after its object is a killing (the contiguous phrases,
    "beat to death", are triggers of their own); "sentenced to death" is no such verb."""
    if not tax.to_death_verbs:
        return []

    def killed(tok: Token) -> bool:
        return any(
            c.dep_ == "prep" and c.lower_ == "to" and any(g.lemma_.lower() == "death" for g in c.children)
            for c in (*tok.children, *(d for o in tok.children if o.dep_ == "dobj" for d in o.children))
        ) or any(
            # "beat a man accused of theft until he died" (the parser may hang the clause lower down)
            c.dep_ == "advcl"
            and c.lemma_.lower() == "die"
            and any(m.dep_ == "mark" and m.lower_ == "until" for m in c.children)
            for c in tok.subtree
            if c.i > tok.i
        )

    return _verb_triggers(sent, _trigger_of(tax, "Attack", "violence"), tax.to_death_verbs, killed)


def _gatherings(sent: Span, tax: _Taxonomy) -> list[tuple[Span, _Trigger]]:
    """ "Supporters gathered in the city centre to denounce the arrest of their leader", "residents
    assembled outside the office demanding water": a crowd's gathering (``gathering.verbs``) for a demand
    (``gathering.demands``, an infinitive of purpose or a participle) is a protest."""
    if not tax.gathering_verbs:
        return []

    def for_a_demand(tok: Token) -> bool:
        return any(
            c.dep_ in ("advcl", "xcomp", "conj")
            and c.pos_ == "VERB"
            and c.lemma_.lower() in tax.gathering_demands
            for c in tok.children
        )

    return _verb_triggers(
        sent, _trigger_of(tax, "Peaceful protest", "protest"), tax.gathering_verbs, for_a_demand
    )


def _bases_established(sent: Span, tax: _Taxonomy) -> list[tuple[Span, _Trigger]]:
    """ "Turkish forces set up a new military base near X", "established an observation post": a verb of
    building (``base_established.verbs``; "set" only with "up") whose object is a base, post or
    headquarters (``base_established.nouns``)."""
    trig = _trigger_of(tax, "Headquarters or base established")
    return _verb_object_triggers(
        sent,
        trig,
        tax.base_verbs,
        tax.base_nouns,
        ("dobj", "nsubjpass"),
        verb_pos="VERB",
        particles={"set": "up"},
    )


def _disrupted_weapons(sent: Span, tax: _Taxonomy) -> list[tuple[Span, _Trigger]]:
    """ "Agents stopped a car bomb", "soldiers recovered an IED planted along the highway", "intercepted a
    minibus packed with explosives": a verb of stopping, finding or defusing (``disrupted_weapons.verbs``)
    with a weapon in its object, within three links (``disrupted_weapons.nouns``), is ACLED's disrupted
    weapons use, not the weapon's use."""
    trig = _trigger_of(tax, "Disrupted weapons use", "event")
    if trig is None or not tax.disrupt_verbs:
        return []

    def holds_weapon(tok: Token) -> bool:
        if any(c.dep_ == "nsubj" and c.lemma_.lower() in tax.reference_nouns for c in tok.children):
            return False  # "the investigation found fragments of a bomb": a finding about a strike
        # "detected and detonated an IED": the object may hang on the coordinated verb
        verbs = [tok, *(c for c in tok.children if c.dep_ == "conj" and c.pos_ == "VERB")]
        for obj in (c for v in verbs for c in v.children):
            if obj.dep_ not in ("dobj", "nsubjpass") or obj.lemma_.lower() in tax.weapon_remains:
                continue
            if any(
                t.lemma_.lower() in tax.disrupted_nouns or t.lower_ in tax.disrupted_nouns
                for t in obj.subtree
                if _linked(t, obj, 3)
            ):
                return True
        return False

    return _verb_triggers(sent, trig, tax.disrupt_verbs, holds_weapon)


def _prep_triggers(sent: Span, tax: _Taxonomy) -> list[tuple[Span, _Trigger]]:
    """Events a verb names with a prepositional phrase ("took him into custody", "took them to an unknown
    location"; ``prep_triggers`` of taxonomy.yml): the verb, with its preposition's object one of the
    entry's nouns (and one of its ``modifiers``, when the entry lists some) whatever stands between them."""
    out = []
    for tok in sent:
        if tok.pos_ != "VERB":
            continue
        entries = [e for e in tax.prep_triggers if tok.lemma_.lower() in e[1]]
        if not entries:
            continue
        # the preposition may hang on the verb or on the object of another of its phrases ("escaped
        # through a tunnel from the prison")
        preps = [p for p in tok.children if p.dep_ == "prep"]
        preps += [
            q for p in preps for o in p.children if o.dep_ == "pobj" for q in o.children if q.dep_ == "prep"
        ]
        for trig, _verbs, prep, nouns, modifiers in entries:
            for p in preps:
                if p.lower_ != prep:
                    continue
                for o in p.children:
                    if (
                        o.dep_ == "pobj"
                        and o.lemma_.lower() in nouns
                        and (not modifiers or any(c.lower_ in modifiers for c in o.children))
                    ):
                        i = tok.i - sent.start
                        out.append((sent[i : i + 1], trig))
    return out


def _subject_triggers(sent: Span, tax: _Taxonomy) -> list[tuple[Span, _Trigger]]:
    """Events a verb names with who or what does it (``subject_triggers`` of taxonomy.yml): "the planes
    struck the convoy", "several raids hit Babeska", "the school was targeted by regime planes" (the
    subject, or the passive's agent, one of the entry's nouns)."""
    out = []
    for tok in sent:
        if tok.pos_ != "VERB":
            continue
        lemma = tok.lemma_.lower()
        entries = [e for e in tax.subject_triggers if lemma in e[1] or tok.lower_ in e[1]]
        if not entries:
            continue
        doers = [c for c in tok.children if c.dep_ == "nsubj"]
        doers += [o for a in tok.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
        for trig, _verbs, nouns in entries:
            if any(d.lower_ in nouns or d.lemma_.lower() in nouns for d in doers):
                i = tok.i - sent.start
                out.append((sent[i : i + 1], trig))
                break
    return out


def _object_triggers(sent: Span, tax: _Taxonomy) -> list[tuple[Span, _Trigger]]:
    """Events a verb names only together with what it acts on (``object_triggers`` of taxonomy.yml):
    "militiamen destroyed a health centre" (property destruction), "police burned 500 confiscated
    weapons" (a change to the group's activity), "residents set ablaze a suspected thief" (an attack).
    The verb's object or passive subject must be one of the entry's nouns, and a verb of its ``with`` map
    needs one of those words among its children ("set" only with "ablaze", "alight" or "fire")."""
    out = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "VERB" or lemma not in tax.object_trigger_verbs:
            continue
        patient = _patient_lemma(tok, tax)
        if patient is None:
            continue
        obj = next(c for c in tok.children if c.dep_ in ("dobj", "nsubjpass"))
        for idx, verbs, nouns, need in tax.object_triggers:
            if lemma not in verbs:
                continue
            if lemma in need and not any(
                c.lower_ in need[lemma] or any(g.lower_ in need[lemma] for g in c.children)
                for c in tok.children
            ):
                continue
            if patient in nouns or obj.lower_ in nouns:
                i = tok.i - sent.start
                out.append((sent[i : i + 1], tax.triggers[idx]))
                break
    return out


def _no_ones_act(tok: Token, tax: _Taxonomy, span: Span) -> bool:
    """Whether the damage ``tok`` reports is no one's act of its own: a flood, a fire or the like is near
    it or its subject; its subject is an event told elsewhere ("the raids also destroyed several shops":
    the damage the raid did, not a new event); or it is a passive with no agent, of a verb things can
    do too ("20 homes were destroyed" may be a storm's work; "were torched" is not)."""
    if _near_cause(tok, tax, range(span.start, span.end)):
        return True  # "the plane crashed in the town centre, destroying several homes"
    causes = tax.non_violent_causes | tax.inanimate_causes
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None and tok.dep_ in ("advcl", "xcomp") and tok.tag_ == "VBG":
        # "a fire broke out in the market, destroying 100 stalls": a participle's subject is its clause's
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if subj is None:
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        subj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if subj is None and any(c.dep_ == "nsubjpass" for c in tok.children):
            return tok.lemma_.lower() not in tax.human_only_verbs
    return subj is not None and (subj.lemma_.lower() in causes or subj.lower_ in causes)


def _names_a_unit(tok: Token) -> bool:
    """A protest marker that only names the force or its kit ("riot police", "riot gear") is no act."""
    return tok.dep_ in ("compound", "amod") and tok.head.lower_ in taxonomy().unit_heads


def _named_sides(c: EventCandidate) -> int:
    return (c.actor1 is not None) + (c.actor2 is not None)


def classify(sent: Span, *, actors: list[ActorMention] | None = None) -> list[EventCandidate]:
    """The ACLED events ``sent`` reports (usually 0 or 1), in text order.

    Each candidate carries its event type, sub-event type, trigger phrase and offsets, a confidence and
    the actor1 / actor2 the sentence gives for it. ``actors`` may pass ``find_actors(sent)`` when the
    caller already has it.
    """
    tax = taxonomy()
    trig_matcher, mod_matcher = _matchers()
    raw = []
    for label, start, end in trig_matcher(sent):
        idx, n = (int(x) for x in label.split(":"))
        pos = tax.phrases[n][2]
        if _pos_ok(sent[start], pos) or (
            # "general strike", "human chain": a phrase led by an adjective is judged by its head noun
            end - start > 1 and sent[start].pos_ == "ADJ" and _pos_ok(sent[end - 1], pos)
        ):
            raw.append((sent[start:end], tax.triggers[idx]))
    raw += _found_bodies(sent, tax)
    raw += _bases_established(sent, tax)
    raw += _to_death(sent, tax)
    raw += _gatherings(sent, tax)
    raw += _disrupted_weapons(sent, tax)
    raw += _prep_triggers(sent, tax)
    raw += _subject_triggers(sent, tax)
    raw += _object_triggers(sent, tax)
    if not raw:
        return []
    # (after the triggers: most sentences have none, and then their background cues do not matter)
    background = _background_tokens(sent)
    if background is None:
        return []
    # Longest trigger first, then the higher priority: "suicide car bomb" beats "car bomb".
    raw.sort(key=lambda m: (-(m[0].end - m[0].start), -m[1].priority, m[0].start))
    taken: set[int] = set()
    chosen = []
    for span, trig in raw:
        if any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        chosen.append((span, trig))
    chosen.sort(key=lambda m: m[0].start)
    mod_spans = [
        (m, sent[a:b])
        for m, a, b in mod_matcher(sent)
        if _pos_ok(sent[a], None) and not _names_a_unit(sent[a:b].root)
    ]
    if actors is None:
        actors = find_actors(sent)
    cands = []
    topics: dict[int, tuple[Span, _Trigger]] = {}  # event triggers spoken about, by head token
    for span, trig in chosen:
        tok = span.root
        if tok.i in background or _inside_actor_name(span, actors) or _over_a_span_of_time(tok, tax):
            continue
        stopped = trig.role == "protest" and (_stopped_protest(tok, tax) or _attempt_met(tok, tax))
        if trig.negated and not any(c.dep_ == "neg" or c.lower_ == "never" for c in tok.children):
            continue  # "the largest crowd seen since 2011": only "not seen since" is the phrase's event
        if not stopped and not trig.negated and _suppressed(tok, tax, purpose_reports=trig.role == "protest"):
            if trig.role == "event":
                topics[tok.i] = (span, trig)
            continue
        if (
            tok.dep_ == "compound"
            and tok.head.i not in taken
            and tok.head.i >= span.end
            and tok.head.lemma_.lower() not in tax.munition_parts
            and tok.head.lemma_.lower() not in tax.weapon_use_heads
        ):
            # a weapon naming something else ("aircraft carrier", "artillery positions"); what fills a
            # munition ("chlorine gas canisters", "poisonous gas heads") is the weapon itself, and so is a
            # weapon before a word of its use ("killed in mortar fire", "a tank salvo")
            continue
        # a protest marker counts only when it bears on this protest ("fired at the protesters")
        mods = {
            label
            for label, m in mod_spans
            if (_linked(m.root, tok, 6) or _said_of_its_people(m.root, tok))
            and not _marks_another_time(m.root, tok, tax)
            and not _grievance(m.root, tax)
        }
        if stopped:
            mods.add("Protest with intervention")  # "police prevented supporters from holding a rally"
        cand = _resolve(span, trig, tok, sent, actors, mods)
        if cand is not None:
            cands.append(_typed_by_antecedent(cand, sent, topics, tax))
    cands = _typed_by_topic(cands, sent, topics, tax)
    cands = _foiled_weapons(cands, sent, tax)
    cands = _subsume(cands, tax, sent.doc)
    best: dict[str, EventCandidate] = {}
    for c in cands:
        cur = best.get(c.event_type)
        if cur is None:
            best[c.event_type] = c
        elif c.event_type == "Protests" and "Peaceful protest" in (c.sub_event_type, cur.sub_event_type):
            # "police fired water cannon at protesters marching": what any trigger found met the protest
            if cur.sub_event_type == "Peaceful protest":
                best[c.event_type] = c
        elif c.sub_event_type == cur.sub_event_type:
            # two triggers of one kind of event ("clashes between X and Y amid an exchange of shelling
            # between both sides"): the one whose actors the sentence names tells the event best
            if _named_sides(c) > _named_sides(cur):
                best[c.event_type] = c
        elif _aside(sent.doc[c.token], taken) != _aside(sent.doc[cur.token], taken):
            # one kind of event in a phrase that describes another participant ("died in air strikes around
            # X, the site of the chemical attack in April", "missiles damaged an airbase that was used for a
            # chemical attack") does not stand for the one the sentence reports; a relative clause on the
            # weapon itself tells what it was ("shells that contained toxic gas" is a gas attack)
            if _aside(sent.doc[cur.token], taken):
                best[c.event_type] = c
        elif c.priority > cur.priority:
            best[c.event_type] = c
    protest = best.get("Protests")
    arrest = best.get("Strategic developments")
    if protest is not None and arrest is not None and arrest.sub_event_type == "Arrests":
        # "riot police detained 200 people taking part in a peaceful march", "police detained dozens after
        # small protests erupted": arrests at a protest are its intervention (ACLED codes one event)
        del best["Strategic developments"]
        if protest.sub_event_type == "Peaceful protest":
            protest.sub_event_type = "Protest with intervention"
    # the event a sentence reports before one that only dates it ("hours after Khan's arrest, his
    # supporters stormed the residence"), then in text order
    out = sorted(best.values(), key=lambda c: (_time_of_another(sent.doc[c.token], tax), c.start))
    log.debug("classify %r -> %s", sent.text[:60], [c.sub_event_type for c in out])
    return out
