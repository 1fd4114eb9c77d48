"""Figures: the numbers a sentence reports about violence and its effects, and ACLED's fatality count.

:func:`find_figures` reads every number expression of a sentence ("at least 21", "between 10 and 15",
"two hundred", "a dozen", "dozens of", "a young man"), drops numbers that are not counts (years, dates,
times, ages, unit names such as "Division 30", distances, money, percentages, "one of the"), and decides
from the dependency parse what the number counts: its own noun ("3 fatalities", "12 air strikes"), a
participle or adjective attached to it ("21 civilians killed", "5 dead"), or the verb or nominal that
governs it ("killing 8", "the killing of 22 fighters", "were reported killed", "the death toll rose to
33"). Lexicons live in ``data/figures.yml``.

:func:`fatalities` turns the killed figures of one event into ACLED's (best, low, high) count.

Vague quantities follow ACLED's coding convention (``data/figures.yml``): "several"/"many"/"a number
of" = 10, "dozens" = 12, "tens" = 10, "scores" = 20, "hundreds" = 100, "thousands" = 1000, "a few" = 3.
``up to N`` and ``more than N`` keep ``N`` as value, low and high (the conservative reading); only
ranges ("10 to 15", "between 10 and 15", "10-15") have ``low < high`` (value = low).
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Span, Token

from ..records import Figure
from .attribution import find_claimant

log = logging.getLogger(__name__)

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")
_MONTHS = {
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul",
    "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec",
    "december",
}  # fmt: skip
# Dependency labels by which a number (or "a") modifies the noun it counts.
_MODIFIER_DEPS = {"nummod", "quantmod", "compound", "amod", "nmod", "det", "npadvmod", "advmod"}
# Dependents of a counted noun that can carry what it counts ("21 civilians killed", "a dozen wounded").
_ATTRIBUTE_DEPS = {"amod", "acl", "relcl", "appos", "xcomp", "oprd", "acomp", "ccomp"}
# Dependents of a light verb that can carry the count ("left 5 dead", "the death toll rose to 33").
_LIGHT_DEPS = {"xcomp", "ccomp", "oprd", "acomp", "attr", "dobj", "nsubj", "nsubjpass", "conj", "advcl"}
# (preposition, verb) pairs whose object is the group a count belongs to or what it suffered.
_GROUP_PREPS = {("among", "be"), ("from", "suffer")}
# Prepositions through which a count reaches the word that says what it counts.
_PASS_PREPS = {"of", "including", "among", "to", "at", "as", "incl", "incl."}


@dataclass(frozen=True, slots=True)
class _Lexicon:
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    fractions: dict[str, float]
    vague: dict[tuple[str, ...], int]
    #: the keys of ``vague`` by their first word, longest first (looked up at every token)
    vague_by_first: dict[str, list[tuple[str, ...]]]
    vague_need_of: frozenset[str]
    vague_need_predicate: frozenset[str]
    qualifiers: dict[tuple[str, ...], str]
    range_joiners: frozenset[str]
    count_words: dict[str, str]
    light_verbs: frozenset[str]
    fighters: frozenset[str]
    people: frozenset[str]
    things: frozenset[str]
    damage_words: frozenset[str]
    generic_subjects: frozenset[str]
    unit_nouns: frozenset[str]
    unit_names: frozenset[str]
    age_words: frozenset[str]
    attempt_verbs: frozenset[str]
    subset_cues: tuple[tuple[str, ...], ...]


def _words(items: list[Any]) -> frozenset[str]:
    return frozenset(str(x).lower() for x in items)


@functools.cache
def _lexicon() -> _Lexicon:
    """Load ``data/figures.yml`` once."""
    text = resources.files("sitrep.data").joinpath("figures.yml").read_text(encoding="utf-8")
    d = yaml.safe_load(text)
    count_words: dict[str, str] = {}
    for kind, words in d["count_words"].items():
        for w in words:
            count_words.setdefault(str(w).lower(), kind)
    vague = {tuple(k.split()): int(v) for k, v in d["vague"].items()}
    vague_by_first: dict[str, list[tuple[str, ...]]] = {}
    for key in sorted(vague, key=len, reverse=True):
        vague_by_first.setdefault(key[0], []).append(key)
    return _Lexicon(
        units={k: int(v) for k, v in d["units"].items()},
        tens={k: int(v) for k, v in d["tens"].items()},
        scales={k: int(v) for k, v in d["scales"].items()},
        fractions={k: float(v) for k, v in d.get("fractions", {}).items()},
        vague=vague,
        vague_by_first=vague_by_first,
        vague_need_of=_words(d["vague_need_of"]),
        vague_need_predicate=_words(d["vague_need_predicate"]),
        qualifiers={
            tuple(k.split()): v for k, v in sorted(d["qualifiers"].items(), key=lambda kv: -len(kv[0]))
        },
        range_joiners=_words(d["range_joiners"]),
        count_words=count_words,
        light_verbs=_words(d["light_verbs"]),
        fighters=_words(d["fighters"]),
        people=_words(d["people"]),
        things=_words(d["things"]),
        damage_words=_words(d["damage_words"]),
        generic_subjects=_words(d["generic_subjects"]),
        unit_nouns=_words(d["unit_nouns"]),
        unit_names=_words(d["unit_names"]),
        age_words=_words(d["age_words"]),
        attempt_verbs=_words(d["attempt_verbs"]),
        subset_cues=tuple(tuple(str(c).lower().split()) for c in d["subset_cues"]),
    )


# --------------------------------------------------------------------------------------------------
# number expressions


@dataclass(slots=True)
class _Expr:
    start: int  # token index of the first token of the expression (qualifier included)
    end: int  # token index after the last token
    nums: list[int]  # token indices of the number words themselves
    value: int
    low: int
    high: int
    qualifier: str
    vague_key: str | None = None  # the vague word ("dozens") when qualifier == "vague"
    article: bool = False  # "a young man" counted as 1
    noun: int | None = None  # for an article: the person noun it counts


def _is_word_number(low: str, lex: _Lexicon) -> bool:
    if low in lex.units or low in lex.tens or low in lex.scales:
        return True
    parts = low.split("-")
    return len(parts) == 2 and parts[0] in lex.tens and parts[1] in lex.units


def _is_number(tok: Token, lex: _Lexicon) -> bool:
    return bool(_DIGITS.match(tok.text)) or _is_word_number(tok.lower_, lex)


def _parse_value(words: list[str], lex: _Lexicon) -> int | None:
    """Value of consecutive number words/digits: "two hundred and fifty", "twenty-one", "1,200", "a dozen"."""
    total, current, seen = 0, 0, False
    for raw in words:
        w = raw.lower()
        if w in ("and", "-", "a", "an"):
            continue
        if _DIGITS.match(w):
            current += int(w.replace(",", ""))
            seen = True
        elif w in lex.units or w in lex.tens:
            current += lex.units.get(w, 0) + lex.tens.get(w, 0)
            seen = True
        elif "-" in w and _is_word_number(w, lex):
            a, b = w.split("-")
            current += lex.tens[a] + lex.units[b]
            seen = True
        elif w in lex.scales:
            scale = lex.scales[w]
            if scale >= 1000:
                total += max(current, 1) * scale
                current = 0
            else:
                current = max(current, 1) * scale
            seen = True
        else:
            return None
    return total + current if seen else None


def _number_run(sent: Span, i: int, lex: _Lexicon) -> int:
    """Index after the run of number tokens starting at doc index ``i``."""
    doc, end = sent.doc, sent.end
    j = i
    while j + 1 < end:
        cur, nxt = doc[j], doc[j + 1]
        cur_word = not _DIGITS.match(cur.text)
        if _is_number(nxt, lex) and ((cur_word and not _DIGITS.match(nxt.text)) or nxt.lower_ in lex.scales):
            # "two hundred", "twenty one", "2 million"; never two digit tokens in a row
            j += 1
        elif nxt.text == "-" and j + 2 < end and cur.lower_ in lex.tens and doc[j + 2].lower_ in lex.units:
            j += 2  # "twenty - one"
        elif (
            nxt.lower_ == "and"
            and j + 2 < end
            and cur.lower_ in ("hundred", "thousand")
            and _is_word_number(doc[j + 2].lower_, lex)
        ):
            j += 2  # "two hundred and fifty"
        else:
            break
    return j + 1


def _fraction_before(sent: Span, start: int, value: int, lex: _Lexicon) -> tuple[int, int]:
    """ "a quarter of | half | a third of" before "a million" (at ``start``): the fraction's start and value."""
    doc = sent.doc
    j = start - 1
    if j >= sent.start and doc[j].lower_ == "of":
        j -= 1
    if j < sent.start or doc[j].lower_ not in lex.fractions:
        return start, value
    fraction = lex.fractions[doc[j].lower_]
    if j - 1 >= sent.start and doc[j - 1].lower_ in ("a", "an", "one"):
        j -= 1
    return j, round(value * fraction)


def _qualifier_before(sent: Span, i: int, lex: _Lexicon) -> tuple[str, int]:
    """The qualifier written right before doc index ``i`` and the index where it starts."""
    doc = sent.doc
    for phrase, qual in lex.qualifiers.items():
        n = len(phrase)
        if i - n < sent.start:
            continue
        if tuple(t.lower_ for t in doc[i - n : i]) == phrase:
            return qual, i - n
        if (
            i - n - 1 >= sent.start
            and doc[i - 1].lower_ == "at"
            and tuple(t.lower_ for t in doc[i - n - 1 : i - 1]) == phrase
        ):
            return qual, i - n - 1  # "put the toll at least at 85"
    return "exact", i


def _second_number(sent: Span, j: int, lex: _Lexicon) -> int | None:
    """Where the second number of a range starts when doc index ``j`` (after the joiner) begins it,
    maybe after a qualifier of its own ("500 to well over 1000", "10 to about 15"); else None."""
    doc = sent.doc
    if j < sent.end and doc[j].lower_ == "well":
        j += 1
    if j < sent.end and _is_number(doc[j], lex):
        return j
    for phrase in lex.qualifiers:
        n = len(phrase)
        if (
            j + n < sent.end
            and tuple(t.lower_ for t in doc[j : j + n]) == phrase
            and _is_number(doc[j + n], lex)
        ):
            return j + n
    return None


def _vague_at(sent: Span, i: int, lex: _Lexicon) -> tuple[tuple[str, ...], int] | None:
    doc = sent.doc
    for key in lex.vague_by_first.get(doc[i].lower_, ()):
        n = len(key)
        if i + n <= sent.end and tuple(t.lower_ for t in doc[i : i + n]) == key:
            return key, n
    return None


def _scan(sent: Span, lex: _Lexicon) -> list[_Expr]:
    """Every number expression of the sentence (numbers that are names or measures are kept here and
    dropped later, once their noun is known)."""
    doc = sent.doc
    out: list[_Expr] = []
    i = sent.start
    while i < sent.end:
        tok = doc[i]
        vague = _vague_at(sent, i, lex)
        if vague and not (tok.lower_ in lex.scales and i > sent.start and doc[i - 1].lower_ in ("a", "an")):
            key, n = vague
            end = i + n
            value = lex.vague[key]
            keystr = " ".join(key)
            has_of = end < sent.end and doc[end].lower_ == "of"
            if not has_of and end + 1 < sent.end and doc[end].is_quote and doc[end + 1].lower_ == "of":
                # '"tens" of people': the quotes a quoted vague word keeps
                end += 1
                has_of = True
            if keystr in lex.vague_need_of and not has_of and not keystr.endswith("of"):
                i += 1
                continue
            # "several hundred", "a few thousand": at least the scale ("hundreds")
            if (
                end < sent.end
                and doc[end].lower_ in ("hundred", "thousand")
                and keystr in lex.vague_need_predicate
            ):
                value = lex.scales[doc[end].lower_]
                end += 1
                has_of = end < sent.end and doc[end].lower_ == "of"
            # "tens of thousands", "hundreds of thousands": the second word multiplies
            if has_of and end + 1 < sent.end and doc[end + 1].lower_ in ("thousands", "millions", "hundreds"):
                value *= lex.vague[(doc[end + 1].lower_,)]
                end += 2
            nums = list(range(i, end))
            if keystr.endswith("of"):
                nums = [i + n - 2]  # "a number of": the noun "number"
            out.append(_Expr(i, end, nums, value, value, value, "vague", vague_key=keystr))
            i = end
            continue
        if _is_number(tok, lex):
            run_end = _number_run(sent, i, lex)
            start = (
                i - 1
                if i > sent.start and doc[i - 1].lower_ in ("a", "an") and tok.lower_ in lex.scales
                else i
            )
            words = [t.text for t in doc[start:run_end]]
            value = _parse_value(words, lex)
            if value is None:
                i = run_end
                continue
            if start < i:
                start, value = _fraction_before(sent, start, value, lex)
            nums = list(range(i, run_end))
            low = high = value
            qual, qstart = _qualifier_before(sent, start, lex)
            end = run_end
            # ranges: "10 to 15", "10-15", "two or three", "between 10 and 15"
            second_at = (
                _second_number(sent, end + 1, lex)
                if end + 1 < sent.end and doc[end].lower_ in lex.range_joiners
                else None
            )
            if second_at is not None:
                end2 = _number_run(sent, second_at, lex)
                second = _parse_value([t.text for t in doc[second_at:end2]], lex)
                if second is not None and second > value:
                    high, nums, end = second, nums + list(range(second_at, end2)), end2
                    qual = "range"
                    if start > sent.start and doc[start - 1].lower_ == "from" and qstart == start:
                        qstart = start - 1  # "from 500 to well over 1000"
            elif (
                start > sent.start
                and doc[start - 1].lower_ == "between"
                and end + 1 < sent.end
                and doc[end].lower_ == "and"
                and _is_number(doc[end + 1], lex)
            ):
                end2 = _number_run(sent, end + 1, lex)
                second = _parse_value([t.text for t in doc[end + 1 : end2]], lex)
                if second is not None and second > value:
                    high, nums, end = second, nums + list(range(end + 1, end2)), end2
                    qual, qstart = "range", start - 1
            out.append(_Expr(qstart, end, nums, value, low, high, qual))
            i = end
            continue
        # "a young man", "an IS fighter": one person (kept only if a violence word governs it)
        if tok.lower_ in ("he", "she", "him", "her") and tok.dep_ in ("nsubj", "nsubjpass", "dobj"):
            # one person: "killing him", "he died of his wounds" (no subject: a total of 1)
            out.append(_Expr(i, i + 1, [i], 1, 1, 1, "exact", article=True, noun=i))
        if tok.lower_ in ("a", "an", "the", "another") and tok.dep_ == "det" and tok.head.i > i:
            noun = _article_noun(sent, tok, lex)
            if noun is not None and (
                tok.lower_ != "the"
                or (noun.dep_ in ("dobj", "nsubjpass") and _person_noun(noun, lex, body=False))
            ):
                out.append(_Expr(i, i + 1, [i], 1, 1, 1, "exact", article=True, noun=noun.i))
        i += 1
    return out


def _person_noun(tok: Token, lex: _Lexicon, plural: bool = False, body: bool = True) -> bool:
    """A singular noun for a person (or, with ``body``, a dead body: "a soldier's body" counts one)."""
    if tok.tag_ not in ("NN", "NNP") and not (plural and tok.tag_ in ("NNS", "NNPS")):
        return False
    low = tok.lower_
    return low in lex.people or low in lex.fighters or (body and low in ("body", "corpse"))


def _article_noun(sent: Span, det: Token, lex: _Lexicon) -> Token | None:
    """The person a singular article counts: "a young man", "a regime State Security member" (the
    parser may make "regime" the head and "member" its apposition), "a QSD member's body"."""
    head = det.head
    if any(t.like_num and t.ent_type_ != "ORDINAL" for t in det.doc[det.i + 1 : head.i]):
        return None  # "as a result 1 fighter was killed": the number counts, not the article
    if _person_noun(head, lex):
        return head
    for c in head.children:
        if c.dep_ in ("appos", "compound") and _person_noun(c, lex):
            return c
    # the article hangs on a modifier: "a regime 4th Armored Division member", "a regime's fighter"
    # (but not "as a result 1 fighter": no number in between)
    if (
        head.dep_ in ("compound", "amod", "nmod", "npadvmod", "poss")
        and _person_noun(head.head, lex)
        and not any(t.like_num and t.ent_type_ != "ORDINAL" for t in det.doc[det.i + 1 : head.head.i])
    ):
        return head.head
    return None


def _is_not_a_count(sent: Span, e: _Expr, lex: _Lexicon) -> bool:
    """Years, dates, times, ages, measures, money, percentages, unit names, ordinals, "one of"."""
    if e.article or e.qualifier == "vague":
        return False
    doc = sent.doc
    first, last = doc[e.nums[0]], doc[e.nums[-1]]
    prev = doc[e.start - 1] if e.start > sent.start else None
    nxt = doc[e.end] if e.end < sent.end else None
    nxt2 = doc[e.end + 1] if e.end + 1 < sent.end else None
    if any(doc[k].ent_type_ in ("MONEY", "PERCENT", "ORDINAL", "TIME") for k in e.nums):
        return True
    # a year: 4 digits 1900-2099, unless people are counted ("2000 people")
    counts_people = nxt is not None and (nxt.lower_ in lex.people or nxt.lower_ in lex.fighters)
    if len(e.nums) == 1 and re.fullmatch(r"(19|20)\d\d", first.text) and not counts_people:
        return True
    # "May 6", "aged 30" -- but "In May more than 60 civilians": a qualifier stands between
    if (
        prev is not None
        and e.start == e.nums[0]
        and (prev.lower_.rstrip(".") in _MONTHS or prev.lower_ in lex.age_words)
    ):
        return True
    if nxt is not None and nxt.lower_.rstrip(".") in _MONTHS:
        return True
    if nxt is not None and nxt.lower_ == "of" and nxt2 is not None and nxt2.lower_.rstrip(".") in _MONTHS:
        return True
    if nxt is not None and (nxt.lower_ in lex.unit_nouns or nxt.lemma_.lower() in lex.unit_nouns):
        return True
    if nxt is not None and nxt.text in ("-", "–") and nxt2 is not None and nxt2.lower_ in lex.unit_nouns:
        return True  # "a 12-year-old", "a 2-km"
    if (
        nxt is not None
        and nxt.text in ("%", ":", "/", "$", ".")
        and (nxt.text != "." or (nxt2 is not None and nxt2.like_num))
    ):
        return True  # "30%", "5:30", "1/2", "2.5"
    if prev is not None and prev.text in ("$", "£", "€", "#", "No.", ":", "/"):
        return True
    # unit and place names: "Division 30", "Regiment 46", "17 Division", "Route 4"
    if prev is not None and prev.is_title and prev.lower_ in lex.unit_names and e.start == e.nums[0]:
        return True
    if (
        nxt is not None
        and nxt.is_title
        and (
            nxt.lower_ in lex.unit_names
            or (nxt2 is not None and nxt2.is_title and nxt2.lower_ in lex.unit_names)
        )
        and not _counts_members(sent, e.end + (1 if nxt.lower_ in lex.unit_names else 2), lex)
    ):
        return True  # "17 Division", and with a qualifier: "a 52 Armored Brigade soldier"
    # "one of the", "one of them": a member of a group, not a count (spec: not a figure)
    if first.lower_ == "one" and len(e.nums) == 1 and nxt is not None and nxt.lower_ == "of":
        return True
    # "one" as a pronoun ("the one who"), and numbers written as labels ("No 3")
    # ("and one in the village" after a toll is a count: conj)
    return first.lower_ == "one" and last.dep_ not in ("nummod", "dobj", "nsubj", "nsubjpass", "pobj", "conj")


def _counts_members(sent: Span, k: int, lex: _Lexicon) -> bool:
    """Whether doc index ``k`` (right after a unit's name) is a plural noun of people: "49 Nusra Front
    militants" counts militants; "a 52 Armored Brigade soldier" is one soldier of the 52nd."""
    if k >= sent.end:
        return False
    tok = sent.doc[k]
    return tok.tag_ in ("NNS", "NNPS") and (tok.lower_ in lex.fighters or tok.lower_ in lex.people)


# --------------------------------------------------------------------------------------------------
# what a number counts


def _kind(tok: Token, lex: _Lexicon) -> str | None:
    """The count kind a single word signals ("killed", "fatalities" -> killed), or None."""
    for form in (tok.lower_, tok.lemma_.lower()):
        kind = lex.count_words.get(form)
        if kind:
            return kind
    return None


def _noun_kind(tok: Token, lex: _Lexicon) -> str | None:
    kind = _kind(tok, lex)
    if kind:
        return kind
    # "air strikes", "barrel bombs", "death toll": compound + noun
    for c in tok.lefts:
        if c.dep_ == "compound":
            kind = lex.count_words.get(f"{c.lower_} {tok.lemma_.lower()}") or lex.count_words.get(
                f"{c.lower_} {tok.lower_}"
            )
            if kind:
                return kind
    return None


def _own_argument(tok: Token) -> bool:
    return any(
        c.dep_ in ("dobj", "nsubjpass") or (c.dep_ == "prep" and c.lower_ == "of") for c in tok.children
    )


def _has_object(verb: Token) -> bool:
    """A verb used transitively (its subject is the agent): "gunmen killed a member"."""
    if verb.pos_ not in ("VERB",):
        return False
    if any(c.dep_ == "dobj" for c in verb.children):
        return True
    return any(c.dep_ == "conj" and any(g.dep_ == "dobj" for g in c.children) for c in verb.children)


def _pred_kind(tok: Token, lex: _Lexicon) -> str | None:
    """What a predicate counts, coordination included: "shot and killed" -> killed; "killed and
    wounded 10" / "the killing and wounding of 10" -> injured (killed and injured mixed are casualties,
    counted as injured like "casualties": never a fatality count); "killing 8 and wounding 20" keeps
    each verb's own kind."""
    kind = _noun_kind(tok, lex) if tok.pos_ in ("NOUN", "PROPN") else _kind(tok, lex)
    # only directly coordinated words mix ("killed and wounded", "the killing and wounding of")
    partners = [
        c
        for c in tok.children
        if c.dep_ == "conj" and c.pos_ == tok.pos_ and c.i - tok.i <= 2 and not _own_argument(c)
    ]
    if (
        tok.dep_ == "conj"
        and tok.head.pos_ == tok.pos_
        and tok.i - tok.head.i <= 2
        and not (_own_argument(tok) and _own_argument(tok.head))
    ):
        partners.append(tok.head)
    partner_kinds = {_kind(p, lex) for p in partners} - {None}
    if kind is None:
        return next(iter(sorted(partner_kinds)), None)
    if kind in ("killed", "injured") and partner_kinds & ({"killed", "injured"} - {kind}):
        return "injured"
    return kind


def _mixed(tok: Token, kind: str | None, lex: _Lexicon) -> str | None:
    """``kind`` of a participle or adjective, or "injured" when it is coordinated with a word of the other
    casualty kind ("dozens of dead and wounded", "were left killed and injured": casualties)."""
    if kind not in ("killed", "injured"):
        return kind
    partners = [c for c in tok.children if c.dep_ == "conj"]
    if tok.dep_ == "conj":
        partners.append(tok.head)
    other = {"killed", "injured"} - {kind}
    if any(_kind(p, lex) in other for p in partners if abs(p.i - tok.i) <= 2):
        return "injured"
    return kind


def _attachment(sent: Span, e: _Expr) -> Token:
    doc = sent.doc
    toks = [doc[k] for k in e.nums]
    inside = set(e.nums)
    outer = [t for t in toks if t.head.i not in inside or t.head == t]
    for t in outer:
        if t.dep_ in ("nummod", "det"):
            return t
    return outer[0] if outer else toks[-1]


def _noun_after(sent: Span, e: _Expr, lex: _Lexicon) -> Token | None:
    """A counted noun right after the number that the parser did not attach to it ("300 IS fighters"
    parsed with "IS" as a verb): up to three name-like tokens, then a known person or count noun."""
    doc = sent.doc
    for k in range(e.end, min(e.end + 4, sent.end)):
        tok = doc[k]
        low, lemma = tok.lower_, tok.lemma_.lower()
        if tok.pos_ in ("NOUN", "ADJ") and (
            low in lex.fighters
            or low in lex.people
            or lemma in lex.fighters
            or lemma in lex.people
            or _kind(tok, lex)
        ):
            return tok
        if not (tok.pos_ in ("PROPN", "ADJ") or tok.text in ("IS", "-") or tok.dep_ == "compound"):
            return None
    return None


def _of_object(tok: Token) -> Token | None:
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


@dataclass(slots=True)
class _Reading:
    counted: Token | None  # the noun counted ("civilians"), None for a bare number ("killing 8")
    np: Token  # the head of the noun phrase the number is part of
    kind: str | None  # from a violence word
    subset: bool
    partitive: bool


def _read(sent: Span, e: _Expr, lex: _Lexicon) -> _Reading | None:
    attach = _attachment(sent, e)
    counted: Token | None = None
    np = attach
    partitive = False
    head = attach.head
    if e.article and e.noun is not None:
        counted = sent.doc[e.noun]
        np = counted if e.noun == e.start else head
    elif (
        attach.dep_ in _MODIFIER_DEPS
        and head != attach
        and head.pos_ in ("NOUN", "PROPN", "ADJ", "VERB", "NUM")
    ):
        if head.i < attach.i:
            # "Division 30", "Tabni 4": a number after its noun is a label, not a count -- except after
            # a count noun ("Total fatalities 27", "death toll 33")
            if _noun_kind(head, lex) == "killed" and head.pos_ == "NOUN":
                counted = np = head
            elif head.pos_ == "PROPN" or attach.dep_ == "nummod":
                return None
        else:
            counted = np = head
    if counted is None:
        obj = _of_object(attach)
        if obj is not None:
            counted = obj
            # "10 of them", "two of the fatalities": a part of a group; "dozens of fighters" is not
            det = {c.lower_ for c in obj.children if c.dep_ in ("det", "poss")}
            partitive = e.qualifier != "vague" and (
                obj.pos_ == "PRON" or bool(det & {"the", "these", "those", "their", "its"})
            )
    if counted is None and attach.dep_ not in ("pobj", "dobj", "conj"):
        counted = _noun_after(sent, e, lex)
        if counted is not None:
            np = counted
    if counted is not None:
        if counted.lower_ in lex.unit_nouns or counted.lemma_.lower() in lex.unit_nouns:
            return None
        known = counted.lower_ in lex.fighters or counted.lower_ in lex.people or _noun_kind(counted, lex)
        # "3 Ma'aratah": a list of places; "2 JWS were killed": a group named by its acronym --
        # kept only when a violence verb governs it directly
        if counted.pos_ == "PROPN" and not known and not _directly_governed(counted, lex):
            return None
    kind = _noun_kind(counted, lex) if counted is not None else None
    if kind is not None and counted is not None and counted.pos_ == "NOUN":
        kind = _mixed(counted, kind, lex)  # "hundreds of deaths and injuries": casualties
    if kind is None and counted is not None and counted.pos_ == "ADJ":
        kind = _kind(counted, lex)
    # a person noun that also names a status ("IDPs", "detainees", "hostages"): a violence word
    # governing it says what happened to them ("3 IDPs were killed"); the noun is the fallback
    noun_kind = None
    if (
        kind is not None
        and counted is not None
        and (
            counted.lower_ in lex.people
            or counted.lower_ in lex.fighters
            or counted.lemma_.lower() in lex.people
            # plural status nouns: "killed 120 evacuees", "executed 15 hostages"
            or (kind in ("displaced", "arrested", "missing") and counted.tag_ in ("NNS", "NNPS"))
        )
    ):
        noun_kind, kind = kind, None
    if e.article and (
        np.dep_ == "attr"
        or (np.dep_ == "appos" and _person_noun(np.head, lex))
        or (
            np.dep_ == "pobj"
            and np.head.lower_ == "of"
            and _person_noun(np.head.head, lex, plural=True, body=False)
        )
    ):
        # "the victim was a former rebel", "a member, previously a commander", "a member of a rebel
        # faction": the same person again, or a group -- not a second person
        return None
    # a participle or adjective on the noun: "21 civilians killed", "a dozen wounded", "who died"
    participle_kind: str | None = None
    if kind is None:
        # the counted noun first, then the number's head: a fixed order (a set of tokens iterates in an
        # order that changes from run to run)
        for holder in dict.fromkeys(h for h in (counted, np) if h is not None):
            for c in holder.children:
                if c.dep_ in _ATTRIBUTE_DEPS and c.i > e.end - 1:
                    kind = _mixed(c, _kind(c, lex), lex)
                    if kind not in (None, "killed", "injured") and c.tag_ == "VBG":
                        # "three children fleeing the fighting": what they were doing; a violence word
                        # governing the phrase ("killed 14 people, including three children fleeing")
                        # says what happened to them, the participle is the fallback
                        participle_kind = participle_kind or kind
                        kind = None
                        continue
                    if kind is None and (c.dep_ == "relcl" or c.lemma_.lower() in lex.light_verbs):
                        # "who were killed", "reported killed", "found dead"
                        kind = next(
                            (
                                _kind(g, lex)
                                for g in c.children
                                if _kind(g, lex) and g.dep_ not in ("nsubj", "nsubjpass", "dobj")
                            ),
                            None,
                        )
                    if kind:
                        break
            if kind:
                break
    subset = any(
        a.lower_ in ("including", "include", "includes", "included") for a in _ancestors_to_clause(np)
    )
    t = np
    for _ in range(8):
        if kind is not None:
            break
        h = t.head
        if h == t:
            break
        if t.dep_ == "pobj":
            # only some prepositions pass a count on: "the killing of N", "including N", "rose to N";
            # not "killed in clashes between 2 families" -- but "killing between 10 and 15 people" is a range
            if h.lower_ not in _PASS_PREPS and not (
                h.lower_ in ("between", "from") and e.qualifier == "range"
            ):
                break
            t = h
            continue
        if t.dep_ in ("prep", "conj", "appos", "poss", "compound", "nmod", "npadvmod") and h.pos_ not in (
            "VERB",
            "AUX",
        ):
            # inside a noun phrase: "the killing of 22 fighters", "a member's body", "civilians, including"
            if h.pos_ in ("NOUN", "PROPN", "ADJ"):
                kind = _pred_kind(h, lex)
            t = h
            continue
        # h governs the phrase as a clause head
        if t.dep_ == "nsubj" and _has_object(h) and _kind(h, lex) != "displaced":
            break  # "2 gunmen shot and killed a member": the number counts the perpetrators
        kind = _pred_kind(h, lex)
        if kind is None and (
            h.lemma_.lower() in lex.light_verbs or h.lower_ in lex.light_verbs or h.pos_ == "AUX"
        ):
            # first what the verb says of the phrase ("left 5 dead", "were reported killed"), then a
            # toll as its subject or object ("the death toll rose to 33", "putting the toll at 70")
            for c in sorted(h.children, key=lambda c: c.dep_ in ("nsubj", "nsubjpass", "dobj")):
                if c != t and c.dep_ == "prep" and (c.lower_, h.lemma_.lower()) in _GROUP_PREPS:
                    # "11 children were among the dead" / "among 22 people killed": the group they belong
                    # to says what they count; "20 others suffered from suffocation": what they suffered
                    obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    k = _noun_kind(obj, lex) if obj is not None else None
                    if k is None and obj is not None:
                        k = next((_kind(g, lex) for g in obj.children if g.dep_ in ("acl", "amod")), None)
                    if k in ("killed", "injured"):
                        kind = k
                        break
                if c == t or c.dep_ not in _LIGHT_DEPS:
                    continue
                k = _mixed(c, _kind(c, lex), lex) or _noun_kind(c, lex)
                if k is None and c.dep_ in ("nsubj", "nsubjpass"):
                    # "Unknown number of fatalities coded as 10"
                    obj = _of_object(c)
                    k = _noun_kind(obj, lex) if obj is not None else None
                if k and c.dep_ in ("nsubj", "nsubjpass", "dobj") and k not in ("killed", "injured"):
                    continue  # "an attack left 2 dead": the attack is not what is counted
                if k:
                    kind = k
                    break
        if kind is None and h.pos_ in ("NOUN", "PROPN"):
            t = h
            continue
        break
    if kind is None:
        kind = noun_kind or participle_kind
    elif _attempted(np, lex):
        kind = None  # "attempted to assassinate 2 rebels": nothing happened to them
    if not subset:
        subset = _subset_cue_before(sent, e, lex)
    return _Reading(counted, np, kind, subset, partitive)


def _directly_governed(tok: Token, lex: _Lexicon) -> bool:
    """A violence word governs ``tok`` directly: "2 JWS were killed", "the killing of 5 HTS and rebel
    fighters", "killed 3 YPG"."""
    if any(c.dep_ == "conj" and (c.lower_ in lex.fighters or c.lower_ in lex.people) for c in tok.children):
        return True
    if tok.dep_ in ("nsubjpass", "dobj"):
        return _kind(tok.head, lex) is not None
    if tok.dep_ == "pobj" and tok.head.lower_ == "of":
        return _noun_kind(tok.head.head, lex) is not None
    return False


def _attempted(tok: Token, lex: _Lexicon) -> bool:
    """True when the clause of ``tok`` is only attempted, planned or threatened ("attempted to
    assassinate 2 rebels")."""
    for a in tok.ancestors:
        if a.pos_ not in ("VERB", "AUX"):
            continue
        h = a.head
        attempt_word = h.lemma_.lower() in lex.attempt_verbs or h.lower_ in lex.attempt_verbs
        # "attempted to kill" (xcomp of a verb), "an attempt to kill" (infinitive on the noun)
        if attempt_word and (
            (a.dep_ == "xcomp" and h.pos_ in ("VERB", "AUX"))
            or (a.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in a.children))
        ):
            return True
        if a.dep_ not in ("conj", "xcomp"):
            return False
    return False


def _ancestors_to_clause(tok: Token) -> list[Token]:
    """Ancestors of ``tok`` up to (and including) the first verb that is not a preposition-like
    participle ("including", "according")."""
    out = []
    for a in tok.ancestors:
        out.append(a)
        if a.pos_ in ("VERB", "AUX") and a.dep_ != "prep":
            break
    return out


def _subset_cue_before(sent: Span, e: _Expr, lex: _Lexicon) -> bool:
    doc = sent.doc
    for cue in lex.subset_cues:
        n = len(cue)
        for gap in (0, 1):  # "including three", "including the three"
            s = e.start - n - gap
            if s >= sent.start and tuple(t.lower_ for t in doc[s : s + n]) == cue:
                return True
    # "three of whom", "two of them were children" after another count
    nxt = doc[e.end : min(e.end + 2, sent.end)]
    return len(nxt) == 2 and nxt[0].lower_ == "of" and nxt[1].lower_ in ("whom", "which")


def _subject(sent: Span, e: _Expr, r: _Reading, lex: _Lexicon) -> str | None:
    """Whose figure: the counted noun phrase ("IS fighters", "civilians"), None for generic nouns."""
    c = r.counted
    if c is None or c.pos_ == "PRON":
        return None
    doc = sent.doc
    if c.lower_ in lex.generic_subjects or c.lemma_.lower() in lex.generic_subjects:
        # "2 fatalities among the fighters": whose is in the prepositional phrase
        for p in c.rights:
            if p.dep_ == "prep" and p.lower_ in ("among", "from"):
                obj = next((g for g in p.children if g.dep_ == "pobj"), None)
                if obj is not None and obj.lower_ not in lex.generic_subjects:
                    return _phrase(doc, obj, lex)
        return None
    between = doc[e.end : c.i]
    if c.i >= e.end and not any(
        t.is_punct or t.pos_ in ("VERB", "AUX", "CCONJ") and t.text != "IS" for t in between
    ):
        # the words between the number and its noun are its modifiers ("300 IS fighters",
        # "dozens of regime soldiers")
        words = list(doc[e.end : c.i + 1])
        while len(words) > 1 and words[0].lower_ in ("of", "the", "these", "those", "their", "its"):
            words = words[1:]
        text = doc[words[0].i : c.i + 1].text
        obj = _of_object(c)
        if obj is not None and obj.pos_ in ("PROPN", "NOUN") and obj.lower_ not in lex.generic_subjects:
            text = f"{text} of {_phrase(doc, obj, lex)}"
        return text
    start = c.i
    for left in c.lefts:
        if left.i < e.end or left.dep_ in ("det", "nummod", "quantmod", "predet", "punct", "poss", "case"):
            continue
        start = min(start, left.left_edge.i)
    start = max(start, e.end)
    text = doc[start : c.i + 1].text
    obj = _of_object(c)
    if obj is not None and obj.pos_ in ("PROPN", "NOUN") and obj.lower_ not in lex.generic_subjects:
        text = f"{text} of {_phrase(doc, obj, lex)}"
    return text


def _phrase(doc, tok: Token, lex: _Lexicon) -> str:
    start = tok.i
    for left in tok.lefts:
        if left.dep_ in ("det", "punct", "case", "poss", "nummod"):
            continue
        start = min(start, left.left_edge.i)
    return doc[start : tok.i + 1].text


def find_figures(sent: Span, article_id: str) -> list[Figure]:
    """Every number the sentence reports about violence and its effects, as :class:`Figure` records.

    Offsets are character offsets into the Doc text. ``claimed_by`` is :func:`find_claimant` of the
    sentence. Numbers that are not counts (years, dates, ages, unit names, distances, money, ...) and
    counts of nothing violence-related are skipped.
    """
    lex = _lexicon()
    doc = sent.doc
    figures: list[Figure] = []
    claimant: str | None = None
    claimant_done = False
    seen_kinds: list[str] = []
    readings: list[_Reading] = []
    for e in _scan(sent, lex):
        if _is_not_a_count(sent, e, lex):
            continue
        r = _read(sent, e, lex)
        if r is None:
            continue
        kind = r.kind
        if kind == "strikes" and _people_noun(r.counted, lex):
            kind = None  # "shelling six people died": people are never a count of strikes
        if kind in (None, "people", "fighters"):
            # comma-less copy defeats the parser ("In X in the province of Y 16 civilians were killed"):
            # the words written right around the count may still say what befell them
            kind = _adjacent_kind(sent, e, r, lex) or kind
        if kind is None:
            counted = r.counted
            if e.article or (e.vague_key in lex.vague_need_predicate):
                continue
            if counted is None:
                if not (figures and _gapped(sent, e, figures[-1])):
                    continue
                # "Five civilians were killed in the town and one in the village": the verb is understood
                kind = figures[-1].counts
            else:
                low = counted.lower_
                lemma = counted.lemma_.lower()
                if low in lex.fighters or lemma in lex.fighters:
                    kind = "fighters"
                elif low in lex.people or lemma in lex.people:
                    kind = "people"
                elif (low in lex.things or lemma in lex.things) and _governed_by(r.np, lex.damage_words):
                    kind = "other"
                else:
                    continue
        if e.article and kind not in ("killed", "injured", "arrested", "missing", "displaced"):
            continue
        if e.article and figures and _in_open_bracket(doc.text[figures[-1].end : doc[e.start].idx]):
            # "2 women (a nurse and a hospital employee)": the members of a count already made
            continue
        subset = r.subset or (r.partitive and kind in seen_kinds)
        seen_kinds.append(kind)
        readings.append(r)
        if not claimant_done:
            claimant, claimant_done = find_claimant(sent), True
        end = e.end
        if e.article and r.counted is not None:
            end = r.counted.i + 1  # "a young man"
        span = doc[e.start : end]
        figures.append(
            Figure(
                article_id=article_id,
                value=e.value,
                low=e.low,
                high=e.high,
                qualifier=e.qualifier,
                counts=kind,
                subject=_subject(sent, e, r, lex),
                claimed_by=claimant,
                sentence=sent.text,
                sentence_start=sent.start_char,
                sentence_end=sent.end_char,
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                confidence=0.6 if e.qualifier == "vague" or e.article else 0.8,
                is_subset=subset,
            )
        )
    _coordinated_parts(figures, readings, lex)
    _parts_count_as_whole(figures, readings, sent, lex)
    return figures


#: words between a bare count and what befell it ("many more wounded", "five others killed")
_MORE_WORDS = frozenset(["more", "others", "other"])
#: auxiliaries between a counted noun and its passive participle ("were killed", "had been wounded")
_PASSIVE_AUX = frozenset(
    ["was", "were", "are", "is", "been", "have", "has", "had", "be", "being", "reportedly"]
)


def _in_open_bracket(text: str) -> bool:
    """Whether ``text`` opens a bracket it does not close."""
    return text.rfind("(") > text.rfind(")")


def _people_noun(tok: Token | None, lex: _Lexicon) -> bool:
    return tok is not None and (
        tok.lower_ in lex.people or tok.lower_ in lex.fighters or tok.lemma_.lower() in lex.fighters
    )


def _adjacent_kind(sent: Span, e: _Expr, r: _Reading, lex: _Lexicon) -> str | None:
    """What a count of people (or a bare count) is, read from the words right around it when the parse
    does not say:
    a killing verb right before it ("after killing at least 30 members of ..."), or a passive or
    intransitive violence word right after its noun ("16 civilians were killed", "six people died").
    Only killed and injured are read so: a verb with an object after it is the count's own act ("3 rebels
    killed a soldier")."""
    doc = sent.doc
    noun = r.counted
    if noun is not None and not _people_noun(noun, lex):
        return None
    before = doc[e.start - 1] if e.start > sent.start else None
    if (
        before is not None
        and ((before.pos_ == "VERB" and before.tag_ in ("VBG", "VBD")) or before.lower_.endswith("ing"))
        and _kind(before, lex) in _TOLL_KINDS
    ):  # ("killing" tagged a noun after "an attack and killing ...")
        return _kind(before, lex)
    k = noun.i + 1 if noun is not None else e.end
    while noun is None and k < sent.end and doc[k].lower_ in _MORE_WORDS:
        k += 1  # "many more wounded"
    aux = 0
    while k < sent.end and doc[k].lower_ in _PASSIVE_AUX:
        k, aux = k + 1, aux + 1
    if k >= sent.end:
        return None
    verb = doc[k]
    kind = _kind(verb, lex)
    if kind not in _TOLL_KINDS or verb.pos_ not in ("VERB", "ADJ"):
        return None
    nxt = doc[k + 1] if k + 1 < sent.end else None
    takes_object = nxt is not None and (nxt.pos_ in ("DET", "NUM", "PRON", "PROPN") or nxt.pos_ == "NOUN")
    if aux or (verb.tag_ == "VBN" and not takes_object) or verb.lemma_.lower() in ("die", "perish"):
        return kind
    return None


def _gapped(sent: Span, e: _Expr, prev: Figure) -> bool:
    """Whether the bare count ``e`` repeats the toll ``prev`` with its verb left out: "and one in the
    village", "and two near the border" (a conjunction before, a preposition of place after)."""
    doc = sent.doc
    return (
        prev.counts in _TOLL_KINDS
        and e.start > sent.start
        and doc[e.start - 1].lower_ == "and"
        and e.end < sent.end
        and doc[e.end].lower_ in ("in", "at", "near", "around", "outside")
        and doc[e.start - 1].idx >= prev.end
    )


#: what a toll counts, which its parts share
_TOLL_KINDS = frozenset(["killed", "injured"])
#: words that join two counted groups into one toll ("six civilians and five militiamen", "as well as")
_JOINERS = frozenset(["and", "as", "well", "plus", "of"])


def _coordinated_with(prev: Figure, f: Figure, r: _Reading, doc, lex: _Lexicon) -> bool:
    """Whether ``f`` counts people written right after the toll ``prev`` and joined to it ("killing six
    civilians and five militiamen"): between them only ``prev``'s own noun phrase and a joining word."""
    if prev.counts not in _TOLL_KINDS or r.counted is None or r.np.dep_ not in ("conj", "dobj", "appos"):
        # "and 300 fighters remain", "and 20 fighters were captured": a clause of their own
        return False
    if not _people_noun(r.counted, lex):
        return False
    between = doc.char_span(prev.end, f.start, alignment_mode="expand")
    words = [t.lower_ for t in between] if between is not None else []
    if not ({"and", "plus"} & set(words) or "as well as" in " ".join(words)):
        return False
    return all(t.lower_ in _JOINERS or t.pos_ in ("NOUN", "PROPN", "ADJ", "DET", "PUNCT") for t in between)


def _parts_count_as_whole(figures: list[Figure], readings: list[_Reading], sent: Span, lex: _Lexicon) -> None:
    """A part of a toll counts what the toll counts: in "killing 3 civilians including 2 women injuring 15
    others" the parser hangs the part on the nearest verb ("injuring"), and in "claiming eight and
    injuring 14" the bare object of "claiming" is a toll of lives."""
    doc = sent.doc
    for k, (f, r) in enumerate(zip(figures, readings, strict=True)):
        if r.np.dep_ == "dobj" and r.np.head.lemma_.lower() == "claim" and r.counted is None:
            # "claiming eight": the lives are understood ("claimed the lives of 8" is read as such)
            f.counts = "killed"
            continue
        if k and f.counts not in _TOLL_KINDS and _coordinated_with(figures[k - 1], f, r, doc, lex):
            # "killing six civilians and five militiamen the monitor said": the parser may coordinate the
            # second noun with a verb; written right after a toll, joined by "and", it shares the toll
            f.counts = figures[k - 1].counts
            continue
        if not f.is_subset or f.counts == "killed":
            continue
        whole = next((g for g in reversed(figures[:k]) if not g.is_subset and g.end <= f.start), None)
        if whole is None or whole.counts not in _TOLL_KINDS or whole.counts == f.counts:
            continue
        between = doc.char_span(whole.end, f.start, alignment_mode="expand")
        if between is None:
            continue
        words = [t.lower_ for t in between]
        cue = any(
            tuple(words[i : i + len(c)]) == c for c in lex.subset_cues for i in range(len(words) - len(c) + 1)
        )
        # another toll word between the two would make the part its own ("killed 3 and wounded 2, including")
        other = any(lex.count_words.get(t.lemma_.lower()) in _TOLL_KINDS for t in between)
        if cue and not other:
            f.counts = whole.counts


def _coordinated_parts(figures: list[Figure], readings: list[_Reading], lex: _Lexicon) -> None:
    """A generic noun coordinated with another counted noun is a part, not a total ("2 soldiers and 3
    others", "21 people and 250 soldiers"): it gets its noun as subject so that the parts add up."""
    nps = {r.np.i for r in readings}
    for f, r in zip(figures, readings, strict=True):
        if f.subject or r.counted is None or r.counted.pos_ == "PRON":
            continue
        linked = (r.np.dep_ == "conj" and r.np.head.i in nps) or any(
            c.dep_ == "conj" and c.i in nps for c in r.np.children
        )
        if linked:
            f.subject = r.counted.text


def _governed_by(tok: Token, words: frozenset[str]) -> bool:
    for a in tok.ancestors:
        if a.lower_ in words or a.lemma_.lower() in words:
            return True
        if a.pos_ == "VERB":
            return False
    return False


def _subject_key(subject: str) -> str:
    words = [w for w in re.findall(r"[\w'-]+", subject.lower()) if w not in ("the", "a", "an", "of")]
    if words and words[-1].endswith("s") and len(words[-1]) > 3:
        words[-1] = words[-1][:-1]
    return " ".join(words)


@functools.cache
def _default_cap() -> int:
    from ..config import Settings

    return Settings().max_event_fatalities


def fatalities(figures: list[Figure], cap: int | None = None) -> tuple[int, int, int]:
    """ACLED fatalities (best, low, high) of ONE event from its killed figures.

    A figure above ``cap`` (``Settings.max_event_fatalities``) is no toll of one event ("1,000,000,000
    killed" is a typo, a war total or a boast): it stays a figure, traceable to its sentence, but is not
    counted.

    Subsets ("including three children") are ignored. Figures of distinct subjects add up ("killing 3
    SDF members and 2 IS fighters" -> 5); the same subject reported in two sentences counts once (the
    larger figure); the same subject twice in one sentence adds up ("3 civilians in A and 2 civilians in
    B"). A total with no subject ("N fatalities", "N people") and the parts give max(total, sum of
    parts). Returns ``(0, 0, 0)`` when there is no killed figure.
    """
    cap = _default_cap() if cap is None else cap
    killed = [f for f in figures if f.counts == "killed" and not f.is_subset and f.high <= cap]
    if not killed:
        return 0, 0, 0
    totals = [f for f in killed if not f.subject]
    by_subject: dict[str, dict[int, list[int]]] = {}
    for f in killed:
        if f.subject:
            per_sentence = by_subject.setdefault(_subject_key(f.subject), {})
            acc = per_sentence.setdefault(f.sentence_start, [0, 0, 0])
            acc[0] += f.value
            acc[1] += f.low
            acc[2] += f.high
    parts = [0, 0, 0]
    for per_sentence in by_subject.values():
        best = max(per_sentence.values(), key=lambda v: v[0])
        for k in range(3):
            parts[k] += best[k]
    result = []
    for k, attr in enumerate(("value", "low", "high")):
        total = max((getattr(f, attr) for f in totals), default=0)
        result.append(max(total, parts[k]))
    best, low, high = result
    return best, min(low, best), max(high, best)
