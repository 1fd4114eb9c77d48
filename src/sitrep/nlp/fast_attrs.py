"""The model's attribute ruler and rule lemmatizer, run over arrays: the same annotations, less Python.

spaCy's ``attribute_ruler`` (tag -> POS and morphology, and some word exceptions) runs a ``Matcher`` over
every Doc and sets each match one token at a time; the rule ``lemmatizer`` then reads and sets every token
through Python ``Token`` objects (``python bench/fast_attrs.py`` times both ways and compares the
annotations on FA-KES articles), though a token's result depends only on a few of its own
attributes: its tag, lower-case form, dependency label and whether it is a space (the ruler), and its
form, POS and morphology (the lemmatizer, which caches on exactly these).

:class:`FastAttrs` reads the ruler's patterns and the lemmatizer's tables from the loaded components,
computes each distinct token key's result once (by the components' own rules: the ruler's patterns in
their order, later ones taking precedence, and ``Lemmatizer.lemmatize`` itself for a missing lemma), and
writes a Doc's results with one ``Doc.from_array``. Patterns of two tokens ("gon na") are matched on
adjacent pairs. A pattern it cannot read (another model's ruler with operators or other attributes)
makes :func:`replace_components` leave the model's components in place.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

log = logging.getLogger(__name__)

#: token attributes the ruler's patterns may test (others make the model's ruler stay)
_KEYS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}

Predicate = Callable[[tuple], bool]

#: the attributes the ruler may set, as columns of the array a Doc's results are written from
_COLUMNS = {POS: 0, MORPH: 1, LEMMA: 2, TAG: 3, DEP: 4}


class UnsupportedPattern(ValueError):
    """A pattern of the attribute ruler this module does not evaluate."""


def _value_test(value: Any) -> Callable[[Any], bool]:
    if isinstance(value, (str, bool)):
        return lambda v: v == value
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op == "IN":
            allowed = frozenset(arg)
            return lambda v: v in allowed
        if op == "NOT_IN":
            banned = frozenset(arg)
            return lambda v: v not in banned
        if op == "REGEX":
            rx = re.compile(arg)
            return lambda v: isinstance(v, str) and rx.search(v) is not None
    raise UnsupportedPattern(f"unsupported value {value!r}")


def _token_test(spec: dict) -> Predicate:
    """A predicate over a token key ``(tag, lower, dep, is_space)`` for one token pattern."""
    tests = []
    for attr, value in spec.items():
        if attr not in _KEYS:
            raise UnsupportedPattern(f"unsupported attribute {attr!r}")
        tests.append((_KEYS[attr], _value_test(value)))
    return lambda key: all(test(key[i]) for i, test in tests)


class FastAttrs:
    """``attribute_ruler`` followed by the rule ``lemmatizer``, over arrays (see the module doc)."""

    def __init__(self, nlp: Language, ruler: Any, lemmatizer: Any) -> None:
        self.vocab = nlp.vocab
        self.lemmatizer = lemmatizer
        self.single: list[tuple[int, Predicate, dict[int, int]]] = []  # those that name no one tag
        self.by_tag: dict[str, list[tuple[int, Predicate, dict[int, int]]]] = {}
        self.pairs: list[tuple[int, Predicate, Predicate, int, dict[int, int]]] = []
        for k, entry in enumerate(ruler.patterns):
            attrs = dict(ruler.attrs[k])
            if any(a not in _COLUMNS for a in attrs):
                raise UnsupportedPattern(f"pattern {k} sets {attrs}")
            index = ruler.indices[k]
            for pattern in entry["patterns"]:
                if len(pattern) == 1 and index in (0, -1):
                    tag = pattern[0].get("TAG")
                    test = (k, _token_test(pattern[0]), attrs)
                    # most patterns name one tag: only a token of that tag need try them
                    if isinstance(tag, str):
                        self.by_tag.setdefault(tag, []).append(test)
                    else:
                        self.single.append(test)
                elif len(pattern) == 2 and index in (0, 1, -1, -2):
                    self.pairs.append((k, _token_test(pattern[0]), _token_test(pattern[1]), index % 2, attrs))
                else:
                    raise UnsupportedPattern(f"pattern {k} of {len(pattern)} tokens, index {index}")
        self._rule_cache: dict[tuple, _KeyResult] = {}
        self._lemma_cache: dict[tuple[int, int, int], int] = {}

    def _result(self, ikey: tuple[int, int, int, int]) -> _KeyResult:
        """What the ruler's single-token patterns set on a token of this key, and the two-token patterns
        it may start or end (computed once per key)."""
        strings = self.vocab.strings
        key = (strings[ikey[0]], strings[ikey[1]], strings[ikey[2]], bool(ikey[3]))
        tests = self.single + self.by_tag.get(key[0], [])
        matched = sorted(((k, attrs) for k, test, attrs in tests if test(key)), key=lambda x: x[0])
        mask, values = _merge(matched)
        starts = tuple(j for j, (_, t0, _, _, _) in enumerate(self.pairs) if t0(key))
        ends = frozenset(j for j, (_, _, t1, _, _) in enumerate(self.pairs) if t1(key))
        found = _KeyResult(matched, mask, values, starts, ends)
        self._rule_cache[ikey] = found
        return found

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        arr = doc.to_array([TAG, LOWER, DEP, IS_SPACE, ORTH, POS, MORPH, LEMMA])
        cache = self._rule_cache
        results = [cache.get(k) or self._result(k) for k in map(tuple, arr[:, :4].tolist())]
        out = arr[:, [5, 6, 7, 0, 2]]  # the _COLUMNS as the Doc has them
        mask = numpy.array([r.mask for r in results], dtype=bool)
        values = numpy.array([r.values for r in results], dtype=numpy.uint64)
        # two-token patterns ("gon na"): rare, so the tokens they hit are merged again in pattern order
        extra: dict[int, list[tuple[int, dict[int, int]]]] = {}
        for i in range(n - 1):
            for j in results[i].starts:
                if j in results[i + 1].ends:
                    k, _, _, at, attrs = self.pairs[j]
                    extra.setdefault(i + at, []).append((k, attrs))
        for i, more in extra.items():
            mask[i], values[i] = _merge(sorted(results[i].matched + more, key=lambda x: x[0]))
        out = numpy.where(mask, values, out)
        doc.from_array(list(_COLUMNS), out)
        # the rule lemmatizer, for tokens the ruler gave no lemma (it never overwrites one)
        missing = numpy.nonzero(out[:, 2] == 0)[0]
        if len(missing):
            strings = self.vocab.strings
            orth = arr[:, 4]
            lemmas = out[:, 2].copy()
            lemma_cache = self._lemma_cache
            for i in missing.tolist():
                ck = (int(orth[i]), int(out[i, 0]), int(out[i, 1]))
                lemma = lemma_cache.get(ck)
                if lemma is None:
                    lemma = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                    lemma_cache[ck] = lemma
                lemmas[i] = lemma
            doc.from_array([LEMMA], lemmas)
        return doc


class _KeyResult(NamedTuple):
    matched: list[tuple[int, dict[int, int]]]  # (pattern number, attributes) of the single-token patterns
    mask: tuple[bool, ...]  # which _COLUMNS they set
    values: tuple[int, ...]  # to what
    starts: tuple[int, ...]  # the two-token patterns (indices into FastAttrs.pairs) it may start
    ends: frozenset[int]  # and end


def _merge(matched: list[tuple[int, dict[int, int]]]) -> tuple[tuple[bool, ...], tuple[int, ...]]:
    """The columns set by ``matched`` applied in order (a later pattern overrides an earlier one)."""
    mask, values = [False] * len(_COLUMNS), [0] * len(_COLUMNS)
    for _, attrs in matched:
        for attr, value in attrs.items():
            mask[_COLUMNS[attr]], values[_COLUMNS[attr]] = True, value
    return tuple(mask), tuple(values)


@Language.factory("sitrep_fast_attrs")
def make_fast_attrs(nlp: Language, name: str) -> FastAttrs:
    """The component; the model's ``attribute_ruler`` and ``lemmatizer`` must still be in ``nlp``."""
    return FastAttrs(nlp, nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))


def replace_components(nlp: Language) -> bool:
    """Put :class:`FastAttrs` in place of the model's ``attribute_ruler`` and rule ``lemmatizer`` when the
    model has both, in that order and configured as the English models are; True when it did."""
    names = nlp.pipe_names
    if "attribute_ruler" not in names or "lemmatizer" not in names:
        return False
    if names.index("lemmatizer") != names.index("attribute_ruler") + 1:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
        return False
    try:
        nlp.add_pipe("sitrep_fast_attrs", after="lemmatizer")
    except UnsupportedPattern as exc:
        log.info("keeping the model's attribute ruler: %s", exc)
        return False
    nlp.remove_pipe("attribute_ruler")
    nlp.remove_pipe("lemmatizer")
    return True
