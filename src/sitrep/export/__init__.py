"""The output contract: JSON (``data/schema.json``), CSV with ACLED's columns, GeoJSON.

- JSON: ``{"articles": [...], "events": [...], "figures": [...]}``, event fields named as ACLED's export
  columns, dates ISO 8601; :func:`validate` checks a document against ``data/schema.json``.
- CSV: one row per event; ACLED's 31 export columns in ACLED's order, then sitrep's own columns
  (:data:`SITREP_COLUMNS`). ``event_date`` is ISO 8601 (YYYY-MM-DD), not ACLED's "02 June 2023";
  ``event_id_cnty`` holds sitrep's event id; ``timestamp`` and ``source_scale`` are left empty (they
  describe ACLED's own coding process); ``tags`` is empty.
- GeoJSON: an RFC 7946 FeatureCollection of Point features for the events with coordinates; the number
  of events left out for lack of coordinates is the foreign member ``sitrep_omitted``.
"""

from __future__ import annotations

import csv
import json
import logging
from dataclasses import asdict
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, TextIO

from ..errors import SitrepError
from ..records import Article, Event, Figure, Result, Source
from . import acled

log = logging.getLogger(__name__)

__all__ = [
    "FORMATS",
    "ACLED_COLUMNS",
    "SITREP_COLUMNS",
    "ContractError",
    "to_dict",
    "article_dict",
    "event_dict",
    "figure_dict",
    "csv_rows",
    "to_geojson",
    "write",
    "schema",
    "validate",
]

#: output formats of :func:`write`.
FORMATS = ("json", "csv", "geojson", "table")

#: ACLED's export columns, in ACLED's order.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
#: sitrep's own CSV columns, after ACLED's.
SITREP_COLUMNS = (
    "fatalities_low", "fatalities_high", "sources_count", "location_raw", "geo_step", "confidence",
    "source_ids", "mention_ids", "independent_sources", "grade", "conflicts", "story_id",
)  # fmt: skip


class ContractError(SitrepError):
    """A document does not follow the output contract (``data/schema.json``)."""


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def article_dict(a: Article) -> dict[str, Any]:
    """The contract's view of an article."""
    return {
        "id": a.id,
        "title": a.title,
        "outlet": a.outlet,
        "url": a.url,
        "published": _iso(a.published),
        "language": a.language,
        "status": a.status,
        "message": a.message,
    }


def source_dict(s: Source) -> dict[str, Any]:
    """The contract's view of one source of an event."""
    return {
        "article_id": s.article_id,
        "outlet": s.outlet,
        "sentence": s.sentence,
        "claimed_by": s.claimed_by,
        "mention_id": s.mention_id,
        "sentence_start": s.sentence_start,
        "sentence_end": s.sentence_end,
    }


def event_dict(e: Event) -> dict[str, Any]:
    """The contract's view of an event (ACLED's column names where one exists)."""
    return {
        "event_id": e.event_id,
        "event_date": _iso(e.event_date),
        "time_precision": e.time_precision,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": e.actor1,
        "assoc_actor_1": e.assoc_actor_1,
        "actor2": e.actor2,
        "assoc_actor_2": e.assoc_actor_2,
        "civilian_targeting": bool(e.civilian_targeting),
        "country": e.country,
        "admin1": e.admin1,
        "admin2": e.admin2,
        "admin3": e.admin3,
        "location": e.location,
        "latitude": e.latitude,
        "longitude": e.longitude,
        "geo_precision": e.geo_precision,
        "fatalities": e.fatalities,
        "fatalities_low": e.fatalities_low,
        "fatalities_high": e.fatalities_high,
        "notes": e.notes,
        "sources": [source_dict(s) for s in e.sources],
        "location_raw": e.location_raw,
        "geo_step": e.geo_step,
        "confidence": e.confidence,
        "iso": acled.event_iso(e),
        "conflicts": [{"field": c.field, "values": [asdict(v) for v in c.values]} for c in e.conflicts],
        "independent_sources": e.independent_sources,
        "grade": e.grade,
        "story_id": e.story_id,
    }


def figure_dict(f: Figure) -> dict[str, Any]:
    """The contract's view of a figure."""
    return {
        "article_id": f.article_id,
        "value": f.value,
        "low": f.low,
        "high": f.high,
        "qualifier": f.qualifier,
        "counts": f.counts,
        "subject": f.subject,
        "claimed_by": f.claimed_by,
        "sentence": f.sentence,
        "event_id": f.event_id,
        "text": f.text,
        "start": f.start,
        "end": f.end,
        "mention_id": f.mention_id,
        "sentence_start": f.sentence_start,
        "sentence_end": f.sentence_end,
        "is_subset": f.is_subset,
    }


def to_dict(result: Result) -> dict[str, Any]:
    """The JSON document of a result (see ``data/schema.json``)."""
    return {
        "articles": [article_dict(a) for a in result.articles],
        "events": [event_dict(e) for e in result.events],
        "figures": [figure_dict(f) for f in result.figures],
    }


def _cell(value: Any) -> Any:
    return "" if value is None else value


def csv_row(e: Event) -> dict[str, Any]:
    """One CSV row (ACLED's columns, then sitrep's) for an event."""
    inter1 = acled.inter_code(e.actor1, e.country)
    inter2 = acled.inter_code(e.actor2, e.country) if e.actor2 else None
    outlets = list(dict.fromkeys(s.outlet for s in e.sources if s.outlet))
    row = {
        "event_id_cnty": e.event_id,
        "event_date": _iso(e.event_date),
        "year": e.event_date.year if e.event_date else None,
        "time_precision": e.time_precision,
        "disorder_type": acled.disorder_type(e.event_type, e.sub_event_type),
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": e.actor1,
        "assoc_actor_1": e.assoc_actor_1,
        "inter1": inter1,
        "actor2": e.actor2,
        "assoc_actor_2": e.assoc_actor_2,
        "inter2": inter2,
        "interaction": acled.interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if e.civilian_targeting else "",
        "iso": acled.event_iso(e),
        "region": acled.region(e.country),
        "country": e.country,
        "admin1": e.admin1,
        "admin2": e.admin2,
        "admin3": e.admin3,
        "location": e.location,
        "latitude": e.latitude,
        "longitude": e.longitude,
        "geo_precision": e.geo_precision,
        "source": "; ".join(outlets),
        "source_scale": "",
        "notes": e.notes,
        "fatalities": e.fatalities,
        "tags": "",
        "timestamp": "",
        "fatalities_low": e.fatalities_low,
        "fatalities_high": e.fatalities_high,
        "sources_count": len(e.sources),
        "location_raw": e.location_raw,
        "geo_step": e.geo_step,
        "confidence": e.confidence,
        "source_ids": "; ".join(s.article_id for s in e.sources),
        "mention_ids": "; ".join(m.mention_id for m in e.mentions),
        "independent_sources": e.independent_sources,
        "grade": e.grade,
        "conflicts": "; ".join(c.field for c in e.conflicts),
        "story_id": e.story_id,
    }
    return {k: _cell(v) for k, v in row.items()}


def csv_rows(result: Result) -> list[dict[str, Any]]:
    """The CSV rows of a result, one per event."""
    return [csv_row(e) for e in result.events]


def to_geojson(result: Result) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection of the events with coordinates (``sitrep_omitted`` counts the others)."""
    features, omitted = [], 0
    for e in result.events:
        if e.latitude is None or e.longitude is None:
            omitted += 1
            continue
        features.append(
            {
                "type": "Feature",
                "id": e.event_id,
                "geometry": {"type": "Point", "coordinates": [e.longitude, e.latitude]},
                "properties": event_dict(e),
            }
        )
    return {"type": "FeatureCollection", "features": features, "sitrep_omitted": omitted}


def write(result: Result, fp: TextIO, fmt: str = "json") -> None:
    """Write ``result`` to ``fp`` as ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        json.dump(to_dict(result), fp, ensure_ascii=False, indent=2)
        fp.write("\n")
    elif fmt == "geojson":
        json.dump(to_geojson(result), fp, ensure_ascii=False, indent=2)
        fp.write("\n")
    elif fmt == "csv":
        writer = csv.DictWriter(fp, fieldnames=ACLED_COLUMNS + SITREP_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(csv_rows(result))
    elif fmt == "table":
        fp.write(to_table(result))
    else:
        raise ContractError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")


def to_table(result: Result) -> str:
    """A plain-text summary for people: one block per event, its sources quoted (not a contract format)."""
    lines = [
        f"{len(result.events)} events from {len(result.articles)} articles, {len(result.figures)} figures",
        "",
    ]
    for e in sorted(result.events, key=lambda ev: (_iso(ev.event_date) or "", ev.event_id)):
        toll = (
            str(e.fatalities)
            if e.fatalities_low == e.fatalities_high
            else (f"{e.fatalities} ({e.fatalities_low}-{e.fatalities_high})")
        )
        place = ", ".join(p for p in (e.location, e.admin1, e.country) if p) or (e.location_raw or "?")
        lines.append(
            f"{_iso(e.event_date) or 'date unknown'}  {e.sub_event_type}  {place}  fatalities {toll}"
        )
        actors = " vs ".join(a for a in (e.actor1, e.actor2) if a)
        if actors:
            lines.append(f"    actors: {actors}")
        grade = e.grade.replace("_", " ")
        lines.append(f"    grade: {grade} ({e.independent_sources} independent of {len(e.sources)} sources)")
        for c in e.conflicts:
            said = "; ".join(f"{v.value} ({v.claimed_by or v.article_id})" for v in c.values)
            lines.append(f"    sources disagree on {c.field.replace('_', ' ')}: {said}")
        for src in e.sources:
            claim = f" [{src.claimed_by}]" if src.claimed_by else ""
            lines.append(f"    - {src.outlet or src.article_id}{claim}: {src.sentence.strip()}")
        lines.append("")
    return "\n".join(lines) + "\n"


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON output, from ``data/schema.json``."""
    return json.loads(resources.files("sitrep.data").joinpath("schema.json").read_text(encoding="utf-8"))


@cache
def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate(doc: dict) -> None:
    """Check a JSON output document against the contract; raises :class:`ContractError` listing the errors."""
    errors = sorted(_validator().iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        shown = "; ".join(f"/{'/'.join(str(p) for p in e.absolute_path)}: {e.message}" for e in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        raise ContractError(f"output does not follow the sitrep schema: {shown}{more}")
