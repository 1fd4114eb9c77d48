"""Event dates: the date expression of a sentence, resolved against the article's publication date.

A small resolver over regular expressions (no dateparser: sentences carry few, simple expressions):

- explicit dates "2 June 2023", "June 2, 2023", "2023-06-02", "on 2 June" / "June 2" (the year comes from
  ``published``: the latest year that does not put the date after publication) -> method "explicit",
  precision 1 (2 when written "around 2 June 2023" or "(week of)");
- months "in March", "in March 2023", "early June" -> "explicit", precision 3;
- weekdays "on Monday", "late on Monday", "Monday night" -> "weekday", precision 1: the most recent such
  day on or before ``published``. A weekday equal to the publication weekday is the publication day
  itself, whatever the tense: wire copy (AP/AFP/Reuters style) names the weekday even for same-day events
  and writes "last Monday" or "a week ago" for the week before ("last Monday" on a Monday is 7 days
  back). In a future-tense sentence ("will meet on Monday") the next such day (or the same day) is used;
- relative "yesterday", "last night", "overnight" (published - 1), "today", "this morning", "tonight"
  (published), "N days ago" -> "relative", precision 1; "last week" (published - 7), "this week" -> 2;
  "this month", "earlier this month" (the 1st of the month), "last month" -> 3.

When the sentence has several expressions the first wins, except that a month yields to a day or week
and an unresolved expression to a resolved one. Expressions after
"since"/"until" are not event dates. ``published=None`` with only a relative expression gives date None
(never a guess) with ``text`` kept.
"""

from __future__ import annotations

import calendar
import functools
import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Span, Token

from ..records import (
    TIME_PRECISION_DAY,
    TIME_PRECISION_MONTH,
    TIME_PRECISION_WEEK,
    DateResolution,
)

log = logging.getLogger(__name__)

_MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH_NAMES["sept"] = 9
# Capitalised month names only: "may" and "march" are also verbs.
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_AROUND = r"(?P<around>\b(?:[Aa]round|[Aa]bout|[Aa]pproximately)\s+)?"

_RX_DMY = re.compile(
    _AROUND + r"\b" + _DAY + r"(?:\s+of)?\s+" + _MONTH + r"(?:,?\s+" + _YEAR + r")?(?![\w:])"
)
_RX_MDY = re.compile(_AROUND + r"\b" + _MONTH + r"\s+" + _DAY + r"(?!\d|:)(?:,?\s+" + _YEAR + r")?(?![\w:])")
_RX_ISO = re.compile(r"\b" + _YEAR + r"-(?P<month>\d\d)-(?P<day>\d\d)\b")
_RX_MONTH = re.compile(
    r"\b(?P<prefix>(?:in|during|early|late|mid|mid-|since|until|by|throughout|end of|beginning of|start of)"
    r"\s+(?:early\s+|late\s+|mid-)?)?" + _MONTH + r"(?:,?\s+" + _YEAR + r")?\b",
    re.I,
)
_RX_WEEKDAY = re.compile(
    r"\b(?P<mod>(?:last|this|next|past|late|early)\s+(?:on\s+)?)?"
    r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    # the possessive, also as copy that lost its apostrophe ("Saturdays blast"), not a plural ("on
    # Saturdays and Sundays")
    r"(?:'s|’s|s(?=\s+(?!and\b|or\b)[a-z]))?"
    r"(?P<part>\s+(?:night|morning|evening|afternoon))?\b"
)
_RELATIVE: tuple[tuple[re.Pattern[str], int, int, str], ...] = (
    # (pattern, days before publication, precision, kind); kind "month"/"lastmonth" anchor on months
    (re.compile(r"\bearlier\s+(?:this|in\s+the)\s+month\b", re.I), 0, TIME_PRECISION_MONTH, "month"),
    (re.compile(r"\bthis\s+month\b", re.I), 0, TIME_PRECISION_MONTH, "month"),
    (re.compile(r"\blast\s+month\b", re.I), 0, TIME_PRECISION_MONTH, "lastmonth"),
    (re.compile(r"\b(?:earlier\s+)?this\s+week\b", re.I), 0, TIME_PRECISION_WEEK, "day"),
    (re.compile(r"\b(?:last|past)\s+week\b|\ba\s+week\s+ago\b", re.I), 7, TIME_PRECISION_WEEK, "day"),
    (re.compile(r"\b(?:yesterday|last\s+night|overnight)\b", re.I), 1, TIME_PRECISION_DAY, "day"),
    (
        re.compile(r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today)\b", re.I),
        0,
        TIME_PRECISION_DAY,
        "day",
    ),
    (re.compile(r"\b(?P<n>\w+)\s+days\s+ago\b", re.I), -1, TIME_PRECISION_DAY, "ago"),
)
_SMALL = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a": 1, "one": 1, "several": -1, "few": -1}
# Words before an expression that make it a bound, not the event date.
_NOT_EVENT = re.compile(r"\b(?:since|until|till|by|before)\s+(?:the\s+)?$", re.I)
_FUTURE = re.compile(r"\b(?:will|shall|'ll|going\s+to|scheduled|planned|due\s+to)\b", re.I)


# A preposition right before a date: the sentence's own date, not a dateline.
_ON_BEFORE = re.compile(r"\b(?:[Oo]n|[Ii]n)\s+$")
# The dateline of a copy syndicated inside the text: a capitalised city, a date, then "(Agency)" or a dash.
_INLINE_DATELINE = re.compile(
    r"^\W*[A-Z][A-Z'’. -]{2,}?,?\s+(?P<date>(?:" + _MONTH.replace("(?P<month>", "(?:") + r"\s+\d{1,2}"
    r"|\d{1,2}\s+" + _MONTH.replace("(?P<month>", "(?:") + r")(?:,?\s+(?:19|20)\d\d)?)\s*(?:\(|[-–—])"
)
# Reporting verbs whose time expression dates the report, not the event.
_REPORT_VERBS = frozenset(
    ["say", "tell", "report", "announce", "add", "state", "confirm", "claim", "declare"]
)


#: Nouns of a report or a statement: "Wednesday's claim of the attack" dates the claim, not the attack.
_REPORT_NOUNS = frozenset(
    ["claim", "statement", "report", "announcement", "remark", "comment", "briefing", "accusation", "denial"]
)


def _dated_word(sent: Span, hit: _Hit) -> Token | None:
    """The word the expression of ``hit`` modifies: the head it hangs on through prepositions and
    modifiers ("said on Monday" -> said, "Wednesday's claim" -> claim)."""
    tok = next((t for t in sent if t.idx - sent.start_char >= hit.start), None)
    if tok is None:
        return None
    for _ in range(4):
        if tok.dep_ in ("pobj", "prep", "npadvmod", "compound", "amod", "advmod", "nummod", "det", "poss"):
            tok = tok.head
            continue
        break
    return tok


def _dates_a_report(sent: Span, hit: _Hit) -> bool:
    """Whether the expression of ``hit`` modifies a reporting verb ("said on Monday", "early on Monday
    the ministry said")."""
    tok = _dated_word(sent, hit)
    return tok is not None and tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in _REPORT_VERBS


def _dates_a_report_noun(sent: Span, hit: _Hit) -> bool:
    """Whether the expression of ``hit`` is the day of a claim or a statement ("Wednesday's claim of the
    attack", "Monday's statement"): the day of the report, which gives the event no date."""
    if hit.method != "weekday" or not re.search(r"(?:'s|’s|s)$", hit.text):
        return False
    # the noun right after the possessive: the parser often reads an apostrophe-less "Wednesdays" as a
    # plural noun and the claim as its apposition
    nxt = next((t for t in sent if t.idx - sent.start_char >= hit.end), None)
    return nxt is not None and (nxt.lower_ in _REPORT_NOUNS or nxt.lemma_.lower() in _REPORT_NOUNS)


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    precision: int
    method: str
    value: date | None
    text: str


def _masked(text: str, skip: tuple[int, int] | None, offset: int) -> str:
    if not skip:
        return text
    a, b = max(skip[0] - offset, 0), min(skip[1] - offset, len(text))
    if a >= b:
        return text
    return text[:a] + " " * (b - a) + text[b:]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, published: date | None) -> int | None:
    """The latest year that does not put (month, day) after publication."""
    if published is None:
        return None
    d = _safe_date(published.year, month, day)
    if d is None or d <= published:
        return published.year
    return published.year - 1


@functools.cache
def _month_number(name: str) -> int:
    return _MONTH_NAMES[name.lower().rstrip(".")]


def _explicit(text: str, published: date | None) -> list[_Hit]:
    hits = []
    for rx in (_RX_DMY, _RX_MDY, _RX_ISO):
        for m in rx.finditer(text):
            month = m.group("month")
            month_no = int(month) if month.isdigit() else _month_number(month)
            day = int(m.group("day"))
            year = int(m.group("year")) if m.group("year") else _year_for(month_no, day, published)
            if not 1 <= day <= 31:
                continue
            value = _safe_date(year, month_no, day) if year else None
            around = "around" in m.groupdict() and m.group("around")
            week_of = re.match(r"\s*\(\s*week\s+of\s*\)", text[m.end() :], re.I)
            precision = TIME_PRECISION_WEEK if (around or week_of) else TIME_PRECISION_DAY
            start = m.start("around") if around else m.start()
            written = text[start : m.end()].strip()
            if not month.isdigit() and len(month.rstrip(".")) > 4:
                written = written.rstrip(".")  # "20 June." ends the sentence
            hits.append(_Hit(start, m.end(), precision, "explicit", value, written))
    for m in _RX_MONTH.finditer(text):
        if not m.group("prefix") and not m.group("year"):
            continue  # a bare capitalised "May"/"March" is not enough
        month_name = m.group("month")
        if not month_name[0].isupper():
            continue
        month_no = _month_number(month_name)
        year = int(m.group("year")) if m.group("year") else _year_for(month_no, 1, published)
        value = _safe_date(year, month_no, 1) if year else None
        hits.append(
            _Hit(m.start("month"), m.end(), TIME_PRECISION_MONTH, "explicit", value, m.group(0).strip())
        )
    return hits


def _weekday(text: str, published: date | None, future: bool) -> list[_Hit]:
    hits = []
    for m in _RX_WEEKDAY.finditer(text):
        target = _WEEKDAYS[m.group("weekday").lower()]
        mod = (m.group("mod") or "").split()
        mod_word = mod[0].lower() if mod else ""
        value = None
        if published is not None:
            if future or mod_word == "next":
                delta = (target - published.weekday()) % 7
                if mod_word == "next" and delta == 0:
                    delta = 7
                value = published + timedelta(days=delta)
            else:
                delta = (published.weekday() - target) % 7
                if mod_word in ("last", "past") and delta == 0:
                    delta = 7
                value = published - timedelta(days=delta)
        start = (
            m.start("mod")
            if mod_word in ("late", "early", "last", "past", "this", "next")
            else m.start("weekday")
        )
        hits.append(_Hit(start, m.end(), TIME_PRECISION_DAY, "weekday", value, text[start : m.end()].strip()))
    return hits


def _relative(text: str, published: date | None) -> list[_Hit]:
    hits = []
    taken: list[tuple[int, int]] = []
    for rx, days, precision, kind in _RELATIVE:
        for m in rx.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue  # "earlier this month" already read; not again as "this month"
            value = None
            if kind == "ago":
                n = m.group("n").lower()
                days = int(n) if n.isdigit() else _SMALL.get(n, 0)
                if days <= 0:
                    continue
            if published is not None:
                if kind == "month":
                    value = published.replace(day=1)
                elif kind == "lastmonth":
                    value = (published.replace(day=1) - timedelta(days=1)).replace(day=1)
                else:
                    value = published - timedelta(days=days)
            taken.append((m.start(), m.end()))
            hits.append(_Hit(m.start(), m.end(), precision, "relative", value, m.group(0)))
    return hits


def resolve_date(
    sent: Span, published: date | None, *, skip: tuple[int, int] | None = None
) -> DateResolution:
    """The event date of ``sent`` resolved against ``published`` (see the module docstring).

    ``skip`` is a character span of the Doc (a dateline) to ignore. No date expression gives
    ``DateResolution(method="none")``.
    """
    if skip and _ON_BEFORE.search(sent.text[: max(skip[0] - sent.start_char, 0)]):
        # "1. Ghouta: On August 21 2013 the regime fired ...": a date the sentence introduces with "on"
        # is its event date, even at the head of the text where a dateline would stand
        skip = None
    text = _masked(sent.text, skip, sent.start_char)
    m = _INLINE_DATELINE.match(text)
    if m:
        # "MOSCOW October 1 (RIA Novosti) - ...": the dateline of a syndicated copy inside the text
        text = _masked(text, (m.start("date"), m.end("date")), 0)
    future = bool(_FUTURE.search(text))
    hits = _explicit(text, published) + _weekday(text, published, future) + _relative(text, published)
    hits = [h for h in hits if not _NOT_EVENT.search(text[: h.start])]
    if not hits:
        return DateResolution(method="none")
    # "Wednesday's claim of the chemical attack": the day of a claim or statement is not the event's
    hits = [h for h in hits if not _dates_a_report_noun(sent, h)]
    if not hits:
        return DateResolution(method="none")
    if len(hits) > 1:
        # "Early on Monday the military said a soldier had been killed on Sunday": the day of the report
        # yields to the day of the event it reports
        events = [h for h in hits if not _dates_a_report(sent, h)]
        if events:
            hits = events
    # the first expression is the event date ("Around 25 June 2021, ... missing two days ago"), but a
    # month yields to a day or week ("In March ... on 2 March"), and a resolved date to an unresolved one
    best = min(hits, key=lambda h: (h.value is None, h.precision == TIME_PRECISION_MONTH, h.start))
    return DateResolution(date=best.value, precision=best.precision, text=best.text, method=best.method)
