"""Measure the geo stage on the ACLED dev set (notes text -> first event location -> coordinates).

For each row: run :func:`find_places` on the notes, resolve all places of the note in one call with
``country_hint``, take the first event location that is not a bare country, and compare with ACLED's
lat/lon and admin1. Nothing here writes gazetteer entries: ACLED rows are only read for comparison.
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EvalError
from ..records import GeoResult
from .distance import haversine_km
from .gazetteer import canonical_admin1
from .geocoder import pick_event_location
from .mentions import find_places
from .normalize import alias_key


@dataclass(slots=True)
class GeoEvalReport:
    """Agreement with ACLED on one slice of rows."""

    rows: int = 0
    with_mention: int = 0
    resolved: int = 0
    p1_rows: int = 0
    p1_within_10km: int = 0
    p2_rows: int = 0
    p2_within_25km: int = 0
    admin1_rows: int = 0
    admin1_agree: int = 0
    mentions_resolved: int = 0
    resolve_seconds: float = 0.0
    steps: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, float | int | dict]:
        """Shares (0..1) and counts."""

        def share(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0

        return {
            "rows": self.rows,
            "mention_found": share(self.with_mention, self.rows),
            "resolved": share(self.resolved, self.rows),
            "p1_within_10km": share(self.p1_within_10km, self.p1_rows),
            "p2_within_25km": share(self.p2_within_25km, self.p2_rows),
            "admin1_agree": share(self.admin1_agree, self.admin1_rows),
            "mentions_per_s": round(self.mentions_resolved / self.resolve_seconds, 1)
            if self.resolve_seconds
            else 0,
            "steps": dict(sorted(self.steps.items())),
        }


def measure_acled(
    path: str | Path,
    geocoder,
    *,
    years: tuple[int, int] | None = None,
    nlp=None,
    country_hint: str = "SY",
    limit: int | None = None,
) -> GeoEvalReport:
    """Geocode the notes of the ACLED csv at ``path`` (rows with ``years[0] <= year <= years[1]``)."""
    if nlp is None:
        from ..nlp import load

        nlp = load()
    path = Path(path)
    if not path.exists():
        raise EvalError(f"ACLED file not found: {path}")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if years is None or years[0] <= int(r["year"]) <= years[1]]
    if limit:
        rows = rows[:limit]
    rep = GeoEvalReport()
    notes = [r["notes"] for r in rows]
    for row, doc in zip(rows, nlp.pipe(notes, batch_size=64), strict=True):
        rep.rows += 1
        places = [p for sent in doc.sents for p in find_places(sent)]
        t0 = time.perf_counter()
        results = geocoder.resolve(places, country_hint=country_hint)
        rep.resolve_seconds += time.perf_counter() - t0
        rep.mentions_resolved += len(places)
        if not places:
            chosen = None
        else:
            picked = pick_event_location(places, results)
            chosen = picked[1] if picked else GeoResult(raw="")
        prec = int(row["geo_precision"] or 0)
        rep.p1_rows += prec == 1
        rep.p2_rows += prec == 2
        rep.admin1_rows += 1
        if chosen is None:
            rep.steps["no mention"] = rep.steps.get("no mention", 0) + 1
            continue
        rep.with_mention += 1
        rep.steps[chosen.step] = rep.steps.get(chosen.step, 0) + 1
        if chosen.latitude is None:
            continue
        rep.resolved += 1
        d = haversine_km(chosen.latitude, chosen.longitude, float(row["latitude"]), float(row["longitude"]))
        if prec == 1 and d <= 10:
            rep.p1_within_10km += 1
        if prec == 2 and d <= 25:
            rep.p2_within_25km += 1
        _, acled_a1 = canonical_admin1("SY", None, row["admin1"])
        if chosen.admin1 and alias_key(chosen.admin1) == alias_key(acled_a1 or ""):
            rep.admin1_agree += 1
    return rep
