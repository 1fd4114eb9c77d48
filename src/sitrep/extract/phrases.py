"""Token patterns looked up by their first token: the matcher of the extract stage.

The trigger phrases and actor aliases are plain token sequences (a word's lemma, lower-cased form or
exact spelling, a set of words, an optional hyphen between words). spaCy's ``Matcher`` tries every
pattern at every token, and with a thousand patterns that was most of sitrep's run time; here each
token looks up only the patterns that can start with it. The matches are those the ``Matcher`` gives for
the same patterns: every (label, start, end), overlaps included.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Span

__all__ = ["Spec", "TokenPatterns", "HYPHEN"]

_ATTRS = ("ORTH", "LOWER", "LEMMA")


@dataclass(frozen=True, slots=True)
class Spec:
    """One token of a pattern: its ``attr`` ("ORTH", "LOWER" or "LEMMA") is one of ``values``."""

    attr: str
    values: frozenset[str]
    optional: bool = False

    @classmethod
    def word(cls, attr: str, value: str) -> Spec:
        return cls(attr, frozenset([value]))


#: an optional hyphen token ("car-bomb" and "car bomb")
HYPHEN = Spec("ORTH", frozenset(["-"]), optional=True)


class TokenPatterns:
    """Labelled token patterns; calling it on a span returns every match as (label, start, end)."""

    def __init__(self) -> None:
        self._first: dict[tuple[str, str], list[tuple[str, tuple[Spec, ...]]]] = {}

    def add(self, label: str, patterns: Iterable[list[Spec]]) -> None:
        for pattern in patterns:
            specs = tuple(pattern)
            head = specs[0]
            if head.optional:
                raise ValueError("a pattern cannot start with an optional token")
            for value in head.values:
                self._first.setdefault((head.attr, value), []).append((label, specs))

    def __call__(self, span: Span) -> list[tuple[str, int, int]]:
        """Every match in ``span``: (label, start, end) with offsets relative to the span, sorted."""
        cols = _columns(span)
        n = len(cols["ORTH"])
        found: set[tuple[str, int, int]] = set()
        for i in range(n):
            for attr in _ATTRS:
                for label, specs in self._first.get((attr, cols[attr][i]), ()):
                    for end in _ends(cols, n, i + 1, specs, 1):
                        found.add((label, i, end))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))


def _columns(span: Span) -> dict[str, list[str]]:
    """The span's tokens as text, lower case and lemma: the trigger, modifier and actor patterns all read
    the same sentence, so the columns are kept on the Doc (they go with it)."""
    key = ("sitrep_pattern_columns", span.start, span.end)
    cols = span.doc.user_data.get(key)
    if cols is None:
        cols = span.doc.user_data[key] = {
            "ORTH": [t.text for t in span],
            "LOWER": [t.lower_ for t in span],
            "LEMMA": [t.lemma_ for t in span],
        }
    return cols


def _ends(cols: dict[str, list[str]], n: int, j: int, specs: tuple[Spec, ...], k: int) -> Iterable[int]:
    """Ends of the matches of ``specs[k:]`` from token ``j`` (an optional token may be there or not)."""
    if k == len(specs):
        yield j
        return
    spec = specs[k]
    if j < n and cols[spec.attr][j] in spec.values:
        yield from _ends(cols, n, j + 1, specs, k + 1)
    if spec.optional:
        yield from _ends(cols, n, j, specs, k + 1)
