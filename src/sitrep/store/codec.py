"""Conversions between records and table rows (JSON in TEXT columns for nested records)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import Any

from ..records import (
    Article,
    ClaimValue,
    Conflict,
    Correction,
    DateResolution,
    Event,
    EventMention,
    Figure,
    GeoCandidate,
    GeoResult,
    OffsetMap,
    PlaceMention,
    Source,
)


def _dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def content_hash(article: Article) -> str:
    """The article's content hash, or one computed from its text when the reader set none."""
    if article.content_hash:
        return article.content_hash
    return hashlib.sha256(
        (article.raw_text if article.raw_text is not None else article.text).encode("utf-8")
    ).hexdigest()


def article_row(a: Article) -> dict:
    return {
        "id": a.id,
        "content_hash": content_hash(a),
        "title": a.title,
        "outlet": a.outlet,
        "url": a.url,
        "published": a.published,
        "published_source": a.published_source,
        "language": a.language,
        "status": a.status,
        "message": a.message,
        "origin": a.origin,
        "text": a.text,
        "raw_text": a.raw_text,
        "offsets": _dumps([list(s) for s in a.offsets.segments]),
    }


def article_from_row(r: Any) -> Article:
    return Article(
        id=r.id,
        text=r.text,
        title=r.title,
        outlet=r.outlet,
        url=r.url,
        published=r.published,
        published_source=r.published_source,
        language=r.language,
        status=r.status,
        message=r.message,
        origin=r.origin,
        raw_text=r.raw_text,
        offsets=OffsetMap([tuple(s) for s in json.loads(r.offsets)] if r.offsets else []),
        content_hash=r.content_hash,
    )


def mention_row(m: EventMention, ord_: int) -> dict:
    g = m.geo
    return {
        "mention_id": m.mention_id,
        "article_id": m.article_id,
        "sentence": m.sentence,
        "sentence_start": m.sentence_start,
        "sentence_end": m.sentence_end,
        "event_type": m.event_type,
        "sub_event_type": m.sub_event_type,
        "trigger": m.trigger,
        "actor1": m.actor1,
        "assoc_actor_1": m.assoc_actor_1,
        "actor2": m.actor2,
        "assoc_actor_2": m.assoc_actor_2,
        "civilian_targeting": m.civilian_targeting,
        "date": m.date.date,
        "date_precision": m.date.precision,
        "date_text": m.date.text,
        "date_method": m.date.method,
        "place": _dumps(asdict(m.place)) if m.place is not None else None,
        "geo": _dumps(asdict(g)) if g is not None else None,
        "geo_location": g.location if g else None,
        "geo_country": g.country if g else None,
        "geo_admin1": g.admin1 if g else None,
        "geo_latitude": g.latitude if g else None,
        "geo_longitude": g.longitude if g else None,
        "geo_precision": g.geo_precision if g else None,
        "geonameid": g.geonameid if g else None,
        "geo_step": g.step if g else None,
        "fatalities": m.fatalities,
        "fatalities_low": m.fatalities_low,
        "fatalities_high": m.fatalities_high,
        "claimed_by": m.claimed_by,
        "outlet": m.outlet,
        "extractor": m.extractor,
        "confidence": m.confidence,
        "ord": ord_,
        "retold": json.dumps([list(span) for span in m.retold]),
    }


def _geo_from_json(text: str | None) -> GeoResult | None:
    if text is None:
        return None
    d = json.loads(text)
    d["candidates"] = [GeoCandidate(**c) for c in d.get("candidates", [])]
    return GeoResult(**d)


def mention_from_row(r: Any, figures: list[Figure]) -> EventMention:
    return EventMention(
        mention_id=r.mention_id,
        article_id=r.article_id,
        sentence=r.sentence,
        sentence_start=r.sentence_start,
        sentence_end=r.sentence_end,
        event_type=r.event_type,
        sub_event_type=r.sub_event_type,
        trigger=r.trigger,
        actor1=r.actor1,
        assoc_actor_1=r.assoc_actor_1,
        actor2=r.actor2,
        assoc_actor_2=r.assoc_actor_2,
        civilian_targeting=bool(r.civilian_targeting),
        date=DateResolution(date=r.date, precision=r.date_precision, text=r.date_text, method=r.date_method),
        place=PlaceMention(**json.loads(r.place)) if r.place is not None else None,
        geo=_geo_from_json(r.geo),
        figures=figures,
        fatalities=r.fatalities,
        fatalities_low=r.fatalities_low,
        fatalities_high=r.fatalities_high,
        claimed_by=r.claimed_by,
        outlet=r.outlet,
        extractor=r.extractor,
        confidence=r.confidence,
        retold=[(int(a), int(b)) for a, b in json.loads(r.retold or "[]")],
    )


def figure_row(f: Figure, ord_: int, owner: str | None, in_article_list: bool) -> dict:
    return {
        "article_id": f.article_id,
        "ord": ord_,
        "owner_mention_id": owner,
        "in_article_list": in_article_list,
        "mention_id": f.mention_id,
        "event_id": f.event_id,
        "value": f.value,
        "low": f.low,
        "high": f.high,
        "qualifier": f.qualifier,
        "counts": f.counts,
        "subject": f.subject,
        "claimed_by": f.claimed_by,
        "sentence": f.sentence,
        "sentence_start": f.sentence_start,
        "sentence_end": f.sentence_end,
        "start_offset": f.start,
        "end_offset": f.end,
        "text": f.text,
        "extractor": f.extractor,
        "confidence": f.confidence,
        "is_subset": f.is_subset,
    }


def figure_from_row(r: Any) -> Figure:
    return Figure(
        article_id=r.article_id,
        value=r.value,
        low=r.low,
        high=r.high,
        qualifier=r.qualifier,
        counts=r.counts,
        subject=r.subject,
        claimed_by=r.claimed_by,
        sentence=r.sentence,
        sentence_start=r.sentence_start,
        sentence_end=r.sentence_end,
        start=r.start_offset,
        end=r.end_offset,
        text=r.text,
        extractor=r.extractor,
        confidence=r.confidence,
        is_subset=bool(r.is_subset),
        event_id=r.event_id,
        mention_id=r.mention_id,
    )


def event_row(e: Event) -> dict:
    return {
        "event_id": e.event_id,
        "event_date": e.event_date,
        "time_precision": e.time_precision,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": e.actor1,
        "assoc_actor_1": e.assoc_actor_1,
        "actor2": e.actor2,
        "assoc_actor_2": e.assoc_actor_2,
        "civilian_targeting": e.civilian_targeting,
        "country": e.country,
        "iso": e.iso,
        "admin1": e.admin1,
        "admin2": e.admin2,
        "admin3": e.admin3,
        "location": e.location,
        "latitude": e.latitude,
        "longitude": e.longitude,
        "geo_precision": e.geo_precision,
        "location_raw": e.location_raw,
        "geo_step": e.geo_step,
        "fatalities": e.fatalities,
        "fatalities_low": e.fatalities_low,
        "fatalities_high": e.fatalities_high,
        "notes": e.notes,
        "confidence": e.confidence,
        "sources": _dumps([asdict(s) for s in e.sources]),
        "conflicts": _dumps([asdict(c) for c in e.conflicts]),
        "independent_sources": e.independent_sources,
        "grade": e.grade,
        "story_id": e.story_id,
    }


def event_from_row(r: Any) -> Event:
    return Event(
        event_id=r.event_id,
        event_date=r.event_date,
        time_precision=r.time_precision,
        event_type=r.event_type,
        sub_event_type=r.sub_event_type,
        actor1=r.actor1,
        assoc_actor_1=r.assoc_actor_1,
        actor2=r.actor2,
        assoc_actor_2=r.assoc_actor_2,
        civilian_targeting=bool(r.civilian_targeting),
        country=r.country,
        iso=r.iso,
        admin1=r.admin1,
        admin2=r.admin2,
        admin3=r.admin3,
        location=r.location,
        latitude=r.latitude,
        longitude=r.longitude,
        geo_precision=r.geo_precision,
        location_raw=r.location_raw,
        geo_step=r.geo_step,
        fatalities=r.fatalities,
        fatalities_low=r.fatalities_low,
        fatalities_high=r.fatalities_high,
        notes=r.notes,
        confidence=r.confidence,
        sources=[Source(**s) for s in json.loads(r.sources)],
        conflicts=[
            Conflict(c["field"], [ClaimValue(**v) for v in c["values"]])
            for c in json.loads(r.conflicts or "[]")
        ],
        independent_sources=r.independent_sources or 1,
        grade=r.grade or "single_source",
        story_id=r.story_id,
    )


def correction_row(c: Correction) -> dict:
    return {
        "at": c.at,
        "who": c.who,
        "action": c.action,
        "event_id": c.event_id,
        "field": c.field,
        "old": json.dumps(c.old, ensure_ascii=False, sort_keys=True),
        "new": json.dumps(c.new, ensure_ascii=False, sort_keys=True),
        "mention_ids": json.dumps(sorted(c.mention_ids), ensure_ascii=False),
    }


def correction_from_row(r: Any) -> Correction:
    return Correction(
        action=r.action,
        event_id=r.event_id,
        mention_ids=json.loads(r.mention_ids),
        who=r.who,
        at=r.at,
        field=r.field,
        old=json.loads(r.old),
        new=json.loads(r.new),
        id=r.id,
    )
