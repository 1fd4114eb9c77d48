"""The nlp stage's own components: acronym norms and sentence ends (illustrative sentences written for
these tests)."""

import pytest
import spacy
from spacy.tokens import Doc

from sitrep.nlp import acronym_norms, sentence_ends

_VOCAB = spacy.blank("en").vocab


def _doc(words, spaces=None):
    return Doc(_VOCAB, words=words, spaces=spaces)


@pytest.mark.parametrize(
    ("words", "spaces", "starts"),
    [
        # "... in Hama. 3 regime fighters were killed."
        (["in", "Hama", ".", "3", "fighters"], [True, False, True, True, False], [3]),
        (["in", "Hama", ".", "The", "army"], [True, False, True, True, False], [3]),
        # an abbreviation the tokenizer splits, an initial, a lower-case next word: no sentence end
        (["Lt", ".", "Col", ".", "Ali"], [False, True, False, True, False], []),
        (["road", "No", ".", "3", "was"], [True, False, True, True, False], []),
        (["by", "A", ".", "Smith", "said"], [True, False, True, True, False], []),
        (["in", "Hama", ".", "then", "left"], [True, False, True, True, False], []),
    ],
)
def test_sentence_ends(words, spaces, starts):
    doc = sentence_ends(_doc(words, spaces))
    assert [t.i for t in doc if t.is_sent_start and t.i > 0] == starts


@pytest.mark.parametrize(
    ("words", "normed"),
    [
        (["IS", "cells", "ambushed", "regime", "positions"], "isil"),
        (["the", "army", "said", "IS", "withdrew"], "isil"),
        # a headline in capitals keeps the verb
        (["THE", "WAR", "IS", "OVER", "NOW"], "is"),
        (["it", "is", "over"], "is"),
    ],
)
def test_acronym_norms(words, normed):
    doc = acronym_norms(_doc(words))
    tok = next(t for t in doc if t.lower_ == "is")
    assert tok.norm_ == normed


@pytest.mark.model
def test_is_parsed_as_a_name():
    from sitrep.nlp import load

    doc = load()("On 10 January, IS cells ambushed regime positions near Palmyra.")
    tok = next(t for t in doc if t.text == "IS")
    assert tok.pos_ == "PROPN"
    assert [s.text for s in load()("Clashes took place in Hama. 3 fighters were killed.").sents] == [
        "Clashes took place in Hama.",
        "3 fighters were killed.",
    ]
