"""sitrep.extract.phrases against spaCy's Matcher on the same patterns (illustrative sentences)."""

from __future__ import annotations

import pytest
import spacy
from spacy.matcher import Matcher

from sitrep.extract.phrases import HYPHEN, Spec, TokenPatterns

PATTERNS = {
    "car_bomb": [[Spec.word("LOWER", "car"), HYPHEN, Spec.word("LOWER", "bomb")]],
    "IS": [[Spec.word("ORTH", "IS")]],
    "forces": [[Spec("LOWER", frozenset({"syrian", "iraqi"})), Spec("LOWER", frozenset({"army", "troops"}))]],
    "strike": [
        [Spec.word("LEMMA", "strike")],
        [Spec.word("LEMMA", "air"), HYPHEN, Spec.word("LEMMA", "strike")],
    ],
}


def _spacy_pattern(specs):
    out = []
    for s in specs:
        values = sorted(s.values)
        d = {s.attr: values[0] if len(values) == 1 else {"IN": values}}
        if s.optional:
            d["OP"] = "?"
        out.append(d)
    return out


@pytest.mark.parametrize(
    "text",
    [
        "A car-bomb and a car bomb hit the market, and IS said it is behind it.",
        "Syrian troops and Iraqi army units were struck by air strikes and an air-strike.",
        "Nothing here matches at all.",
    ],
)
def test_same_matches_as_spacy_matcher(text):
    nlp = spacy.blank("en")
    doc = nlp(text)
    for tok in doc:  # a blank pipeline has no lemmatizer: use the lower-cased form minus a plural "s"
        tok.lemma_ = tok.lower_[:-1] if tok.lower_.endswith("s") and len(tok) > 3 else tok.lower_
    ours = TokenPatterns()
    theirs = Matcher(nlp.vocab)
    for label, patterns in PATTERNS.items():
        ours.add(label, patterns)
        theirs.add(label, [_spacy_pattern(p) for p in patterns])
    span = doc[1:]  # offsets are relative to the span, as the Matcher's are
    expected = sorted(
        {(nlp.vocab.strings[m], s, e) for m, s, e in theirs(span)}, key=lambda m: (m[1], m[2], m[0])
    )
    assert ours(span) == expected
    assert expected or text.startswith("Nothing")


def test_a_pattern_cannot_start_optional():
    with pytest.raises(ValueError):
        TokenPatterns().add("x", [[HYPHEN, Spec.word("LOWER", "bomb")]])
