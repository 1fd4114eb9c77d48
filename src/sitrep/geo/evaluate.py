"""Measure the geo stage on the ACLED dev set (notes text -> first event location -> coordinates).

For each row: run :func:`find_places` on the notes, resolve all places of the note in one call with
``country_hint``, take the first event location that is not a bare country, and compare with ACLED's
lat/lon and admin1. Nothing here writes gazetteer entries: ACLED rows are only read for comparison.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..records import GeoResult
from .distance import haversine_km
from .gazetteer import canonical_admin1, country_keys
from .geocoder import pick_event_location
from .mentions import find_places
from .normalize import alias_key, exact_key


@dataclass(slots=True)
class GeoEvalReport:
    """Agreement with ACLED on one slice of rows, and the speed of the geo stage."""

    path: str = ""
    split: str = "all"
    rows: int = 0
    with_mention: int = 0
    resolved: int = 0
    p1_rows: int = 0
    p1_within_10km: int = 0
    #: precision-1 rows whose ACLED place name is in the gazetteer within 10 km of ACLED's point: the
    #: share of rows any geoparser could get right with this gazetteer
    p1_name_in_gazetteer: int = 0
    p1_in_gazetteer_within_10km: int = 0
    p2_rows: int = 0
    p2_within_25km: int = 0
    admin1_rows: int = 0
    admin1_agree: int = 0
    mentions: int = 0
    find_seconds: float = 0.0
    resolve_seconds: float = 0.0
    steps: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, float | int | dict]:
        """Shares (0..1), counts and throughput."""

        def share(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0

        return {
            "path": self.path,
            "split": self.split,
            "rows": self.rows,
            "mention_found": share(self.with_mention, self.rows),
            "resolved": share(self.resolved, self.rows),
            "p1_rows": self.p1_rows,
            "p1_within_10km": share(self.p1_within_10km, self.p1_rows),
            "p1_name_in_gazetteer": share(self.p1_name_in_gazetteer, self.p1_rows),
            "p1_within_10km_when_in_gazetteer": share(
                self.p1_in_gazetteer_within_10km, self.p1_name_in_gazetteer
            ),
            "p2_rows": self.p2_rows,
            "p2_within_25km": share(self.p2_within_25km, self.p2_rows),
            "admin1_agree": share(self.admin1_agree, self.admin1_rows),
            "mentions": self.mentions,
            "resolve_mentions_per_s": round(self.mentions / self.resolve_seconds, 1)
            if self.resolve_seconds
            else 0,
            "geo_stage_mentions_per_s": round(self.mentions / (self.resolve_seconds + self.find_seconds), 1)
            if self.resolve_seconds + self.find_seconds
            else 0,
            "steps": dict(sorted(self.steps.items())),
        }

    def to_json(self) -> str:
        return json.dumps(self.summary(), indent=2)

    def to_text(self) -> str:
        s = self.summary()
        lines = [f"geo evaluation of {s['path']} (split: {s['split']}, {s['rows']} rows)"]
        for key, value in s.items():
            if key not in ("path", "split", "rows", "steps"):
                lines.append(f"  {key:<34} {value}")
        lines.append(
            "  answering step of the chosen place: " + ", ".join(f"{k} {v}" for k, v in s["steps"].items())
        )
        return "\n".join(lines)


def _name_in_gazetteer(geocoder, name: str, lat: float, lon: float) -> bool:
    return any(
        e.latitude is not None and haversine_km(e.latitude, e.longitude, lat, lon) <= 10
        for e in geocoder.entries_named(name)
    )


def measure_acled(
    path: str | Path,
    geocoder,
    *,
    split: str = "all",
    nlp=None,
    country_hint: str = "SY",
    limit: int | None = None,
    progress=None,
) -> GeoEvalReport:
    """Geocode the notes of the ACLED csv at ``path`` (rows of ``split``, as ``sitrep eval acled``).

    The geo stage alone: place mentions of the parsed notes (:func:`find_places`), resolved in one call per
    note, the event's place chosen by :func:`pick_event_location`. Parsing is not timed; finding mentions
    and resolving them are, separately.
    """
    from ..eval.acled import read_rows
    from ..nlp import parse_texts

    if nlp is None:
        from ..nlp import load

        nlp = load()
    rows = read_rows(path, split=split, limit=limit)
    rep = GeoEvalReport(path=str(path), split=split)
    notes = [r["notes"] for r in rows]
    for row, doc in zip(rows, parse_texts(nlp, notes, batch_size=64), strict=True):
        rep.rows += 1
        t0 = time.perf_counter()
        places = [p for sent in doc.sents for p in find_places(sent)]
        t1 = time.perf_counter()
        cc = country_keys().get(exact_key(row.get("country") or "")) or country_hint
        results = geocoder.resolve(places, country_hint=cc)
        rep.resolve_seconds += time.perf_counter() - t1
        rep.find_seconds += t1 - t0
        rep.mentions += len(places)
        if progress is not None:
            progress(row)
        if not places:
            chosen = None
        else:
            picked = pick_event_location(places, results)
            chosen = picked[1] if picked else GeoResult(raw="")
        prec = int(row["geo_precision"] or 0)
        lat, lon = float(row["latitude"]), float(row["longitude"])
        rep.p1_rows += prec == 1
        rep.p2_rows += prec == 2
        in_gazetteer = prec == 1 and _name_in_gazetteer(geocoder, row["location"], lat, lon)
        rep.p1_name_in_gazetteer += in_gazetteer
        rep.admin1_rows += 1
        if chosen is None:
            rep.steps["no mention"] = rep.steps.get("no mention", 0) + 1
            continue
        rep.with_mention += 1
        rep.steps[chosen.step] = rep.steps.get(chosen.step, 0) + 1
        if chosen.latitude is None:
            continue
        rep.resolved += 1
        d = haversine_km(chosen.latitude, chosen.longitude, lat, lon)
        if prec == 1 and d <= 10:
            rep.p1_within_10km += 1
            rep.p1_in_gazetteer_within_10km += in_gazetteer
        if prec == 2 and d <= 25:
            rep.p2_within_25km += 1
        _, acled_a1 = canonical_admin1(cc, None, row["admin1"])
        if chosen.admin1 and alias_key(chosen.admin1) == alias_key(acled_a1 or ""):
            rep.admin1_agree += 1
    return rep
