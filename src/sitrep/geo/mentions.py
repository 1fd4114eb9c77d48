"""Place mentions in a sentence: spaCy GPE/LOC/FAC entities plus the patterns the small model misses.

Patterns, relation words and the non-place list live in ``data/geo_places.yml``. Every mention gets the
relation the sentence gives it ("in", "near", "north of", "countryside", "from", "to", ...), the bare
name ("Raqqa" for "rural Raqqa"), a kind hint ("admin1", "neighbourhood", "landmark", "hill" or None) and
``is_event_location=False`` when the sentence says the event did not happen there ("fled to X",
"a Britain-based monitor", "backed by Turkey").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span

from ..records import PlaceMention
from .normalize import load_data

# Capitalised words that start a sentence or a clause but never a place name.
_STOP_LEADING = {
    "on", "in", "at", "the", "a", "an", "and", "but", "as", "from", "near", "between", "during", "after",
    "before", "while", "when", "since", "around", "regime", "opposition", "unknown", "unidentified",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "syrian", "turkish", "russian", "iraqi", "kurdish", "iranian", "israeli",
    "american", "local", "state", "islamic", "pro", "anti", "rebel", "rebels", "clashes", "clash",
}  # fmt: skip


@dataclass(slots=True)
class _Cand:
    start: int  # offsets in the sentence text
    end: int
    name_start: int
    name_end: int
    kind: str | None
    relation: str | None
    source: str  # "pattern" or "ent"
    container: bool = False  # the town a named part lies in ("Shaar neighbourhood of <Aleppo>")


def _first_either_case(word: str) -> str:
    """A regex for a lowercase data word whose first letter may be capitalised ("rural", "Rural")."""
    return f"[{word[0].upper()}{word[0]}]{re.escape(word[1:])}"


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)


@functools.lru_cache(maxsize=1)
def _config() -> dict[str, Any]:
    data = load_data("geo_places.yml")
    arts = "|".join(sorted(data["articles"], key=len, reverse=True))
    word = r"[A-Z][\w'’ʿ]*(?:-[A-Za-z][\w'’ʿ]*)*"
    # a name never starts inside a word: "shelled Foo village" is "Foo", not "ed Foo"
    art_word = rf"(?<![\w'’ʿ-])(?:(?:{arts})[-\s]+)?{word}"
    # a name: capitalised words, possibly with inner lowercase articles ("Deir ez-Zor", "Ras al-Ain")
    name = rf"{art_word}(?:\s+(?:(?:{arts})[-\s]+)?{word})*"
    lead_art_name = rf"(?:{arts})-{word}(?:\s+(?:(?:{arts})[-\s]+)?{word})*"
    dirs = "|".join(re.escape(d) for d in sorted(data["directions"], key=len, reverse=True))
    suffix = "|".join(
        _first_either_case(w) if spec.get("cap") else re.escape(w)
        for w, spec in sorted(data["suffix_words"].items(), key=lambda ws: len(ws[0]), reverse=True)
    )
    ofw = "|".join(sorted(data["of_words"], key=len, reverse=True))
    preps = "|".join(data["article_prepositions"])
    relations = []
    for r in data["relations"]:
        phrase = r["phrase"]
        pat = re.escape(phrase).replace("DIR", f"(?P<dir>{dirs})")
        rx = re.compile(rf"(?:^|[^\w-])(?:{pat})\s+(?:the\s+)?$", re.I)
        relations.append((rx, r["relation"], r.get("event", True)))
    # "rural X", "Rural X", "southern X" (the words are data; only their first letter may be capitalised)
    prefixes = "|".join(_first_either_case(w) for w in data["prefix_words"])
    return {
        "data": data,
        "of": re.compile(
            rf"\b(?:the\s+)?(?:(?P<dir>{dirs})\s+)?(?P<w>{ofw})\s+of\s+(?:the\s+)?(?P<name>{name})"
        ),
        "suffix": re.compile(rf"(?P<name>{name})\s+(?P<w>{suffix})\b"),
        "prefix": re.compile(rf"\b(?P<w>{prefixes})\s+(?P<name>{name})"),
        "article": re.compile(rf"\b(?:{preps})\s+(?:the\s+)?(?P<name>{lead_art_name})"),
        "fallback": re.compile(
            rf"\b(?:(?:{'|'.join(data['fallback_prepositions'])})|(?:{dirs})\s+of)\s+(?:the\s+)?(?P<name>{name})"
        ),
        # the end of a capitalised name (the named part before "neighbourhood of <town>")
        "name_end": r"[A-Z][\w'’ʿ]*(?:-[A-Za-z][\w'’ʿ]*)*\s+(?:the\s+)?(?:(?:" + dirs + r")\s+)?",
        "non_place_labels": set(data.get("non_place_labels", [])),
        # an indefinite determiner right before a name: "an Idlib village", "two Hama villages"
        "indefinite": re.compile(
            r"\b(?:" + "|".join(data.get("indefinite_determiners", ["a", "an"])) + r")\s+$", re.I
        ),
        "relations": relations,
        "side_verbs": frozenset(w.lower() for w in data.get("side_verbs", [])),
        "side_nouns": frozenset(w.lower() for w in data.get("side_nouns", [])),
        "non_places": [n.lower() for n in data["non_places"]],
        "non_place_words": [w.lower() for w in data["non_place_words"]],
        "labels": set(data["entity_labels"]),
        "verb_object": re.compile(rf"\b(?:{'|'.join(data['fallback_verbs'])})\s+(?:the\s+)?(?P<name>{name})"),
        # a name's inner lowercase article ("Deir ez Zor" after the model tagged only "Deir")
        "inner_article": re.compile(rf"\s+(?:{arts})[-\s]+[A-Z]"),
    }


def _trim_leading(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading capitalised non-name words ("On Monday Maaraba" -> "Maaraba"), a country's possessive
    before the place ("Syria's Hama", "Syrias Hama" as copy that lost its apostrophe -> "Hama") and a
    trailing day ("Aleppo Saturday" -> "Aleppo")."""
    while start < end:
        m = re.match(r"(\S+)\s+", text[start:end])
        if not m:
            break
        w = m.group(1).lower().strip(",.;:")
        if w in _STOP_LEADING or _country_possessive(w):
            start += m.end()
        else:
            break
    return start, _trim_trailing_day(text, start, end)


def _trim_trailing_day(text: str, start: int, end: int) -> int:
    """The end of the name in ``text[start:end]`` without a trailing day ("Aleppo Saturday")."""
    while start < end:
        m = re.search(r"\s+(\S+)$", text[start:end])
        if not m or m.group(1).lower() not in _DAY_WORDS:
            break
        end = start + m.start()
    return end


_DAY_WORDS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])


def _country_possessive(word: str) -> bool:
    """Whether ``word`` (lower case) is a country's possessive: "syria's", "syria’s", "syrias"."""
    from .gazetteer import country_keys
    from .normalize import exact_key

    return any(
        word.endswith(suffix)
        and len(word) > len(suffix) + 2
        and exact_key(word[: -len(suffix)]) in country_keys()
        for suffix in ("'s", "’s", "s")
    )


def _is_acronym(name: str) -> bool:
    """Short all-capital names (QSD, HTS, IS) are actors."""
    return name.isupper() and len(name) <= 6


@functools.lru_cache(maxsize=1)
def _demonyms() -> frozenset[str]:
    """Nationality adjectives ("Syrian", "Russian"): a people or its forces, never a place."""
    from .gazetteer import country_keys
    from .normalize import exact_key

    data = load_data("demonyms.yml")
    names = country_keys()  # "US" is an adjective and a country: "in the US" stays a place
    return frozenset(
        d.lower() for v in data.values() if isinstance(v, list) for d in v if exact_key(d) not in names
    )


def _is_non_place(text: str, cfg: dict[str, Any]) -> bool:
    low = text.lower().strip()
    low = re.sub(r"^the\s+", "", low)
    if low in _demonyms():
        return True
    if not any(ch.isalpha() for ch in low) or (
        text == text.lower() and not re.match(r"(al|el|ar|as|ash|ad|az)-", low)
    ):
        return True  # all-lowercase "places" are tagging noise
    for n in cfg["non_places"]:
        if low == n or low.startswith(n + " "):
            return True
    if re.search(r"-(?:held|controlled|backed|led|run|besieged|occupied)$", low):
        return True  # "the Daesh-held town of Manbij": who holds the place, not its name
    words = set(re.findall(r"[a-z]+", low))
    return any((" " in w and w in low) or w in words for w in cfg["non_place_words"])


def _pattern_cands(text: str, cfg: dict[str, Any]) -> list[_Cand]:
    data = cfg["data"]
    out: list[_Cand] = []
    for m in cfg["of"].finditer(text):
        spec = data["of_words"][m.group("w")]
        rel = spec.get("relation")
        if spec.get("container") and re.search(rf"{cfg['name_end']}\s*$", text[: m.start("w")]):
            # "Shaar neighbourhood of Aleppo": the name after "of" is the town the named part lies in (a
            # plain town mention); the span starts at the town so "Shaar neighbourhood" keeps its own span
            out.append(
                _Cand(
                    m.start("name"),
                    m.end(),
                    m.start("name"),
                    m.end("name"),
                    None,
                    None,
                    "pattern",
                    container=True,
                )
            )
            continue
        # "in a northern district of Manbij", "the eastern suburbs of X": an unnamed part of a town is
        # placed at the town (its parts are found by their own names, as above)
        kind = None if spec.get("container") else spec.get("kind")
        out.append(_Cand(m.start(), m.end(), m.start("name"), m.end("name"), kind, rel, "pattern"))
    for m in cfg["suffix"].finditer(text):
        spec = data["suffix_words"][m.group("w").lower()]
        ns, ne = _trim_leading(text, m.start("name"), m.end("name"))
        if ns >= ne or _is_acronym(text[ns:ne]):
            continue  # "QSD checkpoint" names an actor's post, not a place
        kind, relation = spec.get("kind"), spec.get("relation")
        if (
            kind is None
            and m.group("w").lower() in data.get("indefinite_settlement_words", ())
            and cfg["indefinite"].search(text, 0, ns)
            and _is_admin1_name(text[ns:ne])
        ):
            # "an Idlib village", "a Hama town": a settlement the text does not name, in that province
            kind, relation = "admin1", "province"
        out.append(_Cand(ns, m.end(), ns, ne, kind, relation, "pattern"))
    for m in cfg["prefix"].finditer(text):
        w = m.group("w").lower()
        spec = data["prefix_words"].get(w, {})
        if spec.get("keep"):
            out.append(
                _Cand(
                    m.start(), m.end(), m.start(), m.end(), spec.get("kind"), spec.get("relation"), "pattern"
                )
            )
        else:
            out.append(
                _Cand(
                    m.start(),
                    m.end(),
                    m.start("name"),
                    m.end("name"),
                    spec.get("kind"),
                    spec.get("relation"),
                    "pattern",
                )
            )
    for m in cfg["article"].finditer(text):
        out.append(
            _Cand(m.start("name"), m.end("name"), m.start("name"), m.end("name"), None, None, "pattern")
        )
    return out


def find_places(sent: Span) -> list[PlaceMention]:
    """Place mentions of a spaCy sentence, in text order, with relation, bare name and kind hint.

    Offsets are character offsets into the Doc text (``Article.text`` when the Doc was made from it).
    """
    cfg = _config()
    text = sent.text
    base = sent.start_char
    cands = _pattern_cands(text, cfg)
    ents = sent.ents  # a Span's ents are searched among the whole Doc's: once per sentence
    for ent in ents:
        if ent.label_ not in cfg["labels"]:
            continue
        s, e = ent.start_char - base, ent.end_char - base
        # "the Raqqa" -> "Raqqa"; "Aleppo's" -> "Aleppo"
        while text[s:e].lower().startswith("the "):
            s += 4
        if text[s:e].endswith(("'s", "’s")):
            e -= 2
        s, e = _trim_leading(text, s, e)
        dash = text.find(" - ", s, e)
        if dash > s:
            e = dash  # "Homs - Bayada" (a town, then its quarter, as coders write them): the town
        if s >= e:
            continue
        cands.append(_Cand(s, e, s, e, None, None, "ent"))
    # capitalised names after a preposition that the model left untagged ("in Kafr Shams")
    blocked = [
        (e.start_char - base, e.end_char - base)
        for e in ents
        # the small model calls "Aleppo" a nationality now and then: a province name is never one
        if e.label_ in cfg["non_place_labels"] and not (e.label_ == "NORP" and _is_admin1_name(e.text))
    ]
    for m in cfg["fallback"].finditer(text):
        s, e = _trim_leading(text, m.start("name"), m.end("name"))
        name = text[s:e]
        if s >= e or _is_acronym(name) or name.split()[0].lower() in _STOP_LEADING:
            continue  # acronyms (QSD, HTS, IS) are actors
        if _overlaps(s, e, blocked):
            continue
        cands.append(_Cand(s, e, s, e, None, None, "fallback"))

    # the model often stops a name at its inner article ("Deir" of "Deir ez Zor"): the capitalised
    # name that goes on through the article is the mention
    ents = [c for c in cands if c.source == "ent"]
    for c in cands:
        if c.source == "fallback" and any(
            e.start == c.start and e.end < c.end and cfg["inner_article"].match(text, e.end) for e in ents
        ):
            c.source = "ent"
    for m in cfg["verb_object"].finditer(text):
        s, e = m.start("name"), m.end("name")
        if _is_known_big_place(text[s:e]) and not _overlaps(s, e, blocked):
            cands.append(_Cand(s, e, s, e, None, None, "fallback"))
    for c in cands:
        # "western Aleppo Saturday": the day written after a place is no part of its name
        end = _trim_trailing_day(text, c.name_start, c.name_end)
        if end < c.name_end:
            c.end = end if c.end == c.name_end else c.end
            c.name_end = end
    # keep the longest pattern span first, then entities that do not overlap a kept span
    priority = {"pattern": 0, "ent": 1, "fallback": 2}
    cands.sort(key=lambda c: (priority[c.source], -(c.end - c.start), c.start))
    kept: list[_Cand] = []
    for c in cands:
        if any(c.start < k.end and k.start < c.end for k in kept):
            continue
        if _is_non_place(text[c.name_start : c.name_end], cfg):
            continue
        kept.append(c)
    kept.sort(key=lambda c: c.start)

    out: list[PlaceMention] = []
    prev: _Cand | None = None
    for c in kept:
        relation, is_event = _relation(text, c, cfg)
        if relation is None and prev is not None and out:
            # "in Raqqa and Tabqa", "in Raqqa, Tabqa": a coordinated place shares the relation
            between = text[prev.end : c.start]
            if re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", between):
                relation, is_event = out[-1].relation, out[-1].is_event_location
        after = text[c.end : c.end + 8].lower()
        if any(after.startswith(sfx) for sfx in cfg["data"]["non_event_suffixes"]):
            is_event = False
            relation = relation or "based"
        if c.relation and is_event:
            relation = c.relation if relation in (None, "in") or c.relation != "area" else relation
        kind = c.kind
        if kind is None and prev is not None and c.start == c.name_start and c.end == c.name_end:
            # "Maar Hattat in Idleb", "Mahjeh, Dara": a bare admin1 name right after another place is
            # the province that contains it, not the provincial capital
            between = text[prev.end : c.start]
            # ... unless the place before is a part of a town ("Shaar neighbourhood of Aleppo"): then the
            # name is that town
            if (
                prev.kind != "neighbourhood"
                and not c.container
                and re.fullmatch(r"\s*(?:,|in|of|in the|,\s*in)\s*", between)
                and _is_admin1_name(text[c.start : c.end])
            ):
                kind, relation = "admin1", "province"
        out.append(
            PlaceMention(
                text=text[c.start : c.end],
                start=base + c.start,
                end=base + c.end,
                relation=relation,
                is_event_location=is_event,
                name=text[c.name_start : c.name_end],
                kind=kind,
            )
        )
        prev = c
    return out


@functools.lru_cache(maxsize=1)
def _admin1_keys() -> frozenset[str]:
    from .gazetteer import admin1_table

    return frozenset(k for _, k in admin1_table()["by_key"])


def _is_known_big_place(name: str) -> bool:
    """A province name or a city of 100,000 people or more (see ``major_city_keys``)."""
    from .gazetteer import major_city_keys
    from .normalize import exact_key

    return _is_admin1_name(name) or exact_key(name) in major_city_keys()


def names_a_side(doc: Doc, place: PlaceMention) -> bool:
    """Whether ``place`` (offsets into ``doc``) names a party rather than a place: the subject of a verb
    of ``side_verbs`` ("Damascus denies carrying out the attack") or the modifier of a noun of
    ``side_nouns`` ("defended its Damascus ally"), with no word of place (``place.relation`` is None)."""
    if place.relation is not None:
        return False
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    cfg = _config()
    root = span.root
    lemma = root.head.lemma_.lower()
    if root.dep_ in ("nsubj", "nsubjpass") and lemma in cfg["side_verbs"]:
        return True
    return root.dep_ in ("compound", "poss", "amod", "nmod") and lemma in cfg["side_nouns"]


def _is_admin1_name(name: str) -> bool:
    from .normalize import alias_key

    return alias_key(name) in _admin1_keys()


def _relation(text: str, c: _Cand, cfg: dict[str, Any]) -> tuple[str | None, bool]:
    before = text[max(0, c.start - 60) : c.start]
    for rx, rel, event in cfg["relations"]:
        m = rx.search(before)
        if m:
            if "DIR" in rel and m.groupdict().get("dir"):
                rel = rel.replace("DIR", m.group("dir").lower())
            return rel, bool(event)
    return None, True
