"""Stories: events grouped over time into one offensive, one siege, one campaign on a place.

Two events belong to one story when they happened close to each other (``story_max_km``), within
``story_max_gap_days`` of each other, and share a named actor (not civilians or an unidentified group);
a story is a chain of such links, so a siege of months is one story as long as reports keep coming.
Only geocoded events (town or near-town precision) take part: a province centroid says too little.
Rules in ``data/fuse.yml``; a story's id derives from its events, as an event's from its mentions.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..geo.distance import haversine_km
from ..records import Event
from . import UnionFind, rules

__all__ = ["Story", "assign_stories", "stories"]


@dataclass(slots=True)
class Story:
    """A chain of events on one place and its surroundings, with one side in common from link to link."""

    story_id: str
    title: str
    first_date: date | None
    last_date: date | None
    location: str | None
    admin1: str | None
    event_ids: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    fatalities: int = 0


def _named_actors(e: Event) -> set[str]:
    generic = tuple(rules()["story_generic_actor_prefixes"])
    return {a for a in (e.actor1, e.actor2) if a and not a.startswith(generic)}


def _linked(a: Event, b: Event) -> bool:
    r = rules()
    if a.event_date is None or b.event_date is None:
        return False
    if abs((a.event_date - b.event_date).days) > r["story_max_gap_days"]:
        return False
    if haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) > r["story_max_km"]:
        return False
    return bool(_named_actors(a) & _named_actors(b))


def stories(events: list[Event]) -> list[Story]:
    """The stories of ``events`` (two or more events each), longest first, then by first date."""
    r = rules()
    placed = sorted(
        (
            e
            for e in events
            if e.latitude is not None
            and e.event_date is not None
            and (e.geo_precision or 3) <= r["story_max_geo_precision"]
        ),
        key=lambda e: (e.event_date, e.event_id),
    )
    sets = UnionFind(e.event_id for e in placed)
    gap = int(r["story_max_gap_days"])
    for i, a in enumerate(placed):
        for b in placed[i + 1 :]:
            if (b.event_date - a.event_date).days > gap:
                break  # sorted by date: nothing later can link to a
            if _linked(a, b):
                sets.union(a.event_id, b.event_id)
    by_id = {e.event_id: e for e in placed}
    out = [_story([by_id[i] for i in g]) for g in sets.groups() if len(g) >= 2]
    out.sort(key=lambda s: (-len(s.event_ids), s.first_date or date.min, s.story_id))
    return out


def _story(group: list[Event]) -> Story:
    ids = sorted(e.event_id for e in group)
    places = Counter(e.location for e in group if e.location)
    location = places.most_common(1)[0][0] if places else None
    admin1 = Counter(e.admin1 for e in group if e.admin1).most_common(1)
    actors = Counter(a for e in group for a in _named_actors(e))
    first = min(e.event_date for e in group)
    last = max(e.event_date for e in group)
    kinds = Counter(e.sub_event_type.lower() for e in group)
    what = " and ".join(k for k, _ in kinds.most_common(2))
    return Story(
        story_id="ST" + hashlib.sha1(ids[0].encode("utf-8")).hexdigest()[:12],
        title=f"{location or 'Unknown place'}: {what}, {first.isoformat()} to {last.isoformat()}",
        first_date=first,
        last_date=last,
        location=location,
        admin1=admin1[0][0] if admin1 else None,
        event_ids=ids,
        article_ids=sorted({s.article_id for e in group for s in e.sources}),
        actors=[a for a, _ in actors.most_common()],
        fatalities=sum(e.fatalities for e in group),
    )


def assign_stories(events: list[Event]) -> list[Story]:
    """Set ``Event.story_id`` on every event of a story (None elsewhere) and return the stories."""
    found = stories(events)
    of = {eid: s.story_id for s in found for eid in s.event_ids}
    for e in events:
        e.story_id = of.get(e.event_id)
    return found
