"""Attribution: which party a sentence attributes its report to.

:func:`find_claimant` finds the speaker of a reporting construction ("according to X", "X said", "X told
AFP", "X reported", "citing X", "was reported by X") and normalises it to one canonical name per party
with the dictionary in ``data/attribution.yml`` ("the Observatory", "SOHR", "Rami Abdel Rahman" ->
"Syrian Observatory for Human Rights"). A speaker that is in no dictionary entry is returned as written
(its noun phrase without the article); pronouns give None (the speaker is not in the sentence) unless the
caller passes the claimant of the sentences before: an anaphoric speaker ("it said", "he added", "the group
said", "the ministry said") then refers back to it.
:func:`is_party_to_conflict` tells whether a (canonical) claimant is a fighting party or its media.
"""

from __future__ import annotations

import difflib
import functools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

import yaml
from spacy.tokens import Span, Token

log = logging.getLogger(__name__)

_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# Dependents of a speaker that are not part of its name ("the Observatory, which ..., said").
_DROP_DEPS = {"relcl", "acl", "punct", "cc", "advcl"}
_MAX_SPEAKER_TOKENS = 10
# Words left at the head of a speaker phrase once "Britain-based" is split: no part of the name.
_LEADING_JUNK = frozenset(["based", "led", "backed", "run", "-"])


@dataclass(frozen=True, slots=True)
class _Party:
    name: str
    party_to_conflict: bool
    patterns: tuple[re.Pattern[str], ...]
    aliases: tuple[str, ...] = ()
    country: str | None = None


@dataclass(frozen=True, slots=True)
class _Data:
    verbs: frozenset[str]
    non_reporting_objects: frozenset[str]
    non_reporting_verbs: frozenset[str]
    preps: tuple[tuple[str, ...], ...]
    empty: frozenset[str]
    anaphoric: frozenset[str]
    proxies: frozenset[str]
    roles: frozenset[str]
    titles: frozenset[str]
    compound_bodies: frozenset[str]
    unattributed: frozenset[str]
    place_heads: frozenset[str]
    outlets: tuple[re.Pattern[str], ...]
    parties: tuple[_Party, ...]
    by_name: dict[str, _Party]


def _alias_pattern(alias: str, cased: bool) -> re.Pattern[str]:
    body = re.escape(alias).replace(r"\ ", r"\s+")
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", 0 if cased else re.I)


@functools.cache
def _data() -> _Data:
    """Load ``data/attribution.yml`` once."""
    text = resources.files("sitrep.data").joinpath("attribution.yml").read_text(encoding="utf-8")
    d = yaml.safe_load(text)
    parties = []
    for p in d["parties"]:
        pats: list[re.Pattern[str]] = []
        # longest aliases first so that the most specific wins within a party
        for alias in sorted(p.get("aliases", []), key=len, reverse=True):
            pats.append(_alias_pattern(str(alias), cased=False))
        for alias in p.get("aliases_cased", []):
            pats.append(_alias_pattern(str(alias), cased=True))
        for rx in p.get("patterns", []):
            pats.append(re.compile(rx, re.I))
        aliases = tuple(str(a).lower() for a in [*p.get("aliases", []), *p.get("aliases_cased", [])])
        parties.append(
            _Party(p["name"], bool(p.get("party_to_conflict", False)), tuple(pats), aliases, p.get("country"))
        )
    return _Data(
        verbs=frozenset(d["reporting_verbs"]),
        non_reporting_objects=frozenset(d.get("non_reporting_objects", [])),
        non_reporting_verbs=frozenset(d.get("non_reporting_verbs", ["claim"])),
        preps=tuple(tuple(x) for x in d["reporting_preps"]),
        empty=frozenset(d["empty_speakers"]),
        anaphoric=frozenset(d.get("anaphoric_speakers", [])),
        proxies=frozenset(d.get("proxy_speakers", [])),
        roles=frozenset(d.get("role_speakers", [])),
        titles=frozenset(d.get("title_nouns", [])),
        compound_bodies=frozenset(d.get("compound_bodies", [])),
        unattributed=frozenset(d.get("unattributed_speakers", [])),
        place_heads=frozenset(d.get("place_heads", [])),
        outlets=tuple(_alias_pattern(str(a), cased=False) for a in d.get("news_outlets", [])),
        parties=tuple(parties),
        by_name={p.name.lower(): p for p in parties},
    )


@functools.lru_cache(maxsize=50_000)  # every pattern of every party is tried: the same names come back
def normalise_party(text: str, *, closest_to_end: bool = False) -> str | None:
    """The canonical party name an expression refers to, or None when no dictionary entry matches.

    When several parties match, the one matched earliest in the text wins (the speaker's own name comes
    before the names in its modifiers: "a news agency affiliated to IS" is Amaq, not IS -- patterns are
    checked by their match position, longest first at equal positions). With ``closest_to_end`` the
    match ending last wins instead (for the words just before a reporting verb: "killed by IS fighters
    the coalition said").
    """
    best: tuple[int, int, str] | None = None
    for m, party in _matches(text):
        if closest_to_end:
            key = (-m.end(), -(m.end() - m.start()), party.name)
        else:
            key = (m.start(), -(m.end() - m.start()), party.name)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def _matches(text: str) -> Iterator[tuple[re.Match[str], _Party]]:
    """The first match of every pattern of every party in ``text``, without those that another country's
    name before them makes that country's ("Iranian state television" is not Syria's)."""
    for party in _data().parties:
        for rx in party.patterns:
            m = rx.search(text)
            if m and not (party.country and _foreign_before(text, m.start(), party.country)):
                yield m, party


@functools.lru_cache(maxsize=8)
def _foreign_words(country: str) -> frozenset[str]:
    """Names and demonyms of every country but ``country`` (lower case), from ``data/demonyms.yml``."""
    from .actors import _demonyms, country_name

    out: set[str] = set()
    for code, words in _demonyms().items():
        if code == country or not isinstance(words, list):
            continue
        out.update(str(w).lower().removesuffix("'s") for w in words)
        name = country_name(code)
        if name:
            out.add(name.lower())
    return frozenset(out)


_WORD_BEFORE = re.compile(r"([\w.]+)(?:'s|’s|s')?\s+(?:the\s+)?$", re.I)


def _foreign_before(text: str, start: int, country: str) -> bool:
    """Whether the word before ``text[start:]`` names another country than ``country`` ("Iranian state
    television", "Iraq's army")."""
    m = _WORD_BEFORE.search(text[:start])
    return bool(m) and m.group(1).lower() in _foreign_words(country)


def _first_party_words(text: str) -> str | None:
    """The words of ``text`` that name a party, the earliest match (longest at equal positions)."""
    best: tuple[int, int] | None = None
    for m, _ in _matches(text):
        if best is None or (m.start(), -m.end()) < (best[0], -best[1]):
            best = (m.start(), m.end())
    return text[best[0] : best[1]] if best else None


#: a misspelt name ("Syrian Obervatorty for Human Rights") is that party's when it is this close to one of
#: its aliases (difflib ratio); only aliases this long are compared, so that short names need no guess
_FUZZY_RATIO = 0.9
_FUZZY_MIN_CHARS = 12


@functools.lru_cache(maxsize=20_000)
def fuzzy_party(text: str) -> str | None:
    """The party whose long alias ``text`` is a misspelling of ("Syrian Obervatorty for Human Rights"), or
    None. The last resort of attribution, after the exact aliases: news copy has typos, and one name per
    party is the point."""
    low = " ".join(text.lower().split())
    if len(low) < _FUZZY_MIN_CHARS:
        return None
    best: tuple[float, str] | None = None
    for party in _data().parties:
        for alias in party.aliases:
            if len(alias) < _FUZZY_MIN_CHARS or abs(len(alias) - len(low)) > len(alias) // 5:
                continue
            ratio = difflib.SequenceMatcher(None, low, alias).ratio()
            if ratio >= _FUZZY_RATIO and (best is None or ratio > best[0]):
                best = (ratio, party.name)
    return best[1] if best else None


#: "International Committee of the Red Cross (ICRC)": a name and the acronym the article will use for it
_ACRONYM = re.compile(
    r"\b((?:[A-Z][\w'’.-]*\s+(?:(?:of|for|the|and|to|on|in)\s+)*)+[A-Z][\w'’.-]*)\s*\(([A-Z]{2,8})\)"
)


def _register_acronyms(sent: Span, speakers: dict[str, str]) -> None:
    """Remember the acronyms the sentence introduces ("the International Committee of the Red Cross (ICRC)")
    as names of their party for the rest of the article ("ICRC regional director Robert Mardini said")."""
    for m in _ACRONYM.finditer(sent.text):
        name, acro = re.sub(r"^(?:The|A|An)\s+", "", m.group(1)), m.group(2)
        words = [w for w in name.split() if w[:1].isupper() and w.lower() != "the"]
        # the acronym's first letter is that of the name's first word (or of its last word's: "Doctors
        # Without Borders (MSF)" is French): a loose check against a bracketed aside that is no acronym
        if not words or acro[0] not in (words[0][0], words[-1][0]) or acro.lower() in speakers:
            continue
        speakers[acro.lower()] = normalise_party(name) or normalise_party(acro) or name


#: what may modify a title before a name ("Homs governor", "U.N. regional humanitarian coordinator")
_TITLE_MOD_POS = frozenset(["PROPN", "NOUN", "ADJ"])
_MAX_TITLE_WORDS = 5


def _person(tok: Token) -> Span | None:
    """The PERSON entity ``tok`` is part of, or None."""
    if tok.ent_type_ != "PERSON":
        return None  # no scan of the entities for the many speakers that are no person
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent if ent.label_ == "PERSON" else None
    return None


def _title_party(tok: Token, speakers: dict[str, str]) -> str | None:
    """The party a person speaks for when a title is written against their name without a comma: "Homs
    governor Talal al-Barazi" is "Homs governor", "Robert Mardini ICRC regional director" the body the
    article introduced as ICRC. The title needs a word saying whose title it is: a bare "Governor Omar
    al-Nasser" stays the person (None)."""
    person = _person(tok)
    if person is None:
        return None
    doc, titles = tok.doc, _data().titles
    sent = tok.sent
    words: list[Token] = []
    k = person.start - 1
    if k >= sent.start and doc[k].pos_ in ("NOUN", "PROPN") and doc[k].lemma_.lower() in titles:
        # before the name: the title and the modifiers before it
        words = [doc[k]]
        while (
            k - 1 >= sent.start
            and len(words) < _MAX_TITLE_WORDS
            and (doc[k - 1].pos_ in _TITLE_MOD_POS or doc[k - 1].tag_ == "POS")
            and doc[k - 1].ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL")
            and not doc[k - 1].is_punct
        ):
            k -= 1
            words.insert(0, doc[k])
    elif person.end < sent.end and not doc[person.end].is_punct:
        # after the name: modifiers up to the title ("ICRC regional director")
        for j in range(person.end, min(person.end + _MAX_TITLE_WORDS, sent.end)):
            t = doc[j]
            if t.pos_ not in _TITLE_MOD_POS or t.ent_type_ in ("DATE", "TIME", "CARDINAL"):
                break
            words.append(t)
            if t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in titles:
                break
        if words and words[-1].lemma_.lower() not in titles:
            words = []  # no title within reach: modifiers alone name no party
    if len(words) < 2:
        return None
    phrase = " ".join(t.text for t in words).replace(" 's", "'s")
    known = normalise_party(phrase)
    if known:
        return known
    for t in words:
        if t.lower_ in speakers:
            return speakers[t.lower_]
    return phrase


def is_party_to_conflict(claimant: str | None) -> bool:
    """True when ``claimant`` is a fighting party or its official media (data-driven, attribution.yml)."""
    if not claimant:
        return False
    party = _data().by_name.get(claimant.lower())
    if party is None:
        name = normalise_party(claimant)
        party = _data().by_name.get(name.lower()) if name else None
    return bool(party and party.party_to_conflict)


_NAME_LINKS = frozenset(["to", "of", "for", "and", "the", "on"])


def _in_name(tok: Token) -> bool:
    """A clause that is part of a proper name ("Committee to Protect Journalists"): capitalised words."""
    if tok.dep_ != "acl":
        return False
    words = list(tok.subtree)
    return all(w.is_title or w.lower_ in _NAME_LINKS for w in words) and any(w.is_title for w in words)


def _speaker_text(tok: Token) -> str:
    """The noun phrase of a speaker, without article, relative clauses and trailing punctuation."""
    keep = [tok]
    stack = [c for c in tok.children if c.dep_ not in _DROP_DEPS or _in_name(c)]
    while stack:
        c = stack.pop()
        keep.append(c)
        stack.extend(g for g in c.children if g.dep_ not in _DROP_DEPS or _in_name(g))
    idx = sorted(t.i for t in keep)
    # the contiguous stretch around the head
    lo = hi = tok.i
    ids = set(idx)
    doc = tok.doc
    while lo - 1 in ids or _hyphen_joined(doc, lo - 1):
        lo -= 1
    while hi + 1 in ids or _hyphen_joined(doc, hi):
        hi += 1
    words = list(doc[lo : hi + 1])
    while words and (
        words[0].dep_ in ("det", "punct", "cc")
        or words[0].is_punct
        or words[0].like_num
        or words[0].ent_type_ in ("DATE", "TIME")
    ):
        words = words[1:]
    while words and words[-1].is_punct:
        words = words[:-1]
    # "the Britain-based group", "Damascus-based Shaam News Network": the place of "X-based" is split
    # off by the tokenizer, the rest is no part of the name
    while len(words) > 1 and (words[0].lower_ in _LEADING_JUNK or words[0].is_punct):
        words = words[1:]
    # "New York-based Committee to ...": the place before "-based" is no part of the name either
    for k in range(len(words) - 2, 0, -1):
        if words[k].lower_ in _LEADING_JUNK and words[k - 1].text == "-" and words[k].i < tok.i:
            words = words[k + 1 :]
            break
    if len(words) > _MAX_SPEAKER_TOKENS:
        words = [t for t in words if t.i <= tok.i][-_MAX_SPEAKER_TOKENS:]
    return " ".join(t.text for t in words).replace(" 's", "'s").replace(" - ", "-")


def _hyphen_joined(doc, i: int) -> bool:
    """Whether tokens ``i`` and ``i + 1`` are written as one hyphenated word ("al-Barazi", "Abdel-Moneim"):
    the parser often gives each part its own head, but a speaker's name keeps them together."""
    if i < 0 or i + 1 >= len(doc) or doc[i].whitespace_:
        return False
    a, b = doc[i], doc[i + 1]
    return (b.text == "-" and i + 2 < len(doc) and not b.whitespace_ and doc[i + 2].is_alpha) or (
        a.text == "-" and b.is_alpha and i > 0 and not doc[i - 1].whitespace_
    )


#: the words a trailing report ("..., said SANA") may have after its verb; before it ("... the
#: Observatory said"), a longer stretch: a speaker's name with its "of"/"for" modifiers.
_WINDOW_AFTER = 8
_WINDOW_BEFORE = 12


def _window(sent: Span, tok: Token, step: int) -> str:
    """The words from ``tok`` (excluded) to the nearest punctuation in direction ``step``; after the verb
    the window stops at a clause ("said that ...", "adding that ..."), which holds the report, not its
    speaker."""
    words = []
    k = tok.i + step
    limit = _WINDOW_AFTER if step > 0 else _WINDOW_BEFORE
    while sent.start <= k < sent.end and len(words) < limit and not sent.doc[k].is_punct:
        t = sent.doc[k]
        if step > 0 and (t.pos_ in ("VERB", "AUX", "SCONJ") or t.lower_ == "that"):
            break
        if step < 0 and t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound", "npadvmod"):
            # back across another clause's verb ("QSD recaptured the village with no fatalities reported")
            # the words are no longer the speaker's
            break
        words.append(t)
        k += step
    words.sort(key=lambda t: t.i)
    return " ".join(t.text for t in words)


def _anaphoric(tok: Token) -> bool:
    """A speaker that refers back to a party named earlier: a pronoun ("it said") or a bare definite noun
    of ``anaphoric_speakers`` ("the group said", "the ministry added")."""
    data = _data()
    if tok.lower_ in ("he", "she", "it", "they"):
        return True
    if tok.pos_ not in ("NOUN", "PROPN") or tok.lemma_.lower() not in data.anaphoric:
        return False
    # only "the X" / "X" itself, or "the Britain-based X" (a description, not a name): "the Russian
    # ministry" or "a group of activists" name their own party
    return all(
        (c.dep_ in ("det", "punct") and c.lower_ in ("the", "this", "its", "that"))
        or (c.dep_ == "amod" and c.lower_ in _LEADING_JUNK)
        or c.dep_ == "case"
        for c in tok.children
    )


def _org_text(proxy: Token, org: Token) -> str:
    """The written name of the body a proxy speaker speaks for: the proxy's phrase from the body's name on
    ("report by New York-based Committee to Protect Journalists" -> "Committee to Protect Journalists"),
    without a possessive ending."""
    text, full = _speaker_text(org), _speaker_text(proxy)
    if org.i > proxy.i and text in full:
        text = full[full.index(text) :]
    if org.dep_ == "compound" and org.head == proxy:
        # "Lebanese army sources": the proxy's words before it
        text = proxy.doc[proxy.left_edge.i : proxy.i].text
        text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    doc = org.doc
    k = org.right_edge.i + 1
    if org.pos_ == "NOUN" and k < len(doc) and doc[k].pos_ == "PROPN" and not doc[k - 1].is_punct:
        # "a spokesman for the rebel group Jaish al-Islam": the name in apposition is the body's
        end = k
        while end + 1 < len(doc) and (doc[end + 1].pos_ == "PROPN" or _hyphen_joined(doc, end)):
            end += 1
        text = doc[k : end + 1].text.replace(" - ", "-").replace(" -", "-").replace("- ", "-")
    for end in ("'s", "’s", "'"):
        text = text.removesuffix(end)
    return text.strip()


def _proxy_party(tok: Token) -> Token | None:
    """The party a proxy speaker speaks for: "a source at the Police Command", "a report by the CPJ", "the
    ministry's spokesman", "a spokesman for the council" give the organisation's head token; None when the
    speaker is no proxy or names no organisation ("a source at the hospital" stays a local source)."""
    data = _data()
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("NOUN", "PROPN") or lemma not in data.proxies:
        return None
    org = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN")), None)
    if org is None:
        # "Lebanese army sources": the body named in a compound before the proxy, with its nationality
        body = next(
            (c for c in tok.children if c.dep_ == "compound" and c.lemma_.lower() in data.compound_bodies),
            None,
        )
        if body is not None and any(
            c != body and (c.ent_type_ in ("NORP", "GPE") or c.pos_ == "PROPN") for c in tok.lefts
        ):
            return body
    if org is None:
        preps = list(tok.children)
        nxt = tok.right_edge.i + 1
        if nxt < len(tok.doc) and tok.doc[nxt].dep_ == "prep" and tok.doc[nxt].head == tok.head:
            # the parser often hangs "at the Police Command" on the verb ("citing a source at ...")
            preps.append(tok.doc[nxt])
        for prep in preps:
            if prep.dep_ == "prep" and prep.lower_ in (
                "at",
                "in",
                "of",
                "for",
                "from",
                "by",
                "within",
                "with",
            ):
                org = next(
                    (g for g in prep.children if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN")), None
                )
                if org is not None:
                    break
    if org is None or org.ent_type_ in ("GPE", "LOC") or org.lemma_.lower() in data.place_heads:
        # "the governor of Homs", "activists in Idlib province" speak as themselves, not for the place
        return None
    text = _speaker_text(org)
    named = any(t.pos_ == "PROPN" for t in org.subtree) or normalise_party(text) is not None
    # a role ("spokesman", "head") speaks for whatever body it is part of; an anonymous source only for a
    # named one
    return org if named or lemma in data.roles else None


#: parties that stand for an unnamed source: a named party cited by another one wins over them
_ANONYMOUS = ("local source", "activists")
#: what a speaker noun phrase right before its verb may hold ("state media and activists", "a war monitor,
#: medics and emergency workers")
_NP_POS = frozenset(["NOUN", "PROPN", "ADJ", "CCONJ"])


def _nobody(tok: Token) -> bool:
    """A word of ``unattributed_speakers`` ("reports", "casualties"): what is reported, not who reports."""
    data = _data()
    return tok.lemma_.lower() in data.unattributed or tok.lower_ in data.unattributed


def _names_source(words: list[Token]) -> bool:
    text = " ".join(t.text for t in words)
    return bool(words) and (
        any(t.pos_ == "PROPN" or t.ent_type_ in ("NORP", "ORG", "GPE") for t in words)
        or normalise_party(text) is not None
    )


def _reported_in(tok: Token) -> str | None:
    """The source a word of ``unattributed_speakers`` names in its own phrase: "Turkish media reports" and
    "reports in Turkish media" are Turkish media's; "unverified reports" name nobody (None)."""
    doc = tok.doc
    lefts = [t for t in doc[tok.left_edge.i : tok.i] if not (t.dep_ == "det" or t.is_punct)]
    while lefts and (lefts[0].like_num or lefts[0].lower_ in _data().unattributed):
        lefts = lefts[1:]
    if lefts and lefts[-1].pos_ in ("NOUN", "PROPN") and _names_source(lefts):
        return " ".join(t.text for t in lefts).replace(" 's", "'s")
    for prep in tok.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "by", "from", "on", "of"):
            obj = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")), None)
            if obj is not None and not _nobody(obj) and obj.lemma_.lower() not in _data().place_heads:
                words = list(doc[obj.left_edge.i : obj.i + 1])
                if _names_source(words):
                    return _speaker_text(obj)
    return None


def _named_modifier(tok: Token) -> bool:
    """Whether a speaker noun has a proper-name or nationality modifier ("U.S. officials", "Kurdish
    officials")."""
    return any(
        c.dep_ in ("compound", "amod", "nmod", "poss")
        and (c.pos_ == "PROPN" or c.ent_type_ in ("NORP", "GPE"))
        for c in tok.children
    )


def _passive(tok: Token) -> bool:
    # a passive, or a participle modifying a noun ("a video posted on a page"); a bare VBN elsewhere may
    # be a mis-tagged trailing report (", the Observatory reported.")
    return any(c.dep_ == "auxpass" for c in tok.children) or (
        tok.tag_ == "VBN" and tok.dep_ in ("acl", "relcl", "amod")
    )


def _before(sent: Span, tok: Token) -> str | None:
    """The words before a reporting verb that name a party, or None.

    The noun phrase that ends at the verb comes first, read from its start, so that the first of
    coordinated speakers wins ("state media and activists said" is state media); failing that, the party
    named nearest the verb in the words back to the previous punctuation ("killed by IS fighters the
    coalition said" is the coalition)."""
    doc = sent.doc
    k = tok.i - 1
    while k >= sent.start and k > tok.i - _WINDOW_BEFORE:
        t = doc[k]
        if t.ent_type_ in ("DATE", "TIME", "CARDINAL"):
            break
        if t.pos_ == "DET":
            if k - 1 >= sent.start and doc[k - 1].pos_ == "CCONJ" and k - 1 > tok.i - _WINDOW_BEFORE:
                # "activists, residents and a war monitor said": the coordination goes on before "a"
                k -= 1
                continue
            k -= 1
            break
        if t.pos_ not in _NP_POS and t.text != "-":
            break
        k -= 1
    phrase = doc[k + 1 : tok.i].text
    first = _first_party_words(phrase) if phrase else None
    if first:
        return first
    window = _window(sent, tok, -1)
    return window if window and normalise_party(window, closest_to_end=True) else None


#: a subject phrase names its own party when the party's name starts within its first words
_OWN_NAME_WORDS = 4


def _names_other_party(phrase: Span, other: str | None) -> bool:
    """Whether the subject ``phrase`` itself names a party other than ``other``: a match that starts in its
    first words ("a news agency affiliated to IS" is Amaq)."""
    text = phrase.text
    name = normalise_party(text)
    if name in (None, other):
        return False
    head = phrase[: min(len(phrase), _OWN_NAME_WORDS)]
    limit = head.end_char - phrase.start_char
    starts = [m.start() for m, party in _matches(text) if party.name == name]
    return bool(starts) and min(starts) < limit


def _depth(tok: Token) -> int:
    return sum(1 for _ in tok.ancestors)


def _candidates(sent: Span) -> list[tuple[int, Token, str]]:
    """(priority, speaker token, speaker phrase) of every reporting construction of the sentence."""
    data = _data()
    doc = sent.doc
    out: list[tuple[int, Token, str]] = []
    low = [t.lower_ for t in sent]
    for phrase in data.preps:
        n = len(phrase)
        # "according to X" names the claimant; "citing X" names the claimant's source, so the
        # reporting verb ("SOHR said, citing local sources") comes first
        prio = 50 if phrase[0] in ("citing", "quoting") else 0
        for k in range(len(low) - n + 1):
            if tuple(low[k : k + n]) != phrase:
                continue
            last = sent[k + n - 1]
            obj = next((c for c in last.children if c.dep_ in ("pobj", "dobj")), None)
            if obj is None and k + n < len(sent):
                # the parser often hangs the object elsewhere: take the noun phrase right after
                nxt = sent[k + n]
                obj = nxt if nxt.pos_ in ("PROPN", "NOUN") else None
                if obj is not None:
                    while (
                        obj.head.i > obj.i
                        and obj.dep_ in ("compound", "amod", "det")
                        and obj.head.i < sent.end
                    ):
                        obj = obj.head
            if obj is None:
                span_text = doc[last.i + 1 : min(last.i + 8, sent.end)].text
                if normalise_party(span_text):
                    out.append((prio, last, span_text))
                continue
            text = _speaker_text(obj)
            if prio and (_proxy_party(obj) is not None or normalise_party(text) not in (None, *_ANONYMOUS)):
                # the originating source wins over the one quoting it ("SANA reported, citing a source at
                # the Police Command" is the police command)
                prio = -1
            elif phrase[0] == "according" and any(rx.search(text) for rx in data.outlets):
                # "X reported ..., according to Reuters": the news agency only relays X's report
                prio = 60
            out.append((prio, obj, text))
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in data.verbs:
            continue
        if tok.is_title and tok.i > sent.start and sent.doc[tok.i - 1].is_title:
            # "the neighbourhood of Sheikh Said", "Port Said": a capitalised verb after a name is a name
            continue
        objects = {c.lemma_.lower() for c in tok.children if c.dep_ in ("dobj", "nsubjpass")}
        if tok.lemma_.lower() in data.non_reporting_verbs and objects & data.non_reporting_objects:
            # "claimed the lives of 10" (but "the Observatory reported the same toll" is a report)
            continue
        subj = next((c for c in tok.children if c.dep_ in _SUBJECT_DEPS and c.dep_ != "nsubjpass"), None)
        if tok.lemma_.lower() in ("cite", "quote"):
            # "state TV cited the ministry as saying ...": the one quoted speaks
            quoted = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if (
                quoted is not None
                and any(c.lower_ == "as" for c in tok.children)
                and normalise_party(_speaker_text(quoted)) not in _ANONYMOUS
            ):
                out.append((1 + _depth(tok), quoted, _speaker_text(quoted)))
                continue
        if subj is None:
            # passive: "was reported by SANA"
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            subj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
        if (
            subj is None
            and tok.dep_ == "acl"
            and tok.tag_ in ("VBD", "VBN")  # not "damage to houses, noting that ...": a clause of its own
            and tok.head.pos_ in ("NOUN", "PROPN")
            and not any(c.dep_ == "auxpass" for c in tok.children)
            and (
                any(c.dep_ == "ccomp" for c in tok.children)
                # "The coalition reported earlier on Friday it had conducted nine strikes": the report's
                # clause taken for the main one, which then has two subjects
                or (
                    tok.head.dep_ == "nsubj"
                    and not any(c.dep_ == "agent" for c in tok.children)
                    and any(c.dep_ == "nsubj" and c.i > tok.i for c in tok.head.head.children)
                )
            )
        ):
            # "The Observatory reported on Thursday that 90 people ...": the parser read the report as a
            # participle on its speaker; a participle takes no that-clause ("the video posted on a page")
            subj = tok.head
        if subj is None:
            if _passive(tok):
                # "the video, which was posted on a Facebook page": a passive with no agent names no speaker
                continue
            # a mis-parsed inverted or trailing report (", the Observatory said." / ", said SANA"): the
            # words between the verb and the nearest punctuation name the speaker when they name a party
            prev_tok = sent.doc[tok.i - 1] if tok.i > sent.start else None
            if prev_tok is not None and _nobody(prev_tok):
                # "with casualties reported", "with neither injuries nor fatalities reported": what was
                # reported stands before the verb, and nobody is named
                continue
            before, after = _before(sent, tok), _window(sent, tok, 1)
            if before:
                out.append((1 + _depth(tok), tok, before))
            elif after and normalise_party(after, closest_to_end=True):
                out.append((1 + _depth(tok), tok, after))
            elif prev_tok is not None and _anaphoric(prev_tok):
                # "... in the area of X the ministry said": the bare noun right before the verb speaks
                out.append((1 + _depth(tok), prev_tok, prev_tok.text))
            elif prev_tok is not None and (
                (prev_tok.pos_ in ("NOUN", "PROPN") and prev_tok.lemma_.lower() in _data().titles)
                or _person(prev_tok) is not None
            ):
                # "... rose to 25 Anna Berg RRC field coordinator told reporters": a person or a title right
                # before the verb speaks, whatever the parser hung them on
                out.append((1 + _depth(tok), prev_tok, _speaker_text(prev_tok)))
            continue
        # news copy often drops the comma before a trailing report ("killed 16 people the Syrian
        # Observatory said"): a party named right before the verb beats a mis-parsed subject
        before = _before(sent, tok)
        if (
            before
            and not _nobody(subj)
            and not normalise_party(_speaker_text(subj))
            and not _anaphoric(subj)
            and _proxy_party(subj) is None
            # the words before the verb are the subject's own ("a news agency affiliated to IS said"); a
            # party named deep in a long subject ("killed 60 civilians ... activists and a monitor said") is
            # no name of the subject
            and not (
                subj.right_edge.i >= tok.i - 1
                and _names_other_party(
                    sent.doc[subj.left_edge.i : subj.right_edge.i + 1],
                    normalise_party(before, closest_to_end=True),
                )
            )
        ):
            out.append((1 + _depth(tok), tok, before))
            continue
        out.append((1 + _depth(tok), subj, _speaker_text(subj)))
    return out


def find_claimant(
    sent: Span, previous: str | None = None, speakers: dict[str, str] | None = None
) -> str | None:
    """The party the sentence attributes its report to, canonical when known; None without attribution.

    "according to X" wins over reporting verbs; among verbs the one nearest the root of the parse wins
    ("X said that Y claimed ..." gives X). Known parties are normalised with ``data/attribution.yml``;
    a proxy speaks for its body ("a source at the Police Command", "the ministry's spokesman", "Mounzer
    Khalil, head of the health authority"); other speakers are returned as their noun phrase; pronouns give
    None -- or ``previous`` (the claimant of the sentences just before) when the speaker refers back ("it
    said", "the group added"). ``speakers`` (one dict per article, filled here) remembers the party of a
    person once described ("Panos Moumtzis, the UN coordinator, said ...") for later sentences that name
    them alone ("Moumtzis said").
    """
    if speakers is None:
        speakers = {}
    _register_acronyms(sent, speakers)
    claimant, person = _claimant(sent, previous, speakers)
    if person is not None and claimant:
        speakers[person] = claimant
    return claimant


def _surname(tok: Token) -> str | None:
    """The last word of a person speaker's name, the key of ``speakers``."""
    if tok.pos_ != "PROPN" or tok.ent_type_ not in ("PERSON", "ORG", ""):
        return None
    return _speaker_text(tok).split()[-1].split("-")[-1].lower()


def _claimant(sent: Span, previous: str | None, speakers: dict[str, str]) -> tuple[str | None, str | None]:
    """find_claimant's answer and, when it came from a described person, that person's surname."""
    data = _data()
    cands = sorted(_candidates(sent), key=lambda c: (c[0], c[1].i))
    for _, tok, text in cands:
        if tok.pos_ in ("VERB", "AUX"):
            # a window of words around the reporting verb: the party nearest the verb speaks
            name = normalise_party(text, closest_to_end=True)
            if name:
                return name, None
            continue
        # a source, an official or a report of a named body speaks for that body; so does a person
        # described by a role in it ("Mounzer Khalil, head of the health authority")
        org, person = _proxy_party(tok), None
        if org is None and tok.pos_ == "PROPN":
            title = _title_party(tok, speakers)
            if title:
                return title, _surname(tok)
        if org is None and tok.pos_ == "PROPN":
            role = next((c for c in tok.children if c.dep_ == "appos" and c.pos_ == "NOUN"), None)
            if role is not None:
                person = _surname(tok)
                # the role's own words may name the party ("the U.N. regional coordinator")
                name = normalise_party(_speaker_text(role))
                if name:
                    return name, person
                if _proxy_party(role) is not None:
                    tok, org = role, _proxy_party(role)
        if org is not None:
            if _anaphoric(org):
                if previous:
                    return previous, None
                continue
            org_text = _org_text(tok, org)
            return normalise_party(org_text) or org_text, person
        # the trimmed phrase first; then the speaker's whole phrase (its modifiers may name the party:
        # "a news agency affiliated to IS")
        full = tok.doc[tok.left_edge.i : min(tok.right_edge.i + 1, tok.left_edge.i + 15)].text
        name = normalise_party(text) or (normalise_party(full) if tok.pos_ in ("NOUN", "PROPN") else None)
        if name:
            return name, None
        if _anaphoric(tok):
            if previous:
                return previous, None
            continue
        if tok.pos_ == "PRON" or not text:
            continue
        if tok.lower_ in data.empty and not _named_modifier(tok):
            # "officials said" names nobody; "U.S. officials said" names their country
            continue
        if _nobody(tok):
            # "Turkish media reports", "reports in Turkish media": the reports' source is named
            source = _reported_in(tok)
            if source:
                return normalise_party(source) or fuzzy_party(source) or source, None
        if _nobody(tok) and not any(t.pos_ == "PROPN" for t in tok.subtree if t.i <= tok.i):
            # "unverified reports", "initial information": nobody is named ("Sky News" is a name)
            continue
        if tok.pos_ == "PROPN" and _surname(tok) in speakers:
            # "Moumtzis said" after "Panos Moumtzis, the UN coordinator, said"
            return speakers[_surname(tok)], None
        if tok.pos_ in ("NOUN", "PROPN"):
            # "Robert Mardini ICRC regional director": a name the article introduced (an acronym, a person
            # described before) among the speaker's own words names the party
            own = [t for t in tok.subtree if t.i <= tok.i and (t.pos_ == "PROPN" or t.is_upper)]
            known = next((speakers[t.lower_] for t in own if t.lower_ in speakers), None)
            if known:
                return known, None
        if tok.pos_ in ("NOUN", "PROPN") or (
            # "the Turkish Hurriyet daily reported": a paper's name with an adjective for its head
            tok.pos_ in ("ADJ", "ADV") and any(t.pos_ == "PROPN" for t in tok.lefts)
        ):
            return fuzzy_party(text) or text, None
    return None, None
