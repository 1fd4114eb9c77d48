"""Tests of sitrep.extract.dates. All sentences are illustrative, written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.extract.dates import resolve_date
from sitrep.nlp import load

pytestmark = pytest.mark.model

# Wednesday 7 June 2023
PUB = date(2023, 6, 7)


def _resolve(text: str, published: date | None = PUB, skip=None):
    doc = load()(text)
    return resolve_date(next(iter(doc.sents)), published, skip=skip)


@pytest.mark.parametrize(
    ("text", "expected", "precision", "method", "written"),
    [
        ("On 2 June 2023, clashes took place in the town.", date(2023, 6, 2), 1, "explicit", "2 June 2023"),
        ("On June 2, 2023, clashes took place in the town.", date(2023, 6, 2), 1, "explicit", "June 2, 2023"),
        ("On 2 June, clashes took place in the town.", date(2023, 6, 2), 1, "explicit", "2 June"),
        ("On June 2 clashes took place in the town.", date(2023, 6, 2), 1, "explicit", "June 2"),
        # a day after publication in this year belongs to last year
        ("On 20 December, clashes took place.", date(2022, 12, 20), 1, "explicit", "20 December"),
        (
            "Around 2 June 2023 (week of), a body was found.",
            date(2023, 6, 2),
            2,
            "explicit",
            "Around 2 June 2023",
        ),
        ("The strike on 2023-06-02 killed four people.", date(2023, 6, 2), 1, "explicit", "2023-06-02"),
        ("In March, the town was shelled daily.", date(2023, 3, 1), 3, "explicit", "In March"),
        ("Clashes erupted in March 2021 near the dam.", date(2021, 3, 1), 3, "explicit", "in March 2021"),
        ("Gunmen attacked a checkpoint on Monday.", date(2023, 6, 5), 1, "weekday", "Monday"),
        ("Gunmen attacked a checkpoint late on Monday.", date(2023, 6, 5), 1, "weekday", "late on Monday"),
        ("Monday night's raid killed two people.", date(2023, 6, 5), 1, "weekday", "Monday night"),
        # the possessive, also in copy that lost its apostrophe
        ("Rescuers cleared the site of Monday's blast.", date(2023, 6, 5), 1, "weekday", "Monday's"),
        ("Rescuers cleared the site of Mondays blast.", date(2023, 6, 5), 1, "weekday", "Mondays"),
        # the publication weekday is the publication day itself (wire style)
        ("Gunmen attacked a checkpoint on Wednesday.", date(2023, 6, 7), 1, "weekday", "Wednesday"),
        ("The town was shelled last Wednesday.", date(2023, 5, 31), 1, "weekday", "last Wednesday"),
        ("Talks will resume on Friday.", date(2023, 6, 9), 1, "weekday", "Friday"),
        ("Jets struck the town overnight.", date(2023, 6, 6), 1, "relative", "overnight"),
        ("Jets struck the town last night.", date(2023, 6, 6), 1, "relative", "last night"),
        ("Jets struck the town yesterday.", date(2023, 6, 6), 1, "relative", "yesterday"),
        ("Jets struck the town today.", date(2023, 6, 7), 1, "relative", "today"),
        ("Jets struck the town this morning.", date(2023, 6, 7), 1, "relative", "this morning"),
        ("Jets struck the town three days ago.", date(2023, 6, 4), 1, "relative", "three days ago"),
        ("Jets struck the town last week.", date(2023, 5, 31), 2, "relative", "last week"),
        ("Jets struck the town earlier this month.", date(2023, 6, 1), 3, "relative", "earlier this month"),
        ("Jets struck the town last month.", date(2023, 5, 1), 3, "relative", "last month"),
    ],
)
def test_resolve_date(text, expected, precision, method, written):
    res = _resolve(text)
    assert (res.date, res.precision, res.method, res.text) == (expected, precision, method, written)


@pytest.mark.parametrize(
    "text",
    [
        "Clashes took place between the two groups.",
        "The war has killed more than 500,000 people since 2011.",
        "Residents may march to the square.",
        "Markets in the town close on Mondays and Fridays.",
        # the day of a claim or a statement is not the day of the event it is about
        "Wednesdays claim of the gas attack, if confirmed, would be the worst so far.",
        "Monday's statement on the attack was read out by the minister.",
    ],
)
def test_no_date(text):
    res = _resolve(text)
    assert res.method == "none" and res.date is None


def test_since_is_not_the_event_date():
    res = _resolve("The town, held by rebels since March 2018, was shelled on Monday.")
    assert (res.date, res.method) == (date(2023, 6, 5), "weekday")


def test_relative_without_published_keeps_text_but_no_date():
    res = _resolve("Jets struck the town on Monday.", published=None)
    assert (res.date, res.method, res.text) == (None, "weekday", "Monday")
    res = _resolve("On 2 June, jets struck the town.", published=None)
    assert (res.date, res.text) == (None, "2 June")
    res = _resolve("On 2 June 2023, jets struck the town.", published=None)
    assert res.date == date(2023, 6, 2)


def test_skip_dateline():
    text = "BEIRUT, June 7, 2023 - Jets struck the town on Monday."
    res = _resolve(text, skip=(8, 20))
    assert (res.date, res.method) == (date(2023, 6, 5), "weekday")
    # the dateline is recognised inside the text too (a syndicated copy repeated after the lead)
    res = _resolve(text)
    assert (res.date, res.method) == (date(2023, 6, 5), "weekday")


# Fixes found by `sitrep eval facts` on the dev sentences (issue 3). Sentences are illustrative.
@pytest.mark.parametrize(
    ("text", "skip", "expected", "method"),
    [
        # a dateline inside the text (syndicated copy) is not the event date
        ("LONDON June 6 (Example Agency) - A car bomb killed 18 people in the city.", None, None, "none"),
        ("PARIS, 6 June 2023 - Jets struck the town on Monday.", None, date(2023, 6, 5), "weekday"),
        # a date at the head of the text that the sentence introduces with "On" is its event date
        ("On June 2 2023 the army shelled the town.", (3, 14), date(2023, 6, 2), "explicit"),
        # the day of the report yields to the day of the event it reports
        (
            "Early on Tuesday the military said a soldier had been killed in a blast on Sunday.",
            None,
            date(2023, 6, 4),
            "weekday",
        ),
        ("The army said on Tuesday that jets struck the town on Monday.", None, date(2023, 6, 5), "weekday"),
        # a report date alone stays the date (wire copy: the day of the report is the day of the event)
        ("Jets killed 16 people, the Observatory said on Tuesday.", None, date(2023, 6, 6), "weekday"),
        (
            "Jets killed 16 people on Monday, the Observatory said on Tuesday.",
            None,
            date(2023, 6, 5),
            "weekday",
        ),
    ],
)
def test_dates_fixed_on_dev_sentences(text, skip, expected, method):
    res = _resolve(text, skip=skip)
    assert (res.date, res.method) == (expected, method)
