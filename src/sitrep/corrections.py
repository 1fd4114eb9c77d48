"""An analyst's corrections to the fused events: set a field, merge events, split an event.

Each correction is stored with who made it, when, and the old and new value (``Store.corrections``), and is
applied after EVERY fusion (:func:`apply_corrections`, called by ``pipeline._fused``): re-ingesting and
re-fusing never overwrite a corrected field, never undo a merge or a split.

Event ids derive from an event's smallest mention id and change when fusion regroups mentions, so a
correction is keyed by mentions: a field correction applies to the event that holds most of the mentions
the event had when it was corrected; a merge joins whatever events now hold the merged mentions; a split
keeps the mentions split off apart from the rest of the event they were split from.

The operations (:func:`correct_event`, :func:`merge_events`, :func:`split_event`) store the correction and
re-fuse the store in one transaction, so the stored events show it at once.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import CorrectionError, NotFound
from .fuse import build_event, event_id_for, make_notes
from .records import Correction, Event

log = logging.getLogger(__name__)

__all__ = [
    "FIELDS",
    "apply_corrections",
    "correct_event",
    "merge_events",
    "split_event",
    "corrections_for",
    "export_corrections",
    "write_corrections",
    "safe_export_path",
    "sub_event_types",
]

#: the fields an analyst may correct ("sub_event_type" sets the event type too; "place" is
#: {"location", "latitude", "longitude", "admin1", "country"})
FIELDS = (
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "place",
    "event_date",
    "fatalities",
)
_ACTOR_FIELDS = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
_MAX_TEXT = 255
#: the largest toll an analyst may enter (as the machine's cap on one event's killed)
_MAX_FATALITIES = 1_000_000


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def sub_event_types() -> dict[str, str]:
    """ACLED's sub-event types, each with its event type (from ``data/taxonomy.yml``)."""
    return dict(_parents())


@cache
def _parents() -> dict[str, str]:
    data = yaml.safe_load(resources.files("sitrep.data").joinpath("taxonomy.yml").read_text(encoding="utf-8"))
    return {sub: et for et, subs in data["event_types"].items() for sub in subs}


def _who(who: str | None) -> str:
    # a name typed by an analyst: kept short and free of control characters (it is shown in the page)
    name = re.sub(r"[\x00-\x1f\x7f]", "", (who or "").strip())[:100]
    return name or "analyst"


def _text(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise CorrectionError(f"{what} must be text")
    value = re.sub(r"[\x00-\x1f\x7f]", " ", value).strip()
    if len(value) > _MAX_TEXT:
        raise CorrectionError(f"{what} is longer than {_MAX_TEXT} characters")
    return value or None


def _number(value: Any, what: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise CorrectionError(f"{what} must be a number")
    try:
        number = float(value)
    except ValueError as exc:
        raise CorrectionError(f"{what} must be a number") from exc
    if not math.isfinite(number) or not low <= number <= high:
        raise CorrectionError(f"{what} must be between {low:g} and {high:g}")
    return number


def normalise_value(field: str, value: Any) -> Any:
    """The JSON value stored for a correction of ``field`` to ``value``; raises :class:`CorrectionError`
    for an unknown field or a bad value."""
    if field not in FIELDS:
        raise CorrectionError(f"cannot correct {field!r}: one of {', '.join(FIELDS)}")
    if field == "sub_event_type":
        types = _parents()
        if value not in types:
            raise CorrectionError(f"unknown sub-event type {value!r}")
        return value
    if field in _ACTOR_FIELDS:
        return _text(value, field)
    if field == "event_date":
        if not isinstance(value, str):
            raise CorrectionError("event_date must be an ISO date (YYYY-MM-DD)")
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError as exc:
            raise CorrectionError(f"event_date {value!r} is not an ISO date (YYYY-MM-DD)") from exc
    if field == "fatalities":
        number = _number(value, "fatalities", 0, _MAX_FATALITIES)
        if number != int(number):
            raise CorrectionError("fatalities must be a whole number")
        return int(number)
    # place
    if not isinstance(value, dict):
        raise CorrectionError('place must be {"location": ..., "latitude": ..., "longitude": ...}')
    unknown = set(value) - {"location", "latitude", "longitude", "admin1", "country"}
    if unknown:
        raise CorrectionError(f"unknown place keys: {', '.join(sorted(unknown))}")
    location = _text(value.get("location"), "location")
    if not location:
        raise CorrectionError("place needs a location name")
    lat, lon = value.get("latitude"), value.get("longitude")
    if (lat is None or lat == "") != (lon is None or lon == ""):
        raise CorrectionError("give both latitude and longitude, or neither")
    place = {
        "location": location,
        "latitude": None if lat in (None, "") else _number(lat, "latitude", -90, 90),
        "longitude": None if lon in (None, "") else _number(lon, "longitude", -180, 180),
        "admin1": _text(value.get("admin1"), "admin1"),
        "country": _text(value.get("country"), "country"),
    }
    return place


def field_value(event: Event, field: str) -> Any:
    """The JSON value of ``field`` on ``event`` (the old value of a correction)."""
    if field == "event_date":
        return event.event_date.isoformat() if event.event_date else None
    if field == "place":
        return {
            "location": event.location or event.location_raw,
            "latitude": event.latitude,
            "longitude": event.longitude,
            "admin1": event.admin1,
            "country": event.country,
        }
    return getattr(event, field)


def _set(event: Event, field: str, value: Any) -> None:
    if field == "sub_event_type":
        event.sub_event_type = value
        event.event_type = _parents().get(value, event.event_type)
    elif field in _ACTOR_FIELDS:
        setattr(event, field, value)
    elif field == "event_date":
        event.event_date = date.fromisoformat(value) if value else None
        event.time_precision = 1 if value else None
    elif field == "fatalities":
        event.fatalities = int(value)
        # the sources' range stays, widened to hold the analyst's figure
        event.fatalities_low = min(event.fatalities_low, event.fatalities)
        event.fatalities_high = max(event.fatalities_high, event.fatalities)
    elif field == "place":
        event.location = value["location"]
        event.latitude, event.longitude = value["latitude"], value["longitude"]
        event.admin1 = value["admin1"]
        event.admin2 = event.admin3 = None
        if value["country"]:
            event.country = value["country"]
        event.geo_precision = 1 if value["latitude"] is not None else None
        event.geo_step = "analyst"
    event.notes = make_notes(event)


def _mids(event: Event) -> set[str]:
    return {m.mention_id for m in event.mentions}


def _fix_type(event: Event) -> Event:
    # a merge across event types keeps the majority sub-type: its event type must follow
    event.event_type = _parents().get(event.sub_event_type, event.event_type)
    return event


def apply_corrections(events: list[Event], corrections: Sequence[Correction]) -> list[Event]:
    """The events after the analyst's ``corrections`` (in their order): merges and splits first, then
    field corrections, so a field corrected before a merge holds on the merged event.

    A correction whose mentions are no longer stored (their articles replaced) is skipped, with a log line.
    """
    out = list(events)
    for c in corrections:
        if c.action == "merge":
            wanted = set(c.mention_ids)
            hit = [e for e in out if _mids(e) & wanted]
            if len(hit) >= 2:
                merged = _fix_type(build_event([m for e in hit for m in e.mentions]))
                out = [e for e in out if not any(e is h for h in hit)] + [merged]
        elif c.action == "split":
            part = set(c.mention_ids)
            rest = set(c.old or []) - part
            for i, e in enumerate(out):
                mine = [m for m in e.mentions if m.mention_id in part]
                others = [m for m in e.mentions if m.mention_id not in part]
                if mine and others and any(m.mention_id in rest for m in others):
                    out[i : i + 1] = [_fix_type(build_event(others)), _fix_type(build_event(mine))]
                    break
    for c in corrections:
        if c.action != "set":
            continue
        anchor = set(c.mention_ids)
        best, overlap = None, 0
        for e in out:
            n = len(_mids(e) & anchor)
            if n > overlap:
                best, overlap = e, n
        if best is None:
            log.warning(
                "correction %s (%s of %s) applies to no stored event: skipped", c.id, c.field, c.event_id
            )
            continue
        _set(best, c.field, c.new)
    out.sort(key=lambda e: (e.event_date is None, e.event_date or date.min, e.event_id))
    return out


# ---------------------------------------------------------------------------------------------- operations
def _stored_event(store, event_id: str) -> Event:
    found = store.get_event(event_id)
    if found is None:
        raise NotFound(f"no event {event_id!r} is stored")
    return found.events[0]


def _refuse(store, correction: Correction) -> Correction:
    from .pipeline import refuse_store  # the pipeline applies corrections after every fusion

    refuse_store(store, add_corrections=[correction])
    log.info(
        "correction %s: %s %s of %s by %s",
        correction.id,
        correction.action,
        correction.field or "",
        correction.event_id,
        correction.who,
    )
    return correction


def correct_event(store, event_id: str, field: str, value: Any, who: str | None = None) -> Correction:
    """Set ``field`` of the stored event ``event_id`` to ``value`` (validated, see :data:`FIELDS`), store
    the correction (who, when, old and new value) and re-fuse. Raises :class:`NotFound` or
    :class:`CorrectionError`."""
    new = normalise_value(field, value)
    event = _stored_event(store, event_id)
    old = field_value(event, field)
    if old == new:
        raise CorrectionError(f"{field} of {event_id} is already {new!r}")
    c = Correction("set", event_id, sorted(_mids(event)), _who(who), _now(), field, old, new)
    return _refuse(store, c)


def merge_events(store, event_ids: Sequence[str], who: str | None = None) -> Correction:
    """Merge the stored events ``event_ids`` (two or more) into one and re-fuse; the merge holds through
    every later fusion. Returns the correction (``new`` is the merged event's id)."""
    ids = list(dict.fromkeys(event_ids))
    if len(ids) < 2:
        raise CorrectionError("a merge needs two or more different events")
    found = [_stored_event(store, eid) for eid in ids]
    mids = sorted(set().union(*(_mids(e) for e in found)))
    c = Correction("merge", event_id_for(mids), mids, _who(who), _now(), None, ids, event_id_for(mids))
    return _refuse(store, c)


def split_event(store, event_id: str, mention_ids: Sequence[str], who: str | None = None) -> Correction:
    """Split the mentions ``mention_ids`` off the stored event ``event_id`` into an event of their own and
    re-fuse; they stay apart from the rest through every later fusion. ``new`` holds both events' ids."""
    event = _stored_event(store, event_id)
    have = _mids(event)
    part = sorted(set(mention_ids))
    if not part:
        raise CorrectionError("name the mentions to split off")
    if not set(part) <= have:
        raise CorrectionError(f"not mentions of {event_id}: {', '.join(sorted(set(part) - have))}")
    if set(part) == have:
        raise CorrectionError("a split must leave at least one mention in the event")
    rest = sorted(have - set(part))
    new = [event_id_for(rest), event_id_for(part)]
    c = Correction("split", event_id, part, _who(who), _now(), None, sorted(have), new)
    return _refuse(store, c)


def corrections_for(store, event: Event) -> list[Correction]:
    """The stored corrections that touch ``event`` (share a mention with it), oldest first."""
    mids = _mids(event) or {s.mention_id for s in event.sources if s.mention_id}
    return [c for c in store.corrections() if mids & set(c.mention_ids) or event.event_id in _ids_named(c)]


def _ids_named(c: Correction) -> set[str]:
    ids = {c.event_id}
    for v in (c.old, c.new):
        if isinstance(v, str):
            ids.add(v)
        elif isinstance(v, list):
            ids.update(x for x in v if isinstance(x, str))
    return ids


def export_corrections(store) -> dict:
    """Every correction as a JSON document: ``{"format": "sitrep-corrections/1", "exported_at", "corrections"}``."""
    return {
        "format": "sitrep-corrections/1",
        "exported_at": _now(),
        "corrections": [asdict(c) for c in store.corrections()],
    }


def safe_export_path(folder: str | os.PathLike, name: str) -> Path:
    """``folder/name`` for an export file, refusing any name that would leave ``folder`` (``..``, an
    absolute path, a separator, a symlink out) or that is not a plain ``.json`` / ``.csv`` / ``.geojson``
    file name. Raises :class:`CorrectionError`."""
    if (
        not isinstance(name, str)
        or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", name)
        or ".." in name
    ):
        raise CorrectionError("an export name is letters, digits, '.', '_' and '-' (no folders)")
    if not name.endswith((".json", ".csv", ".geojson")):
        raise CorrectionError("an export name ends in .json, .csv or .geojson")
    base = Path(folder).resolve()
    path = (base / name).resolve()
    if path.parent != base:
        raise CorrectionError("an export path must stay in its folder")
    return path


def write_corrections(store, path: str | os.PathLike) -> Path:
    """Write :func:`export_corrections` to ``path`` (JSON, UTF-8); returns the path."""
    path = Path(path)
    path.write_text(
        json.dumps(export_corrections(store), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return path
