"""Independent parts of a store's mentions: fusing each part alone gives the events of fusing them all.

:func:`sitrep.fuse.fuse` joins a mention to an event only when it is :func:`~sitrep.fuse.compatible`
with EVERY member (complete linkage), a mention left alone rejoins an event only when it is
:func:`~sitrep.fuse.relaxed_compatible` with its members and strongly supported by one of them, and
references only join compatible events. So if the mentions fall into groups such that no mention of one
group may merge with a mention of another, the clustering of all of them is the union of the clusterings
of each group: a mention's candidate events of another group always fail those tests, and the order of
the candidates within its own group is unchanged. Re-fusing a large store part by part then needs only
one part's mentions in memory.

The groups are the connected parts of the graph of pairs that may merge (:func:`~sitrep.fuse.may_merge`:
compatible, or relaxed-compatible and strongly supported, so the parts are exact). Finding them does not
compare every pair:

- dated mentions can only be compatible within ``window`` days of each other (the largest of the date
  windows fusion allows) and with the same event type: they come sorted by event type and date, and
  each is compared with the ones of the last ``window`` days only (never the whole store in memory);
- an undated mention can only be compatible with a mention of the same event type that is one story
  retold (content-word overlap >= ``copy_min_overlap``), of its own article (undated too), or of the same
  sub-type at the same known place (same gazetteer id or place string): it is linked to every mention
  sharing such a key (a superset of its compatible pairs: parts may be larger than needed, never
  wrong). Copies are found with a prefix filter: two word sets whose Jaccard overlap reaches t share a
  word among the first ``n - ceil(t * n) + 1`` words of each (n its size, rarest words first).

What is kept for the whole store while parting is each mention's id and union-find entry, the word
counts, and the keys of the undated mentions; mentions themselves only while in the date window.
"""

from __future__ import annotations

import math
import zlib
from collections import deque
from collections.abc import Callable, Iterable

from ..records import EventMention
from . import _content_words, _norm, _place_level, ambiguous_capital, may_merge, rules

__all__ = ["independent_parts", "window_days"]


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


def _keys(m: EventMention, df: dict[str, int]) -> list[tuple]:
    """What an undated mention may share with a mention it could be compatible with (see the module)."""
    own: list[tuple] = [("word", m.event_type, w) for w in _prefix(m.sentence, df)]
    gid = m.geo.geonameid if m.geo is not None else None
    if gid is not None:
        own.append(("geonameid", m.event_type, m.sub_event_type, gid))
    if m.place is not None and (raw := _norm(m.place.name or m.place.text)):
        own.append(("place", m.event_type, m.sub_event_type, raw))
    return own


_CELL = 0.5  # degrees of latitude: 55 km, more than fusion's max_km (50)


def _near(m: EventMention, df: dict[str, int]) -> tuple[list[tuple], list[tuple]]:
    """The keys under which a dated mention is filed, and those under which every dated mention it may be
    :func:`~sitrep.fuse.compatible` with is filed. A compatible pair is of one article (same date), or one
    story retold (a shared prefix word), or of places compatible: coordinates at most ``max_km`` apart
    (grid cells of ``_CELL`` degrees around it), the same known place (gazetteer id or place string), or
    a country or province and a place it holds (see :func:`sitrep.fuse.relaxed_compatible`)."""
    own: list[tuple] = [("article", m.article_id)] + [("word", w) for w in _prefix(m.sentence, df)]
    gid = m.geo.geonameid if m.geo is not None else None
    if gid is not None:
        own.append(("geonameid", gid))
    if m.place is not None and (raw := _norm(m.place.name or m.place.text)):
        own.append(("place", raw))
    near = list(own)
    g = m.geo
    # a province or country and a town it holds (the rejoin pass's relaxed rule): filed under the
    # country and province of the finer place, looked up under those of the coarser one
    level = _place_level(m)
    if level is not None:
        country = g.country
        if level == "country":
            own.append(("country-level", country))
            near.append(("in-country", country))
        else:
            own.append(("in-country", country))
            near.append(("country-level", country))
            if g.admin1:
                own.append(("admin1-level" if level == "admin" else "in-admin1", country, g.admin1))
                near.append(("in-admin1" if level == "admin" else "admin1-level", country, g.admin1))
                if ambiguous_capital(m):  # "in Idlib": a town, and maybe its province (fuse._contains)
                    own.append(("admin1-level", country, g.admin1))
                    near.append(("in-admin1", country, g.admin1))
    if g is not None and g.latitude is not None and g.longitude is not None:
        lat_i, lon_i = math.floor(g.latitude / _CELL), math.floor(g.longitude / _CELL)
        own.append(("cell", lat_i, lon_i))
        max_km = float(rules()["max_km"])
        # a degree of longitude shrinks with the latitude: widen the look-up so that it spans max_km
        cos = math.cos(math.radians(min(89.0, abs(g.latitude) + 2 * _CELL)))
        lon_k = math.ceil(max_km / (111.0 * _CELL * cos)) if cos > 0 else 720
        lat_k = math.ceil(max_km / (111.0 * _CELL))
        for a in range(lat_i - lat_k, lat_i + lat_k + 1):
            for b in range(lon_i - lon_k, lon_i + lon_k + 1):
                near.append(("cell", a, b))
    return own, near


def independent_parts(
    mentions: Callable[[], Iterable[EventMention]],
    together: Iterable[Iterable[str]] = (),
    max_size: int = 5000,
) -> list[list[str]]:
    """The mention ids in parts that can be fused one at a time with the same result as all at once.

    ``mentions()`` gives every mention (figures are not needed), sorted by event type then date (undated
    ones anywhere); it is called twice: the first pass counts how many sentences hold each word (copies
    are looked up by their rarest words) and collects the undated mentions' keys. ``together``: sets of
    mention ids that must stay in one part (an analyst's merge or split). Parts are unions of groups,
    packed in date order up to ``max_size`` mentions (a larger group is one part of its own).
    """
    df: dict[str, int] = {}
    wanted: set[tuple] = set()
    undated: list[EventMention] = []
    for m in mentions():
        for w in _content_words(m.sentence):
            df[w] = df.get(w, 0) + 1
        if m.date.date is None:
            undated.append(m)
    for m in undated:
        wanted.update(_keys(m, df))
    ids: list[str] = []
    first_day: list[float] = []
    index: dict[str, int] = {}
    sets: dict[int, int] = {}

    def root(x: int) -> int:
        while sets[x] != x:
            sets[x] = sets[sets[x]]
            x = sets[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            sets[max(ra, rb)] = min(ra, rb)

    window = window_days()
    # the mentions of the last ``window`` days, by what a compatible pair must share (see _near)
    recent: dict[tuple, deque[tuple[int, int, EventMention]]] = {}
    timeline: deque[tuple[int, list[tuple]]] = deque()  # (day, keys filed) of each mention in the window
    first_with: dict[tuple, int] = {}  # a key an undated mention holds -> the first mention with it
    last: tuple[str, int] | None = None
    done: set[str] = set()
    for m in mentions():
        i = len(ids)
        ids.append(m.mention_id)
        index[m.mention_id] = i
        sets[i] = i
        if m.date.date is None:
            first_day.append(math.inf)
            continue
        day = m.date.date.toordinal()
        first_day.append(day)
        if last is not None and last[0] != m.event_type:
            done.add(last[0])  # event types may come in any order (a database's collation), each once
        if m.event_type in done or (last is not None and last[0] == m.event_type and day < last[1]):
            raise ValueError("independent_parts: dated mentions must come grouped by event type, by date")
        if last is None or last[0] != m.event_type:
            recent.clear()
            timeline.clear()
        last = (m.event_type, day)
        while timeline and timeline[0][0] < day - window:  # forget what left the window
            for key in timeline.popleft()[1]:
                found = recent[key]
                found.popleft()
                if not found:
                    del recent[key]
        own, near = _near(m, df)
        seen: set[int] = set()
        for key in near:
            for _, j, other in recent.get(key, ()):
                if j not in seen:
                    seen.add(j)
                    if may_merge(m, other):
                        union(i, j)
        for key in own:
            recent.setdefault(key, deque()).append((day, i, m))
        timeline.append((day, own))
        if wanted:
            for key in _keys(m, df):
                if key in wanted:
                    if key in first_with:
                        union(i, first_with[key])
                    else:
                        first_with[key] = i
    recent.clear()
    for m in undated:
        i = index[m.mention_id]
        for key in _keys(m, df) + [("article", m.event_type, m.article_id)]:
            if key in first_with:
                union(i, first_with[key])
            else:
                first_with[key] = i
    del undated, first_with, df
    for group in together:
        present = [index[m] for m in group if m in index]
        for a, b in zip(present, present[1:], strict=False):
            union(a, b)
    members: dict[int, list[int]] = {}
    for i in range(len(ids)):
        members.setdefault(root(i), []).append(i)
    groups = sorted(members.values(), key=lambda g: min(first_day[i] for i in g))
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
