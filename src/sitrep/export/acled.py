"""ACLED export columns that sitrep derives from event fields: disorder type, inter codes, region, iso.

The mappings live in ``data/acled_export.yml``; actor kinds come from ``data/actors.yml`` when present.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from importlib import resources

import yaml

from ..records import Event

log = logging.getLogger(__name__)


def _load(name: str) -> dict:
    path = resources.files("sitrep.data").joinpath(name)
    if not path.is_file():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


@cache
def conventions() -> dict:
    """The content of ``data/acled_export.yml``."""
    return _load("acled_export.yml")


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str:
    """ACLED's disorder type of an event type / sub-event type ("" when unknown)."""
    d = conventions()["disorder_type"]
    if sub_event_type in d["by_sub_event_type"]:
        return d["by_sub_event_type"][sub_event_type]
    return d["by_event_type"].get(event_type, "")


def region(country: str | None) -> str:
    """ACLED's region of a country ("" when unknown)."""
    return (conventions()["countries"].get(country or "") or {}).get("region", "")


def iso_numeric(country: str | None) -> int | None:
    """ISO 3166-1 numeric code of a country, as ACLED's ``iso`` column (None when unknown)."""
    return (conventions()["countries"].get(country or "") or {}).get("iso")


def _names(name: object) -> list[str]:
    """Every concrete name of an actors.yml ``name`` (a string, a country mapping or a period list)."""
    if isinstance(name, str):
        return [name]
    if isinstance(name, dict):
        if "name" in name:
            return _names(name["name"])
        return [n for value in name.values() for n in _names(value)]
    if isinstance(name, list):
        return [n for item in name for n in _names(item)]
    return []


@cache
def _actor_kinds() -> list[tuple[re.Pattern, str]]:
    """(name pattern, kind) of every actor in data/actors.yml; "{country}" matches any country."""
    out = []
    for entry in _load("actors.yml").get("actors", []) or []:
        kind = entry.get("kind")
        if not kind:
            continue
        for name in _names(entry.get("name")):
            pattern = re.escape(name).replace(re.escape("{country}"), r"[^()]+")
            out.append((re.compile(f"^{pattern}$", re.IGNORECASE), kind))
    return out


@cache
def _patterns() -> list[tuple[re.Pattern, int]]:
    return [
        (re.compile(p["pattern"], re.IGNORECASE), int(p["inter"])) for p in conventions()["inter"]["patterns"]
    ]


def inter_code(actor: str | None, country: str | None = None) -> int | None:
    """ACLED's inter code of an actor (1 state forces ... 8 external/other), None when it cannot be told.

    State forces are 1 in their own country (the event's ``country``) and 8 abroad.
    """
    if not actor:
        return None
    inter = conventions()["inter"]
    state = inter["state_forces"]
    m = re.match(state["pattern"], actor)
    if m:
        home = m.group("country").strip().lower()
        if country is None:
            return int(state["home"])
        return int(state["home"] if home == country.strip().lower() else state["abroad"])
    for pattern, code in _patterns():
        if pattern.search(actor):
            return code
    for pattern, kind in _actor_kinds():
        if pattern.match(actor):
            code = inter["kinds"].get(kind)
            return int(code) if code is not None else None
    return None


def interaction(inter1: int | None, inter2: int | None) -> str:
    """ACLED's numeric interaction code: the two inter codes, lower first ("13"); a sole actor gives "10"."""
    if inter1 is None:
        return ""
    if inter2 is None:
        return f"{inter1}0"
    lo, hi = sorted((inter1, inter2))
    return f"{lo}{hi}"


def event_iso(event: Event) -> int | None:
    """The event's ISO numeric code, from the geocoder or else from its country."""
    return event.iso if event.iso is not None else iso_numeric(event.country)
