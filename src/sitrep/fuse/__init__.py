"""Cross-article event coreference: cluster :class:`EventMention`\\ s into ACLED-style :class:`Event`\\ s.

Rules (thresholds in ``data/fuse.yml``):

- two mentions can merge only if they have the same ``event_type``, compatible dates, places and actors
  (see :func:`compatible`); a cluster is formed greedily with *complete linkage* (a mention joins a
  cluster only if it is compatible with every member), over the mentions sorted by ``mention_id``, so the
  result does not depend on the input order;
- within one article, two mentions merge only if they also share place, date and sub-event type;
- ``event_id`` is ``"SR"`` + a short hash of the cluster's smallest ``mention_id``.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Iterable
from datetime import date
from functools import cache
from importlib import resources

import yaml

from ..geo.distance import haversine_km
from ..records import TIME_PRECISION_MONTH, Event, EventMention, Source

log = logging.getLogger(__name__)

__all__ = ["fuse", "assign_event_ids", "compatible", "event_id_for", "make_notes", "haversine_km"]


@cache
def rules() -> dict:
    """The fusion rules of ``data/fuse.yml``."""
    return yaml.safe_load(resources.files("sitrep.data").joinpath("fuse.yml").read_text(encoding="utf-8"))


def event_id_for(mention_ids: Iterable[str]) -> str:
    """The stable id of the event made of these mentions: "SR" + 12 hex digits of sha1(smallest id)."""
    return "SR" + hashlib.sha1(min(mention_ids).encode("utf-8")).hexdigest()[:12]


def _norm(text: str | None) -> str:
    """Normalised place / actor string: lower case, letters and digits only."""
    return re.sub(r"[\W_]+", "", (text or "").casefold())


def _raw_place(m: EventMention) -> str:
    if m.place is None:
        return ""
    return _norm(m.place.name or m.place.text)


def _coords(m: EventMention) -> tuple[float, float] | None:
    if m.geo is not None and m.geo.latitude is not None and m.geo.longitude is not None:
        return m.geo.latitude, m.geo.longitude
    return None


def _same_known_place(a: EventMention, b: EventMention) -> bool:
    """Same gazetteer entry or same place string (both must have a place)."""
    ga, gb = a.geo, b.geo
    if ga is not None and gb is not None and ga.geonameid is not None and ga.geonameid == gb.geonameid:
        return True
    ra, rb = _raw_place(a), _raw_place(b)
    return bool(ra) and ra == rb


def _places_compatible(a: EventMention, b: EventMention) -> bool:
    r = rules()
    ca, cb = _coords(a), _coords(b)
    if ca is not None and cb is not None:
        km = haversine_km(*ca, *cb)
        if km > r["max_km"]:
            return False  # never merge far apart, whatever the strings say
        if _same_known_place(a, b):
            return True
        if km <= r["merge_km"]:
            # Region-level geocodes (province centroids) say little: equal coordinates are not enough.
            coarse = max(a.geo.geo_precision or 1, b.geo.geo_precision or 1) >= 3
            return not coarse or a.sub_event_type == b.sub_event_type
        return False
    return _same_known_place(a, b)


def _dates_compatible(a: EventMention, b: EventMention) -> bool | None:
    """True / False when both dates are known; None when either is unknown."""
    da, db = a.date.date, b.date.date
    if da is None or db is None:
        return None
    r = rules()
    days = abs((da - db).days)
    pa, pb = a.date.precision or 1, b.date.precision or 1
    if pa == 1 and pb == 1:
        return days <= r["max_days_day_precision"]
    if days > r["max_days_coarse_precision"]:
        return False
    if TIME_PRECISION_MONTH in (pa, pb):
        return (da.year, da.month) == (db.year, db.month)
    return True


def _known(name: str | None) -> str:
    """The normalised actor name, or "" for none or an unidentified group (which any named actor may be)."""
    norm = _norm(name)
    return "" if norm.startswith("unidentified") else norm


def _actors_compatible(a: EventMention, b: EventMention) -> bool:
    a1, b1 = _known(a.actor1), _known(b.actor1)
    if not a1 or not b1 or a1 == b1:
        return True
    # The same event told from the other side: "X attacked Y" / "Y clashed with X".
    return a1 == _norm(b.actor2) or _norm(a.actor2) == b1


def compatible(a: EventMention, b: EventMention) -> bool:
    """Whether two mentions may report the same event (the pairwise rule of :func:`fuse`)."""
    if a.event_type != b.event_type:
        return False
    dates = _dates_compatible(a, b)
    if a.article_id == b.article_id:
        # One article tells two events apart by place, date or kind; absent place/date count as shared.
        if a.sub_event_type != b.sub_event_type or a.date.date != b.date.date:
            return False
        if (a.place is None) != (b.place is None):
            return False
        if a.place is not None and not _places_compatible(a, b):
            return False
        return _actors_compatible(a, b)
    if dates is False:
        return False
    if dates is None and not (_same_known_place(a, b) and a.sub_event_type == b.sub_event_type):
        return False
    return _places_compatible(a, b) and _actors_compatible(a, b)


def _order(m: EventMention) -> tuple:
    """A total order on mentions that does not depend on the input order."""
    return (m.article_id, m.sentence_start, m.mention_id)


def _cluster(mentions: list[EventMention]) -> list[list[EventMention]]:
    """Greedy complete-linkage clustering: each mention joins the first cluster it is compatible with.

    Blocking keeps this fast on large stores without changing the result: a cluster is a candidate for a
    dated mention only if it has a member dated within ``max_days_coarse_precision`` days (any member
    farther away would veto the merge anyway) or has no dated member at all.
    """
    window = int(rules()["max_days_coarse_precision"])
    clusters: list[list[EventMention]] = []
    by_day: dict[tuple[str, int], set[int]] = {}  # (event_type, day ordinal) -> clusters with a member then
    undated: dict[str, set[int]] = {}  # event_type -> clusters with no dated member
    by_type: dict[str, list[int]] = {}
    for m in sorted(mentions, key=_order):
        if m.date.date is None:
            candidates = by_type.get(m.event_type, [])
        else:
            day = m.date.date.toordinal()
            near: set[int] = set(undated.get(m.event_type, ()))
            for d in range(day - window, day + window + 1):
                near |= by_day.get((m.event_type, d), set())
            candidates = sorted(near)
        for index in candidates:
            cluster = clusters[index]
            if all(compatible(m, other) for other in cluster):
                cluster.append(m)
                break
        else:
            index = len(clusters)
            clusters.append([m])
            by_type.setdefault(m.event_type, []).append(index)
            undated.setdefault(m.event_type, set()).add(index)
        if m.date.date is not None:
            undated.get(m.event_type, set()).discard(index)
            by_day.setdefault((m.event_type, m.date.date.toordinal()), set()).add(index)
    return clusters


def _majority(values: list[str | None]) -> str | None:
    """Most frequent non-empty value; ties go to the earliest (in ``values`` order)."""
    present = [v for v in values if v]
    if not present:
        return None
    counts = Counter(present)
    best = max(counts.values())
    return next(v for v in present if counts[v] == best)


def _sub_event_type(cluster: list[EventMention]) -> str:
    counts = Counter(m.sub_event_type for m in cluster)
    generic = set(rules()["generic_sub_event_types"])
    # Majority first, then specific over generic, then the first mention's order.
    order = {s: i for i, s in reversed(list(enumerate(m.sub_event_type for m in cluster)))}
    return min(counts, key=lambda s: (-counts[s], s in generic, order[s]))


def _date(cluster: list[EventMention]) -> tuple[date | None, int | None]:
    dated = [m.date for m in cluster if m.date.date is not None]
    if not dated:
        return None, None
    best = min(dated, key=lambda d: (d.precision or 1, d.date))
    return best.date, best.precision or 1


def _best_geo_mention(cluster: list[EventMention]) -> EventMention | None:
    geocoded = [m for m in cluster if _coords(m) is not None]
    if not geocoded:
        return None
    return min(geocoded, key=lambda m: (m.geo.geo_precision or 3, -(m.geo.confidence or 0.0)))


def _fatalities(cluster: list[EventMention]) -> tuple[int, int, int]:
    """ACLED's rule: the lowest credible figure across sources; each article counts with its highest report.

    A mention with no figure (0) is not a report of zero deaths, so it is left out.
    """
    per_article: dict[str, int] = {}
    lows, highs = [], []
    for m in cluster:
        if m.fatalities > 0 or m.fatalities_high > 0:
            per_article[m.article_id] = max(per_article.get(m.article_id, 0), m.fatalities)
            lows.append(m.fatalities_low)
            highs.append(m.fatalities_high)
    if not per_article:
        return 0, 0, 0
    best = min(per_article.values())
    return best, min(lows + [best]), max(highs + [best])


def make_notes(event: Event) -> str:
    """A one-sentence summary of the event built from its fields, e.g.
    "On 2017-04-05, air/drone strike by X in Y, killing 3 people." (templates in ``data/fuse.yml``)."""
    t = rules()["notes"]
    parts = {
        "date": t["date"].format(date=event.event_date.isoformat())
        if event.event_date
        else t["date_unknown"],
        "what": event.sub_event_type.lower() if event.sub_event_type else event.event_type.lower(),
        "by": t["by"].format(actor1=event.actor1) if event.actor1 else "",
        "against": t["against"].format(actor2=event.actor2) if event.actor2 else "",
        "where": "",
        "killing": "",
    }
    place = event.location or event.location_raw
    if place:
        key = "where_near" if (event.geo_precision or 1) >= 2 else "where"
        parts["where"] = t[key].format(location=place)
    if event.fatalities == 1:
        parts["killing"] = t["killing_one"]
    elif event.fatalities > 1:
        parts["killing"] = t["killing_many"].format(fatalities=event.fatalities)
    return t["template"].format(**parts)


def _confidence(cluster: list[EventMention]) -> float:
    base = sum(m.confidence for m in cluster) / len(cluster)
    outlets = {m.outlet or f"article:{m.article_id}" for m in cluster}
    return round(min(rules()["max_confidence"], 1 - (1 - base) ** len(outlets)), 3)


def _event(cluster: list[EventMention]) -> Event:
    ordered = sorted(cluster, key=_order)
    event_date, precision = _date(ordered)
    # a source that names the actor beats one that could not ("Unidentified Armed Group")
    named = [m.actor1 for m in ordered if _known(m.actor1)]
    actor1 = _majority(named or [m.actor1 for m in ordered])
    # Sources may tell the event from either side ("X attacked Y" / "Y clashed with X"): a swapped source's
    # actor1 is the other side. Both sides may be one actor (an intra-group clash).
    actor2 = _majority([m.actor1 if m.actor2 == actor1 and m.actor1 != actor1 else m.actor2 for m in ordered])
    fatalities, low, high = _fatalities(ordered)
    event = Event(
        event_id=event_id_for(m.mention_id for m in ordered),
        event_date=event_date,
        time_precision=precision,
        event_type=ordered[0].event_type,
        sub_event_type=_sub_event_type(ordered),
        actor1=actor1,
        assoc_actor_1=_majority([m.assoc_actor_1 for m in ordered]),
        actor2=actor2,
        assoc_actor_2=_majority([m.assoc_actor_2 for m in ordered]),
        civilian_targeting=any(m.civilian_targeting for m in ordered),
        fatalities=fatalities,
        fatalities_low=low,
        fatalities_high=high,
        mentions=ordered,
        confidence=_confidence(ordered),
    )
    geo_mention = _best_geo_mention(ordered)
    placed = next((m for m in ordered if m.place is not None), None)
    if geo_mention is not None:
        g = geo_mention.geo
        event.country, event.iso, event.location = g.country, g.iso, g.location
        event.admin1, event.admin2, event.admin3 = g.admin1, g.admin2, g.admin3
        event.latitude, event.longitude, event.geo_precision = g.latitude, g.longitude, g.geo_precision
        event.geo_step, event.location_raw = (
            g.step,
            g.raw or (geo_mention.place.text if geo_mention.place else None),
        )
    elif placed is not None:
        event.location_raw = placed.place.text
        if placed.geo is not None:  # abstained geocode: keep the step and any country it found
            event.geo_step, event.country, event.iso = placed.geo.step, placed.geo.country, placed.geo.iso
    seen: set[str] = set()
    for m in ordered:  # one source per article: its first mention of the event
        if m.article_id in seen:
            continue
        seen.add(m.article_id)
        event.sources.append(
            Source(
                m.article_id,
                m.outlet,
                m.sentence,
                m.claimed_by,
                m.mention_id,
                m.sentence_start,
                m.sentence_end,
            )
        )
    event.notes = make_notes(event)
    return event


def fuse(mentions: list[EventMention]) -> list[Event]:
    """Cluster event mentions (from one or many articles) into events, one :class:`Source` per article.

    Events come sorted by date (unknown last), then id; mentions keep their figures.
    """
    events = [_event(c) for c in _cluster(list(mentions))]
    events.sort(key=lambda e: (e.event_date is None, e.event_date or date.min, e.event_id))
    log.debug("fused %d mentions into %d events", len(mentions), len(events))
    return events


def assign_event_ids(events: list[Event]) -> None:
    """Set ``Figure.event_id`` on every figure of every mention of ``events``."""
    for event in events:
        for mention in event.mentions:
            for figure in mention.figures:
                figure.event_id = event.event_id
