"""Actor mentions: aliases from ``data/actors.yml`` normalised to ACLED's canonical actor names.

``find_actors(sent)`` finds the actors a sentence names and gives each a syntactic role hint;
``assign_roles(sent, trigger, actors)`` decides, for one event trigger, who is ACLED's actor1 (the
perpetrator / initiator) and actor2 (the target / other side), with their associated actors.

Besides the alias table, names are built from the text by the rules of ``actors.yml`` (``rules:``):
numbered units of a state force ("the regime's 17th Division"), communal militias of a place ("armed
residents of X" -> "X Communal Militia (Syria)"), named tribes and clans ("the X tribe" -> "X Tribal
Militia (Syria)"), suspected perpetrators ("gunmen believed to be IS" -> IS), associated actors after
"supported by" / "with the support of", and ``fill_unidentified`` for sides the text never names.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import resources
from typing import Any

import spacy
import yaml
from spacy.tokens import Span, Token

from .phrases import HYPHEN, Spec, TokenPatterns

log = logging.getLogger(__name__)

#: Kinds of actor that count as "the state" of the sentence's country for territory changes.
STATE_KINDS = ("state", "pro_government")
#: Verbs (and participles) introducing an associated actor: "X, supported by Y".
_ASSOC_HEADS = {"support", "back", "assist", "aid", "accompany", "cover", "help", "reinforce", "join"}
#: Kinds whose "former" members ACLED no longer counts as the group.
_FORMER_KINDS = ("rebel", "islamist", "jihadist", "operation", "state", "pro_government")
#: Roles of actors that are no side of the event: supporters and parties named as background.
NOT_A_SIDE = frozenset({"assoc", "background"})
#: Cues between an actor and an operation room meaning the actor operates as part of it.
_OPERATION_CUE = re.compile(r"\b(part of|under|within|operat\w*|affiliated|members of|of the|as)\b", re.I)


@dataclass(slots=True)
class ActorMention:
    """An actor named in a sentence, normalised to ACLED's canonical name."""

    name: str  # ACLED canonical name
    text: str  # as written
    start: int  # char offsets in the article text
    end: int
    #: syntactic role hint: "subject", "agent", "object", "patient", "with", "between", "from", "target",
    #: "modifier" (compound / possessive of a noun), "assoc" ("supported by X"), "background" (a party to
    #: an agreement: "a former rebel who reconciled with the regime") or None.
    role: str | None = None
    kind: str = "other"
    #: the country whose state this actor is (only for kind "state").
    country: str | None = None
    #: token indices in the Doc (end exclusive).
    token_start: int = 0
    token_end: int = 0
    #: doc index of the token the role refers to (the verb or noun governing the mention).
    governor: int | None = None
    #: for a "modifier" ("a QSD member", "IS positions"): the role and governor of the modified noun.
    head_role: str | None = None
    head_governor: int | None = None
    #: side of the war ("gov", "opp", "sdf", "is", ...), None when unknown (unidentified, civilians).
    bloc: str | None = None

    @property
    def is_state(self) -> bool:
        return self.kind in STATE_KINDS

    @property
    def is_civilian(self) -> bool:
        return self.kind == "civilians"


@dataclass(slots=True)
class Roles:
    """ACLED actor columns for one event."""

    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    assoc_actor_1: list[ActorMention] = field(default_factory=list)
    assoc_actor_2: list[ActorMention] = field(default_factory=list)

    @property
    def civilian_targeting(self) -> bool:
        return self.actor2 is not None and self.actor2.is_civilian


@dataclass(slots=True)
class _Entry:
    name: Any
    kind: str
    country: str | None
    operation: bool
    bloc: str | None = None


_KIND_BLOC = {
    "state": "gov",
    "pro_government": "gov",
    "rebel": "opp",
    "islamist": "opp",
    "operation": "opp",
    "kurdish": "sdf",
}


#: "JaS: Levant Front": ACLED's acronym prefix and the name after it.
_ACRONYM_NAME = re.compile(r"^([A-Za-z']{2,6}):\s+(.+)$")


def _name_aliases(name: Any) -> list[str]:
    """Aliases implied by a plain canonical name: the name itself without its "({country})" suffix or its
    "(2000-)" period, and, for "ABC: Name", the acronym and the bare name (reports often quote ACLED's own naming)."""
    if not isinstance(name, str):
        return []
    bare = re.sub(r"\s*\(\{country\}\)$", "", name).strip()
    if "{" in bare:
        return []
    out = [bare]
    # "Military Forces of Syria (2000-)": notes name the force without ACLED's period
    undated = re.sub(r"\s*\(\d{4}-\d{0,4}\)", "", bare).strip()
    if undated != bare:
        out.append(undated)
    m = _ACRONYM_NAME.match(bare)
    if m:
        out += [m.group(1), m.group(2)]
    return out


@functools.lru_cache(maxsize=1)
def _rules() -> dict:
    """The ``rules:`` section of ``actors.yml`` (units, suspected / umbrella cues, communal, kin)."""
    text = resources.files("sitrep.data").joinpath("actors.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text).get("rules", {})


@dataclass(slots=True)
class _StateForces:
    """The generated army and police entries of ``rules.state_forces``, matched as "<demonym> <noun>"
    by one pattern set rather than one alias per pair."""

    #: lower-case tokens of "<demonym> <noun>" -> index of the entry
    entry_of: dict[tuple[str, ...], int] = field(default_factory=dict)
    demonym_words: set[str] = field(default_factory=set)
    noun_words: set[str] = field(default_factory=set)
    #: (tokens of the demonym, tokens of the noun) of every pair
    shapes: set[tuple[int, int]] = field(default_factory=set)


@functools.lru_cache(maxsize=1)
def _load() -> tuple[str, list[_Entry], list[list[str]], _StateForces]:
    """The actor table: (default country, entries, alias lists, state forces), read once.

    Every plain canonical name is also an alias of its entry (see ``_name_aliases``); the communal
    cues of ``rules.communal`` form one more entry of kind "communal" whose name is filled from the text.
    """
    text = resources.files("sitrep.data").joinpath("actors.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    entries, aliases = [], []
    for item in data["actors"]:
        kind = item.get("kind", "other")
        entries.append(
            _Entry(
                item["name"],
                kind,
                item.get("country"),
                bool(item.get("operation")),
                item.get("bloc") or _KIND_BLOC.get(kind),
            )
        )
        own = [str(a) for a in item.get("aliases", [])]
        known = {a.lower() for a in own}
        own += [a for a in _name_aliases(item["name"]) if a.lower() not in known]
        aliases.append(own)
    forces = _StateForces()
    for entry, demonyms, nouns in _state_force_entries(data, entries):
        for d in demonyms:
            for n in nouns:
                forces.entry_of[d + n] = len(entries)
                forces.shapes.add((len(d), len(n)))
        forces.demonym_words.update(w for d in demonyms for w in d)
        forces.noun_words.update(w for n in nouns for w in n)
        entries.append(entry)
        # ACLED's own name of a generated force ("the Military Forces of Myanmar regained control")
        generated = isinstance(entry.name, str) and (entry.bloc or "").startswith("state:")
        aliases.append(_name_aliases(entry.name) if generated else [])
    communal = data.get("rules", {}).get("communal")
    if communal:
        entries.append(_Entry(communal["name"], "communal", None, False, None))
        aliases.append([str(a) for a in communal.get("aliases", [])])
    return data.get("default_country", "Syria"), entries, aliases, forces


@functools.lru_cache(maxsize=1)
def _demonyms() -> dict:
    text = resources.files("sitrep.data").joinpath("demonyms.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


def country_name(code: str) -> str | None:
    """ACLED's name of the country with ISO alpha-2 ``code`` (GeoNames' English name unless
    ``demonyms.yml`` says ACLED spells it otherwise), None for an unknown code."""
    from ..geo.gazetteer import countries

    override = (_demonyms().get("acled_names") or {}).get(code)
    if override:
        return override
    c = countries().get(code)
    return c.name if c is not None else None


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(t.text.lower() for t in _tokenizer()(text))


def _state_force_entries(
    data: dict, explicit: list[_Entry]
) -> list[tuple[_Entry, list[tuple[str, ...]], list[tuple[str, ...]]]]:
    """(entry, demonym tokens, noun tokens) for the army and police of every country of ``demonyms.yml``
    ("Malian troops" -> "Military Forces of Mali"), built from ``rules.state_forces``. A country that
    ``actors.yml`` names itself (Syria, Turkey, Russia ...) keeps its own entries."""
    rule = data.get("rules", {}).get("state_forces")
    if not rule:
        return []

    def names(e: _Entry | Any) -> list[str]:
        spec = e.name if isinstance(e, _Entry) else e
        if isinstance(spec, dict):
            if "{country}" in str(spec.get("default", "{country}")):
                return []  # the generic entry of every country ("army", "regime forces")
            # one force named by the country it fights in (US forces as the coalition in Syria)
            return [n for v in spec.values() for n in names(v)]
        if isinstance(spec, list):
            return [str(p["name"]) for p in spec]
        return [str(spec)]

    named = " ".join(n for e in explicit for n in names(e))
    military = [_tokens(str(n)) for n in rule["military_nouns"]]
    # "a Russian patrol", "Turkish armored vehicles", "Iranian positions": the force whose asset is hit
    military += [_tokens(str(n)) for n in rule.get("asset_nouns", [])]
    kinds = [(rule["military"], military), (rule["police"], [_tokens(str(n)) for n in rule["police_nouns"]])]
    out = []
    for code, words in _demonyms().items():
        if code == "acled_names" or not words:
            continue
        country = country_name(code)
        if country is None:
            continue
        demonyms = [_tokens(str(w)) for w in words]
        for template, nouns in kinds:
            base = template.replace("{country}", country)
            if f"of {country}" in named or f"of the {country}" in named:
                # a country actors.yml names keeps its own entry (ACLED's dated name, its bloc); the
                # generated words map to it, after its own aliases (a copy listed last loses ties:
                # "Syrian National Army" stays the SNA)
                own = re.compile(rf"^{re.escape(base).replace('of ', 'of (?:the )?')}(?: \([^)]*\))?$")
                entry = next((e for e in explicit if any(own.match(n) for n in names(e))), None)
                if entry is None:
                    # the country's dated names live in the generic entry ("government forces" in Iraq):
                    # "Iraqi troops" take them whatever country the article is about
                    spec = next(
                        (
                            e.name[country]
                            for e in explicit
                            if isinstance(e.name, dict)
                            and country in e.name
                            and e.kind == "state"
                            and any(own.match(n) for n in names(e.name[country]))
                        ),
                        None,
                    )
                    if spec is None:
                        continue
                    entry = _Entry(spec, "state", country, False, f"state:{code}")
                else:
                    entry = replace(entry)
            else:
                entry = _Entry(base, "state", country, False, f"state:{code}")
            out.append((entry, demonyms, nouns))
    return out


@functools.lru_cache(maxsize=1)
def _tokenizer():
    # The blank English tokenizer splits aliases exactly as the model's tokenizer splits the text.
    return spacy.blank("en").tokenizer


def _alias_words(alias: str) -> list[str]:
    """The alias's tokens as the text's tokenizer splits the capitalised form: lower-case "u.s." splits
    into "u.s" + "." where "U.S." in a text is one token."""
    words: list[str] = []
    for tok in _tokenizer()(alias):
        if tok.text == "." and words and re.fullmatch(r"(?:[a-z]\.)+[a-z]", words[-1]):
            words[-1] += "."
        else:
            words.append(tok.text)
    return words


def _alias_pattern(alias: str) -> list[Spec]:
    pattern: list[Spec] = []
    for t in _alias_words(alias):
        if t == "-":
            pattern.append(HYPHEN)
        elif len(t) > 1 and (t.isupper() or (t[0].isupper() and any(c.isupper() for c in t[1:]))):
            # Acronyms ("IS", "OPS") only match in capitals: "is" is a verb.
            pattern.append(Spec.word("ORTH", t))
        else:
            pattern.append(Spec.word("LOWER", t.lower()))
    return pattern


@functools.cache
def _matcher() -> TokenPatterns:
    _, entries, aliases, forces = _load()
    matcher = TokenPatterns()
    for i, alias_list in enumerate(aliases):
        # abbreviations are written with and without their last dot ("U.S. forces", "U.S forces")
        spelled = alias_list + [
            re.sub(r"\b((?:[a-z]\.)+[a-z])\.(?=\s|$)", r"\1", a) for a in alias_list if "." in a
        ]
        patterns = [_alias_pattern(a) for a in dict.fromkeys(spelled)]
        if patterns:
            matcher.add(str(i), patterns)
    if forces.entry_of:
        # one pattern per shape of "<demonym> <noun>"; find_actors maps the words to the country's entry
        dem = Spec("LOWER", frozenset(forces.demonym_words))
        noun = Spec("LOWER", frozenset(forces.noun_words))
        matcher.add("state_forces", [[dem] * a + [noun] * b for a, b in sorted(forces.shapes)])
    log.debug("actor matcher built: %d entries", len(entries))
    return matcher


def default_country() -> str:
    """The country used for country-suffixed names when the article does not say ("Syria")."""
    return _load()[0]


def generic_actor(kind: str, sent: Span) -> str | None:
    """Canonical name of the first ``actors.yml`` entry of ``kind`` ("protesters") for the sentence's country."""
    return generic_name(kind, _doc_country(sent), _doc_published(sent))


def _pick_period(periods: list[dict], when: date | None) -> str:
    if when is not None:
        for p in periods:
            lo, hi = p.get("from"), p.get("to")
            if (lo is None or when >= lo) and (hi is None or when <= hi):
                return p["name"]
    return periods[-1]["name"]


def canonical_name(entry_name: Any, country: str, when: date | None = None) -> str:
    """Resolve an ``actors.yml`` name spec to one canonical name for ``country`` at date ``when``."""
    spec = entry_name
    if isinstance(spec, dict):
        # "default" is the name for any other country ("Military Forces of {country}")
        spec = spec.get(country) or spec.get("default") or next(iter(spec.values()))
    if isinstance(spec, list):
        spec = _pick_period(spec, when)
    return str(spec).replace("{country}", country)


def _doc_country(sent: Span) -> str:
    doc = sent.doc
    if doc.has_extension("sitrep_country") and doc._.sitrep_country:
        return doc._.sitrep_country
    return default_country()


def _doc_published(sent: Span) -> date | None:
    doc = sent.doc
    if doc.has_extension("sitrep_published"):
        return doc._.sitrep_published
    return None


@functools.cache
def _holder_words() -> frozenset[str]:
    """Participles that make an actor the holder of a place ("rebel-held"; ``rules.holder_words`` of
    ``actors.yml``)."""
    return frozenset(w.lower() for w in _rules().get("holder_words", []))


@functools.cache
def _holder_nouns() -> frozenset[str]:
    """Nouns of land an actor word before them holds ("rebel territory"; ``rules.holder_nouns``)."""
    return frozenset(w.lower() for w in _rules().get("holder_nouns", []))


def _role_of(span: Span) -> tuple[str | None, int | None]:
    """Syntactic role hint of an actor span and the index of the token it attaches to."""
    root = span.root
    # Coordinated actors share the role of the first conjunct ("X and Y attacked ...").
    while root.dep_ == "conj" and root.head.i < root.i:
        root = root.head
    dep, head = root.dep_, root.head
    if (
        dep in ("npadvmod", "compound", "amod", "nmod")
        and head.lower_ in _holder_words()
        and head.i > root.i
        and head.dep_ in ("amod", "compound")
    ):
        # "the rebel-held town", "IS-controlled areas": the side that holds the place the event hit,
        # not one that acted in it (never the perpetrator; at most the other side)
        return "holder", head.head.i
    if dep in ("amod", "compound", "nmod") and head.i > root.i and head.lemma_.lower() in _holder_nouns():
        # "cross from rebel into government territory", "a blast in rebel areas": the land's holder
        return "holder", head.i
    if head.ent_type_ in ("DATE", "TIME") and dep in (
        "appos",
        "compound",
        "npadvmod",
        "nmod",
        "conj",
        "amod",
    ):
        # "On 31 July 2021, QSD detained ...": the small parser hangs the subject on the date
        return "subject", span.sent.root.i
    if dep in ("nsubj", "csubj"):
        return "subject", head.i
    if dep in ("nsubjpass", "csubjpass"):
        return "patient", head.i
    if dep in ("dobj", "obj", "attr", "oprd"):
        return "object", head.i
    if dep in ("compound", "poss", "amod", "nmod"):
        return "modifier", head.i
    if dep == "appos":
        return _role_of(head.doc[head.i : head.i + 1])
    if dep == "pobj":
        prep = head
        p = prep.lower_
        gov = prep.head
        if p == "by":
            if gov.lemma_.lower() in _ASSOC_HEADS:
                return "assoc", gov.i
            return "agent", gov.i
        if p == "between" or p == "among":
            return "between", gov.i
        if p in ("with", "against"):
            if gov.lemma_.lower() in _ASSOC_HEADS or gov.lower_ in ("along", "together"):
                return "assoc", gov.i
            return "with", gov.i
        if p in ("from",):
            return "from", gov.i
        if p in ("on", "at", "upon", "targeting", "toward", "towards", "into"):
            return "target", gov.i
        if p == "of":
            return "modifier", gov.i
        return None, gov.i
    if dep == "agent":
        return "agent", head.i
    return None, head.i


def find_actors(sent: Span, *, country: str | None = None) -> list[ActorMention]:
    """Actor mentions of ``sent``, normalised through ``actors.yml``, in text order.

    ``country`` fills the "(Syria)"-style suffixes; by default the Doc's ``sitrep_country`` extension,
    else ``default_country()``. Names of state forces that ACLED dates ("Military Forces of Israel
    (2009-2021)") are picked with the Doc's ``sitrep_published`` date.
    """
    country = country or _doc_country(sent)
    when = _doc_published(sent)
    _, entries, _, forces = _load()
    matches = []
    for label, start, end in _matcher()(sent):
        span = Span(sent.doc, sent.start + start, sent.start + end, label=label)
        if label == "state_forces":
            idx = forces.entry_of.get(tuple(t.lower_ for t in span))
            if idx is None:
                continue
            span = Span(sent.doc, span.start, span.end, label=str(idx))
        matches.append(span)
    # Longest match wins; among equal spans the entry listed first in the YAML wins.
    matches.sort(key=lambda s: (-(s.end - s.start), s.start, int(s.label_)))
    taken: set[int] = set()
    # named tribes / clans first: "the Albu Saraya tribe" is one actor, not the generic "tribe"
    kin = _kin_mentions(sent, taken, country)
    kept: list[Span] = []
    for span in matches:
        if any(i in taken for i in range(span.start, span.end)):
            continue
        if _inside_unknown_name(span, sent) or _place_not_party(span, sent):
            continue
        taken.update(range(span.start, span.end))
        kept.append(span)
    kept.sort(key=lambda s: s.start)
    former_cfg = _rules().get("former", {})
    former_words = set(former_cfg.get("words", ["former", "ex"]))
    mentions: list[ActorMention] = []
    for span in kept:
        entry = entries[int(span.label_)]
        if entry.kind == "communal":
            place = _communal_place(sent, span)
            if place is None:
                # armed locals of no named place: ACLED's unidentified armed group
                entry = next(e for e in entries if e.kind == "unidentified")
            else:
                entry = replace(entry, name=entry.name.replace("{place}", place))
        role, gov = _role_of(span)
        cue_at = _assoc_cue_before(sent, span.start)
        if cue_at is not None:
            # the parser often hangs "supported by Y" elsewhere: the words decide
            role, gov = "assoc", cue_at
        head_role, head_gov = _head_role(sent, role, gov)
        mention = ActorMention(
            name=canonical_name(entry.name, country, when),
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            role=role,
            kind=entry.kind,
            country=entry.country or (country if entry.kind == "state" else None),
            token_start=span.start,
            token_end=span.end,
            governor=gov,
            head_role=head_role,
            head_governor=head_gov,
            bloc=entry.bloc,
        )
        before = [t.lower_ for t in sent.doc[max(sent.start, span.start - 2) : span.start]]
        prev = sent.doc[span.start - 1] if span.start > sent.start else None
        if before[-2:] == ["anti", "-"] or (before and before[-1] in ("anti", "counter")):
            continue  # "anti-IS units" are the group's enemies, not the group
        if prev is not None and any(w in former_words for w in before) and entry.kind in _FORMER_KINDS:
            # ACLED codes the killers and victims among "former rebels" as unidentified armed groups
            mention.name = generic_actor("unidentified", sent) or mention.name
            mention.kind, mention.bloc = "unidentified", None
            mention.start, mention.text = prev.idx, prev.text + " " + mention.text
        elif entry.kind in _FORMER_KINDS and _former_member(span, former_words, former_cfg):
            # "a former commander of the FSA", "a former Iran-backed militiaman", "a regime defector"
            mention.name = generic_actor("unidentified", sent) or mention.name
            mention.kind, mention.bloc = "unidentified", None
        mentions.append(mention)
    mentions += _unit_mentions(sent, mentions, taken)
    mentions += kin
    mentions += _named_side_mentions(sent, taken)
    mentions += _group_name_mentions(sent, taken)
    mentions.sort(key=lambda m: m.token_start)
    _mark_background(sent, mentions)
    _mark_backers(sent, mentions)
    mentions = _merge_units(mentions, sent)
    mentions = _merge_suspected(mentions, sent)
    return _merge_operations(sent, mentions, entries, matches_by_start={s.start: s for s in kept})


# the small model tags many Arabic faction names as persons: PERSON does not rule a name out
#: "operates under", "fighting within", "working as part of": a group fights under an umbrella
_UNDER = r"(?:operat\w*|fight\w*|work\w*)\s+(?:under|within|as\s+part\s+of)"
_UNDER_UMBRELLA = re.compile(r"\s*,?\s*(?:(?:which|who|that)\s+(?:is\s+|are\s+)?)?" + _UNDER + r"\b", re.I)
#: The words between a group and the umbrella it fights under ("X operating under Y", "X, which operates
#: within Y", "X, affiliated to Y", "X, part of Y"): a few words of X's own ("leader", "members") may come first.
_UMBRELLA_CUE = re.compile(
    r"^(?:(?!\b(?:and|against|with|versus)\b)[\w\s,'-]){0,30}?(?:\b(?:who|whom|which|that)\s+(?:they\s+)?(?:is\s+|are\s+)?)?"
    r"(?:\b" + _UNDER + r"|\baffiliated\s+(?:to|with)|\bpart\s+of)(?:\s+the)?\s*$",
    re.I,
)
#: Kinds of actor that fight under an umbrella ("other": a group named by its own words).
_UNDER_KINDS = ("rebel", "islamist", "foreign", "jihadist", "operation", "pro_government", "kurdish", "other")
#: The possessive token after a force ("the regime's", "regime forces' units").
_POSSESSIVE = ("'s", "\u2019s", "'", "\u2019")
#: Kinds of actor that serve in a state unit they "operate under" (armed locals, militias, unnamed groups).
_UNDER_STATE_KINDS = ("communal", "unidentified", "other", "pro_government")
#: Kinds of actor that are umbrellas of other groups (fronts, coalitions, operation rooms).
_UMBRELLA_KINDS = ("rebel", "islamist", "jihadist", "operation", "kurdish", "pro_government")
_NOT_A_GROUP_ENTS = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL"})


@functools.cache
def _metonyms() -> dict[str, frozenset[str]]:
    """``rules.metonyms`` of ``actors.yml`` as word sets (words, place_before, place_after)."""
    cfg = _rules().get("metonyms", {})
    return {
        k: frozenset(str(w).lower() for w in cfg.get(k, [])) for k in ("words", "place_before", "place_after")
    }


def _place_not_party(span: Span, sent: Span) -> bool:
    """Whether a capital's name that stands for its government ("Damascus denies") is here only the place
    ("in rural Damascus", "Damascus countryside"): ``rules.metonyms`` in ``actors.yml``."""
    cfg = _metonyms()
    if len(span) != 1 or span[0].lower_ not in cfg["words"]:
        return False
    doc = sent.doc
    before = doc[span.start - 1].lower_ if span.start > sent.start else ""
    after = doc[span.end].lower_ if span.end < sent.end else ""
    return before in cfg["place_before"] or after in cfg["place_after"]


def _former_member(span: Span, words: set[str], cfg: dict) -> bool:
    """Whether the person the actor ``span`` describes left it: the noun it modifies or is "of" is
    marked "former" ("a former commander of the FSA", "a former Iran-backed militiaman") or is a
    defector ("a regime forces defector"; ``rules.former`` in actors.yml)."""
    nouns = set(cfg.get("nouns", []))
    root = span.root
    heads = []
    if root.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod") and root.head.i >= span.end:
        heads.append(root.head)
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ in ("NOUN", "PROPN"):
        heads.append(root.head.head)
    if "-" in span.doc[span.end : span.end + 1].text and span.end + 2 < len(span.doc):
        heads.append(span.doc[span.end + 2])  # "Iran - backed militiaman"
    for h in heads:
        if h.lower_ in nouns or h.lemma_.lower() in nouns:
            return True
        if any(c.lower_ in words for c in h.children if c.dep_ in ("amod", "advmod", "compound")):
            return True
    return False


def _named_side_mentions(sent: Span, taken: set[int]) -> list[ActorMention]:
    """Groups the alias list does not know, named as a side of "clashes between X and Y" (``rules.named_sides``):
    the capitalised name as written ("Falcons of al-Ghab"), an actor of its own bloc."""
    cfg = _rules().get("named_sides", {})
    cues = set(cfg.get("cues", []))
    particles = set(cfg.get("particles", []))
    skip = set(cfg.get("skip_before", []))
    not_groups = set(cfg.get("not_groups", []))
    doc = sent.doc
    stop = set(cfg.get("stop", []))
    place_heads = set(cfg.get("place_heads", []))
    btw = next((t.i for t in sent if t.lower_ in ("between", "among", "amongst")), None)
    if btw is None or doc[btw].head.lemma_.lower() in place_heads:
        return []
    out: list[ActorMention] = []
    i = btw
    while i < sent.end:
        t = doc[i]
        if t.lower_ not in cues:
            if i > btw and t.lower_ in stop:
                break  # the sides end where the place, the circumstances or a side's members begin
            i += 1
            continue
        start = i + 1
        while start < sent.end and doc[start].lower_ in skip:
            start += 1
        end = start
        while end < sent.end and (
            (doc[end].text[:1].isupper() and re.fullmatch(r"[\w'\-]+", doc[end].text))
            or (end > start and doc[end].lower_ in particles and end + 1 < sent.end)
            or (end > start and re.fullmatch(r"(?:al|el|ar|as|ash|ad)-\w+", doc[end].text, re.I))
            or (
                end > start
                and doc[end].text == "-"
                and end + 1 < sent.end
                and doc[end + 1].text[:1].isupper()
            )
        ):
            end += 1
        while end > start and doc[end - 1].lower_ in particles:
            end -= 1  # a name does not end on a particle
        i = max(end, i + 1)
        if end == start or any(k in taken for k in range(start, end)):
            continue
        span = doc[start:end]
        if doc[start].lower_ in not_groups or any(tok.ent_type_ in _NOT_A_GROUP_ENTS for tok in span):
            continue
        if end - start == 1 and doc[start].is_sent_start:
            continue
        if _UNDER_UMBRELLA.match(doc[end : min(end + 6, sent.end)].text) or _subunit(sent, start, end):
            continue  # "X, which operates under QSD" / "X, part of Y": ACLED codes the umbrella
        out.append(_own_name(span, "between", btw))
        taken.update(range(start, end))
    return out


def _own_name(
    span: Span, role: str | None, gov: int | None, head: tuple[str | None, int | None] = (None, None)
) -> ActorMention:
    """An actor named by its own words (a group the alias list does not know): its own bloc."""
    return ActorMention(
        name=span.text,
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        role=role,
        kind="other",
        token_start=span.start,
        token_end=span.end,
        governor=gov,
        head_role=head[0],
        head_governor=head[1],
        bloc=span.text,
    )


def _group_name_mentions(sent: Span, taken: set[int]) -> list[ActorMention]:
    """Armed groups the alias list does not know, named by their own name (``rules.group_names``): a
    capitalised run ending in a group noun ("Golan Regiment") or opened by an Arabic group word ("Liwa al
    Fursan"). The name as written is the actor; no known alias may lie inside it."""
    cfg = _rules().get("group_names", {})
    heads = set(cfg.get("heads", []))
    starts = set(cfg.get("starts", []))
    particles = set(cfg.get("particles", []))
    not_first = set(cfg.get("not_first", []))
    not_start = set(cfg.get("not_start", []))
    doc = sent.doc
    out: list[ActorMention] = []
    i = sent.start
    while i < sent.end:
        if not _capitalised(doc[i]) or i in taken:
            i += 1
            continue
        end = i + 1
        while (
            end < sent.end
            and end not in taken
            and (
                _capitalised(doc[end])
                or (
                    doc[end].lower_ in particles
                    and end + 1 < sent.end
                    and _capitalised_or_particle(doc[end + 1])
                )
                or re.fullmatch(r"(?:al|el|ar|as|ash|ad)-\w+", doc[end].text, re.I)
            )
        ):
            end += 1
        while end > i and doc[end - 1].lower_ in particles:
            end -= 1
        start = i
        while start < end and doc[start].lower_ in not_first:
            start += 1
        i = max(end, i + 1)
        # "Fighters of Liwa al Fursan": the name begins at its group word
        start = next((k for k in range(start, end) if doc[k].lower_ in starts), start)
        words = [t.lower_ for t in doc[start:end]]
        if (
            end - start < 2
            or any(k in taken for k in range(start, end))
            or words[0] in heads
            or words[0] in not_start
        ):
            continue
        if words[-1] not in heads and words[0] not in starts:
            continue
        if _subunit(sent, start, end):
            continue
        span = doc[start:end]
        # a place may open the name ("Golan Regiment", "Deir-ez-Zor Military Council"): no entity check
        role, gov = _role_of(span)
        out.append(_own_name(span, role, gov, _head_role(sent, role, gov)))
        taken.update(range(start, end))
    return out


_SUBUNIT_AFTER = re.compile(
    r"^\s*\)?\s*,?\s*(?:(?:which|who|that)\s+(?:is\s+|are\s+|was\s+|were\s+)?)?(?:(?:a\s+)?part\s+of|"
    r"operat\w*\s+(?:under|within|as\s+part\s+of)|affiliated|belong\w*\s+to|of\s+the\b)",
    re.I,
)


def _subunit(sent: Span, start: int, end: int) -> bool:
    """Whether the text puts the named group under another actor or in the past: "X's <name>", "<name>,
    part of X", "<name> which operates under X", "former <name> members", "rebels including <name>".
    ACLED codes the parent (or, for former members, not the group)."""
    doc = sent.doc
    before = doc[max(sent.start, start - 3) : start].text.lower()
    if re.search(
        r"(?:'s?|\u2019s?|\bformer|\bformerly|\bex-?|\bincluding|\bsuch as|\d+(?:st|nd|rd|th)?)\s*$", before
    ):
        return True
    return bool(_SUBUNIT_AFTER.match(doc[end : min(end + 8, sent.end)].text))


def _capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper() and bool(re.fullmatch(r"[\w'\-]+", tok.text)) and not tok.like_num


def _capitalised_or_particle(tok: Token) -> bool:
    return _capitalised(tok) or bool(re.fullmatch(r"(?:al|el|ar|as|ash|ad)(?:-\w+)?", tok.text, re.I))


def _mark_background(sent: Span, mentions: list[ActorMention]) -> None:
    """ "a former rebel who had accepted reconciliation with the regime", "signed a settlement deal with
    the government": the party to an agreement named with "with" / "to" after one of ``rules.background``
    heads is background to the event, not a side of it (role "background")."""
    heads = {str(w).lower() for w in _rules().get("background", [])}
    if not heads:
        return
    doc = sent.doc
    for m in mentions:
        root = doc[m.token_start : m.token_end].root
        if root.dep_ != "pobj" or root.head.lower_ not in ("with", "to"):
            continue
        head = root.head.head
        if head.lemma_.lower() in heads or head.lower_ in heads:
            m.role, m.governor = "background", head.i
            m.head_role = m.head_governor = None


def _mark_backers(sent: Span, mentions: list[ActorMention]) -> None:
    """ "Turkey backed JWS", "Iran-supported militias", "pro-Turkey factions": the sponsor right before a
    cue word and the actor it backs, or right after "pro-", is an associated actor of the one after
    (``rules.backer_cues``), not a side of the event."""
    cues = set(_rules().get("backer_cues", []))
    doc = sent.doc
    for a, b in zip(mentions, mentions[1:], strict=False):
        # the tokenizer keeps the hyphen on the cue when the writer spaced it ("Turkey -backed")
        gap = [t.lower_.lstrip("-") for t in doc[a.token_end : b.token_start] if t.text != "-"]
        if len(gap) == 1 and gap[0] in cues and a.name != b.name:
            a.role, a.governor = "assoc", b.token_start
            a.head_role = a.head_governor = None
    for a, b in zip(mentions, mentions[1:], strict=False):
        before = [t.lower_ for t in doc[max(sent.start, a.token_start - 2) : a.token_start]]
        pro = before[-2:] == ["pro", "-"] or before[-1:] == ["pro-"]
        if (
            pro
            and b.token_start == a.token_end
            and a.name != b.name
            and not b.is_civilian
            and a.role != "assoc"
        ):
            # "pro-Turkey opposition factions": the sponsor names whom the group backs, not who fights
            # (a "pro-QSD man" is still coded as the QSD: no armed group of its own follows)
            a.role, a.governor = "assoc", b.token_start
            a.head_role = a.head_governor = None


def _head_role(sent: Span, role: str | None, gov: int | None) -> tuple[str | None, int | None]:
    """For a modifier, the role of the noun it modifies (climbing noun compounds: "the Global Coalition
    Forces helicopters" -> the role of "helicopters")."""
    if role != "modifier" or gov is None:
        return None, None
    head_role, head_gov = _role_of(sent.doc[gov : gov + 1])
    for _ in range(2):
        if head_role != "modifier" or head_gov is None or sent.doc[head_gov].pos_ not in ("NOUN", "PROPN"):
            break
        head_role, head_gov = _role_of(sent.doc[head_gov : head_gov + 1])
    return head_role, head_gov


def _inside_unknown_name(span: Span, sent: Span) -> bool:
    """A one-word generic alias capitalised inside a longer proper name we do not know ("Liberation
    Army of Afrin", "Tal Tamer Military Council") names another group, not the generic actor."""
    if span.end - span.start != 1:
        return False
    tok = span[0]
    if not tok.is_title or tok.i == sent.start:
        return False
    prev = sent.doc[tok.i - 1]
    if not prev.is_title or prev.i == sent.start or prev.ent_type_ in ("GPE", "NORP", "LOC"):
        return False
    return prev.pos_ == "PROPN" or prev.ent_type_ in ("ORG", "PERSON", "FAC")


def _title(words: list[str]) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in words)


def _proper_run(sent: Span, start: int, particles: set[str]) -> int:
    """End (exclusive) of the run of capitalised words (and name particles before them) from ``start``."""
    doc = sent.doc
    i = start
    while i < sent.end:
        t = doc[i]
        if (
            t.text[:1].isupper()
            and t.is_alpha
            or (t.text[:1].isupper() and re.fullmatch(r"[\w'\-]+", t.text))
            or t.text in ("-", "'")
            and i > start
            and i + 1 < sent.end
            and doc[i + 1].text[:1].isupper()
            or t.lower_ in particles
            and i + 1 < sent.end
            and doc[i + 1].text[:1].isupper()
        ):
            i += 1
        else:
            break
    return i


def _communal_place(sent: Span, span: Span) -> str | None:
    """The place whose armed locals ``span`` names: "of / from [the town of] X" right after the cue, else
    the first "in [the village of] X" after it in the sentence."""
    doc = sent.doc
    intro = set(_rules().get("communal", {}).get("place_intro", []))

    def place_at(i: int) -> str | None:
        while i < sent.end and doc[i].lower_ in intro:
            i += 1
        end = _proper_run(sent, i, {"al", "as", "ash", "ar", "ad", "el"})
        if end == i:
            return None
        words = doc[i:end].text
        return words[:1].upper() + words[1:]

    i = span.end
    if i < sent.end and doc[i].lower_ in ("of", "from"):
        found = place_at(i + 1)
        if found:
            return found
    for j in range(span.end, sent.end):
        if doc[j].lower_ == "in":
            found = place_at(j + 1)
            if found:
                return found
    return None


def armed_locals(sent: Span, mention: ActorMention | None) -> ActorMention | None:
    """Civilians who are a side of a battle ("clashes between QSD and residents of Kubar", "locals clashed
    in Buhayrah") as ACLED codes them: the communal militia of their place (``rules.communal``
    ``armed_civilian_words``). Any other ``mention`` (words of no such group, no place named, None) is
    returned as it is."""
    if (
        mention is None
        or not mention.is_civilian
        or mention.role not in ("subject", "between", "with", "agent")
    ):
        return mention
    cfg = _rules().get("communal", {})
    words = {str(w).lower() for w in cfg.get("armed_civilian_words", [])}
    span = sent.doc[mention.token_start : mention.token_end]
    if span.root.lower_ not in words and span.root.lemma_.lower() not in words:
        return mention
    place = _communal_place(sent, span)
    if place is None:
        return mention
    country = _doc_country(sent)
    name = str(cfg["name"]).replace("{place}", place).replace("{country}", country)
    return replace(mention, name=name, kind="communal", bloc=None, country=None)


def _unit_mentions(sent: Span, mentions: list[ActorMention], taken: set[int]) -> list[ActorMention]:
    """Numbered units of a state force: "the regime's 17th Division" -> "<force name> 17th Division".

    The unit must follow a state mention directly (or after "'s"); ``_merge_units`` then folds that
    mention into the unit. Qualifier spellings are normalised from ``rules.units.spelling``.
    """
    cfg = _rules().get("units", {})
    types = set(cfg.get("types", []))
    quals = set(cfg.get("qualifiers", []))
    spelling = cfg.get("spelling", {})
    doc = sent.doc
    out: list[ActorMention] = []
    for m in mentions:
        if m.kind != "state":
            continue
        i = m.token_end
        if i < sent.end and doc[i].lower_ in _POSSESSIVE:
            i += 1
        if i >= sent.end or i in taken or not re.fullmatch(r"\d+(st|nd|rd|th)?", doc[i].lower_):
            continue
        j = i + 1
        while j < sent.end and doc[j].lower_ in quals and j not in taken:
            j += 1
        if j >= sent.end or doc[j].lower_ not in types or j in taken:
            continue
        end = j + 1
        while end < sent.end and doc[end].lower_ in quals and doc[end].text[:1].isupper():
            end += 1  # "15th Division Special Forces"
        words = [spelling.get(t.lower_, t.text) for t in doc[i:end]]
        unit = _title(words)
        out.append(
            replace(
                m,
                name=f"{m.name} {unit}",
                text=doc[i:end].text,
                start=doc[i].idx,
                end=doc[end - 1].idx + len(doc[end - 1]),
                token_start=i,
                token_end=end,
            )
        )
        taken.update(range(i, end))
    return out


def _kin_mentions(sent: Span, taken: set[int], country: str) -> list[ActorMention]:
    """Tribes and clans named in the text: "members of the Albu Saraya tribe", "the X and Y tribes" ->
    "<X> Tribal Militia (<country>)" / "<X> Clan Militia (<country>)" (``rules.kin``)."""
    cfg = _rules().get("kin", {})
    particles = {p.lower() for p in cfg.get("particles", [])}
    adjective_nouns = {w.lower() for w in cfg.get("adjective_nouns", [])}
    not_names = {w.lower() for w in cfg.get("not_names", [])}
    adjectives = {w.lower() for w in cfg.get("adjectives", [])}
    doc = sent.doc
    out: list[ActorMention] = []
    for tok in sent:
        template = cfg.get(tok.lower_)
        if not isinstance(template, str) or tok.i in taken:
            continue
        # an adjective key ("tribal") names a militia only before one of its nouns ("tribal militiamen")
        adjective = tok.lower_ in adjectives or tok.pos_ == "ADJ"
        if adjective and not (tok.i + 1 < sent.end and doc[tok.i + 1].lower_ in adjective_nouns):
            continue
        end = tok.i
        names: list[tuple[int, int]] = []
        while True:
            start = end
            # walk back over the capitalised name (and its particles) before "tribe" / "and"
            while start - 1 >= sent.start and (
                doc[start - 1].text[:1].isupper()
                or doc[start - 1].lower_ in particles
                or (doc[start - 1].text in ("-", "'") and start - 2 >= sent.start)
            ):
                if doc[start - 1].i == sent.start and doc[start - 1].pos_ != "PROPN":
                    break
                start -= 1
            while start < end and doc[start].lower_ in ("the",):
                start += 1
            if start == end or any(i in taken for i in range(start, end)):
                break
            names.append((start, end))
            # "the Tawadifah and Al Hulaybeen tribes": a plural names each conjunct
            plural = doc[tok.i + 1].lower_ if adjective else tok.lower_
            if (
                plural.endswith(("s", "men"))
                and start - 1 > sent.start
                and doc[start - 1].lower_ in ("and", ",")
            ):
                end = start - 1
                continue
            break
        for start, end in names:
            words = [w for w in doc[start:end].text.split()]
            if all(w.lower().strip("-'") in not_names for w in words):
                continue
            name = template.replace("{name}", _title(words)).replace("{country}", country)
            last = tok.i + 2 if adjective else tok.i + 1
            span = doc[start:last] if end == tok.i else doc[start:end]
            head = doc[last - 1 : last]  # the noun the role hangs on ("militiamen", "tribe")
            role, gov = _role_of(head) if end == tok.i else _role_of(doc[start:end])
            head_role, head_gov = _head_role(sent, role, gov)
            out.append(
                ActorMention(
                    name=name,
                    text=span.text,
                    start=span.start_char,
                    end=span.end_char,
                    role=role,
                    kind="communal",
                    token_start=span.start,
                    token_end=span.end,
                    governor=gov,
                    head_role=head_role,
                    head_governor=head_gov,
                )
            )
            taken.update(range(span.start, span.end))
    return out


def _merge_suspected(mentions: list[ActorMention], sent: Span) -> list[ActorMention]:
    """ "unknown gunmen believed to be IS": the unidentified actor is the suspected one (ACLED codes it)."""
    cues = _rules().get("suspected_cues", [])
    if not cues:
        return mentions
    # the cue ends the words between the two actors ("believed to be members of", "a cell of seven")
    cue = re.compile(r"\b(" + "|".join(re.escape(c) for c in cues) + r")\b[\w\s]{0,12}$", re.I)
    doc = sent.doc
    out: list[ActorMention] = []
    skip = False
    for k, m in enumerate(mentions):
        if skip:
            skip = False
            continue
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        if m.kind == "unidentified" and nxt is not None and nxt.kind not in ("unidentified", "civilians"):
            between = doc[m.token_end : nxt.token_start].text
            cue_words = {w for c in cues for w in c.split()} | {"include"}
            verbs = [t for t in doc[m.token_end : nxt.token_start] if t.pos_ in ("VERB", "AUX")]
            # no other verb in between: "gunmen shot the head of the regime's unit" is no suspicion
            found = cue.search(between)
            if (
                len(between) < 50
                and found
                # a bare "of" only right after the unidentified actor: "a cell of seven IS fighters"
                and (found.group(1).lower() != "of" or between.strip().lower().startswith("of"))
                and all(t.lower_ in cue_words or t.lemma_.lower() in cue_words for t in verbs)
            ):
                m.name, m.kind, m.bloc, m.country = nxt.name, nxt.kind, nxt.bloc, nxt.country
                skip = True
        prev = out[-1] if out else None
        if (
            m.kind == "unidentified"
            and prev is not None
            and prev.kind not in ("unidentified", "civilians")
            and 0 <= m.token_start - prev.token_end <= 1
            and all(t.pos_ in ("NOUN", "PROPN", "ADJ") for t in doc[prev.token_end : m.token_start])
            and not m.text[:1].isupper()
        ):
            # "Islamic State sleeper cell": the generic noun belongs to the named actor before it
            prev.end, prev.token_end = m.end, m.token_end
            prev.text = doc[prev.token_start : prev.token_end].text
            continue
        out.append(m)
    return out


def _assoc_cue_before(sent: Span, token_start: int) -> int | None:
    """Index of the cue word when the words right before an actor introduce an associated actor
    ("supported by", "with the support of", ``rules.assoc_cues``), else None."""
    cues = _rules().get("assoc_cues", [])
    if not cues:
        return None
    doc = sent.doc
    lo = max(sent.start, token_start - 6)
    before = doc[lo:token_start]
    text = before.text
    pat = re.compile(r"(" + "|".join(cues) + r")(\s+the)?\s*$", re.I)
    m = pat.search(text)
    if m is None:
        return None
    char = before.start_char + m.start()
    return next((t.i for t in before if t.idx >= char), None)


def _merge_units(mentions: list[ActorMention], sent: Span) -> list[ActorMention]:
    """ "regime 4th Division", "the regime's police", "the regime's QDW": a generic state mention right
    before one of its units (or another force of the same state, or a militia of its own side it is the
    possessor of) is that unit; a generic noun of the force right after a unit ("4th Armored Division
    soldiers") belongs to the unit."""
    out: list[ActorMention] = []
    for m in mentions:
        prev = out[-1] if out else None
        gap = m.token_start - prev.token_end if prev is not None else -1
        if prev is not None and gap == 0 and m.name != prev.name and prev.name.startswith(m.name):
            # the unit keeps its name; the noun after it is the head the role hangs on
            prev.end, prev.token_end = m.end, m.token_end
            prev.text = sent.doc[prev.token_start : prev.token_end].text
            prev.role, prev.governor = m.role, m.governor
            prev.head_role, prev.head_governor = m.head_role, m.head_governor
            continue
        possessed = (
            prev is not None
            and gap == 1
            and sent.doc[prev.token_end].lower_ in _POSSESSIVE
            and prev.kind == "state"
            and m.kind == "pro_government"
            and prev.bloc == m.bloc
        )
        # "regime forces of the 4th Armored Division": the unit the generic force is "of"
        of_unit = (
            prev is not None
            and 0 < gap <= 2
            and [t.lower_ for t in sent.doc[prev.token_end : m.token_start]] in (["of"], ["of", "the"])
            and m.name != prev.name
            and m.name.startswith(prev.name)
        )
        if (
            possessed
            or of_unit
            or (
                prev is not None
                and (gap == 0 or (gap == 1 and sent.doc[prev.token_end].lower_ in _POSSESSIVE))
                and m.name != prev.name
                and (
                    m.name.startswith(prev.name)
                    or (prev.kind == m.kind == "state" and prev.country == m.country)
                )
            )
        ):
            m.start, m.token_start = prev.start, prev.token_start
            m.text = sent.doc[prev.token_start : m.token_end].text
            m.role, m.governor = prev.role, prev.governor
            m.head_role, m.head_governor = prev.head_role, prev.head_governor
            out[-1] = m
            continue
        out.append(m)
    return out


def _merge_operations(
    sent: Span, mentions: list[ActorMention], entries: list[_Entry], matches_by_start: dict[int, Span]
) -> list[ActorMention]:
    """ACLED codes forces "operating as part of Operation X" as the operation itself."""
    doc = sent.doc
    rooms = {
        i
        for i, m in enumerate(mentions)
        if m.token_start in matches_by_start
        and entries[int(matches_by_start[m.token_start].label_)].operation
    }
    ops = [
        i
        for i, m in enumerate(mentions)
        if i in rooms
        # any armed group named as the one another "operates under" / is "affiliated to" is the umbrella
        # ACLED codes ("a Hamza Division member, affiliated to SLF" -> Syrian Liberation Front)
        or (
            i > 0
            and ((m.kind in _UMBRELLA_KINDS and not is_state_force(m)) or _state_unit(m))
            and _UMBRELLA_CUE.search(doc[mentions[i - 1].token_end : m.token_start].text)
        )
    ]
    if not ops:
        return mentions
    drop: set[int] = set()
    for oi in ops:
        op = mentions[oi]
        # Walk back over the actors just before the operation name, as long as the words between them
        # say "operating as part of" / "under" and no other clause intervenes.
        j = oi - 1
        state_side = None
        while j >= 0 and j not in drop:  # an umbrella already folded into its member is no member
            m = mentions[j]
            between = doc[m.token_end : mentions[j + 1].token_start].text
            if j == oi - 1 and not _OPERATION_CUE.search(between):
                break
            if j < oi - 1 and oi not in rooms and (j in rooms or m.kind == "operation"):
                break  # "an operation room and X, which operates under HTS": the room stays itself
            if _state_unit(op) and j == oi - 1:
                # "the regime's 8th Brigade operating under the 5th Assault Corps", "local gunmen operating
                # under regime State Security": ACLED codes the state unit they serve in
                if (is_state_force(m) and m.country == op.country) or m.kind in _UNDER_STATE_KINDS:
                    m.name, m.kind, m.bloc, m.country = op.name, op.kind, op.bloc, op.country
                    drop.add(oi)
                break
            if is_state_force(m) and j == oi - 1 and not re.search(r"\b(?:and|with)\b|&", between):
                # "Turkish forces operating as part of OPS": a state's own forces named alone keep their
                # name, the operation is their associated actor (coordinated with the operation's
                # factions, "Turkish forces and (JWS) factions operating under OPS", ACLED codes them all
                # as it)
                state_side = m
                break
            # coordinated actors: "Turkish forces and pro-Turkey JWS, operating under OPS"
            if j < oi - 1 and not re.fullmatch(r"\s*,?\s*(and|&)?\s*([\w-]+\s*)?", between):
                break
            # "QSD and JWS, which operates under OPS": a group of another bloc is no member
            other_bloc = m.bloc is not None and op.bloc is not None and m.bloc != op.bloc
            if m.kind in _UNDER_KINDS and not m.is_civilian and not other_bloc:
                m.name = op.name
                m.kind = op.kind
                m.bloc = op.bloc or m.bloc
                drop.add(oi)
            j -= 1
        if oi not in drop and state_side is not None:
            op.role, op.governor = "assoc", state_side.token_start
            op.head_role = op.head_governor = None
    return [m for i, m in enumerate(mentions) if i not in drop]


def _ancestors(tok: Token) -> list[int]:
    out = []
    while tok.head.i != tok.i:
        tok = tok.head
        out.append(tok.i)
    return out


def _related(gov: int | None, trigger: Token) -> bool:
    """Whether a role attached to token ``gov`` belongs to the clause of ``trigger``."""
    if gov is None:
        return False
    if gov == trigger.i:
        return True
    doc = trigger.doc
    g = doc[gov]
    # The trigger is a complement / conjunct / participle of the governing verb ("X attacked and
    # captured", "X managed to capture", "clashes took place") or vice versa.
    if trigger.head.i == gov and trigger.dep_ in (
        "conj",
        "xcomp",
        "nsubj",
        "dobj",
        "advcl",
        "ccomp",
        "pcomp",
    ):
        return True
    if g.head.i == trigger.i and g.dep_ in ("conj", "xcomp", "advcl", "relcl", "acl", "prep", "pcomp"):
        return True
    return gov in _ancestors(trigger)[:3] and trigger.pos_ in ("VERB", "NOUN")


def _own_object(a: ActorMention, trigger: Token) -> bool:
    """Whether ``a``'s governor is ``trigger`` or a verb coordinated with it that shares its subject
    ("shot and killed X")."""
    if a.governor is None:
        return False
    g = trigger.doc[a.governor]
    if g.i == trigger.i:
        return True
    return g.dep_ == "conj" and g.head.i == trigger.i and not any(c.dep_ == "nsubj" for c in g.children)


def other_side(sent: Span, trigger: Token, actors: list[ActorMention], roles: Roles) -> ActorMention | None:
    """The other side of a battle whose parse names only one: the first actor of another bloc in the
    sentence ("X operating under OPS and Y's military council exchanged shelling", "X snuck into Y's
    positions"), one outside a relative clause first. A battle has two sides; without this ACLED's
    unidentified armed group would stand for a side the text names."""
    a1 = roles.actor1
    if a1 is None or roles.actor2 is not None or a1.bloc is None:
        return None
    backing = {id(a) for a in (*roles.assoc_actor_1, *roles.assoc_actor_2)}
    others = [
        a
        for a in actors
        if a.role not in NOT_A_SIDE
        and id(a) not in backing
        and not a.is_civilian
        and a.bloc is not None
        and a.bloc != a1.bloc
        and a.name != a1.name
    ]
    main = [a for a in others if not _subordinate(sent, a, trigger)]
    return (main or others or [None])[0]


def _subordinate(sent: Span, a: ActorMention, trigger: Token) -> bool:
    tok = sent.doc[a.token_start : a.token_end].root
    trig_anc = set(_ancestors(trigger)) | {trigger.i}
    while tok.head.i != tok.i:
        if tok.dep_ in ("relcl", "acl") and tok.i not in trig_anc:
            return True
        if tok.i in trig_anc:
            return False
        tok = tok.head
    return False


def _effective(a: ActorMention, trigger: Token) -> ActorMention:
    """A modifier of a noun other than the trigger takes that noun's role ("killed a QSD member")."""
    if a.role == "modifier" and a.head_role == "assoc":
        return replace(a, role="assoc", governor=a.head_governor)
    if a.role == "modifier" and a.governor != trigger.i and a.head_role is not None:
        return replace(a, role=a.head_role, governor=a.head_governor)
    return a


def assign_roles(sent: Span, trigger: Token, actors: list[ActorMention]) -> Roles:
    """Choose ACLED's actor1 / actor2 (and associated actors) for the event whose trigger is ``trigger``.

    actor1 is the perpetrator / initiator: the subject of an active trigger verb, the agent ("by X") of a
    passive one, the first of "clashes between X and Y", the modifier of a trigger noun ("an IS attack");
    actor2 the target / other side: object, passive subject, "with / against / on X", second of "between".
    """
    roles = Roles()
    sides = _between_sides(sent, trigger, actors, near=True)
    if sides is not None:
        return _operation_first(sides)
    written = actors
    actors = [_effective(a, trigger) for a in actors]
    main = [a for a in actors if a.role not in NOT_A_SIDE]
    assoc = [a for a in actors if a.role == "assoc"]
    if not main:
        return roles
    first_roles = ("subject", "agent", "modifier")
    second_roles = ("object", "patient", "with", "target", "from")
    # a trigger with a subject of its own ("..., while a regime sniper killed a rebel") takes no
    # perpetrator from the clause it hangs on
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in trigger.children)
    a1 = next(
        (
            a
            for a in main
            if a.role in first_roles
            and (
                a.governor == trigger.i
                if own_subject and a.role == "subject"
                else _related(a.governor, trigger)
            )
        ),
        None,
    )
    if a1 is not None and a1.role == "modifier" and a1.token_start > trigger.i:
        # "the capture of X" names the place or the loser, not the perpetrator
        a1 = None
    between = [a for a in main if a.role == "between"]
    if a1 is None and len(between) >= 1:
        a1 = between[0]
    active = trigger.pos_ == "VERB" and not any(c.dep_ in ("auxpass", "nsubjpass") for c in trigger.children)
    if active and (a1 is None or a1.token_start > trigger.i) and a1 not in between:
        # English is subject-verb-object: the perpetrator of an active trigger verb is named before it,
        # whatever the parse says ("regime and pro-regime militia forces captured ...")
        before = [
            a
            for a in main
            if a.token_end <= trigger.i
            and a.role not in ("patient", "target", "between", "with", "from", "holder")
            and not a.is_civilian
            and not _CLAUSE_BREAK.search(sent.doc[a.token_end : trigger.i].text)
        ]
        if before:
            a1 = before[0]
    # The same actor on both sides only as the explicit object of this trigger ("gunmen killed former
    # rebel gunmen"), not of another verb ("X shelled A, while Y shelled X's positions")
    candidates2 = [
        a
        for a in main
        if a is not a1
        and (a1 is None or a.name != a1.name or (a.role in ("object", "patient") and _own_object(a, trigger)))
    ]
    a2 = next((a for a in candidates2 if a.role in second_roles and _related(a.governor, trigger)), None)
    if a2 is None and a1 is not None and a1.role == "between":
        a2 = next((a for a in between[1:] if a.name != a1.name), None)
    if a1 is None:
        # Fall back on text order: the first actor that is not the target.
        a1 = next(
            (
                a
                for a in main
                if a is not a2 and a.role not in ("patient", "target", "holder") and not a.is_civilian
            ),
            None,
        ) or next((a for a in main if a is not a2 and a.role != "holder"), None)
    if a2 is None:
        rest = [a for a in main if a is not a1 and (a1 is None or a.name != a1.name)]
        # Actors named in a relative clause ("who had reconciled with the regime") are background to the
        # event unless the trigger is in that clause too.
        main_clause = [a for a in rest if not _subordinate(sent, a, trigger)]
        a2 = (
            next((a for a in main_clause if a.role in second_roles), None)
            or next((a for a in rest if a.role in ("with", "between")), None)
            or (main_clause[0] if main_clause else None)
        )
    if a2 is None and a1 is not None:
        # "X captured A following clashes between X and Y": the other side of the clash
        far = _between_sides(sent, trigger, actors, near=False)
        if far is not None:
            a2 = next((m for m in (far.actor1, far.actor2) if m is not None and m.bloc != a1.bloc), None)
    if a2 is not None and a2.is_civilian:
        # "gunmen attacked a car carrying two regime soldiers", "killing 3 people including an Asayish
        # leader": ACLED codes the armed victims as the other side, not the civilians with them
        a2 = _armed_victim(sent, written, a1, a2) or a2
    if a2 is not None and a2.is_civilian and _caught_armed(sent, trigger):
        # "detained a woman carrying an explosive belt": ACLED codes people caught with explosives as
        # the unidentified armed group, not civilians
        name = generic_actor("unidentified", sent)
        if name is not None:
            a2 = replace(a2, name=name, kind="unidentified", bloc=None)
    if a1 is not None and a1.is_civilian and a2 is not None and not a2.is_civilian:
        # "residents of X attacked a regime checkpoint": locals who attack armed forces are their
        # place's communal militia (when the text names the place)
        a1 = armed_locals(sent, a1)
    if a1 is not None and a1.is_civilian:
        # civilians are the target of political violence, not its perpetrator (protests and riots name
        # their own actors, see sitrep.extract.events)
        if a2 is None or a2.name == a1.name or a2.role == "holder":
            # ... and the holder of the place ("in the rebel-held town") did not do it either
            a1, a2 = None, a1
        else:
            # "nine civilians died in rebel shelling": the other actor is the perpetrator
            a1, a2 = a2, a1
    roles.actor1, roles.actor2 = a1, a2
    for a in assoc:
        # An associated actor supports the nearest main actor before it.
        before = [m for m in main if m.token_start < a.token_start]
        owner = before[-1] if before else None
        if owner is not None and a2 is not None and owner.name == a2.name and owner is a2:
            roles.assoc_actor_2.append(a)
        else:
            roles.assoc_actor_1.append(a)
    return _operation_first(roles)


def _caught_armed(sent: Span, trigger: Token) -> bool:
    """Whether ``trigger`` is a detention (``rules.caught_armed.verbs``) in a sentence naming explosives
    or weapons the detained carried (``rules.caught_armed.words``)."""
    cfg = _rules().get("caught_armed", {})
    verbs = {str(w).lower() for w in cfg.get("verbs", [])}
    words = {str(w).lower() for w in cfg.get("words", [])}
    if trigger.lemma_.lower() not in verbs and trigger.lower_ not in verbs:
        return False
    return any(t.lower_ in words or t.lemma_.lower() in words for t in sent)


def _armed_victim(
    sent: Span, actors: list[ActorMention], a1: ActorMention | None, civilians: ActorMention
) -> ActorMention | None:
    """The first armed actor named as a victim beside the civilian ``civilians`` (the actor's own words
    or the noun it modifies are one of ``rules.armed_victims`` nouns: "a regime soldier", "members of
    X", "2 Hamza Division fighters"), None when there is none. Not actor1, nor one of its supporters."""
    nouns = {str(w).lower() for w in _rules().get("armed_victims", [])}
    doc = sent.doc
    for m in actors:
        if (
            m is a1
            or m is civilians
            or m.role in NOT_A_SIDE
            or m.kind in ("civilians", "protesters", "rioters")
        ):
            continue
        if a1 is not None and m.token_start < a1.token_end:
            continue  # named before the perpetrator: not among its victims
        span = doc[m.token_start : m.token_end]
        own = span.root.lemma_.lower() in nouns or span.root.lower_ in nouns
        head = doc[m.governor] if m.role == "modifier" and m.governor is not None else None
        if own or (head is not None and (head.lemma_.lower() in nouns or head.lower_ in nouns)):
            return m
    return None


_SUPPORT_CUE = re.compile(
    r"\b(support|backed|backing|assist|aided|aid|cover|reinforced|alongside|along with)", re.I
)
_OPPOSED_CUE = re.compile(r"\b(against|versus|vs\.?)\b", re.I)
_PLACE_BREAK = re.compile(r"\b(in|near|over|towards?|at)\b", re.I)
_CLAUSE_BREAK = re.compile(
    r"(;|\b(following|after|which|while|when|whereas|before|during|amid|as a result)\b)", re.I
)


_OPEN_UMBRELLA = re.compile(
    r"^\s*,?\s*(?i:(?:which|who|whom|that)\s+(?:is\s+|are\s+)?(?:operat|fight|work)\w*\s+"
    r"(?:under|within|as\s+part\s+of)\s+(?:the\s+)?)\S+(?:\s+[A-Z]\S*){0,3}"
)
_ENCLOSED_RELATIVE = re.compile(r",\s*(?:which|who|that)\b[^,;]*,", re.I)


def _operation_first(roles: Roles) -> Roles:
    """ "Turkish forces supported by JWS, which operates under OPS": a side fought as part of an operation
    is coded as the operation (ACLED names the umbrella), its own forces become associated actors."""
    for main, assoc in (("actor1", roles.assoc_actor_1), ("actor2", roles.assoc_actor_2)):
        side = getattr(roles, main)
        op = next((a for a in assoc if a.kind == "operation"), None)
        if side is None or op is None or side.kind == "operation" or not _same_side(side, op):
            continue  # an operation of the other side is no supporter (a misread list of sides)
        if is_state_force(side) and op.governor == side.token_start:
            continue  # "Turkish forces operating as part of OPS": the operation qualifies the state force
        setattr(roles, main, op)
        assoc[:] = [side, *(a for a in assoc if a is not op)]
    return roles


def is_state_force(a: ActorMention) -> bool:
    """Whether ``a`` is a state's army or police (of this country or another): ACLED names state forces
    by their own name, never by an operation or front they fight in (``rules.state_forces`` templates)."""
    if a.kind == "state":
        return True
    cfg = _rules().get("state_forces", {})
    prefixes = [str(cfg[k]).split("{country}")[0] for k in ("military", "police") if cfg.get(k)]
    return any(p and a.name.startswith(p) for p in prefixes)


def _state_unit(a: ActorMention) -> bool:
    """Whether ``a`` is a named unit of a state force ("Military Forces of Syria (2000-) 8th Brigade",
    "Police Forces of Syria (2000-) State Security"), not the force as a whole."""
    return is_state_force(a) and any(a.name.startswith(b + " ") for b in _state_bases(a.country or ""))


@functools.cache
def _state_bases(country: str) -> frozenset[str]:
    """The names of the state forces of ``actors.yml`` for ``country`` (the bases units are named after)."""
    return frozenset(canonical_name(e.name, country, None) for e in _load()[1] if e.kind == "state")


def _same_side(a: ActorMention, b: ActorMention) -> bool:
    return a.bloc is not None and a.bloc == b.bloc


def _names_sides(gap: Span) -> bool:
    """Whether the words from "between" to the first actor still introduce it ("between members of the",
    "between two"), not a place and a later clause."""
    return len(gap) <= 8 and not any(
        t.lower_ in ("in", "near")
        or t.ent_type_ in ("GPE", "LOC", "FAC")
        # a verb of the sentence's own (not "which operates under") ends the words about the sides
        or (t.pos_ == "VERB" and t.dep_ not in ("relcl", "acl"))
        for t in gap
    )


def _between_sides(sent: Span, trigger: Token, actors: list[ActorMention], *, near: bool) -> Roles | None:
    """Sides of "clashes between X (supported by Y) and Z": text order and blocs, not the parse.

    The parser often attaches Z to "supported by Y"; an actor of X's side is X's supporter, the first
    actor of another side is Z. ``near``: only a "between" close after the trigger counts.
    """
    doc = sent.doc
    btw = None
    for t in sent:
        if t.lower_ in ("between", "among", "amongst") and (
            not near or trigger.i - 1 <= t.i <= trigger.i + 8
        ):
            btw = t
            break
    if btw is None:
        return None
    # "between QSD and residents of X": armed residents are a side (their communal militia)
    seq = [armed_locals(sent, a) for a in actors if a.token_start > btw.i]
    seq = [a for a in seq if not a.is_civilian and a.role != "background"]
    if seq and not _names_sides(doc[btw.i + 1 : seq[0].token_start]):
        return None  # "in the area between Tabqa and Ithariyah ... killing regime fighters": places
    backers = {
        id(a) for a in seq if a.role == "assoc" and a.governor is not None and a.governor >= a.token_end
    }
    seq = [a for a in seq if id(a) not in backers]
    if not seq:
        return None
    roles = Roles(actor1=seq[0])
    prev = seq[0]
    tentative = False  # actor2 is of actor1's side, named right after "and": maybe only an ally
    for m in seq[1:]:
        # "between X, which operates under Y, and Z": a relative clause closed by its comma describes X,
        # it does not end the list of sides
        # the words of a sponsor ("Turkey -backed", "pro-Turkey") belong to m, not to the gap before it
        cut = min(
            [b.token_start for b in actors if id(b) in backers and b.token_start >= prev.token_end]
            + [m.token_start]
        )
        gap = _ENCLOSED_RELATIVE.sub(",", doc[prev.token_end : cut].text)
        # "between X which operates under OPS and Y": the unclosed umbrella clause describes X too
        gap = _OPEN_UMBRELLA.sub("", gap)
        if m.name == prev.name and re.match(r"\s*,?\s*(?:which|who|that)\b", gap, re.I):
            # "X, which operates under X's umbrella name, and Y": the clause repeats the side
            prev = m
            continue
        against_next = re.search(r"\b(?:against|versus|vs\.?)\s*$", gap, re.I)
        if _CLAUSE_BREAK.search(gap) or (len(gap) > 25 and _PLACE_BREAK.search(gap) and not against_next):
            # "... and Y in the X area over a dispute on roads towards regime areas": sides end at the place
            break
        # "X, backed by Y's air support, and Z": the support phrase is closed by ", and"
        opposed = bool(_OPPOSED_CUE.search(gap))
        # "X supported by Y against Z": the support phrase ends at "against"
        supported = bool(_SUPPORT_CUE.search(gap)) and not re.search(r",\s*and\b[^,]*$", gap) and not opposed
        if supported:
            (
                roles.assoc_actor_2 if roles.actor2 is not None and not tentative else roles.assoc_actor_1
            ).append(m)
            prev = m
            continue
        if roles.actor2 is None or tentative:
            if opposed or not _same_side(m, roles.actor1):
                # "X against Y", or an actor of another side: the other side of the clash
                if roles.actor2 is not None:
                    roles.assoc_actor_1.append(roles.actor2)
                roles.actor2, tentative = m, False
            elif (
                roles.actor2 is None
                and (not gap.strip() or re.search(r"(?:^|[\s,])(?:and|&)\s*$", gap))
                and m.name != roles.actor1.name
            ):
                roles.actor2, tentative = m, True
            else:
                roles.assoc_actor_1.append(m)
        elif _same_side(m, roles.actor2):
            roles.assoc_actor_2.append(m)
        elif _same_side(m, roles.actor1):
            roles.assoc_actor_1.append(m)
        prev = m
    if roles.actor2 is None:
        before = doc[max(btw.i + 1, roles.actor1.token_start - 2) : roles.actor1.token_start].text.lower()
        plural = doc[roles.actor1.token_end - 1].tag_ in ("NNS", "NNPS")
        alone = len(seq) == 1
        if btw.lower_ != "between" or re.search(r"\b(two|rival|several)\b", before) or (plural and alone):
            # "among drug dealers", "between two unidentified armed groups": both sides are the same actor
            roles.actor2 = roles.actor1
    for a in actors:
        if id(a) in backers:
            side2 = roles.actor2 is not None and a.governor == roles.actor2.token_start
            (roles.assoc_actor_2 if side2 else roles.assoc_actor_1).append(a)
    # Drop assoc actors that merely repeat a main actor's name.
    main = {m.name for m in (roles.actor1, roles.actor2) if m is not None}
    roles.assoc_actor_1 = [a for a in roles.assoc_actor_1 if a.name not in main]
    roles.assoc_actor_2 = [a for a in roles.assoc_actor_2 if a.name not in main]
    return roles


def fill_unidentified(
    event_type: str, actor1: str | None, actor2: str | None, country: str
) -> tuple[str | None, str | None]:
    """ACLED's coding of an unnamed side: the names ``(actor1, actor2)`` with the missing ones filled.

    Political violence always has a perpetrator: when the text does not name it, ACLED codes
    "Unidentified Armed Group (<country>)" as actor1 ("the body of a soldier was found"). A battle has
    two sides: an unnamed opponent is the unidentified armed group too. Which event types qualify is
    ``rules.unidentified`` in ``actors.yml``.
    """
    if event_type in _rules().get("no_civilian_actor2", []) and actor2 == generic_name("civilians", country):
        actor2 = None
    cfg = _rules().get("unidentified", {})
    if actor1 is None and actor2 is None:
        return actor1, actor2
    name = generic_name("unidentified", country)
    if name is None:
        return actor1, actor2
    both = cfg.get("same_both_sides", [])
    if actor1 is None and event_type in cfg.get("actor2", []) and any(s in actor2 for s in both):
        # "clashes broke out between locals of X": the communal fight's one named side is both sides
        actor1 = actor2
    elif actor1 is None and event_type in cfg.get("actor1", []):
        actor1 = name
    elif actor2 is None and event_type in cfg.get("actor2", []) and actor1 is not None:
        # "a tribal clash erupted": a communal fight with one side named is fought within that community
        same = any(s in actor1 for s in both)
        actor2 = actor1 if same else name
    return actor1, actor2


def generic_name(kind: str, country: str, when: date | None = None) -> str | None:
    """Canonical name of the first ``actors.yml`` entry of ``kind`` for ``country``."""
    entries = _load()[1]
    entry = next((e for e in entries if e.kind == kind), None)
    return None if entry is None else canonical_name(entry.name, country, when)
