"""The cleaner: furniture removal, duplicates, whitespace, and offsets traceable to the raw text.

All article texts here are illustrative, written for these tests.
"""

from __future__ import annotations

import pytest

from sitrep.clean import clean_text, split_sentences

BODY1 = "An air strike killed five civilians in the town of Saraqib on Monday, a monitor said."
BODY2 = "The Observatory said two children were among the dead and 12 people were wounded."
BODY3 = "Rescue workers searched the rubble of two buildings for survivors late into the night."


def assert_traceable(raw: str, clean: str, offsets) -> None:
    """Every character of every kept segment maps back to the same raw character."""
    covered = set()
    for clean_start, raw_start, length in offsets.segments:
        assert length > 0
        assert clean[clean_start : clean_start + length] == raw[raw_start : raw_start + length]
        for i in range(clean_start, clean_start + length):
            assert raw[offsets.to_raw(i)] == clean[i]
            covered.add(i)
    # characters outside segments are only the "\n" separators the cleaner inserts
    assert all(clean[i] == "\n" for i in range(len(clean)) if i not in covered)


# (illustrative raw text, furniture that must go, body that must stay)
FURNITURE_CASES = [
    pytest.param(
        f"{BODY1} Show Full Article {BODY2}", ["Show Full Article"], [BODY1, BODY2], id="show-full-article"
    ),
    pytest.param(
        f"{BODY1}\nRelated Video: Aleppo in ruins\n{BODY2}",
        ["Related Video"],
        [BODY1, BODY2],
        id="related-video",
    ),
    pytest.param(f"{BODY1} Read more {BODY2}", ["Read more"], [BODY1, BODY2], id="read-more-inline"),
    pytest.param(
        f"{BODY1}\nFollow us on Twitter and Facebook\n{BODY2}", ["Follow us"], [BODY1, BODY2], id="follow-us"
    ),
    pytest.param(
        f"{BODY1} Subscribe to our newsletter for daily updates. {BODY2}",
        ["Subscribe"],
        [BODY1, BODY2],
        id="subscribe",
    ),
    pytest.param(
        f"{BODY1} {BODY2} Copyright 2016 Example News.", ["Copyright"], [BODY1, BODY2], id="copyright"
    ),
    pytest.param(
        f"{BODY1} {BODY2}\nAll rights reserved.", ["rights reserved"], [BODY1, BODY2], id="all-rights"
    ),
    pytest.param(
        f"Date of publication 5 July 2016 {BODY1} {BODY2}",
        ["Date of publication"],
        ["5 July 2016", BODY1],
        id="date-label",
    ),
    pytest.param(
        f"{BODY1} Tags Syria Idlib airstrikes civilians The Observatory said two children were among the dead.",
        ["Tags", "airstrikes civilians"],
        [BODY1, "The Observatory said two children"],
        id="tag-list-inline",
    ),
    pytest.param(
        f"{BODY1} Men search the rubble after the strike in Saraqib on May 2 2016. (Example Photo) {BODY2}",
        ["Men search the rubble", "(Example Photo)"],
        [BODY1, BODY2],
        id="photo-caption-with-credit",
    ),
    pytest.param(
        f"{BODY1} {BODY2} {BODY3} Related News Ten things about Aleppo | Why the war goes on Follow us on Instagram",
        ["Related News", "Instagram"],
        [BODY1, BODY3],
        id="page-tail",
    ),
    pytest.param(
        f"{BODY1} {BODY2} Reporting by Jane Doe; Editing by John Roe",
        ["Reporting by", "Jane Doe"],
        [BODY2],
        id="credits",
    ),
    pytest.param(
        f"{BODY1} [Click to enlarge] {BODY2}", ["Click to enlarge"], [BODY1, BODY2], id="click-enlarge"
    ),
]


@pytest.mark.parametrize(("raw", "gone", "kept"), FURNITURE_CASES)
def test_furniture_is_removed_and_body_kept(raw, gone, kept):
    clean, offsets = clean_text(raw)
    for g in gone:
        assert g not in clean
    for k in kept:
        assert k in clean
    assert_traceable(raw, clean, offsets)


def test_dateline_agency_is_not_a_caption():
    raw = f"BEIRUT (Reuters) - {BODY1} {BODY2}"
    clean, _ = clean_text(raw)
    assert clean.startswith("BEIRUT (Reuters) - An air strike")


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(f"{BODY1} {BODY2} {BODY1} {BODY3}", id="one-line"),
        pytest.param(f"{BODY1}\n{BODY2}\n{BODY1}\n{BODY3}", id="lines"),
        pytest.param(f"{BODY1} {BODY2} {BODY3} {BODY1} {BODY2} {BODY3}", id="page-printed-twice"),
    ],
)
def test_repeated_sentence_keeps_first(raw):
    clean, offsets = clean_text(raw)
    assert clean.count(BODY1) == 1
    assert clean.index(BODY1) < clean.index(BODY2) < clean.index(BODY3)
    assert_traceable(raw, clean, offsets)


def test_short_sentences_may_repeat():
    raw = f'"We ran." {BODY1} "We ran." {BODY2}'
    clean, _ = clean_text(raw)
    assert clean.count("We ran.") == 2


def test_clean_text_without_furniture_is_identity():
    raw = f"{BODY1} {BODY2}\n{BODY3}"
    clean, offsets = clean_text(raw)
    assert clean == raw
    assert offsets.segments == [(0, 0, len(raw))]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Five  killed\t\tin Idlib.", "Five killed\tin Idlib."),  # one raw character kept, not rewritten
        ("Five \t killed in Idlib.", "Five killed in Idlib."),
        ("Five killed.\n\n\n  Two wounded.", "Five killed.\nTwo wounded."),
        ("   Five killed in Idlib.   \n", "Five killed in Idlib."),
    ],
)
def test_whitespace_collapses_to_one_raw_character(raw, expected):
    clean, offsets = clean_text(raw)
    assert clean == expected
    assert_traceable(raw, clean, offsets)


def test_headline_running_into_lede_gets_a_separator():
    title = "Strike kills five in Saraqib"
    raw = f"{title} {BODY1}"
    clean, offsets = clean_text(raw, title=title)
    assert clean == f"{title}\n{BODY1}"
    assert_traceable(raw, clean, offsets)


def test_head_dateline_is_separated_from_the_lede():
    raw = f"12 February 2015 Casualties mount in Douma. {BODY1}"
    clean, _ = clean_text(raw)
    assert clean.startswith("12 February 2015\nCasualties mount")


def test_removal_between_glued_words_inserts_a_separator():
    raw = f"21.08.2013Get short URL 0 12 {BODY1}"
    clean, offsets = clean_text(raw)
    assert clean == f"21.08.2013\n{BODY1}"
    assert_traceable(raw, clean, offsets)


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("Gen. Smith said U.S. forces left. The army advanced.", 2),
        ('He said: "We left." Then they shelled the town.', 2),
        ("Five were killed. 12 were wounded!\nNew line here", 3),
        ("Mr. Assad's forces shelled the town on Oct. 3 and withdrew.", 1),
    ],
)
def test_split_sentences(text, n):
    spans = split_sentences(text)
    assert len(spans) == n
    assert all(text[s:e] == text[s:e].strip() and text[s:e] for s, e in spans)


def test_empty_input():
    assert clean_text("") == ("", clean_text("")[1])
    assert clean_text("")[0] == ""


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # hypothesis is a dev extra
    given = None

if given is not None:
    # illustrative fragments: prose, furniture, captions, odd whitespace and mojibake
    _FRAGMENTS = [
        BODY1,
        BODY2,
        BODY3,
        "Read more",
        "Tags Syria Aleppo",
        "(AFP Photo)",
        "Follow us on Twitter",
        "Copyright 2019 Example.",
        "Date of publication 3 May 2016",
        "Related News A | B",
        "\n",
        "\n\n",
        "  ",
        "\t",
        "\ufffd",
        "Get short URL 0 12",
        "Share",
        "BEIRUT (Reuters) -",
        "U.S.",
        "x",
    ]

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.sampled_from(_FRAGMENTS), max_size=25), st.sampled_from(["", " ", "\n"]))
    def test_offsets_traceable_on_random_mixtures(parts, joiner):
        raw = joiner.join(parts)
        clean, offsets = clean_text(raw)
        assert_traceable(raw, clean, offsets)
        assert clean == clean.strip()
        assert "  " not in clean
