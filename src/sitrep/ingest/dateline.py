"""Datelines: a date written at the head of an article ("Wed 05 Apr 2017 ...", "BEIRUT, April 5, 2017 (AFP) -")."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\.?,?\s+)?"
_DMY = re.compile(
    _WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.I
)
_MDY = re.compile(
    _WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I
)
_ISO = re.compile(r"(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b")
#: how far into the text a dateline may start (a place name and a comma may precede the date).
_HEAD = 60


#: a first line shorter than this is a headline; the dateline may open the line after it.
_TITLE_LINE = 250


def find_dateline(text: str) -> tuple[date, int, int] | None:
    """Return ``(date, start, end)`` of a date written at the head of ``text``, or None.

    Only the first ``_HEAD`` characters are searched (of the text, or of the line after a headline): a
    date later in the text is an event date or background, not the article's date.
    """
    found = _find_at_head(text, 0)
    if found is None:
        stripped = len(text) - len(text.lstrip())
        newline = text.find("\n", stripped)
        if 0 <= newline - stripped < _TITLE_LINE:
            body = newline + len(text[newline:]) - len(text[newline:].lstrip())
            found = _find_at_head(text, body)
    return found


def _find_at_head(text: str, offset: int) -> tuple[date, int, int] | None:
    head = text[offset : offset + _HEAD + 40]
    best = None
    for rx in (_DMY, _MDY, _ISO):
        m = rx.search(head)
        if m and m.start() <= _HEAD and (best is None or m.start() < best.start()):
            best = m
    if best is None:
        return None
    month = best.group("month")
    month_no = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
    try:
        day = date(int(best.group("year")), month_no, int(best.group("day")))
    except ValueError:
        return None
    return day, offset + best.start(), offset + best.end()
