"""Independent parts of a store's mentions: fusing each part alone gives the events of fusing them all.

:func:`sitrep.fuse.fuse` joins a mention to an event only when it is :func:`~sitrep.fuse.compatible`
with EVERY member (complete linkage), and references only join compatible events. So if the mentions
fall into groups such that no mention of one group can be compatible with a mention of another, the
greedy clustering of all of them is the union of the clusterings of each group: a mention's candidate
events of another group always fail the "compatible with every member" test, and the order of the
candidates within its own group is unchanged. Re-fusing a large store part by part then needs only one
part's mentions in memory.

Two mentions may be compatible only if (rules of ``data/fuse.yml``, see :func:`~sitrep.fuse.compatible`):

- they have the same event type;
- both dated: at most ``window`` days apart (the largest of the date windows fusion allows), so the
  dated mentions of a type, sorted by date, are cut wherever two neighbours are farther apart;
- one undated: they are one story retold (content-word overlap >= ``copy_min_overlap``), or of one
  article and both undated, or they have the same sub-type and name the same known place (same
  gazetteer id or the same place string). Copies are found with a prefix filter: two word sets whose Jaccard overlap reaches t share a
  word among the first ``n - ceil(t * n) + 1`` words of each (n its size, words in one fixed order).

This is a superset of the pairs fusion can join (it may link mentions that fusion keeps apart, never the
reverse), so parts are exact, only sometimes larger than needed. What is kept per mention while parting
is its id and a few keys, not the mention; the word counts are the store's vocabulary.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from . import UnionFind, _content_words, _norm, rules

__all__ = ["MentionKey", "independent_parts", "window_days"]


@dataclass(slots=True, frozen=True)
class MentionKey:
    """What parting needs of a mention (the store reads these columns only)."""

    mention_id: str
    article_id: str
    event_type: str
    sub_event_type: str
    date: date | None
    geonameid: int | None
    place: str | None  # the place's name or text as written (``PlaceMention.name or .text``)
    sentence: str


def window_days() -> int:
    """The most days apart two dated mentions fusion can join may be."""
    r = rules()
    return max(
        int(r["max_days_coarse_precision"]), int(r["max_days_territory"]), int(r["max_days_day_precision"])
    )


def _prefix(sentence: str, df: dict[str, int]) -> list[str]:
    # rarest words first (then a fixed hash order): a prefix of rare words finds few candidates
    words = sorted(_content_words(sentence), key=lambda w: (df.get(w, 0), zlib.crc32(w.encode("utf-8")), w))
    if not words:
        return []
    t = float(rules()["copy_min_overlap"])
    return words[: len(words) - math.ceil(t * len(words)) + 1]


def independent_parts(
    keys: Callable[[], Iterable[MentionKey]], together: Iterable[Iterable[str]] = (), max_size: int = 5000
) -> list[list[str]]:
    """The mention ids in parts that can be fused one at a time with the same result as all at once.

    ``keys()`` gives the mentions' keys; it is called twice (the first pass counts how many sentences
    hold each word, so that copies are looked up by their rarest words).

    ``together``: sets of mention ids that must stay in one part (an analyst's merge or split); parts are
    unions of independent groups, packed up to ``max_size`` mentions (a group larger than that is one
    part). Parts come in date order of their first mention (undated last)."""
    ids: list[str] = []
    first_day: list[float] = []
    index: dict[str, int] = {}
    dated: dict[str, list[tuple[int, int]]] = {}  # event type -> (day, mention index)
    dated_keys: dict[tuple, list[int]] = {}  # a place / copy key -> the dated mentions holding it
    undated_keys: list[tuple[int, list[tuple]]] = []
    df: dict[str, int] = {}
    for k in keys():
        for w in _content_words(k.sentence):
            df[w] = df.get(w, 0) + 1
    for k in keys():
        i = len(ids)
        ids.append(k.mention_id)
        index[k.mention_id] = i
        own: list[tuple] = [("word", k.event_type, w) for w in _prefix(k.sentence, df)]
        # an undated mention of another article needs the same known place AND the same sub-type
        if k.geonameid is not None:
            own.append(("geonameid", k.sub_event_type, k.geonameid))
        if k.place and (raw := _norm(k.place)):
            own.append(("place", k.sub_event_type, raw))
        if k.date is not None:
            day = k.date.toordinal()
            first_day.append(day)
            dated.setdefault(k.event_type, []).append((day, i))
            for key in own:
                dated_keys.setdefault(key, []).append(i)
        else:
            first_day.append(math.inf)
            own.append(("article", k.event_type, k.article_id))
            undated_keys.append((i, own))
    sets = UnionFind(range(len(ids)))
    window = window_days()
    for pairs in dated.values():
        pairs.sort()
        for (d0, i0), (d1, i1) in zip(pairs, pairs[1:], strict=False):
            if d1 - d0 <= window:
                sets.union(i0, i1)
    del dated
    # an undated mention joins every mention (dated or not) that shares one of its keys
    first_with: dict[tuple, int] = {}
    for i, own in undated_keys:
        for key in own:
            if key in first_with:
                sets.union(i, first_with[key])
            else:
                first_with[key] = i
                for j in dated_keys.get(key, ()):
                    sets.union(i, j)
    del dated_keys, undated_keys, first_with
    for group in together:
        present = [index[m] for m in group if m in index]
        for a, b in zip(present, present[1:], strict=False):
            sets.union(a, b)
    groups = sets.groups()
    groups.sort(key=lambda g: min(first_day[i] for i in g))
    parts: list[list[str]] = []
    current: list[str] = []
    for g in groups:
        if current and len(current) + len(g) > max_size:
            parts.append(current)
            current = []
        current.extend(ids[i] for i in g)
    if current:
        parts.append(current)
    return parts
