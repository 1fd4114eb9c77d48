"""What the analyst's page shows, as plain JSON-ready dicts: the events (for the map, the timeline and the
table), one event with its sources, figures, conflicts, corrections and fusion history, and an article.

The web routes (:mod:`sitrep.web.app`) are thin shells over these functions. Everything here is data:
article text and sentences are returned as text, never as HTML, and the page inserts them as text nodes.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import date
from typing import Any

from .corrections import FIELDS, corrections_for, sub_event_types
from .errors import NotFound
from .export import article_dict, event_dict
from .records import GRADES, Event, EventMention, Figure
from .store import Store

log = logging.getLogger(__name__)

__all__ = ["event_summaries", "event_detail", "article_view", "facets"]


def _summary(e: Event) -> dict[str, Any]:
    return {
        "event_id": e.event_id,
        "event_date": e.event_date.isoformat() if e.event_date else None,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": e.actor1,
        "actor2": e.actor2,
        "location": e.location or e.location_raw,
        "admin1": e.admin1,
        "country": e.country,
        "latitude": e.latitude,
        "longitude": e.longitude,
        "fatalities": e.fatalities,
        "fatalities_low": e.fatalities_low,
        "fatalities_high": e.fatalities_high,
        "grade": e.grade,
        "conflicts": len(e.conflicts),
        "sources": len(e.sources),
        "notes": e.notes,
    }


def event_summaries(
    store: Store,
    *,
    since: date | None = None,
    until: date | None = None,
    event_type: str | None = None,
    actor: str | None = None,
    place: str | None = None,
    grade: str | None = None,
    has_conflicts: bool | None = None,
) -> dict[str, Any]:
    """The events matching the filters, one short dict each (what the map, timeline and table draw):
    ``{"events": [...], "count": n}``. ``grade`` must be one of :data:`sitrep.records.GRADES` (the web
    layer validates it); the other filters are those of :meth:`Store.list_events`."""
    found = store.list_events(
        since=since,
        until=until,
        event_type=event_type,
        actor=actor,
        place=place,
        grade=grade,
        has_conflicts=has_conflicts,
    )
    return {"events": [_summary(e) for e in found], "count": len(found)}


def _highlights(m: EventMention, figures: list[Figure]) -> list[dict[str, Any]]:
    """The figures of a mention as spans of its sentence (offsets into ``m.sentence``)."""
    out = []
    for f in figures:
        start = f.start - m.sentence_start
        end = f.end - m.sentence_start
        if not (0 <= start < end <= len(m.sentence)) or m.sentence[start:end] != f.text:
            # the figure was read from a neighbouring sentence of a multi-sentence mention: find its text
            at = m.sentence.find(f.text)
            if at < 0:
                continue
            start, end = at, at + len(f.text)
        out.append(
            {
                "start": start,
                "end": end,
                "text": f.text,
                "value": f.value,
                "counts": f.counts,
                "qualifier": f.qualifier,
                "subject": f.subject,
                "claimed_by": f.claimed_by,
            }
        )
    out.sort(key=lambda h: h["start"])
    # overlapping spans cannot both be marked: keep the first
    kept: list[dict[str, Any]] = []
    for h in out:
        if not kept or h["start"] >= kept[-1]["end"]:
            kept.append(h)
    return kept


def event_detail(store: Store, event_id: str) -> dict[str, Any]:
    """One event for its panel: the contract's event fields, every mention (source sentence quoted, its
    figures as highlight spans, claimant, outlet, article link), the conflicts side by side, the analyst's
    corrections of it, and fusion's history of its id. Raises :class:`NotFound`."""
    found = store.get_event(event_id)
    if found is None:
        raise NotFound(f"no event {event_id!r} is stored")
    event = found.events[0]
    articles = {a.id: a for a in found.articles}
    mentions = []
    for m in event.mentions:
        a = articles.get(m.article_id)
        mentions.append(
            {
                "mention_id": m.mention_id,
                "article_id": m.article_id,
                "article_title": a.title if a else None,
                "published": a.published.isoformat() if a and a.published else None,
                "url": a.url if a else None,
                "outlet": m.outlet or (a.outlet if a else None),
                "sentence": m.sentence,
                "claimed_by": m.claimed_by,
                "fatalities": m.fatalities,
                "sub_event_type": m.sub_event_type,
                "event_date": m.date.date.isoformat() if m.date.date else None,
                "place": m.place.text if m.place else None,
                "figures": _highlights(m, m.figures),
            }
        )
    out = event_dict(event)
    out["mentions"] = mentions
    out["corrections"] = [asdict(c) for c in corrections_for(store, event)]
    out["history"] = [asdict(c) for c in store.event_history(event_id)]
    return out


def article_view(store: Store, article_id: str) -> dict[str, Any]:
    """An article for reading: its metadata and cleaned text (as text). Raises :class:`NotFound`."""
    article = store.get_article(article_id)
    if article is None:
        raise NotFound(f"no article {article_id!r} is stored")
    out = article_dict(article)
    out["text"] = article.text
    return out


def facets() -> dict[str, Any]:
    """The vocabularies the page's filters and correction forms offer: event types with their sub-types,
    grades, and the correctable fields."""
    types: dict[str, list[str]] = {}
    for sub, parent in sub_event_types().items():
        types.setdefault(parent, []).append(sub)
    return {"event_types": types, "grades": list(GRADES), "fields": list(FIELDS)}
